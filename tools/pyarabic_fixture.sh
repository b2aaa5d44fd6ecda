#!/usr/bin/env bash
# Regenerates tests/fixtures/numbers/pyarabic.json: what pyarabic's number
# module reads for each line of tests/fixtures/numbers/words.txt.
#
# The reference runs in its own virtualenv (outside the repo, so nothing to
# ignore), pinned to one pyarabic release so the fixture is reproducible.
# Override the location with PYARABIC_VENV=/some/dir.
#
# Usage: tools/pyarabic_fixture.sh
# Then:  cargo test --test numbers_pyarabic
set -euo pipefail

PYARABIC_VERSION=0.6.15
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
venv="${PYARABIC_VENV:-/tmp/hudna-pyarabic-venv}"
python="${PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('pyarabic') != '$PYARABIC_VERSION')" 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pyarabic==$PYARABIC_VERSION"
fi

"$venv/bin/python" "$here/pyarabic_fixture.py" \
    "$root/tests/fixtures/numbers/words.txt" \
    "$root/tests/fixtures/numbers/pyarabic.json"
