#!/bin/sh
# tests/cli/output-permissions.sh -- -o and --export-network replace a file
# only when a new file can stand in for it: the user could open it for
# writing, owns it, and it has one link (a rename would change its owner or
# break its links); a replaced file keeps its mode.  Run as root, the cases
# run as nobody (setpriv, from util-linux) on a copy of bksef that nobody can
# reach, so that they hold in CI, which runs as root; never skipped.
. "$srcdir/tests/cli/lib.sh"

if [ "$(id -u)" = 0 ]; then
	if ! command -v setpriv >/dev/null 2>&1; then
		echo "FAIL: running as root, and no setpriv to run bksef as nobody"
		exit 99
	fi
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	uid=65534
	# bksef itself, where nobody can run it (the build folder may be closed)
	chmod 755 "$tmp" && mkdir bin && cp "$builddir/src/bksef" bin/bksef &&
		chmod 755 bin bin/bksef || exit 99
	prog=$tmp/bin/bksef
	mkdir w && chown "$uid:$uid" w || exit 99
else
	as_user=
	uid=$(id -u)
	prog=$BKSEF
	mkdir w || exit 99
fi
# Under check-valgrind the copy runs under valgrind as the wrapper does.
checker=
if [ "${BKSEF_MEMCHECK:-}" = valgrind ] && [ -n "$as_user" ]; then
	checker="valgrind -q --error-exitcode=99 --leak-check=full"
	checker="$checker --errors-for-leak-kinds=definite,indirect --track-fds=no"
fi
cp "$srcdir/data/lenet5.csv" net.csv && chmod 644 net.csv || exit 99

# run_as ARGS...: bksef as the user (nobody when root), output captured.
run_as() {
	what="bksef $* (as uid $uid)"
	# shellcheck disable=SC2086 # as_user and checker are word lists
	$as_user $checker "$prog" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -lt 126 ] || fail "$what: exit $rc: $(head -c 300 "$tmp/err")"
}

# put NAME MODE [OWNER]: a file w/NAME holding "old NAME".
put() {
	printf 'old %s\n' "$1" >"w/$1" && chmod "$2" "w/$1" || exit 99
	if [ -n "$as_user" ]; then
		chown "${3:-$uid}" "w/$1" || exit 99
	fi
}

# kept NAME MODE: w/NAME still holds its old text, with mode MODE.
kept() {
	[ "$(cat "w/$1")" = "old $1" ] || fail "$what: w/$1 was replaced"
	[ "$(stat -c %a "w/$1")" = "$2" ] || fail "$what: w/$1 has mode $(stat -c %a "w/$1")"
}

# refused TARGET WANT [ARGS...]: -o TARGET (or ARGS) is refused with WANT.
refused() {
	target=$1
	want=$2
	shift 2
	[ $# -gt 0 ] || set -- -o "w/$target"
	run_as --batch "$@" net.csv
	expect_rc 1
	expect_err "bksef:w/$target: $want"
	expect_no_out
}

# A read-only file of the user's own: it could not open it for writing.
put ro.csv 444
refused ro.csv "cannot open it for writing: Permission denied"
kept ro.csv 444
# Through a symbolic link, and as the network export with -o beside it:
# -o is not replaced either.
ln -s ro.csv w/link.csv || exit 99
refused link.csv "cannot open it for writing: Permission denied"
kept ro.csv 444
put plan.csv 644
refused ro.csv "cannot open it for writing" -o w/plan.csv --export-network w/ro.csv
kept plan.csv 644

# Someone else's file in the user's folder: read-only (the issue's case), or
# writable (a new file in its place would be the user's).
if [ -n "$as_user" ]; then
	put theirs.csv 444 0
	refused theirs.csv "cannot open it for writing: Permission denied"
	kept theirs.csv 444
	put theirs-rw.csv 666 0
	refused theirs-rw.csv "is owned by someone else (user 0)"
	kept theirs-rw.csv 666
else
	echo "note: not root, so no file of another user can be made here;" \
		"the read-only and hard-link cases stand for it"
fi

# A file with a second hard link: a new file would break the link.
put linked.csv 644
ln w/linked.csv w/other.csv || exit 99
refused linked.csv "has 2 hard links"
kept linked.csv 644

# A file the user owns and may write is replaced, keeping its mode.
put mode.csv 640
run_as --batch -o w/mode.csv net.csv
expect_rc 0
head -n 1 w/mode.csv | grep -q '^layer,op,' || fail "$what: w/mode.csv: $(head -n 1 w/mode.csv)"
[ "$(stat -c %a w/mode.csv)" = 640 ] || fail "$what: mode $(stat -c %a w/mode.csv), want 640"
[ "$(stat -c %u w/mode.csv)" = "$uid" ] || fail "$what: owner $(stat -c %u w/mode.csv)"
# A new file is the user's.
run_as --batch -o w/new.csv --export-network w/net.csv net.csv
expect_rc 0
[ "$(stat -c %u w/new.csv)" = "$uid" ] || fail "$what: owner $(stat -c %u w/new.csv)"

# Nothing else was left in the folder.
[ "$(ls -A w | tr '\n' ' ')" = "link.csv linked.csv mode.csv net.csv new.csv other.csv plan.csv ro.csv $([ -n "$as_user" ] && echo 'theirs-rw.csv theirs.csv ')" ] ||
	fail "left in w: $(ls -A w | tr '\n' ' ')"
finish
