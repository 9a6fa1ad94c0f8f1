/* layers.c -- `bksef --layers`: one CSV row per layer with shapes, costs and
 * receptive fields. */
#include <config.h>

#include "cli.h"
#include "csvout.h"

#include <stdlib.h>

static const char *const header[] = {
	"name",    "op",    "inputs", "in_c",   "in_h", "in_w",     "out_c",
	"out_h",   "out_w", "k",      "stride", "pad",  "dilation", "groups",
	"tunable", "macs",  "params", "rf",     "jump", "rf_pad",
};

int layers_write(FILE *fp, const struct net *net)
{
	struct csvout co;
	char *inputs = NULL;
	size_t cap = 0;

	/* The longest inputs field's room, before the first byte is written:
	 * running out of memory half-way would leave half a file on a pipe. */
	for (size_t i = 0; i < net->n_layers; i++) {
		if (net_layer_inputs(net, i, &inputs, &cap) != BKSEF_OK) {
			free(inputs);
			return BKSEF_ENOMEM;
		}
	}
	csvout_init(&co, fp);
	for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
		csvout_str(&co, header[i]);
	csvout_end(&co);
	for (size_t i = 0; i < net->n_layers && csvout_ok(&co); i++) {
		const struct net_layer *l = &net->layers[i];
		int kernel = net_op_has_kernel(l->op);

		if (net_layer_inputs(net, i, &inputs, &cap) != BKSEF_OK) {
			free(inputs);
			return BKSEF_ENOMEM;
		}
		csvout_str(&co, l->name);
		csvout_str(&co, net_op_name(l->op));
		if (inputs[0] != '\0')
			csvout_str(&co, inputs);
		else
			csvout_empty(&co);
		csvout_i64(&co, l->in_c);
		csvout_i64(&co, l->in_h);
		csvout_i64(&co, l->in_w);
		csvout_i64(&co, l->c);
		csvout_i64(&co, l->h);
		csvout_i64(&co, l->w);
		if (kernel) {
			csvout_i64(&co, l->k);
			csvout_i64(&co, l->stride);
			csvout_i64(&co, l->pad);
			csvout_i64(&co, l->dilation);
		} else {
			for (int e = 0; e < 4; e++)
				csvout_empty(&co);
		}
		if (l->op == NET_OP_CONV)
			csvout_i64(&co, l->groups);
		else
			csvout_empty(&co);
		csvout_i64(&co, l->tune);
		csvout_i64(&co, l->macs);
		csvout_i64(&co, l->params);
		csvout_i64(&co, l->rf);
		csvout_i64(&co, l->jump);
		csvout_i64(&co, l->rf_pad);
		csvout_end(&co);
	}
	free(inputs);
	return csvout_ok(&co) ? BKSEF_OK : BKSEF_EIO;
}

int layers_writer(FILE *fp, void *ctx, struct diag *dg)
{
	int st = layers_write(fp, ctx);
	if (st == BKSEF_ENOMEM)
		return diag_set(dg, st, 0, "out of memory");
	return st == BKSEF_OK ? st : diag_set(dg, st, 0, "write error");
}
