/* fuzz_onnx.c -- libFuzzer harness: bytes as an ONNX model through the core's
 * reader (onnx.h), aborting where a documented promise breaks.  Built and
 * run by tests/fuzz/run-fuzz.sh.
 *
 * Each input is read three ways: from memory as a mapped file is read, as
 * a stream of unknown length (in 4 KiB chunks, as a pipe is read), and
 * with nested graphs kept (ONNX_READ_SUBGRAPHS).  The first two must give
 * the same status, a refusal must come with a message, and two models
 * read must dump alike (tests/bad-onnx/onnx-dump.c).  A model read must
 * keep onnx.h's promises: every node has an op_type and attribute names
 * distinct; every non-empty node input is a graph input, an initializer or
 * an earlier node's output, and each output's producer is its node; the
 * real inputs are the inputs that are not initializers; every tensor's
 * n_elements is the product of its dims, its decoded values n_elements
 * of one kind; and every lookup finds what it should.  A model read
 * without ONNX_READ_SUBGRAPHS reads with it too, alike.
 *
 * Each model read is then mapped onto a network (onnx_map.h), at its own
 * size and at --input-size 3x8x8: a mapping gives either a network file
 * and no blockers, or blockers (as many lines as it counts, none empty) and
 * no file; mapping twice gives the same bytes; the file loads as any
 * network file does (a refusal only for limits, with a message), with one
 * layer per row, and in format 2 exactly when its first line says so. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "net.h"
#include "onnx.h"
#include "onnx-dump.h"
#include "onnx_map.h"

#define FUZZ_NAME "fuzz_onnx"
#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* M dumped as text (NULL when memory ran out); the caller frees it. */
static char *dump_of(const struct onnx_model *m)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (fp == NULL)
		return NULL;
	onnx_dump(fp, m);
	if (fclose(fp) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static void check_tensor(const struct onnx_tensor *t)
{
	uint64_t n = 1;
	for (uint32_t k = 0; k < t->rank; k++) {
		if (t->dims[k] < 0)
			broken("a negative dim", t->name);
		n *= (uint64_t)t->dims[k];
	}
	if (n != t->n_elements)
		broken("n_elements is not the product of the dims", t->name);
	if (t->has_values) {
		if (t->n_values != n || n > ONNX_MAX_SMALL_VALUES)
			broken("n_values is not n_elements", t->name);
		if (n > 0 && (t->ints == NULL) == (t->reals == NULL))
			broken("values of neither or both kinds", t->name);
	}
	if (t->external && (t->location == NULL || t->data_bytes != 0))
		broken("external tensor without a location, or with data", t->name);
}

/* Whether NAME is a graph input of M. */
static int is_graph_input(const struct onnx_model *m, const char *name)
{
	for (size_t k = 0; k < m->n_inputs; k++)
		if (strcmp(m->inputs[k].name, name) == 0)
			return 1;
	return 0;
}

static void check_model(const struct onnx_model *m)
{
	struct diag dg = { 0 };
	size_t real = 0;

	for (size_t k = 0; k < m->n_inits; k++) {
		check_tensor(&m->inits[k]);
		if (m->inits[k].name[0] == '\0' ||
		    onnx_init_find(m, m->inits[k].name) != &m->inits[k])
			broken("an initializer is not found by its name", m->inits[k].name);
	}
	for (size_t k = 0; k < m->n_inputs; k++)
		if (onnx_init_find(m, m->inputs[k].name) == NULL) {
			if (real >= m->n_real_inputs || m->real_inputs[real] != &m->inputs[k])
				broken("real_inputs are not the inputs without initializers",
				       m->inputs[k].name);
			real++;
		}
	if (real != m->n_real_inputs)
		broken("real_inputs holds more than the inputs without initializers", NULL);
	for (size_t i = 0; i < m->n_nodes; i++) {
		const struct onnx_node *n = &m->nodes[i];
		if (n->op_type == NULL || n->op_type[0] == '\0')
			broken("a node without an op_type", NULL);
		for (uint32_t k = 0; k < n->n_inputs; k++) {
			const char *in = n->inputs[k];
			long p = onnx_producer(m, in);
			if (in[0] == '\0')
				continue;
			if (onnx_consumers(m, in) == 0)
				broken("a node input without consumers", in);
			if (onnx_init_find(m, in) == NULL && !is_graph_input(m, in) &&
			    (p < 0 || (size_t)p >= i))
				broken("a node input defined nowhere before it", in);
			if (p >= 0 && (size_t)p >= i && onnx_init_find(m, in) == NULL)
				broken("a node input produced later", in);
		}
		for (uint32_t k = 0; k < n->n_outputs; k++)
			if (n->outputs[k][0] != '\0' && onnx_producer(m, n->outputs[k]) != (long)i)
				broken("an output's producer is not its node", n->outputs[k]);
		for (uint32_t k = 0; k < n->n_attrs; k++) {
			const struct onnx_attr *a = &n->attrs[k], *found;
			if (onnx_node_attr(m, i, a->name, a->type, &found, &dg) != BKSEF_OK ||
			    found != a)
				broken("an attribute is not found by its name and type", a->name);
			if (a->type == ONNX_ATTR_TENSOR)
				check_tensor(a->t);
			if (a->type == ONNX_ATTR_STRING && strlen(a->s) > a->n)
				broken("a string attribute longer than its length", a->name);
		}
	}
}

/* Map M at SIZE and check the result; returns the text (to free) or NULL. */
static char *check_map(const struct onnx_model *m, const struct onnx_map_size *size)
{
	struct onnx_map a, b;
	struct diag dg = { 0 };
	int st = onnx_map_model(m, "fuzz.onnx", size, &a, &dg);
	char *text = NULL;

	if (st == BKSEF_ENOMEM) {
		onnx_map_release(&a);
		return NULL;
	}
	if (st == BKSEF_OK) {
		if (a.text == NULL || a.blockers != NULL || a.n_blockers != 0 ||
		    strlen(a.text) != a.len)
			broken("a mapping without its text, or with blockers", NULL);
	} else {
		size_t lines = 0;
		if (st != BKSEF_EINPUT || a.text != NULL || a.blockers == NULL ||
		    a.n_blockers == 0 || dg.msg[0] == '\0')
			broken("a refused mapping without its blockers", dg.msg);
		for (const char *p = a.blockers; *p; p++) {
			if (*p == '\n') {
				if (p == a.blockers || p[-1] == '\n')
					broken("an empty blocker line", NULL);
				lines++;
			}
		}
		if (lines != a.n_blockers || a.blockers[strlen(a.blockers) - 1] != '\n')
			broken("the blockers are not n_blockers lines", NULL);
	}
	if (onnx_map_model(m, "fuzz.onnx", size, &b, &dg) == st &&
	    ((a.text && (b.text == NULL || strcmp(a.text, b.text) != 0)) ||
	     (a.blockers && (b.blockers == NULL || strcmp(a.blockers, b.blockers) != 0))))
		broken("mapping twice gives other bytes", NULL);
	onnx_map_release(&b);
	if (a.text != NULL) {
		struct net *net = NULL;
		size_t rows = 0;
		int v2 = strncmp(a.text, NET_FORMAT2_LINE "\n", strlen(NET_FORMAT2_LINE) + 1) == 0;
		int sl = net_load_buffer(a.text, a.len, "fuzz.csv", &net, &dg);
		if (sl == BKSEF_OK) {
			/* rows: the lines after the header that are not comments */
			int header = 0;
			for (const char *p = a.text; *p;) {
				const char *e = strchr(p, '\n');
				if (*p != '#') {
					if (header)
						rows++;
					header = 1;
				}
				p = e ? e + 1 : p + strlen(p);
			}
			if (net->n_layers != rows)
				broken("the loaded network has another number of layers", NULL);
			if (net->version != (v2 ? 2 : 1) || a.version != net->version)
				broken("the format version is not the one the text says", NULL);
		} else if (sl != BKSEF_ENOMEM && (sl != BKSEF_EINPUT || dg.msg[0] == '\0')) {
			broken("the mapped network file does not load", dg.msg);
		}
		net_free(net);
		text = a.text;
		a.text = NULL;
	}
	onnx_map_release(&a);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct onnx_model *mapped = NULL, *streamed = NULL, *sub = NULL;
	struct diag a = { 0 }, b = { 0 }, c = { 0 };
	char *ta = NULL, *tb = NULL, *tc = NULL;

	int sa = onnx_read_buffer(data, size, "fuzz.onnx", 0, &mapped, &a);
	int sb = onnx_read_buffer(data, size, "fuzz.onnx", ONNX_READ_STREAM, &streamed, &b);
	int sc = onnx_read_buffer(data, size, "fuzz.onnx", ONNX_READ_SUBGRAPHS, &sub, &c);

	if (sa != BKSEF_ENOMEM && sb != BKSEF_ENOMEM && sa != sb)
		broken("mapped and streamed reads differ in status",
		       sa == BKSEF_OK ? b.msg : a.msg);
	if ((sa != BKSEF_OK && a.msg[0] == '\0') || (sb != BKSEF_OK && b.msg[0] == '\0') ||
	    (sc != BKSEF_OK && c.msg[0] == '\0'))
		broken("a refusal without a message", NULL);
	if ((sa != BKSEF_OK) != (mapped == NULL) || (sb != BKSEF_OK) != (streamed == NULL))
		broken("a model given with a failure, or none with success", NULL);
	if (sa == BKSEF_OK && sc != BKSEF_OK && sc != BKSEF_ENOMEM)
		broken("ONNX_READ_SUBGRAPHS refuses what the plain read takes", c.msg);
	if (mapped != NULL)
		check_model(mapped);
	if (sub != NULL)
		check_model(sub);
	if (mapped != NULL || sub != NULL) {
		struct onnx_map_size own = { 0 }, small = { 3, { 3, 8, 8 } };
		char *m1 = mapped ? check_map(mapped, &own) : NULL;
		char *m2 = sub ? check_map(sub, &own) : NULL;
		if (m1 != NULL && m2 != NULL && strcmp(m1, m2) != 0)
			broken("a model maps otherwise when read with ONNX_READ_SUBGRAPHS", NULL);
		free(m1);
		free(m2);
		free(sub ? check_map(sub, &small) : NULL);
	}
	if (mapped != NULL && streamed != NULL) {
		ta = dump_of(mapped);
		tb = dump_of(streamed);
		if (ta != NULL && tb != NULL && strcmp(ta, tb) != 0)
			broken("mapped and streamed reads differ", NULL);
		tc = sub != NULL ? dump_of(sub) : NULL;
		if (ta != NULL && tc != NULL && strcmp(ta, tc) != 0)
			broken("ONNX_READ_SUBGRAPHS reads a model without subgraphs differently",
			       NULL);
	}
	free(ta);
	free(tb);
	free(tc);
	onnx_free(mapped);
	onnx_free(streamed);
	onnx_free(sub);
	return 0;
}
