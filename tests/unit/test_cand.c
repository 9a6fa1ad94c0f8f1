/* test_cand.c -- unit tests of cand.h: parsing, membership, iteration and
 * formatting of candidate kernel-size sets. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cand.h"
#include "testlib.h"

static void test_parse_lists(void **state)
{
	struct {
		const char *text;
		cand_set want;
	} ok[] = {
		{ "3,5,7", testlib_set_of(3, 5, 7, 0) },
		{ "3 5 7", testlib_set_of(3, 5, 7, 0) },
		/* separators mix and repeat; order does not matter */
		{ " 7,\t3 ,, 5 ", testlib_set_of(3, 5, 7, 0) },
		{ "1", testlib_set_of(1, 0) },
		/* the bounds 1 and CAND_MAX = 63 */
		{ "63,1", testlib_set_of(1, 63, 0) },
		{ "017", testlib_set_of(17, 0) },
		{ "2,4,6,11,13", testlib_set_of(2, 4, 6, 11, 13, 0) },
	};
	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		cand_set got = 0;
		struct diag dg = { 0 };
		if (cand_parse(ok[i].text, &got, &dg) != BKSEF_OK)
			fail_msg("'%s': %s", ok[i].text, dg.msg);
		assert_int_equal(got, ok[i].want);
	}
}

static void test_parse_errors(void **state)
{
	struct {
		const char *text, *part;
	} bad[] = {
		{ "", "empty candidate list" },
		{ " , ,\t", "empty candidate list" },
		{ "x", "expected a whole number" },
		{ "3,-5", "expected a whole number" },
		{ "3x", "trailing 'x'" },
		{ "3.0", "trailing '.'" },
		{ "0", "kernel size 0 in candidate list '0' is outside 1..63" },
		{ "3,64", "kernel size 64 in candidate list '3,64' is outside 1..63" },
		/* digits beyond int64 must not wrap into range */
		{ "18446744073709551619", "kernel size 18446744073709551619 in candidate list" },
		{ "5,3,5", "kernel size 5 appears twice" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cand_set got = 12345; /* must stay untouched */
		struct diag dg = { 0 };
		dg.line = 99;
		int st = cand_parse(bad[i].text, &got, &dg);
		if (st != BKSEF_EINPUT || strstr(dg.msg, bad[i].part) == NULL)
			fail_msg("'%s': status %d, message '%s', expected '%s'", bad[i].text, st,
			         dg.msg, bad[i].part);
		assert_int_equal(got, 12345);
		assert_int_equal(dg.line, 0);
	}
}

static void test_default_set(void **state)
{
	(void)state;
	assert_int_equal(CAND_DEFAULT, testlib_set_of(1, 3, 5, 7, 9, 0));
	assert_int_equal(cand_count(CAND_DEFAULT), 5);
}

static void test_has(void **state)
{
	cand_set s = testlib_set_of(2, 17, 63, 0);
	(void)state;
	assert_true(cand_has(s, 2));
	assert_true(cand_has(s, 17));
	assert_true(cand_has(s, 63));
	assert_false(cand_has(s, 3));
	/* out of range sizes are never members, whatever the bits say */
	assert_false(cand_has(~(cand_set)0, 0));
	assert_false(cand_has(~(cand_set)0, -1));
	assert_false(cand_has(~(cand_set)0, 64));
	assert_false(cand_has(~(cand_set)0, 1L << 40));
}

static void test_count_next(void **state)
{
	cand_set s = testlib_set_of(2, 17, 63, 0);
	(void)state;
	assert_int_equal(cand_count(s), 3);
	assert_int_equal(cand_count(0), 0);
	assert_int_equal(cand_next(s, 0), 2);
	assert_int_equal(cand_next(s, -5), 2);
	assert_int_equal(cand_next(s, 2), 17);
	assert_int_equal(cand_next(s, 3), 17);
	assert_int_equal(cand_next(s, 17), 63);
	assert_int_equal(cand_next(s, 63), 0);
	assert_int_equal(cand_next(s, 100), 0);
	assert_int_equal(cand_next(0, 0), 0);
	/* walking the set visits each size once, in increasing order */
	int seen = 0, last = 0;
	for (int k = cand_next(s, 0); k != 0; k = cand_next(s, k)) {
		assert_true(k > last);
		last = k;
		seen++;
	}
	assert_int_equal(seen, 3);
}

static void test_format(void **state)
{
	char buf[64];
	(void)state;
	assert_string_equal(cand_format(testlib_set_of(3, 5, 7, 0), ',', buf, sizeof buf), "3,5,7");
	assert_string_equal(cand_format(testlib_set_of(1, 11, 63, 0), ' ', buf, sizeof buf),
	                    "1 11 63");
	assert_string_equal(cand_format(0, ',', buf, sizeof buf), "");
	/* a buffer too small is cut short but stays a string */
	char small[4];
	memset(small, 'Z', sizeof small);
	cand_format(testlib_set_of(3, 5, 7, 0), ',', small, sizeof small);
	assert_string_equal(small, "3,5");
	/* format and parse agree */
	cand_set back = 0;
	struct diag dg = { 0 };
	cand_format(testlib_set_of(2, 9, 31, 0), ',', buf, sizeof buf);
	assert_int_equal(cand_parse(buf, &back, &dg), BKSEF_OK);
	assert_int_equal(back, testlib_set_of(2, 9, 31, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_lists), cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_default_set), cmocka_unit_test(test_has),
		cmocka_unit_test(test_count_next),  cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
