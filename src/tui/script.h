/* script.h -- the scripted mode (tig style): keys from a file, screens dumped
 * as plain text, no terminal needed.
 *
 * A key script has one item per line:
 *   q  /  =  #           a line of one character is that key
 *   <Right> <PgDn> <F1>  a named key (keys_name's names; <C-r> is Ctrl-R)
 *   :dump [LABEL]        append the screen to the dump, trailing spaces trimmed
 *   :resize WxH          resize the screen
 *   :type TEXT           type each character of TEXT (the rest of the line)
 *   :repeat N KEY        press KEY (a character or <Name>) N times
 *   :click X Y           left click at column X, row Y (0-based)
 *   :wheel up|down X Y   mouse wheel at column X, row Y
 *   # comment            a '#' and at least one more character
 * Blank lines are ignored. */
#ifndef BKSEF_TUI_SCRIPT_H
#define BKSEF_TUI_SCRIPT_H

#include <stdio.h>

enum script_event { SCRIPT_END, SCRIPT_KEY, SCRIPT_DUMP, SCRIPT_RESIZE, SCRIPT_MOUSE };

struct script_item {
	int type;          /* enum script_event */
	int key;           /* SCRIPT_KEY */
	int x, y, wheel;   /* SCRIPT_MOUSE: wheel -1 up, +1 down, 0 click */
	int cols, rows;    /* SCRIPT_RESIZE */
	const char *label; /* SCRIPT_DUMP; valid until the next item */
};

struct script;

/* Open the key script PATH; screens go to DUMP_PATH (NULL: standard output).
 * Returns NULL with the reason in ERR (SIZE bytes) and in errno (ENOMEM:
 * out of memory) when a file cannot be opened. */
struct script *script_open(const char *path, const char *dump_path, char *err, size_t size);

/* The next item.  Returns 1 with *IT filled, 0 at the end, -1 on a line it
 * cannot read (ERR says which and why, "FILE:LINE: ..."). */
int script_next(struct script *sc, struct script_item *it, char *err, size_t size);

/* The item script_next returns next, read now and kept for it (errno is
 * then script_next's when it fails). */
int script_peek(struct script *sc, struct script_item *it, char *err, size_t size);

/* Append stdscr's text (ROWS x COLS) to the dump under LABEL. */
void script_dump(struct script *sc, int rows, int cols, const char *label);

/* Close both files; returns 0, or -1 when writing the dump failed, with
 * errno the failed write's. */
int script_close(struct script *sc);

#endif
