#!/bin/sh
# tests/cli/budget-edges.sh -- the edges of the parameter and budget ranges
# (issue 9): tiny and subnormal lambdas are values; budgets beyond any
# network's MACs or above 100% of the baseline are accepted, a reduction
# over 100% is not; a breakpoint past lambda3's largest value, 1e300, or
# past the largest double is never used: the sweep keeps that layer's
# kernel and --budget says why it cannot be met instead of an internal
# error.
. "$srcdir/tests/cli/lib.sh"

# The plan's MACs from `bksef --plan` ("macs: BASE -> PLAN (...)").
plan_macs() {
	sed -n 's/^macs: [0-9]* -> \([0-9]*\) .*/\1/p' "$tmp/out"
}

# Tiny and subnormal lambdas (below the smallest normal double, 2.2e-308)
# are inside 0..1e300.  The CSV repeats lambda1 in a form that reads back as
# the same double: run again with it, the same CSV must come out.
for l1 in 1e-308 4e-320 4.9406564584124654e-324; do
	run --batch --lambda1 "$l1" resnet18
	expect_rc 0
	expect_no_err
	mv "$tmp/out" "$tmp/first.csv"
	back=$(python3 -c 'import csv, sys
print(next(csv.DictReader(open(sys.argv[1], newline="")))["lambda1"])' "$tmp/first.csv")
	run --batch --lambda1 "$back" resnet18
	expect_rc 0
	cmp -s "$tmp/out" "$tmp/first.csv" ||
		fail "--lambda1 $l1: the CSV's lambda1 '$back' gives another plan"
done
run --batch --lambda1 1e-308 resnet18
expect_rc 0
grep -q ',1e-308,0\.45,0\.1,0\.35,0\.75,network,macs,' "$tmp/out" ||
	fail "$what: lambda1 is not written as 1e-308: $(sed -n 2p "$tmp/out")"
# gamma keeps its floor of 1e-300, with the value in the message.
run --batch --gamma 4e-320 resnet18
expect_rc 2
expect_no_out
expect_err "bksef: gamma must be greater than 0 (from 1e-300 to 1e300), not "

# A budget beyond any network's MACs is no constraint: lambda3 = 0.  1e30 is
# past 2^63 - 1 = 9223372036854775807 and becomes it; 9.2e18 is below it and
# exact in a double (92 * 2^17 * 5^17).
run --batch --solver lambda --budget 1e30 resnet18
expect_rc 0
expect_err "bksef: budget 9223372036854775807 MACs: lambda3 = 0"
run --batch --solver lambda --budget 9.2e18 resnet18
expect_rc 0
expect_err "bksef: budget 9200000000000000000 MACs: lambda3 = 0"
mv "$tmp/out" "$tmp/budget.csv"
run --batch --lambda3 0 resnet18
same_plan "$tmp/out" "$tmp/budget.csv" || fail "--budget 9.2e18 is not the plan at lambda3 = 0"

# Above 100% of the baseline: ResNet-18's 1,814,073,344 MACs * 1.5 =
# 2,721,110,016.  The plan at lambda3 = 0 needs more (every kernel at its
# largest), so lambda3 > 0 and the plan is within the budget.
run --plan --solver lambda --budget 150% resnet18
expect_rc 0
expect_err "bksef: budget 2721110016 MACs: lambda3 = "
macs=$(plan_macs)
[ -n "$macs" ] && [ "$macs" -le 2721110016 ] || fail "$what: plan needs '$macs' MACs"
# --reduce stays a percentage greater than 0 and less than 100.
for p in 101% 100.5%; do
	run --batch --solver lambda --reduce "$p" resnet18
	expect_rc 2
	expect_no_out
	expect_err "bksef: --reduce: a reduction of '$p' is over 100%"
done

# lambda1 = 3e299: 90% of the baseline, floor(1632666009.6) = 1632666009
# MACs, needs lambda3 past 1e300.  --budget says so, naming the least MACs
# in range (the sweep's last row, and direct scoring at lambda3 = 1e300) and
# the cheapest plan, 208441344 MACs (tests/cli/batch-reduce.sh), and exits 1.
run --sweep --lambda1 3e299 resnet18
expect_rc 0
awk -F, 'NR > 1 && $1 > 1e300 { exit 1 }' "$tmp/out" ||
	fail "$what: a row starts past 1e300"
least=$(tail -n 1 "$tmp/out" | cut -d, -f3)
run --plan --lambda1 3e299 --lambda3 1e300 resnet18
expect_rc 0
[ "$(plan_macs)" = "$least" ] ||
	fail "$what: $(plan_macs) MACs, the sweep's last row $least"
run --batch --solver lambda --lambda1 3e299 --budget 90% resnet18
expect_rc 1
expect_no_out
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$what: not one line: $(cat "$tmp/err")"
expect_err "bksef: budget of 1632666009 MACs cannot be met with lambda3 up to 1e300, where plans need at least $least MACs:"
expect_err "(the cheapest plan needs 208441344 MACs); lower lambda1 and lambda2"
grep -q "internal error" "$tmp/err" && fail "$what: $(cat "$tmp/err")"

# One tiny and one huge tunable conv over {1, 9} (tests/unit/test_sweep.c
# has the arithmetic): with lambda2 = 0 the big conv leaves 9 for 1 at
# lambda1 * 1.0124999999941793, the tiny one at lambda1 * 2174327193.5875,
# past the largest double for lambda1 >= 1e299.  Params: big 81*512 + 512 =
# 41984 at 9, 512 + 512 = 1024 at 1; tiny 81 + 1 = 82.  MACs 81*2^31 + 81 =
# 173946175569 and 2^31 + 81 = 2147483729.  The tiny conv keeps 9 to the end.
cat >"$tmp/tiny-huge.csv" <<'EOF'
name,op,from,out,h,w,k,candidates
in,input,,1,2048,2048,,
big,conv,in,512,,,9,1 9
g,gap,in,,,,,
tiny,conv,g,1,,,9,1 9
EOF
run --sweep --lambda1 1e300 --lambda2 0 "$tmp/tiny-huge.csv"
expect_rc 0
expect_no_err
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "$what: not one step: $(cat "$tmp/out")"
grep -q '^0,inf,173946175569,42066,[0-9]*,9,0,2$' "$tmp/out" ||
	fail "$what: $(cat "$tmp/out")"
run --sweep --lambda1 1e299 --lambda2 0 "$tmp/tiny-huge.csv"
expect_rc 0
expect_no_err
[ "$(wc -l <"$tmp/out")" -eq 3 ] || fail "$what: not two steps: $(cat "$tmp/out")"
grep -q '^1\.01249999999417[0-9]*e+299,inf,2147483729,1106,[0-9]*,5,1,1$' "$tmp/out" ||
	fail "$what: $(cat "$tmp/out")"
# --budget 2147483649 (both at 1, the cheapest plan) is met by no lambda3
run --batch --solver lambda --lambda1 1e299 --lambda2 0 --budget 2147483649 "$tmp/tiny-huge.csv"
expect_rc 1
expect_no_out
expect_err "bksef: budget of 2147483649 MACs cannot be met with lambda3 up to 1e300, where plans need at least 2147483729 MACs: 1 conv switches to a cheaper kernel only beyond it, 1 at no finite lambda3 (the cheapest plan needs 2147483649 MACs)"
run --batch --solver lambda --lambda1 1e299 --lambda2 0 --budget 2147483648 "$tmp/tiny-huge.csv"
expect_rc 1
expect_err "bksef: budget of 2147483648 MACs cannot be met: the cheapest plan with these candidates and pins needs 2147483649 MACs"
finish
