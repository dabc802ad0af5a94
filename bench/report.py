#!/usr/bin/env python3
"""Summarises a bench/run.sh results directory as Markdown and draws the plot.

    python3 bench/report.py bench/results bench/plot.svg [CRITERION_DIR]

Reads c_time.tsv, callgrind.tsv, allocs.txt, rss.txt, verify.txt and
machine.txt from the results directory (whatever of them exists) and prints:
the goals of issue #14 with vifxml's ratio to its peer in instructions and in
CPU time and whether each is met; the flatness of the per-item cost from the
smallest size to the largest; one table per path with both sides; allocations;
peak memory.  Writes an SVG of the cost per item against the size for every
path (hand-written SVG: no plotting library needed).  With CRITERION_DIR
(target/criterion after `cargo bench --bench convert`), also tabulates
criterion's estimates.
"""
import csv
import json
import math
import os
import sys

PATHS = ["interface", "domain", "vif", "vif-rich", "config"]
DIALECTS = ["xl", "xm", "sxpr"]
IMPLS = ["ours", "peer", "parse"]

# What each path is and what its peers are.
PATH_TITLE = {
    "interface": "one `<interface>` → vif string (`vifxml_interface_to_vif`)",
    "domain": "`<domain>` of N NICs → config line (`vifxml_domain_to_config`)",
    "vif": "one vif string → `<interface>` (`vifxml_vif_to_interface`; the issue's vif)",
    "vif-rich": "one vif string with every key → `<interface>` (`vifxml_vif_to_interface`)",
    "config": "xl or xm config of N entries → `<devices>` (`vifxml_config_to_interfaces`)",
}
PEER_NAME = {
    ("interface", "peer"): "libxml2 DOM + XPath",
    ("domain", "peer"): "libxml2 DOM + XPath per NIC",
    ("vif", "peer"): "strtok_r + libxml2 tree + dump",
    ("vif-rich", "peer"): "strtok_r + libxml2 tree + dump",
    ("config", "peer"): "libxlutil + strtok_r + libxml2 tree + dump",
    ("config", "parse"): "libxlutil's parse alone",
}

# The goals of issue #14: (path, size, peer it is stated against, ratio, text).
GOALS = [
    ("config", 1000, "parse", 1.0, "xl config, 1,000 entries: ≥ 1.0× libxlutil's parse alone"),
    ("vif", 1, "peer", 10.0, "one vif string (the issue's): ≥ 10× strtok_r + libxml2"),
    ("vif-rich", 1, "peer", 10.0, "one vif string, every key: ≥ 10× strtok_r + libxml2"),
    ("domain", 100, "peer", 25.0, "`<domain>` of 100 NICs, per NIC: ≥ 25× libxml2 + XPath"),
    ("interface", 1, "peer", 30.0, "one `<interface>`: hold ≥ 30× libxml2 + XPath"),
]
FLAT = 1.5  # per-item cost at the largest size within 1.5× of that at the smallest


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def read_kv(path):
    if not os.path.exists(path):
        return []
    rows = []
    for line in open(path):
        kv = dict(x.split("=", 1) for x in line.split() if "=" in x)
        if kv:
            rows.append(kv)
    return rows


def fmt_ns(ns):
    if ns < 1e4:
        return f"{ns:,.0f} ns"
    if ns < 1e7:
        return f"{ns / 1e3:,.1f} µs"
    return f"{ns / 1e6:,.1f} ms"


def fmt_n(n, path):
    return f"{n:,}" if path in ("domain", "config") else "1"


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
        lines = [l for l in open(verify).read().split("\n") if l.strip()]
        same = sum(1 for l in lines if " same " in l or "reads every entry" in l)
        diff = [l for l in lines if "DIFFERENT" in l]
        p(f"Checked before timing: {same} of {len(lines)} cases identical "
          "(every peer's output byte for byte equal to vifxml's; the parse-only peer read every entry"
          + (f"); different: {', '.join(diff)}" if diff else ").") + "\n")

    # (path, dialect, n, impl) -> row
    tm = {(r["path"], r["dialect"], int(r["n"]), r["impl"]): r for r in read_tsv(os.path.join(res, "c_time.tsv"))}
    cg = {(r["path"], r["dialect"], int(r["n"]), r["impl"]): r for r in read_tsv(os.path.join(res, "callgrind.tsv"))}
    allocs = read_kv(os.path.join(res, "allocs.txt"))
    rss = read_kv(os.path.join(res, "rss.txt"))

    def t(path, n, impl, d="xl"):
        r = tm.get((path, d, n, impl))
        return float(r["median_ns"]) if r else None

    def ins(path, n, impl, d="xl"):
        r = cg.get((path, d, n, impl))
        return int(r["instructions_per_op"]) if r else None

    # ---- goals ----
    if tm or cg:
        p("### The goals of issue #14 (xl)\n")
        p("Ratio = the peer's cost / vifxml's, per operation (per NIC and per entry alike): "
          "instructions from callgrind, CPU time from the medians of `bench_c time`. "
          "A goal is met when both ratios reach it.\n")
        p("| goal | vifxml instr | peer instr | ratio (instr) | vifxml time | peer time | ratio (time) | met |")
        p("|---|---:|---:|---:|---:|---:|---:|---|")
        for path, n, peer, goal, text in GOALS:
            oi, pi = ins(path, n, "ours"), ins(path, n, peer)
            ot, pt = t(path, n, "ours"), t(path, n, peer)
            per = n if n > 1 else 1
            ri = pi / oi if oi and pi else None
            rt = pt / ot if ot and pt else None
            unit = " /item" if per > 1 else ""
            cells = [
                f"{oi / per:,.0f}{unit}" if oi else "–",
                f"{pi / per:,.0f}{unit}" if pi else "–",
                f"{ri:.2f}×" if ri else "–",
                fmt_ns(ot / per) + unit if ot else "–",
                fmt_ns(pt / per) + unit if pt else "–",
                f"{rt:.2f}×" if rt else "–",
            ]
            known = [r for r in (ri, rt) if r is not None]
            met = "–" if not known else ("yes" if all(r >= goal for r in known) and len(known) == 2
                                        else ("**no**" if any(r < goal for r in known) else "yes (instr only)"))
            p(f"| {text} | " + " | ".join(cells) + f" | {met} |")
        p("")

    # ---- flatness ----
    sized_rows = []
    for path in ("domain", "config"):
        for impl in IMPLS:
            for src, get, unit in ((cg, ins, "instr"), (tm, t, "time")):
                ns = sorted(n for (pp, d, n, i) in src if pp == path and d == "xl" and i == impl)
                if len(ns) < 2:
                    continue
                a, z = ns[0], ns[-1]
                va, vz = get(path, a, impl) / a, get(path, z, impl) / z
                sized_rows.append((path, impl, unit, a, va, z, vz))
    if sized_rows:
        p(f"### Per-item cost from the smallest size to the largest (xl; flat = within {FLAT}×)\n")
        p("| path | implementation | measure | smallest | per item | largest | per item | largest / smallest | flat |")
        p("|---|---|---|---:|---:|---:|---:|---:|---|")
        for path, impl, unit, a, va, z, vz in sized_rows:
            name = "vifxml" if impl == "ours" else PEER_NAME[(path, impl)]
            f = (lambda v: f"{v:,.0f}") if unit == "instr" else fmt_ns
            r = vz / va
            p(f"| {path} | {name} | {'instructions' if unit == 'instr' else 'CPU time'} | {a:,} | {f(va)} | "
              f"{z:,} | {f(vz)} | {r:.2f} | {'yes' if r <= FLAT else '**no**'} |")
        p("")

    # ---- page faults ----
    fault_rows = sorted({(pp, n) for (pp, d, n, i), r in tm.items() if d == "xl" and r.get("faults_per_op")},
                        key=lambda k: (PATHS.index(k[0]), k[1]))
    if fault_rows:
        p("### Minor page faults per conversion (xl; median of the timed samples)\n")
        p("Each sample's child converts once untimed, then counts `ru_minflt` over its timed runs: "
          "memory the conversion takes from the kernel afresh every time (glibc returns large "
          "blocks and trims the heap top). Part of the CPU time, not of the instructions.\n")
        p("| path | n | vifxml | peer | parse |")
        p("|---|---:|---:|---:|---:|")
        for pp, n in fault_rows:
            cells = []
            for i in IMPLS:
                r = tm.get((pp, "xl", n, i))
                cells.append(f"{float(r['faults_per_op']):,.1f}" if r else "–")
            p(f"| {pp} | {fmt_n(n, pp)} | " + " | ".join(cells) + " |")
        p("")

    # ---- memory ----
    if rss:
        p("### Peak memory (one conversion of the largest input, xl)\n")
        p("`ru_maxrss` of a fresh process (`bench_c rss`): at start (after a warm-up conversion of 8 "
          "NICs/entries), after reading the input into one buffer of its exact size, and after the "
          "conversion. \"added\" = peak − after reading: what the conversion itself held at its peak; "
          "bounded by input + output when peak − start ≤ input + output (+ 256 KiB of pages).\n")
        p("| path | implementation | input | output | input + output | peak − start | (peak − start) / (input + output) | added by the conversion | bounded |")
        p("|---|---|---:|---:|---:|---:|---:|---:|---|")
        mib = 1024 * 1024
        for kv in rss:
            i, o = int(kv["in_bytes"]), int(kv["out_bytes"])
            s, l, k = (int(kv[x]) * 1024 for x in ("rss_start_kib", "rss_loaded_kib", "rss_peak_kib"))
            name = "vifxml" if kv["impl"] == "ours" else PEER_NAME[(kv["path"], kv["impl"])]
            ok = (k - s) <= i + o + 256 * 1024
            p(f"| {kv['path']} | {name} | {i / mib:.1f} MiB | {o / mib:.1f} MiB | {(i + o) / mib:.1f} MiB | "
              f"{(k - s) / mib:.1f} MiB | {(k - s) / (i + o):.2f} | {(k - l) / mib:.1f} MiB | "
              f"{'yes' if ok else 'no'} |")
        p("")

    # ---- one table per path ----
    for path in PATHS:
        keys = sorted({(d, n) for (pp, d, n, i) in list(tm) + list(cg) if pp == path},
                      key=lambda k: (DIALECTS.index(k[0]), k[1]))
        if not keys:
            continue
        peers = [i for i in ("peer", "parse") if any((path, d, n, i) in tm or (path, d, n, i) in cg for d, n in keys)]
        p(f"### {PATH_TITLE[path]}\n")
        p("Peers: " + "; ".join(f"**{i}** = {PEER_NAME[(path, i)]}" for i in peers) + ". "
          "Time: median CPU time per conversion (and per item); instructions: callgrind, xl only. "
          "Ratio = peer / vifxml.\n")
        head = ["dialect", "n", "vifxml time", "vifxml / item"]
        for i in peers:
            head += [f"{i} time", f"{i} / item", "ratio"]
        head += ["vifxml instr", "vifxml instr / item"]
        for i in peers:
            head += [f"{i} instr / item", "ratio"]
        head += ["input bytes", "output bytes"]
        p("| " + " | ".join(head) + " |")
        p("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for d, n in keys:
            ot, oi = t(path, n, "ours", d), ins(path, n, "ours", d)
            row = [d, fmt_n(n, path), fmt_ns(ot) if ot else "–", fmt_ns(ot / n) if ot else "–"]
            for i in peers:
                pt = t(path, n, i, d)
                row += [fmt_ns(pt) if pt else "–", fmt_ns(pt / n) if pt else "–",
                        f"{pt / ot:.2f}×" if pt and ot else "–"]
            row += [f"{oi:,}" if oi else "–", f"{oi / n:,.0f}" if oi else "–"]
            for i in peers:
                pi = ins(path, n, i, d)
                row += [f"{pi / n:,.0f}" if pi else "–", f"{pi / oi:.2f}×" if pi and oi else "–"]
            r = tm.get((path, d, n, "ours"))
            row += [f"{int(r['in_bytes']):,}" if r else "–", f"{int(r['out_bytes']):,}" if r else "–"]
            p("| " + " | ".join(row) + " |")
        p("")

    # ---- allocations ----
    if allocs:
        p("### Heap allocations per conversion (xl; `LD_PRELOAD=bench/alloc_count.so bench_c allocs`)\n")
        p("Calls that return memory (malloc, calloc, realloc, aligned), counted after two warm-up "
          "conversions; \"of which realloc\" = reallocs of a live block; frees during the conversion "
          "(the caller's free of the output is not in it). Deterministic: two counted runs agree.\n")
        p("| path | n | implementation | allocations | per item | of which realloc | bytes asked for | frees |")
        p("|---|---:|---|---:|---:|---:|---:|---:|")
        for kv in allocs:
            n = int(kv["n"])
            name = "vifxml" if kv["impl"] == "ours" else PEER_NAME[(kv["path"], kv["impl"])]
            det = "" if kv.get("deterministic") == "yes" else " (varies)"
            p(f"| {kv['path']} | {fmt_n(n, kv['path'])} | {name} | {int(kv['allocs']):,}{det} | "
              f"{int(kv['allocs']) / n:,.1f} | {int(kv.get('reallocs', 0)):,} | {int(kv['bytes']):,} | "
              f"{int(kv['frees']):,} |")
        p("")

    crit = criterion_rows(crit_dir) if crit_dir else []
    if crit:
        p("### criterion (Rust API; `cargo bench --bench convert`)\n")
        p("Point estimate of the mean with its 95% confidence interval; per element = per NIC or entry.\n")
        p("| benchmark | time (95% CI) | per element |")
        p("|---|---:|---:|")
        for name, lo, mid, hi, elems in crit:
            p(f"| `{name}` | {fmt_ns(mid)} ({fmt_ns(lo)} – {fmt_ns(hi)}) | {fmt_ns(mid / elems)} |")
        p("")

    print("\n".join(out))
    if svg_path and (tm or cg):
        write_svg(svg_path, tm, cg)


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


# ---- the plot ----

# (path, impl) -> colour, dash, label
STYLE = {
    ("domain", "ours"): ("#1f77b4", "", "vifxml: <domain> → config line"),
    ("domain", "peer"): ("#1f77b4", "6 4", "libxml2 + XPath: <domain>"),
    ("interface", "ours"): ("#ff7f0e", "", "vifxml: one <interface>"),
    ("interface", "peer"): ("#ff7f0e", "6 4", "libxml2 + XPath: one <interface>"),
    ("config", "ours"): ("#d62728", "", "vifxml: config → <devices>"),
    ("config", "peer"): ("#d62728", "6 4", "libxlutil + strtok_r + libxml2"),
    ("config", "parse"): ("#2ca02c", "2 3", "libxlutil parse alone"),
    ("vif", "ours"): ("#8c564b", "", "vifxml: one vif"),
    ("vif", "peer"): ("#8c564b", "6 4", "strtok_r + libxml2: one vif"),
    ("vif-rich", "ours"): ("#9467bd", "", "vifxml: one vif, every key"),
    ("vif-rich", "peer"): ("#9467bd", "6 4", "strtok_r + libxml2: one vif, every key"),
}


def write_svg(path, tm, cg):
    """Cost per item against the size, both log scales, xl: forward (left) and
    reverse (right) paths; CPU time (top) and instructions (bottom).  Single-item
    paths are points at size 1."""
    cols = [("Forward: <interface>/<domain> → vif", ["domain", "interface"]),
            ("Reverse: vif/config → <interface>/<devices>", ["config", "vif", "vif-rich"])]
    rows = [("median CPU time per item", tm, "median_ns", fmt_time_tick),
            ("instructions per item (callgrind)", cg, "instructions_per_op", fmt_count_tick)]
    rows = [r for r in rows if r[1]]
    W, PH, PW = 1200, 430, 600
    H = PH * len(rows) + 40
    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
         'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15">vifxml against its peers: '
         'cost per NIC / entry against their number (xl; log scales)</text>']
    for ri, (ylabel, src, field, tick) in enumerate(rows):
        for ci, (title, paths) in enumerate(cols):
            series = []
            for pth in paths:
                for impl in IMPLS:
                    pts = sorted((n, float(r[field]) / n) for (pp, d, n, i), r in src.items()
                                 if pp == pth and d == "xl" and i == impl)
                    if pts:
                        series.append(((pth, impl), pts))
            if series:
                s.extend(panel(series, f"{title}: {ylabel}", ylabel, tick, ci * PW, 40 + ri * PH, PW, PH))
    s.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(s) + "\n")


def fmt_time_tick(v):
    return f"{v:g} ns" if v < 1000 else (f"{v / 1000:g} µs" if v < 1e6 else f"{v / 1e6:g} ms")


def fmt_count_tick(v):
    return f"{v:,.0f}"


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def panel(series, title, ylabel, tick, left, top, W, H):
    L, R, T, B = 70, 34, 30, 150
    pw, ph = W - L - R, H - T - B
    xs = [x for _, pts in series for x, _ in pts]
    ys = [y for _, pts in series for _, y in pts]
    x0, x1 = 0, max(1, math.ceil(math.log10(max(xs))))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if y1 == y0:
        y1 += 1

    def sx(x):
        return left + L + (math.log10(x) - x0) / (x1 - x0) * pw

    def sy(y):
        return top + T + ph - (math.log10(y) - y0) / (y1 - y0) * ph

    s = [f'<text x="{left + L + pw / 2}" y="{top + 16}" text-anchor="middle" font-size="13">{esc(title)}</text>']
    for e in range(x0, x1 + 1):
        x = sx(10 ** e)
        s.append(f'<line x1="{x:.1f}" y1="{top + T}" x2="{x:.1f}" y2="{top + T + ph}" stroke="#ddd"/>')
        s.append(f'<text x="{x:.1f}" y="{top + T + ph + 15}" text-anchor="middle">{10 ** e:,}</text>')
    for e in range(y0, y1 + 1):
        for m in (1, 2, 5):
            v = m * 10 ** e
            if v > 10 ** y1:
                continue
            y = sy(v)
            s.append(f'<line x1="{left + L}" y1="{y:.1f}" x2="{left + L + pw}" y2="{y:.1f}" '
                     f'stroke="{"#ddd" if m == 1 else "#f0f0f0"}"/>')
            if m == 1 or y1 - y0 <= 2:
                s.append(f'<text x="{left + L - 6}" y="{y + 4:.1f}" text-anchor="end">{tick(v)}</text>')
    s.append(f'<rect x="{left + L}" y="{top + T}" width="{pw}" height="{ph}" fill="none" stroke="#444"/>')
    s.append(f'<text x="{left + L + pw / 2}" y="{top + T + ph + 32}" text-anchor="middle">'
             'NICs / entries per conversion (1 = a single document or vif)</text>')
    mid = top + T + ph / 2
    s.append(f'<text x="{left + 14}" y="{mid}" text-anchor="middle" transform="rotate(-90 {left + 14} {mid})">'
             f'{esc(ylabel)}</text>')
    for i, (key, pts) in enumerate(series):
        colour, dash, label = STYLE[key]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if len(pts) > 1:
            d_attr = " ".join(f"{'M' if k == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}" for k, (x, y) in enumerate(pts))
            s.append(f'<path d="{d_attr}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for x, y in pts:
            if key[1] == "ours":
                s.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3.5" fill="{colour}"/>')
            else:
                s.append(f'<rect x="{sx(x) - 3.5:.1f}" y="{sy(y) - 3.5:.1f}" width="7" height="7" '
                         f'fill="white" stroke="{colour}" stroke-width="1.5"/>')
        # legend under the panel, two columns
        lx = left + L + (i % 2) * (pw / 2)
        ly = top + T + ph + 52 + (i // 2) * 18
        if len(pts) > 1:
            s.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 26}" y2="{ly}" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        elif key[1] == "ours":
            s.append(f'<circle cx="{lx + 13}" cy="{ly}" r="3.5" fill="{colour}"/>')
        else:
            s.append(f'<rect x="{lx + 9.5}" y="{ly - 3.5}" width="7" height="7" fill="white" stroke="{colour}" stroke-width="1.5"/>')
        s.append(f'<text x="{lx + 32}" y="{ly + 4}">{esc(label)}</text>')
    return s


if __name__ == "__main__":
    main()
