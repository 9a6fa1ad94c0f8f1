/* keys.c -- the key table (generated from the request list of keys.h) and
 * key names; nothing here draws, so the manual's key list can be generated
 * (and checked) from this file alone. */
#include <config.h>

#include "tui/keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

/* The key table, generated from the request list: { ACT_NAME, GROUP,
 * { keys }, HELP }. */
#define KEYS_BRACE(...)     \
	{                   \
		__VA_ARGS__ \
	}
#define KEYS_ROW(NAME, name, group, keys, help) { ACT_##NAME, group, KEYS_BRACE keys, help },
const struct key_row keys_table[] = { KEYS_LIST(KEYS_ROW) };
#undef KEYS_ROW

const size_t keys_table_len = sizeof keys_table / sizeof keys_table[0];

int keys_action(int key)
{
	for (size_t r = 0; r < keys_table_len; r++)
		for (int i = 0; i < KEYS_PER_ROW && keys_table[r].key[i] != 0; i++)
			if (keys_table[r].key[i] == key)
				return keys_table[r].action;
	return ACT_NONE;
}

int keys_first(int action)
{
	for (size_t r = 0; r < keys_table_len; r++)
		if (keys_table[r].action == action)
			return keys_table[r].key[0];
	return 0;
}

/* Special keys and their names; the first name of a code is the one shown. */
static const struct {
	int key;
	const char *name;
} key_names[] = {
	{ KEY_UP, "Up" },
	{ KEY_DOWN, "Down" },
	{ KEY_LEFT, "Left" },
	{ KEY_RIGHT, "Right" },
	{ KEY_PPAGE, "PgUp" },
	{ KEY_NPAGE, "PgDn" },
	{ KEY_HOME, "Home" },
	{ KEY_END, "End" },
	{ '\n', "Enter" },
	{ '\r', "Return" },
	{ KEY_ENTER, "KpEnter" },
	{ '\t', "Tab" },
	{ KEY_BTAB, "S-Tab" },
	{ KEYS_ESC, "Esc" },
	{ ' ', "Space" },
	{ KEY_BACKSPACE, "Backspace" },
	{ 127, "Del" },
	{ KEY_DC, "Delete" },
	{ KEY_IC, "Insert" },
	{ '<', "Lt" },
	{ '>', "Gt" },
};

char *keys_name(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == key) {
			snprintf(buf, size, "%s", key_names[i].name);
			return buf;
		}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, size, "F%d", key - KEY_F0);
	else if (key > 0 && key < 32)
		snprintf(buf, size, "C-%c", key + 'a' - 1);
	else if (key > 32 && key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "#%d", key);
	return buf;
}

int keys_parse(const char *name)
{
	size_t len = strlen(name);

	if (len == 1)
		return (unsigned char)name[0];
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strcmp(key_names[i].name, name) == 0)
			return key_names[i].key;
	if (name[0] == 'F' && len <= 3) {
		int n = 0;
		for (size_t i = 1; i < len; i++) {
			if (name[i] < '0' || name[i] > '9')
				return -1;
			n = n * 10 + name[i] - '0';
		}
		return n >= 1 && n <= 12 ? KEY_F(n) : -1;
	}
	if (len == 3 && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z')
		return KEYS_CTRL(name[2]);
	return -1;
}

char *keys_row_names(const struct key_row *r, char *buf, size_t size)
{
	size_t used = 0;
	char one[16];

	buf[0] = '\0';
	for (int i = 0; i < KEYS_PER_ROW && r->key[i] != 0; i++) {
		/* Return and the keypad's Enter are the same key to a person. */
		if (r->key[i] == '\r' || r->key[i] == KEY_ENTER)
			continue;
		/* < and > are named Lt and Gt in key scripts (<Lt>), but a
		 * person reads the characters. */
		if (r->key[i] == '<' || r->key[i] == '>')
			snprintf(one, sizeof one, "%c", r->key[i]);
		else
			keys_name(r->key[i], one, sizeof one);
		int n = snprintf(buf + used, size - used, "%s%s", used ? " " : "", one);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return buf;
}

/* Write S with roff's special characters escaped. */
static void roff_text(FILE *fp, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", fp);
		else if (*s == '-')
			fputs("\\-", fp);
		else
			fputc(*s, fp);
	}
}

void keys_write_roff(FILE *fp)
{
	char names[64];

	for (size_t r = 0; r < keys_table_len; r++) {
		const struct key_row *k = &keys_table[r];
		if (k->group != NULL) {
			fputs(".SS ", fp);
			roff_text(fp, k->group);
			fputc('\n', fp);
		}
		fputs(".TP\n.B ", fp);
		roff_text(fp, keys_row_names(k, names, sizeof names));
		fputc('\n', fp);
		roff_text(fp, k->help);
		fputs("\n", fp);
	}
}
