#!/usr/bin/env bash
# Load the Hugging Face export (hf/) with `datasets` and pandas, as a user
# would, and check it against annotations/ (tools/hf_check.py says how).
# Makes its own virtualenv (override with HF_VENV); datasets runs offline
# with a throw-away cache, so nothing is fetched but the packages. Run by
# .ci/run; under a minute on a clean machine (most of it pip).
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

# A fresh cache each run: datasets would otherwise answer from a cache made
# of an earlier export.
HF_HOME="$(mktemp -d)"
trap 'rm -rf "$HF_HOME"' EXIT
export HF_HOME HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
"$VENV/bin/python" tools/hf_check.py .
