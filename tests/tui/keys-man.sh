#!/bin/sh
# keys-man.sh -- bksef(1) lists exactly the keys of the explorer's key
# table: the text between the KEY TABLE markers (inside the KEYS section)
# must be what the table prints (tests/tui/keytable).  Regenerate it with
# that program after a key change.
. "$srcdir/tests/tui/lib.sh"

man="$srcdir/man/bksef.1"
"$builddir/tests/tui/keytable" >expected.roff || exit 99
# The explorer's part of the page is between the KEYS lines; in it, the
# generated key list is between the KEY TABLE lines.
sed -n '/^\.\\" BEGIN KEYS$/,/^\.\\" END KEYS$/p' "$man" >section.roff
if [ ! -s section.roff ]; then
	fail "$man has no KEYS section"
	finish
fi
sed -n '/^\.\\" BEGIN KEY TABLE$/,/^\.\\" END KEY TABLE$/p' section.roff | sed '1d;$d' \
	>actual.roff
if [ ! -s actual.roff ]; then
	fail "the KEYS section of $man has no KEY TABLE"
elif ! diff -u expected.roff actual.roff; then
	fail "the keys in bksef(1) differ from the key table (regenerate with tests/tui/keytable)"
fi
finish
