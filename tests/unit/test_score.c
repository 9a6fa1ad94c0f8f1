/* test_score.c -- unit tests of score.h: BKSEF scores computed by hand for a
 * two-layer network in both scopes and both cost models, degenerate
 * normalisation, ties, the uniform-k* property of layer scope, and the
 * paper's defaults on its CIFAR-10 network. */
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
#include "kernel.h"
#include "net.h"
#include "plan.h"
#include "score.h"
#include "testlib.h"

/* The parameters of the hand calculation: non-round on purpose. */
static struct score_params hand_params(int scope, int cost)
{
	struct score_params p = { 0.37, 0.52, 0.29, 0.41, 0.83, scope, cost };
	return p;
}

/*
 * The two-layer network (tests/data/score-two-layer.csv), run set {1,3,5,7}:
 *   conv1: 3x29x31 -> 13x29x31, stride 1: MACs(k) = k^2*3*13*29*31 = 35061 k^2
 *   conv2: 13x29x31 -> 21x15x16, stride 2: MACs(k) = k^2*13*21*15*16 = 65520 k^2
 * Paper cost k^2*H_in*W_in*C_in*C_out: conv1 35061 k^2 (same, stride 1),
 * conv2 k^2*29*31*13*21 = 245427 k^2.
 * l1 = 0.37, l2 = 0.52, l3 = 0.29, gamma = 0.41, beta = 0.83.
 *
 * I(k) = ln(1 + 0.83 k):  I(1) = ln 1.83 = 0.60431596685332957211
 *                         I(3) = ln 3.49 = 1.2499017362143357952
 *                         I(5) = ln 5.15 = 1.6389967146756447773
 *                         I(7) = ln 6.81 = 1.9183921201614209984
 * A(k) = 1 - e^(-0.41 k): A(1) = 1 - e^-0.41 = 0.33634974986368063409
 *                         A(3) = 1 - e^-1.23 = 0.70770742231914059904
 *                         A(5) = 1 - e^-2.05 = 0.87126509641219578114
 *                         A(7) = 1 - e^-2.87 = 0.94330107342015308738
 * Both layers have {1,3,5,7}, so I and A are normalised over 1..7 in either
 * scope:  I~(3) = (I(3) - I(1)) / (I(7) - I(1)) = 0.64558576936100622309 /
 *                 1.31407615330809142629 = 0.49128489831870920348
 *         I~(5) = 1.03468074782231520519 / 1.31407615330809142629
 *               = 0.78738263776995073842,  I~(1) = 0, I~(7) = 1
 *         A~(3) = 0.37135767245545996495 / 0.60695132355647245329
 *               = 0.61184094678213154216
 *         A~(5) = 0.53491534654851514705 / 0.60695132355647245329
 *               = 0.88131506726790278278,  A~(1) = 0, A~(7) = 1
 * Gains g(k) = 0.37 I~ + 0.52 A~:  g(1) = 0,  g(7) = 0.89,
 *   g(3) = 0.18177541237792240529 + 0.31815729232670840192 = 0.49993270470463080721
 *   g(5) = 0.29133157597488177321 + 0.45828383497930944705 = 0.74961541095419122026
 *
 * Layer scope (either cost model: both are c*k^2 within a layer):
 *   C~(k) = (k^2 - 1) / (49 - 1): 0, 8/48 = 1/6, 24/48 = 1/2, 1
 *   S(1) = 0
 *   S(3) = 0.49993270470463080721 - 0.29/6 = 0.45159937137129747387
 *   S(5) = 0.74961541095419122026 - 0.145 = 0.60461541095419122026
 *   S(7) = 0.89 - 0.29 = 0.6
 *   k* = 5 on both layers (the uniform-k* property).
 *
 * Network scope, MACs cost: min 35061 (conv1, k1), max 3210480 (conv2, k7),
 * range 3175419.
 *   conv1 C: 35061, 315549, 876525, 1717989
 *         C~: 0, 280488/3175419 = 0.088331020252760344383,
 *             841464/3175419 = 0.26499306075828103315,
 *             1682928/3175419 = 0.5299861215165620663
 *         S(1) = 0
 *         S(3) = 0.49993270470463080721 - 0.29*0.088331020252760344383
 *              = 0.47431670883133030734
 *         S(5) = 0.74961541095419122026 - 0.29*0.26499306075828103315
 *              = 0.67276742333428972065
 *         S(7) = 0.89 - 0.29*0.5299861215165620663 = 0.73630402476019700077
 *         k* = 7
 *   conv2 C: 65520, 589680, 1638000, 3210480
 *         C~: 30459/3175419 = 0.009592119969049753749,
 *             554619/3175419 = 0.17466009997420812812,
 *             1602939/3175419 = 0.50479605998452487687, 1
 *         S(1) = -0.29*0.009592119969049753749 = -0.0027817147910244285872
 *         S(3) = 0.49993270470463080721 - 0.050651428992520357155
 *              = 0.44928127571211045005
 *         S(5) = 0.74961541095419122026 - 0.14639085739551221429
 *              = 0.60322455355867900597
 *         S(7) = 0.89 - 0.29 = 0.6
 *         k* = 5: the big layer pays more for a big kernel.
 *
 * Network scope, paper cost: min 35061 (conv1, k1), max 12025923 (conv2, k7),
 * range 11990862.
 *   conv1 C~: 0, 280488/11990862 = 0.023391812865497076023,
 *             841464/11990862 = 0.07017543859649122807,
 *             1682928/11990862 = 0.14035087719298245614
 *         S: 0, 0.49314907897363665516, 0.72926453376120876412,
 *            0.84929824561403508772;  k* = 7
 *   conv2 C: 245427, 2208843, 6135675, 12025923
 *         C~: 210366/11990862 = 0.017543859649122807018,
 *             2173782/11990862 = 0.18128654970760233918,
 *             6100614/11990862 = 0.50877192982456140351, 1
 *         S: -0.0050877192982456140351, 0.44735960528942612884,
 *            0.60207155130506841324, 0.6;  k* = 5
 */
struct hand_row {
	double c_raw[4], c_norm[4], s[4];
	int best;
};

static const int hand_k[4] = { 1, 3, 5, 7 };
static const double hand_i[4] = { 0.60431596685332957211, 1.2499017362143357952,
	                          1.6389967146756447773, 1.9183921201614209984 };
static const double hand_a[4] = { 0.33634974986368063409, 0.70770742231914059904,
	                          0.87126509641219578114, 0.94330107342015308738 };
static const double hand_in[4] = { 0, 0.49128489831870920348, 0.78738263776995073842, 1 };
static const double hand_an[4] = { 0, 0.61184094678213154216, 0.88131506726790278278, 1 };

static void check_hand_case(int scope, int cost, const struct hand_row want[2])
{
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct testlib_score ts;
	struct score_params p = hand_params(scope, cost);

	testlib_score_open(&ts, net, testlib_set_of(1, 3, 5, 7, 0), cost);
	const struct score *s = ts.score;
	const struct score_work *w = ts.work;
	testlib_score_run(&ts, &p);
	assert_int_equal(score_rows(s), 2);
	assert_int_equal(score_row_layer(s, 0), 1); /* conv1 */
	assert_int_equal(score_row_layer(s, 1), 3); /* conv2 */
	assert_int_equal(testlib_column_set(ts.table), testlib_set_of(1, 3, 5, 7, 0));
	for (size_t r = 0; r < 2; r++) {
		assert_int_equal(testlib_row_set(s, r), testlib_set_of(1, 3, 5, 7, 0));
		/* candidate j of the row is hand_k[j]: increasing size */
		assert_int_equal(score_row_len(s, r), 4);
		for (size_t e = 0; e < 4; e++) {
			struct score_terms t;
			int k = hand_k[e];
			assert_int_equal(testlib_row_k(s, r, e), k);
			assert_int_equal(score_terms(s, r, e, &p, &t), 1);
			testlib_assert_close(t.i_raw, hand_i[e]);
			testlib_assert_close(t.a_raw, hand_a[e]);
			assert_true(t.c_raw == want[r].c_raw[e]); /* exact integers */
			testlib_assert_close(t.i_norm, hand_in[e]);
			testlib_assert_close(t.a_norm, hand_an[e]);
			testlib_assert_close(t.c_norm, want[r].c_norm[e]);
			testlib_assert_close(t.score, want[r].s[e]);
			testlib_assert_close(score_value(s, w, r, e), want[r].s[e]);
			/* score_terms and score_run agree to the bit */
			assert_true(t.score == score_value(s, w, r, e));
			assert_true(testlib_value_k(s, w, r, k) == score_value(s, w, r, e));
		}
		assert_int_equal(testlib_best_k(s, w, r), want[r].best);
		/* k not allowed: no terms, NAN score; past the row's candidates
		 * too */
		struct score_terms t;
		assert_int_equal(testlib_terms_k(s, r, 9, &p, &t), 0);
		assert_int_equal(score_terms(s, r, 4, &p, &t), 0);
		assert_true(isnan(testlib_value_k(s, w, r, 9)));
		assert_true(isnan(testlib_value_k(s, w, r, 2)));
		assert_true(isnan(score_value(s, w, r, 4)));
	}
	testlib_score_close(&ts);
	net_free(net);
}

#define C1_MACS                                \
	{                                      \
		35061, 315549, 876525, 1717989 \
	}
#define C2_MACS                                 \
	{                                       \
		65520, 589680, 1638000, 3210480 \
	}
#define C2_PAPER                                   \
	{                                          \
		245427, 2208843, 6135675, 12025923 \
	}
#define LAYER_CN                   \
	{                          \
		0, 1.0 / 6, 0.5, 1 \
	}
#define LAYER_S                                                        \
	{                                                              \
		0, 0.45159937137129747387, 0.60461541095419122026, 0.6 \
	}

static void test_hand_layer_macs(void **state)
{
	const struct hand_row want[2] = {
		{ C1_MACS, LAYER_CN, LAYER_S, 5 },
		{ C2_MACS, LAYER_CN, LAYER_S, 5 },
	};
	(void)state;
	check_hand_case(SCORE_SCOPE_LAYER, COST_MACS, want);
}

static void test_hand_layer_paper(void **state)
{
	const struct hand_row want[2] = {
		{ C1_MACS, LAYER_CN, LAYER_S, 5 },
		{ C2_PAPER, LAYER_CN, LAYER_S, 5 },
	};
	(void)state;
	check_hand_case(SCORE_SCOPE_LAYER, COST_PAPER, want);
}

static void test_hand_network_macs(void **state)
{
	const struct hand_row want[2] = {
		{ C1_MACS,
		  { 0, 0.088331020252760344383, 0.26499306075828103315, 0.5299861215165620663 },
		  { 0, 0.47431670883133030734, 0.67276742333428972065, 0.73630402476019700077 },
		  7 },
		{ C2_MACS,
		  { 0.009592119969049753749, 0.17466009997420812812, 0.50479605998452487687, 1 },
		  { -0.0027817147910244285872, 0.44928127571211045005, 0.60322455355867900597,
		    0.6 },
		  5 },
	};
	(void)state;
	check_hand_case(SCORE_SCOPE_NETWORK, COST_MACS, want);
}

static void test_hand_network_paper(void **state)
{
	const struct hand_row want[2] = {
		{ C1_MACS,
		  { 0, 0.023391812865497076023, 0.07017543859649122807, 0.14035087719298245614 },
		  { 0, 0.49314907897363665516, 0.72926453376120876412, 0.84929824561403508772 },
		  7 },
		{ C2_PAPER,
		  { 0.017543859649122807018, 0.18128654970760233918, 0.50877192982456140351, 1 },
		  { -0.0050877192982456140351, 0.44735960528942612884, 0.60207155130506841324,
		    0.6 },
		  5 },
	};
	(void)state;
	check_hand_case(SCORE_SCOPE_NETWORK, COST_PAPER, want);
}

/* The same two layers, run set {3,5,7}, conv2 with its own `candidates` 1 3 5:
 * the table's columns are {1,3,5,7}.  Layer scope normalises conv2 over its
 * own {1,3,5}: I~(3) = (I(3) - I(1)) / (I(5) - I(1)) = 0.64558576936100622309
 * / 1.03468074782231520519 = 0.62394682680601310166, A~(3) = 0.37135767245545996495
 * / 0.53491534654851514705 = 0.69423634010803050838, C~(3) = (9-1)/(25-1) = 1/3:
 * S(3) = 0.37*0.62394682680601310166 + 0.52*0.69423634010803050838 - 0.29/3
 *      = 0.49519655610773404531, S(5) = 0.6, S(1) = 0; k* = 5.
 * conv1 over {3,5,7}: I~(5) = 0.38909497846130898211 / 0.66849038394708520320
 * = 0.58205022511155231749, A~(5) = (1 - e^-0.82) / (1 - e^-1.64) = 1 / (1 +
 * e^-0.82) = 0.69423634010803050838 (as conv2's A~(3)), C~(5) = 16/40 = 0.4:
 * S(5) = 0.46036148014745022183,
 * S(7) = 0.6; k* = 7.
 * Network scope, MACs: I, A over 1..7 as above; C over min 65520 (conv2 k1),
 * max 1717989 (conv1 k7), range 1652469: conv1 S(5) = 0.74961541095419122026 -
 * 0.29*811005/1652469 = 0.60728811162210087545 > S(7) = 0.6; conv2 S(5) =
 * 0.74961541095419122026 - 0.29*1572480/1652469 = 0.47365307822661811602. */
static void test_layer_candidates(void **state)
{
	static const char text[] = "name,op,out,h,w,k,stride,candidates\n"
	                           "input,input,3,29,31,,,\n"
	                           "conv1,conv,13,,,3,,\n"
	                           "conv2,conv,21,,,5,2,1 3 5\n";
	struct net *net = testlib_load_text(text);
	struct testlib_score ts;
	struct score_params p = hand_params(SCORE_SCOPE_LAYER, COST_MACS);
	struct score_terms t;

	(void)state;
	testlib_score_open(&ts, net, testlib_set_of(3, 5, 7, 0), COST_MACS);
	const struct score *s = ts.score;
	const struct score_work *w = ts.work;
	assert_int_equal(testlib_row_set(s, 0), testlib_set_of(3, 5, 7, 0));
	assert_int_equal(testlib_row_set(s, 1), testlib_set_of(1, 3, 5, 0));
	assert_int_equal(testlib_column_set(ts.table), testlib_set_of(1, 3, 5, 7, 0));
	testlib_score_run(&ts, &p);
	assert_true(testlib_value_k(s, w, 0, 3) == 0);
	testlib_assert_close(testlib_value_k(s, w, 0, 5), 0.46036148014745022183);
	testlib_assert_close(testlib_value_k(s, w, 0, 7), 0.6);
	assert_true(testlib_value_k(s, w, 1, 1) == 0);
	testlib_assert_close(testlib_value_k(s, w, 1, 3), 0.49519655610773404531);
	testlib_assert_close(testlib_value_k(s, w, 1, 5), 0.6);
	assert_true(isnan(testlib_value_k(s, w, 0, 1)));
	assert_true(isnan(testlib_value_k(s, w, 1, 7)));
	assert_int_equal(testlib_terms_k(s, 1, 3, &p, &t), 1);
	testlib_assert_close(t.i_norm, 0.62394682680601310166);
	testlib_assert_close(t.a_norm, 0.69423634010803050838);
	testlib_assert_close(t.c_norm, 1.0 / 3);
	assert_int_equal(testlib_best_k(s, w, 0), 7);
	assert_int_equal(testlib_best_k(s, w, 1), 5);

	p.scope = SCORE_SCOPE_NETWORK;
	testlib_score_run(&ts, &p);
	testlib_assert_close(testlib_value_k(s, w, 0, 5), 0.60728811162210087545);
	testlib_assert_close(testlib_value_k(s, w, 0, 7), 0.6);
	testlib_assert_close(testlib_value_k(s, w, 1, 5), 0.47365307822661811602);
	assert_int_equal(testlib_best_k(s, w, 0), 5);
	assert_int_equal(testlib_best_k(s, w, 1), 5);
	testlib_score_close(&ts);
	net_free(net);
}

/* A candidate that would change a layer's output shape is not allowed: the
 * stride-2 conv2 of 29x31 with `pad 0`, k5: out = (29-5)/2+1 = 13, (31-5)/2+1
 * = 14; k = 3 would need pad -1, k = 7 pad 1 (13x14 kept), k = 4 pad 0.5. */
static void test_shape_keeping(void **state)
{
	static const char text[] = "name,op,out,h,w,k,stride,pad\n"
	                           "input,input,3,29,31,,,\n"
	                           "conv2,conv,21,,,5,2,0\n";
	struct net *net = testlib_load_text(text);
	struct testlib_score ts;
	(void)state;
	testlib_score_open(&ts, net, testlib_set_of(1, 3, 4, 5, 7, 9, 0), COST_MACS);
	assert_int_equal(score_rows(ts.score), 1);
	assert_int_equal(testlib_row_set(ts.score, 0), testlib_set_of(5, 7, 9, 0));
	assert_int_equal(testlib_column_set(ts.table), testlib_set_of(5, 7, 9, 0));
	testlib_score_close(&ts);
	net_free(net);
}

/* One candidate: every term has max == min, so every normalised term is 0,
 * never NaN, in both scopes; k* is that candidate. */
static void test_degenerate_one_candidate(void **state)
{
	static const char text[] = "name,op,out,h,w,k\n"
	                           "input,input,3,29,31,\n"
	                           "conv1,conv,13,,,3\n";
	struct net *net = testlib_load_text(text);
	(void)state;
	for (int cost = COST_MACS; cost <= COST_PAPER; cost++) {
		struct testlib_score ts;
		testlib_score_open(&ts, net, testlib_set_of(5, 0), cost);
		for (int scope = SCORE_SCOPE_NETWORK; scope <= SCORE_SCOPE_LAYER; scope++) {
			struct score_params p = hand_params(scope, cost);
			struct score_terms t;
			testlib_score_run(&ts, &p);
			assert_int_equal(testlib_terms_k(ts.score, 0, 5, &p, &t), 1);
			/* raw: I(5) = ln 5.15, A(5) = 1 - e^-2.05, C = 25*35061 */
			testlib_assert_close(t.i_raw, 1.6389967146756447773);
			testlib_assert_close(t.a_raw, 0.87126509641219578114);
			assert_true(t.c_raw == 876525);
			assert_true(t.i_norm == 0 && t.a_norm == 0 && t.c_norm == 0);
			assert_true(t.score == 0);
			assert_true(testlib_value_k(ts.score, ts.work, 0, 5) == 0);
			assert_int_equal(testlib_best_k(ts.score, ts.work, 0), 5);
		}
		testlib_score_close(&ts);
	}
	net_free(net);
}

/* The two-layer network with run set {5}: I and A are flat (0) in both
 * scopes; the cost is flat within each layer (layer scope: S = 0) but not
 * across layers (network scope: C~(conv1) = 0, C~(conv2) = 1, S = -0.29). */
static void test_degenerate_one_candidate_two_layers(void **state)
{
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct testlib_score ts;
	struct score_params p = hand_params(SCORE_SCOPE_LAYER, COST_MACS);
	(void)state;
	testlib_score_open(&ts, net, testlib_set_of(5, 0), COST_MACS);
	const struct score *s = ts.score;
	const struct score_work *w = ts.work;
	testlib_score_run(&ts, &p);
	assert_true(testlib_value_k(s, w, 0, 5) == 0 && testlib_value_k(s, w, 1, 5) == 0);
	p.scope = SCORE_SCOPE_NETWORK;
	testlib_score_run(&ts, &p);
	assert_true(testlib_value_k(s, w, 0, 5) == 0);
	testlib_assert_close(testlib_value_k(s, w, 1, 5), -0.29);
	assert_int_equal(testlib_best_k(s, w, 0), 5);
	assert_int_equal(testlib_best_k(s, w, 1), 5);
	testlib_score_close(&ts);
	net_free(net);
}

/* gamma so large that A(k) = 1 - e^(-gamma k) is 1 in double for every k
 * (e^-800 underflows to 0): A is flat, A~ = 0, S = 0.37 I~ - 0.29 C~.
 * Network scope, MACs (I~, C~ from the comment above the hand tests):
 *   conv1: 0, 0.37*0.49128489831870920348 - 0.29*0.088331020252760344383
 *          = 0.15615941650462190541, 0.2144835883549802736, 0.21630402476019700077
 *   conv2: -0.0027817147910244285872, 0.13112398338540204813,
 *          0.14494071857936955892, 0.37 - 0.29 = 0.08
 * Layer scope: 0, 0.13344207904458907195, 0.14633157597488177321, 0.08. */
static void test_degenerate_flat_accuracy(void **state)
{
	static const double want_net[2][4] = {
		{ 0, 0.15615941650462190541, 0.2144835883549802736, 0.21630402476019700077 },
		{ -0.0027817147910244285872, 0.13112398338540204813, 0.14494071857936955892, 0.08 },
	};
	static const double want_layer[4] = { 0, 0.13344207904458907195, 0.14633157597488177321,
		                              0.08 };
	static const double gammas[] = { 800, 1e300 };
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct testlib_score ts;
	(void)state;
	testlib_score_open(&ts, net, testlib_set_of(1, 3, 5, 7, 0), COST_MACS);
	const struct score *s = ts.score;
	const struct score_work *w = ts.work;
	for (size_t gi = 0; gi < 2; gi++) {
		struct score_params p = hand_params(SCORE_SCOPE_NETWORK, COST_MACS);
		p.gamma = gammas[gi];
		testlib_score_run(&ts, &p);
		for (size_t r = 0; r < 2; r++)
			for (int e = 0; e < 4; e++) {
				struct score_terms t;
				assert_int_equal(testlib_terms_k(s, r, hand_k[e], &p, &t), 1);
				assert_true(t.a_raw == 1 && t.a_norm == 0);
				testlib_assert_close(testlib_value_k(s, w, r, hand_k[e]),
				                     want_net[r][e]);
			}
		assert_int_equal(testlib_best_k(s, w, 0), 7);
		assert_int_equal(testlib_best_k(s, w, 1), 5);
		p.scope = SCORE_SCOPE_LAYER;
		testlib_score_run(&ts, &p);
		for (size_t r = 0; r < 2; r++) {
			for (int e = 0; e < 4; e++)
				testlib_assert_close(testlib_value_k(s, w, r, hand_k[e]),
				                     want_layer[e]);
			assert_int_equal(testlib_best_k(s, w, r), 5);
		}
	}
	testlib_score_close(&ts);
	net_free(net);
}

/* All lambdas 0: every score is exactly 0 and k* is the smallest allowed. */
static void test_ties_all_zero(void **state)
{
	struct net *net = testlib_load_bundled("paper-cifar10-cnn");
	struct testlib_score ts;
	(void)state;
	testlib_score_open(&ts, net, CAND_DEFAULT, COST_MACS);
	const struct score *s = ts.score;
	const struct score_work *w = ts.work;
	for (int scope = SCORE_SCOPE_NETWORK; scope <= SCORE_SCOPE_LAYER; scope++) {
		struct score_params p = { 0, 0, 0, 0.41, 0.83, scope, COST_MACS };
		testlib_score_run(&ts, &p);
		assert_int_equal(score_rows(s), 6);
		for (size_t r = 0; r < 6; r++) {
			cand_set allowed = testlib_row_set(s, r);
			for (int k = cand_next(allowed, 0); k != 0; k = cand_next(allowed, k))
				assert_true(testlib_value_k(s, w, r, k) == 0);
			/* stages 1, 2: {3,5,7}; stage 3: {1,3,5} (the file's candidates) */
			assert_int_equal(testlib_best_k(s, w, r), r < 4 ? 3 : 1);
			assert_int_equal(testlib_best_k(s, w, r), cand_next(allowed, 0));
		}
	}
	testlib_score_close(&ts);
	net_free(net);
}

/* An exact tie with non-zero lambdas: layer scope over {3,5} gives
 * I~, A~, C~ = 0 at 3 and exactly 1 at 5 (x-lo over hi-lo with x = hi), so
 * with l1 = 0.375, l2 = 0.5, l3 = 0.875 (exact binary fractions)
 * S(3) = 0 and S(5) = 0.375 + 0.5 - 0.875 = 0 exactly: the smaller kernel
 * wins.  One ulp less of l3 and 5 wins. */
static void test_ties_exact(void **state)
{
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	(void)state;
	for (int cost = COST_MACS; cost <= COST_PAPER; cost++) {
		struct testlib_score ts;
		testlib_score_open(&ts, net, testlib_set_of(3, 5, 0), cost);
		const struct score *s = ts.score;
		const struct score_work *w = ts.work;
		struct score_params p = { 0.375, 0.5, 0.875, 0.41, 0.83, SCORE_SCOPE_LAYER, cost };
		testlib_score_run(&ts, &p);
		for (size_t r = 0; r < 2; r++) {
			assert_true(testlib_value_k(s, w, r, 3) == 0);
			assert_true(testlib_value_k(s, w, r, 5) == 0);
			assert_int_equal(testlib_best_k(s, w, r), 3);
		}
		p.lambda3 = nextafter(0.875, 0);
		testlib_score_run(&ts, &p);
		for (size_t r = 0; r < 2; r++) {
			assert_true(testlib_value_k(s, w, r, 5) > 0);
			assert_int_equal(testlib_best_k(s, w, r), 5);
		}
		testlib_score_close(&ts);
	}
	net_free(net);
}

/* Layer scope: the cost term no longer sees the layer's size, so every layer
 * with the same candidate set gets the same k*.  ResNet-18 has 17 tunable
 * convs (the 7x7 stem and 16 3x3 convs; the 1x1 downsamples are fixed), all
 * allowed {1,3,5,7,9}.  Proven over a range of lambda3 that moves k* through
 * several values, under both cost models.
 * Network scope: S_a(k) - S_b(k) = -l3 (m_a - m_b) k^2 / range for layers
 * a, b with costs m_a k^2, m_b k^2, which falls with k when m_a > m_b, so the
 * costlier layer never gets the larger kernel (k*_a <= k*_b), layers of
 * equal cost get equal kernels, and here the kernels do differ: the stem
 * (2,408,448 MACs per k^2) and the stride-2 convs (6,422,528) keep larger
 * kernels than the 12,845,056-MAC convs. */
static void test_uniform_layer_scope(void **state)
{
	static const double l3s[] = { 0, 0.05, 0.2, 0.37, 0.61, 0.9, 1.3, 2.7, 40 };
	struct net *net = testlib_load_bundled("resnet18");
	(void)state;
	for (int cost = COST_MACS; cost <= COST_PAPER; cost++) {
		struct testlib_score ts;
		cand_set seen = 0;
		int differ = 0;
		testlib_score_open(&ts, net, CAND_DEFAULT, cost);
		const struct score *s = ts.score;
		const struct score_work *w = ts.work;
		assert_int_equal(score_rows(s), 17);
		for (size_t r = 0; r < 17; r++)
			assert_int_equal(testlib_row_set(s, r), CAND_DEFAULT);
		for (size_t i = 0; i < sizeof l3s / sizeof l3s[0]; i++) {
			struct score_params p = hand_params(SCORE_SCOPE_LAYER, cost);
			p.lambda3 = l3s[i];
			testlib_score_run(&ts, &p);
			int k0 = testlib_best_k(s, w, 0);
			for (size_t r = 1; r < 17; r++) {
				assert_int_equal(testlib_best_k(s, w, r), k0);
				for (int k = 1; k <= 9; k += 2)
					assert_true(testlib_value_k(s, w, r, k) ==
					            testlib_value_k(s, w, 0, k));
			}
			seen |= (cand_set)1 << k0;

			p.scope = SCORE_SCOPE_NETWORK;
			testlib_score_run(&ts, &p);
			for (size_t a = 0; a < 17; a++)
				for (size_t b = 0; b < 17; b++) {
					struct score_terms ta, tb;
					int ka = testlib_best_k(s, w, a),
					    kb = testlib_best_k(s, w, b);
					/* the cost at k = 1 is the layer's cost per k^2 */
					assert_int_equal(testlib_terms_k(s, a, 1, &p, &ta), 1);
					assert_int_equal(testlib_terms_k(s, b, 1, &p, &tb), 1);
					if (ta.c_raw > tb.c_raw)
						assert_true(ka <= kb);
					if (ta.c_raw == tb.c_raw)
						assert_int_equal(ka, kb);
					if (ka != kb)
						differ = 1;
				}
		}
		/* not vacuous: k* took at least three values in layer scope, and
		 * network scope gave different layers different kernels */
		assert_true(cand_count(seen) >= 3);
		assert_true(differ);
		testlib_score_close(&ts);
	}
	net_free(net);
}

/*
 * The paper's defaults on its CIFAR-10 network: l 0.45/0.45/0.10, gamma
 * 0.35, beta 0.75, layer scope, paper cost.  Stages 1-2 over {3,5,7}:
 *   I(3) = ln 3.25 = 1.1786549963416461172, I(5) = ln 4.75 = 1.5581446180465498412,
 *   I(7) = ln 6.25 = 1.8325814637483101304: I~(5) = 0.37948962170490372400 /
 *   0.65392646740666401320 = 0.58032460929419238419
 *   A(3) = 1 - e^-1.05 = 0.65006225088884464533, A(5) = 1 - e^-1.75 =
 *   0.82622605654955487332, A(7) = 1 - e^-2.45 = 0.91370641350062948903:
 *   A~(5) = 0.17616380566071022799 / 0.26364416261178484370 = 0.66818777216816610653
 *   C~(5) = (25 - 9) / (49 - 9) = 0.4
 *   S(3) = 0, S(5) = 0.45*0.58032460929419238419 + 0.45*0.66818777216816610653
 *   - 0.1*0.4 = 0.52183057165806132082, S(7) = 0.45 + 0.45 - 0.1 = 0.8: k* = 7.
 * Stage 3 over {1,3,5}: I~(3) = 0.61995126203549877575, A~(3) =
 *   0.66818777216816610653, C~(3) = 8/24: S(3) = 0.54632923205831586369,
 *   S(1) = 0, S(5) = 0.8: k* = 5.
 */
static void test_paper_preset(void **state)
{
	struct net *net = testlib_load_bundled("paper-cifar10-cnn");
	struct score_params p;
	struct testlib_score ts;
	(void)state;
	assert_int_equal(score_preset("paper", &p), BKSEF_OK);
	assert_true(p.lambda1 == 0.45 && p.lambda2 == 0.45 && p.lambda3 == 0.10);
	assert_true(p.gamma == 0.35 && p.beta == 0.75);
	assert_int_equal(p.scope, SCORE_SCOPE_LAYER);
	assert_int_equal(p.cost, COST_PAPER);
	testlib_score_open(&ts, net, CAND_DEFAULT, p.cost);
	const struct score *s = ts.score;
	const struct score_work *w = ts.work;
	testlib_score_run(&ts, &p);
	static const int want[6] = { 7, 7, 7, 7, 5, 5 };
	for (size_t r = 0; r < 6; r++) {
		assert_int_equal(testlib_best_k(s, w, r), want[r]);
		if (r < 4) {
			assert_true(testlib_value_k(s, w, r, 3) == 0);
			testlib_assert_close(testlib_value_k(s, w, r, 5), 0.52183057165806132082);
			testlib_assert_close(testlib_value_k(s, w, r, 7), 0.8);
		} else {
			assert_true(testlib_value_k(s, w, r, 1) == 0);
			testlib_assert_close(testlib_value_k(s, w, r, 3), 0.54632923205831586369);
			testlib_assert_close(testlib_value_k(s, w, r, 5), 0.8);
		}
	}
	testlib_score_close(&ts);
	net_free(net);
}

/* score_row_lines: S(k) = a - l3*c, the same numbers score_run uses; the
 * lines are in the row's order (entry j's kernel is the table's). */
static void test_row_lines(void **state)
{
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct testlib_score ts;
	double a[CAND_MAX + 1], c[CAND_MAX + 1];
	(void)state;
	testlib_score_open(&ts, net, testlib_set_of(1, 3, 5, 7, 0), COST_MACS);
	const struct score *s = ts.score;
	const struct score_work *w = ts.work;
	for (int scope = SCORE_SCOPE_NETWORK; scope <= SCORE_SCOPE_LAYER; scope++) {
		struct score_params p = hand_params(scope, COST_MACS);
		testlib_score_run(&ts, &p);
		for (size_t r = 0; r < 2; r++) {
			assert_int_equal(score_row_lines(s, r, &p, a, c), 4);
			for (size_t e = 0; e < 4; e++) {
				assert_int_equal(testlib_row_k(s, r, e), hand_k[e]);
				assert_true(a[e] - p.lambda3 * c[e] == score_value(s, w, r, e));
			}
			/* gains g(k) from the hand comment */
			testlib_assert_close(a[1], 0.49993270470463080721);
			testlib_assert_close(a[2], 0.74961541095419122026);
			testlib_assert_close(a[3], 0.89);
		}
	}
	testlib_score_close(&ts);
	net_free(net);
}

/* Changing the scope between runs renormalises the cost term. */
static void test_scope_switch(void **state)
{
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct testlib_score ts;
	struct score_params pl = hand_params(SCORE_SCOPE_LAYER, COST_MACS);
	struct score_params pn = hand_params(SCORE_SCOPE_NETWORK, COST_MACS);
	(void)state;
	testlib_score_open(&ts, net, testlib_set_of(1, 3, 5, 7, 0), COST_MACS);
	for (int i = 0; i < 3; i++) {
		testlib_score_run(&ts, &pn);
		testlib_assert_close(testlib_value_k(ts.score, ts.work, 1, 5),
		                     0.60322455355867900597);
		testlib_score_run(&ts, &pl);
		testlib_assert_close(testlib_value_k(ts.score, ts.work, 1, 5),
		                     0.60461541095419122026);
	}
	testlib_score_close(&ts);
	net_free(net);
}

/* Parameter ranges: lambdas >= 0, gamma and beta > 0, finite. */
static void test_params_check(void **state)
{
	struct score_params ok = hand_params(SCORE_SCOPE_NETWORK, COST_MACS);
	struct score_params p;
	struct diag dg = { 0 };
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct testlib_score ts;
	(void)state;

	testlib_score_open(&ts, net, testlib_set_of(1, 3, 5, 7, 0), COST_MACS);
	assert_int_equal(score_params_check(&ok, &dg), BKSEF_OK);
	p = ok;
	p.lambda1 = p.lambda2 = p.lambda3 = 0;
	assert_int_equal(score_params_check(&p, &dg), BKSEF_OK);
	p = ok;
	p.lambda1 = p.lambda2 = p.lambda3 = p.gamma = p.beta = 1e300;
	assert_int_equal(score_params_check(&p, &dg), BKSEF_OK);

	double *fields[] = { &p.lambda1, &p.lambda2, &p.lambda3, &p.gamma, &p.beta };
	const double bad_lambda[] = { -0.37, -1e-300, NAN, INFINITY, -INFINITY };
	const double bad_rate[] = { 0, -0.41, NAN, INFINITY };
	for (int f = 0; f < 5; f++) {
		const double *bad = f < 3 ? bad_lambda : bad_rate;
		int n = f < 3 ? 5 : 4;
		for (int b = 0; b < n; b++) {
			p = ok;
			*fields[f] = bad[b];
			dg.msg[0] = '\0';
			assert_int_equal(score_params_check(&p, &dg), BKSEF_EUSAGE);
			assert_true(dg.msg[0] != '\0');
			assert_null(strchr(dg.msg, '\n'));
			/* score_run refuses too, and leaves the last run's results
			 * in the workspace */
			testlib_score_run(&ts, &ok);
			assert_int_equal(score_run(ts.score, &p, ts.work, &dg), BKSEF_EUSAGE);
			assert_int_equal(testlib_best_k(ts.score, ts.work, 0), 7);
			testlib_assert_close(testlib_value_k(ts.score, ts.work, 1, 5),
			                     0.60322455355867900597);
		}
	}
	/* The ranges are the documented ones, bounds included: tiny and
	 * subnormal lambdas (the smallest double 4.9e-324 too) and rates of
	 * exactly 1e-300 pass; the doubles just past a bound do not, and the
	 * message names them in full, not as the bound "%g" would print. */
	static const double tiny_lambda[] = { 1e-308, 4e-320, 4.9406564584124654e-324 };
	for (int f = 0; f < 3; f++)
		for (int t = 0; t < 3; t++) {
			p = ok;
			*fields[f] = tiny_lambda[t];
			assert_int_equal(score_params_check(&p, &dg), BKSEF_OK);
		}
	p = ok;
	p.gamma = p.beta = SCORE_RATE_MIN;
	assert_int_equal(score_params_check(&p, &dg), BKSEF_OK);
	assert_true(SCORE_RATE_MIN == 1e-300 && SCORE_RATE_MAX == 1e300);
	assert_true(SCORE_LAMBDA_MAX == 1e300);
	static const struct {
		int field;
		double v;
		const char *msg;
	} edge[] = {
		{ 0, 1.0000000000000002e300,
		  "lambda1 must be a number from 0 to 1e300, not 1.0000000000000002e+300" },
		{ 2, 1.0000000000000002e300,
		  "lambda3 must be a number from 0 to 1e300, not "
		  "1.0000000000000002e+300" },
		{ 3, 9.999999999999999e-301,
		  "gamma must be greater than 0 (from 1e-300 to 1e300), "
		  "not 9.999999999999999e-301" },
		{ 4, 4e-320, "beta must be greater than 0 (from 1e-300 to 1e300), not " },
		{ 4, 1.0000000000000002e300, "not 1.0000000000000002e+300" },
	};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		p = ok;
		*fields[edge[i].field] = edge[i].v;
		dg.msg[0] = '\0';
		assert_int_equal(score_params_check(&p, &dg), BKSEF_EUSAGE);
		if (strstr(dg.msg, edge[i].msg) == NULL)
			fail_msg("message '%s', expected '%s'", dg.msg, edge[i].msg);
	}
	p = ok;
	p.scope = 7;
	assert_int_equal(score_params_check(&p, &dg), BKSEF_EUSAGE);
	p = ok;
	p.cost = -1;
	assert_int_equal(score_params_check(&p, &dg), BKSEF_EUSAGE);
	testlib_score_close(&ts);
	net_free(net);
}

/* Presets by name; an unknown name is a usage error and changes nothing. */
static void test_presets(void **state)
{
	static const char *const names[] = { "paper", "edge", "cloud", "balanced" };
	struct score_params p, q;
	struct diag dg = { 0 };
	(void)state;
	for (int i = 0; i < 4; i++) {
		assert_string_equal(score_preset_name(i), names[i]);
		assert_int_equal(score_preset(names[i], &p), BKSEF_OK);
		assert_int_equal(score_params_check(&p, &dg), BKSEF_OK);
	}
	assert_null(score_preset_name(4));
	assert_null(score_preset_name(-1));
	/* edge: the public code's GTSRB values (reference counts) */
	assert_int_equal(score_preset("edge", &p), BKSEF_OK);
	assert_true(p.lambda1 == 0.35 && p.lambda2 == 0.40 && p.lambda3 == 0.25);
	score_params_default(&p);
	q = p;
	assert_int_equal(score_preset("Paper", &p), BKSEF_EUSAGE);
	assert_int_equal(score_preset("", &p), BKSEF_EUSAGE);
	assert_memory_equal(&p, &q, sizeof p);
	/* the defaults: l 0.45/0.45/0.10, gamma 0.35, beta 0.75, network, macs */
	assert_true(p.lambda1 == 0.45 && p.lambda2 == 0.45 && p.lambda3 == 0.10);
	assert_true(p.gamma == 0.35 && p.beta == 0.75);
	assert_int_equal(p.scope, SCORE_SCOPE_NETWORK);
	assert_int_equal(p.cost, COST_MACS);
	assert_string_equal(score_scope_name(SCORE_SCOPE_LAYER), "layer");
	assert_string_equal(score_scope_name(SCORE_SCOPE_NETWORK), "network");
	assert_string_equal(cost_model_name(COST_PAPER), "paper");
	assert_string_equal(cost_model_name(COST_MACS), "macs");
}

/* Row lookup: score_find_row is the inverse of score_row_layer. */
static void test_find_row(void **state)
{
	struct net *net = testlib_load_bundled("resnet18");
	struct testlib_score ts;
	size_t rows = 0;
	(void)state;
	testlib_score_open(&ts, net, CAND_DEFAULT, COST_MACS);
	const struct score *s = ts.score;
	for (size_t i = 0; i < net->n_layers; i++) {
		long r = score_find_row(s, i);
		const struct net_layer *l = &net->layers[i];
		if (l->op == NET_OP_CONV && l->tune) {
			assert_int_equal(r, (long)rows);
			assert_int_equal(score_row_layer(s, (size_t)r), i);
			rows++;
		} else {
			assert_int_equal(r, -1);
		}
	}
	assert_int_equal(rows, score_rows(s));
	assert_int_equal(score_find_row(s, net->n_layers + 5), -1);
	testlib_score_close(&ts);
	net_free(net);
}

/* Extreme but valid parameters: every score stays finite. */
static void test_extreme_params(void **state)
{
	static const double lam[] = { 0, 1e-300, 0.37, 1e300 };
	static const double rate[] = { 1e-300, 1e-9, 0.41, 800, 1e300 };
	struct net *net = testlib_load_bundled("resnet18");
	struct testlib_score ts;
	(void)state;
	testlib_score_open(&ts, net, CAND_DEFAULT, COST_MACS);
	const struct score *s = ts.score;
	const struct score_work *w = ts.work;
	for (size_t a = 0; a < 4; a++)
		for (size_t b = 0; b < 5; b++)
			for (size_t c = 0; c < 5; c++)
				for (int scope = 0; scope < 2; scope++) {
					struct score_params p = { lam[a],   lam[3 - a], lam[a],
						                  rate[b],  rate[c],    scope,
						                  COST_MACS };
					testlib_score_run(&ts, &p);
					for (size_t r = 0; r < score_rows(s); r++) {
						for (int k = 1; k <= 9; k += 2)
							assert_true(
							    isfinite(testlib_value_k(s, w, r, k)));
						assert_true(cand_has(CAND_DEFAULT,
						                     testlib_best_k(s, w, r)));
					}
				}
	testlib_score_close(&ts);
	net_free(net);
}

/* A network without tunable convs: an empty table, runs fine. */
/* A run scores one row of each class (rows with the same columns and
 * normalised costs): k*, the scores and plan_from_score's kernels must be
 * those of every row scored on its own.  The reference is score_terms,
 * which scores one (row, candidate) from the parameters alone, with the
 * first maximum (a NaN wins) taken here.  Random parameters, both scopes,
 * both cost models, on bundled networks whose rows repeat. */
static size_t check_classes(const char *name, int cost, uint64_t *rng)
{
	struct net *net = testlib_load_bundled(name);
	struct testlib_score ts;
	testlib_score_open(&ts, net, CAND_DEFAULT, cost);
	const struct cand_table *t = ts.table;
	size_t rows = score_rows(ts.score);
	struct plan *p = testlib_plan_new(t);
	uint8_t *want = test_malloc(net->n_conv ? net->n_conv : 1);
	size_t merged = rows - score_classes(ts.score);

	assert_true(score_classes(ts.score) <= rows);
	for (int step = 0; step < 40; step++) {
		double u[5];
		for (int i = 0; i < 5; i++) {
			*rng = *rng * 6364136223846793005u + 1442695040888963407u;
			u[i] = (double)(*rng >> 11) / 9007199254740992.0;
		}
		struct score_params sp = { u[0],
			                   u[1],
			                   step % 5 == 0 ? 0 : u[2] * 2,
			                   0.01 + u[3] * 2,
			                   0.01 + u[4] * 2,
			                   step % 2 ? SCORE_SCOPE_LAYER : SCORE_SCOPE_NETWORK,
			                   cost };
		testlib_score_run(&ts, &sp);
		memcpy(want, t->loaded, net->n_conv);
		for (size_t r = 0; r < rows; r++) {
			size_t n = score_row_len(ts.score, r);
			int best = n > 0 ? 0 : -1;
			double top = 0;
			for (size_t j = 0; j < n; j++) {
				struct score_terms tm;
				assert_int_equal(score_terms(ts.score, r, j, &sp, &tm), 1);
				double v = score_value(ts.score, ts.work, r, j);
				assert_memory_equal(&v, &tm.score, sizeof v);
				if (j == 0 || (!isnan(top) && (isnan(v) || v > top))) {
					best = (int)j;
					top = v;
				}
			}
			assert_int_equal(score_best(ts.work, r), best);
			if (best >= 0)
				want[score_row_conv(ts.score, r)] = (uint8_t)best;
		}
		plan_from_score(p, ts.score, ts.work, NULL, 0);
		assert_memory_equal(p->choice, want, net->n_conv);
	}
	test_free(want);
	plan_free(p);
	testlib_score_close(&ts);
	net_free(net);
	return merged;
}

static void test_classes(void **state)
{
	static const char *const nets[] = { "resnet50",     "googlenet",     "mobilenet_v2",
		                            "fcn_resnet50", "r3d_18",        "audio_cnn1d",
		                            "unet_small",   "convnext_tiny", "paper-cifar10-cnn" };
	uint64_t rng = 2026;
	size_t merged = 0;
	(void)state;
	for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++) {
		merged += check_classes(nets[i], COST_MACS, &rng);
		merged += check_classes(nets[i], COST_PAPER, &rng);
	}
	/* rows alike there are (resnet50's 17 rows are 2 classes under MACs) */
	assert_true(merged > 0);
}

static void test_no_tunable(void **state)
{
	static const char text[] = "name,op,out,h,w,k\n"
	                           "input,input,3,29,31,\n"
	                           "pw,conv,13,,,1\n"
	                           "fc,fc,10,,,\n";
	struct net *net = testlib_load_text(text);
	struct testlib_score ts;
	struct score_params p = hand_params(SCORE_SCOPE_NETWORK, COST_MACS);
	(void)state;
	testlib_score_open(&ts, net, CAND_DEFAULT, COST_MACS);
	testlib_score_run(&ts, &p);
	assert_int_equal(score_rows(ts.score), 0);
	assert_int_equal(ts.table->n_columns, 0);
	assert_int_equal(testlib_column_set(ts.table), 0);
	assert_int_equal(score_find_row(ts.score, 1), -1);
	testlib_score_close(&ts);
	score_free(NULL);
	score_work_free(NULL);
	cand_table_free(NULL);
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_layer_macs),
		cmocka_unit_test(test_hand_layer_paper),
		cmocka_unit_test(test_hand_network_macs),
		cmocka_unit_test(test_hand_network_paper),
		cmocka_unit_test(test_layer_candidates),
		cmocka_unit_test(test_shape_keeping),
		cmocka_unit_test(test_degenerate_one_candidate),
		cmocka_unit_test(test_degenerate_one_candidate_two_layers),
		cmocka_unit_test(test_degenerate_flat_accuracy),
		cmocka_unit_test(test_ties_all_zero),
		cmocka_unit_test(test_ties_exact),
		cmocka_unit_test(test_uniform_layer_scope),
		cmocka_unit_test(test_paper_preset),
		cmocka_unit_test(test_row_lines),
		cmocka_unit_test(test_scope_switch),
		cmocka_unit_test(test_params_check),
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_find_row),
		cmocka_unit_test(test_extreme_params),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_no_tunable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
