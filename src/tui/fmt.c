/* fmt.c -- number formatting for the explorer. */
#include <config.h>

#include "tui/fmt.h"

#include "net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "1.50e+300" -> "1.5e300": no '+', no leading zeros in the exponent, no
 * trailing zeros in the mantissa. */
static void compact_exp(char *s)
{
	char *e = strchr(s, 'e'), *m, *d;
	if (e == NULL)
		return;
	/* Trailing zeros of the mantissa, and a bare '.'. */
	if (memchr(s, '.', (size_t)(e - s)) != NULL) {
		m = e;
		while (m[-1] == '0')
			m--;
		if (m[-1] == '.')
			m--;
		memmove(m, e, strlen(e) + 1);
		e = m;
	}
	d = e + 1;
	if (*d == '+')
		memmove(d, d + 1, strlen(d + 1) + 1);
	else if (*d == '-')
		d++;
	while (d[0] == '0' && d[1] != '\0')
		memmove(d, d + 1, strlen(d + 1) + 1);
}

char *fmt_real(char *buf, size_t size, double v, int width, int prec)
{
	char tmp[64];

	if (width < 1)
		width = 1;
	if ((size_t)width >= size)
		width = (int)size - 1;
	if (isnan(v)) {
		snprintf(buf, size, "%.*s", width, "?");
		return buf;
	}
	if (isinf(v)) {
		snprintf(buf, size, "%.*s", width, v > 0 ? "+ovf" : "-ovf");
		return buf;
	}
	if (v == 0)
		v = 0; /* no "-0" */
	/* Fixed notation, unless it would round a non-zero value to zero. */
	if (v == 0 || fabs(v) >= 0.5 * pow(10, -prec)) {
		for (int p = prec; p >= 0; p--) {
			snprintf(tmp, sizeof tmp, "%.*f", p, v);
			if (strlen(tmp) <= (size_t)width) {
				snprintf(buf, size, "%s", tmp);
				return buf;
			}
			if (fabs(v) < 1 && p <= 1)
				break; /* "0" for 0.4 would be wrong: exponent */
		}
	}
	for (int p = 3; p >= 0; p--) {
		snprintf(tmp, sizeof tmp, "%.*e", p, v);
		compact_exp(tmp);
		if (strlen(tmp) <= (size_t)width) {
			snprintf(buf, size, "%s", tmp);
			return buf;
		}
	}
	memset(buf, '#', (size_t)width);
	buf[width] = '\0';
	return buf;
}

char *fmt_param(char *buf, size_t size, double v, int width)
{
	char tmp[64];

	if (isfinite(v)) {
		snprintf(tmp, sizeof tmp, "%.4g", v == 0 ? 0.0 : v);
		compact_exp(tmp);
		if (strlen(tmp) <= (size_t)width && strlen(tmp) < size) {
			snprintf(buf, size, "%s", tmp);
			return buf;
		}
	}
	return fmt_real(buf, size, v, width, 3);
}

char *fmt_shortest(char *buf, size_t size, double v)
{
	char tmp[40];

	if (!isfinite(v)) {
		snprintf(buf, size, "%s", isnan(v) ? "?" : v > 0 ? "+ovf" : "-ovf");
		return buf;
	}
	/* 17 significant digits always read back (IEEE double). */
	for (int p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof tmp, "%.*g", p, v);
		if (p == 17 || strtod(tmp, NULL) == v)
			break;
	}
	compact_exp(tmp);
	snprintf(buf, size, "%s", tmp);
	return buf;
}

char *fmt_sig(char *buf, size_t size, double v, int digits)
{
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%.*g", digits, v == 0 ? 0.0 : v);
	compact_exp(tmp);
	snprintf(buf, size, "%s", tmp);
	return buf;
}

int fmt_exact(const char *text, double v)
{
	char *end;
	double r = strtod(text, &end);
	return end != text && *end == '\0' && r == v;
}

/* V with D decimals after dividing by 10^EXP. */
static int col_text(char *buf, size_t size, double v, int d, int exp)
{
	if (exp != 0)
		v /= pow(10, exp);
	if (v == 0)
		v = 0; /* no "-0.00" for a zero */
	return snprintf(buf, size, "%.*f", d, v);
}

struct fmt_col fmt_col_fit(double max_abs, int neg, int width, int decimals)
{
	struct fmt_col f = { decimals, 0 };
	char tmp[400];
	double probe = neg ? -max_abs : max_abs;

	if (!isfinite(max_abs))
		return f;
	for (int d = decimals; d >= 0; d--)
		if (col_text(tmp, sizeof tmp, probe, d, 0) <= width) {
			f.decimals = d;
			return f;
		}
	/* Too large in any fixed form: one digit before the point. */
	f.exp = (int)floor(log10(max_abs));
	for (int e = f.exp; e <= f.exp + 1; e++)
		for (int d = decimals; d >= 0; d--)
			if (col_text(tmp, sizeof tmp, probe, d, e) <= width) {
				f.decimals = d;
				f.exp = e;
				return f;
			}
	return f;
}

char *fmt_col_value(char *buf, size_t size, double v, const struct fmt_col *f, int width)
{
	char tmp[400];

	if ((size_t)width >= size)
		width = (int)size - 1;
	if (!isfinite(v))
		return fmt_real(buf, size, v, width, f->decimals);
	if (col_text(tmp, sizeof tmp, v, f->decimals, f->exp) > width) {
		memset(buf, '#', (size_t)width);
		buf[width] = '\0';
		return buf;
	}
	snprintf(buf, size, "%s", tmp);
	return buf;
}

char *fmt_count(char *buf, size_t size, int64_t v)
{
	static const char unit[] = "kMGTPE";
	/* Work on the magnitude as unsigned: INT64_MIN has no positive twin. */
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	const char *sign = v < 0 ? "-" : "";

	if (m < 1000) {
		snprintf(buf, size, "%s%llu", sign, (unsigned long long)m);
		return buf;
	}
	double x = (double)m;
	for (int u = 0; u < 6; u++) {
		x /= 1000;
		if (x >= 1000 && u < 5)
			continue;
		char tmp[32];
		int dec = x < 10 ? 3 : x < 100 ? 2 : 1;
		snprintf(tmp, sizeof tmp, "%.*f", dec, x);
		/* 999.96 rounds up to the next unit. */
		if (strcmp(tmp, "1000.0") == 0 && u < 5) {
			x = 1;
			u++;
			snprintf(tmp, sizeof tmp, "%.3f", x);
			snprintf(buf, size, "%s%s%c", sign, tmp, unit[u]);
			return buf;
		}
		snprintf(buf, size, "%s%s%c", sign, tmp, unit[u]);
		return buf;
	}
	snprintf(buf, size, "?");
	return buf;
}

char *fmt_int(char *buf, size_t size, int64_t v)
{
	char digits[32], out[48];
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)m), o = 0;

	if (v < 0)
		out[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
	return buf;
}

char *fmt_pct(char *buf, size_t size, double pct)
{
	if (!isfinite(pct))
		snprintf(buf, size, "%s", pct > 0 ? "+ovf%" : pct < 0 ? "-ovf%" : "?%");
	else if (fabs(pct) < 0.05)
		snprintf(buf, size, "0%%");
	else if (fabs(pct) < 1000)
		snprintf(buf, size, "%+.1f%%", pct);
	else if (fabs(pct) < 1e7)
		snprintf(buf, size, "%+.0f%%", pct);
	else
		snprintf(buf, size, "%s", pct > 0 ? "+>1e7%" : "-ovf%");
	return buf;
}

char *fmt_shape(char *buf, size_t size, const struct net_layer *l, int rank, int in,
                const char *times)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int a = 0; a <= rank && used < size; a++) {
		int64_t v = a < rank ? net_layer_size(l, rank, a, in) : in ? l->in_c : l->c;
		int n = snprintf(buf + used, size - used, a ? "%s%lld" : "%.0s%lld", times,
		                 (long long)v);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}
