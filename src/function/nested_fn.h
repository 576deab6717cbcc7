/* nested_fn.h — private helpers shared by the ARRAY/MAP/ROW function files (nested_core.c,
 * array_fns.c, map_fns.c, nested_aggs.c): writing encoded values into output vectors and
 * evaluating bound expressions over the elements of nested values. */
#ifndef MN_FUNCTION_NESTED_FN_H
#define MN_FUNCTION_NESTED_FN_H

#include "common/strbuf.h"
#include "function/fn_internal.h"
#include "types/nested.h"

/* The encoded value of v row i (v is ARRAY/MAP/ROW; the row must not be NULL). */
static inline mn_str mn_fn_blob(const mn_vector *v, int i) { return MN_SLOT(v, mn_str, i); }

/* Copies the bytes of sb into out's heap as the value of row `row`. */
int mn_fn_put_blob(mn_fn_ctx *ctx, mn_vector *out, int row, const mn_strbuf *sb);

/* Address of row i's slot in v (FLAT or CONSTANT). */
static inline const void *mn_fn_slot(const mn_vector *v, int i) {
    return (const char *)v->data + mn_type_size(v->type) * ((uint32_t)i & v->mask);
}

/* A union big enough for any physical slot. */
typedef union mn_fn_slotbuf {
    mn_str s;
    mn_i128 dec;
    int64_t i;
    double d;
    char raw[32];
} mn_fn_slotbuf;

/* Called once per non-NULL input row with that row's n elements evaluated: cols[k][e] is
 * the address of expression k's value for element e (NULL when that value is NULL). The
 * addresses are valid during the call only. */
typedef int (*mn_fn_elem_emit)(void *ud, int row, int n, const void *const *const *cols, mn_error *err);

/* Evaluates exprs[0..nexpr) over the elements of the nested values of `in` rows [0, count):
 * the expressions read column 0 (ARRAY: the element; MAP: the key) and column 1 (MAP: the
 * value). Rows that are NULL in `in`, or marked in skip (may be NULL), are skipped.
 * Elements are evaluated in batches of up to MN_VECTOR_SIZE across rows. */
int mn_fn_eval_elements(mn_fn_ctx *ctx, const mn_vector *in, int count, const uint8_t *skip, mn_expr *const *exprs,
                        int nexpr, mn_fn_elem_emit emit, void *ud);

/* ---- nested_core.c ---- */
/* CAST between nested types (element-, entry- or field-wise); NULL impl when impossible. */
bool mn_fn_nested_castable(mn_type from, mn_type to);
int mn_fn_nested_make_cast(mn_arena *arena, mn_expr *arg, mn_type target, mn_pos pos, mn_expr **out,
                           mn_error *err);
/* Comparison operators over nested values (op: 0 =, 1 <>, 2 <, 3 <=, 4 >, 5 >=). */
mn_scalar_impl mn_fn_nested_cmp_impl(int op);

/* Tables */
extern const mn_fn_entry mn_fn_nested_core_table[];
extern const mn_fn_entry mn_fn_array_table[];
extern const mn_fn_entry mn_fn_map_table[];
extern const mn_fn_entry mn_fn_nested_agg_table[];

#endif
