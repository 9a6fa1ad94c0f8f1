/* safe_file.h -- write files so that the old ones survive any failure: a
 * temporary file beside each target, fsync, then rename over it; two
 * outputs staged together, as near all-or-nothing as POSIX allows. */
#ifndef BKSEF_SAFE_FILE_H
#define BKSEF_SAFE_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

/* Writes the whole content to FP; returns BKSEF_OK or a status with DG set. */
typedef int (*safe_file_writer)(FILE *fp, void *ctx, struct diag *dg);

/* One output: PATH ("-": standard output) written by WRITE with CTX. */
struct safe_file_out {
	const char *path;
	safe_file_writer write;
	void *ctx;
};

/* The most outputs safe_file_write_all takes. */
#define SAFE_FILE_MAX_OUTS 2

/* Write the N (1..SAFE_FILE_MAX_OUTS) outputs OUTS.  Every target is first
 * checked, before anything is written:
 *  - two outputs naming one file are refused with BKSEF_EUSAGE ("the same
 *    file"): an existing target is the file it names after following links
 *    (st_dev, st_ino), standard output the file it is, a new target its
 *    folder's (st_dev, st_ino) and its name;
 *  - a symbolic link is followed (its target is replaced, the link kept); a
 *    device or FIFO, or standard output, is written directly since it cannot
 *    be replaced;
 *  - a regular file is replaced only if the caller could open it for
 *    writing, owns it, and it has one link (renaming a new file over it would
 *    change its owner or break its other links); the new file keeps its mode.
 * Then each file's temporary is written and fsynced, then the direct
 * outputs are written, and only then are the files renamed into place; a
 * hard-link backup of each replaced file but the last is kept until the last
 * rename succeeded, and put back if a later rename fails.  On failure the
 * temporaries are removed, every file target is as it was, and the status
 * (BKSEF_EIO, BKSEF_ENOMEM or the writer's) comes with DG naming the target
 * (DG->file is its path, "(standard output)" for "-") and the reason. */
int safe_file_write_all(const struct safe_file_out *outs, size_t n, struct diag *dg);

/* safe_file_write_all of the one output PATH, WRITE, CTX. */
int safe_file_write(const char *path, safe_file_writer write, void *ctx, struct diag *dg);

#endif
