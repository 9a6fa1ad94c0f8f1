/* script.c -- key scripts and screen dumps for the scripted mode. */
#include <config.h>

#include "tui/script.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <wchar.h>

#include "escape.h"
#include "tui/keys.h"

struct script {
	FILE *in, *out;
	int out_is_stdout;
	const char *path;
	unsigned long line;
	char *buf; /* the line read (getline: any length) */
	size_t buf_cap;
	/* A :type in progress, or a :repeat. */
	char *typing;
	size_t typed;
	char *label; /* the last :dump's label */
	long repeat_left;
	int repeat_key;
	/* An item script_peek read, for the next script_next. */
	int peeked, peek_rc, peek_errno;
	struct script_item peek_it;
	char peek_err[600];
};

/* PATH as messages show file names (escape_quote), in BUF. */
static const char *quoted(const char *path, char *buf, size_t size)
{
	escape_quote(buf, size, path);
	return buf;
}

struct script *script_open(const char *path, const char *dump_path, char *err, size_t size)
{
	char q[256];

	struct script *sc = calloc(1, sizeof *sc);
	int saved;

	if (sc == NULL) {
		snprintf(err, size, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	sc->path = path;
	sc->in = fopen(path, "r");
	if (sc->in == NULL) {
		saved = errno;
		snprintf(err, size, "%s: %s", quoted(path, q, sizeof q), strerror(saved));
		free(sc);
		errno = saved;
		return NULL;
	}
	if (dump_path != NULL) {
		sc->out = fopen(dump_path, "w");
		if (sc->out == NULL) {
			saved = errno;
			snprintf(err, size, "%s: %s", quoted(dump_path, q, sizeof q),
			         strerror(saved));
			fclose(sc->in);
			free(sc);
			errno = saved;
			return NULL;
		}
	} else {
		sc->out = stdout;
		sc->out_is_stdout = 1;
	}
	return sc;
}

/* A key token: one character, or <Name>.  -1 when unknown. */
static int parse_key(const char *tok)
{
	size_t len = strlen(tok);
	if (len == 1)
		return (unsigned char)tok[0];
	if (len > 2 && tok[0] == '<' && tok[len - 1] == '>') {
		char name[64];
		if (len - 2 >= sizeof name)
			return -1;
		memcpy(name, tok + 1, len - 2);
		name[len - 2] = '\0';
		return keys_parse(name);
	}
	return -1;
}

/* A whole number from 0 to MAX, the whole of S. */
static int parse_count(const char *s, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

static int fail(struct script *sc, char *err, size_t size, const char *why, const char *text)
{
	char q[256];
	snprintf(err, size, "%s:%lu: %s: '%.*s'", quoted(sc->path, q, sizeof q), sc->line, why,
	         (int)escape_cut(text, 80), text);
	errno = EINVAL;
	return -1;
}

/* Out of memory while reading the script: -1 with errno ENOMEM, which the
 * explorer reports as such. */
static int out_of_memory(char *err, size_t size)
{
	snprintf(err, size, "out of memory");
	errno = ENOMEM;
	return -1;
}

/* A mouse directive (":click X Y" or ":wheel up|down X Y") into IT. */
static int mouse(struct script *sc, const char *name, const char *arg, struct script_item *it,
                 char *err, size_t size)
{
	char dir[8] = "";
	int n = 0, click = strcmp(name, ":click") == 0;

	it->type = SCRIPT_MOUSE;
	if (click)
		n = arg ? sscanf(arg, "%d %d", &it->x, &it->y) : 0;
	else if (arg && sscanf(arg, "%7s %d %d", dir, &it->x, &it->y) == 3 &&
	         (strcmp(dir, "up") == 0 || strcmp(dir, "down") == 0)) {
		it->wheel = dir[0] == 'u' ? -1 : 1;
		n = 2;
	}
	if (n != 2 || it->x < 0 || it->y < 0)
		return fail(sc, err, size,
		            click ? "expected :click X Y" : "expected :wheel up|down X Y",
		            arg ? arg : "");
	return 1;
}

/* The directive on line BUF (":dump ..."): 1 with IT filled, 0 when it
 * only queued keys (:type, :repeat), -1 on an error (ERR says which). */
static int directive(struct script *sc, char *buf, struct script_item *it, char *err, size_t size)
{
	char *arg = strchr(buf, ' ');
	if (arg != NULL)
		*arg++ = '\0';
	if (strcmp(buf, ":dump") == 0) {
		free(sc->label);
		sc->label = strdup(arg ? arg : "");
		if (sc->label == NULL)
			return out_of_memory(err, size);
		it->type = SCRIPT_DUMP;
		it->label = sc->label;
		return 1;
	}
	if (strcmp(buf, ":type") == 0) {
		free(sc->typing);
		sc->typing = strdup(arg ? arg : "");
		if (sc->typing == NULL)
			return out_of_memory(err, size);
		sc->typed = 0;
		return 0;
	}
	if (strcmp(buf, ":resize") == 0) {
		char tail;
		if (arg == NULL || sscanf(arg, "%dx%d%c", &it->cols, &it->rows, &tail) != 2 ||
		    it->cols < 1 || it->rows < 1 || it->cols > 1000 || it->rows > 1000)
			return fail(sc, err, size, "expected :resize WxH (1..1000)",
			            arg ? arg : "");
		it->type = SCRIPT_RESIZE;
		return 1;
	}
	if (strcmp(buf, ":repeat") == 0) {
		char *key = arg ? strchr(arg, ' ') : NULL;
		long n;
		if (key == NULL)
			return fail(sc, err, size, "expected :repeat N KEY", arg ? arg : "");
		*key++ = '\0';
		if (parse_count(arg, 10000000, &n) != 0)
			return fail(sc, err, size, "bad repeat count", arg);
		sc->repeat_key = parse_key(key);
		if (sc->repeat_key < 0)
			return fail(sc, err, size, "unknown key", key);
		sc->repeat_left = n;
		return 0;
	}
	if (strcmp(buf, ":click") == 0 || strcmp(buf, ":wheel") == 0)
		return mouse(sc, buf, arg, it, err, size);
	return fail(sc, err, size, "unknown directive", buf);
}

static int next_item(struct script *sc, struct script_item *it, char *err, size_t size);

int script_next(struct script *sc, struct script_item *it, char *err, size_t size)
{
	if (sc->peeked) {
		sc->peeked = 0;
		*it = sc->peek_it;
		snprintf(err, size, "%s", sc->peek_err);
		errno = sc->peek_errno;
		return sc->peek_rc;
	}
	return next_item(sc, it, err, size);
}

int script_peek(struct script *sc, struct script_item *it, char *err, size_t size)
{
	if (!sc->peeked) {
		sc->peek_err[0] = '\0';
		sc->peek_rc = next_item(sc, &sc->peek_it, sc->peek_err, sizeof sc->peek_err);
		sc->peek_errno = errno;
		sc->peeked = 1;
	}
	*it = sc->peek_it;
	snprintf(err, size, "%s", sc->peek_err);
	errno = sc->peek_errno;
	return sc->peek_rc;
}

static int next_item(struct script *sc, struct script_item *it, char *err, size_t size)
{
	ssize_t got;

again:
	memset(it, 0, sizeof *it);
	it->label = "";
	if (sc->typing != NULL && sc->typing[sc->typed] != '\0') {
		it->type = SCRIPT_KEY;
		it->key = (unsigned char)sc->typing[sc->typed++];
		return 1;
	}
	if (sc->repeat_left > 0) {
		sc->repeat_left--;
		it->type = SCRIPT_KEY;
		it->key = sc->repeat_key;
		return 1;
	}
	errno = 0; /* getline's end of file and its failure look alike */
	while ((got = getline(&sc->buf, &sc->buf_cap, sc->in)) >= 0) {
		size_t len = (size_t)got;
		char *buf = sc->buf;
		sc->line++;
		if (len > 0 && buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (len > 0 && buf[len - 1] == '\r')
			buf[--len] = '\0';
		if (len == 0 || (len > 1 && buf[0] == '#'))
			continue;
		if (len == 1) {
			it->type = SCRIPT_KEY;
			it->key = (unsigned char)buf[0];
			return 1;
		}
		if (buf[0] == '<') {
			it->key = parse_key(buf);
			if (it->key < 0)
				return fail(sc, err, size, "unknown key", buf);
			it->type = SCRIPT_KEY;
			return 1;
		}
		if (buf[0] != ':')
			return fail(sc, err, size, "not a key, <Name> or :directive", buf);
		int rc = directive(sc, buf, it, err, size);
		if (rc != 0)
			return rc;
		goto again;
	}
	if (errno == ENOMEM)
		return out_of_memory(err, size);
	if (ferror(sc->in)) {
		char q[256];
		snprintf(err, size, "%s: %s", quoted(sc->path, q, sizeof q), strerror(errno));
		return -1;
	}
	return 0;
}

void script_dump(struct script *sc, int rows, int cols, const char *label)
{
	/* A cell holds at most CCHARW_MAX wide characters of MB_LEN_MAX bytes. */
	size_t room = (size_t)(cols > 0 ? cols : 1) * CCHARW_MAX * MB_LEN_MAX + 1;
	char *line = malloc(room);

	if (line == NULL) {
		fprintf(sc->out, "--- screen %dx%d: out of memory\n", cols, rows);
		return;
	}
	fprintf(sc->out, "--- screen %dx%d%s%s\n", cols, rows, label[0] ? ": " : "", label);
	for (int y = 0; y < rows; y++) {
		size_t used = 0, keep = 0;
		for (int x = 0; x < cols; x++) {
			cchar_t cc;
			wchar_t wc[CCHARW_MAX + 1];
			attr_t a;
			short pair;
			if (mvwin_wch(stdscr, y, x, &cc) == ERR ||
			    getcchar(&cc, wc, &a, &pair, NULL) == ERR)
				wc[0] = L' ', wc[1] = 0;
			for (int i = 0; wc[i] != 0 && i < CCHARW_MAX; i++) {
				char mb[MB_LEN_MAX];
				mbstate_t ms;
				memset(&ms, 0, sizeof ms);
				size_t n = wcrtomb(mb, wc[i], &ms);
				if (n == (size_t)-1) {
					mb[0] = '?';
					n = 1;
				}
				if (used + n >= room)
					break;
				memcpy(line + used, mb, n);
				used += n;
			}
			if (wc[0] != L' ')
				keep = used;
		}
		fprintf(sc->out, "%.*s\n", (int)keep, line);
	}
	free(line);
}

int script_close(struct script *sc)
{
	int rc = 0, err = 0;
	if (sc == NULL)
		return 0;
	fclose(sc->in);
	free(sc->buf);
	free(sc->typing);
	free(sc->label);
	errno = 0;
	if (fflush(sc->out) != 0 || ferror(sc->out)) {
		rc = -1;
		err = errno;
	}
	if (!sc->out_is_stdout && fclose(sc->out) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	free(sc);
	errno = err;
	return rc;
}
