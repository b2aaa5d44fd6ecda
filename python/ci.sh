#!/usr/bin/env bash
# Builds the hudna wheel and tests it as a user would get it:
#
#   1. a build venv with maturin (and pytest, pandas for a quick import check);
#   2. the `hudna` command in release, copied into the wheel's scripts
#      (hudna.data/scripts/), so `pip install` puts it on PATH;
#   3. `maturin build --release` (abi3: one wheel for CPython >= 3.9);
#   4. the wheel installed into a fresh venv with pytest and pandas;
#   5. pytest python/tests, run from outside the source tree so that
#      `import hudna` is the installed wheel, never python/hudna/.
#
# Reuses the cargo target directory ($CARGO_TARGET_DIR, default target/ at
# the repository root), so after `cargo build --release` only the binding
# itself is compiled. Venvs and wheels go under $CARGO_TARGET_DIR/python-ci.
# Prints the wheel's build time and size. Needs python3 (>= 3.9) with venv
# and pip, and network access to PyPI.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
work="$CARGO_TARGET_DIR/python-ci"
python="${PYTHON:-python3}"

step() { printf '\n-- python: %s\n' "$*"; }

# `python -m venv` runs ensurepip with its output captured and, when that
# fails, reports only the exit status. Making the venv without pip and then
# running ensurepip in the open shows the reason (a full disk, say) in the log.
new_venv() {
  "$python" -m venv --without-pip "$1"
  if ! "$1/bin/python" -m ensurepip --upgrade --default-pip >"$1.ensurepip.log" 2>&1; then
    echo "ensurepip failed in $1:" >&2
    tail -n 20 "$1.ensurepip.log" >&2
    df -h "$1" >&2 || true
    return 1
  fi
}

rm -rf "$work"
mkdir -p "$work"

step "build venv (maturin, pytest, pandas)"
new_venv "$work/build"
"$work/build/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.16,<2' pytest pandas

step "the hudna command (release), into the wheel's scripts"
(cd "$root" && cargo build --quiet --release --bin hudna)
mkdir -p "$here/hudna.data/scripts"
cp "$CARGO_TARGET_DIR/release/hudna" "$here/hudna.data/scripts/hudna"
if command -v strip >/dev/null 2>&1; then
  strip "$here/hudna.data/scripts/hudna"
fi

step "maturin build --release"
start=$(date +%s)
(cd "$here" && "$work/build/bin/maturin" build --release --strip --quiet --out "$work/wheels")
end=$(date +%s)
wheel=$(ls "$work"/wheels/hudna-*.whl)
size=$(du -k "$wheel" | cut -f1)
echo "wheel: $(basename "$wheel"), ${size} KiB, built in $((end - start)) s"

step "fresh venv: the wheel, pytest, pandas"
new_venv "$work/test"
"$work/test/bin/pip" install --quiet --disable-pip-version-check "$wheel" pytest pandas

step "pytest python/tests"
cd "$work"
HUDNA_REQUIRE_CLI=1 PYTHONDONTWRITEBYTECODE=1 \
  "$work/test/bin/python" -m pytest -q -p no:cacheprovider "$here/tests"
