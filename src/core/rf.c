/* rf.c -- receptive fields of a network, at its loaded kernels or a plan's. */
#include <config.h>

#include "rf.h"

#include <stdio.h>

char *rf_fraction(int64_t v, int64_t den, char *buf, size_t size)
{
	int64_t d = den > 1 ? den : 1, a = v < 0 ? -v : v, b = d;
	while (b != 0) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	if (a > 1) {
		v /= a;
		d /= a;
	}
	snprintf(buf, size, d == 1 ? "%lld" : "%lld/%lld", (long long)v, (long long)d);
	return buf;
}

int rf_step(int64_t rf_in, int64_t jump_in, int64_t den, int64_t k, int64_t dil, int64_t *rf)
{
	int64_t grow;
	if (__builtin_mul_overflow((k - 1) * dil, jump_in, &grow))
		return -1;
	if (den > 1) /* whole input pixels: rounded up */
		grow = grow / den + (grow % den > 0);
	if (__builtin_add_overflow(rf_in, grow, rf))
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
	return rf_compute_axis_from(net, axis, kernel, 0, r, j, p, max, dg);
}

/* The steps of axis AXIS. */
static const struct net_rf_step *axis_steps(const struct net *net, int axis)
{
	if (axis > 0 && net->rf_steps_axis[axis] != NULL)
		return net->rf_steps_axis[axis];
	return net->rf_steps;
}

/* The largest of R[0 .. FIRST). */
static int64_t max_before(const struct net *net, const int64_t *r, size_t first)
{
	int64_t best = 0;
	for (size_t i = 0; i < first && i < net->n_layers; i++)
		if (r[i] > best)
			best = r[i];
	return best;
}

/* The field's growth through layer L (a kernel, of extent K on this axis):
 * into *TAPS the taps that fall on input pixels and into *DIL their
 * spacing in input pixels.  A transposed conv of stride s slides over the
 * input with s - 1 zeros between pixels (jump j / s), padded by dilation
 * (k - 1) - pad.  Of its k taps, spaced dilation apart, at most
 * (k - 1) g / s + 1 fall on input pixels (g = gcd(dilation, s)),
 * dilation / g input pixels apart. */
static void layer_taps(const struct net_rf_step *l, int64_t k, int64_t *taps, int64_t *dil)
{
	*taps = k;
	*dil = l->dilation;
	if (l->stride < 0) {
		int64_t s = -(int64_t)l->stride, g = *dil, b = s;
		while (b != 0) {
			int64_t t = g % b;
			g = b;
			b = t;
		}
		*taps = (k - 1) * g / s + 1; /* (k - 1) g: below 2^62 */
		*dil /= g;
	}
}

static int rf_too_large(const struct net *net, size_t i, struct diag *dg)
{
	return diag_set(dg, BKSEF_EINPUT, net->layers[i].line,
	                "receptive field of layer '%s' is too large for 64-bit "
	                "arithmetic",
	                net->layers[i].name);
}

int rf_update_axis_from(const struct net *net, int axis, const int32_t *kernel, size_t first,
                        int64_t *r, const int64_t *j, int64_t *max, struct diag *dg)
{
	const struct net_rf_step *steps = axis_steps(net, axis);
	const uint32_t *from_all = net->from;
	int64_t best = max_before(net, r, first), den = net->rf_den > 1 ? net->rf_den : 1;

	for (size_t i = first, n = net->n_layers; i < n; i++) {
		const struct net_rf_step *l = &steps[i];
		int64_t ri = 1, ji = den;

		if (l->from_count > 0) {
			const uint32_t *from = from_all + l->from_first;
			ri = r[from[0]];
			ji = j[from[0]];
			for (uint32_t f = 1; f < l->from_count; f++) {
				if (r[from[f]] > ri)
					ri = r[from[f]];
				if (j[from[f]] > ji)
					ji = j[from[f]];
			}
		}
		if (l->dilation != 0) {
			int64_t taps, dil;
			layer_taps(l, kernel[i], &taps, &dil);
			if (rf_step(ri, ji, den, taps, dil, &ri) != 0)
				return rf_too_large(net, i, dg);
		}
		r[i] = ri;
		if (ri > best)
			best = ri;
	}
	*max = best;
	return BKSEF_OK;
}

int rf_compute_axis_from(const struct net *net, int axis, const int32_t *kernel, size_t first,
                         int64_t *r, int64_t *j, int64_t *p, int64_t *max, struct diag *dg)
{
	const struct net_rf_step *steps = axis_steps(net, axis);
	int64_t best = max_before(net, r, first), den = net->rf_den > 1 ? net->rf_den : 1;

	if (kernel == NULL)
		kernel = net->kernel_axis[axis] != NULL ? net->kernel_axis[axis] : net->kernel;
	for (size_t i = first; i < net->n_layers; i++) {
		const struct net_rf_step *l = &steps[i];
		int64_t ri = 1, ji = den, pi = 0;

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
			int64_t k = kernel[i], pad, step = 0, taps, dil;
			int transposed = l->stride < 0;
			layer_taps(l, k, &taps, &dil);
			if (rf_step(ri, ji, den, taps, dil, &ri) != 0 ||
			    (!transposed && __builtin_mul_overflow(ji, (int64_t)l->stride, &step)))
				return rf_too_large(net, i, dg);
			if (p) {
				const struct net_layer *full = &net->layers[i];
				struct net_axis ax = net_layer_axis(net, full, axis);
				if (full->pad_same)
					pad = (int64_t)l->dilation * (k - 1) / 2;
				else
					pad = ax.pad + (int64_t)l->dilation * (k - ax.k) / 2;
				if (transposed)
					pad = (int64_t)l->dilation * (k - 1) - pad;
				else if (pad < 0)
					pad = 0;
				/* a transposed conv's padding is on the zero-filled grid,
				 * whose jump is ji / s: whole, see rf_den */
				if (__builtin_mul_overflow(
				        pad, transposed ? ji / -(int64_t)l->stride : ji, &pad) ||
				    __builtin_add_overflow(pi, pad, &pi))
					return diag_set(
					    dg, BKSEF_EINPUT, net->layers[i].line,
					    "effective padding of layer '%s' is too large "
					    "for 64-bit arithmetic",
					    net->layers[i].name);
			}
			ji = transposed ? ji / -(int64_t)l->stride : step; /* whole: see rf_den */
		} else if (l->stride < 0) {
			/* An upsample: the jump times in / out; a linear one moves
			 * the padding by jump_in (out - in) / (2 out).  Both whole in
			 * units of 1 / rf_den, and no larger than the loader's pass
			 * (the jumps do not depend on the kernels). */
			const struct net_up *up = &net->ups[-l->stride - 1];
			__int128 in = up->in[axis], out = up->out[axis];
			__int128 jo = (__int128)ji * in / out,
			         po = p && up->linear ? pi + (__int128)ji * (out - in) / (2 * out)
			                              : pi;
			if (jo > INT64_MAX || po > INT64_MAX || po < INT64_MIN)
				return diag_set(
				    dg, BKSEF_EINPUT, net->layers[i].line,
				    "jump of layer '%s' is too large for 64-bit arithmetic",
				    net->layers[i].name);
			ji = (int64_t)jo;
			pi = (int64_t)po;
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
