/* fuzzlib.h -- what bksef's libFuzzer harnesses share.  A harness defines
 * FUZZ_NAME (its name in messages) before including this. */
#ifndef BKSEF_FUZZLIB_H
#define BKSEF_FUZZLIB_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "diag.h"
#include "net.h"

/* A broken invariant: say which, with DETAIL (or NULL), then abort so that
 * libFuzzer keeps the input. */
__attribute__((noreturn)) static inline void broken(const char *what, const char *detail)
{
	fprintf(stderr, "%s: invariant broken: %s%s%s\n", FUZZ_NAME, what, detail ? ": " : "",
	        detail ? detail : "");
	abort();
}

/* The start of a harness that works on a fixed network: GSL's error
 * handler off (bksef's own mains turn it off), and the network TEXT (LEN
 * bytes, named NAME in messages) loaded; that it does not load is a broken
 * invariant.  Returns the network, which lives as long as the process. */
static inline struct net *fuzz_fixed_net(const char *text, size_t len, const char *name)
{
	struct diag dg = { 0 };
	struct net *net = NULL;
	gsl_set_error_handler_off();
	if (net_load_buffer(text, len, name, &net, &dg) != BKSEF_OK)
		broken("the fixed network does not load", dg.msg);
	return net;
}

#endif
