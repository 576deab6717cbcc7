/* rowstore.h — row-major storage of fixed-width rows, shared by hash aggregation, hash
 * join, nested-loop join and sort. A row holds one slot per column (the vector slot
 * layout of its type), one null byte per column and `extra` bytes the owner uses freely
 * (aggregate states, hash-chain links, match flags); rows are zero-filled when appended.
 * Rows live in blocks that never move, so row pointers stay valid until the store is
 * destroyed; strings are copied into arenas the store owns. Stores of one layout can be
 * merged (mn_rowstore_absorb) without copying rows.
 * Not thread-safe: one writer at a time; concurrent readers are fine. */
#ifndef MN_EXEC_ROWSTORE_H
#define MN_EXEC_ROWSTORE_H

#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "common/arena.h"
#include "minerva.h"
#include "types/vector.h"

/* Physical kind of a column: what hashing, equality and ordering switch on. */
enum {
    MN_RS_U8,   /* BOOLEAN */
    MN_RS_I8,
    MN_RS_I16,
    MN_RS_I32,  /* INTEGER, DATE, INTERVAL YEAR TO MONTH */
    MN_RS_I64,  /* BIGINT, TIMESTAMP, TIME, INTERVAL DAY TO SECOND */
    MN_RS_F32,
    MN_RS_F64,
    MN_RS_I128, /* DECIMAL */
    MN_RS_STR,  /* VARCHAR, CHAR */
    MN_RS_NULL, /* UNKNOWN: always NULL */
    MN_RS_TSTZ, /* TIMESTAMP WITH TIME ZONE: 128-bit slot; hashed, equal and ordered by the
                   instant (slot >> 16), so one instant in two zones is one group */
};

typedef struct mn_rs_block {
    uint8_t *data; /* cap * width bytes, 16-byte aligned */
    uint32_t count;
    uint32_t cap;
} mn_rs_block;

typedef struct mn_rowstore {
    int ncols;
    mn_type *types;     /* ncols (owned) */
    uint32_t *offs;     /* slot offset of each column in a row (owned) */
    uint8_t *sizes;     /* slot bytes of each column (owned) */
    uint8_t *kinds;     /* MN_RS_* of each column (owned) */
    uint32_t null_off;  /* ncols null bytes start here */
    uint32_t extra_off; /* 16-byte aligned */
    uint32_t extra_size;
    uint32_t width;     /* bytes per row, a multiple of 16 */
    int64_t count;      /* rows stored */
    mn_rs_block *blocks;
    int nblocks, capblocks;
    mn_arena *heaps;    /* heaps[0] receives new strings; others came from absorbed stores */
    int nheaps, capheaps;
    uint8_t **scratch;  /* MN_VECTOR_SIZE row pointers, allocated on first append */
} mn_rowstore;

/* A sort key over a stored column. */
typedef struct mn_rs_sort_key {
    int col;
    bool descending;
    bool nulls_first;
} mn_rs_sort_key;

int mn_rowstore_init(mn_rowstore *rs, int ncols, const mn_type *types, size_t extra_size, mn_error *err);
/* Bytes held: row blocks plus the string heaps. */
int64_t mn_rowstore_bytes(const mn_rowstore *rs);
/* Frees blocks and string heaps (safe on a zeroed or already destroyed store). */
void mn_rowstore_destroy(mn_rowstore *rs);

static inline const void *mn_rowstore_slot(const mn_rowstore *rs, const uint8_t *row, int col) {
    return row + rs->offs[col];
}
static inline bool mn_rowstore_is_null(const mn_rowstore *rs, const uint8_t *row, int col) {
    return row[rs->null_off + (uint32_t)col] != 0;
}
static inline uint8_t *mn_rowstore_extra(const mn_rowstore *rs, uint8_t *row) { return row + rs->extra_off; }

/* Appends n (<= MN_VECTOR_SIZE) rows: column c of the new row i is cols[c] row sel[i]
 * (sel NULL: row i); vectors may be FLAT or CONSTANT. Strings are copied. Row pointers go
 * to rows_out (n entries) when non-NULL. Extra bytes are zero. */
int mn_rowstore_append(mn_rowstore *rs, mn_vector *const *cols, const uint16_t *sel, int n, uint8_t **rows_out,
                       mn_error *err);
/* Copies n rows (extra bytes included) of a store with the same layout into rs; strings
 * are copied into rs. Row pointers of the copies go to rows_out when non-NULL. */
int mn_rowstore_copy_rows(mn_rowstore *rs, uint8_t *const *rows, int64_t n, uint8_t **rows_out, mn_error *err);
/* Moves every row and string heap of src (same layout) into dst without copying; row
 * pointers into src stay valid and are now owned by dst. src is left empty but usable. */
int mn_rowstore_absorb(mn_rowstore *dst, mn_rowstore *src, mn_error *err);
/* Writes the pointers of all rows (storage order) to out (rs->count entries). */
void mn_rowstore_collect(const mn_rowstore *rs, uint8_t **out);

/* dst rows [dst_off, dst_off + n) = column col of rows[0..n). dst must be prepared (flat)
 * with a type of the same physical layout. Strings are referenced, not copied: they stay
 * valid while the store lives. Fails only when the null array cannot be allocated. */
int mn_rowstore_gather(const mn_rowstore *rs, uint8_t *const *rows, int n, int col, mn_vector *dst, int dst_off,
                       mn_error *err);
/* mn_rowstore_gather of columns 0..ncols into dst[0..ncols), from row 0 on. */
int mn_rowstore_gather_cols(const mn_rowstore *rs, uint8_t *const *rows, int n, int ncols, mn_vector *dst,
                            mn_error *err);
/* The next chunk of an ordered source over rows[0..n): claims up to MN_VECTOR_SIZE rows
 * from *cursor (atomically, so workers may share it) and gathers their columns 0..ncols
 * into out (out->count set; 0 when none is left). */
int mn_rowstore_emit_next(const mn_rowstore *rs, uint8_t *const *rows, int64_t n, atomic_int_fast64_t *cursor,
                          int ncols, mn_chunk *out, mn_error *err);

/* Key hashing: hashes[i] (i < count) gets the hash of v row i (first) or that hash
 * combined into hashes[i] (!first). NULL has a fixed hash; for REAL/DOUBLE -0 hashes as 0
 * and every NaN alike. mn_rowstore_hash_row gives the same value for a stored row. */
void mn_rowstore_hash_vector(const mn_vector *v, int count, uint64_t *hashes, bool first);
uint64_t mn_rowstore_hash_row(const mn_rowstore *rs, const uint8_t *row, const int *cols, int ncols);

/* The n <= 8 bytes at p, zero-padded, as one little-endian word (no library call). */
static inline uint64_t mn_rs_load_short(const char *p, uint32_t n) {
    uint64_t w = 0;
    for (uint32_t i = 0; i < n; i++) w |= (uint64_t)(uint8_t)p[i] << (8 * i);
    return w;
}

/* Key equality with grouping semantics (NULL equals NULL, NaN equals NaN, -0 equals 0):
 * stored columns cols[k] of row against vecs[k] row vrow, or of two rows (same layout). */
static inline bool mn_rs_slot_eq(int kind, const void *a, const void *b) {
    switch (kind) {
    case MN_RS_I16: return memcmp(a, b, 2) == 0;
    case MN_RS_I32: return memcmp(a, b, 4) == 0;
    case MN_RS_I64: return memcmp(a, b, 8) == 0;
    case MN_RS_I128: return memcmp(a, b, 16) == 0;
    case MN_RS_TSTZ: {
        __int128 x, y;
        memcpy(&x, a, 16);
        memcpy(&y, b, 16);
        return (x >> 16) == (y >> 16);
    }
    case MN_RS_F32: {
        float x, y;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        return x == y || (isnan(x) && isnan(y));
    }
    case MN_RS_F64: {
        double x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        return x == y || (isnan(x) && isnan(y));
    }
    case MN_RS_STR: {
        mn_str x, y;
        memcpy(&x, a, sizeof x);
        memcpy(&y, b, sizeof y);
        if (x.len != y.len) return false;
        if (x.len <= 8) return mn_rs_load_short(x.ptr, x.len) == mn_rs_load_short(y.ptr, y.len);
        return memcmp(x.ptr, y.ptr, x.len) == 0;
    }
    case MN_RS_NULL: return true;
    default: return *(const uint8_t *)a == *(const uint8_t *)b;
    }
}

static inline bool mn_rowstore_eq_vec(const mn_rowstore *rs, const uint8_t *row, const int *cols,
                                      mn_vector *const *vecs, int ncols, int vrow) {
    for (int k = 0; k < ncols; k++) {
        int c = cols[k];
        const mn_vector *v = vecs[k];
        int kind = rs->kinds[c];
        if (kind == MN_RS_NULL) continue;
        uint32_t r = (uint32_t)vrow & v->mask;
        bool vn = v->nulls && v->nulls[r];
        bool rn = row[rs->null_off + (uint32_t)c] != 0;
        if (vn || rn) {
            if (vn != rn) return false;
            continue;
        }
        if (!mn_rs_slot_eq(kind, row + rs->offs[c], (const uint8_t *)v->data + (size_t)r * rs->sizes[c])) return false;
    }
    return true;
}

static inline bool mn_rowstore_eq_rows(const mn_rowstore *rs, const uint8_t *a, const uint8_t *b, const int *cols,
                                       int ncols) {
    for (int k = 0; k < ncols; k++) {
        int c = cols[k];
        int kind = rs->kinds[c];
        if (kind == MN_RS_NULL) continue;
        bool an = a[rs->null_off + (uint32_t)c] != 0, bn = b[rs->null_off + (uint32_t)c] != 0;
        if (an || bn) {
            if (an != bn) return false;
            continue;
        }
        if (!mn_rs_slot_eq(kind, a + rs->offs[c], b + rs->offs[c])) return false;
    }
    return true;
}

/* Hash-table lookups keyed by the store's columns cols[0..n) (an mn_ht_eq_fn of
 * hashtable.h with its context; inline, so a constant callback is inlined): the key is row
 * `row` of key vectors, or a stored row. */
typedef struct mn_rs_vec_key {
    const mn_rowstore *rs;
    const int *cols;
    mn_vector *const *vecs;
    int n;
    int row;
} mn_rs_vec_key;

static inline bool mn_rs_vec_key_eq(void *ctx, const void *value) {
    const mn_rs_vec_key *k = ctx;
    return mn_rowstore_eq_vec(k->rs, value, k->cols, k->vecs, k->n, k->row);
}

typedef struct mn_rs_row_key {
    const mn_rowstore *rs;
    const int *cols;
    int n;
    const uint8_t *row;
} mn_rs_row_key;

static inline bool mn_rs_row_key_eq(void *ctx, const void *value) {
    const mn_rs_row_key *k = ctx;
    return mn_rowstore_eq_rows(k->rs, value, k->row, k->cols, k->n);
}

/* Ordering (Trino's: NaN after every other number, strings by bytes): <0, 0, >0 for a
 * before, tied with, after b. mn_rowstore_cmp_vec_row compares vecs[k] row vrow (the key
 * values of a row not stored yet) against the stored row. */
int mn_rowstore_cmp_rows(const mn_rowstore *rs, const uint8_t *a, const uint8_t *b, const mn_rs_sort_key *keys,
                         int nkeys);
int mn_rowstore_cmp_vec_row(const mn_rowstore *rs, mn_vector *const *vecs, int vrow, const uint8_t *row,
                            const mn_rs_sort_key *keys, int nkeys);

/* Compares two non-NULL slots of one type with the ordering above. */
int mn_rowstore_cmp_slot(mn_type t, const void *a, const void *b);

#endif
