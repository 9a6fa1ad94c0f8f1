#!/bin/sh
# tests/cli/escaping.sh -- names reach a person escaped (bksef(1), NAMES ON
# THE SCREEN): a file named with ESC ] 0 ; ... BEL must not set the
# terminal's title, a layer name with a bidi override must not reorder the
# line it is on.  Covers --summary, --plan, error messages (file names
# quoted as GNU's shell-escape style), --batch/--layers/--sweep to a
# terminal (escaped) and to a file (byte-exact), the explorer's screen, and
# long names cut on character boundaries.
. "$srcdir/tests/cli/lib.sh"

esc=$(printf '\033')
bel=$(printf '\007')
rlo=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE
lri=$(printf '\342\201\246') # U+2066 LEFT-TO-RIGHT ISOLATE
csi=$(printf '\302\233')     # U+009B, the C1 control CSI
e2=$(printf '\303\251')      # U+00E9, two bytes: text that must stay as is

# N copies of S.
rep() {
	r=
	i=0
	while [ "$i" -lt "$1" ]; do
		r=$r$2
		i=$((i + 1))
	done
	printf '%s' "$r"
}

# Whether FILE holds any of the raw bytes that must never reach a terminal.
has_raw() {
	grep -q -e "$esc" -e "$bel" -e "$rlo" -e "$lri" -e "$csi" "$1"
}

# Whether FILE is valid UTF-8.
is_utf8() {
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1
}

# A network whose layer names hold a bidi override, an isolate, a C1
# control and an escape sequence, in a file whose name sets the title.
title="t${esc}]0;pwned${bel}"
{
	echo "name,op,from,out,h,w,k,stride,pad"
	echo "in,input,,3,8,8,,,"
	echo "conv${rlo}evil,conv,,4,,,3,1,same"
	echo "b${lri}x${csi}y,conv,,4,,,3,1,same"
	echo "e${esc}[2Jx,conv,,4,,,3,1,same"
	echo "fc,fc,,2,,,,,"
} >net.csv
cp net.csv "$title.csv"

# --summary: the network's and the file's names escaped, not quoted (the
# value runs to the end of the line).
run --summary "./$title.csv"
expect_rc 0
expect_line 'network: t\x1B]0;pwned\x07'
expect_line 'file: ./t\x1B]0;pwned\x07.csv'
expect_line 't\x1B]0;pwned\x07: 922  parameters, 25.9 kMACs (51.7 kFLOPs = 2 x MACs), largest receptive field 7 px'
if has_raw out; then fail "$what: raw control characters in the output"; fi

# --plan: layer names escaped, one code point each: \u202E, \u2066, \u009B.
run --plan net.csv
expect_rc 0
grep -q '^conv\\u202Eevil  ' out || fail "$what: no escaped bidi name: $(head -c 600 out)"
grep -q '^b\\u2066x\\u009By  ' out || fail "$what: no escaped isolate and C1"
grep -q '^e\\x1B\[2Jx  ' out || fail "$what: no escaped ESC"
if has_raw out; then fail "$what: raw control characters in the output"; fi

# --plan cuts a long name at 40 columns, on a character boundary: "p" and
# 45 e-acutes (91 bytes, 46 columns) show as "p" and 39 e-acutes (79
# bytes, 40 columns), not as the first 40 bytes (half an e-acute at the end).
long="p$(rep 45 "$e2")"
sed "s/^conv${rlo}evil,/$long,/" net.csv >long.csv
run --plan long.csv
expect_rc 0
is_utf8 out || fail "$what: not valid UTF-8"
grep -q "^p$(rep 39 "$e2")  " out || fail "$what: name not cut to 40 columns: $(cat out)"

# Error messages: a file name is quoted as GNU's shell-escape quoting does
# ('...' around it, $'\x1B' for what must be escaped); a layer name in the
# message is escaped.
{
	echo "name,op,from,out,h,w,k,stride,pad"
	echo "in,input,,3,8,8,,,"
	echo "x,bogus,,,,,,,"
} >"$title.csv"
run "$title.csv" --summary
expect_rc 1
expect_err "bksef:'t'\$'\\x1B'']0;pwned'\$'\\x07''.csv':3: unknown op 'bogus'"
if has_raw err; then fail "$what: raw control characters in the message"; fi
# The quoted name, pasted into a shell, names the file again.
if command -v bash >/dev/null 2>&1; then
	quoted=$(sed -n 's/^bksef:\(.*\):3: unknown op.*/\1/p' err)
	back=$(bash -c "printf '%s' $quoted")
	[ "$back" = "$title.csv" ] || fail "$what: the quoted name is not the file's name"
fi
cp "$title.csv" "my net.csv"
run "my net.csv" --summary
expect_rc 1
expect_err "bksef:'my net.csv':3: unknown op 'bogus'"
run --summary "nosuch${esc}x"
expect_rc 1
expect_err "bksef: 'nosuch'\$'\\x1B''x': no such file or bundled network"
if has_raw err; then fail "$what: raw control characters in the message"; fi

# A layer name in a message: escaped, bidi controls and C1 included.
{
	echo "name,op,from,out,h,w,k,stride,pad"
	echo "in,input,,3,8,8,,,"
	echo "d${rlo}x${csi},conv,,4,,,3,1,same"
	echo "d${rlo}x${csi},conv,,4,,,3,1,same"
} >dup.csv
run --summary dup.csv
expect_rc 1
expect_err "bksef:dup.csv:4: duplicate layer name 'd\\u202Ex\\u009B' (first on line 3)"
if has_raw err; then fail "$what: raw control characters in the message"; fi
run --plan --pin "q${rlo}=3" net.csv
expect_rc 2
expect_err "bksef: --pin q\\u202E=3: no layer named 'q\\u202E'"
if has_raw err; then fail "$what: raw control characters in the message"; fi

# A message is cut on a character boundary.  Each name in it is cut to at
# most 200 bytes: "s" and 150 e-acutes keep "s" and 99 (199 bytes).  The
# message buffer holds 511 bytes: "add '" (5) + 199 + "': input '" (10) +
# 199 + "' is 4x8x8 but '" (16) = 429, leaving 82 bytes for the third name:
# "b" and 40 e-acutes (81 bytes) and half of the 41st, which goes.
sn="s$(rep 150 "$e2")"
an="a$(rep 150 "$e2")"
bn="b$(rep 150 "$e2")"
{
	echo "name,op,from,out,h,w,k,stride,pad"
	echo "in,input,,3,8,8,,,"
	echo "$an,conv,in,4,,,3,1,same"
	echo "$bn,conv,in,5,,,3,1,same"
	echo "$sn,add,$an $bn,,,,,,"
} >cut.csv
run --summary cut.csv
expect_rc 1
is_utf8 err || fail "$what: message is not valid UTF-8"
want="bksef:cut.csv:5: add 's$(rep 99 "$e2")': input 'a$(rep 99 "$e2")' is 4x8x8 but 'b$(rep 40 "$e2")"
grep -qxF -- "$want" err || fail "$what: message not cut on a character: $(cat err)"
# A name quoted at most 200 bytes long: "a" and 150 e-acutes keep "a" and
# 99 e-acutes (199 bytes); the first byte of the 100th does not show.
{
	echo "name,op,from,out,h,w,k,stride,pad"
	echo "in,input,,3,8,8,,,"
	echo "c,conv,a$(rep 150 "$e2"),4,,,3,1,same"
} >from.csv
run --summary from.csv
expect_rc 1
is_utf8 err || fail "$what: message is not valid UTF-8"
expect_err "bksef:from.csv:3: from: unknown layer 'a$(rep 99 "$e2")'"

# CSV to a file or a pipe: byte-exact.
run --batch net.csv -o plan.csv
expect_rc 0
grep -qF "conv${rlo}evil,conv," plan.csv || fail "$what: -o file: the name is not byte-exact"
grep -qF "e${esc}[2Jx,conv," plan.csv || fail "$what: -o file: the name is not byte-exact"
run --batch net.csv
expect_rc 0
cmp -s out plan.csv || fail "$what: a pipe does not get the same bytes as -o"
run --layers net.csv
grep -qF "b${lri}x${csi}y,conv," out || fail "$what: pipe: the name is not byte-exact"

# CSV to a terminal: escaped.  script(1) gives bksef a pseudo-terminal.
if command -v script >/dev/null 2>&1; then
	for mode in --batch --layers --sweep --plan; do
		what="bksef $mode on a terminal"
		script -qec "\"$BKSEF\" $mode net.csv" /dev/null </dev/null >tty.out 2>&1
		rc=$?
		[ "$rc" -eq 0 ] || fail "$what: exit $rc: $(cat tty.out)"
		if has_raw tty.out; then fail "$what: raw control characters on the terminal"; fi
		[ "$mode" = --sweep ] && continue # no names in the sweep
		grep -q 'conv\\u202Eevil' tty.out || fail "$what: no escaped name: $(head -c 300 tty.out)"
		grep -q 'e\\x1B\[2Jx' tty.out || fail "$what: no escaped name: $(head -c 300 tty.out)"
	done
else
	echo "script (util-linux) is not installed: the terminal cases are skipped"
fi

# The explorer's own messages: the key script's name quoted, TERM escaped.
printf 'j\n<Nope>\n' >"k${esc}.keys"
run --keys "k${esc}.keys" --dump screen net.csv
expect_rc 2
expect_err "bksef: 'k'\$'\\x1B''.keys':2: unknown key: '<Nope>'"
if has_raw err; then fail "$what: raw control characters in the message"; fi
if command -v script >/dev/null 2>&1; then
	what="bksef with TERM holding an escape sequence"
	script -qec "env TERM='x${esc}]0;t${bel}' \"$BKSEF\" net.csv" /dev/null </dev/null >tty.out 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || fail "$what: exit $rc, not 2: $(cat tty.out)"
	if has_raw tty.out; then fail "$what: raw control characters on the terminal"; fi
	grep -qF "unknown terminal type 'x\\x1B]0;t\\x07'" tty.out ||
		fail "$what: TERM not escaped: $(cat tty.out)"
fi

# The explorer shows names with the same escapes, in UTF-8 and in ASCII.
printf ':dump start\nq\n' >start.keys
for ascii in "" --ascii; do
	what="bksef --keys $ascii"
	LC_ALL=C.UTF-8 "$BKSEF" --keys start.keys --dump screen --size 100x24 $ascii net.csv \
		</dev/null >/dev/null 2>err
	rc=$?
	[ "$rc" -eq 0 ] || fail "$what: exit $rc: $(cat err)"
	if has_raw screen; then fail "$what: raw control characters on the screen"; fi
	grep -q 'conv\\u202Eevil' screen || fail "$what: no escaped name: $(head -c 600 screen)"
	grep -q 'b\\u2066x\\u009By' screen || fail "$what: no escaped name: $(head -c 600 screen)"
	grep -q 'e\\x1B\[2Jx' screen || fail "$what: no escaped name: $(head -c 600 screen)"
done

# A prompt cuts a long file name on a character: the export prompt shows at
# most 100 bytes of the default path, "x", 60 e-acutes and "-plan.csv":
# "x" and 49 e-acutes (99 bytes), not the first byte of the 50th.
xn="x$(rep 60 "$e2")"
cp net.csv "$xn.csv"
printf 'e\n:dump prompt\n<Esc>\nq\n' >export.keys
what="bksef --keys: the export prompt"
LC_ALL=C.UTF-8 "$BKSEF" --keys export.keys --dump screen --size 200x24 "$xn.csv" </dev/null \
	>/dev/null 2>err || fail "$what: exit $?: $(cat err)"
grep -qxF "export the plan CSV to [x$(rep 49 "$e2")]: _" screen ||
	fail "$what: not cut on a character: $(tail -1 screen)"
finish
