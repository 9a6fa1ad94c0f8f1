/* fuzz_options.c -- libFuzzer harness for the option-value parsers: reals,
 * budgets (both modes), candidate lists, pins, and the parameter check, with
 * whatever parameters pass scored on a small fixed network.  Built and run by
 * tests/fuzz/run-fuzz.sh.
 *
 * The input is split at line feeds into fields (each copied into a buffer of
 * its exact size, so reading past its end is caught).  Every field goes through
 * parse_real, parse_budget (MAC count and --reduce, against several baselines
 * up to INT64_MAX), cand_parse and request_pin_text (the pins gather in one
 * request).  The reals that parse fill lambda1, lambda2, lambda3, gamma, beta
 * in turn; when score_params_check accepts them, a session under the request
 * (the field count picks the cost model) is scored under both scopes, and the
 * scores, the sweep and the plan CSV must hold no NaN. */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cand.h"
#include "cand_table.h"
#include "diag.h"
#include "export.h"
#include "net.h"
#include "parse.h"
#include "plan.h"
#include "request.h"
#include "score.h"
#include "session.h"
#include "sweep.h"

#define FUZZ_NAME "fuzz_options"
#include "fuzzlib.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A small network with per-layer candidates, an integer pad, a fixed conv,
 * a grouped conv, a stride, a name that needs quoting and a bias-free conv. */
static const char fixed_net[] = "name,op,from,out,h,w,k,stride,pad,groups,bias,tune,candidates\n"
                                "in,input,,3,29,31,,,,,,,\n"
                                "c1,conv,,16,,,3,,1,,0,,\n"
                                "c2,conv,,16,,,5,2,,4,,,3 5 7\n"
                                "\"odd, name\",conv,,24,,,1,,,,,1,1 3\n"
                                "fixed,conv,,24,,,3,,,,,0,\n"
                                "p,maxpool,,,,,3,2,,,,,\n"
                                "c3,conv,,32,,,7,,,,1,,\n"
                                "sum,add,c3 c3,,,,,,,,,,\n"
                                "g,gap,,,,,,,,,,,\n"
                                "fc,fc,,10,,,,,,,,,\n";

static struct net *net;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	net = fuzz_fixed_net(fixed_net, sizeof fixed_net - 1, "fixed.csv");
	return 0;
}

static void check_budgets(const char *f)
{
	/* INT64_MAX: "100%" of it must clamp, not overflow
	 * (regress/load-budget-base-int64max.csv). */
	static const int64_t bases[] = { 0, 1, 1814073344, INT64_MAX / 4, INT64_MAX };
	struct diag dg = { 0 };
	for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++)
		for (int reduce = 0; reduce < 2; reduce++) {
			int64_t out = -1;
			if (parse_budget(f, bases[b], reduce, &out, &dg) != BKSEF_OK)
				continue;
			if (out < 0)
				broken("parse_budget gives a negative budget", f);
			/* Above 2^53 the baseline itself is rounded to a double.
			 * A budget may exceed 100%; a reduction may not. */
			if (reduce && (double)out > (double)bases[b])
				broken("a reduction exceeds its baseline", f);
		}
}

static void check_candidates(const char *f)
{
	struct diag dg = { 0 };
	cand_set set = 0;
	char buf[256];
	if (cand_parse(f, &set, &dg) != BKSEF_OK)
		return;
	if (set == 0 || (set & 1u) != 0)
		broken("cand_parse accepts an empty set or size 0", f);
	/* What cand_format writes, cand_parse reads back the same. */
	cand_set again = 0;
	if (cand_parse(cand_format(set, ',', buf, sizeof buf), &again, &dg) != BKSEF_OK ||
	    again != set)
		broken("cand_format/cand_parse do not round-trip", f);
}

/* Kernel tokens (--candidates): a list that parses has no size 0 and no
 * per-axis kernel with an extent outside 1..63 or a square one. */
static void check_candidate_tokens(const char *f)
{
	struct diag dg = { 0 };
	struct cand_axes axes;
	cand_set set = 0;
	if (cand_parse_tokens(f, 2, &set, &axes, &dg) != BKSEF_OK)
		return;
	if ((set == 0 && axes.n == 0) || (set & 1u) != 0 || axes.n > CAND_AXES_MAX)
		broken("cand_parse_tokens accepts an empty set or size 0", f);
	if (axes.kind != KERNEL_FULL && axes.kind != KERNEL_DS)
		broken("cand_parse_tokens gives an unknown realisation", f);
	for (int i = 0; i < axes.n; i++)
		if (kernel_is_square(&axes.k[i]) || axes.k[i].n_axes != 2 ||
		    axes.k[i].kind != KERNEL_FULL ||
		    kernel_max_extent(&axes.k[i]) > KERNEL_MAX_EXTENT || axes.k[i].k[0] < 1 ||
		    axes.k[i].k[1] < 1)
			broken("cand_parse_tokens keeps a bad per-axis kernel", f);
}

static void check_pin(struct request *req, const char *f)
{
	struct diag dg = { 0 };
	size_t before = request_n_pins(req);
	if (request_pin_text(req, net, f, &dg) != BKSEF_OK) {
		if (request_n_pins(req) != before)
			broken("a refused pin changed the pins", f);
		return;
	}
	if (request_n_pins(req) < before)
		broken("a pin lowered the pin count", f);
}

/* Write session S's plan CSV to memory; it must hold no "nan". */
static void check_plan_csv(const struct session *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (fp == NULL)
		return;
	int st = export_plan_csv(fp, s);
	if (fclose(fp) != 0 || st != BKSEF_OK)
		broken("export_plan_csv to memory failed", NULL);
	for (size_t i = 0; i + 3 <= len; i++)
		if ((buf[i] | 0x20) == 'n' && (buf[i + 1] | 0x20) == 'a' &&
		    (buf[i + 2] | 0x20) == 'n')
			broken("NaN in the plan CSV", NULL);
	free(buf);
}

/* Score REQ (its parameters already accepted, its pins made) on the fixed
 * network under both scopes, through one session. */
static void check_scoring(struct request *req)
{
	struct diag dg = { 0 };
	struct session *ss = NULL;
	for (int scope = SCORE_SCOPE_NETWORK; scope <= SCORE_SCOPE_LAYER; scope++) {
		const struct sweep *sw;
		req->params.scope = scope;
		int st = ss == NULL ? session_new(net, req, &ss, &dg)
		                    : session_apply(ss, req, NULL, &dg);
		if (st == BKSEF_ENOMEM)
			break;
		if (st != BKSEF_OK)
			broken("a session refuses parameters score_params_check accepted", dg.msg);
		const struct score *s = session_score(ss);
		const struct score_work *w = session_work(ss);
		const struct score_params *p = session_params(ss);
		for (size_t r = 0; r < score_rows(s); r++) {
			size_t n = score_row_len(s, r);
			int best = score_best(w, r);
			if (n != 0 && (best < 0 || (size_t)best >= n))
				broken("k* is not an allowed kernel", NULL);
			for (size_t j = 0; j < n; j++) {
				struct score_terms t;
				if (isnan(score_value(s, w, r, j)))
					broken("NaN score", NULL);
				if (!score_terms(s, r, j, p, &t) || isnan(t.score) ||
				    isnan(t.i_norm) || isnan(t.a_norm) || isnan(t.c_norm))
					broken("NaN in score_terms", NULL);
			}
		}
		check_plan_csv(ss);
		sw = session_sweep(ss, &dg);
		if (sw != NULL) {
			for (size_t i = 0; i < sw->n; i++)
				if (isnan(sw->step[i].from) || isnan(sw->step[i].to) ||
				    isnan(sw->step[i].mean_k))
					broken("NaN in the sweep", NULL);
			for (size_t i = 0; i + 1 < sw->n; i++)
				if (sw->step[i + 1].macs > sw->step[i].macs ||
				    sw->step[i].to != sw->step[i + 1].from)
					broken("sweep not contiguous or MACs growing", NULL);
		}
	}
	session_free(ss);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request req;
	struct score_params *p = &req.params;
	double reals[5];
	int n_reals = 0, n_fields = 0;
	const uint8_t *end = data + size;

	request_init(&req);
	for (const uint8_t *f = data; f <= end && n_fields < 64; n_fields++) {
		const uint8_t *nl = memchr(f, '\n', (size_t)(end - f));
		size_t len = (size_t)((nl ? nl : end) - f);
		char *field = malloc(len + 1);
		struct diag dg = { 0 };
		double v;
		if (field == NULL) {
			request_release(&req);
			return 0;
		}
		memcpy(field, f, len);
		field[len] = '\0';
		if (parse_real(field, &v, &dg) == BKSEF_OK) {
			if (!isfinite(v))
				broken("parse_real accepts a non-finite number", field);
			reals[n_reals++ % 5] = v;
		}
		check_budgets(field);
		check_candidates(field);
		check_candidate_tokens(field);
		check_pin(&req, field);
		free(field);
		if (nl == NULL)
			break;
		f = nl + 1;
	}

	/* Reals fill lambda1, lambda2, lambda3, gamma, beta; the field count
	 * picks the scope and the cost model. */
	double *slot[5] = { &p->lambda1, &p->lambda2, &p->lambda3, &p->gamma, &p->beta };
	for (int i = 0; i < n_reals && i < 5; i++)
		*slot[i] = reals[i];
	p->cost = n_fields % 2 ? COST_PAPER : COST_MACS;
	struct diag dg = { 0 };
	if (score_params_check(p, &dg) == BKSEF_OK)
		check_scoring(&req); /* with this input's pins */
	else if (dg.msg[0] == '\0')
		broken("score_params_check refuses without a reason", NULL);
	request_release(&req);
	return 0;
}
