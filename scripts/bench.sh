#!/usr/bin/env bash
# Benchmarks on generated data (results go to docs/BENCHMARKS.md by hand, with the machine).
#   scripts/bench.sh [customers]        local store: search and mutations (default 100000)
#   scripts/bench.sh sync [customers]   sync server: push throughput, initial sync
#   scripts/bench.sh sales [ledger]     pricing, quote PDF, stock over a large ledger, 50-line
#                                       order submit with that ledger (1000000)
#   scripts/bench.sh devices [n]        n desks syncing against one server at once (200)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/scripts/env.sh"
cd "$here"
cargo run --locked --release -p fairdesk-bench -- "$@"
