/* rows.h -- the layer table's rows: which layers it lists (the filter), in
 * which order (the sort, done only as far as the screen reads it), and
 * which rows' kernels the last action changed.  No curses. */
#ifndef BKSEF_TUI_ROWS_H
#define BKSEF_TUI_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "tui/state.h"

/* The table's columns, left to right; each but the flag sorts. */
enum table_col {
	COL_IDX,
	COL_FLAG,
	COL_NAME,
	COL_OP,
	COL_IN,
	COL_OUT,
	COL_STRIDE,
	COL_GROUP, /* "C" for a depthwise conv, G for a grouped one */
	COL_KB,
	COL_K,
	COL_SCORES,
	COL_MACS,  /* "time" (ms) under a time cost model */
	COL_BOUND, /* under the latency cost: c, m or o (roofline bound) */
	COL_RF,
	COL_RF_BASE, /* the receptive field under the baseline */
	COL_JUMP,    /* the product of the strides before the layer's output */
	COL_COUNT
};

/* The filters, in the order f cycles them. */
enum rows_filter {
	FILTER_CONVS,
	FILTER_TUNABLE,
	FILTER_CHANGED, /* convs whose kernel differs from the baseline's */
	FILTER_PINNED,
	FILTER_ALL,
	FILTER_COUNT
};

/* The rows and their order.  ORDER[0 .. N) lists the layers; only
 * ORDER[LO .. HI) is known to be in its sorted place, the rest is
 * partitioned around it (everything before LO sorts before it, everything
 * from HI after), so that a slider step re-sorts only what the screen
 * shows. */
struct rows {
	int filter;      /* enum rows_filter */
	int sort_col;    /* enum table_col, never COL_FLAG */
	size_t sort_j;   /* COL_SCORES: the score column (cand_table.col_kernel) */
	int desc;        /* descending */
	uint32_t *order; /* the rows' layers */
	size_t n, lo, hi;
	double *key;          /* per layer: the sort key (NaN: blank, last) */
	uint32_t *name_rank;  /* per layer: its name's place in strcmp order */
	int built, keyed;     /* ORDER lists the filter's rows; KEY holds them */
	int refilter;         /* the filter changed since ORDER was built */
	unsigned long change; /* the state change ORDER and KEY were made for */
	/* What the keys were made from, to skip a re-key that would give the
	 * same keys: the plan's kernels (with the table and the request's
	 * inputs that give them a meaning); and for a score column, each
	 * layer's score row and entry (-1: none), checked on use. */
	uint8_t *choice_seen;
	const void *table_seen;
	uint64_t cands_seen;
	int cost_seen, scope_seen, base_seen;
	int32_t *srow, *entry;
	/* What SROW and ENTRY were found in: while it holds (the same score
	 * and table, made from the same inputs, the same column), they are
	 * used unchecked. */
	const void *map_score, *map_table;
	uint64_t map_cands;
	int map_scope, map_cost, map_ok;
	size_t map_j;
	/* Marks: the convs whose kernel the last action changed. */
	struct kernel *seen;   /* per conv: its kernel when last looked at */
	unsigned char *moved;  /* per layer: changed by the last action */
	unsigned long seen_at; /* the state change SEEN was taken at */
	int marks_on;          /* the marks belong to the last action */
	size_t n_moved;
};

/* Bring RS up to date with ST (the filter's rows after a change, the sort
 * keys when they depend on the plan), keeping *SEL on the layer it was on
 * (or the one before it when that layer is gone) and *TOP at the same
 * distance above it.  Returns the number of rows; 0 when memory ran out
 * (noted with text_note_out_of_memory). */
size_t rows_sync(struct rows *rs, const struct state *st, size_t *sel, size_t *top);

/* The layer of row R (< the row count), sorting as far as R needs. */
size_t rows_layer(struct rows *rs, const struct state *st, size_t r);

/* Whether layer I passes FILTER. */
int rows_pass(const struct state *st, int filter, size_t i);

/* The filter's name ("convolutions", "changed against the baseline"). */
const char *rows_filter_name(int filter);

/* Sort by column COL (score column J) in DESC order, or keep the filter's
 * rows; the next rows_sync applies it. */
void rows_set_sort(struct rows *rs, int col, size_t j, int desc);
void rows_set_filter(struct rows *rs, int filter);

/* Note the plan after an action: the convs whose kernel differs from the
 * last look are marked (until rows_marks_clear) and counted.  Returns how
 * many the last change of ST moved (0 when none, or when ST has not
 * changed since the marks were cleared); -1 when memory ran out. */
long rows_note_changes(struct rows *rs, const struct state *st);
/* A new action begins: the old marks go. */
void rows_marks_clear(struct rows *rs);
/* Whether layer I is marked. */
int rows_marked(const struct rows *rs, size_t i);

void rows_free(struct rows *rs);

#endif
