/* test_onnx_map.c -- unit tests of the mapping of ONNX graphs onto networks
 * (onnx_map.h): --input-size's syntax, the format a name says, the exact
 * network file of a fused pattern, every blocker listed at once, and the
 * load of a model as a network.  The models are those of tests/data/onnx/map,
 * written by tests/data/onnx/gen-map.py, whose docstrings work out each
 * expected number by hand. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net.h"
#include "onnx.h"
#include "onnx_map.h"

#define MAP_DIR TEST_DATA_DIR "/onnx/map/"

static struct onnx_model *read_ok(const char *name)
{
	struct onnx_model *m = NULL;
	struct diag dg = { 0 };
	char path[1024];
	snprintf(path, sizeof path, MAP_DIR "%s", name);
	if (onnx_read_file(path, name, ONNX_READ_SUBGRAPHS, &m, &dg) != BKSEF_OK)
		fail_msg("%s: %s", name, dg.msg);
	return m;
}

static void test_size_parse(void **state)
{
	static const struct {
		const char *text;
		int n;
		int64_t v[4];
	} good[] = {
		{ "3x224x224", 3, { 3, 224, 224 } },
		{ "1x16000", 2, { 1, 16000 } },
		{ "3x16x112x112", 4, { 3, 16, 112, 112 } },
		{ "1x2147483647", 2, { 1, 2147483647 } },
	};
	static const char *const bad[] = { "",
		                           "3",
		                           "3x",
		                           "x3x3",
		                           "3x0x8",
		                           "3x8x8x8x8",
		                           "3X8",
		                           " 3x8",
		                           "3x8 ",
		                           "-3x8",
		                           "3x2147483648",
		                           "3xx8",
		                           "3x8x",
		                           "3x99999999999999999999" };
	struct onnx_map_size s;
	struct diag dg;
	(void)state;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(onnx_map_size_parse(good[i].text, &s, &dg), BKSEF_OK);
		assert_int_equal(s.n, good[i].n);
		for (int a = 0; a < s.n; a++)
			assert_int_equal(s.v[a], good[i].v[a]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (onnx_map_size_parse(bad[i], &s, &dg) != BKSEF_EUSAGE)
			fail_msg("'%s' parsed", bad[i]);
		assert_int_equal(s.n, 0);
		assert_non_null(strstr(dg.msg, "is not a size"));
	}
}

static void test_kind_of_name(void **state)
{
	(void)state;
	assert_int_equal(onnx_map_kind_of_name("m.onnx"), ONNX_MAP_KIND_ONNX);
	assert_int_equal(onnx_map_kind_of_name("dir/m.onnx"), ONNX_MAP_KIND_ONNX);
	assert_int_equal(onnx_map_kind_of_name("n.csv"), ONNX_MAP_KIND_CSV);
	assert_int_equal(onnx_map_kind_of_name(".onnx"), -1);
	assert_int_equal(onnx_map_kind_of_name("m.ONNX"), -1);
	assert_int_equal(onnx_map_kind_of_name("m.onnx.bak"), -1);
	assert_int_equal(onnx_map_kind_of_name("-"), -1);
	assert_int_equal(onnx_map_kind_of_name("resnet50"), -1);
}

#define NAME_ROW                                                   \
	"name,op,from,out,h,w,k,stride,pad,dilation,groups,bias\n" \
	"x,input,,3,8,8,,,,,,\n"                                   \
	"c1,conv,x,4,,,3,1,1,1,1,1\n"                              \
	"a,act,c1,,,,,,,,,\n"                                      \
	"gap,gap,a,,,,,,,,,\n"                                     \
	"y,fc,gap,5,,,,,,,,1\n"

/* SiLU (x * sigmoid(x)) is one act row, named after the Mul's output 'a';
 * the whole file after its comment lines (gen-map.py act_chain). */
static void test_silu_text(void **state)
{
	struct onnx_model *m = read_ok("silu-op13.onnx");
	struct onnx_map map;
	struct diag dg = { 0 };
	(void)state;

	assert_int_equal(onnx_map_model(m, "silu-op13.onnx", NULL, &map, &dg), BKSEF_OK);
	assert_int_equal(map.version, 1);
	assert_int_equal(map.n_blockers, 0);
	assert_null(map.blockers);
	/* conv with a bias, no BatchNormalization: the note */
	assert_int_equal(map.notes, ONNX_MAP_NOTE_FOLDED_BN);
	assert_string_equal(map.text, "# silu-op13.onnx, converted from ONNX by " PACKAGE_NAME
	                              " " PACKAGE_VERSION "\n"
	                              "# producer: bksef gen-map.py 1; opset 13\n"
	                              "# input 3x8x8\n" NAME_ROW);
	assert_int_equal(map.len, strlen(map.text));
	onnx_map_release(&map);
	onnx_free(m);
}

/* Every blocker at once, in node order; the Relu after each refused node is
 * not listed (gen-map.py blockers). */
static void test_blockers(void **state)
{
	struct onnx_model *m = read_ok("blockers-op13.onnx");
	struct onnx_map map;
	struct diag dg = { 0 };
	(void)state;

	assert_int_equal(onnx_map_model(m, "b.onnx", NULL, &map, &dg), BKSEF_EINPUT);
	assert_null(map.text);
	assert_int_equal(map.n_blockers, 5);
	assert_string_equal(dg.msg,
	                    "the graph cannot be written as a network: 5 unsupported nodes");
	assert_string_equal(
	    map.blockers,
	    "node 0 (Conv 'asym'): asymmetric padding (begins 0 0, ends 1 1) has no equivalent in "
	    "the format, which pads both sides alike\n"
	    "node 2 (Resize 'up'): mode 'cubic' has no row in the format (its upsample is nearest "
	    "or linear)\n"
	    "node 4 (Custom 'custom'): an op of the custom domain 'com.example' is not supported\n"
	    "node 6 (QuantizeLinear 'quant'): quantized ops are not supported\n"
	    "node 8 (ConvTranspose 'deconv'): asymmetric padding (begins 0 0, ends 1 1) has no "
	    "equivalent in the format, which pads both sides alike\n");
	onnx_map_release(&map);
	onnx_free(m);
}

/* A bias of the wrong length on a Conv and on a grouped ConvTranspose
 * (gen-map.py bias_blockers): the ConvTranspose's output channels are the
 * weight's second dim times the group, 1 * 3 = 3. */
static void test_bias_blockers(void **state)
{
	struct onnx_model *m = read_ok("bias-blockers-op13.onnx");
	struct onnx_map map;
	struct diag dg = { 0 };
	(void)state;

	assert_int_equal(onnx_map_model(m, "b.onnx", NULL, &map, &dg), BKSEF_EINPUT);
	assert_int_equal(map.n_blockers, 2);
	assert_string_equal(map.blockers,
	                    "node 0 (Conv 'cbias'): the bias has 3 values for 4 output channels\n"
	                    "node 1 (ConvTranspose 'tbias'): the bias has 2 values for 3 output "
	                    "channels\n");
	onnx_map_release(&map);
	onnx_free(m);
}

/* A 3-D network: the input's t column, per-axis tokens of a 1x3x3 conv,
 * format 2 with the columns of the ranks (gen-map.py conv3d); and an
 * upsample by a factor and to a size, nearest and bilinear (resize). */
static void test_rank_text(void **state)
{
	struct onnx_model *m = read_ok("conv3d-op13.onnx"), *r = read_ok("resize-op13.onnx");
	struct onnx_map map;
	struct diag dg = { 0 };
	(void)state;

	assert_int_equal(onnx_map_model(m, "c3.onnx", NULL, &map, &dg), BKSEF_OK);
	assert_int_equal(map.version, 2);
	assert_non_null(strstr(map.text, "# input 2x4x8x8\n"
	                                 "name,op,from,out,h,w,k,stride,pad,dilation,groups,bias,"
	                                 "ceil_mode,start,t,l,mode,scale,output_padding\n"
	                                 "x,input,,2,8,8,,,,,,,,,4,,,,\n"
	                                 "c1,conv,x,4,,,1x3x3,1x2x2,0x1x1,1,1,0,,,,,,,\n"));
	onnx_map_release(&map);
	assert_int_equal(onnx_map_model(r, "r.onnx", NULL, &map, &dg), BKSEF_OK);
	assert_non_null(strstr(map.text, "\nu,upsample,x,,,,,,,,,,,,,,nearest,2,\n"));
	assert_non_null(strstr(map.text, "\nl,upsample,c1,,12,12,,,,,,,,,,,bilinear,,\n"));
	onnx_map_release(&map);
	onnx_free(m);
	onnx_free(r);
}

/* --input-size: a size for symbolic dims, an override for a fully
 * convolutional graph, an error where Flatten -> Gemm fixes the size. */
static void test_input_size(void **state)
{
	struct onnx_model *sym = read_ok("symbolic-op13.onnx"), *fix = read_ok("fixed-op13.onnx");
	struct onnx_map_size s16 = { 3, { 3, 16, 16 } }, c4 = { 3, { 4, 8, 8 } };
	struct onnx_map map;
	struct diag dg = { 0 };
	(void)state;

	assert_int_equal(onnx_map_model(sym, "s.onnx", NULL, &map, &dg), BKSEF_EINPUT);
	assert_string_equal(map.blockers, "input 'x' has a size that is not a number (3xHxW): give "
	                                  "one with --input-size\n");
	/* the explorer asks for a size when the mapping says so */
	assert_true(map.notes & ONNX_MAP_NOTE_NEEDS_SIZE);
	onnx_map_release(&map);
	assert_int_equal(onnx_map_model(sym, "s.onnx", &s16, &map, &dg), BKSEF_OK);
	assert_false(map.notes & ONNX_MAP_NOTE_NEEDS_SIZE);
	assert_non_null(strstr(map.text, "\nx,input,,3,16,16,,,,,,\n"));
	onnx_map_release(&map);
	assert_int_equal(onnx_map_model(fix, "f.onnx", &s16, &map, &dg), BKSEF_EINPUT);
	assert_string_equal(map.blockers,
	                    "node 2 (Gemm 'fc'): the weight takes 256 features, its input gives "
	                    "1024 (4x16x16): the graph fixes its input's size\n");
	onnx_map_release(&map);
	assert_int_equal(onnx_map_model(fix, "f.onnx", &c4, &map, &dg), BKSEF_EINPUT);
	assert_string_equal(map.blockers, "--input-size gives 4 channels; input 'x' has 3\n");
	assert_false(map.notes & ONNX_MAP_NOTE_NEEDS_SIZE);
	onnx_map_release(&map);
	onnx_free(sym);
	onnx_free(fix);
}

/* A model loads as a network named after the file without ".onnx"; a
 * size with a CSV is a usage error; name and content must agree. */
static void test_load(void **state)
{
	struct net *net = NULL;
	struct onnx_map map;
	struct onnx_map_size s = { 3, { 3, 8, 8 } };
	struct diag dg = { 0 };
	(void)state;

	assert_int_equal(
	    onnx_map_load(MAP_DIR "se-op13.onnx", "se-op13.onnx", NULL, &net, &map, &dg), BKSEF_OK);
	assert_string_equal(net->name, "se-op13");
	assert_int_equal(net->version, 2);
	/* gen-map.py se: params 311, MACs 13896 */
	assert_int_equal(net->total_params, 311);
	assert_int_equal(net->total_macs, 13896);
	assert_non_null(map.text);
	net_free(net);
	onnx_map_release(&map);
	assert_int_equal(onnx_map_load(TEST_DATA_DIR "/tiny.csv", "tiny.csv", &s, &net, &map, &dg),
	                 BKSEF_EUSAGE);
	assert_null(net);
	assert_int_equal(
	    onnx_map_load(TEST_DATA_DIR "/tiny.csv", "tiny.csv", NULL, &net, NULL, &dg), BKSEF_OK);
	assert_string_equal(net->name, "tiny");
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_parse),    cmocka_unit_test(test_kind_of_name),
		cmocka_unit_test(test_silu_text),     cmocka_unit_test(test_blockers),
		cmocka_unit_test(test_bias_blockers), cmocka_unit_test(test_input_size),
		cmocka_unit_test(test_load),          cmocka_unit_test(test_rank_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
