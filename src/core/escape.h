/* escape.h -- text from files and the command line made safe for a person's
 * terminal: one escaping for messages, --summary, --plan, CSV on a terminal
 * and the explorer, and GNU shell-escape quoting for file names. */
#ifndef BKSEF_ESCAPE_H
#define BKSEF_ESCAPE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The longest text escape_step writes, with its NUL: "\U000E0001". */
#define ESCAPE_UNIT_SIZE 11

/* Whether code point CP is shown as an escape rather than as itself: the
 * C0 controls, DEL, the C1 controls (U+0080..U+009F), the line and
 * paragraph separators U+2028 and U+2029, and every format character
 * (general category Cf: bidi embeddings, overrides and isolates, U+200B..
 * U+200F, U+FEFF, tags, ...; the table is Unicode 15.0's). */
int escape_needed(uint32_t cp);

/* Decode the well-formed UTF-8 character at S into *CP and return its
 * length (1..4).  Returns 0 at the end of S and where the bytes are not
 * well-formed UTF-8: a stray continuation byte, a sequence cut short, an
 * overlong form, a surrogate (U+D800..U+DFFF) or a value beyond U+10FFFF. */
size_t escape_decode(const char *s, uint32_t *cp);

/* The text that shows the character at S (S not at its end) and the number
 * of bytes of S it stands for (1..4), written into UNIT with a NUL.  Kept
 * characters are copied; a byte that is not UTF-8, a C0 control or DEL
 * becomes "\xNN"; any other character escape_needed wants becomes
 * "\uNNNN" (or "\UNNNNNNNN" beyond U+FFFF), in upper-case hex.  *ESCAPED (if
 * not NULL) tells which: an escape takes strlen(UNIT) columns, a kept
 * character one. */
size_t escape_step(const char *s, char unit[ESCAPE_UNIT_SIZE], int *escaped);

/* S escaped (escape_step on every character) into BUF of SIZE bytes, always
 * NUL-terminated when SIZE > 0.  Text that does not fit is left out by
 * whole characters and whole escapes.  Returns the length of the whole
 * escaped text (as snprintf does): a result >= SIZE means it was cut. */
size_t escape_text(char *buf, size_t size, const char *s);

/* Like escape_text, but stops before the first character or escape that
 * would take the text past COLS columns (a kept character counts one). */
size_t escape_text_cols(char *buf, size_t size, const char *s, size_t cols);

/* The number of columns of S escaped (a kept character counts one). */
size_t escape_width(const char *s);

/* Write S escaped to FP.  Returns 0, or EOF when a write failed. */
int escape_fputs(const char *s, FILE *fp);

/* NAME quoted as GNU's shell-escape quoting does (ls --quoting-style=
 * shell-escape, and coreutils' diagnostics, which also quote a ':'): a
 * name of letters, digits and "%+,-./@]_" (and '#', '~' not first, '{', '}'
 * not alone) as it is; a name with a single quote and nothing else
 * special to a shell inside double quotes as "NAME"; any other in single
 * quotes, a single quote written '\'' and what escape_step escapes written
 * in $'...' segments ('a'$'\x1B''b').  The result, pasted into bash, is
 * NAME again.  Into BUF of SIZE bytes as escape_text does, cut by whole
 * pieces (so a cut result may lack its closing quote); returns the length of
 * the whole quoted text. */
size_t escape_quote(char *buf, size_t size, const char *name);

/* Write NAME quoted (escape_quote) to FP.  Returns 0 or EOF. */
int escape_fputs_quoted(const char *name, FILE *fp);

/* The length of the longest beginning of S that has at most MAX bytes and
 * does not end inside a well-formed UTF-8 character. */
size_t escape_cut(const char *s, size_t max);

/* S was cut at a byte count (snprintf into a full buffer): drop the first
 * bytes of a character the cut left incomplete at its end. */
void escape_fix_cut(char *s);

/* Whether TEXT[0..LEN) is well-formed UTF-8: no overlong forms, no
 * surrogates, nothing past U+10FFFF, no sequence cut at the end. */
int escape_utf8_valid(const char *text, size_t len);

#endif
