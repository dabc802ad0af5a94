#!/bin/sh
# Fuzz smoke run: every cargo-fuzz target for a short while (30 s each by
# default, SMOKE_SECONDS to change it), one after another, starting from the
# committed seeds in fuzz/seeds/<target>/. Exits non-zero if a target finds
# anything (a crash, a broken invariant, a timeout, running out of memory) or
# does not build; the input that did it is left in fuzz/artifacts/<target>/.
#
# Needs a nightly toolchain (`cargo +nightly`); installs cargo-fuzz when it is
# missing. Without nightly it says so and exits 0: there is nothing to run.
# New corpus entries go to a temporary directory, never into the seeds.
set -u
cd "$(dirname "$0")/.."
. fuzz/targets.sh

seconds=${SMOKE_SECONDS:-30}

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz smoke: no nightly toolchain (cargo +nightly), skipped"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz smoke: installing cargo-fuzz"
    cargo install cargo-fuzz --locked || {
        echo "fuzz smoke: cargo install cargo-fuzz failed" >&2
        exit 1
    }
fi

echo "fuzz smoke: building the targets"
if ! cargo +nightly fuzz build -O; then
    echo "fuzz smoke: the targets do not build" >&2
    exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
failed=""
for t in $FUZZ_TARGETS; do
    mkdir -p "$scratch/$t"
    log="$scratch/$t.log"
    echo "fuzz smoke: $t for ${seconds}s"
    if cargo +nightly fuzz run -O "$t" "$scratch/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$seconds" -dict="$(dict_for "$t")" $FUZZ_LIMITS >"$log" 2>&1; then
        grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units)' "$log" | tail -2 | sed 's/^/    /'
    else
        echo "fuzz smoke: $t FOUND SOMETHING (or failed to run):" >&2
        grep -E -A12 'panicked at|ERROR: libFuzzer|SUMMARY' "$log" | head -40 >&2
        grep -E 'Test unit written to|artifact_prefix' "$log" | tail -2 >&2
        failed="$failed $t"
    fi
done

if [ -n "$failed" ]; then
    echo "fuzz smoke: findings in:$failed (inputs in fuzz/artifacts/<target>/; reproduce with" >&2
    echo "  cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>)" >&2
    exit 1
fi
echo "fuzz smoke: all targets ran ${seconds}s without a finding"
