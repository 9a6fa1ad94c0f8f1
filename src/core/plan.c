/* plan.c -- a kernel for every conv, and what it costs. */
#include <config.h>

#include "plan.h"
#include "rf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct plan *plan_new(const struct net *net)
{
	struct plan *p = calloc(1, sizeof *p);
	size_t n = net->n_layers;
	if (p == NULL)
		return NULL;
	p->net = net;
	p->kernel = calloc(n, sizeof *p->kernel);
	p->pin = calloc(n, sizeof *p->pin);
	p->rf_layer = calloc(n, sizeof *p->rf_layer);
	p->jump = calloc(n, sizeof *p->jump);
	if (!p->kernel || !p->pin || !p->rf_layer || !p->jump) {
		plan_free(p);
		return NULL;
	}
	plan_from_net(p, 0);
	plan_update(p);
	return p;
}

void plan_free(struct plan *p)
{
	if (p == NULL)
		return;
	free(p->kernel);
	free(p->pin);
	free(p->rf_layer);
	free(p->jump);
	free(p);
}

/* TEXT for a one-line message, in BUF of SIZE (>= 16) bytes: control
 * characters as \xNN (names may hold line breaks), cut with "..." when long. */
static const char *quote_text(char *buf, size_t size, const char *text)
{
	size_t o = 0;
	for (; *text != '\0' && o + 8 < size; text++) {
		unsigned char c = (unsigned char)*text;
		if (c < 0x20 || c == 0x7F)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
		else
			buf[o++] = (char)c;
	}
	if (*text != '\0')
		memcpy(buf + o, "...", 4);
	else
		buf[o] = '\0';
	return buf;
}

int plan_pin(struct plan *p, size_t i, int k, struct diag *dg)
{
	const struct net_layer *l = &p->net->layers[i];
	char name[216];
	int64_t pad;

	if (l->op != NET_OP_CONV)
		return diag_set(dg, BKSEF_EUSAGE, 0, "layer '%s' is a %s, not a conv",
		                quote_text(name, sizeof name, l->name), net_op_name(l->op));
	if (k != 0 && (k > CAND_MAX || !net_pad_for_kernel(p->net, i, k, &pad)))
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "kernel %d is not allowed for layer '%s': it would change the "
		                "layer's output shape%s",
		                k, quote_text(name, sizeof name, l->name),
		                k > CAND_MAX ? " or exceed 63" : "");
	if (p->pin[i] == 0 && k != 0)
		p->n_pins++;
	else if (p->pin[i] != 0 && k == 0)
		p->n_pins--;
	p->pin[i] = k;
	return BKSEF_OK;
}

int plan_pin_text(struct plan *p, const char *text, struct diag *dg)
{
	const char *eq = strrchr(text, '=');
	char quoted[216];
	char *end;
	long k;

	if (eq == NULL || eq == text)
		return diag_set(dg, BKSEF_EUSAGE, 0, "expected NAME=K");
	errno = 0;
	k = strtol(eq + 1, &end, 10);
	/* Digits only: strtol alone would take " 3" and "+3". */
	if (eq[1] < '0' || eq[1] > '9' || *end != '\0' || k < 1 || k > CAND_MAX)
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "kernel '%s' is not a whole number from 1 to %d",
		                quote_text(quoted, sizeof quoted, eq + 1), CAND_MAX);
	size_t len = (size_t)(eq - text);
	char *name = malloc(len + 1);
	if (name == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	memcpy(name, text, len);
	name[len] = '\0';
	long i = net_find_layer(p->net, name);
	int st = i < 0 ? diag_set(dg, BKSEF_EUSAGE, 0, "no layer named '%s'",
	                          quote_text(quoted, sizeof quoted, name))
	               : plan_pin(p, (size_t)i, (int)k, dg);
	free(name);
	return st;
}

void plan_unpin_all(struct plan *p)
{
	memset(p->pin, 0, p->net->n_layers * sizeof *p->pin);
	p->n_pins = 0;
}

void plan_from_net(struct plan *p, int apply_pins)
{
	const struct net *net = p->net;
	memcpy(p->kernel, net->kernel, net->n_layers * sizeof *p->kernel);
	if (apply_pins && p->n_pins > 0)
		for (size_t i = 0; i < net->n_layers; i++)
			if (p->pin[i])
				p->kernel[i] = p->pin[i];
}

void plan_from_score(struct plan *p, const struct score *s)
{
	plan_from_net(p, 0);
	for (size_t r = 0, n = score_rows(s); r < n; r++) {
		int k = score_best(s, r);
		if (k != 0)
			p->kernel[score_row_layer(s, r)] = k;
	}
	if (p->n_pins > 0)
		for (size_t i = 0; i < p->net->n_layers; i++)
			if (p->pin[i])
				p->kernel[i] = p->pin[i];
}

void plan_uniform(struct plan *p, int k)
{
	const struct net *net = p->net;
	plan_from_net(p, 0);
	for (size_t i = 0; i < net->n_layers; i++) {
		int64_t pad;
		if (net->layers[i].op == NET_OP_CONV && net->layers[i].tune &&
		    net_pad_for_kernel(net, i, k, &pad))
			p->kernel[i] = k;
	}
}

void plan_update_totals(struct plan *p)
{
	const struct net *net = p->net;
	int64_t macs = net->total_macs, params = net->total_params;

	/* Only convs change; the loader has bounded every sum, nothing wraps. */
	for (size_t c = 0; c < net->n_conv; c++) {
		size_t i = net->conv[c];
		int64_t k = p->kernel[i], k0 = net->kernel[i];
		if (k == k0)
			continue;
		/* MACs and params are k*k times a per-layer constant, plus a
		 * bias that does not change with k.  Each product is one the
		 * loader checked (the loaded k, or a k up to CAND_MAX). */
		macs += k * k * net->conv_per_k2[c][0] - k0 * k0 * net->conv_per_k2[c][0];
		params += k * k * net->conv_per_k2[c][1] - k0 * k0 * net->conv_per_k2[c][1];
	}
	p->macs = macs;
	p->params = params;
}

void plan_update(struct plan *p)
{
	const struct net *net = p->net;

	plan_update_totals(p);
	/* Cannot fail: the loader checked the largest kernels. */
	(void)rf_compute(net, p->kernel, p->rf_layer, p->jump, NULL, &p->rf, NULL);
}

int64_t plan_layer_macs(const struct plan *p, size_t i)
{
	const struct net_layer *l = &p->net->layers[i];
	return l->op == NET_OP_CONV ? net_layer_macs_at(l, p->kernel[i]) : l->macs;
}

int64_t plan_layer_params(const struct plan *p, size_t i)
{
	const struct net_layer *l = &p->net->layers[i];
	return l->op == NET_OP_CONV ? net_layer_params_at(l, p->kernel[i]) : l->params;
}

int64_t plan_layer_pad(const struct plan *p, size_t i)
{
	int64_t pad = p->net->layers[i].pad;
	if (p->kernel[i] != p->net->layers[i].k)
		(void)net_pad_for_kernel(p->net, i, p->kernel[i], &pad);
	return pad;
}

double plan_change_pct(int64_t now, int64_t base)
{
	return base ? 100.0 * ((double)now - (double)base) / (double)base : 0.0;
}
