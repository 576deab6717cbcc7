/* parquet_writer.c — the Parquet writer: converts chunk columns to physical values, encodes
 * them into data pages v1 (RLE definition levels; RLE_DICTIONARY indices while the column
 * chunk's dictionary stays small, PLAIN after a fallback or when a dictionary does not pay),
 * compresses pages, keeps statistics per page and per column chunk (parquet_writer_stats.c),
 * and writes row groups, the page index and the footer. Pages of a column chunk are buffered
 * (compressed) until the row group is complete, because the dictionary page must precede
 * them in the file. */
#include "format/parquet_writer_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <lz4.h>
#include <snappy-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "common/arena.h"
#include "format/parquet.h"
#include "format/parquet_thrift_write.h"
#include "io/fs.h"
#include "types/nested.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the Parquet writer stores PLAIN values with memcpy and needs a little-endian host"
#endif

#define DEF_RG_ROWS ((int64_t)1 << 20)
#define DEF_RG_BYTES ((int64_t)128 << 20)
#define DEF_PAGE_ROWS 20000
#define DEF_PAGE_BYTES (1 << 20)
#define DEF_DICT_BYTES (1 << 20)
#define DEF_DICT_ENTRIES 65536
#define MAX_PAGE_ROWS (1 << 22)
#define OUT_BLOCK ((size_t)1 << 20)
#define CREATED_BY "minerva version 0.1.0"

enum { ENC_PLAIN = 0, ENC_RLE = 3, ENC_RLE_DICTIONARY = 8 };
enum { PAGE_DATA = 0, PAGE_DICT = 2 };


static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory writing Parquet"); }

/* ---------------------------------------------------------------- type mapping */

static int decimal_flba_bytes(int p) {
    mn_u128 lim = 1;
    for (int i = 0; i < p; i++) lim *= 10;
    for (int n = 1; n < 16; n++)
        if ((((mn_u128)1 << (8 * n - 1)) - 1) >= lim - 1) return n;
    return 16;
}

static int map_type(const char *name, mn_type t, pq_w_schema_col *s, int *width, mn_error *err) {
    memset(s, 0, sizeof *s);
    s->name = name;
    s->repetition = MN_PQ_OPTIONAL;
    s->type_length = -1;
    s->converted = -1;
    s->scale = s->precision = -1;
    s->logical = MN_PQ_LT_NONE;
    switch ((mn_type_id)t.id) {
    case MN_T_BOOLEAN: s->physical = MN_PQ_BOOLEAN, *width = 1; break;
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
        s->physical = MN_PQ_INT32, *width = 4;
        s->int_bits = t.id == MN_T_TINYINT ? 8 : t.id == MN_T_SMALLINT ? 16 : 32;
        s->converted = t.id == MN_T_TINYINT ? MN_PQ_CT_INT_8 : t.id == MN_T_SMALLINT ? MN_PQ_CT_INT_16 : MN_PQ_CT_INT_32;
        s->logical = MN_PQ_LT_INTEGER;
        s->int_signed = true;
        break;
    case MN_T_BIGINT: s->physical = MN_PQ_INT64, *width = 8; break;
    case MN_T_REAL: s->physical = MN_PQ_FLOAT, *width = 4; break;
    case MN_T_DOUBLE: s->physical = MN_PQ_DOUBLE, *width = 8; break;
    case MN_T_DECIMAL:
        if (t.precision < 1 || t.precision > MN_MAX_DECIMAL_PRECISION || t.scale > t.precision)
            return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Invalid decimal type for Parquet column '%s'", name);
        if (t.precision <= 9) {
            s->physical = MN_PQ_INT32, *width = 4;
        } else if (t.precision <= 18) {
            s->physical = MN_PQ_INT64, *width = 8;
        } else {
            s->physical = MN_PQ_FIXED_LEN_BYTE_ARRAY;
            *width = s->type_length = decimal_flba_bytes(t.precision);
        }
        s->converted = MN_PQ_CT_DECIMAL;
        s->logical = MN_PQ_LT_DECIMAL;
        s->precision = t.precision;
        s->scale = t.scale;
        break;
    case MN_T_VARCHAR:
    case MN_T_CHAR:
        s->physical = MN_PQ_BYTE_ARRAY, *width = 0;
        s->converted = MN_PQ_CT_UTF8;
        s->logical = MN_PQ_LT_STRING;
        break;
    case MN_T_VARBINARY: s->physical = MN_PQ_BYTE_ARRAY, *width = 0; break; /* plain binary */
    case MN_T_UUID: /* FIXED_LEN_BYTE_ARRAY(16), big-endian, as the spec's UUID type */
        s->physical = MN_PQ_FIXED_LEN_BYTE_ARRAY;
        *width = s->type_length = 16;
        s->logical = MN_PQ_LT_UUID;
        break;
    case MN_T_JSON:
        s->physical = MN_PQ_BYTE_ARRAY, *width = 0;
        s->converted = MN_PQ_CT_JSON;
        s->logical = MN_PQ_LT_JSON;
        break;
    case MN_T_DATE:
        s->physical = MN_PQ_INT32, *width = 4;
        s->converted = MN_PQ_CT_DATE;
        s->logical = MN_PQ_LT_DATE;
        break;
    case MN_T_TIMESTAMP:
        s->physical = MN_PQ_INT64, *width = 8;
        s->converted = MN_PQ_CT_TIMESTAMP_MICROS; /* LogicalTypes.md: local timestamps too */
        s->logical = MN_PQ_LT_TIMESTAMP;
        s->ts_unit = MN_PQ_MICROS;
        s->ts_utc = false;
        break;
    default: {
        char tn[64];
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet files cannot store column '%s' of type %s", name,
                            mn_type_name(t, tn, sizeof tn));
    }
    }
    return 0;
}

/* ---------------------------------------------------------------- nested schema
 * ARRAY(E) -> optional group (LIST) { repeated group list { optional E element } }
 * MAP(K,V) -> optional group (MAP) { repeated group key_value { required K key; optional V value } }
 * ROW(f..) -> optional group { optional f1; ... } (anonymous fields are named field0, field1, ...)
 * (LogicalTypes.md, "Nested Types"), nested to any depth. */

/* Deepest path: every nesting level adds at most two names. */
#define MAX_PATH (2 * MN_NESTED_MAX_DEPTH + 4)

static void count_schema(mn_type t, int *elems, int *leaves) {
    switch ((mn_type_id)t.id) {
    case MN_T_ARRAY:
        *elems += 2;
        count_schema(mn_type_elem(t), elems, leaves);
        break;
    case MN_T_MAP:
        *elems += 2;
        count_schema(mn_type_map_key(t), elems, leaves);
        count_schema(mn_type_map_value(t), elems, leaves);
        break;
    case MN_T_ROW:
        *elems += 1;
        for (int i = 0; i < t.ext->n; i++) count_schema(t.ext->types[i], elems, leaves);
        break;
    default:
        *elems += 1;
        *leaves += 1;
        break;
    }
}

static pq_w_schema_col *group_elem(mn_parquet_writer *w, const char *name, int repetition, int nkids) {
    pq_w_schema_col *e = &w->schema[w->nschema++];
    memset(e, 0, sizeof *e);
    e->name = name;
    e->repetition = repetition;
    e->num_children = nkids;
    e->type_length = e->converted = e->scale = e->precision = -1;
    e->logical = MN_PQ_LT_NONE;
    return e;
}

/* Adds the schema elements and leaves of a value named `name` of type t below a parent at
 * definition level def and repetition level rep; path[0..depth) names the ancestors. */
static int build_node(mn_parquet_writer *w, pqw_node *nd, const char *name, mn_type t, int repetition, int def, int rep,
                      const char **path, int depth, const char *top, mn_error *err) {
    if (depth + 2 > MAX_PATH) return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Column '%s' is nested too deeply for Parquet", top);
    memset(nd, 0, sizeof *nd);
    nd->type = t;
    nd->optional = repetition == MN_PQ_OPTIONAL;
    if (nd->optional) def++;
    char *nm = mn_arena_strdup(&w->meta, name);
    if (!nm) return oom(err);
    path[depth++] = nm;
    nd->leaf0 = w->nleaves;
    if (!mn_type_is_nested(t)) {
        pqw_col *c = &w->cols[w->nleaves++];
        mn_arena_init(&c->page_arena, 0);
        c->type = t;
        c->name = strdup(top);
        c->path = mn_arena_alloc(&w->meta, sizeof(char *) * (size_t)depth);
        if (!c->name || !c->path) return oom(err);
        memcpy(c->path, path, sizeof(char *) * (size_t)depth);
        c->path_len = depth;
        c->max_def = def;
        c->max_rep = rep;
        if (map_type(nm, t, &w->schema[w->nschema], &c->width, err)) return -1;
        w->schema[w->nschema].repetition = repetition;
        c->physical = w->schema[w->nschema++].physical;
        if (c->physical == MN_PQ_BOOLEAN) c->width = 1;
        nd->nleaves = 1;
        return 0;
    }
    nd->nkids = t.id == MN_T_ROW ? t.ext->n : t.id == MN_T_MAP ? 2 : 1;
    nd->kids = mn_arena_calloc(&w->meta, sizeof *nd->kids * (size_t)nd->nkids);
    if (!nd->kids) return oom(err);
    if (t.id == MN_T_ROW) {
        group_elem(w, nm, repetition, nd->nkids);
        for (int i = 0; i < nd->nkids; i++) {
            char fb[32];
            const char *fname = t.ext->names && t.ext->names[i] ? t.ext->names[i] : fb;
            snprintf(fb, sizeof fb, "field%d", i);
            if (build_node(w, &nd->kids[i], fname, t.ext->types[i], MN_PQ_OPTIONAL, def, rep, path, depth, top, err))
                return -1;
        }
    } else {
        bool map = t.id == MN_T_MAP;
        pq_w_schema_col *e = group_elem(w, nm, repetition, 1);
        e->converted = map ? MN_PQ_CT_MAP : MN_PQ_CT_LIST;
        e->logical = map ? MN_PQ_LT_MAP : MN_PQ_LT_LIST;
        const char *inner = map ? "key_value" : "list";
        group_elem(w, inner, MN_PQ_REPEATED, nd->nkids);
        path[depth++] = inner;
        nd->rep = rep + 1;
        if (map) {
            if (build_node(w, &nd->kids[0], "key", mn_type_map_key(t), MN_PQ_REQUIRED, def + 1, rep + 1, path, depth, top,
                           err) ||
                build_node(w, &nd->kids[1], "value", mn_type_map_value(t), MN_PQ_OPTIONAL, def + 1, rep + 1, path, depth,
                           top, err))
                return -1;
        } else if (build_node(w, &nd->kids[0], "element", mn_type_elem(t), MN_PQ_OPTIONAL, def + 1, rep + 1, path, depth,
                              top, err)) {
            return -1;
        }
    }
    nd->nleaves = w->nleaves - nd->leaf0;
    return 0;
}

/* ---------------------------------------------------------------- output */

static int out_flush(mn_parquet_writer *w, mn_error *err) {
    if (w->out_len == 0) return 0;
    if (mn_fs_write_all(w->fd, w->out, w->out_len, w->tmp, err) != 0) return -1;
    w->out_len = 0;
    return 0;
}

static int out_put(mn_parquet_writer *w, const void *p, size_t n, mn_error *err) {
    if (n == 0) return 0;
    if (w->out_len + n > OUT_BLOCK) {
        if (out_flush(w, err) != 0) return -1;
        if (n >= OUT_BLOCK / 2) {
            if (mn_fs_write_all(w->fd, p, n, w->tmp, err) != 0) return -1;
            w->pos += (int64_t)n;
            return 0;
        }
    }
    memcpy(w->out + w->out_len, p, n);
    w->out_len += n;
    w->pos += (int64_t)n;
    return 0;
}

/* ---------------------------------------------------------------- RLE / bit-packing */

static size_t rle_bound(int n, int bw) { return ((size_t)n / 8 + 2) * ((size_t)bw + 10); }

static uint8_t *put_uvarint(uint8_t *p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

/* Appends the RLE / bit-packed hybrid encoding (Encodings.md) of v[0..n) with bit width bw
 * (0..32) to b: runs of 8 or more equal values become RLE runs, the rest bit-packed groups
 * of 8 (the last group padded with zeros). */
static int rle_encode(buf *b, const uint32_t *v, int n, int bw) {
    if (buf_reserve(b, rle_bound(n, bw))) return -1;
    uint8_t *p = b->p + b->len;
    int vbytes = (bw + 7) / 8;
    int i = 0;
    while (i < n) {
        int j = i + 1;
        while (j < n && v[j] == v[i]) j++;
        if (j - i >= 8) {
            p = put_uvarint(p, (uint64_t)(j - i) << 1);
            for (int k = 0; k < vbytes; k++) *p++ = (uint8_t)(v[i] >> (8 * k));
            i = j;
            continue;
        }
        int start = i, groups = 0;
        for (;;) { /* groups of 8 until a run of 8 starts at a group boundary */
            i += 8;
            groups++;
            if (i >= n || groups == 63) break;
            int r = i + 1;
            while (r < n && r - i < 8 && v[r] == v[i]) r++;
            if (r - i >= 8) break;
        }
        *p++ = (uint8_t)(groups << 1 | 1);
        uint64_t acc = 0;
        int nbits = 0;
        for (int k = start; k < start + groups * 8; k++) {
            acc |= (uint64_t)(k < n ? v[k] : 0) << nbits;
            nbits += bw;
            while (nbits >= 8) {
                *p++ = (uint8_t)acc;
                acc >>= 8;
                nbits -= 8;
            }
        }
        if (i > n) i = n;
    }
    b->len = (size_t)(p - b->p);
    return 0;
}

static int bit_width(uint32_t max) {
    int bw = 0;
    while (bw < 32 && (max >> bw)) bw++;
    return bw;
}

/* ---------------------------------------------------------------- compression */

static int compress_page(mn_parquet_writer *w, const uint8_t *src, size_t n, const uint8_t **out, size_t *out_len,
                         mn_error *err) {
    buf *c = &w->comp;
    c->len = 0;
    switch (w->codec) {
    case MN_PQ_UNCOMPRESSED:
        *out = src;
        *out_len = n;
        return 0;
    case MN_PQ_SNAPPY: {
        size_t cap = snappy_max_compressed_length(n);
        if (buf_reserve(c, cap)) return oom(err);
        size_t len = cap;
        if (snappy_compress((const char *)src, n, (char *)c->p, &len) != SNAPPY_OK)
            return mn_error_set(err, MN_ERR_INTERNAL, "Snappy compression failed");
        c->len = len;
        break;
    }
    case MN_PQ_GZIP: {
        if (!w->z_init) {
            memset(&w->z, 0, sizeof w->z);
            int level = w->opt.level > 0 && w->opt.level <= 9 ? w->opt.level : Z_DEFAULT_COMPRESSION;
            if (deflateInit2(&w->z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
                return mn_error_set(err, MN_ERR_INTERNAL, "Cannot initialize zlib");
            w->z_init = true;
        } else if (deflateReset(&w->z) != Z_OK) {
            return mn_error_set(err, MN_ERR_INTERNAL, "Cannot reset zlib");
        }
        size_t cap = deflateBound(&w->z, (uLong)n);
        if (buf_reserve(c, cap)) return oom(err);
        w->z.next_in = (Bytef *)(uintptr_t)src;
        w->z.avail_in = (uInt)n;
        w->z.next_out = c->p;
        w->z.avail_out = (uInt)cap;
        if (deflate(&w->z, Z_FINISH) != Z_STREAM_END)
            return mn_error_set(err, MN_ERR_INTERNAL, "GZIP compression failed");
        c->len = cap - w->z.avail_out;
        break;
    }
    case MN_PQ_ZSTD: {
        if (!w->zc && !(w->zc = ZSTD_createCCtx())) return oom(err);
        size_t cap = ZSTD_compressBound(n);
        if (buf_reserve(c, cap)) return oom(err);
        int level = w->opt.level > 0 ? w->opt.level : ZSTD_CLEVEL_DEFAULT;
        if (level > ZSTD_maxCLevel()) level = ZSTD_maxCLevel();
        size_t r = ZSTD_compressCCtx(w->zc, c->p, cap, src, n, level);
        if (ZSTD_isError(r)) return mn_error_set(err, MN_ERR_INTERNAL, "ZSTD compression failed: %s", ZSTD_getErrorName(r));
        c->len = r;
        break;
    }
    case MN_PQ_LZ4_RAW: {
        int cap = LZ4_compressBound((int)n);
        if (cap <= 0) return mn_error_set(err, MN_ERR_INTERNAL, "Page too large for LZ4");
        if (buf_reserve(c, (size_t)cap)) return oom(err);
        int r = LZ4_compress_default((const char *)src, (char *)c->p, (int)n, cap);
        if (r <= 0) return mn_error_set(err, MN_ERR_INTERNAL, "LZ4 compression failed");
        c->len = (size_t)r;
        break;
    }
    default: return mn_error_set(err, MN_ERR_INTERNAL, "Unknown Parquet codec %d", w->codec);
    }
    *out = c->p;
    *out_len = c->len;
    return 0;
}

static uint32_t crc_of(const uint8_t *p, size_t n) {
    uLong crc = crc32(0L, Z_NULL, 0);
    while (n) {
        uInt k = (uInt)(n < (1u << 30) ? n : (1u << 30));
        crc = crc32(crc, p, k);
        p += k;
        n -= k;
    }
    return (uint32_t)crc;
}


/* ---------------------------------------------------------------- dictionary */

static uint64_t key_hash(const pqw_col *c, const uint8_t *key, size_t n) {
    if (c->width == 4) return mn_hash_u64(get_le32(key));
    if (c->width == 8) {
        uint64_t v;
        memcpy(&v, key, 8);
        return mn_hash_u64(v);
    }
    return mn_hash_bytes(key, n, 0);
}

static bool key_equal(const pqw_col *c, uint32_t idx, const uint8_t *key, size_t n) {
    if (c->width) return memcmp(c->dict.p + (size_t)idx * (size_t)c->width, key, (size_t)c->width) == 0;
    const uint8_t *e = c->dict.p + c->dict_offs[idx];
    return get_le32(e) == n && (n == 0 || memcmp(e + 4, key, n) == 0);
}

static int ht_grow(pqw_col *c) {
    uint32_t cap = c->ht_cap ? c->ht_cap * 2 : 1024;
    ht_slot *t = calloc(cap, sizeof *t);
    if (!t) return -1;
    for (uint32_t i = 0; i < c->ht_cap; i++) {
        if (!c->ht[i].idx1) continue;
        uint32_t pos = c->ht[i].hash & (cap - 1);
        while (t[pos].idx1) pos = (pos + 1) & (cap - 1);
        t[pos] = c->ht[i];
    }
    free(c->ht);
    c->ht = t;
    c->ht_cap = cap;
    return 0;
}

static void dict_clear(pqw_col *c) {
    c->ndict = 0;
    c->dict.len = 0;
    if (c->ht) memset(c->ht, 0, sizeof *c->ht * c->ht_cap);
}

/* Index of the value in the dictionary, adding it when new. Returns the index, -1 when the
 * dictionary is full (limits of the options), -2 when out of memory. */
static int64_t dict_lookup(mn_parquet_writer *w, pqw_col *c, const uint8_t *key, size_t n) {
    if ((uint64_t)(c->ndict + 1) * 2 > c->ht_cap && c->ndict < (uint32_t)w->opt.dict_entries && ht_grow(c)) return -2;
    uint32_t h = (uint32_t)key_hash(c, key, n);
    uint32_t mask = c->ht_cap - 1, pos = h & mask;
    for (;;) {
        ht_slot *s = &c->ht[pos];
        if (!s->idx1) break;
        if (s->hash == h && key_equal(c, s->idx1 - 1, key, n)) return s->idx1 - 1;
        pos = (pos + 1) & mask;
    }
    size_t entry = c->width ? (size_t)c->width : 4 + n;
    if (c->ndict + 1 > (uint32_t)w->opt.dict_entries || c->dict.len + entry > (size_t)w->opt.dict_bytes) return -1;
    if (!c->width) {
        if (c->ndict >= c->dict_offs_cap) {
            size_t cap = c->dict_offs_cap ? c->dict_offs_cap * 2 : 1024;
            uint32_t *o = realloc(c->dict_offs, cap * sizeof *o);
            if (!o) return -2;
            c->dict_offs = o;
            c->dict_offs_cap = cap;
        }
        c->dict_offs[c->ndict] = (uint32_t)c->dict.len;
        uint8_t len[4];
        put_le32(len, (uint32_t)n);
        if (buf_put(&c->dict, len, 4)) return -2;
    }
    if (buf_put(&c->dict, key, n)) return -2;
    c->ht[pos].hash = h;
    c->ht[pos].idx1 = c->ndict + 1;
    return c->ndict++;
}

/* ---------------------------------------------------------------- pages */

static int add_page_entry(pqw_col *c, int64_t offset, int32_t size, const pq_w_stats *st, mn_error *err) {
    if (c->npages == c->pages_cap) {
        int cap = c->pages_cap ? c->pages_cap * 2 : 64;
        pq_w_page_entry *p = realloc(c->pages, (size_t)cap * sizeof *p);
        if (!p) return oom(err);
        c->pages = p;
        c->pages_cap = cap;
    }
    pq_w_page_entry *e = &c->pages[c->npages++];
    memset(e, 0, sizeof *e);
    e->offset = offset;
    e->size = size;
    e->first_row = c->chunk_rows;
    e->null_count = c->page_nulls;
    e->nan_count = c->page_mm.nans;
    e->null_page = c->page_nulls == c->page_vals;
    if (!e->null_page) {
        if (!st->has_minmax) {
            c->ci_ok = false; /* all NaN, or no valid truncated bound */
            return 0;
        }
        uint8_t *mn = mn_arena_alloc(&c->page_arena, st->min_len + 1);
        uint8_t *mx = mn_arena_alloc(&c->page_arena, st->max_len + 1);
        if (!mn || !mx) return oom(err);
        memcpy(mn, st->min, st->min_len);
        memcpy(mx, st->max, st->max_len);
        e->min = mn, e->max = mx;
        e->min_len = st->min_len, e->max_len = st->max_len;
    }
    return 0;
}

/* Replaces the page's dictionary indices by PLAIN values (the dictionary did not pay). */
static int page_to_plain(pqw_col *c) {
    c->vals.len = 0;
    for (int i = 0; i < c->nidx; i++) {
        uint32_t e = c->idx[i];
        int r;
        if (c->width) {
            r = buf_put(&c->vals, c->dict.p + (size_t)e * (size_t)c->width, (size_t)c->width);
        } else {
            const uint8_t *p = c->dict.p + c->dict_offs[e];
            r = buf_put(&c->vals, p, 4 + (size_t)get_le32(p));
        }
        if (r) return -1;
    }
    c->nidx = 0;
    return 0;
}

/* Encodes, compresses and appends the current page to the chunk buffer. */
/* Appends levels[0..n) with their 4-byte length, RLE hybrid encoded for max level max. */
static int put_levels(mn_parquet_writer *w, const uint8_t *levels, int n, int max, mn_error *err) {
    buf *b = &w->body;
    size_t at = b->len;
    if (buf_reserve(b, 4)) return oom(err);
    b->len += 4;
    int bw = bit_width((uint32_t)max);
    int i = 1;
    while (i < n && levels[i] == levels[0]) i++;
    if (i == n) { /* one run */
        uint8_t run[16], *p = put_uvarint(run, (uint64_t)n << 1);
        for (int k = 0; k < (bw + 7) / 8; k++) *p++ = k == 0 ? levels[0] : 0;
        if (buf_put(b, run, (size_t)(p - run))) return oom(err);
    } else {
        if ((size_t)n > w->lv_cap) {
            uint32_t *lv = realloc(w->lv, (size_t)n * sizeof *lv);
            if (!lv) return oom(err);
            w->lv = lv;
            w->lv_cap = (size_t)n;
        }
        for (int k = 0; k < n; k++) w->lv[k] = levels[k];
        if (rle_encode(b, w->lv, n, bw)) return oom(err);
    }
    put_le32(b->p + at, (uint32_t)(b->len - at - 4));
    return 0;
}

static int flush_page(mn_parquet_writer *w, pqw_col *c, mn_error *err) {
    if (c->page_vals == 0) return 0;
    buf *b = &w->body;
    b->len = 0;
    /* repetition levels (nested leaves), then definition levels */
    if (c->max_rep && put_levels(w, c->reps.p, c->page_vals, c->max_rep, err)) return -1;
    if (put_levels(w, c->defs.p, c->page_vals, c->max_def, err)) return -1;

    bool dict_page = c->dict_on;
    if (dict_page && !c->dict_used) {
        /* the first page decides whether the dictionary pays for this chunk */
        int bw = bit_width(c->ndict ? c->ndict - 1 : 0);
        size_t idx_bytes = ((size_t)c->nidx * (size_t)(bw ? bw : 1) + 7) / 8;
        if (c->dict.len + idx_bytes >= c->page_plain) {
            if (page_to_plain(c)) return oom(err);
            dict_clear(c);
            c->dict_on = dict_page = false;
        }
    }
    if (dict_page) {
        int bw = bit_width(c->ndict ? c->ndict - 1 : 0);
        if (bw == 0) bw = 1;
        uint8_t bwb = (uint8_t)bw;
        if (buf_put(b, &bwb, 1) || rle_encode(b, c->idx, c->nidx, bw)) return oom(err);
        c->dict_used = true;
    } else if (c->physical == MN_PQ_BOOLEAN) {
        size_t nv = c->vals.len;
        if (buf_reserve(b, (nv + 7) / 8)) return oom(err);
        uint8_t *p = b->p + b->len;
        memset(p, 0, (nv + 7) / 8);
        for (size_t i = 0; i < nv; i++) p[i >> 3] |= (uint8_t)(c->vals.p[i] << (i & 7));
        b->len += (nv + 7) / 8;
    } else if (buf_put(b, c->vals.p, c->vals.len)) {
        return oom(err);
    }
    if (b->len > INT32_MAX) return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet page too large (%zu bytes)", b->len);

    const uint8_t *data;
    size_t dlen;
    if (compress_page(w, b->p, b->len, &data, &dlen, err)) return -1;
    if (dlen > INT32_MAX) return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet page too large (%zu bytes)", dlen);

    uint8_t minb[INDEX_STAT_LIMIT + 16], maxb[INDEX_STAT_LIMIT + 16];
    pq_w_stats st;
    pqw_make_stats(c, &c->page_mm, INDEX_STAT_LIMIT, minb, maxb, &st);
    pq_w_page_header h = {PAGE_DATA, (int32_t)b->len, (int32_t)dlen, crc_of(data, dlen), c->page_vals,
                          dict_page ? ENC_RLE_DICTIONARY : ENC_PLAIN, &st};
    pq_tw_reset(&w->tw);
    pq_tw_page_header(&w->tw, &h);
    if (w->tw.oom) return oom(err);
    size_t off = c->chunk.len;
    if (buf_put(&c->chunk, w->tw.buf, w->tw.len) || buf_put(&c->chunk, data, dlen)) return oom(err);
    if (c->chunk.len - off > INT32_MAX) return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet page too large");
    if (add_page_entry(c, (int64_t)off, (int32_t)(c->chunk.len - off), &st, err)) return -1;
    if (pqw_mm_merge(c, &c->chunk_mm, &c->page_mm)) return oom(err);

    c->chunk_uncompressed += (int64_t)(w->tw.len + b->len);
    c->chunk_rows += c->page_rows;
    c->chunk_values += c->page_vals;
    if (dict_page)
        c->dict_pages_n++;
    else
        c->plain_pages_n++;
    c->page_rows = c->page_vals = c->page_nulls = c->nidx = 0;
    c->defs.len = c->reps.len = 0;
    c->vals.len = 0;
    c->page_plain = 0;
    pqw_mm_clear(&c->page_mm);
    return 0;
}

/* Appends entries [k, k+n) of the converted slice to the current page. Stops early, before
 * an entry that starts a row, when the page is full or the dictionary overflowed there
 * (c->fallback); a dictionary overflowing inside a row turns the page into PLAIN at once
 * (pages end at row boundaries). Returns the entries taken, or -1. */
static int append_rows(mn_parquet_writer *w, pqw_col *c, int k, int n, mn_error *err) {
    size_t page_bytes = (size_t)w->opt.page_bytes;
    int i = k, end = k + n;
    if (buf_reserve(&c->defs, (size_t)n) || (c->max_rep && buf_reserve(&c->reps, (size_t)n))) return oom(err);
    if (c->dict_on && c->idx_cap < (size_t)c->nidx + (size_t)n) {
        size_t cap = c->idx_cap ? c->idx_cap : 1024;
        while (cap < (size_t)c->nidx + (size_t)n) cap *= 2;
        uint32_t *x = realloc(c->idx, cap * sizeof *x);
        if (!x) return oom(err);
        c->idx = x;
        c->idx_cap = cap;
    }
    if (c->width && !c->dict_on && buf_reserve(&c->vals, (size_t)n * (size_t)c->width)) return oom(err);
    for (; i < end; i++) {
        bool row_start = w->crep[i] == 0;
        if (row_start && c->page_rows > 0 && (c->page_rows >= w->opt.page_rows || c->page_plain >= page_bytes)) break;
        c->defs.p[c->defs.len++] = w->cdef[i];
        if (c->max_rep) c->reps.p[c->reps.len++] = w->crep[i];
        c->page_vals++;
        c->page_rows += row_start;
        if (w->cnull[i]) {
            c->page_nulls++;
            continue;
        }
        const uint8_t *key;
        size_t klen;
        if (c->width) {
            key = w->conv + (size_t)i * (size_t)c->width;
            klen = (size_t)c->width;
        } else {
            key = (const uint8_t *)w->cstr[i].ptr;
            klen = w->cstr[i].len;
        }
        if (c->dict_on) {
            int64_t e = dict_lookup(w, c, key, klen);
            if (e == -2) return oom(err);
            if (e >= 0) {
                c->idx[c->nidx++] = (uint32_t)e;
                c->page_plain += c->width ? klen : 4 + klen;
                continue;
            }
            if (row_start) { /* end the page before this row; the rest of the chunk is PLAIN */
                c->defs.len--;
                if (c->max_rep) c->reps.len--;
                c->page_vals--;
                c->page_rows--;
                c->fallback = true;
                break;
            }
            /* inside a row: this page becomes PLAIN too */
            if (page_to_plain(c)) return oom(err);
            if (!c->dict_used) dict_clear(c);
            c->dict_on = false;
            if (c->width && buf_reserve(&c->vals, (size_t)(end - i) * (size_t)c->width)) return oom(err);
        }
        if (c->width) {
            memcpy(c->vals.p + c->vals.len, key, klen); /* reserved above */
            c->vals.len += klen;
        } else {
            uint8_t len[4];
            put_le32(len, (uint32_t)klen);
            if (buf_put(&c->vals, len, 4) || buf_put(&c->vals, key, klen)) return oom(err);
        }
        c->page_plain += c->width ? klen : 4 + klen;
    }
    return i - k;
}

/* Adds the converted entries 0..n to column c, flushing pages as they fill. */
static int add_slice(mn_parquet_writer *w, pqw_col *c, int n, mn_error *err) {
    int k = 0;
    while (k < n) {
        int got = append_rows(w, c, k, n - k, err);
        if (got < 0) return -1;
        if (got > 0 && pqw_stats_update(w, c, k, got)) return oom(err);
        k += got;
        if (k < n || c->fallback) {
            if (flush_page(w, c, err)) return -1;
            if (c->fallback) { /* the rest of the chunk is PLAIN; the dictionary stays for earlier pages */
                c->fallback = false;
                c->dict_on = false;
            }
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- conversion */

/* Converts one non-NULL value (its vector slot) into entry i of w->conv / w->cstr. */
static int convert_slot(mn_parquet_writer *w, const pqw_col *c, const uint8_t *src, int i, mn_error *err) {
    uint8_t *o = w->conv;
    switch ((mn_type_id)c->type.id) {
    case MN_T_BOOLEAN: o[i] = *src != 0; break;
    case MN_T_TINYINT: {
        int32_t x = *(const int8_t *)src;
        memcpy(o + 4 * (size_t)i, &x, 4);
        break;
    }
    case MN_T_SMALLINT: {
        int16_t y;
        memcpy(&y, src, 2);
        int32_t x = y;
        memcpy(o + 4 * (size_t)i, &x, 4);
        break;
    }
    case MN_T_INTEGER:
    case MN_T_DATE:
    case MN_T_REAL: memcpy(o + 4 * (size_t)i, src, 4); break;
    case MN_T_BIGINT:
    case MN_T_TIMESTAMP:
    case MN_T_DOUBLE: memcpy(o + 8 * (size_t)i, src, 8); break;
    case MN_T_DECIMAL: {
        mn_i128 x;
        memcpy(&x, src, sizeof x);
        if (c->physical == MN_PQ_INT32) {
            if (x < INT32_MIN || x > INT32_MAX) goto overflow;
            int32_t y = (int32_t)x;
            memcpy(o + 4 * (size_t)i, &y, 4);
        } else if (c->physical == MN_PQ_INT64) {
            if (x < INT64_MIN || x > INT64_MAX) goto overflow;
            int64_t y = (int64_t)x;
            memcpy(o + 8 * (size_t)i, &y, 8);
        } else {
            int wd = c->width;
            if (wd < 16) {
                mn_i128 lim = (mn_i128)1 << (8 * wd - 1);
                if (x < -lim || x >= lim) goto overflow;
            }
            mn_u128 u = (mn_u128)x;
            uint8_t *p = o + (size_t)wd * (size_t)i;
            for (int k = wd - 1; k >= 0; k--, u >>= 8) p[k] = (uint8_t)u;
        }
        break;
    }
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_VARBINARY:
    case MN_T_JSON: memcpy(&w->cstr[i], src, sizeof(mn_str)); break;
    case MN_T_UUID: { /* canonical text (types.h) -> 16 bytes */
        mn_str u;
        memcpy(&u, src, sizeof u);
        uint8_t *p = o + 16 * (size_t)i;
        int k = 0;
        for (uint32_t j = 0; j + 1 < u.len && k < 16; j++) {
            if (u.ptr[j] == '-') continue;
            int hi = u.ptr[j] <= '9' ? u.ptr[j] - '0' : (u.ptr[j] | 0x20) - 'a' + 10;
            int lo = u.ptr[j + 1] <= '9' ? u.ptr[j + 1] - '0' : (u.ptr[j + 1] | 0x20) - 'a' + 10;
            p[k++] = (uint8_t)(hi << 4 | lo);
            j++;
        }
        if (k != 16) return mn_error_set(err, MN_ERR_INTERNAL, "malformed uuid value");
        break;
    }
    default: return mn_error_set(err, MN_ERR_INTERNAL, "Parquet writer: unexpected column type");
    }
    return 0;
overflow:
    return mn_error_set(err, MN_ERR_NUMERIC_OVERFLOW, "Decimal value does not fit the precision of Parquet column '%s'",
                        c->name);
}

/* Makes room for n entries in the scratch arrays. */
static int reserve_entries(mn_parquet_writer *w, size_t n, mn_error *err) {
    if (n <= w->ecap) return 0;
    size_t cap = w->ecap ? w->ecap : MN_VECTOR_SIZE;
    while (cap < n) cap *= 2;
    uint8_t *a = realloc(w->cnull, cap);
    if (a) w->cnull = a;
    uint8_t *b = realloc(w->cdef, cap);
    if (b) w->cdef = b;
    uint8_t *c = realloc(w->crep, cap);
    if (c) w->crep = c;
    uint8_t *d = realloc(w->conv, cap * 16);
    if (d) w->conv = d;
    mn_str *e = realloc(w->cstr, cap * sizeof(mn_str));
    if (e) w->cstr = e;
    if (!a || !b || !c || !d || !e) return oom(err);
    w->ecap = cap;
    return 0;
}

/* Converts rows [off, off+n) of a flat column's vector into entries 0..n. */
static int convert(mn_parquet_writer *w, const pqw_col *c, const mn_vector *v, int off, int n, mn_error *err) {
    uint32_t mask = v->mask;
    bool any = false;
    for (int i = 0; i < n; i++) {
        w->cnull[i] = v->nulls ? v->nulls[(uint32_t)(off + i) & mask] != 0 : 0;
        w->cdef[i] = !w->cnull[i];
        w->crep[i] = 0;
        any |= !w->cnull[i];
    }
    w->nent = n;
    if (!any) return 0;
    if (!v->data) return mn_error_set(err, MN_ERR_INTERNAL, "Parquet writer: vector without data");
    size_t size = mn_type_size(v->type);
    for (int i = 0; i < n; i++)
        if (!w->cnull[i] &&
            convert_slot(w, c, (const uint8_t *)v->data + size * ((uint32_t)(off + i) & mask), i, err))
            return -1;
    return 0;
}

/* Appends one entry of leaf c: levels (rep, def) and, when slot is not NULL, its value. */
static int emit(mn_parquet_writer *w, const pqw_col *c, int rep, int def, const void *slot, mn_error *err) {
    if (reserve_entries(w, (size_t)w->nent + 1, err)) return -1;
    int i = w->nent++;
    w->crep[i] = (uint8_t)rep;
    w->cdef[i] = (uint8_t)def;
    w->cnull[i] = slot == NULL;
    return slot ? convert_slot(w, c, slot, i, err) : 0;
}

/* Appends the entries of leaf `leaf` for a value of node nd (slot: its physical slot, NULL
 * when the value is NULL) whose first entry has repetition level rep, below a parent
 * defined up to level def (Dremel shredding). */
static int shred(mn_parquet_writer *w, const pqw_node *nd, int leaf, const void *slot, int rep, int def, mn_error *err) {
    const pqw_col *c = &w->cols[leaf];
    if (!slot) return emit(w, c, rep, def, NULL, err);
    if (nd->optional) def++;
    if (!mn_type_is_nested(nd->type)) return emit(w, c, rep, def, slot, err);
    mn_str v;
    memcpy(&v, slot, sizeof v);
    mn_nested_block blk, vals;
    union {
        mn_i128 x;
        mn_str s;
        int64_t i;
        double d;
        uint8_t b[16];
    } tmp;
    int k = 0; /* the child holding the leaf */
    while (k + 1 < nd->nkids && leaf >= nd->kids[k + 1].leaf0) k++;
    const pqw_node *kid = &nd->kids[k];
    if (nd->type.id == MN_T_ROW) {
        if (mn_row_view(nd->type, v, &blk)) goto corrupt;
        bool null = mn_block_is_null(&blk, k);
        if (!null) mn_block_get(&blk, k, &tmp);
        return shred(w, kid, leaf, null ? NULL : &tmp, rep, def, err);
    }
    if (nd->type.id == MN_T_ARRAY) {
        if (mn_array_view(nd->type, v, &blk)) goto corrupt;
    } else {
        if (mn_map_view(nd->type, v, &blk, &vals)) goto corrupt;
        if (k == 1) blk = vals;
    }
    if (blk.n == 0) return emit(w, c, rep, def, NULL, err); /* empty: defined up to the group */
    for (int e = 0; e < blk.n; e++) {
        bool null = mn_block_is_null(&blk, e);
        if (!null) mn_block_get(&blk, e, &tmp);
        if (shred(w, kid, leaf, null ? NULL : &tmp, e == 0 ? rep : nd->rep, def + 1, err)) return -1;
    }
    return 0;
corrupt:
    return mn_error_set(err, MN_ERR_INTERNAL, "Parquet writer: malformed nested value in column '%s'", c->name);
}



static void reset_chunk(mn_parquet_writer *w, pqw_col *c) {
    c->chunk.len = 0;
    c->chunk_rows = c->chunk_values = c->chunk_uncompressed = 0;
    c->dict_pages_n = c->plain_pages_n = 0;
    pqw_mm_clear(&c->chunk_mm);
    c->npages = 0;
    mn_arena_rewind(&c->page_arena);
    c->ci_ok = true;
    dict_clear(c);
    c->dict_used = c->fallback = false;
    c->dict_on = w->opt.dict_bytes > 0 && c->physical != MN_PQ_BOOLEAN;
}

/* Writes the dictionary page and the buffered data pages of column c, fills *m. */
static int flush_chunk(mn_parquet_writer *w, pqw_col *c, pq_w_chunk *m, mn_error *err) {
    if (flush_page(w, c, err)) return -1;
    memset(m, 0, sizeof *m);
    m->physical = c->physical;
    m->path = c->path;
    m->path_len = c->path_len;
    m->codec = w->codec;
    m->dictionary_page_offset = -1;
    m->offset_index_offset = m->column_index_offset = -1;
    m->num_values = c->chunk_values;
    int64_t start = w->pos;
    if (c->dict_used) {
        const uint8_t *data;
        size_t dlen;
        if (c->dict.len > INT32_MAX) return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet dictionary too large");
        if (compress_page(w, c->dict.p, c->dict.len, &data, &dlen, err)) return -1;
        if (dlen > INT32_MAX) return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet dictionary too large");
        pq_w_page_header h = {PAGE_DICT, (int32_t)c->dict.len, (int32_t)dlen, crc_of(data, dlen), (int32_t)c->ndict,
                              ENC_PLAIN, NULL};
        pq_tw_reset(&w->tw);
        pq_tw_page_header(&w->tw, &h);
        if (w->tw.oom) return oom(err);
        m->dictionary_page_offset = w->pos;
        if (out_put(w, w->tw.buf, w->tw.len, err) || out_put(w, data, dlen, err)) return -1;
        m->total_uncompressed += (int64_t)(w->tw.len + c->dict.len);
        m->dict_pages = 1;
    }
    m->data_page_offset = w->pos;
    if (out_put(w, c->chunk.p, c->chunk.len, err)) return -1;
    for (int i = 0; i < c->npages; i++) c->pages[i].offset += m->data_page_offset;
    m->total_uncompressed += c->chunk_uncompressed;
    m->total_compressed = w->pos - start;
    m->dict_data_pages = c->dict_pages_n;
    m->plain_data_pages = c->plain_pages_n;
    m->encodings = UINT32_C(1) << ENC_RLE;
    if (c->dict_used || c->plain_pages_n) m->encodings |= UINT32_C(1) << ENC_PLAIN;
    if (c->dict_pages_n) m->encodings |= UINT32_C(1) << ENC_RLE_DICTIONARY;

    uint8_t minb[STAT_LIMIT + 16], maxb[STAT_LIMIT + 16];
    pqw_make_stats(c, &c->chunk_mm, STAT_LIMIT, minb, maxb, &m->stats);
    m->has_stats = true;
    if (m->stats.has_minmax) { /* keep the bytes until the footer is written */
        uint8_t *a = mn_arena_alloc(&w->meta, m->stats.min_len + 1);
        uint8_t *b = mn_arena_alloc(&w->meta, m->stats.max_len + 1);
        if (!a || !b) return oom(err);
        memcpy(a, m->stats.min, m->stats.min_len);
        memcpy(b, m->stats.max, m->stats.max_len);
        m->stats.min = a, m->stats.max = b;
    }

    /* page index: offsets relative to the ci / oi buffers until finish places them */
    if (c->ci_ok && c->npages > 0) {
        pq_tw_reset(&w->tw);
        pq_tw_column_index(&w->tw, c->pages, c->npages, pqw_boundary_order(c), m->stats.has_nan_count);
        if (w->tw.oom || w->tw.len > INT32_MAX) return oom(err);
        m->column_index_offset = (int64_t)w->ci.len;
        m->column_index_length = (int32_t)w->tw.len;
        if (buf_put(&w->ci, w->tw.buf, w->tw.len)) return oom(err);
    }
    if (c->npages > 0) {
        pq_tw_reset(&w->tw);
        pq_tw_offset_index(&w->tw, c->pages, c->npages);
        if (w->tw.oom || w->tw.len > INT32_MAX) return oom(err);
        m->offset_index_offset = (int64_t)w->oi.len;
        m->offset_index_length = (int32_t)w->tw.len;
        if (buf_put(&w->oi, w->tw.buf, w->tw.len)) return oom(err);
    }
    reset_chunk(w, c);
    return 0;
}

static int flush_row_group(mn_parquet_writer *w, mn_error *err) {
    if (w->rg_rows == 0) return 0;
    if (w->nrgs == w->rgs_cap) {
        int cap = w->rgs_cap ? w->rgs_cap * 2 : 16;
        pq_w_row_group *r = realloc(w->rgs, (size_t)cap * sizeof *r);
        if (!r) return oom(err);
        w->rgs = r;
        w->rgs_cap = cap;
    }
    pq_w_row_group *rg = &w->rgs[w->nrgs];
    memset(rg, 0, sizeof *rg);
    rg->chunks = mn_arena_calloc(&w->meta, sizeof *rg->chunks * (size_t)w->nleaves);
    if (!rg->chunks) return oom(err);
    rg->file_offset = w->pos;
    rg->num_rows = w->rg_rows;
    for (int j = 0; j < w->nleaves; j++) {
        if (flush_chunk(w, &w->cols[j], &rg->chunks[j], err)) return -1;
        rg->total_byte_size += rg->chunks[j].total_uncompressed;
        rg->total_compressed_size += rg->chunks[j].total_compressed;
    }
    w->nrgs++;
    w->rg_rows = 0;
    return 0;
}

/* Uncompressed bytes held for the current row group. */
static int64_t rg_bytes(const mn_parquet_writer *w) {
    int64_t n = 0;
    for (int j = 0; j < w->nleaves; j++) {
        const pqw_col *c = &w->cols[j];
        n += c->chunk_uncompressed + (int64_t)c->page_plain + (int64_t)c->dict.len;
    }
    return n;
}

/* ---------------------------------------------------------------- API */

static void free_writer(mn_parquet_writer *w) {
    if (!w) return;
    for (int j = 0; w->cols && j < w->nleaves; j++) {
        pqw_col *c = &w->cols[j];
        free(c->name);
        buf_free(&c->defs);
        buf_free(&c->reps);
        free(c->idx);
        buf_free(&c->vals);
        pqw_mm_free(&c->page_mm);
        pqw_mm_free(&c->chunk_mm);
        buf_free(&c->dict);
        free(c->dict_offs);
        free(c->ht);
        buf_free(&c->chunk);
        free(c->pages);
        mn_arena_destroy(&c->page_arena);
    }
    free(w->cols);
    free(w->schema);
    free(w->out);
    free(w->rgs);
    mn_arena_destroy(&w->meta);
    buf_free(&w->ci);
    buf_free(&w->oi);
    buf_free(&w->body);
    buf_free(&w->comp);
    pq_tw_free(&w->tw);
    free(w->lv);
    free(w->cnull);
    free(w->cdef);
    free(w->crep);
    free(w->conv);
    free(w->cstr);
    if (w->z_init) deflateEnd(&w->z);
    ZSTD_freeCCtx(w->zc);
    free(w->path);
    free(w->tmp);
    free(w);
}

void mn_parquet_writer_abort(mn_parquet_writer *w) {
    if (!w) return;
    if (w->fd >= 0) close(w->fd);
    if (w->tmp) unlink(w->tmp);
    free_writer(w);
}

static void apply_defaults(mn_parquet_writer_options *o) {
    if (o->row_group_rows <= 0) o->row_group_rows = DEF_RG_ROWS;
    if (o->row_group_bytes <= 0) o->row_group_bytes = DEF_RG_BYTES;
    if (o->page_rows <= 0) o->page_rows = DEF_PAGE_ROWS;
    if (o->page_rows > MAX_PAGE_ROWS) o->page_rows = MAX_PAGE_ROWS;
    if (o->page_bytes <= 0) o->page_bytes = DEF_PAGE_BYTES;
    if (o->dict_bytes == 0) o->dict_bytes = DEF_DICT_BYTES;
    if (o->dict_entries <= 0) o->dict_entries = DEF_DICT_ENTRIES;
}

mn_parquet_writer *mn_parquet_writer_open(const char *path, int ncols, const char *const *names, const mn_type *types,
                                          int codec, mn_error *err) {
    if (ncols < 1 || ncols > 100000) {
        mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "A Parquet file needs 1 to 100000 columns, not %d", ncols);
        return NULL;
    }
    if (codec == MN_PQ_LZ4) codec = MN_PQ_LZ4_RAW;
    if (codec != MN_PQ_UNCOMPRESSED && codec != MN_PQ_SNAPPY && codec != MN_PQ_GZIP && codec != MN_PQ_ZSTD &&
        codec != MN_PQ_LZ4_RAW) {
        mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet compression codec %d is not supported for writing", codec);
        return NULL;
    }
    mn_parquet_writer *w = calloc(1, sizeof *w);
    if (!w) {
        oom(err);
        return NULL;
    }
    w->fd = -1;
    w->codec = codec;
    apply_defaults(&w->opt);
    mn_arena_init(&w->meta, 0);
    pq_tw_init(&w->tw);
    w->ncols = ncols;
    int nelems = 0, nleaves = 0;
    for (int j = 0; j < ncols; j++) count_schema(types[j], &nelems, &nleaves);
    w->cols = calloc((size_t)nleaves, sizeof *w->cols);
    w->schema = calloc((size_t)nelems, sizeof *w->schema);
    w->tops = mn_arena_calloc(&w->meta, sizeof *w->tops * (size_t)ncols);
    w->out = malloc(OUT_BLOCK);
    w->path = strdup(path);
    if (!w->cols || !w->schema || !w->tops || !w->out || !w->path) goto nomem;
    for (int j = 0; j < ncols; j++) {
        const char *pathv[MAX_PATH];
        const char *nm = names[j] ? names[j] : "";
        if (build_node(w, &w->tops[j], nm, types[j], MN_PQ_OPTIONAL, 0, 0, pathv, 0, nm, err)) goto fail;
    }
    for (int j = 0; j < w->nleaves; j++) reset_chunk(w, &w->cols[j]);
    w->tmp = mn_fs_temp_name(path);
    if (!w->tmp) goto nomem;
    w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (w->fd < 0) {
        mn_error_set(err, MN_ERR_IO, "Cannot create '%s': %s", w->tmp, strerror(errno));
        free(w->tmp);
        w->tmp = NULL; /* not ours: abort must not unlink it */
        goto fail;
    }
    if (out_put(w, "PAR1", 4, err)) goto fail;
    return w;
nomem:
    oom(err);
fail:
    mn_parquet_writer_abort(w);
    return NULL;
}

int mn_parquet_writer_set_options(mn_parquet_writer *w, const mn_parquet_writer_options *opt, mn_error *err) {
    if (w->started) return mn_error_set(err, MN_ERR_INTERNAL, "Parquet writer options must be set before writing");
    w->opt = *opt;
    apply_defaults(&w->opt);
    for (int j = 0; j < w->nleaves; j++) reset_chunk(w, &w->cols[j]);
    return 0;
}

static int start(mn_parquet_writer *w, mn_error *err) {
    if (reserve_entries(w, MN_VECTOR_SIZE, err)) return -1;
    w->started = true;
    return 0;
}

int mn_parquet_writer_write(mn_parquet_writer *w, const mn_chunk *ch, mn_error *err) {
    if (w->failed) return mn_error_set(err, MN_ERR_INTERNAL, "Parquet writer used after a failure");
    if (ch->count < 0 || ch->count > MN_VECTOR_SIZE)
        return mn_error_set(err, MN_ERR_INTERNAL, "Parquet writer: chunk of %d rows", ch->count);
    if (ch->ncols != w->ncols)
        return mn_error_set(err, MN_ERR_INTERNAL, "Parquet writer: chunk has %d columns, file has %d", ch->ncols, w->ncols);
    for (int j = 0; j < w->ncols; j++) {
        mn_type a = ch->cols[j].type, b = w->tops[j].type;
        bool same = a.id == b.id || (mn_type_is_string(a) && mn_type_is_string(b));
        if (same && a.id == MN_T_DECIMAL) same = a.precision == b.precision && a.scale == b.scale;
        if (same && mn_type_is_nested(a)) same = mn_type_equal(a, b);
        if (!same)
            return mn_error_set(err, MN_ERR_INTERNAL, "Parquet writer: column '%s' has another type",
                                w->cols[w->tops[j].leaf0].name);
    }
    if (!w->started && start(w, err)) goto fail;
    int off = 0;
    while (off < ch->count) {
        int64_t room = w->opt.row_group_rows - w->rg_rows;
        int n = ch->count - off < room ? ch->count - off : (int)room;
        for (int j = 0; j < w->ncols; j++) {
            const pqw_node *top = &w->tops[j];
            const mn_vector *v = &ch->cols[j];
            if (!mn_type_is_nested(top->type)) {
                pqw_col *c = &w->cols[top->leaf0];
                if (convert(w, c, v, off, n, err) || add_slice(w, c, n, err)) goto fail;
                continue;
            }
            for (int leaf = top->leaf0; leaf < top->leaf0 + top->nleaves; leaf++) {
                w->nent = 0;
                for (int i = 0; i < n; i++) {
                    uint32_t r = (uint32_t)(off + i) & v->mask;
                    const void *slot = v->nulls && v->nulls[r] ? NULL : (const mn_str *)v->data + r;
                    if (shred(w, top, leaf, slot, 0, 0, err)) goto fail;
                }
                if (add_slice(w, &w->cols[leaf], w->nent, err)) goto fail;
            }
        }
        off += n;
        w->rg_rows += n;
        w->rows += n;
        if (w->rg_rows >= w->opt.row_group_rows || rg_bytes(w) >= w->opt.row_group_bytes)
            if (flush_row_group(w, err)) goto fail;
    }
    return 0;
fail:
    w->failed = true;
    return -1;
}

int64_t mn_parquet_writer_rows(const mn_parquet_writer *w) { return w->rows; }

int64_t mn_parquet_writer_bytes(const mn_parquet_writer *w) {
    int64_t n = w->pos + (int64_t)(w->ci.len + w->oi.len);
    for (int j = 0; j < w->nleaves; j++) {
        const pqw_col *c = &w->cols[j];
        n += (int64_t)(c->chunk.len + c->dict.len + c->vals.len);
    }
    return n;
}

int mn_parquet_writer_finish(mn_parquet_writer *w, int64_t *rows, mn_error *err) {
    if (w->failed) {
        mn_parquet_writer_abort(w);
        return mn_error_set(err, MN_ERR_INTERNAL, "Parquet writer used after a failure");
    }
    if (!w->started && start(w, err)) goto fail;
    if (flush_row_group(w, err)) goto fail;
    int64_t ci_base = w->pos;
    if (out_put(w, w->ci.p, w->ci.len, err)) goto fail;
    int64_t oi_base = w->pos;
    if (out_put(w, w->oi.p, w->oi.len, err)) goto fail;
    for (int g = 0; g < w->nrgs; g++) {
        for (int j = 0; j < w->nleaves; j++) {
            pq_w_chunk *m = &w->rgs[g].chunks[j];
            if (m->column_index_offset >= 0) m->column_index_offset += ci_base;
            if (m->offset_index_offset >= 0) m->offset_index_offset += oi_base;
        }
    }
    pq_tw_reset(&w->tw);
    pq_tw_file_meta(&w->tw, w->schema, w->nschema, w->ncols, w->nleaves, w->rows, w->rgs, w->nrgs, CREATED_BY);
    if (w->tw.oom) {
        oom(err);
        goto fail;
    }
    if (w->tw.len > UINT32_MAX) {
        mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet footer too large");
        goto fail;
    }
    uint8_t tail[8];
    put_le32(tail, (uint32_t)w->tw.len);
    memcpy(tail + 4, "PAR1", 4);
    if (out_put(w, w->tw.buf, w->tw.len, err) || out_put(w, tail, 8, err) || out_flush(w, err)) goto fail;
    if (fsync(w->fd) != 0) {
        mn_error_set(err, MN_ERR_IO, "Cannot sync '%s': %s", w->tmp, strerror(errno));
        goto fail;
    }
    int fd = w->fd;
    w->fd = -1;
    if (close(fd) != 0) {
        mn_error_set(err, MN_ERR_IO, "Cannot close '%s': %s", w->tmp, strerror(errno));
        goto fail;
    }
    if (mn_fs_sync_rename(w->tmp, w->path, err) != 0) goto fail;
    if (rows) *rows = w->rows;
    free(w->tmp);
    w->tmp = NULL;
    free_writer(w);
    return 0;
fail:
    mn_parquet_writer_abort(w);
    return -1;
}

int mn_parquet_codec_from_name(const char *name, int *codec) {
    static const struct {
        const char *name;
        int codec;
    } names[] = {{"NONE", MN_PQ_UNCOMPRESSED}, {"UNCOMPRESSED", MN_PQ_UNCOMPRESSED}, {"SNAPPY", MN_PQ_SNAPPY},
                 {"GZIP", MN_PQ_GZIP},         {"ZSTD", MN_PQ_ZSTD},                 {"LZ4", MN_PQ_LZ4_RAW},
                 {"LZ4_RAW", MN_PQ_LZ4_RAW}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(name, names[i].name) == 0) {
            *codec = names[i].codec;
            return 0;
        }
    }
    return -1;
}
