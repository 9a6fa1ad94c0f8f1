/* help.c -- the help overlay: every key of the key table (so the two cannot
 * drift), the BKSEF formula, what each term means, and the two scopes. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/keys.h"
#include "tui/ui.h"

/* One paragraph: a key column (or a heading, or nothing) and its text. */
struct para {
	int role;     /* ROLE_HEAD: a heading; else the text's role */
	int keys;     /* part of the key list */
	char key[64]; /* the keys, for a key row */
	char text[600];
};

#define HELP_PARAS 96

/* The help's paragraphs; returns the count. */
static int help_paras(const struct ui *ui, struct para *p)
{
	const struct draw *d = &ui->d;
	const char *l = draw_glyph(d, GLYPH_LAMBDA), *In = draw_glyph(d, GLYPH_IN),
	           *An = draw_glyph(d, GLYPH_AN), *Cn = draw_glyph(d, GLYPH_CN),
	           *g = draw_glyph(d, GLYPH_GAMMA), *b = draw_glyph(d, GLYPH_BETA),
	           *m = draw_glyph(d, GLYPH_MINUS), *x = draw_glyph(d, GLYPH_TIMES),
	           *sq = d->utf8 ? "\u00b2" : "^2";
	int n = 0;

#define PARA(ROLE, KEY, ...)                                                \
	do {                                                                \
		if (n < HELP_PARAS) {                                       \
			p[n].role = (ROLE);                                 \
			p[n].keys = 0;                                      \
			snprintf(p[n].key, sizeof p[n].key, "%s", (KEY));   \
			snprintf(p[n].text, sizeof p[n].text, __VA_ARGS__); \
			n++;                                                \
		}                                                           \
	} while (0)

	PARA(ROLE_HEAD, "", "Help: keys, the score, the scopes");
	PARA(ROLE_NORMAL, "", "%s", "");
	PARA(ROLE_LABEL, "", "The score of kernel size k for one convolution:");
	PARA(ROLE_BEST, "",
	     "  S(k) = %s1 %s(k) + %s2 %s(k) %s %s3 %s(k)      k* = the allowed k with the "
	     "largest S (a tie goes to the smaller k)",
	     l, In, l, An, m, l, Cn);
	PARA(ROLE_NORMAL, "",
	     "  I(k) = ln(1 + %s%sk)    information gain: grows with k, ever more "
	     "slowly (%s sets how fast)",
	     b, d->utf8 ? "" : "*", b);
	PARA(ROLE_NORMAL, "",
	     "  A(k) = 1 %s e^(%s%s%sk)   accuracy gain: saturates at 1 (%s sets how "
	     "fast)",
	     m, m, g, d->utf8 ? "" : "*", g);
	PARA(ROLE_NORMAL, "",
	     "  C(k) = the layer's cost at k: its exact MACs, k%s %s C_in/groups %s C_out "
	     "%s H_out %s W_out (cost macs), or k%s H_in W_in C_in C_out (cost paper)",
	     sq, x, x, x, x, sq);
	PARA(ROLE_NORMAL, "",
	     "  Each term is min-max normalised, x~ = (x %s min) / (max %s min), "
	     "0 when max = min; the %s weigh them (they need not sum to 1).",
	     m, m, l);
	char names[64];
	for (size_t r = 0; r < keys_table_len; r++) {
		const struct key_row *k = &keys_table[r];
		if (k->group != NULL) {
			PARA(ROLE_HEAD, "", "%s", k->group);
			p[n - 1].keys = 1;
		}
		keys_row_names(k, names, sizeof names);
		PARA(ROLE_NORMAL, names, "%s", k->help);
		p[n - 1].keys = 1;
	}
	PARA(ROLE_NORMAL, "", "%s", "");
	PARA(ROLE_LABEL, "", "Where min and max are taken (s toggles):");
	PARA(ROLE_NORMAL, "",
	     "  scope network: over every tunable layer and candidate. A big layer's "
	     "cost is near 1 and a small one's near 0, so big layers pay more for a big kernel and "
	     "k* varies along the network.");
	PARA(ROLE_NORMAL, "",
	     "  scope layer: over the layer's own candidates, as in the paper's code. "
	     "Every layer's cost then runs from 0 to 1 whatever its size, so every layer with the "
	     "same candidates gets the same k*: watch the k* column as you press s.");
	PARA(ROLE_NORMAL, "", "%s", "");
	PARA(ROLE_LABEL, "", "Receptive field (RF):");
	PARA(ROLE_NORMAL, "",
	     "  the input pixels one output value sees. A k%sk conv widens it by "
	     "(k%s1) %s dilation %s jump, the jump being the product of the strides before it. "
	     "Late layers have a large jump (8, 16, 32 px), so a big kernel there buys much field, "
	     "and pays k%s MACs on many channels: Enter on a layer shows both.",
	     x, m, x, x, sq);
	PARA(ROLE_NORMAL, "", "%s", "");
	PARA(ROLE_LABEL, "",
	     "In the table: ! pinned, = fixed (tune=0), %s a kernel this layer cannot "
	     "take (it would change its output shape), ##### a number too wide for its column "
	     "(Enter shows it); the plan's kernel is highlighted.",
	     draw_glyph(d, GLYPH_DOT));
	PARA(ROLE_NORMAL, "", "%s", "");

	PARA(ROLE_NORMAL, "", "%s", "");
	PARA(ROLE_DIM, "",
	     "Mouse: click a row to select it (again for its detail), click a slider "
	     "to set it, wheel to scroll or step. Undo merges consecutive steps of one slider.");
#undef PARA
	return n;
}

#define KEY_COL 16
#define HELP_VLINES 400

/* Leading spaces of a paragraph's text: its hanging indent. */
static int lead(const struct para *p)
{
	int n = 0;
	while (p->text[n] == ' ')
		n++;
	return n + (p->key[0] ? KEY_COL : 0);
}

/* Paragraph P wrapped to W columns: see draw_wrap. */
static int wrap(const struct draw *d, const struct para *p, int w, int line, char *buf, size_t size)
{
	int indent = lead(p);
	const char *text = p->text + (p->key[0] ? 0 : indent);
	return draw_wrap(d, text, w - 1 - indent > 10 ? w - 1 - indent : 10, line, buf, size);
}

/* One screen line: a part of a paragraph in the left column and, in two
 * column mode, one in the right (-1: none). */
struct vline {
	short para[2], part[2];
};

/* Lay the paragraphs out in lines: the key list in two columns when W is
 * wide enough.  Returns the count; *COL_W gets a column's width. */
static int layout_help(const struct draw *d, const struct para *p, int n, int w, struct vline *v,
                       int *col_w)
{
	int first = -1, last = -1, nv = 0;

	for (int i = 0; i < n; i++)
		if (p[i].keys) {
			if (first < 0)
				first = i;
			last = i;
		}
	int two = w >= 120 && first >= 0;
	*col_w = two ? (w - 2) / 2 : w;
	for (int i = 1; i < n && nv < HELP_VLINES; i++) {
		if (two && i == first) {
			/* Split at the group heading nearest the middle. */
			int mid = first + (last - first + 1) / 2, split = mid;
			for (int j = first + 1; j <= last; j++)
				if (p[j].role == ROLE_HEAD && abs(j - mid) < abs(split - mid))
					split = j;
			int l = first, r = split;
			while ((l < split || r <= last) && nv < HELP_VLINES) {
				v[nv].para[0] = (short)(l < split ? l : -1);
				v[nv].para[1] = (short)(r <= last ? r : -1);
				v[nv].part[0] = v[nv].part[1] = 0;
				nv++;
				l++;
				r++;
			}
			i = last;
			continue;
		}
		int parts = wrap(d, &p[i], w, -1, NULL, 0);
		for (int j = 0; j < parts && nv < HELP_VLINES; j++) {
			v[nv].para[0] = (short)i;
			v[nv].part[0] = (short)j;
			v[nv].para[1] = -1;
			nv++;
		}
	}
	return nv;
}

static void help_cell(const struct ui *ui, const struct para *p, int part, int y, int x, int w)
{
	const struct draw *d = &ui->d;
	char buf[600];

	wrap(d, p, w, part, buf, sizeof buf);
	if (p->role == ROLE_HEAD) {
		draw_field(d, y, x, w, buf, draw_attr(d, ROLE_HEAD), 0);
		return;
	}
	if (p->key[0] && part == 0)
		draw_text(d, y, x + 2, KEY_COL - 3, p->key, draw_attr(d, ROLE_LABEL) | A_BOLD);
	draw_text(d, y, x + 1 + lead(p), w - 1 - lead(p), buf, draw_attr(d, p->role));
}

static void help_draw(struct ui *ui, const struct rect *area)
{
	struct para p[HELP_PARAS];
	struct vline v[HELP_VLINES];
	const struct draw *d = &ui->d;
	int n = help_paras(ui, p), cw, h = area->h - 1;
	int nv = layout_help(d, p, n, area->w - 1, v, &cw);
	char buf[64];

	for (int y = 0; y < area->h; y++)
		draw_blank(area->y + y, area->x, area->w, A_NORMAL);
	draw_field(d, area->y, area->x, area->w, p[0].text, draw_attr(d, ROLE_HEAD), 0);
	if (ui->help_top > nv - h)
		ui->help_top = nv - h;
	if (ui->help_top < 0)
		ui->help_top = 0;
	for (int y = 0; y < h && ui->help_top + y < nv; y++) {
		const struct vline *l = &v[ui->help_top + y];
		for (int c = 0; c < 2; c++)
			if (l->para[c] >= 0)
				help_cell(ui, &p[l->para[c]], l->part[c], area->y + 1 + y,
				          area->x + c * (cw + 2),
				          l->para[1] >= 0 || c ? cw : area->w - 1);
	}
	if (nv > h) {
		snprintf(buf, sizeof buf, " lines %d-%d of %d ", ui->help_top + 1,
		         ui->help_top + h < nv ? ui->help_top + h : nv, nv);
		draw_text(d, area->y, area->x + area->w - draw_width(d, buf), area->w, buf,
		          draw_attr(d, ROLE_HEAD));
	}
}

static int help_request(struct ui *ui, int action)
{
	int page = ui->footer.y - ui->table.y - 1;

	switch (action) {
	case ACT_UP:
		ui->help_top--;
		return 1;
	case ACT_DOWN:
		ui->help_top++;
		return 1;
	case ACT_PAGE_UP:
		ui->help_top -= page > 1 ? page : 1;
		return 1;
	case ACT_PAGE_DOWN:
	case ACT_PIN_CYCLE: /* Space pages, as in a pager */
		ui->help_top += page > 1 ? page : 1;
		return 1;
	case ACT_HOME:
		ui->help_top = 0;
		return 1;
	case ACT_END:
		ui->help_top = 1 << 20;
		return 1;
	case ACT_HELP:
	case ACT_BACK:
	case ACT_QUIT:
		ui->view = ui->help_from;
		return 1;
	case ACT_REDRAW:
		return 0;
	default:
		/* Anything else is swallowed: the help is modal. */
		return 1;
	}
}

const struct view_ops help_view = { "help", help_draw, help_request };
