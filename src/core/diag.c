/* diag.c -- status codes and diagnostics. */
#include <config.h>

#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

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

char *diag_format(const struct diag *dg, const char *prog, char *buf, size_t size)
{
	if (dg->file != NULL && dg->line > 0)
		snprintf(buf, size, "%s:%s:%lu: %s", prog, dg->file, dg->line, dg->msg);
	else if (dg->file != NULL)
		snprintf(buf, size, "%s:%s: %s", prog, dg->file, dg->msg);
	else
		snprintf(buf, size, "%s: %s", prog, dg->msg);
	return buf;
}
