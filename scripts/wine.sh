#!/usr/bin/env bash
# The Windows build of the tray agent, run under Wine: its command line stores an
# account's token in the Windows Credential Manager (keyring's Windows backend, as
# Wine implements it) and in no file, and the agent then polls the simulator on
# loopback with that token. Then Windows builds of the tests that reach what
# differs on Windows: the agent's channel (a named pipe with a user-only access
# list, the one-agent lock), the real agent program served over it, and the
# outbox's file replacement while another handle reads the file. Tauri-free, so
# all of it builds here with mingw-w64.
#   scripts/wine.sh
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

target=x86_64-pc-windows-gnu
# The same toolchain and cache as the cross check (scripts/cross.sh).
. "$REPO_ROOT/scripts/cross/toolchain.sh"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
echo "== build: deskbell-agent.exe ($target), its tests and the simulator"
cross_cargo build "$target" --locked -p deskbell-agent
exe="$CARGO_TARGET_DIR/$target/debug/deskbell-agent.exe"
# The test programs, by the paths cargo prints for them.
tests=()
while read -r t; do tests+=("$t"); done < <(
    cross_cargo test "$target" --locked --no-run -p deskbell-ipc -p deskbell-agent \
        -p deskbell-desk --lib --test channel --test agent_channel --test crash 2>&1 |
        tee /dev/stderr | grep -o '(/[^)]*\.exe)' | tr -d '()')
(( ${#tests[@]} >= 5 )) || { echo "FAIL: test programs not found (${#tests[@]})" >&2; exit 1; }
# The simulator is a Linux program: the host's own toolchain and cache.
(unset RUSTC RUSTC_BOOTSTRAP CARGO_TARGET_DIR; . "$REPO_ROOT/scripts/env.sh"; cargo build --locked -p blinger-sim)
sim_bin="$(unset CARGO_TARGET_DIR; . "$REPO_ROOT/scripts/env.sh"; echo "$CARGO_TARGET_DIR")/debug/blinger-sim"

work="$(mktemp -d /tmp/deskbell-wine.XXXXXX)"
cleanup() {
    [[ -n "${sim_pid:-}" ]] && kill "$sim_pid" 2>/dev/null || true
    [[ -n "${wineserver:-}" ]] && "$wineserver" -k 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/bin"
cp "$exe" "$work/bin/"
# Wine 8 lacks ProcessPrng, which Rust's std asks of bcryptprimitives.dll: a shim
# (scripts/wine/bcryptprimitives.c) in the prefix's system32, taken before Wine's own.
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" \
    "$REPO_ROOT/scripts/wine/bcryptprimitives.c" -ladvapi32
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n,b"
# Debian's 64-bit loader itself: the `wine` wrapper asks for the 32-bit one too.
wine=/usr/lib/wine/wine64 wineserver=/usr/lib/wine/wineserver64
[[ -x $wine ]] || wine="$(command -v wine64 || command -v wine)"
[[ -x $wineserver ]] || wineserver="$(command -v wineserver)"
fail() { echo "FAIL: $*" >&2; exit 1; }
echo "== a fresh Wine prefix"
# wineboot's own status is no verdict: without Wine's 32-bit half (wine32, not
# installed) it also tries syswow64's rundll32, which fails (c0000135), and on some
# machines that failure becomes its exit status (53). The probe below tells
# whether Wine works; the agent's runs after it are the test.
status=0
"$wine" wineboot --init >"$work/wineboot.log" 2>&1 || status=$?
"$wineserver" -w
[[ $status == 0 ]] || echo "(wineboot status $status)"
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
# Whether this machine's Wine runs a Windows program at all: a C one-liner. If it
# cannot, nothing below can say anything about Deskbell — so say that, loudly.
printf '#include <stdio.h>\nint main(void){puts("wine-ok");return 0;}\n' >"$work/probe.c"
x86_64-w64-mingw32-gcc -o "$work/bin/probe.exe" "$work/probe.c"
if ! "$wine" "$work/bin/probe.exe" 2>"$work/probe.err" | grep -q wine-ok; then
    cat "$work/wineboot.log" "$work/probe.err" >&2
    echo "SKIPPED: this machine's Wine cannot run a Windows program (above); the Windows build was compiled and linted only"
    exit 0
fi
agent() { "$wine" "$work/bin/deskbell-agent.exe" "$@"; }

token="wine-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"$sim_bin" --listen 127.0.0.1:0 --token "$token" --widget-token unused --demo >"$work/sim.out" 2>/dev/null &
sim_pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/sim.out" && break; sleep 0.1; done
base="$(grep -o 'http://[0-9.:]*' "$work/sim.out" | head -1)"
echo "simulator at $base"

echo "== account add (token on stdin)"
echo "$token" | agent account add --provider blinger --name Wine --api-url "$base/api" --operator-id 1 \
    || fail "account add"
echo "== account list"
list="$(agent account list | tr -d '\r')"
echo "$list"
grep -q "Wine" <<<"$list" || fail "the account is not listed"
echo "== the token is in no file"
# The registry reaches its files when the Wine server shuts down.
"$wineserver" -w
if grep -rlF "$token" "$WINEPREFIX" 2>/dev/null; then fail "the token is in a file (above)"; fi
# Wine keeps Credential Manager entries in the prefix's registry, encrypted.
grep -q 'Credential Manager' "$WINEPREFIX/user.reg" || fail "nothing in Wine's Credential Manager"
echo "== the agent polls the simulator with the stored token"
agent >"$work/agent.log" 2>&1 &
agent_pid=$!
polled=0
for _ in $(seq 1 60); do
    stats="$(curl -s -H "Authentication: $token" "$base/_sim/stats" || true)"
    if grep -q '"conversations/unassigned"' <<<"$stats"; then polled=1; break; fi
    sleep 1
done
kill "$agent_pid" 2>/dev/null || true
"$wineserver" -k 2>/dev/null || true
[[ $polled == 1 ]] || { cat "$work/agent.log" >&2; fail "no authenticated poll reached the simulator"; }
echo "simulator saw: $stats"
echo "== account remove"
agent account remove Wine || fail "account remove"
list="$(agent account list | tr -d '\r')"
! grep -q "Wine" <<<"$list" || fail "still listed after remove"
"$wineserver" -k 2>/dev/null || true

echo "== Windows test programs under Wine"
for t in "${tests[@]}"; do
    name="$(basename "$t")"
    # The desk's own unit tests: those of its file writes (the rest are not about Windows).
    filter=(); [[ $name == deskbell_desk-* ]] && filter=(fsutil)
    echo "-- $name ${filter[*]}"
    out="$(timeout 600 "$wine" "$t" "${filter[@]}" 2>&1 | tr -d '\r')" || { echo "$out" >&2; fail "$name"; }
    grep -E '^test result' <<<"$out"
    grep -qE '^test result: ok\. [1-9]' <<<"$out" || { echo "$out" >&2; fail "$name ran no test"; }
done
echo "== Windows build under Wine: ok"
