#!/bin/sh
# Runs vifxml-convert on the samples and compares with expected/:
#   expected/NAME.out  the exact standard output
#   expected/NAME.err  for a failing case: fixed strings (one a line) that
#                      must all appear in standard error
# A passing case must write nothing to standard error.  Set VALGRIND to a
# command prefix (see `make memcheck`) to run every case under it.
#
# Usage: sh check.sh [path/to/vifxml-convert]    (run from c-examples/)
set -u

TOOL=${1:-./vifxml-convert}
VALGRIND=${VALGRIND:-}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

# check NAME EXPECTED_STATUS INPUT ARGS...
#   INPUT is a file given to the tool on standard input, or - for none.
check() {
    name=$1 want=$2 input=$3
    shift 3
    [ "$input" = - ] && input=/dev/null
    # shellcheck disable=SC2086 # VALGRIND is a word list
    $VALGRIND "$TOOL" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
    got=$?
    why=
    if [ "$got" -ne "$want" ]; then
        why="exit status $got, expected $want"
    elif ! diff -u "expected/$name.out" "$tmp/out" >"$tmp/diff" 2>&1; then
        why="standard output differs:
$(cat "$tmp/diff")"
    elif [ "$want" -eq 0 ] && [ -s "$tmp/err" ]; then
        why="unexpected standard error"
    elif [ "$want" -ne 0 ]; then
        while IFS= read -r pattern; do
            if ! grep -qF -- "$pattern" "$tmp/err"; then
                why="standard error lacks: $pattern"
                break
            fi
        done <"expected/$name.err"
    fi
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: $why"
        echo "     command: vifxml-convert $*"
        sed 's/^/     stderr: /' "$tmp/err"
    fi
}

# Forward: <domain> -> config line, each dialect.
check hvm-pv-drivers-xl    0 - samples/hvm-pv-drivers.xml
check hvm-pv-drivers-xm    0 - --dialect xm samples/hvm-pv-drivers.xml
check hvm-pv-drivers-sxpr  0 - --dialect=sxpr samples/hvm-pv-drivers.xml
check mixed-nics-xl        0 - samples/mixed-nics.xml
check mixed-nics-xm-3.0.4  0 - --dialect xm --xen-version 3.0.4 samples/mixed-nics.xml
check mixed-nics-sxpr      0 - -d sxpr samples/mixed-nics.xml
check pv-guest-xl          0 - samples/pv-guest.xml
check pv-guest-sxpr        0 - --dialect sxpr samples/pv-guest.xml
# --guest wins over <os><type>: the e1000 stays model=, netfront becomes model=netfront.
check mixed-nics-as-pv     0 - --guest pv samples/mixed-nics.xml
# Forward: <interface> -> one vif, from a file and from standard input.
check web-nic-xl           0 - --network lan=xenbr1 samples/web-nic.xml
check web-nic-sxpr         0 samples/web-nic.xml --dialect sxpr --network=lan=xenbr1 -
# Reverse: a vif string, a (vif ...) expression, a whole xl config file.
check reverse-vif          0 expected/reverse-vif.in --reverse
check reverse-sxpr         0 expected/reverse-sxpr.in --reverse --dialect sxpr -
check reverse-config       0 - --reverse samples/web01.cfg
# Errors: conversion errors exit 1 with the status name, usage errors exit 2.
check type-none            1 - samples/type-none.xml
check network-unresolved   1 - samples/web-nic.xml
check netfront-xl-4.1      1 - --xen-version 4.1.0 samples/hvm-pv-drivers.xml
check xml-syntax           1 expected/xml-syntax.in
check reverse-bad-key      1 expected/reverse-bad-key.in --reverse
check usage-dialect        2 - --dialect xen samples/pv-guest.xml
check usage-network        2 - --network lan samples/web-nic.xml
check usage-two-files      2 - samples/pv-guest.xml samples/web-nic.xml
check missing-file         1 - samples/no-such-file.xml

# --version names the library version; --help exits 0 on standard output.
if "$TOOL" --version | grep -q '^vifxml-convert (vifxml) [0-9]'; then
    passed=$((passed + 1)); echo "ok   version"
else
    failed=$((failed + 1)); echo "FAIL version"
fi
if "$TOOL" --help | grep -q '^Usage: vifxml-convert'; then
    passed=$((passed + 1)); echo "ok   help"
else
    failed=$((failed + 1)); echo "FAIL help"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
