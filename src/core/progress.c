/* progress.c -- the progress sink in force, its rate limit and the
 * slow-work test hook. */
#include <config.h>

#include "progress.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

_Thread_local long progress_countdown = LONG_MAX;

/* The state of the innermost progress_begin. */
static _Thread_local struct progress_saved cur = { NULL, 0, 0, 0, 1, 0 };

/* TEST HOOK, not a user option: BKSEF_TEST_SLOW=MS[:WHAT] makes long
 * work look slow and its progress deterministic, for the scripted tests
 * (tests/tui/progress.sh).  Every progress_tick then polls and reports, and
 * the clock is a virtual one that each poll of work whose name starts with
 * WHAT (any work without it) advances by MS milliseconds: the sink sees the
 * same calls at the same times on every run, and only the work a test is
 * about shows its progress.  With BKSEF_TEST_SLOW_REAL=1 besides, each
 * such poll also sleeps its MS for real, so that a test on a real terminal
 * (tests/tui/tmux.sh) can type keys while the work runs.  Seconds a poll
 * (0: the hook is off); *WHAT gets WHAT (NULL: any); *REAL whether polls
 * sleep. */
static double test_slow(const char **what, int *real)
{
	const char *s = getenv("BKSEF_TEST_SLOW"), *r = getenv("BKSEF_TEST_SLOW_REAL");
	char *end;
	*what = NULL;
	*real = r != NULL && strcmp(r, "1") == 0;
	if (s == NULL || *s == '\0')
		return 0;
	double ms = strtod(s, &end);
	if (*end == ':')
		*what = end + 1;
	return ms > 0 && ms < 1e6 ? ms / 1000 : 0;
}

static _Thread_local double virtual_now, slow_step;
static _Thread_local int slow_real;
static _Thread_local const char *slow_what;

/* progress_phase's part of the work. */
static _Thread_local const char *phase_what;
static _Thread_local uint64_t phase_done, phase_total;

static double now(void)
{
	struct timespec ts;
	if (slow_step > 0)
		return virtual_now;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Polls are spaced by a count of ticks tuned to about a millisecond. */
#define INTERVAL_FIRST 256
#define INTERVAL_MAX (1L << 22)
#define REPORT_EVERY 0.02

void progress_begin(const struct progress *sink, struct progress_saved *saved)
{
	*saved = cur;
	slow_step = test_slow(&slow_what, &slow_real);
	cur.sink = sink != NULL && sink->report != NULL ? sink : NULL;
	cur.started = cur.last_poll = cur.last_report = now();
	cur.cancelled = 0;
	phase_what = NULL;
	cur.interval = slow_step > 0 ? 1 : INTERVAL_FIRST;
	progress_countdown = cur.sink ? cur.interval : LONG_MAX;
}

void progress_end(const struct progress_saved *saved)
{
	cur = *saved;
	progress_countdown = cur.sink ? 1 : LONG_MAX; /* the outer work polls next */
}

double progress_elapsed(void)
{
	return now() - cur.started;
}

void progress_phase(const char *what, uint64_t done, uint64_t total)
{
	phase_what = what;
	phase_done = done;
	phase_total = total;
}

int progress_cancelled(void)
{
	return cur.cancelled;
}

int progress_poll(const char *what, uint64_t done, uint64_t total)
{
	if (cur.sink == NULL) {
		progress_countdown = LONG_MAX;
		return 0;
	}
	if (cur.cancelled) {
		progress_countdown = 1;
		return 1;
	}
	double frac = total > 0 ? (double)done / (double)total : -1;
	if (what == NULL) {
		/* Within part PHASE_DONE of PHASE_TOTAL. */
		what = phase_what != NULL ? phase_what : "working";
		if (phase_total > 0)
			frac = ((double)phase_done + (frac < 0 ? 0 : frac)) / (double)phase_total;
	}
	if (frac > 1)
		frac = 1;
	if (slow_step > 0 &&
	    (slow_what == NULL || strncmp(what, slow_what, strlen(slow_what)) == 0)) {
		virtual_now += slow_step;
		if (slow_real) {
			struct timespec ts = { (time_t)slow_step,
				               (long)((slow_step - (double)(time_t)slow_step) *
				                      1e9) };
			while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
				;
		}
	}
	double t = now(), since = t - cur.last_poll;
	cur.last_poll = t;
	if (slow_step == 0) {
		if (since < 0.0005 && cur.interval < INTERVAL_MAX)
			cur.interval *= 2;
		else if (since > 0.002 && cur.interval > 1)
			cur.interval /= 2;
	}
	progress_countdown = cur.interval;
	if (t - cur.last_report < REPORT_EVERY && slow_step == 0)
		return 0;
	cur.last_report = t;
	if (cur.sink->report(cur.sink->ctx, what, frac) != 0) {
		cur.cancelled = 1;
		progress_countdown = 1;
		return 1;
	}
	return 0;
}
