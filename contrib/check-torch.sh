#!/bin/bash
# check-torch.sh -- build every bundled network (data/*.csv) in torch with
# contrib/bksef_torch.py, as loaded and with the plan of
# `bksef --batch --reduce 30%`, check each against bksef's own counts
# (--check: every layer's shape, MACs and parameters, and the totals), and
# round-trip it through ONNX: `bksef OUT.onnx --summary` must give the
# network's (or the plan's) parameters, MACs and receptive field.
#
# The networks of tests/data that bksef accepts are checked as loaded.
#
# Usage: contrib/check-torch.sh [BKSEF]   (default: $BKSEF, else ./src/bksef)
# Needs a python3 with torch (Debian: python3-torch; the ONNX export needs no
# more): $PYTHON if set, else the first of python3 and /usr/bin/python3 that
# imports torch (a pyenv python3 ahead of Debian's has no python3-torch);
# `make check` does not run it.  Exit status 1 on any failure; the last line
# says how many of how many passed.
set -u
bksef=${1:-${BKSEF:-$(dirname "$0")/../src/bksef}}
case $bksef in */*) bksef=$(realpath "$bksef") ;; esac
cd "$(dirname "$0")/.." || exit 1
[ -x "$bksef" ] || { echo "check-torch.sh: no bksef at $bksef (build it, or give its path)" >&2; exit 1; }
py=
for p in ${PYTHON:-python3 /usr/bin/python3}; do
	if "$p" -c 'import torch' >/dev/null 2>&1; then
		py=$(command -v "$p")
		break
	fi
done
[ -n "$py" ] || { echo "check-torch.sh: no python3 here imports torch (Debian: apt-get install python3-torch)" >&2; exit 1; }
# every python3 below is that one (py is a path: no recursion)
python3() { "$py" "$@"; }
tmp=$(mktemp -d /tmp/check-torch.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# summary_line FILE KEY: the plain value of KEY in `bksef --summary FILE`.
summary_line() { "$bksef" --summary "$1" 2>/dev/null | sed -n "s/^$2: \([^ ]*\).*/\1/p" | head -n 1; }

# plan_totals PLAN: the plan's parameters, MACs and receptive field.
plan_totals() {
	python3 -c 'import csv, sys
r = next(csv.DictReader(open(sys.argv[1], newline="")))
print(r["total_params_plan"], r["total_macs_plan"], r["total_rf_plan"])' "$1"
}

# compare LABEL ONNX PARAMS MACS RF: the ONNX model's totals against these.
compare() {
	local label=$1 onnx=$2 want="params $3 macs $4 rf $5" got
	got="params $(summary_line "$onnx" params) macs $(summary_line "$onnx" macs) rf $(summary_line "$onnx" rf)"
	[ "$got" = "$want" ] && return 0
	echo "check-torch.sh: $label: bksef --summary of its ONNX export gives $got, want $want" >&2
	return 1
}

# case LABEL NET [BKSEF --batch OPTIONS]: build NET (with the plan of those
# options, when given), check it, export it and compare the ONNX totals.
case_() {
	local label=$1 net=$2 onnx=$tmp/case.onnx plan=$tmp/plan.csv want=
	shift 2
	rm -f "$onnx" "$plan"
	if [ $# -eq 0 ]; then
		python3 contrib/bksef_torch.py --bksef "$bksef" "$net" --check --onnx "$onnx" \
			>"$tmp/out" 2>&1 &&
			want="$(summary_line "$net" params) $(summary_line "$net" macs) $(summary_line "$net" rf)"
	else
		"$bksef" --batch "$@" -o "$plan" "$net" >"$tmp/out" 2>&1 &&
			python3 contrib/bksef_torch.py --bksef "$bksef" "$net" --plan "$plan" --check \
				--onnx "$onnx" >"$tmp/out" 2>&1 &&
			want=$(plan_totals "$plan")
	fi
	# shellcheck disable=SC2086 # want is three numbers
	if [ -n "$want" ] && compare "$label" "$onnx" $want; then
		pass=$((pass + 1))
		echo "ok   $label"
	else
		fail=$((fail + 1))
		echo "FAIL $label"
		sed 's/^/     /' "$tmp/out"
	fi
}

for net in data/*.csv; do
	name=$(basename "$net" .csv)
	case_ "$name" "$net"
	# The plan of --reduce 30%; where no plan reaches it (most MACs in
	# convolutions that are not tuned, such as MobileNet's 1x1s), the
	# cheapest plan, at the budget bksef says it needs.
	cheapest=$("$bksef" --batch --reduce 30% -o /dev/null "$net" 2>&1 >/dev/null |
		sed -n 's/.*cannot be met: the cheapest plan .* needs \([0-9]*\) MACs$/\1/p')
	if [ -z "$cheapest" ]; then
		case_ "$name --reduce 30%" "$net" --reduce 30%
	else
		case_ "$name --budget $cheapest (the cheapest plan; 30% cannot be met)" "$net" \
			--budget "$cheapest"
	fi
done
# The test networks bksef accepts, as loaded: ceil-mode pools, per-axis
# values, 1-D and 3-D, upsampling to a size, quoted names and the like.
for net in tests/data/*.csv; do
	"$bksef" --summary "$net" >/dev/null 2>&1 || continue
	case_ "$net" "$net"
done
# A plan that realises convolutions depthwise-separable (rows NAME.dw, NAME).
case_ "paper-cifar10-cnn --preset edge-ds --reduce 30%" data/paper-cifar10-cnn.csv \
	--preset edge-ds --reduce 30%
case_ "resnet18 --preset edge-ds --reduce 30%" data/resnet18.csv --preset edge-ds --reduce 30%

# The check can fail: a model that differs from the file (a padding changed,
# a parameter added) must be reported layer by layer; a file bksef rejects
# must give bksef's own one-line message and status 1, not a traceback.
if python3 - "$bksef" >"$tmp/out" 2>&1 <<'EOF'; then
import sys
sys.path.insert(0, "contrib")
import bksef_torch as b
import torch
net = "data/paper-cifar10-cnn.csv"
m = b.build(net, bksef=sys.argv[1])
m.layers[3].body[0].padding = (0, 0)  # stage1.1.conv: 32x32 -> 30x30
m.layers[4].body[0].extra = torch.nn.Parameter(torch.ones(3))  # stage1.1.bn: 128 + 3
errs, _ = b.check(m, b.bksef_layers(sys.argv[1], net), b.bksef_summary(sys.argv[1], net), net)
want = [net + ": layer 'stage1.1.conv': output shape 64x30x30, bksef says 64x32x32",
        net + ": layer 'stage1.1.bn': 131 parameters, bksef says 128",
        net + ": total params 1148877, bksef --summary says 1148874"]
missing = [w for w in want if w not in errs]
print("\n".join(missing) or "ok")
sys.exit(1 if missing else 0)
EOF
	pass=$((pass + 1))
	echo "ok   a model that differs from its file fails the check"
else
	fail=$((fail + 1))
	echo "FAIL a model that differs from its file fails the check"
	sed 's/^/     /' "$tmp/out"
fi
printf 'name,op,out,h,w,k,pad\nin,input,3,8,8,,\nc,conv,4,,,11,0\n' >"$tmp/bad.csv"
python3 contrib/bksef_torch.py --bksef "$bksef" "$tmp/bad.csv" --check >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
	grep -q "^bksef:$tmp/bad.csv:3: layer 'c': output size would be 0x0" "$tmp/err"; then
	pass=$((pass + 1))
	echo "ok   a file bksef rejects gives bksef's message"
else
	fail=$((fail + 1))
	echo "FAIL a file bksef rejects gives bksef's message (status $rc)"
	sed 's/^/     /' "$tmp/out" "$tmp/err"
fi
echo "check-torch.sh: $pass of $((pass + fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
