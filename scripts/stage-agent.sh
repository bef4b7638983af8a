#!/usr/bin/env bash
# Builds the tray agent (release) and stages it where the Tauri bundler takes an
# external binary from: $CARGO_TARGET_DIR/sidecar/deskbell-agent-<triple>[.exe].
# Prints, on stdout, the `--config` JSON that hands it to `tauri build`; the
# bundler installs it beside the window's program under its plain name, where the
# window looks for it. Used by scripts/package.sh and the release workflow.
#   scripts/stage-agent.sh [triple]    default: this machine's
#   scripts/stage-agent.sh universal-apple-darwin   both Macs, joined by lipo
# With TAURI_SIGNING_PRIVATE_KEY set (CI secrets only), the JSON also asks for
# signed updater artifacts.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
host="$(rustc -vV | sed -n 's/^host: //p')"
triple="${1:-$host}"
sidecar="$CARGO_TARGET_DIR/sidecar"
mkdir -p "$sidecar"
exe=""
[[ "$triple" == *-windows-* ]] && exe=".exe"

built() { # the agent's path for one real target triple
  if [[ "$1" == "$host" ]]; then
    cargo build --release --locked -p deskbell-agent >&2
    echo "$CARGO_TARGET_DIR/release/deskbell-agent$exe"
  else
    cargo build --release --locked -p deskbell-agent --target "$1" >&2
    echo "$CARGO_TARGET_DIR/$1/release/deskbell-agent$exe"
  fi
}

if [[ "$triple" == universal-apple-darwin ]]; then
  arm="$(built aarch64-apple-darwin)"
  intel="$(built x86_64-apple-darwin)"
  lipo -create -output "$sidecar/deskbell-agent-$triple" "$arm" "$intel"
else
  cp "$(built "$triple")" "$sidecar/deskbell-agent-$triple$exe"
fi
echo "staged: $sidecar/deskbell-agent-$triple$exe" >&2

# Forward slashes on Windows too: the bundler accepts them and JSON needs no escapes.
base="${sidecar//\\//}/deskbell-agent"
if [[ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ]]; then
  printf '{"bundle":{"externalBin":["%s"],"createUpdaterArtifacts":true}}\n' "$base"
else
  printf '{"bundle":{"externalBin":["%s"]}}\n' "$base"
fi
