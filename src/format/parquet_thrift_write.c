/* parquet_thrift_write.c — Thrift compact protocol encoding for the Parquet writer: the
 * primitives (zigzag varints, field headers with id deltas, list headers, binaries) and the
 * parquet.thrift structures the writer emits. Field ids follow parquet.thrift. */
#include "format/parquet_thrift_write.h"

#include <stdlib.h>
#include <string.h>

#include "format/parquet.h"

/* ---------------------------------------------------------------- buffer */

void pq_tw_init(pq_tw *w) { memset(w, 0, sizeof *w); }

void pq_tw_free(pq_tw *w) {
    free(w->buf);
    memset(w, 0, sizeof *w);
}

void pq_tw_reset(pq_tw *w) {
    w->len = 0;
    w->depth = 0;
    w->oom = false;
}

static bool reserve(pq_tw *w, size_t n) {
    if (w->oom) return false;
    if (w->cap - w->len >= n) return true;
    size_t cap = w->cap ? w->cap : 256;
    while (cap - w->len < n) {
        if (cap > SIZE_MAX / 2) {
            w->oom = true;
            return false;
        }
        cap *= 2;
    }
    uint8_t *b = realloc(w->buf, cap);
    if (!b) {
        w->oom = true;
        return false;
    }
    w->buf = b;
    w->cap = cap;
    return true;
}

static void put_byte(pq_tw *w, uint8_t b) {
    if (reserve(w, 1)) w->buf[w->len++] = b;
}

static void put_bytes(pq_tw *w, const void *p, size_t n) {
    if (n && reserve(w, n)) {
        memcpy(w->buf + w->len, p, n);
        w->len += n;
    }
}

static void put_varint(pq_tw *w, uint64_t v) {
    if (!reserve(w, 10)) return;
    while (v >= 0x80) {
        w->buf[w->len++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    w->buf[w->len++] = (uint8_t)v;
}

static uint64_t zigzag64(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static uint64_t zigzag32(int32_t v) { return (uint32_t)(((uint32_t)v << 1) ^ (uint32_t)(v >> 31)); }

static void field_header(pq_tw *w, int16_t id, int type) {
    if (w->depth <= 0) { /* a field outside any struct: caller bug, reported as failure */
        w->oom = true;
        return;
    }
    int16_t *last = &w->last[w->depth - 1];
    int delta = (int)id - (int)*last;
    if (delta > 0 && delta <= 15) {
        put_byte(w, (uint8_t)(delta << 4 | type));
    } else {
        put_byte(w, (uint8_t)type);
        put_varint(w, zigzag32(id));
    }
    *last = id;
}

static void push(pq_tw *w) {
    if (w->depth >= PQ_TW_MAX_DEPTH) {
        w->oom = true;
        return;
    }
    w->last[w->depth++] = 0;
}

/* ---------------------------------------------------------------- primitives */

void pq_tw_begin(pq_tw *w) { push(w); }

void pq_tw_end(pq_tw *w) {
    put_byte(w, 0); /* STOP */
    if (w->depth > 0) w->depth--;
}

void pq_tw_field_bool(pq_tw *w, int16_t id, bool v) { field_header(w, id, v ? PQ_TT_TRUE : PQ_TT_FALSE); }

void pq_tw_field_byte(pq_tw *w, int16_t id, int8_t v) {
    field_header(w, id, PQ_TT_BYTE);
    put_byte(w, (uint8_t)v);
}

void pq_tw_field_i16(pq_tw *w, int16_t id, int16_t v) {
    field_header(w, id, PQ_TT_I16);
    put_varint(w, zigzag32(v));
}

void pq_tw_field_i32(pq_tw *w, int16_t id, int32_t v) {
    field_header(w, id, PQ_TT_I32);
    put_varint(w, zigzag32(v));
}

void pq_tw_field_i64(pq_tw *w, int16_t id, int64_t v) {
    field_header(w, id, PQ_TT_I64);
    put_varint(w, zigzag64(v));
}

void pq_tw_field_binary(pq_tw *w, int16_t id, const void *p, size_t n) {
    field_header(w, id, PQ_TT_BINARY);
    put_varint(w, n);
    put_bytes(w, p, n);
}

void pq_tw_field_struct(pq_tw *w, int16_t id) {
    field_header(w, id, PQ_TT_STRUCT);
    push(w);
}

void pq_tw_field_list(pq_tw *w, int16_t id, int elem, int64_t n) {
    field_header(w, id, PQ_TT_LIST);
    if (n < 0) n = 0;
    if (n < 15) {
        put_byte(w, (uint8_t)(n << 4 | elem));
    } else {
        put_byte(w, (uint8_t)(0xf0 | elem));
        put_varint(w, (uint64_t)n);
    }
}

void pq_tw_elem_bool(pq_tw *w, bool v) { put_byte(w, v ? 1 : 2); }
void pq_tw_elem_i32(pq_tw *w, int32_t v) { put_varint(w, zigzag32(v)); }
void pq_tw_elem_i64(pq_tw *w, int64_t v) { put_varint(w, zigzag64(v)); }

void pq_tw_elem_binary(pq_tw *w, const void *p, size_t n) {
    put_varint(w, n);
    put_bytes(w, p, n);
}

/* ---------------------------------------------------------------- structures */

enum { ENC_PLAIN = 0, ENC_RLE = 3, ENC_RLE_DICTIONARY = 8 };

static void stats(pq_tw *w, int16_t id, const pq_w_stats *s) {
    pq_tw_field_struct(w, id);
    pq_tw_field_i64(w, 3, s->null_count);
    if (s->has_minmax) {
        pq_tw_field_binary(w, 5, s->max, s->max_len);
        pq_tw_field_binary(w, 6, s->min, s->min_len);
        pq_tw_field_bool(w, 7, s->max_exact);
        pq_tw_field_bool(w, 8, s->min_exact);
    }
    if (s->has_nan_count) pq_tw_field_i64(w, 9, s->nan_count);
    pq_tw_end(w);
}

void pq_tw_page_header(pq_tw *w, const pq_w_page_header *h) {
    pq_tw_begin(w);
    pq_tw_field_i32(w, 1, h->type);
    pq_tw_field_i32(w, 2, h->uncompressed_size);
    pq_tw_field_i32(w, 3, h->compressed_size);
    pq_tw_field_i32(w, 4, (int32_t)h->crc);
    if (h->type == 2) { /* DictionaryPageHeader */
        pq_tw_field_struct(w, 7);
        pq_tw_field_i32(w, 1, h->num_values);
        pq_tw_field_i32(w, 2, h->encoding);
        pq_tw_end(w);
    } else { /* DataPageHeader */
        pq_tw_field_struct(w, 5);
        pq_tw_field_i32(w, 1, h->num_values);
        pq_tw_field_i32(w, 2, h->encoding);
        pq_tw_field_i32(w, 3, ENC_RLE); /* definition levels */
        pq_tw_field_i32(w, 4, ENC_RLE); /* repetition levels (none: max level 0) */
        if (h->stats) stats(w, 5, h->stats);
        pq_tw_end(w);
    }
    pq_tw_end(w);
}

static void schema_element(pq_tw *w, const pq_w_schema_col *c) {
    pq_tw_begin(w);
    if (c->num_children == 0) pq_tw_field_i32(w, 1, c->physical);
    if (c->type_length >= 0) pq_tw_field_i32(w, 2, c->type_length);
    pq_tw_field_i32(w, 3, c->repetition);
    pq_tw_field_binary(w, 4, c->name, strlen(c->name));
    if (c->num_children > 0) pq_tw_field_i32(w, 5, c->num_children);
    if (c->converted >= 0) pq_tw_field_i32(w, 6, c->converted);
    if (c->scale >= 0) pq_tw_field_i32(w, 7, c->scale);
    if (c->precision >= 0) pq_tw_field_i32(w, 8, c->precision);
    if (c->logical != MN_PQ_LT_NONE) {
        pq_tw_field_struct(w, 10); /* LogicalType union: exactly one member */
        pq_tw_field_struct(w, (int16_t)c->logical);
        switch (c->logical) {
        case MN_PQ_LT_DECIMAL:
            pq_tw_field_i32(w, 1, c->scale);
            pq_tw_field_i32(w, 2, c->precision);
            break;
        case MN_PQ_LT_TIMESTAMP:
        case MN_PQ_LT_TIME:
            pq_tw_field_bool(w, 1, c->ts_utc);
            pq_tw_field_struct(w, 2); /* TimeUnit union */
            pq_tw_field_struct(w, (int16_t)c->ts_unit);
            pq_tw_end(w);
            pq_tw_end(w);
            break;
        case MN_PQ_LT_INTEGER:
            pq_tw_field_byte(w, 1, (int8_t)c->int_bits);
            pq_tw_field_bool(w, 2, c->int_signed);
            break;
        default: break; /* STRING, DATE, LIST, MAP, ...: empty structs */
        }
        pq_tw_end(w);
        pq_tw_end(w);
    }
    pq_tw_end(w);
}

static int popcount32(uint32_t x) {
    int n = 0;
    for (; x; x &= x - 1) n++;
    return n;
}

static void column_chunk(pq_tw *w, const pq_w_chunk *c) {
    pq_tw_begin(w);
    pq_tw_field_i64(w, 2, 0); /* file_offset: deprecated, 0 = no metadata outside the footer */
    pq_tw_field_struct(w, 3); /* ColumnMetaData */
    pq_tw_field_i32(w, 1, c->physical);
    pq_tw_field_list(w, 2, PQ_TT_I32, popcount32(c->encodings));
    for (int e = 0; e < 32; e++)
        if (c->encodings & (UINT32_C(1) << e)) pq_tw_elem_i32(w, e);
    pq_tw_field_list(w, 3, PQ_TT_BINARY, c->path_len);
    for (int i = 0; i < c->path_len; i++) pq_tw_elem_binary(w, c->path[i], strlen(c->path[i]));
    pq_tw_field_i32(w, 4, c->codec);
    pq_tw_field_i64(w, 5, c->num_values);
    pq_tw_field_i64(w, 6, c->total_uncompressed);
    pq_tw_field_i64(w, 7, c->total_compressed);
    pq_tw_field_i64(w, 9, c->data_page_offset);
    if (c->dictionary_page_offset >= 0) pq_tw_field_i64(w, 11, c->dictionary_page_offset);
    if (c->has_stats) stats(w, 12, &c->stats);
    int nes = (c->dict_pages > 0) + (c->dict_data_pages > 0) + (c->plain_data_pages > 0);
    pq_tw_field_list(w, 13, PQ_TT_STRUCT, nes);
    struct {
        int32_t count, page_type, encoding;
    } es[3] = {{c->dict_pages, 2, ENC_PLAIN},
               {c->dict_data_pages, 0, ENC_RLE_DICTIONARY},
               {c->plain_data_pages, 0, ENC_PLAIN}};
    for (int i = 0; i < 3; i++) {
        if (es[i].count <= 0) continue;
        pq_tw_begin(w);
        pq_tw_field_i32(w, 1, es[i].page_type);
        pq_tw_field_i32(w, 2, es[i].encoding);
        pq_tw_field_i32(w, 3, es[i].count);
        pq_tw_end(w);
    }
    pq_tw_end(w); /* ColumnMetaData */
    if (c->offset_index_offset >= 0) {
        pq_tw_field_i64(w, 4, c->offset_index_offset);
        pq_tw_field_i32(w, 5, c->offset_index_length);
    }
    if (c->column_index_offset >= 0) {
        pq_tw_field_i64(w, 6, c->column_index_offset);
        pq_tw_field_i32(w, 7, c->column_index_length);
    }
    pq_tw_end(w);
}

void pq_tw_file_meta(pq_tw *w, const pq_w_schema_col *elems, int nelems, int ntop, int ncols, int64_t num_rows,
                     const pq_w_row_group *rgs, int nrgs, const char *created_by) {
    pq_tw_begin(w);
    pq_tw_field_i32(w, 1, 1); /* version */
    pq_tw_field_list(w, 2, PQ_TT_STRUCT, (int64_t)nelems + 1);
    pq_tw_begin(w); /* root */
    pq_tw_field_binary(w, 4, "schema", 6);
    pq_tw_field_i32(w, 5, ntop);
    pq_tw_end(w);
    for (int i = 0; i < nelems; i++) schema_element(w, &elems[i]);
    pq_tw_field_i64(w, 3, num_rows);
    pq_tw_field_list(w, 4, PQ_TT_STRUCT, nrgs);
    for (int g = 0; g < nrgs; g++) {
        const pq_w_row_group *rg = &rgs[g];
        pq_tw_begin(w);
        pq_tw_field_list(w, 1, PQ_TT_STRUCT, ncols);
        for (int i = 0; i < ncols; i++) column_chunk(w, &rg->chunks[i]);
        pq_tw_field_i64(w, 2, rg->total_byte_size);
        pq_tw_field_i64(w, 3, rg->num_rows);
        pq_tw_field_i64(w, 5, rg->file_offset);
        pq_tw_field_i64(w, 6, rg->total_compressed_size);
        if (g <= INT16_MAX) pq_tw_field_i16(w, 7, (int16_t)g);
        pq_tw_end(w);
    }
    if (created_by) pq_tw_field_binary(w, 6, created_by, strlen(created_by));
    pq_tw_field_list(w, 7, PQ_TT_STRUCT, ncols);
    for (int i = 0; i < ncols; i++) {
        pq_tw_begin(w); /* ColumnOrder union */
        pq_tw_field_struct(w, 1); /* TYPE_ORDER: TypeDefinedOrder {} */
        pq_tw_end(w);
        pq_tw_end(w);
    }
    pq_tw_end(w);
}

void pq_tw_column_index(pq_tw *w, const pq_w_page_entry *p, int n, int boundary_order, bool with_nans) {
    pq_tw_begin(w);
    pq_tw_field_list(w, 1, PQ_TT_TRUE, n);
    for (int i = 0; i < n; i++) pq_tw_elem_bool(w, p[i].null_page);
    pq_tw_field_list(w, 2, PQ_TT_BINARY, n);
    for (int i = 0; i < n; i++) pq_tw_elem_binary(w, p[i].min, p[i].null_page ? 0 : p[i].min_len);
    pq_tw_field_list(w, 3, PQ_TT_BINARY, n);
    for (int i = 0; i < n; i++) pq_tw_elem_binary(w, p[i].max, p[i].null_page ? 0 : p[i].max_len);
    pq_tw_field_i32(w, 4, boundary_order);
    pq_tw_field_list(w, 5, PQ_TT_I64, n);
    for (int i = 0; i < n; i++) pq_tw_elem_i64(w, p[i].null_count);
    if (with_nans) {
        pq_tw_field_list(w, 8, PQ_TT_I64, n);
        for (int i = 0; i < n; i++) pq_tw_elem_i64(w, p[i].nan_count);
    }
    pq_tw_end(w);
}

void pq_tw_offset_index(pq_tw *w, const pq_w_page_entry *p, int n) {
    pq_tw_begin(w);
    pq_tw_field_list(w, 1, PQ_TT_STRUCT, n);
    for (int i = 0; i < n; i++) {
        pq_tw_begin(w);
        pq_tw_field_i64(w, 1, p[i].offset);
        pq_tw_field_i32(w, 2, p[i].size);
        pq_tw_field_i64(w, 3, p[i].first_row);
        pq_tw_end(w);
    }
    pq_tw_end(w);
}
