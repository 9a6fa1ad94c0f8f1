#!/bin/sh
# tests/cli/stdout-errors.sh -- standard output that cannot be written.  A
# full disk (/dev/full) is said once, "bksef: write error: No space left on
# device", exit 1, in every mode that prints.  A reader that went away
# (bksef --batch resnet18 | head -1) ends bksef as it ends cat: killed by
# SIGPIPE (status 141), not a word on standard error, and so also when
# SIGPIPE was ignored by the parent, where the write fails with EPIPE.
. "$srcdir/tests/cli/lib.sh"

printf 'j\n:dump\nq\n' >keys

modes="--summary lenet5|--layers lenet5|--batch lenet5|--sweep lenet5|--plan lenet5|\
--batch --budget 100% lenet5|--help|--version|--list|--keys keys lenet5"

# 1. /dev/full: one message.
if [ -c /dev/full ]; then
	IFS='|'
	for args in $modes; do
		IFS=' '
		what="bksef $args >/dev/full"
		# shellcheck disable=SC2086
		"$BKSEF" $args </dev/null >/dev/full 2>err
		rc=$?
		expect_rc 1
		printf 'bksef: write error: No space left on device\n' >want
		case $args in
		--batch\ --budget*)
			# Its budget line is printed before the plan is written.
			grep -v '^bksef: budget 416520 MACs: ' err >err2
			mv err2 err
			;;
		esac
		cmp -s want err || fail "$what: standard error is not one write error line: $(cat err)"
		IFS='|'
	done
	IFS=' '
else
	echo "no /dev/full: its cases are left out"
fi

# 2. A pipe whose reader is gone before bksef writes: a FIFO opened for
# reading and writing on fd 3, for writing on fd 4, then fd 3 closed, so
# that writing to fd 4 meets no reader (deterministic, unlike "| head -1").
rm -f fifo
mkfifo fifo || exit 99
exec 3<>fifo 4>fifo 3<&-
for ignore in no yes; do
	IFS='|'
	for args in $modes; do
		IFS=' '
		what="bksef $args >(pipe with no reader), SIGPIPE ignored: $ignore"
		if [ "$ignore" = yes ]; then
			# shellcheck disable=SC2086
			(trap '' PIPE && exec "$BKSEF" $args </dev/null >&4 2>err)
		else
			# shellcheck disable=SC2086
			(exec "$BKSEF" $args </dev/null >&4 2>err)
		fi
		rc=$?
		expect_rc 141
		case $args in
		--batch\ --budget*)
			# Its budget line is printed before the plan is written.
			grep -v '^bksef: budget ' err >err2
			mv err2 err
			;;
		esac
		[ ! -s err ] || fail "$what: standard error is not empty: $(cat err)"
		IFS='|'
	done
	IFS=' '
done
exec 4>&-

# 3. The issue's own command.  Whether head has gone when bksef writes is a
# race (4 kB fit in the pipe), so either status will do, but never a word
# on standard error.
for ignore in no yes; do
	what="bksef --batch resnet18 | head -1, SIGPIPE ignored: $ignore"
	if [ "$ignore" = yes ]; then
		rc=$( (trap '' PIPE && { "$BKSEF" --batch resnet18 2>err; echo $? >st; } | head -1 >/dev/null) && cat st)
	else
		rc=$( ({ "$BKSEF" --batch resnet18 2>err; echo $? >st; } | head -1 >/dev/null) && cat st)
	fi
	[ "$rc" = 0 ] || [ "$rc" = 141 ] || fail "$what: exit $rc, not 0 or 141"
	[ ! -s err ] || fail "$what: standard error is not empty: $(cat err)"
done

finish
