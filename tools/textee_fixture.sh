#!/usr/bin/env bash
# Regenerate tests/fixtures/textee/ with TextEE's event scorer.
#
# TextEE's scorer is not kept in this repository: point TEXTEE_SCORER at
# TextEE/scorer.py of a checkout of github.com/ej0cl6/TextEE at the commit in
# tools/peers/textee/PROVENANCE.md (the generator checks its sha256).
# Makes its own virtualenv outside the repository (override with
# TEXTEE_VENV) and installs ipdb, which the scorer imports.
set -euo pipefail
cd "$(dirname "$0")/.."

IPDB_VERSION=0.13.13
VENV="${TEXTEE_VENV:-/tmp/hudna-venv-textee}"
PYTHON="${PYTHON:-python3}"
: "${TEXTEE_SCORER:?set TEXTEE_SCORER to TextEE/scorer.py (see tools/peers/textee/PROVENANCE.md)}"

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
if [ "$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("ipdb"))' 2>/dev/null)" != "$IPDB_VERSION" ]; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "ipdb==$IPDB_VERSION"
fi

exec "$VENV/bin/python" tools/textee_fixture.py --scorer "$TEXTEE_SCORER" "$@"
