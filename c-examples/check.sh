#!/bin/sh
# Runs vifxml-convert on the samples and compares with expected/:
#   expected/NAME.out  the exact standard output
#   expected/NAME.err  the exact standard error; without one, standard error
#                      must be empty
#   expected/NAME.in   an input written for the checks (given on standard
#                      input or as a file, as the case says)
# Set VALGRIND to a command prefix (see `make memcheck`) to run every case
# under it.  Set UPDATE=1 to (re)write expected/NAME.out and .err from what
# the tool prints instead of comparing (then review the diff: after a library
# change to its messages, for example).
#
# Usage: sh check.sh [path/to/vifxml-convert]    (run from c-examples/)
set -u

TOOL=${1:-./vifxml-convert}
VALGRIND=${VALGRIND:-}
UPDATE=${UPDATE:-}
LC_ALL=C # strerror() texts in English
export LC_ALL
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
    if [ -n "$UPDATE" ] && [ "$got" -eq "$want" ]; then
        cp "$tmp/out" "expected/$name.out"
        if [ -s "$tmp/err" ]; then
            cp "$tmp/err" "expected/$name.err"
        else
            rm -f "expected/$name.err"
        fi
    fi
    why=
    if [ "$got" -ne "$want" ]; then
        why="exit status $got, expected $want"
    elif ! diff -u "expected/$name.out" "$tmp/out" >"$tmp/diff" 2>&1; then
        why="standard output differs:
$(cat "$tmp/diff")"
    elif [ -f "expected/$name.err" ]; then
        if ! diff -u "expected/$name.err" "$tmp/err" >"$tmp/diff" 2>&1; then
            why="standard error differs:
$(cat "$tmp/diff")"
        fi
    elif [ -s "$tmp/err" ]; then
        why="unexpected standard error"
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

# Forward: <domain> -> config line, each dialect.  The vif7.0 target is a
# generated name: not written, with a warning.
check hvm-pv-drivers-xl    0 - samples/hvm-pv-drivers.xml
check hvm-pv-drivers-xm    0 - --dialect xm samples/hvm-pv-drivers.xml
check hvm-pv-drivers-sxpr  0 - --dialect=sxpr samples/hvm-pv-drivers.xml
check hvm-pv-drivers-quiet 0 - --quiet samples/hvm-pv-drivers.xml
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
# Reverse: any statement makes a config file, even with no vif setting in it
# (a commented-out vif line is no statement); comments and blank lines around
# a lone vif string leave it one vif, and its errors keep the file's places.
check reverse-no-vif       0 - --reverse expected/reverse-no-vif.in
check reverse-commented-vif 0 - --reverse expected/reverse-commented-vif.in
check reverse-commented-vif-error 1 - --reverse expected/reverse-commented-vif-error.in

# Diagnostics: FILE:LINE:COLUMN: error|warning: STATUS: message, the line, a caret.
check type-none            1 - samples/type-none.xml
check netfront-xl-4.1      1 - --xen-version 4.1.0 samples/hvm-pv-drivers.xml
check xml-syntax           1 expected/xml-syntax.in
check reverse-bad-key      1 expected/reverse-bad-key.in --reverse
# Every error of a domain at once (tabs kept before the caret), then its warnings;
# --quiet leaves the errors.
check multi-error          1 - --dialect xm expected/multi-error.in
check multi-error-quiet    1 - --dialect xm --quiet expected/multi-error.in
# A successful conversion with warnings: exit 0, warnings on stderr; -q hides them.
check warnings             0 - expected/warnings.in
check warnings-quiet       0 expected/warnings.in -q
# CRLF line ends: the same lines and columns, no \r shown.
check crlf                 1 - expected/crlf.in
# A config file: each entry's errors at their own line, with vif[n]/key.
check config-errors        1 - --reverse expected/config-errors.in
# xl refuses CRLF config files: the caret goes where the \r is, unshown.
check config-crlf          1 - --reverse expected/config-crlf.in
# NETWORK_UNRESOLVED: a --network hint with the network's name, quoted for a
# shell when needed, generic when the name is spelt with an entity or holds
# a character that is shown escaped (a bidi override).
check network-unresolved   1 - --network wan=xenbr2 expected/network-unresolved.in
# What is echoed cannot act on the terminal; a long line is cut around the column.
check hidden-chars         1 - expected/hidden-chars.in
check invalid-utf8         1 expected/invalid-utf8.in
check long-line            1 - expected/long-line.in

# Usage errors exit 2 with the reason; option values the library refuses too.
check usage-dialect        2 - --dialect xen samples/pv-guest.xml
check usage-guest          2 - --guest kvm samples/pv-guest.xml
check usage-xen-version    2 - --xen-version 4 samples/pv-guest.xml
check usage-xen-version-xl 2 - --xen-version 3.0.4 samples/pv-guest.xml
check usage-xen-version-xm 2 - --dialect xm -x 4.5 samples/pv-guest.xml
check usage-network        2 - --network lan samples/web-nic.xml
check usage-network-name   2 - --network =xenbr1 samples/web-nic.xml
check usage-network-bridge 2 - --network 'lan=xenbr1;reboot' samples/web-nic.xml
check usage-network-long   2 - --network lan=a-very-long-bridge samples/web-nic.xml
check usage-network-empty  2 - --network lan= samples/web-nic.xml
check usage-reverse-sxpr   2 - --reverse --dialect sxpr samples/web01.cfg
check usage-unknown-option 2 - --colour samples/pv-guest.xml
check usage-missing-value  2 - samples/pv-guest.xml --dialect
check usage-extra-value    2 - --quiet=yes samples/pv-guest.xml
check usage-two-files      2 - samples/pv-guest.xml samples/web-nic.xml
check missing-file         1 - samples/no-such-file.xml

# Past 100 problems the library stops; a note says there may be more.
i=0
{
    echo "<domain type='xen'><os><type>hvm</type></os><devices>"
    while [ $i -lt 120 ]; do
        echo "<interface type='bridge'><source bridge='br$i!'/></interface>"
        i=$((i + 1))
    done
    echo "</devices></domain>"
} >"$tmp/many.xml"
# shellcheck disable=SC2086 # VALGRIND is a word list
$VALGRIND "$TOOL" "$tmp/many.xml" >/dev/null 2>"$tmp/many.err"
got=$?
errors=$(grep -c ': error: UNSAFE_VALUE: ' "$tmp/many.err")
last=$(tail -n 1 "$tmp/many.err")
if [ "$got" -eq 1 ] && [ "$errors" -eq 100 ] &&
    [ "$last" = "$tmp/many.xml: note: vifxml reports at most 100 problems at a time; there may be more" ]; then
    passed=$((passed + 1)); echo "ok   too-many"
else
    failed=$((failed + 1))
    echo "FAIL too-many: exit status $got, $errors errors, last line: $last"
fi

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
