/* csvin.h -- reading a small CSV table (a device profile, a latency table)
 * whole, through libcsv, with the line each row starts on. */
#ifndef BKSEF_CSVIN_H
#define BKSEF_CSVIN_H

#include <stddef.h>

#include "diag.h"

/* Limits on what csvin_read_* accepts (documented in bksef(5)). */
#define CSVIN_MAX_BYTES ((size_t)64 << 20) /* 64 MiB a file */
#define CSVIN_MAX_LINE_BYTES ((size_t)1 << 20)
#define CSVIN_MAX_FIELD_BYTES ((size_t)1 << 16)

/* One row: its fields are table->field[first .. first + n). */
struct csvin_row {
	unsigned long line; /* the line of the file it starts on */
	size_t first, n;
};

/* A table as read: rows in file order, comment lines (a '#' first on a line
 * between rows) and blank lines left out.  Fields are NUL-terminated UTF-8
 * without NUL bytes, as libcsv unquoted them, spaces around them trimmed. */
struct csvin {
	struct csvin_row *row;
	size_t n_rows;
	char **field;
	size_t n_fields;
	/* private */
	char *text;
	size_t text_len, text_cap, row_cap, field_cap;
};

/* Read the whole table in the file PATH ("-": standard input), named DISPLAY
 * in diagnostics, into *T.  A UTF-8 byte-order mark is skipped; line ends may
 * be LF, CRLF or CR.  On failure *T is empty (csvin_free is still safe) and
 * the status is BKSEF_EINPUT (DG says the line and what is wrong: malformed
 * quoting, invalid UTF-8, a NUL byte, a line, field or file over the limits
 * above), BKSEF_EIO or BKSEF_ENOMEM. */
int csvin_read_file(const char *path, const char *display, struct csvin *t, struct diag *dg);

/* The same from the LEN bytes at DATA. */
int csvin_read_buffer(const void *data, size_t len, const char *display, struct csvin *t,
                      struct diag *dg);

/* Whether the first row of T is exactly HEADER, its fields joined by commas
 * ("key,value").  BKSEF_OK, or BKSEF_EINPUT with DG saying so: "empty WHAT:
 * no header 'HEADER'" (line 0) or "the first row must be the header
 * 'HEADER'" (at its line). */
int csvin_check_header(const struct csvin *t, const char *header, const char *what,
                       struct diag *dg);

/* Free what *T holds and leave it empty. */
void csvin_free(struct csvin *t);

#endif
