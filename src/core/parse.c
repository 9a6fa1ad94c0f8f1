/* parse.c -- option values: reals, budgets. */
#include <config.h>

#include "parse.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int parse_real(const char *text, double *out, struct diag *dg)
{
	char *end;
	double v;

	v = strtod(text, &end);
	if (end == text || *end != '\0' || text[0] == ' ' || text[0] == '\t')
		return diag_set(dg, BKSEF_EUSAGE, 0, "'%.100s' is not a number", text);
	/* strtod rounds to the nearest double; below the smallest normal one
	 * that is a subnormal or 0, a value like any other (its ERANGE does
	 * not matter).  Only an overflow, to an infinity, is refused. */
	if (!isfinite(v))
		return diag_set(dg, BKSEF_EUSAGE, 0, "'%.100s' is out of range", text);
	*out = v;
	return BKSEF_OK;
}

int parse_budget(const char *text, int64_t base, int reduce, int64_t *out, struct diag *dg)
{
	char *end;
	double v, scale = 1;
	size_t len = strlen(text);

	if (len == 0)
		return diag_set(dg, BKSEF_EUSAGE, 0, "empty budget");
	errno = 0;
	v = strtod(text, &end);
	if (end == text || !isfinite(v) || text[0] == ' ' || text[0] == '-' || text[0] == '+' ||
	    errno == ERANGE || (end[0] != '\0' && end[1] != '\0'))
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "'%.100s' is not a MAC count (350M, 1.2G) or a percentage (57.2%%)",
		                text);
	if (*end == '%') {
		if (!(v > 0 && v <= 100))
			return diag_set(
			    dg, BKSEF_EUSAGE, 0,
			    "percentage '%.100s' must be greater than 0 and at most 100", text);
		if (reduce) {
			if (v >= 100)
				return diag_set(dg, BKSEF_EUSAGE, 0,
				                "a reduction of '%.100s' leaves nothing", text);
			v = 100 - v;
		}
		double macs = floor((double)base * v / 100.0);
		/* 100% of a baseline near 2^63 rounds up past the largest int64. */
		*out = macs >= 9223372036854775807.0 ? INT64_MAX : (int64_t)macs;
		return BKSEF_OK;
	}
	if (reduce)
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "--reduce takes a percentage such as 42.8%%, not '%.100s'", text);
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		scale = 1e3;
		break;
	case 'M':
	case 'm':
		scale = 1e6;
		break;
	case 'G':
	case 'g':
		scale = 1e9;
		break;
	case 'T':
	case 't':
		scale = 1e12;
		break;
	default:
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "unknown suffix '%c' in budget '%.100s' (k, M, G, T or %%)", *end,
		                text);
	}
	v *= scale;
	if (!(v >= 0) || v >= 9.2e18)
		return diag_set(dg, BKSEF_EUSAGE, 0, "budget '%.100s' is out of range", text);
	*out = (int64_t)floor(v);
	return BKSEF_OK;
}
