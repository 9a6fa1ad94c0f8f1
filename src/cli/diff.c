/* diff.c -- `bksef --diff A.csv B.csv [NETWORK]`: two saved plans of one
 * network compared (plan_compare.h), printed for a person or written as
 * CSV. */
#include <config.h>

#include "cli.h"
#include "csvout.h"
#include "escape.h"
#include "safe_file.h"

#include <math.h>
#include <string.h>

/* The name of a plan file in diagnostics. */
static const char *display_of(const char *path)
{
	return strcmp(path, "-") == 0 ? diag_stdin_name : path;
}

int diff_read(const struct options *opt, struct plan_read *a, struct plan_read *b, struct diag *dg)
{
	char qa[128], qb[128];
	int st;

	memset(b, 0, sizeof *b);
	st = plan_read_file(opt->diff_a, display_of(opt->diff_a), a, dg);
	if (st != BKSEF_OK)
		return st;
	st = plan_read_file(opt->diff_b, display_of(opt->diff_b), b, dg);
	if (st == BKSEF_OK && strcmp(a->network, b->network) != 0) {
		st = diag_set(dg, BKSEF_EINPUT, b->line,
		              "this plan is of network '%s' but the other is of '%s': plans of "
		              "different networks cannot be compared",
		              diag_quote(qb, sizeof qb, b->network),
		              diag_quote(qa, sizeof qa, a->network));
		dg->file = b->display;
	}
	if (st != BKSEF_OK) {
		plan_read_free(a);
		plan_read_free(b);
	}
	return st;
}

/* A session whose plan is PR's kernels (bound to NET) under PR's baseline. */
static int eval_session(const struct plan_read *pr, const struct net *net, struct session **out,
                        struct diag *dg)
{
	struct request req;
	int st;

	request_init(&req);
	req.baseline_k = pr->req.baseline_k;
	st = plan_read_pins(pr, net, &req, dg);
	if (st == BKSEF_OK)
		st = session_new(net, &req, out, dg);
	request_release(&req);
	return st;
}

/* A count cell: "-" for nothing. */
static void print_pct(FILE *fp, double a, double b)
{
	if (isnan(a) || isnan(b))
		fprintf(fp, "  %8s", "-");
	else
		fprintf(fp, "  %+7.1f%%", plan_compare_pct(a, b));
}

/* A score as text ("-": not scored). */
static const char *score_text(double v, char *buf, size_t size)
{
	if (isnan(v))
		return "-";
	snprintf(buf, size, "%.4f", v);
	return buf;
}

/* Print PC for a person: the changed convs, the totals, the requests'
 * differences. */
static void diff_print(FILE *fp, const struct plan_compare *pc, const char *a, const char *b)
{
	const struct net *net = pc->net;
	size_t width = 5;
	char name[256], ka[KERNEL_TOKEN_MAX], kb[KERNEL_TOKEN_MAX], sa[32], sb[32];
	static const char *const total_name[] = { "macs", "params", "rf" };

	for (size_t i = 0; i < pc->n_layers; i++) {
		size_t w = escape_width(net->layers[pc->layer[i].layer].name);
		if (w > width)
			width = w > 40 ? 40 : w;
	}
	fputs("network: ", fp);
	escape_fputs(net->name, fp);
	fputs("\nA: ", fp);
	escape_fputs(a, fp);
	fputs("\nB: ", fp);
	escape_fputs(b, fp);
	fprintf(fp, "\n\n%zu of %zu convs differ\n", pc->n_layers, pc->n_convs);
	if (pc->n_layers > 0)
		fprintf(fp, "%-*s  %5s %5s  %12s %12s  %9s %9s  %5s %5s  %7s %7s\n", (int)width,
		        "layer", "k_A", "k_B", "macs_A", "macs_B", "params_A", "params_B", "rf_A",
		        "rf_B", "score_A", "score_B");
	for (size_t i = 0; i < pc->n_layers; i++) {
		const struct plan_compare_layer *l = &pc->layer[i];
		escape_text_cols(name, sizeof name, net->layers[l->layer].name, width);
		fprintf(
		    fp, "%s%*s  %5s %5s  %12lld %12lld  %9lld %9lld  %5lld %5lld  %7s %7s\n", name,
		    (int)(width - escape_width(name)), "", kernel_format(&l->k[0], ka, sizeof ka),
		    kernel_format(&l->k[1], kb, sizeof kb), (long long)l->macs[0],
		    (long long)l->macs[1], (long long)l->params[0], (long long)l->params[1],
		    (long long)l->rf[0], (long long)l->rf[1],
		    score_text(l->score[0], sa, sizeof sa), score_text(l->score[1], sb, sizeof sb));
	}
	fprintf(fp, "\n%-6s  %14s  %14s  %14s  %8s\n", "total", "A", "B", "B-A", "change");
	const int64_t *tot[] = { pc->macs, pc->params, pc->rf };
	for (int t = 0; t < 3; t++) {
		fprintf(fp, "%-6s  %14lld  %14lld  %+14lld", total_name[t], (long long)tot[t][0],
		        (long long)tot[t][1], (long long)(tot[t][1] - tot[t][0]));
		print_pct(fp, (double)tot[t][0], (double)tot[t][1]);
		fputc('\n', fp);
	}
	fprintf(fp, "%-6s  %14.4f  %14.4f  %+14.4f", "score", pc->score[0], pc->score[1],
	        pc->score[1] - pc->score[0]);
	print_pct(fp, pc->score[0], pc->score[1]);
	fputs("\n(score: the sum of the convs' scores, each plan under its own request)\n", fp);
	if (pc->n_diffs == 0) {
		fputs("\nthe requests are the same\n", fp);
		return;
	}
	fprintf(fp, "\n%-*s  %-14s  B\n", (int)width + 4, "request", "A");
	for (size_t i = 0; i < pc->n_diffs; i++) {
		const struct plan_compare_diff *d = &pc->diff[i];
		if (d->layer != NULL) {
			escape_text_cols(name, sizeof name, d->layer, width);
			fprintf(fp, "pin %s%*s", name, (int)(width - escape_width(name)), "");
		} else
			fprintf(fp, "%-*s", (int)width + 4, d->what);
		fprintf(fp, "  %-14s  %s\n", d->a, d->b);
	}
}

int diff_run(const struct options *opt, const struct net *net, struct plan_read *a,
             struct plan_read *b, struct diag *dg)
{
	struct plan_read *pr[2] = { a, b };
	struct session *s[2] = { NULL, NULL };
	struct plan_compare_side side[2];
	struct plan_compare pc;
	int st = BKSEF_OK;

	memset(side, 0, sizeof side);
	memset(&pc, 0, sizeof pc);
	for (int i = 0; i < 2 && st == BKSEF_OK; i++) {
		st = plan_read_bind(pr[i], net, dg);
		if (st == BKSEF_OK)
			st = eval_session(pr[i], net, &s[i], dg);
		if (st == BKSEF_OK)
			st = plan_compare_side_file(&side[i], pr[i], s[i], dg);
	}
	if (st == BKSEF_OK)
		st = plan_compare_new(net, &side[0], &side[1], &pc, dg);
	if (st == BKSEF_OK && opt->output != NULL)
		st = safe_file_write(opt->output, plan_compare_writer, &pc, dg);
	else if (st == BKSEF_OK)
		diff_print(stdout, &pc, a->display, b->display);
	plan_compare_free(&pc);
	for (int i = 0; i < 2; i++) {
		plan_compare_side_free(&side[i]);
		session_free(s[i]);
	}
	return st;
}
