#!/usr/bin/env bash
# Load the Hugging Face export (hf/) with `datasets` and pandas, as a user
# would, and check it against annotations/ (tools/hf_check.py says how).
# Makes its own virtualenv (override with HF_VENV); the datasets cache and
# hub settings stay under target/ and offline, so nothing is fetched but
# the packages. Run by .ci/run; about a minute on a clean machine.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${HF_VENV:-target/hf-venv}"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
# datasets reads `configs:` from a card since 2.14; pyyaml parses the card here.
if ! "$VENV/bin/python" -c 'import datasets, pandas, yaml' 2>/dev/null; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'datasets>=2.14' pandas pyyaml
fi

export HF_HOME="$PWD/target/hf-home"
export HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
exec "$VENV/bin/python" tools/hf_check.py .
