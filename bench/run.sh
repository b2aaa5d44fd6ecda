#!/usr/bin/env bash
# hudna's benchmarks, in one run: hudna score / validate, a parse-only floor
# (examples/parse_floor.rs) and nervaluate 1.2.1 side by side on `hudna synth`
# corpora; writes BENCHMARKS.md and bench/results/benchmarks.json.
#
# Usage: bench/run.sh [--quick] [--no-peers] [--reps N] [--big-reps N] [--keep]
#
#   (no arguments)  reproduces BENCHMARKS.md: corpora of 10,000 documents
#                   entities only, 10,000 all layers, 100,000 all layers
#                   (~3.6 GB on disk, deleted after use); 3 repetitions each
#   --quick         1,000 / 1,000 / 10,000 documents, 1 repetition; writes to
#                   $TARGET/bench/quick/ instead of the repository
#   --no-peers      skip nervaluate (no virtualenv, no agreement check)
#   --reps N        repetitions per corpus (median taken); --big-reps N for
#                   the largest corpus only
#   --keep          keep the corpora in $TARGET/bench/corpora
#
# Environment: BENCH_ENT_DOCS, BENCH_ALL_DOCS, BENCH_BIG_DOCS (corpus sizes;
# BENCH_BIG_DOCS=0 skips the large corpus), BENCH_REPS, BENCH_BIG_REPS,
# BENCH_SEED (synth seed, default 1), BENCH_PROFILE=0 (no perf profiles of
# the 10,000-document scores), CARGO_TARGET_DIR.
#
# nervaluate runs in its own virtualenv, bench/.venv (git-ignored), created
# on first use. Wall time is taken around each process; peak RSS from
# /usr/bin/time -f %M (for nervaluate: inside Python, around its scoring
# call alone, RSS from getrusage). CPU time is user + system from
# /usr/bin/time (%U %S): on 2 cores, wall time also depends on how well a
# tool keeps both busy, CPU time is the work.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ARGS=("$@")

ENT_DOCS=${BENCH_ENT_DOCS:-10000}
ALL_DOCS=${BENCH_ALL_DOCS:-10000}
BIG_DOCS=${BENCH_BIG_DOCS:-100000}
REPS=${BENCH_REPS:-3}
BIG_REPS=${BENCH_BIG_REPS:-}
SEED=${BENCH_SEED:-1}
PEERS=1
PROFILE=${BENCH_PROFILE:-1}
KEEP=0
QUICK=0
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT_MD=$ROOT/BENCHMARKS.md
OUT_JSON=$ROOT/bench/results/benchmarks.json

while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --no-peers) PEERS=0 ;;
    --reps) REPS=$2; shift ;;
    --big-reps) BIG_REPS=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$QUICK" = 1 ]; then
  ENT_DOCS=1000 ALL_DOCS=1000 BIG_DOCS=10000 REPS=1 BIG_REPS=1
  OUT_MD=$TARGET/bench/quick/BENCHMARKS.md
  OUT_JSON=$TARGET/bench/quick/benchmarks.json
fi
BIG_REPS=${BIG_REPS:-$REPS}

WORK=$TARGET/bench
RAW=$WORK/raw
CORPORA=$WORK/corpora
rm -rf "$RAW"
mkdir -p "$RAW" "$CORPORA" "$(dirname "$OUT_MD")" "$(dirname "$OUT_JSON")"
: >"$RAW/runs.jsonl"
: >"$RAW/corpora.jsonl"
CURRENT=""
cleanup() { if [ "$KEEP" = 0 ] && [ -n "$CURRENT" ]; then rm -rf "$CURRENT"; fi; }
trap cleanup EXIT

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- build (once) -------------------------------------------------------------
log "building hudna and the parse-only floor (release)"
cargo build --release --quiet
cargo build --release --quiet --example parse_floor
HUDNA=$TARGET/release/hudna
FLOOR=$TARGET/release/examples/parse_floor

PY=python3
if [ "$PEERS" = 1 ]; then
  VENV=bench/.venv
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import nervaluate' 2>/dev/null; then
    log "creating $VENV with nervaluate 1.2.1"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'nervaluate==1.2.1'
  fi
  PY=$VENV/bin/python
fi

# --- measuring ----------------------------------------------------------------
# measure CORPUS TOOL REP CMD...: one process, its wall time and peak RSS
# appended to runs.jsonl; its stdout is discarded, a failure stops the run.
measure() {
  local corpus=$1 tool=$2 rep=$3 t0 t1 e m
  shift 3
  t0=$(date +%s%N)
  /usr/bin/time -f '%e %M %U %S' -o "$RAW/time.txt" "$@" >/dev/null
  t1=$(date +%s%N)
  read -r e m u s <"$RAW/time.txt"
  printf '{"corpus":"%s","tool":"%s","rep":%d,"wall_s":%s,"time_e":%s,"rss_kb":%d,"cpu_s":%s}\n' \
    "$corpus" "$tool" "$rep" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b-a)/1e9}')" "$e" "$m" \
    "$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')" \
    >>"$RAW/runs.jsonl"
  log "  $corpus $tool #$rep: $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", (b-a)/1e9}') s, $((m / 1024)) MB"
}

# profile CORPUS CMD...: where one more run of CMD spends its CPU, from a
# perf sampling profile with DWARF call stacks, each sample put in a stage by
# the functions on its stack (bench.py profile). Skipped, with the reason in
# the report, where perf is missing or not allowed to sample.
profile() {
  local corpus=$1
  shift
  if ! command -v perf >/dev/null 2>&1; then
    echo '{"skipped": "perf is not installed"}' >"$RAW/profile-$corpus.json"
    log "  $corpus: no profile (perf is not installed)"
    return
  fi
  if ! perf record -q -F 499 --call-graph dwarf,16384 -o "$RAW/perf-$corpus.data" -- "$@" \
    >/dev/null 2>"$RAW/perf-$corpus.log"; then
    echo '{"skipped": "perf record failed (see perf_event_paranoid)"}' >"$RAW/profile-$corpus.json"
    log "  $corpus: no profile (perf record failed: $(tail -1 "$RAW/perf-$corpus.log"))"
    return
  fi
  perf script -i "$RAW/perf-$corpus.data" -F ip,sym 2>/dev/null |
    python3 bench/bench.py profile "$RAW/profile-$corpus.json"
  rm -f "$RAW/perf-$corpus.data"
  log "  $corpus: profiled ($(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["samples"])' "$RAW/profile-$corpus.json") samples)"
}

# run_corpus NAME DOCS LAYERS REPS
run_corpus() {
  local name=$1 docs=$2 layers=$3 reps=$4 dir rep
  dir=$CORPORA/$name
  rm -rf "$dir"
  CURRENT=$dir
  log "$name: hudna synth --docs $docs --layers $layers --seed $SEED"
  "$HUDNA" synth --docs "$docs" --layers "$layers" --seed "$SEED" --out "$dir" >/dev/null 2>&1
  # Untimed warm-up read (page cache), and the corpus's counts.
  "$FLOOR" "$dir" >"$RAW/floor-$name.json"
  python3 - "$RAW/floor-$name.json" "$name" "$docs" "$layers" >>"$RAW/corpora.jsonl" <<'EOF'
import json, sys
f = json.load(open(sys.argv[1]))
docs, layers = int(sys.argv[3]), sys.argv[4]
label = f"{'Entities only' if layers == 'entities' else 'All layers'}, {docs:,} documents"
print(json.dumps({"name": sys.argv[2], "docs": docs, "layers": layers, "label": label,
                  "files": f["files"], "bytes": f["bytes"], "gold_records": f["gold_records"],
                  "gold_spans": f["gold_entities"], "pred_records": f["pred_records"]}, ensure_ascii=False))
EOF
  local score=("$HUDNA" score --gold "$dir/gold" --extractor "file:$dir/pred")
  if [ "$name" = ent ]; then
    "${score[@]}" --resamples 0 --matching greedy --format json -o "$RAW/hudna-greedy.json"
  fi
  # The floor over gold only: a copy-free view of the corpus, pred/ empty.
  mkdir -p "$dir/gold-only/pred"
  ln -s ../gold "$dir/gold-only/gold"
  for rep in $(seq 1 "$reps"); do
    measure "$name" floor "$rep" "$FLOOR" "$dir"
    measure "$name" floor_gold "$rep" "$FLOOR" "$dir/gold-only"
    measure "$name" floor_records "$rep" "$FLOOR" --records "$dir"
    measure "$name" score "$rep" "${score[@]}" --resamples 0
    if [ "$name" = ent ]; then
      measure "$name" score_greedy "$rep" "${score[@]}" --resamples 0 --matching greedy
    fi
    measure "$name" score_boot "$rep" "${score[@]}" --resamples 1000
    measure "$name" validate "$rep" "$HUDNA" validate "$dir/gold"
    if [ "$name" = ent ] && [ "$PEERS" = 1 ]; then
      "$PY" bench/bench.py nervaluate "$dir" "$RAW/nervaluate-$rep.json"
      python3 - "$RAW/nervaluate-$rep.json" "$rep" >>"$RAW/runs.jsonl" <<'EOF'
import json, sys
n = json.load(open(sys.argv[1]))
print(json.dumps({"corpus": "ent", "tool": "nervaluate", "rep": int(sys.argv[2]), "wall_s": round(n["wall_s"], 4),
                  "rss_kb": n["rss_kb"], "rss_kb_after_input": n["rss_kb_after_input"]}))
EOF
      log "  ent nervaluate #$rep: $(tail -1 "$RAW/runs.jsonl")"
    fi
  done
  if [ "$name" != big ] && [ "$PROFILE" = 1 ]; then
    profile "$name" "${score[@]}" --resamples 0
  fi
  if [ "$name" = ent ] && [ "$PEERS" = 1 ]; then
    if python3 bench/bench.py agree "$RAW/nervaluate-1.json" "$RAW/hudna-greedy.json" >"$RAW/agreement.json"; then
      log "  nervaluate and hudna --matching greedy agree on every count"
    else
      log "  nervaluate and hudna --matching greedy DISAGREE (see BENCHMARKS.md)"
    fi
  fi
  if [ "$KEEP" = 0 ]; then log "$name: deleting the corpus"; rm -rf "$dir"; fi
  CURRENT=""
}

# The commit whose source was built (taken before the run, which is long).
COMMIT=$(git rev-parse --short=12 HEAD)
DIRTY=$(git status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock examples | head -1)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
run_corpus ent "$ENT_DOCS" entities "$REPS"
run_corpus all "$ALL_DOCS" all "$REPS"
if [ "$BIG_DOCS" -gt 0 ]; then
  run_corpus big "$BIG_DOCS" all "$BIG_REPS"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
log "writing the report"

# --- report -------------------------------------------------------------------
CMD="bench/run.sh"
for v in BENCH_ENT_DOCS BENCH_ALL_DOCS BENCH_BIG_DOCS BENCH_REPS BENCH_BIG_REPS BENCH_SEED; do
  if [ -n "${!v:-}" ]; then CMD="$v=${!v} $CMD"; fi
done
if [ ${#ARGS[@]} -gt 0 ]; then CMD="$CMD ${ARGS[*]}"; fi
export CMD START LOAD_BEFORE LOAD_AFTER SEED REPS BIG_REPS PEERS
export RUSTC_V NVAL_V PY_V COMMIT DIRTY
RUSTC_V=$(rustc --version)
NVAL_V=""; PY_V=""
if [ "$PEERS" = 1 ]; then
  NVAL_V=$("$PY" -c 'from importlib.metadata import version; print(version("nervaluate"))')
  PY_V=$("$PY" -c 'import platform; print(platform.python_version())')
fi
python3 - >"$RAW/meta.json" <<'EOF'
import json, os, re
env = os.environ
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
reps, big = env["REPS"], env["BIG_REPS"]
print(json.dumps({
    "command": env["CMD"], "date": env["START"], "commit": env["COMMIT"], "dirty": bool(env["DIRTY"]),
    "machine": {"nproc": os.cpu_count(), "cpu": cpu, "mem": f"{mem_kb / 1024 / 1024:.1f} GiB"},
    "load_before": env["LOAD_BEFORE"], "load_after": env["LOAD_AFTER"], "rustc": env["RUSTC_V"],
    "python": env["PY_V"], "nervaluate": env["NVAL_V"], "seed": int(env["SEED"]),
    "reps": int(reps), "big_reps": int(big),
    "reps_note": f"{reps} per corpus" if reps == big else f"{reps} per corpus, {big} on the largest",
    "corpus_names": {"entities": "ent", "all": "all", "big": "big"},
}))
EOF
python3 bench/bench.py report "$RAW" "$OUT_MD" "$OUT_JSON"
log "wrote $OUT_MD and $OUT_JSON"
if [ -f "$RAW/agreement.json" ] && ! python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["agree"] else 1)' "$RAW/agreement.json"; then
  log "nervaluate counts disagree with hudna --matching greedy"
  exit 1
fi
