/* rf.h -- receptive fields after Araujo, Norris & Sim (Distill, 2019): size r,
 * effective stride (jump) j and effective padding p of every layer. */
#ifndef BKSEF_RF_H
#define BKSEF_RF_H

#include <stddef.h>
#include <stdint.h>

#include "net.h"

/* Compute r and j (and p when P is not NULL) of every layer of NET, with conv
 * and pool layer i at kernel KERNEL[i] (KERNEL NULL: the loaded kernels).
 * R, J and P are caller-owned arrays of net->n_layers entries; J and P are
 * in units of 1 / net->rf_den (whole numbers of pixels when it is 1, as in
 * every network without an upsample or a transposed conv).  *MAX gets the
 * largest r.  Returns BKSEF_OK, or BKSEF_EINPUT (DG names the layer) when a
 * value does not fit in 64 bits.  Padding for a changed kernel follows
 * net_pad_for_kernel's rule, clamped at 0. */
int rf_compute(const struct net *net, const int32_t *kernel, int64_t *r, int64_t *j, int64_t *p,
               int64_t *max, struct diag *dg);

/* rf_compute along axis AXIS (0: height; below net->rank) alone: KERNEL[i]
 * is layer i's extent on that axis (NULL: the loaded ones), strides and
 * dilations are that axis's.  rf_compute is axis 0, the only pass a
 * network needs when its axes agree (net->per_axis 0) and its kernels are
 * square; otherwise a layer's field is the largest over its axes. */
int rf_compute_axis(const struct net *net, int axis, const int32_t *kernel, int64_t *r, int64_t *j,
                    int64_t *p, int64_t *max, struct diag *dg);

/* rf_compute_axis for layers FIRST .. n_layers - 1 only, R, J and P (when
 * not NULL) of the layers before FIRST being already those of KERNEL: what
 * a plan recomputes after a kernel change at layer FIRST (a layer's field
 * depends on earlier layers only).  *MAX is the largest r of all layers. */
int rf_compute_axis_from(const struct net *net, int axis, const int32_t *kernel, size_t first,
                         int64_t *r, int64_t *j, int64_t *p, int64_t *max, struct diag *dg);

/* rf_compute_axis_from's R alone, for layers FIRST .. n_layers - 1 after a
 * kernel change: J must hold every layer's jump on AXIS (rf_compute_axis's,
 * which no kernel changes) and R the fields of the layers before FIRST at
 * KERNEL (not NULL).  The same R and *MAX as rf_compute_axis_from, and the
 * same failure. */
int rf_update_axis_from(const struct net *net, int axis, const int32_t *kernel, size_t first,
                        int64_t *r, const int64_t *j, int64_t *max, struct diag *dg);

/* Room for rf_fraction's text. */
#define RF_FRACTION_MAX 48

/* V / DEN (a jump or an effective padding in units of 1 / net->rf_den) in
 * lowest terms, as CSV and the explorer print it: "4", "-3", "7/2", "1/8",
 * into BUF of SIZE bytes (RF_FRACTION_MAX is enough); returns BUF. */
char *rf_fraction(int64_t v, int64_t den, char *buf, size_t size);

/* One layer's step: the field of a layer whose input has field RF_IN and
 * jump JUMP_IN / DEN (DEN: the network's rf_den), at kernel extent K and
 * dilation DIL, into *RF: rf_in + (k - 1) * dil * jump_in / den, rounded up
 * to a whole pixel.  Returns 0, or -1 when it does not fit in 64 bits. */
int rf_step(int64_t rf_in, int64_t jump_in, int64_t den, int64_t k, int64_t dil, int64_t *rf);

#endif
