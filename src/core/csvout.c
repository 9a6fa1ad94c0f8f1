/* csvout.c -- CSV rows through libcsv's writer. */
#include <config.h>

#include "csvout.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"

void csvout_init(struct csvout *co, FILE *fp)
{
	int saved = errno; /* isatty sets it when FP is not a terminal */
	int fd = fileno(fp);
	co->fp = fp;
	co->n = 0;
	co->tty = fd >= 0 && isatty(fd);
	errno = saved;
}

static void sep(struct csvout *co)
{
	if (co->n++ > 0)
		putc(',', co->fp);
}

/* S escaped for a terminal, in double quotes when a reader could misread
 * it (a line end or a tab in S is escaped, so cannot be among the reasons). */
static void str_tty(struct csvout *co, const char *s)
{
	size_t len = strlen(s);
	char unit[ESCAPE_UNIT_SIZE];
	int quote = len == 0 || strpbrk(s, ",\"") != NULL || s[0] == ' ' || s[0] == '#' ||
	            s[len - 1] == ' ';

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
	    s[0] != '#' && s[len - 1] != ' ' && s[len - 1] != '\t')
		fwrite(s, 1, len, co->fp);
	else
		csv_fwrite(co->fp, s, len);
}

void csvout_i64(struct csvout *co, int64_t v)
{
	sep(co);
	fprintf(co->fp, "%lld", (long long)v);
}

char *csvout_format_real(double v, char *buf, size_t size)
{
	/* Shortest form that reads back to the same double. */
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

void csvout_real(struct csvout *co, double v)
{
	char buf[40];
	sep(co);
	if (isfinite(v))
		fputs(csvout_format_real(v, buf, sizeof buf), co->fp);
}

void csvout_empty(struct csvout *co)
{
	sep(co);
}

void csvout_end(struct csvout *co)
{
	putc('\n', co->fp);
	co->n = 0;
}

int csvout_ok(const struct csvout *co)
{
	return !ferror(co->fp);
}
