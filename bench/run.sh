#!/usr/bin/env bash
# The benchmark run behind BENCHMARKS.md: vifxml against a peer on every path
# of issue #14 (bench/bench_c.c's comment lists them), in one run:
#
#   1. build libvifxml (cargo build --release), bench_c (-O2, with the peers
#      that pkg-config finds: libxml2, libxlutil) and alloc_count.so;
#   2. verify: every peer writes byte for byte what vifxml writes (the
#      parse-only peer reads every entry); the run stops at a difference;
#   3. time: every path, size and dialect; median CPU time, every sample in a
#      fresh fork (bench_c time);
#   4. allocations per conversion, every path and implementation (xl);
#   5. peak memory of one conversion of the largest domain and config (xl);
#   6. instructions per conversion under callgrind (--toggle-collect on the
#      entry point), every path and implementation, xl, every size; the
#      profiles of the reverse paths and the domain (callgrind_annotate);
#   7. bench/report.py: the summary (results/summary.md: every path against its
#      peer, the goals and whether they are met) and bench/plot.svg.
#
# Usage: bench/run.sh [--quick]
#   --quick: sizes up to 1,000 and short budgets, into bench/results/quick/
#   (and its own plot there); about a minute.  The full run takes about 11
#   minutes on 2 cores, half of it callgrind at 10,000 and 100,000 NICs/entries.
# Results: bench/results/ (not committed).  Needs bash, make, cc, python3;
# valgrind for step 6 (skipped without it).
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

SIZES="8 100 1000 10000 100000"
MAX=100000
BUDGET=600
if [ "$QUICK" = 1 ]; then SIZES="8 100 1000"; MAX=1000; BUDGET=150; fi
SIZES_CSV=$(echo $SIZES | tr ' ' ,)

echo "== machine"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "mem: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "kernel: $(uname -r)"
    echo "cc: $(${CC:-cc} --version | head -1)"
    echo "rustc: $(rustc --version 2>/dev/null || echo unknown)"
    echo "glibc: $(ldd --version | head -1 | sed 's/.* //')"
    echo "libxml2: $(pkg-config --modversion libxml-2.0 2>/dev/null || echo absent)"
    echo "libxlutil: $(pkg-config --modversion xlutil 2>/dev/null || echo absent)"
    echo "valgrind: $(valgrind --version 2>/dev/null || echo absent)"
    echo "vifxml: $(git -C "$HERE/.." describe --always --dirty 2>/dev/null || echo unknown)"
} | tee "$RES/machine.txt"

# Which implementations exist for a path (bench_c knows what it was built with).
impls_of() { # path dialect
    local i out=""
    for i in ours peer parse; do
        "$BENCH" entry "$i" "$1" > /dev/null 2>&1 && "$BENCH" emit "$i" "$1" "$2" 1 > /dev/null 2>&1 \
            && out="$out $i"
    done
    echo $out
}
sizes_of() { case $1 in domain|config) echo $SIZES ;; *) echo 1 ;; esac; }
PATHS="interface domain vif vif-rich config"

echo "== verify: every peer writes what vifxml writes (stops at a difference)"
"$BENCH" verify --dialects xl,xm,sxpr --sizes "$SIZES_CSV" | tee "$RES/verify.txt"

echo "== time (median CPU time per conversion; every sample in a fresh fork)"
"$BENCH" time --dialects xl,xm,sxpr --sizes "$SIZES_CSV" --budget-ms "$BUDGET" \
    -o "$RES/c_time.tsv" | tee "$RES/c_time.txt"

echo "== allocations per conversion (xl; LD_PRELOAD=alloc_count.so)"
: > "$RES/allocs.txt"
for p in $PATHS; do
    for i in $(impls_of "$p" xl); do
        for n in $(sizes_of "$p"); do
            LD_PRELOAD="$HERE/alloc_count.so" "$BENCH" allocs "$i" "$p" xl "$n" | tee -a "$RES/allocs.txt"
        done
    done
done

echo "== peak memory (one conversion of $MAX NICs / entries, xl)"
: > "$RES/rss.txt"
for p in domain config; do
    "$BENCH" gen "$p" xl "$MAX" > "$RES/$p-$MAX.in"
    for i in $(impls_of "$p" xl); do
        "$BENCH" rss "$i" "$p" xl "$RES/$p-$MAX.in" | tee -a "$RES/rss.txt"
    done
    rm -f "$RES/$p-$MAX.in"
done

if command -v valgrind > /dev/null; then
    echo "== callgrind: instructions per conversion (xl)"
    # Only the entry point is counted (--toggle-collect).  Up to 1,000 items
    # one conversion is (cost of 1 + K runs - cost of 1 run) / K, which leaves
    # out first-call effects; from 10,000 on, one run (they are negligible).
    cg_total() { # impl path n iters -> instructions collected; keeps the profile
        local out="$RES/callgrind.$1.$2.$3.$4.out"
        valgrind --tool=callgrind --callgrind-out-file="$out" \
            --toggle-collect="$("$BENCH" entry "$1" "$2")" \
            "$BENCH" loop "$1" "$2" xl "$3" "$4" 2> /dev/null
        awk '/^(summary|totals):/ {print $2; exit}' "$out"
    }
    printf 'path\tdialect\tn\timpl\tinstructions_per_op\tinstructions_per_item\n' > "$RES/callgrind.tsv"
    for p in $PATHS; do
        for i in $(impls_of "$p" xl); do
            for n in $(sizes_of "$p"); do
                case $n in 1) k=100 ;; 8) k=20 ;; 100) k=5 ;; 1000) k=2 ;; *) k=0 ;; esac
                if [ "$k" = 0 ]; then
                    per=$(cg_total "$i" "$p" "$n" 1)
                else
                    one=$(cg_total "$i" "$p" "$n" 1)
                    many=$(cg_total "$i" "$p" "$n" $((k + 1)))
                    per=$(( (many - one) / k ))
                fi
                printf '%s\txl\t%s\t%s\t%s\t%s\n' "$p" "$n" "$i" "$per" $((per / n)) | tee -a "$RES/callgrind.tsv"
            done
        done
    done
    # Where the time goes: exclusive and inclusive profiles of the reverse
    # paths (one vif: 101 runs; config: 3 runs of 1,000 entries) and of the
    # 100-NIC domain (6 runs), both sides.
    mkdir -p "$RES/profiles"
    for f in "vif.1.101" "vif-rich.1.101" "config.1000.3" "domain.100.6" "interface.1.101"; do
        for i in ours peer parse; do
            src="$RES/callgrind.$i.$f.out"
            [ -f "$src" ] || continue
            callgrind_annotate --threshold=99 "$src" > "$RES/profiles/$i.$f.self.txt" 2> /dev/null || true
            callgrind_annotate --threshold=99 --inclusive=yes "$src" > "$RES/profiles/$i.$f.inclusive.txt" 2> /dev/null || true
        done
    done
    find "$RES" -maxdepth 1 -name 'callgrind.*.out' -delete
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
