/* safe_file.c -- atomic file replacement: temporary file, fsync, rename. */
#include <config.h>

#include "safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_stdout(safe_file_writer write, void *ctx, struct diag *dg)
{
	int st = write(stdout, ctx, dg);
	if (st != BKSEF_OK)
		return st;
	if (fflush(stdout) != 0 || ferror(stdout))
		return diag_set(dg, BKSEF_EIO, 0, "write error: %s", strerror(errno));
	return BKSEF_OK;
}

/* Write straight into a device or FIFO: no temporary file can stand in. */
static int write_special(const char *path, safe_file_writer write, void *ctx, struct diag *dg)
{
	FILE *fp = fopen(path, "w");
	int status;

	if (fp == NULL && errno == ENOMEM)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	if (fp == NULL)
		return diag_set(dg, BKSEF_EIO, 0, "cannot write: %s", strerror(errno));
	status = write(fp, ctx, dg);
	if (status == BKSEF_OK && (fflush(fp) != 0 || ferror(fp)))
		status = diag_set(dg, BKSEF_EIO, 0, "write error: %s", strerror(errno));
	if (fclose(fp) != 0 && status == BKSEF_OK)
		status = diag_set(dg, BKSEF_EIO, 0, "write error: %s", strerror(errno));
	return status;
}

int safe_file_write(const char *path, safe_file_writer write, void *ctx, struct diag *dg)
{
	struct stat st;
	char *tmp;
	size_t n;
	int fd, status, saved;
	FILE *fp;

	if (dg != NULL)
		dg->file = path;
	if (strcmp(path, "-") == 0) {
		if (dg != NULL)
			dg->file = "(standard output)";
		return write_stdout(write, ctx, dg);
	}
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return diag_set(dg, BKSEF_EIO, 0, "is a directory");
		/* A device or FIFO (/dev/null, /dev/full, a pipe) cannot be
		 * replaced, only written: replacing it would destroy the node. */
		if (!S_ISREG(st.st_mode))
			return write_special(path, write, ctx, dg);
	}
	/* Replace what a symbolic link points to, not the link itself. */
	char *real = realpath(path, NULL);
	if (real == NULL && errno == ENOMEM)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	if (real != NULL)
		path = real;
	else if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		return diag_set(dg, BKSEF_EIO, 0, "is a symbolic link to a missing file");

	n = strlen(path) + sizeof ".XXXXXX";
	tmp = malloc(n);
	if (tmp == NULL) {
		free(real);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	snprintf(tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		status = diag_set(dg, BKSEF_EIO, 0, "cannot create a temporary file beside it: %s",
		                  strerror(errno));
		free(tmp);
		free(real);
		return status;
	}
	/* Keep the old file's permissions; a new file gets the usual 0666 & ~umask. */
	if (stat(path, &st) == 0) {
		(void)fchmod(fd, st.st_mode & 07777);
	} else {
		mode_t mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	fp = fdopen(fd, "w");
	if (fp == NULL) {
		saved = errno;
		close(fd);
		if (saved == ENOMEM)
			status = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
		else
			status = diag_set(dg, BKSEF_EIO, 0, "cannot write: %s", strerror(saved));
		goto fail;
	}
	status = write(fp, ctx, dg);
	if (status == BKSEF_OK && (fflush(fp) != 0 || ferror(fp)))
		status = diag_set(dg, BKSEF_EIO, 0, "write error: %s", strerror(errno));
	if (status == BKSEF_OK && fsync(fileno(fp)) != 0)
		status = diag_set(dg, BKSEF_EIO, 0, "cannot sync: %s", strerror(errno));
	if (fclose(fp) != 0 && status == BKSEF_OK)
		status = diag_set(dg, BKSEF_EIO, 0, "write error: %s", strerror(errno));
	if (status != BKSEF_OK)
		goto fail;
	if (rename(tmp, path) != 0) {
		status = diag_set(dg, BKSEF_EIO, 0, "cannot replace: %s", strerror(errno));
		goto fail;
	}
	free(tmp);
	free(real);
	return BKSEF_OK;
fail:
	unlink(tmp);
	free(tmp);
	free(real);
	return status;
}
