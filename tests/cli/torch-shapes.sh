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
    key = ("name", "out_c", "out_h", "out_w")
    assert tuple(g[k] for k in key) == tuple(w[k] for k in key), (g, w)
PY
done
[ "$n" -ge 7 ] || fail "only $n networks with torch's shapes"

# The measured fields: the last feature map's rf_h and rf_w, and the
# network's rf (the largest of any layer) is that layer's.
m=0
while IFS=, read -r net size layer rf_h rf_w; do
	[ "$net" = network ] && continue
	m=$((m + 1))
	run --layers "$srcdir/data/$net.csv"
	python3 - "$tmp/out" "$layer" "$rf_h" "$rf_w" <<'PY' || fail "$net: field differs from the measured $rf_h x $rf_w at $layer"
import csv, sys
rows = {r["name"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
r = rows[sys.argv[2]]
assert (r["rf_h"], r["rf_w"]) == (sys.argv[3], sys.argv[4]), (r["rf_h"], r["rf_w"])
assert int(r["rf"]) == max(int(x["rf"]) for x in rows.values())
PY
done <"$gen/rf-measured.csv"
[ "$m" -ge 7 ] || fail "only $m measured fields"

# squeezenet1_0 at torchvision's usual 224x224
sed 's/^input,input,,3,227,227,/input,input,,3,224,224,/' "$srcdir/data/squeezenet1_0.csv" >"$tmp/sq224.csv"
run --summary "$tmp/sq224.csv"
expect_rc 0
expect_line "params: 1248424"
expect_line "macs: 818924576"
finish
