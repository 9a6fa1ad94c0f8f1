/* request.c -- requests: defaults, shared pins, budgets. */
#include <config.h>

#include "request.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void request_init(struct request *r)
{
	memset(r, 0, sizeof *r);
	score_params_default(&r->params);
	r->candidates = CAND_DEFAULT;
	r->budget.resource = BUDGET_NONE;
	r->budget.solver = BUDGET_SOLVER_BEST;
}

void request_release(struct request *r)
{
	if (r->pins != NULL && --r->pins->refs == 0)
		free(r->pins);
	r->pins = NULL;
}

void request_copy(struct request *dst, const struct request *src)
{
	struct pin_set *pins = src->pins;
	if (pins != NULL)
		pins->refs++;
	request_release(dst);
	*dst = *src;
	dst->pins = pins;
}

const struct pin *request_pins(const struct request *r)
{
	return r->pins ? r->pins->pin : NULL;
}

size_t request_n_pins(const struct request *r)
{
	return r->pins ? r->pins->n : 0;
}

/* Index of the first pin at or after layer I. */
static size_t pin_lower(const struct pin_set *ps, size_t i)
{
	size_t lo = 0, hi = ps ? ps->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ps->pin[mid].layer < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct pin *request_pin_of(const struct request *r, size_t i)
{
	size_t at = pin_lower(r->pins, i);
	return r->pins && at < r->pins->n && r->pins->pin[at].layer == i ? &r->pins->pin[at] : NULL;
}

int request_pin(struct request *r, const struct net *net, size_t i, const struct kernel *k,
                struct diag *dg)
{
	const struct pin_set *old = r->pins;
	size_t n = old ? old->n : 0, at = pin_lower(old, i);
	int had = old && at < n && old->pin[at].layer == i;
	struct pin_set *ps;

	if (k != NULL) {
		int st = cand_table_check_pin(net, i, k, dg);
		if (st != BKSEF_OK)
			return st;
	}
	if (k == NULL && !had)
		return BKSEF_OK;
	size_t nn = n + (k != NULL) - had;
	if (nn == 0) {
		request_release(r);
		return BKSEF_OK;
	}
	ps = malloc(sizeof *ps + nn * sizeof ps->pin[0]);
	if (ps == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	ps->refs = 1;
	ps->n = nn;
	if (at > 0)
		memcpy(ps->pin, old->pin, at * sizeof ps->pin[0]);
	size_t o = at;
	if (k != NULL)
		ps->pin[o++] = (struct pin){ (uint32_t)i, *k };
	size_t rest = n - at - (size_t)had;
	if (rest > 0)
		memcpy(ps->pin + o, old->pin + at + had, rest * sizeof ps->pin[0]);
	request_release(r);
	r->pins = ps;
	return BKSEF_OK;
}

int request_pin_text(struct request *r, const struct net *net, const char *text, struct diag *dg)
{
	const char *eq = strrchr(text, '=');
	struct kernel k;

	if (eq == NULL || eq == text)
		return diag_set(dg, BKSEF_EUSAGE, 0, "expected NAME=K");
	char quoted[216];

	/* Digits only: a kernel token ("3", "1x7"); strtol alone would take " 3". */
	if (kernel_parse(eq + 1, net->rank, &k, NULL) != BKSEF_OK) {
		if (strncmp(eq + 1, "ds", 2) == 0)
			return diag_set(dg, BKSEF_EUSAGE, 0,
			                "kernel '%s' is not dsK or ds%s (depthwise-separable), "
			                "each extent from 1 to %d",
			                diag_quote(quoted, sizeof quoted, eq + 1),
			                kernel_pattern(net->rank), KERNEL_MAX_EXTENT);
		if (kernel_text_per_axis(eq + 1) && net->rank == 1)
			return diag_set(dg, BKSEF_EUSAGE, 0,
			                "kernel '%s' has more than one axis, but the network is "
			                "1-D: a whole number from 1 to %d",
			                diag_quote(quoted, sizeof quoted, eq + 1),
			                KERNEL_MAX_EXTENT);
		if (kernel_text_per_axis(eq + 1))
			return diag_set(dg, BKSEF_EUSAGE, 0,
			                "kernel '%s' is not a size per axis (%s for this "
			                "network), each from 1 to %d",
			                diag_quote(quoted, sizeof quoted, eq + 1),
			                kernel_pattern(net->rank), KERNEL_MAX_EXTENT);
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "kernel '%s' is not a whole number from 1 to %d",
		                diag_quote(quoted, sizeof quoted, eq + 1), KERNEL_MAX_EXTENT);
	}
	size_t len = (size_t)(eq - text);
	char *name = malloc(len + 1);
	if (name == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	memcpy(name, text, len);
	name[len] = '\0';
	long i = net_find_layer(net, name);
	int st = i < 0 ? diag_set(dg, BKSEF_EUSAGE, 0, "no layer named '%s'",
	                          diag_quote(quoted, sizeof quoted, name))
	               : request_pin(r, net, (size_t)i, &k, dg);
	free(name);
	return st;
}

size_t request_unpin_all(struct request *r)
{
	size_t n = request_n_pins(r);
	request_release(r);
	return n;
}

int request_parse_budget(const char *text, int resource, int solver, int reduce, struct budget *out,
                         struct diag *dg)
{
	struct budget b = { resource, solver, { 0 }, 0 };
	int st = resource == BUDGET_LATENCY ? parse_budget_time_text(text, reduce, &b.text, dg)
	                                    : parse_budget_text(text, reduce, &b.text, dg);
	if (st == BKSEF_OK)
		*out = b;
	return st;
}

const char *request_resource_name(int resource)
{
	return resource == BUDGET_MACS      ? "macs"
	       : resource == BUDGET_PARAMS  ? "params"
	       : resource == BUDGET_LATENCY ? "latency"
	                                    : "";
}

int request_resource_check(int resource, int cost_model, struct diag *dg)
{
	if (resource != BUDGET_MACS && resource != BUDGET_PARAMS && resource != BUDGET_LATENCY)
		return diag_set(dg, BKSEF_EUSAGE, 0, "unknown budget resource");
	if (resource == BUDGET_LATENCY && !cost_model_is_time(cost_model))
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "a latency budget needs a time cost model (--device or "
		                "--latency-table)");
	return BKSEF_OK;
}

const char *request_solver_name(int solver)
{
	return solver == BUDGET_SOLVER_LAMBDA ? "lambda"
	       : solver == BUDGET_SOLVER_BEST ? "best"
	                                      : "?";
}

const char *request_resource_unit(int resource)
{
	return resource == BUDGET_PARAMS    ? "parameters"
	       : resource == BUDGET_LATENCY ? "ns"
	                                    : "MACs";
}

int request_resource_parse(const char *text, int *out)
{
	if (strcmp(text, "macs") == 0)
		*out = BUDGET_MACS;
	else if (strcmp(text, "params") == 0)
		*out = BUDGET_PARAMS;
	else if (strcmp(text, "latency") == 0)
		*out = BUDGET_LATENCY;
	else
		return BKSEF_EUSAGE;
	return BKSEF_OK;
}

int request_solver_parse(const char *text, int *out)
{
	if (strcmp(text, "best") == 0)
		*out = BUDGET_SOLVER_BEST;
	else if (strcmp(text, "lambda") == 0)
		*out = BUDGET_SOLVER_LAMBDA;
	else
		return BKSEF_EUSAGE;
	return BKSEF_OK;
}

static int budget_equal(const struct budget *a, const struct budget *b)
{
	if (a->resource != b->resource)
		return 0;
	if (a->resource == BUDGET_NONE)
		return 1;
	return a->solver == b->solver && a->text.is_percent == b->text.is_percent &&
	       a->text.percent == b->text.percent && a->text.amount == b->text.amount &&
	       a->seconds == b->seconds;
}

int request_equal(const struct request *a, const struct request *b)
{
	const struct score_params *p = &a->params, *q = &b->params;
	size_t n = request_n_pins(a);

	if (p->lambda1 != q->lambda1 || p->lambda2 != q->lambda2 || p->lambda3 != q->lambda3 ||
	    p->gamma != q->gamma || p->beta != q->beta || p->scope != q->scope ||
	    p->cost != q->cost || a->candidates != b->candidates ||
	    !cand_axes_equal(&a->cand_axes, &b->cand_axes) || a->baseline_k != b->baseline_k ||
	    !budget_equal(&a->budget, &b->budget) || a->source.device != b->source.device ||
	    a->source.measured != b->source.measured || n != request_n_pins(b))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (a->pins->pin[i].layer != b->pins->pin[i].layer ||
		    !kernel_equal(&a->pins->pin[i].k, &b->pins->pin[i].k))
			return 0;
	return 1;
}

int request_carry(const struct request *src, const struct net *from, const struct net *to,
                  struct request *out, struct request_lost *lost, struct diag *dg)
{
	size_t n = request_n_pins(src);

	memset(lost, 0, sizeof *lost);
	*out = *src;
	out->pins = NULL;
	if (src->source.measured != NULL) {
		out->source.measured = NULL;
		lost->measured = 1;
		if (out->params.cost == COST_MEASURED)
			out->params.cost = COST_MACS;
	}
	if (from->rank != to->rank && src->cand_axes.n > 0) {
		out->cand_axes.n = 0;
		lost->cand_axes = 1;
	}
	if (n > 0) {
		lost->pin = malloc(n * sizeof *lost->pin);
		if (lost->pin == NULL)
			return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	for (size_t p = 0; p < n; p++) {
		const struct pin *pin = &src->pins->pin[p];
		const char *name = from->layers[pin->layer].name;
		long i = net_find_layer(to, name);
		struct diag why = { 0 };
		int st, reason;

		if (i < 0) {
			reason = REQUEST_LOST_NO_LAYER;
		} else if (to->layers[i].op != NET_OP_CONV) {
			reason = REQUEST_LOST_NOT_CONV;
		} else {
			st = request_pin(out, to, (size_t)i, &pin->k, &why);
			if (st == BKSEF_OK)
				continue;
			if (st == BKSEF_ENOMEM) {
				request_release(out);
				request_lost_free(lost);
				return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
			}
			reason = REQUEST_LOST_KERNEL;
		}
		lost->pin[lost->n_pins++] = (struct request_lost_pin){ name, pin->k, reason };
	}
	return BKSEF_OK;
}

void request_lost_free(struct request_lost *lost)
{
	free(lost->pin);
	memset(lost, 0, sizeof *lost);
}
