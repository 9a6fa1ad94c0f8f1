/* tui.h -- the interactive explorer (ncurses). */
#ifndef BKSEF_TUI_H
#define BKSEF_TUI_H

#include "net.h"
#include "options.h"

/* Run the explorer on NET (borrowed) starting from OPT's parameters, on the
 * terminal, or scripted (OPT->keys_file) without one.  Returns the exit
 * status: 0, 1 (a fatal error, reported), 2 (no usable terminal).  A
 * failed write of the scripted mode's screens to standard output is left
 * for the caller to report: ferror (stdout) is set, and errno says why. */
int tui_run(const struct options *opt, struct net *net);

/* The first load, for the explorer: between tui_load_begin and
 * tui_load_end (given the load's status) a load that runs 200 ms starts
 * the terminal and shows its progress, and Esc cancels it (the load then
 * returns BKSEF_ECANCELED).  tui_load_end returns 1 when it was cancelled:
 * the terminal is restored and "load cancelled" said, exit status 1; 0
 * otherwise (the terminal, if started, is left for tui_run, or given back
 * when the load failed).  tui_load_abandon gives back a terminal tui_run
 * will not take (an error after the load); it does nothing otherwise. */
void tui_load_begin(const struct options *opt);
int tui_load_end(int status);
void tui_load_abandon(void);

#endif
