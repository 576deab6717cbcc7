/* parser_expr.c — expressions with Trino's precedence: OR < AND < NOT < predicates
 * (comparison, BETWEEN, IN, LIKE, IS) < || < + - < * / % < unary sign < AT TIME ZONE,
 * subscripts and dereferences < primaries (literals, names, calls, CASE, CAST, ...). */
#include <string.h>
#include <strings.h>

#include "sql/parser_internal.h"
#include "types/datetime.h"

static mn_ast_expr *new_expr(mn_parser *p, mn_ast_expr_kind kind, mn_pos pos) {
    mn_ast_expr *e = mn_p_alloc(p, sizeof *e);
    if (e) {
        e->kind = kind;
        e->pos = pos;
    }
    return e;
}

static mn_ast_expr *new_binary(mn_parser *p, mn_ast_expr_kind kind, mn_ast_op op, mn_pos pos, mn_ast_expr *l,
                               mn_ast_expr *r) {
    if (!l || !r) return NULL;
    mn_ast_expr *e = new_expr(p, kind, pos);
    if (e) {
        e->u.binary.op = op;
        e->u.binary.left = l;
        e->u.binary.right = r;
    }
    return e;
}

static char *lower_dup(mn_parser *p, const char *s) {
    size_t n = strlen(s);
    char *d = mn_p_strndup(p, s, n);
    if (d)
        for (size_t i = 0; i < n; i++)
            if (d[i] >= 'A' && d[i] <= 'Z') d[i] = (char)(d[i] - 'A' + 'a');
    return d;
}

static char *upper_dup(mn_parser *p, const char *s) {
    size_t n = strlen(s);
    char *d = mn_p_strndup(p, s, n);
    if (d)
        for (size_t i = 0; i < n; i++)
            if (d[i] >= 'a' && d[i] <= 'z') d[i] = (char)(d[i] - 'a' + 'A');
    return d;
}

/* A function node named by one unquoted lower-case identifier (special forms). */
static mn_ast_expr *new_function(mn_parser *p, const char *name, mn_pos pos) {
    mn_ast_expr *e = new_expr(p, MN_AST_FUNCTION, pos);
    if (!e) return NULL;
    e->u.function.name.parts = mn_p_alloc(p, sizeof(mn_ident));
    if (!e->u.function.name.parts) return NULL;
    e->u.function.name.n = 1;
    e->u.function.name.pos = pos;
    e->u.function.name.parts[0].name = name;
    e->u.function.name.parts[0].pos = pos;
    return e;
}

static bool add_arg(mn_parser *p, mn_ast_expr *fn, int *cap, mn_ast_expr *arg) {
    return mn_p_push_expr(p, &fn->u.function.args, cap, arg);
}

/* Comma-separated expressions up to (not including) the closing token. */
static bool expr_list(mn_parser *p, mn_expr_list *out) {
    int cap = 0;
    do {
        if (!mn_p_push_expr(p, out, &cap, mn_p_expr(p))) return false;
    } while (mn_p_accept(p, MN_TK_COMMA));
    return true;
}

/* ---------- subquery-or-expression backtracking ---------- */

mn_ast_query *mn_p_try_subquery(mn_parser *p, bool *is_query, mn_p_saved_error *saved) {
    bool direct = !mn_p_peek_is(p, 0, MN_TK_LPAREN);
    saved->err = NULL;
    if (!direct && mn_p_qfail_get(p, p->pos)) {
        *is_query = false;
        return NULL;
    }
    mn_p_mark m = mn_p_save(p);
    mn_ast_query *q = mn_p_query(p);
    if (q && mn_p_is(p, MN_TK_RPAREN)) {
        *is_query = true;
        return q;
    }
    if (direct || p->fatal) {
        *is_query = true;
        mn_p_error_mismatch(p);
        return NULL;
    }
    if (!p->failed) mn_p_error_mismatch(p);
    saved->err = mn_arena_alloc(p->arena, sizeof *saved->err);
    if (saved->err) *saved->err = *p->err;
    saved->tok = p->err_tok;
    mn_p_restore(p, m);
    mn_p_qfail_set(p, p->pos);
    *is_query = false;
    return NULL;
}

void mn_p_prefer_furthest(mn_parser *p, const mn_p_saved_error *saved) {
    if (p->failed && !p->fatal && saved->err && saved->tok > p->err_tok) {
        *p->err = *saved->err;
        p->err_tok = saved->tok;
    }
}

/* ---------- boolean levels ---------- */

static mn_ast_expr *and_expr(mn_parser *p);
static mn_ast_expr *not_expr(mn_parser *p);
static mn_ast_expr *predicate(mn_parser *p);

mn_ast_expr *mn_p_expr(mn_parser *p) {
    if (!mn_p_enter(p)) return NULL;
    int h = p->height;
    mn_ast_expr *l = and_expr(p);
    while (l && mn_p_is_kw(p, MN_KW_OR) && mn_p_chain_step(p)) {
        mn_pos pos = mn_p_pos(p);
        mn_p_advance(p);
        l = new_binary(p, MN_AST_BINARY, MN_OP_OR, pos, l, and_expr(p));
    }
    p->height = h;
    mn_p_leave(p);
    return p->failed ? NULL : l;
}

static mn_ast_expr *and_expr(mn_parser *p) {
    int h = p->height;
    mn_ast_expr *l = not_expr(p);
    while (l && mn_p_is_kw(p, MN_KW_AND) && mn_p_chain_step(p)) {
        mn_pos pos = mn_p_pos(p);
        mn_p_advance(p);
        l = new_binary(p, MN_AST_BINARY, MN_OP_AND, pos, l, not_expr(p));
    }
    p->height = h;
    return p->failed ? NULL : l;
}

static mn_ast_expr *not_expr(mn_parser *p) {
    if (!mn_p_is_kw(p, MN_KW_NOT)) return predicate(p);
    mn_pos pos = mn_p_pos(p);
    mn_p_advance(p);
    if (!mn_p_enter(p)) return NULL;
    mn_ast_expr *operand = not_expr(p);
    mn_p_leave(p);
    if (!operand) return NULL;
    if (operand->kind == MN_AST_EXISTS && !operand->u.subquery.negated) {
        operand->u.subquery.negated = true;
        operand->pos = pos;
        return operand;
    }
    mn_ast_expr *e = new_expr(p, MN_AST_NOT, pos);
    if (e) e->u.unary.operand = operand;
    return e;
}

static bool comparison_op(mn_parser *p, mn_ast_op *op) {
    static const struct {
        mn_token_kind tk;
        mn_ast_op op;
    } ops[] = {{MN_TK_EQ, MN_OP_EQ}, {MN_TK_NE, MN_OP_NE}, {MN_TK_LT, MN_OP_LT},
               {MN_TK_LE, MN_OP_LE}, {MN_TK_GT, MN_OP_GT}, {MN_TK_GE, MN_OP_GE}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (mn_p_is(p, ops[i].tk)) {
            *op = ops[i].op;
            return true;
        }
    return false;
}

/* '(' query ')' or '(' expr, ... ')' after IN; fills either *query or *list. */
static bool in_operand(mn_parser *p, mn_ast_query **query, mn_expr_list *list) {
    if (!mn_p_expect(p, MN_TK_LPAREN)) return false;
    mn_p_saved_error saved = {NULL, 0};
    if (mn_p_starts_query(p, 0)) {
        bool is_query;
        *query = mn_p_try_subquery(p, &is_query, &saved);
        if (is_query) return *query && mn_p_expect(p, MN_TK_RPAREN);
    }
    if (!expr_list(p, list) || !mn_p_expect(p, MN_TK_RPAREN)) {
        mn_p_prefer_furthest(p, &saved);
        return false;
    }
    return true;
}

static mn_ast_expr *predicate(mn_parser *p) {
    mn_ast_expr *v = mn_p_value_expr(p);
    if (!v) return NULL;
    mn_ast_op op;
    if (comparison_op(p, &op)) {
        mn_pos pos = mn_p_pos(p);
        mn_p_advance(p);
        if ((mn_p_peek_kw(p, 0, MN_KW_ALL) || mn_p_peek_kw(p, 0, MN_KW_ANY) || mn_p_peek_kw(p, 0, MN_KW_SOME)) &&
            mn_p_peek_is(p, 1, MN_TK_LPAREN)) {
            mn_ast_expr *e = new_expr(p, MN_AST_QUANTIFIED, pos);
            if (!e) return NULL;
            e->u.quantified.quantifier = mn_p_cur(p)->kw == MN_KW_ALL ? MN_QUANT_ALL : MN_QUANT_ANY;
            e->u.quantified.op = op;
            e->u.quantified.operand = v;
            mn_p_advance(p);
            mn_p_advance(p);
            e->u.quantified.query = mn_p_query(p);
            if (!e->u.quantified.query || !mn_p_expect(p, MN_TK_RPAREN)) return NULL;
            return e;
        }
        return new_binary(p, MN_AST_BINARY, op, pos, v, mn_p_value_expr(p));
    }
    mn_pos pos = mn_p_pos(p);
    bool negated = false;
    if (mn_p_peek_kw(p, 0, MN_KW_NOT) &&
        (mn_p_peek_kw(p, 1, MN_KW_BETWEEN) || mn_p_peek_kw(p, 1, MN_KW_IN) || mn_p_peek_kw(p, 1, MN_KW_LIKE))) {
        mn_p_advance(p);
        negated = true;
    } else {
        mn_p_note(p, "NOT");
    }
    if (mn_p_accept_kw(p, MN_KW_BETWEEN)) {
        mn_ast_expr *e = new_expr(p, MN_AST_BETWEEN, pos);
        if (!e) return NULL;
        e->u.between.operand = v;
        e->u.between.negated = negated;
        if (!(e->u.between.low = mn_p_value_expr(p)) || !mn_p_expect_kw(p, MN_KW_AND) ||
            !(e->u.between.high = mn_p_value_expr(p)))
            return NULL;
        return e;
    }
    if (mn_p_accept_kw(p, MN_KW_IN)) {
        mn_ast_query *q = NULL;
        mn_expr_list list = {0, NULL};
        if (!in_operand(p, &q, &list)) return NULL;
        mn_ast_expr *e = new_expr(p, q ? MN_AST_IN_SUBQUERY : MN_AST_IN_LIST, pos);
        if (!e) return NULL;
        if (q) {
            e->u.in_subquery.operand = v;
            e->u.in_subquery.query = q;
            e->u.in_subquery.negated = negated;
        } else {
            e->u.in_list.operand = v;
            e->u.in_list.list = list;
            e->u.in_list.negated = negated;
        }
        return e;
    }
    if (mn_p_accept_kw(p, MN_KW_LIKE)) {
        mn_ast_expr *e = new_expr(p, MN_AST_LIKE, pos);
        if (!e) return NULL;
        e->u.like.operand = v;
        e->u.like.negated = negated;
        if (!(e->u.like.pattern = mn_p_value_expr(p))) return NULL;
        if (mn_p_accept_kw(p, MN_KW_ESCAPE) && !(e->u.like.escape = mn_p_value_expr(p))) return NULL;
        return e;
    }
    if (!negated && mn_p_accept_kw(p, MN_KW_IS)) {
        bool not = mn_p_accept_kw(p, MN_KW_NOT);
        if (mn_p_accept_kw(p, MN_KW_NULL)) {
            mn_ast_expr *e = new_expr(p, MN_AST_IS_NULL, pos);
            if (!e) return NULL;
            e->u.is_null.operand = v;
            e->u.is_null.negated = not;
            return e;
        }
        if (!mn_p_expect_kw(p, MN_KW_DISTINCT) || !mn_p_expect_kw(p, MN_KW_FROM)) return NULL;
        mn_ast_expr *e = new_binary(p, MN_AST_IS_DISTINCT, MN_OP_EQ, pos, v, mn_p_value_expr(p));
        if (e) e->u.binary.negated = not;
        return e;
    }
    return v;
}

/* ---------- value levels ---------- */

static mn_ast_expr *additive(mn_parser *p);
static mn_ast_expr *multiplicative(mn_parser *p);
static mn_ast_expr *unary(mn_parser *p);

mn_ast_expr *mn_p_value_expr(mn_parser *p) {
    int h = p->height;
    mn_ast_expr *l = additive(p);
    while (l && mn_p_is(p, MN_TK_CONCAT) && mn_p_chain_step(p)) {
        mn_pos pos = mn_p_pos(p);
        mn_p_advance(p);
        l = new_binary(p, MN_AST_BINARY, MN_OP_CONCAT, pos, l, additive(p));
    }
    p->height = h;
    return p->failed ? NULL : l;
}

static mn_ast_expr *additive(mn_parser *p) {
    int h = p->height;
    mn_ast_expr *l = multiplicative(p);
    for (;;) {
        mn_ast_op op;
        if (!l || p->failed) break;
        if (mn_p_is(p, MN_TK_PLUS))
            op = MN_OP_ADD;
        else if (mn_p_is(p, MN_TK_MINUS))
            op = MN_OP_SUB;
        else
            break;
        if (!mn_p_chain_step(p)) break;
        mn_pos pos = mn_p_pos(p);
        mn_p_advance(p);
        l = new_binary(p, MN_AST_BINARY, op, pos, l, multiplicative(p));
    }
    p->height = h;
    return p->failed ? NULL : l;
}

static mn_ast_expr *multiplicative(mn_parser *p) {
    int h = p->height;
    mn_ast_expr *l = unary(p);
    for (;;) {
        mn_ast_op op;
        if (!l || p->failed) break;
        if (mn_p_is(p, MN_TK_STAR))
            op = MN_OP_MUL;
        else if (mn_p_is(p, MN_TK_SLASH))
            op = MN_OP_DIV;
        else if (mn_p_is(p, MN_TK_PERCENT))
            op = MN_OP_MOD;
        else
            break;
        if (!mn_p_chain_step(p)) break;
        mn_pos pos = mn_p_pos(p);
        mn_p_advance(p);
        l = new_binary(p, MN_AST_BINARY, op, pos, l, unary(p));
    }
    p->height = h;
    return p->failed ? NULL : l;
}

static mn_ast_expr *postfix(mn_parser *p);

static mn_ast_expr *unary(mn_parser *p) {
    mn_ast_op op;
    if (mn_p_is(p, MN_TK_MINUS))
        op = MN_OP_NEG;
    else if (mn_p_is(p, MN_TK_PLUS))
        op = MN_OP_PLUS;
    else
        return postfix(p);
    mn_pos pos = mn_p_pos(p);
    mn_p_advance(p);
    if (!mn_p_enter(p)) return NULL;
    mn_ast_expr *operand = unary(p);
    mn_p_leave(p);
    if (!operand) return NULL;
    mn_ast_expr *e = new_expr(p, MN_AST_UNARY, pos);
    if (e) {
        e->u.unary.op = op;
        e->u.unary.operand = operand;
    }
    return e;
}

/* primary followed by [index], .field and AT TIME ZONE zone (left to right) */
static mn_ast_expr *postfix(mn_parser *p) {
    int h = p->height;
    mn_ast_expr *e = mn_p_primary(p);
    while (e && mn_p_chain_step(p)) {
        mn_pos pos = mn_p_pos(p);
        if (mn_p_accept(p, MN_TK_LBRACKET)) {
            e = new_binary(p, MN_AST_SUBSCRIPT, MN_OP_EQ, pos, e, mn_p_value_expr(p));
            if (!mn_p_expect(p, MN_TK_RBRACKET)) return NULL;
        } else if (mn_p_peek_is(p, 0, MN_TK_DOT) && mn_p_peek_is_ident(p, 1)) {
            mn_p_advance(p);
            mn_ast_expr *d = new_expr(p, MN_AST_DEREFERENCE, e->pos);
            if (!d || !mn_p_ident(p, &d->u.deref.field)) return NULL;
            d->u.deref.operand = e;
            e = d;
        } else if (mn_p_is_kw(p, MN_KW_AT) && mn_p_peek_kw(p, 1, MN_KW_TIME) && mn_p_peek_kw(p, 2, MN_KW_ZONE)) {
            mn_p_advance(p);
            mn_p_advance(p);
            mn_p_advance(p);
            mn_ast_expr *f = new_function(p, "at_timezone", pos);
            int cap = 0;
            if (!f || !add_arg(p, f, &cap, e) || !add_arg(p, f, &cap, mn_p_primary(p))) return NULL;
            e = f;
        } else {
            mn_p_note(p, ".");
            break;
        }
    }
    p->height = h;
    return p->failed ? NULL : e;
}

/* ---------- primaries ---------- */

static mn_ast_expr *literal(mn_parser *p, mn_literal_kind kind) {
    const mn_token *t = mn_p_cur(p);
    mn_ast_expr *e = new_expr(p, MN_AST_LITERAL, mn_p_pos(p));
    if (!e) return NULL;
    e->u.literal.kind = kind;
    e->u.literal.text = t->text;
    e->u.literal.len = t->len;
    if (kind == MN_LIT_INTEGER) {
        uint64_t v = 0;
        bool fits = true;
        for (uint32_t i = 0; i < t->len; i++) {
            unsigned d = (unsigned)(t->text[i] - '0');
            if (v > ((uint64_t)INT64_MAX - d) / 10) {
                fits = false;
                break;
            }
            v = v * 10 + d;
        }
        e->u.literal.fits_int64 = fits;
        e->u.literal.i = fits ? (int64_t)v : 0;
    }
    mn_p_advance(p);
    return e;
}

static mn_ast_expr *binary_literal(mn_parser *p) {
    const mn_token *t = mn_p_cur(p);
    mn_pos pos = mn_p_pos(p);
    char *hex = mn_p_alloc(p, t->len + 1);
    if (!hex) return NULL;
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->len; i++) {
        char c = t->text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            mn_p_error_at(p, pos, "Binary literal can only contain hexadecimal digits");
            return NULL;
        }
        hex[n++] = c;
    }
    if (n % 2) {
        mn_p_error_at(p, pos, "Binary literal must contain an even number of digits");
        return NULL;
    }
    mn_ast_expr *e = new_expr(p, MN_AST_LITERAL, pos);
    if (!e) return NULL;
    e->u.literal.kind = MN_LIT_TYPED;
    e->u.literal.type_name = "X";
    e->u.literal.text = hex;
    e->u.literal.len = n;
    mn_p_advance(p);
    return e;
}

static mn_ast_expr *typed_literal(mn_parser *p, const char *type_name, int skip) {
    mn_ast_expr *e = new_expr(p, MN_AST_LITERAL, mn_p_pos(p));
    if (!e) return NULL;
    for (int i = 0; i < skip; i++) mn_p_advance(p);
    e->u.literal.kind = MN_LIT_TYPED;
    e->u.literal.type_name = type_name;
    e->u.literal.text = mn_p_string(p, &e->u.literal.len);
    return e->u.literal.text ? e : NULL;
}

static mn_ast_expr *case_expr(mn_parser *p, mn_pos pos) {
    mn_ast_expr *e = new_expr(p, MN_AST_CASE, pos);
    if (!e) return NULL;
    if (!mn_p_is_kw(p, MN_KW_WHEN) && !(e->u.case_.operand = mn_p_expr(p))) return NULL;
    int wcap = 0, tcap = 0;
    if (!mn_p_is_kw(p, MN_KW_WHEN)) {
        mn_p_error_mismatch(p);
        return NULL;
    }
    while (mn_p_accept_kw(p, MN_KW_WHEN)) {
        if (!mn_p_push_expr(p, &e->u.case_.whens, &wcap, mn_p_expr(p)) || !mn_p_expect_kw(p, MN_KW_THEN) ||
            !mn_p_push_expr(p, &e->u.case_.thens, &tcap, mn_p_expr(p)))
            return NULL;
    }
    if (mn_p_accept_kw(p, MN_KW_ELSE) && !(e->u.case_.else_ = mn_p_expr(p))) return NULL;
    return mn_p_expect_kw(p, MN_KW_END) ? e : NULL;
}

static mn_ast_expr *cast_expr(mn_parser *p, mn_pos pos, bool is_try) {
    mn_ast_expr *e = new_expr(p, MN_AST_CAST, pos);
    if (!e || !mn_p_expect(p, MN_TK_LPAREN)) return NULL;
    e->u.cast.is_try = is_try;
    if (!(e->u.cast.operand = mn_p_expr(p)) || !mn_p_expect_kw(p, MN_KW_AS)) return NULL;
    if (!(e->u.cast.type_text = mn_p_type(p))) return NULL;
    return mn_p_expect(p, MN_TK_RPAREN) ? e : NULL;
}

static mn_ast_expr *extract_expr(mn_parser *p, mn_pos pos) {
    mn_ast_expr *e = new_expr(p, MN_AST_EXTRACT, pos);
    mn_ident field;
    if (!e || !mn_p_expect(p, MN_TK_LPAREN) || !mn_p_ident(p, &field)) return NULL;
    if (!(e->u.extract.field = upper_dup(p, field.name))) return NULL;
    if (!mn_p_expect_kw(p, MN_KW_FROM) || !(e->u.extract.operand = mn_p_value_expr(p))) return NULL;
    return mn_p_expect(p, MN_TK_RPAREN) ? e : NULL;
}

static bool interval_field(mn_parser *p, int *out) {
    static const struct {
        mn_keyword kw;
        mn_interval_field f;
    } fields[] = {{MN_KW_YEAR, MN_IFIELD_YEAR}, {MN_KW_MONTH, MN_IFIELD_MONTH},   {MN_KW_DAY, MN_IFIELD_DAY},
                  {MN_KW_HOUR, MN_IFIELD_HOUR}, {MN_KW_MINUTE, MN_IFIELD_MINUTE}, {MN_KW_SECOND, MN_IFIELD_SECOND}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (mn_p_accept_kw(p, fields[i].kw)) {
            *out = (int)fields[i].f;
            return true;
        }
    mn_p_error_mismatch(p);
    return false;
}

static mn_ast_expr *interval_expr(mn_parser *p, mn_pos pos) {
    mn_ast_expr *e = new_expr(p, MN_AST_INTERVAL, pos);
    if (!e) return NULL;
    e->u.interval.sign = 1;
    if (mn_p_accept(p, MN_TK_MINUS))
        e->u.interval.sign = -1;
    else
        mn_p_accept(p, MN_TK_PLUS);
    if (!(e->u.interval.text = mn_p_string(p, NULL))) return NULL;
    if (!interval_field(p, &e->u.interval.from)) return NULL;
    e->u.interval.to = e->u.interval.from;
    if (mn_p_accept_kw(p, MN_KW_TO) && !interval_field(p, &e->u.interval.to)) return NULL;
    return e;
}

static mn_ast_expr *exists_expr(mn_parser *p, mn_pos pos) {
    mn_ast_expr *e = new_expr(p, MN_AST_EXISTS, pos);
    if (!e || !mn_p_expect(p, MN_TK_LPAREN)) return NULL;
    if (!(e->u.subquery.query = mn_p_query(p))) return NULL;
    return mn_p_expect(p, MN_TK_RPAREN) ? e : NULL;
}

/* CURRENT_DATE, CURRENT_TIMESTAMP[(p)], LOCALTIME, CURRENT_USER, ... */
static mn_ast_expr *special_function(mn_parser *p, mn_pos pos, mn_keyword kw) {
    mn_ast_expr *e = new_function(p, lower_dup(p, mn_keyword_name(kw)), pos);
    if (!e || !e->u.function.name.parts[0].name) return NULL;
    mn_p_advance(p);
    if ((kw == MN_KW_CURRENT_TIME || kw == MN_KW_CURRENT_TIMESTAMP || kw == MN_KW_LOCALTIME ||
         kw == MN_KW_LOCALTIMESTAMP) &&
        mn_p_accept(p, MN_TK_LPAREN)) {
        int cap = 0;
        if (!mn_p_is(p, MN_TK_INTEGER)) {
            mn_p_error_mismatch(p);
            return NULL;
        }
        if (!add_arg(p, e, &cap, literal(p, MN_LIT_INTEGER)) || !mn_p_expect(p, MN_TK_RPAREN)) return NULL;
    }
    return e;
}

/* SUBSTRING(x FROM a [FOR b]) -> substr(x, a[, b]); otherwise an ordinary call */
static mn_ast_expr *substring_expr(mn_parser *p, mn_pos pos, const char *name) {
    mn_ast_expr *e = new_function(p, name, pos);
    int cap = 0;
    if (!e || !mn_p_expect(p, MN_TK_LPAREN) || !add_arg(p, e, &cap, mn_p_expr(p))) return NULL;
    if (mn_p_accept_kw(p, MN_KW_FROM)) {
        e->u.function.name.parts[0].name = "substr";
        if (!add_arg(p, e, &cap, mn_p_value_expr(p))) return NULL;
        if (mn_p_accept_kw(p, MN_KW_FOR) && !add_arg(p, e, &cap, mn_p_value_expr(p))) return NULL;
    } else {
        while (mn_p_accept(p, MN_TK_COMMA))
            if (!add_arg(p, e, &cap, mn_p_expr(p))) return NULL;
    }
    return mn_p_expect(p, MN_TK_RPAREN) ? e : NULL;
}

/* POSITION(a IN b) -> strpos(b, a); otherwise an ordinary call */
static mn_ast_expr *position_expr(mn_parser *p, mn_pos pos, const char *name) {
    mn_ast_expr *e = new_function(p, name, pos);
    int cap = 0;
    if (!e || !mn_p_expect(p, MN_TK_LPAREN)) return NULL;
    mn_ast_expr *a = mn_p_value_expr(p);
    if (!a) return NULL;
    if (mn_p_accept_kw(p, MN_KW_IN)) {
        e->u.function.name.parts[0].name = "strpos";
        if (!add_arg(p, e, &cap, mn_p_value_expr(p)) || !add_arg(p, e, &cap, a)) return NULL;
    } else {
        if (!add_arg(p, e, &cap, a)) return NULL;
        while (mn_p_accept(p, MN_TK_COMMA))
            if (!add_arg(p, e, &cap, mn_p_expr(p))) return NULL;
    }
    return mn_p_expect(p, MN_TK_RPAREN) ? e : NULL;
}

/* TRIM([BOTH|LEADING|TRAILING] [chars] FROM x) | TRIM(x [, chars]) -> trim|ltrim|rtrim(x[, chars]) */
static mn_ast_expr *trim_expr(mn_parser *p, mn_pos pos) {
    mn_ast_expr *e = new_function(p, "trim", pos);
    if (!e || !mn_p_expect(p, MN_TK_LPAREN)) return NULL;
    bool spec = true;
    if (mn_p_accept_kw(p, MN_KW_LEADING))
        e->u.function.name.parts[0].name = "ltrim";
    else if (mn_p_accept_kw(p, MN_KW_TRAILING))
        e->u.function.name.parts[0].name = "rtrim";
    else if (!mn_p_accept_kw(p, MN_KW_BOTH))
        spec = false;
    mn_ast_expr *chars = NULL, *x;
    if (mn_p_accept_kw(p, MN_KW_FROM)) {
        x = mn_p_value_expr(p);
    } else {
        mn_ast_expr *first = mn_p_value_expr(p);
        if (!first) return NULL;
        if (mn_p_accept_kw(p, MN_KW_FROM)) {
            chars = first;
            x = mn_p_value_expr(p);
        } else if (spec) {
            mn_p_error_mismatch(p);
            return NULL;
        } else {
            x = first;
            if (mn_p_accept(p, MN_TK_COMMA) && !(chars = mn_p_value_expr(p))) return NULL;
        }
    }
    int cap = 0;
    if (!add_arg(p, e, &cap, x)) return NULL;
    if (chars && !add_arg(p, e, &cap, chars)) return NULL;
    return mn_p_expect(p, MN_TK_RPAREN) ? e : NULL;
}

/* x -> body, with the parameters already collected */
static mn_ast_expr *lambda_body(mn_parser *p, mn_pos pos, mn_ident *params, int n) {
    mn_ast_expr *e = new_expr(p, MN_AST_LAMBDA, pos);
    if (!e || !mn_p_expect(p, MN_TK_ARROW)) return NULL;
    e->u.lambda.params = params;
    e->u.lambda.nparams = n;
    e->u.lambda.body = mn_p_expr(p);
    return e->u.lambda.body ? e : NULL;
}

/* Whether the tokens from k on are "( [ident {, ident}] ) ->". */
static bool lambda_ahead(mn_parser *p) {
    size_t k = 1;
    if (mn_p_peek_is(p, k, MN_TK_RPAREN)) return mn_p_peek_is(p, k + 1, MN_TK_ARROW);
    for (;;) {
        if (!mn_p_peek_is_ident(p, k)) return false;
        k++;
        if (mn_p_peek_is(p, k, MN_TK_RPAREN)) return mn_p_peek_is(p, k + 1, MN_TK_ARROW);
        if (!mn_p_peek_is(p, k, MN_TK_COMMA)) return false;
        k++;
    }
}

static mn_ast_expr *paren_expr(mn_parser *p) {
    mn_pos pos = mn_p_pos(p);
    if (lambda_ahead(p)) {
        mn_p_advance(p);
        mn_ident *params = NULL;
        int n = 0, cap = 0;
        if (!mn_p_is(p, MN_TK_RPAREN)) {
            do {
                if (!mn_p_grow(p, (void **)&params, &cap, n, sizeof *params) || !mn_p_ident(p, &params[n])) return NULL;
                n++;
            } while (mn_p_accept(p, MN_TK_COMMA));
        }
        if (!mn_p_expect(p, MN_TK_RPAREN)) return NULL;
        return lambda_body(p, pos, params, n);
    }
    mn_p_advance(p);
    mn_p_saved_error saved = {NULL, 0};
    if (mn_p_starts_query(p, 0)) {
        bool is_query;
        mn_ast_query *q = mn_p_try_subquery(p, &is_query, &saved);
        if (is_query) {
            if (!q || !mn_p_expect(p, MN_TK_RPAREN)) return NULL;
            mn_ast_expr *e = new_expr(p, MN_AST_SUBQUERY, pos);
            if (e) e->u.subquery.query = q;
            return e;
        }
    }
    mn_ast_expr *first = mn_p_expr(p);
    if (first && mn_p_peek_is(p, 0, MN_TK_COMMA)) {
        mn_ast_expr *row = new_expr(p, MN_AST_ROW, pos);
        int cap = 0;
        if (!row || !mn_p_push_expr(p, &row->u.list, &cap, first)) return NULL;
        while (mn_p_accept(p, MN_TK_COMMA))
            if (!mn_p_push_expr(p, &row->u.list, &cap, mn_p_expr(p))) break;
        first = p->failed ? NULL : row;
    }
    if (!first || !mn_p_expect(p, MN_TK_RPAREN)) {
        mn_p_prefer_furthest(p, &saved);
        return NULL;
    }
    return first;
}

bool mn_p_sort_list(mn_parser *p, mn_sort_list *out) {
    int cap = 0;
    memset(out, 0, sizeof *out);
    do {
        if (!mn_p_grow(p, (void **)&out->items, &cap, out->n, sizeof *out->items)) return false;
        mn_sort_item *it = &out->items[out->n];
        memset(it, 0, sizeof *it);
        if (!(it->expr = mn_p_expr(p))) return false;
        if (mn_p_accept_kw(p, MN_KW_DESC))
            it->descending = true;
        else
            mn_p_accept_kw(p, MN_KW_ASC);
        if (mn_p_accept_kw(p, MN_KW_NULLS)) {
            if (mn_p_accept_kw(p, MN_KW_FIRST))
                it->nulls = 1;
            else if (mn_p_expect_kw(p, MN_KW_LAST))
                it->nulls = 2;
            else
                return false;
        }
        out->n++;
    } while (mn_p_accept(p, MN_TK_COMMA));
    return true;
}

static bool frame_bound(mn_parser *p, mn_frame_bound *b) {
    if (mn_p_accept_kw(p, MN_KW_UNBOUNDED)) {
        if (mn_p_accept_kw(p, MN_KW_PRECEDING)) {
            b->kind = MN_BOUND_UNBOUNDED_PRECEDING;
            return true;
        }
        b->kind = MN_BOUND_UNBOUNDED_FOLLOWING;
        return mn_p_expect_kw(p, MN_KW_FOLLOWING);
    }
    if (mn_p_is_kw(p, MN_KW_CURRENT) && mn_p_peek_kw(p, 1, MN_KW_ROW)) {
        mn_p_advance(p);
        mn_p_advance(p);
        b->kind = MN_BOUND_CURRENT_ROW;
        return true;
    }
    if (!(b->offset = mn_p_value_expr(p))) return false;
    if (mn_p_accept_kw(p, MN_KW_PRECEDING)) {
        b->kind = MN_BOUND_PRECEDING;
        return true;
    }
    b->kind = MN_BOUND_FOLLOWING;
    return mn_p_expect_kw(p, MN_KW_FOLLOWING);
}

bool mn_p_window_spec(mn_parser *p, mn_window_spec *w) {
    memset(w, 0, sizeof *w);
    if (mn_p_is_ident(p) && !mn_p_peek_kw(p, 0, MN_KW_PARTITION) && !mn_p_peek_kw(p, 0, MN_KW_ROWS) &&
        !mn_p_peek_kw(p, 0, MN_KW_RANGE) && !mn_p_peek_kw(p, 0, MN_KW_GROUPS)) {
        mn_ident name;
        if (!mn_p_ident(p, &name)) return false;
        w->existing_name = name.name;
    }
    if (mn_p_accept_kw(p, MN_KW_PARTITION)) {
        if (!mn_p_expect_kw(p, MN_KW_BY) || !expr_list(p, &w->partition_by)) return false;
    }
    if (mn_p_accept_kw(p, MN_KW_ORDER)) {
        if (!mn_p_expect_kw(p, MN_KW_BY) || !mn_p_sort_list(p, &w->order_by)) return false;
    }
    if (mn_p_is_kw(p, MN_KW_ROWS) || mn_p_is_kw(p, MN_KW_RANGE) || mn_p_is_kw(p, MN_KW_GROUPS)) {
        mn_keyword kw = mn_p_cur(p)->kw;
        mn_p_advance(p);
        w->has_frame = true;
        w->frame_unit = kw == MN_KW_ROWS ? MN_FRAME_ROWS : kw == MN_KW_RANGE ? MN_FRAME_RANGE : MN_FRAME_GROUPS;
        if (mn_p_accept_kw(p, MN_KW_BETWEEN)) {
            if (!frame_bound(p, &w->start) || !mn_p_expect_kw(p, MN_KW_AND) || !frame_bound(p, &w->end))
                return false;
        } else {
            if (!frame_bound(p, &w->start)) return false;
            w->end.kind = MN_BOUND_CURRENT_ROW;
        }
    }
    return !p->failed;
}

/* A word that is not a keyword (OVERFLOW, TRUNCATE, ERROR, COUNT) at lookahead k. */
static bool peek_word(mn_parser *p, size_t k, const char *word) {
    const mn_token *t = mn_p_peek(p, k);
    return t && t->kind == MN_TK_WORD && t->text && strcasecmp(t->text, word) == 0;
}

static bool add_literal(mn_parser *p, mn_ast_expr *fn, int *cap, mn_literal_kind kind, const char *text, bool b) {
    mn_ast_expr *e = new_expr(p, MN_AST_LITERAL, mn_p_pos(p));
    if (!e) return false;
    e->u.literal.kind = kind;
    e->u.literal.text = text;
    e->u.literal.len = text ? (uint32_t)strlen(text) : 0;
    e->u.literal.b = b;
    return add_arg(p, fn, cap, e);
}

/* listagg(x [, sep] [ON OVERFLOW ERROR | TRUNCATE ['filler'] WITH|WITHOUT COUNT]): as in
 * Trino, the call gets the arguments (x, sep, overflow_error, filler, with_count); sep
 * defaults to '', filler to '...'. Called after the arguments, at ON. */
static bool listagg_overflow(mn_parser *p, mn_ast_expr *e, int *cap) {
    if (e->u.function.args.n == 1 && !add_literal(p, e, cap, MN_LIT_STRING, "", false)) return false;
    mn_p_advance(p); /* ON */
    mn_p_advance(p); /* OVERFLOW */
    if (peek_word(p, 0, "ERROR")) {
        mn_p_advance(p);
        return add_literal(p, e, cap, MN_LIT_BOOLEAN, NULL, true) &&
               add_literal(p, e, cap, MN_LIT_STRING, "...", false) && add_literal(p, e, cap, MN_LIT_BOOLEAN, NULL, false);
    }
    if (!peek_word(p, 0, "TRUNCATE")) {
        mn_p_note(p, "ERROR");
        mn_p_note(p, "TRUNCATE");
        mn_p_error_mismatch(p);
        return false;
    }
    mn_p_advance(p);
    if (!add_literal(p, e, cap, MN_LIT_BOOLEAN, NULL, false)) return false;
    if (mn_p_is(p, MN_TK_STRING)) {
        if (!add_arg(p, e, cap, literal(p, MN_LIT_STRING))) return false;
    } else if (!add_literal(p, e, cap, MN_LIT_STRING, "...", false)) {
        return false;
    }
    bool with = mn_p_is_kw(p, MN_KW_WITH);
    if (!with && !mn_p_is_kw(p, MN_KW_WITHOUT)) {
        mn_p_error_mismatch(p);
        return false;
    }
    mn_p_advance(p);
    if (!peek_word(p, 0, "COUNT")) {
        mn_p_note(p, "COUNT");
        mn_p_error_mismatch(p);
        return false;
    }
    mn_p_advance(p);
    return add_literal(p, e, cap, MN_LIT_BOOLEAN, NULL, with);
}

/* name '(' ... ')' [WITHIN GROUP (ORDER BY ...)] [FILTER (WHERE ...)] [IGNORE|RESPECT NULLS] [OVER ...] */
mn_ast_expr *mn_p_function_call(mn_parser *p, const mn_qname *name) {
    mn_ast_expr *e = new_expr(p, MN_AST_FUNCTION, name->pos);
    if (!e || !mn_p_expect(p, MN_TK_LPAREN)) return NULL;
    e->u.function.name = *name;
    int cap = 0;
    if (mn_p_is(p, MN_TK_STAR) && mn_p_peek_is(p, 1, MN_TK_RPAREN)) {
        mn_p_advance(p);
        e->u.function.star = true;
    } else if (!mn_p_is(p, MN_TK_RPAREN)) {
        if (mn_p_accept_kw(p, MN_KW_DISTINCT))
            e->u.function.distinct = true;
        else
            mn_p_accept_kw(p, MN_KW_ALL);
        do {
            if (!add_arg(p, e, &cap, mn_p_expr(p))) return NULL;
        } while (mn_p_accept(p, MN_TK_COMMA));
        if (mn_p_is_kw(p, MN_KW_ON) && peek_word(p, 1, "OVERFLOW") && e->u.function.args.n <= 2 &&
            !listagg_overflow(p, e, &cap))
            return NULL;
        if (mn_p_accept_kw(p, MN_KW_ORDER)) {
            if (!mn_p_expect_kw(p, MN_KW_BY) || !mn_p_sort_list(p, &e->u.function.order_by)) return NULL;
        }
    }
    for (int inside = 1; inside >= 0; inside--) {
        if ((mn_p_is_kw(p, MN_KW_IGNORE) || mn_p_is_kw(p, MN_KW_RESPECT)) && mn_p_peek_kw(p, 1, MN_KW_NULLS)) {
            e->u.function.ignore_nulls = mn_p_cur(p)->kw == MN_KW_IGNORE;
            mn_p_advance(p);
            mn_p_advance(p);
        }
        if (inside) {
            if (!mn_p_expect(p, MN_TK_RPAREN)) return NULL;
            if (mn_p_is_kw(p, MN_KW_WITHIN) && mn_p_peek_kw(p, 1, MN_KW_GROUP)) {
                mn_p_advance(p);
                mn_p_advance(p);
                if (!mn_p_expect(p, MN_TK_LPAREN) || !mn_p_expect_kw(p, MN_KW_ORDER) || !mn_p_expect_kw(p, MN_KW_BY) ||
                    !mn_p_sort_list(p, &e->u.function.order_by) || !mn_p_expect(p, MN_TK_RPAREN))
                    return NULL;
            }
            if (mn_p_is_kw(p, MN_KW_FILTER) && mn_p_peek_is(p, 1, MN_TK_LPAREN)) {
                mn_p_advance(p);
                mn_p_advance(p);
                if (!mn_p_expect_kw(p, MN_KW_WHERE) || !(e->u.function.filter = mn_p_expr(p)) ||
                    !mn_p_expect(p, MN_TK_RPAREN))
                    return NULL;
            }
        }
    }
    if (mn_p_is_kw(p, MN_KW_OVER) && (mn_p_peek_is(p, 1, MN_TK_LPAREN) || mn_p_peek_is_ident(p, 1))) {
        mn_p_advance(p);
        mn_window_spec *w = mn_p_alloc(p, sizeof *w);
        if (!w) return NULL;
        if (mn_p_accept(p, MN_TK_LPAREN)) {
            if (!mn_p_window_spec(p, w) || !mn_p_expect(p, MN_TK_RPAREN)) return NULL;
        } else {
            mn_ident name;
            if (!mn_p_ident(p, &name)) return NULL;
            w->existing_name = name.name;
        }
        e->u.function.window = w;
    }
    return e;
}

/* Primaries that start with a word: keywords with special syntax, typed literals,
 * lambdas, function calls, t.* and column references. */
static mn_ast_expr *word_primary(mn_parser *p) {
    const mn_token tok = *mn_p_cur(p), *t = &tok; /* a copy: lookahead may move the buffer */
    mn_pos pos = mn_p_pos(p);
    if (t->kind == MN_TK_WORD) {
        mn_keyword kw = t->kw;
        bool paren = mn_p_peek_is(p, 1, MN_TK_LPAREN);
        switch (kw) {
        case MN_KW_NULL: return literal(p, MN_LIT_NULL);
        case MN_KW_TRUE:
        case MN_KW_FALSE: {
            mn_ast_expr *e = literal(p, MN_LIT_BOOLEAN);
            if (e) e->u.literal.b = kw == MN_KW_TRUE;
            return e;
        }
        case MN_KW_CASE: mn_p_advance(p); return case_expr(p, pos);
        case MN_KW_CAST: mn_p_advance(p); return cast_expr(p, pos, false);
        case MN_KW_TRY_CAST:
            if (!paren) break;
            mn_p_advance(p);
            return cast_expr(p, pos, true);
        case MN_KW_EXTRACT: mn_p_advance(p); return extract_expr(p, pos);
        case MN_KW_EXISTS: mn_p_advance(p); return exists_expr(p, pos);
        case MN_KW_INTERVAL: {
            bool sign = mn_p_peek_is(p, 1, MN_TK_MINUS) || mn_p_peek_is(p, 1, MN_TK_PLUS);
            if (mn_p_peek_is(p, sign ? 2 : 1, MN_TK_STRING)) {
                mn_p_advance(p);
                return interval_expr(p, pos);
            }
            break;
        }
        case MN_KW_ROW:
            if (paren) {
                mn_p_advance(p);
                mn_p_advance(p);
                mn_ast_expr *e = new_expr(p, MN_AST_ROW, pos);
                if (!e || !expr_list(p, &e->u.list) || !mn_p_expect(p, MN_TK_RPAREN)) return NULL;
                return e;
            }
            break;
        case MN_KW_ARRAY:
            if (mn_p_peek_is(p, 1, MN_TK_LBRACKET)) {
                mn_p_advance(p);
                mn_p_advance(p);
                mn_ast_expr *e = new_expr(p, MN_AST_ARRAY, pos);
                if (!e) return NULL;
                if (!mn_p_is(p, MN_TK_RBRACKET) && !expr_list(p, &e->u.list)) return NULL;
                return mn_p_expect(p, MN_TK_RBRACKET) ? e : NULL;
            }
            break;
        case MN_KW_CURRENT_DATE:
        case MN_KW_CURRENT_TIME:
        case MN_KW_CURRENT_TIMESTAMP:
        case MN_KW_LOCALTIME:
        case MN_KW_LOCALTIMESTAMP:
        case MN_KW_CURRENT_USER:
        case MN_KW_CURRENT_CATALOG:
        case MN_KW_CURRENT_SCHEMA:
        case MN_KW_CURRENT_PATH:
        case MN_KW_CURRENT_ROLE: return special_function(p, pos, kw);
        case MN_KW_SUBSTRING:
            if (!paren) break;
            mn_p_advance(p);
            return substring_expr(p, pos, t->text);
        case MN_KW_POSITION:
            if (!paren) break;
            mn_p_advance(p);
            return position_expr(p, pos, t->text);
        case MN_KW_TRIM: mn_p_advance(p); return trim_expr(p, pos);
        case MN_KW_GROUPING: {
            mn_p_advance(p);
            mn_ast_expr *e = new_function(p, "grouping", pos);
            if (!e || !mn_p_expect(p, MN_TK_LPAREN)) return NULL;
            if (!mn_p_is(p, MN_TK_RPAREN) && !expr_list(p, &e->u.function.args)) return NULL;
            return mn_p_expect(p, MN_TK_RPAREN) ? e : NULL;
        }
        case MN_KW_DOUBLE:
            if (mn_p_peek_kw(p, 1, MN_KW_PRECISION) && mn_p_peek_is(p, 2, MN_TK_STRING))
                return typed_literal(p, "DOUBLE", 2);
            break;
        default: break;
        }
        /* type 'literal': DATE '2020-01-01', TIMESTAMP '…', DECIMAL '1.5', JSON '…', … */
        const mn_token *next = mn_p_peek(p, 1);
        if (!mn_keyword_reserved(kw) && next->kind == MN_TK_STRING && !next->dq) {
            const char *type_name = upper_dup(p, t->text);
            return type_name ? typed_literal(p, type_name, 1) : NULL;
        }
    }
    if (!mn_p_is_ident(p)) {
        mn_p_note(p, "<expression>");
        mn_p_error_mismatch(p);
        return NULL;
    }
    if (mn_p_peek_is(p, 1, MN_TK_ARROW)) {
        mn_ident *param = mn_p_alloc(p, sizeof *param);
        if (!param || !mn_p_ident(p, param)) return NULL;
        return lambda_body(p, pos, param, 1);
    }
    mn_qname name;
    if (!mn_p_qname(p, &name)) return NULL;
    if (mn_p_peek_is(p, 0, MN_TK_LPAREN)) return mn_p_function_call(p, &name);
    if (mn_p_peek_is(p, 0, MN_TK_DOT) && mn_p_peek_is(p, 1, MN_TK_STAR)) {
        mn_p_advance(p);
        mn_p_advance(p);
        mn_ast_expr *e = new_expr(p, MN_AST_STAR, pos);
        mn_qname *q = mn_p_alloc(p, sizeof *q);
        if (!e || !q) return NULL;
        *q = name;
        e->u.star.qualifier = q;
        return e;
    }
    mn_ast_expr *e = new_expr(p, MN_AST_COLUMN, pos);
    if (e) e->u.column = name;
    return e;
}

mn_ast_expr *mn_p_primary(mn_parser *p) {
    if (p->failed) return NULL;
    const mn_token *t = mn_p_cur(p);
    switch (t->kind) {
    case MN_TK_INTEGER: return literal(p, MN_LIT_INTEGER);
    case MN_TK_DECIMAL: return literal(p, MN_LIT_DECIMAL);
    case MN_TK_DOUBLE: return literal(p, MN_LIT_DOUBLE);
    case MN_TK_STRING:
        if (t->dq) break;
        return literal(p, MN_LIT_STRING);
    case MN_TK_BINARY: return binary_literal(p);
    case MN_TK_QUESTION: {
        mn_ast_expr *e = new_expr(p, MN_AST_PARAMETER, mn_p_pos(p));
        if (!e) return NULL;
        e->u.parameter.index = p->nparams++;
        mn_p_advance(p);
        return e;
    }
    case MN_TK_LPAREN: return paren_expr(p); /* recursion goes through mn_p_expr/mn_p_query */
    case MN_TK_WORD:
    case MN_TK_QIDENT: return word_primary(p);
    default: break;
    }
    mn_p_note(p, "<expression>");
    mn_p_error_mismatch(p);
    return NULL;
}
