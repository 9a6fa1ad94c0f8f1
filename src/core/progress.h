/* progress.h -- progress and cancelling of long core work, without curses:
 * a front end installs a sink, hot loops call progress_tick. */
#ifndef BKSEF_PROGRESS_H
#define BKSEF_PROGRESS_H

#include <stdint.h>

/* Where progress goes: REPORT is called with what is being done ("loading
 * the network") and how far (0 to 1, or -1 when not known); a non-zero
 * return cancels the work, which then stops with BKSEF_ECANCELED and leaves
 * its inputs as they were. */
struct progress {
	int (*report)(void *ctx, const char *what, double done);
	void *ctx;
};

/* The sink in force while this thread's work runs: installed by
 * progress_begin, removed by progress_end (which reinstalls the one
 * progress_begin returned).  Without a sink, progress_tick never cancels. */
struct progress_saved {
	const struct progress *sink;
	double started, last_poll, last_report;
	long interval;
	int cancelled;
};

/* Install SINK (NULL: none) for the work that follows, remembering the
 * sink in force in *SAVED; the elapsed time starts now. */
void progress_begin(const struct progress *sink, struct progress_saved *saved);

/* Remove the sink progress_begin installed and reinstall SAVED's. */
void progress_end(const struct progress_saved *saved);

/* Seconds since the innermost progress_begin: the monotonic clock, or
 * under the test hook BKSEF_TEST_SLOW (progress.c) its deterministic
 * clock. */
double progress_elapsed(void);

/* Whether the sink in force has cancelled the work (sticky until
 * progress_end). */
int progress_cancelled(void);

/* Name the part of the work under way: WHAT, DONE of TOTAL parts (TOTAL
 * 0: one part).  A progress_tick with a null WHAT reports it, its own DONE
 * of TOTAL counting within the part. */
void progress_phase(const char *what, uint64_t done, uint64_t total);

/* The slow path of progress_tick; call progress_tick instead. */
int progress_poll(const char *what, uint64_t done, uint64_t total);

/* Counts down to the next progress_poll (progress.c). */
extern _Thread_local long progress_countdown;

/* From a hot loop: WHAT is being done, DONE of TOTAL (TOTAL 0: not
 * known); a null WHAT: progress_phase's part of the work.  Non-zero when the work must stop (BKSEF_ECANCELED).  Most calls
 * cost a decrement and a branch: the clock is read about once a
 * millisecond, the sink called at most every 20 ms. */
static inline int progress_tick(const char *what, uint64_t done, uint64_t total)
{
	if (--progress_countdown > 0)
		return 0;
	return progress_poll(what, done, total);
}

#endif
