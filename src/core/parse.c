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

	errno = 0;
	v = strtod(text, &end);
	if (end == text || *end != '\0' || text[0] == ' ' || text[0] == '\t')
		return diag_set(dg, BKSEF_EUSAGE, 0, "'%.100s' is not a number", text);
	if (!isfinite(v) || errno == ERANGE)
		return diag_set(dg, BKSEF_EUSAGE, 0, "'%.100s' is out of range", text);
	*out = v;
	return BKSEF_OK;
}

int parse_budget_text(const char *text, int reduce, struct budget_text *out, struct diag *dg)
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
		out->is_percent = 1;
		out->percent = v;
		out->amount = 0;
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
	out->is_percent = 0;
	out->percent = 0;
	out->amount = (int64_t)floor(v);
	return BKSEF_OK;
}

int64_t parse_budget_value(const struct budget_text *b, int64_t base)
{
	if (!b->is_percent)
		return b->amount;
	double v = floor((double)base * b->percent / 100.0);
	/* 100% of a baseline near 2^63 rounds up past the largest int64. */
	return v >= 9223372036854775807.0 ? INT64_MAX : (int64_t)v;
}

int parse_budget(const char *text, int64_t base, int reduce, int64_t *out, struct diag *dg)
{
	struct budget_text b;
	int st = parse_budget_text(text, reduce, &b, dg);
	if (st == BKSEF_OK)
		*out = parse_budget_value(&b, base);
	return st;
}
