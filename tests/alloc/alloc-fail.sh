#!/bin/sh
# alloc-fail.sh -- allocation-failure testing, as SQLite does it: every
# batch mode (--summary, --layers, --batch, --plan, --sweep, --budget,
# --export-network, to standard output and to -o files; --list; an ONNX
# model's --summary and --convert) and the
# scripted explorer (tests/alloc/explore.keys: each action, a screen dumped
# after each), on lenet5 and tests/data/tiny.csv.  Each is run once to count its
# allocations, then once for every N from 1 to that count with the Nth
# allocation failing (that one only; the later ones succeed), then once
# with N past the count, which must fail nothing.
#
# The hook: in the plain build an LD_PRELOAD shim (failmalloc.so) over
# malloc, calloc, realloc, strdup and strndup of the whole process: the C
# library's own calls (fopen, setlocale, mbrtowc), ncurses, GSL and libcsv
# included.  In the sanitizer build, where no shim can come before ASan's
# runtime, a copy of bksef linked with -Wl,--wrap for those functions and
# for fopen and fdopen (bksef-wrap): it fails bksef's own calls and
# libcsv's (the loader hands libcsv realloc and free, which the wrapping
# makes bksef-wrap's), not those made inside other libraries.
#
# Every run must, within 20 s, either
#  - exit 0 with exactly the output of the run without failures (standard
#    output, standard error, every file), or
#  - exit 1 with standard error exactly "bksef: out of memory" (after
#    --budget's line, which is printed before the outputs are written),
#    nothing on standard output, and no file in its folder that is not
#    whole: no temporary file, no screen dump, no partial -o target (with
#    --export-network, the plan may be written whole before the network
#    fails; a file that was there is left whole or as it was); or, in the
#    explorer,
#  - exit 0 with as many screens as without failures, each the same until
#    one says "out of memory" (an action that failed keeps the previous
#    state and says so; after it the screens may differ), and each exported
#    file the same, or after "out of memory" whole (as many lines) or not
#    written.  A run whose screens are those of the C locale (ASCII glyphs)
#    passes too: when an allocation inside glibc's setlocale fails, it may
#    say the locale is not installed (ENOENT) and keep to that; bksef then
#    draws in ASCII, as for any locale that is not installed.
# A crash is a failure, except a crash inside ncurses (libncursesw,
# libtinfo) after an allocation called from inside ncurses failed, and
# ncurses giving up by itself (its own "Out of memory" message, exit 1)
# after such a failure: both are out of scope, and listed as such.  The
# hook records the failed call's stack and the crash's; the first frame
# outside the hook and the C library says whose each is.
#
# The log lists, for each mode, the allocations counted and their distinct
# call sites (bksef's as functions, by addr2line; other libraries' by
# object and exported symbol), and what the runs did.
. "$srcdir/tests/cli/lib.sh"

nets="lenet5 $srcdir/tests/data/tiny.csv"
old= locale= sites=
keys="$srcdir/tests/alloc/explore.keys"
limit=20

if [ "$BKSEF_MEMCHECK" = sanitizers ]; then
	hook=wrap
	prog=$builddir/tests/alloc/bksef-wrap
	preload=
	# A sanitizer report exits 1 too: tell it apart by its own status.
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86
	UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86
	export ASAN_OPTIONS UBSAN_OPTIONS
else
	hook=preload
	prog=$BKSEF
	preload=$builddir/tests/alloc/failmalloc.so
fi
[ -x "$prog" ] || {
	echo "$prog is not built"
	exit 99
}
echo "hook: $hook ($prog${preload:+, LD_PRELOAD=$preload})"

# one N DIR ARGS...: run bksef in DIR (emptied first) with allocation N
# failing (0: none); leaves DIR.out, DIR.err and DIR.log, the status in rc.
one() {
	n=$1 dir=$2
	shift 2
	rm -rf "$dir" "$dir.log" && mkdir "$dir" || exit 99
	# $old: a file there before the run, with $old as its text.
	[ -z "$old" ] || echo "$old" >"$dir/$old" || exit 99
	# (The shell's own "Segmentation fault" line goes to /dev/null: the
	# log tells crashes.)
	{ (cd "$dir" && exec timeout -k 2 "$limit" env ${preload:+LD_PRELOAD="$preload"} \
		BKSEF_FAIL_AT="$n" BKSEF_FAIL_LOG="$tmp/$dir.log" ${sites:+BKSEF_FAIL_SITES=1} \
		LC_ALL="${locale:-C.UTF-8}" "$prog" "$@" </dev/null >"$tmp/$dir.out" 2>"$tmp/$dir.err"); } 2>/dev/null
	rc=$?
	: >>"$dir.log"
}

# Whether folder $1 is empty.
is_empty() {
	for f in "$1"/* "$1"/.[!.]*; do
		[ -e "$f" ] && return 1
	done
	return 0
}

# Whether run.err is exactly "bksef: out of memory", alone or after what
# the run without failures printed there (--budget's line, said before
# the outputs are written).
err_is_oom() {
	echo "bksef: out of memory" >want.err
	cmp -s want.err run.err && return 0
	cat ref.err want.err >want2.err
	cmp -s want2.err run.err
}

# Whether the files left in "run" are each complete (the same as the run
# without failures wrote: with two outputs the first may be written when
# the second fails) or as they were before the run.
files_complete() {
	for f in run/* run/.[!.]*; do
		[ -e "$f" ] || continue
		cmp -s "$f" "ref/${f#run/}" && continue
		[ "${f#run/}" = "$old" ] && [ "$(cat "$f")" = "$old" ] && continue
		return 1
	done
}

# explore_ok: the explorer's run in "run" against the reference in "ref",
# else in "refc" (the C locale: ASCII glyphs); prints why not, if not.
explore_ok() {
	[ -f run/screens.txt ] || {
		echo "no screens dumped"
		return 1
	}
	against_ref=$(explore_against ref) && return 0
	# glibc's setlocale, when an allocation inside it fails, may report the
	# locale as not installed (errno ENOENT, not ENOMEM) and remember it
	# so: then bksef draws in ASCII, as it does in the C locale.
	explore_against refc >/dev/null && return 0
	echo "$against_ref"
	return 1
}

# explore_against REF: the screens and exports in "run" against REF's.
explore_against() {
	ref=$1
	said=$(awk '
		FNR == 1 { file++; n = 0 }
		/^--- screen/ { n++ }
		file == 1 { ref[n] = ref[n] $0 "\n"; nref = n; next }
		{ run[n] = run[n] $0 "\n"; nrun = n }
		END {
			if (nrun != nref) {
				printf "%d screens, not %d\n", nrun, nref
				exit 1
			}
			said = 0
			for (i = 1; i <= nref; i++) {
				if (index(run[i], "out of memory"))
					said = 1
				if (!said && run[i] != ref[i]) {
					printf "screen %d differs, and no screen up to it says \"out of memory\":\n%s", i, run[i]
					exit 1
				}
			}
			print said
		}' "$ref/screens.txt" run/screens.txt) || {
		echo "$said"
		return 1
	}
	for f in "$ref"/*; do
		f=${f#"$ref"/}
		[ "$f" = screens.txt ] && continue
		if [ -f "run/$f" ]; then
			# After an action failed the state may differ: then the
			# export need only be whole (as many lines).
			if [ "$said" = 0 ] && ! cmp -s "$ref/$f" "run/$f"; then
				echo "$f differs from the run without failures"
				return 1
			fi
			if [ "$(wc -l <"run/$f")" != "$(wc -l <"$ref/$f")" ]; then
				echo "$f is not whole: $(wc -l <"run/$f") lines, not $(wc -l <"$ref/$f")"
				return 1
			fi
		elif [ "$said" = 0 ]; then
			echo "$f not written, and no screen says 'out of memory'"
			return 1
		fi
	done
	for f in run/* run/.[!.]*; do
		[ -e "$f" ] || continue
		[ -e "$ref/${f#run/}" ] || {
			echo "stray file: ${f#run/}"
			return 1
		}
	done
}

# batch_ok: a batch run that exited 0 wrote exactly what the reference did.
batch_ok() {
	cmp -s ref.out run.out || {
		echo "standard output differs"
		return 1
	}
	cmp -s ref.err run.err || {
		echo "standard error differs: $(head -c 200 run.err)"
		return 1
	}
	for f in ref/* ref/.[!.]*; do
		[ -e "$f" ] || continue
		f=${f#ref/}
		cmp -s "ref/$f" "run/$f" || {
			echo "$f differs or is missing"
			return 1
		}
		rm -f "run/$f"
	done
	is_empty run || {
		echo "stray files: $(ls -A run)"
		return 1
	}
}

# A log's stacks (of the failed call and of a crash, 12 frames each) with
# bksef's frames named by addr2line.
show_stack() {
	awk '/^(fail|crash|count)/ { n = 0 } { if (n++ < 13) print }' "$1" |
		while read -r tag obj off sym; do
			case $tag in
			fail | crash | count) echo "     $tag $obj $off $sym" ;;
			at)
				if [ "$obj" = "${prog##*/}" ]; then
					sym=$(addr2line -f -e "$prog" "$(printf '0x%x' $((off - 1)))" | head -n 1)
				fi
				echo "       at $obj $off $sym"
				;;
			esac
		done
}

# Whether object $1 is part of ncurses.
ncurses_object() {
	case $1 in
	libncursesw.so* | libtinfo.so*) return 0 ;;
	*) return 1 ;;
	esac
}

# A site as "function (object)": bksef's by addr2line, else the symbol.
site_name() {
	obj=$1 off=$2 sym=$3
	if [ "$obj" = "${prog##*/}" ]; then
		fn=$(addr2line -f -e "$prog" "$(printf '0x%x' $((off - 1)))" 2>/dev/null | head -n 1)
		[ -n "$fn" ] && [ "$fn" != "??" ] && sym=$fn
	fi
	echo "$sym ($obj)"
}

# In the explorer ncurses allocates hundreds of times (terminfo, windows,
# the screen: about 450 of 550 calls).  How ncurses copes is out of scope;
# bksef only has to survive what ncurses returns.  So of the calls made
# from inside ncurses only every STRIDE-th is failed, and every other call
# is: this keeps the whole test to about half a minute.  (With stride=1 it
# passes too, in about twice the time.)
stride=4

total_runs=0 total_oom=0 total_ok=0 total_ncurses=0
# mode NAME EXPLORER ARGS...: the whole sequence for one mode.
mode() {
	name=$1 explorer=$2
	shift 2
	sites=1
	one 0 ref "$@"
	sites=
	if [ "$rc" != 0 ]; then
		fail "$name: the run without failures exits $rc: $(head -c 300 ref.err)"
		return
	fi
	if [ "$explorer" = 1 ]; then
		locale=C
		one 0 refc "$@"
		locale=
		[ "$rc" = 0 ] || fail "$name: the run in the C locale exits $rc: $(head -c 300 refc.err)"
	fi
	if grep -q '^inactive' ref.log; then
		echo "SKIP: the allocation hook is not active here (not glibc)"
		exit 77
	fi
	count=$(sed -n 's/^count //p' ref.log)
	if [ -z "$count" ] || [ "$count" -lt 1 ]; then
		fail "$name: the hook counted no allocation: $(head -c 300 ref.log)"
		return
	fi
	awk -v stride="$stride" -v last="$count" '
		$1 == "call" && $3 ~ /^lib(ncursesw|tinfo)/ { if (k++ % stride == 0) print $2; next }
		$1 == "call" { print $2 }
		END { print last + 1 }' ref.log >ns
	nsites=$(grep -c '^site ' ref.log)
	echo "== $name: $count allocations from $nsites call sites; runs: $(wc -l <ns):"
	grep '^site ' ref.log | while read -r _ obj off sym calls; do
		echo "$(site_name "$obj" "$off" "$sym") $calls"
	done | awk '{ c[$1 " " $2] += $3 } END { for (s in c) printf "     %s x%d\n", s, c[s] }' |
		sort

	oom=0 ok=0 nc=0 runs=0
	while read -r n; do
		runs=$((runs + 1))
		one "$n" run "$@"
		why= tag= obj=
		read -r tag _ obj _ <run.log
		[ "$tag" = fail ] || obj=
		if [ "$n" -le "$count" ] && [ -z "$obj" ]; then
			why="allocation $n was not failed (the count is not repeatable)"
		elif [ "$n" -gt "$count" ] && [ -n "$obj" ]; then
			why="an allocation past the count of $count was failed"
		elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			why="no exit within $limit s"
		elif [ "$rc" -ge 128 ] || [ "$rc" = 86 ] || grep -q '^crash' run.log; then
			# Where it crashed: the first frame after the signal's
			# own that is not in the C library.
			at=$(sed -n '/^crash/,$p' run.log | awk '$1 == "at" && $2 !~ /^libc\.so/ { print $2; exit }')
			if ncurses_object "$obj" && ncurses_object "$at"; then
				echo "   out of scope: N=$n, a crash (exit $rc) in ncurses after a failed allocation inside ncurses:"
				show_stack run.log
				nc=$((nc + 1))
				continue
			fi
			why="crash (exit $rc): $(head -c 600 run.err)"
		elif [ "$rc" = 1 ] && ! err_is_oom && ncurses_object "$obj" &&
			grep -q 'Out of memory' run.err; then
			# ncurses gave up itself: its message, exit 1.
			echo "   out of scope: N=$n, ncurses exits by itself after a failed allocation inside it: $(head -c 200 run.err)"
			nc=$((nc + 1))
			continue
		elif [ "$rc" = 1 ]; then
			if ! err_is_oom; then
				why="exit 1, standard error not 'bksef: out of memory': $(head -c 300 run.err)"
			elif [ -s run.out ]; then
				why="exit 1, but something was written to standard output"
			elif ! files_complete; then
				why="exit 1, but files were left that are not whole: $(ls -A run)"
			else
				oom=$((oom + 1))
			fi
		elif [ "$rc" = 0 ]; then
			if [ "$explorer" = 1 ]; then
				why=$(explore_ok) || why="explorer: ${why:-the screens differ}"
			else
				why=$(batch_ok) || why="exit 0: $why"
			fi
			[ -z "$why" ] && ok=$((ok + 1))
		else
			why="exit $rc: $(head -c 300 run.err)"
		fi
		if [ -n "$why" ]; then
			fail "$name: N=$n: $why"
			show_stack run.log
		fi
	done <ns
	echo "   $runs runs: $oom exit 1 'out of memory', $ok exit 0, $nc out of scope (ncurses)"
	total_runs=$((total_runs + runs)) total_oom=$((total_oom + oom))
	total_ok=$((total_ok + ok)) total_ncurses=$((total_ncurses + nc))
}

for net in $nets; do
	short=${net##*/}
	# lenet5's convs have no padding: no other kernel keeps their shape,
	# so only its own MACs can be met.
	budget=50%
	[ "$short" = lenet5 ] && budget=100%
	mode "$short --summary" 0 --summary "$net"
	mode "$short --layers" 0 --layers "$net"
	mode "$short --layers -o" 0 --layers -o out.csv "$net"
	mode "$short --batch" 0 --batch "$net"
	mode "$short --batch -o" 0 --batch -o out.csv "$net"
	# Over a file that is there (realpath, its permissions kept).
	old=out.csv
	mode "$short --batch -o over a file" 0 --batch -o out.csv "$net"
	old=
	mode "$short --sweep -o" 0 --sweep -o out.csv "$net"
	mode "$short --plan" 0 --plan "$net"
	mode "$short --budget" 0 --batch --budget "$budget" -o out.csv "$net"
	mode "$short --export-network" 0 --batch -o out.csv --export-network net.csv "$net"
	mode "$short explorer" 1 --keys "$keys" --dump screens.txt "$net"
done
# An ONNX model: read, mapped onto a network, loaded; and --convert
model=$srcdir/tests/data/onnx/cbr-op11.onnx
mode "cbr-op11.onnx --summary" 0 --summary "$model"
mode "cbr-op11.onnx --convert -o" 0 --convert -o out.csv "$model"
mode "--list" 0 --list
echo "in all: $total_runs runs, $total_oom exit 1 'out of memory', $total_ok exit 0," \
	"$total_ncurses out of scope (ncurses)"
finish
