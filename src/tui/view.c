/* view.c -- the one view table (tig's view_ops): which views there are, the
 * one shown and the way back, and the scroll helper every view shares.  The
 * only place that maps a view's id to its operations. */
#include <config.h>

#include <string.h>

#include "tui/ui.h"

/* One view a line. */
/* clang-format off */
static const struct view_ops *const view_table[VIEW_COUNT] = {
	[VIEW_TABLE] = &table_view,
	[VIEW_DETAIL] = &detail_view,
	[VIEW_HELP] = &help_view,
	[VIEW_SWEEP] = &sweep_view,
	[VIEW_COMPARE] = &compare_view,
};
/* clang-format on */

struct view *view_get(struct ui *ui, int id)
{
	struct view *v = &ui->views[id];
	if (v->ops == NULL)
		v->ops = view_table[id];
	return v;
}

struct view *view_current(struct ui *ui)
{
	return view_get(ui, ui->view);
}

void view_open(struct ui *ui, int id)
{
	struct view *v = view_get(ui, id);
	if (id == ui->view)
		return;
	v->from = ui->view;
	/* A view opens at its top; a cursor keeps its selection. */
	if (!v->sc.cursor)
		v->sc.top = 0;
	ui->view = id;
}

void view_close(struct ui *ui)
{
	ui->view = view_current(ui)->from;
}

void view_reset_all(struct ui *ui)
{
	for (int id = 0; id < VIEW_COUNT; id++) {
		struct view *v = view_get(ui, id);
		if (v->ops->free != NULL)
			v->ops->free(v);
		memset(&v->sc, 0, sizeof v->sc);
		v->from = VIEW_TABLE;
	}
	ui->view = VIEW_TABLE;
}

void view_scroll_clamp(struct scroll *sc)
{
	size_t vis = sc->visible > 0 ? (size_t)sc->visible : 1;

	if (sc->total == 0) {
		sc->top = sc->sel = 0;
		return;
	}
	if (sc->cursor) {
		if (sc->sel >= sc->total)
			sc->sel = sc->total - 1;
		if (sc->sel < sc->top)
			sc->top = sc->sel;
		if (sc->sel >= sc->top + vis)
			sc->top = sc->sel - vis + 1;
	}
	/* No empty lines below the last when the list could fill them. */
	if (sc->top + vis > sc->total)
		sc->top = sc->total > vis ? sc->total - vis : 0;
}

/* P moved by D, within 0 .. MAX. */
static size_t moved(size_t p, long d, size_t max)
{
	if (d < 0)
		return (size_t)-d > p ? 0 : p - (size_t)-d;
	return (size_t)d > max - p ? max : p + (size_t)d;
}

void view_scroll(struct ui *ui, struct view *v, int how, long n)
{
	struct scroll *sc = &v->sc;
	size_t *p = sc->cursor ? &sc->sel : &sc->top;
	size_t last = sc->total > 0 ? sc->total - 1 : 0;
	/* A page keeps one line of the last one in view. */
	long page;

	if (v->ops->scroll != NULL)
		(v->ops->scroll)(ui, v, &ui->main); /* (): curses has a scroll() macro */
	page = sc->visible > 1 ? sc->visible - 1 : 1;
	switch (how) {
	case SCROLL_LINES:
		*p = moved(*p, n, last);
		break;
	case SCROLL_PAGES:
		*p = moved(*p, n * page, last);
		break;
	case SCROLL_HOME:
		*p = 0;
		break;
	case SCROLL_END:
		*p = last;
		break;
	default:
		break;
	}
	view_scroll_clamp(sc);
}
