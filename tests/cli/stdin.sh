#!/bin/sh
# tests/cli/stdin.sh -- "-" reads the network from standard input, with the
# same results as the file and "(standard input)" in messages.
. "$srcdir/tests/cli/lib.sh"
t=$srcdir/tests/data

for f in tiny tiny-crlf tiny-bom quoted-names; do
	run --layers "$t/$f.csv"
	expect_rc 0
	mv "$tmp/out" "$tmp/from-file"
	run_stdin "$t/$f.csv" --layers -
	expect_rc 0
	expect_no_err
	cmp -s "$tmp/out" "$tmp/from-file" || fail "$what < $f.csv differs from the file's --layers"
done

# The totals of tiny.csv (tests/unit/test_net.c) through a pipe.
# shellcheck disable=SC2002 # a pipe on purpose, not a file
cat "$t/tiny.csv" | "$BKSEF" --summary - >"$tmp/out" 2>"$tmp/err"
rc=$?
what="cat tiny.csv | bksef --summary -"
expect_rc 0
expect_no_err
expect_line "params: 2985"
expect_line "macs: 574592"
expect_line "rf: 31"

# Errors name standard input, with the line.
printf 'name,op,out,h,w\nin,input,3,8,8\n\n"x\ny",bnn,,,\n' >"$tmp/bad.csv"
run_stdin "$tmp/bad.csv" --summary -
expect_rc 1
expect_no_out
expect_err "bksef:(standard input):4: unknown op 'bnn'"
run_stdin /dev/null --summary -
expect_rc 1
expect_no_out
expect_err "bksef:(standard input): empty file: no header line"

finish
