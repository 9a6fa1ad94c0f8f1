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
	double mean_k; /* mean kernel size over the tunable convs */
	uint32_t *n_k; /* [n_columns] tunable convs at each column's kernel */
};

struct sweep {
	size_t n;
	struct sweep_step *step;
	size_t n_columns; /* the score table's columns (cand_table.columns) */
	uint32_t *counts; /* the steps' n_k, one block */
};

/* Sweep lambda3 from 0 to beyond the last change with the other parameters of
 * P, holding the pins PINS[0 .. N_PINS).  PLAN (over S's table) is a
 * workspace: its kernels are overwritten.  *OUT gets a new sweep (free with
 * sweep_free).  BKSEF_OK, BKSEF_ENOMEM. */
int sweep_compute(const struct score *s, const struct score_params *p, const struct pin *pins,
                  size_t n_pins, struct plan *plan, struct sweep **out, struct diag *dg);

void sweep_free(struct sweep *sw);

/* Budget: the smallest lambda3 >= 0 whose plan's MACs <= BUDGET, with the
 * other parameters of P and the pins.  Found by exact enumeration of the
 * sweep's breakpoints, then snapped to the smallest double at which direct
 * scoring meets the budget.  W and PLAN are caller-owned workspaces: on
 * BKSEF_OK, *LAMBDA3 is set, W holds the run at it and PLAN its plan (totals
 * updated, receptive field not).  When even the cheapest plan exceeds
 * BUDGET: BKSEF_EINPUT with DG naming the smallest reachable MACs, also
 * written to *MIN_MACS.  S is not changed. */
int sweep_budget(const struct score *s, const struct score_params *p, const struct pin *pins,
                 size_t n_pins, int64_t budget, struct score_work *w, struct plan *plan,
                 double *lambda3, int64_t *min_macs, struct diag *dg);

#endif
