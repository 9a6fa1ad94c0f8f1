#!/bin/sh
# tests/bad-onnx/run-bad-onnx.sh -- run every case of tests/bad-onnx/cases.txt
# through the ONNX reader and check its message and exit status: no crash,
# no sanitizer report, nothing on standard output for a refused file, an
# answer within 60 s (300 s under a checker), and a memory bound of 256 MiB
# of address space (ulimit -v; with AddressSanitizer, whose shadow memory
# takes terabytes of address space, its soft_rss_limit_mb instead).
#
# The reader is run as $ONNX_READER ARGS FILE; ONNX_READER defaults to the
# test driver tests/bad-onnx/onnx-read, which prints what bksef will print
# ("bksef:FILE: ...").  Once bksef reads ONNX itself, the same corpus can
# run through it: ONNX_READER="$BKSEF --summary" (the EXIT 0 cases then
# expect bksef's summary instead of the driver's line).
set -u
: "${srcdir:?srcdir must name the source tree}"
: "${builddir:?builddir must name the build tree}"

here=$srcdir/tests/bad-onnx
reader=${ONNX_READER:-$builddir/tests/bad-onnx/onnx-read}
mem_kb=${BKSEF_BAD_MEM_KB:-262144}
time_s=60
min_cases=50
. "$srcdir/tests/lib/run-cases.sh"
# The big model: big-model.head, 300 MiB of zero bytes (the raw_data of one
# FLOAT initializer of 78,643,200 values), big-model.tail.  huge.onnx: 3 GiB
# of zero bytes (sparse, as big-model.onnx's zero bytes are).
big_bytes=314572800

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-bad-onnx.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

cp "$here"/files/*.onnx "$srcdir"/tests/data/onnx/*.onnx "$tmp"/ || exit 99
cd "$tmp" || exit 99
# The 300 MiB model, sparse (its zero bytes are a hole: no disk space).
head_size=$(wc -c <"$here/files/big-model.head") &&
	cp "$here/files/big-model.head" big-model.onnx &&
	truncate -s $((head_size + big_bytes)) big-model.onnx &&
	cat "$here/files/big-model.tail" >>big-model.onnx &&
	truncate -s 3G huge.onnx || {
	echo "run-bad-onnx.sh: cannot write big-model.onnx and huge.onnx" >&2
	exit 99
}
work=$tmp/.work
mkdir "$work" || exit 99

# shellcheck disable=SC2086 # the reader may be a command with arguments
if [ "$mode" = ulimit ] &&
	! (ulimit -v "$mem_kb" && exec $reader "$here/../data/onnx/cbr-op13.onnx") >/dev/null 2>&1; then
	echo "run-bad-onnx.sh: $reader does not read a model under ulimit -v $mem_kb" >&2
	exit 99
fi
echo "reader: $reader; memory bound: $mem_kb KiB ($mode); time bound: $time_s s a case"

# Write the stream NAME to standard output: a file of this folder, or one
# of the generated streams.
feed() {
	case $1 in
	big-model-cut.stream)
		# the big model cut 100 MiB into its raw_data
		cat "$here/files/big-model.head" && head -c 104857600 /dev/zero
		;;
	endless.stream)
		# ir_version 8, then field 15 of 2^31 - 1 bytes of zeros that
		# never end (but for the 2 GiB limit, and the timeout)
		printf '\010\010\172\377\377\377\377\007' && exec timeout 120 cat /dev/zero
		;;
	huge-length.stream)
		# ir_version 8, then a graph of 2^32 bytes, zeros that never end
		printf '\010\010\072\200\200\200\200\020' && exec timeout 120 cat /dev/zero
		;;
	*) cat "./$1" ;;
	esac
}

# Run the reader with ARGS and ARG, standard input from $stdin or from
# the stream $pipe, under the bounds.
run() {
	if [ -n "$pipe" ]; then
		feed "$pipe" | run_bounded
	else
		run_bounded <"$stdin"
	fi
}
run_bounded() {
	# shellcheck disable=SC2086 # reader and args are word lists
	cases_bounded "$mem_kb" $reader $args ${arg:+"$arg"}
}

run_one() {
	pipe=
	case $file in
	'>'*) pipe=${file#>} arg=- ;;
	/*) arg=$file ;;
	esac
	start=$(date +%s)
	run
	rc=$? # set in a subshell when the stream is piped
	took=$(($(date +%s) - start))
	cases_check "$code" "$expect" 1 || return
	[ "$took" -gt 10 ] && echo "note: case $n ($file) took $took s"
}
cases_run "$here/cases.txt" run_one

cases_finish
