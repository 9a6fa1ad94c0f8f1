# src/local.mk -- the core library, the front ends and the bksef program.

# The core: no curses, no printing.  The program and the unit tests link it.
noinst_LIBRARIES += src/core/libbksefcore.a
src_core_libbksefcore_a_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
src_core_libbksefcore_a_SOURCES = \
	src/core/diag.c src/core/diag.h \
	src/core/escape.c src/core/escape.h src/core/escape_cf.h \
	src/core/cand.c src/core/cand.h \
	src/core/kernel.c src/core/kernel.h \
	src/core/cand_table.c src/core/cand_table.h \
	src/core/cost.c src/core/cost.h \
	src/core/hash.c src/core/hash.h \
	src/core/net.c src/core/net.h \
	src/core/net_load.c \
	src/core/net_infer.c \
	src/core/rf.c src/core/rf.h \
	src/core/safe_file.c src/core/safe_file.h \
	src/core/csvout.c src/core/csvout.h \
	src/core/decimal.c src/core/decimal.h \
	src/core/shortest.c src/core/shortest.h src/core/shortest_table.h \
	src/core/net_impl.h \
	src/core/parse.c src/core/parse.h \
	src/core/score.c src/core/score.h \
	src/core/plan.c src/core/plan.h \
	src/core/plan_read.c src/core/plan_read.h \
	src/core/plan_compare.c src/core/plan_compare.h \
	src/core/sweep.c src/core/sweep.h \
	src/core/best.c src/core/best.h \
	src/core/request.c src/core/request.h \
	src/core/session.c src/core/session.h \
	src/core/export.c src/core/export.h \
	src/core/onnx.c src/core/onnx.h \
	src/core/csvin.c src/core/csvin.h \
	src/core/device.c src/core/device.h \
	src/core/latency_table.c src/core/latency_table.h \
	src/core/onnx_map.c src/core/onnx_map.h \
	src/core/progress.c src/core/progress.h

CORE_LIBS = src/core/libbksefcore.a $(GSL_LIBS) $(CSV_LIBS) -lm

bin_PROGRAMS += src/bksef
src_bksef_SOURCES = src/main.c src/options.h src/options.c \
	src/tui/tui.h \
	src/cli/cli.h src/cli/summary.c src/cli/layers.c src/cli/netfind.c src/cli/plan_report.c src/cli/compare.c src/cli/diff.c \
	src/cli/batch.c
src_bksef_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
src_bksef_LDADD = $(CORE_LIBS) $(NCURSES_LIBS)
include src/tui/local.mk

# The generator of src/core/escape_cf.h (run by hand for a newer Unicode).
EXTRA_DIST += src/core/gen-escape-cf.py
# The generator of src/core/shortest_table.h (Ryu's powers of five).
EXTRA_DIST += src/core/gen-shortest-table.py
