/* explorer.c -- the explorer's entry point: the terminal (checked, set up and
 * always restored), signals, the event loop of the real terminal and of the
 * scripted mode; keys go to the view shown, then to the request list's
 * handlers (actions.c). */
#include <config.h>

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>
#include <term.h>

#include "escape.h"
#include "tui/keys.h"
#include "tui/script.h"
#include "tui/tui.h"
#include "tui/busy.h"
#include "tui/ui.h"

/* The only global state of the explorer, and why it must be global: signal
 * handlers can reach nothing else.
 *
 * SIGINT, SIGQUIT (Ctrl-\), SIGTERM and SIGHUP only set stop_signal
 * (async-signal-safe); the event loop sees it when wgetch returns (the
 * handlers are installed without SA_RESTART, so a blocked read is
 * interrupted; a 500 ms input timeout backs that up), leaves curses with
 * endwin like `q` does, frees everything, then re-raises the signal with
 * its default action so the parent sees it (SIGQUIT's may dump core).
 *
 * A crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) cannot call endwin
 * safely, so its handler restores the terminal with async-signal-safe calls
 * only: tcsetattr to the modes saved before curses started, and write of the
 * terminfo strings that leave the alternate screen, show the cursor, reset
 * the attributes and the keypad, and stop mouse reports (prepared before
 * curses took the terminal).  Not installed in sanitizer builds, whose own
 * handlers must report the crash. */
static volatile sig_atomic_t stop_signal;
static int crash_fd = -1;
static struct termios crash_modes;
static char crash_restore[512]; /* four terminfo strings and the mouse-off
                                   sequence; one that would not fit is left
                                   out (terminfo strings are tens of bytes) */
static size_t crash_restore_len;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void on_crash(int sig)
{
	if (crash_fd >= 0) {
		(void)tcsetattr(crash_fd, TCSANOW, &crash_modes);
		(void)!write(crash_fd, crash_restore, crash_restore_len);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int stop_signals[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP };
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

static void signals_install(int crash)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
		sigaction(stop_signals[i], &sa, NULL);
#if defined(__SANITIZE_ADDRESS__)
	crash = 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	crash = 0;
#endif
#endif
	if (crash) {
		sa.sa_handler = on_crash;
		sa.sa_flags = SA_RESETHAND;
		for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
			sigaction(crash_signals[i], &sa, NULL);
	}
}

static void signals_default(void)
{
	for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
		signal(stop_signals[i], SIG_DFL);
	for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		signal(crash_signals[i], SIG_DFL);
	crash_fd = -1;
}

/* Say that memory ran out, as main does; exit status 1. */
static int out_of_memory(void)
{
	fprintf(stderr, "bksef: out of memory\n");
	return 1;
}

/* Append terminfo capability CAP to the crash restore string. */
static void crash_add(const char *cap)
{
	char *s = tigetstr(cap);
	if (s == NULL || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (crash_restore_len + n < sizeof crash_restore) {
		memcpy(crash_restore + crash_restore_len, s, n);
		crash_restore_len += n;
	}
}

/* Whether TERM names a terminal the explorer can drive: 1; if not, 0, and
 * why is said on standard error; -1 when out of memory (not said).  Only
 * reads the terminfo database: the terminal is left untouched. */
static int terminal_usable(void)
{
	const char *term = getenv("TERM");
	const char *hint = "use --summary, --plan or --batch for output without the explorer "
	                   "(see 'bksef --help')";
	int err = 0;

	if (term == NULL || term[0] == '\0') {
		fprintf(stderr,
		        "bksef: TERM is not set, so the explorer cannot drive this terminal; "
		        "%s\n",
		        hint);
		return 0;
	}
	errno = 0;
	if (setupterm(term, STDOUT_FILENO, &err) != OK) {
		if (errno == ENOMEM)
			return -1;
		fputs("bksef: unknown terminal type '", stderr);
		escape_fputs(term, stderr);
		fprintf(stderr, "' (%s); set TERM, or %s\n",
		        err == 0 ? "no terminfo entry" : "no terminfo database", hint);
		return 0;
	}
	char *cup = tigetstr("cup");
	int ok = cup != NULL && cup != (char *)-1 && tigetflag("gn") <= 0 && tigetflag("hc") <= 0;
	del_curterm(cur_term);
	if (!ok) {
		fputs("bksef: terminal '", stderr);
		escape_fputs(term, stderr);
		fprintf(stderr,
		        "' cannot move the cursor, and the explorer needs "
		        "a full-screen terminal; %s\n",
		        hint);
	}
	return ok;
}

/* After a key or a click: say so when the undo history dropped its oldest
 * entry. */
static void history_note(struct ui *ui)
{
	if (!state_history_dropped(ui->st))
		return;
	if (ui->msg.len > 0)
		text_printf(&ui->msg, " (oldest undo dropped: undo keeps %d changes)",
		            STATE_HISTORY);
	else
		ui_message(ui, ROLE_DIM, "oldest undo dropped: undo keeps %d changes",
		           STATE_HISTORY);
}

static void dispatch_key(struct ui *ui, int key)
{
	struct view *v = view_current(ui);
	int act;

	text_clear(&ui->msg);
	ui->oom = 0;
	if (ui->pr.kind != PROMPT_NONE) {
		prompt_key(ui, key);
		return;
	}
	act = keys_action(key);
	if (ui->too_small) {
		if (act == ACT_QUIT)
			actions_run(ui, ACT_QUIT);
		return;
	}
	if (act == ACT_NONE) {
		char name[32];
		ui_message(ui, ROLE_DIM, "%s does nothing here; ? lists the keys",
		           keys_name(key, name, sizeof name));
		return;
	}
	/* With a slider in focus, PgUp and PgDn step it ten times; Home and
	 * End (g and G) still go to the first and last row. */
	if (ui->focus >= 0 && !(v->ops->flags & VIEW_MODAL) &&
	    (act == ACT_PAGE_UP || act == ACT_PAGE_DOWN)) {
		actions_step_slider(ui, act == ACT_PAGE_UP ? -1 : 1, 1);
		return;
	}
	if (v->ops->key != NULL && v->ops->key(ui, v, act))
		return;
	actions_run(ui, act);
}

static int inside(const struct rect *r, int y, int x)
{
	return y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w;
}

/* Watch the work a key, a click or a redraw starts: after 200 ms its
 * progress shows in the status line and Esc cancels it (busy.h). */
static void busy_enter(struct ui *ui)
{
	ui->busy.d = &ui->d;
	ui->busy.rows = ui->rows;
	ui->busy.cols = ui->cols;
	ui->busy.stop = &stop_signal;
	busy_begin(&ui->busy);
}

/* The work is over: 1 when it was cancelled, which the footer says (the
 * core left everything as it was). */
static int busy_leave(struct ui *ui)
{
	if (!busy_end(&ui->busy))
		return 0;
	ui->busy.held = state_change(ui->st) + 1;
	ui_message(ui, ROLE_DIM, "cancelled %s after %.1f s; nothing changed", ui->busy.cancelled,
	           ui->busy.elapsed);
	return 1;
}

/* Before an action: the last one's marks go. */
static void action_begin(struct ui *ui)
{
	table_marks_clear(ui);
}

/* After an action: mark the rows whose kernel it changed, and count them in
 * the footer unless the action said something already (scope and cost
 * count them in their own words, a cancel says it changed nothing). */
static void action_end(struct ui *ui)
{
	long n = table_note_changes(ui);
	if (n > 0 && ui->msg.len == 0 && ui->pr.kind == PROMPT_NONE)
		ui_message(ui, ROLE_DIM, "%ld layer%s changed kernel (marked *)", n,
		           n == 1 ? "" : "s");
	history_note(ui);
}

static void handle_key(struct ui *ui, int key)
{
	action_begin(ui);
	busy_enter(ui);
	dispatch_key(ui, key);
	busy_leave(ui);
	action_end(ui);
}

/* Whether KEY steps a slider now, so that its repeats may be applied as
 * one multi-step (actions_step_slider with ui->repeat). */
static int coalesces(struct ui *ui, int key)
{
	int act = keys_action(key);
	/* Left and Right step only with a slider in focus (with the table's
	 * they may scroll its columns, a press each) */
	int step = act == ACT_STEP_UP || act == ACT_STEP_DOWN ||
	           ((act == ACT_LEFT || act == ACT_RIGHT) && ui->focus >= 0);
	return step && ui->pr.kind == PROMPT_NONE && !ui->too_small &&
	       !(view_current(ui)->ops->flags & VIEW_MODAL);
}

/* Handle KEY and its repeats, REPEAT presses in all, with one rescore. */
static void handle_repeated(struct ui *ui, int key, long repeat)
{
	ui->repeat = repeat;
	handle_key(ui, key);
	ui->repeat = 1;
}

static void dispatch_mouse(struct ui *ui, int y, int x, int wheel)
{
	struct view *v = view_current(ui);

	text_clear(&ui->msg);
	ui->oom = 0;
	if (ui->pr.kind != PROMPT_NONE || ui->too_small)
		return;
	/* The view beside the one shown (the table beside the detail). */
	if (ui->beside.w > 0 && inside(&ui->beside, y, x)) {
		struct view *under = view_get(ui, v->from);
		if (under->ops->mouse != NULL && under->ops->mouse(ui, under, y, x, wheel))
			return;
		if (wheel)
			view_scroll(ui, under, SCROLL_LINES, 3L * wheel);
		return;
	}
	/* The view's area first (anywhere for a modal view); its wheel
	 * scrolls it unless the view says otherwise. */
	if ((v->ops->flags & VIEW_MODAL) || inside(&ui->main, y, x)) {
		if (v->ops->mouse != NULL && v->ops->mouse(ui, v, y, x, wheel))
			return;
		if (wheel) {
			view_scroll(ui, v, SCROLL_LINES, 3L * wheel);
			return;
		}
		if (v->ops->flags & VIEW_MODAL)
			return;
	}
	if (sliders_mouse(ui, y, x, wheel))
		return;
	if (!wheel && inside(&ui->graph, y, x))
		ui->plot = (ui->plot + 1) % PLOT_COUNT;
}

static void handle_mouse(struct ui *ui, int y, int x, int wheel)
{
	action_begin(ui);
	busy_enter(ui);
	dispatch_mouse(ui, y, x, wheel);
	busy_leave(ui);
	action_end(ui);
}

static void redraw(struct ui *ui)
{
	(void)files_poll(ui);
	/* Work started by drawing (a plot's sweep or frontier) that is
	 * cancelled is not started again until a change or Ctrl-L. */
	busy_enter(ui);
	frame_draw(ui);
	if (busy_leave(ui)) {
		ui->plot = ui->drawn_plot;
		frame_draw(ui);
	}
	ui->drawn_plot = ui->plot;
	/* A text that could not grow drew short: say so, as an action that
	 * ran out of memory does (the footer's text needs no memory). */
	if (text_out_of_memory()) {
		ui->oom = 1;
		frame_draw(ui);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* The user's LC_CTYPE; *UTF8: whether to draw in UTF-8.  Returns 0, or -1
 * when out of memory.  Neither failure would show later: setlocale keeps
 * the C locale (as for a locale that is not installed), and glibc, when it
 * cannot load a locale's conversions, uses ASCII ones for good, so that
 * every glyph would be drawn as '?'.  glibc's setlocale does not always
 * say ENOMEM when memory ran out (ENOENT, from the next file it tried), so
 * a failure is tried once more.  The first conversion loads the
 * conversions: done here, and checked. */
static int locale_start(int ascii, int *utf8)
{
	wchar_t wc = 0;
	mbstate_t ms;
	int is_utf8;

	errno = 0;
	if (setlocale(LC_CTYPE, "") == NULL && setlocale(LC_CTYPE, "") == NULL && errno == ENOMEM)
		return -1;
	is_utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	*utf8 = !ascii && is_utf8;
	memset(&ms, 0, sizeof ms);
	if (is_utf8 && (mbrtowc(&wc, "\xce\xbb", 2, &ms) != 2 || wc != 0x3bb))
		return -1; /* the locale says UTF-8, so only memory can be missing */
	return 0;
}

/* The terminal the explorer runs on: started by tui_run, or earlier by
 * the first load's progress (tui_load_begin) and then taken over by
 * tui_run.  Global for that reason: the load runs in main, before the
 * explorer exists. */
static struct tui_term {
	const struct options *opt;
	int started;
	int rc; /* a start that failed: its exit status (said on stderr) */
	int color, utf8, mouse;
	int rows, cols;
	SCREEN *scr;
	FILE *out, *in;    /* scripted: /dev/null */
	FILE *tty;         /* keys from /dev/tty (the network came from a pipe) */
	struct script *sc; /* scripted: the key script and the dump */
	/* The first load's progress. */
	struct draw d;
	struct busy busy;
	struct progress sink;
	struct progress_saved saved;
} term;

/* The curses modes every start sets. */
static void term_modes(void)
{
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	(void)curs_set(0);
}

/* Scripted mode: ncurses on /dev/null at the asked size, keys from the
 * script, screens to the dump.  The dump is created only once ncurses has
 * started, so that a start that fails leaves no file.  0, or the exit
 * status with the reason said. */
static int start_scripted(const struct options *opt)
{
	static const char *const types[] = { "xterm-256color", "xterm", "vt100", "ansi", "dumb" };
	char err[600];
	int rc;

	term.out = fopen("/dev/null", "w");
	term.in = term.out ? fopen("/dev/null", "r") : NULL;
	if (term.in == NULL) {
		int saved = errno;
		if (saved == ENOMEM) {
			rc = out_of_memory();
		} else {
			fprintf(stderr, "bksef: /dev/null: %s\n", strerror(saved));
			rc = 2;
		}
		goto fail;
	}
	errno = 0;
	for (size_t i = 0; term.scr == NULL && i < sizeof types / sizeof types[0]; i++) {
		term.scr = newterm(types[i], term.out, term.in);
		if (errno == ENOMEM)
			break; /* not a reason to emulate another terminal */
	}
	if (term.scr == NULL) {
		if (errno == ENOMEM) {
			rc = out_of_memory();
		} else {
			fprintf(stderr,
			        "bksef: scripted mode: no terminal description to emulate\n");
			rc = 2;
		}
		goto fail;
	}
	term.sc = script_open(opt->keys_file, opt->dump_file, err, sizeof err);
	if (term.sc == NULL) {
		if (errno == ENOMEM) {
			rc = out_of_memory();
		} else {
			fputs("bksef: ", stderr);
			escape_fputs(err, stderr); /* the key script's text; its name is quoted */
			fputc('\n', stderr);
			rc = 2;
		}
		endwin();
		delscreen(term.scr);
		term.scr = NULL;
		goto fail;
	}
	term_modes();
	resize_term(opt->size_h, opt->size_w);
	term.rows = opt->size_h;
	term.cols = opt->size_w;
	signals_install(0);
	return 0;
fail:
	if (term.out)
		fclose(term.out);
	if (term.in)
		fclose(term.in);
	term.out = term.in = NULL;
	return rc;
}

/* The real terminal: standard output, keys from standard input or, when
 * that is not a terminal (the network came from a pipe), /dev/tty.  0, or
 * the exit status with the reason said. */
static int start_terminal(const struct options *opt)
{
	FILE *keys = stdin;
	int usable = terminal_usable();

	if (usable < 0)
		return out_of_memory();
	if (usable == 0)
		return 2;
	if (!isatty(STDIN_FILENO)) {
		term.tty = fopen("/dev/tty", "r");
		if (term.tty == NULL && errno == ENOMEM)
			return out_of_memory();
		if (term.tty == NULL) {
			fprintf(stderr,
			        "bksef: no terminal to read keys from (standard input is not "
			        "one and /dev/tty cannot be opened: %s)\n",
			        strerror(errno));
			return 2;
		}
		keys = term.tty;
	}
	/* Saved before curses changes anything, for the crash handler. */
	if (tcgetattr(STDOUT_FILENO, &crash_modes) == 0)
		crash_fd = STDOUT_FILENO;
	signals_install(1);
	errno = 0;
	term.scr = newterm(NULL, stdout, keys);
	if (term.scr == NULL) {
		int nomem = errno == ENOMEM;
		signals_default();
		if (term.tty)
			fclose(term.tty);
		term.tty = NULL;
		if (nomem)
			return out_of_memory();
		fprintf(stderr,
		        "bksef: cannot start the terminal; use --summary, --plan or --batch\n");
		return 2;
	}
	crash_add("rmcup");
	crash_add("cnorm");
	crash_add("sgr0");
	crash_add("rmkx");
	term_modes();
	term.rows = LINES;
	term.cols = COLS;
	if (!opt->no_mouse &&
	    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
	              NULL) != 0) {
		term.mouse = 1;
		mouseinterval(0);
		static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1006l";
		if (crash_restore_len + sizeof mouse_off < sizeof crash_restore) {
			memcpy(crash_restore + crash_restore_len, mouse_off, sizeof mouse_off - 1);
			crash_restore_len += sizeof mouse_off - 1;
		}
	}
	return 0;
}

/* Start the terminal for OPT, once: 0, or the exit status of a start that
 * failed (said once, on standard error). */
static int term_start(const struct options *opt)
{
	const char *no_color = getenv("NO_COLOR");
	int rc;

	if (term.started || term.rc)
		return term.rc;
	term.opt = opt;
	if (locale_start(opt->ascii, &term.utf8) != 0)
		return term.rc = out_of_memory();
	term.color = !opt->no_color && !(no_color != NULL && no_color[0] != '\0');
	rc = opt->keys_file ? start_scripted(opt) : start_terminal(opt);
	if (rc != 0)
		return term.rc = rc;
	term.started = 1;
	return 0;
}

/* Give the terminal back (nothing when it was not started).  HALF_DUMP:
 * remove the dump, which must not be left half written.  Returns 0, or 1
 * when writing the dump failed (said). */
static int term_stop(int half_dump)
{
	int rc = 0;
	const char *dump = term.opt ? term.opt->dump_file : NULL;

	if (!term.started)
		return 0;
	term.started = 0;
	if (term.mouse)
		mousemask(0, NULL);
	endwin();
	delscreen(term.scr);
	term.scr = NULL;
	if (term.sc == NULL)
		signals_default();
	if (term.tty)
		fclose(term.tty);
	if (term.out)
		fclose(term.out);
	if (term.in)
		fclose(term.in);
	term.tty = term.out = term.in = NULL;
	/* A failed write to standard output is main's to report, once. */
	if (script_close(term.sc) != 0 && !half_dump && dump != NULL) {
		fputs("bksef: ", stderr);
		escape_fputs_quoted(dump, stderr);
		fputs(": write error\n", stderr);
		rc = 1;
	}
	term.sc = NULL;
	if (half_dump && dump != NULL && strcmp(dump, "-") != 0)
		(void)unlink(dump);
	return rc;
}

/* Keys from the script, screens to the dump.  *HALF_DUMP: set when the
 * dump must not be kept. */
static int loop_scripted(struct ui *ui, int *half_dump)
{
	struct script *sc = term.sc;
	struct script_item it;
	char err[600];
	int rc = 0, got;

	ui->scripted = 1;
	ui->busy.sc = sc;
	while (!ui->quit && !stop_signal) {
		redraw(ui);
		got = script_next(sc, &it, err, sizeof err);
		if (got <= 0) {
			if (got < 0 && errno == ENOMEM) {
				endwin();
				rc = out_of_memory();
				*half_dump = 1;
			} else if (got < 0) {
				endwin();
				fputs("bksef: ", stderr);
				escape_fputs(
				    err, stderr); /* the key script's text; its name is quoted */
				fputc('\n', stderr);
				rc = 2;
			}
			break;
		}
		switch (it.type) {
		case SCRIPT_KEY: {
			/* The presses of a held step key that follow (:repeat),
			 * as one. */
			long n = 1;
			struct script_item more;
			while (coalesces(ui, it.key) &&
			       script_peek(sc, &more, err, sizeof err) > 0 &&
			       more.type == SCRIPT_KEY && more.key == it.key) {
				(void)script_next(sc, &more, err, sizeof err);
				n++;
			}
			handle_repeated(ui, it.key, n);
			break;
		}
		case SCRIPT_MOUSE:
			handle_mouse(ui, it.y, it.x, it.wheel);
			break;
		case SCRIPT_RESIZE:
			resize_term(it.rows, it.cols);
			ui->rows = it.rows;
			ui->cols = it.cols;
			break;
		case SCRIPT_DUMP:
			script_dump(sc, ui->rows, ui->cols, it.label);
			break;
		default:
			break;
		}
	}
	return rc;
}

/* Keys from the terminal until q or a signal. */
static void loop_terminal(struct ui *ui)
{
	MEVENT me;
	int dirty = 1;

	ui->lazy_sweep = 1;
	ui->mouse = term.mouse;
	while (!ui->quit && !stop_signal) {
		if (dirty)
			redraw(ui);
		/* A stale sweep on screen: recompute it once keys pause. */
		wtimeout(stdscr, busy_has_keys(&ui->busy) ? 0 : ui->sweep_pending ? 60 : 500);
		int key = busy_next_key(&ui->busy);
		if (key < 0)
			key = wgetch(stdscr);
		if (stop_signal)
			break;
		dirty = 1;
		if (key == ERR) {
			/* Idle: the header says when the file changes on disk. */
			dirty = ui->sweep_pending || files_poll(ui);
			if (ui->sweep_pending && !busy_holds(&ui->busy, state_change(ui->st))) {
				busy_enter(ui);
				(void)state_sweep(ui->st);
				busy_leave(ui);
			}
		} else if (key == KEY_RESIZE) {
			ui->rows = LINES;
			ui->cols = COLS;
		} else if (key == KEY_MOUSE) {
			if (getmouse(&me) == OK) {
				int wheel = me.bstate & BUTTON4_PRESSED   ? -1
				            : me.bstate & BUTTON5_PRESSED ? 1
				                                          : 0;
				if (wheel || (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
					handle_mouse(ui, me.y, me.x, wheel);
			}
		} else {
			/* A held step key: the presses already queued, one rescore. */
			long n = 1;
			int more = ERR;
			wtimeout(stdscr, 0);
			while (coalesces(ui, key) && !busy_has_keys(&ui->busy) &&
			       (more = wgetch(stdscr)) == key)
				n++;
			if (more != ERR && more != key)
				ungetch(more);
			handle_repeated(ui, key, n);
		}
	}
}

/* The first load's progress sink: once the load has run 200 ms the
 * terminal starts (so that the screen is not blank while a large network
 * loads) and the status line shows it; Esc cancels it. */
static int load_report(void *ctx, const char *what, double done)
{
	(void)ctx;
	if (stop_signal)
		return 1;
	if (progress_elapsed() < BUSY_SHOW_AFTER || term.rc)
		return 0;
	if (!term.started) {
		if (term_start(term.opt) != 0)
			return 0; /* said why; the load goes on, tui_run fails */
		draw_init(&term.d, term.color, term.utf8);
		term.busy.d = &term.d;
		term.busy.sc = term.sc;
		term.busy.rows = term.rows;
		term.busy.cols = term.cols;
		term.busy.stop = &stop_signal;
		werase(stdscr);
		draw_text(&term.d, 0, 0, term.cols, "bksef", A_BOLD);
	}
	return busy_report(&term.busy, what, done);
}

void tui_load_begin(const struct options *opt)
{
	if (opt->dump_file != NULL && opt->keys_file == NULL)
		return; /* tui_run refuses it */
	term.opt = opt;
	term.sink.report = load_report;
	progress_begin(&term.sink, &term.saved);
}

int tui_load_end(int status)
{
	if (term.sink.report == NULL)
		return 0;
	progress_end(&term.saved);
	term.sink.report = NULL;
	if (status == BKSEF_ECANCELED) {
		(void)term_stop(0); /* the screens dumped so far are kept */
		fprintf(stderr, "bksef: load cancelled\n");
		return 1;
	}
	if (status != BKSEF_OK)
		(void)term_stop(1); /* main says why, on the terminal as it was */
	return 0;
}

void tui_load_abandon(void)
{
	(void)term_stop(1);
}

int tui_run(const struct options *opt, struct net *net)
{
	struct ui *ui;
	struct state *st = NULL;
	struct diag dg = { 0 };
	int rc, code, half_dump = 0;

	if (opt->dump_file != NULL && opt->keys_file == NULL) {
		fprintf(stderr, "bksef: --dump needs --keys (the scripted mode)\n");
		return 2;
	}
	if (term.rc) {
		rc = term.rc; /* an early start failed, and said so */
		term.rc = 0;
		return rc;
	}
	/* The first scores (and a budget given on the command line) are part
	 * of the first load: its progress line, and Esc exits. */
	tui_load_begin(opt);
	code = state_new(net, opt, &st, &dg);
	if (tui_load_end(code) != 0)
		return 1;
	if (code != BKSEF_OK) {
		tui_load_abandon();
		fputs("bksef: ", stderr);
		escape_fputs(code == BKSEF_ENOMEM ? "out of memory" : dg.msg, stderr);
		fputc('\n', stderr);
		return code == BKSEF_EUSAGE ? 2 : 1;
	}
	ui = ui_new(st, opt); /* takes ST, and frees it when out of memory */
	if (ui == NULL) {
		tui_load_abandon();
		return out_of_memory();
	}
	rc = term_start(opt);
	if (rc == 0) {
		draw_init(&ui->d, term.color, term.utf8);
		ui->rows = term.rows;
		ui->cols = term.cols;
		if (opt->keys_file)
			rc = loop_scripted(ui, &half_dump);
		else
			loop_terminal(ui);
		if (term_stop(half_dump) != 0 && rc == 0)
			rc = 1;
	}
	term.rc = 0; /* the next tui_run (fuzz_keys) starts afresh */
	ui_free(ui);
	if (stop_signal) {
		/* Die of the signal, as the parent expects, now that the
		 * terminal is restored and the memory is back. */
		int sig = stop_signal;
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return rc;
}
