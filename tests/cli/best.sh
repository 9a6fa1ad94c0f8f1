#!/bin/sh
# tests/cli/best.sh -- the best plan under a budget on the command line: the
# default solver, its figures against the lambda solver's, parameter
# budgets, the plan CSV's record of the solver, and --frontier.
. "$srcdir/tests/cli/lib.sh"

# resnet18 at -42.8%: 57.2% of 1814073344 MACs, floor(1037649952.77) =
# 1037649952.  The best plan must fit with a slack under 1% of the baseline
# (18140733 MACs) and a G strictly above the lambda solver's plan, which
# overshoots to 420384768 MACs (bksef(1), BUDGET AND SWEEP).
run --plan --reduce 42.8% resnet18
expect_rc 0
expect_err "bksef: budget 1037649952 MACs: the best plan needs "
grep -q "lambda3 = " "$tmp/err" && fail "$what: the best solver names a lambda3"
python3 - "$tmp/out" <<'PY' || fail "--plan --reduce 42.8%: the solvers' figures"
import sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    if f and f[0] in ('best', 'lambda') and len(f) >= 5:
        rows[f[0]] = f
best, lam = rows['best'], rows['lambda']
assert best[1] == '*', best
macs, g = int(best[2]), float(best[5])
assert macs <= 1037649952 and 1037649952 - macs < 18140733, macs
assert '(optimal)' in ' '.join(best)
assert int(lam[1]) == 420384768, lam
assert g > float(lam[4]), (g, lam)
PY

# The plan CSV records the solver; lambda3 stays the one given (0.1 by
# default), and score_plan is S at that lambda3.
run --batch --reduce 42.8% resnet18
expect_rc 0
python3 - "$tmp/out" <<'PY' || fail "--batch --reduce 42.8%: the CSV's solver columns"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
assert sum(int(r['macs_plan']) for r in rows) + 512000 <= 1037649952
for r in rows:
    assert (r['solver'], r['budget'], r['resource'], r['lambda3']) == (
        'best', '1037649952', 'macs', '0.1'), r
    if r['tunable'] == '1':
        assert r['score_plan'] == r['score_k' + r['k_plan']], r
PY

# A parameter budget: 60% of resnet18's 11689512 parameters is
# floor(7013707.2) = 7013707; the plan's parameters stay within it.
run --batch --budget-on params --reduce 40% resnet18
expect_rc 0
expect_err "bksef: budget 7013707 parameters: the best plan needs "
python3 - "$tmp/out" <<'PY' || fail "--budget-on params: the plan's parameters"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
assert all(r['resource'] == 'params' and r['budget'] == '7013707' for r in rows)
assert int(rows[0]['total_params_plan']) <= 7013707
PY
# Infeasible budgets of either resource name the cheapest plan.  tiny.csv's
# cheapest plan: c1 and c3 at 1x1, c4 at 3x3 (its candidates are 3 5 7):
# MACs 574592 - 235467 + 26163 + 89505 - 248625 = 206168 (c1 is 17 x 3 at
# 19x27: 9*26163 -> 26163; c4 25*9945 -> 9*9945); parameters 2985 - (476 -
# 68) - (2130 - 770) = 1217 (c1 17*3*k*k + 17 bias, c4 5*17*k*k + 5).
run --batch --budget 1 "$srcdir/tests/data/tiny.csv"
expect_rc 1
expect_no_out
expect_err "budget of 1 MACs cannot be met: the cheapest plan with these candidates and pins needs 206168 MACs"
run --batch --budget-on params --budget 10 "$srcdir/tests/data/tiny.csv"
expect_rc 1
expect_err "budget of 10 parameters cannot be met: the cheapest plan with these candidates and pins needs 1217 parameters"

# The budget's options need a budget.
for o in "--solver best" "--budget-on params" "--solve-time 2"; do
	# shellcheck disable=SC2086
	run --batch $o resnet18
	expect_rc 2
	expect_err "bksef: ${o% *} goes with --budget or --reduce"
done
run --batch --solver fast --budget 50% resnet18
expect_rc 2
expect_err "--solver: 'fast' is not 'best' or 'lambda'"

# --frontier: the best plans in increasing resource and G, the first the
# cheapest plan (every tunable conv of paper-cifar10-cnn at its smallest
# candidate: 102435328 MACs, the sweep's last step) and the last every
# conv at its largest (680724992 MACs, the sweep's first step); each row
# proven best here, its MACs its resource.
run --frontier --preset paper paper-cifar10-cnn
expect_rc 0
python3 - "$tmp/out" <<'PY' || fail "--frontier: the points"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
assert list(rows[0].keys())[:8] == ['budget_on', 'resource', 'gain', 'params', 'macs', 'rf',
                                     'optimal', 'gap'], rows[0].keys()
assert int(rows[0]['resource']) == 102435328 and int(rows[-1]['resource']) == 680724992
for a, b in zip(rows, rows[1:]):
    assert int(a['resource']) < int(b['resource']) and float(a['gain']) < float(b['gain'])
for r in rows:
    assert r['budget_on'] == 'macs' and r['resource'] == r['macs'] and r['optimal'] == '1'
    assert sum(int(r[k]) for k in r if k.startswith('n_k')) == 6
PY
run --frontier --lambda3 0.5 paper-cifar10-cnn
expect_rc 2
expect_err "--lambda3 goes with the explorer, --batch, --plan or --compare-costs"
finish
