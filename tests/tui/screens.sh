#!/bin/sh
# screens.sh -- the explorer's scripted screen tests (tig style).  Each
# tests/tui/screens/NAME.keys is a key script; its "#! args:" line gives the
# options and network, and an optional "#! files:" line names files of the
# source tree (tests/tui/data/...) copied into the folder it runs in, so that
# the args name them without a path.  bksef runs it without a terminal and
# the screens it dumps must equal NAME.screen, line for line.  Reviewed by hand: the
# comments in each .keys file say where its numbers come from.
#
# BKSEF_TUI_UPDATE=1 rewrites the .screen files instead (then review the
# diff before committing: a screen is only right if its numbers are).
. "$srcdir/tests/tui/lib.sh"

for keys in "$srcdir"/tests/tui/screens/*.keys; do
	name=$(basename "$keys" .keys)
	args=$(sed -n 's/^#! args: //p' "$keys")
	files=$(sed -n 's/^#! files: //p' "$keys")
	mkdir "$tmp/$name" || exit 99
	for f in $files; do
		cp "$srcdir/$f" "$tmp/$name/" || exit 99
	done
	# The args are the test's own words: split on blanks, no globbing.
	set -f
	# shellcheck disable=SC2086
	(cd "$tmp/$name" && "$BKSEF" --keys "$keys" --dump "$tmp/$name.out" $args \
		</dev/null >"$tmp/$name.stdout" 2>"$tmp/$name.err")
	rc=$?
	set +f
	if [ "$rc" -ne 0 ]; then
		fail "$name: exit $rc: $(head -c 300 "$tmp/$name.err")"
		continue
	fi
	if [ -s "$tmp/$name.stdout" ]; then
		fail "$name: wrote to standard output"
	fi
	if grep -Eiqw 'nan|-?inf|infinity' "$tmp/$name.out"; then
		fail "$name: a NaN or an infinity on screen"
	fi
	expected="$srcdir/tests/tui/screens/$name.screen"
	if [ -n "$BKSEF_TUI_UPDATE" ]; then
		cp "$tmp/$name.out" "$expected"
	elif ! diff -u "$expected" "$tmp/$name.out" >"$tmp/$name.diff"; then
		fail "$name: the screens differ from $name.screen:"
		head -n 80 "$tmp/$name.diff"
	fi
done
finish
