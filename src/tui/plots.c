/* plots.c -- the plot panel: the selected layer's score and its terms, k*
 * per layer, MACs per layer, the receptive field along the depth, and the
 * exact lambda3 sweep.  Braille lines in colour UTF-8, one character per
 * series otherwise, so every plot reads in monochrome. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

/* A grid of cells; in braille mode each cell holds 2x4 dots.  Sized to
 * the panel: cell (x, y) is DOTS[y * w + x]. */
struct canvas {
	int w, h, sx, sy; /* cells, and sub-cells per cell */
	unsigned char *dots;
	signed char *series;
};

/* The panel's memory, kept between draws and grown with the panel. */
struct plot_data {
	struct canvas c;
	size_t cells;            /* room in c.dots and c.series */
	double *plan_v, *base_v; /* per column of the depth plots */
	size_t cols;             /* room in plan_v and base_v */
};

static struct plot_data *plot_data(struct ui *ui)
{
	if (ui->plot_data == NULL) {
		ui->plot_data = calloc(1, sizeof(struct plot_data));
		if (ui->plot_data == NULL)
			text_note_out_of_memory();
	}
	return ui->plot_data;
}

void plots_free(struct ui *ui)
{
	struct plot_data *pd = ui->plot_data;
	if (pd != NULL) {
		free(pd->c.dots);
		free(pd->c.series);
		free(pd->plan_v);
		free(pd->base_v);
	}
	free(pd);
	ui->plot_data = NULL;
}

/* Series 0-3 are data, 4 a vertical mark (lambda3 now), 5 a horizontal
 * one (the input size). */
static const char series_mark[6] = { '*', 'o', '+', 'x', '|', '.' };
static const int series_role[6] = { ROLE_SERIES1, ROLE_SERIES2, ROLE_SERIES3,
	                            ROLE_SERIES4, ROLE_MARK,    ROLE_MARK };

/* The panel's canvas, W x H cells, cleared; NULL when out of memory. */
static struct canvas *canvas_init(struct ui *ui, int w, int h, int braille)
{
	struct plot_data *pd = plot_data(ui);
	size_t n = (size_t)(w > 0 ? w : 1) * (size_t)(h > 0 ? h : 1);

	if (pd == NULL)
		return NULL;
	if (n > pd->cells) {
		unsigned char *dots = realloc(pd->c.dots, n);
		if (dots != NULL)
			pd->c.dots = dots;
		signed char *series = realloc(pd->c.series, n);
		if (series != NULL)
			pd->c.series = series;
		if (dots == NULL || series == NULL)
			return NULL;
		pd->cells = n;
	}
	struct canvas *c = &pd->c;
	c->w = w > 0 ? w : 1;
	c->h = h > 0 ? h : 1;
	c->sx = braille ? 2 : 1;
	c->sy = braille ? 4 : 1;
	memset(c->dots, 0, n);
	memset(c->series, -1, n);
	return c;
}

/* Set the dot (PX, PY) for series S; PY counts from the bottom. */
static void canvas_dot(struct canvas *c, int s, long px, long py)
{
	if (px < 0 || py < 0 || px >= (long)c->w * c->sx || py >= (long)c->h * c->sy)
		return;
	int cx = (int)(px / c->sx), cy = c->h - 1 - (int)(py / c->sy);
	int dx = (int)(px % c->sx), dy = c->sy - 1 - (int)(py % c->sy);
	static const unsigned char bit[2][4] = { { 0x01, 0x02, 0x04, 0x40 },
		                                 { 0x08, 0x10, 0x20, 0x80 } };
	if (c->sx == 2)
		c->dots[(size_t)cy * (size_t)c->w + (size_t)cx] |= bit[dx][dy];
	c->series[(size_t)cy * (size_t)c->w + (size_t)cx] = (signed char)s;
}

static void canvas_line(struct canvas *c, int s, long x0, long y0, long x1, long y1)
{
	long dx = labs(x1 - x0), dy = -labs(y1 - y0);
	long stx = x0 < x1 ? 1 : -1, sty = y0 < y1 ? 1 : -1, err = dx + dy;
	for (int guard = 0; guard < 100000; guard++) {
		canvas_dot(c, s, x0, y0);
		if (x0 == x1 && y0 == y1)
			break;
		long e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x0 += stx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sty;
		}
	}
}

static void canvas_draw(const struct ui *ui, const struct canvas *c, int y0, int x0)
{
	const struct draw *d = &ui->d;
	char mark[2] = { 0, 0 };

	for (int y = 0; y < c->h; y++)
		for (int x = 0; x < c->w; x++) {
			size_t at = (size_t)y * (size_t)c->w + (size_t)x;
			int s = c->series[at];
			if (s < 0)
				continue;
			attr_t a = draw_attr(d, series_role[s]);
			if (c->sx == 2) {
				draw_braille(y0 + y, x0 + x, c->dots[at], a);
			} else {
				mark[0] = series_mark[s];
				draw_text(d, y0 + y, x0 + x, 1, mark, a);
			}
		}
}

/* A legend entry: a sample glyph in its series' role, and a name. */
struct legend {
	int role;
	const char *glyph;
	const char *text;
};

/* The plot's frame: title rule (the key that shows the plot, then TITLE)
 * with the legend after the title, y labels at the left (LW columns) and
 * right (RW), an x-label row at the bottom.  Returns the canvas area. */
/* The plots' keys are in plot order, as the sliders' focus keys are in
 * slider order (sliders.c). */
_Static_assert(ACT_PLOT_6 - ACT_PLOT_1 == PLOT_FRONTIER - PLOT_SCORE && PLOT_SCORE == 0 &&
                   PLOT_COUNT == PLOT_FRONTIER + 1,
               "the plot keys follow enum plot_id");

static struct rect frame(struct ui *ui, const struct rect *r, const char *title,
                         const struct legend *lg, int n_lg, int lw, int rw)
{
	const struct draw *d = &ui->d;
	struct rect a = { r->y + 1, r->x + lw + 1, r->h - 2, r->w - lw - 1 - rw };
	char key[16], full[256];
	snprintf(full, sizeof full, "%s %s",
	         keys_name(keys_first(ACT_PLOT_1 + ui->plot), key, sizeof key), title);
	int x = r->x + 3 + draw_width(d, full) + 1;

	draw_rule(d, r->y, r->x, r->w, full, draw_attr(d, ROLE_DIM));
	for (int i = 0; i < n_lg; i++) {
		int need = draw_width(d, lg[i].glyph) + 1 + draw_width(d, lg[i].text) + 2;
		if (x + need > r->x + r->w - 1)
			break;
		x += draw_text(d, r->y, x, 1, " ", A_NORMAL);
		x += draw_text(d, r->y, x, r->w, lg[i].glyph, draw_attr(d, lg[i].role));
		x += draw_text(d, r->y, x, 1, " ", A_NORMAL);
		x += draw_text(d, r->y, x, r->w, lg[i].text, A_NORMAL);
		x += draw_text(d, r->y, x, 1, " ", A_NORMAL);
	}
	for (int y = r->y + 1; y < r->y + r->h; y++)
		draw_blank(y, r->x, r->w, A_NORMAL);
	for (int y = a.y; y < a.y + a.h; y++)
		draw_text(d, y, r->x + lw, 1, draw_glyph(d, GLYPH_VLINE), draw_attr(d, ROLE_DIM));
	if (a.w < 1)
		a.w = 1;
	if (a.h < 1)
		a.h = 1;
	return a;
}

/* The sample glyph of line series S. */
static const char *line_glyph(const struct draw *d, int s, char *buf)
{
	if (d->braille)
		return "\u2501";
	buf[0] = series_mark[s];
	buf[1] = '\0';
	return buf;
}

/* Y-axis labels: TOP at the first canvas row, BOT at the last. */
static void y_labels(struct ui *ui, const struct rect *r, const struct rect *a, const char *top,
                     const char *bot, int right)
{
	int x = right ? a->x + a->w + 1 : r->x;
	int w = right ? r->x + r->w - x : a->x - 1 - r->x;
	draw_field(&ui->d, a->y, x, w, top, A_NORMAL, !right);
	if (a->h > 1)
		draw_field(&ui->d, a->y + a->h - 1, x, w, bot, A_NORMAL, !right);
}

/* X labels under the canvas: LEFT, MID (centred) and RIGHT. */
static void x_labels(struct ui *ui, const struct rect *r, const struct rect *a, const char *left,
                     const char *mid, const char *right)
{
	const struct draw *d = &ui->d;
	int y = r->y + r->h - 1, rw = draw_width(d, right), mw = draw_width(d, mid);
	draw_text(d, y, a->x, a->w, left, A_NORMAL);
	if (mw > 0 && a->w > mw + 2 * (rw + 2))
		draw_text(d, y, a->x + (a->w - mw) / 2, mw, mid, draw_attr(d, ROLE_DIM));
	if (rw < a->w)
		draw_text(d, y, a->x + a->w - rw, rw, right, A_NORMAL);
}

/* What plot 1 shows of one layer: its candidates (square and per axis, in
 * increasing size as the score row holds them) and their terms, the range
 * of the bars, the glyphs of the three terms, one format for the values and
 * one for the axis (their scale the same), and the width of the kernels'
 * labels ("*9", " 1x7"). */
struct score_plot {
	struct score_terms t[UINT8_MAX + 1];
	const struct kernel *ks[UINT8_MAX + 1];
	int n, label_w;
	double lo, hi;
	const char *gi, *ga, *gc;
	struct fmt_col sf, af;
};

/* Gather score row ROW's candidates (none when ROW < 0) into SP. */
static void score_gather(struct ui *ui, long row, struct score_plot *sp)
{
	const struct draw *d = &ui->d;
	struct state *st = ui->st;
	const struct score_params *p = state_params(st);
	double smax = 0;
	int neg = 0;
	size_t m = row < 0 ? 0 : score_row_len(st->score, (size_t)row);
	char tok[DRAW_KERNEL_MAX];

	sp->gi = d->utf8 ? (d->color ? "\u2588" : "\u2593") : "i";
	sp->ga = d->utf8 ? (d->color ? "\u2588" : "\u2592") : "a";
	sp->gc = d->utf8 ? "\u2591" : "c";
	sp->n = 0;
	sp->label_w = 3;
	sp->lo = sp->hi = 0;
	for (size_t j = 0; j < m && j <= UINT8_MAX; j++) {
		struct score_terms *t = &sp->t[sp->n];
		const struct kernel *k = state_row_kernel(st, (size_t)row, j);
		if (!score_terms(st->score, (size_t)row, j, p, t))
			continue;
		int lw = 1 + draw_width(d, draw_kernel(d, k, tok, sizeof tok));
		if (lw > sp->label_w)
			sp->label_w = lw;
		double gain = p->lambda1 * t->i_norm + p->lambda2 * t->a_norm;
		if (gain > sp->hi)
			sp->hi = gain;
		if (t->score < sp->lo)
			sp->lo = t->score;
		if (isfinite(t->score) && fabs(t->score) > smax)
			smax = fabs(t->score);
		neg |= t->score < 0;
		sp->ks[sp->n++] = k;
	}
	/* The values at the right and the axis's ends: one format each, and
	 * one scale for both, named in the title. */
	double amax = fmax(fmax(fabs(sp->lo), fabs(sp->hi)), smax);
	sp->af = fmt_col_fit(amax, sp->lo < 0, 6, 2);
	sp->sf = (struct fmt_col){ 3, sp->af.exp };
	if (sp->af.exp == 0)
		sp->sf = fmt_col_fit(smax, neg, 7, 3);
}

/* Candidate U's bar on row Y of the canvas A: the gain lambda1 I~ + lambda2
 * A~ from 0, what the cost takes back, S marked; its kernel at the left
 * (BEST: the plan's) and its S at the right. */
static void score_bar(struct ui *ui, const struct rect *r, const struct rect *a,
                      const struct score_plot *sp, int u, int y, const struct kernel *best)
{
	const struct draw *d = &ui->d;
	const struct score_params *p = state_params(ui->st);
	const struct score_terms *t = &sp->t[u];
	double span = sp->hi - sp->lo, wi = p->lambda1 * t->i_norm, wa = p->lambda2 * t->a_norm;
	int bw = a->w, is_best = best != NULL && kernel_equal(sp->ks[u], best);
	char v[DRAW_KERNEL_MAX + 2], tok[DRAW_KERNEL_MAX];
	/* Columns of 0, the end of I, the end of I+A (the gain) and S. */
	long c0 = lround((0 - sp->lo) / span * bw), ci = lround((wi - sp->lo) / span * bw),
	     cg = lround((wi + wa - sp->lo) / span * bw),
	     cs = lround((t->score - sp->lo) / span * bw);

	if (!isfinite(wi + wa) || !isfinite(t->score))
		c0 = ci = cg = cs = 0;
	snprintf(v, sizeof v, "%s%s", is_best ? "*" : " ",
	         draw_kernel(d, sp->ks[u], tok, sizeof tok));
	draw_field(d, y, r->x, sp->label_w, v, is_best ? draw_attr(d, ROLE_BEST) : A_NORMAL, 1);
	for (long x = 0; x < bw; x++) {
		const char *gl = NULL;
		int role = ROLE_NORMAL;
		if (x >= c0 && x < ci) {
			gl = sp->gi;
			role = ROLE_SERIES2;
		} else if (x >= ci && x < cg) {
			gl = sp->ga;
			role = ROLE_SERIES3;
		}
		/* The cost eats the gain from S up to its end, or below 0. */
		if ((x >= cs && x < cg && cs < cg) || (x >= cs && x < c0)) {
			gl = sp->gc;
			role = ROLE_SERIES4;
		}
		if (gl != NULL)
			draw_text(d, y, a->x + (int)x, 1, gl, draw_attr(d, role));
	}
	if (cs >= 0 && cs <= bw)
		draw_text(d, y, a->x + (int)(cs < bw ? cs : bw - 1), 1, "|",
		          draw_attr(d, ROLE_SERIES1));
	fmt_col_value(v, sizeof v, t->score, &sp->sf, 7);
	draw_field(d, y, a->x + a->w + 1, 7, v, is_best ? draw_attr(d, ROLE_BEST) : A_BOLD, 1);
}

/* How to read the bars, in the SPARE rows under them. */
static void score_how(struct ui *ui, const struct rect *r, const struct rect *a, const char *gc,
                      int spare)
{
	const struct draw *d = &ui->d;
	int w = r->x + r->w - a->x - 1;
	char how[200], line[200];

	snprintf(how, sizeof how,
	         "the bar is the gain %s1%s + %s2%s; %s is what the cost %s3%s takes back; | "
	         "marks S",
	         draw_glyph(d, GLYPH_LAMBDA), draw_glyph(d, GLYPH_IN), draw_glyph(d, GLYPH_LAMBDA),
	         draw_glyph(d, GLYPH_AN), gc, draw_glyph(d, GLYPH_LAMBDA), draw_glyph(d, GLYPH_CN));
	int lines = draw_wrap(d, how, w, -1, NULL, 0);
	for (int j = 0; j < lines && j < spare; j++) {
		draw_wrap(d, how, w, j, line, sizeof line);
		draw_text(d, a->y + a->h - (lines < spare ? lines : spare) + j, a->x + 1, w, line,
		          draw_attr(d, ROLE_DIM));
	}
}

/* 1: the selected layer's S(k) as stacked bars of its terms. */
static void plot_score(struct ui *ui, const struct rect *r)
{
	const struct draw *d = &ui->d;
	struct state *st = ui->st;
	size_t i = ui_selected_layer(ui);
	const struct net_layer *l = &st->net->layers[i];
	long row = l->op == NET_OP_CONV && l->tune ? score_find_row(st->score, i) : -1;
	struct score_plot sp;
	char title[64], li[16], la[16], lc[16];

	score_gather(ui, row, &sp);
	snprintf(title, sizeof title, "score");
	if (sp.sf.exp != 0)
		snprintf(title, sizeof title, "score, S %s1e%d", draw_glyph(d, GLYPH_TIMES),
		         sp.sf.exp);
	snprintf(li, sizeof li, "%s1%s", draw_glyph(d, GLYPH_LAMBDA), draw_glyph(d, GLYPH_IN));
	snprintf(la, sizeof la, "%s2%s", draw_glyph(d, GLYPH_LAMBDA), draw_glyph(d, GLYPH_AN));
	snprintf(lc, sizeof lc, "%s%s3%s", draw_glyph(d, GLYPH_MINUS), draw_glyph(d, GLYPH_LAMBDA),
	         draw_glyph(d, GLYPH_CN));
	const struct legend lg[] = { { ROLE_SERIES2, sp.gi, li },
		                     { ROLE_SERIES3, sp.ga, la },
		                     { ROLE_SERIES4, sp.gc, lc },
		                     { ROLE_SERIES1, "|", "S" } };
	struct rect a = frame(ui, r, title, lg, 4, sp.label_w + 1, 8);
	if (row < 0) {
		draw_text(d, a.y, a.x + 1, r->x + r->w - a.x - 1,
		          l->op == NET_OP_CONV ? "a fixed layer (tune=0): nothing to score"
		                               : "not a convolution: nothing to score",
		          A_NORMAL);
		return;
	}
	/* All zero, or beyond doubles: scale by the largest term alone. */
	if (!(sp.hi > sp.lo) || !isfinite(sp.hi - sp.lo))
		sp.hi = sp.lo + 1;
	const struct kernel *best = plan_layer_kernel(st->plan, i);
	/* More candidates than rows: a window around the plan's kernel. */
	int first = 0;
	if (sp.n > a.h) {
		for (int u = 0; u < sp.n; u++)
			if (kernel_equal(sp.ks[u], best))
				first = u - a.h / 2;
		if (first > sp.n - a.h)
			first = sp.n - a.h;
		if (first < 0)
			first = 0;
	}
	for (int u = first; u < sp.n && u - first < a.h; u++)
		score_bar(ui, r, &a, &sp, u, a.y + u - first, best);
	/* Room to spare: say how to read the bars, under them. */
	if (a.h - (sp.n - first) - 1 >= 1)
		score_how(ui, r, &a, sp.gc, a.h - (sp.n - first) - 1);
	char left[32], right[32];
	fmt_col_value(left, sizeof left, sp.lo, &sp.af, 6);
	fmt_col_value(right, sizeof right, sp.hi, &sp.af, 6);
	x_labels(ui, r, &a, left, l->name, right);
	draw_text(d, r->y + r->h - 1, r->x, 3, "k", draw_attr(d, ROLE_DIM));
}

/* Bars along the conv layers: the plan's VALUE per layer, the baseline's
 * as a mark.  Each column shows the largest value of its layers. */
static void depth_bars(struct ui *ui, const struct rect *a, double *plan_v, double *base_v,
                       size_t n, double ymax)
{
	const struct draw *d = &ui->d;
	size_t cols = (size_t)a->w;
	int bar = 1, gap = 0;

	if (n == 0 || !(ymax > 0))
		return;
	if (n <= cols) {
		bar = (int)(cols / n);
		if (bar >= 3) {
			gap = 1;
			bar--;
		}
		if (bar > 6)
			bar = 6;
	}
	size_t shown = n <= cols ? n : cols;
	for (size_t c = 0; c < shown; c++) {
		double pv = plan_v[c], bv = base_v[c];
		double h = pv / ymax * a->h, hb = bv / ymax * a->h;
		for (int b = 0; b < bar; b++) {
			int x = a->x + (int)c * (bar + gap) + b;
			if (x >= a->x + a->w)
				break;
			for (int j = 0; j < a->h; j++) {
				int y = a->y + a->h - 1 - j;
				double f = h - j;
				if (f > 0)
					draw_vcell(d, y, x, f, draw_attr(d, ROLE_SERIES1));
			}
			/* The baseline's level, where it differs. */
			if (bv != pv) {
				int j = (int)ceil(hb) - 1;
				if (j < 0)
					j = 0;
				if (j < a->h)
					draw_text(d, a->y + a->h - 1 - j, x, 1,
					          d->utf8 ? "\u2500" : "-",
					          draw_attr(d, ROLE_SERIES2) | A_BOLD);
			}
		}
	}
}

/* Gather per-column maxima of the conv layers' values: KIND 0 kernels, 1
 * MACs.  Returns the number of columns filled. */
static size_t gather(struct ui *ui, int kind, size_t cols, double *plan_v, double *base_v,
                     double *ymax)
{
	const struct state *st = ui->st;
	size_t n = st->n_conv, shown = n <= cols ? n : cols;

	*ymax = 0;
	for (size_t c = 0; c < shown; c++)
		plan_v[c] = base_v[c] = 0;
	for (size_t r = 0; r < n; r++) {
		size_t i = st->conv[r], c = n <= cols ? r : r * cols / n;
		double pv, bv;
		if (kind == 0) {
			/* A per-axis kernel at the size I(k) and A(k) see. */
			pv = kernel_size(plan_layer_kernel(st->plan, i));
			bv = kernel_size(plan_layer_kernel(st->base, i));
		} else {
			pv = (double)plan_layer_macs(st->plan, i);
			bv = (double)plan_layer_macs(st->base, i);
		}
		if (pv > plan_v[c])
			plan_v[c] = pv;
		if (bv > base_v[c])
			base_v[c] = bv;
		if (pv > *ymax)
			*ymax = pv;
		if (bv > *ymax)
			*ymax = bv;
	}
	return shown;
}

static void depth_x_labels(struct ui *ui, const struct rect *r, const struct rect *a)
{
	char left[32], right[32];
	size_t n = ui->st->n_conv;
	snprintf(left, sizeof left, "conv 1");
	snprintf(right, sizeof right, "conv %zu", n);
	x_labels(ui, r, a, left, n > (size_t)a->w ? "depth (max per column)" : "depth", right);
}

/* 2 and 3: a value per conv layer, the plan's as bars and the baseline's as
 * marks; KIND as for gather: 0 the kernel k (plot 2), 1 the MACs (plot 3). */
static void plot_depth(struct ui *ui, const struct rect *r, int kind)
{
	const struct draw *d = &ui->d;
	const char *unit = kind == 0 ? "k" : "MACs";
	int unit_w = kind == 0 ? 4 : 7; /* columns of the y labels, and of the unit below */
	struct plot_data *pd = plot_data(ui);
	double ymax;
	char title[160], top[16];

	const struct legend lg[] = { { ROLE_SERIES1, d->utf8 ? "\u2588" : "#", "plan" },
		                     { ROLE_SERIES2, d->utf8 ? "\u2500" : "-", "base" } };
	snprintf(title, sizeof title, "%s", kind == 0 ? "k per conv" : "MACs per conv");
	struct rect a = frame(ui, r, title, lg, 2, unit_w, 0);
	size_t cols = (size_t)a.w;
	if (pd != NULL && cols > pd->cols) {
		double *pv = realloc(pd->plan_v, cols * sizeof *pv);
		if (pv != NULL)
			pd->plan_v = pv;
		double *bv = realloc(pd->base_v, cols * sizeof *bv);
		if (bv != NULL)
			pd->base_v = bv;
		if (pv != NULL && bv != NULL)
			pd->cols = cols;
	}
	if (pd == NULL || cols > pd->cols) {
		draw_text(d, a.y, a.x + 1, a.w - 1, "out of memory for the plot", A_NORMAL);
		return;
	}
	double *plan_v = pd->plan_v, *base_v = pd->base_v;
	(void)gather(ui, kind, cols, plan_v, base_v, &ymax);
	if (kind == 0) /* a per-axis kernel's size need not be whole */
		snprintf(top, sizeof top, ymax == floor(ymax) ? "%.0f" : "%.1f", ymax);
	else
		fmt_count(top, sizeof top, (int64_t)ymax);
	y_labels(ui, r, &a, top, "0", 0);
	depth_bars(ui, &a, plan_v, base_v, ui->st->n_conv, ymax);
	depth_x_labels(ui, r, &a);
	draw_text(d, r->y + r->h - 1, r->x, unit_w, unit, draw_attr(d, ROLE_DIM));
}

/* 4: the receptive field along every layer, plan and baseline, with the
 * input's size as a dotted line. */
static void plot_rf(struct ui *ui, const struct rect *r)
{
	const struct draw *d = &ui->d;
	const struct state *st = ui->st;
	const struct net *net = st->net;
	struct canvas *c;
	char title[200], top[16];
	int64_t in = 0;

	for (size_t i = 0; i < net->n_layers; i++)
		if (net->layers[i].op == NET_OP_INPUT) {
			in = net->layers[i].h > net->layers[i].w ? net->layers[i].h
			                                         : net->layers[i].w;
			break;
		}
	char g0[2], g1[2], inl[48];
	snprintf(inl, sizeof inl, "input %lld", (long long)in);
	const struct legend lg[] = { { ROLE_SERIES1, line_glyph(d, 0, g0), "plan" },
		                     { ROLE_SERIES2, line_glyph(d, 1, g1), "base" },
		                     { ROLE_MARK, d->braille ? "\u2504" : ".", inl } };
	snprintf(title, sizeof title, "receptive field");
	struct rect a = frame(ui, r, title, lg, 3, 6, 0);
	c = canvas_init(ui, a.w, a.h, d->braille);
	if (c == NULL) {
		draw_text(d, a.y, a.x + 1, a.w - 1, "out of memory for the plot", A_NORMAL);
		return;
	}
	long pw = (long)c->w * c->sx, ph = (long)c->h * c->sy;
	double ymax = (double)(st->plan->rf > st->base->rf ? st->plan->rf : st->base->rf);
	if ((double)in > ymax)
		ymax = (double)in;
	if (!(ymax > 0))
		ymax = 1;
	/* The input size first, as a dotted line under the data. */
	long yi = lround((double)in / ymax * (ph - 1));
	for (long x = 0; x < pw; x += c->sx == 2 ? 3 : 2)
		canvas_dot(c, 5, x, yi);
	/* Per pixel column the largest field of its layers; lines join them. */
	long prev_x = -1, prev_p = 0, prev_b = 0;
	long bin_x = -1;
	double bp = 0, bb = 0;
	size_t n = net->n_layers;
	for (size_t i = 0; i <= n; i++) {
		long x = i < n ? (n > 1 ? (long)((double)i * (pw - 1) / (double)(n - 1)) : 0) : -2;
		if (x != bin_x && bin_x >= 0) {
			long yp = lround(bp / ymax * (ph - 1)), yb = lround(bb / ymax * (ph - 1));
			if (prev_x >= 0) {
				canvas_line(c, 1, prev_x, prev_b, bin_x, yb);
				canvas_line(c, 0, prev_x, prev_p, bin_x, yp);
			} else {
				canvas_dot(c, 1, bin_x, yb);
				canvas_dot(c, 0, bin_x, yp);
			}
			prev_x = bin_x;
			prev_p = yp;
			prev_b = yb;
			bp = bb = 0;
		}
		if (i == n)
			break;
		bin_x = x;
		if ((double)st->plan->rf_layer[i] > bp)
			bp = (double)st->plan->rf_layer[i];
		if ((double)st->base->rf_layer[i] > bb)
			bb = (double)st->base->rf_layer[i];
	}
	canvas_draw(ui, c, a.y, a.x);
	snprintf(top, sizeof top, "%.0f", ymax);
	y_labels(ui, r, &a, top, "0", 0);
	char right[32];
	snprintf(right, sizeof right, "layer %zu", n ? n - 1 : 0);
	x_labels(ui, r, &a, "input", "depth", right);
	draw_text(d, r->y + r->h - 1, r->x, 6, "RF px", draw_attr(d, ROLE_DIM));
}

/* The step of SW in force at lambda3 = X. */
/* 5: the exact lambda3 sweep, on a log axis: total MACs and mean kernel,
 * the current lambda3 marked. */
static void plot_sweep(struct ui *ui, const struct rect *r)
{
	const struct draw *d = &ui->d;
	const struct sweep *sw;
	double l3 = state_params(ui->st)->lambda3;
	int stale = 0;

	/* On a terminal a held key must not wait for the sweep (tens of ms on
	 * a large network): the last one is drawn until input pauses. */
	int held = busy_holds(&ui->busy, state_change(ui->st));
	sw = ui->lazy_sweep || held ? state_sweep_cached(ui->st, &stale) : NULL;
	if (held && (sw == NULL || stale)) {
		/* Cancelled (Esc): not again until a change or Ctrl-L. */
		draw_text(&ui->d, r->y + 1, r->x + 1, r->w - 1, "sweep cancelled; C-l computes it",
		          draw_attr(&ui->d, ROLE_DIM));
		return;
	}
	if (sw == NULL || !ui->lazy_sweep) {
		sw = state_sweep(ui->st);
		stale = 0;
	}
	ui->sweep_pending = stale;
	struct canvas *c;
	char title[200], a1[32], a2[32];

	char g0[2], g2[2];
	const struct legend lg[] = { { ROLE_SERIES1, line_glyph(d, 0, g0), "MACs" },
		                     { ROLE_SERIES3, line_glyph(d, 2, g2), "mean k" },
		                     { ROLE_MARK, "|", "now" } };
	snprintf(title, sizeof title, "%s3 sweep%s", draw_glyph(d, GLYPH_LAMBDA),
	         stale ? " (updating)" : "");
	struct rect a = frame(ui, r, title, lg, 3, 7, 5);
	if (sw == NULL || sw->n == 0) {
		draw_text(d, a.y, a.x + 1, a.w - 1, "out of memory for the sweep", A_NORMAL);
		return;
	}
	/* The x range: a decade around the breakpoints and lambda3. */
	double first = sw->n > 1 ? sw->step[1].from : 0.1,
	       last = sw->n > 1 ? sw->step[sw->n - 1].from : 10;
	if (!(first > 0))
		first = last > 0 ? last : 0.1;
	double xlo = first / 10, xhi = last * 10;
	if (l3 > 0 && l3 < xlo)
		xlo = l3 / 2;
	if (l3 > xhi)
		xhi = l3 * 2;
	if (!(xhi > xlo) || !isfinite(xhi) || xlo <= 0) {
		xlo = 0.01;
		xhi = 100;
	}
	double lg0 = log10(xlo), lg1 = log10(xhi);
	int64_t mmax = sw->step[0].macs, mmin = sw->step[sw->n - 1].macs;
	double kmax = 0, kmin = 1e300;
	for (size_t s = 0; s < sw->n; s++) {
		if (sw->step[s].mean_k > kmax)
			kmax = sw->step[s].mean_k;
		if (sw->step[s].mean_k < kmin)
			kmin = sw->step[s].mean_k;
		if (sw->step[s].macs > mmax)
			mmax = sw->step[s].macs;
		if (sw->step[s].macs < mmin)
			mmin = sw->step[s].macs;
	}
	c = canvas_init(ui, a.w, a.h, d->braille);
	if (c == NULL) {
		draw_text(d, a.y, a.x + 1, a.w - 1, "out of memory for the plot", A_NORMAL);
		return;
	}
	long pw = (long)c->w * c->sx, ph = (long)c->h * c->sy;
	double mspan = (double)(mmax - mmin), kspan = kmax - kmin;
	long pm = -1, pk = -1;
	for (long x = 0; x < pw; x++) {
		double lx =
		    pw > 1 ? pow(10, lg0 + (lg1 - lg0) * (double)x / (double)(pw - 1)) : xlo;
		const struct sweep_step *s = &sw->step[sweep_step_of(sw, lx)];
		long ym = mspan > 0 ? lround((double)(s->macs - mmin) / mspan * (ph - 1)) : ph / 2;
		long yk = kspan > 0 ? lround((s->mean_k - kmin) / kspan * (ph - 1)) : ph / 2;
		if (x > 0) {
			canvas_line(c, 2, x - 1, pk, x, yk);
			canvas_line(c, 0, x - 1, pm, x, ym);
		}
		pm = ym;
		pk = yk;
	}
	/* lambda3 now. */
	long xm = l3 <= xlo   ? 0
	          : l3 >= xhi ? pw - 1
	                      : lround((log10(l3) - lg0) / (lg1 - lg0) * (pw - 1));
	for (long y = 0; y < ph; y++)
		canvas_dot(c, 4, xm, y);
	canvas_draw(ui, c, a.y, a.x);
	y_labels(ui, r, &a, fmt_count(a1, sizeof a1, mmax), fmt_count(a2, sizeof a2, mmin), 0);
	fmt_real(a1, sizeof a1, kmax, 4, 1);
	fmt_real(a2, sizeof a2, kmin, 4, 1);
	y_labels(ui, r, &a, a1, a2, 1);
	char left[32], right[32], mid[64], v[24];
	fmt_real(left, sizeof left, xlo, 7, 3);
	fmt_real(right, sizeof right, xhi, 7, 1);
	snprintf(mid, sizeof mid, "%s3 = %s, %zu plans", draw_glyph(d, GLYPH_LAMBDA),
	         sliders_value(d, l3, 10, v, sizeof v), sw->n);
	x_labels(ui, r, &a, left, mid, right);
	draw_text(d, r->y + r->h - 1, r->x, 7, "MACs", draw_attr(d, ROLE_DIM));
}

/* The plots, by enum plot_id. */
/* The budget frontier: the resource on x, the gain G on y.  The lambda3
 * sweep's plans (the convex hull the paper's method walks) as a line, the
 * best plans as dots (within 10% of the budget when one is in force, all
 * otherwise), the current plan, and the budget as a vertical line. */
static void plot_frontier(struct ui *ui, const struct rect *r)
{
	const struct draw *d = &ui->d;
	struct state *st = ui->st;
	const struct session_budget *b = session_budget(st->session);
	int params = st->budget_on == BUDGET_PARAMS;
	struct diag dg = { 0 };
	char title[160], g1[2], a1[32], a2[32];
	const struct legend lg[] = { { ROLE_SERIES1, line_glyph(d, 0, g1), "lambda3" },
		                     { ROLE_SERIES2, "o", "best" },
		                     { ROLE_SERIES3, "+", "now" },
		                     { ROLE_MARK, "|", "budget" } };
	snprintf(title, sizeof title, "budget frontier (%s)", params ? "params" : "MACs");
	struct rect a = frame(ui, r, title, lg, 4, 7, 5);
	if (busy_holds(&ui->busy, state_change(st)) && state_frontier_cached(st) == NULL) {
		/* Cancelled (Esc): not again until a change or Ctrl-L. */
		draw_text(d, a.y, a.x + 1, a.w - 1, "frontier cancelled; C-l computes it",
		          draw_attr(d, ROLE_DIM));
		return;
	}
	const struct session_frontier *f = state_frontier(st, &dg);
	const struct sweep *sw = state_sweep(st);
	const double *sg = state_sweep_gains(st, sw);
	if (f == NULL || f->fr->n == 0) {
		draw_text(d, a.y, a.x + 1, a.w - 1, f ? "no plan" : dg.msg, A_NORMAL);
		return;
	}
	/* The ranges: every best plan, and the current plan. */
	int64_t now = params ? st->plan->params : st->plan->macs;
	int64_t xlo = f->fr->point[0].resource, xhi = f->fr->point[f->fr->n - 1].resource;
	double ylo = f->fr->point[0].gain, yhi = f->fr->point[f->fr->n - 1].gain;
	if (now < xlo)
		xlo = now;
	if (now > xhi)
		xhi = now;
	int64_t near_lo = INT64_MIN, near_hi = INT64_MAX;
	if (b->active && b->resource == st->budget_on) {
		near_lo = b->value - b->value / 10;
		near_hi = b->value + b->value / 10;
	}
	struct canvas *c = canvas_init(ui, a.w, a.h, d->braille);
	if (c == NULL) {
		draw_text(d, a.y, a.x + 1, a.w - 1, "out of memory for the plot", A_NORMAL);
		return;
	}
	long pw = (long)c->w * c->sx, ph = (long)c->h * c->sy;
	double xs = xhi > xlo ? (double)(pw - 1) / (double)(xhi - xlo) : 0;
	double ys = yhi > ylo ? (double)(ph - 1) / (yhi - ylo) : 0;
#define PX(v) lround((double)((v)-xlo) * xs)
#define PY(v) lround(((v)-ylo) * ys)
	/* The lambda3 sweep's plans, joined in the order lambda3 takes them. */
	long px = -1, py = -1;
	for (size_t s = 0; sg != NULL && sw != NULL && s < sw->n; s++) {
		int64_t v = params ? sw->step[s].params : sw->step[s].macs;
		if (v < xlo || v > xhi)
			continue;
		long x = PX(v), y = PY(sg[s]);
		if (px >= 0)
			canvas_line(c, 0, px, py, x, y);
		else
			canvas_dot(c, 0, x, y);
		px = x;
		py = y;
	}
	for (size_t i = 0; i < f->fr->n; i++) {
		const struct best_point *pt = &f->fr->point[i];
		if (pt->resource >= near_lo && pt->resource <= near_hi)
			canvas_dot(c, 1, PX(pt->resource), PY(pt->gain));
	}
	if (b->active && b->resource == st->budget_on && b->value >= xlo && b->value <= xhi)
		for (long y = 0; y < ph; y++)
			canvas_dot(c, 4, PX(b->value), y);
	canvas_dot(c, 2, PX(now), PY(best_plan_gain(st->score, state_params(st), st->plan)));
#undef PX
#undef PY
	canvas_draw(ui, c, a.y, a.x);
	fmt_real(a1, sizeof a1, yhi, 5, 2);
	fmt_real(a2, sizeof a2, ylo, 5, 2);
	y_labels(ui, r, &a, a1, a2, 0);
	char left[32], right[32], mid[80];
	fmt_count(left, sizeof left, xlo);
	fmt_count(right, sizeof right, xhi);
	snprintf(mid, sizeof mid, "%zu best plans%s, [ ] step along them", f->fr->n,
	         f->fr->exact ? "" : " (at spread budgets)");
	x_labels(ui, r, &a, left, mid, right);
	draw_text(d, r->y + r->h - 1, r->x, 7, "G", draw_attr(d, ROLE_DIM));
}

static void plot_kstar(struct ui *ui, const struct rect *r)
{
	plot_depth(ui, r, 0);
}

static void plot_macs(struct ui *ui, const struct rect *r)
{
	plot_depth(ui, r, 1);
}

static void (*const plot_table[PLOT_COUNT])(struct ui *ui, const struct rect *r) = {
	[PLOT_SCORE] = plot_score, [PLOT_KSTAR] = plot_kstar, [PLOT_MACS] = plot_macs,
	[PLOT_RF] = plot_rf,       [PLOT_SWEEP] = plot_sweep, [PLOT_FRONTIER] = plot_frontier,
};

void plots_draw(struct ui *ui, const struct rect *r)
{
	plot_table[ui->plot >= 0 && ui->plot < PLOT_COUNT ? ui->plot : PLOT_SCORE](ui, r);
}
