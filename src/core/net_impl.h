/* net_impl.h -- what net.c, net_load.c and net_infer.c share (and onnx_map.c,
 * for the output-size rule); not for other
 * modules. */
#ifndef BKSEF_NET_IMPL_H
#define BKSEF_NET_IMPL_H

#include "net.h"

/* No `from` column value: the row takes the row above. */
#define NET_FROM_DEFAULT ((size_t)-1)

/* Build the name index of NET's n_layers layers, whose names are set, in
 * file order, under a new key.  Returns -1 when all names differ; else the
 * first layer whose name an earlier layer has, with that earlier layer in
 * *FIRST; or -2 when out of memory (the index is then empty). */
long net_index_build(struct net *net, size_t *first);

/* The op named S[0 .. LEN) (not NUL-terminated), or -1. */
int net_op_find(const char *s, size_t len);

/* As net_find_layer, of the name NAME[0 .. LEN) (not NUL-terminated). */
long net_find_layer_len(const struct net *net, const char *name, size_t len);

/* The output size of a conv or pool along one axis: (IN + 2 PAD - DIL (K -
 * 1) - 1) / STRIDE + 1, or 0 when the kernel does not fit.  The one home of
 * the formula: the loader infers shapes with it, net_pad_for_kernel checks a
 * new kernel keeps them. */
int64_t net_out_size(int64_t in, int64_t pad, int64_t dil, int64_t k, int64_t stride);

/* The same rounded up, as a pool in ceil mode (torch's rule: a window that
 * would start in the right padding is dropped), or 0 when it does not fit. */
int64_t net_out_size_ceil(int64_t in, int64_t pad, int64_t dil, int64_t k, int64_t stride);

/* Resolve inputs, infer shapes, costs and receptive fields, and total them.
 * FROM_OFF[i] is the offset in net->strings of layer i's `from` text, or
 * NET_FROM_DEFAULT; NAME_LEN[i] the length of its name.  The name index is
 * built (all names differ).  Reports the first problem in DG (with the
 * row's line). */
int net_infer(struct net *net, const size_t *from_off, const uint16_t *name_len, struct diag *dg);

#endif
