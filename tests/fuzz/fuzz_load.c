/* fuzz_load.c -- libFuzzer harness: bytes as a network file through the whole
 * core (load, score, plan, sweep, budget, export, reload), aborting where a
 * documented invariant breaks.  Built and run by tests/fuzz/run-fuzz.sh.
 *
 * For each input that loads: both cost models x both scopes with the default
 * parameters and candidates, over a candidate table and a score table built
 * once per cost model; k* must be an allowed kernel (a square kernel of the
 * layer's candidates, its own or the run's, that keeps the layer's shapes);
 * the sweep must cover [0, inf) in contiguous intervals with MACs never
 * growing; the budget solver at 57.2% of the baseline must meet it or say the
 * cheapest plan cannot; a session under the same request must reach the same
 * plan totals, its plan CSV and network CSV are written to memory, and the
 * network CSV must load again with the plan's totals as its own (export.h's
 * promise) -- for the k* plan, the loaded kernels, the plan at lambda3 = 0
 * (also through a session) and the cheapest plan (every tunable conv at its
 * smallest allowed kernel), all without pins.  A refused network export is
 * accepted only as BKSEF_EINPUT with a message and nothing written;
 * export_network_size must count exactly what is written. */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cand.h"
#include "cand_table.h"
#include "diag.h"
#include "export.h"
#include "kernel.h"
#include "net.h"
#include "parse.h"
#include "plan.h"
#include "request.h"
#include "score.h"
#include "session.h"
#include "sweep.h"

#define FUZZ_NAME "fuzz_load"
#include "fuzzlib.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	gsl_set_error_handler_off();
	return 0;
}

/* Every row's k* is one of its allowed kernels (none only when the row has
 * no candidate): a kernel of the layer's candidates (its own squares and
 * per-axis kernels, else the run's squares) that keeps its shapes, realised
 * as the row says (dsK only on a conv of groups 1). */
static void check_best(const struct score *s, const struct score_work *w)
{
	const struct cand_table *t = score_table(s);
	const struct net *net = t->net;
	for (size_t r = 0; r < score_rows(s); r++) {
		size_t n = score_row_len(s, r), c = score_row_conv(s, r);
		size_t i = score_row_layer(s, r);
		const struct net_layer *l = &net->layers[i];
		int own = net_layer_own_candidates(net, l);
		cand_set allowed = own ? l->candidates : CAND_DEFAULT;
		int j = score_best(w, r), listed = 0;
		if (n == 0 ? j != -1 : j < 0 || (size_t)j >= n)
			broken("k* is not one of the row's candidates", NULL);
		if (j < 0)
			continue;
		const struct kernel *k = &t->kernel[cand_table_entry(t, c, (size_t)j)];
		if (k->kind != cand_table_realise(t, c) || (k->kind == KERNEL_DS && l->groups != 1))
			broken("k* is not realised as its row says", NULL);
		if (kernel_is_square(k)) {
			listed = cand_has(allowed, kernel_max_extent(k));
		} else if (own) {
			/* A per-axis kernel (format 2): one of the layer's own. */
			const struct net_ext *e = net_layer_ext(net, l);
			for (uint32_t a = 0; e != NULL && a < e->cand_count; a++) {
				struct kernel own_k =
				    kernel_realised(net->cand_kernel[e->cand_first + a], k->kind);
				listed |= kernel_equal(&own_k, k);
			}
		}
		if (!listed || cand_table_check_pin(net, i, k, NULL) != BKSEF_OK)
			broken("k* is not an allowed kernel", NULL);
		if (isnan(score_value(s, w, r, (size_t)j)))
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

/* Export NET with PLAN's kernels and reload it: its baseline must be the
 * plan's totals, unless the export refused the plan with a clear error (and
 * wrote nothing); export_network_size must count exactly what was written,
 * its bound no less.  WHICH names the plan in a report. */
static void check_network(const struct net *net, const struct plan *plan, const char *which)
{
	struct diag dg = { 0 };
	struct net *back;
	size_t len = 0;
	char *csv = NULL;
	char detail[900];
	uint64_t exact = 0, bound = 0;

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
	/* one more layer for each conv realised depthwise-separable */
	size_t rows = net->n_layers;
	for (size_t c = 0; c < net->n_conv; c++)
		rows += plan_kernel(plan, c)->kind == KERNEL_DS;
	if (back->n_layers != rows || back->total_macs != plan->macs ||
	    back->total_params != plan->params || back->max_rf != plan->rf) {
		snprintf(detail, sizeof detail,
		         "%s: layers %zu/%zu macs %lld/%lld params %lld/%lld rf %lld/%lld "
		         "(reloaded/plan)",
		         which, back->n_layers, rows, (long long)back->total_macs,
		         (long long)plan->macs, (long long)back->total_params,
		         (long long)plan->params, (long long)back->max_rf, (long long)plan->rf);
		broken("the reloaded network's totals differ from the plan's", detail);
	}
	net_free(back);
	free(csv);
}

/* A session under P (default candidates, loaded baseline, no pins) must
 * reach PLAN's totals (scored by the same core under P); its plan CSV is
 * written to memory and its plan goes through check_network.  WHICH names
 * the plan in a report. */
/* How run_model realises the candidates (enum kernel_kind); check_export's
 * session asks the same. */
static int realise = KERNEL_FULL;

static void check_export(const struct net *net, const struct score_params *p,
                         const struct plan *plan, const char *which)
{
	struct request req;
	struct session *s;
	struct diag dg = { 0 };
	size_t len;
	char *csv;
	char detail[900];

	request_init(&req);
	req.params = *p;
	req.cand_axes.kind = (uint8_t)realise;
	int st = session_new(net, &req, &s, &dg);
	request_release(&req);
	if (st == BKSEF_ENOMEM)
		return;
	if (st != BKSEF_OK) {
		snprintf(detail, sizeof detail, "%s: %s", which, dg.msg);
		broken("session_new refuses a request direct scoring takes", detail);
	}
	const struct plan *sp = session_plan(s);
	if (sp->macs != plan->macs || sp->params != plan->params || sp->rf != plan->rf)
		broken("the session's plan differs from direct scoring", which);
	csv = to_memory(write_plan, s, &len);
	if (csv == NULL)
		broken("export_plan_csv to memory failed", which);
	free(csv);
	check_network(net, sp, which);
	session_free(s);
}

/* The plans beside k*: the loaded kernels, the plan at lambda3 = 0 and the
 * cheapest plan (each tunable row at its smallest allowed kernel: entry 0
 * of its row, the rows being in increasing size), all without pins,
 * exported and reloaded.  W is left holding the run at P; PLAN is
 * overwritten. */
static void check_plans(const struct net *net, const struct score *s, const struct score_params *p,
                        struct score_work *w, struct plan *plan)
{
	struct score_params zero = *p;
	struct diag dg = { 0 };

	plan_from_net(plan);
	plan_update(plan);
	check_network(net, plan, "loaded kernels");

	zero.lambda3 = 0;
	if (score_run(s, &zero, w, &dg) != BKSEF_OK)
		broken("score_run refuses lambda3 = 0", dg.msg);
	plan_from_score(plan, s, w, NULL, 0);
	plan_update(plan);
	check_export(net, &zero, plan, "lambda3 = 0");

	plan_from_net(plan);
	for (size_t r = 0; r < score_rows(s); r++)
		if (score_row_len(s, r) > 0)
			plan_set(plan, score_row_conv(s, r), 0);
	plan_update(plan);
	check_network(net, plan, "cheapest plan");

	if (score_run(s, p, w, &dg) != BKSEF_OK)
		broken("score_run refuses the default parameters", dg.msg);
}

/* The budget solver at 57.2% of the loaded MACs. */
static void check_budget(const struct net *net, const struct score *s, const struct score_params *p,
                         struct score_work *w, struct plan *plan)
{
	struct diag dg = { 0 };
	int64_t budget, min_macs = -1;
	double l3 = -1;

	if (parse_budget("57.2%", net->total_macs, 0, &budget, &dg) != BKSEF_OK)
		broken("parse_budget rejects 57.2%", dg.msg);
	int st = sweep_budget(s, p, NULL, 0, BUDGET_MACS, budget, w, plan, &l3, &min_macs, &dg);
	if (st == BKSEF_OK) {
		if (!(l3 >= 0) || !isfinite(l3))
			broken("budget lambda3 is not a finite number >= 0", NULL);
		/* W holds the run at lambda3: its plan meets the budget. */
		plan_from_score(plan, s, w, NULL, 0);
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
	struct cand_table_spec spec = { CAND_DEFAULT,   cost,   0, NULL, 0, NULL, 0,
		                        { NULL, NULL }, realise };
	struct cand_table *t = NULL;
	struct score *s = NULL;
	struct score_work *w = NULL;
	struct plan *plan = NULL;
	struct diag dg = { 0 };

	int st = cand_table_new(net, &spec, &t, &dg);
	if (st != BKSEF_OK) {
		/* Too many kernels for a layer is a refusal with a reason. */
		if (st != BKSEF_ENOMEM && dg.msg[0] == '\0')
			broken("cand_table_new failed without a message", NULL);
		return;
	}
	if (score_new(t, &s, &dg) != BKSEF_OK)
		goto done; /* out of memory */
	w = score_work_alloc(s);
	plan = plan_new(t);
	if (w == NULL || plan == NULL)
		goto done;
	for (int scope = SCORE_SCOPE_NETWORK; scope <= SCORE_SCOPE_LAYER; scope++) {
		struct score_params p;
		struct sweep *sw;
		score_params_default(&p);
		p.cost = cost;
		p.scope = scope;
		if (score_run(s, &p, w, &dg) != BKSEF_OK)
			broken("score_run refuses the default parameters", dg.msg);
		check_best(s, w);
		plan_from_score(plan, s, w, NULL, 0);
		plan_update(plan);
		check_export(net, &p, plan, "k*");
		check_plans(net, s, &p, w, plan);
		plan_from_score(plan, s, w, NULL, 0);
		plan_update(plan);
		if (sweep_compute(s, &p, NULL, 0, plan, &sw, &dg) == BKSEF_OK) {
			check_sweep(sw);
			sweep_free(sw);
		}
		check_budget(net, s, &p, w, plan);
	}
done:
	plan_free(plan);
	score_work_free(w);
	score_free(s);
	cand_table_free(t);
}

/* What a loaded network may hold (bksef(5)): a rank of 1 to 3, every size
 * at least 1 and 1 on the axes the rank leaves out; fractional jumps
 * (rf_den > 1) only through an upsample or a transposed conv, which are
 * never among the convs a plan tunes. */
static void check_shapes(const struct net *net)
{
	int fractions = 0;
	if (net->rank < 1 || net->rank > KERNEL_MAX_AXES || net->rf_den < 1)
		broken("rank or rf_den out of range", NULL);
	for (size_t i = 0; i < net->n_layers; i++) {
		const struct net_layer *l = &net->layers[i];
		fractions |= l->op == NET_OP_UPSAMPLE || l->op == NET_OP_CONVTRANSPOSE;
		if (l->t < 1 || l->h < 1 || l->w < 1 || l->in_t < 1 || l->in_h < 1 || l->in_w < 1 ||
		    (net->rank < 3 && (l->t != 1 || l->in_t != 1)) ||
		    (net->rank < 2 && (l->h != 1 || l->in_h != 1)))
			broken("a size out of range for the network's rank", l->name);
	}
	if (!fractions && net->rf_den != 1)
		broken("a fractional jump without an upsample or a transposed conv", NULL);
	for (size_t c = 0; c < net->n_conv; c++)
		if (net->layers[net->conv[c]].op != NET_OP_CONV)
			broken("a conv of the plan is not a conv", NULL);
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
	check_shapes(net);
	run_model(net, COST_MACS);
	run_model(net, COST_PAPER);
	realise = KERNEL_DS; /* the depthwise-separable realisation too */
	run_model(net, COST_MACS);
	realise = KERNEL_FULL;
	net_free(net);
	return 0;
}
