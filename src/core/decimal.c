/* decimal.c -- whole numbers written in decimal without printf: two digits
 * at a time from a table, into a place whose length is known first. */
#include <config.h>

#include "decimal.h"

#include <string.h>

static const char PAIRS[201] = "00010203040506070809"
                               "10111213141516171819"
                               "20212223242526272829"
                               "30313233343536373839"
                               "40414243444546474849"
                               "50515253545556575859"
                               "60616263646566676869"
                               "70717273747576777879"
                               "80818283848586878889"
                               "90919293949596979899";

const uint64_t decimal_pow10[20] = {
	UINT64_C(1),
	UINT64_C(10),
	UINT64_C(100),
	UINT64_C(1000),
	UINT64_C(10000),
	UINT64_C(100000),
	UINT64_C(1000000),
	UINT64_C(10000000),
	UINT64_C(100000000),
	UINT64_C(1000000000),
	UINT64_C(10000000000),
	UINT64_C(100000000000),
	UINT64_C(1000000000000),
	UINT64_C(10000000000000),
	UINT64_C(100000000000000),
	UINT64_C(1000000000000000),
	UINT64_C(10000000000000000),
	UINT64_C(100000000000000000),
	UINT64_C(1000000000000000000),
	UINT64_C(10000000000000000000),
};

/* The last N (even) digits of V < 10^N, ending at O: two at a time in
 * 32-bit arithmetic.  Returns where they start. */
static char *pairs32(char *o, uint32_t v, int n)
{
	for (; n > 0; n -= 2) {
		o -= 2;
		memcpy(o, PAIRS + 2 * (v % 100), 2);
		v /= 100;
	}
	return o;
}

char *decimal_u64(char *p, uint64_t v)
{
	int n = decimal_length(v);
	char *o = p + n;
	/* Eight digits at a time while V needs more than 32 bits. */
	while (v > UINT32_MAX) {
		o = pairs32(o, (uint32_t)(v % 100000000), 8);
		v /= 100000000;
	}
	uint32_t u = (uint32_t)v;
	while (u >= 100) {
		o -= 2;
		memcpy(o, PAIRS + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10) {
		o -= 2;
		memcpy(o, PAIRS + 2 * u, 2);
	} else {
		*--o = (char)('0' + u);
	}
	return p + n;
}

char *decimal_i64(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		return decimal_u64(p, -(uint64_t)v);
	}
	return decimal_u64(p, (uint64_t)v);
}
