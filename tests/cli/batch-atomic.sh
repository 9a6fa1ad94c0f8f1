#!/bin/sh
# batch-atomic.sh -- -o FILE is replaced atomically: a run that fails leaves
# the old file byte-identical and no temporary file beside it; a run that
# succeeds replaces it with exactly what stdout would get.  A failed write
# to standard output (/dev/full) exits 1 with a message.
set -u
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-batch-atomic.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failed=0

bad() {
	echo "FAIL: $*"
	failed=1
}

mkdir "$tmp/d"
old="$tmp/d/plan.csv"
printf 'layer,k_plan\r\n"an, old",plan\r\nno final newline' >"$old"
cp "$old" "$tmp/orig"

# keep STATUS ARG...: the run fails with STATUS and the old file survives.
keep() {
	want=$1
	shift
	"$BKSEF" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq "$want" ] || bad "$*: exit status $rc, want $want"
	[ -s "$tmp/err" ] || bad "$*: no message"
	[ -s "$tmp/out" ] && bad "$*: wrote to stdout"
	cmp -s "$old" "$tmp/orig" || bad "$*: the old file changed"
	[ "$(ls -A "$tmp/d")" = plan.csv ] || bad "$*: left $(ls -A "$tmp/d")"
}

keep 1 --batch -o "$old" no-such-network-here
keep 2 --batch -o "$old" --lambda1 -1 paper-cifar10-cnn
keep 2 --batch -o "$old" --pin nope=3 paper-cifar10-cnn
keep 1 --batch -o "$old" --budget 1k paper-cifar10-cnn
keep 2 --batch -o "$old" --candidates "" paper-cifar10-cnn
keep 1 --sweep -o "$old" no-such-network-here
keep 2 --sweep -o "$old" --gamma 0 paper-cifar10-cnn
# A failed --export-network (its folder does not exist) leaves it too.
keep 1 --batch --export-network "$tmp/nowhere/net.csv" -o "$old" paper-cifar10-cnn
grep -q "nowhere/net.csv" "$tmp/err" || bad "the failed export does not name its file"

# -o into a folder that does not exist, or onto a folder.
"$BKSEF" --batch -o "$tmp/nowhere/plan.csv" paper-cifar10-cnn >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || bad "-o into a missing folder: exit status $rc"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || bad "-o into a missing folder: $(cat "$tmp/err")"
[ -e "$tmp/nowhere" ] && bad "-o created a folder"
"$BKSEF" --batch -o "$tmp/d" paper-cifar10-cnn >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || bad "-o onto a folder: exit status $rc"
[ "$(ls -A "$tmp/d")" = plan.csv ] || bad "-o onto a folder left $(ls -A "$tmp/d")"

# Success replaces the old file with exactly the stdout output.
"$BKSEF" --batch --preset paper paper-cifar10-cnn >"$tmp/stdout.csv" 2>"$tmp/err" ||
	bad "stdout run: $(cat "$tmp/err")"
"$BKSEF" --batch --preset paper -o "$old" paper-cifar10-cnn >"$tmp/out" 2>"$tmp/err" ||
	bad "-o run: $(cat "$tmp/err")"
cmp -s "$old" "$tmp/stdout.csv" || bad "-o FILE differs from stdout"
[ "$(ls -A "$tmp/d")" = plan.csv ] || bad "-o run left $(ls -A "$tmp/d")"

# Standard output that cannot be written: exit 1 with a message.
if [ -w /dev/full ]; then
	for mode in --batch --sweep; do
		"$BKSEF" $mode --preset paper paper-cifar10-cnn >/dev/full 2>"$tmp/err"
		rc=$?
		[ "$rc" -eq 1 ] || bad "$mode >/dev/full: exit status $rc"
		grep -q '^bksef: .*\(error\|space\)' "$tmp/err" ||
			bad "$mode >/dev/full: no message: $(cat "$tmp/err")"
	done
else
	echo "note: /dev/full is not writable here; its check is left out"
fi
exit $failed
