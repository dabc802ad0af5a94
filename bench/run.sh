#!/usr/bin/env bash
# The C-side benchmark run behind BENCHMARKS.md:
#
#   1. build libvifxml (cargo build --release) and bench_c (-O2, with the libxml2
#      baseline when pkg-config finds libxml-2.0);
#   2. check that the baseline writes byte for byte what vifxml writes (the xl
#      dialect must match or the run stops; xm and sxpr are reported);
#   3. time every case (bench_c time): ours vs baseline ns/op, ratio, per NIC;
#   4. peak RSS of one 100,000-NIC domain conversion, ours and baseline;
#   5. instructions per conversion under callgrind, ours and baseline;
#   6. bench/report.py: the summary (results/summary.md) and bench/plot.svg.
#
# Usage: bench/run.sh [--quick]
#   --quick: up to 1,000 NICs, short budgets, into bench/results/quick/ (and its
#   own plot there), about a minute.
# Results: bench/results/ (not committed); the plot: bench/plot.svg.  Needs bash, make, cc, python3;
# valgrind for step 5 (skipped without it).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
RES="$HERE/results"
BENCH="$HERE/bench_c"
QUICK=0
PLOT="$HERE/plot.svg"
if [ "${1:-}" = "--quick" ]; then
    # a smoke run: its own results directory, and it leaves bench/plot.svg alone
    QUICK=1
    RES="$RES/quick"
    PLOT="$RES/plot.svg"
fi
mkdir -p "$RES"

echo "== build"
make -s -C "$HERE" all

HAVE_BASELINE=0
if pkg-config --exists libxml-2.0; then HAVE_BASELINE=1; fi

SIZES="0 8 1000 100000"
MAX=100000
if [ "$QUICK" = 1 ]; then SIZES="0 8 1000"; MAX=1000; fi

echo "== machine"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "mem: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel: $(uname -r)"
    echo "cc: $(${CC:-cc} --version | head -1)"
    echo "rustc: $(rustc --version 2>/dev/null || echo unknown)"
    echo "libxml2: $(pkg-config --modversion libxml-2.0 2>/dev/null || echo absent)"
    echo "valgrind: $(valgrind --version 2>/dev/null || echo absent)"
    echo "vifxml: $(git -C "$HERE/.." describe --always --dirty 2>/dev/null || echo unknown)"
} | tee "$RES/machine.txt"

if [ "$HAVE_BASELINE" = 1 ]; then
    echo "== the baseline writes what vifxml writes"
    : > "$RES/verify.txt"
    for d in xl xm sxpr; do
        for n in $SIZES; do
            "$BENCH" emit ours "$d" "$n" > "$RES/ours.out"
            "$BENCH" emit baseline "$d" "$n" > "$RES/baseline.out"
            if cmp -s "$RES/ours.out" "$RES/baseline.out"; then
                echo "same  $d $n NICs ($(wc -c < "$RES/ours.out") bytes)" | tee -a "$RES/verify.txt"
            else
                echo "DIFFERENT  $d $n NICs" | tee -a "$RES/verify.txt"
                cmp "$RES/ours.out" "$RES/baseline.out" || true
                if [ "$d" = xl ]; then
                    echo "the xl outputs differ: the comparison would not be fair" >&2
                    exit 1
                fi
            fi
        done
    done
    rm -f "$RES/ours.out" "$RES/baseline.out"
else
    echo "== libxml2 not found: no baseline, no verification"
fi

echo "== timing (median of samples; ns per conversion)"
if [ "$QUICK" = 1 ]; then
    "$BENCH" time --max-nics "$MAX" --budget-ms 150 -o "$RES/c_time.tsv" | tee "$RES/c_time.txt"
else
    "$BENCH" time --max-nics "$MAX" -o "$RES/c_time.tsv" | tee "$RES/c_time.txt"
fi

echo "== peak memory (one domain conversion of $MAX NICs)"
"$BENCH" gen "$MAX" > "$RES/domain-$MAX.xml"
: > "$RES/rss.txt"
IMPLS=ours
[ "$HAVE_BASELINE" = 1 ] && IMPLS="ours baseline"
for impl in $IMPLS; do
    for d in xl xm sxpr; do
        "$BENCH" rss "$impl" "$d" "$RES/domain-$MAX.xml" | tee -a "$RES/rss.txt"
    done
done
if [ -x /usr/bin/time ]; then
    for impl in $IMPLS; do
        /usr/bin/time -v "$BENCH" rss "$impl" xl "$RES/domain-$MAX.xml" 2> "$RES/time-v.$impl.txt" > /dev/null
        echo "/usr/bin/time -v, $impl xl: $(grep 'Maximum resident' "$RES/time-v.$impl.txt")"
    done
fi

if command -v valgrind > /dev/null; then
    echo "== callgrind: instructions per conversion"
    # Only the entry point is counted (--toggle-collect); the cost of one
    # conversion is (cost of 1 + K runs - cost of 1 run) / K, which leaves out
    # first-call effects.
    cg_total() { # impl dialect nics iters -> instructions collected
        local impl=$1 d=$2 n=$3 it=$4 fn out
        if [ "$impl" = ours ]; then
            fn=$([ "$n" = 0 ] && echo vifxml_interface_to_vif || echo vifxml_domain_to_config)
        else
            fn=$([ "$n" = 0 ] && echo baseline_interface_to_vif || echo baseline_domain_to_config)
        fi
        out="$RES/callgrind.$impl.$d.$n.$it.out"
        valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect="$fn" \
            "$BENCH" loop "$impl" "$d" "$n" "$it" 2> /dev/null
        awk '/^(summary|totals):/ {print $2; exit}' "$out"
    }
    printf 'impl\tdialect\tnics\tinstructions_per_op\tinstructions_per_nic\n' > "$RES/callgrind.tsv"
    for impl in $IMPLS; do
        for d in xl xm sxpr; do
            for n in 0 8 1000; do
                case $n in 0) k=100 ;; 8) k=20 ;; *) k=2 ;; esac
                one=$(cg_total "$impl" "$d" "$n" 1)
                many=$(cg_total "$impl" "$d" "$n" $((k + 1)))
                per=$(( (many - one) / k ))
                pernic=$(( n == 0 ? per : per / n ))
                printf '%s\t%s\t%s\t%s\t%s\n' "$impl" "$d" "$n" "$per" "$pernic" | tee -a "$RES/callgrind.tsv"
            done
        done
    done
    if [ "$QUICK" = 0 ]; then
        # Scaling: one run of the 100,000-NIC domain (ours, xl; about a minute
        # under valgrind; first-call costs are negligible at this size).
        per=$(cg_total ours xl 100000 1)
        printf '%s\t%s\t%s\t%s\t%s\n' ours xl 100000 "$per" $((per / 100000)) | tee -a "$RES/callgrind.tsv"
    fi
    # Where ours spends them: inclusive and exclusive profiles of the single interface (xl).
    callgrind_annotate --inclusive=yes "$RES/callgrind.ours.xl.0.101.out" > "$RES/profile.ours.inclusive.txt" 2> /dev/null || true
    callgrind_annotate "$RES/callgrind.ours.xl.0.101.out" > "$RES/profile.ours.self.txt" 2> /dev/null || true
    [ "$HAVE_BASELINE" = 1 ] && { callgrind_annotate --inclusive=yes "$RES/callgrind.baseline.xl.0.101.out" > "$RES/profile.baseline.inclusive.txt" 2> /dev/null || true; }
    find "$RES" -name 'callgrind.*.out' ! -name '*.xl.0.101.out' -delete
else
    echo "== valgrind not found: no instruction counts"
fi

echo "== report"
# criterion's estimates too, when `cargo bench --bench convert` has run
CRIT="${CARGO_TARGET_DIR:-$HERE/../target}/criterion"
if [ -d "$CRIT" ]; then
    python3 "$HERE/report.py" "$RES" "$PLOT" "$CRIT" > "$RES/summary.md"
else
    python3 "$HERE/report.py" "$RES" "$PLOT" > "$RES/summary.md"
fi
cat "$RES/summary.md"
