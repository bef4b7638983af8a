#!/usr/bin/env bash
# The tray agent's footprint with the demo inbox (live customers, 10 s polls), in
# the throwaway desktop (scripts/desktop-session.sh: private D-Bus, dunst, keyring):
# PSS and RSS of its whole process tree once settled, and its CPU share over a
# stretch after that.
#   scripts/bench-agent.sh [settle_secs=60] [cpu_secs=300]
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
settle="${1:-60}" cpu_secs="${2:-300}"

if [[ -z "${DESKBELL_IN_SESSION:-}" ]]; then
  cargo build --release --locked -p deskbell-agent >&2
  exec "$REPO_ROOT/scripts/desktop-session.sh" "$0" "$settle" "$cpu_secs"
fi

# The process and every descendant.
tree() { local p; for p in "$@"; do echo "$p"; tree $(pgrep -P "$p" || true); done; }
# Sum of one smaps_rollup field over the tree, in KiB.
field() { local sum=0 p v; for p in $(tree "$1"); do
  v=$(awk -v f="$2:" '$1 == f {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
  sum=$((sum + ${v:-0})); done; echo "$sum"; }
# User + system CPU ticks of the tree.
ticks() { local sum=0 p; for p in $(tree "$1"); do
  sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$sum"; }

export DESKBELL_CONFIG_DIR="$HOME/config" DESKBELL_CACHE_DIR="$HOME/cache"
"$CARGO_TARGET_DIR/release/deskbell-agent" --demo 2>"$HOME/agent.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep "$settle"
kill -0 "$pid" || { cat "$HOME/agent.log" >&2; echo "the agent died" >&2; exit 1; }
pss=$(field "$pid" Pss) rss=$(field "$pid" Rss)
t0=$(ticks "$pid") s0=$SECONDS
sleep "$cpu_secs"
t1=$(ticks "$pid") s1=$SECONDS
hz=$(getconf CLK_TCK)
cpu=$(awk -v t=$((t1 - t0)) -v hz="$hz" -v s=$((s1 - s0)) 'BEGIN {printf "%.3f", 100 * t / hz / s}')
pss_end=$(field "$pid" Pss) rss_end=$(field "$pid" Rss)
# Shown so far: on screen, waiting, or in dunst's history.
notified=$(dunstctl count 2>/dev/null | awk -F: '{n += $2} END {print n + 0}')
# The tray icon as a tray host would read it off the bus.
item=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
  --method org.freedesktop.DBus.ListNames | grep -o "org.kde.StatusNotifierItem-$pid-[0-9]*" | head -1 || true)
if [[ -n "$item" ]]; then
  for prop in Status ToolTip; do
    echo "tray $prop: $(gdbus call --session --dest "$item" --object-path /StatusNotifierItem \
      --method org.freedesktop.DBus.Properties.Get org.kde.StatusNotifierItem "$prop" | cut -c1-120)" >&2
  done
else
  echo "no tray item on the bus" >&2
fi
grep -E "WARN|ERROR" "$HOME/agent.log" | sort | uniq -c | head -5 >&2 || true
printf 'agent --demo, %s processes: after %ss PSS %.1f MiB, RSS %.1f MiB; after %ss more PSS %.1f MiB, RSS %.1f MiB; CPU %s %% of one core over those %ss; notifications shown: %s\n' \
  "$(tree "$pid" | wc -l)" "$settle" "$(echo "$pss / 1024" | bc -l)" "$(echo "$rss / 1024" | bc -l)" \
  "$cpu_secs" "$(echo "$pss_end / 1024" | bc -l)" "$(echo "$rss_end / 1024" | bc -l)" "$cpu" "$cpu_secs" "$notified"
