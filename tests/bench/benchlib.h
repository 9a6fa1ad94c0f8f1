/* benchlib.h -- what the benchmark programs share: a monotonic clock and the
 * order for sorting timings to take their median. */
#ifndef BKSEF_BENCHLIB_H
#define BKSEF_BENCHLIB_H

/* Seconds of this thread's CPU time (the machine may be shared). */
double bench_now(void);

/* qsort comparison of doubles, increasing. */
int bench_cmp_double(const void *a, const void *b);

#endif
