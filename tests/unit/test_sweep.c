/* test_sweep.c -- unit tests of sweep.h: the exact lambda3 sweep checked by
 * hand on the paper's CIFAR-10 network and against direct scoring inside
 * every interval of several networks, and the budget solver's exactness (the
 * returned lambda3 meets the budget, nothing smaller does, and GSL's
 * bisection of the step function closes on it). */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "cand.h"
#include "cand_table.h"
#include "cost.h"
#include "kernel.h"
#include "net.h"
#include "parse.h"
#include "plan.h"
#include "request.h"
#include "score.h"
#include "sweep.h"
#include "testlib.h"

/* The largest lambda score_params_check accepts. */
#define LAMBDA3_MAX SCORE_LAMBDA_MAX

/* One run's tables: the candidate table of a network over a run set and a
 * cost model (with entries for the pins), its score table, a workspace for
 * direct scoring, and the pins (borrowed from a request). */
struct run {
	struct cand_table *t;
	struct score *s;
	struct score_work *w;
	const struct pin *pins;
	size_t n_pins;
};

/* Open R over NET with RUN and COST, holding REQ's pins (REQ may be NULL;
 * it must outlive R), or fail. */
static void run_open(struct run *r, const struct net *net, cand_set run, int cost,
                     const struct request *req)
{
	struct cand_table_spec spec = {
		run, cost, 0, NULL, 0, NULL, 0, { NULL, NULL }, KERNEL_FULL
	};
	struct diag dg = { 0 };

	memset(r, 0, sizeof *r);
	if (req != NULL) {
		r->pins = request_pins(req);
		r->n_pins = request_n_pins(req);
	}
	spec.pins = r->pins;
	spec.n_pins = r->n_pins;
	if (cand_table_new(net, &spec, &r->t, &dg) != BKSEF_OK)
		fail_msg("cand_table_new: %s", dg.msg);
	if (score_new(r->t, &r->s, &dg) != BKSEF_OK)
		fail_msg("score_new: %s", dg.msg);
	r->w = score_work_alloc(r->s);
	assert_non_null(r->w);
}

static void run_close(struct run *r)
{
	score_work_free(r->w);
	score_free(r->s);
	cand_table_free(r->t);
}

/* A new plan over R's table, or fail. */
static struct plan *run_plan(const struct run *r)
{
	struct plan *p = plan_new(r->t);
	assert_non_null(p);
	return p;
}

static struct sweep *new_sweep(const struct run *r, const struct score_params *p, struct plan *plan)
{
	struct sweep *sw = NULL;
	struct diag dg = { 0 };
	if (sweep_compute(r->s, p, r->pins, r->n_pins, plan, &sw, &dg) != BKSEF_OK)
		fail_msg("sweep_compute: %s", dg.msg);
	assert_true(sw->n >= 1);
	assert_int_equal(sw->n_columns, r->t->n_columns);
	return sw;
}

/* Direct scoring at lambda3 = L3 with P's other parameters: PLAN gets k*
 * (the pins win) and its totals. */
static void score_at(struct run *r, const struct score_params *p, double l3, struct plan *plan)
{
	struct score_params q = *p;
	struct diag dg = { 0 };
	q.lambda3 = l3;
	if (score_run(r->s, &q, r->w, &dg) != BKSEF_OK)
		fail_msg("score_run: %s", dg.msg);
	plan_from_score(plan, r->s, r->w, r->pins, r->n_pins);
	plan_update(plan);
}

static int64_t macs_at(struct run *r, const struct score_params *p, double l3, struct plan *plan)
{
	score_at(r, p, l3, plan);
	return plan->macs;
}

/* The size of conv layer I's kernel in PLAN (square kernels only here). */
static int layer_k(const struct plan *plan, size_t i)
{
	const struct kernel *k = plan_layer_kernel(plan, i);
	assert_non_null(k);
	return kernel_max_extent(k);
}

/* Step G's count of tunable convs at the square kernel K: the count of the
 * column whose kernel that is, 0 when none is (sweep_step.n_k is indexed by
 * the table's columns, no longer by size). */
static uint32_t count_at(const struct sweep *sw, const struct cand_table *t, size_t g, int k)
{
	struct kernel sq = kernel_square(2, k);
	uint32_t n = 0;
	for (size_t j = 0; j < sw->n_columns; j++)
		if (k >= 1 && kernel_equal(&t->col_kernel[j], &sq))
			n += sw->step[g].n_k[j];
	return n;
}

/* Step G's count of tunable convs over all columns. */
static uint32_t count_all(const struct sweep *sw, size_t g)
{
	uint32_t n = 0;
	for (size_t j = 0; j < sw->n_columns; j++)
		n += sw->step[g].n_k[j];
	return n;
}

/* The tunable convs every step counts: all of them, but for a conv pinned
 * to a kernel that is not one of the table's columns (n_k has no column for
 * it; the old n_k, indexed by size, counted it). */
static uint32_t rows_counted(const struct run *r)
{
	uint32_t n = 0;
	for (size_t q = 0, rows = score_rows(r->s); q < rows; q++) {
		size_t c = score_row_conv(r->s, q), layer = score_row_layer(r->s, q);
		const struct pin *pin = NULL;
		for (size_t i = 0; i < r->n_pins; i++)
			if (r->pins[i].layer == layer)
				pin = &r->pins[i];
		if (pin == NULL) {
			n++;
			continue;
		}
		long j = cand_table_find(r->t, c, &pin->k);
		assert_true(j >= 0);
		n += r->t->col[cand_table_entry(r->t, c, (size_t)j)] != CAND_TABLE_NO_COL;
	}
	return n;
}

/*
 * The paper's preset on paper-cifar10-cnn (layer scope, paper cost).  With
 * layer scope every row's line S(k) = a(k) - l3*c(k) depends only on its
 * candidate set (test_score.c has the terms):
 *   stages 1-2 over {3,5,7}: a = 0, 0.56183057165806132082, 0.9; c = 0, 0.4, 1
 *   stage 3 over {1,3,5}:    a = 0, 0.57966256539164919703, 0.9; c = 0, 1/3, 1
 * Upper envelopes (the plan is k* = argmax; ties to the smaller k):
 *   {1,3,5}: 5 until 5 meets 3 at (0.9 - 0.57966256539164919703)/(2/3)
 *            = 0.480506151912526204455 (5 meets 1 only at 0.9), then 3 until
 *            3 meets 1 at 0.57966256539164919703*3 = 1.73898769617494759109
 *   {3,5,7}: 7 until 7 meets 5 at (0.9 - 0.56183057165806132082)/0.6
 *            = 0.563615713903231131967 (7 meets 3 only at 0.9), then 5 until
 *            5 meets 3 at 0.56183057165806132082/0.4 = 1.40457642914515330205
 * MACs per k^2: stages 1-2 196608 + 4194304 + 2097152 + 4194304 = 10682368,
 * stage 3 2097152 + 4194304 = 6291456, fc 2560.  Params per k^2 (no conv
 * bias): stages 1-2 192 + 4096 + 8192 + 16384 = 28864, stage 3 32768 +
 * 65536 = 98304; bn 1792 + fc 2570 = 4362.  rf = 1 + 5 (a-1) + 6 (b-1) for
 * kernels a (stages 1-2) and b (stage 3).
 *   step  lambda3 from                  k (1-2, 3)  MACs       params   rf
 *   0     0                             7, 5        680724992  3876298  55
 *   1     0.480506151912526204455      7, 3        580061696  2303434  43
 *   2     0.563615713903231131967      5, 3        323684864  1610698  33
 *   3     1.40457642914515330205       3, 3        152766976  1148874  23
 *   4     1.73898769617494759109       3, 1        102435328   362442  11
 * (step 3 is the network as bundled; e.g. step 0's MACs are 49*10682368 +
 * 25*6291456 + 2560 = 523436032 + 157286400 + 2560.)
 */
static const double paper_from[5] = { 0, 0.480506151912526204455, 0.563615713903231131967,
	                              1.40457642914515330205, 1.73898769617494759109 };
static const int64_t paper_macs[5] = { 680724992, 580061696, 323684864, 152766976, 102435328 };
static const int64_t paper_params[5] = { 3876298, 2303434, 1610698, 1148874, 362442 };
static const int64_t paper_rf[5] = { 55, 43, 33, 23, 11 };
static const int paper_k12[5] = { 7, 7, 5, 3, 3 }, paper_k3[5] = { 5, 3, 3, 3, 1 };
/* Each step's own lambda3, by hand: the middle halves of the intervals are
 * [0.1201, 0.3604], [0.5013, 0.5428], [0.7739, 1.1943], [1.4882, 1.6554]
 * and, for the last taken as [1.739, 5.478), [2.674, 4.543]; the shortest
 * decimals there nearest the middles (0.2403, 0.5221, 0.9841, 1.5718,
 * 3.6085) are 0.2, 0.52 (0.5 is below), 1, 1.6 (2 is above) and 4. */
static const double paper_own[5] = { 0.2, 0.52, 1, 1.6, 4 };

static void test_sweep_paper_by_hand(void **state)
{
	struct net *net = testlib_load_bundled("paper-cifar10-cnn");
	struct score_params p;
	struct run r;
	struct plan *plan;
	struct sweep *sw;
	(void)state;
	assert_int_equal(score_preset("paper", &p), BKSEF_OK);
	run_open(&r, net, CAND_DEFAULT, p.cost, NULL);
	plan = run_plan(&r);
	sw = new_sweep(&r, &p, plan);
	assert_int_equal(sw->n, 5);
	for (size_t g = 0; g < 5; g++) {
		const struct sweep_step *st = &sw->step[g];
		testlib_assert_close(st->from, paper_from[g]);
		if (g < 4)
			testlib_assert_close(st->to, paper_from[g + 1]);
		else
			assert_true(isinf(st->to) && st->to > 0);
		assert_int_equal(st->macs, paper_macs[g]);
		assert_int_equal(st->params, paper_params[g]);
		assert_int_equal(st->rf, paper_rf[g]);
		assert_true(sweep_step_lambda3(st) == paper_own[g]);
		testlib_assert_close(st->mean_k, (4.0 * paper_k12[g] + 2.0 * paper_k3[g]) / 6);
		for (int k = 0; k <= CAND_MAX; k++) {
			unsigned want =
			    (k == paper_k12[g] ? 4u : 0u) + (k == paper_k3[g] ? 2u : 0u);
			assert_int_equal(count_at(sw, r.t, g, k), want);
		}
		/* every conv is at a column's kernel: nothing counted elsewhere */
		assert_int_equal(count_all(sw, g), 6);
	}
	assert_true(sw->step[0].from == 0);
	sweep_free(sw);
	sweep_free(NULL);
	plan_free(plan);
	run_close(&r);
	net_free(net);
}

/* Direct scoring at lambda3 = X (PROBE gets the plan) agrees with step G,
 * ST, of a sweep: totals, mean kernel size, and each column's count. */
static void check_step_at(struct run *r, const struct score_params *p, struct plan *probe,
                          const struct sweep_step *st, size_t n_columns, double x, const char *what,
                          size_t g)
{
	const struct cand_table *t = r->t;
	size_t rows = score_rows(r->s);
	double ksum = 0;

	score_at(r, p, x, probe);
	for (size_t q = 0; q < rows; q++)
		ksum += kernel_size(plan_layer_kernel(probe, score_row_layer(r->s, q)));
	if (probe->macs != st->macs || probe->params != st->params || probe->rf != st->rf ||
	    (rows && ksum / (double)rows != st->mean_k))
		fail_msg("%s: step %zu [%.17g, %.17g): sweep %lld MACs %lld params rf %lld "
		         "mean %.17g; direct scoring at %.17g: %lld, %lld, %lld, %.17g",
		         what, g, st->from, st->to, (long long)st->macs, (long long)st->params,
		         (long long)st->rf, st->mean_k, x, (long long)probe->macs,
		         (long long)probe->params, (long long)probe->rf,
		         rows ? ksum / (double)rows : 0);
	/* every conv's kernel is counted in its column, and each column counts
	 * exactly the convs direct scoring puts there */
	for (size_t j = 0; j < n_columns; j++) {
		uint32_t n = 0;
		for (size_t q = 0; q < rows; q++) {
			size_t c = score_row_conv(r->s, q);
			n += t->col[cand_table_entry(t, c, probe->choice[c])] == j;
		}
		if (n != st->n_k[j]) {
			char tok[KERNEL_TOKEN_MAX];
			fail_msg("%s: step %zu counts %u convs at k%s, direct scoring at %.17g %u",
			         what, g, st->n_k[j],
			         kernel_format(&t->col_kernel[j], tok, sizeof tok), x, n);
		}
	}
}

/* The sweep's invariants, and direct scoring inside every interval. */
static void check_sweep(struct run *r, const struct score_params *p, struct plan *plan,
                        const char *what)
{
	struct plan *probe = run_plan(r);
	struct sweep *sw;
	size_t rows = score_rows(r->s);
	uint32_t counted = rows_counted(r);

	sw = new_sweep(r, p, plan);
	if (sw->step[0].from != 0 || !isinf(sw->step[sw->n - 1].to))
		fail_msg("%s: the sweep does not run from 0 to infinity", what);
	for (size_t g = 0; g < sw->n; g++) {
		const struct sweep_step *st = &sw->step[g];
		uint32_t count = count_all(sw, g);
		if (!(st->from < st->to))
			fail_msg("%s: step %zu is empty: [%.17g, %.17g)", what, g, st->from,
			         st->to);
		if (g + 1 < sw->n) {
			const struct sweep_step *nx = &sw->step[g + 1];
			if (st->to != nx->from)
				fail_msg("%s: gap after step %zu", what, g);
			if (!(nx->macs < st->macs))
				fail_msg("%s: MACs grow at step %zu", what, g + 1);
			if (nx->rf > st->rf)
				fail_msg("%s: rf grows at step %zu", what, g + 1);
		}
		if (count != counted)
			fail_msg("%s: step %zu counts %u convs, not %u of %zu", what, g, count,
			         counted, rows);

		/* the step's own lambda3 (what the explorer's sweep view sets)
		 * lies inside it and gives its plan */
		double own = sweep_step_lambda3(st);
		if (!(own > st->from && own < st->to && own <= LAMBDA3_MAX))
			fail_msg("%s: step %zu [%.17g, %.17g): its lambda3 %.17g lies outside",
			         what, g, st->from, st->to, own);
		check_step_at(r, p, probe, st, sw->n_columns, own, what, g);

		/* a point inside: the middle, or beyond the last breakpoint but
		 * within lambda3's range; the last step also at the range's end */
		if (!isinf(st->to)) {
			check_step_at(r, p, probe, st, sw->n_columns,
			              st->from + (st->to - st->from) / 2, what, g);
			continue;
		}
		check_step_at(r, p, probe, st, sw->n_columns, fmin(2 * st->from + 1, LAMBDA3_MAX),
		              what, g);
		check_step_at(r, p, probe, st, sw->n_columns, LAMBDA3_MAX, what, g);
	}
	sweep_free(sw);
	plan_free(probe);
}

static void sweep_all_ways(struct net *net, cand_set run, const char *name)
{
	static const struct score_params base[] = {
		{ 0.37, 0.52, 0.29, 0.41, 0.83, 0, 0 },
		{ 0.45, 0.45, 0.10, 0.35, 0.75, 0, 0 },
		{ 1.7, 0.05, 0, 2.9, 0.013, 0, 0 },
	};
	char what[128];
	for (int cost = COST_MACS; cost <= COST_PAPER; cost++) {
		struct run r;
		run_open(&r, net, run, cost, NULL);
		struct plan *plan = run_plan(&r);
		for (int scope = SCORE_SCOPE_NETWORK; scope <= SCORE_SCOPE_LAYER; scope++)
			for (size_t b = 0; b < sizeof base / sizeof base[0]; b++) {
				struct score_params p = base[b];
				p.scope = scope;
				p.cost = cost;
				snprintf(what, sizeof what, "%s %s/%s #%zu", name,
				         score_scope_name(scope), cost_model_name(cost), b);
				check_sweep(&r, &p, plan, what);
			}
		plan_free(plan);
		run_close(&r);
	}
}

/* sweep_step_of on four steps [0, 0.5), [0.5, 1), [1, 2), [2, inf): by
 * hand, a breakpoint belongs to the step it starts; below the first
 * breakpoint (and below 0, or NaN) is step 0; past the last is step 3. */
static void test_sweep_step_of(void **state)
{
	struct sweep_step st[4] = { { .from = 0, .to = 0.5 },
		                    { .from = 0.5, .to = 1 },
		                    { .from = 1, .to = 2 },
		                    { .from = 2, .to = INFINITY } };
	struct sweep sw = { .n = 4, .step = st };
	(void)state;
	assert_int_equal(sweep_step_of(&sw, 0), 0);
	assert_int_equal(sweep_step_of(&sw, 0.25), 0);
	assert_int_equal(sweep_step_of(&sw, nextafter(0.5, 0)), 0);
	assert_int_equal(sweep_step_of(&sw, 0.5), 1);
	assert_int_equal(sweep_step_of(&sw, 0.75), 1);
	assert_int_equal(sweep_step_of(&sw, 1), 2);
	assert_int_equal(sweep_step_of(&sw, nextafter(2, 0)), 2);
	assert_int_equal(sweep_step_of(&sw, 2), 3);
	assert_int_equal(sweep_step_of(&sw, 1e300), 3);
	assert_int_equal(sweep_step_of(&sw, INFINITY), 3);
	assert_int_equal(sweep_step_of(&sw, -1), 0);
	assert_int_equal(sweep_step_of(&sw, NAN), 0);
	/* one step: always it */
	sw.n = 1;
	assert_int_equal(sweep_step_of(&sw, 5), 0);
	/* two steps, at the one breakpoint and either side */
	sw.n = 2;
	assert_int_equal(sweep_step_of(&sw, 0.4), 0);
	assert_int_equal(sweep_step_of(&sw, 0.5), 1);
	assert_int_equal(sweep_step_of(&sw, 7), 1);
}

static void test_sweep_invariants_small(void **state)
{
	struct net *two = testlib_load_test_data("score-two-layer.csv");
	struct net *plan_net = testlib_load_test_data("score-plan.csv");
	(void)state;
	sweep_all_ways(two, CAND_DEFAULT, "score-two-layer");
	sweep_all_ways(two, (cand_set)0xAAAAAAAAAAAAAAAAu, "score-two-layer, all odd k");
	sweep_all_ways(plan_net, CAND_DEFAULT, "score-plan");
	net_free(two);
	net_free(plan_net);
}

static void test_sweep_invariants_bundled(void **state)
{
	static const char *const names[] = { "paper-cifar10-cnn", "paper-gtsrb-cnn", "resnet18",
		                             "mobilenet_v2",      "vgg16",           "resnet50" };
	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct net *net = testlib_load_bundled(names[i]);
		sweep_all_ways(net, CAND_DEFAULT, names[i]);
		net_free(net);
	}
}

/* Pins hold through the sweep; the others still move. */
static void test_sweep_pins(void **state)
{
	struct net *net = testlib_load_bundled("paper-cifar10-cnn");
	struct request req;
	struct score_params p;
	struct run r;
	struct plan *plan;
	struct sweep *sw;
	struct diag dg = { 0 };
	long s10 = net_find_layer(net, "stage1.0.conv");
	(void)state;
	assert_int_equal(score_preset("paper", &p), BKSEF_OK);
	request_init(&req);
	assert_int_equal(request_pin_text(&req, net, "stage1.0.conv=3", &dg), BKSEF_OK);
	assert_int_equal(request_pin_text(&req, net, "stage3.1.conv=9", &dg), BKSEF_OK);
	run_open(&r, net, CAND_DEFAULT, p.cost, &req);
	plan = run_plan(&r);
	check_sweep(&r, &p, plan, "paper-cifar10-cnn with pins");
	sw = new_sweep(&r, &p, plan);
	/* the same breakpoints as without pins, one fewer conv moving in each
	 * group: 5 steps; stage1.0 always 3, stage3.1 always 9.  The columns are
	 * the scored kernels 1, 3, 5, 7: a conv pinned to 9 has no column, so
	 * the steps count 5 convs and the sixth is found through the mean:
	 * 6 * mean_k - (the counted convs' sizes) = 9. */
	assert_int_equal(sw->n, 5);
	assert_int_equal(sw->n_columns, 4);
	for (size_t g = 0; g < sw->n; g++) {
		double ksum = 0;
		assert_true(count_at(sw, r.t, g, 3) >= 1);
		assert_int_equal(count_at(sw, r.t, g, 9), 0);
		assert_int_equal(count_all(sw, g), 5);
		for (int k = 1; k <= CAND_MAX; k++)
			ksum += (double)k * count_at(sw, r.t, g, k);
		testlib_assert_close(6 * sw->step[g].mean_k - ksum, 9);
		testlib_assert_close(sw->step[g].from, paper_from[g]);
	}
	/* step 0: 3, 7, 7, 7 | 5, 9: MACs 9*196608 + 49*(10682368 - 196608) +
	 * 25*2097152 + 81*4194304 + 2560 = 1769472 + 513802240 + 52428800 +
	 * 339738624 + 2560 = 907741696 */
	assert_int_equal(sw->step[0].macs, 907741696);
	/* last: 3, 3, 3, 3 | 1, 9: 9*10682368 + 2097152 + 339738624 + 2560 */
	assert_int_equal(sw->step[4].macs, 96141312 + 2097152 + 339738624 + 2560);
	/* the pins are the request's, untouched; the workspace plan (at the
	 * last step) holds them */
	assert_true(s10 >= 0);
	assert_non_null(request_pin_of(&req, (size_t)s10));
	assert_int_equal(kernel_max_extent(&request_pin_of(&req, (size_t)s10)->k), 3);
	assert_int_equal(request_n_pins(&req), 2);
	assert_int_equal(layer_k(plan, (size_t)s10), 3);
	assert_int_equal(layer_k(plan, (size_t)net_find_layer(net, "stage3.1.conv")), 9);
	sweep_free(sw);
	plan_free(plan);
	run_close(&r);
	request_release(&req);
	net_free(net);
}

/* Budget exactness: L3 meets BUDGET; when L3 > 0, neither the previous
 * breakpoint nor the double just below L3 does. */
static void check_budget_exact(struct run *r, const struct score_params *p, struct plan *probe,
                               int64_t budget, double l3, const char *what)
{
	struct plan *plan = run_plan(r);
	struct sweep *sw;
	if (macs_at(r, p, l3, probe) > budget)
		fail_msg("%s: lambda3 %.17g gives %lld MACs, over the budget %lld", what, l3,
		         (long long)probe->macs, (long long)budget);
	if (l3 > 0) {
		double below = nextafter(l3, 0);
		if (macs_at(r, p, below, probe) <= budget)
			fail_msg("%s: lambda3 %.17g is not the smallest: %.17g gives %lld MACs "
			         "within the budget %lld",
			         what, l3, below, (long long)probe->macs, (long long)budget);
		sw = new_sweep(r, p, plan);
		for (size_t g = 0; g < sw->n; g++)
			if (sw->step[g].from < l3 &&
			    macs_at(r, p, sw->step[g].from, probe) <= budget)
				fail_msg("%s: breakpoint %.17g < %.17g already meets the budget",
				         what, sw->step[g].from, l3);
		sweep_free(sw);
	}
	plan_free(plan);
}

/* The step function GSL bisects: positive above the budget, negative within
 * it, f(x) = MACs(plan scored directly at x) - budget - 0.5.  Its one sign
 * change is the breakpoint the solver found. */
struct probe {
	struct run *r;
	const struct score_params *p;
	struct plan *plan;
	int64_t budget;
};

static double probe_f(double x, void *ctx)
{
	struct probe *pr = ctx;
	return (double)(macs_at(pr->r, pr->p, x, pr->plan) - pr->budget) - 0.5;
}

/* The cross-check that was inside sweep_budget (v0.1.0's bisect): from a
 * lambda3 known to miss BUDGET (the largest breakpoint below L3 that misses
 * it, else 0), GSL's bisection of the step function must close on the
 * solver's L3 (within 1e-9 relative).  Nothing to bracket when L3 is 0. */
static void check_bisection(struct run *r, const struct score_params *p, int64_t budget, double l3,
                            const char *what)
{
	struct plan *plan = run_plan(r);
	struct probe pr = { r, p, plan, budget };
	gsl_function f = { probe_f, &pr };
	gsl_root_fsolver *solver;
	struct sweep *sw;
	double miss = 0, lo, hi;
	int status, iter = 0;

	if (l3 == 0) {
		plan_free(plan);
		return;
	}
	sw = new_sweep(r, p, plan);
	for (size_t g = 0; g < sw->n; g++)
		if (sw->step[g].from < l3 && sw->step[g].from > miss)
			miss = sw->step[g].from;
	sweep_free(sw);
	if (miss > 0 && macs_at(r, p, miss, plan) <= budget)
		miss = 0;
	if (macs_at(r, p, miss, plan) <= budget)
		fail_msg("%s: lambda3 %.17g > 0, but %.17g already meets the budget %lld", what, l3,
		         miss, (long long)budget);

	solver = gsl_root_fsolver_alloc(gsl_root_fsolver_bisection);
	assert_non_null(solver);
	lo = miss;
	hi = l3;
	status = gsl_root_fsolver_set(solver, &f, lo, hi);
	while (status == GSL_SUCCESS && iter++ < 200) {
		status = gsl_root_fsolver_iterate(solver);
		if (status != GSL_SUCCESS)
			break;
		lo = gsl_root_fsolver_x_lower(solver);
		hi = gsl_root_fsolver_x_upper(solver);
		status = gsl_root_test_interval(lo, hi, 0, 1e-12);
		if (status == GSL_SUCCESS)
			break;
		status = status == GSL_CONTINUE ? GSL_SUCCESS : status;
	}
	gsl_root_fsolver_free(solver);
	plan_free(plan);
	if (status != GSL_SUCCESS)
		fail_msg("%s: GSL's bisection on [%.17g, %.17g] did not converge: %s", what, miss,
		         l3, gsl_strerror(status));
	if (!(hi >= l3 * (1 - 1e-9) && lo <= l3))
		fail_msg("%s: GSL's bracket [%.17g, %.17g] disagrees with the solver's lambda3 "
		         "%.17g",
		         what, lo, hi, l3);
}

/* Solve BUDGET, or fail; check the solver's workspaces (W holds the run at
 * the returned lambda3, PLAN its plan within the budget) and cross-check
 * the answer with GSL's bisection. */
static double solve(struct run *r, const struct score_params *p, struct plan *plan, int64_t budget,
                    const char *what)
{
	double l3 = -1;
	int64_t min_macs = -1;
	struct diag dg = { 0 };
	if (sweep_budget(r->s, p, r->pins, r->n_pins, BUDGET_MACS, budget, r->w, plan, &l3,
	                 &min_macs, &dg) != BKSEF_OK)
		fail_msg("%s: budget %lld: %s", what, (long long)budget, dg.msg);
	/* W is left scored at the returned lambda3 (the same k* as a fresh run
	 * there), PLAN is its plan */
	struct score_params q = *p;
	struct score_work *fresh = score_work_alloc(r->s);
	assert_non_null(fresh);
	q.lambda3 = l3;
	assert_int_equal(score_run(r->s, &q, fresh, &dg), BKSEF_OK);
	for (size_t row = 0; row < score_rows(r->s); row++)
		if (score_best(r->w, row) != score_best(fresh, row))
			fail_msg("%s: the solver's workspace is not the run at lambda3 %.17g (row "
			         "%zu)",
			         what, l3, row);
	score_work_free(fresh);
	struct plan *check = run_plan(r);
	plan_from_score(check, r->s, r->w, r->pins, r->n_pins);
	plan_update(check);
	assert_true(check->macs <= budget);
	assert_true(plan_equal(check, plan));
	assert_int_equal(plan->macs, check->macs);
	plan_free(check);
	check_bisection(r, p, budget, l3, what);
	return l3;
}

/* Budgets on the paper sweep above: each step's MACs and one less. */
static void test_budget_paper_by_hand(void **state)
{
	struct net *net = testlib_load_bundled("paper-cifar10-cnn");
	struct plan *plan, *probe;
	struct score_params p;
	struct run r;
	struct diag dg = { 0 };
	double l3;
	int64_t min_macs = 0;
	(void)state;
	assert_int_equal(score_preset("paper", &p), BKSEF_OK);
	run_open(&r, net, CAND_DEFAULT, p.cost, NULL);
	plan = run_plan(&r);
	probe = run_plan(&r);

	/* at or above step 0's MACs: lambda3 = 0 */
	assert_true(solve(&r, &p, plan, 680724992, "paper") == 0);
	assert_true(solve(&r, &p, plan, INT64_MAX, "paper") == 0);
	for (size_t g = 1; g < 5; g++) {
		/* one MAC less than step g-1 needs: step g's breakpoint */
		l3 = solve(&r, &p, plan, paper_macs[g - 1] - 1, "paper");
		testlib_assert_close(l3, paper_from[g]);
		check_budget_exact(&r, &p, probe, paper_macs[g - 1] - 1, l3, "paper");
		assert_int_equal(macs_at(&r, &p, l3, probe), paper_macs[g]);
		/* exactly step g's MACs: the same */
		assert_true(solve(&r, &p, plan, paper_macs[g], "paper") == l3);
	}
	/* 100% of the all-3x3 baseline: the step where every kernel is 3 */
	int64_t budget = 0;
	assert_int_equal(parse_budget("100%", 152766976, 0, &budget, &dg), BKSEF_OK);
	testlib_assert_close(solve(&r, &p, plan, budget, "paper"), 1.40457642914515330205);

	/* below the cheapest plan (3, 3, 3, 3, 1, 1): unreachable */
	dg.msg[0] = '\0';
	assert_int_equal(
	    sweep_budget(r.s, &p, NULL, 0, BUDGET_MACS, 102435327, r.w, plan, &l3, &min_macs, &dg),
	    BKSEF_EINPUT);
	assert_int_equal(min_macs, 102435328);
	assert_non_null(strstr(dg.msg, "102435328"));
	assert_null(strchr(dg.msg, '\n'));
	assert_int_equal(
	    sweep_budget(r.s, &p, NULL, 0, BUDGET_MACS, 0, r.w, plan, &l3, &min_macs, &dg),
	    BKSEF_EINPUT);
	assert_int_equal(min_macs, 102435328);
	plan_free(plan);
	plan_free(probe);
	run_close(&r);
	net_free(net);
}

/* Pins limit what the solver can reach: stage 3 pinned at 5 leaves at best
 * 9*10682368 + 25*6291456 + 2560 = 96141312 + 157286400 + 2560 = 253430272. */
static void test_budget_pins(void **state)
{
	struct net *net = testlib_load_bundled("paper-cifar10-cnn");
	struct request req;
	struct plan *plan, *probe;
	struct score_params p;
	struct run r;
	struct diag dg = { 0 };
	double l3 = -1;
	int64_t min_macs = 0;
	(void)state;
	assert_int_equal(score_preset("paper", &p), BKSEF_OK);
	request_init(&req);
	assert_int_equal(request_pin_text(&req, net, "stage3.0.conv=5", &dg), BKSEF_OK);
	assert_int_equal(request_pin_text(&req, net, "stage3.1.conv=5", &dg), BKSEF_OK);
	run_open(&r, net, CAND_DEFAULT, p.cost, &req);
	plan = run_plan(&r);
	probe = run_plan(&r);
	assert_int_equal(sweep_budget(r.s, &p, r.pins, r.n_pins, BUDGET_MACS, 253430271, r.w, plan,
	                              &l3, &min_macs, &dg),
	                 BKSEF_EINPUT);
	assert_int_equal(min_macs, 253430272);
	assert_non_null(strstr(dg.msg, "253430272"));
	l3 = solve(&r, &p, plan, 253430272, "paper, stage 3 pinned");
	testlib_assert_close(l3, 1.40457642914515330205);
	check_budget_exact(&r, &p, probe, 253430272, l3, "paper, stage 3 pinned");
	plan_free(plan);
	plan_free(probe);
	run_close(&r);
	request_release(&req);
	net_free(net);
}

/* Every step's MACs (and one less) as a budget, on several networks and
 * settings: the solver's answer is always exact. */
static void budget_all_steps(struct net *net, const struct score_params *p, const char *name)
{
	struct run r;
	run_open(&r, net, CAND_DEFAULT, p->cost, NULL);
	struct plan *plan = run_plan(&r), *probe = run_plan(&r);
	struct sweep *sw = new_sweep(&r, p, plan);
	char what[160];
	for (size_t g = 0; g < sw->n; g++) {
		const int64_t budgets[2] = { sw->step[g].macs, sw->step[g].macs - 1 };
		for (int b = 0; b < 2; b++) {
			double l3;
			int64_t min_macs;
			struct diag dg = { 0 };
			if (b == 1 && g + 1 == sw->n) {
				assert_int_equal(sweep_budget(r.s, p, NULL, 0, BUDGET_MACS,
				                              budgets[b], r.w, plan, &l3, &min_macs,
				                              &dg),
				                 BKSEF_EINPUT);
				assert_int_equal(min_macs, sw->step[g].macs);
				continue;
			}
			snprintf(what, sizeof what, "%s %s/%s step %zu budget %lld", name,
			         score_scope_name(p->scope), cost_model_name(p->cost), g,
			         (long long)budgets[b]);
			l3 = solve(&r, p, plan, budgets[b], what);
			check_budget_exact(&r, p, probe, budgets[b], l3, what);
		}
	}
	sweep_free(sw);
	plan_free(plan);
	plan_free(probe);
	run_close(&r);
}

static void test_budget_every_step(void **state)
{
	static const char *const names[] = { "paper-cifar10-cnn", "resnet18", "mobilenet_v2" };
	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct net *net = testlib_load_bundled(names[i]);
		for (int scope = 0; scope < 2; scope++)
			for (int cost = 0; cost < 2; cost++) {
				struct score_params p = {
					0.37, 0.52, 0.29, 0.41, 0.83, scope, cost
				};
				budget_all_steps(net, &p, names[i]);
			}
		net_free(net);
	}
}

/* --reduce 42.8% on ResNet-18 with the defaults: a budget of
 * floor(0.572 * 1814073344) = floor(1037649952.768) = 1037649952 MACs. */
static void test_reduce_resnet18(void **state)
{
	struct net *net = testlib_load_bundled("resnet18");
	struct plan *plan, *probe;
	struct score_params p;
	struct run r;
	struct diag dg = { 0 };
	int64_t budget = 0;
	double l3;
	(void)state;
	assert_int_equal(net->total_macs, 1814073344);
	assert_int_equal(parse_budget("42.8%", net->total_macs, 1, &budget, &dg), BKSEF_OK);
	assert_int_equal(budget, 1037649952);
	assert_int_equal(parse_budget("57.2%", net->total_macs, 0, &budget, &dg), BKSEF_OK);
	assert_int_equal(budget, 1037649952);
	score_params_default(&p);
	run_open(&r, net, CAND_DEFAULT, p.cost, NULL);
	plan = run_plan(&r);
	probe = run_plan(&r);
	l3 = solve(&r, &p, plan, budget, "resnet18 --reduce 42.8%");
	assert_true(l3 > 0);
	check_budget_exact(&r, &p, probe, budget, l3, "resnet18 --reduce 42.8%");
	assert_true(macs_at(&r, &p, l3, probe) <= 1037649952);
	plan_free(plan);
	plan_free(probe);
	run_close(&r);
	net_free(net);
}

/*
 * One tiny and one huge tunable conv, both over {1, 9}, network scope, MACs
 * cost, lambda2 = 0:
 *   big:  1 -> 512 channels on 2048x2048: MACs k^2 * 512 * 2048^2 = k^2 * 2^31
 *   tiny: 1 -> 1 channel on 1x1 (after the gap): MACs k^2
 * The cost is normalised over [1, 81 * 2^31]; with D = 81 * 2^31 - 1:
 *   tiny: c1 = 0, c9 = 80/D (about 4.6e-10);  big: c1 = (2^31 - 1)/D, c9 = 1.
 * I~ and A~ are 0 at k = 1 and 1 at k = 9, so a1 = 0 and a9 = lambda1.  Each
 * row leaves 9 for 1 at (a9 - a1)/(c9 - c1):
 *   big:  lambda1 * D/(80 * 2^31) = lambda1 * (81/80 - 1/(80 * 2^31))
 *         = lambda1 * 1.0124999999941793
 *   tiny: lambda1 * D/80 = lambda1 * 2174327193.5875, which is past the
 *         largest double (1.7976931348623157e308) once lambda1 > 8.27e298.
 * MACs: both at 9, 81 * 2^31 + 81 = 173946175569; big at 1 and tiny at 9,
 * 2^31 + 81 = 2147483729; both at 1 (the cheapest plan), 2^31 + 1 =
 * 2147483649.
 */
static const char tiny_huge_net[] = "name,op,from,out,h,w,k,candidates\n"
                                    "in,input,,1,2048,2048,,\n"
                                    "big,conv,in,512,,,9,1 9\n"
                                    "g,gap,in,,,,,\n"
                                    "tiny,conv,g,1,,,9,1 9\n";
#define TH_MACS_99 INT64_C(173946175569)
#define TH_MACS_19 INT64_C(2147483729)
#define TH_MACS_11 INT64_C(2147483649)
#define TH_BIG_SLOPE 1.0124999999941793

static struct score_params tiny_huge_params(double lambda1)
{
	struct score_params p = { lambda1, 0, 0.10, 0.35, 0.75, SCORE_SCOPE_NETWORK, COST_MACS };
	return p;
}

/* A breakpoint past the largest double (tiny's, from lambda1 = 8.27e298 on)
 * or past the largest lambda3, 1e300 (big's, from lambda1 = 9.88e299 on):
 * that conv never switches within lambda3's range; the last step keeps its
 * kernel, and every step still agrees with direct scoring. */
static void test_sweep_breakpoint_overflow(void **state)
{
	static const struct {
		double lambda1;
		size_t n;         /* steps */
		int big_switches; /* within the range */
		int tiny_switches;
		size_t n_late, n_never;
	} cases[] = {
		/* the case: tiny's overflows, big's 1.0125e300 */
		{ 1e300, 1, 0, 0, 2, 1 },
		/* tiny's overflows; big's 1.0125e299 */
		{ 1e299, 2, 1, 0, 1, 1 },
		/* tiny's 2.17e307: finite but past 1e300 */
		{ 1e298, 2, 1, 0, 1, 0 },
		/* both breakpoints in range: big's 1.0125e-300, tiny's 2.17e-291 */
		{ 1e-300, 3, 1, 1, 0, 0 },
	};
	struct net *net = testlib_load_text(tiny_huge_net);
	struct run r;
	struct plan *plan;
	char what[64];
	(void)state;
	run_open(&r, net, CAND_DEFAULT, COST_MACS, NULL);
	plan = run_plan(&r);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct score_params p = tiny_huge_params(cases[c].lambda1);
		struct sweep *sw = new_sweep(&r, &p, plan);
		size_t last = sw->n - 1;
		snprintf(what, sizeof what, "tiny/huge, lambda1 %g", cases[c].lambda1);
		assert_int_equal(sw->n, cases[c].n);
		assert_true(sw->step[0].from == 0);
		assert_int_equal(sw->step[0].macs, TH_MACS_99);
		assert_int_equal(count_at(sw, r.t, 0, 9), 2);
		if (cases[c].big_switches) {
			testlib_assert_close(sw->step[1].from, cases[c].lambda1 * TH_BIG_SLOPE);
			assert_int_equal(sw->step[1].macs, TH_MACS_19);
		}
		if (cases[c].tiny_switches) {
			testlib_assert_close(sw->step[2].from, cases[c].lambda1 * 2174327193.5875);
			assert_int_equal(sw->step[2].macs, TH_MACS_11);
		}
		/* the last step: big at 1 when it switched, tiny at 9 unless */
		assert_int_equal(count_at(sw, r.t, last, 1),
		                 cases[c].big_switches + cases[c].tiny_switches);
		assert_int_equal(count_at(sw, r.t, last, 9),
		                 2 - cases[c].big_switches - cases[c].tiny_switches);
		for (size_t g = 0; g < sw->n; g++)
			assert_true(sw->step[g].from <= LAMBDA3_MAX);
		assert_int_equal(sw->n_late, cases[c].n_late);
		assert_int_equal(sw->n_never, cases[c].n_never);
		assert_int_equal(sw->cheapest_macs, TH_MACS_11);
		check_sweep(&r, &p, plan, what);
		sweep_free(sw);
	}
	plan_free(plan);
	run_close(&r);
	net_free(net);
}

/* The budget solver on the same network never scores past lambda3 = 1e300:
 * a budget met only beyond it, or only by a conv that never switches at a
 * finite lambda3, is refused with its own message; one below the cheapest
 * plan is infeasible, as ever. */
static void test_budget_breakpoint_overflow(void **state)
{
	struct net *net = testlib_load_text(tiny_huge_net);
	struct run r;
	struct plan *plan, *probe;
	struct score_params p = tiny_huge_params(1e299);
	struct diag dg = { 0 };
	double l3;
	int64_t min_macs;
	(void)state;
	run_open(&r, net, CAND_DEFAULT, COST_MACS, NULL);
	plan = run_plan(&r);
	probe = run_plan(&r);

	/* lambda1 = 1e299: big switches at 1.0125e299, tiny never */
	assert_true(solve(&r, &p, plan, TH_MACS_99, "tiny/huge 1e299") == 0);
	l3 = solve(&r, &p, plan, TH_MACS_19, "tiny/huge 1e299");
	testlib_assert_close(l3, 1e299 * TH_BIG_SLOPE);
	check_budget_exact(&r, &p, probe, TH_MACS_19, l3, "tiny/huge 1e299");
	/* between the cheapest plan and the last step: not at any lambda3 in
	 * range, which the message says, naming both */
	const int64_t late[] = { TH_MACS_19 - 1, TH_MACS_11 };
	for (size_t i = 0; i < 2; i++) {
		dg.msg[0] = '\0';
		min_macs = -1;
		assert_int_equal(sweep_budget(r.s, &p, NULL, 0, BUDGET_MACS, late[i], r.w, plan,
		                              &l3, &min_macs, &dg),
		                 BKSEF_EINPUT);
		assert_int_equal(min_macs, TH_MACS_19);
		assert_null(strstr(dg.msg, "internal error"));
		assert_non_null(strstr(dg.msg, "1e300"));
		assert_non_null(strstr(dg.msg, "2147483729"));
		assert_non_null(strstr(dg.msg, "2147483649"));
		assert_non_null(strstr(dg.msg, "1 conv switches to a cheaper kernel only beyond "
		                               "it, 1 at no finite lambda3"));
		assert_null(strchr(dg.msg, '\n'));
	}
	/* below the cheapest plan: infeasible whatever the weights */
	dg.msg[0] = '\0';
	assert_int_equal(sweep_budget(r.s, &p, NULL, 0, BUDGET_MACS, TH_MACS_11 - 1, r.w, plan, &l3,
	                              &min_macs, &dg),
	                 BKSEF_EINPUT);
	assert_int_equal(min_macs, TH_MACS_19);
	assert_non_null(strstr(dg.msg, "the cheapest plan with these candidates and pins needs "
	                               "2147483649 MACs"));

	/* lambda1 = 1e300: big's breakpoint 1.0125e300 is past the range too */
	p = tiny_huge_params(1e300);
	assert_true(solve(&r, &p, plan, TH_MACS_99, "tiny/huge 1e300") == 0);
	dg.msg[0] = '\0';
	assert_int_equal(
	    sweep_budget(r.s, &p, NULL, 0, BUDGET_MACS, TH_MACS_19, r.w, plan, &l3, &min_macs, &dg),
	    BKSEF_EINPUT);
	assert_int_equal(min_macs, TH_MACS_99);
	assert_null(strstr(dg.msg, "internal error"));
	assert_non_null(strstr(dg.msg, "2 convs switch to a cheaper kernel only beyond it, 1 at "
	                               "no finite lambda3"));
	plan_free(plan);
	plan_free(probe);
	run_close(&r);
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sweep_paper_by_hand),
		cmocka_unit_test(test_sweep_step_of),
		cmocka_unit_test(test_sweep_invariants_small),
		cmocka_unit_test(test_sweep_invariants_bundled),
		cmocka_unit_test(test_sweep_pins),
		cmocka_unit_test(test_budget_paper_by_hand),
		cmocka_unit_test(test_budget_pins),
		cmocka_unit_test(test_budget_every_step),
		cmocka_unit_test(test_reduce_resnet18),
		cmocka_unit_test(test_sweep_breakpoint_overflow),
		cmocka_unit_test(test_budget_breakpoint_overflow),
	};
	/* A GSL error is reported by check_bisection, not by an abort. */
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
