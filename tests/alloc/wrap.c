/* wrap.c -- link-time wrappers for the sanitizer build's allocation-failure
 * test: bksef's objects linked with -Wl,--wrap=malloc (and calloc, realloc,
 * strdup, strndup, fopen, fdopen) call these, which fail the Nth call (see
 * failpoint.h) and hand the others to the real function. */
#include <config.h>

#include "failpoint.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t max);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__real_fdopen(int fd, const char *mode);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t max);
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_fdopen(int fd, const char *mode);

__attribute__((constructor)) static void wrap_init(void)
{
	failpoint_arm(0); /* the sanitizers report crashes themselves */
}

void *__wrap_malloc(size_t n)
{
	if (failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	if (failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_calloc(n, size);
}

/* realloc (P, 0) frees: not an allocation that can fail. */
void *__wrap_realloc(void *p, size_t n)
{
	if (n != 0 && failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	if (failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t max)
{
	if (failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strndup(s, max);
}

/* An open that fails as fopen does when it cannot allocate its FILE. */
FILE *__wrap_fopen(const char *path, const char *mode)
{
	if (failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_fopen(path, mode);
}

FILE *__wrap_fdopen(int fd, const char *mode)
{
	if (failpoint_hit()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_fdopen(fd, mode);
}
