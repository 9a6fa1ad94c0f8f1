/* netfind.c -- find network files by path or by bundled name. */
#include <config.h>

#include "cli.h"
#include "escape.h"

#include <dirent.h>
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

char *netfind_resolve(const char *arg)
{
	if (strcmp(arg, "-") == 0 || strchr(arg, '/') != NULL || is_file(arg))
		return strdup(arg);
	for (int i = 0; i < N_DATA_DIRS; i++) {
		const char *dir = data_dir(i);
		if (dir == NULL)
			continue;
		char *p = join(dir, arg, strstr(arg, ".csv") ? "" : ".csv");
		if (p != NULL && is_file(p))
			return p;
		free(p);
	}
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first comment line of a network file, as its one-line description
 * (format 2's first line, NET_FORMAT2_LINE, is not one). */
static void describe(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	buf[0] = '\0';
	if (fp == NULL)
		return;
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
}

int netfind_list(FILE *fp)
{
	for (int i = 0; i < N_DATA_DIRS; i++) {
		const char *dir = data_dir(i);
		DIR *d = dir ? opendir(dir) : NULL;
		char **names = NULL;
		size_t n = 0;
		struct dirent *e;

		if (d == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			size_t len = strlen(e->d_name);
			if (len <= 4 || strcmp(e->d_name + len - 4, ".csv") != 0)
				continue;
			char **more = realloc(names, (n + 1) * sizeof *names);
			if (more == NULL)
				break;
			names = more;
			names[n] = strndup(e->d_name, len - 4);
			if (names[n] != NULL)
				n++;
		}
		closedir(d);
		if (n == 0) {
			free(names);
			continue;
		}
		qsort(names, n, sizeof *names, cmp_str);
		for (size_t k = 0; k < n; k++) {
			char desc[256];
			char *path = join(dir, names[k], ".csv");
			if (path != NULL)
				describe(path, desc, sizeof desc);
			/* Names and descriptions come from files: escaped. */
			size_t w = escape_width(names[k]);
			escape_fputs(names[k], fp);
			fprintf(fp, "%*s ", w < 20 ? (int)(20 - w) : 0, "");
			escape_fputs(path ? desc : "", fp);
			fputc('\n', fp);
			free(path);
			free(names[k]);
		}
		free(names);
		return 0; /* the first folder that has networks wins */
	}
	return -1;
}
