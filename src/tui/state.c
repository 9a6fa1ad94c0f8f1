/* state.c -- the explorer's model: parameters, rescoring, undo, pins, budget,
 * sweep cache and exports. */
#include <config.h>

#include "tui/state.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "progress.h"

static const char *const slider_names[SLIDER_COUNT] = { "lambda1", "lambda2", "lambda3", "gamma",
	                                                "beta" };

/* Run candidate sets K cycles through (after the one bksef started with). */
static const char *const cand_cycle[] = { "1,3,5,7,9", "3,5,7",   "1,3,5",
	                                  "3,5",       "1,3,5,7", "3,5,7,9,11" };

const char *state_slider_name(int s)
{
	return s >= 0 && s < SLIDER_COUNT ? slider_names[s] : "?";
}

static double *slider_ref(struct score_params *p, int s)
{
	switch (s) {
	case SLIDER_L1:
		return &p->lambda1;
	case SLIDER_L2:
		return &p->lambda2;
	case SLIDER_L3:
		return &p->lambda3;
	case SLIDER_GAMMA:
		return &p->gamma;
	default:
		return &p->beta;
	}
}

double state_slider_get(const struct state *st, int s)
{
	struct score_params p = *session_params(st->session);
	return *slider_ref(&p, s);
}

double state_request_slider(const struct request *r, int s)
{
	struct score_params p = r->params;
	return *slider_ref(&p, s);
}

void state_slider_range(int s, double *lo, double *hi, int *log_scale)
{
	if (s == SLIDER_GAMMA || s == SLIDER_BETA) {
		*lo = 0.01;
		*hi = 100;
		*log_scale = 1;
	} else {
		*lo = 0;
		*hi = 1;
		*log_scale = 0;
	}
}

/* The value range a parameter may take at all. */
static void slider_limits(int s, double *lo, double *hi)
{
	if (s == SLIDER_GAMMA || s == SLIDER_BETA) {
		*lo = SCORE_RATE_MIN;
		*hi = SCORE_RATE_MAX;
	} else {
		*lo = 0;
		*hi = SCORE_LAMBDA_MAX;
	}
}

/* V rounded to a multiple of STEP (a power of ten), exactly as the decimal
 * would parse: 0.35 + 0.01 gives 0.36, not 0.36000000000000004, so that an
 * export equals --batch --lambda3 0.36. */
static double round_to(double v, double step)
{
	if (step < 1) {
		double n = round(1 / step);
		return round(v * n) / n;
	}
	return round(v / step) * step;
}

double state_slider_step(int s, double v, int dir, int coarse)
{
	double lo, hi, step, mag;

	slider_limits(s, &lo, &hi);
	/* The step is a tenth of the decade the value moves in (going down
	 * from 1 moves in [0.1, 1)), at least 0.01 for the weights. */
	mag = fabs(v);
	if (dir < 0)
		mag *= 1 - 1e-9;
	step = mag > 0 ? pow(10, floor(log10(mag)) - 1) : 0.01;
	if (s != SLIDER_GAMMA && s != SLIDER_BETA && step < 0.01)
		step = 0.01;
	double next = v + dir * (coarse ? 10 * step : step);
	if (step <= 1e-290 || step >= 1e290)
		next = dir > 0 ? v * (coarse ? 2.0 : 1.1) : v / (coarse ? 2.0 : 1.1);
	else
		next = round_to(next, step); /* the fine grid: 0.35 + 0.1 is 0.45 */
	if (!(next > lo))
		next = lo;
	if (!(next < hi))
		next = hi;
	return next;
}

void state_free(struct state *st)
{
	if (st == NULL)
		return;
	session_free(st->session);
	for (int h = 0; h < st->hist_len; h++)
		request_release(&st->hist[h]);
	request_release(&st->cur);
	request_release(&st->start);
	session_frontier_free(&st->frontier);
	request_release(&st->frontier_req);
	free(st->sweep_gain);
	request_release(&st->sweep_gain_req);
	free(st);
}

/* Point the views at the session's current objects. */
static void refresh(struct state *st)
{
	st->table = session_table(st->session);
	st->score = session_score(st->session);
	st->work = session_work(st->session);
	st->plan = session_plan(st->session);
	st->base = session_base(st->session);
}

static void history_record(struct state *st, int step_slider)
{
	if (step_slider >= 0 && step_slider == st->last_step && st->hist_pos == st->hist_len - 1) {
		request_copy(&st->hist[st->hist_pos], &st->cur);
		return;
	}
	for (int h = st->hist_pos + 1; h < st->hist_len; h++)
		request_release(&st->hist[h]);
	st->hist_len = st->hist_pos + 1;
	if (st->hist_len == STATE_HISTORY) {
		st->hist_dropped = 1;
		request_release(&st->hist[0]);
		memmove(st->hist, st->hist + 1, (STATE_HISTORY - 1) * sizeof st->hist[0]);
		memset(&st->hist[STATE_HISTORY - 1], 0, sizeof st->hist[0]);
		st->hist_len--;
	}
	request_copy(&st->hist[st->hist_len++], &st->cur);
	st->hist_pos = st->hist_len - 1;
	st->last_step = step_slider;
}

int state_apply(struct state *st, const struct request *req, int record, int step_slider,
                struct diag *dg)
{
	int code = session_apply(st->session, req, NULL, dg);

	if (code != BKSEF_OK)
		return code;
	request_copy(&st->cur, req);
	refresh(st);
	if (record)
		history_record(st, step_slider);
	else
		st->last_step = -1;
	return BKSEF_OK;
}

/* The model for NET under REQ, the first entry of its history, with START
 * what R resets to and the budget prompt's SOLVER, BUDGET_ON and
 * SOLVE_TIME. */
static int state_make(const struct net *net, const struct request *req, const struct request *start,
                      int solver, int budget_on, double solve_time, struct state **out,
                      struct diag *dg)
{
	struct state *st = calloc(1, sizeof *st);
	int code;

	*out = NULL;
	if (st == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	st->net = net;
	st->last_step = -1;
	st->conv = net->conv;
	st->n_conv = net->n_conv;
	st->solver = solver;
	st->budget_on = budget_on;
	st->solve_time = solve_time;
	code = session_new(net, req, &st->session, dg);
	if (code != BKSEF_OK) {
		state_free(st);
		return code;
	}
	request_copy(&st->cur, req);
	request_copy(&st->start, start);
	request_copy(&st->hist[0], req);
	st->hist_len = 1;
	refresh(st);
	*out = st;
	return BKSEF_OK;
}

int state_new(const struct net *net, const struct options *opt, struct state **out, struct diag *dg)
{
	struct request req;
	int code;

	*out = NULL;
	code = options_request(opt, net, &req, dg);
	if (code != BKSEF_OK)
		return code;
	code = state_make(net, &req, &req, opt->solver, opt->budget_on, opt->solve_time, out, dg);
	request_release(&req);
	return code;
}

int state_carry(const struct state *old, const struct net *net, struct state **out,
                struct state_carried *carried, struct diag *dg)
{
	struct request req, start;
	struct request_lost start_lost;
	int code;

	*out = NULL;
	memset(carried, 0, sizeof *carried);
	code = request_carry(&old->cur, old->net, net, &req, &carried->lost, dg);
	if (code != BKSEF_OK)
		return code;
	code = request_carry(&old->start, old->net, net, &start, &start_lost, dg);
	if (code != BKSEF_OK) {
		request_release(&req);
		return code;
	}
	request_lost_free(&start_lost);
	code = state_make(net, &req, &start, old->solver, old->budget_on, old->solve_time, out, dg);
	/* A budget the new network cannot meet (or solve) is left behind;
	 * so is R's, then. */
	if ((code == BKSEF_EINPUT || code == BKSEF_EUSAGE) && req.budget.resource != BUDGET_NONE) {
		carried->budget_dropped = 1;
		carried->budget_why = *dg;
		req.budget.resource = BUDGET_NONE;
		start.budget.resource = BUDGET_NONE;
		code = state_make(net, &req, &start, old->solver, old->budget_on, old->solve_time,
		                  out, dg);
	}
	request_release(&req);
	request_release(&start);
	return code;
}

void state_carried_free(struct state_carried *carried)
{
	request_lost_free(&carried->lost);
}

/* Apply NP, a changed copy of the current request, recording it; NP is
 * released. */
static int apply_new(struct state *st, struct request *np, int step_slider, struct diag *dg)
{
	int code = state_apply(st, np, 1, step_slider, dg);
	request_release(np);
	return code;
}

/* A copy of the current request to change. */
static void cur_copy(const struct state *st, struct request *np)
{
	memset(np, 0, sizeof *np);
	request_copy(np, &st->cur);
}

int state_slider_set(struct state *st, int s, double v, int step, struct diag *dg)
{
	struct request np;
	double lo, hi;

	slider_limits(s, &lo, &hi);
	if (isnan(v))
		return diag_set(dg, BKSEF_EUSAGE, 0, "not a number");
	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	/* A slider leaves a budget: it moves from the parameters in force. */
	cur_copy(st, &np);
	np.params = *session_params(st->session);
	np.budget.resource = BUDGET_NONE;
	*slider_ref(&np.params, s) = v;
	return apply_new(st, &np, step ? s : -1, dg);
}

int state_toggle_scope(struct state *st, struct diag *dg)
{
	struct request np;
	cur_copy(st, &np);
	np.params.scope =
	    np.params.scope == SCORE_SCOPE_NETWORK ? SCORE_SCOPE_LAYER : SCORE_SCOPE_NETWORK;
	return apply_new(st, &np, -1, dg);
}

int state_toggle_cost(struct state *st, struct diag *dg)
{
	struct request np;
	cur_copy(st, &np);
	/* macs -> paper -> the time model the run has (latency with a device,
	 * measured with a table) -> macs */
	switch (np.params.cost) {
	case COST_MACS:
		np.params.cost = COST_PAPER;
		break;
	case COST_PAPER:
		np.params.cost = np.source.device     ? COST_LATENCY
		                 : np.source.measured ? COST_MEASURED
		                                      : COST_MACS;
		break;
	default:
		np.params.cost = COST_MACS;
		break;
	}
	return apply_new(st, &np, -1, dg);
}

static int params_equal(const struct score_params *a, const struct score_params *b)
{
	return a->lambda1 == b->lambda1 && a->lambda2 == b->lambda2 && a->lambda3 == b->lambda3 &&
	       a->gamma == b->gamma && a->beta == b->beta && a->scope == b->scope &&
	       a->cost == b->cost;
}

const char *state_preset(const struct state *st)
{
	struct score_params p;
	for (int i = 0; score_preset_name(i) != NULL; i++)
		if (score_preset(score_preset_name(i), &p) == BKSEF_OK &&
		    params_equal(&p, state_params(st)))
			return score_preset_name(i);
	return NULL;
}

int state_next_preset(struct state *st, const char **name, struct diag *dg)
{
	const char *now = state_preset(st);
	int i = 0;
	struct request np;

	if (now != NULL) {
		while (score_preset_name(i) != NULL && strcmp(score_preset_name(i), now) != 0)
			i++;
		i++;
		if (score_preset_name(i) == NULL)
			i = 0;
	}
	*name = score_preset_name(i);
	cur_copy(st, &np);
	/* A preset sets lambda3, so it leaves a budget, as a slider does. */
	np.budget.resource = BUDGET_NONE;
	(void)score_preset(*name, &np.params);
	return apply_new(st, &np, -1, dg);
}

int state_next_cands(struct state *st, struct diag *dg)
{
	size_t n = sizeof cand_cycle / sizeof cand_cycle[0], at = n;
	struct request np;
	cand_set set;

	for (size_t i = 0; i < n; i++)
		if (cand_parse(cand_cycle[i], &set, NULL) == BKSEF_OK && set == st->cur.candidates)
			at = i;
	/* From a set outside the cycle (given with --candidates), start it. */
	at = at == n ? 0 : (at + 1) % n;
	if (cand_parse(cand_cycle[at], &set, dg) != BKSEF_OK)
		return BKSEF_EUSAGE;
	cur_copy(st, &np);
	np.candidates = set;
	return apply_new(st, &np, -1, dg);
}

int state_toggle_realise(struct state *st, struct diag *dg)
{
	struct request np;
	cur_copy(st, &np);
	np.cand_axes.kind = np.cand_axes.kind == KERNEL_DS ? KERNEL_FULL : KERNEL_DS;
	return apply_new(st, &np, -1, dg);
}

int state_reset(struct state *st, struct diag *dg)
{
	return state_apply(st, &st->start, 1, -1, dg);
}

int state_history_dropped(struct state *st)
{
	int dropped = st->hist_dropped;
	st->hist_dropped = 0;
	return dropped;
}

int state_undo(struct state *st, struct diag *dg)
{
	if (st->hist_pos == 0)
		return 0;
	if (state_apply(st, &st->hist[st->hist_pos - 1], 0, -1, dg) != BKSEF_OK)
		return -1;
	st->hist_pos--;
	return 1;
}

int state_redo(struct state *st, struct diag *dg)
{
	if (st->hist_pos + 1 >= st->hist_len)
		return 0;
	if (state_apply(st, &st->hist[st->hist_pos + 1], 0, -1, dg) != BKSEF_OK)
		return -1;
	st->hist_pos++;
	return 1;
}

int state_pin_of(const struct state *st, size_t i)
{
	const struct pin *p = request_pin_of(&st->cur, i);
	return p ? kernel_max_extent(&p->k) : 0;
}

size_t state_row_pinnable(const struct state *st, size_t c)
{
	size_t i = st->net->conv[c];
	return st->net->layers[i].tune ? st->table->n_scored[c] : cand_table_row_len(st->table, c);
}

int state_kernel_mark_of(const struct state *st, size_t i, const struct kernel *k)
{
	struct diag dg = { 0 };
	return cand_table_check_pin(st->net, i, k, &dg) == BKSEF_OK ? STATE_K_OFF_LIST
	                                                            : STATE_K_SHAPE;
}

/* The index of kernel K in score row R, or -1. */
static long row_index(const struct state *st, size_t r, const struct kernel *k)
{
	long j = cand_table_find(st->table, score_row_conv(st->score, r), k);
	return j >= 0 && (size_t)j < score_row_len(st->score, r) ? j : -1;
}

double state_score_of(const struct state *st, size_t r, const struct kernel *k)
{
	long j = row_index(st, r, k);
	return j < 0 ? NAN : score_value(st->score, st->work, r, (size_t)j);
}

const struct kernel *state_row_kernel(const struct state *st, size_t r, size_t j)
{
	return &st->table->kernel[cand_table_entry(st->table, score_row_conv(st->score, r), j)];
}

long state_column_of(const struct state *st, const struct plan *p, size_t i)
{
	long c = cand_table_row_of(st->table, i);
	if (c < 0)
		return -1;
	uint16_t col = st->table->col[cand_table_entry(st->table, (size_t)c, p->choice[c])];
	return col == CAND_TABLE_NO_COL ? -1 : (long)col;
}

long state_best_column(const struct state *st, size_t r)
{
	int j = score_best(st->work, r);
	if (j < 0)
		return -1;
	size_t e = cand_table_entry(st->table, score_row_conv(st->score, r), (size_t)j);
	return st->table->col[e] == CAND_TABLE_NO_COL ? -1 : (long)st->table->col[e];
}

int64_t state_resource_of(const struct state *st, size_t i, const struct kernel *k, int resource)
{
	long c = cand_table_row_of(st->table, i);
	long j = c < 0 ? -1 : cand_table_find(st->table, (size_t)c, k);
	if (j < 0)
		return -1;
	size_t e = cand_table_entry(st->table, (size_t)c, (size_t)j);
	return cand_table_resource(st->table, resource, e);
}

int state_layer_roofline(const struct state *st, size_t i, struct roofline *r)
{
	const struct kernel *k = plan_layer_kernel(st->plan, i);

	/* a ds kernel is two layers, each its own roofline: no one bound */
	if (state_params(st)->cost != COST_LATENCY || st->net->layers[i].op == NET_OP_INPUT ||
	    (k != NULL && k->kind == KERNEL_DS))
		return 0;
	cost_layer_roofline(st->net, i, st->cur.source.device, plan_layer_macs(st->plan, i),
	                    plan_layer_params(st->plan, i), r);
	return 1;
}

double state_layer_seconds(const struct state *st, size_t i)
{
	const struct cand_table *t = st->table;
	int cost = state_params(st)->cost;
	long c = cand_table_row_of(t, i);
	struct roofline r;

	if (cost == COST_LATENCY) {
		const struct kernel *k = plan_layer_kernel(st->plan, i);
		if (k != NULL && k->kind == KERNEL_DS)
			return cost_ds_seconds(st->net, i, st->cur.source.device, k);
		cost_layer_roofline(st->net, i, st->cur.source.device, plan_layer_macs(st->plan, i),
		                    plan_layer_params(st->plan, i), &r);
		return r.seconds;
	}
	if (cost == COST_MEASURED && c >= 0)
		return t->cost[cand_table_entry(t, (size_t)c, st->plan->choice[c])];
	return NAN;
}

const struct score_params *state_params(const struct state *st)
{
	return session_params(st->session);
}

const struct session_budget *state_budget_solved(const struct state *st)
{
	return session_budget(st->session);
}

int state_lambda3_decides(const struct state *st)
{
	const struct session_budget *b = session_budget(st->session);
	return !(b->active && b->solver == BUDGET_SOLVER_BEST);
}

size_t state_run_rows(const struct state *st)
{
	return session_run_rows(st->session);
}

unsigned long state_change(const struct state *st)
{
	return session_change(st->session);
}

/* Pin conv layer I to K (NULL unpins), undoably. */
static int pin_kernel(struct state *st, size_t i, const struct kernel *k, struct diag *dg)
{
	struct request np;
	int code;

	cur_copy(st, &np);
	code = request_pin(&np, st->net, i, k, dg);
	if (code != BKSEF_OK) {
		request_release(&np);
		return code;
	}
	return apply_new(st, &np, -1, dg);
}

int state_pin(struct state *st, size_t i, int k, struct diag *dg)
{
	struct kernel kn = kernel_square(st->net->rank, k);
	return pin_kernel(st, i, k ? &kn : NULL, dg);
}

int state_pin_cycle(struct state *st, size_t i, int *k, struct diag *dg)
{
	long c = cand_table_row_of(st->table, i);
	const struct pin *now = request_pin_of(&st->cur, i);
	const struct kernel *next = NULL;
	int passed = now == NULL, any = 0;

	if (st->net->layers[i].op != NET_OP_CONV || c < 0)
		return diag_set(dg, BKSEF_EUSAGE, 0, "only convolutions can be pinned");
	for (size_t j = 0, n = state_row_pinnable(st, (size_t)c); j < n && next == NULL; j++) {
		const struct kernel *kn =
		    &st->table->kernel[cand_table_entry(st->table, (size_t)c, j)];
		if (kernel_max_extent(kn) > KERNEL_MAX_EXTENT)
			continue; /* a large loaded kernel: no pin */
		any = 1;
		if (passed)
			next = kn;
		else if (kernel_equal(kn, &now->k))
			passed = 1;
	}
	if (!any)
		return diag_set(dg, BKSEF_EUSAGE, 0, "no kernel keeps this layer's shape");
	*k = next != NULL ? kernel_max_extent(next) : 0;
	return pin_kernel(st, i, next, dg);
}

int state_unpin_all(struct state *st, struct diag *dg)
{
	struct request np;
	cur_copy(st, &np);
	request_unpin_all(&np);
	return apply_new(st, &np, -1, dg);
}

int state_toggle_solver(struct state *st, int64_t *before, int64_t *after, struct diag *dg)
{
	const struct session_budget *b = session_budget(st->session);
	struct request np;
	int code;

	st->solver = st->solver == BUDGET_SOLVER_BEST ? BUDGET_SOLVER_LAMBDA : BUDGET_SOLVER_BEST;
	*before = *after = b->used;
	if (!b->active)
		return BKSEF_OK;
	cur_copy(st, &np);
	np.budget.solver = st->solver;
	code = apply_new(st, &np, -1, dg);
	if (code != BKSEF_OK) {
		/* Nothing changed: the prompt keeps the solver in force. */
		st->solver = st->cur.budget.solver;
		return code;
	}
	*after = session_budget(st->session)->used;
	return BKSEF_OK;
}

/* Whether the frontier computed for A still holds for B: all but lambda3
 * and the budget alike. */
static int frontier_holds(const struct request *a, const struct request *b)
{
	struct request x = *a, y = *b;
	x.params.lambda3 = y.params.lambda3 = 0;
	x.budget = y.budget;
	return request_equal(&x, &y);
}

const struct session_frontier *state_frontier_cached(const struct state *st)
{
	if (st->frontier_ok && st->frontier_resource == st->budget_on &&
	    frontier_holds(&st->frontier_req, &st->cur))
		return &st->frontier;
	return NULL;
}

const struct session_frontier *state_frontier(struct state *st, struct diag *dg)
{
	if (state_frontier_cached(st) != NULL)
		return &st->frontier;
	session_frontier_free(&st->frontier);
	st->frontier_ok = 0;
	/* A second at most: the explorer must stay responsive. */
	if (session_frontier(st->session, st->budget_on, 100, 1.0, &st->frontier, dg) != BKSEF_OK)
		return NULL;
	request_copy(&st->frontier_req, &st->cur);
	st->frontier_resource = st->budget_on;
	st->frontier_ok = 1;
	return &st->frontier;
}

int state_frontier_step(struct state *st, int dir, struct diag *dg)
{
	const struct session_frontier *f = state_frontier(st, dg);
	const struct best_point *to = NULL;
	int64_t now;
	struct request np;

	if (f == NULL)
		return progress_cancelled() ? BKSEF_ECANCELED : BKSEF_ENOMEM;
	now = st->budget_on == BUDGET_PARAMS ? st->plan->params : st->plan->macs;
	for (size_t i = 0; i < f->fr->n; i++) {
		const struct best_point *pt = &f->fr->point[i];
		if (dir < 0 && pt->resource < now)
			to = pt; /* the last below: the next cheaper */
		if (dir > 0 && pt->resource > now) {
			to = pt;
			break;
		}
	}
	if (to == NULL)
		return diag_set(dg, BKSEF_EINPUT, 0, "no %s plan on the frontier",
		                dir < 0 ? "cheaper" : "richer");
	cur_copy(st, &np);
	np.budget.resource = st->budget_on;
	np.budget.solver = BUDGET_SOLVER_BEST;
	np.budget.text.is_percent = 0;
	np.budget.text.percent = 0;
	np.budget.text.amount = to->budget;
	np.budget.seconds = st->solve_time;
	int code = apply_new(st, &np, -1, dg);
	if (code == BKSEF_OK)
		st->solver = BUDGET_SOLVER_BEST; /* a cancelled step changes nothing */
	return code;
}

const double *state_sweep_gains(struct state *st, const struct sweep *sw)
{
	struct score_work *w;
	struct plan *plan;
	struct score_params p = *state_params(st);
	struct diag dg = { 0 };

	if (sw == NULL)
		return NULL;
	/* The sweep, and so its gains, change with all but lambda3 and the
	 * budget. */
	if (st->sweep_gain_ok && st->sweep_gain_n == sw->n &&
	    frontier_holds(&st->sweep_gain_req, &st->cur))
		return st->sweep_gain;
	st->sweep_gain_ok = 0;
	free(st->sweep_gain);
	st->sweep_gain = malloc(sw->n * sizeof *st->sweep_gain);
	w = score_work_alloc(st->score);
	plan = plan_new(st->table);
	if (st->sweep_gain == NULL || w == NULL || plan == NULL) {
		free(st->sweep_gain);
		st->sweep_gain = NULL;
		goto out;
	}
	/* Each step's plan: direct scoring inside its interval. */
	for (size_t g = 0; g < sw->n; g++) {
		p.lambda3 = sweep_step_lambda3(&sw->step[g]);
		(void)score_run(st->score, &p, w, &dg);
		plan_from_score(plan, st->score, w, request_pins(&st->cur),
		                request_n_pins(&st->cur));
		st->sweep_gain[g] = best_plan_gain(st->score, &p, plan);
	}
	request_copy(&st->sweep_gain_req, &st->cur);
	st->sweep_gain_n = sw->n;
	st->sweep_gain_ok = 1;
out:
	score_work_free(w);
	plan_free(plan);
	return st->sweep_gain;
}

int state_budget(struct state *st, const char *text, int64_t *budget, int64_t *min_macs,
                 struct diag *dg)
{
	struct request np;
	int reduce, code;

	while (*text == ' ')
		text++;
	reduce = text[0] == '-';
	cur_copy(st, &np);
	code =
	    request_parse_budget(text + reduce, st->budget_on, st->solver, reduce, &np.budget, dg);
	if (code != BKSEF_OK) {
		request_release(&np);
		return code;
	}
	np.budget.seconds = st->solve_time;
	*budget = parse_budget_value(
	    &np.budget.text, st->budget_on == BUDGET_PARAMS ? st->base->params : st->base->macs);
	code = apply_new(st, &np, -1, dg);
	if (code == BKSEF_EINPUT) {
		/* Unreachable: the sweep's last step is the least reachable. */
		const struct sweep *sw = state_sweep(st);
		if (sw != NULL)
			*min_macs = sw->step[sw->n - 1].macs;
	}
	return code;
}

const struct sweep *state_sweep(struct state *st)
{
	struct diag dg = { 0 };
	return session_sweep(st->session, &dg);
}

const struct sweep *state_sweep_cached(const struct state *st, int *stale)
{
	return session_sweep_cached(st->session, stale);
}

int state_export_plan(struct state *st, const char *path, struct diag *dg)
{
	return session_write_plan(st->session, path, NULL, dg);
}

int state_export_network(struct state *st, const char *path, struct diag *dg)
{
	return session_write_plan(st->session, NULL, path, dg);
}

void state_layer_rf_in(const struct state *st, size_t i, int64_t *rf_in, int64_t *jump_in)
{
	session_layer_rf_in(st->session, i, rf_in, jump_in);
}

/* The starts of SW's steps appended to V (of *N, room for them). */
static void sweep_starts(const struct sweep *sw, double *v, size_t *n)
{
	for (size_t i = 0; i < sw->n; i++)
		v[(*n)++] = sw->step[i].from;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Whether the steps' totals and kernel counts differ (then so do their
 * plans). */
static int steps_differ(const struct sweep *a, const struct sweep_step *sa, const struct sweep *b,
                        const struct sweep_step *sb)
{
	if (sa->macs != sb->macs || sa->params != sb->params || a->n_columns != b->n_columns)
		return 1;
	return memcmp(sa->n_k, sb->n_k, a->n_columns * sizeof *sa->n_k) != 0;
}

/* *N gets the convs whose kernels differ between sessions A and B at
 * LAMBDA3 (their requests RA and RB, rescored there). */
static int differ_at(struct session *a, struct request *ra, struct session *b, struct request *rb,
                     double lambda3, size_t *n, struct diag *dg)
{
	const struct net *net = session_net(a);
	int code;

	*n = 0;
	ra->params.lambda3 = rb->params.lambda3 = lambda3;
	code = session_apply(a, ra, NULL, dg);
	if (code == BKSEF_OK)
		code = session_apply(b, rb, NULL, dg);
	for (size_t c = 0; code == BKSEF_OK && c < net->n_conv; c++)
		*n += (size_t)plan_layer_differs(session_plan(a), session_plan(b), net->conv[c]);
	return code;
}

/* A short decimal in [FROM, TO) at most 0.5% above FROM: FROM rounded up
 * to the fewest digits that land there. */
static double short_inside(double from, double to)
{
	for (int d = 0; d <= 15; d++) {
		double p = pow(10, d), v = ceil(from * p) / p;
		if (v >= from && v < to && v - from <= from * 0.005)
			return v;
	}
	return from;
}

int state_split_lambda3(struct state *st, const struct request *other, double *lambda3,
                        size_t *n_differ, struct diag *dg)
{
	struct request ra, rb;
	struct session *sa = NULL, *sb = NULL;
	const struct sweep *swa, *swb;
	double *cut = NULL;
	size_t n = 0, bound;
	int code = BKSEF_OK;

	*lambda3 = NAN;
	*n_differ = 0;
	memset(&ra, 0, sizeof ra);
	memset(&rb, 0, sizeof rb);
	request_copy(&ra, &st->cur);
	request_copy(&rb, other);
	ra.budget.resource = rb.budget.resource = BUDGET_NONE;
	code = session_new(st->net, &ra, &sa, dg);
	if (code == BKSEF_OK)
		code = session_new(st->net, &rb, &sb, dg);
	swa = code == BKSEF_OK ? session_sweep(sa, dg) : NULL;
	swb = swa != NULL ? session_sweep(sb, dg) : NULL;
	if (code == BKSEF_OK && swb == NULL)
		code = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	if (code == BKSEF_OK && (cut = malloc((swa->n + swb->n + 1) * sizeof *cut)) == NULL)
		code = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	if (code != BKSEF_OK)
		goto out;
	/* The intervals on which both plans hold: the union of the starts. */
	sweep_starts(swa, cut, &n);
	sweep_starts(swb, cut, &n);
	qsort(cut, n, sizeof *cut, cmp_double);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || cut[i] != cut[u - 1])
			cut[u++] = cut[i];
	n = u;
	cut[n] = SCORE_LAMBDA_MAX;
	/* The first interval whose totals differ: its plans differ. */
	for (bound = 0; bound < n; bound++) {
		double mid = cut[bound] + (cut[bound + 1] - cut[bound]) / 2;
		if (steps_differ(swa, &swa->step[sweep_step_of(swa, mid)], swb,
		                 &swb->step[sweep_step_of(swb, mid)]))
			break;
	}
	/* Plans can differ with equal totals: score the intervals before it
	 * (the first STATE_SPLIT_PROBES), then it.  The sweeps go once the
	 * sessions are rescored. */
	for (size_t k = 0; k <= bound && k < n; k++) {
		size_t d;
		if (k == STATE_SPLIT_PROBES)
			k = bound;
		if (k >= n)
			break;
		double from = cut[k], to = cut[k + 1], mid = from + (to - from) / 2;
		code = differ_at(sa, &ra, sb, &rb, mid, &d, dg);
		if (code != BKSEF_OK)
			break;
		if (d == 0)
			continue;
		/* Said as a short decimal, counted there (the middle if that
		 * decimal fell on a tie). */
		*lambda3 = short_inside(from, to);
		code = differ_at(sa, &ra, sb, &rb, *lambda3, n_differ, dg);
		if (code == BKSEF_OK && *n_differ == 0) {
			*lambda3 = mid;
			*n_differ = d;
		}
		break;
	}
out:
	free(cut);
	session_free(sa);
	session_free(sb);
	request_release(&ra);
	request_release(&rb);
	return code;
}
