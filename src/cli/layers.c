/* layers.c -- `bksef --layers`: one CSV row per layer with shapes, costs and
 * receptive fields: format 1's columns for a format-1 network, format 2's
 * (per-axis values and fields, the global-context mark) for a format-2 one;
 * with a device, each layer's roofline latency and what bounds it. */
#include <config.h>

#include "cli.h"
#include "cost.h"
#include "csvout.h"
#include "rf.h"

#include <stdlib.h>

static const char *const header[] = {
	"name",    "op",    "inputs", "in_c",   "in_h", "in_w",     "out_c",
	"out_h",   "out_w", "k",      "stride", "pad",  "dilation", "groups",
	"tunable", "macs",  "params", "rf",     "jump", "rf_pad",
};

/* Format 2: k, stride, pad and dilation are tokens ("1x7"), and the field,
 * jump and effective padding are given per axis; rf is the larger. */
static const char *const header_v2[] = {
	"name", "op",     "inputs", "in_c",     "in_h",     "in_w",     "out_c",  "out_h",  "out_w",
	"k",    "stride", "pad",    "dilation", "groups",   "tunable",  "macs",   "params", "rf",
	"rf_h", "rf_w",   "jump_h", "jump_w",   "rf_pad_h", "rf_pad_w", "global",
};

/* Per-axis receptive fields of every layer at the loaded kernels. */
struct axes_rf {
	int64_t *r[KERNEL_MAX_AXES], *j[KERNEL_MAX_AXES], *p[KERNEL_MAX_AXES];
};

static void axes_rf_free(struct axes_rf *a)
{
	for (int x = 0; x < KERNEL_MAX_AXES; x++) {
		free(a->r[x]);
		free(a->j[x]);
		free(a->p[x]);
	}
}

/* Fill A for every axis of NET (one pass when its axes agree). */
static int axes_rf_compute(const struct net *net, struct axes_rf *a)
{
	int64_t max;
	size_t n = net->n_layers;
	for (int x = 0; x < net->rank; x++) {
		a->r[x] = malloc(n * sizeof *a->r[x]);
		a->j[x] = malloc(n * sizeof *a->j[x]);
		a->p[x] = malloc(n * sizeof *a->p[x]);
		if (a->r[x] == NULL || a->j[x] == NULL || a->p[x] == NULL)
			return BKSEF_ENOMEM;
		/* The loader has run these passes: they cannot fail. */
		(void)rf_compute_axis(net, net->per_axis ? x : 0, NULL, a->r[x], a->j[x], a->p[x],
		                      &max, NULL);
	}
	return BKSEF_OK;
}

/* A conv or pool's column COL (k, stride, pad, dilation) as a token. */
static void axis_token(struct csvout *co, const struct net *net, size_t i, int col)
{
	struct kernel k = kernel_square(net->rank, 0);
	char tok[KERNEL_TOKEN_MAX];
	for (int a = 0; a < net->rank; a++) {
		struct net_axis ax = net_layer_axis(net, &net->layers[i], a);
		k.k[a] = col == NET_COL_K        ? ax.k
		         : col == NET_COL_STRIDE ? ax.stride
		         : col == NET_COL_PAD    ? ax.pad
		                                 : ax.dilation;
	}
	csvout_str(co, kernel_format(&k, tok, sizeof tok));
}

int layers_write(FILE *fp, const struct net *net, const struct device *device)
{
	struct csvout co;
	struct axes_rf ax = { 0 };
	char *inputs = NULL;
	size_t cap = 0;
	int v2 = net->version >= 2;

	/* The longest inputs field's room, before the first byte is written:
	 * running out of memory half-way would leave half a file on a pipe. */
	for (size_t i = 0; i < net->n_layers; i++) {
		if (net_layer_inputs(net, i, &inputs, &cap) != BKSEF_OK) {
			free(inputs);
			return BKSEF_ENOMEM;
		}
	}
	if (v2 && axes_rf_compute(net, &ax) != BKSEF_OK) {
		free(inputs);
		axes_rf_free(&ax);
		return BKSEF_ENOMEM;
	}
	csvout_init(&co, fp);
	if (v2)
		net_axis_header(&co, header_v2, sizeof header_v2 / sizeof header_v2[0], net->rank);
	else
		for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
			csvout_str(&co, header[i]);
	if (device != NULL) {
		csvout_str(&co, "latency");
		csvout_str(&co, "bound");
	}
	csvout_end(&co);
	for (size_t i = 0; i < net->n_layers && csvout_ok(&co); i++) {
		const struct net_layer *l = &net->layers[i];
		int kernel = net_op_has_kernel(l->op);

		if (net_layer_inputs(net, i, &inputs, &cap) != BKSEF_OK) {
			free(inputs);
			axes_rf_free(&ax);
			return BKSEF_ENOMEM;
		}
		csvout_str(&co, l->name);
		csvout_str(&co, net_op_name(l->op));
		if (inputs[0] != '\0')
			csvout_str(&co, inputs);
		else
			csvout_empty(&co);
		for (int in = 1; in >= 0; in--) {
			csvout_i64(&co, in ? l->in_c : l->c);
			for (int a = 0; a < net->rank; a++)
				csvout_i64(&co, net_layer_size(l, net->rank, a, in));
		}
		if (kernel && v2) {
			axis_token(&co, net, i, NET_COL_K);
			axis_token(&co, net, i, NET_COL_STRIDE);
			axis_token(&co, net, i, NET_COL_PAD);
			axis_token(&co, net, i, NET_COL_DILATION);
		} else if (kernel) {
			csvout_i64(&co, l->k);
			csvout_i64(&co, l->stride);
			csvout_i64(&co, l->pad);
			csvout_i64(&co, l->dilation);
		} else {
			for (int e = 0; e < 4; e++)
				csvout_empty(&co);
		}
		if (l->op == NET_OP_CONV ||
		    (v2 && (l->op == NET_OP_SHUFFLE || l->op == NET_OP_CONVTRANSPOSE)))
			csvout_i64(&co, l->groups);
		else
			csvout_empty(&co);
		csvout_i64(&co, l->tune);
		csvout_i64(&co, l->macs);
		csvout_i64(&co, l->params);
		csvout_i64(&co, l->rf);
		if (v2) {
			for (int a = 0; a < net->rank; a++)
				csvout_i64(&co, ax.r[a][i]);
			char fr[RF_FRACTION_MAX];
			for (int a = 0; a < net->rank; a++)
				csvout_str(&co,
				           rf_fraction(ax.j[a][i], net->rf_den, fr, sizeof fr));
			for (int a = 0; a < net->rank; a++)
				csvout_str(&co,
				           rf_fraction(ax.p[a][i], net->rf_den, fr, sizeof fr));
			csvout_i64(&co, net_layer_global(net, i));
		} else {
			csvout_i64(&co, l->jump);
			csvout_i64(&co, l->rf_pad);
		}
		if (device != NULL) {
			struct roofline r;
			cost_layer_roofline(net, i, device, l->macs, l->params, &r);
			csvout_real(&co, r.seconds);
			if (i == 0)
				csvout_empty(&co); /* the input takes no time */
			else
				csvout_str(&co, roofline_bound_name(r.bound));
		}
		csvout_end(&co);
	}
	free(inputs);
	axes_rf_free(&ax);
	return csvout_flush(&co) ? BKSEF_OK : BKSEF_EIO;
}

int layers_writer(FILE *fp, void *ctx, struct diag *dg)
{
	const struct layers_out *lo = ctx;
	int st = layers_write(fp, lo->net, lo->device);
	if (st == BKSEF_ENOMEM)
		return diag_set(dg, st, 0, "out of memory");
	return st == BKSEF_OK ? st : diag_set(dg, st, 0, "write error");
}
