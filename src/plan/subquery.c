/* subquery.c — subqueries inside expressions (scalar, EXISTS, IN, ANY/ALL).
 *
 * Uncorrelated subqueries are planned and run while the outer query is planned, and their
 * result becomes a constant (scalar, EXISTS) or a constant list (IN, ANY/ALL): they are
 * computed once, never per row.
 *
 * Correlated subqueries are decorrelated into joins, never re-run per row:
 *  - a top-level WHERE conjunct [NOT] EXISTS (…) or x IN (…) becomes a semi (anti) hash join
 *    on the equality correlations, the other correlated predicates as its residual;
 *  - anything else is "applied": the outer rows get a row id, are outer-joined with the
 *    subquery's relation on the correlated predicates, and grouped by row id; the
 *    subquery's aggregates (each filtered to matched rows, so count(*) of no match is 0)
 *    or a match marker give one result column per outer row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "exec/executor.h"
#include "plan/plan_internal.h"

#define ERRP(b, p, code, ...) mn_error_set_pos((b)->err, code, (p).line, (p).column, __VA_ARGS__)

static int oom(binder *b) { return mn_error_set(b->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

bool has_subq_ref(const mn_expr *e) {
    if (!e) return false;
    if (e->kind == MN_EXPR_CALL && !e->impl && e->name && strcmp(e->name, SUBQ_REF_NAME) == 0) return true;
    for (int i = 0; i < e->nargs; i++)
        if (has_subq_ref(e->args[i])) return true;
    return false;
}

mn_expr *replace_subq_refs(binder *b, mn_expr *e, subq_list *sl) {
    if (!e) return e;
    if (e->kind == MN_EXPR_CALL && !e->impl && e->name && strcmp(e->name, SUBQ_REF_NAME) == 0) {
        subq_rec *r = &sl->recs[e->column];
        mn_expr *c = mn_expr_column(b->a, r->result_id, r->type);
        if (c) c->pos = e->pos;
        return c;
    }
    for (int i = 0; i < e->nargs; i++) {
        e->args[i] = replace_subq_refs(b, e->args[i], sl);
        if (!e->args[i]) return NULL;
    }
    return e;
}

/* Plans q on its own. *correlated is set (and no error is left) when it refers to the
 * enclosing block. */
int plan_subquery_standalone(binder *b, const mn_ast_query *q, mn_planned_query *pq, bool *correlated) {
    bool saved_abort = b->corr_abort, saved_allow = b->allow_outer;
    subq_list *saved_sq = b->subqs;
    b->corr_abort = false;
    b->allow_outer = false;
    b->ctx->depth++;
    int rc = b->ctx->depth > 100 ? mn_error_set(b->err, MN_ERR_NOT_SUPPORTED, "Query is too deeply nested")
                                 : plan_query_body(b, q, pq);
    b->ctx->depth--;
    *correlated = b->corr_abort;
    if (rc && b->corr_abort) {
        mn_error_clear(b->err);
        rc = 0;
    }
    b->corr_abort = saved_abort;
    b->allow_outer = saved_allow;
    b->subqs = saved_sq;
    return rc;
}

/* ---------- uncorrelated: run now ---------- */

typedef struct collect {
    mn_arena *a;
    mn_value *vals;
    int n, cap;
    int limit; /* stop after this many rows (-1: all) */
    bool more;
} collect;

static int collect_cb(void *ud, mn_chunk *c, mn_error *err) {
    collect *k = ud;
    for (int i = 0; i < c->count; i++) {
        if (k->limit >= 0 && k->n >= k->limit) {
            k->more = true;
            return 1;
        }
        if (k->n == k->cap) {
            int cap = k->cap ? k->cap * 2 : 16;
            mn_value *v = realloc(k->vals, sizeof *v * (size_t)cap);
            if (!v) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            k->vals = v;
            k->cap = cap;
        }
        mn_value *v = &k->vals[k->n++];
        mn_vector_get_value(&c->cols[0], i, v);
        if (!v->is_null && mn_type_is_varlen(v->type)) {
            char *p = mn_arena_alloc(k->a, v->u.s.len ? v->u.s.len : 1);
            if (!p) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            if (v->u.s.len) memcpy(p, v->u.s.ptr, v->u.s.len);
            v->u.s.ptr = p;
        }
    }
    return 0;
}

static int run_now(binder *b, mn_planned_query *pq, int limit, collect *k) {
    memset(k, 0, sizeof *k);
    k->a = b->a;
    k->limit = limit;
    /* the subquery runs with its own cancellation flag so a LIMIT there cannot stop the query */
    int rc = mn_execute_plan(pq->root, b->ctx->q, collect_cb, k, b->err);
    atomic_store(&b->ctx->q->cancelled, 0);
    return rc;
}

static mn_expr *const_expr(binder *b, const mn_value *v, mn_pos pos) {
    mn_expr *e = mn_expr_const(b->a, v);
    if (e) e->pos = pos;
    return e;
}

/* The function of a comparison operator, NULL for other operators. */
static const char *cmp_name(mn_ast_op op) {
    switch (op) {
    case MN_OP_EQ:
    case MN_OP_NE:
    case MN_OP_LT:
    case MN_OP_LE:
    case MN_OP_GT:
    case MN_OP_GE: return ast_op_name(op);
    default: return NULL;
    }
}

/* operand IN (values) / operand op ANY|ALL (values), as an expression over constants. */
static int list_predicate(binder *b, mn_expr *operand, mn_type vt, collect *k, const mn_ast_expr *e, mn_expr **out) {
    mn_ast_op op = e->kind == MN_AST_QUANTIFIED ? e->u.quantified.op : MN_OP_EQ;
    bool all = e->kind == MN_AST_QUANTIFIED && e->u.quantified.quantifier == MN_QUANT_ALL;
    bool negated = e->kind == MN_AST_IN_SUBQUERY && e->u.in_subquery.negated;
    mn_value bv;
    memset(&bv, 0, sizeof bv);
    bv.type = mn_type_make(MN_T_BOOLEAN);
    if (k->n == 0) { /* IN () is false, ANY () false, ALL () true */
        bv.u.i = all ? 1 : negated ? 1 : 0;
        *out = const_expr(b, &bv, e->pos);
        return *out ? 0 : oom(b);
    }
    if (op == MN_OP_EQ && !all) {
        mn_expr *x = mn_expr_new(b->a, MN_EXPR_IN, mn_type_make(MN_T_BOOLEAN), k->n + 1);
        if (!x) return oom(b);
        x->pos = e->pos;
        mn_type t;
        if (!mn_type_common_super(operand->type, vt, &t)) {
            char t1[64], t2[64];
            return ERRP(b, e->pos, MN_ERR_TYPE_MISMATCH, "Value and result of subquery must be of the same type: %s vs %s",
                        mn_type_name(operand->type, t1, sizeof t1), mn_type_name(vt, t2, sizeof t2));
        }
        if (mn_func_coerce(b->a, operand, t, &x->args[0], b->err)) return -1;
        for (int i = 0; i < k->n; i++) {
            mn_expr *c = const_expr(b, &k->vals[i], e->pos);
            if (!c) return oom(b);
            if (mn_func_coerce(b->a, c, t, &c, b->err)) return -1;
            x->args[i + 1] = fold_constants(b, c);
        }
        x->negated = negated;
        *out = x;
        return 0;
    }
    const char *name = cmp_name(op);
    if (!name) return ERRP(b, e->pos, MN_ERR_SEMANTIC, "Invalid quantified comparison");
    mn_expr *x = mn_expr_new(b->a, all ? MN_EXPR_AND : MN_EXPR_OR, mn_type_make(MN_T_BOOLEAN), k->n);
    if (!x) return oom(b);
    x->pos = e->pos;
    for (int i = 0; i < k->n; i++) {
        mn_expr *c = const_expr(b, &k->vals[i], e->pos);
        if (!c) return oom(b);
        mn_expr *args[2] = {operand, c};
        if (mn_func_bind_scalar(b->a, name, args, 2, e->pos, &x->args[i], b->err)) return -1;
    }
    *out = x;
    return 0;
}

static int add_rec(binder *b, subq_list *sl, subq_rec *r, mn_pos pos, mn_expr **out) {
    void *grown = grow_array(b, sl->recs, sl->n, &sl->cap, sizeof *sl->recs, 4);
    if (!grown) return -1;
    sl->recs = grown;
    sl->recs[sl->n] = *r;
    mn_expr *x = mn_expr_new(b->a, MN_EXPR_CALL, r->type, 0);
    if (!x) return oom(b);
    x->name = SUBQ_REF_NAME;
    x->column = sl->n;
    x->pos = pos;
    sl->n++;
    *out = x;
    return 0;
}

typedef struct bound_sub bound_sub;
struct bound_sub {
    int first_inner;
    pnode inner;        /* the subquery's FROM with its own predicates */
    mn_expr **corr;     /* correlated predicates */
    int ncorr;
    mn_expr *value;     /* SQ_SCALAR: select expression (may hold aggregate placeholders); SQ_IN: the column */
    agg_list aggs;
};
static int bind_correlated(binder *b, subq_rec *r, scope *outer, bound_sub *bs);

int bind_subquery_expr(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, mn_expr **out) {
    const mn_ast_query *q = e->kind == MN_AST_SUBQUERY || e->kind == MN_AST_EXISTS ? e->u.subquery.query
                            : e->kind == MN_AST_IN_SUBQUERY                         ? e->u.in_subquery.query
                                                                                    : e->u.quantified.query;
    mn_expr *operand = NULL;
    if (e->kind == MN_AST_IN_SUBQUERY && bind_expr(b, s, aggs, e->u.in_subquery.operand, &operand)) return -1;
    if (e->kind == MN_AST_QUANTIFIED && bind_expr(b, s, aggs, e->u.quantified.operand, &operand)) return -1;
    scope *saved_outer = b->outer;
    b->outer = s;
    mn_planned_query pq;
    bool correlated = false;
    int rc = plan_subquery_standalone(b, q, &pq, &correlated);
    b->outer = saved_outer;
    if (rc) return -1;
    if (!correlated && pq.ncols != 1 && e->kind != MN_AST_EXISTS)
        return ERRP(b, e->pos, MN_ERR_NOT_SUPPORTED, "Multiple columns returned by subquery are not yet supported. Found %d",
                    pq.ncols);
    if (correlated) {
        if (!b->subqs || b->subqs->scope != s)
            return ERRP(b, e->pos, MN_ERR_NOT_SUPPORTED, "Correlated subqueries are not supported in this position");
        subq_rec r;
        memset(&r, 0, sizeof r);
        r.ast = e;
        r.query = q;
        r.operand = operand;
        r.type = mn_type_make(MN_T_BOOLEAN);
        if (e->kind == MN_AST_SUBQUERY) r.kind = SQ_SCALAR;
        else if (e->kind == MN_AST_EXISTS) r.kind = SQ_EXISTS;
        else if (e->kind == MN_AST_IN_SUBQUERY) r.kind = SQ_IN;
        else {
            r.kind = SQ_QUANTIFIED;
            r.op = e->u.quantified.op;
            r.all = e->u.quantified.quantifier == MN_QUANT_ALL;
        }
        if (r.kind == SQ_QUANTIFIED)
            return ERRP(b, e->pos, MN_ERR_NOT_SUPPORTED, "Correlated quantified comparisons are not supported yet");
        bound_sub *bs = mn_arena_calloc(b->a, sizeof *bs);
        if (!bs) return oom(b);
        if (bind_correlated(b, &r, s, bs)) return -1;
        r.bound = bs;
        if (r.kind == SQ_SCALAR) r.type = bs->value->type;
        mn_expr *x = NULL;
        if (add_rec(b, b->subqs, &r, e->pos, &x)) return -1;
        if (e->kind == MN_AST_EXISTS && e->u.subquery.negated) {
            mn_expr *n = mn_expr_new(b->a, MN_EXPR_NOT, mn_type_make(MN_T_BOOLEAN), 1);
            if (!n) return oom(b);
            n->args[0] = x;
            n->pos = e->pos;
            x = n;
        }
        if (e->kind == MN_AST_IN_SUBQUERY && e->u.in_subquery.negated) {
            mn_expr *n = mn_expr_new(b->a, MN_EXPR_NOT, mn_type_make(MN_T_BOOLEAN), 1);
            if (!n) return oom(b);
            n->args[0] = x;
            n->pos = e->pos;
            x = n;
        }
        *out = x;
        return 0;
    }
    collect k;
    mn_value v;
    switch (e->kind) {
    case MN_AST_SUBQUERY:
        if (run_now(b, &pq, 2, &k)) return -1;
        if (k.n > 1) {
            free(k.vals);
            return ERRP(b, e->pos, MN_ERR_SEMANTIC, "Scalar sub-query has returned multiple rows");
        }
        if (k.n == 0) mn_value_null(&v, pq.types[0]);
        else v = k.vals[0];
        v.type = pq.types[0];
        free(k.vals);
        *out = const_expr(b, &v, e->pos);
        return *out ? 0 : oom(b);
    case MN_AST_EXISTS:
        if (run_now(b, &pq, 1, &k)) return -1;
        memset(&v, 0, sizeof v);
        v.type = mn_type_make(MN_T_BOOLEAN);
        v.u.i = (k.n > 0) != e->u.subquery.negated;
        free(k.vals);
        *out = const_expr(b, &v, e->pos);
        return *out ? 0 : oom(b);
    default:
        if (run_now(b, &pq, -1, &k)) return -1;
        rc = list_predicate(b, operand, pq.types[0], &k, e, out);
        free(k.vals);
        return rc;
    }
}

/* ---------- correlated: decorrelate ---------- */

/* Which side's ids an expression uses: bit 1 outer (id < first_inner), bit 2 inner. */
static int sides(const mn_expr *e, int first_inner) {
    if (e->kind == MN_EXPR_COLUMN) return e->column < first_inner ? 1 : 2;
    int m = 0;
    for (int i = 0; i < e->nargs; i++) m |= sides(e->args[i], first_inner);
    return m;
}

static mn_expr *and_of(binder *b, mn_expr **l, int n) {
    if (n == 0) return NULL;
    if (n == 1) return l[0];
    mn_expr *x = mn_expr_new(b->a, MN_EXPR_AND, mn_type_make(MN_T_BOOLEAN), n);
    if (!x) return NULL;
    memcpy(x->args, l, sizeof(mn_expr *) * (size_t)n);
    return x;
}

/* *out = the AND of conds[0..n) remapped onto the layout of p (NULL when n == 0). */
static int remap_and(binder *b, mn_expr **conds, int n, const pnode *p, mn_expr **out) {
    *out = NULL;
    if (n == 0) return 0;
    mn_expr **loc = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)n);
    if (!loc) return oom(b);
    for (int i = 0; i < n; i++)
        if (remap_expr(b, conds[i], p, &loc[i])) return -1;
    if (!(*out = and_of(b, loc, n))) return oom(b);
    return 0;
}



/* Binds the subquery's FROM/WHERE/select against its own scope with the outer scope visible. */
static int bind_correlated(binder *b, subq_rec *r, scope *outer, bound_sub *bs) {
    const mn_ast_query *q = r->query;
    memset(bs, 0, sizeof *bs);
    if (q->body->kind != MN_QBODY_SELECT || q->nctes > 0)
        return ERRP(b, r->ast->pos, MN_ERR_NOT_SUPPORTED, "This correlated subquery shape is not supported yet");
    const mn_select *sel = q->body->u.select;
    if (sel->ngroup > 0 || sel->having || (r->kind != SQ_EXISTS && q->limit) || !sel->from)
        return ERRP(b, r->ast->pos, MN_ERR_NOT_SUPPORTED,
                    "Correlated subqueries with GROUP BY, HAVING or LIMIT are not supported yet");
    bs->first_inner = b->next_id;
    scope is;
    memset(&is, 0, sizeof is);
    fnode *f;
    scope *saved_outer = b->outer;
    bool saved_allow = b->allow_outer;
    subq_list *saved_sq = b->subqs;
    b->subqs = NULL;
    b->outer = NULL;
    int rc = bind_from(b, &is, sel->from, &f);
    b->outer = outer;
    b->allow_outer = true;
    mn_expr *where = NULL;
    if (rc == 0 && sel->where) rc = bind_bool(b, &is, NULL, sel->where, "WHERE", &where);
    if (rc == 0 && r->kind != SQ_EXISTS) {
        if (sel->nitems != 1 || sel->items[0].expr->kind == MN_AST_STAR)
            rc = ERRP(b, r->ast->pos, MN_ERR_NOT_SUPPORTED, "Multiple columns returned by subquery are not yet supported");
        else rc = bind_expr(b, &is, r->kind == SQ_SCALAR ? &bs->aggs : NULL, sel->items[0].expr, &bs->value);
    }
    b->outer = saved_outer;
    b->allow_outer = saved_allow;
    b->subqs = saved_sq;
    if (rc) return -1;
    mn_expr **conj = NULL, **inner_c = NULL;
    int nconj = 0, cap = 0;
    if (where) {
        where = fold_constants(b, where);
        if (split_conjuncts(b, where, &conj, &nconj, &cap)) return -1;
    }
    inner_c = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nconj + 1));
    bs->corr = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nconj + 1));
    if (!inner_c || !bs->corr) return oom(b);
    int ni = 0;
    for (int i = 0; i < nconj; i++) {
        if (sides(conj[i], bs->first_inner) & 1) bs->corr[bs->ncorr++] = conj[i];
        else inner_c[ni++] = conj[i];
    }
    if (bs->value && (sides(bs->value, bs->first_inner) & 1) && r->kind == SQ_IN)
        return ERRP(b, r->ast->pos, MN_ERR_NOT_SUPPORTED, "Correlated IN subquery selecting outer columns is not supported");
    unsigned char *used = calloc((size_t)b->next_id + 1, 1);
    if (!used) return oom(b);
    for (int i = 0; i < nconj; i++) mark_used(conj[i], used, b->next_id);
    mark_used(bs->value, used, b->next_id);
    for (int i = 0; i < bs->aggs.n; i++)
        for (int k = 0; k < bs->aggs.calls[i]->nargs; k++) mark_used(bs->aggs.calls[i]->args[k], used, b->next_id);
    rc = plan_from(b, f, inner_c, ni, used, &bs->inner);
    free(used);
    return rc;
}

/* Splits correlated predicates into equi keys (outer expr = inner expr) and the rest. */
static int split_keys(binder *b, bound_sub *bs, mn_expr ***ok, mn_expr ***ik, int *nk, mn_expr ***rest, int *nrest) {
    *ok = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(bs->ncorr + 1));
    *ik = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(bs->ncorr + 1));
    *rest = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(bs->ncorr + 1));
    if (!*ok || !*ik || !*rest) return oom(b);
    *nk = *nrest = 0;
    for (int i = 0; i < bs->ncorr; i++) {
        mn_expr *c = bs->corr[i];
        if (c->kind == MN_EXPR_CALL && c->name && strcmp(c->name, "=") == 0 && c->nargs == 2) {
            int s0 = sides(c->args[0], bs->first_inner), s1 = sides(c->args[1], bs->first_inner);
            if ((s0 == 1 && s1 == 2) || (s0 == 2 && s1 == 1)) {
                (*ok)[*nk] = s0 == 1 ? c->args[0] : c->args[1];
                (*ik)[*nk] = s0 == 1 ? c->args[1] : c->args[0];
                (*nk)++;
                continue;
            }
        }
        (*rest)[(*nrest)++] = c;
    }
    return 0;
}

static int concat_layout(binder *b, const pnode *l, const pnode *r, pnode *out) {
    out->ncols = l->ncols + r->ncols;
    out->ids = mn_arena_alloc(b->a, sizeof(int) * (size_t)(out->ncols + 1));
    if (!out->ids) return oom(b);
    memcpy(out->ids, l->ids, sizeof(int) * (size_t)l->ncols);
    memcpy(out->ids + l->ncols, r->ids, sizeof(int) * (size_t)r->ncols);
    return 0;
}

int try_semi_join(binder *b, subq_list *sl, mn_expr *conj, pnode *cur, bool *done) {
    *done = false;
    bool negated = false;
    mn_expr *ref = conj;
    if (ref->kind == MN_EXPR_NOT) {
        negated = true;
        ref = ref->args[0];
    }
    if (!(ref->kind == MN_EXPR_CALL && !ref->impl && ref->name && strcmp(ref->name, SUBQ_REF_NAME) == 0)) return 0;
    subq_rec *r = &sl->recs[ref->column];
    if (r->applied || (r->kind != SQ_EXISTS && !(r->kind == SQ_IN && !negated))) return 0;
    bound_sub bs = *(bound_sub *)r->bound;
    mn_expr **ok, **ik, **rest;
    int nk, nrest;
    if (split_keys(b, &bs, &ok, &ik, &nk, &rest, &nrest)) return -1;
    if (r->kind == SQ_IN) {
        /* x IN (SELECT y …) as a conjunct: x = y is one more key (NULLs never match) */
        mn_expr *args[2] = {r->operand, bs.value}, *eq;
        if (mn_func_bind_scalar(b->a, "=", args, 2, r->ast->pos, &eq, b->err)) return -1;
        ok[nk] = eq->args[0];
        ik[nk] = eq->args[1];
        nk++;
    }
    if (nk == 0) return 0; /* no equality: the general path handles it */
    mn_expr **pk = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)nk);
    mn_expr **bk = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)nk);
    if (!pk || !bk) return oom(b);
    for (int i = 0; i < nk; i++)
        if (remap_expr(b, ok[i], cur, &pk[i]) || remap_expr(b, ik[i], &bs.inner, &bk[i])) return -1;
    mn_expr *residual = NULL;
    if (nrest > 0) {
        pnode j;
        if (concat_layout(b, cur, &bs.inner, &j) || remap_and(b, rest, nrest, &j, &residual)) return -1;
    }
    mn_physop *op = mn_op_hash_join(b->a, cur->op, bs.inner.op, negated ? MN_JOINK_ANTI : MN_JOINK_SEMI, pk, bk, nk,
                                    residual, b->err);
    if (!op) return -1;
    op->estimated_rows = cur->rows;
    cur->op = op; /* semi/anti joins keep the probe layout */
    r->applied = true;
    *done = true;
    return 0;
}


static int apply_one(binder *b, subq_list *sl, subq_rec *r, pnode *cur) {
    bound_sub bs = *(bound_sub *)r->bound;
    /* outer rows with a row id */
    mn_physop *rid = mn_op_row_id(b->a, cur->op, b->err);
    if (!rid) return -1;
    int rid_id = new_id(b, mn_type_make(MN_T_BIGINT));
    if (rid_id < 0) return oom(b);
    pnode outer;
    outer.op = rid;
    outer.ncols = cur->ncols + 1;
    outer.ids = mn_arena_alloc(b->a, sizeof(int) * (size_t)outer.ncols);
    if (!outer.ids) return oom(b);
    memcpy(outer.ids, cur->ids, sizeof(int) * (size_t)cur->ncols);
    outer.ids[cur->ncols] = rid_id;
    outer.rows = cur->rows;
    /* inner rows with a match marker (never NULL on the inner side) */
    int mark_id = new_id(b, mn_type_make(MN_T_BOOLEAN));
    if (mark_id < 0) return oom(b);
    pnode inner;
    inner.ncols = bs.inner.ncols + 1;
    inner.ids = mn_arena_alloc(b->a, sizeof(int) * (size_t)inner.ncols);
    mn_expr **pe = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)inner.ncols);
    if (!inner.ids || !pe) return oom(b);
    for (int i = 0; i < bs.inner.ncols; i++) {
        inner.ids[i] = bs.inner.ids[i];
        pe[i] = mn_expr_column(b->a, i, bs.inner.op->types[i]);
        if (!pe[i]) return oom(b);
    }
    mn_value tv;
    memset(&tv, 0, sizeof tv);
    tv.type = mn_type_make(MN_T_BOOLEAN);
    tv.u.i = 1;
    pe[bs.inner.ncols] = mn_expr_const(b->a, &tv);
    inner.ids[bs.inner.ncols] = mark_id;
    inner.op = mn_op_project(b->a, bs.inner.op, pe, inner.ncols, b->err);
    if (!inner.op) return -1;
    inner.rows = bs.inner.rows;
    /* join: outer rows are preserved */
    mn_expr **ok, **ik, **rest;
    int nk, nrest;
    if (split_keys(b, &bs, &ok, &ik, &nk, &rest, &nrest)) return -1;
    pnode j;
    mn_physop *jop;
    if (nk > 0) {
        if (concat_layout(b, &inner, &outer, &j)) return -1;
        mn_expr **pk = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)nk);
        mn_expr **bk = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)nk);
        if (!pk || !bk) return oom(b);
        for (int i = 0; i < nk; i++)
            if (remap_expr(b, ik[i], &inner, &pk[i]) || remap_expr(b, ok[i], &outer, &bk[i])) return -1;
        mn_expr *residual;
        if (remap_and(b, rest, nrest, &j, &residual)) return -1;
        jop = mn_op_hash_join(b->a, inner.op, outer.op, MN_JOINK_RIGHT, pk, bk, nk, residual, b->err);
    } else {
        if (concat_layout(b, &outer, &inner, &j)) return -1;
        mn_expr *cond;
        if (remap_and(b, rest, nrest, &j, &cond)) return -1;
        jop = mn_op_nested_loop_join(b->a, outer.op, inner.op, MN_JOINK_LEFT, cond, b->err);
    }
    if (!jop) return -1;
    j.op = jop;
    j.rows = outer.rows;
    /* group by the row id and every outer column */
    int nkeys = outer.ncols;
    mn_expr **keys = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)nkeys);
    if (!keys) return oom(b);
    for (int i = 0; i < nkeys; i++) {
        mn_expr *c = mn_expr_column(b->a, outer.ids[i], b->id_types[outer.ids[i]]);
        if (!c || remap_expr(b, c, &j, &keys[i])) return c ? -1 : oom(b);
    }
    mn_expr *markcol = mn_expr_column(b->a, mark_id, mn_type_make(MN_T_BOOLEAN));
    if (!markcol) return oom(b);
    mn_expr *matched = mn_expr_new(b->a, MN_EXPR_IS_NULL, mn_type_make(MN_T_BOOLEAN), 1);
    if (!matched) return oom(b);
    matched->args[0] = markcol;
    matched->negated = true;
    agg_list aggs;
    memset(&aggs, 0, sizeof aggs);
    mn_expr *result = NULL; /* over the aggregate output: keys then aggs */
    if (r->kind == SQ_SCALAR) {
        aggs = bs.aggs;
        if (aggs.n == 0) {
            /* a plain column: the value of the (single) matching row */
            mn_expr *arg = bs.value;
            mn_agg_call *c;
            if (mn_func_bind_aggregate(b->a, "arbitrary", &arg, 1, false, false, r->ast->pos, &c, b->err)) return -1;
            aggs.calls = mn_arena_alloc(b->a, sizeof(mn_agg_call *));
            if (!aggs.calls) return oom(b);
            aggs.calls[0] = c;
            aggs.n = 1;
            result = mn_expr_column(b->a, nkeys, c->type);
        }
    } else {
        mn_expr *cnt_arg = markcol, *m;
        if (r->kind == SQ_IN) {
            /* 2 when some row equals, 1 when a comparison was NULL, 0 otherwise */
            mn_expr *args[2] = {r->operand, bs.value}, *eq;
            if (mn_func_bind_scalar(b->a, "=", args, 2, r->ast->pos, &eq, b->err)) return -1;
            mn_expr *isn = mn_expr_new(b->a, MN_EXPR_IS_NULL, mn_type_make(MN_T_BOOLEAN), 1);
            mn_expr *cs = mn_expr_new(b->a, MN_EXPR_CASE, mn_type_make(MN_T_INTEGER), 5);
            if (!isn || !cs) return oom(b);
            isn->args[0] = eq;
            mn_value v2, v1, v0;
            memset(&v2, 0, sizeof v2);
            v2.type = mn_type_make(MN_T_INTEGER);
            v1 = v0 = v2;
            v2.u.i = 2;
            v1.u.i = 1;
            v0.u.i = 0;
            cs->args[0] = eq;
            cs->args[1] = mn_expr_const(b->a, &v2);
            cs->args[2] = isn;
            cs->args[3] = mn_expr_const(b->a, &v1);
            cs->args[4] = mn_expr_const(b->a, &v0);
            cnt_arg = cs;
            mn_agg_call *c;
            if (mn_func_bind_aggregate(b->a, "max", &cnt_arg, 1, false, false, r->ast->pos, &c, b->err)) return -1;
            aggs.calls = mn_arena_alloc(b->a, sizeof(mn_agg_call *));
            if (!aggs.calls) return oom(b);
            aggs.calls[0] = c;
            aggs.n = 1;
            /* CASE max WHEN 2 THEN true WHEN 1 THEN NULL ELSE false */
            m = mn_expr_column(b->a, nkeys, c->type);
            mn_expr *a2[2] = {m, mn_expr_const(b->a, &v2)}, *a1[2] = {m, mn_expr_const(b->a, &v1)}, *e2, *e1;
            if (mn_func_bind_scalar(b->a, "=", a2, 2, r->ast->pos, &e2, b->err) ||
                mn_func_bind_scalar(b->a, "=", a1, 2, r->ast->pos, &e1, b->err))
                return -1;
            mn_value tvv = tv, fv = tv, nv;
            fv.u.i = 0;
            mn_value_null(&nv, mn_type_make(MN_T_BOOLEAN));
            result = mn_expr_new(b->a, MN_EXPR_CASE, mn_type_make(MN_T_BOOLEAN), 5);
            if (!result) return oom(b);
            result->args[0] = e2;
            result->args[1] = mn_expr_const(b->a, &tvv);
            result->args[2] = e1;
            result->args[3] = mn_expr_const(b->a, &nv);
            result->args[4] = mn_expr_const(b->a, &fv);
        } else {
            mn_agg_call *c;
            if (mn_func_bind_aggregate(b->a, "count", &cnt_arg, 1, false, false, r->ast->pos, &c, b->err)) return -1;
            aggs.calls = mn_arena_alloc(b->a, sizeof(mn_agg_call *));
            if (!aggs.calls) return oom(b);
            aggs.calls[0] = c;
            aggs.n = 1;
            mn_value zero;
            memset(&zero, 0, sizeof zero);
            zero.type = mn_type_make(MN_T_BIGINT);
            mn_expr *args[2] = {mn_expr_column(b->a, nkeys, c->type), mn_expr_const(b->a, &zero)};
            if (!args[0] || !args[1]) return oom(b);
            if (mn_func_bind_scalar(b->a, ">", args, 2, r->ast->pos, &result, b->err)) return -1;
        }
    }
    /* aggregates see only matched rows: count(*) of no match is 0, sum is NULL */
    for (int i = 0; i < aggs.n; i++) {
        mn_agg_call *c = aggs.calls[i];
        for (int k = 0; k < c->nargs; k++)
            if (remap_expr(b, c->args[k], &j, &c->args[k])) return -1;
        mn_expr *f = matched;
        if (c->filter) {
            mn_expr *both[2] = {c->filter, matched};
            f = and_of(b, both, 2);
            if (!f) return oom(b);
        }
        if (remap_expr(b, f, &j, &c->filter)) return -1;
    }
    mn_physop *agg = mn_op_hash_agg(b->a, j.op, keys, nkeys, aggs.calls, aggs.n, b->err);
    if (!agg) return -1;
    if (!result) {
        /* scalar over aggregates: rewrite the select expression onto the aggregate output */
        mn_expr *v = bs.value;
        /* replace aggregate placeholders by nkeys + index */
        mn_expr *stack[1] = {v};
        (void)stack;
        result = mn_expr_copy(b->a, v);
        if (!result) return oom(b);
        /* walk and replace */
        mn_expr *todo[256];
        int nt = 0;
        todo[nt++] = result;
        while (nt > 0) {
            mn_expr *x = todo[--nt];
            for (int i = 0; i < x->nargs; i++) {
                mn_expr *a = x->args[i];
                if (a->kind == MN_EXPR_CALL && !a->impl && a->name && strcmp(a->name, AGG_REF_NAME) == 0) {
                    x->args[i] = mn_expr_column(b->a, nkeys + a->column, a->type);
                    if (!x->args[i]) return oom(b);
                } else if (a->kind == MN_EXPR_COLUMN) {
                    return ERRP(b, r->ast->pos, MN_ERR_NOT_SUPPORTED,
                                "Subquery select expressions mixing columns and aggregates are not supported");
                } else if (nt < 256) {
                    todo[nt++] = a;
                }
            }
        }
        if (result->kind == MN_EXPR_CALL && !result->impl && result->name && strcmp(result->name, AGG_REF_NAME) == 0)
            result = mn_expr_column(b->a, nkeys + result->column, result->type);
        else if (result->kind == MN_EXPR_COLUMN)
            return ERRP(b, r->ast->pos, MN_ERR_NOT_SUPPORTED,
                        "Subquery select expressions mixing columns and aggregates are not supported");
    }
    /* outer columns, then the result */
    mn_expr **fin = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nkeys + 1));
    if (!fin) return oom(b);
    for (int i = 0; i < nkeys; i++) {
        fin[i] = mn_expr_column(b->a, i, agg->types[i]);
        if (!fin[i]) return oom(b);
    }
    fin[nkeys] = result;
    mn_physop *proj = mn_op_project(b->a, agg, fin, nkeys + 1, b->err);
    if (!proj) return -1;
    int res_id = new_id(b, result->type);
    if (res_id < 0) return oom(b);
    r->result_id = res_id;
    r->type = result->type;
    r->applied = true;
    cur->op = proj;
    cur->ncols = nkeys + 1;
    cur->ids = mn_arena_alloc(b->a, sizeof(int) * (size_t)cur->ncols);
    if (!cur->ids) return oom(b);
    memcpy(cur->ids, outer.ids, sizeof(int) * (size_t)nkeys);
    cur->ids[nkeys] = res_id;
    proj->estimated_rows = outer.rows;
    return 0;
}

void mark_subq_used(void *bound, unsigned char *used, int n) {
    bound_sub *bs = bound;
    if (!bs) return;
    for (int i = 0; i < bs->ncorr; i++) mark_used(bs->corr[i], used, n);
    mark_used(bs->value, used, n);
    for (int i = 0; i < bs->aggs.n; i++)
        for (int k = 0; k < bs->aggs.calls[i]->nargs; k++) mark_used(bs->aggs.calls[i]->args[k], used, n);
}

int apply_subqueries(binder *b, subq_list *sl, pnode *cur) {
    for (int i = 0; i < sl->n; i++) {
        if (sl->recs[i].applied) continue; /* already a semi join */
        if (apply_one(b, sl, &sl->recs[i], cur)) return -1;
    }
    return 0;
}
