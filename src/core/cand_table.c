/* cand_table.c -- per-conv kernel tables: what each conv may take, and what
 * it costs there. */
#include <config.h>

#include "cand_table.h"

#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cost.h"
#include "progress.h"

/* Which squares of a candidate set keep a conv's output shapes depends only
 * on its geometry (what net_pads_for_kernel reads), which a network's layers
 * share: the answers for the geometries seen last, by a hash of the
 * geometry. */
#define SHAPES_MEMO 64
#define SHAPES_KEY (4 * KERNEL_MAX_AXES + 2)
struct shapes {
	int64_t key[SHAPES_KEY]; /* shapes_key's */
	cand_set set, keep;
	int used;
};

/* The kernels of every row, row after row, as they are built: the row being
 * built starts at START.  A row holds at most every square size, the
 * loaded, the baseline and a pin, and one per other pin (rare). */
struct row_build {
	struct kernel *k;
	size_t start, n, cap;
	struct shapes memo[SHAPES_MEMO];
};

/* K onto the row, which does not have it yet. */
static int row_add(struct row_build *rb, const struct kernel *k)
{
	if (rb->n == rb->cap) {
		size_t cap = rb->cap ? 2 * rb->cap : 72;
		struct kernel *nk = realloc(rb->k, cap * sizeof *nk);
		if (nk == NULL)
			return -1;
		rb->k = nk;
		rb->cap = cap;
	}
	rb->k[rb->n++] = *k;
	return 0;
}

/* K onto the row unless it has it. */
static int row_push(struct row_build *rb, const struct kernel *k)
{
	for (size_t j = rb->start; j < rb->n; j++)
		if (kernel_equal(&rb->k[j], k))
			return 0;
	return row_add(rb, k);
}

/* Sort K[0 .. N) by kernel_compare (a total order on a row's kernels, which
 * are distinct): rows are short and mostly in order already. */
static void sort_kernels(struct kernel *k, size_t n)
{
	for (size_t j = 1; j < n; j++) {
		struct kernel x = k[j];
		size_t p = j;
		while (p > 0 && kernel_compare(&k[p - 1], &x) > 0) {
			k[p] = k[p - 1];
			p--;
		}
		k[p] = x;
	}
}

/* Whether conv layer I keeps every output shape at kernel K. */
static int keeps_shape(const struct net *net, size_t i, const struct kernel *k)
{
	int64_t pad[KERNEL_MAX_AXES];
	return net_pads_for_kernel(net, i, k, pad);
}

/* The same at the square kernel of size S. */
static int keeps_square(const struct net *net, size_t i, int s)
{
	struct kernel k = kernel_square(net->rank, s);
	return keeps_shape(net, i, &k);
}

/* Conv layer I's geometry, all that keeps_square reads of it: its axes, its
 * input and output sizes, and its padding and rounding rules. */
static void shapes_key(const struct net *net, size_t i, int64_t key[SHAPES_KEY])
{
	const struct net_layer *l = &net->layers[i];
	const struct net_ext *e = net_layer_ext(net, l);
	memset(key, 0, SHAPES_KEY * sizeof *key);
	for (int a = 0; a < net->rank; a++) {
		struct net_axis ax = net_layer_axis(net, l, a);
		/* k, stride, pad and dilation are 32-bit: two to a word */
		key[4 * a] = (int64_t)((uint64_t)(uint32_t)ax.k << 32 | (uint32_t)ax.stride);
		key[4 * a + 1] =
		    (int64_t)((uint64_t)(uint32_t)ax.pad << 32 | (uint32_t)ax.dilation);
		key[4 * a + 2] = net_layer_size(l, net->rank, a, 1);
		key[4 * a + 3] = net_layer_size(l, net->rank, a, 0);
	}
	key[4 * KERNEL_MAX_AXES] = l->pad_same;
	key[4 * KERNEL_MAX_AXES + 1] = e != NULL && e->ceil_mode;
}

/* The sizes of SET whose square kernels keep conv layer I's shapes
 * (keeps_square of each), remembered in RB. */
static cand_set squares_keeping_shape(const struct net *net, size_t i, cand_set set,
                                      struct row_build *rb)
{
	int64_t key[SHAPES_KEY];
	uint64_t h = set;
	shapes_key(net, i, key);
	for (size_t w = 0; w < SHAPES_KEY; w++)
		h = (h ^ (uint64_t)key[w]) * UINT64_C(0x100000001B3);
	struct shapes *m = &rb->memo[(h >> 32) % SHAPES_MEMO];
	if (m->used && m->set == set && memcmp(m->key, key, sizeof key) == 0)
		return m->keep;
	m->used = 1;
	m->set = set;
	memcpy(m->key, key, sizeof key);
	m->keep = 0;
	for (int s = cand_next(set, 0); s != 0; s = cand_next(set, s))
		if (keeps_square(net, i, s))
			m->keep |= (cand_set)1 << s;
	return m->keep;
}

int cand_table_check_pin(const struct net *net, size_t i, const struct kernel *k, struct diag *dg)
{
	const struct net_layer *l = &net->layers[i];
	char tok[KERNEL_TOKEN_MAX], name[216];
	int too_big = kernel_max_extent(k) > KERNEL_MAX_EXTENT;

	if (l->op != NET_OP_CONV)
		return diag_set(dg, BKSEF_EUSAGE, 0, "layer '%s' is a%s %s, not a conv",
		                diag_quote(name, sizeof name, l->name),
		                strchr("aeiou", net_op_name(l->op)[0]) ? "n" : "",
		                net_op_name(l->op));
	if (k->kind == KERNEL_DS && l->groups != 1)
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "kernel %s is not allowed for layer '%s': a grouped conv (groups "
		                "%d) cannot be realised depthwise-separable",
		                kernel_format(k, tok, sizeof tok),
		                diag_quote(name, sizeof name, l->name), l->groups);
	if (k->n_axes != net->rank)
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "kernel %s is not allowed for layer '%s': the network's kernels "
		                "have %d axes",
		                kernel_format(k, tok, sizeof tok),
		                diag_quote(name, sizeof name, l->name), net->rank);
	if (too_big || !keeps_shape(net, i, k))
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "kernel %s is not allowed for layer '%s': it would change the "
		                "layer's output shape%s",
		                kernel_format(k, tok, sizeof tok),
		                diag_quote(name, sizeof name, l->name),
		                too_big ? " or exceed 63" : "");
	return BKSEF_OK;
}

int cand_table_realise(const struct cand_table *t, size_t c)
{
	const struct net *net = t->net;
	const struct net_layer *l = &net->layers[net->conv[c]];
	const struct net_ext *e = net_layer_ext(net, l);

	if (l->groups != 1)
		return KERNEL_FULL;
	if (e != NULL && e->ds)
		return KERNEL_DS;
	return t->spec.realise;
}

long cand_table_row_of(const struct cand_table *t, size_t i)
{
	const struct net *net = t->net;
	size_t lo = 0, hi = net->n_conv;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (net->conv[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < net->n_conv && net->conv[lo] == i ? (long)lo : -1;
}

long cand_table_find(const struct cand_table *t, size_t c, const struct kernel *k)
{
	for (size_t e = t->first[c]; e < t->first[c + 1]; e++)
		if (kernel_equal(&t->kernel[e], k))
			return (long)(e - t->first[c]);
	return -1;
}

void cand_table_free(struct cand_table *t)
{
	if (t == NULL)
		return;
	free(t->first);
	free(t->n_scored);
	free(t->loaded);
	free(t->base);
	free(t->kernel);
	free(t->macs);
	free(t->params);
	free(t->cost);
	free(t->col);
	free(t->col_kernel);
	free(t);
}

static int cmp_pin(const void *a, const void *b)
{
	const struct pin *x = a, *y = b;
	return x->layer < y->layer ? -1 : x->layer > y->layer;
}

/* Row C's kernels onto RB from RB->START: scored first (*N_SCORED of them),
 * then the others in increasing size.  PINS[0 .. N_PINS) are this layer's. */
static int row_kernels(const struct cand_table *t, size_t c, const struct pin *pins, size_t n_pins,
                       struct row_build *rb, size_t *n_scored)
{
	const struct net *net = t->net;
	size_t i = net->conv[c];
	const struct net_layer *l = &net->layers[i];
	const struct net_ext *e = net_layer_ext(net, l);
	int own = net_layer_own_candidates(net, l), rank = net->rank;
	cand_set set = own ? l->candidates : t->spec.run;
	/* (a ds list of squares only has an ext but no per-axis kernels, and
	 * the net may have none: no offset from NULL) */
	const struct kernel *axes =
	    own ? (e && e->cand_count ? net->cand_kernel + e->cand_first : NULL) : t->spec.run_axes;
	size_t n_axes = own ? (e ? e->cand_count : 0) : t->spec.n_run_axes;
	int kind = cand_table_realise(t, c);
	struct kernel k;

	rb->n = rb->start;
	if (l->tune) {
		/* distinct sizes: no need to look for them in the row */
		cand_set keep = squares_keeping_shape(net, i, set, rb);
		for (int s = cand_next(keep, 0); s != 0; s = cand_next(keep, s))
			if (row_add(rb, (k = kernel_realised(kernel_square(rank, s), kind), &k)) !=
			    0)
				return -1;
		for (size_t a = 0; a < n_axes; a++)
			if (keeps_shape(net, i, &axes[a]) &&
			    row_push(rb, (k = kernel_realised(axes[a], kind), &k)) != 0)
				return -1;
		/* Squares come in increasing size; per-axis kernels go between. */
		if (n_axes > 0)
			sort_kernels(rb->k + rb->start, rb->n - rb->start);
	}
	*n_scored = rb->n - rb->start;
	k = net_layer_kernel(net, i);
	if (row_push(rb, &k) != 0)
		return -1;
	if (l->tune && t->spec.baseline_k && keeps_square(net, i, t->spec.baseline_k) &&
	    row_push(rb,
	             (k = kernel_realised(kernel_square(rank, t->spec.baseline_k), kind), &k)) != 0)
		return -1;
	if (!l->tune) {
		cand_set keep = squares_keeping_shape(net, i, t->spec.run, rb);
		for (int s = cand_next(keep, 0); s != 0; s = cand_next(keep, s))
			if (row_push(rb, (k = kernel_square(rank, s), &k)) != 0)
				return -1;
		for (size_t a = 0; a < t->spec.n_run_axes; a++)
			if (keeps_shape(net, i, &t->spec.run_axes[a]) &&
			    row_push(rb, &t->spec.run_axes[a]) != 0)
				return -1;
	}
	for (size_t p = 0; p < n_pins; p++)
		if (row_push(rb, &pins[p].k) != 0)
			return -1;
	sort_kernels(rb->k + rb->start + *n_scored, rb->n - rb->start - *n_scored);
	return 0;
}

/* The column of scored kernel K, adding it when new; -1 when out of memory
 * or past the columns a table may have.  HINT: the column to try first. */
static long column_of(struct cand_table *t, size_t *cap, const struct kernel *k, size_t hint)
{
	if (hint < t->n_columns && kernel_equal(&t->col_kernel[hint], k))
		return (long)hint;
	for (size_t j = 0; j < t->n_columns; j++)
		if (kernel_equal(&t->col_kernel[j], k))
			return (long)j;
	if (t->n_columns + 1 >= CAND_TABLE_NO_COL)
		return -1;
	if (t->n_columns == *cap) {
		size_t nc = *cap ? 2 * *cap : 16;
		struct kernel *c = realloc(t->col_kernel, nc * sizeof *c);
		if (c == NULL)
			return -1;
		t->col_kernel = c;
		*cap = nc;
	}
	t->col_kernel[t->n_columns] = *k;
	return (long)t->n_columns++;
}

/* Sort the columns by size and renumber the entries' column indices.
 * Returns 0, or -1 when out of memory. */
static int sort_columns(struct cand_table *t)
{
	size_t n = t->n_columns;
	uint16_t *idx, *rank;
	struct kernel *copy;

	if (n <= 1)
		return 0;
	idx = malloc(2 * n * sizeof *idx);
	copy = malloc(n * sizeof *copy);
	rank = idx + n;
	if (idx == NULL || copy == NULL) {
		free(idx);
		free(copy);
		return -1;
	}
	/* Insertion sort of the column indices: columns are few. */
	for (size_t j = 0; j < n; j++) {
		size_t p = j;
		while (p > 0 && kernel_compare(&t->col_kernel[idx[p - 1]], &t->col_kernel[j]) > 0) {
			idx[p] = idx[p - 1];
			p--;
		}
		idx[p] = (uint16_t)j;
	}
	for (size_t p = 0; p < n; p++)
		rank[idx[p]] = (uint16_t)p;
	memcpy(copy, t->col_kernel, n * sizeof *copy);
	for (size_t j = 0; j < n; j++)
		t->col_kernel[rank[j]] = copy[j];
	for (size_t e = 0; e < t->n_entries; e++)
		if (t->col[e] != CAND_TABLE_NO_COL)
			t->col[e] = rank[t->col[e]];
	free(idx);
	free(copy);
	return 0;
}

/* Give the entries that are not scored the column of their kernel, when it
 * is one: a sweep counts a pinned or fixed kernel under its column. */
static void label_extras(struct cand_table *t)
{
	int square[KERNEL_MAX_EXTENT + 1];

	for (int k = 0; k <= KERNEL_MAX_EXTENT; k++)
		square[k] = -1;
	for (size_t j = 0; j < t->n_columns; j++)
		if (t->col_kernel[j].n_axes == 2 && kernel_is_square(&t->col_kernel[j]) &&
		    t->col_kernel[j].kind == KERNEL_FULL)
			square[t->col_kernel[j].k[0]] = (int)j;
	for (size_t c = 0; c < t->n_conv; c++)
		for (size_t e = t->first[c] + t->n_scored[c]; e < t->first[c + 1]; e++) {
			const struct kernel *k = &t->kernel[e];
			if (k->n_axes == 2 && kernel_is_square(k) && k->kind == KERNEL_FULL) {
				if (k->k[0] <= KERNEL_MAX_EXTENT && square[k->k[0]] >= 0)
					t->col[e] = (uint16_t)square[k->k[0]];
				continue;
			}
			for (size_t j = 0; j < t->n_columns; j++)
				if (kernel_equal(&t->col_kernel[j], k))
					t->col[e] = (uint16_t)j;
		}
}

/* Under COST_MEASURED, every entry of row C a plan may take must have a
 * time: the scored candidates, the loaded and baseline kernels, and the N
 * PINS of the layer.  The others get NaN. */
static int check_measured(struct cand_table *t, size_t c, const struct pin *pins, size_t n,
                          struct diag *dg)
{
	const struct net *net = t->net;
	for (size_t j = 0, e = t->first[c]; e < t->first[c + 1]; j++, e++) {
		int need = j < t->n_scored[c] || j == t->loaded[c] || j == t->base[c];
		char tok[KERNEL_TOKEN_MAX], q[128];
		for (size_t p = 0; p < n && !need; p++)
			need = kernel_equal(&pins[p].k, &t->kernel[e]);
		if (t->cost[e] >= 0)
			continue;
		t->cost[e] = NAN;
		if (!need)
			continue;
		diag_set(dg, BKSEF_EINPUT, 0,
		         "no time for layer '%s' at kernel %s (the table needs every tunable "
		         "conv at each of its candidates, every conv at its loaded kernel, and "
		         "every pin)",
		         diag_quote(q, sizeof q, net->layers[net->conv[c]].name),
		         kernel_format(&t->kernel[e], tok, sizeof tok));
		if (dg != NULL)
			dg->file = t->spec.source.measured->display;
		return BKSEF_EINPUT;
	}
	return BKSEF_OK;
}

int64_t cand_table_latency_ns(const struct cand_table *t, const uint8_t *choice)
{
	int64_t ns = t->latency_other_ns;
	for (size_t c = 0; c < t->n_conv; c++)
		ns += cand_table_resource(t, BUDGET_LATENCY, t->first[c] + choice[c]);
	return ns;
}

int cand_table_new(const struct net *net, const struct cand_table_spec *spec,
                   struct cand_table **out, struct diag *dg)
{
	struct cand_table *t = calloc(1, sizeof *t);
	struct row_build rb;
	struct pin *pins = NULL;
	size_t n_conv = net->n_conv, entries = 0, cols_cap = 0, n_scored;
	int st = BKSEF_ENOMEM;

	*out = NULL;
	memset(&rb, 0, sizeof rb);
	if (spec->baseline_k < 0 || spec->baseline_k > KERNEL_MAX_EXTENT) {
		free(t);
		return diag_set(dg, BKSEF_EUSAGE, 0, "baseline kernel %d is not from 1 to %d",
		                spec->baseline_k, KERNEL_MAX_EXTENT);
	}
	if (spec->cost == COST_LATENCY && spec->source.device == NULL) {
		free(t);
		return diag_set(dg, BKSEF_EUSAGE, 0, "the latency cost needs a device (--device)");
	}
	if (spec->cost == COST_MEASURED && spec->source.measured == NULL) {
		free(t);
		return diag_set(dg, BKSEF_EUSAGE, 0,
		                "the measured cost needs a latency table (--latency-table)");
	}
	if (t == NULL)
		goto fail;
	t->net = net;
	t->spec = *spec;
	t->spec.pins = NULL;
	t->spec.n_pins = 0;

	t->n_conv = n_conv;
	if (spec->n_pins > 0) {
		pins = malloc(spec->n_pins * sizeof *pins);
		if (pins == NULL)
			goto fail;
		memcpy(pins, spec->pins, spec->n_pins * sizeof *pins);
		qsort(pins, spec->n_pins, sizeof *pins, cmp_pin);
	}
	t->first = malloc((n_conv + 1) * sizeof *t->first);
	t->n_scored = malloc(n_conv ? n_conv : 1);
	t->loaded = malloc(n_conv ? n_conv : 1);
	t->base = malloc(n_conv ? n_conv : 1);
	if (!t->first || !t->n_scored || !t->loaded || !t->base)
		goto fail;

	/* One pass builds every row's kernels, one after another, into RB
	 * (presized for the run's candidates and the loaded and baseline
	 * kernels), which becomes the table's; then each entry's costs. */
	rb.cap = n_conv * ((size_t)cand_count(spec->run) + spec->n_run_axes + 2) + spec->n_pins;
	rb.k = malloc((rb.cap ? rb.cap : 1) * sizeof *rb.k);
	if (rb.k == NULL)
		goto fail;
	size_t p = 0;
	for (size_t c = 0; c < n_conv; c++) {
		size_t i = net->conv[c], p0;
		if (progress_tick(NULL, c, 2 * (uint64_t)n_conv))
			goto cancelled;
		while (p < spec->n_pins && pins[p].layer < i)
			p++;
		for (p0 = p; p < spec->n_pins && pins[p].layer == i; p++)
			;
		rb.start = rb.n;
		if (row_kernels(t, c, pins ? pins + p0 : NULL, p - p0, &rb, &n_scored) != 0)
			goto fail;
		if (rb.n - rb.start > UINT8_MAX) {
			st = diag_set(dg, BKSEF_EUSAGE, 0, "more than %d kernels for layer '%s'",
			              UINT8_MAX, net->layers[i].name);
			goto fail_set;
		}
		t->first[c] = (uint32_t)rb.start;
		t->n_scored[c] = (uint8_t)n_scored;
		if (rb.n > UINT32_MAX) {
			st = diag_set(dg, BKSEF_EINPUT, 0, "too many candidate kernels");
			goto fail_set;
		}
	}
	entries = rb.n;
	t->first[n_conv] = (uint32_t)entries;
	t->n_entries = entries;
	size_t ne = entries ? entries : 1;
	t->kernel = realloc(rb.k, ne * sizeof *t->kernel); /* gives back the slack */
	if (t->kernel == NULL)
		goto fail;
	rb.k = NULL;
	t->macs = malloc(ne * sizeof *t->macs);
	t->params = malloc(ne * sizeof *t->params);
	t->cost = malloc(ne * sizeof *t->cost);
	t->col = malloc(ne * sizeof *t->col);
	if (!t->macs || !t->params || !t->cost || !t->col)
		goto fail;

	p = 0;
	for (size_t c = 0; c < n_conv; c++) {
		size_t i = net->conv[c], p0, e = t->first[c];
		const struct net_layer *l = &net->layers[i];
		if (progress_tick(NULL, n_conv + c, 2 * (uint64_t)n_conv))
			goto cancelled;
		while (p < spec->n_pins && pins[p].layer < i)
			p++;
		for (p0 = p; p < spec->n_pins && pins[p].layer == i; p++)
			;
		n_scored = t->n_scored[c];
		if (l->tune)
			t->n_tunable++;
		struct kernel loaded = net_layer_kernel(net, i);
		struct kernel base = kernel_realised(kernel_square(net->rank, spec->baseline_k),
		                                     cand_table_realise(t, c));
		int has_base =
		    l->tune && spec->baseline_k && keeps_square(net, i, spec->baseline_k);
		for (size_t j = 0; j < cand_table_row_len(t, c); j++, e++) {
			const struct kernel *k = &t->kernel[e];
			if (!kernel_is_square(k))
				t->per_axis = 1;
			t->macs[e] = net_layer_macs_kernel(l, k);
			t->params[e] = net_layer_params_kernel(l, k);
			t->cost[e] = cost_conv(net, i, spec->cost, &spec->source, k, t->macs[e],
			                       t->params[e]);
			t->col[e] = CAND_TABLE_NO_COL;
			if (j < n_scored) {
				long col = column_of(t, &cols_cap, k,
				                     j > 0 ? (size_t)t->col[e - 1] + 1 : 0);
				if (col < 0)
					goto fail;
				t->col[e] = (uint16_t)col;
			}
			if (kernel_equal(k, &loaded))
				t->loaded[c] = (uint8_t)j;
		}
		t->base[c] = t->loaded[c];
		if (has_base)
			t->base[c] = (uint8_t)cand_table_find(t, c, &base);
		if (spec->cost == COST_MEASURED) {
			st = check_measured(t, c, pins ? pins + p0 : NULL, p - p0, dg);
			if (st != BKSEF_OK)
				goto fail_set;
		}
	}
	if (sort_columns(t) != 0)
		goto fail;
	label_extras(t);
	if (spec->cost == COST_LATENCY)
		t->latency_other = cost_net_seconds(net, spec->source.device, 0, NULL);
	t->latency_other_ns = cost_seconds_ns(t->latency_other);
	t->spec.run_axes = NULL; /* borrowed while building, as the pins */
	t->spec.n_run_axes = 0;
	free(rb.k);
	free(pins);
	*out = t;
	return BKSEF_OK;
fail:
	st = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	goto fail_set;
cancelled:
	st = diag_set(dg, BKSEF_ECANCELED, 0, "cancelled");
fail_set:
	free(rb.k);
	free(pins);
	cand_table_free(t);
	return st;
}
