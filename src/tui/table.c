/* table.c -- the layer table view: one row per conv (or per layer), its
 * scores per candidate with the chosen one highlighted, its plan figures. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/rows.h"
#include "tui/ui.h"

/* Where a heading was drawn: columns X .. X + W sort by COL (score
 * column J). */
struct table_head {
	int x, w, col;
	size_t j;
};

/* The table view's own state. */
struct table_data {
	struct rows rows; /* the filter's rows, sorted, and the last marks */
	size_t hscroll;   /* score columns scrolled past (Left/Right) */
	int cut;          /* score columns the last draw could not show */
	/* Where the last draw put the table and each column's heading, for a
	 * click: the sort column (and score column) under x. */
	struct rect area;
	int n_heads;
	struct table_head head[COL_COUNT + 64];
	/* The score columns' format over every score of the run, found once
	 * per change (for SCORE_W wide columns). */
	unsigned long score_change;
	int score_w, score_valid;
	struct fmt_col score_fmt;
	/* Column widths over every layer, measured once (a draw must not
	 * walk the whole network). */
	int measured;
	int w_idx, w_in, w_out, w_stride, w_name, w_group, w_jump;
};

static struct table_data *data_of(const struct ui *ui)
{
	return ui->views[VIEW_TABLE].data;
}

int table_all_layers(const struct ui *ui)
{
	const struct table_data *td = data_of(ui);
	return td != NULL && td->rows.filter == FILTER_ALL;
}

size_t table_rows(const struct ui *ui)
{
	const struct table_data *td = data_of(ui);
	return td != NULL ? td->rows.n : 0;
}

size_t table_layer(const struct ui *ui, size_t r)
{
	struct table_data *td = data_of(ui);
	return td != NULL ? rows_layer(&td->rows, ui->st, r) : 0;
}

/* The in column's heading by the network's rank: its axes, then C. */
static const char *in_heading(int rank)
{
	return rank == 1 ? "in LxC" : rank == 3 ? "in TxHxWxC" : "in HxWxC";
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

/* The table's state, made on first use with the column widths measured. */
static struct table_data *table_data(struct ui *ui)
{
	struct view *v = view_get(ui, VIEW_TABLE);
	struct table_data *td = v->data;
	const struct net *net = ui->st->net;

	if (td == NULL) {
		td = calloc(1, sizeof *td);
		if (td == NULL) {
			text_note_out_of_memory();
			return NULL;
		}
		v->data = td;
		v->sc.cursor = 1;
		/* The plan before the first key, for the first marks. */
		if (rows_note_changes(&td->rows, ui->st) < 0)
			text_note_out_of_memory();
	}
	if (td->measured)
		return td;
	for (size_t i = 0; i < net->n_layers; i++) {
		const struct net_layer *l = &net->layers[i];
		int in = digits(l->in_c) + net->rank;
		for (int a = 0; a < net->rank; a++)
			in += digits(net_layer_size(l, net->rank, a, 1));
		if (in > td->w_in)
			td->w_in = in;
		if (digits(l->c) > td->w_out)
			td->w_out = digits(l->c);
		if (digits(l->stride) > td->w_stride)
			td->w_stride = digits(l->stride);
		/* "C" for depthwise, else the groups; nothing when ungrouped */
		if (l->op == NET_OP_CONV && l->groups > 1) {
			int gw = l->groups == l->in_c ? 1 : digits(l->groups);
			if (gw > td->w_group)
				td->w_group = gw;
		}
		if (digits(ui->st->plan->jump[i]) > td->w_jump)
			td->w_jump = digits(ui->st->plan->jump[i]);
		int nw = draw_width(&ui->d, l->name); /* escaped, as drawn */
		if (nw > td->w_name)
			td->w_name = nw;
	}
	td->w_idx = digits(net->n_layers ? (int64_t)net->n_layers - 1 : 0);
	td->measured = 1;
	return td;
}

/* The rows, brought up to date with the state, the selection kept on its
 * layer. */
static struct table_data *synced_rows(struct ui *ui)
{
	struct table_data *td = table_data(ui);
	struct view *v = view_get(ui, VIEW_TABLE);

	if (td != NULL)
		(void)rows_sync(&td->rows, ui->st, &v->sc.sel, &v->sc.top);
	return td;
}

void table_set_filter(struct ui *ui, int filter)
{
	struct table_data *td = synced_rows(ui);

	if (td == NULL)
		return;
	rows_set_filter(&td->rows, filter);
	(void)synced_rows(ui);
}

int table_filter(const struct ui *ui)
{
	const struct table_data *td = data_of(ui);
	return td != NULL ? td->rows.filter : FILTER_CONVS;
}

void table_toggle_all(struct ui *ui)
{
	table_set_filter(ui, table_all_layers(ui) ? FILTER_CONVS : FILTER_ALL);
}

struct columns {
	int w[COL_COUNT]; /* 0: not shown */
	int score_w, n_scores;
	int rf_si;            /* the RF column in fmt_count's form */
	struct fmt_col score; /* one format for every score column */
	size_t first;         /* the candidate table's first column shown */
	int cut;              /* score columns that did not fit */
};

/* The heading of score column J ("S(3)", "S(1x7)") into BUF. */
static const char *score_heading(const struct ui *ui, size_t j, char *buf, size_t size)
{
	char tok[DRAW_KERNEL_MAX];
	draw_kernel(&ui->d, &ui->st->table->col_kernel[j], tok, sizeof tok);
	snprintf(buf, size, "S(%s)", tok);
	return buf;
}

/* The score columns shown: as many as fit from the first, or when the
 * selected row's kernel would be past the last of them, the window that
 * ends at it. */
static void score_window(const struct ui *ui, const struct table_data *td, struct columns *c)
{
	size_t n = table_rows(ui), cut = ui->st->table->n_columns - (size_t)c->n_scores;
	long col;

	c->first = 0;
	c->cut = (int)cut;
	if (n == 0 || c->n_scores <= 0)
		return;
	/* Scrolled by hand: where Left/Right put it. */
	if (td->hscroll > 0) {
		c->first = td->hscroll < cut ? td->hscroll : cut;
		return;
	}
	col = state_column_of(ui->st, ui->st->plan,
	                      table_layer(ui, ui->views[VIEW_TABLE].sc.sel < n
	                                          ? ui->views[VIEW_TABLE].sc.sel
	                                          : n - 1));
	if (col >= c->n_scores)
		c->first = (size_t)col - (size_t)c->n_scores + 1;
}

/* Whether some kernel of T is realised depthwise-separable ("ds7"): the
 * run's realisation, or a scored column's (a layer's own "dsK" list). */
static int table_has_ds(const struct cand_table *t)
{
	if (t->spec.realise == KERNEL_DS)
		return 1;
	for (size_t j = 0; j < t->n_columns; j++)
		if (t->col_kernel[j].kind == KERNEL_DS)
			return 1;
	return 0;
}

/* Widths for AREA_W columns.  Optional columns go, in this order, while the
 * name would be narrower than 12; then score columns, while it would be
 * narrower than 10.  A per-axis score column ("S(1x7)") widens them all to
 * its heading; such a table has many score columns and a kb that tells 1x7
 * from 7x1: kb goes last, with the score columns' threshold. */
static void plan_columns(const struct ui *ui, const struct table_data *td, int area_w,
                         struct columns *c)
{
	static const int drop[] = { COL_OP, COL_GROUP, COL_STRIDE, COL_OUT, COL_IN, COL_KB };
	const struct cand_table *t = ui->st->table;
	int fixed = 0, kb_late = t->per_axis;
	char head[DRAW_KERNEL_MAX + 4];

	memset(c, 0, sizeof *c);
	c->w[COL_IDX] = td->w_idx > 1 ? td->w_idx : 1;
	c->w[COL_FLAG] = 1;
	int all = td->rows.filter == FILTER_ALL;
	c->w[COL_OP] = all || area_w >= 110 ? 7 : 0;
	c->w[COL_GROUP] = td->w_group;
	int w_in_head = (int)strlen(in_heading(ui->st->net->rank));
	c->w[COL_IN] = td->w_in > w_in_head ? td->w_in : w_in_head;
	c->w[COL_OUT] = td->w_out > 3 ? td->w_out : 3;
	c->w[COL_STRIDE] = td->w_stride;
	/* Kernel tokens: "1x7" needs more than a size (format 2), "ds7" two
	 * more (depthwise-separable). */
	c->w[COL_KB] = c->w[COL_K] =
	    (ui->st->net->per_axis || t->per_axis ? 5 : 2) + (table_has_ds(t) ? 2 : 0);
	c->w[COL_MACS] = 6;
	c->w[COL_BOUND] = state_params(ui->st)->cost == COST_LATENCY;
	/* Exact fields while the plan's largest has five digits; else the
	 * whole column in fmt_count's four digits and a suffix ("10.11M"). */
	c->rf_si = ui->st->plan->rf >= 100000;
	c->w[COL_RF] = (c->rf_si ? 6 : 5) + (ui->st->net->global != NULL); /* a "g" mark */
	c->score_w = area_w >= 100 ? 6 : 5;
	for (size_t j = 0; j < t->n_columns; j++) {
		int hw = draw_width(&ui->d, score_heading(ui, j, head, sizeof head));
		if ((!kernel_is_square(&t->col_kernel[j]) || t->col_kernel[j].kind == KERNEL_DS) &&
		    hw > c->score_w)
			c->score_w = hw;
	}
	c->n_scores = (int)t->n_columns;
	for (int i = 0; i < COL_COUNT; i++)
		if (i != COL_NAME && i != COL_SCORES && c->w[i])
			fixed += c->w[i] + 1;
	fixed += c->n_scores * (c->score_w + 1);
	/* Short names need less room than 12 before columns go. */
	int need = td->w_name + 1 < 12 ? td->w_name + 1 : 12;
	for (size_t i = 0; i < sizeof drop / sizeof drop[0] && area_w - fixed < need; i++) {
		if (c->w[drop[i]] == 0 || (all && drop[i] == COL_OP) ||
		    (kb_late && drop[i] == COL_KB))
			continue;
		fixed -= c->w[drop[i]] + 1;
		c->w[drop[i]] = 0;
	}
	while (c->n_scores > 1 && area_w - fixed < (need < 10 ? need : 10)) {
		c->n_scores--;
		fixed -= c->score_w + 1;
	}
	if (kb_late && area_w - fixed < (need < 10 ? need : 10)) {
		fixed -= c->w[COL_KB] + 1;
		c->w[COL_KB] = 0;
	}
	/* Base RF and jump only where the longest name still fits whole. */
	int w_rf0 = c->w[COL_RF] > 6 ? c->w[COL_RF] : 6, w_jump = td->w_jump > 4 ? td->w_jump : 4;
	if (area_w >= 120 && c->n_scores == (int)t->n_columns &&
	    area_w - fixed - (w_rf0 + 1) - (w_jump + 1) >= td->w_name + 2) {
		c->w[COL_RF_BASE] = w_rf0;
		c->w[COL_JUMP] = w_jump;
		fixed += w_rf0 + 1 + w_jump + 1;
	}
	c->w[COL_NAME] = area_w - fixed > 1 ? area_w - fixed : 1;
	score_window(ui, td, c);
	/* A wide screen does not need a name column wider than the longest. */
	if (c->w[COL_NAME] > td->w_name + 2 && td->w_name >= 4)
		c->w[COL_NAME] = td->w_name + 2;
}

/* One format for the score columns: every score of the run fits it, so
 * that a column never mixes "0.00" and "-2e-4"; kept until the plan
 * changes. */
static struct fmt_col score_format(const struct ui *ui, struct table_data *td, int width)
{
	const struct state *st = ui->st;
	double max = 0;
	int neg = 0;

	if (td->score_valid && td->score_change == state_change(st) && td->score_w == width)
		return td->score_fmt;
	for (size_t r = 0, n = score_rows(st->score); r < n; r++)
		for (size_t j = 0, m = score_row_len(st->score, r); j < m; j++) {
			double v = score_value(st->score, st->work, r, j);
			if (!isfinite(v))
				continue;
			if (fabs(v) > max)
				max = fabs(v);
			if (v < 0)
				neg = 1;
		}
	td->score_fmt = fmt_col_fit(max, neg, width, width >= 6 ? 3 : 2);
	td->score_change = state_change(st);
	td->score_w = width;
	td->score_valid = 1;
	return td->score_fmt;
}

/* Heading TEXT of column COL (score column J) into BUF, with the sort
 * mark when the table sorts by it (not in network order, the default), for
 * a field of W columns: the mark alone when both do not fit. */
static const char *sorted_heading(const struct ui *ui, const struct rows *rs, int col, size_t j,
                                  const char *text, int w, char *buf, size_t size)
{
	const struct draw *d = &ui->d;
	const char *mark = draw_glyph(d, rs->desc ? GLYPH_SORT_DOWN : GLYPH_SORT_UP);

	if (rs->sort_col != col || (col == COL_SCORES && rs->sort_j != j) ||
	    (col == COL_IDX && !rs->desc))
		return text;
	snprintf(buf, size, "%s%s", draw_width(d, text) + 1 <= w ? text : "", mark);
	return buf;
}

static void draw_heading(struct ui *ui, struct table_data *td, int y, int x0, int w,
                         const struct columns *c)
{
	const struct draw *d = &ui->d;
	attr_t a = draw_attr(d, ROLE_HEAD);
	static const char *const head[COL_COUNT] = {
		[COL_IDX] = "#",          [COL_NAME] = "layer", [COL_OP] = "op", [COL_OUT] = "out",
		[COL_STRIDE] = "s",       [COL_GROUP] = "g",    [COL_KB] = "kb", [COL_K] = "k*",
		[COL_MACS] = "MACs",      [COL_BOUND] = "b",    [COL_RF] = "RF", [COL_FLAG] = "",
		[COL_RF_BASE] = "baseRF", [COL_JUMP] = "jump",
	};
	int x = x0;
	char buf[DRAW_KERNEL_MAX + 4], name[64], mk[160];

	draw_blank(y, x0, w, a);
	td->n_heads = 0;
	/* A scaled score column says so where there is room: the name's. */
	if (c->score.exp != 0) {
		snprintf(name, sizeof name, "layer (S %s1e%d)", draw_glyph(d, GLYPH_TIMES),
		         c->score.exp);
		if (draw_width(d, name) > c->w[COL_NAME])
			snprintf(name, sizeof name, "S %s1e%d", draw_glyph(d, GLYPH_TIMES),
			         c->score.exp);
	}
	for (int i = 0; i < COL_COUNT; i++) {
		if (i == COL_SCORES) {
			for (int s = 0; s < c->n_scores; s++) {
				size_t j = c->first + (size_t)s;
				score_heading(ui, j, buf, sizeof buf);
				draw_field(d, y, x, c->score_w,
				           sorted_heading(ui, &td->rows, i, j, buf, c->score_w, mk,
				                          sizeof mk),
				           a, 1);
				if (td->n_heads < (int)(sizeof td->head / sizeof td->head[0]))
					td->head[td->n_heads++] =
					    (struct table_head){ x, c->score_w, i, j };
				x += c->score_w + 1;
			}
			continue;
		}
		if (c->w[i] == 0)
			continue;
		const char *text = i == COL_NAME && c->score.exp ? name
		                   : i == COL_IN                 ? in_heading(ui->st->net->rank)
		                   : i == COL_MACS && cost_model_is_time(state_params(ui->st)->cost)
		                       ? "ms"
		                       : head[i];
		draw_field(d, y, x, c->w[i],
		           sorted_heading(ui, &td->rows, i, 0, text, c->w[i], mk, sizeof mk), a,
		           i != COL_NAME && i != COL_OP && i != COL_FLAG);
		if (i != COL_FLAG && td->n_heads < (int)(sizeof td->head / sizeof td->head[0]))
			td->head[td->n_heads++] = (struct table_head){ x, c->w[i], i, 0 };
		x += c->w[i] + 1;
	}
}

/* What a row's cells share: its layer, whether it is selected, its
 * attribute, its score row (-1: not scored), the plan's kernel. */
struct row_ctx {
	size_t i;
	const struct net_layer *l;
	int selected, conv, pinned, marked;
	long srow, col; /* col: the plan's kernel's score column (-1: none) */
	attr_t a;
};

/* The score cells of row RC from column X on; returns the column after. */
static int draw_scores(struct ui *ui, int y, int x, const struct row_ctx *rc,
                       const struct columns *c)
{
	const struct draw *d = &ui->d;
	const struct state *st = ui->st;
	char buf[64];

	for (int s = 0; s < c->n_scores; s++) {
		size_t j = c->first + (size_t)s;
		const struct kernel *kk = &st->table->col_kernel[j];
		double v = rc->srow >= 0 ? state_score_of(st, (size_t)rc->srow, kk) : 0;
		attr_t sa = rc->a;
		/* A fixed conv and other layers: nothing scored, nothing shown;
		 * an unscored kernel of a tunable conv says why. */
		if (rc->srow < 0)
			buf[0] = '\0';
		else if (v != v)
			snprintf(buf, sizeof buf, "%s",
			         draw_glyph(d, state_kernel_mark_of(st, rc->i, kk) == STATE_K_SHAPE
			                           ? GLYPH_SHAPE
			                           : GLYPH_DOT));
		else
			fmt_col_value(buf, sizeof buf, v, &c->score, c->score_w);
		if (rc->srow >= 0 && (long)j == rc->col)
			sa = rc->selected ? rc->a | A_BOLD | A_UNDERLINE
			                  : draw_attr(d, rc->pinned ? ROLE_PIN : ROLE_BEST);
		if (rc->srow < 0 || v != v)
			sa |= rc->selected ? 0 : draw_attr(d, ROLE_DIM);
		draw_field(d, y, x, c->score_w, buf, sa, 1);
		x += c->score_w + 1;
	}
	return x;
}

/* Cell COL of row RC into BUF; *CA gets its attribute. */
static void cell(const struct ui *ui, const struct row_ctx *rc, const struct columns *c, int col,
                 char *buf, size_t size, attr_t *ca)
{
	const struct draw *d = &ui->d;
	const struct state *st = ui->st;
	const struct net_layer *l = rc->l;
	size_t i = rc->i;

	buf[0] = '\0';
	*ca = rc->a;
	switch (col) {
	case COL_IDX:
		snprintf(buf, size, "%zu", i);
		break;
	case COL_FLAG:
		if (rc->pinned) {
			snprintf(buf, size, "!");
			*ca = rc->selected ? rc->a | A_BOLD : draw_attr(d, ROLE_PIN);
		} else if (rc->marked) {
			/* the last action changed its kernel */
			snprintf(buf, size, "*");
			*ca = rc->selected ? rc->a | A_BOLD : draw_attr(d, ROLE_CHANGED);
		} else if (rc->conv && !l->tune) {
			snprintf(buf, size, "=");
		}
		break;
	case COL_OP:
		snprintf(buf, size, "%s", net_op_name(l->op));
		break;
	case COL_IN:
		if (l->op != NET_OP_INPUT)
			fmt_shape(buf, size, l, ui->st->net->rank, 1, "x");
		break;
	case COL_OUT:
		snprintf(buf, size, "%lld", (long long)l->c);
		break;
	case COL_STRIDE:
		if (net_op_has_kernel(l->op))
			snprintf(buf, size, "%d", l->stride);
		break;
	case COL_GROUP: /* depthwise: C, grouped: the groups */
		if (rc->conv && l->groups > 1 && l->groups == l->in_c)
			snprintf(buf, size, "C");
		else if (rc->conv && l->groups > 1)
			snprintf(buf, size, "%d", l->groups);
		break;
	case COL_KB:
		/* The baseline in force (session_base): as loaded, or 3x3 with
		 * --baseline 3, as the CSV's k_base. */
		if (net_op_has_kernel(l->op)) {
			const struct kernel *bk = plan_layer_kernel(st->base, i);
			if (bk != NULL)
				draw_kernel(d, bk, buf, size);
			else
				snprintf(buf, size, "%d", st->base->extent[i]);
		}
		break;
	case COL_K:
		if (rc->conv) {
			draw_kernel(d, plan_layer_kernel(st->plan, i), buf, size);
			if (rc->pinned)
				*ca = rc->selected ? rc->a | A_BOLD : draw_attr(d, ROLE_PIN);
			else if (plan_layer_differs(st->plan, st->base, i))
				*ca = rc->a | draw_attr(d, ROLE_CHANGED);
		}
		break;
	case COL_MACS:
		if (cost_model_is_time(state_params(st)->cost)) {
			/* the layer's time at the plan's kernel, in ms */
			double s = state_layer_seconds(st, i);
			if (s == s && l->op != NET_OP_INPUT)
				fmt_sig(buf, size, s * 1e3, 3);
		} else if (rc->conv || l->op == NET_OP_FC) {
			fmt_count(buf, size, plan_layer_macs(st->plan, i));
		}
		break;
	case COL_BOUND: {
		struct roofline r;
		if (state_layer_roofline(st, i, &r))
			snprintf(buf, size, "%c", roofline_bound_name(r.bound)[0]);
		break;
	}
	case COL_RF:
		if (c->rf_si)
			fmt_count(buf, size, st->plan->rf_layer[i]);
		else
			snprintf(buf, size, "%lld", (long long)st->plan->rf_layer[i]);
		/* Global context (format 2): the local field, marked. */
		if (net_layer_global(st->net, i) && strlen(buf) + 2 <= size)
			strcat(buf, "g");
		break;
	case COL_RF_BASE:
		if (c->rf_si)
			fmt_count(buf, size, st->base->rf_layer[i]);
		else
			snprintf(buf, size, "%lld", (long long)st->base->rf_layer[i]);
		break;
	case COL_JUMP:
		snprintf(buf, size, "%lld", (long long)st->plan->jump[i]);
		break;
	default:
		break;
	}
}

static void draw_row(struct ui *ui, int y, int x0, int w, size_t row, const struct columns *c)
{
	const struct draw *d = &ui->d;
	const struct state *st = ui->st;
	struct row_ctx rc;
	int x = x0;
	char buf[64];

	rc.i = table_layer(ui, row);
	rc.l = &st->net->layers[rc.i];
	rc.selected = row == ui->views[VIEW_TABLE].sc.sel;
	rc.conv = rc.l->op == NET_OP_CONV;
	/* Rows BKSEF does not score are dimmed. */
	rc.a = rc.selected             ? draw_attr(d, ROLE_SEL)
	       : rc.conv && rc.l->tune ? A_NORMAL
	                               : draw_attr(d, ROLE_DIM);
	rc.srow = rc.conv && rc.l->tune ? score_find_row(st->score, rc.i) : -1;
	rc.col = rc.conv ? state_column_of(st, st->plan, rc.i) : -1;
	rc.pinned = state_pin_of(st, rc.i) != 0;
	rc.marked = rows_marked(&data_of(ui)->rows, rc.i);
	draw_blank(y, x0, w, rc.a);
	for (int col = 0; col < COL_COUNT; col++) {
		attr_t ca;
		if (col == COL_SCORES) {
			x = draw_scores(ui, y, x, &rc, c);
			continue;
		}
		if (c->w[col] == 0)
			continue;
		if (col == COL_NAME) {
			draw_text_mid(d, y, x, c->w[col], rc.l->name, rc.a);
		} else {
			cell(ui, &rc, c, col, buf, sizeof buf, &ca);
			if (col == COL_OP || col == COL_FLAG)
				draw_field(d, y, x, c->w[col], buf, ca, 0);
			else
				draw_number(d, y, x, c->w[col], buf, ca);
		}
		x += c->w[col] + 1;
	}
}

/* The line under the table: the rows' filter and sort when they are not
 * the default, then what the scope does. */
static void draw_notice(struct ui *ui, const struct table_data *td, int y, int x, int w)
{
	const struct draw *d = &ui->d;
	char buf[400], by[64];
	int n = 0;

	/* "changed against the baseline, by MACs descending: " */
	if (td->rows.filter != FILTER_CONVS || td->rows.sort_col != COL_IDX || td->rows.desc) {
		int sorted = td->rows.sort_col != COL_IDX || td->rows.desc;
		n = snprintf(buf, sizeof buf, "%s%s%s: ",
		             td->rows.filter != FILTER_CONVS ? rows_filter_name(td->rows.filter)
		                                             : "",
		             td->rows.filter != FILTER_CONVS && sorted ? ", by "
		             : sorted                                  ? "by "
		                                                       : "",
		             sorted ? table_sort_name(ui, by, sizeof by) : "");
		if (n < 0 || (size_t)n >= sizeof buf)
			n = 0;
	}
	int layer = state_params(ui->st)->scope == SCORE_SCOPE_LAYER;
	if (w >= 150)
		snprintf(
		    buf + n, sizeof buf - (size_t)n, "%s",
		    layer ? "scope layer: the cost is min-max normalised within each layer, so "
		            "a layer's size no longer matters: rows with the same candidates get "
		            "the same k* (s: network scope)"
		          : "scope network: the cost is min-max normalised over the whole "
		            "network, so a big layer pays more for a big kernel (s: per-layer "
		            "scope, as in the paper's code)");
	else
		snprintf(buf + n, sizeof buf - (size_t)n, "%s",
		         layer ? "scope layer: cost normalised per layer: same candidates, same k* "
		                 "(s)"
		               : "scope network: cost normalised network-wide: big layers pay more "
		                 "(s)");
	draw_field(d, y, x, w, buf, draw_attr(d, ROLE_DIM), 0);
}

/* Rows of the table body in AREA: the heading and (from 8 rows) the
 * scope line take the rest. */
static int body_rows(const struct rect *area)
{
	return area->h - 1 - (area->h >= 8);
}

static void table_scroll(struct ui *ui, struct view *v, const struct rect *area)
{
	(void)synced_rows(ui);
	v->sc.total = table_rows(ui);
	v->sc.visible = body_rows(area);
}

static void table_draw(struct ui *ui, struct view *v, const struct rect *area)
{
	struct table_data *td = synced_rows(ui);
	struct columns c;
	int body = body_rows(area);
	size_t n = table_rows(ui);

	if (td == NULL)
		return;
	/* Drawn beside the detail, the scroll is measured here. */
	v->sc.total = n;
	v->sc.visible = body;
	view_scroll_clamp(&v->sc);
	td->area = *area;
	plan_columns(ui, td, area->w, &c);
	td->cut = c.cut;
	c.score = score_format(ui, td, c.score_w);
	draw_heading(ui, td, area->y, area->x, area->w, &c);
	if (n == 0 && td->rows.filter == FILTER_CONVS)
		draw_text(&ui->d, area->y + 1, area->x + 1, area->w - 1,
		          "This network has no convolution; press a to list every layer.",
		          A_NORMAL);
	else if (n == 0)
		draw_text(&ui->d, area->y + 1, area->x + 1, area->w - 1,
		          "No row passes this filter; f shows the next, a every layer.", A_NORMAL);
	for (int r = 0; r < body && v->sc.top + (size_t)r < n; r++)
		draw_row(ui, area->y + 1 + r, area->x, area->w, v->sc.top + (size_t)r, &c);
	if (area->h >= 8)
		draw_notice(ui, td, area->y + area->h - 1, area->x, area->w);
}

/* The heading at column X of the last draw, or NULL. */
static const struct table_head *head_at(const struct table_data *td, int x)
{
	for (int h = 0; h < td->n_heads; h++)
		if (x >= td->head[h].x && x < td->head[h].x + td->head[h].w + 1)
			return &td->head[h];
	return NULL;
}

/* Sort by column COL (score column J): a column sorted already is
 * inverted, another one sorts ascending. */
static void sort_by(struct ui *ui, struct table_data *td, int col, size_t j)
{
	const struct rows *rs = &td->rows;
	int same = rs->sort_col == col && (col != COL_SCORES || rs->sort_j == j);
	char by[64];

	rows_set_sort(&td->rows, col, j, same ? !rs->desc : 0);
	(void)synced_rows(ui);
	ui_message(ui, ROLE_OK, "sorted by %s (i inverts, < and > sort by another column)",
	           table_sort_name(ui, by, sizeof by));
}

char *table_sort_name(const struct ui *ui, char *buf, size_t size)
{
	const struct table_data *td = data_of(ui);
	static const char *const name[COL_COUNT] = {
		[COL_IDX] = "layer order", [COL_NAME] = "name",     [COL_OP] = "op",
		[COL_IN] = "input size",   [COL_OUT] = "outputs",   [COL_STRIDE] = "stride",
		[COL_GROUP] = "groups",    [COL_KB] = "baseline k", [COL_K] = "k*",
		[COL_MACS] = "MACs",       [COL_BOUND] = "bound",   [COL_RF] = "RF",
		[COL_RF_BASE] = "base RF", [COL_JUMP] = "jump",
	};
	char head[DRAW_KERNEL_MAX + 4];
	int col = td != NULL ? td->rows.sort_col : COL_IDX;
	const char *what = name[col] != NULL ? name[col] : "";

	if (col == COL_SCORES && td->rows.sort_j < ui->st->table->n_columns)
		what = score_heading(ui, td->rows.sort_j, head, sizeof head);
	else if (col == COL_MACS && cost_model_is_time(state_params(ui->st)->cost))
		what = "time";
	snprintf(buf, size, "%s %s", what,
	         td != NULL && td->rows.desc ? "descending" : "ascending");
	return buf;
}

void table_sort_step(struct ui *ui, int dir)
{
	struct table_data *td = synced_rows(ui);
	int at = -1;

	if (td == NULL || td->n_heads == 0)
		return;
	for (int h = 0; h < td->n_heads; h++)
		if (td->head[h].col == td->rows.sort_col &&
		    (td->head[h].col != COL_SCORES || td->head[h].j == td->rows.sort_j))
			at = h;
	/* From a column not shown: the first (or the last) heading. */
	at = at < 0 ? (dir > 0 ? 0 : td->n_heads - 1) : (at + dir + td->n_heads) % td->n_heads;
	sort_by(ui, td, td->head[at].col, td->head[at].j);
}

void table_sort_invert(struct ui *ui)
{
	struct table_data *td = synced_rows(ui);
	if (td != NULL)
		sort_by(ui, td, td->rows.sort_col, td->rows.sort_j);
}

int table_scroll_columns(struct ui *ui, int dir)
{
	struct table_data *td = data_of(ui);

	if (td == NULL || td->cut <= 0 || ui->focus >= 0)
		return 0;
	if (dir < 0 && td->hscroll == 0)
		ui_message(ui, ROLE_DIM, "the first score column is shown (- and + step %s)",
		           state_slider_name(ui->slider));
	else if (dir > 0 && td->hscroll >= (size_t)td->cut)
		ui_message(ui, ROLE_DIM, "the last score column is shown (- and + step %s)",
		           state_slider_name(ui->slider));
	else
		td->hscroll += dir > 0 ? 1 : (size_t)-1;
	return 1;
}

static int table_mouse(struct ui *ui, struct view *v, int y, int x, int wheel)
{
	struct table_data *td = data_of(ui);
	const struct rect *r = td != NULL ? &td->area : &ui->main;

	if (wheel || td == NULL)
		return 0; /* the shared scroll */
	if (y == r->y) {
		const struct table_head *h = head_at(td, x);
		if (h != NULL)
			sort_by(ui, td, h->col, h->j);
		return 1;
	}
	if (y > r->y && y <= r->y + body_rows(r)) {
		size_t row = v->sc.top + (size_t)(y - r->y - 1);
		if (row < table_rows(ui)) {
			if (row == v->sc.sel)
				view_open(ui, VIEW_DETAIL);
			v->sc.sel = row;
		}
	}
	return 1;
}

/* Left and Right scroll the score columns when they overflow and the table
 * has the focus. */
static int table_key(struct ui *ui, struct view *v, int action)
{
	(void)v;
	if (action == ACT_LEFT || action == ACT_RIGHT)
		return table_scroll_columns(ui, action == ACT_LEFT ? -1 : 1);
	return 0;
}

static size_t table_want_rows(struct ui *ui, struct view *v)
{
	(void)v;
	(void)synced_rows(ui);
	return table_rows(ui) + 2;
}

static void table_free(struct view *v)
{
	struct table_data *td = v->data;
	if (td != NULL)
		rows_free(&td->rows);
	free(v->data);
	v->data = NULL;
}

void table_order_save(const struct ui *ui, struct table_order *o)
{
	const struct table_data *td = data_of(ui);
	const struct cand_table *t = ui->st->table;

	memset(o, 0, sizeof *o);
	o->filter = FILTER_CONVS;
	o->sort_col = COL_IDX;
	if (td == NULL)
		return;
	o->filter = td->rows.filter;
	o->sort_col = td->rows.sort_col;
	o->desc = td->rows.desc;
	if (o->sort_col == COL_SCORES && td->rows.sort_j < t->n_columns)
		o->sort_kernel = t->col_kernel[td->rows.sort_j];
	else if (o->sort_col == COL_SCORES)
		o->sort_col = COL_IDX;
}

void table_order_restore(struct ui *ui, const struct table_order *o)
{
	const struct cand_table *t = ui->st->table;
	struct table_data *td = table_data(ui);
	int col = o->sort_col, desc = o->desc;
	size_t j = 0;

	if (td == NULL)
		return;
	if (col == COL_SCORES) {
		while (j < t->n_columns && !kernel_equal(&t->col_kernel[j], &o->sort_kernel))
			j++;
		if (j == t->n_columns) /* no such column: the network's order */
			col = COL_IDX, desc = 0, j = 0;
	}
	rows_set_filter(&td->rows, o->filter);
	rows_set_sort(&td->rows, col, j, desc);
}

long table_note_changes(struct ui *ui)
{
	struct table_data *td = table_data(ui);
	long n = td != NULL ? rows_note_changes(&td->rows, ui->st) : 0;
	if (n < 0)
		text_note_out_of_memory();
	return n;
}

void table_marks_clear(struct ui *ui)
{
	struct table_data *td = data_of(ui);
	if (td != NULL)
		rows_marks_clear(&td->rows);
}

/* Search: case-insensitive, does HAY contain NEEDLE? */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

void table_search(struct ui *ui, int dir, int skip_current)
{
	size_t n = table_rows(ui), *sel = &view_get(ui, VIEW_TABLE)->sc.sel;
	const char *needle = text_str(&ui->search);

	if (needle[0] == '\0') {
		ui_message(ui, ROLE_ERR, "no search yet: / searches layer names");
		return;
	}
	for (size_t step = skip_current ? 1 : 0; step <= n && n > 0; step++) {
		size_t r = dir > 0 ? (*sel + step) % n : (*sel + n - step % n) % n;
		if (contains(ui->st->net->layers[table_layer(ui, r)].name, needle)) {
			if (step > 0 && ((dir > 0 && r < *sel) || (dir < 0 && r > *sel)))
				ui_message(ui, ROLE_DIM, "search wrapped around");
			*sel = r;
			return;
		}
	}
	ui_message(ui, ROLE_ERR, "no %s named like '%s'%s", table_all_layers(ui) ? "layer" : "conv",
	           needle, table_all_layers(ui) ? "" : " (a lists every layer)");
}

static const struct hint table_hints[] = {
	{ ACT_HELP, "help" },          { ACT_FOCUS_NEXT, "focus" }, { ACT_DETAIL, "detail" },
	{ ACT_SCOPE, "scope" },        { ACT_BUDGET, "budget" },    { ACT_PIN_CYCLE, "pin" },
	{ ACT_EXPORT_PLAN, "export" }, { ACT_PLOT_NEXT, "plot" },   { ACT_UNDO, "undo" },
	{ ACT_QUIT, "quit" },          { ACT_NONE, NULL },
};

const struct view_ops table_view = {
	.name = "table",
	.hints = table_hints,
	.draw = table_draw,
	.key = table_key,
	.mouse = table_mouse,
	.scroll = table_scroll,
	.rows = table_want_rows,
	.free = table_free,
};
