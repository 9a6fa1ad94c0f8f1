#!/bin/sh
# tests/bad/run-bad.sh -- run every case of tests/bad/cases.txt and check
# that bksef gives the expected message and exit status, writes nothing (no
# stdout, no new file), does not crash, finishes within 60 s (300 s under
# valgrind) and stays within a memory bound of 1 GiB of address space
# (ulimit -v; with AddressSanitizer, which reserves terabytes of address
# space, its soft_rss_limit_mb of 1024 instead; none under valgrind), or a
# tighter one for the cases that case_mem_kb names.
set -u
: "${BKSEF:?BKSEF must name the bksef program}"
: "${srcdir:?srcdir must name the source tree}"
here=$srcdir/tests/bad
mem_kb=${BKSEF_BAD_MEM_KB:-1048576}
time_s=60
min_cases=40
. "$srcdir/tests/lib/run-cases.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-bad.XXXXXX") || exit 99
writer=
cleanup() {
	if [ -n "$writer" ]; then
		kill "$writer" 2>/dev/null
		wait "$writer" 2>/dev/null
	fi
	chmod -R u+rwx "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 99' HUP INT TERM

cp "$here"/files/* "$srcdir/tests/data/tiny.csv" "$tmp"/ || exit 99
sh "$here/gen-bad.sh" "$tmp" || {
	echo "run-bad.sh: gen-bad.sh failed" >&2
	exit 99
}
chmod 755 "$tmp" # an unprivileged user must reach unreadable.csv
cd "$tmp" || exit 99
work=$tmp/.work
mkdir "$work" || exit 99

if [ "$mode" = ulimit ] &&
	! (ulimit -v "$mem_kb" && exec "$BKSEF" --version) >/dev/null 2>&1; then
	echo "run-bad.sh: $BKSEF does not start under ulimit -v $mem_kb" >&2
	exit 99
fi
echo "memory bound: $mem_kb KiB ($mode); time bound: $time_s s a case"

# The memory bound of case FILE in KiB: tighter for the inputs that must not
# be held whole (a 256 MiB quoted field is refused at 64 KiB as it is read).
case_mem_kb() {
	case $1 in
	field-256mb.csv) echo 65536 ;;
	*) echo "$mem_kb" ;;
	esac
}

# Reading a file as another user: only root needs (and can) switch.  The
# probe runs bksef exactly as the cases do (through timeout): setpriv's own
# exec can still pass a folder that nobody may enter, timeout's cannot.
as_nobody=
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1 &&
		setpriv --reuid=65534 --regid=65534 --clear-groups timeout 10 "$BKSEF" --version \
			>/dev/null 2>&1; then
		as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		as_nobody=unavailable
	fi
fi

# Feed FIFO $1 forever in the background (bounded by timeout so that no
# writer outlives the test).
start_writer() {
	rm -f "$1"
	mkfifo "$1" || return 1
	case $1 in
	fifo-comments.csv)
		# comment lines: nothing is kept, only the 1 GiB file limit stops it
		(
			printf 'name,op,out,h,w\n'
			exec timeout 120 yes '# a comment line that never ends ..........................................................'
		) >"$1" &
		;;
	fifo-line.csv)
		# one line that never ends: the 1 MiB line limit
		(
			printf 'name,op\n'
			exec timeout 120 sh -c 'yes | tr -d "\n"'
		) >"$1" &
		;;
	fifo-rows.csv)
		# valid rows forever: the memory bound stops it first
		(
			printf 'name,op,out,h,w\nin,input,3,8,8\n'
			exec timeout 120 awk 'BEGIN { for (i = 1; ; i++) printf "l%d,act,,,\n", i }'
		) >"$1" &
		;;
	*)
		return 1
		;;
	esac
	writer=$!
}

stop_writer() {
	if [ -n "$writer" ]; then
		kill "$writer" 2>/dev/null
		wait "$writer" 2>/dev/null
		writer=
	fi
}

skip() {
	echo "SKIP: case $n ($file): $*"
	skipped=$((skipped + 1))
}

run_one() {
	prefix=
	case $file in
	'!'*)
		arg=./${file#!}
		if [ "$as_nobody" = unavailable ]; then
			skip "root cannot run bksef as nobody here (setpriv)"
			return
		fi
		prefix=$as_nobody
		;;
	/*)
		arg=$file
		if [ ! -e "$file" ]; then
			skip "no such file on this system"
			return
		fi
		;;
	fifo-*)
		if [ "$file" = fifo-rows.csv ] && [ "$mode" = none ]; then
			skip "only the memory bound stops it, and $BKSEF_MEMCHECK has none"
			return
		fi
		start_writer "$file" || {
			echo "run-bad.sh: cannot make FIFO $file" >&2
			exit 99
		}
		;;
	esac

	cases_files_before
	start=$(date +%s)
	# shellcheck disable=SC2086 # ARGS are a word list
	cases_bounded "$(case_mem_kb "$file")" "$BKSEF" $args ${arg:+"$arg"} <"$stdin"
	took=$(($(date +%s) - start))
	stop_writer
	cases_check "$code" "$expect" && cases_files_same
	ok=$?
	case $file in fifo-*) rm -f "$file" ;; esac
	[ "$ok" = 0 ] && [ "$took" -gt 10 ] && echo "note: case $n ($file) took $took s"
}
cases_run "$here/cases.txt" run_one

cases_finish
