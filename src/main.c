/* main.c -- bksef: read the command line, load the network, hand over to the
 * batch front end or the explorer. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cli/cli.h"
#include "csvout.h"
#include "diag.h"
#include "escape.h"
#include "export.h"
#include "net.h"
#include "onnx_map.h"
#include "options.h"
#include "parse.h"
#include "plan.h"
#include "safe_file.h"
#include "score.h"
#include "sweep.h"
#include "tui/tui.h"

#define DEFAULT_NETWORK "paper-cifar10-cnn"

static const char *program_name = "bksef";

enum {
	OPT_SUMMARY = 256,
	OPT_LAYERS,
	OPT_BATCH,
	OPT_SWEEP,
	OPT_LIST,
	OPT_PLAN,
	OPT_HELP,
	OPT_VERSION,
	OPT_LAMBDA1,
	OPT_LAMBDA2,
	OPT_LAMBDA3,
	OPT_GAMMA,
	OPT_BETA,
	OPT_SCOPE,
	OPT_COST,
	OPT_CANDIDATES,
	OPT_PRESET,
	OPT_REALISE,
	OPT_PIN,
	OPT_BUDGET,
	OPT_REDUCE,
	OPT_BASELINE,
	OPT_EXPORT_NETWORK,
	OPT_ASCII,
	OPT_NO_COLOR,
	OPT_NO_MOUSE,
	OPT_KEYS,
	OPT_DUMP,
	OPT_SIZE,
	OPT_SOLVER,
	OPT_BUDGET_ON,
	OPT_SOLVE_TIME,
	OPT_FRONTIER,
	OPT_FRONTIER_MAX,
	OPT_DEVICE,
	OPT_LATENCY_TABLE,
	OPT_CONVERT,
	OPT_COMPARE,
	OPT_INPUT_SIZE,
	OPT_DIFF,
	OPT_PINS_FROM,
	OPT_LAST,
};

/* Why a write to standard output failed, when its buffer is gone by the
 * time finish_stdout flushes it (errno as the write left it). */
static int stdout_errno;

static const struct option long_options[] = {
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "layers", no_argument, NULL, OPT_LAYERS },
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "sweep", no_argument, NULL, OPT_SWEEP },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "plan", no_argument, NULL, OPT_PLAN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "lambda1", required_argument, NULL, OPT_LAMBDA1 },
	{ "lambda2", required_argument, NULL, OPT_LAMBDA2 },
	{ "lambda3", required_argument, NULL, OPT_LAMBDA3 },
	{ "gamma", required_argument, NULL, OPT_GAMMA },
	{ "beta", required_argument, NULL, OPT_BETA },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "cost", required_argument, NULL, OPT_COST },
	{ "candidates", required_argument, NULL, OPT_CANDIDATES },
	{ "preset", required_argument, NULL, OPT_PRESET },
	{ "realise", required_argument, NULL, OPT_REALISE },
	{ "pin", required_argument, NULL, OPT_PIN },
	{ "budget", required_argument, NULL, OPT_BUDGET },
	{ "reduce", required_argument, NULL, OPT_REDUCE },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "output", required_argument, NULL, 'o' },
	{ "export-network", required_argument, NULL, OPT_EXPORT_NETWORK },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-colour", no_argument, NULL, OPT_NO_COLOR },
	{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
	{ "keys", required_argument, NULL, OPT_KEYS },
	{ "dump", required_argument, NULL, OPT_DUMP },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "solver", required_argument, NULL, OPT_SOLVER },
	{ "budget-on", required_argument, NULL, OPT_BUDGET_ON },
	{ "solve-time", required_argument, NULL, OPT_SOLVE_TIME },
	{ "frontier", no_argument, NULL, OPT_FRONTIER },
	{ "frontier-max", required_argument, NULL, OPT_FRONTIER_MAX },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "latency-table", required_argument, NULL, OPT_LATENCY_TABLE },
	{ "convert", no_argument, NULL, OPT_CONVERT },
	{ "compare-costs", no_argument, NULL, OPT_COMPARE },
	{ "input-size", required_argument, NULL, OPT_INPUT_SIZE },
	{ "diff", required_argument, NULL, OPT_DIFF },
	{ "pins-from", required_argument, NULL, OPT_PINS_FROM },
	{ NULL, 0, NULL, 0 },
};

/* The one rule for options a mode ignores: each option names the modes it
 * goes with, and any other mode refuses it.  Options not listed go with
 * every mode. */
#define MODE_BIT(m) (1u << (m))
#define MODES_SCORED                                                           \
	(MODE_BIT(MODE_EXPLORE) | MODE_BIT(MODE_BATCH) | MODE_BIT(MODE_PLAN) | \
	 MODE_BIT(MODE_COMPARE))
static const struct option_modes {
	int id;
	unsigned modes;
	const char *with;
} option_modes[] = {
#define SCORING(opt)                                                                        \
	{                                                                                   \
		opt, MODES_SCORED | MODE_BIT(MODE_SWEEP) | MODE_BIT(MODE_FRONTIER),         \
		    "the explorer, --batch, --plan, --compare-costs, --sweep or --frontier" \
	}
	SCORING(OPT_LAMBDA1),
	SCORING(OPT_LAMBDA2),
	SCORING(OPT_GAMMA),
	SCORING(OPT_BETA),
	SCORING(OPT_SCOPE),
	SCORING(OPT_COST),
	SCORING(OPT_CANDIDATES),
	SCORING(OPT_PRESET),
	SCORING(OPT_REALISE),
	SCORING(OPT_PIN),
	SCORING(OPT_PINS_FROM),
#undef SCORING
	{ OPT_LAMBDA3, MODES_SCORED,
	  "the explorer, --batch, --plan or --compare-costs (--sweep covers every lambda3, and "
	  "the frontier's "
	  "gain has no cost term)" },
	{ OPT_BUDGET, MODES_SCORED, "the explorer, --batch, --plan or --compare-costs" },
	{ OPT_REDUCE, MODES_SCORED, "the explorer, --batch, --plan or --compare-costs" },
	{ OPT_BASELINE, MODES_SCORED, "the explorer, --batch, --plan or --compare-costs" },
	{ OPT_SOLVER, MODES_SCORED, "the explorer, --batch, --plan or --compare-costs" },
	{ OPT_SOLVE_TIME, MODES_SCORED | MODE_BIT(MODE_FRONTIER),
	  "the explorer, --batch, --plan, --compare-costs or --frontier" },
	{ OPT_BUDGET_ON, MODES_SCORED | MODE_BIT(MODE_FRONTIER),
	  "the explorer, --batch, --plan, --compare-costs or --frontier" },
	{ OPT_FRONTIER_MAX, MODE_BIT(MODE_FRONTIER), "--frontier" },
	{ OPT_DEVICE, ~(MODE_BIT(MODE_LIST) | MODE_BIT(MODE_CONVERT)),
	  "every mode but --list and --convert" },
	{ OPT_LATENCY_TABLE,
	  ~(MODE_BIT(MODE_LIST) | MODE_BIT(MODE_LAYERS) | MODE_BIT(MODE_CONVERT)),
	  "every mode but --list, --layers and --convert" },
	{ 'o',
	  MODE_BIT(MODE_BATCH) | MODE_BIT(MODE_SWEEP) | MODE_BIT(MODE_FRONTIER) |
	      MODE_BIT(MODE_LAYERS) | MODE_BIT(MODE_CONVERT) | MODE_BIT(MODE_DIFF),
	  "--batch, --sweep, --frontier, --layers, --convert or --diff" },
	{ OPT_EXPORT_NETWORK, MODE_BIT(MODE_BATCH), "--batch" },
	{ OPT_ASCII, MODE_BIT(MODE_EXPLORE), "the explorer" },
	{ OPT_NO_COLOR, MODE_BIT(MODE_EXPLORE), "the explorer" },
	{ OPT_NO_MOUSE, MODE_BIT(MODE_EXPLORE), "the explorer" },
	{ OPT_KEYS, MODE_BIT(MODE_EXPLORE), "the explorer" },
	{ OPT_DUMP, MODE_BIT(MODE_EXPLORE), "the explorer" },
	{ OPT_SIZE, MODE_BIT(MODE_EXPLORE), "the explorer" },
};

/* The option ID as written on the command line ("--lambda1", "-o/--output"). */
static const char *option_name(int id, char *buf, size_t size)
{
	if (id == 'o')
		return "-o/--output";
	for (const struct option *o = long_options; o->name != NULL; o++)
		if (o->val == id) {
			snprintf(buf, size, "--%s", o->name);
			return buf;
		}
	return "?";
}

static void usage_hint(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", program_name);
}

static void print_help(void)
{
	printf("Usage: %s [OPTION]... [NETWORK]\n", program_name);
	fputs(
	    "Explore the Best Kernel Size Estimation Function (BKSEF, arXiv 2506.14846)\n"
	    "on a convolutional network: score every candidate kernel size of every\n"
	    "tunable convolution and pick the best per layer.\n"
	    "\n"
	    "NETWORK is a network description file (bksef(5)), an ONNX model (.onnx),\n"
	    "'-' for standard input, or the name of a bundled network (see --list);\n"
	    "default " DEFAULT_NETWORK ".\n"
	    "Without a mode option bksef opens the interactive explorer.\n"
	    "\n"
	    "Modes:\n"
	    "      --summary            print the network's totals and exit\n"
	    "      --layers             write a per-layer CSV (shapes, MACs, receptive field)\n"
	    "      --batch              write the plan CSV (one row per conv layer)\n"
	    "      --plan               print the chosen kernels and the plan's totals\n"
	    "                           against the baseline\n"
	    "      --sweep              write the exact lambda3 sweep as CSV\n"
	    "      --frontier           write the best plans along the budget axis as CSV\n"
	    "      --compare-costs      with --device: the plan under each cost model, and\n"
	    "                           with --budget P% the plan on each resource, side\n"
	    "                           by side with their MACs, parameters and latency\n"
	    "      --list               list the bundled networks\n"
	    "      --convert            write the network file of an ONNX model and exit\n"
	    "      --diff A.csv B.csv   compare two plan CSVs of one network (their\n"
	    "                           network, or NETWORK); -o writes it as CSV\n"
	    "\n"
	    "ONNX models (NETWORK.onnx):\n"
	    "      --input-size CxHxW   the input's size where the model's is symbolic,\n"
	    "                           or another for a fully convolutional one\n"
	    "\n"
	    "Scoring (batch and explorer):\n"
	    "      --lambda1 X          weight of information gain I(k)=ln(1+beta*k) [0.45]\n"
	    "      --lambda2 X          weight of accuracy gain A(k)=1-exp(-gamma*k) [0.45]\n"
	    "      --lambda3 X          weight of cost C(k) [0.10]\n"
	    "      --gamma X            accuracy-gain rate, > 0 [0.35]\n"
	    "      --beta X             information-gain rate, > 0 [0.75]\n"
	    "      --scope network|layer   min-max over the whole network or per layer [network]\n"
	    "      --cost macs|paper|latency|measured  exact MACs,\n"
	    "                           k*k*H_in*W_in*C_in*C_out, the roofline time on\n"
	    "                           --device, or the time in --latency-table [macs;\n"
	    "                           latency with --device, measured with a table]\n"
	    "      --latency-table FILE  measured seconds per (layer, kernel) from your\n"
	    "                           own benchmark (bksef(5))\n"
	    "      --device NAME|FILE   a device profile (bundled: jetson-nano, rpi4,\n"
	    "                           rtx3090, laptop-i7-7820hq; bksef(5)): the roofline\n"
	    "                           latency estimate in every mode\n"
	    "      --candidates LIST    kernels to consider, e.g. 3,5,7 or 1x3,3x1,3\n"
	    "                           [1,3,5,7,9]\n"
	    "      --preset NAME        paper, edge, cloud, balanced or edge-ds (edge\n"
	    "                           with --realise ds; options given explicitly\n"
	    "                           override it)\n"
	    "      --realise full|ds    realise tunable convs' candidates as full or\n"
	    "                           depthwise-separable kernels (bksef(5)) [full]\n"
	    "      --pin NAME=K         force layer NAME to kernel K (repeatable)\n"
	    "      --pins-from PLAN.csv pin every conv to its kernel in a saved plan\n"
	    "      --budget X           the best plan within X MACs (350M, 1.2G, or a\n"
	    "                           percentage of the baseline: 57.2%)\n"
	    "      --reduce P%          the same as --budget (100-P)%\n"
	    "      --budget-on macs|params  what the budget limits [macs]\n"
	    "      --solver best|lambda the plan of the largest gain within the budget\n"
	    "                           (exact), or the paper's: the smallest lambda3\n"
	    "                           whose plan fits [best]\n"
	    "      --solve-time S       the best solver's time limit, then its certified\n"
	    "                           gap [1]\n"
	    "      --frontier-max N     budgets --frontier solves when it cannot list every\n"
	    "                           best plan [100]\n"
	    "      --baseline loaded|3  compare against the network as loaded, or with\n"
	    "                           every tunable conv at 3x3 [loaded]\n"
	    "\n"
	    "Output:\n"
	    "  -o, --output FILE        write the CSV to FILE (atomically) instead of stdout\n"
	    "      --export-network FILE  also write the network with the plan's kernels\n"
	    "\n"
	    "Explorer:\n"
	    "      --ascii              plain ASCII plots and bars\n"
	    "      --no-color           no colours (also when NO_COLOR is set)\n"
	    "      --no-mouse           ignore the mouse\n"
	    "      --keys FILE          scripted mode: read keys from FILE, no terminal\n"
	    "      --dump FILE          scripted mode: write screens to FILE\n"
	    "      --size WxH           scripted mode: screen size [80x24]\n"
	    "\n"
	    "  -h, --help               display this help and exit\n"
	    "      --version            output version information and exit\n"
	    "\n"
	    "Exit status: 0 on success, 1 on bad input, a failed write or out of memory,\n"
	    "2 on bad usage.\n"
	    "\n"
	    "Report bugs on the bksef issue tracker.\n",
	    stdout);
}

static void print_version(void)
{
	printf("bksef " PACKAGE_VERSION "\n"
	       "Copyright (C) 2026 the bksef authors.\n"
	       "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n");
}

/* Say that memory ran out, the same way wherever it did; exit status 1. */
static int out_of_memory(void)
{
	fprintf(stderr, "%s: out of memory\n", program_name);
	return 1;
}

/* Print DG in GNU form and return STATUS's exit code.  Out of memory is
 * said plainly: no file or line is to blame. */
static int report(const struct diag *dg, int status)
{
	char buf[4096];
	if (status == BKSEF_ENOMEM)
		return out_of_memory();
	fprintf(stderr, "%s\n", diag_format(dg, program_name, buf, sizeof buf));
	return status == BKSEF_EUSAGE ? 2 : 1;
}

/* TEXT escaped (it may hold the user's text: an option's value, a layer
 * name) and a line end, on standard error. */
static void print_escaped_line(const char *text)
{
	escape_fputs(text, stderr);
	fputc('\n', stderr);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a usage error (escaped: it quotes option values) and the --help
 * hint; returns exit status 2. */
static int usage_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof msg, fmt, ap) >= (int)sizeof msg)
		escape_fix_cut(msg);
	va_end(ap);
	fprintf(stderr, "%s: ", program_name);
	print_escaped_line(msg);
	usage_hint();
	return 2;
}

/* Parse a real option value into *OUT; exit status 2 on failure, else 0. */
static int opt_real(const char *name, const char *text, double *out)
{
	struct diag dg = { 0 };
	if (parse_real(text, out, &dg) != BKSEF_OK) {
		fprintf(stderr, "%s: --%s: ", program_name, name);
		print_escaped_line(dg.msg);
		usage_hint();
		return 2;
	}
	return 0;
}

/* The mode options and the mode each sets. */
static const struct mode_option {
	int id, mode;
} mode_options[] = {
	{ OPT_SUMMARY, MODE_SUMMARY },   { OPT_LAYERS, MODE_LAYERS },
	{ OPT_BATCH, MODE_BATCH },       { OPT_SWEEP, MODE_SWEEP },
	{ OPT_LIST, MODE_LIST },         { OPT_PLAN, MODE_PLAN },
	{ OPT_FRONTIER, MODE_FRONTIER }, { OPT_CONVERT, MODE_CONVERT },
	{ OPT_COMPARE, MODE_COMPARE },   { OPT_DIFF, MODE_DIFF },
};

/* The mode option C sets, or -1 when C is no mode option. */
static int mode_of(int c)
{
	for (size_t i = 0; i < sizeof mode_options / sizeof mode_options[0]; i++)
		if (mode_options[i].id == c)
			return mode_options[i].mode;
	return -1;
}

/* An option that sets a field of a struct, at OFFSET. */
struct field_option {
	int id;
	size_t offset;
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The field option C of TABLE (N entries), or NULL. */
static const struct field_option *field_of(const struct field_option *table, size_t n, int c)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].id == c)
			return &table[i];
	return NULL;
}

/* The scoring parameters given as reals: a double of struct score_params. */
static const struct field_option real_options[] = {
	{ OPT_LAMBDA1, offsetof(struct score_params, lambda1) },
	{ OPT_LAMBDA2, offsetof(struct score_params, lambda2) },
	{ OPT_LAMBDA3, offsetof(struct score_params, lambda3) },
	{ OPT_GAMMA, offsetof(struct score_params, gamma) },
	{ OPT_BETA, offsetof(struct score_params, beta) },
};

/* The options that keep their value as given: a const char * of struct
 * options. */
static const struct field_option text_options[] = {
	{ OPT_PINS_FROM, offsetof(struct options, pins_from) },
	{ OPT_DEVICE, offsetof(struct options, device_arg) },
	{ OPT_LATENCY_TABLE, offsetof(struct options, latency_table_arg) },
	{ 'o', offsetof(struct options, output) },
	{ OPT_EXPORT_NETWORK, offsetof(struct options, export_network) },
	{ OPT_KEYS, offsetof(struct options, keys_file) },
	{ OPT_DUMP, offsetof(struct options, dump_file) },
};

/* The flags: an int of struct options set to 1. */
static const struct field_option flag_options[] = {
	{ OPT_ASCII, offsetof(struct options, ascii) },
	{ OPT_NO_COLOR, offsetof(struct options, no_color) },
	{ OPT_NO_MOUSE, offsetof(struct options, no_mouse) },
};

static double *param_of(struct score_params *p, size_t offset)
{
	return (double *)(void *)((char *)p + offset);
}

/* An option whose value is one of a few words, and the value each gives. */
struct word_option {
	int id;
	const char *words[5]; /* NULL after the last */
	int values[5];
};

static const struct word_option
    scope_words = { OPT_SCOPE, { "network", "layer" }, { SCORE_SCOPE_NETWORK, SCORE_SCOPE_LAYER } },
    cost_words = { OPT_COST,
	           { "macs", "paper", "latency", "measured" },
	           { COST_MACS, COST_PAPER, COST_LATENCY, COST_MEASURED } },
    realise_words = { OPT_REALISE, { "full", "ds" }, { KERNEL_FULL, KERNEL_DS } },
    baseline_words = { OPT_BASELINE, { "loaded", "3" }, { 0, 3 } };

/* Set *OUT to the value of W's word TEXT; exit status 2 with "--NAME: 'TEXT'
 * is not 'a', 'b' or 'c'" when it is none of them, else 0. */
static int opt_word(const struct word_option *w, const char *text, int *out)
{
	char name[32], list[128] = "";
	size_t n = 0;

	while (n < sizeof w->words / sizeof w->words[0] && w->words[n] != NULL) {
		if (strcmp(text, w->words[n]) == 0) {
			*out = w->values[n];
			return 0;
		}
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(list);
		snprintf(list + len, sizeof list - len, "%s'%s'",
		         i == 0      ? ""
		         : i + 1 < n ? ", "
		                     : " or ",
		         w->words[i]);
	}
	return usage_error("%s: '%s' is not %s", option_name(w->id, name, sizeof name), text, list);
}

/* Read option C with value ARG (NULL when it takes none) into OPT, the
 * scoring parameters given explicitly into *GIVEN (explicit values win over
 * a preset, whatever the order on the line: finish_options applies them).
 * Returns 0, an exit status (2: bad usage), or -1 when bksef is done
 * (--help, --version). */
static int take_option(int c, const char *arg, struct options *opt, struct score_params *given)
{
	if (mode_of(c) >= 0) {
		opt->mode = mode_of(c);
		if (c == OPT_DIFF)
			opt->diff_a = arg;
		return 0;
	}
	const struct field_option *f;
	if ((f = field_of(real_options, COUNT(real_options), c)) != NULL) {
		char name[32];
		return opt_real(option_name(c, name, sizeof name) + 2, arg,
		                param_of(given, f->offset));
	}
	if ((f = field_of(text_options, COUNT(text_options), c)) != NULL) {
		*(const char **)(void *)((char *)opt + f->offset) = arg;
		return 0;
	}
	if ((f = field_of(flag_options, COUNT(flag_options), c)) != NULL) {
		*(int *)(void *)((char *)opt + f->offset) = 1;
		return 0;
	}
	switch (c) {
	case OPT_INPUT_SIZE: {
		struct diag dg = { 0 };
		if (onnx_map_size_parse(arg, &opt->input_size, &dg) != BKSEF_OK)
			return usage_error("--input-size: %s", dg.msg);
		return 0;
	}
	case OPT_SOLVER:
		if (request_solver_parse(arg, &opt->solver) != BKSEF_OK)
			return usage_error("--solver: '%s' is not 'best' or 'lambda'", arg);
		opt->solver_given = 1;
		return 0;
	case OPT_BUDGET_ON:
		if (request_resource_parse(arg, &opt->budget_on) != BKSEF_OK)
			return usage_error("--budget-on: '%s' is not 'macs' or 'params'", arg);
		return 0;
	case OPT_SOLVE_TIME: {
		int rc = opt_real("solve-time", arg, &opt->solve_time);
		if (rc == 0 && !(opt->solve_time > 0 && opt->solve_time <= 86400))
			return usage_error("--solve-time: '%s' is not a number of seconds from "
			                   "0 to 86400 (more than 0)",
			                   arg);
		return rc;
	}
	case OPT_FRONTIER_MAX: {
		char *end;
		errno = 0;
		opt->frontier_max = strtol(arg, &end, 10);
		if (end == arg || *end != '\0' || errno != 0 || opt->frontier_max < 2 ||
		    opt->frontier_max > 100000)
			return usage_error("--frontier-max: '%s' is not a whole number from 2 "
			                   "to 100000",
			                   arg);
		return 0;
	}
	case OPT_HELP:
	case OPT_VERSION:
		/* Longer than stdio's buffer, the text is partly written here:
		 * keep a failure's reason for finish_stdout. */
		errno = 0;
		if (c == OPT_HELP)
			print_help();
		else
			print_version();
		if (ferror(stdout))
			stdout_errno = errno;
		return -1;
	case OPT_SCOPE:
		return opt_word(&scope_words, arg, &given->scope);
	case OPT_COST:
		return opt_word(&cost_words, arg, &given->cost);
	case OPT_CANDIDATES: {
		struct diag dg = { 0 };
		opt->candidates_given = 1;
		/* The syntax now; options_request reads the tokens again for
		 * the network's rank. */
		opt->candidates_text = arg;
		if (cand_parse_tokens(arg, 0, &opt->candidates, &opt->cand_axes, &dg) != BKSEF_OK) {
			fprintf(stderr, "%s: --candidates: ", program_name);
			print_escaped_line(dg.msg);
			usage_hint();
			return 2;
		}
		return 0;
	}
	case OPT_PRESET:
		if (score_preset(arg, &opt->params) != BKSEF_OK)
			return usage_error("--preset: unknown preset '%s' (paper, edge, "
			                   "cloud, balanced, edge-ds)",
			                   arg);
		opt->preset = arg;
		return 0;
	case OPT_REALISE:
		opt->realise_given = 1;
		return opt_word(&realise_words, arg, &opt->realise);
	case OPT_PIN:
		if (opt->n_pins == OPTIONS_MAX_PINS)
			return usage_error("--pin: at most %d pins", OPTIONS_MAX_PINS);
		opt->pins[opt->n_pins++] = arg;
		return 0;
	case OPT_BUDGET:
	case OPT_REDUCE:
		opt->budget = arg;
		opt->budget_is_reduce = c == OPT_REDUCE;
		return 0;
	case OPT_BASELINE:
		return opt_word(&baseline_words, arg, &opt->baseline_k);
	case OPT_SIZE: {
		char tail;
		if (sscanf(arg, "%dx%d%c", &opt->size_w, &opt->size_h, &tail) != 2 ||
		    opt->size_w < 1 || opt->size_h < 1 || opt->size_w > 1000 || opt->size_h > 1000)
			return usage_error("--size: '%s' is not WIDTHxHEIGHT (1..1000)", arg);
		return 0;
	}
	default:
		usage_hint();
		return 2;
	}
}

/* After the options: the parameters given explicitly (GIVEN, those SEEN)
 * over the preset's, the realisation, and the cost model with its source
 * of times.  0, or exit status 2. */
static int finish_params(struct options *opt, const struct score_params *given,
                         const unsigned char *seen)
{
	struct diag dg = { 0 };

	for (size_t i = 0; i < COUNT(real_options); i++)
		if (seen[real_options[i].id])
			*param_of(&opt->params, real_options[i].offset) =
			    *param_of((struct score_params *)given, real_options[i].offset);
	if (seen[OPT_SCOPE])
		opt->params.scope = given->scope;
	if (seen[OPT_COST])
		opt->params.cost = given->cost;
	/* The realisation: --realise, else dsK candidates, else the preset's. */
	if (opt->cand_axes.kind == KERNEL_DS && opt->realise_given && opt->realise == KERNEL_FULL)
		return usage_error("--candidates: dsK kernels and --realise full contradict");
	if (!opt->realise_given)
		opt->realise = opt->cand_axes.kind == KERNEL_DS ? KERNEL_DS
		               : opt->preset != NULL            ? score_preset_realise(opt->preset)
		                                                : KERNEL_FULL;
	/* A device or a latency table prices layers by their time: --cost
	 * latency or measured, unless --cost (or a preset) says otherwise,
	 * which makes no sense with one. */
	if (opt->device_arg != NULL && opt->latency_table_arg != NULL)
		return usage_error("--device and --latency-table: one cost model at a time");
	if (opt->device_arg != NULL && !seen[OPT_COST])
		opt->params.cost = COST_LATENCY;
	if (opt->latency_table_arg != NULL && !seen[OPT_COST])
		opt->params.cost = COST_MEASURED;
	if (opt->device_arg != NULL && opt->params.cost != COST_LATENCY)
		return usage_error("--device goes with --cost latency, not --cost %s",
		                   cost_model_name(opt->params.cost));
	if (opt->latency_table_arg != NULL && opt->params.cost != COST_MEASURED)
		return usage_error("--latency-table goes with --cost measured, not --cost %s",
		                   cost_model_name(opt->params.cost));
	if (opt->mode == MODE_COMPARE && opt->device_arg == NULL)
		return usage_error("--compare-costs needs --device NAME|FILE");
	if (opt->mode == MODE_COMPARE && opt->budget != NULL &&
	    (opt->budget[0] == '\0' || opt->budget[strlen(opt->budget) - 1] != '%'))
		return usage_error(
		    "--compare-costs: the budget '%s' must be a percentage, to apply "
		    "to MACs, parameters and latency alike",
		    opt->budget);
	if (opt->device_arg == NULL && opt->params.cost == COST_LATENCY)
		return usage_error("--cost latency needs --device NAME|FILE");
	if (opt->latency_table_arg == NULL && opt->params.cost == COST_MEASURED)
		return usage_error("--cost measured needs --latency-table FILE");
	if (score_params_check(&opt->params, &dg) != BKSEF_OK) {
		fprintf(stderr, "%s: ", program_name);
		print_escaped_line(dg.msg);
		usage_hint();
		return 2;
	}
	return 0;
}

/* The operands after the options, ARGV[*OPTIND ..]: --diff's second plan,
 * then the network (the default one but for --diff).  0, or exit status 2. */
static int take_operands(int argc, char **argv, struct options *opt)
{
	if (opt->mode == MODE_DIFF) {
		/* --diff A B [NETWORK]: B, then the network if given */
		if (optind == argc)
			return usage_error(
			    "--diff needs two plan files: --diff A.csv B.csv [NETWORK]");
		opt->diff_b = argv[optind++];
		if (strcmp(opt->diff_a, "-") == 0 && strcmp(opt->diff_b, "-") == 0)
			return usage_error("--diff: the two plans cannot both be standard input");
	}
	if (optind < argc - 1)
		return usage_error("too many arguments: '%s'", argv[optind + 1]);
	return 0;
}

/* After the whole line is read (so that --help wins wherever it is): one
 * mode at most, no option the mode ignores, and the budget's options only
 * with a budget (but for the explorer's budget prompt and the frontier,
 * which spans every budget). */
static int check_modes(const struct options *opt, int first_mode_opt, int conflict_opt,
                       const unsigned char *seen)
{
	static const int need_budget[] = { OPT_SOLVER, OPT_BUDGET_ON, OPT_SOLVE_TIME };
	char a[32], b[32];

	if (conflict_opt >= 0)
		return usage_error("%s and %s cannot be combined: give one mode",
		                   option_name(first_mode_opt, a, sizeof a),
		                   option_name(conflict_opt, b, sizeof b));
	for (size_t i = 0; i < sizeof option_modes / sizeof option_modes[0]; i++) {
		const struct option_modes *om = &option_modes[i];
		if (seen[om->id] && !(om->modes & MODE_BIT(opt->mode)))
			return usage_error("%s goes with %s", option_name(om->id, a, sizeof a),
			                   om->with);
	}
	if (opt->budget == NULL && opt->mode != MODE_EXPLORE)
		for (size_t i = 0; i < sizeof need_budget / sizeof need_budget[0]; i++)
			if (seen[need_budget[i]] &&
			    !(opt->mode == MODE_FRONTIER && need_budget[i] != OPT_SOLVER))
				return usage_error("%s goes with --budget or --reduce",
				                   option_name(need_budget[i], a, sizeof a));
	return 0;
}

/* Read the command line into OPT.  Returns 0, an exit status (2: bad
 * usage, said), or -1 when bksef is done (--help, --version). */
static int parse_options(int argc, char **argv, struct options *opt)
{
	struct score_params given = { 0 };
	unsigned char seen[OPT_LAST] = { 0 };
	int c, rc, first_mode_opt = -1, conflict_opt = -1;

	memset(opt, 0, sizeof *opt);
	opt->mode = MODE_EXPLORE;
	opt->candidates = CAND_DEFAULT;
	opt->size_w = 80;
	opt->budget_on = BUDGET_MACS;
	opt->solver = BUDGET_SOLVER_BEST;
	opt->frontier_max = 100;
	opt->size_h = 24;
	score_params_default(&opt->params);

	while ((c = getopt_long(argc, argv, "ho:", long_options, NULL)) != -1) {
		if (c == 'h') /* -h is --help, as users of most tools expect */
			c = OPT_HELP;
		if (c > 0 && c < OPT_LAST)
			seen[c] = 1;
		if (mode_of(c) >= 0) {
			if (first_mode_opt < 0)
				first_mode_opt = c;
			else if (mode_of(c) != mode_of(first_mode_opt) && conflict_opt < 0)
				conflict_opt = c;
		}
		rc = take_option(c, optarg, opt, &given);
		if (rc != 0)
			return rc;
	}
	rc = finish_params(opt, &given, seen);
	if (rc == 0)
		rc = take_operands(argc, argv, opt);
	if (rc == 0)
		rc = check_modes(opt, first_mode_opt, conflict_opt, seen);
	if (rc != 0)
		return rc;
	opt->net_arg = optind < argc            ? argv[optind]
	               : opt->mode == MODE_DIFF ? NULL /* the plans' */
	                                        : DEFAULT_NETWORK;
	if (opt->mode == MODE_DIFF && opt->net_arg != NULL && strcmp(opt->net_arg, "-") == 0 &&
	    (strcmp(opt->diff_a, "-") == 0 || strcmp(opt->diff_b, "-") == 0))
		return usage_error("--diff: a plan and the network cannot both be standard input");
	return 0;
}

/* A reader that went away (bksef --batch NET | head -1) ends bksef as it
 * ends cat: killed by SIGPIPE, without a word.  When SIGPIPE was ignored
 * the write failed with EPIPE instead; die of the signal all the same. */
static void die_of_sigpipe(void)
{
	sigset_t set;

	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGPIPE);
}

/* Flush standard output and report a failed write (GNU close_stdout):
 * `bksef --help > /dev/full` must not succeed silently.  Every failed write
 * to standard output is reported here, once.  Returns 0 or 1. */
static int finish_stdout(void)
{
	int err;

	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	err = errno ? errno : stdout_errno;
	if (err == EPIPE)
		die_of_sigpipe();
	if (err != 0)
		fprintf(stderr, "%s: write error: %s\n", program_name, strerror(err));
	else
		fprintf(stderr, "%s: write error\n", program_name);
	return 1;
}

/* A write's failure reported; exit status 0, 1 or 2.  A failed write to
 * standard output is left to finish_stdout, which says it once, with its
 * reason ERR (errno as the write left it). */
static int report_write(const struct diag *dg, int st, int err)
{
	if (st == BKSEF_OK)
		return 0;
	if (st == BKSEF_EIO && dg->file == diag_stdout_name && ferror(stdout)) {
		stdout_errno = err;
		return 1;
	}
	return report(dg, st);
}

/* Load the device profile ARG (a file, or a bundled profile's name) into
 * *D; returns 0 or the exit status, with the message printed. */
static int load_device(const char *arg, struct device *d)
{
	struct diag dg = { 0 };
	char *path = netfind_resolve_device(arg);
	int st;

	if (path == NULL && errno == ENOMEM)
		return out_of_memory();
	if (path == NULL) {
		fprintf(stderr, "%s: ", program_name);
		escape_fputs_quoted(arg, stderr);
		fprintf(stderr,
		        ": no such file or bundled device (see bksef(5), DEVICE PROFILES)\n");
		return 1;
	}
	st = device_load_file(path, strcmp(path, "-") ? path : diag_stdin_name, d, &dg);
	st = st == BKSEF_OK ? 0 : report(&dg, st); /* dg.file is PATH */
	free(path);
	return st;
}

/* Each line of LINES as a message of DG's file, on standard error;
 * returns exit status 1. */
static int report_lines(const struct diag *dg, const char *lines)
{
	struct diag one = *dg;
	char buf[4096];
	for (const char *p = lines; *p != '\0';) {
		size_t n = strcspn(p, "\n");
		snprintf(one.msg, sizeof one.msg, "%.*s", (int)n, p);
		fprintf(stderr, "%s\n", diag_format(&one, program_name, buf, sizeof buf));
		p += n + (p[n] == '\n');
	}
	return 1;
}

/* --convert's writer: the network file the model maps to. */
static int convert_writer(FILE *fp, void *ctx, struct diag *dg)
{
	const struct onnx_map *map = ctx;
	if (fwrite(map->text, 1, map->len, fp) != map->len)
		return diag_set(dg, BKSEF_EIO, 0, "write error");
	return BKSEF_OK;
}

/* Find the network OPT names: a file, a bundled network, or the one --diff's
 * first plan names (DIFF_A); OPT->path gets its path (to be freed).  0, or
 * the exit status after saying what is wrong. */
static int find_network(struct options *opt, const struct plan_read *diff_a)
{
	struct diag dg = { 0 };

	if (opt->pins_from != NULL && strcmp(opt->pins_from, "-") == 0 &&
	    strcmp(opt->net_arg, "-") == 0)
		return usage_error("--pins-from - and the network cannot both be standard input");
	/* A plan names its network by name: never standard input. */
	opt->path = opt->net_arg == diff_a->network && strcmp(opt->net_arg, "-") == 0
	                ? (errno = 0, NULL)
	                : netfind_resolve(opt->net_arg);
	if (opt->path == NULL && errno == ENOMEM)
		return out_of_memory();
	if (opt->path == NULL && opt->mode == MODE_DIFF && opt->net_arg == diff_a->network) {
		char q[256];
		dg.file = diff_a->display;
		diag_set(&dg, BKSEF_EINPUT, diff_a->line,
		         "network '%s' is no file or bundled network: give it after the two plans "
		         "(--diff A.csv B.csv NETWORK)",
		         diag_quote(q, sizeof q, diff_a->network));
		return report(&dg, BKSEF_EINPUT);
	}
	if (opt->path == NULL) {
		fprintf(stderr, "%s: ", program_name);
		escape_fputs_quoted(opt->net_arg, stderr);
		fprintf(stderr, ": no such file or bundled network (see '%s --list')\n",
		        program_name);
		return 1;
	}
	if (strcmp(opt->path, "-") == 0 &&
	    ((opt->device_arg && strcmp(opt->device_arg, "-") == 0) ||
	     (opt->latency_table_arg && strcmp(opt->latency_table_arg, "-") == 0)))
		return usage_error("%s - and the network cannot both be standard input",
		                   opt->device_arg ? "--device" : "--latency-table");
	return 0;
}

/* Load what the cost model prices layers with: --device into *DEVICE,
 * --latency-table (for NET) into *MEASURED, and point OPT at them.  0, or
 * the exit status after saying what is wrong. */
static int load_cost_sources(struct options *opt, const struct net *net, struct device *device,
                             struct latency_table *measured)
{
	struct diag dg = { 0 };

	if (opt->device_arg != NULL) {
		int rc = load_device(opt->device_arg, device);
		if (rc != 0)
			return rc;
		opt->device = device;
	}
	if (opt->latency_table_arg != NULL) {
		const char *a = opt->latency_table_arg;
		int st = latency_table_load_file(a, strcmp(a, "-") ? a : diag_stdin_name, net,
		                                 measured, &dg);
		if (st != BKSEF_OK)
			return report(&dg, st);
		opt->measured = measured;
	}
	return 0;
}

/* Run OPT's mode on NET (MAP: how a model was mapped; DIFF_A and DIFF_B:
 * --diff's plans).  The exit status. */
static int run_mode(const struct options *opt, struct net *net, struct onnx_map *map,
                    struct plan_read *diff_a, struct plan_read *diff_b)
{
	struct diag dg = { 0 };
	int rc = 0, st;

	switch (opt->mode) {
	case MODE_SUMMARY:
		summary_print(stdout, net, opt->path, opt->device, opt->measured);
		break;
	case MODE_LAYERS: {
		struct layers_out lo = { net, opt->device };
		st = safe_file_write(opt->output ? opt->output : "-", layers_writer, &lo, &dg);
		rc = report_write(&dg, st, errno);
		break;
	}
	case MODE_PLAN:
	case MODE_BATCH:
	case MODE_SWEEP:
	case MODE_FRONTIER:
	case MODE_COMPARE:
		st = batch_run(opt, net, &dg);
		rc = report_write(&dg, st, errno);
		break;
	case MODE_DIFF:
		st = diff_run(opt, net, diff_a, diff_b, &dg);
		rc = report_write(&dg, st, errno);
		break;
	case MODE_CONVERT:
		st = safe_file_write(opt->output ? opt->output : "-", convert_writer, map, &dg);
		rc = report_write(&dg, st, errno);
		break;
	case MODE_EXPLORE:
		rc = tui_run(opt, net);
		if (ferror(stdout))
			stdout_errno = errno;
		break;
	default:
		break;
	}
	if (finish_stdout() != 0)
		rc = 1;
	return rc;
}

int main(int argc, char **argv)
{
	struct options opt;
	struct net *net = NULL;
	struct device device = { 0 };
	struct latency_table measured = { 0 };
	struct onnx_map map = { 0 };
	struct plan_read diff_a = { 0 }, diff_b = { 0 };
	struct diag dg = { 0 };
	int rc = 0, st;

	gsl_set_error_handler_off();
	rc = parse_options(argc, argv, &opt);
	if (rc != 0)
		return rc < 0 ? finish_stdout() : rc;

	if (opt.mode == MODE_LIST) {
		rc = netfind_list(stdout);
		if (rc == -2)
			return out_of_memory();
		if (rc != 0) {
			fprintf(stderr, "%s: no bundled networks found\n", program_name);
			return 1;
		}
		return finish_stdout();
	}
	if (opt.mode == MODE_EXPLORE && opt.keys_file == NULL && !isatty(STDOUT_FILENO)) {
		fprintf(stderr,
		        "%s: standard output is not a terminal; use --summary, --layers, "
		        "--batch or --sweep for output to a pipe or file\n",
		        program_name);
		return 2;
	}
	if (opt.mode == MODE_DIFF) {
		st = diff_read(&opt, &diff_a, &diff_b, &dg);
		if (st != BKSEF_OK)
			return report(&dg, st);
		if (opt.net_arg == NULL)
			opt.net_arg = diff_a.network;
	}
	rc = find_network(&opt, &diff_a);
	if (rc != 0)
		goto out;
	if (opt.mode == MODE_EXPLORE)
		tui_load_begin(&opt);
	st = onnx_map_load(opt.path, strcmp(opt.path, "-") ? opt.path : diag_stdin_name,
	                   &opt.input_size, &net, &map, &dg);
	if (opt.mode == MODE_EXPLORE && tui_load_end(st) != 0) {
		rc = 1;
		goto out;
	}
	if (map.notes & ONNX_MAP_NOTE_FOLDED_BN)
		report_lines(&dg, onnx_map_folded_bn_note);
	if (st != BKSEF_OK) {
		rc = map.n_blockers > 0 ? report_lines(&dg, map.blockers) : report(&dg, st);
		goto out;
	}
	if (opt.mode == MODE_CONVERT && map.text == NULL) {
		dg.line = 0;
		rc = report_lines(&dg, "--convert takes an ONNX model; this is a network file");
		goto out;
	}
	rc = load_cost_sources(&opt, net, &device, &measured);
	if (rc == 0)
		rc = run_mode(&opt, net, &map, &diff_a, &diff_b);
out:
	plan_read_free(&diff_a);
	plan_read_free(&diff_b);
	tui_load_abandon();
	onnx_map_release(&map);
	net_free(net);
	device_free(&device);
	latency_table_free(&measured);
	free(opt.path);
	return rc;
}
