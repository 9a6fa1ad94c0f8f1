#!/bin/sh
# gen-seeds-plan.sh -- write the seeds of fuzz_plan (tests/fuzz/seeds-plan/):
# plan CSVs of bksef --batch on fuzz_plan.c's fixed network (its text is
# cut out of the harness), under several requests.
# Usage: tests/fuzz/gen-seeds-plan.sh BKSEF   (run from the source tree)
set -eu
bksef=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
sh "$here/plan-net.sh" "$here/fuzz_plan.c" >"$tmp/plan-net.csv"
out=$here/seeds-plan
mkdir -p "$out"
"$bksef" --batch -o "$out/default.csv" "$tmp/plan-net.csv"
"$bksef" --batch --lambda3 0.9 --scope layer --cost paper -o "$out/params.csv" "$tmp/plan-net.csv"
"$bksef" --batch --pin a=1x5 --pin 'c, d=3' -o "$out/pins.csv" "$tmp/plan-net.csv"
"$bksef" --batch --budget 60% -o "$out/budget.csv" "$tmp/plan-net.csv" 2>/dev/null
"$bksef" --batch --budget 80% --budget-on params --solver lambda --baseline 3 \
	-o "$out/lambda.csv" "$tmp/plan-net.csv" 2>/dev/null
