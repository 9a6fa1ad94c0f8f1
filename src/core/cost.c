/* cost.c -- cost models for the BKSEF cost term. */
#include <config.h>

#include "cost.h"

#include <math.h>
#include <string.h>

static const char *const model_names[COST_MODEL_COUNT] = {
	[COST_MACS] = "macs",
	[COST_PAPER] = "paper",
	[COST_LATENCY] = "latency",
	[COST_MEASURED] = "measured",
};

const char *cost_model_name(int model)
{
	return model >= 0 && model < COST_MODEL_COUNT ? model_names[model] : "?";
}

int cost_model_parse(const char *text, int *model)
{
	for (int m = 0; m < COST_MODEL_COUNT; m++)
		if (strcmp(text, model_names[m]) == 0) {
			*model = m;
			return BKSEF_OK;
		}
	return BKSEF_EUSAGE;
}

double cost_conv(const struct net *net, size_t i, int model, const struct cost_source *src,
                 const struct kernel *k, int64_t macs, int64_t params)
{
	const struct net_layer *l = &net->layers[i];
	struct roofline r;

	switch (model) {
	case COST_PAPER:
		/* depthwise-separable: the depthwise part's taps per input
		 * channel, then the pointwise part's C_in * C_out */
		return (double)l->in_t * (double)l->in_h * (double)l->in_w * (double)l->in_c *
		       (k->kind == KERNEL_DS ? (double)kernel_taps(k) + (double)l->c
		                             : (double)kernel_taps(k) * (double)l->c);
	case COST_LATENCY:
		if (k->kind == KERNEL_DS)
			return cost_ds_seconds(net, i, src->device, k);
		cost_layer_roofline(net, i, src->device, macs, params, &r);
		return r.seconds;
	case COST_MEASURED:
		return latency_table_find(src->measured, i, k);
	default:
		return (double)macs;
	}
}

int64_t cost_seconds_ns(double seconds)
{
	double ns = seconds * 1e9;
	if (!(ns >= 0) || ns >= 1e18)
		return INT64_MAX / 4;
	return llround(ns);
}

/* The elements of layer I's output. */
static double out_elements(const struct net_layer *l)
{
	return (double)l->c * (double)net_layer_positions(l, 0);
}

double cost_layer_elements(const struct net *net, size_t i, int64_t params)
{
	const struct net_layer *l = &net->layers[i];
	double n = out_elements(l) + (double)params;

	if (l->op == NET_OP_INPUT)
		return 0;
	for (uint32_t f = 0; f < l->from_count; f++)
		n += out_elements(&net->layers[net->from[l->from_first + f]]);
	return n;
}

double cost_ds_seconds(const struct net *net, size_t i, const struct device *device,
                       const struct kernel *k)
{
	const struct net_layer *l = &net->layers[i];
	double mid = (double)l->in_c * (double)net_layer_positions(l, 0);
	int64_t macs[2], params[2];
	struct roofline dw, pw;

	net_layer_ds_parts(l, k, macs, params);
	/* the depthwise part: the layer's inputs in, C_in channels out */
	device_roofline(device, (double)macs[0],
	                cost_layer_elements(net, i, params[0]) - out_elements(l) + mid, &dw);
	/* the pointwise part: those in, the layer's output out */
	device_roofline(device, (double)macs[1], mid + out_elements(l) + (double)params[1], &pw);
	return dw.seconds + pw.seconds;
}

void cost_layer_roofline(const struct net *net, size_t i, const struct device *device, int64_t macs,
                         int64_t params, struct roofline *r)
{
	if (net->layers[i].op == NET_OP_INPUT) {
		*r = (struct roofline){ 0, 0, 0, 0, ROOFLINE_OVERHEAD };
		return;
	}
	device_roofline(device, (double)macs, cost_layer_elements(net, i, params), r);
}

double cost_net_seconds(const struct net *net, const struct device *device, int convs,
                        size_t n_bound[3])
{
	double sum = 0;
	for (size_t i = 1; i < net->n_layers; i++) {
		const struct net_layer *l = &net->layers[i];
		struct roofline r;
		if (!convs && l->op == NET_OP_CONV)
			continue;
		cost_layer_roofline(net, i, device, l->macs, l->params, &r);
		sum += r.seconds;
		if (n_bound != NULL)
			n_bound[r.bound]++;
	}
	return sum;
}
