#!/bin/sh
# tests/cli/latency.sh -- --device and --cost latency (issue 16): the
# roofline estimate in --summary and --plan, bundled profiles by name, and
# the errors of a bad profile or a device where none fits.
. "$srcdir/tests/cli/lib.sh"
net=$srcdir/tests/data/latency/roofline.csv
dev=$srcdir/tests/data/latency/slow.csv

# By hand (tests/unit/test_device.c): c1 at 3 takes 4.6045e-4 s, gap
# 2.116e-4 s, fc 1.68e-5 s: 6.8885e-4 s = 0.68885 ms; one layer bound by
# each part.
run --summary --device "$dev" "$net"
expect_rc 0
expect_no_err
expect_line "latency: 0.68885 ms (roofline estimate)"
expect_line "device: slow test device, 1e8 MAC/s"
expect_line "bound: 1 compute, 1 memory, 1 overhead"

# --layers adds latency (seconds) and bound; the same figures.
run --layers --device "$dev" "$net"
expect_rc 0
head -n 1 "$tmp/out" | grep -q ',jump,rf_pad,latency,bound$' || fail "$what: header $(head -n 1 "$tmp/out")"
awk -F, 'NR > 1 { print $1, $(NF - 1), $NF }' "$tmp/out" >"$tmp/lat"
awk 'function near(x, y) { return x >= y * (1 - 1e-12) && x <= y * (1 + 1e-12) }
	$1 == "in" && !($2 == 0 && $3 == "") { bad = bad " in" }
	$1 == "c1" && !(near($2, 4.6045e-4) && $3 == "compute") { bad = bad " c1" }
	$1 == "g" && !(near($2, 2.116e-4) && $3 == "memory") { bad = bad " g" }
	$1 == "fc" && !(near($2, 1.68e-5) && $3 == "overhead") { bad = bad " fc" }
	END { if (NR != 4 || bad != "") { print "wrong:" bad; exit 1 } }' "$tmp/lat" ||
	fail "$what: latency columns: $(cat "$tmp/lat")"
run --layers "$net"
head -n 1 "$tmp/out" | grep -q 'latency' && fail "$what: latency columns without --device"

# Without --device, --summary is as before: no latency.
run --summary "$net"
expect_rc 0
grep -q '^latency:' "$tmp/out" && fail "$what: a latency line without --device"

# --device implies --cost latency.  With lambda3 = 1 the plan takes c1 to 5
# (the plan's MACs say so: 25*5*7*143 + 21 = 125,146), whose time is
# 1.26125e-3 s: 1.26125e-3 + 2.116e-4 + 1.68e-5 = 1.48965e-3 s.
run --plan --lambda3 1 --device "$dev" "$net"
expect_rc 0
expect_line "macs: 45066 -> 125146 (+177.7%)"
expect_line "latency: 0.68885 ms -> 1.48965 ms (+116.3%, roofline estimate on slow test device, 1e8 MAC/s)"
run --batch --device "$dev" "$net"
expect_rc 0
sed -n 2p "$tmp/out" | grep -q ',latency,' || fail "$what: the CSV's cost is not latency"

# Bundled profiles by name.
for d in rpi4 jetson-nano rtx3090 laptop-i7-7820hq; do
	run --summary --device "$d" resnet18
	expect_rc 0
	grep -q '^latency: [0-9.e+-]* ms (roofline estimate)$' "$tmp/out" || fail "$what: no latency line"
done

# Errors: no such device; a device with another cost; a latency cost
# without a device; both on standard input; a bad profile, with its line.
run --summary --device no-such-device resnet18
expect_rc 1
expect_no_out
expect_err "bksef: no-such-device: no such file or bundled device"
run --batch --cost macs --device rpi4 resnet18
expect_rc 2
expect_no_out
expect_err "bksef: --device goes with --cost latency, not --cost macs"
run --batch --cost latency resnet18
expect_rc 2
expect_no_out
expect_err "bksef: --cost latency needs --device NAME|FILE"
run --summary --device - -
expect_rc 2
expect_err "bksef: --device - and the network cannot both be standard input"
printf 'key,value\nname,x\npeak_macs,fast\n' >"$tmp/bad.csv"
run --batch --device "$tmp/bad.csv" resnet18
expect_rc 1
expect_no_out
expect_err "bksef:$tmp/bad.csv:3: peak_macs: 'fast' is not a number from 1 to 1e+21"
printf 'key,value\nname,x\n' >"$tmp/short.csv"
run --summary --device "$tmp/short.csv" resnet18
expect_rc 1
expect_err "bksef:$tmp/short.csv: no 'peak_macs' in the profile"
# A measured table (hand-made: c1 at 1..9 takes 0.2, 0.3, 0.7, 1.3, 2.1 ms).
tab=$srcdir/tests/data/latency/roofline-measured.csv
run --summary --latency-table "$tab" "$net"
expect_rc 0
expect_line "latency: 0.3 ms (measured, convolutions only)"
# lambda3 = 1 under network scope, one layer: with I~ and A~ of 1..9 from
# bksef(5)'s formulas (I~ 0, .434, .688, .865, 1; A~ 0, .536, .802, .934, 1)
# and C~ = (t - 0.2) / 1.9 (0, .053, .263, .579, 1), S = .45 I~ + .45 A~ - C~
# is largest at 5 (about 0.40, against 0.38 at 3): 0.7 ms.
run --plan --lambda3 1 --latency-table "$tab" "$net"
expect_rc 0
expect_line "latency: 0.3 ms -> 0.7 ms (+133.3%, measured, convolutions only)"
# Every entry a plan may take must be measured: c1 at 9 is a candidate.
grep -v '^c1,9,' "$tab" >"$tmp/short-table.csv"
run --batch --latency-table "$tmp/short-table.csv" "$net"
expect_rc 1
expect_no_out
expect_err "bksef:$tmp/short-table.csv: no time for layer 'c1' at kernel 9 (the table needs"
# ... unless it is no candidate: then the table is enough.
run --batch --candidates 1,3,5,7 --latency-table "$tmp/short-table.csv" "$net"
expect_rc 0
for bad in 'fc,1,0.1|3|layer '"'"'fc'"'"' is not a conv' 'c9,3,0.1|3|no layer '"'"'c9'"'"' in the network' \
	'c1,3x5x7,0.1|3|' 'c1,3,-1|3|seconds: '"'"'-1'"'"' is not a number of seconds' \
	'c1,3,0.5|3|layer '"'"'c1'"'"' at kernel 3 is given again (first on line 2)'; do
	row=${bad%%|*}
	rest=${bad#*|}
	line=${rest%%|*}
	msg=${rest#*|}
	printf 'layer,kernel,seconds\nc1,3,0.1\n%s\n' "$row" >"$tmp/bad-table.csv"
	run --batch --latency-table "$tmp/bad-table.csv" "$net"
	expect_rc 1
	expect_no_out
	expect_err "bksef:$tmp/bad-table.csv:$line: $msg"
done
run --batch --device rpi4 --latency-table "$tab" "$net"
expect_rc 2
expect_err "bksef: --device and --latency-table: one cost model at a time"
run --batch --cost measured "$net"
expect_rc 2
expect_err "bksef: --cost measured needs --latency-table FILE"
run --batch --cost latency --latency-table "$tab" "$net"
expect_rc 2
expect_err "bksef: --latency-table goes with --cost measured, not --cost latency"

# The committed real run of contrib/measure-latency.py covers every time a
# plan of its network may need.
run --plan --latency-table "$srcdir/contrib/runs/paper-cifar10-cnn.xeon-2vcpu.csv" paper-cifar10-cnn
expect_rc 0
grep -q '^latency: .* ms -> .* ms (.*measured, convolutions only)$' "$tmp/out" ||
	fail "$what: no measured latency line"

# Latency budgets, in whole nanoseconds.  c1 at 1 takes 3.616e-4 s, the
# other layers 2.284e-4 s: 590,000 ns, the cheapest plan; at 3, 688,850 ns.
run --plan --budget-on latency --budget 0.6ms --device "$dev" "$net"
expect_rc 0
expect_line "latency: 0.68885 ms -> 0.59 ms (-14.4%, roofline estimate on slow test device, 1e8 MAC/s)"
expect_err "bksef: budget 600000 ns: the best plan needs 590000 (slack 10000)"
run --plan --budget-on latency --budget 600us --solver lambda --device "$dev" "$net"
expect_rc 0
expect_line "latency: 0.68885 ms -> 0.59 ms (-14.4%, roofline estimate on slow test device, 1e8 MAC/s)"
# 80% of 688,850 ns is 551,080 ns, below the cheapest plan.
for solver in best lambda; do
	run --plan --budget-on latency --budget 80% --solver $solver --device "$dev" "$net"
	expect_rc 1
	expect_no_out
	expect_err "bksef: budget of 551080 ns cannot be met: the cheapest plan with these candidates and pins needs 590000 ns"
done
run --plan --budget-on latency --budget 0.6 --device "$dev" "$net"
expect_rc 2
expect_err "bksef: --budget: time '0.6' needs a unit: s, ms, us or ns"
run --plan --budget-on latency --budget 1ms resnet18
expect_rc 2
expect_no_out
expect_err "a latency budget needs a time cost model (--device or --latency-table)"

# --device goes with every mode but --list.
run --list --device rpi4
expect_rc 2
finish
