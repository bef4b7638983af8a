#!/usr/bin/env bash
# Memory with the window open, quickly: the release window started on the demo
# inbox in the throwaway desktop (it starts the agent), PSS and RSS of every
# process of that desktop's Deskbell (window, agent, WebKit's helpers) from
# /proc/PID/smaps_rollup after `settle` seconds; then the window is closed and the
# agent alone is read again. The full benchmark, timings included, is
# scripts/bench-app.sh.
#   scripts/bench-memory.sh [settle_secs=15]
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
settle="${1:-15}"

if [[ -z "${DESKBELL_IN_SESSION:-}" ]]; then
  cargo build --release --locked -p deskbell -p deskbell-agent >&2
  exec "$REPO_ROOT/scripts/desktop-session.sh" "$0" "$settle"
fi

export DESKBELL_CONFIG_DIR="$HOME/config" DESKBELL_CACHE_DIR="$HOME/cache"
"$CARGO_TARGET_DIR/release/deskbell" --demo >"$HOME/window.log" 2>&1 &
window=$!
# This desktop's processes: they carry its DISPLAY.
ours() { local p; for p in /proc/[0-9]*; do
  { tr '\0' '\n' <"$p/environ"; } 2>/dev/null | grep -qx "DISPLAY=$DISPLAY" || continue
  case "$(cat "$p/comm" 2>/dev/null)" in deskbell | deskbell-agent | WebKit*) echo "${p#/proc/}" ;; esac
done; }
kib() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
report() {
  local pss=0 rss=0 p parts=""
  for p in $(ours); do
    pss=$((pss + $(kib "$p" Pss))) rss=$((rss + $(kib "$p" Rss)))
    parts+="$(cat "/proc/$p/comm") $(($(kib "$p" Pss) / 1024)) MiB, "
  done
  echo "| $1 | $(ours | wc -l) | $((rss / 1024)) MiB | $((pss / 1024)) MiB | ${parts%, } |"
}
echo "| state | processes | RSS (sum) | PSS (sum) | PSS per process |"
echo "|---|---|---|---|---|"
sleep "$settle"
report "window open, ${settle} s after start"
kill "$window"
sleep "$settle"
report "window closed, ${settle} s later (the agent alone)"
for p in $(ours); do kill "$p"; done
