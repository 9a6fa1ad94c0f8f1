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

# -o and --export-network naming one file, however spelled: refused (exit 2)
# before anything is written, so the plan is not lost.  Existing targets are
# compared after following links, new ones by their folder and name.
cp "$tmp/orig" "$old"
same() {
	"$BKSEF" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 2 ] || bad "$*: exit status $rc, want 2"
	grep -q '^bksef:.*same file' "$tmp/err" || bad "$*: message: $(cat "$tmp/err")"
	[ -s "$tmp/out" ] && bad "$*: wrote to stdout"
	cmp -s "$old" "$tmp/orig" || bad "$*: the old file changed"
}
(
	cd "$tmp/d" || exit 1
	ln -s plan.csv link.csv && ln plan.csv hard.csv && ln -s . here || exit 1
) || bad "cannot make links"
same --batch -o "$old" --export-network "$tmp/d/./plan.csv" lenet5
same --batch -o "$tmp/d/link.csv" --export-network "$old" lenet5
same --batch -o "$old" --export-network "$tmp/d/hard.csv" lenet5
same --batch -o "$tmp/d/new.csv" --export-network "$tmp/d/here/new.csv" lenet5
same --batch -o "$tmp/d/new.csv" --export-network "$tmp/d/../d/new.csv" lenet5
[ -e "$tmp/d/new.csv" ] && bad "a refused run created new.csv"
(cd "$tmp/d" && "$BKSEF" --batch -o p.csv --export-network ./p.csv lenet5) \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || bad "-o p.csv --export-network ./p.csv: exit status $rc, want 2"
[ -e "$tmp/d/p.csv" ] && bad "-o p.csv --export-network ./p.csv: created p.csv"
# Standard output that is the export's file: the shell opened it for the plan.
"$BKSEF" --batch --export-network "$tmp/d/stdout.csv" lenet5 >"$tmp/d/stdout.csv" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || bad "--export-network FILE >FILE: exit status $rc, want 2"
rm -f "$tmp/d/link.csv" "$tmp/d/hard.csv" "$tmp/d/here" "$tmp/d/stdout.csv" "$tmp/d/p.csv"

# Two outputs are all-or-nothing before the first rename: when the second
# cannot be written, the first target keeps its old bytes, and the reverse.
cp "$old" "$tmp/d/net.csv"
both_kept() {
	"$BKSEF" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 1 ] || bad "$*: exit status $rc, want 1"
	[ -s "$tmp/err" ] || bad "$*: no message"
	cmp -s "$old" "$tmp/orig" || bad "$*: plan.csv changed"
	cmp -s "$tmp/d/net.csv" "$tmp/orig" || bad "$*: net.csv changed"
	[ "$(ls -A "$tmp/d" | tr '\n' ' ')" = "net.csv plan.csv " ] ||
		bad "$*: left $(ls -A "$tmp/d" | tr '\n' ' ')"
}
if [ -w /dev/full ]; then
	both_kept --batch -o "$old" --export-network /dev/full lenet5
	both_kept --batch -o /dev/full --export-network "$tmp/d/net.csv" lenet5
	# Standard output is written before the file is committed.
	"$BKSEF" --batch --export-network "$tmp/d/net.csv" lenet5 >/dev/full 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 1 ] || bad "--export-network FILE >/dev/full: exit status $rc, want 1"
	cmp -s "$tmp/d/net.csv" "$tmp/orig" || bad "--export-network FILE >/dev/full: net.csv changed"
fi
# A folder that cannot hold the export: checked before -o is replaced.
both_kept --batch -o "$old" --export-network "$tmp/d/plan.csv/net.csv" lenet5
grep -q 'Not a directory' "$tmp/err" || bad "plan.csv/net.csv: reason lost: $(cat "$tmp/err")"
rm -f "$tmp/d/net.csv"

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
