/* parquet_thrift.c — a hand-written decoder of the Thrift compact protocol for the
 * structures of parquet.thrift the reader needs: FileMetaData (schema, row groups, column
 * chunks, statistics, logical types), PageHeader, OffsetIndex and ColumnIndex.
 * Bounds: every read is checked against the end of the input, every list count against the
 * bytes left (an element takes at least one byte), nesting is limited to PQ_MAX_DEPTH, and
 * unknown fields are skipped. Values are range-checked where the reader relies on them. */
#include <string.h>

#include "format/parquet_internal.h"

enum {
    CT_STOP = 0,
    CT_TRUE = 1,
    CT_FALSE = 2,
    CT_BYTE = 3,
    CT_I16 = 4,
    CT_I32 = 5,
    CT_I64 = 6,
    CT_DOUBLE = 7,
    CT_BINARY = 8,
    CT_LIST = 9,
    CT_SET = 10,
    CT_MAP = 11,
    CT_STRUCT = 12,
};

#define OOM (-2)

static int fail(pq_tc *c, const char *m) {
    if (!c->msg) c->msg = m;
    return -1;
}

static int rd_varint(pq_tc *c, uint64_t *v) {
    uint64_t x = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (c->p >= c->end) return fail(c, "truncated metadata");
        uint8_t b = *c->p++;
        if (shift == 63 && (b & 0x7e)) return fail(c, "varint overflows 64 bits");
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return fail(c, "varint longer than 10 bytes");
}

static int rd_zigzag(pq_tc *c, int64_t *v) {
    uint64_t u;
    if (rd_varint(c, &u)) return -1;
    *v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
    return 0;
}

/* Reads one field header. Returns 1 with *id and *type, 0 at the struct's STOP, -1 on error. */
static int rd_field(pq_tc *c, int *last, int *id, int *type) {
    if (c->p >= c->end) return fail(c, "truncated metadata");
    uint8_t b = *c->p++;
    *type = b & 0x0f;
    if (*type == CT_STOP) return 0;
    int delta = b >> 4;
    if (delta) {
        *id = *last + delta;
    } else {
        int64_t v;
        if (rd_zigzag(c, &v)) return -1;
        if (v < -32768 || v > 32767) return fail(c, "field id out of range");
        *id = (int)v;
    }
    if (*type > CT_STRUCT) return fail(c, "unknown Thrift type");
    *last = *id;
    return 1;
}

static int enter(pq_tc *c) {
    if (++c->depth > PQ_MAX_DEPTH) return fail(c, "metadata nested too deeply");
    return 0;
}

static int rd_list_header(pq_tc *c, int *etype, uint32_t *n) {
    if (c->p >= c->end) return fail(c, "truncated metadata");
    uint8_t b = *c->p++;
    uint64_t size = b >> 4;
    *etype = b & 0x0f;
    if (size == 15 && rd_varint(c, &size)) return -1;
    /* every element takes at least one byte */
    if (size > (uint64_t)(c->end - c->p)) return fail(c, "list longer than the metadata");
    if (*etype == CT_STOP || *etype > CT_STRUCT) return fail(c, "unknown Thrift list element type");
    *n = (uint32_t)size;
    return 0;
}

static int skip(pq_tc *c, int type);

static int skip_struct(pq_tc *c) {
    if (enter(c)) return -1;
    int last = 0, id, type, r;
    while ((r = rd_field(c, &last, &id, &type)) == 1)
        if (skip(c, type)) return -1;
    c->depth--;
    return r;
}

static int skip_n(pq_tc *c, uint64_t n) {
    if (n > (uint64_t)(c->end - c->p)) return fail(c, "truncated metadata");
    c->p += n;
    return 0;
}

/* Skips a value of `type`; list/set element bools are one byte each. */
static int skip(pq_tc *c, int type) {
    uint64_t u;
    switch (type) {
    case CT_TRUE:
    case CT_FALSE: return 0; /* the value is in the field header */
    case CT_BYTE: return skip_n(c, 1);
    case CT_I16:
    case CT_I32:
    case CT_I64: return rd_varint(c, &u);
    case CT_DOUBLE: return skip_n(c, 8);
    case CT_BINARY:
        if (rd_varint(c, &u)) return -1;
        return skip_n(c, u);
    case CT_LIST:
    case CT_SET: {
        int et;
        uint32_t n;
        if (rd_list_header(c, &et, &n) || enter(c)) return -1;
        for (uint32_t i = 0; i < n; i++) {
            if (et == CT_TRUE || et == CT_FALSE) {
                if (skip_n(c, 1)) return -1;
            } else if (skip(c, et)) {
                return -1;
            }
        }
        c->depth--;
        return 0;
    }
    case CT_MAP: {
        if (rd_varint(c, &u)) return -1;
        if (u == 0) return 0;
        if (c->p >= c->end) return fail(c, "truncated metadata");
        uint8_t kv = *c->p++;
        int kt = kv >> 4, vt = kv & 0x0f;
        if (kt == CT_STOP || kt > CT_STRUCT || vt == CT_STOP || vt > CT_STRUCT) return fail(c, "bad Thrift map");
        if (u > (uint64_t)(c->end - c->p)) return fail(c, "map longer than the metadata");
        if (enter(c)) return -1;
        for (uint64_t i = 0; i < u; i++) {
            if ((kt == CT_TRUE || kt == CT_FALSE) ? skip_n(c, 1) : skip(c, kt)) return -1;
            if ((vt == CT_TRUE || vt == CT_FALSE) ? skip_n(c, 1) : skip(c, vt)) return -1;
        }
        c->depth--;
        return 0;
    }
    case CT_STRUCT: return skip_struct(c) < 0 ? -1 : 0;
    default: return fail(c, "unknown Thrift type");
    }
}

static int rd_int(pq_tc *c, int type, int64_t *v) {
    if (type == CT_BYTE) {
        if (c->p >= c->end) return fail(c, "truncated metadata");
        *v = (int8_t)*c->p++;
        return 0;
    }
    if (type != CT_I16 && type != CT_I32 && type != CT_I64) return fail(c, "integer field has a wrong type");
    return rd_zigzag(c, v);
}

static int rd_i32(pq_tc *c, int type, int32_t *v) {
    int64_t x;
    if (rd_int(c, type, &x)) return -1;
    if (x < INT32_MIN || x > INT32_MAX) return fail(c, "32-bit field out of range");
    *v = (int32_t)x;
    return 0;
}

static int rd_bool(pq_tc *c, int type, bool *v) {
    if (type != CT_TRUE && type != CT_FALSE) return fail(c, "boolean field has a wrong type");
    *v = type == CT_TRUE;
    return 0;
}

static int rd_binary(pq_tc *c, int type, const uint8_t **p, uint32_t *n) {
    uint64_t len;
    if (type != CT_BINARY) return fail(c, "binary field has a wrong type");
    if (rd_varint(c, &len)) return -1;
    if (len > (uint64_t)(c->end - c->p)) return fail(c, "string longer than the metadata");
    *p = c->p;
    *n = (uint32_t)len;
    c->p += len;
    return 0;
}

static int want_struct(pq_tc *c, int type) {
    if (type != CT_STRUCT) return fail(c, "struct field has a wrong type");
    return enter(c);
}

static int want_list(pq_tc *c, int type, int want_elem, uint32_t *n) {
    int et;
    if (type != CT_LIST && type != CT_SET) return fail(c, "list field has a wrong type");
    if (rd_list_header(c, &et, n)) return -1;
    if (want_elem == CT_TRUE ? (et != CT_TRUE && et != CT_FALSE)
                             : (et != want_elem && !(want_elem == CT_I64 && (et == CT_I32 || et == CT_I16))))
        return fail(c, "list has a wrong element type");
    return enter(c);
}

/* Loop over the fields of a struct whose header was consumed: `body` handles field `id` of
 * wire type `type` (and must consume its value or `goto skip_field`). */
#define FIELDS(c, body)                                                \
    do {                                                               \
        int last_ = 0, id, type, r_;                                   \
        while ((r_ = rd_field((c), &last_, &id, &type)) == 1) {        \
            body;                                                      \
            continue;                                                  \
        skip_field:                                                    \
            if (skip((c), type)) return -1;                            \
        }                                                              \
        if (r_ < 0) return -1;                                         \
        (c)->depth--;                                                  \
    } while (0)

#define TRY(x)                       \
    do {                             \
        int rc_ = (x);               \
        if (rc_) return rc_;         \
    } while (0)

/* ------------------------------------------------------------------ logical types */

static int rd_time_unit(pq_tc *c, int *unit) {
    *unit = 0;
    FIELDS(c, {
        if (id >= 1 && id <= 3 && type == CT_STRUCT) {
            *unit = id;
            TRY(skip(c, type));
        } else {
            goto skip_field;
        }
    });
    return 0;
}

static int rd_decimal_type(pq_tc *c, mn_parquet_logical *lt) {
    FIELDS(c, {
        if (id == 1) TRY(rd_i32(c, type, &lt->scale));
        else if (id == 2) TRY(rd_i32(c, type, &lt->precision));
        else goto skip_field;
    });
    return 0;
}

static int rd_time_type(pq_tc *c, mn_parquet_logical *lt) {
    FIELDS(c, {
        if (id == 1) {
            TRY(rd_bool(c, type, &lt->adjusted_to_utc));
        } else if (id == 2) {
            TRY(want_struct(c, type));
            TRY(rd_time_unit(c, &lt->unit));
        } else {
            goto skip_field;
        }
    });
    return 0;
}

static int rd_int_type(pq_tc *c, mn_parquet_logical *lt) {
    FIELDS(c, {
        if (id == 1) {
            int64_t v;
            TRY(rd_int(c, type, &v));
            lt->bit_width = (v == 8 || v == 16 || v == 32 || v == 64) ? (int)v : -1;
        } else if (id == 2) {
            TRY(rd_bool(c, type, &lt->is_signed));
        } else {
            goto skip_field;
        }
    });
    return 0;
}

static int rd_logical(pq_tc *c, mn_parquet_logical *lt) {
    memset(lt, 0, sizeof *lt);
    FIELDS(c, {
        if (type != CT_STRUCT) goto skip_field;
        switch (id) {
        case MN_PQ_LT_DECIMAL:
            lt->kind = id;
            TRY(enter(c));
            TRY(rd_decimal_type(c, lt));
            break;
        case MN_PQ_LT_TIME:
        case MN_PQ_LT_TIMESTAMP:
            lt->kind = id;
            TRY(enter(c));
            TRY(rd_time_type(c, lt));
            break;
        case MN_PQ_LT_INTEGER:
            lt->kind = id;
            TRY(enter(c));
            TRY(rd_int_type(c, lt));
            break;
        default:
            lt->kind = (id >= 1 && id <= MN_PQ_LT_VECTOR && id != 9) ? id : MN_PQ_LT_OTHER;
            goto skip_field;
        }
    });
    return 0;
}

/* ------------------------------------------------------------------ schema */

static int rd_schema_el(pq_tc *c, pq_schema_el *s) {
    memset(s, 0, sizeof *s);
    s->type = s->type_length = s->repetition = s->num_children = s->converted = -1;
    s->scale = s->precision = s->field_id = -1;
    FIELDS(c, {
        switch (id) {
        case 1: TRY(rd_i32(c, type, &s->type)); break;
        case 2: TRY(rd_i32(c, type, &s->type_length)); break;
        case 3: TRY(rd_i32(c, type, &s->repetition)); break;
        case 4:
            TRY(rd_binary(c, type, &s->name, &s->name_len));
            s->has_name = true;
            break;
        case 5: TRY(rd_i32(c, type, &s->num_children)); break;
        case 6: TRY(rd_i32(c, type, &s->converted)); break;
        case 7: TRY(rd_i32(c, type, &s->scale)); break;
        case 8: TRY(rd_i32(c, type, &s->precision)); break;
        case 9: TRY(rd_i32(c, type, &s->field_id)); break;
        case 10:
            TRY(want_struct(c, type));
            TRY(rd_logical(c, &s->logical));
            break;
        default: goto skip_field;
        }
    });
    return 0;
}

/* ------------------------------------------------------------------ statistics, chunks */

static int rd_stats(pq_tc *c, mn_parquet_stats *st) {
    const uint8_t *mn = NULL, *mx = NULL, *mn2 = NULL, *mx2 = NULL;
    uint32_t mnl = 0, mxl = 0, mn2l = 0, mx2l = 0;
    memset(st, 0, sizeof *st);
    FIELDS(c, {
        switch (id) {
        case 1: TRY(rd_binary(c, type, &mx, &mxl)); break;
        case 2: TRY(rd_binary(c, type, &mn, &mnl)); break;
        case 3:
            TRY(rd_int(c, type, &st->null_count));
            st->has_null_count = true;
            break;
        case 4:
            TRY(rd_int(c, type, &st->distinct_count));
            st->has_distinct_count = true;
            break;
        case 5: TRY(rd_binary(c, type, &mx2, &mx2l)); break;
        case 6: TRY(rd_binary(c, type, &mn2, &mn2l)); break;
        default: goto skip_field;
        }
    });
    if (mn2 && mx2) {
        st->min = mn2, st->min_len = mn2l, st->max = mx2, st->max_len = mx2l;
    } else if (mn && mx) {
        st->min = mn, st->min_len = mnl, st->max = mx, st->max_len = mxl;
        st->legacy_min_max = true;
    }
    return 0;
}

/* One PageEncodingStats: notes data pages that are not dictionary encoded. */
static int rd_encoding_stats(pq_tc *c, mn_parquet_chunk *ch) {
    int32_t page_type = -1, enc = -1, count = 0;
    FIELDS(c, {
        switch (id) {
        case 1: TRY(rd_i32(c, type, &page_type)); break;
        case 2: TRY(rd_i32(c, type, &enc)); break;
        case 3: TRY(rd_i32(c, type, &count)); break;
        default: goto skip_field;
        }
    });
    if ((page_type == 0 || page_type == 3) && enc != 2 && enc != 8 && count > 0) ch->plain_data_pages = true;
    return 0;
}

static int rd_encodings(pq_tc *c, int type, mn_parquet_chunk *ch) {
    uint32_t n;
    TRY(want_list(c, type, CT_I32, &n));
    for (uint32_t i = 0; i < n; i++) {
        int32_t e;
        TRY(rd_i32(c, CT_I32, &e));
        if (e >= 0 && e < 32) ch->encodings |= 1u << e;
    }
    c->depth--;
    return 0;
}

static int rd_encoding_stats_list(pq_tc *c, int type, mn_parquet_chunk *ch) {
    uint32_t n;
    TRY(want_list(c, type, CT_STRUCT, &n));
    for (uint32_t i = 0; i < n; i++) {
        TRY(enter(c));
        TRY(rd_encoding_stats(c, ch));
    }
    c->depth--;
    ch->has_encoding_stats = true;
    return 0;
}

/* Reads an optional field the reader can do without: when it is malformed the field is
 * skipped instead (what it would have set is left unset). -1 only when it cannot be skipped. */
static int lenient(pq_tc *c, int type, int (*rd)(pq_tc *, int, mn_parquet_chunk *), mn_parquet_chunk *ch) {
    pq_tc save = *c;
    mn_parquet_chunk keep = *ch;
    if (rd(c, type, ch) == 0) return 0;
    *c = save;
    *ch = keep;
    ch->encodings = 0;
    ch->has_encoding_stats = false;
    ch->plain_data_pages = true; /* unknown: never claim a chunk all-dictionary */
    return skip(c, type);
}

static int rd_col_meta(pq_tc *c, mn_arena *a, pq_col_meta *m) {
    uint32_t n;
    FIELDS(c, {
        switch (id) {
        case 1:
            TRY(rd_i32(c, type, &m->type));
            m->present |= 1u << 1;
            break;
        case 2: /* encodings: pages say what they use; kept for dictionary filtering only */
            if (lenient(c, type, rd_encodings, &m->c)) return -1;
            m->present |= 1u << 2;
            break;
        case 3:
            TRY(want_list(c, type, CT_BINARY, &n));
            m->path = mn_arena_alloc(a, sizeof *m->path * (n ? n : 1));
            m->path_lens = mn_arena_alloc(a, sizeof *m->path_lens * (n ? n : 1));
            if (!m->path || !m->path_lens) return OOM;
            for (uint32_t i = 0; i < n; i++) TRY(rd_binary(c, CT_BINARY, &m->path[i], &m->path_lens[i]));
            m->npath = (int)n;
            c->depth--;
            m->present |= 1u << 3;
            break;
        case 4:
            TRY(rd_i32(c, type, &m->c.codec));
            m->present |= 1u << 4;
            break;
        case 5:
            TRY(rd_int(c, type, &m->c.num_values));
            m->present |= 1u << 5;
            break;
        case 6:
            TRY(rd_int(c, type, &m->c.total_uncompressed_size));
            m->present |= 1u << 6;
            break;
        case 7:
            TRY(rd_int(c, type, &m->c.total_compressed_size));
            m->present |= 1u << 7;
            break;
        case 9:
            TRY(rd_int(c, type, &m->c.data_page_offset));
            m->present |= 1u << 9;
            break;
        case 11: TRY(rd_int(c, type, &m->c.dictionary_page_offset)); break;
        case 12:
            TRY(want_struct(c, type));
            TRY(rd_stats(c, &m->c.stats));
            m->c.has_stats = true;
            break;
        case 13:
            if (lenient(c, type, rd_encoding_stats_list, &m->c)) return -1;
            break;
        case 14: /* bloom filter location: optional to this reader, so a mistyped one is skipped */
            if (type != CT_I64 && type != CT_I32) goto skip_field;
            TRY(rd_int(c, type, &m->c.bloom_filter_offset));
            break;
        case 15:
            if (type != CT_I32 && type != CT_I64) goto skip_field;
            TRY(rd_i32(c, type, &m->c.bloom_filter_length));
            break;
        default: goto skip_field;
        }
    });
    return 0;
}

static int rd_col_chunk(pq_tc *c, mn_arena *a, pq_col_meta *m) {
    memset(m, 0, sizeof *m);
    m->type = -1;
    m->c.dictionary_page_offset = -1;
    m->c.offset_index_offset = m->c.column_index_offset = -1;
    m->c.bloom_filter_offset = -1;
    m->c.bloom_filter_length = -1;
    FIELDS(c, {
        switch (id) {
        case 1:
            m->has_file_path = true;
            goto skip_field;
        case 3:
            TRY(want_struct(c, type));
            TRY(rd_col_meta(c, a, m));
            m->has_meta = true;
            break;
        case 4: TRY(rd_int(c, type, &m->c.offset_index_offset)); break;
        case 5: TRY(rd_i32(c, type, &m->c.offset_index_length)); break;
        case 6: TRY(rd_int(c, type, &m->c.column_index_offset)); break;
        case 7: TRY(rd_i32(c, type, &m->c.column_index_length)); break;
        case 8:
        case 9:
            m->encrypted = true;
            goto skip_field;
        default: goto skip_field;
        }
    });
    return 0;
}

static int rd_row_group(pq_tc *c, mn_arena *a, pq_row_group *g) {
    uint32_t n;
    memset(g, 0, sizeof *g);
    FIELDS(c, {
        switch (id) {
        case 1:
            TRY(want_list(c, type, CT_STRUCT, &n));
            g->cols = mn_arena_alloc(a, sizeof *g->cols * (n ? n : 1));
            if (!g->cols) return OOM;
            for (uint32_t i = 0; i < n; i++) {
                TRY(enter(c));
                TRY(rd_col_chunk(c, a, &g->cols[i]));
            }
            g->ncols = (int)n;
            g->has_columns = true;
            c->depth--;
            break;
        case 2: TRY(rd_int(c, type, &g->total_byte_size)); break;
        case 3:
            TRY(rd_int(c, type, &g->num_rows));
            g->has_num_rows = true;
            break;
        default: goto skip_field;
        }
    });
    return 0;
}

static int rd_file_meta(pq_tc *c, mn_arena *a, pq_file_meta *m) {
    uint32_t n;
    FIELDS(c, {
        switch (id) {
        case 2:
            TRY(want_list(c, type, CT_STRUCT, &n));
            m->schema = mn_arena_alloc(a, sizeof *m->schema * (n ? n : 1));
            if (!m->schema) return OOM;
            for (uint32_t i = 0; i < n; i++) {
                TRY(enter(c));
                TRY(rd_schema_el(c, &m->schema[i]));
            }
            m->nschema = (int)n;
            m->has_schema = true;
            c->depth--;
            break;
        case 3:
            TRY(rd_int(c, type, &m->num_rows));
            m->has_num_rows = true;
            break;
        case 4:
            TRY(want_list(c, type, CT_STRUCT, &n));
            m->rgs = mn_arena_alloc(a, sizeof *m->rgs * (n ? n : 1));
            if (!m->rgs) return OOM;
            for (uint32_t i = 0; i < n; i++) {
                TRY(enter(c));
                TRY(rd_row_group(c, a, &m->rgs[i]));
            }
            m->nrgs = (int)n;
            m->has_row_groups = true;
            c->depth--;
            break;
        case 6: TRY(rd_binary(c, type, &m->created_by, &m->created_by_len)); break;
        case 8:
            m->encrypted = true;
            goto skip_field;
        default: goto skip_field;
        }
    });
    return 0;
}

int pq_read_file_meta(const uint8_t *p, size_t n, mn_arena *a, pq_file_meta *out, const char **msg) {
    pq_tc c = {p, p + n, 1, NULL};
    memset(out, 0, sizeof *out);
    int rc = rd_file_meta(&c, a, out);
    if (rc == OOM) return OOM;
    if (rc) {
        *msg = c.msg ? c.msg : "malformed metadata";
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ page headers */

static int rd_data_page_header(pq_tc *c, pq_page_header *h) {
    unsigned seen = 0;
    FIELDS(c, {
        switch (id) {
        case 1: TRY(rd_i32(c, type, &h->num_values)); seen |= 1; break;
        case 2: TRY(rd_i32(c, type, &h->encoding)); seen |= 2; break;
        case 3: TRY(rd_i32(c, type, &h->def_encoding)); break;
        case 4: TRY(rd_i32(c, type, &h->rep_encoding)); break;
        default: goto skip_field;
        }
    });
    if (seen != 3) return fail(c, "data page header lacks required fields");
    return 0;
}

static int rd_data_page_header_v2(pq_tc *c, pq_page_header *h) {
    unsigned seen = 0;
    h->is_compressed = true;
    FIELDS(c, {
        switch (id) {
        case 1: TRY(rd_i32(c, type, &h->num_values)); seen |= 1; break;
        case 2: TRY(rd_i32(c, type, &h->num_nulls)); seen |= 2; break;
        case 3: TRY(rd_i32(c, type, &h->num_rows)); seen |= 4; break;
        case 4: TRY(rd_i32(c, type, &h->encoding)); seen |= 8; break;
        case 5: TRY(rd_i32(c, type, &h->def_len)); seen |= 16; break;
        case 6: TRY(rd_i32(c, type, &h->rep_len)); seen |= 32; break;
        case 7: TRY(rd_bool(c, type, &h->is_compressed)); break;
        default: goto skip_field;
        }
    });
    if (seen != 63) return fail(c, "data page v2 header lacks required fields");
    return 0;
}

static int rd_dict_page_header(pq_tc *c, pq_page_header *h) {
    unsigned seen = 0;
    FIELDS(c, {
        switch (id) {
        case 1: TRY(rd_i32(c, type, &h->dict_num_values)); seen |= 1; break;
        case 2: TRY(rd_i32(c, type, &h->dict_encoding)); seen |= 2; break;
        default: goto skip_field;
        }
    });
    if (seen != 3) return fail(c, "dictionary page header lacks required fields");
    return 0;
}

static int rd_page_header(pq_tc *c, pq_page_header *h) {
    unsigned seen = 0;
    FIELDS(c, {
        switch (id) {
        case 1: TRY(rd_i32(c, type, &h->type)); seen |= 1; break;
        case 2: TRY(rd_i32(c, type, &h->uncompressed_size)); seen |= 2; break;
        case 3: TRY(rd_i32(c, type, &h->compressed_size)); seen |= 4; break;
        case 4: {
            int32_t v;
            TRY(rd_i32(c, type, &v));
            h->crc = (uint32_t)v;
            h->has_crc = true;
            break;
        }
        case 5:
            TRY(want_struct(c, type));
            TRY(rd_data_page_header(c, h));
            h->has_data = true;
            break;
        case 7:
            TRY(want_struct(c, type));
            TRY(rd_dict_page_header(c, h));
            h->has_dict = true;
            break;
        case 8:
            TRY(want_struct(c, type));
            TRY(rd_data_page_header_v2(c, h));
            h->has_v2 = true;
            break;
        default: goto skip_field;
        }
    });
    if (seen != 7) return fail(c, "page header lacks required fields");
    if (h->uncompressed_size < 0 || h->compressed_size < 0) return fail(c, "negative page size");
    return 0;
}

int pq_read_page_header(const uint8_t *p, size_t n, pq_page_header *out, size_t *hdr_len, const char **msg) {
    pq_tc c = {p, p + n, 1, NULL};
    memset(out, 0, sizeof *out);
    if (rd_page_header(&c, out)) {
        *msg = c.msg ? c.msg : "malformed page header";
        return -1;
    }
    *hdr_len = (size_t)(c.p - p);
    return 0;
}

/* ------------------------------------------------------------------ page index */

static int rd_page_location(pq_tc *c, mn_parquet_page_location *l) {
    unsigned got = 0;
    FIELDS(c, {
        if (id == 1) {
            TRY(rd_int(c, type, &l->offset));
            got |= 1;
        } else if (id == 2) {
            TRY(rd_i32(c, type, &l->compressed_page_size));
            got |= 2;
        } else if (id == 3) {
            TRY(rd_int(c, type, &l->first_row_index));
            got |= 4;
        } else {
            goto skip_field;
        }
    });
    if (got != 7) return fail(c, "page location lacks required fields");
    return 0;
}

static int rd_offset_index(pq_tc *c, mn_arena *a, mn_parquet_page_location **locs, int *nlocs) {
    uint32_t n;
    bool seen = false;
    FIELDS(c, {
        if (id != 1) goto skip_field;
        if (seen) return fail(c, "duplicate page_locations");
        seen = true;
        TRY(want_list(c, type, CT_STRUCT, &n));
        *locs = mn_arena_calloc(a, sizeof **locs * (n ? n : 1));
        if (!*locs) return OOM;
        for (uint32_t i = 0; i < n; i++) {
            TRY(enter(c));
            TRY(rd_page_location(c, &(*locs)[i]));
        }
        *nlocs = (int)n;
        c->depth--;
    });
    if (!seen) return fail(c, "offset index without page_locations");
    return 0;
}

int pq_read_offset_index(const uint8_t *p, size_t n, mn_arena *a, mn_parquet_page_location **locs, int *nlocs,
                         const char **msg) {
    pq_tc c = {p, p + n, 1, NULL};
    *locs = NULL;
    *nlocs = 0;
    int rc = rd_offset_index(&c, a, locs, nlocs);
    if (rc == OOM) return OOM;
    if (rc) *msg = c.msg ? c.msg : "malformed offset index";
    return rc;
}

static int rd_binary_list(pq_tc *c, int type, mn_arena *a, const uint8_t ***vals, uint32_t **lens, uint32_t *n) {
    TRY(want_list(c, type, CT_BINARY, n));
    *vals = mn_arena_alloc(a, sizeof **vals * (*n ? *n : 1));
    *lens = mn_arena_alloc(a, sizeof **lens * (*n ? *n : 1));
    if (!*vals || !*lens) return OOM;
    for (uint32_t i = 0; i < *n; i++) TRY(rd_binary(c, CT_BINARY, &(*vals)[i], &(*lens)[i]));
    c->depth--;
    return 0;
}

static int rd_column_index(pq_tc *c, mn_arena *a, mn_parquet_column_index *ci) {
    uint32_t n, nnull = 0, nmin = 0, nmax = 0, ncount = 0;
    unsigned seen = 0;
    FIELDS(c, {
        switch (id) {
        case 1:
            TRY(want_list(c, type, CT_TRUE, &n));
            ci->null_pages = mn_arena_alloc(a, sizeof *ci->null_pages * (n ? n : 1));
            if (!ci->null_pages) return OOM;
            for (uint32_t i = 0; i < n; i++) ci->null_pages[i] = c->p[i] == CT_TRUE;
            c->p += n;
            nnull = n;
            c->depth--;
            seen |= 1;
            break;
        case 2: TRY(rd_binary_list(c, type, a, &ci->min_values, &ci->min_lens, &nmin)); seen |= 2; break;
        case 3: TRY(rd_binary_list(c, type, a, &ci->max_values, &ci->max_lens, &nmax)); seen |= 4; break;
        case 4: TRY(rd_i32(c, type, &ci->boundary_order)); seen |= 8; break;
        case 5:
            TRY(want_list(c, type, CT_I64, &n));
            ci->null_counts = mn_arena_alloc(a, sizeof *ci->null_counts * (n ? n : 1));
            if (!ci->null_counts) return OOM;
            for (uint32_t i = 0; i < n; i++) TRY(rd_zigzag(c, &ci->null_counts[i]));
            ncount = n;
            c->depth--;
            break;
        default: goto skip_field;
        }
    });
    if (seen != 15) return fail(c, "column index lacks required fields");
    if (nmin != nnull || nmax != nnull || (ci->null_counts && ncount != nnull))
        return fail(c, "column index lists differ in length");
    ci->npages = (int)nnull;
    for (uint32_t i = 0; i < nnull; i++)
        if (ci->null_pages[i]) ci->min_values[i] = ci->max_values[i] = NULL;
    return 0;
}

int pq_read_column_index(const uint8_t *p, size_t n, mn_arena *a, mn_parquet_column_index *out, const char **msg) {
    pq_tc c = {p, p + n, 1, NULL};
    memset(out, 0, sizeof *out);
    int rc = rd_column_index(&c, a, out);
    if (rc == OOM) return OOM;
    if (rc) *msg = c.msg ? c.msg : "malformed column index";
    return rc;
}

/* ------------------------------------------------------------------ bloom filter header */

/* A union of empty structs (BloomFilterAlgorithm/Hash/Compression): *member gets the field id
 * of the member that is set (0 when none). */
static int rd_union_member(pq_tc *c, int *member) {
    *member = 0;
    FIELDS(c, {
        if (type != CT_STRUCT) goto skip_field;
        *member = id;
        TRY(skip(c, type));
    });
    return 0;
}

static int rd_bloom_header(pq_tc *c, int32_t *num_bytes, int *alg, int *hash, int *comp) {
    unsigned seen = 0;
    FIELDS(c, {
        switch (id) {
        case 1: TRY(rd_i32(c, type, num_bytes)); seen |= 1; break;
        case 2: TRY(want_struct(c, type)); TRY(rd_union_member(c, alg)); seen |= 2; break;
        case 3: TRY(want_struct(c, type)); TRY(rd_union_member(c, hash)); seen |= 4; break;
        case 4: TRY(want_struct(c, type)); TRY(rd_union_member(c, comp)); seen |= 8; break;
        default: goto skip_field;
        }
    });
    if (seen != 15) return fail(c, "bloom filter header lacks required fields");
    return 0;
}

int pq_read_bloom_header(const uint8_t *p, size_t n, int32_t *num_bytes, size_t *hdr_len, const char **msg) {
    pq_tc c = {p, p + n, 1, NULL};
    int alg = 0, hash = 0, comp = 0;
    *num_bytes = 0;
    if (rd_bloom_header(&c, num_bytes, &alg, &hash, &comp)) {
        *msg = c.msg ? c.msg : "malformed bloom filter header";
        return -1;
    }
    if (alg != 1 || hash != 1 || comp != 1) {
        *msg = "bloom filter is not an uncompressed split-block filter with xxHash";
        return 1;
    }
    if (*num_bytes <= 0 || *num_bytes % 32) {
        *msg = "bloom filter size is not a positive multiple of 32 bytes";
        return -1;
    }
    *hdr_len = (size_t)(c.p - p);
    return 0;
}
