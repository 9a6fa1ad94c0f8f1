# tests/unit/local.mk -- cmocka unit tests, one program per core module:
# candidate sets, the name index's hash, the loader with shapes and costs,
# receptive fields, option values, the bundled networks against the
# reference counts, escaping text for a terminal, and the session core
# (kernel tokens, requests, sessions), small CSV tables and device profiles.
if HAVE_CMOCKA
# The helpers every unit test program links (tests/unit/testlib.h).
TESTLIB = tests/unit/testlib.c tests/unit/testlib.h

FOUNDATION_UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
FOUNDATION_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -DTEST_DATA_DIR='"$(abs_top_srcdir)/tests/data"'
FOUNDATION_UNIT_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

FOUNDATION_UNIT_TESTS = \
	tests/unit/test_cand \
	tests/unit/test_hash \
	tests/unit/test_net \
	tests/unit/test_format2 \
	tests/unit/test_rf \
	tests/unit/test_parse \
	tests/unit/test_golden \
	tests/unit/test_session \
	tests/unit/test_escape \
	tests/unit/test_shortest \
	tests/unit/test_decimal \
	tests/unit/test_best \
	tests/unit/test_progress \
	tests/unit/test_device \
	tests/unit/test_plan_read \
	tests/unit/test_plan_compare
check_PROGRAMS += $(FOUNDATION_UNIT_TESTS)
TESTS += $(FOUNDATION_UNIT_TESTS)

tests_unit_test_plan_read_SOURCES = tests/unit/test_plan_read.c $(TESTLIB)
tests_unit_test_plan_read_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_plan_read_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_plan_read_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_plan_compare_SOURCES = tests/unit/test_plan_compare.c $(TESTLIB)
tests_unit_test_plan_compare_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_plan_compare_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_plan_compare_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_device_SOURCES = tests/unit/test_device.c
tests_unit_test_device_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_device_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS) \
	-DDEVICE_DATA_DIR='"$(abs_top_srcdir)/data/devices"'
tests_unit_test_device_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_shortest_SOURCES = tests/unit/test_shortest.c
tests_unit_test_shortest_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_shortest_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_shortest_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_decimal_SOURCES = tests/unit/test_decimal.c
tests_unit_test_decimal_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_decimal_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_decimal_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_progress_SOURCES = tests/unit/test_progress.c $(TESTLIB)
tests_unit_test_progress_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_progress_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_progress_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_cand_SOURCES = tests/unit/test_cand.c $(TESTLIB)
tests_unit_test_cand_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_cand_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_cand_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_hash_SOURCES = tests/unit/test_hash.c
tests_unit_test_hash_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_hash_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_hash_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_net_SOURCES = tests/unit/test_net.c tests/unit/flood.c tests/unit/flood.h $(TESTLIB)
tests_unit_test_net_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_net_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_net_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_format2_SOURCES = tests/unit/test_format2.c $(TESTLIB)
tests_unit_test_format2_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_format2_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_format2_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_rf_SOURCES = tests/unit/test_rf.c $(TESTLIB)
tests_unit_test_rf_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_rf_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_rf_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_parse_SOURCES = tests/unit/test_parse.c $(TESTLIB)
tests_unit_test_parse_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_parse_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_parse_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_golden_SOURCES = tests/unit/test_golden.c $(TESTLIB)
tests_unit_test_golden_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_golden_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_golden_LDADD = $(FOUNDATION_UNIT_LDADD)

# The session core: kernel tokens, shared pins, sessions.
tests_unit_test_session_SOURCES = tests/unit/test_session.c $(TESTLIB)
tests_unit_test_session_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_session_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_session_LDADD = $(FOUNDATION_UNIT_LDADD)

tests_unit_test_escape_SOURCES = tests/unit/test_escape.c
tests_unit_test_escape_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_escape_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_escape_LDADD = $(FOUNDATION_UNIT_LDADD)

# The best plan under a budget (best.h); self-contained, without testlib.c.
tests_unit_test_best_SOURCES = tests/unit/test_best.c
tests_unit_test_best_CFLAGS = $(FOUNDATION_UNIT_CFLAGS)
tests_unit_test_best_CPPFLAGS = $(FOUNDATION_UNIT_CPPFLAGS)
tests_unit_test_best_LDADD = $(FOUNDATION_UNIT_LDADD)
endif

# check-long: the number formatter against its reference on 10^7 random
# doubles (CI runs it; a few minutes).  Needs cmocka, as the unit tests do.
check-long: tests/unit/test_shortest$(EXEEXT)
	SHORTEST_COUNT=10000000 tests/unit/test_shortest

# Small good inputs the unit and CLI tests read.
EXTRA_DIST += \
	tests/data/.gitattributes \
	tests/data/tiny.csv \
	tests/data/latency/roofline.csv \
	tests/data/latency/slow.csv \
	tests/data/latency/roofline-measured.csv \
	tests/data/tiny-crlf.csv \
	tests/data/tiny-bom.csv \
	tests/data/quoted-names.csv

include tests/unit/scoring.mk
include tests/unit/onnx.mk
