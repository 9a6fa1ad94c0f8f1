/* sliders.c -- the slider panel: lambda1..3, gamma and beta as bars with
 * their values; the mouse sets them by position. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

#define LABEL_W 8 /* "4 gamma " */
#define ABOUT_X 6 /* where a slider's description starts */
#define VALUE_W 8

/* At most 27 columns: the panel is 33 wide at 80 columns (as the text
 * that replaces lambda3's under the best solver's budget). */
static const char *const slider_about[SLIDER_COUNT] = {
	"weight of information gain",  "weight of accuracy gain",    "cost weight: up = smaller k",
	"rate of A = 1-exp(-gamma k)", "rate of I = ln(1 + beta k)",
};

_Static_assert(ACT_FOCUS_BETA - ACT_FOCUS_L1 == SLIDER_BETA - SLIDER_L1 && SLIDER_L1 == 0,
               "the focus keys follow enum slider");

/* Rows per slider (1, or 2 with its description) and the bar's geometry. */
struct slider_geom {
	int per, y0, bar_x, bar_w;
};

static struct slider_geom geometry(const struct rect *r)
{
	struct slider_geom g;
	g.per = r->h - 1 >= 2 * SLIDER_COUNT + 1 ? 2 : 1;
	g.y0 = r->y + 1;
	g.bar_x = r->x + 1 + LABEL_W;
	g.bar_w = r->w - 1 - LABEL_W - 1 - VALUE_W;
	if (g.bar_w < 1)
		g.bar_w = 1;
	return g;
}

/* Where V sits on slider S's bar, 0..1 (beyond 1 when above the range). */
static double bar_fraction(int s, double v)
{
	double lo, hi;
	int lg;
	state_slider_range(s, &lo, &hi, &lg);
	if (lg)
		return v > 0 ? (log10(v) - log10(lo)) / (log10(hi) - log10(lo)) : 0;
	return (v - lo) / (hi - lo);
}

void sliders_label(const struct draw *d, int s, char *buf, size_t size)
{
	switch (s) {
	case SLIDER_GAMMA:
		snprintf(buf, size, "%s", draw_glyph(d, GLYPH_GAMMA));
		break;
	case SLIDER_BETA:
		snprintf(buf, size, "%s", draw_glyph(d, GLYPH_BETA));
		break;
	default:
		snprintf(buf, size, "%s%d", draw_glyph(d, GLYPH_LAMBDA), s + 1);
		break;
	}
}

char *sliders_value(const struct draw *d, double v, int width, char *buf, size_t size)
{
	char tmp[40];

	fmt_param(tmp, sizeof tmp, v, width);
	if (fmt_exact(tmp, v) || width < 2) {
		snprintf(buf, size, "%s", tmp);
		return buf;
	}
	/* Rounded: say so, in the same width. */
	fmt_param(tmp, sizeof tmp, v, width - 1);
	snprintf(buf, size, "%s%s", draw_glyph(d, GLYPH_APPROX), tmp);
	return buf;
}

void sliders_draw(struct ui *ui, const struct rect *r)
{
	const struct draw *d = &ui->d;
	struct slider_geom g = geometry(r);
	char label[24], value[32], title[64];

	snprintf(title, sizeof title, "Sliders%s", ui->focus >= 0 ? " (focus)" : "");
	draw_rule(d, r->y, r->x, r->w, title, draw_attr(d, ROLE_DIM));
	for (int s = 0; s < SLIDER_COUNT; s++) {
		int y = g.y0 + s * g.per;
		double v = state_slider_get(ui->st, s), f = bar_fraction(s, v);
		int current = s == ui->slider, focused = s == ui->focus;
		/* Under a budget met by the best solver lambda3 has no say. */
		int idle = s == SLIDER_L3 && !state_lambda3_decides(ui->st);
		if (y >= r->y + r->h)
			break;
		draw_blank(y, r->x, r->w, A_NORMAL);
		draw_text(d, y, r->x, 1, current ? ">" : " ", A_BOLD);
		/* The digit that focuses it, then its name. */
		char name[16];
		sliders_label(d, s, name, sizeof name);
		snprintf(label, sizeof label, "%c %s", keys_first(ACT_FOCUS_L1 + s), name);
		draw_field(d, y, r->x + 1, LABEL_W - 1, label,
		           focused   ? draw_attr(d, ROLE_FOCUS)
		           : current ? A_BOLD
		                     : A_NORMAL,
		           0);
		/* The track, then the filled part over it. */
		for (int i = 0; i < g.bar_w; i++)
			draw_text(d, y, g.bar_x + i, 1, d->utf8 ? "\u2500" : "-",
			          draw_attr(d, ROLE_DIM));
		if (f > 0)
			draw_hbar(d, y, g.bar_x, g.bar_w, f, draw_attr(d, ROLE_BAR));
		if (f > 1)
			draw_text(d, y, g.bar_x + g.bar_w - 1, 1, ">",
			          draw_attr(d, ROLE_BAR) | A_BOLD);
		sliders_value(d, v, VALUE_W, value, sizeof value);
		draw_field(d, y, g.bar_x + g.bar_w + 1, VALUE_W, value,
		           idle      ? draw_attr(d, ROLE_DIM)
		           : current ? A_BOLD
		                     : A_NORMAL,
		           1);
		if (g.per == 2 && y + 1 < r->y + r->h)
			draw_field(d, y + 1, r->x + ABOUT_X, r->w - ABOUT_X,
			           idle ? "not deciding: best in budget" : slider_about[s],
			           draw_attr(d, ROLE_DIM), 0);
	}
	/* What the keys do, when there is a row to spare. */
	int used = 1 + SLIDER_COUNT * g.per;
	if (r->h > used) {
		const char *hint = ui->focus >= 0 ? "- + step  PgUp/PgDn x10  = type"
		                                  : "Tab or 1-5: focus  = type";
		draw_field(d, r->y + used, r->x + 1, r->w - 1, hint, draw_attr(d, ROLE_DIM), 0);
	}
}

int sliders_mouse(struct ui *ui, int y, int x, int wheel)
{
	const struct rect *r = &ui->sliders;
	struct slider_geom g = geometry(r);
	struct diag dg = { 0 };
	int s;

	if (y < g.y0 || y >= r->y + r->h || x < r->x || x >= r->x + r->w)
		return 0;
	s = (y - g.y0) / g.per;
	if (s >= SLIDER_COUNT)
		return 0;
	ui->slider = s;
	if (wheel) {
		double v = state_slider_step(s, state_slider_get(ui->st, s), -wheel, 0);
		if (state_slider_set(ui->st, s, v, 1, &dg) != BKSEF_OK)
			ui_message(ui, ROLE_ERR, "%s", dg.msg);
		return 1;
	}
	ui->focus = s;
	if (x >= g.bar_x && x < g.bar_x + g.bar_w && (y - g.y0) % g.per == 0) {
		double lo, hi, v, f = (x - g.bar_x + 0.5) / g.bar_w;
		int lg;
		state_slider_range(s, &lo, &hi, &lg);
		if (lg) {
			v = pow(10, log10(lo) + f * (log10(hi) - log10(lo)));
			/* Two significant digits: a click is not precise. */
			double mag = pow(10, floor(log10(v)) - 1);
			v = mag < 1 ? nearbyint(v * nearbyint(1 / mag)) / nearbyint(1 / mag)
			            : nearbyint(v / mag) * mag;
		} else {
			v = nearbyint((lo + f * (hi - lo)) * 100) / 100;
		}
		if (state_slider_set(ui->st, s, v, 0, &dg) != BKSEF_OK)
			ui_message(ui, ROLE_ERR, "%s", dg.msg);
	}
	return 1;
}
