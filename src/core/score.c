/* score.c -- BKSEF scores: raw terms, min-max normalisation, argmax, with GSL
 * vector views for the min-max and the argmax. */
#include <config.h>

#include "score.h"
#include "csvout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_vector.h>

struct score {
	const struct net *net;
	int cost;
	cand_set columns;
	size_t n_rows, n_entries;
	uint32_t *row_layer; /* [n_rows] */
	size_t *row_first;   /* [n_rows + 1]: the row's entries */
	uint8_t *best;       /* [n_rows] k* after the last run */
	/* Entries, row by row, kernels increasing within a row. */
	uint8_t *ek;
	double *cost_raw;
	double *cost_norm;         /* C~ under norm_scope */
	double *value;             /* S after the last run */
	int norm_scope;            /* scope cost_norm holds, -1: none */
	double cost_min, cost_max; /* over all entries */
};

struct preset {
	const char *name;
	struct score_params p;
};

/* Values and their sources are listed in bksef(1), SCORING. */
static const struct preset presets[] = {
	{ "paper", { 0.45, 0.45, 0.10, 0.35, 0.75, SCORE_SCOPE_LAYER, SCORE_COST_PAPER } },
	{ "edge", { 0.35, 0.40, 0.25, 0.35, 0.75, SCORE_SCOPE_LAYER, SCORE_COST_PAPER } },
	{ "cloud", { 0.30, 0.60, 0.10, 0.35, 0.75, SCORE_SCOPE_NETWORK, SCORE_COST_MACS } },
	{ "balanced",
	  { 1.0 / 3, 1.0 / 3, 1.0 / 3, 0.35, 0.75, SCORE_SCOPE_NETWORK, SCORE_COST_MACS } },
};

void score_params_default(struct score_params *p)
{
	p->lambda1 = 0.45;
	p->lambda2 = 0.45;
	p->lambda3 = 0.10;
	p->gamma = 0.35;
	p->beta = 0.75;
	p->scope = SCORE_SCOPE_NETWORK;
	p->cost = SCORE_COST_MACS;
}

int score_preset(const char *name, struct score_params *p)
{
	for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
		if (strcmp(presets[i].name, name) == 0) {
			*p = presets[i].p;
			return BKSEF_OK;
		}
	return BKSEF_EUSAGE;
}

const char *score_preset_name(int i)
{
	return i >= 0 && (size_t)i < sizeof presets / sizeof presets[0] ? presets[i].name : NULL;
}

const char *score_scope_name(int scope)
{
	return scope == SCORE_SCOPE_LAYER ? "layer" : "network";
}

const char *score_cost_name(int cost)
{
	return cost == SCORE_COST_PAPER ? "paper" : "macs";
}

int score_params_check(const struct score_params *p, struct diag *dg)
{
	const double l[3] = { p->lambda1, p->lambda2, p->lambda3 };
	char v[40];

	/* The value in full: near a bound "%g" would print the bound itself. */
	for (int i = 0; i < 3; i++)
		if (!(l[i] >= 0 && l[i] <= SCORE_LAMBDA_MAX))
			return diag_set(dg, BKSEF_EUSAGE, 0,
			                "lambda%d must be a number from 0 to 1e300, not %s", i + 1,
			                csvout_format_real(l[i], v, sizeof v));
	if (!(p->gamma >= SCORE_RATE_MIN && p->gamma <= SCORE_RATE_MAX))
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "gamma must be greater than 0 (from 1e-300 to 1e300), not %s",
		                csvout_format_real(p->gamma, v, sizeof v));
	if (!(p->beta >= SCORE_RATE_MIN && p->beta <= SCORE_RATE_MAX))
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "beta must be greater than 0 (from 1e-300 to 1e300), not %s",
		                csvout_format_real(p->beta, v, sizeof v));
	if (p->scope != SCORE_SCOPE_NETWORK && p->scope != SCORE_SCOPE_LAYER)
		return diag_set(dg, BKSEF_EUSAGE, 0, "unknown scope");
	if (p->cost != SCORE_COST_MACS && p->cost != SCORE_COST_PAPER)
		return diag_set(dg, BKSEF_EUSAGE, 0, "unknown cost model");
	return BKSEF_OK;
}

/* I(k) = ln(1 + beta k) and A(k) = 1 - e^(-gamma k), accurate for tiny rates. */
static double info_gain(double beta, int k)
{
	return log1p(beta * k);
}

static double acc_gain(double gamma, int k)
{
	return -expm1(-gamma * k);
}

static double layer_cost(const struct net_layer *l, int cost, int k)
{
	if (cost == SCORE_COST_PAPER)
		return (double)k * k * (double)l->in_h * (double)l->in_w * (double)l->in_c *
		       (double)l->c;
	return (double)net_layer_macs_at(l, k);
}

/* (x - lo) / (hi - lo), or 0 when the range is empty. */
static double minmax(double x, double lo, double hi)
{
	return hi > lo ? (x - lo) / (hi - lo) : 0.0;
}

void score_free(struct score *s)
{
	if (s == NULL)
		return;
	free(s->row_layer);
	free(s->row_first);
	free(s->best);
	free(s->ek);
	free(s->cost_raw);
	free(s->cost_norm);
	free(s->value);
	free(s);
}

int score_new(const struct net *net, cand_set run, int cost, struct score **out, struct diag *dg)
{
	struct score *s = calloc(1, sizeof *s);
	size_t rows = 0, entries = 0;

	*out = NULL;
	if (s == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	s->net = net;
	s->cost = cost;
	s->norm_scope = -1;

	/* Count first, then fill: no reallocation of the big arrays. */
	for (size_t i = 0; i < net->n_layers; i++) {
		const struct net_layer *l = &net->layers[i];
		if (l->op != NET_OP_CONV || !l->tune)
			continue;
		rows++;
		entries += (size_t)cand_count(l->candidates ? l->candidates : run);
	}
	s->row_layer = malloc((rows ? rows : 1) * sizeof *s->row_layer);
	s->row_first = malloc((rows + 1) * sizeof *s->row_first);
	s->best = calloc(rows ? rows : 1, 1);
	s->ek = malloc(entries ? entries : 1);
	s->cost_raw = malloc((entries ? entries : 1) * sizeof(double));
	s->cost_norm = malloc((entries ? entries : 1) * sizeof(double));
	s->value = malloc((entries ? entries : 1) * sizeof(double));
	if (!s->row_layer || !s->row_first || !s->best || !s->ek || !s->cost_raw || !s->cost_norm ||
	    !s->value) {
		score_free(s);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}

	size_t r = 0, e = 0;
	for (size_t i = 0; i < net->n_layers; i++) {
		const struct net_layer *l = &net->layers[i];
		if (l->op != NET_OP_CONV || !l->tune)
			continue;
		cand_set set = l->candidates ? l->candidates : run;
		s->row_layer[r] = (uint32_t)i;
		s->row_first[r] = e;
		for (int k = cand_next(set, 0); k != 0; k = cand_next(set, k)) {
			int64_t pad;
			if (!net_pad_for_kernel(net, i, k, &pad))
				continue;
			s->ek[e] = (uint8_t)k;
			s->cost_raw[e] = layer_cost(l, cost, k);
			s->columns |= (cand_set)1 << k;
			e++;
		}
		r++;
	}
	s->row_first[r] = e;
	s->n_rows = rows;
	s->n_entries = e;
	if (e > 0) {
		gsl_vector_const_view v = gsl_vector_const_view_array(s->cost_raw, e);
		gsl_vector_minmax(&v.vector, &s->cost_min, &s->cost_max);
	}
	*out = s;
	return BKSEF_OK;
}

/* Normalise the cost term for SCOPE (kept until the scope changes). */
static void normalise_cost(struct score *s, int scope)
{
	if (s->norm_scope == scope)
		return;
	for (size_t r = 0; r < s->n_rows; r++) {
		size_t first = s->row_first[r], n = s->row_first[r + 1] - first;
		double lo = s->cost_min, hi = s->cost_max;
		if (n == 0)
			continue;
		if (scope == SCORE_SCOPE_LAYER) {
			gsl_vector_const_view v =
			    gsl_vector_const_view_array(s->cost_raw + first, n);
			gsl_vector_minmax(&v.vector, &lo, &hi);
		}
		for (size_t e = first; e < first + n; e++)
			s->cost_norm[e] = minmax(s->cost_raw[e], lo, hi);
	}
	s->norm_scope = scope;
}

/* I~ and A~ of kernel K for row R under P.  I and A increase with k (beta,
 * gamma > 0), so their extremes over a set of kernels are at its ends. */
struct gain_range {
	int kmin, kmax;
};

static struct gain_range row_range(const struct score *s, size_t r, int scope)
{
	struct gain_range g;
	if (scope == SCORE_SCOPE_LAYER && s->row_first[r + 1] > s->row_first[r]) {
		g.kmin = s->ek[s->row_first[r]];
		g.kmax = s->ek[s->row_first[r + 1] - 1];
	} else {
		g.kmin = cand_next(s->columns, 0);
		g.kmax = 63 - __builtin_clzll(s->columns ? s->columns : 1);
	}
	return g;
}

/* Raw I(k) and A(k) for every kernel size under one set of rates. */
struct gain_table {
	double i[CAND_MAX + 1], a[CAND_MAX + 1];
};

static void gain_table_fill(struct gain_table *t, const struct score_params *p, cand_set cols)
{
	for (int k = cand_next(cols, 0); k != 0; k = cand_next(cols, k)) {
		t->i[k] = info_gain(p->beta, k);
		t->a[k] = acc_gain(p->gamma, k);
	}
}

/* l1*I~(k) + l2*A~(k) with I and A min-max normalised over the range G. */
static double weighted_gain(const struct score_params *p, const struct gain_table *t,
                            struct gain_range g, int k)
{
	return p->lambda1 * minmax(t->i[k], t->i[g.kmin], t->i[g.kmax]) +
	       p->lambda2 * minmax(t->a[k], t->a[g.kmin], t->a[g.kmax]);
}

/* Weighted gains of every column kernel over the range G, into OUT[k]. */
static void gains(const struct score_params *p, const struct gain_table *t, cand_set cols,
                  struct gain_range g, double *out)
{
	for (int k = cand_next(cols, 0); k != 0; k = cand_next(cols, k))
		out[k] = weighted_gain(p, t, g, k);
}

int score_run(struct score *s, const struct score_params *p, struct diag *dg)
{
	struct gain_table t;
	double g[CAND_MAX + 1];
	int last_kmin = -1, last_kmax = -1;
	int st = score_params_check(p, dg);

	if (st != BKSEF_OK)
		return st;
	gain_table_fill(&t, p, s->columns);
	normalise_cost(s, p->scope);
	for (size_t r = 0; r < s->n_rows; r++) {
		size_t first = s->row_first[r], n = s->row_first[r + 1] - first;
		if (n == 0) {
			s->best[r] = 0;
			continue;
		}
		/* Rows with the same kernel range share their gains. */
		struct gain_range range = row_range(s, r, p->scope);
		if (range.kmin != last_kmin || range.kmax != last_kmax) {
			gains(p, &t, s->columns, range, g);
			last_kmin = range.kmin;
			last_kmax = range.kmax;
		}
		double *v = s->value + first;
		for (size_t e = 0; e < n; e++)
			v[e] = g[s->ek[first + e]] - p->lambda3 * s->cost_norm[first + e];
		/* gsl_vector_max_index returns the first maximum: with kernels in
		 * increasing order, ties go to the smaller kernel. */
		gsl_vector_const_view view = gsl_vector_const_view_array(v, n);
		s->best[r] = s->ek[first + gsl_vector_max_index(&view.vector)];
	}
	return BKSEF_OK;
}

size_t score_rows(const struct score *s)
{
	return s->n_rows;
}

size_t score_row_layer(const struct score *s, size_t r)
{
	return s->row_layer[r];
}

long score_find_row(const struct score *s, size_t i)
{
	size_t lo = 0, hi = s->n_rows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->row_layer[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n_rows && s->row_layer[lo] == i ? (long)lo : -1;
}

cand_set score_row_allowed(const struct score *s, size_t r)
{
	cand_set set = 0;
	for (size_t e = s->row_first[r]; e < s->row_first[r + 1]; e++)
		set |= (cand_set)1 << s->ek[e];
	return set;
}

cand_set score_columns(const struct score *s)
{
	return s->columns;
}

int score_best(const struct score *s, size_t r)
{
	return s->best[r];
}

static long find_entry(const struct score *s, size_t r, int k)
{
	for (size_t e = s->row_first[r]; e < s->row_first[r + 1]; e++)
		if (s->ek[e] == k)
			return (long)e;
	return -1;
}

double score_value(const struct score *s, size_t r, int k)
{
	long e = find_entry(s, r, k);
	return e < 0 ? NAN : s->value[e];
}

int score_cost_range(const struct score *s, size_t r, int scope, double *lo, double *hi)
{
	size_t first = s->row_first[r], n = s->row_first[r + 1] - first;
	if (n == 0)
		return 0;
	*lo = s->cost_min;
	*hi = s->cost_max;
	if (scope == SCORE_SCOPE_LAYER) {
		gsl_vector_const_view v = gsl_vector_const_view_array(s->cost_raw + first, n);
		gsl_vector_minmax(&v.vector, lo, hi);
	}
	return 1;
}

int score_terms(const struct score *s, size_t r, int k, const struct score_params *p,
                struct score_terms *out)
{
	long e = find_entry(s, r, k);
	if (e < 0)
		return 0;
	struct gain_range g = row_range(s, r, p->scope);
	double clo, chi;
	(void)score_cost_range(s, r, p->scope, &clo, &chi);
	struct gain_table t;
	gain_table_fill(&t, p, s->columns);
	out->i_raw = t.i[k];
	out->a_raw = t.a[k];
	out->c_raw = s->cost_raw[e];
	out->i_norm = minmax(t.i[k], t.i[g.kmin], t.i[g.kmax]);
	out->a_norm = minmax(t.a[k], t.a[g.kmin], t.a[g.kmax]);
	out->c_norm = minmax(out->c_raw, clo, chi);
	/* The same expression, in the same order, as score_run's. */
	out->score = weighted_gain(p, &t, g, k) - p->lambda3 * out->c_norm;
	return 1;
}

int score_row_lines(const struct score *s, size_t r, const struct score_params *p, int *k,
                    double *a, double *c)
{
	struct gain_table t;
	double g[CAND_MAX + 1];
	size_t first = s->row_first[r], n = s->row_first[r + 1] - first;
	struct gain_range range = row_range(s, r, p->scope);
	double clo, chi;

	if (!score_cost_range(s, r, p->scope, &clo, &chi))
		return 0;
	gain_table_fill(&t, p, s->columns);
	gains(p, &t, s->columns, range, g);
	for (size_t e = 0; e < n; e++) {
		k[e] = s->ek[first + e];
		a[e] = g[k[e]];
		c[e] = minmax(s->cost_raw[first + e], clo, chi);
	}
	return (int)n;
}
