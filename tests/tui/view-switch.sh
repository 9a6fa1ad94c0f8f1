#!/bin/sh
# view-switch.sh -- the explorer tells its views apart by their operations
# (the one view table, src/tui/view.c), never by their id: outside view.c no
# file of src/tui may switch on a view id or compare one ("case VIEW_HELP",
# "ui->view == VIEW_TABLE", "!= VIEW_DETAIL").  A new view then needs a new
# entry of the table, not a new branch in every file.
. "$srcdir/tests/tui/lib.sh"

pattern='case[[:space:]]+VIEW_[A-Z]+|[=!]=[[:space:]]*VIEW_[A-Z]+|VIEW_[A-Z]+[[:space:]]*[=!]=|->view[[:space:]]*[=!]=|switch[[:space:]]*\([^)]*->view[[:space:]]*\)'

# The pattern must catch what it is meant to catch (and not a flag test).
for probe in '	if (ui->view == VIEW_HELP)' '	case VIEW_DETAIL:' \
	'	switch (ui->view) {' '	return id != VIEW_TABLE;'; do
	printf '%s\n' "$probe" | grep -Eq "$pattern" || {
		echo "the pattern misses: $probe"
		exit 99
	}
done
printf '%s\n' '	if (v->ops->flags & VIEW_FULL)' | grep -Eq "$pattern" && {
	echo "the pattern catches a flag test"
	exit 99
}

for f in "$srcdir"/src/tui/*.c; do
	case $f in
	*/src/tui/view.c) continue ;;
	esac
	if grep -nE "$pattern" "$f" >hits.txt; then
		fail "$(basename "$f") tells views apart by their id (use the view's operations):"
		cat hits.txt
	fi
done
finish
