#!/bin/sh
# export.sh -- `e` in the explorer writes byte for byte what --batch writes
# for the same parameters and pins, and `E` what --export-network writes;
# an existing file is replaced only after a yes.
. "$srcdir/tests/tui/lib.sh"

# explore NET KEYS...: run the key lines through the scripted mode.
explore() {
	net=$1
	shift
	printf '%s\n' "$@" >"$tmp/keys"
	"$BKSEF" --keys "$tmp/keys" --dump "$tmp/screen" --ascii "$net" </dev/null \
		>/dev/null 2>"$tmp/err" || fail "explore $net $*: exit $?: $(cat "$tmp/err")"
}

# same FILE REFERENCE WHAT: the two files are identical.
same() {
	if ! cmp -s "$1" "$2"; then
		fail "$3: $1 differs from $2"
		diff "$1" "$2" | head -n 10
	fi
}

# Twenty-three steps of lambda3 from 0.1 by 0.01: 0.33.  Then stage1.1.conv
# pinned twice (3, then 5), and the per-layer scope.
explore paper-cifar10-cnn ':repeat 23 <Right>' '<Down>' '<Space>' '<Space>' s \
	e ':type plan.csv' '<Enter>' E ':type net.csv' '<Enter>'
"$BKSEF" --batch --lambda3 0.33 --pin stage1.1.conv=5 --scope layer paper-cifar10-cnn \
	-o ref-plan.csv --export-network ref-net.csv || fail "batch exit $?"
same plan.csv ref-plan.csv "steps, pin, scope"
same net.csv ref-net.csv "network export"

# A budget typed in the explorer is --budget's: the same solver, the same
# lambda3.  The default file name is NET-plan.csv.
explore resnet18 b ':type 350M' '<Enter>' e '<Enter>'
"$BKSEF" --batch --budget 350M resnet18 >ref-budget.csv 2>/dev/null || fail "batch exit $?"
same resnet18-plan.csv ref-budget.csv "budget"

# A preset (the second of the cycle: edge), the MACs cost, candidates 3,5,7
# (the cycle's second set), gamma typed exactly, then a reduction: the
# solver runs with all of those, as --reduce does.  (With 3,5,7 the
# cheapest plan saves only 5.3% of resnet18's MACs: a 3% reduction.)
explore resnet18 P P c K 4 = ':type 0.8125' '<Enter>' b ':type -3%' '<Enter>' \
	e ':type r.csv' '<Enter>'
"$BKSEF" --batch --preset edge --cost macs --candidates 3,5,7 --gamma 0.8125 --reduce 3% \
	resnet18 >ref-r.csv 2>/dev/null || fail "batch exit $?"
same r.csv ref-r.csv "preset, cost, candidates, gamma, reduce"

# An existing file: "n" keeps it, "y" replaces it.
echo old >keep.csv
explore paper-cifar10-cnn e ':type keep.csv' '<Enter>' ':dump' n
grep -q 'keep.csv exists: replace it' "$tmp/screen" || fail "no overwrite question"
[ "$(cat keep.csv)" = old ] || fail "keep.csv replaced after n"
explore paper-cifar10-cnn e ':type keep.csv' '<Enter>' y
"$BKSEF" --batch paper-cifar10-cnn >ref-keep.csv || fail "batch exit $?"
same keep.csv ref-keep.csv "replaced after y"

# A failed write says so and leaves nothing behind.
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	explore paper-cifar10-cnn e ':type ro/x.csv' '<Enter>' ':dump'
	grep -q 'not written' "$tmp/screen" || fail "no error for a read-only folder"
	[ ! -e ro/x.csv ] || fail "ro/x.csv written"
fi
explore paper-cifar10-cnn e ':type no/such/dir/x.csv' '<Enter>' ':dump'
grep -q 'not written' "$tmp/screen" || fail "no error for a missing folder"
chmod 755 ro
finish
