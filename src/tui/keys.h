/* keys.h -- the explorer's key table: the one list of keys that drives the
 * dispatch, the help overlay, the manual page and the scripted-key names. */
#ifndef BKSEF_TUI_KEYS_H
#define BKSEF_TUI_KEYS_H

#include <stddef.h>
#include <stdio.h>

/* What a key asks for.  The meaning of the paging keys depends on the focus
 * (the table, or a slider): see keys.c. */
enum action {
	ACT_NONE,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_DETAIL,
	ACT_BACK,
	ACT_SEARCH,
	ACT_SEARCH_NEXT,
	ACT_SEARCH_PREV,
	ACT_ALL_LAYERS,
	ACT_STEP_DOWN,
	ACT_STEP_UP,
	ACT_FOCUS_NEXT,
	ACT_FOCUS_PREV,
	ACT_FOCUS_L1,
	ACT_FOCUS_L2,
	ACT_FOCUS_L3,
	ACT_FOCUS_GAMMA,
	ACT_FOCUS_BETA,
	ACT_SET_VALUE,
	ACT_SCOPE,
	ACT_COST,
	ACT_PRESET,
	ACT_CANDIDATES,
	ACT_RESET,
	ACT_UNDO,
	ACT_REDO,
	ACT_BUDGET,
	ACT_PIN_CYCLE,
	ACT_UNPIN,
	ACT_UNPIN_ALL,
	ACT_PLOT_NEXT,
	ACT_PLOT_1,
	ACT_PLOT_2,
	ACT_PLOT_3,
	ACT_PLOT_4,
	ACT_PLOT_5,
	ACT_EXPORT_PLAN,
	ACT_EXPORT_NET,
	ACT_HELP,
	ACT_REDRAW,
	ACT_QUIT,
	ACT_COUNT
};

/* One row of the key table: up to KEYS_PER_ROW key codes (curses codes or
 * bytes; 0 ends the list) for one action, with its help group and text. */
#define KEYS_PER_ROW 4
struct key_row {
	int action;
	const char *group; /* heading in the help and the manual; NULL: as above */
	int key[KEYS_PER_ROW];
	const char *help;
};

/* The table, in help order, and its length. */
extern const struct key_row keys_table[];
extern const size_t keys_table_len;

/* The action bound to key code KEY, or ACT_NONE. */
int keys_action(int key);

/* Name of key code KEY as the help, the manual and key scripts write it
 * ("Up", "PgDn", "C-r", "F1", "Space", "q"), into BUF of SIZE bytes. */
char *keys_name(int key, char *buf, size_t size);

/* The key code named NAME (a name keys_name gives, without the angle
 * brackets, or a single character); -1 if unknown. */
int keys_parse(const char *name);

/* The keys of table row R joined with " " ("Up k") into BUF. */
char *keys_row_names(const struct key_row *r, char *buf, size_t size);

/* Write the table as roff for bksef(1)'s INTERACTIVE USE section. */
void keys_write_roff(FILE *fp);

#endif
