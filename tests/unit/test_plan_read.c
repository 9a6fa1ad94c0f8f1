/* test_plan_read.c -- unit tests of plan_read.h: a plan CSV read back (its
 * request, its rows bound to a network, its kernels as pins), the plan CSV
 * export.c writes read back the same, and refusals with their lines. */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "export.h"
#include "plan_read.h"
#include "session.h"
#include "testlib.h"

/* Two convs 3x3 on 3x8x8 (no bias), the second fixed. */
static const char net_text[] = "name,op,from,out,h,w,k,bias,tune\n"
                               "in,input,,3,8,8,,,\n"
                               "c1,conv,,4,,,3,0,\n"
                               "c2,conv,,4,,,3,0,0\n";

static const char head[] = "layer,pinned,k_plan,lambda1,lambda2,lambda3,gamma,beta,scope,cost,"
                           "network,baseline,solver,budget,resource,score_k5\n";

static void test_read_bind_pins(void **state)
{
	/* The columns in another order than export.c's, and only those read. */
	static const char ctx[] = "0.5,0.25,0.125,0.35,0.75,layer,paper,mem,3,lambda,1000,params";
	char text[1024];
	struct net *net = testlib_load_text(net_text);
	struct plan_read pr;
	struct request req;
	struct diag dg = { 0 };
	(void)state;

	snprintf(text, sizeof text, "%sc2,0,3,%s,\nc1,1,5,%s,0.5\n", head, ctx, ctx);
	assert_int_equal(plan_read_buffer(text, strlen(text), "p.csv", &pr, &dg), BKSEF_OK);
	assert_string_equal(pr.network, "mem");
	assert_int_equal(pr.n_rows, 2);
	assert_int_equal(pr.line, 2);
	assert_true(pr.req.params.lambda1 == 0.5 && pr.req.params.lambda2 == 0.25 &&
	            pr.req.params.lambda3 == 0.125);
	assert_int_equal(pr.req.params.scope, SCORE_SCOPE_LAYER);
	assert_int_equal(pr.req.params.cost, COST_PAPER);
	assert_int_equal(pr.req.baseline_k, 3);
	assert_true(pr.req.budget_active);
	assert_int_equal(pr.req.solver, BUDGET_SOLVER_LAMBDA);
	assert_int_equal(pr.req.resource, BUDGET_PARAMS);
	assert_int_equal(pr.req.budget, 1000);
	assert_int_equal(pr.row[1].pinned, 1);

	assert_int_equal(plan_read_bind(&pr, net, &dg), BKSEF_OK);
	assert_int_equal(pr.row[0].layer, 2); /* c2 */
	assert_int_equal(pr.row[1].layer, 1); /* c1 */
	assert_int_equal(pr.row[1].k.k[0], 5);
	/* c1's score is its score_k5 field; c2 has no score_k3 column */
	assert_true(pr.row[1].score == 0.5);
	assert_true(isnan(pr.row[0].score));

	request_init(&req);
	assert_int_equal(plan_read_pins(&pr, net, &req, &dg), BKSEF_OK);
	assert_int_equal(request_n_pins(&req), 2);
	assert_int_equal(request_pin_of(&req, 1)->k.k[0], 5);
	assert_int_equal(request_pin_of(&req, 2)->k.k[0], 3);
	request_release(&req);
	plan_read_free(&pr);
	net_free(net);
}

/* What --batch writes reads back: the kernels, the request, the scores. */
static void test_export_round_trip(void **state)
{
	struct net *net = testlib_load_bundled("paper-cifar10-cnn");
	struct request req;
	struct session *s = NULL;
	struct plan_read pr;
	struct diag dg = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	(void)state;

	request_init(&req);
	req.params.lambda3 = 0.33;
	assert_int_equal(request_pin_text(&req, net, "stage1.0.conv=5", &dg), BKSEF_OK);
	assert_int_equal(session_new(net, &req, &s, &dg), BKSEF_OK);
	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(export_plan_csv(fp, s), BKSEF_OK);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(plan_read_buffer(buf, len, "mem", &pr, &dg), BKSEF_OK);
	assert_int_equal(plan_read_bind(&pr, net, &dg), BKSEF_OK);
	assert_int_equal(pr.n_rows, net->n_conv);
	assert_true(pr.req.params.lambda3 == 0.33);
	assert_false(pr.req.budget_active);
	for (size_t c = 0; c < net->n_conv; c++) {
		const struct score *sc = session_score(s);
		long r = score_find_row(sc, net->conv[c]);
		assert_int_equal(pr.row[c].layer, (long)net->conv[c]);
		assert_true(kernel_equal(&pr.row[c].k, plan_kernel(session_plan(s), c)));
		assert_int_equal(pr.row[c].pinned, c == 0);
		assert_true(pr.row[c].score == score_value(sc, session_work(s), (size_t)r,
		                                           session_plan(s)->choice[c]));
	}
	plan_read_free(&pr);
	free(buf);
	session_free(s);
	request_release(&req);
	net_free(net);
}

static void test_refusals(void **state)
{
	static const char ctx[] = "0.45,0.45,0.1,0.35,0.75,network,macs,mem,loaded,,,";
	struct net *net = testlib_load_text(net_text);
	static const struct {
		const char *rows; /* after the header; @: the context */
		int bind;         /* the refusal comes from plan_read_bind */
		unsigned long line;
		const char *part;
	} bad[] = {
		{ "c1,0,3,@,\nc1,0,3,@,\n", 0, 3, "layer 'c1' is given again (first on line 2)" },
		{ "c1,0,3,@,\nc2,0,3,0.5@,\n", 0, 3, "lambda1 is '0.50.45' here but '0.45'" },
		{ "c1,0,3,@,\n", 1, 0, "no row for conv 'c2' of network 'mem'" },
		{ "c1,0,3,@,\nin,0,3,@,\n", 1, 3, "layer 'in' is not a conv" },
		{ "c1,0,2,@,\nc2,0,3,@,\n", 1, 2, "k_plan of layer 'c1': kernel 2 is not allowed" },
		{ "c1,0,5,@,x\nc2,0,3,@,\n", 1, 2, "score_k5: 'x' is not a number" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char rows[512], text[1024];
		struct plan_read pr;
		struct diag dg = { 0 };
		size_t n = 0;
		for (const char *p = bad[i].rows; *p != '\0' && n + sizeof ctx < sizeof rows; p++)
			if (*p == '@') {
				memcpy(rows + n, ctx, sizeof ctx - 1);
				n += sizeof ctx - 1;
			} else
				rows[n++] = *p;
		rows[n] = '\0';
		snprintf(text, sizeof text, "%s%s", head, rows);
		int st = plan_read_buffer(text, strlen(text), "p.csv", &pr, &dg);
		if (bad[i].bind) {
			assert_int_equal(st, BKSEF_OK);
			st = plan_read_bind(&pr, net, &dg);
		}
		assert_int_equal(st, BKSEF_EINPUT);
		assert_string_equal(dg.file, "p.csv");
		assert_int_equal(dg.line, bad[i].line);
		if (strstr(dg.msg, bad[i].part) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, dg.msg, bad[i].part);
		plan_read_free(&pr);
	}
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_bind_pins),
		cmocka_unit_test(test_export_round_trip),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
