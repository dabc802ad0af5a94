#!/bin/sh
# Long fuzzing runs, one target after another (never in parallel), for
# fuzz/RESULTS.md. Usage: fuzz/run-long.sh SECONDS [TARGET...]
# Logs go to fuzz/artifacts/logs/<target>.log, new corpus entries to
# fuzz/corpus/<target>/, findings to fuzz/artifacts/<target>/.
# Extra libFuzzer flags can be given in FUZZ_FLAGS (e.g. "-fork=1 -ignore_crashes=1").
set -u
cd "$(dirname "$0")/.."
secs=${1:?usage: fuzz/run-long.sh SECONDS [TARGET...]}
shift
targets=${*:-"interface_xml domain_xml vif_string sxpr config interface_gen"}
mkdir -p fuzz/artifacts/logs
for t in $targets; do
    case $t in
        interface_xml|domain_xml|interface_gen) dict=fuzz/dicts/xml.dict ;;
        vif_string) dict=fuzz/dicts/vif.dict ;;
        sxpr) dict=fuzz/dicts/sxpr.dict ;;
        config) dict=fuzz/dicts/config.dict ;;
    esac
    mkdir -p "fuzz/corpus/$t"
    echo "== $t $(date -u +%FT%TZ) ${secs}s" >> fuzz/artifacts/logs/summary.log
    cargo +nightly fuzz run -O "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$secs" -dict="$dict" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 ${FUZZ_FLAGS:-} > "fuzz/artifacts/logs/$t.log" 2>&1
    echo "   $t exit $? $(date -u +%FT%TZ)" >> fuzz/artifacts/logs/summary.log
    grep -E '^(#[0-9]+.*(DONE|pulse|NEW)|stat::|SUMMARY|Done)' "fuzz/artifacts/logs/$t.log" | tail -3 >> fuzz/artifacts/logs/summary.log
done
