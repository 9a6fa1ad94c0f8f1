/* batch.c -- the batch modes over a session: --plan prints the plan for a
 * person, --batch writes the plan CSV (and --export-network the network),
 * --sweep writes the lambda3 sweep, --frontier the best plans along the
 * budget axis. */
#include <config.h>

#include "cli.h"

#include <math.h>
#include <string.h>

#include "csvout.h"
#include "export.h"
#include "safe_file.h"
#include "session.h"

/* The largest of the input's spatial sizes, 0 when NET has no input row. */
static int64_t input_size(const struct net *net)
{
	const struct net_layer *l = net->n_layers ? &net->layers[0] : NULL;
	if (l == NULL || l->op != NET_OP_INPUT)
		return 0;
	int64_t m = l->h > l->w ? l->h : l->w;
	return l->t > m ? l->t : m;
}

/* What the budget solved, on standard error: the lambda solver names its
 * lambda3; the best solver its plan's total, the slack, G, and whether it is
 * proven best or its certified gap.  Then the receptive field, with a
 * warning when it no longer covers the input. */
static void report_budget(const struct session *s)
{
	const struct session_budget *b = session_budget(s);
	const struct plan *plan = session_plan(s), *base = session_base(s);
	const char *unit = request_resource_unit(b->resource);
	char v[40], g[40], gap[40];
	int64_t in = input_size(session_net(s));

	if (b->solver == BUDGET_SOLVER_LAMBDA) {
		fprintf(stderr, "bksef: budget %lld %s: lambda3 = %s\n", (long long)b->value, unit,
		        csvout_format_real(session_params(s)->lambda3, v, sizeof v));
	} else {
		fprintf(stderr,
		        "bksef: budget %lld %s: the best plan needs %lld (slack %lld), G = %s, ",
		        (long long)b->value, unit, (long long)b->used,
		        (long long)(b->value - b->used), csvout_format_real(b->gain, g, sizeof g));
		if (b->optimal)
			fputs("optimal\n", stderr);
		else
			fprintf(stderr, "gap %s (%.3g%% of G)\n",
			        csvout_format_real(b->gap, gap, sizeof gap),
			        b->gain > 0 ? 100 * b->gap / b->gain : INFINITY);
	}
	if (in > 0 && plan->rf < in && plan->rf < base->rf)
		fprintf(
		    stderr,
		    "bksef: warning: the plan's receptive field, %lld, is below the input's size, "
		    "%lld (the baseline's is %lld)\n",
		    (long long)plan->rf, (long long)in, (long long)base->rf);
}

/* The --frontier CSV of the session's parameters and pins. */
static int write_frontier(const struct options *opt, struct session *s, struct diag *dg)
{
	struct session_frontier f;
	/* 10 seconds in all unless --solve-time says otherwise. */
	double seconds = opt->solve_time > 0 ? opt->solve_time : 10;
	int st = session_frontier(s, opt->budget_on, (size_t)opt->frontier_max, seconds, &f, dg);
	if (st != BKSEF_OK)
		return st;
	struct export_frontier ef = { &f, session_table(s) };
	st = safe_file_write(opt->output ? opt->output : "-", export_frontier_writer, &ef, dg);
	session_frontier_free(&f);
	return st;
}

/* --plan: with a budget, the other solver's plan beside this one's. */
static int print_plan(const struct options *opt, const struct net *net, struct session *s,
                      const struct request *req, struct diag *dg)
{
	struct session *other = NULL;
	if (session_budget(s)->active) {
		struct request r2;
		memset(&r2, 0, sizeof r2);
		request_copy(&r2, req);
		r2.budget.solver = req->budget.solver == BUDGET_SOLVER_BEST ? BUDGET_SOLVER_LAMBDA
		                                                            : BUDGET_SOLVER_BEST;
		/* The other solver may find no plan (the lambda solver's range
		 * ends at 1e300): then there is nothing beside this one. */
		struct diag sub = { 0 };
		if (session_new(net, &r2, &other, &sub) == BKSEF_ENOMEM) {
			request_release(&r2);
			return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		}
		request_release(&r2);
	}
	(void)opt;
	plan_report_print(stdout, s, other);
	session_free(other);
	return BKSEF_OK;
}

int batch_run(const struct options *opt, const struct net *net, struct diag *dg)
{
	struct request req;
	struct session *s = NULL;
	int st;

	dg->file = NULL;
	if (opt->mode == MODE_COMPARE)
		return compare_print(stdout, opt, net, dg);
	st = options_request(opt, net, &req, dg);
	if (st != BKSEF_OK)
		return st;
	st = session_new(net, &req, &s, dg);
	if (st != BKSEF_OK)
		goto out;
	if (opt->candidates_given && session_run_rows(s) == 0 && net->n_tunable > 0)
		fprintf(stderr,
		        "bksef: warning: --candidates is unused: every tunable conv lists its own "
		        "candidates\n");
	if (session_budget(s)->active)
		report_budget(s);
	switch (opt->mode) {
	case MODE_PLAN:
		st = print_plan(opt, net, s, &req, dg);
		break;
	case MODE_SWEEP:
		st = session_write_sweep(s, opt->output ? opt->output : "-", dg);
		break;
	case MODE_FRONTIER:
		st = write_frontier(opt, s, dg);
		break;
	default:
		st =
		    session_write_plan(s, opt->output ? opt->output : "-", opt->export_network, dg);
		break;
	}
out:
	session_free(s);
	request_release(&req);
	return st;
}
