# tests/lib/run-cases.sh -- what the bad-input runners (tests/bad/run-bad.sh,
# tests/bad-onnx/run-bad-onnx.sh, tests/bad-plan/run-bad-plan.sh) share:
# reading cases.txt, the memory bound for the checker in use, running one
# case under the bounds, checking its outcome, and the count.  Sourced after
# the runner has set mem_kb (KiB of address space), time_s (seconds a case)
# and min_cases, and made its work folder $work.
#
# Each case is a line FILE|ARGS|CODE|EXPECT of a cases.txt.  EXPECT is, for
# CODE 0, the lines of standard output separated by "*"; otherwise pieces of
# standard error, in order, separated by "*".

LC_ALL=C # messages such as strerror's in English
export LC_ALL
n=0
failed=0
skipped=0

# cases_run CASES RUN_ONE: for each case of the file CASES (lines starting
# with "#" and empty lines left out) set n (its number), file, args, code and
# expect (its fields), stdin (/dev/null, or ./NAME for a FILE of "<NAME") and
# arg (./FILE; "-" for "<NAME"; none for an empty FILE), then call the
# runner's function RUN_ONE, which runs and checks the case and may first
# change stdin and arg for FILEs of its own kinds.  ARGS are split at spaces
# and never globbed.
cases_run() {
	set -f
	while IFS='|' read -r file args code expect; do
		case $file in '#'*) continue ;; esac
		[ -z "$file$args$code$expect" ] && continue
		n=$((n + 1))
		# shellcheck disable=SC2034 # stdin and arg are RUN_ONE's
		stdin=/dev/null
		# shellcheck disable=SC2034
		case $file in
		'') arg= ;;
		'<'*) stdin=./${file#<} arg=- ;;
		*) arg=./$file ;;
		esac
		"$2"
	done <"$1"
	set +f
}

# The memory bound: ulimit -v; BKSEF_MEMCHECK (tests/local.mk) says when a
# checker forbids it: with sanitizers, ASan's soft RSS limit makes malloc
# fail instead (its shadow memory takes terabytes of address space); under
# valgrind there is none, and a case runs up to 300 s.
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
[ "$mode" = none ] && time_s=300

# cases_bounded KB COMMAND...: run COMMAND (through timeout, itself run by
# the words of $prefix if any, such as setpriv) within KB KiB, with the
# caller's standard input, standard output in $work/out and standard error
# in $work/err; sets rc and returns it (so that a pipeline's status is the
# case's, where rc is set in a subshell).
prefix=
cases_bounded() {
	kb=$1
	shift
	# shellcheck disable=SC2086 # prefix is a word list
	if [ "$mode" = ulimit ]; then
		(
			ulimit -v "$kb" || exit 99
			exec $prefix timeout -k 5 "$time_s" "$@"
		) >"$work/out" 2>"$work/err"
	elif [ "$mode" = asan ]; then
		# the last soft_rss_limit_mb in ASAN_OPTIONS wins
		ASAN_OPTIONS="$ASAN_OPTIONS:soft_rss_limit_mb=$((kb / 1024))" \
			$prefix timeout -k 5 "$time_s" "$@" >"$work/out" 2>"$work/err"
	else
		$prefix timeout -k 5 "$time_s" "$@" >"$work/out" 2>"$work/err"
	fi
	rc=$?
	return "$rc"
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

bad() {
	echo "FAIL: case $n ($file|$args): $*"
	echo "  stdout: $(head -c 300 "$work/out")"
	echo "  stderr: $(head -c 600 "$work/err")"
	failed=$((failed + 1))
}

# cases_check CODE EXPECT [ONE_LINE]: the case that left rc, $work/out and
# $work/err answered in time, without a crash or a sanitizer report, with
# exit status CODE and what EXPECT says; with ONE_LINE 1 a refusal is one
# line of message.  Returns 1 (and counts a failure) when not.
cases_check() {
	# ASan's note that its soft limit made malloc fail is the bound working
	err=$(grep -v 'AddressSanitizer: soft rss limit exhausted' "$work/err")
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		bad "no answer within $time_s s (exit $rc)"
		return 1
	fi
	if [ "$rc" -ge 128 ]; then
		bad "killed by signal $((rc - 128))"
		return 1
	fi
	case $err in
	*Sanitizer* | *"runtime error:"*)
		bad "sanitizer report"
		return 1
		;;
	esac
	if [ "$rc" != "$1" ]; then
		bad "exit $rc, expected $1"
		return 1
	fi
	if [ "$1" = 0 ]; then
		if [ -n "$err" ]; then
			bad "standard error is not empty"
			return 1
		fi
		rest=$2
		while [ -n "$rest" ]; do
			line=${rest%%\**}
			grep -qxF -- "$line" "$work/out" || bad "no line '$line' in standard output"
			case $rest in *\**) rest=${rest#*\*} ;; *) rest= ;; esac
		done
		return 0
	fi
	if [ -s "$work/out" ]; then
		bad "standard output is not empty"
		return 1
	fi
	if [ "${3:-0}" = 1 ] && [ "$(wc -l <"$work/err")" != 1 ]; then
		bad "not one line of message"
		return 1
	fi
	has_pieces "$err" "$2" || bad "standard error lacks '$2'"
}

# cases_files_before, then cases_files_same after a case: whether the work
# folder's files are the ones it had before (no output file was left and
# none was lost); counts a failure when not.
cases_files_before() {
	ls -A >"$work/before"
}
cases_files_same() {
	ls -A >"$work/after"
	cmp -s "$work/before" "$work/after" && return 0
	bad "files appeared or vanished: $(diff "$work/before" "$work/after" | tr '\n' ' ')"
	return 1
}

# cases_finish: the count, and the exit status of the runner.
cases_finish() {
	echo "$n cases, $failed failed, $skipped skipped"
	if [ "$n" -lt "$min_cases" ]; then
		echo "FAIL: fewer than $min_cases cases ran"
		return 1
	fi
	[ "$failed" = 0 ]
}
