/* onnx.c -- read ONNX models: a bounded protobuf wire-format reader over a
 * mapped file or a stream, decoding the parts of onnx.proto that bksef
 * needs and skipping the weights by their length. */
#include <config.h>

#include "onnx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "progress.h"

/* Why a reader of our own, not protobuf-c over the onnx.proto that
 * Debian's libonnx-dev ships: protobuf-c's unpack copies every `bytes`
 * field, raw_data included, so a 550 MB vgg16 export would peak at about
 * twice the file; it needs the whole message in memory, so standard input
 * would have to be held whole; and on a malformed file it returns NULL
 * without saying where or why.  This reader decodes the wire format itself
 * (varints, fixed32/64, length-delimited fields; groups are refused, as
 * onnx.proto uses none), over a mapped file or a stream, checks every
 * length against the bytes left in its message, never reads a payload
 * longer than ONNX_MAX_SMALL_BYTES, and names the byte offset and field of
 * whatever is wrong.  Nesting is bounded by the schema: the reader descends
 * only into the messages below and skips everything else (nested graphs
 * included) by its length, unread.
 *
 * The fields read, from onnx.proto (onnx 1.12, /usr/include/onnx/onnx.proto
 * in Debian's libonnx-dev; later versions only add fields, which are
 * skipped):
 *
 *   ModelProto           1 ir_version (int64)      2 producer_name (string)
 *                        3 producer_version        7 graph (GraphProto)
 *                        8 opset_import (repeated OperatorSetIdProto)
 *                        20 training_info, 25 functions: noted, skipped
 *   OperatorSetIdProto   1 domain (string)         2 version (int64)
 *   GraphProto           1 node (repeated)         2 name
 *                        5 initializer (repeated TensorProto)
 *                        11 input, 12 output, 13 value_info (repeated
 *                        ValueInfoProto); 15 sparse_initializer: noted
 *   NodeProto            1 input, 2 output (repeated string)  3 name
 *                        4 op_type   7 domain   5 attribute (repeated)
 *   AttributeProto       1 name   20 type (enum)   2 f (float)   3 i (int64)
 *                        4 s (bytes)   5 t (TensorProto)   7 floats
 *                        8 ints   9 strings (repeated); 6 g, 11 graphs,
 *                        10 tensors, 22/23 sparse tensor(s), 14/15 type
 *                        proto(s): their type only, content skipped
 *   TensorProto          1 dims (repeated int64)   2 data_type (int32)
 *                        8 name   14 data_location (enum)
 *                        13 external_data (repeated StringStringEntryProto:
 *                        1 key, 2 value; only "location" is kept)
 *                        payload, one of: 9 raw_data (bytes), 4 float_data,
 *                        5 int32_data, 6 string_data, 7 int64_data,
 *                        10 double_data, 11 uint64_data (packed or not);
 *                        read only when at most ONNX_MAX_SMALL_BYTES long;
 *                        3 segment: refused
 *   ValueInfoProto       1 name   2 type (TypeProto)
 *   TypeProto            1 tensor_type (TypeProto.Tensor); 4 sequence,
 *                        5 map, 8 sparse tensor, 9 optional: kind only
 *   TypeProto.Tensor     1 elem_type (int32)   2 shape (TensorShapeProto)
 *   TensorShapeProto     1 dim (repeated Dimension)
 *   Dimension            1 dim_value (int64)   2 dim_param (string)
 *
 * Memory: the model lives in one arena (strings interned once each, by a
 * SipHash-keyed table), plus a name index built after the read.  While
 * reading, small scratch vectors hold the message being read; each
 * finished message is copied into the arena.  So the peak is a small
 * multiple of the bytes that describe the graph, whatever the weights. */

/* ---------------------------------------------------------------- arena */

struct arena_block {
	struct arena_block *next;
	size_t cap, used;
};
#define ARENA_HDR ((sizeof(struct arena_block) + 15) & ~(size_t)15)
#define ARENA_CHUNK ((size_t)64 << 10)

/* An interned string: the model's strings point at S. */
struct istr {
	uint32_t id;
	uint32_t len;
	char s[];
};

struct islot {
	uint64_t hash;
	struct istr *str; /* NULL: empty slot */
};

/* What the model knows of one interned string used as a value name. */
struct name_info {
	int32_t producer, init, input, output, value_info; /* indices, or -1 */
	uint32_t consumers;
};

struct onnx_priv {
	struct arena_block *arena;
	struct islot *slots;
	size_t cap, n_strings;
	uint64_t key[2];
	struct name_info *names; /* [n_strings], by id */
};

/* SIZE bytes (8-aligned) from P's arena, or NULL when memory ran out. */
static void *arena_alloc(struct onnx_priv *pv, size_t size)
{
	struct arena_block *b = pv->arena;
	void *p;

	if (size > SIZE_MAX - ARENA_HDR - 8)
		return NULL;
	size = (size + 7) & ~(size_t)7;
	if (b == NULL || b->cap - b->used < size) {
		size_t cap = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;
		b = malloc(ARENA_HDR + cap);
		if (b == NULL)
			return NULL;
		b->cap = cap;
		b->used = 0;
		if (cap == size && pv->arena != NULL) {
			/* a big one of its own: the current block stays in use */
			b->next = pv->arena->next;
			pv->arena->next = b;
		} else {
			b->next = pv->arena;
			pv->arena = b;
		}
	}
	p = (char *)b + ARENA_HDR + b->used;
	b->used += size;
	return p;
}

static struct istr *istr_of(const char *s)
{
	return (struct istr *)(void *)(s - offsetof(struct istr, s));
}

/* ----------------------------------------------------------- the parser */

/* The messages read, for the tables of field names and for messages. */
enum msg {
	M_MODEL,
	M_OPSET,
	M_GRAPH,
	M_NODE,
	M_ATTR,
	M_TENSOR,
	M_ENTRY,
	M_VALUE,
	M_TYPE,
	M_TTYPE,
	M_SHAPE,
	M_DIM,
	M_COUNT
};

static const char *const msg_names[M_COUNT] = {
	[M_MODEL] = "ModelProto",
	[M_OPSET] = "OperatorSetIdProto",
	[M_GRAPH] = "GraphProto",
	[M_NODE] = "NodeProto",
	[M_ATTR] = "AttributeProto",
	[M_TENSOR] = "TensorProto",
	[M_ENTRY] = "StringStringEntryProto",
	[M_VALUE] = "ValueInfoProto",
	[M_TYPE] = "TypeProto",
	[M_TTYPE] = "TypeProto.Tensor",
	[M_SHAPE] = "TensorShapeProto",
	[M_DIM] = "TensorShapeProto.Dimension",
};

struct field_name {
	uint8_t msg;
	uint8_t num;
	const char *name;
};

/* Field names for messages, from onnx.proto (the fields read or noted). */
static const struct field_name field_names[] = {
	{ M_MODEL, 1, "ir_version" },
	{ M_MODEL, 2, "producer_name" },
	{ M_MODEL, 3, "producer_version" },
	{ M_MODEL, 7, "graph" },
	{ M_MODEL, 8, "opset_import" },
	{ M_MODEL, 20, "training_info" },
	{ M_MODEL, 25, "functions" },
	{ M_OPSET, 1, "domain" },
	{ M_OPSET, 2, "version" },
	{ M_GRAPH, 1, "node" },
	{ M_GRAPH, 2, "name" },
	{ M_GRAPH, 5, "initializer" },
	{ M_GRAPH, 11, "input" },
	{ M_GRAPH, 12, "output" },
	{ M_GRAPH, 13, "value_info" },
	{ M_GRAPH, 15, "sparse_initializer" },
	{ M_NODE, 1, "input" },
	{ M_NODE, 2, "output" },
	{ M_NODE, 3, "name" },
	{ M_NODE, 4, "op_type" },
	{ M_NODE, 5, "attribute" },
	{ M_NODE, 7, "domain" },
	{ M_ATTR, 1, "name" },
	{ M_ATTR, 2, "f" },
	{ M_ATTR, 3, "i" },
	{ M_ATTR, 4, "s" },
	{ M_ATTR, 5, "t" },
	{ M_ATTR, 6, "g" },
	{ M_ATTR, 7, "floats" },
	{ M_ATTR, 8, "ints" },
	{ M_ATTR, 9, "strings" },
	{ M_ATTR, 10, "tensors" },
	{ M_ATTR, 11, "graphs" },
	{ M_ATTR, 14, "tp" },
	{ M_ATTR, 15, "type_protos" },
	{ M_ATTR, 20, "type" },
	{ M_ATTR, 22, "sparse_tensor" },
	{ M_ATTR, 23, "sparse_tensors" },
	{ M_TENSOR, 1, "dims" },
	{ M_TENSOR, 2, "data_type" },
	{ M_TENSOR, 3, "segment" },
	{ M_TENSOR, 4, "float_data" },
	{ M_TENSOR, 5, "int32_data" },
	{ M_TENSOR, 6, "string_data" },
	{ M_TENSOR, 7, "int64_data" },
	{ M_TENSOR, 8, "name" },
	{ M_TENSOR, 9, "raw_data" },
	{ M_TENSOR, 10, "double_data" },
	{ M_TENSOR, 11, "uint64_data" },
	{ M_TENSOR, 13, "external_data" },
	{ M_TENSOR, 14, "data_location" },
	{ M_ENTRY, 1, "key" },
	{ M_ENTRY, 2, "value" },
	{ M_VALUE, 1, "name" },
	{ M_VALUE, 2, "type" },
	{ M_TYPE, 1, "tensor_type" },
	{ M_TYPE, 4, "sequence_type" },
	{ M_TYPE, 5, "map_type" },
	{ M_TYPE, 8, "sparse_tensor_type" },
	{ M_TYPE, 9, "optional_type" },
	{ M_TTYPE, 1, "elem_type" },
	{ M_TTYPE, 2, "shape" },
	{ M_SHAPE, 1, "dim" },
	{ M_DIM, 1, "dim_value" },
	{ M_DIM, 2, "dim_param" },
};

static const char *const wire_names[8] = {
	"varint", "64-bit", "length-delimited", "group start", "group end", "32-bit", "?", "?",
};

/* The source of the bytes: all of them in memory, or a window that
 * refills from a file descriptor or from memory in chunks. */
struct rd {
	const uint8_t *p, *end; /* the unread bytes at hand */
	uint64_t pos;           /* the file offset of P */
	uint64_t size;          /* the file's size; UINT64_MAX when unknown */
	int fd;                 /* >= 0: refill by read(2) */
	int seekable;           /* the fd may skip by lseek (its size is known) */
	int eof;
	const uint8_t *chunk, *chunk_end; /* refill from memory (a stream test) */
	uint8_t *buf;
	size_t bufsize;
	uint8_t head[64]; /* the file's first bytes, to recognise text */
	size_t n_head;
};

#define STREAM_BUF ((size_t)64 << 10)
#define MEM_CHUNK ((size_t)4096)
#define MAX_DEPTH 12

/* A length-delimited field being read, for messages about truncation. */
struct open_field {
	uint64_t tag_off, data_off, len;
	uint8_t msg;
	uint32_t num;
};

struct tag {
	uint64_t off;
	uint32_t num;
	int wt;
};

struct vec {
	void *p;
	size_t n, cap;
};

/* The payload of the tensor being read. */
struct tensor_state {
	int payload;     /* the field number of its data, 0: none yet */
	uint64_t bytes;  /* payload bytes in the file */
	uint64_t count;  /* values in typed fields */
	int count_known; /* COUNT is exact (a skipped packed varint field is not) */
	int small;       /* the payload was all read (raw in raw, typed in vals) */
	int segment;     /* a segment field was given */
	int64_t data_location;
	int raw_seen;
};

struct parser {
	struct rd rd;
	struct onnx_model *m;
	struct onnx_priv *pv;
	struct diag *dg;
	int status;
	unsigned flags;
	struct open_field open[MAX_DEPTH];
	int depth;
	char where[96];
	int top_fields; /* fields of ModelProto read so far */
	int have_graph;
	const char *empty; /* the interned "" */
	char *sbuf;        /* a string or small payload read from a stream */
	/* scratch: the messages being read */
	struct vec nodes, inits, inputs, outputs, value_info, opsets;
	struct vec node_in, node_out, node_attrs;
	struct vec a_ints, a_floats, a_strings;
	struct vec t_dims, t_raw, t_ivals, t_rvals;
	struct vec v_dims;
	struct tensor_state ts;
};

/* fail's offset for a problem of the graph as a whole, at no one byte. */
#define NO_OFFSET UINT64_MAX

static int fail(struct parser *ps, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record a bad input at byte offset OFF, or NO_OFFSET for one found in the
 * graph as a whole (the first error stays). */
static int fail(struct parser *ps, uint64_t off, const char *fmt, ...)
{
	char msg[480];
	va_list ap;

	if (ps->status != BKSEF_OK)
		return ps->status;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ps->status = BKSEF_EINPUT;
	if (off == NO_OFFSET)
		diag_set(ps->dg, BKSEF_EINPUT, 0, "%s", msg);
	else if (ps->where[0] != '\0')
		diag_set(ps->dg, BKSEF_EINPUT, 0, "byte offset %llu (%s): %s",
		         (unsigned long long)off, ps->where, msg);
	else
		diag_set(ps->dg, BKSEF_EINPUT, 0, "byte offset %llu: %s", (unsigned long long)off,
		         msg);
	return ps->status;
}

static int nomem(struct parser *ps)
{
	if (ps->status == BKSEF_OK)
		ps->status = diag_set(ps->dg, BKSEF_ENOMEM, 0, "out of memory");
	return ps->status;
}

static int io_error(struct parser *ps, int err)
{
	if (ps->status == BKSEF_OK)
		ps->status = diag_set(ps->dg, BKSEF_EIO, 0, "read error: %s", strerror(err));
	return ps->status;
}

static const char *field_label(int msg, uint32_t num)
{
	for (size_t i = 0; i < sizeof field_names / sizeof field_names[0]; i++)
		if (field_names[i].msg == msg && field_names[i].num == num)
			return field_names[i].name;
	return NULL;
}

/* "field 4 (op_type) of NodeProto", "field 99 of NodeProto", or "a field
 * tag of NodeProto" (NUM 0), in BUF. */
static const char *field_desc(char *buf, size_t size, int msg, uint32_t num)
{
	const char *name = field_label(msg, num);
	if (num == 0)
		snprintf(buf, size, "a field tag of %s", msg_names[msg]);
	else if (name != NULL)
		snprintf(buf, size, "field %lu (%s) of %s", (unsigned long)num, name,
		         msg_names[msg]);
	else
		snprintf(buf, size, "field %lu of %s", (unsigned long)num, msg_names[msg]);
	return buf;
}

/* A file over ONNX_MAX_FILE_BYTES. */
static const char too_big_msg[] = "file larger than 2 GiB, more than protobuf can hold: not an "
                                  "ONNX model (big models keep their weights in external data)";

static int too_big(struct parser *ps)
{
	if (ps->status == BKSEF_OK)
		ps->status = diag_set(ps->dg, BKSEF_EINPUT, 0, "%s", too_big_msg);
	return ps->status;
}

/* ------------------------------------------------------- reading bytes */

/* Make unread bytes available: 1, or 0 at the end of the file or on a
 * read error (the status says which). */
static int rd_more(struct parser *ps)
{
	struct rd *r = &ps->rd;

	if (r->p < r->end)
		return 1;
	if (r->eof || ps->status != BKSEF_OK)
		return 0;
	if (r->chunk != NULL) {
		size_t n = (size_t)(r->chunk_end - r->chunk);
		if (n == 0) {
			r->eof = 1;
			return 0;
		}
		if (n > MEM_CHUNK)
			n = MEM_CHUNK;
		r->p = r->chunk;
		r->end = r->chunk + n;
		r->chunk += n;
		if (r->pos + (uint64_t)n > ONNX_MAX_FILE_BYTES) {
			too_big(ps);
			return 0;
		}
	} else if (r->fd >= 0) {
		ssize_t n;
		do
			n = read(r->fd, r->buf, r->bufsize);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			io_error(ps, errno);
			return 0;
		}
		if (n == 0) {
			r->eof = 1;
			return 0;
		}
		r->p = r->buf;
		r->end = r->buf + n;
		if (r->pos + (uint64_t)n > ONNX_MAX_FILE_BYTES) {
			too_big(ps);
			return 0;
		}
	} else {
		r->eof = 1;
		return 0;
	}
	if (r->n_head < sizeof r->head) {
		size_t n = sizeof r->head - r->n_head;
		if (n > (size_t)(r->end - r->p))
			n = (size_t)(r->end - r->p);
		memcpy(r->head + r->n_head, r->p, n);
		r->n_head += n;
	}
	return 1;
}

/* The file ended inside what was being read: a stream's end came early.
 * The message names the outermost field that was cut, as a mapped file's
 * length check does; WHAT describes the item read at the top level. */
static int truncated(struct parser *ps, uint64_t off, int msg, uint32_t num)
{
	char desc[96];

	if (ps->status != BKSEF_OK)
		return ps->status;
	if (ps->depth > 0) {
		const struct open_field *f = &ps->open[0];
		ps->where[0] = '\0';
		return fail(ps, f->tag_off,
		            "%s is %llu bytes long, past the end of the file (%llu byte%s left): "
		            "the file is truncated",
		            field_desc(desc, sizeof desc, f->msg, f->num),
		            (unsigned long long)f->len,
		            (unsigned long long)(ps->rd.pos - f->data_off),
		            ps->rd.pos - f->data_off == 1 ? "" : "s");
	}
	ps->where[0] = '\0';
	return fail(ps, off, "the file ends inside %s: the file is truncated",
	            field_desc(desc, sizeof desc, msg, num));
}

/* A read of the item at OFF (field NUM of MSG) reached LIM, the end of the
 * enclosing message, or of the file at the top level. */
static int cut(struct parser *ps, uint64_t off, uint64_t lim, int msg, uint32_t num)
{
	char desc[96];

	if (ps->depth == 0 && lim >= ps->rd.size)
		return truncated(ps, off, msg, num);
	return fail(ps, off, "%s runs past the end of its %s",
	            field_desc(desc, sizeof desc, msg, num), msg_names[msg]);
}

/* One byte that must come before LIM. */
static int get_byte(struct parser *ps, uint64_t lim, uint64_t off, int msg, uint32_t num,
                    uint8_t *b)
{
	if (ps->rd.pos >= lim)
		return cut(ps, off, lim, msg, num);
	if (!rd_more(ps))
		return ps->status != BKSEF_OK ? ps->status : truncated(ps, off, msg, num);
	*b = *ps->rd.p++;
	ps->rd.pos++;
	return BKSEF_OK;
}

/* A varint of at most 10 bytes ending before LIM: field NUM of MSG (0: a
 * tag). */
static int get_varint(struct parser *ps, uint64_t lim, int msg, uint32_t num, uint64_t *v)
{
	uint64_t off = ps->rd.pos, x = 0;
	char desc[96];
	const uint8_t *p = ps->rd.p;

	/* The fast path: the whole varint is at hand and within LIM. */
	if (ps->rd.end - p >= 10 && lim > off && lim - off >= 10) {
		for (int i = 0; i < 10; i++) {
			uint8_t b = p[i];
			if (i == 9 && b > 1)
				break;
			x |= (uint64_t)(b & 0x7f) << (7 * i);
			if (!(b & 0x80)) {
				ps->rd.p = p + i + 1;
				ps->rd.pos = off + (uint64_t)i + 1;
				*v = x;
				return BKSEF_OK;
			}
		}
		return fail(ps, off, "%s: a varint longer than 10 bytes or beyond 64 bits",
		            field_desc(desc, sizeof desc, msg, num));
	}
	for (int i = 0; i < 10; i++) {
		uint8_t b = 0;
		if (get_byte(ps, lim, off, msg, num, &b) != BKSEF_OK)
			return ps->status;
		if (i == 9 && b > 1)
			break;
		x |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*v = x;
			return BKSEF_OK;
		}
	}
	return fail(ps, off, "%s: a varint longer than 10 bytes or beyond 64 bits",
	            field_desc(desc, sizeof desc, msg, num));
}

/* N (4 or 8) bytes, little-endian, before LIM. */
static int get_fixed(struct parser *ps, uint64_t lim, int msg, uint32_t num, int n, uint64_t *v)
{
	uint64_t off = ps->rd.pos, x = 0;

	for (int i = 0; i < n; i++) {
		uint8_t b = 0;
		if (get_byte(ps, lim, off, msg, num, &b) != BKSEF_OK)
			return ps->status;
		x |= (uint64_t)b << (8 * i);
	}
	*v = x;
	return BKSEF_OK;
}

/* N bytes, already checked to lie within the current message: a pointer to
 * them in *OUT (into the mapped file, or a copy in ps->sbuf, which holds
 * at least ONNX_MAX_STRING_BYTES and ONNX_MAX_SMALL_BYTES). */
static int get_span(struct parser *ps, size_t n, const uint8_t **out)
{
	struct rd *r = &ps->rd;
	size_t done = 0;

	if (r->fd < 0 && r->chunk == NULL) {
		*out = r->p; /* all in memory; lengths were checked against it */
		r->p += n;
		r->pos += n;
		return BKSEF_OK;
	}
	while (done < n) {
		size_t k;
		if (!rd_more(ps))
			return ps->status != BKSEF_OK ? ps->status
			                              : truncated(ps, r->pos, M_MODEL, 0);
		k = (size_t)(r->end - r->p);
		if (k > n - done)
			k = n - done;
		memcpy(ps->sbuf + done, r->p, k);
		r->p += k;
		r->pos += k;
		done += k;
	}
	*out = (const uint8_t *)ps->sbuf;
	return BKSEF_OK;
}

static int cancelled(struct parser *ps);

/* Skip N bytes, checked to lie within the current message. */
static int skip_bytes(struct parser *ps, uint64_t n)
{
	struct rd *r = &ps->rd;

	if (r->fd < 0 && r->chunk == NULL) {
		r->p += n;
		r->pos += n;
		return BKSEF_OK;
	}
	while (n > 0) {
		uint64_t k = (uint64_t)(r->end - r->p);
		if (k == 0 && r->seekable && n > r->bufsize) {
			/* a regular file of known size: the length was checked
			 * against it */
			if (lseek(r->fd, (off_t)n, SEEK_CUR) < 0)
				return io_error(ps, errno);
			r->pos += n;
			return BKSEF_OK;
		}
		if (k == 0) {
			if (cancelled(ps))
				return ps->status;
			if (!rd_more(ps))
				return ps->status != BKSEF_OK ? ps->status
				                              : truncated(ps, r->pos, M_MODEL, 0);
			k = (uint64_t)(r->end - r->p);
		}
		if (k > n)
			k = n;
		r->p += k;
		r->pos += k;
		n -= k;
	}
	return BKSEF_OK;
}

/* Whether the user cancelled the read (progress.h), said in PS: 1 or 0. */
static int cancelled(struct parser *ps)
{
	const struct rd *r = &ps->rd;

	if (!progress_tick("reading the model", r->pos, r->size != UINT64_MAX ? r->size : 0))
		return 0;
	if (ps->status == BKSEF_OK)
		ps->status = diag_set(ps->dg, BKSEF_ECANCELED, 0, "load cancelled");
	return 1;
}

/* Whether the message ending at LIM has more fields: 1, 0 at its end (or
 * a stream's end at the top level), -1 on error or when cancelled. */
static int more(struct parser *ps, uint64_t lim)
{
	if (ps->status != BKSEF_OK || cancelled(ps))
		return -1;
	if (ps->rd.pos >= lim)
		return 0;
	if (ps->rd.p < ps->rd.end)
		return 1;
	if (rd_more(ps))
		return 1;
	if (ps->status != BKSEF_OK)
		return -1;
	if (ps->depth == 0 && lim == UINT64_MAX)
		return 0; /* a stream ends between fields of ModelProto */
	truncated(ps, ps->rd.pos, M_MODEL, 0);
	return -1;
}

/* ------------------------------------------------------ wire structure */

static int get_tag(struct parser *ps, uint64_t lim, int msg, struct tag *t)
{
	uint64_t v;

	t->off = ps->rd.pos;
	if (get_varint(ps, lim, msg, 0, &v) != BKSEF_OK)
		return ps->status;
	if ((v >> 3) == 0 || (v >> 3) > 0x1fffffff)
		return fail(ps, t->off, "a field tag of %s has field number %llu (1 to 536870911)",
		            msg_names[msg], (unsigned long long)(v >> 3));
	t->num = (uint32_t)(v >> 3);
	t->wt = (int)(v & 7);
	if (t->wt == 3 || t->wt == 4)
		return fail(
		    ps, t->off,
		    "field %lu of %s has wire type %d (%s): groups are not used by onnx.proto",
		    (unsigned long)t->num, msg_names[msg], t->wt, wire_names[t->wt]);
	if (t->wt > 5)
		return fail(ps, t->off,
		            "field %lu of %s has wire type %d, which protobuf does not define",
		            (unsigned long)t->num, msg_names[msg], t->wt);
	return BKSEF_OK;
}

/* Field T of MSG must have wire type WT1 (or WT2, unless -1). */
static int want(struct parser *ps, const struct tag *t, int msg, int wt1, int wt2)
{
	char desc[96];

	if (t->wt == wt1 || t->wt == wt2)
		return BKSEF_OK;
	field_desc(desc, sizeof desc, msg, t->num);
	if (wt2 < 0)
		return fail(ps, t->off, "%s has wire type %d (%s), expected %d (%s)", desc, t->wt,
		            wire_names[t->wt], wt1, wire_names[wt1]);
	return fail(ps, t->off, "%s has wire type %d (%s), expected %d (%s) or %d (%s)", desc,
	            t->wt, wire_names[t->wt], wt1, wire_names[wt1], wt2,
	            wt2 == 2 ? "packed" : wire_names[wt2]);
}

/* Open the length-delimited field T of MSG (wire type checked) within
 * LIM: *END is where its data ends. */
static int open_len(struct parser *ps, uint64_t lim, const struct tag *t, int msg, uint64_t *end)
{
	uint64_t len, left;
	char desc[96];

	if (get_varint(ps, lim, msg, t->num, &len) != BKSEF_OK)
		return ps->status;
	left = lim - ps->rd.pos;
	if (len > left) {
		field_desc(desc, sizeof desc, msg, t->num);
		if (ps->depth == 0 && lim >= ps->rd.size)
			return fail(ps, t->off,
			            "%s is %llu bytes long, past the end of the file (%llu byte%s "
			            "left): the file is truncated",
			            desc, (unsigned long long)len, (unsigned long long)left,
			            left == 1 ? "" : "s");
		return fail(ps, t->off,
		            "%s is %llu bytes long, past the end of its %s (%llu byte%s left)",
		            desc, (unsigned long long)len, msg_names[msg], (unsigned long long)left,
		            left == 1 ? "" : "s");
	}
	/* a stream's top level, whose end is unknown */
	if (len > ONNX_MAX_FILE_BYTES)
		return fail(ps, t->off,
		            "%s is %llu bytes long, more than protobuf can hold (2 GiB)",
		            field_desc(desc, sizeof desc, msg, t->num), (unsigned long long)len);
	if (ps->depth >= MAX_DEPTH) /* the schema nests less deep */
		return fail(ps, t->off, "messages nested too deep");
	ps->open[ps->depth] = (struct open_field){ t->off, ps->rd.pos, len, (uint8_t)msg, t->num };
	ps->depth++;
	*end = ps->rd.pos + len;
	return BKSEF_OK;
}

static void close_len(struct parser *ps)
{
	ps->depth--;
}

/* Skip field T of MSG, whatever its wire type. */
static int skip_field(struct parser *ps, uint64_t lim, int msg, const struct tag *t)
{
	uint64_t v, end;

	switch (t->wt) {
	case 0:
		return get_varint(ps, lim, msg, t->num, &v);
	case 1:
		return get_fixed(ps, lim, msg, t->num, 8, &v);
	case 5:
		return get_fixed(ps, lim, msg, t->num, 4, &v);
	default:
		if (open_len(ps, lim, t, msg, &end) != BKSEF_OK)
			return ps->status;
		skip_bytes(ps, end - ps->rd.pos);
		close_len(ps);
		return ps->status;
	}
}

/* Skip field T, which must be length-delimited (a message not read). */
static int skip_message(struct parser *ps, uint64_t lim, int msg, const struct tag *t)
{
	if (want(ps, t, msg, 2, -1) != BKSEF_OK)
		return ps->status;
	return skip_field(ps, lim, msg, t);
}

/* A varint field: T must have wire type 0. */
static int get_int(struct parser *ps, uint64_t lim, int msg, const struct tag *t, uint64_t *v)
{
	if (want(ps, t, msg, 0, -1) != BKSEF_OK)
		return ps->status;
	return get_varint(ps, lim, msg, t->num, v);
}

/* --------------------------------------------------- interned strings */

/* The interned copy of the LEN bytes at S (a NUL is added), or NULL when
 * memory ran out. */
static const char *intern(struct parser *ps, const void *s, size_t len)
{
	struct onnx_priv *pv = ps->pv;
	uint64_t h = hash_sip24(pv->key, s, len);
	size_t mask, i;
	struct istr *str;

	if (pv->n_strings + 1 > pv->cap / 2) {
		size_t cap = pv->cap ? pv->cap * 2 : 1024;
		struct islot *slots;
		if (cap > SIZE_MAX / sizeof *slots || pv->n_strings >= UINT32_MAX - 1)
			return NULL;
		slots = calloc(cap, sizeof *slots);
		if (slots == NULL)
			return NULL;
		for (size_t k = 0; k < pv->cap; k++) {
			if (pv->slots[k].str == NULL)
				continue;
			i = (size_t)pv->slots[k].hash & (cap - 1);
			while (slots[i].str != NULL)
				i = (i + 1) & (cap - 1);
			slots[i] = pv->slots[k];
		}
		free(pv->slots);
		pv->slots = slots;
		pv->cap = cap;
	}
	mask = pv->cap - 1;
	for (i = (size_t)h & mask; pv->slots[i].str != NULL; i = (i + 1) & mask) {
		str = pv->slots[i].str;
		if (pv->slots[i].hash == h && str->len == len && memcmp(str->s, s, len) == 0)
			return str->s;
	}
	str = arena_alloc(pv, sizeof *str + len + 1);
	if (str == NULL)
		return NULL;
	str->id = (uint32_t)pv->n_strings;
	str->len = (uint32_t)len;
	if (len > 0)
		memcpy(str->s, s, len);
	str->s[len] = '\0';
	pv->slots[i].hash = h;
	pv->slots[i].str = str;
	pv->n_strings++;
	return str->s;
}

/* The interned string equal to the NUL-terminated S, or NULL. */
static const char *intern_find(const struct onnx_priv *pv, const char *s)
{
	size_t len = strlen(s), mask, i;
	uint64_t h;

	if (pv->cap == 0)
		return NULL;
	h = hash_sip24(pv->key, s, len);
	mask = pv->cap - 1;
	for (i = (size_t)h & mask; pv->slots[i].str != NULL; i = (i + 1) & mask) {
		const struct istr *str = pv->slots[i].str;
		if (pv->slots[i].hash == h && str->len == len && memcmp(str->s, s, len) == 0)
			return str->s;
	}
	return NULL;
}

/* A string field T of MSG (a name unless ANY_BYTES: no NUL byte in it):
 * interned in *OUT, its length in *LEN (may be NULL). */
static int get_string(struct parser *ps, uint64_t lim, int msg, const struct tag *t, int any_bytes,
                      const char **out, size_t *len)
{
	uint64_t end, n;
	const uint8_t *data;
	char desc[96];

	if (want(ps, t, msg, 2, -1) != BKSEF_OK || open_len(ps, lim, t, msg, &end) != BKSEF_OK)
		return ps->status;
	n = end - ps->rd.pos;
	if (n > ONNX_MAX_STRING_BYTES)
		return fail(ps, t->off, "%s is %llu bytes long: strings are limited to %zu bytes",
		            field_desc(desc, sizeof desc, msg, t->num), (unsigned long long)n,
		            ONNX_MAX_STRING_BYTES);
	if (get_span(ps, (size_t)n, &data) != BKSEF_OK)
		return ps->status;
	if (!any_bytes && memchr(data, '\0', (size_t)n) != NULL)
		return fail(ps, t->off, "%s holds a NUL byte",
		            field_desc(desc, sizeof desc, msg, t->num));
	*out = intern(ps, data, (size_t)n);
	if (*out == NULL)
		return nomem(ps);
	if (len != NULL)
		*len = (size_t)n;
	close_len(ps);
	return BKSEF_OK;
}

/* ------------------------------------------------------------- vectors */

static int vec_push(struct parser *ps, struct vec *v, size_t size, const void *item)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *p;
		if (cap > SIZE_MAX / size)
			return nomem(ps);
		p = realloc(v->p, cap * size);
		if (p == NULL)
			return nomem(ps);
		v->p = p;
		v->cap = cap;
	}
	memcpy((char *)v->p + v->n * size, item, size);
	v->n++;
	return BKSEF_OK;
}

/* A copy of V's N items of SIZE bytes in the arena in *OUT (NULL when V is
 * empty). */
static int vec_keep(struct parser *ps, const struct vec *v, size_t size, void *out)
{
	void *p = NULL;

	if (v->n > 0) {
		p = arena_alloc(ps->pv, v->n * size);
		if (p == NULL)
			return nomem(ps);
		memcpy(p, v->p, v->n * size);
	}
	memcpy(out, &p, sizeof p);
	return BKSEF_OK;
}

static void vec_free(struct vec *v)
{
	free(v->p);
	v->p = NULL;
	v->n = v->cap = 0;
}

/* ------------------------------------------------------------- tensors */

/* Bits an element of TYPE takes in raw_data, 0 when unknown or not fixed. */
static unsigned type_bits(int type)
{
	switch (type) {
	case ONNX_TYPE_BOOL:
	case ONNX_TYPE_INT8:
	case ONNX_TYPE_UINT8:
	case ONNX_TYPE_FLOAT8E4M3FN:
	case ONNX_TYPE_FLOAT8E4M3FNUZ:
	case ONNX_TYPE_FLOAT8E5M2:
	case ONNX_TYPE_FLOAT8E5M2FNUZ:
		return 8;
	case ONNX_TYPE_UINT4:
	case ONNX_TYPE_INT4:
	case ONNX_TYPE_FLOAT4E2M1:
		return 4;
	case ONNX_TYPE_INT16:
	case ONNX_TYPE_UINT16:
	case ONNX_TYPE_FLOAT16:
	case ONNX_TYPE_BFLOAT16:
		return 16;
	case ONNX_TYPE_INT32:
	case ONNX_TYPE_UINT32:
	case ONNX_TYPE_FLOAT:
		return 32;
	case ONNX_TYPE_INT64:
	case ONNX_TYPE_UINT64:
	case ONNX_TYPE_DOUBLE:
	case ONNX_TYPE_COMPLEX64:
		return 64;
	case ONNX_TYPE_COMPLEX128:
		return 128;
	default:
		return 0;
	}
}

/* Whether typed field FIELD may hold the values of TYPE (onnx.proto's
 * comments); unknown types are let through. */
static int field_fits_type(int field, int type)
{
	if (type > ONNX_TYPE_FLOAT4E2M1 || type < 0)
		return 1;
	switch (field) {
	case 4:
		return type == ONNX_TYPE_FLOAT || type == ONNX_TYPE_COMPLEX64;
	case 5:
		return type == ONNX_TYPE_INT32 || type == ONNX_TYPE_INT16 ||
		       type == ONNX_TYPE_INT8 || type == ONNX_TYPE_UINT16 ||
		       type == ONNX_TYPE_UINT8 || type == ONNX_TYPE_BOOL ||
		       type == ONNX_TYPE_FLOAT16 || type == ONNX_TYPE_BFLOAT16 ||
		       (type >= ONNX_TYPE_FLOAT8E4M3FN && type <= ONNX_TYPE_FLOAT4E2M1);
	case 6:
		return type == ONNX_TYPE_STRING;
	case 7:
		return type == ONNX_TYPE_INT64;
	case 10:
		return type == ONNX_TYPE_DOUBLE || type == ONNX_TYPE_COMPLEX128;
	case 11:
		return type == ONNX_TYPE_UINT32 || type == ONNX_TYPE_UINT64;
	default:
		return 0;
	}
}

/* Whether values of TYPE are decoded as integers (1), reals (2), or not at
 * all (0). */
static int value_kind(int type)
{
	switch (type) {
	case ONNX_TYPE_BOOL:
	case ONNX_TYPE_INT8:
	case ONNX_TYPE_UINT8:
	case ONNX_TYPE_INT16:
	case ONNX_TYPE_UINT16:
	case ONNX_TYPE_INT32:
	case ONNX_TYPE_UINT32:
	case ONNX_TYPE_INT64:
	case ONNX_TYPE_UINT64:
		return 1;
	case ONNX_TYPE_FLOAT:
	case ONNX_TYPE_DOUBLE:
		return 2;
	default:
		return 0;
	}
}

/* DIMS[0 .. N) as "[64, 3, 3, 3]" in BUF of SIZE (>= 8) bytes: whole
 * numbers only, cut with ", ...]" when long. */
static const char *dims_text(char *buf, size_t size, const int64_t *dims, size_t n)
{
	static const char more[] = ", ...]"; /* with its NUL: 7 bytes */
	size_t o = 1, i;

	buf[0] = '[';
	for (i = 0; i < n; i++) {
		char item[32];
		size_t k = (size_t)snprintf(item, sizeof item, "%s%lld", i ? ", " : "",
		                            (long long)dims[i]);
		/* room for the item and, after it, ", ...]" and the NUL */
		if (o + k + sizeof more > size)
			break;
		memcpy(buf + o, item, k);
		o += k;
	}
	if (i < n)
		memcpy(buf + o, more, sizeof more);
	else
		memcpy(buf + o, "]", 2);
	return buf;
}

/* Note the start of payload field T: one payload field per tensor. */
static int payload_start(struct parser *ps, const struct tag *t)
{
	struct tensor_state *ts = &ps->ts;

	if (ts->payload != 0 && ts->payload != (int)t->num)
		return fail(
		    ps, t->off, "TensorProto has both %s and %s: only one data field may be given",
		    field_label(M_TENSOR, (uint32_t)ts->payload), field_label(M_TENSOR, t->num));
	ts->payload = (int)t->num;
	return BKSEF_OK;
}

/* One value V of typed payload field FIELD: counted, and kept while the
 * tensor is small. */
static int payload_value(struct parser *ps, int field, uint64_t v)
{
	struct tensor_state *ts = &ps->ts;

	ts->count++;
	if (!ts->small)
		return BKSEF_OK;
	if (ps->t_ivals.n + ps->t_rvals.n >= ONNX_MAX_SMALL_VALUES) {
		ts->small = 0; /* too many to keep; counting goes on */
		return BKSEF_OK;
	}
	if (field == 4) {
		uint32_t b = (uint32_t)v;
		float f;
		double d;
		memcpy(&f, &b, sizeof f);
		d = f;
		return vec_push(ps, &ps->t_rvals, sizeof d, &d);
	}
	if (field == 10) {
		double d;
		memcpy(&d, &v, sizeof d);
		return vec_push(ps, &ps->t_rvals, sizeof d, &d);
	}
	int64_t x = field == 5 ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v;
	return vec_push(ps, &ps->t_ivals, sizeof x, &x);
}

/* Typed payload field T (4, 5, 7, 10, 11): one value, or a packed run. */
static int read_typed(struct parser *ps, uint64_t lim, const struct tag *t)
{
	struct tensor_state *ts = &ps->ts;
	int field = (int)t->num;
	int scalar_wt = field == 4 ? 5 : field == 10 ? 1 : 0;
	uint64_t v, end, len;

	if (want(ps, t, M_TENSOR, scalar_wt, 2) != BKSEF_OK || payload_start(ps, t) != BKSEF_OK)
		return ps->status;
	if (t->wt != 2) {
		uint64_t off = ps->rd.pos;
		if (scalar_wt == 0)
			get_varint(ps, lim, M_TENSOR, t->num, &v);
		else
			get_fixed(ps, lim, M_TENSOR, t->num, scalar_wt == 5 ? 4 : 8, &v);
		if (ps->status != BKSEF_OK)
			return ps->status;
		ts->bytes += ps->rd.pos - off;
		return payload_value(ps, field, v);
	}
	if (open_len(ps, lim, t, M_TENSOR, &end) != BKSEF_OK)
		return ps->status;
	len = end - ps->rd.pos;
	ts->bytes += len;
	if (scalar_wt != 0 && len % (scalar_wt == 5 ? 4 : 8) != 0)
		return fail(
		    ps, t->off, "packed %s of %llu bytes: not a whole number of %d-byte values",
		    field_label(M_TENSOR, t->num), (unsigned long long)len, scalar_wt == 5 ? 4 : 8);
	if (len > ONNX_MAX_SMALL_BYTES || !ts->small) {
		/* a weight: skipped, counted when the count is known from the
		 * length alone */
		ts->small = 0;
		if (scalar_wt != 0)
			ts->count += len / (scalar_wt == 5 ? 4 : 8);
		else
			ts->count_known = 0;
		skip_bytes(ps, len);
		close_len(ps);
		return ps->status;
	}
	while (ps->status == BKSEF_OK && ps->rd.pos < end) {
		if (scalar_wt == 0)
			get_varint(ps, end, M_TENSOR, t->num, &v);
		else
			get_fixed(ps, end, M_TENSOR, t->num, scalar_wt == 5 ? 4 : 8, &v);
		if (ps->status == BKSEF_OK)
			payload_value(ps, field, v);
	}
	if (ps->status == BKSEF_OK)
		close_len(ps);
	return ps->status;
}

/* Read field 13 (external_data), a StringStringEntryProto; keep the value
 * of "location" in *LOCATION. */
static int read_entry(struct parser *ps, uint64_t lim, const struct tag *t, const char **location)
{
	uint64_t end;
	const char *key = NULL, *value = NULL;
	struct tag f;

	if (want(ps, t, M_TENSOR, 2, -1) != BKSEF_OK || open_len(ps, lim, t, M_TENSOR, &end))
		return ps->status;
	while (more(ps, end) > 0) {
		if (get_tag(ps, end, M_ENTRY, &f) != BKSEF_OK)
			return ps->status;
		if (f.num == 1)
			get_string(ps, end, M_ENTRY, &f, 0, &key, NULL);
		else if (f.num == 2)
			get_string(ps, end, M_ENTRY, &f, 0, &value, NULL);
		else
			skip_field(ps, end, M_ENTRY, &f);
	}
	if (ps->status != BKSEF_OK)
		return ps->status;
	close_len(ps);
	if (key != NULL && value != NULL && strcmp(key, "location") == 0)
		*location = value;
	return BKSEF_OK;
}

/* Decode the kept raw_data of T (its type and element count known) into
 * values. */
static int decode_raw(struct parser *ps, struct onnx_tensor *t)
{
	const uint8_t *raw = ps->t_raw.p;
	unsigned bytes = type_bits(t->data_type) / 8;
	int kind = value_kind(t->data_type);
	size_t n = (size_t)t->n_elements;

	for (size_t i = 0; i < n; i++) {
		uint64_t x = 0;
		for (unsigned b = 0; b < bytes; b++)
			x |= (uint64_t)raw[i * bytes + b] << (8 * b);
		if (kind == 2) {
			double d;
			if (bytes == 4) {
				uint32_t u = (uint32_t)x;
				float f;
				memcpy(&f, &u, sizeof f);
				d = f;
			} else {
				memcpy(&d, &x, sizeof d);
			}
			if (vec_push(ps, &ps->t_rvals, sizeof d, &d) != BKSEF_OK)
				return ps->status;
		} else {
			int64_t v;
			switch (t->data_type) {
			case ONNX_TYPE_INT8:
				v = (int8_t)(uint8_t)x;
				break;
			case ONNX_TYPE_INT16:
				v = (int16_t)(uint16_t)x;
				break;
			case ONNX_TYPE_INT32:
				v = (int32_t)(uint32_t)x;
				break;
			default:
				v = (int64_t)x;
				break;
			}
			if (vec_push(ps, &ps->t_ivals, sizeof v, &v) != BKSEF_OK)
				return ps->status;
		}
	}
	return BKSEF_OK;
}

/* The checks and values of a tensor at its end. */
static int finish_tensor(struct parser *ps, uint64_t off, struct onnx_tensor *t)
{
	struct tensor_state *ts = &ps->ts;
	const int64_t *dims = ps->t_dims.p;
	char name[80], dtext[160], type[16];
	const char *tn = onnx_data_type_name(t->data_type);
	uint64_t n = 1;

	diag_quote(name, sizeof name, t->name);
	if (tn == NULL) {
		snprintf(type, sizeof type, "type %d", (int)t->data_type);
		tn = type;
	}
	for (size_t i = 0; i < ps->t_dims.n; i++) {
		if (dims[i] < 0)
			return fail(ps, off, "tensor '%s': dims %s: a negative dimension", name,
			            dims_text(dtext, sizeof dtext, dims, ps->t_dims.n));
		if (dims[i] != 0 && n > UINT64_MAX / (uint64_t)dims[i])
			return fail(ps, off, "tensor '%s': dims %s: more than 2^64 elements", name,
			            dims_text(dtext, sizeof dtext, dims, ps->t_dims.n));
		n *= (uint64_t)dims[i];
	}
	dims_text(dtext, sizeof dtext, dims, ps->t_dims.n);
	t->n_elements = n;
	t->rank = (uint32_t)ps->t_dims.n;
	if (vec_keep(ps, &ps->t_dims, sizeof(int64_t), &t->dims) != BKSEF_OK)
		return ps->status;
	if (ts->segment)
		return fail(ps, off,
		            "tensor '%s': segmented tensors (field 3, segment) are not supported",
		            name);
	if (t->data_type == ONNX_TYPE_UNDEFINED)
		return fail(ps, off, "tensor '%s' has no data_type", name);
	if (ts->data_location != 0 && ts->data_location != 1)
		return fail(
		    ps, off,
		    "tensor '%s': data_location %lld is neither DEFAULT (0) nor EXTERNAL (1)", name,
		    (long long)ts->data_location);
	if (ts->data_location == 1) {
		/* dims only: the data file is never opened */
		t->external = 1;
		t->data_bytes = 0;
		if (t->location == NULL)
			return fail(ps, off, "tensor '%s': external data without a \"location\"",
			            name);
		return BKSEF_OK;
	}
	t->location = NULL;
	t->data_bytes = ts->bytes;
	if (ts->payload == 0) {
		if (n == 0)
			ts->small = 1; /* no values to give */
		else
			return fail(ps, off,
			            "tensor '%s' has no data: dims %s of %s, no raw_data or "
			            "typed data field, not external",
			            name, dtext, tn);
	} else if (ts->payload == 9) {
		unsigned bits = type_bits(t->data_type);
		if (t->data_type == ONNX_TYPE_STRING)
			return fail(ps, off, "tensor '%s': a STRING tensor cannot use raw_data",
			            name);
		if (bits != 0) {
			uint64_t need;
			if (n > (UINT64_MAX - 7) / bits)
				return fail(ps, off,
				            "tensor '%s': dims %s of %s: more than 2^64 bytes",
				            name, dtext, tn);
			need = (n * bits + 7) / 8;
			if (need != ts->bytes)
				return fail(
				    ps, off,
				    "tensor '%s': raw_data holds %llu bytes, but dims %s of %s "
				    "need %llu",
				    name, (unsigned long long)ts->bytes, dtext, tn,
				    (unsigned long long)need);
		}
	} else {
		uint64_t per =
		    t->data_type == ONNX_TYPE_COMPLEX64 || t->data_type == ONNX_TYPE_COMPLEX128 ? 2
		                                                                                : 1;
		if (!field_fits_type(ts->payload, t->data_type))
			return fail(ps, off, "tensor '%s': %s cannot hold %s values", name,
			            field_label(M_TENSOR, (uint32_t)ts->payload), tn);
		if (ts->count_known && (n > UINT64_MAX / per || ts->count != n * per))
			return fail(ps, off,
			            "tensor '%s': %s holds %llu values, but dims %s of %s "
			            "need %llu",
			            name, field_label(M_TENSOR, (uint32_t)ts->payload),
			            (unsigned long long)ts->count, dtext, tn,
			            (unsigned long long)(n * per));
	}
	/* Small tensors of integers or reals: their values. */
	if (ts->small && value_kind(t->data_type) != 0 && n <= ONNX_MAX_SMALL_VALUES) {
		if (ts->payload == 9) {
			ps->t_ivals.n = ps->t_rvals.n = 0;
			if (decode_raw(ps, t) != BKSEF_OK)
				return ps->status;
		}
		if (ps->t_ivals.n + ps->t_rvals.n == n) {
			t->has_values = 1;
			t->n_values = (uint32_t)n;
			if (vec_keep(ps, &ps->t_ivals, sizeof(int64_t), &t->ints) != BKSEF_OK ||
			    vec_keep(ps, &ps->t_rvals, sizeof(double), &t->reals) != BKSEF_OK)
				return ps->status;
		}
	}
	return BKSEF_OK;
}

/* A TensorProto, field T of MSG (an initializer or an attribute's t),
 * into *OUT. */
static int read_tensor(struct parser *ps, uint64_t lim, int msg, const struct tag *t,
                       struct onnx_tensor *out)
{
	struct tensor_state *ts = &ps->ts;
	uint64_t end, v;
	struct tag f;

	memset(out, 0, sizeof *out);
	memset(ts, 0, sizeof *ts);
	ts->count_known = 1;
	ts->small = 1;
	ps->t_dims.n = ps->t_raw.n = ps->t_ivals.n = ps->t_rvals.n = 0;
	out->offset = t->off;
	out->name = ps->empty;
	if (want(ps, t, msg, 2, -1) != BKSEF_OK || open_len(ps, lim, t, msg, &end) != BKSEF_OK)
		return ps->status;
	while (more(ps, end) > 0) {
		if (get_tag(ps, end, M_TENSOR, &f) != BKSEF_OK)
			return ps->status;
		switch (f.num) {
		case 1: /* dims */
			if (want(ps, &f, M_TENSOR, 0, 2) != BKSEF_OK)
				return ps->status;
			if (f.wt == 0) {
				if (get_varint(ps, end, M_TENSOR, 1, &v) == BKSEF_OK) {
					int64_t d = (int64_t)v;
					if (ps->t_dims.n >= ONNX_MAX_RANK)
						return fail(ps, f.off,
						            "tensor of more than %zu dims",
						            ONNX_MAX_RANK);
					vec_push(ps, &ps->t_dims, sizeof d, &d);
				}
			} else {
				uint64_t e;
				if (open_len(ps, end, &f, M_TENSOR, &e) != BKSEF_OK)
					return ps->status;
				while (ps->status == BKSEF_OK && ps->rd.pos < e) {
					if (get_varint(ps, e, M_TENSOR, 1, &v) != BKSEF_OK)
						break;
					int64_t d = (int64_t)v;
					if (ps->t_dims.n >= ONNX_MAX_RANK)
						return fail(ps, f.off,
						            "tensor of more than %zu dims",
						            ONNX_MAX_RANK);
					vec_push(ps, &ps->t_dims, sizeof d, &d);
				}
				if (ps->status == BKSEF_OK)
					close_len(ps);
			}
			break;
		case 2: /* data_type */
			if (get_int(ps, end, M_TENSOR, &f, &v) != BKSEF_OK)
				return ps->status;
			if ((int64_t)v < 0 || (int64_t)v > INT32_MAX)
				return fail(ps, f.off,
				            "data_type %lld is not a TensorProto.DataType",
				            (long long)(int64_t)v);
			out->data_type = (int32_t)v;
			break;
		case 3: /* segment */
			ts->segment = 1;
			skip_message(ps, end, M_TENSOR, &f);
			break;
		case 4:
		case 5:
		case 7:
		case 10:
		case 11:
			read_typed(ps, end, &f);
			break;
		case 6: /* string_data */
			if (want(ps, &f, M_TENSOR, 2, -1) != BKSEF_OK || payload_start(ps, &f))
				return ps->status;
			ts->count++;
			ts->small = 0;
			{
				uint64_t before = ps->rd.pos;
				skip_field(ps, end, M_TENSOR, &f);
				ts->bytes += ps->rd.pos - before;
			}
			break;
		case 8:
			get_string(ps, end, M_TENSOR, &f, 0, &out->name, NULL);
			break;
		case 9: { /* raw_data: read when small, else skipped by its length */
			uint64_t e, len;
			const uint8_t *data;
			if (want(ps, &f, M_TENSOR, 2, -1) != BKSEF_OK || payload_start(ps, &f))
				return ps->status;
			if (ts->raw_seen)
				return fail(ps, f.off, "raw_data given twice");
			ts->raw_seen = 1;
			if (open_len(ps, end, &f, M_TENSOR, &e) != BKSEF_OK)
				return ps->status;
			len = e - ps->rd.pos;
			ts->bytes = len;
			if (len > ONNX_MAX_SMALL_BYTES) {
				ts->small = 0;
				skip_bytes(ps, len);
			} else if (get_span(ps, (size_t)len, &data) == BKSEF_OK) {
				ps->t_raw.n = 0;
				for (size_t i = 0; i < len && ps->status == BKSEF_OK; i++)
					vec_push(ps, &ps->t_raw, 1, &data[i]);
			}
			if (ps->status == BKSEF_OK)
				close_len(ps);
			break;
		}
		case 13:
			read_entry(ps, end, &f, &out->location);
			break;
		case 14:
			if (get_int(ps, end, M_TENSOR, &f, &v) == BKSEF_OK)
				ts->data_location = (int64_t)v;
			break;
		default:
			skip_field(ps, end, M_TENSOR, &f);
			break;
		}
	}
	if (ps->status != BKSEF_OK)
		return ps->status;
	close_len(ps);
	return finish_tensor(ps, t->off, out);
}

/* ---------------------------------------------------------- attributes */

/* Packed or single ints (field 8) or floats (field 7) of an attribute. */
static int read_attr_list(struct parser *ps, uint64_t lim, const struct tag *t)
{
	int floats = t->num == 7;
	struct vec *v = floats ? &ps->a_floats : &ps->a_ints;
	uint64_t end, x;

	if (want(ps, t, M_ATTR, floats ? 5 : 0, 2) != BKSEF_OK)
		return ps->status;
	if (t->wt == 2) {
		if (open_len(ps, lim, t, M_ATTR, &end) != BKSEF_OK)
			return ps->status;
		if (floats && (end - ps->rd.pos) % 4 != 0)
			return fail(ps, t->off,
			            "packed floats of %llu bytes: not a whole number of "
			            "4-byte values",
			            (unsigned long long)(end - ps->rd.pos));
	} else {
		end = lim;
	}
	do {
		if (v->n >= ONNX_MAX_ATTR_ITEMS)
			return fail(ps, t->off, "an attribute of more than %zu items",
			            ONNX_MAX_ATTR_ITEMS);
		if (floats) {
			float f;
			uint32_t u;
			if (get_fixed(ps, end, M_ATTR, t->num, 4, &x) != BKSEF_OK)
				return ps->status;
			u = (uint32_t)x;
			memcpy(&f, &u, sizeof f);
			vec_push(ps, v, sizeof f, &f);
		} else {
			int64_t i;
			if (get_varint(ps, end, M_ATTR, t->num, &x) != BKSEF_OK)
				return ps->status;
			i = (int64_t)x;
			vec_push(ps, v, sizeof i, &i);
		}
	} while (ps->status == BKSEF_OK && t->wt == 2 && ps->rd.pos < end);
	if (ps->status == BKSEF_OK && t->wt == 2)
		close_len(ps);
	return ps->status;
}

/* An AttributeProto, field T of NodeProto, into *A. */
static int read_attr(struct parser *ps, uint64_t lim, const struct tag *t, struct onnx_attr *a)
{
	uint64_t end, v;
	struct tag f;
	int given = 0; /* the type field's value, 0 when absent */
	int seen = 0;  /* which value field came last */
	size_t len;

	memset(a, 0, sizeof *a);
	ps->a_ints.n = ps->a_floats.n = ps->a_strings.n = 0;
	if (want(ps, t, M_NODE, 2, -1) != BKSEF_OK ||
	    open_len(ps, lim, t, M_NODE, &end) != BKSEF_OK)
		return ps->status;
	while (more(ps, end) > 0) {
		if (get_tag(ps, end, M_ATTR, &f) != BKSEF_OK)
			return ps->status;
		switch (f.num) {
		case 1:
			get_string(ps, end, M_ATTR, &f, 0, &a->name, NULL);
			break;
		case 2:
			if (want(ps, &f, M_ATTR, 5, -1) == BKSEF_OK &&
			    get_fixed(ps, end, M_ATTR, 2, 4, &v) == BKSEF_OK) {
				uint32_t u = (uint32_t)v;
				memcpy(&a->f, &u, sizeof a->f);
				seen = ONNX_ATTR_FLOAT;
			}
			break;
		case 3:
			if (get_int(ps, end, M_ATTR, &f, &v) == BKSEF_OK) {
				a->i = (int64_t)v;
				seen = ONNX_ATTR_INT;
			}
			break;
		case 4:
			if (get_string(ps, end, M_ATTR, &f, 1, &a->s, &len) == BKSEF_OK) {
				a->n = (uint32_t)len;
				seen = ONNX_ATTR_STRING;
			}
			break;
		case 5: {
			struct onnx_tensor *tt;
			if (a->t != NULL)
				return fail(ps, f.off, "attribute tensor (field 5, t) given twice");
			tt = arena_alloc(ps->pv, sizeof *tt);
			if (tt == NULL)
				return nomem(ps);
			if (read_tensor(ps, end, M_ATTR, &f, tt) == BKSEF_OK) {
				a->t = tt;
				seen = ONNX_ATTR_TENSOR;
			}
			break;
		}
		case 6:
			if (skip_message(ps, end, M_ATTR, &f) == BKSEF_OK)
				seen = ONNX_ATTR_GRAPH;
			break;
		case 7:
			if (read_attr_list(ps, end, &f) == BKSEF_OK)
				seen = ONNX_ATTR_FLOATS;
			break;
		case 8:
			if (read_attr_list(ps, end, &f) == BKSEF_OK)
				seen = ONNX_ATTR_INTS;
			break;
		case 9: {
			const char *s;
			if (ps->a_strings.n >= ONNX_MAX_ATTR_ITEMS)
				return fail(ps, f.off, "an attribute of more than %zu items",
				            ONNX_MAX_ATTR_ITEMS);
			if (get_string(ps, end, M_ATTR, &f, 0, &s, NULL) == BKSEF_OK &&
			    vec_push(ps, &ps->a_strings, sizeof s, &s) == BKSEF_OK)
				seen = ONNX_ATTR_STRINGS;
			break;
		}
		case 10:
		case 11:
		case 14:
		case 15:
		case 22:
		case 23:
			if (skip_message(ps, end, M_ATTR, &f) == BKSEF_OK)
				seen = f.num == 10   ? ONNX_ATTR_TENSORS
				       : f.num == 11 ? ONNX_ATTR_GRAPHS
				       : f.num == 14 ? ONNX_ATTR_TYPE_PROTO
				       : f.num == 15 ? ONNX_ATTR_TYPE_PROTOS
				       : f.num == 22 ? ONNX_ATTR_SPARSE_TENSOR
				                     : ONNX_ATTR_SPARSE_TENSORS;
			break;
		case 20:
			if (get_int(ps, end, M_ATTR, &f, &v) == BKSEF_OK) {
				if ((int64_t)v < 0 || (int64_t)v > INT32_MAX)
					return fail(ps, f.off,
					            "attribute type %lld is not an AttributeType",
					            (long long)(int64_t)v);
				given = (int)v;
			}
			break;
		default:
			skip_field(ps, end, M_ATTR, &f);
			break;
		}
	}
	if (ps->status != BKSEF_OK)
		return ps->status;
	close_len(ps);
	if (a->name == NULL || a->name[0] == '\0')
		return fail(ps, t->off, "an attribute without a name");
	/* The type field says which value holds; files of IR version 1 had no
	 * type field, so the last value field read decides then. */
	a->type = given != 0 ? given : seen;
	if (a->type == ONNX_ATTR_FLOATS) {
		a->n = (uint32_t)ps->a_floats.n;
		vec_keep(ps, &ps->a_floats, sizeof(float), &a->floats);
	} else if (a->type == ONNX_ATTR_INTS) {
		a->n = (uint32_t)ps->a_ints.n;
		vec_keep(ps, &ps->a_ints, sizeof(int64_t), &a->ints);
	} else if (a->type == ONNX_ATTR_STRINGS) {
		a->n = (uint32_t)ps->a_strings.n;
		vec_keep(ps, &ps->a_strings, sizeof(const char *), &a->strings);
	} else if (a->type == ONNX_ATTR_STRING && a->s == NULL) {
		a->s = ps->empty;
	}
	if (a->type != ONNX_ATTR_STRING && a->type != ONNX_ATTR_FLOATS &&
	    a->type != ONNX_ATTR_INTS && a->type != ONNX_ATTR_STRINGS)
		a->n = 0;
	if (a->type != ONNX_ATTR_STRING)
		a->s = NULL;
	if (a->type != ONNX_ATTR_TENSOR)
		a->t = NULL;
	if (a->type == ONNX_ATTR_TENSOR && a->t == NULL)
		return fail(ps, t->off, "attribute '%s' is TENSOR but holds no tensor", a->name);
	return ps->status;
}

/* --------------------------------------------------------------- nodes */

static const char *label_of(const struct onnx_node *n, size_t i, char *buf, size_t size)
{
	char op[48], name[64];

	diag_quote(op, sizeof op, n->op_type);
	if (n->name[0] != '\0')
		snprintf(buf, size, "node %zu (%s '%s')", i, op,
		         diag_quote(name, sizeof name, n->name));
	else
		snprintf(buf, size, "node %zu (%s)", i, op);
	return buf;
}

/* A NodeProto, field T of GraphProto, appended to ps->nodes. */
static int read_node(struct parser *ps, uint64_t lim, const struct tag *t)
{
	struct onnx_node node;
	uint64_t end;
	struct tag f;
	const char *s;
	struct onnx_attr a;

	memset(&node, 0, sizeof node);
	node.offset = t->off;
	node.name = node.domain = ps->empty;
	ps->node_in.n = ps->node_out.n = ps->node_attrs.n = 0;
	if (want(ps, t, M_GRAPH, 2, -1) != BKSEF_OK ||
	    open_len(ps, lim, t, M_GRAPH, &end) != BKSEF_OK)
		return ps->status;
	while (more(ps, end) > 0) {
		if (get_tag(ps, end, M_NODE, &f) != BKSEF_OK)
			return ps->status;
		switch (f.num) {
		case 1:
		case 2: {
			struct vec *v = f.num == 1 ? &ps->node_in : &ps->node_out;
			if (v->n >= ONNX_MAX_NODE_EDGES)
				return fail(ps, f.off, "a node of more than %zu %s",
				            ONNX_MAX_NODE_EDGES, f.num == 1 ? "inputs" : "outputs");
			if (get_string(ps, end, M_NODE, &f, 0, &s, NULL) == BKSEF_OK)
				vec_push(ps, v, sizeof s, &s);
			break;
		}
		case 3:
			get_string(ps, end, M_NODE, &f, 0, &node.name, NULL);
			break;
		case 4:
			get_string(ps, end, M_NODE, &f, 0, &node.op_type, NULL);
			break;
		case 7:
			get_string(ps, end, M_NODE, &f, 0, &node.domain, NULL);
			break;
		case 5:
			if (ps->node_attrs.n >= ONNX_MAX_ATTRS)
				return fail(ps, f.off, "a node of more than %zu attributes",
				            ONNX_MAX_ATTRS);
			if (read_attr(ps, end, &f, &a) == BKSEF_OK)
				vec_push(ps, &ps->node_attrs, sizeof a, &a);
			break;
		default:
			skip_field(ps, end, M_NODE, &f);
			break;
		}
	}
	if (ps->status != BKSEF_OK)
		return ps->status;
	close_len(ps);
	if (node.op_type == NULL || node.op_type[0] == '\0')
		return fail(ps, t->off, "a node without an op_type (field 4)");
	/* Attribute names are interned: equal names are equal pointers. */
	const struct onnx_attr *as = ps->node_attrs.p;
	for (size_t i = 0; i < ps->node_attrs.n; i++)
		for (size_t j = 0; j < i; j++)
			if (as[i].name == as[j].name) {
				char lb[200], an[64];
				label_of(&node, ps->nodes.n, lb, sizeof lb);
				ps->where[0] = '\0'; /* the label says which node */
				return fail(ps, t->off, "%s: attribute '%s' given twice", lb,
				            diag_quote(an, sizeof an, as[i].name));
			}
	if (!(ps->flags & ONNX_READ_SUBGRAPHS))
		for (size_t i = 0; i < ps->node_attrs.n; i++)
			if (as[i].type == ONNX_ATTR_GRAPH || as[i].type == ONNX_ATTR_GRAPHS) {
				char lb[200], an[64];
				label_of(&node, ps->nodes.n, lb, sizeof lb);
				ps->where[0] = '\0';
				return fail(ps, NO_OFFSET,
				            "%s: attribute '%s' holds a graph: nested graphs (If, "
				            "Loop, Scan) are not supported",
				            lb, diag_quote(an, sizeof an, as[i].name));
			}
	node.n_inputs = (uint32_t)ps->node_in.n;
	node.n_outputs = (uint32_t)ps->node_out.n;
	node.n_attrs = (uint32_t)ps->node_attrs.n;
	if (vec_keep(ps, &ps->node_in, sizeof(const char *), &node.inputs) != BKSEF_OK ||
	    vec_keep(ps, &ps->node_out, sizeof(const char *), &node.outputs) != BKSEF_OK ||
	    vec_keep(ps, &ps->node_attrs, sizeof(struct onnx_attr), &node.attrs) != BKSEF_OK)
		return ps->status;
	return vec_push(ps, &ps->nodes, sizeof node, &node);
}

/* ---------------------------------------------------------- value info */

/* A TensorShapeProto.Dimension into ps->v_dims. */
static int read_dim(struct parser *ps, uint64_t lim, const struct tag *t)
{
	struct onnx_dim d = { -1, NULL };
	uint64_t end, v;
	struct tag f;

	if (ps->v_dims.n >= ONNX_MAX_RANK)
		return fail(ps, t->off, "a shape of more than %zu dims", ONNX_MAX_RANK);
	if (want(ps, t, M_SHAPE, 2, -1) != BKSEF_OK || open_len(ps, lim, t, M_SHAPE, &end))
		return ps->status;
	while (more(ps, end) > 0) {
		if (get_tag(ps, end, M_DIM, &f) != BKSEF_OK)
			return ps->status;
		if (f.num == 1) {
			if (get_int(ps, end, M_DIM, &f, &v) != BKSEF_OK)
				return ps->status;
			if ((int64_t)v < 0)
				return fail(ps, f.off, "dim_value %lld: a negative dimension",
				            (long long)(int64_t)v);
			d.value = (int64_t)v; /* one of a oneof: the last wins */
			d.param = NULL;
		} else if (f.num == 2) {
			if (get_string(ps, end, M_DIM, &f, 0, &d.param, NULL) == BKSEF_OK)
				d.value = -1;
		} else {
			skip_field(ps, end, M_DIM, &f);
		}
	}
	if (ps->status != BKSEF_OK)
		return ps->status;
	close_len(ps);
	return vec_push(ps, &ps->v_dims, sizeof d, &d);
}

/* TypeProto (field T of ValueInfoProto) into *VAL. */
static int read_type(struct parser *ps, uint64_t lim, const struct tag *t, struct onnx_value *val)
{
	uint64_t end, tend, send, v;
	struct tag f, g, h;

	if (want(ps, t, M_VALUE, 2, -1) != BKSEF_OK || open_len(ps, lim, t, M_VALUE, &end))
		return ps->status;
	while (more(ps, end) > 0) {
		if (get_tag(ps, end, M_TYPE, &f) != BKSEF_OK)
			return ps->status;
		if (f.num == 4 || f.num == 5 || f.num == 8 || f.num == 9) {
			if (skip_message(ps, end, M_TYPE, &f) == BKSEF_OK)
				val->kind = ONNX_VALUE_OTHER;
			continue;
		}
		if (f.num != 1) {
			skip_field(ps, end, M_TYPE, &f);
			continue;
		}
		if (val->kind == ONNX_VALUE_TENSOR)
			return fail(ps, f.off, "tensor_type given twice");
		val->kind = ONNX_VALUE_TENSOR;
		if (want(ps, &f, M_TYPE, 2, -1) != BKSEF_OK || open_len(ps, end, &f, M_TYPE, &tend))
			return ps->status;
		while (more(ps, tend) > 0) {
			if (get_tag(ps, tend, M_TTYPE, &g) != BKSEF_OK)
				return ps->status;
			if (g.num == 1) {
				if (get_int(ps, tend, M_TTYPE, &g, &v) != BKSEF_OK)
					return ps->status;
				if ((int64_t)v < 0 || (int64_t)v > INT32_MAX)
					return fail(ps, g.off,
					            "elem_type %lld is not a TensorProto.DataType",
					            (long long)(int64_t)v);
				val->elem_type = (int32_t)v;
			} else if (g.num == 2) {
				if (val->has_shape)
					return fail(ps, g.off, "shape given twice");
				val->has_shape = 1;
				if (want(ps, &g, M_TTYPE, 2, -1) != BKSEF_OK ||
				    open_len(ps, tend, &g, M_TTYPE, &send) != BKSEF_OK)
					return ps->status;
				while (more(ps, send) > 0) {
					if (get_tag(ps, send, M_SHAPE, &h) != BKSEF_OK)
						return ps->status;
					if (h.num == 1)
						read_dim(ps, send, &h);
					else
						skip_field(ps, send, M_SHAPE, &h);
				}
				if (ps->status != BKSEF_OK)
					return ps->status;
				close_len(ps);
			} else {
				skip_field(ps, tend, M_TTYPE, &g);
			}
		}
		if (ps->status != BKSEF_OK)
			return ps->status;
		close_len(ps);
	}
	if (ps->status != BKSEF_OK)
		return ps->status;
	close_len(ps);
	return BKSEF_OK;
}

/* A ValueInfoProto, field T of GraphProto, appended to V. */
static int read_value(struct parser *ps, uint64_t lim, const struct tag *t, struct vec *vals)
{
	struct onnx_value val;
	uint64_t end;
	struct tag f;
	int typed = 0;

	memset(&val, 0, sizeof val);
	ps->v_dims.n = 0;
	if (want(ps, t, M_GRAPH, 2, -1) != BKSEF_OK || open_len(ps, lim, t, M_GRAPH, &end))
		return ps->status;
	while (more(ps, end) > 0) {
		if (get_tag(ps, end, M_VALUE, &f) != BKSEF_OK)
			return ps->status;
		if (f.num == 1) {
			get_string(ps, end, M_VALUE, &f, 0, &val.name, NULL);
		} else if (f.num == 2) {
			if (typed++)
				return fail(ps, f.off, "type given twice");
			read_type(ps, end, &f, &val);
		} else {
			skip_field(ps, end, M_VALUE, &f);
		}
	}
	if (ps->status != BKSEF_OK)
		return ps->status;
	close_len(ps);
	if (val.name == NULL || val.name[0] == '\0')
		return fail(ps, t->off, "a value without a name");
	val.rank = (uint32_t)ps->v_dims.n;
	if (vec_keep(ps, &ps->v_dims, sizeof(struct onnx_dim), &val.dims) != BKSEF_OK)
		return ps->status;
	return vec_push(ps, vals, sizeof val, &val);
}

/* --------------------------------------------------- graph and model */

static int read_graph(struct parser *ps, uint64_t lim, const struct tag *t)
{
	struct onnx_model *m = ps->m;
	uint64_t end;
	struct tag f;
	struct onnx_tensor tensor;

	if (ps->have_graph)
		return fail(ps, t->off, "a second graph (field 7 of ModelProto)");
	ps->have_graph = 1;
	m->graph_name = ps->empty;
	if (want(ps, t, M_MODEL, 2, -1) != BKSEF_OK || open_len(ps, lim, t, M_MODEL, &end))
		return ps->status;
	while (more(ps, end) > 0) {
		if (get_tag(ps, end, M_GRAPH, &f) != BKSEF_OK)
			return ps->status;
		switch (f.num) {
		case 1:
			if (ps->nodes.n >= ONNX_MAX_NODES)
				return fail(ps, f.off, "more than %zu nodes", ONNX_MAX_NODES);
			snprintf(ps->where, sizeof ps->where, "node %zu", ps->nodes.n);
			read_node(ps, end, &f);
			break;
		case 2:
			get_string(ps, end, M_GRAPH, &f, 0, &m->graph_name, NULL);
			break;
		case 5:
			if (ps->inits.n >= ONNX_MAX_TENSORS)
				return fail(ps, f.off, "more than %zu initializers",
				            ONNX_MAX_TENSORS);
			snprintf(ps->where, sizeof ps->where, "initializer %zu", ps->inits.n);
			if (read_tensor(ps, end, M_GRAPH, &f, &tensor) == BKSEF_OK) {
				if (tensor.name[0] == '\0')
					return fail(ps, f.off, "an initializer without a name");
				vec_push(ps, &ps->inits, sizeof tensor, &tensor);
			}
			break;
		case 11:
		case 12:
		case 13: {
			struct vec *v = f.num == 11   ? &ps->inputs
			                : f.num == 12 ? &ps->outputs
			                              : &ps->value_info;
			if (ps->inputs.n + ps->outputs.n + ps->value_info.n >= ONNX_MAX_VALUES)
				return fail(ps, f.off,
				            "more than %zu graph inputs, outputs and "
				            "value_info entries",
				            ONNX_MAX_VALUES);
			snprintf(ps->where, sizeof ps->where, "%s %zu",
			         f.num == 11   ? "graph input"
			         : f.num == 12 ? "graph output"
			                       : "value_info",
			         v->n);
			read_value(ps, end, &f, v);
			break;
		}
		case 15:
			m->extras |= ONNX_HAS_SPARSE_INITIALIZERS;
			skip_message(ps, end, M_GRAPH, &f);
			break;
		default:
			skip_field(ps, end, M_GRAPH, &f);
			break;
		}
		if (ps->status == BKSEF_OK)
			ps->where[0] = '\0';
	}
	if (ps->status != BKSEF_OK)
		return ps->status;
	close_len(ps);
	m->n_nodes = ps->nodes.n;
	m->n_inits = ps->inits.n;
	m->n_inputs = ps->inputs.n;
	m->n_outputs = ps->outputs.n;
	m->n_value_info = ps->value_info.n;
	if (vec_keep(ps, &ps->nodes, sizeof(struct onnx_node), &m->nodes) != BKSEF_OK ||
	    vec_keep(ps, &ps->inits, sizeof(struct onnx_tensor), &m->inits) != BKSEF_OK ||
	    vec_keep(ps, &ps->inputs, sizeof(struct onnx_value), &m->inputs) != BKSEF_OK ||
	    vec_keep(ps, &ps->outputs, sizeof(struct onnx_value), &m->outputs) != BKSEF_OK ||
	    vec_keep(ps, &ps->value_info, sizeof(struct onnx_value), &m->value_info) != BKSEF_OK)
		return ps->status;
	vec_free(&ps->nodes);
	vec_free(&ps->inits);
	return BKSEF_OK;
}

static int read_opset(struct parser *ps, uint64_t lim, const struct tag *t)
{
	struct onnx_opset o = { ps->empty, 0 };
	uint64_t end, v;
	struct tag f;

	if (want(ps, t, M_MODEL, 2, -1) != BKSEF_OK || open_len(ps, lim, t, M_MODEL, &end))
		return ps->status;
	while (more(ps, end) > 0) {
		if (get_tag(ps, end, M_OPSET, &f) != BKSEF_OK)
			return ps->status;
		if (f.num == 1)
			get_string(ps, end, M_OPSET, &f, 0, &o.domain, NULL);
		else if (f.num == 2 && get_int(ps, end, M_OPSET, &f, &v) == BKSEF_OK)
			o.version = (int64_t)v;
		else if (f.num != 2)
			skip_field(ps, end, M_OPSET, &f);
	}
	if (ps->status != BKSEF_OK)
		return ps->status;
	close_len(ps);
	if (ps->opsets.n >= 4096)
		return fail(ps, t->off, "more than 4096 operator sets");
	return vec_push(ps, &ps->opsets, sizeof o, &o);
}

static int read_model(struct parser *ps)
{
	struct onnx_model *m = ps->m;
	uint64_t lim = ps->rd.size, v;
	struct tag f;
	int r;

	if (!rd_more(ps))
		return ps->status != BKSEF_OK
		           ? ps->status
		           : fail(ps, NO_OFFSET, "empty file: not an ONNX model");
	while ((r = more(ps, lim)) > 0) {
		if (get_tag(ps, lim, M_MODEL, &f) != BKSEF_OK)
			break;
		switch (f.num) {
		case 1:
			if (get_int(ps, lim, M_MODEL, &f, &v) == BKSEF_OK)
				m->ir_version = (int64_t)v;
			break;
		case 2:
			get_string(ps, lim, M_MODEL, &f, 0, &m->producer_name, NULL);
			break;
		case 3:
			get_string(ps, lim, M_MODEL, &f, 0, &m->producer_version, NULL);
			break;
		case 7:
			read_graph(ps, lim, &f);
			break;
		case 8:
			read_opset(ps, lim, &f);
			break;
		case 20:
			m->extras |= ONNX_HAS_TRAINING_INFO;
			skip_message(ps, lim, M_MODEL, &f);
			break;
		case 25:
			m->extras |= ONNX_HAS_FUNCTIONS;
			skip_message(ps, lim, M_MODEL, &f);
			break;
		default:
			skip_field(ps, lim, M_MODEL, &f);
			break;
		}
		if (ps->status != BKSEF_OK)
			break;
		ps->top_fields++;
	}
	if (ps->status != BKSEF_OK)
		return ps->status;
	m->file_bytes = ps->rd.pos;
	if (!ps->have_graph)
		return fail(ps, NO_OFFSET,
		            "not an ONNX model: it has no graph (field 7 of ModelProto)");
	/* IR version 3 and later must import an operator set; before, the
	 * default domain's version 1 was implied (onnx.proto). */
	if (ps->opsets.n == 0 && m->ir_version >= 3)
		return fail(ps, NO_OFFSET,
		            "no operator set imported (opset_import, field 8 of "
		            "ModelProto): the file is truncated or not an ONNX model");
	if (vec_keep(ps, &ps->opsets, sizeof(struct onnx_opset), &m->opsets) != BKSEF_OK)
		return ps->status;
	m->n_opsets = ps->opsets.n;
	return BKSEF_OK;
}

/* ------------------------------------------- the graph's name index */

static struct name_info *info_of(const struct onnx_priv *pv, const char *s)
{
	return &pv->names[istr_of(s)->id];
}

/* Index the value names and check the graph: a DAG in topological order,
 * each value defined once, every node input and graph output defined. */
static int index_graph(struct parser *ps)
{
	struct onnx_model *m = ps->m;
	struct onnx_priv *pv = ps->pv;
	char lb[200], nm[80];
	const struct onnx_value **real;
	size_t n_real = 0;

	pv->names = malloc((pv->n_strings ? pv->n_strings : 1) * sizeof *pv->names);
	if (pv->names == NULL)
		return nomem(ps);
	for (size_t i = 0; i < pv->n_strings; i++)
		pv->names[i] = (struct name_info){ -1, -1, -1, -1, -1, 0 };
	for (size_t k = 0; k < m->n_inits; k++) {
		struct name_info *in = info_of(pv, m->inits[k].name);
		if (in->init >= 0)
			return fail(ps, NO_OFFSET, "initializers %ld and %zu are both named '%s'",
			            (long)in->init, k, diag_quote(nm, sizeof nm, m->inits[k].name));
		in->init = (int32_t)k;
	}
	real = arena_alloc(pv, (m->n_inputs ? m->n_inputs : 1) * sizeof *real);
	if (real == NULL)
		return nomem(ps);
	for (size_t k = 0; k < m->n_inputs; k++) {
		struct name_info *in = info_of(pv, m->inputs[k].name);
		if (in->input >= 0)
			return fail(
			    ps, NO_OFFSET, "graph input '%s' is listed twice (inputs %ld and %zu)",
			    diag_quote(nm, sizeof nm, m->inputs[k].name), (long)in->input, k);
		in->input = (int32_t)k;
		if (in->init < 0)
			real[n_real++] = &m->inputs[k];
	}
	m->real_inputs = real;
	m->n_real_inputs = n_real;
	for (size_t k = 0; k < m->n_outputs; k++) {
		struct name_info *in = info_of(pv, m->outputs[k].name);
		if (in->output < 0)
			in->output = (int32_t)k;
	}
	for (size_t k = 0; k < m->n_value_info; k++) {
		struct name_info *in = info_of(pv, m->value_info[k].name);
		if (in->value_info < 0)
			in->value_info = (int32_t)k;
	}
	/* Producers first, so that a use before its definition can say where
	 * the definition is. */
	for (size_t i = 0; i < m->n_nodes; i++) {
		const struct onnx_node *n = &m->nodes[i];
		for (size_t o = 0; o < n->n_outputs; o++) {
			struct name_info *in;
			if (n->outputs[o][0] == '\0')
				continue;
			in = info_of(pv, n->outputs[o]);
			label_of(n, i, lb, sizeof lb);
			diag_quote(nm, sizeof nm, n->outputs[o]);
			if (in->producer >= 0)
				return fail(ps, NO_OFFSET,
				            "%s: output '%s' is also an output of node %ld", lb, nm,
				            (long)in->producer);
			if (in->init >= 0)
				return fail(ps, NO_OFFSET, "%s: output '%s' is also an initializer",
				            lb, nm);
			if (in->input >= 0)
				return fail(ps, NO_OFFSET, "%s: output '%s' is also a graph input",
				            lb, nm);
			in->producer = (int32_t)i;
		}
	}
	for (size_t i = 0; i < m->n_nodes; i++) {
		const struct onnx_node *n = &m->nodes[i];
		for (size_t k = 0; k < n->n_inputs; k++) {
			struct name_info *in;
			if (n->inputs[k][0] == '\0')
				continue; /* an omitted optional input */
			in = info_of(pv, n->inputs[k]);
			in->consumers++;
			if (in->init >= 0 || in->input >= 0 ||
			    (in->producer >= 0 && (size_t)in->producer < i))
				continue;
			label_of(n, i, lb, sizeof lb);
			diag_quote(nm, sizeof nm, n->inputs[k]);
			if (in->producer >= 0 && (size_t)in->producer == i)
				return fail(ps, NO_OFFSET,
				            "%s: input '%s' is its own output: the graph has a "
				            "cycle",
				            lb, nm);
			if (in->producer >= 0)
				return fail(ps, NO_OFFSET,
				            "%s: input '%s' is the output of node %ld, which comes "
				            "later: the graph has a cycle or is not in topological "
				            "order",
				            lb, nm, (long)in->producer);
			return fail(ps, NO_OFFSET,
			            "%s: input '%s' is not a graph input, an initializer or "
			            "the output of a node (a missing initializer?)",
			            lb, nm);
		}
	}
	for (size_t k = 0; k < m->n_outputs; k++) {
		const struct name_info *in = info_of(pv, m->outputs[k].name);
		if (in->producer < 0 && in->init < 0 && in->input < 0)
			return fail(ps, NO_OFFSET,
			            "graph output '%s' is not the output of any node",
			            diag_quote(nm, sizeof nm, m->outputs[k].name));
	}
	return BKSEF_OK;
}

/* Whether the N bytes at S look like text (a CSV file, say): no control
 * bytes but tabs and line ends.  A protobuf ModelProto starts with a
 * field tag, in practice 0x08 (ir_version). */
static int looks_like_text(const uint8_t *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') || s[i] == 0x7f)
			return 0;
	return 1;
}

static void parser_free(struct parser *ps)
{
	struct vec *all[] = {
		&ps->nodes,    &ps->inits,     &ps->inputs,   &ps->outputs,    &ps->value_info,
		&ps->opsets,   &ps->node_in,   &ps->node_out, &ps->node_attrs, &ps->a_ints,
		&ps->a_floats, &ps->a_strings, &ps->t_dims,   &ps->t_raw,      &ps->t_ivals,
		&ps->t_rvals,  &ps->v_dims,
	};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		vec_free(all[i]);
	free(ps->sbuf);
	free(ps->rd.buf);
}

/* Read a model from the source RD describes (p, end, size, fd, chunk). */
static int read_common(struct rd *rd, const char *display, unsigned flags, int mapped,
                       struct onnx_model **out, struct diag *dg)
{
	struct parser ps;
	struct onnx_model *m;
	int st;

	*out = NULL;
	if (dg != NULL) {
		dg->file = display;
		dg->line = 0;
		dg->msg[0] = '\0';
	}
	memset(&ps, 0, sizeof ps);
	ps.rd = *rd;
	ps.dg = dg;
	ps.flags = flags;
	m = calloc(1, sizeof *m);
	ps.pv = calloc(1, sizeof *ps.pv);
	ps.sbuf = malloc(ONNX_MAX_STRING_BYTES + ONNX_MAX_SMALL_BYTES);
	if ((ps.rd.fd >= 0) && ps.rd.buf == NULL) {
		ps.rd.bufsize = STREAM_BUF;
		ps.rd.buf = malloc(ps.rd.bufsize);
	}
	if (m == NULL || ps.pv == NULL || ps.sbuf == NULL || (ps.rd.fd >= 0 && ps.rd.buf == NULL)) {
		free(m);
		free(ps.pv);
		parser_free(&ps);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	m->priv = ps.pv;
	m->mapped = mapped;
	ps.m = m;
	hash_key_new(ps.pv->key);
	ps.empty = intern(&ps, "", 0);
	m->producer_name = m->producer_version = m->graph_name = ps.empty;
	if (ps.empty == NULL)
		nomem(&ps);
	else
		read_model(&ps);
	if (ps.status == BKSEF_OK)
		index_graph(&ps);
	st = ps.status;
	if (st == BKSEF_EINPUT && looks_like_text(ps.rd.head, ps.rd.n_head))
		diag_set(dg, BKSEF_EINPUT, 0,
		         "not an ONNX model: the file is text (a network CSV file?), "
		         "not a protobuf ModelProto");
	else if (st == BKSEF_EINPUT && ps.top_fields == 0 && ps.depth == 0 && dg != NULL &&
	         strncmp(dg->msg, "empty file", 10) != 0 && strncmp(dg->msg, "not an", 6) != 0) {
		char msg[sizeof dg->msg];
		memcpy(msg, dg->msg, sizeof msg);
		diag_set(dg, BKSEF_EINPUT, 0, "not an ONNX model: %s", msg);
	}
	parser_free(&ps);
	if (st != BKSEF_OK) {
		onnx_free(m);
		return st;
	}
	*out = m;
	return BKSEF_OK;
}

int onnx_read_buffer(const void *data, size_t len, const char *display, unsigned flags,
                     struct onnx_model **out, struct diag *dg)
{
	struct rd rd;

	memset(&rd, 0, sizeof rd);
	rd.fd = -1;
	if (flags & ONNX_READ_STREAM) {
		rd.size = UINT64_MAX;
		rd.chunk = data;
		rd.chunk_end = (const uint8_t *)data + len;
		rd.p = rd.end = data;
		if (len == 0)
			rd.chunk = NULL; /* nothing to stream: at its end */
	} else {
		rd.size = len;
		rd.p = data;
		rd.end = (const uint8_t *)data + len;
		rd.n_head = len < sizeof rd.head ? len : sizeof rd.head;
		if (len > 0)
			memcpy(rd.head, data, rd.n_head);
	}
	if (len > ONNX_MAX_FILE_BYTES) {
		*out = NULL;
		if (dg != NULL)
			dg->file = display;
		return diag_set(dg, BKSEF_EINPUT, 0, "%s", too_big_msg);
	}
	return read_common(&rd, display, flags, 0, out, dg);
}

int onnx_read_fd(int fd, const char *display, unsigned flags, struct onnx_model **out,
                 struct diag *dg)
{
	struct stat st;
	struct rd rd;
	off_t start = 0;

	*out = NULL;
	if (dg != NULL)
		dg->file = display;
	if (fstat(fd, &st) != 0)
		return diag_set(dg, BKSEF_EIO, 0, "cannot read: %s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return diag_set(dg, BKSEF_EINPUT, 0, "is a directory, not a model file");
	memset(&rd, 0, sizeof rd);
	rd.fd = fd;
	rd.size = UINT64_MAX;
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > ONNX_MAX_FILE_BYTES)
		return diag_set(dg, BKSEF_EINPUT, 0, "%s", too_big_msg);
	if (S_ISREG(st.st_mode) && !(flags & ONNX_READ_STREAM)) {
		start = lseek(fd, 0, SEEK_CUR);
		if (start < 0)
			start = 0;
		if (st.st_size > start && (uint64_t)st.st_size <= SIZE_MAX) {
			size_t size = (size_t)st.st_size;
			void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
			if (map != MAP_FAILED) {
				int status;
				const uint8_t *base = (const uint8_t *)map + start;
				size_t len = size - (size_t)start;
				/* only the graph's bytes are touched: no read-ahead */
				madvise(map, size, MADV_RANDOM);
				rd.fd = -1;
				rd.size = len;
				rd.p = base;
				rd.end = base + len;
				rd.n_head = len < sizeof rd.head ? len : sizeof rd.head;
				memcpy(rd.head, base, rd.n_head);
				status = read_common(&rd, display, flags, 1, out, dg);
				munmap(map, size);
				return status;
			}
		}
		/* Not mapped (out of address space, or a file that says it is
		 * empty, as /proc's do): read it as a stream, its known size
		 * checked and skipped by lseek. */
		if (st.st_size > start) {
			rd.size = (uint64_t)(st.st_size - start);
			rd.seekable = 1;
		}
	}
	return read_common(&rd, display, flags, 0, out, dg);
}

int onnx_read_fd_prefixed(int fd, const void *prefix, size_t n, const char *display, unsigned flags,
                          struct onnx_model **out, struct diag *dg)
{
	struct rd rd;

	*out = NULL;
	if (dg != NULL)
		dg->file = display;
	if (n > STREAM_BUF)
		return diag_set(dg, BKSEF_EINPUT, 0, "internal error: prefix too long");
	memset(&rd, 0, sizeof rd);
	rd.fd = fd;
	rd.size = UINT64_MAX;
	rd.bufsize = STREAM_BUF;
	rd.buf = malloc(rd.bufsize);
	if (rd.buf == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	if (n > 0)
		memcpy(rd.buf, prefix, n);
	rd.p = rd.buf;
	rd.end = rd.buf + n;
	rd.n_head = n < sizeof rd.head ? n : sizeof rd.head;
	if (n > 0)
		memcpy(rd.head, prefix, rd.n_head);
	return read_common(&rd, display, flags, 0, out, dg);
}

int onnx_read_file(const char *path, const char *display, unsigned flags, struct onnx_model **out,
                   struct diag *dg)
{
	int fd, status;

	*out = NULL;
	if (dg != NULL) {
		dg->file = display;
		dg->line = 0;
	}
	if (strcmp(path, "-") == 0)
		return onnx_read_fd(STDIN_FILENO, display, flags, out, dg);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOMEM)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	if (fd < 0)
		return diag_set(dg, BKSEF_EINPUT, 0, "cannot open: %s", strerror(errno));
	status = onnx_read_fd(fd, display, flags, out, dg);
	close(fd);
	return status;
}

/* A varint at *P (before END) into *V; 0 when DATA ends first or it is
 * longer than 10 bytes. */
static int sniff_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int i = 0; i < 10 && *p < end; i++) {
		uint8_t b = *(*p)++;
		x |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*v = x;
			return 1;
		}
	}
	return 0;
}

int onnx_sniff(const void *data, size_t len)
{
	const uint8_t *p = data, *end = p + len;
	uint64_t v, tag;

	if (len < 2 || p[0] != 0x08)
		return 0;
	p++;
	if (!sniff_varint(&p, end, &v) || v < 1 || v > 100)
		return 0;
	if (p == end)
		return 1;
	if (!sniff_varint(&p, end, &tag))
		return p == end; /* the next tag is cut by the end of DATA */
	switch (tag >> 3) {
	case 5: /* model_version */
		return (tag & 7) == 0;
	case 2:
	case 3:
	case 4:
	case 6:
	case 7:
	case 8:
	case 14:
	case 20:
	case 25:
		return (tag & 7) == 2;
	default:
		return 0;
	}
}

void onnx_free(struct onnx_model *m)
{
	if (m == NULL)
		return;
	if (m->priv != NULL) {
		struct arena_block *b = m->priv->arena;
		while (b != NULL) {
			struct arena_block *next = b->next;
			free(b);
			b = next;
		}
		free(m->priv->slots);
		free(m->priv->names);
		free(m->priv);
	}
	free(m);
}

/* ------------------------------------------------------------ lookups */

int64_t onnx_opset_version(const struct onnx_model *m, const char *domain)
{
	int want_default = domain[0] == '\0' || strcmp(domain, "ai.onnx") == 0;

	for (size_t i = 0; i < m->n_opsets; i++) {
		const char *d = m->opsets[i].domain;
		int is_default = d[0] == '\0' || strcmp(d, "ai.onnx") == 0;
		if (want_default ? is_default : strcmp(d, domain) == 0)
			return m->opsets[i].version;
	}
	return 0;
}

const char *onnx_node_label(const struct onnx_model *m, size_t i, char *buf, size_t size)
{
	return label_of(&m->nodes[i], i, buf, size);
}

int onnx_node_attr(const struct onnx_model *m, size_t i, const char *name, int type,
                   const struct onnx_attr **out, struct diag *dg)
{
	const struct onnx_node *n = &m->nodes[i];

	*out = NULL;
	for (size_t k = 0; k < n->n_attrs; k++) {
		const struct onnx_attr *a = &n->attrs[k];
		char lb[200], an[64], got[16];
		const char *tn;
		if (strcmp(a->name, name) != 0)
			continue;
		if (a->type == type) {
			*out = a;
			return BKSEF_OK;
		}
		tn = onnx_attr_type_name(a->type);
		if (tn == NULL) {
			snprintf(got, sizeof got, "type %d", (int)a->type);
			tn = got;
		}
		return diag_set(dg, BKSEF_EINPUT, 0, "%s: attribute '%s' is %s, expected %s",
		                label_of(n, i, lb, sizeof lb), diag_quote(an, sizeof an, name), tn,
		                onnx_attr_type_name(type) ? onnx_attr_type_name(type) : "?");
	}
	return BKSEF_OK;
}

int onnx_node_attr_int(const struct onnx_model *m, size_t i, const char *name, int64_t def,
                       int64_t *v, struct diag *dg)
{
	const struct onnx_attr *a;
	int st = onnx_node_attr(m, i, name, ONNX_ATTR_INT, &a, dg);
	*v = a != NULL ? a->i : def;
	return st;
}

int onnx_node_attr_float(const struct onnx_model *m, size_t i, const char *name, float def,
                         float *v, struct diag *dg)
{
	const struct onnx_attr *a;
	int st = onnx_node_attr(m, i, name, ONNX_ATTR_FLOAT, &a, dg);
	*v = a != NULL ? a->f : def;
	return st;
}

int onnx_node_attr_string(const struct onnx_model *m, size_t i, const char *name, const char *def,
                          const char **v, struct diag *dg)
{
	const struct onnx_attr *a;
	int st = onnx_node_attr(m, i, name, ONNX_ATTR_STRING, &a, dg);
	*v = a != NULL ? a->s : def;
	return st;
}

int onnx_node_attr_ints(const struct onnx_model *m, size_t i, const char *name, size_t *n,
                        const int64_t **v, struct diag *dg)
{
	const struct onnx_attr *a;
	int st = onnx_node_attr(m, i, name, ONNX_ATTR_INTS, &a, dg);
	*n = a != NULL ? a->n : 0;
	*v = a != NULL ? a->ints : NULL;
	return st;
}

/* The name index's entry of NAME, or NULL when M holds no such string. */
static const struct name_info *lookup(const struct onnx_model *m, const char *name)
{
	const char *s = intern_find(m->priv, name);
	return s != NULL && m->priv->names != NULL ? info_of(m->priv, s) : NULL;
}

const struct onnx_tensor *onnx_init_find(const struct onnx_model *m, const char *name)
{
	const struct name_info *in = lookup(m, name);
	return in != NULL && in->init >= 0 ? &m->inits[in->init] : NULL;
}

const struct onnx_value *onnx_value_find(const struct onnx_model *m, const char *name)
{
	const struct name_info *in = lookup(m, name);
	if (in == NULL)
		return NULL;
	if (in->input >= 0)
		return &m->inputs[in->input];
	if (in->output >= 0)
		return &m->outputs[in->output];
	if (in->value_info >= 0)
		return &m->value_info[in->value_info];
	return NULL;
}

long onnx_producer(const struct onnx_model *m, const char *name)
{
	const struct name_info *in = lookup(m, name);
	return in != NULL && name[0] != '\0' ? (long)in->producer : -1;
}

size_t onnx_consumers(const struct onnx_model *m, const char *name)
{
	const struct name_info *in = lookup(m, name);
	return in != NULL && name[0] != '\0' ? in->consumers : 0;
}

const char *onnx_data_type_name(int type)
{
	static const char *const names[] = {
		"UNDEFINED",      "FLOAT",    "UINT8",        "INT8",           "UINT16",
		"INT16",          "INT32",    "INT64",        "STRING",         "BOOL",
		"FLOAT16",        "DOUBLE",   "UINT32",       "UINT64",         "COMPLEX64",
		"COMPLEX128",     "BFLOAT16", "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2",
		"FLOAT8E5M2FNUZ", "UINT4",    "INT4",         "FLOAT4E2M1",
	};
	if (type < 0 || (size_t)type >= sizeof names / sizeof names[0])
		return NULL;
	return names[type];
}

const char *onnx_attr_type_name(int type)
{
	static const char *const names[] = {
		"UNDEFINED",      "FLOAT",      "INT",         "STRING",  "TENSOR", "GRAPH",
		"FLOATS",         "INTS",       "STRINGS",     "TENSORS", "GRAPHS", "SPARSE_TENSOR",
		"SPARSE_TENSORS", "TYPE_PROTO", "TYPE_PROTOS",
	};
	if (type < 0 || (size_t)type >= sizeof names / sizeof names[0])
		return NULL;
	return names[type];
}
