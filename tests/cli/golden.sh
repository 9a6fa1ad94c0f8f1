#!/bin/sh
# tests/cli/golden.sh -- the session core's candidate tables carry every
# bundled network to the outputs bksef 0.1.0 gave (tests/golden, made by
# tests/golden/make-golden.sh): --summary, --layers and --sweep byte for byte,
# --batch column for column over the columns 0.1.0 wrote (the plan CSV has
# gained context columns after `cost` since).
. "$srcdir/tests/cli/lib.sh"

golden=$srcdir/tests/golden
n=0
for file in "$golden"/*.summary; do
	net=$(basename "$file" .summary)
	n=$((n + 1))
	for mode in summary layers sweep batch; do
		(cd "$srcdir/data" && "$BKSEF" --$mode "./$net.csv") >"$tmp/out" 2>"$tmp/err" ||
			fail "$net --$mode: exit $?: $(head -c 300 "$tmp/err")"
		if [ "$mode" = batch ]; then
			python3 - "$golden/$net.batch" "$tmp/out" <<'PY' || fail "$net --batch differs from 0.1.0"
import csv, sys
with open(sys.argv[1], newline='') as f:
    old = list(csv.reader(f))
with open(sys.argv[2], newline='') as f:
    new = list(csv.reader(f))
assert len(old) == len(new), (len(old), len(new))
width = len(old[0])
assert new[0][:width] == old[0], (new[0][:width], old[0])
for a, b in zip(old, new):
    assert b[:width] == a, (a, b[:width])
PY
		else
			cmp -s "$golden/$net.$mode" "$tmp/out" || fail "$net --$mode differs from 0.1.0"
		fi
	done
done
[ "$n" -ge 9 ] || fail "only $n golden networks"
finish
