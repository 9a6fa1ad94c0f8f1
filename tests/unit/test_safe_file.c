/* test_safe_file.c -- unit tests of safe_file.h: one and two outputs staged
 * so that a failure leaves every target as it was (the second rename failing
 * included), one file named twice, kept modes, refused owners and links,
 * devices written before files are committed, reasons kept. */
#include <config.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include <cmocka.h>

#include "safe_file.h"

static char dir[64];

/* DIR/NAME in a static buffer, one of 64 used in turn: a test keeps only a
 * few at a time. */
static const char *at(const char *name)
{
	static char buf[64][256];
	static int next;
	char *b = buf[next++ % 64];
	snprintf(b, sizeof buf[0], "%s/%s", dir, name);
	return b;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s", "/tmp/bksef-test-safe-file.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void put_file(const char *name, const char *text, mode_t mode)
{
	FILE *fp = fopen(at(name), "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(at(name), mode), 0);
}

/* The whole content of DIR/NAME (static), or "(none)" when it is missing. */
static const char *content(const char *name)
{
	static char buf[4096];
	FILE *fp = fopen(at(name), "r");
	size_t n;
	if (fp == NULL)
		return "(none)";
	n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* The names in DIR, sorted, joined by spaces (static). */
static const char *listing(void)
{
	static char buf[1024];
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);
	buf[0] = '\0';
	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") != 0 && strcmp(list[i]->d_name, "..") != 0) {
			strncat(buf, list[i]->d_name, sizeof buf - strlen(buf) - 2);
			strcat(buf, " ");
		}
		free(list[i]);
	}
	free(list);
	return buf;
}

/* Remove DIR/NAME and all under it. */
static void rm_tree(const char *name)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf -- '%s'", at(name));
	assert_int_equal(system(cmd), 0);
}

/* A writer of the text CTX. */
static int write_text(FILE *fp, void *ctx, struct diag *dg)
{
	(void)dg;
	fputs(ctx, fp);
	return BKSEF_OK;
}

/* A literal as a writer's context: write_text only reads it (-Wwrite-strings
 * makes literals const). */
static void *text(const char *s)
{
	return (void *)(uintptr_t)s;
}

static int write_fail(FILE *fp, void *ctx, struct diag *dg)
{
	(void)fp;
	(void)ctx;
	return diag_set(dg, BKSEF_EINPUT, 0, "refused by the writer");
}

/* Writes "new b" and then turns DIR/b.csv into a non-empty folder, so that
 * renaming the temporary file over it fails (EISDIR) after a.csv was
 * committed. */
static int write_then_block(FILE *fp, void *ctx, struct diag *dg)
{
	(void)ctx;
	(void)dg;
	fputs("new b", fp);
	(void)unlink(at("b.csv"));
	assert_int_equal(mkdir(at("b.csv"), 0755), 0);
	put_file("b.csv/inside", "x", 0644);
	return BKSEF_OK;
}

static void test_two_outputs(void **state)
{
	struct diag dg = { 0 };
	(void)state;
	put_file("a.csv", "old a", 0640);
	struct safe_file_out outs[2] = { { at("a.csv"), write_text, text("new a") },
		                         { at("b.csv"), write_text, text("new b") } };
	assert_int_equal(safe_file_write_all(outs, 2, &dg), BKSEF_OK);
	assert_string_equal(content("a.csv"), "new a");
	assert_string_equal(content("b.csv"), "new b");
	assert_string_equal(listing(), "a.csv b.csv ");
	/* The replaced file keeps its mode. */
	struct stat st;
	assert_int_equal(stat(at("a.csv"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	unlink(at("a.csv"));
	unlink(at("b.csv"));
}

/* The second writer fails: neither target changes, no file is left. */
static void test_second_write_fails(void **state)
{
	struct diag dg = { 0 };
	(void)state;
	put_file("a.csv", "old a", 0644);
	put_file("b.csv", "old b", 0644);
	struct safe_file_out outs[2] = { { at("a.csv"), write_text, text("new a") },
		                         { at("b.csv"), write_fail, NULL } };
	assert_int_equal(safe_file_write_all(outs, 2, &dg), BKSEF_EINPUT);
	assert_string_equal(dg.msg, "refused by the writer");
	assert_string_equal(dg.file, at("b.csv"));
	assert_string_equal(content("a.csv"), "old a");
	assert_string_equal(content("b.csv"), "old b");
	assert_string_equal(listing(), "a.csv b.csv ");
	unlink(at("a.csv"));
	unlink(at("b.csv"));
}

/* The second rename fails after the first succeeded: the first target is
 * restored from its hard-link backup, and nothing else is left. */
static void test_second_rename_fails(void **state)
{
	struct diag dg = { 0 };
	(void)state;
	put_file("a.csv", "old a", 0644);
	put_file("b.csv", "old b", 0644);
	struct safe_file_out outs[2] = { { at("a.csv"), write_text, text("new a") },
		                         { at("b.csv"), write_then_block, NULL } };
	assert_int_equal(safe_file_write_all(outs, 2, &dg), BKSEF_EIO);
	assert_string_equal(dg.file, at("b.csv"));
	if (strstr(dg.msg, strerror(EISDIR)) == NULL)
		fail_msg("message: %s", dg.msg);
	assert_string_equal(content("a.csv"), "old a");
	assert_string_equal(listing(), "a.csv b.csv ");
	rm_tree("b.csv");

	/* A first target that did not exist is removed again. */
	unlink(at("a.csv"));
	put_file("b.csv", "old b", 0644);
	assert_int_equal(safe_file_write_all(outs, 2, &dg), BKSEF_EIO);
	assert_string_equal(content("a.csv"), "(none)");
	assert_string_equal(listing(), "b.csv ");
	rm_tree("b.csv");
}

/* One file named twice, however spelled: BKSEF_EUSAGE, nothing written. */
static void test_same_file(void **state)
{
	struct diag dg = { 0 };
	char spelled[300], linked[300];
	(void)state;
	put_file("a.csv", "old a", 0644);
	snprintf(spelled, sizeof spelled, "%s/./a.csv", dir);
	assert_int_equal(symlink("a.csv", at("link.csv")), 0);
	snprintf(linked, sizeof linked, "%s", at("link.csv"));
	const char *pairs[][2] = {
		{ at("a.csv"), spelled },         /* existing: one inode */
		{ linked, at("a.csv") },          /* through a symbolic link */
		{ at("new.csv"), at("new.csv") }, /* new: one folder, one name */
		{ "-", "-" },                     /* standard output twice */
		{ "/dev/null", "/dev/null" },     /* a device twice */
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		struct safe_file_out outs[2] = { { pairs[i][0], write_text, text("new 1") },
			                         { pairs[i][1], write_text, text("new 2") } };
		memset(&dg, 0, sizeof dg);
		if (safe_file_write_all(outs, 2, &dg) != BKSEF_EUSAGE)
			fail_msg("%s and %s: not refused (%s)", pairs[i][0], pairs[i][1], dg.msg);
		if (strstr(dg.msg, "same file") == NULL)
			fail_msg("%s and %s: message: %s", pairs[i][0], pairs[i][1], dg.msg);
	}
	assert_string_equal(content("a.csv"), "old a");
	assert_string_equal(listing(), "a.csv link.csv ");
	unlink(at("a.csv"));
	unlink(at("link.csv"));
}

/* A writer of a device that checks the file target was not committed yet. */
static int write_device_first(FILE *fp, void *ctx, struct diag *dg)
{
	(void)dg;
	assert_string_equal(content("a.csv"), "old a");
	fputs(ctx, fp);
	return BKSEF_OK;
}

/* A device is written before the file is committed; when it fails, the file
 * is not replaced. */
static void test_device_first(void **state)
{
	struct diag dg = { 0 };
	(void)state;
	put_file("a.csv", "old a", 0644);
	struct safe_file_out outs[2] = { { at("a.csv"), write_text, text("new a") },
		                         { "/dev/null", write_device_first, text("x") } };
	assert_int_equal(safe_file_write_all(outs, 2, &dg), BKSEF_OK);
	assert_string_equal(content("a.csv"), "new a");
	if (access("/dev/full", W_OK) == 0) {
		put_file("a.csv", "old a", 0644);
		outs[1].path = "/dev/full";
		assert_int_equal(safe_file_write_all(outs, 2, &dg), BKSEF_EIO);
		assert_string_equal(dg.file, "/dev/full");
		if (strstr(dg.msg, strerror(ENOSPC)) == NULL)
			fail_msg("message: %s", dg.msg);
		assert_string_equal(content("a.csv"), "old a");
	}
	assert_string_equal(listing(), "a.csv ");
	unlink(at("a.csv"));
}

/* Files that a new file could not stand in for: more than one hard link;
 * reasons kept: a loop of symbolic links, a missing folder, a file as a
 * folder. */
static void test_refused_targets(void **state)
{
	static const struct {
		const char *name, *want;
	} cases[] = {
		{ "linked.csv", "2 hard links" },
		{ "loop1", "Too many levels of symbolic links" },
		{ "missing/x.csv", "No such file or directory" },
		{ "linked.csv/x.csv", "Not a directory" },
		{ "dangling", "symbolic link to a missing file" },
	};
	(void)state;
	put_file("linked.csv", "old", 0644);
	assert_int_equal(link(at("linked.csv"), at("other.csv")), 0);
	assert_int_equal(symlink("loop2", at("loop1")), 0);
	assert_int_equal(symlink("loop1", at("loop2")), 0);
	assert_int_equal(symlink("nowhere", at("dangling")), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct diag dg = { 0 };
		int st = safe_file_write(at(cases[i].name), write_text, text("new"), &dg);
		if (st != BKSEF_EIO || strstr(dg.msg, cases[i].want) == NULL)
			fail_msg("%s: status %d, message '%s', want '%s'", cases[i].name, st,
			         dg.msg, cases[i].want);
	}
	assert_string_equal(content("linked.csv"), "old");
	assert_string_equal(listing(), "dangling linked.csv loop1 loop2 other.csv ");
	unlink(at("linked.csv"));
	unlink(at("other.csv"));
	unlink(at("loop1"));
	unlink(at("loop2"));
	unlink(at("dangling"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_two_outputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_write_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_rename_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_targets, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
