/* plan_read.h -- a plan CSV that bksef wrote (--batch) read back as input:
 * the request it records and each conv's kernel, checked against a network
 * (bksef --diff, --pins-from, the explorer's L). */
#ifndef BKSEF_PLAN_READ_H
#define BKSEF_PLAN_READ_H

#include <stddef.h>
#include <stdint.h>

#include "csvin.h"
#include "diag.h"
#include "kernel.h"
#include "net.h"
#include "request.h"
#include "score.h"

/* One row: a conv of the plan. */
struct plan_read_row {
	unsigned long line; /* the line of the file it is on */
	const char *name;   /* its layer column */
	const char *token;  /* its k_plan column */
	int pinned;         /* its pinned column: 0 or 1 */
	long layer;         /* after plan_read_bind: the network's layer */
	struct kernel k;    /* after plan_read_bind: k_plan */
	double score;       /* after plan_read_bind: its score_kK column for K =
	                       k_plan (the score of that kernel under the plan's
	                       request); NAN when empty or there is none */
	size_t csv_row;     /* private: its row of the table */
};

/* The request a plan answers, as its context columns record it. */
struct plan_read_request {
	struct score_params params; /* lambda1 .. beta, scope, cost */
	int baseline_k;             /* 0: "loaded"; else the baseline's K */
	int budget_active;          /* the budget columns are not empty */
	int solver, resource;       /* enum budget_solver, enum budget_resource */
	int64_t budget;             /* the budget, in units of its resource */
};

struct plan_read {
	const char *display; /* the file's name in diagnostics (borrowed) */
	const char *network; /* the network column */
	unsigned long line;  /* the first row's line */
	struct plan_read_request req;
	struct plan_read_row *row; /* in file order */
	size_t n_rows;
	/* private */
	struct csvin csv;
};

/* Read the plan CSV in the file PATH ("-": standard input), named DISPLAY
 * in diagnostics, into *PR: every column bksef(5) says a plan has is there,
 * every row has the same context (one request), numbers and names are
 * valid, and no layer is given twice.  The kernels are read as text: see
 * plan_read_bind.  BKSEF_OK, or BKSEF_EINPUT (DG: the file, the line and
 * what is wrong), BKSEF_EIO or BKSEF_ENOMEM; *PR is empty on failure
 * (plan_read_free is safe either way). */
int plan_read_file(const char *path, const char *display, struct plan_read *pr, struct diag *dg);

/* The same from the LEN bytes at DATA. */
int plan_read_buffer(const void *data, size_t len, const char *display, struct plan_read *pr,
                     struct diag *dg);

/* Match PR's rows to NET's layers by name: each row names a conv of NET,
 * whose k_plan is a kernel the conv may take (cand_table_check_pin), and
 * every conv of NET has a row; each row's score is read from its score
 * column of k_plan (a number or empty).  BKSEF_OK, or BKSEF_EINPUT with DG (PR's
 * file, the row's line; line 0 for a missing conv). */
int plan_read_bind(struct plan_read *pr, const struct net *net, struct diag *dg);

/* Pin every conv of NET in REQ to PR's kernel (bound to NET), over the pins
 * REQ had.  BKSEF_OK, or BKSEF_ENOMEM / BKSEF_EUSAGE with DG set; REQ is
 * unchanged on failure. */
int plan_read_pins(const struct plan_read *pr, const struct net *net, struct request *req,
                   struct diag *dg);

/* Free what PR holds and leave it empty. */
void plan_read_free(struct plan_read *pr);

#endif
