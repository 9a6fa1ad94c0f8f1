#!/bin/sh
# tests/cli/upsample.sh -- upsample and convtranspose (format 2, issue 14):
# shapes, MACs, parameters and receptive fields with fractional jumps and
# effective paddings, printed in lowest terms ("7/2"), and the export's
# round trip.
#
# tests/data/upsample.csv, 3 x 16 x 16, by hand (r, j, p: field, jump,
# effective padding, the same on both axes):
#   c1 conv 3->8, k 3, pad 1: 8x16x16; params 216 + 8 = 224, MACs 216 * 256
#     = 55,296; r 3, j 1, p 1
#   p1 maxpool 2, stride 2: 8x8x8; r 3 + 1 = 4, j 2, p 1
#   c2 conv 8->16, k 3, pad 1: 16x8x8; params 1,152 + 16 = 1,168, MACs
#     1,152 * 64 = 73,728; r 4 + 2*2 = 8, j 2, p 1 + 1*2 = 3
#   up nearest, scale 2: 16x16x16; nothing counted; r 8, j 2 * 8/16 = 1, p 3
#   c3 conv 16->8, k 3, pad 1: params 1,152 + 8 = 1,160, MACs 1,152 * 256 =
#     294,912; r 8 + 2*1 = 10, j 1, p 3 + 1 = 4
#   cat c1 c3: 16x16x16; r 10, j 1, p 4 (the largest of each)
#   tc convtranspose from p1, 8->8, k 3, stride 2, pad 1, output padding 1:
#     out (8-1)*2 - 2 + (3-1) + 1 + 1 = 16; MACs 9 * 8 * 8 over the INPUT's
#     8*8 = 64 positions = 36,864; params 576 + 8 = 584.  On the zero-filled
#     grid (jump 2/2 = 1) at most (3-1)/2 + 1 = 2 taps meet input pixels, 1
#     apart: r 4 + 1*2 = 6 (in input pixels of p1: 4 + 1 * j_in 2); j 1;
#     p 1 + (2 - 1) * 1 = 2
#   bl bilinear to 16x16 from c2: r 8, j 2 * 8/16 = 1, p 3 + 2 * (16 - 8) /
#     (2 * 16) = 7/2 (output pixel x's centre sits at (x + 1/2)/2 - 1/2)
#   c4 conv 16->4, k 3, pad 1: params 576 + 4 = 580, MACs 576 * 256 =
#     147,456; r 8 + 2 = 10, j 1, p 7/2 + 1 = 9/2
#   total MACs 55,296 + 73,728 + 294,912 + 36,864 + 147,456 = 608,256;
#   params 224 + 1,168 + 1,160 + 584 + 580 = 3,716; rf 10
# tests/data/upsample-frac.csv, 1 x 4 x 4:
#   up nearest x2: 8x8, j 4/8 = 1/2
#   a conv k 3, pad 1: r 1 + ceil(2 * 1/2) = 2, p 0 + 1 * 1/2 = 1/2; MACs
#     9 * 64 = 576, params 10
#   b conv k 5, pad 2: r 2 + ceil(4 * 1/2) = 4, p 1/2 + 2 * 1/2 = 3/2; MACs
#     25 * 64 = 1,600, params 26
#   tc convtranspose k 4, stride 2, pad 1: out 3*2 - 2 + 3 + 1 = 8; MACs
#     16 * 16 input positions = 256, params 17; (4-1)/2 + 1 = 2 taps on
#     input pixels: r 1 + 1 = 2; j 1/2; p (3 - 1) * 1/2 = 1
#   tc3 k 3, stride 2, pad 1, output padding 1: out 6 - 2 + 2 + 1 + 1 = 8;
#     MACs 9 * 16 = 144, params 10; r 1 + 1 = 2; p (2 - 1) * 1/2 = 1/2
. "$srcdir/tests/cli/lib.sh"

data=$srcdir/tests/data

run --summary "$data/upsample.csv"
expect_rc 0
expect_line "params: 3716"
expect_line "macs: 608256"
expect_line "rf: 10"
expect_line "convs: 4"

run --layers "$data/upsample.csv"
expect_rc 0
expect_no_err
cat >"$tmp/want" <<'CSV'
name,op,inputs,in_c,in_h,in_w,out_c,out_h,out_w,k,stride,pad,dilation,groups,tunable,macs,params,rf,rf_h,rf_w,jump_h,jump_w,rf_pad_h,rf_pad_w,global
in,input,,3,16,16,3,16,16,,,,,,0,0,0,1,1,1,1,1,0,0,0
c1,conv,in,3,16,16,8,16,16,3,1,1,1,1,1,55296,224,3,3,3,1,1,1,1,0
p1,maxpool,c1,8,16,16,8,8,8,2,2,0,1,,0,0,0,4,4,4,2,2,1,1,0
c2,conv,p1,8,8,8,16,8,8,3,1,1,1,1,1,73728,1168,8,8,8,2,2,3,3,0
up,upsample,c2,16,8,8,16,16,16,,,,,,0,0,0,8,8,8,1,1,3,3,0
c3,conv,up,16,16,16,8,16,16,3,1,1,1,1,1,294912,1160,10,10,10,1,1,4,4,0
cat,concat,c1 c3,16,16,16,16,16,16,,,,,,0,0,0,10,10,10,1,1,4,4,0
tc,convtranspose,p1,8,8,8,8,16,16,3,2,1,1,1,0,36864,584,6,6,6,1,1,2,2,0
bl,upsample,c2,16,8,8,16,16,16,,,,,,0,0,0,8,8,8,1,1,7/2,7/2,0
c4,conv,bl,16,16,16,4,16,16,3,1,1,1,1,1,147456,580,10,10,10,1,1,9/2,9/2,0
CSV
cmp -s "$tmp/want" "$tmp/out" || fail "--layers upsample.csv: $(diff "$tmp/want" "$tmp/out" | head -5)"
run --layers "$data/upsample-frac.csv"
expect_rc 0
cat >"$tmp/want" <<'CSV'
name,op,inputs,in_c,in_h,in_w,out_c,out_h,out_w,k,stride,pad,dilation,groups,tunable,macs,params,rf,rf_h,rf_w,jump_h,jump_w,rf_pad_h,rf_pad_w,global
in,input,,1,4,4,1,4,4,,,,,,0,0,0,1,1,1,1,1,0,0,0
up,upsample,in,1,4,4,1,8,8,,,,,,0,0,0,1,1,1,1/2,1/2,0,0,0
a,conv,up,1,8,8,1,8,8,3,1,1,1,1,1,576,10,2,2,2,1/2,1/2,1/2,1/2,0
b,conv,a,1,8,8,1,8,8,5,1,2,1,1,1,1600,26,4,4,4,1/2,1/2,3/2,3/2,0
tc,convtranspose,in,1,4,4,1,8,8,4,2,1,1,1,0,256,17,2,2,2,1/2,1/2,1,1,0
tc3,convtranspose,in,1,4,4,1,8,8,3,2,1,1,1,0,144,10,2,2,2,1/2,1/2,1/2,1/2,0
CSV
cmp -s "$tmp/want" "$tmp/out" || fail "--layers upsample-frac.csv: $(diff "$tmp/want" "$tmp/out" | head -5)"

# A plan changes the convs around them; the fractions stay exact: c4 at 5
# has r 8 + 4 = 12 and p 7/2 + 2 = 11/2.
run --batch "$data/upsample.csv" --pin c1=3 --pin c2=3 --pin c3=3 --pin c4=5 -o -
expect_rc 0
grep -q '^c4,conv,1,1,3,5,2,16,16,147456,409600,580,1604,10,12,' "$tmp/out" ||
	fail "--pin c4=5: $(grep '^c4,' "$tmp/out")"

# The export: the new columns, and it loads back to the same layers.
for f in upsample upsample-frac; do
	rm -f "$tmp/net.csv"
	if [ $f = upsample ]; then pins="--pin c1=3 --pin c2=3 --pin c3=3 --pin c4=3"; else pins="--pin a=3 --pin b=5"; fi
	# shellcheck disable=SC2086 # the pins are words
	run --batch "$data/$f.csv" $pins -o "$tmp/plan.csv" --export-network "$tmp/net.csv"
	expect_rc 0
	"$BKSEF" --layers "$tmp/net.csv" >"$tmp/again" 2>"$tmp/err" || fail "$f export does not load"
	"$BKSEF" --layers "$data/$f.csv" >"$tmp/orig"
	cmp -s "$tmp/again" "$tmp/orig" || fail "$f export: $(diff "$tmp/orig" "$tmp/again" | head -5)"
	[ $f = upsample ] || continue
	head -n 3 "$tmp/net.csv" | grep -q ',ceil_mode,start,t,l,mode,scale,output_padding$' ||
		fail "upsample export: header $(sed -n 3p "$tmp/net.csv")"
	grep -q '^up,upsample,,,,,,,,,,,,,,,,,nearest,2,$' "$tmp/net.csv" ||
		fail "upsample export: $(grep '^up,' "$tmp/net.csv")"
	grep -q '^bl,upsample,c2,,16,16,,,,,,,,,,,,,bilinear,,$' "$tmp/net.csv" ||
		fail "upsample export: $(grep '^bl,' "$tmp/net.csv")"
	grep -q '^tc,convtranspose,p1,8,,,3,2,1,1,1,1,,,,,,,,,1$' "$tmp/net.csv" ||
		fail "upsample export: $(grep '^tc,' "$tmp/net.csv")"
done
finish
