/* csvin.c -- reading a small CSV table whole, through libcsv. */
#include <config.h>

#include "csvin.h"

#include "escape.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	struct csvin *t;
	struct csv_parser parser;
	struct diag *dg;
	int status;
	unsigned long line;     /* the physical line being fed */
	unsigned long row_line; /* the line the open record started on */
	int in_row;             /* a field of the open row has been read */
	int row_ended;          /* libcsv closed a row on this line */
	int at_record_start;    /* no row is open at the start of this line */
	size_t row_first;       /* the open row's first field */
	size_t *offset;         /* while reading: each field's offset in t->text */
};

static int fail(struct reader *r, int status, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record the first error, at LINE. */
static int fail(struct reader *r, int status, unsigned long line, const char *fmt, ...)
{
	if (r->status == BKSEF_OK) {
		va_list ap;
		r->status = status;
		if (r->dg != NULL) {
			r->dg->line = line;
			va_start(ap, fmt);
			vsnprintf(r->dg->msg, sizeof r->dg->msg, fmt, ap);
			va_end(ap);
		}
	}
	return status;
}

static int fail_nomem(struct reader *r)
{
	return fail(r, BKSEF_ENOMEM, 0, "out of memory");
}

/* Room for N more items of SIZE bytes in *P, which has *CAP (0 or more). */
static int grow(void **p, size_t *cap, size_t used, size_t n, size_t size)
{
	size_t want = used + n, cap2 = *cap ? *cap : 16;
	void *q;
	if (want <= *cap)
		return 0;
	while (cap2 < want)
		cap2 *= 2;
	q = realloc(*p, cap2 * size);
	if (q == NULL)
		return -1;
	*p = q;
	*cap = cap2;
	return 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	struct csvin *t = r->t;
	unsigned long line = r->row_line;

	if (r->status != BKSEF_OK)
		return;
	if (memchr(s, '\0', len) != NULL) {
		fail(r, BKSEF_EINPUT, r->line, "a NUL byte in a field");
		return;
	}
	if (!escape_utf8_valid(s, len)) {
		fail(r, BKSEF_EINPUT, line, "a field is not valid UTF-8");
		return;
	}
	if (!r->in_row) {
		r->in_row = 1;
		r->row_first = t->n_fields;
	}
	if (grow((void **)&t->text, &t->text_cap, t->text_len, len + 1, 1) != 0 ||
	    grow((void **)&r->offset, &t->field_cap, t->n_fields, 1, sizeof *r->offset) != 0) {
		fail_nomem(r);
		return;
	}
	memcpy(t->text + t->text_len, s, len);
	t->text[t->text_len + len] = '\0';
	r->offset[t->n_fields++] = t->text_len;
	t->text_len += len + 1;
}

static void on_row(int term, void *data)
{
	struct reader *r = data;
	struct csvin *t = r->t;
	int blank = 1;
	(void)term;

	r->row_ended = 1;
	if (r->status != BKSEF_OK || !r->in_row)
		return;
	r->in_row = 0;
	/* A line of spaces is one empty field: a blank line, not a row. */
	for (size_t f = r->row_first; f < t->n_fields && blank; f++)
		blank = t->text[r->offset[f]] == '\0';
	if (blank) {
		t->n_fields = r->row_first;
		return;
	}
	if (grow((void **)&t->row, &t->row_cap, t->n_rows, 1, sizeof *t->row) != 0) {
		fail_nomem(r);
		return;
	}
	t->row[t->n_rows++] =
	    (struct csvin_row){ r->row_line, r->row_first, t->n_fields - r->row_first };
}

/* Whether P[0..N) holds nothing but spaces, tabs and line ends. */
static int blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

/* Feed one physical line P[0..N) (its line end included). */
static void feed_line(struct reader *r, const char *p, size_t n)
{
	const struct csv_parser *cp = &r->parser;

	if (n > CSVIN_MAX_LINE_BYTES) {
		fail(r, BKSEF_EINPUT, r->line, "line longer than %zu bytes", CSVIN_MAX_LINE_BYTES);
		return;
	}
	r->row_ended = 0;
	if (r->at_record_start)
		r->row_line = r->line;
	if (!(r->at_record_start && p[0] == '#') &&
	    csv_parse(&r->parser, p, n, on_field, on_row, r) != n) {
		if (csv_error(&r->parser) == CSV_ENOMEM)
			fail_nomem(r);
		else
			fail(r, BKSEF_EINPUT, r->line,
			     "malformed quoting: a quote inside an unquoted field, or text "
			     "after a closing quote");
		return;
	}
	/* The field being read: its bytes so far, less the closing quote and
	 * the spaces libcsv may still trim. */
	if (cp->quoted && cp->entry_pos > cp->spaces + 1 &&
	    cp->entry_pos - cp->spaces - 1 > CSVIN_MAX_FIELD_BYTES)
		fail(r, BKSEF_EINPUT, r->row_line, "a field longer than %zu bytes",
		     CSVIN_MAX_FIELD_BYTES);
	else if (!cp->quoted && cp->entry_pos > CSVIN_MAX_FIELD_BYTES)
		fail(r, BKSEF_EINPUT, r->line, "a field longer than %zu bytes",
		     CSVIN_MAX_FIELD_BYTES);
	/* After a line that did not end a row, a record is still open unless
	 * the line was a comment or blank between records. */
	if (r->row_ended)
		r->at_record_start = 1;
	else if (!(r->at_record_start && (p[0] == '#' || blank(p, n))))
		r->at_record_start = 0;
	r->line++;
}

/* Split DATA[0..LEN) into lines ending with LF, CRLF or a lone CR. */
static void feed_all(struct reader *r, const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && r->status == BKSEF_OK) {
		size_t j = i;
		while (j < len && data[j] != '\n' && data[j] != '\r')
			j++;
		if (j < len && data[j] == '\r' && j + 1 < len && data[j + 1] == '\n')
			j++;
		if (j < len)
			j++;
		feed_line(r, data + i, j - i);
		i = j;
	}
}

int csvin_read_buffer(const void *data, size_t len, const char *display, struct csvin *t,
                      struct diag *dg)
{
	struct reader r = { .t = t, .dg = dg, .line = 1, .at_record_start = 1 };

	memset(t, 0, sizeof *t);
	if (dg != NULL) {
		dg->file = display;
		dg->line = 0;
		dg->msg[0] = '\0';
	}
	if (len > CSVIN_MAX_BYTES)
		return fail(&r, BKSEF_EINPUT, 0, "file larger than %zu bytes", CSVIN_MAX_BYTES);
	if (csv_init(&r.parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return fail_nomem(&r);
	feed_all(&r, data, len);
	if (r.status == BKSEF_OK && csv_fini(&r.parser, on_field, on_row, &r) != 0)
		fail(&r, BKSEF_EINPUT, r.row_line,
		     "a quoted field is not closed before the end of the file");
	csv_free(&r.parser);
	if (r.status == BKSEF_OK) {
		t->field = malloc((t->n_fields ? t->n_fields : 1) * sizeof *t->field);
		if (t->field == NULL)
			fail_nomem(&r);
		else
			for (size_t f = 0; f < t->n_fields; f++)
				t->field[f] = t->text + r.offset[f];
	}
	free(r.offset);
	if (r.status != BKSEF_OK)
		csvin_free(t);
	return r.status;
}

int csvin_read_file(const char *path, const char *display, struct csvin *t, struct diag *dg)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int st = BKSEF_OK;

	memset(t, 0, sizeof *t);
	if (fp == NULL) {
		st = diag_set(dg, BKSEF_EIO, 0, "%s", strerror(errno));
		if (dg != NULL)
			dg->file = display;
		return st;
	}
	for (;;) {
		size_t n;
		if (len == cap) {
			if (cap > CSVIN_MAX_BYTES) {
				st = diag_set(dg, BKSEF_EINPUT, 0, "file larger than %zu bytes",
				              CSVIN_MAX_BYTES);
				break;
			}
			if (grow((void **)&buf, &cap, len, 65536, 1) != 0) {
				st = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
				break;
			}
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0) {
			if (ferror(fp))
				st = diag_set(dg, BKSEF_EIO, 0, "%s", strerror(errno));
			break;
		}
	}
	if (fp != stdin)
		fclose(fp);
	if (st == BKSEF_OK)
		st = csvin_read_buffer(buf, len, display, t, dg);
	else if (dg != NULL)
		dg->file = display;
	free(buf);
	return st;
}

int csvin_check_header(const struct csvin *t, const char *header, const char *what, struct diag *dg)
{
	const char *h = header;

	if (t->n_rows == 0)
		return diag_set(dg, BKSEF_EINPUT, 0, "empty %s: no header '%s'", what, header);
	for (size_t f = 0; f < t->row[0].n; f++) {
		const char *name = t->field[t->row[0].first + f];
		size_t len = strlen(name);
		if (strncmp(h, name, len) != 0 || (h[len] != ',' && h[len] != '\0') ||
		    (h[len] == '\0' && f + 1 < t->row[0].n))
			break;
		h += len;
		if (*h == '\0' && f + 1 == t->row[0].n)
			return BKSEF_OK;
		h++;
	}
	return diag_set(dg, BKSEF_EINPUT, t->row[0].line, "the first row must be the header '%s'",
	                header);
}

void csvin_free(struct csvin *t)
{
	free(t->row);
	free(t->field);
	free(t->text);
	memset(t, 0, sizeof *t);
}
