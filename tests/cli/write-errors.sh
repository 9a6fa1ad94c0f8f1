#!/bin/sh
# tests/cli/write-errors.sh -- a failed write to standard output (the disk
# is full: /dev/full) is an error: exit 1 with a message, in every mode
# that prints, as GNU's close_stdout does.
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

finish
