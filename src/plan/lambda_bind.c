/* lambda_bind.c — binding lambda expressions (x -> body, (s, x) -> body) in the arguments
 * of higher-order functions. The function layer (lambda_fns.c) decides the parameter types
 * from the call's other arguments and asks for each lambda through a callback; here a
 * lambda's parameters get fresh ids in a lambda scope that shadows the columns, its body is
 * bound over that scope and the enclosing one, and the result is closed: parameters become
 * columns 0..nparams-1 of the body's own layout, and every reference to the enclosing query
 * (a column, or an aggregate/window/subquery placeholder not depending on the parameters)
 * becomes a capture — an argument of the call, replicated per element at run time. So the
 * planner sees captures as ordinary arguments (remapping, grouping and column pruning work
 * unchanged) and never looks inside a body. */
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "plan/plan_internal.h"

#define ERRP(b, p, code, ...) mn_error_set_pos((b)->err, code, (p).line, (p).column, __VA_ARGS__)

typedef struct lambda_scope {
    int n;
    const mn_ident *names;
    int ids[MN_LAMBDA_MAX_PARAMS];
    mn_type types[MN_LAMBDA_MAX_PARAMS];
    scope *s; /* the scope the lambda is bound over (subqueries in the body have others) */
    struct lambda_scope *parent;
} lambda_scope;

static int oom(binder *b) { return mn_error_set(b->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

int resolve_lambda_param(binder *b, scope *s, const mn_qname *qn, mn_pos pos, mn_expr **out) {
    const mn_ident *first = &qn->parts[0];
    for (lambda_scope *l = b->lambdas; l; l = l->parent) {
        if (l->s != s) continue;
        for (int i = 0; i < l->n; i++) {
            if (strcasecmp(l->names[i].name, first->name) != 0) continue;
            mn_expr *e = mn_expr_column(b->a, l->ids[i], l->types[i]);
            if (!e) return oom(b);
            e->pos = pos;
            for (int f = 1; f < qn->n; f++) {
                const char *fname = qn->parts[f].quoted ? qn->parts[f].name : ident_lower(b->a, &qn->parts[f]);
                if (!fname) return oom(b);
                if (mn_func_bind_field(b->a, e, fname, 0, pos, &e, b->err)) return -1;
            }
            *out = e;
            return 0;
        }
    }
    return 1;
}

/* ---------- closing a bound body ---------- */

typedef struct closer {
    binder *b;
    const lambda_scope *ls;
    int ncap, cap;
    mn_expr **caps;
    mn_pos pos;
} closer;

static int param_index(const lambda_scope *ls, int id) {
    for (int i = 0; i < ls->n; i++)
        if (ls->ids[i] == id) return i;
    return -1;
}

static bool uses_params(const lambda_scope *ls, const mn_expr *e) {
    if (e->kind == MN_EXPR_COLUMN) return param_index(ls, e->column) >= 0;
    for (int i = 0; i < e->nargs; i++)
        if (uses_params(ls, e->args[i])) return true;
    return false;
}

/* Rewrites e (a fresh copy) into the body layout: parameters → 0..n-1, captures after. */
static int close_expr(closer *c, mn_expr *e, mn_expr **out) {
    bool placeholder = e->kind == MN_EXPR_CALL && !e->impl;
    if (e->kind == MN_EXPR_COLUMN || placeholder) {
        int p = e->kind == MN_EXPR_COLUMN ? param_index(c->ls, e->column) : -1;
        if (p >= 0) {
            *out = mn_expr_column(c->b->a, p, e->type);
            if (!*out) return oom(c->b);
            (*out)->pos = e->pos;
            return 0;
        }
        if (placeholder && uses_params(c->ls, e))
            return ERRP(c->b, e->pos.line ? e->pos : c->pos, MN_ERR_NOT_SUPPORTED,
                        "Lambda parameters cannot be used in aggregate, window or subquery expressions");
        int k = 0;
        while (k < c->ncap && !mn_expr_equal(c->caps[k], e)) k++;
        if (k == c->ncap) {
            void *grown = grow_array(c->b, c->caps, c->ncap, &c->cap, sizeof *c->caps, 4);
            if (!grown) return -1;
            c->caps = grown;
            c->caps[c->ncap++] = e;
        }
        *out = mn_expr_column(c->b->a, c->ls->n + k, e->type);
        if (!*out) return oom(c->b);
        (*out)->pos = e->pos;
        return 0;
    }
    for (int i = 0; i < e->nargs; i++)
        if (close_expr(c, e->args[i], &e->args[i])) return -1;
    *out = e;
    return 0;
}

/* ---------- the callback the function layer calls ---------- */

typedef struct lambda_ctx {
    binder *b;
    scope *s;
    agg_list *aggs;
    const mn_ast_expr *call;
} lambda_ctx;

static int bind_lambda(void *ud, int k, const mn_type *params, int nparams, mn_lambda **out, mn_error *err) {
    lambda_ctx *lc = ud;
    binder *b = lc->b;
    const mn_ast_expr *call = lc->call;
    const mn_ast_expr *arg = k < call->u.function.args.n ? call->u.function.args.items[k] : NULL;
    if (!arg || arg->kind != MN_AST_LAMBDA)
        return ERRP(b, arg ? arg->pos : call->pos, MN_ERR_TYPE_MISMATCH,
                    "Argument %d of function %s must be a lambda expression taking %d argument(s)", k + 1,
                    call->u.function.name.parts[call->u.function.name.n - 1].name, nparams);
    if (arg->u.lambda.nparams != nparams)
        return ERRP(b, arg->pos, MN_ERR_TYPE_MISMATCH, "Expected a lambda that takes %d argument(s) but got %d",
                    nparams, arg->u.lambda.nparams);
    for (int i = 0; i < nparams; i++)
        for (int j = 0; j < i; j++)
            if (strcasecmp(arg->u.lambda.params[i].name, arg->u.lambda.params[j].name) == 0)
                return ERRP(b, arg->u.lambda.params[i].pos, MN_ERR_SEMANTIC, "Duplicate lambda parameter: %s",
                            arg->u.lambda.params[i].name);
    lambda_scope ls;
    memset(&ls, 0, sizeof ls);
    ls.n = nparams;
    ls.names = arg->u.lambda.params;
    ls.s = lc->s;
    ls.parent = b->lambdas;
    for (int i = 0; i < nparams; i++) {
        ls.types[i] = params[i];
        if ((ls.ids[i] = new_id(b, params[i])) < 0) return oom(b);
    }
    int nagg = lc->aggs ? lc->aggs->n : 0, nwin = b->wins ? b->wins->n : 0;
    b->lambdas = &ls;
    mn_expr *body;
    int rc = bind_expr(b, lc->s, lc->aggs, arg->u.lambda.body, &body);
    b->lambdas = ls.parent;
    if (rc) return -1;
    /* an aggregate in the body is computed per group, outside the lambda */
    for (int i = nagg; lc->aggs && i < lc->aggs->n; i++) {
        const mn_agg_call *ac = lc->aggs->calls[i];
        for (int a = 0; a < ac->nargs; a++)
            if (uses_params(&ls, ac->args[a]))
                return ERRP(b, ac->pos, MN_ERR_NOT_SUPPORTED,
                            "Lambda parameters cannot be used in aggregate, window or subquery expressions");
    }
    for (int i = nwin; b->wins && i < b->wins->n; i++) {
        const win_rec *w = &b->wins->recs[i];
        bool uses = false;
        for (int a = 0; a < w->nargs; a++) uses |= uses_params(&ls, w->args[a]);
        for (int a = 0; a < w->npartition; a++) uses |= uses_params(&ls, w->partition[a]);
        for (int a = 0; a < w->norder; a++) uses |= uses_params(&ls, w->order[a].expr);
        for (int a = 0; w->agg && a < w->agg->nargs; a++) uses |= uses_params(&ls, w->agg->args[a]);
        if (uses)
            return ERRP(b, w->pos, MN_ERR_NOT_SUPPORTED,
                        "Lambda parameters cannot be used in aggregate, window or subquery expressions");
    }
    closer c;
    memset(&c, 0, sizeof c);
    c.b = b;
    c.ls = &ls;
    c.pos = arg->pos;
    mn_expr *copy = mn_expr_copy(b->a, body);
    if (!copy) return oom(b);
    if (close_expr(&c, copy, &body)) return -1;
    mn_lambda *l = mn_arena_calloc(b->a, sizeof *l);
    if (!l) return oom(b);
    l->nparams = nparams;
    memcpy(l->params, params, sizeof(mn_type) * (size_t)nparams);
    l->body = fold_constants(b, body);
    l->ncaptures = c.ncap;
    l->captures = c.caps;
    *out = l;
    (void)err;
    return 0;
}

int bind_higher_order(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, const char *name, mn_expr **out) {
    int n = e->u.function.args.n;
    if (e->u.function.name.n > 1)
        return ERRP(b, e->pos, MN_ERR_FUNCTION_NOT_FOUND, "Function '%s' not registered", name);
    mn_expr **args = mn_arena_calloc(b->a, sizeof(mn_expr *) * (size_t)(n ? n : 1));
    if (!args) return oom(b);
    for (int i = 0; i < n; i++) {
        const mn_ast_expr *a = e->u.function.args.items[i];
        if (a->kind != MN_AST_LAMBDA && bind_expr(b, s, aggs, a, &args[i])) return -1;
    }
    lambda_ctx lc = {b, s, aggs, e};
    if (mn_func_bind_higher_order(b->a, name, args, n, bind_lambda, &lc, e->pos, out, b->err)) return -1;
    (*out)->pos = e->pos;
    return 0;
}
