# tests/fuzz/local.mk -- fuzzing.  `make check` runs regress.sh: every seed
# and regression input through bksef, which must exit 0, 1 or 2 and never die
# by a signal.  `make fuzz` builds the libFuzzer harnesses with clang and runs
# each for FUZZ_SECONDS (see tests/fuzz/run-fuzz.sh); it is not part of check.
TESTS += tests/fuzz/regress.sh
EXTRA_DIST += \
	tests/fuzz/regress.sh \
	tests/fuzz/run-fuzz.sh \
	tests/fuzz/fuzzlib.h \
	tests/fuzz/fuzz_load.c \
	tests/fuzz/fuzz_options.c \
	tests/fuzz/load.dict \
	tests/fuzz/options.dict \
	tests/fuzz/known.ignorelist \
	tests/fuzz/seeds-load \
	tests/fuzz/seeds-options \
	tests/fuzz/seeds-keys \
	tests/fuzz/fuzz_keys.c \
	tests/fuzz/fuzz_onnx.c \
	tests/fuzz/onnx.dict \
	tests/fuzz/fuzz_plan.c \
	tests/fuzz/plan.dict \
	tests/fuzz/seeds-plan \
	tests/fuzz/gen-seeds-plan.sh \
	tests/fuzz/plan-net.sh \
	tests/fuzz/regress

FUZZ_SECONDS = 60
# FUZZ_BUILDDIR (where harnesses, corpora and crash inputs go) defaults to a
# new folder under /tmp; the script prints it.
fuzz:
	BKSEF_BUILDDIR='$(abs_top_builddir)' $(SHELL) '$(abs_top_srcdir)/tests/fuzz/run-fuzz.sh' \
	  '$(FUZZ_SECONDS)'
.PHONY: fuzz

# tests/fuzz/regress is a folder of inputs: keep make's built-in `%: %.sh'
# rule from "building" it from regress.sh when the script is newer.
tests/fuzz/regress: ;
