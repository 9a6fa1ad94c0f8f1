/* explorer.c -- placeholder until the explorer lands. */
#include <config.h>

#include <stdio.h>

#include "tui/tui.h"

int tui_run(const struct options *opt, struct net *net)
{
	(void)opt;
	(void)net;
	fprintf(stderr, "bksef: the explorer is not built yet; use --summary or --batch\n");
	return 2;
}
