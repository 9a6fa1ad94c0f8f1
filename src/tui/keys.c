/* keys.c -- the key table and key names; nothing here draws, so the manual's
 * key list can be generated (and checked) from this file alone. */
#include <config.h>

#include "tui/keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define CTRL_KEY(c) ((c)&0x1f)
#define KEY_ESC 27

const struct key_row keys_table[] = {
	{ ACT_UP, "Layer table", { KEY_UP, 'k' }, "select the previous layer" },
	{ ACT_DOWN, NULL, { KEY_DOWN, 'j' }, "select the next layer" },
	{ ACT_PAGE_UP, NULL, { KEY_PPAGE }, "page up (with a slider in focus: coarse step down)" },
	{ ACT_PAGE_DOWN,
	  NULL,
	  { KEY_NPAGE },
	  "page down (with a slider in focus: coarse step up)" },
	{ ACT_HOME, NULL, { KEY_HOME }, "first layer (with a slider in focus: its lower bound)" },
	{ ACT_END, NULL, { KEY_END }, "last layer (with a slider in focus: its upper bound)" },
	{ ACT_DETAIL,
	  NULL,
	  { '\n', '\r', KEY_ENTER },
	  "open or close the selected layer's detail" },
	{ ACT_BACK, NULL, { KEY_ESC }, "close the detail, the help or a prompt; focus the table" },
	{ ACT_SEARCH, NULL, { '/' }, "search layer names" },
	{ ACT_SEARCH_NEXT, NULL, { 'n' }, "next match" },
	{ ACT_SEARCH_PREV, NULL, { 'N' }, "previous match" },
	{ ACT_ALL_LAYERS, NULL, { 'a' }, "show every layer, or the convolutions only" },
	{ ACT_STEP_DOWN, "Sliders", { KEY_LEFT, 'h', '-' }, "step the current slider down" },
	{ ACT_STEP_UP, NULL, { KEY_RIGHT, 'l', '+' }, "step the current slider up" },
	{ ACT_FOCUS_NEXT, NULL, { '\t' }, "focus the next slider (then the table)" },
	{ ACT_FOCUS_PREV, NULL, { KEY_BTAB }, "focus the previous slider" },
	{ ACT_FOCUS_L1, NULL, { 'I' }, "focus lambda1, the weight of information gain I" },
	{ ACT_FOCUS_L2, NULL, { 'A' }, "focus lambda2, the weight of accuracy gain A" },
	{ ACT_FOCUS_L3, NULL, { 'C' }, "focus lambda3, the weight of cost C" },
	{ ACT_FOCUS_GAMMA, NULL, { 'G' }, "focus gamma, the rate of A(k)" },
	{ ACT_FOCUS_BETA, NULL, { 'B' }, "focus beta, the rate of I(k)" },
	{ ACT_SET_VALUE, NULL, { '=' }, "type an exact value for the current slider" },
	{ ACT_SCOPE, "Parameters", { 's' }, "toggle the normalisation scope: network or layer" },
	{ ACT_COST, NULL, { 'c' }, "toggle the cost model: exact MACs or the paper's" },
	{ ACT_PRESET, NULL, { 'P' }, "apply the next preset (paper, edge, cloud, balanced)" },
	{ ACT_CANDIDATES, NULL, { 'K' }, "cycle the run's candidate kernel set" },
	{ ACT_RESET, NULL, { 'R' }, "reset the parameters to those bksef started with" },
	{ ACT_UNDO, NULL, { 'u' }, "undo a parameter change" },
	{ ACT_REDO, NULL, { 'U', CTRL_KEY('r') }, "redo a parameter change" },
	{ ACT_BUDGET, NULL, { 'b' }, "MAC budget: 350M, 1.2G, 57.2% of baseline or -42.8%" },
	{ ACT_PIN_CYCLE, "Pins", { ' ' }, "pin the selected layer to its next allowed kernel" },
	{ ACT_UNPIN, NULL, { 'x' }, "unpin the selected layer" },
	{ ACT_UNPIN_ALL, NULL, { 'X' }, "unpin every layer" },
	{ ACT_PLOT_NEXT, "Plots", { 'p' }, "show the next plot" },
	{ ACT_PLOT_1, NULL, { '1' }, "plot: the selected layer's score and its three terms" },
	{ ACT_PLOT_2, NULL, { '2' }, "plot: k* per layer along the depth" },
	{ ACT_PLOT_3, NULL, { '3' }, "plot: MACs per layer, baseline and plan" },
	{ ACT_PLOT_4, NULL, { '4' }, "plot: receptive field along the depth" },
	{ ACT_PLOT_5, NULL, { '5' }, "plot: the exact lambda3 sweep (MACs, mean k)" },
	{ ACT_EXPORT_PLAN, "Files", { 'e' }, "export the plan CSV (what --batch writes)" },
	{ ACT_EXPORT_NET, NULL, { 'E' }, "export the network with the plan's kernels" },
	{ ACT_HELP, "General", { '?', KEY_F(1) }, "show or hide this help" },
	{ ACT_REDRAW, NULL, { CTRL_KEY('l') }, "redraw the screen" },
	{ ACT_QUIT, NULL, { 'q', KEY_F(10) }, "quit" },
};

const size_t keys_table_len = sizeof keys_table / sizeof keys_table[0];

int keys_action(int key)
{
	for (size_t r = 0; r < keys_table_len; r++)
		for (int i = 0; i < KEYS_PER_ROW && keys_table[r].key[i] != 0; i++)
			if (keys_table[r].key[i] == key)
				return keys_table[r].action;
	return ACT_NONE;
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
	{ KEY_ESC, "Esc" },
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
		return CTRL_KEY(name[2]);
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
