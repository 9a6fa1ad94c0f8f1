#!/bin/sh
# tests/cli/write-errors.sh -- a failed write to standard output (the disk
# is full: /dev/full) is an error: exit 1 with a message, in every mode
# that prints, as GNU's close_stdout does.  A file that cannot be written
# (-o, --export-network) is reported with the system's reason.
. "$srcdir/tests/cli/lib.sh"
if [ ! -c /dev/full ]; then
	echo "SKIP: no /dev/full on this system"
	exit 77
fi

full() {
	what="bksef $* >/dev/full"
	"$BKSEF" "$@" </dev/null >/dev/full 2>"$tmp/err"
	rc=$?
}

for args in "--summary lenet5" "--summary resnet50" "--layers lenet5" \
	"--layers resnet50" "--help" "--version" "--list"; do
	full $args
	expect_rc 1
	expect_err "bksef: write error"
done

# A missing network is reported as such, not as a write error.
full --summary no-such-network
expect_rc 1
expect_err "bksef: no-such-network: no such file or bundled network"

# -o and --export-network keep the reason: a loop of symbolic links is
# reported as such, not as a missing file; a file used as a folder is "Not a
# directory"; a missing folder "No such file or directory".
ln -s loop2 loop1 && ln -s loop1 loop2 && printf 'x\n' >file.csv || exit 99
for o in "--layers -o" "--sweep -o" "--batch -o" "--batch --export-network"; do
	for case in "loop1:Too many levels of symbolic links" "file.csv/x.csv:Not a directory" \
		"missing/x.csv:No such file or directory" "/dev/full:No space left on device"; do
		target=${case%%:*}
		run $o "$target" lenet5
		expect_rc 1
		expect_err "bksef:$target: "
		expect_err "${case#*:}"
	done
done
[ "$(cat file.csv)" = x ] || fail "file.csv changed"

finish
