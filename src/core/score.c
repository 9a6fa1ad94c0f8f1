/* score.c -- BKSEF scores: raw terms, min-max normalisation, argmax, with GSL
 * vector views for the min-max and the argmax. */
#include <config.h>

#include "score.h"
#include "csvout.h"
#include "progress.h"
#include "hash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_vector.h>

struct score {
	const struct cand_table *t;
	size_t n_rows;
	uint32_t *row_conv;        /* [n_rows] candidate-table row of each row */
	double *cost_norm[2];      /* [n_entries] C~ under each scope (scored entries) */
	double cost_min, cost_max; /* over all scored entries */
	/* Rows whose candidates have the same columns and the same normalised
	 * costs under both scopes score the same under any parameters: a run
	 * scores one row of each such class. */
	size_t n_classes;
	uint32_t *row_class;   /* [n_rows] */
	uint32_t *class_row;   /* [n_classes] the class's first row */
	uint32_t *class_first; /* [n_classes + 1] class K's scores in a run are
	                          value[class_first[K] .. class_first[K + 1]) */
};

struct score_work {
	size_t n_classes, n_columns;
	const uint32_t *row_class; /* the table's */
	int ran;                   /* VALUE holds a run's scores */
	double *value;             /* [class_first[n_classes]] S after the last run, by class */
	int16_t *best;             /* [n_classes] k* as an index in the row, -1: none */
	double *gain_i;            /* [n_columns] I(k) of each column */
	double *gain_a;            /* [n_columns] A(k) */
	double *gain;              /* [n_columns] l1*I~ + l2*A~ over the current range */
};

struct preset {
	const char *name;
	struct score_params p;
	int realise; /* enum kernel_kind */
};

#define EDGE_PARAMS                                                         \
	{                                                                   \
		0.35, 0.40, 0.25, 0.35, 0.75, SCORE_SCOPE_LAYER, COST_PAPER \
	}

/* Values and their sources are listed in bksef(1), SCORING.  The presets
 * that set a realisation come last (score_preset_name). */
static const struct preset presets[] = {
	{ "paper", { 0.45, 0.45, 0.10, 0.35, 0.75, SCORE_SCOPE_LAYER, COST_PAPER }, KERNEL_FULL },
	{ "edge", EDGE_PARAMS, KERNEL_FULL },
	{ "cloud", { 0.30, 0.60, 0.10, 0.35, 0.75, SCORE_SCOPE_NETWORK, COST_MACS }, KERNEL_FULL },
	{ "balanced",
	  { 1.0 / 3, 1.0 / 3, 1.0 / 3, 0.35, 0.75, SCORE_SCOPE_NETWORK, COST_MACS },
	  KERNEL_FULL },
	{ "edge-ds", EDGE_PARAMS, KERNEL_DS },
};

void score_params_default(struct score_params *p)
{
	p->lambda1 = 0.45;
	p->lambda2 = 0.45;
	p->lambda3 = 0.10;
	p->gamma = 0.35;
	p->beta = 0.75;
	p->scope = SCORE_SCOPE_NETWORK;
	p->cost = COST_MACS;
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

int score_preset_realise(const char *name)
{
	for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
		if (strcmp(presets[i].name, name) == 0)
			return presets[i].realise;
	return KERNEL_FULL;
}

const char *score_preset_name(int i)
{
	return i >= 0 && (size_t)i < sizeof presets / sizeof presets[0] &&
	               presets[i].realise == KERNEL_FULL
	           ? presets[i].name
	           : NULL;
}

const char *score_scope_name(int scope)
{
	return scope == SCORE_SCOPE_LAYER ? "layer" : "network";
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
	if (p->cost < 0 || p->cost >= COST_MODEL_COUNT)
		return diag_set(dg, BKSEF_EUSAGE, 0, "unknown cost model");
	return BKSEF_OK;
}

/* I(k) = ln(1 + beta k) and A(k) = 1 - e^(-gamma k), accurate for tiny rates;
 * k is the kernel's size (kernel_size). */
static double info_gain(double beta, double k)
{
	return log1p(beta * k);
}

static double acc_gain(double gamma, double k)
{
	return -expm1(-gamma * k);
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
	free(s->row_conv);
	free(s->row_class);
	free(s->class_row);
	free(s->class_first);
	free(s->cost_norm[0]);
	free(s->cost_norm[1]);
	free(s);
}

/* Row R's scored entries: T's entries FIRST .. FIRST + N - 1. */
static size_t row_first(const struct score *s, size_t r, size_t *n)
{
	size_t c = s->row_conv[r];
	*n = s->t->n_scored[c];
	return s->t->first[c];
}

/* The range of raw costs over row R's candidates. */
static void row_cost_range(const struct score *s, size_t r, double *lo, double *hi)
{
	size_t n, first = row_first(s, r, &n);
	gsl_vector_const_view v = gsl_vector_const_view_array(s->t->cost + first, n);
	gsl_vector_minmax(&v.vector, lo, hi);
}

/* Whether rows A and B are of one class (see struct score). */
static int same_class(const struct score *s, size_t a, size_t b)
{
	size_t na, nb, fa = row_first(s, a, &na), fb = row_first(s, b, &nb);
	return na == nb && memcmp(s->t->col + fa, s->t->col + fb, na * sizeof *s->t->col) == 0 &&
	       memcmp(s->cost_norm[0] + fa, s->cost_norm[0] + fb, na * sizeof(double)) == 0 &&
	       memcmp(s->cost_norm[1] + fa, s->cost_norm[1] + fb, na * sizeof(double)) == 0;
}

/* A hash of row R's class key under KEY (a word mix: the probes below are
 * bounded, so a key that no input predicts is enough). */
static uint64_t row_hash(const struct score *s, size_t r, const uint64_t key[2])
{
	size_t n, first = row_first(s, r, &n);
	uint64_t h = key[0] ^ n;
	for (size_t e = first; e < first + n; e++) {
		uint64_t w[2];
		memcpy(&w[0], &s->cost_norm[0][e], sizeof w[0]);
		memcpy(&w[1], &s->cost_norm[1][e], sizeof w[1]);
		h ^= w[0] + 0x9E3779B97F4A7C15ull * (s->t->col[e] + 1u);
		h = (h ^ (h >> 31)) * 0xBF58476D1CE4E5B9ull + key[1];
		h ^= w[1];
		h = (h ^ (h >> 29)) * 0x94D049BB133111EBull;
	}
	return h ^ (h >> 32);
}

/* How many slots a row looks at for its class before it takes a class of
 * its own: rows that collide on purpose cost at most this many
 * comparisons each. */
#define CLASS_PROBES 32

/* Group S's rows into classes.  BKSEF_OK or BKSEF_ENOMEM. */
static int classes_new(struct score *s)
{
	size_t rows = s->n_rows, cap = 16;
	uint64_t key[2];
	uint32_t *slot;

	while (cap < 2 * rows)
		cap *= 2;
	s->row_class = malloc((rows ? rows : 1) * sizeof *s->row_class);
	s->class_row = malloc((rows ? rows : 1) * sizeof *s->class_row);
	slot = calloc(cap, sizeof *slot); /* class + 1, 0: empty */
	if (!s->row_class || !s->class_row || !slot) {
		free(slot);
		return BKSEF_ENOMEM;
	}
	hash_key_new(key);
	s->n_classes = 0;
	for (size_t r = 0; r < rows; r++) {
		size_t h = (size_t)row_hash(s, r, key) & (cap - 1), k = SIZE_MAX;
		for (int q = 0; q < CLASS_PROBES; q++, h = (h + 1) & (cap - 1)) {
			if (slot[h] == 0) {
				slot[h] = (uint32_t)s->n_classes + 1;
				break;
			}
			if (same_class(s, s->class_row[slot[h] - 1], r)) {
				k = slot[h] - 1;
				break;
			}
		}
		if (k == SIZE_MAX) {
			k = s->n_classes++;
			s->class_row[k] = (uint32_t)r;
		}
		s->row_class[r] = (uint32_t)k;
	}
	free(slot);
	s->class_first = malloc((s->n_classes + 1) * sizeof *s->class_first);
	if (s->class_first == NULL)
		return BKSEF_ENOMEM;
	s->class_first[0] = 0;
	for (size_t k = 0; k < s->n_classes; k++) {
		size_t n;
		(void)row_first(s, s->class_row[k], &n);
		s->class_first[k + 1] = s->class_first[k] + (uint32_t)n;
	}
	return BKSEF_OK;
}

int score_new(const struct cand_table *t, struct score **out, struct diag *dg)
{
	struct score *s = calloc(1, sizeof *s);
	size_t ne = t->n_entries ? t->n_entries : 1, r = 0;
	int any = 0;

	*out = NULL;
	if (s == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	s->t = t;
	s->n_rows = t->n_tunable;
	s->row_conv = malloc((s->n_rows ? s->n_rows : 1) * sizeof *s->row_conv);
	s->cost_norm[0] = malloc(ne * sizeof(double));
	s->cost_norm[1] = malloc(ne * sizeof(double));
	if (!s->row_conv || !s->cost_norm[0] || !s->cost_norm[1]) {
		score_free(s);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	for (size_t c = 0; c < t->n_conv; c++)
		if (t->net->layers[t->net->conv[c]].tune)
			s->row_conv[r++] = (uint32_t)c;

	/* The network's cost range, then both scopes' normalised costs. */
	for (r = 0; r < s->n_rows; r++) {
		size_t n;
		double lo, hi;
		if (progress_tick(NULL, r, 2 * (uint64_t)s->n_rows)) {
			score_free(s);
			return diag_set(dg, BKSEF_ECANCELED, 0, "cancelled");
		}
		(void)row_first(s, r, &n);
		if (n == 0)
			continue;
		row_cost_range(s, r, &lo, &hi);
		if (!any || lo < s->cost_min)
			s->cost_min = lo;
		if (!any || hi > s->cost_max)
			s->cost_max = hi;
		any = 1;
	}
	for (r = 0; r < s->n_rows; r++) {
		size_t n, first = row_first(s, r, &n);
		double lo, hi;
		if (progress_tick(NULL, s->n_rows + r, 2 * (uint64_t)s->n_rows)) {
			score_free(s);
			return diag_set(dg, BKSEF_ECANCELED, 0, "cancelled");
		}
		if (n == 0)
			continue;
		row_cost_range(s, r, &lo, &hi);
		for (size_t e = first; e < first + n; e++) {
			s->cost_norm[SCORE_SCOPE_NETWORK][e] =
			    minmax(t->cost[e], s->cost_min, s->cost_max);
			s->cost_norm[SCORE_SCOPE_LAYER][e] = minmax(t->cost[e], lo, hi);
		}
	}
	if (classes_new(s) != BKSEF_OK) {
		score_free(s);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	*out = s;
	return BKSEF_OK;
}

const struct cand_table *score_table(const struct score *s)
{
	return s->t;
}

void score_work_free(struct score_work *w)
{
	if (w == NULL)
		return;
	free(w->value);
	free(w->best);
	free(w->gain_i);
	free(w->gain_a);
	free(w->gain);
	free(w);
}

struct score_work *score_work_alloc(const struct score *s)
{
	struct score_work *w = calloc(1, sizeof *w);
	size_t nc = s->t->n_columns ? s->t->n_columns : 1;

	if (w == NULL)
		return NULL;
	w->n_classes = s->n_classes;
	w->n_columns = s->t->n_columns;
	w->row_class = s->row_class;
	w->value = malloc((s->class_first[s->n_classes] ? s->class_first[s->n_classes] : 1) *
	                  sizeof *w->value);
	w->best = malloc((s->n_classes ? s->n_classes : 1) * sizeof *w->best);
	w->gain_i = malloc(nc * sizeof *w->gain_i);
	w->gain_a = malloc(nc * sizeof *w->gain_a);
	w->gain = malloc(nc * sizeof *w->gain);
	if (!w->value || !w->best || !w->gain_i || !w->gain_a || !w->gain) {
		score_work_free(w);
		return NULL;
	}
	for (size_t k = 0; k < s->n_classes; k++)
		w->best[k] = -1;
	return w;
}

/* The columns whose I and A bound row R's normalisation under SCOPE.  I and
 * A grow with the kernel's size (beta, gamma > 0), and columns and rows are
 * in increasing size, so the extremes are at the ends. */
struct gain_range {
	unsigned lo, hi;
};

static struct gain_range row_range(const struct score *s, size_t r, int scope)
{
	const struct cand_table *t = s->t;
	size_t n, first = row_first(s, r, &n);
	struct gain_range g = { 0, t->n_columns ? (unsigned)t->n_columns - 1 : 0 };
	if (scope == SCORE_SCOPE_LAYER && n > 0) {
		g.lo = t->col[first];
		g.hi = t->col[first + n - 1];
	}
	return g;
}

/* Raw I and A of every column under P's rates. */
static void gain_fill(const struct cand_table *t, const struct score_params *p, double *gi,
                      double *ga)
{
	for (size_t j = 0; j < t->n_columns; j++) {
		double k = kernel_size(&t->col_kernel[j]);
		gi[j] = info_gain(p->beta, k);
		ga[j] = acc_gain(p->gamma, k);
	}
}

/* l1*I~ + l2*A~ of column J with I and A min-max normalised over G. */
static double weighted_gain(const struct score_params *p, const double *gi, const double *ga,
                            struct gain_range g, size_t j)
{
	return p->lambda1 * minmax(gi[j], gi[g.lo], gi[g.hi]) +
	       p->lambda2 * minmax(ga[j], ga[g.lo], ga[g.hi]);
}

int score_run(const struct score *s, const struct score_params *p, struct score_work *w,
              struct diag *dg)
{
	const struct cand_table *t = s->t;
	const double *cn;
	struct gain_range last = { UINT32_MAX, UINT32_MAX };
	int st = score_params_check(p, dg);

	if (st != BKSEF_OK)
		return st;
	if (p->cost != t->spec.cost)
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "cost model %s differs from the table's (%s): build a new table",
		                cost_model_name(p->cost), cost_model_name(t->spec.cost));
	cn = s->cost_norm[p->scope == SCORE_SCOPE_LAYER];
	gain_fill(t, p, w->gain_i, w->gain_a);
	for (size_t k = 0; k < s->n_classes; k++) {
		size_t r = s->class_row[k], n, first = row_first(s, r, &n);
		if (n == 0) {
			w->best[k] = -1;
			continue;
		}
		/* Rows with the same kernel range share their gains. */
		struct gain_range g = row_range(s, r, p->scope);
		if (g.lo != last.lo || g.hi != last.hi) {
			for (size_t j = 0; j < t->n_columns; j++)
				w->gain[j] = weighted_gain(p, w->gain_i, w->gain_a, g, j);
			last = g;
		}
		/* The first maximum, as gsl_vector_max_index (a NaN wins): with
		 * kernels in increasing size, ties go to the smaller kernel. */
		const uint16_t *col = t->col + first;
		const double *c = cn + first;
		double *v = w->value + s->class_first[k];
		size_t best = 0;
		for (size_t e = 0; e < n; e++)
			v[e] = w->gain[col[e]] - p->lambda3 * c[e];
		for (size_t e = 1; e < n && !isnan(v[best]); e++)
			if (isnan(v[e]) || v[e] > v[best])
				best = e;
		w->best[k] = (int16_t)best;
	}
	w->ran = 1;
	return BKSEF_OK;
}

size_t score_rows(const struct score *s)
{
	return s->n_rows;
}

size_t score_row_conv(const struct score *s, size_t r)
{
	return s->row_conv[r];
}

size_t score_row_layer(const struct score *s, size_t r)
{
	return s->t->net->conv[s->row_conv[r]];
}

size_t score_row_len(const struct score *s, size_t r)
{
	return s->t->n_scored[s->row_conv[r]];
}

size_t score_classes(const struct score *s)
{
	return s->n_classes;
}

size_t score_row_class(const struct score *s, size_t r)
{
	return s->row_class[r];
}

size_t score_class_row(const struct score *s, size_t k)
{
	return s->class_row[k];
}

long score_find_row(const struct score *s, size_t i)
{
	size_t lo = 0, hi = s->n_rows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (score_row_layer(s, mid) < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n_rows && score_row_layer(s, lo) == i ? (long)lo : -1;
}

int score_best(const struct score_work *w, size_t r)
{
	return w->best[w->row_class[r]];
}

void score_choices(const struct score *s, const struct score_work *w, uint8_t *choice)
{
	for (size_t r = 0; r < s->n_rows; r++) {
		int j = w->best[s->row_class[r]];
		if (j >= 0)
			choice[s->row_conv[r]] = (uint8_t)j;
	}
}

double score_value(const struct score *s, const struct score_work *w, size_t r, size_t j)
{
	size_t n;
	(void)row_first(s, r, &n);
	return j < n && w->ran ? w->value[s->class_first[s->row_class[r]] + j] : NAN;
}

int score_cost_range(const struct score *s, size_t r, int scope, double *lo, double *hi)
{
	size_t n;
	(void)row_first(s, r, &n);
	if (n == 0)
		return 0;
	*lo = s->cost_min;
	*hi = s->cost_max;
	if (scope == SCORE_SCOPE_LAYER)
		row_cost_range(s, r, lo, hi);
	return 1;
}

/* I and A of every column under P, for the one-off queries below. */
struct gains {
	double *i, *a;
	double small_i[64], small_a[64];
};

static int gains_get(const struct cand_table *t, const struct score_params *p, struct gains *g)
{
	g->i = g->small_i;
	g->a = g->small_a;
	if (t->n_columns > 64) {
		g->i = malloc(2 * t->n_columns * sizeof *g->i);
		if (g->i == NULL)
			return -1;
		g->a = g->i + t->n_columns;
	}
	gain_fill(t, p, g->i, g->a);
	return 0;
}

static void gains_drop(struct gains *g)
{
	if (g->i != g->small_i)
		free(g->i);
}

int score_terms(const struct score *s, size_t r, size_t j, const struct score_params *p,
                struct score_terms *out)
{
	const struct cand_table *t = s->t;
	size_t n, first = row_first(s, r, &n);
	struct gains gn;
	double clo, chi;

	if (j >= n || gains_get(t, p, &gn) != 0)
		return 0;
	size_t e = first + j, col = t->col[e];
	struct gain_range g = row_range(s, r, p->scope);
	(void)score_cost_range(s, r, p->scope, &clo, &chi);
	out->i_raw = gn.i[col];
	out->a_raw = gn.a[col];
	out->c_raw = t->cost[e];
	out->i_norm = minmax(gn.i[col], gn.i[g.lo], gn.i[g.hi]);
	out->a_norm = minmax(gn.a[col], gn.a[g.lo], gn.a[g.hi]);
	out->c_norm = minmax(out->c_raw, clo, chi);
	/* The same expression, in the same order, as score_run's. */
	out->score = weighted_gain(p, gn.i, gn.a, g, col) - p->lambda3 * out->c_norm;
	gains_drop(&gn);
	return 1;
}

size_t score_row_lines(const struct score *s, size_t r, const struct score_params *p, double *a,
                       double *c)
{
	const struct cand_table *t = s->t;
	size_t n, first = row_first(s, r, &n);
	struct gain_range g = row_range(s, r, p->scope);
	struct gains gn;
	double clo, chi;

	if (n == 0 || gains_get(t, p, &gn) != 0)
		return 0;
	(void)score_cost_range(s, r, p->scope, &clo, &chi);
	for (size_t e = 0; e < n; e++) {
		a[e] = weighted_gain(p, gn.i, gn.a, g, t->col[first + e]);
		c[e] = minmax(t->cost[first + e], clo, chi);
	}
	gains_drop(&gn);
	return n;
}
