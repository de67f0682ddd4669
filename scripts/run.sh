#!/usr/bin/env bash
# Builds everything and opens Fairdesk on its local database (in the user's data directory).
#   scripts/run.sh          an empty desk
#   scripts/run.sh --demo   with the demo company (about 200 customers) on first start
# FAIRDESK_DATA_DIR=/some/dir keeps the database elsewhere.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/scripts/env.sh"
"$here/scripts/setup.sh"
"$here/scripts/build-ui.sh"
cd "$here"
cargo build --locked -p fairdesk-app
exec "$CARGO_TARGET_DIR/debug/fairdesk" "$@"
