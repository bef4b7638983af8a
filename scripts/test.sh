#!/usr/bin/env bash
# Runs every test of the project. Installs what it needs first.
set -euo pipefail
. "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/install-deps.sh" --test
cd "$REPO_ROOT"

echo "== format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --features e2e --locked -- -D warnings
cargo fmt --manifest-path fuzz/Cargo.toml --check
cargo clippy --manifest-path fuzz/Cargo.toml --all-targets --locked -- -D warnings
node scripts/lint-workflows.mjs

echo "== Windows and macOS (cross check: clippy -D warnings for both targets)"
"$REPO_ROOT/scripts/cross.sh"

echo "== Windows build under Wine (the agent: accounts in Credential Manager, polling)"
"$REPO_ROOT/scripts/wine.sh"

echo "== Rust tests (clients, simulator, core, app)"
cargo test --workspace --locked

echo "== fuzz smoke (each decoder 10 s; the long run: README, Fuzzing)"
"$REPO_ROOT/scripts/fuzz.sh" 10

echo "== UI tests (ui/ in headless Chromium, IPC mocked; pure logic with node:test)"
node --test tests/ui/*.test.mjs

echo "== end-to-end (the app under Xvfb: WebDriver, simulator, D-Bus, keyring)"
"$REPO_ROOT/scripts/e2e.sh"
