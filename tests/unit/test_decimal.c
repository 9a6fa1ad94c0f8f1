/* test_decimal.c -- unit tests of decimal.h and of the tokens written with it
 * (kernel_format): against what printf writes, the way they were written
 * before (kept here as the reference), on edge values. */
#include <config.h>

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "decimal.h"
#include "kernel.h"

/* decimal_u64 of V must be "%" PRIu64, and write nothing past its end;
 * decimal_length its length. */
static void check_u64(uint64_t v)
{
	char want[32], got[DECIMAL_MAX + 8];
	snprintf(want, sizeof want, "%" PRIu64, v);
	memset(got, '#', sizeof got);
	char *end = decimal_u64(got, v);
	assert_int_equal(decimal_length(v), strlen(want));
	assert_int_equal(end - got, strlen(want));
	assert_memory_equal(got, want, strlen(want));
	assert_int_equal(*end, '#');
}

/* The same for decimal_i64 and "%" PRId64. */
static void check_i64(int64_t v)
{
	char want[32], got[DECIMAL_MAX + 8];
	snprintf(want, sizeof want, "%" PRId64, v);
	memset(got, '#', sizeof got);
	char *end = decimal_i64(got, v);
	assert_int_equal(end - got, strlen(want));
	assert_memory_equal(got, want, strlen(want));
	assert_int_equal(*end, '#');
}

static void test_u64_edges(void **state)
{
	(void)state;
	check_u64(0);
	check_u64(1);
	check_u64(9);
	check_u64(10);
	check_u64(99);
	check_u64(100);
	check_u64(UINT64_MAX);
	check_u64(UINT64_MAX - 1);
	/* every power of ten and its neighbours */
	for (uint64_t p = 1;; p *= 10) {
		check_u64(p - 1);
		check_u64(p);
		check_u64(p + 1);
		if (p > UINT64_MAX / 10)
			break;
	}
	/* every power of two and its neighbours */
	for (int b = 0; b < 64; b++) {
		uint64_t p = UINT64_C(1) << b;
		check_u64(p - 1);
		check_u64(p);
		check_u64(p + 1);
	}
}

static void test_i64_edges(void **state)
{
	(void)state;
	check_i64(0);
	check_i64(1);
	check_i64(-1);
	check_i64(9);
	check_i64(-9);
	check_i64(10);
	check_i64(-10);
	check_i64(INT64_MAX);
	check_i64(INT64_MIN);
	check_i64(INT64_MIN + 1);
	for (int64_t p = 1;; p *= 10) {
		for (int64_t d = -1; d <= 1; d++) {
			check_i64(p + d);
			check_i64(-(p + d));
		}
		if (p > INT64_MAX / 10)
			break;
	}
}

/* A pseudo-random sweep over every length (xorshift64, fixed seed). */
static void test_random(void **state)
{
	uint64_t x = UINT64_C(0x9E3779B97F4A7C15);
	(void)state;
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint64_t v = x >> (i % 64);
		check_u64(v);
		check_i64((int64_t)v);
		check_i64(-(int64_t)(v >> 1));
	}
}

/* The reference: kernel_format as it was written with snprintf. */
static char *reference_token(const struct kernel *k, char *buf, size_t size)
{
	const char *ds = k->kind == KERNEL_DS ? "ds" : "";
	size_t used;

	if (size == 0)
		return buf;
	if (kernel_is_square(k)) {
		snprintf(buf, size, "%s%ld", ds, (long)k->k[0]);
		return buf;
	}
	used = (size_t)snprintf(buf, size, "%s", ds);
	for (int i = 0; i < k->n_axes && used < size; i++) {
		int n = snprintf(buf + used, size - used, i ? "x%ld" : "%ld", (long)k->k[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

static struct kernel make(int kind, int n_axes, int32_t a, int32_t b, int32_t c)
{
	struct kernel k;
	memset(&k, 0, sizeof k);
	k.kind = (uint8_t)kind;
	k.n_axes = (uint8_t)n_axes;
	k.k[0] = a;
	k.k[1] = n_axes > 1 ? b : 0;
	k.k[2] = n_axes > 2 ? c : 0;
	return k;
}

/* kernel_format of K must be the reference's at every buffer size (cut as
 * snprintf cuts), and WANT at full size. */
static void check_token(const struct kernel *k, const char *want)
{
	char ref[KERNEL_TOKEN_MAX], got[KERNEL_TOKEN_MAX];
	assert_string_equal(kernel_format(k, got, sizeof got), want);
	for (size_t size = 0; size <= sizeof ref; size++) {
		memset(ref, '#', sizeof ref);
		memset(got, '#', sizeof got);
		reference_token(k, ref, size);
		kernel_format(k, got, size);
		assert_memory_equal(got, ref, sizeof ref);
	}
}

static void test_tokens(void **state)
{
	static const int32_t extents[] = { 0, 1, 3, 9, 10, 63, 99, 100, 2147483647 };
	const size_t n = sizeof extents / sizeof extents[0];
	(void)state;
	/* 1-D, square 2-D and 3-D, per-axis 2-D and 3-D, full and ds */
	check_token(&(struct kernel){ 0 }, "0");
	struct kernel k = make(KERNEL_FULL, 1, 7, 0, 0);
	check_token(&k, "7");
	k = make(KERNEL_DS, 1, 5, 0, 0);
	check_token(&k, "ds5");
	k = make(KERNEL_FULL, 2, 3, 3, 0);
	check_token(&k, "3");
	k = make(KERNEL_FULL, 2, 1, 7, 0);
	check_token(&k, "1x7");
	k = make(KERNEL_DS, 2, 7, 1, 0);
	check_token(&k, "ds7x1");
	k = make(KERNEL_FULL, 3, 3, 3, 3);
	check_token(&k, "3");
	k = make(KERNEL_FULL, 3, 3, 1, 1);
	check_token(&k, "3x1x1");
	k = make(KERNEL_DS, 3, 1, 3, 3);
	check_token(&k, "ds1x3x3");
	/* the longest: ds and three 10-digit extents; a negative one (never
	 * made, but printf would write it) */
	k = make(KERNEL_DS, 3, 2147483647, 2147483646, 1000000000);
	check_token(&k, "ds2147483647x2147483646x1000000000");
	k = make(KERNEL_FULL, 2, -1, 3, 0);
	check_token(&k, "-1x3");
	for (int kind = KERNEL_FULL; kind <= KERNEL_DS; kind++)
		for (size_t a = 0; a < n; a++)
			for (size_t b = 0; b < n; b++)
				for (size_t c = 0; c < n; c++)
					for (int axes = 1; axes <= KERNEL_MAX_AXES; axes++) {
						char want[KERNEL_TOKEN_MAX];
						k = make(kind, axes, extents[a], extents[b],
						         extents[c]);
						check_token(&k,
						            reference_token(&k, want, sizeof want));
					}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64_edges),
		cmocka_unit_test(test_i64_edges),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_tokens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
