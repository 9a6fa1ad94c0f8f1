#!/bin/sh
# tmux.sh -- the real binary on a real (pseudo-)terminal, driven through
# tmux: a lambda3 step changes k* and the header's MACs, a sort and a filter
# show the rows expected, resizing relays the screen (and below 80x24 says
# so), q, SIGINT, SIGQUIT (Ctrl-\ too), SIGTERM and SIGHUP each leave a
# usable shell (echo and canonical input on, cursor visible, the alternate
# screen left, no mouse reporting; tmux tracks each of these modes of the
# pane) and a signal kills bksef (status 128+N), and a network read from
# standard input still takes its keys from the terminal (and r refuses to
# reload it), o opens another network whose values show, an outside edit of
# its file shows and r reloads it, the compare view shows the right
# values, and long work shows its progress, keeps keys typed meanwhile and
# stops at Esc.
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

# 1b. Sort and filter (issue 18), at lambda3 0.33: the plan 7 5 7 5 5 5
# (--plan) gives MACs stage1.0 3*64*32*32*49 = 9.634M, stage1.1
# 64*64*32*32*25 = 104.9M, stage2.0 64*128*16*16*49 = 102.8M, stage2.1
# 128*128*16*16*25 = 104.9M, stage3.0 128*256*8*8*25 = 52.43M, stage3.1
# 256*256*8*8*25 = 104.9M.  < twice sorts by MACs (from network order: RF,
# then MACs), i inverts: the table's rows (lines 5-10) are layers 3, 7, 11
# (104.9M, ties in network order), 5, 9, 1.
T send-keys -t t '<' '<' i
wait_line 4 'MACs▾' || fail "sort: the MACs heading is not marked descending"
wait_line 5 '^ *3 +stage1\.1\.conv.*104\.9M' || fail "sort: row 1 is not stage1.1.conv"
wait_line 8 '^ *5 +stage2\.0\.conv.*102\.8M' || fail "sort: row 4 is not stage2.0.conv"
wait_line 10 '^ *1 +stage1\.0\.conv.*9\.634M' || fail "sort: row 6 is not stage1.0.conv"
# The selection stayed on stage1.0.conv: Space pins it to 3 (3*64*32*32*9
# = 1.769M MACs, its baseline kernel), so "changed against the baseline"
# (f twice: tunable, changed) lists the other five, still sorted, and
# "pinned" (f) stage1.0.conv alone.
T send-keys -t t Space f f
wait_for 'rows: changed against the baseline, 5 of 15' ||
	fail "filter changed: no message: $(cat screen.txt)"
wait_line 9 '^ *9 +stage3\.0\.conv.*52\.43M' || fail "filter changed: row 5 is not stage3.0.conv"
sed -n 10p screen.txt | grep -q 'stage' && fail "filter changed: a sixth row: $(sed -n 10p screen.txt)"
T send-keys -t t f
# The footer is painted after the table's rows: once it says so, the rows
# the filter dropped are gone from the screen (under valgrind a check
# before it saw the old second row).
wait_for 'rows: pinned, 1 of 15' || fail "filter pinned: no message: $(cat screen.txt)"
wait_line 5 '^ *1 ! stage1\.0\.conv .* 3  3 .*1\.769M' ||
	fail "filter pinned: row 1 is not the pinned stage1.0.conv"
sed -n 6p screen.txt | grep -q 'stage' && fail "filter pinned: a second row: $(sed -n 6p screen.txt)"
# Back: the pin undone, every layer, then the convolutions; a last key
# clears the footer's message.
T send-keys -t t u f f
wait_for 'rows: convolutions, 6 of 15' || fail "filter: not back to the convolutions"
T send-keys -t t Down
wait_line 24 'help' || fail "filter: the footer's hints do not come back"

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
T send-keys -t t r
wait_for 'cannot be reloaded' || fail "stdin: r was not refused"
T send-keys -t t q
wait_for '^EXIT=0' || fail "stdin: q did not end bksef"
shell_ok "stdin"
# 6. o opens another network; an outside edit shows in the title bar and
# r reloads it.  tiny.csv as loaded: 574,592 MACs (its own hand count, in
# its comments), 574.6k in the header; the default plan's 3.652M (bksef
# --plan tiny.csv: 7,303,456 FLOPs, 3,651,728 MACs).  Then c3 gets 12
# outputs instead of 6: 11,934 more MACs in c3 (17 x 6 x 9 x 13) and 42 in
# the fc (6 more inputs x 7), 586,568 in all: 586.6k once reloaded.
start
cp "$srcdir/tests/data/tiny.csv" "$tmp/tiny.csv" || exit 99
run paper-cifar10-cnn
T send-keys -t t o
wait_for 'open a network' || fail "o: no prompt"
T send-keys -t t "tiny.csv" Enter
wait_for 'opened tiny: 11 layers, 4 convs' || fail "o tiny.csv: not opened: $(cat screen.txt)"
wait_line 1 'bksef tiny +tiny\.csv +11 layers, 4 convs, 3 tunable' ||
	fail "o tiny.csv: the title bar does not name it: $(sed -n 1p screen.txt)"
wait_line 2 '^MACs 574\.6k.3\.652M' || fail "o tiny.csv: the header MACs are not 574.6k -> 3.652M"
grep -q '^ *1 .*c1 ' screen.txt || fail "o tiny.csv: the table does not list c1"
sed 's/^c3,conv,p1,6,/c3,conv,p1,12,/' "$srcdir/tests/data/tiny.csv" >"$tmp/tiny.new" &&
	mv "$tmp/tiny.new" "$tmp/tiny.csv" || exit 99
wait_line 1 'changed on disk' || fail "an outside edit: no [changed on disk] in the title bar"
T send-keys -t t r
wait_for 'reloaded tiny' || fail "r: not reloaded: $(cat screen.txt)"
wait_line 2 '^MACs 586\.6k' || fail "r: the header MACs are not 586.6k"
sed -n 1p screen.txt | grep -q 'changed on disk' && fail "r: still marked changed on disk"
T send-keys -t t q
wait_for '^EXIT=0' || fail "o/r: q did not end bksef"
shell_ok "o/r"

# 7. Compare: m marks lambda3 0.32 as A, Right moves to 0.33 (as in 1.),
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

# 8. Long work on a real terminal (issue 17): the progress line, keys read
# from the terminal while the work runs, Esc.  The test hook makes each poll
# of the named work sleep 50 ms for real (progress.c), so that the work
# lasts seconds.  First the load: the explorer starts on its progress line,
# Esc restores the terminal and ends bksef with status 1 and "load
# cancelled".
start
T send-keys -t t "BKSEF_TEST_SLOW='50:loading the network' BKSEF_TEST_SLOW_REAL=1 sh run-bksef.sh '$BKSEF' resnet50" Enter
wait_line 24 '^loading the network \[.*\].*s +Esc cancels' ||
	fail "load: no progress line: $(cat screen.txt)"
T send-keys -t t Escape
wait_for '^EXIT=1' || fail "load: Esc did not end bksef with status 1: $(cat screen.txt)"
grep -q '^bksef: load cancelled' screen.txt || fail "load: no 'load cancelled': $(cat screen.txt)"
shell_ok "load cancelled"
# Then a budget solve in the explorer: its progress line, and Esc with a key
# typed before it: the solve is cancelled, the plan stays (the header's
# 4.089G->18.96G, bksef --plan resnet50: 4,089,184,256 -> 18,963,759,104
# MACs), and the key typed during the work (? opens the help) runs after it.
start
T send-keys -t t "BKSEF_TEST_SLOW='50:solving the budget' BKSEF_TEST_SLOW_REAL=1 sh run-bksef.sh '$BKSEF' resnet50" Enter
wait_for 'layers, [0-9]+ convs' || fail "budget: no screen: $(cat screen.txt)"
wait_line 2 '^MACs 4\.089G.*18\.96G ' || fail "budget: the header MACs are not 4.089G->18.96G: $(cat screen.txt)"
T send-keys -t t b 9 0 % Enter
wait_line 24 '^solving the budget \[.*\].*s +Esc cancels' ||
	fail "budget: no progress line: $(cat screen.txt)"
T send-keys -t t '?' Escape
wait_for '^Help: keys' || fail "budget: the key typed during the work did not run: $(cat screen.txt)"
T send-keys -t t '?'
wait_for 'layers, [0-9]+ convs' || fail "budget: the help does not close"
wait_line 2 '^MACs 4\.089G.*18\.96G ' || fail "budget: the plan changed: $(cat screen.txt)"
T send-keys -t t q
wait_for '^EXIT=0' || fail "budget: q did not end bksef"
shell_ok "budget cancelled"
finish
