/* test_format2.c -- unit tests of network format 2: the format line, the
 * ops mul, slice, shuffle, layernorm and scale, ceil-mode pools, per-axis
 * kernels, strides, paddings and dilations, per-axis candidates and pins,
 * receptive fields per axis and the global-context mark, the format-2
 * errors and the export's choice of format, against values computed by hand
 * in the comments. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cand_table.h"
#include "export.h"
#include "net.h"
#include "rf.h"
#include "testlib.h"

#define V2 "#bksef-format 2\n"

static const struct net_layer *layer(const struct net *net, const char *name)
{
	long i = net_find_layer(net, name);
	if (i < 0)
		fail_msg("no layer '%s'", name);
	return &net->layers[i];
}

static size_t index_of(const struct net *net, const char *name)
{
	return (size_t)(layer(net, name) - net->layers);
}

static void assert_shape(const struct net *net, const char *name, int64_t c, int64_t h, int64_t w)
{
	const struct net_layer *l = layer(net, name);
	if (l->c != c || l->h != h || l->w != w)
		fail_msg("%s: %lldx%lldx%lld, expected %lldx%lldx%lld", name, (long long)l->c,
		         (long long)l->h, (long long)l->w, (long long)c, (long long)h,
		         (long long)w);
}

/* Load TEXT expecting BKSEF_EINPUT at LINE with PART in the message. */
static int load_bad(const char *text, unsigned long line, const char *part)
{
	struct net *net = NULL;
	struct diag dg = { 0 };
	int st = net_load_buffer(text, strlen(text), "bad.csv", &net, &dg);
	if (st != BKSEF_EINPUT || net != NULL || dg.line != line || strstr(dg.msg, part) == NULL) {
		print_error("status %d, line %lu, message '%s'\n  expected status %d, line %lu, "
		            "message containing '%s'\n",
		            st, dg.line, dg.msg, BKSEF_EINPUT, line, part);
		net_free(net);
		return -1;
	}
	return 0;
}

/* Per-axis receptive field of every layer at the loaded kernels: R[a][i]. */
static void rf_axes(const struct net *net, int64_t *r[2], int64_t *j[2], int64_t *p[2])
{
	struct diag dg = { 0 };
	int64_t max;
	for (int a = 0; a < 2; a++)
		assert_int_equal(rf_compute_axis(net, a, NULL, r[a], j[a], p[a], &max, &dg),
		                 BKSEF_OK);
}

/* tests/data/v2-ops.csv by hand (CxHxW; size (in + 2p - d(k-1) - 1)/s + 1
 * per axis, rounded up in ceil mode; r, j, p per axis h/w):
 *   in   6x14x16; r 1/1, j 1/1, p 0/0
 *   a    conv 8, k 1x7 same (pad 0x3), no bias: 8x14x16;
 *        MACs 7*6*8 * 14*16 = 336 * 224 = 75,264; params 336; tune 0 (1x7,
 *        no candidates); r 1/7, j 1/1, p 0/3
 *   b    conv 8, k 3x1, stride 2x1, pad 1x0, no bias, candidates
 *        "1x1 5x1, 3": h (14+2-2-1)/2+1 = 7, w 16 -> 8x7x16;
 *        MACs 3*8*8 * 7*16 = 192 * 112 = 21,504; params 192; tune 1;
 *        r 1+2*1 = 3 / 7, j 2/1, p 0+1*1 = 1 / 3
 *   mp   maxpool k3 s2 pad 0, ceil mode: h span 7-3 = 4 -> 2+1 = 3;
 *        w span 16-3 = 13 -> ceil(13/2)+1 = 8 (floor would be 7), and
 *        (8-1)*2 = 14 < 16: kept -> 8x3x8; r 3+2*2 = 7 / 7+2*1 = 9,
 *        j 4/2, p 1/3
 *   g    gap 8x1x1, global; r, j, p kept
 *   se1  conv 2, k1, bias: MACs 8*2 = 16, params 18; global
 *   se2  conv 8, k1, bias: MACs 16, params 24; global
 *   m    mul of mp (8x3x8) and se2 (8x1x1, broadcast): 8x3x8, global
 *        through the gap; r max(7, 7) / max(9, 9): the local field
 *   s1   slice channels 5..7: 3x3x8; s0 channels 0..4: 5x3x8
 *   cat  3 + 5 = 8x3x8
 *   sh   shuffle in 4 groups of 2 channels: 8x3x8
 *   ln   layer norm: 2*8 = 16 params; sc scale: 8 params
 *   pw   conv 12, k1, bias (a channel-last linear): MACs 8*12 * 3*8 =
 *        2,304, params 96 + 12 = 108
 *   ap   avgpool k 2x3, stride 1x2, pad 0x1: h (3-1-1)/1+1 = 2,
 *        w (8+2-2-1)/2+1 = 4 -> 12x2x4; r 7+1*4 = 11 / 9+2*2 = 13,
 *        j 4/4, p 1+0 = 1 / 3+1*2 = 5
 *   fc   12*2*4 = 96 features -> 5: MACs 480, params 485
 * Totals: params 336+192+18+24+16+8+108+485 = 1,187;
 *         MACs 75,264+21,504+16+16+2,304+480 = 99,584; rf 13 (ap, w). */
static void test_v2_ops(void **state)
{
	struct net *net = testlib_load_test_data("v2-ops.csv");
	(void)state;

	assert_int_equal(net->version, 2);
	assert_int_equal(net->rank, 2);
	assert_int_equal(net->per_axis, 1);
	assert_int_equal(net->n_layers, 17);
	assert_int_equal(net->n_conv, 5);
	assert_int_equal(net->n_tunable, 1);
	assert_shape(net, "in", 6, 14, 16);
	assert_shape(net, "a", 8, 14, 16);
	assert_shape(net, "b", 8, 7, 16);
	assert_shape(net, "mp", 8, 3, 8);
	assert_shape(net, "g", 8, 1, 1);
	assert_shape(net, "se2", 8, 1, 1);
	assert_shape(net, "m", 8, 3, 8);
	assert_shape(net, "s1", 3, 3, 8);
	assert_shape(net, "s0", 5, 3, 8);
	assert_shape(net, "cat", 8, 3, 8);
	assert_shape(net, "sh", 8, 3, 8);
	assert_shape(net, "ln", 8, 3, 8);
	assert_shape(net, "sc", 8, 3, 8);
	assert_shape(net, "pw", 12, 3, 8);
	assert_shape(net, "ap", 12, 2, 4);
	assert_shape(net, "fc", 5, 1, 1);

	assert_int_equal(layer(net, "a")->macs, 75264);
	assert_int_equal(layer(net, "a")->params, 336);
	assert_int_equal(layer(net, "a")->tune, 0);
	assert_int_equal(layer(net, "b")->macs, 21504);
	assert_int_equal(layer(net, "b")->params, 192);
	assert_int_equal(layer(net, "b")->tune, 1);
	assert_int_equal(layer(net, "se1")->params, 18);
	assert_int_equal(layer(net, "se2")->params, 24);
	assert_int_equal(layer(net, "m")->macs + layer(net, "m")->params, 0);
	assert_int_equal(layer(net, "s1")->macs + layer(net, "s1")->params, 0);
	assert_int_equal(layer(net, "sh")->macs + layer(net, "sh")->params, 0);
	assert_int_equal(layer(net, "ln")->params, 16);
	assert_int_equal(layer(net, "ln")->macs, 0);
	assert_int_equal(layer(net, "sc")->params, 8);
	assert_int_equal(layer(net, "sc")->macs, 0);
	assert_int_equal(layer(net, "pw")->macs, 2304);
	assert_int_equal(layer(net, "pw")->params, 108);
	assert_int_equal(layer(net, "fc")->macs, 480);
	assert_int_equal(layer(net, "fc")->params, 485);
	assert_int_equal(net->total_params, 1187);
	assert_int_equal(net->total_macs, 99584);
	assert_int_equal(net->max_rf, 13);

	/* per-axis values: the scalar fields are axis 0's */
	const struct net_layer *b = layer(net, "b");
	struct net_axis h = net_layer_axis(net, b, 0), w = net_layer_axis(net, b, 1);
	assert_int_equal(h.k, 3);
	assert_int_equal(w.k, 1);
	assert_int_equal(h.stride, 2);
	assert_int_equal(w.stride, 1);
	assert_int_equal(h.pad, 1);
	assert_int_equal(w.pad, 0);
	assert_int_equal(b->k, 3);
	struct net_axis aw = net_layer_axis(net, layer(net, "a"), 1);
	assert_int_equal(aw.pad, 3); /* same: 1*(7-1)/2 */
	assert_int_equal(net_layer_ext(net, layer(net, "mp"))->ceil_mode, 1);
	assert_int_equal(net_layer_ext(net, layer(net, "s1"))->start, 5);
	assert_null(net_layer_ext(net, layer(net, "s0"))); /* start 0: nothing kept */
	assert_int_equal(layer(net, "sh")->groups, 4);
	struct kernel kb = net_layer_kernel(net, index_of(net, "b"));
	char tok[KERNEL_TOKEN_MAX];
	assert_string_equal(kernel_format(&kb, tok, sizeof tok), "3x1");
	assert_int_equal(net->kernel[index_of(net, "a")], 7); /* the largest extent */

	/* b's own candidates: the size 1 ("1x1") and 3 as squares, 5x1 per axis */
	const struct net_ext *eb = net_layer_ext(net, b);
	assert_int_equal(b->candidates, testlib_set_of(1, 3, 0));
	assert_int_equal(eb->cand_count, 1);
	assert_string_equal(kernel_format(&net->cand_kernel[eb->cand_first], tok, sizeof tok),
	                    "5x1");

	/* receptive fields: the layer's is the larger axis */
	static const struct {
		const char *name;
		int64_t rh, rw, jh, jw, ph, pw;
		int global;
	} want[] = {
		{ "in", 1, 1, 1, 1, 0, 0, 0 },   { "a", 1, 7, 1, 1, 0, 3, 0 },
		{ "b", 3, 7, 2, 1, 1, 3, 0 },    { "mp", 7, 9, 4, 2, 1, 3, 0 },
		{ "g", 7, 9, 4, 2, 1, 3, 1 },    { "se2", 7, 9, 4, 2, 1, 3, 1 },
		{ "m", 7, 9, 4, 2, 1, 3, 1 },    { "s1", 7, 9, 4, 2, 1, 3, 1 },
		{ "cat", 7, 9, 4, 2, 1, 3, 1 },  { "pw", 7, 9, 4, 2, 1, 3, 1 },
		{ "ap", 11, 13, 4, 4, 1, 5, 1 }, { "fc", 11, 13, 4, 4, 1, 5, 1 },
	};
	int64_t *r[2], *j[2], *p[2];
	for (int a = 0; a < 2; a++) {
		r[a] = malloc(net->n_layers * sizeof *r[a]);
		j[a] = malloc(net->n_layers * sizeof *j[a]);
		p[a] = malloc(net->n_layers * sizeof *p[a]);
	}
	rf_axes(net, r, j, p);
	for (size_t q = 0; q < sizeof want / sizeof want[0]; q++) {
		size_t i = index_of(net, want[q].name);
		const struct net_layer *l = &net->layers[i];
		if (r[0][i] != want[q].rh || r[1][i] != want[q].rw || j[0][i] != want[q].jh ||
		    j[1][i] != want[q].jw || p[0][i] != want[q].ph || p[1][i] != want[q].pw ||
		    l->rf != (want[q].rh > want[q].rw ? want[q].rh : want[q].rw) ||
		    net_layer_global(net, i) != want[q].global)
			fail_msg("%s: r %lld/%lld j %lld/%lld p %lld/%lld rf %lld global %d",
			         want[q].name, (long long)r[0][i], (long long)r[1][i],
			         (long long)j[0][i], (long long)j[1][i], (long long)p[0][i],
			         (long long)p[1][i], (long long)l->rf, net_layer_global(net, i));
	}
	for (int a = 0; a < 2; a++) {
		free(r[a]);
		free(j[a]);
		free(p[a]);
	}
	net_free(net);
}

/* The format line: exact, on line 1 (after a byte order mark), any line end. */
static void test_format_line(void **state)
{
	static const char body[] = "name,op,from,out,h,w\nin,input,,3,4,4\nx,scale,,,,\n";
	static const char *const v2[] = { "#bksef-format 2\n", "#bksef-format 2\r\n",
		                          "#bksef-format 2\r", "\xEF\xBB\xBF#bksef-format 2\n" };
	char text[256];
	struct diag dg = { 0 };
	struct net *net;
	(void)state;

	for (size_t q = 0; q < sizeof v2 / sizeof v2[0]; q++) {
		snprintf(text, sizeof text, "%s%s", v2[q], body);
		assert_int_equal(net_load_buffer(text, strlen(text), "v2.csv", &net, &dg),
		                 BKSEF_OK);
		assert_int_equal(net->version, 2);
		assert_int_equal(layer(net, "x")->params, 3); /* scale: C = 3 */
		net_free(net);
	}
	/* without it: format 1, no global marks, and a format-2 op names the line */
	net = testlib_load_text("name,op,out,h,w\nin,input,3,4,4\ng,gap,,,\n");
	assert_int_equal(net->version, 1);
	assert_null(net->global);
	assert_int_equal(net_layer_global(net, 1), 0);
	net_free(net);
	assert_int_equal(load_bad(body, 3,
	                          "op 'scale' needs format 2: make '#bksef-format 2' the "
	                          "file's first line"),
	                 0);
	/* not on line 1: a comment, and the file is format 1 */
	snprintf(text, sizeof text, "# hello\n#bksef-format 2\n%s", body);
	assert_int_equal(load_bad(text, 5, "op 'scale' needs format 2"), 0);
	/* another version, or not exact */
	snprintf(text, sizeof text, "#bksef-format 3\n%s", body);
	assert_int_equal(load_bad(text, 1, "unknown format line '#bksef-format 3'"), 0);
	snprintf(text, sizeof text, "#bksef-format 2 \n%s", body);
	assert_int_equal(load_bad(text, 1, "unknown format line '#bksef-format 2 '"), 0);
	snprintf(text, sizeof text, "#bksef-format 2.0\n%s", body);
	assert_int_equal(load_bad(text, 1, "unknown format line"), 0);
}

/* The ceil-mode rule, torch's: round the size up, then drop a last window
 * that would start in the right padding.
 *   in 8x5, maxpool k 3x2, stride 2, pad 0x1, ceil:
 *     h span 8-2-1 = 5 -> ceil(5/2)+1 = 4 (floor 3); (4-1)*2 = 6 < 8: kept
 *     w span 5+2-1-1 = 5 -> ceil(5/2)+1 = 4, but (4-1)*2 = 6 >= 5+1: the
 *       last window starts in the padding -> 3 (floor 3 too)
 *   the same without ceil_mode: 3x3. */
static void test_ceil_mode(void **state)
{
	struct net *net = testlib_load_text(V2 "name,op,from,out,h,w,k,stride,pad,ceil_mode\n"
	                                       "in,input,,2,8,5,,,,\n"
	                                       "c,maxpool,,,,,3x2,2,0x1,1\n"
	                                       "f,avgpool,in,,,,3x2,2,0x1,0\n");
	(void)state;
	assert_shape(net, "c", 2, 4, 3);
	assert_shape(net, "f", 2, 3, 3);
	net_free(net);
}

/* Which kernels keep every output shape, axis by axis (net_pads_for_kernel):
 *   b of v2-ops: k 3x1, stride 2x1, pad 1x0, 14x16 -> 7x16.  A kernel
 *   A x B needs pad 1 + (A-3)/2 on h and (B-1)/2 on w:
 *     5x1 -> 2, 0: h (14+4-4-1)/2+1 = 7 ok;   3x3 -> 1, 1 ok;   3x5 -> 1, 2 ok
 *     2x1 -> h 1 + (2-3)/2: not whole, refused; 1x2 -> w pad 1/2: refused
 *   a: k 1x7 same on 14x16, stride 1: any odd A x B keeps, with pad
 *     (A-1)/2, (B-1)/2: 3x7 -> 1, 3; an even extent changes the size. */
static void test_pads_for_kernel(void **state)
{
	struct net *net = testlib_load_test_data("v2-ops.csv");
	size_t b = index_of(net, "b"), a = index_of(net, "a");
	int64_t pad[KERNEL_MAX_AXES], one;
	struct kernel k = kernel_square(2, 0);
	(void)state;

#define PADS(i, kh, kw) (k.k[0] = (kh), k.k[1] = (kw), net_pads_for_kernel(net, (i), &k, pad))
	assert_int_equal(PADS(b, 5, 1), 1);
	assert_int_equal(pad[0], 2);
	assert_int_equal(pad[1], 0);
	assert_int_equal(PADS(b, 3, 3), 1);
	assert_int_equal(pad[0], 1);
	assert_int_equal(pad[1], 1);
	assert_int_equal(PADS(b, 3, 5), 1);
	assert_int_equal(pad[1], 2);
	assert_int_equal(PADS(b, 2, 1), 0);
	assert_int_equal(PADS(b, 1, 2), 0);
	assert_int_equal(PADS(a, 3, 7), 1);
	assert_int_equal(pad[0], 1);
	assert_int_equal(pad[1], 3);
	assert_int_equal(PADS(a, 1, 4), 0);
#undef PADS
	struct kernel k3 = kernel_square(3, 3);
	assert_int_equal(net_pads_for_kernel(net, b, &k3, pad), 0); /* wrong rank */
	/* the square form: b at 3 needs pads 1 and 1; axis 0's is returned */
	assert_int_equal(net_pad_for_kernel(net, b, 3, &one), 1);
	assert_int_equal(one, 1);
	net_free(net);
}

/* The candidate table remembers, per conv geometry, which squares keep a
 * conv's shapes: every row must still hold exactly the squares that
 * net_pads_for_kernel allows for that conv itself, on networks of every rank
 * whose convs share and differ in geometry (strides, dilations, 'same',
 * sizes), over the sizes 1 to 15. */
static void test_table_squares(void **state)
{
	static const char *const nets[] = { "resnet50",    "inception_v3", "googlenet",
		                            "audio_cnn1d", "r3d_18",       "unet_small",
		                            "fcn_resnet50" };
	cand_set run = 0;
	int64_t pad[KERNEL_MAX_AXES];
	(void)state;
	for (int s = 1; s <= 15; s++)
		run |= (cand_set)1 << s;
	for (size_t n = 0; n < sizeof nets / sizeof nets[0]; n++) {
		struct net *net = testlib_load_bundled(nets[n]);
		struct cand_table *t = testlib_table_new(net, run, COST_MACS, 0, NULL, 0);
		size_t checked = 0;
		for (size_t c = 0; c < net->n_conv; c++) {
			size_t i = net->conv[c];
			const struct net_layer *l = &net->layers[i];
			cand_set set = net_layer_own_candidates(net, l) ? l->candidates : run;
			struct kernel loaded = net_layer_kernel(net, i);
			for (int s = 1; s <= 15; s++) {
				struct kernel sq = kernel_square(net->rank, s);
				int keeps = net_pads_for_kernel(net, i, &sq, pad), present = 0;
				for (size_t j = 0; j < cand_table_row_len(t, c); j++) {
					struct kernel k = kernel_realised(
					    t->kernel[cand_table_entry(t, c, j)], KERNEL_FULL);
					if (j < t->n_scored[c] || !l->tune)
						present |= kernel_equal(&k, &sq);
				}
				if (!cand_has(l->tune ? set : run, s))
					continue;
				/* a fixed conv's row also has its loaded kernel */
				if (present != keeps && !(!l->tune && kernel_equal(&sq, &loaded)))
					fail_msg(
					    "%s: layer %s, square %d: in the row %d, keeps its "
					    "shapes %d",
					    nets[n], l->name, s, present, keeps);
				checked++;
			}
		}
		assert_true(checked > 0);
		cand_table_free(t);
		net_free(net);
	}
}

/* 1-D and 3-D networks (issue 14): the input row's rank, shapes on every
 * axis, MACs growing with the taps k1 k2 k3, pads for a new kernel. */
static void test_rank(void **state)
{
	struct net *net = testlib_load_test_data("rank3.csv");
	size_t c1 = index_of(net, "c1"), stem = index_of(net, "stem");
	int64_t pad[KERNEL_MAX_AXES];
	char shape[NET_SHAPE_MAX];
	(void)state;

	assert_int_equal(net->rank, 3);
	assert_int_equal(net->version, 2);
	/* stem: 3x5x5 kernel, stride 1x2x2 on 3x4x8x8: 4x4x4x4 */
	assert_string_equal(net_layer_shape(&net->layers[stem], 3, 0, shape, sizeof shape),
	                    "4x4x4x4");
	assert_string_equal(net_layer_shape(&net->layers[0], 3, 1, shape, sizeof shape), "3x4x8x8");
	assert_int_equal(net_layer_size(&net->layers[stem], 3, 0, 1), 4);
	assert_int_equal(net_layer_positions(&net->layers[stem], 0), 64);
	/* c1: 4 -> 4 channels over 64 positions, 1,024 MACs a tap: a 5-cube
	 * 125 * 1,024 = 128,000; 1x3x3 9 * 1,024 = 9,216 */
	struct kernel cube = kernel_square(3, 5), k133 = kernel_square(3, 3);
	k133.k[0] = 1;
	assert_int_equal(net_layer_macs_kernel(&net->layers[c1], &cube), 128000);
	assert_int_equal(net_layer_macs_kernel(&net->layers[c1], &k133), 9216);
	/* pads that keep c1's shape: (k - 1) / 2 on each axis */
	assert_int_equal(net_pads_for_kernel(net, c1, &k133, pad), 1);
	assert_int_equal(pad[0], 0);
	assert_int_equal(pad[1], 1);
	assert_int_equal(pad[2], 1);
	struct kernel k2 = kernel_square(2, 3);
	assert_int_equal(net_pads_for_kernel(net, c1, &k2, pad), 0); /* wrong rank */
	assert_int_equal(net->max_rf, 11);
	net_free(net);

	net = testlib_load_test_data("rank1.csv");
	assert_int_equal(net->rank, 1);
	/* c1: k 9, stride 4, pad 4 on 100: 25; stored as h 1, w 25, t 1 */
	assert_shape(net, "c1", 8, 1, 25);
	assert_string_equal(net_layer_shape(layer(net, "c1"), 1, 0, shape, sizeof shape), "8x25");
	assert_int_equal(net->total_macs, 6472);
	assert_int_equal(net->max_rf, 29);
	net_free(net);

	/* a 2-D file with H = 1 stays 2-D */
	const char *flat = V2 "name,op,out,h,w,k,pad\nin,input,3,1,16,,\nc,conv,4,,,1x3,0x1\n";
	struct diag dg = { 0 };
	assert_int_equal(net_load_buffer(flat, strlen(flat), "flat.csv", &net, &dg), BKSEF_OK);
	assert_int_equal(net->rank, 2);
	net_free(net);
}

/* Errors of format 2, and format-2 features in a format-1 file. */
static void test_errors(void **state)
{
	static const struct {
		const char *text;
		unsigned long line;
		const char *part;
	} cases[] = {
		/* format 1 names the missing line */
		{ "name,op,from,out,h,w\nin,input,,3,4,4\nm,mul,in in,,,\n", 3,
		  "op 'mul' needs format 2: make '#bksef-format 2' the file's first line" },
		{ "name,op,out,h,w,ceil_mode\nin,input,3,4,4,\n", 1,
		  "column 'ceil_mode' needs format 2" },
		{ "name,op,out,h,w,start\nin,input,3,4,4,\n", 1, "column 'start' needs format 2" },
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,1x7\n", 3,
		  "per-axis value '1x7' in column 'k' needs format 2" },
		{ "name,op,out,h,w,k,pad\nin,input,3,8,8,,\nc,conv,4,,,3,0x1\n", 3,
		  "per-axis value '0x1' in column 'pad' needs format 2" },
		{ "name,op,out,h,w,k,candidates\nin,input,3,8,8,,\nc,conv,4,,,3,1x3 3\n", 3,
		  "per-axis kernels in column 'candidates' needs format 2" },
		/* ... but keeps its messages for what format 2 would refuse too */
		{ "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,0x3\n", 3,
		  "invalid value '0x3' in column 'k': expected a whole number" },
		{ "name,op,out,h,w\nin,input,3,8,8\nm,mult,,,\n", 3,
		  "unknown op 'mult' (expected one of: input, conv, maxpool, avgpool, gap, fc, "
		  "add, "
		  "concat, bn, act)" },
		{ "name,op,out,h,w,kernel\nin,input,3,8,8,\n", 1,
		  "(known columns: name, op, from, out, h, w, k, stride, pad, dilation, groups, "
		  "bias, "
		  "tune, candidates)" },
		/* format 2 lists its own */
		{ V2 "name,op,out,h,w\nin,input,3,8,8\nm,mult,,,\n", 4,
		  "(expected one of: input, conv, maxpool, avgpool, gap, fc, add, concat, bn, act, "
		  "mul, slice, shuffle, layernorm, scale, upsample, convtranspose)" },
		{ V2 "name,op,out,h,w,kernel\nin,input,3,8,8,\n", 2,
		  "tune, candidates, ceil_mode, start, t, l, mode, scale, output_padding)" },
		/* value types */
		{ V2 "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,1x7x7\n", 4,
		  "value '1x7x7' in column 'k' has 3 axes, but the network's images have 2" },
		{ V2 "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,1x\n", 4,
		  "invalid value '1x' in column 'k': expected a whole number, or one per axis "
		  "(AxB)" },
		{ V2 "name,op,out,h,w,k\nin,input,3,8,8,\nc,conv,4,,,1x0\n", 4,
		  "value 0 in column 'k' must be at least 1" },
		{ V2 "name,op,out,h,w,k,stride\nin,input,3,8,8,,\nc,conv,4,,,3,2x2147483648\n", 4,
		  "value 2147483648 in column 'stride' is too large" },
		{ V2 "name,op,out,h,w,k,pad\nin,input,3,8,8,,\nc,conv,4,,,3,samex1\n", 4,
		  "invalid value 'samex1' in column 'pad'" },
		{ V2 "name,op,out,h,w,k,groups\nin,input,4,8,8,,\nc,conv,4,,,3,2x2\n", 4,
		  "column 'groups' takes one whole number, not one per axis ('2x2')" },
		{ V2 "name,op,out,h,w\nin,input,3,8x8,8\n", 3,
		  "column 'h' takes one whole number, not one per axis ('8x8')" },
		{ V2 "name,op,from,out,h,w,start\nin,input,,4,8,8,\ns,slice,,2,,,1x1\n", 4,
		  "column 'start' takes one whole number" },
		{ V2 "name,op,out,h,w,k,ceil_mode\nin,input,3,8,8,,\np,maxpool,,,,3,2\n", 4,
		  "invalid value '2' in column 'ceil_mode': expected 0 or 1" },
		{ V2 "name,op,out,h,w,start\nin,input,3,8,8,\ns,slice,2,,,-1\n", 4,
		  "value -1 in column 'start' must be at least 0" },
		/* columns that do not apply */
		{ V2 "name,op,out,h,w,k,ceil_mode\nin,input,3,8,8,,\nc,conv,4,,,3,1\n", 4,
		  "column 'ceil_mode' does not apply to op 'conv'" },
		{ V2 "name,op,out,h,w,start\nin,input,3,8,8,\nc,scale,,,,1\n", 4,
		  "column 'start' does not apply to op 'scale'" },
		{ V2 "name,op,out,h,w,k\nin,input,3,8,8,\nc,layernorm,,,,1x3\n", 4,
		  "column 'k' does not apply to op 'layernorm'" },
		{ V2 "name,op,out,h,w,groups\nin,input,3,8,8,\nc,mul,,,,3\n", 4,
		  "column 'groups' does not apply to op 'mul'" },
		{ V2 "name,op,out,h,w\nin,input,3,8,8\ns,slice,,,\n", 4,
		  "missing value in column 'out' (required for op 'slice')" },
		{ V2 "name,op,out,h,w\nin,input,3,8,8\ns,shuffle,,,\n", 4,
		  "missing value in column 'groups' (required for op 'shuffle')" },
		/* mul: two inputs, the second the first's shape or C x 1 x 1 */
		{ V2 "name,op,from,out,h,w\nin,input,,3,8,8\nm,mul,in,,,\n", 4,
		  "op 'mul' takes two inputs, but 'from' names 1" },
		{ V2 "name,op,from,out,h,w\nin,input,,3,8,8\nm,mul,in in in,,,\n", 4,
		  "op 'mul' takes two inputs, but 'from' names 3" },
		{ V2 "name,op,from,out,h,w,k\nin,input,,8,7,7,\ng,gap,,,,,\nq,conv,,4,,,1\n"
		     "m,mul,in q,,,,\n",
		  6,
		  "mul 'm': input 'q' is 4x1x1, but the second input of a mul must be 8x7x7 or "
		  "8x1x1 to match 'in' (CxHxW)" },
		{ V2 "name,op,from,out,h,w,k,stride\nin,input,,8,7,7,,\nq,avgpool,,,,,1x7,1x7\n"
		     "m,mul,in q,,,,,\n",
		  5, "input 'q' is 8x7x1, but the second input of a mul must be 8x7x7 or 8x1x1" },
		{ V2 "name,op,from,out,h,w\nin,input,,8,7,7\ng,gap,,,,\nm,mul,g in,,,\n", 5,
		  "input 'in' is 8x7x7, but the second input of a mul must be 8x1x1 or 8x1x1" },
		/* slice and shuffle within the channels */
		{ V2 "name,op,out,h,w,start\nin,input,8,5,5,\ns,slice,5,,,4\n", 4,
		  "slice 's': channels 4 to 8 are beyond the input's 8 channels (start 4, out 5)" },
		{ V2 "name,op,out,h,w\nin,input,8,5,5\ns,slice,9,,\n", 4,
		  "channels 0 to 8 are beyond the input's 8 channels" },
		{ V2 "name,op,out,h,w,groups\nin,input,8,5,5,\ns,shuffle,,,,3\n", 4,
		  "shuffle 's': groups 3 does not divide the input's 8 channels" },
		/* per-axis shapes and candidates */
		{ V2 "name,op,out,h,w,k,pad\nin,input,3,8,8,,\nc,conv,4,,,1x9,0\n", 4,
		  "layer 'c': output size would be 8x0 (input 8x8, kernel 1x9, stride 1, pad 0, "
		  "dilation 1)" },
		{ V2 "name,op,out,h,w,k,candidates\nin,input,3,8,8,,\nc,conv,4,,,3,1x3x3\n", 4,
		  "column 'candidates': invalid kernel '1x3x3' in candidate list '1x3x3'" },
		{ V2 "name,op,out,h,w,k,candidates\nin,input,3,8,8,,\nc,conv,4,,,3,1x64\n", 4,
		  "invalid kernel '1x64'" },
		{ V2 "name,op,out,h,w,k,candidates\nin,input,3,8,8,,\nc,conv,4,,,3,\"1x3,1x3\"\n",
		  4, "kernel 1x3 appears twice in candidate list '1x3,1x3'" },
		{ V2 "name,op,out,h,w,k,candidates\nin,input,3,8,8,,\nc,conv,4,,,3,3x3 3\n", 4,
		  "kernel size 3 appears twice" },
		/* rank (issue 14): the input declares it, values of another rank */
		{ V2 "name,op,out,t,h,w,k\nin,input,3,4,8,8,\nc,conv,4,,,,1x7\n", 4,
		  "value '1x7' in column 'k' has 2 axes, but the network's images have 3" },
		{ V2 "name,op,out,l,k\nin,input,3,100,\nc,conv,4,,1x7\n", 4,
		  "value '1x7' in column 'k' has 2 axes, but the network's images have 1" },
		{ V2 "name,op,out,h,l\nin,input,3,1,100\n", 3,
		  "column 'h' does not apply to a 1-D input (C x L, column 'l')" },
		{ V2 "name,op,out,t,w\nin,input,3,4,8\n", 3,
		  "missing value in column 'h' (required for op 'input')" },
		{ V2 "name,op,out,t,h,w,k\nin,input,3,4,8,8,\nc,conv,4,2,,,3\n", 4,
		  "column 't' does not apply to op 'conv'" },
		{ "name,op,out,l\nin,input,3,100\n", 1, "column 'l' needs format 2" },
		/* a mul's broadcast in 3-D is C x 1 x 1 x 1 */
		{ V2 "name,op,from,out,t,h,w,k,pad\nin,input,,3,4,8,8,,\n"
		     "p,maxpool,,,,,,1x8x8,0\nm,mul,in p,,,,,,\n",
		  5,
		  "mul 'm': input 'p' is 3x4x1x1, but the second input of a mul must be 3x4x8x8 "
		  "or 3x1x1x1 to match 'in' (CxTxHxW)" },
		{ V2 "name,op,from,out,l,k\nin,input,,3,8,\np,maxpool,,,,2\na,add,in p,,,\n", 5,
		  "add 'a': input 'in' is 3x8 but 'p' is 3x7 (CxL)" },
		/* overflow at 63^3: 1e6 channels over 1e8 positions, 1e14 MACs a
		 * tap; 250,047 taps overflow (3,969 would not) */
		{ V2 "name,op,out,t,h,w,k\nin,input,1,100,1000,1000,\nc,conv,1000000,,,,1\n", 4,
		  "layer 'c': its MAC or parameter count at the largest kernel is too large" },
		/* overflow at the per-axis products: 63 * 3,000,000 taps at most
		 * (each axis up to 63 or its own extent) times (2^31-1)^2 per tap */
		{ V2 "name,op,out,h,w,k\nin,input,2147483647,1,2,\n"
		     "c,conv,2147483647,,,1x3000000\n",
		  4, "layer 'c': its MAC or parameter count at the largest kernel is too large" },
	};
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (load_bad(cases[i].text, cases[i].line, cases[i].part) != 0) {
			print_error("  in case %zu: %s\n", i, cases[i].text);
			bad++;
		}
	assert_int_equal(bad, 0);
}

/* The worst-case bound is per axis, not the largest extent squared: a 1 x
 * 3,000,000 conv from 1 to 2^31-1 channels on 1x2 (pad same 1,499,999 on
 * w: (2+2999998-2999999-1)+1 = 1 column) has at most 63 * 3e6 taps times
 * 2^31-1 per tap, about 4.1e17, which fits; the square rule (3e6)^2 would
 * have refused it.  Its MACs: 3e6 * (2^31-1) = 6,442,450,941,000,000. */
static void test_per_axis_bound(void **state)
{
	struct net *net = testlib_load_text(V2 "name,op,out,h,w,k,bias\nin,input,1,1,2,,\n"
	                                       "c,conv,2147483647,,,1x3000000,0\n");
	(void)state;
	assert_shape(net, "c", 2147483647, 1, 1);
	assert_int_equal(layer(net, "c")->macs, INT64_C(6442450941000000));
	net_free(net);
}

/* Candidate tables and plans with per-axis kernels:
 *   b of v2-ops is scored over 1 (1x1), 5x1 (size sqrt 5) and 3 (3x3), in
 *   that order; at 5x1 its MACs are 5*64 * 112 = 35,840; the receptive
 *   field: b h 1+4*1 = 5 / w 7, mp 5+2*2 = 9 / 7+2*1 = 9, ap 9+1*4 = 13 /
 *   9+2*2 = 13: rf 13.  At 3: b 3 / 7+2 = 9, mp 7 / 11, ap 11 / 15: rf 15.
 *   tiny.csv (format 1, square) with c4 pinned to 3x7 (pads 1 and 3 on
 *   9x13): p1 has r 15, j 4, so c4 reaches 15+2*4 = 23 on h, 15+6*4 = 39
 *   on w: rf 39; MACs 21 * 17*5 * 117 = 208,845, params 21*85 + 5 = 1,790. */
static void test_plan_per_axis(void **state)
{
	struct net *net = testlib_load_test_data("v2-ops.csv");
	struct cand_table *t = testlib_table_new(net, CAND_DEFAULT, 0, 0, NULL, 0);
	struct plan *p = testlib_plan_new(t);
	size_t b = index_of(net, "b");
	long c = cand_table_row_of(t, b);
	char tok[KERNEL_TOKEN_MAX];
	(void)state;

	assert_true(c >= 0);
	assert_int_equal(t->n_scored[c], 3);
	assert_string_equal(kernel_format(&t->kernel[t->first[c] + 0], tok, sizeof tok), "1");
	assert_string_equal(kernel_format(&t->kernel[t->first[c] + 1], tok, sizeof tok), "5x1");
	assert_string_equal(kernel_format(&t->kernel[t->first[c] + 2], tok, sizeof tok), "3");
	assert_int_equal(t->macs[t->first[c] + 1], 35840);
	assert_int_equal(p->per_axis, 1);
	assert_int_equal(p->rf, 13); /* as loaded */
	plan_set(p, (size_t)c, 1);
	plan_update(p);
	assert_int_equal(p->rf, 13);
	assert_int_equal(p->rf_axis[0][b], 5);
	assert_int_equal(p->rf_axis[1][b], 7);
	assert_int_equal(p->rf_layer[b], 7);
	assert_int_equal(p->extent[b], 5);
	assert_int_equal(plan_layer_macs(p, b), 35840);
	assert_int_equal(p->macs, 99584 - 21504 + 35840);
	int64_t pad[KERNEL_MAX_AXES];
	plan_layer_pads(p, b, pad);
	assert_int_equal(pad[0], 2);
	assert_int_equal(pad[1], 0);
	plan_set(p, (size_t)c, 2);
	plan_update(p);
	assert_int_equal(p->rf, 15);
	plan_free(p);
	cand_table_free(t);
	net_free(net);

	/* a square network, a per-axis pin: accepted by the request, and a plan
	 * over a table that holds it */
	net = testlib_load_test_data("tiny.csv");
	struct request req;
	struct diag dg = { 0 };
	size_t c4 = index_of(net, "c4");
	request_init(&req);
	assert_int_equal(request_pin_text(&req, net, "c4=3x7", &dg), BKSEF_OK);
	assert_int_equal(request_n_pins(&req), 1);
	/* c4 at 4x4 would change 9x13: refused */
	assert_int_equal(request_pin_text(&req, net, "c4=4x4", &dg), BKSEF_EUSAGE);
	t = testlib_table_new(net, CAND_DEFAULT, 0, 0, request_pins(&req), 1);
	p = testlib_plan_new(t);
	assert_int_equal(p->per_axis, 1);
	assert_int_equal(p->rf, 31); /* as loaded: tiny's */
	plan_apply_pins(p, request_pins(&req), 1);
	plan_update(p);
	assert_int_equal(p->rf_axis[0][c4], 23);
	assert_int_equal(p->rf_axis[1][c4], 39);
	assert_int_equal(p->rf, 39);
	assert_int_equal(plan_layer_macs(p, c4), 208845);
	assert_int_equal(plan_layer_params(p, c4), 1790);
	plan_free(p);
	cand_table_free(t);
	request_release(&req);
	net_free(net);
}

/* The run's per-axis candidates (--candidates 1x3,3x1,3) reach every tunable
 * conv whose shapes they keep: tiny's c4 (k5 pad 2 on 9x13) takes 1x3 (pads
 * 0, 1), 3x1 and 3; the size 1 ("1x1" is square) too. */
static void test_run_axes(void **state)
{
	struct net *net = testlib_load_test_data("tiny.csv");
	struct request req;
	struct diag dg = { 0 };
	char tok[KERNEL_TOKEN_MAX];
	(void)state;

	request_init(&req);
	assert_int_equal(cand_parse_tokens("1x3,3x1,3", 2, &req.candidates, &req.cand_axes, &dg),
	                 BKSEF_OK);
	assert_int_equal(req.candidates, testlib_set_of(3, 0));
	assert_int_equal(req.cand_axes.n, 2);
	struct session *s = testlib_session_new(net, &req);
	const struct cand_table *t = session_table(s);
	long c = cand_table_row_of(t, index_of(net, "c1"));
	/* c1's own list is the run's: 1x3, 3x1 (both size sqrt 3, by extents), 3 */
	assert_int_equal(t->n_scored[c], 3);
	assert_string_equal(kernel_format(&t->kernel[t->first[c]], tok, sizeof tok), "1x3");
	assert_string_equal(kernel_format(&t->kernel[t->first[c] + 1], tok, sizeof tok), "3x1");
	assert_int_equal(t->per_axis, 1);
	/* c4 has its own candidates (3 5 7): the run's per-axis ones do not apply */
	c = cand_table_row_of(t, index_of(net, "c4"));
	assert_int_equal(t->n_scored[c], 3);
	assert_string_equal(kernel_format(&t->kernel[t->first[c]], tok, sizeof tok), "3");
	session_free(s);
	request_release(&req);
	net_free(net);
}

/* The export writes format 1 unless the network or the plan needs 2, and
 * what it writes loads back to the plan's figures. */
static void test_export_version(void **state)
{
	struct net *net = testlib_load_test_data("v2-ops.csv");
	struct cand_table *t = testlib_table_new(net, CAND_DEFAULT, 0, 0, NULL, 0);
	struct plan *p = testlib_plan_new(t);
	struct diag dg = { 0 };
	char *buf = NULL;
	size_t len = 0;
	struct net *back;
	(void)state;

	assert_int_equal(export_network_version(net, p), 2);
	plan_set(p, (size_t)cand_table_row_of(t, index_of(net, "b")), 1); /* 5x1 */
	plan_update(p);
	FILE *fp = open_memstream(&buf, &len);
	assert_int_equal(export_network_csv(fp, net, p, &dg), BKSEF_OK);
	fclose(fp);
	assert_memory_equal(buf, "#bksef-format 2\n# v2-ops with", 29);
	assert_int_equal(net_load_buffer(buf, len, "back.csv", &back, &dg), BKSEF_OK);
	assert_int_equal(back->total_macs, p->macs);
	assert_int_equal(back->total_params, p->params);
	assert_int_equal(back->max_rf, p->rf);
	assert_int_equal(layer(back, "b")->macs, 35840);
	assert_int_equal(net_layer_ext(back, layer(back, "mp"))->ceil_mode, 1);
	assert_int_equal(net_layer_ext(back, layer(back, "s1"))->start, 5);
	assert_int_equal(net_layer_global(back, index_of(back, "m")), 1);
	net_free(back);
	free(buf);
	plan_free(p);
	cand_table_free(t);
	net_free(net);

	/* a format-1 network: format 1, unless the plan gives a per-axis kernel */
	net = testlib_load_test_data("tiny.csv");
	struct pin pin = { (uint32_t)index_of(net, "c4"), kernel_square(2, 3) };
	pin.k.k[1] = 7;
	t = testlib_table_new(net, CAND_DEFAULT, 0, 0, &pin, 1);
	p = testlib_plan_new(t);
	assert_int_equal(export_network_version(net, p), 1);
	plan_apply_pins(p, &pin, 1);
	plan_update(p);
	assert_int_equal(export_network_version(net, p), 2);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	assert_int_equal(export_network_csv(fp, net, p, &dg), BKSEF_OK);
	fclose(fp);
	assert_int_equal(net_load_buffer(buf, len, "back.csv", &back, &dg), BKSEF_OK);
	assert_int_equal(back->version, 2);
	assert_int_equal(back->max_rf, 39);
	assert_int_equal(layer(back, "c4")->macs, 208845);
	net_free(back);
	free(buf);
	plan_free(p);
	cand_table_free(t);
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v2_ops),         cmocka_unit_test(test_format_line),
		cmocka_unit_test(test_ceil_mode),      cmocka_unit_test(test_pads_for_kernel),
		cmocka_unit_test(test_errors),         cmocka_unit_test(test_per_axis_bound),
		cmocka_unit_test(test_plan_per_axis),  cmocka_unit_test(test_run_axes),
		cmocka_unit_test(test_export_version), cmocka_unit_test(test_rank),
		cmocka_unit_test(test_table_squares),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
