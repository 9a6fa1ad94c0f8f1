#!/bin/sh
# tests/golden/make-golden.sh -- write the outputs that tests/cli/golden.sh
# compares against: --summary, --layers, --batch and --sweep of every
# bundled network.  They were made with bksef 0.1.0 (commit 3b2b356), the last
# release before the session core, so that the test pins today's numbers:
#   git worktree add /tmp/v010 3b2b356 && (cd /tmp/v010 && ./quickstart --version)
#   BKSEF=/tmp/v010/src/bksef sh tests/golden/make-golden.sh
# The plan CSV of later releases has more columns after `cost`; the test
# compares the columns this one has.
set -e
cd "$(dirname "$0")/../.."
: "${BKSEF:=./src/bksef}"
out=tests/golden
for net in $(BKSEF_DATADIR=data "$BKSEF" --list | awk '{print $1}'); do
	(cd data && "$BKSEF" --summary "./$net.csv") >"$out/$net.summary"
	for mode in layers batch sweep; do
		(cd data && "$BKSEF" --$mode "./$net.csv") >"$out/$net.$mode"
	done
done
