#!/bin/sh
# tests/cli/export-limits.sh -- every network file --export-network writes
# loads back with the plan's totals, or bksef refuses to write it (exit 1, a
# message naming the file) and leaves both outputs as they were.
. "$srcdir/tests/cli/lib.sh"

# Conv c: pad 1, kernel 1, dilation 2^31-1.  At lambda3 = 0 the plan takes
# kernel 9, whose padding 1 + 4 * 2147483647 = 8589934589 no file can hold.
cat >pad.csv <<'CSV'
name,op,out,h,w,k,pad,dilation,tune
in,input,1,1,1,,,,
c,conv,1,,,1,1,2147483647,1
CSV
printf 'old plan\n' >plan.csv
printf 'old net\n' >net.csv
run --batch --lambda3 0 -o plan.csv --export-network net.csv pad.csv
expect_rc 1
expect_err "bksef:net.csv: "
expect_err "8589934589"
expect_no_out
[ "$(cat plan.csv)" = "old plan" ] || fail "$what: -o plan.csv was replaced"
[ "$(cat net.csv)" = "old net" ] || fail "$what: net.csv was replaced"
[ "$(ls -A | tr '\n' ' ')" = "err net.csv out pad.csv plan.csv " ] ||
	fail "$what: left $(ls -A | tr '\n' ' ')"
# The plan CSV to standard output is not written either.
run --batch --lambda3 0 --export-network net.csv pad.csv
expect_rc 1
expect_no_out
# Kernel 3 needs 1 + 2147483647 = 2147483648: one past the limit.
run --batch --lambda3 0 --candidates 1,3 -o plan.csv --export-network net.csv pad.csv
expect_rc 1
expect_err "2147483648"
[ "$(cat net.csv)" = "old net" ] || fail "$what: net.csv was replaced"
# From pad 0, kernel 3 needs 2147483647, the limit itself: written, and it
# loads back with kernel 3 and that padding.
sed 's/,1,1,2147483647,1$/,1,0,2147483647,1/' pad.csv >edge.csv
run --batch --lambda3 0 --candidates 1,3 -o plan.csv --export-network net.csv edge.csv
expect_rc 0
run --layers net.csv
expect_rc 0
# --layers columns: name,op,inputs,in_c,in_h,in_w,out_c,out_h,out_w,k,stride,pad
[ "$(awk -F, '$1 == "c" { print $10 "/" $12 }' out)" = 3/2147483647 ] ||
	fail "$what: kernel 3 with pad 2147483647 not read back: $(cat out)"

# A line break in the source file's name does not break the export's first
# line (a comment).
cp "$srcdir/data/lenet5.csv" "$(printf 'le\nnet.csv')" || exit 99
run --batch -o plan.csv --export-network net.csv "$(printf 'le\nnet.csv')"
expect_rc 0
run --summary net.csv
expect_rc 0
expect_line "layers: 8"
head -n 1 net.csv | grep -q '^# le\\x0Anet with a bksef plan applied' ||
	fail "export of le<newline>net.csv: first line: $(head -n 2 net.csv)"

finish
