# tests/cli/lib.sh -- what the CLI shell tests share: a temporary folder,
# running bksef with its output captured, and checks that count failures.
# Sourced by tests/cli/*.sh; each test ends with `finish`.
: "${BKSEF:?BKSEF must name the bksef program}"
: "${srcdir:?srcdir must name the source tree}"
# Messages (strerror) and grep in the C locale, whatever the user's.
LC_ALL=C
export LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bksef-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
cd "$tmp" || exit 99
failures=0
what=

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

# run ARGS...: bksef with stdin from /dev/null (or $stdin), stdout in
# $tmp/out, stderr in $tmp/err, the exit status in $rc; $what names the run.
run() {
	what="bksef $*"
	"$BKSEF" "$@" <"${stdin:-/dev/null}" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ge 126 ]; then
		fail "$what: exit $rc (crash or not run): $(head -c 300 "$tmp/err")"
	fi
}

# run_stdin FILE ARGS...: the same with FILE on standard input.
run_stdin() {
	stdin=$1
	shift
	run "$@"
	stdin=
}

# same_plan A B: the plan CSVs A and B agree in every column but the three
# that record a budget (solver, budget, resource).
same_plan() {
	python3 - "$1" "$2" <<'PY'
import csv, sys
a = list(csv.DictReader(open(sys.argv[1], newline='')))
b = list(csv.DictReader(open(sys.argv[2], newline='')))
assert len(a) == len(b) and len(a) > 0
for x, y in zip(a, b):
    assert x.keys() == y.keys()
    for k in x:
        if k not in ('solver', 'budget', 'resource'):
            assert x[k] == y[k], (k, x[k], y[k])
PY
}

expect_rc() {
	[ "$rc" = "$1" ] || fail "$what: exit $rc, expected $1; stderr: $(head -c 300 "$tmp/err")"
}

# A whole line of standard output.
expect_line() {
	grep -qxF -- "$1" "$tmp/out" || fail "$what: no line '$1' in standard output"
}

# Text somewhere in standard error.
expect_err() {
	grep -qF -- "$1" "$tmp/err" || fail "$what: no '$1' in standard error: $(head -c 300 "$tmp/err")"
}

expect_no_out() {
	[ ! -s "$tmp/out" ] || fail "$what: standard output is not empty: $(head -c 200 "$tmp/out")"
}

expect_no_err() {
	[ ! -s "$tmp/err" ] || fail "$what: standard error is not empty: $(head -c 300 "$tmp/err")"
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures failure(s)"
		exit 1
	fi
	echo "all passed"
	exit 0
}
