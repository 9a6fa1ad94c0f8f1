#!/bin/sh
# tests/cli/summary.sh -- `bksef --summary` prints its key lines (layers,
# tunable, params, macs, flops, rf, input) with the right values for every
# bundled network and for the small networks of tests/data.
. "$srcdir/tests/cli/lib.sh"

# Data rows of a network file: lines that are not comments, blank or the
# header (the bundled files have no quoted line breaks).
rows() {
	grep -v '^#' "$1" | grep -v '^[[:space:]]*$' | tail -n +2 | wc -l | tr -d ' '
}

# check NET FILE PARAMS MACS RF INPUT CONVS TUNABLE
check() {
	run --summary "$1"
	expect_rc 0
	expect_no_err
	expect_line "layers: $(rows "$2")"
	expect_line "convs: $7"
	expect_line "tunable: $8"
	expect_line "params: $3"
	expect_line "macs: $4"
	expect_line "flops: $(($4 * 2))"
	expect_line "rf: $5"
	expect_line "input: $6"
	for key in network file input layers convs tunable params macs flops rf; do
		[ "$(grep -c "^$key: " "$tmp/out")" = 1 ] || fail "$what: not one '$key:' line"
	done
}

d=$srcdir/data
# ../shared/reference-counts.md (torchvision at 3x224x224; the paper's
# CIFAR-10 CNN); convs and tunable (k >= 3) counted from the architectures
# as in tests/unit/test_golden.c, where the other totals are worked out.
check resnet18 "$d/resnet18.csv" 11689512 1814073344 435 3x224x224 20 17
check resnet50 "$d/resnet50.csv" 25557032 4089184256 427 3x224x224 53 17
check vgg16 "$d/vgg16.csv" 138357544 15470264320 212 3x224x224 13 13
check mobilenet_v2 "$d/mobilenet_v2.csv" 3504872 300774272 491 3x224x224 52 18
check alexnet "$d/alexnet.csv" 61100840 714188480 195 3x224x224 5 5
check paper-cifar10-cnn "$d/paper-cifar10-cnn.csv" 1148874 152766976 23 3x32x32 6 6
check paper-gtsrb-cnn "$d/paper-gtsrb-cnn.csv" 293003 86930816 23 3x48x48 6 6
check resnet18-cifar "$d/resnet18-cifar.csv" 11173962 555422720 109 3x32x32 20 17
check lenet5 "$d/lenet5.csv" 61706 416520 16 1x32x32 2 2

# tests/data: tiny.csv's totals are worked out in tests/unit/test_net.c;
# CRLF line ends and a byte order mark change nothing.
t=$srcdir/tests/data
for f in tiny tiny-crlf tiny-bom; do
	check "$t/$f.csv" "$t/tiny.csv" 2985 574592 31 3x37x53 4 3
	expect_line "network: $f"
done
# quoted-names.csv: 6 layers over 13 lines with quoted line breaks, so
# counted by hand (see tests/unit/test_net.c for the totals).
run --summary "$t/quoted-names.csv"
expect_rc 0
expect_line "layers: 6"
expect_line "params: 167"
expect_line "macs: 20604"
expect_line "flops: 41208"
expect_line "rf: 3"
expect_line "input: 2x11x13"

# A bare name and the name with .csv find the same bundled file.
run --summary vgg16.csv
expect_rc 0
expect_line "params: 138357544"

finish
