/* sweep_view.c -- the exact lambda3 sweep as a list: one row per interval of
 * lambda3 over which the plan is constant, with its range, the lambda3
 * Enter sets (sweep_step_lambda3), its MACs, parameters, receptive field,
 * mean kernel and the convs at each kernel.  Enter applies the selected
 * row's plan through the request history, so u undoes it. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

/* Column widths: the mark, #, from, to, set, MACs, params, RF, mean k. */
enum { W_MARK = 1, W_IDX = 3, W_L3 = 9, W_COUNT = 7, W_RF = 6, W_MEAN = 7 };

/* The step whose interval holds lambda3 L3. */
static size_t step_of(const struct sweep *sw, double l3)
{
	size_t g = 0;
	while (g + 1 < sw->n && !(l3 < sw->step[g].to))
		g++;
	return g;
}

/* The step the plan in force is, or -1 when lambda3 does not decide it
 * (a budget met by the best solver). */
static long current_step(const struct ui *ui, const struct sweep *sw)
{
	if (!state_lambda3_decides(ui->st))
		return -1;
	return (long)step_of(sw, state_params(ui->st)->lambda3);
}

/* A kernel count column's width: its heading and a space. */
static int count_width(const struct ui *ui, size_t j, char *head, size_t size)
{
	char tok[DRAW_KERNEL_MAX];
	snprintf(head, size, "k%s",
	         draw_kernel(&ui->d, &ui->st->table->col_kernel[j], tok, sizeof tok));
	int w = draw_width(&ui->d, head) + 1;
	return w < 4 ? 4 : w;
}

static void heading(struct ui *ui, const struct sweep *sw, int y, int x0, int w)
{
	const struct draw *d = &ui->d;
	attr_t a = draw_attr(d, ROLE_HEAD);
	char l3[16], from[32], head[DRAW_KERNEL_MAX + 2];
	int x = x0 + W_MARK;

	draw_blank(y, x0, w, a);
	sliders_label(d, SLIDER_L3, l3, sizeof l3);
	snprintf(from, sizeof from, "%s from", l3);
	draw_field(d, y, x, W_IDX, "#", a, 1);
	x += W_IDX;
	draw_field(d, y, x, W_L3, from, a, 1);
	x += W_L3;
	draw_field(d, y, x, W_L3, "to", a, 1);
	x += W_L3;
	draw_field(d, y, x, W_L3, "applies", a, 1);
	x += W_L3;
	draw_field(d, y, x, W_COUNT, "MACs", a, 1);
	x += W_COUNT;
	draw_field(d, y, x, W_COUNT, "params", a, 1);
	x += W_COUNT;
	draw_field(d, y, x, W_RF, "RF", a, 1);
	x += W_RF;
	draw_field(d, y, x, W_MEAN, "mean k", a, 1);
	x += W_MEAN;
	for (size_t j = 0; j < sw->n_columns; j++) {
		int cw = count_width(ui, j, head, sizeof head);
		if (x + cw > x0 + w)
			break;
		draw_field(d, y, x, cw, head, a, 1);
		x += cw;
	}
}

static void row(struct ui *ui, const struct sweep *sw, size_t g, int selected, int current, int y,
                int x0, int w)
{
	const struct draw *d = &ui->d;
	const struct sweep_step *s = &sw->step[g];
	attr_t a = selected ? draw_attr(d, ROLE_SEL) : A_NORMAL;
	char buf[48], head[DRAW_KERNEL_MAX + 2];
	int x = x0;

	draw_blank(y, x0, w, a);
	if (current)
		draw_text(d, y, x, W_MARK, ">", a | draw_attr(d, ROLE_BEST) | A_BOLD);
	x += W_MARK;
	snprintf(buf, sizeof buf, "%zu", g + 1);
	draw_number(d, y, x, W_IDX, buf, a);
	x += W_IDX;
	draw_number(d, y, x, W_L3, fmt_param(buf, sizeof buf, s->from, W_L3 - 1), a);
	x += W_L3;
	/* The last interval runs on to lambda3's bound. */
	draw_field(d, y, x, W_L3,
	           isinf(s->to) ? "and up" : fmt_param(buf, sizeof buf, s->to, W_L3 - 1), a, 1);
	x += W_L3;
	draw_number(d, y, x, W_L3, fmt_param(buf, sizeof buf, sweep_step_lambda3(s), W_L3 - 1),
	            a | A_BOLD);
	x += W_L3;
	draw_number(d, y, x, W_COUNT, fmt_count(buf, sizeof buf, s->macs), a);
	x += W_COUNT;
	draw_number(d, y, x, W_COUNT, fmt_count(buf, sizeof buf, s->params), a);
	x += W_COUNT;
	draw_number(d, y, x, W_RF, fmt_count(buf, sizeof buf, s->rf), a);
	x += W_RF;
	draw_number(d, y, x, W_MEAN, fmt_real(buf, sizeof buf, s->mean_k, W_MEAN - 1, 2), a);
	x += W_MEAN;
	for (size_t j = 0; j < sw->n_columns; j++) {
		int cw = count_width(ui, j, head, sizeof head);
		if (x + cw > x0 + w)
			break;
		snprintf(buf, sizeof buf, "%u", s->n_k[j]);
		draw_number(d, y, x, cw, s->n_k[j] ? buf : ".",
		            s->n_k[j] ? a : a | draw_attr(d, ROLE_DIM));
		x += cw;
	}
}

static void sweep_scroll(struct ui *ui, struct view *v, const struct rect *area)
{
	const struct sweep *sw = state_sweep(ui->st);
	v->sc.total = sw != NULL ? sw->n : 0;
	v->sc.visible = area->h - 2;
}

static void sweep_title(struct ui *ui, struct view *v, struct text *t)
{
	const struct sweep *sw = state_sweep(ui->st);
	char l3[16];

	(void)v;
	sliders_label(&ui->d, SLIDER_L3, l3, sizeof l3);
	if (sw == NULL)
		return;
	text_printf(t,
	            "%s sweep: %zu plan%s, each over an interval of %s (exact); Enter applies one",
	            l3, sw->n, sw->n == 1 ? "" : "s", l3);
}

static void sweep_draw(struct ui *ui, struct view *v, const struct rect *area)
{
	const struct sweep *sw = state_sweep(ui->st);
	int body = area->h - 2;

	if (sw == NULL) {
		draw_text(&ui->d, area->y, area->x, area->w, "out of memory for the sweep",
		          A_NORMAL);
		return;
	}
	long cur = current_step(ui, sw);
	heading(ui, sw, area->y + 1, area->x, area->w);
	for (int r = 0; r < body && v->sc.top + (size_t)r < sw->n; r++) {
		size_t g = v->sc.top + (size_t)r;
		row(ui, sw, g, g == v->sc.sel, (long)g == cur, area->y + 2 + r, area->x, area->w);
	}
}

/* Apply the plan of step G: lambda3 at its own value, recorded. */
static void apply(struct ui *ui, size_t g)
{
	const struct sweep *sw = state_sweep(ui->st);
	struct diag dg = { 0 };
	char v[32], m[32], l3[16];

	if (sw == NULL || g >= sw->n)
		return;
	const struct sweep_step s = sw->step[g]; /* the sweep may be recomputed */
	size_t n = sw->n;
	if (state_slider_set(ui->st, SLIDER_L3, sweep_step_lambda3(&s), 0, &dg) != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "%s", dg.msg);
		return;
	}
	ui->slider = SLIDER_L3;
	sliders_label(&ui->d, SLIDER_L3, l3, sizeof l3);
	/* As the header writes it, unless that is not the value itself. */
	double now = state_params(ui->st)->lambda3;
	if (!fmt_exact(fmt_param(v, sizeof v, now, 24), now))
		fmt_shortest(v, sizeof v, now);
	ui_message(ui, ROLE_OK, "plan %zu of %zu: %s = %s, %s MACs (u undoes)", g + 1, n, l3, v,
	           fmt_int(m, sizeof m, ui->st->plan->macs));
}

static int sweep_key(struct ui *ui, struct view *v, int action)
{
	switch (action) {
	case ACT_DETAIL:
		apply(ui, v->sc.sel);
		return 1;
	case ACT_BACK:
	case ACT_SWEEP_VIEW:
		view_close(ui);
		return 1;
	case ACT_PIN_CYCLE:
	case ACT_UNPIN:
	case ACT_SEARCH:
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
	case ACT_ALL_LAYERS: {
		char name[32];
		ui_message(ui, ROLE_DIM, "%s acts on the layer table: Esc returns to it",
		           keys_name(keys_first(action), name, sizeof name));
		return 1;
	}
	default:
		return 0;
	}
}

static int sweep_mouse(struct ui *ui, struct view *v, int y, int x, int wheel)
{
	const struct rect *r = &ui->main;

	(void)x;
	if (wheel)
		return 0; /* the shared scroll */
	if (y >= r->y + 2 && y < r->y + r->h) {
		size_t g = v->sc.top + (size_t)(y - r->y - 2);
		if (g < v->sc.total) {
			if (g == v->sc.sel)
				apply(ui, g);
			v->sc.sel = g;
		}
	}
	return 1;
}

static size_t sweep_rows(struct ui *ui, struct view *v)
{
	(void)v;
	const struct sweep *sw = state_sweep(ui->st);
	return (sw != NULL ? sw->n : 0) + 2;
}

void sweep_view_open(struct ui *ui)
{
	const struct sweep *sw = state_sweep(ui->st);
	struct view *v = view_get(ui, VIEW_SWEEP);

	v->sc.cursor = 1;
	view_open(ui, VIEW_SWEEP);
	/* On the plan in force, when the sweep has it. */
	if (sw != NULL) {
		long cur = current_step(ui, sw);
		v->sc.sel = cur >= 0 ? (size_t)cur : 0;
	}
}

static const struct hint sweep_hints[] = {
	{ ACT_DETAIL, "apply" }, { ACT_UNDO, "undo" },      { ACT_SWEEP_VIEW, "close" },
	{ ACT_HELP, "help" },    { ACT_PLOT_NEXT, "plot" }, { ACT_QUIT, "quit" },
	{ ACT_NONE, NULL },
};

const struct view_ops sweep_view = {
	.name = "sweep",
	.hints = sweep_hints,
	.draw = sweep_draw,
	.key = sweep_key,
	.mouse = sweep_mouse,
	.scroll = sweep_scroll,
	.title = sweep_title,
	.rows = sweep_rows,
};
