/* text.c -- growing strings and line lists for the explorer's texts. */
#include <config.h>

#include "tui/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *text_str(const struct text *t)
{
	return t->s != NULL ? t->s : "";
}

/* Allocations that failed since text_out_of_memory last looked. */
static unsigned long oom_events;

void text_note_out_of_memory(void)
{
	oom_events++;
}

int text_out_of_memory(void)
{
	int any = oom_events > 0;
	oom_events = 0;
	return any;
}

void text_clear(struct text *t)
{
	t->len = 0;
	t->failed = 0;
	if (t->s != NULL)
		t->s[0] = '\0';
}

void text_free(struct text *t)
{
	free(t->s);
	memset(t, 0, sizeof *t);
}

/* Room for N more bytes and the NUL. */
static int reserve(struct text *t, size_t n)
{
	if (n >= (size_t)-1 / 2 - t->len) {
		t->failed = 1;
		oom_events++;
		return -1;
	}
	if (t->len + n + 1 <= t->cap)
		return 0;
	size_t cap = t->cap ? t->cap : 64;
	while (cap < t->len + n + 1)
		cap *= 2;
	char *s = realloc(t->s, cap);
	if (s == NULL) {
		t->failed = 1;
		oom_events++;
		return -1;
	}
	t->s = s;
	t->cap = cap;
	return 0;
}

int text_append(struct text *t, const char *s, size_t n)
{
	if (reserve(t, n) != 0)
		return -1;
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
	return 0;
}

int text_vprintf(struct text *t, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || reserve(t, (size_t)n) != 0)
		return -1;
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	t->len += (size_t)n;
	return 0;
}

int text_printf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = text_vprintf(t, fmt, ap);
	va_end(ap);
	return rc;
}

int text_set(struct text *t, const char *s)
{
	text_clear(t);
	return text_append(t, s, strlen(s));
}

struct text_line *text_lines_add(struct text_lines *l, int role, int flags, const char *fmt, ...)
{
	struct text s = { 0 };
	va_list ap;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct text_line *v =
		    cap < (size_t)-1 / sizeof *v ? realloc(l->v, cap * sizeof *v) : NULL;
		if (v == NULL) {
			l->failed = 1;
			oom_events++;
			return NULL;
		}
		l->v = v;
		l->cap = cap;
	}
	va_start(ap, fmt);
	int rc = text_vprintf(&s, fmt, ap);
	va_end(ap);
	if (rc != 0 || (s.s == NULL && text_append(&s, "", 0) != 0)) {
		text_free(&s);
		l->failed = 1;
		oom_events++;
		return NULL;
	}
	struct text_line *ln = &l->v[l->n++];
	ln->s = s.s;
	ln->key = NULL;
	ln->role = role;
	ln->flags = flags;
	return ln;
}

int text_line_set_key(struct text_lines *l, struct text_line *ln, const char *key)
{
	char *k = strdup(key);
	if (k == NULL) {
		l->failed = 1;
		oom_events++;
		return -1;
	}
	free(ln->key);
	ln->key = k;
	return 0;
}

void text_lines_clear(struct text_lines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].s);
		free(l->v[i].key);
	}
	l->n = 0;
	l->failed = 0;
}

void text_lines_free(struct text_lines *l)
{
	text_lines_clear(l);
	free(l->v);
	memset(l, 0, sizeof *l);
}
