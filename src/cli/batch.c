/* batch.c -- the batch modes over a session: --plan prints the plan for a
 * person, --batch writes the plan CSV (and --export-network the network),
 * --sweep writes the lambda3 sweep. */
#include <config.h>

#include "cli.h"

#include <string.h>

#include "csvout.h"
#include "session.h"

int batch_run(const struct options *opt, const struct net *net, struct diag *dg)
{
	struct request req;
	struct session *s = NULL;
	char l3[40];
	int st;

	dg->file = NULL;
	st = options_request(opt, net, &req, dg);
	if (st != BKSEF_OK)
		return st;
	st = session_new(net, &req, &s, dg);
	request_release(&req);
	if (st != BKSEF_OK)
		return st;
	if (opt->candidates_given && session_run_rows(s) == 0 && net->n_tunable > 0)
		fprintf(stderr,
		        "bksef: warning: --candidates is unused: every tunable conv lists its own "
		        "candidates\n");
	if (session_budget(s)->active)
		fprintf(stderr, "bksef: budget %lld MACs: lambda3 = %s\n",
		        (long long)session_budget(s)->value,
		        csvout_format_real(session_params(s)->lambda3, l3, sizeof l3));
	if (opt->mode == MODE_PLAN)
		plan_report_print(stdout, s);
	else if (opt->mode == MODE_SWEEP)
		st = session_write_sweep(s, opt->output ? opt->output : "-", dg);
	else
		st =
		    session_write_plan(s, opt->output ? opt->output : "-", opt->export_network, dg);
	session_free(s);
	return st;
}
