#!/bin/sh
# batch-roundtrip.sh -- the plan CSV read back with Python's csv module keeps
# layer names with commas, quotes, line breaks and a leading '#'; the network
# written by --export-network loads again with the plan as its baseline:
# per layer (--layers) k, MACs, params and rf equal the plan's k_plan,
# macs_plan, params_plan and rf_plan, and the totals (--summary) are the old
# totals moved by the plan's changes.  For the paper preset on
# paper-cifar10-cnn (7,7,7,7,5,5) those are 680724992 MACs, 3876298 params
# and rf 55 (worked out in tests/unit/test_sweep.c).
set -u
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-batch-roundtrip.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failed=0
names="$srcdir/tests/data/score-names.csv"

bad() {
	echo "FAIL: $*"
	failed=1
}

# roundtrip NET ARG...: batch with ARG..., export, compare.
roundtrip() {
	net=$1
	shift
	"$BKSEF" --batch "$@" -o "$tmp/plan.csv" --export-network "$tmp/net.csv" "$net" \
		2>"$tmp/err" || { bad "$net $*: $(cat "$tmp/err")"; return; }
	"$BKSEF" --layers "$tmp/net.csv" >"$tmp/layers.csv" 2>"$tmp/err" ||
		{ bad "$net $*: the export does not load: $(cat "$tmp/err")"; return; }
	"$BKSEF" --summary "$net" >"$tmp/sum-old" 2>"$tmp/err" || bad "$net: summary"
	"$BKSEF" --summary "$tmp/net.csv" >"$tmp/sum-new" 2>"$tmp/err" || bad "export: summary"
	python3 - "$tmp/plan.csv" "$tmp/layers.csv" "$tmp/sum-old" "$tmp/sum-new" <<'PY' ||
import csv, sys
def rows(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(f, strict=True))
def summary(path):
    d = {}
    for line in open(path):
        k, _, v = line.partition(': ')
        if k in ('macs', 'params', 'rf'):
            d[k] = int(v)
    return d
plan, layers = rows(sys.argv[1]), rows(sys.argv[2])
old, new = summary(sys.argv[3]), summary(sys.argv[4])
convs = [l for l in layers if l['op'] == 'conv']
assert [l['name'] for l in convs] == [p['layer'] for p in plan]
for p, l in zip(plan, convs):
    assert l['k'] == p['k_plan'], (p['layer'], l['k'], p['k_plan'])
    assert l['pad'] == p['pad_plan'] and l['out_h'] == p['out_h'] and l['out_w'] == p['out_w']
    assert l['macs'] == p['macs_plan'] and l['params'] == p['params_plan'], p['layer']
    assert l['rf'] == p['rf_plan'], (p['layer'], l['rf'], p['rf_plan'])
dm = sum(int(p['macs_plan']) - int(p['macs_base']) for p in plan)
dp = sum(int(p['params_plan']) - int(p['params_base']) for p in plan)
assert new['macs'] == old['macs'] + dm, (new, old, dm)
assert new['params'] == old['params'] + dp, (new, old, dp)
assert new['rf'] == max(int(l['rf']) for l in layers)
print(new['macs'], new['params'], new['rf'])
PY
	{ bad "$net $*: the export's baseline is not the plan"; return; }
}

# Names that need quoting survive the plan CSV.
"$BKSEF" --batch "$names" >"$tmp/names.csv" 2>"$tmp/err" || bad "names: $(cat "$tmp/err")"
python3 - "$tmp/names.csv" <<'PY' || bad "names do not survive the plan CSV"
import csv, sys
with open(sys.argv[1], newline='') as f:
    d = list(csv.DictReader(f, strict=True))
assert [r['layer'] for r in d] == ['c,1', 'say "hi"', 'two\nlines', '#hash', 'a=b'], d
assert all(r['op'] == 'conv' for r in d)
PY
roundtrip "$names" --pin 'a=b=5' --pin 'two
lines=7'
python3 - "$tmp/plan.csv" <<'PY' || bad "pins on odd names"
import csv, sys
with open(sys.argv[1], newline='') as f:
    d = {r['layer']: r for r in csv.DictReader(f)}
assert d['a=b']['k_plan'] == '5' and d['a=b']['pinned'] == '1'
assert d['two\nlines']['k_plan'] == '7' and d['two\nlines']['pinned'] == '1'
PY
roundtrip "$names" --preset paper
roundtrip "$srcdir/tests/data/score-plan.csv" --pin tight=9 --pin fixed=1
roundtrip resnet18 --reduce 42.8%
roundtrip mobilenet_v2 --lambda3 0.61 --scope layer
roundtrip paper-cifar10-cnn --preset paper
"$BKSEF" --summary "$tmp/net.csv" >"$tmp/sum" 2>"$tmp/err" || bad "summary of the export"
for want in 'macs: 680724992' 'params: 3876298' 'rf: 55'; do
	grep -q -x "$want" "$tmp/sum" || bad "paper plan exported: no '$want' in: $(cat "$tmp/sum")"
done
# Its plan CSV, rebatched with the same options, starts from the plan.
"$BKSEF" --batch --preset paper "$tmp/net.csv" >"$tmp/again.csv" 2>"$tmp/err" || bad "rebatch"
python3 - "$tmp/again.csv" <<'PY' || bad "the exported network's k_base is not the plan"
import csv, sys
with open(sys.argv[1], newline='') as f:
    d = list(csv.DictReader(f))
assert [r['k_base'] for r in d] == ['7', '7', '7', '7', '5', '5'], d
assert [r['k_plan'] for r in d] == ['7', '7', '7', '7', '5', '5'], d
PY
exit $failed
