#!/usr/bin/env bash
# Benchmarks on generated data (results go to docs/BENCHMARKS.md by hand, with the machine).
#   scripts/bench.sh [customers]        local store: search and mutations (default 100000);
#                                       FAIRDESK_BENCH_DB=<file> keeps the database and measures
#                                       an existing one again, FAIRDESK_BENCH_ONLY=<query> one query
#   scripts/bench.sh sync [customers]   sync server: push throughput, initial sync
#   scripts/bench.sh initial [customers]  the first sync of a whole company (DESIGN §9: 100000
#                                       customers, 20000 products, 200000 orders with lines,
#                                       holds and stock moves) beside raw SQLite, same run
#   scripts/bench.sh sales [ledger]     pricing, quote PDF, stock over a large ledger, 50-line
#                                       order submit with that ledger (1000000)
#   scripts/bench.sh tracking [n]       the server's tracking round over n open parcels against the
#                                       stand-in 快递100 service, pushes with and without it (10000)
#   scripts/bench.sh aging [n]          the 应收 report's rules over n receivables and 1.5 n
#                                       payments (200000), and one customer's statement
#   scripts/bench.sh payment            收款 on account allocated over 50 open deliveries
#   scripts/bench.sh invoices [n]       the 数电票 batch workbook of n invoices × 20 lines (1000)
#   scripts/bench.sh devices [n]        n desks syncing against one server at once (200)
#   scripts/bench.sh desk               the release app in a real window (Xvfb): cold start to
#                                       the first screen, memory (PSS) of it and WebKit
#   scripts/bench.sh chaos [desks] [steps]  the chaos harness at a big size (20 desks × 10000
#                                       steps): throughput, time to converge, every invariant
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/scripts/env.sh"
cd "$here"
if [ "${1:-}" = desk ]; then
  "$here/scripts/setup.sh"
  "$here/scripts/build-ui.sh"
  cargo build --locked --release -p fairdesk-app
  export FAIRDESK_APP="$CARGO_TARGET_DIR/release/fairdesk"
  exec keyctl session - xvfb-run -a -s "-screen 0 1366x768x24" dbus-run-session -- \
    cargo test --locked -p fairdesk-e2e --test desk_bench -- --ignored --nocapture
fi
if [ "${1:-}" = chaos ]; then
  "$here/scripts/setup.sh"
  export FAIRDESK_CHAOS_DESKS="${2:-20}" FAIRDESK_CHAOS_STEPS="${3:-10000}"
  export FAIRDESK_CHAOS_SEED="${FAIRDESK_CHAOS_SEED:-random}"
  exec cargo test --locked --release -p fairdesk-server --test chaos \
    chaos_many_desks -- --nocapture
fi
cargo run --locked --release -p fairdesk-bench -- "$@"
