# tests/unit/scoring.mk -- unit tests of the scoring engine: scores, plans,
# the exact lambda3 sweep with the budget solver, and the CSV exports.
if HAVE_CMOCKA
SCORING_UNIT_CPPFLAGS = $(AM_CPPFLAGS) \
	-DTEST_DATA_DIR='"$(abs_top_srcdir)/tests/data"'
SCORING_UNIT_TESTS = \
	tests/unit/test_score \
	tests/unit/test_plan \
	tests/unit/test_sweep \
	tests/unit/test_export \
	tests/unit/test_safe_file
check_PROGRAMS += $(SCORING_UNIT_TESTS)
TESTS += $(SCORING_UNIT_TESTS)

tests_unit_test_score_SOURCES = tests/unit/test_score.c $(TESTLIB)
tests_unit_test_score_CPPFLAGS = $(SCORING_UNIT_CPPFLAGS)
tests_unit_test_score_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_score_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_unit_test_plan_SOURCES = tests/unit/test_plan.c $(TESTLIB)
tests_unit_test_plan_CPPFLAGS = $(SCORING_UNIT_CPPFLAGS)
tests_unit_test_plan_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_plan_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_unit_test_sweep_SOURCES = tests/unit/test_sweep.c $(TESTLIB)
tests_unit_test_sweep_CPPFLAGS = $(SCORING_UNIT_CPPFLAGS)
tests_unit_test_sweep_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(GSL_CFLAGS)
tests_unit_test_sweep_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_unit_test_export_SOURCES = tests/unit/test_export.c $(TESTLIB)
tests_unit_test_export_CPPFLAGS = $(SCORING_UNIT_CPPFLAGS)
tests_unit_test_export_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_export_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_unit_test_safe_file_SOURCES = tests/unit/test_safe_file.c
tests_unit_test_safe_file_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_safe_file_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)
endif

# Inputs of the scoring tests (unit and CLI).
EXTRA_DIST += \
	tests/data/score-two-layer.csv \
	tests/data/score-plan.csv \
	tests/data/score-names.csv
