#!/bin/sh
# regress.sh -- every fuzzing seed and regression input through the real
# bksef: each run must end with exit status 0, 1 or 2, by itself (no signal,
# no sanitizer report).
#
# Network files (tests/fuzz/seeds-load/*, tests/fuzz/regress/load-*) go
# through --summary, --layers, --batch (both scopes), --sweep, --reduce 42.8%,
# --budget 100%, and --export-network at lambda3 = 0 and depthwise-separable
# at lambda3 = 1000, whose file must load.
# Option files (tests/fuzz/seeds-options/*, tests/fuzz/regress/options-*)
# hold one value per line; each line is given to
# --lambda1, --gamma, --budget, --reduce, --candidates and --pin with --batch
# on the bundled paper-cifar10-cnn.
# ONNX models (the seeds of fuzz_onnx: tests/data/onnx/*.onnx,
# tests/bad-onnx/files/*.onnx, and tests/fuzz/regress/onnx-*) go through the
# ONNX reader's driver (tests/bad-onnx/onnx-read; ONNX_READER overrides it)
# mapped, streamed, with subgraphs kept, and dumped whole; then through
# bksef --summary, --layers and --convert, and --summary from standard input.
# Plan files (seeds-plan, regress/plan-*) go through --diff and --pins-from
# on fuzz_plan.c's network.
# The mapping's models (tests/data/onnx/map, twins) go through --summary at
# their size and at --input-size 3x64x64.
set -u

: "${BKSEF:?BKSEF must name the bksef binary}"
: "${srcdir:?srcdir must name the source tree}"
fuzz=$srcdir/tests/fuzz
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-regress.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
runs=0

# Run bksef with the arguments given; record a failure unless it exits 0, 1
# or 2 with no sanitizer report.
check() {
	run "$BKSEF" "$@"
}

# Run the command given, as check does (standard input from $stdin, or
# /dev/null).
run() {
	runs=$((runs + 1))
	"$@" >"$tmp/out" 2>"$tmp/err" <"${stdin:-/dev/null}"
	rc=$?
	if [ "$rc" -gt 2 ] || grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
		fail=$((fail + 1))
		echo "FAIL: exit $rc: $*"
		head -n 20 "$tmp/err"
	fi
}

for f in "$fuzz"/seeds-load/* "$fuzz"/regress/load-*; do
	[ -f "$f" ] || continue
	check --summary "$f"
	check --layers "$f"
	check --batch "$f"
	check --batch --scope layer --cost paper "$f"
	check --sweep "$f"
	check --batch --reduce 42.8% "$f"
	check --batch --budget 100% "$f"
	# An exported network loads back, unless bksef refused to write it:
	# at the largest kernels, and depthwise-separable at the smallest (each
	# tunable conv written as two).
	for how in '--lambda3 0' '--realise ds --lambda3 1000'; do
		rm -f "$tmp/net.csv"
		# shellcheck disable=SC2086 # HOW is a word list
		check --batch $how --export-network "$tmp/net.csv" "$f"
		if [ "$rc" -eq 0 ]; then
			check --summary "$tmp/net.csv"
			[ "$rc" -eq 0 ] ||
				{ fail=$((fail + 1)); echo "FAIL: the export of $f ($how) does not load"; }
		elif [ -e "$tmp/net.csv" ]; then
			fail=$((fail + 1))
			echo "FAIL: a refused export of $f ($how) left $tmp/net.csv"
		fi
	done
done

for f in "$fuzz"/seeds-options/* "$fuzz"/regress/options-*; do
	[ -f "$f" ] || continue
	while IFS= read -r v || [ -n "$v" ]; do
		for o in --lambda1 --gamma --budget --reduce --candidates --pin; do
			check --batch "$o" "$v" paper-cifar10-cnn
		done
	done <"$f"
done

# Plan files (tests/fuzz/seeds-plan/*, tests/fuzz/regress/plan-*) are plans of
# fuzz_plan.c's network: each goes through --diff against itself and the
# default plan (printed and as CSV) and --pins-from with --batch and --plan.
sh "$fuzz/plan-net.sh" "$fuzz/fuzz_plan.c" >"$tmp/plan-net.csv" || exit 99
for f in "$fuzz"/seeds-plan/* "$fuzz"/regress/plan-*; do
	[ -f "$f" ] || continue
	check --diff "$f" "$f" "$tmp/plan-net.csv"
	check --diff "$fuzz/seeds-plan/default.csv" "$f" "$tmp/plan-net.csv"
	check --diff "$f" "$fuzz/seeds-plan/default.csv" -o - "$tmp/plan-net.csv"
	check --batch --pins-from "$f" "$tmp/plan-net.csv"
	check --plan --pins-from "$f" "$tmp/plan-net.csv"
done

onnx_reader=${ONNX_READER:-${builddir:-.}/tests/bad-onnx/onnx-read}
for f in "$srcdir"/tests/data/onnx/*.onnx "$srcdir"/tests/bad-onnx/files/*.onnx \
	"$fuzz"/regress/onnx-*; do
	[ -f "$f" ] || continue
	for o in '' --stream --subgraphs --dump; do
		# shellcheck disable=SC2086 # o is one option or none
		run $onnx_reader $o "$f"
	done
	# and through bksef: mapped onto a network (the name or the content
	# says it is a model), and converted
	check --summary "$f"
	check --layers "$f"
	check --convert "$f"
	stdin=$f
	check --summary -
	stdin=
done
for f in "$srcdir"/tests/data/onnx/map/*.onnx "$srcdir"/tests/data/onnx/twins/*.onnx; do
	check --summary "$f"
	check --summary --input-size 3x64x64 "$f"
done

if [ "$runs" -eq 0 ]; then
	echo "FAIL: no seed or regression input found under $fuzz"
	exit 1
fi
echo "$((runs - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
