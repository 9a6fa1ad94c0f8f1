/* kernel.h -- one kernel: its extent on each spatial axis and how it is
 * realised, and the token that names it in files, options and output. */
#ifndef BKSEF_KERNEL_H
#define BKSEF_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Axes a kernel may have (1-D, 2-D and 3-D networks). */
#define KERNEL_MAX_AXES 3

/* Longest token kernel_format writes, with its NUL ("ds" and three 10-digit
 * extents: a loaded kernel may be as large as the format allows). */
#define KERNEL_TOKEN_MAX 40

/* Largest extent on one axis a candidate or pin may have.  (A loaded kernel
 * may be larger; it is then fixed.) */
#define KERNEL_MAX_EXTENT 63

/* How a kernel is realised: a full convolution, or depthwise-separable (a
 * depthwise conv of the kernel's extents, then a 1x1 pointwise conv; its
 * token is "ds" and the extents: "ds3", "ds1x7").  See bksef(5). */
enum kernel_kind { KERNEL_FULL, KERNEL_DS };

/* A small value type: compare with kernel_equal, never with memcmp on
 * partly set structs (kernel_square and kernel_parse set every byte). */
struct kernel {
	uint8_t kind;               /* enum kernel_kind */
	uint8_t n_axes;             /* the layer's rank: 2 for v1 networks */
	int32_t k[KERNEL_MAX_AXES]; /* extent per axis, outermost first; 0 past n_axes */
};

/* The K x K (x K) kernel of RANK axes. */
struct kernel kernel_square(int rank, int k);

/* Whether A and B are the same kernel. */
int kernel_equal(const struct kernel *a, const struct kernel *b);

/* Whether every axis has the same extent ("K" rather than "AxB"). */
int kernel_is_square(const struct kernel *k);

/* The largest extent over the axes. */
int kernel_max_extent(const struct kernel *k);

/* The number of taps: the product of the extents (k*k for a square 2-D
 * kernel).  The one place the product of the axes is taken. */
int64_t kernel_taps(const struct kernel *k);

/* The size BKSEF's I(k) and A(k) see: the geometric mean of the extents,
 * exactly k for a square kernel. */
double kernel_size(const struct kernel *k);

/* Order for listing: by size, then by extents axis by axis.  Returns <0, 0
 * or >0 like strcmp. */
int kernel_compare(const struct kernel *a, const struct kernel *b);

/* The token: "K" for a square kernel, "AxB" (or "AxBxC") otherwise, after
 * "ds" for a depthwise-separable one; into BUF
 * of SIZE bytes (KERNEL_TOKEN_MAX is always enough).  Returns BUF. */
char *kernel_format(const struct kernel *k, char *buf, size_t size);

/* How a kernel of RANK axes is written per axis: "K" (1-D: one size),
 * "AxB", "AxBxC". */
const char *kernel_pattern(int rank);

/* K realised as KIND (enum kernel_kind): the same extents. */
static inline struct kernel kernel_realised(struct kernel k, int kind)
{
	k.kind = (uint8_t)kind;
	return k;
}

/* Whether TEXT is written per axis: whole numbers joined by "x" ("1x7",
 * "0x3"), whatever their values. */
int kernel_text_per_axis(const char *text);

/* Parse a token for a layer of RANK axes: "K" (a square kernel) or
 * "AxB..." with exactly RANK extents, each a whole number from 1 to
 * KERNEL_MAX_EXTENT, optionally after "ds" (KERNEL_DS).  BKSEF_EINPUT with
 * the reason in DG (line 0) otherwise. */
int kernel_parse(const char *text, int rank, struct kernel *out, struct diag *dg);

#endif
