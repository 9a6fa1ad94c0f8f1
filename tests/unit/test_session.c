/* test_session.c -- unit tests of the session core's new modules: kernel
 * tokens (kernel_parse and kernel_format round trips, bad tokens), pins
 * shared between requests (request_copy and request_release reference
 * counts), and sessions (what session_apply recomputes, and that a failed
 * session_apply -- bad parameters, an unreachable budget, a cancel --
 * leaves the session as it was). */
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

#include "cand.h"
#include "cand_table.h"
#include "cost.h"
#include "export.h"
#include "kernel.h"
#include "net.h"
#include "plan.h"
#include "request.h"
#include "score.h"
#include "session.h"
#include "testlib.h"

/* ---- kernels ---- */

/* Parse TEXT for RANK axes, or fail. */
static struct kernel parse_ok(const char *text, int rank)
{
	struct kernel k;
	struct diag dg = { 0 };
	if (kernel_parse(text, rank, &k, &dg) != BKSEF_OK)
		fail_msg("kernel_parse('%s', %d): %s", text, rank, dg.msg);
	return k;
}

/* The token of K. */
static const char *token(const struct kernel *k, char *buf)
{
	return kernel_format(k, buf, KERNEL_TOKEN_MAX);
}

/* Tokens and what they mean, by hand:
 *   "3" (rank 2): 3x3, 9 taps, size 3, square, token "3"
 *   "3x5": 15 taps, size sqrt(15) = 3.8729833462074168852, largest extent 5
 *   "5x5": the square 5 (token "5")
 *   "7" (rank 3): 7x7x7, 343 taps, size 7
 *   "1x1x7" (rank 3): 7 taps, size 7^(1/3) = 1.9129311827723891012
 *   "4" (rank 1): one axis, 4 taps */
static void test_kernel_tokens(void **state)
{
	char buf[KERNEL_TOKEN_MAX];
	struct kernel k, sq;
	(void)state;

	k = parse_ok("3", 2);
	sq = kernel_square(2, 3);
	assert_true(kernel_equal(&k, &sq));
	assert_int_equal(k.n_axes, 2);
	assert_int_equal(k.kind, KERNEL_FULL);
	assert_int_equal(k.k[0], 3);
	assert_int_equal(k.k[1], 3);
	assert_int_equal(k.k[2], 0);
	assert_true(kernel_is_square(&k));
	assert_int_equal(kernel_taps(&k), 9);
	assert_true(kernel_size(&k) == 3);
	assert_string_equal(token(&k, buf), "3");

	k = parse_ok("3x5", 2);
	assert_int_equal(k.k[0], 3);
	assert_int_equal(k.k[1], 5);
	assert_false(kernel_is_square(&k));
	assert_int_equal(kernel_max_extent(&k), 5);
	assert_int_equal(kernel_taps(&k), 15);
	testlib_assert_close(kernel_size(&k), 3.8729833462074168852);
	assert_string_equal(token(&k, buf), "3x5");
	assert_false(kernel_equal(&k, &sq));

	k = parse_ok("5x5", 2);
	sq = kernel_square(2, 5);
	assert_true(kernel_equal(&k, &sq));
	assert_string_equal(token(&k, buf), "5");

	k = parse_ok("7", 3);
	sq = kernel_square(3, 7);
	assert_true(kernel_equal(&k, &sq));
	assert_int_equal(kernel_taps(&k), 343);
	assert_true(kernel_size(&k) == 7);
	assert_string_equal(token(&k, buf), "7");
	/* the same extent, another rank: another kernel */
	sq = kernel_square(2, 7);
	assert_false(kernel_equal(&k, &sq));

	k = parse_ok("1x1x7", 3);
	assert_int_equal(kernel_taps(&k), 7);
	assert_int_equal(kernel_max_extent(&k), 7);
	testlib_assert_close(kernel_size(&k), 1.9129311827723891012);
	assert_string_equal(token(&k, buf), "1x1x7");

	k = parse_ok("4", 1);
	assert_int_equal(k.n_axes, 1);
	assert_int_equal(kernel_taps(&k), 4);
	assert_string_equal(token(&k, buf), "4");

	/* order for listing: by size, then extents axis by axis:
	 * 3 (3) < 3x5 (3.87) < 5x3 (3.87, first axis 5) < 5 (5) */
	struct kernel k3 = kernel_square(2, 3), k35 = parse_ok("3x5", 2), k53 = parse_ok("5x3", 2),
	              k5 = kernel_square(2, 5);
	assert_true(kernel_compare(&k3, &k35) < 0);
	assert_true(kernel_compare(&k35, &k53) < 0);
	assert_true(kernel_compare(&k53, &k5) < 0);
	assert_true(kernel_compare(&k5, &k3) > 0);
	assert_int_equal(kernel_compare(&k35, &k35), 0);
}

/* Every kernel a pin may name comes back from its token: squares of rank 1
 * to 3 at 1..63, and every AxB of rank 2 (the token is "A" when A = B),
 * and a sample of rank 3. */
static void test_kernel_round_trip(void **state)
{
	char buf[KERNEL_TOKEN_MAX], want[KERNEL_TOKEN_MAX];
	(void)state;
	for (int rank = 1; rank <= KERNEL_MAX_AXES; rank++)
		for (int k = 1; k <= KERNEL_MAX_EXTENT; k++) {
			struct kernel sq = kernel_square(rank, k), back;
			snprintf(want, sizeof want, "%d", k);
			assert_string_equal(token(&sq, buf), want);
			back = parse_ok(buf, rank);
			assert_true(kernel_equal(&back, &sq));
		}
	for (int a = 1; a <= KERNEL_MAX_EXTENT; a++)
		for (int b = 1; b <= KERNEL_MAX_EXTENT; b++) {
			struct kernel k = kernel_square(2, a), back;
			k.k[1] = b;
			if (a == b)
				snprintf(want, sizeof want, "%d", a);
			else
				snprintf(want, sizeof want, "%dx%d", a, b);
			assert_string_equal(token(&k, buf), want);
			back = parse_ok(buf, 2);
			assert_true(kernel_equal(&back, &k));
		}
	for (int a = 1; a <= KERNEL_MAX_EXTENT; a += 7)
		for (int b = 2; b <= KERNEL_MAX_EXTENT; b += 11)
			for (int c = 3; c <= KERNEL_MAX_EXTENT; c += 13) {
				struct kernel k = kernel_square(3, a), back;
				k.k[1] = b;
				k.k[2] = c;
				back = parse_ok(token(&k, buf), 3);
				assert_true(kernel_equal(&back, &k));
			}
}

/* Depthwise-separable tokens: "ds" and the extents, both ways; the same
 * size for I and A as the full kernel, listed after it. */
static void test_kernel_ds(void **state)
{
	char buf[KERNEL_TOKEN_MAX];
	struct kernel full = kernel_square(2, 5), ds = parse_ok("ds5", 2), axes;
	(void)state;
	assert_int_equal(ds.kind, KERNEL_DS);
	assert_int_equal(ds.k[0], 5);
	assert_int_equal(ds.k[1], 5);
	assert_false(kernel_equal(&ds, &full));
	assert_true(kernel_compare(&full, &ds) < 0);
	assert_true(kernel_size(&ds) == 5.0);
	assert_int_equal(kernel_taps(&ds), 25);
	assert_string_equal(token(&ds, buf), "ds5");
	axes = parse_ok("ds1x7", 2);
	assert_int_equal(axes.kind, KERNEL_DS);
	assert_int_equal(axes.k[0], 1);
	assert_int_equal(axes.k[1], 7);
	assert_string_equal(token(&axes, buf), "ds1x7");
	axes = parse_ok("ds3x5x7", 3);
	assert_string_equal(token(&axes, buf), "ds3x5x7");
	ds = parse_ok("ds9", 1);
	assert_string_equal(token(&ds, buf), "ds9");
	full = kernel_realised(ds, KERNEL_FULL);
	assert_string_equal(token(&full, buf), "9");
}

/* A loaded kernel may be as large as the format allows: three 10-digit
 * extents fit KERNEL_TOKEN_MAX; a short buffer is cut, never overrun. */
static void test_kernel_format_limits(void **state)
{
	char buf[KERNEL_TOKEN_MAX], small[4] = { 'z', 'z', 'z', 'z' };
	struct kernel k = kernel_square(3, INT32_MAX);
	(void)state;
	assert_string_equal(token(&k, buf), "2147483647");
	k.k[1] = INT32_MAX - 1;
	k.k[2] = INT32_MAX - 2;
	assert_string_equal(token(&k, buf), "2147483647x2147483646x2147483645");
	assert_true(strlen(buf) < KERNEL_TOKEN_MAX);
	k = kernel_square(2, 10);
	k.k[1] = 20;
	/* "10x20" into 4 bytes: "10x" */
	assert_string_equal(kernel_format(&k, small, sizeof small), "10x");
	small[0] = 'z';
	assert_ptr_equal(kernel_format(&k, small, 0), small);
	assert_int_equal(small[0], 'z');
}

/* Bad tokens: EINPUT, a one-line reason, line 0. */
static void test_kernel_parse_bad(void **state)
{
	static const struct {
		const char *text;
		int rank;
		const char *part;
	} bad[] = {
		{ "", 2, "is not a size from 1 to 63 or sizes per axis (AxB)" },
		{ "0", 2, "kernel '0' is not a size from 1 to 63" },
		{ "64", 2, "kernel '64' is not a size from 1 to 63" },
		{ "99999999999999999999", 2, "is not a size from 1 to 63" },
		{ "3x", 2, "kernel '3x' is not a size" },
		{ "x3", 2, "kernel 'x3' is not a size" },
		{ "3x0", 2, "kernel '3x0' is not a size" },
		{ "3x64", 2, "kernel '3x64' is not a size" },
		{ "3X5", 2, "kernel '3X5' is not a size" },
		{ " 3", 2, "kernel ' 3' is not a size" },
		{ "3 ", 2, "kernel '3 ' is not a size" },
		{ "+3", 2, "kernel '+3' is not a size" },
		{ "-3", 2, "kernel '-3' is not a size" },
		{ "3.0", 2, "kernel '3.0' is not a size" },
		{ "3x5x7", 2, "kernel '3x5x7' has 3 axes; the layer has 2" },
		{ "3x5x7x9", 2, "kernel '3x5x7x9' has 4 axes; the layer has 2" },
		{ "3x5", 3, "kernel '3x5' has 2 axes; the layer has 3" },
		{ "3x5", 1, "kernel '3x5' has 2 axes; the layer has 1" },
		{ "ds", 2, "kernel 'ds' is not a size" },
		{ "ds0", 2, "kernel 'ds0' is not a size" },
		{ "ds64", 2, "kernel 'ds64' is not a size" },
		{ "dsds3", 2, "kernel 'dsds3' is not a size" },
		{ "ds 3", 2, "kernel 'ds 3' is not a size" },
		{ "DS3", 2, "kernel 'DS3' is not a size" },
		{ "d3", 2, "kernel 'd3' is not a size" },
		{ "3ds", 2, "kernel '3ds' is not a size" },
		{ "ds3x5x7", 2, "kernel 'ds3x5x7' has 3 axes; the layer has 2" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct kernel k;
		struct diag dg = { 0 };
		dg.line = 99;
		if (kernel_parse(bad[i].text, bad[i].rank, &k, &dg) != BKSEF_EINPUT)
			fail_msg("'%s' (rank %d) was accepted", bad[i].text, bad[i].rank);
		if (strstr(dg.msg, bad[i].part) == NULL)
			fail_msg("message '%s' lacks '%s'", dg.msg, bad[i].part);
		assert_null(strchr(dg.msg, '\n'));
		assert_int_equal(dg.line, 0);
		/* no diagnostics asked for: still refused */
		assert_int_equal(kernel_parse(bad[i].text, bad[i].rank, &k, NULL), BKSEF_EINPUT);
	}
}

/* ---- requests: shared pins ---- */

/* tests/data/score-plan.csv layers (see test_plan.c). */
enum { L_CONV1 = 1, L_BN1 = 2, L_CONV2 = 3, L_TIGHT = 7 };

/* The size R pins layer I to, 0 when none. */
static int pin_k(const struct request *r, size_t i)
{
	const struct pin *pn = request_pin_of(r, i);
	return pn == NULL ? 0 : kernel_max_extent(&pn->k);
}

static void pin_text_ok(struct request *r, const struct net *net, const char *text)
{
	struct diag dg = { 0 };
	if (request_pin_text(r, net, text, &dg) != BKSEF_OK)
		fail_msg("pin %s: %s", text, dg.msg);
}

/* Carrying a request to another network (the explorer's o and r): the
 * parameters and the budget as they are, each pin by its layer's name (a
 * at index 1 lands at index 2), and what is left behind with why: conv1
 * has 3 groups in the new network, so it cannot be realised
 * depthwise-separable (ds5); conv2 is a maxpool there; conv3 is gone.  The measured table was the
 * old network's: dropped, and its cost model with it. */
static void test_request_carry(void **state)
{
	struct net *from = testlib_load_text("name,op,out,h,w,k,stride\n"
	                                     "input,input,3,29,31,,\n"
	                                     "a,conv,8,,,3,\n"
	                                     "conv1,conv,13,,,3,\n"
	                                     "conv2,conv,21,,,5,2\n"
	                                     "conv3,conv,21,,,3,\n"
	                                     "gap,gap,,,,,\n"
	                                     "fc,fc,10,,,,\n");
	struct net *to = testlib_load_text("name,op,out,h,w,k,stride,groups\n"
	                                   "input,input,3,29,31,,,\n"
	                                   "conv1,conv,12,,,3,,3\n"
	                                   "a,conv,8,,,3,,\n"
	                                   "conv2,maxpool,,,,3,2,\n"
	                                   "gap,gap,,,,,,\n"
	                                   "fc,fc,10,,,,,\n");
	struct latency_table measured = { 0 };
	struct request src, out;
	struct request_lost lost;
	struct diag dg = { 0 };
	(void)state;

	request_init(&src);
	src.params.lambda3 = 0.7;
	src.params.cost = COST_MEASURED;
	src.source.measured = &measured;
	assert_int_equal(
	    request_parse_budget("57.2%", BUDGET_MACS, BUDGET_SOLVER_LAMBDA, 0, &src.budget, &dg),
	    BKSEF_OK);
	pin_text_ok(&src, from, "a=5");
	pin_text_ok(&src, from, "conv1=ds5");
	pin_text_ok(&src, from, "conv2=7");
	pin_text_ok(&src, from, "conv3=5");
	assert_int_equal(request_carry(&src, from, to, &out, &lost, &dg), BKSEF_OK);
	assert_true(out.params.lambda3 == 0.7);
	assert_int_equal(out.params.cost, COST_MACS);
	assert_null(out.source.measured);
	assert_int_equal(lost.measured, 1);
	assert_int_equal(lost.cand_axes, 0);
	assert_int_equal(out.budget.resource, BUDGET_MACS);
	assert_int_equal(out.budget.solver, BUDGET_SOLVER_LAMBDA);
	assert_true(out.budget.text.is_percent && out.budget.text.percent == 57.2);
	assert_int_equal(request_n_pins(&out), 1);
	assert_int_equal(pin_k(&out, 2), 5); /* a, now layer 2 */
	assert_int_equal(lost.n_pins, 3);
	assert_string_equal(lost.pin[0].layer, "conv1");
	assert_int_equal(lost.pin[0].why, REQUEST_LOST_KERNEL);
	assert_int_equal(kernel_max_extent(&lost.pin[0].k), 5);
	assert_string_equal(lost.pin[1].layer, "conv2");
	assert_int_equal(lost.pin[1].why, REQUEST_LOST_NOT_CONV);
	assert_string_equal(lost.pin[2].layer, "conv3");
	assert_int_equal(lost.pin[2].why, REQUEST_LOST_NO_LAYER);
	/* the source keeps its pins */
	assert_int_equal(request_n_pins(&src), 4);
	request_lost_free(&lost);
	request_release(&out);

	/* to itself, everything carries */
	src.source.measured = NULL;
	assert_int_equal(request_carry(&src, from, from, &out, &lost, &dg), BKSEF_OK);
	assert_true(request_equal(&src, &out));
	assert_int_equal(lost.n_pins, 0);
	assert_int_equal(lost.measured, 0);
	request_lost_free(&lost);
	request_release(&out);
	request_release(&src);
	net_free(from);
	net_free(to);
}

/* A copy shares the pins (one set, two references); pinning, unpinning or
 * replacing a pin in the copy gives the copy a set of its own and leaves
 * the original's pins as they were; releasing the original leaves the
 * copy's.  The counts: A = {conv1 5, tight 9}. */
static void test_request_pins_shared(void **state)
{
	struct net *net = testlib_load_test_data("score-plan.csv");
	struct request a, b, c;
	struct diag dg = { 0 };
	const struct pin_set *set;
	(void)state;
	request_init(&a);
	request_init(&b);
	request_init(&c);
	pin_text_ok(&a, net, "conv1=5");
	pin_text_ok(&a, net, "tight=9");
	set = a.pins;
	assert_non_null(set);
	assert_int_equal(set->refs, 1);
	assert_int_equal(request_n_pins(&a), 2);

	/* a copy shares the set */
	request_copy(&b, &a);
	assert_ptr_equal(b.pins, set);
	assert_int_equal(set->refs, 2);
	assert_true(request_equal(&a, &b));

	/* pin a layer in the copy: the original is unchanged */
	pin_text_ok(&b, net, "conv2=7");
	assert_ptr_equal(a.pins, set);
	assert_true(b.pins != set);
	assert_int_equal(set->refs, 1);
	assert_int_equal(b.pins->refs, 1);
	assert_int_equal(request_n_pins(&a), 2);
	assert_int_equal(pin_k(&a, L_CONV1), 5);
	assert_int_equal(pin_k(&a, L_TIGHT), 9);
	assert_int_equal(pin_k(&a, L_CONV2), 0);
	assert_int_equal(request_n_pins(&b), 3);
	assert_int_equal(pin_k(&b, L_CONV2), 7);
	assert_false(request_equal(&a, &b));

	/* replace a pin in a copy */
	request_copy(&c, &a);
	assert_int_equal(set->refs, 2);
	pin_text_ok(&c, net, "conv1=3");
	assert_int_equal(set->refs, 1);
	assert_int_equal(pin_k(&a, L_CONV1), 5);
	assert_int_equal(pin_k(&c, L_CONV1), 3);

	/* copying over a request drops its own set; unpin in the copy */
	request_copy(&c, &a);
	assert_ptr_equal(c.pins, set);
	assert_int_equal(set->refs, 2);
	assert_int_equal(request_pin(&c, net, L_TIGHT, NULL, &dg), BKSEF_OK);
	assert_int_equal(set->refs, 1);
	assert_int_equal(request_n_pins(&c), 1);
	assert_int_equal(request_n_pins(&a), 2);
	assert_int_equal(pin_k(&a, L_TIGHT), 9);

	/* unpin all in a copy */
	request_copy(&c, &a);
	assert_int_equal(set->refs, 2);
	assert_int_equal(request_unpin_all(&c), 2);
	assert_null(c.pins);
	assert_int_equal(set->refs, 1);
	assert_int_equal(request_n_pins(&a), 2);

	/* a failed pin in a copy changes neither */
	request_copy(&c, &a);
	assert_int_equal(request_pin_text(&c, net, "bn1=3", &dg), BKSEF_EUSAGE);
	assert_int_equal(request_pin_text(&c, net, "conv1=4", &dg), BKSEF_EUSAGE);
	assert_ptr_equal(c.pins, set);
	assert_int_equal(set->refs, 2);

	/* a copy onto itself changes nothing */
	request_copy(&c, &c);
	assert_ptr_equal(c.pins, set);
	assert_int_equal(set->refs, 2);

	/* releasing the original leaves the copy's pins */
	request_release(&a);
	assert_null(a.pins);
	assert_int_equal(request_n_pins(&a), 0);
	assert_ptr_equal(c.pins, set);
	assert_int_equal(set->refs, 1);
	assert_int_equal(pin_k(&c, L_CONV1), 5);
	assert_int_equal(pin_k(&c, L_TIGHT), 9);
	/* a second release does nothing */
	request_release(&a);

	request_release(&b);
	request_release(&c);
	net_free(net);
}

/* A session keeps its own share of the request's pins: pinning the
 * caller's request afterwards changes neither the session's request nor
 * its plan.  Two-layer network, hand parameters of test_score.c, run set
 * {1,3,5,7}: k* = 7 (conv1), 5 (conv2); conv2 pinned to 3. */
static void test_session_shares_pins(void **state)
{
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct request req;
	struct session *s;
	const struct pin_set *set;
	(void)state;
	request_init(&req);
	req.params =
	    (struct score_params){ 0.37, 0.52, 0.29, 0.41, 0.83, SCORE_SCOPE_NETWORK, COST_MACS };
	req.candidates = testlib_set_of(1, 3, 5, 7, 0);
	pin_text_ok(&req, net, "conv2=3");
	set = req.pins;
	s = testlib_session_new(net, &req);
	assert_ptr_equal(session_request(s)->pins, set);
	assert_int_equal(set->refs, 2);
	assert_int_equal(testlib_plan_k(session_plan(s), 3), 3);

	pin_text_ok(&req, net, "conv1=1");
	assert_int_equal(set->refs, 1);
	assert_ptr_equal(session_request(s)->pins, set);
	assert_int_equal(request_n_pins(session_request(s)), 1);
	assert_int_equal(testlib_plan_k(session_plan(s), 1), 7);
	assert_int_equal(testlib_plan_k(session_plan(s), 3), 3);

	request_release(&req);
	/* the session's share outlives the caller's */
	assert_int_equal(set->refs, 1);
	assert_int_equal(kernel_max_extent(&request_pins(session_request(s))[0].k), 3);
	session_free(s);
	net_free(net);
}

/* ---- sessions ---- */

/*
 * tests/data/score-two-layer.csv with the hand parameters of test_score.c
 * (l1 0.37, l2 0.52, l3 0.29, gamma 0.41, beta 0.83, network scope, MACs
 * cost) over the run set {1,3,5,7}:
 *   k* = 7 (conv1), 5 (conv2): MACs 1717989 + 1638000 + 210 = 3356199,
 *   params 1924 + 26 + 6846 + 220 = 9016, rf 11 (test_export.c)
 *   loaded baseline: MACs 1953759, params 7456, rf 7
 *   the cheapest plan, 1x1 on both: MACs 35061 + 65520 + 210 = 100791
 *   with conv2 pinned to 7: 35061 + 49*65520 + 210 = 35061 + 3210480 + 210
 *     = 3245751
 *   the last breakpoint is conv1's 3 -> 1 (conv2's is at 3.0286...):
 *     (g(3) - g(1)) / (C~(3) - C~(1)) = 0.49993270470463080721 * 3175419 /
 *     (315549 - 35061) = 1587495.8092404740532 / 280488
 *     = 5.6597637304999645375
 *   so a budget of exactly 100791 is met first at lambda3 =
 *   5.6597637304999645375, with the plan 1x1 on both.
 */
static struct request hand_request(void)
{
	struct request r;
	request_init(&r);
	r.params =
	    (struct score_params){ 0.37, 0.52, 0.29, 0.41, 0.83, SCORE_SCOPE_NETWORK, COST_MACS };
	r.candidates = testlib_set_of(1, 3, 5, 7, 0);
	return r;
}

/* Everything a caller can see of a session, to compare before and after a
 * failed session_apply. */
struct seen {
	const struct cand_table *table;
	const struct score *score;
	const struct score_work *work;
	const struct plan *plan, *base;
	uint8_t choice[8];
	int64_t macs, params, rf, base_macs;
	struct score_params params_in_force;
	struct session_budget budget;
	struct request req; /* a copy: shares the pins */
	unsigned long change;
	char *csv; /* the plan CSV */
	size_t csv_len;
};

static void seen_take(struct seen *v, struct session *s)
{
	const struct plan *p = session_plan(s);
	FILE *fp;
	memset(v, 0, sizeof *v);
	v->table = session_table(s);
	v->score = session_score(s);
	v->work = session_work(s);
	v->plan = p;
	v->base = session_base(s);
	assert_true(session_net(s)->n_conv <= sizeof v->choice);
	memcpy(v->choice, p->choice, session_net(s)->n_conv);
	v->macs = p->macs;
	v->params = p->params;
	v->rf = p->rf;
	v->base_macs = v->base->macs;
	v->params_in_force = *session_params(s);
	v->budget = *session_budget(s);
	request_init(&v->req);
	request_copy(&v->req, session_request(s));
	v->change = session_change(s);
	fp = open_memstream(&v->csv, &v->csv_len);
	assert_non_null(fp);
	assert_int_equal(export_plan_csv(fp, s), BKSEF_OK);
	assert_int_equal(fclose(fp), 0);
}

static void seen_drop(struct seen *v)
{
	request_release(&v->req);
	free(v->csv);
	v->csv = NULL;
}

/* Fail unless S looks exactly as when V was taken. */
static void seen_check(struct seen *v, struct session *s)
{
	struct seen now;
	seen_take(&now, s);
	assert_ptr_equal(now.table, v->table);
	assert_ptr_equal(now.score, v->score);
	assert_ptr_equal(now.work, v->work);
	assert_ptr_equal(now.plan, v->plan);
	assert_ptr_equal(now.base, v->base);
	assert_memory_equal(now.choice, v->choice, sizeof v->choice);
	assert_int_equal(now.macs, v->macs);
	assert_int_equal(now.params, v->params);
	assert_int_equal(now.rf, v->rf);
	assert_int_equal(now.base_macs, v->base_macs);
	assert_true(now.params_in_force.lambda1 == v->params_in_force.lambda1);
	assert_true(now.params_in_force.lambda2 == v->params_in_force.lambda2);
	assert_true(now.params_in_force.lambda3 == v->params_in_force.lambda3);
	assert_true(now.params_in_force.gamma == v->params_in_force.gamma);
	assert_true(now.params_in_force.beta == v->params_in_force.beta);
	assert_int_equal(now.params_in_force.scope, v->params_in_force.scope);
	assert_int_equal(now.params_in_force.cost, v->params_in_force.cost);
	assert_int_equal(now.budget.active, v->budget.active);
	assert_int_equal(now.budget.value, v->budget.value);
	assert_true(now.budget.lambda3 == v->budget.lambda3);
	assert_true(request_equal(&now.req, &v->req));
	assert_ptr_equal(now.req.pins, v->req.pins);
	assert_int_equal(now.change, v->change);
	/* and what it writes, byte for byte */
	assert_int_equal(now.csv_len, v->csv_len);
	assert_memory_equal(now.csv, v->csv, v->csv_len);
	seen_drop(&now);
}

/* Apply REQ to S and expect status WANT with PART in the message. */
static void apply_fails(struct session *s, const struct request *req,
                        const struct session_progress *pr, int want, const char *part)
{
	struct diag dg = { 0 };
	int st = session_apply(s, req, pr, &dg);
	if (st != want)
		fail_msg("session_apply: status %d, want %d (%s)", st, want, dg.msg);
	if (strstr(dg.msg, part) == NULL)
		fail_msg("message '%s' lacks '%s'", dg.msg, part);
}

static void apply_ok(struct session *s, const struct request *req)
{
	struct diag dg = { 0 };
	int st = session_apply(s, req, NULL, &dg);
	if (st != BKSEF_OK)
		fail_msg("session_apply: %s (status %d)", dg.msg, st);
}

/* Bad parameters: usage errors, and the session is as it was. */
static void test_session_apply_bad_params(void **state)
{
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct request req = hand_request(), bad;
	struct session *s = testlib_session_new(net, &req);
	struct seen v;
	(void)state;
	assert_int_equal(session_plan(s)->macs, 3356199);
	assert_int_equal(session_plan(s)->params, 9016);
	assert_int_equal(session_plan(s)->rf, 11);
	assert_int_equal(session_base(s)->macs, 1953759);
	seen_take(&v, s);

	request_init(&bad);
	request_copy(&bad, &req);
	bad.params.lambda1 = -0.37;
	apply_fails(s, &bad, NULL, BKSEF_EUSAGE, "lambda1");
	seen_check(&v, s);
	bad.params.lambda1 = 0.37;
	bad.params.lambda3 = NAN;
	apply_fails(s, &bad, NULL, BKSEF_EUSAGE, "lambda3");
	seen_check(&v, s);
	bad.params.lambda3 = 0.29;
	bad.params.gamma = 0;
	apply_fails(s, &bad, NULL, BKSEF_EUSAGE, "gamma");
	seen_check(&v, s);
	bad.params.gamma = 0.41;
	bad.params.scope = 7;
	apply_fails(s, &bad, NULL, BKSEF_EUSAGE, "scope");
	seen_check(&v, s);
	/* with a change that would rebuild the table too */
	bad.params.scope = SCORE_SCOPE_NETWORK;
	bad.candidates = testlib_set_of(3, 5, 0);
	bad.params.beta = INFINITY;
	apply_fails(s, &bad, NULL, BKSEF_EUSAGE, "beta");
	seen_check(&v, s);

	/* a good request still applies afterwards, once */
	bad.params.beta = 0.83;
	apply_ok(s, &bad);
	assert_int_equal(session_change(s), v.change + 1);
	request_release(&bad);
	request_release(&req);
	seen_drop(&v);
	session_free(s);
	net_free(net);
}

/* A budget no plan meets: BKSEF_EINPUT naming the least reachable MACs,
 * and the session as it was -- whether it had no budget, a budget in
 * force, or the new request also needed a new table. */
static void test_session_apply_unreachable_budget(void **state)
{
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct request req = hand_request(), bad;
	struct session *s = testlib_session_new(net, &req);
	struct diag dg = { 0 };
	struct seen v;
	(void)state;
	request_init(&bad);

	/* no budget in force */
	seen_take(&v, s);
	request_copy(&bad, &req);
	assert_int_equal(
	    request_parse_budget("100790", BUDGET_MACS, BUDGET_SOLVER_LAMBDA, 0, &bad.budget, &dg),
	    BKSEF_OK);
	apply_fails(s, &bad, NULL, BKSEF_EINPUT, "needs 100791 MACs");
	seen_check(&v, s);
	/* ... nor with a new candidate table (baseline all 3x3) */
	bad.baseline_k = 3;
	apply_fails(s, &bad, NULL, BKSEF_EINPUT, "needs 100791 MACs");
	seen_check(&v, s);
	seen_drop(&v);

	/* a budget of exactly the cheapest plan is met, at conv1's last
	 * breakpoint */
	assert_int_equal(
	    request_parse_budget("100791", BUDGET_MACS, BUDGET_SOLVER_LAMBDA, 0, &req.budget, &dg),
	    BKSEF_OK);
	apply_ok(s, &req);
	assert_int_equal(session_plan(s)->macs, 100791);
	assert_int_equal(session_budget(s)->active, 1);
	assert_int_equal(session_budget(s)->value, 100791);
	testlib_assert_close(session_params(s)->lambda3, 5.6597637304999645375);
	assert_true(session_budget(s)->lambda3 == session_params(s)->lambda3);
	/* the request's own lambda3 is kept */
	assert_true(session_request(s)->params.lambda3 == 0.29);

	/* one MAC less, with that budget in force */
	seen_take(&v, s);
	request_copy(&bad, &req);
	assert_int_equal(
	    request_parse_budget("100790", BUDGET_MACS, BUDGET_SOLVER_LAMBDA, 0, &bad.budget, &dg),
	    BKSEF_OK);
	apply_fails(s, &bad, NULL, BKSEF_EINPUT, "needs 100791 MACs");
	seen_check(&v, s);
	/* pins count: conv2 held at 7, the cheapest plan needs 3245751 */
	request_copy(&bad, &req);
	pin_text_ok(&bad, net, "conv2=7");
	assert_int_equal(
	    request_parse_budget("3245750", BUDGET_MACS, BUDGET_SOLVER_LAMBDA, 0, &bad.budget, &dg),
	    BKSEF_OK);
	apply_fails(s, &bad, NULL, BKSEF_EINPUT, "needs 3245751 MACs");
	seen_check(&v, s);
	seen_drop(&v);

	/* and a failed session_new frees what it built */
	struct session *none = s;
	dg.msg[0] = '\0';
	assert_int_equal(session_new(net, &bad, &none, &dg), BKSEF_EINPUT);
	assert_null(none);
	assert_non_null(strstr(dg.msg, "needs 3245751 MACs"));

	request_release(&bad);
	request_release(&req);
	session_free(s);
	net_free(net);
}

/* Progress that cancels at its CANCEL_AT-th report (1 = the first). */
struct cancel {
	int calls, cancel_at;
	char what[8][64];
};

static int cancel_report(void *ctx, const char *what, double done)
{
	struct cancel *c = ctx;
	(void)done;
	if (c->calls < 8)
		snprintf(c->what[c->calls], sizeof c->what[0], "%s", what);
	return ++c->calls == c->cancel_at;
}

/* Cancelling: BKSEF_ECANCELED and the session as it was, at either step. */
static void test_session_apply_cancel(void **state)
{
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct request req = hand_request(), next;
	struct session *s = testlib_session_new(net, &req);
	struct diag dg = { 0 };
	struct seen v;
	(void)state;
	seen_take(&v, s);
	request_init(&next);
	request_copy(&next, &req);
	next.candidates = testlib_set_of(3, 5, 0);
	assert_int_equal(
	    request_parse_budget("2M", BUDGET_MACS, BUDGET_SOLVER_LAMBDA, 0, &next.budget, &dg),
	    BKSEF_OK);

	/* the table (first report) */
	struct cancel c1 = { 0, 1, { { 0 } } };
	struct session_progress p1 = { cancel_report, &c1 };
	apply_fails(s, &next, &p1, BKSEF_ECANCELED, "cancel");
	assert_int_equal(c1.calls, 1);
	assert_string_equal(c1.what[0], "building the candidate table");
	seen_check(&v, s);

	/* the budget, after a new table was built (second report) */
	struct cancel c2 = { 0, 2, { { 0 } } };
	struct session_progress p2 = { cancel_report, &c2 };
	apply_fails(s, &next, &p2, BKSEF_ECANCELED, "cancel");
	assert_int_equal(c2.calls, 2);
	assert_string_equal(c2.what[1], "solving the budget");
	seen_check(&v, s);

	/* not cancelled: applies */
	struct cancel c3 = { 0, 0, { { 0 } } };
	struct session_progress p3 = { cancel_report, &c3 };
	assert_int_equal(session_apply(s, &next, &p3, &dg), BKSEF_OK);
	assert_int_equal(c3.calls, 2);
	assert_int_equal(session_change(s), v.change + 1);
	assert_true(session_plan(s)->macs <= 2000000);
	request_release(&next);
	request_release(&req);
	seen_drop(&v);
	session_free(s);
	net_free(net);
}

/* What session_apply rebuilds (session.h): the candidate table only for new
 * candidates, cost model, baseline, or a pin whose kernel the table lacks;
 * a lambda3 change or a pin the table covers keeps it.  Each step's plan
 * by hand (two-layer network, hand parameters, run {1,3,5,7}):
 *   lambda3 0: k* 7, 7 (S = the gains): 1717989 + 3210480 + 210 = 4928679
 *   pin conv2=3 (a candidate): 7, 3: 1717989 + 589680 + 210 = 2307879
 *   pin conv1=9 (not in the table): 9, 3: 81*35061 + 589680 + 210 =
 *     2839941 + 589680 + 210 = 3429831
 *   baseline 3: base 315549 + 589680 + 210 = 905439 */
static void test_session_apply_rebuilds(void **state)
{
	struct net *net = testlib_load_test_data("score-two-layer.csv");
	struct request req = hand_request();
	struct session *s = testlib_session_new(net, &req);
	const struct cand_table *t = session_table(s);
	int stale = 0;
	(void)state;
	assert_non_null(session_sweep(s, NULL));
	assert_non_null(session_sweep_cached(s, &stale));
	assert_int_equal(stale, 0);

	req.params.lambda3 = 0;
	apply_ok(s, &req);
	assert_ptr_equal(session_table(s), t);
	assert_int_equal(session_plan(s)->macs, 4928679);
	/* the sweep does not depend on lambda3 */
	(void)session_sweep_cached(s, &stale);
	assert_int_equal(stale, 0);

	pin_text_ok(&req, net, "conv2=3");
	apply_ok(s, &req);
	assert_ptr_equal(session_table(s), t);
	assert_int_equal(session_plan(s)->macs, 2307879);
	(void)session_sweep_cached(s, &stale);
	assert_int_equal(stale, 1);

	pin_text_ok(&req, net, "conv1=9");
	apply_ok(s, &req);
	assert_true(session_table(s) != t);
	t = session_table(s);
	assert_int_equal(session_plan(s)->macs, 3429831);
	assert_int_equal(testlib_plan_k(session_plan(s), 1), 9);

	req.baseline_k = 3;
	apply_ok(s, &req);
	assert_true(session_table(s) != t);
	assert_int_equal(session_base(s)->macs, 905439);
	assert_int_equal(session_plan(s)->macs, 3429831);
	request_release(&req);
	session_free(s);
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_tokens),
		cmocka_unit_test(test_kernel_round_trip),
		cmocka_unit_test(test_kernel_format_limits),
		cmocka_unit_test(test_kernel_ds),
		cmocka_unit_test(test_kernel_parse_bad),
		cmocka_unit_test(test_request_pins_shared),
		cmocka_unit_test(test_request_carry),
		cmocka_unit_test(test_session_shares_pins),
		cmocka_unit_test(test_session_apply_bad_params),
		cmocka_unit_test(test_session_apply_unreachable_budget),
		cmocka_unit_test(test_session_apply_cancel),
		cmocka_unit_test(test_session_apply_rebuilds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
