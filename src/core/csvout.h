/* csvout.h -- writing CSV rows through libcsv's quoting, one field at a time. */
#ifndef BKSEF_CSVOUT_H
#define BKSEF_CSVOUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The longest text csvout_format_real writes, without its NUL
 * ("-2.2250738585072014e-308"; "-nan" for a NaN). */
#define CSVOUT_REAL_MAX 24

/* Rows being written to FP; fields are separated automatically.  Rows are
 * gathered in BUF and written in blocks of up to CSVOUT_BLOCK bytes, and
 * before anything csvout writes to FP itself (a field escaped for a
 * terminal or quoted by libcsv), so that the bytes reach FP in order;
 * csvout_flush writes the rest.  Nothing else may write to FP between
 * csvout_init and csvout_flush. */
#define CSVOUT_BLOCK 65536
/* Reals csvout_real remembers the text of (a network's layers repeat, and
 * so do their scores). */
#define CSVOUT_REALS 256
struct csvout {
	FILE *fp;
	int n;                 /* fields written in this row */
	int tty;               /* FP is a terminal: text fields are escaped */
	size_t len;            /* bytes held in BUF */
	unsigned long flushes; /* times BUF was written out */
	struct csvout_cached {
		uint64_t bits; /* the double's bits; a NaN's when unused */
		uint8_t len;
		char text[CSVOUT_REAL_MAX];
	} real[CSVOUT_REALS]; /* by a hash of the bits (csvout_real) */
	char buf[CSVOUT_BLOCK];
};

/* Start writing rows to FP.  When FP is a terminal, text fields are
 * escaped (escape.h) for the person reading them; to a file or a pipe they
 * are written byte for byte. */
void csvout_init(struct csvout *co, FILE *fp);

/* One text field; quoted (by libcsv) only when it needs to be; escaped on
 * a terminal. */
void csvout_str(struct csvout *co, const char *s);

/* One text field written as it is: TEXT must be one that needs no quoting
 * and that escaping for a terminal leaves alone, such as a kernel token, a
 * number or a name of letters and digits. */
void csvout_plain(struct csvout *co, const char *text);

/* One integer field. */
void csvout_i64(struct csvout *co, int64_t v);

/* One real field, shortest round-tripping form ("%.17g" at worst); NaN and
 * infinities are written as an empty field. */
void csvout_real(struct csvout *co, double v);

/* Write V into BUF (SIZE >= 32) in the shortest "%g" form that reads back
 * as V; returns BUF. */
char *csvout_format_real(double v, char *buf, size_t size);

/* N fields already written by another csvout (TEXT, with their commas and no
 * line end; N > 0), appended to the row: a run's parameters formatted once
 * for every row of a file. */
void csvout_fields(struct csvout *co, const char *text, int n);

/* A place in what CO has written, for csvout_since. */
struct csvout_pos {
	unsigned long flushes;
	size_t len;
	int n;
};

/* Where CO stands now. */
struct csvout_pos csvout_pos(const struct csvout *co);

/* The fields written to the row since POS (taken in the same row), as
 * csvout_fields takes them: their text (not NUL-terminated, without the
 * separator before the first) with its length in *LEN and their number in
 * *N.  NULL when some of them are no longer held (written out, or written
 * to FP directly), or when there are none. */
const char *csvout_since(const struct csvout *co, struct csvout_pos pos, size_t *len, int *n);

/* An empty field. */
void csvout_empty(struct csvout *co);

/* End the row with a line feed. */
void csvout_end(struct csvout *co);

/* Write what CO holds to FP; returns csvout_ok.  Call it after the last
 * row. */
int csvout_flush(struct csvout *co);

/* Whether every write so far succeeded (checks the stream's error flag;
 * rows still held are not written yet: see csvout_flush). */
int csvout_ok(const struct csvout *co);

#endif
