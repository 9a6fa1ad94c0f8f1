#!/bin/sh
# tests/cli/onnx-twins.sh -- every bundled network has an ONNX twin in
# tests/data/onnx/twins (made by tests/data/onnx/gen-twins.py: torch exports
# of the torchvision modules with BatchNorm kept, hand-built ones for the
# rest; weights stripped), and `bksef --summary TWIN` gives the totals of
# `bksef --summary data/NET.csv`: params, MACs and receptive field.  The
# eval-mode export of resnet18 has BatchNorm folded: 4,800 parameters fewer
# (the running count of its 20 BatchNorm layers' channels, 2 x 2400; issue
# 15), said on stderr.  Each twin's --convert output loads back to the same
# totals, and every mode runs on a model.
. "$srcdir/tests/cli/lib.sh"

twins=$srcdir/tests/data/onnx/twins
totals() {
	grep -E '^(params|macs|rf): ' "$1"
}
n=0
for csv in "$srcdir"/data/*.csv; do
	net=$(basename "$csv" .csv)
	run --summary "$csv"
	expect_rc 0
	totals "$tmp/out" >"$tmp/want"
	found=0
	for twin in "$twins/$net"-op*.onnx "$twins/$net"-handbuilt-op*.onnx; do
		[ -f "$twin" ] || continue
		case $twin in *-folded.onnx) continue ;; esac
		found=1
		n=$((n + 1))
		run --summary "$twin"
		expect_rc 0
		totals "$tmp/out" >"$tmp/got"
		cmp -s "$tmp/want" "$tmp/got" ||
			fail "$twin: totals $(tr '\n' ' ' <"$tmp/got")differ from $net.csv's $(tr '\n' ' ' <"$tmp/want")"
		# --convert: the network file loads back to the same totals
		run --convert "$twin" -o conv.csv
		expect_rc 0
		expect_no_out
		run --summary conv.csv
		expect_rc 0
		totals "$tmp/out" >"$tmp/got"
		cmp -s "$tmp/want" "$tmp/got" || fail "$twin: --convert's CSV has other totals"
	done
	[ "$found" = 1 ] || fail "$net has no ONNX twin in $twins"
done
[ "$n" -ge 27 ] || fail "only $n twins"

# BatchNorm kept (TrainingMode.TRAINING export): no note
run --summary "$twins/resnet18-op13.onnx"
expect_no_err
expect_line "params: 11689512"
# folded by an eval-mode export: 11,689,512 - 4,800, and the note
run --summary "$twins/resnet18-op13-folded.onnx"
expect_rc 0
expect_line "params: 11684712"
expect_line "macs: 1814073344"
expect_err "bksef:$twins/resnet18-op13-folded.onnx: the exporter may have folded BatchNorm into the convolutions; parameters are those of the exported graph"
# vgg16 has real conv biases and no BatchNorm: the note says "may"
run --summary "$twins/vgg16-op13.onnx"
expect_line "params: 138357544"
expect_err "may have folded BatchNorm"

# every mode on a model
for mode in --layers --batch --plan --sweep --frontier; do
	run $mode "$twins/mobilenet_v3_large-op17.onnx"
	expect_rc 0
	[ -s "$tmp/out" ] || fail "$what: no output"
done
printf ':dump first\n' >dump.keys
run --keys dump.keys --dump screen.txt "$twins/resnet18-op17.onnx"
expect_rc 0
grep -q 'bksef resnet18-op17 .* 69 layers, 20 convs, 17 tunable' screen.txt || fail "$what: the explorer does not show the model's name"
finish
