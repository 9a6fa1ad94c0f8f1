/* shortest.c -- the shortest decimal digits that read back as the same double.
 *
 * Ryu (Ulf Adams, "Ryu: fast float-to-string conversion", PLDI 2018),
 * written from the paper: the double m x 2^e and the two midpoints to its
 * neighbours are multiplied by a 125-bit power of five (shortest_table.h,
 * from gen-shortest-table.py) into integers VR, VP, VM at one decimal scale
 * 10^E10, exactly floored; digits are then removed while the bounds still
 * differ.  Whether each product is exact (nothing below the floor) is
 * computed exactly here, which the paper allows to approximate.
 *
 * shortest_g builds printf's "%g" choice on top: the smallest precision
 * P >= 6 whose correctly rounded P digits fall between the midpoints.  VR
 * holds 18 or more digits for every normal double, so rounding it to P <= 17
 * digits is exact; a subnormal whose VR is too short for P falls back on the
 * C library's exact "%.*e" and strtod (they are rare and slow anyway). */
#include <config.h>

#include "shortest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "shortest_table.h"

#define MANT_BITS 52
#define EXP_BIAS 1023

__extension__ typedef unsigned __int128 u128;

/* V at one decimal scale: floor(V x 10^-e10) and the same for the upper and
 * lower midpoints to V's neighbours, each with whether it is exact. */
struct scaled {
	uint64_t vr, vp, vm;
	int32_t e10;
	int vr_exact, vp_exact, vm_exact;
	int accept; /* the midpoints read back as V (even mantissa) */
	int normal;
};

/* ceil(log2(5^e)) (1 for e == 0), for 0 <= e <= 3528. */
static int32_t pow5bits(int32_t e)
{
	return (int32_t)((((uint32_t)e * 1217359) >> 19) + 1);
}

/* floor(log10(2^e)), for 0 <= e <= 1650. */
static uint32_t log10_pow2(int32_t e)
{
	return ((uint32_t)e * 78913) >> 18;
}

/* floor(log10(5^e)), for 0 <= e <= 2620. */
static uint32_t log10_pow5(int32_t e)
{
	return ((uint32_t)e * 732923) >> 20;
}

/* floor(M x MUL / 2^J), MUL a 128-bit { low, high } pair, M < 2^56, J >= 64. */
static uint64_t mul_shift(uint64_t m, const uint64_t mul[2], int32_t j)
{
	u128 lo = (u128)m * mul[0], hi = (u128)m * mul[1];
	return (uint64_t)(((lo >> 64) + hi) >> (j - 64));
}

/* Whether 5^Q divides M (M > 0 and M < 2^56, so never for Q > 24). */
static int multiple_of_pow5(uint64_t m, uint32_t q)
{
	uint32_t k = 0;
	if (q > 24)
		return 0;
	while (k < q && m % 5 == 0) {
		m /= 5;
		k++;
	}
	return k >= q;
}

/* Whether 2^Q divides M (M > 0). */
static int multiple_of_pow2(uint64_t m, uint32_t q)
{
	return q < 64 && (m & ((UINT64_C(1) << q) - 1)) == 0;
}

static void scale(double v, struct scaled *s)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	uint64_t ieee_m = bits & ((UINT64_C(1) << MANT_BITS) - 1);
	uint32_t ieee_e = (uint32_t)(bits >> MANT_BITS) & 0x7ff;
	int32_t e2;
	uint64_t m2;

	/* Two more bits, so that the midpoints are integers too. */
	if (ieee_e == 0) {
		e2 = 1 - EXP_BIAS - MANT_BITS - 2;
		m2 = ieee_m;
	} else {
		e2 = (int32_t)ieee_e - EXP_BIAS - MANT_BITS - 2;
		m2 = (UINT64_C(1) << MANT_BITS) | ieee_m;
	}
	s->normal = ieee_e != 0;
	s->accept = (m2 & 1) == 0;
	/* The lower neighbour is closer at a power of two (except the
	 * smallest normal exponent). */
	uint32_t mm_shift = ieee_m != 0 || ieee_e <= 1;
	uint64_t mv = 4 * m2, mp = mv + 2, mm = mv - 1 - mm_shift;

	if (e2 >= 0) {
		/* V x 10^-q = mv x 2^e2 / 10^q: multiply by 2^k / 5^q. */
		uint32_t q = log10_pow2(e2) - (e2 > 3);
		int32_t k = SHORTEST_POW5_INV_BITCOUNT + pow5bits((int32_t)q) - 1;
		int32_t j = -e2 + (int32_t)q + k;
		s->e10 = (int32_t)q;
		s->vr = mul_shift(mv, SHORTEST_POW5_INV[q], j);
		s->vp = mul_shift(mp, SHORTEST_POW5_INV[q], j);
		s->vm = mul_shift(mm, SHORTEST_POW5_INV[q], j);
		s->vr_exact = multiple_of_pow5(mv, q);
		s->vp_exact = multiple_of_pow5(mp, q);
		s->vm_exact = multiple_of_pow5(mm, q);
	} else {
		/* V x 10^-(q + e2) = mv x 5^(-e2 - q) / 2^q. */
		uint32_t q = log10_pow5(-e2) - (-e2 > 1);
		int32_t i = -e2 - (int32_t)q;
		int32_t k = pow5bits(i) - SHORTEST_POW5_BITCOUNT;
		int32_t j = (int32_t)q - k;
		s->e10 = (int32_t)q + e2;
		s->vr = mul_shift(mv, SHORTEST_POW5[i], j);
		s->vp = mul_shift(mp, SHORTEST_POW5[i], j);
		s->vm = mul_shift(mm, SHORTEST_POW5[i], j);
		s->vr_exact = multiple_of_pow2(mv, q);
		s->vp_exact = multiple_of_pow2(mp, q);
		s->vm_exact = multiple_of_pow2(mm, q);
	}
}

/* D from DIGITS x 10^EXP10, trailing zeros removed. */
static int set_digits(struct shortest *d, uint64_t digits, int32_t exp10)
{
	while (digits % 10 == 0) {
		digits /= 10;
		exp10++;
	}
	d->digits = digits;
	d->exp10 = exp10;
	d->n = decimal_length(digits);
	return d->n;
}

/* Ryu's digit removal on S. */
static int ryu(const struct scaled *s, struct shortest *d)
{
	uint64_t vr = s->vr, vm = s->vm;
	uint64_t vp = s->vp - (uint64_t)(!s->accept && s->vp_exact);
	int vm_tz = s->accept && s->vm_exact, vr_tz = s->vr_exact;
	int32_t removed = 0;
	uint64_t last = 0;

	while (vp / 10 > vm / 10) {
		vm_tz &= vm % 10 == 0;
		vr_tz &= last == 0;
		last = vr % 10;
		vr /= 10;
		vp /= 10;
		vm /= 10;
		removed++;
	}
	/* The lower bound may be the output: take its zeros off too. */
	while (vm_tz && vm != 0 && vm % 10 == 0) {
		vr_tz &= last == 0;
		last = vr % 10;
		vr /= 10;
		vp /= 10;
		vm /= 10;
		removed++;
	}
	if (vr_tz && last == 5 && vr % 2 == 0)
		last = 4; /* exactly half way: to even */
	uint64_t out = vr + ((vr == vm && (!s->accept || !vm_tz)) || last >= 5);
	return set_digits(d, out, s->e10 + removed);
}

int shortest_digits(double v, struct shortest *d)
{
	struct scaled s;
	scale(v, &s);
	return ryu(&s, d);
}

/* |V| rounded to P digits by the C library, where VR has too few: the
 * digits of "%.*e".  Returns whether they read back as |V|. */
static int round_libc(double v, int p, struct shortest *d)
{
	char buf[40], *e;
	uint64_t digits = 0;
	v = fabs(v);
	snprintf(buf, sizeof buf, "%.*e", p - 1, v);
	for (const char *c = buf; *c != 'e'; c++)
		if (*c != '.')
			digits = digits * 10 + (uint64_t)(*c - '0');
	e = strchr(buf, 'e');
	set_digits(d, digits, (int32_t)strtol(e + 1, NULL, 10) - (p - 1));
	return strtod(buf, NULL) == v;
}

/* S's value rounded to P significant digits, ties to even, into D; *X is the
 * result at S's scale, to compare with the bounds.  Returns 0 when VR has
 * too few digits to tell. */
static int round_scaled(const struct scaled *s, int p, struct shortest *d, uint64_t *x)
{
	int len = decimal_length(s->vr);
	if (len <= p) {
		if (!s->vr_exact)
			return 0;
		*x = s->vr;
		set_digits(d, s->vr, s->e10);
		return 1;
	}
	int drop = len - p;
	uint64_t pw = decimal_pow10[drop], r = s->vr / pw, rem = s->vr % pw, half = pw / 2;
	r += rem > half || (rem == half && (!s->vr_exact || (r & 1)));
	*x = r * pw; /* <= 10^len <= 10^19 */
	set_digits(d, r, s->e10 + drop);
	return 1;
}

/* Whether X (at S's scale) lies between S's midpoints, so reads back. */
static int reads_back(const struct scaled *s, uint64_t x)
{
	uint64_t hi = s->vp - (uint64_t)(!s->accept && s->vp_exact);
	return x <= hi && (x > s->vm || (s->accept && s->vm_exact && x == s->vm));
}

int shortest_g(double v, struct shortest *d)
{
	struct scaled s;
	int p;

	scale(v, &s);
	/* No fewer digits than the shortest can read back. */
	p = ryu(&s, d);
	if (p < 6)
		p = 6;
	for (; p < 17; p++) {
		uint64_t x;
		if (!round_scaled(&s, p, d, &x)) {
			if (round_libc(v, p, d))
				return p;
		} else if (reads_back(&s, x)) {
			return p;
		}
	}
	/* 17 digits always read back. */
	if (!round_scaled(&s, 17, d, &(uint64_t){ 0 }))
		round_libc(v, 17, d);
	return 17;
}
