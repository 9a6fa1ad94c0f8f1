/* main.c -- bksef: read the command line, load the network, hand over to the
 * batch front end or the explorer. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
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
};

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
	{ NULL, 0, NULL, 0 },
};

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
	    "NETWORK is a network description file (bksef(5)), '-' for standard input,\n"
	    "or the name of a bundled network (see --list); default " DEFAULT_NETWORK ".\n"
	    "Without a mode option bksef opens the interactive explorer.\n"
	    "\n"
	    "Modes:\n"
	    "      --summary            print the network's totals and exit\n"
	    "      --layers             write a per-layer CSV (shapes, MACs, receptive field)\n"
	    "      --batch              write the plan CSV (one row per conv layer)\n"
	    "      --plan               print the chosen kernels and the plan's totals\n"
	    "                           against the baseline\n"
	    "      --sweep              write the exact lambda3 sweep as CSV\n"
	    "      --list               list the bundled networks\n"
	    "\n"
	    "Scoring (batch and explorer):\n"
	    "      --lambda1 X          weight of information gain I(k)=ln(1+beta*k) [0.45]\n"
	    "      --lambda2 X          weight of accuracy gain A(k)=1-exp(-gamma*k) [0.45]\n"
	    "      --lambda3 X          weight of cost C(k) [0.10]\n"
	    "      --gamma X            accuracy-gain rate, > 0 [0.35]\n"
	    "      --beta X             information-gain rate, > 0 [0.75]\n"
	    "      --scope network|layer   min-max over the whole network or per layer [network]\n"
	    "      --cost macs|paper    exact MACs, or k*k*H_in*W_in*C_in*C_out [macs]\n"
	    "      --candidates LIST    kernel sizes to consider, e.g. 3,5,7 [1,3,5,7,9]\n"
	    "      --preset NAME        paper, edge, cloud or balanced (options given\n"
	    "                           explicitly override it)\n"
	    "      --pin NAME=K         force layer NAME to kernel K (repeatable)\n"
	    "      --budget X           smallest lambda3 whose plan needs at most X MACs\n"
	    "                           (350M, 1.2G, or a percentage of the baseline: 57.2%)\n"
	    "      --reduce P%          the same as --budget (100-P)%\n"
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
	    "      --help               display this help and exit\n"
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

/* Explicit values win over a preset, whatever the order on the line. */
struct explicit_params {
	int lambda1, lambda2, lambda3, gamma, beta, scope, cost;
	struct score_params v;
};

static int parse_options(int argc, char **argv, struct options *opt)
{
	struct explicit_params ex = { 0 };
	int c, rc;

	memset(opt, 0, sizeof *opt);
	opt->mode = MODE_EXPLORE;
	opt->candidates = CAND_DEFAULT;
	opt->size_w = 80;
	opt->size_h = 24;
	score_params_default(&opt->params);

	while ((c = getopt_long(argc, argv, "o:", long_options, NULL)) != -1) {
		rc = 0;
		switch (c) {
		case OPT_SUMMARY:
			opt->mode = MODE_SUMMARY;
			break;
		case OPT_LAYERS:
			opt->mode = MODE_LAYERS;
			break;
		case OPT_BATCH:
			opt->mode = MODE_BATCH;
			break;
		case OPT_SWEEP:
			opt->mode = MODE_SWEEP;
			break;
		case OPT_LIST:
			opt->mode = MODE_LIST;
			break;
		case OPT_PLAN:
			opt->mode = MODE_PLAN;
			break;
		case OPT_HELP:
			print_help();
			return -1;
		case OPT_VERSION:
			print_version();
			return -1;
		case OPT_LAMBDA1:
			rc = opt_real("lambda1", optarg, &ex.v.lambda1);
			ex.lambda1 = 1;
			break;
		case OPT_LAMBDA2:
			rc = opt_real("lambda2", optarg, &ex.v.lambda2);
			ex.lambda2 = 1;
			break;
		case OPT_LAMBDA3:
			rc = opt_real("lambda3", optarg, &ex.v.lambda3);
			ex.lambda3 = 1;
			break;
		case OPT_GAMMA:
			rc = opt_real("gamma", optarg, &ex.v.gamma);
			ex.gamma = 1;
			break;
		case OPT_BETA:
			rc = opt_real("beta", optarg, &ex.v.beta);
			ex.beta = 1;
			break;
		case OPT_SCOPE:
			if (strcmp(optarg, "network") == 0)
				ex.v.scope = SCORE_SCOPE_NETWORK;
			else if (strcmp(optarg, "layer") == 0)
				ex.v.scope = SCORE_SCOPE_LAYER;
			else
				return usage_error("--scope: '%s' is not 'network' or 'layer'",
				                   optarg);
			ex.scope = 1;
			break;
		case OPT_COST:
			if (strcmp(optarg, "macs") == 0)
				ex.v.cost = SCORE_COST_MACS;
			else if (strcmp(optarg, "paper") == 0)
				ex.v.cost = SCORE_COST_PAPER;
			else
				return usage_error("--cost: '%s' is not 'macs' or 'paper'", optarg);
			ex.cost = 1;
			break;
		case OPT_CANDIDATES: {
			struct diag dg = { 0 };
			if (cand_parse(optarg, &opt->candidates, &dg) != BKSEF_OK) {
				fprintf(stderr, "%s: --candidates: ", program_name);
				print_escaped_line(dg.msg);
				usage_hint();
				return 2;
			}
			break;
		}
		case OPT_PRESET:
			if (score_preset(optarg, &opt->params) != BKSEF_OK)
				return usage_error("--preset: unknown preset '%s' (paper, edge, "
				                   "cloud, balanced)",
				                   optarg);
			opt->preset = optarg;
			break;
		case OPT_PIN:
			if (opt->n_pins == OPTIONS_MAX_PINS)
				return usage_error("--pin: at most %d pins", OPTIONS_MAX_PINS);
			opt->pins[opt->n_pins++] = optarg;
			break;
		case OPT_BUDGET:
		case OPT_REDUCE:
			opt->budget = optarg;
			opt->budget_is_reduce = c == OPT_REDUCE;
			break;
		case OPT_BASELINE:
			if (strcmp(optarg, "loaded") == 0)
				opt->baseline_k = 0;
			else if (strcmp(optarg, "3") == 0)
				opt->baseline_k = 3;
			else
				return usage_error("--baseline: '%s' is not 'loaded' or '3'",
				                   optarg);
			break;
		case 'o':
			opt->output = optarg;
			break;
		case OPT_EXPORT_NETWORK:
			opt->export_network = optarg;
			break;
		case OPT_ASCII:
			opt->ascii = 1;
			break;
		case OPT_NO_COLOR:
			opt->no_color = 1;
			break;
		case OPT_NO_MOUSE:
			opt->no_mouse = 1;
			break;
		case OPT_KEYS:
			opt->keys_file = optarg;
			break;
		case OPT_DUMP:
			opt->dump_file = optarg;
			break;
		case OPT_SIZE: {
			char tail;
			if (sscanf(optarg, "%dx%d%c", &opt->size_w, &opt->size_h, &tail) != 2 ||
			    opt->size_w < 1 || opt->size_h < 1 || opt->size_w > 1000 ||
			    opt->size_h > 1000)
				return usage_error("--size: '%s' is not WIDTHxHEIGHT (1..1000)",
				                   optarg);
			break;
		}
		default:
			usage_hint();
			return 2;
		}
		if (rc != 0)
			return rc;
	}
	if (ex.lambda1)
		opt->params.lambda1 = ex.v.lambda1;
	if (ex.lambda2)
		opt->params.lambda2 = ex.v.lambda2;
	if (ex.lambda3)
		opt->params.lambda3 = ex.v.lambda3;
	if (ex.gamma)
		opt->params.gamma = ex.v.gamma;
	if (ex.beta)
		opt->params.beta = ex.v.beta;
	if (ex.scope)
		opt->params.scope = ex.v.scope;
	if (ex.cost)
		opt->params.cost = ex.v.cost;
	{
		struct diag dg = { 0 };
		if (score_params_check(&opt->params, &dg) != BKSEF_OK) {
			fprintf(stderr, "%s: ", program_name);
			print_escaped_line(dg.msg);
			usage_hint();
			return 2;
		}
	}
	if (optind < argc - 1)
		return usage_error("too many arguments: '%s'", argv[optind + 1]);
	if (opt->output != NULL && opt->mode != MODE_BATCH && opt->mode != MODE_SWEEP &&
	    opt->mode != MODE_LAYERS)
		return usage_error("-o/--output goes with --batch, --sweep or --layers");
	if (opt->export_network != NULL && opt->mode != MODE_BATCH)
		return usage_error("--export-network goes with --batch");
	opt->net_arg = optind < argc ? argv[optind] : DEFAULT_NETWORK;
	return 0;
}

/* Everything a scored run holds; freed by run_free. */
struct run {
	struct net *net;
	struct score *score;
	struct plan *plan, *base;
};

static void run_free(struct run *r)
{
	plan_free(r->plan);
	plan_free(r->base);
	score_free(r->score);
	net_free(r->net);
}

/* Score, apply pins and the budget, and fill the plan. */
static int run_score(struct options *opt, struct run *r)
{
	struct diag dg = { .file = NULL };
	int st;

	st = score_new(r->net, opt->candidates, opt->params.cost, &r->score, &dg);
	if (st != BKSEF_OK)
		return report(&dg, st);
	r->plan = plan_new(r->net);
	r->base = plan_new(r->net);
	if (r->plan == NULL || r->base == NULL)
		return out_of_memory();
	for (int i = 0; i < opt->n_pins; i++) {
		st = plan_pin_text(r->plan, opt->pins[i], &dg);
		if (st == BKSEF_ENOMEM)
			return out_of_memory();
		if (st != BKSEF_OK) {
			fprintf(stderr, "%s: --pin ", program_name);
			escape_fputs(opt->pins[i], stderr);
			fputs(": ", stderr);
			print_escaped_line(dg.msg);
			return 2;
		}
	}
	if (opt->baseline_k)
		plan_uniform(r->base, opt->baseline_k);
	else
		plan_from_net(r->base, 0);
	plan_update(r->base);
	if (opt->budget != NULL) {
		int64_t budget, min_macs;
		st = parse_budget(opt->budget, r->base->macs, opt->budget_is_reduce, &budget, &dg);
		if (st != BKSEF_OK) {
			fprintf(stderr, "%s: --%s: ", program_name,
			        opt->budget_is_reduce ? "reduce" : "budget");
			print_escaped_line(dg.msg);
			usage_hint();
			return 2;
		}
		dg.file = NULL;
		st = sweep_budget(r->score, &opt->params, r->plan, budget, &opt->params.lambda3,
		                  &min_macs, &dg);
		if (st != BKSEF_OK)
			return report(&dg, st);
		char l3[40];
		fprintf(stderr, "%s: budget %lld MACs: lambda3 = %s\n", program_name,
		        (long long)budget, csvout_format_real(opt->params.lambda3, l3, sizeof l3));
	}
	st = score_run(r->score, &opt->params, &dg);
	if (st != BKSEF_OK)
		return report(&dg, st);
	plan_from_score(r->plan, r->score);
	plan_update(r->plan);
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

/* Why a write to standard output failed, when its buffer is gone by the
 * time finish_stdout flushes it (errno as the write left it). */
static int stdout_errno;

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

/* Write the plan CSV (and the network export) or the sweep CSV, staged by
 * safe_file_write_all: both targets are checked before either is written,
 * and a failure leaves both as they were. */
static int write_outputs(struct options *opt, struct run *r)
{
	struct export_plan ep = { r->net, r->score, &opt->params, r->plan, opt->candidates };
	struct export_sweep es = { NULL, 0 };
	struct sweep *sw = NULL;
	struct safe_file_out outs[SAFE_FILE_MAX_OUTS];
	struct diag dg = { 0 };
	size_t n = 0;
	int st;

	if (opt->mode == MODE_SWEEP) {
		st = sweep_compute(r->score, &opt->params, r->plan, &sw, &dg);
		if (st != BKSEF_OK)
			return report(&dg, st);
		es = (struct export_sweep){ sw, score_columns(r->score) };
		outs[n++] = (struct safe_file_out){ opt->output ? opt->output : "-",
			                            export_sweep_writer, &es };
	} else {
		outs[n++] = (struct safe_file_out){ opt->output ? opt->output : "-",
			                            export_plan_writer, &ep };
		if (opt->export_network != NULL)
			outs[n++] = (struct safe_file_out){ opt->export_network,
				                            export_network_writer, &ep };
	}
	st = safe_file_write_all(outs, n, &dg);
	int err = errno;
	sweep_free(sw);
	return report_write(&dg, st, err);
}

int main(int argc, char **argv)
{
	struct options opt;
	struct run r = { 0 };
	struct diag dg = { 0 };
	int rc, st;

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
	opt.path = netfind_resolve(opt.net_arg);
	if (opt.path == NULL && errno == ENOMEM)
		return out_of_memory();
	if (opt.path == NULL) {
		fprintf(stderr, "%s: ", program_name);
		escape_fputs_quoted(opt.net_arg, stderr);
		fprintf(stderr, ": no such file or bundled network (see '%s --list')\n",
		        program_name);
		return 1;
	}
	st = net_load_file(opt.path, strcmp(opt.path, "-") ? opt.path : diag_stdin_name, &r.net,
	                   &dg);
	if (st != BKSEF_OK) {
		rc = report(&dg, st);
		goto out;
	}

	switch (opt.mode) {
	case MODE_SUMMARY:
		summary_print(stdout, r.net, opt.path);
		break;
	case MODE_LAYERS: {
		st = safe_file_write(opt.output ? opt.output : "-", layers_writer, r.net, &dg);
		rc = report_write(&dg, st, errno);
		break;
	}
	case MODE_PLAN:
		rc = run_score(&opt, &r);
		if (rc == 0) {
			struct plan_report pr = { r.net, &opt.params, r.plan, r.base,
				                  opt.baseline_k };
			plan_report_print(stdout, &pr);
		}
		break;
	case MODE_BATCH:
	case MODE_SWEEP:
		rc = run_score(&opt, &r);
		if (rc == 0)
			rc = write_outputs(&opt, &r);
		break;
	case MODE_EXPLORE:
		rc = tui_run(&opt, r.net);
		if (ferror(stdout))
			stdout_errno = errno;
		break;
	default:
		break;
	}
	if (finish_stdout() != 0)
		rc = 1;
out:
	run_free(&r);
	free(opt.path);
	return rc;
}
