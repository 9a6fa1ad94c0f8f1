/* summary.c -- `bksef --summary`: a network's totals in key: value lines. */
#include <config.h>

#include "cli.h"
#include "cost.h"
#include "escape.h"
#include "rf.h"

#include <stdlib.h>

/* 1814073344 -> "1.81 G", 512 -> "512 ": a unit follows directly. */
static const char *human(uint64_t v, char *buf, size_t size)
{
	static const char *const unit[] = { "", " k", " M", " G", " T", " P", " E" };
	double x = (double)v;
	int u = 0;
	while (x >= 1000.0 && u < 6) {
		x /= 1000.0;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%llu ", (unsigned long long)v);
	else
		snprintf(buf, size, "%.*f%s", x < 10 ? 2 : x < 100 ? 1 : 0, x, unit[u]);
	return buf;
}

/* A 1-D or 3-D network's largest field on each axis: " (l 45)", " (t 17,
 * h 45, w 45)".  (A 2-D network's line stays as format 1 wrote it.) */
static void rf_axes_print(FILE *fp, const struct net *net)
{
	int64_t *r = malloc(net->n_layers * sizeof *r), *j = malloc(net->n_layers * sizeof *j);
	for (int a = 0; r != NULL && j != NULL && a < net->rank; a++) {
		int64_t max = 0;
		/* The loader has run this pass: it cannot fail. */
		(void)rf_compute_axis(net, net->per_axis ? a : 0, NULL, r, j, NULL, &max, NULL);
		fprintf(fp, "%s%s %lld", a ? ", " : " (", net_axis_name(net->rank, a),
		        (long long)max);
	}
	if (r != NULL && j != NULL)
		fputc(')', fp);
	free(r);
	free(j);
}

/* The roofline estimate of NET at its loaded kernels on D: the total, and
 * how many layers each part bounds. */
static void print_latency(FILE *fp, const struct net *net, const struct device *d)
{
	size_t n[3] = { 0 };
	double total = cost_net_seconds(net, d, 1, n);

	fprintf(fp, "latency: %.6g ms (roofline estimate)\n", total * 1e3);
	fputs("device: ", fp);
	escape_fputs(d->name, fp);
	fprintf(fp, "\nbound: %zu compute, %zu memory, %zu overhead\n", n[ROOFLINE_COMPUTE],
	        n[ROOFLINE_MEMORY], n[ROOFLINE_OVERHEAD]);
}

/* The convs' measured times at their loaded kernels, and how many convs the
 * table lacks there. */
static void print_measured(FILE *fp, const struct net *net, const struct latency_table *t)
{
	double total = 0;
	size_t missing = 0;

	for (size_t c = 0; c < net->n_conv; c++) {
		size_t i = net->conv[c];
		struct kernel k = net_layer_kernel(net, i);
		double s = latency_table_find(t, i, &k);
		if (s < 0)
			missing++;
		else
			total += s;
	}
	fprintf(fp, "latency: %.6g ms (measured, convolutions only)\n", total * 1e3);
	if (missing > 0)
		fprintf(fp, "unmeasured: %zu convolutions at their loaded kernel\n", missing);
}

void summary_print(FILE *fp, const struct net *net, const char *path, const struct device *device,
                   const struct latency_table *measured)
{
	const struct net_layer *in = &net->layers[0];
	char a[32], b[32], c[32], shape[NET_SHAPE_MAX];
	/* MACs fit in 63 bits; twice that needs the 64th */
	uint64_t flops = 2 * (uint64_t)net->total_macs;

	/* Names are escaped, not quoted: a value runs to the end of its line. */
	fputs("network: ", fp);
	escape_fputs(net->name, fp);
	fputs("\nfile: ", fp);
	escape_fputs(path, fp);
	fputc('\n', fp);
	fprintf(fp, "input: %s\n", net_layer_shape(in, net->rank, 0, shape, sizeof shape));
	fprintf(fp, "layers: %zu\n", net->n_layers);
	fprintf(fp, "convs: %zu\n", net->n_conv);
	fprintf(fp, "tunable: %zu\n", net->n_tunable);
	fprintf(fp, "params: %lld\n", (long long)net->total_params);
	fprintf(fp, "macs: %lld\n", (long long)net->total_macs);
	fprintf(fp, "flops: %llu\n", (unsigned long long)flops);
	fprintf(fp, "rf: %lld", (long long)net->max_rf);
	if (net->rank != 2)
		rf_axes_print(fp, net);
	fputc('\n', fp);
	if (device != NULL)
		print_latency(fp, net, device);
	if (measured != NULL)
		print_measured(fp, net, measured);
	fputc('\n', fp);
	escape_fputs(net->name, fp);
	fprintf(fp,
	        ": %s parameters, %sMACs (%sFLOPs = 2 x MACs), largest receptive "
	        "field %lld px\n",
	        human((uint64_t)net->total_params, a, sizeof a),
	        human((uint64_t)net->total_macs, b, sizeof b), human(flops, c, sizeof c),
	        (long long)net->max_rf);
	fprintf(fp, "MACs count convolution and fully connected layers only; parameters "
	            "include batch-norm weights and biases.\n");
	if (device != NULL)
		fprintf(
		    fp,
		    "The latency is a roofline estimate, not a measurement: per layer "
		    "max(MACs / peak rate, bytes moved / bandwidth) + the device's overhead.\n");
}
