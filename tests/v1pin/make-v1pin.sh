#!/bin/sh
# tests/v1pin/make-v1pin.sh -- write what tests/cli/v1-pin.sh compares
# against: --summary, --layers, --plan, --batch and --export-network of every
# format-v1 network in tests/data and tests/v1pin, into tests/v1pin.  Made
# with the bksef of commit c852431, the last before format v2, so that v1
# files keep giving byte-identical output:
#   git worktree add /tmp/pre-v2 c852431 && (cd /tmp/pre-v2 && ./quickstart --version)
#   BKSEF=/tmp/pre-v2/src/bksef sh tests/v1pin/make-v1pin.sh
set -e
cd "$(dirname "$0")"
: "${BKSEF:=../../src/bksef}"
for f in ../data/*.csv ./*.csv; do
	n=$(basename "$f" .csv)
	dir=$(dirname "$f")
	(cd "$dir" && "$BKSEF" --summary "./$n.csv") >"$n.summary"
	(cd "$dir" && "$BKSEF" --layers "./$n.csv") >"$n.layers"
	(cd "$dir" && "$BKSEF" --plan "./$n.csv") >"$n.plan"
	(cd "$dir" && "$BKSEF" --batch -o "$OLDPWD/$n.batch" --export-network "$OLDPWD/$n.export" "./$n.csv")
done
