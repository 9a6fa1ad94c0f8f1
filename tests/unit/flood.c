/* flood.c -- layer names that all collide in v0.1.0's name index (see
 * flood.h).
 *
 * The low k bits of an FNV-1a state depend only on the low k bits of the
 * state before and on the bytes hashed (xor a byte, multiply modulo 2^64).
 * So if two blocks A and B take the low FLOOD_BITS bits of the state from s
 * to the same s', a name may continue with either and the low bits stay the
 * same: BITS such pairs, found one after the other, give 2^BITS names of
 * BITS blocks with one low part of their hash.  A pair is found by trying
 * blocks of 4 letters and digits in a fixed pseudo-random order until two
 * reach the same low bits: about sqrt(pi/2 * 2^24) = 5,100 tries by the
 * birthday bound (3,900 to 10,100 tries for the 20 pairs here). */
#include <config.h>

#include "flood.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FNV_OFFSET UINT64_C(1469598103934665603)
#define FNV_PRIME UINT64_C(1099511628211)
#define LOW_MASK ((UINT64_C(1) << FLOOD_BITS) - 1)
#define BLOCK 4
/* Tries before giving up: no pair in 2^16 tries has odds of about
 * exp(-(2^16)^2 / 2^25) = exp(-128). */
#define TRIES (1u << 16)

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

uint64_t flood_fnv1a(const char *s)
{
	uint64_t h = FNV_OFFSET;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= FNV_PRIME;
	}
	return h;
}

/* Block number C into OUT: characters of the alphabet picked by a mix of C,
 * so that every position varies from one block to the next (counting in
 * base 62 would vary the last character only every 238,328 blocks, and
 * blocks that end alike collide only if they agree before). */
static void block_of(unsigned c, char out[BLOCK])
{
	uint64_t x = (c + 1) * UINT64_C(0x9E3779B97F4A7C15);
	for (int i = 0; i < BLOCK; i++) {
		x ^= x >> 29;
		x *= UINT64_C(0xBF58476D1CE4E5B9);
		out[i] = alphabet[(x >> 32) % (sizeof alphabet - 1)];
	}
}

static uint64_t step(uint64_t h, const char b[BLOCK])
{
	for (int i = 0; i < BLOCK; i++) {
		h ^= (unsigned char)b[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* Two different blocks A and B that take state H to the same low bits, and
 * that state in *NEXT.  Returns 0, or -1 when none was found (or no
 * memory). */
static int find_pair(uint64_t h, char a[BLOCK], char b[BLOCK], uint64_t *next)
{
	/* Open addressing on the low bits: slot -> block number + 1. */
	uint32_t *seen = calloc(2 * TRIES, sizeof *seen);
	uint64_t *low = calloc(2 * TRIES, sizeof *low);
	int found = -1;

	for (unsigned c = 0; c < TRIES && seen != NULL && low != NULL; c++) {
		char blk[BLOCK];
		block_of(c, blk);
		uint64_t l = step(h, blk) & LOW_MASK;
		size_t j = (size_t)(l * 40503u) & (2 * TRIES - 1);
		while (seen[j] != 0 && low[j] != l)
			j = (j + 1) & (2 * TRIES - 1);
		if (seen[j] == 0) {
			seen[j] = c + 1;
			low[j] = l;
			continue;
		}
		block_of(seen[j] - 1, a);
		if (memcmp(a, blk, BLOCK) != 0) { /* not the same block again */
			memcpy(b, blk, BLOCK);
			*next = step(h, blk);
			found = 0;
			break;
		}
	}
	free(seen);
	free(low);
	return found;
}

char *flood_network(int bits, int crafted, size_t *len)
{
	static const char head[] = "name,op,out,h,w\nin,input,1,1,1\n";
	static const char tail[] = ",act,,,\n";
	size_t n = (size_t)1 << bits, name_len = (size_t)BLOCK * (size_t)bits;
	size_t size = sizeof head + n * (name_len + sizeof tail);
	char(*pair)[2][BLOCK] = malloc((size_t)bits * sizeof *pair);
	char *text = malloc(size), *p;
	uint64_t h = FNV_OFFSET;

	if (bits < 1 || bits > 20 || pair == NULL || text == NULL)
		goto fail;
	for (int j = 0; crafted && j < bits; j++)
		if (find_pair(h, pair[j][0], pair[j][1], &h) != 0)
			goto fail;
	memcpy(text, head, sizeof head - 1);
	p = text + sizeof head - 1;
	for (size_t i = 0; i < n; i++) {
		if (crafted) {
			for (int j = 0; j < bits; j++, p += BLOCK)
				memcpy(p, pair[j][(i >> j) & 1], BLOCK);
		} else {
			p += snprintf(p, name_len + 1, "n%0*zu", (int)name_len - 1, i);
		}
		memcpy(p, tail, sizeof tail);
		p += sizeof tail - 1;
	}
	free(pair);
	if (len != NULL)
		*len = (size_t)(p - text);
	return text;
fail:
	free(pair);
	free(text);
	return NULL;
}
