#!/usr/bin/env bash
# Linux packages of Deskbell (.deb and .rpm) with both programs: the window
# (`deskbell`) and the tray agent (`deskbell-agent`, carried as the bundle's
# external binary and installed beside it). Built by the Tauri CLI from the npm
# dev dependencies. Prints each package's size and what it holds.
#   scripts/package.sh                 build the packages
#   scripts/package.sh --install-test  also install the .deb into a clean Debian 12
#                                      root (debootstrap; apt resolves the
#                                      dependencies), start `deskbell --demo` there
#                                      under Xvfb, keep a screenshot, remove it again
# The AppImage, the Windows installers and the macOS bundles are built on their
# own systems by the release workflow (the AppImage bundler downloads its runtime
# from GitHub, which this build machine cannot reach).
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

install_test=0
[[ "${1:-}" == "--install-test" ]] && install_test=1

[[ -x node_modules/.bin/tauri ]] || npm ci --no-audit --no-fund
echo "== the agent (release)"
# In a file, as the release workflow hands it over (ignored by git).
"$REPO_ROOT/scripts/stage-agent.sh" >agent.tauri.json

echo "== the window and the packages (tauri build)"
# The agent is named on the command line, not in tauri.conf.json: there every
# plain `cargo build` of the app would need the agent staged first.
node_modules/.bin/tauri build --bundles deb,rpm --config agent.tauri.json

bundle="$CARGO_TARGET_DIR/release/bundle"
deb="$(ls -t "$bundle"/deb/*.deb | head -1)"
rpm="$(ls -t "$bundle"/rpm/*.rpm | head -1)"
echo "== packages"
for f in "$deb" "$rpm"; do
  printf '%s  %s bytes (%.1f MiB)\n' "$f" "$(stat -c %s "$f")" "$(echo "$(stat -c %s "$f") / 1048576" | bc -l)"
done
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
contents="$(dpkg-deb --contents "$deb" | awk '{print $3, $6}' | grep -v '/$')"
echo "$contents"
# Both programs or no package.
for program in deskbell deskbell-agent; do
  grep -q "usr/bin/$program\$" <<<"$contents" || { echo "the .deb lacks $program" >&2; exit 1; }
done

[[ $install_test == 1 ]] || exit 0
exec "$REPO_ROOT/scripts/package-install-test.sh" "$deb"
