/* fuzz_load.c -- libFuzzer harness: bytes as a network file through the whole
 * core (load, score, plan, sweep, budget, export, reload), aborting where a
 * documented invariant breaks.  Built and run by tests/fuzz/run-fuzz.sh.
 *
 * For each input that loads: both cost models x both scopes with the default
 * parameters and candidates; k* must be an allowed kernel; the sweep must cover
 * [0, inf) in contiguous intervals with MACs never growing; the budget solver
 * at 57.2% of the baseline must meet it or say the cheapest plan cannot; the
 * plan CSV and the network CSV are written to memory, and the network CSV
 * must load again with the plan's totals as its own (export.h's promise) --
 * for the k* plan, the loaded kernels, the plan at lambda3 = 0 and the
 * cheapest plan (every tunable conv at its smallest allowed kernel), all
 * without pins.  A refused network export is accepted only as BKSEF_EINPUT
 * with a message; export_network_size must count exactly what is written. */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cand.h"
#include "diag.h"
#include "export.h"
#include "net.h"
#include "parse.h"
#include "plan.h"
#include "score.h"
#include "sweep.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: say which, then abort so libFuzzer keeps the input. */
static void broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_load: invariant broken: %s%s%s\n", what, detail ? ": " : "",
	        detail ? detail : "");
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	gsl_set_error_handler_off();
	return 0;
}

/* Every row's k* is one of its allowed kernels (0 only when none is). */
static void check_best(const struct score *s)
{
	for (size_t r = 0; r < score_rows(s); r++) {
		cand_set allowed = score_row_allowed(s, r);
		int k = score_best(s, r);
		if (allowed == 0 ? k != 0 : !cand_has(allowed, k))
			broken("k* is not an allowed kernel", NULL);
		if (k != 0 && isnan(score_value(s, r, k)))
			broken("NaN score", NULL);
	}
}

/* The sweep covers [0, inf) with contiguous intervals, MACs never growing. */
static void check_sweep(const struct sweep *sw)
{
	if (sw->n == 0 || sw->step[0].from != 0 || !isinf(sw->step[sw->n - 1].to))
		broken("sweep does not span [0, inf)", NULL);
	for (size_t i = 0; i + 1 < sw->n; i++) {
		if (sw->step[i].to != sw->step[i + 1].from || !(sw->step[i].from < sw->step[i].to))
			broken("sweep intervals not contiguous and increasing", NULL);
		if (sw->step[i + 1].macs > sw->step[i].macs)
			broken("sweep MACs grow with lambda3", NULL);
	}
}

/* Write with WRITE into a memory buffer; returns it (caller frees) and its
 * length, or NULL when the write failed. */
static char *to_memory(int (*write)(FILE *, void *), void *ctx, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);
	if (fp == NULL)
		return NULL;
	int st = write(fp, ctx);
	if (fclose(fp) != 0 || st != BKSEF_OK) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int write_plan(FILE *fp, void *ctx)
{
	return export_plan_csv(fp, ctx);
}

/* Export PLAN (scored by S under P) and reload the network with the plan
 * applied: its baseline must be the plan's totals, unless the export refused
 * the plan with a clear error.  WHICH names the plan in a report. */
static void check_export(const struct net *net, const struct score *s, const struct score_params *p,
                         const struct plan *plan, const char *which)
{
	struct export_plan ep = { net, s, p, plan, CAND_DEFAULT };
	struct diag dg = { 0 };
	struct net *back;
	size_t len = 0;
	char *csv = to_memory(write_plan, &ep, &len);
	char detail[900];
	uint64_t exact = 0, bound = 0;

	if (csv == NULL)
		broken("export_plan_csv to memory failed", which);
	free(csv);
	csv = NULL;
	FILE *fp = open_memstream(&csv, &len);
	if (fp == NULL)
		return;
	int st = export_network_csv(fp, net, plan, &dg);
	if (fclose(fp) != 0) {
		free(csv);
		return; /* out of memory */
	}
	if (st == BKSEF_ENOMEM) {
		free(csv);
		return;
	}
	if (st == BKSEF_EINPUT && dg.msg[0] != '\0' && len == 0) {
		free(csv); /* refused, and said why */
		return;
	}
	if (st != BKSEF_OK) {
		snprintf(detail, sizeof detail, "%s: status %d, %zu bytes written: %s", which, st,
		         len, dg.msg[0] ? dg.msg : "(no message)");
		broken("export_network_csv failed without a clear refusal", detail);
	}
	if (export_network_size(net, plan, 1, &exact, &dg) == BKSEF_OK &&
	    export_network_size(net, plan, 0, &bound, &dg) == BKSEF_OK &&
	    (exact != len || bound < exact)) {
		snprintf(detail, sizeof detail, "%s: written %zu, counted %llu, bound %llu", which,
		         len, (unsigned long long)exact, (unsigned long long)bound);
		broken("export_network_size is wrong", detail);
	}
	st = net_load_buffer(csv, len, "exported.csv", &back, &dg);
	if (st == BKSEF_ENOMEM) {
		free(csv);
		return;
	}
	if (st != BKSEF_OK) {
		snprintf(detail, sizeof detail, "%s: line %lu: %s", which, dg.line, dg.msg);
		broken("the exported network does not load", detail);
	}
	if (back->n_layers != net->n_layers || back->total_macs != plan->macs ||
	    back->total_params != plan->params || back->max_rf != plan->rf) {
		snprintf(detail, sizeof detail,
		         "%s: layers %zu/%zu macs %lld/%lld params %lld/%lld rf %lld/%lld "
		         "(reloaded/plan)",
		         which, back->n_layers, net->n_layers, (long long)back->total_macs,
		         (long long)plan->macs, (long long)back->total_params,
		         (long long)plan->params, (long long)back->max_rf, (long long)plan->rf);
		broken("the reloaded network's totals differ from the plan's", detail);
	}
	net_free(back);
	free(csv);
}

/* The plans beside k*: the loaded kernels, the plan at lambda3 = 0 and the
 * cheapest plan (each tunable row at its smallest allowed kernel), all
 * exported and reloaded.  S is left scored at P. */
static void check_plans(const struct net *net, struct score *s, const struct score_params *p,
                        struct plan *plan)
{
	struct score_params zero = *p;
	struct diag dg = { 0 };

	plan_from_net(plan, 0);
	plan_update(plan);
	check_export(net, s, p, plan, "loaded kernels");

	zero.lambda3 = 0;
	if (score_run(s, &zero, &dg) != BKSEF_OK)
		broken("score_run refuses lambda3 = 0", dg.msg);
	plan_from_score(plan, s);
	plan_update(plan);
	check_export(net, s, &zero, plan, "lambda3 = 0");

	plan_from_net(plan, 0);
	for (size_t r = 0; r < score_rows(s); r++) {
		int k = cand_next(score_row_allowed(s, r), 0);
		if (k != 0)
			plan->kernel[score_row_layer(s, r)] = k;
	}
	plan_update(plan);
	check_export(net, s, p, plan, "cheapest plan");

	if (score_run(s, p, &dg) != BKSEF_OK)
		broken("score_run refuses the default parameters", dg.msg);
}

/* The budget solver at 57.2% of the loaded MACs. */
static void check_budget(const struct net *net, struct score *s, const struct score_params *p,
                         struct plan *plan)
{
	struct diag dg = { 0 };
	int64_t budget, min_macs = -1;
	double l3 = -1;

	if (parse_budget("57.2%", net->total_macs, 0, &budget, &dg) != BKSEF_OK)
		broken("parse_budget rejects 57.2%", dg.msg);
	int st = sweep_budget(s, p, plan, budget, &l3, &min_macs, &dg);
	if (st == BKSEF_OK) {
		if (!(l3 >= 0) || !isfinite(l3))
			broken("budget lambda3 is not a finite number >= 0", NULL);
		plan_from_score(plan, s);
		plan_update(plan);
		if (plan->macs > budget)
			broken("the budget's lambda3 gives a plan over budget", dg.msg);
	} else if (st == BKSEF_EINPUT) {
		if (min_macs <= budget)
			broken("budget refused although the cheapest plan meets it", dg.msg);
	} else if (st != BKSEF_ENOMEM) {
		broken("sweep_budget: unexpected status", dg.msg);
	}
}

static void run_model(const struct net *net, int cost)
{
	struct score *s;
	struct diag dg = { 0 };
	struct plan *plan;

	if (score_new(net, CAND_DEFAULT, cost, &s, &dg) != BKSEF_OK)
		return; /* out of memory */
	plan = plan_new(net);
	if (plan == NULL) {
		score_free(s);
		return;
	}
	for (int scope = SCORE_SCOPE_NETWORK; scope <= SCORE_SCOPE_LAYER; scope++) {
		struct score_params p;
		struct sweep *sw;
		score_params_default(&p);
		p.cost = cost;
		p.scope = scope;
		if (score_run(s, &p, &dg) != BKSEF_OK)
			broken("score_run refuses the default parameters", dg.msg);
		check_best(s);
		plan_from_score(plan, s);
		plan_update(plan);
		check_export(net, s, &p, plan, "k*");
		check_plans(net, s, &p, plan);
		plan_from_score(plan, s);
		plan_update(plan);
		if (sweep_compute(s, &p, plan, &sw, &dg) == BKSEF_OK) {
			check_sweep(sw);
			sweep_free(sw);
		}
		check_budget(net, s, &p, plan);
	}
	plan_free(plan);
	score_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct net *net;
	struct diag dg = { 0 };

	if (net_load_buffer(data, size, "fuzz.csv", &net, &dg) != BKSEF_OK) {
		if (dg.msg[0] == '\0')
			broken("a load failed without a message", NULL);
		return 0;
	}
	run_model(net, SCORE_COST_MACS);
	run_model(net, SCORE_COST_PAPER);
	net_free(net);
	return 0;
}
