/* join_plan.c — plans a FROM clause with its WHERE conjuncts: pushes single-relation
 * predicates down to the relations (deriving extra ones from ORs whose every branch
 * restricts the same relation), orders inner joins greedily by estimated size (the largest
 * relation streams as the probe side, the smallest connected relation is joined next, and
 * a cross product is used only when no join condition connects the rest), and turns
 * equalities between the two sides into hash-join keys. */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "plan/plan_internal.h"
#include "table/parquet_scan.h"
#include "table/table.h"

#define MAX_ITEMS 64

static int oom(binder *b) { return mn_error_set(b->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

void mark_used(const mn_expr *e, unsigned char *used, int nused) {
    if (!e) return;
    if (e->kind == MN_EXPR_COLUMN) {
        if (e->column >= 0 && e->column < nused) used[e->column] = 1;
        return;
    }
    for (int i = 0; i < e->nargs; i++) mark_used(e->args[i], used, nused);
}

static int find_pos(const pnode *p, int id) {
    for (int k = 0; k < p->ncols; k++)
        if (p->ids[k] == id) return k;
    return -1;
}

int remap_expr(binder *b, const mn_expr *e, const pnode *p, mn_expr **out) {
    mn_expr *c = mn_arena_alloc(b->a, sizeof *c);
    if (!c) return oom(b);
    *c = *e;
    if (e->kind == MN_EXPR_COLUMN) {
        int k = find_pos(p, e->column);
        if (k < 0) return mn_error_set(b->err, MN_ERR_INTERNAL, "column id %d not available in plan", e->column);
        c->column = k;
    }
    if (e->nargs > 0) {
        c->args = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)e->nargs);
        if (!c->args) return oom(b);
        for (int i = 0; i < e->nargs; i++)
            if (remap_expr(b, e->args[i], p, &c->args[i])) return -1;
    }
    *out = c;
    return 0;
}

int split_conjuncts(binder *b, mn_expr *e, mn_expr ***list, int *n, int *cap) {
    if (e->kind == MN_EXPR_AND) {
        for (int i = 0; i < e->nargs; i++)
            if (split_conjuncts(b, e->args[i], list, n, cap)) return -1;
        return 0;
    }
    void *grown = grow_array(b, *list, *n, cap, sizeof **list, 16);
    if (!grown) return -1;
    *list = grown;
    (*list)[(*n)++] = e;
    return 0;
}

static mn_expr *make_and(binder *b, mn_expr **l, int n) {
    if (n == 1) return l[0];
    mn_expr *x = mn_expr_new(b->a, MN_EXPR_AND, mn_type_make(MN_T_BOOLEAN), n);
    if (!x) return NULL;
    memcpy(x->args, l, sizeof(mn_expr *) * (size_t)n);
    return x;
}

/* ---------- items ---------- */

typedef struct item {
    fnode *f;
    pnode p;
    double rows;
} item;

typedef struct jctx {
    binder *b;
    item items[MAX_ITEMS];
    int nitems;
    mn_expr **conj;
    int nconj, cap;
    signed char *item_of_id; /* id -> item index */
} jctx;

static void assign_ids(jctx *j, fnode *f, int idx) {
    if (f->kind == F_JOIN) {
        assign_ids(j, f->l, idx);
        assign_ids(j, f->r, idx);
        return;
    }
    if (f->kind == F_UNNEST) assign_ids(j, f->l, idx);
    for (int k = 0; k < f->ncols; k++) j->item_of_id[f->first_id + k] = (signed char)idx;
}

static int flatten(jctx *j, fnode *f) {
    if (f->kind == F_JOIN && (f->jt == MN_JOIN_INNER || f->jt == MN_JOIN_IMPLICIT || f->jt == MN_JOIN_CROSS)) {
        if (flatten(j, f->l) || flatten(j, f->r)) return -1;
        if (f->on && split_conjuncts(j->b, f->on, &j->conj, &j->nconj, &j->cap)) return -1;
        return 0;
    }
    if (j->nitems >= MAX_ITEMS)
        return mn_error_set(j->b->err, MN_ERR_NOT_SUPPORTED, "Too many relations in one FROM clause (max %d)", MAX_ITEMS);
    j->items[j->nitems].f = f;
    assign_ids(j, f, j->nitems);
    j->nitems++;
    return 0;
}

static uint64_t expr_mask(jctx *j, const mn_expr *e) {
    if (e->kind == MN_EXPR_COLUMN) {
        int it = e->column >= 0 && e->column < j->b->next_id ? j->item_of_id[e->column] : -1;
        return it >= 0 ? (UINT64_C(1) << it) : 0;
    }
    uint64_t m = 0;
    for (int i = 0; i < e->nargs; i++) m |= expr_mask(j, e->args[i]);
    return m;
}

static int add_filter(binder *b, pnode *p, mn_expr **conj, int n) {
    if (n == 0) return 0;
    mn_expr **loc = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)n);
    if (!loc) return oom(b);
    for (int i = 0; i < n; i++)
        if (remap_expr(b, conj[i], p, &loc[i])) return -1;
    mn_expr *pred = make_and(b, loc, n);
    if (!pred) return oom(b);
    mn_physop *op = mn_op_filter(b->a, p->op, pred, b->err);
    if (!op) return -1;
    p->op = op;
    for (int i = 0; i < n; i++) p->rows *= est_selectivity(b, conj[i]);
    if (p->rows < 1) p->rows = 1;
    op->estimated_rows = p->rows;
    return 0;
}

/* Marks in set[] every id a FROM node produces. */
static void mark_node_ids(const fnode *f, unsigned char *set) {
    if (f->kind == F_JOIN) {
        mark_node_ids(f->l, set);
        mark_node_ids(f->r, set);
        return;
    }
    if (f->kind == F_UNNEST) mark_node_ids(f->l, set);
    for (int k = 0; k < f->ncols; k++) set[f->first_id + k] = 1;
}

/* UNNEST over its (lateral) input: conjuncts using only the input's ids are planned with
 * the input, the others (and an INNER JOIN's ON) filter the unnested rows. */
static int build_unnest(binder *b, fnode *f, const unsigned char *used, mn_expr **conj, int nconj, pnode *out) {
    unsigned char *inl = calloc((size_t)b->next_id + 1, 1), *u = calloc((size_t)b->next_id + 1, 1);
    mn_expr **lc = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nconj + 2));
    mn_expr **rest = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nconj + 2));
    int nl = 0, nr = 0, rc = -1;
    if (!inl || !u || !lc || !rest) {
        oom(b);
        goto done;
    }
    mark_node_ids(f->l, inl);
    for (int i = 0; i < nconj; i++) {
        memset(u, 0, (size_t)b->next_id + 1);
        mark_used(conj[i], u, b->next_id);
        bool left_only = true;
        for (int id = 0; id < b->next_id && left_only; id++)
            if (u[id] && !inl[id]) left_only = false;
        if (left_only && !f->outer) lc[nl++] = conj[i];
        else rest[nr++] = conj[i];
    }
    int rcap = nconj + 2;
    if (f->on && split_conjuncts(b, f->on, &rest, &nr, &rcap)) goto done;
    pnode child;
    if (plan_from(b, f->l, lc, nl, used, &child)) goto done;
    mn_expr **ex = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(f->nunnest + 1));
    int *ids = mn_arena_alloc(b->a, sizeof(int) * (size_t)(child.ncols + f->ncols + 1));
    if (!ex || !ids) {
        oom(b);
        goto done;
    }
    for (int k = 0; k < f->nunnest; k++)
        if (remap_expr(b, f->unnest[k], &child, &ex[k])) goto done;
    mn_physop *op = mn_op_unnest(b->a, child.op, ex, f->nunnest, f->ordinality, f->outer, b->err);
    if (!op) goto done;
    memcpy(ids, child.ids, sizeof(int) * (size_t)child.ncols);
    for (int k = 0; k < f->ncols; k++) ids[child.ncols + k] = f->first_id + k;
    out->op = op;
    out->ncols = child.ncols + f->ncols;
    out->ids = ids;
    out->rows = op->estimated_rows;
    rc = add_filter(b, out, rest, nr);
done:
    free(inl);
    free(u);
    return rc;
}

/* Builds the physical node of a FROM leaf or outer join. */
static int build_leaf(binder *b, fnode *f, const unsigned char *used, pnode *out) {
    if (f->kind == F_UNNEST) return build_unnest(b, f, used, NULL, 0, out);
    if (f->kind == F_BASE) {
        int *proj = mn_arena_alloc(b->a, sizeof(int) * (size_t)(f->ncols + 1));
        int *ids = mn_arena_alloc(b->a, sizeof(int) * (size_t)(f->ncols + 1));
        if (!proj || !ids) return oom(b);
        int n = 0;
        for (int k = 0; k < f->ncols; k++) {
            if (used[f->first_id + k]) {
                proj[n] = k;
                ids[n] = f->first_id + k;
                n++;
            }
        }
        if (n == 0 && f->ncols > 0) { /* nothing referenced (count(*)): read one column for the row count */
            int k = 0;
            while (k < f->ncols && (f->table->cols[k].type.id == MN_T_UNKNOWN || mn_type_is_nested(f->table->cols[k].type)))
                k++; /* one that can be read */
            if (k < f->ncols) {
                proj[0] = k;
                ids[0] = f->first_id + k;
                n = 1;
            } /* else: no readable column; the scan counts rows without reading any */
        }
        mn_table_def *t = f->table;
        mn_physop *op;
        bool parquet = t->stored_as && strcasecmp(t->stored_as, "PARQUET") == 0;
        for (int k = 0; k < n && !parquet && !mn_table_is_json(t); k++) /* text tables cannot hold nested columns */
            if (mn_type_is_nested(t->cols[proj[k]].type))
                return mn_error_set_pos(b->err, MN_ERR_NOT_SUPPORTED, f->pos.line, f->pos.column,
                                        "Column '%s' of '%s.%s' has a type that cannot be read yet (%s)",
                                        t->cols[proj[k]].name, t->database, t->name,
                                        t->cols[proj[k]].type_text ? t->cols[proj[k]].type_text : "nested");
        if (parquet) {
            const char **names = mn_arena_alloc(b->a, sizeof(char *) * (size_t)(n + 1));
            mn_type *types = mn_arena_alloc(b->a, sizeof(mn_type) * (size_t)(n + 1));
            if (!names || !types) return oom(b);
            for (int k = 0; k < n; k++) {
                names[k] = t->cols[proj[k]].name;
                types[k] = t->cols[proj[k]].type;
                if (types[k].id == MN_T_UNKNOWN)
                    return mn_error_set_pos(b->err, MN_ERR_NOT_SUPPORTED, f->pos.line, f->pos.column,
                                            "Column '%s' of '%s.%s' has a type that cannot be read yet (%s)", names[k],
                                            t->database, t->name, t->cols[proj[k]].type_text ? t->cols[proj[k]].type_text : "nested");
            }
            op = mn_op_parquet_scan(b->a, t->location, n, names, types, b->err);
        } else if (mn_table_is_json(t)) {
            op = mn_op_json_scan(b->a, t, proj, n, b->err);
        } else if (t->stored_as && strcasecmp(t->stored_as, "TEXTFILE") != 0 && !(t->serde && strstr(t->serde, "OpenCSV"))) {
            return mn_error_set_pos(b->err, MN_ERR_NOT_SUPPORTED, f->pos.line, f->pos.column,
                                    "Table '%s.%s' is stored as %s, which cannot be read yet", t->database, t->name,
                                    t->stored_as);
        } else {
            op = mn_op_text_scan(b->a, t, proj, n, b->err);
        }
        if (!op) {
            if (b->err->line == 0) {
                b->err->line = f->pos.line;
                b->err->column = f->pos.column;
            }
            return -1;
        }
        mn_plan_ctx *ctx = b->ctx;
        mn_physop **ops = realloc(ctx->ops, sizeof *ops * (size_t)(ctx->nops + 1));
        if (!ops) return oom(b);
        ctx->ops = ops;
        ctx->ops[ctx->nops++] = op;
        out->op = op;
        out->ncols = n;
        out->ids = ids;
        out->rows = op->estimated_rows > 0 ? op->estimated_rows : 1000;
        /* a row count kept by the catalog beats the estimate from file sizes */
        int64_t known = -1;
        mn_error ignore;
        if (t->database && *t->database &&
            mn_catalog_get_table_stats(b->ctx->catalog, t->database, t->name, &known, &ignore) == 0 && known >= 0) {
            out->rows = known > 0 ? (double)known : 1;
            op->estimated_rows = out->rows;
            est_load_table_stats(b, t, f->first_id, out->rows);
        }
        return 0;
    }
    if (f->kind == F_PLANNED) {
        int *ids = mn_arena_alloc(b->a, sizeof(int) * (size_t)(f->ncols + 1));
        if (!ids) return oom(b);
        for (int k = 0; k < f->ncols; k++) ids[k] = f->first_id + k;
        out->op = f->op;
        out->ncols = f->ncols;
        out->ids = ids;
        out->rows = f->op->estimated_rows > 0 ? f->op->estimated_rows : 1000;
        return 0;
    }
    /* outer join */
    pnode l, r;
    if (plan_from(b, f->l, NULL, 0, used, &l) || plan_from(b, f->r, NULL, 0, used, &r)) return -1;
    mn_join_kind kind;
    pnode *probe = &l, *build = &r;
    switch (f->jt) {
    case MN_JOIN_LEFT: kind = MN_JOINK_LEFT; break;
    case MN_JOIN_RIGHT:
        kind = MN_JOINK_LEFT;
        probe = &r;
        build = &l;
        break;
    case MN_JOIN_FULL: kind = MN_JOINK_FULL; break;
    default: kind = MN_JOINK_INNER; break;
    }
    /* split ON: equalities between the sides are keys; build-only conjuncts filter the
     * build side first (valid for the outer side's partner); the rest is residual */
    mn_expr **conj = NULL;
    int nconj = 0, cap = 0;
    if (f->on && split_conjuncts(b, f->on, &conj, &nconj, &cap)) return -1;
    mn_expr **pk = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nconj + 1));
    mn_expr **bk = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nconj + 1));
    mn_expr **res = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nconj + 1));
    mn_expr **bfil = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nconj + 1));
    if (!pk || !bk || !res || !bfil) return oom(b);
    int nk = 0, nres = 0, nbf = 0;
    unsigned char *inprobe = calloc((size_t)b->next_id + 1, 1), *inbuild = calloc((size_t)b->next_id + 1, 1);
    if (!inprobe || !inbuild) {
        free(inprobe);
        free(inbuild);
        return oom(b);
    }
    for (int k = 0; k < probe->ncols; k++) inprobe[probe->ids[k]] = 1;
    for (int k = 0; k < build->ncols; k++) inbuild[build->ids[k]] = 1;
    int rc = 0;
    for (int i = 0; i < nconj && rc == 0; i++) {
        mn_expr *c = conj[i];
        unsigned char *u = calloc((size_t)b->next_id + 1, 1);
        if (!u) {
            rc = oom(b);
            break;
        }
        bool any_p = false, any_b = false;
        mark_used(c, u, b->next_id);
        for (int id = 0; id < b->next_id; id++) {
            if (!u[id]) continue;
            if (inprobe[id]) any_p = true;
            else if (inbuild[id]) any_b = true;
        }
        free(u);
        bool keyed = false;
        if (c->kind == MN_EXPR_CALL && c->name && strcmp(c->name, "=") == 0 && c->nargs == 2) {
            unsigned char *u0 = calloc((size_t)b->next_id + 1, 1), *u1 = calloc((size_t)b->next_id + 1, 1);
            if (!u0 || !u1) {
                free(u0);
                free(u1);
                rc = oom(b);
                break;
            }
            mark_used(c->args[0], u0, b->next_id);
            mark_used(c->args[1], u1, b->next_id);
            int s0 = 0, s1 = 0; /* 1 probe, 2 build, 3 both */
            for (int id = 0; id < b->next_id; id++) {
                if (u0[id]) s0 |= inprobe[id] ? 1 : inbuild[id] ? 2 : 3;
                if (u1[id]) s1 |= inprobe[id] ? 1 : inbuild[id] ? 2 : 3;
            }
            free(u0);
            free(u1);
            if ((s0 == 1 && s1 == 2) || (s0 == 2 && s1 == 1)) {
                mn_expr *pe = s0 == 1 ? c->args[0] : c->args[1], *be = s0 == 1 ? c->args[1] : c->args[0];
                if (remap_expr(b, pe, probe, &pk[nk]) || remap_expr(b, be, build, &bk[nk])) {
                    rc = -1;
                    break;
                }
                nk++;
                keyed = true;
            }
        }
        if (keyed) continue;
        if (kind == MN_JOINK_LEFT && any_b && !any_p) bfil[nbf++] = c;
        else res[nres++] = c;
    }
    free(inprobe);
    free(inbuild);
    if (rc) return -1;
    if (add_filter(b, build, bfil, nbf)) return -1;
    /* joined layout: probe then build */
    pnode j;
    j.ncols = probe->ncols + build->ncols;
    j.ids = mn_arena_alloc(b->a, sizeof(int) * (size_t)(j.ncols + 1));
    if (!j.ids) return oom(b);
    memcpy(j.ids, probe->ids, sizeof(int) * (size_t)probe->ncols);
    memcpy(j.ids + probe->ncols, build->ids, sizeof(int) * (size_t)build->ncols);
    j.rows = probe->rows > build->rows ? probe->rows : build->rows;
    mn_expr *residual = NULL;
    if (nres > 0) {
        mn_expr **loc = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)nres);
        if (!loc) return oom(b);
        for (int i = 0; i < nres; i++)
            if (remap_expr(b, res[i], &j, &loc[i])) return -1;
        residual = make_and(b, loc, nres);
        if (!residual) return oom(b);
    }
    if (nk > 0) j.op = mn_op_hash_join(b->a, probe->op, build->op, kind, pk, bk, nk, residual, b->err);
    else if (kind == MN_JOINK_FULL)
        return mn_error_set_pos(b->err, MN_ERR_NOT_SUPPORTED, f->pos.line, f->pos.column,
                                "FULL JOIN without an equality condition is not supported yet");
    else j.op = mn_op_nested_loop_join(b->a, probe->op, build->op, kind, residual, b->err);
    if (!j.op) return -1;
    j.op->estimated_rows = j.rows;
    *out = j;
    return 0;
}

/* A conjunct `column <op> constant` (either way round) or `column IN (constants)` is pushed
 * down into a Parquet scan, which skips row groups, pages and batches with it. */
static void prune_with(binder *b, pnode *p, const mn_expr *c) {
    if (c->kind == MN_EXPR_IN && !c->negated && c->nargs >= 2 && c->args[0]->kind == MN_EXPR_COLUMN) {
        int pos = find_pos(p, c->args[0]->column);
        mn_value *vals = pos >= 0 ? mn_arena_alloc(b->a, sizeof *vals * (size_t)(c->nargs - 1)) : NULL;
        if (!vals) return;
        for (int i = 1; i < c->nargs; i++) {
            if (c->args[i]->kind != MN_EXPR_CONST) return;
            vals[i - 1] = c->args[i]->value;
        }
        mn_parquet_scan_push(p->op, pos, MN_PQ_PRED_IN, c->nargs - 1, vals);
        return;
    }
    if (c->kind != MN_EXPR_CALL || !c->name || c->nargs != 2) return;
    static const struct {
        const char *name;
        int op, flipped;
    } ops[] = {{"=", MN_PQ_PRED_EQ, MN_PQ_PRED_EQ}, {"<", MN_PQ_PRED_LT, MN_PQ_PRED_GT},
               {"<=", MN_PQ_PRED_LE, MN_PQ_PRED_GE}, {">", MN_PQ_PRED_GT, MN_PQ_PRED_LT},
               {">=", MN_PQ_PRED_GE, MN_PQ_PRED_LE}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(c->name, ops[i].name) != 0) continue;
        const mn_expr *a = c->args[0], *k = c->args[1];
        int op = ops[i].op;
        if (a->kind == MN_EXPR_CONST && k->kind == MN_EXPR_COLUMN) {
            const mn_expr *t = a;
            a = k;
            k = t;
            op = ops[i].flipped;
        }
        if (a->kind != MN_EXPR_COLUMN || k->kind != MN_EXPR_CONST) return;
        int pos = find_pos(p, a->column);
        if (pos >= 0) mn_parquet_scan_prune(p->op, pos, op, &k->value);
        return;
    }
}

/* Adds, for each item, a filter derived from OR conjuncts whose every branch restricts it. */
static int derive_or_filters(jctx *j, uint64_t *masks) {
    binder *b = j->b;
    int n0 = j->nconj;
    for (int c = 0; c < n0; c++) {
        mn_expr *e = j->conj[c];
        if (e->kind != MN_EXPR_OR || __builtin_popcountll(masks[c]) < 2) continue;
        for (int it = 0; it < j->nitems; it++) {
            uint64_t bit = UINT64_C(1) << it;
            if (!(masks[c] & bit)) continue;
            mn_expr *disj = mn_expr_new(b->a, MN_EXPR_OR, mn_type_make(MN_T_BOOLEAN), e->nargs);
            if (!disj) return oom(b);
            bool ok = true;
            for (int k = 0; k < e->nargs && ok; k++) {
                mn_expr **parts = NULL;
                int np = 0, cap = 0;
                if (split_conjuncts(b, e->args[k], &parts, &np, &cap)) return -1;
                mn_expr **mine = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(np + 1));
                if (!mine) return oom(b);
                int nm = 0;
                for (int q = 0; q < np; q++)
                    if (expr_mask(j, parts[q]) == bit) mine[nm++] = parts[q];
                if (nm == 0) ok = false;
                else disj->args[k] = make_and(b, mine, nm);
            }
            if (!ok) continue;
            if (j->nconj == j->cap) {
                mn_expr **l = NULL;
                int cap = j->cap * 2 + 8;
                l = mn_arena_alloc(b->a, sizeof *l * (size_t)cap);
                if (!l) return oom(b);
                memcpy(l, j->conj, sizeof *l * (size_t)j->nconj);
                j->conj = l;
                j->cap = cap;
            }
            j->conj[j->nconj] = disj;
            masks[j->nconj] = bit;
            j->nconj++;
        }
    }
    return 0;
}

/* Pulls conjuncts common to every branch of an OR out of it: (a AND b) OR (a AND c) -> a AND (b OR c). */
static mn_expr *factor_or(binder *b, mn_expr *e) {
    if (e->kind != MN_EXPR_OR) return e;
    mn_expr ***parts = mn_arena_alloc(b->a, sizeof(mn_expr **) * (size_t)e->nargs);
    int *np = mn_arena_calloc(b->a, sizeof(int) * (size_t)e->nargs);
    if (!parts || !np) return e;
    for (int k = 0; k < e->nargs; k++) {
        int cap = 0;
        parts[k] = NULL;
        if (split_conjuncts(b, e->args[k], &parts[k], &np[k], &cap)) return e;
    }
    mn_expr **common = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(np[0] + 1));
    if (!common) return e;
    int nc = 0;
    for (int q = 0; q < np[0]; q++) {
        bool everywhere = true;
        for (int k = 1; k < e->nargs && everywhere; k++) {
            bool found = false;
            for (int r = 0; r < np[k] && !found; r++) found = mn_expr_equal(parts[0][q], parts[k][r]);
            everywhere = found;
        }
        if (everywhere) common[nc++] = parts[0][q];
    }
    if (nc == 0) return e;
    mn_expr *rest = mn_expr_new(b->a, MN_EXPR_OR, e->type, e->nargs);
    if (!rest) return e;
    for (int k = 0; k < e->nargs; k++) {
        mn_expr **keep = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(np[k] + 1));
        if (!keep) return e;
        int nk = 0;
        for (int r = 0; r < np[k]; r++) {
            bool is_common = false;
            for (int q = 0; q < nc && !is_common; q++) is_common = mn_expr_equal(parts[k][r], common[q]);
            if (!is_common) keep[nk++] = parts[k][r];
        }
        if (nk == 0) return make_and(b, common, nc); /* a branch is just the common part: OR is implied */
        rest->args[k] = make_and(b, keep, nk);
    }
    mn_expr *all = mn_expr_new(b->a, MN_EXPR_AND, e->type, nc + 1);
    if (!all) return e;
    memcpy(all->args, common, sizeof(mn_expr *) * (size_t)nc);
    all->args[nc] = rest;
    return all;
}

static bool is_equi_between(jctx *j, const mn_expr *c, uint64_t left, uint64_t right, int *left_arg) {
    if (c->kind != MN_EXPR_CALL || !c->name || strcmp(c->name, "=") != 0 || c->nargs != 2) return false;
    uint64_t m0 = expr_mask(j, c->args[0]), m1 = expr_mask(j, c->args[1]);
    if (!m0 || !m1) return false;
    if ((m0 & ~left) == 0 && (m1 & ~right) == 0) {
        *left_arg = 0;
        return true;
    }
    if ((m1 & ~left) == 0 && (m0 & ~right) == 0) {
        *left_arg = 1;
        return true;
    }
    return false;
}

/* Estimated rows of an equi-join of the relations in `left` (lrows) with the one in
 * `right` (rrows) on the not yet applied conjuncts between them: |L|·|R| / max(distinct
 * keys) for the most selective key with statistics, else the larger input (keys assumed
 * to be a foreign key into the smaller side). */
static double join_rows(jctx *j, const bool *applied, uint64_t left, uint64_t right, double lrows, double rrows) {
    double rows = -1;
    for (int c = 0; c < j->nconj; c++) {
        int la;
        if (applied[c] || !is_equi_between(j, j->conj[c], left, right, &la)) continue;
        double nl = est_key_ndv(j->b, j->conj[c]->args[la], lrows);
        double nr = est_key_ndv(j->b, j->conj[c]->args[1 - la], rrows);
        if (nl > 0 && nr > 0) {
            double r = lrows * rrows / (nl > nr ? nl : nr);
            if (r < 1) r = 1;
            if (rows < 0 || r < rows) rows = r;
        }
    }
    return rows > 0 ? rows : lrows > rrows ? lrows : rrows;
}

int plan_from(binder *b, fnode *f, mn_expr **conj_in, int nconj_in, const unsigned char *used, pnode *out) {
    jctx *j = calloc(1, sizeof *j);
    if (!j) return oom(b);
    int rc = -1;
    uint64_t *masks = NULL;
    bool *applied = NULL;
    j->b = b;
    j->item_of_id = malloc((size_t)b->next_id + 1);
    if (!j->item_of_id) {
        oom(b);
        goto done;
    }
    memset(j->item_of_id, -1, (size_t)b->next_id + 1);
    for (int i = 0; i < nconj_in; i++)
        if (split_conjuncts(b, factor_or(b, conj_in[i]), &j->conj, &j->nconj, &j->cap)) goto done;
    if (flatten(j, f)) goto done;
    {
        /* factor ORs that came from ON clauses too */
        int n = j->nconj;
        mn_expr **again = NULL;
        int na = 0, ca = 0;
        for (int i = 0; i < n; i++)
            if (split_conjuncts(b, factor_or(b, j->conj[i]), &again, &na, &ca)) goto done;
        j->conj = again;
        j->nconj = na;
        j->cap = ca;
    }
    masks = calloc((size_t)j->nconj * (size_t)(j->nitems + 1) + 8, sizeof *masks);
    if (!masks) {
        oom(b);
        goto done;
    }
    for (int c = 0; c < j->nconj; c++) masks[c] = expr_mask(j, j->conj[c]);
    if (derive_or_filters(j, masks)) goto done;
    applied = calloc((size_t)j->nconj + 1, sizeof *applied);
    if (!applied) {
        oom(b);
        goto done;
    }
    /* leaves with their own filters */
    for (int it = 0; it < j->nitems; it++) {
        item *I = &j->items[it];
        mn_expr **mine = malloc(sizeof(mn_expr *) * (size_t)(j->nconj + 1));
        if (!mine) {
            oom(b);
            goto done;
        }
        int nm = 0;
        for (int c = 0; c < j->nconj; c++)
            if (masks[c] == (UINT64_C(1) << it)) {
                mine[nm++] = j->conj[c];
                applied[c] = true;
            }
        int frc;
        if (I->f->kind == F_UNNEST) { /* its conjuncts may go below the unnest */
            frc = build_unnest(b, I->f, used, mine, nm, &I->p);
            nm = 0;
        } else {
            frc = build_leaf(b, I->f, used, &I->p);
        }
        if (frc) {
            free(mine);
            goto done;
        }
        for (int c = 0; c < nm; c++) prune_with(b, &I->p, mine[c]);
        if (nm > 0 && I->p.op->estimated_rows >= 0) I->p.rows = I->p.op->estimated_rows > 1 ? I->p.op->estimated_rows : 1;
        frc = add_filter(b, &I->p, mine, nm);
        free(mine);
        if (frc) goto done;
        I->rows = I->p.rows;
    }
    /* greedy join order */
    int start = 0;
    for (int it = 1; it < j->nitems; it++)
        if (j->items[it].rows > j->items[start].rows) start = it;
    pnode cur = j->items[start].p;
    uint64_t have = UINT64_C(1) << start;
    for (int step = 1; step < j->nitems; step++) {
        int best = -1;
        bool best_connected = false;
        double best_est = -1;
        for (int it = 0; it < j->nitems; it++) {
            uint64_t bit = UINT64_C(1) << it;
            if (have & bit) continue;
            bool connected = false;
            int la;
            for (int c = 0; c < j->nconj && !connected; c++)
                if (!applied[c] && is_equi_between(j, j->conj[c], have, bit, &la)) connected = true;
            /* connected first, then the smallest estimated result, then the smallest input */
            double est = connected ? join_rows(j, applied, have, bit, cur.rows, j->items[it].rows) : -1;
            if (best < 0 || (connected && !best_connected) ||
                (connected == best_connected &&
                 (est < best_est || (est == best_est && j->items[it].rows < j->items[best].rows)))) {
                best = it;
                best_connected = connected;
                best_est = est;
            }
        }
        item *B = &j->items[best];
        uint64_t bit = UINT64_C(1) << best;
        mn_expr **pk = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(j->nconj + 1));
        mn_expr **bk = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(j->nconj + 1));
        if (!pk || !bk) {
            oom(b);
            goto done;
        }
        int nk = 0;
        double keyed_rows = join_rows(j, applied, have, bit, cur.rows, B->rows);
        for (int c = 0; c < j->nconj; c++) {
            int la;
            if (applied[c] || !is_equi_between(j, j->conj[c], have, bit, &la)) continue;
            if (remap_expr(b, j->conj[c]->args[la], &cur, &pk[nk]) ||
                remap_expr(b, j->conj[c]->args[1 - la], &B->p, &bk[nk]))
                goto done;
            nk++;
            applied[c] = true;
        }
        pnode nj;
        nj.ncols = cur.ncols + B->p.ncols;
        nj.ids = mn_arena_alloc(b->a, sizeof(int) * (size_t)(nj.ncols + 1));
        if (!nj.ids) {
            oom(b);
            goto done;
        }
        memcpy(nj.ids, cur.ids, sizeof(int) * (size_t)cur.ncols);
        memcpy(nj.ids + cur.ncols, B->p.ids, sizeof(int) * (size_t)B->p.ncols);
        if (nk > 0) {
            nj.op = mn_op_hash_join(b->a, cur.op, B->p.op, MN_JOINK_INNER, pk, bk, nk, NULL, b->err);
            nj.rows = keyed_rows;
        } else {
            nj.op = mn_op_nested_loop_join(b->a, cur.op, B->p.op, MN_JOINK_INNER, NULL, b->err);
            nj.rows = cur.rows * B->rows;
        }
        if (!nj.op) goto done;
        nj.op->estimated_rows = nj.rows;
        have |= bit;
        /* conjuncts now fully available */
        mn_expr **now = malloc(sizeof(mn_expr *) * (size_t)(j->nconj + 1));
        if (!now) {
            oom(b);
            goto done;
        }
        int nn = 0;
        for (int c = 0; c < j->nconj; c++)
            if (!applied[c] && masks[c] && (masks[c] & ~have) == 0) {
                now[nn++] = j->conj[c];
                applied[c] = true;
            }
        int frc = add_filter(b, &nj, now, nn);
        free(now);
        if (frc) goto done;
        cur = nj;
    }
    {
        /* what is left: constant conjuncts */
        mn_expr **rest = malloc(sizeof(mn_expr *) * (size_t)(j->nconj + 1));
        if (!rest) {
            oom(b);
            goto done;
        }
        int nr = 0;
        for (int c = 0; c < j->nconj; c++)
            if (!applied[c]) rest[nr++] = j->conj[c];
        int frc = add_filter(b, &cur, rest, nr);
        free(rest);
        if (frc) goto done;
    }
    *out = cur;
    rc = 0;
done:
    free(masks);
    free(applied);
    free(j->item_of_id);
    free(j);
    return rc;
}
