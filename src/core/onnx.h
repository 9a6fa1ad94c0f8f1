/* onnx.h -- read an ONNX model file (onnx.proto's ModelProto) into a compact
 * read-only graph: nodes with their attributes, initializers' dims, graph
 * inputs, outputs and value_info with their shapes; weights never read. */
#ifndef BKSEF_ONNX_H
#define BKSEF_ONNX_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Limits on what the reader accepts.  Each element of the graph costs
 * memory in proportion to the bytes that describe it, so these bound the
 * memory a crafted file can make the reader take; real exports (hundreds
 * to tens of thousands of nodes) stay far below them. */
#define ONNX_MAX_NODES ((size_t)1 << 20)        /* nodes in the graph */
#define ONNX_MAX_TENSORS ((size_t)1 << 20)      /* initializers */
#define ONNX_MAX_VALUES ((size_t)1 << 20)       /* graph inputs + outputs + value_info */
#define ONNX_MAX_NODE_EDGES ((size_t)1 << 16)   /* inputs, or outputs, of one node */
#define ONNX_MAX_ATTRS ((size_t)1 << 12)        /* attributes of one node */
#define ONNX_MAX_RANK ((size_t)1 << 10)         /* dims of a tensor or shape */
#define ONNX_MAX_ATTR_ITEMS ((size_t)1 << 20)   /* ints, floats or strings of one attribute */
#define ONNX_MAX_STRING_BYTES ((size_t)1 << 16) /* a name or a string attribute */
/* A tensor payload (raw_data, or one typed *_data field) of at most this
 * many bytes is read and its values decoded (shape constants, pads, axes,
 * scales); a longer one is skipped by its length, unread. */
#define ONNX_MAX_SMALL_BYTES ((size_t)8192)
#define ONNX_MAX_SMALL_VALUES ((size_t)1024) /* values decoded from a small payload */
/* protobuf serializes no message over 2 GiB - 1 (which is why ONNX has
 * external data): a longer file or field is refused at once, so that no
 * stream (a pipe from /dev/zero) is read without end. */
#define ONNX_MAX_FILE_BYTES ((uint64_t)INT32_MAX)

/* Flags of onnx_read_*. */
enum onnx_read_flags {
	/* Read the file as a stream even when it could be mapped: as a pipe
	 * is read, without knowing its size (tests and benchmarks). */
	ONNX_READ_STREAM = 1u << 0,
	/* Keep nodes whose attributes hold graphs (If, Loop, Scan): each such
	 * attribute is kept with its type (ONNX_ATTR_GRAPH or _GRAPHS) and no
	 * content, for a caller that lists every unsupported node at once.
	 * Without this flag the first such node is refused. */
	ONNX_READ_SUBGRAPHS = 1u << 1,
};

/* AttributeProto.AttributeType (the numbers of onnx.proto). */
enum onnx_attr_type {
	ONNX_ATTR_UNDEFINED = 0,
	ONNX_ATTR_FLOAT = 1,
	ONNX_ATTR_INT = 2,
	ONNX_ATTR_STRING = 3,
	ONNX_ATTR_TENSOR = 4,
	ONNX_ATTR_GRAPH = 5,
	ONNX_ATTR_FLOATS = 6,
	ONNX_ATTR_INTS = 7,
	ONNX_ATTR_STRINGS = 8,
	ONNX_ATTR_TENSORS = 9,
	ONNX_ATTR_GRAPHS = 10,
	ONNX_ATTR_SPARSE_TENSOR = 11,
	ONNX_ATTR_SPARSE_TENSORS = 12,
	ONNX_ATTR_TYPE_PROTO = 13,
	ONNX_ATTR_TYPE_PROTOS = 14,
};

/* TensorProto.DataType (the numbers of onnx.proto), the ones bksef names. */
enum onnx_data_type {
	ONNX_TYPE_UNDEFINED = 0,
	ONNX_TYPE_FLOAT = 1,
	ONNX_TYPE_UINT8 = 2,
	ONNX_TYPE_INT8 = 3,
	ONNX_TYPE_UINT16 = 4,
	ONNX_TYPE_INT16 = 5,
	ONNX_TYPE_INT32 = 6,
	ONNX_TYPE_INT64 = 7,
	ONNX_TYPE_STRING = 8,
	ONNX_TYPE_BOOL = 9,
	ONNX_TYPE_FLOAT16 = 10,
	ONNX_TYPE_DOUBLE = 11,
	ONNX_TYPE_UINT32 = 12,
	ONNX_TYPE_UINT64 = 13,
	ONNX_TYPE_COMPLEX64 = 14,
	ONNX_TYPE_COMPLEX128 = 15,
	ONNX_TYPE_BFLOAT16 = 16,
	ONNX_TYPE_FLOAT8E4M3FN = 17,
	ONNX_TYPE_FLOAT8E4M3FNUZ = 18,
	ONNX_TYPE_FLOAT8E5M2 = 19,
	ONNX_TYPE_FLOAT8E5M2FNUZ = 20,
	ONNX_TYPE_UINT4 = 21,
	ONNX_TYPE_INT4 = 22,
	ONNX_TYPE_FLOAT4E2M1 = 23,
};

/* A TensorProto: an initializer, or an attribute's tensor (Constant's
 * value).  Its data is never read beyond ONNX_MAX_SMALL_BYTES. */
struct onnx_tensor {
	const char *name;     /* "" when it has none (an attribute's tensor) */
	int32_t data_type;    /* enum onnx_data_type */
	uint32_t rank;        /* dims[0 .. rank); 0: a scalar */
	const int64_t *dims;  /* each >= 0 */
	uint64_t n_elements;  /* the product of dims (1 for a scalar) */
	uint64_t data_bytes;  /* bytes of its payload in the file (raw_data or
	                         * the typed *_data fields); 0 when external */
	uint64_t offset;      /* byte offset of the TensorProto in the file */
	const char *location; /* external data: its "location", else NULL */
	uint8_t external;     /* data_location = EXTERNAL: dims only, the file
	                         * named by location is never opened */
	uint8_t has_values;   /* the values below were decoded */
	uint32_t n_values;    /* = n_elements when has_values */
	const int64_t *ints;  /* integer and bool types: the values, else NULL */
	const double *reals;  /* FLOAT, DOUBLE: the values, else NULL */
};

/* One attribute of a node.  Which members hold its value depends on TYPE;
 * the others are 0 or NULL.  A GRAPH(S), TENSORS, SPARSE_TENSOR(S) or
 * TYPE_PROTO(S) attribute is kept with its type only. */
struct onnx_attr {
	const char *name;
	int32_t type;                /* enum onnx_attr_type */
	uint32_t n;                  /* FLOATS, INTS, STRINGS: items; STRING: bytes */
	float f;                     /* FLOAT */
	int64_t i;                   /* INT */
	const char *s;               /* STRING: n bytes, then a NUL */
	const struct onnx_tensor *t; /* TENSOR */
	const float *floats;         /* FLOATS */
	const int64_t *ints;         /* INTS */
	const char *const *strings;  /* STRINGS, each NUL-terminated */
};

/* A NodeProto.  Value names (inputs, outputs) are "" for an omitted
 * optional one.  Equal names are the same pointer (interned). */
struct onnx_node {
	const char *op_type; /* never "" */
	const char *domain;  /* "" is the default domain (ai.onnx) */
	const char *name;    /* "" when it has none */
	uint32_t n_inputs, n_outputs, n_attrs;
	const char *const *inputs;     /* [n_inputs] */
	const char *const *outputs;    /* [n_outputs] */
	const struct onnx_attr *attrs; /* [n_attrs], in file order, names distinct */
	uint64_t offset;               /* byte offset of the NodeProto in the file */
};

/* One dimension of a shape: a number, a symbol (dim_param, as a symbolic
 * batch "N"), or neither. */
struct onnx_dim {
	int64_t value;     /* >= 0 when known, else -1 */
	const char *param; /* the symbol, or NULL */
};

/* What a ValueInfoProto's TypeProto says. */
enum onnx_value_kind {
	ONNX_VALUE_UNTYPED = 0, /* no type given */
	ONNX_VALUE_TENSOR = 1,  /* tensor_type: elem_type and maybe a shape */
	ONNX_VALUE_OTHER = 2,   /* a sequence, map, optional or sparse tensor */
};

/* A ValueInfoProto: a graph input or output, or a value_info entry. */
struct onnx_value {
	const char *name;
	uint8_t kind;      /* enum onnx_value_kind */
	uint8_t has_shape; /* tensor_type has a shape (rank 0: a scalar) */
	int32_t elem_type; /* enum onnx_data_type; 0 when not given */
	uint32_t rank;
	const struct onnx_dim *dims; /* [rank] */
};

/* An OperatorSetIdProto. */
struct onnx_opset {
	const char *domain; /* "" (or "ai.onnx") is the default domain */
	int64_t version;
};

/* What the reader saw and skipped, for a caller that must refuse it. */
enum onnx_extras {
	ONNX_HAS_FUNCTIONS = 1u << 0,           /* ModelProto.functions */
	ONNX_HAS_SPARSE_INITIALIZERS = 1u << 1, /* GraphProto.sparse_initializer */
	ONNX_HAS_TRAINING_INFO = 1u << 2,       /* ModelProto.training_info */
};

struct onnx_priv;

/* A model as read.  Open for reading; only onnx_read_* and onnx_free change
 * it.  Every string is NUL-terminated and owned by the model.  The reader
 * has checked that the graph is a DAG in topological order: every
 * non-empty node input is a graph input, an initializer or the output of an
 * earlier node; no value is produced twice; every graph output is defined. */
struct onnx_model {
	int64_t ir_version;                           /* 0 when not given */
	const char *producer_name, *producer_version; /* "" when not given */
	const char *graph_name;
	size_t n_opsets;
	const struct onnx_opset *opsets;
	size_t n_nodes;
	const struct onnx_node *nodes;
	size_t n_inits;
	const struct onnx_tensor *inits; /* the graph's initializers, names distinct */
	size_t n_inputs;
	const struct onnx_value *inputs; /* as listed: may include initializers */
	size_t n_outputs;
	const struct onnx_value *outputs;
	size_t n_value_info;
	const struct onnx_value *value_info;
	/* The graph inputs that are not initializers (old exporters list
	 * every initializer among the inputs), in order. */
	size_t n_real_inputs;
	const struct onnx_value *const *real_inputs;
	unsigned extras;     /* enum onnx_extras */
	uint64_t file_bytes; /* bytes read (the file's size) */
	int mapped;          /* 1: read through mmap, 0: as a stream */
	/* private */
	struct onnx_priv *priv;
};

/* Read the model in the file PATH ("-": standard input).  DISPLAY names the
 * file in diagnostics (DG->file).  FLAGS: enum onnx_read_flags.  A regular
 * file is mapped (mmap) and only the bytes that describe the graph are
 * touched; anything else (a pipe) is read as a stream, the weights skipped
 * as they pass without being kept.  On success *OUT owns a new model (free
 * with onnx_free); on failure *OUT is NULL and the status is BKSEF_EINPUT
 * (DG: line 0 and what is wrong, with the byte offset where the file breaks
 * the format: "byte offset 1234 (node 3): field 4 (op_type) of NodeProto
 * has wire type 0 (varint), expected 2 (length-delimited)"), BKSEF_EIO (a
 * read failed) or BKSEF_ENOMEM.  A file over ONNX_MAX_FILE_BYTES is refused
 * unread; a file that cannot be mapped (the address space is limited) is
 * read as a stream, skipping by lseek.  As with any mapped file, one cut
 * short by another process while it is read ends this one with SIGBUS. */
int onnx_read_file(const char *path, const char *display, unsigned flags, struct onnx_model **out,
                   struct diag *dg);

/* The same from the open file descriptor FD (read from where it is, not
 * closed). */
int onnx_read_fd(int fd, const char *display, unsigned flags, struct onnx_model **out,
                 struct diag *dg);

/* The same from the stream FD after the N bytes at PREFIX (at most 64 KiB)
 * that were read from it already (to tell a model from a network file):
 * read as a stream, never mapped. */
int onnx_read_fd_prefixed(int fd, const void *prefix, size_t n, const char *display, unsigned flags,
                          struct onnx_model **out, struct diag *dg);

/* The same from the LEN bytes at DATA, which must stay unchanged until this
 * returns (the model keeps no pointer into them).  ONNX_READ_STREAM reads
 * them as a stream of unknown length would be read. */
int onnx_read_buffer(const void *data, size_t len, const char *display, unsigned flags,
                     struct onnx_model **out, struct diag *dg);

/* Whether the LEN bytes at DATA, a file's first bytes (16 are plenty),
 * begin as an ONNX model does: ir_version (field 1 of ModelProto, which
 * onnx and torch write first) of 1 to 100, then the end of DATA or another
 * field of ModelProto with its wire type.  For telling a model from a
 * network CSV by its content: no text begins so (its first byte is 0x08). */
int onnx_sniff(const void *data, size_t len);

/* Free M and all it owns; onnx_free(NULL) does nothing. */
void onnx_free(struct onnx_model *m);

/* The version of operator set DOMAIN that M imports ("" and "ai.onnx" are
 * the default domain), or 0 when M imports none. */
int64_t onnx_opset_version(const struct onnx_model *m, const char *domain);

/* "node I (OP 'NAME')", or "node I (OP)" for a node without a name, in BUF
 * of SIZE bytes (>= 64), for messages; I counts from 0 in file order (the
 * index of onnx.helper's graph.node[I]).  The name is escaped and cut as
 * diag_quote does.  Returns BUF. */
const char *onnx_node_label(const struct onnx_model *m, size_t i, char *buf, size_t size);

/* Node I's attribute called NAME: BKSEF_OK with *OUT set to it, or to NULL
 * when the node has no such attribute; BKSEF_EINPUT with DG ("node 3 (Conv
 * 'c1'): attribute 'pads' is FLOAT, expected INTS") when it has one of
 * another type than TYPE (enum onnx_attr_type). */
int onnx_node_attr(const struct onnx_model *m, size_t i, const char *name, int type,
                   const struct onnx_attr **out, struct diag *dg);

/* Node I's INT attribute NAME in *V, DEF when it has none; BKSEF_EINPUT as
 * onnx_node_attr. */
int onnx_node_attr_int(const struct onnx_model *m, size_t i, const char *name, int64_t def,
                       int64_t *v, struct diag *dg);

/* Node I's FLOAT attribute NAME in *V, DEF when it has none. */
int onnx_node_attr_float(const struct onnx_model *m, size_t i, const char *name, float def,
                         float *v, struct diag *dg);

/* Node I's STRING attribute NAME in *V (NUL-terminated), DEF when it has
 * none. */
int onnx_node_attr_string(const struct onnx_model *m, size_t i, const char *name, const char *def,
                          const char **v, struct diag *dg);

/* Node I's INTS attribute NAME: *N items at *V; 0 and NULL when it has
 * none. */
int onnx_node_attr_ints(const struct onnx_model *m, size_t i, const char *name, size_t *n,
                        const int64_t **v, struct diag *dg);

/* The initializer called NAME, or NULL. */
const struct onnx_tensor *onnx_init_find(const struct onnx_model *m, const char *name);

/* What M says of the value NAME: its graph input entry, else its graph
 * output entry, else its value_info entry; NULL when none names it. */
const struct onnx_value *onnx_value_find(const struct onnx_model *m, const char *name);

/* The index of the node whose output NAME is, or -1 (a graph input, an
 * initializer, "", or a name M does not hold). */
long onnx_producer(const struct onnx_model *m, const char *name);

/* How many node inputs name the value NAME (a node that takes it twice
 * counts twice); 0 for "" or a name M does not hold. */
size_t onnx_consumers(const struct onnx_model *m, const char *name);

/* The data type's name as onnx.proto spells it ("FLOAT"), or NULL for a
 * number it does not name. */
const char *onnx_data_type_name(int type);

/* The attribute type's name as onnx.proto spells it ("INTS"), or NULL. */
const char *onnx_attr_type_name(int type);

#endif
