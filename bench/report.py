#!/usr/bin/env python3
"""Summarises a bench/run.sh results directory as Markdown and draws the plot.

    python3 bench/report.py bench/results bench/plot.svg [CRITERION_DIR]

Reads c_time.tsv, rss.txt, callgrind.tsv, machine.txt and verify.txt from the
results directory (whatever of them exists), prints Markdown tables and the
verdict on each target, and writes an SVG of the cost per NIC against the NIC
count (hand-written SVG: no plotting library needed).  With CRITERION_DIR
(target/criterion after `cargo bench --bench convert`), also tabulates
criterion's estimates.
"""
import csv
import json
import math
import os
import sys

DIALECTS = ["xl", "xm", "sxpr"]


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def fmt_ns(ns):
    if ns < 1e4:
        return f"{ns:,.0f} ns"
    if ns < 1e7:
        return f"{ns / 1e3:,.1f} µs"
    return f"{ns / 1e6:,.1f} ms"


def nics_label(n):
    return "1 (`<interface>`)" if n == 0 else f"{n:,}"


def main():
    res = sys.argv[1]
    svg_path = sys.argv[2] if len(sys.argv) > 2 else None
    crit_dir = sys.argv[3] if len(sys.argv) > 3 else None
    out = []
    p = out.append

    machine = os.path.join(res, "machine.txt")
    if os.path.exists(machine):
        p("### Machine\n")
        p("```")
        p(open(machine).read().rstrip())
        p("```\n")

    verify = os.path.join(res, "verify.txt")
    if os.path.exists(verify):
        lines = open(verify).read().split("\n")
        same = sum(1 for l in lines if l.startswith("same"))
        diff = [l for l in lines if l.startswith("DIFFERENT")]
        p(f"Baseline output checked byte for byte against vifxml: {same} cases identical"
          + (f", different: {', '.join(diff)}" if diff else " (all dialects and sizes)") + ".\n")

    rows = read_tsv(os.path.join(res, "c_time.tsv"))
    fwd = {}
    for r in rows:
        key = (r["direction"], r["dialect"], int(r["nics"]), r["impl"])
        fwd[key] = r
    verdicts = []

    if rows:
        p("### Forward, through the C ABI, vs the libxml2 + XPath baseline\n")
        p("Median CPU time of the benchmarking thread per conversion (`bench_c time`; "
          "`--wall` for wall clock), ours and baseline samples alternating. NICs 1 = the single "
          "`<interface>` with `vifxml_interface_to_vif`; otherwise a `<domain>` with "
          "`vifxml_domain_to_config`. Ratio = baseline / ours of the medians; (min) of the fastest samples.\n")
        p("| dialect | NICs | ours / op | baseline / op | ratio | (min) | ours / NIC | baseline / NIC | input bytes | output bytes |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for d in DIALECTS:
            for n in sorted({int(r["nics"]) for r in rows if r["direction"] == "forward"}):
                o = fwd.get(("forward", d, n, "ours"))
                if not o:
                    continue
                b = fwd.get(("forward", d, n, "baseline"))
                per = max(n, 1)
                on = float(o["median_ns"])
                if b:
                    bn = float(b["median_ns"])
                    rmin = float(b["min_ns"]) / float(o["min_ns"])
                    p(f"| {d} | {nics_label(n)} | {fmt_ns(on)} | {fmt_ns(bn)} | {bn / on:.1f}× | {rmin:.1f}× | "
                      f"{fmt_ns(on / per)} | {fmt_ns(bn / per)} | {int(o['in_bytes']):,} | {int(o['out_bytes']):,} |")
                else:
                    p(f"| {d} | {nics_label(n)} | {fmt_ns(on)} | – | – | – | {fmt_ns(on / per)} | – | "
                      f"{int(o['in_bytes']):,} | {int(o['out_bytes']):,} |")
        p("")

        p("### Reverse (vifxml only)\n")
        p("| dialect | function | entries | ours / op | ours / entry | input bytes | output bytes |")
        p("|---|---|---:|---:|---:|---:|---:|")
        for r in rows:
            if r["direction"] != "reverse":
                continue
            n = int(r["nics"])
            on = float(r["median_ns"])
            p(f"| {r['dialect']} | `{r['function']}` | {max(n, 1):,} | {fmt_ns(on)} | {fmt_ns(on / max(n, 1))} | "
              f"{int(r['in_bytes']):,} | {int(r['out_bytes']):,} |")
        p("")

        # Target 1: single interface >= 25x faster than the baseline.
        for d in DIALECTS:
            o = fwd.get(("forward", d, 0, "ours"))
            b = fwd.get(("forward", d, 0, "baseline"))
            if o and b:
                ratio = float(b["median_ns"]) / float(o["median_ns"])
                verdicts.append((f"single interface, {d}: ≥ 25× faster than the baseline (CPU time, medians)",
                                 f"{ratio:.1f}×", ratio >= 25))
        # Target 2: per-NIC cost at 100,000 within 1.5x of that at 8.
        for d in DIALECTS:
            a = fwd.get(("forward", d, 8, "ours"))
            z = fwd.get(("forward", d, 100000, "ours"))
            if a and z:
                r8 = float(a["median_ns"]) / 8
                rz = float(z["median_ns"]) / 100000
                verdicts.append((f"per-NIC cost at 100,000 NICs ≤ 1.5 × at 8 NICs, {d}",
                                 f"{fmt_ns(rz)} vs {fmt_ns(r8)}: {rz / r8:.2f}×", rz / r8 <= 1.5))

    rss_lines = []
    rss_path = os.path.join(res, "rss.txt")
    if os.path.exists(rss_path):
        for line in open(rss_path):
            kv = dict(x.split("=", 1) for x in line.split())
            if kv:
                rss_lines.append(kv)
    if rss_lines:
        p("### Peak memory (one conversion of the largest domain)\n")
        p("`ru_maxrss` of a fresh process (`bench_c rss`): at start (after a warm-up conversion of "
          "an 8-NIC domain, so code pages and the allocator are resident), after reading the input "
          "file into one buffer of its exact size, and after the conversion. peak − start includes "
          "the input buffer, as the target counts it; peak − after reading is what the conversion "
          "itself added.\n")
        p("| impl | dialect | input | output | input + output | RSS at start | RSS after reading | peak RSS | peak − start | (peak − start) / (input + output) | peak − after reading |")
        p("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        mib = 1024 * 1024
        for kv in rss_lines:
            i, o = int(kv["in_bytes"]), int(kv["out_bytes"])
            s, l, k = (int(kv[x]) * 1024 for x in ("rss_start_kib", "rss_loaded_kib", "rss_peak_kib"))
            ratio = (k - s) / (i + o)
            p(f"| {kv['impl']} | {kv['dialect']} | {i / mib:.1f} MiB | {o / mib:.1f} MiB | {(i + o) / mib:.1f} MiB | "
              f"{s / mib:.1f} MiB | {l / mib:.1f} MiB | {k / mib:.1f} MiB | {(k - s) / mib:.1f} MiB | {ratio:.2f} | "
              f"{(k - l) / mib:.1f} MiB |")
            if kv["impl"] == "ours":
                # The input is resident before the call; what the conversion adds
                # must not exceed its output, give or take a few pages of working
                # memory (256 KiB; RSS moves by pages and malloc's arenas).
                # peak − start also counts the harness's own stdio buffer.
                verdicts.append((f"peak memory ≤ input + output, {kv['dialect']}: "
                                 "peak − after reading ≤ output + 256 KiB",
                                 f"{(k - l) / mib:.2f} MiB vs {o / mib:.2f} MiB; total {(k - s) / mib:.1f} MiB "
                                 f"vs {(i + o) / mib:.1f} MiB ({ratio:.3f}×)", k - l <= o + 256 * 1024))
        p("")

    cg = read_tsv(os.path.join(res, "callgrind.tsv"))
    if cg:
        p("### Instructions per conversion (callgrind, `--toggle-collect` on the entry point)\n")
        p("| dialect | NICs | ours | baseline | ratio | ours / NIC | baseline / NIC |")
        p("|---|---:|---:|---:|---:|---:|---:|")
        by = {(r["impl"], r["dialect"], int(r["nics"])): r for r in cg}
        for d in DIALECTS:
            for n in sorted({int(r["nics"]) for r in cg}):
                o = by.get(("ours", d, n))
                b = by.get(("baseline", d, n))
                if not o:
                    continue
                oi = int(o["instructions_per_op"])
                if b:
                    bi = int(b["instructions_per_op"])
                    p(f"| {d} | {nics_label(n)} | {oi:,} | {bi:,} | {bi / oi:.1f}× | "
                      f"{int(o['instructions_per_nic']):,} | {int(b['instructions_per_nic']):,} |")
                    if n == 0:
                        verdicts.append((f"single interface, {d}: instructions, ours vs baseline (the 25× target, in instructions)",
                                         f"{oi:,} vs {bi:,}: {bi / oi:.1f}×", bi / oi >= 25))
                else:
                    p(f"| {d} | {nics_label(n)} | {oi:,} | – | – | {int(o['instructions_per_nic']):,} | – |")
        p("")
        a, z = by.get(("ours", "xl", 8)), by.get(("ours", "xl", 100000))
        if a and z:
            r = int(z["instructions_per_nic"]) / int(a["instructions_per_nic"])
            verdicts.append(("per-NIC instructions at 100,000 NICs ≤ 1.5 × at 8 NICs, xl (callgrind)",
                             f"{int(z['instructions_per_nic']):,} vs {int(a['instructions_per_nic']):,}: {r:.2f}×", r <= 1.5))

    crit = criterion_rows(crit_dir) if crit_dir else []
    if crit:
        p("### criterion (Rust API; `cargo bench --bench convert`)\n")
        p("Point estimate of the mean with its 95% confidence interval; per element = per NIC or entry.\n")
        p("| benchmark | time (95% CI) | per element |")
        p("|---|---:|---:|")
        for name, lo, mid, hi, elems in crit:
            p(f"| `{name}` | {fmt_ns(mid)} ({fmt_ns(lo)} – {fmt_ns(hi)}) | {fmt_ns(mid / elems)} |")
        p("")

    if verdicts:
        p("### Targets\n")
        p("| target | measured | met |")
        p("|---|---|---|")
        for what, measured, ok in verdicts:
            p(f"| {what} | {measured} | {'yes' if ok else '**no**'} |")
        p("")

    print("\n".join(out))
    if svg_path and rows:
        write_svg(svg_path, fwd, cg)


def criterion_rows(crit_dir):
    found = []
    for root, _dirs, files in os.walk(crit_dir):
        if os.path.basename(root) != "new" or "estimates.json" not in files:
            continue
        try:
            bench = json.load(open(os.path.join(root, "benchmark.json")))
            est = json.load(open(os.path.join(root, "estimates.json")))
        except (OSError, ValueError):
            continue
        mean = est["mean"]
        elems = 1
        tp = bench.get("throughput") or {}
        if "Elements" in tp:
            elems = max(tp["Elements"], 1)
        found.append((bench.get("full_id", root), mean["confidence_interval"]["lower_bound"],
                      mean["point_estimate"], mean["confidence_interval"]["upper_bound"], elems))
    order = {"forward": 0, "reverse": 1}

    def key(row):
        parts = row[0].split("/")
        nums = [int(x) for x in parts if x.isdigit()]
        return (order.get(parts[0], 2), parts[1] if len(parts) > 1 else "", nums, row[0])

    return sorted(found, key=key)


def write_svg(path, fwd, cg):
    """Cost per NIC against NIC count, both log scale: time (top) and, when
    callgrind ran, instructions (bottom, deterministic)."""
    timing = []
    for impl in ("ours", "baseline"):
        for d in DIALECTS:
            pts = sorted((max(n, 1), float(r["median_ns"]) / max(n, 1))
                         for (direction, dd, n, im), r in fwd.items()
                         if direction == "forward" and dd == d and im == impl)
            if pts:
                timing.append((impl, d, pts))
    instr = []
    for impl in ("ours", "baseline"):
        for d in DIALECTS:
            pts = sorted((max(int(r["nics"]), 1), float(r["instructions_per_nic"]))
                         for r in cg if r["impl"] == impl and r["dialect"] == d)
            if pts:
                instr.append((impl, d, pts))
    panels = [(timing, "Forward conversion: time per NIC vs NIC count (C ABI, median thread CPU time)",
               "time per NIC", fmt_time_tick)]
    if instr:
        panels.append((instr, "Instructions per NIC vs NIC count (callgrind; deterministic)",
                       "instructions per NIC", fmt_count_tick))
    W, PH = 760, 480
    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{PH * len(panels)}" '
         f'viewBox="0 0 {W} {PH * len(panels)}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
         f'<rect width="{W}" height="{PH * len(panels)}" fill="white"/>']
    for k, (series, title, ylabel, tick) in enumerate(panels):
        s.extend(panel(series, title, ylabel, tick, W, PH, k * PH))
    s.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(s) + "\n")


def fmt_time_tick(v):
    return f"{v:g} ns" if v < 1000 else (f"{v / 1000:g} µs" if v < 1e6 else f"{v / 1e6:g} ms")


def fmt_count_tick(v):
    return f"{v:,.0f}"


def panel(series, title, ylabel, tick, W, H, top):
    L, R, T, B = 80, 190, 50, 60
    pw, ph = W - L - R, H - T - B
    colours = {"xl": "#1f77b4", "xm": "#2ca02c", "sxpr": "#d62728"}
    xs = [x for _, _, pts in series for x, _ in pts]
    ys = [y for _, _, pts in series for _, y in pts]
    x0, x1 = 0, max(1, math.ceil(math.log10(max(xs))))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if y1 == y0:
        y1 += 1

    def sx(x):
        return L + (math.log10(x) - x0) / (x1 - x0) * pw

    def sy(y):
        return top + T + ph - (math.log10(y) - y0) / (y1 - y0) * ph

    s = [f'<text x="{L + pw / 2}" y="{top + 24}" text-anchor="middle" font-size="15">{title}</text>']
    for e in range(x0, x1 + 1):
        x = sx(10 ** e)
        s.append(f'<line x1="{x:.1f}" y1="{top + T}" x2="{x:.1f}" y2="{top + T + ph}" stroke="#ddd"/>')
        s.append(f'<text x="{x:.1f}" y="{top + T + ph + 18}" text-anchor="middle">{10 ** e:,}</text>')
    for e in range(y0, y1 + 1):
        y = sy(10 ** e)
        s.append(f'<line x1="{L}" y1="{y:.1f}" x2="{L + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        s.append(f'<text x="{L - 8}" y="{y + 4:.1f}" text-anchor="end">{tick(10 ** e)}</text>')
    s.append(f'<rect x="{L}" y="{top + T}" width="{pw}" height="{ph}" fill="none" stroke="#444"/>')
    s.append(f'<text x="{L + pw / 2}" y="{top + H - 18}" text-anchor="middle">'
             'NICs per conversion (1 = a single &lt;interface&gt; document; log scale)</text>')
    mid = top + T + ph / 2
    s.append(f'<text x="18" y="{mid}" text-anchor="middle" transform="rotate(-90 18 {mid})">'
             f'{ylabel} (log scale)</text>')
    for i, (impl, d, pts) in enumerate(series):
        dash = "" if impl == "ours" else ' stroke-dasharray="6 4"'
        c = colours[d]
        d_attr = " ".join(f"{'M' if k == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}" for k, (x, y) in enumerate(pts))
        s.append(f'<path d="{d_attr}" fill="none" stroke="{c}" stroke-width="2"{dash}/>')
        for x, y in pts:
            if impl == "ours":
                s.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3.5" fill="{c}"/>')
            else:
                s.append(f'<rect x="{sx(x) - 3.5:.1f}" y="{sy(y) - 3.5:.1f}" width="7" height="7" '
                         f'fill="white" stroke="{c}" stroke-width="1.5"/>')
        ly = top + T + 14 + i * 22
        lx = L + pw + 16
        s.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 30}" y2="{ly}" stroke="{c}" stroke-width="2"{dash}/>')
        label = "vifxml" if impl == "ours" else "libxml2+XPath"
        s.append(f'<text x="{lx + 38}" y="{ly + 4}">{label} {d}</text>')
    return s


if __name__ == "__main__":
    main()
