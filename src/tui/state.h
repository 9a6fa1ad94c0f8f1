/* state.h -- the explorer's model: the scored network, the parameters and
 * their history, the pins, the cached sweep, and the exports.  No curses:
 * everything a key changes goes through here, everything drawn reads it. */
#ifndef BKSEF_TUI_STATE_H
#define BKSEF_TUI_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "net.h"
#include "options.h"
#include "plan.h"
#include "request.h"
#include "score.h"
#include "session.h"
#include "sweep.h"

/* The five sliders, in panel order. */
enum slider { SLIDER_L1, SLIDER_L2, SLIDER_L3, SLIDER_GAMMA, SLIDER_BETA, SLIDER_COUNT };

/* Undo keeps the last STATE_HISTORY requests (the one in force among
 * them); a change beyond drops the oldest, and state_history_dropped says
 * so once. */
#define STATE_HISTORY 512

struct state {
	const struct net *net;   /* borrowed */
	struct session *session; /* the network under the current request */
	/* Views of the session, refreshed after every change: */
	const struct cand_table *table;
	const struct score *score;
	const struct score_work *work;
	const struct plan *plan;   /* the current plan */
	const struct plan *base;   /* the baseline the header compares with */
	struct request cur, start; /* the request in force, and the first */
	int solver, budget_on;     /* what the budget prompt asks for (--solver,
	                              --budget-on) */
	double solve_time;         /* --solve-time; 0: the default */

	/* Undo history: hist[0 .. hist_len), the current entry is hist_pos.
	 * Consecutive steps of one slider share an entry.  The entries share
	 * their pins (request_copy). */
	struct request hist[STATE_HISTORY];
	int hist_len, hist_pos;
	int last_step;    /* slider of the last step, -1 when another change came */
	int hist_dropped; /* the last change dropped the oldest entry */

	/* Layers the table lists: every conv, in network order. */
	const uint32_t *conv;
	size_t n_conv;

	/* The budget frontier (state_frontier), cached for the request it was
	 * computed for (all but lambda3 and the budget matter) and the resource;
	 * and the gain of each step of the lambda3 sweep it is drawn against. */
	struct session_frontier frontier;
	struct request frontier_req;
	int frontier_resource, frontier_ok;
	double *sweep_gain;
	struct request sweep_gain_req; /* the request SWEEP_GAIN was made for */
	int sweep_gain_ok;
	size_t sweep_gain_n; /* its steps */
};

/* Build the model for NET (borrowed, must outlive it) from OPT's parameters,
 * pins, candidates, baseline and budget, through the same session as the
 * batch modes; a budget moves lambda3 to the solver's.  On failure DG says
 * why and the status says how bad (BKSEF_EUSAGE: a bad --pin or --budget;
 * BKSEF_EINPUT: an unreachable budget; BKSEF_ENOMEM). */
int state_new(const struct net *net, const struct options *opt, struct state **out,
              struct diag *dg);

/* What state_carry left behind: REQUEST_LOST's pins (their names borrowed
 * from the old network), the measured table, and a budget the new network
 * could not be held to (BUDGET_WHY says why). */
struct state_carried {
	struct request_lost lost;
	int budget_dropped;
	struct diag budget_why;
};

/* A model for NET (borrowed, must outlive it) that carries OLD's request
 * over (request_carry: parameters, candidates, budget, pins by layer name)
 * as the first entry of a new history, and OLD's starting request as what
 * R resets to; a budget NET cannot meet is solved no more (CARRIED says
 * so).  BKSEF_OK with *OUT, else the status with DG set and OLD as it was.
 * CARRIED is to be freed with state_carried_free after either. */
int state_carry(const struct state *old, const struct net *net, struct state **out,
                struct state_carried *carried, struct diag *dg);
void state_carried_free(struct state_carried *carried);

/* Free ST; state_free(NULL) does nothing. */
void state_free(struct state *st);

/* Make REQ the current request (see session_apply).  RECORD: add an undo
 * entry (STEP_SLIDER >= 0 merges it with the previous step of the same
 * slider).  On failure nothing changes and DG says why. */
int state_apply(struct state *st, const struct request *req, int record, int step_slider,
                struct diag *dg);

/* The value of slider S, and its name ("lambda3"); the value slider S has
 * in request R (its own parameters, not the solver's lambda3). */
double state_slider_get(const struct state *st, int s);
double state_request_slider(const struct request *r, int s);
const char *state_slider_name(int s);

/* The slider's bar range: [lo, hi], logarithmic for gamma and beta. */
void state_slider_range(int s, double *lo, double *hi, int *log_scale);

/* The value one step from V on slider S: DIR +1 or -1; COARSE: ten steps.
 * Steps are round numbers that grow with the value (0.01 below 1, 0.1 below
 * 10, ...), and the result stays within the slider's allowed values. */
double state_slider_step(int s, double v, int dir, int coarse);

/* Set slider S to V (clamped to what the parameter allows); STEP: merge
 * with the previous step of S in the undo history. */
int state_slider_set(struct state *st, int s, double v, int step, struct diag *dg);

/* Parameter toggles and cycles; each records an undo entry. */
int state_toggle_scope(struct state *st, struct diag *dg);
int state_toggle_cost(struct state *st, struct diag *dg);
/* Apply the preset after the one in force (the first if none); *NAME gets it. */
int state_next_preset(struct state *st, const char **name, struct diag *dg);
/* Apply the next run candidate set of a fixed cycle. */
int state_next_cands(struct state *st, struct diag *dg);
/* Realise the tunable convs' candidates (and a 3x3 baseline) the other
 * way: depthwise-separable after full, full after depthwise-separable
 * (--realise). */
int state_toggle_realise(struct state *st, struct diag *dg);
int state_reset(struct state *st, struct diag *dg);

/* Where two settings part: the smallest lambda3 at which the plan of the
 * request in force and that of OTHER (the same request with another scope
 * or cost model; budgets are left out) give some conv different kernels.
 * Found from both settings' exact lambda3 sweeps: their breakpoints cut
 * lambda3's range into intervals on which both plans are constant; the
 * first interval whose sweep totals differ bounds the answer, and the
 * intervals before it (at most STATE_SPLIT_PROBES) are scored to find an
 * earlier one whose plans differ with equal totals.  *LAMBDA3 gets a short
 * decimal inside that interval and *N_DIFFER the convs whose kernels differ
 * there; *LAMBDA3 is NaN when the two agree over the whole range.
 * BKSEF_OK, or BKSEF_ENOMEM (DG says so).  The state does not change. */
#define STATE_SPLIT_PROBES 64
int state_split_lambda3(struct state *st, const struct request *other, double *lambda3,
                        size_t *n_differ, struct diag *dg);

/* Whether the last change dropped the oldest undo entry (STATE_HISTORY
 * reached); the flag clears as it is read. */
int state_history_dropped(struct state *st);

/* Undo or redo; returns 1 when something changed, 0 at the end of history,
 * -1 when rescoring failed (DG says why; nothing changed). */
int state_undo(struct state *st, struct diag *dg);
int state_redo(struct state *st, struct diag *dg);

/* The preset the current parameters equal, or NULL. */
const char *state_preset(const struct state *st);

/* Pins on conv layer I: the next kernel of its row after the current pin
 * (none -> smallest -> ... -> largest -> none, in the table's order of
 * size, per-axis kernels among the square ones); a tunable conv cycles
 * through its candidates, a fixed one through the run's candidates that
 * keep its shape and its own k.  *K gets the new pin's largest extent (0:
 * unpinned).  state_pin sets the square kernel K directly (0 unpins).  Both
 * are undoable. */
int state_pin_cycle(struct state *st, size_t i, int *k, struct diag *dg);
int state_pin(struct state *st, size_t i, int k, struct diag *dg);
int state_unpin_all(struct state *st, struct diag *dg);

/* The pinned kernel's largest extent of layer I, 0 when it is not pinned. */
int state_pin_of(const struct state *st, size_t i);

/* How many of the first entries of candidate-table row C its conv may take
 * in the explorer (be pinned to): a tunable conv's scored candidates, every
 * entry of a fixed conv's row. */
size_t state_row_pinnable(const struct state *st, size_t c);

/* Why tunable conv layer I has no score at kernel K (square or per axis):
 * it would change the layer's output shape (STATE_K_SHAPE), or it keeps the
 * shape but is not among the layer's candidates (STATE_K_OFF_LIST). */
enum state_k_mark { STATE_K_SHAPE, STATE_K_OFF_LIST };
int state_kernel_mark_of(const struct state *st, size_t i, const struct kernel *k);

/* The score of kernel K (square or per axis) for score row R after the last
 * run; NAN when K is not one of its candidates. */
double state_score_of(const struct state *st, size_t r, const struct kernel *k);

/* Kernel J of score row R (J < score_row_len): the row's candidates in
 * increasing size (kernel_compare), square and per axis alike. */
const struct kernel *state_row_kernel(const struct state *st, size_t r, size_t j);

/* The column of the score table (st->table->col_kernel) that holds conv
 * layer I's kernel under plan P, or -1 when I is not a conv or its kernel
 * is not a column (a fixed conv's, an unscored pin's). */
long state_column_of(const struct state *st, const struct plan *p, size_t i);
/* The score column (st->table->col_kernel) of score row R's k*, -1 when
 * it has none. */
long state_best_column(const struct state *st, size_t r);

/* The layer's MACs (RESOURCE BUDGET_MACS) or parameters (BUDGET_PARAMS) at
 * kernel K (square or per axis); -1 when its row has no such kernel. */
int64_t state_resource_of(const struct state *st, size_t i, const struct kernel *k, int resource);

/* The parameters in force (lambda3 the solver's under a budget). */
const struct score_params *state_params(const struct state *st);

/* Layer I's time at the plan's kernel under a time cost model, in seconds:
 * its roofline estimate under latency (a depthwise-separable kernel's two
 * parts summed), its measured time under measured (a conv only); NaN
 * otherwise. */
double state_layer_seconds(const struct state *st, size_t i);

/* Whether layer I's time at the plan's kernel is one roofline estimate,
 * with one bound: under the latency cost, for a layer other than the input
 * and a kernel other than depthwise-separable.  1 with the estimate (its
 * parts and bound) in *R, else 0 with *R untouched. */
int state_layer_roofline(const struct state *st, size_t i, struct roofline *r);

/* The budget in force and what its solver found (->active 0: none). */
const struct session_budget *state_budget_solved(const struct state *st);

/* Whether lambda3 decides the plan: not under a budget met by the best
 * solver, whose plan is the largest gain within it. */
int state_lambda3_decides(const struct state *st);

/* Tunable convs scored over the run's set. */
size_t state_run_rows(const struct state *st);

/* How often the plan changed. */
unsigned long state_change(const struct state *st);

/* Solve the MAC budget TEXT ("350M", "1.2G", "57.2%" of the baseline, or
 * "-42.8%": a reduction) and move lambda3 there (recorded).  *BUDGET gets the
 * budget in MACs.  BKSEF_EUSAGE: bad text; BKSEF_EINPUT: unreachable, with
 * *MIN_MACS the smallest MACs the candidates and pins allow. */
/* Toggle the budget prompt's solver (best, lambda); with a budget in force
 * it is solved again by the other solver (recorded).  *BEFORE and *AFTER get
 * the plan's total of the budget's resource before and after (equal when
 * no budget is in force). */
int state_toggle_solver(struct state *st, int64_t *before, int64_t *after, struct diag *dg);

/* The best plans along the budget axis for the current parameters and
 * pins over the budget prompt's resource (session_frontier, an exact list
 * for small networks, 100 budgets otherwise, 1 s); NULL with DG set when
 * it cannot be had. */
const struct session_frontier *state_frontier(struct state *st, struct diag *dg);

/* The frontier state_frontier would give without computing it, or NULL
 * when it is not computed for the current request. */
const struct session_frontier *state_frontier_cached(const struct state *st);

/* Move to the next plan of the frontier that needs less (DIR -1) or more
 * (DIR +1) of the resource than the current plan: a best-solver budget at
 * that plan's total (recorded).  BKSEF_OK, or BKSEF_EINPUT when there is no
 * such plan (DG says so). */
int state_frontier_step(struct state *st, int dir, struct diag *dg);

/* The gain G of each step of sweep SW (the lambda3 solver's plans), for the
 * frontier plot; NULL when out of memory.  Cached per sweep. */
const double *state_sweep_gains(struct state *st, const struct sweep *sw);

int state_budget(struct state *st, const char *text, int64_t *budget, int64_t *min_macs,
                 struct diag *dg);

/* The exact lambda3 sweep for the current parameters and pins, computed on
 * first use after a change; NULL when out of memory. */
const struct sweep *state_sweep(struct state *st);

/* The last sweep computed, stale or not (NULL: none yet); *STALE says
 * whether it predates the last change. */
const struct sweep *state_sweep_cached(const struct state *st, int *stale);

/* Write the plan CSV (byte for byte what --batch writes for the same
 * parameters and pins) or the network with the plan's kernels to PATH,
 * atomically.  BKSEF_OK or the error with DG set. */
int state_export_plan(struct state *st, const char *path, struct diag *dg);
int state_export_network(struct state *st, const char *path, struct diag *dg);

/* Receptive field and jump at the input of layer I under the current plan
 * (session_layer_rf_in). */
void state_layer_rf_in(const struct state *st, size_t i, int64_t *rf_in, int64_t *jump_in);

#endif
