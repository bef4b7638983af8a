#!/usr/bin/env bash
# Runs every test of the project. Installs what it needs first.
set -euo pipefail
. "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/install-deps.sh" --test
cd "$REPO_ROOT"

echo "== format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --features e2e --locked -- -D warnings

echo "== Rust tests (clients, simulator, core, app)"
cargo test --workspace --locked

echo "== UI tests (ui/ in headless Chromium, IPC mocked; pure logic with node:test)"
node --test tests/ui/*.test.mjs

echo "== end-to-end (the app under Xvfb: WebDriver, simulator, D-Bus, keyring)"
"$REPO_ROOT/scripts/e2e.sh"
