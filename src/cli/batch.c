/* batch.c -- the batch modes over a session: --plan prints the plan for a
 * person, --batch writes the plan CSV (and --export-network the network),
 * --sweep writes the lambda3 sweep. */
#include <config.h>

#include "cli.h"

#include <string.h>

#include "csvout.h"
#include "export.h"
#include "safe_file.h"
#include "session.h"

/* The outputs of --batch and --sweep: standard output or -o's file, and
 * --export-network's. */
static int write_outputs(const struct options *opt, struct session *s, struct diag *dg)
{
	const char *out = opt->output ? opt->output : "-";
	int st;

	if (opt->export_network != NULL && strcmp(opt->export_network, out) == 0)
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "the plan and --export-network cannot both go to '%s'",
		                opt->export_network);
	if ((st = safe_file_check(opt->output, dg)) != BKSEF_OK ||
	    (st = safe_file_check(opt->export_network, dg)) != BKSEF_OK)
		return st;
	if (opt->mode == MODE_SWEEP) {
		const struct sweep *sw = session_sweep(s, dg);
		if (sw == NULL)
			return BKSEF_ENOMEM;
		struct export_sweep es = { sw, session_table(s) };
		return safe_file_write(out, export_sweep_writer, &es, dg);
	}
	st = safe_file_write(out, export_plan_writer, s, dg);
	if (st == BKSEF_OK && opt->export_network != NULL)
		st = safe_file_write(opt->export_network, export_network_writer, s, dg);
	return st;
}

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
	else
		st = write_outputs(opt, s, dg);
	session_free(s);
	return st;
}
