/* latency_table.h -- measured latencies per (layer, kernel), from the user's
 * own benchmark (contrib/measure-latency.py makes one), for --cost measured. */
#ifndef BKSEF_LATENCY_TABLE_H
#define BKSEF_LATENCY_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "csvin.h"
#include "diag.h"
#include "kernel.h"
#include "net.h"

/* One measurement. */
struct latency_entry {
	uint32_t layer;     /* the conv's index in the network */
	struct kernel k;    /* the kernel it was measured at */
	double seconds;     /* >= 0 */
	unsigned long line; /* where the file gives it */
};

/* A table bound to a network: entries sorted by layer, then kernel. */
struct latency_table {
	const char *display; /* the file's name in messages (borrowed) */
	struct latency_entry *entry;
	size_t n;
};

/* Read the table in PATH ("-": standard input), named DISPLAY (borrowed:
 * it must outlive *T) in messages, for NET.  The file is a CSV whose first
 * row is the header "layer,kernel,seconds": each row names a conv of NET, a
 * kernel token of NET's rank (bksef(5)) and its time in seconds.  An
 * unknown layer, a layer that is not a conv, a bad token or time, or a
 * (layer, kernel) given twice is an error at its line.  Returns BKSEF_OK
 * with *T filled (latency_table_free it), or BKSEF_EINPUT, BKSEF_EIO or
 * BKSEF_ENOMEM with DG set and *T empty. */
int latency_table_load_file(const char *path, const char *display, const struct net *net,
                            struct latency_table *t, struct diag *dg);

/* The same from the LEN bytes at DATA. */
int latency_table_load_buffer(const void *data, size_t len, const char *display,
                              const struct net *net, struct latency_table *t, struct diag *dg);

/* The seconds measured for conv layer LAYER at kernel K, or a negative
 * number when the table has none. */
double latency_table_find(const struct latency_table *t, size_t layer, const struct kernel *k);

void latency_table_free(struct latency_table *t);

#endif
