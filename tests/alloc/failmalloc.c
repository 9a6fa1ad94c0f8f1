/* failmalloc.c -- an LD_PRELOAD shim that fails the Nth malloc, calloc,
 * realloc, strdup or strndup of the whole process (the C library's own
 * calls from fopen, setlocale and the like, ncurses, GSL and libcsv
 * included); see failpoint.h for the environment it reads.  glibc only: it
 * hands the calls it lets through to __libc_malloc and friends, so that no
 * dlsym is needed (dlsym itself allocates). */
#include <config.h>

#include "failpoint.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GLIBC__)
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

__attribute__((constructor)) static void failmalloc_init(void)
{
	failpoint_arm(1);
}

void *malloc(size_t n)
{
	if (failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	if (failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(n, size);
}

/* realloc (P, 0) frees: not an allocation that can fail. */
void *realloc(void *p, size_t n)
{
	if (n != 0 && failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_realloc(p, n);
}

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d;
	if (failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	d = __libc_malloc(n);
	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

char *strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *d;
	if (failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	d = __libc_malloc(n + 1);
	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}
#else
#include <fcntl.h>
#include <unistd.h>

/* Not glibc: no __libc_malloc to hand the calls to.  Say so in the log, and
 * the test skips. */
__attribute__((constructor)) static void failmalloc_init(void)
{
	const char *log = getenv("BKSEF_FAIL_LOG");
	int fd = log ? open(log, O_WRONLY | O_APPEND | O_CREAT, 0644) : -1;
	if (fd >= 0) {
		(void)!write(fd, "inactive\n", 9);
		close(fd);
	}
}
#endif
