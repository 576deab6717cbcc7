/* vector.c — vector and chunk buffers, value access, gathering, hashing and comparison of
 * slots. See vector.h for the ownership rules (flat/constant, references, string heaps). */
#include "types/vector.h"

#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "types/nested.h"
#include "types/scalar_text.h"

void mn_vector_init(mn_vector *v, mn_type type) {
    memset(v, 0, sizeof *v);
    v->type = type;
    v->mask = ~0u;
    mn_arena_init(&v->heap, 16 * 1024);
}

void mn_vector_destroy(mn_vector *v) {
    free(v->own_data);
    free(v->own_nulls);
    mn_arena_destroy(&v->heap);
    v->own_data = v->data = NULL;
    v->own_nulls = v->nulls = NULL;
}

static int ensure_own(mn_vector *v, mn_error *err) {
    if (!v->own_data) {
        size_t sz = mn_type_size(v->type);
        v->own_data = malloc(sz * MN_VECTOR_SIZE + 16);
        if (!v->own_data) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory allocating a vector");
    }
    return 0;
}

int mn_vector_prepare(mn_vector *v, mn_error *err) {
    if (ensure_own(v, err)) return -1;
    v->data = v->own_data;
    v->nulls = NULL;
    v->mask = ~0u;
    mn_arena_rewind(&v->heap);
    return 0;
}

int mn_vector_prepare_const(mn_vector *v, mn_error *err) {
    if (mn_vector_prepare(v, err)) return -1;
    v->mask = 0;
    return 0;
}

uint8_t *mn_vector_nulls_mut(mn_vector *v) {
    if (v->nulls && v->nulls == v->own_nulls) return v->nulls;
    if (!v->own_nulls) {
        v->own_nulls = malloc(MN_VECTOR_SIZE);
        if (!v->own_nulls) return NULL;
    }
    memset(v->own_nulls, 0, MN_VECTOR_SIZE);
    v->nulls = v->own_nulls;
    return v->nulls;
}

void mn_vector_reference(mn_vector *v, const mn_vector *src) {
    v->type = src->type;
    v->mask = src->mask;
    v->data = src->data;
    v->nulls = src->nulls;
}

mn_str mn_vector_add_string(mn_vector *v, const char *s, size_t n) {
    mn_str r = {NULL, 0};
    char *p = mn_arena_alloc(&v->heap, n ? n : 1);
    if (!p) return r;
    if (n) memcpy(p, s, n);
    r.ptr = p;
    r.len = (uint32_t)n;
    return r;
}

static void *slot_ptr(const mn_vector *v, int row) {
    size_t sz = mn_type_size(v->type);
    return (char *)v->data + sz * ((uint32_t)row & v->mask);
}

int mn_vector_set_value(mn_vector *v, int row, const mn_value *val, mn_error *err) {
    if (val->is_null || val->type.id == MN_T_UNKNOWN) {
        uint8_t *n = mn_vector_nulls_mut(v);
        if (!n) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        n[row] = 1;
        return 0;
    }
    if (v->nulls) v->nulls[row] = 0;
    void *p = slot_ptr(v, row);
    switch (v->type.id) {
    case MN_T_BOOLEAN: *(uint8_t *)p = (uint8_t)(val->u.i != 0); break;
    case MN_T_TINYINT: *(int8_t *)p = (int8_t)val->u.i; break;
    case MN_T_SMALLINT: *(int16_t *)p = (int16_t)val->u.i; break;
    case MN_T_INTEGER:
    case MN_T_DATE:
    case MN_T_INTERVAL_YM: *(int32_t *)p = (int32_t)val->u.i; break;
    case MN_T_BIGINT:
    case MN_T_TIMESTAMP:
    case MN_T_TIME:
    case MN_T_INTERVAL_DS: *(int64_t *)p = val->u.i; break;
    case MN_T_REAL: *(float *)p = val->u.f; break;
    case MN_T_DOUBLE: *(double *)p = val->u.d; break;
    case MN_T_DECIMAL:
    case MN_T_TIMESTAMP_TZ: memcpy(p, &val->u.dec, sizeof(mn_i128)); break;
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_VARBINARY:
    case MN_T_JSON:
    case MN_T_ARRAY:
    case MN_T_MAP:
    case MN_T_ROW: {
        mn_str s = mn_vector_add_string(v, val->u.s.ptr, val->u.s.len);
        if (!s.ptr) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        *(mn_str *)p = s;
        break;
    }
    default: break;
    }
    return 0;
}

void mn_vector_get_value(const mn_vector *v, int row, mn_value *out) {
    memset(out, 0, sizeof *out);
    out->type = v->type;
    if (mn_vector_is_null(v, row) || v->type.id == MN_T_UNKNOWN) {
        out->is_null = true;
        return;
    }
    const void *p = slot_ptr(v, row);
    switch (v->type.id) {
    case MN_T_BOOLEAN: out->u.i = *(const uint8_t *)p; break;
    case MN_T_TINYINT: out->u.i = *(const int8_t *)p; break;
    case MN_T_SMALLINT: out->u.i = *(const int16_t *)p; break;
    case MN_T_INTEGER:
    case MN_T_DATE:
    case MN_T_INTERVAL_YM: out->u.i = *(const int32_t *)p; break;
    case MN_T_BIGINT:
    case MN_T_TIMESTAMP:
    case MN_T_TIME:
    case MN_T_INTERVAL_DS: out->u.i = *(const int64_t *)p; break;
    case MN_T_REAL: out->u.f = *(const float *)p; break;
    case MN_T_DOUBLE: out->u.d = *(const double *)p; break;
    case MN_T_DECIMAL:
    case MN_T_TIMESTAMP_TZ: memcpy(&out->u.dec, p, sizeof(mn_i128)); break;
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_VARBINARY:
    case MN_T_JSON:
    case MN_T_ARRAY:
    case MN_T_MAP:
    case MN_T_ROW: out->u.s = *(const mn_str *)p; break;
    default: break;
    }
}

int mn_vector_set_constant(mn_vector *v, const mn_value *val, mn_error *err) {
    if (mn_vector_prepare_const(v, err)) return -1;
    return mn_vector_set_value(v, 0, val, err);
}

int mn_vector_append(mn_vector *dst, int dst_off, const mn_vector *src, const uint16_t *sel, int n,
                     bool copy_strings, mn_error *err) {
    size_t sz = mn_type_size(dst->type);
    char *d = (char *)dst->data + sz * (size_t)dst_off;
    const char *s = src->data;
    uint32_t m = src->mask;
    bool is_str = mn_type_is_varlen(dst->type);
    if (src->nulls || (dst->nulls && dst_off > 0)) {
        uint8_t *dn = mn_vector_nulls_mut(dst);
        if (!dn) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        if (src->nulls) {
            for (int i = 0; i < n; i++) dn[dst_off + i] = src->nulls[(uint32_t)(sel ? sel[i] : i) & m];
        } else {
            memset(dn + dst_off, 0, (size_t)n);
        }
    } else if (dst->nulls) {
        memset(dst->nulls + dst_off, 0, (size_t)n);
    }
    if (!sel && m == ~0u && !is_str) {
        memcpy(d, s, sz * (size_t)n);
        return 0;
    }
    switch (sz) {
    case 1:
        for (int i = 0; i < n; i++) ((uint8_t *)d)[i] = ((const uint8_t *)s)[(uint32_t)(sel ? sel[i] : i) & m];
        break;
    case 2:
        for (int i = 0; i < n; i++) ((uint16_t *)d)[i] = ((const uint16_t *)s)[(uint32_t)(sel ? sel[i] : i) & m];
        break;
    case 4:
        for (int i = 0; i < n; i++) ((uint32_t *)d)[i] = ((const uint32_t *)s)[(uint32_t)(sel ? sel[i] : i) & m];
        break;
    case 8:
        for (int i = 0; i < n; i++) ((uint64_t *)d)[i] = ((const uint64_t *)s)[(uint32_t)(sel ? sel[i] : i) & m];
        break;
    default:
        if (is_str) {
            mn_str *ds = (mn_str *)d;
            const mn_str *ss = (const mn_str *)s;
            for (int i = 0; i < n; i++) {
                uint32_t r = (uint32_t)(sel ? sel[i] : i) & m;
                if (copy_strings && !(src->nulls && src->nulls[r])) {
                    ds[i] = mn_vector_add_string(dst, ss[r].ptr, ss[r].len);
                    if (!ds[i].ptr) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
                } else {
                    ds[i] = ss[r];
                }
            }
        } else {
            for (int i = 0; i < n; i++) memcpy(d + sz * (size_t)i, s + sz * ((uint32_t)(sel ? sel[i] : i) & m), sz);
        }
        break;
    }
    return 0;
}

int mn_vector_gather(mn_vector *dst, const mn_vector *src, const uint16_t *sel, int n, bool copy_strings,
                     mn_error *err) {
    return mn_vector_append(dst, 0, src, sel, n, copy_strings, err);
}

int mn_vector_flatten(mn_vector *v, int count, mn_error *err) {
    if (v->mask != 0) return 0;
    if (ensure_own(v, err)) return -1;
    size_t sz = mn_type_size(v->type);
    char buf[32];
    memcpy(buf, v->data, sz);
    bool isnull = v->nulls && v->nulls[0];
    v->data = v->own_data;
    v->mask = ~0u;
    for (int i = 0; i < count; i++) memcpy((char *)v->data + sz * (size_t)i, buf, sz);
    if (isnull) {
        uint8_t *n = mn_vector_nulls_mut(v);
        if (!n) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        memset(n, 1, (size_t)count);
    } else {
        v->nulls = NULL;
    }
    return 0;
}

int mn_chunk_init(mn_chunk *c, int ncols, const mn_type *types, mn_error *err) {
    c->ncols = ncols;
    c->count = 0;
    c->cols = calloc((size_t)(ncols ? ncols : 1), sizeof(mn_vector));
    if (!c->cols) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    for (int i = 0; i < ncols; i++) mn_vector_init(&c->cols[i], types[i]);
    return 0;
}

void mn_chunk_destroy(mn_chunk *c) {
    if (!c->cols) return;
    for (int i = 0; i < c->ncols; i++) mn_vector_destroy(&c->cols[i]);
    free(c->cols);
    c->cols = NULL;
    c->ncols = 0;
}

int mn_chunk_reset(mn_chunk *c, mn_error *err) {
    c->count = 0;
    for (int i = 0; i < c->ncols; i++)
        if (mn_vector_prepare(&c->cols[i], err)) return -1;
    return 0;
}

void mn_value_null(mn_value *v, mn_type t) {
    memset(v, 0, sizeof *v);
    v->type = t;
    v->is_null = true;
}

static int cmp_str(mn_str a, mn_str b) {
    uint32_t n = a.len < b.len ? a.len : b.len;
    /* the first bytes inline: most comparisons (min/max, sorting) end there without a call */
    const uint8_t *x = (const uint8_t *)a.ptr, *y = (const uint8_t *)b.ptr;
    uint32_t i = 0, head = n < 8 ? n : 8;
    for (; i < head; i++)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    int c = n > i ? memcmp(x + i, y + i, n - i) : 0;
    if (c) return c;
    return a.len < b.len ? -1 : a.len > b.len;
}

#define CMP3(a, b) ((a) < (b) ? -1 : (a) > (b))

int mn_slot_compare(mn_type t, const void *a, const void *b) {
    switch (t.id) {
    case MN_T_BOOLEAN: return CMP3(*(const uint8_t *)a, *(const uint8_t *)b);
    case MN_T_TINYINT: return CMP3(*(const int8_t *)a, *(const int8_t *)b);
    case MN_T_SMALLINT: return CMP3(*(const int16_t *)a, *(const int16_t *)b);
    case MN_T_INTEGER:
    case MN_T_DATE:
    case MN_T_INTERVAL_YM: return CMP3(*(const int32_t *)a, *(const int32_t *)b);
    case MN_T_BIGINT:
    case MN_T_TIMESTAMP:
    case MN_T_TIME:
    case MN_T_INTERVAL_DS: return CMP3(*(const int64_t *)a, *(const int64_t *)b);
    case MN_T_TIMESTAMP_TZ: { /* by instant only */
        mn_i128 x, y;
        memcpy(&x, a, sizeof x);
        memcpy(&y, b, sizeof y);
        return CMP3(x >> 16, y >> 16);
    }
    case MN_T_REAL: {
        float x = *(const float *)a, y = *(const float *)b;
        if (x != x) return y != y ? 0 : 1; /* NaN sorts last, as Trino */
        if (y != y) return -1;
        return CMP3(x, y);
    }
    case MN_T_DOUBLE: {
        double x = *(const double *)a, y = *(const double *)b;
        if (x != x) return y != y ? 0 : 1;
        if (y != y) return -1;
        return CMP3(x, y);
    }
    case MN_T_DECIMAL: {
        mn_i128 x, y;
        memcpy(&x, a, sizeof x);
        memcpy(&y, b, sizeof y);
        return CMP3(x, y);
    }
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_VARBINARY:
    case MN_T_JSON: return cmp_str(*(const mn_str *)a, *(const mn_str *)b);
    case MN_T_ARRAY:
    case MN_T_MAP:
    case MN_T_ROW: return mn_nested_slot_compare(t, a, b);
    default: return 0;
    }
}

int mn_value_compare(const mn_value *a, const mn_value *b) {
    switch (a->type.id) {
    case MN_T_REAL: return mn_slot_compare(a->type, &a->u.f, &b->u.f);
    case MN_T_DOUBLE: return mn_slot_compare(a->type, &a->u.d, &b->u.d);
    case MN_T_DECIMAL: return CMP3(a->u.dec, b->u.dec);
    case MN_T_TIMESTAMP_TZ: return CMP3(a->u.dec >> 16, b->u.dec >> 16);
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_VARBINARY:
    case MN_T_JSON: return cmp_str(a->u.s, b->u.s);
    case MN_T_ARRAY:
    case MN_T_MAP:
    case MN_T_ROW: return mn_nested_slot_compare(a->type, &a->u.s, &b->u.s);
    default: return CMP3(a->u.i, b->u.i);
    }
}

int mn_value_render(const mn_value *v, mn_strbuf *out) {
    if (v->is_null) return mn_strbuf_puts(out, "NULL");
    if (v->type.id == MN_T_VARBINARY) return mn_format_varbinary_hex(v->u.s.ptr, v->u.s.len, out);
    if (mn_type_is_nested(v->type)) return mn_nested_render(v->type, v->u.s, out);
    if (mn_type_is_varlen(v->type)) return mn_strbuf_append(out, v->u.s.ptr, v->u.s.len);
    char buf[128];
    mn_vector tmp;
    /* physical slot from the value */
    union {
        uint8_t b;
        int8_t i8;
        int16_t i16;
        int32_t i32;
        int64_t i64;
        float f;
        double d;
        mn_i128 dec;
    } slot;
    memset(&slot, 0, sizeof slot);
    (void)tmp;
    switch (v->type.id) {
    case MN_T_BOOLEAN: slot.b = (uint8_t)v->u.i; break;
    case MN_T_TINYINT: slot.i8 = (int8_t)v->u.i; break;
    case MN_T_SMALLINT: slot.i16 = (int16_t)v->u.i; break;
    case MN_T_INTEGER:
    case MN_T_DATE:
    case MN_T_INTERVAL_YM: slot.i32 = (int32_t)v->u.i; break;
    case MN_T_REAL: slot.f = v->u.f; break;
    case MN_T_DOUBLE: slot.d = v->u.d; break;
    case MN_T_DECIMAL:
    case MN_T_TIMESTAMP_TZ: slot.dec = v->u.dec; break;
    default: slot.i64 = v->u.i; break;
    }
    size_t n = mn_format_value(v->type, &slot, buf);
    return mn_strbuf_append(out, buf, n);
}

uint64_t mn_hash_bytes(const void *p, size_t n, uint64_t seed) {
    /* FNV-1a over 8-byte words, finished with a mixer: simple and adequate for hash tables */
    const unsigned char *s = p;
    uint64_t h = seed ^ (UINT64_C(0xcbf29ce484222325) + n);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * UINT64_C(0x100000001b3);
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    if (n) memcpy(&w, s, n);
    h = (h ^ w) * UINT64_C(0x100000001b3);
    return mn_hash_u64(h);
}

uint64_t mn_slot_hash(mn_type t, const void *slot) {
    switch (t.id) {
    case MN_T_BOOLEAN: return mn_hash_u64(*(const uint8_t *)slot);
    case MN_T_TINYINT: return mn_hash_u64((uint64_t)(int64_t) * (const int8_t *)slot);
    case MN_T_SMALLINT: return mn_hash_u64((uint64_t)(int64_t) * (const int16_t *)slot);
    case MN_T_INTEGER:
    case MN_T_DATE:
    case MN_T_INTERVAL_YM: return mn_hash_u64((uint64_t)(int64_t) * (const int32_t *)slot);
    case MN_T_BIGINT:
    case MN_T_TIMESTAMP:
    case MN_T_TIME:
    case MN_T_INTERVAL_DS: return mn_hash_u64((uint64_t) * (const int64_t *)slot);
    case MN_T_TIMESTAMP_TZ: { /* the instant: equal instants in different zones hash alike */
        mn_i128 x;
        memcpy(&x, slot, sizeof x);
        return mn_hash_u64((uint64_t)(int64_t)(x >> 16));
    }
    case MN_T_REAL: {
        float f = *(const float *)slot;
        if (f == 0) f = 0; /* -0.0 == 0.0 */
        uint32_t b;
        memcpy(&b, &f, 4);
        return mn_hash_u64(b);
    }
    case MN_T_DOUBLE: {
        double d = *(const double *)slot;
        if (d == 0) d = 0;
        uint64_t b;
        memcpy(&b, &d, 8);
        return mn_hash_u64(b);
    }
    case MN_T_DECIMAL: {
        mn_i128 x;
        memcpy(&x, slot, sizeof x);
        return mn_hash_combine(mn_hash_u64((uint64_t)x), (uint64_t)(x >> 64));
    }
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_VARBINARY:
    case MN_T_JSON:
    case MN_T_ARRAY:
    case MN_T_MAP:
    case MN_T_ROW: {
        const mn_str *s = slot;
        return mn_hash_bytes(s->ptr, s->len, 0);
    }
    default: return 0;
    }
}
