/* cost.c -- cost models for the BKSEF cost term. */
#include <config.h>

#include "cost.h"

#include <string.h>

static const char *const model_names[COST_MODEL_COUNT] = {
	[COST_MACS] = "macs",
	[COST_PAPER] = "paper",
};

const char *cost_model_name(int model)
{
	return model >= 0 && model < COST_MODEL_COUNT ? model_names[model] : "?";
}

int cost_model_parse(const char *text, int *model)
{
	for (int m = 0; m < COST_MODEL_COUNT; m++)
		if (strcmp(text, model_names[m]) == 0) {
			*model = m;
			return BKSEF_OK;
		}
	return BKSEF_EUSAGE;
}

double cost_conv(const struct net_layer *l, int model, const struct kernel *k, int64_t macs)
{
	if (model == COST_PAPER)
		return (double)kernel_taps(k) * (double)l->in_t * (double)l->in_h *
		       (double)l->in_w * (double)l->in_c * (double)l->c;
	return (double)macs;
}
