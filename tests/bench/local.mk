# tests/bench/local.mk -- the benchmark suite (not a test: figures are printed,
# not asserted).  `make bench` writes synthetic networks of 1,000 to 1,000,000
# convs into $(BENCH_DIR) and times the core on them and on resnet50, and
# the ONNX reader on a 553 MB vgg16-shaped model (`make bench-onnx` alone);
# `make bench-smoke` runs the smallest sizes briefly (for CI).  `make bench`
# also times whole bksef processes (--bksef) and runs bench-best (issue 12's
# best-plan figures), so that it prints every figure issue 17 names;
# tests/bench/vs-v0.1.0.sh sets this build against v0.1.0's.  Times are CPU
# time: the machines are shared.
noinst_PROGRAMS += tests/bench/gen-net tests/bench/bench
tests_bench_gen_net_SOURCES = tests/bench/gen-net.c
tests_bench_gen_net_LDADD = $(CORE_LIBS)
tests_bench_bench_SOURCES = tests/bench/bench.c tests/bench/benchlib.c tests/bench/benchlib.h \
	tests/unit/flood.c tests/unit/flood.h
tests_bench_bench_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_bench_bench_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tests_bench_bench_LDADD = $(CORE_LIBS)

# The best plan under a budget (best.h): its own program, `make bench-best`.
noinst_PROGRAMS += tests/bench/bench_best
tests_bench_bench_best_SOURCES = tests/bench/bench_best.c tests/bench/benchlib.c tests/bench/benchlib.h
tests_bench_bench_best_LDADD = $(CORE_LIBS)

# The ONNX reader (onnx.h): gen-onnx writes a vgg16-shaped model (528 MiB of
# zero weights in raw_data), bench_onnx times reading it and measures the
# peak RSS of a process that does.
noinst_PROGRAMS += tests/bench/gen-onnx tests/bench/bench_onnx
tests_bench_gen_onnx_SOURCES = tests/bench/gen-onnx.c
tests_bench_bench_onnx_SOURCES = tests/bench/bench_onnx.c
tests_bench_bench_onnx_LDADD = $(CORE_LIBS)

# The explorer's sorted table on top of a slider step (issue 18's 1 ms at
# 10,000 convs): `make bench-table`.
noinst_PROGRAMS += tests/bench/bench_table
tests_bench_bench_table_SOURCES = tests/bench/bench_table.c \
	src/tui/rows.c src/tui/rows.h src/tui/state.c src/tui/state.h \
	src/tui/text.c src/tui/text.h src/tui/fmt.c src/tui/fmt.h \
	src/options.c src/options.h
tests_bench_bench_table_LDADD = $(CORE_LIBS)

# The explorer on big networks (issue 17 §4): slider steps, held keys and
# the progress sink, through its curses-free model.
noinst_PROGRAMS += tests/bench/bench_explorer
tests_bench_bench_explorer_SOURCES = tests/bench/bench_explorer.c tests/bench/benchlib.c \
	tests/bench/benchlib.h src/tui/state.c src/tui/state.h src/options.c src/options.h
tests_bench_bench_explorer_LDADD = $(CORE_LIBS)

BENCH_DIR = /tmp/bksef-bench
BENCH_SIZES = 1000 10000 100000 1000000
BENCH_SEED = 1
BENCH_FLAGS =
BENCH_CSV = $(BENCH_DIR)/bench.csv

# Each network is generated afresh, so a changed generator never meets a stale
# file.  Besides the sizes, a 100,000-conv network whose blocks' inner widths
# vary (gen-net --widths varied: 2,797 distinct score rows against the
# default's 10), so that no figure rests on rows repeating.  BENCH_FLAGS passes options to bench (see tests/bench/bench.c).
bench: tests/bench/gen-net$(EXEEXT) tests/bench/bench$(EXEEXT) tests/bench/bench_explorer$(EXEEXT) \
	  src/bksef$(EXEEXT) bench-onnx bench-best
	@mkdir -p '$(BENCH_DIR)'
	@set -e; nets=; for n in $(BENCH_SIZES); do \
	  f='$(BENCH_DIR)'/synth-$$n.csv; \
	  echo "gen-net --convs $$n --seed $(BENCH_SEED) -o $$f"; \
	  tests/bench/gen-net --convs $$n --seed $(BENCH_SEED) -o "$$f"; \
	  nets="$$nets $$f"; \
	done; \
	echo "gen-net --convs 100000 --seed $(BENCH_SEED) --widths varied -o $(BENCH_DIR)/varied-100000.csv"; \
	tests/bench/gen-net --convs 100000 --seed $(BENCH_SEED) --widths varied \
	  -o '$(BENCH_DIR)/varied-100000.csv'; \
	tests/bench/bench --csv '$(BENCH_CSV)' --bksef src/bksef$(EXEEXT) $(BENCH_FLAGS) \
	  '$(top_srcdir)/data/resnet50.csv' $$nets '$(BENCH_DIR)/varied-100000.csv'; \
	ex=; for f in $$nets; do case $$f in *-10000.csv | *-1000000.csv) ex="$$ex $$f";; esac; done; \
	if [ -n "$$ex" ]; then tests/bench/bench_explorer $$ex; fi

# The ONNX reader on the vgg16-shaped model (the issue's targets: <= 0.2 s
# and <= 64 MiB peak RSS), mapped and streamed.  The model is written afresh
# and removed afterwards (528 MiB).
bench-onnx: tests/bench/gen-onnx$(EXEEXT) tests/bench/bench_onnx$(EXEEXT)
	@mkdir -p '$(BENCH_DIR)'
	tests/bench/gen-onnx -o '$(BENCH_DIR)/vgg16.onnx'
	tests/bench/bench_onnx --stream '$(BENCH_DIR)/vgg16.onnx'
	rm -f '$(BENCH_DIR)/vgg16.onnx'

bench-smoke: tests/bench/gen-net$(EXEEXT) tests/bench/bench$(EXEEXT) \
	  tests/bench/gen-onnx$(EXEEXT) tests/bench/bench_onnx$(EXEEXT)
	@mkdir -p '$(BENCH_DIR)'
	tests/bench/gen-net --convs 1000 --seed $(BENCH_SEED) -o '$(BENCH_DIR)/smoke-1000.csv'
	tests/bench/bench --time 0.2 --max-reps 5 --steps 1000 --csv '$(BENCH_DIR)/smoke.csv' \
	  $(BENCH_FLAGS) '$(top_srcdir)/data/resnet50.csv' '$(BENCH_DIR)/smoke-1000.csv'
	tests/bench/gen-onnx --width-div 8 -o '$(BENCH_DIR)/smoke-vgg16-div8.onnx'
	tests/bench/bench_onnx --reps 3 --stream '$(BENCH_DIR)/smoke-vgg16-div8.onnx'

# The bundled networks at 30, 50 and 70% of their loaded MACs, then synthetic
# networks of 1,000 and 100,000 convs at ten budgets (issue 12's targets).
BEST_BUDGETS = 25,30,35,40,45,50,55,60,65,70
bench-best: tests/bench/gen-net$(EXEEXT) tests/bench/bench_best$(EXEEXT)
	@mkdir -p '$(BENCH_DIR)'
	tests/bench/gen-net --convs 1000 --seed $(BENCH_SEED) -o '$(BENCH_DIR)/synth-1000.csv'
	tests/bench/gen-net --convs 100000 --seed $(BENCH_SEED) -o '$(BENCH_DIR)/synth-100000.csv'
	tests/bench/bench_best --budgets 30,50,70 --frontier $(BENCH_FLAGS) $(top_srcdir)/data/*.csv
	tests/bench/bench_best --budgets $(BEST_BUDGETS) --frontier $(BENCH_FLAGS) \
	  '$(BENCH_DIR)/synth-1000.csv' '$(BENCH_DIR)/synth-100000.csv'

bench-table: tests/bench/gen-net$(EXEEXT) tests/bench/bench_table$(EXEEXT)
	@mkdir -p '$(BENCH_DIR)'
	tests/bench/gen-net --convs 10000 --seed $(BENCH_SEED) -o '$(BENCH_DIR)/synth-10000.csv'
	tests/bench/bench_table $(BENCH_FLAGS) '$(top_srcdir)/data/resnet50.csv' \
	  '$(BENCH_DIR)/synth-10000.csv'

EXTRA_DIST += tests/bench/vs-v0.1.0.sh

.PHONY: bench bench-smoke bench-best bench-onnx bench-table
