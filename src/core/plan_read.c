/* plan_read.c -- reading back the plan CSV of export.c: its columns found by
 * name, its one request checked on every row, its kernels bound to a
 * network. */
#include <config.h>

#include "plan_read.h"

#include "cand_table.h"
#include "parse.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The columns read, by name; the score columns (score_kK) are read when
 * the rows are bound to a network (read_score), the others (the per-layer
 * figures, the totals) are recomputed from the network or left alone. */
enum {
	COL_LAYER,
	COL_PINNED,
	COL_K_PLAN,
	COL_LAMBDA1,
	COL_LAMBDA2,
	COL_LAMBDA3,
	COL_GAMMA,
	COL_BETA,
	COL_SCOPE,
	COL_COST,
	COL_NETWORK,
	COL_BASELINE,
	COL_SOLVER,
	COL_BUDGET,
	COL_RESOURCE,
	COL_COUNT,
	COL_CONTEXT = COL_LAMBDA1, /* the first of the columns every row repeats */
};

static const char *const col_name[COL_COUNT] = {
	"layer", "pinned", "k_plan",  "lambda1",  "lambda2", "lambda3", "gamma",    "beta",
	"scope", "cost",   "network", "baseline", "solver",  "budget",  "resource",
};

/* A whole number from 0 to INT64_MAX, the whole of TEXT (digits only). */
static int parse_count(const char *text, int64_t *out)
{
	char *end;
	long long v;
	if (text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (*end != '\0' || errno != 0)
		return -1;
	*out = v;
	return 0;
}

/* The field of column COL in row R. */
static const char *field(const struct plan_read *pr, const size_t *pos, const struct csvin_row *r,
                         int col)
{
	return pr->csv.field[r->first + pos[col]];
}

/* The request of row R's context fields into *REQ. */
static int read_context(const struct plan_read *pr, const size_t *pos, const struct csvin_row *r,
                        struct plan_read_request *req, struct diag *dg)
{
	double *lam[] = { &req->params.lambda1, &req->params.lambda2, &req->params.lambda3,
		          &req->params.gamma, &req->params.beta };
	char q[128];
	const char *t;
	int64_t v;

	memset(req, 0, sizeof *req);
	for (int c = COL_LAMBDA1; c <= COL_BETA; c++) {
		t = field(pr, pos, r, c);
		if (parse_real(t, lam[c - COL_LAMBDA1], NULL) != BKSEF_OK)
			return diag_set(dg, BKSEF_EINPUT, r->line, "%s: '%s' is not a number",
			                col_name[c], diag_quote(q, sizeof q, t));
	}
	t = field(pr, pos, r, COL_SCOPE);
	if (strcmp(t, "network") == 0)
		req->params.scope = SCORE_SCOPE_NETWORK;
	else if (strcmp(t, "layer") == 0)
		req->params.scope = SCORE_SCOPE_LAYER;
	else
		return diag_set(dg, BKSEF_EINPUT, r->line,
		                "scope: '%s' is not 'network' or 'layer'",
		                diag_quote(q, sizeof q, t));
	t = field(pr, pos, r, COL_COST);
	if (cost_model_parse(t, &req->params.cost) != BKSEF_OK)
		return diag_set(dg, BKSEF_EINPUT, r->line,
		                "cost: '%s' is not 'macs', 'paper', 'latency' or 'measured'",
		                diag_quote(q, sizeof q, t));
	if (score_params_check(&req->params, dg) != BKSEF_OK) {
		char why[sizeof dg->msg];
		memcpy(why, dg->msg, sizeof why);
		return diag_set(dg, BKSEF_EINPUT, r->line, "%s", why);
	}
	t = field(pr, pos, r, COL_BASELINE);
	if (strcmp(t, "loaded") == 0)
		req->baseline_k = 0;
	else if (strcmp(t, "3") == 0)
		req->baseline_k = 3;
	else
		return diag_set(dg, BKSEF_EINPUT, r->line, "baseline: '%s' is not 'loaded' or '3'",
		                diag_quote(q, sizeof q, t));
	const char *solver = field(pr, pos, r, COL_SOLVER), *budget = field(pr, pos, r, COL_BUDGET),
	           *resource = field(pr, pos, r, COL_RESOURCE);
	req->budget_active = solver[0] != '\0' || budget[0] != '\0' || resource[0] != '\0';
	if (!req->budget_active)
		return BKSEF_OK;
	if (request_solver_parse(solver, &req->solver) != BKSEF_OK)
		return diag_set(dg, BKSEF_EINPUT, r->line,
		                "solver: '%s' is not 'best' or 'lambda' (a budget needs all of "
		                "solver, budget and resource)",
		                diag_quote(q, sizeof q, solver));
	if (parse_count(budget, &v) != 0)
		return diag_set(dg, BKSEF_EINPUT, r->line,
		                "budget: '%s' is not a whole number from 0 to %lld (a budget needs "
		                "all of solver, budget and resource)",
		                diag_quote(q, sizeof q, budget), (long long)INT64_MAX);
	req->budget = v;
	if (request_resource_parse(resource, &req->resource) != BKSEF_OK)
		return diag_set(
		    dg, BKSEF_EINPUT, r->line,
		    "resource: '%s' is not 'macs', 'params' or 'latency' (a budget needs "
		    "all of solver, budget and resource)",
		    diag_quote(q, sizeof q, resource));
	return BKSEF_OK;
}

/* Row R's own fields into *ROW. */
static int read_row(const struct plan_read *pr, const size_t *pos, const struct csvin_row *r,
                    struct plan_read_row *row, struct diag *dg)
{
	const char *t;
	char q[128];

	row->line = r->line;
	row->name = field(pr, pos, r, COL_LAYER);
	row->token = field(pr, pos, r, COL_K_PLAN);
	row->layer = -1;
	if (row->name[0] == '\0')
		return diag_set(dg, BKSEF_EINPUT, r->line, "layer: empty name");
	t = field(pr, pos, r, COL_PINNED);
	if (strcmp(t, "0") != 0 && strcmp(t, "1") != 0)
		return diag_set(dg, BKSEF_EINPUT, r->line, "pinned: '%s' is not 0 or 1",
		                diag_quote(q, sizeof q, t));
	row->pinned = t[0] == '1';
	row->score = NAN;
	return BKSEF_OK;
}

/* The header's columns into POS; every one of col_name must be there, once. */
static int read_header(const struct plan_read *pr, size_t *pos, struct diag *dg)
{
	const struct csvin_row *h = &pr->csv.row[0];
	char q[128];

	for (int c = 0; c < COL_COUNT; c++)
		pos[c] = SIZE_MAX;
	for (size_t f = 0; f < h->n; f++) {
		const char *name = pr->csv.field[h->first + f];
		for (int c = 0; c < COL_COUNT; c++) {
			if (strcmp(name, col_name[c]) != 0)
				continue;
			if (pos[c] != SIZE_MAX)
				return diag_set(dg, BKSEF_EINPUT, h->line,
				                "column '%s' is given twice",
				                diag_quote(q, sizeof q, name));
			pos[c] = f;
		}
	}
	for (int c = 0; c < COL_COUNT; c++)
		if (pos[c] == SIZE_MAX)
			return diag_set(dg, BKSEF_EINPUT, h->line,
			                "no column '%s': not a plan CSV of bksef --batch "
			                "(bksef(5))",
			                col_name[c]);
	return BKSEF_OK;
}

/* Whether the layer names of rows A and B (indices into PR's rows, by
 * name) compare; for qsort over an index array. */
static const struct plan_read *sort_pr;
static int row_name_cmp(const void *pa, const void *pb)
{
	const struct plan_read_row *a = &sort_pr->row[*(const size_t *)pa],
	                           *b = &sort_pr->row[*(const size_t *)pb];
	int d = strcmp(a->name, b->name);
	return d != 0 ? d : (a->line > b->line) - (a->line < b->line);
}

/* No layer given twice. */
static int check_duplicates(const struct plan_read *pr, struct diag *dg)
{
	size_t *ix = malloc((pr->n_rows ? pr->n_rows : 1) * sizeof *ix);
	int st = BKSEF_OK;
	char q[128];

	if (ix == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	for (size_t i = 0; i < pr->n_rows; i++)
		ix[i] = i;
	sort_pr = pr;
	qsort(ix, pr->n_rows, sizeof *ix, row_name_cmp);
	for (size_t i = 1; i < pr->n_rows && st == BKSEF_OK; i++) {
		const struct plan_read_row *a = &pr->row[ix[i - 1]], *b = &pr->row[ix[i]];
		if (strcmp(a->name, b->name) == 0)
			st = diag_set(dg, BKSEF_EINPUT, b->line,
			              "layer '%s' is given again (first on line %lu)",
			              diag_quote(q, sizeof q, b->name), a->line);
	}
	free(ix);
	return st;
}

/* Read the rows of PR's table. */
static int parse_table(struct plan_read *pr, struct diag *dg)
{
	size_t pos[COL_COUNT];
	char q[128];
	int st;

	if (pr->csv.n_rows == 0)
		return diag_set(dg, BKSEF_EINPUT, 0, "empty file: no plan header");
	st = read_header(pr, pos, dg);
	if (st != BKSEF_OK)
		return st;
	if (pr->csv.n_rows == 1)
		return diag_set(dg, BKSEF_EINPUT, 0,
		                "no rows: the plan has a header but no layers");
	pr->row = calloc(pr->csv.n_rows - 1, sizeof *pr->row);
	if (pr->row == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	const struct csvin_row *first = &pr->csv.row[1];
	for (size_t i = 1; i < pr->csv.n_rows; i++) {
		const struct csvin_row *r = &pr->csv.row[i];
		if (r->n != pr->csv.row[0].n)
			return diag_set(dg, BKSEF_EINPUT, r->line, "%zu fields; the header has %zu",
			                r->n, pr->csv.row[0].n);
		if (i == 1) {
			st = read_context(pr, pos, r, &pr->req, dg);
			if (st != BKSEF_OK)
				return st;
		} else {
			/* One request: the context is the same text on every row. */
			for (int c = COL_CONTEXT; c < COL_COUNT; c++) {
				const char *a = field(pr, pos, first, c), *b = field(pr, pos, r, c);
				char qa[96];
				if (strcmp(a, b) != 0)
					return diag_set(
					    dg, BKSEF_EINPUT, r->line,
					    "%s is '%s' here but '%s' on line %lu: a plan "
					    "has one request",
					    col_name[c], diag_quote(q, sizeof q, b),
					    diag_quote(qa, sizeof qa, a), first->line);
			}
		}
		pr->row[pr->n_rows].csv_row = i;
		st = read_row(pr, pos, r, &pr->row[pr->n_rows], dg);
		if (st != BKSEF_OK)
			return st;
		pr->n_rows++;
	}
	pr->network = field(pr, pos, first, COL_NETWORK);
	pr->line = first->line;
	if (pr->network[0] == '\0')
		return diag_set(dg, BKSEF_EINPUT, first->line, "network: empty name");
	return check_duplicates(pr, dg);
}

/* Finish a read whose CSV read returned ST. */
static int read_end(int st, struct plan_read *pr, struct diag *dg)
{
	if (st == BKSEF_OK)
		st = parse_table(pr, dg);
	if (st != BKSEF_OK) {
		const char *display = pr->display;
		plan_read_free(pr);
		pr->display = display;
		if (dg != NULL)
			dg->file = display;
	}
	return st;
}

int plan_read_file(const char *path, const char *display, struct plan_read *pr, struct diag *dg)
{
	memset(pr, 0, sizeof *pr);
	pr->display = display;
	return read_end(csvin_read_file(path, display, &pr->csv, dg), pr, dg);
}

int plan_read_buffer(const void *data, size_t len, const char *display, struct plan_read *pr,
                     struct diag *dg)
{
	memset(pr, 0, sizeof *pr);
	pr->display = display;
	return read_end(csvin_read_buffer(data, len, display, &pr->csv, dg), pr, dg);
}

/* ROW's score: its field in the column score_kK, K its kernel. */
static int read_score(const struct plan_read *pr, struct plan_read_row *row, struct diag *dg)
{
	const struct csvin_row *h = &pr->csv.row[0], *r = &pr->csv.row[row->csv_row];
	char name[KERNEL_TOKEN_MAX + 16], tok[KERNEL_TOKEN_MAX], q[128];

	snprintf(name, sizeof name, "score_k%s", kernel_format(&row->k, tok, sizeof tok));
	for (size_t f = 0; f < h->n; f++) {
		const char *t = pr->csv.field[r->first + f];
		if (strcmp(pr->csv.field[h->first + f], name) != 0)
			continue;
		if (t[0] != '\0' && parse_real(t, &row->score, NULL) != BKSEF_OK)
			return diag_set(dg, BKSEF_EINPUT, row->line, "%s: '%s' is not a number",
			                name, diag_quote(q, sizeof q, t));
		return BKSEF_OK;
	}
	return BKSEF_OK;
}

int plan_read_bind(struct plan_read *pr, const struct net *net, struct diag *dg)
{
	char q[128], qn[128], why[sizeof dg->msg];
	unsigned char *seen = calloc(net->n_layers ? net->n_layers : 1, 1);
	int st = BKSEF_OK;

	if (seen == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	for (size_t i = 0; i < pr->n_rows && st == BKSEF_OK; i++) {
		struct plan_read_row *row = &pr->row[i];
		row->layer = net_find_layer(net, row->name);
		if (row->layer < 0)
			st = diag_set(dg, BKSEF_EINPUT, row->line, "no layer '%s' in network '%s'",
			              diag_quote(q, sizeof q, row->name),
			              diag_quote(qn, sizeof qn, net->name));
		else if (net->layers[row->layer].op != NET_OP_CONV)
			st = diag_set(dg, BKSEF_EINPUT, row->line, "layer '%s' is not a conv",
			              diag_quote(q, sizeof q, row->name));
		else if (kernel_parse(row->token, net->rank, &row->k, dg) != BKSEF_OK ||
		         cand_table_check_pin(net, (size_t)row->layer, &row->k, dg) != BKSEF_OK) {
			memcpy(why, dg->msg, sizeof why);
			st = diag_set(dg, BKSEF_EINPUT, row->line, "k_plan of layer '%s': %s",
			              diag_quote(q, sizeof q, row->name), why);
		} else {
			seen[row->layer] = 1;
			st = read_score(pr, row, dg);
		}
	}
	for (size_t c = 0; c < net->n_conv && st == BKSEF_OK; c++)
		if (!seen[net->conv[c]])
			st = diag_set(dg, BKSEF_EINPUT, 0,
			              "no row for conv '%s' of network '%s': the plan is of "
			              "another network",
			              diag_quote(q, sizeof q, net->layers[net->conv[c]].name),
			              diag_quote(qn, sizeof qn, net->name));
	free(seen);
	if (st != BKSEF_OK && dg != NULL)
		dg->file = pr->display;
	return st;
}

int plan_read_pins(const struct plan_read *pr, const struct net *net, struct request *req,
                   struct diag *dg)
{
	struct request r;
	int st = BKSEF_OK;

	request_init(&r);
	request_copy(&r, req);
	for (size_t i = 0; i < pr->n_rows && st == BKSEF_OK; i++)
		st = request_pin(&r, net, (size_t)pr->row[i].layer, &pr->row[i].k, dg);
	if (st == BKSEF_OK)
		request_copy(req, &r);
	request_release(&r);
	return st;
}

void plan_read_free(struct plan_read *pr)
{
	csvin_free(&pr->csv);
	free(pr->row);
	memset(pr, 0, sizeof *pr);
}
