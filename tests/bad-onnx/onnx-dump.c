/* onnx-dump.c -- an ONNX model read by onnx.h as text. */
#include <config.h>

#include "onnx-dump.h"

#include <inttypes.h>

#include "escape.h"

static void put_name(FILE *fp, const char *s)
{
	fputc('\'', fp);
	escape_fputs(s, fp);
	fputc('\'', fp);
}

static void put_dims(FILE *fp, const struct onnx_value *v)
{
	if (!v->has_shape) {
		fputs(" shape ?", fp);
		return;
	}
	fputs(" [", fp);
	for (uint32_t k = 0; k < v->rank; k++) {
		if (k > 0)
			fputs(", ", fp);
		if (v->dims[k].value >= 0)
			fprintf(fp, "%" PRId64, v->dims[k].value);
		else if (v->dims[k].param != NULL)
			put_name(fp, v->dims[k].param);
		else
			fputc('?', fp);
	}
	fputc(']', fp);
}

static void put_value(FILE *fp, const char *what, size_t i, const struct onnx_value *v)
{
	fprintf(fp, "%s %zu ", what, i);
	put_name(fp, v->name);
	if (v->kind == ONNX_VALUE_TENSOR) {
		fprintf(fp, " tensor %" PRId32, v->elem_type);
		put_dims(fp, v);
	} else {
		fputs(v->kind == ONNX_VALUE_OTHER ? " other" : " untyped", fp);
	}
	fputc('\n', fp);
}

static void put_tensor(FILE *fp, const struct onnx_tensor *t)
{
	put_name(fp, t->name);
	fprintf(fp, " type %" PRId32 " dims [", t->data_type);
	for (uint32_t k = 0; k < t->rank; k++)
		fprintf(fp, "%s%" PRId64, k ? ", " : "", t->dims[k]);
	fprintf(fp, "] elements %" PRIu64 " bytes %" PRIu64, t->n_elements, t->data_bytes);
	if (t->external) {
		fputs(" external ", fp);
		put_name(fp, t->location);
	}
	if (t->has_values) {
		fputs(" values [", fp);
		for (uint32_t k = 0; k < t->n_values; k++) {
			if (t->ints != NULL)
				fprintf(fp, "%s%" PRId64, k ? ", " : "", t->ints[k]);
			else
				fprintf(fp, "%s%.9g", k ? ", " : "", t->reals[k]);
		}
		fputc(']', fp);
	}
}

static void put_attr(FILE *fp, const struct onnx_attr *a)
{
	fputs("  attr ", fp);
	put_name(fp, a->name);
	fprintf(fp, " %s", onnx_attr_type_name(a->type) ? onnx_attr_type_name(a->type) : "?");
	switch (a->type) {
	case ONNX_ATTR_FLOAT:
		fprintf(fp, " %.9g", (double)a->f);
		break;
	case ONNX_ATTR_INT:
		fprintf(fp, " %" PRId64, a->i);
		break;
	case ONNX_ATTR_STRING:
		fputc(' ', fp);
		put_name(fp, a->s);
		fprintf(fp, " (%" PRIu32 " bytes)", a->n);
		break;
	case ONNX_ATTR_TENSOR:
		fputc(' ', fp);
		put_tensor(fp, a->t);
		break;
	case ONNX_ATTR_FLOATS:
		for (uint32_t k = 0; k < a->n; k++)
			fprintf(fp, " %.9g", (double)a->floats[k]);
		break;
	case ONNX_ATTR_INTS:
		for (uint32_t k = 0; k < a->n; k++)
			fprintf(fp, " %" PRId64, a->ints[k]);
		break;
	case ONNX_ATTR_STRINGS:
		for (uint32_t k = 0; k < a->n; k++) {
			fputc(' ', fp);
			put_name(fp, a->strings[k]);
		}
		break;
	default:
		break;
	}
	fputc('\n', fp);
}

void onnx_dump(FILE *fp, const struct onnx_model *m)
{
	fprintf(fp, "ir_version %" PRId64 "\nproducer ", m->ir_version);
	put_name(fp, m->producer_name);
	fputc(' ', fp);
	put_name(fp, m->producer_version);
	fputs("\ngraph ", fp);
	put_name(fp, m->graph_name);
	fprintf(fp, "\nextras %u\n", m->extras);
	for (size_t i = 0; i < m->n_opsets; i++) {
		fputs("opset ", fp);
		put_name(fp, m->opsets[i].domain);
		fprintf(fp, " %" PRId64 "\n", m->opsets[i].version);
	}
	for (size_t i = 0; i < m->n_inputs; i++)
		put_value(fp,
		          onnx_init_find(m, m->inputs[i].name) ? "input (initializer)" : "input", i,
		          &m->inputs[i]);
	for (size_t i = 0; i < m->n_outputs; i++)
		put_value(fp, "output", i, &m->outputs[i]);
	for (size_t i = 0; i < m->n_value_info; i++)
		put_value(fp, "value_info", i, &m->value_info[i]);
	for (size_t i = 0; i < m->n_inits; i++) {
		fprintf(fp, "initializer %zu ", i);
		put_tensor(fp, &m->inits[i]);
		fprintf(fp, " consumers %zu\n", onnx_consumers(m, m->inits[i].name));
	}
	for (size_t i = 0; i < m->n_nodes; i++) {
		const struct onnx_node *n = &m->nodes[i];
		char label[256];
		fprintf(fp, "%s domain ", onnx_node_label(m, i, label, sizeof label));
		put_name(fp, n->domain);
		fputs("\n  in", fp);
		for (uint32_t k = 0; k < n->n_inputs; k++) {
			fputc(' ', fp);
			put_name(fp, n->inputs[k]);
		}
		fputs("\n  out", fp);
		for (uint32_t k = 0; k < n->n_outputs; k++) {
			fputc(' ', fp);
			put_name(fp, n->outputs[k]);
			fprintf(fp, " (%zu consumers)", onnx_consumers(m, n->outputs[k]));
		}
		fputc('\n', fp);
		for (uint32_t k = 0; k < n->n_attrs; k++)
			put_attr(fp, &n->attrs[k]);
	}
}

void onnx_dump_summary(FILE *fp, const struct onnx_model *m)
{
	uint64_t weights = 0;
	for (size_t i = 0; i < m->n_inits; i++)
		weights += m->inits[i].n_elements;
	fprintf(fp,
	        "ir_version %" PRId64 ", opset %" PRId64 ", %zu node%s, %zu initializer%s (%" PRIu64
	        " weights), %zu input%s, %zu output%s\n",
	        m->ir_version, onnx_opset_version(m, ""), m->n_nodes, m->n_nodes == 1 ? "" : "s",
	        m->n_inits, m->n_inits == 1 ? "" : "s", weights, m->n_real_inputs,
	        m->n_real_inputs == 1 ? "" : "s", m->n_outputs, m->n_outputs == 1 ? "" : "s");
}
