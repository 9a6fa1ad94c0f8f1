/* request.h -- what the user asks of a network, as one value: the scoring
 * parameters, the candidate set, the pins, the budget, the baseline and the
 * cost model.  A session (session.h) turns a request into a plan; the
 * explorer's undo is a history of requests. */
#ifndef BKSEF_REQUEST_H
#define BKSEF_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "cand.h"
#include "cand_table.h"
#include "cost.h"
#include "diag.h"
#include "net.h"
#include "parse.h"
#include "score.h"

/* How a budget is met. */
enum budget_solver {
	BUDGET_SOLVER_BEST,   /* the plan of the largest gain that fits (best.h) */
	BUDGET_SOLVER_LAMBDA, /* the smallest lambda3 whose argmax plan fits */
};

/* A budget as the user gave it: an amount of the resource, or a share of the
 * baseline's (resolved against the baseline in force when solved). */
struct budget {
	int resource;            /* enum budget_resource */
	int solver;              /* enum budget_solver */
	struct budget_text text; /* its value: parse_budget_value */
	double seconds;          /* the best solver's time limit; <= 0: the default */
};

/* Pins are shared between requests (the explorer's history) and never
 * changed once made: a change makes a new set. */
struct pin_set {
	size_t refs;
	size_t n;
	struct pin pin[]; /* at most one per layer, in increasing layer order */
};

struct request {
	struct score_params params; /* params.cost is the cost model */
	cand_set candidates;        /* the run's set; a layer's own wins */
	struct cand_axes cand_axes; /* the run's per-axis candidates ("1x7") and
	                               how tunable convs realise their candidates
	                               (cand_axes.kind, --realise) */
	int baseline_k;             /* 0: the loaded kernels; K: tunable convs at KxK (3) */
	struct budget budget;
	struct pin_set *pins;      /* NULL: none; shared, see request_copy */
	struct cost_source source; /* what the cost model needs (borrowed: it
	                              must outlive every session of the request) */
};

/* The defaults: score_params_default, {1,3,5,7,9}, the loaded baseline, no
 * budget, no pins and no device. */
void request_init(struct request *r);

/* Make DST a copy of SRC sharing its pins; DST's own pins are released.
 * request_release drops R's share of its pins. */
void request_copy(struct request *dst, const struct request *src);
void request_release(struct request *r);

/* The pins of R (NULL when none) and their number. */
const struct pin *request_pins(const struct request *r);
size_t request_n_pins(const struct request *r);

/* The pin on layer I, or NULL. */
const struct pin *request_pin_of(const struct request *r, size_t i);

/* Pin conv layer I of NET to K in R (replacing a pin it had), or unpin it
 * with K NULL.  K must keep the layer's shapes (cand_table_check_pin).
 * BKSEF_OK, BKSEF_EUSAGE (DG says why) or BKSEF_ENOMEM; R is unchanged on
 * failure. */
int request_pin(struct request *r, const struct net *net, size_t i, const struct kernel *k,
                struct diag *dg);

/* Parse "NAME=K" (K a kernel token) and pin; BKSEF_EUSAGE for an unknown
 * layer or a bad kernel, with the reason in DG. */
int request_pin_text(struct request *r, const struct net *net, const char *text, struct diag *dg);

/* Remove every pin.  Returns the number removed. */
size_t request_unpin_all(struct request *r);

/* Parse a budget for RESOURCE met by SOLVER: "350000000", "350M", "1.2G"
 * (k, M, G, T; powers of 1000), or a percentage of the baseline ("57.2%").
 * REDUCE: TEXT is a reduction ("42.8%" means 57.2% of the baseline) and
 * must be a percentage.  The time limit is the default.  BKSEF_EUSAGE with
 * the reason otherwise. */
int request_parse_budget(const char *text, int resource, int solver, int reduce, struct budget *out,
                         struct diag *dg);

/* The resource or solver named TEXT ("macs", "params"; "best", "lambda")
 * into *OUT; BKSEF_EUSAGE for another name. */
int request_resource_parse(const char *text, int *out);
int request_solver_parse(const char *text, int *out);

/* "macs", "params"; "best", "lambda"; the unit of a resource in messages
 * ("MACs", "parameters"). */
const char *request_resource_name(int resource);
const char *request_solver_name(int solver);
const char *request_resource_unit(int resource);

/* Whether a budget on RESOURCE can be solved under cost model COST_MODEL:
 * MACs and parameters always, latency only under a time cost model.
 * BKSEF_OK, or BKSEF_EUSAGE with the reason in DG. */
int request_resource_check(int resource, int cost_model, struct diag *dg);

/* Why a pin did not carry over to another network (request_carry). */
enum request_lost_why {
	REQUEST_LOST_NO_LAYER, /* the network has no layer of its name */
	REQUEST_LOST_NOT_CONV, /* its layer of that name is not a conv */
	REQUEST_LOST_KERNEL,   /* its conv of that name cannot take the kernel
	                          (another shape, rank or grouping) */
};

/* A pin request_carry left behind: its layer's name (borrowed from the
 * network the request was on), its kernel and why. */
struct request_lost_pin {
	const char *layer;
	struct kernel k;
	int why; /* enum request_lost_why */
};

/* What request_carry left behind. */
struct request_lost {
	struct request_lost_pin *pin; /* [n_pins], in the old network's order */
	size_t n_pins;
	int measured;  /* the measured latency table was the old network's:
	                  dropped, and the cost model measured became macs */
	int cand_axes; /* the run's per-axis candidates were of another rank */
};

/* Carry SRC, a request on network FROM, over to network TO into *OUT: the
 * parameters, the candidates, the baseline, the budget and the device as
 * they are; each pin onto TO's layer of the same name when that is a conv
 * that takes its kernel; the per-axis candidates when TO has FROM's rank;
 * not the measured latency table, whose layers are FROM's.  *LOST says
 * what was left behind (free with request_lost_free).  BKSEF_OK, or
 * BKSEF_ENOMEM with DG set and *OUT and *LOST empty.  *OUT is overwritten
 * (not released first): release it with request_release. */
int request_carry(const struct request *src, const struct net *from, const struct net *to,
                  struct request *out, struct request_lost *lost, struct diag *dg);
void request_lost_free(struct request_lost *lost);

/* Whether A and B ask for the same thing. */
int request_equal(const struct request *a, const struct request *b);

#endif
