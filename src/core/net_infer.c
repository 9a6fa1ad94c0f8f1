/* net_infer.c -- after the rows are read: resolve inputs, infer shapes, MACs,
 * parameters and receptive fields, checking every product for overflow. */
#include <config.h>

#include "escape.h"
#include "net_impl.h"
#include "rf.h"

#include <stdlib.h>
#include <string.h>

/* A name in a message: at most 200 bytes of it, cut on a character. */
#define NAME_FMT "'%.*s'"
#define NAME_ARG(s) (int)escape_cut((s), 200), (s)

/* Column values V[0 .. RANK) as a token: "3" when all agree, else "1x7". */
static const char *axes_text(const int32_t *v, int rank, char *buf, size_t size)
{
	struct kernel k = kernel_square(rank, 0);
	for (int a = 0; a < rank; a++)
		k.k[a] = v[a];
	return kernel_format(&k, buf, size);
}

/* The axes of a shape, by rank: "CxL", "CxHxW", "CxTxHxW". */
static const char *const shape_axes[KERNEL_MAX_AXES] = { "CxL", "CxHxW", "CxTxHxW" };

/* Whether layers A and B have the same spatial size. */
static int same_size(const struct net_layer *a, const struct net_layer *b)
{
	return a->t == b->t && a->h == b->h && a->w == b->w;
}

/* Set layer L's output sizes from OUT[0 .. RANK), outermost first. */
static void set_sizes(struct net_layer *l, int rank, const int64_t *out)
{
	if (rank == 1) {
		l->w = out[0];
		return;
	}
	l->h = out[rank - 2];
	l->w = out[rank - 1];
	if (rank == 3)
		l->t = out[0];
}

static int out_of_range(const struct net_layer *l, struct diag *dg, const char *what)
{
	return diag_set(dg, BKSEF_EINPUT, l->line,
	                "layer " NAME_FMT ": %s is too large for 64-bit arithmetic",
	                NAME_ARG(l->name), what);
}

/* Layer I's input NAME[0 .. LEN), found at layer FOUND (-1: not found),
 * is unknown or not before it. */
static int from_error(const struct net *net, size_t i, const char *name, size_t len, long found,
                      struct diag *dg)
{
	const struct net_layer *l = &net->layers[i];
	char text[NET_MAX_NAME_BYTES + 1];
	memcpy(text, name, len);
	text[len] = '\0';
	if (found < 0)
		return diag_set(dg, BKSEF_EINPUT, l->line, "from: unknown layer " NAME_FMT,
		                NAME_ARG(text));
	return diag_set(dg, BKSEF_EINPUT, l->line,
	                "from: layer " NAME_FMT " %s (line %lu); rows must be in topological "
	                "order",
	                NAME_ARG(text), (size_t)found == i ? "is this row itself" : "comes later",
	                (unsigned long)net->layers[found].line);
}

/* The layer named NAME[0 .. LEN), for layer I's input: a row's input is
 * nearly always one of the few rows above it, found so without hashing its
 * name (ROWS: the lengths of the layers' names); else by the index.  Names are
 * unique (the index is built), so both find the same layer. */
static long find_input(const struct net *net, size_t i, const struct net_row_text *rows,
                       const char *name, size_t len)
{
	enum { RECENT = 16 };
	for (size_t j = i; j > 0 && i - j < RECENT; j--)
		if (rows[j - 1].name_len == len && memcmp(net->layers[j - 1].name, name, len) == 0)
			return (long)(j - 1);
	return net_find_layer_len(net, name, len);
}

/* Resolve layer I's inputs into net->from. */
static int resolve_from(struct net *net, size_t i, const struct net_row_text *rows, size_t *n_from,
                        size_t *cap, struct diag *dg)
{
	struct net_layer *l = &net->layers[i];
	uint32_t tmp[1] = { 0 };
	const char *text = NULL;

	l->from_first = (uint32_t)*n_from;
	l->from_count = 0;
	if (l->op == NET_OP_INPUT)
		return BKSEF_OK;
	if (rows[i].from == NET_FROM_DEFAULT) {
		tmp[0] = (uint32_t)(i - 1);
	} else {
		text = net->strings + rows[i].from;
	}
	const char *p = text;
	for (;;) {
		size_t idx;
		if (text == NULL) {
			if (l->from_count == 1)
				break;
			idx = tmp[0];
		} else {
			while (*p == ' ')
				p++;
			if (*p == '\0')
				break;
			const char *name = p;
			size_t len = 0;
			while (p[len] != ' ' && p[len] != '\0')
				len++;
			if (len > NET_MAX_NAME_BYTES)
				return diag_set(dg, BKSEF_EINPUT, l->line,
				                "from: unknown layer '%.*s...'",
				                (int)escape_cut(p, 40), p);
			p += len;
			long found = find_input(net, i, rows, name, len);
			if (found < 0 || (size_t)found >= i)
				return from_error(net, i, name, len, found, dg);
			idx = (size_t)found;
		}
		if (*n_from == *cap) {
			size_t c = *cap ? *cap + *cap / 2 : 64;
			uint32_t *f = realloc(net->from, c * sizeof *f);
			if (f == NULL)
				return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
			net->from = f;
			*cap = c;
		}
		if (l->from_count >= UINT32_MAX - 1)
			return diag_set(dg, BKSEF_EINPUT, l->line, "from: too many inputs");
		net->from[(*n_from)++] = (uint32_t)idx;
		l->from_count++;
	}
	if (l->from_count == 0)
		return diag_set(dg, BKSEF_EINPUT, l->line, "from: no input named");
	return BKSEF_OK;
}

/* A transposed conv's output size on axis A from its input size IN:
 * (in - 1) stride - 2 pad + dilation (k - 1) + output_padding + 1, its
 * output padding below its stride or its dilation (as torch requires). */
static int transposed_size(const struct net *net, const struct net_layer *l, int a, int64_t in,
                           int64_t *out, struct diag *dg)
{
	const struct net_ext *e = net_layer_ext(net, l);
	struct net_axis ax = net_layer_axis(net, l, a);
	int64_t op = e->out_pad[a], grow;
	if (op >= ax.stride && op >= ax.dilation)
		return diag_set(dg, BKSEF_EINPUT, l->line,
		                "convtranspose " NAME_FMT ": output padding %lld is not below its "
		                "stride %d or its dilation %d (axis %s)",
		                NAME_ARG(l->name), (long long)op, ax.stride, ax.dilation,
		                net_axis_name(net->rank, a));
	/* in < 2^33 and stride < 2^31: the product is checked */
	if (__builtin_mul_overflow(in - 1, (int64_t)ax.stride, &grow))
		return out_of_range(l, dg, "its output size");
	*out = grow - 2 * (int64_t)ax.pad + (int64_t)ax.dilation * (ax.k - 1) + op + 1;
	if (*out < 0)
		*out = 0;
	return BKSEF_OK;
}

static int infer_layer(struct net *net, size_t i, int64_t *worst_macs, int64_t *worst_params,
                       struct diag *dg)
{
	struct net_layer *l = &net->layers[i];
	/* The input row has no inputs, and net->from may still be NULL. */
	const uint32_t *from = l->from_count ? net->from + l->from_first : NULL;
	const struct net_layer *src = l->from_count ? &net->layers[from[0]] : NULL;
	const char *op = net_op_name(l->op);

	if (l->op == NET_OP_INPUT) {
		if (i != 0)
			return diag_set(dg, BKSEF_EINPUT, l->line,
			                "more than one 'input' row (the first is on line %lu)",
			                (unsigned long)net->layers[0].line);
		l->in_c = l->c;
		l->in_h = l->h;
		l->in_w = l->w;
		l->in_t = l->t;
		return BKSEF_OK;
	}
	if (i == 0)
		return diag_set(dg, BKSEF_EINPUT, l->line,
		                "the first row must be the network's 'input' (found op '%s')", op);
	if (l->op != NET_OP_ADD && l->op != NET_OP_CONCAT && l->op != NET_OP_MUL &&
	    l->from_count != 1)
		return diag_set(dg, BKSEF_EINPUT, l->line,
		                "op '%s' takes one input, but 'from' names %u", op, l->from_count);
	if (l->op == NET_OP_MUL && l->from_count != 2)
		return diag_set(dg, BKSEF_EINPUT, l->line,
		                "op 'mul' takes two inputs, but 'from' names %u", l->from_count);
	if (l->op == NET_OP_ADD && l->from_count < 2)
		return diag_set(dg, BKSEF_EINPUT, l->line,
		                "op 'add' needs at least two inputs in 'from'");

	l->in_c = src->c;
	l->in_h = src->h;
	l->in_w = src->w;
	l->in_t = src->t;
	l->c = l->op == NET_OP_CONV || l->op == NET_OP_FC || l->op == NET_OP_SLICE ||
	               l->op == NET_OP_CONVTRANSPOSE
	           ? l->c
	           : src->c;
	l->h = src->h;
	l->w = src->w;
	l->t = src->t;

	switch (l->op) {
	case NET_OP_CONV:
	case NET_OP_CONVTRANSPOSE:
	case NET_OP_MAXPOOL:
	case NET_OP_AVGPOOL: {
		struct net_ext *e = l->ext ? &net->ext[l->ext - 1] : NULL;
		int32_t ak[KERNEL_MAX_AXES], as[KERNEL_MAX_AXES], ap[KERNEL_MAX_AXES],
		    ad[KERNEL_MAX_AXES];
		int64_t out[KERNEL_MAX_AXES] = { 0 }, taps = 1, kk = 1, worst, hw, bad = 0;
		for (int a = 0; a < net->rank; a++) {
			struct net_axis ax = net_layer_axis(net, l, a);
			if (l->pad_same) {
				int64_t pad = (int64_t)ax.dilation * (ax.k - 1) / 2;
				if (pad > NET_MAX_DIM)
					return diag_set(
					    dg, BKSEF_EINPUT, l->line,
					    "layer " NAME_FMT ": 'same' padding %lld is too large "
					    "(at most %ld)",
					    NAME_ARG(l->name), (long long)pad, (long)NET_MAX_DIM);
				ax.pad = (int32_t)pad;
				if (e != NULL && e->per_axis)
					e->pad[a] = ax.pad;
				if (a == 0)
					l->pad = ax.pad;
			}
			int64_t in = net_layer_size(l, net->rank, a, 1);
			if (l->op == NET_OP_CONVTRANSPOSE) {
				int st = transposed_size(net, l, a, in, &out[a], dg);
				if (st != BKSEF_OK)
					return st;
			} else {
				out[a] =
				    e != NULL && e->ceil_mode
				        ? net_out_size_ceil(in, ax.pad, ax.dilation, ax.k,
				                            ax.stride)
				        : net_out_size(in, ax.pad, ax.dilation, ax.k, ax.stride);
			}
			ak[a] = ax.k;
			as[a] = ax.stride;
			ap[a] = ax.pad;
			ad[a] = ax.dilation;
			/* The loaded kernel's taps and, so that no plan can overflow,
			 * those of the largest kernel any plan may give it. */
			/* taps: below kk, which is checked */
			if (__builtin_mul_overflow(kk, (int64_t)(ax.k > CAND_MAX ? ax.k : CAND_MAX),
			                           &kk))
				return out_of_range(
				    l, dg, "its MAC or parameter count at the largest kernel");
			taps *= ax.k;
			bad |= out[a] <= 0;
		}
		set_sizes(l, net->rank, out);
		if (bad) {
			char tk[KERNEL_TOKEN_MAX], ts[KERNEL_TOKEN_MAX], tp[KERNEL_TOKEN_MAX],
			    td[KERNEL_TOKEN_MAX], to[NET_SHAPE_MAX], ti[NET_SHAPE_MAX];
			/* The shapes without their channels: "HxW" */
			net_layer_shape(l, net->rank, 0, to, sizeof to);
			net_layer_shape(l, net->rank, 1, ti, sizeof ti);
			return diag_set(dg, BKSEF_EINPUT, l->line,
			                "layer " NAME_FMT ": output size would be %s (input "
			                "%s, kernel %s, stride %s, pad %s, dilation %s)",
			                NAME_ARG(l->name), strchr(to, 'x') + 1, strchr(ti, 'x') + 1,
			                axes_text(ak, net->rank, tk, sizeof tk),
			                axes_text(as, net->rank, ts, sizeof ts),
			                axes_text(ap, net->rank, tp, sizeof tp),
			                axes_text(ad, net->rank, td, sizeof td));
		}
		if (l->op != NET_OP_CONV && l->op != NET_OP_CONVTRANSPOSE)
			break;
		if (l->in_c % l->groups != 0 || l->c % l->groups != 0)
			return diag_set(
			    dg, BKSEF_EINPUT, l->line,
			    "layer " NAME_FMT ": groups %d does not divide %s channels %lld",
			    NAME_ARG(l->name), l->groups, l->in_c % l->groups ? "input" : "output",
			    (long long)(l->in_c % l->groups ? l->in_c : l->c));
		/* H and W may pass 2^32 with a large pad: their product is checked.
		 * A transposed conv's MACs are over its input's positions. */
		if (__builtin_mul_overflow(l->op == NET_OP_CONV ? l->h : l->in_h,
		                           l->op == NET_OP_CONV ? l->w : l->in_w, &hw) ||
		    __builtin_mul_overflow(hw, l->op == NET_OP_CONV ? l->t : l->in_t, &hw) ||
		    __builtin_mul_overflow(l->in_c / l->groups, l->c, &l->param_per_k2) ||
		    __builtin_mul_overflow(l->param_per_k2, hw, &l->mac_per_k2) ||
		    __builtin_mul_overflow(kk, l->mac_per_k2, &worst) ||
		    /* a depthwise-separable plan's pointwise part on top */
		    __builtin_add_overflow(worst, l->mac_per_k2, &worst) ||
		    __builtin_add_overflow(*worst_macs, worst, worst_macs) ||
		    __builtin_mul_overflow(kk, l->param_per_k2, &worst) ||
		    __builtin_add_overflow(worst, l->param_per_k2, &worst) ||
		    __builtin_add_overflow(*worst_params, worst, worst_params) ||
		    __builtin_add_overflow(*worst_params, l->c, worst_params))
			return out_of_range(l, dg,
			                    "its MAC or parameter count at the largest kernel");
		/* taps <= kk: both bounded by the checks above */
		l->macs = taps * l->mac_per_k2;
		l->params = taps * l->param_per_k2 + (l->bias ? l->c : 0);
		if (l->op == NET_OP_CONV) {
			net->n_conv++;
			net->n_tunable += l->tune;
		}
		break;
	}
	case NET_OP_UPSAMPLE: {
		const struct net_ext *e = net_layer_ext(net, l);
		int64_t out[KERNEL_MAX_AXES] = { 0 };
		for (int a = 0; a < net->rank; a++) {
			int64_t in = net_layer_size(l, net->rank, a, 1);
			if (e->size[a] > 0)
				out[a] = e->size[a];
			else if (__builtin_mul_overflow(in, (int64_t)e->scale[a], &out[a]))
				return out_of_range(l, dg, "its output size");
		}
		set_sizes(l, net->rank, out);
		if (__builtin_mul_overflow(l->h, l->w, &out[0]) ||
		    __builtin_mul_overflow(out[0], l->t, &out[0]))
			return out_of_range(l, dg, "its output size");
		break;
	}
	case NET_OP_GAP:
		l->h = l->w = l->t = 1;
		break;
	case NET_OP_FC: {
		int64_t feat, hw;
		if (__builtin_mul_overflow(l->in_h, l->in_w, &hw) ||
		    __builtin_mul_overflow(hw, l->in_t, &hw) ||
		    __builtin_mul_overflow(l->in_c, hw, &feat) ||
		    __builtin_mul_overflow(feat, l->c, &l->macs) ||
		    __builtin_add_overflow(l->macs, l->bias ? l->c : 0, &l->params) ||
		    __builtin_add_overflow(*worst_macs, l->macs, worst_macs) ||
		    __builtin_add_overflow(*worst_params, l->params, worst_params))
			return out_of_range(l, dg, "its MAC or parameter count");
		l->h = l->w = l->t = 1;
		break;
	}
	case NET_OP_MUL: {
		const struct net_layer *o = &net->layers[from[1]];
		char so[NET_SHAPE_MAX], ss[NET_SHAPE_MAX], ones[2 * KERNEL_MAX_AXES + 1] = "";
		if (o->c != src->c ||
		    !(same_size(o, src) || (o->h == 1 && o->w == 1 && o->t == 1))) {
			for (int a = 0; a < net->rank; a++)
				strcat(ones, "x1");
			return diag_set(dg, BKSEF_EINPUT, l->line,
			                "mul " NAME_FMT ": input " NAME_FMT " is %s, but "
			                "the second input of a mul must be %s or "
			                "%lld%s to match " NAME_FMT " (%s)",
			                NAME_ARG(l->name), NAME_ARG(o->name),
			                net_layer_shape(o, net->rank, 0, so, sizeof so),
			                net_layer_shape(src, net->rank, 0, ss, sizeof ss),
			                (long long)src->c, ones, NAME_ARG(src->name),
			                shape_axes[net->rank - 1]);
		}
		break;
	}
	case NET_OP_SLICE: {
		const struct net_ext *e = net_layer_ext(net, l);
		int64_t start = e != NULL ? e->start : 0;
		if (start + l->c > l->in_c) /* both below 2^31: no wrap */
			return diag_set(dg, BKSEF_EINPUT, l->line,
			                "slice " NAME_FMT ": channels %lld to %lld are beyond the "
			                "input's %lld channels (start %lld, out %lld)",
			                NAME_ARG(l->name), (long long)start,
			                (long long)(start + l->c - 1), (long long)l->in_c,
			                (long long)start, (long long)l->c);
		break;
	}
	case NET_OP_SHUFFLE:
		if (l->in_c % l->groups != 0)
			return diag_set(dg, BKSEF_EINPUT, l->line,
			                "shuffle " NAME_FMT
			                ": groups %d does not divide the input's "
			                "%lld channels",
			                NAME_ARG(l->name), l->groups, (long long)l->in_c);
		break;
	case NET_OP_ADD:
	case NET_OP_CONCAT:
		for (uint32_t f = 1; f < l->from_count; f++) {
			const struct net_layer *o = &net->layers[from[f]];
			char so[NET_SHAPE_MAX], ss[NET_SHAPE_MAX];
			if (l->op == NET_OP_ADD && (o->c != src->c || !same_size(o, src)))
				return diag_set(dg, BKSEF_EINPUT, l->line,
				                "add " NAME_FMT ": input " NAME_FMT " is %s "
				                "but " NAME_FMT " is %s (%s)",
				                NAME_ARG(l->name), NAME_ARG(src->name),
				                net_layer_shape(src, net->rank, 0, ss, sizeof ss),
				                NAME_ARG(o->name),
				                net_layer_shape(o, net->rank, 0, so, sizeof so),
				                shape_axes[net->rank - 1]);
			if (l->op == NET_OP_CONCAT && !same_size(o, src))
				return diag_set(
				    dg, BKSEF_EINPUT, l->line,
				    "concat " NAME_FMT ": input " NAME_FMT " is %s but " NAME_FMT
				    " is %s (%s)",
				    NAME_ARG(l->name), NAME_ARG(src->name),
				    strchr(net_layer_shape(src, net->rank, 0, ss, sizeof ss), 'x') +
				        1,
				    NAME_ARG(o->name),
				    strchr(net_layer_shape(o, net->rank, 0, so, sizeof so), 'x') +
				        1,
				    shape_axes[net->rank - 1] + 2);
			if (l->op == NET_OP_CONCAT && __builtin_add_overflow(l->c, o->c, &l->c))
				return out_of_range(l, dg, "its channel count");
		}
		if (l->op == NET_OP_CONCAT)
			l->in_c = l->c;
		break;
	case NET_OP_BN:
	case NET_OP_LAYERNORM:
	case NET_OP_SCALE:
		if (__builtin_mul_overflow(l->c, (int64_t)(l->op == NET_OP_SCALE ? 1 : 2),
		                           &l->params) ||
		    __builtin_add_overflow(*worst_params, l->params, worst_params))
			return out_of_range(l, dg, "its parameter count");
		break;
	default:
		break;
	}
	return BKSEF_OK;
}

/* Layer L's receptive-field step on axis A (see net_rf_step); *U counts
 * the upsamples before it. */
static struct net_rf_step rf_step_at(const struct net *net, const struct net_layer *l, int a,
                                     int32_t *u)
{
	struct net_rf_step st = { l->from_first, l->from_count, 0, 1 };
	if (l->op == NET_OP_UPSAMPLE) {
		st.stride = -++*u;
	} else if (net_op_has_kernel(l->op)) {
		struct net_axis ax = net_layer_axis(net, l, a);
		st.dilation = ax.dilation;
		st.stride = l->op == NET_OP_CONVTRANSPOSE ? -ax.stride : ax.stride;
	}
	return st;
}

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b != 0) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a < 0 ? -a : a;
}

/* A fraction N / D (D > 0) reduced; 0 when it does not fit in 64 bits. */
static int frac_reduce(__int128 n, __int128 d, int64_t *num, int64_t *den)
{
	__int128 a = n < 0 ? -n : n, b = d, t;
	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	if (a > 1) {
		n /= a;
		d /= a;
	}
	if (n > INT64_MAX || n < -INT64_MAX || d > INT64_MAX)
		return 0;
	*num = (int64_t)n;
	*den = (int64_t)d;
	return 1;
}

/* net->rf_den: the least common denominator of every layer's jump and of
 * the fractions an effective padding gains (bksef(5), RECEPTIVE FIELD): a
 * jump is the product of strides over the product of upsampling factors
 * (in / out) and transposed strides; a (bi/tri)linear upsample moves the
 * padding by jump_in (out - in) / (2 out). */
static int rf_denominator(struct net *net, struct diag *dg)
{
	size_t n = net->n_layers;
	int64_t *jn = malloc(n * sizeof *jn), *jd = malloc(n * sizeof *jd), lcm = 1;
	int st = BKSEF_OK;

	if (jn == NULL || jd == NULL) {
		free(jn);
		free(jd);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	for (int a = 0; a < net->rank && st == BKSEF_OK; a++) {
		size_t u = 0;
		for (size_t i = 0; i < n && st == BKSEF_OK; i++) {
			const struct net_layer *l = &net->layers[i];
			const uint32_t *from = l->from_count ? net->from + l->from_first : NULL;
			int64_t num = 1, den = 1, od = 1, g;
			for (uint32_t f = 0; f < l->from_count; f++)
				if (f == 0 ||
				    (__int128)jn[from[f]] * den > (__int128)num * jd[from[f]]) {
					num = jn[from[f]];
					den = jd[from[f]];
				}
			__int128 nn = num, dd = den;
			if (l->op == NET_OP_CONV || l->op == NET_OP_MAXPOOL ||
			    l->op == NET_OP_AVGPOOL)
				nn *= net_layer_axis(net, l, a).stride;
			else if (l->op == NET_OP_CONVTRANSPOSE)
				dd *= net_layer_axis(net, l, a).stride;
			else if (l->op == NET_OP_UPSAMPLE) {
				const struct net_up *up = &net->ups[u++];
				int64_t on, odn;
				nn *= up->in[a];
				dd *= up->out[a];
				if (up->linear &&
				    !frac_reduce((__int128)num * (up->out[a] - up->in[a]),
				                 (__int128)den * 2 * up->out[a], &on, &odn))
					st = out_of_range(l, dg,
					                  "its effective padding (a fraction)");
				else if (up->linear)
					od = odn;
			}
			if (st == BKSEF_OK && !frac_reduce(nn, dd, &jn[i], &jd[i]))
				st = out_of_range(l, dg, "its jump (a fraction)");
			for (int q = 0; st == BKSEF_OK && q < 2; q++) {
				int64_t d = q ? od : jd[i];
				g = gcd64(lcm, d);
				if (__builtin_mul_overflow(lcm / g, d, &lcm))
					st = out_of_range(l, dg, "its jump (a fraction)");
			}
		}
	}
	free(jn);
	free(jd);
	net->rf_den = lcm;
	return st;
}

/* Fill net->ups with the n_ups upsamples' sizes; an upsample whose factor
 * (out / in) differs between axes is marked per_axis, and so is the
 * network, so that each axis gets its own receptive-field pass. */
static int add_ups(struct net *net)
{
	size_t u = 0;
	net->ups = calloc(net->n_ups, sizeof *net->ups);
	if (net->ups == NULL)
		return BKSEF_ENOMEM;
	for (size_t i = 0; i < net->n_layers; i++) {
		const struct net_layer *l = &net->layers[i];
		if (l->op != NET_OP_UPSAMPLE)
			continue;
		struct net_ext *e = &net->ext[l->ext - 1];
		struct net_up *up = &net->ups[u++];
		up->linear = e->mode == NET_UP_LINEAR;
		for (int a = 0; a < net->rank; a++) {
			up->in[a] = net_layer_size(l, net->rank, a, 1);
			up->out[a] = net_layer_size(l, net->rank, a, 0);
			/* in_a / out_a != in_0 / out_0 */
			if ((__int128)up->in[a] * up->out[0] != (__int128)up->in[0] * up->out[a])
				e->per_axis = net->per_axis = 1;
		}
	}
	return BKSEF_OK;
}

/* Per-axis views of a network some of whose layers' axes differ: the loaded
 * extents and the receptive-field steps of every axis past the first. */
static int build_axes(struct net *net)
{
	size_t n = net->n_layers;
	for (int a = 0; a < net->rank; a++) {
		net->kernel_axis[a] = malloc(n * sizeof *net->kernel_axis[a]);
		if (net->kernel_axis[a] == NULL)
			return BKSEF_ENOMEM;
		if (a > 0) {
			net->rf_steps_axis[a] = malloc(n * sizeof *net->rf_steps_axis[a]);
			if (net->rf_steps_axis[a] == NULL)
				return BKSEF_ENOMEM;
		}
		int32_t u = 0;
		for (size_t i = 0; i < n; i++) {
			const struct net_layer *l = &net->layers[i];
			int kernel = net_op_has_kernel(l->op);
			struct net_axis ax =
			    kernel ? net_layer_axis(net, l, a) : (struct net_axis){ 0 };
			net->kernel_axis[a][i] = ax.k;
			if (a > 0)
				net->rf_steps_axis[a][i] = rf_step_at(net, l, a, &u);
		}
	}
	return BKSEF_OK;
}

/* Whether layer I sees the whole input at each output (bksef(5), RECEPTIVE
 * FIELD), into net->global: a global pooling, a fully connected layer over
 * more than one position, and every layer fed by one of them (its inputs
 * are marked already). */
static void mark_global(struct net *net, size_t i)
{
	const struct net_layer *l = &net->layers[i];
	uint8_t g = l->op == NET_OP_GAP ||
	            (l->op == NET_OP_FC && (l->in_h > 1 || l->in_w > 1 || l->in_t > 1));
	for (uint32_t f = 0; f < l->from_count && !g; f++)
		g = net->global[net->from[l->from_first + f]];
	net->global[i] = g;
}

int net_infer(struct net *net, const struct net_row_text *rows, struct diag *dg)
{
	size_t n = net->n_layers, n_from = 0, cap = 0, c = 0;
	int64_t worst_macs = 0, worst_params = 0;
	int32_t u = 0;
	int st = BKSEF_OK, fractions = 0;

	/* The packed views of the layers that plans and rf_compute walk, and
	 * the receptive-field passes' arrays.  The convs' views are sized for
	 * every layer (the pages past the convs are never touched): they are
	 * filled in the one pass that infers the layers. */
	int64_t *r = malloc(n * sizeof *r), *j = malloc(n * sizeof *j);
	int64_t *p = malloc(n * sizeof *p);
	int32_t *kmax = malloc(n * sizeof *kmax);
	net->kernel = malloc(n * sizeof *net->kernel);
	net->conv = malloc(n * sizeof *net->conv);
	net->rf_steps = malloc(n * sizeof *net->rf_steps);
	net->conv_per_k2 = malloc(n * sizeof *net->conv_per_k2);
	if (net->version >= 2)
		net->global = malloc(n);
	if (r == NULL || j == NULL || p == NULL || kmax == NULL || net->kernel == NULL ||
	    net->conv == NULL || net->rf_steps == NULL || net->conv_per_k2 == NULL ||
	    (net->version >= 2 && net->global == NULL)) {
		st = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		goto out;
	}
	/* One pass over the layers (each is 176 bytes: every pass over them
	 * all is a walk through memory): inputs, shapes and costs, totals,
	 * the packed views. */
	for (size_t i = 0; i < n; i++) {
		struct net_layer *l = &net->layers[i];
		if (i == 0 && l->op != NET_OP_INPUT) {
			st = diag_set(dg, BKSEF_EINPUT, l->line,
			              "the first row must be the network's 'input' (found op '%s')",
			              net_op_name(l->op));
			goto out;
		}
		st = resolve_from(net, i, rows, &n_from, &cap, dg);
		if (st == BKSEF_OK)
			st = infer_layer(net, i, &worst_macs, &worst_params, dg);
		if (st != BKSEF_OK)
			goto out;
		net->total_macs += l->macs; /* bounded by worst_macs: cannot wrap */
		net->total_params += l->params;
		if (l->op == NET_OP_UPSAMPLE || l->op == NET_OP_CONVTRANSPOSE)
			fractions = 1;
		if (l->op == NET_OP_UPSAMPLE)
			net->n_ups++;
		/* (an upsample's per_axis is set by add_ups, below) */
		if (l->ext != 0 && net->ext[l->ext - 1].per_axis)
			net->per_axis = 1;
		int kernel = net_op_has_kernel(l->op);
		net->kernel[i] = 0;
		for (int a = 0; kernel && a < net->rank; a++)
			if (net_layer_axis(net, l, a).k > net->kernel[i])
				net->kernel[i] = net_layer_axis(net, l, a).k;
		if (l->op == NET_OP_CONV) {
			net->conv_per_k2[c][0] = l->mac_per_k2;
			net->conv_per_k2[c][1] = l->param_per_k2;
			net->conv[c++] = (uint32_t)i;
		}
		net->rf_steps[i] = rf_step_at(net, l, 0, &u);
		if (net->global != NULL)
			mark_global(net, i);
		/* The largest kernel any plan may give it, on axis 0 (and on
		 * every axis unless some layer's axes differ: see below). */
		kmax[i] = net_worst_kernel(l->op, net->kernel[i]);
	}
	if (net->n_ups > 0 && add_ups(net) != BKSEF_OK) {
		st = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		goto out;
	}
	if (net->per_axis && build_axes(net) != BKSEF_OK) {
		st = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		goto out;
	}
	net->rf_den = 1;
	if (fractions) {
		st = rf_denominator(net, dg);
		if (st != BKSEF_OK)
			goto out;
	}
	/* Receptive fields at the loaded kernels, then at the largest kernel any
	 * plan may choose, so that no plan's receptive field can overflow.
	 * One pass when every layer's axes agree; else one an axis, and a
	 * layer's r, jump and effective padding are the largest over its axes. */
	int axes = net->per_axis ? net->rank : 1;
	net->max_rf = 0;
	for (int a = 0; a < axes; a++) {
		int64_t max;
		st = rf_compute_axis(net, a, NULL, r, j, p, &max, dg);
		if (st != BKSEF_OK)
			goto out;
		if (max > net->max_rf)
			net->max_rf = max;
		for (size_t i = 0; i < n; i++) {
			struct net_layer *l = &net->layers[i];
			if (a == 0 || r[i] > l->rf)
				l->rf = r[i];
			if (a == 0 || j[i] > l->jump)
				l->jump = j[i];
			if (a == 0 || p[i] > l->rf_pad)
				l->rf_pad = p[i];
		}
	}
	for (int a = 0; a < axes; a++) {
		int64_t worst_rf;
		for (size_t i = 0; axes > 1 && i < n; i++) {
			const struct net_layer *l = &net->layers[i];
			int32_t k = net_op_has_kernel(l->op) ? net_layer_axis(net, l, a).k : 0;
			kmax[i] = net_worst_kernel(l->op, k);
		}
		st = rf_compute_axis(net, a, kmax, r, j, NULL, &worst_rf, dg);
		if (st != BKSEF_OK)
			goto out;
	}
out:
	free(r);
	free(j);
	free(p);
	free(kmax);
	return st;
}
