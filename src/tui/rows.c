/* rows.c -- the layer table's rows: the filter, the sort (partial: only the
 * rows the screen reads are put in their place, so that a slider step costs
 * O(rows), not O(rows log rows)) and the marks of the last action. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/rows.h"
#include "tui/text.h"

/* Rows sorted around the one asked for when the sorted window must grow. */
#define ROWS_CHUNK 128

/* Whether layer A sorts before layer B. */
typedef int (*before_fn)(const void *ctx, uint32_t a, uint32_t b);

static void swap32(uint32_t *a, uint32_t *b)
{
	uint32_t t = *a;
	*a = *b;
	*b = t;
}

/* Partition V[LO .. HI) (at least two) around the median of three: returns
 * P with V[LO .. P) before V[P] and V[P + 1 .. HI) not before it.  Every
 * order used here is total (ties go by layer), so no run of equal keys
 * degrades it. */
static size_t partition(uint32_t *v, size_t lo, size_t hi, before_fn f, const void *ctx)
{
	size_t mid = lo + (hi - lo) / 2, last = hi - 1, store = lo;

	if (f(ctx, v[mid], v[lo]))
		swap32(&v[mid], &v[lo]);
	if (f(ctx, v[last], v[lo]))
		swap32(&v[last], &v[lo]);
	if (f(ctx, v[mid], v[last]))
		swap32(&v[mid], &v[last]);
	for (size_t i = lo; i < last; i++)
		if (f(ctx, v[i], v[last]))
			swap32(&v[i], &v[store++]);
	swap32(&v[store], &v[last]);
	return store;
}

/* Reorder V[LO .. HI) so that V[LO .. K) all sort before V[K .. HI). */
static void select_at(uint32_t *v, size_t lo, size_t hi, size_t k, before_fn f, const void *ctx)
{
	while (hi - lo > 1 && k > lo && k < hi) {
		size_t p = partition(v, lo, hi, f, ctx);
		if (p == k)
			return;
		if (k < p)
			hi = p;
		else
			lo = p + 1;
	}
}

/* Sort V[LO .. HI). */
static void sort_range(uint32_t *v, size_t lo, size_t hi, before_fn f, const void *ctx)
{
	while (hi - lo > 16) {
		size_t p = partition(v, lo, hi, f, ctx);
		/* The smaller side first, the larger by the loop: log depth. */
		if (p - lo < hi - p) {
			sort_range(v, lo, p, f, ctx);
			lo = p + 1;
		} else {
			sort_range(v, p + 1, hi, f, ctx);
			hi = p;
		}
	}
	for (size_t i = lo + 1; i < hi; i++)
		for (size_t j = i; j > lo && f(ctx, v[j], v[j - 1]); j--)
			swap32(&v[j], &v[j - 1]);
}

/* The table's order: by key, reversed for a descending sort (a blank, NaN,
 * last either way), then in network order. */
static int before_key(const void *ctx, uint32_t a, uint32_t b)
{
	const struct rows *rs = ctx;
	double ka = rs->key[a], kb = rs->key[b];
	int na = isnan(ka), nb = isnan(kb);

	if (na != nb)
		return nb;
	if (!na && ka != kb)
		return rs->desc ? ka > kb : ka < kb;
	return a < b;
}

static int before_name(const void *ctx, uint32_t a, uint32_t b)
{
	const struct net *net = ctx;
	int c = strcmp(net->layers[a].name, net->layers[b].name);
	return c != 0 ? c < 0 : a < b;
}

/* The place of every layer's name in strcmp order, made once. */
static int name_ranks(struct rows *rs, const struct net *net)
{
	uint32_t *v;

	if (rs->name_rank != NULL)
		return 0;
	v = malloc((net->n_layers ? net->n_layers : 1) * sizeof *v);
	rs->name_rank = malloc((net->n_layers ? net->n_layers : 1) * sizeof *rs->name_rank);
	if (v == NULL || rs->name_rank == NULL) {
		free(v);
		free(rs->name_rank);
		rs->name_rank = NULL;
		return -1;
	}
	for (size_t i = 0; i < net->n_layers; i++)
		v[i] = (uint32_t)i;
	sort_range(v, 0, net->n_layers, before_name, net);
	for (size_t r = 0; r < net->n_layers; r++)
		rs->name_rank[v[r]] = (uint32_t)r;
	free(v);
	return 0;
}

int rows_pass(const struct state *st, int filter, size_t i)
{
	const struct net_layer *l = &st->net->layers[i];
	int conv = l->op == NET_OP_CONV;

	switch (filter) {
	case FILTER_CONVS:
		return conv;
	case FILTER_TUNABLE:
		return conv && l->tune;
	case FILTER_CHANGED:
		return plan_layer_differs(st->plan, st->base, i);
	case FILTER_PINNED:
		return state_pin_of(st, i) != 0;
	default:
		return 1;
	}
}

const char *rows_filter_name(int filter)
{
	static const char *const name[FILTER_COUNT] = {
		[FILTER_CONVS] = "convolutions",
		[FILTER_TUNABLE] = "tunable convolutions",
		[FILTER_CHANGED] = "changed against the baseline",
		[FILTER_PINNED] = "pinned",
		[FILTER_ALL] = "every layer",
	};
	return filter >= 0 && filter < FILTER_COUNT ? name[filter] : "";
}

/* Whether column COL's values follow the plan or the parameters. */
static int col_follows_plan(int col)
{
	switch (col) {
	case COL_IDX:
	case COL_NAME:
	case COL_OP:
	case COL_IN:
	case COL_OUT:
	case COL_STRIDE:
	case COL_GROUP:
	case COL_JUMP:
		return 0;
	default:
		return 1;
	}
}

/* An operator's name as a number in its order (the first eight bytes: op
 * names differ within them; ties then go by layer). */
static double op_key(const char *s)
{
	double k = 0;
	for (int i = 0; i < 8; i++) {
		k = k * 256 + (unsigned char)*s;
		if (*s)
			s++;
	}
	return k;
}

/* Score column SORT_J's value for tunable conv I: through the row and
 * entry cached for I when they still are its own (a cheap check), else
 * found again and cached. */
static double score_key(const struct rows *rs, const struct state *st, size_t i)
{
	long r = rs->srow[i], j = rs->entry[i];

	if (rs->sort_j >= st->table->n_columns)
		return NAN;
	const struct kernel *k = &st->table->col_kernel[rs->sort_j];
	if (rs->map_ok)
		return j < 0 ? NAN : score_value(st->score, st->work, (size_t)r, (size_t)j);
	if (r < 0 || (size_t)r >= score_rows(st->score) ||
	    score_row_layer(st->score, (size_t)r) != i) {
		r = score_find_row(st->score, i);
		j = -1;
	}
	if (r < 0)
		return NAN;
	if (j < 0 || (size_t)j >= score_row_len(st->score, (size_t)r) ||
	    !kernel_equal(state_row_kernel(st, (size_t)r, (size_t)j), k)) {
		j = -1;
		for (size_t e = 0, n = score_row_len(st->score, (size_t)r); e < n && j < 0; e++)
			if (kernel_equal(state_row_kernel(st, (size_t)r, e), k))
				j = (long)e;
	}
	rs->srow[i] = (int32_t)r;
	rs->entry[i] = (int32_t)j;
	return j < 0 ? NAN : score_value(st->score, st->work, (size_t)r, (size_t)j);
}

/* Whether the score rows and entries found at the last keying still hold
 * (see struct rows); notes the current ones for the next call. */
static int map_holds(struct rows *rs, const struct state *st)
{
	int ok = rs->map_score == st->score && rs->map_table == st->table &&
	         rs->map_cands == st->cur.candidates && rs->map_scope == state_params(st)->scope &&
	         rs->map_cost == state_params(st)->cost && rs->map_j == rs->sort_j;
	rs->map_score = st->score;
	rs->map_table = st->table;
	rs->map_cands = st->cur.candidates;
	rs->map_scope = state_params(st)->scope;
	rs->map_cost = state_params(st)->cost;
	rs->map_j = rs->sort_j;
	return ok;
}

/* Whether the old arrangement of the rows holds under new keys: the
 * sorted window still sorted, everything before it still before its first
 * row, everything after still after its last (O(n), cheaper than sorting
 * again: a slider step seldom reorders the rows). */
static int still_arranged(const struct rows *rs)
{
	if (rs->lo >= rs->hi)
		return 0;
	for (size_t r = rs->lo + 1; r < rs->hi; r++)
		if (before_key(rs, rs->order[r], rs->order[r - 1]))
			return 0;
	for (size_t r = 0; r < rs->lo; r++)
		if (!before_key(rs, rs->order[r], rs->order[rs->lo]))
			return 0;
	for (size_t r = rs->hi; r < rs->n; r++)
		if (!before_key(rs, rs->order[rs->hi - 1], rs->order[r]))
			return 0;
	return 1;
}

/* Whether the keys of a plan column would come out as they are: the plan
 * gives every conv the kernel it had at the last keying, in the same
 * table, under the same cost model (the MACs column shows times under a
 * time model) and baseline.  Notes the plan for the next call. */
static int plan_unchanged(struct rows *rs, const struct state *st)
{
	size_t n = st->net->n_conv;
	int same = rs->table_seen == st->table && rs->cands_seen == st->cur.candidates &&
	           rs->cost_seen == state_params(st)->cost &&
	           rs->scope_seen == state_params(st)->scope &&
	           rs->base_seen == st->cur.baseline_k &&
	           memcmp(rs->choice_seen, st->plan->choice, n * sizeof *rs->choice_seen) == 0;
	memcpy(rs->choice_seen, st->plan->choice, n * sizeof *rs->choice_seen);
	rs->table_seen = st->table;
	rs->cands_seen = st->cur.candidates;
	rs->cost_seen = state_params(st)->cost;
	rs->scope_seen = state_params(st)->scope;
	rs->base_seen = st->cur.baseline_k;
	return same;
}

/* The sort key of layer I: the value its cell shows, NaN for a blank. */
static double key_of(const struct rows *rs, const struct state *st, size_t i)
{
	const struct net *net = st->net;
	const struct net_layer *l = &net->layers[i];
	int conv = l->op == NET_OP_CONV, kern = net_op_has_kernel(l->op);
	const struct kernel *k;
	double v;

	switch (rs->sort_col) {
	case COL_IDX:
		return (double)i;
	case COL_NAME:
		return rs->name_rank[i];
	case COL_OP:
		return op_key(net_op_name(l->op));
	case COL_IN:
		if (l->op == NET_OP_INPUT)
			return NAN;
		v = (double)l->in_c;
		for (int a = 0; a < net->rank; a++)
			v *= (double)net_layer_size(l, net->rank, a, 1);
		return v;
	case COL_OUT:
		return (double)l->c;
	case COL_STRIDE:
		return kern ? l->stride : NAN;
	case COL_GROUP:
		return conv && l->groups > 1 ? l->groups : NAN;
	case COL_KB:
		if (!kern)
			return NAN;
		k = plan_layer_kernel(st->base, i);
		return k != NULL ? (double)kernel_taps(k) : st->base->extent[i];
	case COL_K:
		return conv ? (double)kernel_taps(plan_layer_kernel(st->plan, i)) : NAN;
	case COL_SCORES:
		return conv && l->tune ? score_key(rs, st, i) : NAN;
	case COL_MACS:
		if (cost_model_is_time(state_params(st)->cost))
			return l->op == NET_OP_INPUT ? NAN : state_layer_seconds(st, i);
		return conv || l->op == NET_OP_FC ? (double)plan_layer_macs(st->plan, i) : NAN;
	case COL_BOUND: {
		struct roofline r;
		return state_layer_roofline(st, i, &r) ? r.bound : NAN;
	}
	case COL_RF:
		return (double)st->plan->rf_layer[i];
	case COL_RF_BASE:
		return (double)st->base->rf_layer[i];
	case COL_JUMP:
		return (double)st->plan->jump[i];
	default:
		return NAN;
	}
}

/* Sort the rows so that row R is in its place: grow the sorted window
 * [LO, HI) to R (at least ROWS_CHUNK rows, doubling, so that a walk over
 * every row costs O(n log n)), or start one around R when it is far. */
static void ensure_sorted(struct rows *rs, size_t r)
{
	size_t n = rs->n, chunk = rs->hi - rs->lo;

	if (r >= n || (r >= rs->lo && r < rs->hi))
		return;
	if (chunk < ROWS_CHUNK)
		chunk = ROWS_CHUNK;
	if (rs->lo == rs->hi || r + 4 * chunk < rs->lo || r >= rs->hi + 4 * chunk) {
		/* A window of its own: the old one's partition is kept and
		 * still valid, it only costs less to select afresh. */
		size_t a = r > ROWS_CHUNK / 2 ? r - ROWS_CHUNK / 2 : 0;
		size_t b = a + ROWS_CHUNK < n ? a + ROWS_CHUNK : n;
		select_at(rs->order, 0, n, a, before_key, rs);
		select_at(rs->order, a, n, b, before_key, rs);
		sort_range(rs->order, a, b, before_key, rs);
		rs->lo = a;
		rs->hi = b;
		return;
	}
	if (r < rs->lo) {
		size_t a = rs->lo > chunk ? rs->lo - chunk : 0;
		if (a > r)
			a = r;
		select_at(rs->order, 0, rs->lo, a, before_key, rs);
		sort_range(rs->order, a, rs->lo, before_key, rs);
		rs->lo = a;
	} else {
		size_t b = rs->hi + chunk < n ? rs->hi + chunk : n;
		if (b <= r)
			b = r + 1;
		select_at(rs->order, rs->hi, n, b, before_key, rs);
		sort_range(rs->order, rs->hi, b, before_key, rs);
		rs->hi = b;
	}
}

size_t rows_layer(struct rows *rs, const struct state *st, size_t r)
{
	(void)st;
	if (rs->n == 0)
		return 0;
	if (r >= rs->n)
		r = rs->n - 1;
	ensure_sorted(rs, r);
	return rs->order[r];
}

void rows_set_sort(struct rows *rs, int col, size_t j, int desc)
{
	rs->sort_col = col == COL_FLAG || col < 0 || col >= COL_COUNT ? COL_IDX : col;
	rs->sort_j = j;
	rs->desc = desc;
	rs->keyed = 0;
}

void rows_set_filter(struct rows *rs, int filter)
{
	rs->filter = filter >= 0 && filter < FILTER_COUNT ? filter : FILTER_CONVS;
	rs->refilter = 1;
}

/* List the filter's rows in network order. */
static int build(struct rows *rs, const struct state *st)
{
	const struct net *net = st->net;
	size_t n = 0;

	if (rs->order == NULL) {
		size_t cap = net->n_layers ? net->n_layers : 1;
		uint32_t *order = malloc(cap * sizeof *order);
		rs->key = malloc(cap * sizeof *rs->key);
		rs->srow = malloc(cap * sizeof *rs->srow);
		rs->entry = malloc(cap * sizeof *rs->entry);
		rs->choice_seen = calloc(net->n_conv ? net->n_conv : 1, sizeof *rs->choice_seen);
		if (order == NULL || rs->key == NULL || rs->srow == NULL || rs->entry == NULL ||
		    rs->choice_seen == NULL) {
			/* All or nothing: ORDER says whether they are there. */
			free(order);
			free(rs->key);
			free(rs->srow);
			free(rs->entry);
			free(rs->choice_seen);
			rs->key = NULL;
			rs->srow = rs->entry = NULL;
			rs->choice_seen = NULL;
			return -1;
		}
		rs->order = order;
		for (size_t i = 0; i < cap; i++)
			rs->srow[i] = rs->entry[i] = -1;
	}
	if (rs->filter == FILTER_CONVS) {
		memcpy(rs->order, st->conv, st->n_conv * sizeof *rs->order);
		n = st->n_conv;
	} else {
		for (size_t i = 0; i < net->n_layers; i++)
			if (rows_pass(st, rs->filter, i))
				rs->order[n++] = (uint32_t)i;
	}
	rs->n = n;
	return 0;
}

size_t rows_sync(struct rows *rs, const struct state *st, size_t *sel, size_t *top)
{
	unsigned long ch = state_change(st);
	int moved_on = ch != rs->change;
	int refilter = !rs->built || rs->refilter ||
	               (moved_on && (rs->filter == FILTER_CHANGED || rs->filter == FILTER_PINNED));
	/* A column of the plan re-keys only when the plan's kernels moved (a
	 * score column on every change: the scores move with every slider). */
	int rekey = !rs->keyed || (moved_on && col_follows_plan(rs->sort_col) &&
	                           (rs->sort_col == COL_SCORES || !plan_unchanged(rs, st)));
	size_t off = *sel >= *top ? *sel - *top : 0, cur = 0, rank = 0;
	int had = rs->built && rs->n > 0, found = 0;

	rs->change = ch;
	if (!refilter && !rekey)
		return rs->n;
	/* The selected layer, found in the old order before it goes. */
	if (had)
		cur = rows_layer(rs, st, *sel < rs->n ? *sel : rs->n - 1);
	if (rs->sort_col == COL_NAME && name_ranks(rs, st->net) != 0) {
		text_note_out_of_memory();
		rs->sort_col = COL_IDX;
	}
	/* Sorted by layer: the rows are listed in that order already. */
	if (refilter || rs->sort_col == COL_IDX) {
		if (build(rs, st) != 0) {
			text_note_out_of_memory();
			rs->n = 0;
			rs->built = 0;
			return 0;
		}
		rs->built = 1;
		rs->refilter = 0;
	}
	/* The plan these keys are made from (rekey above may not have
	 * looked). */
	(void)plan_unchanged(rs, st);
	/* Unchecked only over the rows checked before: the same rows. */
	rs->map_ok = rs->sort_col == COL_SCORES && rs->keyed && !refilter && map_holds(rs, st);
	for (size_t r = 0; r < rs->n; r++)
		rs->key[rs->order[r]] = key_of(rs, st, rs->order[r]);
	if (had)
		rs->key[cur] = key_of(rs, st, cur);
	if (rs->sort_col == COL_SCORES && !rs->map_ok)
		(void)map_holds(rs, st); /* checked as found: trusted from now */
	/* New keys, same rows, same order still right: nothing moves. */
	if (!refilter && rs->keyed && rs->sort_col != COL_IDX && still_arranged(rs))
		return rs->n;
	rs->keyed = 1;
	rs->lo = rs->hi = 0;
	if (rs->sort_col == COL_IDX) {
		for (size_t a = 0, b = rs->n; rs->desc && a + 1 < b; a++, b--)
			swap32(&rs->order[a], &rs->order[b - 1]);
		rs->hi = rs->n;
	}
	if (!had)
		return rs->n; /* nothing was selected: the view clamps it */
	/* Where the selected layer went: the rows before it. */
	for (size_t r = 0; r < rs->n; r++) {
		if (rs->order[r] == cur)
			found = 1;
		else if (before_key(rs, rs->order[r], (uint32_t)cur))
			rank++;
	}
	*sel = found || rank == 0 ? rank : rank - 1;
	*top = *sel >= off ? *sel - off : 0;
	return rs->n;
}

long rows_note_changes(struct rows *rs, const struct state *st)
{
	const struct net *net = st->net;
	unsigned long ch = state_change(st);
	size_t n = 0;

	if (rs->seen == NULL) {
		rs->seen = malloc((net->n_conv ? net->n_conv : 1) * sizeof *rs->seen);
		rs->moved = calloc(net->n_layers ? net->n_layers : 1, 1);
		if (rs->seen == NULL || rs->moved == NULL) {
			free(rs->seen);
			free(rs->moved);
			rs->seen = NULL;
			rs->moved = NULL;
			return -1;
		}
		for (size_t c = 0; c < net->n_conv; c++)
			rs->seen[c] = *plan_kernel(st->plan, c);
		rs->seen_at = ch;
		return 0;
	}
	if (ch == rs->seen_at)
		return rs->marks_on ? (long)rs->n_moved : 0;
	for (size_t c = 0; c < net->n_conv; c++) {
		const struct kernel *k = plan_kernel(st->plan, c);
		int m = !kernel_equal(k, &rs->seen[c]);
		rs->moved[net->conv[c]] = (unsigned char)m;
		n += (size_t)m;
		rs->seen[c] = *k;
	}
	rs->seen_at = ch;
	rs->marks_on = 1;
	rs->n_moved = n;
	return (long)n;
}

void rows_marks_clear(struct rows *rs)
{
	rs->marks_on = 0;
}

int rows_marked(const struct rows *rs, size_t i)
{
	return rs->marks_on && rs->moved != NULL && rs->moved[i];
}

void rows_free(struct rows *rs)
{
	free(rs->order);
	free(rs->key);
	free(rs->name_rank);
	free(rs->seen);
	free(rs->moved);
	free(rs->srow);
	free(rs->entry);
	free(rs->choice_seen);
	memset(rs, 0, sizeof *rs);
}
