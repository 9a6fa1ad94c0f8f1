#!/bin/sh
# tests/cli/torch-shapes.sh -- the format-2 bundled networks against torch,
# without torch: the output shape bksef infers for every row equals the one
# torch gave when data/gen/torchvision-to-bksef.py walked the model
# (data/gen/shapes/NAME.csv, row by row, names and order too); the receptive
# field of the last feature map equals the one measured with torch's
# gradients (data/gen/rf-measured.csv); and squeezenet1_0 at 224x224, where
# one of its three ceil-mode pools changes a size (54x54 to 27x27 instead of
# 26x26), gives torch's 818,924,576 MACs (shared/reference-counts.md).
. "$srcdir/tests/cli/lib.sh"

gen=$srcdir/data/gen
n=0
for shapes in "$gen"/shapes/*.csv; do
	net=$(basename "$shapes" .csv)
	n=$((n + 1))
	run --layers "$srcdir/data/$net.csv"
	expect_rc 0
	python3 - "$tmp/out" "$shapes" <<'PY' || fail "$net: shapes differ from torch's"
import csv, sys
got = list(csv.DictReader(open(sys.argv[1], newline="")))
want = list(csv.DictReader(open(sys.argv[2], newline="")))
assert len(got) == len(want), (len(got), len(want))
for g, w in zip(got, want):
    # every column torch's table has: out_t of a 3-D network too
    assert all(g[k] == w[k] for k in w), (g, w)
PY
done
[ "$n" -ge 9 ] || fail "only $n networks with torch's shapes"

# The measured fields: the last feature map's rf_h and rf_w (rf_t of a 3-D
# network, rf_l of a 1-D one), and the network's rf (the largest of any
# layer) is that layer's.  A bilinear upsample reads two input pixels where
# bksef's rule (nearest's) counts one: the measured field may exceed bksef's
# by up to one input pixel (the upsample's input jump) for each of them on
# the way (bksef(5)); nearest upsamples and transposed convs agree exactly.
m=0
while IFS=, read -r net size layer rf_h rf_w rf_t rf_l; do
	[ "$net" = network ] && continue
	m=$((m + 1))
	run --layers "$srcdir/data/$net.csv"
	python3 - "$tmp/out" "$srcdir/data/$net.csv" "$layer" "$rf_h" "$rf_w" "$rf_t" "$rf_l" <<'PY' || fail "$net: field differs from the measured ($rf_t $rf_h $rf_w $rf_l) at $layer"
import csv, sys
from fractions import Fraction
rows = {r["name"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
net = list(csv.DictReader(l for l in open(sys.argv[2], newline="") if not l.startswith("#")))
slack = 0
for row in net:  # bilinear (linear) upsamples: their input's jump, each
    if row["op"] == "upsample" and row.get("mode", "nearest") != "nearest":
        src = row["from"] or net[net.index(row) - 1]["name"]
        jump = max(Fraction(rows[src][k]) for k in rows[src] if k.startswith("jump_"))
        slack += -(-jump.numerator // jump.denominator)  # whole pixels, rounded up
r = rows[sys.argv[3]]
for axis, want in zip(("h", "w", "t", "l"), sys.argv[4:8]):
    got = r.get("rf_" + axis, "")
    if want == "" or got == "":
        assert want == got, (axis, got, want)
    else:
        assert int(got) <= int(want) <= int(got) + slack, (axis, got, want, slack)
assert int(r["rf"]) == max(int(x["rf"]) for x in rows.values())
PY
done <"$gen/rf-measured.csv"
[ "$m" -ge 11 ] || fail "only $m measured fields"

# squeezenet1_0 at torchvision's usual 224x224
sed 's/^input,input,,3,227,227,/input,input,,3,224,224,/' "$srcdir/data/squeezenet1_0.csv" >"$tmp/sq224.csv"
run --summary "$tmp/sq224.csv"
expect_rc 0
expect_line "params: 1248424"
expect_line "macs: 818924576"
finish
