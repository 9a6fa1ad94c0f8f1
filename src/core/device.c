/* device.c -- device profiles and the roofline latency estimate. */
#include <config.h>

#include "device.h"

#include "escape.h"
#include "parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum key {
	KEY_NAME,
	KEY_PEAK_MACS,
	KEY_CORES,
	KEY_BANDWIDTH,
	KEY_BYTES_PER_ELEMENT,
	KEY_OVERHEAD,
	KEY_OVERHEAD_SOURCE,
	KEY_SOURCE,
	KEY_COUNT
};

/* The keys of a profile, each with the range of its value: a real in
 * [min, max] (an integer when whole), or text when min > max. */
static const struct {
	const char *name;
	int required, repeats, whole;
	double min, max;
} keys[KEY_COUNT] = {
	[KEY_NAME] = { "name", 1, 0, 0, 1, 0 },
	[KEY_PEAK_MACS] = { "peak_macs", 1, 0, 0, 1, 1e21 },
	[KEY_CORES] = { "cores", 1, 0, 1, 1, 1048576 },
	[KEY_BANDWIDTH] = { "bandwidth", 1, 0, 0, 1, 1e18 },
	[KEY_BYTES_PER_ELEMENT] = { "bytes_per_element", 1, 0, 1, 1, 8 },
	[KEY_OVERHEAD] = { "overhead", 1, 0, 0, 0, 1 },
	[KEY_OVERHEAD_SOURCE] = { "overhead_source", 0, 0, 0, 1, 0 },
	[KEY_SOURCE] = { "source", 0, 1, 0, 1, 0 },
};

/* The longest text value (a name, a source) a profile may hold. */
#define DEVICE_MAX_TEXT 1024

static int key_find(const char *name)
{
	for (int k = 0; k < KEY_COUNT; k++)
		if (strcmp(keys[k].name, name) == 0)
			return k;
	return -1;
}

/* The value TEXT of key K on LINE into *D. */
static int set_value(struct device *d, int k, const char *text, unsigned long line, struct diag *dg)
{
	char q[128];
	double v;

	if (keys[k].min > keys[k].max) {
		if (text[0] == '\0')
			return diag_set(dg, BKSEF_EINPUT, line, "%s: empty value", keys[k].name);
		if (strlen(text) > DEVICE_MAX_TEXT)
			return diag_set(dg, BKSEF_EINPUT, line, "%s: longer than %d bytes",
			                keys[k].name, DEVICE_MAX_TEXT);
		if (k == KEY_NAME)
			d->name = text;
		else if (k == KEY_OVERHEAD_SOURCE)
			d->overhead_source = text;
		else
			d->source[d->n_sources++] = text;
		return BKSEF_OK;
	}
	if (parse_real(text, &v, NULL) != BKSEF_OK || v < keys[k].min || v > keys[k].max ||
	    (keys[k].whole && v != floor(v)))
		return diag_set(dg, BKSEF_EINPUT, line, "%s: '%s' is not %s from %g to %g",
		                keys[k].name, diag_quote(q, sizeof q, text),
		                keys[k].whole ? "a whole number" : "a number", keys[k].min,
		                keys[k].max);
	switch (k) {
	case KEY_PEAK_MACS:
		d->peak_macs = v;
		break;
	case KEY_CORES:
		d->cores = (int)v;
		break;
	case KEY_BANDWIDTH:
		d->bandwidth = v;
		break;
	case KEY_BYTES_PER_ELEMENT:
		d->bytes_per_element = (int)v;
		break;
	default:
		d->overhead = v;
		break;
	}
	return BKSEF_OK;
}

/* The profile in the table D->table into *D. */
static int read_profile(struct device *d, struct diag *dg)
{
	const struct csvin *t = &d->table;
	unsigned long seen[KEY_COUNT] = { 0 };
	char q[128];
	int st = csvin_check_header(t, "key,value", "profile", dg);

	if (st != BKSEF_OK)
		return st;
	d->source = malloc(t->n_rows * sizeof *d->source);
	if (d->source == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	for (size_t r = 1; r < t->n_rows; r++) {
		const struct csvin_row *row = &t->row[r];
		const char *name = t->field[row->first];
		int k;

		if (row->n != 2)
			return diag_set(dg, BKSEF_EINPUT, row->line,
			                "%zu fields; a profile row is 'key,value' "
			                "(quote a value that holds a comma)",
			                row->n);
		k = key_find(name);
		if (k < 0)
			return diag_set(dg, BKSEF_EINPUT, row->line,
			                "unknown key '%s' (name, peak_macs, cores, bandwidth, "
			                "bytes_per_element, overhead, overhead_source, source)",
			                diag_quote(q, sizeof q, name));
		if (seen[k] && !keys[k].repeats)
			return diag_set(dg, BKSEF_EINPUT, row->line,
			                "key '%s' given again (first on line %lu)", keys[k].name,
			                seen[k]);
		seen[k] = row->line;
		st = set_value(d, k, t->field[row->first + 1], row->line, dg);
		if (st != BKSEF_OK)
			return st;
	}
	for (int k = 0; k < KEY_COUNT; k++)
		if (keys[k].required && !seen[k])
			return diag_set(dg, BKSEF_EINPUT, 0, "no '%s' in the profile",
			                keys[k].name);
	return BKSEF_OK;
}

/* Finish a load whose table read returned ST. */
static int load_end(struct device *d, int st, const char *display, struct diag *dg)
{
	if (st == BKSEF_OK)
		st = read_profile(d, dg);
	if (st != BKSEF_OK) {
		device_free(d);
		if (dg != NULL)
			dg->file = display;
	}
	return st;
}

int device_load_file(const char *path, const char *display, struct device *d, struct diag *dg)
{
	memset(d, 0, sizeof *d);
	return load_end(d, csvin_read_file(path, display, &d->table, dg), display, dg);
}

int device_load_buffer(const void *data, size_t len, const char *display, struct device *d,
                       struct diag *dg)
{
	memset(d, 0, sizeof *d);
	return load_end(d, csvin_read_buffer(data, len, display, &d->table, dg), display, dg);
}

void device_free(struct device *d)
{
	free(d->source);
	csvin_free(&d->table);
	memset(d, 0, sizeof *d);
}

void device_roofline(const struct device *d, double macs, double elements, struct roofline *r)
{
	double top;
	r->compute = macs / d->peak_macs;
	r->memory = elements * d->bytes_per_element / d->bandwidth;
	r->overhead = d->overhead;
	top = r->compute >= r->memory ? r->compute : r->memory;
	r->seconds = top + r->overhead;
	if (r->overhead > top)
		r->bound = ROOFLINE_OVERHEAD;
	else
		r->bound = r->compute >= r->memory ? ROOFLINE_COMPUTE : ROOFLINE_MEMORY;
}

const char *roofline_bound_name(int bound)
{
	static const char *const names[] = { "compute", "memory", "overhead" };
	return bound >= 0 && bound <= ROOFLINE_OVERHEAD ? names[bound] : "?";
}
