/* diag.c -- status codes and diagnostics. */
#include <config.h>

#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

const char diag_stdin_name[] = "(standard input)";
const char diag_stdout_name[] = "(standard output)";

int diag_set(struct diag *dg, int status, unsigned long line, const char *fmt, ...)
{
	if (dg != NULL) {
		va_list ap;
		int n;
		dg->line = line;
		va_start(ap, fmt);
		n = vsnprintf(dg->msg, sizeof dg->msg, fmt, ap);
		va_end(ap);
		if (n >= (int)sizeof dg->msg)
			escape_fix_cut(dg->msg);
	}
	return status;
}

char *diag_format(const struct diag *dg, const char *prog, char *buf, size_t size)
{
	size_t o;

	if (size == 0)
		return buf;
	/* Each piece goes where the last ended; escape_text and escape_quote
	 * cut by whole characters and escapes and always end BUF. */
	snprintf(buf, size, "%s:%s", prog, dg->file != NULL ? "" : " ");
	o = strlen(buf);
	if (dg->file != NULL) {
		if (dg->file == diag_stdin_name || dg->file == diag_stdout_name)
			escape_text(buf + o, size - o, dg->file);
		else
			escape_quote(buf + o, size - o, dg->file);
		o += strlen(buf + o);
		if (dg->line > 0)
			snprintf(buf + o, size - o, ":%lu: ", dg->line);
		else
			snprintf(buf + o, size - o, ": ");
		/* Only ASCII so far, so a cut here splits no character. */
		o += strlen(buf + o);
	}
	escape_text(buf + o, size - o, dg->msg);
	return buf;
}

const char *diag_quote(char *buf, size_t size, const char *text)
{
	/* Room for "..." when the escaped text is cut. */
	if (escape_text(buf, size - 3, text) >= size - 3)
		strcat(buf, "...");
	return buf;
}
