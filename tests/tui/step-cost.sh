#!/bin/sh
# step-cost.sh -- what one slider step costs in the explorer: the CPU time
# (user + system) of a key script of 2,000 lambda3 steps (+, -, ...: the
# keys that always step), each rescoring and redrawing an 80x24 screen through the scripted mode,
# minus that of an empty script, per step.  On resnet50 and on a synthetic
# network of 10,000 convs (tests/bench/gen-net).  Also the time to the first
# screen.  Figures are printed, not asserted (see `make tui-step-cost`).
: "${BKSEF:?}" "${GEN_NET:?}" "${srcdir:?}"
# perf's task-clock counts CPU time to the microsecond; GNU time to 10 ms.
use_perf=
if perf stat -x, -e task-clock -o /dev/null true >/dev/null 2>&1; then
	use_perf=1
elif [ ! -x /usr/bin/time ]; then
	echo "step-cost.sh needs perf or GNU time (/usr/bin/time)"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-cost.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
steps=2000
i=0
while [ "$i" -lt $((steps / 2)) ]; do
	printf '+\n-\n'
	i=$((i + 1))
done >steps.keys
: >empty.keys
printf ':dump\n' >first.keys
"$GEN_NET" --convs 10000 --seed 1 -o synth-10000.csv || exit 1

# cpu SCRIPT NET [ARGS]: the run's CPU seconds (user + system), best of three.
cpu() {
	script=$1
	net=$2
	shift 2
	best=
	for r in 1 2 3; do
		if [ -n "$use_perf" ]; then
			perf stat -x, -e task-clock -o time.txt "$BKSEF" --keys "$script" \
				--dump /dev/null "$@" "$net" >/dev/null 2>&1 </dev/null || exit 1
			t=$(awk -F, '/task-clock/ {print $1 / 1000}' time.txt)
		else
			/usr/bin/time -o time.txt -f '%U %S' "$BKSEF" --keys "$script" \
				--dump /dev/null "$@" "$net" >/dev/null 2>&1 </dev/null || exit 1
			t=$(awk '{print $1 + $2}' time.txt)
		fi
		if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then
			best=$t
		fi
	done
	echo "$best"
}

printf '%-14s %-8s %12s %12s\n' network plot "first screen" "per step"
for net in "$srcdir/data/resnet50.csv" synth-10000.csv; do
	for plot in 1 2 3 4 5; do
		{ echo "$plot"; cat steps.keys; } >plot.keys
		base=$(cpu empty.keys "$net")
		first=$(cpu first.keys "$net")
		all=$(cpu plot.keys "$net")
		printf '%-14s %-8s %9.1f ms %9.3f ms\n' "$(basename "$net" .csv)" "$plot" \
			"$(awk "BEGIN{print $first * 1000}")" \
			"$(awk "BEGIN{print ($all - $base) * 1000 / $steps}")"
	done
done
