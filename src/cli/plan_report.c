/* plan_report.c -- `bksef --plan`: the chosen kernels and the plan's totals
 * against the baseline, for a person to read. */
#include <config.h>

#include "cli.h"
#include "cost.h"
#include "csvout.h"
#include "decimal.h"
#include "escape.h"

#include <math.h>
#include <string.h>

static void total_line(FILE *fp, const char *key, int64_t base, int64_t plan)
{
	fprintf(fp, "%s: %lld -> %lld (%+.1f%%)\n", key, (long long)base, (long long)plan,
	        plan_change_pct(plan, base));
}

/* One solver's line of the comparison: its totals and G. */
static void solver_line(FILE *fp, const struct session *s, int mark)
{
	const struct session_budget *b = session_budget(s);
	const struct plan *plan = session_plan(s);
	char g[40], gap[40];

	fprintf(fp, "%-6s %c  %14lld  %12lld  %8lld  %s", request_solver_name(b->solver),
	        mark ? '*' : ' ', (long long)plan->macs, (long long)plan->params,
	        (long long)plan->rf, csvout_format_real(b->gain, g, sizeof g));
	if (b->solver == BUDGET_SOLVER_BEST)
		fprintf(fp, b->optimal ? " (optimal)" : " (gap %s)",
		        csvout_format_real(b->gap, gap, sizeof gap));
	fputc('\n', fp);
}

/* Whether S is printable ASCII, which escaping leaves as it is at a column a
 * byte; its length in *LEN. */
static int plain_ascii(const char *s, size_t *len)
{
	size_t n = 0;
	for (; s[n] != '\0'; n++)
		if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] > 0x7e)
			return 0;
	*len = n;
	return 1;
}

/* TEXT (N bytes, N columns) right-aligned in W columns at O; the end. */
static char *put_right(char *o, const char *text, size_t n, size_t w)
{
	for (; n < w; w--)
		*o++ = ' ';
	memcpy(o, text, n);
	return o + n;
}

/* The integer V right-aligned in W columns at O; the end. */
static char *put_right_int(char *o, int64_t v, size_t w)
{
	char d[DECIMAL_MAX];
	return put_right(o, d, (size_t)(decimal_i64(d, v) - d), w);
}

/* Conv C's line of the table (layer I, named in WIDTH columns): what
 * "%s%*s  %6s  %5s%c[  %8s]  %14lld  %8lld[ g]\n" gives, built by hand (a
 * million lines at 1M convs), into LINE (PLAN_LINE_MAX bytes); the end. */
#define PLAN_LINE_MAX 768
static char *conv_line(char *line, const struct session *s, const struct plan *oplan, size_t c,
                       size_t width)
{
	const struct net *net = session_net(s);
	const struct plan *plan = session_plan(s), *base = session_base(s);
	size_t i = net->conv[c], n;
	const struct net_layer *l = &net->layers[i];
	char name[256], tok[KERNEL_TOKEN_MAX], *o = line; /* 40 columns of 4-byte characters */

	if (plain_ascii(l->name, &n) && n <= width) {
		memcpy(o, l->name, n);
		memset(o + n, ' ', width - n);
		o += width;
	} else {
		escape_text_cols(name, sizeof name, l->name, width);
		n = strlen(name);
		memcpy(o, name, n);
		o += n;
		for (size_t w = escape_width(name); w < width; w++)
			*o++ = ' ';
	}
	o = put_right(o, "  ", 2, 2);
	kernel_format(plan_kernel(base, c), tok, sizeof tok);
	o = put_right(o, tok, strlen(tok), 6);
	o = put_right(o, "  ", 2, 2);
	kernel_format(plan_kernel(plan, c), tok, sizeof tok);
	o = put_right(o, tok, strlen(tok), 5);
	*o++ = request_pin_of(session_request(s), i) ? '!' : l->tune ? ' ' : '=';
	if (oplan != NULL) {
		o = put_right(o, "  ", 2, 2);
		kernel_format(plan_kernel(oplan, c), tok, sizeof tok);
		o = put_right(o, tok, strlen(tok), 8);
	}
	o = put_right(o, "  ", 2, 2);
	o = put_right_int(o, plan_layer_macs(plan, i), 14);
	o = put_right(o, "  ", 2, 2);
	o = put_right_int(o, plan->rf_layer[i], 8);
	/* Format 2: "g" marks global context (its rf is the local one). */
	if (net_layer_global(net, i))
		o = put_right(o, " g", 2, 2);
	*o++ = '\n';
	return o;
}

void plan_report_print(FILE *fp, const struct session *s, const struct session *other)
{
	const struct net *net = session_net(s);
	const struct plan *plan = session_plan(s), *base = session_base(s);
	const struct score_params *p = session_params(s);
	const struct request *req = session_request(s);
	/* The layer column: as wide as the widest escaped name, 5 to 40
	 * columns; a longer name is cut by whole characters and escapes. */
	size_t width = 5;
	const struct session_budget *b = session_budget(s);
	const struct plan *oplan = other ? session_plan(other) : NULL;
	char l3[40], ko[KERNEL_TOKEN_MAX + 2], line[PLAN_LINE_MAX];
	int any_global = 0;

	for (size_t c = 0; c < net->n_conv; c++) {
		const char *name = net->layers[net->conv[c]].name;
		size_t w;
		if (!plain_ascii(name, &w))
			w = escape_width(name);
		if (w > width)
			width = w > 40 ? 40 : w;
	}

	fputs("network: ", fp);
	escape_fputs(net->name, fp);
	fputc('\n', fp);
	fprintf(fp,
	        "parameters: lambda1=%g lambda2=%g lambda3=%s%s gamma=%g beta=%g scope=%s "
	        "cost=%s\n",
	        p->lambda1, p->lambda2, csvout_format_real(p->lambda3, l3, sizeof l3),
	        b->active && b->solver == BUDGET_SOLVER_BEST ? " (does not decide the plan)" : "",
	        p->gamma, p->beta, score_scope_name(p->scope), cost_model_name(p->cost));
	if (b->active)
		fprintf(fp, "budget: %lld %s, solver %s\n", (long long)b->value,
		        request_resource_unit(b->resource), request_solver_name(b->solver));
	if (req->baseline_k) {
		/* 3x3 (by the network's rank: 3, 3x3x3), ds3x3 when realised so */
		int k = req->baseline_k, rank = net->rank;
		fprintf(fp, "baseline: every tunable conv at %s",
		        req->cand_axes.kind == KERNEL_DS ? "ds" : "");
		fprintf(fp, rank == 1 ? "%d" : rank == 3 ? "%dx%dx%d" : "%dx%d", k, k, k);
		fprintf(fp, "%s\n",
		        req->cand_axes.kind == KERNEL_DS
		            ? " (full where a conv cannot be realised so)"
		            : "");
	} else
		fprintf(fp, "baseline: as loaded\n");
	snprintf(ko, sizeof ko, "k_%s",
	         other ? request_solver_name(session_budget(other)->solver) : "");
	fprintf(fp, "\n%-*s  %6s  %6s%s%*s  %14s  %8s\n", (int)width, "layer", "k_base", "k_plan",
	        other ? "  " : "", other ? 8 : 0, other ? ko : "", "macs_plan", "rf_plan");
	for (size_t c = 0; c < net->n_conv; c++) {
		any_global |= net_layer_global(net, net->conv[c]);
		fwrite(line, 1, (size_t)(conv_line(line, s, oplan, c, width) - line), fp);
	}
	fprintf(fp, "(! pinned, = fixed: not tunable%s)\n\n",
	        any_global ? "; g global context: each output sees the whole input, the rf "
	                     "shown is the local one"
	                   : "");
	total_line(fp, "macs", base->macs, plan->macs);
	/* FLOPs = 2 x MACs: MACs fit in 63 bits, twice that may need the 64th */
	fprintf(fp, "flops: %llu -> %llu (%+.1f%%)\n", 2 * (unsigned long long)base->macs,
	        2 * (unsigned long long)plan->macs, plan_change_pct(plan->macs, base->macs));
	total_line(fp, "params", base->params, plan->params);
	total_line(fp, "rf", base->rf, plan->rf);
	if (p->cost == COST_LATENCY || p->cost == COST_MEASURED) {
		fprintf(fp, "latency: %.6g ms -> %.6g ms (%+.1f%%, ", base->latency * 1e3,
		        plan->latency * 1e3,
		        base->latency > 0 ? 100 * (plan->latency - base->latency) / base->latency
		                          : 0.0);
		if (p->cost == COST_LATENCY) {
			fputs("roofline estimate on ", fp);
			escape_fputs(req->source.device->name, fp);
		} else {
			fputs("measured, convolutions only", fp);
		}
		fputs(")\n", fp);
	}
	if (b->active) {
		fprintf(fp, "\nsolver       %14s  %12s  %8s  %s\n", "macs", "params", "rf", "G");
		solver_line(fp, s, 1);
		if (other != NULL)
			solver_line(fp, other, 0);
		else
			fprintf(fp, "%-6s    (no plan meets the budget)\n",
			        request_solver_name(b->solver == BUDGET_SOLVER_BEST
			                                ? BUDGET_SOLVER_LAMBDA
			                                : BUDGET_SOLVER_BEST));
		fputs("(* the plan above; G = the sum of l1*I~ + l2*A~ over the tunable convs)\n",
		      fp);
	}
}
