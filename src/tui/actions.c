/* actions.c -- what each request of the key list does when the view shown
 * leaves it alone: one handler per request, dispatched through a table
 * generated from the list (keys.h). */
#include <config.h>

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csvout.h"
#include "escape.h"
#include "tui/fmt.h"
#include "tui/keys.h"
#include "tui/rows.h"
#include "tui/ui.h"

void actions_step_slider(struct ui *ui, int dir, int coarse)
{
	struct diag dg = { 0 };
	int s = ui->slider, at_bound = 0;
	double v = state_slider_get(ui->st, s), next = v;
	char a[32];

	/* A held key's presses, one rescore: what as many presses give. */
	for (long i = 0; i < (ui->repeat > 1 ? ui->repeat : 1) && !at_bound; i++) {
		double to = state_slider_step(s, next, dir, coarse);
		at_bound = to == next;
		next = to;
	}
	if (next != v && state_slider_set(ui->st, s, next, 1, &dg) != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "%s", dg.msg);
		return;
	}
	if (at_bound)
		ui_message(ui, ROLE_DIM, "%s is at its %s bound, %s", state_slider_name(s),
		           dir < 0 ? "lower" : "upper", fmt_shortest(a, sizeof a, next));
}

/* Report a failed change. */
static void failed(struct ui *ui, int code, const struct diag *dg)
{
	if (code != BKSEF_OK)
		ui_message(ui, ROLE_ERR, "%s", dg->msg);
}

static void report_params(struct ui *ui, const char *what)
{
	const struct score_params *p = state_params(ui->st);
	char v[5][24];
	for (int s = 0; s < SLIDER_COUNT; s++)
		sliders_value(&ui->d, state_slider_get(ui->st, s), 10, v[s], sizeof v[s]);
	ui_message(ui, ROLE_OK, "%s: %s %s/%s/%s, %s %s, %s %s, scope %s, cost %s", what,
	           draw_glyph(&ui->d, GLYPH_LAMBDA), v[0], v[1], v[2],
	           draw_glyph(&ui->d, GLYPH_GAMMA), v[3], draw_glyph(&ui->d, GLYPH_BETA), v[4],
	           score_scope_name(p->scope), cost_model_name(p->cost));
}

/* The scrolling requests: the view's scroll state moves. */
static void act_up(struct ui *ui)
{
	view_scroll(ui, view_current(ui), SCROLL_LINES, -1);
}

static void act_down(struct ui *ui)
{
	view_scroll(ui, view_current(ui), SCROLL_LINES, 1);
}

static void act_page_up(struct ui *ui)
{
	view_scroll(ui, view_current(ui), SCROLL_PAGES, -1);
}

static void act_page_down(struct ui *ui)
{
	view_scroll(ui, view_current(ui), SCROLL_PAGES, 1);
}

static void act_home(struct ui *ui)
{
	view_scroll(ui, view_current(ui), SCROLL_HOME, 0);
}

static void act_end(struct ui *ui)
{
	view_scroll(ui, view_current(ui), SCROLL_END, 0);
}

static void act_detail(struct ui *ui)
{
	if (table_rows(ui) > 0)
		view_open(ui, VIEW_DETAIL);
}

static void act_back(struct ui *ui)
{
	ui->focus = -1;
}

static void act_search(struct ui *ui)
{
	prompt_open(ui, PROMPT_SEARCH, "search layer names:");
}

static void act_search_next(struct ui *ui)
{
	table_search(ui, 1, 1);
}

static void act_search_prev(struct ui *ui)
{
	table_search(ui, -1, 1);
}

static void act_all_layers(struct ui *ui)
{
	table_toggle_all(ui);
	ui_message(ui, ROLE_DIM, "%s", table_all_layers(ui) ? "every layer" : "convolutions only");
}

static void act_filter(struct ui *ui)
{
	table_set_filter(ui, (table_filter(ui) + 1) % FILTER_COUNT);
	ui_message(ui, ROLE_OK, "rows: %s, %zu of %zu layers (f: next filter)",
	           rows_filter_name(table_filter(ui)), table_rows(ui), ui->st->net->n_layers);
}

static void act_sort_next(struct ui *ui)
{
	table_sort_step(ui, 1);
}

static void act_sort_prev(struct ui *ui)
{
	table_sort_step(ui, -1);
}

static void act_sort_invert(struct ui *ui)
{
	table_sort_invert(ui);
}

/* Left and Right step the slider (the table's key hook scrolls its
 * columns with them first when they overflow). */
static void act_left(struct ui *ui)
{
	actions_step_slider(ui, -1, 0);
}

static void act_right(struct ui *ui)
{
	actions_step_slider(ui, 1, 0);
}

static void act_step_down(struct ui *ui)
{
	actions_step_slider(ui, -1, 0);
}

static void act_step_up(struct ui *ui)
{
	actions_step_slider(ui, 1, 0);
}

static void act_focus_next(struct ui *ui)
{
	ui->focus = ui->focus + 1 >= SLIDER_COUNT ? -1 : ui->focus + 1;
	if (ui->focus >= 0)
		ui->slider = ui->focus;
}

static void act_focus_prev(struct ui *ui)
{
	ui->focus = ui->focus < 0 ? SLIDER_COUNT - 1 : ui->focus - 1;
	if (ui->focus >= 0)
		ui->slider = ui->focus;
}

static void focus(struct ui *ui, int s)
{
	ui->focus = ui->slider = s;
}

static void act_focus_l1(struct ui *ui)
{
	focus(ui, SLIDER_L1);
}

static void act_focus_l2(struct ui *ui)
{
	focus(ui, SLIDER_L2);
}

static void act_focus_l3(struct ui *ui)
{
	focus(ui, SLIDER_L3);
}

static void act_focus_gamma(struct ui *ui)
{
	focus(ui, SLIDER_GAMMA);
}

static void act_focus_beta(struct ui *ui)
{
	focus(ui, SLIDER_BETA);
}

/* The prompt shows the value in force whole: typed back, it gives the
 * same plan. */
static void act_set_value(struct ui *ui)
{
	char label[160], a[32];
	int idle = ui->slider == SLIDER_L3 && !state_lambda3_decides(ui->st);
	snprintf(label, sizeof label, "%s (now %s%s):", state_slider_name(ui->slider),
	         fmt_shortest(a, sizeof a, state_slider_get(ui->st, ui->slider)),
	         idle ? ", not deciding the budget's plan" : "");
	prompt_open(ui, PROMPT_VALUE, label);
}

/* After a scope or cost change that moved no kernel (N 0): say so, and
 * where the two settings part (state_split_lambda3); AS is the new
 * setting ("scope layer"), THEM the pair ("the scopes"), BEFORE the
 * request before the change. */
static void unchanged_note(struct ui *ui, const char *as, const char *them,
                           const struct request *before)
{
	struct diag dg = { 0 };
	char l3[24], v[32];
	double at;
	size_t n;

	sliders_label(&ui->d, SLIDER_L3, l3, sizeof l3);
	if (session_budget(ui->st->session)->active) {
		ui_message(ui, ROLE_DIM,
		           "%s: no layer changed kernel (the budget decides the plan)", as);
		return;
	}
	int code = state_split_lambda3(ui->st, before, &at, &n, &dg);
	if (code != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "%s: no layer changed kernel (%s)", as,
		           code == BKSEF_ENOMEM ? "out of memory" : dg.msg);
		return;
	}
	if (isnan(at))
		ui_message(ui, ROLE_DIM,
		           "%s: no layer changed kernel, and %s give the same plan at any %s", as,
		           them, l3);
	else
		ui_message(
		    ui, ROLE_OK,
		    "%s: no layer changed kernel; %s %s to %s: %s then differ on %zu layer%s", as,
		    at > state_slider_get(ui->st, SLIDER_L3) ? "raise" : "lower", l3,
		    fmt_shortest(v, sizeof v, at), them, n, n == 1 ? "" : "s");
}

static void act_scope(struct ui *ui)
{
	struct diag dg = { 0 };
	struct request before;
	char as[32];

	memset(&before, 0, sizeof before);
	request_copy(&before, &ui->st->cur);
	int code = state_toggle_scope(ui->st, &dg);
	if (code != BKSEF_OK) {
		failed(ui, code, &dg);
		request_release(&before);
		return;
	}
	long n = table_note_changes(ui);
	int layer = state_params(ui->st)->scope == SCORE_SCOPE_LAYER;
	snprintf(as, sizeof as, "scope %s", layer ? "layer" : "network");
	if (n == 0)
		unchanged_note(ui, as, "the scopes", &before);
	else
		ui_message(ui, ROLE_OK, "%s: %ld layer%s changed kernel (%s)", as, n,
		           n == 1 ? "" : "s",
		           layer ? "cost normalised per layer: equal candidates, equal k*"
		                 : "cost normalised over the network: big layers pay more");
	request_release(&before);
}

static void act_cost(struct ui *ui)
{
	struct diag dg = { 0 };
	struct request before;
	char as[32];

	memset(&before, 0, sizeof before);
	request_copy(&before, &ui->st->cur);
	int code = state_toggle_cost(ui->st, &dg);
	if (code != BKSEF_OK) {
		failed(ui, code, &dg);
		request_release(&before);
		return;
	}
	const struct session_budget *b = session_budget(ui->st->session);
	static const char *const paper[] = {
		"cost paper: C = k L_in C_in C_out, as the paper's code (no stride, no groups)",
		"cost paper: C = k^2 H_in W_in C_in C_out, as the paper's code "
		"(no stride, no groups)",
		"cost paper: C = k^3 T_in H_in W_in C_in C_out, as the paper's code "
		"(no stride, no groups)",
	};
	int cost = state_params(ui->st)->cost;
	long n = table_note_changes(ui);
	if (b->active && b->solver == BUDGET_SOLVER_BEST) {
		ui_message(ui, ROLE_OK,
		           "cost %s: the best plan has no cost term: this budget's plan stays",
		           cost_model_name(cost));
	} else if (n == 0) {
		snprintf(as, sizeof as, "cost %s", cost_model_name(cost));
		unchanged_note(ui, as, "the cost models", &before);
	} else {
		ui_message(
		    ui, ROLE_OK, "%s; %ld layer%s changed kernel",
		    cost == COST_PAPER ? paper[ui->st->net->rank - 1]
		    : cost == COST_LATENCY
		        ? "cost latency: C = the layer's roofline time on the device at k "
		          "(an estimate)"
		    : cost == COST_MEASURED
		        ? "cost measured: C = the layer's time at k in the latency table"
		        : "cost macs: C = the layer's exact MACs at k (stride, groups counted)",
		    n, n == 1 ? "" : "s");
	}
	request_release(&before);
}

static void act_preset(struct ui *ui)
{
	struct diag dg = { 0 };
	const char *name = NULL;
	char label[64];
	int code = state_next_preset(ui->st, &name, &dg);

	if (code != BKSEF_OK) {
		failed(ui, code, &dg);
		return;
	}
	snprintf(label, sizeof label, "preset %s", name);
	report_params(ui, label);
}

static void act_candidates(struct ui *ui)
{
	struct diag dg = { 0 };
	char a[CAND_MAX * 3 + 1];
	int code = state_next_cands(ui->st, &dg);

	if (code != BKSEF_OK) {
		failed(ui, code, &dg);
		return;
	}
	cand_format(ui->st->cur.candidates, ',', a, sizeof a);
	if (state_run_rows(ui->st) == 0)
		ui_message(ui, ROLE_DIM,
		           "candidates %s: no effect, every tunable conv here lists its own", a);
	else
		ui_message(ui, ROLE_OK,
		           "candidates %s for the %zu tunable convs without their own list", a,
		           state_run_rows(ui->st));
}

static void act_realise(struct ui *ui)
{
	struct diag dg = { 0 };
	int code = state_toggle_realise(ui->st, &dg);

	if (code != BKSEF_OK) {
		failed(ui, code, &dg);
		return;
	}
	long n = table_note_changes(ui);
	int ds = ui->st->cur.cand_axes.kind == KERNEL_DS;
	ui_message(ui, n > 0 ? ROLE_OK : ROLE_DIM, "realise %s: %ld layer%s changed kernel (%s)",
	           ds ? "ds" : "full", n, n == 1 ? "" : "s",
	           ds ? "depthwise + pointwise; grouped convs stay full" : "full kernels");
}

static void act_reset(struct ui *ui)
{
	struct diag dg = { 0 };
	int code = state_reset(ui->st, &dg);

	if (code == BKSEF_OK)
		report_params(ui, "reset");
	failed(ui, code, &dg);
}

static int budget_same(const struct budget *a, const struct budget *b)
{
	if (a->resource == BUDGET_NONE || b->resource == BUDGET_NONE)
		return a->resource == b->resource;
	return a->resource == b->resource && a->solver == b->solver &&
	       a->text.is_percent == b->text.is_percent && a->text.percent == b->text.percent &&
	       a->text.amount == b->text.amount && a->seconds == b->seconds;
}

/* What tells request B from A, for the undo and redo messages: "pins 2 ->
 * 0", "l3 0.1 -> 0.11", ... */
static void describe_change(struct ui *ui, const struct request *a, const struct request *b,
                            struct text *out)
{
	const char *arrow = draw_glyph(&ui->d, GLYPH_ARROW);
	char x[32], y[32];
	const char *sep = "";

	text_clear(out);
	for (int s = 0; s < SLIDER_COUNT; s++) {
		double va = state_request_slider(a, s), vb = state_request_slider(b, s);
		if (va == vb)
			continue;
		sliders_label(&ui->d, s, x, sizeof x);
		text_printf(out, "%s%s ", sep, x);
		text_printf(out, "%s %s ", sliders_value(&ui->d, va, 12, x, sizeof x), arrow);
		text_printf(out, "%s", sliders_value(&ui->d, vb, 12, y, sizeof y));
		sep = ", ";
	}
	if (a->params.scope != b->params.scope) {
		text_printf(out, "%sscope %s", sep, score_scope_name(b->params.scope));
		sep = ", ";
	}
	if (a->params.cost != b->params.cost) {
		text_printf(out, "%scost %s", sep, cost_model_name(b->params.cost));
		sep = ", ";
	}
	if (a->cand_axes.kind != b->cand_axes.kind) {
		text_printf(out, "%srealise %s", sep,
		            b->cand_axes.kind == KERNEL_DS ? "ds" : "full");
		sep = ", ";
	}
	if (a->candidates != b->candidates) {
		char c[CAND_MAX * 3 + 1];
		text_printf(out, "%scandidates %s", sep,
		            cand_format(b->candidates, ',', c, sizeof c));
		sep = ", ";
	}
	if (request_n_pins(a) != request_n_pins(b) || a->pins != b->pins) {
		text_printf(out, "%spins %zu %s %zu", sep, request_n_pins(a), arrow,
		            request_n_pins(b));
		sep = ", ";
	}
	/* B is the request in force: its budget is the one solved. */
	if (!budget_same(&a->budget, &b->budget)) {
		const struct session_budget *sb = state_budget_solved(ui->st);
		if (sb->active)
			text_printf(out, "%sbudget %s %s", sep, fmt_int(x, sizeof x, sb->value),
			            request_resource_unit(sb->resource));
		else
			text_printf(out, "%sno budget", sep);
	}
	if (out->len == 0)
		text_set(out, "no change to the plan's inputs");
}

/* Undo (DIR -1) or redo (+1), saying what changed back. */
static void undo_redo(struct ui *ui, int dir)
{
	struct diag dg = { 0 };
	struct request before;
	struct text what = { 0 };
	int done;

	memset(&before, 0, sizeof before);
	request_copy(&before, &ui->st->cur);
	done = dir < 0 ? state_undo(ui->st, &dg) : state_redo(ui->st, &dg);
	if (done > 0) {
		describe_change(ui, &before, &ui->st->cur, &what);
		ui_message(ui, ROLE_OK, "%s: %s", dir < 0 ? "undone" : "redone", text_str(&what));
	} else if (done < 0) {
		ui_message(ui, ROLE_ERR, "%s", dg.msg); /* nothing changed */
	} else {
		ui_message(ui, ROLE_DIM, "nothing to %s", dir < 0 ? "undo" : "redo");
	}
	text_free(&what);
	request_release(&before);
}

static void act_undo(struct ui *ui)
{
	undo_redo(ui, -1);
}

static void act_redo(struct ui *ui)
{
	undo_redo(ui, 1);
}

static void act_budget(struct ui *ui)
{
	char label[128];
	int params = ui->st->budget_on == BUDGET_PARAMS;
	snprintf(label, sizeof label, "%s budget (%s, 57.2%% of the baseline, -42.8%% to reduce):",
	         params ? "parameter" : "MAC", params ? "2.5M, 900k" : "350M, 1.2G");
	prompt_open(ui, PROMPT_BUDGET, label);
}

static void pin_report(struct ui *ui, size_t i)
{
	const struct pin *p = request_pin_of(&ui->st->cur, i);
	const struct kernel *kp = plan_layer_kernel(ui->st->plan, i);
	char k[DRAW_KERNEL_MAX];

	if (kp == NULL) /* not a conv: never pinned */
		ui_message(ui, ROLE_OK, "%s unpinned", ui->st->net->layers[i].name);
	else if (p != NULL)
		ui_message(ui, ROLE_OK, "%s pinned to %s (Space: next kernel, x: unpin)",
		           ui->st->net->layers[i].name,
		           draw_kernel_name(&ui->d, &p->k, k, sizeof k));
	else
		ui_message(ui, ROLE_OK, "%s unpinned: back to k*=%s", ui->st->net->layers[i].name,
		           draw_kernel(&ui->d, kp, k, sizeof k));
}

static void act_pin_cycle(struct ui *ui)
{
	struct diag dg = { 0 };
	size_t i = ui_selected_layer(ui);
	int k = 0, code;

	if (table_rows(ui) == 0)
		return;
	code = state_pin_cycle(ui->st, i, &k, &dg);
	if (code == BKSEF_OK)
		pin_report(ui, i);
	failed(ui, code, &dg);
}

static void act_unpin(struct ui *ui)
{
	struct diag dg = { 0 };
	size_t i = ui_selected_layer(ui);
	int code;

	if (table_rows(ui) == 0)
		return;
	code = state_pin(ui->st, i, 0, &dg);
	if (code == BKSEF_OK)
		pin_report(ui, i);
	failed(ui, code, &dg);
}

static void unpin_all(struct ui *ui, const char *arg)
{
	struct diag dg = { 0 };
	size_t n = request_n_pins(&ui->st->cur);
	int code = state_unpin_all(ui->st, &dg);

	(void)arg;
	if (code == BKSEF_OK)
		ui_message(ui, ROLE_OK, "%zu pin%s removed (u brings %s back)", n,
		           n == 1 ? "" : "s", n == 1 ? "it" : "them");
	failed(ui, code, &dg);
}

/* X: more than one pin is asked about first; either way it is one undo
 * step. */
static void act_unpin_all(struct ui *ui)
{
	size_t n = request_n_pins(&ui->st->cur);
	char label[96];

	if (n == 0) {
		ui_message(ui, ROLE_DIM, "no pins to remove");
		return;
	}
	if (n == 1) {
		unpin_all(ui, NULL);
		return;
	}
	snprintf(label, sizeof label, "remove all %zu pins? (y/n)", n);
	prompt_yes_no(ui, label, unpin_all, NULL, "pins kept");
}

static void act_load_pins(struct ui *ui)
{
	prompt_open(ui, PROMPT_PINS, "load pins from the plan CSV:");
}

static void act_mark(struct ui *ui)
{
	compare_mark(ui);
}

static void act_compare(struct ui *ui)
{
	compare_open(ui);
}

static void act_plot_next(struct ui *ui)
{
	ui->plot = (ui->plot + 1) % PLOT_COUNT;
}

static void act_plot_1(struct ui *ui)
{
	ui->plot = PLOT_SCORE;
}

static void act_plot_2(struct ui *ui)
{
	ui->plot = PLOT_KSTAR;
}

static void act_plot_3(struct ui *ui)
{
	ui->plot = PLOT_MACS;
}

static void act_plot_4(struct ui *ui)
{
	ui->plot = PLOT_RF;
}

static void act_plot_5(struct ui *ui)
{
	ui->plot = PLOT_SWEEP;
}

static void act_plot_6(struct ui *ui)
{
	ui->plot = PLOT_FRONTIER;
}

static void act_solver(struct ui *ui)
{
	struct diag dg = { 0 };
	int64_t before, after;
	char a[32], b[32], c[32];
	int code = state_toggle_solver(ui->st, &before, &after, &dg);
	const char *name = request_solver_name(ui->st->solver);

	if (code != BKSEF_OK) {
		failed(ui, code, &dg);
		return;
	}
	if (!session_budget(ui->st->session)->active)
		ui_message(ui, ROLE_OK, "budget solver: %s (for the next budget, b)", name);
	else
		ui_message(ui, ROLE_OK, "budget solver %s: the plan needs %s instead of %s (%s)",
		           name, fmt_count(a, sizeof a, after), fmt_count(b, sizeof b, before),
		           fmt_pct(c, sizeof c, plan_change_pct(after, before)));
}

/* One step along the frontier, and what it moved to. */
static void frontier_step(struct ui *ui, int dir)
{
	struct diag dg = { 0 };
	char a[32], g[32];
	int code = state_frontier_step(ui->st, dir, &dg);

	if (code != BKSEF_OK) {
		failed(ui, code, &dg);
		return;
	}
	const struct session_budget *b = session_budget(ui->st->session);
	ui_message(ui, ROLE_OK, "frontier: the best plan within %s %s, G = %s",
	           fmt_count(a, sizeof a, b->value), request_resource_unit(b->resource),
	           csvout_format_real(b->gain, g, sizeof g));
}

static void act_frontier_cheaper(struct ui *ui)
{
	frontier_step(ui, -1);
}

static void act_frontier_richer(struct ui *ui)
{
	frontier_step(ui, 1);
}

static void act_sweep_view(struct ui *ui)
{
	sweep_view_open(ui);
}

static void act_export_plan(struct ui *ui)
{
	prompt_export(ui, PROMPT_EXPORT);
}

static void act_export_net(struct ui *ui)
{
	prompt_export(ui, PROMPT_EXPORT_NET);
}

static void act_open(struct ui *ui)
{
	files_open_prompt(ui);
}

static void act_reload(struct ui *ui)
{
	files_reload(ui);
}

static void act_help(struct ui *ui)
{
	view_open(ui, VIEW_HELP);
}

static void act_redraw(struct ui *ui)
{
	ui->busy.held = 0; /* work cancelled while drawing runs again */
	if (!ui->scripted)
		clearok(curscr, TRUE);
}

static void quit_yes(struct ui *ui, const char *arg)
{
	(void)arg;
	ui->quit = 1;
}

static void act_quit(struct ui *ui)
{
	char label[160];
	const char *path = text_str(&ui->export_path);

	if (ui->exported && files_unexported(ui)) {
		snprintf(label, sizeof label,
		         "not saved since the export to %.*s: quit anyway? (y/n)",
		         (int)escape_cut(path, 60), path);
		prompt_yes_no(ui, label, quit_yes, NULL, NULL);
	} else {
		ui->quit = 1;
	}
}

/* The dispatch table, generated from the request list: a request without
 * its handler here does not compile. */
typedef void (*action_fn)(struct ui *ui);
#define ACTIONS_HANDLER(NAME, name, group, keys, help) [ACT_##NAME] = act_##name,
static const action_fn dispatch[ACT_COUNT] = { KEYS_LIST(ACTIONS_HANDLER) };
#undef ACTIONS_HANDLER

void actions_run(struct ui *ui, int action)
{
	if (action > ACT_NONE && action < ACT_COUNT && dispatch[action] != NULL)
		dispatch[action](ui);
}
