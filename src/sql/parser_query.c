/* parser_query.c — queries: WITH, set operations (INTERSECT binds tighter than UNION
 * and EXCEPT), SELECT with its clauses, VALUES, TABLE, ORDER BY/OFFSET/LIMIT/FETCH, and
 * the FROM clause's relations and joins. */
#include <string.h>

#include "sql/parser_internal.h"

bool mn_p_starts_query(mn_parser *p, size_t k) {
    size_t from = p->pos + k;
    if (p->sq_valid && from >= p->sq_from && from <= p->sq_to) return p->sq_result;
    bool result = false;
    for (int i = 0; i <= MN_PARSE_MAX_DEPTH; i++, k++) {
        const mn_token *t = mn_p_peek(p, k);
        if (t->kind == MN_TK_LPAREN) continue;
        result = t->kind == MN_TK_WORD &&
                 (t->kw == MN_KW_SELECT || t->kw == MN_KW_WITH || t->kw == MN_KW_VALUES || t->kw == MN_KW_TABLE);
        p->sq_valid = true;
        p->sq_from = from;
        p->sq_to = p->pos + k;
        p->sq_result = result;
        break;
    }
    return result;
}

/* Non-reserved words that start a clause and so never act as an implicit alias. */
static bool clause_word(mn_parser *p) {
    const mn_token *t = mn_p_cur(p);
    if (t->kind != MN_TK_WORD) return false;
    switch (t->kw) {
    case MN_KW_LIMIT:
    case MN_KW_OFFSET:
    case MN_KW_FETCH:
    case MN_KW_WINDOW:
    case MN_KW_TABLESAMPLE: return true;
    default: return false;
    }
}

/* [AS] alias, or NULL when none (the caller checks p->failed). */
static const mn_ident *alias(mn_parser *p) {
    bool as = mn_p_accept_kw(p, MN_KW_AS);
    if (!as && (!mn_p_is_ident(p) || clause_word(p))) return NULL;
    mn_ident *id = mn_p_alloc(p, sizeof *id);
    if (!id || !mn_p_ident(p, id)) return NULL;
    return id;
}

static bool ident_list(mn_parser *p, mn_ident **items, int *n) {
    int cap = 0;
    *n = 0;
    if (!mn_p_expect(p, MN_TK_LPAREN)) return false;
    do {
        if (!mn_p_grow(p, (void **)items, &cap, *n, sizeof **items) || !mn_p_ident(p, &(*items)[*n])) return false;
        (*n)++;
    } while (mn_p_accept(p, MN_TK_COMMA));
    return mn_p_expect(p, MN_TK_RPAREN);
}

static bool row_list(mn_parser *p, mn_expr_list *out) {
    int cap = 0;
    do {
        if (!mn_p_push_expr(p, out, &cap, mn_p_expr(p))) return false;
    } while (mn_p_accept(p, MN_TK_COMMA));
    return true;
}

/* ---------- relations ---------- */

static mn_ast_relation *relation(mn_parser *p);

static mn_ast_relation *new_rel(mn_parser *p, mn_rel_kind kind, mn_pos pos) {
    mn_ast_relation *r = mn_p_alloc(p, sizeof *r);
    if (r) {
        r->kind = kind;
        r->pos = pos;
    }
    return r;
}

static bool is_bare_values(const mn_ast_query *q) {
    return q->nctes == 0 && q->order_by.n == 0 && !q->offset && !q->limit && q->body->kind == MN_QBODY_VALUES;
}

static mn_ast_relation *paren_relation(mn_parser *p, mn_pos pos) {
    mn_p_advance(p);
    mn_p_saved_error saved = {NULL, 0};
    if (mn_p_starts_query(p, 0)) {
        bool is_query;
        mn_ast_query *q = mn_p_try_subquery(p, &is_query, &saved);
        if (is_query) {
            if (!q || !mn_p_expect(p, MN_TK_RPAREN)) return NULL;
            mn_ast_relation *r;
            if (is_bare_values(q)) {
                if ((r = new_rel(p, MN_REL_VALUES, pos))) r->u.values = q->body->u.values;
            } else if ((r = new_rel(p, MN_REL_SUBQUERY, pos))) {
                r->u.subquery = q;
            }
            return r;
        }
    }
    mn_ast_relation *r = relation(p);
    if (!r || !mn_p_expect(p, MN_TK_RPAREN)) {
        mn_p_prefer_furthest(p, &saved);
        return NULL;
    }
    return r;
}

static mn_ast_relation *relation_primary(mn_parser *p) {
    mn_pos pos = mn_p_pos(p);
    mn_ast_relation *r;
    if (mn_p_is(p, MN_TK_LPAREN)) return paren_relation(p, pos);
    if (mn_p_is_kw(p, MN_KW_LATERAL) && mn_p_peek_is(p, 1, MN_TK_LPAREN)) {
        mn_p_advance(p);
        mn_p_advance(p);
        if (!(r = new_rel(p, MN_REL_LATERAL, pos)) || !(r->u.subquery = mn_p_query(p))) return NULL;
        return mn_p_expect(p, MN_TK_RPAREN) ? r : NULL;
    }
    if (mn_p_accept_kw(p, MN_KW_UNNEST)) {
        if (!(r = new_rel(p, MN_REL_UNNEST, pos)) || !mn_p_expect(p, MN_TK_LPAREN) ||
            !row_list(p, &r->u.unnest.args) || !mn_p_expect(p, MN_TK_RPAREN))
            return NULL;
        if (mn_p_is_kw(p, MN_KW_WITH) && mn_p_peek_kw(p, 1, MN_KW_ORDINALITY)) {
            mn_p_advance(p);
            mn_p_advance(p);
            r->u.unnest.with_ordinality = true;
        }
        return r;
    }
    if (mn_p_accept_kw(p, MN_KW_VALUES)) {
        if (!(r = new_rel(p, MN_REL_VALUES, pos)) || !row_list(p, &r->u.values)) return NULL;
        return r;
    }
    if (mn_p_is_kw(p, MN_KW_TABLE) && mn_p_peek_is(p, 1, MN_TK_LPAREN)) { /* TABLE(fn(...)) */
        mn_p_advance(p);
        mn_p_advance(p);
        mn_qname name;
        if (!(r = new_rel(p, MN_REL_FUNCTION, pos)) || !mn_p_qname(p, &name) ||
            !(r->u.function = mn_p_function_call(p, &name)) || !mn_p_expect(p, MN_TK_RPAREN))
            return NULL;
        return r;
    }
    mn_qname name;
    if (!mn_p_qname(p, &name)) return NULL;
    if (mn_p_peek_is(p, 0, MN_TK_LPAREN)) {
        if (!(r = new_rel(p, MN_REL_FUNCTION, pos)) || !(r->u.function = mn_p_function_call(p, &name))) return NULL;
        return r;
    }
    if ((r = new_rel(p, MN_REL_TABLE, pos))) r->u.table = name;
    return r;
}

static mn_ast_relation *aliased_relation(mn_parser *p) {
    mn_ast_relation *r = relation_primary(p);
    if (!r) return NULL;
    const mn_ident *a = alias(p);
    if (p->failed) return NULL;
    if (a) {
        r->alias = a;
        if (mn_p_is(p, MN_TK_LPAREN) && !ident_list(p, &r->column_aliases, &r->ncolumn_aliases)) return NULL;
    }
    return r;
}

static mn_ast_relation *new_join(mn_parser *p, mn_join_type type, mn_ast_relation *l, mn_ast_relation *r) {
    if (!l || !r) return NULL;
    mn_ast_relation *j = new_rel(p, MN_REL_JOIN, l->pos);
    if (j) {
        j->u.join.type = type;
        j->u.join.left = l;
        j->u.join.right = r;
    }
    return j;
}

/* A relation with its joins, left-deep; the right side of a join that needs criteria may
 * itself hold joins (a JOIN b JOIN c ON x ON y), as in Trino's grammar. */
static mn_ast_relation *relation(mn_parser *p) {
    if (!mn_p_enter(p)) return NULL;
    int h = p->height;
    mn_ast_relation *l = aliased_relation(p);
    while (l && mn_p_chain_step(p)) {
        if (mn_p_accept_kw(p, MN_KW_CROSS)) {
            if (!mn_p_expect_kw(p, MN_KW_JOIN)) return NULL;
            l = new_join(p, MN_JOIN_CROSS, l, aliased_relation(p));
            continue;
        }
        bool natural = mn_p_accept_kw(p, MN_KW_NATURAL);
        mn_join_type type = MN_JOIN_INNER;
        if (mn_p_accept_kw(p, MN_KW_INNER)) {
            type = MN_JOIN_INNER;
        } else if (mn_p_accept_kw(p, MN_KW_LEFT)) {
            type = MN_JOIN_LEFT;
            mn_p_accept_kw(p, MN_KW_OUTER);
        } else if (mn_p_accept_kw(p, MN_KW_RIGHT)) {
            type = MN_JOIN_RIGHT;
            mn_p_accept_kw(p, MN_KW_OUTER);
        } else if (mn_p_accept_kw(p, MN_KW_FULL)) {
            type = MN_JOIN_FULL;
            mn_p_accept_kw(p, MN_KW_OUTER);
        } else if (!natural && !mn_p_is_kw(p, MN_KW_JOIN)) {
            break;
        }
        if (!mn_p_expect_kw(p, MN_KW_JOIN)) return NULL;
        if (natural) {
            l = new_join(p, type, l, aliased_relation(p));
            if (l) l->u.join.natural = true;
            continue;
        }
        l = new_join(p, type, l, relation(p));
        if (!l) break;
        if (mn_p_accept_kw(p, MN_KW_ON)) {
            if (!(l->u.join.on = mn_p_expr(p))) l = NULL;
        } else if (mn_p_is_kw(p, MN_KW_USING)) {
            mn_p_advance(p);
            if (!ident_list(p, &l->u.join.using_cols, &l->u.join.nusing)) l = NULL;
        } else {
            mn_p_error_mismatch(p);
            l = NULL;
        }
    }
    p->height = h;
    mn_p_leave(p);
    return p->failed ? NULL : l;
}

/* ---------- SELECT ---------- */

static bool select_item(mn_parser *p, mn_select_item *it) {
    memset(it, 0, sizeof *it);
    if (mn_p_is(p, MN_TK_STAR)) {
        it->expr = mn_p_alloc(p, sizeof *it->expr);
        if (!it->expr) return false;
        it->expr->kind = MN_AST_STAR;
        it->expr->pos = mn_p_pos(p);
        mn_p_advance(p);
        return true;
    }
    if (!(it->expr = mn_p_expr(p))) return false;
    if (it->expr->kind == MN_AST_STAR) return true;
    it->alias = alias(p);
    return !p->failed;
}

/* One grouping set: (), (a, b) or a single expression. */
static bool grouping_set(mn_parser *p, mn_expr_list *out) {
    memset(out, 0, sizeof *out);
    if (mn_p_peek_is(p, 0, MN_TK_LPAREN) && mn_p_peek_is(p, 1, MN_TK_RPAREN)) {
        mn_p_advance(p);
        mn_p_advance(p);
        return true;
    }
    bool paren = mn_p_peek_is(p, 0, MN_TK_LPAREN);
    mn_ast_expr *e = mn_p_expr(p);
    if (!e) return false;
    if (paren && e->kind == MN_AST_ROW) {
        *out = e->u.list;
        return true;
    }
    int cap = 0;
    return mn_p_push_expr(p, out, &cap, e);
}

static bool group_element(mn_parser *p, mn_group_element *g) {
    memset(g, 0, sizeof *g);
    if (mn_p_accept_kw(p, MN_KW_ROLLUP) || mn_p_accept_kw(p, MN_KW_CUBE)) {
        g->kind = p->toks[p->pos - 1].kw == MN_KW_ROLLUP ? MN_GROUP_ROLLUP : MN_GROUP_CUBE;
        if (!mn_p_expect(p, MN_TK_LPAREN)) return false;
        if (!mn_p_is(p, MN_TK_RPAREN) && !row_list(p, &g->exprs)) return false;
        return mn_p_expect(p, MN_TK_RPAREN);
    }
    if (mn_p_is_kw(p, MN_KW_GROUPING) && mn_p_peek_kw(p, 1, MN_KW_SETS)) {
        mn_p_advance(p);
        mn_p_advance(p);
        g->kind = MN_GROUP_SETS;
        if (!mn_p_expect(p, MN_TK_LPAREN)) return false;
        int cap = 0;
        do {
            if (!mn_p_grow(p, (void **)&g->sets, &cap, g->nsets, sizeof *g->sets) ||
                !grouping_set(p, &g->sets[g->nsets]))
                return false;
            g->nsets++;
        } while (mn_p_accept(p, MN_TK_COMMA));
        return mn_p_expect(p, MN_TK_RPAREN);
    }
    g->kind = MN_GROUP_PLAIN;
    return grouping_set(p, &g->exprs);
}

static mn_select *select_body(mn_parser *p, mn_pos pos) {
    mn_select *s = mn_p_alloc(p, sizeof *s);
    if (!s) return NULL;
    s->pos = pos;
    if (mn_p_accept_kw(p, MN_KW_DISTINCT))
        s->distinct = true;
    else
        mn_p_accept_kw(p, MN_KW_ALL);
    int cap = 0;
    do {
        if (!mn_p_grow(p, (void **)&s->items, &cap, s->nitems, sizeof *s->items) ||
            !select_item(p, &s->items[s->nitems]))
            return NULL;
        s->nitems++;
    } while (mn_p_accept(p, MN_TK_COMMA));
    if (mn_p_accept_kw(p, MN_KW_FROM)) {
        int h = p->height;
        s->from = relation(p);
        while (s->from && mn_p_accept(p, MN_TK_COMMA) && mn_p_chain_step(p))
            s->from = new_join(p, MN_JOIN_IMPLICIT, s->from, relation(p));
        p->height = h;
        if (!s->from || p->failed) return NULL;
    }
    if (mn_p_accept_kw(p, MN_KW_WHERE) && !(s->where = mn_p_expr(p))) return NULL;
    if (mn_p_accept_kw(p, MN_KW_GROUP)) {
        if (!mn_p_expect_kw(p, MN_KW_BY)) return NULL;
        if (mn_p_accept_kw(p, MN_KW_DISTINCT))
            s->group_distinct = true;
        else
            mn_p_accept_kw(p, MN_KW_ALL);
        cap = 0;
        do {
            if (!mn_p_grow(p, (void **)&s->group_by, &cap, s->ngroup, sizeof *s->group_by) ||
                !group_element(p, &s->group_by[s->ngroup]))
                return NULL;
            s->ngroup++;
        } while (mn_p_accept(p, MN_TK_COMMA));
    }
    if (mn_p_accept_kw(p, MN_KW_HAVING) && !(s->having = mn_p_expr(p))) return NULL;
    if (mn_p_accept_kw(p, MN_KW_WINDOW)) {
        cap = 0;
        do {
            mn_ident name;
            if (!mn_p_grow(p, (void **)&s->windows, &cap, s->nwindows, sizeof *s->windows) || !mn_p_ident(p, &name) ||
                !mn_p_expect_kw(p, MN_KW_AS) || !mn_p_expect(p, MN_TK_LPAREN))
                return NULL;
            mn_named_window *w = &s->windows[s->nwindows];
            w->name = name.name;
            if (!mn_p_window_spec(p, &w->spec) || !mn_p_expect(p, MN_TK_RPAREN)) return NULL;
            s->nwindows++;
        } while (mn_p_accept(p, MN_TK_COMMA));
    }
    return s;
}

/* ---------- query bodies ---------- */

static mn_query_body *new_body(mn_parser *p, mn_qbody_kind kind, mn_pos pos) {
    mn_query_body *b = mn_p_alloc(p, sizeof *b);
    if (b) {
        b->kind = kind;
        b->pos = pos;
    }
    return b;
}

static mn_query_body *query_primary(mn_parser *p) {
    mn_pos pos = mn_p_pos(p);
    mn_query_body *b;
    if (mn_p_accept_kw(p, MN_KW_SELECT)) {
        if (!(b = new_body(p, MN_QBODY_SELECT, pos)) || !(b->u.select = select_body(p, pos))) return NULL;
        return b;
    }
    if (mn_p_accept_kw(p, MN_KW_TABLE)) {
        if (!(b = new_body(p, MN_QBODY_TABLE, pos)) || !mn_p_qname(p, &b->u.table)) return NULL;
        return b;
    }
    if (mn_p_accept_kw(p, MN_KW_VALUES)) {
        if (!(b = new_body(p, MN_QBODY_VALUES, pos)) || !row_list(p, &b->u.values)) return NULL;
        return b;
    }
    if (mn_p_accept(p, MN_TK_LPAREN)) {
        size_t at = p->pos;
        mn_ast_query *q = mn_p_query(p);
        if (!q || !mn_p_expect(p, MN_TK_RPAREN)) {
            mn_p_qfail_set(p, at); /* spares mn_p_try_subquery the same attempt */
            return NULL;
        }
        /* a parenthesized plain body needs no wrapper */
        if (q->nctes == 0 && q->order_by.n == 0 && !q->offset && !q->limit) return q->body;
        if ((b = new_body(p, MN_QBODY_QUERY, pos))) b->u.query = q;
        return b;
    }
    mn_p_error_mismatch(p);
    return NULL;
}

static mn_query_body *new_set(mn_parser *p, mn_set_op op, bool all, mn_query_body *l, mn_query_body *r) {
    if (!l || !r) return NULL;
    mn_query_body *b = new_body(p, MN_QBODY_SET, l->pos);
    if (b) {
        b->u.set.op = op;
        b->u.set.all = all;
        b->u.set.left = l;
        b->u.set.right = r;
    }
    return b;
}

static bool set_quantifier(mn_parser *p) {
    if (mn_p_accept_kw(p, MN_KW_ALL)) return true;
    mn_p_accept_kw(p, MN_KW_DISTINCT);
    return false;
}

static mn_query_body *intersect_term(mn_parser *p) {
    int h = p->height;
    mn_query_body *l = query_primary(p);
    while (l && mn_p_accept_kw(p, MN_KW_INTERSECT) && mn_p_chain_step(p)) {
        bool all = set_quantifier(p);
        l = new_set(p, MN_SET_INTERSECT, all, l, query_primary(p));
    }
    p->height = h;
    return p->failed ? NULL : l;
}

static mn_query_body *set_expr(mn_parser *p) {
    int h = p->height;
    mn_query_body *l = intersect_term(p);
    while (l && mn_p_chain_step(p)) {
        mn_set_op op;
        if (mn_p_accept_kw(p, MN_KW_UNION))
            op = MN_SET_UNION;
        else if (mn_p_accept_kw(p, MN_KW_EXCEPT))
            op = MN_SET_EXCEPT;
        else
            break;
        bool all = set_quantifier(p);
        l = new_set(p, op, all, l, intersect_term(p));
    }
    p->height = h;
    return p->failed ? NULL : l;
}

/* LIMIT/OFFSET/FETCH counts: an integer or a ? parameter */
static mn_ast_expr *row_count(mn_parser *p) {
    if (mn_p_is(p, MN_TK_INTEGER) || mn_p_is(p, MN_TK_QUESTION)) return mn_p_primary(p);
    mn_p_error_mismatch(p);
    return NULL;
}

static mn_ast_expr *one(mn_parser *p, mn_pos pos) {
    mn_ast_expr *e = mn_p_alloc(p, sizeof *e);
    if (!e) return NULL;
    e->kind = MN_AST_LITERAL;
    e->pos = pos;
    e->u.literal.kind = MN_LIT_INTEGER;
    e->u.literal.text = "1";
    e->u.literal.len = 1;
    e->u.literal.fits_int64 = true;
    e->u.literal.i = 1;
    return e;
}

/* ORDER BY, then OFFSET and LIMIT|FETCH (either order, as engines commonly accept) */
static bool query_tail(mn_parser *p, mn_ast_query *q) {
    if (mn_p_accept_kw(p, MN_KW_ORDER)) {
        if (!mn_p_expect_kw(p, MN_KW_BY) || !mn_p_sort_list(p, &q->order_by)) return false;
    }
    bool have_offset = false, have_limit = false;
    for (;;) {
        if (!have_offset && mn_p_accept_kw(p, MN_KW_OFFSET)) {
            have_offset = true;
            if (!(q->offset = row_count(p))) return false;
            if (!mn_p_accept_kw(p, MN_KW_ROW)) mn_p_accept_kw(p, MN_KW_ROWS);
            continue;
        }
        if (have_limit) break;
        if (mn_p_accept_kw(p, MN_KW_LIMIT)) {
            have_limit = true;
            if (!mn_p_accept_kw(p, MN_KW_ALL) && !(q->limit = row_count(p))) return false;
            continue;
        }
        if (mn_p_accept_kw(p, MN_KW_FETCH)) {
            have_limit = true;
            mn_pos pos = mn_p_pos(p);
            if (!mn_p_accept_kw(p, MN_KW_FIRST) && !mn_p_expect_kw(p, MN_KW_NEXT)) return false;
            if (mn_p_is_kw(p, MN_KW_ROW) || mn_p_is_kw(p, MN_KW_ROWS))
                q->limit = one(p, pos);
            else
                q->limit = row_count(p);
            if (!q->limit) return false;
            if (!mn_p_accept_kw(p, MN_KW_ROW) && !mn_p_expect_kw(p, MN_KW_ROWS)) return false;
            if (mn_p_accept_kw(p, MN_KW_WITH)) {
                if (!mn_p_expect_kw(p, MN_KW_TIES)) return false;
                q->with_ties = true;
            } else if (!mn_p_expect_kw(p, MN_KW_ONLY)) {
                return false;
            }
            continue;
        }
        break;
    }
    return !p->failed;
}

static bool with_clause(mn_parser *p, mn_ast_query *q) {
    q->recursive = mn_p_accept_kw(p, MN_KW_RECURSIVE);
    int cap = 0;
    do {
        if (!mn_p_grow(p, (void **)&q->ctes, &cap, q->nctes, sizeof *q->ctes)) return false;
        mn_cte *c = &q->ctes[q->nctes];
        memset(c, 0, sizeof *c);
        if (!mn_p_ident(p, &c->name)) return false;
        if (mn_p_is(p, MN_TK_LPAREN) && !ident_list(p, &c->columns, &c->ncolumns)) return false;
        if (!mn_p_expect_kw(p, MN_KW_AS) || !mn_p_expect(p, MN_TK_LPAREN)) return false;
        if (!(c->query = mn_p_query(p)) || !mn_p_expect(p, MN_TK_RPAREN)) return false;
        q->nctes++;
    } while (mn_p_accept(p, MN_TK_COMMA));
    return true;
}

mn_ast_query *mn_p_query(mn_parser *p) {
    if (!mn_p_enter(p)) return NULL;
    mn_ast_query *q = mn_p_alloc(p, sizeof *q);
    if (q) {
        q->pos = mn_p_pos(p);
        if (mn_p_accept_kw(p, MN_KW_WITH) && !with_clause(p, q)) q = NULL;
    }
    if (q && (!(q->body = set_expr(p)) || !query_tail(p, q))) q = NULL;
    mn_p_leave(p);
    return p->failed ? NULL : q;
}
