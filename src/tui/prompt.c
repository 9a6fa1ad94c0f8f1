/* prompt.c -- the footer's line editor and what its answers do: exact slider
 * values, budgets, searches, export paths and yes/no questions. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "escape.h"
#include "parse.h"
#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

#define KEY_ESC 27
#define CTRL_KEY(c) ((c)&0x1f)

void prompt_open(struct ui *ui, int kind, const char *label)
{
	ui->pr.kind = kind;
	snprintf(ui->pr.label, sizeof ui->pr.label, "%s", label);
	ui->pr.buf[0] = '\0';
	ui->pr.len = 0;
}

static void prompt_close(struct ui *ui)
{
	ui->pr.kind = PROMPT_NONE;
}

/* Case-insensitive: does HAY contain NEEDLE? */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

void ui_search(struct ui *ui, int dir, int skip_current)
{
	size_t n = table_rows(ui);

	if (ui->search[0] == '\0') {
		ui_message(ui, ROLE_ERR, "no search yet: / searches layer names");
		return;
	}
	for (size_t step = skip_current ? 1 : 0; step <= n && n > 0; step++) {
		size_t r = dir > 0 ? (ui->sel + step) % n : (ui->sel + n - step % n) % n;
		if (contains(ui->st->net->layers[table_layer(ui, r)].name, ui->search)) {
			if (step > 0 && ((dir > 0 && r < ui->sel) || (dir < 0 && r > ui->sel)))
				ui_message(ui, ROLE_DIM, "search wrapped around");
			ui->sel = r;
			return;
		}
	}
	ui_message(ui, ROLE_ERR, "no %s named like '%s'%s", ui->all_layers ? "layer" : "conv",
	           ui->search, ui->all_layers ? "" : " (a lists every layer)");
}

/* The default export path: NET-plan.csv or NET-planned.csv here. */
static void default_path(const struct ui *ui, int kind, char *buf, size_t size)
{
	snprintf(buf, size, "%s-%s.csv", ui->st->net->name,
	         kind == PROMPT_EXPORT ? "plan" : "planned");
}

static void do_export(struct ui *ui, int kind, const char *path)
{
	struct diag dg = { 0 };
	int code = kind == PROMPT_EXPORT ? state_export_plan(ui->st, path, &dg)
	                                 : state_export_network(ui->st, path, &dg);
	if (code != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "not written: %s%s%s", dg.file ? dg.file : "",
		           dg.file ? ": " : "", dg.msg);
		return;
	}
	if (kind == PROMPT_EXPORT) {
		snprintf(ui->export_path, sizeof ui->export_path, "%s", path);
		ui->export_change = state_change(ui->st);
		ui->exported = 1;
		ui_message(ui, ROLE_OK, "wrote the plan (%zu convs) to %s", ui->st->n_conv, path);
	} else {
		ui_message(ui, ROLE_OK, "wrote the network with the plan's kernels to %s", path);
	}
}

static void accept_export(struct ui *ui, int kind)
{
	char path[UI_PROMPT_MAX];
	struct stat sb;

	if (ui->pr.len == 0)
		default_path(ui, kind, path, sizeof path);
	else
		snprintf(path, sizeof path, "%s", ui->pr.buf);
	if (stat(path, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
		char label[sizeof ui->pr.label];
		snprintf(label, sizeof label, "%.*s exists: replace it? (y/n)",
		         (int)escape_cut(path, 120), path);
		prompt_open(ui, PROMPT_OVERWRITE, label);
		ui->pr.overwrite_of = kind;
		snprintf(ui->pr.path, sizeof ui->pr.path, "%s", path);
		return;
	}
	prompt_close(ui);
	do_export(ui, kind, path);
}

static void accept_budget(struct ui *ui)
{
	struct diag dg = { 0 };
	int64_t budget = 0, min_macs = 0;
	char a[48], b[48], c[48], v[32];

	prompt_close(ui);
	int code = state_budget(ui->st, ui->pr.buf, &budget, &min_macs, &dg);
	if (code == BKSEF_EUSAGE) {
		ui_message(ui, ROLE_ERR, "budget: %s", dg.msg);
		return;
	}
	if (code == BKSEF_EINPUT) {
		ui_message(ui, ROLE_ERR,
		           "budget %s MACs cannot be met: the cheapest plan (these candidates and "
		           "pins) needs %s",
		           fmt_count(a, sizeof a, budget), fmt_count(b, sizeof b, min_macs));
		return;
	}
	if (code != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "%s", dg.msg);
		return;
	}
	ui->slider = SLIDER_L3;
	ui_message(ui, ROLE_OK,
	           "budget %s MACs: smallest %s3 meeting it is %s, giving %s MACs (%s)",
	           fmt_count(a, sizeof a, budget), draw_glyph(&ui->d, GLYPH_LAMBDA),
	           fmt_param(v, sizeof v, state_params(ui->st)->lambda3, 12),
	           fmt_count(b, sizeof b, ui->st->plan->macs),
	           fmt_pct(c, sizeof c, plan_change_pct(ui->st->plan->macs, ui->st->base->macs)));
}

static void accept_value(struct ui *ui)
{
	struct diag dg = { 0 };
	double v;

	prompt_close(ui);
	if (parse_real(ui->pr.buf, &v, &dg) != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "%s: %s", state_slider_name(ui->slider), dg.msg);
		return;
	}
	if (state_slider_set(ui->st, ui->slider, v, 0, &dg) != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "%s", dg.msg);
		return;
	}
	double now = state_slider_get(ui->st, ui->slider);
	if (now != v) {
		char a[32];
		ui_message(ui, ROLE_DIM, "%s is limited to %s", state_slider_name(ui->slider),
		           fmt_param(a, sizeof a, now, 12));
	}
}

static void accept(struct ui *ui)
{
	switch (ui->pr.kind) {
	case PROMPT_VALUE:
		accept_value(ui);
		break;
	case PROMPT_BUDGET:
		accept_budget(ui);
		break;
	case PROMPT_SEARCH:
		prompt_close(ui);
		if (ui->pr.len > 0)
			snprintf(ui->search, sizeof ui->search, "%s", ui->pr.buf);
		ui_search(ui, 1, 0);
		break;
	case PROMPT_EXPORT:
	case PROMPT_EXPORT_NET:
		accept_export(ui, ui->pr.kind);
		break;
	default:
		prompt_close(ui);
		break;
	}
}

/* Remove the last character (all bytes of a UTF-8 sequence). */
static void erase_last(struct prompt *pr)
{
	while (pr->len > 0) {
		unsigned char c = (unsigned char)pr->buf[--pr->len];
		if ((c & 0xc0) != 0x80)
			break;
	}
	pr->buf[pr->len] = '\0';
}

void prompt_key(struct ui *ui, int key)
{
	struct prompt *pr = &ui->pr;

	if (pr->kind == PROMPT_OVERWRITE || pr->kind == PROMPT_QUIT) {
		int yes = key == 'y' || key == 'Y';
		int kind = pr->kind, of = pr->overwrite_of;
		char path[UI_PROMPT_MAX];
		snprintf(path, sizeof path, "%s", pr->path);
		prompt_close(ui);
		if (kind == PROMPT_QUIT)
			ui->quit = yes;
		else if (yes)
			do_export(ui, of, path);
		else
			ui_message(ui, ROLE_DIM, "not written");
		return;
	}
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		accept(ui);
		return;
	case KEY_ESC:
	case CTRL_KEY('g'):
		prompt_close(ui);
		ui_message(ui, ROLE_DIM, "cancelled");
		return;
	case KEY_BACKSPACE:
	case 127:
	case CTRL_KEY('h'):
		erase_last(pr);
		return;
	case CTRL_KEY('u'):
		pr->len = 0;
		pr->buf[0] = '\0';
		return;
	default:
		break;
	}
	/* Printable bytes, UTF-8 included; anything else is ignored. */
	if (key >= 32 && key < 256 && key != 127 && pr->len + 1 < sizeof pr->buf) {
		pr->buf[pr->len++] = (char)key;
		pr->buf[pr->len] = '\0';
	}
}

void prompt_export(struct ui *ui, int kind)
{
	char path[UI_PROMPT_MAX], label[sizeof ui->pr.label];
	default_path(ui, kind, path, sizeof path);
	snprintf(label, sizeof label, "%s to [%.*s]:",
	         kind == PROMPT_EXPORT ? "export the plan CSV" : "export the network",
	         (int)escape_cut(path, 100), path);
	prompt_open(ui, kind, label);
}
