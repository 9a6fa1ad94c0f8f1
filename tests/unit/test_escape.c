/* test_escape.c -- unit tests of escape.h (escaping text for a terminal,
 * shell-escape quoting of file names, cutting on character boundaries) and
 * of diag_format, which uses them for every message. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "escape.h"

/* escape_text of IN must be WANT; the whole length comes back too. */
static void check_text(const char *in, const char *want)
{
	char buf[256];
	size_t n = escape_text(buf, sizeof buf, in);
	if (strcmp(buf, want) != 0 || n != strlen(want))
		fail_msg("escape_text: got '%s' (%zu), want '%s'", buf, n, want);
}

/* UTF-8 of code point CP into BUF (at least 5 bytes). */
static char *utf8(uint32_t cp, char *buf)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		buf[1] = '\0';
	} else if (cp < 0x800) {
		buf[0] = (char)(0xC0 | cp >> 6);
		buf[1] = (char)(0x80 | (cp & 0x3F));
		buf[2] = '\0';
	} else if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | cp >> 12);
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		buf[3] = '\0';
	} else {
		buf[0] = (char)(0xF0 | cp >> 18);
		buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[3] = (char)(0x80 | (cp & 0x3F));
		buf[4] = '\0';
	}
	return buf;
}

/* Code point CP, between two letters, must show as "a" ESC "b". */
static void check_cp(uint32_t cp, const char *esc)
{
	char c[5], in[16], want[32];
	snprintf(in, sizeof in, "a%sb", utf8(cp, c));
	snprintf(want, sizeof want, "a%sb", esc != NULL ? esc : c);
	check_text(in, want);
	assert_int_equal(escape_needed(cp), esc != NULL);
}

/* Every C0 control (NUL ends the string, so from 0x01) and DEL: \xNN. */
static void test_c0_del(void **state)
{
	char want[8];
	(void)state;
	for (uint32_t cp = 1; cp < 0x20; cp++) {
		snprintf(want, sizeof want, "\\x%02X", (unsigned)cp);
		check_cp(cp, want);
	}
	check_cp(0x7F, "\\x7F");
	assert_true(escape_needed(0));
	check_text("\t\n\r\x1b[2J", "\\x09\\x0A\\x0D\\x1B[2J");
}

/* Every C1 control, U+0080..U+009F (C2 80..C2 9F): \u0080..\u009F; the
 * code points on either side are kept. */
static void test_c1(void **state)
{
	char want[8];
	(void)state;
	for (uint32_t cp = 0x80; cp <= 0x9F; cp++) {
		snprintf(want, sizeof want, "\\u%04X", (unsigned)cp);
		check_cp(cp, want);
	}
	check_cp(0x7E, NULL);
	check_cp(0xA0, NULL); /* no-break space: a space, not a control */
}

/* Bidi embeddings and overrides U+202A..U+202E, isolates U+2066..U+2069,
 * the marks U+200E/F, the BOM U+FEFF, the separators U+2028/9, and more
 * format characters (Cf) from every part of the table, its edges included. */
static void test_format(void **state)
{
	char want[16];
	(void)state;
	for (uint32_t cp = 0x202A; cp <= 0x202E; cp++) {
		snprintf(want, sizeof want, "\\u%04X", (unsigned)cp);
		check_cp(cp, want);
	}
	for (uint32_t cp = 0x2066; cp <= 0x2069; cp++) {
		snprintf(want, sizeof want, "\\u%04X", (unsigned)cp);
		check_cp(cp, want);
	}
	check_cp(0x200E, "\\u200E");
	check_cp(0x200F, "\\u200F");
	check_cp(0xFEFF, "\\uFEFF");
	check_cp(0x2028, "\\u2028");
	check_cp(0x2029, "\\u2029");
	/* Cf ranges and their neighbours (Unicode 15.0 DerivedGeneralCategory) */
	check_cp(0x00AD, "\\u00AD"); /* soft hyphen: the first Cf */
	check_cp(0x00AC, NULL);
	check_cp(0x00AE, NULL);
	check_cp(0x0600, "\\u0600");
	check_cp(0x0605, "\\u0605");
	check_cp(0x0606, NULL);
	check_cp(0x061C, "\\u061C"); /* Arabic letter mark */
	check_cp(0x180E, "\\u180E");
	check_cp(0x200A, NULL); /* hair space: Zs */
	check_cp(0x200B, "\\u200B");
	check_cp(0x200D, "\\u200D");
	check_cp(0x2010, NULL);
	check_cp(0x2027, NULL);
	check_cp(0x2029, "\\u2029");
	check_cp(0x202F, NULL);
	check_cp(0x2060, "\\u2060");
	check_cp(0x2064, "\\u2064");
	check_cp(0x2065, NULL); /* unassigned, between two Cf ranges */
	check_cp(0x206F, "\\u206F");
	check_cp(0x2070, NULL);
	check_cp(0xFFF8, NULL);
	check_cp(0xFFF9, "\\uFFF9");
	check_cp(0xFFFB, "\\uFFFB");
	check_cp(0xFFFC, NULL);
	check_cp(0x110BD, "\\U000110BD");
	check_cp(0x1343F, "\\U0001343F"); /* Cf since Unicode 15.0 */
	check_cp(0x13440, NULL);
	check_cp(0x1D173, "\\U0001D173");
	check_cp(0x1D17A, "\\U0001D17A");
	check_cp(0x1D17B, NULL);
	check_cp(0xE0001, "\\U000E0001");
	check_cp(0xE0020, "\\U000E0020");
	check_cp(0xE007F, "\\U000E007F");
	check_cp(0xE0080, NULL);
}

/* Bytes that are not well-formed UTF-8: each shown as \xNN, and the
 * character after them kept. */
static void test_invalid(void **state)
{
	(void)state;
	/* overlong forms of NUL, '/', U+20AC */
	check_text("a\xC0\x80z", "a\\xC0\\x80z");
	check_text("a\xC1\xBFz", "a\\xC1\\xBFz");
	check_text("a\xE0\x80\xAFz", "a\\xE0\\x80\\xAFz");
	check_text("a\xF0\x82\x82\xACz", "a\\xF0\\x82\\x82\\xACz");
	/* cut short: at the end, and before an ASCII letter */
	check_text("a\xE2\x80", "a\\xE2\\x80");
	check_text("a\xE2\x80z", "a\\xE2\\x80z");
	check_text("a\xF0\x9F\x98", "a\\xF0\\x9F\\x98");
	check_text("a\xC3", "a\\xC3");
	/* surrogates encoded in UTF-8 (CESU), high and low */
	check_text("a\xED\xA0\x80z", "a\\xED\\xA0\\x80z");
	check_text("a\xED\xBF\xBFz", "a\\xED\\xBF\\xBFz");
	/* beyond U+10FFFF, and lead bytes that never occur */
	check_text("a\xF4\x90\x80\x80z", "a\\xF4\\x90\\x80\\x80z");
	check_text("a\xF5\x80\x80\x80z", "a\\xF5\\x80\\x80\\x80z");
	check_text("\xFE\xFF", "\\xFE\\xFF");
	/* a stray continuation byte, then a good character */
	check_text("\x80\xC3\xA9", "\\x80\xC3\xA9");
	uint32_t cp = 0;
	assert_int_equal(escape_decode("", &cp), 0);
	assert_int_equal(escape_decode("\xED\x9F\xBF", &cp), 3); /* U+D7FF: fine */
	assert_int_equal(cp, 0xD7FF);
	assert_int_equal(escape_decode("\xF4\x8F\xBF\xBF", &cp), 4); /* U+10FFFF */
	assert_int_equal(cp, 0x10FFFF);
}

/* Valid text that is not a control or format character stays as it is:
 * accents, Greek, CJK, emoji, combining marks, U+FFFD, the backslash. */
static void test_kept(void **state)
{
	static const char *const keep[] = {
		"conv1.0",
		"caf\xC3\xA9",              /* café */
		"\xCE\xBB\xE2\x82\x83",     /* λ₃ */
		"\xE6\x97\xA5\xE6\x9C\xAC", /* 日本 */
		"\xF0\x9F\x98\x80",         /* U+1F600 */
		"e\xCC\x81",                /* e + combining acute */
		"\xEF\xBF\xBD",             /* U+FFFD */
		"a\\x1Bb",                  /* a backslash is not escaped */
		" !\"#$%&'()*+,-./:;<=>?@[]^_`{|}~",
	};
	(void)state;
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		check_text(keep[i], keep[i]);
}

/* A full buffer cuts by whole characters and escapes, never inside one;
 * the length of the whole text still comes back. */
static void test_cut_buffer(void **state)
{
	char buf[16];
	(void)state;
	/* "a\x1Bb" is 6 bytes: 7 with the NUL */
	assert_int_equal(escape_text(buf, 7, "a\033b"), 6);
	assert_string_equal(buf, "a\\x1Bb");
	assert_int_equal(escape_text(buf, 6, "a\033b"), 6);
	assert_string_equal(buf, "a\\x1B");
	assert_int_equal(escape_text(buf, 5, "a\033b"), 6);
	assert_string_equal(buf, "a");
	/* "a" and e-acute need 4 bytes with the NUL; 3 keeps only "a" */
	assert_int_equal(escape_text(buf, 3, "a\xC3\xA9"), 3);
	assert_string_equal(buf, "a");
	assert_int_equal(escape_text(buf, 1, "abc"), 3);
	assert_string_equal(buf, "");
	assert_int_equal(escape_text(NULL, 0, "abc"), 3);
	/* by columns: an escape takes its length, a character one */
	assert_int_equal(escape_width("a\xC3\xA9\xE2\x80\xAE"), 1 + 1 + 6);
	escape_text_cols(buf, sizeof buf, "ab\033c", 5);
	assert_string_equal(buf, "ab");
	escape_text_cols(buf, sizeof buf, "ab\033c", 6);
	assert_string_equal(buf, "ab\\x1B");
	escape_text_cols(buf, sizeof buf, "\xC3\xA9\xC3\xA9\xC3\xA9", 2);
	assert_string_equal(buf, "\xC3\xA9\xC3\xA9");
}

/* escape_cut and escape_fix_cut: on character boundaries. */
static void test_cut_text(void **state)
{
	char s[16];
	(void)state;
	assert_int_equal(escape_cut("a\xC3\xA9", 2), 1);
	assert_int_equal(escape_cut("a\xC3\xA9", 3), 3);
	assert_int_equal(escape_cut("a\xC3\xA9", 100), 3);
	assert_int_equal(escape_cut("\xF0\x9F\x98\x80", 3), 0);
	assert_int_equal(escape_cut("a\xFF", 2), 2); /* a bad byte is one unit */
	assert_int_equal(escape_cut("abc", 0), 0);

	strcpy(s, "abc\xC3");
	escape_fix_cut(s);
	assert_string_equal(s, "abc");
	strcpy(s, "ab\xE2\x80");
	escape_fix_cut(s);
	assert_string_equal(s, "ab");
	strcpy(s, "a\xF0\x9F\x98");
	escape_fix_cut(s);
	assert_string_equal(s, "a");
	strcpy(s, "ab\xE2\x80\xAE"); /* whole: kept */
	escape_fix_cut(s);
	assert_string_equal(s, "ab\xE2\x80\xAE");
	strcpy(s, "a\xC3\xA9");
	escape_fix_cut(s);
	assert_string_equal(s, "a\xC3\xA9");
	strcpy(s, "a\x80"); /* no lead byte: nothing to drop */
	escape_fix_cut(s);
	assert_string_equal(s, "a\x80");
}

/* GNU shell-escape quoting, as `ls --quoting-style=shell-escape` in a UTF-8
 * locale shows these names (coreutils 9.1), with bksef's escapes in the
 * $'...' segments; a ':' is quoted as coreutils' messages do. */
static void test_quote(void **state)
{
	static const struct {
		const char *name, *want;
	} cases[] = {
		{ "net.csv", "net.csv" },
		{ "data/resnet-50_v1.5+x,y%z@w].csv", "data/resnet-50_v1.5+x,y%z@w].csv" },
		{ "", "''" },
		{ "my net.csv", "'my net.csv'" },
		{ "a:b", "'a:b'" },
		{ "(standard input)", "'(standard input)'" },
		{ "it's", "\"it's\"" },
		{ "it's $x", "'it'\\''s $x'" },
		{ "a'b$", "'a'\\''b$'" },
		{ "it's\"", "'it'\\''s\"'" },
		{ "t\x1B]0;pwned\x07.csv", "'t'$'\\x1B'']0;pwned'$'\\x07''.csv'" },
		{ "x\x1B", "'x'$'\\x1B'" },
		{ "\x1Bx", "$'\\x1B''x'" },
		{ "a\x1B\033b", "'a'$'\\x1B\\x1B''b'" },
		{ "e\xFFg", "'e'$'\\xFF''g'" },
		{ "h\xE2\x80\xAEi", "'h'$'\\u202E''i'" },
		{ "tab\tx", "'tab'$'\\x09''x'" },
		{ "q'\x01", "'q'\\'$'\\x01'" },
		{ "caf\xC3\xA9", "caf\xC3\xA9" },
		{ "#x", "'#x'" },
		{ "x#", "x#" },
		{ "~x", "'~x'" },
		{ "x~", "x~" },
		{ "{", "'{'" },
		{ "{}", "{}" },
		{ "a=b", "'a=b'" },
		{ "a\\b", "'a\\b'" },
		{ "a?b", "'a?b'" },
		{ "a!b", "'a!b'" },
	};
	char buf[128];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = escape_quote(buf, sizeof buf, cases[i].name);
		if (strcmp(buf, cases[i].want) != 0 || n != strlen(cases[i].want))
			fail_msg("escape_quote '%s': got '%s' (%zu), want '%s'", cases[i].name, buf,
			         n, cases[i].want);
	}
}

/* The stream writers give the same text as the buffer ones. */
static void test_fputs(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	(void)state;
	assert_non_null(fp);
	assert_int_equal(escape_fputs("a\x1B\xE2\x80\xAE\xC3\xA9", fp), 0);
	fputc('|', fp);
	assert_int_equal(escape_fputs_quoted("my\x07net", fp), 0);
	assert_int_equal(fclose(fp), 0);
	assert_string_equal(text, "a\\x1B\\u202E\xC3\xA9|'my'$'\\x07''net'");
	free(text);
}

/* diag_format: file names quoted, the standard streams' labels as they
 * are, the message escaped; diag_set cuts a long message on a character. */
static void test_diag_format(void **state)
{
	struct diag dg = { 0 };
	char buf[128];
	(void)state;

	dg.file = "net.csv";
	diag_set(&dg, BKSEF_EINPUT, 3, "layer '%s'", "a\xE2\x80\xAE\x1B");
	assert_string_equal(diag_format(&dg, "bksef", buf, sizeof buf),
	                    "bksef:net.csv:3: layer 'a\\u202E\\x1B'");
	dg.file = "my net.csv";
	dg.line = 0;
	assert_string_equal(diag_format(&dg, "bksef", buf, sizeof buf),
	                    "bksef:'my net.csv': layer 'a\\u202E\\x1B'");
	dg.file = diag_stdin_name;
	dg.line = 4;
	assert_string_equal(diag_format(&dg, "bksef", buf, sizeof buf),
	                    "bksef:(standard input):4: layer 'a\\u202E\\x1B'");
	dg.file = "(standard input)"; /* a file that has that name: quoted */
	assert_string_equal(diag_format(&dg, "bksef", buf, sizeof buf),
	                    "bksef:'(standard input)':4: layer 'a\\u202E\\x1B'");
	dg.file = NULL;
	assert_string_equal(diag_format(&dg, "bksef", buf, sizeof buf),
	                    "bksef: layer 'a\\u202E\\x1B'");
	/* a line too long for BUF: cut before the escape that does not fit
	 * ("bksef: layer 'a" is 15 bytes, "\u202E" 6 more, 22 with the NUL) */
	assert_string_equal(diag_format(&dg, "bksef", buf, 21), "bksef: layer 'a");
	assert_string_equal(diag_format(&dg, "bksef", buf, 22), "bksef: layer 'a\\u202E");

	/* The message buffer holds 511 bytes: "x" and 300 e-acutes (601 bytes)
	 * keep "x" and 255 e-acutes (511 bytes); "xx" and 300 keep "xx" and 254
	 * (510 bytes), the first byte of the 255th dropped. */
	char name[700];
	strcpy(name, "x");
	for (int i = 0; i < 300; i++)
		strcat(name, "\xC3\xA9");
	diag_set(&dg, BKSEF_EINPUT, 1, "%s", name);
	assert_int_equal(strlen(dg.msg), 511);
	diag_set(&dg, BKSEF_EINPUT, 1, "x%s", name);
	assert_int_equal(strlen(dg.msg), 510);
	assert_int_equal(escape_cut(dg.msg, sizeof dg.msg), 510);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c0_del),   cmocka_unit_test(test_c1),
		cmocka_unit_test(test_format),   cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_kept),     cmocka_unit_test(test_cut_buffer),
		cmocka_unit_test(test_cut_text), cmocka_unit_test(test_quote),
		cmocka_unit_test(test_fputs),    cmocka_unit_test(test_diag_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
