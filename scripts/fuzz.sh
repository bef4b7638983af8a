#!/usr/bin/env bash
# Fuzzes every decoder of outside data (server answers, webhook bodies, the app's
# own files) for SECONDS_PER_TARGET seconds each (default 20), starting from the
# seeds in fuzz/seeds/ (the API docs' examples) and the corpus grown by earlier runs.
# Fails on the first crash; libFuzzer keeps the input in fuzz/artifacts/TARGET/.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]            all targets
#   FUZZ_TARGETS="blinger_webhook" scripts/fuzz.sh 600
#   FUZZ_RUNS=10000000 scripts/fuzz.sh              a number of executions instead
#
# The long run is described in README.md ("Fuzzing").
set -euo pipefail
. "$(dirname "$0")/env.sh"
seconds="${1:-20}"
budget=(-max_total_time="$seconds")
[ -n "${FUZZ_RUNS:-}" ] && budget=(-runs="$FUZZ_RUNS")

# cargo-fuzz passes nightly-only flags (sanitizer, coverage instrumentation);
# the stable compiler accepts them when told it is bootstrapping.
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

cd "$REPO_ROOT/fuzz"
targets="${FUZZ_TARGETS:-$(cargo fuzz list)}"
# Debug assertions: integer overflow is a finding too. The same flags for build
# and run, or `run` would build again.
flags=(--debug-assertions)
cargo fuzz build "${flags[@]}"

summary=""
for target in $targets; do
    mkdir -p "corpus/$target"
    seeds=()
    [ -d "seeds/$target" ] && seeds=("seeds/$target")
    log="$(mktemp)"
    echo "== $target (${budget[*]})"
    started=$SECONDS
    if ! cargo fuzz run "${flags[@]}" "$target" "corpus/$target" "${seeds[@]}" -- \
        "${budget[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz target $target failed: see fuzz/artifacts/$target/" >&2
        exit 1
    fi
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
    line="$(printf '%-30s %10s runs %8s exec/s %6ss' \
        "$target" "$runs" "$rate" "$((SECONDS - started))")"
    echo "$line"
    summary+="$line"$'\n'
    rm -f "$log"
done
echo "== fuzzing summary (${budget[*]} per target)"
printf '%s' "$summary"
echo "$(echo "$targets" | wc -w) passed, 0 failed"
