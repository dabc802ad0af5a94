#!/usr/bin/env python3
"""Copies tests/install/example.c and example.out into man/vifxml.3's EXAMPLE.

tests/install.rs fails when the two differ; run this after changing the
example, from anywhere:  python3 tests/install/sync_man_example.py
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
ESCAPES = {"\\": r"\e", "-": r"\-", "'": r"\(aq", "`": r"\(ga", "^": r"\(ha", "~": r"\(ti"}


def roff(text):
    lines = []
    for line in text.rstrip("\n").split("\n"):
        line = "".join(ESCAPES.get(c, c) for c in line)
        lines.append("\\&" + line if line.startswith(".") else line)
    return "\n".join(lines)


def main():
    page = ROOT / "man" / "vifxml.3"
    src = page.read_text()
    head, sep, tail = src.partition("\n.SH EXAMPLE\n")
    if not sep:
        raise SystemExit("man/vifxml.3 has no EXAMPLE section")
    blocks = [roff((ROOT / "tests" / "install" / n).read_text()) for n in ("example.c", "example.out")]
    pattern = re.compile(r"(\n\.EX\n)(.*?)(\n\.EE\n)", re.S)
    count = 0

    def swap(m):
        nonlocal count
        count += 1
        return m.group(1) + blocks[count - 1] + m.group(3) if count <= 2 else m.group(0)

    tail = pattern.sub(swap, tail)
    if count < 2:
        raise SystemExit("EXAMPLE needs two .EX/.EE blocks: the program and its output")
    page.write_text(head + sep + tail)


if __name__ == "__main__":
    main()
