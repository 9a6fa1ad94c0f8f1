/* busy.h -- long work in the explorer: after 200 ms the status line says
 * what is being done, with a bar and the elapsed time, and Esc cancels it
 * (the core then leaves everything as it was, progress.h). */
#ifndef BKSEF_TUI_BUSY_H
#define BKSEF_TUI_BUSY_H

#include <signal.h>

#include "progress.h"
#include "tui/draw.h"

struct script;

/* Work shows its progress once it has run this long (seconds). */
#define BUSY_SHOW_AFTER 0.2

/* Keys typed during the work (other than Esc), kept for after it. */
#define BUSY_AHEAD 64

struct busy {
	/* Set by the explorer: where to draw, where keys come from. */
	const struct draw *d;
	struct script *sc;                 /* scripted: the script's next items are read
	                      during the work (:dump, <Esc>) */
	int rows, cols;                    /* the screen; the status line is its last row */
	const volatile sig_atomic_t *stop; /* a stop signal cancels too */

	/* The work under way. */
	struct progress sink;
	struct progress_saved saved;
	int depth;        /* nested busy_begin calls */
	int shown;        /* its line was drawn */
	const char *what; /* what it said last */
	double elapsed;   /* when it ended */

	/* After a cancel: what was cancelled, and the change count it
	 * happened at (held + 1; 0: none), so that work done while drawing is
	 * not started again until something changes or Ctrl-L. */
	char cancelled[64];
	unsigned long held;

	int ahead[BUSY_AHEAD];
	int n_ahead;
};

/* Whether work cancelled at the state's change count CHANGE is held (not
 * to be started again by drawing). */
static inline int busy_holds(const struct busy *b, unsigned long change)
{
	return b->held == change + 1;
}

/* Start watching the work that follows (nests: only the outermost
 * counts). */
void busy_begin(struct busy *b);

/* Stop watching it; 1 when it was cancelled (B->cancelled says what), 0
 * otherwise. */
int busy_end(struct busy *b);

/* The sink busy_begin installs (CTX: the struct busy): after 200 ms it
 * draws the progress line and reads Esc (scripted: the script's :dump
 * items and <Esc>); non-zero cancels. */
int busy_report(void *ctx, const char *what, double done);

/* A key typed during the work and kept, or -1. */
int busy_next_key(struct busy *b);

/* Whether keys typed during the work wait. */
int busy_has_keys(const struct busy *b);

/* Draw the progress line for WHAT at DONE (0 to 1, or < 0: not known)
 * after ELAPSED seconds on row Y, COLS wide. */
void busy_draw_line(const struct draw *d, int y, int cols, const char *what, double done,
                    double elapsed);

#endif
