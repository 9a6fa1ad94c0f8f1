/* plan.h -- a plan gives every conv a kernel, as an index in its row of the
 * candidate table, and with it the totals (MACs, parameters, largest
 * receptive field) and per-layer figures.  A plan is a result: the pins
 * that shaped it belong to the request (session.h). */
#ifndef BKSEF_PLAN_H
#define BKSEF_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "cand_table.h"
#include "diag.h"
#include "net.h"
#include "score.h"

struct plan {
	const struct net *net;          /* borrowed */
	const struct cand_table *table; /* borrowed */
	uint8_t *choice;                /* per conv: its kernel's index in its row */
	int32_t *extent;                /* per layer: the kernel's largest extent (0: none) */
	int64_t macs, params, rf;       /* totals, after plan_update */
	double latency;                 /* total seconds under COST_LATENCY (every
	                                   layer's roofline estimate) or COST_MEASURED
	                                   (the convs' measured times), after
	                                   plan_update; else 0 */
	int64_t *rf_layer;              /* per layer receptive field, after plan_update
	                                   (the largest over the axes) */
	int64_t *jump;                  /* per layer effective stride, after plan_update
	                                   (the largest over the axes) */
	/* Per axis, only when the network's axes differ or the table holds a
	 * kernel that is not square (per_axis); else NULL, and every axis is
	 * extent, rf_layer and jump. */
	int per_axis;
	int32_t *extent_axis[KERNEL_MAX_AXES]; /* per layer: the kernel's extent on axis a */
	int64_t *rf_axis[KERNEL_MAX_AXES];     /* per layer: r on axis a */
	int64_t *jump_axis[KERNEL_MAX_AXES];   /* per layer: j on axis a */
	int rf_valid;       /* the receptive fields are those of RF_CHOICE's kernels
	                       (plan_update recomputes them from the first layer
	                       whose kernel changed only) */
	uint8_t *rf_choice; /* per conv: CHOICE at the last plan_update */
	/* private: the totals of RF_CHOICE's kernels (plan_update moves them
	 * by the convs whose kernel changed) */
	int64_t rf_macs, rf_params;
	double rf_latency;
};

/* A plan over table T with every kernel as loaded, totals computed; NULL
 * when out of memory.  Free with plan_free. */
struct plan *plan_new(const struct cand_table *t);

/* Free P; plan_free(NULL) does nothing. */
void plan_free(struct plan *p);

/* Give conv C (a candidate-table row) its kernel J.  Totals and extents are
 * stale until plan_update. */
void plan_set(struct plan *p, size_t c, size_t j);

/* Kernels as loaded; the baseline's (every conv at the table's baseline
 * kernel where it has one, see cand_table_spec.baseline_k). */
void plan_from_net(struct plan *p);
void plan_from_base(struct plan *p);

/* Kernels from a run: k* of every tunable row of S from W, the loaded
 * kernel elsewhere, then the pins PINS[0 .. N) (each must have an entry in
 * the table). */
void plan_from_score(struct plan *p, const struct score *s, const struct score_work *w,
                     const struct pin *pins, size_t n);

/* Apply PINS[0 .. N) over the current kernels. */
void plan_apply_pins(struct plan *p, const struct pin *pins, size_t n);

/* Recompute totals and per-layer receptive fields from the kernels; the
 * fields only from the first layer whose kernel changed since the last
 * update, and not at all when none did. */
void plan_update(struct plan *p);

/* P's total of RESOURCE (enum budget_resource), after plan_update_totals:
 * MACs, parameters, or under a time cost model its time in whole
 * nanoseconds (the other layers' and each conv's, each rounded as
 * cand_table_resource does, so that a budget solver's sums agree). */
int64_t plan_resource(const struct plan *p, int resource);

/* Recompute the MAC and parameter totals only (no receptive field). */
void plan_update_totals(struct plan *p);

/* The kernel of conv layer I, or NULL when I is not a conv. */
const struct kernel *plan_layer_kernel(const struct plan *p, size_t i);

/* The kernel of conv row C. */
const struct kernel *plan_kernel(const struct plan *p, size_t c);

/* MACs and params of layer I under this plan. */
int64_t plan_layer_macs(const struct plan *p, size_t i);
int64_t plan_layer_params(const struct plan *p, size_t i);

/* The same for conv row C (no search for its row). */
int64_t plan_conv_macs(const struct plan *p, size_t c);
int64_t plan_conv_params(const struct plan *p, size_t c);
void plan_conv_pads(const struct plan *p, size_t c, int64_t pad[KERNEL_MAX_AXES]);
/* Padding of layer I under this plan (conv/pool): on axis 0; on every
 * axis into PAD[0 .. rank). */
int64_t plan_layer_pad(const struct plan *p, size_t i);
void plan_layer_pads(const struct plan *p, size_t i, int64_t pad[KERNEL_MAX_AXES]);

/* Receptive field, jump and effective padding of every layer on axis A at
 * the plan's kernels (rf_compute_axis), into the caller's R, J and P
 * (net->n_layers each; P may be NULL); *MAX the largest r.  BKSEF_OK, or
 * BKSEF_EINPUT when a value does not fit in 64 bits. */
int plan_rf_axis(const struct plan *p, int a, int64_t *r, int64_t *j, int64_t *pad, int64_t *max,
                 struct diag *dg);

/* Whether layer I is a conv whose kernel under plan A differs from its
 * kernel under plan B (extents and realisation, kernel_equal): the one
 * comparison behind "changed against the baseline" (B the baseline) and
 * the comparison of two plans.  A and B are over the same network; their
 * candidate tables may differ.  0 for a layer that is not a conv. */
int plan_layer_differs(const struct plan *a, const struct plan *b, size_t i);

/* Whether A and B give every conv the same kernel (same table). */
int plan_equal(const struct plan *a, const struct plan *b);

/* Change of NOW against BASE in percent (0 when BASE is 0). */
double plan_change_pct(int64_t now, int64_t base);

#endif
