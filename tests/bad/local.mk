# tests/bad/local.mk -- the bad-input corpus: malformed networks and option
# sets (cases.txt), the big and binary ones written at test time by
# gen-bad.sh, all run by run-bad.sh under a memory and a time bound.
TESTS += tests/bad/run-bad.sh
EXTRA_DIST += \
	tests/bad/run-bad.sh \
	tests/bad/gen-bad.sh \
	tests/bad/cases.txt \
	tests/bad/files
