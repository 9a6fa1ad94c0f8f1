/* export.c -- the plan CSV, the sweep CSV and the network with a plan applied,
 * all written through libcsv's quoting. */
#include <config.h>

#include "export.h"
#include "csvout.h"
#include "decimal.h"
#include "progress.h"
#include "rf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const plan_header[] = {
	"layer",       "op",      "tunable", "pinned",     "k_base",    "k_plan",
	"pad_plan",    "out_h",   "out_w",   "macs_base",  "macs_plan", "params_base",
	"params_plan", "rf_base", "rf_plan", "score_plan",
};

/* The run's context, repeated on every row after the scores. */
static const char *const context_header[] = {
	"lambda1",
	"lambda2",
	"lambda3",
	"gamma",
	"beta",
	"scope",
	"cost",
	"network",
	"baseline",
	"solver",
	"budget",
	"resource",
	"total_macs_plan",
	"total_params_plan",
	"total_rf_plan",
	"total_macs_base",
	"total_params_base",
	"total_rf_base",
};

/* The score columns: the table's columns and the run's candidates, in
 * increasing size, into *OUT (malloc'd); returns how many, or -1 when out
 * of memory. */
static long score_columns(const struct cand_table *t, cand_set run, struct kernel **out)
{
	struct kernel *cols = malloc((t->n_columns + CAND_MAX + 1) * sizeof *cols);
	size_t n = 0, j = 0;

	if (cols == NULL)
		return -1;
	for (int k = cand_next(run, 0);; k = cand_next(run, k)) {
		struct kernel sq = kernel_realised(kernel_square(t->net->rank, k), t->spec.realise);
		/* Merge the two increasing lists, once each. */
		while (j < t->n_columns && (k == 0 || kernel_compare(&t->col_kernel[j], &sq) < 0))
			cols[n++] = t->col_kernel[j++];
		if (k == 0)
			break;
		if (j < t->n_columns && kernel_equal(&t->col_kernel[j], &sq))
			j++;
		cols[n++] = sq;
	}
	*out = cols;
	return (long)n;
}

/* VALUES[0 .. rank) as a token: "3" when every axis agrees, else "0x3"; into
 * BUF of SIZE bytes (cut as snprintf would). */
static char *axes_token(const int64_t *v, int rank, char *buf, size_t size)
{
	char text[KERNEL_MAX_AXES * (DECIMAL_MAX + 1)], *o = text;
	int same = 1;
	size_t n;
	for (int a = 1; a < rank; a++)
		same &= v[a] == v[0];
	for (int a = 0; a < (same ? 1 : rank); a++) {
		if (a > 0)
			*o++ = 'x';
		o = decimal_i64(o, v[a]);
	}
	n = (size_t)(o - text) < size ? (size_t)(o - text) : size - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return buf;
}

/* Conv C's padding under PLAN as a token. */
static char *pads_text(const struct net *net, const struct plan *plan, size_t c, char *buf,
                       size_t size)
{
	int64_t pad[KERNEL_MAX_AXES];
	plan_conv_pads(plan, c, pad);
	return axes_token(pad, net->rank, buf, size);
}

/* The run's context fields of every row. */
static void write_context(struct csvout *co, const struct session *s)
{
	const struct score_params *p = session_params(s);
	const struct request *req = session_request(s);
	const struct session_budget *b = session_budget(s);
	const struct plan *plan = session_plan(s), *base = session_base(s);

	csvout_real(co, p->lambda1);
	csvout_real(co, p->lambda2);
	csvout_real(co, p->lambda3);
	csvout_real(co, p->gamma);
	csvout_real(co, p->beta);
	csvout_str(co, score_scope_name(p->scope));
	csvout_str(co, cost_model_name(p->cost));
	csvout_str(co, session_net(s)->name);
	if (req->baseline_k)
		csvout_i64(co, req->baseline_k);
	else
		csvout_str(co, "loaded");
	if (b->active) {
		csvout_str(co, request_solver_name(req->budget.solver));
		csvout_i64(co, b->value);
		csvout_str(co, request_resource_name(req->budget.resource));
	} else {
		csvout_empty(co);
		csvout_empty(co);
		csvout_empty(co);
	}
	csvout_i64(co, plan->macs);
	csvout_i64(co, plan->params);
	csvout_i64(co, plan->rf);
	csvout_i64(co, base->macs);
	csvout_i64(co, base->params);
	csvout_i64(co, base->rf);
}

/* The rows of export_plan_csv after its header, COLS[0 .. N_COLS) its score
 * columns. */
static void write_plan_rows(struct csvout *co, const struct session *s, const struct kernel *cols,
                            long n_cols, long *slot)
{
	const struct net *net = session_net(s);
	const struct cand_table *t = session_table(s);
	const struct score *sc = session_score(s);
	const struct score_work *w = session_work(s);
	const struct plan *plan = session_plan(s), *base = session_base(s);
	const struct request *req = session_request(s);
	char tok[KERNEL_TOKEN_MAX], *context = NULL;
	size_t r = 0, n_rows = score_rows(sc);
	int context_n = 0;
	/* Each table column's place among COLS, -1 where it is not one. */
	long *place = slot + n_cols;

	for (size_t j = 0; j < t->n_columns; j++) {
		place[j] = -1;
		for (long q = 0; q < n_cols; q++)
			if (kernel_equal(&t->col_kernel[j], &cols[q]))
				place[j] = q;
	}
	for (size_t c = 0; c < net->n_conv && csvout_ok(co) && !progress_tick(NULL, c, net->n_conv);
	     c++) {
		size_t i = net->conv[c];
		const struct net_layer *l = &net->layers[i];
		while (r < n_rows && score_row_conv(sc, r) < c)
			r++;
		int scored = r < n_rows && score_row_conv(sc, r) == c;
		csvout_str(co, l->name);
		csvout_plain(co, net_op_name(l->op));
		csvout_i64(co, l->tune);
		csvout_i64(co, request_pin_of(req, i) != NULL);
		csvout_plain(co, kernel_format(plan_kernel(base, c), tok, sizeof tok));
		csvout_plain(co, kernel_format(plan_kernel(plan, c), tok, sizeof tok));
		csvout_plain(co, pads_text(net, plan, c, tok, sizeof tok));
		for (int a = 0; a < net->rank; a++)
			csvout_i64(co, net_layer_size(l, net->rank, a, 0));
		csvout_i64(co, plan_conv_macs(base, c));
		csvout_i64(co, plan_conv_macs(plan, c));
		csvout_i64(co, plan_conv_params(base, c));
		csvout_i64(co, plan_conv_params(plan, c));
		csvout_i64(co, base->rf_layer[i]);
		csvout_i64(co, plan->rf_layer[i]);
		if (scored)
			csvout_real(co, score_value(sc, w, r, plan->choice[c]));
		else
			csvout_empty(co);
		for (long q = 0; q < n_cols; q++)
			slot[q] = -1;
		for (size_t e = 0; scored && e < t->n_scored[c]; e++)
			if (t->col[t->first[c] + e] != CAND_TABLE_NO_COL)
				slot[place[t->col[t->first[c] + e]]] = (long)e;
		for (long q = 0; q < n_cols; q++) {
			if (slot[q] < 0)
				csvout_empty(co);
			else
				csvout_real(co, score_value(sc, w, r, (size_t)slot[q]));
		}
		/* The context is the same on every row: written out once, then
		 * copied (when the first row's is still held as written). */
		if (context != NULL) {
			csvout_fields(co, context, context_n);
		} else {
			struct csvout_pos pos = csvout_pos(co);
			size_t len;
			write_context(co, s);
			const char *text = csvout_since(co, pos, &len, &context_n);
			if (text != NULL && (context = malloc(len + 1)) != NULL) {
				memcpy(context, text, len);
				context[len] = '\0';
			}
		}
		csvout_end(co);
	}
	free(context);
}

int export_plan_csv(FILE *fp, const struct session *s)
{
	const struct net *net = session_net(s);
	const struct cand_table *t = session_table(s);
	const struct request *req = session_request(s);
	struct kernel *cols;
	long n_cols = score_columns(t, req->candidates, &cols);
	long *slot;
	struct csvout co;
	char name[KERNEL_TOKEN_MAX + 16], tok[KERNEL_TOKEN_MAX];

	if (n_cols < 0)
		return BKSEF_ENOMEM;
	slot = malloc(((size_t)n_cols + t->n_columns + 1) * sizeof *slot);
	if (slot == NULL) {
		free(cols);
		return BKSEF_ENOMEM;
	}
	csvout_init(&co, fp);
	net_axis_header(&co, plan_header, sizeof plan_header / sizeof plan_header[0], net->rank);
	for (long j = 0; j < n_cols; j++) {
		snprintf(name, sizeof name, "score_k%s", kernel_format(&cols[j], tok, sizeof tok));
		csvout_str(&co, name);
	}
	for (size_t h = 0; h < sizeof context_header / sizeof context_header[0]; h++)
		csvout_str(&co, context_header[h]);
	csvout_end(&co);
	write_plan_rows(&co, s, cols, n_cols, slot);
	free(cols);
	free(slot);
	if (progress_cancelled())
		return BKSEF_ECANCELED;
	return csvout_flush(&co) ? BKSEF_OK : BKSEF_EIO;
}

int export_sweep_csv(FILE *fp, const struct sweep *sw, const struct cand_table *t)
{
	struct csvout co;
	char name[KERNEL_TOKEN_MAX + 16], tok[KERNEL_TOKEN_MAX];

	csvout_init(&co, fp);
	csvout_str(&co, "lambda3_from");
	csvout_str(&co, "lambda3_to");
	csvout_str(&co, "macs");
	csvout_str(&co, "params");
	csvout_str(&co, "rf");
	csvout_str(&co, "mean_k");
	for (size_t j = 0; j < t->n_columns; j++) {
		snprintf(name, sizeof name, "n_k%s",
		         kernel_format(&t->col_kernel[j], tok, sizeof tok));
		csvout_str(&co, name);
	}
	csvout_end(&co);
	for (size_t i = 0; i < sw->n && csvout_ok(&co); i++) {
		const struct sweep_step *st = &sw->step[i];
		csvout_real(&co, st->from);
		if (isinf(st->to))
			csvout_str(&co, "inf");
		else
			csvout_real(&co, st->to);
		csvout_i64(&co, st->macs);
		csvout_i64(&co, st->params);
		csvout_i64(&co, st->rf);
		csvout_real(&co, st->mean_k);
		for (size_t j = 0; j < sw->n_columns; j++)
			csvout_i64(&co, st->n_k[j]);
		csvout_end(&co);
	}
	return csvout_flush(&co) ? BKSEF_OK : BKSEF_EIO;
}

/* The `from` field: empty when the input is the row above, else the input
 * names joined in *BUF (see net_layer_inputs).  BKSEF_OK or BKSEF_ENOMEM. */
static int write_from(struct csvout *co, const struct net *net, size_t i, char **buf, size_t *cap)
{
	const struct net_layer *l = &net->layers[i];
	int st;

	if (l->from_count == 0 || (l->from_count == 1 && net->from[l->from_first] == i - 1)) {
		csvout_empty(co);
		return BKSEF_OK;
	}
	st = net_layer_inputs(net, i, buf, cap);
	if (st == BKSEF_OK)
		csvout_str(co, *buf);
	return st;
}

/* The most bytes of the source's name the first line shows. */
#define COMMENT_NAME_MAX 1024

/* NAME on the comment line: control characters as \xNN (a line break would
 * end the comment), cut after COMMENT_NAME_MAX bytes, not inside a UTF-8
 * character, with "...". */
static void write_comment_name(FILE *fp, const char *name)
{
	size_t n = strlen(name), cut = n;
	if (n > COMMENT_NAME_MAX) {
		cut = COMMENT_NAME_MAX;
		while (cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80)
			cut--;
	}
	for (size_t i = 0; i < cut; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x20 || c == 0x7F)
			fprintf(fp, "\\x%02X", c);
		else
			putc(c, fp);
	}
	if (cut < n)
		fputs("...", fp);
}

int export_network_version(const struct net *net, const struct plan *plan)
{
	if (net->rank != 2)
		return 2;
	for (size_t i = 0; i < net->n_layers; i++) {
		const struct net_layer *l = &net->layers[i];
		const struct net_ext *e = net_layer_ext(net, l);
		if (l->op >= NET_OP_V1_COUNT || (e != NULL && (e->per_axis || e->ceil_mode ||
		                                               e->start || e->cand_count || e->ds)))
			return 2;
	}
	for (size_t c = 0; plan->table->per_axis && c < net->n_conv; c++)
		if (!kernel_is_square(plan_kernel(plan, c)))
			return 2;
	return 1;
}

/* Conv or pool layer I's column COL (stride or dilation) as a token. */
static char *axis_column(const struct net *net, size_t i, int col, char *buf, size_t size)
{
	int64_t v[KERNEL_MAX_AXES];
	for (int a = 0; a < net->rank; a++) {
		struct net_axis ax = net_layer_axis(net, &net->layers[i], a);
		v[a] = col == NET_COL_STRIDE ? ax.stride : ax.dilation;
	}
	return axes_token(v, net->rank, buf, size);
}

/* Conv layer L's own candidates: its sizes, then its per-axis kernels,
 * each after "ds" when the list is ds and FULL is 0. */
static char *cands_text(const struct net *net, const struct net_layer *l, int full, char *buf,
                        size_t size)
{
	const struct net_ext *e = net_layer_ext(net, l);
	int kind = e != NULL && e->ds && !full ? KERNEL_DS : KERNEL_FULL;
	char tok[KERNEL_TOKEN_MAX];
	size_t used = 0;

	buf[0] = '\0';
	for (int k = cand_next(l->candidates, 0); k != 0 && used < size;
	     k = cand_next(l->candidates, k)) {
		struct kernel sq = kernel_realised(kernel_square(net->rank, k), kind);
		int n = snprintf(buf + used, size - used, used ? " %s" : "%s",
		                 kernel_format(&sq, tok, sizeof tok));
		if (n < 0)
			break;
		used += (size_t)n;
	}
	for (uint32_t q = 0; e != NULL && q < e->cand_count && used < size; q++) {
		struct kernel k = kernel_realised(net->cand_kernel[e->cand_first + q], kind);
		int n = snprintf(buf + used, size - used, used ? " %s" : "%s",
		                 kernel_format(&k, tok, sizeof tok));
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

/* Room for export_ds_name's text. */
#define DS_NAME_MAX (NET_MAX_NAME_BYTES + 32)

/* The name the export gives the depthwise part of conv layer I realised
 * depthwise-separable (bksef(5)): NAME.dw, or NAME.dw2, NAME.dw3, ... the
 * first no layer of NET has; the pointwise part keeps NAME.  Names made so
 * never meet one another: each ends in ".dw" and digits after its own
 * layer's name. */
static char *ds_name(const struct net *net, size_t i, char *buf, size_t size)
{
	const char *name = net->layers[i].name;
	snprintf(buf, size, "%s.dw", name);
	for (unsigned long n = 2; net_find_layer(net, buf) >= 0; n++)
		snprintf(buf, size, "%s.dw%lu", name, n);
	return buf;
}

/* Whether PLAN realises layer I depthwise-separable. */
static int plan_ds(const struct plan *plan, size_t i)
{
	const struct kernel *k = plan_layer_kernel(plan, i);
	return k != NULL && k->kind == KERNEL_DS;
}

/* The network file, unchecked.  BKSEF_OK, BKSEF_EIO, BKSEF_ENOMEM or
 * BKSEF_ECANCELED (progress.h). */
static int write_network(FILE *fp, const struct net *net, const struct plan *plan)
{
	struct csvout co;
	char cands[512], tok[KERNEL_TOKEN_MAX], dwname[DS_NAME_MAX];
	char *from = NULL;
	size_t from_cap = 0;
	int version = export_network_version(net, plan);

	/* The longest `from` field's room, before the first byte is written:
	 * running out of memory half-way would leave half a file on a pipe. */
	for (size_t i = 0; i < net->n_layers; i++) {
		if (net_layer_inputs(net, i, &from, &from_cap) != BKSEF_OK) {
			free(from);
			return BKSEF_ENOMEM;
		}
	}
	if (version >= 2)
		fputs(NET_FORMAT2_LINE "\n", fp);
	fputs("# ", fp);
	write_comment_name(fp, net->name);
	fprintf(fp,
	        " with a bksef plan applied (bksef " PACKAGE_VERSION
	        "); network description format v%d, see bksef(5)\n",
	        version);
	csvout_init(&co, fp);
	/* The input's t and l columns only for a network of another rank, so
	 * that a 2-D network's file reads as before. */
	int n_cols = version < 2 ? NET_COL_V1_COUNT : net->rank == 2 ? NET_COL_T : NET_COL_MODE;
	for (size_t i = 0; version >= 2 && i < net->n_layers; i++)
		if (net->layers[i].op == NET_OP_UPSAMPLE ||
		    net->layers[i].op == NET_OP_CONVTRANSPOSE)
			n_cols = NET_COL_COUNT;
	for (int h = 0; h < n_cols; h++)
		csvout_str(&co, net_column_names[h]);
	csvout_end(&co);
	/* A conv the plan realises depthwise-separable is two rows (part 0:
	 * the depthwise conv, 1: the pointwise conv); any other layer one
	 * (part -1). */
	for (size_t i = 0, part = 0;
	     i < net->n_layers && csvout_ok(&co) && !progress_tick(NULL, i, net->n_layers);) {
		const struct net_layer *l = &net->layers[i];
		int kernel = net_op_has_kernel(l->op), ds = plan_ds(plan, i);
		int dw = ds && part == 0, pw = ds && part == 1;
		csvout_str(&co, dw ? ds_name(net, i, dwname, sizeof dwname) : l->name);
		csvout_str(&co, net_op_name(l->op));
		if (pw)
			csvout_empty(&co); /* the row above: the depthwise part */
		else if (write_from(&co, net, i, &from, &from_cap) != BKSEF_OK) {
			free(from);
			return BKSEF_ENOMEM;
		}
		const struct net_ext *x = net_layer_ext(net, l);
		/* the input's size, or the size an upsample gives */
		int sized = l->op == NET_OP_INPUT || (l->op == NET_OP_UPSAMPLE && x->size[0] > 0);
		if (l->op == NET_OP_INPUT || l->op == NET_OP_CONV || l->op == NET_OP_FC ||
		    l->op == NET_OP_SLICE || l->op == NET_OP_CONVTRANSPOSE)
			csvout_i64(&co, dw ? l->in_c : l->c);
		else
			csvout_empty(&co);
		if (sized && net->rank != 1) {
			csvout_i64(&co, l->h);
			csvout_i64(&co, l->w);
		} else {
			csvout_empty(&co);
			csvout_empty(&co);
		}
		if (pw) {
			csvout_str(&co, "1"); /* k, stride, pad, dilation */
			csvout_str(&co, "1");
			csvout_str(&co, "0");
			csvout_str(&co, "1");
		} else if (kernel) {
			const struct kernel *k = plan_layer_kernel(plan, i);
			struct kernel loaded = net_layer_kernel(net, i), full;
			if (k != NULL)
				full = kernel_realised(*k, KERNEL_FULL);
			csvout_str(&co,
			           kernel_format(k != NULL ? &full : &loaded, tok, sizeof tok));
			csvout_str(&co, axis_column(net, i, NET_COL_STRIDE, tok, sizeof tok));
			int64_t pad[KERNEL_MAX_AXES];
			plan_layer_pads(plan, i, pad);
			if (l->pad_same)
				csvout_str(&co, "same");
			else
				csvout_str(&co, axes_token(pad, net->rank, tok, sizeof tok));
			csvout_str(&co, axis_column(net, i, NET_COL_DILATION, tok, sizeof tok));
		} else {
			for (int e = 0; e < 4; e++)
				csvout_empty(&co);
		}
		if (l->op == NET_OP_CONV || l->op == NET_OP_SHUFFLE ||
		    l->op == NET_OP_CONVTRANSPOSE)
			csvout_i64(&co, dw ? l->in_c : l->groups);
		else
			csvout_empty(&co);
		if (l->op == NET_OP_CONV || l->op == NET_OP_FC || l->op == NET_OP_CONVTRANSPOSE)
			csvout_i64(&co, dw ? 0 : l->bias);
		else
			csvout_empty(&co);
		if (l->op == NET_OP_CONV) {
			/* Keep the layer tunable as loaded, even if its new k < 3;
			 * a depthwise part as its layer, with its candidates full
			 * (a grouped conv's), a pointwise part fixed. */
			csvout_i64(&co, pw ? 0 : l->tune);
			if (!pw && net_layer_own_candidates(net, l))
				csvout_str(&co, cands_text(net, l, dw, cands, sizeof cands));
			else
				csvout_empty(&co);
		} else {
			csvout_empty(&co);
			csvout_empty(&co);
		}
		if (version >= 2) {
			const struct net_ext *e = net_layer_ext(net, l);
			if (l->op == NET_OP_MAXPOOL || l->op == NET_OP_AVGPOOL)
				csvout_i64(&co, e != NULL && e->ceil_mode);
			else
				csvout_empty(&co);
			if (l->op == NET_OP_SLICE)
				csvout_i64(&co, e != NULL ? e->start : 0);
			else
				csvout_empty(&co);
		}
		if (n_cols > NET_COL_T) {
			if (sized && net->rank == 3)
				csvout_i64(&co, l->t);
			else
				csvout_empty(&co);
			if (sized && net->rank == 1)
				csvout_i64(&co, l->w);
			else
				csvout_empty(&co);
		}
		if (n_cols > NET_COL_MODE) {
			static const char *const linear[] = { "linear", "bilinear", "trilinear" };
			int64_t v[KERNEL_MAX_AXES];
			if (l->op == NET_OP_UPSAMPLE)
				csvout_str(&co, x->mode == NET_UP_LINEAR ? linear[net->rank - 1]
				                                         : "nearest");
			else
				csvout_empty(&co);
			for (int a = 0; a < KERNEL_MAX_AXES; a++)
				v[a] = l->op == NET_OP_UPSAMPLE ? x->scale[a]
				       : x                      ? x->out_pad[a]
				                                : 0;
			if (l->op == NET_OP_UPSAMPLE && !sized)
				csvout_str(&co, axes_token(v, net->rank, tok, sizeof tok));
			else
				csvout_empty(&co);
			if (l->op == NET_OP_CONVTRANSPOSE)
				csvout_str(&co, axes_token(v, net->rank, tok, sizeof tok));
			else
				csvout_empty(&co);
		}
		csvout_end(&co);
		if (dw)
			part = 1;
		else {
			part = 0;
			i++;
		}
	}
	free(from);
	if (progress_cancelled())
		return BKSEF_ECANCELED;
	return csvout_flush(&co) ? BKSEF_OK : BKSEF_EIO;
}

/* Bytes a row may take besides its name and 'from' field: 13 commas, the
 * line feed, the op (at most 7), eight numbers of at most 10 digits, bias,
 * tune and a candidate list (at most 179: "1 2 ... 63"). */
#define ROW_FIXED_MAX 300
/* The same in format 2: seven more columns, values per axis (up to 32 bytes
 * each), a longer op and per-axis candidates (at most 255, as loaded). */
#define ROW_FIXED_MAX_V2 700
/* The comment line (its name escaped, up to 4 bytes a byte) and the header. */
#define HEAD_MAX (4 * COMMENT_NAME_MAX + 512)

int export_frontier_csv(FILE *fp, const struct session_frontier *f, const struct cand_table *t)
{
	const struct best_frontier *fr = f->fr;
	struct csvout co;
	char name[KERNEL_TOKEN_MAX + 16], tok[KERNEL_TOKEN_MAX];

	csvout_init(&co, fp);
	csvout_str(&co, "budget_on");
	csvout_str(&co, "resource");
	csvout_str(&co, "gain");
	csvout_str(&co, "params");
	csvout_str(&co, "macs");
	csvout_str(&co, "rf");
	csvout_str(&co, "optimal");
	csvout_str(&co, "gap");
	for (size_t j = 0; j < t->n_columns; j++) {
		snprintf(name, sizeof name, "n_k%s",
		         kernel_format(&t->col_kernel[j], tok, sizeof tok));
		csvout_str(&co, name);
	}
	csvout_end(&co);
	for (size_t i = 0; i < fr->n && csvout_ok(&co); i++) {
		const struct best_point *pt = &fr->point[i];
		csvout_str(&co, request_resource_name(f->resource));
		csvout_i64(&co, pt->resource);
		csvout_real(&co, pt->gain);
		csvout_i64(&co, pt->params);
		csvout_i64(&co, pt->macs);
		if (f->rf[i] >= 0)
			csvout_i64(&co, f->rf[i]);
		else
			csvout_empty(&co);
		csvout_i64(&co, pt->optimal);
		csvout_real(&co, pt->gap);
		for (size_t j = 0; j < t->n_columns; j++)
			csvout_i64(&co, pt->n_k[j]);
		csvout_end(&co);
	}
	return csvout_flush(&co) ? BKSEF_OK : BKSEF_EIO;
}

int export_frontier_writer(FILE *fp, void *ctx, struct diag *dg)
{
	const struct export_frontier *ef = ctx;
	int st = export_frontier_csv(fp, ef->f, ef->table);
	return st == BKSEF_OK ? st : diag_set(dg, st, 0, "write error");
}

static ssize_t count_write(void *cookie, const char *buf, size_t size)
{
	(void)buf;
	*(uint64_t *)cookie += size;
	return (ssize_t)size;
}

int export_network_size(const struct net *net, const struct plan *plan, int exact, uint64_t *bytes,
                        struct diag *dg)
{
	if (!exact) {
		/* Quoting at most doubles a field and adds two quotes. */
		uint64_t n = HEAD_MAX;
		for (size_t i = 0; i < net->n_layers; i++) {
			const struct net_layer *l = &net->layers[i];
			n += 2 * (uint64_t)strlen(l->name) + 4 +
			     (net->version >= 2 ? ROW_FIXED_MAX_V2 : ROW_FIXED_MAX);
			/* a depthwise-separable conv's second row: two names and
			 * ".dw" with a number, the fixed part */
			if (plan_ds(plan, i))
				n += 4 * (uint64_t)strlen(l->name) + 64 + ROW_FIXED_MAX_V2;
			for (uint32_t f = 0; f < l->from_count; f++)
				n += 2 * ((uint64_t)strlen(
				              net->layers[net->from[l->from_first + f]].name) +
				          1);
		}
		*bytes = n;
		return BKSEF_OK;
	}
	cookie_io_functions_t io = { .write = count_write };
	uint64_t n = 0;
	FILE *fp = fopencookie(&n, "w", io);
	if (fp == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	int st = write_network(fp, net, plan);
	if (fclose(fp) != 0 && st == BKSEF_OK)
		st = BKSEF_ENOMEM; /* nothing but memory can fail here */
	if (st != BKSEF_OK)
		return diag_set(dg, st, 0, "out of memory");
	*bytes = n;
	return BKSEF_OK;
}

/* A depthwise-separable conv is written as two convs, the pointwise one
 * after it, and the loader checks every conv's receptive field at the
 * largest kernel a plan may give it (net_worst_kernel): each pointwise conv
 * adds to the fields after it at most (CAND_MAX - 1) of its input's jumps,
 * which the network as loaded did not have.  Whether the loader's worst
 * field, with every such addition, stays within 64 bits: BKSEF_OK, or
 * BKSEF_EINPUT naming the first ds layer past it, or BKSEF_ENOMEM.  R and J
 * are scratch of n_layers each. */
static int ds_worst_fits(const struct net *net, const struct plan *plan, int64_t *r, int64_t *j,
                         struct diag *dg)
{
	char name[216];
	struct diag sub = { 0 };
	int64_t den = net->rf_den > 1 ? net->rf_den : 1;
	int32_t *kmax = malloc(net->n_layers * sizeof *kmax);
	int st = BKSEF_OK;

	if (kmax == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	for (int a = 0; st == BKSEF_OK && a < (net->per_axis ? net->rank : 1); a++) {
		int64_t worst;
		for (size_t i = 0; i < net->n_layers; i++) {
			const struct net_layer *l = &net->layers[i];
			int32_t k = net_op_has_kernel(l->op) ? net_layer_axis(net, l, a).k : 0;
			kmax[i] = net_worst_kernel(l->op, k);
		}
		/* the network loaded, so this pass passes */
		st = rf_compute_axis(net, a, kmax, r, j, NULL, &worst, &sub);
		if (st != BKSEF_OK) {
			st = diag_set(dg, st, 0, "%s", sub.msg);
			break;
		}
		for (size_t i = 0; st == BKSEF_OK && i < net->n_layers; i++) {
			int64_t grow;
			if (!plan_ds(plan, i))
				continue;
			if (rf_step(0, j[i], den, CAND_MAX, 1, &grow) != 0 ||
			    __builtin_add_overflow(worst, grow, &worst))
				st = diag_set(dg, BKSEF_EINPUT, 0,
				              "layer '%s' realised depthwise-separable is written "
				              "as two convs, and the loader's check of the "
				              "receptive field (every conv at kernel %d) would "
				              "overflow 64-bit arithmetic: the file would not load "
				              "back; not written",
				              diag_quote(name, sizeof name, net->layers[i].name),
				              CAND_MAX);
		}
	}
	free(kmax);
	return st;
}

int export_network_check(const struct net *net, const struct plan *plan, struct diag *dg)
{
	char name[216];
	struct diag sub = { 0 };
	int64_t *r = NULL, *j = NULL, *p = NULL, max_rf;
	uint64_t bytes;
	int st;

	/* The loader takes paddings up to NET_MAX_DIM, written or 'same'; a
	 * depthwise-separable conv's two rows, as many rows and a name as long
	 * as it loads. */
	size_t rows = net->n_layers;
	for (size_t i = 0; i < net->n_layers; i++) {
		int64_t pad[KERNEL_MAX_AXES];
		char dwname[DS_NAME_MAX];
		if (plan_ds(plan, i)) {
			if (strlen(ds_name(net, i, dwname, sizeof dwname)) > NET_MAX_NAME_BYTES)
				return diag_set(dg, BKSEF_EINPUT, 0,
				                "the depthwise part of layer '%s' would be named "
				                "past the %d bytes a name may have; not written",
				                diag_quote(name, sizeof name, net->layers[i].name),
				                NET_MAX_NAME_BYTES);
			if (++rows > NET_MAX_LAYERS)
				return diag_set(dg, BKSEF_EINPUT, 0,
				                "the network file would have more than %zu layers "
				                "(each depthwise-separable conv two); not written",
				                (size_t)NET_MAX_LAYERS);
		}
		if (!net_op_has_kernel(net->layers[i].op))
			continue;
		plan_layer_pads(plan, i, pad);
		for (int a = 0; a < net->rank; a++) {
			char tok[KERNEL_TOKEN_MAX];
			const struct kernel *k = plan_layer_kernel(plan, i);
			struct kernel loaded = net_layer_kernel(net, i);
			if (pad[a] > NET_MAX_DIM)
				return diag_set(dg, BKSEF_EINPUT, 0,
				                "layer '%s' at kernel %s needs padding %lld, more "
				                "than a network file can hold (at most %ld); not "
				                "written",
				                diag_quote(name, sizeof name, net->layers[i].name),
				                kernel_format(k ? k : &loaded, tok, sizeof tok),
				                (long long)pad[a], (long)NET_MAX_DIM);
		}
	}
	/* The loader's receptive-field pass at the file's kernels, which are the
	 * plan's: effective paddings grow with the kernels. */
	r = malloc(net->n_layers * sizeof *r);
	j = malloc(net->n_layers * sizeof *j);
	p = malloc(net->n_layers * sizeof *p);
	if (r == NULL || j == NULL || p == NULL) {
		st = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		goto out;
	}
	st = BKSEF_OK;
	for (int a = 0; st == BKSEF_OK && a < (plan->per_axis ? net->rank : 1); a++)
		st = plan_rf_axis(plan, a, r, j, p, &max_rf, &sub);
	if (st == BKSEF_EINPUT) {
		st = diag_set(dg, st, 0,
		              "%s at the plan's kernels, so the file would not load back; "
		              "not written",
		              sub.msg);
		goto out;
	}
	if (st != BKSEF_OK) {
		st = diag_set(dg, st, 0, "%s", sub.msg);
		goto out;
	}
	if (rows > net->n_layers) {
		st = ds_worst_fits(net, plan, r, j, dg);
		if (st != BKSEF_OK)
			goto out;
	}
	/* The loader's size limit: count exactly only when the bound passes it.
	 * A file under 1 GiB can export to more: every row gets all 14 columns
	 * (a 64-byte conv row grows by about 20 bytes), so near the 16,777,216-row
	 * limit the export passes 1 GiB.  The other limits hold by construction:
	 * one row per layer (as many as were loaded), a row at most 2 * 4096 +
	 * 2 * 65536 + ROW_FIXED_MAX bytes (under the 1 MiB line limit), a 'from'
	 * field no longer than the loaded one (names joined by single spaces). */
	st = export_network_size(net, plan, 0, &bytes, dg);
	if (st == BKSEF_OK && bytes > NET_MAX_FILE_BYTES)
		st = export_network_size(net, plan, 1, &bytes, dg);
	if (st == BKSEF_OK && bytes > NET_MAX_FILE_BYTES)
		st = diag_set(dg, BKSEF_EINPUT, 0,
		              "the network file would be %llu bytes, more than the 1 GiB "
		              "bksef loads; not written",
		              (unsigned long long)bytes);
out:
	free(r);
	free(j);
	free(p);
	return st;
}

/* What a writer that failed with ST says. */
static const char *writer_error(int st)
{
	return st == BKSEF_ENOMEM      ? "out of memory"
	       : st == BKSEF_ECANCELED ? "cancelled"
	                               : "write error";
}

int export_network_csv(FILE *fp, const struct net *net, const struct plan *plan, struct diag *dg)
{
	int st = export_network_check(net, plan, dg);
	if (st != BKSEF_OK)
		return st;
	st = write_network(fp, net, plan);
	return st == BKSEF_OK ? st : diag_set(dg, st, 0, "%s", writer_error(st));
}

int export_plan_writer(FILE *fp, void *ctx, struct diag *dg)
{
	int st = export_plan_csv(fp, ctx);
	return st == BKSEF_OK ? st : diag_set(dg, st, 0, "%s", writer_error(st));
}

int export_network_writer(FILE *fp, void *ctx, struct diag *dg)
{
	const struct session *s = ctx;
	return export_network_csv(fp, session_net(s), session_plan(s), dg);
}

int export_sweep_writer(FILE *fp, void *ctx, struct diag *dg)
{
	const struct export_sweep *es = ctx;
	int st = export_sweep_csv(fp, es->sw, es->table);
	return st == BKSEF_OK ? st : diag_set(dg, st, 0, "%s", writer_error(st));
}
