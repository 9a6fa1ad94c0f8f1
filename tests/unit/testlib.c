/* testlib.c -- helpers shared by the cmocka unit tests (see testlib.h). */
#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "testlib.h"

#ifndef TEST_DATA_DIR
#error "TEST_DATA_DIR must name tests/data"
#endif
#ifndef BKSEF_SRCDATADIR
#error "BKSEF_SRCDATADIR must name the source tree's data folder"
#endif

cand_set testlib_set_of(int k0, ...)
{
	cand_set s = 0;
	va_list ap;
	va_start(ap, k0);
	for (int k = k0; k != 0; k = va_arg(ap, int))
		s |= (cand_set)1 << k;
	va_end(ap);
	return s;
}

struct net *testlib_load_text(const char *text)
{
	struct net *net = NULL;
	struct diag dg = { 0 };
	int st = net_load_buffer(text, strlen(text), "mem.csv", &net, &dg);
	if (st != BKSEF_OK || net == NULL)
		fail_msg("mem.csv:%lu: %s (status %d)", dg.line, dg.msg, st);
	return net;
}

struct net *testlib_load_path(const char *path)
{
	struct net *net = NULL;
	struct diag dg = { 0 };
	if (net_load_file(path, path, &net, &dg) != BKSEF_OK)
		fail_msg("%s:%lu: %s", path, dg.line, dg.msg);
	return net;
}

/* DIR/NAME with SUFFIX appended, loaded. */
static struct net *load_in(const char *dir, const char *name, const char *suffix)
{
	char path[4096];
	int n = snprintf(path, sizeof path, "%s/%s%s", dir, name, suffix);
	if (n < 0 || (size_t)n >= sizeof path)
		fail_msg("path too long: %s/%s%s", dir, name, suffix);
	return testlib_load_path(path);
}

struct net *testlib_load_test_data(const char *name)
{
	return load_in(TEST_DATA_DIR, name, "");
}

struct net *testlib_load_bundled(const char *name)
{
	return load_in(BKSEF_SRCDATADIR, name, ".csv");
}

struct cand_table *testlib_table_new(const struct net *net, cand_set run, int cost, int baseline_k,
                                     const struct pin *pins, size_t n_pins)
{
	struct cand_table_spec spec = { run,  cost, baseline_k,     pins,       n_pins,
		                        NULL, 0,    { NULL, NULL }, KERNEL_FULL };
	struct cand_table *t = NULL;
	struct diag dg = { 0 };
	int st = cand_table_new(net, &spec, &t, &dg);
	if (st != BKSEF_OK || t == NULL)
		fail_msg("cand_table_new: %s (status %d)", dg.msg, st);
	return t;
}

void testlib_score_open(struct testlib_score *ts, const struct net *net, cand_set run, int cost)
{
	struct diag dg = { 0 };
	memset(ts, 0, sizeof *ts);
	ts->table = testlib_table_new(net, run, cost, 0, NULL, 0);
	if (score_new(ts->table, &ts->score, &dg) != BKSEF_OK)
		fail_msg("score_new: %s", dg.msg);
	ts->work = score_work_alloc(ts->score);
	if (ts->work == NULL)
		fail_msg("score_work_alloc: out of memory");
}

void testlib_score_close(struct testlib_score *ts)
{
	score_work_free(ts->work);
	score_free(ts->score);
	cand_table_free(ts->table);
	memset(ts, 0, sizeof *ts);
}

void testlib_score_run(struct testlib_score *ts, const struct score_params *p)
{
	struct diag dg = { 0 };
	if (score_run(ts->score, p, ts->work, &dg) != BKSEF_OK)
		fail_msg("score_run: %s", dg.msg);
}

void testlib_score_plan(struct testlib_score *ts, const struct score_params *p,
                        const struct pin *pins, size_t n, struct plan *plan)
{
	testlib_score_run(ts, p);
	plan_from_score(plan, ts->score, ts->work, pins, n);
	plan_update(plan);
}

long testlib_index_k(const struct cand_table *t, size_t c, int k)
{
	struct kernel kn = kernel_square(2, k);
	return cand_table_find(t, c, &kn);
}

/* The size of square 2-D kernel KN, or fail naming WHERE. */
static int square_size(const struct kernel *kn, const char *where)
{
	char tok[KERNEL_TOKEN_MAX];
	if (kn->n_axes != 2 || kn->kind != KERNEL_FULL || !kernel_is_square(kn))
		fail_msg("%s: kernel %s is not a square 2-D kernel", where,
		         kernel_format(kn, tok, sizeof tok));
	return kernel_max_extent(kn);
}

int testlib_row_k(const struct score *s, size_t r, size_t j)
{
	const struct cand_table *t = score_table(s);
	size_t c = score_row_conv(s, r);
	if (j >= cand_table_row_len(t, c))
		fail_msg("row %zu has no entry %zu", r, j);
	return square_size(&t->kernel[cand_table_entry(t, c, j)], "testlib_row_k");
}

int testlib_best_k(const struct score *s, const struct score_work *w, size_t r)
{
	int j = score_best(w, r);
	if (j < 0)
		return 0;
	if ((size_t)j >= score_row_len(s, r))
		fail_msg("row %zu: k* is entry %d, past its %zu candidates", r, j,
		         score_row_len(s, r));
	return testlib_row_k(s, r, (size_t)j);
}

double testlib_value_k(const struct score *s, const struct score_work *w, size_t r, int k)
{
	long j = testlib_index_k(score_table(s), score_row_conv(s, r), k);
	if (j < 0 || (size_t)j >= score_row_len(s, r))
		return NAN;
	return score_value(s, w, r, (size_t)j);
}

int testlib_terms_k(const struct score *s, size_t r, int k, const struct score_params *p,
                    struct score_terms *out)
{
	long j = testlib_index_k(score_table(s), score_row_conv(s, r), k);
	if (j < 0)
		return 0;
	return score_terms(s, r, (size_t)j, p, out);
}

/* The set of sizes of square 2-D kernels KN[0 .. N), or fail. */
static cand_set set_of_kernels(const struct kernel *kn, size_t n, const char *where)
{
	cand_set set = 0;
	for (size_t j = 0; j < n; j++) {
		int k = square_size(&kn[j], where);
		if (k < 1 || k > CAND_MAX)
			fail_msg("%s: size %d is outside 1..%d", where, k, CAND_MAX);
		set |= (cand_set)1 << k;
	}
	return set;
}

cand_set testlib_row_set(const struct score *s, size_t r)
{
	const struct cand_table *t = score_table(s);
	size_t c = score_row_conv(s, r);
	return set_of_kernels(&t->kernel[t->first[c]], score_row_len(s, r), "testlib_row_set");
}

cand_set testlib_column_set(const struct cand_table *t)
{
	return set_of_kernels(t->col_kernel, t->n_columns, "testlib_column_set");
}

struct plan *testlib_plan_new(const struct cand_table *t)
{
	struct plan *p = plan_new(t);
	assert_non_null(p);
	return p;
}

void testlib_plan_set_k(struct plan *p, size_t i, int k)
{
	long c = cand_table_row_of(p->table, i);
	long j = c < 0 ? -1 : testlib_index_k(p->table, (size_t)c, k);
	if (c < 0)
		fail_msg("layer %zu is not a conv", i);
	if (j < 0)
		fail_msg("layer %zu has no %dx%d kernel in its row", i, k, k);
	plan_set(p, (size_t)c, (size_t)j);
}

int testlib_plan_k(const struct plan *p, size_t i)
{
	const struct kernel *kn = plan_layer_kernel(p, i);
	if (kn == NULL)
		return p->extent[i];
	return square_size(kn, "testlib_plan_k");
}

void testlib_check_extents(const struct plan *p)
{
	for (size_t c = 0; c < p->net->n_conv; c++) {
		size_t i = p->net->conv[c];
		int k = square_size(plan_kernel(p, c), "testlib_check_extents");
		if (k != p->extent[i])
			fail_msg("layer %zu: kernel %d but extent %ld", i, k, (long)p->extent[i]);
	}
}

struct session *testlib_session_new(const struct net *net, const struct request *req)
{
	struct session *s = NULL;
	struct diag dg = { 0 };
	int st = session_new(net, req, &s, &dg);
	if (st != BKSEF_OK || s == NULL)
		fail_msg("session_new: %s (status %d)", dg.msg, st);
	return s;
}

void testlib_check_close(double got, double want, const char *what, const char *file, int line)
{
	if (!(fabs(got - want) <= 1e-12 * fabs(want) + 1e-15))
		fail_msg("%s:%d: %s = %.17g, want %.17g", file, line, what, got, want);
}
