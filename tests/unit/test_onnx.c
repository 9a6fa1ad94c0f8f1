/* test_onnx.c -- unit tests of the ONNX reader (onnx.h) over the tiny models
 * of tests/data/onnx, written by tests/data/onnx/gen-onnx.py: every value
 * checked here is a constant of that script (named in the comments), never
 * one taken from the reader's output.  Then the reader's paths against each
 * other (mapped, streamed, piped, every prefix of a file), its limits on
 * crafted protobuf, and the lookups the mapping will use. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "onnx.h"
#include "onnx-dump.h"

#define ONNX_DIR TEST_DATA_DIR "/onnx/"

/* gen-onnx.py's PRODUCER and HAND_BUILT. */
#define PRODUCER "bksef gen-onnx.py"
#define HAND_BUILT "bksef gen-onnx.py (hand-built with onnx.helper, unchecked)"

/* ------------------------------------------------------------- helpers */

static struct onnx_model *read_ok(const char *name, unsigned flags)
{
	struct onnx_model *m = NULL;
	struct diag dg = { 0 };
	char path[1024];
	snprintf(path, sizeof path, ONNX_DIR "%s", name);
	int st = onnx_read_file(path, name, flags, &m, &dg);
	if (st != BKSEF_OK)
		fail_msg("%s: status %d: %s", name, st, dg.msg);
	assert_non_null(m);
	return m;
}

/* The whole file NAME of tests/data/onnx in memory (*LEN bytes). */
static unsigned char *slurp(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, ONNX_DIR "%s", name);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	unsigned char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, fp);
	assert_true(*len > 0 && *len < (1 << 20));
	fclose(fp);
	return buf;
}

/* onnx_dump of M as a string (caller frees). */
static char *dump_of(const struct onnx_model *m)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	assert_non_null(fp);
	onnx_dump(fp, m);
	assert_int_equal(fclose(fp), 0);
	return text;
}

static const struct onnx_node *node_of(const struct onnx_model *m, size_t i, const char *op,
                                       const char *name)
{
	assert_true(i < m->n_nodes);
	assert_string_equal(m->nodes[i].op_type, op);
	assert_string_equal(m->nodes[i].name, name);
	assert_string_equal(m->nodes[i].domain, "");
	return &m->nodes[i];
}

static void check_inputs(const struct onnx_node *n, size_t count, ...)
{
	va_list ap;
	assert_int_equal(n->n_inputs, count);
	va_start(ap, count);
	for (size_t k = 0; k < count; k++)
		assert_string_equal(n->inputs[k], va_arg(ap, const char *));
	va_end(ap);
}

static void check_dims(const struct onnx_tensor *t, size_t rank, ...)
{
	va_list ap;
	assert_non_null(t);
	assert_int_equal(t->rank, rank);
	va_start(ap, rank);
	for (size_t k = 0; k < rank; k++)
		assert_int_equal(t->dims[k], va_arg(ap, long long));
	va_end(ap);
}

static void check_ints_attr(const struct onnx_model *m, size_t i, const char *name, size_t count,
                            ...)
{
	size_t n;
	const int64_t *v;
	va_list ap;
	assert_int_equal(onnx_node_attr_ints(m, i, name, &n, &v, NULL), BKSEF_OK);
	assert_int_equal(n, count);
	va_start(ap, count);
	for (size_t k = 0; k < count; k++)
		assert_int_equal(v[k], va_arg(ap, long long));
	va_end(ap);
}

/* A graph input or output VALUE: FLOAT tensor of the dims given (-1 for a
 * symbol or an unknown dim). */
static void check_value(const struct onnx_value *v, const char *name, size_t rank, ...)
{
	va_list ap;
	assert_non_null(v);
	assert_string_equal(v->name, name);
	assert_int_equal(v->kind, ONNX_VALUE_TENSOR);
	assert_int_equal(v->elem_type, ONNX_TYPE_FLOAT);
	assert_true(v->has_shape);
	assert_int_equal(v->rank, rank);
	va_start(ap, rank);
	for (size_t k = 0; k < rank; k++)
		assert_int_equal(v->dims[k].value, va_arg(ap, long long));
	va_end(ap);
}

/* gen-onnx.py's conv_bn_inits and conv_node/bn_node: conv.weight
 * [CONV_OUT=4, 3, 3, 3] of FLOAT (4*3*3*3 = 108 values, 432 bytes of
 * raw_data) holding arange: value k is k * 0.01 as a float32; conv.bias
 * [4]; BN's four [4] tensors; Conv kernel_shape [3, 3], strides [1, 1],
 * dilations [1, 1], group 1; BN epsilon 1e-5, momentum 0.9. */
static void check_conv_bn(const struct onnx_model *m, size_t conv, size_t bn)
{
	const struct onnx_tensor *w = onnx_init_find(m, "conv.weight");
	int64_t group;
	float eps, momentum;

	check_dims(w, 4, 4LL, 3LL, 3LL, 3LL);
	assert_int_equal(w->data_type, ONNX_TYPE_FLOAT);
	assert_int_equal(w->n_elements, 108);
	assert_int_equal(w->data_bytes, 432);
	assert_false(w->external);
	assert_true(w->has_values);
	assert_int_equal(w->n_values, 108);
	assert_null(w->ints);
	assert_true(w->reals[0] == 0.0);
	assert_true(w->reals[107] == (double)(107 * 0.01f));
	check_dims(onnx_init_find(m, "conv.bias"), 1, 4LL);
	for (const char *const *s =
	         (const char *const[]){ "bn.scale", "bn.bias", "bn.mean", "bn.var", NULL };
	     *s != NULL; s++)
		check_dims(onnx_init_find(m, *s), 1, 4LL);

	const struct onnx_node *n = node_of(m, conv, "Conv", "conv1");
	assert_int_equal(n->n_inputs, 3);
	assert_string_equal(n->inputs[1], "conv.weight");
	assert_string_equal(n->inputs[2], "conv.bias");
	assert_string_equal(n->outputs[0], "conv1.out");
	check_ints_attr(m, conv, "kernel_shape", 2, 3LL, 3LL);
	check_ints_attr(m, conv, "strides", 2, 1LL, 1LL);
	check_ints_attr(m, conv, "dilations", 2, 1LL, 1LL);
	assert_int_equal(onnx_node_attr_int(m, conv, "group", 7, &group, NULL), BKSEF_OK);
	assert_int_equal(group, 1);

	n = node_of(m, bn, "BatchNormalization", "bn1");
	check_inputs(n, 5, "conv1.out", "bn.scale", "bn.bias", "bn.mean", "bn.var");
	assert_int_equal(onnx_node_attr_float(m, bn, "epsilon", 0, &eps, NULL), BKSEF_OK);
	assert_true(eps == 1e-5f);
	assert_int_equal(onnx_node_attr_float(m, bn, "momentum", 0, &momentum, NULL), BKSEF_OK);
	assert_true(momentum == 0.9f);
	/* each BN parameter feeds BN once, the conv's output BN once */
	assert_int_equal(onnx_consumers(m, "bn.var"), 1);
	assert_int_equal(onnx_producer(m, "conv1.out"), (long)conv);
	assert_int_equal(onnx_consumers(m, "conv1.out"), 1);
}

/* gen-onnx.py's gemm_part: fc.weight [CLASSES=5, CONV_OUT=4] written with
 * make_tensor(raw=False), so in float_data: 20 values, 80 bytes; fc.bias
 * [5]; Gemm alpha 1, beta 1, transB 1. */
static void check_gemm(const struct onnx_model *m, size_t i, const char *in, const char *out)
{
	const struct onnx_tensor *w = onnx_init_find(m, "fc.weight");
	int64_t trans_b;
	float alpha, beta;

	check_dims(w, 2, 5LL, 4LL);
	assert_int_equal(w->data_bytes, 80);
	assert_true(w->has_values);
	assert_true(w->reals[19] == (double)(19 * 0.01f));
	check_dims(onnx_init_find(m, "fc.bias"), 1, 5LL);
	const struct onnx_node *n = node_of(m, i, "Gemm", "fc");
	check_inputs(n, 3, in, "fc.weight", "fc.bias");
	assert_int_equal(n->n_outputs, 1);
	assert_string_equal(n->outputs[0], out);
	assert_int_equal(onnx_node_attr_int(m, i, "transB", 0, &trans_b, NULL), BKSEF_OK);
	assert_int_equal(trans_b, 1);
	assert_int_equal(onnx_node_attr_float(m, i, "alpha", 0, &alpha, NULL), BKSEF_OK);
	assert_int_equal(onnx_node_attr_float(m, i, "beta", 0, &beta, NULL), BKSEF_OK);
	assert_true(alpha == 1.0f && beta == 1.0f);
}

/* The graph's input [1, 3, 8, 8] (IN_SHAPE) and output [1, CLASSES]. */
static void check_io(const struct onnx_model *m, const char *out, size_t out_rank, ...)
{
	va_list ap;
	assert_int_equal(m->n_real_inputs, 1);
	check_value(m->real_inputs[0], "input", 4, 1LL, 3LL, 8LL, 8LL);
	assert_int_equal(m->n_outputs, 1);
	assert_string_equal(m->outputs[0].name, out);
	assert_int_equal(m->outputs[0].rank, out_rank);
	va_start(ap, out_rank);
	for (size_t k = 0; k < out_rank; k++)
		assert_int_equal(m->outputs[0].dims[k].value, va_arg(ap, long long));
	va_end(ap);
}

/* ------------------------------------------------------- the models */

/* cbr_opset11: Pad (pads input [0,0,1,1, 0,0,1,1]) -> Conv (pads 0) -> BN
 * -> Clip(clip.min 0, clip.max 6, scalars) -> GAP -> Flatten(axis 1) ->
 * Gemm; 11 initializers: pad.pads, 6 of conv_bn_inits, clip.min/max, 2 of
 * gemm_part. */
static void test_cbr_op11(void **state)
{
	struct onnx_model *m = read_ok("cbr-op11.onnx", 0);
	const struct onnx_tensor *t;
	const char *mode;
	int64_t axis;
	static const char *const ops[] = {
		"Pad", "Conv", "BatchNormalization", "Clip", "GlobalAveragePool", "Flatten", "Gemm"
	};
	(void)state;

	assert_int_equal(m->ir_version, 8);
	assert_int_equal(onnx_opset_version(m, ""), 11);
	assert_int_equal(onnx_opset_version(m, "ai.onnx"), 11);
	assert_int_equal(onnx_opset_version(m, "com.microsoft"), 0);
	assert_string_equal(m->producer_name, PRODUCER);
	assert_string_equal(m->producer_version, "1");
	assert_string_equal(m->graph_name, "cbr11");
	assert_true(m->mapped);
	assert_int_equal(m->n_nodes, 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(m->nodes[i].op_type, ops[i]);
	assert_int_equal(m->n_inits, 11);
	check_io(m, "logits", 2, 1LL, 5LL);

	check_inputs(node_of(m, 0, "Pad", "pad"), 2, "input", "pad.pads");
	assert_int_equal(onnx_node_attr_string(m, 0, "mode", "x", &mode, NULL), BKSEF_OK);
	assert_string_equal(mode, "constant");
	t = onnx_init_find(m, "pad.pads");
	check_dims(t, 1, 8LL);
	assert_int_equal(t->data_type, ONNX_TYPE_INT64);
	assert_true(t->has_values);
	static const int64_t pads[8] = { 0, 0, 1, 1, 0, 0, 1, 1 };
	assert_memory_equal(t->ints, pads, sizeof pads);
	assert_null(t->reals);

	check_conv_bn(m, 1, 2);
	check_ints_attr(m, 1, "pads", 4, 0LL, 0LL, 0LL, 0LL);
	assert_string_equal(m->nodes[1].inputs[0], "padded");

	check_inputs(node_of(m, 3, "Clip", "clip"), 3, "bn1.out", "clip.min", "clip.max");
	t = onnx_init_find(m, "clip.min");
	check_dims(t, 0); /* a scalar */
	assert_int_equal(t->n_elements, 1);
	assert_true(t->has_values && t->n_values == 1 && t->reals[0] == 0.0);
	t = onnx_init_find(m, "clip.max");
	assert_true(t->has_values && t->n_values == 1 && t->reals[0] == 6.0);

	node_of(m, 4, "GlobalAveragePool", "gap");
	node_of(m, 5, "Flatten", "flatten");
	assert_int_equal(onnx_node_attr_int(m, 5, "axis", 0, &axis, NULL), BKSEF_OK);
	assert_int_equal(axis, 1);
	check_gemm(m, 6, "flat", "logits");
	assert_int_equal(onnx_producer(m, "logits"), 6);
	assert_int_equal(onnx_consumers(m, "logits"), 0);
	onnx_free(m);
}

/* cbr_opset13: Conv (pads 1) -> BN -> Relu -> GAP -> Squeeze(squeeze.axes
 * [2, 3]) -> Gemm -> Split(split.sizes [2, 3], axis 1) -> Concat(axis 1). */
static void test_cbr_op13(void **state)
{
	struct onnx_model *m = read_ok("cbr-op13.onnx", 0);
	const struct onnx_tensor *t;
	int64_t axis;
	(void)state;

	assert_int_equal(onnx_opset_version(m, ""), 13);
	assert_int_equal(m->n_nodes, 8);
	assert_int_equal(m->n_inits, 10);
	check_io(m, "logits", 2, 1LL, 5LL);
	check_conv_bn(m, 0, 1);
	check_ints_attr(m, 0, "pads", 4, 1LL, 1LL, 1LL, 1LL);
	check_inputs(node_of(m, 2, "Relu", "relu1"), 1, "bn1.out");
	check_inputs(node_of(m, 4, "Squeeze", "squeeze"), 2, "gap", "squeeze.axes");
	t = onnx_init_find(m, "squeeze.axes");
	assert_true(t->has_values && t->n_values == 2 && t->ints[0] == 2 && t->ints[1] == 3);
	check_gemm(m, 5, "squeezed", "fc.out");

	const struct onnx_node *n = node_of(m, 6, "Split", "split");
	check_inputs(n, 2, "fc.out", "split.sizes");
	assert_int_equal(n->n_outputs, 2);
	assert_string_equal(n->outputs[0], "part0");
	assert_string_equal(n->outputs[1], "part1");
	t = onnx_init_find(m, "split.sizes");
	assert_true(t->has_values && t->n_values == 2 && t->ints[0] == 2 && t->ints[1] == 3);
	assert_int_equal(onnx_node_attr_int(m, 6, "axis", 0, &axis, NULL), BKSEF_OK);
	assert_int_equal(axis, 1);
	check_inputs(node_of(m, 7, "Concat", "concat"), 2, "part0", "part1");
	assert_int_equal(onnx_producer(m, "part1"), 6);
	onnx_free(m);
}

/* cbr_opset17: Conv -> BN -> Relu -> GAP -> Constant(value: INT64 [2] in
 * int64_data, [1, CONV_OUT=4]) -> Reshape -> Gemm -> LayerNormalization
 * (axis -1, epsilon 1e-5); value_info gap [1, 4, 1, 1]. */
static void test_cbr_op17(void **state)
{
	struct onnx_model *m = read_ok("cbr-op17.onnx", 0);
	const struct onnx_attr *a;
	int64_t axis;
	float eps;
	(void)state;

	assert_int_equal(onnx_opset_version(m, ""), 17);
	assert_int_equal(m->n_nodes, 8);
	check_io(m, "logits", 2, 1LL, 5LL);
	check_conv_bn(m, 0, 1);
	node_of(m, 4, "Constant", "shape_const");
	assert_int_equal(m->nodes[4].n_inputs, 0);
	assert_int_equal(onnx_node_attr(m, 4, "value", ONNX_ATTR_TENSOR, &a, NULL), BKSEF_OK);
	assert_non_null(a);
	check_dims(a->t, 1, 2LL);
	assert_int_equal(a->t->data_type, ONNX_TYPE_INT64);
	assert_string_equal(a->t->name, "");
	assert_true(a->t->has_values);
	assert_true(a->t->n_values == 2 && a->t->ints[0] == 1 && a->t->ints[1] == 4);
	check_inputs(node_of(m, 5, "Reshape", "reshape"), 2, "gap", "shape");
	assert_int_equal(onnx_producer(m, "shape"), 4);
	check_gemm(m, 6, "flat", "fc.out");
	check_inputs(node_of(m, 7, "LayerNormalization", "ln"), 3, "fc.out", "ln.scale", "ln.bias");
	assert_int_equal(onnx_node_attr_int(m, 7, "axis", 0, &axis, NULL), BKSEF_OK);
	assert_int_equal(axis, -1);
	assert_int_equal(onnx_node_attr_float(m, 7, "epsilon", 0, &eps, NULL), BKSEF_OK);
	assert_true(eps == 1e-5f);
	assert_int_equal(m->n_value_info, 1);
	check_value(onnx_value_find(m, "gap"), "gap", 4, 1LL, 4LL, 1LL, 1LL);
	assert_ptr_equal(onnx_value_find(m, "gap"), &m->value_info[0]);
	assert_ptr_equal(onnx_value_find(m, "input"), &m->inputs[0]);
	assert_ptr_equal(onnx_value_find(m, "logits"), &m->outputs[0]);
	assert_null(onnx_value_find(m, "relu1"));
	onnx_free(m);
}

/* cbr_folded_bn: Conv (pads 1, bias conv.bias [4] of 0.5) -> Relu -> GAP
 * -> Flatten -> Gemm, no BatchNormalization node: BN folded, as torch
 * exports it in eval mode. */
static void test_cbr_folded_bn(void **state)
{
	struct onnx_model *m = read_ok("cbr-folded-bn.onnx", 0);
	const struct onnx_tensor *b;
	(void)state;

	assert_int_equal(onnx_opset_version(m, ""), 13);
	assert_int_equal(m->n_nodes, 5);
	assert_int_equal(m->n_inits, 4);
	check_io(m, "logits", 2, 1LL, 5LL);
	check_inputs(node_of(m, 0, "Conv", "conv1"), 3, "input", "conv.weight", "conv.bias");
	check_ints_attr(m, 0, "pads", 4, 1LL, 1LL, 1LL, 1LL);
	check_dims(onnx_init_find(m, "conv.weight"), 4, 4LL, 3LL, 3LL, 3LL);
	b = onnx_init_find(m, "conv.bias");
	check_dims(b, 1, 4LL);
	assert_true(b->has_values && b->n_values == 4);
	for (int k = 0; k < 4; k++)
		assert_true(b->reals[k] == 0.5);
	for (size_t i = 0; i < m->n_nodes; i++)
		assert_string_not_equal(m->nodes[i].op_type, "BatchNormalization");
	check_inputs(node_of(m, 1, "Relu", "relu1"), 1, "conv1.out");
	check_gemm(m, 4, "flat", "logits");
	onnx_free(m);
}

/* HAND-BUILT opset 18 (handbuilt_opset18): ReduceMean(x, axes) with axes
 * an INT64 initializer [2, 3], keepdims 1; IR version 8. */
static void test_handbuilt_op18(void **state)
{
	struct onnx_model *m = read_ok("handbuilt-op18-reduce.onnx", 0);
	int64_t keep;
	(void)state;

	assert_string_equal(m->producer_name, HAND_BUILT);
	assert_int_equal(m->ir_version, 8);
	assert_int_equal(onnx_opset_version(m, ""), 18);
	assert_int_equal(m->n_nodes, 1);
	check_inputs(node_of(m, 0, "ReduceMean", "mean"), 2, "x", "axes");
	const struct onnx_tensor *t = onnx_init_find(m, "axes");
	assert_true(t->has_values && t->n_values == 2 && t->ints[0] == 2 && t->ints[1] == 3);
	assert_int_equal(onnx_node_attr_int(m, 0, "keepdims", 0, &keep, NULL), BKSEF_OK);
	assert_int_equal(keep, 1);
	check_value(m->real_inputs[0], "x", 4, 1LL, 8LL, 4LL, 4LL);
	check_value(&m->outputs[0], "y", 4, 1LL, 8LL, 1LL, 1LL);
	onnx_free(m);
}

/* HAND-BUILT opset 19: Resize(x, "", scales), scales FLOAT [1, 1, 2, 2],
 * mode "nearest"; IR version 9. */
static void test_handbuilt_op19(void **state)
{
	struct onnx_model *m = read_ok("handbuilt-op19-resize.onnx", 0);
	const char *mode;
	(void)state;

	assert_string_equal(m->producer_name, HAND_BUILT);
	assert_int_equal(m->ir_version, 9);
	assert_int_equal(onnx_opset_version(m, ""), 19);
	check_inputs(node_of(m, 0, "Resize", "up"), 3, "x", "", "scales");
	/* the omitted input is "", which nothing produces or consumes */
	assert_int_equal(onnx_producer(m, ""), -1);
	assert_int_equal(onnx_consumers(m, ""), 0);
	const struct onnx_tensor *t = onnx_init_find(m, "scales");
	check_dims(t, 1, 4LL);
	assert_true(t->has_values && t->n_values == 4 && t->ints == NULL);
	assert_true(t->reals[0] == 1.0 && t->reals[1] == 1.0 && t->reals[2] == 2.0 &&
	            t->reals[3] == 2.0);
	assert_int_equal(onnx_node_attr_string(m, 0, "mode", NULL, &mode, NULL), BKSEF_OK);
	assert_string_equal(mode, "nearest");
	onnx_free(m);
}

/* HAND-BUILT opset 20: Gelu(x) with approximate "tanh"; no initializers. */
static void test_handbuilt_op20(void **state)
{
	struct onnx_model *m = read_ok("handbuilt-op20-gelu.onnx", 0);
	const char *approx;
	(void)state;

	assert_string_equal(m->producer_name, HAND_BUILT);
	assert_int_equal(onnx_opset_version(m, ""), 20);
	check_inputs(node_of(m, 0, "Gelu", "gelu"), 1, "x");
	assert_int_equal(m->n_inits, 0);
	assert_int_equal(onnx_node_attr_string(m, 0, "approximate", "none", &approx, NULL),
	                 BKSEF_OK);
	assert_string_equal(approx, "tanh");
	check_value(m->real_inputs[0], "x", 2, 1LL, 16LL);
	onnx_free(m);
}

/* HAND-BUILT opset 21: w.int4 of data type 22 (INT4), dims [4, 6]: 24
 * values of 4 bits in 12 bytes of raw_data; not decoded (not an integer
 * type the reader decodes); IR version 10. */
static void test_handbuilt_op21(void **state)
{
	struct onnx_model *m = read_ok("handbuilt-op21-int4.onnx", 0);
	(void)state;

	assert_string_equal(m->producer_name, HAND_BUILT);
	assert_int_equal(m->ir_version, 10);
	assert_int_equal(onnx_opset_version(m, ""), 21);
	const struct onnx_tensor *t = onnx_init_find(m, "w.int4");
	check_dims(t, 2, 4LL, 6LL);
	assert_int_equal(t->data_type, ONNX_TYPE_INT4);
	assert_int_equal(t->n_elements, 24);
	assert_int_equal(t->data_bytes, 12);
	assert_false(t->has_values);
	check_inputs(node_of(m, 0, "DequantizeLinear", "dq"), 2, "w.int4", "w.scale");
	check_inputs(node_of(m, 1, "MatMul", "mm"), 2, "x", "w");
	assert_string_equal(onnx_data_type_name(t->data_type), "INT4");
	onnx_free(m);
}

/* external_data: conv.weight [8, 3, 5, 5] (600 values) with data_location
 * EXTERNAL at "no-such-weights.bin", which does not exist: the reader reads
 * the dims and never opens it; the same through a stream. */
static void test_external_data(void **state)
{
	(void)state;
	assert_int_equal(access(ONNX_DIR "no-such-weights.bin", F_OK), -1);
	for (int pass = 0; pass < 2; pass++) {
		struct onnx_model *m = read_ok("external-data.onnx", pass ? ONNX_READ_STREAM : 0);
		const struct onnx_tensor *t = onnx_init_find(m, "conv.weight");
		assert_int_equal(m->mapped, !pass);
		check_dims(t, 4, 8LL, 3LL, 5LL, 5LL);
		assert_int_equal(t->n_elements, 600);
		assert_true(t->external);
		assert_string_equal(t->location, "no-such-weights.bin");
		assert_int_equal(t->data_bytes, 0);
		assert_false(t->has_values);
		check_ints_attr(m, 0, "kernel_shape", 2, 5LL, 5LL);
		check_ints_attr(m, 0, "pads", 4, 2LL, 2LL, 2LL, 2LL);
		onnx_free(m);
	}
}

/* symbolic_batch: input ["N", 3, 8, 8]; output y ["N", 4, 8, None]. */
static void test_symbolic_batch(void **state)
{
	struct onnx_model *m = read_ok("symbolic-batch.onnx", 0);
	const struct onnx_value *in, *out;
	(void)state;

	in = m->real_inputs[0];
	check_value(in, "input", 4, -1LL, 3LL, 8LL, 8LL);
	assert_non_null(in->dims[0].param);
	assert_string_equal(in->dims[0].param, "N");
	assert_null(in->dims[1].param);
	out = &m->outputs[0];
	check_value(out, "y", 4, -1LL, 4LL, 8LL, -1LL);
	assert_string_equal(out->dims[0].param, "N");
	/* interned: the two "N" are one string */
	assert_ptr_equal(out->dims[0].param, in->dims[0].param);
	assert_null(out->dims[3].param); /* neither a number nor a symbol */
	onnx_free(m);
}

/* inits_as_inputs: IR version 3, opset 7; the inputs list "input" and then
 * the 6 initializers of conv_bn_inits. */
static void test_inits_as_inputs(void **state)
{
	struct onnx_model *m = read_ok("inits-as-inputs.onnx", 0);
	(void)state;

	assert_int_equal(m->ir_version, 3);
	assert_int_equal(onnx_opset_version(m, ""), 7);
	assert_int_equal(m->n_inputs, 7);
	assert_int_equal(m->n_inits, 6);
	assert_int_equal(m->n_real_inputs, 1);
	assert_ptr_equal(m->real_inputs[0], &m->inputs[0]);
	assert_string_equal(m->inputs[1].name, "conv.weight");
	check_value(&m->inputs[1], "conv.weight", 4, 4LL, 3LL, 3LL, 3LL);
	check_conv_bn(m, 0, 1);
	onnx_free(m);
}

/* if_node: If 'choose' with then_branch and else_branch graphs.  Refused
 * (helper.make_node writes attributes sorted by name: else_branch first);
 * kept, with each graph's type only, under ONNX_READ_SUBGRAPHS. */
static void test_if_node(void **state)
{
	struct onnx_model *m = NULL;
	struct diag dg = { 0 };
	(void)state;

	assert_int_equal(onnx_read_file(ONNX_DIR "if-node.onnx", "if-node.onnx", 0, &m, &dg),
	                 BKSEF_EINPUT);
	assert_null(m);
	assert_string_equal(dg.file, "if-node.onnx");
	assert_int_equal(dg.line, 0);
	assert_string_equal(dg.msg, "node 0 (If 'choose'): attribute 'else_branch' holds a graph: "
	                            "nested graphs (If, Loop, Scan) are not supported");

	m = read_ok("if-node.onnx", ONNX_READ_SUBGRAPHS);
	node_of(m, 0, "If", "choose");
	assert_int_equal(m->nodes[0].n_attrs, 2);
	assert_string_equal(m->nodes[0].attrs[0].name, "else_branch");
	assert_int_equal(m->nodes[0].attrs[0].type, ONNX_ATTR_GRAPH);
	assert_int_equal(m->nodes[0].attrs[1].type, ONNX_ATTR_GRAPH);
	/* asked for as an INT: the message names the node and both types */
	const struct onnx_attr *a;
	assert_int_equal(onnx_node_attr(m, 0, "then_branch", ONNX_ATTR_INT, &a, &dg), BKSEF_EINPUT);
	assert_string_equal(dg.msg, "node 0 (If 'choose'): attribute 'then_branch' is GRAPH, "
	                            "expected INT");
	onnx_free(m);
}

/* The typed attribute lookups: absent gives the default and OK, another
 * type EINPUT with a message naming the node. */
static void test_attr_lookup(void **state)
{
	struct onnx_model *m = read_ok("cbr-op13.onnx", 0);
	struct diag dg = { 0 };
	int64_t v = 0;
	float f = 0;
	size_t n = 9;
	const int64_t *ints = (const int64_t *)&n;
	(void)state;

	assert_int_equal(onnx_node_attr_int(m, 0, "no_such", 42, &v, &dg), BKSEF_OK);
	assert_int_equal(v, 42);
	assert_int_equal(onnx_node_attr_ints(m, 0, "no_such", &n, &ints, &dg), BKSEF_OK);
	assert_int_equal(n, 0);
	assert_null(ints);
	assert_int_equal(onnx_node_attr_float(m, 0, "group", 0.5f, &f, &dg), BKSEF_EINPUT);
	assert_string_equal(dg.msg,
	                    "node 0 (Conv 'conv1'): attribute 'group' is INT, expected FLOAT");
	assert_int_equal(onnx_node_attr_int(m, 0, "pads", 0, &v, &dg), BKSEF_EINPUT);
	assert_string_equal(dg.msg,
	                    "node 0 (Conv 'conv1'): attribute 'pads' is INTS, expected INT");
	assert_null(onnx_init_find(m, "no such"));
	assert_null(onnx_init_find(m, "input")); /* a graph input, not an initializer */
	assert_int_equal(onnx_producer(m, "no such"), -1);
	assert_int_equal(onnx_producer(m, "conv.weight"), -1);
	char label[64];
	assert_string_equal(onnx_node_label(m, 7, label, sizeof label), "node 7 (Concat 'concat')");
	onnx_free(m);
}

/* -------------------------------------------------- the reading paths */

static const char *const all_models[] = {
	"cbr-op11.onnx",
	"cbr-op13.onnx",
	"cbr-op17.onnx",
	"cbr-folded-bn.onnx",
	"handbuilt-op18-reduce.onnx",
	"handbuilt-op19-resize.onnx",
	"handbuilt-op20-gelu.onnx",
	"handbuilt-op21-int4.onnx",
	"external-data.onnx",
	"symbolic-batch.onnx",
	"inits-as-inputs.onnx",
	"if-node.onnx",
};

/* A pipe's read end fed with the LEN bytes at DATA by a child process. */
static int pipe_of(const unsigned char *data, size_t len, pid_t *child)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	*child = fork();
	assert_true(*child >= 0);
	if (*child == 0) {
		close(fds[0]);
		size_t done = 0;
		while (done < len) {
			ssize_t n = write(fds[1], data + done, len - done);
			if (n <= 0)
				_exit(1);
			done += (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	return fds[0];
}

/* Every model reads the same mapped, from memory, streamed from the file
 * (its size unknown), streamed from memory in chunks, and through a pipe. */
static void test_paths_agree(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof all_models / sizeof all_models[0]; i++) {
		const char *name = all_models[i];
		size_t len;
		unsigned char *data = slurp(name, &len);
		struct onnx_model *m[5] = { NULL };
		struct diag dg = { 0 };
		char *first;
		pid_t child;
		int status;

		m[0] = read_ok(name, ONNX_READ_SUBGRAPHS);
		m[1] = read_ok(name, ONNX_READ_SUBGRAPHS | ONNX_READ_STREAM);
		assert_int_equal(onnx_read_buffer(data, len, name, ONNX_READ_SUBGRAPHS, &m[2], &dg),
		                 BKSEF_OK);
		assert_int_equal(onnx_read_buffer(data, len, name,
		                                  ONNX_READ_SUBGRAPHS | ONNX_READ_STREAM, &m[3],
		                                  &dg),
		                 BKSEF_OK);
		int fd = pipe_of(data, len, &child);
		assert_int_equal(onnx_read_fd(fd, name, ONNX_READ_SUBGRAPHS, &m[4], &dg), BKSEF_OK);
		close(fd);
		assert_int_equal(waitpid(child, &status, 0), child);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		assert_false(m[4]->mapped);
		first = dump_of(m[0]);
		for (int k = 0; k < 5; k++) {
			char *text = dump_of(m[k]);
			if (strcmp(text, first) != 0)
				fail_msg("%s: path %d reads differently:\n%s\n---\n%s", name, k,
				         text, first);
			assert_int_equal(m[k]->file_bytes, len);
			free(text);
			onnx_free(m[k]);
		}
		free(first);
		free(data);
	}
}

/* Every proper prefix of a model is refused, with a message, and the same
 * one whether mapped or streamed: a stream names the outermost field the
 * end cut, as the mapped file's length check does.  (onnx.helper writes
 * ModelProto's fields in field-number order, opset_import last, so a cut
 * between two fields leaves a model without one, which is refused too.) */
static void test_every_prefix(void **state)
{
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		size_t len;
		unsigned char *data = slurp(all_models[i], &len);
		for (size_t k = 0; k < len; k++) {
			struct onnx_model *m = NULL;
			struct diag a = { 0 }, b = { 0 };
			unsigned char *copy = malloc(k ? k : 1);
			assert_non_null(copy);
			memcpy(copy, data, k); /* exactly K bytes, for ASan */
			assert_int_equal(onnx_read_buffer(copy, k, "prefix", 0, &m, &a),
			                 BKSEF_EINPUT);
			assert_null(m);
			assert_int_equal(
			    onnx_read_buffer(copy, k, "prefix", ONNX_READ_STREAM, &m, &b),
			    BKSEF_EINPUT);
			assert_true(a.msg[0] != '\0');
			if (strcmp(a.msg, b.msg) != 0)
				fail_msg("%s cut at %zu: mapped '%s', streamed '%s'", all_models[i],
				         k, a.msg, b.msg);
			free(copy);
		}
		free(data);
	}
}

/* The prefix messages name what they should: the graph (field 7) of
 * cbr-op13.onnx cut in its middle, and the empty file. */
static void test_truncated_messages(void **state)
{
	size_t len;
	unsigned char *data = slurp("cbr-op13.onnx", &len);
	struct onnx_model *m = NULL;
	struct diag dg = { 0 };
	(void)state;

	assert_int_equal(onnx_read_buffer(data, len / 2, "half", 0, &m, &dg), BKSEF_EINPUT);
	assert_non_null(strstr(dg.msg, ": field 7 (graph) of ModelProto is "));
	assert_non_null(strstr(dg.msg, " bytes long, past the end of the file ("));
	assert_non_null(strstr(dg.msg, "the file is truncated"));
	assert_int_equal(onnx_read_buffer(data, 0, "empty", 0, &m, &dg), BKSEF_EINPUT);
	assert_string_equal(dg.msg, "empty file: not an ONNX model");
	assert_int_equal(onnx_read_buffer(data, 0, "empty", ONNX_READ_STREAM, &m, &dg),
	                 BKSEF_EINPUT);
	assert_string_equal(dg.msg, "empty file: not an ONNX model");
	free(data);
}

/* ------------------------------------------- crafted protobuf: limits */

/* A protobuf message being written. */
struct pb {
	unsigned char *p;
	size_t n, cap;
};

static void pb_raw(struct pb *b, const void *data, size_t len)
{
	if (b->n + len > b->cap) {
		b->cap = (b->n + len) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	if (len > 0)
		memcpy(b->p + b->n, data, len);
	b->n += len;
}

static void pb_varint(struct pb *b, uint64_t v)
{
	unsigned char c[10];
	size_t n = 0;
	do {
		c[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			c[n] |= 0x80;
		n++;
	} while (v);
	pb_raw(b, c, n);
}

static void pb_int(struct pb *b, unsigned field, uint64_t v)
{
	pb_varint(b, (uint64_t)field << 3);
	pb_varint(b, v);
}

static void pb_bytes(struct pb *b, unsigned field, const void *data, size_t len)
{
	pb_varint(b, (uint64_t)field << 3 | 2);
	pb_varint(b, len);
	pb_raw(b, data, len);
}

static void pb_str(struct pb *b, unsigned field, const char *s)
{
	pb_bytes(b, field, s, strlen(s));
}

/* Embed SUB as field FIELD of B, and free SUB. */
static void pb_msg(struct pb *b, unsigned field, struct pb *sub)
{
	pb_bytes(b, field, sub->p, sub->n);
	free(sub->p);
	memset(sub, 0, sizeof *sub);
}

/* A ModelProto (IR 8, opset 13) around GRAPH (freed). */
static struct pb model_with(struct pb *graph)
{
	struct pb m = { 0 }, opset = { 0 };
	pb_int(&m, 1, 8);
	pb_int(&opset, 2, 13);
	pb_msg(&m, 8, &opset);
	pb_msg(&m, 7, graph);
	return m;
}

/* A graph input NAME (no type). */
static void graph_input(struct pb *g, const char *name)
{
	struct pb v = { 0 };
	pb_str(&v, 1, name);
	pb_msg(g, 11, &v);
}

/* Read B (freed) and expect STATUS with a message holding WANT (when not
 * NULL), both mapped and streamed. */
static void expect(struct pb *b, int status, const char *want)
{
	for (int pass = 0; pass < 2; pass++) {
		struct onnx_model *m = NULL;
		struct diag dg = { 0 };
		int st =
		    onnx_read_buffer(b->p, b->n, "crafted", pass ? ONNX_READ_STREAM : 0, &m, &dg);
		if (st != status)
			fail_msg("pass %d: status %d, expected %d: %s", pass, st, status, dg.msg);
		if (want != NULL && strstr(dg.msg, want) == NULL)
			fail_msg("pass %d: message '%s' lacks '%s'", pass, dg.msg, want);
		onnx_free(m);
	}
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* A tensor of RANK dims of 1 with 4 bytes of raw_data: 1024 dims are
 * read, 1025 refused. */
static void test_limit_rank(void **state)
{
	(void)state;
	for (size_t rank = ONNX_MAX_RANK; rank <= ONNX_MAX_RANK + 1; rank++) {
		struct pb g = { 0 }, t = { 0 }, m;
		for (size_t k = 0; k < rank; k++)
			pb_int(&t, 1, 1);
		pb_int(&t, 2, ONNX_TYPE_FLOAT);
		pb_str(&t, 8, "w");
		pb_bytes(&t, 9, "\0\0\0\0", 4);
		pb_msg(&g, 5, &t);
		m = model_with(&g);
		expect(&m, rank == ONNX_MAX_RANK ? BKSEF_OK : BKSEF_EINPUT,
		       rank == ONNX_MAX_RANK ? NULL : "tensor of more than 1024 dims");
	}
}

/* A node with 65,536 inputs (all the graph input "x") is read; 65,537
 * refused. */
static void test_limit_edges(void **state)
{
	(void)state;
	for (size_t n = ONNX_MAX_NODE_EDGES; n <= ONNX_MAX_NODE_EDGES + 1; n++) {
		struct pb g = { 0 }, node = { 0 }, m;
		for (size_t k = 0; k < n; k++)
			pb_str(&node, 1, "x");
		pb_str(&node, 4, "Sum");
		pb_str(&node, 2, "y");
		graph_input(&g, "x");
		pb_msg(&g, 1, &node);
		m = model_with(&g);
		if (n == ONNX_MAX_NODE_EDGES) {
			struct onnx_model *model;
			struct diag dg = { 0 };
			assert_int_equal(onnx_read_buffer(m.p, m.n, "edges", 0, &model, &dg),
			                 BKSEF_OK);
			assert_int_equal(onnx_consumers(model, "x"), ONNX_MAX_NODE_EDGES);
			onnx_free(model);
			free(m.p);
		} else {
			expect(&m, BKSEF_EINPUT, "(node 0): a node of more than 65536 inputs");
		}
	}
}

/* A node name of 65,536 bytes is read; 65,537 refused. */
static void test_limit_string(void **state)
{
	(void)state;
	for (size_t n = ONNX_MAX_STRING_BYTES; n <= ONNX_MAX_STRING_BYTES + 1; n++) {
		struct pb g = { 0 }, node = { 0 }, m;
		char *name = malloc(n + 1);
		assert_non_null(name);
		memset(name, 'a', n);
		name[n] = '\0';
		pb_str(&node, 4, "Relu");
		pb_str(&node, 3, name);
		pb_msg(&g, 1, &node);
		m = model_with(&g);
		expect(&m, n == ONNX_MAX_STRING_BYTES ? BKSEF_OK : BKSEF_EINPUT,
		       n == ONNX_MAX_STRING_BYTES ? NULL
		                                  : "field 3 (name) of NodeProto is 65537 bytes "
		                                    "long: strings are limited to 65536 bytes");
		free(name);
	}
}

/* 4096 distinct attributes are read; 4097 refused. */
static void test_limit_attrs(void **state)
{
	(void)state;
	for (size_t n = ONNX_MAX_ATTRS; n <= ONNX_MAX_ATTRS + 1; n++) {
		struct pb g = { 0 }, node = { 0 }, m;
		pb_str(&node, 4, "Custom");
		for (size_t k = 0; k < n; k++) {
			struct pb a = { 0 };
			char name[32];
			snprintf(name, sizeof name, "a%zu", k);
			pb_str(&a, 1, name);
			pb_int(&a, 3, k);
			pb_int(&a, 20, ONNX_ATTR_INT);
			pb_msg(&node, 5, &a);
		}
		pb_msg(&g, 1, &node);
		m = model_with(&g);
		expect(&m, n == ONNX_MAX_ATTRS ? BKSEF_OK : BKSEF_EINPUT,
		       n == ONNX_MAX_ATTRS ? NULL : "a node of more than 4096 attributes");
	}
}

/* An INTS attribute of 2^20 packed zeros is read; one more refused. */
static void test_limit_items(void **state)
{
	(void)state;
	for (size_t n = ONNX_MAX_ATTR_ITEMS; n <= ONNX_MAX_ATTR_ITEMS + 1; n++) {
		struct pb g = { 0 }, node = { 0 }, a = { 0 }, m;
		unsigned char *zeros = calloc(n, 1);
		assert_non_null(zeros);
		pb_str(&a, 1, "big");
		pb_bytes(&a, 8, zeros, n);
		pb_int(&a, 20, ONNX_ATTR_INTS);
		pb_str(&node, 4, "Custom");
		pb_msg(&node, 5, &a);
		pb_msg(&g, 1, &node);
		m = model_with(&g);
		expect(&m, n == ONNX_MAX_ATTR_ITEMS ? BKSEF_OK : BKSEF_EINPUT,
		       n == ONNX_MAX_ATTR_ITEMS ? NULL : "an attribute of more than 1048576 items");
		free(zeros);
	}
}

/* 2^20 + 1 nodes (each a bare Relu: 8 bytes) are refused at the last. */
static void test_limit_nodes(void **state)
{
	struct pb g = { 0 }, m;
	static const unsigned char relu[] = { 0x0a, 0x06, 0x22, 0x04, 'R', 'e', 'l', 'u' };
	(void)state;
	for (size_t k = 0; k <= ONNX_MAX_NODES; k++)
		pb_raw(&g, relu, sizeof relu);
	m = model_with(&g);
	expect(&m, BKSEF_EINPUT, "more than 1048576 nodes");
}

/* A raw_data longer than ONNX_MAX_SMALL_BYTES is skipped, not decoded;
 * one at the bound is decoded. */
static void test_small_bound(void **state)
{
	(void)state;
	for (size_t n = ONNX_MAX_SMALL_VALUES; n <= ONNX_MAX_SMALL_VALUES * 4; n *= 4) {
		/* 1024 INT64 values: 8192 bytes, at the bound; 4096 INT16
		 * values also 8192 bytes but more than 1024 values */
		struct pb g = { 0 }, t = { 0 }, m;
		struct onnx_model *model;
		struct diag dg = { 0 };
		size_t bytes = 8192;
		unsigned char *raw = calloc(bytes + 1, 1);
		assert_non_null(raw);
		raw[0] = 7;
		pb_int(&t, 1, n);
		pb_int(&t, 2, n == ONNX_MAX_SMALL_VALUES ? ONNX_TYPE_INT64 : ONNX_TYPE_INT16);
		pb_str(&t, 8, "w");
		pb_bytes(&t, 9, raw, bytes);
		pb_msg(&g, 5, &t);
		m = model_with(&g);
		assert_int_equal(onnx_read_buffer(m.p, m.n, "small", 0, &model, &dg), BKSEF_OK);
		assert_int_equal(model->inits[0].data_bytes, 8192);
		assert_int_equal(model->inits[0].has_values, n == ONNX_MAX_SMALL_VALUES);
		if (model->inits[0].has_values)
			assert_int_equal(model->inits[0].ints[0], 7);
		onnx_free(model);
		free(m.p);
		/* one byte more: 8193 bytes of UINT8, skipped */
		struct pb g2 = { 0 }, t2 = { 0 };
		pb_int(&t2, 1, bytes + 1);
		pb_int(&t2, 2, ONNX_TYPE_UINT8);
		pb_str(&t2, 8, "w");
		pb_bytes(&t2, 9, raw, bytes + 1);
		pb_msg(&g2, 5, &t2);
		m = model_with(&g2);
		assert_int_equal(onnx_read_buffer(m.p, m.n, "big", 0, &model, &dg), BKSEF_OK);
		assert_false(model->inits[0].has_values);
		assert_int_equal(model->inits[0].n_elements, bytes + 1);
		onnx_free(model);
		free(m.p);
		free(raw);
	}
}

/* A read error is BKSEF_EIO with strerror's text: a directory's fd read
 * as a stream... refused as a directory first; a write-only pipe end
 * cannot be read. */
static void test_read_errors(void **state)
{
	struct onnx_model *m = NULL;
	struct diag dg = { 0 };
	int fds[2];
	(void)state;

	assert_int_equal(onnx_read_file(TEST_DATA_DIR, "dir", 0, &m, &dg), BKSEF_EINPUT);
	assert_string_equal(dg.msg, "is a directory, not a model file");
	assert_int_equal(onnx_read_file(ONNX_DIR "no-such-file.onnx", "x", 0, &m, &dg),
	                 BKSEF_EINPUT);
	assert_string_equal(dg.msg, "cannot open: No such file or directory");
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(onnx_read_fd(fds[1], "w", 0, &m, &dg), BKSEF_EIO);
	assert_string_equal(dg.msg, "read error: Bad file descriptor");
	close(fds[0]);
	close(fds[1]);
	assert_null(m);
}

/* A message quoting a long dims list cuts it whole: "[d0, d1, ..., ...]"
 * within its 160-byte buffer, closed by "]".  Found by fuzz_onnx: a text
 * that ended 1 to 4 bytes short of the buffer had ", ..." written past it
 * and the "]" beyond (a stack overflow).  Every first dim of 1 to 19
 * digits, then 1 to 11 dims of 10^18 (19 digits): the overflow check
 * (2^64 < 10^36) or the raw_data size check quotes them all. */
static void test_long_dims_message(void **state)
{
	(void)state;
	for (int digits = 1; digits <= 19; digits++)
		for (int n = 2; n <= 12; n++) {
			struct pb g = { 0 }, t = { 0 }, m;
			struct onnx_model *model = NULL;
			struct diag dg = { 0 };
			uint64_t first = 1;
			for (int k = 1; k < digits; k++)
				first *= 10;
			pb_int(&t, 1, first);
			for (int k = 1; k < n; k++)
				pb_int(&t, 1, UINT64_C(1000000000000000000));
			pb_int(&t, 2, ONNX_TYPE_FLOAT);
			pb_str(&t, 8, "w");
			pb_bytes(&t, 9, "\0\0\0\0", 4);
			pb_msg(&g, 5, &t);
			m = model_with(&g);
			assert_int_equal(onnx_read_buffer(m.p, m.n, "dims", 0, &model, &dg),
			                 BKSEF_EINPUT);
			const char *p = strstr(dg.msg, "dims [");
			if (p == NULL)
				fail_msg("%d digits, %d dims: no dims in '%s'", digits, n, dg.msg);
			const char *q = strchr(p, ']');
			/* "dims " then at most 159 bytes from "[" to "]" */
			if (q == NULL || (q[1] != ':' && q[1] != ' ') || q - (p + 5) + 1 > 159)
				fail_msg("%d digits, %d dims: the dims are not closed: '%s'",
				         digits, n, dg.msg);
			free(m.p);
		}
}

/* onnx_sniff tells every model from text and from other binary files: all
 * the models here begin with ir_version (08 08, or 08 03, 08 09, 08 0a)
 * and then producer_name (0x12). */
static void test_sniff(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof all_models / sizeof all_models[0]; i++) {
		size_t len;
		unsigned char *data = slurp(all_models[i], &len);
		assert_true(onnx_sniff(data, len));
		assert_true(onnx_sniff(data, 16));
		assert_true(onnx_sniff(data, 2)); /* ir_version alone */
		assert_false(onnx_sniff(data, 1));
		free(data);
	}
	static const char csv[] = "name,op,out,h,w\nin,input,3,8,8\n";
	assert_false(onnx_sniff(csv, sizeof csv - 1));
	assert_false(onnx_sniff("\x7f"
	                        "ELF\x02\x01\x01",
	                        7));
	assert_false(onnx_sniff("\x08\x00\x12", 3));     /* ir_version 0 */
	assert_false(onnx_sniff("\x08\x65\x12", 3));     /* ir_version 101 */
	assert_false(onnx_sniff("\x08\x08\x08\x01", 4)); /* field 1 again */
	assert_false(onnx_sniff("\x08\x08\x3b", 3));     /* graph with wire type 3 */
	assert_true(onnx_sniff("\x08\x07\x28\x01", 4));  /* model_version, a varint */
	assert_true(onnx_sniff("\x08\x07\xca\x01", 4));  /* functions (25) */
	assert_true(onnx_sniff("\x08\x07\xca", 3));      /* ... cut */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cbr_op11),        cmocka_unit_test(test_cbr_op13),
		cmocka_unit_test(test_cbr_op17),        cmocka_unit_test(test_cbr_folded_bn),
		cmocka_unit_test(test_handbuilt_op18),  cmocka_unit_test(test_handbuilt_op19),
		cmocka_unit_test(test_handbuilt_op20),  cmocka_unit_test(test_handbuilt_op21),
		cmocka_unit_test(test_external_data),   cmocka_unit_test(test_symbolic_batch),
		cmocka_unit_test(test_inits_as_inputs), cmocka_unit_test(test_if_node),
		cmocka_unit_test(test_attr_lookup),     cmocka_unit_test(test_paths_agree),
		cmocka_unit_test(test_every_prefix),    cmocka_unit_test(test_truncated_messages),
		cmocka_unit_test(test_limit_rank),      cmocka_unit_test(test_limit_edges),
		cmocka_unit_test(test_limit_string),    cmocka_unit_test(test_limit_attrs),
		cmocka_unit_test(test_limit_items),     cmocka_unit_test(test_limit_nodes),
		cmocka_unit_test(test_small_bound),     cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_sniff),           cmocka_unit_test(test_long_dims_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
