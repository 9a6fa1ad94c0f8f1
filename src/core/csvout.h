/* csvout.h -- writing CSV rows through libcsv's quoting, one field at a time. */
#ifndef BKSEF_CSVOUT_H
#define BKSEF_CSVOUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A row being written to FP; fields are separated automatically.  The row
 * is gathered in BUF and written by csvout_end (one write per row, so rows
 * stay whole and in order with anything else written to FP between them). */
struct csvout {
	FILE *fp;
	int n;      /* fields written in this row */
	int tty;    /* FP is a terminal: text fields are escaped */
	size_t len; /* bytes of the row in BUF */
	char buf[4096];
};

/* Start writing rows to FP.  When FP is a terminal, text fields are
 * escaped (escape.h) for the person reading them; to a file or a pipe they
 * are written byte for byte. */
void csvout_init(struct csvout *co, FILE *fp);

/* One text field; quoted (by libcsv) only when it needs to be; escaped on
 * a terminal. */
void csvout_str(struct csvout *co, const char *s);

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

/* An empty field. */
void csvout_empty(struct csvout *co);

/* End the row with a line feed, and write it. */
void csvout_end(struct csvout *co);

/* Whether every write so far succeeded (checks the stream's error flag; a
 * row not yet ended is not written yet). */
int csvout_ok(const struct csvout *co);

#endif
