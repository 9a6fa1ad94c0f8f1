#!/bin/sh
# tmux.sh -- the real binary on a real (pseudo-)terminal, driven through
# tmux: a lambda3 step changes k* and the header's MACs, resizing relays the
# screen (and below 80x24 says so), q, SIGINT, SIGQUIT (Ctrl-\ too), SIGTERM
# and SIGHUP each leave a usable shell (echo and canonical input on, cursor
# visible, the alternate screen left, no mouse reporting; tmux tracks each
# of these modes of the pane) and a signal kills bksef (status 128+N), a
# network read from standard input still takes its keys from the terminal,
# and the compare view shows the right values.
. "$srcdir/tests/tui/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed"
	exit 77
fi
# One tmux server per run, on sockets of our own (never the user's).
runs=0
T() {
	tmux -L "bksef-test-$$-$runs" -f /dev/null "$@"
}
cleanup() {
	while [ "$runs" -gt 0 ]; do
		T kill-server >/dev/null 2>&1
		runs=$((runs - 1))
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
# Under valgrind bksef starts in seconds, not milliseconds.
wait_s=20
[ -n "$BKSEF_MEMCHECK" ] && wait_s=90

# A pane of exactly 80x24 (no status line) running a plain shell in $tmp.
start() {
	T kill-server >/dev/null 2>&1
	runs=$((runs + 1))
	T new-session -d -s t -x 80 -y 24 -c "$tmp" \
		"env PS1='$ ' TERM=screen LC_ALL=C.UTF-8 sh" \; set-option -g status off ||
		exit 99
}

# wait_for PATTERN: poll the pane until a line matches PATTERN (grep -E);
# the pane's text is left in screen.txt.
wait_for() {
	n=0
	while [ "$n" -lt $((wait_s * 10)) ]; do
		T capture-pane -p -t t >screen.txt 2>/dev/null
		grep -Eq -- "$1" screen.txt && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# wait_line N PATTERN: poll until line N of the pane matches PATTERN (a
# slow run, such as under valgrind, may paint the header before the footer).
wait_line() {
	n=0
	while [ "$n" -lt $((wait_s * 10)) ]; do
		T capture-pane -p -t t >screen.txt 2>/dev/null
		sed -n "$1p" screen.txt | grep -Eq -- "$2" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# The pane's modes: alternate screen, cursor, mouse reporting (any kind).
modes() {
	T display-message -p -t t \
		'alt=#{alternate_on} cursor=#{cursor_flag} mouse=#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}#{mouse_sgr_flag}'
}

# explorer_modes WHAT: while bksef runs, the pane is on the alternate
# screen with the cursor hidden and mouse reports on (so that shell_ok's
# checks can fail).
explorer_modes() {
	case $(modes) in
	"alt=1 cursor=0 mouse="*1*) ;;
	*) fail "$1: bksef running, but the pane's modes are $(modes)" ;;
	esac
}

# shell_ok WHAT: the shell is back, with echo and icanon, cursor visible,
# off the alternate screen, no mouse reports.
shell_ok() {
	T send-keys -t t "stty -a >stty.txt; echo STTY=done" Enter
	wait_for '^STTY=done' || fail "$1: the shell does not answer"
	grep -Eq '(^| )echo( |$)' stty.txt || fail "$1: echo is off"
	grep -Eq '(^| )icanon( |$)' stty.txt || fail "$1: icanon is off"
	[ "$(modes)" = "alt=0 cursor=1 mouse=0000" ] ||
		fail "$1: the terminal is not restored: $(modes) (want alt=0 cursor=1 mouse=0000)"
}

# bksef runs under a wrapper that writes its pid and then its exit status.
# The wrapper ignores SIGINT, so that a Ctrl-C ends bksef alone and the
# status still gets printed (an interactive shell would drop the rest of the
# line); bksef installs its own handler whatever it inherits.
# It catches SIGQUIT (Ctrl-\) rather than ignoring it, so that bksef gets
# it with its default action, as from an interactive shell; no core dumps.
cat >run-bksef.sh <<'END'
trap '' INT
trap : QUIT
ulimit -c 0 2>/dev/null
sh -c 'echo $$ >pid.txt; exec "$@"' sh "$@"
echo EXIT=$?
END

# run ARGS: start bksef in the pane, wait for its screen.
run() {
	T send-keys -t t "sh run-bksef.sh '$BKSEF' $*" Enter
	wait_for 'layers, [0-9]+ convs' || fail "bksef $*: no screen: $(cat screen.txt)"
}

# 1. A lambda3 step (each check polls: under valgrind the screen is painted
# in pieces).  From 0.32 one step gives 0.33, past the sweep's first
# breakpoint 0.3252 (--sweep paper-cifar10-cnn): stage1.1.conv and
# stage2.1.conv go from 7 to 5 and the MACs from 680.7M to 479.4M.
start
run --lambda3 0.32 paper-cifar10-cnn
wait_for '680\.7M' || fail "lambda3 0.32: the header does not show 680.7M"
wait_for 'stage1\.1\.conv.* 3  7 ' || fail "lambda3 0.32: stage1.1.conv not at 7"
T send-keys -t t Right
wait_for '479\.4M' || fail "after Right: the header MACs did not change to 479.4M"
wait_for 'stage1\.1\.conv.* 3  5 ' || fail "after Right: stage1.1.conv not at 5"

# 2. Resizes: too small, then larger, then back.
T resize-window -t t -x 60 -y 20
wait_for 'terminal too small \(60x20, need 80x24\)' || fail "60x20: no 'too small' screen"
T resize-window -t t -x 120 -y 40
wait_for 'receptive field 23' || fail "120x40: the header does not use the room"
wait_line 40 'help' || fail "120x40: no footer on the 40th line"
T resize-window -t t -x 80 -y 24
wait_for 'RF 23.49' || fail "back at 80x24: no screen"

# 3. q leaves a clean shell.
explorer_modes "q"
T send-keys -t t q
wait_for '^EXIT=0' || fail "q: bksef did not exit 0: $(cat screen.txt)"
shell_ok "q"

# 4. Signals, each in a run of its own, after a few keys: Ctrl-C, Ctrl-\
# (QUIT-key) and kill.
for sig in INT QUIT-key QUIT TERM HUP; do
	start
	run paper-cifar10-cnn
	T send-keys -t t Right Down 2
	sleep 0.3
	explorer_modes "SIG$sig"
	case $sig in
	INT) T send-keys -t t C-c ;;
	QUIT-key) T send-keys -t t 'C-\' ;;
	*) kill -"$sig" "$(cat pid.txt)" || fail "kill -$sig" ;;
	esac
	case $sig in
	INT) want=130 ;;
	QUIT*) want=131 ;;
	TERM) want=143 ;;
	HUP) want=129 ;;
	esac
	wait_for "^EXIT=" || fail "SIG$sig: bksef did not end"
	grep -q "^EXIT=$want" screen.txt || fail "SIG$sig: $(grep '^EXIT=' screen.txt), not $want"
	shell_ok "SIG$sig"
done

# 5. The network from a pipe; the keys from the terminal.
start
T send-keys -t t "cat '$srcdir/data/paper-cifar10-cnn.csv' | sh run-bksef.sh '$BKSEF' -" Enter
wait_for 'standard input' || fail "stdin: no screen: $(cat screen.txt)"
T send-keys -t t Right
wait_for 'l3=0\.11|λ3=0\.11' || fail "stdin: Right did not reach bksef"
T send-keys -t t q
wait_for '^EXIT=0' || fail "stdin: q did not end bksef"
shell_ok "stdin"

# 6. Compare: m marks lambda3 0.32 as A, Right moves to 0.33 (as in 1.),
# d shows A against it (the numbers of tests/tui/screens/compare.keys,
# without the pin: 680,724,992 - 2 * 100,663,296 = 479,398,400 MACs, 479.4M,
# -29.6%), d closes it.
start
run --lambda3 0.32 paper-cifar10-cnn
T send-keys -t t m
wait_for 'marked the current plan as A' || fail "m: no message: $(cat screen.txt)"
T send-keys -t t Right
wait_for '479\.4M' || fail "compare: Right did not reach lambda3 0.33"
T send-keys -t t d
wait_for '2 of 6 convs differ' || fail "d: no compare view: $(cat screen.txt)"
wait_for '^stage1\.1\.conv +7 +5 +205\.5M +104\.9M ' || fail "d: stage1.1.conv not 7 -> 5"
wait_for '^stage2\.1\.conv +7 +5 +205\.5M +104\.9M ' || fail "d: stage2.1.conv not 7 -> 5"
wait_for '^MACs +680\.7M +479\.4M +-29\.6%' || fail "d: the MAC totals are not 680.7M -> 479.4M"
wait_for '^lambda3 +0\.32 +0\.33$' || fail "d: the requests' lambda3 are not 0.32 and 0.33"
T send-keys -t t d
wait_for 'stage1\.1\.conv.* 3  5 ' || fail "d again: the table is not back"
T send-keys -t t q
wait_for '^EXIT=0' || fail "compare: q did not end bksef"
shell_ok "compare"
finish
