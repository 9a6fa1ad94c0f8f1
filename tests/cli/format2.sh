#!/bin/sh
# tests/cli/format2.sh -- format 2 on the command line: --layers' format-2
# columns for tests/data/v2-ops.csv (every figure worked by hand in
# tests/unit/test_format2.c), --plan's kernel tokens and global-context mark,
# and the export's round trip: format 2 when the network or the plan needs
# it, format 1 otherwise, and what it writes loads back to the plan's totals
# (tests/data/v2-ops.csv and every format-2 bundled network).
. "$srcdir/tests/cli/lib.sh"

data=$srcdir/tests/data

# --layers: per-axis tokens, rf per axis (rf the larger), the global mark.
run --layers "$data/v2-ops.csv"
expect_rc 0
expect_no_err
cat >"$tmp/want" <<'CSV'
name,op,inputs,in_c,in_h,in_w,out_c,out_h,out_w,k,stride,pad,dilation,groups,tunable,macs,params,rf,rf_h,rf_w,jump_h,jump_w,rf_pad_h,rf_pad_w,global
in,input,,6,14,16,6,14,16,,,,,,0,0,0,1,1,1,1,1,0,0,0
a,conv,in,6,14,16,8,14,16,1x7,1,0x3,1,1,0,75264,336,7,1,7,1,1,0,3,0
b,conv,a,8,14,16,8,7,16,3x1,2x1,1x0,1,1,1,21504,192,7,3,7,2,1,1,3,0
mp,maxpool,b,8,7,16,8,3,8,3,2,0,1,,0,0,0,9,7,9,4,2,1,3,0
g,gap,mp,8,3,8,8,1,1,,,,,,0,0,0,9,7,9,4,2,1,3,1
se1,conv,g,8,1,1,2,1,1,1,1,0,1,1,0,16,18,9,7,9,4,2,1,3,1
se2,conv,se1,2,1,1,8,1,1,1,1,0,1,1,0,16,24,9,7,9,4,2,1,3,1
m,mul,mp se2,8,3,8,8,3,8,,,,,,0,0,0,9,7,9,4,2,1,3,1
s1,slice,m,8,3,8,3,3,8,,,,,,0,0,0,9,7,9,4,2,1,3,1
s0,slice,m,8,3,8,5,3,8,,,,,,0,0,0,9,7,9,4,2,1,3,1
cat,concat,s1 s0,8,3,8,8,3,8,,,,,,0,0,0,9,7,9,4,2,1,3,1
sh,shuffle,cat,8,3,8,8,3,8,,,,,4,0,0,0,9,7,9,4,2,1,3,1
ln,layernorm,sh,8,3,8,8,3,8,,,,,,0,0,16,9,7,9,4,2,1,3,1
sc,scale,ln,8,3,8,8,3,8,,,,,,0,0,8,9,7,9,4,2,1,3,1
pw,conv,sc,8,3,8,12,3,8,1,1,0,1,1,0,2304,108,9,7,9,4,2,1,3,1
ap,avgpool,pw,12,3,8,12,2,4,2x3,1x2,0x1,1,,0,0,0,13,11,13,4,4,1,5,1
fc,fc,ap,12,2,4,5,1,1,,,,,,0,480,485,13,11,13,4,4,1,5,1
CSV
cmp -s "$tmp/want" "$tmp/out" || fail "--layers v2-ops.csv: $(diff "$tmp/want" "$tmp/out" | head -5)"

# --plan: tokens for the kernels; 'g' after the field in global context
# (b goes from 3x1 to 3: MACs 9 * 8*8 * 7*16 = 64,512; its field 3 / 9).
run --plan "$data/v2-ops.csv"
expect_rc 0
grep -q '^a  *1x7  *1x7=  *75264  *7$' "$tmp/out" || fail "--plan: row a: $(grep '^a ' "$tmp/out")"
grep -q '^b  *3x1  *3  *64512  *9$' "$tmp/out" || fail "--plan: row b: $(grep '^b ' "$tmp/out")"
grep -q '^se1  *1  *1=  *16  *11 g$' "$tmp/out" || fail "--plan: row se1: $(grep '^se1 ' "$tmp/out")"
grep -q '; g global context' "$tmp/out" || fail "--plan: no legend for 'g'"
run --plan "$data/tiny.csv"
grep -q 'global' "$tmp/out" && fail "--plan of a format-1 network mentions global context"

# The export: its format, and its totals are the plan's.
roundtrip() { # FILE ARGS...: export at the plan ARGS make; check it loads back
	f=$1
	shift
	rm -f "$tmp/plan.csv" "$tmp/net.csv"
	"$BKSEF" --batch "$@" -o "$tmp/plan.csv" --export-network "$tmp/net.csv" "$f" 2>"$tmp/err" ||
		{ fail "export of $f $*: exit $?: $(head -c 300 "$tmp/err")"; return; }
	"$BKSEF" --summary "$tmp/net.csv" >"$tmp/sum" 2>"$tmp/err" ||
		{ fail "the export of $f $* does not load: $(head -c 300 "$tmp/err")"; return; }
	python3 - "$tmp/plan.csv" "$tmp/sum" <<'PY' || fail "the export of $f $* has other totals than its plan"
import csv, sys
row = next(csv.DictReader(open(sys.argv[1], newline="")))
got = dict(l.split(": ", 1) for l in open(sys.argv[2]).read().splitlines() if ": " in l)
assert got["macs"] == row["total_macs_plan"], (got["macs"], row["total_macs_plan"])
assert got["params"] == row["total_params_plan"], (got["params"], row["total_params_plan"])
assert got["rf"] == row["total_rf_plan"], (got["rf"], row["total_rf_plan"])
PY
}
first_line() { head -n 1 "$tmp/net.csv"; }

roundtrip "$data/v2-ops.csv"
[ "$(first_line)" = "#bksef-format 2" ] || fail "v2-ops export: first line '$(first_line)'"
grep -q '^# v2-ops with a bksef plan applied.*format v2, see bksef(5)$' "$tmp/net.csv" ||
	fail "v2-ops export: no comment line naming format v2"
roundtrip "$data/v2-ops.csv" --pin b=5x1
grep -q '^b,conv,,8,,,5x1,2x1,2x0,' "$tmp/net.csv" || fail "v2-ops export at b=5x1: $(grep '^b,' "$tmp/net.csv")"
# a format-1 network stays format 1, unless the plan gives a per-axis kernel
roundtrip "$data/tiny.csv"
grep -q '^# tiny with a bksef plan applied.*format v1' "$tmp/net.csv" || fail "tiny export: not format 1"
roundtrip "$data/tiny.csv" --pin c4=3x7
[ "$(first_line)" = "#bksef-format 2" ] || fail "tiny export at c4=3x7: first line '$(first_line)'"
grep -q '^c4,conv,p1,5,,,3x7,1,1x3,' "$tmp/net.csv" || fail "tiny export at c4=3x7: $(grep '^c4,' "$tmp/net.csv")"
for net in efficientnet_b0 mobilenet_v3_large shufflenet_v2_x1_0 googlenet inception_v3 squeezenet1_0 convnext_tiny; do
	roundtrip "$srcdir/data/$net.csv" --lambda3 0
	[ "$(first_line)" = "#bksef-format 2" ] || fail "$net export: first line '$(first_line)'"
done
finish
