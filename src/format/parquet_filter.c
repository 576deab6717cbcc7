/* parquet_filter.c — pushed-down predicates (`column op constant`, `column IN (...)`) judged
 * against what a file says about its values without decoding them: min/max ranges of
 * statistics and of the page index (ColumnIndex), dictionary entries, and split-block bloom
 * filters (BloomFilter.md: xxHash64 of the PLAIN encoding, 32-byte blocks of eight salted
 * bits). Every judgement is conservative: "cannot match" only when no value can satisfy the
 * predicate; the predicate itself is still evaluated on every row the scan returns. */
#include <stdlib.h>
#include <string.h>

#include "format/parquet_internal.h"

/* ------------------------------------------------------------------ values */

bool mn_parquet_pred_type(mn_type t) {
    switch (t.id) {
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT:
    case MN_T_DECIMAL:
    case MN_T_DATE:
    case MN_T_TIMESTAMP: return true;
    case MN_T_VARCHAR: return t.length < 0;
    default: return false;
    }
}

bool mn_parquet_pred_type_ok(const mn_parquet_column *c) {
    if (!c || c->unsupported || c->physical == MN_PQ_INT96 || !mn_parquet_pred_type(c->type)) return false;
    return c->type.id != MN_T_VARCHAR || pq_conv_of(c) == PQ_CONV_STR;
}

bool mn_parquet_pred_test(const mn_parquet_pred *p, const mn_value *v) {
    if (v->is_null) return false;
    if (p->op == MN_PQ_PRED_IN || p->op == MN_PQ_PRED_EQ) {
        for (int i = 0; i < p->nvals; i++)
            if (mn_value_compare(v, &p->vals[i]) == 0) return true;
        return false;
    }
    int c = mn_value_compare(v, &p->vals[0]);
    switch (p->op) {
    case MN_PQ_PRED_LT: return c < 0;
    case MN_PQ_PRED_LE: return c <= 0;
    case MN_PQ_PRED_GT: return c > 0;
    case MN_PQ_PRED_GE: return c >= 0;
    default: return true;
    }
}

bool mn_parquet_pred_range(const mn_parquet_pred *p, const mn_value *min, const mn_value *max) {
    switch (p->op) {
    case MN_PQ_PRED_EQ:
    case MN_PQ_PRED_IN:
        for (int i = 0; i < p->nvals; i++)
            if (mn_value_compare(&p->vals[i], min) >= 0 && mn_value_compare(&p->vals[i], max) <= 0) return true;
        return false;
    case MN_PQ_PRED_LT: return mn_value_compare(min, &p->vals[0]) < 0;
    case MN_PQ_PRED_LE: return mn_value_compare(min, &p->vals[0]) <= 0;
    case MN_PQ_PRED_GT: return mn_value_compare(max, &p->vals[0]) > 0;
    case MN_PQ_PRED_GE: return mn_value_compare(max, &p->vals[0]) >= 0;
    default: return true;
    }
}

/* A value as a vector slot of type t (buf: 16 bytes, aligned for any slot). */
static void value_slot(const mn_value *v, mn_type t, void *buf) {
    memset(buf, 0, sizeof(mn_i128));
    switch (t.id) {
    case MN_T_TINYINT: *(int8_t *)buf = (int8_t)v->u.i; break;
    case MN_T_SMALLINT: *(int16_t *)buf = (int16_t)v->u.i; break;
    case MN_T_INTEGER:
    case MN_T_DATE: *(int32_t *)buf = (int32_t)v->u.i; break;
    case MN_T_DECIMAL: *(mn_i128 *)buf = v->u.dec; break;
    case MN_T_VARCHAR: *(mn_str *)buf = v->u.s; break;
    default: *(int64_t *)buf = v->u.i; break;
    }
}

void mn_parquet_pred_slots(const mn_parquet_pred *p, mn_type t, mn_i128 *out) {
    for (int i = 0; i < p->nvals; i++) value_slot(&p->vals[i], t, &out[i]);
}

bool mn_parquet_pred_slot(const mn_parquet_pred *p, mn_type t, const void *slot, const mn_i128 *vals) {
    if (p->op == MN_PQ_PRED_IN || p->op == MN_PQ_PRED_EQ) {
        for (int i = 0; i < p->nvals; i++)
            if (mn_slot_compare(t, slot, &vals[i]) == 0) return true;
        return false;
    }
    int c = mn_slot_compare(t, slot, &vals[0]);
    switch (p->op) {
    case MN_PQ_PRED_LT: return c < 0;
    case MN_PQ_PRED_LE: return c <= 0;
    case MN_PQ_PRED_GT: return c > 0;
    case MN_PQ_PRED_GE: return c >= 0;
    default: return true;
    }
}

int mn_parquet_pred_select(const mn_parquet_pred *p, const mn_vector *v, int n, uint8_t *alive) {
    enum { MAXV = 64 };
    mn_i128 stack[MAXV];
    mn_i128 *vals = p->nvals <= MAXV ? stack : malloc(sizeof *vals * (size_t)p->nvals);
    int left = 0;
    if (!vals) { /* keep every row: this only skips work */
        for (int i = 0; i < n; i++) left += alive[i];
        return left;
    }
    mn_parquet_pred_slots(p, v->type, vals);
    size_t sz = mn_type_size(v->type);
    for (int i = 0; i < n; i++) {
        if (!alive[i]) continue;
        uint32_t r = (uint32_t)i & v->mask;
        if ((v->nulls && v->nulls[r]) || !mn_parquet_pred_slot(p, v->type, (const char *)v->data + sz * r, vals)) alive[i] = 0;
        else left++;
    }
    if (vals != stack) free(vals);
    return left;
}

/* ------------------------------------------------------------------ page index */

int mn_parquet_page_filter(const mn_parquet_file *f, int rg, int col, const mn_parquet_pred *preds, int npreds,
                           mn_arena *a, bool **keep, int *npages, int64_t *bytes, mn_error *err) {
    const mn_parquet_column *c = &f->cols[col];
    mn_parquet_column_index ci;
    int rc = mn_parquet_read_column_index(f, rg, col, a, &ci, err);
    if (rc) return rc;
    *bytes += f->rgs[rg].chunks[col].column_index_length;
    bool *k = mn_arena_alloc(a, sizeof *k * (size_t)(ci.npages ? ci.npages : 1));
    if (!k) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    for (int i = 0; i < ci.npages; i++) {
        k[i] = true;
        if (ci.null_pages[i]) { /* only NULLs: no comparison is true */
            k[i] = false;
            continue;
        }
        mn_value lo, hi;
        if (!ci.min_values[i] || !ci.max_values[i] ||
            mn_parquet_stat_value(c, ci.min_values[i], ci.min_lens[i], &lo) ||
            mn_parquet_stat_value(c, ci.max_values[i], ci.max_lens[i], &hi) || lo.is_null || hi.is_null)
            continue;
        lo.type = hi.type = c->type;
        for (int j = 0; j < npreds && k[i]; j++) k[i] = mn_parquet_pred_range(&preds[j], &lo, &hi);
    }
    *keep = k;
    *npages = ci.npages;
    return 0;
}

/* ------------------------------------------------------------------ dictionaries */

bool mn_parquet_chunk_all_dict(const mn_parquet_chunk *ch) {
    if (ch->has_encoding_stats) return !ch->plain_data_pages;
    /* without encoding stats only PLAIN_DICTIONARY (2) with level encodings (RLE 3,
     * BIT_PACKED 4) proves it; RLE_DICTIONARY writers list PLAIN for the dictionary page */
    uint32_t e = ch->encodings;
    return (e & (1u << 2)) && !(e & ~((1u << 2) | (1u << 3) | (1u << 4)));
}

/* ------------------------------------------------------------------ xxHash64 */

#define XXP1 UINT64_C(0x9E3779B185EBCA87)
#define XXP2 UINT64_C(0xC2B2AE3D27D4EB4F)
#define XXP3 UINT64_C(0x165667B19E3779F9)
#define XXP4 UINT64_C(0x85EBCA77C2B2AE63)
#define XXP5 UINT64_C(0x27D4EB2F165667C5)

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t xx_round(uint64_t acc, uint64_t in) { return rotl64(acc + in * XXP2, 31) * XXP1; }
static inline uint64_t xx_merge(uint64_t h, uint64_t v) { return (h ^ xx_round(0, v)) * XXP1 + XXP4; }

uint64_t mn_parquet_xxhash64(const void *data, size_t n) {
    const uint8_t *p = data, *end = p + n;
    uint64_t h;
    if (n >= 32) {
        uint64_t v1 = XXP1 + XXP2, v2 = XXP2, v3 = 0, v4 = (uint64_t)0 - XXP1;
        for (; end - p >= 32; p += 32) {
            v1 = xx_round(v1, pq_le64(p));
            v2 = xx_round(v2, pq_le64(p + 8));
            v3 = xx_round(v3, pq_le64(p + 16));
            v4 = xx_round(v4, pq_le64(p + 24));
        }
        h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
        h = xx_merge(xx_merge(xx_merge(xx_merge(h, v1), v2), v3), v4);
    } else {
        h = XXP5;
    }
    h += (uint64_t)n;
    for (; end - p >= 8; p += 8) h = rotl64(h ^ xx_round(0, pq_le64(p)), 27) * XXP1 + XXP4;
    if (end - p >= 4) {
        h = rotl64(h ^ (uint64_t)pq_le32(p) * XXP1, 23) * XXP2 + XXP3;
        p += 4;
    }
    for (; p < end; p++) h = rotl64(h ^ *p * XXP5, 11) * XXP1;
    h ^= h >> 33;
    h *= XXP2;
    h ^= h >> 29;
    h *= XXP3;
    h ^= h >> 32;
    return h;
}

/* ------------------------------------------------------------------ bloom filters */

static const uint32_t bloom_salt[8] = {0x47b6137bu, 0x44974d91u, 0x8824ad5bu, 0xa2b7289du,
                                       0x705495c7u, 0x2df1424bu, 0x9efc4947u, 0x5c6bfb31u};

bool mn_parquet_bloom_check(const uint8_t *bitset, size_t nbytes, uint64_t hash) {
    uint64_t nblocks = nbytes / 32;
    if (nblocks == 0) return true;
    const uint8_t *b = bitset + 32 * (((hash >> 32) * nblocks) >> 32);
    uint32_t key = (uint32_t)hash;
    for (int i = 0; i < 8; i++) {
        uint32_t bit = (key * bloom_salt[i]) >> 27;
        if (!(pq_le32(b + 4 * i) >> bit & 1)) return false;
    }
    return true;
}

/* The PLAIN encoding of v as a value of column c (byte arrays without their length).
 * Returns 0, or -1 when this reader cannot say (the filter is then not used). */
static int plain_bytes(const mn_parquet_column *c, const mn_value *v, uint8_t *buf, const uint8_t **out, size_t *n) {
    int conv = pq_conv_of(c);
    int64_t i = v->u.i;
    switch (c->physical) {
    case MN_PQ_INT32:
        if (conv == PQ_CONV_I32_DEC) {
            if (v->u.dec < INT32_MIN || v->u.dec > INT32_MAX) return -1;
            i = (int64_t)v->u.dec;
        } else if (conv != PQ_CONV_COPY4 && conv != PQ_CONV_I8 && conv != PQ_CONV_I16) {
            return -1;
        }
        for (int k = 0; k < 4; k++) buf[k] = (uint8_t)((uint64_t)i >> (8 * k));
        *out = buf;
        *n = 4;
        return 0;
    case MN_PQ_INT64:
        if (conv == PQ_CONV_I64_DEC) {
            if (v->u.dec < INT64_MIN || v->u.dec > INT64_MAX) return -1;
            i = (int64_t)v->u.dec;
        } else if (conv != PQ_CONV_COPY8) {
            return -1;
        }
        for (int k = 0; k < 8; k++) buf[k] = (uint8_t)((uint64_t)i >> (8 * k));
        *out = buf;
        *n = 8;
        return 0;
    case MN_PQ_BYTE_ARRAY:
    case MN_PQ_FIXED_LEN_BYTE_ARRAY:
        if (conv != PQ_CONV_STR) return -1;
        *out = (const uint8_t *)v->u.s.ptr;
        *n = v->u.s.len;
        return 0;
    default: return -1;
    }
}

int mn_parquet_bloom_filter(const mn_parquet_file *f, int rg, int col, const mn_parquet_pred *p, int64_t *bytes,
                            mn_error *err) {
    const mn_parquet_chunk *ch = &f->rgs[rg].chunks[col];
    const mn_parquet_column *c = &f->cols[col];
    if (ch->bloom_filter_offset < 0 || (p->op != MN_PQ_PRED_EQ && p->op != MN_PQ_PRED_IN)) return 1;
    if (!mn_parquet_pred_type_ok(c)) return 1;
    int64_t off = ch->bloom_filter_offset;
    if (off >= f->size) return pq_corrupt(f, err, "bloom filter of column '%s' lies outside the file", c->path);
    /* the header is small; without bloom_filter_length read a generous prefix first */
    size_t want = ch->bloom_filter_length > 0 ? (size_t)ch->bloom_filter_length : 256;
    if ((int64_t)want > f->size - off) want = (size_t)(f->size - off);
    uint8_t *buf = malloc(want ? want : 1);
    if (!buf) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    int rc = -1;
    if (pq_file_read(f, off, want, buf, err)) goto done;
    *bytes += (int64_t)want;
    int32_t nbytes;
    size_t hlen;
    const char *msg = NULL;
    int hr = pq_read_bloom_header(buf, want, &nbytes, &hlen, &msg);
    if (hr > 0) { /* another algorithm: not usable, not an error */
        rc = 1;
        goto done;
    }
    if (hr < 0) {
        pq_corrupt(f, err, "bloom filter of column '%s': %s", c->path, msg);
        goto done;
    }
    if ((int64_t)nbytes > f->size - off - (int64_t)hlen) {
        pq_corrupt(f, err, "bloom filter of column '%s' runs past the end of the file", c->path);
        goto done;
    }
    if (hlen + (size_t)nbytes > want) {
        uint8_t *nb = realloc(buf, hlen + (size_t)nbytes);
        if (!nb) {
            mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            goto done;
        }
        buf = nb;
        if (pq_file_read(f, off + (int64_t)want, hlen + (size_t)nbytes - want, buf + want, err)) goto done;
        *bytes += (int64_t)(hlen + (size_t)nbytes - want);
    }
    rc = 0;
    for (int i = 0; i < p->nvals && rc == 0; i++) {
        uint8_t tmp[16];
        const uint8_t *vb;
        size_t vn;
        if (plain_bytes(c, &p->vals[i], tmp, &vb, &vn)) rc = 1;
        else if (mn_parquet_bloom_check(buf + hlen, (size_t)nbytes, mn_parquet_xxhash64(vb, vn))) rc = 1;
    }
done:
    free(buf);
    return rc;
}
