/* draw.c -- roles, glyphs and clipped text on stdscr. */
#include <config.h>

#include "tui/draw.h"

#include "escape.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Colours per role: foreground, background (-1: the terminal's), extra
 * attributes; and the monochrome attribute. */
static const struct {
	short fg, bg;
	attr_t color_attr, mono_attr;
} role_style[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_LABEL] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[ROLE_DIM] = { -1, -1, A_DIM, A_DIM },
	[ROLE_UP] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_DOWN] = { COLOR_GREEN, -1, A_BOLD, A_NORMAL },
	[ROLE_HEAD] = { COLOR_BLACK, COLOR_GREEN, A_NORMAL, A_REVERSE },
	[ROLE_SEL] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[ROLE_BEST] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_PIN] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[ROLE_CHANGED] = { -1, -1, A_BOLD, A_BOLD },
	[ROLE_BAR] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[ROLE_FOCUS] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[ROLE_SERIES1] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[ROLE_SERIES2] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[ROLE_SERIES3] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[ROLE_SERIES4] = { COLOR_RED, -1, A_NORMAL, A_NORMAL },
	[ROLE_MARK] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[ROLE_OK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[ROLE_ERR] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_PROMPT] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
};

static const char *const glyph_text[GLYPH_COUNT][2] = {
	[GLYPH_HLINE] = { "-", "\u2500" },     [GLYPH_VLINE] = { "|", "\u2502" },
	[GLYPH_ARROW] = { "->", "\u2192" },    [GLYPH_DOT] = { ".", "\u00b7" },
	[GLYPH_LAMBDA] = { "l", "\u03bb" },    [GLYPH_GAMMA] = { "gamma", "\u03b3" },
	[GLYPH_BETA] = { "beta", "\u03b2" },   [GLYPH_IN] = { "I~", "\u0128" },
	[GLYPH_AN] = { "A~", "\u00c3" },       [GLYPH_CN] = { "C~", "C\u0303" },
	[GLYPH_TIMES] = { "x", "\u00d7" },     [GLYPH_MINUS] = { "-", "\u2212" },
	[GLYPH_STAR] = { "*", "\u2605" },      [GLYPH_APPROX] = { "~", "\u2248" },
	[GLYPH_SHAPE] = { "x", "\u00d7" },     [GLYPH_SORT_UP] = { "^", "\u25b4" },
	[GLYPH_SORT_DOWN] = { "v", "\u25be" },
};

void draw_init(struct draw *d, int color, int utf8)
{
	d->utf8 = utf8;
	d->color = color && has_colors() && start_color() == OK;
	if (d->color) {
		short bg_default = use_default_colors() == OK ? -1 : COLOR_BLACK;
		for (int r = 1; r < ROLE_COUNT; r++) {
			short fg = role_style[r].fg, bg = role_style[r].bg;
			if (fg < 0)
				fg = bg_default < 0 ? -1 : COLOR_WHITE;
			if (bg < 0)
				bg = bg_default;
			if (r >= COLOR_PAIRS || init_pair((short)r, fg, bg) != OK) {
				d->color = 0;
				break;
			}
		}
	}
	for (int r = 0; r < ROLE_COUNT; r++)
		d->attr[r] = d->color ? (attr_t)COLOR_PAIR(r) | role_style[r].color_attr
		                      : role_style[r].mono_attr;
	d->attr[ROLE_NORMAL] = A_NORMAL;
	d->braille = d->utf8 && d->color;
}

const char *draw_glyph(const struct draw *d, int g)
{
	return glyph_text[g][d->utf8 ? 1 : 0];
}

char *draw_kernel(const struct draw *d, const struct kernel *k, char *buf, size_t size)
{
	char tok[KERNEL_TOKEN_MAX];
	size_t n = 0;

	kernel_format(k, tok, sizeof tok);
	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (const char *p = tok; *p != '\0' && n + 1 < size; p++) {
		char one[2] = { *p, '\0' };
		int w =
		    snprintf(buf + n, size - n, "%s", *p == 'x' ? draw_glyph(d, GLYPH_TIMES) : one);
		if (w < 0 || (size_t)w >= size - n) {
			buf[n] = '\0'; /* no glyph cut in half */
			break;
		}
		n += (size_t)w;
	}
	return buf;
}

char *draw_kernel_name(const struct draw *d, const struct kernel *k, char *buf, size_t size)
{
	/* a square kernel by its rank: 3x3, 3x3x3 (a 1-D one is just 3) */
	const char *ds = k->kind == KERNEL_DS ? "ds" : ""; /* depthwise-separable */
	if (k->n_axes == 2 && kernel_is_square(k))
		snprintf(buf, size, "%s%d%s%d", ds, k->k[0], draw_glyph(d, GLYPH_TIMES), k->k[0]);
	else if (k->n_axes == 3 && kernel_is_square(k))
		snprintf(buf, size, "%s%d%s%d%s%d", ds, k->k[0], draw_glyph(d, GLYPH_TIMES),
		         k->k[0], draw_glyph(d, GLYPH_TIMES), k->k[0]);
	else
		draw_kernel(d, k, buf, size);
	return buf;
}

/* Clip W to the screen from column X of row Y; 0 when nothing shows. */
static int clip(int y, int x, int w)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return 0;
	return x + w > COLS ? COLS - x : w;
}

/* Wide characters draw_text hands to curses at a time: a text wider is
 * written in pieces, each starting on a character that takes a column (its
 * combining marks go with it; marks beyond this many on one character are
 * dropped). */
#define TEXT_CHUNK 512

/* The character at S (not at its end) as the screen shows it: escaped as
 * everywhere else (escape.h); a character that is not one column wide (or,
 * in ASCII, not ASCII) as '?'; a combining mark on the character before it
 * (PREV: there is one) in no column.  Writes its wide characters into OUT
 * (ESCAPE_UNIT_SIZE at most), their count into *N and the columns into
 * *COLS; returns the bytes of S it takes. */
static size_t unit_of(const struct draw *d, const char *s, int prev, wchar_t *out, int *n,
                      int *cols)
{
	char unit[ESCAPE_UNIT_SIZE];
	uint32_t cp = '?';
	int escaped;
	size_t len = escape_step(s, unit, &escaped);

	if (escaped) {
		*n = *cols = (int)strlen(unit);
		for (int i = 0; i < *n; i++)
			out[i] = (wchar_t)(unsigned char)unit[i];
		return len;
	}
	(void)escape_decode(s, &cp);
	*n = *cols = 1;
	if (cp >= 0x80 && !d->utf8) {
		cp = '?';
	} else if (cp >= 0x80) {
		int width = wcwidth((wchar_t)cp);
		if (width == 0 && prev && cp >= 0x300 && cp <= 0x36f)
			*cols = 0; /* combining mark on the previous character */
		else if (width != 1)
			cp = '?';
	}
	out[0] = (wchar_t)cp;
	return len;
}

/* Whether S is printable ASCII only (the common case: one byte, one
 * column, no decoding needed). */
static int plain_ascii(const char *s)
{
	for (; *s; s++)
		if (*s < 32 || *s > 126)
			return 0;
	return 1;
}

int draw_text(const struct draw *d, int y, int x, int w, const char *s, attr_t attr)
{
	wchar_t buf[TEXT_CHUNK];
	int n = 0, cols = 0, at = x;

	w = clip(y, x, w);
	if (w == 0)
		return 0;
	attrset(attr);
	if (plain_ascii(s)) {
		while (s[n] && n < w)
			n++;
		mvaddnstr(y, x, s, n);
		attrset(A_NORMAL);
		return n;
	}
	/* Whole characters and whole escapes, as many as W columns hold. */
	while (*s) {
		wchar_t u[ESCAPE_UNIT_SIZE];
		int un, uc;
		size_t len = unit_of(d, s, cols > 0, u, &un, &uc);
		if (cols + uc > w)
			break;
		if (uc > 0 && n + un > TEXT_CHUNK - ESCAPE_UNIT_SIZE) {
			mvaddnwstr(y, at, buf, n);
			at = x + cols;
			n = 0;
		}
		for (int i = 0; i < un && n < TEXT_CHUNK; i++)
			buf[n++] = u[i];
		cols += uc;
		s += len;
	}
	if (n > 0)
		mvaddnwstr(y, at, buf, n);
	attrset(A_NORMAL);
	return cols;
}

int draw_text_mid(const struct draw *d, int y, int x, int w, const char *s, attr_t attr)
{
	int cols = draw_width(d, s);
	if (cols <= w || w < 5)
		return draw_text(d, y, x, w, s, attr);
	/* Layer names share their beginnings ("layer4.", "features."):
	 * the end tells them apart, so the beginning goes, by whole
	 * characters and escapes, marked by an ellipsis. */
	int tail = w - 1, prev = 0, un, uc;
	wchar_t u[ESCAPE_UNIT_SIZE];
	while (*s && cols > tail) {
		s += unit_of(d, s, prev, u, &un, &uc);
		cols -= uc;
		prev = 1;
	}
	/* A combining mark whose base went goes too. */
	while (*s) {
		size_t len = unit_of(d, s, 1, u, &un, &uc);
		if (uc != 0)
			break;
		s += len;
	}
	if (clip(y, x, w) == 0)
		return 0;
	draw_text(d, y, x, 1, d->utf8 ? "\u2026" : "~", attr);
	return 1 + draw_text(d, y, x + 1, tail, s, attr);
}

/* The display width of the first N bytes of S (N: whole characters). */
static int width_n(const struct draw *d, const char *s, size_t n)
{
	const char *end = s + n;
	int cols = 0, un, uc, first = 1;
	wchar_t u[ESCAPE_UNIT_SIZE];

	while (s < end && *s) {
		s += unit_of(d, s, !first, u, &un, &uc);
		cols += uc;
		first = 0;
	}
	return cols;
}

int draw_width(const struct draw *d, const char *s)
{
	if (plain_ascii(s))
		return (int)strlen(s);
	return width_n(d, s, strlen(s));
}

/* Line LINE of S wrapped to W columns: its bytes [*START, *END); returns
 * the number of lines. */
static int wrap(const struct draw *d, const char *s, int w, int line, const char **start_out,
                const char **end_out)
{
	int lines = 0;

	if (w < 1)
		w = 1;
	*start_out = *end_out = s;
	do {
		/* Words while they fit; a word wider than W gets a line alone. */
		const char *start = s, *end = s;
		int cols = 0;
		while (*end) {
			const char *next = end;
			while (*next == ' ')
				next++;
			const char *wend = next;
			while (*wend && *wend != ' ')
				wend++;
			int ww = width_n(d, end, (size_t)(wend - end));
			if (cols > 0 && cols + ww > w)
				break;
			cols += ww;
			end = wend;
		}
		if (end == start)
			end = start + strlen(start);
		if (lines == line) {
			*start_out = start;
			*end_out = end;
		}
		lines++;
		s = end;
		while (*s == ' ')
			s++;
	} while (*s);
	return lines;
}

int draw_wrap(const struct draw *d, const char *s, int w, int line, char *buf, size_t size)
{
	const char *start, *end;
	int lines = wrap(d, s, w, line, &start, &end);

	if (buf != NULL && size > 0) {
		buf[0] = '\0';
		if (line >= 0 && line < lines)
			snprintf(buf, size, "%.*s", (int)(end - start), start);
	}
	return lines;
}

int draw_wrap_text(const struct draw *d, const char *s, int w, int line, struct text *out)
{
	const char *start, *end;
	int lines = wrap(d, s, w, line, &start, &end);

	text_clear(out);
	if (line >= 0 && line < lines)
		(void)text_append(out, start, (size_t)(end - start));
	return lines;
}

void draw_blank(int y, int x, int w, attr_t attr)
{
	w = clip(y, x, w);
	if (w == 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void draw_field(const struct draw *d, int y, int x, int w, const char *s, attr_t attr, int right)
{
	int tw = draw_width(d, s);
	if (tw > w)
		tw = w;
	if (right) {
		draw_blank(y, x, w - tw, attr);
		draw_text(d, y, x + w - tw, tw, s, attr);
	} else {
		int n = draw_text(d, y, x, w, s, attr);
		draw_blank(y, x + n, w - n, attr);
	}
}

void draw_number(const struct draw *d, int y, int x, int w, const char *s, attr_t attr)
{
	if (draw_width(d, s) <= w) {
		draw_field(d, y, x, w, s, attr, 1);
		return;
	}
	for (int i = 0; i < w; i++)
		draw_text(d, y, x + i, 1, "#", attr);
}

void draw_rule(const struct draw *d, int y, int x, int w, const char *title, attr_t attr)
{
	const char *h = draw_glyph(d, GLYPH_HLINE);
	int n = 0;

	if (clip(y, x, w) == 0)
		return;
	if (title != NULL && *title && w > 4) {
		draw_text(d, y, x, 1, h, attr);
		draw_text(d, y, x + 1, 1, " ", attr);
		n = 2 + draw_text(d, y, x + 2, w - 3, title, attr | A_BOLD);
		if (n < w)
			draw_text(d, y, x + n++, 1, " ", attr);
	}
	for (; n < w; n++)
		draw_text(d, y, x + n, 1, h, attr);
}

static const char *const left_eighths[8] = { "",       "\u258f", "\u258e", "\u258d",
	                                     "\u258c", "\u258b", "\u258a", "\u2589" };

static const char *const low_eighths[9] = { " ",      "\u2581", "\u2582", "\u2583", "\u2584",
	                                    "\u2585", "\u2586", "\u2587", "\u2588" };

/* FRAC in [0, 1], whatever came in (NaN counts as 0). */
static double unit(double frac)
{
	return frac > 0 ? (frac < 1 ? frac : 1) : 0;
}

void draw_hbar(const struct draw *d, int y, int x, int w, double frac, attr_t attr)
{
	int cells = clip(y, x, w);
	if (cells == 0)
		return;
	if (d->utf8) {
		long eighths = lround(unit(frac) * w * 8);
		int i = 0;
		for (; i < cells && eighths >= 8; i++, eighths -= 8)
			draw_text(d, y, x + i, 1, "\u2588", attr);
		if (i < cells && eighths > 0)
			draw_text(d, y, x + i++, 1, left_eighths[eighths], attr);
		draw_blank(y, x + i, cells - i, A_NORMAL);
	} else {
		long full = lround(unit(frac) * w);
		int i = 0;
		for (; i < cells && i < full; i++)
			draw_text(d, y, x + i, 1, "#", attr);
		draw_blank(y, x + i, cells - i, A_NORMAL);
	}
}

void draw_vcell(const struct draw *d, int y, int x, double frac, attr_t attr)
{
	if (clip(y, x, 1) == 0)
		return;
	if (d->utf8)
		draw_text(d, y, x, 1, low_eighths[lround(unit(frac) * 8)], attr);
	else
		draw_text(d, y, x, 1, unit(frac) >= 0.5 ? "#" : " ", attr);
}

void draw_braille(int y, int x, unsigned dots, attr_t attr)
{
	wchar_t wc[2] = { (wchar_t)(0x2800 + (dots & 0xff)), 0 };
	if (clip(y, x, 1) == 0)
		return;
	attrset(attr);
	mvaddnwstr(y, x, wc, 1);
	attrset(A_NORMAL);
}
