/* filename.c -- ~ expansion and file-name completion for the prompts. */
#include <config.h>

#include "tui/filename.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The home folder, or NULL when there is none to name. */
static const char *home(void)
{
	const char *h = getenv("HOME");
	if (h != NULL && h[0] != '\0')
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw != NULL && pw->pw_dir != NULL && pw->pw_dir[0] != '\0' ? pw->pw_dir : NULL;
}

int filename_expand(const char *path, struct text *out)
{
	const char *h;

	text_clear(out);
	if (path[0] == '~' && (path[1] == '\0' || path[1] == '/') && (h = home()) != NULL) {
		size_t hl = strlen(h);
		/* "~/x" under the home "/": "/x", not "//x". */
		if (hl > 1 && h[hl - 1] == '/' && path[1] == '/')
			hl--;
		if (hl == 1 && h[0] == '/' && path[1] == '/')
			hl = 0;
		if (text_append(out, h, hl) != 0)
			return -1;
		path++;
	}
	return text_append(out, path, strlen(path));
}

void filename_matches_free(struct filename_matches *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i]);
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* Add NAME (and a '/' when DIR) to M; -1 when out of memory. */
static int add_match(struct filename_matches *m, const char *name, int dir)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		char **v = realloc(m->v, cap * sizeof *v);
		if (v == NULL)
			return -1;
		m->v = v;
		m->cap = cap;
	}
	size_t len = strlen(name);
	char *s = malloc(len + 2);
	if (s == NULL)
		return -1;
	memcpy(s, name, len);
	if (dir)
		s[len++] = '/';
	s[len] = '\0';
	m->v[m->n++] = s;
	return 0;
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read folder DIR (its path, expanded, with its '/'; "" for the current
 * one) for the names starting with BASE into M; -1 when out of memory
 * (opendir's own allocation included). */
static int read_matches(const char *dir, const char *base, struct filename_matches *m)
{
	struct text path = { 0 };
	size_t bl = strlen(base);
	DIR *d = opendir(dir[0] != '\0' ? dir : ".");
	struct dirent *e;
	int rc = 0;

	if (d == NULL)
		return errno == ENOMEM ? -1 : 0; /* not found, not a folder, ...: none */
	while (rc == 0 && (e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		struct stat sb;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (strncmp(name, base, bl) != 0 || (name[0] == '.' && base[0] != '.'))
			continue;
		text_clear(&path);
		if (text_printf(&path, "%s%s", dir, name) != 0) {
			rc = -1;
			break;
		}
		int is_dir = stat(text_str(&path), &sb) == 0 && S_ISDIR(sb.st_mode);
		rc = add_match(m, name, is_dir);
	}
	closedir(d);
	text_free(&path);
	return rc;
}

long filename_complete(const char *word, struct text *completed, struct filename_matches *m)
{
	struct text dir = { 0 }, typed = { 0 };
	const char *slash = strrchr(word, '/');
	size_t dl = slash != NULL ? (size_t)(slash - word) + 1 : 0;
	/* "~" alone names the home folder: complete inside it, as "~/". */
	int bare_home = strcmp(word, "~") == 0;
	const char *base = bare_home ? "" : word + dl;
	long rc = -1;

	filename_matches_free(m);
	text_clear(completed);
	if (bare_home) {
		if (text_set(&typed, "~/") != 0)
			goto out;
		dl = 2;
	} else if (text_append(&typed, word, dl) != 0) {
		goto out;
	}
	if (filename_expand(text_str(&typed), &dir) != 0)
		goto out;
	if (read_matches(text_str(&dir), base, m) != 0)
		goto out;
	if (m->n > 1)
		qsort(m->v, m->n, sizeof m->v[0], by_bytes);
	/* The prefix all share; a folder's '/' only when it is the one. */
	size_t common = 0;
	if (m->n > 0) {
		common = strlen(m->v[0]);
		if (m->n > 1 && common > 0 && m->v[0][common - 1] == '/')
			common--;
		for (size_t i = 1; i < m->n; i++) {
			size_t k = 0;
			while (k < common && m->v[i][k] == m->v[0][k])
				k++;
			common = k;
		}
		while (common > 0 && (m->v[0][common] & 0xC0) == 0x80)
			common--; /* not inside a character */
	}
	if (text_append(completed, text_str(&typed), typed.len) != 0)
		goto out;
	if (m->n > 0 ? text_append(completed, m->v[0], common) != 0
	             : text_append(completed, base, strlen(base)) != 0)
		goto out;
	rc = (long)m->n;
out:
	if (rc < 0) {
		filename_matches_free(m);
		text_note_out_of_memory();
	}
	text_free(&dir);
	text_free(&typed);
	return rc;
}
