/* test_shortest.c -- unit tests of shortest.h and csvout_format_real: the
 * shortest round-tripping "%g" form, against the trial-and-error loop it
 * replaced (kept here as the reference), on edge doubles and on random ones.
 *
 * The count of random doubles is 10^5; SHORTEST_COUNT in the environment
 * (or a first argument) changes it: `make check-long` runs 10^7. */
#include <config.h>

#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csvout.h"
#include "shortest.h"

static long count = 100000;

/* The reference: what csvout_format_real did before shortest.c, %.*g at
 * precisions 6 to 17 until the text reads back. */
static char *reference(double v, char *buf, size_t size)
{
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

static double from_bits(uint64_t b)
{
	double v;
	memcpy(&v, &b, sizeof v);
	return v;
}

static uint64_t to_bits(double v)
{
	uint64_t b;
	memcpy(&b, &v, sizeof b);
	return b;
}

static long failures;

/* csvout_format_real of V and of -V must be the reference's text. */
static void check(double v)
{
	for (int neg = 0; neg < 2; neg++, v = -v) {
		char want[40], got[40];
		reference(v, want, sizeof want);
		csvout_format_real(v, got, sizeof got);
		if (strcmp(want, got) != 0 && failures++ < 20)
			print_error("%a (0x%016llx): got \"%s\", want \"%s\"\n", v,
			            (unsigned long long)to_bits(v), got, want);
	}
}

/* A check of V and its neighbours. */
static void check_around(double v)
{
	check(v);
	check(nextafter(v, 0));
	check(nextafter(v, INFINITY));
}

static void assert_no_failures(void)
{
	if (failures > 0)
		fail_msg("%ld doubles formatted differently from the reference", failures);
}

/* xorshift64*: reproducible, no libc rand state. */
static uint64_t rng = UINT64_C(0x9E3779B97F4A7C15);
static uint64_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * UINT64_C(2685821657736338717);
}

static void test_edges(void **state)
{
	(void)state;
	failures = 0;
	check(0.0);
	check_around(from_bits(1)); /* smallest subnormal */
	check_around(from_bits(2));
	check_around(from_bits(3));
	check_around(from_bits(UINT64_C(0x000FFFFFFFFFFFFF))); /* largest subnormal */
	check_around(DBL_MIN);                                 /* smallest normal */
	check_around(DBL_MAX);
	check_around(DBL_EPSILON);
	for (int k = 0; k < 64; k++) /* subnormals of every length */
		check_around(from_bits(UINT64_C(1) << (k % 52)) * (k / 52 + 1));
	for (int e = -323; e <= 308; e++) { /* powers of ten, read as doubles */
		char buf[16];
		snprintf(buf, sizeof buf, "1e%d", e);
		check_around(strtod(buf, NULL));
	}
	for (int e = -1074; e <= 1023; e++) /* powers of two */
		check_around(ldexp(1, e));
	/* Integers around 2^53, where doubles stop holding every integer. */
	for (int64_t i = -40; i <= 40; i++)
		check((double)((INT64_C(1) << 53) + i));
	for (int64_t i = 1; i <= 100000; i *= 3)
		check((double)i);
	/* Half way at the 16th and 17th digit: 2^-k steps leave a final 5
	 * (1e15 + 0.25 rounds to 17 digits as 1000000000000000.2, ties to
	 * even; 1234567890123456.5 to 16 as ...456). */
	check(1e15 + 0.25);
	check(1e15 + 0.75);
	check(1234567890123456.5);
	check(1234567890123457.5);
	for (int i = 0; i < 2000; i++) {
		double base = (double)(next() % UINT64_C(9000000000000000)) + 1e15;
		check(base + 0.5);
		check((double)((next() % UINT64_C(4000000000000000)) + UINT64_C(1000000000000000)) +
		      0.25);
	}
	/* Decimals with few digits, which %.6g must not pad. */
	check(0.1);
	check(0.3);
	check(1e-5);
	check(1.5e-4);
	check(123456.0);
	check(1234567.0);
	check(1e6);
	check(999999.5);
	check(9.9999999999999999e22);
	check(5e-324);
	assert_no_failures();
}

static void test_signs(void **state)
{
	char buf[40];
	(void)state;
	assert_string_equal(csvout_format_real(0.0, buf, sizeof buf), "0");
	assert_string_equal(csvout_format_real(-0.0, buf, sizeof buf), "-0");
	assert_string_equal(csvout_format_real(1e6, buf, sizeof buf), "1e+06");
	assert_string_equal(csvout_format_real(0.1, buf, sizeof buf), "0.1");
	assert_string_equal(csvout_format_real(-2.5e-7, buf, sizeof buf), "-2.5e-07");
	assert_string_equal(csvout_format_real(1.0 / 3, buf, sizeof buf), "0.3333333333333333");
	assert_string_equal(csvout_format_real(DBL_MAX, buf, sizeof buf),
	                    "1.7976931348623157e+308");
	assert_string_equal(csvout_format_real(INFINITY, buf, sizeof buf), "inf");
}

/* shortest_digits alone: a few digit strings from Ryu's paper's examples
 * and by hand. */
static void test_digits(void **state)
{
	struct shortest d;
	(void)state;
	assert_int_equal(shortest_digits(0.3, &d), 1);
	assert_true(d.digits == 3 && d.exp10 == -1);
	assert_int_equal(shortest_digits(5e-324, &d), 1);
	assert_true(d.digits == 5 && d.exp10 == -324);
	assert_int_equal(shortest_digits(DBL_MAX, &d), 17);
	assert_true(d.digits == UINT64_C(17976931348623157) && d.exp10 == 292);
	assert_int_equal(shortest_digits(1e23, &d), 1);
	assert_true(d.digits == 1 && d.exp10 == 23);
	assert_int_equal(shortest_digits(123456.0, &d), 6);
	assert_true(d.digits == 123456 && d.exp10 == 0);
}

static void test_random(void **state)
{
	(void)state;
	failures = 0;
	for (long i = 0; i < count; i++) {
		uint64_t r = next();
		switch (i % 4) {
		case 0: { /* any bit pattern, finite */
			double v = from_bits(r);
			if (isfinite(v))
				check(v);
			break;
		}
		case 1: { /* a decimal of 1 to 17 digits, scaled */
			uint64_t lim = 10;
			for (int k = (int)(next() % 17); k > 0; k--)
				lim *= 10;
			check((double)(r % lim) * pow(10, (double)((int)(next() % 60) - 30)));
			break;
		}
		case 2: { /* a decimal read from text, as a CSV field is */
			char buf[40];
			snprintf(buf, sizeof buf, "%llue%d",
			         (unsigned long long)(r % UINT64_C(100000000000000000)),
			         (int)(next() % 640) - 330);
			check(strtod(buf, NULL));
			break;
		}
		default: /* a subnormal or a small normal */
			check(from_bits(r % (UINT64_C(1) << (next() % 56))));
			break;
		}
	}
	assert_no_failures();
}

/* csvout_real remembers the text of recent reals: what it writes must be
 * csvout_format_real's text every time, whether remembered, never seen or
 * evicted by another real of the same slot.  1,000 values (more than the
 * slots, so slots are shared) drawn 20,000 times, with NaN and infinities
 * (empty fields) among them. */
static void test_remembered(void **state)
{
	enum { POOL = 1000, DRAWS = 20000 };
	static double pool[POOL];
	char *text = NULL, want[40];
	size_t size = 0, at = 0;
	struct csvout co;
	FILE *fp = open_memstream(&text, &size);
	(void)state;
	assert_non_null(fp);
	for (int i = 0; i < POOL; i++)
		pool[i] = i % 97 == 0   ? NAN
		          : i % 89 == 0 ? -INFINITY
		          : i % 2       ? from_bits(next() >> 1)
		                        : (double)(next() % 100000) / 7;
	rng = 42;
	csvout_init(&co, fp);
	for (int i = 0; i < DRAWS; i++)
		csvout_real(&co, pool[next() % POOL]);
	csvout_end(&co);
	assert_true(csvout_flush(&co));
	fclose(fp);
	rng = 42;
	for (int i = 0; i < DRAWS; i++) {
		double v = pool[next() % POOL];
		const char *t = isfinite(v) ? csvout_format_real(v, want, sizeof want) : "";
		size_t n = strlen(t);
		assert_true(at + n <= size);
		if (memcmp(text + at, t, n) != 0) {
			fprintf(stderr, "draw %d: %.17g: want '%s', got '%.*s'\n", i, v, t, (int)n,
			        text + at);
			fail();
		}
		at += n;
		assert_int_equal(text[at], i + 1 < DRAWS ? ',' : '\n');
		at++;
	}
	assert_int_equal(at, size);
	free(text);
}

int main(int argc, char **argv)
{
	const char *env = getenv("SHORTEST_COUNT");
	if (argc > 1)
		env = argv[1];
	if (env != NULL)
		count = strtol(env, NULL, 10);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),      cmocka_unit_test(test_signs),
		cmocka_unit_test(test_digits),     cmocka_unit_test(test_random),
		cmocka_unit_test(test_remembered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
