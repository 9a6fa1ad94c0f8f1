#!/bin/sh
# batch-reduce.sh -- `bksef --batch --reduce 42.8% resnet18` prints a plan
# whose MACs are <= 57.2% of 1,814,073,344, i.e. <= floor(1037649952.768) =
# 1037649952, with the smallest such lambda3: one ulp less of lambda3 gives
# a plan over the budget.  --budget 57.2% and --budget 1037649952 are the same
# request.  The cheapest plan (every tunable conv at k = 1) needs
# 118013952/49 (stem) + 1676279808/9 (the 3x3 convs) + 19267584 (1x1
# downsamples) + 512000 (fc) = 2408448 + 186253312 + 19267584 + 512000 =
# 208441344 MACs: one MAC less cannot be met (exit 1).
set -u
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-batch-reduce.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

# Total MACs of a plan CSV: its convs plus the fc's 512*1000.
total() {
	python3 - "$1" <<'PY'
import csv, sys
with open(sys.argv[1], newline='') as f:
    print(sum(int(r['macs_plan']) for r in csv.DictReader(f)) + 512000)
PY
}

"$BKSEF" --batch --solver lambda --reduce 42.8% resnet18 >"$tmp/plan.csv" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || fail "exit status $rc: $(cat "$tmp/err")"
grep -q '^bksef: budget 1037649952 MACs: lambda3 = ' "$tmp/err" ||
	fail "no budget line: $(cat "$tmp/err")"
macs=$(total "$tmp/plan.csv") || fail "plan CSV"
[ "$macs" -le 1037649952 ] || fail "plan needs $macs MACs, over 1037649952"

l3=$(python3 -c 'import csv, sys
print(next(csv.DictReader(open(sys.argv[1], newline="")))["lambda3"])' "$tmp/plan.csv")
# the message and the CSV agree on lambda3
grep -q "lambda3 = $l3\$" "$tmp/err" || fail "lambda3 $l3 is not the one reported"
below=$(python3 -c 'import math, sys; print(repr(math.nextafter(float(sys.argv[1]), 0)))' "$l3")
"$BKSEF" --batch --lambda3 "$below" resnet18 >"$tmp/below.csv" 2>"$tmp/err" ||
	fail "lambda3 $below: $(cat "$tmp/err")"
macs_below=$(total "$tmp/below.csv") || fail "plan CSV below"
[ "$macs_below" -gt 1037649952 ] ||
	fail "lambda3 $below < $l3 also meets the budget ($macs_below MACs)"
"$BKSEF" --batch --lambda3 "$l3" resnet18 >"$tmp/at.csv" 2>"$tmp/err" ||
	fail "lambda3 $l3: $(cat "$tmp/err")"
# The same plan, apart from the columns that record the budget.
python3 - "$tmp/at.csv" "$tmp/plan.csv" <<'PY' || fail "--lambda3 $l3 gives another plan"
import csv, sys
at = list(csv.DictReader(open(sys.argv[1], newline='')))
budget = list(csv.DictReader(open(sys.argv[2], newline='')))
assert len(at) == len(budget)
for a, b in zip(at, budget):
    assert (b['solver'], b['budget'], b['resource']) == ('lambda', '1037649952', 'macs'), b
    assert (a['solver'], a['budget'], a['resource']) == ('', '', ''), a
    for k in a:
        if k not in ('solver', 'budget', 'resource'):
            assert a[k] == b[k], (k, a[k], b[k])
PY

for b in 57.2% 1037649952; do
	"$BKSEF" --batch --solver lambda --budget "$b" resnet18 >"$tmp/b.csv" 2>"$tmp/err" ||
		fail "--budget $b: $(cat "$tmp/err")"
	cmp -s "$tmp/b.csv" "$tmp/plan.csv" || fail "--budget $b differs from --reduce 42.8%"
done

# Against the all-3x3 baseline (--baseline 3) the stem's 7x7 counts as 3x3:
# 1814073344 - 118013952 + 118013952*9/49 = 1717735424 MACs, so --reduce 42.8%
# asks for floor(0.572 * 1717735424) = floor(982544662.528) = 982544662.
"$BKSEF" --batch --solver lambda --reduce 42.8% --baseline 3 resnet18 >"$tmp/b3.csv" 2>"$tmp/err" ||
	fail "--baseline 3: $(cat "$tmp/err")"
grep -q '^bksef: budget 982544662 MACs: lambda3 = ' "$tmp/err" ||
	fail "--baseline 3: no budget line: $(cat "$tmp/err")"
[ "$(total "$tmp/b3.csv")" -le 982544662 ] || fail "--baseline 3: plan over 982544662 MACs"

# The cheapest plan: reachable exactly, not one MAC below.
"$BKSEF" --batch --solver lambda --budget 208441344 resnet18 >"$tmp/min.csv" 2>"$tmp/err" ||
	fail "--budget 208441344: $(cat "$tmp/err")"
[ "$(total "$tmp/min.csv")" -eq 208441344 ] || fail "cheapest plan is not 208441344 MACs"
"$BKSEF" --batch --solver lambda --budget 208441343 resnet18 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || fail "unreachable budget: exit status $rc"
[ -s "$tmp/out" ] && fail "unreachable budget: something went to stdout"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "unreachable budget: not one line: $(cat "$tmp/err")"
grep -q '^bksef: .*208441344' "$tmp/err" || fail "no smallest MACs in: $(cat "$tmp/err")"
exit 0
