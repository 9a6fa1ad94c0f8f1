/* test_best.c -- unit tests of best.h: the best plan under a budget checked
 * against every plan of small random networks, against an enumeration over
 * counts of 30 identical layers, on hand-built instances (a knapsack that
 * the lambda3 solver and a greedy fill miss, the tie rules, pins,
 * infeasible budgets, both resources and scopes), on the bundled networks,
 * with a limit that forces a certified gap, and the frontier. */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "best.h"
#include "cand_table.h"
#include "net.h"
#include "plan.h"
#include "request.h"
#include "score.h"
#include "session.h"
#include "sweep.h"

#ifndef BKSEF_SRCDATADIR
#error "BKSEF_SRCDATADIR must name the source tree's data folder"
#endif

/* ---- Helpers (testlib.c is not used: it is being ported elsewhere). ---- */

static struct net *load_text(const char *text)
{
	struct net *net = NULL;
	struct diag dg = { 0 };
	int st = net_load_buffer(text, strlen(text), "mem.csv", &net, &dg);
	if (st != BKSEF_OK || net == NULL)
		fail_msg("mem.csv:%lu: %s (status %d)\n%s", dg.line, dg.msg, st, text);
	return net;
}

/* A network with its candidate table and score table. */
struct inst {
	struct net *net;
	struct cand_table *t;
	struct score *s;
	struct score_params p;
	struct pin pins[8];
	size_t n_pins;
};

static void inst_tables(struct inst *in, cand_set run)
{
	struct cand_table_spec spec = { run,        in->p.cost, 0, in->n_pins ? in->pins : NULL,
		                        in->n_pins, NULL,       0, { NULL, NULL },
		                        KERNEL_FULL };
	struct diag dg = { 0 };
	if (cand_table_new(in->net, &spec, &in->t, &dg) != BKSEF_OK)
		fail_msg("cand_table_new: %s", dg.msg);
	if (score_new(in->t, &in->s, &dg) != BKSEF_OK)
		fail_msg("score_new: %s", dg.msg);
}

static void inst_free(struct inst *in)
{
	score_free(in->s);
	cand_table_free(in->t);
	net_free(in->net);
	memset(in, 0, sizeof *in);
}

static int64_t total_of(const struct plan *pl, int resource)
{
	return resource == BUDGET_PARAMS ? pl->params : pl->macs;
}

/* G of PLAN recomputed from the score's terms (score_terms with lambda3 = 0,
 * not score_row_lines as best.c uses), in network order. */
static double gain_of(const struct inst *in, const struct plan *pl)
{
	struct score_params q = in->p;
	double g = 0;
	q.lambda3 = 0;
	for (size_t r = 0; r < score_rows(in->s); r++) {
		size_t c = score_row_conv(in->s, r);
		struct score_terms tm;
		if (pl->choice[c] < in->t->n_scored[c]) {
			assert_int_equal(score_terms(in->s, r, pl->choice[c], &q, &tm), 1);
			g += tm.score;
		}
	}
	return g;
}

/* The total of RESOURCE over every layer of PLAN, layer by layer. */
static int64_t layers_total(const struct plan *pl, int resource)
{
	int64_t sum = 0;
	for (size_t i = 0; i < pl->net->n_layers; i++)
		sum +=
		    resource == BUDGET_PARAMS ? plan_layer_params(pl, i) : plan_layer_macs(pl, i);
	return sum;
}

static int solve(const struct inst *in, int resource, int64_t budget, const struct best_limits *lim,
                 struct plan *out, struct best_result *res)
{
	struct diag dg = { 0 };
	return best_solve(in->s, &in->p, in->n_pins ? in->pins : NULL, in->n_pins, resource, budget,
	                  lim, out, res, &dg);
}

/* Solve, require "optimal", and check that G and the resource recompute
 * exactly from the plan. */
static void solve_optimal(const struct inst *in, int resource, int64_t budget, struct plan *out,
                          struct best_result *res)
{
	struct best_limits lim = { 0, 0 }; /* no limits: must finish */
	assert_int_equal(solve(in, resource, budget, &lim, out, res), BKSEF_OK);
	assert_int_equal(res->optimal, 1);
	assert_true(res->gap == 0);
	assert_true(res->used <= budget);
	assert_true(res->gain == gain_of(in, out));
	assert_true(res->gain == best_plan_gain(in->s, &in->p, out));
	assert_int_equal(res->used, layers_total(out, resource));
	assert_int_equal(res->used, total_of(out, resource));
}

static int kernel_of(const struct plan *pl, size_t c)
{
	return kernel_max_extent(plan_kernel(pl, c));
}

/* ---- Brute force over every plan of a small network ---- */

struct brute {
	size_t n_plans;
	uint8_t *choice; /* [n_plans * n_conv] */
	int64_t *w[2];   /* MACs, params */
	double *g;
};

static void brute_free(struct brute *b)
{
	free(b->choice);
	free(b->w[0]);
	free(b->w[1]);
	free(b->g);
}

/* Every plan: the free rows (tunable, unpinned, with candidates) over their
 * scored candidates, the rest loaded or pinned. */
static void brute_all(const struct inst *in, struct brute *b)
{
	const struct cand_table *t = in->t;
	struct plan *pl = plan_new(t);
	size_t nf = 0, free_c[64], n = 1, nc = t->n_conv;
	uint8_t pinned[64] = { 0 };

	assert_non_null(pl);
	assert_true(nc <= 64);
	for (size_t q = 0; q < in->n_pins; q++)
		pinned[cand_table_row_of(t, in->pins[q].layer)] = 1;
	for (size_t r = 0; r < score_rows(in->s); r++) {
		size_t c = score_row_conv(in->s, r);
		if (t->n_scored[c] > 0 && !pinned[c]) {
			free_c[nf++] = c;
			n *= t->n_scored[c];
		}
	}
	b->n_plans = n;
	b->choice = malloc(n * nc);
	b->w[0] = malloc(n * sizeof(int64_t));
	b->w[1] = malloc(n * sizeof(int64_t));
	b->g = malloc(n * sizeof(double));
	assert_true(b->choice && b->w[0] && b->w[1] && b->g);
	plan_from_net(pl);
	plan_apply_pins(pl, in->pins, in->n_pins);
	for (size_t x = 0; x < n; x++) {
		size_t v = x;
		/* The last free row varies fastest. */
		for (size_t f = nf; f-- > 0;) {
			size_t ns = t->n_scored[free_c[f]];
			plan_set(pl, free_c[f], v % ns);
			v /= ns;
		}
		plan_update_totals(pl);
		memcpy(b->choice + x * nc, pl->choice, nc);
		b->w[0][x] = pl->macs;
		b->w[1][x] = pl->params;
		b->g[x] = gain_of(in, pl);
	}
	plan_free(pl);
}

/* The rule, as the issue states it: G* the largest G within BUDGET; plans
 * within 1e-12 (relative) of G* are equal; the least resource; then the
 * lexicographically smaller kernel vector (kernels of a row rise with the
 * index).  Returns the plan's index, or -1 when none is within BUDGET. */
static long brute_best(const struct inst *in, const struct brute *b, int resource, int64_t budget)
{
	const int64_t *w = b->w[resource == BUDGET_PARAMS];
	size_t nc = in->t->n_conv;
	double gstar = -1;
	long best = -1;
	for (size_t x = 0; x < b->n_plans; x++)
		if (w[x] <= budget && b->g[x] > gstar)
			gstar = b->g[x];
	if (gstar < 0)
		return -1;
	for (size_t x = 0; x < b->n_plans; x++) {
		if (w[x] > budget || b->g[x] < gstar - 1e-12 * gstar)
			continue;
		if (best < 0 || w[x] < w[best] ||
		    (w[x] == w[best] &&
		     memcmp(b->choice + x * nc, b->choice + (size_t)best * nc, nc) < 0))
			best = (long)x;
	}
	return best;
}

/* ---- Random small networks ---- */

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static unsigned rng_below(uint64_t *s, unsigned n)
{
	return (unsigned)(rng_next(s) % n);
}

static double rng_unit(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) * 0x1p-53;
}

/* A chain of up to 10 convs (up to 8 tunable) after an input of random
 * shape: random widths (often equal to the input's, so that identical
 * layers occur), loaded kernels, biases, depthwise groups, per-layer
 * candidate sets (sometimes with even sizes, which change the shape and are
 * dropped), fixed layers, a max-pool; random parameters, scope, cost;
 * sometimes pins.  Regenerated until it has at most MAX_PLANS plans. */
static void random_inst(uint64_t seed, size_t max_plans, struct inst *in)
{
	static const int sizes[] = { 1, 2, 3, 4, 5, 7, 9 };
	uint64_t rs = seed * 7919 + 17;
	for (;;) {
		char text[4096];
		size_t len = 0;
		int c = 1 + (int)rng_below(&rs, 5), n_conv = 2 + (int)rng_below(&rs, 8),
		    tunable = 0;
		int hw = 9 + (int)rng_below(&rs, 6);
		int scored = 0; /* a tunable conv with an odd candidate */
		len += (size_t)snprintf(text + len, sizeof text - len,
		                        "name,op,from,out,h,w,k,stride,pad,dilation,groups,bias,"
		                        "tune,candidates\nin,input,,%d,%d,%d,,,,,,,,\n",
		                        c, hw, hw + (int)rng_below(&rs, 3));
		for (int i = 0; i < n_conv; i++) {
			int out = rng_below(&rs, 3) == 0 ? c : 1 + (int)rng_below(&rs, 7);
			int k = 1 + 2 * (int)rng_below(&rs, 3);
			int tune = tunable < 8 && rng_below(&rs, 6) != 0;
			int groups = out == c && c > 1 && rng_below(&rs, 5) == 0 ? c : 1;
			char cands[64] = "";
			int odd = 1; /* the run's set {1,3,5,7,9} */
			if (rng_below(&rs, 2)) {
				size_t cl = 0;
				int found = 0;
				for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
					if (rng_below(&rs, 2)) {
						cl += (size_t)snprintf(cands + cl,
						                       sizeof cands - cl, "%s%d",
						                       cl ? " " : "", sizes[z]);
						found |= sizes[z] % 2;
					}
				if (cl > 0) /* an empty list is the run's set */
					odd = found;
			}
			scored |= tune && odd;
			tunable += tune;
			len += (size_t)snprintf(text + len, sizeof text - len,
			                        "c%d,conv,,%d,,,%d,,,,%d,%d,%d,%s\n", i, out, k,
			                        groups, (int)rng_below(&rs, 2), tune, cands);
			if (rng_below(&rs, 8) == 0)
				len += (size_t)snprintf(text + len, sizeof text - len,
				                        "p%d,maxpool,,,,,3,1,,,,,,\n", i);
			c = out;
		}
		/* A network without a scored candidate anywhere trips a bug of
		 * cand_table_new (sort_columns passes NULL to memcpy when there is
		 * no column; reported): best_solve's case of no free conv is
		 * test_pins_everything's. */
		if (!scored)
			continue;
		memset(in, 0, sizeof *in);
		in->net = load_text(text);
		score_params_default(&in->p);
		in->p.lambda1 = 0.05 + rng_unit(&rs);
		in->p.lambda2 = rng_below(&rs, 4) == 0 ? 0 : 0.05 + rng_unit(&rs);
		in->p.lambda3 = rng_unit(&rs); /* ignored by best_solve */
		in->p.gamma = 0.1 + rng_unit(&rs);
		in->p.beta = 0.1 + 2 * rng_unit(&rs);
		in->p.scope = rng_below(&rs, 2) ? SCORE_SCOPE_LAYER : SCORE_SCOPE_NETWORK;
		in->p.cost = rng_below(&rs, 2) ? COST_PAPER : COST_MACS;
		/* Pins: a conv (tunable or not) held at a kernel that keeps its
		 * shape. */
		if (rng_below(&rs, 3) == 0) {
			int n = 1 + (int)rng_below(&rs, 2);
			for (int q = 0; q < n; q++) {
				size_t c0 = rng_below(&rs, (unsigned)in->net->n_conv);
				size_t layer = in->net->conv[c0];
				struct kernel k = kernel_square(2, 1 + 2 * (int)rng_below(&rs, 4));
				int dup = 0;
				for (size_t z = 0; z < in->n_pins; z++)
					dup |= in->pins[z].layer == layer;
				if (!dup &&
				    cand_table_check_pin(in->net, layer, &k, NULL) == BKSEF_OK)
					in->pins[in->n_pins++] = (struct pin){ (uint32_t)layer, k };
			}
		}
		/* Pins in increasing layer order, as a request keeps them. */
		if (in->n_pins == 2 && in->pins[0].layer > in->pins[1].layer) {
			struct pin tmp = in->pins[0];
			in->pins[0] = in->pins[1];
			in->pins[1] = tmp;
		}
		inst_tables(in, CAND_DEFAULT);
		size_t plans = 1;
		for (size_t r = 0; r < score_rows(in->s); r++)
			plans *= in->t->n_scored[score_row_conv(in->s, r)]
			             ? in->t->n_scored[score_row_conv(in->s, r)]
			             : 1;
		if (plans <= max_plans)
			return;
		inst_free(in);
	}
}

/*
 * Every plan of 400 random networks (at most 8 tunable convs, at most 20,000
 * plans each) under both resources, at budgets below the cheapest plan,
 * exactly at plans' totals and at random points: best_solve gives the very
 * plan the rule picks over all of them, proven optimal, its G and resource
 * recomputed independently; below the cheapest plan, BKSEF_EINPUT with the
 * cheapest total.
 */
static void test_brute_force(void **state)
{
	(void)state;
	size_t checked = 0, ties = 0;
	for (uint64_t seed = 1; seed <= 400; seed++) {
		struct inst in;
		struct brute b;
		uint64_t rs = seed;
		random_inst(seed, 20000, &in);
		brute_all(&in, &b);
		struct plan *out = plan_new(in.t);
		assert_non_null(out);
		for (int resource = BUDGET_MACS; resource <= BUDGET_PARAMS; resource++) {
			const int64_t *w = b.w[resource == BUDGET_PARAMS];
			int64_t lo = INT64_MAX, hi = 0;
			for (size_t x = 0; x < b.n_plans; x++) {
				lo = w[x] < lo ? w[x] : lo;
				hi = w[x] > hi ? w[x] : hi;
			}
			int64_t budgets[6] = { lo - 1,
				               lo,
				               w[rng_below(&rs, (unsigned)b.n_plans)],
				               w[rng_below(&rs, (unsigned)b.n_plans)] - 1,
				               lo + (int64_t)(rng_unit(&rs) * (double)(hi - lo)),
				               hi };
			for (int k = 0; k < 6; k++) {
				struct best_result res;
				long x = brute_best(&in, &b, resource, budgets[k]);
				if (x < 0) {
					assert_int_equal(
					    solve(&in, resource, budgets[k], NULL, out, &res),
					    BKSEF_EINPUT);
					assert_int_equal(res.reachable, lo);
					continue;
				}
				solve_optimal(&in, resource, budgets[k], out, &res);
				if (memcmp(out->choice, b.choice + (size_t)x * in.t->n_conv,
				           in.t->n_conv) != 0)
					fail_msg("seed %llu resource %d budget %lld: plan differs "
					         "(G %.17g vs %.17g, used %lld vs %lld)",
					         (unsigned long long)seed, resource,
					         (long long)budgets[k], res.gain, b.g[x],
					         (long long)res.used, (long long)w[x]);
				assert_true(res.gain == b.g[x]);
				assert_int_equal(res.used, w[x]);
				assert_int_equal(res.reachable, lo);
				/* How often another plan had the same G and resource. */
				for (size_t y = 0; y < b.n_plans; y++)
					if (y != (size_t)x && w[y] == w[x] &&
					    fabs(b.g[y] - b.g[x]) <= 1e-12 * b.g[x]) {
						ties++;
						break;
					}
				checked++;
			}
		}
		plan_free(out);
		brute_free(&b);
		inst_free(&in);
	}
	/* The random networks do exercise the lexicographic rule. */
	assert_true(ties > 50);
	assert_true(checked > 3000);
}

/*
 * 30 identical convs (8 -> 8 channels on 10x10, candidates {1,3,5,7,9}),
 * 15 before and 15 after three distinct ones (8 -> 5 -> 11 -> 8), against
 * an enumeration of every count vector of the 30 (46,376 of them) times the
 * 125 kernels of the three: the same counts, the same three kernels, the
 * 30 arranged in increasing order (the lexicographic rule), at several
 * budgets, both resources, both scopes.
 */
static const char *thirty_three(void)
{
	static char text[4096];
	size_t len = 0;
	len += (size_t)snprintf(text + len, sizeof text - len,
	                        "name,op,from,out,h,w,k,bias\nin,input,,8,10,10,,\n");
	for (int i = 0; i < 15; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "a%d,conv,,8,,,3,0\n", i);
	len += (size_t)snprintf(text + len, sizeof text - len,
	                        "d0,conv,,5,,,3,1\nd1,conv,,11,,,5,0\nd2,conv,,8,,,3,1\n");
	for (int i = 15; i < 30; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "a%d,conv,,8,,,3,0\n", i);
	return text;
}

static void test_identical_counts(void **state)
{
	(void)state;
	for (int scope = 0; scope < 2; scope++)
		for (int resource = BUDGET_MACS; resource <= BUDGET_PARAMS; resource++) {
			struct inst in = { 0 };
			in.net = load_text(thirty_three());
			score_params_default(&in.p);
			in.p.scope = scope;
			in.p.lambda1 = 0.385;
			in.p.lambda2 = 0.615;
			inst_tables(&in, CAND_DEFAULT);
			const struct cand_table *t = in.t;
			/* Rows: a0..a14 (convs 0-14), d0-d2 (15-17), a15..a29. */
			double ga[5], gd[3][5];
			int64_t wa[5], wd[3][5];
			double a[64], cc[64];
			assert_int_equal(score_row_lines(in.s, 0, &in.p, a, cc), 5);
			for (int j = 0; j < 5; j++) {
				ga[j] = a[j];
				wa[j] = resource == BUDGET_PARAMS ? t->params[t->first[0] + j]
				                                  : t->macs[t->first[0] + j];
			}
			for (int d = 0; d < 3; d++) {
				assert_int_equal(
				    score_row_lines(in.s, 15 + (size_t)d, &in.p, a, cc), 5);
				for (int j = 0; j < 5; j++) {
					size_t e = t->first[15 + d] + (size_t)j;
					gd[d][j] = a[j];
					wd[d][j] =
					    resource == BUDGET_PARAMS ? t->params[e] : t->macs[e];
				}
			}
			int64_t base = total_of(&(struct plan){ .macs = in.net->total_macs,
			                                        .params = in.net->total_params },
			                        resource);
			/* The loaded kernels: 3 for the 30 and d0, d2; 5 for d1. */
			int64_t fixed = base - 30 * wa[1] - wd[0][1] - wd[1][2] - wd[2][1];
			int64_t lo = fixed + 30 * wa[0] + wd[0][0] + wd[1][0] + wd[2][0];
			int64_t hi = fixed + 30 * wa[4] + wd[0][4] + wd[1][4] + wd[2][4];
			struct plan *out = plan_new(t);
			for (int bi = 0; bi < 4; bi++) {
				static const double share[4] = { 0.1173, 0.3347, 0.5521, 0.8839 };
				int64_t budget = lo + (int64_t)(share[bi] * (double)(hi - lo));
				/* The enumeration: G in long double from the counts
				 * (order-free), ties within 1e-12. */
				long double gbest = -1;
				int n[5], best_n[5] = { 0 }, best_d[3] = { 0 };
				int64_t best_w = 0;
				for (int pass = 0; pass < 2; pass++)
					for (n[0] = 0; n[0] <= 30; n[0]++)
						for (n[1] = 0; n[0] + n[1] <= 30; n[1]++)
							for (n[2] = 0; n[0] + n[1] + n[2] <= 30;
							     n[2]++)
								for (n[3] = 0;
								     n[0] + n[1] + n[2] + n[3] <=
								     30;
								     n[3]++) {
									n[4] = 30 - n[0] - n[1] -
									       n[2] - n[3];
									long double g0 = 0;
									int64_t w0 = fixed;
									for (int j = 0; j < 5;
									     j++) {
										g0 += (long double)
										          n[j] *
										      ga[j];
										w0 += n[j] * wa[j];
									}
									if (w0 + wd[0][0] +
									        wd[1][0] +
									        wd[2][0] >
									    budget)
										continue;
									for (int x = 0; x < 125;
									     x++) {
										int dj[3] = {
											x / 25,
											x / 5 % 5,
											x % 5
										};
										long double g = g0;
										int64_t w = w0;
										for (int d = 0;
										     d < 3; d++) {
											g += gd
											    [d]
											    [dj[d]];
											w += wd
											    [d]
											    [dj[d]];
										}
										if (w > budget)
											continue;
										if (pass == 0) {
											if (g >
											    gbest)
												gbest =
												    g;
											continue;
										}
										if (g <
										    gbest -
										        1e-12L *
										            gbest)
											continue;
										/* Least resource; then the
										 * smaller vector: a0-a14
										 * sorted (more small ones
										 * first), d0-d2, a15-a29. */
										int better =
										    best_w == 0 ||
										    w < best_w;
										if (!better &&
										    w == best_w) {
											int va[33],
											    vb[33],
											    at = 0;
											for (int j =
											         0;
											     j < 5;
											     j++)
												for (
												    int z =
												        0;
												    z <
												    n[j];
												    z++)
													va[at < 15
													       ? at
													       : at +
													             3] =
													    j,
													             at++;
											at = 0;
											for (int j =
											         0;
											     j < 5;
											     j++)
												for (
												    int z =
												        0;
												    z <
												    best_n
												        [j];
												    z++)
													vb[at < 15
													       ? at
													       : at +
													             3] =
													    j,
													             at++;
											for (int d =
											         0;
											     d < 3;
											     d++) {
												va[15 +
												   d] = dj
												    [d];
												vb[15 +
												   d] = best_d
												    [d];
											}
											for (
											    int z =
											        0;
											    z < 33 &&
											    !better;
											    z++) {
												if (va[z] !=
												    vb[z]) {
													better =
													    va[z] <
													    vb[z];
													break;
												}
											}
										}
										if (better) {
											best_w = w;
											memcpy(
											    best_n,
											    n,
											    sizeof n);
											memcpy(
											    best_d,
											    dj,
											    sizeof dj);
										}
									}
								}
				struct best_result res;
				solve_optimal(&in, resource, budget, out, &res);
				assert_int_equal(res.used, best_w);
				int got[5] = { 0 }, prev = 0, at = 0;
				for (size_t c = 0; c < 33; c++) {
					if (c >= 15 && c < 18) {
						assert_int_equal(out->choice[c], best_d[c - 15]);
						continue;
					}
					got[out->choice[c]]++;
					/* Increasing along the 30, in network order. */
					assert_true(out->choice[c] >= prev);
					prev = out->choice[c];
					at++;
				}
				assert_int_equal(at, 30);
				assert_memory_equal(got, best_n, sizeof got);
			}
			plan_free(out);
			inst_free(&in);
		}
}

/*
 * A knapsack the lambda3 solver misses.  Input 4x10x10; three 1x1 convs
 * (pad same, no bias, tunable), all at 1x1 to start:
 *   A: 4 -> 4 channels, candidates {1,5}: MACs 1600 k^2
 *   B: 4 -> 9,          candidates {1,3}: MACs 3600 k^2
 *   C: 9 -> 4,          candidates {1,3}: MACs 3600 k^2
 * Network scope over the columns {1,3,5} with the defaults (l1 = l2 = 0.45,
 * beta 0.75, gamma 0.35): a(1) = 0, a(5) = 0.9 and
 *   a(3) = 0.45 (ln 3.25 - ln 1.75) / (ln 4.75 - ln 1.75)
 *        + 0.45 (e^-0.35 - e^-1.05) / (e^-0.35 - e^-1.75)
 *        = 0.57966256539164919703.
 * All at 1: 1600 + 3600 + 3600 = 8800 MACs.  Budget 66400: 57600 to spend.
 * Upgrades: A to 5 costs 24 * 1600 = 38400 for 0.9 (0.0234 per 1000 MACs);
 * B or C to 3 costs 8 * 3600 = 28800 for 0.5797 (0.0201 per 1000 MACs).
 * The lambda3 sweep moves A first (its line crosses first), then B and C
 * together; the smallest lambda3 within budget therefore upgrades A only
 * (47200 MACs, G = 0.9) and leaves 19200 MACs, less than any upgrade left
 * (28800): a greedy fill adds nothing.  The best plan upgrades B and C:
 * 1600 + 32400 + 32400 = 66400 MACs exactly, G = 2 a(3) = 1.1593251307833.
 * The same with parameters (16 k^2, 36 k^2, 36 k^2: budget 664).  With layer
 * scope every row is normalised over its own {1,k}: a = 0.9 for any upgrade,
 * and the best plan is again B and C (G 1.8 against 0.9).
 */
static const char *knapsack_net = "name,op,from,out,h,w,k,bias,tune,candidates\n"
                                  "in,input,,4,10,10,,,,\n"
                                  "A,conv,,4,,,1,0,1,1 5\n"
                                  "B,conv,,9,,,1,0,1,1 3\n"
                                  "C,conv,,4,,,1,0,1,1 3\n";

static void test_knapsack_beats_lambda(void **state)
{
	(void)state;
	struct inst in = { 0 };
	struct diag dg = { 0 };
	in.net = load_text(knapsack_net);
	score_params_default(&in.p);
	inst_tables(&in, CAND_DEFAULT);
	struct plan *out = plan_new(in.t), *lp = plan_new(in.t);
	struct score_work *w = score_work_alloc(in.s);
	struct best_result res;
	double l3;
	int64_t min_macs;

	assert_int_equal(
	    sweep_budget(in.s, &in.p, NULL, 0, BUDGET_MACS, 66400, w, lp, &l3, &min_macs, &dg),
	    BKSEF_OK);
	assert_int_equal(lp->macs, 47200);
	assert_int_equal(kernel_of(lp, 0), 5);
	assert_int_equal(kernel_of(lp, 1), 1);
	assert_int_equal(kernel_of(lp, 2), 1);
	assert_true(gain_of(&in, lp) == 0.9);

	solve_optimal(&in, BUDGET_MACS, 66400, out, &res);
	assert_int_equal(res.used, 66400);
	assert_int_equal(kernel_of(out, 0), 1);
	assert_int_equal(kernel_of(out, 1), 3);
	assert_int_equal(kernel_of(out, 2), 3);
	assert_true(fabs(res.gain - 2 * 0.57966256539164919703) < 1e-15);

	solve_optimal(&in, BUDGET_PARAMS, 664, out, &res);
	assert_int_equal(res.used, 664);
	assert_int_equal(kernel_of(out, 0), 1);
	assert_int_equal(kernel_of(out, 1), 3);
	assert_int_equal(kernel_of(out, 2), 3);
	/* One MAC short: B and C no longer fit; A to 5 is next best (0.9),
	 * then B or C alone (0.5797). */
	solve_optimal(&in, BUDGET_MACS, 66399, out, &res);
	assert_int_equal(res.used, 47200);
	assert_int_equal(kernel_of(out, 0), 5);
	assert_true(res.gain == 0.9);
	score_work_free(w);
	plan_free(lp);
	plan_free(out);
	inst_free(&in);

	in.net = load_text(knapsack_net);
	score_params_default(&in.p);
	in.p.scope = SCORE_SCOPE_LAYER;
	inst_tables(&in, CAND_DEFAULT);
	out = plan_new(in.t);
	solve_optimal(&in, BUDGET_MACS, 66400, out, &res);
	assert_int_equal(kernel_of(out, 1), 3);
	assert_int_equal(kernel_of(out, 2), 3);
	assert_true(res.gain == 1.8);
	plan_free(out);
	inst_free(&in);
}

/*
 * Ties.  Two 1x1 convs, candidates {1,3}, network scope over the columns
 * {1,3}: a(1) = 0, a(3) = 0.45 + 0.45 = 0.9 for either.
 * Equal G, less resource: A 4 -> 4 (1600 k^2 MACs), B 4 -> 9 (3600 k^2),
 * budget 1600 + 3600 + 28800 = 34000: either upgrade fits (A: +12800, B:
 * +28800), not both; both give G = 0.9; the one that uses less wins: A,
 * 14400 + 3600 = 18000 MACs.
 * Equal G and resource: A and B both 4 -> 4, budget 3200 + 12800 = 16000:
 * (3,1) and (1,3) both give 0.9 at 16000; the smaller vector is (1,3).
 */
static void test_ties(void **state)
{
	(void)state;
	struct inst in = { 0 };
	struct best_result res;
	in.net = load_text("name,op,from,out,h,w,k,bias,tune,candidates\n"
	                   "in,input,,4,10,10,,,,\n"
	                   "A,conv,,4,,,1,0,1,1 3\n"
	                   "B,conv,,9,,,1,0,1,1 3\n");
	score_params_default(&in.p);
	inst_tables(&in, CAND_DEFAULT);
	struct plan *out = plan_new(in.t);
	solve_optimal(&in, BUDGET_MACS, 34000, out, &res);
	assert_int_equal(res.used, 18000);
	assert_int_equal(kernel_of(out, 0), 3);
	assert_int_equal(kernel_of(out, 1), 1);
	assert_true(res.gain == 0.9);
	plan_free(out);
	inst_free(&in);

	in.net = load_text("name,op,from,out,h,w,k,bias,tune,candidates\n"
	                   "in,input,,4,10,10,,,,\n"
	                   "A,conv,,4,,,1,0,1,1 3\n"
	                   "B,conv,,4,,,1,0,1,1 3\n");
	score_params_default(&in.p);
	inst_tables(&in, CAND_DEFAULT);
	out = plan_new(in.t);
	solve_optimal(&in, BUDGET_MACS, 16000, out, &res);
	assert_int_equal(res.used, 16000);
	assert_int_equal(kernel_of(out, 0), 1);
	assert_int_equal(kernel_of(out, 1), 3);
	plan_free(out);
	inst_free(&in);
}

/*
 * Pins.  Three identical convs 4 -> 4 (1600 k^2 MACs, {1,3}, a(3) = 0.9)
 * and a fixed one F 4 -> 4 (tune 0, loaded 1x1).  All at 1: 6400 MACs.
 * Pin B at 3 (+12800) and F at 3 (+12800): 32000 before any choice.  Budget
 * 44800 leaves 12800: one more upgrade, A or C; the smaller vector keeps A
 * at 1.  G counts the pinned tunable B (0.9) and C (0.9), not F: 1.8.
 * Budget 44799: none fits, G = 0.9 (B alone).  Budget 31999: even the
 * cheapest plan (32000) is over: BKSEF_EINPUT.
 */
static void test_pins(void **state)
{
	(void)state;
	struct inst in = { 0 };
	struct best_result res;
	struct diag dg = { 0 };
	in.net = load_text("name,op,from,out,h,w,k,bias,tune,candidates\n"
	                   "in,input,,4,10,10,,,,\n"
	                   "A,conv,,4,,,1,0,1,1 3\n"
	                   "B,conv,,4,,,1,0,1,1 3\n"
	                   "C,conv,,4,,,1,0,1,1 3\n"
	                   "F,conv,,4,,,1,0,0,\n");
	score_params_default(&in.p);
	in.pins[0] = (struct pin){ 2, kernel_square(2, 3) };
	in.pins[1] = (struct pin){ 4, kernel_square(2, 3) };
	in.n_pins = 2;
	inst_tables(&in, ((cand_set)1 << 1) | ((cand_set)1 << 3));
	struct plan *out = plan_new(in.t);
	solve_optimal(&in, BUDGET_MACS, 44800, out, &res);
	assert_int_equal(res.used, 44800);
	assert_int_equal(kernel_of(out, 0), 1);
	assert_int_equal(kernel_of(out, 1), 3);
	assert_int_equal(kernel_of(out, 2), 3);
	assert_int_equal(kernel_of(out, 3), 3);
	assert_true(res.gain == 1.8);
	assert_int_equal(res.reachable, 32000);
	solve_optimal(&in, BUDGET_MACS, 44799, out, &res);
	assert_int_equal(res.used, 32000);
	assert_true(res.gain == 0.9);
	assert_int_equal(
	    best_solve(in.s, &in.p, in.pins, 2, BUDGET_MACS, 31999, NULL, out, &res, &dg),
	    BKSEF_EINPUT);
	assert_int_equal(res.reachable, 32000);
	assert_string_equal(dg.msg, "budget of 31999 MACs cannot be met: the cheapest plan with "
	                            "these candidates and pins needs 32000 MACs");
	/* The plan left is that cheapest plan. */
	assert_int_equal(out->macs, 32000);
	assert_int_equal(
	    best_solve(in.s, &in.p, in.pins, 2, BUDGET_PARAMS, 319, NULL, out, &res, &dg),
	    BKSEF_EINPUT);
	assert_int_equal(res.reachable, 320);
	assert_string_equal(dg.msg,
	                    "budget of 319 parameters cannot be met: the cheapest plan with "
	                    "these candidates and pins needs 320 parameters");
	assert_int_equal(
	    best_solve(in.s, &in.p, in.pins, 2, BUDGET_NONE, 1000000, NULL, out, &res, &dg),
	    BKSEF_EUSAGE);
	plan_free(out);
	inst_free(&in);
}

/*
 * No free conv: the three tunable convs of the pins test all pinned, A and C
 * at 3, B at 1 (F stays fixed at 1x1).  MACs: 14400 + 1600 + 14400 + 1600 =
 * 32000 at any budget from 32000; G = 0.9 + 0 + 0.9 = 1.8; nothing to
 * search, so optimal; the frontier is that one plan.
 */
static void test_pins_everything(void **state)
{
	(void)state;
	struct inst in = { 0 };
	struct best_result res;
	struct diag dg = { 0 };
	in.net = load_text("name,op,from,out,h,w,k,bias,tune,candidates\n"
	                   "in,input,,4,10,10,,,,\n"
	                   "A,conv,,4,,,1,0,1,1 3\n"
	                   "B,conv,,4,,,1,0,1,1 3\n"
	                   "C,conv,,4,,,1,0,1,1 3\n"
	                   "F,conv,,4,,,1,0,0,\n");
	score_params_default(&in.p);
	in.pins[0] = (struct pin){ 1, kernel_square(2, 3) };
	in.pins[1] = (struct pin){ 2, kernel_square(2, 1) };
	in.pins[2] = (struct pin){ 3, kernel_square(2, 3) };
	in.n_pins = 3;
	inst_tables(&in, CAND_DEFAULT);
	struct plan *out = plan_new(in.t);
	solve_optimal(&in, BUDGET_MACS, 32000, out, &res);
	assert_int_equal(res.used, 32000);
	assert_int_equal(res.reachable, 32000);
	assert_true(res.gain == 1.8);
	assert_int_equal(kernel_of(out, 0), 3);
	assert_int_equal(kernel_of(out, 1), 1);
	assert_int_equal(kernel_of(out, 2), 3);
	assert_int_equal(kernel_of(out, 3), 1);
	assert_int_equal(solve(&in, BUDGET_MACS, 31999, NULL, out, &res), BKSEF_EINPUT);
	struct best_frontier *fr = NULL;
	assert_int_equal(best_frontier(in.s, &in.p, in.pins, 3, BUDGET_MACS, 10, NULL, &fr, &dg),
	                 BKSEF_OK);
	assert_int_equal(fr->n, 1);
	assert_int_equal(fr->exact, 1);
	assert_int_equal(fr->point[0].resource, 32000);
	assert_true(fr->point[0].gain == 1.8);
	best_frontier_free(fr);
	plan_free(out);
	inst_free(&in);
}

/* Every bundled network with the default request at 30%, 50% and 70% of its
 * loaded MACs and parameters: proven optimal, or (where even the cheapest
 * plan is over) BKSEF_EINPUT with the cheapest total, which for MACs is the
 * lambda3 sweep's too.  And at 30/50/70% of the way from the cheapest plan
 * to the plan of largest G: optimal.  G and the resource recompute. */
static void test_bundled(void **state)
{
	(void)state;
	static const char *const names[] = {
		"alexnet",           "lenet5",          "mobilenet_v2",
		"paper-cifar10-cnn", "paper-gtsrb-cnn", "resnet18-cifar",
		"resnet18",          "resnet50",        "vgg16"
	};
	size_t optimal = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[4096];
		struct net *net = NULL;
		struct session *ss = NULL;
		struct request req;
		struct diag dg = { 0 };
		snprintf(path, sizeof path, "%s/%s.csv", BKSEF_SRCDATADIR, names[i]);
		assert_int_equal(net_load_file(path, path, &net, &dg), BKSEF_OK);
		request_init(&req);
		assert_int_equal(session_new(net, &req, &ss, &dg), BKSEF_OK);
		struct inst in = { .net = net,
			           .t = (struct cand_table *)session_table(ss),
			           .s = (struct score *)session_score(ss),
			           .p = *session_params(ss) };
		struct plan *out = plan_new(in.t);
		struct score_work *w = score_work_alloc(in.s);
		struct plan *lp = plan_new(in.t);
		for (int resource = BUDGET_MACS; resource <= BUDGET_PARAMS; resource++) {
			int64_t loaded =
			    resource == BUDGET_PARAMS ? net->total_params : net->total_macs;
			int64_t lo = 0, hi = 0;
			for (int k = 3; k <= 7; k += 2) {
				struct best_result res;
				int64_t budget = loaded / 10 * k;
				int st = solve(&in, resource, budget, NULL, out, &res);
				lo = res.reachable;
				if (st == BKSEF_EINPUT) {
					assert_true(res.reachable > budget);
					if (resource == BUDGET_MACS) {
						double l3;
						int64_t mm;
						assert_int_equal(sweep_budget(in.s, &in.p, NULL, 0,
						                              BUDGET_MACS, budget,
						                              w, lp, &l3, &mm, &dg),
						                 BKSEF_EINPUT);
						assert_int_equal(mm, res.reachable);
					}
					continue;
				}
				assert_int_equal(st, BKSEF_OK);
				solve_optimal(&in, resource, budget, out, &res);
				optimal++;
			}
			/* The plan of largest G: the budget of everything. */
			struct best_result res;
			solve_optimal(&in, resource, INT64_MAX, out, &res);
			hi = res.used;
			for (int k = 3; k <= 7; k += 2) {
				solve_optimal(&in, resource, lo + (hi - lo) / 10 * k, out, &res);
				optimal++;
			}
		}
		score_work_free(w);
		plan_free(lp);
		plan_free(out);
		session_free(ss);
		request_release(&req);
		net_free(net);
	}
	assert_true(optimal >= 60);
}

/*
 * A limit of one work unit stops the search after the LP walk: the plan is
 * then the walk's, within the budget, not claimed optimal, and its bound is
 * at least the best G of all plans (by brute force), the gap bound - G >= 0.
 * The same limit gives the same answer twice (the work count is
 * deterministic).
 */
static void test_gap(void **state)
{
	(void)state;
	size_t stopped = 0;
	for (uint64_t seed = 1000; seed < 1100; seed++) {
		struct inst in;
		struct brute b;
		random_inst(seed, 20000, &in);
		brute_all(&in, &b);
		struct plan *out = plan_new(in.t), *again = plan_new(in.t);
		struct best_limits lim = { 0, 1 };
		int64_t hi = 0;
		for (size_t x = 0; x < b.n_plans; x++)
			hi = b.w[0][x] > hi ? b.w[0][x] : hi;
		int64_t budget = hi / 2;
		long x = brute_best(&in, &b, BUDGET_MACS, budget);
		if (x >= 0) {
			struct best_result res, res2;
			assert_int_equal(solve(&in, BUDGET_MACS, budget, &lim, out, &res),
			                 BKSEF_OK);
			assert_int_equal(solve(&in, BUDGET_MACS, budget, &lim, again, &res2),
			                 BKSEF_OK);
			assert_true(plan_equal(out, again));
			assert_int_equal(res.optimal, res2.optimal);
			assert_true(res.used <= budget);
			assert_true(res.gain == gain_of(&in, out));
			assert_true(res.bound >= b.g[x]);
			assert_true(res.gap >= 0);
			assert_true(res.gap == res.bound - res.gain || res.optimal);
			stopped += !res.optimal;
		}
		plan_free(out);
		plan_free(again);
		brute_free(&b);
		inst_free(&in);
	}
	assert_true(stopped > 20);
}

/*
 * The frontier of 150 random networks (at most 3,000 plans) under both
 * resources: exactly the distinct plans the brute-force rule picks at every
 * budget (it changes only at the totals of plans), in increasing resource
 * and G, each point's budget giving it back.  With a limit of a few work
 * units, the frontier falls back to evenly spaced budgets: each point is
 * best_solve's plan at its budget under the same rule.
 */
static void test_frontier(void **state)
{
	(void)state;
	for (uint64_t seed = 2000; seed < 2150; seed++) {
		struct inst in;
		struct brute b;
		struct diag dg = { 0 };
		random_inst(seed, 3000, &in);
		brute_all(&in, &b);
		size_t nc = in.t->n_conv;
		for (int resource = BUDGET_MACS; resource <= BUDGET_PARAMS; resource++) {
			const int64_t *w = b.w[resource == BUDGET_PARAMS];
			struct best_frontier *fr = NULL;
			struct best_limits none = { 0, 0 };
			assert_int_equal(best_frontier(in.s, &in.p, in.n_pins ? in.pins : NULL,
			                               in.n_pins, resource, 100, &none, &fr, &dg),
			                 BKSEF_OK);
			assert_int_equal(fr->exact, 1);
			/* The brute force: the distinct best plans at every total. */
			long *pick = malloc(b.n_plans * sizeof *pick);
			size_t np = 0;
			int64_t *tot = malloc(b.n_plans * sizeof *tot);
			memcpy(tot, w, b.n_plans * sizeof *tot);
			for (size_t x = 0; x < b.n_plans; x++) {
				long y = brute_best(&in, &b, resource, tot[x]);
				int seen = 0;
				for (size_t z = 0; z < np && !seen; z++)
					seen = pick[z] == y;
				if (!seen)
					pick[np++] = y;
			}
			/* In increasing resource. */
			for (size_t i = 1; i < np; i++)
				for (size_t j = i; j > 0 && w[pick[j]] < w[pick[j - 1]]; j--) {
					long t = pick[j];
					pick[j] = pick[j - 1];
					pick[j - 1] = t;
				}
			if (fr->n != np)
				fail_msg("seed %llu resource %d: %zu points, want %zu",
				         (unsigned long long)seed, resource, fr->n, np);
			struct plan *out = plan_new(in.t);
			for (size_t i = 0; i < np; i++) {
				struct best_point *pt = &fr->point[i];
				struct best_result res;
				assert_int_equal(pt->resource, w[pick[i]]);
				assert_true(pt->gain == b.g[pick[i]]);
				assert_int_equal(pt->macs, b.w[0][pick[i]]);
				assert_int_equal(pt->params, b.w[1][pick[i]]);
				assert_int_equal(pt->optimal, 1);
				if (i > 0) {
					assert_true(pt->resource > fr->point[i - 1].resource);
					assert_true(pt->gain > fr->point[i - 1].gain);
				}
				solve_optimal(&in, resource, pt->budget, out, &res);
				assert_memory_equal(out->choice, b.choice + (size_t)pick[i] * nc,
				                    nc);
				/* The columns' counts: tunable convs whose kernel is
				 * the column's (as a sweep step counts them). */
				for (size_t j = 0; j < fr->n_columns; j++) {
					uint32_t n_k = 0;
					for (size_t r = 0; r < score_rows(in.s); r++)
						n_k += kernel_equal(
						    plan_kernel(out, score_row_conv(in.s, r)),
						    &in.t->col_kernel[j]);
					assert_int_equal(pt->n_k[j], n_k);
				}
			}
			best_frontier_free(fr);

			/* The fallback. */
			struct best_limits tiny = { 0, 4 };
			assert_int_equal(best_frontier(in.s, &in.p, in.n_pins ? in.pins : NULL,
			                               in.n_pins, resource, 7, &tiny, &fr, &dg),
			                 BKSEF_OK);
			if (!fr->exact) {
				assert_true(fr->n >= 1 && fr->n <= 7);
				for (size_t i = 0; i < fr->n; i++) {
					struct best_point *pt = &fr->point[i];
					struct best_result res;
					struct best_limits each = { 0, 4 / 7 + 1 };
					assert_int_equal(
					    solve(&in, resource, pt->budget, &each, out, &res),
					    BKSEF_OK);
					assert_int_equal(res.used, pt->resource);
					assert_true(res.gain == pt->gain);
					assert_int_equal(res.optimal, pt->optimal);
					if (res.optimal) {
						long y = brute_best(&in, &b, resource, pt->budget);
						assert_memory_equal(out->choice,
						                    b.choice + (size_t)y * nc, nc);
					}
				}
			}
			best_frontier_free(fr);
			plan_free(out);
			free(pick);
			free(tot);
		}
		brute_free(&b);
		inst_free(&in);
	}
}

/*
 * Two searches against each other on real networks: the exact frontier
 * (every group's count vectors combined with no budget and no bound) and
 * best_solve (bounds, reduced costs, the best response of the last group).
 * For every bundled network, both scopes and both resources: at each
 * point's budget, one below it, and at 97 budgets evenly spaced over the
 * frontier's range, best_solve gives the plan of the point with the largest
 * budget not above it (the frontier's points are best over
 * [budget_i, budget_i+1)), proven optimal.
 */
static void test_frontier_bundled(void **state)
{
	(void)state;
	static const char *const names[] = {
		"alexnet",           "lenet5",          "mobilenet_v2",
		"paper-cifar10-cnn", "paper-gtsrb-cnn", "resnet18-cifar",
		"resnet18",          "resnet50",        "vgg16"
	};
	size_t checked = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		for (int scope = 0; scope < 2; scope++) {
			char path[4096];
			struct inst in = { 0 };
			struct diag dg = { 0 };
			snprintf(path, sizeof path, "%s/%s.csv", BKSEF_SRCDATADIR, names[i]);
			assert_int_equal(net_load_file(path, path, &in.net, &dg), BKSEF_OK);
			score_params_default(&in.p);
			in.p.scope = scope;
			inst_tables(&in, CAND_DEFAULT);
			struct plan *out = plan_new(in.t);
			for (int resource = BUDGET_MACS; resource <= BUDGET_PARAMS; resource++) {
				struct best_frontier *fr = NULL;
				struct best_limits none = { 0, 0 };
				assert_int_equal(best_frontier(in.s, &in.p, NULL, 0, resource, 100,
				                               &none, &fr, &dg),
				                 BKSEF_OK);
				assert_int_equal(fr->exact, 1);
				assert_true(fr->n >= 1);
				int64_t lo = fr->point[0].budget,
				        hi = fr->point[fr->n - 1].resource;
				int64_t budgets[100 + 2 * 1000];
				size_t nb = 0;
				for (size_t k = 0; k < fr->n && nb < 2 * 1000; k++) {
					budgets[nb++] = fr->point[k].budget;
					budgets[nb++] = fr->point[k].budget - 1;
				}
				for (int k = 0; k < 97; k++)
					budgets[nb++] =
					    lo + (int64_t)((double)(hi - lo) * k / 96.0);
				for (size_t k = 0; k < nb; k++) {
					struct best_result res;
					size_t at = SIZE_MAX;
					for (size_t z = 0; z < fr->n; z++)
						if (fr->point[z].budget <= budgets[k])
							at = z;
					if (at == SIZE_MAX) {
						assert_int_equal(solve(&in, resource, budgets[k],
						                       NULL, out, &res),
						                 BKSEF_EINPUT);
						continue;
					}
					solve_optimal(&in, resource, budgets[k], out, &res);
					if (res.used != fr->point[at].resource ||
					    res.gain != fr->point[at].gain)
						fail_msg("%s scope %d resource %d budget %lld: "
						         "%lld, %.17g; "
						         "frontier %lld, %.17g",
						         names[i], scope, resource,
						         (long long)budgets[k], (long long)res.used,
						         res.gain,
						         (long long)fr->point[at].resource,
						         fr->point[at].gain);
					checked++;
				}
				best_frontier_free(fr);
			}
			plan_free(out);
			inst_free(&in);
		}
	assert_true(checked > 3000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_brute_force),
		cmocka_unit_test(test_identical_counts),
		cmocka_unit_test(test_knapsack_beats_lambda),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_pins),
		cmocka_unit_test(test_pins_everything),
		cmocka_unit_test(test_bundled),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_frontier),
		cmocka_unit_test(test_frontier_bundled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
