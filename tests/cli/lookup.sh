#!/bin/sh
# tests/cli/lookup.sh -- bundled networks by bare name ($BKSEF_DATADIR, the
# installed folder, the source tree), paths before names, and --list.
. "$srcdir/tests/cli/lib.sh"

names="alexnet audio_cnn1d convnext_tiny efficientnet_b0 fcn_resnet50 googlenet inception_v3 lenet5 mobilenet_v2 mobilenet_v3_large paper-cifar10-cnn paper-gtsrb-cnn r3d_18 resnet18 resnet18-cifar resnet50 shufflenet_v2_x1_0 squeezenet1_0 unet_small vgg16"

# --list: one line per bundled network, sorted, each the name and the
# first comment line of its file (of a format-2 file, the line after
# '#bksef-format 2').
run --list
expect_rc 0
expect_no_err
[ "$(wc -l <"$tmp/out" | tr -d ' ')" = 20 ] || fail "--list: $(wc -l <"$tmp/out") lines, expected 20"
[ "$(awk '{ print $1 }' "$tmp/out" | tr '\n' ' ')" = "$names " ] ||
	fail "--list names: $(awk '{ print $1 }' "$tmp/out" | tr '\n' ' ')"
grep -q 'bksef-format' "$tmp/out" && fail "--list shows the format line"
for n in $names; do
	desc=$(grep -v '^#bksef-format 2$' "$srcdir/data/$n.csv" | head -n 1 | sed 's/^# *//')
	line=$(grep "^$n " "$tmp/out")
	[ "$(echo "$line" | sed "s/^$n  *//")" = "$desc" ] || fail "--list: '$line', expected '$n  $desc'"
done

# Every name resolves, with or without .csv.
for n in $names; do
	run --summary "$n"
	expect_rc 0
	expect_line "network: $n"
	expect_line "file: $srcdir/data/$n.csv"
done
run --summary lenet5.csv
expect_rc 0
expect_line "network: lenet5"

# Without BKSEF_DATADIR the build tree's data folder is still found.
what="bksef --summary vgg16 (no BKSEF_DATADIR)"
env -u BKSEF_DATADIR "$BKSEF" --summary vgg16 >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc 0
expect_line "params: 138357544"

# BKSEF_DATADIR is searched first, and --list shows only its networks.
mkdir "$tmp/mine"
cp "$srcdir/tests/data/tiny.csv" "$tmp/mine/mynet.csv"
cp "$srcdir/tests/data/quoted-names.csv" "$tmp/mine/lenet5.csv"
cp "$srcdir/tests/data/tiny-bom.csv" "$tmp/mine/bommy.csv"
BKSEF_DATADIR=$tmp/mine
export BKSEF_DATADIR
run --summary mynet
expect_rc 0
expect_line "params: 2985"
run --summary lenet5
expect_rc 0
expect_line "params: 167"
run --summary vgg16
expect_rc 0
expect_line "params: 138357544"
run --list
expect_rc 0
[ "$(awk '{ print $1 }' "$tmp/out" | tr '\n' ' ')" = "bommy lenet5 mynet " ] ||
	fail "--list with BKSEF_DATADIR: $(cat "$tmp/out")"
grep -q '^mynet  *tiny.csv -- a small network with non-round sizes' "$tmp/out" ||
	fail "--list with BKSEF_DATADIR: no description for mynet"
# the byte order mark is not part of the description
grep -q '^bommy  *tiny-bom.csv -- tiny.csv after a UTF-8 byte order mark' "$tmp/out" ||
	fail "--list with BKSEF_DATADIR: no description for bommy (a file with a BOM)"
BKSEF_DATADIR=$srcdir/data

# A path (with a slash, or an existing file) is never a bundled name.
run --summary ./vgg16
expect_rc 1
expect_err "bksef:./vgg16: cannot open: No such file or directory"
cp "$srcdir/tests/data/tiny.csv" "$tmp/vgg16"
run --summary vgg16
expect_rc 0
expect_line "params: 2985"
rm "$tmp/vgg16"

# Unknown names.
for n in no-such-network resnet18x ""; do
	run --summary "$n"
	expect_rc 1
	expect_no_out
	expect_err "no such file or bundled network"
done

finish
