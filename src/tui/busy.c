/* busy.c -- the explorer's progress line and Esc for long work. */
#include <config.h>

#include "tui/busy.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tui/keys.h"
#include "tui/script.h"

void busy_draw_line(const struct draw *d, int y, int cols, const char *what, double done,
                    double elapsed)
{
	char left[96], right[64];
	int bar = cols / 4;

	snprintf(left, sizeof left, "%s ", what);
	if (done >= 0)
		snprintf(right, sizeof right, " %3d%%  %.1f s  Esc cancels", (int)(done * 100),
		         elapsed);
	else
		snprintf(right, sizeof right, "  %.1f s  Esc cancels", elapsed);
	draw_blank(y, 0, cols, A_NORMAL);
	int x = draw_text(d, y, 0, cols - bar - draw_width(d, right), left, A_BOLD);
	if (done >= 0) {
		draw_text(d, y, x, 1, "[", A_NORMAL);
		draw_hbar(d, y, x + 1, bar - 2, done, draw_attr(d, ROLE_BAR));
		draw_text(d, y, x + bar - 1, 1, "]", A_NORMAL);
	} else {
		/* Not known how far: a block that moves with the time. */
		int at = (int)(elapsed * 10) % (bar > 4 ? bar - 4 : 1);
		draw_text(d, y, x, 1, "[", A_NORMAL);
		draw_blank(y, x + 1, bar - 2, A_NORMAL);
		draw_hbar(d, y, x + 1 + at, 2, 1, draw_attr(d, ROLE_BAR));
		draw_text(d, y, x + bar - 1, 1, "]", A_NORMAL);
	}
	draw_text(d, y, x + bar, cols - x - bar, right, draw_attr(d, ROLE_DIM));
}

static void keep_key(struct busy *b, int key)
{
	if (b->n_ahead < BUSY_AHEAD)
		b->ahead[b->n_ahead++] = key;
}

/* The script's items that belong to the time the work runs: screens to
 * dump, and an Esc that cancels it.  1: cancel. */
static int poll_script(struct busy *b)
{
	struct script_item it;
	char err[600];

	for (;;) {
		int got = script_peek(b->sc, &it, err, sizeof err);
		if (got <= 0)
			return 0; /* the loop reads the end or the error */
		if (it.type == SCRIPT_DUMP) {
			(void)script_next(b->sc, &it, err, sizeof err);
			script_dump(b->sc, b->rows, b->cols, it.label);
			continue;
		}
		if (it.type == SCRIPT_KEY && it.key == KEYS_ESC) {
			(void)script_next(b->sc, &it, err, sizeof err);
			return 1;
		}
		return 0;
	}
}

/* Keys typed on the terminal while the work runs: Esc cancels, others are
 * kept for after.  1: cancel. */
static int poll_terminal(struct busy *b)
{
	int key, cancel = 0;

	wtimeout(stdscr, 0);
	while (!cancel && (key = wgetch(stdscr)) != ERR) {
		if (key == KEYS_ESC)
			cancel = 1;
		else
			keep_key(b, key); /* a resize or a click too: after the work */
	}
	return cancel;
}

int busy_report(void *ctx, const char *what, double done)
{
	struct busy *b = ctx;
	double t = progress_elapsed();

	b->what = what;
	if (b->stop != NULL && *b->stop)
		return 1;
	if (t < BUSY_SHOW_AFTER || b->d == NULL)
		return 0;
	b->shown = 1;
	busy_draw_line(b->d, b->rows - 1, b->cols, what, done, t);
	if (b->sc != NULL)
		return poll_script(b);
	wnoutrefresh(stdscr);
	doupdate();
	return poll_terminal(b);
}

void busy_begin(struct busy *b)
{
	if (b->depth++ > 0)
		return;
	b->sink.report = busy_report;
	b->sink.ctx = b;
	b->shown = 0;
	b->what = NULL;
	progress_begin(&b->sink, &b->saved);
}

int busy_end(struct busy *b)
{
	if (b->depth == 0 || --b->depth > 0)
		return 0;
	int cancelled = progress_cancelled();
	b->elapsed = progress_elapsed();
	progress_end(&b->saved);
	if (cancelled)
		snprintf(b->cancelled, sizeof b->cancelled, "%s", b->what ? b->what : "the work");
	return cancelled;
}

int busy_next_key(struct busy *b)
{
	if (b->n_ahead == 0)
		return -1;
	int key = b->ahead[0];
	memmove(b->ahead, b->ahead + 1, (size_t)--b->n_ahead * sizeof b->ahead[0]);
	return key;
}

int busy_has_keys(const struct busy *b)
{
	return b->n_ahead > 0;
}
