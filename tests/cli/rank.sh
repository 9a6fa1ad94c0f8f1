#!/bin/sh
# tests/cli/rank.sh -- 1-D and 3-D networks (format 2, issue 14): --summary's
# input and rf lines, --layers' per-axis columns, --candidates and --pin read
# for the network's rank, and the export's round trip.
#
# tests/data/rank3.csv, 3 x 4 x 8 x 8 (C x T x H x W), by hand:
#   stem conv 3->4, k 3x5x5, stride 1x2x2, pad 1x2x2, no bias:
#     out T (4+2-3)/1+1 = 4, H = W = (8+4-5)/2+1 = 4
#     params 3*5*5 * 3*4 = 900, MACs 900 * 4*4*4 = 57,600
#     rf (t,h,w) 3, 5, 5; jump 1, 2, 2; rf_pad 1, 2, 2
#   c1 conv 4->4, k 3 (a cube), pad 1, bias: out 4x4x4x4
#     params 27*4*4 + 4 = 436, MACs 432 * 64 = 27,648
#     rf t 3 + 2*1 = 5, h 5 + 2*2 = 9; rf_pad t 1 + 1*1 = 2, h 2 + 1*2 = 4
#   mp maxpool 2, stride 2: out 4x2x2x2; rf t 5 + 1*1 = 6, h 9 + 1*2 = 11;
#     jump t 2, h 4
#   gap, fc 4->5: MACs 20, params 25
#   total MACs 57,600 + 27,648 + 20 = 85,268; params 900 + 436 + 25 = 1,361
# tests/data/rank1.csv, 1 x 100 (C x L), by hand:
#   c1 conv 1->8, k 9, stride 4, pad 4: L (100+8-9)/4+1 = 25
#     params 9*8 + 8 = 80, MACs 72 * 25 = 1,800; rf 9, jump 4, rf_pad 4
#   p1 maxpool 2, stride 2: L (25-2)/2+1 = 12; rf 9 + 1*4 = 13, jump 8
#   c2 conv 8->16, k 3, pad 1: params 3*8*16 + 16 = 400, MACs 384 * 12 = 4,608
#     rf 13 + 2*8 = 29, rf_pad 4 + 1*8 = 12
#   gap, fc 16->4: MACs 64, params 68
#   total MACs 1,800 + 4,608 + 64 = 6,472; params 80 + 400 + 68 = 548
. "$srcdir/tests/cli/lib.sh"

data=$srcdir/tests/data

run --summary "$data/rank3.csv"
expect_rc 0
expect_line "input: 3x4x8x8"
expect_line "params: 1361"
expect_line "macs: 85268"
expect_line "rf: 11 (t 6, h 11, w 11)"
run --summary "$data/rank1.csv"
expect_rc 0
expect_line "input: 1x100"
expect_line "params: 548"
expect_line "macs: 6472"
expect_line "rf: 29 (l 29)"

run --layers "$data/rank3.csv"
expect_rc 0
expect_no_err
cat >"$tmp/want" <<'CSV'
name,op,inputs,in_c,in_t,in_h,in_w,out_c,out_t,out_h,out_w,k,stride,pad,dilation,groups,tunable,macs,params,rf,rf_t,rf_h,rf_w,jump_t,jump_h,jump_w,rf_pad_t,rf_pad_h,rf_pad_w,global
in,input,,3,4,8,8,3,4,8,8,,,,,,0,0,0,1,1,1,1,1,1,1,0,0,0,0
stem,conv,in,3,4,8,8,4,4,4,4,3x5x5,1x2x2,1x2x2,1,1,0,57600,900,5,3,5,5,1,2,2,1,2,2,0
c1,conv,stem,4,4,4,4,4,4,4,4,3,1,1,1,1,1,27648,436,9,5,9,9,1,2,2,2,4,4,0
mp,maxpool,c1,4,4,4,4,4,2,2,2,2,2,0,1,,0,0,0,11,6,11,11,2,4,4,2,4,4,0
g,gap,mp,4,2,2,2,4,1,1,1,,,,,,0,0,0,11,6,11,11,2,4,4,2,4,4,1
fc,fc,g,4,1,1,1,5,1,1,1,,,,,,0,20,25,11,6,11,11,2,4,4,2,4,4,1
CSV
cmp -s "$tmp/want" "$tmp/out" || fail "--layers rank3.csv: $(diff "$tmp/want" "$tmp/out" | head -5)"
run --layers "$data/rank1.csv"
expect_rc 0
cat >"$tmp/want" <<'CSV'
name,op,inputs,in_c,in_l,out_c,out_l,k,stride,pad,dilation,groups,tunable,macs,params,rf,rf_l,jump_l,rf_pad_l,global
in,input,,1,100,1,100,,,,,,0,0,0,1,1,1,0,0
c1,conv,in,1,100,8,25,9,4,4,1,1,1,1800,80,9,9,4,4,0
p1,maxpool,c1,8,25,8,12,2,2,0,1,,0,0,0,13,13,8,4,0
c2,conv,p1,8,12,16,12,3,1,1,1,1,1,4608,400,29,29,8,12,0
g,gap,c2,16,12,16,1,,,,,,0,0,0,29,29,8,12,1
fc,fc,g,16,1,4,1,,,,,,0,64,68,29,29,8,12,1
CSV
cmp -s "$tmp/want" "$tmp/out" || fail "--layers rank1.csv: $(diff "$tmp/want" "$tmp/out" | head -5)"

# The cost grows with k^d: c1 at a 5-cube has 125*4*4 * 64 = 128,000 MACs,
# a 1x3x3 kernel 9*16 * 64 = 9,216 (and its padding keeps the shape: 0x1x1).
run --plan "$data/rank3.csv" --pin c1=5
expect_rc 0
grep -q '^c1  *3  *5!  *128000 ' "$tmp/out" || fail "--pin c1=5: $(grep '^c1 ' "$tmp/out")"
run --batch "$data/rank3.csv" --candidates 1,3,1x3x3,3x1x1 --pin c1=1x3x3 -o -
expect_rc 0
grep -q '^c1,conv,1,1,3,1x3x3,0x1x1,4,4,4,27648,9216,' "$tmp/out" ||
	fail "--pin c1=1x3x3: $(grep '^c1,' "$tmp/out")"
head -n 1 "$tmp/out" | grep -q ',pad_plan,out_t,out_h,out_w,.*,score_k3x1x1,score_k1x3x3,score_k3,' ||
	fail "--batch rank3.csv: header $(head -n 1 "$tmp/out")"
# c2 of the 1-D network at 5: 5*8*16 * 12 = 7,680 MACs
run --plan "$data/rank1.csv" --pin c2=5 --candidates 3,5,7
expect_rc 0
grep -q '^c2  *3  *5!  *7680 ' "$tmp/out" || fail "--pin c2=5 (1-D): $(grep '^c2 ' "$tmp/out")"

# Tokens of the wrong rank, once the network's rank is known.
run --plan "$data/rank3.csv" --candidates 3,1x3
expect_rc 2
expect_no_out
expect_err "bksef: --candidates: invalid kernel '1x3' in candidate list '3,1x3': each extent from 1 to 63, 3 axes"
run --plan "$data/tiny.csv" --candidates 3,1x3x3
expect_rc 2
expect_err "bksef: --candidates: invalid kernel '1x3x3' in candidate list '3,1x3x3': each extent from 1 to 63, 2 axes"
run --plan "$data/rank1.csv" --candidates 3,1x3
expect_rc 2
expect_err "each extent from 1 to 63, 1 axis"
run --plan "$data/rank1.csv" --pin c1=3x3
expect_rc 2
expect_err "bksef: --pin c1=3x3: kernel '3x3' has more than one axis, but the network is 1-D"
run --plan "$data/rank3.csv" --pin c1=3x3
expect_rc 2
expect_err "kernel '3x3' is not a size per axis (AxBxC for this network), each from 1 to 63"
# syntax is still checked before the network is read
run --plan "$data/rank3.csv" --candidates 3,1x3x3x3
expect_rc 2
expect_err "at most 3 axes"

# The export: format 2 with the input's t or l column; at the loaded
# kernels it loads back to the same layers.
for f in rank3 rank1; do
	rm -f "$tmp/net.csv"
	if [ $f = rank3 ]; then pins="--pin c1=3"; else pins="--pin c1=9 --pin c2=3"; fi
	# shellcheck disable=SC2086 # the pins are words
	run --batch "$data/$f.csv" $pins -o "$tmp/plan.csv" --export-network "$tmp/net.csv"
	expect_rc 0
	"$BKSEF" --layers "$tmp/net.csv" >"$tmp/again" 2>"$tmp/err" || fail "$f export does not load"
	"$BKSEF" --layers "$data/$f.csv" >"$tmp/orig"
	cmp -s "$tmp/again" "$tmp/orig" || fail "$f export: $(diff "$tmp/orig" "$tmp/again" | head -5)"
done
grep -q '^in,input,,1,,,,,,,,,,,,,,100$' "$tmp/net.csv" || fail "rank1 export: $(grep '^in,' "$tmp/net.csv")"
finish
