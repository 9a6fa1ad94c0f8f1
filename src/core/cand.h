/* cand.h -- candidate kernel-size sets, kept as bit masks (bit k set: size k
 * allowed), so a layer's allowed set costs one word. */
#ifndef BKSEF_CAND_H
#define BKSEF_CAND_H

#include <stdint.h>

#include "diag.h"

/* Kernel sizes a candidate set may hold: 1 .. CAND_MAX. */
#define CAND_MAX 63

typedef uint64_t cand_set;

/* The run's default set {1,3,5,7,9}. */
#define CAND_DEFAULT                                                                         \
	(((cand_set)1 << 1) | ((cand_set)1 << 3) | ((cand_set)1 << 5) | ((cand_set)1 << 7) | \
	 ((cand_set)1 << 9))

/* Parse a list of kernel sizes separated by commas and/or spaces ("3,5,7",
 * "3 5 7") into *OUT.  Empty lists, non-numbers, sizes outside 1..CAND_MAX and
 * repeated sizes are errors: BKSEF_EINPUT with the reason in DG (line 0). */
int cand_parse(const char *text, cand_set *out, struct diag *dg);

/* Whether K is in SET. */
static inline int cand_has(cand_set set, long k)
{
	return k >= 1 && k <= CAND_MAX && ((set >> k) & 1u);
}

/* Number of sizes in SET. */
int cand_count(cand_set set);

/* Smallest size in SET greater than K, or 0 if none; cand_next(set, 0) is the
 * smallest. */
int cand_next(cand_set set, int k);

/* Write SET as "3,5,7" (SEP between sizes) into BUF of SIZE bytes; returns BUF. */
char *cand_format(cand_set set, char sep, char *buf, unsigned long size);

#endif
