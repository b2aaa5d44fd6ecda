#!/usr/bin/env bash
# Remakes the README's HTML example: the baseline on the first article of
# the bundled gold (shard 1 of 5), and a screenshot of its article view.
#   tools/example-report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
./target/release/hudna score --shard 1/5 --html docs/example-report.html >/dev/null
if command -v chromium >/dev/null 2>&1; then
    tmp=$(mktemp -d)
    # The article view only: hide the score sections for the picture.
    sed 's|</style>|section.layer{display:none}</style>|' docs/example-report.html >"$tmp/a.html"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$tmp/profile" --window-size=1100,1300 \
        --screenshot="$PWD/docs/example-report.png" "file://$tmp/a.html" 2>/dev/null
    rm -rf "$tmp"
else
    echo "chromium is not installed: the screenshot was not remade" >&2
fi
