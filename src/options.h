/* options.h -- what the command line asked for, shared by the batch front
 * end and the explorer. */
#ifndef BKSEF_OPTIONS_H
#define BKSEF_OPTIONS_H

#include <stdint.h>

#include "cand.h"
#include "device.h"
#include "latency_table.h"
#include "diag.h"
#include "net.h"
#include "onnx_map.h"
#include "request.h"
#include "score.h"

#define OPTIONS_MAX_PINS 256

enum mode {
	MODE_EXPLORE, /* default: the curses explorer */
	MODE_SUMMARY,
	MODE_LAYERS,
	MODE_BATCH,
	MODE_SWEEP,
	MODE_LIST,
	MODE_PLAN,
	MODE_FRONTIER,
	MODE_CONVERT, /* --convert: an ONNX model's network file */
	MODE_COMPARE, /* --compare-costs: the plans of each cost model side by side */
	MODE_DIFF,    /* --diff: two saved plans compared */
};

struct options {
	int mode;
	const char *net_arg; /* as given, or the default network's name */
	char *path;          /* resolved file path (owned) */
	struct score_params params;
	const char *preset;          /* NULL: none */
	cand_set candidates;         /* the run's candidate set: its sizes */
	struct cand_axes cand_axes;  /* and its per-axis kernels ("1x7") */
	int candidates_given;        /* --candidates was on the command line */
	const char *candidates_text; /* its text, read again for the network's rank */
	int realise;                 /* enum kernel_kind: --realise, dsK candidates or
	                                the preset's */
	int realise_given;           /* --realise was on the command line */
	const char *pins[OPTIONS_MAX_PINS];
	int n_pins;
	const char *pins_from;       /* --pins-from PLAN: its kernels as pins, NULL: none */
	const char *diff_a, *diff_b; /* --diff A B: the two plan files */
	const char *budget;          /* --budget or --reduce text, NULL: none */
	int budget_is_reduce;
	int budget_on;                 /* enum budget_resource: --budget-on (BUDGET_MACS) */
	int solver;                    /* enum budget_solver: --solver (BUDGET_SOLVER_BEST) */
	int solver_given;              /* --solver was on the command line */
	double solve_time;             /* --solve-time seconds; 0: the default */
	long frontier_max;             /* --frontier-max: budgets beyond an exact frontier */
	int baseline_k;                /* 0: as loaded; 3: all-3x3 */
	const char *output;            /* -o FILE, NULL: stdout */
	const char *export_network;    /* --export-network FILE */
	const char *device_arg;        /* --device NAME|FILE, NULL: none */
	const struct device *device;   /* its profile once loaded (main owns it) */
	const char *latency_table_arg; /* --latency-table FILE, NULL: none */
	const struct latency_table *measured; /* the table once loaded (main owns it) */
	/* ONNX models */
	struct onnx_map_size input_size; /* --input-size; n 0: none */
	/* explorer only */
	int ascii, no_color, no_mouse;
	const char *keys_file; /* scripted mode: keys from this file */
	const char *dump_file; /* scripted mode: screens to this file */
	int size_w, size_h;    /* scripted mode: screen size */
};

/* The request OPT asks of NET: its parameters, candidates, pins, baseline
 * and budget.  *REQ is initialised here (request_release it).  Returns
 * BKSEF_OK, or BKSEF_EUSAGE / BKSEF_ENOMEM with DG naming the option
 * ("--pin c1=4: ...", "--budget: ..."). */
int options_request(const struct options *opt, const struct net *net, struct request *req,
                    struct diag *dg);

/* Pin every conv of NET in REQ to its kernel in the plan CSV at PATH ("-":
 * standard input; bksef(5)), over REQ's pins: --pins-from and the
 * explorer's L.  BKSEF_OK, or BKSEF_EINPUT / BKSEF_EIO / BKSEF_ENOMEM with
 * DG naming the file and line; REQ is unchanged on failure. */
int options_pins_from(const char *path, const struct net *net, struct request *req,
                      struct diag *dg);

#endif
