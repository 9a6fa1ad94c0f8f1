/* net_impl.h -- what net.c, net_load.c and net_infer.c share (and onnx_map.c,
 * for the output-size rule); not for other
 * modules. */
#ifndef BKSEF_NET_IMPL_H
#define BKSEF_NET_IMPL_H

#include "net.h"

/* No `from` column value: the row takes the row above. */
#define NET_FROM_DEFAULT UINT32_MAX

/* What the loader keeps of each row for the name index and net_infer. */
struct net_row_text {
	uint64_t name_hash; /* net_name_hash of its name */
	uint32_t from;      /* offset in net->strings of its `from` text, or NET_FROM_DEFAULT
	                       (the file is at most 1 GiB, so are the strings) */
	uint16_t name_len;  /* its name's length (at most NET_MAX_NAME_BYTES) */
};

/* The hash of the name S[0 .. LEN) under NET's index key (net->index_key,
 * drawn with hash_key_new before the first name is hashed). */
uint64_t net_name_hash(const struct net *net, const char *s, size_t len);

/* Build the name index of NET's n_layers layers, whose names are set, in
 * file order; ROWS[i].name_hash is layer i's net_name_hash.  Returns -1 when
 * all names differ; else the first layer whose name an earlier layer has,
 * with that earlier layer in *FIRST; or -2 when out of memory (the index is
 * then empty). */
long net_index_build(struct net *net, const struct net_row_text *rows, size_t *first);

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

/* Resolve inputs, infer shapes, costs and receptive fields, and total them;
 * ROWS[i] is what the loader kept of layer i's row.  The name index is
 * built (all names differ).  Reports the first problem in DG (with the
 * row's line). */
int net_infer(struct net *net, const struct net_row_text *rows, struct diag *dg);

#endif
