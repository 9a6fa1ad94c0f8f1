/* net_impl.h -- what net.c, net_load.c and net_infer.c share; not for other
 * modules. */
#ifndef BKSEF_NET_IMPL_H
#define BKSEF_NET_IMPL_H

#include "net.h"

/* No `from` column value: the row takes the row above. */
#define NET_FROM_DEFAULT ((size_t)-1)

/* Add NAME (already in net->strings at offset OFF) as layer I to the name
 * index.  Returns the index of an earlier layer of that name, or -1 when the
 * name is new; BKSEF_ENOMEM is reported as -2. */
long net_index_add(struct net *net, const char *name, size_t i);

/* Size the name index for N layers at once, so that adding them never
 * rehashes.  Returns 0, or -1 when out of memory. */
int net_index_reserve(struct net *net, size_t n);

/* The output size of a conv or pool along one axis: (IN + 2 PAD - DIL (K -
 * 1) - 1) / STRIDE + 1, or 0 when the kernel does not fit.  The one home of
 * the formula: the loader infers shapes with it, net_pad_for_kernel checks a
 * new kernel keeps them. */
int64_t net_out_size(int64_t in, int64_t pad, int64_t dil, int64_t k, int64_t stride);

/* Resolve inputs, infer shapes, costs and receptive fields, and total them.
 * FROM_OFF[i] is the offset in net->strings of layer i's `from` text, or
 * NET_FROM_DEFAULT.  Reports the first problem in DG (with the row's line). */
int net_infer(struct net *net, const size_t *from_off, struct diag *dg);

#endif
