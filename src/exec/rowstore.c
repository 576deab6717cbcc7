/* rowstore.c — row-major storage for the hash aggregate, joins and sort: appending rows
 * from vectors (strings copied in one arena allocation per column and chunk), gathering
 * columns back into vectors, and hashing / comparing key columns per physical kind. */
#include "exec/rowstore.h"

#include <math.h>
#include <stdlib.h>

#include "common/error.h"
#include "types/nested.h"

#define FIRST_BLOCK_ROWS 64
#define MAX_BLOCK_BYTES (256u * 1024u)
#define HEAP_BLOCK (256u * 1024u)

static const char empty_str[1] = "";

enum { K_U8 = MN_RS_U8, K_I8 = MN_RS_I8, K_I16 = MN_RS_I16, K_I32 = MN_RS_I32, K_I64 = MN_RS_I64,
       K_F32 = MN_RS_F32, K_F64 = MN_RS_F64, K_I128 = MN_RS_I128, K_STR = MN_RS_STR, K_NULL = MN_RS_NULL,
       K_TSTZ = MN_RS_TSTZ };

static int kind_of(mn_type t) {
    switch ((mn_type_id)t.id) {
    case MN_T_TINYINT: return K_I8;
    case MN_T_SMALLINT: return K_I16;
    case MN_T_INTEGER:
    case MN_T_DATE:
    case MN_T_INTERVAL_YM: return K_I32;
    case MN_T_BIGINT:
    case MN_T_TIMESTAMP:
    case MN_T_TIME:
    case MN_T_INTERVAL_DS: return K_I64;
    case MN_T_TIMESTAMP_TZ: return K_TSTZ;
    case MN_T_REAL: return K_F32;
    case MN_T_DOUBLE: return K_F64;
    case MN_T_DECIMAL: return K_I128;
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_VARBINARY:
    case MN_T_JSON:
    case MN_T_ARRAY: /* nested: bytes for storage, hashing and equality; ordered apart */
    case MN_T_MAP:
    case MN_T_ROW: return K_STR;
    case MN_T_UNKNOWN: return K_NULL;
    default: return K_U8; /* BOOLEAN */
    }
}

static size_t kind_size(int k) {
    switch (k) {
    case K_I16: return 2;
    case K_I32:
    case K_F32: return 4;
    case K_I64:
    case K_F64: return 8;
    case K_I128:
    case K_TSTZ: return 16;
    case K_STR: return sizeof(mn_str);
    default: return 1;
    }
}

/* ---------- layout ---------- */

int mn_rowstore_init(mn_rowstore *rs, int ncols, const mn_type *types, size_t extra_size, mn_error *err) {
    memset(rs, 0, sizeof *rs);
    if (ncols < 0 || extra_size > (1u << 20)) return mn_error_set(err, MN_ERR_INTERNAL, "bad row layout");
    rs->ncols = ncols;
    size_t n = ncols > 0 ? (size_t)ncols : 1;
    rs->types = malloc(n * sizeof *rs->types);
    rs->offs = malloc(n * sizeof *rs->offs);
    rs->sizes = malloc(n);
    rs->kinds = malloc(n);
    rs->heaps = malloc(sizeof *rs->heaps);
    if (!rs->types || !rs->offs || !rs->sizes || !rs->kinds || !rs->heaps) {
        mn_rowstore_destroy(rs);
        return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    }
    rs->capheaps = 1;
    rs->nheaps = 1;
    mn_arena_init(&rs->heaps[0], HEAP_BLOCK);
    size_t off = 0;
    for (int c = 0; c < ncols; c++) {
        rs->types[c] = types[c];
        rs->kinds[c] = (uint8_t)kind_of(types[c]);
        size_t sz = kind_size(rs->kinds[c]);
        size_t al = sz > 8 ? 8 : sz;
        off = (off + al - 1) & ~(al - 1);
        rs->offs[c] = (uint32_t)off;
        rs->sizes[c] = (uint8_t)sz;
        off += sz;
    }
    rs->null_off = (uint32_t)off;
    off += (size_t)ncols;
    off = (off + 15) & ~(size_t)15;
    rs->extra_off = (uint32_t)off;
    rs->extra_size = (uint32_t)extra_size;
    off += extra_size;
    off = (off + 15) & ~(size_t)15;
    if (off == 0) off = 16;
    rs->width = (uint32_t)off;
    return 0;
}

int64_t mn_rowstore_bytes(const mn_rowstore *rs) {
    int64_t n = 0;
    for (int i = 0; i < rs->nblocks; i++) n += (int64_t)rs->blocks[i].cap * rs->width;
    for (int i = 0; i < rs->nheaps; i++) n += (int64_t)rs->heaps[i].total;
    return n;
}

void mn_rowstore_destroy(mn_rowstore *rs) {
    for (int i = 0; i < rs->nblocks; i++) free(rs->blocks[i].data);
    free(rs->blocks);
    for (int i = 0; i < rs->nheaps; i++) mn_arena_destroy(&rs->heaps[i]);
    free(rs->heaps);
    free(rs->types);
    free(rs->offs);
    free(rs->sizes);
    free(rs->kinds);
    free(rs->scratch);
    memset(rs, 0, sizeof *rs);
}

static int add_block(mn_rowstore *rs, uint32_t min_rows, mn_error *err) {
    if (rs->nblocks == rs->capblocks) {
        int nc = rs->capblocks ? rs->capblocks * 2 : 8;
        mn_rs_block *nb = realloc(rs->blocks, (size_t)nc * sizeof *nb);
        if (!nb) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        rs->blocks = nb;
        rs->capblocks = nc;
    }
    uint32_t max_rows = MAX_BLOCK_BYTES / rs->width;
    if (max_rows < 16) max_rows = 16;
    uint32_t cap = FIRST_BLOCK_ROWS;
    if (rs->nblocks > 0) {
        cap = rs->blocks[rs->nblocks - 1].cap * 2;
        if (cap > max_rows) cap = max_rows;
    }
    if (cap < min_rows) cap = min_rows;
    size_t bytes = (size_t)cap * rs->width;
    uint8_t *d = aligned_alloc(16, bytes);
    if (!d) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory storing rows");
    rs->blocks[rs->nblocks].data = d;
    rs->blocks[rs->nblocks].count = 0;
    rs->blocks[rs->nblocks].cap = cap;
    rs->nblocks++;
    return 0;
}

/* Reserves n zero-filled rows, writing their addresses to rows. */
static int alloc_rows(mn_rowstore *rs, int64_t n, uint8_t **rows, mn_error *err) {
    int64_t done = 0;
    while (done < n) {
        mn_rs_block *b = rs->nblocks ? &rs->blocks[rs->nblocks - 1] : NULL;
        if (!b || b->count == b->cap) {
            if (add_block(rs, 1, err)) return -1;
            b = &rs->blocks[rs->nblocks - 1];
        }
        uint32_t room = b->cap - b->count;
        uint32_t take = (int64_t)room < n - done ? room : (uint32_t)(n - done);
        uint8_t *p = b->data + (size_t)b->count * rs->width;
        memset(p, 0, (size_t)take * rs->width);
        for (uint32_t i = 0; i < take; i++) rows[done + i] = p + (size_t)i * rs->width;
        b->count += take;
        done += take;
    }
    rs->count += n;
    return 0;
}

/* ---------- append ---------- */

static int write_strings(mn_rowstore *rs, int c, const mn_vector *v, const uint16_t *sel, int n, uint8_t **rows,
                         mn_error *err) {
    const mn_str *src = v->data;
    uint32_t mask = v->mask, off = rs->offs[c];
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        uint32_t r = (uint32_t)(sel ? sel[i] : i) & mask;
        if (v->nulls && v->nulls[r]) continue;
        total += src[r].len;
    }
    char *buf = NULL;
    if (total > 0) {
        buf = mn_arena_alloc(&rs->heaps[0], total);
        if (!buf) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory copying strings");
    }
    for (int i = 0; i < n; i++) {
        uint32_t r = (uint32_t)(sel ? sel[i] : i) & mask;
        mn_str s = {empty_str, 0};
        if (!(v->nulls && v->nulls[r]) && src[r].len > 0) {
            memcpy(buf, src[r].ptr, src[r].len);
            s.ptr = buf;
            s.len = src[r].len;
            buf += src[r].len;
        }
        memcpy(rows[i] + off, &s, sizeof s);
    }
    return 0;
}

#define COPY_SLOTS(T)                                                         \
    do {                                                                      \
        const T *s_ = (const T *)v->data;                                     \
        for (int i = 0; i < n; i++) {                                         \
            uint32_t r_ = (uint32_t)(sel ? sel[i] : i) & mask;                \
            memcpy(rows[i] + off, &s_[r_], sizeof(T));                        \
        }                                                                     \
    } while (0)

int mn_rowstore_append(mn_rowstore *rs, mn_vector *const *cols, const uint16_t *sel, int n, uint8_t **rows_out,
                       mn_error *err) {
    if (n <= 0) return 0;
    if (n > MN_VECTOR_SIZE) return mn_error_set(err, MN_ERR_INTERNAL, "rowstore append of %d rows", n);
    uint8_t **rows = rows_out;
    if (!rows) {
        if (!rs->scratch) {
            rs->scratch = malloc(MN_VECTOR_SIZE * sizeof *rs->scratch);
            if (!rs->scratch) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        }
        rows = rs->scratch;
    }
    if (alloc_rows(rs, n, rows, err)) return -1;
    for (int c = 0; c < rs->ncols; c++) {
        const mn_vector *v = cols[c];
        uint32_t mask = v->mask, off = rs->offs[c];
        switch (rs->kinds[c]) {
        case K_STR:
            if (write_strings(rs, c, v, sel, n, rows, err)) return -1;
            break;
        case K_NULL: break;
        case K_U8:
        case K_I8:
            if (!v->data) break;
            COPY_SLOTS(uint8_t);
            break;
        case K_I16: COPY_SLOTS(int16_t); break;
        case K_I32:
        case K_F32: COPY_SLOTS(int32_t); break;
        case K_I64:
        case K_F64: COPY_SLOTS(int64_t); break;
        case K_I128:
        case K_TSTZ: COPY_SLOTS(mn_i128); break;
        }
        uint32_t no = rs->null_off + (uint32_t)c;
        if (rs->kinds[c] == K_NULL) {
            for (int i = 0; i < n; i++) rows[i][no] = 1;
        } else if (v->nulls) {
            for (int i = 0; i < n; i++) rows[i][no] = v->nulls[(uint32_t)(sel ? sel[i] : i) & mask] ? 1 : 0;
        }
    }
    return 0;
}

int mn_rowstore_copy_rows(mn_rowstore *rs, uint8_t *const *rows, int64_t n, uint8_t **rows_out, mn_error *err) {
    uint8_t *local[256];
    int64_t done = 0;
    while (done < n) {
        int64_t take = n - done < 256 ? n - done : 256;
        if (alloc_rows(rs, take, local, err)) return -1;
        for (int64_t i = 0; i < take; i++) {
            uint8_t *dst = local[i];
            memcpy(dst, rows[done + i], rs->width);
            for (int c = 0; c < rs->ncols; c++) {
                if (rs->kinds[c] != K_STR) continue;
                mn_str s;
                memcpy(&s, dst + rs->offs[c], sizeof s);
                if (s.len == 0 || dst[rs->null_off + (uint32_t)c]) {
                    s.ptr = empty_str;
                    s.len = 0;
                } else {
                    char *p = mn_arena_alloc(&rs->heaps[0], s.len);
                    if (!p) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory copying strings");
                    memcpy(p, s.ptr, s.len);
                    s.ptr = p;
                }
                memcpy(dst + rs->offs[c], &s, sizeof s);
            }
            if (rows_out) rows_out[done + i] = dst;
        }
        done += take;
    }
    return 0;
}

int mn_rowstore_absorb(mn_rowstore *dst, mn_rowstore *src, mn_error *err) {
    if (src->count == 0 && src->nheaps <= 1 && src->heaps && src->heaps[0].total == 0) return 0;
    if (dst->width != src->width || dst->ncols != src->ncols)
        return mn_error_set(err, MN_ERR_INTERNAL, "rowstore layouts differ");
    if (dst->nblocks + src->nblocks > dst->capblocks) {
        int nc = dst->capblocks ? dst->capblocks : 8;
        while (nc < dst->nblocks + src->nblocks) nc *= 2;
        mn_rs_block *nb = realloc(dst->blocks, (size_t)nc * sizeof *nb);
        if (!nb) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        dst->blocks = nb;
        dst->capblocks = nc;
    }
    if (dst->nheaps + src->nheaps > dst->capheaps) {
        int nc = dst->capheaps ? dst->capheaps * 2 : 2;
        while (nc < dst->nheaps + src->nheaps) nc *= 2;
        mn_arena *nh = realloc(dst->heaps, (size_t)nc * sizeof *nh);
        if (!nh) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        dst->heaps = nh;
        dst->capheaps = nc;
    }
    /* src blocks go before dst's last block so that appends keep filling that one */
    if (src->nblocks > 0) {
        if (dst->nblocks > 0) {
            mn_rs_block last = dst->blocks[dst->nblocks - 1];
            memcpy(&dst->blocks[dst->nblocks - 1], src->blocks, (size_t)src->nblocks * sizeof *src->blocks);
            dst->blocks[dst->nblocks - 1 + src->nblocks] = last;
        } else {
            memcpy(dst->blocks, src->blocks, (size_t)src->nblocks * sizeof *src->blocks);
        }
        dst->nblocks += src->nblocks;
    }
    for (int i = 0; i < src->nheaps; i++) {
        dst->heaps[dst->nheaps++] = src->heaps[i];
        mn_arena_init(&src->heaps[i], HEAP_BLOCK);
    }
    src->nheaps = 1;
    dst->count += src->count;
    src->count = 0;
    src->nblocks = 0;
    return 0;
}

void mn_rowstore_collect(const mn_rowstore *rs, uint8_t **out) {
    int64_t k = 0;
    for (int b = 0; b < rs->nblocks; b++) {
        const mn_rs_block *bl = &rs->blocks[b];
        for (uint32_t i = 0; i < bl->count; i++) out[k++] = bl->data + (size_t)i * rs->width;
    }
}

/* ---------- gather ---------- */

#define GATHER_SLOTS(T)                                                      \
    do {                                                                     \
        T *d_ = (T *)dst->data + dst_off;                                    \
        for (int i = 0; i < n; i++) memcpy(&d_[i], rows[i] + off, sizeof(T)); \
    } while (0)

int mn_rowstore_gather(const mn_rowstore *rs, uint8_t *const *rows, int n, int col, mn_vector *dst, int dst_off,
                       mn_error *err) {
    if (n <= 0) return 0;
    uint32_t off = rs->offs[col];
    switch (rs->sizes[col]) {
    case 1: GATHER_SLOTS(uint8_t); break;
    case 2: GATHER_SLOTS(int16_t); break;
    case 4: GATHER_SLOTS(int32_t); break;
    case 8: GATHER_SLOTS(int64_t); break;
    default: GATHER_SLOTS(mn_i128); break; /* DECIMAL and mn_str are both 16 bytes */
    }
    uint32_t no = rs->null_off + (uint32_t)col;
    uint8_t *nm = dst->nulls;
    if (nm) {
        for (int i = 0; i < n; i++) nm[dst_off + i] = rows[i][no];
        return 0;
    }
    for (int i = 0; i < n; i++) {
        if (!rows[i][no]) continue;
        if (!nm) {
            nm = mn_vector_nulls_mut(dst);
            if (!nm) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        }
        nm[dst_off + i] = 1;
    }
    return 0;
}

int mn_rowstore_gather_cols(const mn_rowstore *rs, uint8_t *const *rows, int n, int ncols, mn_vector *dst,
                            mn_error *err) {
    for (int col = 0; col < ncols; col++)
        if (mn_rowstore_gather(rs, rows, n, col, &dst[col], 0, err)) return -1;
    return 0;
}

int mn_rowstore_emit_next(const mn_rowstore *rs, uint8_t *const *rows, int64_t n, atomic_int_fast64_t *cursor,
                          int ncols, mn_chunk *out, mn_error *err) {
    out->count = 0;
    int64_t pos = atomic_fetch_add(cursor, MN_VECTOR_SIZE);
    if (pos >= n) return 0;
    int m = (int)(n - pos < MN_VECTOR_SIZE ? n - pos : MN_VECTOR_SIZE);
    if (mn_rowstore_gather_cols(rs, rows + pos, m, ncols, out->cols, err)) return -1;
    out->count = m;
    return 0;
}

/* ---------- hashing ---------- */

#define NULL_HASH UINT64_C(0x2d358dccaa6c78a5)
#define NAN_HASH UINT64_C(0x8bb84b93962eacc9)

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t hash_str(const char *p, uint32_t n) {
    if (n <= 8) { /* short strings: one mix of the zero-padded bytes and the length */
        return mn_hash_u64(mn_rs_load_short(p, n) * UINT64_C(0x87c37b91114253d5) + n);
    }
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ ((uint64_t)n * UINT64_C(0xff51afd7ed558ccd));
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = rotl64(h ^ (w * UINT64_C(0x87c37b91114253d5)), 31) * UINT64_C(0x4cf5ad432745937f);
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        uint64_t w = 0;
        memcpy(&w, p, n);
        h = rotl64(h ^ (w * UINT64_C(0x87c37b91114253d5)), 31) * UINT64_C(0x4cf5ad432745937f);
    }
    return mn_hash_u64(h);
}

/* returns the hash of the slot p read as the integer type T (sign-extended to 64 bits) */
#define HASH_INT_AS(T)                                                                                                 \
    do {                                                                                                               \
        T x;                                                                                                           \
        memcpy(&x, p, sizeof x);                                                                                       \
        return mn_hash_u64((uint64_t)(int64_t)x);                                                                      \
    } while (0)

static inline uint64_t hash_slot(int kind, const void *p) {
    switch (kind) {
    case K_I8: HASH_INT_AS(int8_t);
    case K_I16: HASH_INT_AS(int16_t);
    case K_I32: HASH_INT_AS(int32_t);
    case K_I64: HASH_INT_AS(int64_t);
    case K_F32: {
        float f;
        memcpy(&f, p, 4);
        if (isnan(f)) return NAN_HASH;
        double d = f == 0.0f ? 0.0 : (double)f;
        uint64_t x;
        memcpy(&x, &d, 8);
        return mn_hash_u64(x);
    }
    case K_F64: {
        double d;
        memcpy(&d, p, 8);
        if (isnan(d)) return NAN_HASH;
        if (d == 0.0) d = 0.0;
        uint64_t x;
        memcpy(&x, &d, 8);
        return mn_hash_u64(x);
    }
    case K_TSTZ: {
        mn_i128 x;
        memcpy(&x, p, 16);
        return mn_hash_u64((uint64_t)(int64_t)(x >> 16));
    }
    case K_I128: {
        uint64_t w[2];
        memcpy(w, p, 16);
        return mn_hash_u64(w[0] ^ mn_hash_u64(w[1] + UINT64_C(0x9e3779b97f4a7c15)));
    }
    case K_STR: {
        mn_str s;
        memcpy(&s, p, sizeof s);
        return hash_str(s.ptr, s.len);
    }
    default: {
        uint8_t x;
        memcpy(&x, p, 1);
        return mn_hash_u64(x);
    }
    }
}

#define HASH_LOOP(KIND, SIZE)                                                               \
    do {                                                                                    \
        const uint8_t *d_ = (const uint8_t *)v->data;                                       \
        for (int i = 0; i < count; i++) {                                                   \
            uint64_t h_ = nulls && nulls[i] ? NULL_HASH : hash_slot(KIND, d_ + (size_t)i * (SIZE)); \
            hashes[i] = first ? h_ : mn_hash_combine(hashes[i], h_);                        \
        }                                                                                   \
    } while (0)

void mn_rowstore_hash_vector(const mn_vector *v, int count, uint64_t *hashes, bool first) {
    int kind = kind_of(v->type);
    if (v->type.id == MN_T_UNKNOWN || !v->data) {
        for (int i = 0; i < count; i++) hashes[i] = first ? NULL_HASH : mn_hash_combine(hashes[i], NULL_HASH);
        return;
    }
    if (v->mask == 0) {
        uint64_t h = v->nulls && v->nulls[0] ? NULL_HASH : hash_slot(kind, v->data);
        for (int i = 0; i < count; i++) hashes[i] = first ? h : mn_hash_combine(hashes[i], h);
        return;
    }
    const uint8_t *nulls = v->nulls;
    switch (kind) {
    case K_I8: HASH_LOOP(K_I8, 1); break;
    case K_I16: HASH_LOOP(K_I16, 2); break;
    case K_I32: HASH_LOOP(K_I32, 4); break;
    case K_I64: HASH_LOOP(K_I64, 8); break;
    case K_F32: HASH_LOOP(K_F32, 4); break;
    case K_F64: HASH_LOOP(K_F64, 8); break;
    case K_I128: HASH_LOOP(K_I128, 16); break;
    case K_TSTZ: HASH_LOOP(K_TSTZ, 16); break;
    case K_STR: HASH_LOOP(K_STR, sizeof(mn_str)); break;
    default: HASH_LOOP(K_U8, 1); break;
    }
}

uint64_t mn_rowstore_hash_row(const mn_rowstore *rs, const uint8_t *row, const int *cols, int ncols) {
    uint64_t h = 0;
    for (int k = 0; k < ncols; k++) {
        int c = cols[k];
        uint64_t hk;
        if (rs->kinds[c] == K_NULL || mn_rowstore_is_null(rs, row, c)) hk = NULL_HASH;
        else hk = hash_slot(rs->kinds[c], row + rs->offs[c]);
        h = k == 0 ? hk : mn_hash_combine(h, hk);
    }
    return h;
}

/* ---------- ordering ---------- */

#define CMP3(x, y) ((x) < (y) ? -1 : (x) > (y) ? 1 : 0)
/* returns the order of the slots a and b read as T; floats put NaN after every number */
#define CMP_AS(T)                                                                                                      \
    do {                                                                                                               \
        T x, y;                                                                                                        \
        memcpy(&x, a, sizeof x);                                                                                       \
        memcpy(&y, b, sizeof y);                                                                                       \
        return CMP3(x, y);                                                                                             \
    } while (0)
#define CMP_FLOAT_AS(T)                                                                                                \
    do {                                                                                                               \
        T x, y;                                                                                                        \
        memcpy(&x, a, sizeof x);                                                                                       \
        memcpy(&y, b, sizeof y);                                                                                       \
        if (isnan(x) || isnan(y)) return isnan(x) ? (isnan(y) ? 0 : 1) : -1;                                          \
        return CMP3(x, y);                                                                                             \
    } while (0)

static inline int cmp_kind(int kind, const void *a, const void *b) {
    switch (kind) {
    case K_I8: CMP_AS(int8_t);
    case K_I16: CMP_AS(int16_t);
    case K_I32: CMP_AS(int32_t);
    case K_I64: CMP_AS(int64_t);
    case K_F32: CMP_FLOAT_AS(float);
    case K_F64: CMP_FLOAT_AS(double);
    case K_I128: CMP_AS(mn_i128);
    case K_TSTZ: {
        mn_i128 x, y;
        memcpy(&x, a, 16);
        memcpy(&y, b, 16);
        return CMP3(x >> 16, y >> 16);
    }
    case K_STR: {
        mn_str x, y;
        memcpy(&x, a, sizeof x);
        memcpy(&y, b, sizeof y);
        uint32_t m = x.len < y.len ? x.len : y.len;
        int c = m ? memcmp(x.ptr, y.ptr, m) : 0;
        if (c) return c < 0 ? -1 : 1;
        return CMP3(x.len, y.len);
    }
    default: {
        uint8_t x = *(const uint8_t *)a, y = *(const uint8_t *)b;
        return CMP3(x, y);
    }
    }
}

int mn_rowstore_cmp_slot(mn_type t, const void *a, const void *b) {
    if (mn_type_is_nested(t)) return mn_nested_slot_compare(t, a, b);
    return cmp_kind(kind_of(t), a, b);
}

/* Where a NULL stands against a non-NULL value under key k (a_null: the first one is NULL). */
static inline int null_order(const mn_rs_sort_key *k, bool a_null) {
    int r = a_null ? -1 : 1;
    return k->nulls_first ? r : -r;
}

/* Key k's order of two non-NULL slots of its column (nested types are stored as K_STR). */
static inline int slot_order(const mn_rowstore *rs, const mn_rs_sort_key *k, const uint8_t *sa, const uint8_t *sb) {
    int c = k->col, r;
    if (rs->kinds[c] == K_STR && mn_type_is_nested(rs->types[c])) r = mn_nested_slot_compare(rs->types[c], sa, sb);
    else r = cmp_kind(rs->kinds[c], sa, sb);
    return k->descending ? -r : r;
}

int mn_rowstore_cmp_rows(const mn_rowstore *rs, const uint8_t *a, const uint8_t *b, const mn_rs_sort_key *keys,
                         int nkeys) {
    for (int k = 0; k < nkeys; k++) {
        int c = keys[k].col;
        bool an = mn_rowstore_is_null(rs, a, c), bn = mn_rowstore_is_null(rs, b, c);
        if (an || bn) {
            if (an && bn) continue;
            return null_order(&keys[k], an);
        }
        int r = slot_order(rs, &keys[k], a + rs->offs[c], b + rs->offs[c]);
        if (r) return r;
    }
    return 0;
}

int mn_rowstore_cmp_vec_row(const mn_rowstore *rs, mn_vector *const *vecs, int vrow, const uint8_t *row,
                            const mn_rs_sort_key *keys, int nkeys) {
    for (int k = 0; k < nkeys; k++) {
        int c = keys[k].col;
        const mn_vector *v = vecs[k];
        uint32_t r0 = (uint32_t)vrow & v->mask;
        bool an = v->type.id == MN_T_UNKNOWN || (v->nulls && v->nulls[r0]);
        bool bn = mn_rowstore_is_null(rs, row, c);
        if (an || bn) {
            if (an && bn) continue;
            return null_order(&keys[k], an);
        }
        int r = slot_order(rs, &keys[k], (const uint8_t *)v->data + (size_t)r0 * rs->sizes[c], row + rs->offs[c]);
        if (r) return r;
    }
    return 0;
}
