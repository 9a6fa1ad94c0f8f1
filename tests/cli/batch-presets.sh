#!/bin/sh
# batch-presets.sh -- options given explicitly override a preset, whatever
# their order on the command line; the preset fills in the rest.
# paper: l 0.45/0.45/0.10, gamma 0.35, beta 0.75, layer scope, paper cost;
# edge: l 0.35/0.40/0.25, otherwise as paper.
# On paper-cifar10-cnn with the paper preset the plan changes at lambda3 =
# 0.4805 (stage 3: 5 -> 3), 0.5636 (stages 1-2: 7 -> 5), 1.4046 (5 -> 3) and
# 1.7390 (stage 3: 3 -> 1) (worked out in tests/unit/test_sweep.c), so
# lambda3 0.5 gives 7,7,7,7,3,3 and 1.5 gives 3,3,3,3,3,3.
set -u
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-batch-presets.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
failed=0

# expect "KERNELS" "l1 l2 l3 gamma beta scope cost" ARG...
expect() {
	kernels=$1
	params=$2
	shift 2
	if ! "$BKSEF" --batch "$@" paper-cifar10-cnn >"$tmp/plan.csv" 2>"$tmp/err"; then
		echo "FAIL: $*: $(cat "$tmp/err")"
		failed=1
		return
	fi
	got=$(python3 - "$tmp/plan.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline='') as f:
    d = list(csv.DictReader(f))
print(','.join(r['k_plan'] for r in d))
keys = ['lambda1', 'lambda2', 'lambda3', 'gamma', 'beta', 'scope', 'cost']
vals = {tuple(r[k] for k in keys) for r in d}
assert len(vals) == 1
print(' '.join(vals.pop()))
PY
	)
	want="$kernels
$params"
	if [ "$got" != "$want" ]; then
		echo "FAIL: $*: got"
		echo "$got"
		echo "want"
		echo "$want"
		failed=1
	fi
}

expect 7,7,7,7,5,5 "0.45 0.45 0.1 0.35 0.75 layer paper" --preset paper
expect 7,7,7,7,3,3 "0.45 0.45 0.5 0.35 0.75 layer paper" --preset paper --lambda3 0.5
expect 7,7,7,7,3,3 "0.45 0.45 0.5 0.35 0.75 layer paper" --lambda3 0.5 --preset paper
expect 3,3,3,3,3,3 "0.45 0.45 1.5 0.35 0.75 layer paper" --lambda3 1.5 --preset paper
expect 3,3,3,3,3,3 "0.45 0.45 1.5 0.35 0.75 layer paper" --preset paper --lambda3 1.5
# scope and cost
for order in before after; do
	if [ $order = before ]; then
		set -- --scope network --cost macs --gamma 0.41 --beta 0.83 --lambda1 0.37 \
			--lambda2 0.52 --preset edge
	else
		set -- --preset edge --scope network --cost macs --gamma 0.41 --beta 0.83 \
			--lambda1 0.37 --lambda2 0.52
	fi
	"$BKSEF" --batch "$@" paper-cifar10-cnn >"$tmp/$order.csv" 2>"$tmp/err" || {
		echo "FAIL: $*: $(cat "$tmp/err")"
		failed=1
	}
	python3 - "$tmp/$order.csv" <<'PY' || { echo "FAIL: $order: parameters"; failed=1; }
import csv, sys
with open(sys.argv[1], newline='') as f:
    for r in csv.DictReader(f):
        assert (r['lambda1'], r['lambda2'], r['lambda3'], r['gamma'], r['beta'],
                r['scope'], r['cost']) == ('0.37', '0.52', '0.25', '0.41', '0.83',
                                           'network', 'macs'), r
PY
done
cmp -s "$tmp/before.csv" "$tmp/after.csv" || {
	echo "FAIL: the order of a preset and explicit options matters"
	failed=1
}
# The same explicit values with and without a preset give the same file.
"$BKSEF" --batch --lambda1 0.35 --lambda2 0.4 --lambda3 0.25 --scope layer --cost paper \
	paper-cifar10-cnn >"$tmp/explicit.csv" 2>"$tmp/err" || failed=1
"$BKSEF" --batch --preset edge paper-cifar10-cnn >"$tmp/edge.csv" 2>"$tmp/err" || failed=1
cmp -s "$tmp/explicit.csv" "$tmp/edge.csv" || {
	echo "FAIL: --preset edge is not its values"
	failed=1
}
exit $failed
