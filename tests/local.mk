# tests/local.mk -- `make check`: unit tests (cmocka) and shell tests.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
# BKSEF_RUN is what the shell tests run as bksef; check-valgrind swaps in a
# wrapper.  BKSEF_MEMCHECK tells tests that address-space limits (ulimit -v)
# would break the checker (sanitizers, valgrind) and must be left out.
BKSEF_RUN = $(abs_top_builddir)/src/bksef
if SANITIZERS
BKSEF_MEMCHECK = sanitizers
else
BKSEF_MEMCHECK =
endif
AM_TESTS_ENVIRONMENT = \
	BKSEF='$(BKSEF_RUN)'; export BKSEF; \
	BKSEF_MEMCHECK='$(BKSEF_MEMCHECK)'; export BKSEF_MEMCHECK; \
	BKSEF_DATADIR='$(abs_top_srcdir)/data'; export BKSEF_DATADIR; \
	srcdir='$(abs_top_srcdir)'; export srcdir; \
	builddir='$(abs_top_builddir)'; export builddir;
# What the bad-input runners share.
EXTRA_DIST += tests/lib/run-cases.sh
include tests/unit/local.mk
include tests/cli/local.mk
include tests/tui/local.mk
include tests/bad/local.mk
include tests/bad-onnx/local.mk
include tests/bad-plan/local.mk
include tests/fuzz/local.mk
include tests/alloc/local.mk
include tests/bench/local.mk

# check-valgrind: the shell tests (CLI, bad inputs, scripted explorer) with
# bksef under valgrind's memcheck.  Exit 99 marks a valgrind finding, which
# the tests' own exit-status checks then report as a failure.
VALGRIND_TESTS = $(filter tests/cli/%.sh tests/bad/%.sh tests/tui/%.sh,$(TESTS))
tests/valgrind-bksef: Makefile
	$(AM_V_GEN){ \
	  echo '#!/bin/sh'; \
	  echo 'exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --track-fds=no "$(abs_top_builddir)/src/bksef" "$$@"'; \
	} > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@
CLEANFILES += tests/valgrind-bksef
check-valgrind: src/bksef tests/valgrind-bksef
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(VALGRIND_TESTS)' \
	  BKSEF_RUN='$(abs_top_builddir)/tests/valgrind-bksef' BKSEF_MEMCHECK=valgrind
.PHONY: check-valgrind
