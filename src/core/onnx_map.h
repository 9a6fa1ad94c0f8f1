/* onnx_map.h -- map an ONNX graph (onnx.h) onto a network: the text of the
 * equivalent network file (format 1 or 2, see bksef(5)), or every reason
 * the graph cannot be written in the format, all at once. */
#ifndef BKSEF_ONNX_MAP_H
#define BKSEF_ONNX_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "net.h"
#include "onnx.h"

/* Axes of an --input-size: the channels, then up to three spatial axes. */
#define ONNX_MAP_MAX_SIZE_AXES 4

/* The input size to map with, instead of (or where the model has none)
 * its own: --input-size. */
struct onnx_map_size {
	int n;                             /* axes in v; 0: the model's own size */
	int64_t v[ONNX_MAP_MAX_SIZE_AXES]; /* C, then H, W (and D) */
};

/* What the mapping noticed and the user should hear of (stderr). */
enum onnx_map_notes {
	/* No BatchNormalization node and some Conv has a bias: the exporter
	 * may have folded BatchNorm into the convolutions. */
	ONNX_MAP_NOTE_FOLDED_BN = 1u << 0,
	/* The input's size is symbolic and none was given: among the
	 * blockers, the one an input size (--input-size) lifts. */
	ONNX_MAP_NOTE_NEEDS_SIZE = 1u << 1,
};

/* The note's text for ONNX_MAP_NOTE_FOLDED_BN. */
extern const char onnx_map_folded_bn_note[];

/* A mapping's result.  Release with onnx_map_release. */
struct onnx_map {
	char *text; /* the network file, NUL-terminated; NULL when refused */
	size_t len;
	int version;    /* of the text: 1 or 2 */
	unsigned notes; /* enum onnx_map_notes */
	char *blockers; /* why it was refused: lines "node 12 (Conv 'c'): ...\n" */
	size_t n_blockers;
};

/* Parse TEXT ("3x224x224", "1x16000", "3x16x112x112": channels, then one to
 * three spatial sizes, each 1 to 2^31 - 1) into *SIZE.  BKSEF_EUSAGE with
 * DG's message ("'3x' is not ...") when it is not one. */
int onnx_map_size_parse(const char *text, struct onnx_map_size *size, struct diag *dg);

/* Map model M (read with ONNX_READ_SUBGRAPHS, or without) onto a network
 * file, with the input size SIZE (NULL or n 0: the model's own).  SOURCE
 * names the model in the text's first comment.  BKSEF_OK with OUT->text
 * set; BKSEF_EINPUT when the graph cannot be mapped: OUT->blockers lists
 * every node that stands in the way, one line each, in node order (a node
 * fed by a refused one is listed only for what it is itself: a quantized
 * op, a custom domain, a subgraph), and DG says how many;
 * BKSEF_ENOMEM.  OUT is always to be released. */
int onnx_map_model(const struct onnx_model *m, const char *source, const struct onnx_map_size *size,
                   struct onnx_map *out, struct diag *dg);

/* Free what OUT holds and clear it. */
void onnx_map_release(struct onnx_map *out);

/* How a network file's name and content say it is to be read. */
enum onnx_map_kind {
	ONNX_MAP_KIND_CSV = 0,
	ONNX_MAP_KIND_ONNX = 1,
};

/* The kind the name PATH says: a ".onnx" ending is a model, ".csv" a
 * network CSV; -1 for any other name ("-" too): the content decides. */
int onnx_map_kind_of_name(const char *path);

/* Load the network in PATH ("-": standard input), a network CSV or an ONNX
 * model: the name's ending decides (onnx_map_kind_of_name), and a content
 * that says otherwise (onnx_sniff) is an error naming both; for other
 * names and standard input the content decides.  A model is read
 * (ONNX_READ_SUBGRAPHS), mapped with SIZE and the text loaded as a file
 * would be.  DISPLAY names the file in diagnostics.  On success *NET is the
 * network; MAP (may be NULL) gets the mapping for a model (text, notes) and
 * stays empty for a CSV.  On failure *NET is NULL, DG says what and the
 * status is that of net_load_file, onnx_read_file or onnx_map_model (whose
 * blockers are in MAP; MAP NULL: only DG's summary).  SIZE (non-NULL, n >
 * 0) with a CSV is an error (BKSEF_EUSAGE). */
int onnx_map_load(const char *path, const char *display, const struct onnx_map_size *size,
                  struct net **net, struct onnx_map *map, struct diag *dg);

#endif
