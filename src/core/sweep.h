/* sweep.h -- the plan as an exact step function of lambda3: the intervals over
 * which it is constant, and the budget solver built on them. */
#ifndef BKSEF_SWEEP_H
#define BKSEF_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"
#include "request.h"
#include "score.h"

/* One interval [from, to) of lambda3 with a constant plan. */
struct sweep_step {
	double from, to; /* to = INFINITY for the last */
	int64_t macs, params, rf;
	int64_t latency_ns; /* under a time cost model (plan_resource), else 0 */
	double mean_k;      /* mean kernel size over the tunable convs */
	uint32_t *n_k;      /* [n_columns] tunable convs at each column's kernel */
};

/* The steps cover lambda3's range, 0 to SCORE_LAMBDA_MAX: a conv whose next
 * switch to a cheaper kernel lies past it -- or past the largest double, so
 * that it switches at no finite lambda3 -- keeps its kernel in the last
 * step, as direct scoring at any lambda3 in range does. */
struct sweep {
	size_t n;
	struct sweep_step *step;
	size_t n_columns;            /* the score table's columns (cand_table.col_kernel) */
	uint32_t *counts;            /* the steps' n_k, one block */
	size_t n_late;               /* convs with a switch past SCORE_LAMBDA_MAX */
	size_t n_never;              /* of those, past the largest double */
	int64_t cheapest_macs;       /* every conv at its cheapest kernel (pins kept):
	                        * the last step's MACs when n_late is 0 */
	int64_t cheapest_params;     /* the same plan's parameters */
	int64_t cheapest_latency_ns; /* and its time, under a time cost model */
};

/* Sweep lambda3 over its range with the other parameters of P, holding the
 * pins PINS[0 .. N_PINS).  PLAN (over S's table) is a workspace: its kernels
 * are overwritten.  *OUT gets a new sweep (free with sweep_free).  BKSEF_OK,
 * BKSEF_EUSAGE when P's other parameters are out of range, BKSEF_ENOMEM. */
int sweep_compute(const struct score *s, const struct score_params *p, const struct pin *pins,
                  size_t n_pins, struct plan *plan, struct sweep **out, struct diag *dg);

void sweep_free(struct sweep *sw);

/* A lambda3 that gives step ST's plan, for a reader to type: the decimal of
 * fewest significant digits in the middle half of its interval [from, to)
 * (the last step's taken as [from, 2 from + 2), within SCORE_LAMBDA_MAX),
 * nearest the middle; far from both ends, where direct scoring agrees with
 * the sweep whatever the rounding of its breakpoints.  0.2 in [0, 0.3252),
 * 2 in [0.7965, inf). */
double sweep_step_lambda3(const struct sweep_step *st);

/* The index of the step in force at LAMBDA3: the last step whose interval
 * starts at or below it (its [from, to) holds LAMBDA3), step 0 for a
 * LAMBDA3 below step 1's start (a negative one or a NaN included).  A
 * breakpoint belongs to the step it starts.  SW has at least one step. */
size_t sweep_step_of(const struct sweep *sw, double lambda3);

/* Budget: the smallest lambda3 in 0..SCORE_LAMBDA_MAX whose plan's total of
 * RESOURCE (BUDGET_MACS or BUDGET_PARAMS: both only fall as lambda3 grows,
 * since each change moves a conv to a cheaper, smaller kernel) is at most
 * BUDGET, with the other parameters of P and the pins.  Found by exact
 * enumeration of the sweep's breakpoints, then snapped to the smallest
 * double at which direct scoring meets the budget; S is never scored
 * outside lambda3's range.  W and PLAN are caller-owned workspaces: on
 * BKSEF_OK, *LAMBDA3 is set, W holds the run at it and PLAN its plan (totals
 * updated, receptive field not).  When no lambda3 in range meets BUDGET,
 * *MIN_MACS gets the least total of the plans in range (the last step's) and
 * BKSEF_EINPUT is returned with DG saying why: BUDGET is below the cheapest
 * plan's MACs (which DG names), or only plans past SCORE_LAMBDA_MAX meet it
 * (DG names both figures and how many convs switch that late).  BKSEF_EUSAGE
 * when P's other parameters are out of range, BKSEF_ENOMEM when memory ran
 * out.  S is not changed. */
int sweep_budget(const struct score *s, const struct score_params *p, const struct pin *pins,
                 size_t n_pins, int resource, int64_t budget, struct score_work *w,
                 struct plan *plan, double *lambda3, int64_t *min_macs, struct diag *dg);

#endif
