/* prompt.c -- the footer's line editor and what its answers do: exact slider
 * values, budgets, searches, export paths and yes/no questions.  The entry
 * grows as typed: it has no length limit. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "escape.h"
#include "parse.h"
#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

void prompt_open(struct ui *ui, int kind, const char *label)
{
	ui->pr.kind = kind;
	text_set(&ui->pr.label, label);
	text_clear(&ui->pr.buf);
}

void prompt_yes_no(struct ui *ui, const char *label, void (*yes)(struct ui *ui, const char *arg),
                   const char *arg, const char *no_text)
{
	prompt_open(ui, PROMPT_YES_NO, label);
	ui->pr.yes = yes;
	text_set(&ui->pr.arg, arg != NULL ? arg : "");
	ui->pr.no_text = no_text;
}

void prompt_free(struct ui *ui)
{
	text_free(&ui->pr.label);
	text_free(&ui->pr.buf);
	text_free(&ui->pr.arg);
}

static void prompt_close(struct ui *ui)
{
	ui->pr.kind = PROMPT_NONE;
}

/* The default export path: NET-plan.csv or NET-planned.csv here. */
static void default_path(const struct ui *ui, int kind, struct text *out)
{
	text_clear(out);
	text_printf(out, "%s-%s.csv", ui->st->net->name,
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
		text_set(&ui->export_path, path);
		ui->export_change = state_change(ui->st);
		ui->exported = 1;
		ui_message(ui, ROLE_OK, "wrote the plan (%zu convs) to %s", ui->st->n_conv, path);
	} else {
		ui_message(ui, ROLE_OK, "wrote the network with the plan's kernels to %s", path);
	}
}

static void replace_plan(struct ui *ui, const char *path)
{
	do_export(ui, PROMPT_EXPORT, path);
}

static void replace_network(struct ui *ui, const char *path)
{
	do_export(ui, PROMPT_EXPORT_NET, path);
}

static void accept_export(struct ui *ui, int kind)
{
	struct text path = { 0 }, label = { 0 };
	struct stat sb;

	if (ui->pr.buf.len == 0)
		default_path(ui, kind, &path);
	else
		text_set(&path, text_str(&ui->pr.buf));
	prompt_close(ui);
	if (stat(text_str(&path), &sb) == 0 && !S_ISDIR(sb.st_mode)) {
		const char *p = text_str(&path);
		text_printf(&label, "%.*s exists: replace it? (y/n)", (int)escape_cut(p, 120), p);
		prompt_yes_no(ui, text_str(&label),
		              kind == PROMPT_EXPORT ? replace_plan : replace_network, p,
		              "not written");
	} else {
		do_export(ui, kind, text_str(&path));
	}
	text_free(&path);
	text_free(&label);
}

static void accept_budget(struct ui *ui)
{
	struct diag dg = { 0 };
	int64_t budget = 0, min_macs = 0;
	char a[48], b[48], c[48], v[32];

	prompt_close(ui);
	int code = state_budget(ui->st, text_str(&ui->pr.buf), &budget, &min_macs, &dg);
	if (code == BKSEF_EUSAGE) {
		ui_message(ui, ROLE_ERR, "budget: %s", dg.msg);
		return;
	}
	if (code != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "%s", dg.msg);
		return;
	}
	const struct session_budget *sb = state_budget_solved(ui->st);
	const char *unit = request_resource_unit(sb->resource);
	fmt_int(a, sizeof a, sb->value);
	fmt_int(b, sizeof b, sb->used);
	fmt_pct(c, sizeof c,
	        plan_change_pct(sb->used, sb->resource == BUDGET_PARAMS ? ui->st->base->params
	                                                                : ui->st->base->macs));
	if (sb->solver == BUDGET_SOLVER_LAMBDA) {
		ui->slider = SLIDER_L3;
		ui_message(ui, ROLE_OK,
		           "budget %s %s: smallest %s3 meeting it is %s, giving %s %s (%s)", a,
		           unit, draw_glyph(&ui->d, GLYPH_LAMBDA),
		           fmt_shortest(v, sizeof v, state_params(ui->st)->lambda3), b, unit, c);
	} else {
		ui_message(ui, ROLE_OK,
		           "budget %s %s: the best plan within it%s uses %s %s (%s); %s3 does not "
		           "decide it",
		           a, unit, sb->optimal ? " (optimal)" : "", b, unit, c,
		           draw_glyph(&ui->d, GLYPH_LAMBDA));
	}
}

static void accept_value(struct ui *ui)
{
	struct diag dg = { 0 };
	double v;

	prompt_close(ui);
	if (parse_real(text_str(&ui->pr.buf), &v, &dg) != BKSEF_OK) {
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
		           fmt_shortest(a, sizeof a, now));
	}
}

/* Pin every conv to its kernel in the plan CSV typed (undoable). */
static void accept_pins(struct ui *ui)
{
	struct request req;
	struct diag dg = { 0 };
	const char *path = text_str(&ui->pr.buf);
	int code;

	prompt_close(ui);
	if (ui->pr.buf.len == 0) {
		ui_message(ui, ROLE_DIM, "no file: nothing loaded");
		return;
	}
	/* The explorer's standard input may be its terminal. */
	if (strcmp(path, "-") == 0) {
		ui_message(ui, ROLE_ERR, "not loaded: give a file, not standard input");
		return;
	}
	request_init(&req);
	request_copy(&req, &ui->st->cur);
	code = options_pins_from(path, ui->st->net, &req, &dg);
	if (code == BKSEF_OK)
		code = state_apply(ui->st, &req, 1, -1, &dg);
	request_release(&req);
	if (code != BKSEF_OK) {
		char where[32] = "";
		if (dg.line > 0)
			snprintf(where, sizeof where, ":%lu", dg.line);
		ui_message(ui, ROLE_ERR, "not loaded: %s%s: %s", dg.file ? dg.file : path, where,
		           dg.msg);
		return;
	}
	ui_message(ui, ROLE_OK, "pinned %zu convs to their kernels in %s (%c undoes)",
	           ui->st->n_conv, path, keys_first(ACT_UNDO));
}

static void accept(struct ui *ui)
{
	/* An entry that could not grow is not what was typed: act on none. */
	if (ui->pr.buf.failed) {
		prompt_close(ui);
		ui_message(ui, ROLE_ERR, "out of memory: the entry was cut, nothing done");
		return;
	}
	switch (ui->pr.kind) {
	case PROMPT_VALUE:
		accept_value(ui);
		break;
	case PROMPT_BUDGET:
		accept_budget(ui);
		break;
	case PROMPT_SEARCH:
		prompt_close(ui);
		if (ui->pr.buf.len > 0)
			text_set(&ui->search, text_str(&ui->pr.buf));
		table_search(ui, 1, 0);
		break;
	case PROMPT_EXPORT:
	case PROMPT_EXPORT_NET:
		accept_export(ui, ui->pr.kind);
		break;
	case PROMPT_OPEN:
	case PROMPT_INPUT_SIZE: {
		/* The answer is copied: opening may ask another question. */
		struct text answer = { 0 };
		int kind = ui->pr.kind;
		text_set(&answer, text_str(&ui->pr.buf));
		prompt_close(ui);
		files_accept(ui, kind, text_str(&answer));
		text_free(&answer);
		break;
	}
	case PROMPT_PINS:
		accept_pins(ui);
		break;
	default:
		prompt_close(ui);
		break;
	}
}

/* A yes/no question: y runs its action, any other key declines. */
static void answer(struct ui *ui, int key)
{
	struct text arg = { 0 };
	void (*yes)(struct ui *, const char *) = ui->pr.yes;
	const char *no_text = ui->pr.no_text;

	text_set(&arg, text_str(&ui->pr.arg));
	prompt_close(ui);
	if (key == 'y' || key == 'Y')
		yes(ui, text_str(&arg));
	else if (no_text != NULL)
		ui_message(ui, ROLE_DIM, "%s", no_text);
	text_free(&arg);
}

void prompt_key(struct ui *ui, int key)
{
	struct prompt *pr = &ui->pr;

	if (pr->kind == PROMPT_YES_NO) {
		answer(ui, key);
		return;
	}
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		accept(ui);
		return;
	case KEYS_ESC:
	case KEYS_CTRL('g'):
		prompt_close(ui);
		ui_message(ui, ROLE_DIM, "cancelled");
		return;
	case KEY_BACKSPACE:
	case 127:
	case KEYS_CTRL('h'):
		text_erase_last(&pr->buf);
		return;
	case KEYS_CTRL('u'):
		text_clear(&pr->buf);
		return;
	default:
		break;
	}
	/* Printable bytes, UTF-8 included; anything else is ignored. */
	if (key >= 32 && key < 256 && key != 127) {
		char c = (char)key;
		if (text_append(&pr->buf, &c, 1) != 0)
			ui_message(ui, ROLE_ERR, "out of memory: the entry cannot grow");
	}
}

void prompt_export(struct ui *ui, int kind)
{
	struct text path = { 0 }, label = { 0 };
	default_path(ui, kind, &path);
	const char *p = text_str(&path);
	text_printf(&label, "%s to [%.*s]:",
	            kind == PROMPT_EXPORT ? "export the plan CSV" : "export the network",
	            (int)escape_cut(p, 100), p);
	prompt_open(ui, kind, text_str(&label));
	text_free(&path);
	text_free(&label);
}
