/* device.h -- a device profile (peak MAC rate, memory bandwidth, per-layer
 * overhead) and the roofline estimate of a layer's latency on it. */
#ifndef BKSEF_DEVICE_H
#define BKSEF_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "csvin.h"
#include "diag.h"

/* A device as its profile file describes it (bksef(5), DEVICE PROFILES). */
struct device {
	const char *name;            /* one line of text */
	double peak_macs;            /* MACs a second, all its cores together */
	int cores;                   /* the cores that peak assumes */
	double bandwidth;            /* bytes a second to and from memory */
	int bytes_per_element;       /* of activations and weights */
	double overhead;             /* seconds added to every layer */
	const char *overhead_source; /* how the overhead was found; NULL if not said */
	const char **source;         /* where the figures come from */
	size_t n_sources;
	/* private: the file's text, which the strings above point into */
	struct csvin table;
};

/* Read the profile file PATH ("-": standard input), named DISPLAY in
 * messages, into *D.  The file is a two-column CSV whose first row is the
 * header "key,value"; every key of the profile but the sources and the
 * overhead's source must be there once.  On failure *D is empty
 * (device_free is safe) and DG names the line and what is wrong; the status
 * is BKSEF_EINPUT, BKSEF_EIO or BKSEF_ENOMEM. */
int device_load_file(const char *path, const char *display, struct device *d, struct diag *dg);

/* The same from the LEN bytes at DATA. */
int device_load_buffer(const void *data, size_t len, const char *display, struct device *d,
                       struct diag *dg);

/* Free what *D holds. */
void device_free(struct device *d);

/* What bounds a layer's time on a device. */
enum roofline_bound {
	ROOFLINE_COMPUTE,  /* its MACs at the peak rate take longest */
	ROOFLINE_MEMORY,   /* its bytes at the bandwidth take longest */
	ROOFLINE_OVERHEAD, /* the fixed overhead is more than either */
};

/* A layer's roofline estimate, in seconds. */
struct roofline {
	double compute;  /* MACs / peak_macs */
	double memory;   /* bytes / bandwidth */
	double overhead; /* the device's per-layer overhead */
	double seconds;  /* max(compute, memory) + overhead */
	int bound;       /* enum roofline_bound: the largest of the three
	                    (compute on a tie with memory; overhead only when it
	                    is more than both) */
};

/* The roofline estimate of a layer doing MACS multiply-accumulates and
 * moving ELEMENTS elements (input and output activations and weights) on
 * device D. */
void device_roofline(const struct device *d, double macs, double elements, struct roofline *r);

/* "compute", "memory", "overhead"; "?" for anything else. */
const char *roofline_bound_name(int bound);

#endif
