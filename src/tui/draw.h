/* draw.h -- drawing primitives over ncurses: roles mapped to colours or to
 * monochrome attributes, text clipped to a width (UTF-8 aware; controls,
 * format characters and invalid bytes escaped as in every other place,
 * escape.h), and the glyphs that differ between UTF-8 and plain ASCII. */
#ifndef BKSEF_TUI_DRAW_H
#define BKSEF_TUI_DRAW_H

#include <curses.h>

#include "kernel.h"
#include "tui/text.h"

/* What a piece of the screen is; each role has a colour and a monochrome
 * attribute. */
enum role {
	ROLE_NORMAL,
	ROLE_TITLE,   /* the title bar */
	ROLE_LABEL,   /* "MACs", "scope", ... */
	ROLE_DIM,     /* secondary text */
	ROLE_UP,      /* a figure that grew (costs more) */
	ROLE_DOWN,    /* a figure that shrank */
	ROLE_HEAD,    /* table column headings, panel titles */
	ROLE_SEL,     /* the selected row */
	ROLE_BEST,    /* the chosen candidate's score */
	ROLE_PIN,     /* a pinned kernel */
	ROLE_CHANGED, /* a kernel that differs from the baseline's */
	ROLE_BAR,     /* slider bars */
	ROLE_FOCUS,   /* the focused slider */
	ROLE_SERIES1, /* plots: the plan / the score S */
	ROLE_SERIES2, /* plots: the baseline / lambda1 I~ */
	ROLE_SERIES3, /* plots: lambda2 A~ / mean k */
	ROLE_SERIES4, /* plots: lambda3 C~ */
	ROLE_MARK,    /* plots: the current lambda3, the input size */
	ROLE_OK,      /* footer: success */
	ROLE_ERR,     /* footer: failure */
	ROLE_PROMPT,  /* footer: a question */
	ROLE_COUNT
};

/* Glyphs with a UTF-8 form and an ASCII form. */
enum glyph {
	GLYPH_HLINE,
	GLYPH_VLINE,
	GLYPH_ARROW,
	GLYPH_DOT,
	GLYPH_LAMBDA,
	GLYPH_GAMMA,
	GLYPH_BETA,
	GLYPH_IN, /* normalised I: "I~" */
	GLYPH_AN, /* normalised A */
	GLYPH_CN, /* normalised C */
	GLYPH_TIMES,
	GLYPH_MINUS,
	GLYPH_STAR,      /* marks k* */
	GLYPH_APPROX,    /* a value shown rounded */
	GLYPH_SHAPE,     /* a kernel that would change the output shape */
	GLYPH_SORT_UP,   /* a heading the table sorts by, ascending */
	GLYPH_SORT_DOWN, /* descending */
	GLYPH_COUNT
};

/* The drawing state: part of the explorer's one state struct, passed to
 * every primitive (there is no global drawing state). */
struct draw {
	int utf8;    /* Unicode glyphs (the locale is UTF-8 and --ascii is off) */
	int color;   /* colours in use */
	int braille; /* line plots in braille (UTF-8 and colour) */
	attr_t attr[ROLE_COUNT];
};

/* Fill D: colours when COLOR and the terminal has them, Unicode when UTF8.
 * Call after the screen exists. */
void draw_init(struct draw *d, int color, int utf8);

/* The curses attribute of ROLE. */
static inline attr_t draw_attr(const struct draw *d, int role)
{
	return d->attr[role];
}

/* A glyph's text. */
const char *draw_glyph(const struct draw *d, int g);

/* Kernel K as every screen writes it: its token (kernel_format) with the
 * axes joined by the times glyph, "1\u00d77" in UTF-8 and "1x7" in ASCII (a
 * square kernel is its size, "3"); into BUF of SIZE bytes.  Returns BUF. */
char *draw_kernel(const struct draw *d, const struct kernel *k, char *buf, size_t size);

/* Kernel K as a sentence names it: a square 2-D or 3-D kernel as "3x3" or
 * "3x3x3" (the times glyph between; "ds3x3" realised depthwise-separable),
 * any other as draw_kernel writes it. */
char *draw_kernel_name(const struct draw *d, const struct kernel *k, char *buf, size_t size);

/* Room draw_kernel and draw_kernel_name always have enough of (each "x"
 * may take two bytes). */
#define DRAW_KERNEL_MAX (2 * KERNEL_TOKEN_MAX)

/* Write S at (Y, X) with ATTR, at most W columns, cut by whole characters
 * and escapes; returns the columns written.  What escape_step escapes
 * shows as its escape ("\x1B", "\u202E"); other characters that are not
 * one column wide (or not ASCII, in ASCII mode) become '?'. */
int draw_text(const struct draw *d, int y, int x, int w, const char *s, attr_t attr);

/* Like draw_text, but a text wider than W loses its beginning, by whole
 * characters and escapes, marked by an ellipsis ("~15.conv.1.0"): the end
 * of a layer name tells layers apart. */
int draw_text_mid(const struct draw *d, int y, int x, int w, const char *s, attr_t attr);

/* The same, padded with spaces to exactly W columns; RIGHT aligns right. */
void draw_field(const struct draw *d, int y, int x, int w, const char *s, attr_t attr, int right);

/* A number S right-aligned in exactly W columns; one wider than W is
 * never cut: it shows as W '#'s (the help explains them). */
void draw_number(const struct draw *d, int y, int x, int w, const char *s, attr_t attr);

/* The display width of S (as draw_text would write it). */
int draw_width(const struct draw *d, const char *s);

/* Line LINE (0-based) of S word-wrapped to W columns, into BUF of SIZE
 * bytes when BUF is not NULL (a line longer than SIZE - 1 bytes is cut:
 * callers size BUF for their text); returns how many lines S takes (at
 * least 1).  draw_wrap_text puts the line into OUT, whatever its length. */
int draw_wrap(const struct draw *d, const char *s, int w, int line, char *buf, size_t size);
int draw_wrap_text(const struct draw *d, const char *s, int w, int line, struct text *out);

/* W spaces with ATTR at (Y, X). */
void draw_blank(int y, int x, int w, attr_t attr);

/* A horizontal rule of W columns with TITLE near its left end. */
void draw_rule(const struct draw *d, int y, int x, int w, const char *title, attr_t attr);

/* A horizontal bar of FRAC (0..1) of W columns: full cells and, in UTF-8, an
 * eighth-precise last cell. */
void draw_hbar(const struct draw *d, int y, int x, int w, double frac, attr_t attr);

/* One cell of a vertical bar filled to FRAC (0..1) from the bottom. */
void draw_vcell(const struct draw *d, int y, int x, double frac, attr_t attr);

/* A braille cell with dot bits DOTS (bit 0..7 as Unicode numbers them). */
void draw_braille(int y, int x, unsigned dots, attr_t attr);

#endif
