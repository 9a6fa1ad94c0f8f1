/* test_parse.c -- unit tests of parse.h: real option values and MAC
 * budgets (counts with suffixes, percentages, reductions). */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parse.h"

static void test_real_ok(void **state)
{
	static const struct {
		const char *text;
		double want;
	} ok[] = {
		{ "0.45", 0.45 },
		{ "-2.385", -2.385 },
		{ "+7.25", 7.25 },
		{ ".5", 0.5 },
		{ "5.", 5.0 },
		{ "0", 0.0 },
		{ "1e300", 1e300 },
		{ "1e-300", 1e-300 },
		{ "3E2", 300.0 },
		/* below the smallest normal double (2.2250738585072014e-308):
		 * subnormal, but within 0..1e300 and so a value like any other */
		{ "1e-308", 1e-308 },
		{ "4e-320", 4e-320 },
		{ "2.2250738585072009e-308", 2.2250738585072009e-308 },
		/* the smallest double, 2^-1074 */
		{ "4.9406564584124654e-324", 4.9406564584124654e-324 },
		/* below half of it: rounds to zero, as any decimal rounds */
		{ "1e-400", 0.0 },
		{ "-2e-324", -0.0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		double v = -1;
		struct diag dg = { 0 };
		if (parse_real(ok[i].text, &v, &dg) != BKSEF_OK)
			fail_msg("'%s': %s", ok[i].text, dg.msg);
		/* strtod and the compiler read the same decimal to the same double */
		assert_true(v == ok[i].want);
	}
}

static void test_real_errors(void **state)
{
	static const struct {
		const char *text, *part;
	} bad[] = {
		{ "", "'' is not a number" },
		{ "abc", "'abc' is not a number" },
		{ "1.5x", "'1.5x' is not a number" },
		{ "0x", "is not a number" },
		{ " 1", "is not a number" },
		{ "\t1", "is not a number" },
		{ "1 ", "is not a number" },
		{ "1,5", "is not a number" },
		/* every space strtod skips, not just ' ' and '\t' (found by
		 * fuzz_options: "\v-3" read as -3 past the sign check) */
		{ "\v1", "is not a number" },
		{ "\f-1", "is not a number" },
		{ "\n1", "is not a number" },
		{ "\r1", "is not a number" },
		{ "nan", "'nan' is out of range" },
		{ "inf", "out of range" },
		{ "-infinity", "out of range" },
		{ "1e400", "'1e400' is out of range" },
		{ "-1e400", "out of range" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double v = 2.385; /* untouched on failure */
		struct diag dg = { 0 };
		int st = parse_real(bad[i].text, &v, &dg);
		if (st != BKSEF_EUSAGE || strstr(dg.msg, bad[i].part) == NULL)
			fail_msg("'%s': status %d, message '%s', expected '%s'", bad[i].text, st,
			         dg.msg, bad[i].part);
		assert_true(v == 2.385);
		assert_int_equal(dg.line, 0);
	}
}

static void test_budget_counts(void **state)
{
	static const struct {
		const char *text;
		int64_t want;
	} ok[] = {
		{ "350000000", 350000000 },
		{ "350M", 350000000 },
		{ "350m", 350000000 },
		/* 1.2 * 1e9 rounds to exactly 1.2e9 in double arithmetic */
		{ "1.2G", 1200000000 },
		{ "3g", 3000000000 },
		{ "1.5k", 1500 },
		{ "2K", 2000 },
		{ "0.25T", 250000000000 },
		{ "7t", 7000000000000 },
		{ "1e3", 1000 },
		{ "1.2e3k", 1200000 },
		/* rounded down */
		{ "999.9", 999 },
		{ "0.5", 0 },
		{ "0", 0 },
		/* an underflow is 0, as parse_real reads it */
		{ "1e-400", 0 },
		/* 9e18 = 9 * 2^18 * 5^18 is exact in a double and under 9.2e18 */
		{ "9e18", INT64_C(9000000000000000000) },
		/* 9.2e18 = 92 * 2^17 * 5^17, exact too, below 2^63 = 9.22e18 */
		{ "9.2e18", INT64_C(9200000000000000000) },
		/* the largest double below 2^63: 2^63 - 1024 */
		{ "9223372036854774784", INT64_C(9223372036854774784) },
		/* 2^63 and beyond, more than any network's MACs: no constraint
		 * (INT64_MAX itself reads as the double 2^63) */
		{ "9223372036854775807", INT64_MAX },
		{ "1e30", INT64_MAX },
		{ "10000000T", INT64_MAX },
		/* 1e300 * 1e12 overflows the double to +inf */
		{ "1e300T", INT64_MAX },
	};
	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int64_t v = -1;
		struct diag dg = { 0 };
		/* the base only matters for percentages */
		if (parse_budget(ok[i].text, 123457, 0, &v, &dg) != BKSEF_OK)
			fail_msg("'%s': %s", ok[i].text, dg.msg);
		if (v != ok[i].want)
			fail_msg("'%s': %lld, expected %lld", ok[i].text, (long long)v,
			         (long long)ok[i].want);
	}
}

static void test_budget_percent(void **state)
{
	static const struct {
		const char *text;
		int64_t base;
		int reduce;
		int64_t want;
	} ok[] = {
		/* 1,814,073,344 (resnet18's MACs) * 0.572 = 1,037,649,952.768 */
		{ "57.2%", 1814073344, 0, 1037649952 },
		/* a 42.8% reduction is 57.2% of the base */
		{ "42.8%", 1814073344, 1, 1037649952 },
		{ "100%", 1000001, 0, 1000001 },
		/* 1,000,001 * 0.025 = 25,000.025 */
		{ "2.5%", 1000001, 0, 25000 },
		/* 1000 * 0.00001 = 0.01 */
		{ "0.001%", 1000, 0, 0 },
		/* reduce 0.5%: 99.5% of 2000 = 1990 */
		{ "0.5%", 2000, 1, 1990 },
		/* 33% of 7 = 2.31 */
		{ "33%", 7, 0, 2 },
		/* over 100%: a plan may need more than its baseline;
		 * 1,814,073,344 * 1.5 = 2,721,110,016; 1000 * 1.005 = 1005 */
		{ "150%", 1814073344, 0, INT64_C(2721110016) },
		{ "100.5%", 1000, 0, 1005 },
		/* past 2^63 (1000 * 1e298, 2 * INT64_MAX, +inf): no constraint */
		{ "1e300%", 1000, 0, INT64_MAX },
		{ "200%", INT64_MAX, 0, INT64_MAX },
		{ "1e308%", 1814073344, 0, INT64_MAX },
	};
	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int64_t v = -1;
		struct diag dg = { 0 };
		if (parse_budget(ok[i].text, ok[i].base, ok[i].reduce, &v, &dg) != BKSEF_OK)
			fail_msg("'%s': %s", ok[i].text, dg.msg);
		if (v != ok[i].want)
			fail_msg("'%s' of %lld (reduce %d): %lld, expected %lld", ok[i].text,
			         (long long)ok[i].base, ok[i].reduce, (long long)v,
			         (long long)ok[i].want);
	}
}

static void test_budget_errors(void **state)
{
	static const struct {
		const char *text;
		int reduce;
		const char *part;
	} bad[] = {
		{ "", 0, "empty budget" },
		{ "abc", 0, "'abc' is not a MAC count (350M, 1.2G) or a percentage (57.2%)" },
		{ "-5", 0, "is not a MAC count" },
		{ "+5", 0, "is not a MAC count" },
		{ " 5", 0, "is not a MAC count" },
		/* fuzz_options found "\v-3" giving -3: strtod skips every space,
		 * so the sign check must see past none of them */
		{ "\v-3", 0, "is not a MAC count" },
		{ "\f-3", 0, "is not a MAC count" },
		{ "\t-3", 0, "is not a MAC count" },
		{ "\n5", 0, "is not a MAC count" },
		{ "\r-3%", 0, "is not a MAC count" },
		{ "\v-3%", 1, "is not a MAC count" },
		{ "5 %", 0, "is not a MAC count" },
		{ "5MM", 0, "is not a MAC count" },
		{ "50%%", 0, "is not a MAC count" },
		{ "%", 0, "is not a MAC count" },
		{ "nan", 0, "is not a MAC count" },
		{ "inf", 0, "is not a MAC count" },
		{ "1e400", 0, "is not a MAC count" },
		{ "-1%", 0, "is not a MAC count" },
		{ "5x", 0, "unknown suffix 'x' in budget '5x'" },
		{ "5b", 0, "unknown suffix 'b'" },
		{ "0%", 0, "percentage '0%' must be greater than 0" },
		{ "0%", 1, "percentage '0%' must be greater than 0" },
		{ "100%", 1, "a reduction of '100%' leaves nothing" },
		{ "100.5%", 1, "a reduction of '100.5%' is over 100%" },
		{ "101%", 1, "a reduction of '101%' is over 100%" },
		{ "1e300%", 1, "is over 100%" },
		{ "350M", 1, "--reduce takes a percentage such as 42.8%, not '350M'" },
		{ "1000", 1, "--reduce takes a percentage" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t v = 2385; /* untouched on failure */
		struct diag dg = { 0 };
		int st = parse_budget(bad[i].text, 1000, bad[i].reduce, &v, &dg);
		if (st != BKSEF_EUSAGE || strstr(dg.msg, bad[i].part) == NULL)
			fail_msg("'%s' (reduce %d): status %d, message '%s', expected '%s'",
			         bad[i].text, bad[i].reduce, st, dg.msg, bad[i].part);
		assert_int_equal(v, 2385);
	}
}

/* A NULL diagnostic is allowed: only the status comes back. */
static void test_null_diag(void **state)
{
	double d;
	int64_t v;
	(void)state;
	assert_int_equal(parse_real("x", &d, NULL), BKSEF_EUSAGE);
	assert_int_equal(parse_budget("x", 10, 0, &v, NULL), BKSEF_EUSAGE);
	assert_int_equal(parse_budget("50%", 10, 0, &v, NULL), BKSEF_OK);
	assert_int_equal(v, 5);
}

static void test_budget_times(void **state)
{
	static const struct {
		const char *text;
		int reduce;
		int64_t want;      /* nanoseconds; -1: a percentage */
		const char *error; /* or a part of the message */
	} cases[] = {
		{ "50ms", 0, 50000000, NULL },
		/* 0.2 * 1e9 = 200,000,000 exactly in double arithmetic */
		{ "0.2s", 0, 200000000, NULL },
		{ "800us", 0, 800000, NULL },
		{ "1500ns", 0, 1500, NULL },
		/* 1.5 ns rounds down to a whole nanosecond */
		{ "1.5ns", 0, 1, NULL },
		{ "1e30s", 0, INT64_MAX, NULL },
		{ "57.2%", 0, -1, NULL },
		{ "42.8%", 1, -1, NULL },
		{ "50", 0, 0, "time '50' needs a unit: s, ms, us or ns" },
		{ "50m", 0, 0, "unknown unit in time '50m' (s, ms, us, ns or %)" },
		{ "50 ms", 0, 0, "unknown unit in time '50 ms'" },
		{ "-5ms", 0, 0, "'-5ms' is not a time (50ms, 0.2s, 800us) or a percentage" },
		{ "\v-5ms", 0, 0, "is not a time" },
		{ "ms", 0, 0, "'ms' is not a time" },
		{ "", 0, 0, "empty budget" },
		{ "0%", 0, 0, "percentage '0%' must be greater than 0" },
		{ "100%", 1, 0, "a reduction of '100%' leaves nothing" },
		{ "5ms", 1, 0, "--reduce takes a percentage such as 42.8%, not '5ms'" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct budget_text b = { 0 };
		struct diag dg = { 0 };
		int st = parse_budget_time_text(cases[i].text, cases[i].reduce, &b, &dg);
		if (cases[i].error != NULL) {
			if (st != BKSEF_EUSAGE || strstr(dg.msg, cases[i].error) == NULL)
				fail_msg("'%s': status %d, '%s'", cases[i].text, st, dg.msg);
			continue;
		}
		if (st != BKSEF_OK)
			fail_msg("'%s': %s", cases[i].text, dg.msg);
		if (cases[i].want < 0)
			assert_true(b.is_percent);
		else if (b.is_percent || b.amount != cases[i].want)
			fail_msg("'%s': %lld ns, expected %lld", cases[i].text, (long long)b.amount,
			         (long long)cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_ok),       cmocka_unit_test(test_real_errors),
		cmocka_unit_test(test_budget_counts), cmocka_unit_test(test_budget_percent),
		cmocka_unit_test(test_budget_errors), cmocka_unit_test(test_null_diag),
		cmocka_unit_test(test_budget_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
