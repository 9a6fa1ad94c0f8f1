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
LC_ALL=C # messages such as strerror's in English
export LC_ALL

here=$srcdir/tests/bad
mem_kb=${BKSEF_BAD_MEM_KB:-1048576}
time_s=60
min_cases=40

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

# The memory bound: ulimit -v; BKSEF_MEMCHECK (tests/local.mk) says when a
# checker forbids it: with sanitizers, ASan's soft RSS limit makes malloc
# fail instead; under valgrind there is none, and the one case that only the
# memory bound stops is skipped.
mode=ulimit
case ${BKSEF_MEMCHECK:-} in
sanitizers)
	mode=asan
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}soft_rss_limit_mb=$((mem_kb / 1024)):allocator_may_return_null=1"
	export ASAN_OPTIONS
	;;
'') ;;
*) mode=none ;;
esac
# A checker such as valgrind runs bksef tens of times slower.
[ "$mode" = none ] && time_s=300
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

# Whether TEXT holds the pieces of PATTERN ("*" between them) in order.
has_pieces() {
	rest=$1
	pat=$2
	while :; do
		piece=${pat%%\**}
		case $rest in
		*"$piece"*) rest=${rest#*"$piece"} ;;
		*) return 1 ;;
		esac
		case $pat in
		*\**) pat=${pat#*\*} ;;
		*) return 0 ;;
		esac
	done
}

n=0
failed=0
skipped=0
bad() {
	echo "FAIL: case $n ($file|$args): $*"
	echo "  stdout: $(head -c 300 "$work/out")"
	echo "  stderr: $(head -c 600 "$work/err")"
	failed=$((failed + 1))
}

set -f # ARGS are split at spaces, never globbed
while IFS='|' read -r file args code expect; do
	case $file in '#'*) continue ;; esac
	[ -z "$file$args$code$expect" ] && continue
	n=$((n + 1))

	stdin=/dev/null
	arg=
	prefix=
	case $file in
	'') ;;
	'<'*) stdin=./${file#<} arg=- ;;
	'!'*)
		arg=./${file#!}
		if [ "$as_nobody" = unavailable ]; then
			echo "SKIP: case $n ($file): root cannot run bksef as nobody here (setpriv)"
			skipped=$((skipped + 1))
			continue
		fi
		prefix=$as_nobody
		;;
	/*)
		arg=$file
		if [ ! -e "$file" ]; then
			echo "SKIP: case $n ($file): no such file on this system"
			skipped=$((skipped + 1))
			continue
		fi
		;;
	fifo-rows.csv)
		if [ "$mode" = none ]; then
			echo "SKIP: case $n ($file): only the memory bound stops it, and $BKSEF_MEMCHECK has none"
			skipped=$((skipped + 1))
			continue
		fi
		arg=./$file
		start_writer "$file" || {
			echo "run-bad.sh: cannot make FIFO $file" >&2
			exit 99
		}
		;;
	fifo-*)
		arg=./$file
		start_writer "$file" || {
			echo "run-bad.sh: cannot make FIFO $file" >&2
			exit 99
		}
		;;
	*) arg=./$file ;;
	esac

	ls -A >"$work/before"
	start=$(date +%s)
	kb=$(case_mem_kb "$file")
	if [ "$mode" = ulimit ]; then
		(
			ulimit -v "$kb" || exit 99
			exec $prefix timeout -k 5 "$time_s" "$BKSEF" $args ${arg:+"$arg"}
		) <"$stdin" >"$work/out" 2>"$work/err"
	elif [ "$mode" = asan ]; then
		# the last soft_rss_limit_mb in ASAN_OPTIONS wins
		ASAN_OPTIONS="$ASAN_OPTIONS:soft_rss_limit_mb=$((kb / 1024))" \
			$prefix timeout -k 5 "$time_s" "$BKSEF" $args ${arg:+"$arg"} \
			<"$stdin" >"$work/out" 2>"$work/err"
	else
		$prefix timeout -k 5 "$time_s" "$BKSEF" $args ${arg:+"$arg"} \
			<"$stdin" >"$work/out" 2>"$work/err"
	fi
	rc=$?
	took=$(($(date +%s) - start))
	stop_writer
	ls -A >"$work/after"
	case $file in fifo-*) rm -f "$file" ;; esac
	# ASan's note that its soft limit made malloc fail is the bound working
	err=$(grep -v 'AddressSanitizer: soft rss limit exhausted' "$work/err")

	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		bad "no answer within $time_s s (exit $rc)"
		continue
	fi
	if [ "$rc" -ge 128 ]; then
		bad "killed by signal $((rc - 128))"
		continue
	fi
	case $err in
	*Sanitizer* | *"runtime error:"*)
		bad "sanitizer report"
		continue
		;;
	esac
	if [ "$rc" != "$code" ]; then
		bad "exit $rc, expected $code"
		continue
	fi
	if ! cmp -s "$work/before" "$work/after"; then
		bad "files appeared or vanished: $(diff "$work/before" "$work/after" | tr '\n' ' ')"
		continue
	fi
	if [ "$code" = 0 ]; then
		if [ -n "$err" ]; then
			bad "standard error is not empty"
			continue
		fi
		rest=$expect
		while [ -n "$rest" ]; do
			line=${rest%%\**}
			grep -qxF -- "$line" "$work/out" || bad "no line '$line' in standard output"
			case $rest in *\**) rest=${rest#*\*} ;; *) rest= ;; esac
		done
	else
		if [ -s "$work/out" ]; then
			bad "standard output is not empty"
			continue
		fi
		has_pieces "$err" "$expect" || bad "standard error lacks '$expect'"
	fi
	[ "$took" -gt 10 ] && echo "note: case $n ($file) took $took s"
done <"$here/cases.txt"
set +f

echo "$n cases, $failed failed, $skipped skipped"
if [ "$n" -lt "$min_cases" ]; then
	echo "FAIL: fewer than $min_cases cases ran"
	exit 1
fi
[ "$failed" = 0 ]
