/* parse.h -- parsing the values of options: reals, budgets, pins. */
#ifndef BKSEF_PARSE_H
#define BKSEF_PARSE_H

#include <stdint.h>

#include "diag.h"

/* A finite real number, the whole of TEXT; BKSEF_EUSAGE otherwise.  Below
 * the smallest normal double it is read like any other value, rounded to the
 * nearest double (a subnormal, or 0). */
int parse_real(const char *text, double *out, struct diag *dg);

/* A budget as written: an amount, or a percentage of the baseline. */
struct budget_text {
	int is_percent; /* 1: PERCENT; 0: AMOUNT */
	double percent; /* after a reduction: 42.8% off is 57.2 */
	int64_t amount;
};

/* The grammar of parse_budget, without the baseline: *OUT gets the amount or
 * the percentage.  BKSEF_EUSAGE with the reason otherwise. */
int parse_budget_text(const char *text, int reduce, struct budget_text *out, struct diag *dg);

/* B's value for a baseline of BASE: the amount, or the percentage of BASE
 * rounded down. */
/* The same for a time: "50ms", "0.2s", "800us", "1500ns" (a unit is
 * needed), or a percentage; *OUT's amount is in whole nanoseconds, rounded
 * down. */
int parse_budget_time_text(const char *text, int reduce, struct budget_text *out, struct diag *dg);

int64_t parse_budget_value(const struct budget_text *b, int64_t base);

/* A MAC budget: "350000000", "350M", "1.2G" (k, M, G, T; powers of 1000), or
 * a percentage of BASE greater than 0 ("57.2%", "150%").  REDUCE: TEXT is a
 * reduction ("42.8%" means 57.2% of BASE) and must be a percentage greater
 * than 0 and less than 100.  *OUT gets the budget in MACs, rounded down; a
 * budget of 2^63 MACs or more, beyond any network's, is INT64_MAX: no
 * constraint.  BKSEF_EUSAGE with the reason otherwise. */
int parse_budget(const char *text, int64_t base, int reduce, int64_t *out, struct diag *dg);

#endif
