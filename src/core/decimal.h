/* decimal.h -- whole numbers written in decimal without printf. */
#ifndef BKSEF_DECIMAL_H
#define BKSEF_DECIMAL_H

#include <stdint.h>

/* Longest text decimal_i64 writes: "-9223372036854775808" (20 bytes; 20 for
 * UINT64_MAX too), no NUL. */
#define DECIMAL_MAX 20

/* The decimal digits of V ("%" PRIu64) at P, without a NUL; returns the
 * byte after the last.  P must have room for DECIMAL_MAX bytes. */
char *decimal_u64(char *p, uint64_t v);

/* The same for a signed V ("%" PRId64): a '-' before a negative one. */
char *decimal_i64(char *p, int64_t v);

#endif
