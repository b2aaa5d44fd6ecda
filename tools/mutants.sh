#!/usr/bin/env bash
# Mutation testing of the scoring core (src/score/), the same way each time.
#
#   tools/mutants.sh                                 # every scored file
#   tools/mutants.sh --file src/score/casualties.rs  # one file
#   tools/mutants.sh --shard 2/4                     # a quarter of them
#   tools/mutants.sh --iterate                       # only what the last run did not catch
#
# Extra arguments go to `cargo mutants` before its own `--`. Only mutants
# caught by real assertions count: insta snapshots are forced to pass
# (INSTA_FORCE_PASS=1, INSTA_UPDATE=no, so no .snap.new is written) and the
# README-output test is skipped. Default features only. Mutants that no
# test can catch because they do not change behaviour are listed, with the
# reason, in tools/mutants-equivalent.txt.
#
# Output goes to $MUTANTS_OUT (default target/mutants); cargo-mutants builds
# in its own copy of the tree, with its own target dir ($MUTANTS_TARGET,
# default /tmp/hudna-mutants-target) so dependencies are built once.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-mutants >/dev/null 2>&1; then
    cargo install cargo-mutants --locked
fi

out=${MUTANTS_OUT:-target/mutants}
mkdir -p "$out"
export CARGO_TARGET_DIR=${MUTANTS_TARGET:-/tmp/hudna-mutants-target}
export INSTA_FORCE_PASS=1 INSTA_UPDATE=no
# Less debug info: faster links, same behaviour.
export CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0

files=()
case " $* " in
*" --file "* | *" -f "* | *" --file="*) ;;
*)
    for f in mod layer counts spans casualties nervaluate assign sets events table bootstrap outcome; do
        files+=(--file "src/score/$f.rs")
    done
    ;;
esac

# The test targets that exercise the scoring core and its consumers (the
# aggregation table serves compare, gate and merge). Others only see it
# through the snapshot-pinned report or the README.
# Given as cargo args so that builds, too, are limited to them.
tests=(--cargo-arg=--lib)
for t in score_reference score_credit score_events_credit score_report nervaluate textee order_invariance compare shards report_trust gate explain; do
    if [ -f "tests/$t.rs" ]; then tests+=("--cargo-arg=--test=$t"); fi
done

status=0
cargo mutants --no-shuffle -j 1 --test-tool cargo --output "$out" \
    "${tests[@]}" "${files[@]}" "$@" \
    -- -- --skip the_readme_shows_the_current_baseline_scores ||
    status=$?

dir="$out/mutants.out"
n() { if [ -f "$dir/$1.txt" ]; then grep -c . "$dir/$1.txt" || true; else echo 0; fi; }
# With --iterate, mutants caught by an earlier run in the same output
# directory are not run again; cargo-mutants lists them in
# previously_caught.txt, and they count as caught.
caught=$(($(n caught) + $(n previously_caught)))
missed=$(n missed)
timeout=$(n timeout)
unviable=$(n unviable)
viable=$((caught + missed + timeout))
echo
echo "caught $caught, missed $missed, timeout $timeout, unviable $unviable"
if [ "$viable" -gt 0 ]; then
    # Timeouts count as caught, as cargo-mutants counts them.
    awk -v c="$caught" -v t="$timeout" -v v="$viable" \
        'BEGIN { printf "caught (with timeouts) %.1f%% of %d viable mutants\n", 100 * (c + t) / v, v }'
fi
if [ "$missed" -gt 0 ]; then
    echo "missed:"
    sed 's/^/  /' "$dir/missed.txt"
fi
# cargo-mutants exits 2 when mutants were missed, 3 on timeouts: report, then
# pass its status on.
exit "$status"
