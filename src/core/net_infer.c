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

static int out_of_range(const struct net_layer *l, struct diag *dg, const char *what)
{
	return diag_set(dg, BKSEF_EINPUT, l->line,
	                "layer " NAME_FMT ": %s is too large for 64-bit arithmetic",
	                NAME_ARG(l->name), what);
}

/* Resolve layer I's inputs into net->from. */
static int resolve_from(struct net *net, size_t i, const size_t *from_off, size_t *n_from,
                        size_t *cap, struct diag *dg)
{
	struct net_layer *l = &net->layers[i];
	uint32_t tmp[1] = { 0 };
	const char *text = NULL;

	l->from_first = (uint32_t)*n_from;
	l->from_count = 0;
	if (l->op == NET_OP_INPUT)
		return BKSEF_OK;
	if (from_off[i] == NET_FROM_DEFAULT) {
		tmp[0] = (uint32_t)(i - 1);
	} else {
		text = net->strings + from_off[i];
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
			const char *e = strchr(p, ' ');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			char name[NET_MAX_NAME_BYTES + 1];
			if (len > NET_MAX_NAME_BYTES)
				return diag_set(dg, BKSEF_EINPUT, l->line,
				                "from: unknown layer '%.*s...'",
				                (int)escape_cut(p, 40), p);
			memcpy(name, p, len);
			name[len] = '\0';
			p += len;
			long found = net_find_layer(net, name);
			if (found < 0)
				return diag_set(dg, BKSEF_EINPUT, l->line,
				                "from: unknown layer " NAME_FMT, NAME_ARG(name));
			if ((size_t)found >= i)
				return diag_set(dg, BKSEF_EINPUT, l->line,
				                "from: layer " NAME_FMT " %s (line %lu); rows must "
				                "be in topological order",
				                NAME_ARG(name),
				                (size_t)found == i ? "is this row itself"
				                                   : "comes later",
				                (unsigned long)net->layers[found].line);
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
		return BKSEF_OK;
	}
	if (i == 0)
		return diag_set(dg, BKSEF_EINPUT, l->line,
		                "the first row must be the network's 'input' (found op '%s')", op);
	if (l->op != NET_OP_ADD && l->op != NET_OP_CONCAT && l->from_count != 1)
		return diag_set(dg, BKSEF_EINPUT, l->line,
		                "op '%s' takes one input, but 'from' names %u", op, l->from_count);
	if (l->op == NET_OP_ADD && l->from_count < 2)
		return diag_set(dg, BKSEF_EINPUT, l->line,
		                "op 'add' needs at least two inputs in 'from'");

	l->in_c = src->c;
	l->in_h = src->h;
	l->in_w = src->w;
	l->c = l->op == NET_OP_CONV || l->op == NET_OP_FC ? l->c : src->c;
	l->h = src->h;
	l->w = src->w;

	switch (l->op) {
	case NET_OP_CONV:
	case NET_OP_MAXPOOL:
	case NET_OP_AVGPOOL: {
		if (l->pad_same) {
			int64_t pad = (int64_t)l->dilation * (l->k - 1) / 2;
			if (pad > NET_MAX_DIM)
				return diag_set(
				    dg, BKSEF_EINPUT, l->line,
				    "layer " NAME_FMT ": 'same' padding %lld is too large "
				    "(at most %ld)",
				    NAME_ARG(l->name), (long long)pad, (long)NET_MAX_DIM);
			l->pad = (int32_t)pad;
		}
		l->h = net_out_size(l->in_h, l->pad, l->dilation, l->k, l->stride);
		l->w = net_out_size(l->in_w, l->pad, l->dilation, l->k, l->stride);
		if (l->h <= 0 || l->w <= 0)
			return diag_set(dg, BKSEF_EINPUT, l->line,
			                "layer " NAME_FMT ": output size would be %lldx%lld (input "
			                "%lldx%lld, kernel %d, stride %d, pad %d, dilation %d)",
			                NAME_ARG(l->name), (long long)l->h, (long long)l->w,
			                (long long)l->in_h, (long long)l->in_w, l->k, l->stride,
			                l->pad, l->dilation);
		if (l->op != NET_OP_CONV)
			break;
		if (l->in_c % l->groups != 0 || l->c % l->groups != 0)
			return diag_set(
			    dg, BKSEF_EINPUT, l->line,
			    "layer " NAME_FMT ": groups %d does not divide %s channels %lld",
			    NAME_ARG(l->name), l->groups, l->in_c % l->groups ? "input" : "output",
			    (long long)(l->in_c % l->groups ? l->in_c : l->c));
		/* H and W may pass 2^32 with a large pad: their product is checked */
		int64_t kmax = l->k > CAND_MAX ? l->k : CAND_MAX, kk, worst, hw;
		if (__builtin_mul_overflow(l->h, l->w, &hw) ||
		    __builtin_mul_overflow(l->in_c / l->groups, l->c, &l->param_per_k2) ||
		    __builtin_mul_overflow(l->param_per_k2, hw, &l->mac_per_k2) ||
		    __builtin_mul_overflow(kmax, kmax, &kk) ||
		    __builtin_mul_overflow(kk, l->mac_per_k2, &worst) ||
		    __builtin_add_overflow(*worst_macs, worst, worst_macs) ||
		    __builtin_mul_overflow(kk, l->param_per_k2, &worst) ||
		    __builtin_add_overflow(*worst_params, worst, worst_params) ||
		    __builtin_add_overflow(*worst_params, l->c, worst_params))
			return out_of_range(l, dg,
			                    "its MAC or parameter count at the largest kernel");
		l->macs = net_layer_macs_at(l, l->k);
		l->params = net_layer_params_at(l, l->k);
		net->n_conv++;
		net->n_tunable += l->tune;
		break;
	}
	case NET_OP_GAP:
		l->h = l->w = 1;
		break;
	case NET_OP_FC: {
		int64_t feat, hw;
		if (__builtin_mul_overflow(l->in_h, l->in_w, &hw) ||
		    __builtin_mul_overflow(l->in_c, hw, &feat) ||
		    __builtin_mul_overflow(feat, l->c, &l->macs) ||
		    __builtin_add_overflow(l->macs, l->bias ? l->c : 0, &l->params) ||
		    __builtin_add_overflow(*worst_macs, l->macs, worst_macs) ||
		    __builtin_add_overflow(*worst_params, l->params, worst_params))
			return out_of_range(l, dg, "its MAC or parameter count");
		l->h = l->w = 1;
		break;
	}
	case NET_OP_ADD:
	case NET_OP_CONCAT:
		for (uint32_t f = 1; f < l->from_count; f++) {
			const struct net_layer *o = &net->layers[from[f]];
			if (l->op == NET_OP_ADD &&
			    (o->c != src->c || o->h != src->h || o->w != src->w))
				return diag_set(
				    dg, BKSEF_EINPUT, l->line,
				    "add " NAME_FMT ": input " NAME_FMT " is %lldx%lldx%lld "
				    "but " NAME_FMT " is %lldx%lldx%lld (CxHxW)",
				    NAME_ARG(l->name), NAME_ARG(src->name), (long long)src->c,
				    (long long)src->h, (long long)src->w, NAME_ARG(o->name),
				    (long long)o->c, (long long)o->h, (long long)o->w);
			if (l->op == NET_OP_CONCAT && (o->h != src->h || o->w != src->w))
				return diag_set(dg, BKSEF_EINPUT, l->line,
				                "concat " NAME_FMT ": input " NAME_FMT
				                " is %lldx%lld but " NAME_FMT " is %lldx%lld (HxW)",
				                NAME_ARG(l->name), NAME_ARG(src->name),
				                (long long)src->h, (long long)src->w,
				                NAME_ARG(o->name), (long long)o->h,
				                (long long)o->w);
			if (l->op == NET_OP_CONCAT && __builtin_add_overflow(l->c, o->c, &l->c))
				return out_of_range(l, dg, "its channel count");
		}
		if (l->op == NET_OP_CONCAT)
			l->in_c = l->c;
		break;
	case NET_OP_BN:
		if (__builtin_mul_overflow(l->c, (int64_t)2, &l->params) ||
		    __builtin_add_overflow(*worst_params, l->params, worst_params))
			return out_of_range(l, dg, "its parameter count");
		break;
	default:
		break;
	}
	return BKSEF_OK;
}

int net_infer(struct net *net, const size_t *from_off, struct diag *dg)
{
	size_t n_from = 0, cap = 0;
	int64_t worst_macs = 0, worst_params = 0;
	int st;

	for (size_t i = 0; i < net->n_layers; i++) {
		if (i == 0 && net->layers[0].op != NET_OP_INPUT)
			return diag_set(
			    dg, BKSEF_EINPUT, net->layers[0].line,
			    "the first row must be the network's 'input' (found op '%s')",
			    net_op_name(net->layers[0].op));
		st = resolve_from(net, i, from_off, &n_from, &cap, dg);
		if (st == BKSEF_OK)
			st = infer_layer(net, i, &worst_macs, &worst_params, dg);
		if (st != BKSEF_OK)
			return st;
	}
	for (size_t i = 0; i < net->n_layers; i++) {
		const struct net_layer *l = &net->layers[i];
		net->total_macs += l->macs; /* bounded by worst_macs: cannot wrap */
		net->total_params += l->params;
	}

	/* Receptive fields at the loaded kernels, then at the largest kernel any
	 * plan may choose, so that no plan's receptive field can overflow. */
	int64_t *r = malloc(net->n_layers * sizeof *r), *j = malloc(net->n_layers * sizeof *j);
	int64_t *p = malloc(net->n_layers * sizeof *p);
	int32_t *kmax = malloc(net->n_layers * sizeof *kmax);
	net->kernel = malloc(net->n_layers * sizeof *net->kernel);
	net->conv = malloc((net->n_conv ? net->n_conv : 1) * sizeof *net->conv);
	net->rf_steps = malloc(net->n_layers * sizeof *net->rf_steps);
	net->conv_per_k2 = malloc((net->n_conv ? net->n_conv : 1) * sizeof *net->conv_per_k2);
	if (r == NULL || j == NULL || p == NULL || kmax == NULL || net->kernel == NULL ||
	    net->conv == NULL || net->rf_steps == NULL || net->conv_per_k2 == NULL) {
		st = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		goto out;
	}
	/* The packed views of the layers that plans and rf_compute walk. */
	for (size_t i = 0, c = 0; i < net->n_layers; i++) {
		const struct net_layer *l = &net->layers[i];
		int kernel = net_op_has_kernel(l->op);
		net->kernel[i] = kernel ? l->k : 0;
		if (l->op == NET_OP_CONV) {
			net->conv_per_k2[c][0] = l->mac_per_k2;
			net->conv_per_k2[c][1] = l->param_per_k2;
			net->conv[c++] = (uint32_t)i;
		}
		net->rf_steps[i] = (struct net_rf_step){ l->from_first, l->from_count,
			                                 kernel ? l->dilation : 0, l->stride };
	}
	st = rf_compute(net, NULL, r, j, p, &net->max_rf, dg);
	if (st != BKSEF_OK)
		goto out;
	for (size_t i = 0; i < net->n_layers; i++) {
		struct net_layer *l = &net->layers[i];
		l->rf = r[i];
		l->jump = j[i];
		l->rf_pad = p[i];
		kmax[i] = l->op == NET_OP_CONV && l->k < CAND_MAX ? CAND_MAX : l->k;
	}
	int64_t worst_rf;
	st = rf_compute(net, kmax, r, j, NULL, &worst_rf, dg);
out:
	free(r);
	free(j);
	free(p);
	free(kmax);
	return st;
}
