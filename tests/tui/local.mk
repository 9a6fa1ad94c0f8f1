# tests/tui/local.mk -- the explorer's tests: scripted screens diffed with
# the expected text, exports against --batch, a random key storm, terminal
# handling (TERM, tmux, signals), the key table against the manual, and the
# curses-free model (formatting, steps, rescoring, undo, pins, budget).
TUI_SCREENS = \
	tests/tui/screens/start \
	tests/tui/screens/start-utf8 \
	tests/tui/screens/slider \
	tests/tui/screens/scope \
	tests/tui/screens/budget \
	tests/tui/screens/pin \
	tests/tui/screens/export \
	tests/tui/screens/help \
	tests/tui/screens/small \
	tests/tui/screens/plots \
	tests/tui/screens/plots-utf8 \
	tests/tui/screens/detail \
	tests/tui/screens/extreme \
	tests/tui/screens/mouse \
	tests/tui/screens/search \
	tests/tui/screens/params \
	tests/tui/screens/wide \
	tests/tui/screens/frontier \
	tests/tui/screens/unpin-all \
	tests/tui/screens/rf-suffix \
	tests/tui/screens/header \
	tests/tui/screens/baseline \
	tests/tui/screens/roundtrip \
	tests/tui/screens/budget-best \
	tests/tui/screens/detail-tie \
	tests/tui/screens/marks \
	tests/tui/screens/formats \
	tests/tui/screens/format2-axes \
	tests/tui/screens/format2-global \
	tests/tui/screens/format2-columns \
	tests/tui/screens/format2-mixed \
	tests/tui/screens/format2-runaxes \
	tests/tui/screens/rank3 \
	tests/tui/screens/latency \
	tests/tui/screens/latency-ds \
	tests/tui/screens/sort \
	tests/tui/screens/filter \
	tests/tui/screens/teach \
	tests/tui/screens/hscroll \
	tests/tui/screens/beside \
	tests/tui/screens/groups \
	tests/tui/screens/sweep-view \
	tests/tui/screens/open \
	tests/tui/screens/open-onnx \
	tests/tui/screens/changed \
	tests/tui/screens/reload-bundled \
	tests/tui/screens/compare \
	tests/tui/screens/load-pins \
	tests/tui/screens/pins-from \
	tests/tui/screens/open-forgets-mark \
	tests/tui/screens/rows \
	tests/tui/screens/prompt-edit \
	tests/tui/screens/prompt-history

TESTS += \
	tests/tui/screens.sh \
	tests/tui/export.sh \
	tests/tui/storm.sh \
	tests/tui/term.sh \
	tests/tui/tmux.sh \
	tests/tui/keys-man.sh \
	tests/tui/view-switch.sh \
	tests/tui/prompt-files.sh \
	tests/tui/progress.sh
EXTRA_DIST += \
	tests/tui/lib.sh \
	tests/tui/screens.sh \
	tests/tui/export.sh \
	tests/tui/storm.sh \
	tests/tui/term.sh \
	tests/tui/tmux.sh \
	tests/tui/keys-man.sh \
	tests/tui/view-switch.sh \
	tests/tui/prompt-files.sh \
	tests/tui/progress.sh \
	tests/tui/step-cost.sh \
	tests/tui/data/huge-rf.csv \
	tests/tui/data/marks.csv \
	tests/tui/data/axes-mixed.csv \
	tests/tui/data/groups.csv \
	$(TUI_SCREENS:=.keys) \
	$(TUI_SCREENS:=.screen)

# Helpers the shell tests run.
check_PROGRAMS += tests/tui/keystorm tests/tui/keytable
tests_tui_keystorm_SOURCES = tests/tui/keystorm.c
tests_tui_keytable_SOURCES = tests/tui/keytable.c src/tui/keys.c src/tui/keys.h
tests_tui_keytable_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)

if HAVE_CMOCKA
check_PROGRAMS += tests/tui/test_model
TESTS += tests/tui/test_model
tests_tui_test_model_SOURCES = tests/tui/test_model.c \
	src/tui/state.c src/tui/state.h src/tui/fmt.c src/tui/fmt.h \
	src/options.c src/options.h
tests_tui_test_model_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_tui_test_model_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

# The table's rows: the partial sort against a full one, filters, marks.
check_PROGRAMS += tests/tui/test_rows
TESTS += tests/tui/test_rows
tests_tui_test_rows_SOURCES = tests/tui/test_rows.c \
	src/tui/rows.c src/tui/rows.h src/tui/state.c src/tui/state.h \
	src/tui/text.c src/tui/text.h src/tui/fmt.c src/tui/fmt.h \
	src/options.c src/options.h
tests_tui_test_rows_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_tui_test_rows_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/tui/test_lineedit
TESTS += tests/tui/test_lineedit
tests_tui_test_lineedit_SOURCES = tests/tui/test_lineedit.c \
	src/tui/lineedit.c src/tui/lineedit.h src/tui/filename.c src/tui/filename.h \
	src/tui/text.c src/tui/text.h
tests_tui_test_lineedit_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_tui_test_lineedit_LDADD = $(CMOCKA_LIBS)
endif

# `make tui-step-cost`: CPU time of one slider step (rescore and redraw) on
# resnet50 and a 10,000-conv network, through the scripted mode.
tui-step-cost: src/bksef tests/bench/gen-net$(EXEEXT)
	BKSEF='$(abs_top_builddir)/src/bksef' GEN_NET='$(abs_top_builddir)/tests/bench/gen-net' \
	  srcdir='$(abs_top_srcdir)' $(SHELL) '$(top_srcdir)/tests/tui/step-cost.sh'
.PHONY: tui-step-cost
