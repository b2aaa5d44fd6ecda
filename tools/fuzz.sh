#!/usr/bin/env bash
# Fuzzes every target in fuzz/ for SECONDS each (default 600), one after
# the other, with libFuzzer through cargo-fuzz. Only the stable toolchain
# is certain here, so the build uses RUSTC_BOOTSTRAP=1 and no sanitizer
# (libFuzzer's coverage instrumentation still guides it; a panic or an
# assertion in hudna::fuzzing is the crash). New corpus entries go to
# fuzz/corpus/<target>/ (minimise with `cargo fuzz cmin` before committing),
# crashes to fuzz/artifacts/<target>/: commit them, and
# tests/fuzz_replay.rs replays them on stable from then on.
#
#   tools/fuzz.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(record_line numbers baseline gate_config report conll)
fi
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-/tmp/hudna-fuzz-target}
for t in "${targets[@]}"; do
    echo "== $t ($secs s)"
    cargo fuzz run --sanitizer none "$t" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=4096 -timeout=20 \
        2>&1 | grep -E "^(#[0-9]+.*(DONE|pulse)|==|SUMMARY|Done)" || true
done
