/* ui.c -- the explorer's state struct: made, freed, its footer message and
 * the selected layer. */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>

#include "tui/ui.h"

struct ui *ui_new(struct state *st, const struct options *opt)
{
	struct ui *ui = calloc(1, sizeof *ui);

	if (ui == NULL) {
		state_free(st);
		return NULL;
	}
	ui->st = st;
	ui->opt = opt;
	ui->focus = -1;
	ui->slider = SLIDER_L3;
	ui->plot = PLOT_SCORE;
	ui->view = VIEW_TABLE;
	for (int id = 0; id < VIEW_COUNT; id++)
		view_get(ui, id)->from = VIEW_TABLE;
	return ui;
}

void ui_free(struct ui *ui)
{
	if (ui == NULL)
		return;
	for (int id = 0; id < VIEW_COUNT; id++) {
		struct view *v = &ui->views[id];
		if (v->ops != NULL && v->ops->free != NULL)
			v->ops->free(v);
	}
	header_free(ui);
	plots_free(ui);
	prompt_free(ui);
	text_free(&ui->search);
	text_free(&ui->msg);
	text_free(&ui->export_path);
	state_free(ui->st);
	files_free(ui); /* after the state, which borrows its network */
	free(ui);
}

void ui_message(struct ui *ui, int role, const char *fmt, ...)
{
	va_list ap;

	text_clear(&ui->msg);
	va_start(ap, fmt);
	(void)text_vprintf(&ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_role = role;
}

size_t ui_selected_layer(const struct ui *ui)
{
	return table_rows(ui) > 0 ? table_layer(ui, ui->views[VIEW_TABLE].sc.sel) : 0;
}
