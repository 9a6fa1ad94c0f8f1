/* header.c -- the header: the title bar, the totals (baseline -> plan) and
 * the parameters in force.  Its texts are built when the plan or the width
 * changes; an item that does not fit is left out whole, by priority, and a
 * number is never cut. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tui/fmt.h"
#include "tui/ui.h"

/* A piece of a header line: its text, where it goes, how it looks. */
struct span {
	struct text t;
	int line, x; /* LINE 0 is the totals, 1 and 2 the parameters */
	int role;
	int bold;
};

struct header_data {
	struct span *v;
	size_t n, cap;
	int built, width, utf8;
	unsigned long change;
	int lines; /* 3, or 4 when the parameters take two lines */
};

static struct header_data *data_of(struct ui *ui)
{
	if (ui->header_data == NULL) {
		ui->header_data = calloc(1, sizeof(struct header_data));
		if (ui->header_data == NULL)
			text_note_out_of_memory();
	}
	return ui->header_data;
}

void header_free(struct ui *ui)
{
	struct header_data *hd = ui->header_data;
	if (hd != NULL) {
		for (size_t i = 0; i < hd->cap; i++)
			text_free(&hd->v[i].t);
		free(hd->v);
	}
	free(hd);
	ui->header_data = NULL;
}

/* A new span; NULL when out of memory. */
static struct span *span_add(struct header_data *hd, int line, int x, int role, int bold)
{
	if (hd->n == hd->cap) {
		size_t cap = hd->cap ? 2 * hd->cap : 32;
		struct span *v = realloc(hd->v, cap * sizeof *v);
		if (v == NULL) {
			text_note_out_of_memory();
			return NULL;
		}
		memset(v + hd->cap, 0, (cap - hd->cap) * sizeof *v);
		hd->v = v;
		hd->cap = cap;
	}
	struct span *s = &hd->v[hd->n++];
	text_clear(&s->t);
	s->line = line;
	s->x = x;
	s->role = role;
	s->bold = bold;
	return s;
}

/* Append TEXT as a span at *X of LINE; *X moves past it. */
static void put(struct ui *ui, struct header_data *hd, int line, int *x, const char *text, int role,
                int bold)
{
	struct span *s = span_add(hd, line, *x, role, bold);
	if (s != NULL)
		text_set(&s->t, text);
	*x += draw_width(&ui->d, text);
}

/* The totals line in one form, or how wide it would be. */
struct totals_form {
	int exact_macs; /* MACs with thousands separators */
	int spaced;     /* " -> " and "receptive field ... px" */
	int rf_si;      /* the fields with fmt_count's suffixes */
	int gap;        /* spaces between the items */
	int items;      /* 3, or fewer when even the narrowest form does not fit */
};

/* One "label base -> plan pct" item at *X (LINE 0); DRY: measure only. */
static void total_item(struct ui *ui, struct header_data *hd, int *x, int dry, const char *label,
                       const char *base, const char *plan, const char *unit, double pct, int spaced)
{
	const struct draw *d = &ui->d;
	char text[96], p[32];
	int role = pct > 0.05 ? ROLE_UP : pct < -0.05 ? ROLE_DOWN : ROLE_NORMAL;

	snprintf(text, sizeof text, " %s%s%s%s", base, spaced ? " " : "",
	         draw_glyph(d, GLYPH_ARROW), spaced ? " " : "");
	fmt_pct(p, sizeof p, pct);
	char tail[48];
	snprintf(tail, sizeof tail, "%s%s", plan, unit);
	char pc[40];
	snprintf(pc, sizeof pc, " %s", p);
	if (dry) {
		*x += draw_width(d, label) + draw_width(d, text) + draw_width(d, tail) +
		      draw_width(d, pc);
		return;
	}
	put(ui, hd, 0, x, label, ROLE_LABEL, 0);
	put(ui, hd, 0, x, text, ROLE_NORMAL, 0);
	put(ui, hd, 0, x, tail, ROLE_NORMAL, 1);
	put(ui, hd, 0, x, pc, role, 0);
}

/* Lay the totals out in form F; returns the width (DRY: nothing added). */
static int totals(struct ui *ui, struct header_data *hd, const struct totals_form *f, int dry)
{
	const struct plan *pl = ui->st->plan, *base = ui->st->base;
	char a[48], b[48];
	int x = 0;

	if (f->exact_macs)
		total_item(ui, hd, &x, dry, "MACs", fmt_int(a, sizeof a, base->macs),
		           fmt_int(b, sizeof b, pl->macs), "",
		           plan_change_pct(pl->macs, base->macs), f->spaced);
	else
		total_item(ui, hd, &x, dry, "MACs", fmt_count(a, sizeof a, base->macs),
		           fmt_count(b, sizeof b, pl->macs), "",
		           plan_change_pct(pl->macs, base->macs), f->spaced);
	if (f->items >= 2) {
		x += f->gap;
		total_item(ui, hd, &x, dry, "params", fmt_count(a, sizeof a, base->params),
		           fmt_count(b, sizeof b, pl->params), "",
		           plan_change_pct(pl->params, base->params), f->spaced);
	}
	if (f->items >= 3) {
		x += f->gap;
		if (f->rf_si) {
			fmt_count(a, sizeof a, base->rf);
			fmt_count(b, sizeof b, pl->rf);
		} else {
			snprintf(a, sizeof a, "%lld", (long long)base->rf);
			snprintf(b, sizeof b, "%lld", (long long)pl->rf);
		}
		total_item(ui, hd, &x, dry, f->spaced ? "receptive field" : "RF", a, b,
		           f->spaced ? " px" : "", plan_change_pct(pl->rf, base->rf), f->spaced);
	}
	return x;
}

/* The first form, from the widest the width invites to the narrowest, that
 * fits in W; the narrowest drops whole items (RF, then params) rather than
 * cut one. */
static void build_totals(struct ui *ui, struct header_data *hd, int w)
{
	static const struct totals_form forms[] = {
		{ 1, 1, 0, 3, 3 }, /* from 150 columns */
		{ 0, 1, 0, 3, 3 }, /* from 110 */
		{ 0, 0, 0, 2, 3 }, { 0, 0, 1, 2, 3 }, { 0, 0, 1, 1, 3 },
		{ 0, 0, 1, 1, 2 }, { 0, 0, 1, 1, 1 },
	};
	size_t n = sizeof forms / sizeof forms[0], i = w >= 150 ? 0 : w >= 110 ? 1 : 2;

	while (i + 1 < n && totals(ui, hd, &forms[i], 1) > w)
		i++;
	(void)totals(ui, hd, &forms[i], 0);
}

/* An item of the parameter lines: TIER 1 always shows, 2 when there is room
 * (on a second line if need be), 3 only in the room left. */
struct item {
	int tier;
	int labelled; /* the word before the first space in colour */
	struct text t;
};

/* The items, most important first. */
static size_t param_items(struct ui *ui, struct item *it)
{
	const struct draw *d = &ui->d;
	const struct state *st = ui->st;
	const char *preset = state_preset(st);
	const struct session_budget *b = state_budget_solved(st);
	char a[CAND_MAX * 3 + 1], c[48];
	size_t n = 0;

	/* The five parameters in force, "=" when shown exactly, "≈" when
	 * rounded (the detail and the = prompt show them whole). */
	it[n].tier = 1;
	for (int s = 0; s < SLIDER_COUNT; s++) {
		char label[16], v[24];
		double x = state_slider_get(st, s);
		sliders_label(d, s, label, sizeof label);
		fmt_param(v, sizeof v, x, 10);
		text_printf(&it[n].t, "%s%s%s%s", s ? " " : "", label,
		            fmt_exact(v, x) ? "=" : draw_glyph(d, GLYPH_APPROX), v);
		if (s == SLIDER_L3 && !state_lambda3_decides(st))
			text_printf(&it[n].t, " (unused)");
	}
	n++;
	/* The budget in force: with the parameters, it makes the plan. */
	if (b->active) {
		it[n].tier = 1;
		it[n].labelled = 1;
		text_printf(&it[n++].t, "budget %s %s, solver %s", fmt_int(c, sizeof c, b->value),
		            request_resource_unit(b->resource), request_solver_name(b->solver));
	}
	/* Under a time cost model the plan's time against the baseline's. */
	if (cost_model_is_time(state_params(st)->cost)) {
		char tb[32], tp[32];
		it[n].tier = 1;
		it[n].labelled = 1;
		text_printf(
		    &it[n++].t, "time %s %s %s ms %s",
		    fmt_sig(tb, sizeof tb, st->base->latency * 1e3, 4), draw_glyph(d, GLYPH_ARROW),
		    fmt_sig(tp, sizeof tp, st->plan->latency * 1e3, 4),
		    state_params(st)->cost == COST_LATENCY ? "(roofline)" : "(measured convs)");
	}
	/* The baseline the totals compare with, unless it is the network
	 * as loaded. */
	if (st->cur.baseline_k) {
		it[n].tier = 1;
		it[n].labelled = 1;
		text_printf(&it[n++].t, "baseline %d%s%d", st->cur.baseline_k,
		            draw_glyph(d, GLYPH_TIMES), st->cur.baseline_k);
	}
	it[n].tier = 2;
	it[n].labelled = 1;
	text_printf(&it[n++].t, "scope %s", score_scope_name(state_params(st)->scope));
	it[n].tier = 2;
	it[n].labelled = 1;
	text_printf(&it[n++].t, "cost %s", cost_model_name(state_params(st)->cost));
	if (st->cur.cand_axes.kind == KERNEL_DS) {
		it[n].tier = 2;
		it[n].labelled = 1;
		text_printf(&it[n++].t, "realise ds");
	}
	it[n].tier = 2;
	text_printf(&it[n++].t, "pins %zu", request_n_pins(&st->cur));
	if (preset != NULL) {
		it[n].tier = 3;
		it[n].labelled = 1;
		text_printf(&it[n++].t, "preset %s", preset);
	}
	it[n].tier = 3;
	cand_format(st->cur.candidates, ',', a, sizeof a);
	text_printf(&it[n].t, "candidates %s", a);
	/* The run's per-axis kernels (format 2), after the sizes. */
	for (size_t j = 0; j < st->cur.cand_axes.n; j++) {
		char tok[DRAW_KERNEL_MAX];
		text_printf(&it[n].t, "%s%s", a[0] || j ? "," : "",
		            draw_kernel(d, &st->cur.cand_axes.k[j], tok, sizeof tok));
	}
	text_printf(&it[n++].t, "%s",
	            state_run_rows(st) == 0 && st->net->n_tunable > 0 ? " (unused)" : "");
	if (st->cur.source.device != NULL) {
		it[n].tier = 3;
		it[n].labelled = 1;
		text_printf(&it[n++].t, "device %s", st->cur.source.device->name);
	}
	return n;
}

/* param_items makes at most eleven items: the parameters, the budget, the
 * time, the baseline, scope, cost, the realisation, pins, the preset, the
 * candidates and the device. */
#define HEADER_ITEMS 11

/* Place the items on the parameter lines (1, and 2 when the first is full
 * before the items of tier 2 are placed). */
static void build_params(struct ui *ui, struct header_data *hd, int w)
{
	struct item it[HEADER_ITEMS];
	size_t n;
	int line = 1, x = 0;

	memset(it, 0, sizeof it);
	n = param_items(ui, it);
	for (size_t i = 0; i < n; i++) {
		const char *s = text_str(&it[i].t);
		int iw = draw_width(&ui->d, s), sep = x ? 2 : 0;
		if (x + sep + iw > w) {
			if (it[i].tier == 3 || line == 2)
				continue;
			line = 2;
			x = sep = 0;
		}
		x += sep;
		const char *sp = strchr(s, ' ');
		if (it[i].labelled && sp != NULL) {
			struct text label = { 0 };
			text_append(&label, s, (size_t)(sp - s));
			put(ui, hd, line, &x, text_str(&label), ROLE_LABEL, 0);
			put(ui, hd, line, &x, sp, ROLE_NORMAL, 1);
			text_free(&label);
		} else {
			put(ui, hd, line, &x, s, ROLE_NORMAL, 0);
		}
	}
	for (size_t i = 0; i < n; i++)
		text_free(&it[i].t);
	hd->lines = line == 2 ? 4 : 3;
}

/* The header's data, built for the plan in force and width W. */
static struct header_data *current(struct ui *ui, int w)
{
	struct header_data *hd = data_of(ui);

	if (hd == NULL)
		return NULL;
	if (hd->built && hd->width == w && hd->utf8 == ui->d.utf8 &&
	    hd->change == state_change(ui->st))
		return hd;
	hd->n = 0;
	build_totals(ui, hd, w);
	build_params(ui, hd, w);
	hd->built = 1;
	hd->width = w;
	hd->utf8 = ui->d.utf8;
	hd->change = state_change(ui->st);
	return hd;
}

int header_lines(struct ui *ui, int w)
{
	struct header_data *hd = current(ui, w);
	return hd != NULL ? hd->lines : 3;
}

/* The title bar: program, network (with * when the plan changed since it
 * was exported), file (with [changed on disk] when it did); counts on the
 * right. */
static void title_draw(struct ui *ui, int y, int w)
{
	const struct draw *d = &ui->d;
	const struct net *net = ui->st->net;
	attr_t t = draw_attr(d, ROLE_TITLE);
	static const char changed[] = " [changed on disk]";
	char buf[96];
	int x, bundled;

	draw_blank(y, 0, w, t);
	snprintf(buf, sizeof buf, " %zu layers, %zu convs, %zu tunable ", net->n_layers,
	         net->n_conv, net->n_tunable);
	int right = draw_width(d, buf);
	x = draw_text(d, y, 0, w - right, " bksef ", t);
	x += draw_text(d, y, x, w - right - x, net->name, t | A_BOLD);
	if (files_unexported(ui))
		x += draw_text(d, y, x, w - right - x, "*", t | A_BOLD);
	/* The file as the user named it; a bundled network by its name
	 * alone.  The changed mark keeps its room: the path gives way. */
	const char *arg = files_name(ui, &bundled);
	if (files_changed(ui))
		right += draw_width(d, changed);
	if (!bundled && w - right - x > 12) {
		const char *path = arg;
		int room = w - right - x - 2, pw = draw_width(d, path);
		x += draw_text(d, y, x, 2, "  ", t);
		if (pw > room && room > 4) {
			/* Keep the end of a long path: it names the file. */
			const char *tail = path + strlen(path);
			while (tail > path && draw_width(d, tail - 1) <= room - 3)
				tail--;
			while ((*tail & 0xC0) == 0x80) /* start on a whole character */
				tail++;
			x += draw_text(d, y, x, 3, "...", t);
			x += draw_text(d, y, x, room - 3, tail, t);
		} else {
			x += draw_text(d, y, x, room, path, t);
		}
	} else if (bundled && w - right - x > 20) {
		x += draw_text(d, y, x, w - right - x, "  (bundled)", t);
	}
	if (files_changed(ui))
		x += draw_text(d, y, x, w - x, changed, t | A_BOLD);
	draw_text(d, y, w - draw_width(d, buf), draw_width(d, buf), buf, t);
}

void header_draw(struct ui *ui, const struct rect *r)
{
	const struct draw *d = &ui->d;
	struct header_data *hd = current(ui, r->w);

	title_draw(ui, r->y, r->w);
	for (int y = 1; y < r->h; y++)
		draw_blank(r->y + y, r->x, r->w, A_NORMAL);
	if (hd == NULL)
		return;
	for (size_t i = 0; i < hd->n; i++) {
		const struct span *s = &hd->v[i];
		attr_t a = draw_attr(d, s->role) | (s->bold ? A_BOLD : 0);
		if (1 + s->line < r->h)
			draw_text(d, r->y + 1 + s->line, r->x + s->x, r->w - s->x, text_str(&s->t),
			          a);
	}
}
