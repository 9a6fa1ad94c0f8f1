/* failpoint.c -- the allocation counter that both allocation-failure hooks
 * share: count, fail the chosen call, say who called it (failpoint.h). */
#include <config.h>

#include "failpoint.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* bksef has one thread, so plain statics do. */
static int armed, busy, want_sites;
static unsigned long count, fail_at;
static const char *log_path;
static void *libc_base;

/* Distinct callers, open addressing on the return address. */
#define SITES 8192
static struct {
	uintptr_t addr;
	unsigned long calls;
} sites[SITES];
/* The caller of each call, in order (the first CALLS of them). */
#define CALLS 65536
static uintptr_t calls[CALLS];

static void log_text(const char *text)
{
	int fd;
	if (log_path == NULL)
		return;
	fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	(void)!write(fd, text, strlen(text));
	close(fd);
}

/* "OBJECT OFFSET SYMBOL" of return address PC. */
static void describe(void *pc, char *buf, size_t size)
{
	Dl_info info;
	if (dladdr(pc, &info) == 0 || info.dli_fname == NULL) {
		snprintf(buf, size, "? %p ?", pc);
		return;
	}
	const char *base = strrchr(info.dli_fname, '/');
	snprintf(buf, size, "%s 0x%lx %s", base ? base + 1 : info.dli_fname,
	         (unsigned long)((uintptr_t)pc - (uintptr_t)info.dli_fbase),
	         info.dli_sname ? info.dli_sname : "?");
}

static int in_libc(void *pc)
{
	Dl_info info;
	return dladdr(pc, &info) != 0 && info.dli_fbase == libc_base;
}

/* The frame of HOOK_PC (the hook, which called failpoint_hit): the frames
 * before it are failpoint_hit's and, in a sanitizer build, the runtime's
 * backtrace interceptor. */
static int hook_frame(void **frames, int n, void *hook_pc)
{
	for (int i = 0; i < n; i++)
		if (frames[i] == hook_pc)
			return i;
	return n > 1 ? 1 : 0;
}

/* The caller: the first frame after the hook's (HOOK) that is not in the C
 * library (fopen calls malloc). */
static int caller_frame(void **frames, int n, int hook)
{
	int i = hook + 1;
	while (i < n - 1 && in_libc(frames[i]))
		i++;
	return i < n ? i : n - 1;
}

static void log_stack(void **frames, int n, int from)
{
	char line[600], what[512];
	for (int i = from; i < n; i++) {
		describe(frames[i], what, sizeof what);
		snprintf(line, sizeof line, "  at %s\n", what);
		log_text(line);
	}
}

static void add_site(void *pc)
{
	uintptr_t a = (uintptr_t)pc;
	size_t j = (size_t)(a * 0x9E3779B97F4A7C15u >> 51) & (SITES - 1);
	for (size_t probe = 0; probe < SITES; probe++, j = (j + 1) & (SITES - 1)) {
		if (sites[j].addr == a || sites[j].addr == 0) {
			sites[j].addr = a;
			sites[j].calls++;
			return;
		}
	}
}

__attribute__((noinline)) int failpoint_hit(void)
{
	void *frames[64];
	char line[600], what[512];
	int n, h, c, fail;

	if (!armed || busy)
		return 0;
	busy = 1;
	count++;
	fail = count == fail_at;
	if (fail || want_sites) {
		n = backtrace(frames, 64);
		h = hook_frame(frames, n, __builtin_return_address(0));
		c = caller_frame(frames, n, h);
		if (want_sites) {
			add_site(frames[c]);
			if (count <= CALLS)
				calls[count - 1] = (uintptr_t)frames[c];
		}
		if (fail) {
			describe(frames[c], what, sizeof what);
			snprintf(line, sizeof line, "fail %lu %s\n", count, what);
			log_text(line);
			log_stack(frames, n, h + 1);
		}
	}
	busy = 0;
	return fail;
}

static void on_crash(int sig)
{
	void *frames[64];
	char line[64];
	int n;

	busy = 1;
	snprintf(line, sizeof line, "crash %d\n", sig);
	log_text(line);
	n = backtrace(frames, 64);
	log_stack(frames, n, 1);
	raise(sig); /* SA_RESETHAND: the default action now */
}

void failpoint_arm(int crash)
{
	const char *at = getenv("BKSEF_FAIL_AT");
	void *frames[4];
	Dl_info info;

	busy = 1;
	log_path = getenv("BKSEF_FAIL_LOG");
	fail_at = at ? strtoul(at, NULL, 10) : 0;
	want_sites = getenv("BKSEF_FAIL_SITES") != NULL;
	if (dladdr((void *)fclose, &info) != 0)
		libc_base = info.dli_fbase;
	/* The first backtrace loads the unwinder, allocating: not counted. */
	(void)backtrace(frames, 4);
	if (crash) {
		static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_crash;
		sa.sa_flags = SA_RESETHAND | SA_NODEFER;
		sigemptyset(&sa.sa_mask);
		for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
			sigaction(sigs[i], &sa, NULL);
	}
	busy = 0;
	armed = 1;
}

__attribute__((destructor)) static void failpoint_report(void)
{
	char line[600], what[512];

	if (!armed)
		return;
	busy = 1;
	snprintf(line, sizeof line, "count %lu\n", count);
	log_text(line);
	for (size_t j = 0; want_sites && j < SITES; j++) {
		if (sites[j].addr == 0)
			continue;
		describe((void *)sites[j].addr, what, sizeof what);
		snprintf(line, sizeof line, "site %s %lu\n", what, sites[j].calls);
		log_text(line);
	}
	for (unsigned long i = 0; want_sites && i < count && i < CALLS; i++) {
		describe((void *)calls[i], what, sizeof what);
		snprintf(line, sizeof line, "call %lu %s\n", i + 1, what);
		log_text(line);
	}
}
