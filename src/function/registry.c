/* registry.c — the static function tables and overload resolution (Trino style): among the
 * signatures of a name, an exact match wins; otherwise the one whose parameters accept every
 * argument through implicit coercion with the fewest coercions (ties: table order, which
 * lists narrower types first). Generic parameters ("decimal", "varchar", "T", ...) and type
 * patterns over the variables T, K, V ("array(T)", "map(K,V)") are resolved per call.
 * Coercions become CAST nodes around the arguments. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "function/fn_internal.h"
#include "function/lambda_fn.h"
#include "function/nested_fn.h"
#include "types/decimal.h"
#include "types/nested.h"

static const mn_fn_entry *const scalar_tables[] = {
    mn_fn_arith_table, mn_fn_compare_table,  mn_fn_string_table,          mn_fn_like_table,
    mn_fn_math_table,  mn_fn_datetime_table, mn_fn_datetime_format_table, mn_fn_datetime_tz_table, mn_fn_datetime_joda_table,
    mn_fn_regex_table,
    mn_fn_json_table,  mn_fn_binary_table,   mn_fn_url_table,  mn_fn_nested_core_table,
    mn_fn_array_table, mn_fn_map_table,
};
#define NSCALAR_TABLES (sizeof scalar_tables / sizeof scalar_tables[0])

/* ---------- signatures ---------- */

enum { PK_CONCRETE, PK_DECIMAL, PK_VARCHAR, PK_CHAR, PK_TIMESTAMP, PK_TSTZ, PK_TIME, PK_T, PK_ANY, PK_PATTERN };
#define MAX_PARAMS 8

typedef struct {
    int kind;
    mn_type type;    /* PK_CONCRETE */
    const char *pat; /* PK_PATTERN: "K", "V", "array(T)", "map(K,V)", "array(map(K,V))" ... */
    size_t plen;
} pspec;

/* ---------- type patterns ---------- */

/* Bindings of the type variables T, K and V: each is the common super type of the
 * (element) types it met among the arguments. */
typedef struct {
    mn_type t[3];
    bool has[3];
} tbind;

static void trim(const char **s, size_t *n) {
    while (*n && **s == ' ') (*s)++, (*n)--;
    while (*n && (*s)[*n - 1] == ' ') (*n)--;
}

static int var_index(const char *s, size_t n) {
    if (n != 1) return -1;
    return *s == 'T' ? 0 : *s == 'K' ? 1 : *s == 'V' ? 2 : -1;
}

/* "array(P)" -> P; "map(P,Q)" -> P and Q. Returns the constructor's type id or -1. */
static int pat_split(const char *s, size_t n, const char **a, size_t *an, const char **b, size_t *bn) {
    int id;
    size_t k;
    if (n > 7 && memcmp(s, "array(", 6) == 0) id = MN_T_ARRAY, k = 6;
    else if (n > 5 && memcmp(s, "map(", 4) == 0) id = MN_T_MAP, k = 4;
    else return -1;
    if (s[n - 1] != ')') return -1;
    const char *body = s + k;
    size_t bl = n - k - 1;
    if (id == MN_T_ARRAY) {
        *a = body;
        *an = bl;
        trim(a, an);
        return id;
    }
    int depth = 0;
    for (size_t i = 0; i < bl; i++) {
        if (body[i] == '(') depth++;
        else if (body[i] == ')') depth--;
        else if (body[i] == ',' && depth == 0) {
            *a = body;
            *an = i;
            *b = body + i + 1;
            *bn = bl - i - 1;
            trim(a, an);
            trim(b, bn);
            return id;
        }
    }
    return -1;
}

static bool bind_var(tbind *b, int v, mn_type a) {
    if (!b->has[v]) {
        b->t[v] = a;
        b->has[v] = true;
        return true;
    }
    mn_type s;
    if (!mn_type_common_super(b->t[v], a, &s)) return false;
    b->t[v] = s;
    return true;
}

/* Pass 1: binds the variables of pattern s to the parts of argument type a. */
static bool pat_collect(const char *s, size_t n, mn_type a, tbind *b) {
    const char *x, *y;
    size_t xn, yn;
    int v = var_index(s, n);
    if (v >= 0) return bind_var(b, v, a);
    int id = pat_split(s, n, &x, &xn, &y, &yn);
    if (id < 0) return true; /* a concrete part: checked by coercion later */
    if (a.id == MN_T_UNKNOWN) return true;
    if (a.id != id) return false;
    if (!pat_collect(x, xn, a.ext->types[0], b)) return false;
    return id != MN_T_MAP || pat_collect(y, yn, a.ext->types[1], b);
}

/* Pass 2: the concrete type of pattern s (unbound variables are unknown). */
static bool pat_subst(const char *s, size_t n, const tbind *b, mn_type *out) {
    const char *x, *y;
    size_t xn, yn;
    int v = var_index(s, n);
    if (v >= 0) {
        *out = b->has[v] ? b->t[v] : mn_type_make(MN_T_UNKNOWN);
        return true;
    }
    int id = pat_split(s, n, &x, &xn, &y, &yn);
    if (id < 0) return mn_type_parse(s, n, out) == 0;
    mn_type e, f;
    if (!pat_subst(x, xn, b, &e)) return false;
    if (id == MN_T_ARRAY) return mn_type_make_array(e, out) == 0;
    if (!pat_subst(y, yn, b, &f)) return false;
    return mn_type_make_map(e, f, out) == 0;
}

typedef struct {
    pspec p[MAX_PARAMS];
    int n;
    bool variadic;
} sigspec;

/* The next top-level ',' of s (outside parentheses), or NULL. */
static const char *next_comma(const char *s) {
    int depth = 0;
    for (; *s; s++) {
        if (*s == '(') depth++;
        else if (*s == ')') depth--;
        else if (*s == ',' && depth == 0) return s;
    }
    return NULL;
}

/* Parses an entry's params string. Tables are static, so a failure is a bug in a table
 * (caught by the unit test that parses every entry); such entries never match. */

static int parse_sig(const char *s, sigspec *out) {
    out->n = 0;
    out->variadic = false;
    if (!s || !*s) return 0;
    for (;;) {
        const char *e = next_comma(s);
        size_t len = e ? (size_t)(e - s) : strlen(s);
        while (len && *s == ' ') s++, len--;
        while (len && s[len - 1] == ' ') len--;
        if (out->n >= MAX_PARAMS || len == 0) return -1;
        if (len > 3 && memcmp(s + len - 3, "...", 3) == 0) {
            if (e) return -1;
            out->variadic = true;
            len -= 3;
        }
        pspec *p = &out->p[out->n++];
        p->type = mn_type_make(MN_T_UNKNOWN);
#define IS(w) (len == sizeof(w) - 1 && memcmp(s, w, len) == 0)
        if (IS("T")) p->kind = PK_T;
        else if (IS("any")) p->kind = PK_ANY;
        else if (IS("decimal")) p->kind = PK_DECIMAL;
        else if (IS("varchar")) p->kind = PK_VARCHAR;
        else if (IS("char")) p->kind = PK_CHAR;
        else if (IS("timestamp")) p->kind = PK_TIMESTAMP;
        else if (IS("timestamp with time zone")) p->kind = PK_TSTZ;
        else if (IS("time")) p->kind = PK_TIME;
        else if (var_index(s, len) >= 0 || (pat_split(s, len, &p->pat, &p->plen, &p->pat, &p->plen) >= 0 &&
                                              mn_type_parse(s, len, &p->type) != 0)) {
            p->kind = PK_PATTERN;
            p->pat = s;
            p->plen = len;
        } else {
            p->kind = PK_CONCRETE;
            if (mn_type_parse(s, len, &p->type)) return -1;
        }
#undef IS
        if (!e) return 0;
        s = e + 1;
    }
}

static const pspec *param_for(const sigspec *sig, int i) {
    return &sig->p[i < sig->n ? i : sig->n - 1];
}

static void put_param(mn_strbuf *b, const pspec *p) {
    char buf[48];
    switch (p->kind) {
    case PK_T: mn_strbuf_puts(b, "T"); break;
    case PK_ANY: mn_strbuf_puts(b, "any"); break;
    case PK_DECIMAL: mn_strbuf_puts(b, "decimal(p,s)"); break;
    case PK_VARCHAR: mn_strbuf_puts(b, "varchar"); break;
    case PK_CHAR: mn_strbuf_puts(b, "char(n)"); break;
    case PK_TIMESTAMP: mn_strbuf_puts(b, "timestamp(p)"); break;
    case PK_TSTZ: mn_strbuf_puts(b, "timestamp(p) with time zone"); break;
    case PK_TIME: mn_strbuf_puts(b, "time(p)"); break;
    case PK_PATTERN: mn_strbuf_append(b, p->pat, p->plen); break;
    default: mn_strbuf_puts(b, mn_type_name(p->type, buf, sizeof buf)); break;
    }
}

/* "name(varchar, bigint)" */
static void put_signature(mn_strbuf *b, const mn_fn_entry *e) {
    sigspec sig;
    mn_strbuf_printf(b, "%s(", e->name);
    if (parse_sig(e->params, &sig) == 0) {
        for (int i = 0; i < sig.n; i++) {
            if (i) mn_strbuf_puts(b, ", ");
            put_param(b, &sig.p[i]);
        }
        if (sig.variadic) mn_strbuf_puts(b, "...");
    }
    mn_strbuf_putc(b, ')');
}

/* ---------- matching ---------- */

typedef struct {
    const mn_fn_entry *entry;
    mn_type params[64]; /* resolved parameter type per argument */
    mn_type t;          /* resolved T */
    tbind vars;         /* resolved T, K, V */
    int cost;
} match;

#define MAX_ARGS 64

/* Whether entry accepts the argument types; fills m (resolved types and coercion count). */
static bool try_match(const mn_fn_entry *e, const mn_type *at, int nargs, match *m) {
    sigspec sig;
    if (parse_sig(e->params, &sig)) return false;
    if (sig.variadic ? nargs < sig.n : nargs != sig.n) return false;
    if (nargs > MAX_ARGS) return false;
    m->entry = e;
    m->cost = 0;
    m->t = mn_type_make(MN_T_UNKNOWN);
    memset(&m->vars, 0, sizeof m->vars);
    for (int i = 0; i < nargs; i++) {
        const pspec *p = param_for(&sig, i);
        if (p->kind == PK_T) {
            if (!bind_var(&m->vars, 0, at[i])) return false;
        } else if (p->kind == PK_PATTERN) {
            if (!pat_collect(p->pat, p->plen, at[i], &m->vars)) return false;
        }
    }
    if (m->vars.has[0]) m->t = m->vars.t[0];
    for (int i = 0; i < nargs; i++) {
        const pspec *p = param_for(&sig, i);
        mn_type a = at[i], r = a;
        bool unknown = a.id == MN_T_UNKNOWN;
        switch (p->kind) {
        case PK_ANY: break;
        case PK_T: r = m->t; break;
        case PK_PATTERN:
            if (!pat_subst(p->pat, p->plen, &m->vars, &r)) return false;
            break;
        case PK_CONCRETE:
            r = p->type;
            if (r.id == MN_T_VARCHAR && r.length < 0 && a.id == MN_T_VARCHAR) r = a;
            break;
        case PK_DECIMAL:
            if (a.id == MN_T_DECIMAL) r = a;
            else if (mn_type_is_integer(a)) r = mn_type_integer_as_decimal(a);
            else if (unknown) r = mn_type_decimal(1, 0);
            else return false;
            break;
        case PK_VARCHAR:
            if (a.id == MN_T_VARCHAR) r = a;
            else if (a.id == MN_T_CHAR) r = mn_type_varchar(a.length);
            else if (unknown) r = mn_type_varchar(-1);
            else return false;
            break;
        case PK_CHAR:
            if (a.id == MN_T_CHAR) r = a;
            else return false;
            break;
        case PK_TIMESTAMP:
            if (a.id == MN_T_TIMESTAMP) r = a;
            else if (a.id == MN_T_DATE) {
                r = mn_type_make(MN_T_TIMESTAMP);
                r.precision = 0;
            } else if (unknown) r = mn_type_make(MN_T_TIMESTAMP);
            else return false;
            break;
        case PK_TSTZ: /* timestamp(p) and date coerce (in the session zone) */
            if (a.id == MN_T_TIMESTAMP_TZ || a.id == MN_T_TIMESTAMP) {
                r = a;
                r.id = MN_T_TIMESTAMP_TZ;
            } else if (a.id == MN_T_DATE) {
                r = mn_type_make(MN_T_TIMESTAMP_TZ);
                r.precision = 0;
            } else if (unknown) r = mn_type_make(MN_T_TIMESTAMP_TZ);
            else return false;
            break;
        case PK_TIME:
            if (a.id == MN_T_TIME) r = a;
            else if (unknown) r = mn_type_make(MN_T_TIME);
            else return false;
            break;
        }
        if (!mn_type_equal(a, r)) {
            if (!mn_type_can_coerce(a, r)) return false;
            m->cost++;
        }
        m->params[i] = r;
    }
    return true;
}

static bool name_eq(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

/* Best match among the entries named `name` in the given tables; false when none fits.
 * *known tells whether the name exists at all. */
static bool resolve(const mn_fn_entry *const *tables, size_t ntables, const char *name, const mn_type *at,
                    int nargs, match *best, bool *known) {
    match cur;
    bool found = false;
    *known = false;
    for (size_t t = 0; t < ntables; t++) {
        for (const mn_fn_entry *e = tables[t]; e->name; e++) {
            if (!name_eq(e->name, name)) continue;
            *known = true;
            if (!try_match(e, at, nargs, &cur)) continue;
            if (!found || cur.cost < best->cost) {
                *best = cur;
                found = true;
                if (cur.cost == 0) return true;
            }
        }
    }
    return found;
}

static bool is_binary_operator(const char *n) {
    static const char *const ops[] = {"+", "-", "*", "/", "%", "=", "<>", "<", "<=", ">", ">=", NULL};
    for (int i = 0; ops[i]; i++)
        if (strcmp(n, ops[i]) == 0) return true;
    return false;
}

static int no_match_error(const mn_fn_entry *const *tables, size_t ntables, const char *name, mn_expr **args,
                          int nargs, mn_pos pos, mn_error *err) {
    char b1[48], b2[48];
    if (is_binary_operator(name) && nargs == 2)
        return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, pos.line, pos.column, "Cannot apply operator: %s %s %s",
                                mn_fn_type_name(args[0]->type, b1), name, mn_fn_type_name(args[1]->type, b2));
    if (strcmp(name, "negate") == 0 && nargs == 1)
        return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, pos.line, pos.column, "Cannot negate %s",
                                mn_fn_type_name(args[0]->type, b1));
    if (strcmp(name, "is_distinct_from") == 0 && nargs == 2)
        return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, pos.line, pos.column,
                                "Cannot check if %s is distinct from %s", mn_fn_type_name(args[0]->type, b1),
                                mn_fn_type_name(args[1]->type, b2));
    if (strcmp(name, "like") == 0 && (nargs == 2 || nargs == 3)) {
        static const char *const what[] = {"Left side of LIKE expression", "Pattern for LIKE expression",
                                           "Escape for LIKE expression"};
        for (int i = 0; i < nargs; i++) {
            mn_type t = args[i]->type;
            if (t.id != MN_T_VARCHAR && t.id != MN_T_CHAR && t.id != MN_T_UNKNOWN)
                return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, pos.line, pos.column,
                                        "%s must evaluate to a varchar (actual: %s)", what[i],
                                        mn_fn_type_name(t, b1));
        }
    }
    const char *shown = strcmp(name, "||") == 0 ? "concat" : name;
    mn_strbuf b;
    mn_strbuf_init(&b);
    mn_strbuf_puts(&b, "Unexpected parameters (");
    for (int i = 0; i < nargs; i++) {
        if (i) mn_strbuf_puts(&b, ", ");
        mn_strbuf_puts(&b, mn_fn_type_name(args[i]->type, b1));
    }
    mn_strbuf_printf(&b, ") for function %s. Expected: ", shown);
    bool first = true;
    for (size_t t = 0; t < ntables; t++) {
        for (const mn_fn_entry *e = tables[t]; e->name; e++) {
            if (!name_eq(e->name, name) || (e->flags & MN_FN_HIDDEN)) continue;
            if (!first) mn_strbuf_puts(&b, ", ");
            first = false;
            mn_fn_entry shown_e = *e;
            shown_e.name = shown;
            put_signature(&b, &shown_e);
        }
    }
    int rc = mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, pos.line, pos.column, "%s",
                              b.data && !b.oom ? b.data : "Unexpected parameters");
    mn_strbuf_free(&b);
    return rc;
}

/* Result type from the ret spec (unknown when the bind callback decides: "" or "=..."). */
static mn_type ret_type(const mn_fn_entry *e, const match *m, int nargs) {
    const char *r = e->ret ? e->ret : "";
    mn_type t = mn_type_make(MN_T_UNKNOWN);
    if (strcmp(r, "T") == 0) return m->t;
    if (*r && r[0] != '$' && r[0] != '=') {
        const char *x, *y;
        size_t xn, yn;
        size_t n = strlen(r);
        if (var_index(r, n) >= 0 || pat_split(r, n, &x, &xn, &y, &yn) >= 0) {
            if (!pat_subst(r, n, &m->vars, &t)) t = mn_type_make(MN_T_UNKNOWN);
            return t;
        }
    }
    if (r[0] == '$') {
        int k = r[1] - '0';
        if (k >= 0 && k < nargs) return m->params[k];
        return t;
    }
    if (*r && r[0] != '=' && mn_type_parse(r, strlen(r), &t)) t = mn_type_make(MN_T_UNKNOWN);
    return t;
}

static int coerce_args(mn_arena *arena, mn_expr **args, int nargs, const match *m, mn_expr **out, mn_error *err) {
    for (int i = 0; i < nargs; i++)
        if (mn_func_coerce(arena, args[i], m->params[i], &out[i], err)) return -1;
    return 0;
}

/* ---------- public: scalars ---------- */

int mn_func_bind_scalar(mn_arena *arena, const char *name, mn_expr **args, int nargs, mn_pos pos,
                        mn_expr **out, mn_error *err) {
    mn_type at[MAX_ARGS];
    match m;
    bool known;
    if (nargs > MAX_ARGS)
        return mn_error_set_pos(err, MN_ERR_NOT_SUPPORTED, pos.line, pos.column,
                                "Too many arguments for function %s (%d; at most %d)", name, nargs, MAX_ARGS);
    for (int i = 0; i < nargs; i++) at[i] = args[i]->type;
    if (!resolve(scalar_tables, NSCALAR_TABLES, name, at, nargs, &m, &known)) {
        if (!known) {
            if (mn_func_is_aggregate(name))
                return mn_error_set_pos(err, MN_ERR_SEMANTIC, pos.line, pos.column,
                                        "Aggregate function '%s' is not allowed here", name);
            return mn_error_set_pos(err, MN_ERR_FUNCTION_NOT_FOUND, pos.line, pos.column,
                                    "Function '%s' not registered", name);
        }
        return no_match_error(scalar_tables, NSCALAR_TABLES, name, args, nargs, pos, err);
    }
    mn_expr *e = mn_expr_new(arena, MN_EXPR_CALL, ret_type(m.entry, &m, nargs), nargs);
    if (!e) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    if (coerce_args(arena, args, nargs, &m, e->args, err)) return -1;
    mn_fn_binding b;
    memset(&b, 0, sizeof b);
    b.arena = arena;
    b.entry = m.entry;
    b.name = name;
    b.args = e->args;
    b.nargs = nargs;
    b.ret = e->type;
    b.impl = m.entry->impl;
    b.volatile_ = (m.entry->flags & MN_FN_VOLATILE) != 0;
    b.pos = pos;
    if (m.entry->bind && m.entry->bind(&b, err)) {
        if (err->line == 0 && pos.line > 0) {
            err->line = pos.line;
            err->column = pos.column;
        }
        return -1;
    }
    if (!b.impl) return mn_error_set_pos(err, MN_ERR_INTERNAL, pos.line, pos.column, "no implementation for %s", name);
    e->type = b.ret;
    e->args = b.args;
    e->nargs = b.nargs;
    e->pos = pos;
    e->name = m.entry->name;
    e->impl = b.impl;
    e->bind_data = b.bind_data;
    e->volatile_ = b.volatile_;
    *out = e;
    return 0;
}

int mn_func_coerce(mn_arena *arena, mn_expr *e, mn_type target, mn_expr **out, mn_error *err) {
    if (mn_type_equal(e->type, target)) {
        *out = e;
        return 0;
    }
    return mn_func_bind_cast(arena, e, target, false, e->pos, out, err);
}

bool mn_func_exists(const char *name) {
    for (size_t t = 0; t < NSCALAR_TABLES; t++)
        for (const mn_fn_entry *e = scalar_tables[t]; e->name; e++)
            if (name_eq(e->name, name)) return true;
    return mn_func_is_aggregate(name);
}

static const mn_fn_entry *const agg_tables[] = {mn_fn_agg_table, mn_fn_nested_agg_table, mn_fn_stat_agg_table,
                                                 mn_fn_sketch_agg_table};
#define NAGG_TABLES (sizeof agg_tables / sizeof agg_tables[0])

bool mn_func_is_aggregate(const char *name) {
    for (size_t t = 0; t < NAGG_TABLES; t++)
        for (const mn_fn_entry *e = agg_tables[t]; e->name; e++)
            if (name_eq(e->name, name)) return true;
    return false;
}

/* ---------- public: aggregates ---------- */

int mn_func_bind_aggregate(mn_arena *arena, const char *name, mn_expr **args, int nargs, bool distinct,
                           bool star, mn_pos pos, mn_agg_call **out, mn_error *err) {
    mn_type at[MAX_ARGS];
    match m;
    bool known;
    if (star && (nargs != 0 || !name_eq(name, "count")))
        return mn_error_set_pos(err, MN_ERR_SYNTAX, pos.line, pos.column, "Only count(*) may use '*'");
    if (star && distinct)
        return mn_error_set_pos(err, MN_ERR_SYNTAX, pos.line, pos.column, "DISTINCT cannot be used with count(*)");
    if (nargs > MAX_ARGS)
        return mn_error_set_pos(err, MN_ERR_NOT_SUPPORTED, pos.line, pos.column, "Too many arguments for %s", name);
    for (int i = 0; i < nargs; i++) at[i] = args[i]->type;
    if (!resolve(agg_tables, NAGG_TABLES, name, at, nargs, &m, &known)) {
        if (!known)
            return mn_error_set_pos(err, MN_ERR_FUNCTION_NOT_FOUND, pos.line, pos.column,
                                    "Function '%s' not registered", name);
        return no_match_error(agg_tables, NAGG_TABLES, name, args, nargs, pos, err);
    }
    mn_agg_call *c = mn_arena_calloc(arena, sizeof *c);
    if (!c) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    c->name = m.entry->name;
    c->nargs = nargs;
    c->pos = pos;
    c->distinct = false;
    if (nargs > 0) {
        c->args = mn_arena_calloc(arena, sizeof(mn_expr *) * (size_t)nargs);
        c->arg_types = mn_arena_calloc(arena, sizeof(mn_type) * (size_t)nargs);
        if (!c->args || !c->arg_types) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        if (coerce_args(arena, args, nargs, &m, c->args, err)) return -1;
        for (int i = 0; i < nargs; i++) c->arg_types[i] = c->args[i]->type;
    }
    mn_fn_binding b;
    memset(&b, 0, sizeof b);
    b.arena = arena;
    b.entry = m.entry;
    b.name = name;
    b.args = c->args;
    b.nargs = nargs;
    b.ret = ret_type(m.entry, &m, nargs);
    b.agg = m.entry->agg;
    b.pos = pos;
    if (m.entry->bind && m.entry->bind(&b, err)) {
        if (err->line == 0 && pos.line > 0) {
            err->line = pos.line;
            err->column = pos.column;
        }
        return -1;
    }
    if (!b.agg) return mn_error_set_pos(err, MN_ERR_INTERNAL, pos.line, pos.column, "no implementation for %s", name);
    c->fn = b.agg;
    c->type = b.ret;
    c->bind_data = b.bind_data;
    if ((distinct || b.force_distinct) && nargs > 0) {
        if (mn_fn_agg_make_distinct(arena, c, err)) return -1;
    }
    *out = c;
    return 0;
}

/* ---------- listing ---------- */

static void list_table(const mn_fn_entry *t, const char *default_kind, mn_func_list_cb cb, void *ud) {
    mn_strbuf b;
    mn_strbuf_init(&b);
    for (const mn_fn_entry *e = t; e->name; e++) {
        if (e->flags & MN_FN_HIDDEN) continue;
        mn_strbuf_clear(&b);
        put_signature(&b, e);
        mn_strbuf_puts(&b, " -> ");
        const char *r = e->ret ? e->ret : "";
        if (r[0] == '$') {
            sigspec sig;
            int k = r[1] - '0';
            if (parse_sig(e->params, &sig) == 0 && k >= 0 && k < sig.n) put_param(&b, &sig.p[k]);
        } else if (*r) {
            mn_strbuf_puts(&b, r[0] == '=' ? r + 1 : r);
        } else {
            mn_strbuf_puts(&b, "(computed)");
        }
        const char *kind = (e->flags & MN_FN_OPERATOR) ? "operator" : default_kind;
        if (!b.oom && b.data) cb(ud, e->name, b.data, kind, e->desc ? e->desc : "");
    }
    mn_strbuf_free(&b);
}

void mn_func_list(mn_func_list_cb cb, void *ud) {
    for (size_t t = 0; t < NSCALAR_TABLES; t++) list_table(scalar_tables[t], "scalar", cb, ud);
    for (size_t t = 0; t < NAGG_TABLES; t++) list_table(agg_tables[t], "aggregate", cb, ud);
    mn_fn_lambda_list(cb, ud);
    cb(ud, "CAST", "CAST(any AS type) -> type", "special", "Converts a value to another type");
    cb(ud, "TRY_CAST", "TRY_CAST(any AS type) -> type", "special", "Like CAST, but NULL when the conversion fails");
}

static int check_table(const mn_fn_entry *t, bool aggregate, const char **bad) {
    int n = 0;
    for (const mn_fn_entry *e = t; e->name; e++) {
        sigspec sig;
        mn_type rt;
        const char *r = e->ret ? e->ret : "";
        bool ok = parse_sig(e->params, &sig) == 0;
        if (ok && *r && strcmp(r, "T") != 0 && r[0] != '$' && r[0] != '=') {
            tbind none;
            memset(&none, 0, sizeof none);
            ok = pat_subst(r, strlen(r), &none, &rt);
        }
        if (ok && r[0] == '$') ok = r[1] - '0' >= 0 && r[1] - '0' < sig.n;
        if (ok && (!*r || r[0] == '=') && !e->bind) ok = false;
        if (ok && !aggregate && !e->impl && !e->bind) ok = false;
        if (ok && aggregate && !e->agg && !e->bind) ok = false;
        if (!ok) {
            if (!n && bad && !*bad) *bad = e->name;
            n++;
        }
    }
    return n;
}

int mn_fn_registry_selfcheck(const char **bad) {
    int n = 0;
    if (bad) *bad = NULL;
    for (size_t t = 0; t < NSCALAR_TABLES; t++) n += check_table(scalar_tables[t], false, bad);
    for (size_t t = 0; t < NAGG_TABLES; t++) n += check_table(agg_tables[t], true, bad);
    return n;
}
