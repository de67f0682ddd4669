#!/usr/bin/env bash
# Builds everything and opens Fairdesk on its local database (in the user's data directory).
#   scripts/run.sh          an empty desk, optimised build (what a clerk would run)
#   scripts/run.sh --demo   with the demo company (customers, quotes, orders) on first start
#   scripts/run.sh --dev    the debug build instead (faster to rebuild while developing);
#                           combine with --demo as needed
# FAIRDESK_DATA_DIR=/some/dir keeps the database elsewhere.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/scripts/env.sh"
profile=release
args=()
for a in "$@"; do
  if [ "$a" = "--dev" ]; then profile=debug; else args+=("$a"); fi
done
"$here/scripts/setup.sh"
"$here/scripts/build-ui.sh"
cd "$here"
if [ "$profile" = release ]; then
  cargo build --locked --release -p fairdesk-app
else
  cargo build --locked -p fairdesk-app
fi
exec "$CARGO_TARGET_DIR/$profile/fairdesk" "${args[@]}"
