/* compare_view.c -- the compare view: the marked plan A against the
 * current plan B, each scored under its own request, through the core's
 * one comparison (plan_compare.h): the convs whose kernel differs with
 * their MACs, parameters, receptive field and score, the totals and their
 * change, and what the two requests ask differently. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "plan_compare.h"
#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

/* The view's own state: the mark (a session under A's request; NULL:
 * none) and the lines, built for the current plan's change count, the mark
 * and the width. */
struct compare_data {
	struct session *a;
	unsigned long mark_no; /* counts the marks: lines of an older one are stale */
	struct text_lines lines;
	int built, width, utf8;
	unsigned long change, built_mark;
};

/* The view's data, made on first use; NULL when out of memory. */
static struct compare_data *data_of(struct ui *ui)
{
	struct view *v = view_get(ui, VIEW_COMPARE);
	if (v->data == NULL) {
		v->data = calloc(1, sizeof(struct compare_data));
		if (v->data == NULL)
			text_note_out_of_memory();
	}
	return v->data;
}

void compare_mark(struct ui *ui)
{
	struct compare_data *cd = data_of(ui);
	struct session *a = NULL;
	struct diag dg = { 0 };

	if (cd == NULL)
		return;
	if (session_new(ui->st->net, &ui->st->cur, &a, &dg) != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "not marked: %s", dg.msg);
		return;
	}
	session_free(cd->a);
	cd->a = a;
	cd->mark_no++;
	ui_message(ui, ROLE_OK,
	           "marked the current plan as A; change the plan, then %c compares them",
	           keys_first(ACT_COMPARE));
}

void compare_forget(struct ui *ui)
{
	struct compare_data *cd = ui->views[VIEW_COMPARE].data;
	if (cd == NULL || cd->a == NULL)
		return;
	session_free(cd->a);
	cd->a = NULL;
	cd->mark_no++;
	if (view_current(ui)->ops == &compare_view)
		view_close(ui);
}

void compare_open(struct ui *ui)
{
	struct compare_data *cd = data_of(ui);
	if (cd == NULL)
		return;
	if (cd->a == NULL) {
		ui_message(ui, ROLE_ERR, "no plan marked: %c marks the current plan as A first",
		           keys_first(ACT_MARK));
		return;
	}
	view_open(ui, VIEW_COMPARE);
}

/* V as a score ("-": not scored). */
static const char *score_text(double v, char *buf, size_t size)
{
	if (isnan(v))
		return "-";
	return fmt_real(buf, size, v, 6, 3);
}

/* NAME cut and padded to W display columns into BUF. */
static const char *name_cell(const char *name, size_t w, char *buf, size_t size)
{
	size_t n = escape_text_cols(buf, size, name, w), used = strlen(buf);
	(void)n;
	for (size_t c = escape_width(buf); c < w && used + 1 < size; c++)
		buf[used++] = ' ';
	buf[used] = '\0';
	return buf;
}

/* A total's line: its name, A, B and the change. */
static void total_line(struct text_lines *l, const char *what, int64_t a, int64_t b)
{
	char ta[16], tb[16], p[32];
	fmt_pct(p, sizeof p, plan_compare_pct((double)a, (double)b));
	(void)text_lines_add(l,
	                     a == b  ? ROLE_NORMAL
	                     : b > a ? ROLE_UP
	                             : ROLE_DOWN,
	                     TEXT_RAW, "%-8s %10s %10s %10s", what, fmt_count(ta, sizeof ta, a),
	                     fmt_count(tb, sizeof tb, b), p);
}

/* The lines of PC for WIDTH columns. */
static void build_lines(struct ui *ui, const struct plan_compare *pc, struct text_lines *l,
                        int width)
{
	const struct net *net = ui->st->net;
	/* name, then k, MACs, params and rf, score for A and B: 5 + 5, 7 + 7,
	 * 7 + 7, 6 + 6, 7 + 7 columns */
	size_t nw = width > 64 + 8 ? (size_t)width - 64 : 8;
	char name[256], ka[DRAW_KERNEL_MAX], kb[DRAW_KERNEL_MAX], c[6][16], sa[16], sb[16];

	(void)text_lines_add(l, ROLE_HEAD, 0, "Compare: A (marked) with B (the current plan)");
	(void)text_lines_add(l, ROLE_NORMAL, 0,
	                     "%zu of %zu convs differ; each plan is scored under its own request",
	                     pc->n_layers, pc->n_convs);
	if (pc->n_layers > 0)
		(void)text_lines_add(
		    l, ROLE_HEAD, TEXT_RAW, "%s %4s %4s %6s %6s %6s %6s %5s %5s %6s %6s",
		    name_cell("layer", nw, name, sizeof name), "k A", "k B", "MACs A", "MACs B",
		    "par A", "par B", "rf A", "rf B", "S A", "S B");
	for (size_t i = 0; i < pc->n_layers; i++) {
		const struct plan_compare_layer *x = &pc->layer[i];
		draw_kernel(&ui->d, &x->k[0], ka, sizeof ka);
		draw_kernel(&ui->d, &x->k[1], kb, sizeof kb);
		(void)text_lines_add(
		    l, ROLE_CHANGED, TEXT_RAW, "%s %4s %4s %6s %6s %6s %6s %5s %5s %6s %6s",
		    name_cell(net->layers[x->layer].name, nw, name, sizeof name), ka, kb,
		    fmt_count(c[0], sizeof c[0], x->macs[0]),
		    fmt_count(c[1], sizeof c[1], x->macs[1]),
		    fmt_count(c[2], sizeof c[2], x->params[0]),
		    fmt_count(c[3], sizeof c[3], x->params[1]),
		    fmt_count(c[4], sizeof c[4], x->rf[0]), fmt_count(c[5], sizeof c[5], x->rf[1]),
		    score_text(x->score[0], sa, sizeof sa), score_text(x->score[1], sb, sizeof sb));
	}
	(void)text_lines_add(l, ROLE_NORMAL, 0, "%s", "");
	(void)text_lines_add(l, ROLE_HEAD, TEXT_RAW, "%-8s %10s %10s %10s", "total", "A", "B",
	                     "change");
	total_line(l, "MACs", pc->macs[0], pc->macs[1]);
	total_line(l, "params", pc->params[0], pc->params[1]);
	total_line(l, "rf", pc->rf[0], pc->rf[1]);
	fmt_pct(c[0], sizeof c[0], plan_compare_pct(pc->score[0], pc->score[1]));
	(void)text_lines_add(l, ROLE_NORMAL, TEXT_RAW, "%-8s %10s %10s %10s", "score",
	                     fmt_real(sa, sizeof sa, pc->score[0], 10, 4),
	                     fmt_real(sb, sizeof sb, pc->score[1], 10, 4), c[0]);
	(void)text_lines_add(l, ROLE_NORMAL, 0, "%s", "");
	if (pc->n_diffs == 0) {
		(void)text_lines_add(l, ROLE_DIM, 0, "the two requests are the same");
		return;
	}
	(void)text_lines_add(l, ROLE_HEAD, TEXT_RAW, "%s %-14s %s",
	                     name_cell("request", nw + 4, name, sizeof name), "A", "B");
	for (size_t i = 0; i < pc->n_diffs; i++) {
		const struct plan_compare_diff *d = &pc->diff[i];
		char what[300];
		if (d->layer != NULL) {
			char cut[256];
			escape_text_cols(cut, sizeof cut, d->layer, nw);
			snprintf(what, sizeof what, "pin %s", cut);
		} else
			snprintf(what, sizeof what, "%s", d->what);
		(void)text_lines_add(l, ROLE_NORMAL, TEXT_RAW, "%s %-14s %s",
		                     name_cell(what, nw + 4, name, sizeof name), d->a, d->b);
	}
}

/* The data with its lines current; NULL when out of memory or unmarked. */
static struct compare_data *current(struct ui *ui, int width)
{
	struct compare_data *cd = data_of(ui);
	struct plan_compare_side a, b;
	struct plan_compare pc;
	struct diag dg = { 0 };

	if (cd == NULL || cd->a == NULL)
		return NULL;
	if (cd->built && cd->change == state_change(ui->st) && cd->built_mark == cd->mark_no &&
	    cd->width == width && cd->utf8 == ui->d.utf8)
		return cd;
	text_lines_clear(&cd->lines);
	if (plan_compare_side_session(&a, cd->a, &dg) != BKSEF_OK) {
		text_note_out_of_memory();
		return NULL;
	}
	if (plan_compare_side_session(&b, ui->st->session, &dg) != BKSEF_OK) {
		plan_compare_side_free(&a);
		text_note_out_of_memory();
		return NULL;
	}
	if (plan_compare_new(ui->st->net, &a, &b, &pc, &dg) == BKSEF_OK) {
		build_lines(ui, &pc, &cd->lines, width);
		plan_compare_free(&pc);
	} else
		text_note_out_of_memory();
	plan_compare_side_free(&a);
	plan_compare_side_free(&b);
	cd->built = 1;
	cd->change = state_change(ui->st);
	cd->built_mark = cd->mark_no;
	cd->width = width;
	cd->utf8 = ui->d.utf8;
	return cd;
}

static void compare_scroll(struct ui *ui, struct view *v, const struct rect *area)
{
	struct compare_data *cd = current(ui, area->w);
	v->sc.total = cd != NULL && cd->lines.n > 0 ? cd->lines.n - 1 : 0;
	v->sc.visible = area->h - 1;
}

static void compare_title(struct ui *ui, struct view *v, struct text *t)
{
	struct compare_data *cd = current(ui, ui->main.w);
	(void)v;
	if (cd != NULL && cd->lines.n > 0)
		text_set(t, cd->lines.v[0].s);
}

static void compare_draw(struct ui *ui, struct view *v, const struct rect *area)
{
	const struct draw *d = &ui->d;
	struct compare_data *cd = current(ui, area->w);
	size_t h = area->h > 1 ? (size_t)area->h - 1 : 0;

	if (cd == NULL) {
		draw_text(d, area->y, area->x, area->w, "out of memory for the comparison",
		          A_NORMAL);
		return;
	}
	view_scroll_clamp(&v->sc);
	/* The first line is the title; the rest scrolls. */
	for (size_t r = 0; r < h && v->sc.top + 1 + r < cd->lines.n; r++) {
		const struct text_line *ln = &cd->lines.v[v->sc.top + 1 + r];
		draw_text(d, area->y + 1 + (int)r, area->x, area->w, ln->s, draw_attr(d, ln->role));
	}
}

static int compare_key(struct ui *ui, struct view *v, int action)
{
	switch (action) {
	case ACT_UP:
	case ACT_DOWN:
		view_scroll(ui, v, SCROLL_LINES, action == ACT_UP ? -1 : 1);
		return 1;
	case ACT_COMPARE:
	case ACT_BACK:
		view_close(ui);
		return 1;
	default:
		return 0;
	}
}

static void compare_free(struct view *v)
{
	struct compare_data *cd = v->data;
	if (cd != NULL) {
		text_lines_free(&cd->lines);
		session_free(cd->a);
	}
	free(cd);
	v->data = NULL;
}

static const struct hint compare_hints[] = {
	{ ACT_COMPARE, "close" }, { ACT_MARK, "mark B as A" }, { ACT_UNDO, "undo" },
	{ ACT_HELP, "help" },     { ACT_QUIT, "quit" },        { ACT_NONE, NULL },
};

const struct view_ops compare_view = {
	.name = "compare",
	.flags = VIEW_FULL,
	.hints = compare_hints,
	.draw = compare_draw,
	.key = compare_key,
	.scroll = compare_scroll,
	.title = compare_title,
	.free = compare_free,
};
