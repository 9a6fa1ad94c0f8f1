/* benchlib.c -- the benchmark programs' clock and sort order. */
#include <config.h>

#include "benchlib.h"

#include <time.h>

double bench_now(void)
{
	struct timespec ts;
	/* CPU time of this thread: the machines the figures come from are
	 * shared, and time spent waiting for a CPU is not the code's. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}
