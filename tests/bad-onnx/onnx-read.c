/* onnx-read.c -- read an ONNX model with the core's reader (onnx.h) and
 * print a one-line summary, or the model whole with --dump; on failure the
 * message bksef will print, in its GNU form, and exit status 1.  The bad
 * ONNX corpus (run-bad-onnx.sh) runs through it until bksef reads ONNX
 * itself.
 *
 * Usage: onnx-read [--stream] [--subgraphs] [--dump] FILE   ("-": stdin)
 *   --stream     read as a stream even a file that could be mapped
 *   --subgraphs  keep nodes whose attributes hold graphs (If, Loop)
 * Exit status: 0 read, 1 bad input, out of memory or a read error, 2 bad
 * usage. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "onnx.h"
#include "onnx-dump.h"

int main(int argc, char **argv)
{
	unsigned flags = 0;
	int dump = 0, i;
	struct onnx_model *m;
	struct diag dg = { 0 };
	char buf[4096];
	const char *path;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (strcmp(argv[i], "--stream") == 0)
			flags |= ONNX_READ_STREAM;
		else if (strcmp(argv[i], "--subgraphs") == 0)
			flags |= ONNX_READ_SUBGRAPHS;
		else if (strcmp(argv[i], "--dump") == 0)
			dump = 1;
		else
			break;
	}
	if (i != argc - 1) {
		fprintf(stderr, "usage: onnx-read [--stream] [--subgraphs] [--dump] FILE\n");
		return 2;
	}
	path = argv[i];
	int st = onnx_read_file(path, strcmp(path, "-") ? path : diag_stdin_name, flags, &m, &dg);
	if (st == BKSEF_ENOMEM) {
		fprintf(stderr, "bksef: out of memory\n");
		return 1;
	}
	if (st != BKSEF_OK) {
		fprintf(stderr, "%s\n", diag_format(&dg, "bksef", buf, sizeof buf));
		return 1;
	}
	if (dump)
		onnx_dump(stdout, m);
	else
		onnx_dump_summary(stdout, m);
	onnx_free(m);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "bksef: write error\n");
		return 1;
	}
	return 0;
}
