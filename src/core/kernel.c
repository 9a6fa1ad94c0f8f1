/* kernel.c -- kernels and their tokens. */
#include <config.h>

#include "kernel.h"

#include <math.h>
#include <string.h>

#include "decimal.h"

struct kernel kernel_square(int rank, int k)
{
	struct kernel kn;
	memset(&kn, 0, sizeof kn);
	kn.kind = KERNEL_FULL;
	kn.n_axes = (uint8_t)rank;
	for (int a = 0; a < rank && a < KERNEL_MAX_AXES; a++)
		kn.k[a] = k;
	return kn;
}

int kernel_equal(const struct kernel *a, const struct kernel *b)
{
	if (a->kind != b->kind || a->n_axes != b->n_axes)
		return 0;
	for (int i = 0; i < a->n_axes; i++)
		if (a->k[i] != b->k[i])
			return 0;
	return 1;
}

int kernel_is_square(const struct kernel *k)
{
	for (int i = 1; i < k->n_axes; i++)
		if (k->k[i] != k->k[0])
			return 0;
	return 1;
}

int kernel_max_extent(const struct kernel *k)
{
	int m = 0;
	for (int i = 0; i < k->n_axes; i++)
		if (k->k[i] > m)
			m = k->k[i];
	return m;
}

int64_t kernel_taps(const struct kernel *k)
{
	int64_t t = 1;
	for (int i = 0; i < k->n_axes; i++)
		t *= k->k[i];
	return t;
}

double kernel_size(const struct kernel *k)
{
	if (kernel_is_square(k))
		return k->k[0];
	return pow((double)kernel_taps(k), 1.0 / k->n_axes);
}

int kernel_compare(const struct kernel *a, const struct kernel *b)
{
	double sa = kernel_size(a), sb = kernel_size(b);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	for (int i = 0; i < a->n_axes && i < b->n_axes; i++)
		if (a->k[i] != b->k[i])
			return a->k[i] < b->k[i] ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return 0;
}

char *kernel_format(const struct kernel *k, char *buf, size_t size)
{
	char text[KERNEL_TOKEN_MAX], *o = text;
	size_t n;

	if (size == 0)
		return buf;
	if (k->kind == KERNEL_DS) {
		*o++ = 'd';
		*o++ = 's';
	}
	for (int i = 0; i < (kernel_is_square(k) ? 1 : k->n_axes); i++) {
		if (i > 0)
			*o++ = 'x';
		o = decimal_i64(o, k->k[i]);
	}
	/* Cut to SIZE as snprintf would. */
	n = (size_t)(o - text) < size ? (size_t)(o - text) : size - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return buf;
}

/* One extent: digits only, 1..KERNEL_MAX_EXTENT; *END gets the first byte
 * after it.  Returns the extent, or 0 when malformed or out of range. */
static int parse_extent(const char *p, const char **end)
{
	long v = 0;
	const char *s = p;
	while (*p >= '0' && *p <= '9') {
		if (v <= KERNEL_MAX_EXTENT)
			v = v * 10 + (*p - '0');
		p++;
	}
	*end = p;
	if (p == s || v < 1 || v > KERNEL_MAX_EXTENT)
		return 0;
	return (int)v;
}

int kernel_parse(const char *text, int rank, struct kernel *out, struct diag *dg)
{
	struct kernel k = kernel_square(rank, 0);
	int kind = strncmp(text, "ds", 2) == 0 ? KERNEL_DS : KERNEL_FULL;
	const char *p = kind == KERNEL_DS ? text + 2 : text, *end;
	int n = 0;

	for (;;) {
		int v = parse_extent(p, &end);
		if (v == 0)
			return diag_set(dg, BKSEF_EINPUT, 0,
			                "kernel '%s' is not a size from 1 to %d or sizes per axis "
			                "(AxB)",
			                text, KERNEL_MAX_EXTENT);
		if (n < KERNEL_MAX_AXES)
			k.k[n] = v;
		n++;
		p = end;
		if (*p != 'x')
			break;
		p++;
	}
	if (*p != '\0')
		return diag_set(dg, BKSEF_EINPUT, 0,
		                "kernel '%s' is not a size from 1 to %d or sizes per axis (AxB)",
		                text, KERNEL_MAX_EXTENT);
	if (n == 1) {
		*out = kernel_realised(kernel_square(rank, k.k[0]), kind);
		return BKSEF_OK;
	}
	if (n != rank)
		return diag_set(dg, BKSEF_EINPUT, 0, "kernel '%s' has %d axes; the layer has %d",
		                text, n, rank);
	*out = kernel_realised(k, kind);
	return BKSEF_OK;
}

const char *kernel_pattern(int rank)
{
	return rank <= 1 ? "K" : rank == 2 ? "AxB" : "AxBxC";
}

int kernel_text_per_axis(const char *text)
{
	int groups = 0;
	const char *p = text;
	for (;;) {
		const char *s = p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == s)
			return 0;
		groups++;
		if (*p != 'x')
			break;
		p++;
	}
	return *p == '\0' && groups > 1;
}
