/* netfind.c -- find network files by path or by bundled name. */
#include <config.h>

#include "cli.h"
#include "escape.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* The folders that may hold bundled networks, in search order. */
static const char *data_dir(int i)
{
	const char *env = getenv("BKSEF_DATADIR");
	switch (i) {
	case 0:
		return env && *env ? env : NULL;
	case 1:
		return BKSEF_PKGDATADIR;
	case 2:
		return BKSEF_SRCDATADIR;
	default:
		return NULL;
	}
}

enum { N_DATA_DIRS = 3 };

static char *join(const char *dir, const char *name, const char *ext)
{
	size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
	char *p = malloc(n);
	if (p != NULL)
		snprintf(p, n, "%s/%s%s", dir, name, ext);
	return p;
}

/* ARG as a path, or as the name of a bundled file in the folder SUB of a
 * data folder ("" for networks: the data folder itself; "devices"). */
static char *resolve_in(const char *arg, const char *sub)
{
	if (strcmp(arg, "-") == 0 || strchr(arg, '/') != NULL || is_file(arg)) {
		char *s = strdup(arg);
		if (s == NULL)
			errno = ENOMEM;
		return s;
	}
	for (int i = 0; i < N_DATA_DIRS; i++) {
		const char *dir = data_dir(i);
		if (dir == NULL)
			continue;
		/* Out of memory stops the search: a later folder's file of the
		 * same name is not the one asked for. */
		char *d = *sub ? join(dir, sub, "") : NULL;
		char *p = *sub && d == NULL
		              ? NULL
		              : join(d ? d : dir, arg, strstr(arg, ".csv") ? "" : ".csv");
		free(d);
		if (p == NULL) {
			errno = ENOMEM;
			return NULL;
		}
		if (is_file(p))
			return p;
		free(p);
	}
	errno = 0;
	return NULL;
}

char *netfind_resolve(const char *arg)
{
	return resolve_in(arg, "");
}

char *netfind_resolve_device(const char *arg)
{
	return resolve_in(arg, "devices");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first comment line of a network file, as its one-line description
 * (format 2's first line, NET_FORMAT2_LINE, is not one).  Returns 0, or -1
 * when out of memory. */
static int describe(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	buf[0] = '\0';
	if (fp == NULL)
		return errno == ENOMEM ? -1 : 0;
	if (fgets(buf, (int)size, fp) != NULL) {
		/* A byte order mark is not part of the first line (bksef(5)). */
		char *s = strncmp(buf, "\xEF\xBB\xBF", 3) == 0 ? buf + 3 : buf;
		if (strncmp(s, NET_FORMAT2_LINE, strlen(NET_FORMAT2_LINE)) == 0 &&
		    strchr("\r\n", s[strlen(NET_FORMAT2_LINE)]) != NULL) {
			s = buf;
			if (fgets(buf, (int)size, fp) == NULL)
				buf[0] = '\0';
		}
		if (s[0] == '#') {
			s[strcspn(s, "\r\n")] = '\0';
			s += 1 + (s[1] == ' ');
			memmove(buf, s, strlen(s) + 1);
		} else {
			buf[0] = '\0';
		}
	}
	fclose(fp);
	return 0;
}

enum { DESC_MAX = 256 };

/* The names (without .csv) of the networks in DIR, sorted, in *NAMES; their
 * descriptions in *DESC.  Returns how many (0 also when DIR cannot be
 * read), or -1 when out of memory. */
static long collect(const char *dir, char ***names, char (**desc)[DESC_MAX])
{
	DIR *d = opendir(dir);
	char **v = NULL;
	char(*dv)[DESC_MAX] = NULL;
	size_t n = 0;
	struct dirent *e;

	*names = NULL;
	*desc = NULL;
	if (d == NULL)
		return errno == ENOMEM ? -1 : 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len <= 4 || strcmp(e->d_name + len - 4, ".csv") != 0)
			continue;
		char **more = realloc(v, (n + 1) * sizeof *v);
		if (more == NULL)
			goto nomem;
		v = more;
		v[n] = strndup(e->d_name, len - 4);
		if (v[n] == NULL)
			goto nomem;
		n++;
	}
	closedir(d);
	d = NULL;
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_str);
	dv = malloc(n * sizeof *dv);
	if (dv == NULL)
		goto nomem;
	for (size_t k = 0; k < n; k++) {
		char *path = join(dir, v[k], ".csv");
		int st = path ? describe(path, dv[k], sizeof dv[k]) : -1;
		free(path);
		if (st != 0)
			goto nomem;
	}
	*names = v;
	*desc = dv;
	return (long)n;
nomem:
	if (d != NULL)
		closedir(d);
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	free(v);
	free(dv);
	return -1;
}

int netfind_list(FILE *fp)
{
	for (int i = 0; i < N_DATA_DIRS; i++) {
		const char *dir = data_dir(i);
		char **names;
		char(*desc)[DESC_MAX];
		long n = dir ? collect(dir, &names, &desc) : 0;

		if (n < 0)
			return -2;
		if (n == 0)
			continue;
		/* All gathered first: running out of memory prints nothing.
		 * Names and descriptions come from files: escaped. */
		for (long k = 0; k < n; k++) {
			size_t w = escape_width(names[k]);
			escape_fputs(names[k], fp);
			fprintf(fp, "%*s ", w < 20 ? (int)(20 - w) : 0, "");
			escape_fputs(desc[k], fp);
			fputc('\n', fp);
			free(names[k]);
		}
		free(names);
		free(desc);
		return 0; /* the first folder that has networks wins */
	}
	return -1;
}
