#!/usr/bin/env bash
# Runs every test: formatting, lints, domain and store tests on real SQLite files, the Tauri
# commands through tauri::test, and the end-to-end test of the app in a real window (Xvfb,
# tauri-driver + WebKitWebDriver). Installs what it needs first (scripts/setup.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/scripts/env.sh"
"$here/scripts/setup.sh"
"$here/scripts/build-ui.sh"
cd "$here"

echo "== format and lints"
cargo fmt --all --check
(cd ui && cargo fmt --check)
cargo clippy --workspace --all-targets --locked -- -D warnings
# The UI is linted for the host (its own target dir): same rules, no wasm toolchain needed.
(cd ui && cargo clippy --locked --target-dir "$UI_TARGET_DIR/native" -- -D warnings)

# Every cargo test's output also goes to a log, for the total printed at the end.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

echo "== unit, store and command tests"
cargo build --locked -p fairdesk-app
cargo test --workspace --locked --exclude fairdesk-e2e 2>&1 | tee -a "$log"

echo "== end to end, in a real window"
export FAIRDESK_APP="$CARGO_TARGET_DIR/debug/fairdesk"
export FAIRDESK_SCREENSHOTS="$FAIRDESK_CACHE/screenshots"
# keyctl session: a fresh kernel session keyring for the app's OS-keyring token store.
keyctl session - xvfb-run -a -s "-screen 0 1920x1080x24" \
  dbus-run-session -- cargo test --locked -p fairdesk-e2e -- --test-threads=1 2>&1 | tee -a "$log"

# One closing line for the whole run (cargo prints one per test binary).
awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }' "$log"
