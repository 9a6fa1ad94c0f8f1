/* best.h -- the best plan under a budget: the kernels that give the largest
 * total gain G while the network's MACs (or parameters) stay within a
 * budget, found exactly (a multiple-choice knapsack), and the frontier of
 * such plans along the resource axis.  best.c's opening comment gives the
 * algorithm and its guarantees. */
#ifndef BKSEF_BEST_H
#define BKSEF_BEST_H

#include <stddef.h>
#include <stdint.h>

#include "cand_table.h"
#include "diag.h"
#include "plan.h"
#include "score.h"

/* How long a search may run before it settles for a certified gap. */
struct best_limits {
	double seconds;    /* wall-clock limit; <= 0: none */
	uint64_t max_work; /* work units (search states made); 0: none.  Unlike
	                      SECONDS, the same input stops at the same place. */
};

/* The command line's default: 1 second, no work limit. */
#define BEST_SECONDS_DEFAULT 1.0

/* The default limits (BEST_SECONDS_DEFAULT, no work limit). */
void best_limits_default(struct best_limits *lim);

/* What best_solve found. */
struct best_result {
	int optimal;       /* 1: proven best; 0: a limit stopped the search */
	double gain;       /* G of the plan, summed in network order */
	double bound;      /* no plan within the budget has a G above this */
	double gap;        /* bound - gain >= 0 (0 when optimal); relative:
	                      gap / bound */
	int64_t used;      /* the plan's total of the resource */
	int64_t reachable; /* the least total of the resource any plan has */
	double multiplier; /* the LP relaxation's price of one unit of the
	                      resource in G (0 when the budget binds nothing):
	                      a conv takes a richer kernel when its gain per unit
	                      beats it, as far as the budget allows */
	uint64_t work;     /* work units spent */
};

/* G of PLAN under P: the sum, in network order, of l1*I~(k) + l2*A~(k) over
 * the tunable convs of S whose kernel in PLAN is one of their scored
 * candidates (normalised exactly as score_run does; P's lambda3 plays no
 * part).  PLAN is over S's table.  Returns NAN when out of memory. */
double best_plan_gain(const struct score *s, const struct score_params *p, const struct plan *plan);

/* The plan over S's table that maximises G subject to the network's total
 * of RESOURCE (BUDGET_MACS or BUDGET_PARAMS, request.h) being at most
 * BUDGET, with P's parameters (lambda3 ignored) and the pins PINS[0 ..
 * N_PINS) held (each must have an entry in the table).  Convs that are not
 * tunable, pinned, or tunable without a candidate keep their loaded (or
 * pinned) kernel.  Ties: plans whose G are within a relative 1e-12 of the
 * best G are equal; of those, the least resource wins, then the larger G,
 * then the lexicographically smaller kernel vector in network order.
 * LIM may be NULL (best_limits_default).  On BKSEF_OK, OUT (over S's table)
 * holds the plan, totals updated (receptive field not: plan_update), and
 * RES what was found.  When even the cheapest plan exceeds BUDGET:
 * BKSEF_EINPUT, RES->reachable says the cheapest total, DG says so and OUT
 * holds that cheapest plan.  BKSEF_EUSAGE for bad parameters or resource,
 * BKSEF_ENOMEM.  S is not changed. */
int best_solve(const struct score *s, const struct score_params *p, const struct pin *pins,
               size_t n_pins, int resource, int64_t budget, const struct best_limits *lim,
               struct plan *out, struct best_result *res, struct diag *dg);

/* One plan of the frontier.  best_solve at BUDGET gives the plan back (to
 * get its kernels, or its receptive field through plan_update). */
struct best_point {
	int64_t resource; /* its total of the resource */
	int64_t budget;   /* a budget at which best_solve gives this plan */
	int64_t macs, params;
	double gain;   /* G */
	double gap;    /* certified gap at BUDGET (0 when optimal) */
	int optimal;   /* whether it is proven best at BUDGET */
	uint32_t *n_k; /* [n_columns] tunable convs at each column's kernel (a
	                  sweep step's n_k) */
};

struct best_frontier {
	size_t n; /* points, in increasing resource */
	struct best_point *point;
	size_t n_columns; /* S's table's */
	int exact;        /* 1: every plan that best_solve returns at some budget;
	                     0: the best plans at evenly spaced budgets */
	uint32_t *counts; /* the points' n_k, one block */
};

/* The frontier of resource against G under the rules of best_solve.  With
 * at most 1,000 free convs and when the search fits in a quarter of LIM:
 * exactly, every plan best_solve returns at some budget (increasing in
 * resource and in G).  Otherwise the best plans at N_BUDGETS (>= 2)
 * budgets evenly spaced from the cheapest plan's total to the total of
 * every free conv at its largest gain, each proven optimal or with its
 * certified gap; the time left is shared among them, and once it is spent
 * each further budget gets the LP walk's plan and its gap.  A plan equal to
 * the previous point's is listed once.  LIM may be NULL (the defaults).
 * *OUT gets a new frontier (best_frontier_free).  BKSEF_OK, BKSEF_EUSAGE
 * (bad parameters or resource, N_BUDGETS < 2), BKSEF_ENOMEM. */
int best_frontier(const struct score *s, const struct score_params *p, const struct pin *pins,
                  size_t n_pins, int resource, size_t n_budgets, const struct best_limits *lim,
                  struct best_frontier **out, struct diag *dg);

/* Free FR; best_frontier_free(NULL) does nothing. */
void best_frontier_free(struct best_frontier *fr);

#endif
