/* cand.c -- candidate kernel-size sets. */
#include <config.h>

#include "cand.h"

#include <ctype.h>
#include <stdio.h>

int cand_parse(const char *text, cand_set *out, struct diag *dg)
{
	cand_set set = 0;
	const char *p = text;

	for (;;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (!isdigit((unsigned char)*p))
			return diag_set(
			    dg, BKSEF_EINPUT, 0,
			    "invalid kernel size in candidate list '%s': expected a whole number",
			    text);
		const char *tok = p;
		long k = 0;
		while (isdigit((unsigned char)*p)) {
			if (k <= CAND_MAX)
				k = k * 10 + (*p - '0');
			p++;
		}
		if (*p != '\0' && *p != ' ' && *p != ',' && *p != '\t')
			return diag_set(dg, BKSEF_EINPUT, 0,
			                "invalid kernel size in candidate list '%s': trailing '%c'",
			                text, *p);
		if (k < 1 || k > CAND_MAX)
			return diag_set(dg, BKSEF_EINPUT, 0,
			                "kernel size %.*s in candidate list '%s' is outside 1..%d",
			                (int)(p - tok), tok, text, CAND_MAX);
		if (cand_has(set, k))
			return diag_set(dg, BKSEF_EINPUT, 0,
			                "kernel size %ld appears twice in candidate list '%s'", k,
			                text);
		set |= (cand_set)1 << k;
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
