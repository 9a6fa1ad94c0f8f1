/* cand_table.h -- the kernels each convolution may take in one run, with
 * their MACs, parameters and cost computed once.  A plan names a layer's
 * kernel by its index in the layer's row of this table. */
#ifndef BKSEF_CAND_TABLE_H
#define BKSEF_CAND_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "cand.h"
#include "cost.h"
#include "diag.h"
#include "kernel.h"
#include "net.h"

/* A layer held at a kernel by the user. */
struct pin {
	uint32_t layer; /* a conv's index in the network */
	struct kernel k;
};

/* What a table is built from. */
struct cand_table_spec {
	cand_set run;           /* the run's candidate set (a layer's own wins) */
	int cost;               /* enum cost_model */
	int baseline_k;         /* 0: the loaded kernels; K: tunable convs at K */
	const struct pin *pins; /* kernels that must have an entry, or NULL */
	size_t n_pins;
	const struct kernel *run_axes; /* the run's per-axis candidates ("1x7"), or NULL */
	size_t n_run_axes;
	struct cost_source source; /* what the cost model needs (borrowed) */
	int realise;               /* enum kernel_kind: how tunable convs realise
	                              their candidates and the baseline kernel
	                              (a grouped conv's stay full) */
};

/* Row c holds conv c's kernels (the conv is layer net->conv[c]):
 *  - first, for a tunable conv, the candidates it is scored over: its own
 *    or the run's (square sizes and per-axis kernels), less those that would
 *    change an output shape, in increasing size (kernel_compare; n_scored
 *    of them), realised as its own list says ("dsK") or else as
 *    spec.realise (a grouped conv's always full);
 *  - then, once each and in increasing size, the other kernels a plan may
 *    give it: the loaded kernel, the baseline's, the pins', and for a
 *    fixed conv the run's candidates that keep its shape (so that it can be
 *    pinned to them).
 * The table is read-only once built. */
struct cand_table {
	const struct net *net;       /* borrowed */
	struct cand_table_spec spec; /* as built (pins not kept: NULL) */
	size_t n_conv, n_entries;
	uint32_t *first;          /* [n_conv + 1]: row c is first[c] .. first[c+1]-1 */
	uint8_t *n_scored;        /* [n_conv] */
	uint8_t *loaded;          /* [n_conv] the loaded kernel's index in the row */
	uint8_t *base;            /* [n_conv] the baseline kernel's index in the row */
	struct kernel *kernel;    /* [n_entries] */
	int64_t *macs;            /* [n_entries] the layer's MACs at that kernel */
	int64_t *params;          /* [n_entries] the layer's parameters */
	double *cost;             /* [n_entries] C under spec.cost (seconds under
	                          COST_LATENCY and COST_MEASURED; NaN for an
	                          entry the table lacks that no plan may take) */
	double latency_other;     /* COST_LATENCY: the roofline seconds of every
	                          layer but the convs; 0 otherwise */
	int64_t latency_other_ns; /* the same in whole nanoseconds */
	uint16_t *col;            /* [n_entries] the kernel's index in columns, or
	                          CAND_TABLE_NO_COL when it is not a column */
	size_t n_columns;
	struct kernel *col_kernel; /* the distinct scored kernels, in increasing size */
	size_t n_tunable;          /* tunable convs */
	int per_axis;              /* some entry's extents differ by axis */
};

/* Entry E's amount of RESOURCE (enum budget_resource): its MACs, its
 * parameters, or its time in whole nanoseconds (cost_seconds_ns of its cost;
 * only under a time cost model). */
static inline int64_t cand_table_resource(const struct cand_table *t, int resource, size_t e)
{
	if (resource == BUDGET_LATENCY)
		return cost_seconds_ns(t->cost[e]);
	return resource == BUDGET_PARAMS ? t->params[e] : t->macs[e];
}

/* The time in whole nanoseconds of the plan that gives conv c its entry
 * CHOICE[c] of its row: latency_other_ns and each chosen entry's
 * cand_table_resource. */
int64_t cand_table_latency_ns(const struct cand_table *t, const uint8_t *choice);

/* No column: an entry that is not scored. */
#define CAND_TABLE_NO_COL UINT16_MAX

/* Build the table of NET (borrowed; must outlive it) for SPEC.  Every pin
 * must name a conv and a kernel that keeps its shapes (see
 * cand_table_check_pin).  Returns BKSEF_OK with *OUT owning a new table, or
 * BKSEF_ENOMEM / BKSEF_EINPUT / BKSEF_EUSAGE (a baseline kernel past
 * KERNEL_MAX_EXTENT) with DG set, or BKSEF_ECANCELED when the progress sink
 * (progress.h) cancelled it. */
int cand_table_new(const struct net *net, const struct cand_table_spec *spec,
                   struct cand_table **out, struct diag *dg);

/* Free T; cand_table_free(NULL) does nothing. */
void cand_table_free(struct cand_table *t);

/* Whether conv layer I may be pinned to K: a conv, K of the network's rank
 * (square or per axis), each extent at most KERNEL_MAX_EXTENT, every
 * output shape kept, and when K is depthwise-separable, the conv not
 * grouped.
 * BKSEF_OK, or BKSEF_EUSAGE with the reason in DG. */
int cand_table_check_pin(const struct net *net, size_t i, const struct kernel *k, struct diag *dg);

/* Number of entries in row C. */
static inline size_t cand_table_row_len(const struct cand_table *t, size_t c)
{
	return t->first[c + 1] - t->first[c];
}

/* Entry J of row C. */
static inline size_t cand_table_entry(const struct cand_table *t, size_t c, size_t j)
{
	return t->first[c] + j;
}

/* The index of K in row C, or -1 when the row has no such entry. */
long cand_table_find(const struct cand_table *t, size_t c, const struct kernel *k);

/* How row C's scored candidates and baseline kernel are realised (enum
 * kernel_kind): KERNEL_FULL for a grouped conv, KERNEL_DS when its own
 * candidates are "dsK", else the spec's. */
int cand_table_realise(const struct cand_table *t, size_t c);

/* The row of network layer I, or -1 when I is not a conv. */
long cand_table_row_of(const struct cand_table *t, size_t i);

/* Whether entry J of row C is one the row is scored over. */
static inline int cand_table_scored(const struct cand_table *t, size_t c, size_t j)
{
	return j < t->n_scored[c];
}

#endif
