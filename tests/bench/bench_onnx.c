/* bench_onnx.c -- the ONNX benchmark: how long reading a model takes, and
 * reading it, mapping it onto a network and loading that (what `bksef
 * --summary MODEL.onnx` does), and the peak memory of a process that does
 * it all, against the targets (a 550 MB vgg16 export: <= 0.2 s,
 * <= 64 MiB peak RSS).
 *
 * Usage: bench_onnx [--reps N] [--stream] FILE...
 *
 * For each FILE: the median, min and max of N timed reads (default 11, one
 * untimed read first) through the mapped path, and of N reads each mapped
 * onto a network and loaded; with --stream, also through the stream path
 * (read(2) of the whole file, as a pipe is read); then the peak RSS (VmHWM)
 * of a fresh process of this program that reads, maps and loads FILE once
 * (and once as a stream with --stream).  The model's node,
 * initializer and parameter counts are printed so that the file can be
 * checked (vgg16: 138,357,544 parameters).  Targets are printed as "met" or
 * "MISSED", not asserted: the exit status is 0 unless a read failed (1) or
 * the usage was wrong (2). */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "net.h"
#include "onnx.h"
#include "onnx_map.h"

#define TARGET_SECONDS 0.2
#define TARGET_RSS_KIB (64 * 1024)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read PATH once with FLAGS; returns the model or NULL after a message. */
static struct onnx_model *read_once(const char *path, unsigned flags)
{
	struct onnx_model *m;
	struct diag dg = { 0 };
	char buf[1024];
	if (onnx_read_file(path, path, flags, &m, &dg) != BKSEF_OK) {
		fprintf(stderr, "%s\n", diag_format(&dg, "bench_onnx", buf, sizeof buf));
		return NULL;
	}
	return m;
}

/* Read PATH with FLAGS, map it onto a network and load that, as bksef
 * does; 0, or 1 after a message. */
static int load_once(const char *path, unsigned flags)
{
	struct onnx_model *m = read_once(path, flags | ONNX_READ_SUBGRAPHS);
	struct onnx_map map;
	struct net *net = NULL;
	struct diag dg = { 0 };
	char buf[1024];
	int st;

	if (m == NULL)
		return 1;
	st = onnx_map_model(m, path, NULL, &map, &dg);
	if (st == BKSEF_OK)
		st = net_load_buffer(map.text, map.len, path, &net, &dg);
	if (st != BKSEF_OK) {
		dg.file = path;
		fprintf(stderr, "%s\n", diag_format(&dg, "bench_onnx", buf, sizeof buf));
	}
	net_free(net);
	onnx_map_release(&map);
	onnx_free(m);
	return st != BKSEF_OK;
}

/* Peak RSS so far in KiB, from /proc/self/status. */
static long peak_kib(void)
{
	FILE *fp = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	if (fp == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "VmHWM: %ld kB", &v) == 1)
			break;
	fclose(fp);
	return v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The peak RSS of a fresh process of this program (SELF) reading PATH
 * with FLAGS, in KiB, or -1. */
static long peak_of_child(const char *self, const char *path, unsigned flags)
{
	int fds[2];
	long v = -1;
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		execl(self, self, flags & ONNX_READ_STREAM ? "--peak-stream" : "--peak", path,
		      (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	FILE *fp = fdopen(fds[0], "r");
	if (fp != NULL) {
		if (fscanf(fp, "%ld", &v) != 1)
			v = -1;
		fclose(fp);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		v = -1;
	return v;
}

/* Time REPS reads of PATH with FLAGS and measure a fresh process's peak;
 * HOW names the path in the figures. */
static int bench_path(const char *self, const char *path, int reps, unsigned flags, const char *how)
{
	double *t = calloc((size_t)reps, sizeof *t);
	struct onnx_model *m;

	if (t == NULL)
		return 1;
	for (int pass = 0; pass < 2; pass++) {
		for (int r = 0; r < reps; r++) {
			double t0 = now();
			int bad;
			if (pass == 0) {
				m = read_once(path, flags);
				bad = m == NULL;
				onnx_free(m);
			} else {
				bad = load_once(path, flags);
			}
			t[r] = now() - t0;
			if (bad) {
				free(t);
				return 1;
			}
		}
		qsort(t, (size_t)reps, sizeof *t, cmp_double);
		double med = t[reps / 2];
		printf("  %-6s %s: median %.4f s (min %.4f, max %.4f, %d runs)%s\n", how,
		       pass == 0 ? "read" : "read, map and load", med, t[0], t[reps - 1], reps,
		       flags & ONNX_READ_STREAM ? "" /* the time grows with the file */
		       : med <= TARGET_SECONDS  ? "  target <= 0.2 s: met"
		                                : "  target <= 0.2 s: MISSED");
	}
	free(t);
	long kib = peak_of_child(self, path, flags);
	if (kib < 0) {
		fprintf(stderr, "bench_onnx: %s: the peak RSS could not be measured\n", path);
		return 1;
	}
	printf("  %-6s peak RSS of a process that reads, maps and loads it: %.1f MiB%s\n", how,
	       kib / 1024.0,
	       kib <= TARGET_RSS_KIB ? "  target <= 64 MiB: met" : "  target <= 64 MiB: MISSED");
	return 0;
}

static int bench_file(const char *self, const char *path, int reps, int stream)
{
	struct stat st;
	struct onnx_model *m = read_once(path, 0); /* untimed: warms the cache */
	uint64_t params = 0;
	int status;

	if (m == NULL || stat(path, &st) != 0) {
		onnx_free(m);
		return 1;
	}
	for (size_t i = 0; i < m->n_inits; i++)
		params += m->inits[i].n_elements;
	printf("%s: %.1f MB, %zu nodes, %zu initializers, %" PRIu64 " parameters\n", path,
	       st.st_size / 1e6, m->n_nodes, m->n_inits, params);
	onnx_free(m);
	status = bench_path(self, path, reps, 0, "mapped");
	if (stream)
		status |= bench_path(self, path, reps < 3 ? reps : 3, ONNX_READ_STREAM, "stream");
	return status;
}

int main(int argc, char **argv)
{
	int reps = 11, stream = 0, status = 0, i;

	if (argc == 3 &&
	    (strcmp(argv[1], "--peak") == 0 || strcmp(argv[1], "--peak-stream") == 0)) {
		if (load_once(argv[2], strcmp(argv[1], "--peak") ? ONNX_READ_STREAM : 0) != 0)
			return 1;
		printf("%ld\n", peak_kib());
		return 0;
	}
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
			reps = atoi(argv[++i]);
		else if (strcmp(argv[i], "--stream") == 0)
			stream = 1;
		else
			break;
	}
	if (i >= argc || reps < 1 || reps > 1000 || argv[i][0] == '-') {
		fprintf(stderr, "usage: bench_onnx [--reps N] [--stream] FILE...\n");
		return 2;
	}
	for (; i < argc; i++)
		status |= bench_file("/proc/self/exe", argv[i], reps, stream);
	return status;
}
