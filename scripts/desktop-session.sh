#!/usr/bin/env bash
# Runs a command inside a throwaway desktop session like an operator's, headless:
# Xvfb display, private D-Bus session bus, unlocked gnome-keyring (Secret Service),
# and a fresh HOME so nothing touches the real user's files.
#   scripts/desktop-session.sh <command> [args…]
set -euo pipefail
. "$(dirname "$0")/env.sh"

if [[ -z "${DESKBELL_IN_SESSION:-}" ]]; then
  export DESKBELL_IN_SESSION=1
  SESSION_HOME="$(mktemp -d /tmp/deskbell-home.XXXXXX)"
  export REAL_HOME="$HOME" HOME="$SESSION_HOME"
  export XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache" XDG_DATA_HOME="$HOME/.local/share"
  export XDG_RUNTIME_DIR="$HOME/.run"; mkdir -p "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
  # Keep cargo and rustup where they are despite the new HOME.
  export CARGO_HOME="${CARGO_HOME:-$REAL_HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$REAL_HOME/.rustup}"
  # No accessibility bus here: keep GTK from looking for one (and warning) at every start.
  export NO_AT_BRIDGE=1
  # Pick a free display number.
  for n in $(seq 90 140); do [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || { DISPLAY_NUM=$n; break; }; done
  Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  trap 'kill $XVFB_PID 2>/dev/null || true; rm -rf "$SESSION_HOME"' EXIT
  export DISPLAY=":$DISPLAY_NUM"
  for _ in $(seq 1 50); do [[ -e /tmp/.X11-unix/X$DISPLAY_NUM ]] && break; sleep 0.1; done
  # DISPLAY must be set before the bus starts, or services it launches cannot draw.
  dbus-run-session --config-file="$REPO_ROOT/tests/support/session-bus.conf" -- "$0" "$@"
  exit $?
fi

# Inside the bus: unlock a keyring first (a locked one makes keyring clients hang).
eval "$(printf 'deskbell-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
# A notification server, as on any desktop: without one, Notify calls fail with
# ServiceUnknown and apps never get click (ActionInvoked) signals. It exits with the bus.
dunst -config "$REPO_ROOT/tests/support/dunstrc" >"$XDG_RUNTIME_DIR/dunst.log" 2>&1 &
for _ in $(seq 1 50); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q true && break
  sleep 0.1
done
exec "$@"
