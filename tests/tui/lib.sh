# tests/tui/lib.sh -- what the explorer's shell tests share: a temporary
# folder, a UTF-8 locale, failures counted.  Sourced; each test ends with
# `finish`.
: "${BKSEF:?BKSEF must name the bksef program}"
: "${srcdir:?srcdir must name the source tree}"
: "${builddir:?builddir must name the build tree}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-tui.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
cd "$tmp" || exit 99
# Screens are compared as text: the locale decides UTF-8 or ASCII glyphs,
# so it is fixed here (--ascii selects ASCII where a test wants it).
LC_ALL=C.UTF-8
export LC_ALL
unset NO_COLOR
failures=0

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

finish() {
	if [ "$failures" -ne 0 ]; then
		printf '%d failure(s)\n' "$failures"
		exit 1
	fi
	exit 0
}
