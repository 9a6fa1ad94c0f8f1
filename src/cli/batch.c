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
 * --export-network's, staged by safe_file_write_all: both targets are
 * checked before either is written, and a failure leaves both as they were. */
static int write_outputs(const struct options *opt, struct session *s, struct diag *dg)
{
	struct safe_file_out outs[SAFE_FILE_MAX_OUTS];
	struct export_sweep es;
	size_t n = 0;

	if (opt->mode == MODE_SWEEP) {
		es.sw = session_sweep(s, dg);
		if (es.sw == NULL)
			return BKSEF_ENOMEM;
		es.table = session_table(s);
		outs[n++] = (struct safe_file_out){ opt->output ? opt->output : "-",
			                            export_sweep_writer, &es };
	} else {
		outs[n++] = (struct safe_file_out){ opt->output ? opt->output : "-",
			                            export_plan_writer, s };
		if (opt->export_network != NULL)
			outs[n++] = (struct safe_file_out){ opt->export_network,
				                            export_network_writer, s };
	}
	return safe_file_write_all(outs, n, dg);
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
