/* frame.c -- the screen's frame: layout, header, footer, the too-small
 * screen, and the full redraw. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

/* Rows the bottom panels (sliders, plot) take, title rule included. */
static int bottom_height(int rows)
{
	int body = (rows - 5) * 2 / 5;
	if (body < 7)
		body = 7;
	if (body > 24)
		body = 24;
	return body + 1;
}

void frame_layout(struct ui *ui)
{
	struct view *v = view_current(ui);
	int rows = ui->rows, cols = ui->cols, bh = bottom_height(rows), sw, top = 3;

	/* A view with few rows gives its spare rows to the plots. */
	if (v->ops->rows != NULL) {
		size_t n = v->ops->rows(ui, v);
		int want = n < 1000 ? (int)n : 1000;
		if (want < 8)
			want = 8;
		if (rows - 1 - top - bh > want)
			bh = rows - 1 - top - want;
	}
	ui->too_small = cols < UI_MIN_COLS || rows < UI_MIN_ROWS;
	ui->header = (struct rect){ 0, 0, top, cols };
	ui->footer = (struct rect){ rows - 1, 0, 1, cols };
	ui->bottom = (struct rect){ rows - 1 - bh, 0, bh, cols };
	if (v->ops->flags & VIEW_FULL)
		ui->main = (struct rect){ top, 0, ui->footer.y - top, cols };
	else
		ui->main = (struct rect){ top, 0, ui->bottom.y - top, cols };
	sw = cols >= 140 ? 44 : cols >= 110 ? 38 : 33;
	ui->sliders = (struct rect){ ui->bottom.y, 0, bh, sw };
	ui->graph = (struct rect){ ui->bottom.y, sw + 1, bh, cols - sw - 1 };
}

/* One "label base->plan pct" item of the totals line at X; returns its end. */
static int total_item(struct ui *ui, int y, int x, int w, const char *label, const char *base,
                      const char *plan, double pct, int spaced)
{
	const struct draw *d = &ui->d;
	char text[128], p[32];
	int role = pct > 0.05 ? ROLE_UP : pct < -0.05 ? ROLE_DOWN : ROLE_NORMAL;

	x += draw_text(d, y, x, w - x, label, draw_attr(d, ROLE_LABEL));
	snprintf(text, sizeof text, " %s%s%s%s", base, spaced ? " " : "",
	         draw_glyph(d, GLYPH_ARROW), spaced ? " " : "");
	x += draw_text(d, y, x, w - x, text, A_NORMAL);
	x += draw_text(d, y, x, w - x, plan, A_BOLD);
	snprintf(text, sizeof text, " %s", fmt_pct(p, sizeof p, pct));
	x += draw_text(d, y, x, w - x, text, draw_attr(d, role));
	return x;
}

static void header_draw(struct ui *ui, const struct rect *r)
{
	const struct draw *d = &ui->d;
	const struct state *st = ui->st;
	const struct net *net = st->net;
	const struct plan *pl = st->plan, *base = st->base;
	char buf[512], a[48], b[48];
	int x, w = r->w, wide = w >= 150, spaced = w >= 110;

	/* Title bar: program, network, file; counts on the right. */
	attr_t t = draw_attr(d, ROLE_TITLE);
	draw_blank(r->y, 0, w, t);
	snprintf(buf, sizeof buf, " %zu layers, %zu convs, %zu tunable ", net->n_layers,
	         net->n_conv, net->n_tunable);
	int right = draw_width(d, buf);
	x = draw_text(d, r->y, 0, w - right, " bksef ", t);
	x += draw_text(d, r->y, x, w - right - x, net->name, t | A_BOLD);
	/* The file as the user named it; a bundled network by its name alone. */
	const char *arg = ui->opt->net_arg;
	if (arg != NULL && strcmp(arg, net->name) != 0 && w - right - x > 12) {
		const char *path = strcmp(arg, "-") == 0 ? "(standard input)" : arg;
		int room = w - right - x - 2, pw = draw_width(d, path);
		x += draw_text(d, r->y, x, 2, "  ", t);
		if (pw > room && room > 4) {
			/* Keep the end of a long path: it names the file. */
			const char *tail = path + strlen(path);
			while (tail > path && draw_width(d, tail - 1) <= room - 3)
				tail--;
			while ((*tail & 0xC0) == 0x80) /* start on a whole character */
				tail++;
			x += draw_text(d, r->y, x, 3, "...", t);
			x += draw_text(d, r->y, x, room - 3, tail, t);
		} else {
			x += draw_text(d, r->y, x, room, path, t);
		}
	} else if (arg != NULL && w - right - x > 20) {
		x += draw_text(d, r->y, x, w - right - x, "  (bundled)", t);
	}
	draw_text(d, r->y, w - right, right, buf, t);

	/* Totals: baseline -> plan. */
	int y = r->y + 1;
	draw_blank(y, 0, w, A_NORMAL);
	x = 0;
	if (wide) {
		x = total_item(ui, y, x, w, "MACs", fmt_int(a, sizeof a, base->macs),
		               fmt_int(b, sizeof b, pl->macs),
		               plan_change_pct(pl->macs, base->macs), 1);
	} else {
		x = total_item(ui, y, x, w, "MACs", fmt_count(a, sizeof a, base->macs),
		               fmt_count(b, sizeof b, pl->macs),
		               plan_change_pct(pl->macs, base->macs), spaced);
	}
	x += draw_text(d, y, x, w - x, spaced ? "   " : "  ", A_NORMAL);
	x = total_item(ui, y, x, w, "params", fmt_count(a, sizeof a, base->params),
	               fmt_count(b, sizeof b, pl->params),
	               plan_change_pct(pl->params, base->params), spaced);
	x += draw_text(d, y, x, w - x, spaced ? "   " : "  ", A_NORMAL);
	snprintf(a, sizeof a, "%lld", (long long)base->rf);
	snprintf(b, sizeof b, "%lld%s", (long long)pl->rf, spaced ? " px" : "");
	x = total_item(ui, y, x, w, spaced ? "receptive field" : "RF", a, b,
	               plan_change_pct(pl->rf, base->rf), spaced);

	/* Parameters, most important first; an item that does not fit is
	 * left out. */
	y = r->y + 2;
	draw_blank(y, 0, w, A_NORMAL);
	const struct score_params *p = state_params(st);
	const char *preset = state_preset(st);
	char items[10][160], v[5][24];
	int n = 0;
	for (int s = 0; s < SLIDER_COUNT; s++)
		fmt_param(v[s], sizeof v[s], state_slider_get(st, s), 10);
	snprintf(items[n++], sizeof items[0], "scope %s", score_scope_name(p->scope));
	snprintf(items[n++], sizeof items[0], "cost %s", cost_model_name(p->cost));
	if (preset != NULL)
		snprintf(items[n++], sizeof items[0], "preset %s", preset);
	int labelled = n;
	snprintf(items[n++], sizeof items[0], "%s1=%s %s2=%s %s3=%s %s=%s %s=%s",
	         draw_glyph(d, GLYPH_LAMBDA), v[0], draw_glyph(d, GLYPH_LAMBDA), v[1],
	         draw_glyph(d, GLYPH_LAMBDA), v[2], draw_glyph(d, GLYPH_GAMMA), v[3],
	         draw_glyph(d, GLYPH_BETA), v[4]);
	cand_format(st->cur.candidates, ',', a, sizeof a);
	snprintf(items[n++], sizeof items[0], "candidates %s%s", a,
	         state_run_rows(st) == 0 && net->n_tunable > 0 ? " (unused)" : "");
	snprintf(items[n++], sizeof items[0], "pins %zu", request_n_pins(&st->cur));
	if (st->cur.baseline_k)
		snprintf(items[n++], sizeof items[0], "baseline all %dx%d", st->cur.baseline_k,
		         st->cur.baseline_k);
	x = 0;
	for (int i = 0; i < n; i++) {
		int iw = draw_width(d, items[i]), sep = x ? 2 : 0;
		if (x + sep + iw > w)
			continue;
		x += draw_text(d, y, x, sep, "  ", A_NORMAL);
		/* The label in colour, the value plain. */
		const char *sp = strpbrk(items[i], " ");
		if (i < labelled && sp != NULL) {
			int lw = (int)(sp - items[i]);
			x += draw_text(d, y, x, lw, items[i], draw_attr(d, ROLE_LABEL));
			x += draw_text(d, y, x, w - x, sp, A_BOLD);
		} else {
			x += draw_text(d, y, x, w - x, items[i], A_NORMAL);
		}
	}
}

/* Key hints for the footer: the first key of each of the view's actions,
 * and which slider the arrows move unless the view covers the sliders. */
static void draw_hints(struct ui *ui, const struct rect *r, const struct view *v)
{
	const struct draw *d = &ui->d;
	char name[32], text[64];
	int x = 0;

	if (!(v->ops->flags & VIEW_FULL)) {
		/* Which slider the arrows move (and whether it has the focus). */
		char sl[24];
		sliders_label(d, ui->slider, sl, sizeof sl);
		snprintf(text, sizeof text, "%s %s%s", d->utf8 ? "\u2190\u2192" : "<-/->", sl,
		         ui->focus >= 0 ? " (focus)" : "");
		x += draw_text(d, r->y, x, r->w - x, text, draw_attr(d, ROLE_FOCUS));
		x += draw_text(d, r->y, x, r->w - x, " ", A_NORMAL);
	}
	for (const struct hint *h = v->ops->hints; h != NULL && h->text != NULL; h++) {
		int key = keys_first(h->action);
		if (key == 0)
			continue;
		keys_name(key, name, sizeof name);
		snprintf(text, sizeof text, " %s", h->text);
		int need = draw_width(d, name) + draw_width(d, text) + 1;
		if (x + need > r->w)
			return;
		x += draw_text(d, r->y, x, r->w - x, name, draw_attr(d, ROLE_LABEL) | A_BOLD);
		x += draw_text(d, r->y, x, r->w - x, text, A_NORMAL);
		x += draw_text(d, r->y, x, r->w - x, " ", A_NORMAL);
	}
}

static void footer_draw(struct ui *ui, const struct rect *r)
{
	const struct draw *d = &ui->d;

	draw_blank(r->y, 0, r->w, A_NORMAL);
	if (ui->pr.kind != PROMPT_NONE) {
		int x =
		    draw_text(d, r->y, 0, r->w, text_str(&ui->pr.label), draw_attr(d, ROLE_PROMPT));
		x += draw_text(d, r->y, x, r->w - x, " ", A_NORMAL);
		/* Show the end of a long entry: that is where the cursor is. */
		const char *s = text_str(&ui->pr.buf);
		while (draw_width(d, s) > r->w - x - 1 && *s)
			do /* by whole characters */
				s++;
			while ((*s & 0xC0) == 0x80);
		x += draw_text(d, r->y, x, r->w - x, s, A_BOLD);
		if (x < r->w)
			draw_text(d, r->y, x, 1, "_", A_BLINK);
		return;
	}
	if (ui->msg.len > 0) {
		/* A message too long for one line borrows the line above; one
		 * longer still ends its second line with an ellipsis. */
		const char *msg = text_str(&ui->msg);
		int lines = draw_wrap(d, msg, r->w, -1, NULL, 0);
		attr_t a = draw_attr(d, ui->msg_role);
		struct text part = { 0 };
		if (lines >= 2 && r->y > 0) {
			draw_wrap_text(d, msg, r->w, 0, &part);
			draw_field(d, r->y - 1, 0, r->w, text_str(&part), a, 0);
			/* More than two lines: the second says the rest is cut. */
			draw_wrap_text(d, msg, r->w, 1, &part);
			draw_field(d, r->y, 0, r->w, text_str(&part), a, 0);
			if (lines > 2)
				draw_text(d, r->y, r->w - 1, 1, d->utf8 ? "\u2026" : "~", a);
		} else {
			draw_field(d, r->y, 0, r->w, msg, a, 0);
		}
		text_free(&part);
		return;
	}
	draw_hints(ui, r, view_current(ui));
}

static void draw_too_small(struct ui *ui)
{
	const struct draw *d = &ui->d;
	char buf[160], line[160];

	snprintf(buf, sizeof buf, "terminal too small (%dx%d, need %dx%d); resize, or q to quit",
	         ui->cols, ui->rows, UI_MIN_COLS, UI_MIN_ROWS);
	/* Wrapped to the width and centred, as far as the screen goes. */
	int n = draw_wrap(d, buf, ui->cols, -1, NULL, 0);
	int y0 = ui->rows > n ? (ui->rows - n) / 2 : 0;
	for (int i = 0; i < n && y0 + i < ui->rows; i++) {
		draw_wrap(d, buf, ui->cols, i, line, sizeof line);
		int len = draw_width(d, line);
		draw_text(d, y0 + i, len < ui->cols ? (ui->cols - len) / 2 : 0, ui->cols, line,
		          i == 0 ? A_BOLD : A_NORMAL);
	}
}

/* The view's title line: its title hook's text and, when the view
 * scrolls without a cursor, which lines show. */
static void draw_title(struct ui *ui, struct view *v, const struct rect *area)
{
	const struct draw *d = &ui->d;
	const struct scroll *sc = &v->sc;
	struct text t = { 0 };
	char buf[96];

	v->ops->title(ui, v, &t);
	if (t.len > 0)
		draw_field(d, area->y, area->x, area->w, text_str(&t), draw_attr(d, ROLE_HEAD), 0);
	text_free(&t);
	if (!sc->cursor && sc->total > (size_t)sc->visible && area->w > 40) {
		size_t last = sc->top + (size_t)sc->visible;
		snprintf(buf, sizeof buf, " lines %zu-%zu of %zu, PgUp/PgDn ", sc->top + 1,
		         last < sc->total ? last : sc->total, sc->total);
		draw_text(d, area->y, area->x + area->w - draw_width(d, buf), area->w, buf,
		          draw_attr(d, ROLE_HEAD));
	}
}

void frame_draw(struct ui *ui)
{
	struct view *v = view_current(ui);

	frame_layout(ui);
	werase(stdscr);
	if (ui->too_small) {
		draw_too_small(ui);
		return;
	}
	header_draw(ui, &ui->header);
	for (int y = 0; y < ui->main.h; y++)
		draw_blank(ui->main.y + y, ui->main.x, ui->main.w, A_NORMAL);
	if (v->ops->scroll != NULL) {
		(v->ops->scroll)(ui, v, &ui->main); /* (): curses has a scroll() macro */
		view_scroll_clamp(&v->sc);
	}
	v->ops->draw(ui, v, &ui->main);
	if (v->ops->title != NULL)
		draw_title(ui, v, &ui->main);
	if (!(v->ops->flags & VIEW_FULL)) {
		sliders_draw(ui, &ui->sliders);
		/* The column between the sliders and the plot. */
		for (int y = ui->bottom.y + 1; y < ui->bottom.y + ui->bottom.h; y++)
			draw_text(&ui->d, y, ui->sliders.w, 1, draw_glyph(&ui->d, GLYPH_VLINE),
			          draw_attr(&ui->d, ROLE_DIM));
		draw_text(&ui->d, ui->bottom.y, ui->sliders.w, 1, draw_glyph(&ui->d, GLYPH_HLINE),
		          draw_attr(&ui->d, ROLE_DIM));
		plots_draw(ui, &ui->graph);
	}
	footer_draw(ui, &ui->footer);
}

void frame_free(struct ui *ui)
{
	(void)ui;
}
