/* sweep.c -- the plan as an exact step function of lambda3, and the budget
 * solver.  Each row's score lines S(k) = a_k - l3*c_k have an upper envelope;
 * its breakpoints, merged over all rows, are where the plan changes. */
#include <config.h>

#include "sweep.h"
#include "rf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

struct event {
	double lambda;
	uint32_t layer;
	uint8_t from_k, to_k;
};

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->lambda != y->lambda)
		return x->lambda < y->lambda ? -1 : 1;
	return x->layer < y->layer ? -1 : x->layer > y->layer;
}

/* The breakpoints of one row's envelope, appended to EV.  Returns the kernel
 * chosen at lambda3 = 0. */
static int row_events(int n, const int *k, const double *a, const double *c, uint32_t layer,
                      struct event *ev, size_t *n_ev)
{
	int cur = 0;
	double at = 0;

	/* At 0 the score is a_k alone; ties to the smaller kernel (first). */
	for (int e = 1; e < n; e++)
		if (a[e] > a[cur])
			cur = e;
	int start = k[cur];
	for (;;) {
		int next = -1;
		double best = INFINITY;
		for (int e = 0; e < n; e++) {
			if (!(c[e] < c[cur]))
				continue;
			double x = (a[cur] - a[e]) / (c[cur] - c[e]);
			if (x < at)
				x = at; /* rounding: it cannot cross before the current point */
			if (x < best || (x == best && k[e] < k[next])) {
				best = x;
				next = e;
			}
		}
		if (next < 0 || !isfinite(best))
			break;
		if (best <= 0) {
			/* A tie at 0 already goes to the cheaper kernel. */
			start = k[next];
			cur = next;
			continue;
		}
		ev[*n_ev] = (struct event){ best, layer, (uint8_t)k[cur], (uint8_t)k[next] };
		(*n_ev)++;
		cur = next;
		at = best;
	}
	return start;
}

/* The sweep's working state: events grouped by lambda, a kernel cursor. */
struct walk {
	const struct net *net;
	struct plan *plan;
	struct event *ev;
	size_t n_ev;
	size_t *group; /* group g spans ev[group[g] .. group[g + 1]) */
	size_t n_group;
	size_t at; /* the plan's kernels reflect groups [0, at) applied */
};

static void walk_to(struct walk *w, size_t g)
{
	while (w->at < g) {
		for (size_t e = w->group[w->at]; e < w->group[w->at + 1]; e++)
			w->plan->kernel[w->ev[e].layer] = w->ev[e].to_k;
		w->at++;
	}
	while (w->at > g) {
		w->at--;
		for (size_t e = w->group[w->at + 1]; e-- > w->group[w->at];)
			w->plan->kernel[w->ev[e].layer] = w->ev[e].from_k;
	}
}

/* Largest receptive field of step G's plan. */
static int64_t walk_rf(struct walk *w, size_t g)
{
	int64_t rf = 0;
	walk_to(w, g + 1);
	(void)rf_compute(w->net, w->plan->kernel, w->plan->rf_layer, w->plan->jump, NULL, &rf,
	                 NULL);
	return rf;
}

/* Receptive field of steps LO..HI (inclusive), knowing it at both ends.  It
 * never grows with lambda3, so equal ends mean equal all through. */
static void fill_rf(struct walk *w, struct sweep_step *st, size_t lo, size_t hi)
{
	if (hi <= lo + 1)
		return;
	if (st[lo].rf == st[hi].rf) {
		for (size_t i = lo + 1; i < hi; i++)
			st[i].rf = st[lo].rf;
		return;
	}
	size_t mid = lo + (hi - lo) / 2;
	st[mid].rf = walk_rf(w, mid);
	fill_rf(w, st, lo, mid);
	fill_rf(w, st, mid, hi);
}

/* Build the events and the steps; WITH_RF also fills receptive fields. */
static int sweep_build(const struct score *s, const struct score_params *p, struct plan *plan,
                       int with_rf, struct sweep **out, struct diag *dg)
{
	const struct net *net = plan->net;
	size_t rows = score_rows(s), cap = 0, n_ev = 0;
	struct sweep *sw = NULL;
	struct walk w = { .net = net, .plan = plan };
	int st = BKSEF_ENOMEM;

	*out = NULL;
	for (size_t r = 0; r < rows; r++)
		cap += (size_t)cand_count(score_row_allowed(s, r));
	w.ev = malloc((cap ? cap : 1) * sizeof *w.ev);
	if (w.ev == NULL)
		goto fail;

	/* The plan at lambda3 = 0, and every later change. */
	plan_from_net(plan, 0);
	for (size_t r = 0; r < rows; r++) {
		int k[CAND_MAX + 1], n;
		double a[CAND_MAX + 1], c[CAND_MAX + 1];
		size_t layer = score_row_layer(s, r);
		n = score_row_lines(s, r, p, k, a, c);
		if (n == 0 || plan->pin[layer] != 0)
			continue;
		plan->kernel[layer] = row_events(n, k, a, c, (uint32_t)layer, w.ev, &n_ev);
	}
	for (size_t i = 0; i < net->n_layers; i++)
		if (plan->pin[i])
			plan->kernel[i] = plan->pin[i];
	qsort(w.ev, n_ev, sizeof *w.ev, cmp_event);
	w.n_ev = n_ev;

	/* Step 0 is the plan at lambda3 = 0 (no events); step g > 0 holds the
	 * events at the g-th distinct lambda3: ev[group[g] .. group[g + 1]). */
	w.group = malloc((n_ev + 2) * sizeof *w.group);
	if (w.group == NULL)
		goto fail;
	w.n_group = 1;
	w.group[0] = w.group[1] = 0;
	for (size_t e = 0; e < n_ev; e++) {
		if (e == 0 || w.ev[e].lambda != w.ev[e - 1].lambda) {
			w.n_group++;
			w.group[w.n_group] = w.group[w.n_group - 1];
		}
		w.group[w.n_group]++;
	}
	w.at = 1;

	sw = calloc(1, sizeof *sw);
	if (sw == NULL)
		goto fail;
	sw->n = w.n_group;
	sw->step = calloc(sw->n, sizeof *sw->step);
	if (sw->step == NULL)
		goto fail;

	/* Totals move by each event's difference; counts likewise. */
	plan_update(plan);
	int64_t macs = plan->macs, params = plan->params;
	double ksum = 0;
	uint32_t count[CAND_MAX + 1] = { 0 };
	for (size_t r = 0; r < rows; r++) {
		int k = plan->kernel[score_row_layer(s, r)];
		ksum += k;
		if (k <= CAND_MAX)
			count[k]++;
	}
	for (size_t g = 0; g < sw->n; g++) {
		struct sweep_step *stp = &sw->step[g];
		for (size_t e = w.group[g]; e < w.group[g + 1]; e++) {
			const struct net_layer *l = &net->layers[w.ev[e].layer];
			macs += net_layer_macs_at(l, w.ev[e].to_k) -
			        net_layer_macs_at(l, w.ev[e].from_k);
			params += net_layer_params_at(l, w.ev[e].to_k) -
			          net_layer_params_at(l, w.ev[e].from_k);
			ksum += (double)w.ev[e].to_k - w.ev[e].from_k;
			count[w.ev[e].from_k]--;
			count[w.ev[e].to_k]++;
		}
		stp->from = g == 0 ? 0.0 : w.ev[w.group[g]].lambda;
		stp->to = g + 1 < sw->n ? w.ev[w.group[g + 1]].lambda : INFINITY;
		stp->macs = macs;
		stp->params = params;
		stp->mean_k = rows ? ksum / (double)rows : 0;
		memcpy(stp->n_k, count, sizeof count);
	}
	if (with_rf) {
		size_t last = sw->n - 1;
		sw->step[0].rf = walk_rf(&w, 0);
		sw->step[last].rf = walk_rf(&w, last);
		fill_rf(&w, sw->step, 0, last);
	}
	st = BKSEF_OK;
	*out = sw;
	sw = NULL;
fail:
	free(w.ev);
	free(w.group);
	sweep_free(sw);
	if (st != BKSEF_OK)
		diag_set(dg, st, 0, "out of memory");
	return st;
}

int sweep_compute(const struct score *s, const struct score_params *p, struct plan *plan,
                  struct sweep **out, struct diag *dg)
{
	return sweep_build(s, p, plan, 1, out, dg);
}

void sweep_free(struct sweep *sw)
{
	if (sw == NULL)
		return;
	free(sw->step);
	free(sw);
}

/* MACs of the plan scored directly at lambda3 = X: what the solver probes. */
struct probe {
	struct score *s;
	struct score_params p;
	struct plan *plan;
	int64_t budget;
};

static int64_t probe_macs(struct probe *pr, double x)
{
	pr->p.lambda3 = x;
	(void)score_run(pr->s, &pr->p, NULL);
	plan_from_score(pr->plan, pr->s);
	plan_update_totals(pr->plan);
	return pr->plan->macs;
}

/* Positive above the budget, negative within it: a step function whose one
 * sign change is the breakpoint sought. */
static double probe_f(double x, void *ctx)
{
	struct probe *pr = ctx;
	return (double)(probe_macs(pr, x) - pr->budget) - 0.5;
}

/* Non-negative doubles are ordered like their bit patterns. */
static uint64_t double_bits(double x)
{
	uint64_t u;
	memcpy(&u, &x, sizeof u);
	return u;
}

static double bits_double(uint64_t u)
{
	double x;
	memcpy(&x, &u, sizeof x);
	return x;
}

/* The smallest double in (MISS, MEET] at which direct scoring meets the
 * budget, where 0 <= MISS < MEET, MISS misses it and MEET meets it.  The
 * answer is nearly always within a few ulps of MEET: gallop down from it,
 * then bisect the last bracket; either way the double just below the answer
 * has been seen to miss. */
static double snap_down(struct probe *pr, double miss, double meet)
{
	uint64_t lo = double_bits(miss), hi = double_bits(meet);

	for (uint64_t step = 1; step < hi - lo; step *= 2) {
		if (probe_macs(pr, bits_double(hi - step)) > pr->budget) {
			lo = hi - step;
			break;
		}
		hi -= step;
	}
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (probe_macs(pr, bits_double(mid)) <= pr->budget)
			hi = mid;
		else
			lo = mid;
	}
	return bits_double(hi);
}

/* GSL's bisection on the step function; the root lies within [*LO, *HI]. */
static int bisect(struct probe *pr, double *lo, double *hi)
{
	gsl_function f = { probe_f, pr };
	gsl_root_fsolver *solver = gsl_root_fsolver_alloc(gsl_root_fsolver_bisection);
	int status, iter = 0;

	if (solver == NULL)
		return GSL_ENOMEM;
	status = gsl_root_fsolver_set(solver, &f, *lo, *hi);
	while (status == GSL_SUCCESS && iter++ < 200) {
		status = gsl_root_fsolver_iterate(solver);
		if (status != GSL_SUCCESS)
			break;
		*lo = gsl_root_fsolver_x_lower(solver);
		*hi = gsl_root_fsolver_x_upper(solver);
		status = gsl_root_test_interval(*lo, *hi, 0, 1e-12);
		if (status == GSL_SUCCESS)
			break;
		status = status == GSL_CONTINUE ? GSL_SUCCESS : status;
	}
	gsl_root_fsolver_free(solver);
	return status;
}

int sweep_budget(struct score *s, const struct score_params *p, struct plan *plan, int64_t budget,
                 double *lambda3, int64_t *min_macs, struct diag *dg)
{
	struct sweep *sw;
	int st = sweep_build(s, p, plan, 0, &sw, dg);
	if (st != BKSEF_OK)
		return st;

	/* MACs never grow with lambda3: the first step within budget. */
	size_t lo = 0, hi = sw->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sw->step[mid].macs <= budget)
			hi = mid;
		else
			lo = mid + 1;
	}
	*min_macs = sw->step[sw->n - 1].macs;
	if (lo == sw->n) {
		sweep_free(sw);
		return diag_set(dg, BKSEF_EINPUT, 0,
		                "budget of %lld MACs cannot be met: the cheapest plan with these "
		                "candidates and pins needs %lld MACs",
		                (long long)budget, (long long)*min_macs);
	}
	double x = sw->step[lo].from;
	double before = lo > 0 ? sw->step[lo - 1].from : 0.0;
	sweep_free(sw);

	struct probe pr = { s, *p, plan, budget };
	/* Rounding in a breakpoint can leave the tie a hair unresolved: step up
	 * to the first double at which direct scoring agrees.  Each probe is a
	 * full rescore, so none is repeated. */
	int64_t at_x = probe_macs(&pr, x);
	for (int i = 0; i < 64 && at_x > budget; i++) {
		x = nextafter(x, INFINITY);
		at_x = probe_macs(&pr, x);
	}
	if (at_x > budget)
		return diag_set(dg, BKSEF_EINPUT, 0,
		                "internal error: breakpoint %.17g does not "
		                "meet the budget",
		                x);
	double miss = before;
	if (x > 0) {
		/* ... or resolve it a hair early: come down to the smallest double
		 * that meets the budget, from a point known to miss it (the
		 * previous breakpoint, else 0). */
		int missed = probe_macs(&pr, miss) > budget;
		if (!missed && miss > 0) {
			miss = 0;
			missed = probe_macs(&pr, miss) > budget;
		}
		x = missed ? snap_down(&pr, miss, x) : 0;
	}
	if (x > 0) {
		/* Cross-check with GSL: from MISS, known to miss, the bracket
		 * must close on x. */
		double blo = miss, bhi = x;
		int bst = bisect(&pr, &blo, &bhi);
		if (bst == GSL_ENOMEM)
			return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		if (bst == GSL_SUCCESS && !(bhi >= x * (1 - 1e-9) && blo <= x))
			return diag_set(dg, BKSEF_EINPUT, 0,
			                "internal error: the solver's breakpoint [%.17g, %.17g] "
			                "disagrees with the sweep's %.17g",
			                blo, bhi, x);
	}
	*lambda3 = x;
	pr.p.lambda3 = x;
	(void)score_run(s, &pr.p, NULL);
	return BKSEF_OK;
}
