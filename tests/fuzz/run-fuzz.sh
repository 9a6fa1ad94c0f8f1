#!/bin/sh
# run-fuzz.sh -- build the libFuzzer harnesses (fuzz_load, fuzz_options, fuzz_keys,
# fuzz_onnx, fuzz_plan) with clang and run each for SECONDS (default 60) on a scratch
# copy of its seed corpus.  Exit 0 when no harness found anything, 1 on any finding (crash,
# sanitizer report, leak, timeout, out-of-memory) or build failure, 2 on bad
# usage, 77 when clang or its libFuzzer runtime is missing.
#
# Usage: tests/fuzz/run-fuzz.sh [SECONDS]      (or: make fuzz FUZZ_SECONDS=600)
# Environment:
#   BKSEF_BUILDDIR  a configured build folder holding config.h (make fuzz sets
#                   it); default: the source tree's top folder
#   FUZZ_BUILDDIR   where harnesses, corpora, logs and crash files go;
#                   default: a new folder under ${TMPDIR:-/tmp}
#   FUZZ_TARGETS    which harnesses to run (default "load options keys onnx plan")
#   FUZZ_IGNORELIST sanitizer ignore list (default tests/fuzz/known.ignorelist;
#                   empty: none)
#   CLANG           the compiler (default clang, else clang-14)
#   FUZZ_KEEP_GOING 1: go on after a finding (libFuzzer's -fork=1 with
#                   -ignore_crashes etc.) so that a long run collects every
#                   finding; the exit status is still 1 if there was any
#   FUZZ_RUNS       a reproducible run instead of a timed one: "N" runs for
#                   every harness, or "load=N options=N ..." per harness (a
#                   harness not named is timed).  Runs are counted, the
#                   random seed is FUZZ_SEED (default 1) and the seed inputs
#                   are read in name order, so that the same commit gives
#                   the same inputs on any machine (.ci/run uses this).
#
# Seeds: tests/fuzz/seeds-load/ plus data/*.csv, tests/data/*.csv and
# tests/bad/**/*.csv for the loader; tests/fuzz/seeds-options/ for the option
# values; tests/data/onnx/*.onnx and tests/bad-onnx/files/*.onnx for the ONNX
# reader; tests/fuzz/seeds-plan/ (gen-seeds-plan.sh) and the plans of
# tests/bad-plan/files/ for the plan reader; each harness also gets the regression inputs of its kind
# (tests/fuzz/regress/load-*, options-*, onnx-*).  A finding leaves its input in
# FUZZ_BUILDDIR/artifacts/; make it a regression input under tests/fuzz/regress/.
set -u

secs=${1:-60}
case $secs in
'' | *[!0-9]*)
	echo "usage: $0 [SECONDS]" >&2
	exit 2
	;;
esac

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cfgdir=${BKSEF_BUILDDIR:-$top}
targets=${FUZZ_TARGETS:-load options keys onnx plan}
ignorelist=${FUZZ_IGNORELIST-$here/known.ignorelist}

cc=${CLANG:-}
if [ -z "$cc" ]; then
	for c in clang clang-14; do
		if command -v "$c" >/dev/null 2>&1; then
			cc=$c
			break
		fi
	done
fi
if [ -z "$cc" ]; then
	echo "run-fuzz: SKIP: clang not found (Debian: apt-get install clang)" >&2
	exit 77
fi
if [ ! -f "$cfgdir/config.h" ]; then
	echo "run-fuzz: no config.h in $cfgdir: configure a build and set BKSEF_BUILDDIR" >&2
	exit 2
fi

out=${FUZZ_BUILDDIR:-}
if [ -z "$out" ]; then
	out=$(mktemp -d "${TMPDIR:-/tmp}/bksef-fuzz.XXXXXX") || exit 1
fi
mkdir -p "$out/artifacts" || exit 1

# Does clang link a libFuzzer target here?
cat >"$out/probe.c" <<'EOF'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}
EOF
if ! "$cc" -fsanitize=fuzzer,address,undefined "$out/probe.c" -o "$out/probe" \
	>"$out/probe.log" 2>&1; then
	echo "run-fuzz: SKIP: $cc cannot link -fsanitize=fuzzer (Debian: libclang-rt-14-dev)" >&2
	exit 77
fi

cflags="-g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
cflags="$cflags -fno-omit-frame-pointer"
# libFuzzer's convention: a fixed hash key for the name index (src/core/hash.c),
# so that every input replays the same.
cflags="$cflags -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
if [ -n "$ignorelist" ]; then
	cflags="$cflags -fsanitize-ignorelist=$ignorelist"
fi

# Copy FILE into corpus DIR when it is no longer than MAX bytes.
seed() {
	[ -f "$1" ] || return 0
	[ "$(wc -c <"$1")" -le "$3" ] || return 0
	cp "$1" "$2/seed-$(basename "$1")"
}

# Stack traces for UBSan reports too; keep what the caller set.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export UBSAN_OPTIONS

# The number of runs FUZZ_RUNS gives harness $1 (empty: a timed run).
runs_for() {
	case ${FUZZ_RUNS:-} in
	'') ;;
	*[!0-9]*)
		for w in $FUZZ_RUNS; do
			[ "${w%%=*}" = "$1" ] && echo "${w#*=}"
		done
		;;
	*) echo "$FUZZ_RUNS" ;;
	esac
}

status=0
for t in $targets; do
	# Per harness: longest input, seconds before an input counts as a hang,
	# and sources and libraries beyond the core.
	extra_src=
	extra_libs=
	extra_cflags=
	case $t in
	load)
		max_len=1048576
		timeout=30
		;;
	options)
		max_len=4096
		timeout=10
		;;
	keys)
		# The explorer's key handling: bytes become a key script run
		# through the scripted mode, resizes and mouse events mixed in.
		max_len=4096
		timeout=30
		# state.c turns the options into a request (src/options.c); o
		# and r find networks as the command line does (netfind.c),
		# here without bundled ones: a typed name must not load a
		# network of thousands of layers per input.
		extra_src="$(echo "$top"/src/tui/*.c) $top/src/options.c $top/src/cli/netfind.c"
		extra_cflags='-DBKSEF_PKGDATADIR="/nonexistent" -DBKSEF_SRCDATADIR="/nonexistent"'
		extra_libs=$(pkg-config --libs ncursesw)
		;;
	onnx)
		# The ONNX reader and the mapping onto a network: models of up
		# to 64 KiB (the twins above it are left out), read mapped,
		# streamed and with subgraphs kept, then mapped.
		max_len=65536
		timeout=10
		extra_src=$top/tests/bad-onnx/onnx-dump.c
		extra_cflags=-I$top/tests/bad-onnx
		;;
	plan)
		# The plan CSV reader and the comparison (bksef --diff).
		max_len=65536
		timeout=10
		;;
	*)
		echo "run-fuzz: unknown harness '$t'" >&2
		exit 2
		;;
	esac
	bin=$out/fuzz_$t
	echo "run-fuzz: building $bin"
	# shellcheck disable=SC2086 # cflags, extra_*, are word lists
	if ! "$cc" $cflags $extra_cflags -I"$cfgdir" -I"$top/src" -I"$top/src/core" \
		"$top"/src/core/*.c $extra_src "$here/fuzz_$t.c" -lgsl -lgslcblas -lcsv -lm \
		$extra_libs -o "$bin" \
		>"$out/build-$t.log" 2>&1; then
		cat "$out/build-$t.log" >&2
		echo "run-fuzz: FAIL: fuzz_$t does not build" >&2
		exit 1
	fi

	corpus=$out/corpus-$t
	rm -rf "$corpus"
	mkdir -p "$corpus"
	for f in "$here/seeds-$t"/* "$here/regress/$t"-*; do
		seed "$f" "$corpus" "$max_len"
	done
	if [ "$t" = load ]; then
		for f in "$top"/data/*.csv "$top"/tests/data/*.csv "$top"/tests/bad/*.csv \
			"$top"/tests/bad/*/*.csv; do
			seed "$f" "$corpus" "$max_len"
		done
	fi
	if [ "$t" = plan ]; then
		for f in "$top"/tests/bad-plan/files/*.csv; do
			seed "$f" "$corpus" "$max_len"
		done
	fi
	if [ "$t" = onnx ]; then
		for f in "$top"/tests/data/onnx/*.onnx "$top"/tests/data/onnx/map/*.onnx \
			"$top"/tests/data/onnx/twins/*.onnx "$top"/tests/bad-onnx/files/*.onnx; do
			seed "$f" "$corpus" "$max_len"
		done
	fi
	n_seeds=$(find "$corpus" -type f | wc -l)
	dict=
	[ -f "$here/$t.dict" ] && dict=$here/$t.dict

	log=$out/fuzz_$t.log
	runs=$(runs_for "$t")
	case $runs in
	'')
		budget="-max_total_time=$secs"
		echo "run-fuzz: fuzz_$t for ${secs}s from $n_seeds seeds (log: $log)"
		;;
	*[!0-9]*)
		echo "run-fuzz: FUZZ_RUNS: '$runs' is not a number of runs for $t" >&2
		exit 2
		;;
	*)
		# libFuzzer sorts its seeds by size only, so the order of
		# equal sizes would follow the directory's order: give it the
		# seeds as a list in name order and start from an empty corpus.
		rm -rf "$out/seeds-$t"
		mv "$corpus" "$out/seeds-$t"
		mkdir -p "$corpus"
		(cd "$out/seeds-$t" && ls | LC_ALL=C sort | sed "s|^|$out/seeds-$t/|" |
			paste -sd, -) >"$out/seeds-$t.list"
		budget="-runs=$runs -seed=${FUZZ_SEED:-1} -reload=0 -seed_inputs=@$out/seeds-$t.list"
		echo "run-fuzz: fuzz_$t for $runs runs (seed ${FUZZ_SEED:-1}) from $n_seeds seeds (log: $log)"
		;;
	esac
	keep_going=
	if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
		keep_going="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
	fi
	# ncurses keeps some memory for the process's life on purpose: no leak
	# reports from the explorer's harness.
	leaks=1
	[ "$t" = keys ] && leaks=0
	# shellcheck disable=SC2086 # keep_going and budget are word lists
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=$leaks} "$bin" $keep_going $budget -max_len="$max_len" -timeout="$timeout" \
		-rss_limit_mb=2048 -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
		${dict:+-dict="$dict"} -artifact_prefix="$out/artifacts/$t-" "$corpus" \
		>"$log" 2>&1
	rc=$?

	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ -z "$execs" ]; then
		# Fork mode prints no final stats: take the last status line.
		execs=$(sed -n 's/^#\([0-9][0-9]*\):* .*/\1/p' "$log" | tail -n 1)
	fi
	size=$(find "$corpus" -type f | wc -l)
	found=$(find "$out/artifacts" -type f -name "$t-*" | wc -l)
	echo "run-fuzz: fuzz_$t: ${execs:-?} executions, corpus $size files, exit $rc," \
		"$found finding(s)"
	if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
		status=1
		echo "run-fuzz: FAIL: fuzz_$t found something; last lines of $log:" >&2
		tail -n 60 "$log" >&2
		find "$out/artifacts" -type f -name "$t-*" | sed 's/^/run-fuzz: input: /' >&2
	fi
done
exit $status
