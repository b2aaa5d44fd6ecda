#!/usr/bin/env bash
# Runs examples/shards/dask_shards.py for real and checks that the merged
# shards are, byte for byte, the report of one `hudna score` run:
#
#   1. the bundled gold (annotations/), extractor `command:python3 examples/extractor.py`
#   2. the bundled gold, the built-in baseline
#   3. a `hudna synth --docs 40` corpus, extractor `file:` (its pred/ directory)
#
# each in N=4 shards on a local Dask cluster (2 worker processes, loopback,
# no dashboard). Makes its own venv (examples/shards/.venv, or $VENV) with
# `dask[distributed]` and builds hudna in release mode (default features).
#
#   examples/shards/run_dask.sh        # from anywhere; exit 0 when all three match
#
# Exit status: 0 every merged report equals its single run; 1 otherwise (or a
# failed step). Leaves no process behind (the recipe closes its cluster in a
# `finally`; this script checks).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VENV="${VENV:-$ROOT/examples/shards/.venv}"
SHARDS="${SHARDS:-4}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/hudna-dask.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

step() { printf '\n== %s\n' "$*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f s", b - a }'; }

step "venv $VENV with dask[distributed]"
t=$(now)
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check 'dask[distributed]'
"$VENV/bin/python" -c 'import dask, distributed; print("dask", dask.__version__, "distributed", distributed.__version__)' >&2
echo "venv ready in $(since "$t")" >&2

step "cargo build --release"
t=$(now)
cargo build --release --locked --quiet
HUDNA="${CARGO_TARGET_DIR:-$ROOT/target}/release/hudna"
[ -x "$HUDNA" ] || { echo "no binary at $HUDNA" >&2; exit 1; }
echo "built in $(since "$t")" >&2

step "synth corpus: 40 documents"
"$HUDNA" synth --docs 40 --seed 7 --out "$WORK/synth" >&2

failures=0

# check NAME GOLD EXTRACTOR: the recipe in $SHARDS shards, then one run, then cmp.
check() {
    local name="$1" gold="$2" extractor="$3" out="$WORK/$1" t
    step "$name: --gold $gold --extractor '$extractor', $SHARDS shards on Dask"
    t=$(now)
    "$VENV/bin/python" examples/shards/dask_shards.py \
        --hudna "$HUDNA" --gold "$gold" --extractor "$extractor" \
        --shards "$SHARDS" --out "$out"
    echo "recipe: $(since "$t") (cluster start and stop included)" >&2
    t=$(now)
    "$HUDNA" score --gold "$gold" --extractor "$extractor" --format json -o "$out/single.json"
    echo "one run: $(since "$t")" >&2
    if cmp "$out/merged.json" "$out/single.json"; then
        echo "$name: merged.json == single run ($(wc -c <"$out/single.json") bytes, $(sha256sum <"$out/single.json" | cut -c1-16))" >&2
    else
        echo "$name: MISMATCH between merged.json and the single run" >&2
        diff <("$VENV/bin/python" -m json.tool "$out/merged.json") \
             <("$VENV/bin/python" -m json.tool "$out/single.json") | head -40 >&2 || true
        failures=$((failures + 1))
    fi
}

check gold-command annotations 'command:python3 examples/extractor.py'
check gold-baseline annotations baseline
check synth-files "$WORK/synth/gold" "file:$WORK/synth/pred"

step "leftover processes"
# Anything still running from the venv's python (Dask scheduler, workers,
# nannies) or from the hudna binary would be a leak.
sleep 1
left="$(ps -eo pid=,args= | grep -F -e "$VENV/bin/python" -e "$HUDNA" | grep -v -F grep || true)"
if [ -n "$left" ]; then
    echo "left behind:" >&2
    echo "$left" >&2
    failures=$((failures + 1))
else
    echo "none" >&2
fi

if [ "$failures" -ne 0 ]; then
    echo "FAILED: $failures check(s)" >&2
    exit 1
fi
echo "OK: every merged report equals its single run, byte for byte" >&2
