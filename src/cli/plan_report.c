/* plan_report.c -- `bksef --plan`: the chosen kernels and the plan's totals
 * against the baseline, for a person to read. */
#include <config.h>

#include "cli.h"
#include "csvout.h"
#include "escape.h"

#include <math.h>
#include <string.h>

static void total_line(FILE *fp, const char *key, int64_t base, int64_t plan)
{
	fprintf(fp, "%s: %lld -> %lld (%+.1f%%)\n", key, (long long)base, (long long)plan,
	        plan_change_pct(plan, base));
}

void plan_report_print(FILE *fp, const struct session *s)
{
	const struct net *net = session_net(s);
	const struct plan *plan = session_plan(s), *base = session_base(s);
	const struct score_params *p = session_params(s);
	const struct request *req = session_request(s);
	/* The layer column: as wide as the widest escaped name, 5 to 40
	 * columns; a longer name is cut by whole characters and escapes. */
	size_t width = 5;
	char l3[40], kb[KERNEL_TOKEN_MAX], kp[KERNEL_TOKEN_MAX];
	char name[256]; /* 40 columns: at most 40 characters of 4 bytes */

	for (size_t i = 0; i < net->n_layers; i++)
		if (net->layers[i].op == NET_OP_CONV) {
			size_t w = escape_width(net->layers[i].name);
			if (w > width)
				width = w > 40 ? 40 : w;
		}

	fputs("network: ", fp);
	escape_fputs(net->name, fp);
	fputc('\n', fp);
	fprintf(fp,
	        "parameters: lambda1=%g lambda2=%g lambda3=%s gamma=%g beta=%g scope=%s "
	        "cost=%s\n",
	        p->lambda1, p->lambda2, csvout_format_real(p->lambda3, l3, sizeof l3), p->gamma,
	        p->beta, score_scope_name(p->scope), cost_model_name(p->cost));
	if (req->baseline_k)
		fprintf(fp, "baseline: every tunable conv at %dx%d\n", req->baseline_k,
		        req->baseline_k);
	else
		fprintf(fp, "baseline: as loaded\n");
	fprintf(fp, "\n%-*s  %6s  %6s  %14s  %8s\n", (int)width, "layer", "k_base", "k_plan",
	        "macs_plan", "rf_plan");
	for (size_t c = 0; c < net->n_conv; c++) {
		size_t i = net->conv[c];
		const struct net_layer *l = &net->layers[i];
		escape_text_cols(name, sizeof name, l->name, width);
		fprintf(fp, "%s%*s  %6s  %5s%c  %14lld  %8lld\n", name,
		        (int)(width - escape_width(name)), "",
		        kernel_format(plan_kernel(base, c), kb, sizeof kb),
		        kernel_format(plan_kernel(plan, c), kp, sizeof kp),
		        request_pin_of(req, i) ? '!'
		        : l->tune              ? ' '
		                               : '=',
		        (long long)plan_layer_macs(plan, i), (long long)plan->rf_layer[i]);
	}
	fprintf(fp, "(! pinned, = fixed: not tunable)\n\n");
	total_line(fp, "macs", base->macs, plan->macs);
	/* FLOPs = 2 x MACs: MACs fit in 63 bits, twice that may need the 64th */
	fprintf(fp, "flops: %llu -> %llu (%+.1f%%)\n", 2 * (unsigned long long)base->macs,
	        2 * (unsigned long long)plan->macs, plan_change_pct(plan->macs, base->macs));
	total_line(fp, "params", base->params, plan->params);
	total_line(fp, "rf", base->rf, plan->rf);
}
