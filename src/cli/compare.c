/* compare.c -- `bksef --compare-costs`: the paper's ablation (its open
 * question 2) as one table: the plan under each cost model at the given
 * lambda3, and with a budget the best plan under each resource, each with
 * its MACs, parameters and latency on the device side by side. */
#include <config.h>

#include "cli.h"

#include <string.h>

#include "cost.h"
#include "escape.h"
#include "session.h"

/* One row of the table: how its plan is asked for. */
struct compare_row {
	int cost;     /* enum cost_model of the lambda3 plans; COST_LATENCY for budgets */
	int resource; /* enum budget_resource; BUDGET_NONE: the lambda3 plan */
};

static const struct compare_row rows[] = {
	{ COST_MACS, BUDGET_NONE },      { COST_PAPER, BUDGET_NONE },
	{ COST_LATENCY, BUDGET_NONE },   { COST_LATENCY, BUDGET_MACS },
	{ COST_LATENCY, BUDGET_PARAMS }, { COST_LATENCY, BUDGET_LATENCY },
};

/* What a row shows of its plan. */
struct compare_plan {
	int64_t macs, params, rf;
	double seconds; /* the roofline estimate on the device */
	size_t differ;  /* convs whose kernel differs from its reference's */
	int unmet;      /* the budget cannot be met: why is in note */
	char note[512];
};

/* The roofline seconds of plan P on DEVICE: every layer's, a conv's at its
 * plan kernel (both parts of a depthwise-separable one). */
static double plan_seconds(const struct plan *p, const struct device *device)
{
	const struct net *net = p->net;
	const struct cost_source src = { device, NULL };
	double sum = cost_net_seconds(net, device, 0, NULL);

	for (size_t c = 0; c < net->n_conv; c++) {
		size_t i = net->conv[c];
		sum += cost_conv(net, i, COST_LATENCY, &src, plan_layer_kernel(p, i),
		                 plan_layer_macs(p, i), plan_layer_params(p, i));
	}
	return sum;
}

/* Solve row W of OPT's request on NET into *OUT; REF (or NULL) is the
 * session of the plan it is compared with.  *KEEP (if KEEP is not NULL)
 * gets the session.  A budget that cannot be met is no failure: the row is
 * marked unmet, with the reason. */
static int solve_row(const struct options *opt, const struct net *net, const struct compare_row *w,
                     const struct session *ref, struct session **keep, struct compare_plan *out,
                     struct diag *dg)
{
	struct request req;
	struct session *s = NULL;
	int st = options_request(opt, net, &req, dg);

	if (st != BKSEF_OK)
		return st;
	req.params.cost = w->cost;
	req.budget.resource = BUDGET_NONE;
	if (w->resource != BUDGET_NONE)
		st = request_parse_budget(opt->budget, w->resource, opt->solver,
		                          opt->budget_is_reduce, &req.budget, dg);
	if (st == BKSEF_OK && w->resource != BUDGET_NONE && opt->solve_time > 0)
		req.budget.seconds = opt->solve_time;
	memset(out, 0, sizeof *out);
	if (st == BKSEF_OK)
		st = session_new(net, &req, &s, dg);
	if (st == BKSEF_EINPUT && w->resource != BUDGET_NONE) {
		out->unmet = 1;
		snprintf(out->note, sizeof out->note, "%s", dg->msg);
		st = BKSEF_OK;
	} else if (st == BKSEF_OK) {
		const struct plan *p = session_plan(s);
		out->macs = p->macs;
		out->params = p->params;
		out->rf = p->rf;
		out->seconds = plan_seconds(p, opt->device);
		for (size_t c = 0; ref != NULL && c < net->n_conv; c++) {
			size_t i = net->conv[c];
			if (plan_layer_differs(p, session_plan(ref), i))
				out->differ++;
		}
	}
	if (st == BKSEF_OK && keep != NULL)
		*keep = s;
	else
		session_free(s);
	request_release(&req);
	return st;
}

int compare_print(FILE *fp, const struct options *opt, const struct net *net, struct diag *dg)
{
	const size_t n = opt->budget != NULL ? sizeof rows / sizeof rows[0] : 3;
	struct compare_plan plan[sizeof rows / sizeof rows[0]], base;
	struct session *first = NULL, *macs_budget = NULL;
	const struct plan *bp;
	int st = BKSEF_OK;

	/* The lambda3 rows are compared with the MAC-priced plan (row 0), the
	 * budget rows with the MAC budget's plan (row 3). */
	for (size_t r = 0; r < n && st == BKSEF_OK; r++)
		st = solve_row(opt, net, &rows[r], r < 3 ? first : macs_budget,
		               r == 0   ? &first
		               : r == 3 ? &macs_budget
		                        : NULL,
		               &plan[r], dg);
	if (st != BKSEF_OK) {
		session_free(first);
		session_free(macs_budget);
		return st;
	}
	bp = session_base(first);
	base.macs = bp->macs;
	base.params = bp->params;
	base.rf = bp->rf;
	base.seconds = plan_seconds(bp, opt->device);
	session_free(first);
	session_free(macs_budget);

	fputs("network: ", fp);
	escape_fputs(net->name, fp);
	fputs("\ndevice: ", fp);
	escape_fputs(opt->device->name, fp);
	fprintf(fp,
	        "\nlambda1=%g lambda2=%g lambda3=%g gamma=%g beta=%g scope=%s\n\n"
	        "%-26s %14s %12s %12s %8s %7s\n",
	        opt->params.lambda1, opt->params.lambda2, opt->params.lambda3, opt->params.gamma,
	        opt->params.beta, score_scope_name(opt->params.scope), "plan", "macs", "params",
	        "latency_ms", "rf", "differ");
	fprintf(fp, "%-26s %14lld %12lld %12.6g %8lld %7s\n", "baseline", (long long)base.macs,
	        (long long)base.params, base.seconds * 1e3, (long long)base.rf, "-");
	for (size_t r = 0; r < n; r++) {
		char label[64];
		if (rows[r].resource == BUDGET_NONE)
			snprintf(label, sizeof label, "lambda3, cost %s",
			         cost_model_name(rows[r].cost));
		else
			snprintf(label, sizeof label, "budget %s %s (%s)", opt->budget,
			         request_resource_name(rows[r].resource),
			         request_solver_name(opt->solver));
		if (plan[r].unmet) {
			fprintf(fp, "%-26s %14s %12s %12s %8s %7s\n", label, "-", "-", "-", "-",
			        "-");
			continue;
		}
		/* The two reference plans differ from nothing. */
		fprintf(fp, "%-26s %14lld %12lld %12.6g %8lld ", label, (long long)plan[r].macs,
		        (long long)plan[r].params, plan[r].seconds * 1e3, (long long)plan[r].rf);
		if (r == 0 || r == 3 || (r > 3 && plan[3].unmet))
			fprintf(fp, "%7s\n", "-");
		else
			fprintf(fp, "%7zu\n", plan[r].differ);
	}
	fprintf(fp,
	        "\nlatency_ms is the roofline estimate on the device for every plan, whatever cost "
	        "chose it;\ndiffer counts the convs whose kernel differs from the MAC-priced "
	        "plan's%s.\n",
	        n > 3 ? " (the lambda3 one, or the MAC\nbudget's for the other budgets)" : "");
	for (size_t r = 3; r < n; r++)
		if (plan[r].unmet) {
			fprintf(fp, "budget on %s: ", request_resource_name(rows[r].resource));
			escape_fputs(plan[r].note, fp);
			fputc('\n', fp);
		}
	return BKSEF_OK;
}
