#!/usr/bin/env bash
# The tray agent over a long run with customers writing: one Blinger account on
# the simulator (its own process, demo data, customers writing 4 messages a
# minute, a new conversation every 75 s; 10 s polls, a notification for each) in
# the throwaway desktop, whose notification server keeps every notification, as
# GNOME's does. Every minute: the agent's RSS, PSS and threads. Prints the table
# and the growth from the first minute to the last.
#   scripts/soak-agent.sh [minutes=60] [agent binary=the release build]
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
minutes="${1:-60}"

if [[ -z "${DESKBELL_IN_SESSION:-}" ]]; then
  cargo build --release --locked -p blinger-sim >&2
  [[ -n "${2:-}" ]] || cargo build --release --locked -p deskbell-agent >&2
  exec "$REPO_ROOT/scripts/desktop-session.sh" "$0" "$minutes" "${2:-$CARGO_TARGET_DIR/release/deskbell-agent}"
fi
agent="$2"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$CARGO_TARGET_DIR/release/blinger-sim" --listen "127.0.0.1:$port" --token soak-token \
  --demo --live 4 --seed 7 >"$HOME/sim.log" 2>&1 &
sim=$!
export DESKBELL_CONFIG_DIR="$HOME/config" DESKBELL_CACHE_DIR="$HOME/cache"
echo soak-token | "$agent" account add --provider blinger --name Support \
  --api-url "http://127.0.0.1:$port/api" --operator-id 1 >&2
"$agent" 2>"$HOME/agent.log" &
pid=$!
trap 'kill $pid $sim 2>/dev/null || true' EXIT
kib() { awk -v f="$1:" '$1 == f {print $2}' "/proc/$pid/smaps_rollup"; }
# Anonymous memory apart: most of the RSS is the program's own code and libraries,
# file pages faulted in as more code runs (shared, reclaimable), not the heap.
anon() { awk '$1 == "RssAnon:" {print $2}' "/proc/$pid/status"; }
echo "| minute | RSS (KiB) | anonymous (KiB) | PSS (KiB) | threads | notifications so far |"
echo "|---|---|---|---|---|---|"
first="" last=""
start=$SECONDS
for minute in $(seq 1 "$minutes"); do
  # On the minute from the start, whatever the readings cost.
  wait_s=$((start + 60 * minute - SECONDS))
  ((wait_s > 0)) && sleep "$wait_s"
  kill -0 "$pid" || { cat "$HOME/agent.log" >&2; echo "the agent died" >&2; exit 1; }
  rss="$(kib Rss)" pss="$(kib Pss)"
  shown="$(dunstctl count history 2>/dev/null || echo 0)"
  shown=$((shown + $(dunstctl count displayed 2>/dev/null || echo 0) + $(dunstctl count waiting 2>/dev/null || echo 0)))
  echo "| $minute | $rss | $(anon) | $pss | $(ls "/proc/$pid/task" | wc -l) | $shown |"
  first="${first:-$rss}" last="$rss"
done
awk -v a="$first" -v b="$last" -v m="$minutes" \
  'BEGIN {printf "RSS from minute 1 to minute %d: %.1f → %.1f MiB (%+.1f %%)\n", m, a / 1024, b / 1024, 100 * (b - a) / a}'
