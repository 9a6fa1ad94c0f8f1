/* table.c -- the layer table view: one row per conv (or per layer), its
 * scores per candidate with the chosen one highlighted, its plan figures. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

size_t table_rows(const struct ui *ui)
{
	return ui->all_layers ? ui->st->net->n_layers : ui->st->n_conv;
}

size_t table_layer(const struct ui *ui, size_t r)
{
	return ui->all_layers ? r : ui->st->conv[r];
}

size_t table_row_of(const struct ui *ui, size_t i)
{
	const struct state *st = ui->st;
	size_t lo = 0, hi = st->n_conv;

	if (ui->all_layers)
		return i;
	/* The last conv at or before I (the first when none is). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->conv[mid] <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? lo - 1 : 0;
}

size_t ui_selected_layer(const struct ui *ui)
{
	return table_rows(ui) > 0 ? table_layer(ui, ui->sel) : 0;
}

static int digits(int64_t v)
{
	int n = 1;
	if (v < 0) {
		n++;
		v = -(v + 1);
	}
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

void table_measure(struct ui *ui)
{
	const struct net *net = ui->st->net;
	int w_in = 0, w_out = 0, w_stride = 0, w_name = 0;

	for (size_t i = 0; i < net->n_layers; i++) {
		const struct net_layer *l = &net->layers[i];
		int in = digits(l->in_h) + digits(l->in_w) + digits(l->in_c) + 2;
		if (in > w_in)
			w_in = in;
		if (digits(l->c) > w_out)
			w_out = digits(l->c);
		if (digits(l->stride) > w_stride)
			w_stride = digits(l->stride);
		int nw = draw_width(&ui->d, l->name); /* escaped, as drawn */
		if (nw > w_name)
			w_name = nw;
	}
	ui->w_idx = digits(net->n_layers ? (int64_t)net->n_layers - 1 : 0);
	ui->w_in = w_in;
	ui->w_out = w_out;
	ui->w_stride = w_stride;
	ui->w_name = w_name;
}

void table_scroll(struct ui *ui, int visible)
{
	size_t n = table_rows(ui);

	if (n == 0) {
		ui->sel = ui->top = 0;
		return;
	}
	if (ui->sel >= n)
		ui->sel = n - 1;
	if (visible < 1)
		visible = 1;
	if (ui->sel < ui->top)
		ui->top = ui->sel;
	if (ui->sel >= ui->top + (size_t)visible)
		ui->top = ui->sel - (size_t)visible + 1;
	/* No empty rows below the last one when the list could fill them. */
	if (ui->top + (size_t)visible > n)
		ui->top = n > (size_t)visible ? n - (size_t)visible : 0;
}

void table_move(struct ui *ui, long delta)
{
	size_t n = table_rows(ui);
	if (n == 0)
		return;
	if (delta < 0 && (size_t)-delta > ui->sel)
		ui->sel = 0;
	else if (delta > 0 && ui->sel + (size_t)delta >= n)
		ui->sel = n - 1;
	else
		ui->sel = (size_t)((long)ui->sel + delta);
}

/* The columns, left to right. */
enum col {
	COL_IDX,
	COL_FLAG,
	COL_NAME,
	COL_OP,
	COL_IN,
	COL_OUT,
	COL_STRIDE,
	COL_KB,
	COL_K,
	COL_SCORES,
	COL_MACS,
	COL_RF,
	COL_COUNT
};

struct columns {
	int w[COL_COUNT]; /* 0: not shown */
	int score_w, n_scores;
	int kernels[CAND_MAX + 1];
};

/* Widths for AREA_W columns.  Optional columns go, in this order, while the
 * name would be narrower than 12; then score columns, while it would be
 * narrower than 10. */
static void plan_columns(const struct ui *ui, int area_w, struct columns *c)
{
	static const int drop[] = { COL_OP, COL_STRIDE, COL_OUT, COL_IN, COL_KB };
	cand_set cols = state_columns(ui->st);
	int fixed = 0;

	memset(c, 0, sizeof *c);
	c->w[COL_IDX] = ui->w_idx > 1 ? ui->w_idx : 1;
	c->w[COL_FLAG] = 1;
	c->w[COL_OP] = ui->all_layers || area_w >= 110 ? 7 : 0;
	c->w[COL_IN] = ui->w_in > 8 ? ui->w_in : 8;
	c->w[COL_OUT] = ui->w_out > 3 ? ui->w_out : 3;
	c->w[COL_STRIDE] = ui->w_stride;
	/* Kernel tokens: "1x7" needs more than a size (format 2). */
	c->w[COL_KB] = c->w[COL_K] = ui->st->net->per_axis || ui->st->table->per_axis ? 5 : 2;
	c->w[COL_MACS] = 6;
	c->w[COL_RF] = 5;
	c->score_w = area_w >= 100 ? 6 : 5;
	for (int k = cand_next(cols, 0); k != 0; k = cand_next(cols, k))
		c->kernels[c->n_scores++] = k;
	for (int i = 0; i < COL_COUNT; i++)
		if (i != COL_NAME && i != COL_SCORES && c->w[i])
			fixed += c->w[i] + 1;
	fixed += c->n_scores * (c->score_w + 1);
	/* Short names need less room than 12 before columns go. */
	int need = ui->w_name + 1 < 12 ? ui->w_name + 1 : 12;
	for (size_t i = 0; i < sizeof drop / sizeof drop[0] && area_w - fixed < need; i++) {
		if (c->w[drop[i]] == 0 || (ui->all_layers && drop[i] == COL_OP))
			continue;
		fixed -= c->w[drop[i]] + 1;
		c->w[drop[i]] = 0;
	}
	while (c->n_scores > 1 && area_w - fixed < (need < 10 ? need : 10)) {
		c->n_scores--;
		fixed -= c->score_w + 1;
	}
	c->w[COL_NAME] = area_w - fixed > 1 ? area_w - fixed : 1;
	/* A wide screen does not need a name column wider than the longest. */
	if (c->w[COL_NAME] > ui->w_name + 2 && ui->w_name >= 4)
		c->w[COL_NAME] = ui->w_name + 2;
}

static void draw_heading(struct ui *ui, int y, int x0, int w, const struct columns *c)
{
	const struct draw *d = &ui->d;
	attr_t a = draw_attr(d, ROLE_HEAD);
	static const char *const head[COL_COUNT] = { "#", "",   "layer", "op", "in HxWxC", "out",
		                                     "s", "kb", "k*",    "",   "MACs",     "RF" };
	int x = x0;
	char buf[16];

	draw_blank(y, x0, w, a);
	for (int i = 0; i < COL_COUNT; i++) {
		if (i == COL_SCORES) {
			for (int s = 0; s < c->n_scores; s++) {
				snprintf(buf, sizeof buf, "S(%d)", c->kernels[s]);
				draw_field(d, y, x, c->score_w, buf, a, 1);
				x += c->score_w + 1;
			}
			continue;
		}
		if (c->w[i] == 0)
			continue;
		draw_field(d, y, x, c->w[i], head[i], a,
		           i != COL_NAME && i != COL_OP && i != COL_FLAG);
		x += c->w[i] + 1;
	}
}

static void draw_row(struct ui *ui, int y, int x0, int w, size_t row, const struct columns *c)
{
	const struct draw *d = &ui->d;
	const struct state *st = ui->st;
	size_t i = table_layer(ui, row);
	const struct net_layer *l = &st->net->layers[i];
	int selected = row == ui->sel;
	int conv = l->op == NET_OP_CONV;
	/* Rows BKSEF does not score are dimmed. */
	attr_t a = selected          ? draw_attr(d, ROLE_SEL)
	           : conv && l->tune ? A_NORMAL
	                             : draw_attr(d, ROLE_DIM);
	long srow = conv && l->tune ? score_find_row(st->score, i) : -1;
	const struct kernel *pk = plan_layer_kernel(st->plan, i);
	struct kernel lk = net_op_has_kernel(l->op) ? net_layer_kernel(st->net, i)
	                                            : kernel_square(st->net->rank, 0);
	/* The plan's kernel as a size, for the S(k) columns (-1: not square). */
	int k = pk == NULL || kernel_is_square(pk) ? st->plan->extent[i] : -1;
	int pinned = state_pin_of(st, i) != 0;
	char tok[KERNEL_TOKEN_MAX];
	int x = x0;
	char buf[64];

	draw_blank(y, x0, w, a);
	for (int col = 0; col < COL_COUNT; col++) {
		attr_t ca = a;
		buf[0] = '\0';
		if (col == COL_SCORES) {
			for (int s = 0; s < c->n_scores; s++) {
				int kk = c->kernels[s];
				double v = srow >= 0 ? state_score_at(st, (size_t)srow, kk) : 0;
				attr_t sa = a;
				if (srow < 0 && !conv)
					buf[0] = '\0';
				else if (srow < 0 || v != v)
					snprintf(buf, sizeof buf, "%s", draw_glyph(d, GLYPH_DOT));
				else
					fmt_real(buf, sizeof buf, v, c->score_w,
					         c->score_w >= 6 ? 3 : 2);
				if (srow >= 0 && kk == k)
					sa = selected ? a | A_BOLD | A_UNDERLINE
					              : draw_attr(d, pinned ? ROLE_PIN : ROLE_BEST);
				if (srow < 0 || v != v)
					sa |= selected ? 0 : draw_attr(d, ROLE_DIM);
				draw_field(d, y, x, c->score_w, buf, sa, 1);
				x += c->score_w + 1;
			}
			continue;
		}
		if (c->w[col] == 0)
			continue;
		switch (col) {
		case COL_IDX:
			snprintf(buf, sizeof buf, "%zu", i);
			break;
		case COL_FLAG:
			if (pinned) {
				snprintf(buf, sizeof buf, "!");
				ca = selected ? a | A_BOLD : draw_attr(d, ROLE_PIN);
			} else if (conv && !l->tune) {
				snprintf(buf, sizeof buf, "=");
			}
			break;
		case COL_NAME:
			draw_text_mid(d, y, x, c->w[col], l->name, a);
			x += c->w[col] + 1;
			continue;
		case COL_OP:
			snprintf(buf, sizeof buf, "%s", net_op_name(l->op));
			break;
		case COL_IN:
			if (l->op != NET_OP_INPUT)
				snprintf(buf, sizeof buf, "%lldx%lldx%lld", (long long)l->in_h,
				         (long long)l->in_w, (long long)l->in_c);
			break;
		case COL_OUT:
			snprintf(buf, sizeof buf, "%lld", (long long)l->c);
			break;
		case COL_STRIDE:
			if (net_op_has_kernel(l->op))
				snprintf(buf, sizeof buf, "%d", l->stride);
			break;
		case COL_KB:
			if (net_op_has_kernel(l->op))
				snprintf(buf, sizeof buf, "%s",
				         kernel_format(&lk, tok, sizeof tok));
			break;
		case COL_K:
			if (conv) {
				snprintf(buf, sizeof buf, "%s", kernel_format(pk, tok, sizeof tok));
				if (pinned)
					ca = selected ? a | A_BOLD : draw_attr(d, ROLE_PIN);
				else if (!kernel_equal(pk, &lk))
					ca = a | draw_attr(d, ROLE_CHANGED);
			}
			break;
		case COL_MACS:
			if (conv || l->op == NET_OP_FC)
				fmt_count(buf, sizeof buf, plan_layer_macs(st->plan, i));
			break;
		case COL_RF:
			/* Five columns: 99999, then 1234k, then 1234M; "g" after a
			 * layer in global context (format 2), whose field is the
			 * local one. */
			if (net_layer_global(st->net, i) && st->plan->rf_layer[i] < 10000)
				snprintf(buf, sizeof buf, "%lldg",
				         (long long)st->plan->rf_layer[i]);
			else if (st->plan->rf_layer[i] < 100000)
				snprintf(buf, sizeof buf, "%lld", (long long)st->plan->rf_layer[i]);
			else if (st->plan->rf_layer[i] < 100000000)
				snprintf(buf, sizeof buf, "%lldk",
				         (long long)st->plan->rf_layer[i] / 1000);
			else
				fmt_count(buf, sizeof buf, st->plan->rf_layer[i]);
			break;
		default:
			break;
		}
		draw_field(d, y, x, c->w[col], buf, ca, col != COL_OP && col != COL_FLAG);
		x += c->w[col] + 1;
	}
}

/* The line under the table that says what the scope does. */
static void draw_notice(struct ui *ui, int y, int w)
{
	const struct draw *d = &ui->d;
	char buf[400];

	int layer = state_params(ui->st)->scope == SCORE_SCOPE_LAYER;
	if (w >= 150)
		snprintf(
		    buf, sizeof buf, "%s",
		    layer ? "scope layer: the cost is min-max normalised within each layer, so "
		            "a layer's size no longer matters: rows with the same candidates get "
		            "the same k* (s: network scope)"
		          : "scope network: the cost is min-max normalised over the whole "
		            "network, so a big layer pays more for a big kernel (s: per-layer "
		            "scope, as in the paper's code)");
	else
		snprintf(buf, sizeof buf, "%s",
		         layer ? "scope layer: cost normalised per layer: same candidates, same k* "
		                 "(s)"
		               : "scope network: cost normalised network-wide: big layers pay more "
		                 "(s)");
	draw_field(d, y, 0, w, buf, draw_attr(d, ROLE_DIM), 0);
}

static void table_draw(struct ui *ui, const struct rect *area)
{
	struct columns c;
	int notice = area->h >= 8, body = area->h - 1 - notice;
	size_t n = table_rows(ui);

	plan_columns(ui, area->w, &c);
	draw_heading(ui, area->y, area->x, area->w, &c);
	table_scroll(ui, body);
	if (n == 0) {
		draw_text(&ui->d, area->y + 1, 1, area->w - 1,
		          "This network has no convolution; press a to list every layer.",
		          A_NORMAL);
	}
	for (int r = 0; r < body && ui->top + (size_t)r < n; r++)
		draw_row(ui, area->y + 1 + r, area->x, area->w, ui->top + (size_t)r, &c);
	if (notice)
		draw_notice(ui, area->y + area->h - 1, area->w);
}

/* Rows of the table body at the current layout. */
static int table_body(const struct ui *ui)
{
	return ui->table.h - 1 - (ui->table.h >= 8);
}

static int table_request(struct ui *ui, int action)
{
	int page = table_body(ui) > 1 ? table_body(ui) - 1 : 1;

	switch (action) {
	case ACT_UP:
		table_move(ui, -1);
		return 1;
	case ACT_DOWN:
		table_move(ui, 1);
		return 1;
	case ACT_PAGE_UP:
		table_move(ui, -page);
		return 1;
	case ACT_PAGE_DOWN:
		table_move(ui, page);
		return 1;
	case ACT_HOME:
		ui->sel = 0;
		return 1;
	case ACT_END:
		ui->sel = table_rows(ui) ? table_rows(ui) - 1 : 0;
		return 1;
	case ACT_DETAIL:
		if (table_rows(ui) > 0) {
			ui->view = VIEW_DETAIL;
			ui->detail_top = 0;
		}
		return 1;
	default:
		return 0;
	}
}

int table_mouse(struct ui *ui, int y, int x, int wheel)
{
	const struct rect *r = &ui->table;

	if (y < r->y || y >= r->y + r->h || x < r->x || x >= r->x + r->w)
		return 0;
	if (wheel) {
		table_move(ui, 3 * wheel);
		return 1;
	}
	if (y > r->y && y <= r->y + table_body(ui)) {
		size_t row = ui->top + (size_t)(y - r->y - 1);
		if (row < table_rows(ui)) {
			if (row == ui->sel && ui->view == VIEW_TABLE) {
				ui->view = VIEW_DETAIL;
				ui->detail_top = 0;
			}
			ui->sel = row;
		}
	}
	return 1;
}

const struct view_ops table_view = { "table", table_draw, table_request };
