/* nl_join.c — nested-loop join for conditions without equalities (cross join when the
 * condition is NULL). The right side (children[1]) is materialized like a hash-join build;
 * the left side streams: each left chunk is paired with every right row in batches of at
 * most MN_VECTOR_SIZE pairs, which the condition filters. Kinds: INNER, LEFT (unmatched
 * left rows padded with NULLs), SEMI and ANTI (left columns only). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/join_common.h"
#include "exec/operators.h"
#include "exec/rowsink.h"

typedef struct nl_cfg {
    mn_join_kind kind;
    mn_expr *cond;
    int ln, rn;
    mn_type *joined_types;
    bool out_right;      /* INNER/LEFT */
    bool left_unmatched; /* LEFT/ANTI */
} nl_cfg;

typedef struct nl_global {
    mn_rowsink sink; /* first: see rowsink.h */
    uint8_t **all;
    int64_t nall;
    bool finalized;
} nl_global;

_Static_assert(offsetof(nl_global, sink) == 0, "rowsink first");

typedef struct nl_probe {
    mn_join_pairs jp;
    int64_t pos; /* next pair: right row pos / n, left row pos % n */
} nl_probe;

/* ---------- right side (sink) ---------- */

static void *nl_sink_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    nl_cfg *c = op->config;
    return mn_rowsink_new(sizeof(nl_global), c->rn, c->joined_types + c->ln, 0, err);
}

static void nl_sink_free_global(mn_physop *op, void *gp) {
    nl_global *g = gp;
    free(g->all);
    mn_rowsink_free(g);
}

/* The local state is a bare mn_rowsink_local. */
static void nl_sink_free_local(mn_physop *op, void *lp) { mn_rowsink_local_free(lp); }

static void *nl_sink_local(mn_physop *op, void *gp, mn_query_ctx *q, mn_error *err) {
    nl_cfg *c = op->config;
    return mn_rowsink_local_new(sizeof(mn_rowsink_local), c->rn, c->joined_types + c->ln, 0, NULL, 0, q, err);
}

static int nl_sink(mn_physop *op, void *gp, void *lp, mn_chunk *in, mn_op_status *status, mn_error *err) {
    nl_cfg *c = op->config;
    mn_rowsink_local *l = lp;
    *status = MN_OP_NEED_INPUT;
    if (in->count <= 0) return 0;
    for (int i = 0; i < c->rn; i++) l->cols[i] = &in->cols[i];
    return mn_rowstore_append(&l->rows, l->cols, NULL, in->count, NULL, err);
}

static int nl_sink_finalize(mn_physop *op, void *gp, mn_error *err) {
    nl_global *g = gp;
    g->nall = g->sink.rows.count;
    g->all = malloc(sizeof(uint8_t *) * (size_t)(g->nall ? g->nall : 1));
    if (!g->all) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    mn_rowstore_collect(&g->sink.rows, g->all);
    g->finalized = true;
    return 0;
}

/* ---------- left side (streaming) ---------- */

static void nl_probe_free(mn_physop *op, void *lp) {
    nl_probe *l = lp;
    mn_join_pairs_destroy(&l->jp);
    free(l);
}

static void *nl_probe_local(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    nl_cfg *c = op->config;
    nl_global *g = mn_physop_sink_state(op, q, err); /* empty when the right side never ran */
    if (!g) return NULL;
    nl_probe *l = calloc(1, sizeof *l);
    if (!l) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    if (mn_join_pairs_init(&l->jp, &g->sink.rows, c->ln, c->rn, c->kind, &c->cond, c->joined_types, q, err)) {
        nl_probe_free(op, l);
        return NULL;
    }
    return l;
}

/* The next batch of pairs (mn_join_batch_fn): left rows pos % n with right rows pos / n. */
static int pairs_batch(mn_physop *op, void *lp, mn_chunk *in, mn_chunk *out, bool *more, mn_error *err) {
    nl_global *g = op->sink_gstate;
    nl_probe *l = lp;
    int n = in->count;
    int64_t total = (int64_t)n * g->nall;
    int np = 0;
    while (np < MN_VECTOR_SIZE && l->pos < total) {
        l->jp.probe[np] = (uint16_t)(l->pos % n);
        l->jp.build[np] = g->all[l->pos / n];
        np++;
        l->pos++;
    }
    *more = l->pos < total;
    const uint16_t *pass;
    int npass;
    return mn_join_pairs_run(&l->jp, in, np, out, &pass, &npass, err);
}

static int nl_execute(mn_physop *op, void *lp, mn_chunk *in, mn_chunk *out, mn_op_status *status, mn_error *err) {
    nl_cfg *c = op->config;
    nl_global *g = op->sink_gstate;
    nl_probe *l = lp;
    *status = MN_OP_NEED_INPUT;
    out->count = 0;
    int n = in->count;
    if (n <= 0) return 0;
    if (!g || !g->finalized) return mn_error_set(err, MN_ERR_INTERNAL, "nested-loop join probed before its build");
    if (!l->jp.active) {
        if (g->nall == 0 && !c->left_unmatched) return 0;
        memset(l->jp.matched, 0, (size_t)n);
        l->jp.active = true;
        l->jp.phase = 1;
        l->pos = 0;
    }
    return mn_join_step(&l->jp, pairs_batch, op, l, in, out, status, err);
}

/* ---------- plan ---------- */

static void nl_explain(const mn_physop *op, mn_strbuf *out) {
    nl_cfg *c = op->config;
    static const char *const names[] = {"INNER", "LEFT", "RIGHT", "FULL", "SEMI", "ANTI"};
    mn_strbuf_puts(out, names[c->kind]);
    if (c->cond) {
        mn_strbuf_puts(out, ", ");
        mn_expr_render(c->cond, out);
    } else {
        mn_strbuf_puts(out, ", cross");
    }
}

static const mn_op_vtable nl_vt = {
    .name = "NestedLoopJoin",
    .mem_usage = mn_rowsink_mem_usage,
    .op_local = nl_probe_local,
    .op_execute = nl_execute,
    .op_free_local = nl_probe_free,
    .sink_global = nl_sink_global,
    .sink_local = nl_sink_local,
    .sink = nl_sink,
    .sink_combine = mn_rowsink_combine,
    .sink_finalize = nl_sink_finalize,
    .sink_free_local = nl_sink_free_local,
    .sink_free_global = nl_sink_free_global,
    .explain = nl_explain,
};

mn_physop *mn_op_nested_loop_join(mn_arena *a, mn_physop *left, mn_physop *right, mn_join_kind kind, mn_expr *cond,
                                  mn_error *err) {
    if (kind != MN_JOINK_INNER && kind != MN_JOINK_LEFT && kind != MN_JOINK_SEMI && kind != MN_JOINK_ANTI) {
        mn_error_set(err, MN_ERR_NOT_SUPPORTED, "RIGHT and FULL joins need an equality condition");
        return NULL;
    }
    nl_cfg *c = mn_arena_calloc(a, sizeof *c);
    if (!c) goto oom;
    c->kind = kind;
    c->cond = cond;
    c->ln = left->ncols;
    c->rn = right->ncols;
    c->out_right = kind == MN_JOINK_INNER || kind == MN_JOINK_LEFT;
    c->left_unmatched = kind == MN_JOINK_LEFT || kind == MN_JOINK_ANTI;
    int jn = c->ln + c->rn;
    c->joined_types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(jn ? jn : 1));
    if (!c->joined_types) goto oom;
    for (int i = 0; i < c->ln; i++) c->joined_types[i] = left->types[i];
    for (int i = 0; i < c->rn; i++) c->joined_types[c->ln + i] = right->types[i];
    mn_physop *op = mn_physop_new(a, &nl_vt, c->out_right ? jn : c->ln, c->joined_types);
    if (!op) goto oom;
    op->nchildren = 2;
    op->children[0] = left;
    op->children[1] = right;
    op->config = c;
    return op;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return NULL;
}
