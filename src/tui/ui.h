/* ui.h -- the explorer's one state struct, its screen layout, and the views
 * and panels that draw it (each a small table of operations, tig style). */
#ifndef BKSEF_TUI_UI_H
#define BKSEF_TUI_UI_H

#include <stddef.h>
#include <stdio.h>

#include "options.h"
#include "tui/draw.h"
#include "tui/state.h"

/* The smallest screen the explorer draws on. */
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

struct rect {
	int y, x, h, w;
};

enum view_id { VIEW_TABLE, VIEW_DETAIL, VIEW_HELP, VIEW_COUNT };

enum plot_id { PLOT_SCORE, PLOT_KSTAR, PLOT_MACS, PLOT_RF, PLOT_SWEEP, PLOT_COUNT };

/* What the footer's line editor is asking for. */
enum prompt_kind {
	PROMPT_NONE,
	PROMPT_VALUE,      /* an exact slider value */
	PROMPT_BUDGET,     /* a MAC budget */
	PROMPT_SEARCH,     /* a layer name */
	PROMPT_EXPORT,     /* the plan CSV's path */
	PROMPT_EXPORT_NET, /* the network CSV's path */
	PROMPT_OVERWRITE,  /* y/n: replace an existing file */
	PROMPT_QUIT,       /* y/n: quit with the exported plan out of date */
};

#define UI_PROMPT_MAX 1024

struct prompt {
	int kind;        /* enum prompt_kind */
	char label[160]; /* the question */
	char buf[UI_PROMPT_MAX];
	size_t len;
	int overwrite_of;         /* PROMPT_OVERWRITE: the export kind it confirms */
	char path[UI_PROMPT_MAX]; /* PROMPT_OVERWRITE: the file in question */
};

/* The explorer.  Everything the screen shows is derived from this struct and
 * its state; there is no other mutable state (see explorer.c for the one
 * signal flag). */
struct ui {
	struct state *st;
	const struct options *opt;
	struct draw d;
	int mouse;         /* mouse events enabled */
	int scripted;      /* keys from a file, screens dumped */
	int lazy_sweep;    /* draw a stale sweep and recompute it when idle */
	int sweep_pending; /* a stale sweep was drawn */
	int rows, cols;

	/* Layout, recomputed on every draw from rows and cols. */
	int too_small;
	struct rect header, table, sliders, graph, footer, bottom;

	/* Layer table: rows are every conv, or every layer (all_layers). */
	int all_layers;
	size_t sel, top; /* selected row and first visible row */
	int view;        /* enum view_id */
	int help_top;    /* first line of the help shown */
	int help_from;   /* the view the help returns to */
	int detail_top;  /* first line of the detail shown */
	int plot;        /* enum plot_id */
	int focus;       /* -1: the table; else the slider with the focus */
	int slider;      /* the slider the arrows move */
	char search[UI_PROMPT_MAX];
	/* Column widths over every layer, measured once (a draw must not
	 * walk the whole network). */
	int w_idx, w_in, w_out, w_stride, w_name;

	struct prompt pr;
	char msg[512]; /* footer message until the next key */
	int msg_role;

	/* Exports: the last path written and the state change it saw. */
	char export_path[UI_PROMPT_MAX];
	unsigned long export_change;
	int exported;
	int quit;
};

/* A view fills the main area (below the header, above the sliders/plots or
 * the whole middle for help).  REQUEST handles an action and returns 1 when
 * it did; unhandled actions fall through to the global handler. */
struct view_ops {
	const char *name;
	void (*draw)(struct ui *ui, const struct rect *area);
	int (*request)(struct ui *ui, int action);
};

extern const struct view_ops table_view, detail_view, help_view;

/* Panels around the views. */
void header_draw(struct ui *ui, const struct rect *r);
void footer_draw(struct ui *ui, const struct rect *r);
void sliders_draw(struct ui *ui, const struct rect *r);
void plot_draw(struct ui *ui, const struct rect *r);

/* Slider S's short name as shown ("λ3" or "l3"). */
void slider_label(const struct draw *d, int s, char *buf, size_t size);

/* The table's rows: how many, and the network layer of row R. */
size_t table_rows(const struct ui *ui);
size_t table_layer(const struct ui *ui, size_t r);
/* The row showing layer I (the nearest conv row when I is not listed). */
size_t table_row_of(const struct ui *ui, size_t i);
/* Measure the column widths (once, at start). */
void table_measure(struct ui *ui);
/* Move the selection by DELTA rows (clamped). */
void table_move(struct ui *ui, long delta);
/* Keep the selection on screen (after a move or a resize). */
void table_scroll(struct ui *ui, int visible);
/* The layer the selection is on. */
size_t ui_selected_layer(const struct ui *ui);

/* Mouse: a click at (Y, X) on the table selects; on a slider focuses and
 * sets it.  WHEEL: -1 up, +1 down, 0 a click.  Returns 1 when handled. */
int table_mouse(struct ui *ui, int y, int x, int wheel);
int sliders_mouse(struct ui *ui, int y, int x, int wheel);

/* The footer's line editor: open it asking LABEL; feed it keys; open it
 * for an export of KIND (PROMPT_EXPORT or PROMPT_EXPORT_NET). */
void prompt_open(struct ui *ui, int kind, const char *label);
void prompt_key(struct ui *ui, int key);
void prompt_export(struct ui *ui, int kind);

/* Select the next (DIR 1) or previous (-1) row whose name contains the
 * search text, from the selection (SKIP_CURRENT: from the row after it). */
void ui_search(struct ui *ui, int dir, int skip_current);

/* Set the footer message (printf style). */
void ui_message(struct ui *ui, int role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Draw the whole screen into stdscr (wnoutrefresh/doupdate by the caller). */
void ui_draw(struct ui *ui);

#endif
