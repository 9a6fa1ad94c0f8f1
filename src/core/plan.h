/* plan.h -- a plan gives every conv a kernel: k* for tunable layers, the
 * loaded k for fixed ones, a pin where the user forced one.  With it come the
 * totals (MACs, parameters, largest receptive field) and per-layer figures. */
#ifndef BKSEF_PLAN_H
#define BKSEF_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "net.h"
#include "score.h"

struct plan {
	const struct net *net;    /* borrowed */
	int32_t *kernel;          /* per layer: its kernel in this plan (0: no kernel) */
	int32_t *pin;             /* per layer: pinned kernel, 0 when not pinned */
	size_t n_pins;            /* how many pin[] are set: change both with plan_pin */
	int64_t macs, params, rf; /* totals, after plan_update */
	int64_t *rf_layer;        /* per layer receptive field, after plan_update */
	int64_t *jump;            /* per layer effective stride, after plan_update */
};

/* A plan for NET with every kernel as loaded and no pins; NULL when out of
 * memory.  Free with plan_free. */
struct plan *plan_new(const struct net *net);

/* Free P; plan_free(NULL) does nothing. */
void plan_free(struct plan *p);

/* Pin layer I (a conv) to kernel K, or unpin it with K = 0.  Returns
 * BKSEF_OK, or BKSEF_EUSAGE with DG saying why (not a conv, or K would change
 * the layer's output shape). */
int plan_pin(struct plan *p, size_t i, int k, struct diag *dg);

/* Parse "NAME=K" and pin; BKSEF_EUSAGE for an unknown layer or a bad K. */
int plan_pin_text(struct plan *p, const char *text, struct diag *dg);

/* Remove every pin. */
void plan_unpin_all(struct plan *p);

/* Kernels: pins first, then k* from S (tunable rows), else the loaded k. */
void plan_from_score(struct plan *p, const struct score *s);

/* Kernels as loaded (pins still apply when APPLY_PINS). */
void plan_from_net(struct plan *p, int apply_pins);

/* Every tunable conv at K where K keeps its shape (the paper's all-3x3
 * baseline for K = 3); others as loaded; no pins. */
void plan_uniform(struct plan *p, int k);

/* Recompute totals and per-layer receptive fields from the kernels. */
void plan_update(struct plan *p);

/* Recompute the MAC and parameter totals only (no receptive field). */
void plan_update_totals(struct plan *p);

/* MACs and params of layer I under this plan. */
int64_t plan_layer_macs(const struct plan *p, size_t i);
int64_t plan_layer_params(const struct plan *p, size_t i);

/* Padding of layer I under this plan (conv/pool). */
int64_t plan_layer_pad(const struct plan *p, size_t i);

/* Change of NOW against BASE in percent (0 when BASE is 0). */
double plan_change_pct(int64_t now, int64_t base);

#endif
