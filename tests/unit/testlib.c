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

struct score *testlib_score_new(const struct net *net, cand_set run, int cost)
{
	struct score *s = NULL;
	struct diag dg = { 0 };
	if (score_new(net, run, cost, &s, &dg) != BKSEF_OK)
		fail_msg("score_new: %s", dg.msg);
	return s;
}

void testlib_score_run(struct score *s, const struct score_params *p)
{
	struct diag dg = { 0 };
	if (score_run(s, p, &dg) != BKSEF_OK)
		fail_msg("score_run: %s", dg.msg);
}

void testlib_score_plan(struct score *s, const struct score_params *p, struct plan *plan)
{
	testlib_score_run(s, p);
	plan_from_score(plan, s);
	plan_update(plan);
}

struct plan *testlib_plan_new(const struct net *net)
{
	struct plan *p = plan_new(net);
	assert_non_null(p);
	return p;
}

void testlib_check_close(double got, double want, const char *what, const char *file, int line)
{
	if (!(fabs(got - want) <= 1e-12 * fabs(want) + 1e-15))
		fail_msg("%s:%d: %s = %.17g, want %.17g", file, line, what, got, want);
}
