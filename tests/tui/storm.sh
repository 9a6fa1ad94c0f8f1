#!/bin/sh
# storm.sh -- random key storms through the scripted mode: thousands of keys
# from fixed seeds, resizes from 1x1 to 400x120, mouse events, typed junk.
# No crash, no hang (each run is bounded by `timeout`), exit status 0, and
# nothing on screen reads "nan" or "inf".
. "$srcdir/tests/tui/lib.sh"

storm="$builddir/tests/tui/keystorm"
[ -x "$storm" ] || { echo "keystorm not built"; exit 99; }
# The checkers slow bksef down (sanitizers about 2x, valgrind about 50x):
# fewer keys there, to stay within a few tens of seconds.
count=4000
[ "$BKSEF_MEMCHECK" = sanitizers ] && count=2000
[ "$BKSEF_MEMCHECK" = valgrind ] && count=300
command -v timeout >/dev/null 2>&1 && limit="timeout 120" || limit=

for seed in 1 2 3; do
	# inception_v3: format 2's per-axis kernels (score columns, pins).
	for net in paper-cifar10-cnn resnet50 inception_v3; do
		"$storm" "$seed" "$count" >"storm-$seed.keys" || exit 99
		# shellcheck disable=SC2086
		$limit "$BKSEF" --keys "storm-$seed.keys" --dump "storm-$seed.out" "$net" \
			</dev/null >/dev/null 2>"storm.err"
		rc=$?
		if [ "$rc" -ne 0 ]; then
			fail "seed $seed on $net: exit $rc: $(head -c 300 storm.err)"
		fi
		if grep -Eiqw 'nan|-?inf|infinity' "storm-$seed.out"; then
			fail "seed $seed on $net: a NaN or an infinity on screen"
		fi
		grep -q '^--- screen [0-9]*x[0-9]*: end$' "storm-$seed.out" ||
			fail "seed $seed on $net: the storm did not reach its end"
	done
	# ASCII and no colour take other drawing paths.
	# shellcheck disable=SC2086
	NO_COLOR=1 $limit "$BKSEF" --keys "storm-$seed.keys" --dump /dev/null --ascii vgg16 \
		</dev/null >/dev/null 2>storm.err || fail "seed $seed --ascii: exit $?"
done
finish
