/* parse.c -- option values: reals, budgets. */
#include <config.h>

#include "parse.h"

#include "escape.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The user's text in a message: at most 100 bytes, cut on a character. */
#define TEXT_ARG(s) (int)escape_cut((s), 100), (s)

int parse_real(const char *text, double *out, struct diag *dg)
{
	char *end;
	double v;

	/* strtod skips any leading space (" \t\n\v\f\r"); an option value
	 * is the whole text, so none is allowed. */
	v = strtod(text, &end);
	if (end == text || *end != '\0' || isspace((unsigned char)text[0]))
		return diag_set(dg, BKSEF_EUSAGE, 0, "'%.*s' is not a number", TEXT_ARG(text));
	/* strtod rounds to the nearest double; below the smallest normal one
	 * that is a subnormal or 0, a value like any other (its ERANGE does
	 * not matter).  Only an overflow, to an infinity, is refused. */
	if (!isfinite(v))
		return diag_set(dg, BKSEF_EUSAGE, 0, "'%.*s' is out of range", TEXT_ARG(text));
	*out = v;
	return BKSEF_OK;
}

/* V >= 0 MACs rounded down; from 2^63 on (INT64_MAX as a double) INT64_MAX,
 * beyond any network's MACs. */
static int64_t budget_macs(double v)
{
	return v >= 9223372036854775808.0 ? INT64_MAX : (int64_t)floor(v);
}

/* Whether a budget's text starts where strtod would not see its sign: a
 * space (strtod skips it, "\v-3"), or a sign itself. */
static int budget_bad_start(const char *text)
{
	return isspace((unsigned char)text[0]) || text[0] == '-' || text[0] == '+';
}

/* The percentage V of TEXT ("57.2%") into *OUT; for REDUCE, the share left. */
static int budget_percent(const char *text, double v, int reduce, struct budget_text *out,
                          struct diag *dg)
{
	if (!(v > 0))
		return diag_set(dg, BKSEF_EUSAGE, 0, "percentage '%.*s' must be greater than 0",
		                TEXT_ARG(text));
	/* A plan may need more than its baseline: a budget may exceed 100%; a
	 * reduction cannot. */
	if (reduce) {
		if (v == 100)
			return diag_set(dg, BKSEF_EUSAGE, 0, "a reduction of '%.*s' leaves nothing",
			                TEXT_ARG(text));
		if (v > 100)
			return diag_set(dg, BKSEF_EUSAGE, 0, "a reduction of '%.*s' is over 100%%",
			                TEXT_ARG(text));
		v = 100 - v;
	}
	out->is_percent = 1;
	out->percent = v;
	out->amount = 0;
	return BKSEF_OK;
}

static int budget_not_percent(const char *text, struct diag *dg)
{
	return diag_set(dg, BKSEF_EUSAGE, 0,
	                "--reduce takes a percentage such as 42.8%%, not '%.*s'", TEXT_ARG(text));
}

int parse_budget_text(const char *text, int reduce, struct budget_text *out, struct diag *dg)
{
	char *end;
	double v, scale = 1;
	size_t len = strlen(text);

	if (len == 0)
		return diag_set(dg, BKSEF_EUSAGE, 0, "empty budget");
	/* A leading space would hide a sign from the check below ("\v-3"). */
	v = strtod(text, &end);
	if (end == text || !isfinite(v) || budget_bad_start(text) ||
	    (end[0] != '\0' && end[1] != '\0'))
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "'%.*s' is not a MAC count (350M, 1.2G) or a percentage (57.2%%)",
		                TEXT_ARG(text));
	if (*end == '%')
		return budget_percent(text, v, reduce, out, dg);
	if (reduce)
		return budget_not_percent(text, dg);
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
		                "unknown suffix '%c' in budget '%.*s' (k, M, G, T or %%)", *end,
		                TEXT_ARG(text));
	}
	/* Beyond any network's MACs (which fit in 64 bits) is no constraint. */
	out->is_percent = 0;
	out->percent = 0;
	out->amount = budget_macs(v * scale);
	return BKSEF_OK;
}

int parse_budget_time_text(const char *text, int reduce, struct budget_text *out, struct diag *dg)
{
	static const struct {
		const char *unit;
		double ns;
	} units[] = { { "s", 1e9 }, { "ms", 1e6 }, { "us", 1e3 }, { "ns", 1 } };
	char *end;
	double v;

	if (text[0] == '\0')
		return diag_set(dg, BKSEF_EUSAGE, 0, "empty budget");
	v = strtod(text, &end);
	if (end == text || !isfinite(v) || budget_bad_start(text))
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "'%.*s' is not a time (50ms, 0.2s, 800us) or a percentage (57.2%%)",
		                TEXT_ARG(text));
	if (strcmp(end, "%") == 0)
		return budget_percent(text, v, reduce, out, dg);
	if (reduce)
		return budget_not_percent(text, dg);
	if (*end == '\0')
		return diag_set(dg, BKSEF_EUSAGE, 0, "time '%.*s' needs a unit: s, ms, us or ns",
		                TEXT_ARG(text));
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
		if (strcmp(end, units[u].unit) == 0) {
			out->is_percent = 0;
			out->percent = 0;
			/* whole nanoseconds, rounded down; past 2^63 no constraint */
			out->amount = budget_macs(v * units[u].ns);
			return BKSEF_OK;
		}
	return diag_set(dg, BKSEF_EUSAGE, 0, "unknown unit in time '%.*s' (s, ms, us, ns or %%)",
	                TEXT_ARG(text));
}

int64_t parse_budget_value(const struct budget_text *b, int64_t base)
{
	if (!b->is_percent)
		return b->amount;
	/* 100% of a baseline near 2^63 rounds up past the largest int64. */
	return budget_macs((double)base * b->percent / 100.0);
}

int parse_budget(const char *text, int64_t base, int reduce, int64_t *out, struct diag *dg)
{
	struct budget_text b;
	int st = parse_budget_text(text, reduce, &b, dg);
	if (st == BKSEF_OK)
		*out = parse_budget_value(&b, base);
	return st;
}
