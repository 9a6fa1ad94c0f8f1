#!/bin/sh
# tests/bad/gen-bad.sh -- write into folder DIR the bad inputs of cases.txt
# that are too big, binary or special to keep in git: NUL bytes, invalid
# UTF-8, lone CR line ends, binary garbage, a 100 MiB line, a 256 MiB quoted
# field, a million columns, 10,000-deep `from` chains, long names, a
# directory and an unreadable file.  The FIFOs are made by run-bad.sh, which
# also feeds them.
set -eu
dir=${1:?usage: gen-bad.sh DIR}
cd "$dir"
LC_ALL=C
export LC_ALL

# NUL bytes and invalid UTF-8 (octal escapes of printf).
printf 'name,op,out,h,w\nin,input,3,8,8\n\nb\000n,bn,,,\n' >nul-byte.csv
printf '\000name,op\n' >nul-first-line.csv
printf 'name,op,out,h,w\nin,input,3,8,8\n"x\ny\000",bn,,,\n' >nul-quoted.csv
printf 'name,op,out,h,w\nin,input,3,8,8\nb\377\376,bn,,,\n' >invalid-utf8-name.csv
printf 'name,op,out,h,w\nin,input,3,8,8\n\300\257,bn,,,\n' >invalid-utf8-overlong.csv
printf 'name,op,out,h,w\nin,input,3,8,8\n\355\240\200,bn,,,\n' >invalid-utf8-surrogate.csv
printf 'name,op,from,out,h,w\nin,input,,3,8,8\nb,bn,"in\342\202",,,\n' >invalid-utf8-from.csv

# Line ends that are a lone CR (old Mac style): the bad op on line 3; and
# 100,000 rows (1.3 MB, no LF) whose bad last row is on line 100,002.
printf 'name,op,out,h,w\rin,input,3,8,8\rb,bnn,,,\r' >cr-only-error.csv
awk 'BEGIN {
	ORS = "\r"
	print "name,op,out,h,w"
	print "in,input,3,8,8"
	for (i = 1; i < 100000; i++)
		printf "l%d,act,,,\r", i
	print "b,bnn,,,"
}' >cr-only-big.csv

# Binary garbage: N bytes in 1..255 from a fixed linear congruential
# generator (exact in any awk: every value stays below 2^23).
garbage() {
	awk -v n="$1" 'BEGIN {
		x = 12345
		for (i = 0; i < n; i++) {
			x = (x * 75 + 74) % 65537
			printf "%c", 1 + x % 255
		}
	}'
}
{
	printf '\177ELF\002\001\001\000'
	garbage 4096
} >garbage-elf.bin
garbage 4096 >garbage.bin

# One line of 100 MiB, with no line end.
head -c 104857600 /dev/zero | tr '\000' a >line-100mb.csv

# A quoted name of 256 MiB: 262,144 lines of 1,023 'a's and an LF.  It must
# be refused at 64 KiB as it is read, not once buffered whole: run-bad.sh
# runs it under a memory bound of 64 MiB.
{
	printf 'name,op\n"'
	yes "$(head -c 1023 /dev/zero | tr '\000' a)" | head -n 262144
	printf '",input\n'
} >field-256mb.csv

# 1,000,000 columns: in a row (999,999 commas, under the 1 MiB line limit)
# and in the header (about 2 MB).
{
	printf 'name,op\na,input'
	head -c 999998 /dev/zero | tr '\000' ,
	echo
} >cols-1m-row.csv
{
	printf 'name,op'
	yes ',x' | head -n 999998 | tr -d '\n'
	echo
} >cols-1m-header.csv

# A chain of 10,000 layers, each fed by the one before by name: valid.
awk 'BEGIN {
	print "name,op,from,out,h,w"
	print "in,input,,3,8,8"
	print "l1,bn,in,,,"
	for (i = 2; i <= 10000; i++)
		printf "l%d,bn,l%d,,,\n", i, i - 1
}' >chain-10000.csv
# The same chain backwards: every row names the row below it.
awk 'BEGIN {
	print "name,op,from,out,h,w"
	print "in,input,,3,8,8"
	for (i = 1; i < 10000; i++)
		printf "l%d,bn,l%d,,,\n", i, i + 1
	print "l10000,bn,in,,,"
}' >chain-forward.csv

# Names of 1,000,000 and of 5,000 bytes.
{
	printf 'name,op,out,h,w\n'
	head -c 1000000 /dev/zero | tr '\000' n
	printf ',input,3,8,8\n'
} >name-1mb.csv
{
	printf 'name,op,out,h,w\n'
	head -c 5000 /dev/zero | tr '\000' n
	printf ',input,3,8,8\n'
} >name-5000.csv

# A directory, and a file nobody may read.
mkdir dir.csv
printf 'name,op,out,h,w\nin,input,3,8,8\n' >unreadable.csv
chmod 000 unreadable.csv
