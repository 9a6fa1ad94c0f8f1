/* testlib.h -- helpers shared by the cmocka unit tests: candidate sets,
 * networks loaded from text or files, candidate and score tables with a
 * workspace, plans, kernels looked up by size, and a relative comparison of
 * doubles.  A helper that cannot do its job fails the running test
 * (cmocka's fail_msg) with the core's message; none returns an error. */
#ifndef BKSEF_TESTLIB_H
#define BKSEF_TESTLIB_H

#include <stddef.h>

#include "cand.h"
#include "cand_table.h"
#include "net.h"
#include "plan.h"
#include "request.h"
#include "score.h"
#include "session.h"

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

/* A new candidate table of NET (which must outlive it) over the run set RUN
 * with cost model COST, baseline BASELINE_K (0: the loaded kernels) and the
 * pins PINS[0 .. N_PINS) (PINS may be NULL when N_PINS is 0), or fail.  The
 * caller cand_table_free()s it. */
struct cand_table *testlib_table_new(const struct net *net, cand_set run, int cost, int baseline_k,
                                     const struct pin *pins, size_t n_pins);

/* The score side of one run: a candidate table, the score table over it and
 * a workspace for its runs.  All owned; free with testlib_score_close. */
struct testlib_score {
	struct cand_table *table;
	struct score *score;
	struct score_work *work;
};

/* Build TS for NET over the run set RUN with cost model COST (loaded
 * baseline, no pins), or fail.  NET must outlive TS. */
void testlib_score_open(struct testlib_score *ts, const struct net *net, cand_set run, int cost);

/* Free what TS owns; a zeroed TS is fine. */
void testlib_score_close(struct testlib_score *ts);

/* score_run(TS's table, P) into TS's workspace, or fail. */
void testlib_score_run(struct testlib_score *ts, const struct score_params *p);

/* Score TS with P, give PLAN (over TS's table) the k* with the pins
 * PINS[0 .. N) applied over them, and update its totals; fail if scoring
 * does. */
void testlib_score_plan(struct testlib_score *ts, const struct score_params *p,
                        const struct pin *pins, size_t n, struct plan *plan);

/* The index of the square 2-D kernel K in row C of T, or -1. */
long testlib_index_k(const struct cand_table *t, size_t c, int k);

/* The size of score row R's candidate J: its kernel's largest extent
 * (fails unless the kernel is a square 2-D one). */
int testlib_row_k(const struct score *s, size_t r, size_t j);

/* k* of row R after the last run into W, as a kernel size: the chosen
 * entry's largest extent, 0 when the row has none. */
int testlib_best_k(const struct score *s, const struct score_work *w, size_t r);

/* The score of the K x K candidate of row R after the last run into W: NAN
 * when K is not one of the row's scored candidates (the old
 * score_value(s, r, k)). */
double testlib_value_k(const struct score *s, const struct score_work *w, size_t r, int k);

/* score_terms of the K x K candidate of row R under P; 0 when K is not a
 * scored candidate of the row. */
int testlib_terms_k(const struct score *s, size_t r, int k, const struct score_params *p,
                    struct score_terms *out);

/* The sizes row R is scored over, as a set (the old score_row_allowed);
 * fails on a kernel that is not square 2-D or larger than CAND_MAX. */
cand_set testlib_row_set(const struct score *s, size_t r);

/* The table's columns as a set of sizes (the old score_columns); fails on a
 * column that is not square 2-D or larger than CAND_MAX. */
cand_set testlib_column_set(const struct cand_table *t);

/* A new plan over T (kernels as loaded, totals computed), or fail.  The
 * caller plan_free()s it. */
struct plan *testlib_plan_new(const struct cand_table *t);

/* Give conv layer I the K x K kernel of its table row, or fail when I is
 * not a conv or its row has no such kernel.  Totals are stale until
 * plan_update. */
void testlib_plan_set_k(struct plan *p, size_t i, int k);

/* The kernel size layer I has in P: for a conv, its kernel's extent (which
 * must be square 2-D, and agree with p->extent[i]); for any other layer,
 * p->extent[i] (a pool's kernel, 0 for none).  The old p->kernel[i]. */
int testlib_plan_k(const struct plan *p, size_t i);

/* After plan_update: every conv's extent (what the receptive-field pass
 * reads) is its kernel's size. */
void testlib_check_extents(const struct plan *p);

/* A new session of NET under REQ, or fail.  The caller session_free()s it. */
struct session *testlib_session_new(const struct net *net, const struct request *req);

/* Fail unless GOT is within 1e-12 relative of WANT (within 1e-15 when WANT
 * is 0); the message names the expression GOT and where it was checked. */
#define testlib_assert_close(got, want) testlib_check_close((got), (want), #got, __FILE__, __LINE__)

/* The check behind testlib_assert_close: WHAT is GOT's text, FILE and LINE
 * the caller's place. */
void testlib_check_close(double got, double want, const char *what, const char *file, int line);

#endif
