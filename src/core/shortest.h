/* shortest.h -- the shortest decimal digits that read back as the same double. */
#ifndef BKSEF_SHORTEST_H
#define BKSEF_SHORTEST_H

#include <stdint.h>

/* A positive decimal: DIGITS x 10^EXP10, DIGITS having N digits and no
 * trailing zero. */
struct shortest {
	uint64_t digits;
	int n;
	int exp10;
};

/* The shortest decimal that reads back (round to nearest, ties to even) as
 * |V|, the one nearest |V| when several are that short (Ryu).  V must be
 * finite and nonzero; its sign is ignored.  Returns D->n. */
int shortest_digits(double v, struct shortest *d);

/* What printf's "%.*g" writes for |V| at the smallest precision P >= 6 whose
 * output reads back as |V| (|V| correctly rounded to P significant digits,
 * ties to even), into D; returns P (6 to 17).  V must be finite and
 * nonzero; its sign is ignored. */
int shortest_g(double v, struct shortest *d);

#endif
