/* safe_file.h -- write a file so that the old one survives any failure:
 * a temporary file beside the target, fsync, then rename over it. */
#ifndef BKSEF_SAFE_FILE_H
#define BKSEF_SAFE_FILE_H

#include <stdio.h>

#include "diag.h"

/* Writes the whole content to FP; returns BKSEF_OK or a status with DG set. */
typedef int (*safe_file_writer)(FILE *fp, void *ctx, struct diag *dg);

/* Write PATH through WRITE.  "-" writes to standard output (flushed and
 * checked).  On any failure the old PATH is left byte-identical, the
 * temporary file is removed, and BKSEF_EIO (or the writer's status) is
 * returned with the reason in DG (DG->file is set to PATH).  A symbolic link
 * is followed (its target is replaced, the link kept); a device or FIFO is
 * written directly, since it cannot be replaced. */
int safe_file_write(const char *path, safe_file_writer write, void *ctx, struct diag *dg);

/* Whether PATH ("-" or NULL: standard output) looks writable: not a
 * folder, in a folder we may write.  Checked for every output before the
 * first is written, so that a mistyped second output does not fail after
 * the first was replaced.  BKSEF_OK, or BKSEF_EIO / BKSEF_ENOMEM with DG
 * set (DG->file = PATH). */
int safe_file_check(const char *path, struct diag *dg);

#endif
