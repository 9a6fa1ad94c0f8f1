/* fuzz_keys.c -- libFuzzer harness for the explorer's key handling: bytes
 * become a key script (keys, named keys, resizes from 1x1 to 400x120, mouse
 * clicks and wheel) run through the scripted mode on a fixed network.
 *
 * The progress test hook (BKSEF_TEST_SLOW, src/core/progress.c) is on, so
 * that any work of more than two ticks shows its progress line and an Esc
 * in the script cancels it: the cancel paths are fuzzed too.
 *
 * The export keys 'e' and 'E' are never generated: a fuzzer must not write
 * files wherever a typed path points (exports have their own tests). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cand.h"
#include "net.h"
#include "options.h"
#include "score.h"
#include "tui/tui.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A small network with a residual add, a concat, a depthwise conv, a fixed
 * conv, per-layer candidates and a pool: every kind of table row. */
static const char network[] = "name,op,from,out,h,w,k,stride,groups,bias,tune,candidates\n"
                              "in,input,,3,29,31,,,,,,\n"
                              "stem,conv,,16,,,3,2,,0,,3 5 7\n"
                              "bn,bn,,,,,,,,,,\n"
                              "pool,maxpool,,,,,3,1,,,,\n"
                              "a,conv,,16,,,3,,,0,,\n"
                              "dw,conv,,16,,,3,,16,0,,\n"
                              "sum,add,dw pool,,,,,,,,,\n"
                              "b,conv,,24,,,5,2,,0,,1 3 5\n"
                              "fixed,conv,sum,8,,,1,2,,0,0,\n"
                              "cat,concat,b fixed,,,,,,,,,\n"
                              "head,conv,,32,,,3,,,1,,\n"
                              "gap,gap,,,,,,,,,,\n"
                              "fc,fc,,10,,,,,,1,,\n";

static const char *const named[] = {
	"Up",    "Down",   "Left",    "Right", "PgUp",  "PgDn", "Home",  "End",
	"Enter", "Return", "KpEnter", "Tab",   "S-Tab", "Esc",  "Space", "Backspace",
	"Del",   "Delete", "Insert",  "Lt",    "Gt",    "F1",   "F10",   "C-r",
	"C-l",   "C-u",    "C-a",     "C-e",   "C-w",   "C-k",  "C-b",   "C-f",
	"C-d",   "C-p",    "C-n",     "C-g",   "F2",    "F4",   "F7",
};
#define N_NAMED (sizeof named / sizeof named[0])

static struct net *net;
static char script_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag dg = { 0 };
	(void)argc;
	(void)argv;
	if (net_load_buffer(network, sizeof network - 1, "fuzz-net.csv", &net, &dg) != BKSEF_OK) {
		fprintf(stderr, "fuzz_keys: the built-in network does not load: %s\n", dg.msg);
		abort();
	}
	snprintf(script_path, sizeof script_path, "/tmp/bksef-fuzz-keys.%ld", (long)getpid());
	setenv("BKSEF_TEST_SLOW", "100", 1);
	return 0;
}

/* Printable keys but the export keys. */
static int printable(int i)
{
	static char set[128];
	static int n;
	if (n == 0)
		for (int c = 0x21; c < 0x7F; c++)
			if (c != 'e' && c != 'E')
				set[n++] = (char)c;
	return set[i % n];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options opt;
	size_t i = 0;
	FILE *fp;

	if (size < 2 || size > 4096)
		return 0;
	fp = fopen(script_path, "w");
	if (fp == NULL)
		abort();
	memset(&opt, 0, sizeof opt);
	opt.mode = MODE_EXPLORE;
	opt.net_arg = "fuzz-net";
	opt.candidates = CAND_DEFAULT;
	score_params_default(&opt.params);
	opt.keys_file = script_path;
	opt.dump_file = "/dev/null";
	opt.size_w = 1 + data[i++] % 400;
	opt.size_h = 1 + data[i++] % 120;
	opt.ascii = size & 1;
	opt.no_color = (size >> 1) & 1;

	while (i < size) {
		unsigned b = data[i++];
		if (b < 150) {
			fprintf(fp, "%c\n", printable((int)b));
		} else if (b < 150 + N_NAMED) {
			fprintf(fp, "<%s>\n", named[b - 150]);
		} else if (b < 200) {
			fprintf(fp, ":dump\n");
		} else if (i + 1 < size) {
			unsigned x = data[i++], y = data[i++];
			if (b < 215)
				fprintf(fp, ":resize %ux%u\n", 1 + x * 400 / 256,
				        1 + y * 120 / 256);
			else if (b < 240)
				fprintf(fp, ":click %u %u\n", x % 200, y % 120);
			else
				fprintf(fp, ":wheel %s %u %u\n", b & 1 ? "up" : "down", x % 200,
				        y % 120);
		}
	}
	if (fclose(fp) != 0)
		abort();
	(void)tui_run(&opt, net);
	return 0;
}
