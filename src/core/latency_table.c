/* latency_table.c -- measured latencies per (layer, kernel). */
#include <config.h>

#include "latency_table.h"

#include "parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int entry_cmp(const void *pa, const void *pb)
{
	const struct latency_entry *a = pa, *b = pb;
	if (a->layer != b->layer)
		return a->layer < b->layer ? -1 : 1;
	return kernel_compare(&a->k, &b->k);
}

/* Row R of table CSV into *E. */
static int read_row(const struct csvin *csv, size_t r, const struct net *net,
                    struct latency_entry *e, struct diag *dg)
{
	const struct csvin_row *row = &csv->row[r];
	const char *name, *token, *secs;
	char q[128];
	long layer;
	double v;

	if (row->n != 3)
		return diag_set(dg, BKSEF_EINPUT, row->line,
		                "%zu fields; a row is 'layer,kernel,seconds'", row->n);
	name = csv->field[row->first];
	token = csv->field[row->first + 1];
	secs = csv->field[row->first + 2];
	layer = net_find_layer(net, name);
	if (layer < 0)
		return diag_set(dg, BKSEF_EINPUT, row->line, "no layer '%s' in the network",
		                diag_quote(q, sizeof q, name));
	if (net->layers[layer].op != NET_OP_CONV)
		return diag_set(dg, BKSEF_EINPUT, row->line, "layer '%s' is not a conv",
		                diag_quote(q, sizeof q, name));
	if (kernel_parse(token, net->rank, &e->k, dg) != BKSEF_OK) {
		if (dg != NULL)
			dg->line = row->line;
		return BKSEF_EINPUT;
	}
	if (parse_real(secs, &v, NULL) != BKSEF_OK || !(v >= 0))
		return diag_set(dg, BKSEF_EINPUT, row->line,
		                "seconds: '%s' is not a number of seconds, 0 or more",
		                diag_quote(q, sizeof q, secs));
	e->layer = (uint32_t)layer;
	e->seconds = v;
	e->line = row->line;
	return BKSEF_OK;
}

/* Bind the rows of CSV to NET into *T. */
static int bind(const struct csvin *csv, const struct net *net, struct latency_table *t,
                struct diag *dg)
{
	int st = csvin_check_header(csv, "layer,kernel,seconds", "table", dg);

	if (st != BKSEF_OK)
		return st;
	t->entry = malloc(csv->n_rows * sizeof *t->entry);
	if (t->entry == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	for (size_t r = 1; r < csv->n_rows; r++) {
		st = read_row(csv, r, net, &t->entry[t->n], dg);
		if (st != BKSEF_OK)
			return st;
		t->n++;
	}
	qsort(t->entry, t->n, sizeof *t->entry, entry_cmp);
	for (size_t i = 1; i < t->n; i++)
		if (entry_cmp(&t->entry[i - 1], &t->entry[i]) == 0) {
			const struct latency_entry *a = &t->entry[i - 1], *b = &t->entry[i];
			char q[128], tok[KERNEL_TOKEN_MAX];
			if (a->line > b->line)
				b = a, a = &t->entry[i];
			return diag_set(
			    dg, BKSEF_EINPUT, b->line,
			    "layer '%s' at kernel %s is given again (first on line %lu)",
			    diag_quote(q, sizeof q, net->layers[a->layer].name),
			    kernel_format(&a->k, tok, sizeof tok), a->line);
		}
	return BKSEF_OK;
}

/* Finish a load whose CSV read returned ST. */
static int load_end(int st, struct csvin *csv, const char *display, const struct net *net,
                    struct latency_table *t, struct diag *dg)
{
	if (st == BKSEF_OK)
		st = bind(csv, net, t, dg);
	csvin_free(csv);
	if (st != BKSEF_OK) {
		latency_table_free(t);
		if (dg != NULL)
			dg->file = display;
	}
	return st;
}

int latency_table_load_file(const char *path, const char *display, const struct net *net,
                            struct latency_table *t, struct diag *dg)
{
	struct csvin csv;
	memset(t, 0, sizeof *t);
	t->display = display;
	return load_end(csvin_read_file(path, display, &csv, dg), &csv, display, net, t, dg);
}

int latency_table_load_buffer(const void *data, size_t len, const char *display,
                              const struct net *net, struct latency_table *t, struct diag *dg)
{
	struct csvin csv;
	memset(t, 0, sizeof *t);
	t->display = display;
	return load_end(csvin_read_buffer(data, len, display, &csv, dg), &csv, display, net, t, dg);
}

double latency_table_find(const struct latency_table *t, size_t layer, const struct kernel *k)
{
	struct latency_entry key = { .layer = (uint32_t)layer, .k = *k };
	const struct latency_entry *e = bsearch(&key, t->entry, t->n, sizeof *t->entry, entry_cmp);
	return e != NULL ? e->seconds : -1;
}

void latency_table_free(struct latency_table *t)
{
	free(t->entry);
	t->entry = NULL;
	t->n = 0;
}
