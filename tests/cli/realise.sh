#!/bin/sh
# tests/cli/realise.sh -- --realise full|ds, dsK pins and candidates, the
# edge-ds preset, the ds cost under --device and a measured table, and the
# exported network's two layers per ds conv, which load back with the
# plan's totals (issue 16, section 2).
. "$srcdir/tests/cli/lib.sh"
net=$srcdir/tests/data/realise/ds.csv

# By hand (tests/unit/test_net.c has c's parts): 899 output positions.
#  c (37 -> 53, bias) at ds5: 25*37*899 + 37*53*899 = 831,575 + 1,762,939 =
#    2,594,514 MACs; 925 + 1961 + 53 = 2939 params.  Loaded (full 5):
#    44,073,475 MACs, 49,078 params.
#  g (53 -> 53, groups 53: stays full) at 5: 25*53*899 = 1,191,175 MACs,
#    1325 params; loaded 3: 428,823 MACs, 477 params.
#  d (53 -> 29, its own candidates ds3 ds5) at ds5: 25*53*899 + 53*29*899 =
#    1,191,175 + 1,381,763 = 2,572,938 MACs; 1325 + 1537 = 2862 params;
#    loaded (full 3): 12,435,867 MACs, 13,833 params.
# lambda3 = 0 takes each conv to its largest candidate.
run --plan --realise ds --candidates 3,5 --lambda3 0 "$net"
expect_rc 0
expect_no_err
expect_line "macs: 56938165 -> 6358627 (-88.8%)"
expect_line "params: 63388 -> 7126 (-88.8%)"
expect_line "c           5    ds5          2594514         5"
expect_line "g           3      5          1191175        13"
expect_line "d           3    ds5          2572938        21"

# The default realisation is full; d's own dsK list still realises it:
# 44,073,475 + 1,191,175 + 2,572,938 = 47,837,588.
run --plan --candidates 3,5 --lambda3 0 "$net"
expect_rc 0
expect_line "macs: 56938165 -> 47837588 (-16.0%)"
# dsK candidates choose ds for the run; the same plan as --realise ds.
run --plan --candidates ds3,ds5 --lambda3 0 "$net"
expect_rc 0
expect_line "macs: 56938165 -> 6358627 (-88.8%)"

# --baseline 3 under ds: c at ds3 (9*37*899 + 1,762,939 = 2,062,306 MACs;
# 333 + 2014 = 2347 params), g at full 3 (428,823; 477), d at ds3 (428,823 +
# 1,381,763 = 1,810,586; 477 + 1537 = 2014): 4,301,715 MACs, 4838 params.
run --plan --baseline 3 --realise ds --candidates 3,5 --lambda3 0 "$net"
expect_rc 0
expect_line "macs: 4301715 -> 6358627 (+47.8%)"
expect_line "params: 4838 -> 7126 (+47.3%)"

# The plan CSV's k_plan and score columns say ds (g's full kernels have
# their own columns).
run --batch --realise ds --candidates 3,5 --lambda3 0 "$net"
expect_rc 0
head -n 1 "$tmp/out" | grep -q ',score_plan,score_k3,score_kds3,score_k5,score_kds5,' ||
	fail "$what: header $(head -n 1 "$tmp/out")"
cut -d, -f1,6,13 "$tmp/out" >"$tmp/kp"
printf 'layer,k_plan,params_plan\nc,ds5,2939\ng,5,1325\nd,ds5,2862\n' >"$tmp/kp-want"
cmp -s "$tmp/kp" "$tmp/kp-want" || fail "$what: k_plan $(cat "$tmp/kp")"

# Pins: c at ds3 (9*37*899 + 1,762,939 = 2,062,306 MACs); a ds pin on a
# grouped conv is refused.
run --plan --pin c=ds3 --candidates 3,5 --lambda3 0 "$net"
expect_rc 0
expect_line "c           5    ds3!         2062306         3"
run --plan --pin g=ds3 "$net"
expect_rc 2
expect_no_out
expect_err "bksef: --pin g=ds3: kernel ds3 is not allowed for layer 'g': a grouped conv (groups 53) cannot be realised depthwise-separable"

# Mixing full and ds, or dsK with --realise full, or another realisation.
run --plan --candidates 3,ds5 "$net"
expect_rc 2
expect_no_out
expect_err "bksef: --candidates: candidate list '3,ds5' mixes full and depthwise-separable (dsK) kernels"
run --plan --candidates ds3,ds5 --realise full "$net"
expect_rc 2
expect_err "bksef: --candidates: dsK kernels and --realise full contradict"
run --plan --realise dw "$net"
expect_rc 2
expect_err "bksef: --realise: 'dw' is not 'full' or 'ds'"
run --summary --realise ds "$net"
expect_rc 2
expect_err "--realise"

# The export: c.dw (37 -> 37, groups 37, k 5, stride 2, pad 2, no bias)
# then c (1x1, 37 -> 53, bias); g as it is; d.dw and d.  It loads back with
# the plan's totals as its baseline.
run --batch --realise ds --candidates 3,5 --lambda3 0 --export-network "$tmp/net.csv" "$net"
expect_rc 0
grep -v '^#' "$tmp/net.csv" >"$tmp/net-rows"
cat >"$tmp/net-want" <<'ROWS'
name,op,from,out,h,w,k,stride,pad,dilation,groups,bias,tune,candidates,ceil_mode,start
in,input,,37,57,61,,,,,,,,,,
c.dw,conv,,37,,,5,2,2,1,37,0,1,,,
c,conv,,53,,,1,1,0,1,1,1,0,,,
r,act,,,,,,,,,,,,,,
g,conv,,53,,,5,1,2,1,53,0,1,,,
d.dw,conv,,53,,,5,1,2,1,53,0,1,3 5,,
d,conv,,29,,,1,1,0,1,1,0,0,,,
ROWS
cmp -s "$tmp/net-rows" "$tmp/net-want" || fail "$what: exported rows $(cat "$tmp/net-rows")"
run --plan --candidates 3,5 --lambda3 0 "$tmp/net.csv"
expect_rc 0
grep -q '^macs: 6358627 -> ' "$tmp/out" || fail "$what: $(grep '^macs' "$tmp/out")"
grep -q '^params: 7126 -> ' "$tmp/out" || fail "$what: $(grep '^params' "$tmp/out")"
grep -q '^rf: 21 -> ' "$tmp/out" || fail "$what: $(grep '^rf' "$tmp/out")"

# Names: a layer already called NAME.dw makes the depthwise part NAME.dw2.
printf 'name,op,out,h,w,k\nin,input,4,9,9,\na,conv,4,,,3\na.dw,conv,4,,,3\n' >"$tmp/clash.csv"
run --batch --realise ds --candidates 3 --export-network "$tmp/clash-out.csv" "$tmp/clash.csv"
expect_rc 0
cut -d, -f1,3 "$tmp/clash-out.csv" | grep -v '^#' >"$tmp/names"
printf 'name,from\nin,\na.dw2,\na,\na.dw.dw,\na.dw,\n' >"$tmp/names-want"
cmp -s "$tmp/names" "$tmp/names-want" || fail "$what: names $(cat "$tmp/names")"
run --summary "$tmp/clash-out.csv"
expect_rc 0
# 2 x (9*4*81 + 16*81) = 2 x 4212 = 8424 MACs
expect_line "macs: 8424"

# A name of 4093 bytes makes a depthwise name of 4096, the most a name may
# have: written, and it loads; one of 4094 is refused, nothing written.
for n in 4093 4094; do
	long=$(head -c "$n" /dev/zero | tr '\0' a)
	printf 'name,op,out,h,w,k\nin,input,4,9,9,\n%s,conv,4,,,3\n' "$long" >"$tmp/long.csv"
	rm -f "$tmp/long-out.csv"
	run --batch --realise ds --export-network "$tmp/long-out.csv" "$tmp/long.csv"
	if [ "$n" = 4093 ]; then
		expect_rc 0
		run --summary "$tmp/long-out.csv"
		expect_rc 0
	else
		expect_rc 1
		expect_no_out
		expect_err "' would be named past the 4096 bytes a name may have; not written"
		[ ! -e "$tmp/long-out.csv" ] || fail "$what: a file was written"
	fi
done

# edge-ds: the edge weights (paper cost, layer scope) with --realise ds;
# an explicit --realise wins (but d's own dsK list stays ds).
run --batch --preset edge-ds "$net"
expect_rc 0
cut -d, -f6 "$tmp/out" | sed -n '2p;4p' | grep -c '^ds' | grep -qx 2 || fail "$what: k_plan $(cut -d, -f6 "$tmp/out")"
sed -n 2p "$tmp/out" | grep -q ',0.35,0.4,0.25,0.35,0.75,layer,paper,' || fail "$what: not the edge weights"
run --batch --preset edge-ds --realise full "$net"
expect_rc 0
cut -d, -f6 "$tmp/out" | sed -n 2p | grep -q '^ds' && fail "$what: ds despite --realise full"

# The roofline: each part a layer (tests/unit/test_device.c): c1 at ds3
# takes 3.05e-4 + 3.616e-4 = 6.666e-4 s, the other layers 2.284e-4 s:
# 8.95e-4 s = 0.895 ms against the loaded 0.68885 ms.
roof=$srcdir/tests/data/latency/roofline.csv
run --plan --realise ds --candidates 3 --device "$srcdir/tests/data/latency/slow.csv" "$roof"
expect_rc 0
expect_line "latency: 0.68885 ms -> 0.895 ms (+29.9%, roofline estimate on slow test device, 1e8 MAC/s)"

# A measured table keys ds entries by dsK: lambda3 = 0 takes ds9, 0.37 ms.
tab=$srcdir/tests/data/realise/roofline-measured-ds.csv
run --plan --realise ds --lambda3 0 --latency-table "$tab" "$roof"
expect_rc 0
expect_line "latency: 0.3 ms -> 0.37 ms (+23.3%, measured, convolutions only)"
grep -v '^c1,ds9,' "$tab" >"$tmp/short.csv"
run --plan --realise ds --latency-table "$tmp/short.csv" "$roof"
expect_rc 1
expect_no_out
expect_err "no time for layer 'c1' at kernel ds9"
# --plan names the baseline by its realisation and the network's rank.
run --plan --baseline 3 --realise ds resnet18
expect_rc 0
expect_line "baseline: every tunable conv at ds3x3 (full where a conv cannot be realised so)"
run --plan --baseline 3 r3d_18
expect_rc 0
expect_line "baseline: every tunable conv at 3x3x3"
run --plan --baseline 3 resnet18
expect_line "baseline: every tunable conv at 3x3"
finish
