/* decimal.h -- whole numbers written in decimal without printf. */
#ifndef BKSEF_DECIMAL_H
#define BKSEF_DECIMAL_H

#include <stdint.h>

/* Longest text decimal_i64 writes: "-9223372036854775808" (20 bytes; 20 for
 * UINT64_MAX too), no NUL. */
#define DECIMAL_MAX 20

/* 10^0 .. 10^19. */
extern const uint64_t decimal_pow10[20];

/* The number of decimal digits of V (1 for 0): about log10(2) times its
 * bit length (1233 / 4096), corrected by one comparison. */
static inline int decimal_length(uint64_t v)
{
	int t = (64 - __builtin_clzll(v | 1)) * 1233 >> 12;
	return t - (v < decimal_pow10[t]) + 1 + (v == 0);
}

/* The decimal digits of V ("%" PRIu64) at P, without a NUL; returns the
 * byte after the last.  P must have room for DECIMAL_MAX bytes. */
char *decimal_u64(char *p, uint64_t v);

/* The same for a signed V ("%" PRId64): a '-' before a negative one. */
char *decimal_i64(char *p, int64_t v);

#endif
