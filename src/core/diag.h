/* diag.h -- status codes and diagnostics: the core says what went wrong and
 * where; only the front ends print. */
#ifndef BKSEF_DIAG_H
#define BKSEF_DIAG_H

#include <stddef.h>

/* Every core function that can fail returns one of these. */
enum bksef_status {
	BKSEF_OK = 0,
	BKSEF_EINPUT = 1,    /* bad input file or value: exit status 1 */
	BKSEF_EUSAGE = 2,    /* bad option or argument: exit status 2 */
	BKSEF_ENOMEM = 3,    /* out of memory */
	BKSEF_EIO = 4,       /* a read or write failed */
	BKSEF_ECANCELED = 5, /* the user cancelled long work */
};

/* Where and what: filled by the core, formatted by the front ends.
 * line 0 means the message concerns the whole file, not one line. */
struct diag {
	const char *file; /* borrowed from the caller; may be NULL, or one of
	                   * the labels below */
	unsigned long line;
	char msg[512];
};

/* Fill DG (if not NULL) with LINE and a printf-style message; returns STATUS
 * so callers can write `return diag_set(dg, BKSEF_EINPUT, line, ...)`.  A
 * message longer than DG's buffer is cut on a UTF-8 character boundary. */
int diag_set(struct diag *dg, int status, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* TEXT for a one-line message, in BUF of SIZE (>= 16) bytes: escaped as
 * escape_text does (names may hold line breaks or terminal controls), cut
 * by whole characters with "..." when long.  Returns BUF. */
const char *diag_quote(char *buf, size_t size, const char *text);

/* What stands for standard input and output where a file name would: as
 * struct diag's FILE these (the very pointers) are shown as they are, any
 * other name quoted. */
extern const char diag_stdin_name[];  /* "(standard input)" */
extern const char diag_stdout_name[]; /* "(standard output)" */

/* Write "PROG:FILE:LINE: MSG" (GNU error format) into BUF of SIZE bytes;
 * FILE and LINE are left out when unknown.  FILE is quoted as GNU's
 * shell-escape quoting does (escape_quote: 'my net.csv', 'a'$'\x1B''b')
 * unless it is one of the labels above; MSG is escaped (escape_text).  A
 * line longer than SIZE is cut by whole characters and escapes.  Returns
 * BUF. */
char *diag_format(const struct diag *dg, const char *prog, char *buf, size_t size);

#endif
