/* net.h -- the network model: layers as loaded from a format-v1 file, with
 * shapes, costs and receptive fields inferred once per load. */
#ifndef BKSEF_NET_H
#define BKSEF_NET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cand.h"
#include "diag.h"
#include "kernel.h"

/* Limits on what the loader accepts (documented in bksef(5)). */
#define NET_MAX_FILE_BYTES ((uint64_t)1 << 30) /* 1 GiB */
#define NET_MAX_LINE_BYTES ((size_t)1 << 20)   /* 1 MiB */
#define NET_MAX_FIELD_BYTES ((size_t)1 << 16)  /* 64 KiB; names, from lists */
#define NET_MAX_NAME_BYTES 4096
#define NET_MAX_LAYERS ((size_t)1 << 24) /* 16,777,216 rows */
#define NET_MAX_DIM INT32_MAX            /* any size, stride, kernel, ... */

enum net_op {
	NET_OP_INPUT,
	NET_OP_CONV,
	NET_OP_MAXPOOL,
	NET_OP_AVGPOOL,
	NET_OP_GAP,
	NET_OP_FC,
	NET_OP_ADD,
	NET_OP_CONCAT,
	NET_OP_BN,
	NET_OP_ACT,
	NET_OP_COUNT
};

/* The columns of a network file, in the order bksef writes them.  The one
 * list: the loader reads by these names, the export writes them. */
enum net_column {
	NET_COL_NAME,
	NET_COL_OP,
	NET_COL_FROM,
	NET_COL_OUT,
	NET_COL_H,
	NET_COL_W,
	NET_COL_K,
	NET_COL_STRIDE,
	NET_COL_PAD,
	NET_COL_DILATION,
	NET_COL_GROUPS,
	NET_COL_BIAS,
	NET_COL_TUNE,
	NET_COL_CANDIDATES,
	NET_COL_COUNT
};

/* The columns' names as written in files ("name", "op", ...). */
extern const char *const net_column_names[NET_COL_COUNT];

/* Room for net_column_list's text. */
#define NET_COLUMN_LIST_MAX 160

/* The column names joined by ", " into BUF of SIZE bytes; returns BUF. */
char *net_column_list(char *buf, size_t size);

/* One row of the file.  The first block is what the file says (defaults
 * filled in); the second is inferred by the loader. */
struct net_layer {
	const char *name;                /* NUL-terminated, owned by the net */
	uint32_t line;                   /* line of the file where the row starts */
	uint32_t from_first, from_count; /* inputs: net->from[from_first ...] */
	uint8_t op;                      /* enum net_op */
	uint8_t bias;                    /* conv/fc: 1 if it has a bias */
	uint8_t tune;                    /* conv: 1 if BKSEF may change its kernel */
	uint8_t pad_same;                /* conv/pool: padding is `same` */
	int32_t k, stride, pad, dilation, groups;
	cand_set candidates; /* 0: the run's set */

	int64_t in_c, in_h, in_w; /* input shape (concat: channels summed) */
	int64_t c, h, w;          /* output shape */
	int64_t macs, params;     /* at the loaded kernel */
	int64_t mac_per_k2;       /* conv: MACs = k*k*mac_per_k2 */
	int64_t param_per_k2;     /* conv: params = k*k*param_per_k2 + bias*c */
	int64_t rf, jump, rf_pad; /* receptive field at the loaded kernels */
};

/* What a receptive-field pass needs of one layer, packed so that a pass over
 * a large network reads 16 bytes a layer instead of a whole net_layer. */
struct net_rf_step {
	uint32_t from_first, from_count; /* as in net_layer */
	int32_t dilation;                /* 0: the layer has no kernel */
	int32_t stride;
};

/* A loaded network.  Open for reading; only net_load_* and net_free change it. */
struct net {
	char *name; /* short name: the file's base name without ".csv" */
	size_t n_layers;
	struct net_layer *layers;
	uint32_t *from; /* all layers' input indices, see net_layer.from_* */
	size_t n_conv, n_tunable;
	int64_t total_macs, total_params, max_rf; /* at the loaded kernels */
	int32_t *kernel;                          /* per layer: loaded kernel, 0 without one */
	uint32_t *conv;                           /* the n_conv conv layers' indices */
	int64_t (*conv_per_k2)[2];                /* per conv: mac_per_k2, param_per_k2 */
	struct net_rf_step *rf_steps;             /* per layer, for rf_compute */
	/* private */
	char *strings;
	size_t strings_len;
	uint32_t *index; /* hash of names -> layer + 1 */
	size_t index_cap;
	uint64_t index_key[2]; /* its SipHash key, new for each net */
	uint64_t index_probes; /* slots examined while the index was built */
};

/* Load a network from the file PATH ("-" reads standard input).  DISPLAY
 * names the file in diagnostics (may equal PATH).  On success *OUT owns a new
 * net (free with net_free); on failure *OUT is NULL, DG says where and what,
 * and the status is BKSEF_EINPUT, BKSEF_EIO or BKSEF_ENOMEM. */
int net_load_file(const char *path, const char *display, struct net **out, struct diag *dg);

/* The same from an open stream FP (read to its end, not closed). */
int net_load_stream(FILE *fp, const char *display, struct net **out, struct diag *dg);

/* The same from LEN bytes at DATA (for tests and fuzzing). */
int net_load_buffer(const void *data, size_t len, const char *display, struct net **out,
                    struct diag *dg);

/* Free NET and all it owns; net_free(NULL) does nothing. */
void net_free(struct net *net);

/* The op's name as written in files ("conv"), or NULL for an invalid op. */
const char *net_op_name(int op);

/* Whether op OP has a kernel (conv, maxpool, avgpool). */
static inline int net_op_has_kernel(int op)
{
	return op == NET_OP_CONV || op == NET_OP_MAXPOOL || op == NET_OP_AVGPOOL;
}

/* Index of the layer called NAME, or -1. */
long net_find_layer(const struct net *net, const char *name);

/* How many slots of the name index the loader examined while it added
 * NET's n_layers names: at least one a name, about 1.2 a name whatever the
 * names are (see test_index_flood in tests/unit/test_net.c); for tests. */
uint64_t net_index_probes(const struct net *net);

/* The names of layer I's inputs, joined by single spaces ("" when it has
 * none), into *BUF: a malloc'd block of *CAP bytes, or NULL with *CAP 0,
 * that grows (realloc) as needed and stays the caller's to free.  Returns
 * BKSEF_OK, or BKSEF_ENOMEM with *BUF and *CAP as they were. */
int net_layer_inputs(const struct net *net, size_t i, char **buf, size_t *cap);

/* Padding of conv/pool layer I if its kernel were K: the same output shape is
 * kept (see bksef(5)).  Returns 1 and sets *PAD when K keeps every output
 * shape, 0 when K is not allowed for that layer. */
int net_pad_for_kernel(const struct net *net, size_t i, long k, int64_t *pad);

/* MACs and parameters of conv layer L at kernel K.  The loader has checked
 * that no allowed K (up to CAND_MAX or the loaded k) overflows. */
static inline int64_t net_layer_macs_at(const struct net_layer *l, long k)
{
	return (int64_t)k * k * l->mac_per_k2;
}
static inline int64_t net_layer_params_at(const struct net_layer *l, long k)
{
	return (int64_t)k * k * l->param_per_k2 + (l->bias ? l->c : 0);
}

/* The same at kernel K (a full kernel of the layer's rank): the kernel's
 * taps times the per-tap constant. */
static inline int64_t net_layer_macs_kernel(const struct net_layer *l, const struct kernel *k)
{
	return kernel_taps(k) * l->mac_per_k2;
}
static inline int64_t net_layer_params_kernel(const struct net_layer *l, const struct kernel *k)
{
	return kernel_taps(k) * l->param_per_k2 + (l->bias ? l->c : 0);
}

#endif
