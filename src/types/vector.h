/* vector.h — columns of up to MN_VECTOR_SIZE values and chunks of such columns: the unit
 * every operator consumes and produces.
 *
 * A vector is FLAT (one slot per row) or CONSTANT (slot 0 holds the value of every row).
 * Reading row i of either kind is `slot[i & v->mask]` (mask = ~0 for flat, 0 for constant),
 * so one loop serves both. Nulls are a byte per row (`nulls[i & mask]` = 1 means NULL);
 * `nulls == NULL` means no row is NULL.
 *
 * Ownership: a vector owns buffers for MN_VECTOR_SIZE slots and a string heap. It may also
 * *reference* another vector's data (mn_vector_reference) instead of its own; a reference
 * is valid until the referenced vector is written again. Chunks flow through a pipeline
 * one at a time (push model) and every sink copies what it keeps, so a string only has to
 * live until the chunk that carries it has reached its sink. */
#ifndef MN_TYPES_VECTOR_H
#define MN_TYPES_VECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "minerva.h"
#include "types/types.h"

#define MN_VECTOR_SIZE 2048

typedef struct mn_vector {
    mn_type type;
    uint32_t mask;   /* ~0u flat, 0 constant */
    void *data;      /* slots: own_data, or another vector's when referencing */
    uint8_t *nulls;  /* NULL = no nulls; else own_nulls or a referenced vector's */
    void *own_data;  /* MN_VECTOR_SIZE slots, allocated on first use */
    uint8_t *own_nulls;
    mn_arena heap;   /* strings written into this vector */
} mn_vector;

/* Scalar value (constants, literals, aggregate results). */
typedef struct mn_value {
    mn_type type;
    bool is_null;
    union {
        int64_t i;  /* BOOLEAN, TINYINT..BIGINT, DATE, TIMESTAMP, INTERVALS */
        double d;   /* DOUBLE */
        float f;    /* REAL */
        mn_i128 dec;/* DECIMAL unscaled */
        mn_str s;   /* VARCHAR/CHAR: owned by whoever made the value (arena) */
    } u;
} mn_value;

void mn_vector_init(mn_vector *v, mn_type type);
void mn_vector_destroy(mn_vector *v);
/* Makes v a writable flat vector with its own buffers (allocating on first use), with no
 * nulls and an empty string heap. Returns -1 (with err) when out of memory. */
int mn_vector_prepare(mn_vector *v, mn_error *err);
/* Same, but the vector becomes CONSTANT (row 0 is the value). */
int mn_vector_prepare_const(mn_vector *v, mn_error *err);
/* Returns the null-byte array, allocating/zeroing own_nulls if there was none. v must be
 * writable (prepared). NULL on out of memory. */
uint8_t *mn_vector_nulls_mut(mn_vector *v);
static inline void mn_vector_set_null(mn_vector *v, int row) {
    uint8_t *n = mn_vector_nulls_mut(v);
    if (n) n[row] = 1;
}
static inline bool mn_vector_is_null(const mn_vector *v, int row) {
    return v->nulls && v->nulls[(uint32_t)row & v->mask];
}
static inline bool mn_vector_is_const(const mn_vector *v) { return v->mask == 0; }
/* Makes v an alias of src (same data, nulls, kind). v's own buffers are kept for later. */
void mn_vector_reference(mn_vector *v, const mn_vector *src);
/* Copies a string into v's heap and returns it (ptr NULL on out of memory with len 0). */
mn_str mn_vector_add_string(mn_vector *v, const char *s, size_t n);
/* Writes value into row `row` (strings copied into v's heap). */
int mn_vector_set_value(mn_vector *v, int row, const mn_value *val, mn_error *err);
/* Reads row `row` into *out (strings point into the vector). */
void mn_vector_get_value(const mn_vector *v, int row, mn_value *out);
/* Fills v as a CONSTANT vector holding val. */
int mn_vector_set_constant(mn_vector *v, const mn_value *val, mn_error *err);
/* dst[0..n) = src rows sel[0..n) (sel NULL = rows 0..n); strings copied into dst's heap
 * only when copy_strings, else referenced. dst must be prepared (flat). */
int mn_vector_gather(mn_vector *dst, const mn_vector *src, const uint16_t *sel, int n, bool copy_strings,
                     mn_error *err);
/* Like gather but writes at dst rows [dst_off, dst_off+n). */
int mn_vector_append(mn_vector *dst, int dst_off, const mn_vector *src, const uint16_t *sel, int n,
                     bool copy_strings, mn_error *err);
/* Turns a constant vector into a flat one of `count` rows (copies slot 0). */
int mn_vector_flatten(mn_vector *v, int count, mn_error *err);

/* A chunk: ncols vectors with one row count (0..MN_VECTOR_SIZE). */
typedef struct mn_chunk {
    int ncols;
    int count;
    mn_vector *cols;
} mn_chunk;

int mn_chunk_init(mn_chunk *c, int ncols, const mn_type *types, mn_error *err);
void mn_chunk_destroy(mn_chunk *c);
/* Prepares every column for writing (flat, no nulls, heaps reset) and sets count = 0. */
int mn_chunk_reset(mn_chunk *c, mn_error *err);

/* Value helpers */
void mn_value_null(mn_value *v, mn_type t);
/* Total order used by sort and min/max over non-null values of one type: <0, 0, >0. */
int mn_value_compare(const mn_value *a, const mn_value *b);
/* Compares two slots of the same type (pointers to physical storage). */
int mn_slot_compare(mn_type t, const void *a, const void *b);
/* Renders a value as Trino prints it into `out` (appending). */
struct mn_strbuf;
int mn_value_render(const mn_value *v, struct mn_strbuf *out);

/* Hash of one slot (strings by bytes); equal values of one type hash equal. */
uint64_t mn_slot_hash(mn_type t, const void *slot);
uint64_t mn_hash_bytes(const void *p, size_t n, uint64_t seed);
static inline uint64_t mn_hash_u64(uint64_t x) {
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}
static inline uint64_t mn_hash_combine(uint64_t h, uint64_t x) {
    return mn_hash_u64(h ^ (x + UINT64_C(0x9e3779b97f4a7c15) + (h << 6) + (h >> 2)));
}

#endif
