#!/bin/sh
# tests/cli/compare.sh -- --compare-costs (issue 16, the paper's ablation):
# the plan under each cost model at lambda3 and the budget's plan on each
# resource, side by side, against the hand figures of tests/data/latency
# and against --plan run on each configuration alone.
. "$srcdir/tests/cli/lib.sh"
net=$srcdir/tests/data/latency/roofline.csv
dev=$srcdir/tests/data/latency/slow.csv

run --compare-costs --device "$dev" --budget 70% --lambda3 1 "$net"
expect_rc 0
# The baseline: 45,066 MACs, 346 parameters, 0.68885 ms (by hand in
# tests/unit/test_device.c), rf 3.
grep -Eq '^baseline +45066 +346 +0\.68885 +3 +-$' "$tmp/out" || fail "$what: baseline row"
# At lambda3 = 1 every cost model takes c1 to 5 here: 125,146 MACs, 906
# parameters, 1.48965 ms (1.26125 + 0.2116 + 0.0168, by hand), rf 5; no
# conv differs.
for c in macs paper latency; do
	grep -Eq "^lambda3, cost $c +125146 +906 +1\\.48965 +5 +(-|0)\$" "$tmp/out" ||
		fail "$what: the lambda3 row of cost $c"
	# ... as --plan says of each alone.
	if [ $c = latency ]; then d="--device $dev"; else d=; fi
	# shellcheck disable=SC2086
	"$BKSEF" --plan --lambda3 1 --cost $c $d "$net" >"$tmp/plan" 2>&1
	grep -qx 'macs: 45066 -> 125146 (+177.7%)' "$tmp/plan" ||
		fail "--plan --cost $c disagrees: $(grep '^macs' "$tmp/plan")"
done
# 70% of 45,066 MACs is 31,546: c1 must take 1 (5,005 MACs; at 3 it has
# 45,045); 70% of 346 parameters is 242: c1 at 1 again (42, at 3 322):
# 5,026 MACs, 66 parameters, 0.59 ms, rf 1.
grep -Eq '^budget 70% macs \(best\) +5026 +66 +0\.59 +1 +-$' "$tmp/out" ||
	fail "$what: the MAC budget's row"
grep -Eq '^budget 70% params \(best\) +5026 +66 +0\.59 +1 +0$' "$tmp/out" ||
	fail "$what: the parameter budget's row"
# 70% of 688,850 ns is 482,195 ns, below the cheapest plan's 590,000: no
# plan, and why.
grep -Eq '^budget 70% latency \(best\) +- +- +- +- +-$' "$tmp/out" ||
	fail "$what: the latency budget's row"
expect_line "budget on latency: budget of 482195 ns cannot be met: the cheapest plan with these candidates and pins needs 590000 ns"

# Without a budget, the three lambda3 rows only.
run --compare-costs --device "$dev" "$net"
expect_rc 0
[ "$(grep -c '^budget' "$tmp/out")" = 0 ] || fail "$what: budget rows without a budget"

# Errors: no device; a budget that is not a percentage; an unknown option
# for the mode.
run --compare-costs resnet18
expect_rc 2
expect_no_out
expect_err "bksef: --compare-costs needs --device NAME|FILE"
run --compare-costs --device rpi4 --budget 350M resnet18
expect_rc 2
expect_err "bksef: --compare-costs: the budget '350M' must be a percentage"
run --compare-costs --device rpi4 --export-network x.csv resnet18
expect_rc 2
[ -e x.csv ] && fail "$what: wrote x.csv"
finish
