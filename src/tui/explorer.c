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

/* Before an action: the last one's marks go. */
static void action_begin(struct ui *ui)
{
	table_marks_clear(ui);
}

/* After an action: mark the rows whose kernel it changed, and count them in
 * the footer unless the action said something already (scope and cost
 * count them in their own words). */
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
	dispatch_key(ui, key);
	action_end(ui);
}

static void dispatch_mouse(struct ui *ui, int y, int x, int wheel)
{
	struct view *v = view_current(ui);

	text_clear(&ui->msg);
	ui->oom = 0;
	if (ui->pr.kind != PROMPT_NONE || ui->too_small)
		return;
	/* The view's area first (anywhere for a modal view); its wheel
	 * scrolls it unless the view says otherwise. */
	/* The view beside the one shown (the table beside the detail). */
	if (ui->beside.w > 0 && inside(&ui->beside, y, x)) {
		struct view *under = view_get(ui, v->from);
		if (under->ops->mouse != NULL && under->ops->mouse(ui, under, y, x, wheel))
			return;
		if (wheel)
			view_scroll(ui, under, SCROLL_LINES, 3L * wheel);
		return;
	}
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
	dispatch_mouse(ui, y, x, wheel);
	action_end(ui);
}

static void screen_setup(struct ui *ui, int color, int utf8)
{
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	(void)curs_set(0);
	draw_init(&ui->d, color, utf8);
	ui->rows = LINES;
	ui->cols = COLS;
}

static void redraw(struct ui *ui)
{
	(void)files_poll(ui);
	frame_draw(ui);
	/* A text that could not grow drew short: say so, as an action that
	 * ran out of memory does (the footer's text needs no memory). */
	if (text_out_of_memory()) {
		ui->oom = 1;
		frame_draw(ui);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* Scripted mode: ncurses on /dev/null at the asked size, keys from the
 * script, screens to the dump.  The dump is created only once ncurses has
 * started, so that a start that fails leaves no file. */
static int run_scripted(struct ui *ui, int color, int utf8)
{
	static const char *const types[] = { "xterm-256color", "xterm", "vt100", "ansi", "dumb" };
	char err[600];
	struct script *sc = NULL;
	struct script_item it;
	SCREEN *scr = NULL;
	FILE *out, *in;
	int rc = 0, got, half_dump = 0;

	out = fopen("/dev/null", "w");
	in = out ? fopen("/dev/null", "r") : NULL;
	if (in == NULL) {
		int saved = errno;
		if (saved == ENOMEM) {
			rc = out_of_memory();
		} else {
			fprintf(stderr, "bksef: /dev/null: %s\n", strerror(saved));
			rc = 2;
		}
		goto out;
	}
	errno = 0;
	for (size_t i = 0; scr == NULL && i < sizeof types / sizeof types[0]; i++) {
		scr = newterm(types[i], out, in);
		if (errno == ENOMEM)
			break; /* not a reason to emulate another terminal */
	}
	if (scr == NULL) {
		if (errno == ENOMEM) {
			rc = out_of_memory();
		} else {
			fprintf(stderr,
			        "bksef: scripted mode: no terminal description to emulate\n");
			rc = 2;
		}
		goto out;
	}
	sc = script_open(ui->opt->keys_file, ui->opt->dump_file, err, sizeof err);
	if (sc == NULL) {
		if (errno == ENOMEM) {
			rc = out_of_memory();
		} else {
			fputs("bksef: ", stderr);
			escape_fputs(err, stderr); /* the key script's text; its name is quoted */
			fputc('\n', stderr);
			rc = 2;
		}
		endwin();
		delscreen(scr);
		goto out;
	}
	ui->scripted = 1;
	screen_setup(ui, color, utf8);
	resize_term(ui->opt->size_h, ui->opt->size_w);
	ui->rows = ui->opt->size_h;
	ui->cols = ui->opt->size_w;
	signals_install(0);
	while (!ui->quit && !stop_signal) {
		redraw(ui);
		got = script_next(sc, &it, err, sizeof err);
		if (got <= 0) {
			if (got < 0 && errno == ENOMEM) {
				endwin();
				rc = out_of_memory();
				half_dump = 1;
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
		case SCRIPT_KEY:
			handle_key(ui, it.key);
			break;
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
	endwin();
	delscreen(scr);
out:
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	/* A failed write to standard output is main's to report, once. */
	if (script_close(sc) != 0 && rc == 0 && ui->opt->dump_file != NULL) {
		fputs("bksef: ", stderr);
		escape_fputs_quoted(ui->opt->dump_file, stderr);
		fputs(": write error\n", stderr);
		rc = 1;
	}
	/* Out of memory part-way: no half a dump is left behind. */
	if (half_dump && ui->opt->dump_file != NULL && strcmp(ui->opt->dump_file, "-") != 0)
		(void)unlink(ui->opt->dump_file);
	return rc;
}

/* The real terminal: standard output, keys from standard input or, when
 * that is not a terminal (the network came from a pipe), /dev/tty. */
static int run_terminal(struct ui *ui, int color, int utf8)
{
	FILE *keys = stdin, *tty = NULL;
	SCREEN *scr;
	MEVENT me;

	int usable = terminal_usable();

	if (usable < 0)
		return out_of_memory();
	if (usable == 0)
		return 2;
	if (!isatty(STDIN_FILENO)) {
		tty = fopen("/dev/tty", "r");
		if (tty == NULL && errno == ENOMEM)
			return out_of_memory();
		if (tty == NULL) {
			fprintf(stderr,
			        "bksef: no terminal to read keys from (standard input is not "
			        "one and /dev/tty cannot be opened: %s)\n",
			        strerror(errno));
			return 2;
		}
		keys = tty;
	}
	/* Saved before curses changes anything, for the crash handler. */
	if (tcgetattr(STDOUT_FILENO, &crash_modes) == 0)
		crash_fd = STDOUT_FILENO;
	signals_install(1);
	errno = 0;
	scr = newterm(NULL, stdout, keys);
	if (scr == NULL) {
		int nomem = errno == ENOMEM;
		signals_default();
		if (tty)
			fclose(tty);
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
	screen_setup(ui, color, utf8);
	ui->lazy_sweep = 1;
	if (!ui->opt->no_mouse &&
	    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
	              NULL) != 0) {
		ui->mouse = 1;
		mouseinterval(0);
		static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1006l";
		if (crash_restore_len + sizeof mouse_off < sizeof crash_restore) {
			memcpy(crash_restore + crash_restore_len, mouse_off, sizeof mouse_off - 1);
			crash_restore_len += sizeof mouse_off - 1;
		}
	}
	int dirty = 1;
	while (!ui->quit && !stop_signal) {
		if (dirty)
			redraw(ui);
		/* A stale sweep on screen: recompute it once keys pause. */
		wtimeout(stdscr, ui->sweep_pending ? 60 : 500);
		int key = wgetch(stdscr);
		if (stop_signal)
			break;
		dirty = 1;
		if (key == ERR) {
			/* Idle: the header says when the file changes on disk. */
			dirty = ui->sweep_pending || files_poll(ui);
			if (ui->sweep_pending)
				(void)state_sweep(ui->st);
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
			handle_key(ui, key);
		}
	}
	if (ui->mouse)
		mousemask(0, NULL);
	endwin();
	delscreen(scr);
	signals_default();
	if (tty)
		fclose(tty);
	return 0;
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

int tui_run(const struct options *opt, struct net *net)
{
	struct ui *ui;
	struct state *st = NULL;
	struct diag dg = { 0 };
	const char *no_color = getenv("NO_COLOR");
	int rc, code, color, utf8 = 0;

	if (opt->dump_file != NULL && opt->keys_file == NULL) {
		fprintf(stderr, "bksef: --dump needs --keys (the scripted mode)\n");
		return 2;
	}
	code = state_new(net, opt, &st, &dg);
	if (code != BKSEF_OK) {
		fputs("bksef: ", stderr);
		escape_fputs(code == BKSEF_ENOMEM ? "out of memory" : dg.msg, stderr);
		fputc('\n', stderr);
		return code == BKSEF_EUSAGE ? 2 : 1;
	}
	ui = ui_new(st, opt); /* takes ST, and frees it when out of memory */
	if (ui == NULL)
		return out_of_memory();
	if (locale_start(opt->ascii, &utf8) != 0) {
		ui_free(ui);
		return out_of_memory();
	}
	color = !opt->no_color && !(no_color != NULL && no_color[0] != '\0');
	rc = opt->keys_file ? run_scripted(ui, color, utf8) : run_terminal(ui, color, utf8);
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
