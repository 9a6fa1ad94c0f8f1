/* diag.c -- status codes and diagnostics. */
#include <config.h>

#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int diag_set(struct diag *dg, int status, unsigned long line, const char *fmt, ...)
{
	if (dg != NULL) {
		va_list ap;
		dg->line = line;
		va_start(ap, fmt);
		vsnprintf(dg->msg, sizeof dg->msg, fmt, ap);
		va_end(ap);
	}
	return status;
}

/* Copy MSG into BUF with control characters as \xNN, so that a message
 * quoting a layer name with a line break or an escape sequence stays one
 * harmless line. */
static void escape_controls(const char *msg, char *buf, size_t size)
{
	size_t o = 0;
	for (; *msg != '\0' && o + 5 < size; msg++) {
		unsigned char c = (unsigned char)*msg;
		if (c < 0x20 || c == 0x7F)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
}

char *diag_format(const struct diag *dg, const char *prog, char *buf, size_t size)
{
	char msg[4 * sizeof dg->msg + 1];
	escape_controls(dg->msg, msg, sizeof msg);
	if (dg->file != NULL && dg->line > 0)
		snprintf(buf, size, "%s:%s:%lu: %s", prog, dg->file, dg->line, msg);
	else if (dg->file != NULL)
		snprintf(buf, size, "%s:%s: %s", prog, dg->file, msg);
	else
		snprintf(buf, size, "%s: %s", prog, msg);
	return buf;
}

const char *diag_quote(char *buf, size_t size, const char *text)
{
	size_t o = 0;
	for (; *text != '\0' && o + 8 < size; text++) {
		unsigned char c = (unsigned char)*text;
		if (c < 0x20 || c == 0x7F)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
		else
			buf[o++] = (char)c;
	}
	if (*text != '\0')
		memcpy(buf + o, "...", 4);
	else
		buf[o] = '\0';
	return buf;
}
