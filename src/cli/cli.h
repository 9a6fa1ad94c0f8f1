/* cli.h -- the batch front end: commands that print or write and exit. */
#ifndef BKSEF_CLI_H
#define BKSEF_CLI_H

#include <stdio.h>

#include "net.h"
#include "plan.h"
#include "score.h"

/* Resolve ARG to a file path: "-", a path to an existing file, or the bare
 * name of a bundled network (looked up in $BKSEF_DATADIR, the installed data
 * folder, then the source tree's data/).  Returns a new string the caller
 * frees, or NULL: with errno ENOMEM when out of memory, else 0 (nothing
 * matches). */
char *netfind_resolve(const char *arg);

/* Print the bundled networks, one line each, to FP.  Returns 0, -1 when
 * there are none, or -2 when out of memory (then nothing is printed). */
int netfind_list(FILE *fp);

/* Print the --summary report of NET (read from PATH) to FP. */
void summary_print(FILE *fp, const struct net *net, const char *path);

/* Write the --layers CSV of NET to FP; returns BKSEF_OK, BKSEF_EIO or
 * BKSEF_ENOMEM. */
int layers_write(FILE *fp, const struct net *net);

/* safe_file_writer adapter for layers_write; CTX is the net. */
int layers_writer(FILE *fp, void *ctx, struct diag *dg);

/* What the --plan report shows.  All borrowed. */
struct plan_report {
	const struct net *net;
	const struct score_params *params;
	const struct plan *plan; /* the chosen plan */
	const struct plan *base; /* the baseline it is compared with */
	int baseline_k;          /* 0: as loaded; 3: all-3x3 */
};

/* Print the --plan report: kernels per conv, totals baseline -> plan. */
void plan_report_print(FILE *fp, const struct plan_report *pr);

#endif
