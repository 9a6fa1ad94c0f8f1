/* cost.h -- the BKSEF cost term C(k): what a convolution costs at a kernel
 * under a cost model. */
#ifndef BKSEF_COST_H
#define BKSEF_COST_H

#include <stdint.h>

#include "kernel.h"
#include "net.h"

enum cost_model {
	COST_MACS,  /* the layer's exact MACs at the kernel */
	COST_PAPER, /* k*k*H_in*W_in*C_in*C_out, as the paper's code */
	COST_MODEL_COUNT
};

/* "macs", "paper"; "?" for an unknown model. */
const char *cost_model_name(int model);

/* The model named TEXT into *MODEL; BKSEF_EUSAGE for an unknown name. */
int cost_model_parse(const char *text, int *model);

/* C of conv layer L at kernel K under MODEL, given its MACs there. */
double cost_conv(const struct net_layer *l, int model, const struct kernel *k, int64_t macs);

#endif
