/* sweep.c -- the plan as an exact step function of lambda3, and the budget
 * solver.  Each row's score lines S(k) = a_k - l3*c_k have an upper envelope;
 * its breakpoints, merged over all rows, are where the plan changes. */
#include <config.h>

#include "sweep.h"
#include "progress.h"
#include "rf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct event {
	double lambda;
	uint32_t conv; /* the candidate-table row that changes */
	uint8_t from_j, to_j;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* How one row's envelope ends within lambda3's range. */
struct row_end {
	int j;     /* the kernel in the last step */
	int limit; /* the kernel lambda3 tends to without bound (the cheapest) */
	int never; /* j leaves for a cheaper kernel at no finite double */
};

/* The breakpoints of one row's envelope of lines S(j) = A[j] - l3*C[j]
 * (j = 0 .. N-1, kernels in increasing size) up to SCORE_LAMBDA_MAX,
 * appended to EV; *END says where the row stops.  Returns the kernel index
 * chosen at lambda3 = 0. */
static int row_events(int n, const double *a, const double *c, uint32_t conv, struct event *ev,
                      size_t *n_ev, struct row_end *end)
{
	int cur = 0;
	double at = 0;

	/* At 0 the score is a_j alone; ties to the smaller kernel (first). */
	for (int e = 1; e < n; e++)
		if (a[e] > a[cur])
			cur = e;
	int start = cur;
	for (;;) {
		int next = -1;
		double best = 0;
		for (int e = 0; e < n; e++) {
			if (!(c[e] < c[cur]))
				continue;
			/* +inf when the crossing lies past the largest double */
			double x = (a[cur] - a[e]) / (c[cur] - c[e]);
			if (x < at)
				x = at; /* rounding: it cannot cross before the current point */
			/* Kernels are in increasing size: ties go to the smaller. */
			if (next < 0 || x < best || (x == best && e < next)) {
				best = x;
				next = e;
			}
		}
		if (next < 0 || !(best <= SCORE_LAMBDA_MAX)) {
			/* Direct scoring in range keeps cur; the row would end, in
			 * exact arithmetic, on its cheapest line (the larger gain
			 * among equal costs). */
			int last = cur;
			for (int e = 0; next >= 0 && e < n; e++)
				if (c[e] < c[last] || (c[e] == c[last] && a[e] > a[last]))
					last = e;
			*end = (struct row_end){ cur, last, next >= 0 && isinf(best) };
			break;
		}
		if (best <= 0) {
			/* A tie at 0 already goes to the cheaper kernel. */
			start = next;
			cur = next;
			continue;
		}
		ev[*n_ev] = (struct event){ best, conv, (uint8_t)cur, (uint8_t)next };
		(*n_ev)++;
		cur = next;
		at = best;
	}
	return start;
}

/* The sweep's working state: events grouped by lambda, a kernel cursor. */
struct walk {
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
			plan_set(w->plan, w->ev[e].conv, w->ev[e].to_j);
		w->at++;
	}
	while (w->at > g) {
		w->at--;
		for (size_t e = w->group[w->at + 1]; e-- > w->group[w->at];)
			plan_set(w->plan, w->ev[e].conv, w->ev[e].from_j);
	}
}

/* Largest receptive field of step G's plan. */
static int64_t walk_rf(struct walk *w, size_t g)
{
	walk_to(w, g + 1);
	plan_update(w->plan);
	return w->plan->rf;
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

/* Mark in PINNED (one byte per conv) the convs PINS hold. */
static uint8_t *pinned_convs(const struct cand_table *t, const struct pin *pins, size_t n_pins)
{
	uint8_t *pinned = calloc(t->n_conv ? t->n_conv : 1, 1);
	if (pinned == NULL)
		return NULL;
	for (size_t q = 0; q < n_pins; q++) {
		long c = cand_table_row_of(t, pins[q].layer);
		if (c >= 0)
			pinned[c] = 1;
	}
	return pinned;
}

/* The envelopes of a score table's row classes (rows of one class have the
 * same lines, score_classes): class K's events are ev[first[K] ..
 * first[K + 1]) (their conv unset), its kernel at lambda3 = 0 start[K], its
 * end end[K]; rank[E] is event E's place among the distinct breakpoints
 * lambda[0 .. n_lambda) of the classes that USED marks. */
struct envelopes {
	struct event *ev;
	size_t *first, *rank;
	int *start;
	struct row_end *end;
	double *lambda;
	size_t n_lambda;
};

static void envelopes_free(struct envelopes *en)
{
	free(en->ev);
	free(en->first);
	free(en->rank);
	free(en->start);
	free(en->end);
	free(en->lambda);
}

/* Each class's envelope under P (USED[K]: some row of class K is not
 * pinned; the others are skipped).  BKSEF_OK, BKSEF_ENOMEM or
 * BKSEF_ECANCELED. */
static int envelopes_new(const struct score *s, const struct score_params *p, const uint8_t *used,
                         struct envelopes *en)
{
	size_t nk = score_classes(s), cap = 0, n_ev = 0, n_l = 0;
	double *a = malloc((CAND_MAX + 3) * 2 * sizeof *a), *c = a ? a + CAND_MAX + 3 : NULL;

	memset(en, 0, sizeof *en);
	for (size_t k = 0; k < nk; k++)
		cap += score_row_len(s, score_class_row(s, k));
	en->ev = malloc((cap ? cap : 1) * sizeof *en->ev);
	en->first = malloc((nk + 1) * sizeof *en->first);
	en->rank = malloc((cap ? cap : 1) * sizeof *en->rank);
	en->start = malloc((nk ? nk : 1) * sizeof *en->start);
	en->end = malloc((nk ? nk : 1) * sizeof *en->end);
	en->lambda = malloc((cap ? cap : 1) * sizeof *en->lambda);
	if (!a || !en->ev || !en->first || !en->rank || !en->start || !en->end || !en->lambda) {
		free(a);
		return BKSEF_ENOMEM;
	}
	for (size_t k = 0; k < nk; k++) {
		size_t n = 0;
		en->first[k] = n_ev;
		en->start[k] = 0;
		if (progress_tick(NULL, k, nk)) {
			free(a);
			return BKSEF_ECANCELED;
		}
		if (used[k])
			n = score_row_lines(s, score_class_row(s, k), p, a, c);
		if (n == 0)
			continue;
		en->start[k] = row_events((int)n, a, c, 0, en->ev, &n_ev, &en->end[k]);
		for (size_t e = en->first[k]; e < n_ev; e++)
			en->lambda[n_l++] = en->ev[e].lambda;
	}
	en->first[nk] = n_ev;
	free(a);
	/* The distinct breakpoints, in order, and each event's among them. */
	qsort(en->lambda, n_l, sizeof *en->lambda, cmp_double);
	size_t u = 0;
	for (size_t i = 0; i < n_l; i++)
		if (u == 0 || en->lambda[i] != en->lambda[u - 1])
			en->lambda[u++] = en->lambda[i];
	en->n_lambda = u;
	for (size_t e = 0; e < n_ev; e++) {
		size_t lo = 0, hi = u;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (en->lambda[mid] < en->ev[e].lambda)
				lo = mid + 1;
			else
				hi = mid;
		}
		en->rank[e] = lo;
	}
	return BKSEF_OK;
}

/* Build the events and the steps; WITH_RF also fills receptive fields. */
static int sweep_build(const struct score *s, const struct score_params *p, const struct pin *pins,
                       size_t n_pins, struct plan *plan, int with_rf, struct sweep **out,
                       struct diag *dg)
{
	const struct cand_table *t = score_table(s);
	size_t rows = score_rows(s), n_ev = 0, ncol = t->n_columns, nk = score_classes(s);
	size_t n_late = 0, n_never = 0;
	/* The cheapest plan's totals less the last step's. */
	int64_t cheaper = 0, cheaper_params = 0, cheaper_ns = 0;
	const int timed = cost_model_is_time(t->spec.cost);
	struct sweep *sw = NULL;
	struct walk w = { .plan = plan };
	struct envelopes en = { 0 };
	uint8_t *pinned = NULL, *used = NULL;
	uint32_t *count = NULL;
	struct score_params q = *p;
	int st;

	*out = NULL;
	/* lambda3 is what moves; the rest must be in range to be scored. */
	q.lambda3 = 0;
	if ((st = score_params_check(&q, dg)) != BKSEF_OK)
		return st;
	st = BKSEF_ENOMEM;
	pinned = pinned_convs(t, pins, n_pins);
	used = calloc(nk ? nk : 1, 1);
	count = calloc(ncol ? ncol : 1, sizeof *count);
	if (pinned == NULL || used == NULL || count == NULL)
		goto fail;
	for (size_t r = 0; r < rows; r++)
		if (!pinned[score_row_conv(s, r)])
			used[score_row_class(s, r)] = 1;
	/* Each row's lines are its class's: one envelope per class. */
	st = envelopes_new(s, p, used, &en);
	if (st != BKSEF_OK)
		goto fail;
	st = BKSEF_ENOMEM;

	/* The plan at lambda3 = 0, and every later change: step g > 0 holds
	 * the events at the g-th distinct breakpoint, ev[group[g] ..
	 * group[g + 1]), in conv order, a conv's in the order its envelope
	 * makes them (a stable sort of the rows' events by lambda3). */
	w.group = calloc(en.n_lambda + 3, sizeof *w.group);
	if (w.group == NULL)
		goto fail;
	plan_from_net(plan);
	for (size_t r = 0; r < rows; r++) {
		size_t conv = score_row_conv(s, r), k = score_row_class(s, r);
		if (progress_tick(NULL, r, rows)) {
			st = BKSEF_ECANCELED;
			goto fail;
		}
		if (pinned[conv] || score_row_len(s, r) == 0)
			continue;
		const struct row_end *end = &en.end[k];
		plan_set(plan, conv, (size_t)en.start[k]);
		for (size_t e = en.first[k]; e < en.first[k + 1]; e++)
			w.group[en.rank[e] + 2]++;
		n_ev += en.first[k + 1] - en.first[k];
		if (end->limit != end->j) {
			size_t f = t->first[conv];
			n_late++;
			n_never += (size_t)end->never;
			cheaper += t->macs[f + (size_t)end->limit] - t->macs[f + (size_t)end->j];
			cheaper_params +=
			    t->params[f + (size_t)end->limit] - t->params[f + (size_t)end->j];
			if (timed)
				cheaper_ns +=
				    cand_table_resource(t, BUDGET_LATENCY, f + (size_t)end->limit) -
				    cand_table_resource(t, BUDGET_LATENCY, f + (size_t)end->j);
		}
	}
	plan_apply_pins(plan, pins, n_pins);
	w.n_group = en.n_lambda + 1;
	for (size_t g = 2; g <= w.n_group; g++)
		w.group[g] += w.group[g - 1];
	w.ev = malloc((n_ev ? n_ev : 1) * sizeof *w.ev);
	if (w.ev == NULL)
		goto fail;
	w.n_ev = n_ev;
	/* group[g] is where group g's next event goes (rank g - 1 at
	 * group[g]) until all are in; then each holds its group's end. */
	for (size_t r = 0; r < rows; r++) {
		size_t conv = score_row_conv(s, r), k = score_row_class(s, r);
		if (pinned[conv] || score_row_len(s, r) == 0)
			continue;
		for (size_t e = en.first[k]; e < en.first[k + 1]; e++) {
			struct event *x = &w.ev[w.group[en.rank[e] + 1]++];
			*x = en.ev[e];
			x->conv = (uint32_t)conv;
		}
	}
	for (size_t g = w.n_group; g > 1; g--)
		w.group[g] = w.group[g - 1];
	w.group[1] = 0;
	w.at = 1;

	sw = calloc(1, sizeof *sw);
	if (sw == NULL)
		goto fail;
	sw->n = w.n_group;
	sw->n_columns = ncol;
	sw->n_late = n_late;
	sw->n_never = n_never;
	sw->step = calloc(sw->n, sizeof *sw->step);
	sw->counts = calloc(sw->n * (ncol ? ncol : 1), sizeof *sw->counts);
	if (sw->step == NULL || sw->counts == NULL)
		goto fail;

	/* Totals move by each event's difference; counts likewise. */
	plan_update_totals(plan);
	int64_t macs = plan->macs, params = plan->params;
	int64_t ns = timed ? plan_resource(plan, BUDGET_LATENCY) : 0;
	double ksum = 0;
	for (size_t r = 0; r < rows; r++) {
		size_t conv = score_row_conv(s, r), e = t->first[conv] + plan->choice[conv];
		ksum += kernel_size(&t->kernel[e]);
		if (t->col[e] != CAND_TABLE_NO_COL)
			count[t->col[e]]++;
	}
	for (size_t g = 0; g < sw->n; g++) {
		struct sweep_step *stp = &sw->step[g];
		for (size_t e = w.group[g]; e < w.group[g + 1]; e++) {
			size_t f = t->first[w.ev[e].conv];
			size_t from = f + w.ev[e].from_j, to = f + w.ev[e].to_j;
			macs += t->macs[to] - t->macs[from];
			params += t->params[to] - t->params[from];
			if (timed)
				ns += cand_table_resource(t, BUDGET_LATENCY, to) -
				      cand_table_resource(t, BUDGET_LATENCY, from);
			ksum += kernel_size(&t->kernel[to]) - kernel_size(&t->kernel[from]);
			count[t->col[from]]--;
			count[t->col[to]]++;
		}
		stp->from = g == 0 ? 0.0 : w.ev[w.group[g]].lambda;
		stp->to = g + 1 < sw->n ? w.ev[w.group[g + 1]].lambda : INFINITY;
		stp->macs = macs;
		stp->params = params;
		stp->latency_ns = ns;
		stp->mean_k = rows ? ksum / (double)rows : 0;
		stp->n_k = sw->counts + g * ncol;
		memcpy(stp->n_k, count, ncol * sizeof *count);
	}
	sw->cheapest_macs = sw->step[sw->n - 1].macs + cheaper;
	sw->cheapest_params = sw->step[sw->n - 1].params + cheaper_params;
	sw->cheapest_latency_ns = sw->step[sw->n - 1].latency_ns + cheaper_ns;
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
	free(pinned);
	free(used);
	envelopes_free(&en);
	free(count);
	sweep_free(sw);
	if (st != BKSEF_OK)
		diag_set(dg, st, 0, "%s", st == BKSEF_ECANCELED ? "cancelled" : "out of memory");
	return st;
}

int sweep_compute(const struct score *s, const struct score_params *p, const struct pin *pins,
                  size_t n_pins, struct plan *plan, struct sweep **out, struct diag *dg)
{
	return sweep_build(s, p, pins, n_pins, plan, 1, out, dg);
}

void sweep_free(struct sweep *sw)
{
	if (sw == NULL)
		return;
	free(sw->step);
	free(sw->counts);
	free(sw);
}

double sweep_step_lambda3(const struct sweep_step *st)
{
	double hi = isinf(st->to) ? fmin(2 * st->from + 2, SCORE_LAMBDA_MAX) : st->to;
	double mid = st->from + (hi - st->from) / 2, quarter = (hi - st->from) / 4;
	char buf[40];

	/* Rounded to 1, 2, ... significant digits, the middle comes closer:
	 * the first inside the middle half is the shortest there. */
	for (int digits = 1; digits <= 17; digits++) {
		snprintf(buf, sizeof buf, "%.*g", digits, mid);
		double v = strtod(buf, NULL);
		if (v >= st->from + quarter && v <= hi - quarter && v > st->from &&
		    v <= SCORE_LAMBDA_MAX)
			return v;
	}
	return mid;
}

size_t sweep_step_of(const struct sweep *sw, double lambda3)
{
	size_t lo = 0, hi = sw->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (sw->step[mid].from <= lambda3)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The resource's total of the plan scored directly at lambda3 = X: what
 * the solver probes. */
struct probe {
	const struct score *s;
	struct score_params p;
	const struct pin *pins;
	size_t n_pins;
	struct score_work *w;
	struct plan *plan;
	int resource;
	int64_t budget;
};

static int64_t probe_total(struct probe *pr, double x)
{
	/* Cannot fail: sweep_build checked the other parameters, and every
	 * probe is within 0..SCORE_LAMBDA_MAX. */
	pr->p.lambda3 = x;
	(void)score_run(pr->s, &pr->p, pr->w, NULL);
	plan_from_score(pr->plan, pr->s, pr->w, pr->pins, pr->n_pins);
	plan_update_totals(pr->plan);
	return plan_resource(pr->plan, pr->resource);
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
		if (probe_total(pr, bits_double(hi - step)) > pr->budget) {
			lo = hi - step;
			break;
		}
		hi -= step;
	}
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (probe_total(pr, bits_double(mid)) <= pr->budget)
			hi = mid;
		else
			lo = mid;
	}
	return bits_double(hi);
}

/* The diagnostic for a BUDGET that no lambda3 in range meets, though the
 * cheapest plan would: some convs switch only past SCORE_LAMBDA_MAX. */
static int late_budget(struct diag *dg, const char *unit, int64_t budget, int64_t least,
                       int64_t cheapest, size_t n_late, size_t n_never)
{
	char never[64] = "";
	if (n_never > 0)
		snprintf(never, sizeof never, ", %zu at no finite lambda3", n_never);
	return diag_set(dg, BKSEF_EINPUT, 0,
	                "budget of %lld %s cannot be met with lambda3 up to 1e300, where plans "
	                "need at least %lld %s: %zu conv%s switch%s to a cheaper kernel only "
	                "beyond it%s (the cheapest plan needs %lld %s); lower lambda1 and "
	                "lambda2",
	                (long long)budget, unit, (long long)least, unit, n_late,
	                n_late == 1 ? "" : "s", n_late == 1 ? "es" : "", never, (long long)cheapest,
	                unit);
}

/* Step P's total of RESOURCE. */
static int64_t step_total(const struct sweep_step *p, int resource)
{
	return resource == BUDGET_LATENCY  ? p->latency_ns
	       : resource == BUDGET_PARAMS ? p->params
	                                   : p->macs;
}

int sweep_budget(const struct score *s, const struct score_params *p, const struct pin *pins,
                 size_t n_pins, int resource, int64_t budget, struct score_work *w,
                 struct plan *plan, double *lambda3, int64_t *min_macs, struct diag *dg)
{
	struct sweep *sw;
	int st = request_resource_check(resource, score_table(s)->spec.cost, dg);
	if (st == BKSEF_OK)
		st = sweep_build(s, p, pins, n_pins, plan, 0, &sw, dg);
	if (st != BKSEF_OK)
		return st;

	/* The first step within budget.  When the cost model prices what the
	 * budget limits (MACs or parameters under macs or paper, time under a
	 * time model) no total grows with lambda3, each change moving a conv to
	 * a cheaper kernel: search.  Otherwise (MACs under a measured cost) a
	 * cheaper kernel may have more of the resource: scan every step. */
	const char *unit = request_resource_unit(resource);
	size_t lo = 0, hi = sw->n;
	if ((resource == BUDGET_LATENCY) == cost_model_is_time(score_table(s)->spec.cost)) {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (step_total(&sw->step[mid], resource) <= budget)
				hi = mid;
			else
				lo = mid + 1;
		}
	} else {
		while (lo < sw->n && step_total(&sw->step[lo], resource) > budget)
			lo++;
	}
	const int64_t cheapest = resource == BUDGET_LATENCY  ? sw->cheapest_latency_ns
	                         : resource == BUDGET_PARAMS ? sw->cheapest_params
	                                                     : sw->cheapest_macs;
	const size_t n_late = sw->n_late, n_never = sw->n_never;
	*min_macs = step_total(&sw->step[sw->n - 1], resource);
	if (lo == sw->n && budget < cheapest) {
		sweep_free(sw);
		return diag_set(dg, BKSEF_EINPUT, 0,
		                "budget of %lld %s cannot be met: the cheapest plan with these "
		                "candidates and pins needs %lld %s",
		                (long long)budget, unit, (long long)cheapest, unit);
	}
	/* Past the last step only a late switch can help; direct scoring at the
	 * end of the range tells whether one rounds into it. */
	double x = lo < sw->n ? sw->step[lo].from : SCORE_LAMBDA_MAX;
	double before = lo > 0 ? sw->step[lo - 1].from : 0.0;
	sweep_free(sw);

	struct probe pr = { s, *p, pins, n_pins, w, plan, resource, budget };
	/* Rounding in a breakpoint can leave the tie a hair unresolved: step up
	 * to the first double at which direct scoring agrees, within the range.
	 * Each probe is a full rescore, so none is repeated. */
	int64_t at_x = probe_total(&pr, x);
	for (int i = 0; i < 64 && at_x > budget && x < SCORE_LAMBDA_MAX; i++) {
		x = fmin(nextafter(x, INFINITY), SCORE_LAMBDA_MAX);
		at_x = probe_total(&pr, x);
	}
	if (at_x > budget && x == SCORE_LAMBDA_MAX)
		return late_budget(dg, unit, budget, *min_macs, cheapest, n_late, n_never);
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
		int missed = probe_total(&pr, miss) > budget;
		if (!missed && miss > 0) {
			miss = 0;
			missed = probe_total(&pr, miss) > budget;
		}
		x = missed ? snap_down(&pr, miss, x) : 0;
	}
	*lambda3 = x;
	(void)probe_total(&pr, x);
	return BKSEF_OK;
}
