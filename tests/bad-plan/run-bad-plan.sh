#!/bin/sh
# tests/bad-plan/run-bad-plan.sh -- run every case of tests/bad-plan/cases.txt
# (plan CSVs as input: bksef --diff, --pins-from) and check that bksef gives
# the expected message and exit status, writes nothing (no stdout, no new
# file), does not crash, and stays within 60 s and 1 GiB of address space.
set -u
: "${BKSEF:?BKSEF must name the bksef program}"
: "${srcdir:?srcdir must name the source tree}"
here=$srcdir/tests/bad-plan
mem_kb=${BKSEF_BAD_MEM_KB:-1048576}
time_s=60
min_cases=60
. "$srcdir/tests/lib/run-cases.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-bad-plan.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
cp "$here"/files/* "$srcdir/tests/data/tiny.csv" "$tmp"/ || exit 99
cd "$tmp" || exit 99
work=$tmp/.work
mkdir "$work" || exit 99

run_one() {
	cases_files_before
	# shellcheck disable=SC2086 # ARGS are a word list
	cases_bounded "$mem_kb" "$BKSEF" $args ${arg:+"$arg"} <"$stdin"
	cases_check "$code" "$expect" && cases_files_same
}
cases_run "$here/cases.txt" run_one

cases_finish
