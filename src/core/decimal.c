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

/* The number of decimal digits of V (1 for 0). */
static int length(uint64_t v)
{
	int n = 1;
	for (;;) {
		if (v < 10)
			return n;
		if (v < 100)
			return n + 1;
		if (v < 1000)
			return n + 2;
		if (v < 10000)
			return n + 3;
		v /= 10000;
		n += 4;
	}
}

char *decimal_u64(char *p, uint64_t v)
{
	int n = length(v);
	char *o = p + n;
	while (v >= 100) {
		o -= 2;
		memcpy(o, PAIRS + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		o -= 2;
		memcpy(o, PAIRS + 2 * v, 2);
	} else {
		*--o = (char)('0' + v);
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
