/* text.h -- text that grows: a string built in pieces, and a list of lines
 * each with a role.  The explorer's texts (messages, prompts, the detail,
 * the help) have no fixed limit: they are built when their inputs change
 * and kept until the next change.  No curses. */
#ifndef BKSEF_TUI_TEXT_H
#define BKSEF_TUI_TEXT_H

#include <stdarg.h>
#include <stddef.h>

/* A string; the zero value is the empty string.  Out of memory leaves what
 * was there and sets FAILED (text_str then ends with what fitted). */
struct text {
	char *s;
	size_t len, cap;
	int failed;
};

/* Whether a text or a line list ran out of memory since the last call
 * (the explorer then says "out of memory"); the count clears as it is
 * read.  The one piece of state text.c keeps outside its structs. */
int text_out_of_memory(void);

/* Count an allocation that failed elsewhere in the explorer (a view's own
 * arrays), so that text_out_of_memory reports it too. */
void text_note_out_of_memory(void);

/* The text, "" when empty. */
const char *text_str(const struct text *t);

/* Empty T (keeping its memory); free its memory. */
void text_clear(struct text *t);
void text_free(struct text *t);

/* Append N bytes of S; append printf-style; make T a copy of S.  Each
 * returns 0, or -1 when out of memory (T->failed is then set). */
int text_append(struct text *t, const char *s, size_t n);
int text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int text_set(struct text *t, const char *s);
int text_vprintf(struct text *t, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* One line of a text_lines: its text, a role (enum role of draw.h), flags,
 * and an optional key column (the help's key names). */
enum text_line_flag {
	TEXT_RAW = 1, /* a table row: never wrapped */
	TEXT_KEYS = 2 /* part of the key list (the help) */
};

struct text_line {
	char *s;
	char *key; /* NULL: none */
	int role;
	int flags;
};

/* Lines; the zero value is an empty list.  Out of memory drops the line and
 * sets FAILED. */
struct text_lines {
	struct text_line *v;
	size_t n, cap;
	int failed;
};

/* Add a line of ROLE and FLAGS (printf style); returns it, or NULL when
 * out of memory. */
struct text_line *text_lines_add(struct text_lines *l, int role, int flags, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Give line LN the key column KEY (copied); -1 when out of memory. */
int text_line_set_key(struct text_lines *l, struct text_line *ln, const char *key);

/* Empty L (keeping the array); free everything. */
void text_lines_clear(struct text_lines *l);
void text_lines_free(struct text_lines *l);

#endif
