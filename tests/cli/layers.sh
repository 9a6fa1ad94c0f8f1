#!/bin/sh
# tests/cli/layers.sh -- `bksef --layers` writes CSV that Python's csv module
# reads: the documented header, one row of 20 fields per layer, whole
# numbers that add up to the --summary totals, names that need quoting
# intact.
. "$srcdir/tests/cli/lib.sh"
command -v python3 >/dev/null 2>&1 || {
	echo "SKIP: python3 is not installed"
	exit 77
}

cat >"$tmp/check.py" <<'PY'
import csv, sys

HEADER = ["name", "op", "inputs", "in_c", "in_h", "in_w", "out_c", "out_h", "out_w",
          "k", "stride", "pad", "dilation", "groups", "tunable", "macs", "params",
          "rf", "jump", "rf_pad"]
KERNEL_OPS = {"conv", "maxpool", "avgpool"}

def fail(msg):
    print("FAIL: %s: %s" % (sys.argv[1], msg))
    sys.exit(1)

layers_csv, summary, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(summary, encoding="utf-8") as f:
    keys = dict(line.rstrip("\n").split(": ", 1) for line in f if ": " in line)
with open(layers_csv, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f, strict=True))
if rows[0] != HEADER:
    fail("header %r" % rows[0])
body = rows[1:]
if len(body) != int(keys["layers"]):
    fail("%d rows, --summary says %s layers" % (len(body), keys["layers"]))
for r in body:
    if len(r) != len(HEADER):
        fail("row %r has %d fields" % (r[:2], len(r)))
    d = dict(zip(HEADER, r))
    for col in ("in_c", "in_h", "in_w", "out_c", "out_h", "out_w", "tunable",
                "macs", "params", "rf", "jump", "rf_pad"):
        if not d[col].isdigit():
            fail("%s of %r is %r" % (col, d["name"], d[col]))
    for col in ("k", "stride", "pad", "dilation"):
        if (d[col] != "") != (d["op"] in KERNEL_OPS) or (d[col] and not d[col].isdigit()):
            fail("%s of %r (%s) is %r" % (col, d["name"], d["op"], d[col]))
    if (d["groups"] != "") != (d["op"] == "conv"):
        fail("groups of %r is %r" % (d["name"], d["groups"]))
layer_names = [r[0] for r in body]
if len(set(layer_names)) != len(layer_names):
    fail("duplicate names")
for r in body:
    d = dict(zip(HEADER, r))
    if d["op"] != "input" and d["inputs"] == "":
        fail("%r has no inputs" % d["name"])
col = lambda c: [int(r[HEADER.index(c)]) for r in body]
if sum(col("macs")) != int(keys["macs"]):
    fail("macs add up to %d, not %s" % (sum(col("macs")), keys["macs"]))
if sum(col("params")) != int(keys["params"]):
    fail("params add up to %d, not %s" % (sum(col("params")), keys["params"]))
if max(col("rf")) != int(keys["rf"]):
    fail("largest rf %d, not %s" % (max(col("rf")), keys["rf"]))
if sum(1 for t in col("tunable") if t) != int(keys["tunable"]):
    fail("tunable count")
if names and layer_names != names:
    fail("names %r" % layer_names)
PY

check() {
	run --summary "$1"
	expect_rc 0
	mv "$tmp/out" "$tmp/summary"
	run --layers "$1"
	expect_rc 0
	expect_no_err
	shift
	python3 "$tmp/check.py" "$tmp/out" "$tmp/summary" "$@" || fail "$what"
}

for net in resnet18 resnet50 vgg16 mobilenet_v2 alexnet paper-cifar10-cnn \
	paper-gtsrb-cnn resnet18-cifar lenet5; do
	check "$net"
done
check "$srcdir/tests/data/tiny.csv" in c1 c2 bn1 sum p1 c3 c4 cat g fc
# Names with commas, quotes and line breaks come back as they were.
check "$srcdir/tests/data/quoted-names.csv" "in,put" 'a"quoted"name' "multi
line
#not-a-comment" "s,um" "g a p" "fc, final"

# Per-layer values of tiny.csv (worked out in tests/unit/test_net.c and
# test_rf.c): c4 is 17x9x13 -> 5x9x13, k5 pad 2, MACs 248625, params
# 2130, r 31, j 4, effective padding 13.
run --layers "$srcdir/tests/data/tiny.csv"
expect_line "c4,conv,p1,17,9,13,5,9,13,5,1,2,1,1,1,248625,2130,31,4,13"
expect_line "sum,add,c1 bn1,17,19,27,17,19,27,,,,,,0,0,0,11,2,5"

# -o writes the same CSV to a file.
run --layers -o "$tmp/layers.csv" "$srcdir/tests/data/tiny.csv"
expect_rc 0
expect_no_out
run --layers "$srcdir/tests/data/tiny.csv"
cmp -s "$tmp/out" "$tmp/layers.csv" || fail "--layers -o differs from --layers"

finish
