/* onnx_map.c -- map an ONNX graph onto a network file (bksef(5)): normalise
 * (aliases, constant-folded shape subgraphs, fused Pad, activation and norm
 * patterns, views as Transpose and Reshape make them), then op by op. */
#include <config.h>

#include "onnx_map.h"

#include "escape.h"
#include "hash.h"
#include "net_impl.h"
#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char onnx_map_folded_bn_note[] =
    "the exporter may have folded BatchNorm into the convolutions; parameters are those of "
    "the exported graph";

/* ------------------------------------------------------------ text */

struct buf {
	char *p;
	size_t len, cap;
	int oom;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ----------------------------------------------------------- values */

/* How a feature value lays out its row's C x H x W output. */
enum layout {
	L_NCHW,    /* [N, C, H, W] */
	L_NHWC,    /* [N, H, W, C]: after Transpose 0 2 3 1 */
	L_FLAT,    /* [N, C*H*W]: after Flatten, or a Reshape to two axes */
	L_GROUP,   /* [N, g, C/g, H, W]: channel shuffle's first Reshape */
	L_GROUP_T, /* [N, C/g, g, H, W]: and its Transpose */
};

enum val_kind {
	V_UNSET = 0,
	V_BAD,   /* made by a refused node: its consumers are not listed again */
	V_FEAT,  /* a tensor computed from the image */
	V_CONST, /* a constant: an initializer, a Constant, a folded shape */
};

/* Normalisation stages of a feature (layer norm written out as a chain). */
enum stage {
	S_PLAIN = 0, /* the row's output, or an elementwise function of it */
	S_STAT,      /* a statistic over the channels at each position */
	S_NORM,      /* the row's output combined with such statistics */
};

#define MAX_CONST_RANK 8

struct val {
	uint8_t kind, layout, stage;
	uint8_t derived;      /* an elementwise function of the row (an act to come) */
	uint8_t has_w, has_b; /* S_NORM: the affine weight and bias seen */
	uint8_t padded;       /* a Pad waits for the next conv or pool */
	uint8_t has_ints;     /* V_CONST: ints[] known */
	uint32_t row;         /* V_FEAT: the row it is a view or function of */
	int32_t mat;          /* derived or S_NORM: its row once written, else -1 */
	int32_t groups;       /* L_GROUP, L_GROUP_T */
	int64_t pad[4];       /* padded: begins h, w, then ends h, w */
	const char *name;     /* its ONNX name (for rows made from it) */
	uint32_t idx;         /* its index */
	/* V_CONST */
	uint32_t rank;
	int64_t dims[MAX_CONST_RANK];
	uint64_t n_elements;
	int64_t *ints;       /* owned; n_elements of them when has_ints */
	const double *reals; /* the model's: n_elements floats, or NULL */
};

struct row {
	const char *src; /* the ONNX name its name comes from */
	char *name;
	int op;
	uint32_t from_first, from_n;
	int64_t out;        /* conv, fc, slice, input: the out column */
	int64_t c, t, h, w; /* output shape (t 1 but in 3-D; h 1 in 1-D, w the length) */
	/* per spatial axis t, h, w (those of the network's rank are written) */
	int32_t k[3], stride[3], pad[3], dil[3], opad[3], scale[3];
	int32_t groups, start;
	uint8_t bias, ceil_mode, has_kernel;
	uint8_t mode;        /* upsample: 0 nearest, 1 linear of the rank */
	uint8_t by_size;     /* upsample: to its t, h, w rather than by scale[] */
	uint8_t from_matmul; /* conv/fc from a MatMul: a following Add may be its bias */
};

#define VAL_BLOCK 1024

struct mapper {
	const struct onnx_model *m;
	const struct onnx_map_size *size;
	struct val **blocks; /* values, VAL_BLOCK a block: they never move */
	size_t n_vals, n_blocks;
	/* name pointer (interned) -> 1 + index in vals */
	const char **keys;
	uint32_t *slots;
	size_t cap_slots;
	struct row *rows;
	size_t n_rows, cap_rows;
	uint32_t *from;
	size_t n_from, cap_from;
	struct buf blockers;
	size_t n_blockers;
	int oom;
	size_t node;      /* the node being mapped */
	int node_blocked; /* a blocker was listed for it */
	int64_t opset;
	int sp;         /* spatial axes of the input: 1, 2 (also for a flat input) or 3 */
	int fixed_size; /* a node depends on the input's size (Gemm, Reshape) */
	int needs_size; /* the input's size is symbolic and none was given */
};

static int nomem(struct mapper *mp)
{
	mp->oom = 1;
	return -1;
}

static size_t hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

static int slot_grow(struct mapper *mp)
{
	size_t cap = mp->cap_slots ? mp->cap_slots * 2 : 1024;
	const char **keys = calloc(cap, sizeof *keys);
	uint32_t *slots = calloc(cap, sizeof *slots);
	if (keys == NULL || slots == NULL) {
		free(keys);
		free(slots);
		return nomem(mp);
	}
	for (size_t i = 0; i < mp->cap_slots; i++) {
		if (mp->slots[i] == 0)
			continue;
		size_t j = hash_ptr(mp->keys[i]) & (cap - 1);
		while (slots[j] != 0)
			j = (j + 1) & (cap - 1);
		keys[j] = mp->keys[i];
		slots[j] = mp->slots[i];
	}
	free(mp->keys);
	free(mp->slots);
	mp->keys = keys;
	mp->slots = slots;
	mp->cap_slots = cap;
	return 0;
}

/* The slot of NAME: its value's 1 + index, or 0 (then *AT is where to put it). */
static uint32_t slot_find(const struct mapper *mp, const char *name, size_t *at)
{
	size_t j = hash_ptr(name) & (mp->cap_slots - 1);
	while (mp->slots[j] != 0 && mp->keys[j] != name)
		j = (j + 1) & (mp->cap_slots - 1);
	*at = j;
	return mp->slots[j];
}

static struct val *val_at(const struct mapper *mp, size_t i)
{
	return &mp->blocks[i / VAL_BLOCK][i % VAL_BLOCK];
}

/* A new value for NAME (or, with ALIAS >= 0, NAME made to name value ALIAS);
 * returns its index, -1 when out of memory. */
static long val_bind(struct mapper *mp, const char *name, long alias)
{
	size_t at;
	if ((mp->n_vals + 1) * 2 > mp->cap_slots && slot_grow(mp) != 0)
		return -1;
	uint32_t s = slot_find(mp, name, &at);
	if (alias < 0) {
		if (mp->n_vals == mp->n_blocks * VAL_BLOCK) {
			struct val **b = realloc(mp->blocks, (mp->n_blocks + 1) * sizeof *b);
			if (b == NULL)
				return nomem(mp);
			mp->blocks = b;
			b[mp->n_blocks] = malloc(VAL_BLOCK * sizeof **b);
			if (b[mp->n_blocks] == NULL)
				return nomem(mp);
			mp->n_blocks++;
		}
		alias = (long)mp->n_vals++;
		struct val *v = val_at(mp, (size_t)alias);
		memset(v, 0, sizeof *v);
		v->mat = -1;
		v->name = name;
		v->idx = (uint32_t)alias;
	}
	if (s == 0) {
		mp->keys[at] = name;
		mp->slots[at] = (uint32_t)alias + 1;
	} else {
		mp->slots[at] = (uint32_t)alias + 1;
	}
	return alias;
}

/* The value NAME names: a node's output already mapped, an initializer
 * (made a constant on first use), or NULL ("" or unknown). */
static struct val *val_get(struct mapper *mp, const char *name)
{
	size_t at;
	if (name == NULL || name[0] == '\0')
		return NULL;
	if (mp->cap_slots == 0 && slot_grow(mp) != 0)
		return NULL;
	uint32_t s = slot_find(mp, name, &at);
	if (s != 0)
		return val_at(mp, s - 1);
	const struct onnx_tensor *t = onnx_init_find(mp->m, name);
	if (t == NULL)
		return NULL;
	long i = val_bind(mp, name, -1);
	if (i < 0)
		return NULL;
	struct val *v = val_at(mp, (size_t)i);
	v->kind = V_CONST;
	v->n_elements = t->n_elements;
	v->rank = t->rank <= MAX_CONST_RANK ? t->rank : MAX_CONST_RANK;
	for (uint32_t a = 0; a < v->rank; a++)
		v->dims[a] = t->dims[a];
	if (t->has_values && t->ints != NULL && t->n_values == t->n_elements) {
		v->ints = malloc((t->n_values ? t->n_values : 1) * sizeof *v->ints);
		if (v->ints == NULL) {
			nomem(mp);
			return NULL;
		}
		memcpy(v->ints, t->ints, t->n_values * sizeof *v->ints);
		v->has_ints = 1;
	}
	if (t->has_values && t->reals != NULL && t->n_values == t->n_elements)
		v->reals = t->reals;
	return v;
}

/* A new value for node output NAME; NULL when out of memory. */
static struct val *val_new(struct mapper *mp, const char *name)
{
	long i = val_bind(mp, name, -1);
	return i < 0 ? NULL : val_at(mp, (size_t)i);
}

/* A new value for node output OUT, a copy of feature V (a function of the
 * same row); NULL when out of memory. */
static struct val *val_copy(struct mapper *mp, const char *out, const struct val *v)
{
	struct val tmp = *v;
	struct val *d = val_new(mp, out);
	if (d == NULL)
		return NULL;
	const char *name = d->name;
	uint32_t idx = d->idx;
	*d = tmp;
	d->name = name;
	d->idx = idx;
	d->mat = -1;
	d->ints = NULL;
	d->reals = NULL;
	d->has_ints = 0;
	return d;
}

/* ---------------------------------------------------------- blockers */

/* List a blocker for the node being mapped: "node I (OP 'NAME'): ...", one
 * line: the message is escaped (escape_text), as it may quote the file's
 * strings (an op type, a domain) and they may hold line breaks. */
static int block(struct mapper *mp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int block(struct mapper *mp, const char *fmt, ...)
{
	char label[256], raw[768], msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	escape_text(msg, sizeof msg, raw);
	if (mp->node == (size_t)-1)
		buf_printf(&mp->blockers, "%s\n", msg);
	else
		buf_printf(&mp->blockers, "%s: %s\n",
		           onnx_node_label(mp->m, mp->node, label, sizeof label), msg);
	mp->n_blockers++;
	mp->node_blocked = 1;
	return -1;
}

/* ------------------------------------------------------------- rows */

static long row_new(struct mapper *mp, int op, const char *src, const uint32_t *from, size_t n)
{
	if (mp->n_rows == mp->cap_rows) {
		size_t cap = mp->cap_rows ? mp->cap_rows * 2 : 256;
		struct row *r = realloc(mp->rows, cap * sizeof *r);
		if (r == NULL)
			return nomem(mp);
		mp->rows = r;
		mp->cap_rows = cap;
	}
	if (mp->n_from + n > mp->cap_from) {
		size_t cap = mp->cap_from ? mp->cap_from * 2 : 256;
		while (cap < mp->n_from + n)
			cap *= 2;
		uint32_t *f = realloc(mp->from, cap * sizeof *f);
		if (f == NULL)
			return nomem(mp);
		mp->from = f;
		mp->cap_from = cap;
	}
	if (mp->n_rows >= NET_MAX_LAYERS)
		return block(mp, "more than %zu layers", (size_t)NET_MAX_LAYERS);
	struct row *r = &mp->rows[mp->n_rows];
	memset(r, 0, sizeof *r);
	r->op = op;
	r->src = src;
	r->from_first = (uint32_t)mp->n_from;
	r->from_n = (uint32_t)n;
	for (size_t i = 0; i < n; i++)
		mp->from[mp->n_from++] = from[i];
	if (n > 0) {
		const struct row *f = &mp->rows[from[0]];
		r->c = f->c;
		r->t = f->t;
		r->h = f->h;
		r->w = f->w;
	}
	r->groups = 1;
	if (n == 0)
		r->t = r->h = r->w = 1;
	return (long)mp->n_rows++;
}

/* A feature value for OUT: a view of row ROW. */
static struct val *feat(struct mapper *mp, const char *out, long row, int layout)
{
	struct val *v = val_new(mp, out);
	if (v == NULL)
		return NULL;
	v->kind = V_FEAT;
	v->row = (uint32_t)row;
	v->layout = (uint8_t)layout;
	return v;
}

/* The row that holds value V as a tensor: its act or layernorm written
 * when it is a function of its row; -1 when it cannot be (listed). */
static long materialise(struct mapper *mp, struct val *v)
{
	uint32_t from;
	long r;

	if (v->padded)
		return block(mp, "a Pad that no Conv or pool takes has no row in the format");
	if (v->stage == S_PLAIN && !v->derived)
		return v->row;
	if (v->mat >= 0)
		return v->mat;
	if (v->stage == S_STAT)
		return block(mp, "a statistic over the channels, used as a tensor, has no row in "
		                 "the format");
	from = v->row;
	if (v->stage == S_NORM) {
		if (!v->has_w || !v->has_b)
			return block(mp, "a layer normalisation without both a weight and a bias "
			                 "per channel has no row in the format");
		r = row_new(mp, NET_OP_LAYERNORM, v->name, &from, 1);
	} else {
		r = row_new(mp, NET_OP_ACT, v->name, &from, 1);
	}
	if (r >= 0)
		v->mat = (int32_t)r;
	return r;
}

/* ------------------------------------------------------ input checks */

/* Input I of the node, or NULL when absent (""). */
static struct val *in_val(struct mapper *mp, const struct onnx_node *n, uint32_t i)
{
	return i < n->n_inputs ? val_get(mp, n->inputs[i]) : NULL;
}

/* Input I as a feature (a tensor computed from the image), else listed. */
static struct val *in_feat(struct mapper *mp, const struct onnx_node *n, uint32_t i)
{
	struct val *v = in_val(mp, n, i);
	if (v == NULL || v->kind != V_FEAT) {
		block(mp, "input %u is %s, expected a tensor computed from the image", i,
		      v == NULL ? "missing" : "a constant");
		return NULL;
	}
	return v;
}

/* Input I as a constant, else listed. */
static struct val *in_const(struct mapper *mp, const struct onnx_node *n, uint32_t i,
                            const char *what)
{
	struct val *v = in_val(mp, n, i);
	if (v == NULL || v->kind != V_CONST) {
		block(mp, "%s (input %u) is %s, expected a constant (an initializer)", what, i,
		      v == NULL ? "missing" : "computed from the image");
		return NULL;
	}
	return v;
}

/* The optional bias, input 2, of a Conv or ConvTranspose with N_OUT output
 * channels: 1 when it is there with N_OUT values, 0 when there is none, -1
 * (listed) otherwise. */
static int bias_read(struct mapper *mp, const struct onnx_node *n, int64_t n_out)
{
	if (n->n_inputs <= 2 || n->inputs[2][0] == '\0')
		return 0;
	struct val *b = in_const(mp, n, 2, "the bias");
	if (b == NULL)
		return -1;
	if (b->n_elements != (uint64_t)n_out)
		return block(mp, "the bias has %llu values for %lld output channels",
		             (unsigned long long)b->n_elements, (long long)n_out);
	return 1;
}

/* Input I as known integers (a constant the importer folded), else listed. */
static struct val *in_ints(struct mapper *mp, const struct onnx_node *n, uint32_t i,
                           const char *what)
{
	struct val *v = in_const(mp, n, i, what);
	if (v != NULL && !v->has_ints) {
		block(mp, "%s (input %u) is not a known list of integers", what, i);
		return NULL;
	}
	return v;
}

/* A * B, or INT64_MAX when it overflows (A, B >= 0). */
static int64_t mul_sat(int64_t a, int64_t b)
{
	int64_t r;
	return __builtin_mul_overflow(a, b, &r) ? INT64_MAX : r;
}

/* The first of the axes t, h, w (0, 1, 2) that the network's rank uses. */
static int first_axis(const struct mapper *mp)
{
	return 3 - mp->sp;
}

/* Row R's size on spatial axis A: 0 t, 1 h, 2 w. */
static int64_t row_axis_get(const struct row *r, int a)
{
	return a == 0 ? r->t : a == 1 ? r->h : r->w;
}

static void row_axis_set(struct row *r, int a, int64_t v)
{
	if (a == 0)
		r->t = v;
	else if (a == 1)
		r->h = v;
	else
		r->w = v;
}

/* The dims a feature value's view has, into D; returns the rank. */
static int view_dims(const struct mapper *mp, const struct val *v, int64_t d[5])
{
	const struct row *r = &mp->rows[v->row];
	switch (v->layout) {
	case L_NHWC:
		d[0] = 1, d[1] = r->h, d[2] = r->w, d[3] = r->c;
		return 4;
	case L_FLAT:
		d[0] = 1, d[1] = mul_sat(mul_sat(mul_sat(r->c, r->t), r->h), r->w);
		return 2;
	case L_GROUP:
		d[0] = 1, d[1] = v->groups, d[2] = r->c / v->groups, d[3] = r->h, d[4] = r->w;
		return 5;
	case L_GROUP_T:
		d[0] = 1, d[1] = r->c / v->groups, d[2] = v->groups, d[3] = r->h, d[4] = r->w;
		return 5;
	default:
		d[0] = 1, d[1] = r->c;
		for (int a = first_axis(mp); a < 3; a++)
			d[2 + a - first_axis(mp)] = row_axis_get(r, a);
		return 2 + mp->sp;
	}
}

/* The index of the channel axis of V's view, or -1 (groups). */
static int channel_axis(const struct val *v)
{
	return v->layout == L_NHWC ? 3 : v->layout == L_FLAT || v->layout == L_NCHW ? 1 : -1;
}

/* Whether V's axis 1 is its row's channels: N, C, H, W, or flat C x 1 x 1. */
static int channels_second(const struct mapper *mp, const struct val *v)
{
	const struct row *r = &mp->rows[v->row];
	return v->layout == L_NCHW || (v->layout == L_FLAT && r->t == 1 && r->h == 1 && r->w == 1);
}

/* Axis A (negative: from the end) of a RANK-axis tensor, or -1. */
static int norm_axis(int64_t a, int rank)
{
	if (a < 0)
		a += rank;
	return a >= 0 && a < rank ? (int)a : -1;
}

/* D[0..N) as text, the values separated by SEP ("a scalar" when N is 0). */
static const char *ints_text(char *buf, size_t size, const int64_t *d, size_t n, char sep)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used + 24 < size; i++) {
		if (i > 0)
			buf[used++] = sep;
		used += (size_t)snprintf(buf + used, size - used, "%lld", (long long)d[i]);
	}
	if (n == 0)
		snprintf(buf, size, "a scalar");
	return buf;
}

static const char *dims_text(char *buf, size_t size, const int64_t *d, size_t n)
{
	return ints_text(buf, size, d, n, 'x');
}

/* Whether constant K is one value per channel of feature F's view: its
 * dims, aligned to the right of the view's, are 1 but at the channel. */
static int per_channel(const struct mapper *mp, const struct val *f, const struct val *k)
{
	int64_t d[5];
	int rank = view_dims(mp, f, d), ch = channel_axis(f);
	if (ch < 0 || k->rank > (uint32_t)rank || k->rank == 0)
		return 0;
	for (uint32_t a = 0; a < k->rank; a++) {
		int at = rank - (int)k->rank + (int)a;
		if (k->dims[a] != (at == ch ? d[ch] : 1))
			return 0;
	}
	return 1;
}

/* -------------------------------------------------- conv and pools */

struct window {
	/* per axis t, h, w; pad: begins, then ends */
	int64_t k[3], stride[3], dil[3], pad[6], opad[3];
	int ceil_mode;
};

/* Read the ints attribute NAME of the node, one value per spatial axis,
 * into DST's axes of the network's rank (left as they are when absent);
 * with PAIRS, 2 values an axis (begins, then ends) into DST[0..6). */
static int axes_attr(struct mapper *mp, const char *name, int pairs, int64_t *dst)
{
	size_t n;
	const int64_t *v;
	struct diag dg;
	int a0 = first_axis(mp), want = pairs ? 2 * mp->sp : mp->sp;

	if (onnx_node_attr_ints(mp->m, mp->node, name, &n, &v, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (n == 0)
		return 0;
	if (n != (size_t)want)
		return block(mp, "%s has %zu values, expected %d for a %d-D input%s", name, n, want,
		             mp->sp, pairs ? " (begins, then ends)" : "");
	for (int i = 0; i < mp->sp; i++) {
		dst[a0 + i] = v[i];
		if (pairs)
			dst[3 + a0 + i] = v[mp->sp + i];
	}
	return 0;
}

/* Check that WIN's pads are in range and alike on both sides. */
static int window_pads(struct mapper *mp, const struct window *win)
{
	char b[64], e[64];
	int a0 = first_axis(mp);
	for (int a = 0; a < 3; a++) {
		if (win->pad[a] < 0 || win->pad[a] > NET_MAX_DIM || win->pad[a + 3] < 0)
			return block(mp, "pads out of range");
		if (win->pad[a] != win->pad[a + 3])
			return block(
			    mp,
			    "asymmetric padding (begins %s, ends %s) has no equivalent "
			    "in the format, which pads both sides alike",
			    ints_text(b, sizeof b, win->pad + a0, (size_t)mp->sp, ' '),
			    ints_text(e, sizeof e, win->pad + 3 + a0, (size_t)mp->sp, ' '));
	}
	return 0;
}

/* Read a conv's, pool's or transposed conv's kernel_shape (unless K, the
 * weight's kernel dims, given), strides and dilations into WIN, every
 * axis checked. */
static int window_kernel(struct mapper *mp, const int64_t *k, struct window *win)
{
	size_t n;
	const int64_t *v;
	struct diag dg;
	int a0 = first_axis(mp);

	memset(win, 0, sizeof *win);
	for (int a = 0; a < 3; a++)
		win->k[a] = win->stride[a] = win->dil[a] = 1;
	if (onnx_node_attr_ints(mp->m, mp->node, "kernel_shape", &n, &v, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (k != NULL) {
		for (int i = 0; i < mp->sp; i++)
			win->k[a0 + i] = k[i];
		if (n != 0 && (n != (size_t)mp->sp || memcmp(v, k, n * sizeof *v) != 0))
			return block(mp, "kernel_shape does not match the weight's dims");
	} else {
		if (n != (size_t)mp->sp)
			return block(mp,
			             "kernel_shape has %zu values, expected %d for a %d-D input", n,
			             mp->sp, mp->sp);
		for (int i = 0; i < mp->sp; i++)
			win->k[a0 + i] = v[i];
	}
	if (axes_attr(mp, "strides", 0, win->stride) != 0 ||
	    axes_attr(mp, "dilations", 0, win->dil) != 0)
		return -1;
	for (int a = 0; a < 3; a++) {
		if (win->k[a] < 1 || win->k[a] > NET_MAX_DIM || win->stride[a] < 1 ||
		    win->stride[a] > NET_MAX_DIM || win->dil[a] < 1 || win->dil[a] > NET_MAX_DIM)
			return block(mp, "kernel, strides or dilations out of range");
	}
	return 0;
}

/* Read a conv's or pool's kernel_shape (unless K given), strides, dilations,
 * pads and auto_pad for input IN; with pending pads of the input. */
static int window_read(struct mapper *mp, const struct val *in, const int64_t *k,
                       struct window *win)
{
	const struct row *r = &mp->rows[in->row];
	const char *auto_pad;
	int64_t ceil = 0;
	struct diag dg;

	if (window_kernel(mp, k, win) != 0 || axes_attr(mp, "pads", 1, win->pad) != 0)
		return -1;
	if (onnx_node_attr_string(mp->m, mp->node, "auto_pad", "NOTSET", &auto_pad, &dg) !=
	    BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (onnx_node_attr_int(mp->m, mp->node, "ceil_mode", 0, &ceil, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	win->ceil_mode = ceil != 0;
	if (strcmp(auto_pad, "SAME_UPPER") == 0 || strcmp(auto_pad, "SAME_LOWER") == 0) {
		for (int a = first_axis(mp); a < 3; a++) {
			int64_t in_a = row_axis_get(r, a);
			int64_t out = (in_a + win->stride[a] - 1) / win->stride[a];
			/* each factor is at most 2^31 - 1: no overflow */
			int64_t total =
			    (out - 1) * win->stride[a] + win->dil[a] * (win->k[a] - 1) + 1 - in_a;
			if (total < 0)
				total = 0;
			if (total % 2 != 0)
				return block(mp,
				             "auto_pad %s pads one side more than the other "
				             "(%lld in all on axis %d); the format pads both "
				             "sides alike",
				             auto_pad, (long long)total, a - first_axis(mp));
			win->pad[a] = win->pad[a + 3] = total / 2;
		}
	} else if (strcmp(auto_pad, "VALID") != 0 && strcmp(auto_pad, "NOTSET") != 0) {
		return block(mp, "auto_pad '%s' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID",
		             auto_pad);
	}
	if (in->padded) /* a Pad of N, C, H, W: 2-D */
		for (int a = 0; a < 2; a++)
			win->pad[1 + a] += in->pad[a], win->pad[4 + a] += in->pad[2 + a];
	return window_pads(mp, win);
}

/* The input row of a conv or pool IN, materialised; -1 when it cannot be. */
static long window_from(struct mapper *mp, struct val *in)
{
	if (in->derived || in->stage != S_PLAIN) {
		int padded = in->padded;
		in->padded = 0;
		long m = materialise(mp, in);
		in->padded = (uint8_t)padded;
		return m;
	}
	return in->row;
}

/* A new row OP from IN, with window WIN and output sizes OUT (t, h, w). */
static long window_new(struct mapper *mp, int op, const struct onnx_node *n, uint32_t from,
                       const struct window *win, const int64_t *out)
{
	long r = row_new(mp, op, n->outputs[0], &from, 1);
	if (r < 0)
		return -1;
	struct row *w = &mp->rows[r];
	w->has_kernel = 1;
	for (int a = 0; a < 3; a++) {
		w->k[a] = (int32_t)win->k[a];
		w->stride[a] = (int32_t)win->stride[a];
		w->dil[a] = (int32_t)win->dil[a];
		w->pad[a] = (int32_t)win->pad[a];
		w->opad[a] = (int32_t)win->opad[a];
		row_axis_set(w, a, out[a]);
	}
	w->ceil_mode = (uint8_t)win->ceil_mode;
	return r;
}

/* A conv or pool row OP from IN with window WIN; its shape inferred. */
static long window_row(struct mapper *mp, int op, const struct onnx_node *n, struct val *in,
                       const struct window *win)
{
	const struct row *src = &mp->rows[in->row];
	int64_t out[3], in_d[3];
	char t[64];

	long from = window_from(mp, in);
	if (from < 0)
		return -1;
	for (int a = 0; a < 3; a++) {
		in_d[a] = row_axis_get(src, a);
		out[a] = win->ceil_mode ? net_out_size_ceil(in_d[a], win->pad[a], win->dil[a],
		                                            win->k[a], win->stride[a])
		                        : net_out_size(in_d[a], win->pad[a], win->dil[a], win->k[a],
		                                       win->stride[a]);
		if (out[a] <= 0)
			return block(mp, "the kernel does not fit its %s input",
			             dims_text(t, sizeof t, in_d + first_axis(mp), (size_t)mp->sp));
	}
	return window_new(mp, op, n, (uint32_t)from, win, out);
}

/* The input of a conv or pool: a feature in NCHW. */
static struct val *spatial_in(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_feat(mp, n, 0);
	if (in != NULL && in->layout != L_NCHW) {
		block(mp, "its input is not laid out as N, C, H, W");
		return NULL;
	}
	return in;
}

static int map_conv(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = spatial_in(mp, n), *w;
	struct window win;
	int64_t g = 1;
	struct diag dg;
	char t[128];

	if (in == NULL || (w = in_const(mp, n, 1, "the weight")) == NULL)
		return -1;
	if (w->rank != (uint32_t)mp->sp + 2)
		return block(mp,
		             "the weight has dims %s, expected %d (out, in/groups, then the "
		             "kernel) for a %d-D input",
		             dims_text(t, sizeof t, w->dims, w->rank), mp->sp + 2, mp->sp);
	if (onnx_node_attr_int(mp->m, mp->node, "group", 1, &g, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	const struct row *src = &mp->rows[in->row];
	if (g < 1 || g > NET_MAX_DIM || src->c % g != 0 || w->dims[0] % g != 0 ||
	    w->dims[1] != src->c / g || w->dims[0] < 1 || w->dims[0] > NET_MAX_DIM)
		return block(mp,
		             "the weight's dims %s and group %lld do not fit %lld input "
		             "channels",
		             dims_text(t, sizeof t, w->dims, w->rank), (long long)g,
		             (long long)src->c);
	int bias = bias_read(mp, n, w->dims[0]);
	if (bias < 0)
		return -1;
	if (window_read(mp, in, w->dims + 2, &win) != 0)
		return -1;
	long r = window_row(mp, NET_OP_CONV, n, in, &win);
	if (r < 0)
		return -1;
	mp->rows[r].out = mp->rows[r].c = w->dims[0];
	mp->rows[r].groups = (int32_t)g;
	mp->rows[r].bias = bias;
	return feat(mp, n->outputs[0], r, L_NCHW) ? 0 : -1;
}

static int map_pool(struct mapper *mp, const struct onnx_node *n, int op)
{
	struct val *in = spatial_in(mp, n);
	struct window win;

	if (in == NULL || window_read(mp, in, NULL, &win) != 0)
		return -1;
	if (n->n_outputs > 1 && onnx_consumers(mp->m, n->outputs[1]) > 0)
		return block(mp, "its indices output is used; the format has no row for it");
	long r = window_row(mp, op, n, in, &win);
	return r >= 0 && feat(mp, n->outputs[0], r, L_NCHW) ? 0 : -1;
}

/* ---------------------------------------------------- one-input rows */

/* A row OP of one input IN (materialised) for output OUT, with layout LAYOUT. */
static long unary_row(struct mapper *mp, int op, struct val *in, const char *out, int layout)
{
	long m = materialise(mp, in);
	if (m < 0)
		return -1;
	uint32_t from = (uint32_t)m;
	long r = row_new(mp, op, out, &from, 1);
	if (r >= 0 && feat(mp, out, r, layout) == NULL)
		return -1;
	return r;
}

static int map_gap(struct mapper *mp, const struct onnx_node *n, struct val *in, int keepdims)
{
	long r = unary_row(mp, NET_OP_GAP, in, n->outputs[0], keepdims ? L_NCHW : L_FLAT);
	if (r < 0)
		return -1;
	mp->rows[r].t = mp->rows[r].h = mp->rows[r].w = 1;
	return 0;
}

static int map_bn(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_feat(mp, n, 0), *s;
	if (in == NULL || (s = in_const(mp, n, 1, "the scale")) == NULL)
		return -1;
	int ch = channel_axis(in);
	if (in->layout == L_NHWC || ch < 0)
		return block(mp, "its input is not laid out with the channels second");
	if (s->n_elements != (uint64_t)mp->rows[in->row].c)
		return block(mp, "the scale has %llu values for %lld channels",
		             (unsigned long long)s->n_elements, (long long)mp->rows[in->row].c);
	for (uint32_t o = 1; o < n->n_outputs; o++)
		if (onnx_consumers(mp->m, n->outputs[o]) > 0)
			return block(mp, "its running statistics (output %u) are used", o);
	return unary_row(mp, NET_OP_BN, in, n->outputs[0], in->layout) < 0 ? -1 : 0;
}

/* A reduction's axes: the attribute, or from opset 18 the second input. */
static int reduce_axes(struct mapper *mp, const struct onnx_node *n, size_t *na,
                       const int64_t **axes)
{
	struct diag dg;
	*na = 0;
	*axes = NULL;
	if (n->n_inputs > 1 && n->inputs[1][0] != '\0') {
		struct val *a = in_ints(mp, n, 1, "axes");
		if (a == NULL)
			return -1;
		*na = a->n_elements;
		*axes = a->ints;
		return 0;
	}
	if (onnx_node_attr_ints(mp->m, mp->node, "axes", na, axes, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	return 0;
}

static int map_reduce_mean(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_feat(mp, n, 0);
	size_t na;
	const int64_t *axes;
	int64_t keep = 1, d[5];
	struct diag dg;

	if (in == NULL || reduce_axes(mp, n, &na, &axes) != 0)
		return -1;
	if (onnx_node_attr_int(mp->m, mp->node, "keepdims", 1, &keep, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	int rank = view_dims(mp, in, d);
	unsigned mask = 0;
	for (size_t i = 0; i < na; i++) {
		int a = norm_axis(axes[i], rank);
		if (a < 0)
			return block(mp, "axis %lld is out of range", (long long)axes[i]);
		mask |= 1u << a;
	}
	if (in->layout == L_NCHW && mask == (((1u << rank) - 1) & ~3u) && in->stage == S_PLAIN)
		return map_gap(mp, n, in, keep != 0);
	int ch = channel_axis(in);
	if (ch >= 0 && mask == 1u << ch && keep) {
		/* a statistic over the channels: a layer norm written out */
		if (in->stage == S_PLAIN && in->derived) {
			long m = materialise(mp, in);
			if (m < 0)
				return -1;
			struct val *v = feat(mp, n->outputs[0], m, in->layout);
			if (v == NULL)
				return -1;
			v->stage = S_STAT;
			return 0;
		}
		struct val *v = val_copy(mp, n->outputs[0], in);
		if (v == NULL)
			return -1;
		v->stage = S_STAT;
		return 0;
	}
	return block(mp, "a mean over these axes has no row in the format (the spatial axes "
	                 "give a gap, the channels at each position a layer norm)");
}

static int map_layernorm(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_feat(mp, n, 0), *s, *b = NULL;
	int64_t axis = -1, d[5];
	struct diag dg;

	if (in == NULL || (s = in_const(mp, n, 1, "the scale")) == NULL)
		return -1;
	if (n->n_inputs > 2 && n->inputs[2][0] != '\0' &&
	    (b = in_const(mp, n, 2, "the bias")) == NULL)
		return -1;
	if (onnx_node_attr_int(mp->m, mp->node, "axis", -1, &axis, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	int rank = view_dims(mp, in, d), a = norm_axis(axis, rank), ch = channel_axis(in);
	int ok = ch == rank - 1 && a == ch;
	if (in->layout == L_NCHW && a == 1 && d[2] == 1 && d[3] == 1)
		ok = 1;
	if (!ok)
		return block(mp,
		             "a layer normalisation from axis %lld is not one over the channels "
		             "at each position",
		             (long long)axis);
	if (!per_channel(mp, in, s) || (b != NULL && !per_channel(mp, in, b)))
		return block(mp, "its scale and bias are not one value per channel");
	for (uint32_t o = 1; o < n->n_outputs; o++)
		if (onnx_consumers(mp->m, n->outputs[o]) > 0)
			return block(mp, "its statistics (output %u) are used", o);
	if (b == NULL)
		return block(mp, "a layer normalisation without a bias has no row in the format "
		                 "(2C parameters)");
	return unary_row(mp, NET_OP_LAYERNORM, in, n->outputs[0], in->layout) < 0 ? -1 : 0;
}

/* ------------------------------------------------------- elementwise */

/* Activations and other elementwise functions of one tensor. */
static const char *const act_ops[] = {
	"Relu",        "LeakyRelu",  "Sigmoid",  "Tanh",
	"HardSigmoid", "HardSwish",  "Elu",      "Selu",
	"Celu",        "Softplus",   "Softsign", "Erf",
	"Gelu",        "Mish",       "Clip",     "ThresholdedRelu",
	"Exp",         "Log",        "Abs",      "Neg",
	"Sqrt",        "Reciprocal", "Softmax",  "LogSoftmax",
	"Floor",       "Ceil",       "Round",    "Sign",
	"Sin",         "Cos",
};

static int is_act(const char *op)
{
	for (size_t i = 0; i < sizeof act_ops / sizeof act_ops[0]; i++)
		if (strcmp(op, act_ops[i]) == 0)
			return 1;
	return 0;
}

/* The stage of a combination of stages A and B of the same tensor. */
static int stage_join(int a, int b)
{
	if (a == S_STAT && b == S_STAT)
		return S_STAT;
	if (a == S_PLAIN && b == S_PLAIN)
		return S_PLAIN;
	return S_NORM;
}

/* Output OUT as an elementwise function of V (same row, layout, stage). */
static int derive(struct mapper *mp, const char *out, const struct val *v, int stage)
{
	struct val *d = val_copy(mp, out, v);
	if (d == NULL)
		return -1;
	d->stage = (uint8_t)stage;
	d->derived = 1;
	if (stage != S_NORM)
		d->has_w = d->has_b = 0;
	return 0;
}

static int map_act(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_feat(mp, n, 0);
	if (in == NULL)
		return -1;
	if (in->padded)
		return block(mp, "a Pad that no Conv or pool takes has no row in the format");
	for (uint32_t i = 1; i < n->n_inputs; i++) {
		struct val *v = in_val(mp, n, i);
		if (v != NULL && (v->kind != V_CONST || v->n_elements > 1))
			return block(mp,
			             "input %u is not a single constant (a learned slope or "
			             "bound has no row in the format)",
			             i);
	}
	int stage = in->stage;
	if (stage == S_NORM && (in->has_w || in->has_b)) {
		/* an act after a finished layer norm */
		if (materialise(mp, in) < 0)
			return -1;
		struct val *v = feat(mp, n->outputs[0], in->mat, in->layout);
		if (v == NULL)
			return -1;
		v->derived = 1;
		return 0;
	}
	return derive(mp, n->outputs[0], in, stage);
}

/* Whether values A and B are views of one tensor (same row, same view). */
static int same_source(const struct val *a, const struct val *b)
{
	return a->row == b->row && a->layout == b->layout && a->groups == b->groups && !a->padded &&
	       !b->padded;
}

/* Whether feature A's view has the same dims as B's. */
static int same_dims(const struct mapper *mp, const struct val *a, const struct val *b)
{
	int64_t da[5], db[5];
	int ra = view_dims(mp, a, da), rb = view_dims(mp, b, db);
	return ra == rb && memcmp(da, db, (size_t)ra * sizeof da[0]) == 0;
}

/* Whether feature B's view is A's with 1 at every spatial axis (C x 1 x 1). */
static int gate_dims(const struct mapper *mp, const struct val *a, const struct val *b)
{
	const struct row *ra = &mp->rows[a->row], *rb = &mp->rows[b->row];
	return a->layout == L_NCHW && b->layout == L_NCHW && rb->c == ra->c && rb->t == 1 &&
	       rb->h == 1 && rb->w == 1;
}

static int fold_binary(struct mapper *mp, const struct onnx_node *n, struct val *a, struct val *b);

static int map_binary(struct mapper *mp, const struct onnx_node *n)
{
	const char *op = n->op_type;
	struct val *a = in_val(mp, n, 0), *b = in_val(mp, n, 1);
	int is_add = strcmp(op, "Add") == 0, is_mul = strcmp(op, "Mul") == 0;
	char t[128];

	if (a == NULL || b == NULL)
		return block(mp, "expected two inputs");
	if (a->kind == V_CONST && b->kind == V_CONST)
		return fold_binary(mp, n, a, b);
	if (a->kind == V_CONST) {
		struct val *x = a;
		a = b;
		b = x;
		if (!is_add && !is_mul) {
			/* c - x, c / x, c ^ x: still a function of x */
			if (b->n_elements == 1)
				return derive(mp, n->outputs[0], a,
				              a->stage == S_STAT ? S_STAT : a->stage);
			return block(mp,
			             "%s of a constant of %s and a tensor has no row in the "
			             "format",
			             op, dims_text(t, sizeof t, b->dims, b->rank));
		}
	}
	if (a->padded || (b->kind == V_FEAT && b->padded))
		return block(mp, "a Pad that no Conv or pool takes has no row in the format");
	if (b->kind == V_CONST) {
		if (b->n_elements == 1)
			return derive(mp, n->outputs[0], a, a->stage);
		if (!per_channel(mp, a, b))
			return block(mp,
			             "%s with a constant of %s that is not one value per "
			             "channel has no row in the format",
			             op, dims_text(t, sizeof t, b->dims, b->rank));
		if (a->stage == S_NORM && is_mul && !a->has_w && !a->has_b) {
			if (derive(mp, n->outputs[0], a, S_NORM) != 0)
				return -1;
			val_get(mp, n->outputs[0])->has_w = 1;
			return 0;
		}
		if (a->stage == S_NORM && is_add && a->has_w && !a->has_b) {
			if (derive(mp, n->outputs[0], a, S_NORM) != 0)
				return -1;
			struct val *v = val_get(mp, n->outputs[0]);
			v->has_w = v->has_b = 1;
			return 0;
		}
		if (is_add && a->stage == S_PLAIN && !a->derived) {
			struct row *r = &mp->rows[a->row];
			/* a bias the exporter wrote apart (Linear on more than 2 axes:
			 * MatMul, then Add) */
			if ((r->op == NET_OP_CONV || r->op == NET_OP_FC) && !r->bias &&
			    r->from_matmul && a->row + 1 == mp->n_rows &&
			    onnx_consumers(mp->m, n->inputs[a == in_val(mp, n, 0) ? 0 : 1]) == 1) {
				r->bias = 1;
				return feat(mp, n->outputs[0], a->row, a->layout) ? 0 : -1;
			}
		}
		if (is_mul && a->stage == S_PLAIN)
			return unary_row(mp, NET_OP_SCALE, a, n->outputs[0], a->layout) < 0 ? -1
			                                                                    : 0;
		return block(mp, "%s of a learned tensor of %s has no row in the format", op,
		             dims_text(t, sizeof t, b->dims, b->rank));
	}
	/* two tensors */
	if (same_source(a, b) || (a->stage != S_PLAIN && b->stage != S_PLAIN && a->row == b->row))
		return derive(mp, n->outputs[0], a, stage_join(a->stage, b->stage));
	if (a->stage == S_PLAIN && b->stage == S_STAT && a->derived == 0 && a->row == b->row &&
	    a->layout == b->layout)
		return derive(mp, n->outputs[0], a, S_NORM);
	if (a->stage == S_PLAIN && a->derived && b->stage != S_PLAIN && a->mat >= 0 &&
	    (uint32_t)a->mat == b->row)
		return derive(mp, n->outputs[0], b, S_NORM);
	if (!is_add && !is_mul)
		return block(mp, "%s of two different tensors has no row in the format", op);
	if (a->layout != L_NCHW || b->layout != L_NCHW)
		return block(mp, "%s of tensors not laid out as N, C, H, W", op);
	int swap = 0;
	if (!same_dims(mp, a, b)) {
		if (is_mul && gate_dims(mp, a, b))
			swap = 0;
		else if (is_mul && gate_dims(mp, b, a))
			swap = 1;
		else
			return block(mp,
			             "%s of tensors of different shapes has no row in the format%s",
			             op, is_mul ? " (a gate must be C x 1 x 1)" : "");
	}
	long ra = materialise(mp, a), rb = materialise(mp, b);
	if (ra < 0 || rb < 0)
		return -1;
	uint32_t from[2] = { (uint32_t)(swap ? rb : ra), (uint32_t)(swap ? ra : rb) };
	long r = row_new(mp, is_add ? NET_OP_ADD : NET_OP_MUL, n->outputs[0], from, 2);
	return r >= 0 && feat(mp, n->outputs[0], r, L_NCHW) ? 0 : -1;
}

/* Sum: add of its inputs. */
static int map_sum(struct mapper *mp, const struct onnx_node *n)
{
	uint32_t from[64];
	if (n->n_inputs < 1 || n->n_inputs > 64)
		return block(mp, "%u inputs: expected 1 to 64", n->n_inputs);
	for (uint32_t i = 0; i < n->n_inputs; i++) {
		struct val *v = in_feat(mp, n, i);
		if (v == NULL)
			return -1;
		if (v->layout != L_NCHW || (i > 0 && !same_dims(mp, v, in_val(mp, n, 0))))
			return block(mp, "inputs of different shapes");
		long r = materialise(mp, v);
		if (r < 0)
			return -1;
		from[i] = (uint32_t)r;
	}
	if (n->n_inputs == 1)
		return feat(mp, n->outputs[0], from[0], L_NCHW) ? 0 : -1;
	long r = row_new(mp, NET_OP_ADD, n->outputs[0], from, n->n_inputs);
	return r >= 0 && feat(mp, n->outputs[0], r, L_NCHW) ? 0 : -1;
}

/* -------------------------------------------------- constant folding */

/* A constant output OUT of N_ELEMENTS values (INTS, or unknown when NULL)
 * and dims D[RANK]. */
static struct val *const_out(struct mapper *mp, const char *out, const int64_t *ints,
                             uint64_t n_elements, const int64_t *d, uint32_t rank)
{
	struct val *v = val_new(mp, out);
	if (v == NULL)
		return NULL;
	v->kind = V_CONST;
	v->n_elements = n_elements;
	v->rank = rank <= MAX_CONST_RANK ? rank : MAX_CONST_RANK;
	for (uint32_t a = 0; a < v->rank; a++)
		v->dims[a] = d[a];
	if (ints != NULL) {
		v->ints = malloc((n_elements ? n_elements : 1) * sizeof *v->ints);
		if (v->ints == NULL) {
			nomem(mp);
			return NULL;
		}
		memcpy(v->ints, ints, n_elements * sizeof *ints);
		v->has_ints = 1;
	}
	return v;
}

/* A 1-D constant of N known values. */
static int const_list(struct mapper *mp, const char *out, const int64_t *ints, uint64_t n)
{
	int64_t d = (int64_t)n;
	return const_out(mp, out, ints, n, &d, 1) ? 0 : -1;
}

static int fold_binary(struct mapper *mp, const struct onnx_node *n, struct val *a, struct val *b)
{
	const char *op = n->op_type;
	const struct val *big = a->n_elements >= b->n_elements ? a : b;
	if (!a->has_ints || !b->has_ints ||
	    (a->n_elements != b->n_elements && a->n_elements != 1 && b->n_elements != 1) ||
	    big->n_elements > ONNX_MAX_SMALL_VALUES)
		return const_out(mp, n->outputs[0], NULL, big->n_elements, big->dims, big->rank)
		           ? 0
		           : -1;
	int64_t r[ONNX_MAX_SMALL_VALUES];
	for (uint64_t i = 0; i < big->n_elements; i++) {
		int64_t x = a->ints[a->n_elements == 1 ? 0 : i];
		int64_t y = b->ints[b->n_elements == 1 ? 0 : i];
		int bad = 0;
		if (strcmp(op, "Add") == 0)
			bad = __builtin_add_overflow(x, y, &r[i]);
		else if (strcmp(op, "Sub") == 0)
			bad = __builtin_sub_overflow(x, y, &r[i]);
		else if (strcmp(op, "Mul") == 0)
			bad = __builtin_mul_overflow(x, y, &r[i]);
		else if (strcmp(op, "Div") == 0) {
			bad = y == 0 || (x == INT64_MIN && y == -1);
			if (!bad) {
				r[i] = x / y;
				if ((x % y != 0) && ((x < 0) != (y < 0)))
					r[i]--; /* floor, as numpy */
			}
		} else
			bad = 1;
		if (bad)
			return const_out(mp, n->outputs[0], NULL, big->n_elements, big->dims,
			                 big->rank)
			           ? 0
			           : -1;
	}
	return const_out(mp, n->outputs[0], r, big->n_elements, big->dims, big->rank) ? 0 : -1;
}

static int map_constant(struct mapper *mp, const struct onnx_node *n)
{
	for (uint32_t i = 0; i < n->n_attrs; i++) {
		const struct onnx_attr *a = &n->attrs[i];
		if (a->type == ONNX_ATTR_TENSOR && a->t != NULL) {
			const struct onnx_tensor *t = a->t;
			int known =
			    t->has_values && t->ints != NULL && t->n_values == t->n_elements;
			struct val *v = const_out(mp, n->outputs[0], known ? t->ints : NULL,
			                          t->n_elements, t->dims, t->rank);
			if (v != NULL && t->has_values && t->reals != NULL &&
			    t->n_values == t->n_elements)
				v->reals = t->reals;
			return v ? 0 : -1;
		}
		if (a->type == ONNX_ATTR_INT)
			return const_out(mp, n->outputs[0], &a->i, 1, NULL, 0) ? 0 : -1;
		if (a->type == ONNX_ATTR_INTS)
			return const_list(mp, n->outputs[0], a->ints, a->n);
		if (a->type == ONNX_ATTR_FLOAT)
			return const_out(mp, n->outputs[0], NULL, 1, NULL, 0) ? 0 : -1;
		if (a->type == ONNX_ATTR_FLOATS) {
			int64_t d = a->n;
			return const_out(mp, n->outputs[0], NULL, a->n, &d, 1) ? 0 : -1;
		}
	}
	return block(mp, "a Constant without a value");
}

static int map_shape(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_val(mp, n, 0);
	int64_t d[MAX_CONST_RANK], start = 0, end = INT64_MAX;
	struct diag dg;
	int rank;

	if (in == NULL)
		return block(mp, "no input");
	if (in->kind == V_FEAT) {
		rank = view_dims(mp, in, d);
	} else {
		rank = (int)in->rank;
		memcpy(d, in->dims, (size_t)rank * sizeof d[0]);
	}
	if (onnx_node_attr_int(mp->m, mp->node, "start", 0, &start, &dg) != BKSEF_OK ||
	    onnx_node_attr_int(mp->m, mp->node, "end", INT64_MAX, &end, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (start < 0)
		start += rank;
	if (end < 0)
		end += rank;
	start = start < 0 ? 0 : start > rank ? rank : start;
	end = end < 0 ? 0 : end > rank ? rank : end;
	if (end < start)
		end = start;
	return const_list(mp, n->outputs[0], d + start, (uint64_t)(end - start));
}

static int map_gather(struct mapper *mp, const struct onnx_node *n)
{
	struct val *data = in_val(mp, n, 0), *idx = in_val(mp, n, 1);
	int64_t r[ONNX_MAX_SMALL_VALUES];

	if (data == NULL || idx == NULL || data->kind != V_CONST || idx->kind != V_CONST)
		return block(mp, "a Gather from a tensor computed from the image has no row in the "
		                 "format");
	if (!data->has_ints || !idx->has_ints || data->rank > 1 ||
	    idx->n_elements > ONNX_MAX_SMALL_VALUES)
		return const_out(mp, n->outputs[0], NULL, idx->n_elements, idx->dims, idx->rank)
		           ? 0
		           : -1;
	for (uint64_t i = 0; i < idx->n_elements; i++) {
		int64_t k = idx->ints[i];
		if (k < 0)
			k += (int64_t)data->n_elements;
		if (k < 0 || (uint64_t)k >= data->n_elements)
			return block(mp, "index %lld out of range", (long long)idx->ints[i]);
		r[i] = data->ints[k];
	}
	return const_out(mp, n->outputs[0], r, idx->n_elements, idx->dims, idx->rank) ? 0 : -1;
}

static int map_concat(struct mapper *mp, const struct onnx_node *n)
{
	int all_const = 1, known = 1;
	uint64_t total = 0;
	int64_t axis;
	struct diag dg;

	for (uint32_t i = 0; i < n->n_inputs; i++) {
		struct val *v = in_val(mp, n, i);
		if (v == NULL)
			return block(mp, "input %u is missing", i);
		if (v->kind != V_CONST)
			all_const = 0;
		else {
			known &= v->has_ints;
			total += v->n_elements;
		}
	}
	if (all_const) {
		if (!known || total > ONNX_MAX_SMALL_VALUES)
			return const_list(mp, n->outputs[0], NULL, total) == 0 ? 0 : -1;
		int64_t r[ONNX_MAX_SMALL_VALUES];
		uint64_t k = 0;
		for (uint32_t i = 0; i < n->n_inputs; i++) {
			struct val *v = in_val(mp, n, i);
			memcpy(r + k, v->ints, v->n_elements * sizeof r[0]);
			k += v->n_elements;
		}
		return const_list(mp, n->outputs[0], r, total);
	}
	if (onnx_node_attr_int(mp->m, mp->node, "axis", 1, &axis, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	uint32_t *from = malloc((n->n_inputs ? n->n_inputs : 1) * sizeof *from);
	if (from == NULL)
		return nomem(mp);
	int64_t c = 0;
	int rc = 0;
	struct val *first = NULL;
	for (uint32_t i = 0; i < n->n_inputs && rc == 0; i++) {
		struct val *v = in_feat(mp, n, i);
		if (v == NULL) {
			rc = -1;
			break;
		}
		if (first == NULL)
			first = v;
		const struct row *r = &mp->rows[v->row], *r0 = &mp->rows[first->row];
		if (!channels_second(mp, v) || v->layout != first->layout ||
		    norm_axis(axis, v->layout == L_FLAT ? 2 : 2 + mp->sp) != 1)
			rc =
			    block(mp, "a Concat other than over the channels of N, C, H, W tensors "
			              "has no row in the format");
		else if (r->t != r0->t || r->h != r0->h || r->w != r0->w)
			rc = block(mp, "inputs of different heights or widths");
		else {
			long m = materialise(mp, v);
			if (m < 0)
				rc = -1;
			else {
				from[i] = (uint32_t)m;
				c += mp->rows[m].c;
			}
		}
	}
	if (rc == 0) {
		long r = row_new(mp, NET_OP_CONCAT, n->outputs[0], from, n->n_inputs);
		if (r < 0 || feat(mp, n->outputs[0], r, first->layout) == NULL)
			rc = -1;
		else
			mp->rows[r].c = c;
	}
	free(from);
	return rc;
}

/* Slice: folded on constants; a channel slice of a feature. */
static int map_slice(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_val(mp, n, 0);
	int64_t starts[8], ends[8], axes[8], steps[8];
	size_t ns = 0;
	struct diag dg;

	if (in == NULL)
		return block(mp, "no input");
	if (n->n_inputs >= 3) {
		/* opset 10 on: starts, ends, axes, steps as inputs */
		static const char *const what[] = { "starts", "ends", "axes", "steps" };
		int64_t *dst[] = { starts, ends, axes, steps };
		for (uint32_t i = 1; i < 5; i++) {
			if (i >= n->n_inputs || n->inputs[i][0] == '\0') {
				for (size_t k = 0; k < ns; k++)
					dst[i - 1][k] = i == 3 ? (int64_t)k : 1;
				continue;
			}
			struct val *v = in_ints(mp, n, i, what[i - 1]);
			if (v == NULL)
				return -1;
			if (i == 1)
				ns = v->n_elements;
			if (v->n_elements != ns || ns > 8)
				return block(mp,
				             "starts, ends, axes and steps of different lengths");
			memcpy(dst[i - 1], v->ints, ns * sizeof(int64_t));
		}
	} else {
		size_t n1, n2, n3;
		const int64_t *s, *e, *a;
		if (onnx_node_attr_ints(mp->m, mp->node, "starts", &n1, &s, &dg) != BKSEF_OK ||
		    onnx_node_attr_ints(mp->m, mp->node, "ends", &n2, &e, &dg) != BKSEF_OK ||
		    onnx_node_attr_ints(mp->m, mp->node, "axes", &n3, &a, &dg) != BKSEF_OK)
			return block(mp, "%s", dg.msg);
		if (n1 != n2 || (n3 != 0 && n3 != n1) || n1 > 8)
			return block(mp, "starts, ends and axes of different lengths");
		ns = n1;
		for (size_t k = 0; k < ns; k++) {
			starts[k] = s[k], ends[k] = e[k], steps[k] = 1;
			axes[k] = n3 ? a[k] : (int64_t)k;
		}
	}
	if (in->kind == V_CONST) {
		if (!in->has_ints || in->rank != 1 || ns != 1 || steps[0] != 1)
			return const_list(mp, n->outputs[0], NULL, 0);
		int64_t len = (int64_t)in->n_elements, s = starts[0], e = ends[0];
		s = s < 0 ? s + len : s;
		e = e < 0 ? e + len : e;
		s = s < 0 ? 0 : s > len ? len : s;
		e = e < 0 ? 0 : e > len ? len : e;
		if (e < s)
			e = s;
		return const_list(mp, n->outputs[0], in->ints + s, (uint64_t)(e - s));
	}
	if (in->kind != V_FEAT)
		return -1;
	int64_t d[5];
	int rank = view_dims(mp, in, d);
	if (!channels_second(mp, in) || ns != 1 || norm_axis(axes[0], rank) != 1 || steps[0] != 1)
		return block(mp, "a Slice other than a run of channels has no row in the format");
	int64_t c = d[1], s = starts[0], e = ends[0];
	s = s < 0 ? s + c : s;
	e = e < 0 ? e + c : e;
	s = s < 0 ? 0 : s > c ? c : s;
	e = e < 0 ? 0 : e > c ? c : e;
	if (e <= s)
		return block(mp, "an empty slice of channels");
	long r = unary_row(mp, NET_OP_SLICE, in, n->outputs[0], in->layout);
	if (r < 0)
		return -1;
	mp->rows[r].start = (int32_t)s;
	mp->rows[r].out = mp->rows[r].c = e - s;
	return 0;
}

static int map_split(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_feat(mp, n, 0);
	int64_t axis = 0, sizes[256] = { 0 };
	size_t ns = 0;
	const int64_t *sp;
	struct diag dg;

	if (in == NULL)
		return -1;
	if (onnx_node_attr_int(mp->m, mp->node, "axis", 0, &axis, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (!channels_second(mp, in) || norm_axis(axis, in->layout == L_FLAT ? 2 : 2 + mp->sp) != 1)
		return block(mp, "a Split other than over the channels has no row in the format");
	if (n->n_outputs < 1 || n->n_outputs > 256)
		return block(mp, "%u outputs: expected 1 to 256", n->n_outputs);
	int64_t c = mp->rows[in->row].c;
	if (n->n_inputs > 1 && n->inputs[1][0] != '\0') {
		struct val *v = in_ints(mp, n, 1, "split");
		if (v == NULL)
			return -1;
		ns = v->n_elements;
		sp = v->ints;
	} else if (onnx_node_attr_ints(mp->m, mp->node, "split", &ns, &sp, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (ns == 0) {
		ns = n->n_outputs;
		for (size_t i = 0; i < ns; i++)
			sizes[i] = (c + (int64_t)ns - 1) / (int64_t)ns;
		sizes[ns - 1] = c - (int64_t)(ns - 1) * sizes[0];
	} else {
		if (ns > 256)
			return block(mp, "more than 256 parts");
		memcpy(sizes, sp, ns * sizeof sizes[0]);
	}
	int64_t sum = 0;
	for (size_t i = 0; i < ns; i++) {
		if (sizes[i] < 1)
			return block(mp, "an empty part");
		if (__builtin_add_overflow(sum, sizes[i], &sum))
			return block(mp, "the parts do not add up to the %lld channels",
			             (long long)c);
	}
	if (ns != n->n_outputs || sum != c)
		return block(mp, "the parts do not add up to the %lld channels", (long long)c);
	int64_t start = 0;
	for (size_t i = 0; i < ns; i++) {
		long r = unary_row(mp, NET_OP_SLICE, in, n->outputs[i], in->layout);
		if (r < 0)
			return -1;
		mp->rows[r].start = (int32_t)start;
		mp->rows[r].out = mp->rows[r].c = sizes[i];
		start += sizes[i];
	}
	return 0;
}

/* Squeeze and Unsqueeze: folded on constants; between N, C, 1, 1 and flat. */
static int map_squeeze(struct mapper *mp, const struct onnx_node *n, int unsqueeze)
{
	struct val *in = in_val(mp, n, 0);
	if (in == NULL)
		return block(mp, "no input");
	if (in->kind == V_CONST) {
		int64_t one = 1;
		if (unsqueeze && in->rank == 0)
			return const_out(mp, n->outputs[0], in->has_ints ? in->ints : NULL, 1, &one,
			                 1)
			           ? 0
			           : -1;
		return const_out(mp, n->outputs[0], in->has_ints ? in->ints : NULL, in->n_elements,
		                 in->dims, in->rank)
		           ? 0
		           : -1;
	}
	if (in->kind != V_FEAT)
		return -1;
	const struct row *r = &mp->rows[in->row];
	if (r->t == 1 && r->h == 1 && r->w == 1 && !in->padded &&
	    ((unsqueeze && in->layout == L_FLAT) || (!unsqueeze && in->layout == L_NCHW))) {
		long m = materialise(mp, in);
		if (m < 0)
			return -1;
		struct val *v = feat(mp, n->outputs[0], m, unsqueeze ? L_NCHW : L_FLAT);
		if (v == NULL)
			return -1;
		return 0;
	}
	return block(mp, "a %s other than between N, C, 1, 1 and N, C has no row in the format",
	             n->op_type);
}

/* A view of IN with another layout. */
static int view(struct mapper *mp, const struct onnx_node *n, struct val *in, int layout,
                int32_t groups)
{
	if (in->padded)
		return block(mp, "a Pad that no Conv or pool takes has no row in the format");
	if (in->stage != S_PLAIN && !(in->stage == S_NORM && in->has_w && in->has_b))
		return block(mp, "a layer normalisation cut short has no row in the format");
	long r = materialise(mp, in);
	if (r < 0)
		return -1;
	struct val *v = feat(mp, n->outputs[0], r, layout);
	if (v == NULL)
		return -1;
	v->groups = groups;
	return 0;
}

static int map_transpose(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_val(mp, n, 0);
	size_t np;
	const int64_t *p;
	struct diag dg;
	static const int64_t to_nhwc[] = { 0, 2, 3, 1 }, to_nchw[] = { 0, 3, 1, 2 },
	                     swap12[] = { 0, 2, 1, 3, 4 };

	if (in == NULL)
		return block(mp, "no input");
	if (in->kind == V_CONST)
		return const_out(mp, n->outputs[0], NULL, in->n_elements, in->dims, in->rank) ? 0
		                                                                              : -1;
	if (in->kind != V_FEAT)
		return -1;
	if (onnx_node_attr_ints(mp->m, mp->node, "perm", &np, &p, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (in->layout == L_NCHW && np == 4 && memcmp(p, to_nhwc, sizeof to_nhwc) == 0)
		return view(mp, n, in, L_NHWC, 0);
	if (in->layout == L_NHWC && np == 4 && memcmp(p, to_nchw, sizeof to_nchw) == 0)
		return view(mp, n, in, L_NCHW, 0);
	if (in->layout == L_GROUP && np == 5 && memcmp(p, swap12, sizeof swap12) == 0)
		return view(mp, n, in, L_GROUP_T, in->groups);
	return block(mp, "a Transpose other than to channels last and back, or of a channel "
	                 "shuffle, has no row in the format");
}

static int map_flatten(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_feat(mp, n, 0);
	int64_t axis = 1;
	struct diag dg;
	if (in == NULL)
		return -1;
	if (onnx_node_attr_int(mp->m, mp->node, "axis", 1, &axis, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (axis != 1 || (in->layout != L_NCHW && in->layout != L_FLAT))
		return block(mp, "a Flatten other than of C, H, W into one axis has no row in the "
		                 "format");
	mp->fixed_size = 1;
	return view(mp, n, in, L_FLAT, 0);
}

static int map_reshape(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_val(mp, n, 0), *s;
	int64_t d[5], t[8];
	char a[128], b[128];

	if (in == NULL)
		return block(mp, "no input");
	if ((s = in_ints(mp, n, 1, "the shape")) == NULL)
		return -1;
	if (in->kind == V_CONST)
		return const_out(mp, n->outputs[0], in->has_ints ? in->ints : NULL, in->n_elements,
		                 NULL, 0)
		           ? 0
		           : -1;
	if (in->kind != V_FEAT)
		return -1;
	int rank = view_dims(mp, in, d);
	if (s->n_elements < 1 || s->n_elements > 8)
		return block(mp, "a Reshape to %llu axes has no row in the format",
		             (unsigned long long)s->n_elements);
	int tr = (int)s->n_elements, minus = -1;
	int64_t total = 1, known = 1;
	for (int i = 0; i < rank; i++)
		total = mul_sat(total, d[i]);
	for (int i = 0; i < tr; i++) {
		t[i] = s->ints[i];
		if (t[i] == 0 && i < rank)
			t[i] = d[i];
		if (t[i] == -1 && minus < 0)
			minus = i;
		else if (t[i] < 1)
			return block(mp, "the shape %s is not a shape",
			             dims_text(a, sizeof a, s->ints, s->n_elements));
		else
			known = mul_sat(known, t[i]);
	}
	if (minus >= 0) {
		if (known == 0 || total % known != 0)
			return block(mp, "the shape %s does not fit its %s input%s",
			             dims_text(a, sizeof a, s->ints, s->n_elements),
			             dims_text(b, sizeof b, d, (size_t)rank),
			             mp->size && mp->size->n ? " (the graph fixes its input's size)"
			                                     : "");
		t[minus] = total / known;
	} else if (known != total) {
		return block(mp, "the shape %s does not fit its %s input%s",
		             dims_text(a, sizeof a, s->ints, s->n_elements),
		             dims_text(b, sizeof b, d, (size_t)rank),
		             mp->size && mp->size->n ? " (the graph fixes its input's size)" : "");
	}
	if (t[0] != 1)
		return block(mp,
		             "a Reshape that moves the batch axis (to %s) has no row in the "
		             "format",
		             dims_text(a, sizeof a, t, (size_t)tr));
	if (tr == rank && memcmp(t, d, (size_t)tr * sizeof t[0]) == 0)
		return view(mp, n, in, in->layout, in->groups);
	const struct row *r = &mp->rows[in->row];
	if (tr == 2 && (in->layout == L_NCHW || in->layout == L_FLAT)) {
		mp->fixed_size = 1;
		return view(mp, n, in, L_FLAT, 0);
	}
	if (tr == 4 && mp->sp == 2 && in->layout == L_FLAT && r->t == 1 && r->h == 1 && r->w == 1 &&
	    t[2] == 1 && t[3] == 1)
		return view(mp, n, in, L_NCHW, 0);
	if (tr == 5 && mp->sp == 2 && in->layout == L_NCHW && t[3] == r->h && t[4] == r->w &&
	    t[1] > 1 && t[1] <= NET_MAX_DIM)
		return view(mp, n, in, L_GROUP, (int32_t)t[1]);
	if (tr == 4 && in->layout == L_GROUP_T && t[1] == r->c && t[2] == r->h) {
		/* channel shuffle: Reshape, Transpose, Reshape */
		if (in->derived || in->stage != S_PLAIN)
			return block(mp, "a channel shuffle of a function of a tensor");
		long row = unary_row(mp, NET_OP_SHUFFLE, in, n->outputs[0], L_NCHW);
		if (row < 0)
			return -1;
		mp->rows[row].groups = in->groups;
		return 0;
	}
	return block(mp, "a Reshape of %s to %s has no row in the format",
	             dims_text(b, sizeof b, d, (size_t)rank),
	             dims_text(a, sizeof a, t, (size_t)tr));
}

/* MatMul with a constant: a channel-last linear (a 1x1 conv), or an fc. */
static int map_linear(struct mapper *mp, const struct onnx_node *n, int gemm)
{
	struct val *in = in_val(mp, n, 0), *w, *b = NULL;
	int64_t trans_a = 0, trans_b = 0, k, out;
	struct diag dg;
	char t[128];

	if (in == NULL || in->kind != V_FEAT) {
		if (in != NULL && in->kind == V_CONST && (w = in_val(mp, n, 1)) != NULL &&
		    w->kind == V_CONST)
			return const_out(mp, n->outputs[0], NULL, 0, NULL, 0) ? 0 : -1;
		return in_feat(mp, n, 0) ? 0 : -1;
	}
	if ((w = in_const(mp, n, 1, "the weight")) == NULL)
		return -1;
	if (gemm) {
		if (onnx_node_attr_int(mp->m, mp->node, "transA", 0, &trans_a, &dg) != BKSEF_OK ||
		    onnx_node_attr_int(mp->m, mp->node, "transB", 0, &trans_b, &dg) != BKSEF_OK)
			return block(mp, "%s", dg.msg);
		if (trans_a)
			return block(mp, "transA is set: the features would be the batch");
		if (n->n_inputs > 2 && n->inputs[2][0] != '\0' &&
		    (b = in_const(mp, n, 2, "the bias")) == NULL)
			return -1;
	}
	if (w->rank != 2)
		return block(mp, "the weight has dims %s, expected two",
		             dims_text(t, sizeof t, w->dims, w->rank));
	k = trans_b ? w->dims[1] : w->dims[0];
	out = trans_b ? w->dims[0] : w->dims[1];
	if (out < 1 || out > NET_MAX_DIM)
		return block(mp, "%lld outputs, out of range", (long long)out);
	if (b != NULL && b->n_elements != (uint64_t)out)
		return block(mp, "the bias has %llu values for %lld outputs",
		             (unsigned long long)b->n_elements, (long long)out);
	const struct row *r = &mp->rows[in->row];
	int64_t d[5];
	int rank = view_dims(mp, in, d);
	if (in->layout == L_NHWC && !gemm) {
		if (k != r->c)
			return block(mp, "the weight takes %lld channels, its input has %lld",
			             (long long)k, (long long)r->c);
		long row = unary_row(mp, NET_OP_CONV, in, n->outputs[0], L_NHWC);
		if (row < 0)
			return -1;
		struct row *c = &mp->rows[row];
		c->out = c->c = out;
		c->has_kernel = 1;
		for (int a = 0; a < 3; a++)
			c->k[a] = c->stride[a] = c->dil[a] = 1, c->pad[a] = 0;
		c->from_matmul = 1;
		return 0;
	}
	if (in->layout != L_FLAT || rank != 2)
		return block(mp,
		             "a %s of a tensor of %s has no row in the format (an fc takes a "
		             "flattened tensor, a 1x1 conv a channels-last one)",
		             n->op_type, dims_text(t, sizeof t, d, (size_t)rank));
	if (k != d[1])
		return block(
		    mp, "the weight takes %lld features, its input gives %lld (%lldx%lldx%lld)%s",
		    (long long)k, (long long)d[1], (long long)r->c, (long long)r->h,
		    (long long)r->w,
		    mp->size && mp->size->n ? ": the graph fixes its input's size" : "");
	long row = unary_row(mp, NET_OP_FC, in, n->outputs[0], L_FLAT);
	if (row < 0)
		return -1;
	struct row *f = &mp->rows[row];
	f->out = f->c = out;
	f->t = f->h = f->w = 1;
	f->bias = b != NULL;
	f->from_matmul = !gemm;
	return 0;
}

static int map_pad(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = in_feat(mp, n, 0);
	const char *mode;
	size_t np;
	const int64_t *p;
	struct diag dg;

	if (in == NULL)
		return -1;
	if (onnx_node_attr_string(mp->m, mp->node, "mode", "constant", &mode, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (strcmp(mode, "constant") != 0)
		return block(mp,
		             "a Pad in mode '%s' has no row in the format (zero padding is "
		             "fused into the next conv or pool)",
		             mode);
	if (n->n_inputs > 1 && n->inputs[1][0] != '\0') {
		struct val *v = in_ints(mp, n, 1, "pads");
		if (v == NULL)
			return -1;
		np = v->n_elements;
		p = v->ints;
	} else if (onnx_node_attr_ints(mp->m, mp->node, "pads", &np, &p, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (n->n_inputs > 3 && n->inputs[3][0] != '\0')
		return block(mp, "a Pad with axes is not supported");
	if (in->layout != L_NCHW || np != 8 || p[0] || p[1] || p[4] || p[5])
		return block(mp, "a Pad other than of the height and width of N, C, H, W has no "
		                 "row in the format");
	for (int i = 0; i < 8; i++)
		if (p[i] < 0 || p[i] > NET_MAX_DIM)
			return block(mp, "pads out of range (a crop)");
	long r = in->padded ? (long)in->row : materialise(mp, in);
	if (r < 0)
		return -1;
	struct val *v = feat(mp, n->outputs[0], r, L_NCHW);
	if (v == NULL)
		return -1;
	if (in->padded)
		memcpy(v->pad, in->pad, sizeof v->pad);
	v->padded = 1;
	v->pad[0] += p[2], v->pad[1] += p[3], v->pad[2] += p[6], v->pad[3] += p[7];
	return 0;
}

/* ------------------------------------------- transposed conv, upsampling */

static int map_convtranspose(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = spatial_in(mp, n), *w;
	struct window win;
	int64_t g = 1, shape[3] = { 0, 0, 0 }, out[3];
	const char *auto_pad;
	struct diag dg;
	char t[128];
	int a0 = first_axis(mp);

	if (in == NULL || (w = in_const(mp, n, 1, "the weight")) == NULL)
		return -1;
	if (in->padded)
		return block(mp, "a Pad before a ConvTranspose has no row in the format");
	if (w->rank != (uint32_t)mp->sp + 2)
		return block(mp,
		             "the weight has dims %s, expected %d (in, out/groups, then the "
		             "kernel) for a %d-D input",
		             dims_text(t, sizeof t, w->dims, w->rank), mp->sp + 2, mp->sp);
	if (onnx_node_attr_int(mp->m, mp->node, "group", 1, &g, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	const struct row *src = &mp->rows[in->row];
	if (g < 1 || g > NET_MAX_DIM || w->dims[0] != src->c || src->c % g != 0 || w->dims[1] < 1 ||
	    w->dims[1] > NET_MAX_DIM / g)
		return block(mp,
		             "the weight's dims %s and group %lld do not fit %lld input "
		             "channels",
		             dims_text(t, sizeof t, w->dims, w->rank), (long long)g,
		             (long long)src->c);
	int bias = bias_read(mp, n, w->dims[1] * g);
	if (bias < 0)
		return -1;
	if (window_kernel(mp, w->dims + 2, &win) != 0 || axes_attr(mp, "pads", 1, win.pad) != 0 ||
	    axes_attr(mp, "output_padding", 0, win.opad) != 0 ||
	    axes_attr(mp, "output_shape", 0, shape) != 0)
		return -1;
	if (onnx_node_attr_string(mp->m, mp->node, "auto_pad", "NOTSET", &auto_pad, &dg) !=
	    BKSEF_OK)
		return block(mp, "%s", dg.msg);
	int same = strcmp(auto_pad, "SAME_UPPER") == 0 || strcmp(auto_pad, "SAME_LOWER") == 0;
	if (!same && strcmp(auto_pad, "VALID") != 0 && strcmp(auto_pad, "NOTSET") != 0)
		return block(mp, "auto_pad '%s' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID",
		             auto_pad);
	for (int a = a0; a < 3; a++) {
		int64_t in_a = row_axis_get(src, a);
		/* each factor is at most 2^31 - 1: no overflow */
		int64_t full =
		    (in_a - 1) * win.stride[a] + win.dil[a] * (win.k[a] - 1) + win.opad[a] + 1;
		if (shape[a] != 0 || same) {
			/* the total padding that gives the output size asked for */
			int64_t want = shape[a] != 0 ? shape[a] : in_a * win.stride[a];
			int64_t total = full - want;
			if (total < 0 || total % 2 != 0)
				return block(
				    mp,
				    "its output size %lld on spatial axis %d needs %lld of padding "
				    "in all, which the format cannot split alike on both "
				    "sides",
				    (long long)want, a - a0, (long long)total);
			win.pad[a] = win.pad[a + 3] = total / 2;
		}
		if (win.opad[a] < 0 || (win.opad[a] >= win.stride[a] && win.opad[a] >= win.dil[a]))
			return block(
			    mp,
			    "output_padding %lld on spatial axis %d is not below its stride or "
			    "its dilation",
			    (long long)win.opad[a], a - a0);
	}
	if (window_pads(mp, &win) != 0)
		return -1;
	for (int a = 0; a < 3; a++) {
		int64_t in_a = row_axis_get(src, a);
		out[a] = (in_a - 1) * win.stride[a] - 2 * win.pad[a] + win.dil[a] * (win.k[a] - 1) +
		         win.opad[a] + 1;
		if (out[a] < 1)
			return block(mp, "its padding leaves no output on spatial axis %d", a - a0);
	}
	long from = window_from(mp, in);
	if (from < 0)
		return -1;
	long r = window_new(mp, NET_OP_CONVTRANSPOSE, n, (uint32_t)from, &win, out);
	if (r < 0)
		return -1;
	mp->rows[r].out = mp->rows[r].c = w->dims[1] * g;
	mp->rows[r].groups = (int32_t)g;
	mp->rows[r].bias = bias;
	return feat(mp, n->outputs[0], r, L_NCHW) ? 0 : -1;
}

/* An upsample row for node N of IN: to the sizes SIZES (t, h, w), or,
 * SIZES NULL, by the whole factors SCALE; MODE 0 nearest, 1 linear. */
static int upsample_row(struct mapper *mp, const struct onnx_node *n, struct val *in,
                        const int64_t *sizes, const int64_t *scale, int mode)
{
	long r = unary_row(mp, NET_OP_UPSAMPLE, in, n->outputs[0], L_NCHW);
	if (r < 0)
		return -1;
	struct row *u = &mp->rows[r];
	u->mode = (uint8_t)mode;
	u->by_size = sizes != NULL;
	for (int a = 0; a < 3; a++) {
		u->scale[a] = sizes ? 1 : (int32_t)scale[a];
		row_axis_set(u, a, sizes ? sizes[a] : row_axis_get(u, a) * scale[a]);
	}
	return 0;
}

/* Read a Resize's or Upsample's factors from the floats F[0..N) (N, C,
 * then each spatial axis) into SCALE (t, h, w): whole factors only. */
static int upsample_scales(struct mapper *mp, const double *f, uint64_t n, int64_t *scale)
{
	int a0 = first_axis(mp);
	if (n != (uint64_t)mp->sp + 2)
		return block(mp, "%llu scales for a %d-axis input", (unsigned long long)n,
		             mp->sp + 2);
	if (f[0] != 1.0 || f[1] != 1.0)
		return block(mp, "it scales the batch or channel axis (%g, %g)", f[0], f[1]);
	for (int a = 0; a < 3; a++)
		scale[a] = 1;
	for (int i = 0; i < mp->sp; i++) {
		double s = f[2 + i];
		if (!(s >= 1.0 && s <= NET_MAX_DIM) || s != (double)(int64_t)s)
			return block(
			    mp,
			    "its scale %g on spatial axis %d is not a whole factor; the format's "
			    "upsample takes whole factors, or sizes",
			    s, i);
		scale[a0 + i] = (int64_t)s;
	}
	return 0;
}

/* Resize (opset 11 and later) and Resize-10 and Upsample (opsets 7 to 10):
 * an upsample row, when the format's upsample samples as the node does. */
static int map_resize(struct mapper *mp, const struct onnx_node *n, int resize)
{
	struct val *in = in_feat(mp, n, 0), *sv = NULL;
	const char *mode, *ctm = "asymmetric", *nearest = "floor", *policy;
	int64_t scale[3], sizes[3], antialias = 0;
	int a0 = first_axis(mp), old = !resize || mp->opset < 11, linear;
	struct diag dg;
	size_t nf = 0;
	const float *fl = NULL;

	if (in == NULL)
		return -1;
	if (in->layout != L_NCHW)
		return block(mp, "its input is not laid out as N, C and the spatial axes");
	if (onnx_node_attr_string(mp->m, mp->node, "mode", "nearest", &mode, &dg) != BKSEF_OK)
		return block(mp, "%s", dg.msg);
	if (strcmp(mode, "nearest") != 0 && strcmp(mode, "linear") != 0)
		return block(mp,
		             "mode '%s' has no row in the format (its upsample is nearest or "
		             "linear)",
		             mode);
	linear = strcmp(mode, "linear") == 0;
	if (old && linear)
		return block(mp,
		             "%s's linear mode samples at x / scale (asymmetric), not as the "
		             "format's linear upsample (torch's align_corners=False): export at "
		             "opset 11 or later, for a Resize",
		             n->op_type);
	if (!old) {
		if (onnx_node_attr_string(mp->m, mp->node, "coordinate_transformation_mode",
		                          "half_pixel", &ctm, &dg) != BKSEF_OK ||
		    onnx_node_attr_string(mp->m, mp->node, "nearest_mode", "round_prefer_floor",
		                          &nearest, &dg) != BKSEF_OK ||
		    onnx_node_attr_int(mp->m, mp->node, "antialias", 0, &antialias, &dg) !=
		        BKSEF_OK ||
		    onnx_node_attr_string(mp->m, mp->node, "keep_aspect_ratio_policy", "stretch",
		                          &policy, &dg) != BKSEF_OK)
			return block(mp, "%s", dg.msg);
		if (onnx_node_attr_ints(mp->m, mp->node, "axes", &nf, &(const int64_t *){ NULL },
		                        &dg) != BKSEF_OK)
			return block(mp, "%s", dg.msg);
		if (nf != 0)
			return block(mp, "a Resize of some axes only (axes) is not supported");
		if (antialias != 0)
			return block(mp, "an antialiased Resize has no row in the format");
		if (strcmp(policy, "stretch") != 0)
			return block(mp, "keep_aspect_ratio_policy '%s' is not supported", policy);
	}
	/* the factors or the sizes */
	int by_size = 0;
	if (!resize && mp->opset < 9) {
		const struct onnx_attr *at;
		if (onnx_node_attr(mp->m, mp->node, "scales", ONNX_ATTR_FLOATS, &at, &dg) !=
		    BKSEF_OK)
			return block(mp, "%s", dg.msg);
		if (at == NULL)
			return block(mp, "no scales");
		nf = at->n;
		fl = at->floats;
		double f[5];
		if (nf != (size_t)mp->sp + 2)
			return block(mp, "%zu scales for a %d-axis input", nf, mp->sp + 2);
		for (size_t i = 0; i < nf; i++)
			f[i] = fl[i];
		if (upsample_scales(mp, f, nf, scale) != 0)
			return -1;
	} else {
		uint32_t si = old ? 1 : 2;
		struct val *zv = old ? NULL : in_val(mp, n, 3);
		if (zv != NULL && zv->n_elements > 0) {
			if ((zv = in_ints(mp, n, 3, "the sizes")) == NULL)
				return -1;
			if (zv->n_elements != (uint64_t)mp->sp + 2)
				return block(mp, "%llu sizes for a %d-axis input",
				             (unsigned long long)zv->n_elements, mp->sp + 2);
			const struct row *r = &mp->rows[in->row];
			if (zv->ints[0] != 1 || zv->ints[1] != r->c)
				return block(mp, "it resizes the batch or channel axis");
			for (int a = 0; a < 3; a++)
				sizes[a] = a < a0 ? 1 : zv->ints[2 + a - a0];
			for (int a = a0; a < 3; a++)
				if (sizes[a] < 1 || sizes[a] > NET_MAX_DIM)
					return block(mp, "its size %lld is out of range",
					             (long long)sizes[a]);
			by_size = 1;
		} else {
			if ((sv = in_const(mp, n, si, "the scales")) == NULL)
				return -1;
			if (sv->reals == NULL)
				return block(mp, "the scales (input %u) are not known floats", si);
			if (upsample_scales(mp, sv->reals, sv->n_elements, scale) != 0)
				return -1;
		}
	}
	/* how output positions sample the input */
	int whole = 1;
	if (by_size)
		for (int a = a0; a < 3; a++)
			if (sizes[a] % row_axis_get(&mp->rows[in->row], a) != 0)
				whole = 0;
	int half = strcmp(ctm, "half_pixel") == 0 || strcmp(ctm, "pytorch_half_pixel") == 0;
	if (linear && !half)
		return block(mp,
		             "coordinate_transformation_mode '%s' with mode linear does not "
		             "sample as the format's linear upsample (half_pixel, torch's "
		             "align_corners=False)",
		             ctm);
	if (!linear && !(strcmp(ctm, "asymmetric") == 0 && strcmp(nearest, "floor") == 0) &&
	    !(half && whole &&
	      (strcmp(nearest, "round_prefer_floor") == 0 ||
	       strcmp(nearest, "round_prefer_ceil") == 0)))
		return block(mp,
		             "coordinate_transformation_mode '%s' with nearest_mode '%s' does "
		             "not pick the input pixels the format's nearest upsample does "
		             "(asymmetric and floor, as torch's; half_pixel rounding for whole "
		             "factors)",
		             ctm, nearest);
	return upsample_row(mp, n, in, by_size ? sizes : NULL, scale, linear);
}

/* ------------------------------------------------------------ nodes */

static int is_quantized(const char *op)
{
	static const char *const q[] = { "QuantizeLinear",        "DequantizeLinear",
		                         "DynamicQuantizeLinear", "QLinearConv",
		                         "QLinearMatMul",         "ConvInteger",
		                         "MatMulInteger" };
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
		if (strcmp(op, q[i]) == 0)
			return 1;
	return strncmp(op, "QLinear", 7) == 0;
}

/* Map node I; its refusal is listed (block), or silent when an input was. */

/* GlobalAveragePool: a gap over its spatial axes. */
static int map_global_pool(struct mapper *mp, const struct onnx_node *n)
{
	struct val *in = spatial_in(mp, n);
	return in ? map_gap(mp, n, in, 1) : -1;
}

/* The mapper of each op type: MAP, or MAP_ARG with ARG. */
static const struct op_map {
	const char *op;
	int (*map)(struct mapper *mp, const struct onnx_node *n);
	int (*map_arg)(struct mapper *mp, const struct onnx_node *n, int arg);
	int arg;
} op_maps[] = {
	{ "Conv", map_conv, NULL, 0 },
	{ "MaxPool", NULL, map_pool, NET_OP_MAXPOOL },
	{ "AveragePool", NULL, map_pool, NET_OP_AVGPOOL },
	{ "GlobalAveragePool", map_global_pool, NULL, 0 },
	{ "BatchNormalization", map_bn, NULL, 0 },
	{ "LayerNormalization", map_layernorm, NULL, 0 },
	{ "ReduceMean", map_reduce_mean, NULL, 0 },
	{ "Add", map_binary, NULL, 0 },
	{ "Mul", map_binary, NULL, 0 },
	{ "Sub", map_binary, NULL, 0 },
	{ "Div", map_binary, NULL, 0 },
	{ "Pow", map_binary, NULL, 0 },
	{ "Sum", map_sum, NULL, 0 },
	{ "Concat", map_concat, NULL, 0 },
	{ "Gemm", NULL, map_linear, 1 },
	{ "MatMul", NULL, map_linear, 0 },
	{ "Flatten", map_flatten, NULL, 0 },
	{ "Reshape", map_reshape, NULL, 0 },
	{ "Transpose", map_transpose, NULL, 0 },
	{ "Split", map_split, NULL, 0 },
	{ "Slice", map_slice, NULL, 0 },
	{ "Squeeze", NULL, map_squeeze, 0 },
	{ "Unsqueeze", NULL, map_squeeze, 1 },
	{ "Pad", map_pad, NULL, 0 },
	{ "Constant", map_constant, NULL, 0 },
	{ "Shape", map_shape, NULL, 0 },
	{ "Gather", map_gather, NULL, 0 },
	{ "ConvTranspose", map_convtranspose, NULL, 0 },
	{ "Resize", NULL, map_resize, 1 },
	{ "Upsample", NULL, map_resize, 0 },
};

/* Map node N of op type OP (not an alias) by its mapper, an activation
 * chain's, or block it as not supported. */
static int map_op(struct mapper *mp, const struct onnx_node *n, const char *op)
{
	for (size_t i = 0; i < sizeof op_maps / sizeof op_maps[0]; i++)
		if (strcmp(op, op_maps[i].op) == 0)
			return op_maps[i].map ? op_maps[i].map(mp, n)
			                      : op_maps[i].map_arg(mp, n, op_maps[i].arg);
	if (is_act(op))
		return map_act(mp, n);
	return block(mp, "%s (opset %lld) is not supported", op, (long long)mp->opset);
}

static void map_node(struct mapper *mp, size_t i)
{
	const struct onnx_node *n = &mp->m->nodes[i];
	const char *op = n->op_type;
	int rc = 0;

	size_t rows_before = mp->n_rows;

	mp->node = i;
	mp->node_blocked = 0;
	if (n->domain[0] != '\0' && strcmp(n->domain, "ai.onnx") != 0) {
		block(mp, "an op of the custom domain '%s' is not supported", n->domain);
		goto bad;
	}
	for (uint32_t k = 0; k < n->n_attrs; k++)
		if (n->attrs[k].type == ONNX_ATTR_GRAPH || n->attrs[k].type == ONNX_ATTR_GRAPHS) {
			block(mp, "control flow (a node with subgraphs) is not supported");
			goto bad;
		}
	if (is_quantized(op)) {
		block(mp, "quantized ops are not supported");
		goto bad;
	}
	/* every mapper names its row after its first output (found by
	 * fuzz_onnx: a Conv with none, tests/fuzz/regress/onnx-node-no-output) */
	if (n->n_outputs == 0 || n->outputs[0][0] == '\0') {
		block(mp, "the node has no output");
		goto bad;
	}
	/* the blockers above are the node's own; any other is not listed
	 * again for a node fed by a refused one */
	for (uint32_t k = 0; k < n->n_inputs; k++) {
		struct val *v = val_get(mp, n->inputs[k]);
		if (v != NULL && v->kind == V_BAD)
			goto bad; /* the refused node that made it is listed */
	}
	if (strcmp(op, "Identity") == 0 || strcmp(op, "Dropout") == 0 || strcmp(op, "Cast") == 0) {
		struct val *v = in_val(mp, n, 0);
		if (v == NULL) {
			block(mp, "no input");
			goto bad;
		}
		if (n->n_outputs > 1 && onnx_consumers(mp->m, n->outputs[1]) > 0) {
			block(mp, "its mask output is used");
			goto bad;
		}
		if (val_bind(mp, n->outputs[0], (long)v->idx) < 0)
			nomem(mp);
		return;
	}
	rc = map_op(mp, n, op);
	if (mp->oom)
		return;
	for (size_t r = rows_before; rc == 0 && r < mp->n_rows; r++) {
		const struct row *w = &mp->rows[r];
		int64_t d[4] = { w->c, w->t, w->h, w->w };
		char t[128];
		if (w->c > NET_MAX_DIM || w->t > NET_MAX_DIM || w->h > NET_MAX_DIM ||
		    w->w > NET_MAX_DIM) {
			d[first_axis(mp)] = w->c;
			rc = block(mp,
			           "its output, %s, is beyond the format's limit of %d a dimension",
			           dims_text(t, sizeof t, d + first_axis(mp), (size_t)mp->sp + 1),
			           NET_MAX_DIM);
		}
	}
	if (rc == 0) {
		/* an output a mapping left unset is a constant of unknown value */
		for (uint32_t k = 0; k < n->n_outputs; k++)
			if (n->outputs[k][0] != '\0' && val_get(mp, n->outputs[k]) == NULL &&
			    onnx_consumers(mp->m, n->outputs[k]) > 0) {
				block(mp, "output %u is not mapped", k);
				goto bad;
			}
		return;
	}
	if (!mp->node_blocked && !mp->oom)
		block(mp, "cannot be mapped");
bad:
	for (uint32_t k = 0; k < n->n_outputs; k++) {
		if (n->outputs[k][0] == '\0')
			continue;
		struct val *v = val_get(mp, n->outputs[k]);
		if (v == NULL)
			v = val_new(mp, n->outputs[k]);
		if (v != NULL)
			v->kind = V_BAD;
	}
}

/* ---------------------------------------------------------- the input */

/* The input row of input IN (quoted Q) at the model's size or SIZE. */
static int input_row(struct mapper *mp, const struct onnx_value *in, const char *q)
{
	const struct onnx_map_size *sz = mp->size;
	int64_t d[5] = { 1, 1, 1, 1, 1 };
	char t[128];
	int symbolic = 0, flat = in->has_shape && in->rank == 2;

	if (in->kind != ONNX_VALUE_TENSOR || !in->has_shape)
		return block(mp, "input '%s' has no shape", q);
	if (in->rank < 2 || in->rank > 5)
		return block(mp,
		             "input '%s' has %u axes, expected 4 (N, C, H, W), 3 (N, C, L), 5 "
		             "(N, C, T, H, W) or 2 (N, C)",
		             q, in->rank);
	if (!flat)
		mp->sp = (int)in->rank - 2;
	/* its size as the model writes it: "3xHxW" */
	size_t used = 0;
	for (uint32_t a = 1; a < in->rank; a++) {
		d[a] = in->dims[a].value;
		if (d[a] < 1)
			symbolic = 1;
		used += (size_t)snprintf(t + used, sizeof t - used > 64 ? 64 : sizeof t - used,
		                         "%s%s", a > 1 ? "x" : "",
		                         d[a] >= 1           ? ""
		                         : in->dims[a].param ? in->dims[a].param
		                                             : "?");
		if (d[a] >= 1 && used + 24 < sizeof t)
			used +=
			    (size_t)snprintf(t + used, sizeof t - used, "%lld", (long long)d[a]);
		if (used >= sizeof t - 24)
			break;
	}
	if (sz != NULL && sz->n > 0) {
		if (flat)
			return block(
			    mp, "--input-size does not apply to input '%s', of 2 axes (N, C)", q);
		static const char *const axes[] = { "L", "H and W", "T, H and W" };
		if (sz->n != (int)in->rank - 1)
			return block(mp, "--input-size has %d axes; input '%s' has %u (C, then %s)",
			             sz->n, q, in->rank - 1, axes[in->rank - 3]);
		if (d[1] >= 1 && sz->v[0] != d[1])
			return block(mp, "--input-size gives %lld channels; input '%s' has %lld",
			             (long long)sz->v[0], q, (long long)d[1]);
		for (int a = 1; a < (int)in->rank; a++)
			d[a] = sz->v[a - 1];
	} else if (symbolic) {
		mp->needs_size = 1;
		return block(mp,
		             "input '%s' has a size that is not a number (%s): give one with "
		             "--input-size",
		             q, t);
	}
	for (int a = 1; a < (int)in->rank; a++)
		if (d[a] > NET_MAX_DIM)
			return block(mp, "input '%s': %s is too large", q,
			             dims_text(t, sizeof t, d + 1, in->rank - 1));
	long r = row_new(mp, NET_OP_INPUT, in->name, NULL, 0);
	if (r < 0)
		return -1;
	mp->rows[r].out = mp->rows[r].c = d[1];
	if (!flat)
		for (int a = 0; a < mp->sp; a++)
			row_axis_set(&mp->rows[r], first_axis(mp) + a, d[2 + a]);
	return feat(mp, in->name, r, flat ? L_FLAT : L_NCHW) ? 0 : -1;
}

/* The input row; every other graph input, and the first when it cannot
 * be mapped, made a refused value, so that the nodes are still mapped for
 * their own blockers. */
static void map_input(struct mapper *mp)
{
	const struct onnx_model *m = mp->m;
	char q[128];

	mp->node = (size_t)-1;
	if (m->n_real_inputs == 0) {
		block(mp, "the graph has no input");
		return;
	}
	const struct onnx_value *in = m->real_inputs[0];
	diag_quote(q, sizeof q, in->name);
	if (m->n_real_inputs > 1)
		block(mp,
		      "the graph has %zu inputs (the first '%s'): models with more than one "
		      "input are not supported",
		      m->n_real_inputs, q);
	for (size_t i = input_row(mp, in, q) == 0 ? 1 : 0; i < m->n_real_inputs && !mp->oom; i++) {
		struct val *v = val_new(mp, m->real_inputs[i]->name);
		if (v != NULL)
			v->kind = V_BAD;
	}
}

/* ----------------------------------------------------------- writing */

/* Make row names from their ONNX names: spaces and other blanks replaced,
 * invalid UTF-8 replaced, cut to NET_MAX_NAME_BYTES, unique with a
 * suffix ".2", ".3", ... */
static int name_rows(struct mapper *mp)
{
	size_t cap = 16;
	while (cap < mp->n_rows * 2)
		cap *= 2;
	char **set = calloc(cap, sizeof *set);
	uint64_t key[2];
	if (set == NULL)
		return nomem(mp);
	hash_key_new(key);
	for (size_t i = 0; i < mp->n_rows; i++) {
		const char *s = mp->rows[i].src && mp->rows[i].src[0] ? mp->rows[i].src : "layer";
		size_t len = strlen(s);
		char *name = malloc(NET_MAX_NAME_BYTES + 1);
		if (name == NULL) {
			free(set);
			return nomem(mp);
		}
		size_t o = 0;
		while (*s != '\0' && o < NET_MAX_NAME_BYTES) {
			uint32_t cp;
			size_t k = escape_decode(s, &cp);
			if (k == 0) {
				name[o++] = '?';
				s++;
				continue;
			}
			if (o + k > NET_MAX_NAME_BYTES)
				break;
			if (k == 1 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
			               *s == '\v' || *s == '\f'))
				name[o++] = '_';
			else
				memcpy(name + o, s, k), o += k;
			s += k;
		}
		(void)len;
		name[o] = '\0';
		for (unsigned long sfx = 1;; sfx++) {
			if (sfx > 1) {
				char tail[32];
				int tl = snprintf(tail, sizeof tail, ".%lu", sfx);
				size_t keep = escape_cut(name, NET_MAX_NAME_BYTES - (size_t)tl);
				if (keep > o)
					keep = o;
				memcpy(name + keep, tail, (size_t)tl + 1);
			}
			size_t j = hash_sip24(key, name, strlen(name)) & (cap - 1);
			while (set[j] != NULL && strcmp(set[j], name) != 0)
				j = (j + 1) & (cap - 1);
			if (set[j] == NULL) {
				set[j] = name;
				break;
			}
			name[o] = '\0';
		}
		mp->rows[i].name = name;
	}
	free(set);
	return 0;
}

/* A CSV field: quoted when it needs to be (or could read as a comment). */
static void csv_field(struct buf *b, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != '#' && s[0] != '\0') {
		buf_str(b, s);
		return;
	}
	buf_add(b, "\"", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_add(b, "\"", 1);
		buf_add(b, p, 1);
	}
	buf_add(b, "\"", 1);
}

/* Comment text: anything but printable ASCII and UTF-8 replaced by '?'. */
static void comment_text(struct buf *b, const char *s)
{
	size_t n = 0;
	while (*s && n < 200) {
		uint32_t cp;
		size_t k = escape_decode(s, &cp);
		if (k == 0 || cp < 0x20 || cp == 0x7f || escape_needed(cp)) {
			buf_add(b, "?", 1);
			s += k ? k : 1;
		} else {
			buf_add(b, s, k);
			s += k;
		}
		n++;
	}
}

/* ",V": one value for every axis of the network's rank when they are
 * alike, else one per axis ("1x7"). */
static void axes_field(const struct mapper *mp, struct buf *b, const int32_t *v)
{
	int a0 = first_axis(mp);
	buf_printf(b, ",%d", v[a0]);
	for (int a = a0 + 1; a < 3; a++)
		if (v[a] != v[a0]) {
			for (a = a0 + 1; a < 3; a++)
				buf_printf(b, "x%d", v[a]);
			break;
		}
}

/* Whether V's axes of the network's rank differ. */
static int axes_differ(const struct mapper *mp, const int32_t *v)
{
	for (int a = first_axis(mp) + 1; a < 3; a++)
		if (v[a] != v[first_axis(mp)])
			return 1;
	return 0;
}

static const char *const upsample_modes[][2] = { { "nearest", "linear" },
	                                         { "nearest", "bilinear" },
	                                         { "nearest", "trilinear" } };

static int write_text(struct mapper *mp, const char *source, struct onnx_map *out)
{
	struct buf b = { 0 };
	int v2 = mp->sp != 2, ext = mp->sp != 2;

	for (size_t i = 0; i < mp->n_rows; i++) {
		const struct row *r = &mp->rows[i];
		if (r->op >= NET_OP_MUL || r->ceil_mode || r->start ||
		    (r->has_kernel && (axes_differ(mp, r->k) || axes_differ(mp, r->stride) ||
		                       axes_differ(mp, r->pad) || axes_differ(mp, r->dil))))
			v2 = 1;
		if (r->op == NET_OP_UPSAMPLE || r->op == NET_OP_CONVTRANSPOSE)
			ext = 1;
	}
	if (v2)
		buf_str(&b, NET_FORMAT2_LINE "\n");
	buf_str(&b, "# ");
	comment_text(&b, source);
	buf_str(&b, ", converted from ONNX by " PACKAGE_NAME " " PACKAGE_VERSION "\n# producer: ");
	comment_text(&b, mp->m->producer_name[0] ? mp->m->producer_name : "(none)");
	buf_str(&b, " ");
	comment_text(&b, mp->m->producer_version);
	buf_printf(&b, "; opset %lld\n", (long long)mp->opset);
	if (mp->n_rows > 0) {
		const struct row *r = &mp->rows[0];
		buf_printf(&b, "# input %lld", (long long)r->c);
		for (int a = first_axis(mp); a < 3; a++)
			buf_printf(&b, "x%lld", (long long)row_axis_get(r, a));
		buf_str(&b, "\n");
	}
	buf_str(&b, "name,op,from,out,h,w,k,stride,pad,dilation,groups,bias");
	buf_str(&b, ext  ? ",ceil_mode,start,t,l,mode,scale,output_padding\n"
	            : v2 ? ",ceil_mode,start\n"
	                 : "\n");
	for (size_t i = 0; i < mp->n_rows && !b.oom; i++) {
		const struct row *r = &mp->rows[i];
		/* the size columns t and l: input, upsample to a size */
		int sized = r->op == NET_OP_INPUT || (r->op == NET_OP_UPSAMPLE && r->by_size);
		csv_field(&b, r->name);
		buf_printf(&b, ",%s,", net_op_name(r->op));
		if (r->from_n > 0) {
			struct buf f = { 0 };
			for (uint32_t k = 0; k < r->from_n; k++) {
				if (k)
					buf_add(&f, " ", 1);
				buf_str(&f, mp->rows[mp->from[r->from_first + k]].name);
			}
			if (f.oom)
				b.oom = 1;
			else
				csv_field(&b, f.p);
			free(f.p);
		}
		/* out, h, w */
		if (r->op == NET_OP_INPUT)
			buf_printf(&b, ",%lld", (long long)r->c);
		else if (r->op == NET_OP_CONV || r->op == NET_OP_FC || r->op == NET_OP_SLICE ||
		         r->op == NET_OP_CONVTRANSPOSE)
			buf_printf(&b, ",%lld", (long long)r->out);
		else
			buf_str(&b, ",");
		if (sized && mp->sp >= 2)
			buf_printf(&b, ",%lld,%lld", (long long)r->h, (long long)r->w);
		else
			buf_str(&b, ",,");
		/* k, stride, pad, dilation */
		if (r->has_kernel) {
			axes_field(mp, &b, r->k);
			axes_field(mp, &b, r->stride);
			axes_field(mp, &b, r->pad);
			axes_field(mp, &b, r->dil);
		} else {
			buf_str(&b, ",,,,");
		}
		/* groups, bias */
		if (r->op == NET_OP_CONV || r->op == NET_OP_CONVTRANSPOSE)
			buf_printf(&b, ",%d,%d", r->groups, r->bias);
		else if (r->op == NET_OP_SHUFFLE)
			buf_printf(&b, ",%d,", r->groups);
		else if (r->op == NET_OP_FC)
			buf_printf(&b, ",,%d", r->bias);
		else
			buf_str(&b, ",,");
		if (v2) {
			if (r->op == NET_OP_MAXPOOL || r->op == NET_OP_AVGPOOL)
				buf_printf(&b, ",%d,", r->ceil_mode);
			else if (r->op == NET_OP_SLICE)
				buf_printf(&b, ",,%d", r->start);
			else
				buf_str(&b, ",,");
		}
		if (ext) {
			/* t, l */
			if (sized && mp->sp == 3)
				buf_printf(&b, ",%lld,", (long long)r->t);
			else if (sized && mp->sp == 1)
				buf_printf(&b, ",,%lld", (long long)r->w);
			else
				buf_str(&b, ",,");
			/* mode, scale */
			if (r->op == NET_OP_UPSAMPLE) {
				buf_printf(&b, ",%s", upsample_modes[mp->sp - 1][r->mode]);
				if (r->by_size)
					buf_str(&b, ",");
				else
					axes_field(mp, &b, r->scale);
			} else {
				buf_str(&b, ",,");
			}
			/* output_padding */
			if (r->op == NET_OP_CONVTRANSPOSE)
				axes_field(mp, &b, r->opad);
			else
				buf_str(&b, ",");
		}
		buf_str(&b, "\n");
	}
	if (b.oom) {
		free(b.p);
		return nomem(mp);
	}
	out->text = b.p;
	out->len = b.len;
	out->version = v2 ? 2 : 1;
	return 0;
}

/* ------------------------------------------------------------ public */

int onnx_map_size_parse(const char *text, struct onnx_map_size *size, struct diag *dg)
{
	const char *p = text;
	memset(size, 0, sizeof *size);
	for (;;) {
		int64_t v = 0;
		if (*p < '0' || *p > '9' || size->n == ONNX_MAP_MAX_SIZE_AXES)
			break;
		while (*p >= '0' && *p <= '9' && v <= NET_MAX_DIM)
			v = v * 10 + (*p++ - '0');
		if (v < 1 || v > NET_MAX_DIM)
			break;
		size->v[size->n++] = v;
		if (*p == '\0') {
			if (size->n >= 2)
				return BKSEF_OK;
			break;
		}
		if (*p++ != 'x')
			break;
	}
	char q[128];
	size->n = 0;
	return diag_set(dg, BKSEF_EUSAGE, 0,
	                "'%s' is not a size: the channels, then one to three spatial sizes, "
	                "joined by 'x' (3x224x224), each from 1 to %d",
	                diag_quote(q, sizeof q, text), NET_MAX_DIM);
}

void onnx_map_release(struct onnx_map *out)
{
	free(out->text);
	free(out->blockers);
	memset(out, 0, sizeof *out);
}

int onnx_map_model(const struct onnx_model *m, const char *source, const struct onnx_map_size *size,
                   struct onnx_map *out, struct diag *dg)
{
	struct mapper mp;
	int st = BKSEF_OK, has_bn = 0, conv_bias = 0;

	memset(out, 0, sizeof *out);
	memset(&mp, 0, sizeof mp);
	mp.m = m;
	mp.size = size;
	mp.opset = onnx_opset_version(m, "");
	mp.sp = 2;
	if (slot_grow(&mp) == 0)
		map_input(&mp);
	if (m->extras & ONNX_HAS_FUNCTIONS) {
		mp.node = (size_t)-1;
		block(&mp, "model-local functions are not supported");
	}
	if (m->extras & ONNX_HAS_SPARSE_INITIALIZERS) {
		mp.node = (size_t)-1;
		block(&mp, "sparse initializers are not supported");
	}
	int cancelled = 0;
	for (size_t i = 0; i < m->n_nodes && !mp.oom && !cancelled; i++) {
		const struct onnx_node *n = &m->nodes[i];
		cancelled = progress_tick("mapping the model", i, m->n_nodes);
		if (strcmp(n->op_type, "BatchNormalization") == 0)
			has_bn = 1;
		if (strcmp(n->op_type, "Conv") == 0 && n->n_inputs > 2 && n->inputs[2][0])
			conv_bias = 1;
		map_node(&mp, i);
	}
	/* the graph's outputs are tensors: write what they are functions of */
	mp.node = (size_t)-1;
	for (size_t i = 0; i < m->n_outputs && !mp.oom && mp.n_rows > 0; i++) {
		struct val *v = val_get(&mp, m->outputs[i].name);
		if (v != NULL && v->kind == V_FEAT)
			materialise(&mp, v);
	}
	if (!has_bn && conv_bias)
		out->notes |= ONNX_MAP_NOTE_FOLDED_BN;
	if (mp.needs_size)
		out->notes |= ONNX_MAP_NOTE_NEEDS_SIZE;
	if (!mp.oom && !cancelled && mp.n_blockers == 0 && name_rows(&mp) == 0)
		write_text(&mp, source, out);
	if (cancelled) {
		out->notes = 0;
		st = diag_set(dg, BKSEF_ECANCELED, 0, "load cancelled");
	} else if (mp.oom || mp.blockers.oom) {
		out->notes = 0;
		st = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	} else if (mp.n_blockers > 0) {
		out->blockers = mp.blockers.p;
		out->n_blockers = mp.n_blockers;
		mp.blockers.p = NULL;
		st = diag_set(dg, BKSEF_EINPUT, 0,
		              "the graph cannot be written as a network: %zu unsupported node%s",
		              mp.n_blockers, mp.n_blockers == 1 ? "" : "s");
	}
	for (size_t i = 0; i < mp.n_vals; i++)
		free(val_at(&mp, i)->ints);
	for (size_t i = 0; i < mp.n_blocks; i++)
		free(mp.blocks[i]);
	free(mp.blocks);
	for (size_t i = 0; i < mp.n_rows; i++)
		free(mp.rows[i].name);
	free(mp.keys);
	free(mp.slots);
	free(mp.rows);
	free(mp.from);
	free(mp.blockers.p);
	if (st != BKSEF_OK) {
		free(out->text);
		out->text = NULL;
	}
	return st;
}

/* ------------------------------------------------------------ loading */

int onnx_map_kind_of_name(const char *path)
{
	size_t n = strlen(path);
	if (n > 5 && strcmp(path + n - 5, ".onnx") == 0)
		return ONNX_MAP_KIND_ONNX;
	if (n > 4 && strcmp(path + n - 4, ".csv") == 0)
		return ONNX_MAP_KIND_CSV;
	return -1;
}

/* Map model M and load the text as a network file. */
static int load_model(struct onnx_model *m, const char *display, const struct onnx_map_size *size,
                      struct net **net, struct onnx_map *map, struct diag *dg)
{
	int st = onnx_map_model(m, display, size, map, dg);
	if (dg != NULL)
		dg->file = display;
	if (st != BKSEF_OK)
		return st;
	st = net_load_buffer(map->text, map->len, display, net, dg);
	if (st == BKSEF_EINPUT && dg != NULL) {
		char msg[sizeof dg->msg];
		memcpy(msg, dg->msg, sizeof msg);
		diag_set(dg, st, 0, "the network converted from the model, line %lu: %s", dg->line,
		         msg);
	}
	if (st != BKSEF_OK)
		return st;
	/* its short name: the file's base name without ".onnx" */
	const char *base = strrchr(display, '/');
	base = base ? base + 1 : display;
	size_t n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".onnx") == 0)
		n -= 5;
	char *name = malloc(n + 1);
	if (name == NULL) {
		net_free(*net);
		*net = NULL;
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	memcpy(name, base, n);
	name[n] = '\0';
	free((*net)->name);
	(*net)->name = name;
	return BKSEF_OK;
}

static const char size_with_csv[] = "--input-size applies to an ONNX model, not a network CSV file";

/* Load the open file FD (standard input when IS_STDIN, which is then read
 * through stdin and never closed; else closed here), a network
 * file or a model: BY_NAME (onnx_map_kind_of_name, -1: none) or else the
 * content decides.  A regular file is looked at without moving its offset
 * and a model in it mapped (mmap); anything else (a pipe, a FIFO) gives its
 * first byte, 0x08 for a model (no network file begins so), which is then
 * handed on to the reader. */
static int load_fd(int fd, int is_stdin, int by_name, const char *display,
                   const struct onnx_map_size *size, struct net **net, struct onnx_map *map,
                   struct diag *dg)
{
	struct stat st;
	uint8_t head[16];
	ssize_t got = 0;
	off_t at = 0;
	int kind, st_load, regular;
	struct onnx_model *m = NULL;

	if (fstat(fd, &st) != 0) {
		st_load = diag_set(dg, BKSEF_EIO, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		st_load = diag_set(dg, BKSEF_EINPUT, 0, "is a directory, not a %s",
		                   by_name == ONNX_MAP_KIND_ONNX ? "model file" : "network file");
		goto out;
	}
	regular = S_ISREG(st.st_mode);
	if (regular) {
		at = lseek(fd, 0, SEEK_CUR);
		do
			got = pread(fd, head, sizeof head, at < 0 ? 0 : at);
		while (got < 0 && errno == EINTR);
		kind = got > 0 && onnx_sniff(head, (size_t)got) ? ONNX_MAP_KIND_ONNX
		                                                : ONNX_MAP_KIND_CSV;
	} else {
		do
			got = read(fd, head, 1);
		while (got < 0 && errno == EINTR);
		kind = got == 1 && head[0] == 0x08 ? ONNX_MAP_KIND_ONNX : ONNX_MAP_KIND_CSV;
	}
	if (got < 0)
		got = 0; /* the readers say what is wrong */
	if (got == 0 && by_name >= 0)
		kind = by_name; /* empty: the reader the name says says so */
	if (by_name >= 0 && kind != by_name) {
		st_load = diag_set(dg, BKSEF_EINPUT, 0,
		                   by_name == ONNX_MAP_KIND_ONNX
		                       ? "the name says an ONNX model (.onnx), but the content is "
		                         "not one (a network CSV file?)"
		                       : "the name says a network CSV file (.csv), but the "
		                         "content is an ONNX model");
		goto out;
	}
	if (kind == ONNX_MAP_KIND_ONNX) {
		st_load = regular ? onnx_read_fd(fd, display, ONNX_READ_SUBGRAPHS, &m, dg)
		                  : onnx_read_fd_prefixed(fd, head, (size_t)got, display,
		                                          ONNX_READ_SUBGRAPHS, &m, dg);
		if (st_load == BKSEF_OK)
			st_load = load_model(m, display, size, net, map, dg);
		onnx_free(m);
		goto out;
	}
	if (size != NULL && size->n > 0) {
		st_load = diag_set(dg, BKSEF_EUSAGE, 0, "%s", size_with_csv);
		goto out;
	}
	FILE *fp = is_stdin ? stdin : fdopen(fd, "rb");
	if (fp == NULL) {
		st_load = errno == ENOMEM
		              ? diag_set(dg, BKSEF_ENOMEM, 0, "out of memory")
		              : diag_set(dg, BKSEF_EIO, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (!regular && got == 1)
		ungetc(head[0], fp); /* nothing read through FP yet: it takes it back */
	st_load = net_load_stream(fp, display, net, dg);
	if (!is_stdin)
		fclose(fp);
	return st_load;
out:
	if (!is_stdin)
		close(fd);
	return st_load;
}

int onnx_map_load(const char *path, const char *display, const struct onnx_map_size *size,
                  struct net **net, struct onnx_map *map, struct diag *dg)
{
	struct onnx_map local;
	int st, fd = STDIN_FILENO, is_stdin = strcmp(path, "-") == 0;

	*net = NULL;
	if (map == NULL)
		map = &local;
	memset(map, 0, sizeof *map);
	if (dg != NULL) {
		dg->file = display;
		dg->line = 0;
	}
	if (!is_stdin) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 && errno == ENOMEM)
			return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		if (fd < 0)
			return diag_set(dg, BKSEF_EINPUT, 0, "cannot open: %s", strerror(errno));
	}
	st = load_fd(fd, is_stdin, is_stdin ? -1 : onnx_map_kind_of_name(path), display, size, net,
	             map, dg);
	if (map == &local)
		onnx_map_release(&local);
	return st;
}
