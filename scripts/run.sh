#!/usr/bin/env bash
# Installs what Deskbell needs, builds it and starts it. With no account set up it
# opens the built-in demo server (a simulated Blinger inbox with live customers).
#   scripts/run.sh [deskbell args…]     e.g. --minimized, --demo
set -euo pipefail
. "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/install-deps.sh"
cd "$REPO_ROOT"
cargo build --release --locked -p deskbell -p deskbell-agent
exec "$CARGO_TARGET_DIR/release/deskbell" "$@"
