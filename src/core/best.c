/* best.c -- the best plan under a budget, solved exactly as a multiple-choice
 * knapsack over groups of identical layers, and the frontier of such plans.
 *
 * THE PROBLEM.  Each free conv (tunable, not pinned, with at least one
 * scored candidate) takes one of its scored candidates j, with gain
 * a(j) = l1*I~(j) + l2*A~(j) (score_row_lines: normalised exactly as in
 * scoring, same scope and candidate sets) and resource w(j) (the layer's
 * MACs or parameters at that kernel).  Every other conv keeps its loaded or
 * pinned kernel and adds a constant.  A plan is feasible when its total
 * resource is at most the budget B.  Its gain G is the sum of a over the
 * tunable convs whose kernel is one of their scored candidates (pinned ones
 * included, a constant), in network order.  The best plan:
 *   G* = the largest G of a feasible plan;
 *   of the feasible plans with G >= G* (1 - 1e-12), the least resource;
 *   then the larger G; then the lexicographically smaller kernel vector in
 *   network order.
 *
 * EXACT ARITHMETIC.  Sums of doubles depend on their order: two plans that
 * swap the kernels of two identical layers would differ in the last bits.
 * The search therefore rounds every gain to a whole number of quanta,
 * q = round(a / a_max * 2^b) with b = 62 - ceil(log2(n + 1)) for n counted
 * convs, so that every sum is exact in 64 bits and independent of order,
 * and a tie is a tie of these sums.  A quantum is a_max 2^-b: 2^-52 a_max
 * for 1,000 convs, 2^-45 a_max for 100,000, far below the 1e-12 tolerance.
 * The G reported is the plan's recomputed in doubles in network order.
 *
 * THE ALGORITHM.
 * 1. Per conv, drop the dominated candidates (another costs no more and
 *    gains no less; on a full tie the smaller kernel stays).  Convs whose
 *    remaining (resource, gain) lists are identical form a group of m rows
 *    (the 3x3 convs of a ResNet stage, the ten layer types of a synthetic
 *    network): a group's plan is a count vector n_i (rows at option i).  Of
 *    the arrangements of given counts the lexicographically smallest gives
 *    the group's rows, in network order, their options in increasing order.
 * 2. The LP relaxation: the upper concave hull of each group's options; its
 *    increments, taken in decreasing gain per resource until the budget is
 *    spent, give the multiplier L of the first that does not fit (0 when
 *    all fit) and the Lagrangian bound
 *        U = L B' + sum over groups of m h,   h = max_i (q_i - L w_i)
 *    (B' the budget less the constants), which bounds the gain of every
 *    feasible plan whatever L is (weak duality) and here equals the LP's
 *    optimum.  Continuing the walk with every increment that still fits
 *    gives a feasible plan, the first lower bound LB.
 * 3. Reduced costs r_i = h - (q_i - L w_i) >= 0.  For any feasible plan P,
 *    U - G(P) = L (B' - W(P)) + the sum of its rows' r, so a plan of the tie
 *    set above loses at most D = U - LB + tolerance in r.  Per group, the
 *    count vectors losing at most D are enumerated (options with r = 0,
 *    usually the two ends of the LP's split increment, take any count) and
 *    the dominated ones dropped.  A group left with one vector is fixed.
 * 4. The other groups are combined by dynamic programming over (resource,
 *    gain) states, one group at a time, fewest vectors first, by merging one
 *    list per vector in increasing resource.  A state is dropped when
 *    another has no more resource and no less gain (on a full tie the
 *    lexicographically smaller plan stays), when the cheapest completion
 *    exceeds the budget, or when its Lagrangian bound (its gain, plus L
 *    times the resource left, plus the remaining groups' largest q - L w)
 *    is below U - D.  The group with the most vectors is not combined: each
 *    state takes its best response by binary search, so that a long run of
 *    identical layers at the LP's split costs a search, not a product.
 * 5. From the final states: G*, then the least resource within the
 *    tolerance, the larger gain, the lexicographically smaller plan.
 * Steps 3-5 run first with a small D' (an eighth of U - LB, growing
 * fourfold): when the best plan found, of gain G', has U - G' + tolerance
 * <= D', no plan losing more than D' can compete and the answer is final;
 * otherwise G' tightens D for the next round.
 *
 * GUARANTEES.  Every rule that drops a plan keeps one at least as good
 * under the rules above, so when the search completes the plan is the best
 * (result "optimal", gap 0).  Work is counted in states and vectors made;
 * when a limit (the work count, deterministic, or wall time) stops the
 * search, the plan is the best one known (at worst the LP walk's) with the
 * certified gap U - G >= 0, U converted back from quanta adding the
 * rounding of every quantum and of a double sum of n gains, so that it
 * bounds the G of every feasible plan.
 *
 * THE FRONTIER.  The plans best_solve returns at some budget.  Exactly:
 * every group's undominated count vectors (a DP over its rows), combined
 * over the groups with dominance alone; at a budget between two consecutive
 * Pareto states the answer is the first state within the tolerance of the
 * lower one's gain.  Else best_solve at evenly spaced budgets.
 */
#include <config.h>

#include "best.h"
#include "progress.h"
#include "request.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Gains within this relative distance of the best are equal. */
#define BEST_REL_TOL 1e-12

/* The frontier is sought exactly for at most this many free convs. */
#define BEST_FRONTIER_EXACT_CONVS 1000

/* Options of one row: at most CAND_MAX scored candidates. */
#define BEST_MAX_OPT (CAND_MAX + 1)

/* Identical rows: M rows sharing K options, increasing in resource and gain. */
struct grp {
	uint32_t m, k;
	uint32_t row0; /* rows: pb->grow[row0 .. row0 + m), in network order */
	uint32_t opt0; /* options: pb->ow, pb->oq[opt0 .. opt0 + k) */
};

/* An increment of the LP: a group's rows from hull option FROM to TO, at
 * SLOPE gain per resource. */
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
	size_t n_opt;         /* group options */
	struct inc *inc;      /* the LP's increments, in decreasing slope */
	size_t n_inc;
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
	if (progress_tick(NULL, 0, 0))
		return mt->stopped = 1; /* the caller sees progress_cancelled */
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

/* What a solve that failed with ST says. */
static const char *best_error(int st)
{
	return st == BKSEF_ECANCELED ? "cancelled" : "out of memory";
}

void best_limits_default(struct best_limits *lim)
{
	lim->seconds = BEST_SECONDS_DEFAULT;
	lim->max_work = 0;
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
	free(pb->inc);
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

/* The upper concave hull of each group's options and its increments, in
 * decreasing slope (step 2's order; the same for every budget). */
static int prob_hull(struct prob *pb)
{
	uint32_t hull[BEST_MAX_OPT];
	pb->inc = malloc((pb->n_opt ? pb->n_opt : 1) * sizeof *pb->inc);
	if (pb->inc == NULL)
		return -1;
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
			pb->inc[pb->n_inc++] =
			    (struct inc){ (long double)(q[hull[h + 1]] - q[hull[h]]) /
				              (long double)(w[hull[h + 1]] - w[hull[h]]),
				          (uint32_t)g, hull[h], hull[h + 1] };
	}
	qsort(pb->inc, pb->n_inc, sizeof *pb->inc, cmp_inc);
	return 0;
}

/* Fill PB's gains (every scored candidate's a under P), its base (the loaded
 * kernels with PINS over them, made in SCRATCH) and its free rows (tunable,
 * unpinned), with w_const, n_counted, q_const and the quantum: PINNED
 * (n_conv bytes, zero) gets the pinned convs; *AMAX the largest gain that
 * counts, *BITS the bits of a quantised gain.  0, or -1 when a row's lines
 * cannot be had. */
static int prob_rows(struct prob *pb, const struct score_params *p, const struct pin *pins,
                     size_t n_pins, struct plan *scratch, uint8_t *pinned, double *amax, int *bits)
{
	const struct score *s = pb->s;
	const struct cand_table *t = pb->t;
	size_t rows = score_rows(s);
	double c[BEST_MAX_OPT];

	/* Gains of every scored candidate: a row's are its class's first
	 * row's (score_classes), found earlier. */
	for (size_t r = 0; r < rows; r++) {
		size_t conv = score_row_conv(s, r), n = t->n_scored[conv];
		size_t r0 = score_class_row(s, score_row_class(s, r));
		if (n > 0 && r0 < r)
			memcpy(pb->gain + t->first[conv],
			       pb->gain + t->first[score_row_conv(s, r0)], n * sizeof *pb->gain);
		else if (n > 0 && score_row_lines(s, r, p, pb->gain + t->first[conv], c) != n)
			return -1;
	}
	plan_from_net(scratch);
	plan_apply_pins(scratch, pins, n_pins);
	memcpy(pb->base, scratch->choice, t->n_conv);
	for (size_t q = 0; q < n_pins; q++) {
		long cv = cand_table_row_of(t, pins[q].layer);
		if (cv >= 0)
			pinned[cv] = 1;
	}
	plan_update_totals(scratch);
	pb->w_const = plan_resource(scratch, pb->resource);

	/* Free rows, the counted ones and the largest gain. */
	*amax = 0;
	for (size_t r = 0; r < rows; r++) {
		size_t conv = score_row_conv(s, r), n = t->n_scored[conv], f = t->first[conv];
		if (n == 0)
			continue;
		if (pinned[conv]) {
			if (pb->base[conv] < n) {
				pb->n_counted++;
				if (pb->gain[f + pb->base[conv]] > *amax)
					*amax = pb->gain[f + pb->base[conv]];
			}
			continue;
		}
		pb->fconv[pb->n_free++] = (uint32_t)conv;
		pb->n_counted++;
		pb->w_const -= cand_table_resource(t, pb->resource, f + pb->base[conv]);
		for (size_t j = 0; j < n; j++)
			if (pb->gain[f + j] > *amax)
				*amax = pb->gain[f + j];
	}
	int lg = 0;
	while (lg < 62 && ((uint64_t)1 << lg) < (uint64_t)pb->n_counted + 1)
		lg++;
	*bits = 62 - lg;
	pb->unit = *amax > 0 ? ldexp(*amax, -*bits) : 0;
	for (size_t r = 0; r < rows; r++) {
		size_t conv = score_row_conv(s, r);
		if (pinned[conv] && pb->base[conv] < t->n_scored[conv])
			pb->q_const +=
			    quantise(pb->gain[t->first[conv] + pb->base[conv]], *amax, *bits);
	}
	return 0;
}

/* Each free row's undominated options (their resource in RW, their gain in
 * quanta of AMAX over BITS in RQ, their index in the row in pb->fj, from
 * pb->fopt[row]), rising in resource; with w_min and w_top. */
static void prob_options(struct prob *pb, double amax, int bits, int64_t *rw, int64_t *rq)
{
	const struct cand_table *t = pb->t;
	size_t nf = pb->n_free, nk = 0;

	pb->w_min = pb->w_const;
	pb->w_top = pb->w_const;
	for (size_t fr = 0; fr < nf; fr++) {
		size_t conv = pb->fconv[fr], n = t->n_scored[conv], f = t->first[conv];
		int64_t w[BEST_MAX_OPT], q[BEST_MAX_OPT];
		for (size_t j = 0; j < n; j++) {
			w[j] = cand_table_resource(t, pb->resource, f + j);
			q[j] = quantise(pb->gain[f + j], amax, bits);
		}
		pb->fopt[fr] = (uint32_t)nk;
		for (size_t j = 0; j < n; j++) {
			int dominated = 0;
			for (size_t o = 0; o < n && !dominated; o++)
				dominated = o != j && w[o] <= w[j] && q[o] >= q[j] &&
				            (w[o] < w[j] || q[o] > q[j] || o < j);
			if (!dominated) {
				rw[nk] = w[j];
				rq[nk] = q[j];
				pb->fj[nk++] = (uint8_t)j;
			}
		}
		/* The kept options rise in resource, hence in gain.  They rise
		 * with j already (a layer's cost grows with its kernel's taps),
		 * so that an option's rank is its kernel's order, which the
		 * lexicographic rule relies on; the sort is a safeguard. */
		for (size_t i = pb->fopt[fr] + 1; i < nk; i++)
			for (size_t x = i; x > pb->fopt[fr] && rw[x] < rw[x - 1]; x--) {
				int64_t tw = rw[x], tq = rq[x];
				uint8_t tj = pb->fj[x];
				rw[x] = rw[x - 1];
				rq[x] = rq[x - 1];
				pb->fj[x] = pb->fj[x - 1];
				rw[x - 1] = tw;
				rq[x - 1] = tq;
				pb->fj[x - 1] = tj;
			}
		pb->w_min += rw[pb->fopt[fr]];
		pb->w_top += rw[nk - 1];
	}
	pb->fopt[nf] = (uint32_t)nk;
}

/* Group the free rows whose option lists (RW, RQ as prob_options left them)
 * are identical, by hashing: pb->grp, pb->grow, and each group's options
 * once in pb->ow and pb->oq.  BKSEF_OK or BKSEF_ENOMEM. */
static int prob_groups(struct prob *pb, const int64_t *rw, const int64_t *rq)
{
	size_t nf = pb->n_free, nk = pb->fopt[nf], hcap = 16, no = 0;
	uint32_t *slot, *gid, *gfill = NULL;
	int st = BKSEF_ENOMEM;

	while (hcap < 2 * nf)
		hcap *= 2;
	slot = malloc(hcap * sizeof *slot);
	gid = malloc((nf ? nf : 1) * sizeof *gid);
	pb->grp = malloc((nf ? nf : 1) * sizeof *pb->grp);
	pb->grow = malloc((nf ? nf : 1) * sizeof *pb->grow);
	pb->ow = malloc((nk ? nk : 1) * sizeof *pb->ow);
	pb->oq = malloc((nk ? nk : 1) * sizeof *pb->oq);
	if (!slot || !gid || !pb->grp || !pb->grow || !pb->ow || !pb->oq)
		goto out;
	for (size_t h = 0; h < hcap; h++)
		slot[h] = UINT32_MAX;
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
		goto out;
	for (size_t g = 0, at = 0; g < pb->n_grp; g++) {
		pb->grp[g].row0 = (uint32_t)at;
		at += pb->grp[g].m;
	}
	for (size_t fr = 0; fr < nf; fr++) {
		struct grp *gp = &pb->grp[gid[fr]];
		pb->grow[gp->row0 + gfill[gid[fr]]++] = (uint32_t)fr;
	}
	pb->n_opt = no;
	st = BKSEF_OK;
out:
	free(slot);
	free(gid);
	free(gfill);
	return st;
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
	int64_t *rw = NULL, *rq = NULL;
	double amax;
	int bits, st = BKSEF_ENOMEM;

	memset(pb, 0, sizeof *pb);
	pb->s = s;
	pb->t = t;
	pb->resource = resource;
	pb->gain = calloc(ne, sizeof *pb->gain);
	pb->base = malloc(nconv);
	pinned = calloc(nconv, 1);
	pb->fconv = malloc((rows ? rows : 1) * sizeof *pb->fconv);
	pb->fopt = malloc((rows + 1) * sizeof *pb->fopt);
	pb->fj = malloc(ne);
	rw = malloc(ne * sizeof *rw);
	rq = malloc(ne * sizeof *rq);
	if (!pb->gain || !pb->base || !pinned || !pb->fconv || !pb->fopt || !pb->fj || !rw || !rq)
		goto fail;
	if (prob_rows(pb, p, pins, n_pins, scratch, pinned, &amax, &bits) != 0)
		goto fail;
	prob_options(pb, amax, bits, rw, rq);
	if (prob_groups(pb, rw, rq) != BKSEF_OK || prob_hull(pb) != 0)
		goto fail;
	st = BKSEF_OK;
fail:
	free(pinned);
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
	int64_t lb_q;       /* its free rows' gain */
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
	size_t n_state_now; /* states in sw, sq being extended */
	int64_t *sw, *sq;   /* states of the current depth */
	struct cand *cd;
	size_t cap_cd;
	uint32_t *sel; /* [n_grp] the chosen count vector per group (index in ch) */
	int64_t q_max; /* the largest free-row gain of the states found */
	int64_t q_sel; /* the free-row gain of the plan chosen */
};

/* Free what one pass of steps 3-5 made. */
static void search_reset(struct search *se)
{
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
	free(se->sel);
	se->ch = NULL;
	se->pool = NULL;
	se->g0 = NULL;
	se->order = NULL;
	se->parent = se->pick = NULL;
	se->n_state = NULL;
	se->sw = se->sq = NULL;
	se->sel = NULL;
	se->n_ch = se->cap_ch = se->n_pool = se->cap_pool = se->n_multi = 0;
}

static void search_free(struct search *se)
{
	search_reset(se);
	free(se->lb);
	free(se->cd);
}

/* Step 2: the LP's multiplier and bound, and the plan of the LP walk. */
static int search_lp(struct search *se)
{
	const struct prob *pb = se->pb;
	int64_t rem = se->cap;
	int split = 0;

	se->lb = calloc(pb->n_opt ? pb->n_opt : 1, sizeof *se->lb);
	if (se->lb == NULL)
		return -1;
	for (size_t g = 0; g < pb->n_grp; g++) {
		se->lb[pb->grp[g].opt0] = pb->grp[g].m;
		rem -= (int64_t)pb->grp[g].m * pb->ow[pb->grp[g].opt0];
	}
	const struct inc *inc = pb->inc;
	size_t n_inc = pb->n_inc;
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

	/* The bound, and the walk's plan. */
	long double u = se->lambda * (long double)se->cap, mag = fabsl(u) + 1;
	se->lb_q = 0;
	for (size_t g = 0; g < pb->n_grp; g++) {
		const struct grp *gp = &pb->grp[g];
		long double h = -INFINITY;
		for (uint32_t i = 0; i < gp->k; i++) {
			long double v = (long double)pb->oq[gp->opt0 + i] -
			                se->lambda * (long double)pb->ow[gp->opt0 + i];
			if (v > h)
				h = v;
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
	if (meter_add(&ec->se->mt, 1))
		ec->fail = 1;
	else if (w <= ec->wcap && add_choice(ec->se, ec->gp->k, ec->cnt, w, q) != 0)
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

/* Step 3: every group's count vectors of loss at most BUDGET; 0, or 1 when
 * a limit stopped it, -1 out of memory. */
static int search_enum(struct search *se, long double budget)
{
	const struct prob *pb = se->pb;
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

/* A list head in the merge of dp_step: state X extended by choice C. */
struct head {
	int64_t w, q;
	uint32_t x, c;
};

/* Whether A comes before B: less resource, then more gain. */
static int head_before(const struct head *a, const struct head *b)
{
	return a->w < b->w || (a->w == b->w && a->q > b->q);
}

static void heap_push(struct head *h, size_t *n, struct head v)
{
	size_t i = (*n)++;
	while (i > 0 && head_before(&v, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = v;
}

static struct head heap_pop(struct head *h, size_t *n)
{
	struct head top = h[0], v = h[--*n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < *n && head_before(&h[l], &v))
			m = l;
		if (l + 1 < *n && head_before(&h[l + 1], m == i ? &v : &h[l]))
			m = l + 1;
		if (m == i)
			break;
		h[i] = h[m];
		i = m;
	}
	if (*n > 0)
		h[i] = v;
	return top;
}

/* The limits of one DP step: the resource left for the groups combined so
 * far and this one (CAP) once the later groups have their least (WREST),
 * and the floor FLOOR_Q on a state's gain plus LAMBDA * (CAP - its
 * resource) plus the later groups' largest q - LAMBDA w (HREST). */
struct step_lim {
	int64_t cap, wrest;
	long double hrest, floor_q;
};

/* The next state of the list of choice C, from state X on, that passes LIM;
 * returns 0 at the list's end. */
static int step_next(const struct search *se, const struct step_lim *lim, uint32_t c, size_t x,
                     struct head *out)
{
	const struct choice *ch = &se->ch[c];
	for (; x < se->n_state_now; x++) {
		int64_t w = se->sw[x] + ch->w, q = se->sq[x] + ch->q;
		if (w > lim->cap - lim->wrest)
			return 0; /* states rise in resource */
		if ((long double)q + se->lambda * (long double)(lim->cap - w) + lim->hrest <
		    lim->floor_q)
			continue;
		*out = (struct head){ w, q, (uint32_t)x, c };
		return 1;
	}
	return 0;
}

/* Combine the states of depth D with the choices of group order[D] into the
 * states of depth D + 1: a merge of one list per choice in increasing
 * resource, keeping the undominated states (a full tie keeps the
 * lexicographically smaller plan).  SA and SB are scratch selections.
 * Returns 0, 1 when a limit stopped it, -1 out of memory. */
static int dp_step(struct search *se, size_t d, const struct step_lim *lim, uint32_t *sa,
                   uint32_t *sb)
{
	uint32_t g = se->order[d];
	size_t c0 = se->g0[g], c1 = se->g0[g + 1], nh = 0, out = 0;
	struct head *heap = malloc((c1 > c0 ? c1 - c0 : 1) * sizeof *heap), h;

	if (heap == NULL)
		return -1;
	se->n_state_now = se->n_state[d];
	for (size_t c = c0; c < c1; c++)
		if (step_next(se, lim, (uint32_t)c, 0, &h))
			heap_push(heap, &nh, h);
	int64_t last_w = INT64_MIN;
	while (nh > 0) {
		h = heap_pop(heap, &nh);
		if (meter_add(&se->mt, 1)) {
			free(heap);
			return 1;
		}
		struct cand *top = out ? &se->cd[out - 1] : NULL;
		if (top && h.w == last_w) {
			/* The heap gives a resource's largest gain first: the rest
			 * at this resource are dominated, bar a full tie. */
			if (top->w == h.w && top->q == h.q) {
				trace(se, d, h.x, sa);
				sa[g] = h.c;
				trace(se, d, top->parent, sb);
				sb[g] = top->ch;
				if (sel_cmp(se, d + 1, sa, sb) < 0)
					*top = (struct cand){ h.w, h.q, h.x, h.c };
			}
		} else if (top == NULL || h.q > top->q) {
			if (grow_to((void **)&se->cd, &se->cap_cd, out + 1, sizeof *se->cd) != 0) {
				free(heap);
				return -1;
			}
			se->cd[out++] = (struct cand){ h.w, h.q, h.x, h.c };
		}
		last_w = h.w;
		if (step_next(se, lim, h.c, (size_t)h.x + 1, &h))
			heap_push(heap, &nh, h);
	}
	free(heap);

	/* The new states. */
	int64_t *nw = realloc(se->sw, (out ? out : 1) * sizeof *nw);
	if (nw == NULL)
		return -1;
	se->sw = nw;
	int64_t *nq = realloc(se->sq, (out ? out : 1) * sizeof *nq);
	if (nq == NULL)
		return -1;
	se->sq = nq;
	se->parent[d] = malloc((out ? out : 1) * sizeof **se->parent);
	se->pick[d] = malloc((out ? out : 1) * sizeof **se->pick);
	if (!se->parent[d] || !se->pick[d])
		return -1;
	for (size_t i = 0; i < out; i++) {
		se->sw[i] = se->cd[i].w;
		se->sq[i] = se->cd[i].q;
		se->parent[d][i] = se->cd[i].parent;
		se->pick[d][i] = se->cd[i].ch;
	}
	se->n_state[d + 1] = out;
	return 0;
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

/* Steps 4 and 5, keeping the states whose bound reaches FLOOR (free rows'
 * gain): returns 0 with se->sel, q_max and q_sel set, 2 when no plan
 * reaches FLOOR, 1 when stopped, -1 out of memory. */
static int search_dp(struct search *se, long double floor)
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
		se->q_max = se->q_sel = qfix;
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
	long double floor_q = floor - (long double)qfix;

	/* Depth 0: one empty state. */
	se->sw = malloc(sizeof *se->sw);
	se->sq = malloc(sizeof *se->sq);
	if (!se->sw || !se->sq)
		goto out;
	se->sw[0] = se->sq[0] = 0;
	se->n_state[0] = 1;
	for (size_t d = 0; d < depth; d++) {
		struct step_lim lim = { cap, wrest[d + 1], hrest[d + 1], floor_q };
		int r = dp_step(se, d, &lim, sa, sb);
		if (r != 0) {
			st = r;
			goto out;
		}
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
		st = 2;
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
	se->q_max = qbest + qfix;
	se->q_sel = bq + qfix;
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
	long double u;      /* bound on the free rows' gain, quanta */
	long double lambda; /* the LP's multiplier, quanta per resource unit */
	uint64_t work;
};

/* Solve PB at BUDGET (>= pb->w_min).  BKSEF_OK or BKSEF_ENOMEM. */
static int prob_solve(const struct prob *pb, int64_t budget, const struct best_limits *lim,
                      struct answer *ans)
{
	struct search se = { .pb = pb };
	size_t no = pb->n_opt;
	int st = BKSEF_ENOMEM, r;

	meter_start(&se.mt, lim);
	se.cap = budget - pb->w_const;
	ans->cnt = calloc(no ? no : 1, sizeof *ans->cnt);
	if (ans->cnt == NULL || search_lp(&se) != 0)
		goto out;
	ans->u = se.u;
	ans->lambda = se.lambda;
	ans->optimal = 0;
	memcpy(ans->cnt, se.lb, no * sizeof *ans->cnt);

	/* Plans of the tie set lose at most FULL; search those that lose at
	 * most DELTA, growing it, until the best plan found proves that none
	 * losing more can compete (U - its gain + tolerance <= DELTA). */
	long double full = se.u - (long double)se.lb_q + se.tol;
	long double delta = se.tol + (se.u - (long double)se.lb_q) / 8;
	int64_t best_q = se.lb_q;
	for (;;) {
		int last = delta >= full;
		if (last)
			delta = full;
		search_reset(&se);
		r = search_enum(&se, delta);
		if (r == 0)
			r = search_dp(&se, se.u - delta);
		if (r < 0)
			goto out;
		if (r == 1)
			break;
		if (r == 0 && (last || se.u - (long double)se.q_max + se.tol <= delta)) {
			for (size_t g = 0; g < pb->n_grp; g++)
				memcpy(ans->cnt + pb->grp[g].opt0, se.pool + se.ch[se.sel[g]].cnt,
				       pb->grp[g].k * sizeof *ans->cnt);
			ans->optimal = 1;
			break;
		}
		if (r == 0) {
			if (se.q_sel > best_q) {
				best_q = se.q_sel;
				for (size_t g = 0; g < pb->n_grp; g++)
					memcpy(ans->cnt + pb->grp[g].opt0,
					       se.pool + se.ch[se.sel[g]].cnt,
					       pb->grp[g].k * sizeof *ans->cnt);
			}
			if (se.u - (long double)se.q_max + se.tol < full)
				full = se.u - (long double)se.q_max + se.tol;
		}
		if (last)
			break; /* cannot happen: the LP walk's plan reaches the floor */
		delta *= 4;
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

static int check_resource(const struct score *s, int resource, struct diag *dg)
{
	return request_resource_check(resource, score_table(s)->spec.cost, dg);
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
		st = check_resource(s, resource, dg);
	if (st != BKSEF_OK)
		return st;
	st = prob_build(s, p, pins, n_pins, resource, out, &pb, dg);
	if (st != BKSEF_OK)
		return st;
	res->reachable = pb.w_min;
	if (budget < pb.w_min) {
		/* The cheapest plan: every free row at its cheapest option. */
		size_t no = pb.n_opt;
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
		return diag_set(dg, BKSEF_EINPUT, 0,
		                "budget of %lld %s cannot be met: the cheapest plan with these "
		                "candidates and pins needs %lld %s",
		                (long long)budget, request_resource_unit(resource),
		                (long long)res->reachable, request_resource_unit(resource));
	}
	st = prob_solve(&pb, budget, lim, &ans);
	if (st == BKSEF_OK && progress_cancelled())
		st = BKSEF_ECANCELED;
	if (st != BKSEF_OK) {
		free(ans.cnt);
		prob_free(&pb);
		return diag_set(dg, st, 0, "%s", best_error(st));
	}
	prob_plan(&pb, ans.cnt, out);
	res->optimal = ans.optimal;
	res->work = ans.work;
	res->multiplier = (double)(ans.lambda * pb.unit);
	res->gain = prob_gain(&pb, out);
	res->used = plan_resource(out, resource);
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

/* The points as they are found, evaluated at once (so that the time they
 * take is counted against the limit). */
struct fcollect {
	const struct prob *pb;
	struct best_point *pt;
	size_t n, cap;
	uint32_t *counts; /* n_k of point i at counts + i * n_columns */
	size_t cap_counts;
	uint32_t *last;  /* the last point's counts by option */
	uint8_t *choice; /* [n_conv] scratch */
};

/* Append the plan of counts CNT, found at BUDGET, with OPTIMAL and the
 * bound BOUND (when not optimal), unless it is the last point's plan. */
static int collect_point(struct fcollect *fc, const uint32_t *cnt, int64_t budget, int optimal,
                         double bound)
{
	const struct prob *pb = fc->pb;
	const struct cand_table *t = pb->t;
	size_t ncol = t->n_columns;

	if (fc->n > 0 && memcmp(fc->last, cnt, pb->n_opt * sizeof *cnt) == 0)
		return 0;
	if (grow_to((void **)&fc->pt, &fc->cap, fc->n + 1, sizeof *fc->pt) != 0 ||
	    grow_to((void **)&fc->counts, &fc->cap_counts, (fc->n + 1) * ncol + 1,
	            sizeof *fc->counts) != 0)
		return -1;
	memcpy(fc->last, cnt, pb->n_opt * sizeof *cnt);

	/* The plan's kernels, without a struct plan: totals move from the
	 * loaded ones by each conv's difference. */
	uint8_t *choice = fc->choice;
	memcpy(choice, pb->base, t->n_conv);
	for (size_t g = 0; g < pb->n_grp; g++) {
		const struct grp *gp = &pb->grp[g];
		size_t at = 0;
		for (size_t i = 0; i < gp->k; i++)
			for (uint32_t x = 0; x < cnt[gp->opt0 + i]; x++, at++) {
				size_t f = pb->grow[gp->row0 + at];
				choice[pb->fconv[f]] = pb->fj[pb->fopt[f] + i];
			}
	}
	struct best_point *bp = &fc->pt[fc->n];
	uint32_t *n_k = fc->counts + fc->n * ncol;
	memset(bp, 0, sizeof *bp);
	memset(n_k, 0, ncol * sizeof *n_k);
	bp->macs = t->net->total_macs;
	bp->params = t->net->total_params;
	for (size_t c = 0; c < t->n_conv; c++)
		if (choice[c] != t->loaded[c]) {
			size_t e = t->first[c] + choice[c], e0 = t->first[c] + t->loaded[c];
			bp->macs += t->macs[e] - t->macs[e0];
			bp->params += t->params[e] - t->params[e0];
		}
	for (size_t r = 0, rows = score_rows(pb->s); r < rows; r++) {
		size_t conv = score_row_conv(pb->s, r), e = t->first[conv] + choice[conv];
		if (choice[conv] < t->n_scored[conv])
			bp->gain += pb->gain[e];
		if (t->col[e] != CAND_TABLE_NO_COL)
			n_k[t->col[e]]++;
	}
	bp->resource = pb->resource == BUDGET_PARAMS ? bp->params : bp->macs;
	if (pb->resource == BUDGET_LATENCY)
		bp->resource = cand_table_latency_ns(t, choice);
	bp->budget = budget;
	bp->optimal = optimal;
	bp->gap = !optimal && bound > bp->gain ? bound - bp->gain : 0;
	fc->n++;
	return 0;
}

/* Every group's undominated count vectors without a budget (a DP over the
 * group's rows), combined over the groups: the exact frontier, or 1 when
 * the limits stop it. */
static int frontier_exact(const struct prob *pb, struct meter *mt, struct fcollect *fc)
{
	struct search se = { .pb = pb };
	size_t no = pb->n_opt;
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
	se.mt = *mt;
	for (size_t d = 0; d < ng; d++) {
		struct step_lim lim = { INT64_MAX, 0, 0, -INFINITY };
		int r = dp_step(&se, d, &lim, sa, sb);
		if (r != 0) {
			*mt = se.mt;
			st = r;
			goto out;
		}
	}
	*mt = se.mt;

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
		if (meter_add(mt, 1 + pb->t->n_conv / 16)) {
			st = 1;
			goto out;
		}
		trace(&se, ng, (uint32_t)f, se.sel);
		for (size_t g = 0; g < ng; g++)
			memcpy(cnt + pb->grp[g].opt0, se.pool + se.ch[se.sel[g]].cnt,
			       pb->grp[g].k * sizeof *cnt);
		if (collect_point(fc, cnt, se.sw[i] + pb->w_const, 1, 0) != 0)
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
	int st, exact = 0;

	*out = NULL;
	if (lim == NULL) {
		best_limits_default(&dl);
		lim = &dl;
	}
	st = score_params_check(p, dg);
	if (st == BKSEF_OK)
		st = check_resource(s, resource, dg);
	if (st == BKSEF_OK && n_budgets < 2)
		st = diag_set(dg, BKSEF_EUSAGE, 0, "a frontier needs at least 2 budgets");
	if (st != BKSEF_OK)
		return st;
	double t0 = now_seconds();
	plan = plan_new(t);
	if (plan == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	st = prob_build(s, p, pins, n_pins, resource, plan, &pb, dg);
	plan_free(plan);
	if (st != BKSEF_OK)
		return st;
	st = BKSEF_ENOMEM;
	fc.pb = &pb;
	fc.last = malloc((pb.n_opt ? pb.n_opt : 1) * sizeof *fc.last);
	fc.choice = malloc(t->n_conv ? t->n_conv : 1);
	if (fc.last == NULL || fc.choice == NULL)
		goto fail;

	/* Exact for up to 1,000 free convs when it fits in a quarter of the
	 * limits; otherwise the budgets, sharing what is left. */
	int r = 1;
	if (pb.n_free <= BEST_FRONTIER_EXACT_CONVS) {
		struct best_limits part = *lim;
		part.seconds = lim->seconds > 0 ? lim->seconds / 4 : 0;
		part.max_work = lim->max_work ? lim->max_work / 4 + 1 : 0;
		meter_start(&mt, &part);
		r = frontier_exact(&pb, &mt, &fc);
		if (progress_cancelled())
			st = BKSEF_ECANCELED;
		if (r < 0 || st == BKSEF_ECANCELED)
			goto fail;
	}
	exact = r == 0;
	if (!exact) {
		fc.n = 0;
		for (size_t i = 0; i < n_budgets; i++) {
			struct answer ans = { 0 };
			struct best_limits each = *lim;
			int64_t b =
			    pb.w_min + (int64_t)((long double)(pb.w_top - pb.w_min) *
			                         (long double)i / (long double)(n_budgets - 1));
			if (lim->max_work)
				each.max_work = lim->max_work / n_budgets + 1;
			if (lim->seconds > 0) {
				/* Out of time: the LP walk's plan and its gap. */
				double left = lim->seconds - (now_seconds() - t0);
				each.seconds = left / (double)(n_budgets - i);
				if (left <= 0) {
					each.seconds = 0;
					each.max_work = 1;
				}
			}
			progress_phase("the budget frontier", i, n_budgets);
			int rc = prob_solve(&pb, b, &each, &ans);
			if (rc == BKSEF_OK && progress_cancelled())
				rc = st = BKSEF_ECANCELED;
			if (rc == BKSEF_OK)
				rc = collect_point(&fc, ans.cnt, b, ans.optimal,
				                   ans.optimal ? 0 : bound_gain(&pb, ans.u));
			free(ans.cnt);
			if (rc != BKSEF_OK)
				goto fail;
		}
	}

	fr = calloc(1, sizeof *fr);
	if (fr == NULL)
		goto fail;
	fr->n = fc.n;
	fr->exact = exact;
	fr->n_columns = t->n_columns;
	fr->point = fc.pt;
	fr->counts = fc.counts;
	fc.pt = NULL;
	fc.counts = NULL;
	for (size_t i = 0; i < fr->n; i++)
		fr->point[i].n_k = fr->counts + i * t->n_columns;
	*out = fr;
	st = BKSEF_OK;
fail:
	free(fc.pt);
	free(fc.counts);
	free(fc.last);
	free(fc.choice);
	prob_free(&pb);
	if (st != BKSEF_OK)
		diag_set(dg, st, 0, "%s", best_error(st));
	return st;
}
