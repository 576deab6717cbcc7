/* binder_expr.c — binds AST expressions to typed expressions: resolves column names in a
 * scope, types literals as Trino does, routes operators and functions through the function
 * registry (which inserts implicit coercions), collects aggregate calls, and folds
 * constants. Errors carry the line:column of the offending node. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "plan/plan_internal.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/scalar_text.h"

#define ERRP(b, p, code, ...) mn_error_set_pos((b)->err, code, (p).line, (p).column, __VA_ARGS__)

static int oom(binder *b) { return mn_error_set(b->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

const char *ident_lower(mn_arena *a, const mn_ident *id) {
    size_t n = strlen(id->name);
    char *s = mn_arena_strndup(a, id->name, n);
    if (!s) return NULL;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z') s[i] = (char)(s[i] - 'A' + 'a');
    return s;
}

int new_id(binder *b, mn_type t) {
    if (b->next_id >= b->id_cap) {
        int cap = b->id_cap ? b->id_cap * 2 : 64;
        mn_type *nt = realloc(b->id_types, sizeof(mn_type) * (size_t)cap);
        if (!nt) return -1;
        b->id_types = nt;
        b->id_cap = cap;
    }
    b->id_types[b->next_id] = t;
    return b->next_id++;
}

void *grow_array(binder *b, void *arr, int n, int *cap, size_t elem, int first) {
    if (n < *cap) return arr;
    int nc = *cap ? *cap * 2 : first;
    void *na = mn_arena_alloc(b->a, elem * (size_t)nc);
    if (!na) {
        oom(b);
        return NULL;
    }
    if (n) memcpy(na, arr, elem * (size_t)n);
    *cap = nc;
    return na;
}

int scope_add(binder *b, scope *s, const char *qual, const char *db, const char *name, mn_type type, int id) {
    void *grown = grow_array(b, s->cols, s->n, &s->cap, sizeof *s->cols, 16);
    if (!grown) return -1;
    s->cols = grown;
    scope_col *c = &s->cols[s->n++];
    c->qual = qual;
    c->db = db;
    c->name = name;
    c->type = type;
    c->id = id;
    return 0;
}

int scope_add_all(binder *b, scope *dst, const scope *src) {
    for (int i = 0; i < src->n; i++) {
        const scope_col *c = &src->cols[i];
        if (scope_add(b, dst, c->qual, c->db, c->name, c->type, c->id)) return -1;
    }
    return 0;
}

const char *expr_default_name(const mn_ast_expr *e) {
    if (e->kind == MN_AST_COLUMN) return e->u.column.parts[e->u.column.n - 1].name;
    if (e->kind == MN_AST_DEREFERENCE) return e->u.deref.field.name;
    return NULL;
}

/* ---------- column resolution ---------- */

static int resolve_column_exact(binder *b, scope *s, const mn_qname *qn, mn_pos pos, mn_expr **out) {
    int n = qn->n;
    const char *name = qn->parts[n - 1].name;
    const char *qual = n >= 2 ? qn->parts[n - 2].name : NULL;
    const char *db = n >= 3 ? qn->parts[n - 3].name : NULL;
    int found = -1;
    for (int i = 0; i < s->n; i++) {
        scope_col *c = &s->cols[i];
        if (strcasecmp(c->name, name) != 0) continue;
        if (qual && (!c->qual || strcasecmp(c->qual, qual) != 0)) continue;
        if (db && (!c->db || strcasecmp(c->db, db) != 0)) continue;
        if (found >= 0 && s->cols[found].id != c->id) {
            return ERRP(b, pos, MN_ERR_AMBIGUOUS, "Column '%s' is ambiguous", name);
        }
        found = i;
    }
    if (found < 0 && b->outer && s != b->outer) {
        /* a correlated reference to the enclosing query block */
        for (int i = 0; i < b->outer->n; i++) {
            scope_col *c = &b->outer->cols[i];
            if (strcasecmp(c->name, name) != 0) continue;
            if (qual && (!c->qual || strcasecmp(c->qual, qual) != 0)) continue;
            if (db && (!c->db || strcasecmp(c->db, db) != 0)) continue;
            if (found >= 0 && b->outer->cols[found].id != c->id)
                return ERRP(b, pos, MN_ERR_AMBIGUOUS, "Column '%s' is ambiguous", name);
            found = i;
        }
        if (found >= 0) {
            if (!b->allow_outer) {
                b->corr_abort = true;
                return ERRP(b, pos, MN_ERR_NOT_SUPPORTED, "Correlated reference to '%s' is not supported here", name);
            }
            *out = mn_expr_column(b->a, b->outer->cols[found].id, b->outer->cols[found].type);
            if (!*out) return oom(b);
            (*out)->pos = pos;
            return 0;
        }
    }
    if (found < 0) {
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        for (int i = 0; i < n; i++) {
            if (i) mn_strbuf_putc(&sb, '.');
            mn_strbuf_puts(&sb, qn->parts[i].name);
        }
        ERRP(b, pos, MN_ERR_COLUMN_NOT_FOUND, "Column '%s' cannot be resolved", sb.data ? sb.data : name);
        mn_strbuf_free(&sb);
        return -1;
    }
    *out = mn_expr_column(b->a, s->cols[found].id, s->cols[found].type);
    if (!*out) return oom(b);
    (*out)->pos = pos;
    return 0;
}

/* A dotted name that is no column may be a ROW column followed by field names (x.a.b):
 * the longest prefix naming a column wins, the rest are field dereferences. */
static int resolve_column(binder *b, scope *s, const mn_qname *qn, mn_pos pos, mn_expr **out) {
    int lp = b->lambdas ? resolve_lambda_param(b, s, qn, pos, out) : 1;
    if (lp <= 0) return lp;
    if (resolve_column_exact(b, s, qn, pos, out) == 0) return 0;
    if (b->err->code != MN_ERR_COLUMN_NOT_FOUND || qn->n < 2 || b->corr_abort) return -1;
    mn_error saved = *b->err;
    for (int k = qn->n - 1; k >= 1; k--) {
        mn_qname pre = *qn;
        pre.n = k;
        mn_expr *base;
        mn_error_clear(b->err);
        if (resolve_column_exact(b, s, &pre, pos, &base) != 0) {
            if (b->corr_abort || b->err->code != MN_ERR_COLUMN_NOT_FOUND) return -1;
            continue;
        }
        if (base->type.id != MN_T_ROW) break;
        for (int f = k; f < qn->n; f++) {
            const char *fname = qn->parts[f].quoted ? qn->parts[f].name : ident_lower(b->a, &qn->parts[f]);
            if (!fname) return oom(b);
            if (mn_func_bind_field(b->a, base, fname, 0, pos, &base, b->err)) return -1;
        }
        *out = base;
        return 0;
    }
    *b->err = saved;
    return -1;
}

/* ---------- literals ---------- */

static int make_const(binder *b, const mn_value *v, mn_pos pos, mn_expr **out) {
    *out = mn_expr_const(b->a, v);
    if (!*out) return oom(b);
    (*out)->pos = pos;
    return 0;
}

static int bind_literal(binder *b, const mn_ast_expr *e, mn_expr **out) {
    mn_value v;
    memset(&v, 0, sizeof v);
    const char *text = e->u.literal.text;
    size_t len = text ? strlen(text) : 0;
    switch (e->u.literal.kind) {
    case MN_LIT_NULL: mn_value_null(&v, mn_type_make(MN_T_UNKNOWN)); break;
    case MN_LIT_BOOLEAN:
        v.type = mn_type_make(MN_T_BOOLEAN);
        v.u.i = e->u.literal.b;
        break;
    case MN_LIT_INTEGER:
        if (e->u.literal.fits_int64) {
            int64_t i = e->u.literal.i;
            v.type = mn_type_make(i >= INT32_MIN && i <= INT32_MAX ? MN_T_INTEGER : MN_T_BIGINT);
            v.u.i = i;
        } else {
            /* Trino: too large for bigint → decimal literal when it fits 38 digits */
            mn_type t;
            if (mn_decimal_parse_literal(text, len, &v.u.dec, &t) != MN_DEC_OK)
                return ERRP(b, e->pos, MN_ERR_NUMERIC_OVERFLOW, "Invalid numeric literal: %s", text);
            v.type = t;
        }
        break;
    case MN_LIT_DECIMAL: {
        mn_type t;
        if (mn_decimal_parse_literal(text, len, &v.u.dec, &t) != MN_DEC_OK)
            return ERRP(b, e->pos, MN_ERR_NUMERIC_OVERFLOW, "Invalid decimal literal: %s", text);
        v.type = t;
        break;
    }
    case MN_LIT_DOUBLE:
        v.type = mn_type_make(MN_T_DOUBLE);
        if (mn_parse_double(text, len, &v.u.d) != 0)
            return ERRP(b, e->pos, MN_ERR_SYNTAX, "Invalid double literal: %s", text);
        break;
    case MN_LIT_STRING: {
        /* Trino types 'abc' as varchar(3): its length in characters */
        int32_t chars = 0;
        for (uint32_t i = 0; i < e->u.literal.len; i++) chars += ((unsigned char)text[i] & 0xC0) != 0x80;
        v.type = mn_type_varchar(chars);
        v.u.s.ptr = text ? text : "";
        v.u.s.len = e->u.literal.len;
        break;
    }
    case MN_LIT_TYPED: {
        const char *tn = e->u.literal.type_name;
        uint32_t slen = e->u.literal.len ? e->u.literal.len : (uint32_t)len;
        if (strcasecmp(tn, "DATE") == 0) {
            int32_t d;
            if (mn_date_parse(text, slen, &d) != 0)
                return ERRP(b, e->pos, MN_ERR_INVALID_CAST, "Value cannot be cast to date: %s", text);
            v.type = mn_type_make(MN_T_DATE);
            v.u.i = d;
        } else if (strcasecmp(tn, "TIMESTAMP") == 0) {
            /* with a zone ('… America/New_York', '… +05:30') it is a timestamp with time zone */
            mn_i128 tv;
            int prec = 0;
            size_t zs = 0, zl = 0;
            int rc = mn_tstz_parse(text, slen, &tv, &prec, &zs, &zl);
            if (rc == -2)
                return ERRP(b, e->pos, MN_ERR_INVALID_ARGUMENT, "Time zone not supported: %.*s", (int)zl, text + zs);
            if (rc < 0) return ERRP(b, e->pos, MN_ERR_INVALID_CAST, "Value cannot be cast to timestamp: %s", text);
            v.type = mn_type_make(rc == 0 ? MN_T_TIMESTAMP_TZ : MN_T_TIMESTAMP);
            v.type.precision = (uint8_t)(prec > 6 ? 6 : prec); /* TIMESTAMP '… 00:00:00' is timestamp(0) */
            if (rc == 0) v.u.dec = tv;
            else v.u.i = (int64_t)tv;
        } else if (strcasecmp(tn, "TIME") == 0) {
            int prec = 0;
            if (mn_time_parse(text, slen, &v.u.i, &prec) != 0)
                return ERRP(b, e->pos, MN_ERR_INVALID_CAST, "Value cannot be cast to time: %s", text);
            v.type = mn_type_make(MN_T_TIME);
            v.type.precision = (uint8_t)prec;
        } else if (strcasecmp(tn, "DECIMAL") == 0) {
            mn_type t;
            if (mn_decimal_parse_literal(text, slen, &v.u.dec, &t) != MN_DEC_OK)
                return ERRP(b, e->pos, MN_ERR_INVALID_CAST, "Value cannot be cast to decimal: %s", text);
            v.type = t;
        } else if (strcmp(tn, "X") == 0) {
            /* X'...': the parser left an even number of hex digits */
            char *bytes = mn_arena_alloc(b->a, slen / 2 + 1);
            if (!bytes) return oom(b);
            for (uint32_t k = 0; k + 1 < slen; k += 2) {
                char hx[3] = {text[k], text[k + 1], 0};
                bytes[k / 2] = (char)strtol(hx, NULL, 16);
            }
            v.type = mn_type_make(MN_T_VARBINARY);
            v.u.s.ptr = bytes;
            v.u.s.len = slen / 2;
        } else if (strcasecmp(tn, "JSON") == 0) {
            /* Trino: JSON '...' is json_parse('...') (the text is parsed and canonicalized),
             * unlike CAST('...' AS JSON), which makes a JSON string */
            mn_value sv;
            memset(&sv, 0, sizeof sv);
            sv.type = mn_type_varchar(-1);
            sv.u.s.ptr = text ? text : "";
            sv.u.s.len = slen;
            mn_expr *c;
            if (make_const(b, &sv, e->pos, &c)) return -1;
            return mn_func_bind_scalar(b->a, "json_parse", &c, 1, e->pos, out, b->err);
        } else {
            /* other typed literals: a cast of the string */
            mn_type t;
            if (mn_type_parse(tn, strlen(tn), &t) != 0)
                return ERRP(b, e->pos, MN_ERR_NOT_SUPPORTED, "Unsupported literal type: %s", tn);
            mn_value sv;
            memset(&sv, 0, sizeof sv);
            sv.type = mn_type_varchar(-1);
            sv.u.s.ptr = text;
            sv.u.s.len = slen;
            mn_expr *c;
            if (make_const(b, &sv, e->pos, &c)) return -1;
            return mn_func_bind_cast(b->a, c, t, false, e->pos, out, b->err);
        }
        break;
    }
    }
    return make_const(b, &v, e->pos, out);
}

static int bind_interval(binder *b, const mn_ast_expr *e, mn_expr **out) {
    int64_t val;
    int is_ym;
    const char *text = e->u.interval.text;
    if (mn_interval_parse(text, strlen(text), (mn_interval_field)e->u.interval.from,
                          (mn_interval_field)e->u.interval.to, &val, &is_ym) != 0)
        return ERRP(b, e->pos, MN_ERR_INVALID_ARGUMENT, "Invalid INTERVAL literal: '%s'", text);
    mn_value v;
    memset(&v, 0, sizeof v);
    v.type = mn_type_make(is_ym ? MN_T_INTERVAL_YM : MN_T_INTERVAL_DS);
    v.u.i = e->u.interval.sign < 0 ? -val : val;
    return make_const(b, &v, e->pos, out);
}

/* ---------- helpers ---------- */

static int call(binder *b, const char *name, mn_expr **args, int n, mn_pos pos, mn_expr **out) {
    if (mn_func_bind_scalar(b->a, name, args, n, pos, out, b->err)) return -1;
    (*out)->pos = pos;
    return 0;
}

static int ensure_boolean(binder *b, mn_expr **e, const char *what, mn_pos pos) {
    if ((*e)->type.id == MN_T_BOOLEAN) return 0;
    if ((*e)->type.id == MN_T_UNKNOWN) return mn_func_coerce(b->a, *e, mn_type_make(MN_T_BOOLEAN), e, b->err);
    char tn[64];
    return ERRP(b, pos, MN_ERR_TYPE_MISMATCH, "%s must evaluate to a boolean (actual: %s)", what,
                mn_type_name((*e)->type, tn, sizeof tn));
}

/* Coerces every expression in list to their common super type. */
static int coerce_common(binder *b, mn_expr **list, int n, mn_pos pos, const char *what, mn_type *out_type) {
    mn_type t = list[0]->type;
    for (int i = 1; i < n; i++) {
        mn_type u;
        if (!mn_type_common_super(t, list[i]->type, &u)) {
            char t1[64], t2[64];
            return ERRP(b, list[i]->pos.line ? list[i]->pos : pos, MN_ERR_TYPE_MISMATCH,
                        "%s types must be the same: %s vs %s", what, mn_type_name(t, t1, sizeof t1),
                        mn_type_name(list[i]->type, t2, sizeof t2));
        }
        t = u;
    }
    for (int i = 0; i < n; i++)
        if (mn_func_coerce(b->a, list[i], t, &list[i], b->err)) return -1;
    if (out_type) *out_type = t;
    return 0;
}

static mn_expr *new_node(binder *b, mn_expr_kind k, mn_type t, int nargs, mn_pos pos) {
    mn_expr *e = mn_expr_new(b->a, k, t, nargs);
    if (e) e->pos = pos;
    return e;
}

/* Replaces *x with NOT *x when negate. */
static int negate_if(binder *b, bool negate, mn_pos pos, mn_expr **x) {
    if (!negate) return 0;
    mn_expr *n = new_node(b, MN_EXPR_NOT, mn_type_make(MN_T_BOOLEAN), 1, pos);
    if (!n) return oom(b);
    n->args[0] = *x;
    *x = n;
    return 0;
}

static const char *extract_fn(const char *field) {
    static const struct {
        const char *field, *fn;
    } map[] = {
        {"YEAR", "year"},       {"QUARTER", "quarter"},   {"MONTH", "month"},
        {"WEEK", "week"},       {"DAY", "day"},           {"DAY_OF_MONTH", "day"},
        {"DAY_OF_WEEK", "day_of_week"}, {"DOW", "day_of_week"}, {"DAY_OF_YEAR", "day_of_year"},
        {"DOY", "day_of_year"}, {"YEAR_OF_WEEK", "year_of_week"}, {"YOW", "year_of_week"},
        {"HOUR", "hour"},       {"MINUTE", "minute"},     {"SECOND", "second"},
        {"MILLISECOND", "millisecond"}, {"TIMEZONE_HOUR", "timezone_hour"}, {"TIMEZONE_MINUTE", "timezone_minute"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(map[i].field, field) == 0) return map[i].fn;
    return NULL;
}

static int bind_list(binder *b, scope *s, agg_list *aggs, const mn_expr_list *l, mn_expr **out) {
    for (int i = 0; i < l->n; i++)
        if (bind_expr(b, s, aggs, l->items[i], &out[i])) return -1;
    return 0;
}

/* ---------- aggregates ---------- */

/* ORDER BY inside an aggregate call (array_agg(x ORDER BY y), WITHIN GROUP): binds the keys
 * over the aggregate's input (aggs: where nested aggregates may go, NULL for none). */
int bind_agg_order(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, mn_agg_call *c) {
    const mn_sort_list *ob = &e->u.function.order_by;
    if (ob->n == 0) return 0;
    mn_expr **keys = mn_arena_calloc(b->a, sizeof(mn_expr *) * (size_t)ob->n);
    bool *desc = mn_arena_calloc(b->a, sizeof(bool) * (size_t)ob->n);
    bool *nf = mn_arena_calloc(b->a, sizeof(bool) * (size_t)ob->n);
    if (!keys || !desc || !nf) return oom(b);
    for (int i = 0; i < ob->n; i++) {
        if (bind_expr(b, s, aggs, ob->items[i].expr, &keys[i])) return -1;
        desc[i] = ob->items[i].descending;
        nf[i] = ob->items[i].nulls == 1;
    }
    return mn_func_agg_order_by(b->a, c, keys, ob->n, desc, nf, e->pos, b->err);
}

static int bind_aggregate(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, mn_expr **out) {
    const char *name = ident_lower(b->a, &e->u.function.name.parts[e->u.function.name.n - 1]);
    if (!name) return oom(b);
    if (!aggs)
        return ERRP(b, e->pos, MN_ERR_SEMANTIC, "Aggregate function '%s' is not allowed here", name);
    int n = e->u.function.args.n;
    mn_expr **args = mn_arena_calloc(b->a, sizeof(mn_expr *) * (size_t)(n ? n : 1));
    if (!args) return oom(b);
    /* arguments of an aggregate may not contain aggregates */
    for (int i = 0; i < n; i++) {
        if (bind_expr(b, s, NULL, e->u.function.args.items[i], &args[i])) {
            if (b->err->code == MN_ERR_SEMANTIC && strstr(b->err->message, "is not allowed here"))
                ERRP(b, e->pos, MN_ERR_SEMANTIC, "Cannot nest aggregations inside aggregation '%s'", name);
            return -1;
        }
    }
    mn_agg_call *c;
    if (mn_func_bind_aggregate(b->a, name, args, n, e->u.function.distinct, e->u.function.star, e->pos, &c,
                               b->err))
        return -1;
    if (bind_agg_order(b, s, NULL, e, c)) return -1;
    if (e->u.function.filter) {
        mn_expr *f;
        if (bind_bool(b, s, NULL, e->u.function.filter, "FILTER", &f)) return -1;
        c->filter = f;
    }
    /* reuse an identical call (same function, same argument expressions) */
    int idx = -1;
    for (int i = 0; i < aggs->n && idx < 0; i++) {
        mn_agg_call *o = aggs->calls[i];
        if (o->fn != c->fn || o->nargs != c->nargs || o->distinct != c->distinct || o->filter || c->filter) continue;
        if (!mn_type_equal(o->type, c->type)) continue;
        bool same = true;
        for (int k = 0; k < c->nargs && same; k++) same = mn_expr_equal(o->args[k], c->args[k]);
        if (same) idx = i;
    }
    if (idx < 0) {
        void *grown = grow_array(b, aggs->calls, aggs->n, &aggs->cap, sizeof *aggs->calls, 8);
        if (!grown) return -1;
        aggs->calls = grown;
        idx = aggs->n;
        aggs->calls[aggs->n++] = c;
    }
    mn_expr *r = new_node(b, MN_EXPR_CALL, c->type, 0, e->pos);
    if (!r) return oom(b);
    r->name = AGG_REF_NAME;
    r->column = idx;
    *out = r;
    return 0;
}

/* ---------- functions ---------- */

static int bind_function(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, mn_expr **out) {
    const mn_qname *qn = &e->u.function.name;
    const char *name = ident_lower(b->a, &qn->parts[qn->n - 1]);
    if (!name) return oom(b);
    int n = e->u.function.args.n;
    if (e->u.function.window) return bind_window_call(b, s, aggs, e, name, out);
    if (mn_func_is_aggregate(name)) return bind_aggregate(b, s, aggs, e, out);
    if (strcmp(name, "grouping") == 0 && qn->n == 1) {
        if (!aggs) return ERRP(b, e->pos, MN_ERR_SEMANTIC, "grouping() is only allowed in grouped queries");
        if (n < 1 || n > 62) return ERRP(b, e->pos, MN_ERR_SEMANTIC, "grouping() takes 1 to 62 arguments");
        mn_expr *x = new_node(b, MN_EXPR_CALL, mn_type_make(MN_T_BIGINT), n, e->pos);
        if (!x) return oom(b);
        x->name = GROUPING_NAME;
        for (int i = 0; i < n; i++)
            if (bind_expr(b, s, NULL, e->u.function.args.items[i], &x->args[i])) return -1;
        if (aggs->n == 0 && aggs->cap == 0) aggs->cap = 0; /* grouping() alone makes the query grouped */
        *out = x;
        return 0;
    }
    if (e->u.function.distinct)
        return ERRP(b, e->pos, MN_ERR_SEMANTIC, "DISTINCT is not supported for non-aggregation functions");
    bool has_lambda = false;
    for (int i = 0; i < n; i++) has_lambda |= e->u.function.args.items[i]->kind == MN_AST_LAMBDA;
    if (mn_func_is_higher_order(name) && (has_lambda || !mn_func_exists(name)))
        return bind_higher_order(b, s, aggs, e, name, out);
    mn_expr **args = mn_arena_calloc(b->a, sizeof(mn_expr *) * (size_t)(n ? n : 1));
    if (!args) return oom(b);
    if (bind_list(b, s, aggs, &e->u.function.args, args)) return -1;
    if (strcmp(name, "coalesce") == 0) {
        if (n < 1) return ERRP(b, e->pos, MN_ERR_SEMANTIC, "coalesce requires at least one argument");
        if (n == 1) {
            *out = args[0];
            return 0;
        }
        mn_type t;
        if (coerce_common(b, args, n, e->pos, "All COALESCE operands", &t)) return -1;
        mn_expr *r = new_node(b, MN_EXPR_COALESCE, t, n, e->pos);
        if (!r) return oom(b);
        memcpy(r->args, args, sizeof(mn_expr *) * (size_t)n);
        *out = r;
        return 0;
    }
    if (strcmp(name, "if") == 0) {
        if (n < 2 || n > 3) return ERRP(b, e->pos, MN_ERR_SEMANTIC, "if() requires 2 or 3 arguments");
        if (ensure_boolean(b, &args[0], "IF condition", e->pos)) return -1;
        mn_type t = args[1]->type;
        if (n == 3) {
            mn_expr *pair[2] = {args[1], args[2]};
            if (coerce_common(b, pair, 2, e->pos, "IF branch", &t)) return -1;
            args[1] = pair[0];
            args[2] = pair[1];
        }
        mn_expr *r = new_node(b, MN_EXPR_CASE, t, n, e->pos);
        if (!r) return oom(b);
        memcpy(r->args, args, sizeof(mn_expr *) * (size_t)n);
        *out = r;
        return 0;
    }
    if (strcmp(name, "try") == 0) {
        if (n != 1) return ERRP(b, e->pos, MN_ERR_SEMANTIC, "try() requires one argument");
        mn_expr *r = new_node(b, MN_EXPR_TRY, args[0]->type, 1, e->pos);
        if (!r) return oom(b);
        r->args[0] = args[0];
        *out = r;
        return 0;
    }
    if (qn->n > 1 && !(qn->n == 2 && strcasecmp(qn->parts[0].name, "system") == 0))
        return ERRP(b, e->pos, MN_ERR_FUNCTION_NOT_FOUND, "Function '%s' not registered", name);
    return call(b, name, args, n, e->pos, out);
}

/* ---------- the main switch ---------- */

const char *ast_op_name(mn_ast_op op) {
    switch (op) {
    case MN_OP_ADD: return "+";
    case MN_OP_SUB: return "-";
    case MN_OP_MUL: return "*";
    case MN_OP_DIV: return "/";
    case MN_OP_MOD: return "%";
    case MN_OP_CONCAT: return "||";
    case MN_OP_EQ: return "=";
    case MN_OP_NE: return "<>";
    case MN_OP_LT: return "<";
    case MN_OP_LE: return "<=";
    case MN_OP_GT: return ">";
    case MN_OP_GE: return ">=";
    default: return "?";
    }
}

int bind_bool(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, const char *clause, mn_expr **out) {
    if (bind_expr(b, s, aggs, e, out)) return -1;
    if ((*out)->type.id == MN_T_BOOLEAN) return 0;
    if ((*out)->type.id == MN_T_UNKNOWN) return mn_func_coerce(b->a, *out, mn_type_make(MN_T_BOOLEAN), out, b->err);
    char tn[64];
    return ERRP(b, e->pos, MN_ERR_TYPE_MISMATCH, "%s clause must evaluate to a boolean: actual type %s", clause,
                mn_type_name((*out)->type, tn, sizeof tn));
}

int bind_expr(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, mn_expr **out) {
    if (b->ctx->depth > 200) return ERRP(b, e->pos, MN_ERR_NOT_SUPPORTED, "Expression is too deeply nested");
    b->ctx->depth++;
    int rc = -1;
    mn_expr *l = NULL, *r = NULL;
    switch (e->kind) {
    case MN_AST_LITERAL: rc = bind_literal(b, e, out); break;
    case MN_AST_INTERVAL: rc = bind_interval(b, e, out); break;
    case MN_AST_COLUMN: rc = resolve_column(b, s, &e->u.column, e->pos, out); break;
    case MN_AST_DEREFERENCE: {
        /* a.b where a is not a column: treat as a qualified column name */
        if (e->u.deref.operand->kind == MN_AST_COLUMN) {
            const mn_qname *q = &e->u.deref.operand->u.column;
            mn_qname qn;
            qn.n = q->n + 1;
            qn.parts = mn_arena_alloc(b->a, sizeof(mn_ident) * (size_t)qn.n);
            if (!qn.parts) {
                rc = oom(b);
                break;
            }
            memcpy(qn.parts, q->parts, sizeof(mn_ident) * (size_t)q->n);
            qn.parts[q->n] = e->u.deref.field;
            qn.pos = e->pos;
            rc = resolve_column(b, s, &qn, e->pos, out);
        } else {
            /* (expr).field: a ROW field */
            const mn_ident *fi = &e->u.deref.field;
            const char *fname = fi->quoted ? fi->name : ident_lower(b->a, fi);
            if (!fname) {
                rc = oom(b);
                break;
            }
            if (bind_expr(b, s, aggs, e->u.deref.operand, &l)) break;
            rc = mn_func_bind_field(b->a, l, fname, 0, e->pos, out, b->err);
        }
        break;
    }
    case MN_AST_ARRAY:
    case MN_AST_ROW: {
        int n = e->u.list.n;
        mn_expr **items = mn_arena_calloc(b->a, sizeof(mn_expr *) * (size_t)(n ? n : 1));
        if (!items) {
            rc = oom(b);
            break;
        }
        if (bind_list(b, s, aggs, &e->u.list, items)) break;
        if (e->kind == MN_AST_ARRAY) rc = mn_func_bind_array(b->a, items, n, e->pos, out, b->err);
        else rc = mn_func_bind_row(b->a, items, n, e->pos, out, b->err);
        break;
    }
    case MN_AST_SUBSCRIPT: {
        if (bind_expr(b, s, aggs, e->u.binary.left, &l) || bind_expr(b, s, aggs, e->u.binary.right, &r)) break;
        r = fold_constants(b, r);
        rc = mn_func_bind_subscript(b->a, l, r, e->pos, out, b->err);
        break;
    }
    case MN_AST_STAR: rc = ERRP(b, e->pos, MN_ERR_SEMANTIC, "'*' is not allowed here"); break;
    case MN_AST_UNARY: {
        if (bind_expr(b, s, aggs, e->u.unary.operand, &l)) break;
        if (e->u.unary.op == MN_OP_PLUS) {
            *out = l;
            rc = 0;
        } else {
            mn_expr *args[1] = {l};
            rc = call(b, "negate", args, 1, e->pos, out);
        }
        break;
    }
    case MN_AST_BINARY: {
        mn_ast_op op = e->u.binary.op;
        if (bind_expr(b, s, aggs, e->u.binary.left, &l) || bind_expr(b, s, aggs, e->u.binary.right, &r)) break;
        if (op == MN_OP_AND || op == MN_OP_OR) {
            if (ensure_boolean(b, &l, op == MN_OP_AND ? "Left side of logical expression" : "Left side of logical expression", e->u.binary.left->pos) ||
                ensure_boolean(b, &r, "Right side of logical expression", e->u.binary.right->pos))
                break;
            mn_expr_kind k = op == MN_OP_AND ? MN_EXPR_AND : MN_EXPR_OR;
            /* flatten nested ANDs/ORs */
            int nl = l->kind == k ? l->nargs : 1, nr = r->kind == k ? r->nargs : 1;
            mn_expr *x = new_node(b, k, mn_type_make(MN_T_BOOLEAN), nl + nr, e->pos);
            if (!x) {
                rc = oom(b);
                break;
            }
            if (l->kind == k) memcpy(x->args, l->args, sizeof(mn_expr *) * (size_t)nl);
            else x->args[0] = l;
            if (r->kind == k) memcpy(x->args + nl, r->args, sizeof(mn_expr *) * (size_t)nr);
            else x->args[nl] = r;
            *out = x;
            rc = 0;
            break;
        }
        mn_expr *args[2] = {l, r};
        rc = call(b, ast_op_name(op), args, 2, e->pos, out);
        break;
    }
    case MN_AST_IS_DISTINCT: {
        if (bind_expr(b, s, aggs, e->u.binary.left, &l) || bind_expr(b, s, aggs, e->u.binary.right, &r)) break;
        mn_expr *args[2] = {l, r};
        mn_expr *d;
        if (call(b, "is_distinct_from", args, 2, e->pos, &d) || negate_if(b, e->u.binary.negated, e->pos, &d)) break;
        *out = d;
        rc = 0;
        break;
    }
    case MN_AST_NOT: {
        if (bind_expr(b, s, aggs, e->u.unary.operand, &l)) break;
        if (ensure_boolean(b, &l, "Value of logical NOT expression", e->pos) || negate_if(b, true, e->pos, &l)) break;
        *out = l;
        rc = 0;
        break;
    }
    case MN_AST_IS_NULL: {
        if (bind_expr(b, s, aggs, e->u.is_null.operand, &l)) break;
        mn_expr *x = new_node(b, MN_EXPR_IS_NULL, mn_type_make(MN_T_BOOLEAN), 1, e->pos);
        if (!x) {
            rc = oom(b);
            break;
        }
        x->args[0] = l;
        x->negated = e->u.is_null.negated;
        *out = x;
        rc = 0;
        break;
    }
    case MN_AST_BETWEEN: {
        mn_expr *v, *lo, *hi, *c1, *c2;
        if (bind_expr(b, s, aggs, e->u.between.operand, &v) || bind_expr(b, s, aggs, e->u.between.low, &lo) ||
            bind_expr(b, s, aggs, e->u.between.high, &hi))
            break;
        mn_expr *a1[2] = {v, lo}, *a2[2] = {v, hi};
        if (call(b, ">=", a1, 2, e->pos, &c1) || call(b, "<=", a2, 2, e->pos, &c2)) break;
        mn_expr *x = new_node(b, MN_EXPR_AND, mn_type_make(MN_T_BOOLEAN), 2, e->pos);
        if (!x) {
            rc = oom(b);
            break;
        }
        x->args[0] = c1;
        x->args[1] = c2;
        if (negate_if(b, e->u.between.negated, e->pos, &x)) break;
        *out = x;
        rc = 0;
        break;
    }
    case MN_AST_IN_LIST: {
        int n = e->u.in_list.list.n;
        mn_expr *x = new_node(b, MN_EXPR_IN, mn_type_make(MN_T_BOOLEAN), n + 1, e->pos);
        if (!x) {
            rc = oom(b);
            break;
        }
        if (bind_expr(b, s, aggs, e->u.in_list.operand, &x->args[0])) break;
        if (bind_list(b, s, aggs, &e->u.in_list.list, x->args + 1)) break;
        if (coerce_common(b, x->args, n + 1, e->pos, "IN value and list items", NULL)) break;
        x->negated = e->u.in_list.negated;
        *out = x;
        rc = 0;
        break;
    }
    case MN_AST_LIKE: {
        mn_expr *args[3];
        int n = 2;
        if (bind_expr(b, s, aggs, e->u.like.operand, &args[0]) || bind_expr(b, s, aggs, e->u.like.pattern, &args[1]))
            break;
        if (e->u.like.escape) {
            if (bind_expr(b, s, aggs, e->u.like.escape, &args[2])) break;
            n = 3;
        }
        mn_expr *x;
        if (call(b, "like", args, n, e->pos, &x) || negate_if(b, e->u.like.negated, e->pos, &x)) break;
        *out = x;
        rc = 0;
        break;
    }
    case MN_AST_CASE: {
        int nw = e->u.case_.whens.n;
        bool has_else = e->u.case_.else_ != NULL;
        int n = 2 * nw + (has_else ? 1 : 0);
        mn_expr *x = new_node(b, MN_EXPR_CASE, mn_type_make(MN_T_UNKNOWN), n, e->pos);
        mn_expr **results = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nw + 1));
        if (!x || !results) {
            rc = oom(b);
            break;
        }
        mn_expr *operand = NULL;
        if (e->u.case_.operand && bind_expr(b, s, aggs, e->u.case_.operand, &operand)) break;
        bool fail = false;
        for (int i = 0; i < nw && !fail; i++) {
            mn_expr *w;
            if (bind_expr(b, s, aggs, e->u.case_.whens.items[i], &w)) {
                fail = true;
                break;
            }
            if (operand) {
                mn_expr *args[2] = {operand, w};
                if (call(b, "=", args, 2, e->u.case_.whens.items[i]->pos, &w)) {
                    fail = true;
                    break;
                }
            } else if (ensure_boolean(b, &w, "CASE WHEN clause", e->u.case_.whens.items[i]->pos)) {
                fail = true;
                break;
            }
            x->args[2 * i] = w;
            if (bind_expr(b, s, aggs, e->u.case_.thens.items[i], &results[i])) fail = true;
        }
        if (fail) break;
        if (has_else && bind_expr(b, s, aggs, e->u.case_.else_, &results[nw])) break;
        mn_type t;
        if (coerce_common(b, results, nw + (has_else ? 1 : 0), e->pos, "All CASE results", &t)) break;
        for (int i = 0; i < nw; i++) x->args[2 * i + 1] = results[i];
        if (has_else) x->args[n - 1] = results[nw];
        x->type = t;
        *out = x;
        rc = 0;
        break;
    }
    case MN_AST_CAST: {
        if (bind_expr(b, s, aggs, e->u.cast.operand, &l)) break;
        mn_type t;
        const char *tt = e->u.cast.type_text;
        if (mn_type_parse(tt, strlen(tt), &t) != 0) {
            rc = ERRP(b, e->pos, MN_ERR_NOT_SUPPORTED, "Unknown type: %s", tt);
            break;
        }
        rc = mn_func_bind_cast(b->a, l, t, e->u.cast.is_try, e->pos, out, b->err);
        break;
    }
    case MN_AST_FUNCTION: rc = bind_function(b, s, aggs, e, out); break;
    case MN_AST_LAMBDA:
        rc = ERRP(b, e->pos, MN_ERR_SEMANTIC, "Lambda expression should always be used inside a function");
        break;
    case MN_AST_EXTRACT: {
        const char *fn = extract_fn(e->u.extract.field);
        if (!fn) {
            rc = ERRP(b, e->pos, MN_ERR_SEMANTIC, "Invalid EXTRACT field: %s", e->u.extract.field);
            break;
        }
        if (bind_expr(b, s, aggs, e->u.extract.operand, &l)) break;
        mn_expr *args[1] = {l};
        rc = call(b, fn, args, 1, e->pos, out);
        break;
    }
    case MN_AST_SUBQUERY:
    case MN_AST_IN_SUBQUERY:
    case MN_AST_EXISTS:
    case MN_AST_QUANTIFIED: rc = bind_subquery_expr(b, s, aggs, e, out); break;
    default: rc = ERRP(b, e->pos, MN_ERR_NOT_SUPPORTED, "Expression not supported yet"); break;
    }
    b->ctx->depth--;
    if (rc == 0 && (*out)->pos.line == 0) (*out)->pos = e->pos;
    return rc;
}

/* ---------- constant folding ---------- */

mn_expr *fold_constants(binder *b, mn_expr *e) {
    if (!e) return e;
    for (int i = 0; i < e->nargs; i++) e->args[i] = fold_constants(b, e->args[i]);
    if (e->kind == MN_EXPR_CONST || e->kind == MN_EXPR_COLUMN) return e;
    if (e->kind == MN_EXPR_CALL && (!e->impl || e->volatile_)) return e;
    if (!mn_expr_is_const(e)) return e;
    mn_value v;
    mn_error err;
    mn_error_clear(&err);
    if (mn_expr_eval_const(e, b->a, b->ctx->q, &v, &err) != 0) return e; /* raise at run time */
    v.type = e->type;
    mn_expr *c = mn_expr_const(b->a, &v);
    if (!c) return e;
    c->pos = e->pos;
    return c;
}
