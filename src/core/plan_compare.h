/* plan_compare.h -- two plans side by side, each scored under its own
 * request: the convs whose kernel differs with their MACs, parameters,
 * receptive field and score on each side, the totals and their change, and
 * what the two requests ask differently.  Serves bksef --diff and the
 * explorer's compare view.  Which convs differ is plan_layer_differs
 * (plan.h), the same test as the explorer's "changed against the baseline"
 * filter and its highlight. */
#ifndef BKSEF_PLAN_COMPARE_H
#define BKSEF_PLAN_COMPARE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "kernel.h"
#include "net.h"
#include "plan.h"
#include "plan_read.h"
#include "session.h"

/* One side: a plan (plan_update'd), its score per conv, its pins and the
 * request it answers.  Build with plan_compare_side_session or
 * plan_compare_side_file; free with plan_compare_side_free. */
struct plan_compare_side {
	const struct plan *plan;      /* borrowed */
	double *score;                /* [n_conv] the plan's score; NAN: not scored */
	struct kernel *pin;           /* [n_conv] the pin's kernel, where pinned */
	unsigned char *pinned;        /* [n_conv] 1: pinned */
	struct plan_read_request req; /* the request, as a plan CSV records it */
};

/* Side of session S's plan under its own request (S must outlive the side
 * and not change).  BKSEF_OK or BKSEF_ENOMEM (DG says so). */
int plan_compare_side_session(struct plan_compare_side *side, const struct session *s,
                              struct diag *dg);

/* Side of the plan CSV PR (bound to the network, plan_read_bind) whose
 * kernels EVAL's plan holds (a session pinned by plan_read_pins): figures
 * from EVAL's plan, scores, pins and request from the file.  BKSEF_OK or
 * BKSEF_ENOMEM. */
int plan_compare_side_file(struct plan_compare_side *side, const struct plan_read *pr,
                           const struct session *eval, struct diag *dg);

/* Free what SIDE holds and leave it empty. */
void plan_compare_side_free(struct plan_compare_side *side);

/* A conv whose kernel differs: [0] is side A, [1] side B. */
struct plan_compare_layer {
	size_t conv, layer;
	struct kernel k[2];
	int64_t macs[2], params[2], rf[2];
	double score[2]; /* NAN: not scored */
};

/* A difference of the requests: WHAT ("lambda3", "pin") and, for a pin,
 * the layer; each side's value as text ("-": none). */
struct plan_compare_diff {
	const char *what;
	const char *layer; /* NULL but for pins */
	char a[64], b[64];
};

struct plan_compare {
	const struct net *net;
	size_t n_convs;                   /* the network's convs */
	struct plan_compare_layer *layer; /* the convs whose kernel differs, in network order */
	size_t n_layers;
	int64_t macs[2], params[2], rf[2]; /* totals */
	double score[2];                   /* the sums of the scored convs' scores */
	struct plan_compare_diff *diff;    /* the requests' differences */
	size_t n_diffs;
};

/* Compare side A with side B, two plans of NET, into *OUT.  BKSEF_OK or
 * BKSEF_ENOMEM (DG says so; *OUT is then empty). */
int plan_compare_new(const struct net *net, const struct plan_compare_side *a,
                     const struct plan_compare_side *b, struct plan_compare *out, struct diag *dg);

/* Free what PC holds and leave it empty. */
void plan_compare_free(struct plan_compare *pc);

/* The change from A to B in percent (0 when A is 0). */
double plan_compare_pct(double a, double b);

/* Write PC as CSV to FP: "section,name,what,a,b,difference,difference_pct",
 * one row per changed conv's kernel, MACs, parameters, receptive field and
 * score (section "layer"), per total (section "total") and per request
 * difference (section "request").  BKSEF_OK or BKSEF_EIO. */
int plan_compare_csv(FILE *fp, const struct plan_compare *pc);

/* safe_file_writer adapter: CTX is a struct plan_compare. */
int plan_compare_writer(FILE *fp, void *ctx, struct diag *dg);

#endif
