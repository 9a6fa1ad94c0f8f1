# tests/bad-plan/local.mk -- the bad-input corpus of the plan CSV reader
# (bksef --diff, --pins-from): cases.txt and files/ (written by
# gen-bad-plan.py), run by run-bad-plan.sh.
TESTS += tests/bad-plan/run-bad-plan.sh
EXTRA_DIST += \
	tests/bad-plan/run-bad-plan.sh \
	tests/bad-plan/gen-bad-plan.py \
	tests/bad-plan/cases.txt \
	tests/bad-plan/files
