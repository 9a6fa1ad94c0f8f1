/* test_export.c -- unit tests of export.h: the plan CSV of a session read
 * back with libcsv (documented columns, hand-computed values, the run's
 * context, names that need quoting), the network export loaded again (its
 * baseline is the plan), the sweep CSV, and write errors. */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <csv.h>

#include "cand.h"
#include "cand_table.h"
#include "cost.h"
#include "export.h"
#include "kernel.h"
#include "net.h"
#include "plan.h"
#include "request.h"
#include "safe_file.h"
#include "score.h"
#include "session.h"
#include "sweep.h"
#include "testlib.h"

/* A CSV file read back with libcsv: cells[row][col], strings owned. */
#define TABLE_MAX_ROWS 128
#define TABLE_MAX_COLS 64

struct table {
	size_t rows;
	size_t cols[TABLE_MAX_ROWS];
	char *cell[TABLE_MAX_ROWS][TABLE_MAX_COLS];
	int overflow;
};

static void table_field(void *s, size_t len, void *data)
{
	struct table *t = data;
	size_t r = t->rows, c;
	if (r >= TABLE_MAX_ROWS || t->cols[r] >= TABLE_MAX_COLS) {
		t->overflow = 1;
		return;
	}
	c = t->cols[r]++;
	t->cell[r][c] = malloc(len + 1);
	assert_non_null(t->cell[r][c]);
	memcpy(t->cell[r][c], s, len);
	t->cell[r][c][len] = '\0';
}

static void table_row(int term, void *data)
{
	struct table *t = data;
	(void)term;
	if (t->rows < TABLE_MAX_ROWS)
		t->rows++;
	else
		t->overflow = 1;
}

/* Parse LEN bytes at TEXT strictly (RFC 4180 quoting). */
static void table_parse(struct table *t, const char *text, size_t len)
{
	struct csv_parser p;
	memset(t, 0, sizeof *t);
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	if (csv_parse(&p, text, len, table_field, table_row, t) != len)
		fail_msg("CSV does not parse: %s", csv_strerror(csv_error(&p)));
	assert_int_equal(csv_fini(&p, table_field, table_row, t), 0);
	csv_free(&p);
	assert_false(t->overflow);
}

static void table_free(struct table *t)
{
	for (size_t r = 0; r < TABLE_MAX_ROWS; r++)
		for (size_t c = 0; c < t->cols[r] && c < TABLE_MAX_COLS; c++)
			free(t->cell[r][c]);
}

/* Column index of NAME in the header row, or fail. */
static size_t table_col(const struct table *t, const char *name)
{
	for (size_t c = 0; c < t->cols[0]; c++)
		if (strcmp(t->cell[0][c], name) == 0)
			return c;
	fail_msg("no column '%s'", name);
	return 0;
}

static const char *cell(const struct table *t, size_t row, const char *col)
{
	return t->cell[row][table_col(t, col)];
}

static long long cell_int(const struct table *t, size_t row, const char *col)
{
	const char *s = cell(t, row, col);
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0')
		fail_msg("row %zu, %s: '%s' is not an integer", row, col, s);
	return v;
}

static double cell_real(const struct table *t, size_t row, const char *col)
{
	const char *s = cell(t, row, col);
	char *end;
	double v = strtod(s, &end);
	if (*s == '\0' || *end != '\0')
		fail_msg("row %zu, %s: '%s' is not a number", row, col, s);
	return v;
}

/* Everything one export needs: a network, a request and the session that
 * answers it. */
struct fixture {
	struct net *net;
	struct request req;
	struct session *s;
	char *text; /* the last export */
	size_t len;
};

static void fixture_init(struct fixture *f, struct net *net, cand_set run,
                         const struct score_params *p)
{
	memset(f, 0, sizeof *f);
	f->net = net;
	request_init(&f->req);
	f->req.params = *p;
	f->req.candidates = run;
}

/* Apply the request (pins, budget and baseline included): a new session
 * the first time, session_apply after; fail if it does. */
static void fixture_score(struct fixture *f)
{
	struct diag dg = { 0 };
	int st;
	if (f->s == NULL) {
		f->s = testlib_session_new(f->net, &f->req);
		return;
	}
	st = session_apply(f->s, &f->req, NULL, &dg);
	if (st != BKSEF_OK)
		fail_msg("session_apply: %s (status %d)", dg.msg, st);
}

/* Pin as "NAME=K" in the fixture's request, or fail. */
static void fixture_pin(struct fixture *f, const char *text)
{
	struct diag dg = { 0 };
	if (request_pin_text(&f->req, f->net, text, &dg) != BKSEF_OK)
		fail_msg("pin %s: %s", text, dg.msg);
}

static const struct plan *fixture_plan(const struct fixture *f)
{
	return session_plan(f->s);
}

static void fixture_free(struct fixture *f)
{
	free(f->text);
	session_free(f->s);
	request_release(&f->req);
	net_free(f->net);
}

/* Run WRITER into memory: f->text, f->len. */
static void fixture_write(struct fixture *f, safe_file_writer writer, void *ctx)
{
	struct diag dg = { 0 };
	FILE *fp;
	free(f->text);
	f->text = NULL;
	f->len = 0;
	fp = open_memstream(&f->text, &f->len);
	assert_non_null(fp);
	if (writer(fp, ctx, &dg) != BKSEF_OK)
		fail_msg("export: %s", dg.msg);
	assert_int_equal(fclose(fp), 0);
}

static void fixture_plan_csv(struct fixture *f, struct table *t)
{
	fixture_write(f, export_plan_writer, f->s);
	table_parse(t, f->text, f->len);
}

/* The exported network, loaded again. */
static struct net *fixture_reload(struct fixture *f)
{
	struct net *net = NULL;
	struct diag dg = { 0 };
	fixture_write(f, export_network_writer, f->s);
	if (net_load_buffer(f->text, f->len, "(export)", &net, &dg) != BKSEF_OK)
		fail_msg("the exported network does not load: line %lu: %s\n%s", dg.line, dg.msg,
		         f->text);
	return net;
}

/* Line N (0: the header) of the last export, with its line end, into BUF
 * of SIZE bytes; fails when there is no such line.  For rows whose fields
 * hold no line break. */
static const char *fixture_line(const struct fixture *f, size_t n, char *buf, size_t size)
{
	const char *p = f->text, *end = f->text + f->len;
	for (; n > 0 && p < end; n--) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			fail_msg("the export has no line %zu", n);
		p = nl + 1;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL || (size_t)(nl + 1 - p) >= size)
		fail_msg("line missing or too long");
	memcpy(buf, p, (size_t)(nl + 1 - p));
	buf[nl + 1 - p] = '\0';
	return buf;
}

/* Fail unless LINE starts with PREFIX and ends with SUFFIX, byte for byte. */
static void check_line(const char *line, const char *prefix, const char *suffix)
{
	size_t n = strlen(line), np = strlen(prefix), ns = strlen(suffix);
	if (n < np + ns || memcmp(line, prefix, np) != 0 || memcmp(line + n - ns, suffix, ns) != 0)
		fail_msg("line\n%s is not\n%s...%s", line, prefix, suffix);
}

static const char *const plan_columns[] = {
	"layer",       "op",      "tunable", "pinned",     "k_base",    "k_plan",
	"pad_plan",    "out_h",   "out_w",   "macs_base",  "macs_plan", "params_base",
	"params_plan", "rf_base", "rf_plan", "score_plan",
};
static const char *const run_columns[] = {
	"lambda1",
	"lambda2",
	"lambda3",
	"gamma",
	"beta",
	"scope",
	"cost",
	/* the session core's context columns (SESSION-API.md) */
	"network",
	"baseline",
	"solver",
	"budget",
	"resource",
	"total_macs_plan",
	"total_params_plan",
	"total_rf_plan",
	"total_macs_base",
	"total_params_base",
	"total_rf_base",
};

/* The header: the documented columns, one score_kN per kernel in KS (0 ends
 * it), then the run's parameters and context. */
static void check_header(const struct table *t, const int *ks)
{
	size_t c = 0, n_ks = 0;
	char name[32];
	for (size_t i = 0; i < sizeof plan_columns / sizeof plan_columns[0]; i++)
		assert_string_equal(t->cell[0][c++], plan_columns[i]);
	for (; ks[n_ks] != 0; n_ks++) {
		snprintf(name, sizeof name, "score_k%d", ks[n_ks]);
		assert_string_equal(t->cell[0][c++], name);
	}
	for (size_t i = 0; i < sizeof run_columns / sizeof run_columns[0]; i++)
		assert_string_equal(t->cell[0][c++], run_columns[i]);
	assert_int_equal(t->cols[0], c);
	for (size_t r = 1; r < t->rows; r++)
		assert_int_equal(t->cols[r], c);
}

/*
 * The two-layer network with the hand parameters of test_score.c (l1 0.37,
 * l2 0.52, l3 0.29, gamma 0.41, beta 0.83, network scope, MACs cost, run set
 * {1,3,5,7}): k* = 7 for conv1, 5 for conv2.
 *   conv1: k 3 -> 7, pad 3, out 29x31, MACs 315549 -> 1717989, params 39*9 +
 *          13 = 364 -> 39*49 + 13 = 1924, rf 3 -> 7, S(7) = 0.73630402476019700077
 *   conv2: k 5 -> 5, pad 2, out 15x16, MACs 1638000, params 6846, rf 7 -> 7 +
 *          4 = 11, S(5) = 0.60322455355867900597
 * With conv2 pinned to 3: pad 1, MACs 589680, params 273*9 + 21 = 2478, rf 7 +
 * 2 = 9, score_plan = S(3) = 0.44928127571211045005.
 * The context columns (new with the session core): network score-two-layer,
 * baseline "loaded", no budget (solver, budget, resource empty); totals
 *   base (tests/data/score-two-layer.csv): MACs 1953759, params 7456, rf 7
 *   plan: MACs 1717989 + 1638000 + 210 = 3356199,
 *         params 1924 + 26 + 6846 + 220 = 9016, rf 11 (gap and fc as conv2)
 *   pinned: MACs 1717989 + 589680 + 210 = 2307879,
 *         params 1924 + 26 + 2478 + 220 = 4648, rf 9.
 */
static void test_plan_csv_by_hand(void **state)
{
	static const int ks[] = { 1, 3, 5, 7, 0 };
	static const double s1[4] = { 0, 0.47431670883133030734, 0.67276742333428972065,
		                      0.73630402476019700077 };
	static const double s2[4] = { -0.0027817147910244285872, 0.44928127571211045005,
		                      0.60322455355867900597, 0.6 };
	static const char header[] =
	    "layer,op,tunable,pinned,k_base,k_plan,pad_plan,out_h,out_w,macs_base,macs_plan,"
	    "params_base,params_plan,rf_base,rf_plan,score_plan,score_k1,score_k3,score_k5,"
	    "score_k7,lambda1,lambda2,lambda3,gamma,beta,scope,cost,network,baseline,solver,"
	    "budget,resource,total_macs_plan,total_params_plan,total_rf_plan,total_macs_base,"
	    "total_params_base,total_rf_base\n";
	static const char context[] = ",0.37,0.52,0.29,0.41,0.83,network,macs,score-two-layer,"
	                              "loaded,,,,3356199,9016,11,1953759,7456,7\n";
	static const char context_pinned[] = ",0.37,0.52,0.29,0.41,0.83,network,macs,"
	                                     "score-two-layer,loaded,,,,2307879,4648,9,1953759,"
	                                     "7456,7\n";
	struct score_params p = { 0.37, 0.52, 0.29, 0.41, 0.83, SCORE_SCOPE_NETWORK, COST_MACS };
	cand_set run = ((cand_set)1 << 1) | (1u << 3) | (1u << 5) | (1u << 7);
	struct fixture f;
	struct table t;
	char name[32], line[512];
	(void)state;
	fixture_init(&f, testlib_load_test_data("score-two-layer.csv"), run, &p);
	fixture_score(&f);
	fixture_plan_csv(&f, &t);
	assert_int_equal(t.rows, 3);
	check_header(&t, ks);
	/* byte for byte: the header, and each row but its scores */
	assert_string_equal(fixture_line(&f, 0, line, sizeof line), header);
	check_line(fixture_line(&f, 1, line, sizeof line),
	           "conv1,conv,1,0,3,7,3,29,31,315549,1717989,364,1924,3,7,", context);
	check_line(fixture_line(&f, 2, line, sizeof line),
	           "conv2,conv,1,0,5,5,2,15,16,1638000,1638000,6846,6846,7,11,", context);

	assert_string_equal(cell(&t, 1, "layer"), "conv1");
	assert_string_equal(cell(&t, 1, "op"), "conv");
	assert_int_equal(cell_int(&t, 1, "tunable"), 1);
	assert_int_equal(cell_int(&t, 1, "pinned"), 0);
	assert_int_equal(cell_int(&t, 1, "k_base"), 3);
	assert_int_equal(cell_int(&t, 1, "k_plan"), 7);
	assert_int_equal(cell_int(&t, 1, "pad_plan"), 3);
	assert_int_equal(cell_int(&t, 1, "out_h"), 29);
	assert_int_equal(cell_int(&t, 1, "out_w"), 31);
	assert_int_equal(cell_int(&t, 1, "macs_base"), 315549);
	assert_int_equal(cell_int(&t, 1, "macs_plan"), 1717989);
	assert_int_equal(cell_int(&t, 1, "params_base"), 364);
	assert_int_equal(cell_int(&t, 1, "params_plan"), 1924);
	assert_int_equal(cell_int(&t, 1, "rf_base"), 3);
	assert_int_equal(cell_int(&t, 1, "rf_plan"), 7);
	testlib_assert_close(cell_real(&t, 1, "score_plan"), 0.73630402476019700077);

	assert_string_equal(cell(&t, 2, "layer"), "conv2");
	assert_int_equal(cell_int(&t, 2, "k_base"), 5);
	assert_int_equal(cell_int(&t, 2, "k_plan"), 5);
	assert_int_equal(cell_int(&t, 2, "pad_plan"), 2);
	assert_int_equal(cell_int(&t, 2, "out_h"), 15);
	assert_int_equal(cell_int(&t, 2, "out_w"), 16);
	assert_int_equal(cell_int(&t, 2, "macs_base"), 1638000);
	assert_int_equal(cell_int(&t, 2, "macs_plan"), 1638000);
	assert_int_equal(cell_int(&t, 2, "params_plan"), 6846);
	assert_int_equal(cell_int(&t, 2, "rf_base"), 7);
	assert_int_equal(cell_int(&t, 2, "rf_plan"), 11);
	testlib_assert_close(cell_real(&t, 2, "score_plan"), 0.60322455355867900597);
	for (int e = 0; e < 4; e++) {
		const struct score *sc = session_score(f.s);
		const struct score_work *w = session_work(f.s);
		snprintf(name, sizeof name, "score_k%d", ks[e]);
		testlib_assert_close(cell_real(&t, 1, name), s1[e]);
		testlib_assert_close(cell_real(&t, 2, name), s2[e]);
		/* written so that they read back to the very same double */
		assert_true(cell_real(&t, 1, name) == testlib_value_k(sc, w, 0, ks[e]));
		assert_true(cell_real(&t, 2, name) == testlib_value_k(sc, w, 1, ks[e]));
	}
	for (size_t r = 1; r <= 2; r++) {
		assert_string_equal(cell(&t, r, "lambda1"), "0.37");
		assert_string_equal(cell(&t, r, "lambda2"), "0.52");
		assert_string_equal(cell(&t, r, "lambda3"), "0.29");
		assert_string_equal(cell(&t, r, "gamma"), "0.41");
		assert_string_equal(cell(&t, r, "beta"), "0.83");
		assert_string_equal(cell(&t, r, "scope"), "network");
		assert_string_equal(cell(&t, r, "cost"), "macs");
		assert_string_equal(cell(&t, r, "network"), "score-two-layer");
		assert_string_equal(cell(&t, r, "baseline"), "loaded");
		assert_string_equal(cell(&t, r, "solver"), "");
		assert_string_equal(cell(&t, r, "budget"), "");
		assert_string_equal(cell(&t, r, "resource"), "");
		assert_int_equal(cell_int(&t, r, "total_macs_plan"), 3356199);
		assert_int_equal(cell_int(&t, r, "total_params_plan"), 9016);
		assert_int_equal(cell_int(&t, r, "total_rf_plan"), 11);
		assert_int_equal(cell_int(&t, r, "total_macs_base"), 1953759);
		assert_int_equal(cell_int(&t, r, "total_params_base"), 7456);
		assert_int_equal(cell_int(&t, r, "total_rf_base"), 7);
	}
	table_free(&t);

	fixture_pin(&f, "conv2=3");
	fixture_score(&f);
	fixture_plan_csv(&f, &t);
	assert_int_equal(cell_int(&t, 2, "pinned"), 1);
	assert_int_equal(cell_int(&t, 2, "k_plan"), 3);
	assert_int_equal(cell_int(&t, 2, "pad_plan"), 1);
	assert_int_equal(cell_int(&t, 2, "macs_plan"), 589680);
	assert_int_equal(cell_int(&t, 2, "params_plan"), 2478);
	assert_int_equal(cell_int(&t, 2, "rf_plan"), 9);
	testlib_assert_close(cell_real(&t, 2, "score_plan"), 0.44928127571211045005);
	assert_int_equal(cell_int(&t, 1, "pinned"), 0);
	assert_string_equal(fixture_line(&f, 0, line, sizeof line), header);
	check_line(fixture_line(&f, 1, line, sizeof line),
	           "conv1,conv,1,0,3,7,3,29,31,315549,1717989,364,1924,3,7,", context_pinned);
	check_line(fixture_line(&f, 2, line, sizeof line),
	           "conv2,conv,1,1,5,3,1,15,16,1638000,589680,6846,2478,7,9,", context_pinned);
	table_free(&t);
	fixture_free(&f);
}

/*
 * The context columns under the all-3x3 baseline and a budget: the
 * two-layer network, hand parameters (l3 0.29 replaced by the solver's),
 * run set {1,3,5,7}, baseline_k 3, budget "99%".
 *   base (all 3x3): conv1 3 (315549 MACs, 364 params, rf 3), conv2 3
 *     (589680, 2478, rf 3 + 2 = 5): MACs 315549 + 589680 + 210 = 905439,
 *     params 364 + 26 + 2478 + 220 = 3088, rf 5
 *   budget: 99% of the baseline in force, floor(905439 * 0.99) =
 *     floor(896384.61) = 896384 (of the loaded baseline it would be
 *     floor(1953759 * 0.99) = 1934221)
 *   plans within it (conv MACs 35061 k1^2 + 65520 k2^2 <= 896384 - 210):
 *     (3,1) 381069, (1,3) 624741, (1,1) 100581; not (3,3) 905229 nor
 *     (5,1) 942045.  With the gains and network-scope costs of test_score.c
 *     (C~ = (MACs - 35061) / 3175419) each row's k* falls at
 *     conv1: 7->5 at 0.52977, 5->3 at 1.41334, 3->1 at 5.65976
 *     conv2: 7->5 at 0.28349, 5->3 at 0.75630, 3->1 at
 *       (g(3) - g(1)) / (C~(3) - C~(1)) = 0.49993270470463080721 * 3175419 /
 *       (589680 - 65520) = 1587495.8092404740532 / 524160
 *       = 3.0286473772139691186
 *     so the first plan within budget is (3,1), at lambda3 3.0286473772139691186
 *   plan (3,1): MACs 315549 + 65520 + 210 = 381279, params 364 + 26 +
 *     (273 + 21 = 294) + 220 = 904, rf conv1 3, conv2 3 + 0 = 3
 *   score_plan: conv1 S(3) = g(3) - lambda3 * 280488/3175419
 *     = g(3) * (1 - 280488/524160) = 0.23240919188947420264;
 *     conv2 S(1) = -lambda3 * 30459/3175419 = -g(3) * 30459/524160
 *     = -0.029051148986184275329.
 */
static void test_plan_csv_context(void **state)
{
	static const char context[] = ",0.41,0.83,network,macs,score-two-layer,3,lambda,896384,"
	                              "macs,381279,904,3,905439,3088,5\n";
	struct score_params p = { 0.37, 0.52, 0.29, 0.41, 0.83, SCORE_SCOPE_NETWORK, COST_MACS };
	cand_set run = ((cand_set)1 << 1) | (1u << 3) | (1u << 5) | (1u << 7);
	struct fixture f;
	struct table t;
	struct diag dg = { 0 };
	char line[512];
	(void)state;
	fixture_init(&f, testlib_load_test_data("score-two-layer.csv"), run, &p);
	f.req.baseline_k = 3;
	assert_int_equal(
	    request_parse_budget("99%", BUDGET_MACS, BUDGET_SOLVER_LAMBDA, 0, &f.req.budget, &dg),
	    BKSEF_OK);
	fixture_score(&f);
	const double lambda3 = session_params(f.s)->lambda3;
	testlib_assert_close(lambda3, 3.0286473772139691186);
	assert_int_equal(session_budget(f.s)->value, 896384);
	fixture_plan_csv(&f, &t);
	assert_int_equal(t.rows, 3);
	check_line(fixture_line(&f, 1, line, sizeof line),
	           "conv1,conv,1,0,3,3,1,29,31,315549,315549,364,364,3,3,", context);
	check_line(fixture_line(&f, 2, line, sizeof line),
	           "conv2,conv,1,0,3,1,0,15,16,589680,65520,2478,294,5,3,", context);
	testlib_assert_close(cell_real(&t, 1, "score_plan"), 0.23240919188947420264);
	testlib_assert_close(cell_real(&t, 2, "score_plan"), -0.029051148986184275329);
	for (size_t r = 1; r <= 2; r++) {
		/* the solver's lambda3, to the bit */
		assert_true(cell_real(&t, r, "lambda3") == lambda3);
		assert_string_equal(cell(&t, r, "lambda1"), "0.37");
		assert_string_equal(cell(&t, r, "baseline"), "3");
		assert_string_equal(cell(&t, r, "solver"), "lambda");
		assert_int_equal(cell_int(&t, r, "budget"), 896384);
		assert_string_equal(cell(&t, r, "resource"), "macs");
		assert_int_equal(cell_int(&t, r, "total_macs_plan"), 381279);
		assert_int_equal(cell_int(&t, r, "total_macs_base"), 905439);
	}
	table_free(&t);
	fixture_free(&f);
}

/* Fixed convs have empty score columns; kernels a layer does not allow have
 * empty cells; the score_kN columns cover the run set and the table's. */
static void test_plan_csv_empty_cells(void **state)
{
	static const int ks[] = { 1, 3, 5, 7, 9, 0 };
	struct score_params p = { 0.37, 0.52, 0.29, 0.41, 0.83, SCORE_SCOPE_LAYER, COST_PAPER };
	struct fixture f;
	struct table t;
	(void)state;
	fixture_init(&f, testlib_load_test_data("score-plan.csv"), CAND_DEFAULT, &p);
	fixture_score(&f);
	fixture_plan_csv(&f, &t);
	check_header(&t, ks);
	/* conv rows: conv1, conv2, skip, fixed, tight */
	assert_int_equal(t.rows, 6);
	static const char *const names[] = { "conv1", "conv2", "skip", "fixed", "tight" };
	for (size_t r = 1; r <= 5; r++)
		assert_string_equal(cell(&t, r, "layer"), names[r - 1]);
	for (size_t r = 3; r <= 4; r++) {
		assert_int_equal(cell_int(&t, r, "tunable"), 0);
		assert_string_equal(cell(&t, r, "score_plan"), "");
		assert_string_equal(cell(&t, r, "score_k3"), "");
		assert_int_equal(cell_int(&t, r, "k_plan"), cell_int(&t, r, "k_base"));
	}
	/* tight allows 5, 7, 9 only */
	assert_string_equal(cell(&t, 5, "score_k1"), "");
	assert_string_equal(cell(&t, 5, "score_k3"), "");
	assert_true(cell(&t, 5, "score_k5")[0] != '\0');
	assert_true(cell(&t, 5, "score_k9")[0] != '\0');
	assert_string_equal(cell(&t, 5, "scope"), "layer");
	assert_string_equal(cell(&t, 5, "cost"), "paper");
	table_free(&t);
	fixture_free(&f);
}

/* Names with commas, quotes, a line break and a leading '#' survive the plan
 * CSV and the network export. */
static void test_names_survive(void **state)
{
	static const char *const names[] = { "c,1", "say \"hi\"", "two\nlines", "#hash", "a=b" };
	struct score_params p;
	struct fixture f;
	struct table t;
	struct net *back;
	(void)state;
	score_params_default(&p);
	fixture_init(&f, testlib_load_test_data("score-names.csv"), CAND_DEFAULT, &p);
	fixture_score(&f);
	fixture_plan_csv(&f, &t);
	assert_int_equal(t.rows, 6);
	for (size_t r = 1; r <= 5; r++)
		assert_string_equal(cell(&t, r, "layer"), names[r - 1]);
	table_free(&t);

	back = fixture_reload(&f);
	assert_int_equal(back->n_layers, f.net->n_layers);
	for (size_t i = 0; i < back->n_layers; i++)
		assert_string_equal(back->layers[i].name, f.net->layers[i].name);
	assert_int_equal(back->total_macs, fixture_plan(&f)->macs);
	assert_int_equal(back->total_params, fixture_plan(&f)->params);
	assert_int_equal(back->max_rf, fixture_plan(&f)->rf);
	net_free(back);
	fixture_free(&f);
}

/* Loading the exported network gives the plan as its baseline: kernels,
 * paddings, per-layer MACs, params and receptive fields, and the totals;
 * tune flags and per-layer candidates are kept. */
static void check_reload(struct fixture *f)
{
	struct net *back = fixture_reload(f);
	const struct net *net = f->net;
	const struct plan *plan = fixture_plan(f);
	struct diag dg = { 0 };
	uint64_t exact = 0, bound = 0;
	/* export_network_size counts what was written; its bound is above. */
	assert_int_equal(export_network_size(net, plan, 1, &exact, &dg), BKSEF_OK);
	assert_int_equal(export_network_size(net, plan, 0, &bound, &dg), BKSEF_OK);
	assert_int_equal(exact, f->len);
	assert_true(bound >= exact);
	assert_int_equal(back->n_layers, net->n_layers);
	assert_int_equal(back->n_tunable, net->n_tunable);
	for (size_t i = 0; i < net->n_layers; i++) {
		const struct net_layer *a = &net->layers[i], *b = &back->layers[i];
		assert_string_equal(b->name, a->name);
		assert_int_equal(b->op, a->op);
		assert_int_equal(b->from_count, a->from_count);
		for (uint32_t j = 0; j < a->from_count; j++)
			assert_int_equal(back->from[b->from_first + j],
			                 net->from[a->from_first + j]);
		assert_int_equal(b->c, a->c);
		assert_int_equal(b->h, a->h);
		assert_int_equal(b->w, a->w);
		assert_int_equal(b->tune, a->tune);
		assert_int_equal(b->candidates, a->candidates);
		if (a->op == NET_OP_CONV) {
			assert_int_equal(b->k, testlib_plan_k(plan, i));
			assert_int_equal(b->pad, plan_layer_pad(plan, i));
			assert_int_equal(b->macs, plan_layer_macs(plan, i));
			assert_int_equal(b->params, plan_layer_params(plan, i));
		}
		assert_int_equal(b->rf, plan->rf_layer[i]);
	}
	assert_int_equal(back->total_macs, plan->macs);
	assert_int_equal(back->total_params, plan->params);
	assert_int_equal(back->max_rf, plan->rf);
	net_free(back);
}

/* The paper's plan 7,7,7,7,5,5 exported: its baseline is 680,724,992 MACs,
 * 3,876,298 params, rf 55 (test_sweep.c, step 0). */
static void test_network_roundtrip_paper(void **state)
{
	struct score_params p;
	struct fixture f;
	struct net *back;
	(void)state;
	assert_int_equal(score_preset("paper", &p), BKSEF_OK);
	fixture_init(&f, testlib_load_bundled("paper-cifar10-cnn"), CAND_DEFAULT, &p);
	fixture_score(&f);
	check_reload(&f);
	back = fixture_reload(&f);
	assert_int_equal(back->total_macs, 680724992);
	assert_int_equal(back->total_params, 3876298);
	assert_int_equal(back->max_rf, 55);
	net_free(back);
	fixture_free(&f);
}

/* Integer paddings, a residual add, fixed convs and pins (score-plan.csv):
 * conv1 7, conv2 1, tight 9 pinned, fixed pinned at 1. */
static void test_network_roundtrip_pins(void **state)
{
	struct score_params p = { 0.37, 0.52, 0.29, 0.41, 0.83, SCORE_SCOPE_NETWORK, COST_MACS };
	struct fixture f;
	(void)state;
	fixture_init(&f, testlib_load_test_data("score-plan.csv"), CAND_DEFAULT, &p);
	fixture_pin(&f, "conv1=7");
	fixture_pin(&f, "conv2=1");
	fixture_pin(&f, "tight=9");
	fixture_score(&f);
	/* the hand totals of test_plan.c for conv1 7, conv2 1, tight 9 */
	assert_int_equal(fixture_plan(&f)->macs, 4078583);
	assert_int_equal(fixture_plan(&f)->params, 14761);
	assert_int_equal(fixture_plan(&f)->rf, 33);
	check_reload(&f);
	fixture_pin(&f, "fixed=1");
	fixture_score(&f);
	assert_int_equal(testlib_plan_k(fixture_plan(&f), (size_t)net_find_layer(f.net, "fixed")),
	                 1);
	check_reload(&f);
	fixture_free(&f);
}

/* Every bundled network, with its plan under the defaults and under the
 * paper preset. */
static void test_network_roundtrip_bundled(void **state)
{
	static const char *const names[] = { "resnet18", "resnet50",      "vgg16",
		                             "alexnet",  "mobilenet_v2",  "paper-gtsrb-cnn",
		                             "lenet5",   "resnet18-cifar" };
	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		for (int preset = 0; preset < 2; preset++) {
			struct score_params p;
			struct fixture f;
			score_params_default(&p);
			if (preset)
				assert_int_equal(score_preset("paper", &p), BKSEF_OK);
			fixture_init(&f, testlib_load_bundled(names[i]), CAND_DEFAULT, &p);
			fixture_score(&f);
			check_reload(&f);
			fixture_free(&f);
		}
}

/* A fixture on the network TEXT, named DISPLAY in diagnostics, scored with
 * the defaults at lambda3 = L3 over the run set RUN. */
static void fixture_text(struct fixture *f, const char *text, const char *display, double l3,
                         cand_set run)
{
	struct score_params p;
	struct net *net = NULL;
	struct diag dg = { 0 };
	if (net_load_buffer(text, strlen(text), display, &net, &dg) != BKSEF_OK)
		fail_msg("%s:%lu: %s", display, dg.line, dg.msg);
	score_params_default(&p);
	p.lambda3 = l3;
	fixture_init(f, net, run, &p);
	fixture_score(f);
}

/* Score F again at lambda3 = L3 (the rest of its request kept). */
static void fixture_rescore(struct fixture *f, double l3)
{
	f->req.params.lambda3 = l3;
	fixture_score(f);
}

/* The network export of F's plan into memory: its status, DG set. */
static int fixture_try_network(struct fixture *f, struct diag *dg)
{
	FILE *fp;
	int st;
	free(f->text);
	f->text = NULL;
	f->len = 0;
	fp = open_memstream(&f->text, &f->len);
	assert_non_null(fp);
	st = export_network_writer(fp, f->s, dg);
	assert_int_equal(fclose(fp), 0);
	return st;
}

/* The network export of F's plan is refused with a message holding WANT, and
 * nothing at all is written. */
static void expect_refused(struct fixture *f, const char *want)
{
	struct diag dg = { 0 };
	int st = fixture_try_network(f, &dg);
	if (st == BKSEF_OK) {
		struct net *back = NULL;
		struct diag lg = { 0 };
		int ls = net_load_buffer(f->text, f->len, "(export)", &back, &lg);
		net_free(back);
		fail_msg("the export was written (%zu bytes), and %s%s", f->len,
		         ls == BKSEF_OK ? "loads back" : "does not load back: ",
		         ls == BKSEF_OK ? "" : lg.msg);
	}
	assert_int_equal(st, BKSEF_EINPUT);
	if (strstr(dg.msg, want) == NULL)
		fail_msg("message '%s' lacks '%s'", dg.msg, want);
	assert_int_equal(f->len, 0);
	/* export_network_check, asked alone, refuses the same plan */
	memset(&dg, 0, sizeof dg);
	assert_int_equal(export_network_check(f->net, fixture_plan(f), &dg), BKSEF_EINPUT);
	if (strstr(dg.msg, want) == NULL)
		fail_msg("export_network_check: message '%s' lacks '%s'", dg.msg, want);
}

/* A padding beyond 2^31-1 cannot be written: the loader takes none.  Conv c
 * has pad 1, kernel 1, dilation 2^31-1 = 2147483647 (odd, so every odd kernel
 * keeps its 3x3 output: 1 + 2*1 - 0 = 3).  At lambda3 = 0 the plan takes the
 * largest kernel, 9, whose padding is (2*1 + 2147483647*(9-1))/2 =
 * 1 + 4*2147483647 = 8589934589. */
static void test_export_pad_beyond_limit(void **state)
{
	struct fixture f;
	(void)state;
	fixture_text(&f,
	             "name,op,out,h,w,k,pad,dilation,tune\n"
	             "in,input,1,1,1,,,,\n"
	             "c,conv,1,,,1,1,2147483647,1\n",
	             "pad.csv", 0, CAND_DEFAULT);
	assert_int_equal(testlib_plan_k(fixture_plan(&f), 1), 9);
	assert_int_equal(fixture_plan(&f)->extent[1], 9);
	assert_int_equal(plan_layer_pad(fixture_plan(&f), 1), 8589934589LL);
	expect_refused(&f, "8589934589");
	fixture_free(&f);
}

/* The same for a 'same' padding: kernel 9 with dilation 2147483647 needs
 * 2147483647*(9-1)/2 = 8589934588, which the loader refuses. */
static void test_export_same_pad_beyond_limit(void **state)
{
	struct fixture f;
	(void)state;
	fixture_text(&f,
	             "name,op,out,h,w,k,pad,dilation,tune\n"
	             "in,input,1,1,1,,,,\n"
	             "c,conv,1,,,1,same,2147483647,1\n",
	             "same.csv", 0, CAND_DEFAULT);
	assert_int_equal(testlib_plan_k(fixture_plan(&f), 1), 9);
	assert_int_equal(fixture_plan(&f)->extent[1], 9);
	assert_int_equal(plan_layer_pad(fixture_plan(&f), 1), 8589934588LL);
	expect_refused(&f, "8589934588");
	fixture_free(&f);
}

/* The effective padding (padding times the jump, summed) is checked by the
 * loader at the file's kernels.  Two pools of stride 2^28 make the jump 2^56;
 * conv c's pad 127 gives 127 * 2^56 = 9151314442816847872 < 2^63 - 1, so the
 * network loads, but at kernel 9 its padding is 131 and 131 * 2^56 > 2^63 - 1:
 * the export would not load back.  (The worst receptive field,
 * 1 + 62 * 2^56, fits.) */
static void test_export_effective_pad_overflow(void **state)
{
	struct fixture f;
	(void)state;
	fixture_text(&f,
	             "name,op,out,h,w,k,stride,pad,tune\n"
	             "in,input,1,1,1,,,,\n"
	             "p1,maxpool,,,,1,268435456,0,\n"
	             "p2,maxpool,,,,1,268435456,0,\n"
	             "c,conv,1,,,1,1,127,1\n",
	             "ep.csv", 0, CAND_DEFAULT);
	assert_int_equal(testlib_plan_k(fixture_plan(&f), 3), 9);
	assert_int_equal(fixture_plan(&f)->extent[3], 9);
	assert_int_equal(plan_layer_pad(fixture_plan(&f), 3), 131);
	expect_refused(&f, "effective padding");
	/* Its cheapest plan (kernel 1, pad 127) is the network as loaded. */
	fixture_rescore(&f, 1e6);
	assert_int_equal(testlib_plan_k(fixture_plan(&f), 3), 1);
	check_reload(&f);
	fixture_free(&f);
}

/* The source file's name goes into the export's first line, a comment: a
 * line break (or any control character) in it is written as \xNN, so that
 * the comment stays one line and the export loads back. */
static void test_export_source_name_control(void **state)
{
	struct fixture f;
	const char *nl;
	(void)state;
	fixture_text(&f,
	             "name,op,out,h,w,k\n"
	             "in,input,3,8,8,\n"
	             "c,conv,4,,,3\n",
	             "dir/le\nnet\r\x1b.csv", 0.1, CAND_DEFAULT);
	check_reload(&f);
	nl = memchr(f.text, '\n', f.len);
	assert_non_null(nl);
	static const char want[] = "# le\\x0Anet\\x0D\\x1B with a bksef plan applied";
	if ((size_t)(nl - f.text) < sizeof want - 1 || memcmp(f.text, want, sizeof want - 1) != 0)
		fail_msg("first line: %.*s", (int)(nl - f.text), f.text);
	fixture_free(&f);
}

/* Append N copies of the string PIECE (cut to fit exactly N bytes) to the
 * growing text *BUF at *LEN. */
static void put_fill(char **buf, size_t *len, const char *piece, size_t n)
{
	size_t pl = strlen(piece);
	*buf = realloc(*buf, *len + n + 1);
	assert_non_null(*buf);
	for (size_t i = 0; i < n; i++)
		(*buf)[(*len)++] = piece[i % pl];
	(*buf)[*len] = '\0';
}

static void put(char **buf, size_t *len, const char *s)
{
	put_fill(buf, len, s, strlen(s));
}

/* RAW as a quoted CSV field (quotes doubled). */
static void put_quoted(char **buf, size_t *len, const char *raw)
{
	put(buf, len, "\"");
	for (; *raw != '\0'; raw++) {
		char c[3] = { *raw, *raw == '"' ? '"' : '\0', '\0' };
		put(buf, len, c);
	}
	put(buf, len, "\"");
}

/* A quoted CSV field holding N bytes of PIECE, then TAIL. */
static void put_quoted_fill(char **buf, size_t *len, const char *piece, size_t n, const char *tail)
{
	char *raw = NULL;
	size_t rl = 0;
	put_fill(&raw, &rl, piece, n);
	put(&raw, &rl, tail);
	put_quoted(buf, len, raw);
	free(raw);
}

/* Names at the loader's limit of 4096 bytes: all quotes (8194 bytes written),
 * a leading '#' with commas, line breaks and a trailing space, 1024
 * four-byte characters, and an add whose 'from' names fifteen of them
 * (15 * 4096 + 14 = 61454 bytes, within the 65536 of a field). */
static void test_export_names_at_limit(void **state)
{
	char *text = NULL, letter[2] = { 0 };
	size_t len = 0;
	struct fixture f;
	(void)state;
	put(&text, &len, "name,op,from,out,h,w,k\nin,input,,3,8,8,\n");
	put_quoted_fill(&text, &len, "\"", 4096, "");
	put(&text, &len, ",act,in,,,,\n");
	put_quoted_fill(&text, &len, "#a,\n\"b", 4095, " ");
	put(&text, &len, ",conv,in,4,,,3\n");
	put_fill(&text, &len, "\xF0\x9F\x98\x80", 4096);
	put(&text, &len, ",act,,,,,\n");
	for (int d = 0; d < 14; d++) {
		letter[0] = (char)('a' + d);
		put_fill(&text, &len, letter, 4096);
		put(&text, &len, ",act,in,,,,\n");
	}
	put(&text, &len, "sum,add,\"");
	put_fill(&text, &len, "\"\"", 8192); /* the first name, quotes doubled */
	for (int d = 0; d < 14; d++) {
		letter[0] = (char)('a' + d);
		put(&text, &len, " ");
		put_fill(&text, &len, letter, 4096);
	}
	put(&text, &len, "\",,,,\n");
	fixture_text(&f, text, "names.csv", 0.1, CAND_DEFAULT);
	free(text);
	assert_int_equal(f.net->n_layers, 19);
	for (size_t i = 1; i < 18; i++)
		assert_int_equal(strlen(f.net->layers[i].name), 4096);
	assert_int_equal(f.net->layers[18].from_count, 15);
	check_reload(&f);
	fixture_free(&f);
}

/* Sizes, strides, dilations and paddings at 2^31 - 1 = 2147483647:
 *   c1: 1 x 2147483647 x 1 input, kernel 1, stride 2147483647: out 1x1 with
 *       2147483647 channels, 2147483647 MACs.
 *   f:  fc to 2147483647 outputs: (2^31 - 1)^2 = 4611686014132420609 MACs.
 *   d:  kernel 1, pad 0, dilation 2147483647; kernel 3 needs pad
 *       (0 + 2147483647 * 2) / 2 = 2147483647, the limit itself.
 *   e:  kernel 3, pad 2147483647, dilation 2147483647 (out 2147483647 x 1).
 *   s:  the same with pad 'same': 2147483647 * (3 - 1) / 2 = 2147483647.
 * The plan at lambda3 = 0 takes kernel 3 for d, e and s (candidates 1 3); the
 * cheapest takes 1 (pad 0).  Both load back. */
static void test_export_dims_at_limit(void **state)
{
	static const char text[] = "name,op,from,out,h,w,k,stride,pad,dilation,tune,candidates\n"
	                           "in,input,,1,2147483647,1,,,,,,\n"
	                           "c1,conv,,2147483647,,,1,2147483647,0,1,0,\n"
	                           "f,fc,,2147483647,,,,,,,,\n"
	                           "d,conv,in,1,,,1,1,0,2147483647,1,1 3\n"
	                           "e,conv,in,1,,,3,1,2147483647,2147483647,1,1 3\n"
	                           "s,conv,in,1,,,3,1,same,2147483647,1,1 3\n";
	struct fixture f;
	(void)state;
	fixture_text(&f, text, "dims.csv", 0, CAND_DEFAULT);
	assert_int_equal(f.net->layers[2].macs, 4611686014132420609LL);
	for (size_t i = 3; i <= 5; i++) {
		assert_int_equal(testlib_plan_k(fixture_plan(&f), i), 3);
		assert_int_equal(plan_layer_pad(fixture_plan(&f), i), 2147483647);
	}
	check_reload(&f);
	fixture_rescore(&f, 1e6);
	for (size_t i = 3; i <= 5; i++) {
		assert_int_equal(testlib_plan_k(fixture_plan(&f), i), 1);
		assert_int_equal(plan_layer_pad(fixture_plan(&f), i), 0);
	}
	check_reload(&f);
	fixture_free(&f);
}

/* Kernel 63, the largest candidate, and a per-layer list of all 63 sizes
 * (179 bytes written, within the loader's 255). */
static void test_export_kernel_63(void **state)
{
	char text[512];
	char all[256];
	struct fixture f;
	cand_set every = 0;
	(void)state;
	for (int k = 1; k <= CAND_MAX; k++)
		every |= (cand_set)1 << k;
	cand_format(every, ' ', all, sizeof all);
	assert_int_equal(strlen(all), 179); /* 9 * 2 + 54 * 3 - 1 */
	snprintf(text, sizeof text,
	         "name,op,out,h,w,k,pad,tune,candidates\n"
	         "in,input,1,64,64,,,,\n"
	         "c,conv,2,,,63,same,1,%s\n"
	         "fixed,conv,2,,,63,same,0,\n",
	         all);
	fixture_text(&f, text, "k63.csv", 0, CAND_DEFAULT);
	assert_int_equal(testlib_plan_k(fixture_plan(&f), 1), 63);
	assert_int_equal(testlib_plan_k(fixture_plan(&f), 2), 63);
	check_reload(&f);
	fixture_rescore(&f, 1e6);
	assert_int_equal(testlib_plan_k(fixture_plan(&f), 1), 1);
	check_reload(&f);
	fixture_free(&f);
}

/* The column of the K x K kernel in T, or fail. */
static size_t column_k(const struct cand_table *t, int k)
{
	struct kernel kn = kernel_square(2, k);
	for (size_t j = 0; j < t->n_columns; j++)
		if (kernel_equal(&t->col_kernel[j], &kn))
			return j;
	fail_msg("no column %d", k);
	return 0;
}

/* The sweep CSV: documented columns, one n_kN per table column, "inf" last,
 * values that read back exactly. */
static void test_sweep_csv(void **state)
{
	struct score_params p;
	struct fixture f;
	struct sweep *sw = NULL;
	struct plan *work;
	struct table t;
	struct diag dg = { 0 };
	static const char *const cols[] = {
		"lambda3_from", "lambda3_to", "macs", "params", "rf",
		"mean_k",       "n_k1",       "n_k3", "n_k5",   "n_k7"
	};
	static const int col_k[] = { 1, 3, 5, 7 };
	(void)state;
	assert_int_equal(score_preset("paper", &p), BKSEF_OK);
	fixture_init(&f, testlib_load_bundled("paper-cifar10-cnn"), CAND_DEFAULT, &p);
	fixture_score(&f);
	const struct cand_table *tb = session_table(f.s);
	work = testlib_plan_new(tb);
	assert_int_equal(sweep_compute(session_score(f.s), &p, NULL, 0, work, &sw, &dg), BKSEF_OK);
	struct export_sweep es = { sw, tb };
	fixture_write(&f, export_sweep_writer, &es);
	table_parse(&t, f.text, f.len);
	assert_int_equal(t.cols[0], 10);
	for (size_t c = 0; c < 10; c++)
		assert_string_equal(t.cell[0][c], cols[c]);
	assert_int_equal(sw->n_columns, 4);
	assert_int_equal(t.rows, 1 + sw->n);
	assert_int_equal(sw->n, 5);
	for (size_t g = 0; g < sw->n; g++) {
		assert_true(cell_real(&t, g + 1, "lambda3_from") == sw->step[g].from);
		if (g + 1 < sw->n)
			assert_true(cell_real(&t, g + 1, "lambda3_to") == sw->step[g].to);
		else
			assert_string_equal(cell(&t, g + 1, "lambda3_to"), "inf");
		assert_int_equal(cell_int(&t, g + 1, "macs"), sw->step[g].macs);
		assert_int_equal(cell_int(&t, g + 1, "params"), sw->step[g].params);
		assert_int_equal(cell_int(&t, g + 1, "rf"), sw->step[g].rf);
		assert_true(cell_real(&t, g + 1, "mean_k") == sw->step[g].mean_k);
		/* n_kN is the count at column N's kernel (was n_k[N]) */
		for (size_t j = 0; j < 4; j++)
			assert_int_equal(cell_int(&t, g + 1, cols[6 + j]),
			                 sw->step[g].n_k[column_k(tb, col_k[j])]);
	}
	/* step 0 by hand: 7,7,7,7,5,5 (test_sweep.c) */
	assert_string_equal(cell(&t, 1, "lambda3_from"), "0");
	assert_int_equal(cell_int(&t, 1, "macs"), 680724992);
	assert_int_equal(cell_int(&t, 1, "n_k7"), 4);
	assert_int_equal(cell_int(&t, 1, "n_k5"), 2);
	assert_int_equal(cell_int(&t, 1, "n_k1"), 0);
	table_free(&t);
	sweep_free(sw);
	plan_free(work);
	fixture_free(&f);
}

/* A stream that cannot be written: BKSEF_EIO, and the writers say why. */
static void test_write_error(void **state)
{
	struct score_params p;
	struct fixture f;
	struct diag dg = { 0 };
	FILE *fp = fopen("/dev/full", "w");
	(void)state;
	if (fp == NULL)
		skip();
	setvbuf(fp, NULL, _IONBF, 0);
	score_params_default(&p);
	fixture_init(&f, testlib_load_bundled("paper-cifar10-cnn"), CAND_DEFAULT, &p);
	fixture_score(&f);
	assert_int_equal(export_plan_csv(fp, f.s), BKSEF_EIO);
	clearerr(fp);
	assert_int_equal(export_network_csv(fp, f.net, fixture_plan(&f), &dg), BKSEF_EIO);
	clearerr(fp);
	assert_int_equal(export_plan_writer(fp, f.s, &dg), BKSEF_EIO);
	assert_true(dg.msg[0] != '\0');
	fclose(fp);
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_csv_by_hand),
		cmocka_unit_test(test_plan_csv_context),
		cmocka_unit_test(test_plan_csv_empty_cells),
		cmocka_unit_test(test_names_survive),
		cmocka_unit_test(test_network_roundtrip_paper),
		cmocka_unit_test(test_network_roundtrip_pins),
		cmocka_unit_test(test_network_roundtrip_bundled),
		cmocka_unit_test(test_export_pad_beyond_limit),
		cmocka_unit_test(test_export_same_pad_beyond_limit),
		cmocka_unit_test(test_export_effective_pad_overflow),
		cmocka_unit_test(test_export_source_name_control),
		cmocka_unit_test(test_export_names_at_limit),
		cmocka_unit_test(test_export_dims_at_limit),
		cmocka_unit_test(test_export_kernel_63),
		cmocka_unit_test(test_sweep_csv),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
