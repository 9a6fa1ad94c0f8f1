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

struct sweep {
	size_t n;
	struct sweep_step *step;
};

/* Sweep lambda3 from 0 to beyond the last change with the other parameters of
 * P, honouring the pins in PLAN (whose kernels are overwritten).  *OUT gets a
 * new sweep (free with sweep_free).  BKSEF_OK, BKSEF_ENOMEM. */
int sweep_compute(const struct score *s, const struct score_params *p, struct plan *plan,
                  struct sweep **out, struct diag *dg);

void sweep_free(struct sweep *sw);

/* Budget: the smallest lambda3 >= 0 whose plan's MACs <= BUDGET, with the
 * other parameters of P and PLAN's pins.  Found by exact enumeration and
 * cross-checked with GSL's bisection on the step function.  On success
 * *LAMBDA3 is set (scoring at it gives a plan within budget) and BKSEF_OK is
 * returned; when even the cheapest plan exceeds BUDGET, BKSEF_EINPUT with DG
 * naming the smallest reachable MACs, and *MIN_MACS set to it; BKSEF_ENOMEM
 * when memory ran out (then S may be left scored elsewhere).  S is left
 * scored at the returned lambda3; PLAN's kernels are overwritten. */
int sweep_budget(struct score *s, const struct score_params *p, struct plan *plan, int64_t budget,
                 double *lambda3, int64_t *min_macs, struct diag *dg);

#endif
