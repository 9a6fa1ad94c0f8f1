/* parse.h -- parsing the values of options: reals, budgets, pins. */
#ifndef BKSEF_PARSE_H
#define BKSEF_PARSE_H

#include <stdint.h>

#include "diag.h"

/* A finite real number, the whole of TEXT; BKSEF_EUSAGE otherwise.  Below
 * the smallest normal double it is read like any other value, rounded to the
 * nearest double (a subnormal, or 0). */
int parse_real(const char *text, double *out, struct diag *dg);

/* A MAC budget: "350000000", "350M", "1.2G" (k, M, G, T; powers of 1000), or
 * a percentage of BASE greater than 0 ("57.2%", "150%").  REDUCE: TEXT is a
 * reduction ("42.8%" means 57.2% of BASE) and must be a percentage greater
 * than 0 and less than 100.  *OUT gets the budget in MACs, rounded down; a
 * budget of 2^63 MACs or more, beyond any network's, is INT64_MAX: no
 * constraint.  BKSEF_EUSAGE with the reason otherwise. */
int parse_budget(const char *text, int64_t base, int reduce, int64_t *out, struct diag *dg);

#endif
