#!/usr/bin/env bash
# The dataset card's five-article event agreement, produced by `hudna agree`:
# the gold as it was before adjudication (commit 49bfdd0) against the
# independent second reading in docs/agreement/second-reading/, per article
# and over all five. Writes docs/agreement/hudna-agree.md.
#   tools/card_agreement.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git archive 49bfdd0 annotations | tar -x -C "$tmp"
out=docs/agreement/hudna-agree.md
{
    echo "# Event agreement by \`hudna agree\` (gold before adjudication vs the second reading)"
    echo
    echo "Made by \`tools/card_agreement.sh\`. Only the event rows are an agreement figure: the"
    echo "second reading annotated events and the mentions they point to, not every entity or figure."
    for f in docs/agreement/second-reading/*.jsonl; do
        d=$(basename "$f" .jsonl)
        echo
        echo "## $d"
        echo
        ./target/release/hudna agree "$tmp/annotations/$d.jsonl" "$f" --articles annotations --format markdown | grep -E '^\|( layer|---| events)'
    done
    echo
    echo "## All five articles"
    echo
    ./target/release/hudna agree "$tmp/annotations" docs/agreement/second-reading --articles annotations --format markdown | grep -E '^\|( layer|---| events)'
} >"$out"
echo "wrote $out"
