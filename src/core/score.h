/* score.h -- the BKSEF score of every candidate kernel of every tunable conv,
 * S(k) = l1*I~(k) + l2*A~(k) - l3*C~(k), and the argmax k* per layer.
 * The only module that uses GSL.  The table (struct score) is built once
 * per candidate table and is read-only afterwards; a run with new
 * parameters writes only a caller-owned workspace (struct score_work). */
#ifndef BKSEF_SCORE_H
#define BKSEF_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "cand_table.h"
#include "cost.h"
#include "diag.h"
#include "net.h"

enum score_scope {
	SCORE_SCOPE_NETWORK, /* min-max over all tunable layers and candidates */
	SCORE_SCOPE_LAYER,   /* min-max over the layer's own candidates */
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
	int cost;                         /* enum cost_model */
};

/* The defaults: l 0.45/0.45/0.10, gamma 0.35, beta 0.75, network scope,
 * MACs cost. */
void score_params_default(struct score_params *p);

/* Set P to the preset NAME ("paper", "edge", "cloud", "balanced", and
 * "edge-ds": edge's).  Returns BKSEF_OK, or BKSEF_EUSAGE for an unknown
 * name. */
int score_preset(const char *name, struct score_params *p);

/* How preset NAME realises the candidates (enum kernel_kind): KERNEL_DS for
 * "edge-ds", KERNEL_FULL for the others and an unknown name. */
int score_preset_realise(const char *name);

/* Name of the preset I (0, 1, ...) that sets scoring parameters only (the
 * explorer cycles through these; edge-ds is not one), NULL past the last. */
const char *score_preset_name(int i);

/* Check P's ranges; BKSEF_EUSAGE with the reason in DG. */
int score_params_check(const struct score_params *p, struct diag *dg);

/* "network"/"layer". */
const char *score_scope_name(int scope);

/* The terms of one candidate, raw and normalised. */
struct score_terms {
	double i_raw, a_raw, c_raw;    /* I(k), A(k), C(k) */
	double i_norm, a_norm, c_norm; /* after min-max */
	double score;                  /* l1*i_norm + l2*a_norm - l3*c_norm */
};

/* The score table over a candidate table.  Rows are the tunable convs, in
 * network order; row R's candidates are the scored entries of its
 * candidate-table row, and are named by their index J in that row. */
struct score;

/* Build the table over T (borrowed; must outlive it).  Returns BKSEF_OK
 * with *OUT owning the table, or BKSEF_ENOMEM (DG says so), or
 * BKSEF_ECANCELED when the progress sink (progress.h) cancelled it. */
int score_new(const struct cand_table *t, struct score **out, struct diag *dg);

/* Free S; score_free(NULL) does nothing. */
void score_free(struct score *s);

/* The candidate table S was built over. */
const struct cand_table *score_table(const struct score *s);

/* Number of rows (tunable convs); row R's conv (candidate-table row) and
 * network layer; the number of candidates it is scored over. */
size_t score_rows(const struct score *s);
size_t score_row_conv(const struct score *s, size_t r);
size_t score_row_layer(const struct score *s, size_t r);
size_t score_row_len(const struct score *s, size_t r);

/* Rows that score alike under any parameters -- the same columns and the
 * same normalised costs under both scopes -- form a class, which a run
 * scores once: the number of classes, row R's class, and class K's first
 * row (classes are numbered in the order of their first rows). */
size_t score_classes(const struct score *s);
size_t score_row_class(const struct score *s, size_t r);
size_t score_class_row(const struct score *s, size_t k);

/* The row of network layer I, or -1 when I is not a tunable conv. */
long score_find_row(const struct score *s, size_t i);

/* The results of one run: a score per candidate and k* per row (kept once
 * per class of rows that score alike, score_classes).  Allocate
 * one per table (score_work_alloc, NULL when out of memory) and free it with
 * score_work_free (NULL does nothing). */
struct score_work;
struct score_work *score_work_alloc(const struct score *s);
void score_work_free(struct score_work *w);

/* Score every candidate under P into W.  BKSEF_OK, or BKSEF_EUSAGE when P is
 * out of range or names another cost model than the table's (W is then
 * unchanged). */
int score_run(const struct score *s, const struct score_params *p, struct score_work *w,
              struct diag *dg);

/* k* of row R after the last run into W: its index J in the row, or -1
 * when the row has no candidate. */
int score_best(const struct score_work *w, size_t r);

/* k* of every row with a candidate after the last run into W, into
 * CHOICE[its conv] (CHOICE has an entry per candidate-table row); the
 * entries of other convs are left as they are. */
void score_choices(const struct score *s, const struct score_work *w, uint8_t *choice);

/* The score of candidate J of row R after the last run into W (the very
 * value k* was chosen by); NAN when J is not one of the row's scored
 * candidates or W has had no run. */
double score_value(const struct score *s, const struct score_work *w, size_t r, size_t j);

/* The terms of candidate J of row R under P (which may differ from the last
 * run's); returns 1, or 0 when J is not a scored candidate. */
int score_terms(const struct score *s, size_t r, size_t j, const struct score_params *p,
                struct score_terms *out);

/* The range of raw costs C the cost term is normalised over for row R under
 * SCOPE: the row's own candidates (layer scope) or every tunable (layer,
 * kernel) of the table (network scope).  Returns 0 when row R has none. */
int score_cost_range(const struct score *s, size_t r, int scope, double *lo, double *hi);

/* Row R's candidates as lines in l3 under P (ignoring P->lambda3):
 * S(J) = A[J] - l3*C[J] for J = 0 .. n-1 (the row's order, increasing size);
 * A and C hold at least score_row_len(s, r) entries.  Returns n. */
size_t score_row_lines(const struct score *s, size_t r, const struct score_params *p, double *a,
                       double *c);

#endif
