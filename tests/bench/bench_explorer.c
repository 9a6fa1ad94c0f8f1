/* bench_explorer.c -- the explorer on big networks (issue 17 §4), through
 * its curses-free model (src/tui/state.c), as a key drives it.
 *
 * Usage: bench_explorer [--steps N] NET...
 *
 * Run by `make bench` on the synthetic networks of 10,000 and 1,000,000
 * convs (tests/bench/gen-net).  For each NET, from the default parameters:
 *  - step: the CPU time (CLOCK_PROCESS_CPUTIME_ID) of one lambda3 slider
 *    step, up and down in turn, N times (200; fewer on large networks): the
 *    median and the maximum.  Target: <= 1 ms at 10,000 convs.
 *  - key: the wall time from a step key to its new plan, the median; at
 *    1,000,000 convs the target is <= 100 ms for a key's effect to appear.
 *  - held: 30 presses of a held key as the explorer applies them,
 *    coalesced into one multi-step and one rescore (ui->repeat), against 30
 *    separate rescores; at most one rescore is ever pending.
 *  - progress: the load, which ticks once a row, with a progress sink
 *    installed (progress.h) against without, in turn, the median of 3 (one
 *    run at 1,000,000 convs): what the ticks cost a hot loop.
 * Figures are printed, not asserted; the targets are marked "met" or
 * "MISSED".  Exit status 0 unless something failed to run (1) or the usage
 * was wrong (2). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "benchlib.h"
#include "net.h"
#include "options.h"
#include "progress.h"
#include "tui/state.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A sink that never cancels, as the explorer's does when no key comes. */
static int quiet_report(void *ctx, const char *what, double done)
{
	(void)what;
	(void)done;
	++*(long *)ctx;
	return 0;
}

static int fail(const char *what, const struct diag *dg)
{
	fprintf(stderr, "bench_explorer: %s: %s\n", what, dg->msg);
	return 1;
}

/* One step of lambda3 in DIR, as the step key does; REPEAT presses. */
static int step(struct state *st, int dir, long repeat, struct diag *dg)
{
	double v = state_slider_get(st, SLIDER_L3);
	for (long i = 0; i < repeat; i++)
		v = state_slider_step(SLIDER_L3, v, dir, 0);
	return state_slider_set(st, SLIDER_L3, v, 1, dg);
}

/* The load of PATH, whose loop ticks once a row, with a progress sink
 * installed and without: the median of REPS runs each, alternating. */
static int bench_load(const char *path, int reps)
{
	double with[3], without[3];
	long reports = 0;
	struct progress sink = { quiet_report, &reports };
	struct diag dg = { 0 };

	for (int r = 0; r < reps; r++) {
		for (int k = 0; k < 2; k++) {
			int w = (r + k) % 2;
			struct progress_saved sv;
			struct net *again = NULL;
			progress_begin(w ? &sink : NULL, &sv);
			double t0 = bench_now();
			int code = net_load_file(path, path, &again, &dg);
			double t = bench_now() - t0;
			progress_end(&sv);
			net_free(again);
			if (code != BKSEF_OK)
				return fail(path, &dg);
			(w ? with : without)[r] = t;
		}
	}
	double mw = median(with, (size_t)reps), mo = median(without, (size_t)reps);
	printf("  progress  %8.3f ms load with the sink, %8.3f ms without (%+.1f%%, %ld "
	       "reports)\n",
	       mw * 1e3, mo * 1e3, mo > 0 ? (mw - mo) / mo * 100 : 0.0, reports);
	return 0;
}

static int bench_net(const char *path, long steps)
{
	struct options opt;
	struct net *net = NULL;
	struct state *st = NULL;
	struct diag dg = { 0 };
	double *cpu = NULL, *wall = NULL;
	int rc = 1;

	if (net_load_file(path, path, &net, &dg) != BKSEF_OK)
		return fail(path, &dg);
	memset(&opt, 0, sizeof opt);
	opt.candidates = CAND_DEFAULT;
	opt.budget_on = BUDGET_MACS;
	opt.solver = BUDGET_SOLVER_BEST;
	score_params_default(&opt.params);
	if (state_new(net, &opt, &st, &dg) != BKSEF_OK) {
		fail(path, &dg);
		goto out;
	}
	size_t n = net->n_conv;
	if (n > 100000 && steps > 20)
		steps = 20;
	cpu = malloc((size_t)steps * sizeof *cpu);
	wall = malloc((size_t)steps * sizeof *wall);
	if (cpu == NULL || wall == NULL)
		goto out;
	(void)step(st, 1, 1, &dg); /* warm */
	for (long i = 0; i < steps; i++) {
		double c0 = cpu_now(), w0 = bench_now();
		if (step(st, i % 2 ? 1 : -1, 1, &dg) != BKSEF_OK) {
			fail(path, &dg);
			goto out;
		}
		cpu[i] = cpu_now() - c0;
		wall[i] = bench_now() - w0;
	}
	double cmax = 0;
	for (long i = 0; i < steps; i++)
		cmax = cpu[i] > cmax ? cpu[i] : cmax;
	double cmed = median(cpu, (size_t)steps), wmed = median(wall, (size_t)steps);
	printf("%s: %zu convs\n", path, n);
	printf("  step      %8.3f ms CPU median, %8.3f ms max (%ld steps)", cmed * 1e3, cmax * 1e3,
	       steps);
	if (n == 10000)
		printf("  target <= 1 ms: %s", cmax <= 1e-3 ? "met" : "MISSED");
	printf("\n  key       %8.3f ms to the new plan", wmed * 1e3);
	if (n >= 1000000)
		printf("  target <= 100 ms: %s", wmed <= 0.1 ? "met" : "MISSED");
	printf("\n");

	/* A held key: 30 presses. */
	double w0 = bench_now();
	if (step(st, 1, 30, &dg) != BKSEF_OK) {
		fail(path, &dg);
		goto out;
	}
	double held = bench_now() - w0;
	w0 = bench_now();
	for (int i = 0; i < 30; i++)
		if (step(st, -1, 1, &dg) != BKSEF_OK) {
			fail(path, &dg);
			goto out;
		}
	double apart = bench_now() - w0;
	printf("  held      %8.3f ms for 30 presses coalesced (1 rescore), %8.3f ms one by one\n",
	       held * 1e3, apart * 1e3);
	/* The load alone in memory. */
	state_free(st);
	st = NULL;
	net_free(net);
	net = NULL;
	if (bench_load(path, n >= 1000000 ? 1 : 3) != 0)
		goto out;

	rc = 0;
out:
	free(cpu);
	free(wall);
	state_free(st);
	net_free(net);
	return rc;
}

int main(int argc, char **argv)
{
	long steps = 200;
	int i = 1, rc = 0;

	if (argc > 2 && strcmp(argv[1], "--steps") == 0) {
		steps = strtol(argv[2], NULL, 10);
		i = 3;
	}
	if (i >= argc || steps < 2) {
		fprintf(stderr, "usage: bench_explorer [--steps N] NET...\n");
		return 2;
	}
	for (; i < argc; i++)
		rc |= bench_net(argv[i], steps);
	return rc;
}
