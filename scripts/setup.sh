#!/usr/bin/env bash
# Installs everything Fairdesk needs to build, run and test, idempotently.
# Debian/Ubuntu: system packages via apt. Rust: the rustup toolchain that is already there.
# wasm: rustup's wasm32 target when available, otherwise Debian's rustc-web route (DESIGN §11).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$here/scripts/env.sh"

need_apt=()
apt_pkgs=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver imagemagick
  fonts-noto-cjk x11-utils dbus-x11 dbus-daemon poppler-utils zbar-tools postgresql keyutils
  python3-aiosmtpd)
# npm fetches the print font; any Node.js that brings npm will do.
command -v npm >/dev/null || apt_pkgs+=(npm)
# The Debian wasm route is only needed when rustup has no wasm32 target.
if ! rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
  if ! timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    apt_pkgs+=(rustc-web cargo-web rust-web-src lld-22)
  fi
fi
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# wasm-bindgen CLI: its version must equal the wasm-bindgen crate in ui/Cargo.lock.
wb_ver=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$here/ui/Cargo.lock")
if [ "$("$TOOLS_DIR/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$wb_ver" ]; then
  echo "setup: installing wasm-bindgen-cli $wb_ver"
  cargo install -q --root "$TOOLS_DIR" wasm-bindgen-cli --version "$wb_ver"
fi
# tauri-driver for the end-to-end tests in a real window.
if [ ! -x "$TOOLS_DIR/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install -q --root "$TOOLS_DIR" tauri-driver --locked
fi
# Noto Sans SC for printed documents (DESIGN §10): from its npm package, kept in the cache so
# a fresh clone only copies it; the licence travels with the font files.
font_pkg="@expo-google-fonts/noto-sans-sc@0.4.3"
fonts="$here/assets/fonts"
if [ ! -s "$fonts/NotoSansSC-Regular.ttf" ] || [ ! -s "$fonts/NotoSansSC-Bold.ttf" ]; then
  mkdir -p "$FAIRDESK_CACHE/fonts" "$fonts"
  tgz="$FAIRDESK_CACHE/fonts/noto-sans-sc-0.4.3.tgz"
  if [ ! -s "$tgz" ]; then
    echo "setup: fetching $font_pkg"
    (cd "$FAIRDESK_CACHE/fonts" && npm pack -q "$font_pkg" >/dev/null && mv expo-google-fonts-noto-sans-sc-0.4.3.tgz "$tgz")
  fi
  unpack="$(mktemp -d)"
  tar xzf "$tgz" -C "$unpack" package/400Regular/NotoSansSC_400Regular.ttf \
    package/700Bold/NotoSansSC_700Bold.ttf package/LICENSE_FONT
  cp "$unpack/package/400Regular/NotoSansSC_400Regular.ttf" "$fonts/NotoSansSC-Regular.ttf"
  cp "$unpack/package/700Bold/NotoSansSC_700Bold.ttf" "$fonts/NotoSansSC-Bold.ttf"
  cp "$unpack/package/LICENSE_FONT" "$fonts/OFL.txt"
  rm -rf "$unpack"
fi
echo "setup: ok"
