/* test_net.c -- unit tests of the network loader (format v1: columns,
 * defaults, quoting, comments, line numbers, limits) and of the shapes and
 * costs it infers, against values computed by hand in the comments. */
#include <config.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flood.h"
#include "net.h"
#include "testlib.h"

#ifndef TEST_DATA_DIR
#error "TEST_DATA_DIR must name tests/data"
#endif

/* Load LEN bytes at TEXT, expecting BKSEF_EINPUT at LINE with PART in the
 * message; returns 0 when all holds, else prints why and returns -1. */
static int load_bad(const char *text, size_t len, unsigned long line, const char *part)
{
	struct net *net = (struct net *)&net; /* must be reset to NULL */
	struct diag dg = { 0 };
	int st = net_load_buffer(text, len, "bad.csv", &net, &dg);
	if (st != BKSEF_EINPUT || net != NULL || dg.line != line || strstr(dg.msg, part) == NULL ||
	    dg.file == NULL || strcmp(dg.file, "bad.csv") != 0) {
		print_error("status %d, line %lu, message '%s'\n  expected status %d, line %lu, "
		            "message containing '%s'\n",
		            st, dg.line, dg.msg, BKSEF_EINPUT, line, part);
		net_free(net == (struct net *)&net ? NULL : net);
		return -1;
	}
	return 0;
}

static const struct net_layer *layer(const struct net *net, const char *name)
{
	long i = net_find_layer(net, name);
	if (i < 0)
		fail_msg("no layer '%s'", name);
	return &net->layers[i];
}

/* CxHxW of layer NAME's output. */
static void assert_shape(const struct net *net, const char *name, int64_t c, int64_t h, int64_t w)
{
	const struct net_layer *l = layer(net, name);
	if (l->c != c || l->h != h || l->w != w)
		fail_msg("%s: %lldx%lldx%lld, expected %lldx%lldx%lld", name, (long long)l->c,
		         (long long)l->h, (long long)l->w, (long long)c, (long long)h,
		         (long long)w);
}

/* tests/data/tiny.csv, kept here too so the test reads in one place. */
static const char tiny[] =
    "# tiny: 3x37x53 input, 17 channels, stride 2, dilation 2, groups\n"
    "name,op,from,out,h,w,k,stride,pad,dilation,groups,bias,tune,candidates\n"
    "in,input,,3,37,53,,,,,,,,\n"
    "c1,conv,,17,,,3,2,same,,,,,\n"
    "c2,conv,,17,,,3,,,2,17,0,0,\n"
    "bn1,bn,c2,,,,,,,,,,,\n"
    "sum,add,c1 bn1,,,,,,,,,,,\n"
    "p1,maxpool,,,,,3,2,0,,,,,\n"
    "c3,conv,p1,6,,,1,,,,,,1,\n"
    "c4,conv,p1,5,,,5,,2,,,,,3 5 7\n"
    "cat,concat,c3 c4,,,,,,,,,,,\n"
    "g,gap,,,,,,,,,,,,\n"
    "fc,fc,,7,,,,,,,,,,\n";

/* Every layer of tiny, by hand.  Output size: floor((h + 2p - d(k-1) - 1)/s) + 1.
 *   in   3x37x53
 *   c1   k3 s2 same (p = floor(1*2/2) = 1): h (37+2-2-1)/2+1 = 19,
 *        w (53+2-2-1)/2+1 = 27 -> 17x19x27; params 3*3*3*17 + 17 = 476;
 *        MACs 459 * 19*27 = 459 * 513 = 235,467
 *   c2   k3 d2 same (p = floor(2*2/2) = 2), groups 17, no bias:
 *        h 19+4-4-1+1 = 19, w 27 -> 17x19x27; params 9*(17/17)*17 = 153;
 *        MACs 153 * 513 = 78,489
 *   bn1  17x19x27, params 2*17 = 34
 *   sum  add of c1 and bn1, both 17x19x27
 *   p1   maxpool k3 s2 pad 0: h (19-2-1)/2+1 = 9, w (27-3)/2+1 = 13 -> 17x9x13
 *   c3   k1 -> 6x9x13; params 17*6 + 6 = 108; MACs 102 * 117 = 11,934
 *   c4   k5 pad 2 -> h 9+4-4-1+1 = 9 -> 5x9x13; params 25*17*5 + 5 = 2,130;
 *        MACs 2,125 * 117 = 248,625
 *   cat  6 + 5 = 11 channels -> 11x9x13
 *   g    11x1x1
 *   fc   11 features -> 7: MACs 77, params 77 + 7 = 84
 * Totals: params 476+153+34+108+2130+84 = 2,985;
 *         MACs 235,467+78,489+11,934+248,625+77 = 574,592. */
static void check_tiny(const struct net *net)
{
	assert_int_equal(net->n_layers, 11);
	assert_int_equal(net->n_conv, 4);
	/* tunable: c1 (k3 default), c3 (tune=1 given), c4 (k5); not c2 (tune=0) */
	assert_int_equal(net->n_tunable, 3);
	assert_shape(net, "in", 3, 37, 53);
	assert_shape(net, "c1", 17, 19, 27);
	assert_shape(net, "c2", 17, 19, 27);
	assert_shape(net, "bn1", 17, 19, 27);
	assert_shape(net, "sum", 17, 19, 27);
	assert_shape(net, "p1", 17, 9, 13);
	assert_shape(net, "c3", 6, 9, 13);
	assert_shape(net, "c4", 5, 9, 13);
	assert_shape(net, "cat", 11, 9, 13);
	assert_shape(net, "g", 11, 1, 1);
	assert_shape(net, "fc", 7, 1, 1);

	const struct net_layer *c1 = layer(net, "c1"), *c2 = layer(net, "c2");
	const struct net_layer *c3 = layer(net, "c3"), *c4 = layer(net, "c4");
	assert_int_equal(c1->pad, 1);
	assert_int_equal(c1->macs, 235467);
	assert_int_equal(c1->params, 476);
	assert_int_equal(c2->pad, 2);
	assert_int_equal(c2->macs, 78489);
	assert_int_equal(c2->params, 153);
	assert_int_equal(c3->pad, 0);
	assert_int_equal(c3->macs, 11934);
	assert_int_equal(c3->params, 108);
	assert_int_equal(c4->pad, 2);
	assert_int_equal(c4->pad_same, 0);
	assert_int_equal(c4->macs, 248625);
	assert_int_equal(c4->params, 2130);
	assert_int_equal(layer(net, "bn1")->params, 34);
	assert_int_equal(layer(net, "bn1")->macs, 0);
	assert_int_equal(layer(net, "fc")->macs, 77);
	assert_int_equal(layer(net, "fc")->params, 84);
	assert_int_equal(layer(net, "p1")->params + layer(net, "p1")->macs, 0);
	assert_int_equal(net->total_params, 2985);
	assert_int_equal(net->total_macs, 574592);
	assert_int_equal(net->max_rf, 31); /* see test_rf.c */

	/* the input shape each layer sees; concat's is the summed channels */
	assert_int_equal(c2->in_c, 17);
	assert_int_equal(c4->in_h, 9);
	assert_int_equal(c4->in_w, 13);
	assert_int_equal(layer(net, "cat")->in_c, 11);
	assert_int_equal(layer(net, "fc")->in_c, 11);

	/* the per-k^2 factors the scoring engine uses: c4 at k = 3 would cost
	 * 9 * 17*5*117 = 89,505 MACs and 9*85 + 5 = 770 parameters */
	assert_int_equal(c4->mac_per_k2, 9945);
	assert_int_equal(c4->param_per_k2, 85);
	assert_int_equal(net_layer_macs_at(c4, 3), 89505);
	assert_int_equal(net_layer_params_at(c4, 3), 770);
	/* c2 has no bias: params at k = 7 are 49 * 17 = 833 */
	assert_int_equal(net_layer_params_at(c2, 7), 833);

	/* candidates: only c4 names its own */
	assert_int_equal(c4->candidates,
	                 ((cand_set)1 << 3) | ((cand_set)1 << 5) | ((cand_set)1 << 7));
	assert_int_equal(c1->candidates, 0);

	/* inputs: `from` names, else the row above */
	const struct net_layer *sum = layer(net, "sum");
	assert_int_equal(sum->from_count, 2);
	assert_int_equal(net->from[sum->from_first], net_find_layer(net, "c1"));
	assert_int_equal(net->from[sum->from_first + 1], net_find_layer(net, "bn1"));
	assert_int_equal(c3->from_count, 1);
	assert_int_equal(net->from[c3->from_first], net_find_layer(net, "p1"));
	assert_int_equal(layer(net, "p1")->from_count, 1);
	assert_int_equal(net->from[layer(net, "p1")->from_first], net_find_layer(net, "sum"));
	assert_int_equal(layer(net, "in")->from_count, 0);
}

static void test_tiny_buffer(void **state)
{
	(void)state;
	struct net *net = testlib_load_text(tiny);
	check_tiny(net);
	/* the row's line: 2 comment/header lines above "in" */
	assert_int_equal(layer(net, "in")->line, 3);
	assert_int_equal(layer(net, "fc")->line, 13);
	/* name: the display name (testlib_load_text gives "mem.csv") without
	 * folder and ".csv" */
	assert_string_equal(net->name, "mem");
	net_free(net);
}

/* net_layer_inputs: the names of a layer's inputs as the loader resolved
 * them (an empty `from` is the row above), one space between.  In tiny: in
 * has none; c1 reads the row above, in; sum reads "c1 bn1"; p1 the row
 * above, sum; cat "c3 c4".  In quoted-names.csv the add s,um reads layers 1
 * and 2, whose names hold a quote and line breaks. */
static void test_layer_inputs(void **state)
{
	struct net *net = testlib_load_text(tiny);
	char *buf = NULL;
	size_t cap = 0;
	(void)state;
	assert_int_equal(net_layer_inputs(net, 0, &buf, &cap), BKSEF_OK);
	assert_string_equal(buf, "");
	assert_int_equal(net_layer_inputs(net, net_find_layer(net, "c1"), &buf, &cap), BKSEF_OK);
	assert_string_equal(buf, "in");
	assert_int_equal(net_layer_inputs(net, net_find_layer(net, "sum"), &buf, &cap), BKSEF_OK);
	assert_string_equal(buf, "c1 bn1");
	/* "c1 bn1" and its NUL: 7 bytes at least */
	assert_true(cap >= 7);
	assert_int_equal(net_layer_inputs(net, net_find_layer(net, "p1"), &buf, &cap), BKSEF_OK);
	assert_string_equal(buf, "sum");
	assert_int_equal(net_layer_inputs(net, net_find_layer(net, "cat"), &buf, &cap), BKSEF_OK);
	assert_string_equal(buf, "c3 c4");
	net_free(net);

	net = testlib_load_test_data("quoted-names.csv");
	assert_int_equal(net_layer_inputs(net, 3, &buf, &cap), BKSEF_OK);
	assert_string_equal(buf, "a\"quoted\"name multi\nline\n#not-a-comment");
	net_free(net);
	free(buf);
}

/* The same network from tests/data, as LF, CRLF and after a BOM, through
 * the file and the stream entry points. */
static void test_tiny_files(void **state)
{
	static const char *const files[] = { "tiny.csv", "tiny-crlf.csv", "tiny-bom.csv" };
	(void)state;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[4096];
		struct net *net;
		struct diag dg = { 0 };
		snprintf(path, sizeof path, "%s/%s", TEST_DATA_DIR, files[i]);
		net = testlib_load_path(path);
		check_tiny(net);
		/* four comment lines and the header come first */
		assert_int_equal(layer(net, "in")->line, 6);
		assert_int_equal(layer(net, "fc")->line, 16);
		assert_string_equal(net->name, i == 0 ? "tiny" : i == 1 ? "tiny-crlf" : "tiny-bom");
		/* the BOM is not part of the first name or column */
		assert_string_equal(net->layers[0].name, "in");
		net_free(net);

		FILE *fp = fopen(path, "rb");
		assert_non_null(fp);
		assert_int_equal(net_load_stream(fp, "stream", &net, &dg), BKSEF_OK);
		fclose(fp);
		check_tiny(net);
		net_free(net);
	}
}

/* Only name and op are required; every other column has a default. */
static void test_defaults(void **state)
{
	(void)state;
	/* no optional columns at all, then the same columns present but empty */
	static const char *const texts[] = {
		"name,op,out,h,w,k\n"
		"in,input,5,23,19,\n"
		"a,conv,7,,,3\n"
		"b,conv,7,,,1\n"
		"m,avgpool,,,,2\n"
		"f,fc,4,,,\n",
		"candidates,tune,bias,groups,dilation,pad,stride,k,w,h,out,from,op,name\n"
		",,,,,,,,19,23,5,,input,in\n"
		",,,,,,,3,,,7,,conv,a\n"
		",,,,,,,1,,,7,,conv,b\n"
		",,,,,,,2,,,,,avgpool,m\n"
		",,,,,,,,,,4,,fc,f\n",
	};
	for (size_t t = 0; t < 2; t++) {
		struct net *net = testlib_load_text(texts[t]);
		const struct net_layer *a = layer(net, "a"), *b = layer(net, "b");
		const struct net_layer *m = layer(net, "m"), *f = layer(net, "f");
		assert_int_equal(a->stride, 1);
		assert_int_equal(a->dilation, 1);
		assert_int_equal(a->groups, 1);
		assert_int_equal(a->bias, 1);
		assert_int_equal(a->pad_same, 1);
		assert_int_equal(a->pad, 1);  /* same: floor(1*(3-1)/2) */
		assert_int_equal(a->tune, 1); /* conv with k >= 3 */
		assert_int_equal(b->tune, 0); /* k = 1 */
		assert_int_equal(a->candidates, 0);
		/* from = the row directly above */
		assert_int_equal(net->from[b->from_first], net_find_layer(net, "a"));
		assert_int_equal(net->from[f->from_first], net_find_layer(net, "m"));
		/* a: 5x23x19 -> 7x23x19, params 9*5*7 + 7 = 322, MACs 315*437 = 137,655
		 * b: 1x1 7 -> 7, params 49 + 7 = 56, MACs 49*437 = 21,413
		 * m: avgpool k2, same pad floor(1/2) = 0, stride 1: 22x18
		 * f: 7*22*18 = 2,772 features -> 4: MACs 11,088, params 11,092 */
		assert_int_equal(a->params, 322);
		assert_int_equal(a->macs, 137655);
		assert_int_equal(b->params, 56);
		assert_int_equal(b->macs, 21413);
		assert_shape(net, "m", 7, 22, 18);
		assert_int_equal(m->pad, 0);
		assert_int_equal(m->tune, 0);
		assert_int_equal(f->macs, 11088);
		assert_int_equal(f->params, 11092);
		assert_int_equal(f->bias, 1);
		assert_int_equal(net->total_macs, 137655 + 21413 + 11088);
		assert_int_equal(net->total_params, 322 + 56 + 11092);
		net_free(net);
	}
}

/* tune: 1 by default for conv with k >= 3, else 0; 0 or 1 may be given on
 * any conv, and 0 on any op; 1 on a non-conv is an error (test_errors). */
static void test_tune(void **state)
{
	(void)state;
	struct net *net = testlib_load_text("name,op,out,h,w,k,tune\n"
	                                    "in,input,2,9,9,,\n"
	                                    "k1,conv,2,,,1,\n"
	                                    "k2,conv,2,,,2,\n"
	                                    "k3,conv,2,,,3,\n"
	                                    "k5off,conv,2,,,5,0\n"
	                                    "k1on,conv,2,,,1,1\n"
	                                    "b,bn,,,,,0\n"
	                                    "p,maxpool,,,,3,0\n");
	assert_int_equal(layer(net, "k1")->tune, 0);
	assert_int_equal(layer(net, "k2")->tune, 0);
	assert_int_equal(layer(net, "k3")->tune, 1);
	assert_int_equal(layer(net, "k5off")->tune, 0);
	assert_int_equal(layer(net, "k1on")->tune, 1);
	assert_int_equal(layer(net, "b")->tune, 0);
	assert_int_equal(layer(net, "p")->tune, 0);
	assert_int_equal(net->n_conv, 5);
	assert_int_equal(net->n_tunable, 2);
	net_free(net);
}

/* `same` against integer padding, the output size formula with floors, and
 * the boundaries of the numbers. */
static void test_pad_and_output_size(void **state)
{
	(void)state;
	struct net *net = testlib_load_text("name,op,from,out,h,w,k,stride,pad,dilation\n"
	                                    "in,input,,4,37,53,,,,\n"
	                                    /* same, d3 k4: p = floor(3*3/2) = 4;
	                           * h (37+8-9-1)/1+1 = 36, w (53+8-9-1)+1 = 52 */
	                                    "s,conv,in,4,,,4,,same,3\n"
	                                    /* k4 s3 p2 d2: h floor((37+4-6-1)/3)+1 = 11+1 = 12,
	                           * w floor((53+4-6-1)/3)+1 = 16+1 = 17 */
	                                    "i,conv,in,4,,,4,3,2,2\n"
	                                    /* integer 0 keeps 0: h 37-7+1 = 31, w 53-7+1 = 47 */
	                                    "z,conv,in,4,,,7,,0,\n"
	                                    /* a quoted, padded number is still a number */
	                                    "q,maxpool,in,,,,\" 2 \",\"+2\",\"0\",\n"
	                                    /* a kernel as tall as the input, pad 0:
	                           * h (37-36-1)+1 = 1, w (53-36-1)+1 = 17 */
	                                    "full,avgpool,in,,,,37,,0,\n");
	const struct net_layer *s = layer(net, "s"), *i = layer(net, "i");
	assert_int_equal(s->pad_same, 1);
	assert_int_equal(s->pad, 4);
	assert_shape(net, "s", 4, 36, 52);
	assert_int_equal(i->pad_same, 0);
	assert_int_equal(i->pad, 2);
	assert_shape(net, "i", 4, 12, 17);
	assert_shape(net, "z", 4, 31, 47);
	/* q: k2 s2 p0: h floor(35/2)+1 = 18, w floor(51/2)+1 = 26 */
	assert_shape(net, "q", 4, 18, 26);
	assert_int_equal(layer(net, "q")->k, 2);
	assert_shape(net, "full", 4, 1, 17);
	/* i: MACs 16 * 4*4 * 12*17 = 256 * 204 = 52,224 */
	assert_int_equal(i->macs, 52224);
	net_free(net);
}

/* Numbers at the edges of what the loader accepts (NET_MAX_DIM = 2^31 - 1). */
static void test_number_bounds(void **state)
{
	(void)state;
	/* 1 everywhere it is the minimum, and 2^31 - 1 as a height:
	 * c: k3 same on 1x2147483647x1 -> h 2147483647, w (1+2-2-1)+1 = 1;
	 * MACs 9 * 2,147,483,647 = 19,327,352,823; params 9 + 1 = 10 */
	struct net *net = testlib_load_text("name,op,out,h,w,k,stride,dilation,groups\n"
	                                    "in,input,1,2147483647,1,,,,\n"
	                                    "c,conv,1,,,3,1,1,1\n");
	assert_int_equal(net->total_macs, INT64_C(19327352823));
	assert_int_equal(net->total_params, 10);
	net_free(net);
	/* "-0" is 0, a valid pad */
	net = testlib_load_text("name,op,out,h,w,k,pad\nin,input,1,5,5,,\nc,conv,1,,,1,-0\n");
	assert_int_equal(layer(net, "c")->pad, 0);
	net_free(net);
}

static void test_ops_bn_act_gap(void **state)
{
	(void)state;
	/* bn keeps the shape, 2 params per channel; act counts nothing; gap
	 * gives 1x1.  fc after conv flattens C*H*W: 13*5*7 = 455 features,
	 * no bias: MACs = params = 455 * 3 = 1,365 */
	struct net *net = testlib_load_text("name,op,out,h,w,k,bias\n"
	                                    "in,input,13,5,7,,\n"
	                                    "b,bn,,,,,\n"
	                                    "r,act,,,,,\n"
	                                    "f,fc,3,,,,0\n"
	                                    "g,gap,,,,,\n");
	assert_shape(net, "b", 13, 5, 7);
	assert_int_equal(layer(net, "b")->params, 26);
	assert_shape(net, "r", 13, 5, 7);
	assert_int_equal(layer(net, "r")->params + layer(net, "r")->macs, 0);
	assert_int_equal(layer(net, "f")->macs, 1365);
	assert_int_equal(layer(net, "f")->params, 1365);
	assert_shape(net, "f", 3, 1, 1);
	assert_shape(net, "g", 3, 1, 1);
	assert_int_equal(net->total_params, 26 + 1365);
	assert_int_equal(net->total_macs, 1365);
	assert_int_equal(net->n_conv, 0);
	net_free(net);
}

/* groups: each output channel sees in/groups input channels. */
static void test_groups(void **state)
{
	(void)state;
	/* in 6x5x7; g: k3 groups 3, 6 -> 9: params 9*(6/3)*9 + 9 = 171,
	 * MACs 162 * 35 = 5,670; dw: depthwise k5 on 9 channels, no bias:
	 * params 25*1*9 = 225, MACs 225 * 35 = 7,875; pw: 1x1 groups 9,
	 * 9 -> 18: params 1*1*18 + 18 = 36, MACs 18 * 35 = 630 */
	struct net *net = testlib_load_text("name,op,out,h,w,k,groups,bias\n"
	                                    "in,input,6,5,7,,,\n"
	                                    "g,conv,9,,,3,3,\n"
	                                    "dw,conv,9,,,5,9,0\n"
	                                    "pw,conv,18,,,1,9,\n");
	assert_int_equal(layer(net, "g")->params, 171);
	assert_int_equal(layer(net, "g")->macs, 5670);
	assert_int_equal(layer(net, "dw")->params, 225);
	assert_int_equal(layer(net, "dw")->macs, 7875);
	assert_int_equal(layer(net, "pw")->params, 36);
	assert_int_equal(layer(net, "pw")->macs, 630);
	assert_shape(net, "pw", 18, 5, 7);
	assert_int_equal(net->total_macs, 5670 + 7875 + 630);
	net_free(net);
}

static void test_add_concat(void **state)
{
	(void)state;
	/* three branches of 8x8 (k3 same), concat of 3+5+7 = 15 channels; an
	 * add of three equal shapes; `from` with extra spaces */
	struct net *net = testlib_load_text("name,op,from,out,h,w,k\n"
	                                    "in,input,,2,8,8,\n"
	                                    "a,conv,in,3,,,3\n"
	                                    "b,conv,in,5,,,3\n"
	                                    "c,conv,in,7,,,3\n"
	                                    "cat,concat,\"  a   b c \",,,,\n"
	                                    "one,concat,a,,,,\n"
	                                    "a2,conv,in,3,,,1\n"
	                                    "a3,conv,in,3,,,5\n"
	                                    "s,add,a a2 a3,,,,\n"
	                                    /* an input may be named twice */
	                                    "twice,add,s s,,,,\n");
	assert_shape(net, "cat", 15, 8, 8);
	assert_int_equal(layer(net, "cat")->from_count, 3);
	assert_shape(net, "one", 3, 8, 8);
	assert_shape(net, "s", 3, 8, 8);
	assert_int_equal(layer(net, "s")->from_count, 3);
	assert_shape(net, "twice", 3, 8, 8);
	assert_int_equal(layer(net, "cat")->macs + layer(net, "s")->params, 0);
	net_free(net);
}

/* Names: any text, quoted as CSV; found by net_find_layer. */
static void test_quoted_names(void **state)
{
	(void)state;
	struct net *net = testlib_load_test_data("quoted-names.csv");
	/* in 2x11x13; two k3 convs to 4 channels: params 9*2*4 + 4 = 76,
	 * MACs 72 * 143 = 10,296 each; fc 4 -> 3: MACs 12, params 15.
	 * Totals: params 76+76+15 = 167, MACs 20,592 + 12 = 20,604 */
	assert_int_equal(net->n_layers, 6);
	assert_int_equal(net->total_params, 167);
	assert_int_equal(net->total_macs, 20604);
	static const char multi[] = "multi\nline\n#not-a-comment";
	assert_string_equal(net->layers[0].name, "in,put");
	assert_string_equal(net->layers[1].name, "a\"quoted\"name");
	assert_string_equal(net->layers[2].name, multi);
	assert_string_equal(net->layers[3].name, "s,um");
	assert_string_equal(net->layers[4].name, "g a p");
	assert_string_equal(net->layers[5].name, "fc, final");
	assert_int_equal(net_find_layer(net, multi), 2);
	assert_int_equal(net_find_layer(net, "fc, final"), 5);
	/* the add's `from` spans three lines, one starting with '#' */
	const struct net_layer *s = &net->layers[3];
	assert_int_equal(s->from_count, 2);
	assert_int_equal(net->from[s->from_first], 1);
	assert_int_equal(net->from[s->from_first + 1], 2);
	assert_int_equal(net->from[net->layers[2].from_first], 0);
	/* lines: header 6; rows start on 7, 9, 11 (to 13), 14 (to 16), 17, 19 */
	static const uint32_t lines[] = { 7, 9, 11, 14, 17, 19 };
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(net->layers[i].line, lines[i]);
	net_free(net);
}

static void test_comments_crlf_bom(void **state)
{
	(void)state;
	/* comments and blank (or white) lines before and between rows;
	 * CRLF; the BOM; a quoted field with CRLF inside keeps it */
	struct net *net = testlib_load_text("\xEF\xBB\xBF# comment right after the BOM\r\n"
	                                    "\r\n"
	                                    "   \t \r\n"
	                                    "name,op,out,h,w\r\n"
	                                    "# between\r\n"
	                                    "in,input,3,4,5\r\n"
	                                    "\r\n"
	                                    "\"x\r\n# y\",bn,,,\r\n"
	                                    "#last\r\n");
	assert_int_equal(net->n_layers, 2);
	assert_string_equal(net->layers[1].name, "x\r\n# y");
	assert_int_equal(net->layers[0].line, 6);
	assert_int_equal(net->layers[1].line, 8);
	net_free(net);
	/* a `#` not at the start of a line is text; the last row may lack its
	 * line end */
	net = testlib_load_text("name,op,out,h,w\nin#1,input,3,4,5\nb#,bn,,,");
	assert_string_equal(net->layers[0].name, "in#1");
	assert_string_equal(net->layers[1].name, "b#");
	net_free(net);
	/* a BOM anywhere but the start is part of the text */
	net = testlib_load_text("name,op,out,h,w\n\xEF\xBB\xBFin,input,3,4,5\n");
	assert_string_equal(net->layers[0].name, "\xEF\xBB\xBFin");
	net_free(net);
	/* valid UTF-8 names of 2, 3 and 4 bytes per character */
	net = testlib_load_text(
	    "name,op,out,h,w\n\xC3\xA9\xE5\xB1\x82\xF0\x9F\x98\x80,input,3,4,5\n");
	assert_int_equal(net_find_layer(net, "\xC3\xA9\xE5\xB1\x82\xF0\x9F\x98\x80"), 0);
	net_free(net);
}

/* Inputs are looked up among the rows just above and then by the name
 * index (net_infer.c find_input): a name that is a prefix of the row above's,
 * one the row above's is a prefix of, and inputs 1, 16, 17 and 30 rows up
 * all resolve to the layers named. */
static void test_inputs_near_and_far(void **state)
{
	size_t cap = 4096, len = 0;
	char *text = malloc(cap), *buf = NULL;
	size_t bcap = 0;
	(void)state;
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len, "name,op,from,out,h,w\nx,input,,1,2,2\n");
	len += (size_t)snprintf(text + len, cap - len, "xy,act,,,,\n");
	len += (size_t)snprintf(text + len, cap - len, "pre,add,x xy,,,\n");
	len += (size_t)snprintf(text + len, cap - len, "x1,act,pre,,,\n");
	for (int i = 4; i < 34; i++)
		len += (size_t)snprintf(text + len, cap - len, "L%d,act,,,,\n", i);
	/* rows 34 on: inputs 1, 16, 17 and 30 rows up */
	len += (size_t)snprintf(text + len, cap - len, "n1,add,L33 L18,,,\n");
	len += (size_t)snprintf(text + len, cap - len, "n2,add,L18 L5,,,\n");
	len += (size_t)snprintf(text + len, cap - len, "n3,concat,x1 x,,,\n");
	struct net *net = testlib_load_text(text);
	free(text);
	assert_int_equal(net->n_layers, 37);
	assert_int_equal(net_layer_inputs(net, 2, &buf, &bcap), BKSEF_OK);
	assert_string_equal(buf, "x xy");
	assert_int_equal(net_layer_inputs(net, 34, &buf, &bcap), BKSEF_OK);
	assert_string_equal(buf, "L33 L18");
	assert_int_equal(net_layer_inputs(net, 35, &buf, &bcap), BKSEF_OK);
	assert_string_equal(buf, "L18 L5");
	assert_int_equal(net_layer_inputs(net, 36, &buf, &bcap), BKSEF_OK);
	assert_string_equal(buf, "x1 x");
	assert_int_equal(net->layers[36].from_count, 2);
	assert_int_equal(net->from[net->layers[36].from_first], 3);
	assert_int_equal(net->from[net->layers[36].from_first + 1], 0);
	net_free(net);
	free(buf);
}

static void test_find_layer(void **state)
{
	(void)state;
	struct net *net = testlib_load_text(tiny);
	assert_int_equal(net_find_layer(net, "in"), 0);
	assert_int_equal(net_find_layer(net, "c4"), 7);
	assert_int_equal(net_find_layer(net, "fc"), 10);
	assert_int_equal(net_find_layer(net, "C4"), -1);
	assert_int_equal(net_find_layer(net, "c"), -1);
	assert_int_equal(net_find_layer(net, ""), -1);
	assert_int_equal(net_find_layer(net, "c4 "), -1);
	net_free(net);

	/* 3,000 layers: an index beyond its smallest size (1,024 slots) */
	size_t cap = 3100 * 24, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len, "name,op,out,h,w\nL0,input,1,2,2\n");
	for (int i = 1; i < 3000; i++)
		len += (size_t)snprintf(text + len, cap - len, "L%d,act,,,\n", i);
	net = testlib_load_text(text);
	free(text);
	assert_int_equal(net->n_layers, 3000);
	for (long i = 0; i < 3000; i += 7) {
		char name[16];
		snprintf(name, sizeof name, "L%ld", i);
		assert_int_equal(net_find_layer(net, name), i);
	}
	assert_int_equal(net_find_layer(net, "L3000"), -1);
	net_free(net);
}

static void test_op_names(void **state)
{
	static const char *const names[NET_OP_COUNT] = {
		"input",   "conv",      "maxpool", "avgpool",  "gap",           "fc",
		"add",     "concat",    "bn",      "act",      "mul",           "slice",
		"shuffle", "layernorm", "scale",   "upsample", "convtranspose",
	};
	(void)state;
	/* format 1's ten ops, then format 2's five and part 2's two */
	assert_int_equal(NET_OP_V1_COUNT, 10);
	assert_int_equal(NET_OP_COUNT, 17);
	for (int op = 0; op < NET_OP_COUNT; op++)
		assert_string_equal(net_op_name(op), names[op]);
	assert_null(net_op_name(-1));
	assert_null(net_op_name(NET_OP_COUNT));
}

/* Which kernels keep every output shape (net_pad_for_kernel). */
static void test_pad_for_kernel(void **state)
{
	(void)state;
	struct net *net = testlib_load_text(tiny);
	int64_t pad = -7;
	size_t c1 = (size_t)net_find_layer(net, "c1"), c2 = (size_t)net_find_layer(net, "c2");
	size_t p1 = (size_t)net_find_layer(net, "p1"), c4 = (size_t)net_find_layer(net, "c4");

	/* c1: same, s2, 37x53 -> 19x27.  k5: p 2, (37+4-4-1)/2+1 = 19,
	 * (53+4-4-1)/2+1 = 27: kept.  k1: p 0, 36/2+1 = 19, 52/2+1 = 27: kept.
	 * k2: p 0, (37-1-1)/2+1 = 18: changed.  k4: p 1, (37+2-3-1)/2+1 = 18. */
	assert_int_equal(net_pad_for_kernel(net, c1, 5, &pad), 1);
	assert_int_equal(pad, 2);
	assert_int_equal(net_pad_for_kernel(net, c1, 1, &pad), 1);
	assert_int_equal(pad, 0);
	assert_int_equal(net_pad_for_kernel(net, c1, 3, &pad), 1);
	assert_int_equal(pad, 1);
	pad = -7;
	assert_int_equal(net_pad_for_kernel(net, c1, 2, &pad), 0);
	assert_int_equal(net_pad_for_kernel(net, c1, 4, &pad), 0);
	assert_int_equal(pad, -7); /* untouched when not allowed */

	/* c2: same, d2, s1: p = floor(2(k-1)/2) = k-1, so every k keeps
	 * 19x27, even ones too: k2 p1: 19+2-2-1+1 = 19; k7 p6: 19+12-12 = 19 */
	assert_int_equal(net_pad_for_kernel(net, c2, 2, &pad), 1);
	assert_int_equal(pad, 1);
	assert_int_equal(net_pad_for_kernel(net, c2, 7, &pad), 1);
	assert_int_equal(pad, 6);
	assert_int_equal(net_pad_for_kernel(net, c2, 63, &pad), 1);
	assert_int_equal(pad, 62);

	/* c4: integer pad 2 at k5 becomes 2 + (k-5)/2: k3 -> 1, k7 -> 3,
	 * k1 -> 0; k4 gives 1.5 and k6 3.5: not whole, not allowed */
	assert_int_equal(net_pad_for_kernel(net, c4, 3, &pad), 1);
	assert_int_equal(pad, 1);
	assert_int_equal(net_pad_for_kernel(net, c4, 7, &pad), 1);
	assert_int_equal(pad, 3);
	assert_int_equal(net_pad_for_kernel(net, c4, 1, &pad), 1);
	assert_int_equal(pad, 0);
	assert_int_equal(net_pad_for_kernel(net, c4, 4, &pad), 0);
	assert_int_equal(net_pad_for_kernel(net, c4, 6, &pad), 0);

	/* p1: maxpool k3 pad 0: k1 would need pad -1; k5 needs 1 and keeps
	 * (19+2-4-1)/2+1 = 9 and (27+2-4-1)/2+1 = 13 */
	assert_int_equal(net_pad_for_kernel(net, p1, 1, &pad), 0);
	assert_int_equal(net_pad_for_kernel(net, p1, 5, &pad), 1);
	assert_int_equal(pad, 1);

	/* sizes outside 1..NET_MAX_DIM are never allowed */
	assert_int_equal(net_pad_for_kernel(net, c1, 0, &pad), 0);
	assert_int_equal(net_pad_for_kernel(net, c1, -3, &pad), 0);
	assert_int_equal(net_pad_for_kernel(net, c1, (long)NET_MAX_DIM + 1, &pad), 0);
	net_free(net);

	/* same padding, stride 2 on an even size: 38 -> (38+2-2-1)/2+1 = 19 at
	 * k3; k2 (p 0) gives (38-1-1)/2+1 = 19 too, so the floor keeps it */
	net = testlib_load_text("name,op,out,h,w,k,stride\nin,input,1,38,38,,\nc,conv,1,,,3,2\n");
	assert_int_equal(net_pad_for_kernel(net, 1, 2, &pad), 1);
	assert_int_equal(pad, 0);
	assert_int_equal(net_pad_for_kernel(net, 1, 4, &pad), 1);
	assert_int_equal(pad, 1);
	net_free(net);

	/* integer pad 0, k3, stride 2 on 20: (20-2-1)/2+1 = 9.  k4 needs pad
	 * 0 + (4-3)/2 = 0.5: not allowed, although pad 0 would happen to give
	 * (20-3-1)/2+1 = 9 as well */
	net = testlib_load_text(
	    "name,op,out,h,w,k,stride,pad\nin,input,1,20,20,,,\nc,conv,1,,,3,2,0\n");
	assert_int_equal(net_pad_for_kernel(net, 1, 4, &pad), 0);
	assert_int_equal(net_pad_for_kernel(net, 1, 5, &pad), 1);
	assert_int_equal(pad, 1);
	net_free(net);
}

/* Every bad-input case of the format, with its line. */
static void test_errors(void **state)
{
	static const struct {
		const char *text;
		unsigned long line;
		const char *part;
	} bad[] = {
		/* file-level: about the whole file, so no line (line 0) */
		{ "", 0, "empty file: no header line" },
		{ "# only\n\n# comments\n", 0, "empty file: no header line" },
		{ "name,op\n", 0, "no layers: the file has a header but no rows" },
		{ "name,op\n# c\n\n", 0, "no layers" },
		{ "name,op\r# c\r\r", 0, "no layers" },
		/* header */
		{ "in,input,3,8,8\n", 1, "unknown column 'in' in header" },
		{ "name,op,kernel\n", 1,
		  "unknown column 'kernel' in header (known columns: name, op, from, out, h, w, k, "
		  "stride, pad, dilation, groups, bias, tune, candidates)" },
		{ "name,op,k,k\n", 1, "duplicate column 'k' in header" },
		{ "name,out\n", 1, "header has no 'op' column" },
		{ "op,out\n", 1, "header has no 'name' column" },
		/* ops and required values */
		{ "name,op,out,h,w\nin,input,3,8,8\nb,batchnorm,,,\n", 3,
		  "unknown op 'batchnorm'" },
		{ "name,op,out,h,w\nin,input,3,8,8\nb,BN,,,\n", 3, "unknown op 'BN'" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,\n", 3,
		  "missing value in column 'k' (required for op 'conv')" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,,,,3\n", 3,
		  "missing value in column 'out' (required for op 'conv')" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nf,fc,,,,\n", 3, "column 'out'" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\np,maxpool,,,,\n", 3, "column 'k'" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\np,avgpool,,,,\n", 3, "column 'k'" },
		{ "name,op,out,h,w\nin,input,3,,8\n", 2,
		  "missing value in column 'h' (required for op 'input')" },
		{ "name,op,out,h\nin,input,3,8\n", 2, "missing value in column 'w'" },
		{ "name,op,out,h,w\nin,input,,8,8\n", 2, "missing value in column 'out'" },
		{ "name,op,out,h,w\n,input,3,8,8\n", 2, "missing value in column 'name'" },
		{ "name,op,out,h,w\nin,,3,8,8\n", 2, "missing value in column 'op'" },
		{ "name,op,out,h,w\nin,input,3,8,8\nb,bn,5,,\n", 3,
		  "column 'out' does not apply to op 'bn'" },
		{ "name,op,from,out,h,w\nin,input,x,3,8,8\n", 2, "column 'from' does not apply" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,3\n", 2,
		  "column 'k' does not apply to op 'input'" },
		{ "name,op,out,h,w,groups\nin,input,3,8,8,\nf,fc,2,,,1\n", 3,
		  "column 'groups' does not apply to op 'fc'" },
		/* names and inputs */
		{ "name,op,out,h,w\nin,input,3,8,8\nb,bn,,,\nb,act,,,\n", 4,
		  "duplicate layer name 'b' (first on line 3)" },
		{ "name,op,from,out,h,w\nin,input,,3,8,8\nb,bn,nope,,,\n", 3,
		  "from: unknown layer 'nope'" },
		{ "name,op,from,out,h,w\nin,input,,3,8,8\nb,bn,c,,,\nc,bn,,,,\n", 3,
		  "from: layer 'c' comes later (line 4)" },
		{ "name,op,from,out,h,w\nin,input,,3,8,8\nb,bn,b,,,\n", 3, "is this row itself" },
		{ "name,op,from,out,h,w\nin,input,,3,8,8\nb,bn,in in,,,\n", 3,
		  "op 'bn' takes one input, but 'from' names 2" },
		{ "name,op,from,out,h,w\nin,input,,3,8,8\ns,add,in,,,\n", 3,
		  "op 'add' needs at least two inputs" },
		/* numbers */
		{ "name,op,out,h,w\nin,input,abc,8,8\n", 2,
		  "invalid value 'abc' in column 'out': expected a whole number" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,3x\n", 3,
		  "invalid value '3x' in column 'k'" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,3.0\n", 3,
		  "invalid value '3.0'" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,0x3\n", 3,
		  "invalid value '0x3'" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,1e1\n", 3,
		  "invalid value '1e1'" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,\"3 3\"\n", 3,
		  "invalid value '3 3'" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,-\n", 3, "invalid value '-'" },
		{ "name,op,out,h,w\nin,input,0,8,8\n", 2,
		  "value 0 in column 'out' must be at least 1" },
		{ "name,op,out,h,w\nin,input,3,-5,8\n", 2,
		  "value -5 in column 'h' must be at least 1" },
		{ "name,op,out,h,w\nin,input,3,8,0\n", 2, "value 0 in column 'w'" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,0\n", 3,
		  "value 0 in column 'k'" },
		{ "name,op,out,h,w,k,stride\nin,input,3,8,8,,\nc,conv,4,,,3,0\n", 3,
		  "value 0 in column 'stride'" },
		{ "name,op,out,h,w,k,dilation\nin,input,3,8,8,,\nc,conv,4,,,3,0\n", 3,
		  "value 0 in column 'dilation'" },
		{ "name,op,out,h,w,k,groups\nin,input,3,8,8,,\nc,conv,3,,,3,0\n", 3,
		  "value 0 in column 'groups'" },
		{ "name,op,out,h,w,k,pad\nin,input,3,8,8,,\nc,conv,4,,,3,-1\n", 3,
		  "value -1 in column 'pad' must be at least 0" },
		{ "name,op,out,h,w,k,pad\nin,input,3,8,8,,\nc,conv,4,,,3,valid\n", 3,
		  "invalid value 'valid' in column 'pad'" },
		{ "name,op,out,h,w,k,pad\nin,input,3,8,8,,\nc,conv,4,,,3,SAME\n", 3,
		  "invalid value 'SAME'" },
		{ "name,op,out,h,w\nin,input,2147483648,8,8\n", 2,
		  "value 2147483648 in column 'out' is too large (at most 2147483647)" },
		{ "name,op,out,h,w\nin,input,3,9223372036854775808,8\n", 2,
		  "in column 'h' is too large" },
		{ "name,op,out,h,w\nin,input,3,8,99999999999999999999999999\n", 2, "is too large" },
		{ "name,op,out,h,w,k,bias\nin,input,3,8,8,,\nc,conv,4,,,3,2\n", 3,
		  "invalid value '2' in column 'bias': expected 0 or 1" },
		{ "name,op,out,h,w,k,tune\nin,input,3,8,8,,\nc,conv,4,,,3,yes\n", 3,
		  "invalid value 'yes' in column 'tune'" },
		/* tune and candidates */
		{ "name,op,out,h,w,tune\nin,input,3,8,8,\nb,bn,,,,1\n", 3,
		  "tune=1 on a 'bn' row: only conv kernels are tuned" },
		{ "name,op,out,h,w,k,tune\nin,input,3,8,8,,\np,maxpool,,,,3,1\n", 3,
		  "tune=1 on a 'maxpool'" },
		{ "name,op,out,h,w,k,candidates\nin,input,3,8,8,,\nc,conv,4,,,3,3 x\n", 3,
		  "column 'candidates': invalid kernel size" },
		{ "name,op,out,h,w,k,candidates\nin,input,3,8,8,,\nc,conv,4,,,3,3 64\n", 3,
		  "column 'candidates': kernel size 64 in candidate list '3 64'" },
		{ "name,op,out,h,w,k,candidates\nin,input,3,8,8,,\nc,conv,4,,,3,\"5,5\"\n", 3,
		  "appears twice" },
		{ "name,op,out,h,w,k,candidates\nin,input,3,8,8,,\nb,bn,,,,,3\n", 3,
		  "column 'candidates' does not apply to op 'bn'" },
		/* shapes */
		{ "name,op,out,h,w,k,groups\nin,input,6,8,8,,\nc,conv,8,,,3,4\n", 3,
		  "layer 'c': groups 4 does not divide input channels 6" },
		{ "name,op,out,h,w,k,groups\nin,input,8,8,8,,\nc,conv,6,,,3,4\n", 3,
		  "groups 4 does not divide output channels 6" },
		{ "name,op,out,h,w,k,pad\nin,input,3,4,5,,\nc,conv,4,,,7,0\n", 3,
		  "layer 'c': output size would be 0x0 (input 4x5, kernel 7, stride 1, pad 0, "
		  "dilation 1)" },
		/* k5 d2 pad 0 on 9x8: 9-8-1 = 0 -> 1 row, 8-8-1 < 0 -> 0 columns */
		{ "name,op,out,h,w,k,pad,dilation\nin,input,3,9,8,,,\nc,maxpool,,,,5,0,2\n", 3,
		  "output size would be 1x0" },
		{ "name,op,from,out,h,w,k,stride\nin,input,,3,8,8,,\na,conv,in,4,,,3,\nb,conv,in,4,"
		  ",,3,2\n"
		  "s,add,a b,,,,,\n",
		  5, "add 's': input 'a' is 4x8x8 but 'b' is 4x4x4 (CxHxW)" },
		{ "name,op,from,out,h,w,k\nin,input,,3,8,8,\na,conv,in,4,,,3\nb,conv,in,5,,,3\n"
		  "s,add,a b,,,,\n",
		  5, "but 'b' is 5x8x8" },
		{ "name,op,from,out,h,w,k,stride\nin,input,,3,8,8,,\na,conv,in,4,,,3,\nb,conv,in,4,"
		  ",,3,2\n"
		  "s,concat,a b,,,,,\n",
		  5, "concat 's': input 'a' is 8x8 but 'b' is 4x4 (HxW)" },
		{ "name,op,out,h,w,k\nc,conv,4,,,3\n", 2,
		  "the first row must be the network's 'input' (found op 'conv')" },
		{ "name,op,out,h,w\nin,input,3,8,8\nin2,input,3,8,8\n", 3,
		  "more than one 'input' row (the first is on line 2)" },
		/* overflow: 2^31-1 channels squared fits, times 2^31-1 rows does not */
		{ "name,op,out,h,w,k\nin,input,2147483647,2147483647,1,\nc,conv,2147483647,,,1\n",
		  3, "layer 'c': its MAC or parameter count at the largest kernel is too large" },
		/* (2^31-1)^2 MACs fit at k = 1, not at CAND_MAX = 63: 3969 times that
		 * is over 2^63 */
		{ "name,op,out,h,w,k\nin,input,1,2147483647,1,\nc,conv,2147483647,,,1\n", 3,
		  "at the largest kernel is too large" },
		{ "name,op,out,h,w\nin,input,2147483647,2147483647,2147483647\nf,fc,2,,\n", 3,
		  "layer 'f': its MAC or parameter count is too large" },
		/* pad 2^31-1 on 1x1 gives 1 + 2*(2^31-1) = 2^32-1 rows and columns:
		 * H*W alone is over 2^63 (a conv, and an fc after a pool) */
		{ "name,op,out,h,w,k,pad\nin,input,1,1,1,,\nc,conv,1,,,1,2147483647\n", 3,
		  "layer 'c': its MAC or parameter count at the largest kernel is too large" },
		{ "name,op,out,h,w,k,pad\nin,input,1,1,1,,\np,maxpool,,,,1,2147483647\nf,fc,1,,,,"
		  "\n",
		  4, "layer 'f': its MAC or parameter count is too large" },
		{ "name,op,out,h,w,k,stride\nin,input,1,8,8,,\np1,maxpool,,,,1,2147483647\n"
		  "p2,maxpool,,,,1,2147483647\np3,maxpool,,,,1,2147483647\n",
		  5, "receptive field of layer 'p3' is too large" },
		/* fields and quoting */
		{ "name,op,out,h,w\nin,input,3,8,8,9\n", 2,
		  "too many fields: the header has 5 columns" },
		{ "name,op,out,h,w\nin,input,3,8\n", 2, "too few fields" },
		{ "name,op,out,h,w\nin,input,3,8,8\n\"c,bn,,,\n", 3,
		  "unterminated quoted field (the record starts on line 3)" },
		{ "name,op,out,h,w\nin,input,3,8,8\na\"b,bn,,,\n", 3, "malformed quoting" },
		{ "name,op,out,h,w\nin,input,3,8,8\n\"a\"b,bn,,,\n", 3, "malformed quoting" },
		{ "name,op,out,h,w\n\xFFin,input,3,8,8\n", 2, "invalid UTF-8 in column 'name'" },
		/* overlong '/', a surrogate, beyond U+10FFFF, cut short at the end */
		{ "name,op,out,h,w\n\xC0\xAF,input,3,8,8\n", 2, "invalid UTF-8" },
		{ "name,op,out,h,w\n\xED\xA0\x80,input,3,8,8\n", 2, "invalid UTF-8" },
		{ "name,op,out,h,w\n\xF4\x90\x80\x80,input,3,8,8\n", 2, "invalid UTF-8" },
		{ "name,op,out,h,w\nin\xE2\x82,input,3,8,8\n", 2, "invalid UTF-8" },
		{ "name,op,from,out,h,w\nin,input,,3,8,8\nb,bn,\"in\xFF\",,,\n", 3,
		  "invalid UTF-8 in column 'from'" },
		/* the bad byte on the first or a later line of a record (the
		 * loader checks only records with a byte >= 0x80 on a line of
		 * theirs) */
		{ "name,op,out,h,w\nin,input,3,8,8\n\"x\xFF\ny\",bn,,,\n", 3,
		  "invalid UTF-8 in column 'name'" },
		{ "name,op,out,h,w\nin,input,3,8,8\n\"x\ny\xFF\",bn,,,\n", 3,
		  "invalid UTF-8 in column 'name'" },
		/* after a record with valid UTF-8, on a quoted record's later line */
		{ "name,op,out,h,w\nin,input,3,8,8\n\xC3\xA9,bn,,,\nb,bn,,,\n\"c\nd\xC3\",bn,,,\n",
		  5, "invalid UTF-8 in column 'name'" },
		/* a record spanning lines reports the line where it starts */
		{ "name,op,out,h,w\nin,input,3,8,8\n\"x\ny\nz\",bogus,,,\n", 3,
		  "unknown op 'bogus'" },
		{ "name,op,out,h,w\nin,input,3,8,8\n\"x\ny\",bn,,,\nz,bogus,,,\n", 5,
		  "unknown op" },
		{ "name,op,out,h,w\r\nin,input,3,8,8\r\n\r\n# c\r\nb,bnn,,,\r\n", 5,
		  "unknown op 'bnn'" },
		{ "\xEF\xBB\xBFname,op,outt\n", 1, "unknown column 'outt' in header" },
	};
	int failed = 0;
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (load_bad(bad[i].text, strlen(bad[i].text), bad[i].line, bad[i].part) != 0) {
			print_error("  in case %zu: %s\n", i, bad[i].text);
			failed++;
		}
	assert_int_equal(failed, 0);
}

/* NUL bytes, which strlen-based cases cannot hold. */
static void test_nul_byte(void **state)
{
	static const char on1[] = "name\0,op\n";
	static const char on4[] = "name,op\n\n\nin\0put\n";
	static const char quoted[] = "name,op,out,h,w\nin,input,3,8,8\n\"a\nb\0\",bn,,,\n";
	(void)state;
	assert_int_equal(load_bad(on1, sizeof on1 - 1, 1, "NUL byte in file"), 0);
	assert_int_equal(load_bad(on4, sizeof on4 - 1, 4, "NUL byte in file"), 0);
	assert_int_equal(load_bad(quoted, sizeof quoted - 1, 4, "NUL byte"), 0);
}

/* Values quoted in messages stay printable and are cut at a character. */
static void test_messages_printable(void **state)
{
	static const char esc[] = "name,op,\x1b[2J\n";
	static const char bin[] = "name,op,\xff\xfe\x01\n";
	char text[256], want[128];
	(void)state;
	/* control characters and the bytes of a non-UTF-8 value as \xNN */
	assert_int_equal(load_bad(esc, sizeof esc - 1, 1, "unknown column '\\x1B[2J' in header"),
	                 0);
	assert_int_equal(load_bad(bin, sizeof bin - 1, 1, "unknown column '\\xFF\\xFE\\x01' in"),
	                 0);
	/* 30 three-byte characters (90 bytes) in a 64-byte buffer: 18 whole
	 * ones (54 bytes) fit before the cut and "..." */
	strcpy(text, "name,op,");
	for (int i = 0; i < 30; i++)
		strcat(text, "\xE5\xB1\x82");
	strcat(text, "\n");
	strcpy(want, "unknown column '");
	for (int i = 0; i < 18; i++)
		strcat(want, "\xE5\xB1\x82");
	strcat(want, "...' in header");
	assert_int_equal(load_bad(text, strlen(text), 1, want), 0);
}

/* A buffer of LEN bytes filled with C. */
static char *filled(size_t len, char c)
{
	char *p = malloc(len + 1);
	assert_non_null(p);
	memset(p, c, len);
	p[len] = '\0';
	return p;
}

/* The loader's limits (net.h): line 1 MiB, field 64 KiB, name 4096 bytes. */
static void test_limits(void **state)
{
	(void)state;
	const char *head = "name,op,from,out,h,w\nin,input,,3,8,8\n";
	size_t hl = strlen(head);

	/* a name of 4096 bytes is fine, 4097 is not */
	for (size_t n = 4096; n <= 4097; n++) {
		char *text = filled(hl + n + 16, 'n');
		memcpy(text, head, hl);
		memcpy(text + hl + n, ",bn,,,,\n", 9);
		if (n == 4096) {
			struct net *net = testlib_load_text(text);
			assert_int_equal(strlen(net->layers[1].name), 4096);
			net_free(net);
		} else {
			assert_int_equal(
			    load_bad(text, strlen(text), 3, "layer name is longer than 4096 bytes"),
			    0);
		}
		free(text);
	}
	/* a field of 64 KiB + 1 (a `from` list) is refused */
	{
		size_t n = 65537;
		char *text = filled(hl + n + 16, 'f');
		memcpy(text, head, hl);
		memcpy(text + hl, "b,bn,", 5);
		memcpy(text + hl + 5 + n, ",,,\n", 5);
		assert_int_equal(load_bad(text, strlen(text), 3,
		                          "field in column 'from' is longer than 65536 bytes"),
		                 0);
		free(text);
	}
	/* a quoted name over 64 KiB that spans lines: the record's first line */
	{
		char *text = filled(hl + 140000, 'q');
		memcpy(text, head, hl);
		text[hl] = '"';
		text[hl + 70000] = '\n';
		memcpy(text + hl + 139990, "\",bn,,,,\n", 10);
		assert_int_equal(load_bad(text, strlen(text), 3, "longer than 65536 bytes"), 0);
		free(text);
	}
	/* a candidate list of 255 characters is read, 256 are refused:
	 * "3", spaces, "5" */
	for (size_t n = 255; n <= 256; n++) {
		char text[512];
		size_t len = (size_t)snprintf(text, sizeof text,
		                              "name,op,out,h,w,k,candidates\nin,input,3,8,8,,\n"
		                              "c,conv,4,,,3,3");
		memset(text + len, ' ', n - 2);
		memcpy(text + len + n - 2, "5\n", 3);
		if (n == 255) {
			struct net *net = testlib_load_text(text);
			assert_int_equal(net->layers[1].candidates,
			                 ((cand_set)1 << 3) | ((cand_set)1 << 5));
			net_free(net);
		} else {
			assert_int_equal(load_bad(text, strlen(text), 3, "list too long"), 0);
		}
	}
	/* a line of 1 MiB counting its line feed is read (a comment here);
	 * one byte more is refused, with the line's number */
	for (size_t n = (size_t)1 << 20; n <= ((size_t)1 << 20) + 1; n++) {
		char *text = filled(hl + n + 16, 'c');
		memcpy(text, head, hl);
		text[hl] = '#';
		text[hl + n - 1] = '\n';
		text[hl + n] = '\0';
		if (n == (size_t)1 << 20) {
			struct net *net = testlib_load_text(text);
			assert_int_equal(net->n_layers, 1);
			net_free(net);
		} else {
			assert_int_equal(
			    load_bad(text, strlen(text), 3, "line longer than 1048576 bytes"), 0);
		}
		free(text);
	}
}

/* Streams are read in 64 KiB chunks: records, lines and errors that
 * cross a chunk's end must come out the same. */
static void test_stream_chunks(void **state)
{
	(void)state;
	FILE *fp = tmpfile();
	assert_non_null(fp);
	/* 2 + 9,999 rows of "lNNNN,act,,,\n" (13 bytes for 4 digits): well
	 * past 64 KiB; then a quoted name over two lines; then a NUL */
	fputs("name,op,out,h,w\nin,input,3,8,8\n", fp);
	for (int i = 1; i < 10000; i++)
		fprintf(fp, "l%04d,act,,,\n", i);
	fputs("\"split\nname\",bn,,,\n", fp);
	rewind(fp);
	struct net *net = NULL;
	struct diag dg = { 0 };
	if (net_load_stream(fp, "s.csv", &net, &dg) != BKSEF_OK)
		fail_msg("%lu: %s", dg.line, dg.msg);
	assert_int_equal(net->n_layers, 10001);
	assert_int_equal(net->layers[9999].line, 10001);
	assert_string_equal(net->layers[10000].name, "split\nname");
	assert_int_equal(net->layers[10000].line, 10002);
	net_free(net);

	/* x on line 10,004, the NUL on 10,005, in the third 64 KiB chunk */
	fseek(fp, 0, SEEK_END);
	fputs("x,act,,,\nin\0", fp);
	fputc('\0', fp);
	rewind(fp);
	dg.line = 0;
	assert_int_equal(net_load_stream(fp, "s.csv", &net, &dg), BKSEF_EINPUT);
	assert_null(net);
	assert_int_equal(dg.line, 10005);
	assert_non_null(strstr(dg.msg, "NUL byte"));
	fclose(fp);
}

/* Load LEN bytes at TEXT through a stream (read in 64 KiB chunks). */
static int load_stream(const char *text, size_t len, struct net **net, struct diag *dg)
{
	FILE *fp = tmpfile();
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	rewind(fp);
	int st = net_load_stream(fp, "s.csv", net, dg);
	fclose(fp);
	return st;
}

/* A lone CR ends a line, as it ends a row for libcsv; CRLF is one line end
 * (bksef(5), Encoding).  Line numbers count every line end. */
static void test_cr_line_ends(void **state)
{
	static const char cr_only[] = "name,op,out,h,w\rin,input,3,8,8\rb,bnn,,,\r";
	(void)state;
	/* CR only: the bad op is on the 3rd line */
	assert_int_equal(load_bad(cr_only, strlen(cr_only), 3, "unknown op 'bnn'"), 0);

	/* mixed line ends; comment and blank lines ended by a CR count:
	 * 1 "# c", 2 header (CRLF), 3 in, 4 blank, 5 "#x", 6 b (LF), 7 c */
	struct net *net =
	    testlib_load_text("# c\rname,op,out,h,w\r\nin,input,3,8,8\r\r#x\rb,bn,,,\nc,act,,,\r");
	assert_int_equal(net->n_layers, 3);
	assert_int_equal(net->layers[0].line, 3);
	assert_int_equal(net->layers[1].line, 6);
	assert_int_equal(net->layers[2].line, 7);
	net_free(net);

	/* a CR inside a quoted field is data and ends a line: "x on 3, y" on
	 * 4, z on 5 */
	net = testlib_load_text("name,op,out,h,w\rin,input,3,8,8\r\"x\ry\",bn,,,\rz,act,,,\r");
	assert_string_equal(net->layers[1].name, "x\ry");
	assert_int_equal(net->layers[1].line, 3);
	assert_int_equal(net->layers[2].line, 5);
	net_free(net);
	static const char after_quoted[] =
	    "name,op,out,h,w\rin,input,3,8,8\r\"x\ry\",bn,,,\rz,bogus,,,\r";
	assert_int_equal(load_bad(after_quoted, strlen(after_quoted), 5, "unknown op 'bogus'"), 0);
	static const char unterminated[] = "name,op,out,h,w\rin,input,3,8,8\r\r\"c,bn,,,\r";
	assert_int_equal(load_bad(unterminated, strlen(unterminated), 4,
	                          "unterminated quoted field (the record starts on line 4)"),
	                 0);
	static const char nul[] = "name,op\r\r\rin\0put\r";
	assert_int_equal(load_bad(nul, sizeof nul - 1, 4, "NUL byte in file"), 0);

	/* 2 + 99,999 rows of "lNNNNN,act,,,\r" (14 bytes): 1.4 MB with no LF
	 * is 100,001 lines, none near the 1 MiB line limit; the last row is
	 * on line 100,001 */
	size_t cap = 100001 * 16 + 64, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text, cap, "name,op,out,h,w\rin,input,3,8,8\r");
	for (int i = 1; i < 100000; i++)
		len += (size_t)snprintf(text + len, cap - len, "l%05d,act,,,\r", i);
	struct diag dg = { 0 };
	net = NULL;
	if (load_stream(text, len, &net, &dg) != BKSEF_OK)
		fail_msg("%lu: %s", dg.line, dg.msg);
	assert_int_equal(net->n_layers, 100000);
	assert_int_equal(net->layers[99999].line, 100001);
	net_free(net);

	/* a CRLF and a lone CR split by the stream's 64 KiB chunks: the first
	 * chunk ends with the CR.  Lines: 1 header, 2 in, 3 a comment padded
	 * so that its CR is byte 65,535 (the chunk's last), 4 the bad row */
	for (int lone = 0; lone <= 1; lone++) {
		static const char head[] = "name,op,out,h,w\r\nin,input,3,8,8\r\n";
		static const char tail[] = "b,bnn,,,\r\n";
		size_t hl = strlen(head);
		memset(text, 'p', 65536);
		memcpy(text, head, hl);
		text[hl] = '#';
		text[65535] = '\r';
		len = 65536;
		if (!lone)
			text[len++] = '\n';
		memcpy(text + len, tail, sizeof tail);
		len += sizeof tail - 1;
		dg.line = 99;
		net = (struct net *)&net;
		assert_int_equal(load_stream(text, len, &net, &dg), BKSEF_EINPUT);
		assert_null(net);
		if (dg.line != 4 || strstr(dg.msg, "unknown op 'bnn'") == NULL)
			fail_msg("%s: line %lu: %s", lone ? "lone CR" : "CRLF", dg.line, dg.msg);
	}

	/* the line limit counts a line's CR and LF: a comment of 1 MiB - 2
	 * bytes + CRLF is read, one more byte refused on its line, 3 */
	for (size_t n = ((size_t)1 << 20) - 2; n <= ((size_t)1 << 20) - 1; n++) {
		static const char head[] = "name,op,out,h,w\rin,input,3,8,8\r";
		size_t hl = strlen(head);
		char *big = filled(hl + n + 3, 'c');
		memcpy(big, head, hl);
		big[hl] = '#';
		memcpy(big + hl + n, "\r\n", 3);
		if (n == ((size_t)1 << 20) - 2) {
			net = testlib_load_text(big);
			assert_int_equal(net->n_layers, 1);
			net_free(net);
		} else {
			assert_int_equal(
			    load_bad(big, strlen(big), 3, "line longer than 1048576 bytes"), 0);
		}
		free(big);
	}
	free(text);
}

#if defined(__GLIBC__)
/* A stream that gives LINES comment lines after a header, then fails. */
struct failing {
	int lines;
};

static ssize_t failing_read(void *cookie, char *buf, size_t size)
{
	struct failing *f = cookie;
	static const char line[] = "# comment\n";
	if (f->lines < 0) {
		errno = EIO;
		return -1;
	}
	if (size < sizeof line)
		return 0;
	if (f->lines-- == 1000) {
		memcpy(buf, "name,op\n", 8);
		return 8;
	}
	memcpy(buf, line, sizeof line - 1);
	return (ssize_t)(sizeof line - 1);
}
#endif

/* Whole-file problems have no line (diag line 0), however far the reading
 * got: a read error after 1,000 lines. */
static void test_whole_file_no_line(void **state)
{
	(void)state;
#if defined(__GLIBC__)
	struct failing f = { 1000 };
	cookie_io_functions_t io = { failing_read, NULL, NULL, NULL };
	FILE *fp = fopencookie(&f, "r", io);
	struct net *net = (struct net *)&net;
	struct diag dg = { 0 };
	assert_non_null(fp);
	assert_int_equal(net_load_stream(fp, "s.csv", &net, &dg), BKSEF_EIO);
	assert_null(net);
	fclose(fp);
	if (dg.line != 0 || strstr(dg.msg, "read error: Input/output error") == NULL)
		fail_msg("line %lu: %s", dg.line, dg.msg);
#else
	skip();
#endif
}

#if defined(__GLIBC__)
/* A stream of HEAD, then lines of 1,000 bytes until LIMIT bytes have been
 * given, then TAIL and the end: 999 'a's and an LF, or with QUOTES 499
 * doubled quotes, an 'a' and an LF.  SERVED counts the bytes the loader
 * took. */
struct endless {
	const char *head, *tail;
	int quotes;
	size_t limit, served;
};

static ssize_t endless_read(void *cookie, char *buf, size_t size)
{
	struct endless *e = cookie;
	size_t n = 0, hl = strlen(e->head);
	for (; n < size; n++, e->served++) {
		size_t at = e->served;
		if (at < hl) {
			buf[n] = e->head[at];
		} else if (at < e->limit) {
			size_t col = (at - hl) % 1000;
			buf[n] = col == 999 ? '\n' : e->quotes && col < 998 ? '"' : 'a';
		} else if (at - e->limit < strlen(e->tail)) {
			buf[n] = e->tail[at - e->limit];
		} else {
			break;
		}
	}
	return (ssize_t)n;
}

/* Load E through a stream: the status, and DG. */
static int load_endless(struct endless *e, struct diag *dg)
{
	cookie_io_functions_t io = { endless_read, NULL, NULL, NULL };
	FILE *fp = fopencookie(e, "r", io);
	struct net *net = (struct net *)&net;
	assert_non_null(fp);
	int st = net_load_stream(fp, "s.csv", &net, dg);
	fclose(fp);
	if (st == BKSEF_OK)
		net_free(net);
	else
		assert_null(net);
	return st;
}
#endif

/* The 64 KiB field limit holds while a quoted field is read, not after it
 * was buffered whole: a quoted field of 8,000 lines (8 MB) fails once it
 * passes the limit.  The loader reads 64 KiB chunks; a field of 'a's
 * passes 65,536 bytes in the second chunk (the first holds the head and
 * under 65,536 bytes of field), one of doubled quotes (501 bytes of field
 * per 1,000 of file) after 131 lines, in the third; so the loader stops
 * having read at most 3 chunks plus stdio's read-ahead of one buffer
 * (4 KiB here, 64 KiB at most): at most 4 x 64 KiB = 262,144 bytes of the
 * 8 MB. */
static void test_field_limit_while_reading(void **state)
{
	(void)state;
#if defined(__GLIBC__)
	static const struct {
		const char *head, *tail;
		int quotes;
		unsigned long line;
		const char *msg;
	} cases[] = {
		{ "name,op\n\"", "\",input\n", 0, 2,
		  "field in column 'name' is longer than 65536 bytes" },
		{ "name,op,from,out,h,w\nin,input,,3,8,8\n# c\nb,bn,\"", "\",,,\n", 0, 4,
		  "field in column 'from' is longer than 65536 bytes" },
		{ "name,op\nin,input,\"", "\"\n", 0, 2,
		  "too many fields: the header has 2 columns" },
		{ "name,\"", "\"\n", 0, 1, "field in the header is longer than 65536 bytes" },
		/* doubled quotes: 8 MB of them is 4 MB of field */
		{ "name,op\n\"", "\",input\n", 1, 2, "field in column 'name' is longer" },
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct endless e = { cases[i].head, cases[i].tail, cases[i].quotes,
			             strlen(cases[i].head) + 8000000, 0 };
		struct diag dg = { 0 };
		int st = load_endless(&e, &dg);
		if (st != BKSEF_EINPUT || dg.line != cases[i].line ||
		    strstr(dg.msg, cases[i].msg) == NULL || e.served > 262144) {
			print_error("case %zu: status %d, line %lu: %s (%zu bytes read)\n", i, st,
			            dg.line, dg.msg, e.served);
			failed++;
		}
	}
	assert_int_equal(failed, 0);

	/* 65,536 bytes of field are allowed, counted without the quotes and
	 * with a doubled quote as one byte: a `from` field of 66 lines of 999
	 * 'a's and an LF (66,000 bytes) is refused, while 130 lines of 499
	 * doubled quotes, an 'a' and an LF (130 x 501 = 65,130 bytes of field
	 * in 130,000 bytes of file) pass the limit and fail on the name they
	 * give instead */
	struct endless ok = { "name,op,from,out,h,w\nin,input,,3,8,8\nb,bn,\"", "\",,,\n", 1, 0,
		              0 };
	struct diag dg = { 0 };
	ok.limit = strlen(ok.head) + 130000;
	assert_int_equal(load_endless(&ok, &dg), BKSEF_EINPUT);
	if (dg.line != 3 || strstr(dg.msg, "from: unknown layer") == NULL)
		fail_msg("%lu: %s", dg.line, dg.msg);
	ok.quotes = 0;
	ok.served = 0;
	ok.limit = strlen(ok.head) + 66000;
	assert_int_equal(load_endless(&ok, &dg), BKSEF_EINPUT);
	if (dg.line != 3 || strstr(dg.msg, "field in column 'from' is longer than 65536") == NULL)
		fail_msg("%lu: %s", dg.line, dg.msg);
#else
	skip();
#endif
}

/* Hash flooding: 2^17 act rows whose names all collide in v0.1.0's index
 * (FNV-1a, equal in the low 24 bits: tests/unit/flood.c) and the input
 * row, n = 131,073 names.  The index is sized once for n: twice n + 2 =
 * 262,148 rounded up to a power of two, 2^19 = 524,288 slots, so the load
 * factor ends at n / 2^19 = 0.25.  With a hash the file cannot steer,
 * adding a name to linear probing at load factor a examines on average
 * (1 + 1/(1-a)^2)/2 slots, at most (1 + 1/0.75^2)/2 = 1.39 here: about
 * 1.2 n in all, and 4 n is far beyond any plausible run.  v0.1.0's hash
 * started all 2^17 crafted names at one slot, so the k-th examined k + 1
 * slots: 2^17 (2^17 + 1)/2 = 8,590,000,128 in all (and 1 for "in"),
 * 65,536 a name (58 s). */
static void test_index_flood(void **state)
{
	(void)state;
	size_t len, n = ((size_t)1 << 17) + 1;
	char *text = flood_network(17, 1, &len);
	assert_non_null(text);

	/* the names do collide under v0.1.0's hash: rows 2 on */
	char *first = strchr(strchr(text, '\n') + 1, '\n') + 1;
	char *nl = strchr(first, ',');
	*nl = '\0';
	uint64_t low = flood_fnv1a(first) & ((UINT64_C(1) << FLOOD_BITS) - 1);
	*nl = ',';
	for (char *row = first; *row; row = strchr(row, '\n') + 1) {
		char *comma = strchr(row, ',');
		*comma = '\0';
		assert_int_equal(flood_fnv1a(row) & ((UINT64_C(1) << FLOOD_BITS) - 1), low);
		*comma = ',';
	}

	struct net *net = NULL;
	struct diag dg = { 0 };
	if (net_load_buffer(text, len, "flood.csv", &net, &dg) != BKSEF_OK)
		fail_msg("%lu: %s", dg.line, dg.msg);
	assert_int_equal(net->n_layers, n);
	uint64_t probes = net_index_probes(net);
	print_message("index probes for %zu crafted names: %llu (%.2f a name)\n", n,
	              (unsigned long long)probes, (double)probes / (double)n);
	assert_true(probes >= n);
	assert_true(probes <= 4 * n);
	/* every name is found */
	for (size_t i = 0; i < n; i += 97)
		assert_int_equal(net_find_layer(net, net->layers[i].name), (long)i);
	net_free(net);
	free(text);
}

static void test_load_file_errors(void **state)
{
	(void)state;
	struct net *net = (struct net *)&net;
	struct diag dg = { 0 };
	assert_int_equal(net_load_file(TEST_DATA_DIR "/no-such-file.csv", "shown.csv", &net, &dg),
	                 BKSEF_EINPUT);
	assert_null(net);
	assert_string_equal(dg.file, "shown.csv");
	assert_int_equal(dg.line, 0);
	assert_non_null(strstr(dg.msg, "cannot open: No such file or directory"));

	net = (struct net *)&net;
	assert_int_equal(net_load_file(TEST_DATA_DIR, "dir", &net, &dg), BKSEF_EINPUT);
	assert_null(net);
	assert_int_equal(dg.line, 0);
	assert_non_null(strstr(dg.msg, "is a directory"));

	/* net_free(NULL) is a no-op */
	net_free(NULL);
}

/* A conv realised depthwise-separable (bksef(5)), on non-round shapes, by
 * hand.  c: 37x57x61 -> 53 channels, k 5, stride 2, pad 2, bias: output
 * (57 + 4 - 5) / 2 + 1 = 29 by (61 + 4 - 5) / 2 + 1 = 31, 899 positions.
 *  ds5: depthwise 25 * 37 * 899 = 831,575 MACs, 25 * 37 = 925 params (no
 *       bias); pointwise 37 * 53 * 899 = 1,762,939 MACs, 1961 + 53 (the
 *       bias) = 2014 params; together 2,594,514 MACs, 2939 params.
 *  ds1x5: depthwise 5 * 37 * 899 = 166,315 MACs, 185 params; together
 *       1,929,254 MACs, 2199 params.
 *  full 5: 25 * 1961 * 899 = 44,073,475 MACs, 25 * 1961 + 53 = 49,078.
 * d has its own dsK candidates; g (groups 53) cannot be realised so. */
static const char ds_net[] =
    NET_FORMAT2_LINE "\n"
                     "name,op,from,out,h,w,k,stride,pad,groups,bias,tune,candidates\n"
                     "in,input,,37,57,61,,,,,,,\n"
                     "c,conv,,53,,,5,2,2,1,1,1,\n"
                     "g,conv,,53,,,3,1,1,53,0,1,\n"
                     "d,conv,c,53,,,3,1,1,1,0,1,ds3 ds5\n";

static void test_ds_counts(void **state)
{
	struct net *net;
	struct diag dg = { 0 };
	struct kernel ds5 = kernel_realised(kernel_square(2, 5), KERNEL_DS), ds1x5 = ds5, full;
	int64_t macs[2], params[2];
	(void)state;
	if (net_load_buffer(ds_net, sizeof ds_net - 1, "ds.csv", &net, &dg) != BKSEF_OK)
		fail_msg("%s", dg.msg);
	const struct net_layer *c = &net->layers[1];
	assert_int_equal(c->h, 29);
	assert_int_equal(c->w, 31);
	net_layer_ds_parts(c, &ds5, macs, params);
	assert_int_equal(macs[0], 831575);
	assert_int_equal(params[0], 925);
	assert_int_equal(macs[1], 1762939);
	assert_int_equal(params[1], 2014);
	assert_int_equal(net_layer_macs_kernel(c, &ds5), 2594514);
	assert_int_equal(net_layer_params_kernel(c, &ds5), 2939);
	ds1x5.k[0] = 1;
	assert_int_equal(net_layer_macs_kernel(c, &ds1x5), 1929254);
	assert_int_equal(net_layer_params_kernel(c, &ds1x5), 2199);
	full = kernel_realised(ds5, KERNEL_FULL);
	assert_int_equal(net_layer_macs_kernel(c, &full), 44073475);
	assert_int_equal(net_layer_params_kernel(c, &full), 49078);
	/* the loaded network is full: its totals are the full kernels' */
	assert_int_equal(c->macs, 44073475);
	/* d's own candidates are ds; c's and g's have none */
	assert_true(net_layer_ext(net, &net->layers[3])->ds);
	assert_null(net_layer_ext(net, c));
	net_free(net);
}

/* dsK candidates: not on a grouped conv, not mixed with full ones, and
 * format 2 only; each at its line. */
static void test_ds_candidates_bad(void **state)
{
	static const struct {
		const char *text;
		unsigned long line;
		const char *part;
	} bad[] = {
		{ NET_FORMAT2_LINE "\nname,op,out,h,w,k,groups,candidates\n"
		                   "in,input,4,9,9,,,\nc,conv,4,,,3,2,ds3 ds5\n",
		  4, "dsK) candidates on a grouped conv (groups 2)" },
		{ NET_FORMAT2_LINE "\nname,op,out,h,w,k,candidates\n"
		                   "in,input,4,9,9,,\nc,conv,4,,,3,3 ds5\n",
		  4, "mixes full and depthwise-separable (dsK) kernels" },
		{ NET_FORMAT2_LINE "\nname,op,out,h,w,k,candidates\n"
		                   "in,input,4,9,9,,\nc,conv,4,,,3,ds3 5\n",
		  4, "mixes full and depthwise-separable" },
		{ NET_FORMAT2_LINE "\nname,op,out,h,w,k,candidates\n"
		                   "in,input,4,9,9,,\nc,conv,4,,,3,ds\n",
		  4, "expected a whole number" },
		{ NET_FORMAT2_LINE "\nname,op,out,h,w,k,candidates\n"
		                   "in,input,4,9,9,,\nc,conv,4,,,3,ds3 ds3\n",
		  4, "appears twice" },
		{ "name,op,out,h,w,k,candidates\nin,input,4,9,9,,\nc,conv,4,,,3,ds3 ds5\n", 3,
		  "depthwise-separable (dsK) kernels in column 'candidates' needs format 2" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct net *net = NULL;
		struct diag dg = { 0 };
		int st = net_load_buffer(bad[i].text, strlen(bad[i].text), "b.csv", &net, &dg);
		if (st != BKSEF_EINPUT || dg.line != bad[i].line ||
		    strstr(dg.msg, bad[i].part) == NULL)
			fail_msg("case %zu: status %d, line %lu, '%s'", i, st, dg.line, dg.msg);
		assert_null(net);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiny_buffer),
		cmocka_unit_test(test_ds_counts),
		cmocka_unit_test(test_ds_candidates_bad),
		cmocka_unit_test(test_layer_inputs),
		cmocka_unit_test(test_tiny_files),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_tune),
		cmocka_unit_test(test_pad_and_output_size),
		cmocka_unit_test(test_number_bounds),
		cmocka_unit_test(test_ops_bn_act_gap),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_add_concat),
		cmocka_unit_test(test_quoted_names),
		cmocka_unit_test(test_comments_crlf_bom),
		cmocka_unit_test(test_find_layer),
		cmocka_unit_test(test_inputs_near_and_far),
		cmocka_unit_test(test_op_names),
		cmocka_unit_test(test_pad_for_kernel),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_messages_printable),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_stream_chunks),
		cmocka_unit_test(test_cr_line_ends),
		cmocka_unit_test(test_whole_file_no_line),
		cmocka_unit_test(test_field_limit_while_reading),
		cmocka_unit_test(test_index_flood),
		cmocka_unit_test(test_load_file_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
