/* basic_ops.c — the simple operators: filter, projection, limit (streaming), VALUES and
 * UNION ALL (sources). Filter compacts the surviving rows, so every chunk downstream is
 * dense (no selection vectors travel between operators). */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/executor.h"
#include "exec/operators.h"

/* ---------- filter ---------- */

typedef struct filter_local {
    mn_expr_exec *x;
    uint16_t sel[MN_VECTOR_SIZE];
} filter_local;

static void *filter_local_new(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    filter_local *l = calloc(1, sizeof *l);
    if (!l) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    mn_expr *pred = op->config;
    l->x = mn_expr_exec_new(&pred, 1, q, err);
    if (!l->x) {
        free(l);
        return NULL;
    }
    return l;
}

static void filter_local_free(mn_physop *op, void *lp) {
    filter_local *l = lp;
    mn_expr_exec_free(l->x);
    free(l);
}

static int filter_exec(mn_physop *op, void *lp, mn_chunk *in, mn_chunk *out, mn_op_status *st, mn_error *err) {
    filter_local *l = lp;
    int n;
    *st = MN_OP_NEED_INPUT;
    if (mn_expr_exec_select(l->x, 0, in, l->sel, &n, err)) return -1;
    if (n == in->count) {
        for (int c = 0; c < in->ncols; c++) mn_vector_reference(&out->cols[c], &in->cols[c]);
    } else if (n > 0) {
        for (int c = 0; c < in->ncols; c++)
            if (mn_vector_gather(&out->cols[c], &in->cols[c], l->sel, n, false, err)) return -1;
    }
    out->count = n;
    return 0;
}

static void filter_explain(const mn_physop *op, mn_strbuf *out) { mn_expr_render(op->config, out); }

static const mn_op_vtable filter_vt = {
    .name = "Filter",
    .op_local = filter_local_new,
    .op_execute = filter_exec,
    .op_free_local = filter_local_free,
    .explain = filter_explain,
};

mn_physop *mn_op_filter(mn_arena *a, mn_physop *child, mn_expr *pred, mn_error *err) {
    mn_physop *op = mn_physop_new(a, &filter_vt, child->ncols, child->types);
    if (!op) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    op->names = child->names;
    op->nchildren = 1;
    op->children[0] = child;
    op->config = pred;
    return op;
}

/* ---------- projection ---------- */

typedef struct project_cfg {
    int n;
    mn_expr **exprs;
} project_cfg;

static void *project_local_new(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    project_cfg *c = op->config;
    return mn_expr_exec_new(c->exprs, c->n, q, err);
}

static void project_local_free(mn_physop *op, void *l) { mn_expr_exec_free(l); }

static int project_exec(mn_physop *op, void *l, mn_chunk *in, mn_chunk *out, mn_op_status *st, mn_error *err) {
    project_cfg *c = op->config;
    *st = MN_OP_NEED_INPUT;
    for (int i = 0; i < c->n; i++) {
        mn_vector *v;
        if (mn_expr_exec_eval(l, i, in, &v, err)) return -1;
        mn_vector_reference(&out->cols[i], v);
    }
    out->count = in->count;
    return 0;
}

static void project_explain(const mn_physop *op, mn_strbuf *out) {
    project_cfg *c = op->config;
    for (int i = 0; i < c->n; i++) {
        if (i) mn_strbuf_puts(out, ", ");
        mn_expr_render(c->exprs[i], out);
    }
}

static const mn_op_vtable project_vt = {
    .name = "Project",
    .op_local = project_local_new,
    .op_execute = project_exec,
    .op_free_local = project_local_free,
    .explain = project_explain,
};

mn_physop *mn_op_project(mn_arena *a, mn_physop *child, mn_expr **exprs, int n, mn_error *err) {
    mn_type *types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(n ? n : 1));
    project_cfg *c = mn_arena_alloc(a, sizeof *c);
    if (!types || !c) goto oom;
    for (int i = 0; i < n; i++) types[i] = exprs[i]->type;
    mn_physop *op = mn_physop_new(a, &project_vt, n, types);
    if (!op) goto oom;
    c->n = n;
    c->exprs = exprs;
    op->config = c;
    op->nchildren = 1;
    op->children[0] = child;
    return op;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return NULL;
}

/* ---------- limit ---------- */

typedef struct limit_cfg {
    int64_t limit, offset;
    atomic_int_fast64_t seen; /* rows that reached this operator, across workers */
} limit_cfg;

static int limit_exec(mn_physop *op, void *l, mn_chunk *in, mn_chunk *out, mn_op_status *st, mn_error *err) {
    limit_cfg *c = op->config;
    int64_t n = in->count;
    int64_t start = atomic_fetch_add(&c->seen, n);
    int64_t end = start + n;
    int64_t lo = c->offset, hi = c->limit < 0 ? INT64_MAX : c->offset + c->limit;
    int64_t from = start > lo ? start : lo, to = end < hi ? end : hi;
    *st = end >= hi ? MN_OP_FINISHED : MN_OP_NEED_INPUT;
    if (to <= from) {
        out->count = 0;
        return 0;
    }
    if (from == start && to == end) {
        for (int i = 0; i < in->ncols; i++) mn_vector_reference(&out->cols[i], &in->cols[i]);
        out->count = in->count;
        return 0;
    }
    uint16_t sel[MN_VECTOR_SIZE];
    int k = 0;
    for (int64_t r = from; r < to; r++) sel[k++] = (uint16_t)(r - start);
    for (int i = 0; i < in->ncols; i++)
        if (mn_vector_gather(&out->cols[i], &in->cols[i], sel, k, false, err)) return -1;
    out->count = k;
    return 0;
}

static void *limit_local(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    return op->config; /* no per-worker state; non-NULL marks success */
}

static void limit_explain(const mn_physop *op, mn_strbuf *out) {
    limit_cfg *c = op->config;
    mn_strbuf_printf(out, "limit %lld offset %lld", (long long)c->limit, (long long)c->offset);
}

static const mn_op_vtable limit_vt = {
    .name = "Limit",
    .op_local = limit_local,
    .op_execute = limit_exec,
    .explain = limit_explain,
};

mn_physop *mn_op_limit(mn_arena *a, mn_physop *child, int64_t limit, int64_t offset, mn_error *err) {
    mn_physop *op = mn_physop_new(a, &limit_vt, child->ncols, child->types);
    limit_cfg *c = mn_arena_calloc(a, sizeof *c);
    if (!op || !c) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    c->limit = limit;
    c->offset = offset;
    atomic_init(&c->seen, 0);
    op->config = c;
    op->nchildren = 1;
    op->children[0] = child;
    op->names = child->names;
    return op;
}

/* ---------- values ---------- */

typedef struct values_cfg {
    int nrows;
    mn_expr ***rows;
} values_cfg;

typedef struct values_global {
    atomic_int next; /* next row to emit */
} values_global;

static void *values_global_new(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    values_global *g = calloc(1, sizeof *g);
    if (!g) mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return g;
}

static void values_global_free(mn_physop *op, void *g) { free(g); }

static void *values_local_new(mn_physop *op, void *g, mn_query_ctx *q, mn_error *err) {
    mn_query_ctx **l = malloc(sizeof *l);
    if (!l) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    *l = q;
    return l;
}

static void values_local_free(mn_physop *op, void *l) { free(l); }

static int values_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    values_cfg *c = op->config;
    values_global *g = gp;
    mn_query_ctx *q = *(mn_query_ctx **)lp;
    int start = atomic_fetch_add(&g->next, MN_VECTOR_SIZE);
    if (start >= c->nrows) return 0;
    int end = start + MN_VECTOR_SIZE < c->nrows ? start + MN_VECTOR_SIZE : c->nrows;
    mn_arena tmp;
    mn_arena_init(&tmp, 0);
    for (int r = start; r < end; r++) {
        for (int col = 0; col < op->ncols; col++) {
            mn_value v;
            if (mn_expr_eval_const(c->rows[r][col], &tmp, q, &v, err)) {
                mn_arena_destroy(&tmp);
                return -1;
            }
            if (mn_vector_set_value(&out->cols[col], r - start, &v, err)) {
                mn_arena_destroy(&tmp);
                return -1;
            }
        }
    }
    mn_arena_destroy(&tmp);
    out->count = end - start;
    return 0;
}

static const mn_op_vtable values_vt = {
    .name = "Values",
    .source_global = values_global_new,
    .source_local = values_local_new,
    .source_next = values_next,
    .source_free_local = values_local_free,
    .source_free_global = values_global_free,
};

mn_physop *mn_op_values(mn_arena *a, int ncols, const mn_type *types, int nrows, mn_expr ***rows, mn_error *err) {
    mn_physop *op = mn_physop_new(a, &values_vt, ncols, types);
    values_cfg *c = mn_arena_alloc(a, sizeof *c);
    if (!op || !c) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    c->nrows = nrows;
    c->rows = rows;
    op->config = c;
    op->estimated_rows = nrows;
    op->single_threaded_source = true; /* keeps VALUES rows in their written order */
    return op;
}

/* ---------- union all ---------- */

static const mn_op_vtable union_vt = {
    .name = "UnionAll",
};

bool mn_physop_is_union(const mn_physop *op) { return op->vt == &union_vt; }

mn_physop *mn_op_union_all(mn_arena *a, mn_physop **children, int n, mn_error *err) {
    mn_physop *op = mn_physop_new(a, &union_vt, children[0]->ncols, children[0]->types);
    if (!op) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    op->nextra = n;
    op->extra_children = children;
    op->names = children[0]->names;
    return op;
}

/* ---------- row id ---------- */

/* Appends a BIGINT column numbering the rows uniquely across workers (not densely): each
 * chunk claims a range from a shared counter. Used to decorrelate subqueries. */
typedef struct rowid_cfg {
    atomic_int_fast64_t next;
} rowid_cfg;

static void *rowid_local(mn_physop *op, mn_query_ctx *q, mn_error *err) { return op->config; }

static int rowid_exec(mn_physop *op, void *l, mn_chunk *in, mn_chunk *out, mn_op_status *st, mn_error *err) {
    rowid_cfg *c = op->config;
    *st = MN_OP_NEED_INPUT;
    for (int i = 0; i < in->ncols; i++) mn_vector_reference(&out->cols[i], &in->cols[i]);
    int64_t base = atomic_fetch_add(&c->next, in->count);
    int64_t *d = out->cols[in->ncols].data;
    for (int r = 0; r < in->count; r++) d[r] = base + r;
    out->count = in->count;
    return 0;
}

static const mn_op_vtable rowid_vt = {
    .name = "RowId",
    .op_local = rowid_local,
    .op_execute = rowid_exec,
};

mn_physop *mn_op_row_id(mn_arena *a, mn_physop *child, mn_error *err) {
    mn_type *types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(child->ncols + 1));
    rowid_cfg *c = mn_arena_calloc(a, sizeof *c);
    if (!types || !c) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    memcpy(types, child->types, sizeof(mn_type) * (size_t)child->ncols);
    types[child->ncols] = mn_type_make(MN_T_BIGINT);
    mn_physop *op = mn_physop_new(a, &rowid_vt, child->ncols + 1, types);
    if (!op) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    atomic_init(&c->next, 0);
    op->config = c;
    op->nchildren = 1;
    op->children[0] = child;
    op->estimated_rows = child->estimated_rows;
    return op;
}

/* ---------- replicate ---------- */

/* Emits each input row `count` times, where count is the last input column (BIGINT; NULL
 * or negative counts as 0); the count column is not part of the output. Used by INTERSECT
 * ALL and EXCEPT ALL. */
typedef struct repl_local {
    int row;        /* next input row to emit */
    int64_t done;   /* copies of that row already emitted */
    uint16_t sel[MN_VECTOR_SIZE];
} repl_local;

static void *repl_local_new(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    repl_local *l = calloc(1, sizeof *l);
    if (!l) mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return l;
}

static void repl_local_free(mn_physop *op, void *l) { free(l); }

static int repl_exec(mn_physop *op, void *lp, mn_chunk *in, mn_chunk *out, mn_op_status *st, mn_error *err) {
    repl_local *l = lp;
    const mn_vector *cv = &in->cols[in->ncols - 1];
    const int64_t *cnt = cv->data;
    int n = 0;
    while (l->row < in->count && n < MN_VECTOR_SIZE) {
        int64_t c = mn_vector_is_null(cv, l->row) ? 0 : cnt[(uint32_t)l->row & cv->mask];
        if (l->done < c) {
            l->sel[n++] = (uint16_t)l->row;
            l->done++;
        } else {
            l->row++;
            l->done = 0;
        }
    }
    for (int i = 0; i < op->ncols; i++)
        if (mn_vector_gather(&out->cols[i], &in->cols[i], l->sel, n, false, err)) return -1;
    out->count = n;
    if (l->row < in->count) {
        *st = MN_OP_HAVE_MORE;
    } else {
        *st = MN_OP_NEED_INPUT;
        l->row = 0;
        l->done = 0;
    }
    return 0;
}

static const mn_op_vtable repl_vt = {
    .name = "Replicate",
    .op_local = repl_local_new,
    .op_execute = repl_exec,
    .op_free_local = repl_local_free,
};

mn_physop *mn_op_replicate(mn_arena *a, mn_physop *child, mn_error *err) {
    mn_physop *op = mn_physop_new(a, &repl_vt, child->ncols - 1, child->types);
    if (!op) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    op->nchildren = 1;
    op->children[0] = child;
    return op;
}

/* ---------- group id (GROUPING SETS, ROLLUP, CUBE) ---------- */

/* Emits every input row once per grouping set: the input columns, then the key columns
 * (NULL where the key is not in that set), then the set's index (BIGINT). A hash
 * aggregate over keys + set index then computes every grouping set in one pass. */
typedef struct gid_cfg {
    int nkeys;
    mn_expr **keys;
    int nsets;
    const uint64_t *sets; /* bit k: key k is in the set */
} gid_cfg;

typedef struct gid_local {
    mn_expr_exec *x;
    int set;               /* next set to emit for the current input chunk */
    mn_vector **vals;      /* evaluated keys of the current chunk */
    mn_vector *nulls;      /* per key: a constant NULL vector */
    mn_vector setid;
} gid_local;

static void gid_local_free(mn_physop *op, void *lp) {
    gid_cfg *c = op->config;
    gid_local *l = lp;
    mn_expr_exec_free(l->x);
    if (l->nulls)
        for (int k = 0; k < c->nkeys; k++) mn_vector_destroy(&l->nulls[k]);
    mn_vector_destroy(&l->setid);
    free(l->nulls);
    free(l->vals);
    free(l);
}

static void *gid_local_new(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    gid_cfg *c = op->config;
    gid_local *l = calloc(1, sizeof *l);
    if (!l) goto oom;
    mn_vector_init(&l->setid, mn_type_make(MN_T_BIGINT));
    l->vals = calloc((size_t)c->nkeys + 1, sizeof *l->vals);
    l->nulls = calloc((size_t)c->nkeys + 1, sizeof *l->nulls);
    if (!l->vals || !l->nulls) goto oom;
    for (int k = 0; k < c->nkeys; k++) {
        mn_vector_init(&l->nulls[k], c->keys[k]->type);
        mn_value v;
        mn_value_null(&v, c->keys[k]->type);
        if (mn_vector_set_constant(&l->nulls[k], &v, err)) {
            gid_local_free(op, l);
            return NULL;
        }
    }
    l->x = mn_expr_exec_new(c->keys, c->nkeys, q, err);
    if (!l->x) {
        gid_local_free(op, l);
        return NULL;
    }
    return l;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    if (l) gid_local_free(op, l);
    return NULL;
}

static int gid_exec(mn_physop *op, void *lp, mn_chunk *in, mn_chunk *out, mn_op_status *st, mn_error *err) {
    gid_cfg *c = op->config;
    gid_local *l = lp;
    if (l->set == 0)
        for (int k = 0; k < c->nkeys; k++)
            if (mn_expr_exec_eval(l->x, k, in, &l->vals[k], err)) return -1;
    int s = l->set;
    for (int i = 0; i < in->ncols; i++) mn_vector_reference(&out->cols[i], &in->cols[i]);
    for (int k = 0; k < c->nkeys; k++)
        mn_vector_reference(&out->cols[in->ncols + k], (c->sets[s] >> k) & 1 ? l->vals[k] : &l->nulls[k]);
    mn_value sv;
    memset(&sv, 0, sizeof sv);
    sv.type = mn_type_make(MN_T_BIGINT);
    sv.u.i = s;
    if (mn_vector_set_constant(&l->setid, &sv, err)) return -1;
    mn_vector_reference(&out->cols[in->ncols + c->nkeys], &l->setid);
    out->count = in->count;
    l->set++;
    if (l->set < c->nsets) {
        *st = MN_OP_HAVE_MORE;
    } else {
        l->set = 0;
        *st = MN_OP_NEED_INPUT;
    }
    return 0;
}

static const mn_op_vtable gid_vt = {
    .name = "GroupId",
    .op_local = gid_local_new,
    .op_execute = gid_exec,
    .op_free_local = gid_local_free,
};

mn_physop *mn_op_group_id(mn_arena *a, mn_physop *child, mn_expr **keys, int nkeys, const uint64_t *sets, int nsets,
                          mn_error *err) {
    int n = child->ncols + nkeys + 1;
    mn_type *types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)n);
    gid_cfg *c = mn_arena_calloc(a, sizeof *c);
    if (!types || !c) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    memcpy(types, child->types, sizeof(mn_type) * (size_t)child->ncols);
    for (int k = 0; k < nkeys; k++) types[child->ncols + k] = keys[k]->type;
    types[n - 1] = mn_type_make(MN_T_BIGINT);
    mn_physop *op = mn_physop_new(a, &gid_vt, n, types);
    if (!op) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    c->nkeys = nkeys;
    c->keys = keys;
    c->nsets = nsets;
    c->sets = sets;
    op->config = c;
    op->nchildren = 1;
    op->children[0] = child;
    op->estimated_rows = child->estimated_rows * nsets;
    return op;
}

/* ---------- FETCH FIRST n ROWS WITH TIES ---------- */

/* After an ordered source: passes `limit` rows, then every further row whose sort keys equal
 * those of the last one passed. Runs in the single worker of the ordered pipeline. */
typedef struct ties_cfg {
    int64_t limit;
    int nkeys;
    int *keys;
} ties_cfg;

typedef struct ties_local {
    int64_t seen;
    bool have_last;
    mn_value *last; /* keys of the limit-th row (strings in arena) */
    mn_arena arena;
} ties_local;

static void *ties_local_new(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    ties_cfg *c = op->config;
    ties_local *l = calloc(1, sizeof *l);
    if (l) l->last = calloc((size_t)c->nkeys + 1, sizeof(mn_value));
    if (!l || !l->last) {
        if (l) free(l);
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    mn_arena_init(&l->arena, 0);
    return l;
}

static void ties_local_free(mn_physop *op, void *lp) {
    ties_local *l = lp;
    mn_arena_destroy(&l->arena);
    free(l->last);
    free(l);
}

static bool same_keys(const ties_cfg *c, const ties_local *l, const mn_chunk *in, int row) {
    for (int k = 0; k < c->nkeys; k++) {
        mn_value v;
        mn_vector_get_value(&in->cols[c->keys[k]], row, &v);
        if (v.is_null != l->last[k].is_null) return false;
        if (!v.is_null && mn_value_compare(&v, &l->last[k]) != 0) return false;
    }
    return true;
}

static int ties_exec(mn_physop *op, void *lp, mn_chunk *in, mn_chunk *out, mn_op_status *st, mn_error *err) {
    ties_cfg *c = op->config;
    ties_local *l = lp;
    uint16_t sel[MN_VECTOR_SIZE];
    int n = 0;
    *st = MN_OP_NEED_INPUT;
    for (int r = 0; r < in->count; r++) {
        if (l->seen < c->limit) {
            sel[n++] = (uint16_t)r;
            l->seen++;
            if (l->seen == c->limit) {
                for (int k = 0; k < c->nkeys; k++) {
                    mn_vector_get_value(&in->cols[c->keys[k]], r, &l->last[k]);
                    mn_value *v = &l->last[k];
                    if (!v->is_null && mn_type_is_varlen(v->type)) {
                        char *p = mn_arena_alloc(&l->arena, v->u.s.len ? v->u.s.len : 1);
                        if (!p) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
                        if (v->u.s.len) memcpy(p, v->u.s.ptr, v->u.s.len);
                        v->u.s.ptr = p;
                    }
                }
                l->have_last = true;
            }
        } else if (l->have_last && same_keys(c, l, in, r)) {
            sel[n++] = (uint16_t)r;
        } else {
            *st = MN_OP_FINISHED;
            break;
        }
    }
    for (int i = 0; i < in->ncols; i++)
        if (mn_vector_gather(&out->cols[i], &in->cols[i], sel, n, false, err)) return -1;
    out->count = n;
    if (c->limit == 0) *st = MN_OP_FINISHED;
    return 0;
}

static const mn_op_vtable ties_vt = {
    .name = "LimitWithTies",
    .op_local = ties_local_new,
    .op_execute = ties_exec,
    .op_free_local = ties_local_free,
};

mn_physop *mn_op_limit_ties(mn_arena *a, mn_physop *child, int64_t limit, const int *keys, int nkeys, mn_error *err) {
    mn_physop *op = mn_physop_new(a, &ties_vt, child->ncols, child->types);
    ties_cfg *c = mn_arena_calloc(a, sizeof *c);
    int *kc = mn_arena_alloc(a, sizeof(int) * (size_t)(nkeys + 1));
    if (!op || !c || !kc) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    memcpy(kc, keys, sizeof(int) * (size_t)nkeys);
    c->limit = limit;
    c->nkeys = nkeys;
    c->keys = kc;
    op->config = c;
    op->nchildren = 1;
    op->children[0] = child;
    op->names = child->names;
    return op;
}
