/* test_rows.c -- the layer table's rows (tui/rows.h) against a full sort
 * done here: the partial sort gives every row, read in any order, the layer
 * a full qsort of the same order puts there; the selection stays on its
 * layer; the filters list what their predicate says; the marks count the
 * convs an action moved. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel.h"
#include "net.h"
#include "options.h"
#include "plan.h"
#include "score.h"
#include "tui/rows.h"
#include "tui/state.h"

/* A chain of N_CONV 3x3 convs (more than a sorted window's 128 rows, so
 * that the partial sort must grow and start windows): channels 16 to 80 in
 * a pattern that repeats, so that many MACs tie. */
#define N_CONV 600

static struct net *chain_net(void)
{
	size_t cap = 64 * (N_CONV + 2), len = 0;
	char *csv = malloc(cap);
	struct net *net = NULL;
	struct diag dg = { 0 };

	assert_non_null(csv);
	len += (size_t)snprintf(csv + len, cap - len,
	                        "name,op,from,out,h,w,k,stride,groups,bias,tune,candidates\n"
	                        "in,input,,3,16,16,,,,,,\n");
	for (int i = 0; i < N_CONV; i++)
		len += (size_t)snprintf(csv + len, cap - len, "c%03d,conv,,%d,,,3,1,,0,,\n",
		                        (i * 7919) % N_CONV, 16 + (i * 37 % 5) * 16);
	assert_int_equal(net_load_buffer(csv, len, "chain.csv", &net, &dg), BKSEF_OK);
	free(csv);
	return net;
}

static struct state *new_state(const struct net *net)
{
	struct options opt;
	struct state *st = NULL;
	struct diag dg = { 0 };

	memset(&opt, 0, sizeof opt);
	opt.candidates = CAND_DEFAULT;
	score_params_default(&opt.params);
	assert_int_equal(state_new(net, &opt, &st, &dg), BKSEF_OK);
	return st;
}

/* The reference order: a key per layer, computed here from the state. */
struct ref {
	const struct state *st;
	int col, desc;
};
static const struct ref *ref_ctx; /* qsort has no context argument */

static double ref_key(const struct state *st, int col, size_t i)
{
	const struct net_layer *l = &st->net->layers[i];
	switch (col) {
	case COL_MACS:
		return (double)plan_layer_macs(st->plan, i);
	case COL_OUT:
		return (double)l->c;
	case COL_RF:
		return (double)st->plan->rf_layer[i];
	case COL_SCORES: /* the 3x3 kernel's score (every conv here has it) */
	{
		struct kernel k3 = kernel_square(2, 3);
		return state_score_of(st, (size_t)score_find_row(st->score, i), &k3);
	}
	default:
		return (double)i;
	}
}

static int ref_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	const struct state *st = ref_ctx->st;
	int c;

	if (ref_ctx->col == COL_NAME) {
		c = strcmp(st->net->layers[a].name, st->net->layers[b].name);
		c = ref_ctx->desc ? -c : c;
	} else {
		double ka = ref_key(st, ref_ctx->col, a), kb = ref_key(st, ref_ctx->col, b);
		c = (ka > kb) - (ka < kb);
		c = ref_ctx->desc ? -c : c;
	}
	/* Ties in network order. */
	if (c == 0)
		c = (a > b) - (a < b);
	return c;
}

/* Every row of RS, read in a scattered order, is the reference's. */
static void check_order(struct rows *rs, const struct state *st, int col, int desc)
{
	struct ref r = { st, col, desc };
	uint32_t *want = malloc(st->n_conv * sizeof *want);
	assert_non_null(want);
	memcpy(want, st->conv, st->n_conv * sizeof *want);
	ref_ctx = &r;
	qsort(want, st->n_conv, sizeof *want, ref_cmp);
	assert_int_equal(rs->n, st->n_conv);
	for (size_t k = 0; k < rs->n; k++) {
		size_t row = (k * 389 + 17) % rs->n; /* 389 is prime: every row once */
		if (rows_layer(rs, st, row) != want[row])
			fail_msg("col %d desc %d: row %zu is layer %zu, want %u", col, desc, row,
			         rows_layer(rs, st, row), want[row]);
	}
	free(want);
}

static void test_sort_matches_full_sort(void **unused)
{
	static const int cols[] = { COL_IDX, COL_MACS, COL_OUT, COL_RF, COL_NAME };
	struct net *net = chain_net();
	struct state *st = new_state(net);
	struct rows rs;
	struct diag dg = { 0 };
	size_t sel = 0, top = 0;
	(void)unused;

	memset(&rs, 0, sizeof rs);
	rows_set_filter(&rs, FILTER_CONVS);
	for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
		for (int desc = 0; desc < 2; desc++) {
			rows_set_sort(&rs, cols[c], 0, desc);
			rows_sync(&rs, st, &sel, &top);
			check_order(&rs, st, cols[c], desc);
		}
	/* A slider step changes the MACs: sorted by them, the rows follow. */
	rows_set_sort(&rs, COL_MACS, 0, 1);
	rows_sync(&rs, st, &sel, &top);
	for (int step = 0; step < 30; step++) {
		double v = state_slider_step(SLIDER_L3, state_slider_get(st, SLIDER_L3), 1, 1);
		assert_int_equal(state_slider_set(st, SLIDER_L3, v, 1, &dg), BKSEF_OK);
		rows_sync(&rs, st, &sel, &top);
		/* The screen's page first, as a draw reads it. */
		for (size_t r = top; r < top + 20 && r < rs.n; r++)
			(void)rows_layer(&rs, st, r);
		check_order(&rs, st, COL_MACS, 1);
	}
	/* By a score column: every step moves every score; the rows follow
	 * (the same column, kept in place while the order holds). */
	size_t j3 = 0;
	for (size_t c = 0; c < st->table->n_columns; c++)
		if (kernel_is_square(&st->table->col_kernel[c]) &&
		    kernel_size(&st->table->col_kernel[c]) == 3)
			j3 = c;
	rows_set_sort(&rs, COL_SCORES, j3, 0);
	for (int step = 0; step < 40; step++) {
		double v = state_slider_step(SLIDER_L3, state_slider_get(st, SLIDER_L3),
		                             step < 20 ? -1 : 1, step % 3 == 0);
		assert_int_equal(state_slider_set(st, SLIDER_L3, v, 1, &dg), BKSEF_OK);
		rows_sync(&rs, st, &sel, &top);
		for (size_t r = top; r < top + 20 && r < rs.n; r++)
			(void)rows_layer(&rs, st, r);
		check_order(&rs, st, COL_SCORES, 0);
	}
	/* From a filter of one row back to every conv: the rows the first did
	 * not list get their scores too. */
	assert_int_equal(state_pin(st, st->conv[5], 3, &dg), BKSEF_OK);
	rows_set_filter(&rs, FILTER_PINNED);
	rows_sync(&rs, st, &sel, &top);
	assert_int_equal(rs.n, 1);
	rows_set_filter(&rs, FILTER_CONVS);
	rows_sync(&rs, st, &sel, &top);
	check_order(&rs, st, COL_SCORES, 0);
	rows_free(&rs);
	state_free(st);
	net_free(net);
}

/* The selection stays on its layer through a change of sort, and a
 * filter that drops it moves it to the row before. */
static void test_selection_kept(void **unused)
{
	struct net *net = chain_net();
	struct state *st = new_state(net);
	struct rows rs;
	struct diag dg = { 0 };
	size_t sel = 300, top = 290, layer;
	(void)unused;

	memset(&rs, 0, sizeof rs);
	rows_sync(&rs, st, &sel, &top);
	layer = rows_layer(&rs, st, sel);
	assert_int_equal(layer, st->conv[300]);
	rows_set_sort(&rs, COL_NAME, 0, 0);
	rows_sync(&rs, st, &sel, &top);
	assert_int_equal(rows_layer(&rs, st, sel), layer);
	assert_int_equal(sel - top, 10); /* the same place on screen */
	rows_set_sort(&rs, COL_OUT, 0, 1);
	rows_sync(&rs, st, &sel, &top);
	assert_int_equal(rows_layer(&rs, st, sel), layer);
	/* Pin another conv: the pinned filter lists it alone; the selection
	 * (not pinned) goes to the row before it, the first. */
	assert_int_equal(state_pin(st, 7, 5, &dg), BKSEF_OK);
	rows_set_filter(&rs, FILTER_PINNED);
	rows_sync(&rs, st, &sel, &top);
	assert_int_equal(rs.n, 1);
	assert_int_equal(rows_layer(&rs, st, 0), 7);
	assert_int_equal(sel, 0);
	rows_free(&rs);
	state_free(st);
	net_free(net);
}

/* The filters against their predicates; the marks against a plan
 * comparison. */
static void test_filters_and_marks(void **unused)
{
	struct net *net = chain_net();
	struct state *st = new_state(net);
	struct rows rs;
	struct diag dg = { 0 };
	size_t sel = 0, top = 0, n;
	(void)unused;

	memset(&rs, 0, sizeof rs);
	for (int f = 0; f < FILTER_COUNT; f++) {
		rows_set_filter(&rs, f);
		rows_sync(&rs, st, &sel, &top);
		n = 0;
		for (size_t i = 0; i < net->n_layers; i++)
			n += (size_t)rows_pass(st, f, i);
		assert_int_equal(rs.n, n);
		for (size_t r = 0; r < rs.n; r++)
			assert_true(rows_pass(st, f, rows_layer(&rs, st, r)));
	}
	/* Every conv is tunable; at the default lambda3 every one takes a
	 * larger kernel than its loaded 3x3: all differ from the baseline. */
	rows_set_filter(&rs, FILTER_CHANGED);
	rows_sync(&rs, st, &sel, &top);
	assert_int_equal(rs.n, N_CONV);
	/* The marks: a first look, then a change that moves kernels. */
	assert_int_equal(rows_note_changes(&rs, st), 0);
	struct plan *before = plan_new(st->table);
	assert_non_null(before);
	memcpy(before->choice, st->plan->choice, net->n_conv * sizeof *before->choice);
	assert_int_equal(state_slider_set(st, SLIDER_L3, 5.0, 0, &dg), BKSEF_OK);
	n = 0;
	for (size_t c = 0; c < net->n_conv; c++)
		n += (size_t)plan_layer_differs(before, st->plan, net->conv[c]);
	assert_true(n > 0);
	assert_int_equal(rows_note_changes(&rs, st), (long)n);
	assert_int_equal(rows_note_changes(&rs, st), (long)n); /* asked again */
	for (size_t c = 0; c < net->n_conv; c++)
		assert_int_equal(rows_marked(&rs, net->conv[c]),
		                 plan_layer_differs(before, st->plan, net->conv[c]));
	rows_marks_clear(&rs);
	assert_int_equal(rows_note_changes(&rs, st), 0);
	assert_false(rows_marked(&rs, net->conv[0]));
	plan_free(before);
	rows_free(&rs);
	state_free(st);
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_matches_full_sort),
		cmocka_unit_test(test_selection_kept),
		cmocka_unit_test(test_filters_and_marks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
