#!/usr/bin/env bash
# Type-checks and lints the whole workspace, app included, for the systems most
# operators run: Windows (x86_64-pc-windows-gnu) and macOS (aarch64-apple-darwin).
# A Linux-only call in shared code fails here, not on a user's machine.
#
#   scripts/cross.sh             both systems
#   scripts/cross.sh windows     one of them (windows | macos)
#
# The toolchain: scripts/cross/toolchain.sh. Windows C code is compiled by
# mingw-w64; macOS has no C toolchain here, so its build scripts get a stand-in
# compiler that writes empty objects (scripts/cross/null-cc): a check links nothing.
set -euo pipefail
. "$(dirname "$0")/env.sh"
systems=("${@:-windows macos}")
read -r -a systems <<<"${systems[*]}"

. "$(dirname "$0")/cross/toolchain.sh"
cd "$REPO_ROOT"

for system in "${systems[@]}"; do
    case "$system" in
    windows) target=x86_64-pc-windows-gnu ;;
    macos)
        target=aarch64-apple-darwin
        export CC_aarch64_apple_darwin="$REPO_ROOT/scripts/cross/null-cc"
        export CXX_aarch64_apple_darwin="$REPO_ROOT/scripts/cross/null-cc"
        export AR_aarch64_apple_darwin="$REPO_ROOT/scripts/cross/null-ar"
        # cc-rs asks xcrun for the SDK unless SDKROOT names one; nothing reads it.
        export SDKROOT="$CARGO_TARGET_DIR/no-sdk"
        mkdir -p "$SDKROOT"
        ;;
    *) echo "unknown system: $system (windows | macos)" >&2; exit 2 ;;
    esac
    echo "== $system ($target): cargo clippy --workspace --all-targets -D warnings"
    started=$SECONDS
    cross_cargo clippy "$target" --workspace --all-targets --locked -- -D warnings
    echo "== $system checked in $((SECONDS - started)) s"
done
