/* fmt.h -- numbers as the explorer shows them: always finite text of a known
 * width, never "nan"; no curses, so the tests can call it directly. */
#ifndef BKSEF_TUI_FMT_H
#define BKSEF_TUI_FMT_H

#include <stddef.h>
#include <stdint.h>

/* V in at most WIDTH columns (>= 1) with at most PREC decimals, falling back
 * to a compact exponent ("1.5e300").  Infinities give "+ovf"/"-ovf", NaN gives
 * "?", and a number that fits in no form gives WIDTH '#'s.  Returns BUF
 * (SIZE must exceed WIDTH). */
char *fmt_real(char *buf, size_t size, double v, int width, int prec);

/* A parameter value: up to 4 significant digits ("0.45", "1e300"), at most
 * WIDTH columns. */
char *fmt_param(char *buf, size_t size, double v, int width);

/* V in the shortest form that reads back as V exactly ("0.1",
 * "2.8963623163791765"): what a user types to get the same plan.  At most
 * 24 bytes; "?" for NaN, "inf" forms never occur for parameters. */
char *fmt_shortest(char *buf, size_t size, double v);

/* V to DIGITS significant digits, compact exponent ("1.961e300"). */
char *fmt_sig(char *buf, size_t size, double v, int digits);

/* Whether TEXT (a number as shown) reads back as V exactly. */
int fmt_exact(const char *text, double v);

/* One format for a column of numbers: DECIMALS after the point, each number
 * divided by 10^EXP first (EXP 0: as it is; else the column's heading says
 * "x1eEXP"). */
struct fmt_col {
	int decimals;
	int exp;
};

/* The format that shows every value of magnitude at most MAX_ABS (NEG: some
 * are negative) in WIDTH columns, with DECIMALS decimals if they fit, else
 * fewer, else scaled by a power of ten. */
struct fmt_col fmt_col_fit(double max_abs, int neg, int width, int decimals);

/* V in format F within WIDTH columns: a small negative keeps its sign
 * ("-0.00"), 0 is "0.00"; a value that does not fit is WIDTH '#'s (never
 * the case for the values F was fitted to); NaN "?". */
char *fmt_col_value(char *buf, size_t size, double v, const struct fmt_col *f, int width);

/* A count with an SI suffix and 4 significant digits, at most 6 columns
 * (7 with a minus sign): 152766976 -> "152.8M", 999 -> "999". */
char *fmt_count(char *buf, size_t size, int64_t v);

/* An exact count with thousands separators: "152,766,976". */
char *fmt_int(char *buf, size_t size, int64_t v);

/* Layer L's shape, its spatial sizes then its channels ("56x56x64"; "LxC"
 * and "TxHxWxC" by RANK), joined by TIMES; of its input when IN is 1. */
struct net_layer;
char *fmt_shape(char *buf, size_t size, const struct net_layer *l, int rank, int in,
                const char *times);

/* A change in percent with its sign: "+345.6%", "-42.8%", "0%"; huge
 * changes are shortened ("+396800%"). */
char *fmt_pct(char *buf, size_t size, double pct);

#endif
