/* test_plan.c -- unit tests of plan.h and of the pins of request.h: pins
 * (valid, unknown layer, non-conv, disallowed kernel), plan totals and
 * per-layer figures against hand computation, the all-K baseline
 * (cand_table_spec.baseline_k with plan_from_base), and receptive fields
 * recomputed downstream. */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cand.h"
#include "cand_table.h"
#include "cost.h"
#include "device.h"
#include "kernel.h"
#include "net.h"
#include "plan.h"
#include "request.h"
#include "score.h"
#include "testlib.h"

/*
 * tests/data/score-plan.csv, input 3x29x31; layer indices:
 *   0 input   3x29x31                              r 1
 *   1 conv1   13 ch, k3 s1 same: MACs 35061 k^2, params 39 k^2 + 13
 *   2 bn1     params 2*13 = 26
 *   3 conv2   21 ch, k5 s2 same (15x16 out): MACs 13*21*15*16 = 65520 k^2,
 *             params 273 k^2 + 21
 *   4 skip    21 ch, k3 s2 same from bn1, tune 0: MACs 9*65520 = 589680,
 *             params 9*273 + 21 = 2478
 *   5 sum     add(conv2, skip)
 *   6 fixed   7 ch, k5 s1 same, tune 0 (7x15x16): MACs 25*21*7*240 = 882000,
 *             params 25*147 + 7 = 3682
 *   7 tight   11 ch, k5 s1 pad 0, no bias (11x11x12 out): MACs 7*11*11*12 k^2 =
 *             10164 k^2, params 77 k^2; pad(k) = (k - 5)/2, so 5, 7, 9, ... only
 *   8 gap
 *   9 fc      11 -> 10: MACs 110, params 120
 * Receptive fields (r, jump): conv1 k1 (j 1); conv2 k1 + (k2 - 1) (j 2);
 * skip k1 + 2 (j 2); sum max(conv2, skip); fixed sum + 4*2; tight fixed +
 * (kt - 1)*2; gap, fc as tight.
 */
enum { L_INPUT, L_CONV1, L_BN1, L_CONV2, L_SKIP, L_SUM, L_FIXED, L_TIGHT, L_GAP, L_FC, L_N };

static void check_rf(const struct plan *p, const int64_t want[L_N])
{
	for (size_t i = 0; i < L_N; i++)
		if (p->rf_layer[i] != want[i])
			fail_msg("rf of layer %zu: %lld, want %lld", i, (long long)p->rf_layer[i],
			         (long long)want[i]);
}

/* A table of NET over the default candidates, MACs cost, loaded baseline,
 * no pins. */
static struct cand_table *default_table(const struct net *net)
{
	return testlib_table_new(net, CAND_DEFAULT, COST_MACS, 0, NULL, 0);
}

/* A new plan is the network as loaded:
 * MACs 315549 + 1638000 + 589680 + 882000 + 254100 + 110 = 3679439,
 * params 364 + 26 + 6846 + 2478 + 3682 + 1925 + 120 = 15441,
 * rf: conv1 3, conv2 3 + 4 = 7, skip 3 + 2 = 5, sum 7, fixed 15, tight 23.
 * (Pins live in a request now: a new request has none.) */
static void test_new_is_loaded(void **state)
{
	static const int64_t rf[L_N] = { 1, 3, 3, 7, 5, 7, 15, 23, 23, 23 };
	static const int32_t k[L_N] = { 0, 3, 0, 5, 3, 0, 5, 5, 0, 0 };
	struct net *net = testlib_load_test_data("score-plan.csv");
	struct cand_table *t = default_table(net);
	struct plan *p = testlib_plan_new(t);
	struct request req;
	(void)state;
	request_init(&req);
	assert_int_equal(net->n_layers, L_N);
	assert_int_equal(net->n_tunable, 3);
	assert_int_equal(request_n_pins(&req), 0);
	assert_null(request_pins(&req));
	for (size_t i = 0; i < L_N; i++) {
		assert_int_equal(testlib_plan_k(p, i), k[i]);
		assert_int_equal(p->extent[i], k[i]);
		assert_null(request_pin_of(&req, i));
	}
	for (size_t c = 0; c < net->n_conv; c++)
		assert_int_equal(p->choice[c], t->loaded[c]);
	assert_int_equal(p->macs, 3679439);
	assert_int_equal(p->params, 15441);
	assert_int_equal(p->rf, 23);
	check_rf(p, rf);
	assert_int_equal(plan_layer_macs(p, L_TIGHT), 254100);
	assert_int_equal(plan_layer_params(p, L_TIGHT), 1925);
	assert_int_equal(plan_layer_macs(p, L_FC), 110);
	assert_int_equal(plan_layer_params(p, L_BN1), 26);
	assert_int_equal(plan_layer_macs(p, L_BN1), 0);
	assert_null(plan_layer_kernel(p, L_BN1));
	request_release(&req);
	plan_free(p);
	plan_free(NULL);
	cand_table_free(t);
	net_free(net);
}

/* Kernels conv1 7, conv2 1, tight 9 (skip and fixed as loaded):
 *   MACs   49*35061 + 65520 + 589680 + 882000 + 81*10164 + 110
 *        = 1717989 + 65520 + 589680 + 882000 + 823284 + 110 = 4078583
 *   params (39*49 + 13) + 26 + (273 + 21) + 2478 + 3682 + 77*81 + 120
 *        = 1924 + 26 + 294 + 2478 + 3682 + 6237 + 120 = 14761
 *   rf: conv1 7, conv2 7 + 0 = 7, skip 7 + 2 = 9, sum max(7, 9) = 9 (the
 *   skip branch now leads), fixed 9 + 8 = 17, tight 17 + 8*2 = 33.
 * Then conv2 back to 5: conv2 7 + 4 = 11 leads the add: sum 11, fixed 19,
 * tight 35; MACs 4078583 - 65520 + 1638000 = 5651063, params 14761 - 294 +
 * 6846 = 21313. */
static void test_totals_by_hand(void **state)
{
	static const int64_t rf1[L_N] = { 1, 7, 7, 7, 9, 9, 17, 33, 33, 33 };
	static const int64_t rf2[L_N] = { 1, 7, 7, 11, 9, 11, 19, 35, 35, 35 };
	struct net *net = testlib_load_test_data("score-plan.csv");
	struct cand_table *t = default_table(net);
	struct plan *p = testlib_plan_new(t);
	(void)state;
	testlib_plan_set_k(p, L_CONV1, 7);
	testlib_plan_set_k(p, L_CONV2, 1);
	testlib_plan_set_k(p, L_TIGHT, 9);
	plan_update(p);
	testlib_check_extents(p);
	assert_int_equal(p->macs, 4078583);
	assert_int_equal(p->params, 14761);
	assert_int_equal(p->rf, 33);
	check_rf(p, rf1);
	assert_int_equal(plan_layer_macs(p, L_CONV1), 1717989);
	assert_int_equal(plan_layer_params(p, L_CONV1), 1924);
	assert_int_equal(plan_layer_macs(p, L_CONV2), 65520);
	assert_int_equal(plan_layer_params(p, L_CONV2), 294);
	assert_int_equal(plan_layer_macs(p, L_TIGHT), 823284);
	assert_int_equal(plan_layer_params(p, L_TIGHT), 6237);
	/* paddings: same -> (k-1)/2; tight's pad 0 at k5 -> 0 + (9-5)/2 = 2 */
	assert_int_equal(plan_layer_pad(p, L_CONV1), 3);
	assert_int_equal(plan_layer_pad(p, L_CONV2), 0);
	assert_int_equal(plan_layer_pad(p, L_SKIP), 1);
	assert_int_equal(plan_layer_pad(p, L_FIXED), 2);
	assert_int_equal(plan_layer_pad(p, L_TIGHT), 2);
	/* +10.85%: 100 * (4078583 - 3679439) / 3679439 = 10.847958071869108 */
	assert_true(fabs(plan_change_pct(p->macs, net->total_macs) - 10.847958071869108) < 1e-12);

	testlib_plan_set_k(p, L_CONV2, 5);
	plan_update(p);
	testlib_check_extents(p);
	assert_int_equal(p->macs, 5651063);
	assert_int_equal(p->params, 21313);
	assert_int_equal(p->rf, 35);
	check_rf(p, rf2);
	plan_free(p);
	cand_table_free(t);
	net_free(net);
}

/* The all-3 baseline (plan_uniform(3) before the session core: now
 * cand_table_spec.baseline_k = 3 and plan_from_base): conv1 and conv2 at 3;
 * tight stays 5 (k3 would need pad -1); skip and fixed are not tunable.
 *   MACs 315549 + 589680 + 589680 + 882000 + 254100 + 110 = 2631119
 *   params 364 + 26 + 2478 + 2478 + 3682 + 1925 + 120 = 11073
 *   rf: conv1 3, conv2 5, skip 5, sum 5, fixed 13, tight 21.
 * The all-5 baseline (baseline_k = 5): conv1 5, conv2 5, tight 5:
 *   MACs 876525 + 1638000 + 589680 + 882000 + 254100 + 110 = 4240415.
 * Pins are not applied: conv1 pinned to 7 (the table has its entry) stays
 * at the baseline's 3. */
static void test_uniform(void **state)
{
	static const int64_t rf[L_N] = { 1, 3, 3, 5, 5, 5, 13, 21, 21, 21 };
	struct net *net = testlib_load_test_data("score-plan.csv");
	struct request req;
	struct diag dg = { 0 };
	struct kernel k7 = kernel_square(2, 7);
	(void)state;
	request_init(&req);
	assert_int_equal(request_pin(&req, net, L_CONV1, &k7, &dg), BKSEF_OK);
	struct cand_table *t = testlib_table_new(net, CAND_DEFAULT, COST_MACS, 3,
	                                         request_pins(&req), request_n_pins(&req));
	struct plan *p = testlib_plan_new(t);
	testlib_plan_set_k(p, L_CONV1, 7);
	plan_from_base(p);
	plan_update(p);
	testlib_check_extents(p);
	assert_int_equal(testlib_plan_k(p, L_CONV1), 3);
	assert_int_equal(testlib_plan_k(p, L_CONV2), 3);
	assert_int_equal(testlib_plan_k(p, L_SKIP), 3);
	assert_int_equal(testlib_plan_k(p, L_FIXED), 5);
	assert_int_equal(testlib_plan_k(p, L_TIGHT), 5);
	assert_int_equal(p->macs, 2631119);
	assert_int_equal(p->params, 11073);
	assert_int_equal(p->rf, 21);
	check_rf(p, rf);
	/* plan_from_net goes back to the loaded kernels */
	plan_from_net(p);
	plan_update(p);
	testlib_check_extents(p);
	assert_int_equal(testlib_plan_k(p, L_CONV2), 5);
	assert_int_equal(p->macs, 3679439);
	plan_free(p);
	cand_table_free(t);

	t = testlib_table_new(net, CAND_DEFAULT, COST_MACS, 5, request_pins(&req),
	                      request_n_pins(&req));
	p = testlib_plan_new(t);
	testlib_plan_set_k(p, L_CONV1, 7);
	testlib_plan_set_k(p, L_CONV2, 3);
	plan_from_base(p);
	plan_update(p);
	testlib_check_extents(p);
	assert_int_equal(testlib_plan_k(p, L_CONV1), 5);
	assert_int_equal(testlib_plan_k(p, L_CONV2), 5);
	assert_int_equal(testlib_plan_k(p, L_TIGHT), 5);
	assert_int_equal(p->macs, 4240415);
	plan_free(p);
	cand_table_free(t);
	request_release(&req);
	net_free(net);
}

/* The all-3x3 baseline of the paper's CIFAR-10 network is the network as
 * bundled: 152,766,976 MACs, 1,148,874 params, rf 23 (reference counts).
 * plan_from_base overrides whatever the plan held: every conv first at its
 * row's largest kernel (7 on stages 1-2, 5 on stage 3: the old
 * plan_uniform(7) step). */
static void test_uniform_paper(void **state)
{
	struct net *net;
	struct cand_table *t;
	struct plan *p;
	(void)state;
	net = testlib_load_bundled("paper-cifar10-cnn");
	t = testlib_table_new(net, CAND_DEFAULT, COST_MACS, 3, NULL, 0);
	p = testlib_plan_new(t);
	for (size_t c = 0; c < net->n_conv; c++)
		plan_set(p, c, cand_table_row_len(t, c) - 1);
	plan_update(p);
	testlib_check_extents(p);
	assert_true(p->macs > 152766976);
	plan_from_base(p);
	plan_update(p);
	testlib_check_extents(p);
	assert_int_equal(p->macs, 152766976);
	assert_int_equal(p->params, 1148874);
	assert_int_equal(p->rf, 23);
	plan_free(p);
	cand_table_free(t);
	net_free(net);
}

/* The size layer I is pinned to in R, or 0 when it is not pinned (the old
 * p->pin[i]); fails on a pin that is not square 2-D. */
static int pin_k(const struct request *r, size_t i)
{
	const struct pin *pn = request_pin_of(r, i);
	struct kernel sq;
	if (pn == NULL)
		return 0;
	assert_int_equal(pn->layer, i);
	sq = kernel_square(2, pn->k.k[0]);
	assert_true(kernel_equal(&pn->k, &sq));
	return pn->k.k[0];
}

/* Valid pins: counted once, cleared with NULL or request_unpin_all; a fixed
 * conv may be pinned too. */
static void test_pin_valid(void **state)
{
	struct net *net = testlib_load_test_data("score-plan.csv");
	struct request req;
	struct diag dg = { 0 };
	struct kernel k5 = kernel_square(2, 5), k7 = kernel_square(2, 7);
	(void)state;
	request_init(&req);
	assert_int_equal(request_pin(&req, net, L_CONV1, &k5, &dg), BKSEF_OK);
	assert_int_equal(request_n_pins(&req), 1);
	assert_int_equal(request_pin(&req, net, L_CONV1, &k7, &dg), BKSEF_OK);
	assert_int_equal(request_n_pins(&req), 1);
	assert_int_equal(pin_k(&req, L_CONV1), 7);
	assert_int_equal(request_pin_text(&req, net, "fixed=3", &dg), BKSEF_OK);
	assert_int_equal(request_pin_text(&req, net, "tight=7", &dg), BKSEF_OK);
	assert_int_equal(request_pin_text(&req, net, "conv2=9", &dg), BKSEF_OK);
	assert_int_equal(request_n_pins(&req), 4);
	assert_int_equal(pin_k(&req, L_FIXED), 3);
	assert_int_equal(pin_k(&req, L_TIGHT), 7);
	assert_int_equal(pin_k(&req, L_CONV2), 9);
	assert_int_equal(request_pin(&req, net, L_CONV2, NULL, &dg), BKSEF_OK);
	assert_int_equal(request_pin(&req, net, L_CONV2, NULL, &dg), BKSEF_OK);
	assert_int_equal(request_n_pins(&req), 3);
	assert_int_equal(pin_k(&req, L_CONV2), 0);
	/* in increasing layer order, one per layer */
	for (size_t q = 1; q < request_n_pins(&req); q++)
		assert_true(request_pins(&req)[q - 1].layer < request_pins(&req)[q].layer);

	/* pins apply with plan_apply_pins over the loaded kernels; plan_from_net
	 * alone gives the loaded kernels (the old plan_from_net(.., 1) and
	 * plan_from_net(.., 0)) */
	struct cand_table *t = testlib_table_new(net, CAND_DEFAULT, COST_MACS, 0,
	                                         request_pins(&req), request_n_pins(&req));
	struct plan *p = testlib_plan_new(t);
	plan_from_net(p);
	plan_apply_pins(p, request_pins(&req), request_n_pins(&req));
	assert_int_equal(testlib_plan_k(p, L_CONV1), 7);
	assert_int_equal(testlib_plan_k(p, L_FIXED), 3);
	assert_int_equal(testlib_plan_k(p, L_TIGHT), 7);
	assert_int_equal(testlib_plan_k(p, L_CONV2), 5);
	plan_from_net(p);
	assert_int_equal(testlib_plan_k(p, L_CONV1), 3);
	assert_int_equal(testlib_plan_k(p, L_FIXED), 5);

	assert_int_equal(request_unpin_all(&req), 3);
	assert_int_equal(request_n_pins(&req), 0);
	assert_null(request_pins(&req));
	for (size_t i = 0; i < L_N; i++)
		assert_int_equal(pin_k(&req, i), 0);
	request_release(&req);
	plan_free(p);
	cand_table_free(t);
	net_free(net);
}

/* Pins win over k* in plan_from_score; every other tunable conv gets k*.
 * With l1 = l2 = 0 and l3 = 0.29 every score is -0.29 C~, so k* is the
 * cheapest allowed kernel: conv1 1, conv2 1, tight 5 (its smallest). */
static void test_pin_over_score(void **state)
{
	struct net *net = testlib_load_test_data("score-plan.csv");
	struct request req;
	struct cand_table *t;
	struct score *s = NULL;
	struct score_work *w;
	struct plan *p;
	struct score_params sp = { 0, 0, 0.29, 0.41, 0.83, SCORE_SCOPE_NETWORK, COST_MACS };
	struct diag dg = { 0 };
	struct kernel k7 = kernel_square(2, 7), k1 = kernel_square(2, 1);
	(void)state;
	request_init(&req);
	assert_int_equal(request_pin(&req, net, L_CONV2, &k7, &dg), BKSEF_OK);
	assert_int_equal(request_pin(&req, net, L_FIXED, &k1, &dg), BKSEF_OK);
	t = testlib_table_new(net, CAND_DEFAULT, COST_MACS, 0, request_pins(&req),
	                      request_n_pins(&req));
	p = testlib_plan_new(t);
	assert_int_equal(score_new(t, &s, &dg), BKSEF_OK);
	w = score_work_alloc(s);
	assert_non_null(w);
	assert_int_equal(score_run(s, &sp, w, &dg), BKSEF_OK);
	plan_from_score(p, s, w, NULL, 0);
	assert_int_equal(testlib_plan_k(p, L_CONV1), 1);
	assert_int_equal(testlib_plan_k(p, L_CONV2), 1);
	assert_int_equal(testlib_plan_k(p, L_TIGHT), 5);
	assert_int_equal(testlib_plan_k(p, L_SKIP), 3);
	assert_int_equal(testlib_plan_k(p, L_FIXED), 5);
	plan_from_score(p, s, w, request_pins(&req), request_n_pins(&req));
	plan_update(p);
	testlib_check_extents(p);
	assert_int_equal(testlib_plan_k(p, L_CONV1), 1);
	assert_int_equal(testlib_plan_k(p, L_CONV2), 7);
	assert_int_equal(testlib_plan_k(p, L_FIXED), 1);
	/* MACs 35061 + 49*65520 + 589680 + 882000/25 + 254100 + 110
	 *    = 35061 + 3210480 + 589680 + 35280 + 254100 + 110 = 4124711
	 * rf: conv1 1, conv2 1 + 6 = 7, skip 1 + 2 = 3, sum 7, fixed 7, tight 15 */
	assert_int_equal(p->macs, 4124711);
	assert_int_equal(p->rf, 15);
	assert_int_equal(p->rf_layer[L_FIXED], 7);
	score_work_free(w);
	score_free(s);
	plan_free(p);
	cand_table_free(t);
	request_release(&req);
	net_free(net);
}

/* What a request's pins were, to check that a failed pin changed nothing. */
struct pins_snapshot {
	const struct pin_set *set;
	size_t n;
	struct pin pin[L_N];
};

static void snapshot_pins(const struct request *r, struct pins_snapshot *snap)
{
	memset(snap, 0, sizeof *snap);
	snap->set = r->pins;
	snap->n = request_n_pins(r);
	assert_true(snap->n <= L_N);
	if (snap->n > 0)
		memcpy(snap->pin, request_pins(r), snap->n * sizeof snap->pin[0]);
}

/* A failed pin leaves the request's pins as they were: the same set, the
 * same pins. */
static void check_pins_unchanged(const struct request *r, const struct pins_snapshot *before,
                                 size_t n_pins)
{
	assert_int_equal(request_n_pins(r), n_pins);
	assert_int_equal(before->n, n_pins);
	assert_ptr_equal(r->pins, before->set);
	for (size_t q = 0; q < n_pins; q++) {
		assert_int_equal(request_pins(r)[q].layer, before->pin[q].layer);
		assert_true(kernel_equal(&request_pins(r)[q].k, &before->pin[q].k));
	}
}

static void check_one_line(const struct diag *dg, const char *part)
{
	if (strstr(dg->msg, part) == NULL)
		fail_msg("message '%s' lacks '%s'", dg->msg, part);
	assert_null(strchr(dg->msg, '\n'));
}

/* Pins on something other than a conv. */
static void test_pin_non_conv(void **state)
{
	static const size_t non_conv[] = { L_INPUT, L_BN1, L_SUM, L_GAP, L_FC };
	struct net *net = testlib_load_test_data("score-plan.csv");
	struct request req;
	struct diag dg = { 0 };
	struct pins_snapshot before;
	struct kernel k3 = kernel_square(2, 3), k5 = kernel_square(2, 5);
	(void)state;
	request_init(&req);
	assert_int_equal(request_pin(&req, net, L_CONV1, &k5, &dg), BKSEF_OK);
	snapshot_pins(&req, &before);
	for (size_t i = 0; i < sizeof non_conv / sizeof non_conv[0]; i++) {
		assert_int_equal(request_pin(&req, net, non_conv[i], &k3, &dg), BKSEF_EUSAGE);
		check_one_line(&dg, "not a conv");
		check_pins_unchanged(&req, &before, 1);
	}
	assert_int_equal(request_pin_text(&req, net, "bn1=3", &dg), BKSEF_EUSAGE);
	check_one_line(&dg, "'bn1' is a bn, not a conv");
	assert_int_equal(request_pin_text(&req, net, "fc=1", &dg), BKSEF_EUSAGE);
	check_one_line(&dg, "'fc' is a fc, not a conv");
	check_pins_unchanged(&req, &before, 1);
	request_release(&req);
	net_free(net);
}

/* Pins naming no layer, and malformed NAME=K texts. */
static void test_pin_unknown_and_malformed(void **state)
{
	static const struct {
		const char *text, *part;
	} bad[] = {
		{ "nope=3", "no layer named 'nope'" },
		{ "Conv1=3", "no layer named 'Conv1'" },
		{ "conv1 =3", "no layer named 'conv1 '" },
		{ "=3", "expected NAME=K" },
		{ "conv1", "expected NAME=K" },
		{ "", "expected NAME=K" },
		{ "conv1=", "kernel '' is not a whole number" },
		{ "conv1=x", "kernel 'x' is not a whole number" },
		{ "conv1=3x", "kernel '3x' is not a whole number" },
		{ "conv1=3.0", "kernel '3.0' is not a whole number" },
		{ "conv1=0", "kernel '0' is not a whole number from 1 to 63" },
		{ "conv1=-3", "kernel '-3' is not a whole number" },
		{ "conv1= 3", "kernel ' 3' is not a whole number" },
		{ "conv1=+3", "kernel '+3' is not a whole number" },
		{ "conv1=64", "kernel '64' is not a whole number from 1 to 63" },
		{ "conv1=99999999999999999999", "is not a whole number" },
	};
	struct net *net = testlib_load_test_data("score-plan.csv");
	struct request req;
	struct diag dg = { 0 };
	struct pins_snapshot before;
	(void)state;
	request_init(&req);
	snapshot_pins(&req, &before);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		dg.msg[0] = '\0';
		if (request_pin_text(&req, net, bad[i].text, &dg) != BKSEF_EUSAGE)
			fail_msg("'%s' was accepted", bad[i].text);
		check_one_line(&dg, bad[i].part);
		check_pins_unchanged(&req, &before, 0);
	}
	request_release(&req);
	net_free(net);
}

/* Kernels that would change a layer's output shape. */
static void test_pin_disallowed(void **state)
{
	static const struct {
		const char *text;
		size_t layer;
		int k;
	} bad[] = {
		/* same padding, even k: pad floor(3/2) = 1, out 29 + 2 - 3 = 28 */
		{ "conv1=4", L_CONV1, 4 },
		/* stride 2, k2: pad 0, out (29 - 2)/2 + 1 = 14, not 15 */
		{ "conv2=2", L_CONV2, 2 },
		/* pad 0 at k5: k3 needs pad -1, k1 pad -2, k6 pad 0.5 */
		{ "tight=3", L_TIGHT, 3 },
		{ "tight=1", L_TIGHT, 1 },
		{ "tight=6", L_TIGHT, 6 },
	};
	struct net *net = testlib_load_test_data("score-plan.csv");
	struct request req;
	struct diag dg = { 0 };
	struct pins_snapshot before;
	struct kernel k9 = kernel_square(2, 9), k64 = kernel_square(2, 64),
	              km3 = kernel_square(2, -3);
	(void)state;
	request_init(&req);
	assert_int_equal(request_pin(&req, net, L_TIGHT, &k9, &dg), BKSEF_OK);
	snapshot_pins(&req, &before);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct kernel k = kernel_square(2, bad[i].k);
		assert_int_equal(request_pin(&req, net, bad[i].layer, &k, &dg), BKSEF_EUSAGE);
		check_one_line(&dg, "is not allowed for layer");
		assert_int_equal(request_pin_text(&req, net, bad[i].text, &dg), BKSEF_EUSAGE);
		check_one_line(&dg, "output shape");
		check_pins_unchanged(&req, &before, 1);
	}
	assert_int_equal(request_pin(&req, net, L_CONV1, &k64, &dg), BKSEF_EUSAGE);
	assert_int_equal(request_pin(&req, net, L_CONV1, &km3, &dg), BKSEF_EUSAGE);
	check_pins_unchanged(&req, &before, 1);
	/* Kernel tokens: per-axis kernels follow the shape rule axis by axis
	 * (format 2 allows them; before it, "conv1=3x5" was refused as not
	 * square).  tight (k5, pad 0 on 29x31) at 3x5 needs pad -1 on the
	 * height: refused; a kernel of three axes on a 2-D network: refused. */
	assert_int_equal(request_pin_text(&req, net, "tight=3x5", &dg), BKSEF_EUSAGE);
	check_one_line(&dg, "output shape");
	assert_int_equal(request_pin_text(&req, net, "conv1=3x5x7", &dg), BKSEF_EUSAGE);
	check_one_line(&dg, "kernel '3x5x7'");
	struct kernel k335 = kernel_square(3, 3);
	assert_int_equal(request_pin(&req, net, L_CONV1, &k335, &dg), BKSEF_EUSAGE);
	check_one_line(&dg, "have 2 axes");
	check_pins_unchanged(&req, &before, 1);
	/* conv1 (k3 same, stride 1) keeps 29x31 at 3x5: pads 1 and 2 */
	assert_int_equal(request_pin_text(&req, net, "conv1=3x5", &dg), BKSEF_OK);
	assert_int_equal(request_n_pins(&req), 2);
	request_release(&req);
	net_free(net);
}

/* Names are matched whole: the last '=' separates the kernel, so a layer
 * called "a=b" is pinned with "a=b=5"; a name with a line break is quoted in
 * messages on one line. */
static void test_pin_odd_names(void **state)
{
	struct net *net = testlib_load_test_data("score-names.csv");
	struct request req;
	struct diag dg = { 0 };
	long ab = net_find_layer(net, "a=b"), two = net_find_layer(net, "two\nlines");
	(void)state;
	request_init(&req);
	assert_true(ab > 0 && two > 0);
	assert_int_equal(request_pin_text(&req, net, "a=b=5", &dg), BKSEF_OK);
	assert_int_equal(pin_k(&req, (size_t)ab), 5);
	assert_int_equal(request_pin_text(&req, net, "c,1=7", &dg), BKSEF_OK);
	assert_int_equal(request_pin_text(&req, net, "say \"hi\"=1", &dg), BKSEF_OK);
	assert_int_equal(request_pin_text(&req, net, "two\nlines=3", &dg), BKSEF_OK);
	assert_int_equal(pin_k(&req, (size_t)two), 3);
	assert_int_equal(request_n_pins(&req), 4);
	assert_int_equal(request_pin_text(&req, net, "two\nlines=4", &dg), BKSEF_EUSAGE);
	check_one_line(&dg, "is not allowed for layer 'two\\x0Alines'");
	assert_int_equal(request_pin_text(&req, net, "two\nlines\n=4", &dg), BKSEF_EUSAGE);
	check_one_line(&dg, "no layer named 'two\\x0Alines\\x0A'");
	assert_int_equal(request_pin_text(&req, net, "in,put=3", &dg), BKSEF_EUSAGE);
	check_one_line(&dg, "not a conv");
	assert_int_equal(request_n_pins(&req), 4);
	request_release(&req);
	net_free(net);
}

/* plan_layer_differs: the loaded plan against one with conv1 at 7 and
 * tight at 9 (the layers set above: 1 and 7) differs on exactly those two
 * convs; non-convs (bn1, sum, fc) never differ; a plan against itself and
 * the relation's symmetry. */
static void test_layer_differs(void **state)
{
	struct net *net = testlib_load_test_data("score-plan.csv");
	struct cand_table *t = default_table(net);
	struct plan *a = testlib_plan_new(t), *b = testlib_plan_new(t);
	(void)state;
	testlib_plan_set_k(b, L_CONV1, 7);
	testlib_plan_set_k(b, L_TIGHT, 9);
	for (size_t i = 0; i < L_N; i++) {
		int want = i == L_CONV1 || i == L_TIGHT;
		assert_int_equal(plan_layer_differs(a, b, i), want);
		assert_int_equal(plan_layer_differs(b, a, i), want);
		assert_int_equal(plan_layer_differs(a, a, i), 0);
	}
	testlib_plan_set_k(b, L_CONV1, 3); /* back as loaded */
	assert_int_equal(plan_layer_differs(a, b, L_CONV1), 0);
	plan_free(a);
	plan_free(b);
	cand_table_free(t);
	net_free(net);
}

static void test_change_pct(void **state)
{
	(void)state;
	/* the --reduce 42.8% budget on ResNet-18: 100 * (1037649952 -
	 * 1814073344) / 1814073344 = -42.80000004233566 */
	assert_true(fabs(plan_change_pct(1037649952, 1814073344) + 42.80000004233566) < 1e-12);
	assert_true(plan_change_pct(1037649952, 0) == 0);
	assert_true(plan_change_pct(0, 0) == 0);
}

/* plan_update recomputes the receptive fields only from the first layer
 * whose kernel changed, and moves the totals by the changed convs only:
 * after any sequence of changes they must equal a full pass
 * (rf_compute_axis from layer 0) and plan_update_totals over the same
 * kernels.  Under COST the table's (with DEVICE for a latency cost);
 * between updates plan_update_totals is at times called on kernels the
 * next update no longer has, as the budget solver's probes do. */
static void check_incremental_cost(const char *name, int cost, const struct device *device)
{
	struct net *net = testlib_load_bundled(name);
	struct cand_table_spec spec = { CAND_DEFAULT,     cost,       0, NULL, 0, NULL, 0,
		                        { device, NULL }, KERNEL_FULL };
	struct cand_table *t = NULL;
	struct diag dg = { 0 };
	if (cand_table_new(net, &spec, &t, &dg) != BKSEF_OK)
		fail_msg("cand_table_new: %s", dg.msg);
	struct plan *p = testlib_plan_new(t);
	size_t n = net->n_layers;
	int64_t *r = test_malloc(n * sizeof *r), *j = test_malloc(n * sizeof *j);
	int64_t *rl = test_malloc(n * sizeof *rl), *jl = test_malloc(n * sizeof *jl);
	uint64_t rng = 12345;

	for (int step = 0; step < 300; step++) {
		/* 0 to 3 convs get another kernel of their row (the same one
		 * at times: no change at all). */
		for (int m = (int)(step % 4); m > 0; m--) {
			rng = rng * 6364136223846793005u + 1442695040888963407u;
			size_t c = (size_t)(rng >> 33) % net->n_conv;
			size_t len = t->first[c + 1] - t->first[c];
			plan_set(p, c, (size_t)(rng >> 20) % len);
			if (step % 7 == 3) {
				/* a probe's totals on kernels undone below */
				size_t keep = p->choice[c];
				plan_set(p, c, (size_t)(rng >> 40) % len);
				plan_update_totals(p);
				plan_set(p, c, keep);
			}
		}
		plan_update(p);
		int64_t macs = p->macs, params = p->params;
		double latency = p->latency;
		plan_update_totals(p);
		assert_int_equal(macs, p->macs);
		assert_int_equal(params, p->params);
		assert_true(latency == p->latency);
		assert_true(cost != COST_LATENCY || latency > 0);
		for (size_t c = 0; c < net->n_conv; c++) {
			const struct kernel *k = plan_kernel(p, c);
			size_t i = net->conv[c];
			assert_int_equal(p->extent[i], kernel_max_extent(k));
			for (int a = 0; p->per_axis && a < net->rank; a++)
				assert_int_equal(p->extent_axis[a][i], k->k[a]);
		}
		int64_t rf = 0;
		for (int a = 0; a < (p->per_axis ? net->rank : 1); a++) {
			int64_t max;
			assert_int_equal(plan_rf_axis(p, a, r, j, NULL, &max, NULL), BKSEF_OK);
			for (size_t i = 0; i < n; i++) {
				rl[i] = a == 0 || r[i] > rl[i] ? r[i] : rl[i];
				jl[i] = a == 0 || j[i] > jl[i] ? j[i] : jl[i];
			}
			if (max > rf)
				rf = max;
		}
		assert_int_equal(p->rf, rf);
		assert_memory_equal(p->rf_layer, rl, n * sizeof *rl);
		assert_memory_equal(p->jump, jl, n * sizeof *jl);
	}
	test_free(r);
	test_free(j);
	test_free(rl);
	test_free(jl);
	plan_free(p);
	cand_table_free(t);
	net_free(net);
}

static void check_incremental(const char *name)
{
	check_incremental_cost(name, COST_MACS, NULL);
}

static void test_incremental_rf(void **state)
{
	struct device d;
	struct diag dg = { 0 };
	(void)state;
	check_incremental("resnet50");
	check_incremental("googlenet");
	check_incremental("audio_cnn1d");
	check_incremental("r3d_18");
	check_incremental("fcn_resnet50");
	check_incremental("unet_small"); /* a transposed conv and upsamples */
	if (device_load_file(BKSEF_SRCDATADIR "/devices/rpi4.csv", "rpi4.csv", &d, &dg) != BKSEF_OK)
		fail_msg("device_load_file: %s", dg.msg);
	check_incremental_cost("resnet50", COST_LATENCY, &d);
	check_incremental_cost("mobilenet_v2", COST_LATENCY, &d);
	device_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_is_loaded),
		cmocka_unit_test(test_totals_by_hand),
		cmocka_unit_test(test_uniform),
		cmocka_unit_test(test_uniform_paper),
		cmocka_unit_test(test_pin_valid),
		cmocka_unit_test(test_pin_over_score),
		cmocka_unit_test(test_pin_non_conv),
		cmocka_unit_test(test_pin_unknown_and_malformed),
		cmocka_unit_test(test_pin_disallowed),
		cmocka_unit_test(test_pin_odd_names),
		cmocka_unit_test(test_layer_differs),
		cmocka_unit_test(test_change_pct),
		cmocka_unit_test(test_incremental_rf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
