/* test_model.c -- the explorer's curses-free parts: number formatting (never
 * "nan", never wider than asked), slider steps that land on the decimals a
 * user would type, and the model's rescoring, undo, pins and budget against
 * the core's own functions. */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cand_table.h"
#include "kernel.h"
#include "net.h"
#include "options.h"
#include "plan.h"
#include "request.h"
#include "score.h"
#include "sweep.h"
#include "tui/fmt.h"
#include "tui/state.h"

static void test_fmt_real(void **unused)
{
	char b[32];
	(void)unused;
	assert_string_equal(fmt_real(b, sizeof b, NAN, 5, 2), "?");
	assert_string_equal(fmt_real(b, sizeof b, INFINITY, 5, 2), "+ovf");
	assert_string_equal(fmt_real(b, sizeof b, -INFINITY, 5, 2), "-ovf");
	/* 0.4569 to 2 decimals. */
	assert_string_equal(fmt_real(b, sizeof b, 0.4569, 5, 2), "0.46");
	/* -1.608e-4 would show as "-0.00": the exponent form, rounded to fit
	 * 5 columns, is -2e-4. */
	assert_string_equal(fmt_real(b, sizeof b, -1.608e-4, 5, 2), "-2e-4");
	/* 1e300 has 301 digits; its compact exponent form fits 5. */
	assert_string_equal(fmt_real(b, sizeof b, 1e300, 5, 2), "1e300");
	/* -1e300 needs 6 columns: in 5 it is marked, not cut. */
	assert_string_equal(fmt_real(b, sizeof b, -1e300, 5, 2), "#####");
	assert_string_equal(fmt_real(b, sizeof b, -1e300, 6, 2), "-1e300");
	assert_string_equal(fmt_real(b, sizeof b, -0.0, 5, 2), "0.00");
	/* 123456.7 in 6 columns loses its decimals: 123457. */
	assert_string_equal(fmt_real(b, sizeof b, 123456.7, 6, 2), "123457");
	/* 0.4 in one column fits in no form. */
	assert_string_equal(fmt_real(b, sizeof b, 0.4, 1, 3), "#");
}

static void test_fmt_count(void **unused)
{
	char b[32];
	(void)unused;
	assert_string_equal(fmt_count(b, sizeof b, 999), "999");
	assert_string_equal(fmt_count(b, sizeof b, 1000), "1.000k");
	/* 152,766,976 = 152.766976 M, four digits. */
	assert_string_equal(fmt_count(b, sizeof b, 152766976), "152.8M");
	/* 999,960 is 999.96k, which rounds up into the next unit. */
	assert_string_equal(fmt_count(b, sizeof b, 999960), "1.000M");
	assert_string_equal(fmt_count(b, sizeof b, -1814073344), "-1.814G");
	/* 2^63 - 1 = 9.223... E; its negative twin has one more unit. */
	assert_string_equal(fmt_count(b, sizeof b, INT64_MAX), "9.223E");
	assert_string_equal(fmt_count(b, sizeof b, INT64_MIN), "-9.223E");
	assert_string_equal(fmt_int(b, sizeof b, 152766976), "152,766,976");
	assert_string_equal(fmt_int(b, sizeof b, -1234), "-1,234");
	assert_string_equal(fmt_int(b, sizeof b, 0), "0");
	assert_string_equal(fmt_int(b, sizeof b, INT64_MIN), "-9,223,372,036,854,775,808");
	assert_string_equal(fmt_pct(b, sizeof b, 345.6), "+345.6%");
	assert_string_equal(fmt_pct(b, sizeof b, -42.8), "-42.8%");
	assert_string_equal(fmt_pct(b, sizeof b, 0), "0%");
	/* A 1x1 conv at 63x63 grows by 3969x: +396800%. */
	assert_string_equal(fmt_pct(b, sizeof b, 396800), "+396800%");
	assert_string_equal(fmt_pct(b, sizeof b, 1e8), "+>1e7%");
	assert_string_equal(fmt_pct(b, sizeof b, NAN), "?%");
	/* Parameters: four significant digits, compact exponents. */
	assert_string_equal(fmt_param(b, sizeof b, 0.1, 8), "0.1");
	assert_string_equal(fmt_param(b, sizeof b, 1.0 / 3, 8), "0.3333");
	assert_string_equal(fmt_param(b, sizeof b, 1e-300, 8), "1e-300");
	/* The shortest text that reads back as the same double: the lambda
	 * solver's 2.8963623163791765 needs all 17 digits (its 16-digit
	 * form, 2.896362316379177, is another double); 0.1 needs one; 1/3
	 * sixteen; 1e300 its compact exponent. */
	assert_string_equal(fmt_shortest(b, sizeof b, 2.8963623163791765), "2.8963623163791765");
	assert_true(strtod("2.896362316379177", NULL) != 2.8963623163791765);
	assert_string_equal(fmt_shortest(b, sizeof b, 0.1), "0.1");
	assert_string_equal(fmt_shortest(b, sizeof b, 1.0 / 3), "0.3333333333333333");
	assert_string_equal(fmt_shortest(b, sizeof b, 1e300), "1e300");
	assert_string_equal(fmt_shortest(b, sizeof b, 0.7965122653727564), "0.7965122653727564");
	/* fmt_param's four digits: 2.896 is not the solver's lambda3. */
	assert_string_equal(fmt_param(b, sizeof b, 2.8963623163791765, 10), "2.896");
	assert_false(fmt_exact(b, 2.8963623163791765));
	assert_true(fmt_exact("0.45", 0.45));
}

/* One format per column: fitted to the largest magnitude, the sign kept. */
static void test_fmt_col(void **unused)
{
	char b[32];
	struct fmt_col f;
	(void)unused;
	/* Scores up to 0.8961 with negatives, 5 columns, 2 decimals: as they
	 * are; -1.608e-4 keeps its sign: -0.00 (not "-2e-4"). */
	f = fmt_col_fit(0.8961, 1, 5, 2);
	assert_int_equal(f.decimals, 2);
	assert_int_equal(f.exp, 0);
	assert_string_equal(fmt_col_value(b, sizeof b, -1.608e-4, &f, 5), "-0.00");
	assert_string_equal(fmt_col_value(b, sizeof b, -0.0, &f, 5), "0.00");
	assert_string_equal(fmt_col_value(b, sizeof b, 0.8961, &f, 5), "0.90");
	/* -12.5 in 5 columns: one decimal for the whole column. */
	f = fmt_col_fit(12.5, 1, 5, 2);
	assert_int_equal(f.decimals, 1);
	assert_string_equal(fmt_col_value(b, sizeof b, 0.25, &f, 5), "0.2");
	/* 1.961e300 fits no fixed form: scaled by 1e300, two decimals in 5
	 * columns (-1.544e298 becomes -0.02). */
	f = fmt_col_fit(1.961e300, 1, 5, 2);
	assert_int_equal(f.exp, 300);
	assert_int_equal(f.decimals, 2);
	assert_string_equal(fmt_col_value(b, sizeof b, 1.961e300, &f, 5), "1.96");
	assert_string_equal(fmt_col_value(b, sizeof b, -1.544e298, &f, 5), "-0.02");
	/* 9.996e300 rounds to 10.00 at 1e300, five columns: in four, one
	 * decimal fewer (10.0). */
	f = fmt_col_fit(9.996e300, 0, 4, 2);
	assert_int_equal(f.exp, 300);
	assert_int_equal(f.decimals, 1);
	assert_string_equal(fmt_col_value(b, sizeof b, 9.996e300, &f, 4), "10.0");
	/* A value the format was not fitted to is marked, never cut. */
	assert_string_equal(fmt_col_value(b, sizeof b, -3e301, &f, 4), "####");
}

/* Each step must give exactly the double the decimal parses to, so that an
 * export equals `bksef --batch --lambda3 0.36`. */
static void test_steps(void **unused)
{
	(void)unused;
	assert_true(state_slider_step(SLIDER_L3, 0.35, 1, 0) == strtod("0.36", NULL));
	assert_true(state_slider_step(SLIDER_L3, 0.1, -1, 0) == strtod("0.09", NULL));
	assert_true(state_slider_step(SLIDER_L3, 0.1, 1, 0) == strtod("0.11", NULL));
	assert_true(state_slider_step(SLIDER_L3, 0.99, 1, 0) == 1.0);
	assert_true(state_slider_step(SLIDER_L3, 1.0, 1, 0) == strtod("1.1", NULL));
	assert_true(state_slider_step(SLIDER_L3, 1.0, -1, 0) == strtod("0.99", NULL));
	/* Coarse: ten fine steps. */
	assert_true(state_slider_step(SLIDER_L1, 0.35, 1, 1) == strtod("0.45", NULL));
	/* Bounds: 0 for a weight, 1e300 at the top. */
	assert_true(state_slider_step(SLIDER_L2, 0.0, -1, 0) == 0.0);
	assert_true(state_slider_step(SLIDER_L2, 1e300, 1, 0) == 1e300);
	/* Rates: the step shrinks with the value and never reaches 0. */
	assert_true(state_slider_step(SLIDER_GAMMA, 0.01, -1, 0) == strtod("0.0099", NULL));
	assert_true(state_slider_step(SLIDER_BETA, 1e-300, -1, 0) == 1e-300);
	assert_true(state_slider_step(SLIDER_BETA, 1e-300, 1, 0) > 1e-300);
	assert_true(state_slider_step(SLIDER_GAMMA, 1e-300, 1, 0) < 1e-299);
}

/* The bundled CIFAR-10 network of the paper: six tunable 3x3 convs,
 * candidates {3,5,7} in stages 1-2 and {1,3,5} in stage 3. */
static struct net *load_cifar(void)
{
	struct net *net = NULL;
	struct diag dg = { 0 };
	assert_int_equal(
	    net_load_file(BKSEF_SRCDATADIR "/paper-cifar10-cnn.csv", "cifar", &net, &dg), BKSEF_OK);
	return net;
}

static void default_options(struct options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->candidates = CAND_DEFAULT;
	opt->budget_on = BUDGET_MACS;
	opt->solver = BUDGET_SOLVER_BEST;
	score_params_default(&opt->params);
}

/* A candidate table, score table and workspace built by the core from
 * scratch for REQ's candidates, cost model, baseline and pins, scored with
 * REQ's parameters; PLAN gets the plan. */
struct fresh {
	struct cand_table *t;
	struct score *s;
	struct score_work *w;
	struct plan *plan;
};

static void fresh_open(struct fresh *f, const struct net *net, const struct request *req)
{
	struct cand_table_spec spec = {
		req->candidates,   req->params.cost,    req->baseline_k,
		request_pins(req), request_n_pins(req), req->cand_axes.k,
		req->cand_axes.n,  req->source,         req->cand_axes.kind
	};
	struct diag dg = { 0 };

	memset(f, 0, sizeof *f);
	assert_int_equal(cand_table_new(net, &spec, &f->t, &dg), BKSEF_OK);
	assert_int_equal(score_new(f->t, &f->s, &dg), BKSEF_OK);
	f->w = score_work_alloc(f->s);
	assert_non_null(f->w);
	f->plan = plan_new(f->t);
	assert_non_null(f->plan);
}

static void fresh_close(struct fresh *f)
{
	plan_free(f->plan);
	score_work_free(f->w);
	score_free(f->s);
	cand_table_free(f->t);
}

/* The model's plan (updated incrementally) against a plan built from
 * scratch by the core for the same parameters and pins: the request's
 * candidates, baseline and pins, and the parameters in force (lambda3 the
 * solver's while a budget is). */
static void assert_plan_fresh(const struct state *st)
{
	struct fresh f;
	struct diag dg = { 0 };

	fresh_open(&f, st->net, &st->cur);
	assert_int_equal(score_run(f.s, state_params(st), f.w, &dg), BKSEF_OK);
	plan_from_score(f.plan, f.s, f.w, request_pins(&st->cur), request_n_pins(&st->cur));
	plan_update(f.plan);
	for (size_t i = 0; i < st->net->n_layers; i++) {
		const struct kernel *a = plan_layer_kernel(f.plan, i);
		const struct kernel *b = plan_layer_kernel(st->plan, i);
		assert_int_equal(f.plan->extent[i], st->plan->extent[i]);
		assert_true(a == NULL ? b == NULL : b != NULL && kernel_equal(a, b));
	}
	assert_int_equal(f.plan->macs, st->plan->macs);
	assert_int_equal(f.plan->params, st->plan->params);
	assert_int_equal(f.plan->rf, st->plan->rf);
	fresh_close(&f);
}

static void test_rescore(void **unused)
{
	struct net *net = load_cifar();
	struct options opt;
	struct state *st = NULL;
	struct diag dg = { 0 };
	(void)unused;

	default_options(&opt);
	assert_int_equal(state_new(net, &opt, &st, &dg), BKSEF_OK);
	assert_plan_fresh(st);
	/* A hundred lambda3 steps, each checked: ninety of 0.01 to 1.0, then
	 * ten of 0.1 to 2.0. */
	for (int i = 0; i < 100; i++) {
		double v = state_slider_step(SLIDER_L3, state_slider_get(st, SLIDER_L3), 1, 0);
		assert_int_equal(state_slider_set(st, SLIDER_L3, v, 1, &dg), BKSEF_OK);
		assert_plan_fresh(st);
	}
	assert_true(state_slider_get(st, SLIDER_L3) == 2.0);
	/* Scope, cost, candidates: the table is rebuilt or renormalised. */
	assert_int_equal(state_toggle_scope(st, &dg), BKSEF_OK);
	assert_plan_fresh(st);
	assert_int_equal(state_toggle_cost(st, &dg), BKSEF_OK);
	assert_plan_fresh(st);
	assert_int_equal(state_next_cands(st, &dg), BKSEF_OK);
	assert_plan_fresh(st);
	/* A gamma of 1e-300 and a beta of 1e300 still give a plan. */
	assert_int_equal(state_slider_set(st, SLIDER_GAMMA, 1e-300, 0, &dg), BKSEF_OK);
	assert_int_equal(state_slider_set(st, SLIDER_BETA, 1e300, 0, &dg), BKSEF_OK);
	assert_plan_fresh(st);
	/* Out of range: clamped to the bounds, not refused. */
	assert_int_equal(state_slider_set(st, SLIDER_L1, -3.5, 0, &dg), BKSEF_OK);
	assert_true(state_slider_get(st, SLIDER_L1) == 0.0);
	state_free(st);
	net_free(net);
}

static void test_undo(void **unused)
{
	struct net *net = load_cifar();
	struct options opt;
	struct state *st = NULL;
	struct diag dg = { 0 };
	(void)unused;

	default_options(&opt);
	assert_int_equal(state_new(net, &opt, &st, &dg), BKSEF_OK);
	/* Three steps of lambda3 (0.1 -> 0.13) are one undo entry; a gamma
	 * step (0.35 -> 0.36) another. */
	for (int i = 0; i < 3; i++)
		assert_int_equal(
		    state_slider_set(
		        st, SLIDER_L3,
		        state_slider_step(SLIDER_L3, state_slider_get(st, SLIDER_L3), 1, 0), 1,
		        &dg),
		    BKSEF_OK);
	assert_int_equal(state_slider_set(st, SLIDER_GAMMA, 0.36, 1, &dg), BKSEF_OK);
	assert_int_equal(state_undo(st, &dg), 1);
	assert_true(state_slider_get(st, SLIDER_GAMMA) == 0.35);
	assert_true(state_slider_get(st, SLIDER_L3) == strtod("0.13", NULL));
	assert_int_equal(state_undo(st, &dg), 1);
	assert_true(state_slider_get(st, SLIDER_L3) == 0.1);
	assert_int_equal(state_undo(st, &dg), 0);
	assert_int_equal(state_redo(st, &dg), 1);
	assert_true(state_slider_get(st, SLIDER_L3) == strtod("0.13", NULL));
	assert_plan_fresh(st);
	/* Reset is itself undoable. */
	assert_int_equal(state_reset(st, &dg), BKSEF_OK);
	assert_true(state_slider_get(st, SLIDER_L3) == 0.1);
	assert_int_equal(state_undo(st, &dg), 1);
	assert_true(state_slider_get(st, SLIDER_L3) == strtod("0.13", NULL));
	state_free(st);
	net_free(net);
}

/* The undo history keeps STATE_HISTORY entries: the start and 511 scope
 * toggles fill it (none merges: only steps of one slider do); the 512th
 * toggle drops the start, says so once, and 511 undos then reach the
 * oldest kept entry, the first toggle's (scope layer), not the start. */
static void test_undo_cap(void **unused)
{
	struct net *net = load_cifar();
	struct options opt;
	struct state *st = NULL;
	struct diag dg = { 0 };
	(void)unused;

	default_options(&opt);
	assert_int_equal(state_new(net, &opt, &st, &dg), BKSEF_OK);
	for (int i = 0; i < STATE_HISTORY - 1; i++) {
		assert_int_equal(state_toggle_scope(st, &dg), BKSEF_OK);
		assert_int_equal(state_history_dropped(st), 0);
	}
	assert_int_equal(state_toggle_scope(st, &dg), BKSEF_OK);
	assert_int_equal(state_history_dropped(st), 1);
	assert_int_equal(state_history_dropped(st), 0); /* said once */
	/* 512 toggles from network: network again, after 511 undos layer. */
	assert_int_equal(state_params(st)->scope, SCORE_SCOPE_NETWORK);
	for (int i = 0; i < STATE_HISTORY - 1; i++)
		assert_int_equal(state_undo(st, &dg), 1);
	assert_int_equal(state_undo(st, &dg), 0);
	assert_int_equal(state_params(st)->scope, SCORE_SCOPE_LAYER);
	assert_plan_fresh(st);
	state_free(st);
	net_free(net);
}

static void test_pins_budget(void **unused)
{
	struct net *net = load_cifar();
	struct options opt;
	struct state *st = NULL;
	struct diag dg = { 0 };
	int64_t budget, min_macs;
	int k;
	(void)unused;

	default_options(&opt);
	opt.solver = BUDGET_SOLVER_LAMBDA; /* the budgets below are the lambda solver's */
	assert_int_equal(state_new(net, &opt, &st, &dg), BKSEF_OK);
	/* stage1.1.conv allows 3, 5, 7: the cycle is 3, 5, 7, unpinned. */
	long i = net_find_layer(net, "stage1.1.conv");
	assert_true(i > 0);
	int want[] = { 3, 5, 7, 0 };
	for (int n = 0; n < 4; n++) {
		assert_int_equal(state_pin_cycle(st, (size_t)i, &k, &dg), BKSEF_OK);
		assert_int_equal(k, want[n]);
		assert_int_equal(state_pin_of(st, (size_t)i), want[n]);
		assert_plan_fresh(st);
	}
	/* Every conv pinned to 3 is the network as loaded: the file's
	 * expected MACs, 152,766,976. */
	for (size_t c = 0; c < st->n_conv; c++)
		assert_int_equal(state_pin(st, st->conv[c], 3, &dg), BKSEF_OK);
	assert_int_equal(st->plan->macs, 152766976);
	assert_int_equal(request_n_pins(&st->cur), st->n_conv);
	assert_int_equal(state_unpin_all(st, &dg), BKSEF_OK);
	assert_int_equal(request_n_pins(&st->cur), 0);
	for (size_t c = 0; c < st->n_conv; c++)
		assert_int_equal(state_pin_of(st, st->conv[c]), 0);

	/* A budget: the plan meets it, and lambda3 is the solver's. */
	assert_int_equal(state_budget(st, "350M", &budget, &min_macs, &dg), BKSEF_OK);
	assert_int_equal(budget, 350000000);
	assert_true(st->plan->macs <= 350000000);
	{
		struct request req;
		struct fresh f;
		double l3;
		int64_t mm;
		request_init(&req);
		fresh_open(&f, net, &req);
		assert_int_equal(sweep_budget(f.s, &req.params, NULL, 0, BUDGET_MACS, 350000000,
		                              f.w, f.plan, &l3, &mm, &dg),
		                 BKSEF_OK);
		assert_true(l3 == state_slider_get(st, SLIDER_L3));
		fresh_close(&f);
		request_release(&req);
	}
	/* "-30%": a reduction, 70% of the baseline's 152,766,976, rounded
	 * down: 106,936,883. */
	assert_int_equal(state_budget(st, "-30%", &budget, &min_macs, &dg), BKSEF_OK);
	assert_int_equal(budget, 106936883);
	/* 1M cannot be met: the least is stages 1-2 at 3x3 and stage 3 at
	 * 1x1: 9 x (196,608 + 4,194,304 + 2,097,152 + 4,194,304) + 1 x
	 * (2,097,152 + 4,194,304) + 2,560 (the fc) = 102,435,328 MACs. */
	double l3 = state_slider_get(st, SLIDER_L3);
	assert_int_equal(state_budget(st, "1M", &budget, &min_macs, &dg), BKSEF_EINPUT);
	assert_int_equal(min_macs, 102435328);
	assert_true(state_slider_get(st, SLIDER_L3) == l3);
	assert_plan_fresh(st);
	assert_int_equal(state_budget(st, "lots", &budget, &min_macs, &dg), BKSEF_EUSAGE);
	state_free(st);
	net_free(net);
}

/* Another network (o, r): a new history carrying the request over.  To a
 * copy of the same file everything carries and the budget is solved again
 * to the same plan: bksef --plan --solver lambda --budget 350M --pin
 * stage1.1.conv=5 paper-cifar10-cnn gives lambda3 0.7965122653727564 and
 * 294,849,024 MACs.  From lenet5 with a 500k budget (its cheapest plan is
 * 416,520 MACs) to the cifar network (cheapest 102,435,328): the budget
 * cannot be met and is dropped, the pin on c3 has no layer to go to, the
 * parameters carry. */
static void test_carry(void **unused)
{
	struct net *a = load_cifar(), *b = load_cifar(), *lenet = NULL;
	struct options opt;
	struct state *st = NULL, *st2 = NULL;
	struct state_carried carried;
	struct diag dg = { 0 };
	int64_t budget, min_macs;
	(void)unused;

	default_options(&opt);
	opt.solver = BUDGET_SOLVER_LAMBDA;
	assert_int_equal(state_new(a, &opt, &st, &dg), BKSEF_OK);
	long i = net_find_layer(a, "stage1.1.conv");
	assert_int_equal(state_pin(st, (size_t)i, 5, &dg), BKSEF_OK);
	assert_int_equal(state_budget(st, "350M", &budget, &min_macs, &dg), BKSEF_OK);
	assert_int_equal(state_carry(st, b, &st2, &carried, &dg), BKSEF_OK);
	assert_ptr_equal(st2->net, b);
	assert_int_equal(st2->hist_len, 1);
	assert_int_equal(st2->hist_pos, 0);
	assert_int_equal(carried.lost.n_pins, 0);
	assert_int_equal(carried.budget_dropped, 0);
	assert_int_equal(state_pin_of(st2, (size_t)i), 5);
	assert_true(state_budget_solved(st2)->active);
	assert_true(state_slider_get(st2, SLIDER_L3) == 0.7965122653727564);
	assert_int_equal(st2->plan->macs, 294849024);
	assert_int_equal(state_undo(st2, &dg), 0); /* a new history */
	state_carried_free(&carried);
	state_free(st2);
	state_free(st);

	assert_int_equal(net_load_file(BKSEF_SRCDATADIR "/lenet5.csv", "lenet5", &lenet, &dg),
	                 BKSEF_OK);
	assert_int_equal(state_new(lenet, &opt, &st, &dg), BKSEF_OK);
	assert_int_equal(state_slider_set(st, SLIDER_L1, 0.3, 0, &dg), BKSEF_OK);
	assert_int_equal(state_pin(st, (size_t)net_find_layer(lenet, "c3"), 5, &dg), BKSEF_OK);
	assert_int_equal(state_budget(st, "500k", &budget, &min_macs, &dg), BKSEF_OK);
	assert_int_equal(state_carry(st, b, &st2, &carried, &dg), BKSEF_OK);
	assert_int_equal(carried.lost.n_pins, 1);
	assert_string_equal(carried.lost.pin[0].layer, "c3");
	assert_int_equal(carried.lost.pin[0].why, REQUEST_LOST_NO_LAYER);
	assert_int_equal(carried.budget_dropped, 1);
	assert_non_null(strstr(carried.budget_why.msg, "cannot be met"));
	assert_false(state_budget_solved(st2)->active);
	assert_true(state_slider_get(st2, SLIDER_L1) == 0.3);
	assert_int_equal(request_n_pins(&st2->cur), 0);
	/* R goes back to lenet's start, carried: no budget either */
	assert_int_equal(state_reset(st2, &dg), BKSEF_OK);
	assert_true(state_slider_get(st2, SLIDER_L1) == 0.45);
	state_carried_free(&carried);
	state_free(st2);
	state_free(st);
	net_free(lenet);
	net_free(a);
	net_free(b);
}

/* Format 2: per-axis kernels in the explorer's model, on the bundled
 * inception_v3.  Mixed_6b.branch7x7_2.conv is a 1x7 conv (pad 0x3) whose own
 * candidates are 1x1 1x3 1x5 1x7 (data/inception_v3.csv, line 85). */
static void test_axes(void **unused)
{
	struct net *net = NULL;
	struct options opt;
	struct state *st = NULL;
	struct diag dg = { 0 };
	char tok[KERNEL_TOKEN_MAX], all[200] = "";
	struct kernel k;
	(void)unused;

	assert_int_equal(
	    net_load_file(BKSEF_SRCDATADIR "/inception_v3.csv", "inception_v3", &net, &dg),
	    BKSEF_OK);
	default_options(&opt);
	assert_int_equal(state_new(net, &opt, &st, &dg), BKSEF_OK);
	/* The score columns: the run's 1 3 5 7 9 and the per-axis kernels of
	 * the file, in increasing geometric-mean size (sqrt 3 < sqrt 5 < sqrt 7
	 * < 3), as the plan CSV's score_k columns. */
	for (size_t j = 0; j < st->table->n_columns; j++) {
		strcat(all, j ? "," : "");
		strcat(all, kernel_format(&st->table->col_kernel[j], tok, sizeof tok));
	}
	assert_string_equal(all, "1,1x3,3x1,1x5,5x1,1x7,7x1,3,5,7,9");
	long i = net_find_layer(net, "Mixed_6b.branch7x7_2.conv");
	assert_true(i > 0);
	long r = score_find_row(st->score, (size_t)i);
	assert_true(r >= 0);
	all[0] = '\0';
	for (size_t j = 0; j < score_row_len(st->score, (size_t)r); j++) {
		strcat(all, j ? "," : "");
		strcat(all, kernel_format(state_row_kernel(st, (size_t)r, j), tok, sizeof tok));
	}
	assert_string_equal(all, "1,1x3,1x5,1x7");
	/* Its scores are the plan CSV's (bksef --batch inception_v3:
	 * score_k1x3 0.19064938597578251, score_k1x7 0.37073735522726875); 7x1
	 * and 3 are no candidates of it, and keep its shape (pad 3x0, 1x1:
	 * 0 + (7-1)/2 and 3 + (1-7)/2; 0 + (3-1)/2 and 3 + (3-7)/2). */
	assert_int_equal(kernel_parse("1x3", 2, &k, &dg), BKSEF_OK);
	assert_true(fabs(state_score_of(st, (size_t)r, &k) - 0.19064938597578251) < 1e-12);
	assert_int_equal(kernel_parse("1x7", 2, &k, &dg), BKSEF_OK);
	assert_true(fabs(state_score_of(st, (size_t)r, &k) - 0.37073735522726875) < 1e-12);
	/* k* is 1x7, the sixth column, the plan's too. */
	assert_int_equal(state_best_column(st, (size_t)r), 5);
	assert_int_equal(state_column_of(st, st->plan, (size_t)i), 5);
	assert_int_equal(kernel_parse("7x1", 2, &k, &dg), BKSEF_OK);
	assert_true(isnan(state_score_of(st, (size_t)r, &k)));
	assert_int_equal(state_kernel_mark_of(st, (size_t)i, &k), STATE_K_OFF_LIST);
	k = kernel_square(2, 3);
	assert_int_equal(state_kernel_mark_of(st, (size_t)i, &k), STATE_K_OFF_LIST);
	/* A 4x1 would need a pad of 1.5 on the height: it changes the shape. */
	assert_int_equal(kernel_parse("4x1", 2, &k, &dg), BKSEF_OK);
	assert_int_equal(state_kernel_mark_of(st, (size_t)i, &k), STATE_K_SHAPE);
	/* Pins cycle through its candidates, per-axis ones too, then none. */
	const char *want[] = { "1", "1x3", "1x5", "1x7", NULL };
	int want_k[] = { 1, 3, 5, 7, 0 };
	for (int n = 0; n < 5; n++) {
		int got;
		assert_int_equal(state_pin_cycle(st, (size_t)i, &got, &dg), BKSEF_OK);
		assert_int_equal(got, want_k[n]);
		const struct pin *p = request_pin_of(&st->cur, (size_t)i);
		if (want[n] == NULL) {
			assert_null(p);
			continue;
		}
		assert_non_null(p);
		assert_string_equal(kernel_format(&p->k, tok, sizeof tok), want[n]);
		assert_string_equal(
		    kernel_format(plan_layer_kernel(st->plan, (size_t)i), tok, sizeof tok),
		    want[n]);
		assert_plan_fresh(st);
	}
	state_free(st);
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_real),    cmocka_unit_test(test_fmt_count),
		cmocka_unit_test(test_steps),       cmocka_unit_test(test_rescore),
		cmocka_unit_test(test_undo),        cmocka_unit_test(test_undo_cap),
		cmocka_unit_test(test_pins_budget), cmocka_unit_test(test_fmt_col),
		cmocka_unit_test(test_axes),        cmocka_unit_test(test_carry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
