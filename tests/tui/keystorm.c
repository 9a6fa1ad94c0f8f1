/* keystorm.c -- write a random key script for the explorer's scripted mode,
 * the same for the same seed: every key of the key table and then some,
 * typed text, mouse clicks and wheels, and resizes from 1x1 to 400x120.
 *
 * Usage: keystorm SEED COUNT > script
 * 'q' and F10 are left out so the storm runs to its end (a final 'q' ends
 * it, through the quit question when an export is out of date). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* splitmix64: small and well mixed; the sequence depends only on the seed. */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int below(uint64_t *s, int n)
{
	return (int)(next(s) % (uint64_t)n);
}

static const char *const named[] = {
	"<Up>",    "<Down>", "<Left>",  "<Right>", "<PgUp>",  "<PgDn>",      "<Home>", "<End>",
	"<Enter>", "<Tab>",  "<S-Tab>", "<Esc>",   "<Space>", "<Backspace>", "<Del>",  "<F1>",
	"<C-r>",   "<C-l>",  "<C-u>",   "<C-g>",   "<F2>",    "<Return>",    "<Lt>",   "<Gt>",
};

/* Keys worth pressing often: the explorer's own. */
static const char frequent[] = "jkhl+-IACGB=scPKRuUbxX12345peE/nNa?";

/* Text for prompts: numbers, budgets, paths, junk. */
static const char *const texts[] = {
	"0.5",           "1e300", "-1",     "1e-300", "nan", "inf",   "350M",
	"1.2G",          "57.2%", "-42.8%", "0",      "abc", "1e999", "storm.csv",
	"sub/dir/x.csv", "",      "3",      "conv",   "%",   "-",
};

int main(int argc, char **argv)
{
	uint64_t s;
	long count;

	if (argc != 3) {
		fprintf(stderr, "usage: keystorm SEED COUNT\n");
		return 2;
	}
	s = strtoull(argv[1], NULL, 10);
	count = strtol(argv[2], NULL, 10);
	for (long i = 0; i < count; i++) {
		int r = below(&s, 100);
		if (r < 40) {
			printf("%c\n", frequent[below(&s, (int)sizeof frequent - 1)]);
		} else if (r < 60) {
			printf("%s\n", named[below(&s, (int)(sizeof named / sizeof named[0]))]);
		} else if (r < 72) {
			/* Any printable character but 'q' (it would end the storm). */
			int c = 33 + below(&s, 94);
			printf("%c\n", c == 'q' ? 'Q' : c);
		} else if (r < 78) {
			printf(":type %s\n",
			       texts[below(&s, (int)(sizeof texts / sizeof texts[0]))]);
		} else if (r < 84) {
			printf(":resize %dx%d\n", 1 + below(&s, 400), 1 + below(&s, 120));
		} else if (r < 88) {
			/* Sizes around the 80x24 limit, where layouts change. */
			printf(":resize %dx%d\n", 78 + below(&s, 5), 22 + below(&s, 5));
		} else if (r < 93) {
			printf(":click %d %d\n", below(&s, 420), below(&s, 130));
		} else if (r < 97) {
			printf(":wheel %s %d %d\n", below(&s, 2) ? "up" : "down", below(&s, 420),
			       below(&s, 130));
		} else if (r < 99) {
			printf(":repeat %d %s\n", 1 + below(&s, 30),
			       named[below(&s, (int)(sizeof named / sizeof named[0]))]);
		} else {
			printf(":dump storm %ld\n", i);
		}
	}
	printf(":dump end\nq\ny\n");
	return ferror(stdout) ? 1 : 0;
}
