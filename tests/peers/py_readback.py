#!/usr/bin/env python3
"""Check that Python reads vifxml's config lines back as libxlutil does (SPEC §4).

usage: py_readback.py DUMP_DIR

DUMP_DIR holds what xlutil_readback wrote: NAME.cfg (a config text: a
generated `vif = [ ... ]` line, or a hand-written config marked
`# vifxml-python: yes`) and NAME.vifs (the entry count, then each entry that
libxlutil read back, hex-encoded, one per line).  Each NAME.cfg is run as
Python, as xend ran xm config files, with no builtins; its `vif` (absent: no
entries) must be a list of str equal, item for item, to NAME.vifs.

Prints one line per file and `N passed, N failed` last; exits 1 on failure.
"""
import os
import sys


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    dump = sys.argv[1]
    passed = failed = 0
    names = sorted(n[:-4] for n in os.listdir(dump) if n.endswith(".cfg"))
    for name in names:
        with open(os.path.join(dump, name + ".cfg"), "rb") as f:
            text = f.read().decode("utf-8")
        with open(os.path.join(dump, name + ".vifs"), encoding="ascii") as f:
            lines = f.read().split("\n")
        count = int(lines[0])
        want = [bytes.fromhex(h).decode("utf-8") for h in lines[1 : 1 + count]]
        ns = {}
        try:
            exec(compile(text, name + ".cfg", "exec"), {"__builtins__": {}}, ns)
            got = ns.get("vif", [])
            ok = isinstance(got, list) and all(isinstance(v, str) for v in got) and got == want
            detail = "" if ok else "\n       python:    %r\n       libxlutil: %r" % (got, want)
        except Exception as e:  # noqa: BLE001 - any failure is a finding
            ok = False
            detail = "\n       python raised %s: %s\n       config: %r" % (type(e).__name__, e, text)
        if ok:
            passed += 1
            print("ok   python reads %s as libxlutil does (%d vif)" % (name, count))
        else:
            failed += 1
            print("FAIL python reads %s differently from libxlutil%s" % (name, detail))
    if not names:
        failed += 1
        print("FAIL no config texts in %s" % dump)
    print("python read back: %d config texts" % passed)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
