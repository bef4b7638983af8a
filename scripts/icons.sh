#!/usr/bin/env bash
# Regenerates the desktop icon set (PNG sizes, .ico for Windows, .icns for macOS)
# from the one source, icons/icon.svg, with the Tauri CLI. The tray's own
# monochrome-friendly icon (icons/tray.png) is drawn separately and kept.
#   scripts/icons.sh
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
[[ -x node_modules/.bin/tauri ]] || npm ci --no-audit --no-fund
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx tauri icon icons/icon.svg -o "$out" >/dev/null 2>&1
# Only what desktop bundles use: no Android, iOS or Windows Store tiles.
for f in 32x32.png 64x64.png 128x128.png 128x128@2x.png icon.png icon.ico icon.icns; do
  cp "$out/$f" "icons/$f"
done
ls -l icons
