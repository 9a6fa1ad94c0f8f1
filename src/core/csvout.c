/* csvout.c -- CSV rows through libcsv's writer. */
#include <config.h>

#include "csvout.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decimal.h"
#include "escape.h"
#include "shortest.h"

void csvout_init(struct csvout *co, FILE *fp)
{
	int saved = errno; /* isatty sets it when FP is not a terminal */
	int fd = fileno(fp);
	co->fp = fp;
	co->n = 0;
	co->len = 0;
	co->flushes = 0;
	for (size_t j = 0; j < CSVOUT_REALS; j++)
		co->real[j].bits = UINT64_C(0x7FF8000000000000); /* never a finite V's */
	co->tty = fd >= 0 && isatty(fd);
	errno = saved;
}

/* Write what BUF holds. */
static void flush(struct csvout *co)
{
	if (co->len > 0)
		fwrite(co->buf, 1, co->len, co->fp);
	co->len = 0;
	co->flushes++;
}

/* Room for N <= CSVOUT_BLOCK bytes at the end of BUF. */
static char *room(struct csvout *co, size_t n)
{
	if (co->len + n > sizeof co->buf)
		flush(co);
	return co->buf + co->len;
}

/* N bytes at P onto the row. */
static void out(struct csvout *co, const char *p, size_t n)
{
	if (n > sizeof co->buf) {
		flush(co);
		fwrite(p, 1, n, co->fp);
		return;
	}
	memcpy(room(co, n), p, n);
	co->len += n;
}

static void sep(struct csvout *co)
{
	if (co->n++ > 0) {
		room(co, 1);
		co->buf[co->len++] = ',';
	}
}

/* S escaped for a terminal, in double quotes when a reader could misread
 * it (a line end or a tab in S is escaped, so cannot be among the reasons). */
static void str_tty(struct csvout *co, const char *s)
{
	size_t len = strlen(s);
	char unit[ESCAPE_UNIT_SIZE];
	int quote = len == 0 || strpbrk(s, ",\"") != NULL || s[0] == ' ' || s[0] == '#' ||
	            s[len - 1] == ' ';

	flush(co); /* written straight to the terminal */
	if (!quote) {
		escape_fputs(s, co->fp);
		return;
	}
	putc('"', co->fp);
	while (*s != '\0') {
		s += escape_step(s, unit, NULL);
		if (strcmp(unit, "\"") == 0)
			putc('"', co->fp);
		fputs(unit, co->fp);
	}
	putc('"', co->fp);
}

void csvout_str(struct csvout *co, const char *s)
{
	size_t len = strlen(s);
	sep(co);
	if (co->tty) {
		str_tty(co, s);
		return;
	}
	/* Quote what a reader could misread: separators, quotes, line ends,
	 * white space at either end (trimmed by libcsv), and a leading '#'
	 * (a comment in bksef(5)). */
	if (len > 0 && strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' && s[0] != '\t' &&
	    s[0] != '#' && s[len - 1] != ' ' && s[len - 1] != '\t') {
		out(co, s, len);
	} else {
		flush(co);
		csv_fwrite(co->fp, s, len);
	}
}

void csvout_plain(struct csvout *co, const char *text)
{
	sep(co);
	out(co, text, strlen(text));
}

void csvout_i64(struct csvout *co, int64_t v)
{
	sep(co);
	char *p = room(co, DECIMAL_MAX);
	co->len += (size_t)(decimal_i64(p, v) - p);
}

char *csvout_format_real(double v, char *buf, size_t size)
{
	struct shortest d;
	char digits[20] = "", *o = buf;
	int p, e, n;

	if (!isfinite(v)) {
		snprintf(buf, size, "%g", v);
		return buf;
	}
	if (signbit(v))
		*o++ = '-';
	if (v == 0) {
		strcpy(o, "0");
		return buf;
	}
	/* "%.*g" at the smallest precision P >= 6 that reads back, laid out
	 * as printf does: digits d.ddd x 10^E, in exponent form when E < -4
	 * or E >= P, trailing zeros dropped. */
	p = shortest_g(v, &d);
	n = d.n;
	e = d.exp10 + n - 1;
	decimal_u64(digits, d.digits);
	if (e < -4 || e >= p) {
		*o++ = digits[0];
		if (n > 1) {
			*o++ = '.';
			memcpy(o, digits + 1, (size_t)n - 1);
			o += n - 1;
		}
		*o++ = 'e';
		*o++ = e < 0 ? '-' : '+';
		e = abs(e);
		if (e >= 100)
			*o++ = (char)('0' + e / 100);
		*o++ = (char)('0' + e / 10 % 10);
		*o++ = (char)('0' + e % 10);
	} else if (e < 0) {
		*o++ = '0';
		*o++ = '.';
		for (int i = -1; i > e; i--)
			*o++ = '0';
		memcpy(o, digits, (size_t)n);
		o += n;
	} else {
		for (int i = 0; i <= e; i++)
			*o++ = i < n ? digits[i] : '0';
		if (n > e + 1) {
			*o++ = '.';
			memcpy(o, digits + e + 1, (size_t)(n - e - 1));
			o += n - e - 1;
		}
	}
	*o = '\0';
	return buf;
}

void csvout_real(struct csvout *co, double v)
{
	uint64_t bits;
	sep(co);
	if (!isfinite(v))
		return;
	memcpy(&bits, &v, sizeof bits);
	_Static_assert(CSVOUT_REALS == 256, "the hash takes 8 bits");
	size_t h = (bits * UINT64_C(0x9E3779B97F4A7C15)) >> 56;
	struct csvout_cached *r = &co->real[h];
	/* Two slots a value may take, H and its neighbour: the newer text in
	 * H, the one it displaced beside it. */
	if (r->bits != bits) {
		struct csvout_cached *r2 = &co->real[h ^ 1];
		if (r2->bits == bits) {
			r = r2;
		} else {
			char text[CSVOUT_REAL_MAX + 1] = "";
			*r2 = *r;
			r->bits = bits;
			r->len = (uint8_t)strlen(csvout_format_real(v, text, sizeof text));
			memcpy(r->text, text, CSVOUT_REAL_MAX);
		}
	}
	/* the whole slot: a copy of fixed size, past the text's end too */
	memcpy(room(co, CSVOUT_REAL_MAX), r->text, CSVOUT_REAL_MAX);
	co->len += r->len;
}

void csvout_fields(struct csvout *co, const char *text, int n)
{
	sep(co);
	out(co, text, strlen(text));
	co->n += n - 1;
}

struct csvout_pos csvout_pos(const struct csvout *co)
{
	struct csvout_pos pos = { co->flushes, co->len, co->n };
	return pos;
}

const char *csvout_since(const struct csvout *co, struct csvout_pos pos, size_t *len, int *n)
{
	size_t from = pos.len + (pos.n > 0); /* after the separator */
	if (co->flushes != pos.flushes || co->n <= pos.n || co->len < from)
		return NULL;
	*len = co->len - from;
	*n = co->n - pos.n;
	return co->buf + from;
}

void csvout_empty(struct csvout *co)
{
	sep(co);
}

void csvout_end(struct csvout *co)
{
	out(co, "\n", 1);
	co->n = 0;
}

int csvout_flush(struct csvout *co)
{
	flush(co);
	return csvout_ok(co);
}

int csvout_ok(const struct csvout *co)
{
	return !ferror(co->fp);
}
