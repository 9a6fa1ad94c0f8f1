/* net.h -- the network model: layers as loaded from a format-1 or format-2
 * file, with shapes, costs and receptive fields inferred once per load. */
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
	/* format 2 */
	NET_OP_MUL,           /* elementwise product; the second input may be C x 1 x 1 */
	NET_OP_SLICE,         /* channels start .. start + out - 1 of its input */
	NET_OP_SHUFFLE,       /* channel shuffle by groups */
	NET_OP_LAYERNORM,     /* layer normalisation over the channels: 2C parameters */
	NET_OP_SCALE,         /* a learned scale per channel: C parameters */
	NET_OP_UPSAMPLE,      /* nearest or (bi/tri)linear, by a whole factor or to a size */
	NET_OP_CONVTRANSPOSE, /* a transposed convolution (fixed: never tuned) */
	NET_OP_COUNT
};

/* The ops format 1 knows: input .. act. */
#define NET_OP_V1_COUNT (NET_OP_ACT + 1)

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
	/* format 2 */
	NET_COL_CEIL_MODE,
	NET_COL_START,
	NET_COL_T,              /* the input's time (depth) axis: a 3-D network */
	NET_COL_L,              /* the input's length: a 1-D network */
	NET_COL_MODE,           /* upsample: nearest, linear, bilinear, trilinear */
	NET_COL_SCALE,          /* upsample: a whole factor per axis */
	NET_COL_OUTPUT_PADDING, /* convtranspose: added to one side of its output */
	NET_COL_COUNT
};

/* The columns format 1 knows: name .. candidates. */
#define NET_COL_V1_COUNT (NET_COL_CANDIDATES + 1)

/* The exact first line of a format-2 file. */
#define NET_FORMAT2_LINE "#bksef-format 2"

/* The columns' names as written in files ("name", "op", ...). */
extern const char *const net_column_names[NET_COL_COUNT];

/* Room for net_column_list's text. */
#define NET_COLUMN_LIST_MAX 200

/* The names of the columns format VERSION (1 or 2) knows, joined by ", ",
 * into BUF of SIZE bytes; returns BUF. */
char *net_column_list(char *buf, size_t size, int version);

/* The names of the ops format VERSION knows, joined by ", ", into BUF of
 * SIZE bytes (NET_COLUMN_LIST_MAX is enough); returns BUF. */
char *net_op_list(char *buf, size_t size, int version);

/* One row of the file.  The first block is what the file says (defaults
 * filled in); the second is inferred by the loader (a transposed conv's
 * fields as a conv's, its MACs over its input's positions).  A conv or pool whose
 * kernel, stride, padding or dilation differ between axes (format 2) keeps
 * them in its net_ext; k, stride, pad and dilation here are then those of
 * axis 0 (the height): read every axis with net_layer_axis. */
struct net_layer {
	const char *name;                         /* NUL-terminated, owned by the net */
	uint32_t line;                            /* line of the file where the row starts */
	uint32_t from_first, from_count;          /* inputs: net->from[from_first ...] */
	uint8_t op;                               /* enum net_op */
	uint8_t bias;                             /* conv/fc: 1 if it has a bias */
	uint8_t tune;                             /* conv: 1 if BKSEF may change its kernel */
	uint8_t pad_same;                         /* conv/pool: padding is `same` */
	int32_t k, stride, pad, dilation, groups; /* groups: a shuffle's too */
	uint32_t ext;        /* 0, or 1 + the index of its net_ext in net->ext */
	cand_set candidates; /* square candidates; none here or in the ext: the run's set */

	int64_t in_c, in_h, in_w; /* input shape (concat: channels summed) */
	int64_t c, h, w;          /* output shape */
	int64_t in_t, t;          /* 3-D: the outermost axis; 1 otherwise (net_layer_size) */
	int64_t macs, params;     /* at the loaded kernel */
	int64_t mac_per_k2;       /* conv: MACs = taps*mac_per_k2 (k*k in 2-D) */
	int64_t param_per_k2;     /* conv: params = taps*param_per_k2 + bias*c */
	int64_t rf, jump, rf_pad; /* receptive field at the loaded kernels */
};

/* What a format-2 layer has beyond net_layer's fields, in a side table so
 * that a format-1 layer pays nothing for it (net_layer.ext). */
struct net_ext {
	int32_t k[KERNEL_MAX_AXES]; /* per axis, outermost first; pad as resolved */
	int32_t stride[KERNEL_MAX_AXES], pad[KERNEL_MAX_AXES], dilation[KERNEL_MAX_AXES];
	int32_t start;                    /* slice: the first channel it takes */
	int32_t scale[KERNEL_MAX_AXES];   /* upsample: its factor per axis, 0: to size */
	int32_t size[KERNEL_MAX_AXES];    /* upsample: the size it gives, 0: by scale */
	int32_t out_pad[KERNEL_MAX_AXES]; /* convtranspose: output padding per axis */
	uint8_t mode;                     /* upsample: enum net_upsample_mode */
	uint8_t ceil_mode;                /* max/avg pool: output sizes round up */
	uint8_t per_axis;                 /* conv/pool: k, stride, pad or dilation differ by axis;
	                     upsample: its factor (out / in) does */
	uint8_t ds;                       /* conv: its own candidates are "dsK" */
	uint32_t cand_first;              /* per-axis candidates: net->cand_kernel[cand_first ..] */
	uint32_t cand_count;              /* (a conv's own list has its squares in candidates) */
};

/* How an upsample fills its output. */
enum net_upsample_mode {
	NET_UP_NEAREST, /* each output copies one input pixel */
	NET_UP_LINEAR   /* linear, bilinear or trilinear by rank: reads two a axis */
};

/* One upsample's sizes on each axis, for the receptive-field passes. */
struct net_up {
	int64_t in[KERNEL_MAX_AXES], out[KERNEL_MAX_AXES];
	uint8_t linear;
};

/* One axis of a conv or pool. */
struct net_axis {
	int32_t k, stride, pad, dilation;
};

/* What a receptive-field pass needs of one layer, packed so that a pass over
 * a large network reads 16 bytes a layer instead of a whole net_layer. */
struct net_rf_step {
	uint32_t from_first, from_count; /* as in net_layer */
	int32_t dilation;                /* 0: the layer has no kernel */
	int32_t stride;                  /* < 0: with a kernel, a transposed conv of stride -stride;
	                   without, upsample net->ups[-stride - 1] */
};

/* A loaded network.  Open for reading; only net_load_* and net_free change it. */
struct net {
	char *name;  /* short name: the file's base name without ".csv" */
	int version; /* the file's format: 1 or 2 */
	int rank;    /* spatial axes of its images: 1 (C x L), 2 (C x H x W) or 3 (C x T x H x W) */
	size_t n_layers;
	struct net_layer *layers;
	uint32_t *from; /* all layers' input indices, see net_layer.from_* */
	size_t n_conv, n_tunable;
	int64_t total_macs, total_params, max_rf; /* at the loaded kernels */
	int32_t *kernel;              /* per layer: loaded kernel's largest extent, 0 without one */
	uint32_t *conv;               /* the n_conv conv layers' indices */
	int64_t (*conv_per_k2)[2];    /* per conv: mac_per_k2, param_per_k2 */
	struct net_rf_step *rf_steps; /* per layer, for rf_compute (axis 0) */
	/* Through an upsample or a transposed conv the jump and the effective
	 * padding are fractions: the receptive-field passes keep them as whole
	 * multiples of 1 / rf_den, the one denominator that makes all of them
	 * whole (1 when the network has neither). */
	int64_t rf_den;
	struct net_up *ups; /* the upsamples, in file order */
	size_t n_ups;
	/* Format 2; all NULL or 0 for a format-1 network. */
	struct net_ext *ext; /* see net_layer.ext */
	size_t n_ext;
	struct kernel *cand_kernel; /* per-axis candidates, see net_ext */
	size_t n_cand_kernel;
	uint8_t *global; /* per layer: 1 when each output sees the whole input (a gate
	                    through gap); NULL for format 1 */
	/* Per axis, only when some layer's axes differ (per_axis): */
	int per_axis;
	int32_t *kernel_axis[KERNEL_MAX_AXES];              /* loaded extents on each axis */
	struct net_rf_step *rf_steps_axis[KERNEL_MAX_AXES]; /* [0] NULL: rf_steps */
	/* private */
	char *strings;
	size_t strings_len;
	uint32_t *index; /* hash of names -> layer + 1 (net.c: with hash bits) */
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

/* Whether op OP has a kernel (conv, maxpool, avgpool, convtranspose). */
static inline int net_op_has_kernel(int op)
{
	return op == NET_OP_CONV || op == NET_OP_MAXPOOL || op == NET_OP_AVGPOOL ||
	       op == NET_OP_CONVTRANSPOSE;
}

/* The largest kernel extent any plan may give a layer of op OP loaded at
 * extent K: a conv's may be pinned to any candidate size, up to CAND_MAX.
 * The loader checks every receptive field at these (net_infer), so that
 * no plan's overflows. */
static inline int32_t net_worst_kernel(int op, int32_t k)
{
	return op == NET_OP_CONV && k < CAND_MAX ? CAND_MAX : k;
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

/* Layer L's size on axis A (0: the outermost, below RANK): of its output,
 * or of its input when IN is 1.  A 1-D layer keeps its length in w (h and t
 * are 1), a 2-D one h and w, a 3-D one t, h and w. */
static inline int64_t net_layer_size(const struct net_layer *l, int rank, int a, int in)
{
	int x = a + 3 - rank; /* 0: t, 1: h, 2: w */
	if (x == 0)
		return in ? l->in_t : l->t;
	return x == 1 ? (in ? l->in_h : l->h) : (in ? l->in_w : l->w);
}

/* The number of positions of layer L's output (its input when IN is 1):
 * t * h * w.  The loader has checked that it fits. */
static inline int64_t net_layer_positions(const struct net_layer *l, int in)
{
	return in ? l->in_t * l->in_h * l->in_w : l->t * l->h * l->w;
}

/* Layer L's shape as "CxHxW" (CxL, CxTxHxW by RANK; IN: of its input) into
 * BUF of SIZE bytes (NET_SHAPE_MAX is enough); returns BUF. */
#define NET_SHAPE_MAX 96
char *net_layer_shape(const struct net_layer *l, int rank, int in, char *buf, size_t size);

/* The names of RANK's axes ("l"; "h", "w"; "t", "h", "w"): axis A's. */
const char *net_axis_name(int rank, int a);

/* Write the CSV header HEADER[0 .. N) to CO for a network of RANK axes: a
 * column named "X_w" stands for all of them ("X_l"; "X_h", "X_w"; "X_t",
 * "X_h", "X_w") and one named "X_h" is dropped unless RANK is 2, so that a
 * 2-D network's header is HEADER itself. */
struct csvout;
void net_axis_header(struct csvout *co, const char *const *header, size_t n, int rank);

/* Layer L's kernel, stride, padding and dilation on axis A (0: height,
 * below net->rank).  L must be a conv or pool of NET. */
static inline struct net_axis net_layer_axis(const struct net *net, const struct net_layer *l,
                                             int a)
{
	if (l->ext != 0 && net->ext[l->ext - 1].per_axis) {
		const struct net_ext *e = &net->ext[l->ext - 1];
		return (struct net_axis){ e->k[a], e->stride[a], e->pad[a], e->dilation[a] };
	}
	return (struct net_axis){ l->k, l->stride, l->pad, l->dilation };
}

/* Layer L's extras (format 2), or NULL when it has none. */
static inline const struct net_ext *net_layer_ext(const struct net *net, const struct net_layer *l)
{
	return l->ext != 0 ? &net->ext[l->ext - 1] : NULL;
}

/* Whether conv L has its own candidates (its `candidates` column). */
static inline int net_layer_own_candidates(const struct net *net, const struct net_layer *l)
{
	return l->candidates != 0 || (l->ext != 0 && net->ext[l->ext - 1].cand_count > 0);
}

/* The loaded kernel of conv or pool layer I: per axis, of the net's rank. */
struct kernel net_layer_kernel(const struct net *net, size_t i);

/* Whether layer I's output at each position sees the whole input (a gate
 * fed through a global pooling, see bksef(5)); always 0 in format 1. */
static inline int net_layer_global(const struct net *net, size_t i)
{
	return net->global != NULL && net->global[i];
}

/* Padding of conv/pool layer I on each axis if its kernel were K (of the
 * net's rank): the same output shape is kept (see bksef(5)).  Returns 1 and
 * sets PAD[0 .. rank) when K keeps every output shape, 0 when K is not
 * allowed for that layer. */
int net_pads_for_kernel(const struct net *net, size_t i, const struct kernel *k,
                        int64_t pad[KERNEL_MAX_AXES]);

/* The same for the square kernel K; *PAD gets axis 0's padding. */
int net_pad_for_kernel(const struct net *net, size_t i, long k, int64_t *pad);

/* MACs and parameters of a 2-D conv layer L at the square kernel K (k*k
 * taps; net_layer_macs_kernel for any rank).  The loader has checked that
 * no allowed K (up to CAND_MAX or the loaded k) overflows. */
static inline int64_t net_layer_macs_at(const struct net_layer *l, long k)
{
	return (int64_t)k * k * l->mac_per_k2;
}
static inline int64_t net_layer_params_at(const struct net_layer *l, long k)
{
	return (int64_t)k * k * l->param_per_k2 + (l->bias ? l->c : 0);
}

/* The two layers of conv L (groups 1) realised depthwise-separable at K
 * (bksef(5)): [0] the depthwise conv (K's taps per input channel and output
 * position, K's taps per input channel as parameters, no bias), [1] the 1x1
 * pointwise conv (in_c * c per output position; in_c * c parameters and the
 * layer's bias).  The loader's bound on the largest kernel covers both. */
static inline void net_layer_ds_parts(const struct net_layer *l, const struct kernel *k,
                                      int64_t macs[2], int64_t params[2])
{
	int64_t positions = net_layer_positions(l, 0);
	macs[0] = kernel_taps(k) * l->in_c * positions;
	params[0] = kernel_taps(k) * l->in_c;
	macs[1] = l->in_c * l->c * positions;
	params[1] = l->in_c * l->c + (l->bias ? l->c : 0);
}

/* The same at kernel K of the layer's rank: a full kernel's taps times the
 * per-tap constant, or a depthwise-separable one's two layers summed. */
static inline int64_t net_layer_macs_kernel(const struct net_layer *l, const struct kernel *k)
{
	int64_t macs[2], params[2];
	if (k->kind != KERNEL_DS)
		return kernel_taps(k) * l->mac_per_k2;
	net_layer_ds_parts(l, k, macs, params);
	return macs[0] + macs[1];
}
static inline int64_t net_layer_params_kernel(const struct net_layer *l, const struct kernel *k)
{
	int64_t macs[2], params[2];
	if (k->kind != KERNEL_DS)
		return kernel_taps(k) * l->param_per_k2 + (l->bias ? l->c : 0);
	net_layer_ds_parts(l, k, macs, params);
	return params[0] + params[1];
}

#endif
