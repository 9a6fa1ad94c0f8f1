# tests/cli/local.mk -- shell tests of the command line: exit statuses,
# --help and --version, --summary of every bundled network, --layers as
# CSV, standard input, write errors (said once; a closed pipe is SIGPIPE),
# bundled-name lookup and --list.
TESTS += \
	tests/cli/basics.sh \
	tests/cli/summary.sh \
	tests/cli/layers.sh \
	tests/cli/stdin.sh \
	tests/cli/write-errors.sh \
	tests/cli/stdout-errors.sh \
	tests/cli/lookup.sh \
	tests/cli/golden.sh \
	tests/cli/v1-pin.sh \
	tests/cli/torch-shapes.sh \
	tests/cli/format2.sh \
	tests/cli/rank.sh \
	tests/cli/upsample.sh \
	tests/cli/session.sh \
	tests/cli/best.sh \
	tests/cli/escaping.sh \
	tests/cli/latency.sh \
	tests/cli/realise.sh
EXTRA_DIST += \
	tests/cli/latency.sh \
	tests/cli/realise.sh \
	tests/data/realise/ds.csv \
	tests/data/realise/roofline-measured-ds.csv \
	tests/cli/lib.sh \
	tests/cli/basics.sh \
	tests/cli/summary.sh \
	tests/cli/layers.sh \
	tests/cli/stdin.sh \
	tests/cli/write-errors.sh \
	tests/cli/stdout-errors.sh \
	tests/cli/lookup.sh \
	tests/cli/golden.sh \
	tests/cli/session.sh \
	tests/cli/best.sh \
	tests/data/own-candidates.csv \
	tests/golden \
	tests/cli/v1-pin.sh \
	tests/v1pin \
	tests/cli/torch-shapes.sh \
	tests/cli/format2.sh \
	tests/data/v2-ops.csv \
	tests/cli/rank.sh \
	tests/data/rank1.csv \
	tests/data/rank3.csv \
	tests/cli/upsample.sh \
	tests/data/upsample.csv \
	tests/data/upsample-frac.csv \
	tests/cli/escaping.sh

include tests/cli/scoring.mk
