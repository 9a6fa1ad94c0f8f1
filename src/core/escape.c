/* escape.c -- escaping and quoting text for a person's terminal. */
#include <config.h>

#include "escape.h"

#include <string.h>

#include "escape_cf.h"

/* Whether CP is a format character (Cf): binary search of the ranges. */
static int is_format(uint32_t cp)
{
	size_t lo = 0, hi = sizeof escape_cf_ranges / sizeof escape_cf_ranges[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < escape_cf_ranges[mid][0])
			hi = mid;
		else if (cp > escape_cf_ranges[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int escape_needed(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
	       is_format(cp);
}

size_t escape_decode(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
	size_t n;
	uint32_t v;

	if (u[0] == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	/* Well-formed sequences as the Unicode Standard's table 3-7 lists
	 * them: no overlong forms, no surrogates, nothing past U+10FFFF. */
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		n = 2;
		v = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		n = 3;
		v = u[0] & 0x0F;
		if (u[0] == 0xE0)
			lo = 0xA0;
		else if (u[0] == 0xED)
			hi = 0x9F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		n = 4;
		v = u[0] & 0x07;
		if (u[0] == 0xF0)
			lo = 0x90;
		else if (u[0] == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (u[1] < lo || u[1] > hi)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0; /* also the NUL of a sequence cut short */
		v = (v << 6) | (u[i] & 0x3F);
	}
	*cp = v;
	return n;
}

static const char hex[] = "0123456789ABCDEF";

size_t escape_step(const char *s, char unit[ESCAPE_UNIT_SIZE], int *escaped)
{
	uint32_t cp;
	size_t n = escape_decode(s, &cp);
	int digits;

	if (n > 0 && !escape_needed(cp)) {
		memcpy(unit, s, n);
		unit[n] = '\0';
		if (escaped != NULL)
			*escaped = 0;
		return n;
	}
	unit[0] = '\\';
	if (n == 0) { /* not UTF-8: the byte itself */
		n = 1;
		cp = (unsigned char)s[0];
		unit[1] = 'x';
		digits = 2;
	} else if (cp < 0x80) {
		unit[1] = 'x';
		digits = 2;
	} else if (cp <= 0xFFFF) {
		unit[1] = 'u';
		digits = 4;
	} else {
		unit[1] = 'U';
		digits = 8;
	}
	for (int i = 0; i < digits; i++)
		unit[2 + i] = hex[(cp >> (4 * (digits - 1 - i))) & 0xF];
	unit[2 + digits] = '\0';
	if (escaped != NULL)
		*escaped = 1;
	return n;
}

/* Where escaped or quoted text goes: a buffer or a stream.  Pieces are
 * written whole or not at all; after the first that does not fit, none. */
struct sink {
	char *buf;
	size_t size, pos; /* buffer mode: SIZE bytes, POS written */
	FILE *fp;         /* stream mode */
	size_t len;       /* bytes of the whole text */
	size_t cols, max_cols;
	int full, err;
};

static void sink_buffer(struct sink *k, char *buf, size_t size, size_t max_cols)
{
	memset(k, 0, sizeof *k);
	k->buf = buf;
	k->size = size;
	k->max_cols = max_cols;
	if (size > 0)
		buf[0] = '\0';
	else
		k->full = 1;
}

static void sink_stream(struct sink *k, FILE *fp)
{
	memset(k, 0, sizeof *k);
	k->fp = fp;
	k->max_cols = SIZE_MAX;
}

static void put(struct sink *k, const char *text, size_t n, size_t cols)
{
	k->len += n;
	if (k->full)
		return;
	if (cols > k->max_cols - k->cols) {
		k->full = 1;
		return;
	}
	if (k->fp != NULL) {
		if (fwrite(text, 1, n, k->fp) != n)
			k->err = 1;
	} else {
		if (n >= k->size - k->pos) {
			k->full = 1;
			return;
		}
		memcpy(k->buf + k->pos, text, n);
		k->pos += n;
		k->buf[k->pos] = '\0';
	}
	k->cols += cols;
}

static void put_str(struct sink *k, const char *text)
{
	put(k, text, strlen(text), strlen(text));
}

static void escape_to(struct sink *k, const char *s)
{
	char unit[ESCAPE_UNIT_SIZE];
	int escaped;
	while (*s != '\0') {
		s += escape_step(s, unit, &escaped);
		size_t n = strlen(unit);
		put(k, unit, n, escaped ? n : 1);
	}
}

size_t escape_text(char *buf, size_t size, const char *s)
{
	struct sink k;
	sink_buffer(&k, buf, size, SIZE_MAX);
	escape_to(&k, s);
	return k.len;
}

size_t escape_text_cols(char *buf, size_t size, const char *s, size_t cols)
{
	struct sink k;
	sink_buffer(&k, buf, size, cols);
	escape_to(&k, s);
	return k.len;
}

size_t escape_width(const char *s)
{
	char unit[ESCAPE_UNIT_SIZE];
	size_t cols = 0;
	int escaped;
	while (*s != '\0') {
		s += escape_step(s, unit, &escaped);
		cols += escaped ? strlen(unit) : 1;
	}
	return cols;
}

int escape_fputs(const char *s, FILE *fp)
{
	struct sink k;
	sink_stream(&k, fp);
	escape_to(&k, s);
	return k.err ? EOF : 0;
}

/* Whether the byte C can stand unquoted in a file name at a shell prompt
 * (and in a message, so not ':').  FIRST: it begins the name; ALONE: it
 * is the whole name. */
static int shell_safe(unsigned char c, int first, int alone)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	switch (c) {
	case '%':
	case '+':
	case ',':
	case '-':
	case '.':
	case '/':
	case '@':
	case ']':
	case '_':
		return 1;
	case '#':
	case '~':
		return !first;
	case '{':
	case '}':
		return !alone;
	default:
		return 0;
	}
}

static void quote_to(struct sink *k, const char *name)
{
	enum { NONE, SQ, DQ } state = NONE; /* outside quotes, in '...', in $'...' */
	char unit[ESCAPE_UNIT_SIZE];
	int escaped, plain = 1, any_escape = 0, any_quote = 0, dq_unsafe = 0;

	if (*name == '\0') {
		put_str(k, "''");
		return;
	}
	for (const char *p = name; *p != '\0';) {
		size_t n = escape_step(p, unit, &escaped);
		if (escaped) {
			any_escape = 1;
			plain = 0;
		} else if (n == 1) {
			if (*p == '\'')
				any_quote = 1;
			if (!shell_safe((unsigned char)*p, p == name, name[1] == '\0'))
				plain = 0;
			if (strchr("\"$`\\!", *p) != NULL)
				dq_unsafe = 1;
		}
		p += n;
	}
	if (plain) {
		put_str(k, name);
		return;
	}
	if (any_quote && !any_escape && !dq_unsafe) {
		put_str(k, "\"");
		put_str(k, name);
		put_str(k, "\"");
		return;
	}
	while (*name != '\0') {
		name += escape_step(name, unit, &escaped);
		if (escaped) {
			if (state == SQ)
				put_str(k, "'");
			if (state != DQ)
				put_str(k, "$'");
			state = DQ;
		} else if (strcmp(unit, "'") == 0) {
			if (state != NONE)
				put_str(k, "'");
			put_str(k, "\\'");
			state = NONE;
			continue;
		} else if (state != SQ) {
			if (state == DQ)
				put_str(k, "'");
			put_str(k, "'");
			state = SQ;
		}
		size_t n = strlen(unit);
		put(k, unit, n, escaped ? n : 1);
	}
	if (state != NONE)
		put_str(k, "'");
}

size_t escape_quote(char *buf, size_t size, const char *name)
{
	struct sink k;
	sink_buffer(&k, buf, size, SIZE_MAX);
	quote_to(&k, name);
	return k.len;
}

int escape_fputs_quoted(const char *name, FILE *fp)
{
	struct sink k;
	sink_stream(&k, fp);
	quote_to(&k, name);
	return k.err ? EOF : 0;
}

size_t escape_cut(const char *s, size_t max)
{
	size_t pos = 0;
	uint32_t cp;
	while (s[pos] != '\0') {
		size_t n = escape_decode(s + pos, &cp);
		if (n == 0)
			n = 1;
		if (n > max - pos)
			break;
		pos += n;
	}
	return pos;
}

void escape_fix_cut(char *s)
{
	size_t len = strlen(s), i = len;
	/* Back over at most three continuation bytes to their lead byte. */
	while (i > 0 && len - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (lead >= 0xC2 && lead <= 0xF4 && len - (i - 1) < need)
		s[i - 1] = '\0';
}

int escape_utf8_valid(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + n >= len)
			return 0;
		for (size_t j = 1; j <= n; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}
