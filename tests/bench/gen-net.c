/* gen-net.c -- write a synthetic format-v1 network of exactly N convolutions,
 * deterministic from a seed, for the benchmark (see bench.c).
 *
 * Usage: gen-net --convs N [--seed S] [--hw H] [--tune all|default]
 *                [--widths fixed|varied] [-o FILE]
 *
 * The network is a stem (7x7 stride-2 conv, max-pool), four residual stages
 * of widths 32, 64, 128, 256 sharing the convs 2:3:5:2, then global pooling
 * and a classifier.  Each stage after the first opens with a stride-2
 * transition block (3x3 stride-2 conv and a 1x1 stride-2 projection); the other
 * blocks are drawn from the seed: basic (two 3x3, sometimes a 5x5), grouped
 * bottleneck (1x1, grouped 3x3 with an integer pad, 1x1), inverted residual
 * (1x1 expand, depthwise 3x3, sometimes dilated, 1x1 project) and an
 * inception-style concat (1x1, 3x3, max-pool + 5x5), each closed by an add.
 * Every conv is followed by a batch norm.
 *
 * Only five layers on any path have a stride of 2 (jump 32), so the receptive
 * field the loader checks at kernel 63 everywhere stays far below 2^63 even
 * at 1,000,000 convs, and the feature map never shrinks below H/32.
 *
 * With `--tune all` (the default) every conv carries tune=1, so the number of
 * tunable layers, the rows of the score table, is exactly N; `--tune default`
 * leaves the format's default (1x1 convs fixed).
 *
 * The blocks' widths repeat (the default, `--widths fixed`), so that a large
 * network has few distinct conv shapes, as real ones built of repeated
 * blocks do; `--widths varied` draws each block's inner widths (a basic
 * block's middle, a bottleneck's, an inverted block's expansion, the concat
 * branches') instead, so that shapes seldom repeat: the case where nothing
 * is shared between rows. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"

#define N_STAGES 4

static const int stage_width[N_STAGES] = { 32, 64, 128, 256 };
static const int stage_share[N_STAGES] = { 2, 3, 5, 2 }; /* of 12 */

struct gen {
	struct csvout co;
	uint64_t rng;
	long convs;    /* written so far */
	int tune_all;  /* tune=1 on every conv */
	int varied;    /* --widths varied: inner widths drawn per block */
	long block;    /* block counter, for unique names */
	char cur[128]; /* name of the tensor that the next block reads */
	int channels;  /* its channel count */
};

/* splitmix64: a small, well-mixed generator; the same seed, the same file. */
static uint64_t gen_rand(struct gen *g)
{
	uint64_t z = (g->rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Whether a 1-in-N event happens. */
static int gen_chance(struct gen *g, unsigned n)
{
	return gen_rand(g) % n == 0;
}

/* A block's inner width: DEF, or under --widths varied one drawn from 1 to
 * 2C, so that conv shapes (and the score table's rows) seldom repeat. */
static int inner_width(struct gen *g, int c, int def)
{
	return g->varied ? 1 + (int)(gen_rand(g) % (uint64_t)(2 * c)) : def;
}

/* One row.  Zero (or NULL) means an empty field, i.e. the column's default. */
struct row {
	const char *name, *op, *from;
	long out, h, w;
	int k, stride;
	const char *pad;
	int dilation, groups, bias, tune;
};

static void gen_row(struct gen *g, const struct row *r)
{
	struct csvout *co = &g->co;
	const long ints[] = { r->out, r->h, r->w, r->k, r->stride };

	csvout_str(co, r->name);
	csvout_str(co, r->op);
	if (r->from)
		csvout_str(co, r->from);
	else
		csvout_empty(co);
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		if (ints[i])
			csvout_i64(co, ints[i]);
		else
			csvout_empty(co);
	}
	if (r->pad)
		csvout_str(co, r->pad);
	else
		csvout_empty(co);
	/* dilation, groups: 0 = default 1; bias, tune: -1 = default. */
	if (r->dilation)
		csvout_i64(co, r->dilation);
	else
		csvout_empty(co);
	if (r->groups)
		csvout_i64(co, r->groups);
	else
		csvout_empty(co);
	if (r->bias >= 0)
		csvout_i64(co, r->bias);
	else
		csvout_empty(co);
	if (r->tune >= 0)
		csvout_i64(co, r->tune);
	else
		csvout_empty(co);
	csvout_end(co);
}

/* A conv without bias and its batch norm; the norm is named NAME.bn. */
static void gen_conv(struct gen *g, const char *name, const char *from, int out, int k, int stride,
                     int groups, int dilation, const char *pad)
{
	char bn[80];
	struct row r = { .name = name,
		         .op = "conv",
		         .from = from,
		         .out = out,
		         .k = k,
		         .stride = stride > 1 ? stride : 0,
		         .pad = pad,
		         .dilation = dilation > 1 ? dilation : 0,
		         .groups = groups > 1 ? groups : 0,
		         .bias = 0,
		         .tune = g->tune_all ? 1 : -1 };
	gen_row(g, &r);
	g->convs++;
	snprintf(bn, sizeof bn, "%s.bn", name);
	gen_row(g, &(struct row){ .name = bn, .op = "bn", .bias = -1, .tune = -1 });
}

/* A row of op OP (add, concat, act, ...) reading FROM (NULL: the row above). */
static void gen_op(struct gen *g, const char *name, const char *op, const char *from)
{
	gen_row(g, &(struct row){ .name = name, .op = op, .from = from, .bias = -1, .tune = -1 });
}

/* Close a block: add its last norm BN to the block's input, and move on. */
static void gen_close(struct gen *g, const char *prefix, const char *bn, const char *shortcut)
{
	char add[64], from[256];
	snprintf(add, sizeof add, "%s.add", prefix);
	snprintf(from, sizeof from, "%s %s", bn, shortcut);
	gen_op(g, add, "add", from);
	snprintf(g->cur, sizeof g->cur, "%s", add);
}

/* Two 3x3 convs (the first sometimes 5x5) and an add: 2 convs. */
static void block_basic(struct gen *g, const char *p)
{
	char a[64], b[64], bn[80], act[80];
	int c = g->channels;
	snprintf(a, sizeof a, "%s.c1", p);
	snprintf(b, sizeof b, "%s.c2", p);
	int mid = inner_width(g, c, c);
	gen_conv(g, a, g->cur, mid, gen_chance(g, 8) ? 5 : 3, 1, 1, 1, NULL);
	snprintf(act, sizeof act, "%s.relu", a);
	gen_op(g, act, "act", NULL);
	gen_conv(g, b, NULL, c, 3, 1, 1, 1, NULL);
	snprintf(bn, sizeof bn, "%s.bn", b);
	gen_close(g, p, bn, g->cur);
}

/* 1x1 down to half width, grouped 3x3 (integer pad 1), 1x1 back: 3 convs. */
static void block_bottleneck(struct gen *g, const char *p)
{
	static const int groups[] = { 2, 4, 8 };
	char a[64], b[64], d[64], bn[80];
	int c = g->channels, gr = groups[gen_rand(g) % 3];
	int mid = g->varied ? gr * (1 + (int)(gen_rand(g) % (uint64_t)c)) : c / 2;
	snprintf(a, sizeof a, "%s.c1", p);
	snprintf(b, sizeof b, "%s.c2", p);
	snprintf(d, sizeof d, "%s.c3", p);
	gen_conv(g, a, g->cur, mid, 1, 1, 1, 1, NULL);
	gen_conv(g, b, NULL, mid, 3, 1, gr, 1, "1");
	gen_conv(g, d, NULL, c, 1, 1, 1, 1, NULL);
	snprintf(bn, sizeof bn, "%s.bn", d);
	gen_close(g, p, bn, g->cur);
}

/* 1x1 expand x2, depthwise 3x3 (dilation 2 one time in four), 1x1 project:
 * 3 convs. */
static void block_inverted(struct gen *g, const char *p)
{
	char a[64], b[64], d[64], bn[80];
	int c = g->channels, e = inner_width(g, 2 * c, 2 * c);
	snprintf(a, sizeof a, "%s.expand", p);
	snprintf(b, sizeof b, "%s.dw", p);
	snprintf(d, sizeof d, "%s.project", p);
	gen_conv(g, a, g->cur, e, 1, 1, 1, 1, NULL);
	gen_conv(g, b, NULL, e, 3, 1, e, gen_chance(g, 4) ? 2 : 1, NULL);
	gen_conv(g, d, NULL, c, 1, 1, 1, 1, NULL);
	snprintf(bn, sizeof bn, "%s.bn", d);
	gen_close(g, p, bn, g->cur);
}

/* Three branches concatenated back to the block's width: 1x1 (c/2), 3x3
 * (c/4), 3x3 max-pool then 5x5 (c/4); then an add: 3 convs. */
static void block_concat(struct gen *g, const char *p)
{
	char a[64], b[64], pool[64], d[64], cat[64], from[300];
	int c = g->channels, w1 = c / 2, w2 = c / 4;
	if (g->varied) {
		w1 = 1 + (int)(gen_rand(g) % (uint64_t)(c - 2));
		w2 = 1 + (int)(gen_rand(g) % (uint64_t)(c - w1 - 1));
	}
	snprintf(a, sizeof a, "%s.b1", p);
	snprintf(b, sizeof b, "%s.b2", p);
	snprintf(pool, sizeof pool, "%s.pool", p);
	snprintf(d, sizeof d, "%s.b3", p);
	snprintf(cat, sizeof cat, "%s.cat", p);
	gen_conv(g, a, g->cur, w1, 1, 1, 1, 1, NULL);
	gen_conv(g, b, g->cur, w2, 3, 1, 1, 1, NULL);
	gen_row(
	    g, &(struct row){
	           .name = pool, .op = "maxpool", .from = g->cur, .k = 3, .bias = -1, .tune = -1 });
	gen_conv(g, d, NULL, g->varied ? c - w1 - w2 : c / 4, 5, 1, 1, 1, NULL);
	snprintf(from, sizeof from, "%s.bn %s.bn %s.bn", a, b, d);
	gen_op(g, cat, "concat", from);
	gen_close(g, p, cat, g->cur);
}

/* Stride-2 entry to a stage of width C: 3x3 stride 2, 3x3, and a 1x1 stride-2
 * projection of the shortcut: 3 convs. */
static void block_transition(struct gen *g, const char *p, int c)
{
	char a[64], b[64], proj[64], bn[80], pbn[80];
	snprintf(a, sizeof a, "%s.c1", p);
	snprintf(b, sizeof b, "%s.c2", p);
	snprintf(proj, sizeof proj, "%s.proj", p);
	gen_conv(g, a, g->cur, c, 3, 2, 1, 1, NULL);
	gen_conv(g, b, NULL, c, 3, 1, 1, 1, NULL);
	gen_conv(g, proj, g->cur, c, 1, 2, 1, 1, NULL);
	snprintf(bn, sizeof bn, "%s.bn", b);
	snprintf(pbn, sizeof pbn, "%s.bn", proj);
	gen_close(g, p, bn, pbn);
	g->channels = c;
}

/* A lone 3x3 conv with its norm, to land on the exact count. */
static void block_single(struct gen *g, const char *p)
{
	char a[64];
	snprintf(a, sizeof a, "%s.c1", p);
	gen_conv(g, a, g->cur, g->channels, 3, 1, 1, 1, NULL);
	snprintf(g->cur, sizeof g->cur, "%s.bn", a);
}

static void gen_network(struct gen *g, long n, long hw)
{
	struct csvout *co = &g->co;
	static const char *const header[] = { "name",   "op",   "from",   "out", "h",
		                              "w",      "k",    "stride", "pad", "dilation",
		                              "groups", "bias", "tune" };
	char p[48];

	for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
		csvout_str(co, header[i]);
	csvout_end(co);
	gen_row(g, &(struct row){ .name = "input",
	                          .op = "input",
	                          .out = 3,
	                          .h = hw,
	                          .w = hw,
	                          .bias = -1,
	                          .tune = -1 });
	gen_conv(g, "stem", NULL, stage_width[0], 7, 2, 1, 1, NULL);
	gen_row(g, &(struct row){ .name = "stem.pool",
	                          .op = "maxpool",
	                          .k = 3,
	                          .stride = 2,
	                          .bias = -1,
	                          .tune = -1 });
	snprintf(g->cur, sizeof g->cur, "stem.pool");
	g->channels = stage_width[0];

	long share = 0;
	for (int s = 0; s < N_STAGES; s++) {
		share += stage_share[s];
		/* This stage ends when the cumulative share of the N is written. */
		long quota = s == N_STAGES - 1 ? n : 1 + (n - 1) * share / 12;
		if (s > 0 && quota - g->convs >= 3) {
			snprintf(p, sizeof p, "s%d.b%ld", s + 1, g->block++);
			block_transition(g, p, stage_width[s]);
		}
		while (g->convs < quota) {
			long left = quota - g->convs;
			snprintf(p, sizeof p, "s%d.b%ld", s + 1, g->block++);
			if (left == 1)
				block_single(g, p);
			else if (left == 2)
				block_basic(g, p);
			else
				switch (gen_rand(g) % 4) {
				case 0:
					block_basic(g, p);
					break;
				case 1:
					block_bottleneck(g, p);
					break;
				case 2:
					block_inverted(g, p);
					break;
				default:
					block_concat(g, p);
					break;
				}
		}
	}
	gen_op(g, "gap", "gap", g->cur);
	gen_row(g, &(struct row){ .name = "fc", .op = "fc", .out = 1000, .bias = -1, .tune = -1 });
}

static void usage(FILE *fp)
{
	fputs("Usage: gen-net --convs N [--seed S] [--hw H] [--tune all|default]\n"
	      "               [--widths fixed|varied] [-o FILE]\n"
	      "Write a synthetic network of exactly N convs (format v1) to FILE or stdout.\n",
	      fp);
}

/* A whole number from MIN to MAX, or -1. */
static long arg_long(const char *s, long min, long max)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	return end == s || *end != '\0' || errno != 0 || v < min || v > max ? -1 : v;
}

int main(int argc, char **argv)
{
	struct gen g = { .tune_all = 1 };
	long n = -1, hw = 224;
	const char *out = NULL;
	uint64_t seed = 1;
	FILE *fp = stdout;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (v == NULL) {
			usage(stderr);
			return 2;
		}
		i++;
		if (strcmp(a, "--convs") == 0) {
			n = arg_long(v, 1, 10000000);
		} else if (strcmp(a, "--seed") == 0) {
			long s = arg_long(v, 0, 2147483647L);
			if (s < 0) {
				fprintf(stderr, "gen-net: bad --seed '%s'\n", v);
				return 2;
			}
			seed = (uint64_t)s;
		} else if (strcmp(a, "--hw") == 0) {
			hw = arg_long(v, 32, 65536);
			if (hw < 0) {
				fprintf(stderr, "gen-net: --hw takes 32 to 65536\n");
				return 2;
			}
		} else if (strcmp(a, "--tune") == 0 && strcmp(v, "all") == 0) {
			g.tune_all = 1;
		} else if (strcmp(a, "--tune") == 0 && strcmp(v, "default") == 0) {
			g.tune_all = 0;
		} else if (strcmp(a, "--widths") == 0 && strcmp(v, "fixed") == 0) {
			g.varied = 0;
		} else if (strcmp(a, "--widths") == 0 && strcmp(v, "varied") == 0) {
			g.varied = 1;
		} else if (strcmp(a, "-o") == 0) {
			out = v;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (n < 1) {
		fprintf(stderr, "gen-net: --convs takes a count from 1 to 10000000\n");
		usage(stderr);
		return 2;
	}
	if (out != NULL && (fp = fopen(out, "w")) == NULL) {
		fprintf(stderr, "gen-net: %s: %s\n", out, strerror(errno));
		return 1;
	}
	g.rng = seed;
	csvout_init(&g.co, fp);
	fprintf(fp,
	        "# synthetic network: gen-net --convs %ld --seed %" PRIu64 " --hw %ld --tune %s%s\n"
	        "# residual stages with adds, concats, depthwise and grouped convs; see "
	        "tests/bench/gen-net.c\n",
	        n, seed, hw, g.tune_all ? "all" : "default", g.varied ? " --widths varied" : "");
	gen_network(&g, n, hw);
	if (!csvout_flush(&g.co) || (out != NULL ? fclose(fp) != 0 : fflush(fp) != 0)) {
		fprintf(stderr, "gen-net: %s: write error\n", out ? out : "stdout");
		return 1;
	}
	if (g.convs != n) {
		fprintf(stderr, "gen-net: internal error: wrote %ld convs, not %ld\n", g.convs, n);
		return 1;
	}
	return 0;
}
