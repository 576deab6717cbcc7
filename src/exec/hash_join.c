/* hash_join.c — equi hash join. Build (children[1]): workers append rows (build columns,
 * computed keys, key hash) to private rowstores; combine absorbs them; finalize indexes the
 * rows in a hash table with one entry per distinct key whose rows are chained through
 * their extra bytes. Probe (children[0], streaming): per input chunk, find every row's
 * chain, expand (probe row, build row) pairs in batches of at most MN_VECTOR_SIZE, filter
 * them with the residual, then emit unmatched/matched probe rows for LEFT/FULL/SEMI/ANTI.
 * RIGHT/FULL mark matched build rows; mn_hash_join_emit_unmatched emits the others.
 * NULL keys never match: build rows with a NULL key are not indexed (kept only for
 * RIGHT/FULL output), probe rows with a NULL key have no candidates. So ANTI emits a probe
 * row with a NULL key; NOT IN's rule (no row when the build side holds a NULL or the
 * probe key is NULL and the build side is not empty) must be planned by the binder. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/hashtable.h"
#include "exec/join_common.h"
#include "exec/operators.h"
#include "exec/rowsink.h"

/* extra bytes of a build row */
#define NEXT_OFF 0  /* uint8_t *: next row with the same key */
#define HASH_OFF 8  /* uint64_t key hash */
#define FLAG_OFF 16 /* uint8_t: matched (RIGHT/FULL), set atomically */
#define EXTRA_SIZE 17

typedef struct hj_cfg {
    mn_join_kind kind;
    int nkeys;
    mn_expr **probe_keys, **build_keys;
    mn_expr *residual;
    int pn, bn;            /* probe / build input columns */
    mn_type *joined_types; /* pn + bn: the residual's layout */
    int nstore;            /* stored columns: build columns, then computed keys */
    mn_type *store_types;
    int *keycols;          /* stored column of build key k */
    int *computed;         /* key k's index among computed keys, or -1 for a column ref */
    bool out_build;        /* output carries build columns (not SEMI/ANTI) */
    bool mark_build;       /* RIGHT/FULL */
    bool probe_unmatched;  /* LEFT/FULL/ANTI: emit probe rows without match */
} hj_cfg;

typedef struct hj_global {
    mn_rowsink sink; /* first: see rowsink.h */
    mn_hashtable ht;
    uint8_t **all; /* every build row after finalize */
    int64_t nall;
    bool finalized;
} hj_global;

typedef struct hj_build {
    mn_rowsink_local sink; /* first; x[k] evaluates key k into xv[k] */
    uint64_t hashes[MN_VECTOR_SIZE];
    uint16_t sel[MN_VECTOR_SIZE];
    uint8_t *rowp[MN_VECTOR_SIZE];
} hj_build;

_Static_assert(offsetof(hj_global, sink) == 0 && offsetof(hj_build, sink) == 0, "rowsink first");

typedef struct hj_probe {
    mn_expr_exec **key_x;
    mn_vector **keyv;
    mn_join_pairs jp; /* candidate pairs, filtered by the residual */
    int prow;         /* pairs cursor: probe row and next build row of its chain */
    uint8_t *pnext;
    uint64_t hashes[MN_VECTOR_SIZE];
    uint8_t *heads[MN_VECTOR_SIZE];
} hj_probe;

static inline uint8_t *row_next(const mn_rowstore *rs, uint8_t *row) {
    uint8_t *n;
    memcpy(&n, row + rs->extra_off + NEXT_OFF, sizeof n);
    return n;
}
static inline void set_next(const mn_rowstore *rs, uint8_t *row, uint8_t *next) {
    memcpy(row + rs->extra_off + NEXT_OFF, &next, sizeof next);
}
static inline uint64_t row_hash(const mn_rowstore *rs, uint8_t *row) {
    uint64_t h;
    memcpy(&h, row + rs->extra_off + HASH_OFF, sizeof h);
    return h;
}

/* ---------- build (sink) ---------- */

static void *hj_sink_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    hj_cfg *c = op->config;
    return mn_rowsink_new(sizeof(hj_global), c->nstore, c->store_types, EXTRA_SIZE, err);
}

static void hj_sink_free_global(mn_physop *op, void *gp) {
    hj_global *g = gp;
    mn_ht_destroy(&g->ht);
    free(g->all);
    mn_rowsink_free(g);
}

static void hj_sink_free_local(mn_physop *op, void *lp) { mn_rowsink_local_free(lp); }

static void *hj_sink_local(mn_physop *op, void *gp, mn_query_ctx *q, mn_error *err) {
    hj_cfg *c = op->config;
    return mn_rowsink_local_new(sizeof(hj_build), c->nstore, c->store_types, EXTRA_SIZE, c->build_keys, c->nkeys, q,
                                err);
}

/* rows of the chunk whose keys are all non-NULL go to sel; returns their count */
static int non_null_rows(mn_vector **keyv, int nkeys, int n, uint16_t *sel) {
    int m = 0;
    for (int i = 0; i < n; i++) {
        bool null = false;
        for (int k = 0; k < nkeys && !null; k++) null = mn_vector_is_null(keyv[k], i) || keyv[k]->type.id == MN_T_UNKNOWN;
        if (!null) sel[m++] = (uint16_t)i;
    }
    return m;
}

static int hj_sink(mn_physop *op, void *gp, void *lp, mn_chunk *in, mn_op_status *status, mn_error *err) {
    hj_cfg *c = op->config;
    hj_build *l = lp;
    *status = MN_OP_NEED_INPUT;
    int n = in->count;
    if (n <= 0) return 0;
    for (int k = 0; k < c->nkeys; k++) {
        if (mn_expr_exec_eval(l->sink.x[k], 0, in, &l->sink.xv[k], err)) return -1;
        if (c->computed[k] >= 0) l->sink.cols[c->bn + c->computed[k]] = l->sink.xv[k];
    }
    for (int col = 0; col < c->bn; col++) l->sink.cols[col] = &in->cols[col];
    for (int k = 0; k < c->nkeys; k++) mn_rowstore_hash_vector(l->sink.xv[k], n, l->hashes, k == 0);
    const uint16_t *sel = NULL;
    int m = n;
    if (!c->mark_build) { /* rows with a NULL key can never be output */
        m = non_null_rows(l->sink.xv, c->nkeys, n, l->sel);
        if (m == 0) return 0;
        if (m < n) sel = l->sel;
    }
    if (mn_rowstore_append(&l->sink.rows, l->sink.cols, sel, m, l->rowp, err)) return -1;
    for (int i = 0; i < m; i++) {
        uint64_t h = l->hashes[sel ? sel[i] : i];
        memcpy(l->rowp[i] + l->sink.rows.extra_off + HASH_OFF, &h, sizeof h);
    }
    return 0;
}

static bool row_has_null_key(const hj_cfg *c, const mn_rowstore *rs, const uint8_t *row) {
    for (int k = 0; k < c->nkeys; k++)
        if (mn_rowstore_is_null(rs, row, c->keycols[k])) return true;
    return false;
}

static int hj_sink_finalize(mn_physop *op, void *gp, mn_error *err) {
    hj_cfg *c = op->config;
    hj_global *g = gp;
    mn_rowstore *rs = &g->sink.rows;
    g->nall = rs->count;
    g->all = malloc(sizeof(uint8_t *) * (size_t)(g->nall ? g->nall : 1));
    if (!g->all) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory building a hash table");
    mn_rowstore_collect(rs, g->all);
    if (mn_ht_init(&g->ht, g->nall, err)) return -1;
    mn_rs_row_key x = {rs, c->keycols, c->nkeys, NULL};
    for (int64_t i = 0; i < g->nall; i++) {
        uint8_t *row = g->all[i];
        if (c->mark_build && row_has_null_key(c, rs, row)) continue;
        uint64_t h = row_hash(rs, row);
        x.row = row;
        if (mn_ht_prepare_insert(&g->ht, err)) return -1;
        mn_ht_entry *e = mn_ht_find_slot(&g->ht, h, mn_rs_row_key_eq, &x);
        if (!e->value) {
            mn_ht_fill(&g->ht, e, h, row);
        } else { /* same key: chain behind the head */
            uint8_t *head = e->value;
            set_next(rs, row, row_next(rs, head));
            set_next(rs, head, row);
        }
    }
    g->finalized = true;
    return 0;
}

/* ---------- probe (streaming) ---------- */

static void hj_probe_free(mn_physop *op, void *lp) {
    hj_cfg *c = op->config;
    hj_probe *l = lp;
    if (l->key_x)
        for (int k = 0; k < c->nkeys; k++) mn_expr_exec_free(l->key_x[k]);
    free(l->key_x);
    free(l->keyv);
    mn_join_pairs_destroy(&l->jp);
    free(l);
}

static void *hj_probe_local(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    hj_cfg *c = op->config;
    hj_global *g = mn_physop_sink_state(op, q, err); /* empty when the build never ran */
    if (!g) return NULL;
    hj_probe *l = calloc(1, sizeof *l);
    if (!l) goto oom;
    l->key_x = calloc((size_t)c->nkeys, sizeof *l->key_x);
    l->keyv = calloc((size_t)c->nkeys, sizeof *l->keyv);
    if (!l->key_x || !l->keyv) goto oom;
    for (int k = 0; k < c->nkeys; k++)
        if (!(l->key_x[k] = mn_expr_exec_new(&c->probe_keys[k], 1, q, err))) goto fail;
    if (mn_join_pairs_init(&l->jp, &g->sink.rows, c->pn, c->bn, c->kind, &c->residual, c->joined_types, q, err))
        goto fail;
    return l;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
fail:
    if (l) hj_probe_free(op, l);
    return NULL;
}

/* Looks up every probe row's chain of build rows (NULL: none). */
static int find_heads(const hj_cfg *c, hj_global *g, hj_probe *l, mn_chunk *in, mn_error *err) {
    int n = in->count;
    if (g->ht.count == 0) {
        memset(l->heads, 0, sizeof(uint8_t *) * (size_t)n);
        return 0;
    }
    for (int k = 0; k < c->nkeys; k++)
        if (mn_expr_exec_eval(l->key_x[k], 0, in, &l->keyv[k], err)) return -1;
    for (int k = 0; k < c->nkeys; k++) mn_rowstore_hash_vector(l->keyv[k], n, l->hashes, k == 0);
    bool any_null = false;
    for (int k = 0; k < c->nkeys; k++) any_null |= l->keyv[k]->nulls != NULL || l->keyv[k]->type.id == MN_T_UNKNOWN;
    mn_rs_vec_key x = {&g->sink.rows, c->keycols, l->keyv, c->nkeys, 0};
    for (int i = 0; i < n; i++) {
        l->heads[i] = NULL;
        if (any_null) {
            bool null = false;
            for (int k = 0; k < c->nkeys && !null; k++)
                null = mn_vector_is_null(l->keyv[k], i) || l->keyv[k]->type.id == MN_T_UNKNOWN;
            if (null) continue;
        }
        x.row = i;
        mn_ht_entry *e = mn_ht_find(&g->ht, l->hashes[i], mn_rs_vec_key_eq, &x);
        if (e) l->heads[i] = e->value;
    }
    return 0;
}

static void mark_build_row(const mn_rowstore *rs, uint8_t *row) {
    uint8_t *f = row + rs->extra_off + FLAG_OFF;
    if (!__atomic_load_n(f, __ATOMIC_RELAXED)) __atomic_store_n(f, 1, __ATOMIC_RELAXED);
}

/* The next batch of pairs (mn_join_batch_fn): each probe row with the rows of its chain.
 * RIGHT/FULL mark the build rows of passing pairs. */
static int pairs_batch(mn_physop *op, void *lp, mn_chunk *in, mn_chunk *out, bool *more, mn_error *err) {
    const hj_cfg *c = op->config;
    const hj_global *g = op->sink_gstate;
    hj_probe *l = lp;
    const mn_rowstore *rs = &g->sink.rows;
    int np = 0, n = in->count;
    while (np < MN_VECTOR_SIZE && l->prow < n) {
        if (!l->pnext) {
            if (++l->prow < n) l->pnext = l->heads[l->prow];
            continue;
        }
        l->jp.probe[np] = (uint16_t)l->prow;
        l->jp.build[np] = l->pnext;
        np++;
        l->pnext = row_next(rs, l->pnext);
    }
    *more = l->prow < n;
    const uint16_t *pass;
    int npass;
    if (mn_join_pairs_run(&l->jp, in, np, out, &pass, &npass, err)) return -1;
    if (c->mark_build)
        for (int k = 0; k < npass; k++) mark_build_row(rs, l->jp.build[pass ? pass[k] : k]);
    return 0;
}

static int hj_execute(mn_physop *op, void *lp, mn_chunk *in, mn_chunk *out, mn_op_status *status, mn_error *err) {
    hj_cfg *c = op->config;
    hj_global *g = op->sink_gstate;
    hj_probe *l = lp;
    *status = MN_OP_NEED_INPUT;
    out->count = 0;
    int n = in->count;
    if (n <= 0) return 0;
    if (!g || !g->finalized) return mn_error_set(err, MN_ERR_INTERNAL, "hash join probed before its build finished");
    if (!l->jp.active) {
        if (g->sink.rows.count == 0 && !c->probe_unmatched) return 0; /* nothing can match */
        if (find_heads(c, g, l, in, err)) return -1;
        l->jp.active = true;
        bool direct = !c->residual && (c->kind == MN_JOINK_SEMI || c->kind == MN_JOINK_ANTI);
        if (direct) {
            for (int i = 0; i < n; i++) l->jp.matched[i] = l->heads[i] != NULL;
            l->jp.phase = 2;
        } else {
            memset(l->jp.matched, 0, (size_t)n);
            l->jp.phase = 1;
            l->prow = 0;
            l->pnext = l->heads[0];
        }
    }
    return mn_join_step(&l->jp, pairs_batch, op, l, in, out, status, err);
}

static const mn_op_vtable hj_vt;

int mn_hash_join_emit_unmatched(mn_physop *op, mn_chunk *out, int64_t *cursor, mn_error *err) {
    out->count = 0;
    if (op->vt != &hj_vt) return 0;
    hj_cfg *c = op->config;
    hj_global *g = op->sink_gstate;
    if (!g || !c->mark_build || !g->finalized) return 0;
    const mn_rowstore *rs = &g->sink.rows;
    uint8_t *rows[MN_VECTOR_SIZE];
    int m = 0;
    int64_t i = *cursor;
    for (; i < g->nall && m < MN_VECTOR_SIZE; i++) {
        uint8_t *row = g->all[i];
        if (!__atomic_load_n(row + rs->extra_off + FLAG_OFF, __ATOMIC_RELAXED)) rows[m++] = row;
    }
    *cursor = i;
    if (m == 0) return 0;
    for (int col = 0; col < c->pn; col++)
        if (mn_join_null_column(&out->cols[col], err)) return -1;
    if (mn_rowstore_gather_cols(rs, rows, m, c->bn, out->cols + c->pn, err)) return -1;
    out->count = m;
    return 0;
}

/* ---------- plan ---------- */

static const char *kind_name(mn_join_kind k) {
    switch (k) {
    case MN_JOINK_INNER: return "INNER";
    case MN_JOINK_LEFT: return "LEFT";
    case MN_JOINK_RIGHT: return "RIGHT";
    case MN_JOINK_FULL: return "FULL";
    case MN_JOINK_SEMI: return "SEMI";
    case MN_JOINK_ANTI: return "ANTI";
    }
    return "?";
}

static void hj_explain(const mn_physop *op, mn_strbuf *out) {
    hj_cfg *c = op->config;
    mn_strbuf_printf(out, "%s, ", kind_name(c->kind));
    for (int k = 0; k < c->nkeys; k++) {
        if (k) mn_strbuf_puts(out, " AND ");
        mn_expr_render(c->probe_keys[k], out);
        mn_strbuf_puts(out, " = ");
        mn_expr_render(c->build_keys[k], out);
    }
    if (c->residual) {
        mn_strbuf_puts(out, ", filter: ");
        mn_expr_render(c->residual, out);
    }
}

static int64_t hj_mem_usage(const mn_physop *op, void *gp) {
    hj_global *g = gp;
    return mn_rowsink_mem_usage(op, g) + mn_ht_bytes(&g->ht) + g->nall * (int64_t)sizeof(uint8_t *);
}

static const mn_op_vtable hj_vt = {
    .name = "HashJoin",
    .mem_usage = hj_mem_usage,
    .op_local = hj_probe_local,
    .op_execute = hj_execute,
    .op_free_local = hj_probe_free,
    .sink_global = hj_sink_global,
    .sink_local = hj_sink_local,
    .sink = hj_sink,
    .sink_combine = mn_rowsink_combine,
    .sink_finalize = hj_sink_finalize,
    .sink_free_local = hj_sink_free_local,
    .sink_free_global = hj_sink_free_global,
    .explain = hj_explain,
};

mn_physop *mn_op_hash_join(mn_arena *a, mn_physop *probe, mn_physop *build, mn_join_kind kind, mn_expr **probe_keys,
                           mn_expr **build_keys, int nkeys, mn_expr *residual, mn_error *err) {
    if (nkeys <= 0 || kind < MN_JOINK_INNER || kind > MN_JOINK_ANTI) {
        mn_error_set(err, MN_ERR_INTERNAL, "hash join needs at least one key and a known kind");
        return NULL;
    }
    for (int k = 0; k < nkeys; k++) {
        if (probe_keys[k]->type.id != build_keys[k]->type.id ||
            mn_type_size(probe_keys[k]->type) != mn_type_size(build_keys[k]->type) ||
            probe_keys[k]->type.scale != build_keys[k]->type.scale) {
            mn_error_set(err, MN_ERR_INTERNAL, "hash join key %d has different types on both sides", k);
            return NULL;
        }
    }
    hj_cfg *c = mn_arena_calloc(a, sizeof *c);
    if (!c) goto oom;
    c->kind = kind;
    c->nkeys = nkeys;
    c->probe_keys = probe_keys;
    c->build_keys = build_keys;
    c->residual = residual;
    c->pn = probe->ncols;
    c->bn = build->ncols;
    c->out_build = kind != MN_JOINK_SEMI && kind != MN_JOINK_ANTI;
    c->mark_build = kind == MN_JOINK_RIGHT || kind == MN_JOINK_FULL;
    c->probe_unmatched = kind == MN_JOINK_LEFT || kind == MN_JOINK_FULL || kind == MN_JOINK_ANTI;
    int jn = c->pn + c->bn;
    c->joined_types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(jn ? jn : 1));
    c->keycols = mn_arena_alloc(a, sizeof(int) * (size_t)nkeys);
    c->computed = mn_arena_alloc(a, sizeof(int) * (size_t)nkeys);
    c->store_types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(c->bn + nkeys));
    if (!c->joined_types || !c->keycols || !c->computed || !c->store_types) goto oom;
    for (int i = 0; i < c->pn; i++) c->joined_types[i] = probe->types[i];
    for (int i = 0; i < c->bn; i++) c->joined_types[c->pn + i] = c->store_types[i] = build->types[i];
    c->nstore = c->bn;
    for (int k = 0; k < nkeys; k++) {
        mn_expr *e = build_keys[k];
        if (e->kind == MN_EXPR_COLUMN && e->column >= 0 && e->column < c->bn) {
            c->keycols[k] = e->column;
            c->computed[k] = -1;
        } else {
            c->computed[k] = c->nstore - c->bn;
            c->keycols[k] = c->nstore;
            c->store_types[c->nstore++] = e->type;
        }
    }
    mn_physop *op = mn_physop_new(a, &hj_vt, c->out_build ? jn : c->pn, c->joined_types);
    if (!op) goto oom;
    op->nchildren = 2;
    op->children[0] = probe;
    op->children[1] = build;
    op->config = c;
    return op;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return NULL;
}
