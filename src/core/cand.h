/* cand.h -- candidate kernel-size sets, kept as bit masks (bit k set: size k
 * allowed), so a layer's allowed set costs one word. */
#ifndef BKSEF_CAND_H
#define BKSEF_CAND_H

#include <stdint.h>

#include "diag.h"
#include "kernel.h"

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

/* Per-axis kernels ("1x7") a candidate list may hold besides its squares. */
#define CAND_AXES_MAX 32

/* The per-axis (not square) kernels of a candidate list, in the order given
 * (as full kernels), and how the list realises all its kernels. */
struct cand_axes {
	uint8_t n;
	uint8_t kind; /* enum kernel_kind: KERNEL_DS when its tokens are "dsK" */
	struct kernel k[CAND_AXES_MAX];
};

/* Parse a list of kernel tokens separated by commas and/or spaces ("3,5",
 * "1x3 1x5 1x7"; see kernel_parse) for layers of RANK axes (0: of any rank,
 * to check a list's syntax before the network's rank is known): the square
 * sizes into *SQUARE, the per-axis kernels into *AXES (a square written per
 * axis, "3x3", is the size 3).  Tokens after "ds" ("ds3", "ds1x7") are
 * the same kernels realised depthwise-separable: AXES->kind says so, and a
 * list must write all its tokens so or none.  The errors of cand_parse,
 * with the same messages for sizes, and for per-axis tokens: one out of
 * range or of the wrong rank, one repeated, more than CAND_AXES_MAX; a list
 * that mixes full and ds tokens.  An empty list is an error.  BKSEF_EINPUT with the reason in DG (line 0). */
int cand_parse_tokens(const char *text, int rank, cand_set *square, struct cand_axes *axes,
                      struct diag *dg);

/* Whether A and B hold the same kernels in the same order, realised alike. */
int cand_axes_equal(const struct cand_axes *a, const struct cand_axes *b);

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
