# tests/local.mk -- `make check`: unit tests (cmocka) and shell tests.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	BKSEF='$(abs_top_builddir)/src/bksef'; export BKSEF; \
	BKSEF_DATADIR='$(abs_top_srcdir)/data'; export BKSEF_DATADIR; \
	srcdir='$(abs_top_srcdir)'; export srcdir; \
	builddir='$(abs_top_builddir)'; export builddir;
include tests/unit/local.mk
include tests/cli/local.mk
include tests/tui/local.mk
include tests/bad/local.mk
include tests/fuzz/local.mk
include tests/bench/local.mk
