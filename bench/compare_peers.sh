#!/usr/bin/env bash
# Reproducible speed and agreement comparison of `hudna score --matching greedy`
# with nervaluate 1.2.1 on the same synthetic corpus. Creates its own
# virtualenv (bench/.venv, git-ignored), builds hudna in release mode, and
# writes bench/results/peers.json. Usage: bench/compare_peers.sh [DOCS...]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=bench/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet 'nervaluate==1.2.1'
fi
cargo build --release --quiet
"$VENV/bin/python" bench/compare_peers.py target/release/hudna "$@"
