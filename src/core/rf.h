/* rf.h -- receptive fields after Araujo, Norris & Sim (Distill, 2019): size r,
 * effective stride (jump) j and effective padding p of every layer. */
#ifndef BKSEF_RF_H
#define BKSEF_RF_H

#include <stdint.h>

#include "net.h"

/* Compute r and j (and p when P is not NULL) of every layer of NET, with conv
 * and pool layer i at kernel KERNEL[i] (KERNEL NULL: the loaded kernels).
 * R, J and P are caller-owned arrays of net->n_layers entries.  *MAX gets the
 * largest r.  Returns BKSEF_OK, or BKSEF_EINPUT (DG names the layer) when a
 * value does not fit in 64 bits.  Padding for a changed kernel follows
 * net_pad_for_kernel's rule, clamped at 0. */
int rf_compute(const struct net *net, const int32_t *kernel, int64_t *r, int64_t *j, int64_t *p,
               int64_t *max, struct diag *dg);

#endif
