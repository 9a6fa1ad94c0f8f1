#!/bin/sh
# batch-errors.sh -- every scoring error of the --batch command line gets a
# one-line message (`bksef: ...`; usage errors in option values are followed
# by the --help hint), exit status 2 (usage) or 1 (input), and writes
# nothing: stdout stays empty, -o and --export-network files that did not
# exist are not created, an existing -o file is left byte for byte, and no
# temporary file is left beside it.
set -u
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-batch-errors.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failed=0
hint="Try 'bksef --help' for more information."

bad() {
	echo "FAIL: bksef --batch $what: $*"
	failed=1
}

# run_one STATUS ARG...: run `bksef --batch ARG...` and check the above.
run_one() {
	want=$1
	shift
	what="$*"
	printf 'old plan, keep me\n' >"$tmp/keep.csv"
	cp "$tmp/keep.csv" "$tmp/keep.orig"
	"$BKSEF" --batch "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq "$want" ] || bad "exit status $rc, want $want"
	[ -s "$tmp/out" ] && bad "wrote to stdout"
	head -n 1 "$tmp/err" | grep -q '^bksef:\(.*:\)\{0,1\} [^ ]' ||
		bad "no 'bksef: ' message: $(cat "$tmp/err")"
	lines=$(wc -l <"$tmp/err")
	case $lines in
	1) ;;
	2) [ "$(sed -n 2p "$tmp/err")" = "$hint" ] || bad "two lines: $(cat "$tmp/err")" ;;
	*) bad "$lines lines: $(cat "$tmp/err")" ;;
	esac
	[ -e "$tmp/new.csv" ] && bad "created the -o file"
	[ -e "$tmp/net.csv" ] && bad "created the --export-network file"
	cmp -s "$tmp/keep.csv" "$tmp/keep.orig" || bad "changed the existing -o file"
	leftover=$(ls -A "$tmp" | grep -v -x -e out -e err -e keep.csv -e keep.orig)
	[ -z "$leftover" ] || bad "left $leftover"
	rm -f "$tmp/new.csv" "$tmp/net.csv"
}

# check STATUS ARG...: to stdout, to new files, over an existing file.
check() {
	want=$1
	shift
	run_one "$want" "$@"
	run_one "$want" "$@" -o "$tmp/new.csv" --export-network "$tmp/net.csv"
	run_one "$want" -o "$tmp/keep.csv" "$@"
}

net=paper-cifar10-cnn

# Negative or non-numeric lambdas.
check 2 --lambda1 -0.37 "$net"
check 2 --lambda2 abc "$net"
check 2 --lambda3 -1e-9 "$net"
check 2 --lambda3 "" "$net"
check 2 --lambda1 0.37x "$net"
check 2 --lambda2 nan "$net"
check 2 --lambda3 inf "$net"
check 2 --lambda1 1e999 "$net"
# gamma and beta must be > 0.
check 2 --gamma 0 "$net"
check 2 --gamma -0.41 "$net"
check 2 --gamma x "$net"
check 2 --beta 0 "$net"
check 2 --beta -0.83 "$net"
# Empty or invalid candidate lists.
check 2 --candidates "" "$net"
check 2 --candidates " , " "$net"
check 2 --candidates 3,x "$net"
check 2 --candidates 0,3 "$net"
check 2 --candidates 3,64 "$net"
check 2 --candidates 3,3 "$net"
check 2 --candidates 3.5 "$net"
# Bad words for the other scoring options.
check 2 --scope layers "$net"
check 2 --cost flops "$net"
check 2 --preset papers "$net"
check 2 --baseline 5 "$net"
# --pin: unknown layer, not a conv, a kernel that changes the output shape,
# malformed.
check 2 --pin nope=3 "$net"
check 2 --pin stage1.0.bn=3 "$net"
check 2 --pin input=3 "$net"
check 2 --pin fc=1 "$net"
check 2 --pin stage1.0.conv=4 "$net"
check 2 --pin stage1.0.conv=6 "$net"
check 2 --pin stage1.0.conv=64 "$net"
check 2 --pin stage1.0.conv=0 "$net"
check 2 --pin stage1.0.conv "$net"
check 2 --pin stage1.0.conv=x "$net"
check 2 --pin stage1.0.conv=3 --pin nope=5 "$net"
# A layer name with a line break still gives a one-line message.
check 2 --pin 'two
lines=4' "$srcdir/tests/data/score-names.csv"
check 2 --pin 'two
lines' "$srcdir/tests/data/score-names.csv"
# Malformed budgets.
check 2 --budget abc "$net"
check 2 --budget 350X "$net"
check 2 --budget -5M "$net"
check 2 --budget 0% "$net"
check 2 --reduce 42.8 "$net"
check 2 --reduce 100% "$net"
check 2 --reduce 100.5% "$net"
check 2 --reduce 1M "$net"
# Unreachable budgets: input errors.  The cheapest plan of paper-cifar10-cnn
# is 3,3,3,3,1,1: 9*10682368 + 6291456 + 2560 = 102435328 MACs; pinning
# stage 3 at 5 raises it to 96141312 + 25*6291456 + 2560 = 253430272.
check 1 --budget 102435327 "$net"
check 1 --budget 1k "$net"
check 1 --reduce 99.9% "$net"
check 1 --budget 253430271 --pin stage3.0.conv=5 --pin stage3.1.conv=5 "$net"
# No such network, an unreadable one.
check 1 --preset paper no-such-network-here
check 1 --preset paper "$tmp"

# The plan and the network export cannot share a destination.
for dest in - "$tmp/same.csv"; do
	"$BKSEF" --batch -o "$dest" --export-network "$dest" "$net" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	what="-o $dest --export-network $dest"
	[ "$rc" -eq 2 ] || bad "exit status $rc, want 2"
	[ -s "$tmp/out" ] && bad "wrote to stdout"
	[ -e "$tmp/same.csv" ] && bad "created the file"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || bad "not one line: $(cat "$tmp/err")"
done
"$BKSEF" --batch --export-network - "$net" >"$tmp/out" 2>"$tmp/err"
rc=$?
what="--export-network - (plan on stdout too)"
[ "$rc" -eq 2 ] || bad "exit status $rc, want 2"
[ -s "$tmp/out" ] && bad "wrote to stdout"

# The unreachable-budget message names the smallest reachable MACs.
"$BKSEF" --batch --budget 102435327 "$net" 2>"$tmp/err" >/dev/null
grep -q 'cannot be met.*102435328' "$tmp/err" || {
	echo "FAIL: unreachable budget message: $(cat "$tmp/err")"
	failed=1
}
"$BKSEF" --batch --budget 253430271 --pin stage3.0.conv=5 --pin stage3.1.conv=5 "$net" \
	2>"$tmp/err" >/dev/null
grep -q 'cannot be met.*253430272' "$tmp/err" || {
	echo "FAIL: unreachable budget message with pins: $(cat "$tmp/err")"
	failed=1
}
# The pin messages say what is wrong.
"$BKSEF" --batch --pin stage1.0.bn=3 "$net" 2>"$tmp/err" >/dev/null
grep -q "stage1.0.bn' is a bn, not a conv" "$tmp/err" || {
	echo "FAIL: non-conv pin message: $(cat "$tmp/err")"
	failed=1
}
"$BKSEF" --batch --pin stage1.0.conv=4 "$net" 2>"$tmp/err" >/dev/null
grep -q "kernel 4 is not allowed for layer 'stage1.0.conv'" "$tmp/err" || {
	echo "FAIL: disallowed kernel message: $(cat "$tmp/err")"
	failed=1
}
"$BKSEF" --batch --pin nope=3 "$net" 2>"$tmp/err" >/dev/null
grep -q "no layer named 'nope'" "$tmp/err" || {
	echo "FAIL: unknown layer message: $(cat "$tmp/err")"
	failed=1
}
exit $failed
