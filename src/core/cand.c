/* cand.c -- candidate kernel-size sets. */
#include <config.h>

#include "cand.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* The size token at *P of the list TEXT (cand_parse's rules and messages):
 * add it to *SET and move *P past it.  BKSEF_EINPUT with the reason in DG
 * otherwise. */
static int size_token(const char *text, const char **pp, cand_set *set, struct diag *dg)
{
	const char *p = *pp;
	if (!isdigit((unsigned char)*p))
		return diag_set(
		    dg, BKSEF_EINPUT, 0,
		    "invalid kernel size in candidate list '%s': expected a whole number", text);
	const char *tok = p;
	long k = 0;
	while (isdigit((unsigned char)*p)) {
		if (k <= CAND_MAX)
			k = k * 10 + (*p - '0');
		p++;
	}
	if (*p != '\0' && *p != ' ' && *p != ',' && *p != '\t')
		return diag_set(dg, BKSEF_EINPUT, 0,
		                "invalid kernel size in candidate list '%s': trailing '%c'", text,
		                *p);
	if (k < 1 || k > CAND_MAX)
		return diag_set(dg, BKSEF_EINPUT, 0,
		                "kernel size %.*s in candidate list '%s' is outside 1..%d",
		                (int)(p - tok), tok, text, CAND_MAX);
	if (cand_has(*set, k))
		return diag_set(dg, BKSEF_EINPUT, 0,
		                "kernel size %ld appears twice in candidate list '%s'", k, text);
	*set |= (cand_set)1 << k;
	*pp = p;
	return BKSEF_OK;
}

int cand_parse(const char *text, cand_set *out, struct diag *dg)
{
	cand_set set = 0;
	const char *p = text;

	for (;;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (size_token(text, &p, &set, dg) != BKSEF_OK)
			return BKSEF_EINPUT;
	}
	if (set == 0)
		return diag_set(dg, BKSEF_EINPUT, 0, "empty candidate list");
	*out = set;
	return BKSEF_OK;
}

int cand_count(cand_set set)
{
	return __builtin_popcountll(set);
}

int cand_next(cand_set set, int k)
{
	if (k < 0)
		k = 0;
	if (k >= CAND_MAX)
		return 0;
	cand_set rest = set & ~(((cand_set)2 << k) - 1);
	return rest ? __builtin_ctzll(rest) : 0;
}

char *cand_format(cand_set set, char sep, char *buf, unsigned long size)
{
	unsigned long used = 0;
	buf[0] = '\0';
	for (int k = cand_next(set, 0); k != 0 && used < size; k = cand_next(set, k)) {
		int n = used ? snprintf(buf + used, size - used, "%c%d", sep, k)
		             : snprintf(buf, size, "%d", k);
		if (n < 0)
			break;
		used += (unsigned long)n;
	}
	return buf;
}

/* Whether the token at P (up to a separator) is a per-axis kernel: digits,
 * then one or more "x" and digits.  *END gets the byte after the token. */
static int per_axis_token(const char *p, const char **end, int *axes)
{
	int groups = 0;
	for (;;) {
		const char *s = p;
		while (isdigit((unsigned char)*p))
			p++;
		if (p == s)
			return 0;
		groups++;
		if (*p != 'x')
			break;
		p++;
	}
	*end = p;
	*axes = groups;
	return groups > 1 && (*p == '\0' || *p == ' ' || *p == ',' || *p == '\t');
}

int cand_parse_tokens(const char *text, int rank, cand_set *square, struct cand_axes *axes,
                      struct diag *dg)
{
	cand_set set = 0;
	struct cand_axes ax = { 0 };
	const char *p = text, *end;
	int n_axes;

	for (int first = 1;; first = 0) {
		int kind;
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		kind = strncmp(p, "ds", 2) == 0 ? KERNEL_DS : KERNEL_FULL;
		if (!first && kind != ax.kind)
			return diag_set(dg, BKSEF_EINPUT, 0,
			                "candidate list '%s' mixes full and depthwise-separable "
			                "(dsK) kernels",
			                text);
		ax.kind = (uint8_t)kind;
		if (kind == KERNEL_DS)
			p += 2;
		if (per_axis_token(p, &end, &n_axes)) {
			char tok[64];
			struct kernel k;
			size_t len = (size_t)(end - p);
			if (len < sizeof tok) {
				memcpy(tok, p, len);
				tok[len] = '\0';
			}
			if (rank == 0 && n_axes > KERNEL_MAX_AXES)
				return diag_set(
				    dg, BKSEF_EINPUT, 0,
				    "invalid kernel '%.*s' in candidate list '%s': each "
				    "extent from 1 to %d, at most %d axes",
				    (int)(len > 40 ? 40 : len), p, text, CAND_MAX, KERNEL_MAX_AXES);
			if (len >= sizeof tok ||
			    kernel_parse(tok, rank ? rank : n_axes, &k, NULL) != BKSEF_OK)
				return diag_set(
				    dg, BKSEF_EINPUT, 0,
				    "invalid kernel '%.*s' in candidate list '%s': each "
				    "extent from 1 to %d, %d %s",
				    (int)(len > 40 ? 40 : len), p, text, CAND_MAX,
				    rank ? rank : n_axes, rank == 1 ? "axis" : "axes");
			p = end;
			if (kernel_is_square(&k)) {
				if (cand_has(set, k.k[0]))
					return diag_set(dg, BKSEF_EINPUT, 0,
					                "kernel size %d appears twice in candidate "
					                "list '%s'",
					                k.k[0], text);
				set |= (cand_set)1 << k.k[0];
				continue;
			}
			for (int i = 0; i < ax.n; i++)
				if (kernel_equal(&ax.k[i], &k))
					return diag_set(
					    dg, BKSEF_EINPUT, 0,
					    "kernel %s appears twice in candidate list '%s'", tok,
					    text);
			if (ax.n == CAND_AXES_MAX)
				return diag_set(
				    dg, BKSEF_EINPUT, 0,
				    "more than %d per-axis kernels in candidate list '%s'",
				    CAND_AXES_MAX, text);
			ax.k[ax.n++] = k;
			continue;
		}
		if (size_token(text, &p, &set, dg) != BKSEF_OK)
			return BKSEF_EINPUT;
	}
	if (set == 0 && ax.n == 0)
		return diag_set(dg, BKSEF_EINPUT, 0, "empty candidate list");
	*square = set;
	*axes = ax;
	return BKSEF_OK;
}

int cand_axes_equal(const struct cand_axes *a, const struct cand_axes *b)
{
	if (a->n != b->n || a->kind != b->kind)
		return 0;
	for (int i = 0; i < a->n; i++)
		if (!kernel_equal(&a->k[i], &b->k[i]))
			return 0;
	return 1;
}
