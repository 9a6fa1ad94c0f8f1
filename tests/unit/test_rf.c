/* test_rf.c -- unit tests of rf.h: receptive field size r, jump j and
 * effective padding p (Araujo et al., Distill 2019), at the loaded kernels
 * and at changed ones, computed by hand in the comments. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net.h"
#include "rf.h"
#include "testlib.h"

/* tests/data/tiny.csv (its shapes by hand in test_net.c), by layer index.
 * r = r_in + (k-1)*d*j_in, j = j_in*s, p = p_in + pad*j_in; add/concat take
 * the largest of their inputs; bn, gap, fc change nothing.
 *   in   r 1   j 1  p 0
 *   c1   k3 s2 pad 1:      r 1 + 2*1*1 = 3,    j 2, p 0 + 1*1 = 1
 *   c2   k3 d2 pad 2:      r 3 + 2*2*2 = 11,   j 2, p 1 + 2*2 = 5
 *   bn1  11 2 5
 *   sum  max(c1, bn1):     r 11, j 2, p 5
 *   p1   k3 s2 pad 0:      r 11 + 2*1*2 = 15,  j 4, p 5
 *   c3   k1:               r 15, j 4, p 5
 *   c4   k5 pad 2:         r 15 + 4*1*4 = 31,  j 4, p 5 + 2*4 = 13
 *   cat  max(c3, c4):      r 31, j 4, p 13
 *   g, fc                  31 4 13 */
static const int64_t tiny_r[] = { 1, 3, 11, 11, 11, 15, 15, 31, 31, 31, 31 };
static const int64_t tiny_j[] = { 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4 };
static const int64_t tiny_p[] = { 0, 1, 5, 5, 5, 5, 5, 13, 13, 13, 13 };

static void test_loaded_kernels(void **state)
{
	(void)state;
	struct net *net = testlib_load_test_data("tiny.csv");
	int64_t r[11], j[11], p[11], max = -1;
	struct diag dg = { 0 };
	assert_int_equal(net->n_layers, 11);
	assert_int_equal(rf_compute(net, NULL, r, j, p, &max, &dg), BKSEF_OK);
	for (size_t i = 0; i < 11; i++) {
		if (r[i] != tiny_r[i] || j[i] != tiny_j[i] || p[i] != tiny_p[i])
			fail_msg("%s: r %lld j %lld p %lld, expected %lld %lld %lld",
			         net->layers[i].name, (long long)r[i], (long long)j[i],
			         (long long)p[i], (long long)tiny_r[i], (long long)tiny_j[i],
			         (long long)tiny_p[i]);
		/* the loader stored the same */
		assert_int_equal(net->layers[i].rf, tiny_r[i]);
		assert_int_equal(net->layers[i].jump, tiny_j[i]);
		assert_int_equal(net->layers[i].rf_pad, tiny_p[i]);
	}
	assert_int_equal(max, 31);
	assert_int_equal(net->max_rf, 31);
	/* P may be NULL */
	max = 0;
	memset(r, 0, sizeof r);
	assert_int_equal(rf_compute(net, NULL, r, j, NULL, &max, &dg), BKSEF_OK);
	assert_int_equal(r[7], 31);
	assert_int_equal(max, 31);
	net_free(net);
}

/* A plan's kernels: c1 -> 5, c2 -> 7, p1 stays 3, c3 -> 3, c4 -> 1.
 *   c1   k5 same (pad 2):  r 1 + 4 = 5,          j 2, p 0 + 2 = 2
 *   c2   k7 d2 same (6):   r 5 + 6*2*2 = 29,     j 2, p 2 + 6*2 = 14
 *   sum                    r 29, j 2, p 14
 *   p1   k3 s2:            r 29 + 2*2 = 33,      j 4, p 14
 *   c3   k3 same (1):      r 33 + 2*4 = 41,      j 4, p 14 + 1*4 = 18
 *   c4   k1, pad 2 + (1-5)/2 = 0: r 33, j 4, p 14
 *   cat  max:              r 41, j 4, p 18 */
static void test_changed_kernels(void **state)
{
	(void)state;
	struct net *net = testlib_load_test_data("tiny.csv");
	int32_t kernel[11] = { 0, 5, 7, 0, 0, 3, 3, 1, 0, 0, 0 };
	int64_t r[11], j[11], p[11], max = -1;
	static const int64_t want_r[] = { 1, 5, 29, 29, 29, 33, 41, 33, 41, 41, 41 };
	static const int64_t want_p[] = { 0, 2, 14, 14, 14, 14, 18, 14, 18, 18, 18 };
	struct diag dg = { 0 };
	assert_int_equal(rf_compute(net, kernel, r, j, p, &max, &dg), BKSEF_OK);
	for (size_t i = 0; i < 11; i++) {
		if (r[i] != want_r[i] || j[i] != tiny_j[i] || p[i] != want_p[i])
			fail_msg("%s: r %lld j %lld p %lld, expected %lld %lld %lld",
			         net->layers[i].name, (long long)r[i], (long long)j[i],
			         (long long)p[i], (long long)want_r[i], (long long)tiny_j[i],
			         (long long)want_p[i]);
	}
	assert_int_equal(max, 41);
	/* the loaded values in the net are not changed by a plan */
	assert_int_equal(net->layers[7].rf, 31);
	assert_int_equal(net->max_rf, 31);
	net_free(net);
}

/* Dilation multiplies the growth: k3 d5 adds 2*5*j; with stride 3 first,
 * j 3: r = 1 + 2*1*1 (k3 s3) = 3, then 3 + 2*5*3 = 33; a k4 d3 maxpool adds
 * 3*3*3 = 27: 60.  Padding: same for k3 d5 is 5, p = 1 + 5*3 = 16; the
 * maxpool's same pad floor(3*3/2) = 4 adds 4*3: 28. */
static void test_dilation(void **state)
{
	(void)state;
	struct net *net = testlib_load_text("name,op,out,h,w,k,stride,dilation\n"
	                                    "in,input,2,61,67,,,\n"
	                                    "a,conv,4,,,3,3,\n"
	                                    "b,conv,4,,,3,,5\n"
	                                    "m,maxpool,,,,4,,3\n");
	assert_int_equal(net->layers[1].rf, 3);
	assert_int_equal(net->layers[1].jump, 3);
	assert_int_equal(net->layers[1].rf_pad, 1);
	assert_int_equal(net->layers[2].rf, 33);
	assert_int_equal(net->layers[2].jump, 3);
	assert_int_equal(net->layers[2].rf_pad, 16);
	assert_int_equal(net->layers[3].rf, 60);
	assert_int_equal(net->layers[3].jump, 3);
	assert_int_equal(net->layers[3].rf_pad, 28);
	assert_int_equal(net->max_rf, 60);
	net_free(net);
}

/* add and concat take the largest r, j and p of their inputs, whichever
 * input each comes from.  On 1x7x7, three branches all give 4x4:
 *   a  k1 s2 pad 0: (7-1)/2+1 = 4;      r 1, j 2, p 0
 *   b  k4 pad 0:    (7-3-1)+1 = 4;      r 1+3 = 4, j 1, p 0
 *   c  k3 s2 pad 1: (7+2-2-1)/2+1 = 4;  r 3, j 2, p 1
 * concat of a b c: r 4 (from b), j 2 (a, c), p 1 (c), 2+3+2 = 7 channels;
 * the order of inputs does not matter; add of a and c: r 3, j 2, p 1. */
static void test_add_concat_max(void **state)
{
	(void)state;
	struct net *net = testlib_load_text("name,op,from,out,h,w,k,stride,pad\n"
	                                    "in,input,,1,7,7,,,\n"
	                                    "a,conv,in,2,,,1,2,0\n"
	                                    "b,conv,in,3,,,4,,0\n"
	                                    "c,conv,in,2,,,3,2,1\n"
	                                    "cat,concat,a b c,,,,,,\n"
	                                    "cat2,concat,c b a,,,,,,\n"
	                                    "s,add,a c,,,,,,\n");
	const struct net_layer *cat = &net->layers[4], *cat2 = &net->layers[5];
	const struct net_layer *s = &net->layers[6];
	assert_int_equal(cat->h, 4);
	assert_int_equal(cat->c, 7);
	assert_int_equal(cat->rf, 4);
	assert_int_equal(cat->jump, 2);
	assert_int_equal(cat->rf_pad, 1);
	assert_int_equal(cat2->rf, 4);
	assert_int_equal(cat2->jump, 2);
	assert_int_equal(cat2->rf_pad, 1);
	/* add of a (r 1) and c (r 3) */
	assert_int_equal(s->rf, 3);
	assert_int_equal(s->jump, 2);
	assert_int_equal(s->rf_pad, 1);
	assert_int_equal(net->max_rf, 4);
	net_free(net);
}

/* gap, fc, bn and act keep r and j: a later conv grows from them. */
static void test_passthrough(void **state)
{
	(void)state;
	/* in 8x8; c k5 s2 same(2): r 5, j 2, p 2 -> 4x4; bn, act: same;
	 * d k3 same(1) after them: r 5 + 2*2 = 9, j 2, p 2 + 2 = 4;
	 * gap, fc: 9 2 4 */
	struct net *net = testlib_load_text("name,op,out,h,w,k,stride\n"
	                                    "in,input,1,8,8,,\n"
	                                    "c,conv,2,,,5,2\n"
	                                    "b,bn,,,,,\n"
	                                    "r,act,,,,,\n"
	                                    "d,conv,2,,,3,\n"
	                                    "g,gap,,,,,\n"
	                                    "f,fc,3,,,,\n");
	static const int64_t want[][3] = { { 1, 1, 0 }, { 5, 2, 2 }, { 5, 2, 2 }, { 5, 2, 2 },
		                           { 9, 2, 4 }, { 9, 2, 4 }, { 9, 2, 4 } };
	for (size_t i = 0; i < 7; i++) {
		assert_int_equal(net->layers[i].rf, want[i][0]);
		assert_int_equal(net->layers[i].jump, want[i][1]);
		assert_int_equal(net->layers[i].rf_pad, want[i][2]);
	}
	net_free(net);
}

/* A changed kernel on a layer with integer padding that would go below 0
 * counts as padding 0 (rf.h: clamped). c k5 pad 1 on 9x9 -> 7x7; at k1 the
 * rule gives 1 + (1-5)/2 = -1: p stays 0, r 1. */
static void test_pad_clamped(void **state)
{
	(void)state;
	struct net *net =
	    testlib_load_text("name,op,out,h,w,k,pad\nin,input,1,9,9,,\nc,conv,1,,,5,1\n");
	int32_t kernel[2] = { 0, 1 };
	int64_t r[2], j[2], p[2], max;
	struct diag dg = { 0 };
	assert_int_equal(net->layers[1].rf_pad, 1);
	assert_int_equal(rf_compute(net, kernel, r, j, p, &max, &dg), BKSEF_OK);
	assert_int_equal(r[1], 1);
	assert_int_equal(p[1], 0);
	assert_int_equal(max, 1);
	net_free(net);
}

/* No value may wrap: a plan kernel of 2^31-1 after two pools of stride
 * 2^20 (j = 2^40) would grow r by about 2^71. */
static void test_overflow(void **state)
{
	(void)state;
	struct net *net = testlib_load_text("name,op,out,h,w,k,stride\n"
	                                    "in,input,1,5,5,,\n"
	                                    "p1,maxpool,,,,1,1048576\n"
	                                    "p2,maxpool,,,,1,1048576\n"
	                                    "c,conv,1,,,3,\n");
	int32_t kernel[4] = { 0, 1, 1, INT32_MAX };
	int64_t r[4], j[4], p[4], max;
	struct diag dg = { 0 };
	/* at k3: r 1 + 2 * 2^40 */
	assert_int_equal(net->layers[3].rf, INT64_C(1) + 2 * (INT64_C(1) << 40));
	assert_int_equal(rf_compute(net, kernel, r, j, p, &max, &dg), BKSEF_EINPUT);
	assert_int_equal(dg.line, 5);
	assert_non_null(strstr(dg.msg, "receptive field of layer 'c' is too large"));
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loaded_kernels), cmocka_unit_test(test_changed_kernels),
		cmocka_unit_test(test_dilation),       cmocka_unit_test(test_add_concat_max),
		cmocka_unit_test(test_passthrough),    cmocka_unit_test(test_pad_clamped),
		cmocka_unit_test(test_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
