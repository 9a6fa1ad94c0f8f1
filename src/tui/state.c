/* state.c -- the explorer's model: parameters, rescoring, undo, pins, budget,
 * sweep cache and exports. */
#include <config.h>

#include "tui/state.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "parse.h"
#include "safe_file.h"

/* The parameters' allowed ranges (score_params_check's). */
#define LAMBDA_MAX 1e300
#define RATE_MIN 1e-300
#define RATE_MAX 1e300

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
	struct score_params p = st->cur.p;
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
		*lo = RATE_MIN;
		*hi = RATE_MAX;
	} else {
		*lo = 0;
		*hi = LAMBDA_MAX;
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
	score_free(st->score);
	plan_free(st->plan);
	plan_free(st->base);
	plan_free(st->scratch);
	sweep_free(st->sweep);
	free(st->conv);
	free(st);
}

/* Rows of the current table that take their candidates from the run's set. */
static size_t count_run_rows(const struct state *st)
{
	size_t n = 0;
	for (size_t i = 0; i < st->net->n_layers; i++) {
		const struct net_layer *l = &st->net->layers[i];
		if (l->op == NET_OP_CONV && l->tune && l->candidates == 0)
			n++;
	}
	return n;
}

/* The plan's kernels from the scores, touching only the tunable rows (the
 * rest cannot change when only the scores did): pins win, k* else.
 * Returns whether any kernel changed. */
static int replan_rows(struct state *st)
{
	const struct score *s = st->score;
	struct plan *p = st->plan;
	int changed = 0;

	for (size_t r = 0, n = score_rows(s); r < n; r++) {
		size_t i = score_row_layer(s, r);
		int k = p->pin[i] ? p->pin[i] : score_best(s, r);
		if (k == 0)
			k = st->net->layers[i].k;
		if (p->kernel[i] != k) {
			p->kernel[i] = k;
			changed = 1;
		}
	}
	return changed;
}

/* Score, replan.  The table is rebuilt only when CANDS or COST changed; the
 * totals and receptive fields are recomputed only when a kernel changed. */
static int rescore(struct state *st, const struct state_params *np, struct diag *dg)
{
	struct score *s = st->score;
	int code = score_params_check(&np->p, dg);

	if (code != BKSEF_OK)
		return code;
	if (s == NULL || np->cands != st->cur.cands || np->p.cost != st->cur.p.cost) {
		code = score_new(st->net, np->cands, np->p.cost, &s, dg);
		if (code != BKSEF_OK)
			return code;
		score_free(st->score);
		st->score = s;
		/* Cannot fail: the parameters were checked above. */
		(void)score_run(s, &np->p, NULL);
		plan_from_score(st->plan, s);
		plan_update(st->plan);
	} else {
		(void)score_run(s, &np->p, NULL);
		if (replan_rows(st))
			plan_update(st->plan);
	}
	st->change++;
	return BKSEF_OK;
}

/* Whether A and B differ in anything the sweep depends on (all but l3). */
static int sweep_differs(const struct state_params *a, const struct state_params *b)
{
	return a->cands != b->cands || a->p.lambda1 != b->p.lambda1 ||
	       a->p.lambda2 != b->p.lambda2 || a->p.gamma != b->p.gamma || a->p.beta != b->p.beta ||
	       a->p.scope != b->p.scope || a->p.cost != b->p.cost;
}

/* The sweep no longer matches; it is kept for drawing until replaced. */
static void drop_sweep(struct state *st)
{
	st->sweep_stale = 1;
}

static void history_record(struct state *st, int step_slider)
{
	if (step_slider >= 0 && step_slider == st->last_step && st->hist_pos == st->hist_len - 1) {
		st->hist[st->hist_pos] = st->cur;
		return;
	}
	st->hist_len = st->hist_pos + 1;
	if (st->hist_len == STATE_HISTORY) {
		memmove(st->hist, st->hist + 1, (STATE_HISTORY - 1) * sizeof st->hist[0]);
		st->hist_len--;
	}
	st->hist[st->hist_len++] = st->cur;
	st->hist_pos = st->hist_len - 1;
	st->last_step = step_slider;
}

int state_apply(struct state *st, const struct state_params *np, int record, int step_slider,
                struct diag *dg)
{
	struct state_params next = *np;
	int differs = sweep_differs(&st->cur, &next);
	int code = rescore(st, &next, dg);

	if (code != BKSEF_OK)
		return code;
	if (differs)
		drop_sweep(st);
	st->cur = next;
	if (record)
		history_record(st, step_slider);
	else
		st->last_step = -1;
	return BKSEF_OK;
}

int state_new(const struct net *net, const struct options *opt, struct state **out, struct diag *dg)
{
	struct state *st = calloc(1, sizeof *st);
	int code = BKSEF_ENOMEM;

	*out = NULL;
	if (st == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	st->net = net;
	st->last_step = -1;
	st->baseline_k = opt->baseline_k;
	st->cur.p = opt->params;
	st->cur.cands = opt->candidates;
	st->plan = plan_new(net);
	st->base = plan_new(net);
	st->scratch = plan_new(net);
	st->conv = malloc((net->n_conv ? net->n_conv : 1) * sizeof *st->conv);
	if (!st->plan || !st->base || !st->scratch || !st->conv)
		goto fail_nomem;
	for (size_t i = 0; i < net->n_layers; i++)
		if (net->layers[i].op == NET_OP_CONV)
			st->conv[st->n_conv++] = i;
	code = score_new(net, st->cur.cands, st->cur.p.cost, &st->score, dg);
	if (code != BKSEF_OK)
		goto fail;
	for (int i = 0; i < opt->n_pins; i++) {
		code = plan_pin_text(st->plan, opt->pins[i], dg);
		if (code != BKSEF_OK) {
			char why[sizeof dg->msg];
			snprintf(why, sizeof why, "%s", dg->msg);
			diag_set(dg, code, 0, "--pin %s: %s", opt->pins[i], why);
			goto fail;
		}
	}
	if (opt->baseline_k)
		plan_uniform(st->base, opt->baseline_k);
	else
		plan_from_net(st->base, 0);
	plan_update(st->base);
	if (opt->budget != NULL) {
		int64_t budget, min_macs;
		code =
		    parse_budget(opt->budget, st->base->macs, opt->budget_is_reduce, &budget, dg);
		if (code != BKSEF_OK) {
			char why[sizeof dg->msg];
			snprintf(why, sizeof why, "%s", dg->msg);
			diag_set(dg, code, 0, "--%s: %s",
			         opt->budget_is_reduce ? "reduce" : "budget", why);
			goto fail;
		}
		memcpy(st->scratch->pin, st->plan->pin, net->n_layers * sizeof *st->plan->pin);
		st->scratch->n_pins = st->plan->n_pins;
		code = sweep_budget(st->score, &st->cur.p, st->scratch, budget, &st->cur.p.lambda3,
		                    &min_macs, dg);
		if (code != BKSEF_OK)
			goto fail;
	}
	code = score_run(st->score, &st->cur.p, dg);
	if (code != BKSEF_OK)
		goto fail;
	plan_from_score(st->plan, st->score);
	plan_update(st->plan);
	st->start = st->cur;
	st->hist[0] = st->cur;
	st->hist_len = 1;
	st->n_run_rows = count_run_rows(st);
	*out = st;
	return BKSEF_OK;

fail_nomem:
	code = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
fail:
	state_free(st);
	return code;
}

int state_slider_set(struct state *st, int s, double v, int step, struct diag *dg)
{
	struct state_params np = st->cur;
	double lo, hi;

	slider_limits(s, &lo, &hi);
	if (isnan(v))
		return diag_set(dg, BKSEF_EUSAGE, 0, "not a number");
	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	*slider_ref(&np.p, s) = v;
	return state_apply(st, &np, 1, step ? s : -1, dg);
}

int state_toggle_scope(struct state *st, struct diag *dg)
{
	struct state_params np = st->cur;
	np.p.scope = np.p.scope == SCORE_SCOPE_NETWORK ? SCORE_SCOPE_LAYER : SCORE_SCOPE_NETWORK;
	return state_apply(st, &np, 1, -1, dg);
}

int state_toggle_cost(struct state *st, struct diag *dg)
{
	struct state_params np = st->cur;
	np.p.cost = np.p.cost == SCORE_COST_MACS ? SCORE_COST_PAPER : SCORE_COST_MACS;
	return state_apply(st, &np, 1, -1, dg);
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
		    params_equal(&p, &st->cur.p))
			return score_preset_name(i);
	return NULL;
}

int state_next_preset(struct state *st, const char **name, struct diag *dg)
{
	const char *now = state_preset(st);
	int i = 0;
	struct state_params np = st->cur;

	if (now != NULL) {
		while (score_preset_name(i) != NULL && strcmp(score_preset_name(i), now) != 0)
			i++;
		i++;
		if (score_preset_name(i) == NULL)
			i = 0;
	}
	*name = score_preset_name(i);
	(void)score_preset(*name, &np.p);
	return state_apply(st, &np, 1, -1, dg);
}

int state_next_cands(struct state *st, struct diag *dg)
{
	size_t n = sizeof cand_cycle / sizeof cand_cycle[0], at = n;
	struct state_params np = st->cur;
	cand_set set;

	for (size_t i = 0; i < n; i++)
		if (cand_parse(cand_cycle[i], &set, NULL) == BKSEF_OK && set == st->cur.cands)
			at = i;
	/* From a set outside the cycle (given with --candidates), start it. */
	at = at == n ? 0 : (at + 1) % n;
	if (cand_parse(cand_cycle[at], &np.cands, dg) != BKSEF_OK)
		return BKSEF_EUSAGE;
	return state_apply(st, &np, 1, -1, dg);
}

int state_reset(struct state *st, struct diag *dg)
{
	return state_apply(st, &st->start, 1, -1, dg);
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

cand_set state_layer_kernels(const struct state *st, size_t i)
{
	const struct net_layer *l = &st->net->layers[i];
	long r = score_find_row(st->score, i);
	cand_set set = 0, want;
	int64_t pad;

	if (r >= 0)
		return score_row_allowed(st->score, (size_t)r);
	if (l->op != NET_OP_CONV)
		return 0;
	want = (l->candidates ? l->candidates : st->cur.cands);
	if (l->k >= 1 && l->k <= CAND_MAX)
		want |= (cand_set)1 << l->k;
	for (int k = cand_next(want, 0); k != 0; k = cand_next(want, k))
		if (net_pad_for_kernel(st->net, i, k, &pad))
			set |= (cand_set)1 << k;
	return set;
}

/* Pins changed: replan with the current scores, drop the sweep. */
static void pins_changed(struct state *st)
{
	plan_from_score(st->plan, st->score);
	plan_update(st->plan);
	drop_sweep(st);
	st->change++;
}

int state_pin(struct state *st, size_t i, int k, struct diag *dg)
{
	int code = plan_pin(st->plan, i, k, dg);
	if (code == BKSEF_OK)
		pins_changed(st);
	return code;
}

int state_pin_cycle(struct state *st, size_t i, int *k, struct diag *dg)
{
	cand_set set = state_layer_kernels(st, i);
	int next;

	if (st->net->layers[i].op != NET_OP_CONV)
		return diag_set(dg, BKSEF_EUSAGE, 0, "only convolutions can be pinned");
	if (set == 0)
		return diag_set(dg, BKSEF_EUSAGE, 0, "no kernel keeps this layer's shape");
	next = cand_next(set, st->plan->pin[i]);
	*k = next;
	return state_pin(st, i, next, dg);
}

void state_unpin_all(struct state *st)
{
	plan_unpin_all(st->plan);
	pins_changed(st);
}

int state_budget(struct state *st, const char *text, int64_t *budget, int64_t *min_macs,
                 struct diag *dg)
{
	double l3;
	int reduce, code;

	while (*text == ' ')
		text++;
	reduce = text[0] == '-';
	code = parse_budget(text + reduce, st->base->macs, reduce, budget, dg);
	if (code != BKSEF_OK)
		return code;
	memcpy(st->scratch->pin, st->plan->pin, st->net->n_layers * sizeof *st->plan->pin);
	st->scratch->n_pins = st->plan->n_pins;
	code = sweep_budget(st->score, &st->cur.p, st->scratch, *budget, &l3, min_macs, dg);
	if (code != BKSEF_OK) {
		/* The solver may have left the table scored elsewhere. */
		(void)score_run(st->score, &st->cur.p, NULL);
		return code;
	}
	struct state_params np = st->cur;
	np.p.lambda3 = l3;
	return state_apply(st, &np, 1, -1, dg);
}

const struct sweep *state_sweep(struct state *st)
{
	struct diag dg = { 0 };

	struct sweep *sw;

	if (st->sweep != NULL && !st->sweep_stale)
		return st->sweep;
	memcpy(st->scratch->pin, st->plan->pin, st->net->n_layers * sizeof *st->plan->pin);
	st->scratch->n_pins = st->plan->n_pins;
	if (sweep_compute(st->score, &st->cur.p, st->scratch, &sw, &dg) != BKSEF_OK)
		sw = NULL;
	sweep_free(st->sweep);
	st->sweep = sw;
	st->sweep_stale = 0;
	return st->sweep;
}

const struct sweep *state_sweep_cached(const struct state *st, int *stale)
{
	*stale = st->sweep_stale;
	return st->sweep;
}

int state_export_plan(struct state *st, const char *path, struct diag *dg)
{
	struct export_plan ep = { st->net, st->score, &st->cur.p, st->plan, st->cur.cands };
	return safe_file_write(path, export_plan_writer, &ep, dg);
}

int state_export_network(struct state *st, const char *path, struct diag *dg)
{
	struct export_plan ep = { st->net, st->score, &st->cur.p, st->plan, st->cur.cands };
	return safe_file_write(path, export_network_writer, &ep, dg);
}

void state_layer_rf_in(const struct state *st, size_t i, int64_t *rf_in, int64_t *jump_in)
{
	const struct net_layer *l = &st->net->layers[i];
	const uint32_t *from = st->net->from + l->from_first;

	*rf_in = 1;
	*jump_in = 1;
	if (l->op == NET_OP_INPUT || l->from_count == 0)
		return;
	*rf_in = st->plan->rf_layer[from[0]];
	*jump_in = st->plan->jump[from[0]];
	for (uint32_t f = 1; f < l->from_count; f++) {
		if (st->plan->rf_layer[from[f]] > *rf_in)
			*rf_in = st->plan->rf_layer[from[f]];
		if (st->plan->jump[from[f]] > *jump_in)
			*jump_in = st->plan->jump[from[f]];
	}
}
