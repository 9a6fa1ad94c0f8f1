#!/bin/sh
# tests/cli/session.sh -- what the session core changed on the command line:
# one mode at a time (--help still wins), one rule for options a mode
# ignores, the unused --candidates warning in batch modes, and the plan CSV's
# context columns (network, baseline in force, budget, totals).
. "$srcdir/tests/cli/lib.sh"

tiny=$srcdir/tests/data/tiny.csv

# Two modes: an error naming both, nothing on stdout.
run --summary --layers "$tiny"
expect_rc 2
expect_no_out
expect_err "bksef: --summary and --layers cannot be combined"
run --batch --sweep "$tiny"
expect_rc 2
expect_err "bksef: --batch and --sweep cannot be combined"
# The same mode twice is one mode.
run --summary --summary "$tiny"
expect_rc 0
expect_line "macs: 574592"
# --help wins wherever it is.
run --summary --layers --help
expect_rc 0
grep -q '^Usage: bksef ' "$tmp/out" || fail "$what: no usage"
run --help --batch --sweep
expect_rc 0
grep -q '^Usage: bksef ' "$tmp/out" || fail "$what: no usage"

# An option the mode ignores is an error that names it.
for args in "--batch --ascii:--ascii goes with the explorer" \
	"--plan --size 80x24:--size goes with the explorer" \
	"--summary --lambda1 0.5:--lambda1 goes with the explorer, --batch, --plan, --compare-costs, --sweep or --frontier" \
	"--layers --pin c1=5:--pin goes with the explorer, --batch, --plan, --compare-costs, --sweep or --frontier" \
	"--sweep --budget 50%:--budget goes with the explorer, --batch, --plan or --compare-costs" \
	"--sweep --lambda3 0.5:--lambda3 goes with the explorer, --batch, --plan or --compare-costs" \
	"--sweep --baseline 3:--baseline goes with the explorer, --batch, --plan or --compare-costs" \
	"--plan -o x.csv:-o/--output goes with --batch, --sweep, --frontier, --layers, --convert or --diff" \
	"--list --lambda1 1:--lambda1 goes with"; do
	# shellcheck disable=SC2086
	run ${args%%:*} "$tiny"
	expect_rc 2
	expect_no_out
	expect_err "bksef: ${args#*:}"
done
[ ! -e x.csv ] || fail "--plan -o wrote x.csv"

# --candidates that no layer uses: a warning in the batch modes too.
own=$srcdir/tests/data/own-candidates.csv
for mode in --batch --plan --sweep; do
	run $mode --candidates 7,9 "$own"
	expect_rc 0
	expect_err "bksef: warning: --candidates is unused: every tunable conv lists its own"
	run $mode "$own"
	expect_rc 0
	expect_no_err
done

# The plan CSV's context.  tiny.csv with --baseline 3 (hand sums, see
# tests/unit/test_net.c for the shapes): c4 (17 -> 5 channels at 9x13) goes
# from 5x5 to 3x3: 25*85*117 = 248625 -> 9*85*117 = 89505 MACs; c3 (17 -> 6)
# from 1x1 to 3x3: 11934 -> 107406; c1 is at 3 already, c2 is fixed.  The
# baseline's MACs: 574592 - 248625 + 89505 - 11934 + 107406 = 510944.
run --batch --baseline 3 "$tiny"
expect_rc 0
python3 - "$tmp/out" <<'PY' || fail "--baseline 3 context columns"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
assert [r['layer'] for r in rows] == ['c1', 'c2', 'c3', 'c4']
assert [r['k_base'] for r in rows] == ['3', '3', '3', '3'], [r['k_base'] for r in rows]
assert [int(r['macs_base']) for r in rows[2:]] == [107406, 89505]
for r in rows:
    assert (r['network'], r['baseline'], r['solver'], r['budget'], r['resource']) == (
        'tiny', '3', '', '', ''), r
    assert int(r['total_macs_base']) == 510944, r['total_macs_base']
PY
# A budget is recorded: 50% of the baseline as loaded, 574592 / 2 = 287296.
run --batch --solver lambda --budget 50% "$tiny"
expect_rc 0
expect_err "bksef: budget 287296 MACs: lambda3 = "
python3 - "$tmp/out" <<'PY' || fail "--budget context columns"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
for r in rows:
    assert (r['baseline'], r['solver'], r['budget'], r['resource']) == (
        'loaded', 'lambda', '287296', 'macs'), r
    assert int(r['total_macs_base']) == 574592
    assert int(r['total_macs_plan']) <= 287296
    assert int(r['total_macs_plan']) == sum(int(x['macs_plan']) for x in rows) + \
        int(r['total_macs_base']) - sum(int(x['macs_base']) for x in rows)
PY
finish
