/* array_fns.c — ARRAY functions with Trino's semantics: cardinality, contains,
 * array_position, array_join, array_distinct, array_max/min, array_sort, array_remove,
 * array_union/intersect/except, slice, flatten, sequence, concat and ||, reverse.
 * Each decodes its arguments' canonical encodings, works on element slots and encodes
 * the result; set operations use the total order of mn_nested_slot_compare (NULLs and
 * NaNs equal to themselves, as DISTINCT does). */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "function/nested_fn.h"
#include "types/datetime.h"

#define MAX_SEQUENCE 10000

static int malformed(mn_fn_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed array value"); }

static int set_null(mn_fn_ctx *ctx, mn_vector *out, int row) {
    uint8_t *n = mn_vector_nulls_mut(out);
    if (!n) return mn_fn_oom(ctx);
    n[row] = 1;
    return 0;
}

/* Element slots of arrays: vals[i] holds element i's slot, ptrs[i] its address or NULL. */
typedef struct elems {
    mn_fn_slotbuf *vals;
    const void **ptrs;
    int n, cap;
} elems;

static int elems_reserve(mn_fn_ctx *ctx, elems *e, int n) {
    if (n <= e->cap) return 0;
    int cap = e->cap ? e->cap : 16;
    while (cap < n) cap *= 2;
    mn_fn_slotbuf *v = realloc(e->vals, sizeof *v * (size_t)cap);
    if (!v) return mn_fn_oom(ctx);
    e->vals = v;
    const void **p = realloc(e->ptrs, sizeof *p * (size_t)cap);
    if (!p) return mn_fn_oom(ctx);
    e->ptrs = p;
    e->cap = cap;
    return 0;
}

/* Appends the elements of one array value (pointers are fixed up by elems_ptrs). */
static int elems_add(mn_fn_ctx *ctx, elems *e, mn_type at, mn_str blob) {
    mn_nested_block b;
    if (mn_array_view(at, blob, &b)) return malformed(ctx);
    if (elems_reserve(ctx, e, e->n + b.n)) return -1;
    for (int i = 0; i < b.n; i++) {
        mn_block_get(&b, i, &e->vals[e->n + i]);
        e->ptrs[e->n + i] = mn_block_is_null(&b, i) ? NULL : (const void *)1;
    }
    e->n += b.n;
    return 0;
}

/* Appends one slot (NULL: a NULL element). */
static int elems_push(mn_fn_ctx *ctx, elems *e, const void *slot, size_t sz) {
    if (elems_reserve(ctx, e, e->n + 1)) return -1;
    memset(&e->vals[e->n], 0, sizeof e->vals[0]);
    if (slot) memcpy(&e->vals[e->n], slot, sz);
    e->ptrs[e->n] = slot ? (const void *)1 : NULL;
    e->n++;
    return 0;
}

/* Turns the non-NULL markers into addresses (vals may have moved while growing). */
static void elems_ptrs(elems *e) {
    for (int i = 0; i < e->n; i++)
        if (e->ptrs[i]) e->ptrs[i] = &e->vals[i];
}

static void elems_free(elems *e) {
    free(e->vals);
    free(e->ptrs);
}

/* Encodes ptrs[idx[0..n)] (idx NULL: all in order) as an array of elem into out row i. */
static int put_array(mn_fn_ctx *ctx, mn_vector *out, int row, mn_type elem, const void **ptrs, int n) {
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = mn_nested_encode_array(&sb, elem, n, ptrs, ctx->err);
    if (rc == 0) rc = mn_fn_put_blob(ctx, out, row, &sb);
    mn_strbuf_free(&sb);
    return rc;
}

/* 1 equal, 0 not, -1 indeterminate (SQL =) for two non-NULL element slots */
static int elem_eq(mn_type t, const void *a, const void *b) {
    if (mn_type_is_nested(t)) return mn_nested_equal(t, *(const mn_str *)a, *(const mn_str *)b);
    if (t.id == MN_T_REAL) {
        float x, y;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        return x == y;
    }
    if (t.id == MN_T_DOUBLE) {
        double x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        return x == y;
    }
    return mn_nested_slot_compare(t, a, b) == 0;
}

/* ---------- cardinality, contains, array_position ---------- */

static int cardinality_array(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    int64_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_nested_block b;
        if (mn_array_view(args[0]->type, mn_fn_blob(args[0], i), &b)) return malformed(ctx);
        r[i] = b.n;
    }
    return 0;
}

static int contains_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    mn_type et = mn_type_elem(args[0]->type);
    uint8_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_nested_block b;
        if (mn_array_view(args[0]->type, mn_fn_blob(args[0], i), &b)) return malformed(ctx);
        const void *x = mn_fn_slot(args[1], i);
        bool found = false, unknown = false;
        for (int k = 0; k < b.n && !found; k++) {
            if (mn_block_is_null(&b, k)) {
                unknown = true;
                continue;
            }
            mn_fn_slotbuf s;
            mn_block_get(&b, k, &s);
            int eq = elem_eq(et, &s, x);
            if (eq > 0) found = true;
            else if (eq < 0) unknown = true;
        }
        if (!found && unknown) {
            if (set_null(ctx, out, i)) return -1;
            continue;
        }
        r[i] = found;
    }
    return 0;
}

static int array_position_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    mn_type et = mn_type_elem(args[0]->type);
    int64_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_nested_block b;
        if (mn_array_view(args[0]->type, mn_fn_blob(args[0], i), &b)) return malformed(ctx);
        const void *x = mn_fn_slot(args[1], i);
        r[i] = 0;
        for (int k = 0; k < b.n; k++) {
            if (mn_block_is_null(&b, k)) continue;
            mn_fn_slotbuf s;
            mn_block_get(&b, k, &s);
            if (elem_eq(et, &s, x) > 0) {
                r[i] = k + 1;
                break;
            }
        }
    }
    return 0;
}

/* ---------- array_join ---------- */

typedef struct join_ud {
    mn_fn_ctx *ctx;
    mn_vector **args;
    int nargs;
    mn_vector *out;
    mn_strbuf sb;
} join_ud;

static int join_emit(void *p, int row, int n, const void *const *const *cols, mn_error *err) {
    join_ud *u = p;
    mn_str d = MN_SLOT(u->args[1], mn_str, row);
    mn_str nr = {NULL, 0};
    if (u->nargs == 3) nr = MN_SLOT(u->args[2], mn_str, row);
    mn_strbuf_clear(&u->sb);
    bool first = true;
    for (int e = 0; e < n; e++) {
        const mn_str *s = cols[0][e];
        if (!s && u->nargs < 3) continue;
        if (!first) mn_strbuf_append(&u->sb, d.ptr, d.len);
        first = false;
        if (s) mn_strbuf_append(&u->sb, s->ptr, s->len);
        else mn_strbuf_append(&u->sb, nr.ptr, nr.len);
    }
    return mn_fn_put_blob(u->ctx, u->out, row, &u->sb);
}

static int array_join_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    mn_expr *conv = ctx->bind_data;
    join_ud u = {ctx, args, nargs, out, {0}};
    mn_strbuf_init(&u.sb);
    int rc = mn_fn_eval_elements(ctx, args[0], count, nulls, &conv, 1, join_emit, &u);
    mn_strbuf_free(&u.sb);
    return rc;
}

static int bind_array_join(mn_fn_binding *b, mn_error *err) {
    mn_type et = mn_type_elem(b->args[0]->type);
    mn_expr *col = mn_expr_column(b->arena, 0, et), *conv = col;
    if (!col) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    if (et.id != MN_T_VARCHAR || et.length >= 0) {
        char tn[256];
        if (mn_type_is_nested(et) || et.id == MN_T_UNKNOWN ? et.id != MN_T_UNKNOWN
                                                            : !mn_fn_cast_impl(et, mn_type_varchar(-1)))
            return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, b->pos.line, b->pos.column,
                                    "Input type %s not supported", mn_type_name(et, tn, sizeof tn));
        if (mn_func_coerce(b->arena, col, mn_type_varchar(-1), &conv, err)) return -1;
    }
    b->bind_data = conv;
    return 0;
}

/* ---------- distinct, max/min, sort, remove, reverse ---------- */

typedef struct sort_c {
    mn_type t;
    const elems *e;
} sort_c;

/* NULLs last; ties keep the input order (merge sort). */
static int ord(const sort_c *c, int a, int b) {
    const void *x = c->e->ptrs[a], *y = c->e->ptrs[b];
    if (!x || !y) return (x == NULL) - (y == NULL);
    return mn_nested_slot_compare(c->t, x, y);
}

static void msort(const sort_c *c, int *a, int *tmp, int n) {
    if (n < 2) return;
    int h = n / 2;
    msort(c, a, tmp, h);
    msort(c, a + h, tmp, n - h);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = ord(c, a[j], a[i]) < 0 ? a[j++] : a[i++];
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, sizeof(int) * (size_t)n);
}

/* keep[i] = element i is the first of its value in e (order: input). */
static int first_occurrences(mn_fn_ctx *ctx, mn_type t, const elems *e, uint8_t *keep) {
    int *idx = malloc(sizeof(int) * (size_t)(2 * e->n + 1));
    if (!idx) return mn_fn_oom(ctx);
    for (int i = 0; i < e->n; i++) idx[i] = i;
    sort_c c = {t, e};
    msort(&c, idx, idx + e->n, e->n);
    for (int i = 0; i < e->n; i++) keep[idx[i]] = i == 0 || ord(&c, idx[i - 1], idx[i]) != 0;
    free(idx);
    return 0;
}

enum { OP_DISTINCT, OP_SORT, OP_REVERSE, OP_MAX, OP_MIN };

static int unary_array(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int op) {
    MN_FN_PROLOGUE(1);
    mn_type at = args[0]->type, et = mn_type_elem(at);
    elems e = {0};
    const void **res = NULL;
    uint8_t *keep = NULL;
    int *idx = NULL;
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        e.n = 0;
        if ((rc = elems_add(ctx, &e, at, mn_fn_blob(args[0], i)))) break;
        elems_ptrs(&e);
        free(res);
        free(keep);
        free(idx);
        res = malloc(sizeof(void *) * (size_t)(e.n + 1));
        keep = calloc((size_t)e.n + 1, 1);
        idx = malloc(sizeof(int) * (size_t)(2 * e.n + 1));
        if (!res || !keep || !idx) {
            rc = mn_fn_oom(ctx);
            break;
        }
        int m = 0;
        if (op == OP_MAX || op == OP_MIN) {
            /* Trino: NULL when any element is NULL (or the array is empty) */
            const void *best = NULL;
            bool has_null = false;
            for (int k = 0; k < e.n; k++) {
                if (!e.ptrs[k]) {
                    has_null = true;
                    break;
                }
                int c = best ? mn_nested_slot_compare(et, e.ptrs[k], best) : 0;
                if (!best || (op == OP_MAX ? c > 0 : c < 0)) best = e.ptrs[k];
            }
            if (has_null || !best || et.id == MN_T_UNKNOWN) {
                if ((rc = set_null(ctx, out, i))) break;
                continue;
            }
            size_t sz = mn_type_size(et);
            char *dst = (char *)out->data + sz * (size_t)i;
            memcpy(dst, best, sz);
            if (mn_type_is_varlen(et)) {
                mn_str s;
                memcpy(&s, dst, sizeof s);
                s = mn_vector_add_string(out, s.ptr, s.len);
                if (!s.ptr) {
                    rc = mn_fn_oom(ctx);
                    break;
                }
                memcpy(dst, &s, sizeof s);
            }
            continue;
        }
        if (op == OP_DISTINCT) {
            if ((rc = first_occurrences(ctx, et, &e, keep))) break;
            for (int k = 0; k < e.n; k++)
                if (keep[k]) res[m++] = e.ptrs[k];
        } else if (op == OP_SORT) {
            for (int k = 0; k < e.n; k++) idx[k] = k;
            sort_c c = {et, &e};
            msort(&c, idx, idx + e.n, e.n);
            for (int k = 0; k < e.n; k++) res[m++] = e.ptrs[idx[k]];
        } else {
            for (int k = e.n - 1; k >= 0; k--) res[m++] = e.ptrs[k];
        }
        if ((rc = put_array(ctx, out, i, et, res, m))) break;
    }
    elems_free(&e);
    free(res);
    free(keep);
    free(idx);
    return rc;
}
static int array_distinct_fn(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return unary_array(c, a, k, o, OP_DISTINCT); }
static int array_sort_fn(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return unary_array(c, a, k, o, OP_SORT); }
static int reverse_fn(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return unary_array(c, a, k, o, OP_REVERSE); }
static int array_max_fn(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return unary_array(c, a, k, o, OP_MAX); }
static int array_min_fn(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return unary_array(c, a, k, o, OP_MIN); }

/* Elements must be orderable (array_sort, array_max, array_min). */
static int bind_orderable(mn_fn_binding *b, mn_error *err) {
    mn_type et = mn_type_elem(b->args[0]->type);
    if (mn_type_has_map(et)) {
        char tn[256];
        return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, b->pos.line, b->pos.column, "Type %s is not orderable",
                                mn_type_name(et, tn, sizeof tn));
    }
    return 0;
}

static int array_remove_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    mn_type at = args[0]->type, et = mn_type_elem(at);
    elems e = {0};
    const void **res = NULL;
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        e.n = 0;
        if ((rc = elems_add(ctx, &e, at, mn_fn_blob(args[0], i)))) break;
        elems_ptrs(&e);
        free(res);
        res = malloc(sizeof(void *) * (size_t)(e.n + 1));
        if (!res) {
            rc = mn_fn_oom(ctx);
            break;
        }
        const void *x = mn_fn_slot(args[1], i);
        int m = 0;
        for (int k = 0; k < e.n; k++)
            if (!e.ptrs[k] || elem_eq(et, e.ptrs[k], x) <= 0) res[m++] = e.ptrs[k];
        if ((rc = put_array(ctx, out, i, et, res, m))) break;
    }
    elems_free(&e);
    free(res);
    return rc;
}

/* ---------- union, intersect, except ---------- */

enum { SET_UNION, SET_INTERSECT, SET_EXCEPT };

static int set_op(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int op) {
    MN_FN_PROLOGUE(2);
    mn_type at = args[0]->type, et = mn_type_elem(at);
    elems e = {0};
    const void **res = NULL;
    uint8_t *keep = NULL;
    int *idx = NULL;
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        e.n = 0;
        if ((rc = elems_add(ctx, &e, at, mn_fn_blob(args[0], i)))) break;
        int nx = e.n;
        if ((rc = elems_add(ctx, &e, at, mn_fn_blob(args[1], i)))) break;
        elems_ptrs(&e);
        free(res);
        free(keep);
        free(idx);
        res = malloc(sizeof(void *) * (size_t)(e.n + 1));
        keep = calloc((size_t)e.n + 1, 1);
        idx = malloc(sizeof(int) * (size_t)(2 * e.n + 1));
        if (!res || !keep || !idx) {
            rc = mn_fn_oom(ctx);
            break;
        }
        /* sort all elements; a run of equal values knows whether x and y have it */
        for (int k = 0; k < e.n; k++) idx[k] = k;
        sort_c c = {et, &e};
        msort(&c, idx, idx + e.n, e.n);
        for (int s = 0; s < e.n;) {
            int t = s + 1;
            while (t < e.n && ord(&c, idx[s], idx[t]) == 0) t++;
            bool in_x = idx[s] < nx, in_y = false; /* the run is in input order: x's first */
            for (int k = s; k < t; k++) in_y = in_y || idx[k] >= nx;
            bool take = op == SET_UNION ? true : op == SET_INTERSECT ? in_x && in_y : in_x && !in_y;
            if (take) keep[idx[s]] = 1;
            s = t;
        }
        int m = 0;
        for (int k = 0; k < e.n; k++)
            if (keep[k]) res[m++] = e.ptrs[k];
        if ((rc = put_array(ctx, out, i, et, res, m))) break;
    }
    elems_free(&e);
    free(res);
    free(keep);
    free(idx);
    return rc;
}
static int array_union_fn(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return set_op(c, a, k, o, SET_UNION); }
static int array_intersect_fn(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return set_op(c, a, k, o, SET_INTERSECT); }
static int array_except_fn(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return set_op(c, a, k, o, SET_EXCEPT); }

/* ---------- slice, flatten, concat ---------- */

static int slice_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(3);
    mn_type at = args[0]->type, et = mn_type_elem(at);
    elems e = {0};
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        int64_t start = mn_fn_get_int(args[1], i), len = mn_fn_get_int(args[2], i);
        if (start == 0) {
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "SQL array indices start at 1");
            break;
        }
        if (len < 0) {
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                              "length must be greater than or equal to 0");
            break;
        }
        e.n = 0;
        if ((rc = elems_add(ctx, &e, at, mn_fn_blob(args[0], i)))) break;
        elems_ptrs(&e);
        int64_t from = start > 0 ? start - 1 : e.n + start;
        int64_t m = 0;
        if (from >= 0 && from < e.n) m = len < e.n - from ? len : e.n - from;
        if ((rc = put_array(ctx, out, i, et, m > 0 ? e.ptrs + from : e.ptrs, (int)m))) break;
    }
    elems_free(&e);
    return rc;
}

static int flatten_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_type at = args[0]->type, inner = mn_type_elem(at), et = mn_type_elem(inner);
    elems outer = {0}, e = {0};
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        outer.n = e.n = 0;
        if ((rc = elems_add(ctx, &outer, at, mn_fn_blob(args[0], i)))) break;
        for (int k = 0; k < outer.n && rc == 0; k++)
            if (outer.ptrs[k]) rc = elems_add(ctx, &e, inner, outer.vals[k].s);
        if (rc) break;
        elems_ptrs(&e);
        if ((rc = put_array(ctx, out, i, et, e.ptrs, e.n))) break;
    }
    elems_free(&outer);
    elems_free(&e);
    return rc;
}

/* concat(array...), array || array, element || array, array || element: argument k is an
 * array when its type is the result type, else an element. */
static int concat_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    mn_type at = out->type, et = mn_type_elem(at);
    size_t sz = mn_type_size(et);
    elems e = {0};
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        e.n = 0;
        for (int k = 0; k < nargs && rc == 0; k++) {
            if (mn_type_equal(args[k]->type, at)) rc = elems_add(ctx, &e, at, mn_fn_blob(args[k], i));
            else rc = elems_push(ctx, &e, mn_fn_slot(args[k], i), sz);
        }
        if (rc) break;
        elems_ptrs(&e);
        if ((rc = put_array(ctx, out, i, et, e.ptrs, e.n))) break;
    }
    elems_free(&e);
    return rc;
}

/* ---------- sequence ---------- */

static int seq_error_step(mn_fn_ctx *ctx) {
    return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                        "sequence stop value should be greater than or equal to start value if step is greater than "
                        "zero otherwise stop should be less than or equal to start");
}

static int seq_error_size(mn_fn_ctx *ctx) {
    return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                        "result of sequence function must not have more than %d entries", MAX_SEQUENCE);
}

static int sequence_int(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    int64_t vals[MAX_SEQUENCE];
    const void *ptrs[MAX_SEQUENCE];
    MN_FN_EACH_ROW(i) {
        int64_t a = mn_fn_get_int(args[0], i), z = mn_fn_get_int(args[1], i);
        int64_t step = nargs == 3 ? mn_fn_get_int(args[2], i) : (z >= a ? 1 : -1);
        if (step == 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "step must not be zero");
        if ((step > 0 && z < a) || (step < 0 && z > a)) return seq_error_step(ctx);
        mn_u128 span = step > 0 ? (mn_u128)((mn_i128)z - a) : (mn_u128)((mn_i128)a - z);
        mn_u128 ustep = step > 0 ? (mn_u128)step : (mn_u128)(-(mn_i128)step);
        mn_u128 n = span / ustep + 1;
        if (n > MAX_SEQUENCE) return seq_error_size(ctx);
        for (int k = 0; k < (int)n; k++) {
            vals[k] = (int64_t)((mn_i128)a + (mn_i128)k * step);
            ptrs[k] = &vals[k];
        }
        if (put_array(ctx, out, i, mn_type_make(MN_T_BIGINT), ptrs, (int)n)) return -1;
    }
    return 0;
}

/* date sequences: step in days (interval day to second, whole days) or months */
static int sequence_date(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    int32_t vals[MAX_SEQUENCE];
    const void *ptrs[MAX_SEQUENCE];
    bool months = nargs == 3 && args[2]->type.id == MN_T_INTERVAL_YM;
    MN_FN_EACH_ROW(i) {
        int64_t a = mn_fn_get_int(args[0], i), z = mn_fn_get_int(args[1], i);
        int64_t step = z >= a ? 1 : -1;
        if (nargs == 3) {
            int64_t s = mn_fn_get_int(args[2], i);
            if (!months) {
                if (s % MN_MICROS_PER_DAY != 0)
                    return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                        "sequence step must be a day interval if start and end values are dates");
                s /= MN_MICROS_PER_DAY;
            }
            step = s;
        }
        if (step == 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "step must not be zero");
        if ((step > 0 && z < a) || (step < 0 && z > a)) return seq_error_step(ctx);
        int n = 0;
        for (int64_t k = 0;; k++) {
            int64_t d;
            if (months) {
                int32_t r;
                if (mn_date_add_months_checked((int32_t)a, k * step, &r)) break;
                d = r;
            } else {
                d = a + k * step;
            }
            if (step > 0 ? d > z : d < z) break;
            if (n == MAX_SEQUENCE) return seq_error_size(ctx);
            vals[n] = (int32_t)d;
            ptrs[n] = &vals[n];
            n++;
        }
        if (put_array(ctx, out, i, mn_type_make(MN_T_DATE), ptrs, n)) return -1;
    }
    return 0;
}

/* ---------- table ---------- */

const mn_fn_entry mn_fn_array_table[] = {
    {"cardinality", "array(T)", "bigint", cardinality_array, NULL, "Number of elements", 0, NULL},
    {"contains", "array(T),T", "boolean", contains_fn, NULL,
     "Whether the array holds the element (NULL when not found but the array has NULLs)", 0, NULL},
    {"array_position", "array(T),T", "bigint", array_position_fn, NULL,
     "1-based position of the first occurrence of the element; 0 when absent", 0, NULL},
    {"array_join", "array(T),varchar", "varchar", array_join_fn, bind_array_join,
     "Elements as text joined by the delimiter (NULL elements skipped)", 0, NULL},
    {"array_join", "array(T),varchar,varchar", "varchar", array_join_fn, bind_array_join,
     "Elements as text joined by the delimiter, NULL elements replaced", 0, NULL},
    {"array_distinct", "array(T)", "array(T)", array_distinct_fn, NULL, "The array without duplicates (first occurrences)", 0,
     NULL},
    {"array_max", "array(T)", "T", array_max_fn, bind_orderable, "Largest element (NULL if any element is NULL)", 0,
     NULL},
    {"array_min", "array(T)", "T", array_min_fn, bind_orderable, "Smallest element (NULL if any element is NULL)", 0,
     NULL},
    {"array_sort", "array(T)", "array(T)", array_sort_fn, bind_orderable, "Sorted ascending, NULLs last", 0, NULL},
    {"array_remove", "array(T),T", "array(T)", array_remove_fn, NULL, "The array without the elements equal to the value",
     0, NULL},
    {"array_union", "array(T),array(T)", "array(T)", array_union_fn, NULL, "Distinct elements of both arrays", 0, NULL},
    {"array_intersect", "array(T),array(T)", "array(T)", array_intersect_fn, NULL,
     "Distinct elements present in both arrays", 0, NULL},
    {"array_except", "array(T),array(T)", "array(T)", array_except_fn, NULL,
     "Distinct elements of the first array absent from the second", 0, NULL},
    {"slice", "array(T),bigint,bigint", "array(T)", slice_fn, NULL,
     "length elements from the 1-based start (negative: from the end)", 0, NULL},
    {"flatten", "array(array(T))", "array(T)", flatten_fn, NULL, "Concatenates the inner arrays", 0, NULL},
    {"concat", "array(T),array(T)...", "array(T)", concat_fn, NULL, "Concatenates arrays", 0, NULL},
    {"||", "array(T),array(T)", "array(T)", concat_fn, NULL, "Array concatenation", MN_FN_OPERATOR, NULL},
    {"||", "T,array(T)", "array(T)", concat_fn, NULL, "Prepends an element", MN_FN_OPERATOR, NULL},
    {"||", "array(T),T", "array(T)", concat_fn, NULL, "Appends an element", MN_FN_OPERATOR, NULL},
    {"reverse", "array(T)", "array(T)", reverse_fn, NULL, "Elements in reverse order", 0, NULL},
    {"sequence", "bigint,bigint", "array(bigint)", sequence_int, NULL, "start..stop by 1 (or -1)", 0, NULL},
    {"sequence", "bigint,bigint,bigint", "array(bigint)", sequence_int, NULL, "start..stop by step", 0, NULL},
    {"sequence", "date,date", "array(date)", sequence_date, NULL, "Dates from start to stop by one day", 0, NULL},
    {"sequence", "date,date,interval day to second", "array(date)", sequence_date, NULL,
     "Dates from start to stop by a whole number of days", 0, NULL},
    {"sequence", "date,date,interval year to month", "array(date)", sequence_date, NULL,
     "Dates from start to stop by months", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
