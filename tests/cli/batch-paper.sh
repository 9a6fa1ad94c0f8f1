#!/bin/sh
# batch-paper.sh -- `bksef --batch --preset paper paper-cifar10-cnn` picks
# k = 7,7,7,7,5,5, the public code's answer, and the plan CSV has the
# documented columns.  Hand check of one layer (layer scope, paper cost over
# {3,5,7}, l 0.45/0.45/0.10, gamma 0.35, beta 0.75): I~(5) =
# (ln 4.75 - ln 3.25)/(ln 6.25 - ln 3.25) = 0.58032460929419238, A~(5) =
# (e^-1.05 - e^-1.75)/(e^-1.05 - e^-2.45) = 0.66818777216816611, C~(5) = 16/40:
# S(3) = 0, S(5) = 0.45*0.58032 + 0.45*0.66819 - 0.1*0.4 = 0.52183057165806132,
# S(7) = 0.45 + 0.45 - 0.1 = 0.8; stage 3 over {1,3,5}: S(3) =
# 0.54632923205831586, S(5) = 0.8.  Totals of 7,7,7,7,5,5: MACs 49*10682368 +
# 25*6291456 + 2560 = 680724992.
set -u
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-batch-paper.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

"$BKSEF" --batch --preset paper paper-cifar10-cnn >"$tmp/plan.csv" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || fail "exit status $rc: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && fail "unexpected messages: $(cat "$tmp/err")"

python3 - "$tmp/plan.csv" <<'PY' || fail "plan CSV check"
import csv, sys
with open(sys.argv[1], newline='') as f:
    rows = list(csv.reader(f, strict=True))
header, body = rows[0], rows[1:]
want = ['layer', 'op', 'tunable', 'pinned', 'k_base', 'k_plan', 'pad_plan', 'out_h',
        'out_w', 'macs_base', 'macs_plan', 'params_base', 'params_plan', 'rf_base',
        'rf_plan', 'score_plan', 'score_k1', 'score_k3', 'score_k5', 'score_k7',
        'score_k9', 'lambda1', 'lambda2', 'lambda3', 'gamma', 'beta', 'scope', 'cost',
        'network', 'baseline', 'solver', 'budget', 'resource', 'total_macs_plan',
        'total_params_plan', 'total_rf_plan', 'total_macs_base', 'total_params_base',
        'total_rf_base']
assert header == want, header
assert all(len(r) == len(header) for r in body)
d = [dict(zip(header, r)) for r in body]
names = ['stage1.0.conv', 'stage1.1.conv', 'stage2.0.conv', 'stage2.1.conv',
         'stage3.0.conv', 'stage3.1.conv']
assert [r['layer'] for r in d] == names, [r['layer'] for r in d]
assert [int(r['k_plan']) for r in d] == [7, 7, 7, 7, 5, 5], [r['k_plan'] for r in d]
assert [int(r['k_base']) for r in d] == [3] * 6
assert [int(r['pad_plan']) for r in d] == [3, 3, 3, 3, 2, 2]
def close(a, b):
    return abs(float(a) - b) <= 1e-12 * abs(b)
for r in d[:4]:
    assert r['score_k3'] == '0' and r['score_k1'] == '' and r['score_k9'] == ''
    assert close(r['score_k5'], 0.52183057165806132082), r['score_k5']
    assert close(r['score_k7'], 0.8) and close(r['score_plan'], 0.8)
for r in d[4:]:
    assert r['score_k1'] == '0' and r['score_k7'] == ''
    assert close(r['score_k3'], 0.54632923205831586369), r['score_k3']
    assert close(r['score_k5'], 0.8) and close(r['score_plan'], 0.8)
for r in d:
    assert (r['lambda1'], r['lambda2'], r['lambda3'], r['gamma'], r['beta'],
            r['scope'], r['cost']) == ('0.45', '0.45', '0.1', '0.35', '0.75', 'layer',
                                       'paper'), r
    assert r['op'] == 'conv' and r['tunable'] == '1' and r['pinned'] == '0'
# conv MACs plus the fc's 256*10
assert sum(int(r['macs_plan']) for r in d) + 2560 == 680724992
assert sum(int(r['macs_base']) for r in d) + 2560 == 152766976
assert [int(r['rf_plan']) for r in d] == [7, 13, 19, 31, 39, 55]
# The context every row repeats: no budget, the loaded baseline, the totals
# of the sums above.
for r in d:
    assert (r['network'], r['baseline'], r['solver'], r['budget'], r['resource']) == (
        'paper-cifar10-cnn', 'loaded', '', '', ''), r
    assert int(r['total_macs_plan']) == 680724992 and int(r['total_macs_base']) == 152766976
    assert all(r[k] == d[0][k] for k in header[-6:])
PY

# The same through -o, and with the default network (paper-cifar10-cnn).
"$BKSEF" --batch --preset paper -o "$tmp/o.csv" paper-cifar10-cnn >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || fail "-o: exit status $rc: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "-o: something went to stdout"
cmp -s "$tmp/plan.csv" "$tmp/o.csv" || fail "-o FILE differs from stdout"
"$BKSEF" --batch --preset paper >"$tmp/default.csv" 2>"$tmp/err" ||
	fail "default network: $(cat "$tmp/err")"
cmp -s "$tmp/plan.csv" "$tmp/default.csv" || fail "the default network is not paper-cifar10-cnn"
exit 0
