/* flood.h -- a hash-flooding input for the loader's tests and benchmark:
 * layer names that all collide in v0.1.0's name index. */
#ifndef BKSEF_FLOOD_H
#define BKSEF_FLOOD_H

#include <stddef.h>
#include <stdint.h>

/* The low bits in which every crafted name's FNV-1a hash agrees: v0.1.0's
 * index, a table of at most 2^24 slots, started them all at one slot. */
#define FLOOD_BITS 24

/* 64-bit FNV-1a of the NUL-terminated S: the hash v0.1.0 indexed names by. */
uint64_t flood_fnv1a(const char *s);

/* A format-v1 network of an input row "in" and 2^BITS (1 to 20) act rows:
 * when CRAFTED, named by distinct names of 4 * BITS letters and digits
 * whose FNV-1a hashes agree in their low FLOOD_BITS bits; otherwise named
 * "n" and a zero-padded row number of the same length (ordinary names).
 * Returns malloc'd NUL-terminated text (its length in *LEN, if not NULL)
 * that the caller frees, or NULL when out of memory. */
char *flood_network(int bits, int crafted, size_t *len);

#endif
