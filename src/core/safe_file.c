/* safe_file.c -- atomic file replacement: temporary files, fsync, rename, with
 * two outputs staged together and the first restored if the second fails. */
#include <config.h>

#include "safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum kind {
	KIND_STDOUT, /* "-" */
	KIND_DIRECT, /* a device or FIFO: written in place */
	KIND_FILE,   /* a regular file, new or replaced through a temporary */
};

/* One output on its way. */
struct target {
	const struct safe_file_out *out;
	int kind;
	int known; /* dev and ino are set */
	dev_t dev; /* the file's (a new file: its folder's) */
	ino_t ino;
	const char *base; /* a new file: its name in the folder; else NULL */
	int exists;       /* KIND_FILE: an existing file is replaced */
	mode_t mode;      /* KIND_FILE: the new file's mode */
	uid_t uid;        /* KIND_FILE, exists: the old file's owner, */
	gid_t gid;        /* group */
	nlink_t nlink;    /* and number of links */
	char *path;       /* KIND_FILE: what to replace or create, links followed */
	char *tmp;        /* KIND_FILE: the written temporary, until renamed */
	char *backup;     /* KIND_FILE: a hard link to the old file while committing */
};

/* DG about T: its file named as the user gave it. */
static struct diag *about(struct diag *dg, const struct target *t)
{
	if (dg != NULL)
		dg->file = strcmp(t->out->path, "-") == 0 ? diag_stdout_name : t->out->path;
	return dg;
}

/* The folder holding PATH, malloc'd ("." for a bare name, "/" for "/name");
 * *BASE points at the name within PATH.  NULL when out of memory. */
static char *folder_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	*base = slash ? slash + 1 : path;
	if (slash == NULL)
		return strdup(".");
	dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	return dir;
}

/* A new regular file at T->out->path: its folder must exist and take it. */
static int resolve_new(struct target *t, struct diag *dg)
{
	struct stat st;
	const char *base;
	char *dir = folder_of(t->out->path, &base);
	mode_t mask;
	int err;

	if (dir == NULL)
		return diag_set(about(dg, t), BKSEF_ENOMEM, 0, "out of memory");
	if (stat(dir, &st) != 0 || access(dir, W_OK | X_OK) != 0) {
		err = errno;
		free(dir);
		return diag_set(about(dg, t), BKSEF_EIO, 0, "cannot write there: %s",
		                strerror(err));
	}
	free(dir);
	t->path = strdup(t->out->path);
	if (t->path == NULL)
		return diag_set(about(dg, t), BKSEF_ENOMEM, 0, "out of memory");
	t->kind = KIND_FILE;
	t->known = 1;
	t->dev = st.st_dev;
	t->ino = st.st_ino;
	t->base = base;
	mask = umask(0);
	umask(mask);
	t->mode = 0666 & ~mask;
	return BKSEF_OK;
}

/* An existing regular file ST at T->out->path, to be replaced. */
static int resolve_existing(struct target *t, const struct stat *st, struct diag *dg)
{
	t->path = realpath(t->out->path, NULL);
	if (t->path == NULL)
		return errno == ENOMEM ? diag_set(about(dg, t), BKSEF_ENOMEM, 0, "out of memory")
		                       : diag_set(about(dg, t), BKSEF_EIO, 0, "cannot write: %s",
		                                  strerror(errno));
	t->kind = KIND_FILE;
	t->exists = 1;
	t->mode = st->st_mode & 07777;
	t->uid = st->st_uid;
	t->gid = st->st_gid;
	t->nlink = st->st_nlink;
	return BKSEF_OK;
}

/* Whether a new file can stand in for T's existing one: the caller could
 * open it for writing, owns it, it has no other link, and its folder takes a
 * new file. */
static int check_replace(struct target *t, struct diag *dg)
{
	const char *base;
	char *dir;
	int ok, err;

	if (access(t->path, W_OK) != 0)
		return diag_set(about(dg, t), BKSEF_EIO, 0, "cannot open it for writing: %s",
		                strerror(errno));
	if (t->uid != geteuid())
		return diag_set(about(dg, t), BKSEF_EIO, 0,
		                "is owned by someone else (user %lu), and a new file in its "
		                "place would be yours; not replaced",
		                (unsigned long)t->uid);
	if (t->nlink > 1)
		return diag_set(about(dg, t), BKSEF_EIO, 0,
		                "has %lu hard links, which a new file in its place would "
		                "break; not replaced",
		                (unsigned long)t->nlink);
	dir = folder_of(t->path, &base);
	if (dir == NULL)
		return diag_set(about(dg, t), BKSEF_ENOMEM, 0, "out of memory");
	ok = access(dir, W_OK | X_OK) == 0;
	err = errno;
	free(dir);
	if (!ok)
		return diag_set(about(dg, t), BKSEF_EIO, 0, "cannot write in its folder: %s",
		                strerror(err));
	return BKSEF_OK;
}

/* What T's path names: its kind and identity. */
static int resolve(struct target *t, struct diag *dg)
{
	struct stat st;
	int err;

	if (strcmp(t->out->path, "-") == 0) {
		t->kind = KIND_STDOUT;
		if (fstat(STDOUT_FILENO, &st) == 0) {
			t->known = 1;
			t->dev = st.st_dev;
			t->ino = st.st_ino;
		}
		return BKSEF_OK;
	}
	if (stat(t->out->path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return diag_set(about(dg, t), BKSEF_EIO, 0, "is a directory");
		t->known = 1;
		t->dev = st.st_dev;
		t->ino = st.st_ino;
		/* A device or FIFO (/dev/null, /dev/full, a pipe) cannot be
		 * replaced, only written: replacing it would destroy the node. */
		if (!S_ISREG(st.st_mode)) {
			t->kind = KIND_DIRECT;
			return BKSEF_OK;
		}
		return resolve_existing(t, &st, dg);
	}
	err = errno;
	if (err != ENOENT)
		return diag_set(about(dg, t), BKSEF_EIO, 0, "cannot write: %s", strerror(err));
	if (lstat(t->out->path, &st) == 0 && S_ISLNK(st.st_mode))
		return diag_set(about(dg, t), BKSEF_EIO, 0, "is a symbolic link to a missing file");
	return resolve_new(t, dg);
}

/* Whether A and B are one file. */
static int same_file(const struct target *a, const struct target *b)
{
	if (a->kind == KIND_STDOUT && b->kind == KIND_STDOUT)
		return 1;
	if (!a->known || !b->known || a->dev != b->dev || a->ino != b->ino)
		return 0;
	if (a->base == NULL || b->base == NULL)
		return a->base == b->base;
	return strcmp(a->base, b->base) == 0;
}

/* Run T's writer on FP, then flush: BKSEF_OK or a status with DG set. */
static int run_writer(struct target *t, FILE *fp, struct diag *dg)
{
	int st = t->out->write(fp, t->out->ctx, about(dg, t));
	if (st != BKSEF_OK)
		return st;
	if (fflush(fp) != 0 || ferror(fp))
		return diag_set(about(dg, t), BKSEF_EIO, 0, "write error: %s",
		                strerror(errno ? errno : EIO));
	return BKSEF_OK;
}

/* Write T's temporary file beside T->path and fsync it; T->tmp names it. */
static int write_temp(struct target *t, struct diag *dg)
{
	size_t n = strlen(t->path) + sizeof ".XXXXXX";
	FILE *fp;
	int fd, st, err;

	t->tmp = malloc(n);
	if (t->tmp == NULL)
		return diag_set(about(dg, t), BKSEF_ENOMEM, 0, "out of memory");
	snprintf(t->tmp, n, "%s.XXXXXX", t->path);
	fd = mkstemp(t->tmp);
	if (fd < 0) {
		err = errno;
		free(t->tmp);
		t->tmp = NULL;
		return diag_set(about(dg, t), BKSEF_EIO, 0,
		                "cannot create a temporary file beside it: %s", strerror(err));
	}
	/* The old file's group where we may give it, then its mode. */
	if (t->exists)
		(void)fchown(fd, (uid_t)-1, t->gid);
	if (fchmod(fd, t->mode) != 0) {
		err = errno;
		close(fd);
		return diag_set(about(dg, t), BKSEF_EIO, 0, "cannot set the new file's mode: %s",
		                strerror(err));
	}
	fp = fdopen(fd, "w");
	if (fp == NULL) {
		err = errno;
		close(fd);
		if (err == ENOMEM)
			return diag_set(about(dg, t), BKSEF_ENOMEM, 0, "out of memory");
		return diag_set(about(dg, t), BKSEF_EIO, 0, "cannot write: %s", strerror(err));
	}
	st = run_writer(t, fp, dg);
	if (st == BKSEF_OK && fsync(fileno(fp)) != 0)
		st = diag_set(about(dg, t), BKSEF_EIO, 0, "cannot sync: %s", strerror(errno));
	if (fclose(fp) != 0 && st == BKSEF_OK)
		st = diag_set(about(dg, t), BKSEF_EIO, 0, "write error: %s", strerror(errno));
	return st;
}

/* Write T (standard output, a device or FIFO) in place. */
static int write_direct(struct target *t, struct diag *dg)
{
	FILE *fp;
	int st;

	if (t->kind == KIND_STDOUT)
		return run_writer(t, stdout, dg);
	fp = fopen(t->out->path, "w");
	if (fp == NULL && errno == ENOMEM)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	if (fp == NULL)
		return diag_set(about(dg, t), BKSEF_EIO, 0, "cannot write: %s", strerror(errno));
	st = run_writer(t, fp, dg);
	if (fclose(fp) != 0 && st == BKSEF_OK)
		st = diag_set(about(dg, t), BKSEF_EIO, 0, "write error: %s", strerror(errno));
	return st;
}

/* Put the committed files FILES[0..DONE) back as they were, after FILES[DONE]
 * failed; a file that cannot be put back is added to DG's message. */
static void undo_commits(struct target **files, size_t done, struct diag *dg)
{
	while (done-- > 0) {
		struct target *t = files[done];
		int ok = t->exists ? rename(t->backup, t->path) == 0 : unlink(t->path) == 0;
		if (ok) {
			free(t->backup);
			t->backup = NULL;
		} else if (dg != NULL) {
			size_t len = strlen(dg->msg);
			snprintf(dg->msg + len, sizeof dg->msg - len,
			         "; and '%s' could not be put back (%s)%s%s", t->path,
			         strerror(errno), t->exists ? ": its old content is in " : "",
			         t->exists ? t->backup : "");
		}
	}
}

/* Rename the M written temporaries into place, keeping a hard-link backup
 * of each replaced file but the last until the last rename succeeded. */
static int commit(struct target **files, size_t m, struct diag *dg)
{
	size_t i;
	int st = BKSEF_OK;

	for (i = 0; i < m; i++) {
		struct target *t = files[i];
		if (i + 1 < m && t->exists) {
			size_t n = strlen(t->tmp) + sizeof ".old";
			t->backup = malloc(n);
			if (t->backup == NULL) {
				st = diag_set(about(dg, t), BKSEF_ENOMEM, 0, "out of memory");
				break;
			}
			snprintf(t->backup, n, "%s.old", t->tmp);
			if (link(t->path, t->backup) != 0) {
				st = diag_set(about(dg, t), BKSEF_EIO, 0,
				              "cannot keep the old file while the other output is "
				              "written: %s",
				              strerror(errno));
				free(t->backup);
				t->backup = NULL;
				break;
			}
		}
		if (rename(t->tmp, t->path) != 0) {
			st = diag_set(about(dg, t), BKSEF_EIO, 0, "cannot replace: %s",
			              strerror(errno));
			if (t->backup != NULL) {
				(void)unlink(t->backup);
				free(t->backup);
				t->backup = NULL;
			}
			break;
		}
		free(t->tmp);
		t->tmp = NULL;
	}
	if (st != BKSEF_OK) {
		undo_commits(files, i, dg);
		return st;
	}
	for (i = 0; i < m; i++)
		if (files[i]->backup != NULL)
			(void)unlink(files[i]->backup);
	return BKSEF_OK;
}

int safe_file_write_all(const struct safe_file_out *outs, size_t n, struct diag *dg)
{
	struct target t[SAFE_FILE_MAX_OUTS];
	struct target *files[SAFE_FILE_MAX_OUTS];
	size_t m = 0, i, j;
	int st = BKSEF_OK;

	if (n == 0 || n > SAFE_FILE_MAX_OUTS)
		return diag_set(dg, BKSEF_EUSAGE, 0, "internal error: %zu outputs", n);
	memset(t, 0, sizeof t);
	for (i = 0; i < n; i++)
		t[i].out = &outs[i];
	for (i = 0; i < n && st == BKSEF_OK; i++)
		st = resolve(&t[i], dg);
	for (i = 0; i < n && st == BKSEF_OK; i++)
		for (j = 0; j < i && st == BKSEF_OK; j++)
			if (same_file(&t[j], &t[i]))
				st = diag_set(
				    about(dg, &t[i]), BKSEF_EUSAGE, 0,
				    "is the same file as %s%s%s; two outputs need two files",
				    t[j].kind == KIND_STDOUT ? "" : "'",
				    t[j].kind == KIND_STDOUT ? "standard output" : t[j].out->path,
				    t[j].kind == KIND_STDOUT ? "" : "'");
	for (i = 0; i < n && st == BKSEF_OK; i++)
		if (t[i].kind == KIND_FILE && t[i].exists)
			st = check_replace(&t[i], dg);
	/* Files into their temporaries first, then what is written in place,
	 * and only then are the files committed. */
	for (i = 0; i < n && st == BKSEF_OK; i++)
		if (t[i].kind == KIND_FILE) {
			files[m++] = &t[i];
			st = write_temp(&t[i], dg);
		}
	for (i = 0; i < n && st == BKSEF_OK; i++)
		if (t[i].kind != KIND_FILE)
			st = write_direct(&t[i], dg);
	if (st == BKSEF_OK)
		st = commit(files, m, dg);
	for (i = 0; i < n; i++) {
		if (t[i].tmp != NULL)
			(void)unlink(t[i].tmp);
		free(t[i].tmp);
		free(t[i].backup);
		free(t[i].path);
	}
	return st;
}

int safe_file_write(const char *path, safe_file_writer write, void *ctx, struct diag *dg)
{
	struct safe_file_out out = { path, write, ctx };
	return safe_file_write_all(&out, 1, dg);
}
