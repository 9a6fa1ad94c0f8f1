/* net_load.c -- read a network description (format 1 or 2) with libcsv:
 * the format line, header, rows, values and their limits.  Shapes are
 * inferred in net_infer.c. */
#include <config.h>

#include "escape.h"
#include "hash.h"
#include "net_impl.h"
#include "progress.h"

#include <csv.h>
#include <stdarg.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Which columns each op may carry a value in. */
#define C(x) (1u << (x))
static const unsigned op_columns[NET_OP_COUNT] = {
	[NET_OP_INPUT] = C(NET_COL_OUT) | C(NET_COL_H) | C(NET_COL_W) | C(NET_COL_T) | C(NET_COL_L),
	[NET_OP_CONV] = C(NET_COL_FROM) | C(NET_COL_OUT) | C(NET_COL_K) | C(NET_COL_STRIDE) |
	                C(NET_COL_PAD) | C(NET_COL_DILATION) | C(NET_COL_GROUPS) | C(NET_COL_BIAS) |
	                C(NET_COL_TUNE) | C(NET_COL_CANDIDATES),
	[NET_OP_MAXPOOL] = C(NET_COL_FROM) | C(NET_COL_K) | C(NET_COL_STRIDE) | C(NET_COL_PAD) |
	                   C(NET_COL_DILATION) | C(NET_COL_CEIL_MODE),
	[NET_OP_AVGPOOL] = C(NET_COL_FROM) | C(NET_COL_K) | C(NET_COL_STRIDE) | C(NET_COL_PAD) |
	                   C(NET_COL_DILATION) | C(NET_COL_CEIL_MODE),
	[NET_OP_GAP] = C(NET_COL_FROM),
	[NET_OP_FC] = C(NET_COL_FROM) | C(NET_COL_OUT) | C(NET_COL_BIAS),
	[NET_OP_ADD] = C(NET_COL_FROM),
	[NET_OP_CONCAT] = C(NET_COL_FROM),
	[NET_OP_BN] = C(NET_COL_FROM),
	[NET_OP_ACT] = C(NET_COL_FROM),
	[NET_OP_MUL] = C(NET_COL_FROM),
	[NET_OP_SLICE] = C(NET_COL_FROM) | C(NET_COL_OUT) | C(NET_COL_START),
	[NET_OP_SHUFFLE] = C(NET_COL_FROM) | C(NET_COL_GROUPS),
	[NET_OP_LAYERNORM] = C(NET_COL_FROM),
	[NET_OP_SCALE] = C(NET_COL_FROM),
	/* an upsample's h, w, t or l: the size it gives (or its scale) */
	[NET_OP_UPSAMPLE] = C(NET_COL_FROM) | C(NET_COL_MODE) | C(NET_COL_SCALE) | C(NET_COL_H) |
	                    C(NET_COL_W) | C(NET_COL_T) | C(NET_COL_L),
	[NET_OP_CONVTRANSPOSE] = C(NET_COL_FROM) | C(NET_COL_OUT) | C(NET_COL_K) |
	                         C(NET_COL_STRIDE) | C(NET_COL_PAD) | C(NET_COL_DILATION) |
	                         C(NET_COL_GROUPS) | C(NET_COL_BIAS) | C(NET_COL_OUTPUT_PADDING),
};
/* (An input needs h and w too, unless it is 1-D: see input_rank.) */
static const unsigned op_required[NET_OP_COUNT] = {
	[NET_OP_INPUT] = C(NET_COL_OUT),
	[NET_OP_CONV] = C(NET_COL_OUT) | C(NET_COL_K),
	[NET_OP_MAXPOOL] = C(NET_COL_K),
	[NET_OP_AVGPOOL] = C(NET_COL_K),
	[NET_OP_FC] = C(NET_COL_OUT),
	[NET_OP_SLICE] = C(NET_COL_OUT),
	[NET_OP_SHUFFLE] = C(NET_COL_GROUPS),
	[NET_OP_CONVTRANSPOSE] = C(NET_COL_OUT) | C(NET_COL_K),
};

#undef C

#define MAX_HEADER_FIELDS 64

/* The first bytes of line 1 kept to recognise the format line. */
#define FIRST_LINE_KEEP 40

/* How a format-1 file is told it uses format 2. */
#define NEEDS_V2 "needs format 2: make '" NET_FORMAT2_LINE "' the file's first line"

struct loader {
	struct net *net;
	struct diag *dg;
	int status;
	struct csv_parser parser;

	unsigned long line;     /* physical line being fed, from 1 */
	unsigned long row_line; /* line where the current record started */
	int at_record_start;    /* no record is open in the parser */
	int row_ended;          /* the parser ended a record while feeding this line */
	int line_blank;         /* only white space so far on this line */
	int row_high;           /* a byte >= 0x80 on the current record's lines so far */
	int skip_line;          /* a comment line: not fed to the parser */
	int cr_pending;         /* the line's last byte so far is a CR that ended a chunk */
	size_t line_bytes;
	uint64_t total_bytes;
	uint64_t fed, size; /* bytes given to libcsv, of the whole file's (0: not
	                       known), for the progress (progress.h) */
	int bom_checked;

	int have_header;
	int n_fields_header;
	int row_fields;                /* n_fields_header once the header is read, else 0 */
	int col_at[MAX_HEADER_FIELDS]; /* header field -> enum col */
	int field;                     /* fields seen in the current row */
	unsigned given;                /* columns with a value in this row */

	int version;                      /* the file's format: 1 or 2 */
	int rank;                         /* spatial axes: the input row's, 2 before it */
	char first_line[FIRST_LINE_KEEP]; /* line 1's first bytes */
	size_t first_len;

	struct net_layer cur;
	size_t cur_name, cur_from; /* offsets in net->strings */
	struct net_ext cur_ext;    /* the row's per-axis values and extras */
	struct cand_axes cur_axes; /* its per-axis candidates */
	int cur_mode;              /* upsample: 0 nearest, else the rank of its linear mode */
	size_t cap_layers, strings_cap, cap_ext, cap_cand;
	struct net_row_text *rows; /* per layer */
	uint16_t cur_name_len;
	uint64_t cur_name_hash;
};

static int fail(struct loader *ld, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_file(struct loader *ld, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record the first error at LINE (0: the whole file). */
static void fail_at(struct loader *ld, int status, unsigned long line, const char *fmt, va_list ap)
{
	if (ld->status == BKSEF_OK) {
		ld->status = status;
		if (ld->dg != NULL) {
			ld->dg->line = line;
			vsnprintf(ld->dg->msg, sizeof ld->dg->msg, fmt, ap);
		}
	}
}

/* Record the first error, at the current record's line (the physical line
 * when no record is open). */
static int fail(struct loader *ld, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail_at(ld, status, ld->row_line ? ld->row_line : ld->line, fmt, ap);
	va_end(ap);
	return status;
}

/* Record the first error as one about the whole file: no line. */
static int fail_file(struct loader *ld, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail_at(ld, status, 0, fmt, ap);
	va_end(ap);
	return status;
}

static int fail_nomem(struct loader *ld)
{
	return fail(ld, BKSEF_ENOMEM, "out of memory");
}

/* Shorten VALUE for quoting in a message (SIZE >= 16).  Control characters,
 * and every byte >= 0x80 of a value that is not UTF-8, are shown as \xNN so
 * that a message about a binary file stays one line of printable text. */
static const char *quote_value(char *buf, size_t size, const char *value, size_t len)
{
	int utf8 = escape_utf8_valid(value, len);
	size_t i, o = 0;

	for (i = 0; i < len && o + 8 < size; i++) {
		unsigned char c = (unsigned char)value[i];
		if (c < 0x20 || c == 0x7F || (!utf8 && c >= 0x80))
			o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
		else
			buf[o++] = (char)c;
	}
	if (i < len) {
		/* Do not cut a character in two: drop its first bytes too. */
		while (utf8 && i > 0 && ((unsigned char)value[i] & 0xC0) == 0x80) {
			i--;
			o--;
		}
		memcpy(buf + o, "...", 4);
	} else {
		buf[o] = '\0';
	}
	return buf;
}

static size_t strings_add(struct loader *ld, const char *s, size_t len)
{
	struct net *net = ld->net;
	if (net->strings_len + len + 1 > ld->strings_cap) {
		size_t cap = ld->strings_cap ? ld->strings_cap : 4096;
		while (net->strings_len + len + 1 > cap)
			cap += cap / 2;
		char *p = realloc(net->strings, cap);
		if (p == NULL) {
			fail_nomem(ld);
			return 0;
		}
		net->strings = p;
		ld->strings_cap = cap;
	}
	size_t off = net->strings_len;
	memcpy(net->strings + off, s, len);
	net->strings[off + len] = '\0';
	net->strings_len += len + 1;
	return off;
}

/* Parse a whole number in 0..NET_MAX_DIM (or MIN..) for column COL. */
static int parse_int(struct loader *ld, int col, const char *s, size_t len, int32_t min,
                     int32_t *out)
{
	char shown[64], what[160];
	int64_t v = 0;
	size_t i = 0;
	int neg = 0;

	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == len)
		goto bad;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto bad;
		if (v <= (int64_t)NET_MAX_DIM)
			v = v * 10 + (s[i] - '0');
	}
	if (neg && v != 0) {
		snprintf(what, sizeof what, "value %s in column '%s' must be at least %d",
		         quote_value(shown, sizeof shown, s, len), net_column_names[col], (int)min);
		return fail(ld, BKSEF_EINPUT, "%s", what);
	}
	if (v > (int64_t)NET_MAX_DIM) {
		snprintf(what, sizeof what, "value %s in column '%s' is too large (at most %ld)",
		         quote_value(shown, sizeof shown, s, len), net_column_names[col],
		         (long)NET_MAX_DIM);
		return fail(ld, BKSEF_EINPUT, "%s", what);
	}
	if (v < min) {
		snprintf(what, sizeof what, "value %s in column '%s' must be at least %d",
		         quote_value(shown, sizeof shown, s, len), net_column_names[col], (int)min);
		return fail(ld, BKSEF_EINPUT, "%s", what);
	}
	*out = (int32_t)v;
	return BKSEF_OK;
bad:
	snprintf(what, sizeof what, "invalid value '%s' in column '%s': expected a whole number",
	         quote_value(shown, sizeof shown, s, len), net_column_names[col]);
	return fail(ld, BKSEF_EINPUT, "%s", what);
}

static int parse_flag(struct loader *ld, int col, const char *s, size_t len, uint8_t *out)
{
	char shown[64], what[160];
	if (len == 1 && (s[0] == '0' || s[0] == '1')) {
		*out = (uint8_t)(s[0] - '0');
		return BKSEF_OK;
	}
	snprintf(what, sizeof what, "invalid value '%s' in column '%s': expected 0 or 1",
	         quote_value(shown, sizeof shown, s, len), net_column_names[col]);
	return fail(ld, BKSEF_EINPUT, "%s", what);
}

static int parse_op(struct loader *ld, const char *s, size_t len, uint8_t *out)
{
	char shown[64], ops[NET_COLUMN_LIST_MAX];
	int op = net_op_find(s, len);
	if (op >= 0) {
		if (op >= NET_OP_V1_COUNT && ld->version < 2)
			return fail(ld, BKSEF_EINPUT, "op '%s' " NEEDS_V2, net_op_name(op));
		*out = (uint8_t)op;
		return BKSEF_OK;
	}
	return fail(ld, BKSEF_EINPUT, "unknown op '%s' (expected one of: %s)",
	            quote_value(shown, sizeof shown, s, len),
	            net_op_list(ops, sizeof ops, ld->version));
}

/* Whether S[0 .. LEN) is written per axis: digits, then "x" and digits one
 * or more times; *N gets the number of values. */
static int per_axis_text(const char *s, size_t len, int *n)
{
	size_t i = 0;
	*n = 0;
	for (;;) {
		size_t d = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
		(*n)++;
		if (i == len)
			return *n > 1;
		if (s[i] != 'x')
			return 0;
		i++;
	}
}

/* Whether the per-axis text S[0 .. LEN) has RANK values, each from MIN to
 * NET_MAX_DIM. */
static int per_axis_valid(const char *s, size_t len, int32_t min, int rank)
{
	int n = 0;
	for (size_t i = 0; i < len; n++) {
		int64_t v = 0;
		for (; i < len && s[i] != 'x'; i++)
			if (v <= (int64_t)NET_MAX_DIM)
				v = v * 10 + (s[i] - '0');
		if (v < min || v > (int64_t)NET_MAX_DIM)
			return 0;
		i += i < len; /* the 'x' */
	}
	return n == rank;
}

/* Parse column COL's value into V[0 .. KERNEL_MAX_AXES): one whole number
 * (at least MIN) for every axis, or in format 2 one per axis ("1x7", the
 * outermost axis first). */
static int parse_axes(struct loader *ld, int col, const char *s, size_t len, int32_t min,
                      int32_t v[KERNEL_MAX_AXES])
{
	char shown[64];
	int n;

	if (!per_axis_text(s, len, &n)) {
		int32_t one;
		if (ld->version >= 2 && memchr(s, 'x', len) != NULL)
			return fail(ld, BKSEF_EINPUT,
			            "invalid value '%s' in column '%s': expected a whole number, "
			            "or one per axis (AxB)",
			            quote_value(shown, sizeof shown, s, len),
			            net_column_names[col]);
		int st = parse_int(ld, col, s, len, min, &one);
		for (int a = 0; st == BKSEF_OK && a < KERNEL_MAX_AXES; a++)
			v[a] = one;
		return st;
	}
	if (ld->version < 2) {
		/* Format 1 keeps its message unless format 2 would take the value. */
		int32_t one;
		if (!per_axis_valid(s, len, min, ld->rank))
			return parse_int(ld, col, s, len, min, &one);
		return fail(ld, BKSEF_EINPUT, "per-axis value '%s' in column '%s' " NEEDS_V2,
		            quote_value(shown, sizeof shown, s, len), net_column_names[col]);
	}
	if (n != ld->rank)
		return fail(ld, BKSEF_EINPUT,
		            "value '%s' in column '%s' has %d axes, but the network's images "
		            "have %d",
		            quote_value(shown, sizeof shown, s, len), net_column_names[col], n,
		            ld->rank);
	for (int a = 0; a < n; a++) {
		const char *x = memchr(s, 'x', len);
		size_t part = x ? (size_t)(x - s) : len;
		int st = parse_int(ld, col, s, part, min, &v[a]);
		if (st != BKSEF_OK)
			return st;
		s += part + (x != NULL);
		len -= part + (x != NULL);
	}
	for (int a = n; a < KERNEL_MAX_AXES; a++)
		v[a] = 0;
	return BKSEF_OK;
}

/* Parse a whole number of column COL, which takes one value (not one per
 * axis), as parse_int. */
static int parse_one(struct loader *ld, int col, const char *s, size_t len, int32_t min,
                     int32_t *out)
{
	char shown[64];
	int n;
	if (ld->version >= 2 && per_axis_text(s, len, &n))
		return fail(ld, BKSEF_EINPUT,
		            "column '%s' takes one whole number, not one per axis ('%s')",
		            net_column_names[col], quote_value(shown, sizeof shown, s, len));
	return parse_int(ld, col, s, len, min, out);
}

/* An upsample's mode: "nearest", or the linear one of the network's rank
 * ("linear" 1-D, "bilinear" 2-D, "trilinear" 3-D); the rank is checked at
 * the row's end (check_upsample), the mode's text kept until then. */
static void parse_mode(struct loader *ld, const char *s, size_t len)
{
	static const char *const modes[] = { "nearest", "linear", "bilinear", "trilinear" };
	char shown[64];
	for (int m = 0; m < 4; m++)
		if (strlen(modes[m]) == len && memcmp(modes[m], s, len) == 0) {
			ld->cur_mode = m;
			return;
		}
	fail(ld, BKSEF_EINPUT,
	     "invalid value '%s' in column 'mode': expected nearest, linear (1-D), bilinear "
	     "(2-D) or trilinear (3-D)",
	     quote_value(shown, sizeof shown, s, len));
}

static void header_field(struct loader *ld, const char *s, size_t len)
{
	char shown[64];
	int f = ld->field;
	if (len > NET_MAX_FIELD_BYTES) {
		fail(ld, BKSEF_EINPUT, "field in the header is longer than 65536 bytes");
		return;
	}
	if (f >= MAX_HEADER_FIELDS) {
		char known[NET_COLUMN_LIST_MAX];
		fail(ld, BKSEF_EINPUT, "header has more than 64 columns (known columns: %s)",
		     net_column_list(known, sizeof known, ld->version));
		return;
	}
	for (int c = 0; c < NET_COL_COUNT; c++) {
		if (strlen(net_column_names[c]) == len &&
		    memcmp(net_column_names[c], s, len) == 0) {
			if (c >= NET_COL_V1_COUNT && ld->version < 2) {
				fail(ld, BKSEF_EINPUT, "column '%s' " NEEDS_V2,
				     net_column_names[c]);
				return;
			}
			for (int g = 0; g < f; g++)
				if (ld->col_at[g] == c) {
					fail(ld, BKSEF_EINPUT, "duplicate column '%s' in header",
					     net_column_names[c]);
					return;
				}
			ld->col_at[f] = c;
			return;
		}
	}
	char known[NET_COLUMN_LIST_MAX];
	fail(ld, BKSEF_EINPUT, "unknown column '%s' in header (known columns: %s)",
	     quote_value(shown, sizeof shown, s, len),
	     net_column_list(known, sizeof known, ld->version));
}

/* Whether S[0 .. LEN) has a byte >= 0x80 (else it is ASCII, so valid
 * UTF-8), eight bytes at a time. */
static int has_high(const char *s, size_t len)
{
	uint64_t high = 0, w;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		high |= w;
	}
	for (; i < len; i++)
		high |= (unsigned char)s[i];
	return (high & UINT64_C(0x8080808080808080)) != 0;
}

static void row_field(struct loader *ld, const char *s, size_t len)
{
	struct net_layer *l = &ld->cur;
	char shown[64];

	if (ld->field >= ld->n_fields_header) {
		if (ld->field == ld->n_fields_header) {
			char n[32];
			snprintf(n, sizeof n, "%d", ld->n_fields_header);
			fail(ld, BKSEF_EINPUT, "too many fields: the header has %s columns", n);
		}
		return;
	}
	int col = ld->col_at[ld->field];

	/* The limit is on the field as libcsv gives it, spaces inside quotes
	 * included, as field_check counts it while the field is read. */
	if (len > NET_MAX_FIELD_BYTES) {
		fail(ld, BKSEF_EINPUT, "field in column '%s' is longer than 65536 bytes",
		     net_column_names[col]);
		return;
	}
	/* Unquoted fields are trimmed by libcsv; quoted numbers may carry spaces. */
	if (col != NET_COL_NAME)
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
	if (col != NET_COL_NAME)
		while (len > 0 && (s[0] == ' ' || s[0] == '\t')) {
			s++;
			len--;
		}
	if (len == 0)
		return; /* empty: the column's default */
	/* (A record whose lines are ASCII needs no check: take() notes them.) */
	if (ld->row_high && !escape_utf8_valid(s, len)) {
		fail(ld, BKSEF_EINPUT, "invalid UTF-8 in column '%s'", net_column_names[col]);
		return;
	}
	ld->given |= 1u << col;

	switch (col) {
	case NET_COL_NAME:
		if (len > NET_MAX_NAME_BYTES) {
			fail(ld, BKSEF_EINPUT, "layer name is longer than 4096 bytes: '%s'",
			     quote_value(shown, sizeof shown, s, len));
			return;
		}
		ld->cur_name = strings_add(ld, s, len);
		ld->cur_name_len = (uint16_t)len;
		ld->cur_name_hash = net_name_hash(ld->net, s, len);
		break;
	case NET_COL_OP:
		parse_op(ld, s, len, &l->op);
		break;
	case NET_COL_FROM:
		ld->cur_from = strings_add(ld, s, len);
		break;
	case NET_COL_OUT: {
		int32_t v;
		if (parse_one(ld, col, s, len, 1, &v) == BKSEF_OK)
			l->c = v;
		break;
	}
	case NET_COL_H: {
		int32_t v;
		if (parse_one(ld, col, s, len, 1, &v) == BKSEF_OK)
			l->h = v;
		break;
	}
	case NET_COL_W: {
		int32_t v;
		if (parse_one(ld, col, s, len, 1, &v) == BKSEF_OK)
			l->w = v;
		break;
	}
	case NET_COL_T: {
		int32_t v;
		if (parse_one(ld, col, s, len, 1, &v) == BKSEF_OK)
			l->t = v;
		break;
	}
	case NET_COL_L: {
		int32_t v;
		if (parse_one(ld, col, s, len, 1, &v) == BKSEF_OK)
			l->w = v; /* a 1-D layer keeps its length in w */
		break;
	}
	case NET_COL_K:
		if (parse_axes(ld, col, s, len, 1, ld->cur_ext.k) == BKSEF_OK)
			l->k = ld->cur_ext.k[0];
		break;
	case NET_COL_STRIDE:
		if (parse_axes(ld, col, s, len, 1, ld->cur_ext.stride) == BKSEF_OK)
			l->stride = ld->cur_ext.stride[0];
		break;
	case NET_COL_PAD:
		if (len == 4 && memcmp(s, "same", 4) == 0) {
			l->pad_same = 1;
		} else if (parse_axes(ld, col, s, len, 0, ld->cur_ext.pad) == BKSEF_OK) {
			l->pad = ld->cur_ext.pad[0];
			l->pad_same = 0;
		}
		break;
	case NET_COL_DILATION:
		if (parse_axes(ld, col, s, len, 1, ld->cur_ext.dilation) == BKSEF_OK)
			l->dilation = ld->cur_ext.dilation[0];
		break;
	case NET_COL_GROUPS:
		parse_one(ld, col, s, len, 1, &l->groups);
		break;
	case NET_COL_MODE:
		parse_mode(ld, s, len);
		break;
	case NET_COL_SCALE:
		parse_axes(ld, col, s, len, 1, ld->cur_ext.scale);
		break;
	case NET_COL_OUTPUT_PADDING:
		parse_axes(ld, col, s, len, 0, ld->cur_ext.out_pad);
		break;
	case NET_COL_CEIL_MODE:
		parse_flag(ld, col, s, len, &ld->cur_ext.ceil_mode);
		break;
	case NET_COL_START:
		parse_one(ld, col, s, len, 0, &ld->cur_ext.start);
		break;
	case NET_COL_BIAS:
		parse_flag(ld, col, s, len, &l->bias);
		break;
	case NET_COL_TUNE:
		parse_flag(ld, col, s, len, &l->tune);
		break;
	case NET_COL_CANDIDATES: {
		char text[256];
		struct diag sub = { 0 };
		if (len >= sizeof text) {
			fail(ld, BKSEF_EINPUT, "invalid candidates '%s': list too long",
			     quote_value(shown, sizeof shown, s, len));
			return;
		}
		memcpy(text, s, len);
		text[len] = '\0';
		if (ld->version < 2) {
			/* Format 1: sizes only, and its messages. */
			cand_set sq;
			if (cand_parse(text, &l->candidates, &sub) == BKSEF_OK)
				break;
			if (cand_parse_tokens(text, ld->rank, &sq, &ld->cur_axes, NULL) == BKSEF_OK)
				fail(ld, BKSEF_EINPUT,
				     "%s kernels in column 'candidates' " NEEDS_V2,
				     ld->cur_axes.kind == KERNEL_DS ? "depthwise-separable (dsK)"
				                                    : "per-axis");
			else
				fail(ld, BKSEF_EINPUT, "column 'candidates': %.*s",
				     (int)escape_cut(sub.msg, 400), sub.msg);
			break;
		}
		if (cand_parse_tokens(text, ld->rank, &l->candidates, &ld->cur_axes, &sub) !=
		    BKSEF_OK)
			fail(ld, BKSEF_EINPUT, "column 'candidates': %.*s",
			     (int)escape_cut(sub.msg, 400), sub.msg);
		break;
	}
	}
}

static void on_field(void *s, size_t len, void *data)
{
	struct loader *ld = data;
	/* An empty field within the header's columns: the column's default
	 * (row_field would say so after its checks).  Most fields are. */
	if (len == 0 && ld->field < ld->row_fields) {
		ld->field++;
		return;
	}
	if (ld->status != BKSEF_OK)
		return;
	if (!ld->have_header)
		header_field(ld, s ? s : "", s ? len : 0);
	else
		row_field(ld, s ? s : "", s ? len : 0);
	ld->field++;
}

static void reset_row(struct loader *ld)
{
	static const struct net_layer blank = {
		.stride = 1,
		.dilation = 1,
		.groups = 1,
		.bias = 1,
		.pad_same = 1,
		.tune = 2, /* not given */
	};
	_Static_assert(KERNEL_MAX_AXES == 3, "blank_ext sets every axis");
	static const struct net_ext blank_ext = { .stride = { 1, 1, 1 }, .dilation = { 1, 1, 1 } };
	ld->cur = blank;
	ld->cur_ext = blank_ext;
	ld->cur_axes.n = 0;
	ld->cur_axes.kind = KERNEL_FULL;
	ld->cur_mode = 0;
	ld->cur_name = 0;
	ld->cur_from = NET_FROM_DEFAULT;
	ld->given = 0;
	ld->field = 0;
}

static void end_header(struct loader *ld)
{
	int seen_name = 0, seen_op = 0;
	ld->n_fields_header = ld->field;
	for (int f = 0; f < ld->field; f++) {
		seen_name |= ld->col_at[f] == NET_COL_NAME;
		seen_op |= ld->col_at[f] == NET_COL_OP;
	}
	if (!seen_name || !seen_op) {
		fail(ld, BKSEF_EINPUT,
		     "header has no '%s' column (a header naming at least "
		     "'name' and 'op' must come first)",
		     !seen_name ? "name" : "op");
		return;
	}
	ld->have_header = 1;
	ld->row_fields = ld->n_fields_header;
}

/* Keep the current row's extras in net->ext, its per-axis candidates in
 * net->cand_kernel. */
static int add_ext(struct loader *ld)
{
	struct net *net = ld->net;
	struct net_ext *e = &ld->cur_ext;

	if (net->n_ext == ld->cap_ext) {
		size_t cap = ld->cap_ext ? 2 * ld->cap_ext : 16;
		struct net_ext *x = realloc(net->ext, cap * sizeof *x);
		if (x == NULL)
			return fail_nomem(ld);
		net->ext = x;
		ld->cap_ext = cap;
	}
	e->cand_first = (uint32_t)net->n_cand_kernel;
	e->cand_count = ld->cur_axes.n;
	if (net->n_cand_kernel + ld->cur_axes.n > ld->cap_cand) {
		size_t cap = ld->cap_cand ? 2 * ld->cap_cand : 64;
		while (cap < net->n_cand_kernel + ld->cur_axes.n)
			cap *= 2;
		struct kernel *k = realloc(net->cand_kernel, cap * sizeof *k);
		if (k == NULL)
			return fail_nomem(ld);
		net->cand_kernel = k;
		ld->cap_cand = cap;
	}
	if (ld->cur_axes.n > 0)
		memcpy(net->cand_kernel + net->n_cand_kernel, ld->cur_axes.k,
		       ld->cur_axes.n * sizeof *ld->cur_axes.k);
	net->n_cand_kernel += ld->cur_axes.n;
	net->ext[net->n_ext++] = *e;
	return BKSEF_OK;
}

/* The input row declares the network's rank: C x L (column l), C x H x W,
 * or C x T x H x W (column t).  Sets ld->rank for the rows after the first,
 * and the axes the row leaves out to 1. */
static int input_rank(struct loader *ld)
{
	struct net_layer *l = &ld->cur;
	unsigned given = ld->given, hw = (1u << NET_COL_H) | (1u << NET_COL_W);
	int rank = 2;

	if (given & (1u << NET_COL_L)) {
		int c = (given & (1u << NET_COL_H))   ? NET_COL_H
		        : (given & (1u << NET_COL_W)) ? NET_COL_W
		                                      : NET_COL_T;
		if (given & (hw | (1u << NET_COL_T)))
			return fail(ld, BKSEF_EINPUT,
			            "column '%s' does not apply to a 1-D input (C x L, column "
			            "'l')",
			            net_column_names[c]);
		l->h = 1;
		rank = 1;
	} else if (~given & hw) {
		return fail(ld, BKSEF_EINPUT, "missing value in column '%s' (required for op '%s')",
		            net_column_names[__builtin_ctz(~given & hw)], net_op_name(l->op));
	} else if (given & (1u << NET_COL_T)) {
		rank = 3;
	}
	if (!(given & (1u << NET_COL_T)))
		l->t = 1;
	if (ld->net->n_layers == 0)
		ld->rank = rank;
	return BKSEF_OK;
}

/* An upsample row: a scale or a size (h and w, t h and w, or l: the
 * network's axes), not both, and a mode of the network's rank. */
static int check_upsample(struct loader *ld)
{
	static const char *const linear[] = { "linear", "bilinear", "trilinear" };
	static const char *const shape[] = { "C x L", "C x H x W", "C x T x H x W" };
	struct net_ext *e = &ld->cur_ext;
	struct net_layer *l = &ld->cur;
	unsigned size_cols =
	             (1u << NET_COL_H) | (1u << NET_COL_W) | (1u << NET_COL_T) | (1u << NET_COL_L),
	         want = ld->rank == 1   ? 1u << NET_COL_L
	                : ld->rank == 2 ? (1u << NET_COL_H) | (1u << NET_COL_W)
	                                : (1u << NET_COL_H) | (1u << NET_COL_W) | (1u << NET_COL_T);
	unsigned sized = ld->given & size_cols;

	if (ld->cur_mode != 0 && ld->cur_mode != ld->rank)
		return fail(ld, BKSEF_EINPUT,
		            "upsample mode '%s' is for %d-D inputs, but the network's are %d-D "
		            "(%s): use '%s' or 'nearest'",
		            linear[ld->cur_mode - 1], ld->cur_mode, ld->rank, shape[ld->rank - 1],
		            linear[ld->rank - 1]);
	e->mode = ld->cur_mode ? NET_UP_LINEAR : NET_UP_NEAREST;
	if (sized && (ld->given & (1u << NET_COL_SCALE)))
		return fail(ld, BKSEF_EINPUT,
		            "upsample takes a 'scale' or an output size, not both");
	if (!sized && !(ld->given & (1u << NET_COL_SCALE)))
		return fail(ld, BKSEF_EINPUT,
		            "missing value in column 'scale' (or an output size; required for op "
		            "'upsample')");
	if (sized && sized != want) {
		unsigned bad = sized & ~want, miss = want & ~sized;
		if (bad)
			return fail(ld, BKSEF_EINPUT,
			            "column '%s' does not apply to an upsample of a %d-D network "
			            "(%s)",
			            net_column_names[__builtin_ctz(bad)], ld->rank,
			            shape[ld->rank - 1]);
		return fail(ld, BKSEF_EINPUT, "missing value in column '%s' (the upsample's size)",
		            net_column_names[__builtin_ctz(miss)]);
	}
	for (int a = 0; a < KERNEL_MAX_AXES; a++) {
		int x = a + 3 - ld->rank; /* 0: t, 1: h, 2: w */
		e->size[a] = !sized || a >= ld->rank ? 0
		             : x == 0                ? (int32_t)l->t
		             : x == 1                ? (int32_t)l->h
		                                     : (int32_t)l->w;
		if (sized)
			e->scale[a] = 0;
	}
	return BKSEF_OK;
}

static void end_row(struct loader *ld)
{
	struct net *net = ld->net;
	struct net_layer *l = &ld->cur;
	char n[32];

	if (ld->field < ld->n_fields_header) {
		snprintf(n, sizeof n, "%d", ld->field);
		fail(ld, BKSEF_EINPUT, "too few fields: %s of %s", n,
		     ld->n_fields_header == 1 ? "1" : "the header's columns");
		return;
	}
	if (!(ld->given & (1u << NET_COL_NAME))) {
		fail(ld, BKSEF_EINPUT, "missing value in column 'name'");
		return;
	}
	if (!(ld->given & (1u << NET_COL_OP))) {
		fail(ld, BKSEF_EINPUT, "missing value in column 'op'");
		return;
	}
	const char *opname = net_op_name(l->op);
	unsigned extra =
	    ld->given & ~op_columns[l->op] & ~((1u << NET_COL_NAME) | (1u << NET_COL_OP));
	if (l->tune == 0)
		extra &= ~(1u << NET_COL_TUNE);
	if (extra) {
		int c = __builtin_ctz(extra);
		if (c == NET_COL_TUNE)
			fail(ld, BKSEF_EINPUT, "tune=1 on a '%s' row: only conv kernels are tuned",
			     opname);
		else
			fail(ld, BKSEF_EINPUT, "column '%s' does not apply to op '%s'",
			     net_column_names[c], opname);
		return;
	}
	unsigned missing = op_required[l->op] & ~ld->given;
	if (missing) {
		fail(ld, BKSEF_EINPUT, "missing value in column '%s' (required for op '%s')",
		     net_column_names[__builtin_ctz(missing)], opname);
		return;
	}
	if (l->op == NET_OP_INPUT && input_rank(ld) != BKSEF_OK)
		return;
	if (l->op == NET_OP_UPSAMPLE && check_upsample(ld) != BKSEF_OK)
		return;
	if (l->op == NET_OP_CONVTRANSPOSE) {
		/* No 'same' for a transposed conv: its padding is 0 unless given. */
		if (l->pad_same && (ld->given & (1u << NET_COL_PAD))) {
			fail(ld, BKSEF_EINPUT,
			     "pad 'same' does not apply to op 'convtranspose': give its padding");
			return;
		}
		l->pad_same = 0;
	}
	struct net_ext *e = &ld->cur_ext;
	if (net_op_has_kernel(l->op))
		for (int a = 1; a < ld->rank; a++)
			if (e->k[a] != e->k[0] || e->stride[a] != e->stride[0] ||
			    e->dilation[a] != e->dilation[0] ||
			    (!l->pad_same && e->pad[a] != e->pad[0]))
				e->per_axis = 1;
	/* "dsK" candidates realise the conv depthwise-separable: not a grouped
	 * one (bksef(5)). */
	e->ds = ld->cur_axes.kind == KERNEL_DS;
	if (e->ds && l->groups != 1) {
		fail(ld, BKSEF_EINPUT,
		     "depthwise-separable (dsK) candidates on a grouped conv (groups %ld): only a "
		     "conv of groups 1 can be realised so",
		     (long)l->groups);
		return;
	}
	/* An asymmetric conv (1x7) is tuned only when its own candidates say
	 * to what. */
	if (l->tune == 2)
		l->tune = l->op == NET_OP_CONV &&
		          (e->per_axis ? (ld->given & (1u << NET_COL_CANDIDATES)) != 0 : l->k >= 3);
	l->ext = 0;
	if (e->per_axis || e->ceil_mode || e->start || ld->cur_axes.n > 0 || e->ds ||
	    l->op == NET_OP_UPSAMPLE || l->op == NET_OP_CONVTRANSPOSE) {
		if (add_ext(ld) != BKSEF_OK)
			return;
		l->ext = (uint32_t)net->n_ext;
	}

	if (net->n_layers >= NET_MAX_LAYERS) {
		fail(ld, BKSEF_EINPUT, "more than 16777216 layers");
		return;
	}
	if (net->n_layers == ld->cap_layers) {
		size_t cap = ld->cap_layers ? ld->cap_layers + ld->cap_layers / 2 : 64;
		struct net_layer *ls = realloc(net->layers, cap * sizeof *ls);
		if (ls == NULL) {
			fail_nomem(ld);
			return;
		}
		net->layers = ls;
		struct net_row_text *rt = realloc(ld->rows, cap * sizeof *rt);
		if (rt == NULL) {
			fail_nomem(ld);
			return;
		}
		ld->rows = rt;
		ld->cap_layers = cap;
	}
	l->line = ld->row_line > UINT32_MAX ? UINT32_MAX : (uint32_t)ld->row_line;
	/* The name is kept as an offset until the string table stops moving. */
	l->name = (const char *)(uintptr_t)ld->cur_name;
	ld->rows[net->n_layers] =
	    (struct net_row_text){ ld->cur_name_hash, (uint32_t)ld->cur_from, ld->cur_name_len };
	net->layers[net->n_layers++] = *l;
}

static void on_row(int term, void *data)
{
	struct loader *ld = data;
	(void)term;
	ld->row_ended = 1;
	if (ld->status == BKSEF_OK && progress_tick("loading the network", ld->fed, ld->size))
		fail_file(ld, BKSEF_ECANCELED, "load cancelled");
	if (ld->status == BKSEF_OK) {
		if (!ld->have_header)
			end_header(ld);
		else
			end_row(ld);
	}
	reset_row(ld);
}

/* Refuse the quoted field libcsv is reading as soon as it is longer than
 * the field limit, so that one spanning many lines is never held whole: the
 * parser's buffer stays within the limit and one line.  (An unquoted field
 * ends with its line, which the line limit bounds.)  The buffer holds the
 * field so far, plus a quote that may close it and the spaces after that:
 * the field is at least the rest. */
static void field_check(struct loader *ld)
{
	const struct csv_parser *p = &ld->parser;
	if (!p->quoted || p->entry_pos <= p->spaces + 1 ||
	    p->entry_pos - p->spaces - 1 <= NET_MAX_FIELD_BYTES)
		return;
	if (!ld->have_header)
		fail(ld, BKSEF_EINPUT, "field in the header is longer than 65536 bytes");
	else if (ld->field < ld->n_fields_header)
		fail(ld, BKSEF_EINPUT, "field in column '%s' is longer than 65536 bytes",
		     net_column_names[ld->col_at[ld->field]]);
	else
		fail(ld, BKSEF_EINPUT, "too many fields: the header has %d columns",
		     ld->n_fields_header);
}

static void feed(struct loader *ld, const char *p, size_t n)
{
	if (n == 0 || ld->status != BKSEF_OK)
		return;
	ld->fed += n;
	if (csv_parse(&ld->parser, p, n, on_field, on_row, ld) != n && ld->status == BKSEF_OK) {
		if (csv_error(&ld->parser) == CSV_ENOMEM)
			fail_nomem(ld);
		else
			fail(ld, BKSEF_EINPUT,
			     "malformed quoting: a quote inside an unquoted field, or text "
			     "after a closing quote");
		if (ld->dg != NULL)
			ld->dg->line = ld->line;
		return;
	}
	field_check(ld);
}

/* Line 1 has ended: the exact line NET_FORMAT2_LINE makes the file format 2;
 * another "#bksef-format" line is an error. */
static void check_format_line(struct loader *ld)
{
	static const char tag[] = "#bksef-format";
	char shown[64];
	size_t n = ld->first_len;

	while (n > 0 && (ld->first_line[n - 1] == '\n' || ld->first_line[n - 1] == '\r'))
		n--;
	if (n == strlen(NET_FORMAT2_LINE) && memcmp(ld->first_line, NET_FORMAT2_LINE, n) == 0) {
		ld->version = 2;
		return;
	}
	if (n >= sizeof tag - 1 && memcmp(ld->first_line, tag, sizeof tag - 1) == 0 &&
	    ld->first_len < FIRST_LINE_KEEP)
		fail(ld, BKSEF_EINPUT,
		     "unknown format line '%s' (this bksef reads format 1, and format 2 from the "
		     "exact line '" NET_FORMAT2_LINE "')",
		     quote_value(shown, sizeof shown, ld->first_line, n));
	else if (n >= sizeof tag - 1 && memcmp(ld->first_line, tag, sizeof tag - 1) == 0)
		fail(ld, BKSEF_EINPUT,
		     "unknown format line (this bksef reads format 1, and format 2 from the "
		     "exact line '" NET_FORMAT2_LINE "')");
}

/* End the current physical line: a record is open after it unless the
 * parser closed one on it, or it was a comment or a blank line between
 * records. */
static void end_line(struct loader *ld)
{
	if (ld->line == 1)
		check_format_line(ld);
	if (ld->row_ended)
		ld->at_record_start = 1;
	else if (!(ld->skip_line || (ld->line_blank && ld->at_record_start)))
		ld->at_record_start = 0;
	ld->line_bytes = 0;
	ld->cr_pending = 0;
}

/* Add the N bytes at P to the current line: count them against the line
 * limit, note whether the line is still blank, and feed them to the parser
 * unless the line is a comment. */
static void take(struct loader *ld, const char *p, size_t n)
{
	if (ld->line == 1 && ld->first_len < FIRST_LINE_KEEP) {
		size_t keep =
		    FIRST_LINE_KEEP - ld->first_len < n ? FIRST_LINE_KEEP - ld->first_len : n;
		memcpy(ld->first_line + ld->first_len, p, keep);
		ld->first_len += keep;
	}
	ld->line_bytes += n;
	if (ld->line_bytes > NET_MAX_LINE_BYTES) {
		ld->row_line = 0;
		fail(ld, BKSEF_EINPUT, "line longer than 1048576 bytes");
		return;
	}
	if (!ld->skip_line) {
		for (const char *q = p; q < p + n && ld->line_blank; q++)
			if (*q != ' ' && *q != '\t' && *q != '\r' && *q != '\n')
				ld->line_blank = 0;
		if (has_high(p, n))
			ld->row_high = 1;
		feed(ld, p, n);
	}
}

/* Feed one chunk of the file, split at line ends so that lines are counted,
 * comments skipped and the record's first line remembered.  A line ends
 * with LF, CRLF or a lone CR, as a row does for libcsv; a CR that ends the
 * chunk keeps its line open until the next chunk shows whether an LF
 * follows. */
static void load_chunk(struct loader *ld, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	if (!ld->bom_checked && len > 0) {
		ld->bom_checked = 1;
		if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
	}
	if (ld->cr_pending && p < end) {
		if (*p == '\n')
			take(ld, p++, 1);
		end_line(ld);
	}
	/* The first NUL and the next CR, found once and not for every line. */
	const char *nul = memchr(p, '\0', (size_t)(end - p));
	const char *cr = memchr(p, '\r', (size_t)(end - p));
	while (p < end && ld->status == BKSEF_OK) {
		if (ld->line_bytes == 0) {
			/* Start of a line. */
			ld->line++;
			ld->row_ended = 0;
			ld->line_blank = 1;
			ld->skip_line = ld->at_record_start && *p == '#';
			if (ld->at_record_start) {
				ld->row_line = ld->line;
				ld->row_high = 0;
			}
		}
		if (cr != NULL && cr < p)
			cr = memchr(p, '\r', (size_t)(end - p));
		const char *nl = memchr(p, '\n', (size_t)((cr ? cr : end) - p));
		const char *stop = end;
		int ended = 1;
		if (nl != NULL) {
			stop = nl + 1;
		} else if (cr != NULL) {
			stop = cr + 1;
			if (stop < end && *stop == '\n')
				stop++;
			else if (stop == end) {
				ended = 0;
				ld->cr_pending = 1;
			}
		} else {
			ended = 0;
		}
		if (nul != NULL && nul < stop) {
			ld->row_line = 0;
			fail(ld, BKSEF_EINPUT, "NUL byte in file (not a text file?)");
			return;
		}
		take(ld, p, (size_t)(stop - p));
		if (ended)
			end_line(ld);
		p = stop;
	}
}

static void loader_init(struct loader *ld, struct net *net, struct diag *dg)
{
	memset(ld, 0, sizeof *ld);
	ld->net = net;
	ld->dg = dg;
	ld->at_record_start = 1;
	ld->version = 1;
	ld->rank = 2;
	reset_row(ld);
}

/* Finish: flush the parser, fix up names, infer shapes. */
static int loader_finish(struct loader *ld)
{
	struct net *net = ld->net;

	if (ld->cr_pending)
		end_line(ld);
	if (ld->status == BKSEF_OK) {
		unsigned long open_line = ld->row_line;
		if (csv_fini(&ld->parser, on_field, on_row, ld) != 0 && ld->status == BKSEF_OK) {
			char n[32];
			snprintf(n, sizeof n, "%lu", open_line);
			ld->row_line = open_line;
			fail(ld, BKSEF_EINPUT,
			     "unterminated quoted field (the record starts on line %s)", n);
		}
	}
	if (ld->status != BKSEF_OK)
		return ld->status;
	ld->row_line = 0;
	if (!ld->have_header)
		return fail_file(ld, BKSEF_EINPUT, "empty file: no header line");
	if (net->n_layers == 0)
		return fail_file(ld, BKSEF_EINPUT, "no layers: the file has a header but no rows");

	for (size_t i = 0; i < net->n_layers; i++) {
		struct net_layer *l = &net->layers[i];
		l->name = net->strings + (uintptr_t)l->name;
	}
	size_t other;
	long dup = net_index_build(net, ld->rows, &other);
	if (dup == -2)
		return fail_nomem(ld);
	if (dup >= 0) {
		const char *name = net->layers[dup].name;
		char shown[64], first[32];
		ld->row_line = net->layers[dup].line;
		snprintf(first, sizeof first, "%lu", (unsigned long)net->layers[other].line);
		return fail(ld, BKSEF_EINPUT, "duplicate layer name '%s' (first on line %s)",
		            quote_value(shown, sizeof shown, name, strlen(name)), first);
	}
	net->version = ld->version;
	net->rank = ld->rank;
	int st = net_infer(net, ld->rows, ld->dg);
	if (st != BKSEF_OK)
		ld->status = st;
	return ld->status;
}

static char *short_name(const char *display)
{
	const char *base = strrchr(display, '/');
	base = base ? base + 1 : display;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".csv") == 0)
		n -= 4;
	char *s = malloc(n + 1);
	if (s != NULL) {
		memcpy(s, base, n);
		s[n] = '\0';
	}
	return s;
}

/* FP's size when it is a regular file, else 0 (not known). */
static uint64_t file_size(FILE *fp)
{
	struct stat sb;
	return fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
}

static int load_common(FILE *fp, const void *data, size_t len, const char *display,
                       struct net **out, struct diag *dg)
{
	struct loader ld;
	struct net *net = calloc(1, sizeof *net);

	*out = NULL;
	if (dg != NULL) {
		dg->file = display;
		dg->line = 0;
		dg->msg[0] = '\0';
	}
	if (net == NULL)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	loader_init(&ld, net, dg);
	hash_key_new(net->index_key); /* the names are hashed as they are read */
	ld.size = fp != NULL ? file_size(fp) : len;
	if (csv_init(&ld.parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(net);
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	/* libcsv's default, named here so that a test build that wraps realloc
	 * (tests/alloc) reaches the parser's buffers too. */
	csv_set_realloc_func(&ld.parser, realloc);
	csv_set_free_func(&ld.parser, free);
	if (fp != NULL) {
		static const size_t chunk = 1 << 16;
		char *buf = malloc(chunk);
		if (buf == NULL)
			fail_nomem(&ld);
		while (ld.status == BKSEF_OK) {
			size_t n = fread(buf, 1, chunk, fp);
			if (n > 0) {
				ld.total_bytes += n;
				if (ld.total_bytes > NET_MAX_FILE_BYTES) {
					fail_file(&ld, BKSEF_EINPUT, "file larger than 1 GiB");
					break;
				}
				load_chunk(&ld, buf, n);
			}
			if (n < chunk) {
				if (ferror(fp))
					fail_file(&ld, BKSEF_EIO, "read error: %s",
					          strerror(errno));
				break;
			}
		}
		free(buf);
	} else {
		if (len > NET_MAX_FILE_BYTES)
			fail_file(&ld, BKSEF_EINPUT, "file larger than 1 GiB");
		else
			load_chunk(&ld, data, len);
	}
	int st = loader_finish(&ld);
	csv_free(&ld.parser);
	free(ld.rows);
	if (st == BKSEF_OK) {
		net->name = short_name(display);
		if (net->name == NULL)
			st = diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	}
	if (st != BKSEF_OK) {
		net_free(net);
		return st;
	}
	*out = net;
	return BKSEF_OK;
}

int net_load_stream(FILE *fp, const char *display, struct net **out, struct diag *dg)
{
	return load_common(fp, NULL, 0, display, out, dg);
}

int net_load_buffer(const void *data, size_t len, const char *display, struct net **out,
                    struct diag *dg)
{
	return load_common(NULL, data, len, display, out, dg);
}

int net_load_file(const char *path, const char *display, struct net **out, struct diag *dg)
{
	struct stat st;
	FILE *fp;
	int status;

	*out = NULL;
	if (dg != NULL)
		dg->file = display;
	if (strcmp(path, "-") == 0)
		return net_load_stream(stdin, display, out, dg);
	fp = fopen(path, "rb");
	if (fp == NULL && errno == ENOMEM)
		return diag_set(dg, BKSEF_ENOMEM, 0, "out of memory");
	if (fp == NULL)
		return diag_set(dg, BKSEF_EINPUT, 0, "cannot open: %s", strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return diag_set(dg, BKSEF_EINPUT, 0, "is a directory, not a network file");
	}
	status = net_load_stream(fp, display, out, dg);
	fclose(fp);
	return status;
}
