/* rf.c -- receptive fields of a network, at its loaded kernels or a plan's. */
#include <config.h>

#include "rf.h"

int rf_step(int64_t rf_in, int64_t jump_in, int64_t k, int64_t dil, int64_t *rf)
{
	int64_t grow;
	if (__builtin_mul_overflow((k - 1) * dil, jump_in, &grow) ||
	    __builtin_add_overflow(rf_in, grow, rf))
		return -1;
	return 0;
}

int rf_compute(const struct net *net, const int32_t *kernel, int64_t *r, int64_t *j, int64_t *p,
               int64_t *max, struct diag *dg)
{
	return rf_compute_axis(net, 0, kernel, r, j, p, max, dg);
}

int rf_compute_axis(const struct net *net, int axis, const int32_t *kernel, int64_t *r, int64_t *j,
                    int64_t *p, int64_t *max, struct diag *dg)
{
	const struct net_rf_step *steps = net->rf_steps;
	int64_t best = 0;

	if (axis > 0 && net->rf_steps_axis[axis] != NULL)
		steps = net->rf_steps_axis[axis];
	if (kernel == NULL)
		kernel = net->kernel_axis[axis] != NULL ? net->kernel_axis[axis] : net->kernel;
	for (size_t i = 0; i < net->n_layers; i++) {
		const struct net_rf_step *l = &steps[i];
		int64_t ri = 1, ji = 1, pi = 0;

		if (l->from_count > 0) {
			const uint32_t *from = net->from + l->from_first;
			ri = r[from[0]];
			ji = j[from[0]];
			pi = p ? p[from[0]] : 0;
			for (uint32_t f = 1; f < l->from_count; f++) {
				if (r[from[f]] > ri)
					ri = r[from[f]];
				if (j[from[f]] > ji)
					ji = j[from[f]];
				if (p && p[from[f]] > pi)
					pi = p[from[f]];
			}
		}
		if (l->dilation != 0) {
			int64_t k = kernel[i], pad, step;
			if (rf_step(ri, ji, k, l->dilation, &ri) != 0 ||
			    __builtin_mul_overflow(ji, (int64_t)l->stride, &step))
				return diag_set(
				    dg, BKSEF_EINPUT, net->layers[i].line,
				    "receptive field of layer '%s' is too large for 64-bit "
				    "arithmetic",
				    net->layers[i].name);
			if (p) {
				const struct net_layer *full = &net->layers[i];
				struct net_axis ax = net_layer_axis(net, full, axis);
				if (full->pad_same)
					pad = (int64_t)l->dilation * (k - 1) / 2;
				else
					pad = ax.pad + (int64_t)l->dilation * (k - ax.k) / 2;
				if (pad < 0)
					pad = 0;
				if (__builtin_mul_overflow(pad, ji, &pad) ||
				    __builtin_add_overflow(pi, pad, &pi))
					return diag_set(
					    dg, BKSEF_EINPUT, net->layers[i].line,
					    "effective padding of layer '%s' is too large "
					    "for 64-bit arithmetic",
					    net->layers[i].name);
			}
			ji = step;
		}
		r[i] = ri;
		j[i] = ji;
		if (p)
			p[i] = pi;
		if (ri > best)
			best = ri;
	}
	*max = best;
	return BKSEF_OK;
}
