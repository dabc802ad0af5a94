#!/bin/sh
# Long fuzzing runs, one target after another (never in parallel), for
# fuzz/RESULTS.md. Usage: fuzz/run-long.sh SECONDS [TARGET...]
# Logs go to fuzz/artifacts/logs/<target>.log, new corpus entries to
# fuzz/corpus/<target>/, findings to fuzz/artifacts/<target>/.
# Extra libFuzzer flags can be given in FUZZ_FLAGS (e.g. "-fork=1 -ignore_crashes=1").
set -u
cd "$(dirname "$0")/.."
. fuzz/targets.sh
secs=${1:?usage: fuzz/run-long.sh SECONDS [TARGET...]}
shift
targets=${*:-$FUZZ_TARGETS}
mkdir -p fuzz/artifacts/logs
for t in $targets; do
    mkdir -p "fuzz/corpus/$t"
    echo "== $t $(date -u +%FT%TZ) ${secs}s" >> fuzz/artifacts/logs/summary.log
    cargo +nightly fuzz run -O "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$secs" -dict="$(dict_for "$t")" $FUZZ_LIMITS ${FUZZ_FLAGS:-} > "fuzz/artifacts/logs/$t.log" 2>&1
    echo "   $t exit $? $(date -u +%FT%TZ)" >> fuzz/artifacts/logs/summary.log
    grep -E '^(#[0-9]+.*(DONE|pulse|NEW)|stat::|SUMMARY|Done)' "fuzz/artifacts/logs/$t.log" | tail -3 >> fuzz/artifacts/logs/summary.log
done
