/* agg_order.c — aggregate calls with ORDER BY (array_agg(x ORDER BY y DESC), listagg …
 * WITHIN GROUP (ORDER BY …)), and the row codec shared with the DISTINCT wrapper.
 *
 * An ordered call evaluates its arguments followed by its sort keys (call->args holds both);
 * each group state buffers those rows encoded as bytes; finalize sorts the rows by the keys
 * (stable: ties keep input order within a worker), drops repeated argument tuples when the
 * call is DISTINCT (NULLs count as values, as Trino's MarkDistinct does), and feeds the
 * arguments, in batches of vectors, to the wrapped function, which then finalizes.
 * Finalize leaves the state intact (window frames finalize repeatedly). Buffers are
 * malloc'd per group and freed by destroy. */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "function/nested_fn.h"

/* ---------- row codec ---------- */

int mn_fn_rowbuf_put(mn_fn_rowbuf *b, const void *src, size_t n) {
    if (b->len + n > b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 64;
        while (ncap < b->len + n) ncap *= 2;
        char *np = realloc(b->p, ncap);
        if (!np) return -1;
        b->p = np;
        b->cap = ncap;
    }
    if (n) memcpy(b->p + b->len, src, n);
    b->len += n;
    return 0;
}

int mn_fn_row_encode(mn_fn_rowbuf *b, mn_vector **args, int nargs, int row) {
    for (int k = 0; k < nargs; k++) {
        const mn_vector *v = args[k];
        uint8_t is_null = mn_vector_is_null(v, row) || v->type.id == MN_T_UNKNOWN;
        if (mn_fn_rowbuf_put(b, &is_null, 1)) return -1;
        if (is_null) continue;
        const void *slot = mn_fn_slot(v, row);
        if (mn_type_is_varlen(v->type)) {
            mn_str s = *(const mn_str *)slot;
            if (mn_fn_rowbuf_put(b, &s.len, sizeof s.len) || mn_fn_rowbuf_put(b, s.ptr, s.len)) return -1;
        } else if (v->type.id == MN_T_DOUBLE) {
            double d = *(const double *)slot;
            if (d == 0) d = 0; /* -0.0 and 0.0 are one value */
            if (d != d) d = __builtin_nan("");
            if (mn_fn_rowbuf_put(b, &d, sizeof d)) return -1;
        } else if (v->type.id == MN_T_TIMESTAMP_TZ) {
            /* the instant with the UTC zone key: one instant in two zones is one value */
            mn_i128 x;
            memcpy(&x, slot, sizeof x);
            x = (x >> 16) * 65536;
            if (mn_fn_rowbuf_put(b, &x, sizeof x)) return -1;
        } else if (v->type.id == MN_T_REAL) {
            float f = *(const float *)slot;
            if (f == 0) f = 0;
            if (f != f) f = __builtin_nanf("");
            if (mn_fn_rowbuf_put(b, &f, sizeof f)) return -1;
        } else if (mn_fn_rowbuf_put(b, slot, mn_type_size(v->type))) {
            return -1;
        }
    }
    return 0;
}

const char *mn_fn_row_decode(const char *p, mn_vector *vecs, int nargs, int row) {
    for (int k = 0; k < nargs; k++) {
        mn_vector *v = &vecs[k];
        size_t sz = mn_type_size(v->type);
        char *slot = (char *)v->data + sz * (size_t)row;
        uint8_t is_null = (uint8_t)*p++;
        if (v->nulls) v->nulls[row] = is_null;
        if (is_null) {
            memset(slot, 0, sz);
        } else if (mn_type_is_varlen(v->type)) {
            mn_str s;
            memcpy(&s.len, p, sizeof s.len);
            s.ptr = p + sizeof s.len;
            memcpy(slot, &s, sizeof s);
            p += sizeof s.len + s.len;
        } else {
            memcpy(slot, p, sz);
            p += sz;
        }
    }
    return p;
}

/* ---------- the ordered wrapper ---------- */

typedef struct {
    mn_agg_call inner; /* the function over the real arguments */
    mn_agg_fn wrapper; /* this call's own copy (see agg_distinct.c on why) */
    int nkeys;
    bool *desc, *nulls_first;
    bool distinct;
} obind;

typedef struct {
    mn_fn_rowbuf rows; /* encoded (arguments, keys) rows */
    size_t *offs;      /* start of each row in rows.p */
    int64_t n, cap;
} ostate;

static int oom(mn_agg_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

static void o_init(const mn_agg_call *call, void *state) { memset(state, 0, sizeof(ostate)); }

static void o_destroy(const mn_agg_call *call, void *state) {
    ostate *s = state;
    free(s->rows.p);
    free(s->offs);
    memset(s, 0, sizeof *s);
}

static int add_offset(mn_agg_ctx *ctx, ostate *s, size_t off) {
    if (s->n == s->cap) {
        if (s->n >= ((int64_t)1 << 31))
            return mn_error_set(ctx->err, MN_ERR_NOT_SUPPORTED, "Too many values for one group");
        int64_t cap = s->cap ? s->cap * 2 : 16;
        size_t *no = realloc(s->offs, sizeof(size_t) * (size_t)cap);
        if (!no) return oom(ctx);
        s->offs = no;
        s->cap = cap;
    }
    s->offs[s->n++] = off;
    return 0;
}

static int o_update(const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states) {
    for (int i = 0; i < count; i++) {
        ostate *s = states[i];
        if (!s) continue;
        size_t off = s->rows.len;
        if (mn_fn_row_encode(&s->rows, args, call->nargs, i)) return oom(ctx);
        if (add_offset(ctx, s, off)) return -1;
    }
    return 0;
}

static int o_combine(const mn_agg_call *call, mn_agg_ctx *ctx, void *dst_, const void *src_) {
    ostate *d = dst_;
    const ostate *s = src_;
    size_t base = d->rows.len;
    if (s->n == 0) return 0;
    if (mn_fn_rowbuf_put(&d->rows, s->rows.p, s->rows.len)) return oom(ctx);
    for (int64_t i = 0; i < s->n; i++)
        if (add_offset(ctx, d, base + s->offs[i])) return -1;
    return 0;
}

/* Sorting context: the decoded columns (arguments then keys) of every buffered row. */
typedef struct {
    const obind *ob;
    const mn_vector *cols;
    int first_key;
} octx;

static int row_cmp(const void *ctx, int64_t a, int64_t b) {
    const octx *c = ctx;
    for (int k = 0; k < c->ob->nkeys; k++) {
        const mn_vector *v = &c->cols[c->first_key + k];
        bool na = v->nulls[a] != 0, nb = v->nulls[b] != 0;
        int r;
        if (na || nb) {
            if (na == nb) continue;
            r = na ? 1 : -1; /* NULLS LAST unless asked otherwise, in both directions */
            if (c->ob->nulls_first[k]) r = -r;
            return r;
        }
        size_t sz = mn_type_size(v->type);
        r = mn_nested_slot_compare(v->type, (const char *)v->data + sz * (size_t)a, (const char *)v->data + sz * (size_t)b);
        if (r) return c->ob->desc[k] ? -r : r;
    }
    return 0;
}

/* Keeps the first row of each distinct argument tuple (plen[r]: bytes of row r's arguments);
 * returns the number kept, compacted in idx. */
static int64_t dedup_rows(const ostate *s, const size_t *plen, int64_t *idx, int64_t n, int64_t *set) {
    size_t cap = 16;
    while (cap < (size_t)n * 2) cap *= 2;
    for (size_t i = 0; i < cap; i++) set[i] = -1;
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t r = idx[i];
        const char *p = s->rows.p + s->offs[r];
        size_t j = mn_hash_bytes(p, plen[r], 0) & (cap - 1);
        bool dup = false;
        while (set[j] >= 0) {
            int64_t o = set[j];
            if (plen[o] == plen[r] && memcmp(s->rows.p + s->offs[o], p, plen[r]) == 0) {
                dup = true;
                break;
            }
            j = (j + 1) & (cap - 1);
        }
        if (dup) continue;
        set[j] = r;
        idx[m++] = r;
    }
    return m;
}

static int feed_sorted(const mn_agg_call *call, mn_agg_ctx *ctx, const ostate *s, void *ist) {
    const obind *ob = call->bind_data;
    const mn_agg_call *in = &ob->inner;
    int ncols = call->nargs, nargs = in->nargs;
    int64_t n = s->n;
    int batch = n < MN_VECTOR_SIZE ? (int)n : MN_VECTOR_SIZE;
    mn_vector *cols = calloc((size_t)ncols, sizeof *cols), *bv = calloc((size_t)nargs + 1, sizeof *bv);
    mn_vector **argv = calloc((size_t)nargs + 1, sizeof *argv);
    int64_t *idx = malloc(sizeof(int64_t) * (size_t)n * 2);
    int64_t *set = NULL;
    size_t *plen = malloc(sizeof(size_t) * (size_t)n);
    void **states = malloc(sizeof(void *) * (size_t)batch);
    int rc = 0;
    if (!cols || !bv || !argv || !idx || !plen || !states) rc = oom(ctx);
    for (int k = 0; rc == 0 && k < ncols; k++) {
        cols[k].type = call->arg_types[k];
        cols[k].mask = ~0u;
        cols[k].data = malloc((mn_type_size(cols[k].type) + 1) * (size_t)n); /* + 1: never malloc(0) */
        cols[k].nulls = malloc((size_t)n);
        if (!cols[k].data || !cols[k].nulls) rc = oom(ctx);
    }
    for (int k = 0; rc == 0 && k < nargs; k++) {
        bv[k].type = cols[k].type;
        bv[k].mask = ~0u;
        bv[k].data = malloc((mn_type_size(bv[k].type) + 1) * (size_t)batch);
        bv[k].nulls = malloc((size_t)batch);
        argv[k] = &bv[k];
        if (!bv[k].data || !bv[k].nulls) rc = oom(ctx);
    }
    if (rc == 0) {
        for (int64_t r = 0; r < n; r++) {
            const char *start = s->rows.p + s->offs[r];
            const char *mid = mn_fn_row_decode(start, cols, nargs, (int)r);
            plen[r] = (size_t)(mid - start);
            mn_fn_row_decode(mid, cols + nargs, ob->nkeys, (int)r);
            idx[r] = r;
        }
        octx c = {ob, cols, nargs};
        mn_fn_index_sort(idx, idx + n, n, row_cmp, &c);
        if (ob->distinct) {
            size_t cap = 16;
            while (cap < (size_t)n * 2) cap *= 2;
            set = malloc(sizeof(int64_t) * cap);
            if (!set) rc = oom(ctx);
            else n = dedup_rows(s, plen, idx, n, set);
        }
    }
    for (int i = 0; rc == 0 && i < batch; i++) states[i] = ist;
    int filled = 0;
    for (int64_t j = 0; rc == 0 && j < n; j++) {
        int64_t r = idx[j];
        for (int k = 0; k < nargs; k++) {
            size_t sz = mn_type_size(bv[k].type);
            memcpy((char *)bv[k].data + sz * (size_t)filled, (const char *)cols[k].data + sz * (size_t)r, sz);
            bv[k].nulls[filled] = cols[k].nulls[r];
        }
        if (++filled == batch) {
            rc = in->fn->update(in, ctx, argv, filled, states);
            filled = 0;
        }
    }
    if (rc == 0 && filled > 0) rc = in->fn->update(in, ctx, argv, filled, states);
    for (int k = 0; cols && k < ncols; k++) {
        free(cols[k].data);
        free(cols[k].nulls);
    }
    for (int k = 0; bv && k < nargs; k++) {
        free(bv[k].data);
        free(bv[k].nulls);
    }
    free(cols);
    free(bv);
    free(argv);
    free(idx);
    free(set);
    free(plen);
    free(states);
    return rc;
}

static int o_finalize(const mn_agg_call *call, mn_agg_ctx *ctx, void *state_, mn_vector *out, int row) {
    const obind *ob = call->bind_data;
    const mn_agg_call *in = &ob->inner;
    const mn_agg_fn *fn = in->fn;
    const ostate *s = state_;
    _Alignas(16) unsigned char local[256];
    void *ist = fn->state_size <= sizeof local ? (void *)local : mn_arena_alloc(ctx->arena, fn->state_size);
    if (!ist) return oom(ctx);
    memset(ist, 0, fn->state_size);
    fn->init(in, ist);
    int rc = s->n > 0 ? feed_sorted(call, ctx, s, ist) : 0;
    if (rc == 0) rc = fn->finalize(in, ctx, ist, out, row);
    if (fn->destroy) fn->destroy(in, ist);
    return rc;
}

static const mn_agg_fn ordered_fn = {"ordered", sizeof(ostate), o_init, o_update, o_combine, o_finalize, o_destroy};

int mn_func_agg_order_by(mn_arena *arena, mn_agg_call *call, mn_expr **keys, int nkeys, const bool *desc,
                         const bool *nulls_first, mn_pos pos, mn_error *err) {
    if (nkeys <= 0) return 0;
    const mn_agg_call *base = call->distinct ? mn_fn_agg_distinct_inner(call) : call;
    if (call->distinct) {
        for (int k = 0; k < nkeys; k++) {
            bool found = false;
            for (int a = 0; a < base->nargs && !found; a++) found = mn_expr_equal(keys[k], base->args[a]);
            if (!found)
                return mn_error_set_pos(err, MN_ERR_SEMANTIC, keys[k]->pos.line, keys[k]->pos.column,
                                        "For aggregate function with DISTINCT, ORDER BY expressions must appear in "
                                        "arguments");
        }
    }
    obind *ob = mn_arena_calloc(arena, sizeof *ob);
    int n = base->nargs + nkeys;
    mn_expr **args = mn_arena_calloc(arena, sizeof(mn_expr *) * (size_t)n);
    mn_type *types = mn_arena_calloc(arena, sizeof(mn_type) * (size_t)n);
    if (ob) {
        ob->desc = mn_arena_calloc(arena, sizeof(bool) * (size_t)nkeys);
        ob->nulls_first = mn_arena_calloc(arena, sizeof(bool) * (size_t)nkeys);
    }
    if (!ob || !args || !types || !ob->desc || !ob->nulls_first)
        return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    ob->inner = *base;
    ob->inner.distinct = false;
    ob->nkeys = nkeys;
    ob->distinct = call->distinct;
    memcpy(ob->desc, desc, sizeof(bool) * (size_t)nkeys);
    memcpy(ob->nulls_first, nulls_first, sizeof(bool) * (size_t)nkeys);
    for (int a = 0; a < base->nargs; a++) {
        args[a] = base->args[a];
        types[a] = base->arg_types[a];
    }
    for (int k = 0; k < nkeys; k++) {
        args[base->nargs + k] = keys[k];
        types[base->nargs + k] = keys[k]->type;
    }
    ob->wrapper = ordered_fn;
    ob->wrapper.name = base->fn->name;
    mn_expr *filter = call->filter;
    *call = *base;
    call->filter = filter;
    call->distinct = ob->distinct;
    call->args = args;
    call->arg_types = types;
    call->nargs = n;
    call->fn = &ob->wrapper;
    call->bind_data = ob;
    call->pos = pos;
    return 0;
}
