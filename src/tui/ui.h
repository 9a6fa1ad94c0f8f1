/* ui.h -- the explorer's one state struct, its screen layout, the views
 * (each a table of operations over per-view state, tig style) and the
 * panels around them. */
#ifndef BKSEF_TUI_UI_H
#define BKSEF_TUI_UI_H

#include <stddef.h>
#include <stdio.h>

#include "options.h"
#include "tui/busy.h"
#include "tui/draw.h"
#include "tui/lineedit.h"
#include "tui/state.h"
#include "tui/text.h"

/* The smallest screen the explorer draws on. */
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

struct rect {
	int y, x, h, w;
};

struct ui;
struct view;

/* A scrolled list of lines: TOTAL lines, VISIBLE on screen from TOP.  With
 * CURSOR set the list has a selection, SEL, that scrolling moves and TOP
 * follows (the layer table); without, scrolling moves TOP (the detail, the
 * help).  One helper, view_scroll, serves every view. */
struct scroll {
	size_t top, sel, total;
	int visible;
	int cursor;
};

/* How view_scroll moves. */
enum scroll_how {
	SCROLL_LINES, /* by N lines (the arrows, the wheel) */
	SCROLL_PAGES, /* by N pages */
	SCROLL_HOME,  /* to the first line */
	SCROLL_END,   /* to the last */
};

/* A footer hint: the first key of ACTION, then TEXT.  The hints for help
 * and quit are drawn however narrow the line (frame.c). */
struct hint {
	int action;
	const char *text;
};

/* View flags. */
enum view_flag {
	VIEW_FULL = 1,   /* covers the sliders and the plots */
	VIEW_MODAL = 2,  /* takes every key: the slider focus does not page */
	VIEW_BESIDE = 4, /* from UI_BESIDE_COLS columns on, drawn beside the view
	                    it was opened from rather than over it */
};

/* The width from which a VIEW_BESIDE view shares the screen. */
#define UI_BESIDE_COLS 160

/* What a view brings (tig's struct view_ops).  Every hook gets the view's
 * own state; the frame gives it the area between the header and the
 * sliders (all of it above the footer with VIEW_FULL).
 *  - draw: draw into AREA (the title line, AREA's first row, is drawn by
 *    the frame from TITLE, except for a view without one);
 *  - key: handle ACTION as this view means it; 1 when it did, 0 to leave it
 *    to the request's own handler (actions.c);
 *  - mouse: a click (WHEEL 0) or wheel notch (-1 up, +1 down) at (Y, X)
 *    inside the view's area; 1 when handled;
 *  - scroll: measure the view's scroll state for AREA (total lines, lines
 *    visible) before view_scroll moves it or a draw clamps it;
 *  - title: the title line's text into T (left empty: the view draws its
 *    own first row);
 *  - rows: how many rows the view could fill (0: as many as it gets), so
 *    that a short table gives its spare rows to the plots. */
struct view_ops {
	const char *name;
	int flags;                /* enum view_flag */
	const struct hint *hints; /* footer hints, ending with a NULL text */
	void (*draw)(struct ui *ui, struct view *v, const struct rect *area);
	int (*key)(struct ui *ui, struct view *v, int action);
	int (*mouse)(struct ui *ui, struct view *v, int y, int x, int wheel);
	void (*scroll)(struct ui *ui, struct view *v, const struct rect *area);
	void (*title)(struct ui *ui, struct view *v, struct text *t);
	size_t (*rows)(struct ui *ui, struct view *v);
	void (*free)(struct view *v); /* frees DATA; NULL: nothing to free */
};

/* A view's state: its scroll, the view it returns to, its own data. */
struct view {
	const struct view_ops *ops;
	struct scroll sc;
	int from;   /* enum view_id to return to on close */
	void *data; /* the view's own (table: row set and column widths;
	               detail and help: their built texts) */
};

enum view_id { VIEW_TABLE, VIEW_DETAIL, VIEW_HELP, VIEW_SWEEP, VIEW_COMPARE, VIEW_COUNT };

enum plot_id { PLOT_SCORE, PLOT_KSTAR, PLOT_MACS, PLOT_RF, PLOT_SWEEP, PLOT_FRONTIER, PLOT_COUNT };

/* What the footer's line editor is asking for. */
enum prompt_kind {
	PROMPT_NONE,
	PROMPT_VALUE,      /* an exact slider value */
	PROMPT_BUDGET,     /* a MAC budget */
	PROMPT_SEARCH,     /* a layer name */
	PROMPT_EXPORT,     /* the plan CSV's path */
	PROMPT_EXPORT_NET, /* the network CSV's path */
	PROMPT_OPEN,       /* a network to open */
	PROMPT_INPUT_SIZE, /* the input size of the model being opened */
	PROMPT_PINS,       /* a plan CSV to load pins from */
	PROMPT_YES_NO,     /* y/n: then YES runs (no history) */
};

struct prompt {
	int kind;           /* enum prompt_kind */
	struct text label;  /* the question */
	struct lineedit ed; /* the answer so far (no length limit) and the cursor */
	int tabbed;         /* the last key was Tab: the next one lists the matches */
	/* Earlier answers of each kind (PROMPT_VALUE .. PROMPT_PINS),
	 * for Up and Down, kept while the explorer runs. */
	struct lineedit_history history[PROMPT_YES_NO];
	/* PROMPT_YES_NO: what y does, with its argument (a file to replace,
	 * ...); any other key says NO_TEXT. */
	void (*yes)(struct ui *ui, const char *arg);
	struct text arg;
	const char *no_text;
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
	struct rect header, main, sliders, graph, footer, bottom;
	struct rect beside; /* the view a VIEW_BESIDE view was opened from
	                       (w 0: none); main is then the right part */

	struct view views[VIEW_COUNT];
	int view; /* enum view_id: the one shown */

	int plot;   /* enum plot_id */
	int focus;  /* -1: the table; else the slider with the focus */
	int slider; /* the slider the arrows move */
	struct text search;
	void *header_data; /* header.c's texts, built when the plan changes */
	void *plot_data;   /* plots.c's canvas, sized to the panel */
	void *file_data;   /* files.c's: the network file shown, as loaded */

	struct prompt pr;
	struct text msg; /* footer message until the next key */
	int msg_role;
	int oom; /* a text ran out of memory: the footer says so until the next key */

	/* Exports: the last path written, and whether there was one. */
	struct text export_path;
	int exported;
	int quit;

	/* Long work: its progress line and Esc (busy.h); how many presses of
	 * a step key the one being handled stands for (held keys coalesce). */
	struct busy busy;
	long repeat;
	int drawn_plot; /* the plot last drawn whole: one whose work is
	                   cancelled gives the panel back to it */
};

/* ui.c: the struct's life, messages, the selection. */

/* A new explorer over ST (owned from here on) and OPT (borrowed): every
 * view opened at its start; NULL when out of memory (ST is then freed). */
struct ui *ui_new(struct state *st, const struct options *opt);
void ui_free(struct ui *ui);

/* Set the footer message (printf style). */
void ui_message(struct ui *ui, int role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The layer the table's selection is on. */
size_t ui_selected_layer(const struct ui *ui);

/* view.c: the one view table and the shared scroll helper. */

/* The view shown, and view ID. */
struct view *view_current(struct ui *ui);
struct view *view_get(struct ui *ui, int id);

/* Show view ID; closing it returns to the view shown now. */
void view_open(struct ui *ui, int id);
/* Return to the view the current one was opened from. */
void view_close(struct ui *ui);

/* Move V's scroll state as HOW says (N lines or pages; negative: up),
 * after measuring it for its area; keeps the selection and TOP in range. */
void view_scroll(struct ui *ui, struct view *v, int how, long n);

/* Keep V's scroll state in range for its current measure. */
void view_scroll_clamp(struct scroll *sc);

/* Start every view over (another network is shown): their data freed,
 * their scroll at the top, the table shown. */
void view_reset_all(struct ui *ui);

/* frame.c: layout, header, footer, the whole screen. */

/* Draw the whole screen into stdscr (wnoutrefresh/doupdate by the caller). */
void frame_draw(struct ui *ui);

/* header.c: the title bar, the totals and the parameters in force. */

/* The rows the header takes at width W (3, or 4 when the parameters need
 * two lines); draw it into R; free its texts. */
int header_lines(struct ui *ui, int w);
void header_draw(struct ui *ui, const struct rect *r);
void header_free(struct ui *ui);

/* The views (table.c, detail.c, help.c, sweep_view.c, compare_view.c). */
extern const struct view_ops table_view, detail_view, help_view, sweep_view, compare_view;

/* sweep_view.c: show the lambda3 sweep as a list, the plan in force
 * selected. */
void sweep_view_open(struct ui *ui);

/* compare_view.c: mark the current plan (its request) as A; open the
 * compare view of A against the current plan (a message when none is
 * marked). */
void compare_mark(struct ui *ui);
void compare_open(struct ui *ui);
/* Drop the mark (closing the compare view): A's session holds the network
 * it was marked on, so whatever replaces or reloads the network (the
 * explorer's o and r) must call this first. */
void compare_forget(struct ui *ui);

/* table.c: the rows of the layer table and the search. */

/* The table's rows: how many, and the network layer of row R. */
size_t table_rows(const struct ui *ui);
size_t table_layer(const struct ui *ui, size_t r);
/* Show every layer, or the convolutions only, keeping the selection. */
void table_toggle_all(struct ui *ui);
/* Whether every layer is listed. */
int table_all_layers(const struct ui *ui);
/* The rows' filter (enum rows_filter, tui/rows.h), and set it, keeping the
 * selection on its layer where the filter keeps it. */
int table_filter(const struct ui *ui);
void table_set_filter(struct ui *ui, int filter);
/* Sort by the heading after (DIR 1) or before (-1) the sort column, or
 * invert the order; either says the new order in the footer. */
void table_sort_step(struct ui *ui, int dir);
void table_sort_invert(struct ui *ui);
/* The order in words ("MACs descending") into BUF. */
char *table_sort_name(const struct ui *ui, char *buf, size_t size);
/* The table's filter and order, kept while o or r replaces the network:
 * table_order_save before, table_order_restore after (a score column's
 * order by its kernel, dropped when the new network has no such column). */
struct table_order {
	int filter, sort_col, desc;
	struct kernel sort_kernel;
};
void table_order_save(const struct ui *ui, struct table_order *o);
void table_order_restore(struct ui *ui, const struct table_order *o);
/* With the table in focus and score columns cut off: scroll them one
 * column in DIR and return 1; else 0 (the arrows step the slider). */
int table_scroll_columns(struct ui *ui, int dir);
/* After an action: mark the rows whose kernel it changed (until
 * table_marks_clear, when the next one begins) and return how many (0:
 * none, or no change of the plan); -1 when memory ran out. */
long table_note_changes(struct ui *ui);
void table_marks_clear(struct ui *ui);
/* Select the next (DIR 1) or previous (-1) row whose name contains the
 * search text, from the selection (SKIP_CURRENT: from the row after it). */
void table_search(struct ui *ui, int dir, int skip_current);

/* sliders.c: the slider panel. */
void sliders_draw(struct ui *ui, const struct rect *r);
/* A click on a slider focuses and sets it, the wheel steps it; 1 when
 * (Y, X) is on the panel's sliders. */
int sliders_mouse(struct ui *ui, int y, int x, int wheel);
/* Slider S's short name as shown ("λ3" or "l3"). */
void sliders_label(const struct draw *d, int s, char *buf, size_t size);
/* Parameter V of slider S as the screen shows it, at most WIDTH columns:
 * four significant digits, marked with "≈" when that is not the value
 * itself. */
char *sliders_value(const struct draw *d, double v, int width, char *buf, size_t size);

/* plots.c: the plot panel. */
void plots_draw(struct ui *ui, const struct rect *r);
void plots_free(struct ui *ui);

/* prompt.c: the footer's line editor. */

/* Open it asking LABEL; feed it keys; open it for an export of KIND
 * (PROMPT_EXPORT or PROMPT_EXPORT_NET). */
void prompt_open(struct ui *ui, int kind, const char *label);
void prompt_key(struct ui *ui, int key);
void prompt_export(struct ui *ui, int kind);
/* Ask LABEL (y/n): y runs YES with ARG, any other key says NO_TEXT. */
void prompt_yes_no(struct ui *ui, const char *label, void (*yes)(struct ui *ui, const char *arg),
                   const char *arg, const char *no_text);
void prompt_free(struct ui *ui);

/* files.c: the network file shown, o and r. */

/* Ask for a network to open; act on the answer of a PROMPT_OPEN or
 * PROMPT_INPUT_SIZE prompt; reload the file shown (refused, with a message,
 * for standard input and a bundled network).  Another network starts a new
 * history carrying the request over (state_carry), and the footer says
 * what did not carry; a load that fails says why, GNU style, and keeps the
 * network shown. */
void files_open_prompt(struct ui *ui);
void files_accept(struct ui *ui, int kind, const char *answer);
void files_reload(struct ui *ui);
/* Check whether the file changed on disk (on a terminal at most once a
 * second); 1 when that changed what the header shows. */
int files_poll(struct ui *ui);
/* The file as the user named it (*BUNDLED: a bundled network's name);
 * whether it changed on disk since it was loaded; whether the request in
 * force (and so the plan) differs from the one last exported, or the one
 * the network was loaded with (undoing back to it clears the mark). */
const char *files_name(struct ui *ui, int *bundled);
int files_changed(struct ui *ui);
int files_unexported(struct ui *ui);
/* The plan in force was just exported: it is the one files_unexported
 * compares with. */
void files_exported(struct ui *ui);
void files_free(struct ui *ui);

/* actions.c: the request list's handlers. */

/* Do ACTION (the view's key hook has declined it). */
void actions_run(struct ui *ui, int action);
/* Step the current slider one step (COARSE: ten) in DIR. */
void actions_step_slider(struct ui *ui, int dir, int coarse);

#endif
