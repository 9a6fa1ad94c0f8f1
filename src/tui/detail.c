/* detail.c -- the detail view of one layer: every candidate's terms, raw and
 * normalised, weighted, its score, why k* won, and what each k does to the
 * receptive field and the MACs. */
#include <config.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rf.h"
#include "escape.h"
#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

#define DETAIL_LINES 64
#define DETAIL_COLS 384

struct detail {
	int n;
	char text[DETAIL_LINES][DETAIL_COLS];
	int role[DETAIL_LINES];
	int raw[DETAIL_LINES]; /* a table row: never wrapped */
};

static void add(struct detail *dt, int role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(struct detail *dt, int role, const char *fmt, ...)
{
	va_list ap;
	if (dt->n == DETAIL_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(dt->text[dt->n], DETAIL_COLS, fmt, ap);
	va_end(ap);
	dt->raw[dt->n] = 0;
	dt->role[dt->n++] = role;
}

/* The candidate table's columns. */
enum dcol { D_K, D_I, D_IN, D_A, D_AN, D_C, D_CN, D_WI, D_WA, D_WC, D_S, D_RF, D_MACS, D_COUNT };

/* Receptive field of the layer at kernel K from its input field and jump;
 * -1 when it does not fit in 64 bits. */
static int64_t rf_at(const struct net_layer *l, int64_t rf_in, int64_t jump, int k)
{
	int64_t r;
	return rf_step(rf_in, jump, k, l->dilation, &r) == 0 ? r : -1;
}

static void shape_lines(struct ui *ui, struct detail *dt, size_t i)
{
	const struct draw *d = &ui->d;
	const struct state *st = ui->st;
	const struct net_layer *l = &st->net->layers[i];
	const char *x = draw_glyph(d, GLYPH_TIMES);
	char a[48], b[48];

	/* A long name is cut by whole characters to fit the line. */
	add(dt, ROLE_HEAD, "layer %zu: %.*s", i, (int)escape_cut(l->name, DETAIL_COLS - 64),
	    l->name);
	if (l->op == NET_OP_CONV) {
		/* Per axis (format 2): 1x7, stride 2x1; a square kernel as 3x3. */
		struct net_axis h = net_layer_axis(st->net, l, 0),
		                w = net_layer_axis(st->net, l, 1);
		char ks[48], ss[32], ds[32];
		snprintf(ks, sizeof ks, "%d%s%d", h.k, x, w.k);
		snprintf(ss, sizeof ss, h.stride == w.stride ? "%d" : "%d%s%d", h.stride, x,
		         w.stride);
		snprintf(ds, sizeof ds, h.dilation == w.dilation ? "%d" : "%d%s%d", h.dilation, x,
		         w.dilation);
		add(dt, ROLE_NORMAL,
		    "conv %s as loaded, stride %s, dilation %s, groups %d; in %lld%s%lld%s%lld "
		    "%s out %lld%s%lld%s%lld",
		    ks, ss, ds, l->groups, (long long)l->in_h, x, (long long)l->in_w, x,
		    (long long)l->in_c, draw_glyph(d, GLYPH_ARROW), (long long)l->h, x,
		    (long long)l->w, x, (long long)l->c);
	} else
		add(dt, ROLE_NORMAL,
		    "%s; in %lld%s%lld%s%lld %s out %lld%s%lld%s%lld; MACs %s, params %s",
		    net_op_name(l->op), (long long)l->in_h, x, (long long)l->in_w, x,
		    (long long)l->in_c, draw_glyph(d, GLYPH_ARROW), (long long)l->h, x,
		    (long long)l->w, x, (long long)l->c, fmt_int(a, sizeof a, l->macs),
		    fmt_int(b, sizeof b, l->params));
	if (net_layer_global(st->net, i))
		add(dt, ROLE_LABEL,
		    "global context: each output sees the whole input (through a global "
		    "pooling); the receptive field shown is the local one kernels change");
}

/* The layer's lines: DT what matters most (the candidates, why k* won),
 * TL the formulas behind them, shown after. */
static void detail_lines(struct ui *ui, struct detail *dt, struct detail *tl)
{
	const struct draw *d = &ui->d;
	struct state *st = ui->st;
	size_t i = ui_selected_layer(ui);
	const struct net_layer *l = &st->net->layers[i];
	const struct score_params *p = state_params(st);
	const char *x = draw_glyph(d, GLYPH_TIMES), *lam = draw_glyph(d, GLYPH_LAMBDA);
	const char *In = draw_glyph(d, GLYPH_IN), *An = draw_glyph(d, GLYPH_AN),
	           *Cn = draw_glyph(d, GLYPH_CN), *minus = draw_glyph(d, GLYPH_MINUS);
	char a[64], b[64], c[64], e[64];
	int64_t rf_in, jump;

	dt->n = tl->n = 0;
	if (table_rows(ui) == 0)
		return;
	shape_lines(ui, dt, i);
	state_layer_rf_in(st, i, &rf_in, &jump);
	if (l->op != NET_OP_CONV) {
		add(dt, ROLE_NORMAL,
		    "receptive field %lld px (jump %lld px): only convolutions have "
		    "a kernel BKSEF tunes.",
		    (long long)st->plan->rf_layer[i], (long long)st->plan->jump[i]);
		return;
	}

	/* The two formulas this layer's figures come from. */
	const char *sq = d->utf8 ? "\u00b2" : "^2";
	const struct kernel *pk = plan_layer_kernel(st->plan, i);
	char tok[KERNEL_TOKEN_MAX];
	if (st->net->per_axis || st->table->per_axis) {
		/* Per-axis kernels (format 2): k_h x k_w taps, a field per axis,
		 * each from its own jump (rf_in and jump are the largest). */
		add(tl, ROLE_NORMAL,
		    "MACs(k) = k_h k_w %s %lld %s %lld %s %lld %s %lld = k_h k_w %s %s", x,
		    (long long)(l->in_c / l->groups), x, (long long)l->c, x, (long long)l->h, x,
		    (long long)l->w, x, fmt_int(a, sizeof a, l->mac_per_k2));
		add(tl, ROLE_NORMAL,
		    "RF_h(k) = RF_h,in + (k_h%s1) %s dilation %s jump_h, RF_w likewise; RF = the "
		    "larger; at %s: %lld px (the field entering is at most %lld px)",
		    minus, x, x, kernel_format(pk, tok, sizeof tok),
		    (long long)st->plan->rf_layer[i], (long long)rf_in);
	} else {
		add(tl, ROLE_NORMAL, "MACs(k) = k%s %s %lld %s %lld %s %lld %s %lld = k%s %s %s",
		    sq, x, (long long)(l->in_c / l->groups), x, (long long)l->c, x, (long long)l->h,
		    x, (long long)l->w, sq, x, fmt_int(a, sizeof a, l->mac_per_k2));
		add(tl, ROLE_NORMAL,
		    "RF(k) = %lld + (k%s1) %s %d %s %lld: the field entering is %lld px and each "
		    "step "
		    "of k adds %lld px (the jump %lld %s dilation %d)",
		    (long long)rf_in, minus, x, l->dilation, x, (long long)jump, (long long)rf_in,
		    (long long)jump * l->dilation, (long long)jump, x, l->dilation);
	}

	long r = l->tune ? score_find_row(st->score, i) : -1;
	int k_plan = st->plan->extent[i], pin = state_pin_of(st, i);
	if (r < 0) {
		cand_set ks = state_layer_kernels(st, i);
		add(dt, ROLE_LABEL,
		    "fixed (tune=0): BKSEF does not score this layer; it keeps k=%s%s",
		    kernel_format(pk, tok, sizeof tok), pin ? " because it is pinned" : "");
		for (int k = cand_next(ks, 0); k != 0; k = cand_next(ks, k))
			add(dt, k == k_plan ? ROLE_BEST : ROLE_NORMAL,
			    "%s k=%-2d  RF %lld px  MACs %s", k == k_plan ? "*" : " ", k,
			    (long long)rf_at(l, rf_in, jump, k),
			    fmt_int(a, sizeof a, state_macs_at(st, i, k)));
		return;
	}

	/* The scope: over what the terms are normalised. */
	size_t row = (size_t)r;
	cand_set allowed = state_layer_kernels(st, i), cols = state_columns(st);
	struct score_terms t[CAND_MAX + 1];
	int ks[CAND_MAX + 1], n = 0;
	for (int k = cand_next(allowed, 0); k != 0; k = cand_next(allowed, k))
		if (state_terms_at(st, row, k, p, &t[n]))
			ks[n++] = k;
	cand_format(allowed, ',', a, sizeof a);
	if (p->scope == SCORE_SCOPE_LAYER) {
		add(tl, ROLE_NORMAL,
		    "scope layer: %s, %s and %s are min-max normalised over this layer's own "
		    "kernels "
		    "{%s}: its size cancels out",
		    In, An, Cn, a);
	} else {
		double lo = NAN, hi = NAN;
		(void)score_cost_range(st->score, row, p->scope, &lo, &hi);
		cand_format(cols, ',', b, sizeof b);
		if (isfinite(lo) && isfinite(hi))
			add(tl, ROLE_NORMAL,
			    "scope network: %s, %s over every kernel of the table {%s}; %s over "
			    "every "
			    "tunable (layer, k): C from %s to %s",
			    In, An, b, Cn, fmt_count(c, sizeof c, llround(lo)),
			    fmt_count(e, sizeof e, llround(hi)));
		else
			add(tl, ROLE_NORMAL,
			    "scope network: %s, %s over every kernel of the table {%s}; %s over "
			    "every "
			    "tunable (layer, k)",
			    In, An, b, Cn);
	}
	add(tl, ROLE_DIM,
	    "S(k) = %s1 %s(k) + %s2 %s(k) %s %s3 %s(k);  I = ln(1+%s%sk), A = 1%se^(%s%s%sk), C = "
	    "%s",
	    lam, In, lam, An, minus, lam, Cn, draw_glyph(d, GLYPH_BETA), d->utf8 ? "" : "*", minus,
	    minus, draw_glyph(d, GLYPH_GAMMA), d->utf8 ? "" : "*",
	    p->cost == COST_PAPER ? "k\u00b2 H_in W_in C_in C_out (paper)" : "MACs(k)");
	if (!d->utf8 && p->cost == COST_PAPER) {
		char *s = strstr(tl->text[tl->n - 1], "k\u00b2");
		if (s != NULL)
			snprintf(s, DETAIL_COLS - (size_t)(s - tl->text[tl->n - 1]),
			         "k^2 H_in W_in C_in C_out (paper)");
	}

	/* The candidates. */
	static const char *const head_ascii[D_COUNT] = { "k", "I",  "I~",     "A",      "A~",
		                                         "C", "C~", "+l1*I~", "+l2*A~", "-l3*C~",
		                                         "S", "RF", "MACs" };
	const char *head[D_COUNT];
	char hu[D_COUNT][32];
	int w[D_COUNT] = { 4, 7, 6, 7, 6, 8, 6, 8, 8, 8, 8, 7, 8 };
	int show[D_COUNT];
	int width = ui->table.w, total = 0;
	for (int col = 0; col < D_COUNT; col++) {
		head[col] = head_ascii[col];
		show[col] = 1;
	}
	if (d->utf8) {
		snprintf(hu[D_IN], sizeof hu[0], "%s", In);
		snprintf(hu[D_AN], sizeof hu[0], "%s", An);
		snprintf(hu[D_CN], sizeof hu[0], "%s", Cn);
		snprintf(hu[D_WI], sizeof hu[0], "+%s1%s", lam, In);
		snprintf(hu[D_WA], sizeof hu[0], "+%s2%s", lam, An);
		snprintf(hu[D_WC], sizeof hu[0], "%s%s3%s", minus, lam, Cn);
		for (int col = D_IN; col <= D_WC; col++)
			if (col != D_A && col != D_C)
				head[col] = hu[col];
	}
	if (p->cost == COST_MACS) {
		show[D_MACS] = 0; /* C is the MACs */
		head[D_C] = "C=MACs";
		w[D_C] = 9;
	}
	for (int col = 0; col < D_COUNT; col++)
		total += show[col] ? w[col] : 0;
	if (total > width) {
		show[D_I] = show[D_A] = 0;
		total -= w[D_I] + w[D_A];
	}
	{
		char line[DETAIL_COLS];
		int at = 0;
		for (int col = 0; col < D_COUNT; col++) {
			if (!show[col])
				continue;
			int pad = w[col] - draw_width(d, head[col]);
			at += snprintf(line + at, sizeof line - (size_t)at, "%*s%s",
			               pad > 0 ? pad : 0, "", head[col]);
		}
		add(dt, ROLE_HEAD, "%s", line);
		dt->raw[dt->n - 1] = 1;
	}
	int best = state_best_k(st, row);
	for (int u = 0; u < n; u++) {
		char line[DETAIL_COLS], v[48];
		int at = 0;
		double val[D_COUNT] = { 0,
			                t[u].i_raw,
			                t[u].i_norm,
			                t[u].a_raw,
			                t[u].a_norm,
			                t[u].c_raw,
			                t[u].c_norm,
			                p->lambda1 * t[u].i_norm,
			                p->lambda2 * t[u].a_norm,
			                -p->lambda3 * t[u].c_norm,
			                t[u].score };
		for (int col = 0; col < D_COUNT; col++) {
			if (!show[col])
				continue;
			switch (col) {
			case D_K:
				snprintf(v, sizeof v, "%s%d",
				         ks[u] == best  ? "*"
				         : ks[u] == pin ? "!"
				                        : " ",
				         ks[u]);
				break;
			case D_C:
				if (p->cost == COST_MACS)
					fmt_count(v, sizeof v, state_macs_at(st, i, ks[u]));
				else
					fmt_real(v, sizeof v, val[col], w[col] - 1, 0);
				break;
			case D_RF: {
				int64_t rf = rf_at(l, rf_in, jump, ks[u]);
				if (rf < 0)
					snprintf(v, sizeof v, "ovf");
				else
					fmt_count(v, sizeof v, rf);
				break;
			}
			case D_MACS:
				fmt_count(v, sizeof v, state_macs_at(st, i, ks[u]));
				break;
			default:
				fmt_real(v, sizeof v, val[col], w[col] - 1,
				         col == D_I || col == D_A ? 3 : 3);
				break;
			}
			at += snprintf(line + at, sizeof line - (size_t)at, "%*s", w[col], v);
		}
		add(dt, ks[u] == k_plan ? (pin ? ROLE_PIN : ROLE_BEST) : ROLE_NORMAL, "%s", line);
		dt->raw[dt->n - 1] = 1;
	}

	/* Per-axis candidates (format 2): scored like the others, listed here
	 * with their S; when one is k*, the comparison below (over sizes) does
	 * not apply. */
	{
		const struct cand_table *tb = st->table;
		long tr = cand_table_row_of(tb, i);
		int bj = score_best(st->work, row), n_axes = 0, at = 0, best_axes = 0;
		char line[DETAIL_COLS];
		for (size_t j = 0; tr >= 0 && j < tb->n_scored[tr]; j++) {
			const struct kernel *k = &tb->kernel[tb->first[tr] + j];
			if (kernel_is_square(k) || at >= (int)sizeof line - 40)
				continue;
			n_axes++;
			best_axes |= (int)j == bj;
			fmt_real(a, sizeof a, score_value(st->score, st->work, row, j), 8, 3);
			at += snprintf(line + at, sizeof line - (size_t)at, "%s%s%s S=%s",
			               n_axes > 1 ? ", " : "", (int)j == bj ? "*" : "",
			               kernel_format(k, tok, sizeof tok), a);
		}
		if (n_axes > 0)
			add(dt, ROLE_NORMAL, "per-axis candidates (S; * k*): %s", line);
		if (best_axes) {
			add(dt, ROLE_NORMAL,
			    "k*=%s, a per-axis kernel (size the geometric mean of "
			    "its extents in I and A).",
			    kernel_format(&tb->kernel[tb->first[tr] + bj], tok, sizeof tok));
			return;
		}
	}

	/* Why k* won: against the runner-up. */
	int wi = -1, ri = -1;
	for (int u = 0; u < n; u++)
		if (ks[u] == best)
			wi = u;
	for (int u = 0; u < n; u++)
		if (u != wi && (ri < 0 || t[u].score > t[ri].score))
			ri = u;
	add(dt, ROLE_NORMAL, "%s", "");
	if (pin)
		add(dt, ROLE_PIN, "pinned to k=%d (x unpins); the score alone picks k*=%d.", pin,
		    best);
	if (wi < 0) {
		add(dt, ROLE_NORMAL, "no candidate kernel keeps this layer's output shape.");
	} else if (ri < 0) {
		add(dt, ROLE_NORMAL, "k*=%d: the only candidate that keeps this layer's shape.",
		    best);
	} else {
		struct score_terms *tw = &t[wi], *tr = &t[ri];
		double dI = p->lambda1 * (tw->i_norm - tr->i_norm),
		       dA = p->lambda2 * (tw->a_norm - tr->a_norm),
		       dC = -p->lambda3 * (tw->c_norm - tr->c_norm);
		char s1[32], s2[32], s3[32], s4[32], s5[32];
		fmt_real(s1, sizeof s1, tw->score, 10, 4);
		fmt_real(s2, sizeof s2, tr->score, 10, 4);
		if (tw->score == tr->score) {
			add(dt, ROLE_NORMAL,
			    "k*=%d: S(%d) = S(%d) = %s, a tie; ties go to the smaller kernel.",
			    best, ks[wi], ks[ri], s1);
		} else {
			fmt_real(s3, sizeof s3, dI, 10, 4);
			fmt_real(s4, sizeof s4, dA, 10, 4);
			fmt_real(s5, sizeof s5, dC, 10, 4);
			add(dt, ROLE_NORMAL, "k*=%d: S(%d) = %s beats the runner-up S(%d) = %s.",
			    best, ks[wi], s1, ks[ri], s2);
			add(dt, ROLE_NORMAL,
			    "From k=%d to k=%d: information %s%s, accuracy %s%s, cost %s%s.",
			    ks[ri], ks[wi], dI >= 0 ? "+" : "", s3, dA >= 0 ? "+" : "", s4,
			    dC >= 0 ? "+" : "", s5);
			if (ks[wi] > ks[ri])
				add(dt, ROLE_DIM,
				    "The larger kernel wins: its gains outweigh its cost (raise "
				    "%s3 to make "
				    "cost count more).",
				    lam);
			else
				add(dt, ROLE_DIM,
				    "The smaller kernel wins: the larger one's extra cost "
				    "outweighs its gains "
				    "(lower %s3 to let it through).",
				    lam);
		}
	}

	/* Receptive field against cost: the lesson of this layer. */
	int kmin = ks[0], kmax = ks[n > 0 ? n - 1 : 0];
	if (n >= 2 && kmin < kmax) {
		int64_t r0 = rf_at(l, rf_in, jump, kmin), r1 = rf_at(l, rf_in, jump, kmax);
		double ratio = (double)kmax * kmax / ((double)kmin * kmin);
		fmt_real(a, sizeof a, ratio, 8, 2);
		add(dt, ROLE_DIM,
		    "Going from %d%s%d to %d%s%d here widens this layer's field from %lld to %lld "
		    "px "
		    "(+%lld: the jump is %lld) and multiplies its MACs by %s (k%s grows as the "
		    "square).",
		    kmin, x, kmin, kmax, x, kmax, (long long)r0, (long long)r1,
		    (long long)(r1 - r0), (long long)jump, a, d->utf8 ? "\u00b2" : "^2");
	}
}

static void detail_draw(struct ui *ui, const struct rect *area)
{
	struct detail dt, tl; /* rebuilt on each draw: only one layer's worth */
	const struct draw *d = &ui->d;
	char buf[DETAIL_COLS];
	int total = 0, line = 0, h = area->h - 1;

	for (int y = 0; y < area->h; y++)
		draw_blank(area->y + y, area->x, area->w, A_NORMAL);
	detail_lines(ui, &dt, &tl);
	if (dt.n == 0)
		return;
	if (tl.n > 0 && dt.n < DETAIL_LINES)
		add(&dt, ROLE_NORMAL, "%s", "");
	for (int i = 0; i < tl.n && dt.n < DETAIL_LINES; i++) {
		memcpy(dt.text[dt.n], tl.text[i], sizeof dt.text[0]);
		dt.role[dt.n] = tl.role[i];
		dt.raw[dt.n++] = tl.raw[i];
	}
	/* The first line names the layer and stays; the rest scrolls. */
	draw_field(d, area->y, area->x, area->w, dt.text[0], draw_attr(d, ROLE_HEAD), 0);
	for (int i = 1; i < dt.n; i++)
		total += dt.raw[i] ? 1 : draw_wrap(d, dt.text[i], area->w, -1, NULL, 0);
	if (ui->detail_top > total - h)
		ui->detail_top = total - h;
	if (ui->detail_top < 0)
		ui->detail_top = 0;
	for (int i = 1; i < dt.n && line < ui->detail_top + h; i++) {
		int parts = dt.raw[i] ? 1 : draw_wrap(d, dt.text[i], area->w, -1, NULL, 0);
		attr_t a = draw_attr(d, dt.role[i]);
		for (int j = 0; j < parts; j++, line++) {
			int y = area->y + 1 + line - ui->detail_top;
			if (line < ui->detail_top || y >= area->y + area->h)
				continue;
			if (dt.raw[i])
				snprintf(buf, sizeof buf, "%s", dt.text[i]);
			else
				draw_wrap(d, dt.text[i], area->w, j, buf, sizeof buf);
			if (dt.role[i] == ROLE_HEAD)
				draw_field(d, y, area->x, area->w, buf, a, 0);
			else
				draw_text(d, y, area->x, area->w, buf, a);
		}
	}
	if (total > h && area->w > 40) {
		snprintf(buf, sizeof buf, " lines %d-%d of %d, PgUp/PgDn ", ui->detail_top + 1,
		         ui->detail_top + h < total ? ui->detail_top + h : total, total);
		draw_text(d, area->y, area->x + area->w - draw_width(d, buf), area->w, buf,
		          draw_attr(d, ROLE_HEAD));
	}
}

static int detail_request(struct ui *ui, int action)
{
	switch (action) {
	case ACT_UP:
		table_move(ui, -1);
		return 1;
	case ACT_DOWN:
		table_move(ui, 1);
		return 1;
	case ACT_PAGE_UP:
		ui->detail_top -= ui->table.h > 2 ? ui->table.h - 2 : 1;
		return 1;
	case ACT_PAGE_DOWN:
		ui->detail_top += ui->table.h > 2 ? ui->table.h - 2 : 1;
		return 1;
	case ACT_HOME:
		ui->detail_top = 0;
		return 1;
	case ACT_END:
		ui->detail_top = DETAIL_LINES;
		return 1;
	case ACT_DETAIL:
	case ACT_BACK:
		ui->view = VIEW_TABLE;
		return 1;
	default:
		return 0;
	}
}

const struct view_ops detail_view = { "detail", detail_draw, detail_request };
