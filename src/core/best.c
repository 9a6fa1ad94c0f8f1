/* best.c -- the best plan under a budget, solved exactly as a multiple-choice
 * knapsack over groups of identical layers, and the frontier of such plans.
 *
 * THE PROBLEM.  Each free conv (tunable, not pinned, with at least one
 * scored candidate) takes one of its scored candidates j, with gain
 * a(j) = l1*I~(j) + l2*A~(j) (score_row_lines, normalised as in scoring)
 * and resource w(j) (the layer's MACs or parameters at that kernel).  Every
 * other conv keeps its loaded or pinned kernel and adds a constant.  A plan
 * is feasible when its total resource is at most the budget B; its gain G
 * is the sum of a over the tunable convs whose kernel is a scored candidate
 * (pinned ones included, a constant), in network order.  The best plan:
 *   G* = the largest G of a feasible plan;
 *   among feasible plans with G >= G* (1 - 1e-12), the least resource;
 *   then the larger G; then the lexicographically smaller kernel vector in
 *   network order.
 *
 * EXACT ARITHMETIC.  Sums of doubles depend on their order, so two plans
 * that permute the kernels of identical layers would differ in the last
 * bits.  The search therefore rounds every gain to an integer number of
 * quanta, q = round(a / a_max * 2^b) with b = 62 - ceil(log2(n + 1)) for n
 * counted convs, so that every sum is exact in 64 bits and independent of
 * order; ties above are ties of these sums (a quantum is a_max * 2^-b,
 * about 2^-52 a_max for 1,000 convs, far below the 1e-12 tolerance).  The
 * gain reported is the plan's G recomputed in doubles in network order.
 *
 * THE ALGORITHM.
 * 1. Per conv, drop dominated candidates (another is no costlier and gains
 *    no less; on a full tie the smaller kernel stays).  Convs whose
 *    remaining (resource, gain) lists are identical form a group of m rows
 *    (the 13 3x3 convs of resnet18, the 10 layer types of a synthetic
 *    network): a group's plan is a count vector n_i (rows at option i), and
 *    the lexicographically smallest arrangement of given counts gives the
 *    group's rows, in network order, their options in increasing order.
 * 2. The LP relaxation: the upper concave hull of each group's options, the
 *    hull's increments taken in decreasing gain per resource until the
 *    budget is spent.  The increment that does not fit gives the multiplier
 *    L (0 when everything fits) and the bound
 *        U = L * B' + sum_groups m * h,   h = max_i (q_i - L w_i),
 *    (B' the budget less the constants), which by weak duality bounds the
 *    gain of every feasible plan whatever L is.  Continuing the walk while
 *    increments fit gives a feasible plan, the first lower bound LB.
 * 3. Reduced costs r_i = h - (q_i - L w_i) >= 0.  Any plan P satisfies
 *    U - G(P) = L * (B' - W(P)) + sum of its rows' r, so a plan in the tie
 *    set above has sum r <= D = U - LB + tolerance.  Per group, the count
 *    vectors with sum n_i r_i <= D are enumerated (options with r = 0, at
 *    most the two ends of the LP's split increment, take any count), the
 *    dominated ones dropped.  A group left with one count vector is fixed.
 * 4. The other groups are combined by dynamic programming over (resource,
 *    gain) states: a state is dropped when another has no more resource and
 *    no less gain (on a full tie, the lexicographically smaller plan stays),
 *    when the cheapest completion exceeds the budget, or when its Lagrangian
 *    bound, gain + L * (resource left) + the remaining groups' largest
 *    q - L w, is below LB less the tolerance.  The group with the most count
 *    vectors comes last and is not combined: each state takes its best
 *    response by binary search, which is how one long run of identical
 *    layers at the LP's split costs a search rather than a product.
 * 5. From the final states: G*, then the least resource reaching the
 *    tolerance, the larger gain, the lexicographically smaller plan.
 *
 * GUARANTEES.  Every pruning rule keeps a plan at least as good under the
 * rules above, so when the search completes the plan is the best one
 * (result "optimal"; the gap is 0).  Work is counted in states made; when
 * the limits (a work count, deterministic, or wall time) stop the search,
 * the plan returned is the best one known (the LP walk of step 2) with the
 * certified gap U - G >= 0, U converted back from quanta with the rounding
 * of every quantum and of the sums added, so that U bounds the true G.
 * The frontier is the set of plans best_solve returns at some budget,
 * found by the same combination without a budget when it fits in the
 * limits, otherwise best_solve at evenly spaced budgets.
 */
#include <config.h>

#include "best.h"
#include "request.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Gains within this relative distance of the best are equal. */
#define BEST_REL_TOL 1e-12

/* Options of one row: at most CAND_MAX scored candidates. */
#define BEST_MAX_OPT (CAND_MAX + 1)

/* Identical rows: M rows sharing K options, increasing in resource and gain. */
struct grp {
	uint32_t m, k;
	uint32_t row0; /* rows: pb->grow[row0 .. row0 + m), in network order */
	uint32_t opt0; /* options: pb->ow, pb->oq[opt0 .. opt0 + k) */
};

/* The problem, built once per call from the score table and the pins. */
struct prob {
	const struct score *s;
	const struct cand_table *t;
	int resource;
	double *gain;    /* [n_entries] a of the scored entries of score rows, else 0 */
	uint8_t *base;   /* [n_conv] kernels loaded, pins over them */
	size_t n_free;   /* free rows, in network order */
	uint32_t *fconv; /* [n_free] their convs */
	uint32_t *fopt;  /* [n_free + 1] row f's kept options: fj[fopt[f] ..] */
	uint8_t *fj;     /* kept options as indices in the row */
	size_t n_grp;
	struct grp *grp;
	uint32_t *grow;       /* [n_free] rows by group */
	int64_t *ow, *oq;     /* group options: resource and gain in quanta */
	int64_t w_const;      /* the resource of all but the free rows */
	int64_t q_const;      /* the gain of pinned rows, in quanta */
	int64_t w_min, w_top; /* totals: every free row cheapest; largest gain */
	double unit;          /* the gain of one quantum */
	size_t n_counted;     /* rows whose gain counts */
};

/* A count vector of one group: its resource, gain and counts. */
struct choice {
	int64_t w, q;
	size_t cnt; /* counts: pool[cnt .. cnt + k) */
};

/* A DP state being made: resource, gain, the state it extends, the choice. */
struct cand {
	int64_t w, q;
	uint32_t parent, ch;
};

/* Growable arrays. */
static int grow_to(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 64;
	while (nc < need) {
		if (nc > SIZE_MAX / 2 / elem)
			return -1;
		nc *= 2;
	}
	void *np = realloc(*p, nc * elem);
	if (np == NULL)
		return -1;
	*p = np;
	*cap = nc;
	return 0;
}

/* Work and time. */
struct meter {
	uint64_t work, max_work;
	double deadline; /* seconds on the monotonic clock, 0: none */
	uint64_t next_check;
	int stopped;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void meter_start(struct meter *mt, const struct best_limits *lim)
{
	memset(mt, 0, sizeof *mt);
	mt->max_work = lim->max_work;
	if (lim->seconds > 0)
		mt->deadline = now_seconds() + lim->seconds;
	mt->next_check = 1024;
}

/* Count N units; returns 1 when a limit is reached (and stays reached). */
static int meter_add(struct meter *mt, uint64_t n)
{
	if (mt->stopped)
		return 1;
	mt->work += n;
	if (mt->max_work && mt->work > mt->max_work)
		mt->stopped = 1;
	else if (mt->deadline > 0 && mt->work >= mt->next_check) {
		mt->next_check = mt->work + 1024;
		if (now_seconds() > mt->deadline)
			mt->stopped = 1;
	}
	return mt->stopped;
}

void best_limits_default(struct best_limits *lim)
{
	lim->seconds = BEST_SECONDS_DEFAULT;
	lim->max_work = 0;
}

static int64_t res_of(const struct cand_table *t, int resource, size_t e)
{
	return resource == BUDGET_PARAMS ? t->params[e] : t->macs[e];
}

static void prob_free(struct prob *pb)
{
	free(pb->gain);
	free(pb->base);
	free(pb->fconv);
	free(pb->fopt);
	free(pb->fj);
	free(pb->grp);
	free(pb->grow);
	free(pb->ow);
	free(pb->oq);
	memset(pb, 0, sizeof *pb);
}

/* Quanta of gain A. */
static int64_t quantise(double a, double amax, int bits)
{
	return amax > 0 ? (int64_t)llround(ldexp(a / amax, bits)) : 0;
}

/* Hash of row F's kept options' (resource, gain) list. */
static uint64_t row_hash(size_t k, const int64_t *w, const int64_t *q)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ k;
	for (size_t i = 0; i < k; i++) {
		h = (h ^ (uint64_t)w[i]) * 0x100000001B3ull;
		h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ull;
		h = (h ^ (uint64_t)q[i]) * 0x100000001B3ull;
		h ^= h >> 31;
	}
	return h;
}

/* Build PB: gains, the base kernels, the free rows and their groups.  SCRATCH
 * (a plan over S's table) is overwritten. */
static int prob_build(const struct score *s, const struct score_params *p, const struct pin *pins,
                      size_t n_pins, int resource, struct plan *scratch, struct prob *pb,
                      struct diag *dg)
{
	const struct cand_table *t = score_table(s);
	size_t rows = score_rows(s), ne = t->n_entries ? t->n_entries : 1;
	size_t nconv = t->n_conv ? t->n_conv : 1;
	uint8_t *pinned = NULL;
	uint32_t *slot = NULL, *gid = NULL, *gfill = NULL;
	int64_t *rw = NULL, *rq = NULL;
	double c[BEST_MAX_OPT];
	int st = BKSEF_ENOMEM;

	memset(pb, 0, sizeof *pb);
	pb->s = s;
	pb->t = t;
	pb->resource = resource;
	pb->gain = calloc(ne, sizeof *pb->gain);
	pb->base = malloc(nconv);
	pinned = calloc(nconv, 1);
	pb->fconv = malloc((rows ? rows : 1) * sizeof *pb->fconv);
	pb->fopt = malloc((rows + 1) * sizeof *pb->fopt);
	pb->fj = malloc((t->n_entries ? t->n_entries : 1));
	if (!pb->gain || !pb->base || !pinned || !pb->fconv || !pb->fopt || !pb->fj)
		goto fail;

	/* Gains of every scored candidate. */
	for (size_t r = 0; r < rows; r++) {
		size_t conv = score_row_conv(s, r), n = t->n_scored[conv];
		if (n > 0 && score_row_lines(s, r, p, pb->gain + t->first[conv], c) != n)
			goto fail;
	}

	/* The base: loaded kernels with the pins. */
	plan_from_net(scratch);
	plan_apply_pins(scratch, pins, n_pins);
	memcpy(pb->base, scratch->choice, t->n_conv);
	for (size_t q = 0; q < n_pins; q++) {
		long cv = cand_table_row_of(t, pins[q].layer);
		if (cv >= 0)
			pinned[cv] = 1;
	}
	plan_update_totals(scratch);
	pb->w_const = resource == BUDGET_PARAMS ? scratch->params : scratch->macs;

	/* Free rows, the counted ones and the largest gain. */
	double amax = 0;
	for (size_t r = 0; r < rows; r++) {
		size_t conv = score_row_conv(s, r), n = t->n_scored[conv], f = t->first[conv];
		if (n == 0)
			continue;
		if (pinned[conv]) {
			if (pb->base[conv] < n) {
				pb->n_counted++;
				if (pb->gain[f + pb->base[conv]] > amax)
					amax = pb->gain[f + pb->base[conv]];
			}
			continue;
		}
		pb->fconv[pb->n_free++] = (uint32_t)conv;
		pb->n_counted++;
		pb->w_const -= res_of(t, resource, f + pb->base[conv]);
		for (size_t j = 0; j < n; j++)
			if (pb->gain[f + j] > amax)
				amax = pb->gain[f + j];
	}
	int lg = 0;
	while (lg < 62 && ((uint64_t)1 << lg) < (uint64_t)pb->n_counted + 1)
		lg++;
	int bits = 62 - lg;
	pb->unit = amax > 0 ? ldexp(amax, -bits) : 0;
	for (size_t r = 0; r < rows; r++) {
		size_t conv = score_row_conv(s, r);
		if (pinned[conv] && pb->base[conv] < t->n_scored[conv])
			pb->q_const +=
			    quantise(pb->gain[t->first[conv] + pb->base[conv]], amax, bits);
	}

	/* Each free row's undominated options. */
	size_t nf = pb->n_free, nk = 0;
	rw = malloc((t->n_entries ? t->n_entries : 1) * sizeof *rw);
	rq = malloc((t->n_entries ? t->n_entries : 1) * sizeof *rq);
	if (!rw || !rq)
		goto fail;
	pb->w_min = pb->w_const;
	pb->w_top = pb->w_const;
	for (size_t fr = 0; fr < nf; fr++) {
		size_t conv = pb->fconv[fr], n = t->n_scored[conv], f = t->first[conv];
		int64_t w[BEST_MAX_OPT], q[BEST_MAX_OPT];
		for (size_t j = 0; j < n; j++) {
			w[j] = res_of(t, resource, f + j);
			q[j] = quantise(pb->gain[f + j], amax, bits);
		}
		pb->fopt[fr] = (uint32_t)nk;
		for (size_t j = 0; j < n; j++) {
			int dominated = 0;
			for (size_t o = 0; o < n && !dominated; o++)
				dominated = o != j && w[o] <= w[j] && q[o] >= q[j] &&
				            (w[o] < w[j] || q[o] > q[j] || o < j);
			if (!dominated) {
				/* Kept options rise in resource and gain with j: a
				 * layer's cost grows with its kernel's taps. */
				rw[nk] = w[j];
				rq[nk] = q[j];
				pb->fj[nk++] = (uint8_t)j;
			}
		}
		pb->w_min += rw[pb->fopt[fr]];
		pb->w_top += rw[nk - 1];
	}
	pb->fopt[nf] = (uint32_t)nk;

	/* Groups of identical option lists, by hashing. */
	size_t hcap = 16;
	while (hcap < 2 * nf)
		hcap *= 2;
	slot = malloc(hcap * sizeof *slot);
	gid = malloc((nf ? nf : 1) * sizeof *gid);
	pb->grp = malloc((nf ? nf : 1) * sizeof *pb->grp);
	pb->grow = malloc((nf ? nf : 1) * sizeof *pb->grow);
	pb->ow = malloc((nk ? nk : 1) * sizeof *pb->ow);
	pb->oq = malloc((nk ? nk : 1) * sizeof *pb->oq);
	if (!slot || !gid || !pb->grp || !pb->grow || !pb->ow || !pb->oq)
		goto fail;
	for (size_t h = 0; h < hcap; h++)
		slot[h] = UINT32_MAX;
	size_t no = 0;
	for (size_t fr = 0; fr < nf; fr++) {
		size_t o0 = pb->fopt[fr], k = pb->fopt[fr + 1] - o0;
		size_t h = (size_t)(row_hash(k, rw + o0, rq + o0) & (hcap - 1));
		for (;; h = (h + 1) & (hcap - 1)) {
			uint32_t g = slot[h];
			if (g == UINT32_MAX) {
				g = (uint32_t)pb->n_grp++;
				pb->grp[g] = (struct grp){ 0, (uint32_t)k, 0, (uint32_t)no };
				memcpy(pb->ow + no, rw + o0, k * sizeof *rw);
				memcpy(pb->oq + no, rq + o0, k * sizeof *rq);
				no += k;
				slot[h] = g;
			}
			struct grp *gp = &pb->grp[g];
			if (gp->k == k && memcmp(pb->ow + gp->opt0, rw + o0, k * sizeof *rw) == 0 &&
			    memcmp(pb->oq + gp->opt0, rq + o0, k * sizeof *rq) == 0) {
				gid[fr] = g;
				gp->m++;
				break;
			}
		}
	}
	gfill = calloc(pb->n_grp ? pb->n_grp : 1, sizeof *gfill);
	if (gfill == NULL)
		goto fail;
	for (size_t g = 0, at = 0; g < pb->n_grp; g++) {
		pb->grp[g].row0 = (uint32_t)at;
		at += pb->grp[g].m;
	}
	for (size_t fr = 0; fr < nf; fr++) {
		struct grp *gp = &pb->grp[gid[fr]];
		pb->grow[gp->row0 + gfill[gid[fr]]++] = (uint32_t)fr;
	}
	st = BKSEF_OK;
fail:
	free(pinned);
	free(slot);
	free(gid);
	free(gfill);
	free(rw);
	free(rq);
	if (st != BKSEF_OK) {
		prob_free(pb);
		diag_set(dg, st, 0, "out of memory");
	}
	return st;
}

/* Give PLAN the base kernels and each group's rows, in network order, the
 * options of count vector CNT + the group's offset (counts per option, by
 * group, in one block indexed like pb->ow). */
static void prob_plan(const struct prob *pb, const uint32_t *cnt, struct plan *plan)
{
	for (size_t c = 0; c < pb->t->n_conv; c++)
		plan_set(plan, c, pb->base[c]);
	for (size_t g = 0; g < pb->n_grp; g++) {
		const struct grp *gp = &pb->grp[g];
		size_t at = 0;
		for (size_t i = 0; i < gp->k; i++)
			for (uint32_t x = 0; x < cnt[gp->opt0 + i]; x++, at++) {
				size_t fr = pb->grow[gp->row0 + at];
				plan_set(plan, pb->fconv[fr], pb->fj[pb->fopt[fr] + i]);
			}
	}
	plan_update_totals(plan);
}

/* G of PLAN from the gains in PB, in network order. */
static double prob_gain(const struct prob *pb, const struct plan *plan)
{
	const struct cand_table *t = pb->t;
	double g = 0;
	for (size_t r = 0, rows = score_rows(pb->s); r < rows; r++) {
		size_t conv = score_row_conv(pb->s, r), j = plan->choice[conv];
		if (j < t->n_scored[conv])
			g += pb->gain[t->first[conv] + j];
	}
	return g;
}

double best_plan_gain(const struct score *s, const struct score_params *p, const struct plan *plan)
{
	const struct cand_table *t = score_table(s);
	double a[BEST_MAX_OPT], c[BEST_MAX_OPT], g = 0;
	for (size_t r = 0, rows = score_rows(s); r < rows; r++) {
		size_t conv = score_row_conv(s, r), j = plan->choice[conv], n = t->n_scored[conv];
		if (j >= n)
			continue;
		if (score_row_lines(s, r, p, a, c) != n)
			return NAN;
		g += a[j];
	}
	return g;
}

/* Which of two count vectors A and B of group GP gives the smaller kernel
 * vector: -1, 0 or 1, with *POS the first free row where they differ. */
static int counts_cmp(const struct prob *pb, const struct grp *gp, const uint32_t *a,
                      const uint32_t *b, size_t *pos)
{
	size_t before = 0;
	for (size_t i = 0; i < gp->k; i++) {
		if (a[i] != b[i]) {
			*pos = pb->grow[gp->row0 + before + (a[i] < b[i] ? a[i] : b[i])];
			/* The vector with more rows at option i has i where the other
			 * has a larger option. */
			return a[i] > b[i] ? -1 : 1;
		}
		before += a[i];
	}
	*pos = SIZE_MAX;
	return 0;
}

/* The search's working state for one budget. */
struct search {
	const struct prob *pb;
	struct meter mt;
	int64_t cap;        /* budget less w_const: what the free rows may use */
	long double lambda; /* the multiplier */
	long double u;      /* the LP bound on the free rows' gain, in quanta */
	long double tol;    /* tolerance plus rounding margin, in quanta */
	uint32_t *lb;       /* [n options] the LP walk's plan, counts by option */
	int64_t lb_w, lb_q;
	/* count vectors of every group: choices ch[g0[g] .. g0[g + 1]) */
	struct choice *ch;
	size_t n_ch, cap_ch;
	uint32_t *pool;
	size_t n_pool, cap_pool;
	size_t *g0;
	/* the DP */
	uint32_t *order; /* multi groups, the last one not combined */
	size_t n_multi;
	uint32_t **parent, **pick; /* per depth */
	size_t *n_state;
	int64_t *sw, *sq; /* states of the current depth */
	struct cand *cd;
	size_t cap_cd;
	uint32_t *sel; /* [n_grp] the chosen count vector per group (index in ch) */
};

static void search_free(struct search *se)
{
	free(se->lb);
	free(se->ch);
	free(se->pool);
	free(se->g0);
	free(se->order);
	if (se->parent)
		for (size_t d = 0; d < se->n_multi; d++) {
			free(se->parent[d]);
			free(se->pick[d]);
		}
	free(se->parent);
	free(se->pick);
	free(se->n_state);
	free(se->sw);
	free(se->sq);
	free(se->cd);
	free(se->sel);
}

struct inc {
	long double slope;
	uint32_t g, from, to;
};

static int cmp_inc(const void *a, const void *b)
{
	const struct inc *x = a, *y = b;
	if (x->slope != y->slope)
		return x->slope > y->slope ? -1 : 1;
	if (x->g != y->g)
		return x->g < y->g ? -1 : 1;
	return x->from < y->from ? -1 : x->from > y->from;
}

/* Step 2: the LP's multiplier and bound, and the plan of the LP walk. */
static int search_lp(struct search *se)
{
	const struct prob *pb = se->pb;
	size_t n_inc = 0,
	       no = pb->n_grp ? pb->grp[pb->n_grp - 1].opt0 + pb->grp[pb->n_grp - 1].k : 0;
	struct inc *inc = malloc((no ? no : 1) * sizeof *inc);
	uint32_t *hull = malloc(BEST_MAX_OPT * sizeof *hull);
	int64_t rem = se->cap;
	int split = 0;

	se->lb = calloc(no ? no : 1, sizeof *se->lb);
	if (!inc || !hull || !se->lb) {
		free(inc);
		free(hull);
		return -1;
	}
	for (size_t g = 0; g < pb->n_grp; g++) {
		const struct grp *gp = &pb->grp[g];
		const int64_t *w = pb->ow + gp->opt0, *q = pb->oq + gp->opt0;
		size_t nh = 0;
		for (uint32_t i = 0; i < gp->k; i++) {
			/* Drop the last hull point while it lies on or under the
			 * chord to option i. */
			while (nh >= 2) {
				uint32_t a = hull[nh - 2], b = hull[nh - 1];
				long double l =
				    (long double)(q[b] - q[a]) * (long double)(w[i] - w[a]);
				long double r =
				    (long double)(q[i] - q[a]) * (long double)(w[b] - w[a]);
				if (l > r)
					break;
				nh--;
			}
			hull[nh++] = i;
		}
		for (size_t h = 0; h + 1 < nh; h++)
			inc[n_inc++] = (struct inc){ (long double)(q[hull[h + 1]] - q[hull[h]]) /
				                         (long double)(w[hull[h + 1]] - w[hull[h]]),
				                     (uint32_t)g, hull[h], hull[h + 1] };
		se->lb[gp->opt0] = gp->m;
		rem -= (int64_t)gp->m * w[0];
	}
	free(hull);
	qsort(inc, n_inc, sizeof *inc, cmp_inc);
	se->lambda = 0;
	for (size_t x = 0; x < n_inc; x++) {
		const struct grp *gp = &pb->grp[inc[x].g];
		int64_t dw = pb->ow[gp->opt0 + inc[x].to] - pb->ow[gp->opt0 + inc[x].from];
		uint32_t avail = se->lb[gp->opt0 + inc[x].from];
		int64_t take = rem / dw < (int64_t)avail ? rem / dw : (int64_t)avail;
		se->lb[gp->opt0 + inc[x].from] -= (uint32_t)take;
		se->lb[gp->opt0 + inc[x].to] += (uint32_t)take;
		rem -= take * dw;
		if (take < (int64_t)avail && !split) {
			split = 1;
			se->lambda = inc[x].slope;
		}
	}
	free(inc);

	/* The bound, and the walk's plan. */
	long double u = se->lambda * (long double)se->cap, mag = fabsl(u) + 1;
	se->lb_w = se->lb_q = 0;
	for (size_t g = 0; g < pb->n_grp; g++) {
		const struct grp *gp = &pb->grp[g];
		long double h = -INFINITY;
		for (uint32_t i = 0; i < gp->k; i++) {
			long double v = (long double)pb->oq[gp->opt0 + i] -
			                se->lambda * (long double)pb->ow[gp->opt0 + i];
			if (v > h)
				h = v;
			se->lb_w += (int64_t)se->lb[gp->opt0 + i] * pb->ow[gp->opt0 + i];
			se->lb_q += (int64_t)se->lb[gp->opt0 + i] * pb->oq[gp->opt0 + i];
		}
		u += (long double)gp->m * h;
		mag += (long double)gp->m * fabsl(h);
	}
	se->u = u;
	/* The tolerance relative to the largest G, and a margin for rounding in
	 * these long double sums (far above their error, far below a gap). */
	se->tol = BEST_REL_TOL * (u + (long double)pb->q_const) + 1e-12L * mag + 4;
	return 0;
}

/* Append a count vector CNT (K counts) of resource W and gain Q. */
static int add_choice(struct search *se, size_t k, const uint32_t *cnt, int64_t w, int64_t q)
{
	if (grow_to((void **)&se->ch, &se->cap_ch, se->n_ch + 1, sizeof *se->ch) != 0 ||
	    grow_to((void **)&se->pool, &se->cap_pool, se->n_pool + k, sizeof *se->pool) != 0)
		return -1;
	memcpy(se->pool + se->n_pool, cnt, k * sizeof *cnt);
	se->ch[se->n_ch++] = (struct choice){ w, q, se->n_pool };
	se->n_pool += k;
	return 0;
}

static int cmp_choice(const void *a, const void *b)
{
	const struct choice *x = a, *y = b;
	if (x->w != y->w)
		return x->w < y->w ? -1 : 1;
	if (x->q != y->q)
		return x->q > y->q ? -1 : 1;
	return x->cnt < y->cnt ? -1 : x->cnt > y->cnt;
}

/* Keep the undominated choices of group GP, ch[from ..], in increasing
 * resource (and gain); on a full tie the lexicographically smaller. */
static void pareto_choices(struct search *se, const struct grp *gp, size_t from)
{
	struct choice *c = se->ch + from;
	size_t n = se->n_ch - from, out = 0;
	qsort(c, n, sizeof *c, cmp_choice);
	for (size_t i = 0; i < n;) {
		size_t best = i, j = i + 1, pos;
		for (; j < n && c[j].w == c[i].w && c[j].q == c[i].q; j++)
			if (counts_cmp(se->pb, gp, se->pool + c[j].cnt, se->pool + c[best].cnt,
			               &pos) < 0)
				best = j;
		if (out == 0 || c[best].q > c[out - 1].q)
			c[out++] = c[best];
		for (; j < n && c[j].w == c[i].w; j++)
			;
		i = j;
	}
	se->n_ch = from + out;
}

/* The enumeration of step 3 for one group. */
struct enum_ctx {
	struct search *se;
	const struct grp *gp;
	uint32_t nz, z[BEST_MAX_OPT];  /* options with r = 0 */
	uint32_t nd, dv[BEST_MAX_OPT]; /* the others */
	long double r[BEST_MAX_OPT];
	uint32_t cnt[BEST_MAX_OPT];
	int64_t wcap; /* the most this group may use */
	int fail;     /* -1: out of memory; 1: stopped */
};

static void enum_emit(struct enum_ctx *ec)
{
	const struct prob *pb = ec->se->pb;
	int64_t w = 0, q = 0;
	for (uint32_t i = 0; i < ec->gp->k; i++) {
		w += (int64_t)ec->cnt[i] * pb->ow[ec->gp->opt0 + i];
		q += (int64_t)ec->cnt[i] * pb->oq[ec->gp->opt0 + i];
	}
	if (w > ec->wcap)
		return;
	if (meter_add(&ec->se->mt, 1))
		ec->fail = 1;
	else if (add_choice(ec->se, ec->gp->k, ec->cnt, w, q) != 0)
		ec->fail = -1;
}

/* Share LEFT rows among the zero-cost options z[at ..]. */
static void enum_zero(struct enum_ctx *ec, uint32_t at, uint32_t left)
{
	if (ec->fail)
		return;
	if (at + 1 == ec->nz) {
		ec->cnt[ec->z[at]] = left;
		enum_emit(ec);
		ec->cnt[ec->z[at]] = 0;
		return;
	}
	for (uint32_t x = 0; x <= left && !ec->fail; x++) {
		ec->cnt[ec->z[at]] = x;
		enum_zero(ec, at + 1, left - x);
	}
	ec->cnt[ec->z[at]] = 0;
}

/* Counts of the costly options dv[at ..], with LOSS left to spend. */
static void enum_dev(struct enum_ctx *ec, uint32_t at, uint32_t left, long double loss)
{
	if (ec->fail)
		return;
	if (at == ec->nd) {
		enum_zero(ec, 0, left);
		return;
	}
	uint32_t o = ec->dv[at];
	for (uint32_t x = 0; x <= left && !ec->fail; x++) {
		long double l = (long double)x * ec->r[o];
		if (l > loss)
			break;
		ec->cnt[o] = x;
		enum_dev(ec, at + 1, left - x, loss - l);
	}
	ec->cnt[o] = 0;
}

/* Step 3: every group's count vectors, or 1 when a limit stopped it. */
static int search_enum(struct search *se)
{
	const struct prob *pb = se->pb;
	long double budget = se->u - (long double)se->lb_q + se->tol;
	int64_t minw = 0;
	struct enum_ctx ec;

	se->g0 = malloc((pb->n_grp + 1) * sizeof *se->g0);
	if (se->g0 == NULL)
		return -1;
	for (size_t g = 0; g < pb->n_grp; g++)
		minw += (int64_t)pb->grp[g].m * pb->ow[pb->grp[g].opt0];
	for (size_t g = 0; g < pb->n_grp; g++) {
		const struct grp *gp = &pb->grp[g];
		long double h = -INFINITY;
		memset(&ec, 0, sizeof ec);
		ec.se = se;
		ec.gp = gp;
		ec.wcap = se->cap - (minw - (int64_t)gp->m * pb->ow[gp->opt0]);
		for (uint32_t i = 0; i < gp->k; i++) {
			long double v = (long double)pb->oq[gp->opt0 + i] -
			                se->lambda * (long double)pb->ow[gp->opt0 + i];
			if (v > h)
				h = v;
		}
		for (uint32_t i = 0; i < gp->k; i++) {
			long double q = (long double)pb->oq[gp->opt0 + i];
			long double lw = se->lambda * (long double)pb->ow[gp->opt0 + i];
			long double r = h - (q - lw);
			/* Rounding may leave a tie a hair above 0: such an option
			 * counts as free, which only weakens the bound. */
			if (r <= 1e-15L * (fabsl(q) + lw + fabsl(h)) + 1e-9L)
				ec.z[ec.nz++] = i;
			else {
				ec.r[i] = r;
				ec.dv[ec.nd++] = i;
			}
		}
		se->g0[g] = se->n_ch;
		enum_dev(&ec, 0, gp->m, budget);
		if (ec.fail)
			return ec.fail;
		/* The LP walk's counts are always a choice, so that the walk's
		 * plan can be rebuilt and no group is left without one. */
		int64_t w = 0, q = 0;
		for (uint32_t i = 0; i < gp->k; i++) {
			w += (int64_t)se->lb[gp->opt0 + i] * pb->ow[gp->opt0 + i];
			q += (int64_t)se->lb[gp->opt0 + i] * pb->oq[gp->opt0 + i];
		}
		if (add_choice(se, gp->k, se->lb + gp->opt0, w, q) != 0)
			return -1;
		pareto_choices(se, gp, se->g0[g]);
	}
	se->g0[pb->n_grp] = se->n_ch;
	return 0;
}

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->w != y->w)
		return x->w < y->w ? -1 : 1;
	if (x->q != y->q)
		return x->q > y->q ? -1 : 1;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return x->ch < y->ch ? -1 : x->ch > y->ch;
}

/* The choice (index in ch) of every DP group for state IDX at DEPTH (the
 * states after DEPTH groups of the order), into SEL by group. */
static void trace(const struct search *se, size_t depth, uint32_t idx, uint32_t *sel)
{
	for (size_t d = depth; d-- > 0;) {
		sel[se->order[d]] = se->pick[d][idx];
		idx = se->parent[d][idx];
	}
}

/* Lexicographic order of two selections of the groups in ORDER[0 .. N). */
static int sel_cmp(const struct search *se, size_t n, const uint32_t *a, const uint32_t *b)
{
	size_t first = SIZE_MAX;
	int sign = 0;
	for (size_t d = 0; d < n; d++) {
		uint32_t g = se->order[d];
		size_t pos;
		if (a[g] == b[g])
			continue;
		int c = counts_cmp(se->pb, &se->pb->grp[g], se->pool + se->ch[a[g]].cnt,
		                   se->pool + se->ch[b[g]].cnt, &pos);
		if (c != 0 && pos < first) {
			first = pos;
			sign = c;
		}
	}
	return sign;
}

/* Order of the multi groups: fewest choices first (the last is not
 * combined). */
struct gsize {
	size_t n;
	uint32_t g;
};

static int cmp_gsize(const void *a, const void *b)
{
	const struct gsize *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->g < y->g ? -1 : x->g > y->g;
}

/* Steps 4 and 5: returns 0 with se->sel set, 1 when stopped, -1 out of
 * memory. */
static int search_dp(struct search *se)
{
	const struct prob *pb = se->pb;
	size_t ng = pb->n_grp;
	struct gsize *gs = malloc((ng ? ng : 1) * sizeof *gs);
	uint32_t *sa = malloc((ng ? ng : 1) * sizeof *sa);
	uint32_t *sb = malloc((ng ? ng : 1) * sizeof *sb);
	long double *hrest = NULL;
	int64_t *wrest = NULL;
	int64_t wfix = 0, qfix = 0;
	int st = -1;

	se->sel = malloc((ng ? ng : 1) * sizeof *se->sel);
	se->order = malloc((ng ? ng : 1) * sizeof *se->order);
	if (!gs || !sa || !sb || !se->sel || !se->order)
		goto out;
	se->n_multi = 0;
	for (size_t g = 0; g < ng; g++) {
		size_t n = se->g0[g + 1] - se->g0[g];
		se->sel[g] = (uint32_t)se->g0[g];
		if (n == 1) {
			wfix += se->ch[se->g0[g]].w;
			qfix += se->ch[se->g0[g]].q;
		} else
			gs[se->n_multi++] = (struct gsize){ n, (uint32_t)g };
	}
	qsort(gs, se->n_multi, sizeof *gs, cmp_gsize);
	for (size_t d = 0; d < se->n_multi; d++)
		se->order[d] = gs[d].g;
	if (se->n_multi == 0) {
		st = 0;
		goto out;
	}

	/* What the groups after each depth can add at least (resource) and
	 * at most (q - lambda w). */
	size_t nm = se->n_multi, depth = nm - 1;
	hrest = malloc((nm + 1) * sizeof *hrest);
	wrest = malloc((nm + 1) * sizeof *wrest);
	se->parent = calloc(nm, sizeof *se->parent);
	se->pick = calloc(nm, sizeof *se->pick);
	se->n_state = calloc(nm + 1, sizeof *se->n_state);
	if (!hrest || !wrest || !se->parent || !se->pick || !se->n_state)
		goto out;
	hrest[nm] = 0;
	wrest[nm] = 0;
	for (size_t d = nm; d-- > 0;) {
		size_t g = se->order[d];
		long double h = -INFINITY;
		for (size_t c = se->g0[g]; c < se->g0[g + 1]; c++) {
			long double v =
			    (long double)se->ch[c].q - se->lambda * (long double)se->ch[c].w;
			if (v > h)
				h = v;
		}
		hrest[d] = hrest[d + 1] + h;
		wrest[d] = wrest[d + 1] + se->ch[se->g0[g]].w;
	}
	int64_t cap = se->cap - wfix;
	long double floor_q = (long double)se->lb_q - se->tol - (long double)qfix;

	/* Depth 0: one empty state. */
	se->sw = malloc(sizeof *se->sw);
	se->sq = malloc(sizeof *se->sq);
	if (!se->sw || !se->sq)
		goto out;
	se->sw[0] = se->sq[0] = 0;
	se->n_state[0] = 1;
	for (size_t d = 0; d < depth; d++) {
		size_t g = se->order[d], ns = se->n_state[d], nc = 0;
		for (size_t x = 0; x < ns; x++)
			for (size_t c = se->g0[g]; c < se->g0[g + 1]; c++) {
				int64_t w = se->sw[x] + se->ch[c].w, q = se->sq[x] + se->ch[c].q;
				if (w + wrest[d + 1] > cap)
					break; /* choices rise in resource */
				if ((long double)q + se->lambda * (long double)(cap - w) +
				        hrest[d + 1] <
				    floor_q)
					continue;
				if (grow_to((void **)&se->cd, &se->cap_cd, nc + 1,
				            sizeof *se->cd) != 0)
					goto out;
				se->cd[nc++] = (struct cand){ w, q, (uint32_t)x, (uint32_t)c };
			}
		if (meter_add(&se->mt, nc + ns)) {
			st = 1;
			goto out;
		}
		qsort(se->cd, nc, sizeof *se->cd, cmp_cand);
		/* Pareto: rising resource, strictly rising gain; a full tie keeps
		 * the lexicographically smaller plan. */
		size_t out = 0;
		for (size_t i = 0; i < nc;) {
			size_t best = i, j = i + 1;
			for (; j < nc && se->cd[j].w == se->cd[i].w && se->cd[j].q == se->cd[i].q;
			     j++) {
				trace(se, d, se->cd[j].parent, sa);
				sa[g] = se->cd[j].ch;
				trace(se, d, se->cd[best].parent, sb);
				sb[g] = se->cd[best].ch;
				if (sel_cmp(se, d + 1, sa, sb) < 0)
					best = j;
			}
			if (out == 0 || se->cd[best].q > se->cd[out - 1].q)
				se->cd[out++] = se->cd[best];
			for (; j < nc && se->cd[j].w == se->cd[i].w; j++)
				;
			i = j;
		}
		int64_t *nw = realloc(se->sw, (out ? out : 1) * sizeof *nw);
		if (nw == NULL)
			goto out;
		se->sw = nw;
		int64_t *nq = realloc(se->sq, (out ? out : 1) * sizeof *nq);
		if (nq == NULL)
			goto out;
		se->sq = nq;
		se->parent[d] = malloc((out ? out : 1) * sizeof **se->parent);
		se->pick[d] = malloc((out ? out : 1) * sizeof **se->pick);
		if (!se->parent[d] || !se->pick[d])
			goto out;
		for (size_t i = 0; i < out; i++) {
			se->sw[i] = se->cd[i].w;
			se->sq[i] = se->cd[i].q;
			se->parent[d][i] = se->cd[i].parent;
			se->pick[d][i] = se->cd[i].ch;
		}
		se->n_state[d + 1] = out;
	}

	/* Step 5: the last group's best response to each state. */
	size_t gl = se->order[depth], c0 = se->g0[gl], c1 = se->g0[gl + 1];
	size_t ns = se->n_state[depth];
	const struct choice *lc = se->ch;
	int64_t qbest = INT64_MIN;
	if (meter_add(&se->mt, ns)) {
		st = 1;
		goto out;
	}
	for (size_t x = 0; x < ns; x++) {
		int64_t room = cap - se->sw[x];
		size_t lo = c0, hi = c1; /* the last choice with w <= room */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (lc[mid].w <= room)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > c0 && se->sq[x] + lc[lo - 1].q > qbest)
			qbest = se->sq[x] + lc[lo - 1].q;
	}
	if (qbest == INT64_MIN) {
		st = -2; /* cannot happen: the LP walk's plan is a state */
		goto out;
	}
	long double total = (long double)qbest + (long double)(qfix + pb->q_const);
	long double need = total - BEST_REL_TOL * total - (long double)(qfix + pb->q_const);
	size_t bx = SIZE_MAX, bc = 0;
	int64_t bw = 0, bq = 0;
	for (size_t x = 0; x < ns; x++) {
		int64_t room = cap - se->sw[x];
		size_t lo = c0, hi = c1; /* the first choice with q >= need - q_x */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if ((long double)(se->sq[x] + lc[mid].q) < need)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == c1 || lc[lo].w > room)
			continue;
		int64_t w = se->sw[x] + lc[lo].w, q = se->sq[x] + lc[lo].q;
		int better = bx == SIZE_MAX || w < bw || (w == bw && q > bq);
		if (!better && w == bw && q == bq) {
			trace(se, depth, (uint32_t)x, sa);
			sa[gl] = (uint32_t)lo;
			trace(se, depth, (uint32_t)bx, sb);
			sb[gl] = (uint32_t)bc;
			better = sel_cmp(se, nm, sa, sb) < 0;
		}
		if (better) {
			bx = x;
			bc = lo;
			bw = w;
			bq = q;
		}
	}
	trace(se, depth, (uint32_t)bx, se->sel);
	se->sel[gl] = (uint32_t)bc;
	st = 0;
out:
	free(gs);
	free(sa);
	free(sb);
	free(hrest);
	free(wrest);
	return st;
}

/* A budget's answer, in the prob's terms. */
struct answer {
	uint32_t *cnt; /* [n options] counts by option */
	int optimal;
	long double u; /* bound on the free rows' gain, quanta */
	uint64_t work;
};

/* Solve PB at BUDGET (>= pb->w_min).  BKSEF_OK or BKSEF_ENOMEM. */
static int prob_solve(const struct prob *pb, int64_t budget, const struct best_limits *lim,
                      struct answer *ans)
{
	struct search se = { .pb = pb };
	size_t no = pb->n_grp ? pb->grp[pb->n_grp - 1].opt0 + pb->grp[pb->n_grp - 1].k : 0;
	int st = BKSEF_ENOMEM, r;

	meter_start(&se.mt, lim);
	se.cap = budget - pb->w_const;
	ans->cnt = calloc(no ? no : 1, sizeof *ans->cnt);
	if (ans->cnt == NULL || search_lp(&se) != 0)
		goto out;
	ans->u = se.u;
	ans->optimal = 0;
	memcpy(ans->cnt, se.lb, no * sizeof *ans->cnt);
	r = search_enum(&se);
	if (r < 0)
		goto out;
	if (r == 0) {
		r = search_dp(&se);
		if (r == -1)
			goto out;
		if (r == 0) {
			for (size_t g = 0; g < pb->n_grp; g++)
				memcpy(ans->cnt + pb->grp[g].opt0, se.pool + se.ch[se.sel[g]].cnt,
				       pb->grp[g].k * sizeof *ans->cnt);
			ans->optimal = 1;
		}
	}
	st = BKSEF_OK;
out:
	ans->work = se.mt.work;
	search_free(&se);
	return st;
}

/* The gap's bound in units of G: U in quanta, plus every quantum's rounding
 * (half a quantum each, and the rounding of a / a_max) and the rounding of a
 * double sum of the plan's gains. */
static double bound_gain(const struct prob *pb, long double u_free)
{
	long double u = (u_free + (long double)pb->q_const) * (long double)pb->unit;
	long double slack = (long double)pb->n_counted * (long double)pb->unit;
	u += slack + fabsl(u) * 4 * (long double)(pb->n_counted + 2) * DBL_EPSILON;
	return (double)u;
}

static int check_resource(int resource, struct diag *dg)
{
	if (resource != BUDGET_MACS && resource != BUDGET_PARAMS)
		return diag_set(dg, BKSEF_EUSAGE, 0, "unknown budget resource");
	return BKSEF_OK;
}

int best_solve(const struct score *s, const struct score_params *p, const struct pin *pins,
               size_t n_pins, int resource, int64_t budget, const struct best_limits *lim,
               struct plan *out, struct best_result *res, struct diag *dg)
{
	struct best_limits dl;
	struct prob pb;
	struct answer ans = { 0 };
	int st;

	memset(res, 0, sizeof *res);
	if (lim == NULL) {
		best_limits_default(&dl);
		lim = &dl;
	}
	st = score_params_check(p, dg);
	if (st == BKSEF_OK)
		st = check_resource(resource, dg);
	if (st != BKSEF_OK)
		return st;
	st = prob_build(s, p, pins, n_pins, resource, out, &pb, dg);
	if (st != BKSEF_OK)
		return st;
	res->reachable = pb.w_min;
	if (budget < pb.w_min) {
		/* The cheapest plan: every free row at its cheapest option. */
		size_t no = pb.n_grp ? pb.grp[pb.n_grp - 1].opt0 + pb.grp[pb.n_grp - 1].k : 0;
		uint32_t *cnt = calloc(no ? no : 1, sizeof *cnt);
		if (cnt == NULL) {
			prob_free(&pb);
			return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		}
		for (size_t g = 0; g < pb.n_grp; g++)
			cnt[pb.grp[g].opt0] = pb.grp[g].m;
		prob_plan(&pb, cnt, out);
		free(cnt);
		res->used = pb.w_min;
		res->gain = prob_gain(&pb, out);
		prob_free(&pb);
		return diag_set(
		    dg, BKSEF_EINPUT, 0,
		    "budget of %lld %s cannot be met: the cheapest plan with these "
		    "candidates and pins needs %lld %s",
		    (long long)budget, resource == BUDGET_PARAMS ? "parameters" : "MACs",
		    (long long)res->reachable, resource == BUDGET_PARAMS ? "parameters" : "MACs");
	}
	st = prob_solve(&pb, budget, lim, &ans);
	if (st != BKSEF_OK) {
		free(ans.cnt);
		prob_free(&pb);
		return diag_set(dg, st, 0, "out of memory");
	}
	prob_plan(&pb, ans.cnt, out);
	res->optimal = ans.optimal;
	res->work = ans.work;
	res->gain = prob_gain(&pb, out);
	res->used = resource == BUDGET_PARAMS ? out->params : out->macs;
	if (ans.optimal) {
		res->bound = res->gain;
		res->gap = 0;
	} else {
		res->bound = bound_gain(&pb, ans.u);
		if (res->bound < res->gain)
			res->bound = res->gain;
		res->gap = res->bound - res->gain;
	}
	free(ans.cnt);
	prob_free(&pb);
	return BKSEF_OK;
}

/* ---- The frontier ---- */

/* A point being collected: its plan's counts and what best_solve said. */
struct fpoint {
	int64_t w, budget;
	long double q;
	int optimal;
	double gap;
	size_t cnt; /* counts: block[cnt .. cnt + n options) */
};

struct fcollect {
	struct fpoint *pt;
	size_t n, cap;
	uint32_t *block;
	size_t n_block, cap_block;
};

static int collect_add(struct fcollect *fc, size_t no, const uint32_t *cnt, struct fpoint pt)
{
	if (grow_to((void **)&fc->pt, &fc->cap, fc->n + 1, sizeof *fc->pt) != 0 ||
	    grow_to((void **)&fc->block, &fc->cap_block, fc->n_block + no + 1, sizeof *fc->block) !=
	        0)
		return -1;
	memcpy(fc->block + fc->n_block, cnt, no * sizeof *cnt);
	pt.cnt = fc->n_block;
	fc->n_block += no;
	fc->pt[fc->n++] = pt;
	return 0;
}

/* Every group's undominated count vectors without a budget (a DP over the
 * group's rows), combined over the groups: the exact frontier, or 1 when
 * the limits stop it. */
static int frontier_exact(const struct prob *pb, struct meter *mt, struct fcollect *fc)
{
	struct search se = { .pb = pb };
	size_t no = pb->n_grp ? pb->grp[pb->n_grp - 1].opt0 + pb->grp[pb->n_grp - 1].k : 0;
	uint32_t *cnt = malloc((no ? no : 1) * sizeof *cnt);
	uint32_t *sa = malloc((pb->n_grp ? pb->n_grp : 1) * sizeof *sa);
	uint32_t *sb = malloc((pb->n_grp ? pb->n_grp : 1) * sizeof *sb);
	struct choice *prev = NULL;
	uint32_t *prev_pool = NULL;
	int st = -1;

	se.g0 = malloc((pb->n_grp + 1) * sizeof *se.g0);
	se.order = malloc((pb->n_grp ? pb->n_grp : 1) * sizeof *se.order);
	se.sel = malloc((pb->n_grp ? pb->n_grp : 1) * sizeof *se.sel);
	if (!cnt || !sa || !sb || !se.g0 || !se.order || !se.sel)
		goto out;

	/* A group's count vectors, row by row: a DP over counts. */
	for (size_t g = 0; g < pb->n_grp; g++) {
		const struct grp *gp = &pb->grp[g];
		uint32_t zero[BEST_MAX_OPT] = { 0 };
		size_t from = se.n_ch, pool_from = se.n_pool;
		se.g0[g] = from;
		if (add_choice(&se, gp->k, zero, 0, 0) != 0)
			goto out;
		for (uint32_t row = 0; row < gp->m; row++) {
			size_t n = se.n_ch - from;
			struct choice *np = realloc(prev, (n ? n : 1) * sizeof *np);
			uint32_t *pp = realloc(prev_pool, (n * gp->k + 1) * sizeof *pp);
			if (np)
				prev = np;
			if (pp)
				prev_pool = pp;
			if (!np || !pp)
				goto out;
			for (size_t i = 0; i < n; i++) {
				prev[i] = se.ch[from + i];
				memcpy(prev_pool + i * gp->k, se.pool + prev[i].cnt,
				       gp->k * sizeof *prev_pool);
			}
			/* The row's vectors are copied: make them afresh. */
			se.n_ch = from;
			se.n_pool = pool_from;
			if (meter_add(mt, n * gp->k)) {
				st = 1;
				goto out;
			}
			for (size_t i = 0; i < n; i++)
				for (uint32_t o = 0; o < gp->k; o++) {
					uint32_t c[BEST_MAX_OPT];
					memcpy(c, prev_pool + i * gp->k, gp->k * sizeof *c);
					c[o]++;
					if (add_choice(&se, gp->k, c,
					               prev[i].w + pb->ow[gp->opt0 + o],
					               prev[i].q + pb->oq[gp->opt0 + o]) != 0)
						goto out;
				}
			pareto_choices(&se, gp, from);
		}
	}
	se.g0[pb->n_grp] = se.n_ch;

	/* Combine the groups, in order, keeping every undominated state. */
	size_t ng = pb->n_grp;
	se.n_multi = ng;
	for (size_t g = 0; g < ng; g++)
		se.order[g] = (uint32_t)g;
	se.parent = calloc(ng ? ng : 1, sizeof *se.parent);
	se.pick = calloc(ng ? ng : 1, sizeof *se.pick);
	se.n_state = calloc(ng + 1, sizeof *se.n_state);
	se.sw = malloc(sizeof *se.sw);
	se.sq = malloc(sizeof *se.sq);
	if (!se.parent || !se.pick || !se.n_state || !se.sw || !se.sq)
		goto out;
	se.sw[0] = se.sq[0] = 0;
	se.n_state[0] = 1;
	for (size_t d = 0; d < ng; d++) {
		size_t ns = se.n_state[d], nc = 0;
		if (meter_add(mt, ns * (se.g0[d + 1] - se.g0[d]))) {
			st = 1;
			goto out;
		}
		for (size_t x = 0; x < ns; x++)
			for (size_t c = se.g0[d]; c < se.g0[d + 1]; c++) {
				if (grow_to((void **)&se.cd, &se.cap_cd, nc + 1, sizeof *se.cd) !=
				    0)
					goto out;
				se.cd[nc++] =
				    (struct cand){ se.sw[x] + se.ch[c].w, se.sq[x] + se.ch[c].q,
					           (uint32_t)x, (uint32_t)c };
			}
		qsort(se.cd, nc, sizeof *se.cd, cmp_cand);
		size_t outn = 0;
		for (size_t i = 0; i < nc;) {
			size_t best = i, j = i + 1;
			for (; j < nc && se.cd[j].w == se.cd[i].w && se.cd[j].q == se.cd[i].q;
			     j++) {
				trace(&se, d, se.cd[j].parent, sa);
				sa[d] = se.cd[j].ch;
				trace(&se, d, se.cd[best].parent, sb);
				sb[d] = se.cd[best].ch;
				if (sel_cmp(&se, d + 1, sa, sb) < 0)
					best = j;
			}
			if (outn == 0 || se.cd[best].q > se.cd[outn - 1].q)
				se.cd[outn++] = se.cd[best];
			for (; j < nc && se.cd[j].w == se.cd[i].w; j++)
				;
			i = j;
		}
		int64_t *nw = realloc(se.sw, (outn ? outn : 1) * sizeof *nw);
		if (nw == NULL)
			goto out;
		se.sw = nw;
		int64_t *nq = realloc(se.sq, (outn ? outn : 1) * sizeof *nq);
		if (nq == NULL)
			goto out;
		se.sq = nq;
		se.parent[d] = malloc((outn ? outn : 1) * sizeof **se.parent);
		se.pick[d] = malloc((outn ? outn : 1) * sizeof **se.pick);
		if (!se.parent[d] || !se.pick[d])
			goto out;
		for (size_t i = 0; i < outn; i++) {
			se.sw[i] = se.cd[i].w;
			se.sq[i] = se.cd[i].q;
			se.parent[d][i] = se.cd[i].parent;
			se.pick[d][i] = se.cd[i].ch;
		}
		se.n_state[d + 1] = outn;
	}

	/* The final states are the Pareto set, rising in resource and gain.
	 * At a budget between state i's resource and the next, best_solve
	 * returns the first state within the tolerance of state i's gain:
	 * those are the points. */
	size_t ns = se.n_state[ng];
	long double qc = (long double)pb->q_const;
	size_t f = 0, last = SIZE_MAX;
	for (size_t i = 0; i < ns; i++) {
		long double total = (long double)se.sq[i] + qc;
		long double need = total - BEST_REL_TOL * total;
		while ((long double)se.sq[f] + qc < need)
			f++;
		if (f == last)
			continue;
		last = f;
		trace(&se, ng, (uint32_t)f, se.sel);
		for (size_t g = 0; g < ng; g++)
			memcpy(cnt + pb->grp[g].opt0, se.pool + se.ch[se.sel[g]].cnt,
			       pb->grp[g].k * sizeof *cnt);
		struct fpoint pt = { se.sw[f] + pb->w_const,
			             se.sw[i] + pb->w_const,
			             (long double)se.sq[f] + qc,
			             1,
			             0,
			             0 };
		if (collect_add(fc, no, cnt, pt) != 0)
			goto out;
	}
	st = 0;
out:
	free(cnt);
	free(sa);
	free(sb);
	free(prev);
	free(prev_pool);
	search_free(&se);
	return st;
}

void best_frontier_free(struct best_frontier *fr)
{
	if (fr == NULL)
		return;
	free(fr->point);
	free(fr->counts);
	free(fr);
}

int best_frontier(const struct score *s, const struct score_params *p, const struct pin *pins,
                  size_t n_pins, int resource, size_t n_budgets, const struct best_limits *lim,
                  struct best_frontier **out, struct diag *dg)
{
	const struct cand_table *t = score_table(s);
	struct best_limits dl;
	struct prob pb;
	struct fcollect fc = { 0 };
	struct meter mt;
	struct plan *plan = NULL;
	struct best_frontier *fr = NULL;
	uint32_t *cnt = NULL;
	int st, exact = 0;

	*out = NULL;
	if (lim == NULL) {
		best_limits_default(&dl);
		lim = &dl;
	}
	st = score_params_check(p, dg);
	if (st == BKSEF_OK)
		st = check_resource(resource, dg);
	if (st == BKSEF_OK && n_budgets < 2)
		st = diag_set(dg, BKSEF_EUSAGE, 0, "a frontier needs at least 2 budgets");
	if (st != BKSEF_OK)
		return st;
	plan = plan_new(t);
	if (plan == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	st = prob_build(s, p, pins, n_pins, resource, plan, &pb, dg);
	if (st != BKSEF_OK) {
		plan_free(plan);
		return st;
	}
	st = BKSEF_ENOMEM;
	size_t no = pb.n_grp ? pb.grp[pb.n_grp - 1].opt0 + pb.grp[pb.n_grp - 1].k : 0;

	/* Exact when it fits in half the limits; the budgets get the rest. */
	struct best_limits half = *lim;
	half.seconds = lim->seconds > 0 ? lim->seconds / 2 : 0;
	half.max_work = lim->max_work / 2 + (lim->max_work == 1);
	meter_start(&mt, &half);
	int r = frontier_exact(&pb, &mt, &fc);
	if (r < 0)
		goto fail;
	exact = r == 0;
	if (!exact) {
		double t0 = now_seconds();
		fc.n = fc.n_block = 0;
		for (size_t i = 0; i < n_budgets; i++) {
			struct answer ans = { 0 };
			struct best_limits each = *lim;
			int64_t b =
			    pb.w_min + (int64_t)((long double)(pb.w_top - pb.w_min) *
			                         (long double)i / (long double)(n_budgets - 1));
			if (lim->seconds > 0) {
				double left = lim->seconds - (now_seconds() - t0);
				each.seconds = left > 0 ? left / (double)(n_budgets - i) : 1e-9;
			}
			each.max_work = lim->max_work / n_budgets + (lim->max_work != 0);
			if (prob_solve(&pb, b, &each, &ans) != BKSEF_OK) {
				free(ans.cnt);
				goto fail;
			}
			int64_t w = 0;
			long double q = (long double)pb.q_const;
			for (size_t g = 0; g < pb.n_grp; g++)
				for (size_t o = pb.grp[g].opt0; o < pb.grp[g].opt0 + pb.grp[g].k;
				     o++) {
					w += (int64_t)ans.cnt[o] * pb.ow[o];
					q += (long double)ans.cnt[o] * (long double)pb.oq[o];
				}
			struct fpoint pt = { w + pb.w_const, b, q, ans.optimal, 0, 0 };
			if (!ans.optimal)
				pt.gap = bound_gain(&pb, ans.u);
			int same = fc.n > 0 && memcmp(fc.block + fc.pt[fc.n - 1].cnt, ans.cnt,
			                              no * sizeof *cnt) == 0;
			int rc = same ? 0 : collect_add(&fc, no, ans.cnt, pt);
			free(ans.cnt);
			if (rc != 0)
				goto fail;
		}
	}

	/* The points: plans rebuilt, totals and counts. */
	fr = calloc(1, sizeof *fr);
	if (fr == NULL)
		goto fail;
	fr->n = fc.n;
	fr->exact = exact;
	fr->n_columns = t->n_columns;
	fr->n_conv = t->n_conv;
	fr->point = calloc(fc.n ? fc.n : 1, sizeof *fr->point);
	fr->counts =
	    calloc((fc.n ? fc.n : 1) * (t->n_columns ? t->n_columns : 1), sizeof *fr->counts);
	if (fr->point == NULL || fr->counts == NULL)
		goto fail;
	for (size_t i = 0; i < fc.n; i++) {
		struct best_point *bp = &fr->point[i];
		prob_plan(&pb, fc.block + fc.pt[i].cnt, plan);
		bp->resource = resource == BUDGET_PARAMS ? plan->params : plan->macs;
		bp->budget = fc.pt[i].budget;
		bp->macs = plan->macs;
		bp->params = plan->params;
		bp->gain = prob_gain(&pb, plan);
		bp->optimal = fc.pt[i].optimal;
		bp->gap = 0;
		if (!bp->optimal)
			bp->gap = fc.pt[i].gap > bp->gain ? fc.pt[i].gap - bp->gain : 0;
		bp->n_k = fr->counts + i * t->n_columns;
		for (size_t rr = 0, rows = score_rows(s); rr < rows; rr++) {
			size_t conv = score_row_conv(s, rr);
			uint16_t col = t->col[t->first[conv] + plan->choice[conv]];
			if (col != CAND_TABLE_NO_COL)
				bp->n_k[col]++;
		}
	}
	*out = fr;
	fr = NULL;
	st = BKSEF_OK;
fail:
	free(cnt);
	free(fc.pt);
	free(fc.block);
	best_frontier_free(fr);
	plan_free(plan);
	prob_free(&pb);
	if (st != BKSEF_OK)
		diag_set(dg, st, 0, "out of memory");
	return st;
}
