/* testlib.h -- helpers shared by the cmocka unit tests: candidate sets,
 * networks loaded from text or files, score tables and plans, and a relative
 * comparison of doubles.  A helper that cannot do its job fails the running
 * test (cmocka's fail_msg) with the core's message; none returns an error. */
#ifndef BKSEF_TESTLIB_H
#define BKSEF_TESTLIB_H

#include "cand.h"
#include "net.h"
#include "plan.h"
#include "score.h"

/* The set with bit K set for each size given; 0 ends the list. */
cand_set testlib_set_of(int k0, ...);

/* Load the NUL-terminated TEXT as a network named "mem.csv" in diagnostics
 * (so its net->name is "mem"), or fail.  The caller net_free()s it. */
struct net *testlib_load_text(const char *text);

/* Load the file PATH (named PATH in diagnostics), or fail.  The caller
 * net_free()s it. */
struct net *testlib_load_path(const char *path);

/* Load tests/data/NAME (NAME with its extension), or fail.  Needs
 * TEST_DATA_DIR, the absolute path of tests/data, when testlib.c is built. */
struct net *testlib_load_test_data(const char *name);

/* Load the bundled network data/NAME.csv of the source tree, or fail. */
struct net *testlib_load_bundled(const char *name);

/* A new score table of NET over the run set RUN with cost model COST, or
 * fail.  NET must outlive it; the caller score_free()s it. */
struct score *testlib_score_new(const struct net *net, cand_set run, int cost);

/* score_run(S, P), or fail. */
void testlib_score_run(struct score *s, const struct score_params *p);

/* Score S with P, give PLAN the k* (its pins win) and update its totals;
 * fail if scoring does. */
void testlib_score_plan(struct score *s, const struct score_params *p, struct plan *plan);

/* A new plan of NET, or fail.  The caller plan_free()s it. */
struct plan *testlib_plan_new(const struct net *net);

/* Fail unless GOT is within 1e-12 relative of WANT (within 1e-15 when WANT
 * is 0); the message names the expression GOT and where it was checked. */
#define testlib_assert_close(got, want) testlib_check_close((got), (want), #got, __FILE__, __LINE__)

/* The check behind testlib_assert_close: WHAT is GOT's text, FILE and LINE
 * the caller's place. */
void testlib_check_close(double got, double want, const char *what, const char *file, int line);

#endif
