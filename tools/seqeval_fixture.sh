#!/usr/bin/env bash
# Regenerate tests/fixtures/seqeval/cases.json with a pinned seqeval.
# Makes its own virtualenv outside the repository (override with
# SEQEVAL_VENV), installs seqeval from PyPI and runs the generator; extra
# arguments go to tools/seqeval_fixture.py (--seed, --cases, --out).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=1.2.2
VENV="${SEQEVAL_VENV:-/tmp/hudna-venv-seqeval}"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
if [ "$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("seqeval"))' 2>/dev/null)" != "$VERSION" ]; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "seqeval==$VERSION"
fi

mkdir -p tests/fixtures/seqeval
exec "$VENV/bin/python" tools/seqeval_fixture.py "$@"
