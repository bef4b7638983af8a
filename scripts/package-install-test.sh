#!/usr/bin/env bash
# Installs a Deskbell .deb into a clean Debian 12 root with apt (which resolves
# its dependencies), starts `deskbell --demo` there on an Xvfb display, checks
# that the window and the agent run and the window shows the demo inbox (a
# screenshot is kept), then removes the package and checks nothing of it is left.
# Needs root (debootstrap, chroot, mounts) and Debian's mirror.
#   scripts/package-install-test.sh path/to/deskbell_*.deb
set -euo pipefail
. "$(dirname "$0")/env.sh"
deb="$(realpath "$1")"
[[ $EUID == 0 ]] || { echo "needs root: debootstrap, chroot and mounts" >&2; exit 1; }

cache="${XDG_CACHE_HOME:-$HOME/.cache}/deskbell/debootstrap"
pristine="$cache/bookworm-minbase.tar"
shots="$CARGO_TARGET_DIR/package-shots"
mkdir -p "$cache" "$shots"
root="$(mktemp -d /var/tmp/deskbell-root.XXXXXX)"
xvfb=""
cleanup() {
  [[ -n "$xvfb" ]] && kill "$xvfb" 2>/dev/null
  for p in /proc/[0-9]*; do # whatever still runs inside the root
    [[ "$(readlink "$p/root" 2>/dev/null)" == "$root" ]] && kill -9 "${p#/proc/}" 2>/dev/null
  done
  for m in tmp/.X11-unix dev/pts dev proc; do umount -l "$root/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT

echo "== a clean Debian 12 root"
if [[ ! -f "$pristine" ]]; then
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >&2
  tar -C "$root" -cf "$pristine" .
else
  tar -C "$root" -xf "$pristine"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts" 2>/dev/null || true
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
before="$(in_root dpkg-query -W -f='${Package}\n' | wc -l)"

echo "== apt install $(basename "$deb")"
cp "$deb" "$root/tmp/deskbell.deb"
in_root apt-get update -qq
# dbus: a session bus for the agent, as every desktop has one.
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  /tmp/deskbell.deb dbus >/dev/null
after="$(in_root dpkg-query -W -f='${Package}\n' | wc -l)"
echo "installed: deskbell $(in_root dpkg-query -W -f='${Version}' deskbell) and $((after - before - 2)) dependencies (plus dbus for the session bus)"
in_root dpkg -L deskbell | grep -E '^/usr/(bin|share/applications)/'

echo "== deskbell --demo in the root"
for n in $(seq 90 140); do [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || { display=$n; break; }; done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 1 50); do [[ -e /tmp/.X11-unix/X$display ]] && break; sleep 0.1; done
mkdir -p "$root/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
in_root env DISPLAY=":$display" NO_AT_BRIDGE=1 XDG_RUNTIME_DIR=/tmp/run \
  sh -c 'mkdir -p -m 700 /tmp/run && exec dbus-run-session -- deskbell --demo' >"$root/tmp/deskbell.log" 2>&1 &
running() { # the programs running inside the root, by name
  local p
  for p in /proc/[0-9]*; do
    [[ "$(readlink "$p/root" 2>/dev/null)" == "$root" ]] && cat "$p/comm" 2>/dev/null
  done | sort | uniq | tr '\n' ' '
}
for _ in $(seq 1 60); do
  [[ "$(running)" == *deskbell-agent* && "$(running)" == *WebKitWebProces* ]] && break
  sleep 1
done
sleep 8 # the page draws the inbox
shot="$shots/installed-demo.png"
import -display ":$display" -window root "$shot"
echo "running in the root: $(running)"
echo "screenshot: $shot"
ok=1
[[ "$(running)" == *deskbell-agent* ]] || { echo "the agent is not running" >&2; ok=0; }
[[ "$(running)" == *WebKitWebProces* ]] || { echo "the window's page is not running" >&2; ok=0; }
# The demo inbox's rows carry customers' names in dark text on white: an empty or
# failed window is a handful of colours.
colours="$(convert "$shot" -format %k info:)"
echo "colours in the screenshot: $colours"
((colours > 500)) || { echo "the window looks empty" >&2; ok=0; }
if ((ok == 0)); then cat "$root/tmp/deskbell.log" >&2; exit 1; fi
for p in /proc/[0-9]*; do
  [[ "$(readlink "$p/root" 2>/dev/null)" == "$root" ]] && kill "${p#/proc/}" 2>/dev/null
done
sleep 1

echo "== apt remove --purge deskbell"
in_root env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq deskbell >/dev/null
left="$(in_root dpkg-query -W -f='${Status}' deskbell 2>/dev/null || true)"
for f in /usr/bin/deskbell /usr/bin/deskbell-agent; do
  [[ ! -e "$root$f" ]] || { echo "$f is still there after removal" >&2; exit 1; }
done
echo "removed (dpkg status now: ${left:-not known})"
