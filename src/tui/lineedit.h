/* lineedit.h -- readline's basics for the footer's prompts, without
 * curses: an entry with a cursor (moves, deletions and kills that never
 * split a UTF-8 character) and a history of earlier entries to walk with
 * Up and Down.  prompt.c maps the keys to these calls. */
#ifndef BKSEF_TUI_LINEEDIT_H
#define BKSEF_TUI_LINEEDIT_H

#include <stddef.h>

#include "tui/text.h"

/* An entry: its text and the cursor, a byte offset at the start of a
 * character (or at the end).  The zero value is an empty entry. */
struct lineedit {
	struct text buf;
	size_t cur;
};

/* Empty LE; free its memory. */
void lineedit_clear(struct lineedit *le);
void lineedit_free(struct lineedit *le);

/* Make the entry S, the cursor at its end; 0, or -1 when out of memory
 * (LE->buf.failed is then set). */
int lineedit_set(struct lineedit *le, const char *s);

/* Insert the N bytes of S at the cursor and move the cursor past them;
 * 0, or -1 when out of memory (the entry is then left as it was, with
 * LE->buf.failed set).  Typing the bytes of one UTF-8 character one at a
 * time inserts them together. */
int lineedit_insert(struct lineedit *le, const char *s, size_t n);

/* Cursor moves: one character left or right, to the start or the end. */
void lineedit_left(struct lineedit *le);
void lineedit_right(struct lineedit *le);
void lineedit_home(struct lineedit *le);
void lineedit_end(struct lineedit *le);

/* Deletions: the character before the cursor (Backspace), the one at it
 * (Delete), everything before it (Ctrl-U), everything from it (Ctrl-K),
 * the word before it with the blanks after that word (Ctrl-W: a word ends
 * at a space or a tab, as readline's unix-word-rubout). */
void lineedit_backspace(struct lineedit *le);
void lineedit_delete(struct lineedit *le);
void lineedit_kill_start(struct lineedit *le);
void lineedit_kill_end(struct lineedit *le);
void lineedit_kill_word(struct lineedit *le);

/* Earlier entries, oldest first, at most LINEEDIT_HISTORY (the oldest
 * goes); POS is where Up and Down are (N: the entry being typed, saved in
 * DRAFT while another is shown).  The zero value is an empty history. */
#define LINEEDIT_HISTORY 100
struct lineedit_history {
	char *v[LINEEDIT_HISTORY];
	size_t n, pos;
	struct text draft;
};

/* Remember S (not an empty one, nor the same as the last) and go back to
 * the end; -1 when out of memory (nothing remembered). */
int lineedit_history_add(struct lineedit_history *h, const char *s);

/* Up (DIR -1) or Down (+1): show the previous or next entry in LE, or at
 * the end the draft LE had when Up first left it; 0 when there is none
 * (LE unchanged), 1 when it moved, -1 when out of memory. */
int lineedit_history_move(struct lineedit_history *h, struct lineedit *le, int dir);

/* Start a new entry: the next Up shows the last entry remembered. */
void lineedit_history_rewind(struct lineedit_history *h);

void lineedit_history_free(struct lineedit_history *h);

#endif
