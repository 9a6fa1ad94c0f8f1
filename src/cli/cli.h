/* cli.h -- the batch front end: commands that print or write and exit. */
#ifndef BKSEF_CLI_H
#define BKSEF_CLI_H

#include <stdio.h>

#include "net.h"
#include "options.h"
#include "plan_compare.h"
#include "plan_read.h"
#include "session.h"

/* Resolve ARG to a file path: "-", a path to an existing file, or the bare
 * name of a bundled network (looked up in $BKSEF_DATADIR, the installed data
 * folder, then the source tree's data/).  Returns a new string the caller
 * frees, or NULL: with errno ENOMEM when out of memory, else 0 (nothing
 * matches). */
char *netfind_resolve(const char *arg);

/* The same for a device profile (--device): a path, or the bare name of a
 * bundled profile in the devices folder of those data folders. */
char *netfind_resolve_device(const char *arg);

/* Print the bundled networks, one line each, to FP.  Returns 0, -1 when
 * there are none, or -2 when out of memory (then nothing is printed). */
int netfind_list(FILE *fp);

/* Print the --summary report of NET (read from PATH) to FP; with DEVICE (or
 * NULL), its roofline latency estimate there too; with MEASURED (or NULL),
 * the sum of its convs' measured times at their loaded kernels. */
void summary_print(FILE *fp, const struct net *net, const char *path, const struct device *device,
                   const struct latency_table *measured);

/* Write the --layers CSV of NET to FP, with the columns latency (seconds,
 * a roofline estimate) and bound when DEVICE is not NULL; returns BKSEF_OK,
 * BKSEF_EIO or BKSEF_ENOMEM. */
int layers_write(FILE *fp, const struct net *net, const struct device *device);

/* What layers_writer writes. */
struct layers_out {
	const struct net *net;
	const struct device *device; /* or NULL */
};

/* safe_file_writer adapter for layers_write; CTX is a struct layers_out. */
int layers_writer(FILE *fp, void *ctx, struct diag *dg);

/* Print the --plan report of session S: kernels per conv, totals baseline
 * -> plan.  OTHER (may be NULL) is the same request under the other budget
 * solver: its kernels and totals are shown beside. */
void plan_report_print(FILE *fp, const struct session *s, const struct session *other);

/* Print the --compare-costs table of NET for OPT to FP: the plan under
 * each cost model (macs, paper, latency on OPT's device) at OPT's lambda3,
 * and with a budget (a percentage) the plan that meets it on each resource
 * (MACs, parameters, latency) with OPT's solver; each with its MACs,
 * parameters, roofline latency on the device and receptive field, and how
 * many convs differ from the MAC-priced plan.  BKSEF_OK or a status with DG
 * set (nothing printed then). */
int compare_print(FILE *fp, const struct options *opt, const struct net *net, struct diag *dg);

/* Run a batch mode of OPT (--plan, --batch, --sweep, --frontier) on NET: build the
 * session, print what stderr should say (the budget's lambda3, warnings),
 * write the output.  Returns BKSEF_OK or a status with DG set. */
int batch_run(const struct options *opt, const struct net *net, struct diag *dg);

/* --diff: read the plans OPT names (diff_a, diff_b) into *A and *B, and
 * refuse plans of different networks.  BKSEF_OK, or a status with DG set
 * (both then empty). */
int diff_read(const struct options *opt, struct plan_read *a, struct plan_read *b, struct diag *dg);

/* --diff: bind plans A and B to NET, evaluate their kernels and print the
 * comparison to standard output, or write it as CSV to OPT's -o file.
 * BKSEF_OK or a status with DG set. */
int diff_run(const struct options *opt, const struct net *net, struct plan_read *a,
             struct plan_read *b, struct diag *dg);

#endif
