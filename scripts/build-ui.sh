#!/usr/bin/env bash
# Builds the Leptos UI to wasm and lays out ui/dist for the Tauri shell.
# rustup's wasm32 target is used when installed (the normal route on a developer's PC);
# otherwise Debian's rustc-web route (DESIGN §11): build-std with wasm-ld.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/scripts/env.sh"
cd "$here/ui"
target=wasm32-unknown-unknown
if rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  cargo build --locked --release --target "$target" --target-dir "$UI_TARGET_DIR"
else
  RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22 \
    /usr/bin/cargo build --locked --release --target "$target" \
      -Z build-std=std,panic_abort --target-dir "$UI_TARGET_DIR"
fi
rm -rf dist && mkdir -p dist
wasm-bindgen --target web --no-typescript --out-name fairdesk_ui --out-dir dist/pkg \
  "$UI_TARGET_DIR/$target/release/fairdesk-ui.wasm"
cp index.html main.js style.css dist/
echo "ui: $(du -sh dist | cut -f1) in ui/dist"
