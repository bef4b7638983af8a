#!/usr/bin/env bash
# Installs what building, running and testing Deskbell needs on Debian/Ubuntu.
# Idempotent and quick when everything is already there.
#   scripts/install-deps.sh          build + run
#   scripts/install-deps.sh --test   also the test tools (Xvfb, WebDriver, Chromium, keyring, D-Bus)
set -euo pipefail
. "$(dirname "$0")/env.sh"

BUILD_PKGS=(build-essential pkg-config curl libssl-dev libwebkit2gtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev libdbus-1-dev nodejs npm)
TEST_PKGS=(xvfb webkit2gtk-driver dbus dbus-x11 dunst gnome-keyring keyutils
  imagemagick chromium libglib2.0-bin libsecret-tools systemd x11-utils python3)
# The Windows and macOS cross check (scripts/cross.sh): Debian's Rust with the
# standard library's sources, so std is built for targets rustup cannot fetch here;
# mingw-w64 links the Windows build and Wine runs it (scripts/wine.sh).
CROSS_PKGS=(rustc-web cargo-web rust-web-src rust-web-clippy gcc-mingw-w64-x86-64 wine64)

pkgs=("${BUILD_PKGS[@]}")
[[ "${1:-}" == "--test" ]] && pkgs+=("${TEST_PKGS[@]}" "${CROSS_PKGS[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from elsewhere (nodesource, nvm): accept any working ones.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  # Ubuntu has no rustc-web: there the cross check takes rustup's targets instead.
  for p in "${CROSS_PKGS[@]}"; do
    if [[ " ${missing[*]} " == *" $p "* ]] && ! apt-cache show "$p" >/dev/null 2>&1; then
      echo "Not in this system's archive: $p (scripts/cross.sh falls back to rustup)"
      missing=("${missing[@]/$p}")
    fi
  done
  read -r -a missing <<<"${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  if [[ -x "$HOME/.cargo/bin/cargo" ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "Installing the Rust toolchain (rustup)…"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
if command -v rustup >/dev/null; then
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
fi

# WebDriver bridge for the end-to-end tests: tauri-driver → WebKitWebDriver (webkit2gtk-driver).
if [[ "${1:-}" == "--test" ]] && ! command -v tauri-driver >/dev/null &&
  [[ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]]; then
  echo "Installing tauri-driver…"
  cargo install tauri-driver --locked
fi

# npm dev packages (API mock server, UI test driver, Tauri CLI): exact versions from the lock file.
cd "$REPO_ROOT"
if [[ -f package-lock.json ]] && ! npm ls --silent >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error
fi
