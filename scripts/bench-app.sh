#!/usr/bin/env bash
# Whole-app measurements of the release build, in the throwaway desktop
# (scripts/desktop-session.sh): memory of the process trees (agent, window), start-up to the
# painted inbox, webhook → notification latency, API requests per minute.
# The measuring code is tests/e2e/bench.rs (an ignored e2e test). Prints the
# figures and appends them to docs/benchmarks.md. Takes about 10 minutes.
#   scripts/bench-app.sh
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

echo "== build (release app and simulator; the e2e harness)"
cargo build --release --locked -p deskbell -p deskbell-agent -p blinger-sim
# The harness starts the simulator from beside the debug app, and Cargo builds
# the test target against the debug app: both are needed to run it at all.
cargo build --locked -p blinger-sim
cargo test --locked --features e2e --test e2e --no-run

echo "== measuring (Xvfb, private D-Bus, keyring, dunst)"
# Other work on the machine skews the timings: the load is recorded with them.
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
DESKBELL_E2E_APP="$CARGO_TARGET_DIR/release/deskbell" DESKBELL_BENCH_OUT="$out" \
  "$REPO_ROOT/scripts/desktop-session.sh" \
  cargo test --locked --features e2e --test e2e -- \
  --ignored --exact bench::whole_app_figures --test-threads=1 --nocapture >&2

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
mem="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
os="$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-Linux}")"
section="$(mktemp)"
{
  echo
  echo "## Whole app (release build)"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`scripts/bench-app.sh\` on $(nproc) cores"
  echo "($cpu), $mem, $os, under Xvfb with a private D-Bus, gnome-keyring and dunst. App:"
  echo "\`cargo build --release -p deskbell -p deskbell-agent\`; the simulator and the measuring test are debug builds."
  echo "Load average (1/5/15 min) before: $load_before; after: $load_after."
  cat "$out"
} >"$section"
cat "$section"
cat "$section" >>docs/benchmarks.md
rm -f "$section"
echo "(appended to docs/benchmarks.md)" >&2
