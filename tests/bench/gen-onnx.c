/* gen-onnx.c -- write a vgg16-shaped ONNX model for the ONNX reader's
 * benchmark: the graph torchvision's vgg16 exports to (13 convs of 3x3 with
 * bias, Relu, 5 MaxPools, Flatten, 3 Gemms, opset 13), every weight in
 * raw_data of its real size, all zero bytes.  vgg16 has 138,357,544
 * parameters, so the file holds 553,430,176 bytes of raw_data (528 MiB).
 *
 * Usage: gen-onnx [--width-div N] -o FILE
 *   --width-div N  divide every conv's and hidden Gemm's width by N (1, the
 *                  default: vgg16 itself; 8: a 2.6 M-parameter model for a
 *                  quick run)
 * It prints the parameter count and the file's size.  Exit status 0, 1 when
 * the file cannot be written, 2 on bad usage. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A protobuf message being built in memory. */
struct pb {
	unsigned char *p;
	size_t n, cap;
};

static void pb_raw(struct pb *b, const void *data, size_t len)
{
	if (b->n + len > b->cap) {
		b->cap = (b->n + len) * 2 + 256;
		b->p = realloc(b->p, b->cap);
		if (b->p == NULL) {
			fprintf(stderr, "gen-onnx: out of memory\n");
			exit(1);
		}
	}
	memcpy(b->p + b->n, data, len);
	b->n += len;
}

static void pb_varint(struct pb *b, uint64_t v)
{
	unsigned char c[10];
	size_t n = 0;
	while (v >= 0x80) {
		c[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	c[n++] = (unsigned char)v;
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

static void pb_msg(struct pb *b, unsigned field, struct pb *sub)
{
	pb_bytes(b, field, sub->p, sub->n);
	free(sub->p);
	memset(sub, 0, sizeof *sub);
}

/* An INTS attribute NAME of the N values V. */
static void attr_ints(struct pb *node, const char *name, const int64_t *v, size_t n)
{
	struct pb a = { 0 };
	pb_str(&a, 1, name);
	for (size_t i = 0; i < n; i++)
		pb_int(&a, 8, (uint64_t)v[i]);
	pb_int(&a, 20, 7);
	pb_msg(node, 5, &a);
}

static void attr_int(struct pb *node, const char *name, int64_t v)
{
	struct pb a = { 0 };
	pb_str(&a, 1, name);
	pb_int(&a, 3, (uint64_t)v);
	pb_int(&a, 20, 2);
	pb_msg(node, 5, &a);
}

/* A node OP named NAME: inputs IN[0 .. N_IN), one output OUT. */
static struct pb node_new(const char *op, const char *name, const char *const *in, size_t n_in,
                          const char *out)
{
	struct pb n = { 0 };
	for (size_t i = 0; i < n_in; i++)
		pb_str(&n, 1, in[i]);
	pb_str(&n, 2, out);
	pb_str(&n, 3, name);
	pb_str(&n, 4, op);
	return n;
}

/* The graph being written: its fields in order, each either bytes in
 * memory or an initializer's header followed by RAW zero bytes. */
struct field {
	struct pb bytes;
	uint64_t raw; /* zero bytes after BYTES (an initializer's raw_data) */
};

struct graph {
	struct field *f;
	size_t n, cap;
	uint64_t params;
};

static struct field *graph_add(struct graph *g)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->f = realloc(g->f, g->cap * sizeof *g->f);
		if (g->f == NULL) {
			fprintf(stderr, "gen-onnx: out of memory\n");
			exit(1);
		}
	}
	memset(&g->f[g->n], 0, sizeof g->f[g->n]);
	return &g->f[g->n++];
}

/* An initializer NAME of FLOAT DIMS[0 .. RANK): GraphProto field 5, its
 * TensorProto written but for the raw_data's bytes. */
static void initializer(struct graph *g, const char *name, const int64_t *dims, size_t rank)
{
	struct pb t = { 0 };
	uint64_t n = 1, raw;
	struct field *f = graph_add(g);

	for (size_t i = 0; i < rank; i++) {
		pb_int(&t, 1, (uint64_t)dims[i]);
		n *= (uint64_t)dims[i];
	}
	raw = 4 * n;
	pb_int(&t, 2, 1); /* FLOAT */
	pb_str(&t, 8, name);
	pb_varint(&t, 9 << 3 | 2);
	pb_varint(&t, raw);
	/* GraphProto field 5: tag, length of the whole tensor, its header */
	pb_varint(&f->bytes, 5 << 3 | 2);
	pb_varint(&f->bytes, t.n + raw);
	pb_raw(&f->bytes, t.p, t.n);
	free(t.p);
	f->raw = raw;
	g->params += n;
}

static void graph_node(struct graph *g, struct pb *node)
{
	struct field *f = graph_add(g);
	pb_msg(&f->bytes, 1, node);
}

/* A graph input or output NAME: a FLOAT tensor of DIMS. */
static void graph_value(struct graph *g, unsigned field, const char *name, const int64_t *dims,
                        size_t rank)
{
	struct pb v = { 0 }, type = { 0 }, tensor = { 0 }, shape = { 0 };
	struct field *f = graph_add(g);
	for (size_t i = 0; i < rank; i++) {
		struct pb d = { 0 };
		pb_int(&d, 1, (uint64_t)dims[i]);
		pb_msg(&shape, 1, &d);
	}
	pb_int(&tensor, 1, 1);
	pb_msg(&tensor, 2, &shape);
	pb_msg(&type, 1, &tensor);
	pb_str(&v, 1, name);
	pb_msg(&v, 2, &type);
	pb_msg(&f->bytes, field, &v);
}

static int write_zeros(FILE *fp, uint64_t n)
{
	static const unsigned char zeros[1 << 16];
	while (n > 0) {
		size_t k = n > sizeof zeros ? sizeof zeros : (size_t)n;
		if (fwrite(zeros, 1, k, fp) != k)
			return -1;
		n -= k;
	}
	return 0;
}

int main(int argc, char **argv)
{
	/* torchvision's vgg16: the convs' widths, 0 for a MaxPool */
	static const int cfg[] = { 64, 64,  0,   128, 128, 0,   256, 256, 256,
		                   0,  512, 512, 512, 0,   512, 512, 512, 0 };
	const char *out = NULL;
	long div = 1;
	struct graph g = { 0 };
	char cur[64] = "input", name[64], out_name[64], wname[64], bname[64];
	int64_t in_c = 3, hw = 224;
	int layer = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--width-div") == 0 && i + 1 < argc)
			div = strtol(argv[++i], NULL, 10);
		else
			out = NULL, i = argc;
	}
	if (out == NULL || div < 1 || div > 64) {
		fprintf(stderr, "usage: gen-onnx [--width-div N] -o FILE\n");
		return 2;
	}

	int64_t input_dims[4] = { 1, 3, 224, 224 };
	graph_value(&g, 11, "input", input_dims, 4);
	for (size_t i = 0; i < sizeof cfg / sizeof cfg[0]; i++, layer++) {
		snprintf(out_name, sizeof out_name, "/features/features.%d/out", layer);
		if (cfg[i] == 0) {
			static const int64_t k2[2] = { 2, 2 };
			const char *in[1] = { cur };
			snprintf(name, sizeof name, "/features/features.%d/MaxPool", layer);
			struct pb n = node_new("MaxPool", name, in, 1, out_name);
			attr_ints(&n, "kernel_shape", k2, 2);
			attr_ints(&n, "strides", k2, 2);
			graph_node(&g, &n);
			hw /= 2;
		} else {
			int64_t c = cfg[i] / div, wd[4] = { c, in_c, 3, 3 }, bd[1] = { c };
			static const int64_t k3[2] = { 3, 3 }, one[2] = { 1, 1 },
			                     pad[4] = { 1, 1, 1, 1 };
			snprintf(wname, sizeof wname, "features.%d.weight", layer);
			snprintf(bname, sizeof bname, "features.%d.bias", layer);
			initializer(&g, wname, wd, 4);
			initializer(&g, bname, bd, 1);
			const char *in[3] = { cur, wname, bname };
			snprintf(name, sizeof name, "/features/features.%d/Conv", layer);
			struct pb n = node_new("Conv", name, in, 3, out_name);
			attr_ints(&n, "dilations", one, 2);
			attr_int(&n, "group", 1);
			attr_ints(&n, "kernel_shape", k3, 2);
			attr_ints(&n, "pads", pad, 4);
			attr_ints(&n, "strides", one, 2);
			graph_node(&g, &n);
			in_c = c;
			/* its Relu */
			layer++;
			const char *rin[1] = { out_name };
			snprintf(cur, sizeof cur, "/features/features.%d/out", layer);
			snprintf(name, sizeof name, "/features/features.%d/Relu", layer);
			n = node_new("Relu", name, rin, 1, cur);
			graph_node(&g, &n);
			continue;
		}
		snprintf(cur, sizeof cur, "%s", out_name);
	}
	/* Flatten, then the classifier: 25088 (512 x 7 x 7) -> 4096 -> 4096
	 * -> 1000, with Relu between */
	{
		const char *in[1] = { cur };
		struct pb n = node_new("Flatten", "/Flatten", in, 1, "/Flatten_output_0");
		attr_int(&n, "axis", 1);
		graph_node(&g, &n);
		snprintf(cur, sizeof cur, "/Flatten_output_0");
	}
	int64_t fc_in = in_c * hw * hw;
	const int64_t fc_out[3] = { 4096 / div, 4096 / div, 1000 };
	const int fc_index[3] = { 0, 3, 6 };
	for (int k = 0; k < 3; k++) {
		int64_t wd[2] = { fc_out[k], fc_in }, bd[1] = { fc_out[k] };
		snprintf(wname, sizeof wname, "classifier.%d.weight", fc_index[k]);
		snprintf(bname, sizeof bname, "classifier.%d.bias", fc_index[k]);
		initializer(&g, wname, wd, 2);
		initializer(&g, bname, bd, 1);
		const char *in[3] = { cur, wname, bname };
		snprintf(name, sizeof name, "/classifier/classifier.%d/Gemm", fc_index[k]);
		snprintf(out_name, sizeof out_name, k == 2 ? "output" : "/classifier/%d/out", k);
		struct pb n = node_new("Gemm", name, in, 3, out_name);
		attr_int(&n, "transB", 1);
		graph_node(&g, &n);
		snprintf(cur, sizeof cur, "%s", out_name);
		if (k < 2) {
			const char *rin[1] = { cur };
			snprintf(name, sizeof name, "/classifier/classifier.%d/Relu",
			         fc_index[k] + 1);
			snprintf(out_name, sizeof out_name, "/classifier/%d/relu", k);
			n = node_new("Relu", name, rin, 1, out_name);
			graph_node(&g, &n);
			snprintf(cur, sizeof cur, "%s", out_name);
		}
		fc_in = fc_out[k];
	}
	int64_t output_dims[2] = { 1, 1000 };
	graph_value(&g, 12, "output", output_dims, 2);
	{
		struct field *f = graph_add(&g);
		pb_str(&f->bytes, 2, "main_graph");
	}

	/* ModelProto: ir_version 7, producer, graph, opset_import 13 */
	uint64_t graph_len = 0;
	for (size_t i = 0; i < g.n; i++)
		graph_len += g.f[i].bytes.n + g.f[i].raw;
	struct pb head = { 0 }, tail = { 0 }, opset = { 0 };
	pb_int(&head, 1, 7);
	pb_str(&head, 2, "bksef gen-onnx (vgg16-shaped, zero weights)");
	pb_str(&head, 3, "1");
	pb_varint(&head, 7 << 3 | 2);
	pb_varint(&head, graph_len);
	pb_int(&opset, 2, 13);
	pb_msg(&tail, 8, &opset);

	FILE *fp = fopen(out, "wb");
	if (fp == NULL) {
		fprintf(stderr, "gen-onnx: %s: %s\n", out, strerror(errno));
		return 1;
	}
	int bad = fwrite(head.p, 1, head.n, fp) != head.n;
	for (size_t i = 0; i < g.n && !bad; i++)
		bad = fwrite(g.f[i].bytes.p, 1, g.f[i].bytes.n, fp) != g.f[i].bytes.n ||
		      write_zeros(fp, g.f[i].raw) != 0;
	bad = bad || fwrite(tail.p, 1, tail.n, fp) != tail.n;
	if (fclose(fp) != 0 || bad) {
		fprintf(stderr, "gen-onnx: %s: write error: %s\n", out, strerror(errno));
		return 1;
	}
	uint64_t size = head.n + graph_len + tail.n;
	printf("gen-onnx: %s: %" PRIu64 " parameters, %" PRIu64 " bytes (%.0f MiB)\n", out,
	       g.params, size, size / 1048576.0);
	for (size_t i = 0; i < g.n; i++)
		free(g.f[i].bytes.p);
	free(g.f);
	free(head.p);
	free(tail.p);
	return 0;
}
