/* keytable.c -- print the explorer's key table as roff, the text that sits
 * between the KEYS markers of bksef(1); tests/tui/keys-man.sh compares them
 * so the manual cannot drift from the keys the explorer dispatches. */
#include <config.h>

#include <stdio.h>

#include "tui/keys.h"

int main(void)
{
	keys_write_roff(stdout);
	return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
}
