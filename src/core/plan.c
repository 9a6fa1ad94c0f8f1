/* plan.c -- a kernel for every conv, and what it costs. */
#include <config.h>

#include "plan.h"

#include "cost.h"
#include "rf.h"

#include <stdlib.h>
#include <string.h>

struct plan *plan_new(const struct cand_table *t)
{
	struct plan *p = calloc(1, sizeof *p);
	const struct net *net = t->net;
	size_t n = net->n_layers;

	if (p == NULL)
		return NULL;
	p->net = net;
	p->table = t;
	p->choice = calloc(net->n_conv ? net->n_conv : 1, sizeof *p->choice);
	p->rf_choice = calloc(net->n_conv ? net->n_conv : 1, sizeof *p->rf_choice);
	p->extent = calloc(n ? n : 1, sizeof *p->extent);
	p->rf_layer = calloc(n ? n : 1, sizeof *p->rf_layer);
	p->jump = calloc(n ? n : 1, sizeof *p->jump);
	if (!p->choice || !p->rf_choice || !p->extent || !p->rf_layer || !p->jump) {
		plan_free(p);
		return NULL;
	}
	memcpy(p->extent, net->kernel, n * sizeof *p->extent);
	p->per_axis = net->per_axis || t->per_axis;
	for (int a = 0; p->per_axis && a < net->rank; a++) {
		p->extent_axis[a] = malloc((n ? n : 1) * sizeof *p->extent_axis[a]);
		p->rf_axis[a] = calloc(n ? n : 1, sizeof *p->rf_axis[a]);
		p->jump_axis[a] = calloc(n ? n : 1, sizeof *p->jump_axis[a]);
		if (!p->extent_axis[a] || !p->rf_axis[a] || !p->jump_axis[a]) {
			plan_free(p);
			return NULL;
		}
		memcpy(p->extent_axis[a], net->kernel_axis[a] ? net->kernel_axis[a] : net->kernel,
		       n * sizeof *p->extent);
	}
	plan_from_net(p);
	plan_update(p);
	return p;
}

void plan_free(struct plan *p)
{
	if (p == NULL)
		return;
	free(p->choice);
	free(p->rf_choice);
	free(p->extent);
	free(p->rf_layer);
	free(p->jump);
	for (int a = 0; a < KERNEL_MAX_AXES; a++) {
		free(p->extent_axis[a]);
		free(p->rf_axis[a]);
		free(p->jump_axis[a]);
	}
	free(p);
}

void plan_set(struct plan *p, size_t c, size_t j)
{
	p->choice[c] = (uint8_t)j;
}

void plan_from_net(struct plan *p)
{
	for (size_t c = 0; c < p->net->n_conv; c++)
		plan_set(p, c, p->table->loaded[c]);
}

void plan_from_base(struct plan *p)
{
	for (size_t c = 0; c < p->net->n_conv; c++)
		plan_set(p, c, p->table->base[c]);
}

void plan_apply_pins(struct plan *p, const struct pin *pins, size_t n)
{
	for (size_t q = 0; q < n; q++) {
		long c = cand_table_row_of(p->table, pins[q].layer);
		long j = c < 0 ? -1 : cand_table_find(p->table, (size_t)c, &pins[q].k);
		if (j >= 0)
			plan_set(p, (size_t)c, (size_t)j);
	}
}

void plan_from_score(struct plan *p, const struct score *s, const struct score_work *w,
                     const struct pin *pins, size_t n)
{
	if (p->net->n_conv > 0)
		memcpy(p->choice, p->table->loaded, p->net->n_conv * sizeof *p->choice);
	score_choices(s, w, p->choice);
	plan_apply_pins(p, pins, n);
}

int64_t plan_resource(const struct plan *p, int resource)
{
	if (resource == BUDGET_LATENCY)
		return cand_table_latency_ns(p->table, p->choice);
	return resource == BUDGET_PARAMS ? p->params : p->macs;
}

/* The sum of the chosen convs' times under a time cost model, in conv
 * order (as every total of it is summed), else 0. */
static double latency_total(const struct plan *p)
{
	const struct cand_table *t = p->table;
	if (t->spec.cost != COST_LATENCY && t->spec.cost != COST_MEASURED)
		return 0;
	double sum = t->latency_other;
	for (size_t c = 0; c < p->net->n_conv; c++)
		sum += t->cost[t->first[c] + p->choice[c]];
	return sum;
}

void plan_update_totals(struct plan *p)
{
	const struct net *net = p->net;
	const struct cand_table *t = p->table;
	int64_t macs = net->total_macs, params = net->total_params;

	/* Only convs change; the loader has bounded every sum, nothing wraps. */
	for (size_t c = 0; c < net->n_conv; c++) {
		size_t j = p->choice[c], j0 = t->loaded[c];
		if (j == j0)
			continue;
		size_t e = t->first[c] + j, e0 = t->first[c] + j0;
		macs += t->macs[e] - t->macs[e0];
		params += t->params[e] - t->params[e0];
	}
	p->macs = macs;
	p->params = params;
	p->latency = latency_total(p);
}

/* The first conv from C on whose kernel changed since the last update
 * (CHOICE against RF_CHOICE), N when none: eight convs at a time. */
static size_t next_changed(const struct plan *p, size_t c, size_t n)
{
	const uint8_t *a = p->choice, *b = p->rf_choice;
	for (; c < n && (c & 7) != 0; c++)
		if (a[c] != b[c])
			return c;
	for (; c + 8 <= n; c += 8) {
		uint64_t x, y;
		memcpy(&x, a + c, sizeof x);
		memcpy(&y, b + c, sizeof y);
		if (x != y)
			break;
	}
	for (; c < n; c++)
		if (a[c] != b[c])
			return c;
	return n;
}

/* Conv C's extents for the receptive-field pass at its chosen kernel;
 * returns whether one changed. */
static int set_extents(struct plan *p, size_t c)
{
	const struct net *net = p->net;
	const struct cand_table *t = p->table;
	const struct kernel *k = &t->kernel[t->first[c] + p->choice[c]];
	size_t i = net->conv[c];
	int32_t e = kernel_max_extent(k);
	int changed = e != p->extent[i];
	p->extent[i] = e;
	for (int a = 0; p->per_axis && a < net->rank; a++) {
		changed |= k->k[a] != p->extent_axis[a][i];
		p->extent_axis[a][i] = k->k[a];
	}
	return changed;
}

/* The extents and totals of the convs whose kernel changed since the last
 * update (all when the fields are not valid yet: totals from scratch);
 * returns the first layer whose extent changed (n_layers: none).  The
 * totals are integers, moved exactly by each change; the time, a sum of
 * doubles, is summed again in conv order when a kernel changed. */
static size_t update_extents(struct plan *p)
{
	const struct net *net = p->net;
	const struct cand_table *t = p->table;
	size_t first = net->n_layers, n = net->n_conv;
	int any = 0;

	if (!p->rf_valid) {
		for (size_t c = 0; c < n; c++) {
			if (set_extents(p, c) && net->conv[c] < first)
				first = net->conv[c];
			p->rf_choice[c] = p->choice[c];
		}
		plan_update_totals(p);
		p->rf_macs = p->macs;
		p->rf_params = p->params;
		p->rf_latency = p->latency;
		return first;
	}
	for (size_t c = next_changed(p, 0, n); c < n; c = next_changed(p, c + 1, n)) {
		size_t e = t->first[c] + p->choice[c], e0 = t->first[c] + p->rf_choice[c];
		p->rf_macs += t->macs[e] - t->macs[e0];
		p->rf_params += t->params[e] - t->params[e0];
		if (set_extents(p, c) && net->conv[c] < first)
			first = net->conv[c];
		p->rf_choice[c] = p->choice[c];
		any = 1;
	}
	if (any)
		p->rf_latency = latency_total(p);
	p->macs = p->rf_macs;
	p->params = p->rf_params;
	p->latency = p->rf_latency;
	return first;
}

int plan_rf_axis(const struct plan *p, int a, int64_t *r, int64_t *j, int64_t *pad, int64_t *max,
                 struct diag *dg)
{
	return rf_compute_axis(p->net, a, p->per_axis ? p->extent_axis[a] : p->extent, r, j, pad,
	                       max, dg);
}

/* Axis A's fields from layer FIRST on at the plan's extents: the whole
 * pass when FRESH, else the fields alone (the jumps stand). */
static int64_t update_axis(struct plan *p, int a, size_t first, int fresh, int64_t *r, int64_t *j)
{
	const int32_t *ext = p->per_axis ? p->extent_axis[a] : p->extent;
	int64_t max;
	/* Cannot fail: the loader checked the largest kernels. */
	if (fresh)
		(void)rf_compute_axis_from(p->net, a, ext, first, r, j, NULL, &max, NULL);
	else
		(void)rf_update_axis_from(p->net, a, ext, first, r, j, &max, NULL);
	return max;
}

void plan_update(struct plan *p)
{
	size_t first = update_extents(p);
	int fresh = !p->rf_valid;

	if (fresh)
		first = 0;
	else if (first == p->net->n_layers)
		return; /* no kernel changed: the fields stand */
	p->rf_valid = 1;
	if (!p->per_axis) {
		p->rf = update_axis(p, 0, first, fresh, p->rf_layer, p->jump);
		return;
	}
	p->rf = 0;
	for (int a = 0; a < p->net->rank; a++) {
		int64_t max = update_axis(p, a, first, fresh, p->rf_axis[a], p->jump_axis[a]);
		if (max > p->rf)
			p->rf = max;
		for (size_t i = first; i < p->net->n_layers; i++) {
			if (a == 0 || p->rf_axis[a][i] > p->rf_layer[i])
				p->rf_layer[i] = p->rf_axis[a][i];
			if (a == 0 || p->jump_axis[a][i] > p->jump[i])
				p->jump[i] = p->jump_axis[a][i];
		}
	}
}

const struct kernel *plan_kernel(const struct plan *p, size_t c)
{
	return &p->table->kernel[p->table->first[c] + p->choice[c]];
}

const struct kernel *plan_layer_kernel(const struct plan *p, size_t i)
{
	long c = cand_table_row_of(p->table, i);
	return c < 0 ? NULL : plan_kernel(p, (size_t)c);
}

int64_t plan_conv_macs(const struct plan *p, size_t c)
{
	return p->table->macs[p->table->first[c] + p->choice[c]];
}

int64_t plan_conv_params(const struct plan *p, size_t c)
{
	return p->table->params[p->table->first[c] + p->choice[c]];
}

int64_t plan_layer_macs(const struct plan *p, size_t i)
{
	long c = cand_table_row_of(p->table, i);
	return c < 0 ? p->net->layers[i].macs : plan_conv_macs(p, (size_t)c);
}

int64_t plan_layer_params(const struct plan *p, size_t i)
{
	long c = cand_table_row_of(p->table, i);
	return c < 0 ? p->net->layers[i].params : plan_conv_params(p, (size_t)c);
}

/* Layer I's padding at kernel K (NULL: not a conv). */
static void pads_at(const struct plan *p, size_t i, const struct kernel *k,
                    int64_t pad[KERNEL_MAX_AXES])
{
	const struct net *net = p->net;

	for (int a = 0; a < net->rank; a++)
		pad[a] = net_layer_axis(net, &net->layers[i], a).pad;
	if (k != NULL) {
		struct kernel loaded = net_layer_kernel(net, i);
		if (!kernel_equal(k, &loaded))
			(void)net_pads_for_kernel(net, i, k, pad);
	}
}

void plan_layer_pads(const struct plan *p, size_t i, int64_t pad[KERNEL_MAX_AXES])
{
	pads_at(p, i, plan_layer_kernel(p, i), pad);
}

void plan_conv_pads(const struct plan *p, size_t c, int64_t pad[KERNEL_MAX_AXES])
{
	pads_at(p, p->net->conv[c], plan_kernel(p, c), pad);
}

int64_t plan_layer_pad(const struct plan *p, size_t i)
{
	int64_t pad[KERNEL_MAX_AXES];
	plan_layer_pads(p, i, pad);
	return pad[0];
}

int plan_layer_differs(const struct plan *a, const struct plan *b, size_t i)
{
	const struct kernel *ka = plan_layer_kernel(a, i), *kb = plan_layer_kernel(b, i);
	return ka != NULL && kb != NULL && !kernel_equal(ka, kb);
}

int plan_equal(const struct plan *a, const struct plan *b)
{
	return memcmp(a->choice, b->choice, a->net->n_conv * sizeof *a->choice) == 0;
}

double plan_change_pct(int64_t now, int64_t base)
{
	return base ? 100.0 * ((double)now - (double)base) / (double)base : 0.0;
}
