/* detail.c -- the detail view of one layer: every candidate's terms, raw and
 * normalised, weighted, its score, why k* won, and what each k does to the
 * receptive field and the MACs.  Its lines are built when the plan, the
 * layer or the width changes, and kept until then. */
#include <config.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf.h"
#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

/* The view's own state: the lines and what they were built for. */
struct detail_data {
	struct text_lines lines; /* the first names the layer (the title) */
	int built, width, utf8;
	unsigned long change;
	size_t layer;
	size_t wrapped; /* screen lines after the title at WIDTH */
};

/* What the builders share. */
struct detail_ctx {
	struct ui *ui;
	const struct draw *d;
	struct state *st;
	size_t i; /* the layer */
	const struct net_layer *l;
	const struct score_params *p;
	int width;
	int64_t rf_in, jump;
	struct text_lines *out;  /* what matters most: the candidates, why k* won */
	struct text_lines *tail; /* the formulas behind them, shown after */
};

#define add(l, role, ...) (void)text_lines_add((l), (role), 0, __VA_ARGS__)
#define add_raw(l, role, ...) (void)text_lines_add((l), (role), TEXT_RAW, __VA_ARGS__)

/* The candidate table's columns. */
enum dcol { D_K, D_I, D_IN, D_A, D_AN, D_C, D_CN, D_WI, D_WA, D_WC, D_S, D_RF, D_MACS, D_COUNT };

/* A value C of the cost term as the cost model counts it: "2.54ms" for a
 * time (seconds), "21.68M" for a count. */
static const char *cost_text(const struct detail_ctx *x, double c, char *buf, size_t size)
{
	char t[24];
	if (cost_model_is_time(x->p->cost))
		snprintf(buf, size, "%sms", fmt_sig(t, sizeof t, c * 1e3, 3));
	else
		fmt_count(buf, size, llround(c));
	return buf;
}

/* The field entering the layer on axis A under the plan and its jump: the
 * largest over its inputs (as session_layer_rf_in takes the largest over
 * the axes too, which is every axis's when the plan is not per axis). */
static void axis_rf_in(const struct detail_ctx *x, int a, int64_t *rf_in, int64_t *jump)
{
	const struct plan *p = x->st->plan;
	const uint32_t *from = x->st->net->from + x->l->from_first;

	*rf_in = x->rf_in;
	*jump = x->jump;
	if (!p->per_axis || x->l->from_count == 0)
		return;
	*rf_in = *jump = 1;
	for (uint32_t f = 0; f < x->l->from_count; f++) {
		if (p->rf_axis[a][from[f]] > *rf_in)
			*rf_in = p->rf_axis[a][from[f]];
		if (p->jump_axis[a][from[f]] > *jump)
			*jump = p->jump_axis[a][from[f]];
	}
}

/* Receptive field of the layer at kernel K (the larger over the axes, as
 * the plan's); -1 when it does not fit in 64 bits. */
static int64_t rf_of(const struct detail_ctx *x, const struct kernel *k)
{
	int64_t best = 0;

	for (int a = 0; a < k->n_axes; a++) {
		int64_t rf_in, jump, r;
		struct net_axis ax = net_layer_axis(x->st->net, x->l, a);
		axis_rf_in(x, a, &rf_in, &jump);
		if (rf_step(rf_in, jump, x->st->net->rf_den, k->k[a], ax.dilation, &r) != 0)
			return -1;
		if (r > best)
			best = r;
	}
	return best;
}

/* V, a jump in units of 1 / rf_den (1 but through an upsample or a
 * transposed conv), as "2" or "1/4". */
static const char *jump_text(const struct detail_ctx *x, int64_t v, char *buf, size_t size)
{
	return rf_fraction(v, x->st->net->rf_den, buf, size);
}

/* "k" raised to the network's rank, as the formulas write it: "k" (1-D),
 * "k²" (or "k^2"), "k³". */
static const char *k_power(const struct detail_ctx *x)
{
	static const char *const utf8[] = { "k", "k\u00b2", "k\u00b3" };
	static const char *const ascii[] = { "k", "k^2", "k^3" };
	int r = x->st->net->rank;
	return (x->d->utf8 ? utf8 : ascii)[r >= 1 && r <= 3 ? r - 1 : 1];
}

/* Layer L's column COL (k, stride or dilation) on each axis, joined by the
 * times glyph ("1×7"); one number when the axes agree, unless COL is k. */
static const char *axes_glyph(const struct detail_ctx *x, int col, char *buf, size_t size)
{
	const struct net *net = x->st->net;
	int32_t v[KERNEL_MAX_AXES];
	int same = col != NET_COL_K;
	size_t used = 0;
	for (int a = 0; a < net->rank; a++) {
		struct net_axis ax = net_layer_axis(net, x->l, a);
		v[a] = col == NET_COL_K ? ax.k : col == NET_COL_STRIDE ? ax.stride : ax.dilation;
		same &= v[a] == v[0];
	}
	buf[0] = '\0';
	for (int a = 0; a < (same ? 1 : net->rank) && used < size; a++) {
		int n = snprintf(buf + used, size - used, a ? "%s%d" : "%.0s%d",
		                 draw_glyph(x->d, GLYPH_TIMES), (int)v[a]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

/* The output's sizes on each axis, "56 × 56" (times glyph T between). */
static const char *positions_text(const struct detail_ctx *x, const char *t, char *buf, size_t size)
{
	const struct net *net = x->st->net;
	size_t used = 0;
	buf[0] = '\0';
	for (int a = 0; a < net->rank && used < size; a++) {
		int n = snprintf(buf + used, size - used, a ? " %s %lld" : "%.0s%lld", t,
		                 (long long)net_layer_size(x->l, net->rank, a, 0));
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

static void shape_lines(struct detail_ctx *x)
{
	const struct net_layer *l = x->l;
	const char *t = draw_glyph(x->d, GLYPH_TIMES);
	char a[48], b[48], si[96], so[96];
	int rank = x->st->net->rank;

	add(x->out, ROLE_HEAD, "layer %zu: %s", x->i, l->name);
	const struct kernel *kb = plan_layer_kernel(x->st->base, x->i);
	struct kernel kl = net_layer_kernel(x->st->net, x->i);
	char base[DRAW_KERNEL_MAX + 32] = "", kn[DRAW_KERNEL_MAX];
	if (l->op == NET_OP_CONV && kb != NULL && !kernel_equal(kb, &kl))
		snprintf(base, sizeof base, " (%s in the baseline)",
		         draw_kernel_name(x->d, kb, kn, sizeof kn));
	fmt_shape(si, sizeof si, l, rank, 1, t);
	fmt_shape(so, sizeof so, l, rank, 0, t);
	if (l->op == NET_OP_CONV) {
		/* Per axis (format 2): 1x7, stride 2x1; a square kernel as 3x3. */
		char ks[48], ss[48], ds[48];
		add(x->out, ROLE_NORMAL,
		    "conv %s as loaded%s, stride %s, dilation %s, groups %d; in %s %s out %s",
		    axes_glyph(x, NET_COL_K, ks, sizeof ks), base,
		    axes_glyph(x, NET_COL_STRIDE, ss, sizeof ss),
		    axes_glyph(x, NET_COL_DILATION, ds, sizeof ds), l->groups, si,
		    draw_glyph(x->d, GLYPH_ARROW), so);
	} else
		add(x->out, ROLE_NORMAL, "%s; in %s %s out %s; MACs %s, params %s",
		    net_op_name(l->op), si, draw_glyph(x->d, GLYPH_ARROW), so,
		    fmt_int(a, sizeof a, l->macs), fmt_int(b, sizeof b, l->params));
	if (net_layer_global(x->st->net, x->i))
		add(x->out, ROLE_LABEL,
		    "global context: each output sees the whole input (through a global "
		    "pooling); the receptive field shown is the local one kernels change");
}

/* The parameters in force, whole: typed back (= or --lambda3 ...) they
 * give this plan; and the budget that made it, if any. */
static void in_force_lines(struct detail_ctx *x)
{
	const struct draw *d = x->d;
	const struct session_budget *b = state_budget_solved(x->st);
	struct text t = { 0 };
	char v[32], lab[16];

	text_printf(&t, "in force:");
	for (int s = 0; s < SLIDER_COUNT; s++) {
		sliders_label(d, s, lab, sizeof lab);
		text_printf(&t, " %s=%s", lab,
		            fmt_shortest(v, sizeof v, state_slider_get(x->st, s)));
	}
	text_printf(&t, ", scope %s, cost %s", score_scope_name(x->p->scope),
	            cost_model_name(x->p->cost));
	if (b->active && b->solver == BUDGET_SOLVER_LAMBDA)
		text_printf(&t, "; budget %s %s met by the lambda solver (%s3 is the solver's)",
		            fmt_int(v, sizeof v, b->value), request_resource_unit(b->resource),
		            draw_glyph(d, GLYPH_LAMBDA));
	else if (b->active)
		text_printf(
		    &t,
		    "; budget %s %s met by the best solver%s: %s3 does not decide the plan, "
		    "the largest gain within the budget does",
		    fmt_int(v, sizeof v, b->value), request_resource_unit(b->resource),
		    b->optimal ? " (optimal)" : "", draw_glyph(d, GLYPH_LAMBDA));
	add(x->tail, ROLE_NORMAL, "%s.", text_str(&t));
	text_free(&t);
}

/* The two formulas this layer's figures come from. */
static void formula_lines(struct detail_ctx *x)
{
	const struct net_layer *l = x->l;
	const char *t = draw_glyph(x->d, GLYPH_TIMES), *minus = draw_glyph(x->d, GLYPH_MINUS);
	const char *kd = k_power(x);
	char a[48], pos[96], ja[48], jb[48];
	int rank = x->st->net->rank;

	positions_text(x, t, pos, sizeof pos);
	long c = cand_table_row_of(x->st->table, x->i);
	if (c >= 0 && cand_table_realise(x->st->table, (size_t)c) == KERNEL_DS) {
		/* depthwise k taps per input channel, then the 1x1 pointwise */
		char b[48];
		int64_t p = net_layer_positions(l, 0);
		const char *taps = x->st->net->per_axis || x->st->table->per_axis
		                       ? (rank == 3 ? "k_t k_h k_w" : "k_h k_w")
		                       : kd;
		add(x->tail, ROLE_NORMAL,
		    "MACs(k) = %s %s %lld %s %s + %lld %s %lld %s %s = %s %s %s + %s "
		    "(depthwise-separable: the depthwise part, then the pointwise 1%s1)",
		    taps, t, (long long)l->in_c, t, pos, (long long)l->in_c, t, (long long)l->c, t,
		    pos, taps, t, fmt_int(a, sizeof a, l->in_c * p),
		    fmt_int(b, sizeof b, l->in_c * l->c * p), t);
	} else if (x->st->net->per_axis || x->st->table->per_axis) {
		/* Per-axis kernels (format 2): k_h x k_w taps (k_t k_h k_w in
		 * 3-D), a field per axis, each from its own jump (rf_in and jump
		 * are the largest). */
		char tok[DRAW_KERNEL_MAX];
		const char *taps = rank == 3 ? "k_t k_h k_w" : "k_h k_w";
		const struct kernel *pk = plan_layer_kernel(x->st->plan, x->i);
		add(x->tail, ROLE_NORMAL, "MACs(k) = %s %s %lld %s %lld %s %s = %s %s %s", taps, t,
		    (long long)(l->in_c / l->groups), t, (long long)l->c, t, pos, taps, t,
		    fmt_int(a, sizeof a, l->mac_per_k2));
		add(x->tail, ROLE_NORMAL,
		    "RF_h(k) = RF_h,in + (k_h%s1) %s dilation %s jump_h, %s likewise; RF = the "
		    "%s; at %s: %lld px (the field entering is at most %lld px)",
		    minus, t, t, rank == 3 ? "RF_t and RF_w" : "RF_w",
		    rank == 3 ? "largest" : "larger",
		    pk ? draw_kernel(x->d, pk, tok, sizeof tok) : "?",
		    (long long)x->st->plan->rf_layer[x->i], (long long)x->rf_in);
		return;
	} else {
		add(x->tail, ROLE_NORMAL, "MACs(k) = %s %s %lld %s %lld %s %s = %s %s %s", kd, t,
		    (long long)(l->in_c / l->groups), t, (long long)l->c, t, pos, kd, t,
		    fmt_int(a, sizeof a, l->mac_per_k2));
	}
	add(x->tail, ROLE_NORMAL,
	    "RF(k) = %lld + (k%s1) %s %d %s %s: the field entering is %lld px and each step of "
	    "k adds %s px (the jump %s %s dilation %d)",
	    (long long)x->rf_in, minus, t, l->dilation, t, jump_text(x, x->jump, ja, sizeof ja),
	    (long long)x->rf_in, jump_text(x, x->jump * l->dilation, jb, sizeof jb), ja, t,
	    l->dilation);
}

/* A fixed conv: the kernels it may be pinned to. */
static void fixed_lines(struct detail_ctx *x)
{
	const struct cand_table *tb = x->st->table;
	const struct kernel *kp = plan_layer_kernel(x->st->plan, x->i);
	long c = cand_table_row_of(tb, x->i);
	char a[48], tok[DRAW_KERNEL_MAX];

	add(x->out, ROLE_LABEL, "fixed (tune=0): BKSEF does not score this layer; it keeps k=%s%s",
	    draw_kernel(x->d, kp, tok, sizeof tok),
	    request_pin_of(&x->st->cur, x->i) ? " because it is pinned" : "");
	for (size_t j = 0, n = c < 0 ? 0 : state_row_pinnable(x->st, (size_t)c); j < n; j++) {
		size_t e = cand_table_entry(tb, (size_t)c, j);
		const struct kernel *k = &tb->kernel[e];
		int now = kernel_equal(k, kp);
		if (kernel_max_extent(k) > KERNEL_MAX_EXTENT)
			continue; /* a large loaded kernel: not one to pin */
		add(x->out, now ? ROLE_BEST : ROLE_NORMAL, "%s k=%-2s  RF %lld px  MACs %s",
		    now ? "*" : " ", draw_kernel(x->d, k, tok, sizeof tok), (long long)rf_of(x, k),
		    fmt_int(a, sizeof a, tb->macs[e]));
	}
}

/* The kernels KS[0 .. N) as screen tokens joined by commas ("1,1x7,3") into T. */
static const char *kernel_list(const struct detail_ctx *x, const struct kernel *const *ks,
                               const struct kernel *arr, size_t n, struct text *t)
{
	char tok[DRAW_KERNEL_MAX];

	text_clear(t);
	for (size_t j = 0; j < n; j++)
		text_printf(t, "%s%s", j ? "," : "",
		            draw_kernel(x->d, ks ? ks[j] : &arr[j], tok, sizeof tok));
	return text_str(t);
}

/* The candidates: one row per kernel KS[0 .. N) (the score row's, square
 * and per axis) with its terms T; the kernel the score picks, the plan's,
 * and the pin's (NULL: none). */
struct cands {
	struct score_terms t[UINT8_MAX + 1];
	const struct kernel *ks[UINT8_MAX + 1];
	int n;
	const struct kernel *best, *k_plan, *pin;
};

/* The scope: over what the terms are normalised, and the score's formula. */
static void scope_lines(struct detail_ctx *x, size_t row, const struct cands *cs)
{
	const struct draw *d = x->d;
	const struct score_params *p = x->p;
	const char *lam = draw_glyph(d, GLYPH_LAMBDA), *In = draw_glyph(d, GLYPH_IN),
	           *An = draw_glyph(d, GLYPH_AN), *Cn = draw_glyph(d, GLYPH_CN),
	           *minus = draw_glyph(d, GLYPH_MINUS);
	struct text ta = { 0 }, tb = { 0 };
	const char *a = kernel_list(x, cs->ks, NULL, (size_t)cs->n, &ta), *b;
	char c[48], e[48];

	if (p->scope == SCORE_SCOPE_LAYER) {
		add(x->tail, ROLE_NORMAL,
		    "scope layer: %s, %s and %s are min-max normalised over this layer's own "
		    "kernels {%s}: its size cancels out",
		    In, An, Cn, a);
	} else {
		double lo = NAN, hi = NAN;
		(void)score_cost_range(x->st->score, row, p->scope, &lo, &hi);
		b = kernel_list(x, NULL, x->st->table->col_kernel, x->st->table->n_columns, &tb);
		if (isfinite(lo) && isfinite(hi))
			add(x->tail, ROLE_NORMAL,
			    "scope network: %s, %s over every kernel of the table {%s}; %s over "
			    "every "
			    "tunable (layer, k): C from %s to %s",
			    In, An, b, Cn, cost_text(x, lo, c, sizeof c),
			    cost_text(x, hi, e, sizeof e));
		else
			add(x->tail, ROLE_NORMAL,
			    "scope network: %s, %s over every kernel of the table {%s}; %s over "
			    "every "
			    "tunable (layer, k)",
			    In, An, b, Cn);
	}
	char paper[64];
	snprintf(paper, sizeof paper, "%s %s C_in C_out (paper)", k_power(x),
	         x->st->net->rank == 1   ? "L_in"
	         : x->st->net->rank == 3 ? "T_in H_in W_in"
	                                 : "H_in W_in");
	add(x->tail, ROLE_DIM,
	    "S(k) = %s1 %s(k) + %s2 %s(k) %s %s3 %s(k);  I = ln(1+%s%sk), A = 1%se^(%s%s%sk), C = "
	    "%s",
	    lam, In, lam, An, minus, lam, Cn, draw_glyph(d, GLYPH_BETA), d->utf8 ? "" : "*", minus,
	    minus, draw_glyph(d, GLYPH_GAMMA), d->utf8 ? "" : "*",
	    p->cost == COST_PAPER      ? paper
	    : p->cost == COST_LATENCY  ? "the layer's roofline time at k"
	    : p->cost == COST_MEASURED ? "the layer's measured time at k"
	                               : "MACs(k)");
	text_free(&ta);
	text_free(&tb);
}

/* The candidates' table: its columns, their headings and widths, which
 * show, the values and one format per column. */
struct dtable {
	const char *head[D_COUNT];
	char hu[D_COUNT][32];
	int w[D_COUNT], show[D_COUNT];
	double val[UINT8_MAX + 1][D_COUNT];
	struct fmt_col f[D_COUNT];
	int scaled; /* some column is shown in units of a power of ten */
};

/* A column whose values are fitted (and may be scaled): the terms and S. */
static int fitted(int col)
{
	return col >= D_I && col <= D_S && col != D_C;
}

/* The columns: their headings (Unicode ones in UTF-8), widths, and which
 * fit in the detail's width. */
static void dtable_columns(const struct detail_ctx *x, const struct cands *cs, struct dtable *dt)
{
	const struct draw *d = x->d;
	const char *lam = draw_glyph(d, GLYPH_LAMBDA), *In = draw_glyph(d, GLYPH_IN),
	           *An = draw_glyph(d, GLYPH_AN), *Cn = draw_glyph(d, GLYPH_CN),
	           *minus = draw_glyph(d, GLYPH_MINUS);
	static const char *const head_ascii[D_COUNT] = { "k", "I",  "I~",     "A",      "A~",
		                                         "C", "C~", "+l1*I~", "+l2*A~", "-l3*C~",
		                                         "S", "RF", "MACs" };
	static const int width[D_COUNT] = { 4, 7, 6, 7, 6, 8, 6, 8, 8, 8, 8, 7, 8 };
	int total = 0;

	for (int col = 0; col < D_COUNT; col++) {
		dt->head[col] = head_ascii[col];
		dt->w[col] = width[col];
		dt->show[col] = 1;
	}
	if (d->utf8) {
		snprintf(dt->hu[D_IN], sizeof dt->hu[0], "%s", In);
		snprintf(dt->hu[D_AN], sizeof dt->hu[0], "%s", An);
		snprintf(dt->hu[D_CN], sizeof dt->hu[0], "%s", Cn);
		snprintf(dt->hu[D_WI], sizeof dt->hu[0], "+%s1%s", lam, In);
		snprintf(dt->hu[D_WA], sizeof dt->hu[0], "+%s2%s", lam, An);
		snprintf(dt->hu[D_WC], sizeof dt->hu[0], "%s%s3%s", minus, lam, Cn);
		for (int col = D_IN; col <= D_WC; col++)
			if (col != D_A && col != D_C)
				dt->head[col] = dt->hu[col];
	}
	/* A per-axis kernel's mark and token ("*1x7") and a space before. */
	for (int u = 0; u < cs->n; u++) {
		char tok[DRAW_KERNEL_MAX];
		int kw = 2 + draw_width(d, draw_kernel(d, cs->ks[u], tok, sizeof tok));
		if (kw > dt->w[D_K])
			dt->w[D_K] = kw;
	}
	if (x->p->cost == COST_MACS) {
		dt->show[D_MACS] = 0; /* C is the MACs */
		dt->head[D_C] = "C=MACs";
		dt->w[D_C] = 9;
	}
	for (int col = 0; col < D_COUNT; col++)
		total += dt->show[col] ? dt->w[col] : 0;
	if (total > x->width)
		dt->show[D_I] = dt->show[D_A] = 0;
}

/* The values of every candidate, and one format per column that fits
 * them all. */
static void dtable_values(const struct detail_ctx *x, const struct cands *cs, struct dtable *dt)
{
	const struct score_params *p = x->p;

	for (int u = 0; u < cs->n; u++) {
		const struct score_terms *t = &cs->t[u];
		double row[D_COUNT] = { 0,
			                t->i_raw,
			                t->i_norm,
			                t->a_raw,
			                t->a_norm,
			                t->c_raw,
			                t->c_norm,
			                p->lambda1 * t->i_norm,
			                p->lambda2 * t->a_norm,
			                -p->lambda3 * t->c_norm,
			                t->score };
		memcpy(dt->val[u], row, sizeof row);
	}
	dt->scaled = 0;
	for (int col = 0; col < D_COUNT; col++) {
		double max = 0;
		int neg = 0;
		for (int u = 0; u < cs->n; u++) {
			if (isfinite(dt->val[u][col]) && fabs(dt->val[u][col]) > max)
				max = fabs(dt->val[u][col]);
			neg |= dt->val[u][col] < 0;
		}
		dt->f[col] = fmt_col_fit(max, neg, dt->w[col] - 1, 3);
		if (dt->show[col] && fitted(col) && dt->f[col].exp != 0)
			dt->scaled = 1;
	}
}

/* The headings, and under them a scaled column's unit ("x1e298"). */
static void dtable_heading(struct detail_ctx *x, const struct dtable *dt, struct text *line)
{
	const struct draw *d = x->d;

	text_clear(line);
	for (int col = 0; col < D_COUNT; col++) {
		if (!dt->show[col])
			continue;
		int pad = dt->w[col] - draw_width(d, dt->head[col]);
		text_printf(line, "%*s%s", pad > 0 ? pad : 0, "", dt->head[col]);
	}
	add_raw(x->out, ROLE_HEAD, "%s", text_str(line));
	if (!dt->scaled)
		return;
	text_clear(line);
	for (int col = 0; col < D_COUNT; col++) {
		char unit[32] = "";
		if (!dt->show[col])
			continue;
		if (fitted(col) && dt->f[col].exp != 0)
			snprintf(unit, sizeof unit, "%s1e%d", draw_glyph(d, GLYPH_TIMES),
			         dt->f[col].exp);
		int pad = dt->w[col] - draw_width(d, unit);
		text_printf(line, "%*s%s", pad > 0 ? pad : 0, "", unit);
	}
	add_raw(x->out, ROLE_HEAD, "%s", text_str(line));
}

/* Candidate U's cell of column COL into V. */
static void dtable_cell(const struct detail_ctx *x, const struct cands *cs, const struct dtable *dt,
                        int u, int col, char *v, size_t size)
{
	const struct kernel *k = cs->ks[u];
	double c = dt->val[u][D_C];
	char tok[DRAW_KERNEL_MAX];

	switch (col) {
	case D_K:
		snprintf(v, size, "%s%s",
		         kernel_equal(k, cs->best)                     ? "*"
		         : cs->pin != NULL && kernel_equal(k, cs->pin) ? "!"
		                                                       : " ",
		         draw_kernel(x->d, k, tok, sizeof tok));
		break;
	case D_C:
		/* A count, as the MACs: k, M, G suffixes; a time in ms. */
		if (x->p->cost == COST_MACS)
			fmt_count(v, size, state_resource_of(x->st, x->i, k, BUDGET_MACS));
		else if (cost_model_is_time(x->p->cost))
			cost_text(x, c, v, size);
		else if (c < 9e18)
			fmt_count(v, size, llround(c));
		else
			fmt_real(v, size, c, dt->w[col] - 1, 0);
		break;
	case D_RF: {
		int64_t rf = rf_of(x, k);
		if (rf < 0)
			snprintf(v, size, "ovf");
		else
			fmt_count(v, size, rf);
		break;
	}
	case D_MACS:
		fmt_count(v, size, state_resource_of(x->st, x->i, k, BUDGET_MACS));
		break;
	default:
		fmt_col_value(v, size, dt->val[u][col], &dt->f[col], dt->w[col] - 1);
		break;
	}
}

/* The candidates' table: headings, then a row per candidate, the plan's
 * kernel highlighted. */
static void candidate_rows(struct detail_ctx *x, const struct cands *cs)
{
	struct dtable dt;
	struct text line = { 0 };
	char v[48];

	dtable_columns(x, cs, &dt);
	dtable_values(x, cs, &dt);
	dtable_heading(x, &dt, &line);
	for (int u = 0; u < cs->n; u++) {
		text_clear(&line);
		for (int col = 0; col < D_COUNT; col++) {
			if (!dt.show[col])
				continue;
			dtable_cell(x, cs, &dt, u, col, v, sizeof v);
			text_printf(&line, "%*s", dt.w[col], v);
		}
		add_raw(x->out,
		        kernel_equal(cs->ks[u], cs->k_plan) ? (cs->pin ? ROLE_PIN : ROLE_BEST)
		                                            : ROLE_NORMAL,
		        "%s", text_str(&line));
	}
	text_free(&line);
}

/* Whether two candidates' scores are equal to within the rounding of
 * their terms: at a breakpoint of lambda3 (the lambda solver's answer) the
 * two are equal in exact arithmetic. */
static int tied(const struct score_terms *a, const struct score_terms *b,
                const struct score_params *p)
{
	double scale = fabs(p->lambda1 * a->i_norm) + fabs(p->lambda2 * a->a_norm) +
	               fabs(p->lambda3 * a->c_norm) + fabs(p->lambda1 * b->i_norm) +
	               fabs(p->lambda2 * b->a_norm) + fabs(p->lambda3 * b->c_norm);
	return fabs(a->score - b->score) <= 1e-12 * scale;
}

/* A and B to four decimals, or with as many significant digits as tell
 * them apart when those do not. */
static void two_scores(double a, double b, char *sa, char *sb, size_t size)
{
	fmt_real(sa, size, a, 10, 4);
	fmt_real(sb, size, b, 10, 4);
	for (int p = 5; p <= 17 && strcmp(sa, sb) == 0; p++) {
		fmt_sig(sa, size, a, p);
		fmt_sig(sb, size, b, p);
	}
}

/* Why k* won: against the runner-up, or the tie it breaks. */
/* Under the best solver: why the knapsack gave this layer its kernel.  Each
 * step to the next larger candidate gains dG for dW more of the resource;
 * the budget's LP multiplier prices a unit of the resource in G, so the
 * plan takes the steps whose dG/dW beats it, as far as the budget allows. */
static void knapsack_lines(struct detail_ctx *x, const struct cands *cs)
{
	const struct session_budget *b = session_budget(x->st->session);
	const struct score_params *p = x->p;
	const char *unit = b->resource == BUDGET_PARAMS ? "parameter" : "MAC";
	char k1[DRAW_KERNEL_MAX], k2[DRAW_KERNEL_MAX], r1[32], r2[32], m[32];

	if (!b->active || b->solver != BUDGET_SOLVER_BEST || cs->pin || cs->n < 2)
		return;
	add(x->out, ROLE_NORMAL, "%s", "");
	add(x->out, ROLE_LABEL,
	    "the best plan prices a %s at %s of G (the budget's multiplier): a step to a "
	    "larger kernel is taken when its gain per %s beats that, as far as the budget "
	    "allows.",
	    unit, fmt_real(m, sizeof m, b->multiplier, 10, 3), unit);
	for (int u = 0; u + 1 < cs->n; u++) {
		const struct kernel *ka = cs->ks[u], *kb = cs->ks[u + 1];
		int64_t wa = state_resource_of(x->st, x->i, ka, b->resource),
		        wb = state_resource_of(x->st, x->i, kb, b->resource);
		double ga = p->lambda1 * cs->t[u].i_norm + p->lambda2 * cs->t[u].a_norm,
		       gb = p->lambda1 * cs->t[u + 1].i_norm + p->lambda2 * cs->t[u + 1].a_norm;
		if (wa < 0 || wb <= wa)
			continue;
		double per = (gb - ga) / (double)(wb - wa);
		add(x->out, per > b->multiplier ? ROLE_BEST : ROLE_NORMAL,
		    "%s -> %s: +%s G for +%s %ss, %s per %s (%s the price)%s",
		    draw_kernel_name(x->d, ka, k1, sizeof k1),
		    draw_kernel_name(x->d, kb, k2, sizeof k2),
		    fmt_real(r1, sizeof r1, gb - ga, 8, 3), fmt_count(r2, sizeof r2, wb - wa), unit,
		    fmt_real(m, sizeof m, per, 10, 3), unit,
		    per > b->multiplier ? "above" : "below",
		    kernel_equal(kb, cs->k_plan) ? "; the plan takes it" : "");
	}
}

static void why_lines(struct detail_ctx *x, const struct cands *cs)
{
	const struct score_params *p = x->p;
	const char *lam = draw_glyph(x->d, GLYPH_LAMBDA);
	int wi = -1, ri = -1;
	char s1[32], s2[32], s3[32], s4[32], s5[32], k1[DRAW_KERNEL_MAX], k2[DRAW_KERNEL_MAX];
	char tb[DRAW_KERNEL_MAX] = "none", tp[DRAW_KERNEL_MAX], tw[DRAW_KERNEL_MAX],
	     tr[DRAW_KERNEL_MAX];

	for (int u = 0; u < cs->n; u++)
		if (cs->best != NULL && kernel_equal(cs->ks[u], cs->best))
			wi = u;
	for (int u = 0; u < cs->n; u++)
		if (u != wi && (ri < 0 || cs->t[u].score > cs->t[ri].score))
			ri = u;
	if (cs->best != NULL)
		draw_kernel(x->d, cs->best, tb, sizeof tb);
	add(x->out, ROLE_NORMAL, "%s", "");
	if (cs->pin)
		add(x->out, ROLE_PIN, "pinned to k=%s (x unpins); the score alone picks k*=%s.",
		    draw_kernel(x->d, cs->pin, tp, sizeof tp), tb);
	else if (cs->best != NULL && !kernel_equal(cs->k_plan, cs->best))
		add(x->out, ROLE_LABEL,
		    "the plan gives this layer %s: under the budget the best solver picks the "
		    "whole plan, not each layer's S (alone, S picks k*=%s).",
		    draw_kernel_name(x->d, cs->k_plan, k1, sizeof k1), tb);
	if (wi < 0) {
		add(x->out, ROLE_NORMAL, "no candidate kernel keeps this layer's output shape.");
		return;
	}
	if (ri < 0) {
		add(x->out, ROLE_NORMAL, "k*=%s: the only candidate that keeps this layer's shape.",
		    tb);
		return;
	}
	const struct score_terms *tw_ = &cs->t[wi], *tr_ = &cs->t[ri];
	const struct kernel *kw = cs->ks[wi], *kr = cs->ks[ri];
	int tie = tied(tw_, tr_, p), smaller = kernel_compare(kw, kr) < 0;
	double dI = p->lambda1 * (tw_->i_norm - tr_->i_norm),
	       dA = p->lambda2 * (tw_->a_norm - tr_->a_norm),
	       dC = -p->lambda3 * (tw_->c_norm - tr_->c_norm);
	draw_kernel(x->d, kw, tw, sizeof tw);
	draw_kernel(x->d, kr, tr, sizeof tr);
	if (tie) {
		fmt_real(s1, sizeof s1, tw_->score, 10, 4);
		fmt_real(s2, sizeof s2, tr_->score, 10, 4);
		if (smaller)
			add(x->out, ROLE_NORMAL,
			    "k*=%s: S(%s) = %s ties with S(%s) = %s (the smaller kernel wins).", tw,
			    tw, s1, tr, s2);
		else
			add(x->out, ROLE_NORMAL,
			    "k*=%s: S(%s) = %s ties with S(%s) = %s to rounding; the larger kernel "
			    "is "
			    "ahead by %.3g.",
			    tw, tw, s1, tr, s2, tw_->score - tr_->score);
	} else {
		two_scores(tw_->score, tr_->score, s1, s2, sizeof s1);
		add(x->out, ROLE_NORMAL, "k*=%s: S(%s) = %s beats the runner-up S(%s) = %s.", tw,
		    tw, s1, tr, s2);
	}
	fmt_real(s3, sizeof s3, dI, 10, 4);
	fmt_real(s4, sizeof s4, dA, 10, 4);
	fmt_real(s5, sizeof s5, dC, 10, 4);
	add(x->out, ROLE_NORMAL, "From k=%s to k=%s: information %s%s, accuracy %s%s, cost %s%s%s.",
	    tr, tw, dI >= 0 ? "+" : "", s3, dA >= 0 ? "+" : "", s4, dC >= 0 ? "+" : "", s5,
	    tie ? ": they cancel" : "");
	const struct kernel *ks = smaller ? kw : kr, *kl = smaller ? kr : kw;
	if (tie)
		add(x->out, ROLE_DIM,
		    "At this %s3 the %s kernel's extra gain just pays its extra cost: a larger %s3 "
		    "keeps %s, a smaller one takes %s.",
		    lam, draw_kernel_name(x->d, kl, k1, sizeof k1), lam,
		    draw_kernel_name(x->d, ks, k2, sizeof k2), k1);
	else if (!smaller)
		add(x->out, ROLE_DIM,
		    "The larger kernel wins: its gains outweigh its cost (raise %s3 to make cost "
		    "count more).",
		    lam);
	else
		add(x->out, ROLE_DIM,
		    "The smaller kernel wins: the larger one's extra cost outweighs its gains "
		    "(lower %s3 to let it through).",
		    lam);
	if (!kernel_is_square(kw))
		add(x->out, ROLE_NORMAL,
		    "k*=%s, a per-axis kernel (its size in I and A is the geometric mean of its "
		    "extents).",
		    tw);
}

/* What a kernel change does to this layer's field and MACs, from kernel
 * K0 to K1, each named by its WHAT. */
static void change_line(struct detail_ctx *x, const char *what0, const struct kernel *k0,
                        const char *what1, const struct kernel *k1)
{
	int64_t r0 = rf_of(x, k0), r1 = rf_of(x, k1);
	int64_t m0 = state_resource_of(x->st, x->i, k0, BUDGET_MACS),
	        m1 = state_resource_of(x->st, x->i, k1, BUDGET_MACS);
	int square = kernel_is_square(k0) && kernel_is_square(k1);
	char a[32], b[32], c[32], n0[DRAW_KERNEL_MAX], n1[DRAW_KERNEL_MAX], ja[48];

	fmt_count(a, sizeof a, m0);
	fmt_count(b, sizeof b, m1);
	fmt_real(c, sizeof c, m0 > 0 ? (double)m1 / (double)m0 : NAN, 8, 2);
	add(x->out, ROLE_DIM,
	    "%s %s%s %s, this layer's field goes from %lld to %lld px (%s%lld: the jump is "
	    "%s) and its MACs from %s to %s (%s%s: they grow as %s).",
	    what0, draw_kernel_name(x->d, k0, n0, sizeof n0), what1,
	    draw_kernel_name(x->d, k1, n1, sizeof n1), (long long)r0, (long long)r1,
	    r1 >= r0 ? "+" : "", (long long)(r1 - r0), jump_text(x, x->jump, ja, sizeof ja), a, b,
	    draw_glyph(x->d, GLYPH_TIMES), c,
	    k1->kind == KERNEL_DS   ? "the depthwise part's taps; the pointwise part stays"
	    : square                ? k_power(x)
	    : x->st->net->rank == 3 ? "k_t k_h k_w"
	                            : "k_h k_w");
}

/* Receptive field against cost, the lesson of this layer: the baseline's
 * kernel against the plan's, then the smallest candidate against the
 * largest, each pair named. */
static void field_lines(struct detail_ctx *x, const struct cands *cs)
{
	const struct kernel *kb = plan_layer_kernel(x->st->base, x->i);

	if (kb != NULL && !kernel_equal(kb, cs->k_plan))
		change_line(x, x->st->cur.baseline_k ? "From the baseline's" : "From the loaded",
		            kb, " to the plan's", cs->k_plan);
	if (cs->n >= 2 && kernel_compare(cs->ks[0], cs->ks[cs->n - 1]) < 0)
		change_line(x, "Across its candidates, from the smallest,", cs->ks[0],
		            ", to the largest,", cs->ks[cs->n - 1]);
}

/* A tunable conv: its candidates (square and per axis, as the score row
 * holds them), why k* won, the lesson of its field. */
static void scored_lines(struct detail_ctx *x, size_t row)
{
	const struct pin *pn = request_pin_of(&x->st->cur, x->i);
	int bj = score_best(x->st->work, row);
	struct cands cs;

	cs.n = 0;
	for (size_t j = 0, m = score_row_len(x->st->score, row); j < m && j <= UINT8_MAX; j++)
		if (score_terms(x->st->score, row, j, x->p, &cs.t[cs.n]))
			cs.ks[cs.n++] = state_row_kernel(x->st, row, j);
	cs.best = bj >= 0 ? state_row_kernel(x->st, row, (size_t)bj) : NULL;
	cs.k_plan = plan_layer_kernel(x->st->plan, x->i);
	cs.pin = pn != NULL ? &pn->k : NULL;
	scope_lines(x, row, &cs);
	candidate_rows(x, &cs);
	why_lines(x, &cs);
	knapsack_lines(x, &cs);
	field_lines(x, &cs);
}

/* Under the latency cost, the layer's roofline at the plan's kernel with its
 * own numbers; under the measured cost, where its time comes from. */
static void time_lines(struct detail_ctx *x)
{
	const struct device *dv = x->st->cur.source.device;
	struct roofline r;
	double s = state_layer_seconds(x->st, x->i);
	int64_t macs = plan_layer_macs(x->st->plan, x->i),
	        params = plan_layer_params(x->st->plan, x->i);
	char a[32], b[32], c[32], e[32], t[32], m[32], o[32], sec[32];

	if (x->p->cost == COST_MEASURED && x->l->op == NET_OP_CONV && s == s)
		add(x->tail, ROLE_NORMAL,
		    "time at the plan's kernel: %s ms, as measured (latency table)",
		    fmt_sig(t, sizeof t, s * 1e3, 4));
	if (x->p->cost != COST_LATENCY || x->l->op == NET_OP_INPUT)
		return;
	if (!state_layer_roofline(x->st, x->i, &r)) { /* a ds kernel: two parts */
		add(x->tail, ROLE_NORMAL,
		    "roofline estimate on %s, at the plan's kernel, depthwise-separable: %s ms, "
		    "the "
		    "depthwise and the pointwise part each priced as a layer (bytes in, out and "
		    "weights; an overhead each)",
		    dv->name, fmt_sig(t, sizeof t, s * 1e3, 4));
		return;
	}
	add(x->tail, ROLE_NORMAL,
	    "roofline estimate on %s, at the plan's kernel: compute %s MACs / %s MAC/s = %s ms; "
	    "memory %s elements %s %d bytes / %s B/s = %s ms; + overhead %s ms = %s ms, %s-bound",
	    dv->name, fmt_count(a, sizeof a, macs), fmt_sig(b, sizeof b, dv->peak_macs, 4),
	    fmt_sig(c, sizeof c, r.compute * 1e3, 4),
	    fmt_count(e, sizeof e, (int64_t)cost_layer_elements(x->st->net, x->i, params)),
	    draw_glyph(x->d, GLYPH_TIMES), dv->bytes_per_element,
	    fmt_sig(m, sizeof m, dv->bandwidth, 4), fmt_sig(t, sizeof t, r.memory * 1e3, 4),
	    fmt_sig(o, sizeof o, r.overhead * 1e3, 4), fmt_sig(sec, sizeof sec, r.seconds * 1e3, 4),
	    roofline_bound_name(r.bound));
}

/* Build DD's lines for the selected layer at WIDTH. */
static void build(struct ui *ui, struct detail_data *dd, int width)
{
	struct text_lines tail = { 0 };
	struct detail_ctx x = { 0 };
	char jtext[48];

	text_lines_clear(&dd->lines);
	if (table_rows(ui) == 0)
		return;
	x.ui = ui;
	x.d = &ui->d;
	x.st = ui->st;
	x.i = ui_selected_layer(ui);
	x.l = &ui->st->net->layers[x.i];
	x.p = state_params(ui->st);
	x.width = width;
	x.out = &dd->lines;
	x.tail = &tail;
	shape_lines(&x);
	state_layer_rf_in(x.st, x.i, &x.rf_in, &x.jump);
	if (x.l->op != NET_OP_CONV) {
		add(x.out, ROLE_NORMAL,
		    "receptive field %lld px (jump %s px): only convolutions have a kernel BKSEF "
		    "tunes.",
		    (long long)x.st->plan->rf_layer[x.i],
		    jump_text(&x, x.st->plan->jump[x.i], jtext, sizeof jtext));
	} else {
		in_force_lines(&x);
		formula_lines(&x);
		long r = x.l->tune ? score_find_row(x.st->score, x.i) : -1;
		if (r < 0)
			fixed_lines(&x);
		else
			scored_lines(&x, (size_t)r);
	}
	time_lines(&x);
	if (tail.n > 0)
		add(x.out, ROLE_NORMAL, "%s", "");
	for (size_t j = 0; j < tail.n; j++) {
		struct text_line *ln =
		    text_lines_add(x.out, tail.v[j].role, tail.v[j].flags, "%s", tail.v[j].s);
		(void)ln;
	}
	text_lines_free(&tail);
}

/* The view's data, its lines current for the selected layer and WIDTH. */
static struct detail_data *current(struct ui *ui, struct view *v, int width)
{
	struct detail_data *dd = v->data;
	size_t layer = ui_selected_layer(ui);

	if (dd == NULL) {
		dd = calloc(1, sizeof *dd);
		if (dd == NULL) {
			text_note_out_of_memory();
			return NULL;
		}
		v->data = dd;
	}
	if (dd->built && dd->change == state_change(ui->st) && dd->layer == layer &&
	    dd->width == width && dd->utf8 == ui->d.utf8)
		return dd;
	/* Another layer's detail opens at its top. */
	if (dd->built && dd->layer != layer)
		v->sc.top = 0;
	build(ui, dd, width);
	dd->built = 1;
	dd->change = state_change(ui->st);
	dd->layer = layer;
	dd->width = width;
	dd->utf8 = ui->d.utf8;
	dd->wrapped = 0;
	for (size_t i = 1; i < dd->lines.n; i++)
		dd->wrapped +=
		    dd->lines.v[i].flags & TEXT_RAW
		        ? 1
		        : (size_t)draw_wrap(&ui->d, dd->lines.v[i].s, width, -1, NULL, 0);
	return dd;
}

static void detail_scroll(struct ui *ui, struct view *v, const struct rect *area)
{
	struct detail_data *dd = current(ui, v, area->w);
	v->sc.total = dd != NULL ? dd->wrapped : 0;
	v->sc.visible = area->h - 1;
}

static void detail_title(struct ui *ui, struct view *v, struct text *t)
{
	struct detail_data *dd = current(ui, v, ui->main.w);
	if (dd != NULL && dd->lines.n > 0)
		text_set(t, dd->lines.v[0].s);
}

static void detail_draw(struct ui *ui, struct view *v, const struct rect *area)
{
	const struct draw *d = &ui->d;
	struct detail_data *dd = current(ui, v, area->w);
	struct text part = { 0 };
	size_t line = 0, top = v->sc.top, h = area->h > 1 ? (size_t)area->h - 1 : 0;

	if (dd == NULL) {
		draw_text(d, area->y, area->x, area->w, "out of memory for the detail", A_NORMAL);
		return;
	}
	/* The first line names the layer and stays (the title); the rest
	 * scrolls. */
	for (size_t i = 1; i < dd->lines.n && line < top + h; i++) {
		const struct text_line *ln = &dd->lines.v[i];
		int raw = ln->flags & TEXT_RAW;
		int parts = raw ? 1 : draw_wrap(d, ln->s, area->w, -1, NULL, 0);
		attr_t a = draw_attr(d, ln->role);
		for (int j = 0; j < parts; j++, line++) {
			if (line < top || line >= top + h)
				continue;
			int y = area->y + 1 + (int)(line - top);
			const char *s = ln->s;
			if (!raw) {
				draw_wrap_text(d, ln->s, area->w, j, &part);
				s = text_str(&part);
			}
			if (ln->role == ROLE_HEAD)
				draw_field(d, y, area->x, area->w, s, a, 0);
			else
				draw_text(d, y, area->x, area->w, s, a);
		}
	}
	text_free(&part);
}

static int detail_key(struct ui *ui, struct view *v, int action)
{
	(void)v;
	switch (action) {
	case ACT_UP:
	case ACT_DOWN:
		/* The next layer's detail. */
		view_scroll(ui, view_get(ui, VIEW_TABLE), SCROLL_LINES, action == ACT_UP ? -1 : 1);
		return 1;
	case ACT_DETAIL:
	case ACT_BACK:
		view_close(ui);
		return 1;
	default:
		return 0;
	}
}

static void detail_free(struct view *v)
{
	struct detail_data *dd = v->data;
	if (dd != NULL)
		text_lines_free(&dd->lines);
	free(dd);
	v->data = NULL;
}

static const struct hint detail_hints[] = {
	{ ACT_HELP, "help" },          { ACT_FOCUS_NEXT, "focus" }, { ACT_DETAIL, "detail" },
	{ ACT_SCOPE, "scope" },        { ACT_BUDGET, "budget" },    { ACT_PIN_CYCLE, "pin" },
	{ ACT_EXPORT_PLAN, "export" }, { ACT_PLOT_NEXT, "plot" },   { ACT_UNDO, "undo" },
	{ ACT_QUIT, "quit" },          { ACT_NONE, NULL },
};

const struct view_ops detail_view = {
	.name = "detail",
	.flags = VIEW_BESIDE,
	.hints = detail_hints,
	.draw = detail_draw,
	.key = detail_key,
	.scroll = detail_scroll,
	.title = detail_title,
	.free = detail_free,
};
