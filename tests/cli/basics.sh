#!/bin/sh
# tests/cli/basics.sh -- --help and --version in GNU form, exit statuses
# 0 (success), 1 (bad input) and 2 (bad usage), and the default network.
. "$srcdir/tests/cli/lib.sh"

# --help: usage first, the GNU lines for --help and --version, on stdout.
run --help
expect_rc 0
expect_no_err
[ "$(head -n 1 "$tmp/out")" = "Usage: bksef [OPTION]... [NETWORK]" ] ||
	fail "--help: first line is '$(head -n 1 "$tmp/out")'"
grep -Eq '^ +-h, --help +display this help and exit$' "$tmp/out" || fail "--help: no -h, --help line"
grep -Eq '^ +--version +output version information and exit$' "$tmp/out" ||
	fail "--help: no --version line"
for opt in --summary --layers --batch --sweep --list --lambda1 --lambda2 --lambda3 \
	--gamma --beta --scope --cost --candidates --preset --pin --budget --reduce; do
	grep -q -- "$opt" "$tmp/out" || fail "--help does not mention $opt"
done
grep -q '^Exit status: 0 on success, 1 on bad input' "$tmp/out" || fail "--help: no exit statuses"
# -h is --help, byte for byte, and wins wherever it is too.
cp "$tmp/out" "$tmp/help.txt"
run -h
expect_rc 0
expect_no_err
cmp -s "$tmp/out" "$tmp/help.txt" || fail "-h does not print what --help prints"
run --summary no-such-network -h
expect_rc 0
cmp -s "$tmp/out" "$tmp/help.txt" || fail "-h after a mode and a bad network: not the help"
# --help wins wherever it is, and whatever else is given
run --summary no-such-network --help
expect_rc 0
expect_line "Usage: bksef [OPTION]... [NETWORK]"

# --version: "bksef VERSION" with the version of configure.ac, then the
# copyright and licence lines of the GNU standards.
version=$(sed -n 's/^AC_INIT(\[bksef\], *\[\([^]]*\)\].*/\1/p' "$srcdir/configure.ac")
[ -n "$version" ] || fail "cannot read the version from configure.ac"
run --version
expect_rc 0
expect_no_err
[ "$(head -n 1 "$tmp/out")" = "bksef $version" ] ||
	fail "--version: first line '$(head -n 1 "$tmp/out")', expected 'bksef $version'"
grep -q '^Copyright (C) [0-9][0-9][0-9][0-9]' "$tmp/out" || fail "--version: no copyright line"
grep -q '^License GPLv3+' "$tmp/out" || fail "--version: no licence line"
grep -q 'NO WARRANTY' "$tmp/out" || fail "--version: no warranty line"

# Success: 0, nothing on stderr.
run --summary lenet5
expect_rc 0
expect_no_err
# No NETWORK: the default, paper-cifar10-cnn.
run --summary
expect_rc 0
expect_line "network: paper-cifar10-cnn"
expect_line "params: 1148874"

# Bad usage: 2, a message and the --help hint on stderr, nothing on stdout.
for args in "--bogus lenet5" "--summary lenet5 extra" "--summary --lambda1" \
	"--batch --scope everything lenet5" "--summary -o x.csv lenet5" "-x lenet5"; do
	run $args
	expect_rc 2
	expect_no_out
	expect_err "Try 'bksef --help' for more information."
done
run --summary lenet5 extra
expect_err "bksef: too many arguments: 'extra'"
run --bogus lenet5
expect_err "unrecognized option '--bogus'"
run --summary --lambda1
expect_err "option '--lambda1' requires an argument"
[ ! -e x.csv ] || fail "-o x.csv with --summary wrote a file"

# Bad input: 1, one GNU-style message, nothing on stdout.
run --summary no-such-network
expect_rc 1
expect_no_out
expect_err "bksef: no-such-network: no such file or bundled network (see 'bksef --list')"
printf 'name,op,out,h,w\nin,input,3,8,8\nb,bnn,,,\n' >"$tmp/bad.csv"
run --summary "$tmp/bad.csv"
expect_rc 1
expect_no_out
[ "$(cat "$tmp/err")" = "bksef:$tmp/bad.csv:3: unknown op 'bnn' (expected one of: input, conv, maxpool, avgpool, gap, fc, add, concat, bn, act)" ] ||
	fail "bad op: stderr is '$(cat "$tmp/err")'"
run --layers "$tmp/bad.csv"
expect_rc 1
expect_no_out
run --batch "$tmp/bad.csv"
expect_rc 1
expect_no_out

# The explorer never paints into a pipe: 2 with a hint.
run lenet5
expect_rc 2
expect_no_out
expect_err "standard output is not a terminal"

finish
