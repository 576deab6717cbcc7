/* nested.h — ARRAY, MAP and ROW: interned descriptions of nested types and the canonical
 * binary encoding of their values.
 *
 * Types: an mn_type of id ARRAY/MAP/ROW points (mn_type.ext) at an immutable mn_type_ext
 * kept in a process-wide registry (mutex-guarded, never freed), so two equal nested types
 * share one pointer and mn_type_equal compares pointers.
 *
 * Values: a nested value is a byte string (an mn_str slot, stored like VARCHAR) in a
 * canonical encoding, so equal values have equal bytes (hashing, GROUP BY, DISTINCT and
 * join keys work on bytes). All integers are little-endian u32.
 *   block of n values of types t[0..n):
 *       null bitmap ((n+7)/8 bytes, bit i = value i is NULL)
 *       slot area: per value, size(t[i]) bytes for fixed-width types (the vector slot
 *                  layout; NULL slots are zero) or a u32 END offset into the data area for
 *                  variable-length types (VARCHAR, CHAR, nested, ...)
 *       data area: the variable-length values' bytes, one after the other
 *   ARRAY(E)   u32 n, then a block of n values of type E
 *   ROW(F...)  a block of the row's fields
 *   MAP(K,V)   a block of two values: ARRAY(K) of the keys, ARRAY(V) of the values;
 *              entries are sorted by key (mn_nested_slot_compare order), keys are unique
 *              and never NULL
 * REAL/DOUBLE elements are normalized on write (-0.0 becomes 0.0, every NaN one NaN). */
#ifndef MN_TYPES_NESTED_H
#define MN_TYPES_NESTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "minerva.h"
#include "types/types.h"

struct mn_strbuf;

typedef struct mn_type_ext {
    uint8_t id;           /* MN_T_ARRAY, MN_T_MAP or MN_T_ROW */
    int n;                /* ARRAY 1, MAP 2 (key, value), ROW: number of fields (>= 1) */
    const mn_type *types; /* n */
    const char *const *names; /* ROW: n field names (NULL entries: anonymous); NULL otherwise */
    /* the block layout of a ROW's fields (and of a MAP's two arrays) */
    const uint32_t *slot_off; /* n: offset of value i's slot in the slot area */
    uint32_t slot_size;       /* bytes of the slot area */
    uint32_t bitmap_size;     /* (n + 7) / 8 */
} mn_type_ext;

#define MN_NESTED_MAX_FIELDS 1024
#define MN_NESTED_MAX_DEPTH 32
/* The largest encoded value (bytes). */
#define MN_NESTED_MAX_BYTES ((size_t)1 << 30)

/* ---- types ---- */

/* Interned constructors: 0 and *out filled, or -1 when out of memory or invalid (ROW with
 * no or too many fields, nesting deeper than MN_NESTED_MAX_DEPTH). Names are copied. */
int mn_type_make_array(mn_type elem, mn_type *out);
int mn_type_make_map(mn_type key, mn_type value, mn_type *out);
int mn_type_make_row(int n, const mn_type *types, const char *const *names, mn_type *out);

static inline mn_type mn_type_elem(mn_type t) { return t.ext->types[0]; }    /* ARRAY */
static inline mn_type mn_type_map_key(mn_type t) { return t.ext->types[0]; } /* MAP */
static inline mn_type mn_type_map_value(mn_type t) { return t.ext->types[1]; }
/* Whether values of t are stored as bytes in a heap (mn_str slots): strings and nested. */
bool mn_nested_is_varlen(mn_type t);
/* Whether t (or any type inside it) is a MAP: maps are comparable but not orderable. */
bool mn_type_has_map(mn_type t);
/* Nesting depth (0 for scalars). */
int mn_type_depth(mn_type t);

/* Parses "array(T)", "array<T>", "map(K,V)", "map<K,V>", "row(a T, b U)", "row(T, U)",
 * "struct<a:T,b:U>" (components parsed by mn_type_parse). Returns 1 when s names a nested
 * type and *out was filled, 0 when s is not a nested type name, -1 when it is malformed. */
int mn_type_parse_nested(const char *s, size_t n, mn_type *out);
/* Appends Trino's name: "array(integer)", "map(varchar, bigint)", "row(a integer, b varchar)",
 * "row(integer, varchar(1))" for anonymous fields. */
void mn_type_name_nested(mn_type t, struct mn_strbuf *out);

/* Common super type / implicit coercion element-wise (the scalar rules inside); ROW field
 * names come from the first type when they differ. */
bool mn_nested_common_super(mn_type a, mn_type b, mn_type *out);
bool mn_nested_can_coerce(mn_type from, mn_type to);

/* ---- decoding ---- */

/* A decoded block: n values with their slots; valid while the encoded bytes live. */
typedef struct mn_nested_block {
    int n;
    const mn_type *types;   /* homogeneous ? &types[0] for every value : types[i] */
    bool homogeneous;
    const uint8_t *bitmap;
    const char *slots;
    const uint32_t *slot_off; /* heterogeneous blocks (ROW) */
    uint32_t width;           /* homogeneous blocks: bytes per slot */
    const char *data;
    uint32_t data_len;
} mn_nested_block;

/* Views over an encoded value; -1 when the bytes are malformed (never for values this
 * module wrote). */
int mn_array_view(mn_type array_type, mn_str v, mn_nested_block *out);
int mn_row_view(mn_type row_type, mn_str v, mn_nested_block *out);
int mn_map_view(mn_type map_type, mn_str v, mn_nested_block *keys, mn_nested_block *values);

static inline bool mn_block_is_null(const mn_nested_block *b, int i) {
    return (b->bitmap[i >> 3] >> (i & 7)) & 1;
}
static inline mn_type mn_block_type(const mn_nested_block *b, int i) {
    return b->homogeneous ? b->types[0] : b->types[i];
}
/* Copies value i's physical slot (mn_type_size of its type bytes) into slot; for varlen
 * types an mn_str pointing into the encoded bytes. A NULL value gives a zeroed slot. */
void mn_block_get(const mn_nested_block *b, int i, void *slot);

/* ---- encoding ---- */

/* Appends the encoding of an ARRAY(elem) of n values (slots[i]: pointer to the value's
 * physical slot, NULL for a NULL element). -1 with err on out of memory / too large. */
int mn_nested_encode_array(struct mn_strbuf *out, mn_type elem, int n, const void *const *slots, mn_error *err);
/* ROW: one slot pointer per field (NULL = NULL field). */
int mn_nested_encode_row(struct mn_strbuf *out, mn_type row, const void *const *slots, mn_error *err);
/* MAP from n (key, value) pairs in any order: sorts by key; errors as Trino for NULL keys
 * ("map key cannot be null") and duplicates ("Duplicate map keys (k) are not allowed"). */
int mn_nested_encode_map(struct mn_strbuf *out, mn_type map, int n, const void *const *keys,
                         const void *const *values, mn_error *err);

/* ---- comparison, rendering ---- */

/* Total order of two non-NULL slots of type t (any type; nested ones element-wise,
 * shorter array first on a common prefix, NULL elements after non-NULL ones). */
int mn_nested_slot_compare(mn_type t, const void *a, const void *b);
/* SQL `=` of two non-NULL nested values: 1 equal, 0 not equal, -1 indeterminate (a NULL
 * element decided it). */
int mn_nested_equal(mn_type t, mn_str a, mn_str b);
/* Appends a value as the Trino CLI prints it: [1, 2, NULL], {a=1, b=2}, {x=1, y=abc},
 * {1, abc} for anonymous ROW fields. */
int mn_nested_render(mn_type t, mn_str v, struct mn_strbuf *out);
/* Renders one slot of any type (scalars as Trino prints them) — used by the above. */
int mn_nested_render_slot(mn_type t, const void *slot, struct mn_strbuf *out);

#endif
