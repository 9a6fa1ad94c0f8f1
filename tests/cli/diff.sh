#!/bin/sh
# tests/cli/diff.sh -- bksef --diff A.csv B.csv [NETWORK] (issue 19): two
# saved plans compared, printed and as CSV (-o, atomic), the network named
# by the plans or given; and --pins-from, a saved plan back as pins.  The
# bad plans are tests/bad-plan's corpus.
. "$srcdir/tests/cli/lib.sh"

# A: lambda3 0.32; B: lambda3 0.33 with stage1.0.conv pinned to 5.  Between
# them stage1.1.conv and stage2.1.conv go from 7 to 5 (the sweep's
# breakpoint 0.3252, tests/tui/tmux.sh).  By hand (tests/tui/screens/
# compare.keys): stage1.0.conv 7*7*3*64*32*32 = 9,633,792 MACs and 9,408
# parameters at 7, 4,915,200 and 4,800 at 5; stage1.1.conv 205,520,896 and
# 200,704 at 7, 104,857,600 and 102,400 at 5; stage2.1.conv the same MACs,
# 802,816 and 409,600 parameters.  Totals: 680,724,992 - 2 * 100,663,296 -
# 4,718,592 = 474,679,808 MACs (-30.3%); 3,876,298 - 496,128 = 3,380,170
# parameters (-12.8%); receptive field 55 -> 47 (-14.5%).
"$BKSEF" --batch --lambda3 0.32 -o a.csv paper-cifar10-cnn || fail "plan A"
"$BKSEF" --batch --lambda3 0.33 --pin stage1.0.conv=5 -o b.csv paper-cifar10-cnn || fail "plan B"

run --diff a.csv b.csv
expect_rc 0
expect_no_err
expect_line "network: paper-cifar10-cnn"
expect_line "3 of 6 convs differ"
grep -Eq '^stage1\.0\.conv +7 +5 +9633792 +4915200 +9408 +4800 +7 +5 ' out ||
	fail "$what: stage1.0.conv's row"
grep -Eq '^stage1\.1\.conv +7 +5 +205520896 +104857600 +200704 +102400 +13 +9 ' out ||
	fail "$what: stage1.1.conv's row"
grep -Eq '^stage2\.1\.conv +7 +5 +205520896 +104857600 +802816 +409600 +31 +23 ' out ||
	fail "$what: stage2.1.conv's row"
grep -Eq '^stage2\.0\.conv' out && fail "$what: stage2.0.conv did not change but is listed"
grep -Eq '^macs +680724992 +474679808 +-206045184 +-30\.3%$' out || fail "$what: MAC totals"
grep -Eq '^params +3876298 +3380170 +-496128 +-12\.8%$' out || fail "$what: parameter totals"
grep -Eq '^rf +55 +47 +-8 +-14\.5%$' out || fail "$what: receptive field totals"
grep -Eq '^lambda3 +0\.32 +0\.33$' out || fail "$what: lambda3 difference"
grep -Eq '^pin stage1\.0\.conv +- +5$' out || fail "$what: pin difference"
# Each score is the plan's own (its file's score_k5 of stage1.0.conv).
s=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "score_k5") c = i }
	$1 == "stage1.0.conv" { printf "%.4f", $c }' b.csv)
grep -Eq "^stage1\\.0\\.conv .* $s\$" out || fail "$what: B's score of stage1.0.conv is not $s"

# The same as CSV, through -o.
run --diff a.csv b.csv -o d.csv
expect_rc 0
expect_no_out
grep -qx 'section,name,what,a,b,difference,difference_pct' d.csv || fail "$what: CSV header"
grep -qx 'layer,stage1.1.conv,macs,205520896,104857600,-100663296,-48.97959183673469' d.csv ||
	fail "$what: stage1.1.conv's MACs"
grep -q '^total,,macs,680724992,474679808,-206045184,' d.csv || fail "$what: MAC total"
grep -qx 'request,,lambda3,0.32,0.33,,' d.csv || fail "$what: lambda3"
grep -qx 'request,stage1.0.conv,pin,-,5,,' d.csv || fail "$what: pin"
[ "$(grep -c '^layer,' d.csv)" = 15 ] || fail "$what: not 3 convs x 5 rows"

# The network given: the same result; a plan against itself: no change.
run --diff a.csv b.csv "$srcdir/data/paper-cifar10-cnn.csv"
expect_rc 0
grep -Eq '^macs +680724992 +474679808 ' out || fail "$what: MAC totals"
run --diff a.csv a.csv
expect_rc 0
expect_line "0 of 6 convs differ"
expect_line "the requests are the same"
# From standard input.
run_stdin b.csv --diff a.csv -
expect_rc 0
expect_line "B: (standard input)"

# A failed -o leaves no file and no partial output.
run --diff a.csv b.csv -o no-such-dir/d.csv
expect_rc 1
expect_no_out
[ -e no-such-dir ] && fail "$what: made a folder"

# --pins-from: B as pins gives B's kernels, every conv pinned, and the
# same MACs; a --pin given too wins over it.
run --batch --pins-from b.csv paper-cifar10-cnn
expect_rc 0
awk -F, 'NR > 1 { print $1, $4, $6 }' out >pins.txt
awk -F, 'NR > 1 { print $1, 1, $6 }' b.csv >want.txt
cmp -s pins.txt want.txt || fail "$what: not B's kernels, all pinned: $(cat pins.txt)"
grep -q ',474679808,3380170,47,' out || fail "$what: not B's totals"
run --plan --pins-from b.csv --pin stage1.0.conv=3 paper-cifar10-cnn
expect_rc 0
grep -Eq '^stage1\.0\.conv +3 +3!' out || fail "$what: --pin does not win: $(grep stage1.0 out)"
finish
