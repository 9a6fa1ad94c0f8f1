/* hash.c -- SipHash-2-4 and unpredictable keys for it (see hash.h). */
#include <config.h>

#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(HAVE_GETRANDOM)
#include <sys/random.h>
#endif

static inline __attribute__((always_inline)) uint64_t rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

/* The 8 bytes at P as a little-endian number (one load on a little-endian
 * machine). */
static inline __attribute__((always_inline)) uint64_t load_le64(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
#else
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
#endif
}

/* One SipRound on the state V (inlined: the hash of a short name is a
 * dozen rounds, and a call each would double its cost). */
static inline __attribute__((always_inline)) void sip_round(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = rotl(v[1], 13);
	v[1] ^= v[0];
	v[0] = rotl(v[0], 32);
	v[2] += v[3];
	v[3] = rotl(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = rotl(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = rotl(v[1], 17);
	v[1] ^= v[2];
	v[2] = rotl(v[2], 32);
}

/* Absorb the message word M: two compression rounds. */
static inline __attribute__((always_inline)) void sip_absorb(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	sip_round(v);
	sip_round(v);
	v[0] ^= m;
}

uint64_t hash_sip24(const uint64_t key[2], const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t v[4] = {
		key[0] ^ UINT64_C(0x736f6d6570736575),
		key[1] ^ UINT64_C(0x646f72616e646f6d),
		key[0] ^ UINT64_C(0x6c7967656e657261),
		key[1] ^ UINT64_C(0x7465646279746573),
	};
	size_t whole = len - len % 8;

	for (size_t i = 0; i < whole; i += 8)
		sip_absorb(v, load_le64(p + i));
	/* The last word: the remaining 0 to 7 bytes, and the length's low
	 * byte in the top byte. */
	uint64_t last = (uint64_t)(len & 0xff) << 56;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t tail = 0;
	if (len > whole)
		memcpy(&tail, p + whole, len - whole);
	last |= tail;
#else
	for (size_t i = whole; i < len; i++)
		last |= (uint64_t)p[i] << (8 * (i - whole));
#endif
	sip_absorb(v, last);
	/* Finalisation: four rounds. */
	v[2] ^= 0xff;
	for (int r = 0; r < 4; r++)
		sip_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

#if !defined(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
/* Fill the N bytes at BUF from the kernel's random source; 0 on success. */
static int random_bytes(unsigned char *buf, size_t n)
{
#if defined(HAVE_GETRANDOM)
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, GRND_NONBLOCK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got == n)
		return 0;
#endif
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	size_t have = 0;
	if (fd < 0)
		return -1;
	while (have < n) {
		ssize_t r = read(fd, buf + have, n - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		have += (size_t)r;
	}
	close(fd);
	return have == n ? 0 : -1;
}
#endif

void hash_key_new(uint64_t key[2])
{
#if defined(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
	key[0] = UINT64_C(0x0706050403020100);
	key[1] = UINT64_C(0x0f0e0d0c0b0a0908);
#else
	unsigned char b[16];
	int saved = errno;
	if (random_bytes(b, sizeof b) == 0) {
		key[0] = load_le64(b);
		key[1] = load_le64(b + 8);
	} else {
		/* No random source (a sandbox without /dev): what differs
		 * from run to run, hashed under a fixed key. */
		struct timespec rt = { 0, 0 }, mt = { 0, 0 };
		uint64_t fixed[2] = { UINT64_C(0x0706050403020100), UINT64_C(0x0f0e0d0c0b0a0908) };
		clock_gettime(CLOCK_REALTIME, &rt);
		clock_gettime(CLOCK_MONOTONIC, &mt);
		uint64_t mix[6] = {
			(uint64_t)rt.tv_sec, (uint64_t)rt.tv_nsec,     (uint64_t)mt.tv_nsec,
			(uint64_t)getpid(),  (uint64_t)(uintptr_t)key, (uint64_t)(uintptr_t)&rt,
		};
		key[0] = hash_sip24(fixed, mix, sizeof mix);
		mix[0] ^= key[0];
		key[1] = hash_sip24(fixed, mix, sizeof mix);
	}
	errno = saved;
#endif
}
