/* help.c -- the help overlay: every key of the key table (so the two cannot
 * drift), the BKSEF formula, what each term means, and the two scopes. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/keys.h"
#include "tui/ui.h"

/* One screen line: a part of a paragraph in the left column and, in two
 * column mode, one in the right (para -1: none). */
struct vline {
	long para[2];
	int part[2];
};

/* The view's own state: the paragraphs, built once (their glyphs depend
 * on the locale only), and their layout in screen lines for WIDTH. */
struct help_data {
	struct text_lines paras; /* role ROLE_HEAD: a heading; key: a key row */
	struct vline *v;
	size_t nv, cap;
	int width, col_w;
	int built;
};

/* Build the help's paragraphs into P. */
static void help_paras(const struct ui *ui, struct text_lines *p)
{
	const struct draw *d = &ui->d;
	const char *l = draw_glyph(d, GLYPH_LAMBDA), *In = draw_glyph(d, GLYPH_IN),
	           *An = draw_glyph(d, GLYPH_AN), *Cn = draw_glyph(d, GLYPH_CN),
	           *g = draw_glyph(d, GLYPH_GAMMA), *b = draw_glyph(d, GLYPH_BETA),
	           *m = draw_glyph(d, GLYPH_MINUS), *x = draw_glyph(d, GLYPH_TIMES),
	           *sq = d->utf8 ? "\u00b2" : "^2";

#define PARA(ROLE, ...) (void)text_lines_add(p, (ROLE), 0, __VA_ARGS__)

	PARA(ROLE_HEAD, "Help: keys, the score, the scopes");
	PARA(ROLE_NORMAL, "%s", "");
	PARA(ROLE_LABEL, "The score of kernel size k for one convolution:");
	PARA(ROLE_BEST,
	     "  S(k) = %s1 %s(k) + %s2 %s(k) %s %s3 %s(k)      k* = the allowed k with the "
	     "largest S (a tie goes to the smaller k)",
	     l, In, l, An, m, l, Cn);
	PARA(ROLE_NORMAL,
	     "  I(k) = ln(1 + %s%sk)    information gain: grows with k, ever more "
	     "slowly (%s sets how fast)",
	     b, d->utf8 ? "" : "*", b);
	PARA(ROLE_NORMAL,
	     "  A(k) = 1 %s e^(%s%s%sk)   accuracy gain: saturates at 1 (%s sets how "
	     "fast)",
	     m, m, g, d->utf8 ? "" : "*", g);
	PARA(ROLE_NORMAL,
	     "  C(k) = the layer's cost at k: its exact MACs, k%s %s C_in/groups %s C_out "
	     "%s H_out %s W_out (cost macs), or k%s H_in W_in C_in C_out (cost paper)",
	     sq, x, x, x, x, sq);
	PARA(ROLE_NORMAL,
	     "  Each term is min-max normalised, x~ = (x %s min) / (max %s min), "
	     "0 when max = min; the %s weigh them (they need not sum to 1).",
	     m, m, l);
	char names[64];
	for (size_t r = 0; r < keys_table_len; r++) {
		const struct key_row *k = &keys_table[r];
		struct text_line *ln;
		if (k->group != NULL)
			(void)text_lines_add(p, ROLE_HEAD, TEXT_KEYS, "%s", k->group);
		keys_row_names(k, names, sizeof names);
		ln = text_lines_add(p, ROLE_NORMAL, TEXT_KEYS, "%s", k->help);
		if (ln != NULL)
			(void)text_line_set_key(p, ln, names);
	}
	PARA(ROLE_NORMAL, "%s", "");
	PARA(ROLE_LABEL, "Where min and max are taken (s toggles):");
	PARA(ROLE_NORMAL,
	     "  scope network: over every tunable layer and candidate. A big layer's "
	     "cost is near 1 and a small one's near 0, so big layers pay more for a big kernel and "
	     "k* varies along the network.");
	PARA(ROLE_NORMAL,
	     "  scope layer: over the layer's own candidates, as in the paper's code. "
	     "Every layer's cost then runs from 0 to 1 whatever its size, so every layer with the "
	     "same candidates gets the same k*. At a low lambda3 the cost barely counts and both "
	     "scopes often give the same plan: s then says so, and names the lambda3 from which "
	     "they differ; rows whose k* an action changed are marked * until the next key.");
	PARA(ROLE_NORMAL, "%s", "");
	PARA(ROLE_LABEL, "Receptive field (RF):");
	PARA(ROLE_NORMAL,
	     "  the input pixels one output value sees. A k%sk conv widens it by "
	     "(k%s1) %s dilation %s jump, the jump being the product of the strides before it. "
	     "Late layers have a large jump (8, 16, 32 px), so a big kernel there buys much field, "
	     "and pays k%s MACs on many channels: Enter on a layer shows both.",
	     x, m, x, x, sq);
	PARA(ROLE_NORMAL, "%s", "");
	PARA(ROLE_LABEL,
	     "In the table: ! pinned, * k* changed by the last action, = fixed (tune=0: not "
	     "scored, its scores blank); g C a depthwise conv, g N one of N groups; jump the "
	     "product of the strides up to the layer's output; "
	     "in a score column %s a kernel that would change the layer's output shape, %s one "
	     "that keeps it but is not among the layer's candidates; ##### a number too wide "
	     "for its column (Enter shows it); the plan's kernel is highlighted.",
	     draw_glyph(d, GLYPH_SHAPE), draw_glyph(d, GLYPH_DOT));
	if (ui->st->table->per_axis)
		PARA(
		    ROLE_NORMAL,
		    "  Per-axis kernels (format 2): 1%s7 is 1 high and 7 wide. Its size in I and A "
		    "is the geometric mean of its extents (1%s7 counts as %s7 %s 2.65), and the "
		    "score columns and the candidates go in that order of size.",
		    x, x, d->utf8 ? "\u221a" : "sqrt ", draw_glyph(d, GLYPH_APPROX));
	PARA(ROLE_NORMAL, "%s", "");
	PARA(ROLE_DIM,
	     "Mouse: click a row to select it (again for its detail), a heading to sort by it "
	     "(again to invert), click a slider "
	     "to set it, wheel to scroll or step. Undo merges consecutive steps of one slider.");
	PARA(ROLE_DIM,
	     "Prompts (/ = b e E) edit as readline does: Left Right (C-b C-f) move, Home End "
	     "(C-a C-e) go to the ends, Backspace and Delete (C-d) delete, C-u C-k C-w cut "
	     "what is before, what is after and the word before; Up Down (C-p C-n) bring back "
	     "the answers given to that kind of prompt; in a file name Tab completes (again: "
	     "lists the matches) and ~/ is the home folder; Enter answers, Esc cancels.");
#undef PARA
}

#define KEY_COL 16

/* Leading spaces of a paragraph's text: its hanging indent. */
static int lead(const struct text_line *p)
{
	int n = 0;
	while (p->s[n] == ' ')
		n++;
	return n + (p->key != NULL ? KEY_COL : 0);
}

/* Paragraph P wrapped to W columns: see draw_wrap_text. */
static int wrap(const struct draw *d, const struct text_line *p, int w, int line, struct text *out)
{
	int indent = lead(p);
	const char *text = p->s + (p->key != NULL ? 0 : indent);
	int width = w - 1 - indent > 10 ? w - 1 - indent : 10;
	if (out == NULL)
		return draw_wrap(d, text, width, -1, NULL, 0);
	return draw_wrap_text(d, text, width, line, out);
}

static void add_vline(struct help_data *hd, long l0, int part0, long l1, int part1)
{
	if (hd->nv == hd->cap) {
		size_t cap = hd->cap ? 2 * hd->cap : 128;
		struct vline *v = realloc(hd->v, cap * sizeof *v);
		if (v == NULL) {
			text_note_out_of_memory(); /* the help ends early */
			return;
		}
		hd->v = v;
		hd->cap = cap;
	}
	hd->v[hd->nv++] = (struct vline){ { l0, l1 }, { part0, part1 } };
}

/* Lay the paragraphs out in lines for W columns: the key list in two
 * columns when W is wide enough. */
static void layout_help(const struct draw *d, struct help_data *hd, int w)
{
	const struct text_lines *p = &hd->paras;
	long first = -1, last = -1, n = (long)p->n;

	hd->nv = 0;
	for (long i = 0; i < n; i++)
		if (p->v[i].flags & TEXT_KEYS) {
			if (first < 0)
				first = i;
			last = i;
		}
	int two = w >= 120 && first >= 0;
	hd->col_w = two ? (w - 2) / 2 : w;
	for (long i = 1; i < n; i++) {
		if (two && i == first) {
			/* Split at the group heading nearest the middle. */
			long mid = first + (last - first + 1) / 2, split = mid;
			for (long j = first + 1; j <= last; j++)
				if (p->v[j].role == ROLE_HEAD && labs(j - mid) < labs(split - mid))
					split = j;
			for (long l = first, r = split; l < split || r <= last; l++, r++)
				add_vline(hd, l < split ? l : -1, 0, r <= last ? r : -1, 0);
			i = last;
			continue;
		}
		int parts = wrap(d, &p->v[i], w, -1, NULL);
		for (int j = 0; j < parts; j++)
			add_vline(hd, i, j, -1, 0);
	}
	hd->width = w;
}

/* The view's data, built and laid out for W columns. */
static struct help_data *current(struct ui *ui, struct view *v, int w)
{
	struct help_data *hd = v->data;

	if (hd == NULL) {
		hd = calloc(1, sizeof *hd);
		if (hd == NULL) {
			text_note_out_of_memory();
			return NULL;
		}
		v->data = hd;
	}
	if (!hd->built) {
		help_paras(ui, &hd->paras);
		hd->built = 1;
		hd->width = -1;
	}
	if (hd->width != w)
		layout_help(&ui->d, hd, w);
	return hd;
}

static void help_cell(const struct ui *ui, const struct text_line *p, int part, int y, int x, int w)
{
	const struct draw *d = &ui->d;
	struct text buf = { 0 };

	wrap(d, p, w, part, &buf);
	if (p->role == ROLE_HEAD) {
		draw_field(d, y, x, w, text_str(&buf), draw_attr(d, ROLE_HEAD), 0);
	} else {
		if (p->key != NULL && part == 0)
			draw_text(d, y, x + 2, KEY_COL - 3, p->key,
			          draw_attr(d, ROLE_LABEL) | A_BOLD);
		draw_text(d, y, x + 1 + lead(p), w - 1 - lead(p), text_str(&buf),
		          draw_attr(d, p->role));
	}
	text_free(&buf);
}

static void help_scroll(struct ui *ui, struct view *v, const struct rect *area)
{
	struct help_data *hd = current(ui, v, area->w - 1);
	v->sc.total = hd != NULL ? hd->nv : 0;
	v->sc.visible = area->h - 1;
}

static void help_title(struct ui *ui, struct view *v, struct text *t)
{
	struct help_data *hd = current(ui, v, ui->main.w - 1);
	if (hd != NULL && hd->paras.n > 0)
		text_set(t, hd->paras.v[0].s);
}

static void help_draw(struct ui *ui, struct view *v, const struct rect *area)
{
	struct help_data *hd = current(ui, v, area->w - 1);
	int h = area->h - 1;

	if (hd == NULL) {
		draw_text(&ui->d, area->y, area->x, area->w, "out of memory for the help",
		          A_NORMAL);
		return;
	}
	for (int y = 0; y < h && v->sc.top + (size_t)y < hd->nv; y++) {
		const struct vline *l = &hd->v[v->sc.top + (size_t)y];
		for (int c = 0; c < 2; c++)
			if (l->para[c] >= 0)
				help_cell(ui, &hd->paras.v[l->para[c]], l->part[c], area->y + 1 + y,
				          area->x + c * (hd->col_w + 2),
				          l->para[1] >= 0 || c ? hd->col_w : area->w - 1);
	}
}

static int help_key(struct ui *ui, struct view *v, int action)
{
	switch (action) {
	case ACT_PIN_CYCLE: /* Space pages, as in a pager */
		view_scroll(ui, v, SCROLL_PAGES, 1);
		return 1;
	case ACT_HELP:
	case ACT_BACK:
	case ACT_QUIT:
		view_close(ui);
		return 1;
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_HOME:
	case ACT_END:
	case ACT_REDRAW:
		return 0;
	default:
		/* Anything else is swallowed: the help is modal. */
		return 1;
	}
}

static void help_free(struct view *v)
{
	struct help_data *hd = v->data;
	if (hd != NULL) {
		text_lines_free(&hd->paras);
		free(hd->v);
	}
	free(hd);
	v->data = NULL;
}

static const struct hint help_hints[] = {
	{ ACT_DOWN, "scroll" }, { ACT_PAGE_DOWN, "page" }, { ACT_HOME, "top" },
	{ ACT_HELP, "close" },  { ACT_QUIT, "close" },     { ACT_NONE, NULL },
};

const struct view_ops help_view = {
	.name = "help",
	.flags = VIEW_FULL | VIEW_MODAL,
	.hints = help_hints,
	.draw = help_draw,
	.key = help_key,
	.scroll = help_scroll,
	.title = help_title,
	.free = help_free,
};
