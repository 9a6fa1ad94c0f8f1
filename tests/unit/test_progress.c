/* test_progress.c -- the progress sink (progress.h): its rate limit, its
 * cancelling, the BKSEF_TEST_SLOW hook's deterministic clock, and every
 * long core operation stopping with BKSEF_ECANCELED and its inputs as they
 * were. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "best.h"
#include "export.h"
#include "onnx.h"
#include "onnx_map.h"
#include "progress.h"
#include "session.h"
#include "sweep.h"
#include "testlib.h"

/* A sink that counts its reports and cancels at report CANCEL_AT (0:
 * never), or at the first about CANCEL_WHAT at least CANCEL_FROM done. */
struct counter {
	int reports, cancel_at;
	double last_done;
	const char *last_what;
	const char *cancel_what;
	double cancel_from;
};

static int count_report(void *ctx, const char *what, double done)
{
	struct counter *c = ctx;
	c->reports++;
	c->last_done = done;
	c->last_what = what;
	if (c->cancel_what != NULL)
		return strcmp(what, c->cancel_what) == 0 && done >= c->cancel_from;
	return c->cancel_at > 0 && c->reports >= c->cancel_at;
}

/* Without a sink nothing reports and nothing cancels. */
static void test_progress_no_sink(void **state)
{
	struct progress_saved sv;
	(void)state;
	for (int i = 0; i < 100000; i++)
		assert_int_equal(progress_tick("x", (uint64_t)i, 100000), 0);
	progress_begin(NULL, &sv);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(progress_tick("x", (uint64_t)i, 100000), 0);
	assert_int_equal(progress_cancelled(), 0);
	progress_end(&sv);
}

/* On the real clock the sink hears at most one report per 20 ms, however
 * many ticks. */
static void test_progress_rate_limit(void **state)
{
	struct counter c = { 0 };
	struct progress sink = { count_report, &c };
	struct progress_saved sv;
	volatile uint64_t sum = 0;
	(void)state;
	unsetenv("BKSEF_TEST_SLOW");
	progress_begin(&sink, &sv);
	for (uint64_t i = 0; i < 50000000; i++) {
		sum += i;
		assert_false(progress_tick("adding", i, 50000000));
	}
	double t = progress_elapsed();
	progress_end(&sv);
	/* one report per 20 ms of the elapsed time, the first at 20 ms */
	assert_true(c.reports <= (int)(t / 0.02) + 1);
	if (c.reports > 0) {
		assert_string_equal(c.last_what, "adding");
		assert_true(c.last_done >= 0 && c.last_done <= 1);
	}
}

/* A cancel sticks until progress_end; the outer sink is back after. */
static void test_progress_cancel_sticks(void **state)
{
	struct counter c = { 0, 3, 0, NULL, NULL, -1 };
	struct progress sink = { count_report, &c };
	struct progress_saved sv;
	int stopped_at = -1;
	(void)state;
	setenv("BKSEF_TEST_SLOW", "10", 1);
	progress_begin(&sink, &sv);
	for (int i = 0; i < 100; i++)
		if (progress_tick("x", (uint64_t)i, 100)) {
			stopped_at = i;
			break;
		}
	/* under the hook every tick reports: the third cancels */
	assert_int_equal(stopped_at, 2);
	assert_true(progress_cancelled());
	assert_true(progress_tick("x", 0, 0));
	assert_int_equal(c.reports, 3); /* a cancelled sink is not asked again */
	progress_end(&sv);
	assert_false(progress_cancelled());
	assert_false(progress_tick("x", 0, 0));
	unsetenv("BKSEF_TEST_SLOW");
}

/* The test hook's clock: MS milliseconds a poll, the same on every run;
 * phases give the fraction of the whole. */
static void test_progress_test_clock(void **state)
{
	struct counter c = { 0 };
	struct progress sink = { count_report, &c };
	struct progress_saved sv;
	(void)state;
	setenv("BKSEF_TEST_SLOW", "50", 1);
	progress_begin(&sink, &sv);
	assert_true(progress_elapsed() == 0);
	for (int i = 0; i < 4; i++)
		(void)progress_tick("x", 1, 4);
	assert_float_equal(progress_elapsed(), 0.2, 1e-9);
	assert_int_equal(c.reports, 4);
	assert_float_equal(c.last_done, 0.25, 1e-12);
	/* part 1 of 4, half way through it: 3/8 of the whole */
	progress_phase("part", 1, 4);
	(void)progress_tick(NULL, 1, 2);
	assert_string_equal(c.last_what, "part");
	assert_float_equal(c.last_done, 0.375, 1e-12);
	progress_end(&sv);
	unsetenv("BKSEF_TEST_SLOW");
}

/* Run with a sink that cancels at its first report, every tick polling. */
static void cancel_begin(struct counter *c, struct progress *sink, struct progress_saved *sv)
{
	memset(c, 0, sizeof *c);
	c->cancel_at = 1;
	c->cancel_from = -1; /* any: -1 is "not known" */
	sink->report = count_report;
	sink->ctx = c;
	setenv("BKSEF_TEST_SLOW", "1", 1);
	progress_begin(sink, sv);
}

static void cancel_end(const struct progress_saved *sv)
{
	progress_end(sv);
	unsetenv("BKSEF_TEST_SLOW");
}

static struct request paper_request(void)
{
	struct request r;
	request_init(&r);
	r.params =
	    (struct score_params){ 0.37, 0.52, 0.29, 0.41, 0.83, SCORE_SCOPE_NETWORK, COST_MACS };
	r.candidates = testlib_set_of(1, 3, 5, 7, 0);
	return r;
}

/* Load: BKSEF_ECANCELED, "load cancelled", no network. */
static void test_progress_cancel_load(void **state)
{
	static const char text[] = "name,op,from,out,h,w,k,stride,pad\n"
	                           "in,input,,3,32,32,,,\n"
	                           "c1,conv,in,8,,,3,1,1\n"
	                           "c2,conv,c1,8,,,3,1,1\n";
	struct counter c;
	struct progress sink;
	struct progress_saved sv;
	struct net *net = (struct net *)1;
	struct diag dg = { 0 };
	(void)state;
	cancel_begin(&c, &sink, &sv);
	int st = net_load_buffer(text, sizeof text - 1, "t.csv", &net, &dg);
	cancel_end(&sv);
	if (st != BKSEF_ECANCELED)
		fail_msg("status %d: %s", st, dg.msg);
	assert_null(net);
	assert_string_equal(dg.msg, "load cancelled");
	/* and without the sink it loads */
	assert_int_equal(net_load_buffer(text, sizeof text - 1, "t.csv", &net, &dg), BKSEF_OK);
	net_free(net);
}

/* Reading an ONNX model, whole (mapped) and streamed: cancelled while it
 * is read (before any mapping), BKSEF_ECANCELED, "load cancelled", no
 * model and no network; without the sink it reads. */
static void test_progress_cancel_onnx_read(void **state)
{
	const char *path = TEST_DATA_DIR "/onnx/cbr-op13.onnx";
	struct counter c;
	struct progress sink;
	struct progress_saved sv;
	struct net *net = NULL;
	struct onnx_model *m = NULL;
	struct diag dg = { 0 };
	(void)state;

	cancel_begin(&c, &sink, &sv);
	c.cancel_what = "reading the model";
	int st = onnx_map_load(path, "cbr.onnx", NULL, &net, NULL, &dg);
	cancel_end(&sv);
	if (st != BKSEF_ECANCELED)
		fail_msg("status %d: %s", st, dg.msg);
	assert_string_equal(dg.msg, "load cancelled");
	assert_null(net);
	assert_string_equal(c.last_what, "reading the model");

	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	static unsigned char buf[1 << 16];
	size_t len = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	assert_true(len > 0 && len < sizeof buf);
	for (unsigned flags = 0; flags <= ONNX_READ_STREAM; flags += ONNX_READ_STREAM) {
		cancel_begin(&c, &sink, &sv);
		st = onnx_read_buffer(buf, len, "cbr.onnx", flags, &m, &dg);
		cancel_end(&sv);
		assert_int_equal(st, BKSEF_ECANCELED);
		assert_null(m);
		assert_int_equal(onnx_read_buffer(buf, len, "cbr.onnx", flags, &m, &dg), BKSEF_OK);
		onnx_free(m);
	}
	assert_int_equal(onnx_map_load(path, "cbr.onnx", NULL, &net, NULL, &dg), BKSEF_OK);
	net_free(net);
}

/* Scoring a network: its first scores (session_new), and anew for another
 * candidate set (session_apply), each cancelled in both of its parts (the
 * candidate table, then the scores): BKSEF_ECANCELED, no session, or the
 * session as it was. */
static void test_progress_cancel_scoring(void **state)
{
	struct net *net = testlib_load_bundled("resnet50");
	struct request req = paper_request(), next;
	struct session *s = NULL;
	struct counter c;
	struct progress sink;
	struct progress_saved sv;
	struct diag dg = { 0 };
	(void)state;

	for (int part = 1; part <= 2; part++) {
		cancel_begin(&c, &sink, &sv);
		c.cancel_what = "scoring the network";
		c.cancel_from = part == 1 ? -1 : 0.5; /* the table, or the scores */
		int st = session_new(net, &req, &s, &dg);
		cancel_end(&sv);
		assert_int_equal(st, BKSEF_ECANCELED);
		assert_null(s);
		assert_string_equal(dg.msg, "cancelled");
		assert_true(part == 1 ? c.last_done < 0.5 : c.last_done >= 0.5);
	}
	s = testlib_session_new(net, &req);
	int64_t macs = session_plan(s)->macs;
	unsigned long change = session_change(s);
	request_init(&next);
	request_copy(&next, &req);
	next.candidates = testlib_set_of(1, 3, 0, 0, 0);
	cancel_begin(&c, &sink, &sv);
	c.cancel_what = "scoring the new candidates";
	int st = session_apply(s, &next, NULL, &dg);
	cancel_end(&sv);
	assert_int_equal(st, BKSEF_ECANCELED);
	assert_int_equal(session_plan(s)->macs, macs);
	assert_int_equal(session_change(s), change);
	assert_true(session_request(s)->candidates == req.candidates);
	/* uncancelled it scores */
	assert_int_equal(session_apply(s, &next, NULL, &dg), BKSEF_OK);
	assert_true(session_plan(s)->macs != macs);
	request_release(&next);
	request_release(&req);
	session_free(s);
	net_free(net);
}

/* The budget solve (both solvers), the sweep, the frontier and the exports
 * of a session: each cancelled leaves the session as it was and no file. */
static void test_progress_cancel_session(void **state)
{
	struct net *net = testlib_load_bundled("resnet50");
	struct request req = paper_request(), next;
	struct session *s = testlib_session_new(net, &req);
	struct counter c;
	struct progress sink;
	struct progress_saved sv;
	struct diag dg = { 0 };
	char path[] = "/tmp/bksef-progress-XXXXXX";
	(void)state;
	int64_t macs = session_plan(s)->macs;
	unsigned long change = session_change(s);
	double l3 = session_params(s)->lambda3;

	for (int solver = BUDGET_SOLVER_BEST; solver <= BUDGET_SOLVER_LAMBDA; solver++) {
		request_init(&next);
		request_copy(&next, &req);
		assert_int_equal(
		    request_parse_budget("90%", BUDGET_MACS, solver, 0, &next.budget, &dg),
		    BKSEF_OK);
		cancel_begin(&c, &sink, &sv);
		int st = session_apply(s, &next, NULL, &dg);
		cancel_end(&sv);
		if (st != BKSEF_ECANCELED)
			fail_msg("solver %d: status %d: %s", solver, st, dg.msg);
		assert_int_equal(session_plan(s)->macs, macs);
		assert_int_equal(session_change(s), change);
		assert_true(session_params(s)->lambda3 == l3);
		assert_int_equal(session_budget(s)->active, 0);
		/* uncancelled it solves */
		assert_int_equal(session_apply(s, &next, NULL, &dg), BKSEF_OK);
		assert_true(session_plan(s)->macs < macs);
		assert_int_equal(session_apply(s, &req, NULL, &dg), BKSEF_OK);
		change = session_change(s);
		request_release(&next);
	}

	cancel_begin(&c, &sink, &sv);
	const struct sweep *sw = session_sweep(s, &dg);
	cancel_end(&sv);
	assert_null(sw);
	int stale = 0;
	assert_null(session_sweep_cached(s, &stale));

	struct session_frontier fr;
	cancel_begin(&c, &sink, &sv);
	int st = session_frontier(s, BUDGET_MACS, 100, 10, &fr, &dg);
	cancel_end(&sv);
	assert_int_equal(st, BKSEF_ECANCELED);
	/* cancelled in its second part, the receptive fields of its plans */
	cancel_begin(&c, &sink, &sv);
	c.cancel_what = "the frontier's receptive fields";
	st = session_frontier(s, BUDGET_MACS, 100, 10, &fr, &dg);
	cancel_end(&sv);
	assert_int_equal(st, BKSEF_ECANCELED);
	assert_null(fr.fr);
	assert_null(fr.rf);

	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	for (int which = 0; which < 2; which++) {
		cancel_begin(&c, &sink, &sv);
		st = session_write_plan(s, which ? NULL : path, which ? path : NULL, &dg);
		cancel_end(&sv);
		assert_int_equal(st, BKSEF_ECANCELED);
		assert_string_equal(dg.msg, "cancelled");
		assert_int_equal(access(path, F_OK), -1); /* no file, not half a one */
	}
	assert_int_equal(session_change(s), change);
	session_free(s);
	request_release(&req);
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_progress_no_sink),
		cmocka_unit_test(test_progress_cancel_onnx_read),
		cmocka_unit_test(test_progress_cancel_scoring),
		cmocka_unit_test(test_progress_rate_limit),
		cmocka_unit_test(test_progress_cancel_sticks),
		cmocka_unit_test(test_progress_test_clock),
		cmocka_unit_test(test_progress_cancel_load),
		cmocka_unit_test(test_progress_cancel_session),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
