/* files.c -- the network file the explorer shows: o opens another (CSV or
 * ONNX, asking for an input size when the model's is symbolic), r reloads
 * it; both start a new history carrying the request over (state_carry) and
 * say what did not carry.  The header's marks come from here: whether the
 * file changed on disk since it was loaded (its stat, checked at most once
 * a second), and whether the plan changed since it was exported. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "onnx_map.h"
#include "tui/ui.h"

struct file_data {
	struct text arg;  /* as the user named it: a path, a bundled name, "-" */
	struct text path; /* where it was read */
	int is_stdin, bundled;
	struct onnx_map_size size; /* the input size a model was mapped with */
	struct net *owned;         /* the network o or r loaded (main owns the first) */
	struct request saved;      /* as loaded or last exported: "*" when the one in
	                         force asks for something else */
	/* What the file was on disk when loaded, and whether it still is. */
	int have_stat, changed;
	dev_t dev;
	ino_t ino;
	off_t bytes;
	struct timespec mtime;
	time_t checked;
	struct text pending; /* o's answer while the input size is asked for */
};

/* Whether SB differs from what FD saw at load. */
static int differs(const struct file_data *fd, const struct stat *sb)
{
	return sb->st_dev != fd->dev || sb->st_ino != fd->ino || sb->st_size != fd->bytes ||
	       sb->st_mtim.tv_sec != fd->mtime.tv_sec || sb->st_mtim.tv_nsec != fd->mtime.tv_nsec;
}

/* Note what the file is on disk now, as loaded. */
static void take_stat(struct file_data *fd)
{
	struct stat sb;

	fd->changed = 0;
	fd->have_stat = !fd->is_stdin && stat(text_str(&fd->path), &sb) == 0;
	if (!fd->have_stat)
		return;
	fd->dev = sb.st_dev;
	fd->ino = sb.st_ino;
	fd->bytes = sb.st_size;
	fd->mtime = sb.st_mtim;
}

static struct file_data *data_of(struct ui *ui)
{
	struct file_data *fd = ui->file_data;
	const struct options *opt = ui->opt;

	if (fd != NULL)
		return fd;
	fd = calloc(1, sizeof *fd);
	if (fd == NULL) {
		text_note_out_of_memory();
		return NULL;
	}
	ui->file_data = fd;
	/* The network bksef started with, as main found it. */
	text_set(&fd->arg, opt->net_arg != NULL ? opt->net_arg : ui->st->net->name);
	text_set(&fd->path, opt->path != NULL ? opt->path : text_str(&fd->arg));
	fd->is_stdin = strcmp(text_str(&fd->path), "-") == 0;
	fd->bundled = strcmp(text_str(&fd->arg), text_str(&fd->path)) != 0;
	fd->size = opt->input_size;
	request_init(&fd->saved);
	request_copy(&fd->saved, &ui->st->start);
	take_stat(fd);
	return fd;
}

void files_free(struct ui *ui)
{
	struct file_data *fd = ui->file_data;

	if (fd == NULL)
		return;
	text_free(&fd->arg);
	text_free(&fd->path);
	text_free(&fd->pending);
	request_release(&fd->saved);
	/* The state borrows it: freed last (ui_free frees the state first). */
	net_free(fd->owned);
	free(fd);
	ui->file_data = NULL;
}

int files_poll(struct ui *ui)
{
	struct file_data *fd = data_of(ui);
	struct stat sb;
	time_t now = time(NULL);

	if (fd == NULL || !fd->have_stat)
		return 0;
	/* A stat a second at most on a terminal; the scripted mode's keys
	 * come faster than seconds, and its screens must not depend on time. */
	if (!ui->scripted && now == fd->checked)
		return 0;
	fd->checked = now;
	int was = fd->changed;
	/* A file that went away has changed too. */
	fd->changed = stat(text_str(&fd->path), &sb) != 0 || differs(fd, &sb);
	return fd->changed != was;
}

const char *files_name(struct ui *ui, int *bundled)
{
	struct file_data *fd = data_of(ui);

	*bundled = fd != NULL && fd->bundled;
	if (fd == NULL)
		return ui->st->net->name;
	return fd->is_stdin ? diag_stdin_name : text_str(&fd->arg);
}

int files_changed(struct ui *ui)
{
	struct file_data *fd = data_of(ui);
	return fd != NULL && fd->changed;
}

int files_unexported(struct ui *ui)
{
	struct file_data *fd = data_of(ui);
	return fd != NULL && !request_equal(&fd->saved, &ui->st->cur);
}

void files_exported(struct ui *ui)
{
	struct file_data *fd = data_of(ui);
	if (fd != NULL)
		request_copy(&fd->saved, &ui->st->cur);
}

/* What did not carry over, as a message after TEXT's first part. */
static void describe_carried(struct ui *ui, const struct state_carried *c, struct text *out)
{
	const struct request_lost *l = &c->lost;

	if (l->n_pins > 0) {
		text_printf(out, "; %zu pin%s not carried over:", l->n_pins,
		            l->n_pins == 1 ? "" : "s");
		for (size_t p = 0; p < l->n_pins; p++) {
			const struct request_lost_pin *lp = &l->pin[p];
			char k[DRAW_KERNEL_MAX];
			text_printf(out, "%s %s (", p ? "," : "", lp->layer);
			if (lp->why == REQUEST_LOST_NO_LAYER)
				text_printf(out, "no such layer)");
			else if (lp->why == REQUEST_LOST_NOT_CONV)
				text_printf(out, "not a conv)");
			else
				text_printf(out, "%s does not fit it)",
				            draw_kernel_name(&ui->d, &lp->k, k, sizeof k));
		}
	}
	if (c->budget_dropped)
		text_printf(out, "; budget not carried over: %s", c->budget_why.msg);
	if (l->measured)
		text_printf(out, "; the latency table was the old network's: not carried over");
	if (l->cand_axes)
		text_printf(out, "; the per-axis candidates do not fit this network's rank");
}

/* Show NST, the model of NET (now owned here), from now on; the views
 * start over on it. */
static void swap_in(struct ui *ui, struct file_data *fd, struct state *nst, struct net *net)
{
	struct table_order order;

	table_order_save(ui, &order); /* the table's filter and sort stay */
	compare_forget(ui);           /* plan A's session holds the network replaced */
	state_free(ui->st);
	net_free(fd->owned);
	ui->st = nst;
	fd->owned = net;
	view_reset_all(ui);
	table_order_restore(ui, &order);
	header_free(ui);
	plots_free(ui);
	ui->sweep_pending = 0;
	ui->exported = 0;
	text_clear(&ui->export_path);
}

/* Load ARG (a path or a bundled name) mapped with SIZE (NULL: a model's
 * own) and show it, carrying the request over; RELOAD words the message.
 * A failure is said in the footer and keeps the network shown. */
static void load(struct ui *ui, const char *arg, const struct onnx_map_size *size, int reload)
{
	struct file_data *fd = data_of(ui);
	struct onnx_map map = { 0 };
	struct state_carried carried;
	struct net *net = NULL;
	struct state *nst = NULL;
	struct diag dg = { 0 };
	struct text msg = { 0 };
	char buf[1200], q[216];
	int code;

	if (fd == NULL)
		return;
	if (strcmp(arg, "-") == 0) {
		ui_message(ui, ROLE_ERR,
		           "the explorer reads its keys there: standard input "
		           "cannot be opened");
		return;
	}
	char *path = netfind_resolve(arg);
	if (path == NULL) {
		if (errno == ENOMEM)
			ui_message(ui, ROLE_ERR, "out of memory: nothing opened");
		else
			ui_message(
			    ui, ROLE_ERR,
			    "bksef: %s: no such file or bundled network (see 'bksef --list')",
			    diag_quote(q, sizeof q, arg));
		return;
	}
	code = onnx_map_load(path, path, size, &net, &map, &dg);
	if (code != BKSEF_OK && (map.notes & ONNX_MAP_NOTE_NEEDS_SIZE) && size == NULL) {
		/* A symbolic input: ask for its size, then load again. */
		text_set(&fd->pending, arg);
		text_printf(&msg, "%s has a symbolic input size: give it (CxHxW, e.g. 3x224x224):",
		            diag_quote(q, sizeof q, arg));
		prompt_open(ui, PROMPT_INPUT_SIZE, text_str(&msg));
		goto out;
	}
	if (code != BKSEF_OK) {
		/* As bksef NETWORK would say it; a refused model by its first
		 * reason. */
		if (map.n_blockers > 0) {
			size_t n = strcspn(map.blockers, "\n");
			snprintf(dg.msg, sizeof dg.msg, "%.*s", (int)(n < 400 ? n : 400),
			         map.blockers);
			if (map.n_blockers > 1)
				snprintf(dg.msg + strlen(dg.msg), sizeof dg.msg - strlen(dg.msg),
				         " (and %zu more)", map.n_blockers - 1);
			dg.line = 0;
		}
		ui_message(ui, ROLE_ERR, "%s (%s kept)", diag_format(&dg, "bksef", buf, sizeof buf),
		           ui->st->net->name);
		goto out;
	}
	code = state_carry(ui->st, net, &nst, &carried, &dg);
	if (code != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "%s: %s (%s kept)", diag_quote(q, sizeof q, arg), dg.msg,
		           ui->st->net->name);
		state_carried_free(&carried);
		net_free(net);
		goto out;
	}
	/* Said before the old network, which names the lost pins, goes. */
	text_printf(&msg, "%s %s: %zu layers, %zu conv%s; a new undo history",
	            reload ? "reloaded" : "opened", net->name, net->n_layers, net->n_conv,
	            net->n_conv == 1 ? "" : "s");
	describe_carried(ui, &carried, &msg);
	int lost = carried.lost.n_pins > 0 || carried.budget_dropped || carried.lost.measured ||
	           carried.lost.cand_axes;
	state_carried_free(&carried);
	swap_in(ui, fd, nst, net);
	text_set(&fd->arg, arg);
	text_set(&fd->path, path);
	fd->is_stdin = 0;
	fd->bundled = strcmp(arg, path) != 0;
	fd->size = size != NULL && map.text != NULL ? *size : (struct onnx_map_size){ 0 };
	request_copy(&fd->saved, &ui->st->cur);
	take_stat(fd);
	ui_message(ui, lost ? ROLE_ERR : ROLE_OK, "%s", text_str(&msg));
out:
	text_free(&msg);
	onnx_map_release(&map);
	free(path);
}

void files_open_prompt(struct ui *ui)
{
	prompt_open(ui, PROMPT_OPEN, "open a network (a CSV, an ONNX model or a bundled name):");
}

void files_accept(struct ui *ui, int kind, const char *answer)
{
	struct file_data *fd = data_of(ui);
	struct onnx_map_size size;
	struct diag dg = { 0 };
	struct text arg = { 0 };

	if (fd == NULL)
		return;
	if (kind == PROMPT_OPEN) {
		if (answer[0] == '\0')
			ui_message(ui, ROLE_DIM, "no file named: nothing opened");
		else
			load(ui, answer, NULL, 0);
		return;
	}
	/* PROMPT_INPUT_SIZE: the model named before. */
	if (onnx_map_size_parse(answer, &size, &dg) != BKSEF_OK) {
		ui_message(ui, ROLE_ERR, "input size: %s (nothing opened)", dg.msg);
		return;
	}
	text_set(&arg, text_str(&fd->pending)); /* load may ask again */
	load(ui, text_str(&arg), &size, 0);
	text_free(&arg);
}

void files_reload(struct ui *ui)
{
	struct file_data *fd = data_of(ui);
	struct text arg = { 0 };

	if (fd == NULL)
		return;
	if (fd->is_stdin) {
		ui_message(ui, ROLE_ERR,
		           "the network came from standard input: it cannot be "
		           "reloaded (o opens a file)");
		return;
	}
	if (fd->bundled) {
		ui_message(ui, ROLE_ERR,
		           "%s is a bundled network: it does not change, so it is not reloaded "
		           "(o opens a file)",
		           ui->st->net->name);
		return;
	}
	text_set(&arg, text_str(&fd->arg));
	load(ui, text_str(&arg), fd->size.n > 0 ? &fd->size : NULL, 1);
	text_free(&arg);
}
