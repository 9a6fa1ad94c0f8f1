/* frame.c -- the screen's frame: layout, the views' title lines, the footer,
 * the too-small screen, and the full redraw. */
#include <config.h>

#include <stdio.h>
#include <string.h>

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

/* Lay the screen out for ui->rows x ui->cols. */
static void frame_layout(struct ui *ui)
{
	struct view *v = view_current(ui);
	int rows = ui->rows, cols = ui->cols, bh = bottom_height(rows), sw;
	int top = header_lines(ui, cols);

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
	/* A wide screen shows such a view beside the one below it: that one
	 * keeps a bit more than half, a rule between them. */
	ui->beside = (struct rect){ 0, 0, 0, 0 };
	if ((v->ops->flags & VIEW_BESIDE) && cols >= UI_BESIDE_COLS && v->from != ui->view) {
		int left = cols * 11 / 20;
		ui->beside = (struct rect){ ui->main.y, 0, ui->main.h, left };
		ui->main.x = left + 1;
		ui->main.w = cols - left - 1;
	}
	sw = cols >= 140 ? 44 : cols >= 110 ? 38 : 33;
	ui->sliders = (struct rect){ ui->bottom.y, 0, bh, sw };
	ui->graph = (struct rect){ ui->bottom.y, sw + 1, bh, cols - sw - 1 };
}

/* Whether hint H is drawn however narrow the footer: the way to the help
 * and the way out, as htop's F1 and F10. */
static int hint_always(const struct hint *h)
{
	return h->action == ACT_HELP || h->action == ACT_QUIT;
}

/* The columns hint H takes in the footer ("q quit "), into *NAME. */
static int hint_width(const struct draw *d, const struct hint *h, char *name, size_t size)
{
	keys_name(keys_first(h->action), name, size);
	return draw_width(d, name) + 1 + draw_width(d, h->text) + 1;
}

/* Key hints for the footer: the first key of each of the view's actions,
 * and which slider the arrows move unless the view covers the sliders.
 * The help and quit hints are drawn however narrow the line: the others,
 * in order, while room is left for them. */
static void draw_hints(struct ui *ui, const struct rect *r, const struct view *v)
{
	const struct draw *d = &ui->d;
	char name[32], text[64];
	int x = 0, kept = 0, full = 0;

	for (const struct hint *h = v->ops->hints; h != NULL && h->text != NULL; h++)
		if (hint_always(h) && keys_first(h->action) != 0)
			kept += hint_width(d, h, name, sizeof name);

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
		if (keys_first(h->action) == 0)
			continue;
		int need = hint_width(d, h, name, sizeof name);
		if (hint_always(h)) {
			kept -= need;
		} else if (full || x + need + kept > r->w) {
			full = 1; /* the hints after one that does not fit neither */
			continue;
		}
		if (x + need > r->w)
			return;
		snprintf(text, sizeof text, " %s", h->text);
		x += draw_text(d, r->y, x, r->w - x, name, draw_attr(d, ROLE_LABEL) | A_BOLD);
		x += draw_text(d, r->y, x, r->w - x, text, A_NORMAL);
		x += draw_text(d, r->y, x, r->w - x, " ", A_NORMAL);
	}
}

/* A prompt: its question, then as much of the entry as shows the cursor
 * (on the character it is at, or "_" at the end); on the line above, that
 * memory ran out, or else a message (Tab's matches, ...). */
static void prompt_draw(struct ui *ui, const struct rect *r)
{
	const struct draw *d = &ui->d;
	const struct lineedit *ed = &ui->pr.ed;
	const char *s = text_str(&ed->buf);
	struct text before = { 0 }, at = { 0 };
	size_t from = 0, cur = ed->cur < ed->buf.len ? ed->cur : ed->buf.len;

	if (ui->oom && r->y > 0)
		draw_field(d, r->y - 1, 0, r->w, "out of memory", draw_attr(d, ROLE_ERR), 0);
	else if (ui->msg.len > 0 && r->y > 0)
		draw_field(d, r->y - 1, 0, r->w, text_str(&ui->msg), draw_attr(d, ui->msg_role), 0);
	int x = draw_text(d, r->y, 0, r->w, text_str(&ui->pr.label), draw_attr(d, ROLE_PROMPT));
	x += draw_text(d, r->y, x, r->w - x, " ", A_NORMAL);
	/* The entry from the first character that lets the cursor show, a
	 * column left for it at the end. */
	text_append(&before, s, cur);
	while (from < cur && draw_width(d, text_str(&before) + from) > r->w - x - 1)
		do /* by whole characters */
			from++;
		while (from < cur && (s[from] & 0xC0) == 0x80);
	int cx = x + draw_width(d, text_str(&before) + from);
	draw_text(d, r->y, x, r->w - x, s + from, A_BOLD);
	if (cur == ed->buf.len) {
		if (cx < r->w)
			draw_text(d, r->y, cx, 1, "_", A_BLINK);
	} else {
		size_t n = 1;
		while (cur + n < ed->buf.len && (s[cur + n] & 0xC0) == 0x80)
			n++;
		text_append(&at, s + cur, n);
		if (cx < r->w)
			draw_text(d, r->y, cx, r->w - cx, text_str(&at), A_BOLD | A_REVERSE);
	}
	text_free(&before);
	text_free(&at);
}

static void footer_draw(struct ui *ui, const struct rect *r)
{
	const struct draw *d = &ui->d;

	draw_blank(r->y, 0, r->w, A_NORMAL);
	if (ui->pr.kind != PROMPT_NONE) {
		prompt_draw(ui, r);
		return;
	}
	if (ui->oom) {
		draw_field(d, r->y, 0, r->w, "out of memory", draw_attr(d, ROLE_ERR), 0);
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
	if (ui->beside.w > 0) {
		struct view *under = view_get(ui, v->from);
		if (under->ops->scroll != NULL) {
			(under->ops->scroll)(ui, under, &ui->beside);
			view_scroll_clamp(&under->sc);
		}
		under->ops->draw(ui, under, &ui->beside);
		if (under->ops->title != NULL)
			draw_title(ui, under, &ui->beside);
		for (int y = ui->main.y; y < ui->main.y + ui->main.h; y++)
			draw_text(&ui->d, y, ui->beside.w, 1, draw_glyph(&ui->d, GLYPH_VLINE),
			          draw_attr(&ui->d, ROLE_DIM));
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
