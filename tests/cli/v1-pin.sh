#!/bin/sh
# tests/cli/v1-pin.sh -- format-v1 files give byte-identical --summary,
# --layers, --plan, --batch and --export-network output before and after
# format v2: every network in tests/data and tests/v1pin against the outputs
# the last bksef before format v2 wrote (tests/v1pin/make-v1pin.sh).  The
# bundled networks are pinned by golden.sh.
. "$srcdir/tests/cli/lib.sh"

pin=$srcdir/tests/v1pin
n=0
for f in "$srcdir"/tests/data/*.csv "$pin"/*.csv; do
	name=$(basename "$f" .csv)
	dir=$(dirname "$f")
	# format-2 files (tests/data/v2-*.csv) are not pinned here
	[ "$(head -n 1 "$f")" = "#bksef-format 2" ] && continue
	n=$((n + 1))
	for mode in summary layers plan; do
		(cd "$dir" && "$BKSEF" --$mode "./$name.csv") >"$tmp/out" 2>"$tmp/err" ||
			fail "$name --$mode: exit $?: $(head -c 300 "$tmp/err")"
		cmp -s "$pin/$name.$mode" "$tmp/out" || fail "$name --$mode differs from before format v2"
	done
	(cd "$dir" && "$BKSEF" --batch -o "$tmp/batch" --export-network "$tmp/export" "./$name.csv") \
		2>"$tmp/err" || fail "$name --batch: exit $?: $(head -c 300 "$tmp/err")"
	cmp -s "$pin/$name.batch" "$tmp/batch" || fail "$name --batch differs from before format v2"
	cmp -s "$pin/$name.export" "$tmp/export" ||
		fail "$name --export-network differs from before format v2"
done
[ "$n" -ge 9 ] || fail "only $n pinned networks"
finish
