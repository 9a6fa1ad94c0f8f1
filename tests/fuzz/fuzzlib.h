/* fuzzlib.h -- what bksef's libFuzzer harnesses share.  A harness defines
 * FUZZ_NAME (its name in messages) before including this. */
#ifndef BKSEF_FUZZLIB_H
#define BKSEF_FUZZLIB_H

#include <stdio.h>
#include <stdlib.h>

/* A broken invariant: say which, with DETAIL (or NULL), then abort so that
 * libFuzzer keeps the input. */
__attribute__((noreturn)) static inline void broken(const char *what, const char *detail)
{
	fprintf(stderr, "%s: invariant broken: %s%s%s\n", FUZZ_NAME, what, detail ? ": " : "",
	        detail ? detail : "");
	abort();
}

#endif
