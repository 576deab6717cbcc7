/* sort.c — ORDER BY and top-N. Sink: every worker stores its rows (input columns plus the
 * computed sort keys) in a private rowstore; with a limit it keeps only the best
 * offset+limit rows, compacting when the store doubles and dropping incoming rows that
 * cannot beat the current worst kept row. Combine absorbs the stores; finalize sorts row
 * pointers (merge sort, segments sorted and merged on several threads when large). Source:
 * one worker emits the rows in order, skipping `offset`, at most `limit`. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/operators.h"
#include "exec/rowstore.h"

#define PARALLEL_SORT_ROWS 100000
#define MAX_SORT_THREADS 64

typedef struct sort_cfg {
    int nkeys;
    mn_sort_key *keys;
    mn_rs_sort_key *rkeys; /* the keys over stored columns */
    int *computed;         /* key k's index among computed keys, or -1 (a column ref) */
    int64_t limit, offset;
    int64_t keep;          /* rows a worker must keep: offset + limit, or -1 (all) */
    int nin;               /* input (and output) columns */
    int nstore;
    mn_type *store_types;
} sort_cfg;

typedef struct sort_global {
    pthread_mutex_t mu;
    mn_rowstore rows;
    uint8_t **sorted;
    int64_t n;             /* rows to emit from sorted (after the limit) */
    atomic_int_fast64_t cursor;
    int threads;
    bool finalized;
} sort_global;

typedef struct sort_local {
    mn_rowstore rows;
    mn_expr_exec **key_x;
    mn_vector **cols;  /* nstore */
    mn_vector **keyv;  /* nkeys */
    uint8_t *bound;    /* top-N: worst kept row once the store was compacted */
    uint16_t sel[MN_VECTOR_SIZE];
} sort_local;

/* ---------- merge sort of (prefix, row) entries ---------- */

/* An entry orders by `key`, an order-preserving 64-bit image of the first sort key (NULLs,
 * direction and NaN folded in); equal keys fall back to comparing the rows. */
typedef struct sort_ent {
    uint64_t key;
    uint8_t *row;
} sort_ent;

typedef struct sorter {
    const mn_rowstore *rs;
    const mn_rs_sort_key *keys;
    int nkeys;
} sorter;

#define SIGN64 (UINT64_C(1) << 63)

static uint64_t prefix_of(const sorter *s, const uint8_t *row) {
    if (s->nkeys == 0) return 0;
    const mn_rs_sort_key *k = &s->keys[0];
    const mn_rowstore *rs = s->rs;
    if (mn_rowstore_is_null(rs, row, k->col) || rs->kinds[k->col] == MN_RS_NULL)
        return k->nulls_first ? 0 : UINT64_MAX;
    const uint8_t *p = row + rs->offs[k->col];
    uint64_t x = 0;
    if (mn_type_is_nested(rs->types[k->col])) return k->descending ? ~UINT64_C(1) : 1; /* full compare decides */
    switch (rs->kinds[k->col]) {
    case MN_RS_I8: {
        int8_t v;
        memcpy(&v, p, 1);
        x = (uint64_t)(int64_t)v ^ SIGN64;
        break;
    }
    case MN_RS_I16: {
        int16_t v;
        memcpy(&v, p, 2);
        x = (uint64_t)(int64_t)v ^ SIGN64;
        break;
    }
    case MN_RS_I32: {
        int32_t v;
        memcpy(&v, p, 4);
        x = (uint64_t)(int64_t)v ^ SIGN64;
        break;
    }
    case MN_RS_I64: {
        int64_t v;
        memcpy(&v, p, 8);
        x = (uint64_t)v ^ SIGN64;
        break;
    }
    case MN_RS_F32:
    case MN_RS_F64: {
        double d;
        if (rs->kinds[k->col] == MN_RS_F32) {
            float f;
            memcpy(&f, p, 4);
            d = f;
        } else {
            memcpy(&d, p, 8);
        }
        if (d != d) {
            x = UINT64_MAX - 1; /* NaN after every number */
        } else {
            if (d == 0) d = 0; /* -0 sorts as 0 */
            memcpy(&x, &d, 8);
            x = (x & SIGN64) ? ~x : x | SIGN64;
            if (x >= UINT64_MAX - 1) x = UINT64_MAX - 2;
        }
        break;
    }
    case MN_RS_I128: {
        int64_t hi;
        memcpy(&hi, p + 8, 8); /* little-endian: the high half holds the sign */
        x = (uint64_t)hi ^ SIGN64;
        break;
    }
    case MN_RS_STR: {
        mn_str v;
        memcpy(&v, p, sizeof v);
        for (uint32_t i = 0; i < 8; i++) x = (x << 8) | (i < v.len ? (uint8_t)v.ptr[i] : 0);
        break;
    }
    default: x = *p; break;
    }
    return k->descending ? ~x : x;
}

static inline int ecmp(const sorter *s, const sort_ent *a, const sort_ent *b) {
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return mn_rowstore_cmp_rows(s->rs, a->row, b->row, s->keys, s->nkeys);
}

static void merge(const sorter *s, const sort_ent *a, int64_t na, const sort_ent *b, int64_t nb, sort_ent *out) {
    int64_t i = 0, j = 0, k = 0;
    while (i < na && j < nb) out[k++] = ecmp(s, &b[j], &a[i]) < 0 ? b[j++] : a[i++];
    while (i < na) out[k++] = a[i++];
    while (j < nb) out[k++] = b[j++];
}

/* Sorts a[0..n) using tmp[0..n) as scratch. */
static void msort(const sorter *s, sort_ent *a, sort_ent *tmp, int64_t n) {
    if (n <= 16) {
        for (int64_t i = 1; i < n; i++) {
            sort_ent x = a[i];
            int64_t j = i;
            while (j > 0 && ecmp(s, &x, &a[j - 1]) < 0) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return;
    }
    int64_t h = n / 2;
    msort(s, a, tmp, h);
    msort(s, a + h, tmp + h, n - h);
    if (ecmp(s, &a[h - 1], &a[h]) <= 0) return;
    merge(s, a, h, a + h, n - h, tmp);
    memcpy(a, tmp, sizeof(sort_ent) * (size_t)n);
}

typedef struct sort_job {
    const sorter *s;
    sort_ent *a, *b, *out; /* msort: a with scratch out; merge: a, b into out */
    int64_t na, nb;
    bool is_merge;
} sort_job;

static void *run_job(void *p) {
    sort_job *j = p;
    if (j->is_merge) merge(j->s, j->a, j->na, j->b, j->nb, j->out);
    else msort(j->s, j->a, j->out, j->na);
    return NULL;
}

static void run_jobs(sort_job *jobs, int n) {
    pthread_t tid[MAX_SORT_THREADS];
    bool started[MAX_SORT_THREADS];
    for (int i = 1; i < n; i++) {
        started[i] = pthread_create(&tid[i], NULL, run_job, &jobs[i]) == 0;
        if (!started[i]) run_job(&jobs[i]);
    }
    if (n > 0) run_job(&jobs[0]);
    for (int i = 1; i < n; i++)
        if (started[i]) pthread_join(tid[i], NULL);
}

/* Sorts the rows rows[0..n) in place; segments are sorted and merged on up to `threads`
 * threads when there are many rows. Returns -1 when out of memory. */
static int sort_rows(const sorter *s, uint8_t **rows, int64_t n, int threads, mn_error *err) {
    if (n <= 1) return 0;
    sort_ent *a = malloc(sizeof(sort_ent) * (size_t)n * 2);
    if (!a) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory sorting %lld rows", (long long)n);
    sort_ent *tmp = a + n;
    for (int64_t i = 0; i < n; i++) {
        a[i].key = prefix_of(s, rows[i]);
        a[i].row = rows[i];
    }
    if (threads > MAX_SORT_THREADS) threads = MAX_SORT_THREADS;
    sort_ent *res = a;
    if (threads <= 1 || n < PARALLEL_SORT_ROWS) {
        msort(s, a, tmp, n);
    } else {
        int64_t bounds[MAX_SORT_THREADS + 1];
        int nseg = threads;
        for (int i = 0; i <= nseg; i++) bounds[i] = n * i / nseg;
        sort_job jobs[MAX_SORT_THREADS];
        for (int i = 0; i < nseg; i++)
            jobs[i] = (sort_job){s, a + bounds[i], NULL, tmp + bounds[i], bounds[i + 1] - bounds[i], 0, false};
        run_jobs(jobs, nseg);
        sort_ent *src = a, *dst = tmp;
        while (nseg > 1) {
            int nj = 0, nn = 0;
            for (int i = 0; i < nseg; i += 2) {
                int64_t lo = bounds[i], mid = bounds[i + 1], hi = i + 1 < nseg ? bounds[i + 2] : mid;
                jobs[nj++] = (sort_job){s, src + lo, src + mid, dst + lo, mid - lo, hi - mid, true};
                bounds[nn++] = lo;
            }
            bounds[nn] = n;
            run_jobs(jobs, nj);
            nseg = nn;
            sort_ent *t = src;
            src = dst;
            dst = t;
        }
        res = src;
    }
    for (int64_t i = 0; i < n; i++) rows[i] = res[i].row;
    free(a);
    return 0;
}

/* ---------- sink ---------- */

static void *sort_sink_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    sort_cfg *c = op->config;
    sort_global *g = calloc(1, sizeof *g);
    if (!g) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    if (mn_rowstore_init(&g->rows, c->nstore, c->store_types, 0, err)) {
        free(g);
        return NULL;
    }
    pthread_mutex_init(&g->mu, NULL);
    atomic_init(&g->cursor, 0);
    g->threads = q && q->threads > 0 ? q->threads : 1;
    return g;
}

static void sort_sink_free_global(mn_physop *op, void *gp) {
    sort_global *g = gp;
    mn_rowstore_destroy(&g->rows);
    free(g->sorted);
    pthread_mutex_destroy(&g->mu);
    free(g);
}

static void sort_sink_free_local(mn_physop *op, void *lp) {
    sort_cfg *c = op->config;
    sort_local *l = lp;
    mn_rowstore_destroy(&l->rows);
    if (l->key_x)
        for (int k = 0; k < c->nkeys; k++) mn_expr_exec_free(l->key_x[k]);
    free(l->key_x);
    free(l->cols);
    free(l->keyv);
    free(l);
}

static void *sort_sink_local(mn_physop *op, void *gp, mn_query_ctx *q, mn_error *err) {
    sort_cfg *c = op->config;
    sort_local *l = calloc(1, sizeof *l);
    if (!l) goto oom;
    if (mn_rowstore_init(&l->rows, c->nstore, c->store_types, 0, err)) {
        free(l);
        return NULL;
    }
    l->key_x = calloc((size_t)(c->nkeys ? c->nkeys : 1), sizeof *l->key_x);
    l->cols = calloc((size_t)(c->nstore ? c->nstore : 1), sizeof *l->cols);
    l->keyv = calloc((size_t)(c->nkeys ? c->nkeys : 1), sizeof *l->keyv);
    if (!l->key_x || !l->cols || !l->keyv) goto oom;
    for (int k = 0; k < c->nkeys; k++)
        if (c->computed[k] >= 0 && !(l->key_x[k] = mn_expr_exec_new(&c->keys[k].expr, 1, q, err))) goto fail;
    return l;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
fail:
    if (l) sort_sink_free_local(op, l);
    return NULL;
}

/* Top-N: keeps the best c->keep rows of the local store. */
static int compact(const sort_cfg *c, sort_local *l, mn_error *err) {
    int64_t n = l->rows.count;
    uint8_t **rows = malloc(sizeof(uint8_t *) * (size_t)n * 2);
    if (!rows) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    mn_rowstore_collect(&l->rows, rows);
    sorter s = {&l->rows, c->rkeys, c->nkeys};
    if (sort_rows(&s, rows, n, 1, err)) {
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
            mn_rowstore_destroy(&l->rows);
            l->rows = fresh;
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
    for (int i = 0; i < c->nin; i++) l->cols[i] = &in->cols[i];
    for (int k = 0; k < c->nkeys; k++) {
        if (c->computed[k] >= 0) {
            if (mn_expr_exec_eval(l->key_x[k], 0, in, &l->keyv[k], err)) return -1;
            l->cols[c->nin + c->computed[k]] = l->keyv[k];
        } else {
            l->keyv[k] = &in->cols[c->rkeys[k].col];
        }
    }
    const uint16_t *sel = NULL;
    int m = n;
    if (l->bound) { /* only rows strictly better than the worst kept row can matter */
        m = 0;
        for (int i = 0; i < n; i++)
            if (mn_rowstore_cmp_vec_row(&l->rows, l->keyv, i, l->bound, c->rkeys, c->nkeys) < 0)
                l->sel[m++] = (uint16_t)i;
        if (m == 0) return 0;
        sel = l->sel;
    }
    if (mn_rowstore_append(&l->rows, l->cols, sel, m, NULL, err)) return -1;
    if (c->keep > 0) {
        int64_t slack = c->keep > MN_VECTOR_SIZE ? c->keep : MN_VECTOR_SIZE;
        if (l->rows.count - c->keep >= slack && compact(c, l, err)) return -1;
    }
    return 0;
}

static int sort_sink_combine(mn_physop *op, void *gp, void *lp, mn_error *err) {
    sort_global *g = gp;
    sort_local *l = lp;
    pthread_mutex_lock(&g->mu);
    int rc = mn_rowstore_absorb(&g->rows, &l->rows, err);
    pthread_mutex_unlock(&g->mu);
    return rc;
}

static int sort_sink_finalize(mn_physop *op, void *gp, mn_error *err) {
    sort_cfg *c = op->config;
    sort_global *g = gp;
    int64_t n = g->rows.count;
    uint8_t **a = malloc(sizeof(uint8_t *) * (size_t)(n ? n : 1));
    if (!a) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory sorting %lld rows", (long long)n);
    mn_rowstore_collect(&g->rows, a);
    sorter s = {&g->rows, c->rkeys, c->nkeys};
    if (sort_rows(&s, a, n, g->threads, err)) {
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
    if (!op->sink_gstate) { /* the input pipeline never ran: no rows */
        sort_global *g = sort_sink_global(op, q, err);
        if (!g) return NULL;
        op->sink_gstate = g;
        if (sort_sink_finalize(op, g, err)) return NULL;
    }
    return op->sink_gstate;
}

static int sort_source_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    sort_cfg *c = op->config;
    sort_global *g = gp;
    out->count = 0;
    if (!g->finalized) return mn_error_set(err, MN_ERR_INTERNAL, "sort emitted before it was finalized");
    int64_t pos = atomic_fetch_add(&g->cursor, MN_VECTOR_SIZE);
    if (pos >= g->n) return 0;
    int m = (int)(g->n - pos < MN_VECTOR_SIZE ? g->n - pos : MN_VECTOR_SIZE);
    for (int col = 0; col < c->nin; col++)
        if (mn_rowstore_gather(&g->rows, g->sorted + pos, m, col, &out->cols[col], 0, err)) return -1;
    out->count = m;
    return 0;
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

static const mn_op_vtable sort_vt = {
    .name = "Sort",
    .source_global = sort_source_global,
    .source_next = sort_source_next,
    .sink_global = sort_sink_global,
    .sink_local = sort_sink_local,
    .sink = sort_sink,
    .sink_combine = sort_sink_combine,
    .sink_finalize = sort_sink_finalize,
    .sink_free_local = sort_sink_free_local,
    .sink_free_global = sort_sink_free_global,
    .explain = sort_explain,
};

static const mn_op_vtable topn_vt = {
    .name = "TopN",
    .source_global = sort_source_global,
    .source_next = sort_source_next,
    .sink_global = sort_sink_global,
    .sink_local = sort_sink_local,
    .sink = sort_sink,
    .sink_combine = sort_sink_combine,
    .sink_finalize = sort_sink_finalize,
    .sink_free_local = sort_sink_free_local,
    .sink_free_global = sort_sink_free_global,
    .explain = sort_explain,
};

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
    c->store_types = mn_arena_alloc(a, sizeof(mn_type) * ((size_t)child->ncols + nk));
    if (!c->keys || !c->rkeys || !c->computed || !c->store_types) goto oom;
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
