#!/usr/bin/env bash
# Scores an extractor in N shards as a Slurm job array, then merges them in a
# job that starts only when every shard has succeeded.
#
#   examples/shards/slurm_shards.sh [N]      # on a login node, from the repository root
#
# Each array task i runs
#   hudna score --gold G --extractor E --shard i/N --format json -o OUT/parts/part-i.json
# and the dependent job (afterok: every task exited 0) runs
#   hudna merge OUT/parts/part-*.json --format json -o OUT/merged.json
# which is, byte for byte, the report of one `hudna score` run.
#
# Settings (environment): GOLD, EXTRACTOR, HUDNA (a binary every node can
# run), OUT (on a filesystem every node shares), SCORE_ARGS (more `hudna
# score` options, the same for every shard, e.g. "--resamples 2000"), and
# SBATCH_ARGS (partition, account, GPUs… for the shard jobs, e.g.
# "--partition=gpu --gres=gpu:1"). The jobs start in the directory this is run
# from, so relative paths (and a relative `command:` extractor) resolve there.
set -euo pipefail

N="${1:-4}"
export N
export GOLD="${GOLD:-annotations}"
export EXTRACTOR="${EXTRACTOR:-command:python3 examples/extractor.py}"
export HUDNA="${HUDNA:-target/release/hudna}"
export OUT="${OUT:-hudna-shards}"
export SCORE_ARGS="${SCORE_ARGS:-}"
mkdir -p "$OUT/parts" "$OUT/logs"

# One array task per shard: the extractor's cost is spread over the tasks.
# shellcheck disable=SC2086  # SBATCH_ARGS is a list of options
JOBID=$(sbatch --parsable --job-name=hudna-shard --array="1-$N" \
    --ntasks=1 --cpus-per-task=2 --time=04:00:00 \
    --output="$OUT/logs/shard-%a.out" ${SBATCH_ARGS:-} <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
I="$SLURM_ARRAY_TASK_ID"
# shellcheck disable=SC2086  # SCORE_ARGS is a list of options
exec "$HUDNA" score --gold "$GOLD" --extractor "$EXTRACTOR" $SCORE_ARGS \
    --shard "$I/$N" --format json -o "$OUT/parts/part-$I.json"
EOF
)
JOBID="${JOBID%%;*}"  # --parsable prints "id" or "id;cluster"

# The merge: cheap, and only after every shard exited 0.
MERGE=$(sbatch --parsable --job-name=hudna-merge --dependency="afterok:$JOBID" \
    --ntasks=1 --cpus-per-task=2 --time=00:30:00 \
    --output="$OUT/logs/merge.out" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
exec "$HUDNA" merge "$OUT"/parts/part-*.json --format json -o "$OUT/merged.json"
EOF
)
MERGE="${MERGE%%;*}"

echo "shards: array job $JOBID (1-$N) · merge: job $MERGE (afterok:$JOBID) -> $OUT/merged.json"
