/* sort.c — ORDER BY and top-N. Sink: every worker stores its rows (input columns plus the
 * computed sort keys) in a private rowstore; with a limit it keeps only the best
 * offset+limit rows, compacting when the store doubles and dropping incoming rows that
 * cannot beat the current worst kept row. Combine absorbs the stores; finalize sorts row
 * pointers (mn_psort_rows, on several threads when large). Source: one worker emits the
 * rows in order, skipping `offset`, at most `limit`. */
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/operators.h"
#include "exec/psort.h"
#include "exec/rowsink.h"

typedef struct sort_cfg {
    int nkeys;
    mn_sort_key *keys;
    mn_rs_sort_key *rkeys; /* the keys over stored columns */
    int *computed;         /* key k's index among computed keys, or -1 (a column ref) */
    mn_expr **key_exprs;   /* key k's expression when computed, else NULL */
    int64_t limit, offset;
    int64_t keep;          /* rows a worker must keep: offset + limit, or -1 (all) */
    int nin;               /* input (and output) columns */
    int nstore;
    mn_type *store_types;
} sort_cfg;

typedef struct sort_global {
    mn_rowsink sink;       /* first: see rowsink.h */
    uint8_t **sorted;
    int64_t n;             /* rows to emit from sorted (after the limit) */
    atomic_int_fast64_t cursor;
    int threads;
    bool finalized;
} sort_global;

typedef struct sort_local {
    mn_rowsink_local sink; /* first; x[k] evaluates key k when computed, xv[k] holds key k */
    uint8_t *bound;        /* top-N: worst kept row once the store was compacted */
    uint16_t sel[MN_VECTOR_SIZE];
} sort_local;

_Static_assert(offsetof(sort_global, sink) == 0 && offsetof(sort_local, sink) == 0, "rowsink first");

/* ---------- sink ---------- */

static void *sort_sink_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    sort_cfg *c = op->config;
    sort_global *g = mn_rowsink_new(sizeof *g, c->nstore, c->store_types, 0, err);
    if (!g) return NULL;
    atomic_init(&g->cursor, 0);
    g->threads = q && q->threads > 0 ? q->threads : 1;
    return g;
}

static void sort_sink_free_global(mn_physop *op, void *gp) {
    sort_global *g = gp;
    free(g->sorted);
    mn_rowsink_free(g);
}

static void sort_sink_free_local(mn_physop *op, void *lp) { mn_rowsink_local_free(lp); }

static void *sort_sink_local(mn_physop *op, void *gp, mn_query_ctx *q, mn_error *err) {
    sort_cfg *c = op->config;
    return mn_rowsink_local_new(sizeof(sort_local), c->nstore, c->store_types, 0, c->key_exprs, c->nkeys, q, err);
}

/* Top-N: keeps the best c->keep rows of the local store. */
static int compact(const sort_cfg *c, sort_local *l, mn_error *err) {
    int64_t n = l->sink.rows.count;
    uint8_t **rows = malloc(sizeof(uint8_t *) * (size_t)n * 2);
    if (!rows) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    mn_rowstore_collect(&l->sink.rows, rows);
    if (mn_psort_rows(&l->sink.rows, c->rkeys, c->nkeys, rows, rows, n, 1, err)) {
        free(rows);
        return -1;
    }
    mn_rowstore fresh;
    int rc = mn_rowstore_init(&fresh, c->nstore, c->store_types, 0, err);
    if (rc == 0) {
        uint8_t *last = NULL;
        int64_t keep = c->keep < n ? c->keep : n;
        rc = mn_rowstore_copy_rows(&fresh, rows, keep, rows + n, err);
        if (rc == 0) {
            if (keep > 0) last = rows[n + keep - 1];
            mn_rowstore_destroy(&l->sink.rows);
            l->sink.rows = fresh;
            l->bound = keep == c->keep ? last : NULL;
        } else {
            mn_rowstore_destroy(&fresh);
        }
    }
    free(rows);
    return rc;
}

static int sort_sink(mn_physop *op, void *gp, void *lp, mn_chunk *in, mn_op_status *status, mn_error *err) {
    sort_cfg *c = op->config;
    sort_local *l = lp;
    *status = MN_OP_NEED_INPUT;
    int n = in->count;
    if (c->keep == 0) {
        *status = MN_OP_FINISHED;
        return 0;
    }
    if (n <= 0) return 0;
    for (int i = 0; i < c->nin; i++) l->sink.cols[i] = &in->cols[i];
    for (int k = 0; k < c->nkeys; k++) {
        if (c->computed[k] >= 0) {
            if (mn_expr_exec_eval(l->sink.x[k], 0, in, &l->sink.xv[k], err)) return -1;
            l->sink.cols[c->nin + c->computed[k]] = l->sink.xv[k];
        } else {
            l->sink.xv[k] = &in->cols[c->rkeys[k].col];
        }
    }
    const uint16_t *sel = NULL;
    int m = n;
    if (l->bound) { /* only rows strictly better than the worst kept row can matter */
        m = 0;
        for (int i = 0; i < n; i++)
            if (mn_rowstore_cmp_vec_row(&l->sink.rows, l->sink.xv, i, l->bound, c->rkeys, c->nkeys) < 0)
                l->sel[m++] = (uint16_t)i;
        if (m == 0) return 0;
        sel = l->sel;
    }
    if (mn_rowstore_append(&l->sink.rows, l->sink.cols, sel, m, NULL, err)) return -1;
    if (c->keep > 0) {
        int64_t slack = c->keep > MN_VECTOR_SIZE ? c->keep : MN_VECTOR_SIZE;
        if (l->sink.rows.count - c->keep >= slack && compact(c, l, err)) return -1;
    }
    return 0;
}

static int sort_sink_finalize(mn_physop *op, void *gp, mn_error *err) {
    sort_cfg *c = op->config;
    sort_global *g = gp;
    int64_t n = g->sink.rows.count;
    uint8_t **a = malloc(sizeof(uint8_t *) * (size_t)(n ? n : 1));
    if (!a) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory sorting %lld rows", (long long)n);
    mn_rowstore_collect(&g->sink.rows, a);
    if (mn_psort_rows(&g->sink.rows, c->rkeys, c->nkeys, a, a, n, g->threads, err)) {
        free(a);
        return -1;
    }
    free(g->sorted);
    g->sorted = a;
    g->n = c->keep >= 0 && c->keep < n ? c->keep : n;
    atomic_store(&g->cursor, c->offset < g->n ? c->offset : g->n);
    g->finalized = true;
    return 0;
}

/* ---------- source ---------- */

static void *sort_source_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    return mn_physop_sink_state(op, q, err); /* empty when the input pipeline never ran */
}

static int sort_source_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    sort_cfg *c = op->config;
    sort_global *g = gp;
    out->count = 0;
    if (!g->finalized) return mn_error_set(err, MN_ERR_INTERNAL, "sort emitted before it was finalized");
    return mn_rowstore_emit_next(&g->sink.rows, g->sorted, g->n, &g->cursor, c->nin, out, err);
}

/* ---------- plan ---------- */

static void sort_explain(const mn_physop *op, mn_strbuf *out) {
    sort_cfg *c = op->config;
    for (int k = 0; k < c->nkeys; k++) {
        if (k) mn_strbuf_puts(out, ", ");
        mn_expr_render(c->keys[k].expr, out);
        mn_strbuf_puts(out, c->keys[k].descending ? " DESC" : " ASC");
        mn_strbuf_puts(out, c->keys[k].nulls_first ? " NULLS FIRST" : " NULLS LAST");
    }
    if (c->limit >= 0) mn_strbuf_printf(out, ", limit: %lld", (long long)c->limit);
    if (c->offset > 0) mn_strbuf_printf(out, ", offset: %lld", (long long)c->offset);
}

static int64_t sort_mem_usage(const mn_physop *op, void *gp) {
    sort_global *g = gp;
    return mn_rowsink_mem_usage(op, g) + (g->sorted ? g->n * (int64_t)sizeof(uint8_t *) : 0);
}

/* Sort and TopN differ only in their EXPLAIN name. */
#define SORT_VTABLE(op_name) \
    { \
        .name = op_name, \
        .source_global = sort_source_global, \
        .source_next = sort_source_next, \
        .sink_global = sort_sink_global, \
        .sink_local = sort_sink_local, \
        .sink = sort_sink, \
        .sink_combine = mn_rowsink_combine, \
        .sink_finalize = sort_sink_finalize, \
        .sink_free_local = sort_sink_free_local, \
        .sink_free_global = sort_sink_free_global, \
        .explain = sort_explain, \
        .mem_usage = sort_mem_usage, \
    }
static const mn_op_vtable sort_vt = SORT_VTABLE("Sort");
static const mn_op_vtable topn_vt = SORT_VTABLE("TopN");

mn_physop *mn_op_sort(mn_arena *a, mn_physop *child, const mn_sort_key *keys, int nkeys, int64_t limit,
                      int64_t offset, mn_error *err) {
    if (nkeys < 0) {
        mn_error_set(err, MN_ERR_INTERNAL, "bad sort keys");
        return NULL;
    }
    if (offset < 0) offset = 0;
    sort_cfg *c = mn_arena_calloc(a, sizeof *c);
    if (!c) goto oom;
    size_t nk = (size_t)(nkeys ? nkeys : 1);
    c->nkeys = nkeys;
    c->keys = mn_arena_alloc(a, sizeof *c->keys * nk);
    c->rkeys = mn_arena_alloc(a, sizeof *c->rkeys * nk);
    c->computed = mn_arena_alloc(a, sizeof(int) * nk);
    c->key_exprs = mn_arena_calloc(a, sizeof(mn_expr *) * nk);
    c->store_types = mn_arena_alloc(a, sizeof(mn_type) * ((size_t)child->ncols + nk));
    if (!c->keys || !c->rkeys || !c->computed || !c->key_exprs || !c->store_types) goto oom;
    c->limit = limit;
    c->offset = offset;
    c->keep = limit < 0 ? -1 : (limit > INT64_MAX - offset ? INT64_MAX : offset + limit);
    c->nin = child->ncols;
    for (int i = 0; i < c->nin; i++) c->store_types[i] = child->types[i];
    c->nstore = c->nin;
    for (int k = 0; k < nkeys; k++) {
        c->keys[k] = keys[k];
        mn_expr *e = keys[k].expr;
        c->rkeys[k].descending = keys[k].descending;
        c->rkeys[k].nulls_first = keys[k].nulls_first;
        if (e->kind == MN_EXPR_COLUMN && e->column >= 0 && e->column < c->nin) {
            c->computed[k] = -1;
            c->rkeys[k].col = e->column;
        } else {
            c->computed[k] = c->nstore - c->nin;
            c->key_exprs[k] = e;
            c->rkeys[k].col = c->nstore;
            c->store_types[c->nstore++] = e->type;
        }
    }
    mn_physop *op = mn_physop_new(a, limit >= 0 ? &topn_vt : &sort_vt, child->ncols, child->types);
    if (!op) goto oom;
    op->names = child->names;
    op->nchildren = 1;
    op->children[0] = child;
    op->config = c;
    op->single_threaded_source = true;
    return op;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return NULL;
}
