/* sweep.h -- the plan as an exact step function of lambda3: the intervals over
 * which it is constant, and the budget solver built on them. */
#ifndef BKSEF_SWEEP_H
#define BKSEF_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"
#include "score.h"

/* One interval [from, to) of lambda3 with a constant plan. */
struct sweep_step {
	double from, to; /* to = INFINITY for the last */
	int64_t macs, params, rf;
	double mean_k;              /* mean kernel over the tunable convs */
	uint32_t n_k[CAND_MAX + 1]; /* tunable convs at each kernel */
};

/* The steps cover lambda3's range, 0 to SCORE_LAMBDA_MAX: a conv whose next
 * switch to a cheaper kernel lies past it -- or past the largest double, so
 * that it switches at no finite lambda3 -- keeps its kernel in the last
 * step, as direct scoring at any lambda3 in range does. */
struct sweep {
	size_t n;
	struct sweep_step *step;
	size_t n_late;         /* convs with a switch past SCORE_LAMBDA_MAX */
	size_t n_never;        /* of those, past the largest double */
	int64_t cheapest_macs; /* every conv at its cheapest kernel (pins kept):
	                        * the last step's MACs when n_late is 0 */
};

/* Sweep lambda3 over its range with the other parameters of P, honouring the
 * pins in PLAN (whose kernels are overwritten).  *OUT gets a new sweep (free
 * with sweep_free).  BKSEF_OK, BKSEF_EUSAGE when P's other parameters are out
 * of range, BKSEF_ENOMEM. */
int sweep_compute(const struct score *s, const struct score_params *p, struct plan *plan,
                  struct sweep **out, struct diag *dg);

void sweep_free(struct sweep *sw);

/* Budget: the smallest lambda3 in 0..SCORE_LAMBDA_MAX whose plan's MACs <=
 * BUDGET, with the other parameters of P and PLAN's pins.  Found by exact
 * enumeration and cross-checked with GSL's bisection on the step function;
 * S is never scored outside lambda3's range.  On success *LAMBDA3 is set
 * (scoring at it gives a plan within budget), S is left scored at it and
 * BKSEF_OK is returned.  When no lambda3 in range meets BUDGET, *MIN_MACS
 * gets the least MACs of the plans in range (the last step's) and
 * BKSEF_EINPUT is returned with DG saying why: BUDGET is below the cheapest
 * plan's MACs (which DG names), or only plans past SCORE_LAMBDA_MAX meet it
 * (DG names both figures and how many convs switch that late).  BKSEF_EUSAGE
 * when P's other parameters are out of range, BKSEF_ENOMEM when memory ran
 * out (then S may be left scored elsewhere).  PLAN's kernels are
 * overwritten. */
int sweep_budget(struct score *s, const struct score_params *p, struct plan *plan, int64_t budget,
                 double *lambda3, int64_t *min_macs, struct diag *dg);

#endif
