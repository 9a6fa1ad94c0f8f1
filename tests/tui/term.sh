#!/bin/sh
# term.sh -- the explorer and the terminal it is given: TERM=dumb, an
# unknown TERM and no TERM get a clear message, exit 2, and not one escape
# sequence; a pipe as standard output is refused; a bad key script is a
# usage error naming its line.
. "$srcdir/tests/tui/lib.sh"

esc=$(printf '\033')

# Standard output not a terminal: exit 2, nothing painted into the pipe.
"$BKSEF" paper-cifar10-cnn </dev/null >out 2>err
rc=$?
[ "$rc" -eq 2 ] || fail "stdout a file: exit $rc, not 2"
[ ! -s out ] || fail "stdout a file: something was written to it"
grep -q -- '--batch' err || fail "stdout a file: no hint at --batch: $(cat err)"

# A key script with an unknown key: exit 2, FILE:LINE named.
printf 'j\n<Nope>\n' >bad.keys
"$BKSEF" --keys bad.keys --dump out paper-cifar10-cnn </dev/null >/dev/null 2>err
rc=$?
[ "$rc" -eq 2 ] || fail "bad script: exit $rc, not 2"
grep -q 'bad.keys:2: unknown key' err || fail "bad script: $(cat err)"
"$BKSEF" --keys no-such.keys paper-cifar10-cnn </dev/null >/dev/null 2>err
rc=$?
[ "$rc" -eq 2 ] || fail "missing script: exit $rc, not 2"

# The rest needs a terminal on standard output: script(1) makes one.
if ! command -v script >/dev/null 2>&1; then
	echo "script (util-linux) is not installed: the TERM cases need a pseudo-terminal"
	finish
fi
for term in dumb no-such-terminal unset empty; do
	case $term in
	unset) set -- env -u TERM ;;
	empty) set -- env TERM= ;;
	*) set -- env TERM="$term" ;;
	esac
	script -qec "$* \"$BKSEF\" paper-cifar10-cnn" /dev/null </dev/null >out 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || fail "TERM $term: exit $rc, not 2: $(cat out)"
	grep -q -- '--batch' out || fail "TERM $term: no hint at --batch: $(cat out)"
	if grep -q "$esc" out; then
		fail "TERM $term: escape sequences were written to the terminal"
	fi
done
finish
