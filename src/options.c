/* options.c -- from what the command line asked to a request, for both
 * front ends. */
#include <config.h>

#include "options.h"

#include "plan_read.h"

#include <stdio.h>
#include <string.h>

int options_pins_from(const char *path, const struct net *net, struct request *req, struct diag *dg)
{
	struct plan_read pr;
	int st = plan_read_file(path, strcmp(path, "-") ? path : diag_stdin_name, &pr, dg);

	if (st == BKSEF_OK)
		st = plan_read_bind(&pr, net, dg);
	if (st == BKSEF_OK)
		st = plan_read_pins(&pr, net, req, dg);
	plan_read_free(&pr);
	return st;
}

int options_request(const struct options *opt, const struct net *net, struct request *req,
                    struct diag *dg)
{
	char why[sizeof dg->msg], quoted[256];
	int st;

	request_init(req);
	req->params = opt->params;
	req->candidates = opt->candidates;
	req->cand_axes = opt->cand_axes;
	req->baseline_k = opt->baseline_k;
	req->source.device = opt->device;
	req->source.measured = opt->measured;
	if (opt->candidates_text != NULL &&
	    cand_parse_tokens(opt->candidates_text, net->rank, &req->candidates, &req->cand_axes,
	                      dg) != BKSEF_OK) {
		memcpy(why, dg->msg, sizeof why);
		diag_set(dg, BKSEF_EUSAGE, 0, "--candidates: %s", why);
		request_release(req);
		return BKSEF_EUSAGE;
	}
	req->cand_axes.kind = (uint8_t)opt->realise;
	if (opt->pins_from != NULL) {
		st = options_pins_from(opt->pins_from, net, req, dg);
		if (st != BKSEF_OK) {
			request_release(req);
			return st;
		}
	}
	for (int i = 0; i < opt->n_pins; i++) {
		st = request_pin_text(req, net, opt->pins[i], dg);
		if (st != BKSEF_OK) {
			memcpy(why, dg->msg, sizeof why);
			diag_set(dg, st, 0, "--pin %s: %s",
			         diag_quote(quoted, sizeof quoted, opt->pins[i]), why);
			request_release(req);
			return st;
		}
	}
	if (opt->budget != NULL) {
		st = request_parse_budget(opt->budget, opt->budget_on, opt->solver,
		                          opt->budget_is_reduce, &req->budget, dg);
		if (st != BKSEF_OK) {
			memcpy(why, dg->msg, sizeof why);
			diag_set(dg, st, 0, "--%s: %s", opt->budget_is_reduce ? "reduce" : "budget",
			         why);
			request_release(req);
			return st;
		}
		req->budget.seconds = opt->solve_time;
	}
	return BKSEF_OK;
}
