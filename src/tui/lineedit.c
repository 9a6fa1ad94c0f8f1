/* lineedit.c -- the prompts' line editor and history (readline's basics),
 * on bytes of UTF-8 with the cursor always between two characters. */
#include <config.h>

#include "tui/lineedit.h"

#include <stdlib.h>
#include <string.h>

/* A UTF-8 continuation byte: never where a character starts. */
static int continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* The start of the character before offset P of S. */
static size_t prev_char(const char *s, size_t p)
{
	if (p == 0)
		return 0;
	p--;
	while (p > 0 && continuation(s[p]))
		p--;
	return p;
}

/* The start of the character after the one at offset P of S (LEN bytes). */
static size_t next_char(const char *s, size_t len, size_t p)
{
	if (p >= len)
		return len;
	p++;
	while (p < len && continuation(s[p]))
		p++;
	return p;
}

/* Remove bytes [A, B) of the entry; the cursor goes to A. */
static void cut(struct lineedit *le, size_t a, size_t b)
{
	struct text *t = &le->buf;
	if (b > t->len)
		b = t->len;
	if (a >= b) {
		le->cur = a < t->len ? a : t->len;
		return;
	}
	memmove(t->s + a, t->s + b, t->len - b + 1); /* with the NUL */
	t->len -= b - a;
	le->cur = a;
}

void lineedit_clear(struct lineedit *le)
{
	text_clear(&le->buf);
	le->cur = 0;
}

void lineedit_free(struct lineedit *le)
{
	text_free(&le->buf);
	le->cur = 0;
}

int lineedit_set(struct lineedit *le, const char *s)
{
	lineedit_clear(le);
	int rc = text_append(&le->buf, s, strlen(s));
	le->cur = le->buf.len;
	return rc;
}

int lineedit_insert(struct lineedit *le, const char *s, size_t n)
{
	struct text *t = &le->buf;
	size_t len = t->len, at = le->cur <= len ? le->cur : len;

	/* Grow at the end, then move the tail after the new bytes. */
	if (text_append(t, s, n) != 0)
		return -1;
	memmove(t->s + at + n, t->s + at, len - at);
	memcpy(t->s + at, s, n);
	le->cur = at + n;
	return 0;
}

void lineedit_left(struct lineedit *le)
{
	le->cur = prev_char(text_str(&le->buf), le->cur);
}

void lineedit_right(struct lineedit *le)
{
	le->cur = next_char(text_str(&le->buf), le->buf.len, le->cur);
}

void lineedit_home(struct lineedit *le)
{
	le->cur = 0;
}

void lineedit_end(struct lineedit *le)
{
	le->cur = le->buf.len;
}

void lineedit_backspace(struct lineedit *le)
{
	cut(le, prev_char(text_str(&le->buf), le->cur), le->cur);
}

void lineedit_delete(struct lineedit *le)
{
	size_t at = le->cur;
	cut(le, at, next_char(text_str(&le->buf), le->buf.len, at));
}

void lineedit_kill_start(struct lineedit *le)
{
	cut(le, 0, le->cur);
}

void lineedit_kill_end(struct lineedit *le)
{
	cut(le, le->cur, le->buf.len);
}

void lineedit_kill_word(struct lineedit *le)
{
	const char *s = text_str(&le->buf);
	size_t p = le->cur;

	while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == '\t'))
		p--;
	while (p > 0 && s[p - 1] != ' ' && s[p - 1] != '\t')
		p--; /* blanks are ASCII: P stays at a character's start */
	cut(le, p, le->cur);
}

int lineedit_history_add(struct lineedit_history *h, const char *s)
{
	h->pos = h->n;
	text_clear(&h->draft);
	if (s[0] == '\0' || (h->n > 0 && strcmp(h->v[h->n - 1], s) == 0))
		return 0;
	char *copy = strdup(s);
	if (copy == NULL) {
		text_note_out_of_memory();
		return -1;
	}
	if (h->n == LINEEDIT_HISTORY) {
		free(h->v[0]);
		memmove(h->v, h->v + 1, (LINEEDIT_HISTORY - 1) * sizeof h->v[0]);
		h->n--;
	}
	h->v[h->n++] = copy;
	h->pos = h->n;
	return 0;
}

int lineedit_history_move(struct lineedit_history *h, struct lineedit *le, int dir)
{
	size_t to;

	if (h->pos > h->n)
		h->pos = h->n;
	if (dir < 0) {
		if (h->pos == 0)
			return 0;
		to = h->pos - 1;
	} else {
		if (h->pos >= h->n)
			return 0;
		to = h->pos + 1;
	}
	/* Leaving the entry being typed: keep it for the way back. */
	if (h->pos == h->n && text_set(&h->draft, text_str(&le->buf)) != 0)
		return -1;
	if (lineedit_set(le, to == h->n ? text_str(&h->draft) : h->v[to]) != 0)
		return -1;
	h->pos = to;
	return 1;
}

void lineedit_history_rewind(struct lineedit_history *h)
{
	h->pos = h->n;
	text_clear(&h->draft);
}

void lineedit_history_free(struct lineedit_history *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->v[i]);
	h->n = h->pos = 0;
	text_free(&h->draft);
}
