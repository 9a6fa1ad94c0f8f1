/* prompt.c -- the footer's prompts and what their answers do: exact slider
 * values, budgets, searches, export paths and yes/no questions.  The keys
 * edit the entry as readline does (lineedit.c): it grows as typed, with no
 * length limit; Up and Down walk the answers given before to a prompt of
 * the same kind, and Tab completes a file name (filename.c). */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "escape.h"
#include "parse.h"
#include "tui/filename.h"
#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/ui.h"

/* The history of prompts of KIND, or NULL (a yes/no question has none). */
static struct lineedit_history *history_of(struct prompt *pr, int kind)
{
	return kind > PROMPT_NONE && kind < PROMPT_YES_NO ? &pr->history[kind] : NULL;
}

void prompt_open(struct ui *ui, int kind, const char *label)
{
	struct lineedit_history *h = history_of(&ui->pr, kind);

	ui->pr.kind = kind;
	ui->pr.tabbed = 0;
	text_set(&ui->pr.label, label);
	lineedit_clear(&ui->pr.ed);
	if (h != NULL)
		lineedit_history_rewind(h);
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
	lineedit_free(&ui->pr.ed);
	text_free(&ui->pr.arg);
	for (int k = 0; k < PROMPT_YES_NO; k++)
		lineedit_history_free(&ui->pr.history[k]);
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
		files_exported(ui);
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

	if (ui->pr.ed.buf.len == 0)
		default_path(ui, kind, &path);
	else
		filename_expand(text_str(&ui->pr.ed.buf), &path); /* ~/plan.csv */
	prompt_close(ui);
	if (path.failed) {
		ui_message(ui, ROLE_ERR, "out of memory: nothing written");
		text_free(&path);
		return;
	}
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
	int code = state_budget(ui->st, text_str(&ui->pr.ed.buf), &budget, &min_macs, &dg);
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
	if (parse_real(text_str(&ui->pr.ed.buf), &v, &dg) != BKSEF_OK) {
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
	struct text expanded = { 0 };
	int code;

	prompt_close(ui);
	if (ui->pr.ed.buf.len == 0) {
		ui_message(ui, ROLE_DIM, "no file: nothing loaded");
		return;
	}
	if (filename_expand(text_str(&ui->pr.ed.buf), &expanded) != 0 || expanded.failed) {
		text_free(&expanded);
		ui_message(ui, ROLE_ERR, "out of memory: nothing loaded");
		return;
	}
	const char *path = text_str(&expanded); /* ~/plan.csv */
	/* The explorer's standard input may be its terminal. */
	if (strcmp(path, "-") == 0) {
		ui_message(ui, ROLE_ERR, "not loaded: give a file, not standard input");
		goto out;
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
		goto out;
	}
	ui_message(ui, ROLE_OK, "pinned %zu convs to their kernels in %s (%c undoes)",
	           ui->st->n_conv, path, keys_first(ACT_UNDO));
out:
	text_free(&expanded);
}

static void accept(struct ui *ui)
{
	struct lineedit_history *h = history_of(&ui->pr, ui->pr.kind);

	/* An entry that could not grow is not what was typed: act on none. */
	if (ui->pr.ed.buf.failed) {
		prompt_close(ui);
		ui_message(ui, ROLE_ERR, "out of memory: the entry was cut, nothing done");
		return;
	}
	if (h != NULL)
		(void)lineedit_history_add(h, text_str(&ui->pr.ed.buf)); /* best effort */
	switch (ui->pr.kind) {
	case PROMPT_VALUE:
		accept_value(ui);
		break;
	case PROMPT_BUDGET:
		accept_budget(ui);
		break;
	case PROMPT_SEARCH:
		prompt_close(ui);
		if (ui->pr.ed.buf.len > 0)
			text_set(&ui->search, text_str(&ui->pr.ed.buf));
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
		if (kind == PROMPT_OPEN)
			filename_expand(text_str(&ui->pr.ed.buf), &answer); /* ~/net.csv */
		else
			text_set(&answer, text_str(&ui->pr.ed.buf));
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

/* Tab in a file prompt: the text before the cursor completed to the
 * prefix its matches share; a second Tab in a row lists them above the
 * prompt. */
static void complete(struct ui *ui)
{
	struct prompt *pr = &ui->pr;
	struct lineedit *ed = &pr->ed;
	struct text word = { 0 }, done = { 0 }, list = { 0 };
	struct filename_matches m = { 0 };
	int again = pr->tabbed;

	pr->tabbed = 1;
	if (text_append(&word, text_str(&ed->buf), ed->cur) != 0)
		goto oom;
	long n = filename_complete(text_str(&word), &done, &m);
	if (n < 0)
		goto oom;
	if (n == 0) {
		ui_message(ui, ROLE_DIM, "no file name starts so");
		goto out;
	}
	if (done.len > word.len) {
		/* Replace the text before the cursor with its completion. */
		lineedit_kill_start(ed);
		if (lineedit_insert(ed, text_str(&done), done.len) != 0)
			goto oom;
		pr->tabbed = n > 1; /* still ambiguous: Tab again lists */
		goto out;
	}
	if (n > 1 && again) {
		text_printf(&list, "%ld matches:", n);
		for (size_t i = 0; i < m.n; i++)
			text_printf(&list, "  %s", m.v[i]);
		ui_message(ui, ROLE_DIM, "%s", text_str(&list));
	} else if (n > 1) {
		ui_message(ui, ROLE_DIM, "%ld matches; Tab again lists them", n);
	}
	goto out;
oom:
	ui_message(ui, ROLE_ERR, "out of memory: no completion");
out:
	filename_matches_free(&m);
	text_free(&word);
	text_free(&done);
	text_free(&list);
}

/* A key that moves in the entry or its history, or deletes: 1 when KEY is
 * one (done), 0 if not. */
static int edit_key(struct ui *ui, int key)
{
	struct prompt *pr = &ui->pr;
	struct lineedit *ed = &pr->ed;
	struct lineedit_history *h = history_of(pr, pr->kind);

	switch (key) {
	case KEY_LEFT:
	case KEYS_CTRL('b'):
		lineedit_left(ed);
		return 1;
	case KEY_RIGHT:
	case KEYS_CTRL('f'):
		lineedit_right(ed);
		return 1;
	case KEY_HOME:
	case KEYS_CTRL('a'):
		lineedit_home(ed);
		return 1;
	case KEY_END:
	case KEYS_CTRL('e'):
		lineedit_end(ed);
		return 1;
	case KEY_BACKSPACE:
	case 127:
	case KEYS_CTRL('h'):
		lineedit_backspace(ed);
		return 1;
	case KEY_DC:
	case KEYS_CTRL('d'):
		lineedit_delete(ed);
		return 1;
	case KEYS_CTRL('u'):
		lineedit_kill_start(ed);
		return 1;
	case KEYS_CTRL('k'):
		lineedit_kill_end(ed);
		return 1;
	case KEYS_CTRL('w'):
		lineedit_kill_word(ed);
		return 1;
	case KEY_UP:
	case KEYS_CTRL('p'):
	case KEY_DOWN:
	case KEYS_CTRL('n'): {
		int up = key == KEY_UP || key == KEYS_CTRL('p');
		if (h != NULL && lineedit_history_move(h, ed, up ? -1 : 1) < 0)
			ui_message(ui, ROLE_ERR, "out of memory: the history cannot be shown");
		return 1;
	}
	default:
		return 0;
	}
}

void prompt_key(struct ui *ui, int key)
{
	struct prompt *pr = &ui->pr;
	int tabbed = pr->tabbed;

	if (pr->kind == PROMPT_YES_NO) {
		answer(ui, key);
		return;
	}
	pr->tabbed = 0;
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
	case '\t':
		if (pr->kind == PROMPT_EXPORT || pr->kind == PROMPT_EXPORT_NET ||
		    pr->kind == PROMPT_OPEN || pr->kind == PROMPT_PINS) {
			pr->tabbed = tabbed;
			complete(ui);
		}
		return;
	default:
		break;
	}
	if (edit_key(ui, key))
		return;
	/* Printable bytes, UTF-8 included; anything else is ignored. */
	if (key >= 32 && key < 256 && key != 127) {
		char c = (char)key;
		if (lineedit_insert(&pr->ed, &c, 1) != 0)
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
