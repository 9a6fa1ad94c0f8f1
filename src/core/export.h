/* export.h -- what bksef writes for other tools: the plan CSV (--batch) and
 * a network description with a plan's kernels (--export-network). */
#ifndef BKSEF_EXPORT_H
#define BKSEF_EXPORT_H

#include <stdio.h>

#include "net.h"
#include "plan.h"
#include "score.h"
#include "sweep.h"

/* What one plan export needs.  All borrowed. */
struct export_plan {
	const struct net *net;
	const struct score *score; /* scored with PARAMS */
	const struct score_params *params;
	const struct plan *plan; /* the plan to write */
	cand_set candidates;     /* the run's set: score_kN columns with the
					    table's */
};

/* Write the plan CSV (one row per conv) to FP.  BKSEF_OK or BKSEF_EIO. */
int export_plan_csv(FILE *fp, const struct export_plan *ep);

/* Write NET in format v1 with PLAN's kernels (and paddings) to FP, so that
 * loading it gives PLAN's totals as its baseline.  BKSEF_OK, BKSEF_EIO, or
 * BKSEF_ENOMEM before anything is written. */
int export_network_csv(FILE *fp, const struct net *net, const struct plan *plan);

/* Write the --sweep CSV of SW; COLUMNS are the kernels counted (n_kN). */
int export_sweep_csv(FILE *fp, const struct sweep *sw, cand_set columns);

/* What a sweep export needs.  Borrowed. */
struct export_sweep {
	const struct sweep *sw;
	cand_set columns;
};

/* safe_file_writer adapters: CTX is a struct export_plan (plan CSV) or a
 * struct export_plan whose plan is applied to net (network CSV). */
int export_plan_writer(FILE *fp, void *ctx, struct diag *dg);
int export_network_writer(FILE *fp, void *ctx, struct diag *dg);
int export_sweep_writer(FILE *fp, void *ctx, struct diag *dg); /* struct export_sweep */

#endif
