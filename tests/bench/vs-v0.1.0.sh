#!/bin/bash
# vs-v0.1.0.sh -- whole-process figures of this build next to v0.1.0's, on the
# same machine, as a markdown table (for README.md's "## Performance").
#
# Usage: tests/bench/vs-v0.1.0.sh [BUILDDIR]   (BUILDDIR: this build, default .)
# Environment: SIZES (default "100000 1000000"; a word varied:N names gen-net's
# --widths varied network of N convs), REPS (default 5), WORK (a
# scratch directory, default a new one under /tmp, removed at the end).
#
# v0.1.0 is built from its git tag, exported (git archive) into WORK
# (autoreconf, configure, make; no tests).  The networks come from this build's gen-net
# (format v1, which both read).  For each file and mode -- load (--summary),
# --plan, --batch, --sweep, output to /dev/null -- each build runs REPS times;
# the table gives the minimum wall time and the minimum CPU time (user +
# system) of the runs: the machine may be shared, and the minimum is the run
# least disturbed by others.  Figures are printed, not asserted.
set -euo pipefail

build=$(cd "${1:-.}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
sizes=${SIZES:-100000 1000000}
reps=${REPS:-5}
own_work=
if [ -z "${WORK:-}" ]; then
	WORK=$(mktemp -d /tmp/bksef-vs.XXXXXX)
	own_work=1
fi
old_src=$WORK/v0.1.0

cleanup() {
	[ -n "$own_work" ] && rm -rf "$WORK"
	return 0
}
trap cleanup EXIT

for f in src/bksef tests/bench/gen-net; do
	[ -x "$build/$f" ] || { echo "vs-v0.1.0: no $build/$f: build first" >&2; exit 1; }
done

if [ ! -x "$old_src/src/bksef" ]; then
	echo "vs-v0.1.0: building v0.1.0 in $old_src" >&2
	mkdir -p "$old_src"
	git -C "$top" archive v0.1.0 | tar -x -C "$old_src"
	(cd "$old_src" && autoreconf -fi >/dev/null 2>&1 && ./configure -q >/dev/null &&
		make -s -j"$(nproc)" src/bksef >/dev/null 2>&1)
fi
old=$old_src/src/bksef
new=$build/src/bksef

# One run of "$@" into the globals WALL and CPU (seconds).
TIMEFORMAT='%R %U %S'
run_once() {
	local t
	t=$({ time "$@" >/dev/null 2>/dev/null || echo "failed"; } 2>&1)
	case $t in *failed*)
		echo "vs-v0.1.0: $* failed" >&2
		exit 1
		;;
	esac
	read -r WALL user sys <<<"$t"
	CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
}

# min over REPS runs: "wall cpu".
measure() {
	local bw=inf bc=inf
	for ((r = 0; r < reps; r++)); do
		run_once "$@"
		bw=$(awk -v a="$bw" -v b="$WALL" 'BEGIN { print (a == "inf" || b < a) ? b : a }')
		bc=$(awk -v a="$bc" -v b="$CPU" 'BEGIN { print (a == "inf" || b < a) ? b : a }')
	done
	echo "$bw $bc"
}

echo "| network | figure | v0.1.0 wall (s) | v0.1.0 CPU (s) | this wall (s) | this CPU (s) | CPU ratio |"
echo "|---|---|---:|---:|---:|---:|---:|"
for size in $sizes; do
	# N: gen-net's network of N convs; varied:N: its --widths varied one
	n=${size#varied:} name=synth-$n widths=fixed
	[ "$size" != "$n" ] && name=varied-$n widths=varied
	f=$WORK/$name.csv
	"$build/tests/bench/gen-net" --convs "$n" --seed 1 --widths "$widths" -o "$f"
	for mode in summary plan batch sweep; do
		label="--$mode"
		[ "$mode" = summary ] && label="load (--summary)"
		read -r ow oc <<<"$(measure "$old" --"$mode" "$f")"
		read -r nw nc <<<"$(measure "$new" --"$mode" "$f")"
		[ -n "$oc" ] && [ -n "$nc" ] || exit 1 # a run failed (said above)
		ratio=$(awk -v a="$oc" -v b="$nc" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
		echo "| $name ($(du -m "$f" | cut -f1) MB) | $label | $ow | $oc | $nw | $nc | $ratio |"
	done
done
