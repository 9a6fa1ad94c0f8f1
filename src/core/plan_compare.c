/* plan_compare.c -- two plans side by side (plan_compare.h). */
#include <config.h>

#include "plan_compare.h"

#include "csvout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Allocate SIDE's arrays for N convs. */
static int side_alloc(struct plan_compare_side *side, size_t n, struct diag *dg)
{
	size_t m = n ? n : 1;
	side->score = malloc(m * sizeof *side->score);
	side->pin = calloc(m, sizeof *side->pin);
	side->pinned = calloc(m, 1);
	if (side->score == NULL || side->pin == NULL || side->pinned == NULL) {
		plan_compare_side_free(side);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	return BKSEF_OK;
}

int plan_compare_side_session(struct plan_compare_side *side, const struct session *s,
                              struct diag *dg)
{
	const struct net *net = session_net(s);
	const struct request *req = session_request(s);
	const struct session_budget *b = session_budget(s);
	const struct score *sc = session_score(s);
	const struct score_work *w = session_work(s);
	int st;

	memset(side, 0, sizeof *side);
	st = side_alloc(side, net->n_conv, dg);
	if (st != BKSEF_OK)
		return st;
	side->plan = session_plan(s);
	for (size_t c = 0; c < net->n_conv; c++) {
		size_t i = net->conv[c];
		long r = score_find_row(sc, i);
		const struct pin *p = request_pin_of(req, i);
		side->score[c] =
		    r >= 0 ? score_value(sc, w, (size_t)r, side->plan->choice[c]) : NAN;
		if (p != NULL) {
			side->pinned[c] = 1;
			side->pin[c] = p->k;
		}
	}
	side->req.params = *session_params(s);
	side->req.baseline_k = req->baseline_k;
	side->req.budget_active = b->active;
	if (b->active) {
		side->req.solver = req->budget.solver;
		side->req.resource = req->budget.resource;
		side->req.budget = b->value;
	}
	return BKSEF_OK;
}

int plan_compare_side_file(struct plan_compare_side *side, const struct plan_read *pr,
                           const struct session *eval, struct diag *dg)
{
	const struct net *net = session_net(eval);
	size_t *conv_of = NULL;
	int st;

	memset(side, 0, sizeof *side);
	st = side_alloc(side, net->n_conv, dg);
	if (st != BKSEF_OK)
		return st;
	conv_of = malloc((net->n_layers ? net->n_layers : 1) * sizeof *conv_of);
	if (conv_of == NULL) {
		plan_compare_side_free(side);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	for (size_t c = 0; c < net->n_conv; c++) {
		conv_of[net->conv[c]] = c;
		side->score[c] = NAN;
	}
	side->plan = session_plan(eval);
	for (size_t i = 0; i < pr->n_rows; i++) {
		size_t c = conv_of[pr->row[i].layer];
		side->score[c] = pr->row[i].score;
		side->pinned[c] = (unsigned char)pr->row[i].pinned;
		side->pin[c] = pr->row[i].k;
	}
	free(conv_of);
	side->req = pr->req;
	return BKSEF_OK;
}

void plan_compare_side_free(struct plan_compare_side *side)
{
	free(side->score);
	free(side->pin);
	free(side->pinned);
	memset(side, 0, sizeof *side);
}

double plan_compare_pct(double a, double b)
{
	return a != 0 ? 100.0 * (b - a) / fabs(a) : 0.0;
}

/* Add the difference WHAT (LAYER for a pin) with the texts A and B. */
static void add_diff(struct plan_compare *pc, const char *what, const char *layer, const char *a,
                     const char *b)
{
	struct plan_compare_diff *d = &pc->diff[pc->n_diffs++];
	d->what = what;
	d->layer = layer;
	snprintf(d->a, sizeof d->a, "%s", a);
	snprintf(d->b, sizeof d->b, "%s", b);
}

/* The text of budget field F (0 solver, 1 value, 2 resource) of R; "-"
 * without a budget. */
static const char *budget_text(const struct plan_read_request *r, int f, char *buf, size_t size)
{
	if (!r->budget_active)
		return "-";
	if (f == 0)
		return request_solver_name(r->solver);
	if (f == 2)
		return request_resource_name(r->resource);
	snprintf(buf, size, "%lld", (long long)r->budget);
	return buf;
}

/* The requests' differences into PC->diff (room for 11 + n_convs). */
static void compare_requests(struct plan_compare *pc, const struct plan_compare_side *a,
                             const struct plan_compare_side *b)
{
	static const char *const lam_name[] = { "lambda1", "lambda2", "lambda3", "gamma", "beta" };
	static const char *const budget_name[] = { "solver", "budget", "resource" };
	const struct score_params *pa = &a->req.params, *pb = &b->req.params;
	double va[] = { pa->lambda1, pa->lambda2, pa->lambda3, pa->gamma, pa->beta };
	double vb[] = { pb->lambda1, pb->lambda2, pb->lambda3, pb->gamma, pb->beta };
	char ta[64], tb[64];

	for (int p = 0; p < 5; p++)
		if (va[p] != vb[p])
			add_diff(pc, lam_name[p], NULL, csvout_format_real(va[p], ta, sizeof ta),
			         csvout_format_real(vb[p], tb, sizeof tb));
	if (pa->scope != pb->scope)
		add_diff(pc, "scope", NULL, score_scope_name(pa->scope),
		         score_scope_name(pb->scope));
	if (pa->cost != pb->cost)
		add_diff(pc, "cost", NULL, cost_model_name(pa->cost), cost_model_name(pb->cost));
	if (a->req.baseline_k != b->req.baseline_k)
		add_diff(pc, "baseline", NULL, a->req.baseline_k ? "3" : "loaded",
		         b->req.baseline_k ? "3" : "loaded");
	for (int f = 0; f < 3; f++) {
		const char *sa = budget_text(&a->req, f, ta, sizeof ta);
		const char *sb = budget_text(&b->req, f, tb, sizeof tb);
		if (strcmp(sa, sb) != 0)
			add_diff(pc, budget_name[f], NULL, sa, sb);
	}
	for (size_t c = 0; c < pc->n_convs; c++) {
		int same = a->pinned[c] == b->pinned[c] &&
		           (!a->pinned[c] || kernel_equal(&a->pin[c], &b->pin[c]));
		if (same)
			continue;
		add_diff(pc, "pin", pc->net->layers[pc->net->conv[c]].name,
		         a->pinned[c] ? kernel_format(&a->pin[c], ta, sizeof ta) : "-",
		         b->pinned[c] ? kernel_format(&b->pin[c], tb, sizeof tb) : "-");
	}
}

int plan_compare_new(const struct net *net, const struct plan_compare_side *a,
                     const struct plan_compare_side *b, struct plan_compare *out, struct diag *dg)
{
	const struct plan_compare_side *side[2] = { a, b };
	size_t m = net->n_conv ? net->n_conv : 1;

	memset(out, 0, sizeof *out);
	out->net = net;
	out->n_convs = net->n_conv;
	out->layer = malloc(m * sizeof *out->layer);
	out->diff = malloc((m + 11) * sizeof *out->diff);
	if (out->layer == NULL || out->diff == NULL) {
		plan_compare_free(out);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	for (int s = 0; s < 2; s++) {
		out->macs[s] = side[s]->plan->macs;
		out->params[s] = side[s]->plan->params;
		out->rf[s] = side[s]->plan->rf;
		for (size_t c = 0; c < net->n_conv; c++)
			if (!isnan(side[s]->score[c]))
				out->score[s] += side[s]->score[c];
	}
	for (size_t c = 0; c < net->n_conv; c++) {
		if (!plan_layer_differs(a->plan, b->plan, net->conv[c]))
			continue;
		struct plan_compare_layer *l = &out->layer[out->n_layers++];
		l->conv = c;
		l->layer = net->conv[c];
		for (int s = 0; s < 2; s++) {
			const struct plan *p = side[s]->plan;
			l->k[s] = *plan_kernel(p, c);
			l->macs[s] = plan_layer_macs(p, l->layer);
			l->params[s] = plan_layer_params(p, l->layer);
			l->rf[s] = p->rf_layer[l->layer];
			l->score[s] = side[s]->score[c];
		}
	}
	compare_requests(out, a, b);
	return BKSEF_OK;
}

void plan_compare_free(struct plan_compare *pc)
{
	free(pc->layer);
	free(pc->diff);
	memset(pc, 0, sizeof *pc);
}

/* A row's first three fields: its section, name (empty: none) and what. */
static void row_head(struct csvout *co, const char *section, const char *name, const char *what)
{
	csvout_str(co, section);
	if (name[0] != '\0')
		csvout_str(co, name);
	else
		csvout_empty(co);
	csvout_str(co, what);
}

/* A row of two counts, their difference and its percentage. */
static void row_counts(struct csvout *co, const char *section, const char *name, const char *what,
                       int64_t a, int64_t b)
{
	row_head(co, section, name, what);
	csvout_i64(co, a);
	csvout_i64(co, b);
	csvout_i64(co, b - a); /* both from 0 to INT64_MAX */
	csvout_real(co, plan_compare_pct((double)a, (double)b));
	csvout_end(co);
}

/* The same for two reals (NAN: empty). */
static void row_reals(struct csvout *co, const char *section, const char *name, const char *what,
                      double a, double b)
{
	row_head(co, section, name, what);
	csvout_real(co, a);
	csvout_real(co, b);
	csvout_real(co, b - a);
	if (isnan(a) || isnan(b))
		csvout_empty(co);
	else
		csvout_real(co, plan_compare_pct(a, b));
	csvout_end(co);
}

/* A row of two texts, without a difference. */
static void row_texts(struct csvout *co, const char *section, const char *name, const char *what,
                      const char *a, const char *b)
{
	row_head(co, section, name, what);
	csvout_str(co, a);
	csvout_str(co, b);
	csvout_empty(co);
	csvout_empty(co);
	csvout_end(co);
}

int plan_compare_csv(FILE *fp, const struct plan_compare *pc)
{
	static const char *const header[] = { "section", "name",       "what",          "a",
		                              "b",       "difference", "difference_pct" };
	struct csvout co;
	char ta[KERNEL_TOKEN_MAX], tb[KERNEL_TOKEN_MAX];

	csvout_init(&co, fp);
	for (size_t h = 0; h < sizeof header / sizeof header[0]; h++)
		csvout_str(&co, header[h]);
	csvout_end(&co);
	for (size_t i = 0; i < pc->n_layers && csvout_ok(&co); i++) {
		const struct plan_compare_layer *l = &pc->layer[i];
		const char *name = pc->net->layers[l->layer].name;
		row_texts(&co, "layer", name, "kernel", kernel_format(&l->k[0], ta, sizeof ta),
		          kernel_format(&l->k[1], tb, sizeof tb));
		row_counts(&co, "layer", name, "macs", l->macs[0], l->macs[1]);
		row_counts(&co, "layer", name, "params", l->params[0], l->params[1]);
		row_counts(&co, "layer", name, "rf", l->rf[0], l->rf[1]);
		row_reals(&co, "layer", name, "score", l->score[0], l->score[1]);
	}
	row_counts(&co, "total", "", "macs", pc->macs[0], pc->macs[1]);
	row_counts(&co, "total", "", "params", pc->params[0], pc->params[1]);
	row_counts(&co, "total", "", "rf", pc->rf[0], pc->rf[1]);
	row_reals(&co, "total", "", "score", pc->score[0], pc->score[1]);
	for (size_t i = 0; i < pc->n_diffs && csvout_ok(&co); i++) {
		const struct plan_compare_diff *d = &pc->diff[i];
		row_texts(&co, "request", d->layer ? d->layer : "", d->what, d->a, d->b);
	}
	return csvout_flush(&co) ? BKSEF_OK : BKSEF_EIO;
}

int plan_compare_writer(FILE *fp, void *ctx, struct diag *dg)
{
	if (plan_compare_csv(fp, ctx) != BKSEF_OK)
		return diag_set(dg, BKSEF_EIO, 0, "write error");
	return BKSEF_OK;
}
