#!/bin/sh
# prompt-files.sh -- file names in the export prompts (issue 18), in a
# folder of the test's own: Tab completes the common prefix of the
# matches, a second Tab lists them above the prompt, a folder's completion
# ends with '/'; "~/" is the home folder (HOME set to a folder here), where
# the export is then written, byte for byte what --batch writes; Up brings
# back the path given to the same prompt before.  The other file prompts,
# o (open a network) and L (pins from a plan), complete and expand alike.
. "$srcdir/tests/tui/lib.sh"

# explore NAME KEYS...: run the key lines in the scripted mode, the
# screens to NAME.out.
explore() {
	name=$1
	shift
	printf '%s\n' "$@" >"$tmp/$name.keys"
	"$BKSEF" --keys "$tmp/$name.keys" --dump "$tmp/$name.out" --ascii paper-cifar10-cnn \
		</dev/null >"$tmp/$name.stdout" 2>"$tmp/$name.err" ||
		fail "$name: exit $?: $(cat "$tmp/$name.err")"
	[ -s "$tmp/$name.stdout" ] && fail "$name: wrote to standard output"
}

# shows NAME LABEL LINE: the screen dumped under LABEL has the line LINE.
shows() {
	awk -v label="$2" '/^--- screen / { on = substr($0, index($0, ": ") + 2) == label; next }
		on' "$tmp/$1.out" >"$tmp/screen"
	if ! grep -Fxq -- "$3" "$tmp/screen"; then
		fail "$1, screen '$2': no line '$3'"
		tail -n 3 "$tmp/screen"
	fi
}

"$BKSEF" --batch paper-cifar10-cnn >ref-plan.csv 2>/dev/null || fail "--batch exit $?"
"$BKSEF" --batch paper-cifar10-cnn -o /dev/null --export-network ref-net.csv 2>/dev/null ||
	fail "--batch --export-network exit $?"

# 1. Tab in a folder with plan-a.csv, plan-b.csv, the folder plans and
# other.txt.
mkdir -p "$tmp/c/plans" && cd "$tmp/c" || exit 99
: >plan-a.csv
: >plan-b.csv
: >other.txt
explore tab e ':type pl' '<Tab>' ':dump pl Tab' '<Tab>' ':dump Tab again' \
	':type s' '<Tab>' ':dump s Tab' ':type x' '<Tab>' ':dump x Tab' '<Backspace>' \
	':type new.csv' '<Enter>' ':dump written' \
	E ':type o' '<Tab>' ':dump o Tab' '<C-u>' ':type plans/n' '<Tab>' ':dump plans/n Tab'
label='export the plan CSV to [paper-cifar10-cnn-plan.csv]:'
shows tab 'pl Tab' "$label plan_"
shows tab 'Tab again' '3 matches:  plan-a.csv  plan-b.csv  plans/'
shows tab 'Tab again' "$label plan_"
shows tab 's Tab' "$label plans/_"
shows tab 'x Tab' 'no file name starts so'
shows tab 'written' 'wrote the plan (6 convs) to plans/new.csv'
shows tab 'o Tab' 'export the network to [paper-cifar10-cnn-planned.csv]: other.txt_'
shows tab 'plans/n Tab' 'export the network to [paper-cifar10-cnn-planned.csv]: plans/new.csv_'
cmp -s plans/new.csv "$tmp/ref-plan.csv" || fail "plans/new.csv is not what --batch writes"

# 2. ~/ is $HOME: the export goes there (it once failed with "cannot
# create a temporary file beside it"), Tab completes under it, and Up
# brings the path back in the next export prompt of the same kind, not in
# the other's.
mkdir "$tmp/home" "$tmp/d" && cd "$tmp/d" || exit 99
HOME=$tmp/home
export HOME
explore home e ':type ~/r34-plan.csv' '<Enter>' ':dump written' \
	E ':type ~/r3' '<Tab>' ':dump Tab under home' '<C-u>' ':type ~/r34-net.csv' '<Enter>' \
	e '<Up>' ':dump Up in the plan prompt' '<Up>' '<Esc>' E '<Up>' ':dump Up in the network prompt'
shows home 'written' "wrote the plan (6 convs) to $tmp/home/r34-plan.csv"
shows home 'Tab under home' 'export the network to [paper-cifar10-cnn-planned.csv]: ~/r34-plan.csv_'
shows home 'Up in the plan prompt' \
	'export the plan CSV to [paper-cifar10-cnn-plan.csv]: ~/r34-plan.csv_'
shows home 'Up in the network prompt' \
	'export the network to [paper-cifar10-cnn-planned.csv]: ~/r34-net.csv_'
cmp -s "$tmp/home/r34-plan.csv" "$tmp/ref-plan.csv" ||
	fail "~/r34-plan.csv is not what --batch writes"
cmp -s "$tmp/home/r34-net.csv" "$tmp/ref-net.csv" ||
	fail "~/r34-net.csv is not what --export-network writes"
[ -e "$tmp/d/~" ] && fail "a folder named ~ was made"

# 3. o and L are file prompts too: Tab completes under ~/ and the answer
# is expanded, so the network exported above opens (the planned
# paper-cifar10-cnn, named after its file: r34-net, 15 layers, 6 convs) and
# the plan loads as pins.
explore others o ':type ~/r34-n' '<Tab>' ':dump o Tab' '<Enter>' ':dump opened' \
	L ':type ~/r34-p' '<Tab>' ':dump L Tab' '<Enter>' ':dump pinned'
shows others 'o Tab' 'open a network (a CSV, an ONNX model or a bundled name): ~/r34-net.csv_'
grep -q 'opened r34-net: 15 layers, 6 convs' "$tmp/others.out" ||
	fail "o ~/r34-net.csv did not open the network written there"
shows others 'L Tab' 'load pins from the plan CSV: ~/r34-plan.csv_'
grep -q "pinned 6 convs to their kernels in $tmp/home/r34-plan.csv" "$tmp/others.out" ||
	fail "L ~/r34-plan.csv did not load the plan written there"
finish
