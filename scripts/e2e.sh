#!/usr/bin/env bash
# End-to-end tests: builds the app and the Blinger simulator, then runs the e2e
# test target (tests/e2e/) inside a throwaway desktop (scripts/desktop-session.sh).
#   scripts/e2e.sh                      all e2e tests
#   scripts/e2e.sh smoke -- --nocapture a filter and libtest flags, as for cargo test
# Failed tests leave screenshots and page sources in $CARGO_TARGET_DIR/e2e-shots/
# and the simulator's, driver's and app's output in $CARGO_TARGET_DIR/e2e-logs/.
# DESKBELL_E2E_APP=/path/to/deskbell drives another build (e.g. a release binary).
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

command -v tauri-driver >/dev/null || [[ -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]] ||
  { echo "tauri-driver is missing: run scripts/install-deps.sh --test" >&2; exit 1; }

echo "== build (app, simulator, e2e tests)"
# The test build also builds the app binary it drives (CARGO_BIN_EXE_deskbell);
# the agent (which the window starts) and the simulator are other packages'
# binaries, so they are built explicitly, beside it.
cargo build --locked -p blinger-sim -p deskbell-agent
cargo test --locked --features e2e --test e2e --no-run

echo "== e2e tests (Xvfb, private D-Bus, keyring, dunst)"
rm -rf "$CARGO_TARGET_DIR/e2e-shots" "$CARGO_TARGET_DIR/e2e-logs"
# One test at a time: the window is single-instance per D-Bus session.
filter=()
while (($#)) && [[ "$1" != "--" ]]; do filter+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
exec "$REPO_ROOT/scripts/desktop-session.sh" \
  cargo test --locked --features e2e --test e2e -- --test-threads=1 "${filter[@]}" "$@"
