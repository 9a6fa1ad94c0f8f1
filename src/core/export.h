/* export.h -- what bksef writes for other tools: the plan CSV (--batch) and
 * a network description with a plan's kernels (--export-network). */
#ifndef BKSEF_EXPORT_H
#define BKSEF_EXPORT_H

#include <stdint.h>
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
 * loading it gives PLAN's totals as its baseline.  It is first checked with
 * export_network_check: a plan the format cannot hold is refused before a
 * byte is written.  BKSEF_OK, or BKSEF_EINPUT, BKSEF_EIO or BKSEF_ENOMEM with
 * DG (line 0) saying why. */
int export_network_csv(FILE *fp, const struct net *net, const struct plan *plan, struct diag *dg);

/* Whether NET with PLAN's kernels can be written so that the file loads back
 * with PLAN's totals: no padding beyond NET_MAX_DIM (2^31 - 1), effective
 * paddings within 64 bits at the plan's kernels, and at most
 * NET_MAX_FILE_BYTES (1 GiB) in all.  BKSEF_OK, BKSEF_EINPUT with DG (line
 * 0) naming the layer or the size, or BKSEF_ENOMEM. */
int export_network_check(const struct net *net, const struct plan *plan, struct diag *dg);

/* The size in bytes of NET's export with PLAN's kernels into *BYTES: exact
 * (formatted into a counter, no memory) when EXACT, else a cheap upper bound
 * from the names' lengths.  BKSEF_OK, or BKSEF_ENOMEM with DG set. */
int export_network_size(const struct net *net, const struct plan *plan, int exact, uint64_t *bytes,
                        struct diag *dg);

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
