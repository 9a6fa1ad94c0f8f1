#!/bin/sh
# progress.sh -- long work in the explorer (issue 17 §4): the first load (a
# network CSV and an ONNX model, read and mapped, then scored), the budget
# solve (both solvers), scoring anew for another candidate set or
# realisation, the lambda3 sweep, the budget frontier and both exports each
# show the
# progress line (what, a bar, the elapsed time), Esc cancels them, and the
# screen after equals the screen before apart from the footer's message
# (nothing changed, no file written).  The test hook BKSEF_TEST_SLOW=MS:WHAT
# (src/core/progress.c) makes only the work named WHAT slow, on a clock of
# its own: the same screens on every run.  And held keys: ':repeat 10
# <Right>', applied as one multi-step, gives what ten separate presses give.
. "$srcdir/tests/tui/lib.sh"

# screen FILE N: the Nth screen of dump FILE, without its "---" line
screen() {
	awk -v n="$2" '/^--- screen/ { k++; next } k == n' "$1"
}

# cancel NAME SLOW ARGS -- KEYS...: run the explorer on ARGS with the hook
# BKSEF_TEST_SLOW=SLOW; KEYS start the work, after the keys $pre and a dump
# "before"; then the progress line is dumped, Esc pressed and the screen
# dumped again.
cancel() {
	name=$1 slow=$2
	set -f
	shift 2
	args=
	while [ "$1" != -- ]; do
		args="$args $1"
		shift
	done
	shift
	{
		for k in $pre; do echo "$k"; done
		echo ':dump before'
		for k in "$@"; do echo "$k"; done
		echo ':dump during'
		echo '<Esc>'
		echo ':dump after'
		echo 'q'
	} >"$name.keys"
	set +f
	# shellcheck disable=SC2086
	BKSEF_TEST_SLOW=$slow "$BKSEF" --keys "$name.keys" --dump "$name.out" $args \
		>"$name.stdout" 2>"$name.err"
	rc=$?
	[ "$rc" -eq 0 ] || fail "$name: exit $rc: $(head -c 300 "$name.err")"
	[ "$(grep -c '^--- screen' "$name.out")" -eq 3 ] ||
		fail "$name: want 3 screens: $(grep '^--- screen' "$name.out")"
	what=${slow#*:}
	screen "$name.out" 2 | tail -n 1 | grep -Eq "^$what.* \[.*\]( +[0-9]+%)?  [0-9.]+ s  Esc cancels$" ||
		fail "$name: no progress line for '$what': $(screen "$name.out" 2 | tail -n 1)"
	screen "$name.out" 3 | tail -n 1 | grep -q "^cancelled $what.*; nothing changed$" ||
		fail "$name: the footer does not say it was cancelled: $(screen "$name.out" 3 | tail -n 1)"
	screen "$name.out" 1 | sed '$d' >"$name.before"
	screen "$name.out" 3 | sed '$d' >"$name.after"
	diff -u "$name.before" "$name.after" >"$name.diff" ||
		fail "$name: the screen changed: $(head -n 40 "$name.diff")"
}

cancel budget-lambda '50:solving the budget' --ascii --solver lambda paper-cifar10-cnn -- \
	b ':type 350M' '<Enter>'
cancel budget-best '50:solving the budget' --ascii resnet50 -- b ':type 90%' '<Enter>'
# the sweep's plot (the fifth) gives the panel back to the one before
pre='p p p'
cancel sweep '50:the lambda3 sweep' --ascii resnet50 -- p
pre=
# a stale sweep on its own plot, cancelled while drawn: the plot says so and
# waits for C-l (not computed again at every redraw)
printf 'p\np\np\np\nI\n<Right>\n:dump during\n<Esc>\n:dump after\n<Down>\n:dump held\nq\n' >held-sweep.keys
BKSEF_TEST_SLOW='50:the lambda3 sweep' "$BKSEF" --ascii --keys held-sweep.keys \
	--dump held-sweep.out resnet50 2>held-sweep.err || fail "held-sweep: exit $?"
[ "$(grep -c '^--- screen' held-sweep.out)" -eq 3 ] || fail "held-sweep: want 3 screens"
for n in 2 3; do
	screen held-sweep.out $n | grep -q 'sweep cancelled; C-l computes it' ||
		fail "held-sweep: screen $n does not hold the cancelled sweep"
done
cancel frontier '50:the budget frontier' --ascii resnet50 -- ']'
# a new candidate set (K), a new realisation (D): the network scored anew
cancel candidates '50:scoring the new candidates' --ascii resnet50 -- K
cancel realise '50:scoring the new candidates' --ascii resnet50 -- D
cancel export-plan '20:writing the plan' --ascii resnet50 -- e '<Enter>'
[ -e resnet50-plan.csv ] && fail "export-plan: a cancelled export left resnet50-plan.csv"
cancel export-net '20:writing the network' --ascii resnet50 -- E '<Enter>'
[ -e resnet50-planned.csv ] && fail "export-net: a cancelled export left resnet50-planned.csv"

# The first load: Esc exits 1 with "load cancelled", the screen dumped
# while it loaded (a model: while it is read, and while it is mapped; a
# budget given on the command line: while it is solved for the first
# plan).
onnx=$srcdir/tests/data/onnx/cbr-op13.onnx
for case in 'resnet50|loading the network|' "$onnx|reading the model|" \
	"$onnx|mapping the model|" 'resnet50|scoring the network|' \
	'resnet50|solving the budget|90%'; do
	net=${case%%|*} what=${case#*|} budget=${what#*|} what=${what%|*}
	printf ':dump loading\n<Esc>\n:dump never\nq\n' >load.keys
	BKSEF_TEST_SLOW="100:$what" "$BKSEF" --ascii --keys load.keys --dump load.out \
		${budget:+--budget "$budget"} "$net" >load.stdout 2>load.err
	rc=$?
	[ "$rc" -eq 1 ] || fail "load $net ($what): exit $rc, want 1"
	[ "$(cat load.err)" = "bksef: load cancelled" ] || fail "load $net: stderr: $(cat load.err)"
	[ -s load.stdout ] && fail "load $net: wrote to standard output"
	[ "$(grep -c '^--- screen' load.out)" -eq 1 ] || fail "load $net: want 1 screen"
	screen load.out 1 | tail -n 1 | grep -Eq "^$what \[.*\]( +[0-9]+%)?  [0-9.]+ s  Esc cancels$" ||
		fail "load $net: no progress line: $(screen load.out 1 | tail -n 1)"
done

# Held keys: ten presses as one multi-step equal ten presses one by one
# (Ctrl-L between them keeps them apart); both moved lambda3.
printf 'C\n:repeat 10 <Right>\n:dump\nq\n' >held.keys
: >apart.keys
printf 'C\n' >>apart.keys
for _ in 1 2 3 4 5 6 7 8 9 10; do printf '<Right>\n<C-l>\n' >>apart.keys; done
printf ':dump\nq\n' >>apart.keys
printf 'C\n:dump\nq\n' >start.keys
for k in held apart start; do
	"$BKSEF" --ascii --keys $k.keys --dump $k.out paper-cifar10-cnn 2>$k.err ||
		fail "$k: exit $?: $(cat $k.err)"
done
cmp -s held.out apart.out || fail "held keys: ':repeat 10 <Right>' differs from ten presses: $(diff held.out apart.out | head -n 20)"
cmp -s held.out start.out && fail "held keys: ten steps changed nothing"
finish
