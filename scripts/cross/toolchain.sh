# Sourced by scripts/cross.sh and scripts/wine.sh: the toolchain and cache for
# building for other systems. `cross_cargo SUBCOMMAND TARGET ARGS…` runs cargo for
# TARGET. Where rustup cannot add targets (Debian here), Debian's Rust (rustc-web,
# with the standard library's sources) builds std for the target (-Zbuild-std,
# allowed by RUSTC_BOOTSTRAP); elsewhere (Ubuntu has no rustc-web) rustup's
# prebuilt standard library for the target.
if [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ]; then
    # Debian's toolchain first, so `cargo clippy` finds Debian's clippy-driver, not rustup's.
    export PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
    cross_cargo() { /usr/bin/cargo "$1" -Zbuild-std=std,panic_abort --target "$2" "${@:3}"; }
else
    cross_cargo() { rustup target add "$2" && cargo "$1" --target "$2" "${@:3}"; }
fi
# Its own cache: another compiler, so nothing is shared with the main build anyway.
export CARGO_TARGET_DIR="${CROSS_TARGET_DIR:-$CARGO_TARGET_DIR-cross}"
