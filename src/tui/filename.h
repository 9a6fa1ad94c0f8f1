/* filename.h -- file names typed in a prompt, without curses: a leading ~
 * expanded to the home folder, and completion of the last part from the
 * names in its folder (Tab in the export prompts). */
#ifndef BKSEF_TUI_FILENAME_H
#define BKSEF_TUI_FILENAME_H

#include <stddef.h>

#include "tui/text.h"

/* PATH with a leading "~" (alone or before a '/') replaced by the home
 * folder ($HOME, or the password database's when HOME is unset or empty)
 * into OUT; any other PATH as it is (and "~user" too: not supported).
 * Returns 0, or -1 when out of memory. */
int filename_expand(const char *path, struct text *out);

/* The names that complete a file name, sorted by their bytes; a folder's
 * ends with '/'. */
struct filename_matches {
	char **v;
	size_t n, cap;
};

/* Complete WORD, a file name as typed (~ allowed): the entries of its
 * folder (up to its last '/'; the current one when it has none) whose
 * names start with its last part, into M (emptied first), "." and ".."
 * never, other names starting with '.' only when the last part does.
 * COMPLETED gets WORD's folder as typed and then the longest prefix the
 * matches share, cut back to a whole UTF-8 character, with the '/' of a
 * folder when only one matches.  Returns the number of matches (0 when
 * the folder cannot be read), or -1 when out of memory. */
long filename_complete(const char *word, struct text *completed, struct filename_matches *m);

void filename_matches_free(struct filename_matches *m);

#endif
