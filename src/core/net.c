/* net.c -- the network model: ops, the name index, kernel changes. */
#include <config.h>

#include "net_impl.h"

#include "csvout.h"
#include "hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[NET_OP_COUNT] = {
	[NET_OP_INPUT] = "input",
	[NET_OP_CONV] = "conv",
	[NET_OP_MAXPOOL] = "maxpool",
	[NET_OP_AVGPOOL] = "avgpool",
	[NET_OP_GAP] = "gap",
	[NET_OP_FC] = "fc",
	[NET_OP_ADD] = "add",
	[NET_OP_CONCAT] = "concat",
	[NET_OP_BN] = "bn",
	[NET_OP_ACT] = "act",
	[NET_OP_MUL] = "mul",
	[NET_OP_SLICE] = "slice",
	[NET_OP_SHUFFLE] = "shuffle",
	[NET_OP_LAYERNORM] = "layernorm",
	[NET_OP_SCALE] = "scale",
	[NET_OP_UPSAMPLE] = "upsample",
	[NET_OP_CONVTRANSPOSE] = "convtranspose",
};

const char *const net_column_names[NET_COL_COUNT] = {
	"name",      "op",    "from",     "out",    "h",    "w",     "k",
	"stride",    "pad",   "dilation", "groups", "bias", "tune",  "candidates",
	"ceil_mode", "start", "t",        "l",      "mode", "scale", "output_padding",
};

const char *net_axis_name(int rank, int a)
{
	static const char *const names[3][KERNEL_MAX_AXES] = { { "l" },
		                                               { "h", "w" },
		                                               { "t", "h", "w" } };
	return rank >= 1 && rank <= 3 && a >= 0 && a < rank ? names[rank - 1][a] : "?";
}

void net_axis_header(struct csvout *co, const char *const *header, size_t n, int rank)
{
	for (size_t i = 0; i < n; i++) {
		const char *h = header[i], *u = strrchr(h, '_');
		char name[64];
		if (rank == 2 || u == NULL || (strcmp(u, "_w") != 0 && strcmp(u, "_h") != 0)) {
			csvout_str(co, h);
			continue;
		}
		for (int a = 0; strcmp(u, "_w") == 0 && a < rank; a++) {
			snprintf(name, sizeof name, "%.*s_%s", (int)(u - h), h,
			         net_axis_name(rank, a));
			csvout_str(co, name);
		}
	}
}

char *net_layer_shape(const struct net_layer *l, int rank, int in, char *buf, size_t size)
{
	size_t used = 0;
	int n = snprintf(buf, size, "%lld", (long long)(in ? l->in_c : l->c));
	for (int a = 0; a < rank && n >= 0; a++) {
		used += (size_t)n;
		if (used >= size)
			break;
		n = snprintf(buf + used, size - used, "x%lld",
		             (long long)net_layer_size(l, rank, a, in));
	}
	return buf;
}

/* NAMES[0 .. N) joined by ", " into BUF of SIZE bytes. */
static char *join_names(const char *const *names, int n, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int c = 0; c < n && used < size; c++) {
		int w = snprintf(buf + used, size - used, c ? ", %s" : "%s", names[c]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

char *net_column_list(char *buf, size_t size, int version)
{
	return join_names(net_column_names, version >= 2 ? NET_COL_COUNT : NET_COL_V1_COUNT, buf,
	                  size);
}

char *net_op_list(char *buf, size_t size, int version)
{
	return join_names(op_names, version >= 2 ? NET_OP_COUNT : NET_OP_V1_COUNT, buf, size);
}

const char *net_op_name(int op)
{
	return op >= 0 && op < NET_OP_COUNT ? op_names[op] : NULL;
}

int net_op_find(const char *s, size_t len)
{
	for (int op = 0; op < NET_OP_COUNT; op++) {
		const char *n = op_names[op];
		size_t k = 0;
		/* (never past N's NUL) */
		while (k < len && n[k] != '\0' && n[k] == s[k])
			k++;
		if (k == len && n[k] == '\0')
			return op;
	}
	return -1;
}

void net_free(struct net *net)
{
	if (net == NULL)
		return;
	free(net->name);
	free(net->layers);
	free(net->from);
	free(net->strings);
	free(net->index);
	free(net->kernel);
	free(net->conv);
	free(net->conv_per_k2);
	free(net->rf_steps);
	free(net->ext);
	free(net->cand_kernel);
	free(net->global);
	free(net->ups);
	for (int a = 0; a < KERNEL_MAX_AXES; a++) {
		free(net->kernel_axis[a]);
		free(net->rf_steps_axis[a]);
	}
	free(net);
}

/* The name index: open addressing with linear probing, at most half full.
 * A file chooses the names, so the hash is keyed (SipHash-2-4 under a key
 * drawn for each net): no file can make its names collide, as 2^17 names
 * did under v0.1.0's FNV-1a (58 s to load).  Nothing depends on where a
 * name lands: lookups return layer numbers, never the table's order.
 *
 * The key is drawn by the loader (net_load.c), which hashes each name as it
 * reads it.  A slot holds 0 (empty), or the layer number + 1 in its low INDEX_BITS
 * bits and the top bits of the name's hash above them: a probe that meets
 * another name is told apart by those bits, nearly always without reading
 * that layer's name (a cache miss). */
#define INDEX_BITS 25 /* NET_MAX_LAYERS + 1 fits */
#define INDEX_TAGS (~((UINT32_C(1) << INDEX_BITS) - 1))
#define INDEX_LAYER(e) (((e) & ~INDEX_TAGS) - 1)
#define INDEX_TAG(h) ((uint32_t)((h) >> (64 - (32 - INDEX_BITS))) << INDEX_BITS)

uint64_t net_name_hash(const struct net *net, const char *s, size_t len)
{
	return hash_sip24(net->index_key, s, len);
}

/* Whether layer I of NET is named S[0 .. LEN). */
static int name_is(const struct net *net, size_t i, const char *s, size_t len)
{
	const char *name = net->layers[i].name;
	return strncmp(name, s, len) == 0 && name[len] == '\0';
}

long net_index_build(struct net *net, const struct net_row_text *rows, size_t *first)
{
	/* The slots of the names AHEAD rows on are prefetched: a keyed hash
	 * scatters even similar names over the whole table, so nearly every
	 * slot is a cache miss, and this overlaps them.  The names' hashes
	 * come from the loader, which hashed each name as it read it. */
	enum { AHEAD = 16 };
	size_t n = net->n_layers, cap = 1024;

	_Static_assert(NET_MAX_LAYERS < ((size_t)1 << INDEX_BITS), "layer numbers fit a slot");
	/* At most half full: 2n + 2 slots rounded up to a power of two. */
	while (cap < 2 * n + 2)
		cap *= 2;
	free(net->index);
	net->index = calloc(cap, sizeof *net->index);
	net->index_cap = net->index ? cap : 0;
	net->index_probes = 0;
	if (net->index == NULL)
		return -2;

	size_t mask = cap - 1;
	for (size_t i = 0; i < n && i < AHEAD; i++)
		__builtin_prefetch(&net->index[rows[i].name_hash & mask], 1);
	for (size_t i = 0; i < n; i++) {
		uint64_t h = rows[i].name_hash;
		size_t j = h & mask;
		uint32_t tag = INDEX_TAG(h);
		if (i + AHEAD < n)
			__builtin_prefetch(&net->index[rows[i + AHEAD].name_hash & mask], 1);
		net->index_probes++;
		while (net->index[j] != 0) {
			size_t other = INDEX_LAYER(net->index[j]);
			if ((net->index[j] & INDEX_TAGS) == tag &&
			    name_is(net, other, net->layers[i].name, rows[i].name_len)) {
				*first = other;
				return (long)i;
			}
			j = (j + 1) & mask;
			net->index_probes++;
		}
		net->index[j] = tag | (uint32_t)(i + 1);
	}
	return -1;
}

uint64_t net_index_probes(const struct net *net)
{
	return net->index_probes;
}

long net_find_layer_len(const struct net *net, const char *name, size_t len)
{
	if (net->index_cap == 0)
		return -1;
	size_t mask = net->index_cap - 1;
	uint64_t h = net_name_hash(net, name, len);
	uint32_t tag = INDEX_TAG(h);
	for (size_t j = h & mask; net->index[j] != 0; j = (j + 1) & mask) {
		size_t i = INDEX_LAYER(net->index[j]);
		if ((net->index[j] & INDEX_TAGS) == tag && name_is(net, i, name, len))
			return (long)i;
	}
	return -1;
}

long net_find_layer(const struct net *net, const char *name)
{
	return net_find_layer_len(net, name, strlen(name));
}

int net_layer_inputs(const struct net *net, size_t i, char **buf, size_t *cap)
{
	const struct net_layer *l = &net->layers[i];
	size_t need = 1, len = 0;

	for (uint32_t f = 0; f < l->from_count; f++)
		need += strlen(net->layers[net->from[l->from_first + f]].name) + 1;
	if (need > *cap) {
		char *p = realloc(*buf, need);
		if (p == NULL)
			return BKSEF_ENOMEM;
		*buf = p;
		*cap = need;
	}
	for (uint32_t f = 0; f < l->from_count; f++) {
		const char *name = net->layers[net->from[l->from_first + f]].name;
		size_t n = strlen(name);
		if (f)
			(*buf)[len++] = ' ';
		memcpy(*buf + len, name, n);
		len += n;
	}
	(*buf)[len] = '\0';
	return BKSEF_OK;
}

int64_t net_out_size(int64_t in, int64_t pad, int64_t dil, int64_t k, int64_t stride)
{
	int64_t span = in + 2 * pad - dil * (k - 1) - 1;
	return span < 0 ? 0 : span / stride + 1;
}

int64_t net_out_size_ceil(int64_t in, int64_t pad, int64_t dil, int64_t k, int64_t stride)
{
	int64_t span = in + 2 * pad - dil * (k - 1) - 1, out;
	if (span < 0)
		return 0;
	out = (span + stride - 1) / stride + 1;
	/* As torch: the last window must start inside the input or its left
	 * padding, not wholly in the right padding. */
	if ((out - 1) * stride >= in + pad)
		out--;
	return out;
}

struct kernel net_layer_kernel(const struct net *net, size_t i)
{
	const struct net_layer *l = &net->layers[i];
	struct kernel k = kernel_square(net->rank, l->k);
	for (int a = 1; a < net->rank; a++)
		k.k[a] = net_layer_axis(net, l, a).k;
	return k;
}

int net_pads_for_kernel(const struct net *net, size_t i, const struct kernel *k,
                        int64_t pad[KERNEL_MAX_AXES])
{
	const struct net_layer *l = &net->layers[i];
	const struct net_ext *e = net_layer_ext(net, l);
	int64_t p[KERNEL_MAX_AXES];

	if (k->n_axes != net->rank)
		return 0;
	for (int a = 0; a < net->rank; a++) {
		struct net_axis ax = net_layer_axis(net, l, a);
		int64_t ka = k->k[a];
		if (ka < 1 || ka > NET_MAX_DIM)
			return 0;
		if (l->pad_same) {
			p[a] = (int64_t)ax.dilation * (ka - 1) / 2;
		} else {
			int64_t twice = 2 * (int64_t)ax.pad + (int64_t)ax.dilation * (ka - ax.k);
			if (twice < 0 || twice % 2 != 0)
				return 0;
			p[a] = twice / 2;
		}
		int64_t in = net_layer_size(l, net->rank, a, 1),
		        out = net_layer_size(l, net->rank, a, 0);
		int64_t got = e != NULL && e->ceil_mode
		                  ? net_out_size_ceil(in, p[a], ax.dilation, ka, ax.stride)
		                  : net_out_size(in, p[a], ax.dilation, ka, ax.stride);
		if (got != out)
			return 0;
	}
	for (int a = 0; a < net->rank; a++)
		pad[a] = p[a];
	return 1;
}

int net_pad_for_kernel(const struct net *net, size_t i, long k, int64_t *pad)
{
	int64_t p[KERNEL_MAX_AXES];
	struct kernel sq;

	if (k < 1 || k > NET_MAX_DIM)
		return 0;
	sq = kernel_square(net->rank, (int)k);
	if (!net_pads_for_kernel(net, i, &sq, p))
		return 0;
	*pad = p[0];
	return 1;
}
