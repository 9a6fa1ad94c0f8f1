/* session.h -- one network under one request: the candidate table, the
 * score table, the plan and its baseline, the budget solved, the sweep.
 * Both front ends drive a session; session_apply recomputes only what the
 * new request changed, and leaves the session as it was when it fails. */
#ifndef BKSEF_SESSION_H
#define BKSEF_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "best.h"
#include "cand_table.h"
#include "diag.h"
#include "net.h"
#include "plan.h"
#include "request.h"
#include "score.h"
#include "sweep.h"

/* Progress of long work: REPORT is called between its steps with what is
 * being done ("solving the budget") and how far (0 to 1, or -1 when not
 * known); a non-zero return cancels the work (BKSEF_ECANCELED). */
struct session_progress {
	int (*report)(void *ctx, const char *what, double done);
	void *ctx;
};

/* The budget in force, once solved. */
struct session_budget {
	int active;        /* the request has a budget */
	int resource;      /* enum budget_resource */
	int solver;        /* enum budget_solver */
	int64_t value;     /* the budget, in units of its resource */
	int64_t used;      /* the plan's total of the resource */
	int64_t reachable; /* the least total a plan reaches (the lambda
	                        solver's: within lambda3's range) */
	double lambda3;    /* the lambda solver's lambda3 */
	double gain;       /* G of the plan (best.h) */
	int optimal;       /* the best solver proved its plan best */
	double bound, gap; /* the best solver's certified bound and gap */
	double multiplier; /* the best solver's price of a resource unit in G */
};

struct session;

/* A session for NET (borrowed; must outlive it) under REQ (copied; the pins
 * are shared).  BKSEF_OK with *OUT owning it, or BKSEF_EUSAGE (bad
 * parameters), BKSEF_EINPUT (a budget no plan meets) or BKSEF_ENOMEM, with
 * DG saying why. */
int session_new(const struct net *net, const struct request *req, struct session **out,
                struct diag *dg);

/* Free S; session_free(NULL) does nothing. */
void session_free(struct session *s);

/* Make REQ the session's request and recompute what it changes: the
 * candidate table only when the candidates, the cost model, the baseline or
 * a new pin's kernel need it; the scores when a parameter changed; the
 * budget when one is asked for.  PROGRESS may be NULL.  On failure (the
 * statuses of session_new, or BKSEF_ECANCELED) nothing changes. */
int session_apply(struct session *s, const struct request *req,
                  const struct session_progress *progress, struct diag *dg);

/* What the session holds.  Valid until the next session_apply. */
const struct net *session_net(const struct session *s);
const struct request *session_request(const struct session *s);
const struct cand_table *session_table(const struct session *s);
const struct score *session_score(const struct session *s);
const struct score_work *session_work(const struct session *s);
const struct plan *session_plan(const struct session *s);
const struct plan *session_base(const struct session *s);
const struct session_budget *session_budget(const struct session *s);

/* The parameters in force: the request's, with lambda3 the solver's when a
 * budget is in force. */
const struct score_params *session_params(const struct session *s);

/* Counts the successful session_apply calls (an export records the count). */
unsigned long session_change(const struct session *s);

/* Tunable convs scored over the run's candidate set (not their own). */
size_t session_run_rows(const struct session *s);

/* The exact lambda3 sweep for the parameters in force and the pins,
 * computed on first use after a change; NULL with DG set on failure. */
const struct sweep *session_sweep(struct session *s, struct diag *dg);

/* The last sweep computed, current or not (NULL: none yet); *STALE says
 * whether it predates the last change. */
const struct sweep *session_sweep_cached(const struct session *s, int *stale);

/* Write the plan CSV to PLAN_PATH and the network with the plan's kernels
 * to NET_PATH (either may be NULL; "-" is standard output), staged together
 * by safe_file_write_all: both targets are checked before either is
 * written, and a failure leaves both as they were.  BKSEF_OK or the status
 * with DG set. */
int session_write_plan(struct session *s, const char *plan_path, const char *net_path,
                       struct diag *dg);

/* Write the lambda3 sweep CSV to PATH (see session_sweep). */
int session_write_sweep(struct session *s, const char *path, struct diag *dg);

/* The best plans along the resource axis (best_frontier) under the
 * session's parameters and pins, each with its receptive field. */
struct session_frontier {
	struct best_frontier *fr;
	int resource; /* enum budget_resource */
	int64_t *rf;  /* [fr->n] each point's largest receptive field; -1 when its
	                 plan could not be found again within the time */
};

/* Compute the frontier of RESOURCE into *OUT: exact when best_frontier can
 * list every best plan, else N_BUDGETS budgets spread evenly; SECONDS (> 0)
 * bounds the whole, two thirds for the frontier and the rest to find each
 * point's plan again for its receptive field.  BKSEF_OK, BKSEF_EUSAGE,
 * BKSEF_ENOMEM.  Free with session_frontier_free. */
int session_frontier(struct session *s, int resource, size_t n_budgets, double seconds,
                     struct session_frontier *out, struct diag *dg);
void session_frontier_free(struct session_frontier *f);

/* The kernels conv layer I may take in this session: its row of the
 * candidate table (scored candidates, then the others).  *FIRST gets the
 * row's first entry; returns the row's length, 0 when I is not a conv. */
size_t session_layer_kernels(const struct session *s, size_t i, size_t *first);

/* The receptive field and jump at the input of layer I under the plan (the
 * largest over its inputs). */
void session_layer_rf_in(const struct session *s, size_t i, int64_t *rf_in, int64_t *jump_in);

#endif
