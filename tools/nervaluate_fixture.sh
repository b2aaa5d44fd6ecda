#!/usr/bin/env bash
# Regenerate tests/fixtures/nervaluate/cases.json with a pinned nervaluate
# (with --min-overlap P,P,... : tests/fixtures/nervaluate/min_overlap.json).
# Makes its own virtualenv outside the repository (override with
# NERVALUATE_VENV), installs nervaluate from PyPI and runs the generator.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=1.2.1
VENV="${NERVALUATE_VENV:-/tmp/hudna-venv-nervaluate}"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
if [ "$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("nervaluate"))' 2>/dev/null)" != "$VERSION" ]; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "nervaluate==$VERSION"
fi

mkdir -p tests/fixtures/nervaluate
exec "$VENV/bin/python" tools/nervaluate_fixture.py "$@"
