/* hash.h -- keyed hashing for the tables an input file fills: SipHash-2-4
 * under a key that no input can predict, so that no file can make names
 * collide on purpose. */
#ifndef BKSEF_HASH_H
#define BKSEF_HASH_H

#include <stddef.h>
#include <stdint.h>

/* SipHash-2-4 (Aumasson and Bernstein, 2012) of the LEN bytes at DATA
 * under the 128-bit KEY: KEY[0] holds key bytes 0 to 7 and KEY[1] bytes 8
 * to 15, each read little-endian (the paper's key 00 01 .. 0f is
 * { 0x0706050403020100, 0x0f0e0d0c0b0a0908 }).  DATA may be NULL when LEN
 * is 0.  The same on every platform. */
uint64_t hash_sip24(const uint64_t key[2], const void *data, size_t len);

/* Fill KEY with a new key that no input can predict: from getrandom(2),
 * else /dev/urandom, else a mix of the clocks, the process id and
 * addresses.  Fuzzing builds (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
 * defined) get a fixed key, so that a finding replays.  Never fails. */
void hash_key_new(uint64_t key[2]);

#endif
