/* test_plan_compare.c -- unit tests of plan_compare.h: two sessions
 * compared, each under its own request, against figures worked out by
 * hand; the per-layer test the filters share; the CSV. */
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

#include "plan_compare.h"
#include "session.h"
#include "testlib.h"

/* c1: a tunable 3x3 conv 3 -> 4 channels on 8x8 ('same' padding, no bias);
 * c2: a fixed 3x3 conv 4 -> 4. */
static const char net_text[] = "name,op,from,out,h,w,k,bias,tune\n"
                               "in,input,,3,8,8,,,\n"
                               "c1,conv,,4,,,3,0,\n"
                               "c2,conv,,4,,,3,0,0\n";

/* A session of NET with c1 pinned to K and lambda3 L3. */
static struct session *session_at(const struct net *net, const char *pin, double l3)
{
	struct request req;
	struct session *s = NULL;
	struct diag dg = { 0 };
	request_init(&req);
	req.params.lambda3 = l3;
	if (request_pin_text(&req, net, pin, &dg) != BKSEF_OK ||
	    session_new(net, &req, &s, &dg) != BKSEF_OK)
		fail_msg("%s", dg.msg);
	request_release(&req);
	return s;
}

static void test_compare_by_hand(void **state)
{
	struct net *net = testlib_load_text(net_text);
	struct session *sa = session_at(net, "c1=1", 0.1), *sb = session_at(net, "c1=5", 0.2);
	struct plan_compare_side a, b;
	struct plan_compare pc;
	struct diag dg = { 0 };
	(void)state;

	assert_int_equal(plan_compare_side_session(&a, sa, &dg), BKSEF_OK);
	assert_int_equal(plan_compare_side_session(&b, sb, &dg), BKSEF_OK);
	assert_int_equal(plan_compare_new(net, &a, &b, &pc, &dg), BKSEF_OK);

	/* One conv differs: c1, 1 -> 5; c2 is fixed at 3. */
	assert_int_equal(plan_layer_differs(a.plan, b.plan, net->conv[0]), 1);
	assert_int_equal(plan_layer_differs(a.plan, b.plan, net->conv[1]), 0);
	assert_int_equal(pc.n_convs, 2);
	assert_int_equal(pc.n_layers, 1);
	assert_int_equal(pc.layer[0].layer, 1);
	assert_int_equal(pc.layer[0].k[0].k[0], 1);
	assert_int_equal(pc.layer[0].k[1].k[0], 5);
	/* c1: k*k*3*4 parameters, times 8*8 outputs: 12 and 300, 768 and
	 * 19,200 MACs; its receptive field is k. */
	assert_int_equal(pc.layer[0].params[0], 12);
	assert_int_equal(pc.layer[0].params[1], 300);
	assert_int_equal(pc.layer[0].macs[0], 768);
	assert_int_equal(pc.layer[0].macs[1], 19200);
	assert_int_equal(pc.layer[0].rf[0], 1);
	assert_int_equal(pc.layer[0].rf[1], 5);
	/* c2: 3*3*4*4 = 144 parameters, 9,216 MACs; the network's receptive
	 * field is c1's plus 2. */
	assert_int_equal(pc.macs[0], 768 + 9216);
	assert_int_equal(pc.macs[1], 19200 + 9216);
	assert_int_equal(pc.params[0], 12 + 144);
	assert_int_equal(pc.params[1], 300 + 144);
	assert_int_equal(pc.rf[0], 3);
	assert_int_equal(pc.rf[1], 7);
	/* Each side's score is its own session's, under its own lambda3. */
	{
		const struct score *sc = session_score(sb);
		long r = score_find_row(sc, 1);
		double v =
		    score_value(sc, session_work(sb), (size_t)r, session_plan(sb)->choice[0]);
		assert_true(pc.layer[0].score[1] == v);
		assert_true(pc.score[1] == v); /* the only tunable conv */
		assert_false(pc.layer[0].score[0] == pc.layer[0].score[1]);
	}
	/* The requests differ in lambda3 and c1's pin, nothing else. */
	assert_int_equal(pc.n_diffs, 2);
	assert_string_equal(pc.diff[0].what, "lambda3");
	assert_string_equal(pc.diff[0].a, "0.1");
	assert_string_equal(pc.diff[0].b, "0.2");
	assert_string_equal(pc.diff[1].what, "pin");
	assert_string_equal(pc.diff[1].layer, "c1");
	assert_string_equal(pc.diff[1].a, "1");
	assert_string_equal(pc.diff[1].b, "5");
	/* (28,416 - 9,984) / 9,984 = 184.615...% */
	assert_true(fabs(plan_compare_pct((double)pc.macs[0], (double)pc.macs[1]) -
	                 100.0 * 18432 / 9984) < 1e-9);

	/* The CSV: c1's MACs row, 18,432 more, +2400%. */
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		assert_non_null(fp);
		assert_int_equal(plan_compare_csv(fp, &pc), BKSEF_OK);
		assert_int_equal(fclose(fp), 0);
		assert_non_null(strstr(buf, "section,name,what,a,b,difference,difference_pct\n"));
		assert_non_null(strstr(buf, "\nlayer,c1,kernel,1,5,,\n"));
		assert_non_null(strstr(buf, "\nlayer,c1,macs,768,19200,18432,2400\n"));
		assert_non_null(strstr(buf, "\ntotal,,rf,3,7,4,"));
		assert_non_null(strstr(buf, "\nrequest,c1,pin,1,5,,\n"));
		free(buf);
	}
	plan_compare_free(&pc);

	/* A plan against itself: nothing differs. */
	assert_int_equal(plan_compare_new(net, &a, &a, &pc, &dg), BKSEF_OK);
	assert_int_equal(pc.n_layers, 0);
	assert_int_equal(pc.n_diffs, 0);
	plan_compare_free(&pc);

	plan_compare_side_free(&a);
	plan_compare_side_free(&b);
	session_free(sa);
	session_free(sb);
	net_free(net);
}

/* The filters' test: the plan against its baseline, conv by conv. */
static void test_layer_differs_baseline(void **state)
{
	struct net *net = testlib_load_text(net_text);
	struct session *s = session_at(net, "c1=5", 0.1);
	(void)state;
	assert_int_equal(plan_layer_differs(session_plan(s), session_base(s), net->conv[0]), 1);
	assert_int_equal(plan_layer_differs(session_plan(s), session_base(s), net->conv[1]), 0);
	assert_int_equal(plan_layer_differs(session_base(s), session_base(s), net->conv[0]), 0);
	session_free(s);
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_by_hand),
		cmocka_unit_test(test_layer_differs_baseline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
