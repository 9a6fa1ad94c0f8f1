/* score.h -- the BKSEF score of every candidate kernel of every tunable conv,
 * S(k) = l1*I~(k) + l2*A~(k) - l3*C~(k), and the argmax k* per layer.
 * The only module that uses GSL.  Costs are computed once per table; a
 * rescore with new parameters touches only the score and k* arrays. */
#ifndef BKSEF_SCORE_H
#define BKSEF_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "cand.h"
#include "diag.h"
#include "net.h"

enum score_scope {
	SCORE_SCOPE_NETWORK, /* min-max over all tunable layers and candidates */
	SCORE_SCOPE_LAYER,   /* min-max over the layer's own candidates */
};

enum score_cost {
	SCORE_COST_MACS,  /* the layer's exact MACs at kernel k */
	SCORE_COST_PAPER, /* k*k*H_in*W_in*C_in*C_out, as the paper's code */
};

/* The parameters' ranges, which score_params_check enforces: each lambda
 * from 0 to SCORE_LAMBDA_MAX, gamma and beta from SCORE_RATE_MIN to
 * SCORE_RATE_MAX.  Within them no score overflows. */
#define SCORE_LAMBDA_MAX 1e300
#define SCORE_RATE_MIN 1e-300
#define SCORE_RATE_MAX 1e300

/* The parameters a user moves. */
struct score_params {
	double lambda1, lambda2, lambda3; /* 0 .. SCORE_LAMBDA_MAX */
	double gamma, beta;               /* SCORE_RATE_MIN .. SCORE_RATE_MAX */
	int scope;                        /* enum score_scope */
	int cost;                         /* enum score_cost */
};

/* The defaults: l 0.45/0.45/0.10, gamma 0.35, beta 0.75, network scope,
 * MACs cost. */
void score_params_default(struct score_params *p);

/* Set P to the preset NAME ("paper", "edge", "cloud", "balanced").  Returns
 * BKSEF_OK, or BKSEF_EUSAGE for an unknown name. */
int score_preset(const char *name, struct score_params *p);

/* Name of preset I (0, 1, ...), NULL past the last. */
const char *score_preset_name(int i);

/* Check P's ranges; BKSEF_EUSAGE with the reason in DG. */
int score_params_check(const struct score_params *p, struct diag *dg);

/* "network"/"layer", "macs"/"paper". */
const char *score_scope_name(int scope);
const char *score_cost_name(int cost);

/* The terms of one candidate, raw and normalised. */
struct score_terms {
	double i_raw, a_raw, c_raw;    /* I(k), A(k), C(k) */
	double i_norm, a_norm, c_norm; /* after min-max */
	double score;                  /* l1*i_norm + l2*a_norm - l3*c_norm */
};

/* The score table of one network, one run candidate set and one cost model.
 * Rows are the tunable convs, in network order. */
struct score;

/* Build the table for NET with run candidate set RUN (each layer's own
 * `candidates` win over it) under cost model COST.  A candidate is allowed for
 * a layer only if it keeps the layer's output shape (net_pad_for_kernel).
 * NET must outlive the table.  Returns BKSEF_OK with *OUT owning the table,
 * or BKSEF_ENOMEM / BKSEF_EINPUT (DG says why). */
int score_new(const struct net *net, cand_set run, int cost, struct score **out, struct diag *dg);

/* Free S; score_free(NULL) does nothing. */
void score_free(struct score *s);

/* Rescore with P (P->cost must equal the table's cost model; change it with
 * score_new).  Afterwards score_best and score_value reflect P. */
int score_run(struct score *s, const struct score_params *p, struct diag *dg);

/* Number of rows (tunable convs), and the network layer index of row R. */
size_t score_rows(const struct score *s);
size_t score_row_layer(const struct score *s, size_t r);

/* The row of network layer I, or -1 when I is not a tunable conv. */
long score_find_row(const struct score *s, size_t i);

/* Allowed kernels of row R. */
cand_set score_row_allowed(const struct score *s, size_t r);

/* The union of all rows' allowed kernels (the table's columns). */
cand_set score_columns(const struct score *s);

/* k* of row R after the last score_run (0 when the row allows nothing). */
int score_best(const struct score *s, size_t r);

/* The score of row R at kernel K after the last score_run; NAN if K is not
 * allowed for the row. */
double score_value(const struct score *s, size_t r, int k);

/* The terms of row R at kernel K under P (which may differ from the last
 * run's); returns 1, or 0 when K is not allowed. */
int score_terms(const struct score *s, size_t r, int k, const struct score_params *p,
                struct score_terms *out);

/* The range of raw costs C the cost term is normalised over for row R under
 * SCOPE: the row's own allowed kernels (layer scope) or every tunable
 * (layer, k) of the table (network scope).  Returns 0 when row R allows no
 * kernel. */
int score_cost_range(const struct score *s, size_t r, int scope, double *lo, double *hi);

/* The line of row R's candidates as a function of l3 under P (ignoring
 * P->lambda3): S(k) = A[e] - l3*C[e] for the row's allowed kernels in
 * increasing order; writes up to CAND_MAX entries and returns how many. */
int score_row_lines(const struct score *s, size_t r, const struct score_params *p, int *k,
                    double *a, double *c);

#endif
