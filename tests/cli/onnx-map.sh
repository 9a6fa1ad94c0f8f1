#!/bin/sh
# tests/cli/onnx-map.sh -- ONNX models mapped onto networks: each fused
# pattern and opset family, the blockers listed at once, symbolic dims and
# --input-size, the naming rule of --convert, the format chosen by name or
# content, standard input.  The models are tests/data/onnx/map/*.onnx and
# tests/data/onnx/*.onnx; every expected number is worked out by hand in the
# docstring of the function of tests/data/onnx/gen-map.py (or gen-onnx.py)
# that wrote the model.
. "$srcdir/tests/cli/lib.sh"

map=$srcdir/tests/data/onnx/map
onnx=$srcdir/tests/data/onnx

# totals MODEL LAYERS PARAMS MACS RF [ARGS...]
totals() {
	model=$1 layers=$2 params=$3 macs=$4 rf=$5
	shift 5
	run --summary "$@" "$model"
	expect_rc 0
	expect_line "layers: $layers"
	expect_line "params: $params"
	expect_line "macs: $macs"
	expect_line "rf: $rf"
}

# Fused patterns: conv -> one act -> gap -> fc (gen-map.py act_chain)
for m in silu-op13 hardswish-op13 hardswish-op14 gelu-erf-op13 clip-op11; do
	totals "$map/$m.onnx" 5 137 6932 3
	run --convert "$map/$m.onnx"
	[ "$(grep -c ',act,' "$tmp/out")" = 1 ] || fail "$m: not one act row"
	grep -q ',mul,' "$tmp/out" && fail "$m: a mul row"
	head -1 "$tmp/out" | grep -q '^#bksef-format' && fail "$m: format 2 where 1 does"
done
# squeeze-excitation: a mul row (format 2)
totals "$map/se-op13.onnx" 10 311 13896 3
run --convert "$map/se-op13.onnx"
expect_line "#bksef-format 2"
expect_line "sg,act,fc2,,,,,,,,,,,"
expect_line "g,mul,c1 sg,,,,,,,,,,,"
# layer norm: the opset-13 chain and the opset-17 node agree
totals "$map/layernorm-op13.onnx" 6 185 8478 3
totals "$map/layernorm-op17.onnx" 6 185 8478 3
for m in layernorm-op13 layernorm-op17; do
	run --convert "$map/$m.onnx"
	grep -q ',layernorm,' "$tmp/out" || fail "$m: no layernorm row"
	grep -q '^mm,conv,ln,6,,,1,1,0,1,1,1' "$tmp/out" || fail "$m: the MatMul and its bias are not one 1x1 conv with bias"
done
# channel split and shuffle; the shuffle's shape from a folded Shape subgraph
totals "$map/shuffle-op13.onnx" 8 137 6932 3
run --convert "$map/shuffle-op13.onnx"
expect_line "a,slice,c1,2,,,,,,,,,,0"
expect_line "b,slice,c1,2,,,,,,,,,,2"
expect_line "sh,shuffle,cat,,,,,,,,2,,,"
# auto_pad SAME_UPPER with an even total: pad 1 a side
totals "$map/same-upper-op13.onnx" 4 137 6932 3
# an initializer shared by two convs counts once per use
totals "$map/shared-weight-op13.onnx" 7 433 25364 5
# Pad fused into the next conv (opset 11: pads as an input), Clip as act;
# with its BatchNorm's 8 parameters: 112 + 8 + 25 = 145
totals "$onnx/cbr-op11.onnx" 6 145 6932 3
# opset 9: Pad, Clip and Slice with attributes (gen-map.py attrs_op9)
totals "$map/attrs-op9.onnx" 6 127 6922 3
run --convert "$map/attrs-op9.onnx"
expect_line "c1,conv,x,4,,,3,1,1,1,1,1,,"
expect_line "s,slice,r,2,,,,,,,,,,0"
# opset 13: Squeeze's axes and Split's sizes as inputs
totals "$onnx/cbr-op13.onnx" 9 145 6932 3
# opset 18: ReduceMean's axes as an input -> gap (8x4x4: nothing counted)
totals "$onnx/handbuilt-op18-reduce.onnx" 2 0 0 1
# external data: dims only, the data file never opened (8x3x5x5 weights,
# no bias: 600 params; 16*16*8*75 = 153600 MACs; rf 5)
totals "$onnx/external-data.onnx" 2 600 153600 5
# initializers listed among the graph inputs (IR 3): conv 112 + BN 8
totals "$onnx/inits-as-inputs.onnx" 4 120 6912 3
# folded BatchNorm: the note
run --summary "$onnx/cbr-folded-bn.onnx"
expect_rc 0
expect_err "bksef:$onnx/cbr-folded-bn.onnx: the exporter may have folded BatchNorm into the convolutions; parameters are those of the exported graph"
run --summary "$onnx/cbr-op11.onnx"
expect_no_err

# Blockers: all at once, one line each, nothing on stdout, exit 1
run --summary "$map/blockers-op13.onnx"
expect_rc 1
expect_no_out
b="bksef:$map/blockers-op13.onnx: "
expect_err "${b}node 0 (Conv 'asym'): asymmetric padding (begins 0 0, ends 1 1)"
expect_err "${b}node 2 (Resize 'up'): mode 'cubic' has no row in the format (its upsample is nearest or linear)"
expect_err "${b}node 4 (Custom 'custom'): an op of the custom domain 'com.example' is not supported"
expect_err "${b}node 6 (QuantizeLinear 'quant'): quantized ops are not supported"
expect_err "${b}node 8 (ConvTranspose 'deconv'): asymmetric padding (begins 0 0, ends 1 1) has no equivalent in the format, which pads both sides alike"
[ "$(wc -l <"$tmp/err")" = 5 ] || fail "$what: not 5 lines: $(cat "$tmp/err")"
# 1-D and 3-D networks (gen-map.py conv1d, conv3d): per-axis tokens, l and t
totals "$map/conv1d-op13.onnx" 6 101 596 "12 (l 12)"
totals "$map/conv1d-op13.onnx" 6 101 1364 "12 (l 12)" --input-size 2x32
run --convert "$map/conv1d-op13.onnx"
expect_line "x,input,,2,,,,,,,,,,,,16,,,"
expect_line "c2,conv,p,4,,,3,1,0,2,1,0,,,,,,,"
run --summary --input-size 3x8x8 "$map/conv1d-op13.onnx"
expect_rc 1
expect_err "--input-size has 3 axes; input 'x' has 2 (C, then L)"
totals "$map/conv3d-op13.onnx" 7 105 4628 "5 (t 2, h 5, w 5)"
totals "$map/conv3d-op13.onnx" 7 105 596 "5 (t 2, h 5, w 5)" --input-size 2x2x4x4
run --convert "$map/conv3d-op13.onnx"
expect_line "x,input,,2,8,8,,,,,,,,,4,,,,"
expect_line "c1,conv,x,4,,,1x3x3,1x2x2,0x1x1,1,1,0,,,,,,,"
expect_line "p,avgpool,r,,,,2,2,0,1,,,0,,,,,,"
# ConvTranspose with groups and output_padding (gen-map.py convtranspose)
totals "$map/convtranspose-op13.onnx" 4 149 1758 2
run --convert "$map/convtranspose-op13.onnx"
expect_line "t,convtranspose,x,6,,,3,2,1,1,2,1,,,,,,,1"
# Resize nearest by scales and linear to sizes; Upsample at opsets 7 and 9
totals "$map/resize-op13.onnx" 6 101 4628 2
run --convert "$map/resize-op13.onnx"
expect_line "u,upsample,x,,,,,,,,,,,,,,nearest,2,"
expect_line "l,upsample,c1,,12,12,,,,,,,,,,,bilinear,,"
totals "$map/upsample-op7.onnx" 5 101 4628 2
totals "$map/upsample-op9.onnx" 5 101 4628 2
# what the format's upsample and convtranspose cannot say, listed at once
run --summary "$map/resize-blockers-op13.onnx"
expect_rc 1
expect_no_out
b="bksef:$map/resize-blockers-op13.onnx: "
expect_err "${b}node 0 (Resize 'lin-asym'): coordinate_transformation_mode 'asymmetric' with mode linear does not sample as the format's linear upsample (half_pixel, torch's align_corners=False)"
expect_err "${b}node 1 (Resize 'near-half'): coordinate_transformation_mode 'half_pixel' with nearest_mode 'round_prefer_floor' does not pick the input pixels the format's nearest upsample does (asymmetric and floor, as torch's; half_pixel rounding for whole factors)"
expect_err "${b}node 2 (Resize 'frac'): its scale 1.5 on spatial axis 0 is not a whole factor; the format's upsample takes whole factors, or sizes"
expect_err "${b}node 3 (Resize 'chan'): it scales the batch or channel axis (1, 2)"
expect_err "${b}node 4 (ConvTranspose 'opad'): output_padding 2 on spatial axis 0 is not below its stride or its dilation"
expect_err "${b}node 5 (ConvTranspose 'oshape'): its output size 16 on spatial axis 0 needs 1 of padding in all, which the format cannot split alike on both sides"
expect_err "${b}node 7 (ConvTranspose 'padded'): a Pad before a ConvTranspose has no row in the format"
[ "$(wc -l <"$tmp/err")" = 7 ] || fail "$what: not 7 lines: $(cat "$tmp/err")"
# opset 18's Resize attributes (hand-built: gen-map.py resize_blockers18)
run --summary "$map/resize-blockers-op18.onnx"
expect_rc 1
expect_no_out
b="bksef:$map/resize-blockers-op18.onnx: "
expect_err "${b}node 0 (Resize 'anti'): an antialiased Resize has no row in the format"
expect_err "${b}node 1 (Resize 'axes'): a Resize of some axes only (axes) is not supported"
expect_err "${b}node 2 (Resize 'aspect'): keep_aspect_ratio_policy 'not_larger' is not supported"
expect_err "${b}node 3 (Resize 'chan'): it resizes the batch or channel axis"
[ "$(wc -l <"$tmp/err")" = 4 ] || fail "$what: not 4 lines: $(cat "$tmp/err")"
run --summary "$map/upsample-linear-op9.onnx"
expect_rc 1
expect_err "node 0 (Upsample 'up'): Upsample's linear mode samples at x / scale (asymmetric), not as the format's linear upsample (torch's align_corners=False): export at opset 11 or later, for a Resize"
run --convert "$map/blockers-op13.onnx" -o never.csv
expect_rc 1
[ -e never.csv ] && fail "$what: wrote never.csv"
# an op_type holding a line break (found by fuzz_onnx): still one line a
# blocker, the break escaped
run --summary "$srcdir/tests/fuzz/regress/onnx-op-type-line-break"
expect_rc 1
expect_no_out
grep -v "^bksef:$srcdir/tests/fuzz/regress/onnx-op-type-line-break: node [0-9]* (" "$tmp/err" >other &&
	fail "$what: a line that is not a blocker: $(cat other)"
[ "$(wc -l <"$tmp/err")" = 1 ] || fail "$what: not 1 line: $(cat "$tmp/err")"
# a second input, and a subgraph (If): both listed, and the first input
# (a scalar) too
run --summary "$onnx/if-node.onnx"
expect_rc 1
expect_err "the graph has 2 inputs (the first 'cond'): models with more than one input are not supported"
expect_err "input 'cond' has 0 axes, expected 4 (N, C, H, W), 3 (N, C, L), 5 (N, C, T, H, W) or 2 (N, C)"
expect_err "node 0 (If 'choose'): control flow (a node with subgraphs) is not supported"
[ "$(wc -l <"$tmp/err")" = 3 ] || fail "$what: not 3 lines"
# opset 20's Gelu node on a 2-axis input [1, 16]: an input of 16x1x1, an act
totals "$onnx/handbuilt-op20-gelu.onnx" 2 0 0 1
# opset 21's INT4 weights come through DequantizeLinear: quantized
run --summary "$onnx/handbuilt-op21-int4.onnx"
expect_rc 1
expect_err "node 0 (DequantizeLinear 'dq'): quantized ops are not supported"

# Symbolic dims: --input-size gives the size (the symbolic batch is ignored)
run --summary "$map/symbolic-op13.onnx"
expect_rc 1
expect_err "input 'x' has a size that is not a number (3xHxW): give one with --input-size"
totals "$map/symbolic-op13.onnx" 4 137 27668 3 --input-size 3x16x16
# static, fully convolutional: overridden
totals "$map/same-upper-op13.onnx" 4 137 27668 3 --input-size 3x16x16
# a Flatten -> Gemm fixes the size: an error
totals "$map/fixed-op13.onnx" 3 1397 8192 3
run --summary --input-size 3x16x16 "$map/fixed-op13.onnx"
expect_rc 1
expect_err "node 2 (Gemm 'fc'): the weight takes 256 features, its input gives 1024 (4x16x16): the graph fixes its input's size"
run --summary --input-size 4x8x8 "$map/fixed-op13.onnx"
expect_rc 1
expect_err "--input-size gives 4 channels; input 'x' has 3"
run --summary --input-size 1x16000 "$map/fixed-op13.onnx"
expect_rc 1
expect_err "--input-size has 2 axes; input 'x' has 3 (C, then H and W)"
for bad in 3x 224 3x0x8 x3x3 3x8x8x8x8 3x99999999999x8; do
	run --summary --input-size "$bad" "$map/fixed-op13.onnx"
	expect_rc 2
	expect_err "--input-size: '$bad' is not a size"
done
run --summary --input-size 3x8x8 "$srcdir/data/lenet5.csv"
expect_rc 2
expect_err "--input-size applies to an ONNX model, not a network CSV file"

# Names: from the output tensor, blanks replaced, unique with a suffix,
# cut to 4096 bytes
run --convert "$map/names-op13.onnx"
expect_rc 0
expect_line "conv_out,conv,x,4,,,3,1,1,1,1,1"
expect_line "conv_out.2,act,conv_out,,,,,,,,,"
long=$(awk -F, 'length($1) > 100 { print length($1); exit }' "$tmp/out")
[ "$long" = 4096 ] || fail "$what: the long name has $long bytes, not 4096"
run --convert "$map/names-op13.onnx" -o names.csv
expect_rc 0
expect_no_out
run --summary names.csv
expect_line "params: 137"
# --convert of a network file
run --convert "$srcdir/data/lenet5.csv"
expect_rc 1
expect_err "--convert takes an ONNX model; this is a network file"

# The name decides; content that disagrees is an error naming both
cp "$srcdir/data/lenet5.csv" csv-inside.onnx
run --summary csv-inside.onnx
expect_rc 1
expect_no_out
expect_err "bksef:csv-inside.onnx: the name says an ONNX model (.onnx), but the content is not one (a network CSV file?)"
cp "$map/silu-op13.onnx" model-inside.csv
run --summary model-inside.csv
expect_rc 1
expect_err "bksef:model-inside.csv: the name says a network CSV file (.csv), but the content is an ONNX model"
# other names and standard input: the content decides
cp "$map/silu-op13.onnx" model.bin
totals model.bin 5 137 6932 3
run_stdin "$map/silu-op13.onnx" --summary -
expect_rc 0
expect_line "macs: 6932"
# a pipe: read as a stream
"$BKSEF" --summary - <"$map/se-op13.onnx" >/dev/null 2>&1 || fail "stdin file"
cat "$map/se-op13.onnx" | "$BKSEF" --summary - >pipe.out 2>/dev/null || fail "a pipe: exit $?"
grep -qx 'macs: 13896' pipe.out || fail "a pipe: $(cat pipe.out)"
run_stdin "$srcdir/data/lenet5.csv" --summary -
expect_rc 0
expect_line "macs: 416520"
# a FIFO, opened once: its first byte decides, with or without a name
mkfifo model.fifo net.fifo named.onnx || exit 99
cat "$map/se-op13.onnx" >model.fifo &
run --summary model.fifo
wait
expect_rc 0
expect_line "macs: 13896"
cat "$srcdir/data/lenet5.csv" >net.fifo &
run --summary net.fifo
wait
expect_rc 0
expect_line "macs: 416520"
cat "$map/se-op13.onnx" >named.onnx &
run --convert named.onnx
wait
expect_rc 0
expect_line "g,mul,c1 sg,,,,,,,,,,,"
cat "$srcdir/data/lenet5.csv" >named.onnx &
run --summary named.onnx
wait
expect_rc 1
expect_err "bksef:named.onnx: the name says an ONNX model (.onnx), but the content is not one (a network CSV file?)"
finish
