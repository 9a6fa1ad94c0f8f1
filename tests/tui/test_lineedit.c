/* test_lineedit.c -- the prompts' curses-free parts: the line editor's
 * moves and kills (never inside a UTF-8 character), the history of Up and
 * Down, ~ expansion and file-name completion in a folder of its own. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tui/filename.h"
#include "tui/lineedit.h"

/* Type S byte by byte, as the keys arrive. */
static void type(struct lineedit *le, const char *s)
{
	for (; *s; s++)
		assert_int_equal(lineedit_insert(le, s, 1), 0);
}

static void test_moves_and_inserts(void **unused)
{
	struct lineedit le = { 0 };
	(void)unused;

	type(&le, "conv2");
	assert_string_equal(text_str(&le.buf), "conv2");
	assert_int_equal(le.cur, 5);
	lineedit_left(&le);
	lineedit_left(&le);
	type(&le, "X");
	assert_string_equal(text_str(&le.buf), "conXv2");
	assert_int_equal(le.cur, 4);
	lineedit_home(&le);
	type(&le, ">");
	lineedit_end(&le);
	type(&le, "<");
	assert_string_equal(text_str(&le.buf), ">conXv2<");
	/* Past either end the cursor stays. */
	lineedit_right(&le);
	assert_int_equal(le.cur, 8);
	lineedit_home(&le);
	lineedit_left(&le);
	assert_int_equal(le.cur, 0);
	lineedit_free(&le);
}

static void test_deletions(void **unused)
{
	struct lineedit le = { 0 };
	(void)unused;

	assert_int_equal(lineedit_set(&le, "abcdef"), 0);
	assert_int_equal(le.cur, 6);
	lineedit_home(&le);
	lineedit_delete(&le); /* Delete at the start: the a */
	assert_string_equal(text_str(&le.buf), "bcdef");
	lineedit_backspace(&le); /* nothing before the cursor */
	assert_string_equal(text_str(&le.buf), "bcdef");
	lineedit_end(&le);
	lineedit_delete(&le); /* nothing at the end */
	lineedit_backspace(&le);
	assert_string_equal(text_str(&le.buf), "bcde");
	lineedit_left(&le);
	lineedit_left(&le);
	lineedit_kill_end(&le); /* Ctrl-K */
	assert_string_equal(text_str(&le.buf), "bc");
	assert_int_equal(le.cur, 2);
	lineedit_left(&le);
	lineedit_kill_start(&le); /* Ctrl-U: only what is before */
	assert_string_equal(text_str(&le.buf), "c");
	assert_int_equal(le.cur, 0);
	lineedit_free(&le);
}

static void test_kill_word(void **unused)
{
	struct lineedit le = { 0 };
	(void)unused;

	/* readline's unix-word-rubout: the word before the cursor and the
	 * blanks after it. */
	lineedit_set(&le, "12 apples  ");
	lineedit_kill_word(&le);
	assert_string_equal(text_str(&le.buf), "12 ");
	lineedit_kill_word(&le);
	assert_string_equal(text_str(&le.buf), "");
	lineedit_kill_word(&le); /* on empty: nothing */
	assert_string_equal(text_str(&le.buf), "");
	/* From the middle: the text after the cursor stays. */
	lineedit_set(&le, "~/a b/plan.csv");
	for (int i = 0; i < 8; i++)
		lineedit_left(&le); /* before "plan.csv" */
	assert_int_equal(le.cur, 6);
	lineedit_kill_word(&le);
	assert_string_equal(text_str(&le.buf), "~/a plan.csv");
	assert_int_equal(le.cur, 4);
	lineedit_free(&le);
}

static void test_utf8(void **unused)
{
	struct lineedit le = { 0 };
	(void)unused;

	/* "é" is C3 A9, "λ" CE BB, "€" E2 82 AC: typed a byte at a time. */
	type(&le, "\xc3\xa9t\xc3\xa9 \xce\xbb\xe2\x82\xac");
	assert_int_equal(le.buf.len, 11);
	lineedit_left(&le); /* before € */
	assert_int_equal(le.cur, 8);
	lineedit_left(&le); /* before λ */
	assert_int_equal(le.cur, 6);
	lineedit_right(&le);
	assert_int_equal(le.cur, 8);
	lineedit_backspace(&le); /* the whole λ */
	assert_string_equal(text_str(&le.buf), "\xc3\xa9t\xc3\xa9 \xe2\x82\xac");
	assert_int_equal(le.cur, 6);
	lineedit_delete(&le); /* the whole € */
	assert_string_equal(text_str(&le.buf), "\xc3\xa9t\xc3\xa9 ");
	lineedit_home(&le);
	lineedit_right(&le); /* past é: 2 bytes */
	assert_int_equal(le.cur, 2);
	/* A character typed in the middle, byte by byte. */
	type(&le, "\xce\xbb");
	assert_string_equal(text_str(&le.buf), "\xc3\xa9\xce\xbbt\xc3\xa9 ");
	lineedit_end(&le);
	lineedit_kill_word(&le); /* the word "éλté" whole */
	assert_string_equal(text_str(&le.buf), "");
	lineedit_free(&le);
}

static void test_history(void **unused)
{
	struct lineedit_history h = { 0 };
	struct lineedit le = { 0 };
	(void)unused;

	/* Nothing to go to yet. */
	assert_int_equal(lineedit_history_move(&h, &le, -1), 0);
	assert_int_equal(lineedit_history_add(&h, "350M"), 0);
	assert_int_equal(lineedit_history_add(&h, ""), 0); /* not kept */
	assert_int_equal(lineedit_history_add(&h, "1.2G"), 0);
	assert_int_equal(lineedit_history_add(&h, "1.2G"), 0); /* not twice */
	assert_int_equal(h.n, 2);
	lineedit_history_rewind(&h);
	type(&le, "-4");
	assert_int_equal(lineedit_history_move(&h, &le, -1), 1);
	assert_string_equal(text_str(&le.buf), "1.2G");
	assert_int_equal(le.cur, 4);
	assert_int_equal(lineedit_history_move(&h, &le, -1), 1);
	assert_string_equal(text_str(&le.buf), "350M");
	assert_int_equal(lineedit_history_move(&h, &le, -1), 0); /* the oldest */
	assert_string_equal(text_str(&le.buf), "350M");
	assert_int_equal(lineedit_history_move(&h, &le, 1), 1);
	assert_int_equal(lineedit_history_move(&h, &le, 1), 1);
	/* Back at the end: the draft as it was. */
	assert_string_equal(text_str(&le.buf), "-4");
	assert_int_equal(lineedit_history_move(&h, &le, 1), 0);
	/* At most LINEEDIT_HISTORY: the oldest goes. */
	for (int i = 0; i < LINEEDIT_HISTORY + 5; i++) {
		char s[16];
		snprintf(s, sizeof s, "%d", i);
		assert_int_equal(lineedit_history_add(&h, s), 0);
	}
	assert_int_equal(h.n, LINEEDIT_HISTORY);
	assert_string_equal(h.v[0], "5");
	assert_string_equal(h.v[LINEEDIT_HISTORY - 1], "104");
	lineedit_history_free(&h);
	lineedit_free(&le);
}

static void test_expand(void **unused)
{
	struct text t = { 0 };
	(void)unused;

	assert_int_equal(setenv("HOME", "/home/u", 1), 0);
	filename_expand("~/r34-plan.csv", &t);
	assert_string_equal(text_str(&t), "/home/u/r34-plan.csv");
	filename_expand("~", &t);
	assert_string_equal(text_str(&t), "/home/u");
	/* Only a leading ~, alone or before a '/'. */
	filename_expand("~user/x", &t);
	assert_string_equal(text_str(&t), "~user/x");
	filename_expand("a/~/b", &t);
	assert_string_equal(text_str(&t), "a/~/b");
	filename_expand("plan.csv", &t);
	assert_string_equal(text_str(&t), "plan.csv");
	/* A home ending in '/', and the home "/": no "//". */
	setenv("HOME", "/home/u/", 1);
	filename_expand("~/p", &t);
	assert_string_equal(text_str(&t), "/home/u/p");
	setenv("HOME", "/", 1);
	filename_expand("~/p", &t);
	assert_string_equal(text_str(&t), "/p");
	text_free(&t);
}

/* A folder of its own: plan-a.csv plan-b.csv plans/ .hidden été.csv
 * étoile.txt, and in it (with HOME pointing at it) the completions. */
static char dir[64];

static void touch(const char *name)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

static int make_dir(void **unused)
{
	char path[128];
	(void)unused;
	snprintf(dir, sizeof dir, "%s", "/tmp/bksef-lineedit.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	touch("plan-a.csv");
	touch("plan-b.csv");
	touch(".hidden");
	touch("\xc3\xa9t\xc3\xa9.csv");
	touch("\xc3\xa9toile.txt");
	snprintf(path, sizeof path, "%s/plans", dir);
	return mkdir(path, 0700) == 0 && chdir(dir) == 0 ? 0 : -1;
}

static int remove_dir(void **unused)
{
	(void)unused;
	static const char *const names[] = { "plan-a.csv", "plan-b.csv", ".hidden",
		                             "\xc3\xa9t\xc3\xa9.csv", "\xc3\xa9toile.txt" };
	char path[128];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/plans", dir);
	rmdir(path);
	return rmdir(dir);
}

static void test_complete(void **unused)
{
	struct text done = { 0 };
	struct filename_matches m = { 0 };
	(void)unused;

	/* "p": plan-a.csv plan-b.csv plans/ share "plan". */
	assert_int_equal(filename_complete("p", &done, &m), 3);
	assert_string_equal(text_str(&done), "plan");
	assert_string_equal(m.v[0], "plan-a.csv");
	assert_string_equal(m.v[1], "plan-b.csv");
	assert_string_equal(m.v[2], "plans/");
	/* "plan-": the two CSVs share "plan-". */
	assert_int_equal(filename_complete("plan-", &done, &m), 2);
	assert_string_equal(text_str(&done), "plan-");
	/* One match: whole; a folder with its '/'. */
	assert_int_equal(filename_complete("plan-b", &done, &m), 1);
	assert_string_equal(text_str(&done), "plan-b.csv");
	assert_int_equal(filename_complete("plans", &done, &m), 1);
	assert_string_equal(text_str(&done), "plans/");
	/* None: the word as it was. */
	assert_int_equal(filename_complete("zz", &done, &m), 0);
	assert_string_equal(text_str(&done), "zz");
	/* Dot files only for a word starting with '.'; never . and .. */
	assert_int_equal(filename_complete(".", &done, &m), 1);
	assert_string_equal(text_str(&done), ".hidden");
	/* "é" then "t" or "to": the common prefix stops before the byte
	 * that differs, a whole character ("ét" shared, then "é" vs "o"). */
	assert_int_equal(filename_complete("\xc3\xa9", &done, &m), 2);
	assert_string_equal(text_str(&done), "\xc3\xa9t");
	/* The folder part is kept as typed: "./", and ~ with HOME here. */
	assert_int_equal(filename_complete("./plan-a", &done, &m), 1);
	assert_string_equal(text_str(&done), "./plan-a.csv");
	assert_int_equal(setenv("HOME", dir, 1), 0);
	assert_int_equal(filename_complete("~/plans", &done, &m), 1);
	assert_string_equal(text_str(&done), "~/plans/");
	assert_int_equal(filename_complete("~", &done, &m), 5);
	assert_string_equal(text_str(&done), "~/");
	/* A folder that cannot be read: no matches. */
	assert_int_equal(filename_complete("/no/such/folder/x", &done, &m), 0);
	assert_string_equal(text_str(&done), "/no/such/folder/x");
	filename_matches_free(&m);
	text_free(&done);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves_and_inserts),
		cmocka_unit_test(test_deletions),
		cmocka_unit_test(test_kill_word),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_expand),
		cmocka_unit_test_setup_teardown(test_complete, make_dir, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
