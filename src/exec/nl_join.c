/* nl_join.c — nested-loop join for conditions without equalities (cross join when the
 * condition is NULL). The right side (children[1]) is materialized like a hash-join build;
 * the left side streams: each left chunk is paired with every right row in batches of at
 * most MN_VECTOR_SIZE pairs, which the condition filters. Kinds: INNER, LEFT (unmatched
 * left rows padded with NULLs), SEMI and ANTI (left columns only). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/operators.h"
#include "exec/rowstore.h"

typedef struct nl_cfg {
    mn_join_kind kind;
    mn_expr *cond;
    int ln, rn;
    mn_type *joined_types;
    bool out_right;      /* INNER/LEFT */
    bool left_unmatched; /* LEFT/ANTI */
} nl_cfg;

typedef struct nl_global {
    pthread_mutex_t mu;
    mn_rowstore rows;
    uint8_t **all;
    int64_t nall;
    bool finalized;
} nl_global;

typedef struct nl_probe {
    mn_expr_exec *cond_x;
    mn_chunk cand;
    bool cand_ready;
    bool active;
    int phase;   /* 1: pairs, 2: left rows by match state */
    int64_t pos; /* next pair: right row pos / n, left row pos % n */
    uint8_t matched[MN_VECTOR_SIZE];
    uint16_t pl[MN_VECTOR_SIZE];
    uint8_t *pr[MN_VECTOR_SIZE];
    uint16_t sel[MN_VECTOR_SIZE];
} nl_probe;

/* ---------- right side (sink) ---------- */

static void *nl_sink_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    nl_cfg *c = op->config;
    nl_global *g = calloc(1, sizeof *g);
    if (!g) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    if (mn_rowstore_init(&g->rows, c->rn, c->joined_types + c->ln, 0, err)) {
        free(g);
        return NULL;
    }
    pthread_mutex_init(&g->mu, NULL);
    return g;
}

static void nl_sink_free_global(mn_physop *op, void *gp) {
    nl_global *g = gp;
    mn_rowstore_destroy(&g->rows);
    free(g->all);
    pthread_mutex_destroy(&g->mu);
    free(g);
}

typedef struct nl_build {
    mn_rowstore rows;
    mn_vector **cols;
} nl_build;

static void nl_sink_free_local(mn_physop *op, void *lp) {
    nl_build *l = lp;
    mn_rowstore_destroy(&l->rows);
    free(l->cols);
    free(l);
}

static void *nl_sink_local(mn_physop *op, void *gp, mn_query_ctx *q, mn_error *err) {
    nl_cfg *c = op->config;
    nl_build *l = calloc(1, sizeof *l);
    if (!l) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    l->cols = calloc((size_t)(c->rn > 0 ? c->rn : 1), sizeof *l->cols);
    if (!l->cols) {
        free(l);
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    if (mn_rowstore_init(&l->rows, c->rn, c->joined_types + c->ln, 0, err)) {
        free(l->cols);
        free(l);
        return NULL;
    }
    return l;
}

static int nl_sink(mn_physop *op, void *gp, void *lp, mn_chunk *in, mn_op_status *status, mn_error *err) {
    nl_cfg *c = op->config;
    nl_build *l = lp;
    *status = MN_OP_NEED_INPUT;
    if (in->count <= 0) return 0;
    for (int i = 0; i < c->rn; i++) l->cols[i] = &in->cols[i];
    return mn_rowstore_append(&l->rows, l->cols, NULL, in->count, NULL, err);
}

static int nl_sink_combine(mn_physop *op, void *gp, void *lp, mn_error *err) {
    nl_global *g = gp;
    pthread_mutex_lock(&g->mu);
    int rc = mn_rowstore_absorb(&g->rows, &((nl_build *)lp)->rows, err);
    pthread_mutex_unlock(&g->mu);
    return rc;
}

static int nl_sink_finalize(mn_physop *op, void *gp, mn_error *err) {
    nl_global *g = gp;
    g->nall = g->rows.count;
    g->all = malloc(sizeof(uint8_t *) * (size_t)(g->nall ? g->nall : 1));
    if (!g->all) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    mn_rowstore_collect(&g->rows, g->all);
    g->finalized = true;
    return 0;
}

/* ---------- left side (streaming) ---------- */

static void nl_probe_free(mn_physop *op, void *lp) {
    nl_probe *l = lp;
    mn_expr_exec_free(l->cond_x);
    if (l->cand_ready) mn_chunk_destroy(&l->cand);
    free(l);
}

static void *nl_probe_local(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    nl_cfg *c = op->config;
    if (!op->sink_gstate) { /* the right side never ran: it is empty */
        nl_global *g = nl_sink_global(op, q, err);
        if (!g) return NULL;
        op->sink_gstate = g;
        if (nl_sink_finalize(op, g, err)) return NULL;
    }
    nl_probe *l = calloc(1, sizeof *l);
    if (!l) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    if (c->cond) {
        if (!(l->cond_x = mn_expr_exec_new(&c->cond, 1, q, err)) ||
            mn_chunk_init(&l->cand, c->ln + c->rn, c->joined_types, err)) {
            nl_probe_free(op, l);
            return NULL;
        }
        l->cand_ready = true;
    }
    return l;
}

static int null_column(mn_vector *v, mn_error *err) {
    if (mn_vector_prepare_const(v, err)) return -1;
    memset(v->data, 0, mn_type_size(v->type));
    uint8_t *nm = mn_vector_nulls_mut(v);
    if (!nm) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    nm[0] = 1;
    return 0;
}

/* Next batch of pairs: filtered by the condition, matches recorded, and for INNER/LEFT
 * written to out. */
static int pairs_batch(const nl_cfg *c, nl_global *g, nl_probe *l, mn_chunk *in, mn_chunk *out, mn_error *err) {
    int n = in->count;
    int64_t total = (int64_t)n * g->nall;
    int np = 0;
    while (np < MN_VECTOR_SIZE && l->pos < total) {
        l->pl[np] = (uint16_t)(l->pos % n);
        l->pr[np] = g->all[l->pos / n];
        np++;
        l->pos++;
    }
    if (np == 0) return 0;
    const uint16_t *pass = NULL;
    int npass = np;
    if (c->cond) {
        mn_chunk *cd = &l->cand;
        if (mn_chunk_reset(cd, err)) return -1;
        for (int col = 0; col < c->ln; col++)
            if (mn_vector_gather(&cd->cols[col], &in->cols[col], l->pl, np, false, err)) return -1;
        for (int col = 0; col < c->rn; col++)
            if (mn_rowstore_gather(&g->rows, l->pr, np, col, &cd->cols[c->ln + col], 0, err)) return -1;
        cd->count = np;
        if (mn_expr_exec_select(l->cond_x, 0, cd, l->sel, &npass, err)) return -1;
        pass = l->sel;
    }
    for (int k = 0; k < npass; k++) l->matched[l->pl[pass ? pass[k] : k]] = 1;
    if (!c->out_right || npass == 0) return 0;
    if (c->cond) {
        for (int col = 0; col < c->ln + c->rn; col++)
            if (mn_vector_gather(&out->cols[col], &l->cand.cols[col], pass, npass, false, err)) return -1;
    } else {
        for (int col = 0; col < c->ln; col++)
            if (mn_vector_gather(&out->cols[col], &in->cols[col], l->pl, np, false, err)) return -1;
        for (int col = 0; col < c->rn; col++)
            if (mn_rowstore_gather(&g->rows, l->pr, np, col, &out->cols[c->ln + col], 0, err)) return -1;
    }
    out->count = npass;
    return 0;
}

static int emit_left_rows(const nl_cfg *c, nl_probe *l, mn_chunk *in, mn_chunk *out, mn_error *err) {
    uint8_t want = c->kind == MN_JOINK_SEMI ? 1 : 0;
    int n = in->count, m = 0;
    for (int i = 0; i < n; i++)
        if (l->matched[i] == want) l->sel[m++] = (uint16_t)i;
    if (m == 0) return 0;
    for (int col = 0; col < c->ln; col++) {
        if (m == n) mn_vector_reference(&out->cols[col], &in->cols[col]);
        else if (mn_vector_gather(&out->cols[col], &in->cols[col], l->sel, m, false, err)) return -1;
    }
    if (c->out_right)
        for (int col = 0; col < c->rn; col++)
            if (null_column(&out->cols[c->ln + col], err)) return -1;
    out->count = m;
    return 0;
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
    bool phase2 = c->left_unmatched || c->kind == MN_JOINK_SEMI;
    if (!l->active) {
        if (g->nall == 0 && !c->left_unmatched) return 0;
        memset(l->matched, 0, (size_t)n);
        l->active = true;
        l->phase = 1;
        l->pos = 0;
    }
    if (l->phase == 1) {
        int64_t total = (int64_t)n * g->nall;
        do {
            if (pairs_batch(c, g, l, in, out, err)) {
                l->active = false;
                return -1;
            }
        } while (l->pos < total && out->count == 0);
        bool more = l->pos < total;
        if (more || (phase2 && out->count > 0)) {
            if (!more) l->phase = 2;
            *status = MN_OP_HAVE_MORE;
            return 0;
        }
        if (!phase2) {
            l->active = false;
            return 0;
        }
    }
    l->active = false;
    return emit_left_rows(c, l, in, out, err);
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
    .op_local = nl_probe_local,
    .op_execute = nl_execute,
    .op_free_local = nl_probe_free,
    .sink_global = nl_sink_global,
    .sink_local = nl_sink_local,
    .sink = nl_sink,
    .sink_combine = nl_sink_combine,
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
