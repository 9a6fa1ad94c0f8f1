/* fuzz_plan.c -- libFuzzer harness for the plan CSV reader (plan_read.c) and
 * the comparison (plan_compare.c): bksef --diff, --pins-from and the
 * explorer's L.  Built and run by tests/fuzz/run-fuzz.sh.
 *
 * The input is a plan CSV.  When plan_read_buffer accepts it, its request
 * must be in range and its rows named; when plan_read_bind matches it to a
 * small fixed network (the seeds are its plans), its kernels as pins must
 * make a session whose plan is exactly those kernels, the plan compared
 * with itself must show no difference, and compared with the session of
 * the default request it must list exactly the convs whose kernel differs,
 * with the sessions' totals; the comparison's CSV must write. */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "net.h"
#include "plan.h"
#include "plan_compare.h"
#include "plan_read.h"
#include "request.h"
#include "session.h"

#define FUZZ_NAME "fuzz_plan"
#include "fuzzlib.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The network of the seeds (tests/fuzz/seeds-plan, written by bksef
 * --batch from this file): tunable convs with their own candidates, a
 * stride, a grouped conv, a fixed conv and a name that needs quoting. */
static const char plan_net[] = "name,op,from,out,h,w,k,stride,pad,groups,bias,tune,candidates\n"
                               "x,input,,3,17,19,,,,,,,\n"
                               "a,conv,,8,,,3,,,,,,\n"
                               "b,conv,,8,,,5,2,,2,,,1 3 5\n"
                               "\"c, d\",conv,,12,,,1,,,,,1,\n"
                               "e,conv,,12,,,3,,,,,0,\n"
                               "p,gap,,,,,,,,,,,\n"
                               "f,fc,,4,,,,,,,,,\n";

static struct net *net;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	net = fuzz_fixed_net(plan_net, sizeof plan_net - 1, "plan-net.csv");
	return 0;
}

/* What plan_read_buffer accepted: a request in range, named rows. */
static void check_read(const struct plan_read *pr)
{
	struct diag dg = { 0 };
	if (pr->n_rows == 0 || pr->network == NULL || pr->network[0] == '\0')
		broken("a plan without rows or network is accepted", NULL);
	if (score_params_check(&pr->req.params, &dg) != BKSEF_OK)
		broken("a plan's parameters are out of range", dg.msg);
	if (pr->req.budget_active && pr->req.budget < 0)
		broken("a plan's budget is negative", NULL);
	for (size_t i = 0; i < pr->n_rows; i++) {
		if (pr->row[i].name[0] == '\0')
			broken("a row without a layer name is accepted", NULL);
		if (pr->row[i].pinned != 0 && pr->row[i].pinned != 1)
			broken("pinned is not 0 or 1", NULL);
		for (size_t j = 0; j < i; j++)
			if (strcmp(pr->row[i].name, pr->row[j].name) == 0)
				broken("a layer is given twice", pr->row[i].name);
	}
}

/* Compare A with B and check the result against the plans; returns the
 * number of changed convs. */
static size_t check_compare(const struct plan_compare_side *a, const struct plan_compare_side *b)
{
	struct plan_compare pc;
	struct diag dg = { 0 };
	size_t n = 0;

	if (plan_compare_new(net, a, b, &pc, &dg) != BKSEF_OK)
		return 0;
	for (size_t c = 0; c < net->n_conv; c++)
		n += (size_t)plan_layer_differs(a->plan, b->plan, net->conv[c]);
	if (pc.n_layers != n)
		broken("the comparison lists another number of changed convs", NULL);
	if (pc.macs[0] != a->plan->macs || pc.macs[1] != b->plan->macs ||
	    pc.params[0] != a->plan->params || pc.params[1] != b->plan->params ||
	    pc.rf[0] != a->plan->rf || pc.rf[1] != b->plan->rf)
		broken("the comparison's totals are not the plans'", NULL);
	for (size_t i = 0; i < pc.n_layers; i++)
		if (kernel_equal(&pc.layer[i].k[0], &pc.layer[i].k[1]))
			broken("an unchanged conv is listed", NULL);
	FILE *fp = fopen("/dev/null", "w");
	if (fp != NULL) {
		if (plan_compare_csv(fp, &pc) != BKSEF_OK)
			broken("the comparison's CSV does not write", NULL);
		fclose(fp);
	}
	plan_compare_free(&pc);
	return n;
}

/* PR bound to the network: its kernels as pins give a session whose plan
 * is exactly those kernels. */
static void check_bound(const struct plan_read *pr)
{
	struct request req, def;
	struct session *s = NULL, *d = NULL;
	struct plan_compare_side side, other;
	struct diag dg = { 0 };

	request_init(&req);
	request_init(&def);
	req.baseline_k = pr->req.baseline_k;
	if (plan_read_pins(pr, net, &req, &dg) != BKSEF_OK) {
		if (strcmp(dg.msg, "out of memory") != 0)
			broken("the kernels of a bound plan do not pin", dg.msg);
		goto out;
	}
	if (session_new(net, &req, &s, &dg) != BKSEF_OK ||
	    session_new(net, &def, &d, &dg) != BKSEF_OK)
		goto out;
	for (size_t i = 0; i < pr->n_rows; i++) {
		const struct kernel *k =
		    plan_layer_kernel(session_plan(s), (size_t)pr->row[i].layer);
		if (k == NULL || !kernel_equal(k, &pr->row[i].k))
			broken("the pinned plan is not the file's kernels", pr->row[i].name);
	}
	if (plan_compare_side_file(&side, pr, s, &dg) != BKSEF_OK)
		goto out;
	if (plan_compare_side_session(&other, d, &dg) == BKSEF_OK) {
		if (check_compare(&side, &side) != 0)
			broken("a plan differs from itself", NULL);
		check_compare(&side, &other);
		check_compare(&other, &side);
		plan_compare_side_free(&other);
	}
	plan_compare_side_free(&side);
out:
	session_free(s);
	session_free(d);
	request_release(&req);
	request_release(&def);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan_read pr;
	struct diag dg = { 0 };

	if (plan_read_buffer(data, size, "fuzz.csv", &pr, &dg) != BKSEF_OK) {
		if (pr.n_rows != 0 || pr.row != NULL)
			broken("a refused plan is not left empty", dg.msg);
		return 0;
	}
	check_read(&pr);
	if (plan_read_bind(&pr, net, &dg) == BKSEF_OK)
		check_bound(&pr);
	plan_read_free(&pr);
	return 0;
}
