/* lambda_fns.c — higher-order functions with Trino's semantics: transform, filter,
 * any_match/all_match/none_match, reduce, zip_with, transform_keys, transform_values,
 * map_filter, map_zip_with and array_sort with a comparator (regexp_replace with a lambda
 * lives in regex_fns.c on the same evaluator).
 *
 * Binding: the binder (plan/lambda_bind.c) hands over the value arguments and a callback
 * that binds lambda k for given parameter types; the functions here decide those types
 * (transform(array(T), function(T,U)) -> array(U)) and build one CALL whose arguments are
 * the value arguments followed by each lambda's captures, with the bodies in expr->bodies.
 *
 * Evaluation is vectorized: a body is evaluated once per batch of up to MN_VECTOR_SIZE
 * elements taken from all rows of the chunk (a lam_run chunk holds the parameters, and the
 * captured values gathered per element from their rows), never once per element. reduce
 * walks element position i across all rows at once; array_sort runs a binary insertion
 * sort in lock-step over all rows, one batch of comparisons per step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "function/lambda_fn.h"

#define ERRP(err, p, code, ...) mn_error_set_pos(err, code, (p).line, (p).column, __VA_ARGS__)

static int malformed(mn_fn_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed nested value"); }

static int set_null(mn_fn_ctx *ctx, mn_vector *out, int row) {
    uint8_t *n = mn_vector_nulls_mut(out);
    if (!n) return mn_fn_oom(ctx);
    n[row] = 1;
    return 0;
}

/* ---------- lambda runs ---------- */

int mn_lam_open(mn_lam_run *r, mn_fn_ctx *ctx, const mn_lambda *lam, mn_vector **caps) {
    memset(r, 0, sizeof *r);
    r->ctx = ctx;
    r->lam = lam;
    r->caps = caps;
    int n = lam->nparams + lam->ncaptures;
    mn_type *types = malloc(sizeof(mn_type) * (size_t)n);
    if (!types) return mn_fn_oom(ctx);
    for (int i = 0; i < n; i++) types[i] = i < lam->nparams ? lam->params[i] : caps[i - lam->nparams]->type;
    int rc = mn_chunk_init(&r->c, n, types, ctx->err);
    free(types);
    for (int i = 0; i < lam->nparams; i++) r->psz[i] = mn_type_size(lam->params[i]);
    if (rc) return -1;
    mn_expr *body = lam->body;
    r->x = mn_expr_exec_new(&body, 1, ctx->query, ctx->err);
    if (!r->x) return -1;
    return mn_lam_reset(r);
}

void mn_lam_close(mn_lam_run *r) {
    mn_expr_exec_free(r->x);
    if (r->c.cols) mn_chunk_destroy(&r->c);
    memset(r, 0, sizeof *r);
}

int mn_lam_reset(mn_lam_run *r) { return mn_chunk_reset(&r->c, r->ctx->err); }

void mn_lam_put(mn_lam_run *r, int k, int at, const void *slot) {
    mn_vector *col = &r->c.cols[k];
    size_t sz = r->psz[k];
    char *dst = (char *)col->data + sz * (size_t)at;
    if (!slot) {
        uint8_t *nn = mn_vector_nulls_mut(col);
        if (nn) nn[at] = 1;
        else r->oom = true;
        memset(dst, 0, sz);
    } else {
        memcpy(dst, slot, sz);
        if (col->nulls) col->nulls[at] = 0;
    }
}

void mn_lam_put_elem(mn_lam_run *r, int k, int at, const mn_nested_block *b, int i) {
    if (!b || i >= b->n || mn_block_is_null(b, i)) {
        mn_lam_put(r, k, at, NULL);
        return;
    }
    mn_fn_slotbuf s;
    mn_block_get(b, i, &s);
    mn_lam_put(r, k, at, &s);
}

int mn_lam_eval(mn_lam_run *r, int n, mn_vector **res) {
    const mn_lambda *lam = r->lam;
    if (r->oom) return mn_fn_oom(r->ctx);
    for (int j = 0; j < lam->ncaptures; j++) {
        mn_vector *dst = &r->c.cols[lam->nparams + j];
        if (mn_vector_gather(dst, r->caps[j], r->rowof, n, false, r->ctx->err)) return -1;
    }
    r->c.count = n;
    return mn_expr_exec_eval(r->x, 0, &r->c, res, r->ctx->err);
}

/* ---------- per-row accumulation of output elements ---------- */

typedef struct acc {
    mn_type t;
    size_t sz;     /* slot size of t */
    bool varlen;
    mn_strbuf enc; /* the encoded result, reused across rows */
    mn_fn_slotbuf *vals;
    const void **ptrs;
    int n, cap;
    mn_arena heap; /* copies of variable-length values */
} acc;

static void acc_init(acc *a, mn_type t) {
    memset(a, 0, sizeof *a);
    a->t = t;
    a->sz = mn_type_size(t);
    a->varlen = mn_type_is_varlen(t);
    mn_strbuf_init(&a->enc);
    mn_arena_init(&a->heap, 0);
}

static void acc_free(acc *a) {
    free(a->vals);
    free(a->ptrs);
    mn_strbuf_free(&a->enc);
    mn_arena_destroy(&a->heap);
}

static void acc_clear(acc *a) {
    a->n = 0;
    mn_arena_reset(&a->heap);
}

/* Appends a copy of the value at slot (NULL: a NULL element). */
static int acc_push(mn_fn_ctx *ctx, acc *a, const void *slot) {
    if (a->n == a->cap) {
        int cap = a->cap ? a->cap * 2 : 16;
        mn_fn_slotbuf *v = realloc(a->vals, sizeof *v * (size_t)cap);
        if (!v) return mn_fn_oom(ctx);
        a->vals = v;
        const void **p = realloc(a->ptrs, sizeof *p * (size_t)cap);
        if (!p) return mn_fn_oom(ctx);
        a->ptrs = p;
        a->cap = cap;
    }
    mn_fn_slotbuf *d = &a->vals[a->n];
    memset(d, 0, sizeof *d);
    a->ptrs[a->n] = NULL;
    if (slot) {
        memcpy(d, slot, a->sz);
        if (a->varlen) {
            char *p = mn_arena_alloc(&a->heap, d->s.len ? d->s.len : 1);
            if (!p) return mn_fn_oom(ctx);
            if (d->s.len) memcpy(p, d->s.ptr, d->s.len);
            d->s.ptr = p;
        }
        a->ptrs[a->n] = (const void *)1;
    }
    a->n++;
    return 0;
}

/* Addresses of the accumulated values (vals may have moved while growing). */
static const void **acc_ptrs(acc *a) {
    for (int i = 0; i < a->n; i++)
        if (a->ptrs[i]) a->ptrs[i] = &a->vals[i];
    return a->ptrs;
}

static int put_array(mn_fn_ctx *ctx, mn_vector *out, int row, acc *a) {
    mn_strbuf_clear(&a->enc);
    if (mn_nested_encode_array(&a->enc, mn_type_elem(out->type), a->n, acc_ptrs(a), ctx->err)) return -1;
    return mn_fn_put_blob(ctx, out, row, &a->enc);
}

static int put_map(mn_fn_ctx *ctx, mn_vector *out, int row, acc *k, acc *v) {
    mn_strbuf_clear(&k->enc);
    if (mn_nested_encode_map(&k->enc, out->type, k->n, acc_ptrs(k), acc_ptrs(v), ctx->err)) return -1;
    return mn_fn_put_blob(ctx, out, row, &k->enc);
}

/* ---------- the element driver ---------- */

/* How a function feeds map_elements: len gives row's number of elements (-1: the row's
 * result is NULL), fill writes the parameters of elements [from, from+n) of that row into
 * run rows [at, at+n) (always right after len for the same row), take gets the results of
 * elements [from, from+n) of row (res row at + i is element from + i; last marks the row's
 * final call; a row without elements gets one call with n == 0 and res NULL). */
typedef struct elem_ops {
    int (*len)(void *ud, int row);
    void (*fill)(void *ud, mn_lam_run *r, int row, int from, int n, int at);
    int (*take)(void *ud, int row, int from, int n, const mn_vector *res, int at, bool last);
} elem_ops;

/* Evaluates the lambda of r over every element of rows [0, count) in batches of up to
 * MN_VECTOR_SIZE elements across rows; rows are split between batches when they do not fit. */
static int map_elements(mn_lam_run *r, int count, mn_vector *out, const elem_ops *ops, void *ud) {
    mn_fn_ctx *ctx = r->ctx;
    enum { MAXSEG = 2 * MN_VECTOR_SIZE };
    struct seg {
        int row, from, n, at;
        bool last;
    } *segs = malloc(sizeof *segs * MAXSEG);
    if (!segs) return mn_fn_oom(ctx);
    int nseg = 0, fill = 0, rc = -1;
    for (int row = 0; row <= count; row++) {
        bool flush = row == count;
        int len = 0;
        if (!flush) {
            len = ops->len(ud, row);
            if (len == -2) goto done;
            if (len < 0) {
                if (set_null(ctx, out, row)) goto done;
                continue;
            }
        }
        int from = 0;
        do {
            if (flush || fill == MN_VECTOR_SIZE || nseg == MAXSEG) {
                mn_vector *res = NULL;
                if (fill > 0 && mn_lam_eval(r, fill, &res)) goto done;
                for (int s = 0; s < nseg; s++)
                    if (ops->take(ud, segs[s].row, segs[s].from, segs[s].n, res, segs[s].at, segs[s].last)) goto done;
                nseg = fill = 0;
                if (mn_lam_reset(r)) goto done;
                if (flush) break;
            }
            int m = len - from < MN_VECTOR_SIZE - fill ? len - from : MN_VECTOR_SIZE - fill;
            ops->fill(ud, r, row, from, m, fill);
            for (int e = 0; e < m; e++) r->rowof[fill + e] = (uint16_t)row;
            segs[nseg].row = row;
            segs[nseg].from = from;
            segs[nseg].n = m;
            segs[nseg].at = fill;
            segs[nseg].last = from + m == len;
            nseg++;
            fill += m;
            from += m;
        } while (from < len);
    }
    rc = 0;
done:
    free(segs);
    return rc;
}

/* ---------- call data ---------- */

static const mn_lam_call *call_of(mn_fn_ctx *ctx) { return ctx->bind_data; }

/* When every argument is CONSTANT the result is CONSTANT and one row is computed. */
static int const_start(mn_fn_ctx *ctx, mn_vector **args, int nargs, int *count, mn_vector *out) {
    for (int i = 0; i < nargs; i++)
        if (args[i]->mask) return 0;
    if (mn_vector_prepare_const(out, ctx->err)) return -1;
    *count = 1;
    return 0;
}

static int open_lambda(mn_fn_ctx *ctx, mn_vector **args, int k, mn_lam_run *r) {
    const mn_lam_call *lc = call_of(ctx);
    return mn_lam_open(r, ctx, lc->lam[k], args + lc->cap_off[k]);
}

/* ---------- transform, zip_with, filter, *_match ---------- */

/* Parameter k of an element function is element e of part parts[k] (0: array elements or
 * map keys, 1: map values) of the row's value in vecs[k]; past the end of a shorter value
 * it is NULL (zip_with). */
typedef struct elem_ud {
    mn_fn_ctx *ctx;
    mn_vector *out;
    const mn_vector *in;
    acc a, b;
    uint8_t seen; /* *_match: 1 true, 2 false, 4 null */
    int op;
    int nsrc;
    const mn_vector *vecs[MN_LAMBDA_MAX_PARAMS];
    int parts[MN_LAMBDA_MAX_PARAMS];
    mn_nested_block views[MN_LAMBDA_MAX_PARAMS]; /* of the row being filled */
} elem_ud;

static int part_view(const mn_vector *v, int part, int row, mn_nested_block *out) {
    mn_nested_block k, val;
    if (v->type.id == MN_T_ARRAY) return mn_array_view(v->type, mn_fn_blob(v, row), out);
    if (mn_map_view(v->type, mn_fn_blob(v, row), &k, &val)) return -1;
    *out = part ? val : k;
    return 0;
}

static int elem_len(void *p, int row) {
    elem_ud *u = p;
    int len = 0;
    for (int k = 0; k < u->nsrc; k++) {
        if (mn_vector_is_null(u->vecs[k], row)) return -1;
        if (part_view(u->vecs[k], u->parts[k], row, &u->views[k])) return malformed(u->ctx) - 1;
        if (u->views[k].n > len) len = u->views[k].n;
    }
    return len;
}

static void elem_fill(void *p, mn_lam_run *r, int row, int from, int n, int at) {
    elem_ud *u = p;
    for (int k = 0; k < u->nsrc; k++)
        for (int e = 0; e < n; e++) mn_lam_put_elem(r, k, at + e, &u->views[k], from + e);
}

static int take_transform(void *p, int row, int from, int n, const mn_vector *res, int at, bool last) {
    elem_ud *u = p;
    if (from == 0) acc_clear(&u->a);
    for (int i = 0; i < n; i++)
        if (acc_push(u->ctx, &u->a, mn_vector_is_null(res, at + i) ? NULL : mn_fn_slot(res, at + i))) return -1;
    return last ? put_array(u->ctx, u->out, row, &u->a) : 0;
}

static inline int bool_at(const mn_vector *v, int i) {
    if (mn_vector_is_null(v, i)) return -1;
    return MN_SLOT(v, uint8_t, i) != 0;
}

static int take_filter(void *p, int row, int from, int n, const mn_vector *res, int at, bool last) {
    elem_ud *u = p;
    if (from == 0) acc_clear(&u->a);
    mn_nested_block b;
    if (n > 0 && mn_array_view(u->in->type, mn_fn_blob(u->in, row), &b)) return malformed(u->ctx);
    for (int i = 0; i < n; i++) {
        if (bool_at(res, at + i) != 1) continue;
        mn_fn_slotbuf s;
        mn_block_get(&b, from + i, &s);
        if (acc_push(u->ctx, &u->a, mn_block_is_null(&b, from + i) ? NULL : &s)) return -1;
    }
    return last ? put_array(u->ctx, u->out, row, &u->a) : 0;
}

enum { M_ANY, M_ALL, M_NONE };

static int take_match(void *p, int row, int from, int n, const mn_vector *res, int at, bool last) {
    elem_ud *u = p;
    if (from == 0) u->seen = 0;
    for (int i = 0; i < n; i++) {
        int b = bool_at(res, at + i);
        u->seen |= b < 0 ? 4 : b ? 1 : 2;
    }
    if (!last) return 0;
    /* any: TRUE if one is TRUE, else NULL if one is NULL; all: FALSE if one is FALSE, else
     * NULL if one is NULL; none: FALSE if one is TRUE, else NULL if one is NULL */
    int v;
    if (u->op == M_ANY) v = u->seen & 1 ? 1 : u->seen & 4 ? -1 : 0;
    else if (u->op == M_ALL) v = u->seen & 2 ? 0 : u->seen & 4 ? -1 : 1;
    else v = u->seen & 1 ? 0 : u->seen & 4 ? -1 : 1;
    if (v < 0) return set_null(u->ctx, u->out, row);
    ((uint8_t *)u->out->data)[row] = (uint8_t)v;
    return 0;
}

static int run_elements(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out, int nsrc,
                        const int *parts, int (*take)(void *, int, int, int, const mn_vector *, int, bool), int op, mn_type acc_a, mn_type acc_b) {
    if (const_start(ctx, args, nargs, &count, out)) return -1;
    elem_ud u;
    memset(&u, 0, sizeof u);
    u.ctx = ctx;
    u.out = out;
    u.in = args[0];
    u.op = op;
    acc_init(&u.a, acc_a);
    acc_init(&u.b, acc_b);
    u.nsrc = nsrc;
    for (int k = 0; k < nsrc; k++) {
        u.vecs[k] = parts[k] < 0 ? args[k] : args[0];
        u.parts[k] = parts[k] < 0 ? 0 : parts[k];
    }
    elem_ops ops = {elem_len, elem_fill, take};
    mn_lam_run r;
    int rc = open_lambda(ctx, args, 0, &r);
    if (rc == 0) rc = map_elements(&r, count, out, &ops, &u);
    mn_lam_close(&r);
    acc_free(&u.a);
    acc_free(&u.b);
    return rc;
}

static const int P_ARRAY[] = {0}, P_ZIP[] = {-1, -1}, P_MAP[] = {0, 1};

static int fn_transform(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    return run_elements(ctx, args, nargs, count, out, 1, P_ARRAY, take_transform, 0, mn_type_elem(out->type),
                        out->type);
}

static int fn_zip_with(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    return run_elements(ctx, args, nargs, count, out, 2, P_ZIP, take_transform, 0, mn_type_elem(out->type),
                        out->type);
}

static int fn_filter(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    return run_elements(ctx, args, nargs, count, out, 1, P_ARRAY, take_filter, 0, mn_type_elem(out->type),
                        out->type);
}

static int fn_any_match(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return run_elements(c, a, n, k, o, 1, P_ARRAY, take_match, M_ANY, o->type, o->type);
}
static int fn_all_match(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return run_elements(c, a, n, k, o, 1, P_ARRAY, take_match, M_ALL, o->type, o->type);
}
static int fn_none_match(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return run_elements(c, a, n, k, o, 1, P_ARRAY, take_match, M_NONE, o->type, o->type);
}

/* ---------- transform_keys, transform_values, map_filter ---------- */

enum { TM_KEYS, TM_VALUES, TM_FILTER };

static int take_map(void *p, int row, int from, int n, const mn_vector *res, int at, bool last) {
    elem_ud *u = p;
    if (from == 0) {
        acc_clear(&u->a);
        acc_clear(&u->b);
    }
    mn_nested_block kb, vb;
    if (n > 0 && mn_map_view(u->in->type, mn_fn_blob(u->in, row), &kb, &vb)) return malformed(u->ctx);
    for (int i = 0; i < n; i++) {
        mn_fn_slotbuf ks, vs;
        int e = from + i;
        mn_block_get(&kb, e, &ks);
        mn_block_get(&vb, e, &vs);
        const void *kp = &ks, *vp = mn_block_is_null(&vb, e) ? NULL : &vs;
        const void *rp = mn_vector_is_null(res, at + i) ? NULL : mn_fn_slot(res, at + i);
        if (u->op == TM_FILTER && bool_at(res, at + i) != 1) continue;
        if (u->op == TM_KEYS) {
            if (!rp) return mn_error_set(u->ctx->err, MN_ERR_INVALID_ARGUMENT, "map key cannot be null");
            kp = rp;
        } else if (u->op == TM_VALUES) {
            vp = rp;
        }
        if (acc_push(u->ctx, &u->a, kp) || acc_push(u->ctx, &u->b, vp)) return -1;
    }
    if (!last) return 0;
    int rc = put_map(u->ctx, u->out, row, &u->a, &u->b);
    mn_error *err = u->ctx->err;
    if (rc && u->op == TM_KEYS && strncmp(err->message, "Duplicate map keys", 18) == 0) {
        /* Trino's transform_keys words it without "map" */
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "Duplicate keys%s", err->message + 18);
        mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "%s", msg);
    }
    return rc;
}

static int run_map(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out, int op) {
    return run_elements(ctx, args, nargs, count, out, 2, P_MAP, take_map, op, mn_type_map_key(out->type),
                        mn_type_map_value(out->type));
}
static int fn_transform_keys(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return run_map(c, a, n, k, o, TM_KEYS); }
static int fn_transform_values(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return run_map(c, a, n, k, o, TM_VALUES); }
static int fn_map_filter(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return run_map(c, a, n, k, o, TM_FILTER); }

/* ---------- map_zip_with ---------- */

/* The union of two maps' keys (both sorted and unique), merged for every row up front:
 * entry x of a row is the key with value index i1[x] in the first map and i2[x] in the
 * second (-1 when absent); row r's entries are [start[r], start[r + 1]). */
typedef struct zip_ud {
    mn_fn_ctx *ctx;
    mn_vector *out;
    mn_vector *m1, *m2;
    acc a, b;
    int *start, *i1, *i2;
    mn_nested_block k1, v1, k2, v2; /* of the row being filled or taken */
} zip_ud;

static int zip_views(zip_ud *u, int row) {
    if (mn_map_view(u->m1->type, mn_fn_blob(u->m1, row), &u->k1, &u->v1) ||
        mn_map_view(u->m2->type, mn_fn_blob(u->m2, row), &u->k2, &u->v2))
        return malformed(u->ctx);
    return 0;
}

static int zip_len(void *p, int row) {
    zip_ud *u = p;
    if (mn_vector_is_null(u->m1, row) || mn_vector_is_null(u->m2, row)) return -1;
    return zip_views(u, row) ? -2 : u->start[row + 1] - u->start[row];
}

static void zip_fill(void *p, mn_lam_run *r, int row, int from, int n, int at) {
    zip_ud *u = p;
    for (int e = 0; e < n; e++) {
        int x = u->start[row] + from + e;
        if (u->i1[x] >= 0) mn_lam_put_elem(r, 0, at + e, &u->k1, u->i1[x]);
        else mn_lam_put_elem(r, 0, at + e, &u->k2, u->i2[x]);
        mn_lam_put_elem(r, 1, at + e, u->i1[x] >= 0 ? &u->v1 : NULL, u->i1[x]);
        mn_lam_put_elem(r, 2, at + e, u->i2[x] >= 0 ? &u->v2 : NULL, u->i2[x]);
    }
}

static int zip_take(void *p, int row, int from, int n, const mn_vector *res, int at, bool last) {
    zip_ud *u = p;
    if (from == 0) {
        acc_clear(&u->a);
        acc_clear(&u->b);
    }
    if (n > 0 && zip_views(u, row)) return -1;
    for (int e = 0; e < n; e++) {
        mn_fn_slotbuf ks;
        int x = u->start[row] + from + e;
        if (u->i1[x] >= 0) mn_block_get(&u->k1, u->i1[x], &ks);
        else mn_block_get(&u->k2, u->i2[x], &ks);
        if (acc_push(u->ctx, &u->a, &ks) ||
            acc_push(u->ctx, &u->b, mn_vector_is_null(res, at + e) ? NULL : mn_fn_slot(res, at + e)))
            return -1;
    }
    return last ? put_map(u->ctx, u->out, row, &u->a, &u->b) : 0;
}

static int zip_merge(zip_ud *u, int count) {
    mn_type kt = mn_type_map_key(u->out->type);
    int total = 0;
    for (int row = 0; row < count; row++) {
        u->start[row] = total;
        if (mn_vector_is_null(u->m1, row) || mn_vector_is_null(u->m2, row)) continue;
        if (zip_views(u, row)) return -1;
        int need = total + u->k1.n + u->k2.n;
        int *n1 = realloc(u->i1, sizeof(int) * (size_t)(need ? need : 1));
        if (n1) u->i1 = n1;
        int *n2 = realloc(u->i2, sizeof(int) * (size_t)(need ? need : 1));
        if (n2) u->i2 = n2;
        if (!n1 || !n2) return mn_fn_oom(u->ctx);
        int a = 0, b = 0;
        while (a < u->k1.n || b < u->k2.n) {
            int c;
            if (a == u->k1.n) c = 1;
            else if (b == u->k2.n) c = -1;
            else {
                mn_fn_slotbuf s1, s2;
                mn_block_get(&u->k1, a, &s1);
                mn_block_get(&u->k2, b, &s2);
                c = mn_nested_slot_compare(kt, &s1, &s2);
            }
            u->i1[total] = c <= 0 ? a++ : -1;
            u->i2[total] = c >= 0 ? b++ : -1;
            total++;
        }
    }
    u->start[count] = total;
    return 0;
}

static int fn_map_zip_with(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    if (const_start(ctx, args, nargs, &count, out)) return -1;
    zip_ud u;
    memset(&u, 0, sizeof u);
    u.ctx = ctx;
    u.out = out;
    u.m1 = args[0];
    u.m2 = args[1];
    acc_init(&u.a, mn_type_map_key(out->type));
    acc_init(&u.b, mn_type_map_value(out->type));
    mn_lam_run r;
    memset(&r, 0, sizeof r);
    int rc = -1;
    u.start = malloc(sizeof(int) * (size_t)(count + 1));
    if (!u.start) mn_fn_oom(ctx);
    else if (zip_merge(&u, count) == 0 && open_lambda(ctx, args, 0, &r) == 0) {
        elem_ops ops = {zip_len, zip_fill, zip_take};
        rc = map_elements(&r, count, out, &ops, &u);
    }
    mn_lam_close(&r);
    acc_free(&u.a);
    acc_free(&u.b);
    free(u.start);
    free(u.i1);
    free(u.i2);
    return rc;
}

/* ---------- reduce ---------- */

static int fn_reduce(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    if (const_start(ctx, args, nargs, &count, out)) return -1;
    const mn_lam_call *lc = call_of(ctx);
    mn_error *err = ctx->err;
    mn_vector st[2];
    mn_vector_init(&st[0], lc->lam[0]->params[0]);
    mn_vector_init(&st[1], lc->lam[0]->params[0]);
    mn_lam_run r;
    memset(&r, 0, sizeof r);
    int *len = malloc(sizeof(int) * (size_t)(count ? count : 1));
    uint16_t *sel = malloc(sizeof(uint16_t) * MN_VECTOR_SIZE);
    int rc = -1, maxlen = 0, cur = 0;
    if (!len || !sel) {
        mn_fn_oom(ctx);
        goto done;
    }
    for (int row = 0; row < count; row++) {
        len[row] = -1;
        if (mn_vector_is_null(args[0], row)) continue;
        mn_nested_block b;
        if (mn_array_view(args[0]->type, mn_fn_blob(args[0], row), &b)) {
            malformed(ctx);
            goto done;
        }
        len[row] = b.n;
        if (b.n > maxlen) maxlen = b.n;
    }
    if (mn_vector_prepare(&st[0], err) || mn_vector_gather(&st[0], args[1], NULL, count, true, err)) goto done;
    /* step i folds element i of every row that has one, all rows in one batch */
    if (mn_lam_open(&r, ctx, lc->lam[0], args + lc->cap_off[0])) goto done;
    for (int i = 0; i < maxlen; i++) {
        if (mn_lam_reset(&r)) goto done;
        int n = 0;
        for (int row = 0; row < count; row++) {
            if (len[row] <= i) continue;
            mn_nested_block b;
            if (mn_array_view(args[0]->type, mn_fn_blob(args[0], row), &b)) {
                malformed(ctx);
                goto done;
            }
            mn_lam_put(&r, 0, n, mn_vector_is_null(&st[cur], row) ? NULL : mn_fn_slot(&st[cur], row));
            mn_lam_put_elem(&r, 1, n, &b, i);
            r.rowof[n] = sel[n] = (uint16_t)row;
            n++;
        }
        mn_vector *res;
        if (mn_lam_eval(&r, n, &res)) goto done;
        mn_vector *next = &st[1 - cur];
        if (mn_vector_prepare(next, err) || mn_vector_gather(next, &st[cur], NULL, count, true, err)) goto done;
        for (int k = 0; k < n; k++) {
            uint16_t one = (uint16_t)k;
            if (mn_vector_append(next, sel[k], res, &one, 1, true, err)) goto done;
        }
        cur = 1 - cur;
    }
    mn_lam_close(&r);
    /* the output function over every final state at once */
    if (mn_lam_open(&r, ctx, lc->lam[1], args + lc->cap_off[1])) goto done;
    int n = 0;
    for (int row = 0; row < count; row++) {
        if (len[row] < 0) {
            if (set_null(ctx, out, row)) goto done;
            continue;
        }
        mn_lam_put(&r, 0, n, mn_vector_is_null(&st[cur], row) ? NULL : mn_fn_slot(&st[cur], row));
        r.rowof[n] = sel[n] = (uint16_t)row;
        n++;
    }
    if (n > 0) {
        mn_vector *res;
        if (mn_lam_eval(&r, n, &res)) goto done;
        for (int k = 0; k < n; k++) {
            uint16_t one = (uint16_t)k;
            if (mn_vector_append(out, sel[k], res, &one, 1, true, err)) goto done;
        }
    }
    rc = 0;
done:
    mn_lam_close(&r);
    mn_vector_destroy(&st[0]);
    mn_vector_destroy(&st[1]);
    free(len);
    free(sel);
    return rc;
}

/* ---------- array_sort(array, comparator) ---------- */

/* A binary insertion sort (stable, like Trino's TimSort on small runs) run in lock-step over
 * all rows: element k of every row is placed by a binary search over its sorted prefix, each
 * search step comparing (element k, prefix[mid]) for all rows in one batch. */
static int fn_array_sort_cmp(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    if (const_start(ctx, args, nargs, &count, out)) return -1;
    mn_type et = mn_type_elem(out->type);
    mn_nested_block *views = malloc(sizeof *views * (size_t)(count ? count : 1));
    int *off = malloc(sizeof(int) * (size_t)(count + 1) * 4);
    int *ord = NULL;
    acc a;
    acc_init(&a, et);
    mn_lam_run r;
    memset(&r, 0, sizeof r);
    int rc = -1, maxlen = 0, total = 0;
    if (!views || !off) {
        mn_fn_oom(ctx);
        goto done;
    }
    int *len = off + count + 1, *lo = len + count, *hi = lo + count;
    for (int row = 0; row < count; row++) {
        off[row] = total;
        len[row] = -1;
        if (mn_vector_is_null(args[0], row)) continue;
        if (mn_array_view(args[0]->type, mn_fn_blob(args[0], row), &views[row])) {
            malformed(ctx);
            goto done;
        }
        len[row] = views[row].n;
        total += views[row].n;
        if (views[row].n > maxlen) maxlen = views[row].n;
    }
    ord = malloc(sizeof(int) * (size_t)(total ? total : 1));
    if (!ord) {
        mn_fn_oom(ctx);
        goto done;
    }
    for (int row = 0; row < count; row++)
        if (len[row] > 0) ord[off[row]] = 0;
    if (open_lambda(ctx, args, 0, &r)) goto done;
    for (int k = 1; k < maxlen; k++) {
        for (int row = 0; row < count; row++) lo[row] = 0, hi[row] = k;
        for (;;) {
            if (mn_lam_reset(&r)) goto done;
            int n = 0;
            for (int row = 0; row < count; row++) {
                if (len[row] <= k || lo[row] >= hi[row]) continue;
                int mid = (lo[row] + hi[row]) >> 1;
                mn_lam_put_elem(&r, 0, n, &views[row], k);
                mn_lam_put_elem(&r, 1, n, &views[row], ord[off[row] + mid]);
                r.rowof[n++] = (uint16_t)row;
            }
            if (n == 0) break;
            mn_vector *res;
            if (mn_lam_eval(&r, n, &res)) goto done;
            for (int j = 0; j < n; j++) {
                int row = r.rowof[j];
                int64_t c = mn_vector_is_null(res, j) ? 2 : mn_fn_get_int(res, j);
                if (c < -1 || c > 1) {
                    mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Lambda comparator must return either -1, 0, or 1");
                    goto done;
                }
                int mid = (lo[row] + hi[row]) >> 1;
                if (c < 0) hi[row] = mid;
                else lo[row] = mid + 1;
            }
        }
        for (int row = 0; row < count; row++) {
            if (len[row] <= k) continue;
            int *o = ord + off[row];
            memmove(o + lo[row] + 1, o + lo[row], sizeof(int) * (size_t)(k - lo[row]));
            o[lo[row]] = k;
        }
    }
    for (int row = 0; row < count; row++) {
        if (len[row] < 0) {
            if (set_null(ctx, out, row)) goto done;
            continue;
        }
        acc_clear(&a);
        for (int i = 0; i < len[row]; i++) {
            int e = ord[off[row] + i];
            mn_fn_slotbuf s;
            mn_block_get(&views[row], e, &s);
            if (acc_push(ctx, &a, mn_block_is_null(&views[row], e) ? NULL : &s)) goto done;
        }
        if (put_array(ctx, out, row, &a)) goto done;
    }
    rc = 0;
done:
    mn_lam_close(&r);
    acc_free(&a);
    free(views);
    free(off);
    free(ord);
    return rc;
}

/* ---------- binding ---------- */

typedef struct hof_entry {
    const char *name;
    const char *sig; /* as documented */
    const char *ret;
    const char *desc;
} hof_entry;

static const hof_entry hofs[] = {
    {"transform", "array(T), function(T,U)", "array(U)", "Applies the function to every element"},
    {"filter", "array(T), function(T,boolean)", "array(T)", "The elements for which the function returns true"},
    {"reduce", "array(T), S, function(S,T,S), function(S,R)", "R",
     "Folds the elements into a state starting from S, then applies the output function"},
    {"any_match", "array(T), function(T,boolean)", "boolean",
     "Whether the function is true for some element (NULL when none is and some give NULL)"},
    {"all_match", "array(T), function(T,boolean)", "boolean",
     "Whether the function is true for every element (NULL when none is false and some give NULL)"},
    {"none_match", "array(T), function(T,boolean)", "boolean",
     "Whether the function is true for no element (NULL when none is true and some give NULL)"},
    {"zip_with", "array(T), array(U), function(T,U,R)", "array(R)",
     "Merges two arrays element-wise with the function; the shorter is padded with NULLs"},
    {"transform_keys", "map(K,V), function(K,V,K2)", "map(K2,V)", "Applies the function to every entry's key"},
    {"transform_values", "map(K,V), function(K,V,V2)", "map(K,V2)", "Applies the function to every entry's value"},
    {"map_filter", "map(K,V), function(K,V,boolean)", "map(K,V)", "The entries for which the function returns true"},
    {"map_zip_with", "map(K,V1), map(K,V2), function(K,V1,V2,V3)", "map(K,V3)",
     "Merges two maps by key with the function (NULL for a key missing from one)"},
    {"array_sort", "array(T), function(T,T,integer)", "array(T)",
     "Sorts with a comparator returning -1, 0 or 1 (stable)"},
    {"regexp_replace", "varchar, varchar, function(array(varchar),varchar)", "varchar",
     "Replaces every match by the function's result for the match's capturing groups"},
};
#define NHOFS (sizeof hofs / sizeof hofs[0])

static const hof_entry *hof_find(const char *name) {
    for (size_t i = 0; i < NHOFS; i++)
        if (strcasecmp(hofs[i].name, name) == 0) return &hofs[i];
    return NULL;
}

bool mn_func_is_higher_order(const char *name) { return hof_find(name) != NULL; }

void mn_fn_lambda_list(mn_func_list_cb cb, void *ud) {
    char buf[256];
    for (size_t i = 0; i < NHOFS; i++) {
        snprintf(buf, sizeof buf, "%s(%s) -> %s", hofs[i].name, hofs[i].sig, hofs[i].ret);
        cb(ud, hofs[i].name, buf, "scalar", hofs[i].desc);
    }
}

typedef struct hof_bind {
    mn_arena *arena;
    const hof_entry *h;
    mn_expr **args;
    int nargs;
    mn_lambda_bind_fn bind;
    void *ud;
    mn_pos pos;
    mn_error *err;
    mn_lambda *lam[2];
    int nlam;
} hof_bind;

static int mismatch(hof_bind *hb) {
    mn_strbuf b;
    mn_strbuf_init(&b);
    mn_strbuf_puts(&b, "Unexpected parameters (");
    for (int i = 0; i < hb->nargs; i++) {
        char tn[64];
        if (i) mn_strbuf_puts(&b, ", ");
        mn_strbuf_puts(&b, hb->args[i] ? mn_type_name(hb->args[i]->type, tn, sizeof tn) : "function");
    }
    mn_strbuf_printf(&b, ") for function %s. Expected: %s(%s)", hb->h->name, hb->h->name, hb->h->sig);
    int rc = ERRP(hb->err, hb->pos, MN_ERR_TYPE_MISMATCH, "%s", b.data && !b.oom ? b.data : "Unexpected parameters");
    mn_strbuf_free(&b);
    return rc;
}

/* Value argument i must be of nested type `id` (ARRAY or MAP); NULL becomes an empty-typed one. */
static int value_arg(hof_bind *hb, int i, int id) {
    mn_expr *a = hb->args[i];
    if (!a) return mismatch(hb);
    if (a->type.id == MN_T_UNKNOWN) {
        mn_type t, u = mn_type_make(MN_T_UNKNOWN);
        if ((id == MN_T_ARRAY ? mn_type_make_array(u, &t) : mn_type_make_map(u, u, &t)) ||
            mn_func_coerce(hb->arena, a, t, &hb->args[i], hb->err))
            return mn_error_set(hb->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return 0;
    }
    return a->type.id == id ? 0 : mismatch(hb);
}

static int lambda_arg(hof_bind *hb, int k, const mn_type *params, int n, mn_lambda **out) {
    if (hb->args[k]) return mismatch(hb);
    return hb->bind(hb->ud, k, params, n, out, hb->err);
}

/* The body of l must be of type t (an unknown body, i.e. NULL, is coerced). */
static int body_type(hof_bind *hb, mn_lambda *l, mn_type t, const char *what) {
    if (mn_type_equal(l->body->type, t)) return 0;
    if (l->body->type.id == MN_T_UNKNOWN || mn_type_can_coerce(l->body->type, t))
        return mn_func_coerce(hb->arena, l->body, t, &l->body, hb->err);
    char t1[64], t2[64];
    return ERRP(hb->err, l->body->pos.line ? l->body->pos : hb->pos, MN_ERR_TYPE_MISMATCH,
                "Lambda of %s must return %s (actual: %s)", hb->h->name, what ? what : mn_type_name(t, t1, sizeof t1),
                mn_type_name(l->body->type, t2, sizeof t2));
}

static bool has_volatile(const mn_expr *e) {
    if (e->kind == MN_EXPR_CALL && e->volatile_) return true;
    for (int i = 0; i < e->nargs; i++)
        if (has_volatile(e->args[i])) return true;
    for (int i = 0; i < e->nbodies; i++)
        if (has_volatile(e->bodies[i])) return true;
    return false;
}

/* The CALL: value arguments (those not NULL in hb->args), then every lambda's captures. */
static int finish(hof_bind *hb, mn_scalar_impl impl, mn_type ret, mn_expr **out) {
    int nval = 0, ncap = 0;
    for (int i = 0; i < hb->nargs; i++) nval += hb->args[i] != NULL;
    for (int k = 0; k < hb->nlam; k++) ncap += hb->lam[k]->ncaptures;
    mn_expr *e = mn_expr_new(hb->arena, MN_EXPR_CALL, ret, nval + ncap);
    mn_lam_call *lc = mn_arena_calloc(hb->arena, sizeof *lc);
    mn_expr **bodies = mn_arena_calloc(hb->arena, sizeof(mn_expr *) * 2);
    if (!e || !lc || !bodies) return mn_error_set(hb->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    int at = 0;
    for (int i = 0; i < hb->nargs; i++)
        if (hb->args[i]) e->args[at++] = hb->args[i];
    lc->nlam = hb->nlam;
    for (int k = 0; k < hb->nlam; k++) {
        lc->lam[k] = hb->lam[k];
        lc->cap_off[k] = at;
        for (int j = 0; j < hb->lam[k]->ncaptures; j++) e->args[at++] = hb->lam[k]->captures[j];
        bodies[k] = hb->lam[k]->body;
    }
    e->nbodies = hb->nlam;
    e->bodies = bodies;
    e->name = hb->h->name;
    e->impl = impl;
    e->bind_data = lc;
    e->pos = hb->pos;
    for (int k = 0; k < hb->nlam; k++) e->volatile_ |= has_volatile(hb->lam[k]->body);
    *out = e;
    return 0;
}

static int make_array(hof_bind *hb, mn_type elem, mn_type *out) {
    if (mn_type_make_array(elem, out)) return mn_error_set(hb->err, MN_ERR_NOT_SUPPORTED, "Array type too deeply nested");
    return 0;
}

static int make_map(hof_bind *hb, mn_type k, mn_type v, mn_type *out) {
    if (mn_type_make_map(k, v, out)) return mn_error_set(hb->err, MN_ERR_NOT_SUPPORTED, "Map type too deeply nested");
    return 0;
}

/* reduce: the state type S is the initial state's type, widened once when the input
 * function returns a wider type (reduce(a, 0, (s, x) -> s + x, …) over doubles). */
static int bind_reduce(hof_bind *hb, mn_expr **out) {
    if (value_arg(hb, 0, MN_T_ARRAY) || !hb->args[1]) return hb->err->code ? -1 : mismatch(hb);
    mn_type s = hb->args[1]->type, t = mn_type_elem(hb->args[0]->type);
    for (int round = 0; round < 2; round++) {
        mn_type p[2] = {s, t}, w;
        if (lambda_arg(hb, 2, p, 2, &hb->lam[0])) return -1;
        mn_type bt = hb->lam[0]->body->type;
        if (mn_type_equal(bt, s) || bt.id == MN_T_UNKNOWN || round == 1 || !mn_type_common_super(s, bt, &w) ||
            mn_type_equal(w, s))
            break;
        s = w;
    }
    if (body_type(hb, hb->lam[0], s, NULL) || mn_func_coerce(hb->arena, hb->args[1], s, &hb->args[1], hb->err))
        return -1;
    if (lambda_arg(hb, 3, &s, 1, &hb->lam[1])) return -1;
    hb->nlam = 2;
    return finish(hb, fn_reduce, hb->lam[1]->body->type, out);
}

int mn_func_bind_higher_order(mn_arena *arena, const char *name, mn_expr **args, int nargs, mn_lambda_bind_fn bind,
                              void *ud, mn_pos pos, mn_expr **out, mn_error *err) {
    hof_bind hb;
    memset(&hb, 0, sizeof hb);
    hb.arena = arena;
    hb.h = hof_find(name);
    hb.args = args;
    hb.nargs = nargs;
    hb.bind = bind;
    hb.ud = ud;
    hb.pos = pos;
    hb.err = err;
    if (!hb.h) return ERRP(err, pos, MN_ERR_FUNCTION_NOT_FOUND, "Function '%s' not registered", name);
    const char *n = hb.h->name;
    mn_type boolean = mn_type_make(MN_T_BOOLEAN), ret;
    int want = strcmp(n, "reduce") == 0 ? 4 : (strcmp(n, "zip_with") == 0 || strcmp(n, "map_zip_with") == 0 ||
                                               strcmp(n, "regexp_replace") == 0) ? 3 : 2;
    if (nargs != want) return mismatch(&hb);
    if (strcmp(n, "reduce") == 0) return bind_reduce(&hb, out);
    hb.nlam = 1;
    if (strcmp(n, "regexp_replace") == 0) {
        mn_type vc = mn_type_varchar(-1), avc, p[1];
        for (int i = 0; i < 2; i++) {
            if (!args[i]) return mismatch(&hb);
            mn_type at = args[i]->type;
            if (at.id != MN_T_VARCHAR && at.id != MN_T_CHAR && at.id != MN_T_UNKNOWN) return mismatch(&hb);
            if (at.id != MN_T_VARCHAR && mn_func_coerce(arena, args[i], vc, &args[i], err)) return -1;
        }
        if (make_array(&hb, vc, &avc)) return -1;
        p[0] = avc;
        if (lambda_arg(&hb, 2, p, 1, &hb.lam[0])) return -1;
        if (hb.lam[0]->body->type.id != MN_T_VARCHAR && body_type(&hb, hb.lam[0], vc, "varchar")) return -1;
        return finish(&hb, mn_fn_regexp_replace_lambda, vc, out);
    }
    if (strcmp(n, "zip_with") == 0) {
        if (value_arg(&hb, 0, MN_T_ARRAY) || value_arg(&hb, 1, MN_T_ARRAY)) return -1;
        mn_type p[2] = {mn_type_elem(args[0]->type), mn_type_elem(args[1]->type)};
        if (lambda_arg(&hb, 2, p, 2, &hb.lam[0]) || make_array(&hb, hb.lam[0]->body->type, &ret)) return -1;
        return finish(&hb, fn_zip_with, ret, out);
    }
    if (strcmp(n, "map_zip_with") == 0) {
        if (value_arg(&hb, 0, MN_T_MAP) || value_arg(&hb, 1, MN_T_MAP)) return -1;
        mn_type k1 = mn_type_map_key(args[0]->type), k2 = mn_type_map_key(args[1]->type), k, m1, m2;
        if (!mn_type_common_super(k1, k2, &k)) return mismatch(&hb);
        if (make_map(&hb, k, mn_type_map_value(args[0]->type), &m1) ||
            make_map(&hb, k, mn_type_map_value(args[1]->type), &m2) ||
            mn_func_coerce(arena, args[0], m1, &args[0], err) || mn_func_coerce(arena, args[1], m2, &args[1], err))
            return -1;
        mn_type p[3] = {k, mn_type_map_value(m1), mn_type_map_value(m2)};
        if (lambda_arg(&hb, 2, p, 3, &hb.lam[0]) || make_map(&hb, k, hb.lam[0]->body->type, &ret)) return -1;
        return finish(&hb, fn_map_zip_with, ret, out);
    }
    if (strncmp(n, "transform_", 10) == 0 || strcmp(n, "map_filter") == 0) {
        if (value_arg(&hb, 0, MN_T_MAP)) return -1;
        mn_type mt = args[0]->type, p[2] = {mn_type_map_key(mt), mn_type_map_value(mt)};
        if (lambda_arg(&hb, 1, p, 2, &hb.lam[0])) return -1;
        mn_type bt = hb.lam[0]->body->type;
        if (strcmp(n, "map_filter") == 0) {
            if (body_type(&hb, hb.lam[0], boolean, NULL)) return -1;
            return finish(&hb, fn_map_filter, mt, out);
        }
        if (strcmp(n, "transform_keys") == 0) {
            if (make_map(&hb, bt, p[1], &ret)) return -1;
            return finish(&hb, fn_transform_keys, ret, out);
        }
        if (make_map(&hb, p[0], bt, &ret)) return -1;
        return finish(&hb, fn_transform_values, ret, out);
    }
    /* array(T), function(T, …) */
    if (value_arg(&hb, 0, MN_T_ARRAY)) return -1;
    mn_type at = args[0]->type, p[2] = {mn_type_elem(at), mn_type_elem(at)};
    if (strcmp(n, "array_sort") == 0) {
        if (lambda_arg(&hb, 1, p, 2, &hb.lam[0])) return -1;
        if (!mn_type_is_integer(hb.lam[0]->body->type) && hb.lam[0]->body->type.id != MN_T_UNKNOWN)
            return body_type(&hb, hb.lam[0], mn_type_make(MN_T_INTEGER), "integer") ? -1 : mismatch(&hb);
        if (body_type(&hb, hb.lam[0], mn_type_make(MN_T_BIGINT), NULL)) return -1;
        return finish(&hb, fn_array_sort_cmp, at, out);
    }
    if (lambda_arg(&hb, 1, p, 1, &hb.lam[0])) return -1;
    if (strcmp(n, "transform") == 0) {
        if (make_array(&hb, hb.lam[0]->body->type, &ret)) return -1;
        return finish(&hb, fn_transform, ret, out);
    }
    if (body_type(&hb, hb.lam[0], boolean, NULL)) return -1;
    if (strcmp(n, "filter") == 0) return finish(&hb, fn_filter, at, out);
    mn_scalar_impl impl = strcmp(n, "any_match") == 0 ? fn_any_match : strcmp(n, "all_match") == 0 ? fn_all_match
                                                                                                 : fn_none_match;
    return finish(&hb, impl, boolean, out);
}
