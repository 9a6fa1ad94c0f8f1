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

#endif
