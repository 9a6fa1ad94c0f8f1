/* export.h -- what bksef writes for other tools: the plan CSV (--batch), the
 * sweep CSV (--sweep) and a network description with a plan's kernels
 * (--export-network). */
#ifndef BKSEF_EXPORT_H
#define BKSEF_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "cand_table.h"
#include "net.h"
#include "plan.h"
#include "session.h"
#include "sweep.h"

/* Write session S's plan CSV (one row per conv; every row repeats the run's
 * parameters, budget and totals) to FP.  BKSEF_OK, BKSEF_EIO,
 * BKSEF_ENOMEM or BKSEF_ECANCELED (the progress sink cancelled, progress.h). */
int export_plan_csv(FILE *fp, const struct session *s);

/* The format NET with PLAN's kernels needs: 2 when it has a format-2 op,
 * column or per-axis value, or PLAN gives a conv a per-axis kernel; else 1. */
int export_network_version(const struct net *net, const struct plan *plan);

/* Write NET with PLAN's kernels (and paddings) to FP, in the format
 * export_network_version says, so that loading it gives PLAN's totals as
 * its baseline.  It is first checked with
 * export_network_check: a plan the format cannot hold is refused before a
 * byte is written.  BKSEF_OK, or BKSEF_EINPUT, BKSEF_EIO, BKSEF_ENOMEM or
 * BKSEF_ECANCELED (progress.h) with DG (line 0) saying why. */
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

/* Write the --sweep CSV of SW; the kernels counted (n_kN) are T's columns. */
int export_sweep_csv(FILE *fp, const struct sweep *sw, const struct cand_table *t);

/* What a sweep export needs.  Borrowed. */
struct export_sweep {
	const struct sweep *sw;
	const struct cand_table *table;
};

/* Write the --frontier CSV of F (over T's columns): one row per plan, the
 * resource's name (budget_on), the plan's total of it, G, parameters, MACs, receptive field (empty when
 * unknown), whether it is proven best at its budget and its certified gap,
 * and its kernel counts per column (n_kN). */
int export_frontier_csv(FILE *fp, const struct session_frontier *f, const struct cand_table *t);

/* What a frontier export needs.  Borrowed. */
struct export_frontier {
	const struct session_frontier *f;
	const struct cand_table *table;
};

/* safe_file_writer adapters: CTX is a struct session (the plan CSV, or the
 * network with the session's plan), a struct export_sweep or a struct
 * export_frontier. */
int export_plan_writer(FILE *fp, void *ctx, struct diag *dg);
int export_network_writer(FILE *fp, void *ctx, struct diag *dg);
int export_sweep_writer(FILE *fp, void *ctx, struct diag *dg);
int export_frontier_writer(FILE *fp, void *ctx, struct diag *dg);

#endif
