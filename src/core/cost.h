/* cost.h -- the BKSEF cost term C(k): what a convolution costs at a kernel
 * under a cost model. */
#ifndef BKSEF_COST_H
#define BKSEF_COST_H

#include <stdint.h>

#include "device.h"
#include "kernel.h"
#include "latency_table.h"
#include "net.h"

enum cost_model {
	COST_MACS,     /* the layer's exact MACs at the kernel */
	COST_PAPER,    /* k*k*H_in*W_in*C_in*C_out, as the paper's code */
	COST_LATENCY,  /* the layer's roofline time on a device (device.h) */
	COST_MEASURED, /* the layer's time as measured (latency_table.h) */
	COST_MODEL_COUNT
};

/* What a budget limits (request.h), in whole units: MACs, parameters, or
 * nanoseconds. */
enum budget_resource {
	BUDGET_NONE,    /* no budget */
	BUDGET_MACS,    /* the network's total MACs */
	BUDGET_PARAMS,  /* the network's total parameters */
	BUDGET_LATENCY, /* its time under a time cost model (latency, measured),
	                   each conv's and the other layers' rounded to a
	                   nanosecond */
};

/* Whether cost model MODEL prices layers by their time. */
static inline int cost_model_is_time(int model)
{
	return model == COST_LATENCY || model == COST_MEASURED;
}

/* Seconds as whole nanoseconds (a latency budget's unit); NaN, negative or
 * huge times as INT64_MAX / 4, more than any plan may use. */
int64_t cost_seconds_ns(double seconds);

/* What a cost model needs besides the network (borrowed): the device of
 * COST_LATENCY, the table of COST_MEASURED; NULL when not used. */
struct cost_source {
	const struct device *device;
	const struct latency_table *measured;
};

/* "macs", "paper", "latency", "measured"; "?" for an unknown model. */
const char *cost_model_name(int model);

/* The model named TEXT into *MODEL; BKSEF_EUSAGE for an unknown name. */
int cost_model_parse(const char *text, int *model);

/* C of conv layer I of NET at kernel K under MODEL, given its MACs and
 * parameters there and what MODEL needs in SRC.  Under COST_MEASURED, a
 * negative number when the table has no time for it. */
double cost_conv(const struct net *net, size_t i, int model, const struct cost_source *src,
                 const struct kernel *k, int64_t macs, int64_t params);

/* The elements layer I of NET moves with PARAMS parameters: its inputs'
 * outputs, its own output, and its parameters (the roofline's bytes, in
 * elements).  The input layer moves nothing. */
double cost_layer_elements(const struct net *net, size_t i, int64_t params);

/* The roofline seconds of conv layer I of NET on DEVICE realised
 * depthwise-separable at K: its depthwise and pointwise parts each priced
 * as a layer of its own (bytes in, out and weights; one overhead each). */
double cost_ds_seconds(const struct net *net, size_t i, const struct device *device,
                       const struct kernel *k);

/* The roofline estimate of layer I of NET on DEVICE with MACS and PARAMS (a
 * conv's at some kernel; another layer's own).  The input layer takes no
 * time: every part of *R is 0, its bound ROOFLINE_OVERHEAD. */
void cost_layer_roofline(const struct net *net, size_t i, const struct device *device, int64_t macs,
                         int64_t params, struct roofline *r);

/* The roofline seconds of NET's layers on DEVICE at their loaded kernels,
 * the convs left out when CONVS is 0 (their time is the plan's).  N_BOUND
 * (or NULL) gets how many of the layers summed each part bounds, indexed by
 * enum roofline_bound; the input layer counts as none. */
double cost_net_seconds(const struct net *net, const struct device *device, int convs,
                        size_t n_bound[3]);

#endif
