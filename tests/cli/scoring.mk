# tests/cli/scoring.mk -- shell tests of the scoring engine's command line:
# the paper check, the --reduce solver, CSV round trips, atomic -o, errors,
# presets, and the edges of the parameter and budget ranges.
SCORING_CLI_TESTS = \
	tests/cli/batch-paper.sh \
	tests/cli/batch-reduce.sh \
	tests/cli/batch-roundtrip.sh \
	tests/cli/batch-atomic.sh \
	tests/cli/batch-errors.sh \
	tests/cli/batch-presets.sh \
	tests/cli/budget-edges.sh \
	tests/cli/export-limits.sh \
	tests/cli/output-permissions.sh
TESTS += $(SCORING_CLI_TESTS)
EXTRA_DIST += $(SCORING_CLI_TESTS)
