/* session.c -- a network under a request: candidate table, scores, plan,
 * baseline, budget and sweep, recomputed as little as a change allows. */
#include <config.h>

#include "session.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "best.h"
#include "export.h"
#include "progress.h"
#include "safe_file.h"

/* What depends on the candidate table, built and replaced together. */
struct tables {
	struct cand_table *table;
	struct score *score;
	struct score_work *work, *work2; /* the run in force, and a spare */
	struct plan *plan, *plan2;       /* the plan in force, and a spare */
	struct plan *base;
};

struct session {
	const struct net *net;
	struct request req;
	struct score_params params; /* in force */
	struct tables tb;
	struct session_budget budget;
	unsigned long change;
	size_t run_rows;
	struct sweep *sweep;
	int sweep_stale;
	struct plan *sweep_plan; /* the sweep's workspace */
};

static void tables_free(struct tables *tb)
{
	plan_free(tb->plan);
	plan_free(tb->plan2);
	plan_free(tb->base);
	score_work_free(tb->work);
	score_work_free(tb->work2);
	score_free(tb->score);
	cand_table_free(tb->table);
	memset(tb, 0, sizeof *tb);
}

/* Build TB for REQ over NET: the candidate table, the scores, the plans.
 * WHAT names the work for the progress sink. */
static int tables_new(const struct net *net, const struct request *req, const char *what,
                      struct tables *tb, struct diag *dg)
{
	struct cand_table_spec spec = {
		req->candidates,   req->params.cost,    req->baseline_k,
		request_pins(req), request_n_pins(req), req->cand_axes.k,
		req->cand_axes.n,  req->source,         req->cand_axes.kind
	};
	int st;

	memset(tb, 0, sizeof *tb);
	progress_phase(what, 0, 2);
	st = cand_table_new(net, &spec, &tb->table, dg);
	if (st != BKSEF_OK)
		return st;
	progress_phase(what, 1, 2);
	st = score_new(tb->table, &tb->score, dg);
	if (st != BKSEF_OK)
		goto fail;
	tb->work = score_work_alloc(tb->score);
	tb->work2 = score_work_alloc(tb->score);
	tb->plan = plan_new(tb->table);
	tb->plan2 = plan_new(tb->table);
	tb->base = plan_new(tb->table);
	if (!tb->work || !tb->work2 || !tb->plan || !tb->plan2 || !tb->base) {
		st = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		goto fail;
	}
	plan_from_base(tb->base);
	plan_update(tb->base);
	return BKSEF_OK;
fail:
	tables_free(tb);
	return st;
}

/* Whether T has an entry for every pin of REQ. */
static int pins_covered(const struct cand_table *t, const struct request *req)
{
	const struct pin *pins = request_pins(req);
	for (size_t q = 0, n = request_n_pins(req); q < n; q++) {
		long c = cand_table_row_of(t, pins[q].layer);
		if (c < 0 || cand_table_find(t, (size_t)c, &pins[q].k) < 0)
			return 0;
	}
	return 1;
}

/* Whether the sweep depends on a difference between A and B: all but
 * lambda3 and the budget. */
static int sweep_differs(const struct request *a, const struct request *b)
{
	struct request x = *a, y = *b;

	x.params.lambda3 = y.params.lambda3 = 0;
	x.budget = y.budget;
	return !request_equal(&x, &y);
}

static int progress(const struct session_progress *pr, const char *what, double done)
{
	return pr != NULL && pr->report != NULL && pr->report(pr->ctx, what, done) != 0;
}

static size_t count_run_rows(const struct net *net)
{
	size_t n = 0;
	for (size_t c = 0; c < net->n_conv; c++) {
		const struct net_layer *l = &net->layers[net->conv[c]];
		if (l->tune && !net_layer_own_candidates(net, l))
			n++;
	}
	return n;
}

/* Solve REQ's budget over TB into its spare workspace and plan: the lambda
 * solver moves lambda3 (W2 holds the run there); the best solver picks the
 * plan, and W2 holds the run at the request's lambda3 (for the scores a plan
 * CSV shows).  *B gets what was found. */
static int solve_budget(struct tables *tb, const struct request *req, struct session_budget *b,
                        struct diag *dg)
{
	const struct budget *rb = &req->budget;
	int st;

	progress_phase("solving the budget", 0, 0);
	b->active = 1;
	b->resource = rb->resource;
	b->solver = rb->solver;
	b->value = parse_budget_value(&rb->text, plan_resource(tb->base, rb->resource));
	if (rb->solver == BUDGET_SOLVER_LAMBDA) {
		st = sweep_budget(tb->score, &req->params, request_pins(req), request_n_pins(req),
		                  rb->resource, b->value, tb->work2, tb->plan2, &b->lambda3,
		                  &b->reachable, dg);
		if (st != BKSEF_OK)
			return st;
		struct score_params at = req->params;
		at.lambda3 = b->lambda3;
		b->gain = best_plan_gain(tb->score, &at, tb->plan2);
	} else {
		struct best_limits lim;
		struct best_result res = { 0 };
		best_limits_default(&lim);
		if (rb->seconds > 0)
			lim.seconds = rb->seconds;
		st = best_solve(tb->score, &req->params, request_pins(req), request_n_pins(req),
		                rb->resource, b->value, &lim, tb->plan2, &res, dg);
		b->reachable = res.reachable;
		if (st != BKSEF_OK)
			return st;
		b->gain = res.gain;
		b->optimal = res.optimal;
		b->bound = res.bound;
		b->gap = res.gap;
		b->multiplier = res.multiplier;
		st = score_run(tb->score, &req->params, tb->work2, dg);
		if (st != BKSEF_OK)
			return st;
	}
	b->used = plan_resource(tb->plan2, rb->resource);
	return BKSEF_OK;
}

int session_apply(struct session *s, const struct request *req, const struct session_progress *pr,
                  struct diag *dg)
{
	struct tables fresh = { 0 }, *tb = &s->tb;
	struct score_params params = req->params;
	struct session_budget budget = { 0 };
	int st, rebuilt = 0;

	st = score_params_check(&req->params, dg);
	if (st != BKSEF_OK)
		return st;
	if (tb->table == NULL || req->candidates != s->req.candidates ||
	    !cand_axes_equal(&req->cand_axes, &s->req.cand_axes) ||
	    req->params.cost != s->req.params.cost || req->baseline_k != s->req.baseline_k ||
	    !pins_covered(tb->table, req)) {
		if (progress(pr, "building the candidate table", -1))
			return diag_set(dg, BKSEF_ECANCELED, 0, "cancelled");
		st = tables_new(s->net, req,
		                tb->table == NULL ? "scoring the network"
		                                  : "scoring the new candidates",
		                &fresh, dg);
		if (st != BKSEF_OK)
			return st;
		tb = &fresh;
		rebuilt = 1;
	}

	/* The new run goes to the spare workspace and plan, so that a failure
	 * leaves the session as it was. */
	if (req->budget.resource != BUDGET_NONE) {
		if (progress(pr, "solving the budget", -1)) {
			st = diag_set(dg, BKSEF_ECANCELED, 0, "cancelled");
			goto fail;
		}
		st = solve_budget(tb, req, &budget, dg);
		if (st != BKSEF_OK)
			goto fail;
		if (budget.solver == BUDGET_SOLVER_LAMBDA)
			params.lambda3 = budget.lambda3;
	} else {
		st = score_run(tb->score, &params, tb->work2, dg);
		if (st != BKSEF_OK)
			goto fail;
		plan_from_score(tb->plan2, tb->score, tb->work2, request_pins(req),
		                request_n_pins(req));
	}
	/* The receptive-field pass only when a kernel changed. */
	int replan = rebuilt || !plan_equal(tb->plan2, tb->plan);
	if (replan)
		plan_update(tb->plan2);

	/* Commit. */
	if (rebuilt || sweep_differs(&s->req, req))
		s->sweep_stale = 1;
	if (rebuilt) {
		tables_free(&s->tb);
		s->tb = fresh;
		plan_free(s->sweep_plan);
		s->sweep_plan = NULL;
	}
	struct score_work *w = s->tb.work;
	s->tb.work = s->tb.work2;
	s->tb.work2 = w;
	if (replan) {
		struct plan *p = s->tb.plan;
		s->tb.plan = s->tb.plan2;
		s->tb.plan2 = p;
	}
	request_copy(&s->req, req);
	s->params = params;
	s->budget = budget;
	s->change++;
	return BKSEF_OK;
fail:
	tables_free(&fresh);
	return st;
}

int session_new(const struct net *net, const struct request *req, struct session **out,
                struct diag *dg)
{
	struct session *s = calloc(1, sizeof *s);
	int st;

	*out = NULL;
	if (s == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	s->net = net;
	request_init(&s->req);
	s->run_rows = count_run_rows(net);
	st = session_apply(s, req, NULL, dg);
	if (st != BKSEF_OK) {
		session_free(s);
		return st;
	}
	*out = s;
	return BKSEF_OK;
}

void session_free(struct session *s)
{
	if (s == NULL)
		return;
	tables_free(&s->tb);
	sweep_free(s->sweep);
	plan_free(s->sweep_plan);
	request_release(&s->req);
	free(s);
}

const struct net *session_net(const struct session *s)
{
	return s->net;
}

const struct request *session_request(const struct session *s)
{
	return &s->req;
}

const struct cand_table *session_table(const struct session *s)
{
	return s->tb.table;
}

const struct score *session_score(const struct session *s)
{
	return s->tb.score;
}

const struct score_work *session_work(const struct session *s)
{
	return s->tb.work;
}

const struct plan *session_plan(const struct session *s)
{
	return s->tb.plan;
}

const struct plan *session_base(const struct session *s)
{
	return s->tb.base;
}

const struct session_budget *session_budget(const struct session *s)
{
	return &s->budget;
}

const struct score_params *session_params(const struct session *s)
{
	return &s->params;
}

unsigned long session_change(const struct session *s)
{
	return s->change;
}

size_t session_run_rows(const struct session *s)
{
	return s->run_rows;
}

const struct sweep *session_sweep(struct session *s, struct diag *dg)
{
	struct sweep *sw;

	if (s->sweep != NULL && !s->sweep_stale)
		return s->sweep;
	if (s->sweep_plan == NULL) {
		s->sweep_plan = plan_new(s->tb.table);
		if (s->sweep_plan == NULL) {
			diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
			return NULL;
		}
	}
	progress_phase("the lambda3 sweep", 0, 0);
	if (sweep_compute(s->tb.score, &s->params, request_pins(&s->req), request_n_pins(&s->req),
	                  s->sweep_plan, &sw, dg) != BKSEF_OK)
		return NULL;
	sweep_free(s->sweep);
	s->sweep = sw;
	s->sweep_stale = 0;
	return s->sweep;
}

const struct sweep *session_sweep_cached(const struct session *s, int *stale)
{
	*stale = s->sweep_stale;
	return s->sweep;
}

int session_write_plan(struct session *s, const char *plan_path, const char *net_path,
                       struct diag *dg)
{
	struct safe_file_out outs[SAFE_FILE_MAX_OUTS];
	size_t n = 0;

	progress_phase(plan_path != NULL ? "writing the plan" : "writing the network", 0, 0);
	if (plan_path != NULL)
		outs[n++] = (struct safe_file_out){ plan_path, export_plan_writer, s };
	if (net_path != NULL)
		outs[n++] = (struct safe_file_out){ net_path, export_network_writer, s };
	return n ? safe_file_write_all(outs, n, dg) : BKSEF_OK;
}

int session_write_sweep(struct session *s, const char *path, struct diag *dg)
{
	struct export_sweep es;

	es.sw = session_sweep(s, dg);
	if (es.sw == NULL)
		return BKSEF_ENOMEM;
	es.table = session_table(s);
	return safe_file_write(path, export_sweep_writer, &es, dg);
}

int session_frontier(struct session *s, int resource, size_t n_budgets, double seconds,
                     struct session_frontier *out, struct diag *dg)
{
	struct best_limits lim;
	struct plan *plan = NULL;
	int st;

	memset(out, 0, sizeof *out);
	out->resource = resource;
	best_limits_default(&lim);
	lim.seconds = seconds * 2 / 3;
	progress_phase("the budget frontier", 0, 0);
	st = best_frontier(s->tb.score, &s->params, request_pins(&s->req), request_n_pins(&s->req),
	                   resource, n_budgets, &lim, &out->fr, dg);
	if (st != BKSEF_OK)
		return st;
	out->rf = malloc((out->fr->n ? out->fr->n : 1) * sizeof *out->rf);
	plan = plan_new(s->tb.table);
	if (out->rf == NULL || plan == NULL) {
		plan_free(plan);
		session_frontier_free(out);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	/* Each point's plan again, to run its receptive-field pass: an equal
	 * share of the third left for each. */
	lim.seconds = seconds / 3 / (double)(out->fr->n ? out->fr->n : 1);
	for (size_t i = 0; i < out->fr->n; i++) {
		const struct best_point *pt = &out->fr->point[i];
		struct best_result res;
		struct diag sub = { 0 };
		out->rf[i] = -1;
		progress_phase("the frontier's receptive fields", i, out->fr->n);
		if (progress_cancelled())
			break;
		if (best_solve(s->tb.score, &s->params, request_pins(&s->req),
		               request_n_pins(&s->req), resource, pt->budget, &lim, plan, &res,
		               &sub) != BKSEF_OK)
			continue;
		if (res.used != pt->resource || plan->macs != pt->macs ||
		    plan->params != pt->params ||
		    !(fabs(res.gain - pt->gain) <= 1e-12 * fabs(pt->gain)))
			continue;
		plan_update(plan);
		out->rf[i] = plan->rf;
	}
	plan_free(plan);
	if (progress_cancelled()) {
		session_frontier_free(out);
		return diag_set(dg, BKSEF_ECANCELED, 0, "cancelled");
	}
	return BKSEF_OK;
}

void session_frontier_free(struct session_frontier *f)
{
	best_frontier_free(f->fr);
	free(f->rf);
	memset(f, 0, sizeof *f);
}

size_t session_layer_kernels(const struct session *s, size_t i, size_t *first)
{
	long c = cand_table_row_of(s->tb.table, i);
	if (c < 0)
		return 0;
	*first = s->tb.table->first[c];
	return cand_table_row_len(s->tb.table, (size_t)c);
}

void session_layer_rf_in(const struct session *s, size_t i, int64_t *rf_in, int64_t *jump_in)
{
	const struct net_layer *l = &s->net->layers[i];
	const uint32_t *from = s->net->from + l->from_first;
	const struct plan *p = s->tb.plan;

	*rf_in = 1;
	*jump_in = 1;
	if (l->op == NET_OP_INPUT || l->from_count == 0)
		return;
	*rf_in = p->rf_layer[from[0]];
	*jump_in = p->jump[from[0]];
	for (uint32_t f = 1; f < l->from_count; f++) {
		if (p->rf_layer[from[f]] > *rf_in)
			*rf_in = p->rf_layer[from[f]];
		if (p->jump[from[f]] > *jump_in)
			*jump_in = p->jump[from[f]];
	}
}
