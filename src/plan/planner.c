/* planner.c — plans queries: WITH, set operations, and SELECT blocks (FROM, WHERE,
 * GROUP BY, HAVING, select list, DISTINCT, ORDER BY, LIMIT/OFFSET).
 *
 * A SELECT block is planned in two passes: first everything is bound against the FROM
 * scope (expressions refer to column ids; aggregate calls become placeholders), which tells
 * which columns are used; then the physical plan is built bottom-up, with each expression
 * remapped to the layout of the operator it runs on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "plan/plan_internal.h"
#include "table/parquet_scan.h"
#include "table/table.h"
#include "types/nested.h"

#define ERRP(b, p, code, ...) mn_error_set_pos((b)->err, code, (p).line, (p).column, __VA_ARGS__)

static int oom(binder *b) { return mn_error_set(b->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

/* ---------- FROM binding ---------- */

static int load_table(binder *b, const mn_qname *qn, mn_table_def **out) {
    const char *db, *name;
    if (qn->n == 1) {
        db = b->ctx->current_db;
        name = ident_lower(b->a, &qn->parts[0]);
    } else {
        db = ident_lower(b->a, &qn->parts[qn->n - 2]);
        name = ident_lower(b->a, &qn->parts[qn->n - 1]);
    }
    if (!db || !name) return oom(b);
    mn_table_def *t = NULL;
    if (mn_catalog_get_table(b->ctx->catalog, db, name, &t, b->err)) {
        b->err->line = qn->pos.line;
        b->err->column = qn->pos.column;
        return -1;
    }
    mn_plan_ctx *ctx = b->ctx;
    mn_table_def **l = realloc(ctx->tables, sizeof *l * (size_t)(ctx->ntables + 1));
    if (!l) {
        mn_table_def_free(t);
        return oom(b);
    }
    ctx->tables = l;
    ctx->tables[ctx->ntables++] = t;
    *out = t;
    return 0;
}

static const char *rel_alias(binder *b, const mn_ast_relation *r, const char *dflt) {
    if (r->alias) return ident_lower(b->a, r->alias);
    return dflt;
}

/* Adds a planned relation (subquery, CTE, VALUES) to the scope as a PLANNED fnode. */
static int add_planned(binder *b, scope *s, const mn_ast_relation *r, const mn_planned_query *pq, const char *alias,
                       fnode **out) {
    fnode *f = mn_arena_calloc(b->a, sizeof *f);
    if (!f) return oom(b);
    f->kind = F_PLANNED;
    f->op = pq->root;
    f->ncols = pq->ncols;
    f->first_id = b->next_id;
    f->pos = r->pos;
    if (r->ncolumn_aliases && r->ncolumn_aliases != pq->ncols)
        return ERRP(b, r->pos, MN_ERR_SEMANTIC, "Column alias list has %d entries but '%s' has %d columns",
                    r->ncolumn_aliases, alias ? alias : "relation", pq->ncols);
    for (int k = 0; k < pq->ncols; k++) {
        int id = new_id(b, pq->types[k]);
        if (id < 0) return oom(b);
        const char *name = r->ncolumn_aliases ? ident_lower(b->a, &r->column_aliases[k]) : pq->names[k];
        if (scope_add(b, s, alias, NULL, name ? name : "", pq->types[k], id)) return -1;
    }
    *out = f;
    return 0;
}

static const mn_cte *find_cte(binder *b, const mn_qname *qn) {
    if (qn->n != 1) return NULL;
    for (cte_entry *c = b->ctes; c; c = c->next)
        if (strcasecmp(c->cte->name.name, qn->parts[0].name) == 0) return c->cte;
    return NULL;
}


/* A derived table (FROM subquery, CTE, view): it cannot see the enclosing block. */
static int plan_subquery(binder *b, const mn_ast_query *q, mn_planned_query *pq) {
    if (b->ctx->depth > 100) return mn_error_set(b->err, MN_ERR_NOT_SUPPORTED, "Query is too deeply nested");
    scope *saved_outer = b->outer;
    subq_list *saved_sq = b->subqs;
    b->outer = NULL;
    b->ctx->depth++;
    int rc = plan_query_body(b, q, pq);
    b->ctx->depth--;
    b->outer = saved_outer;
    b->subqs = saved_sq;
    return rc;
}

/* Table functions in FROM: read_parquet('path or glob'), read_csv('path'),
 * read_json('path or glob' [, 'name type, ...']). The files' schema becomes a table definition that lives only in
 * this query. */
static int bind_table_function(binder *b, scope *s, const mn_ast_relation *r, fnode **out) {
    const mn_ast_expr *fe = r->u.function;
    const mn_qname *qn = &fe->u.function.name;
    const char *fname = ident_lower(b->a, &qn->parts[qn->n - 1]);
    if (!fname) return oom(b);
    bool csv = strcmp(fname, "read_csv") == 0, json = strcmp(fname, "read_json") == 0;
    if (strcmp(fname, "read_parquet") != 0 && !csv && !json)
        return ERRP(b, fe->pos, MN_ERR_FUNCTION_NOT_FOUND, "Table function '%s' not registered", fname);
    int nargs = fe->u.function.args.n;
    if (json && nargs != 1 && nargs != 2)
        return ERRP(b, fe->pos, MN_ERR_SEMANTIC, "read_json takes a path, folder or glob and optionally column definitions");
    if (!json && nargs != 1)
        return ERRP(b, fe->pos, MN_ERR_SEMANTIC, "%s takes one argument: a path, folder or glob", fname);
    char *argv[2] = {NULL, NULL}; /* the path; read_json's column definitions */
    for (int k = 0; k < nargs; k++) {
        mn_expr *arg;
        scope empty;
        memset(&empty, 0, sizeof empty);
        if (bind_expr(b, &empty, NULL, fe->u.function.args.items[k], &arg)) return -1;
        arg = fold_constants(b, arg);
        if (arg->kind != MN_EXPR_CONST || arg->value.is_null || !mn_type_is_string(arg->type))
            return ERRP(b, fe->pos, MN_ERR_SEMANTIC, k ? "%s needs constant column definitions" : "%s needs a constant path",
                        fname);
        argv[k] = mn_arena_strndup(b->a, arg->value.u.s.ptr, arg->value.u.s.len);
        if (!argv[k]) return oom(b);
    }
    char *path = argv[0];
    mn_table_def *t = NULL;
    int n = 0;
    if (csv || json) {
        if (csv ? mn_csv_infer(b->a, path, &t, b->err) : mn_json_infer(b->a, path, argv[1], &t, b->err)) {
            if (b->err->line == 0) {
                b->err->line = fe->pos.line;
                b->err->column = fe->pos.column;
            }
            return -1;
        }
        n = t->ncols;
        goto have_table;
    }
    char **names = NULL;
    mn_type *types = NULL;
    if (mn_parquet_infer_schema(path, &n, &names, &types, b->err)) {
        if (b->err->line == 0) {
            b->err->line = fe->pos.line;
            b->err->column = fe->pos.column;
        }
        return -1;
    }
    t = mn_arena_calloc(b->a, sizeof *t);
    if (!t) goto oom;
    t->database = "";
    t->name = mn_arena_sprintf(b->a, "read_parquet('%s')", path);
    t->stored_as = "PARQUET";
    t->location = path;
    t->external = 1;
    t->ncols = n;
    t->cols = mn_arena_calloc(b->a, sizeof(mn_column_def) * (size_t)(n + 1));
    if (!t->cols || !t->name) goto oom;
    for (int k = 0; k < n; k++) {
        char tn[64];
        t->cols[k].name = mn_arena_strdup(b->a, names[k]);
        t->cols[k].type = types[k];
        t->cols[k].type_text = mn_arena_strdup(b->a, types[k].id == MN_T_UNKNOWN ? "nested" : mn_type_name(types[k], tn, sizeof tn));
        if (!t->cols[k].name || !t->cols[k].type_text) goto oom;
    }
    free(names);
    free(types);
    names = NULL;
    types = NULL;
have_table:;
    fnode *f = mn_arena_calloc(b->a, sizeof *f);
    if (!f) return oom(b);
    f->kind = F_BASE;
    f->table = t;
    f->ncols = n;
    f->first_id = b->next_id;
    f->pos = r->pos;
    const char *alias = r->alias ? ident_lower(b->a, r->alias) : fname;
    if (r->ncolumn_aliases && r->ncolumn_aliases != n)
        return ERRP(b, r->pos, MN_ERR_SEMANTIC, "Column alias list has %d entries but the file has %d columns",
                    r->ncolumn_aliases, n);
    for (int k = 0; k < n; k++) {
        int id = new_id(b, t->cols[k].type);
        if (id < 0) return oom(b);
        const char *cn = r->ncolumn_aliases ? ident_lower(b->a, &r->column_aliases[k]) : t->cols[k].name;
        char *lc = mn_arena_strdup(b->a, cn);
        if (!lc) return oom(b);
        for (char *p = lc; *p; p++)
            if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        if (scope_add(b, s, alias, NULL, lc, t->cols[k].type, id)) return -1;
    }
    *out = f;
    return 0;
oom:
    free(names);
    free(types);
    return oom(b);
}

/* UNNEST(v, ...) [WITH ORDINALITY] [AS u(c, ...)]. With left (the relation it is joined
 * to, lateral), the values are bound over the left scope ls and an F_UNNEST node is made;
 * alone, the values are constants and the relation is planned now (over one empty row). */
static int bind_unnest(binder *b, scope *s, const mn_ast_relation *r, fnode *left, scope *ls, fnode **out) {
    int n = r->u.unnest.args.n;
    scope empty;
    memset(&empty, 0, sizeof empty);
    mn_expr **ex = mn_arena_calloc(b->a, sizeof(mn_expr *) * (size_t)(n + 1));
    if (!ex) return oom(b);
    int width = 0;
    for (int k = 0; k < n; k++) {
        const mn_ast_expr *ae = r->u.unnest.args.items[k];
        if (bind_expr(b, left ? ls : &empty, NULL, ae, &ex[k])) return -1;
        ex[k] = fold_constants(b, ex[k]);
        if (ex[k]->type.id == MN_T_UNKNOWN) { /* UNNEST(NULL): an empty array(unknown) */
            mn_type at;
            if (mn_type_make_array(mn_type_make(MN_T_UNKNOWN), &at) || mn_func_coerce(b->a, ex[k], at, &ex[k], b->err))
                return b->err->code ? -1 : oom(b);
        }
        int w = mn_unnest_width(ex[k]->type);
        if (w <= 0) {
            char tn[256];
            return ERRP(b, ae->pos, MN_ERR_TYPE_MISMATCH, "Cannot unnest type: %s",
                        mn_type_name(ex[k]->type, tn, sizeof tn));
        }
        width += w;
    }
    int ncols = width + (r->u.unnest.with_ordinality ? 1 : 0);
    const char *alias = rel_alias(b, r, NULL);
    if (r->ncolumn_aliases && r->ncolumn_aliases != ncols)
        return ERRP(b, r->pos, MN_ERR_SEMANTIC, "Column alias list has %d entries but '%s' has %d columns available",
                    r->ncolumn_aliases, alias ? alias : "unnest", ncols);
    fnode *f = mn_arena_calloc(b->a, sizeof *f);
    if (!f) return oom(b);
    f->first_id = b->next_id;
    f->ncols = ncols;
    f->pos = r->pos;
    int c = 0;
    for (int k = 0; k < n; k++) {
        mn_type t = ex[k]->type, et = t.id == MN_T_ARRAY ? mn_type_elem(t) : t;
        int w = mn_unnest_width(t);
        for (int q = 0; q < w; q++, c++) {
            mn_type ct = t.id == MN_T_MAP ? t.ext->types[q] : et.id == MN_T_ROW ? et.ext->types[q] : et;
            int id = new_id(b, ct);
            if (id < 0) return oom(b);
            /* without aliases: ROW fields keep their names, other columns are anonymous */
            const char *name = "";
            if (r->ncolumn_aliases) name = ident_lower(b->a, &r->column_aliases[c]);
            else if (t.id == MN_T_ARRAY && et.id == MN_T_ROW && et.ext->names && et.ext->names[q])
                name = et.ext->names[q];
            if (!name || scope_add(b, s, alias, NULL, name, ct, id)) return name ? -1 : oom(b);
        }
    }
    if (r->u.unnest.with_ordinality) {
        int id = new_id(b, mn_type_make(MN_T_BIGINT));
        if (id < 0) return oom(b);
        const char *name = r->ncolumn_aliases ? ident_lower(b->a, &r->column_aliases[c]) : "";
        if (!name || scope_add(b, s, alias, NULL, name, mn_type_make(MN_T_BIGINT), id)) return name ? -1 : oom(b);
    }
    if (left) {
        f->kind = F_UNNEST;
        f->l = left;
        f->nunnest = n;
        f->unnest = ex;
        f->ordinality = r->u.unnest.with_ordinality;
        *out = f;
        return 0;
    }
    mn_expr ***rows = mn_arena_alloc(b->a, sizeof(mn_expr **));
    if (!rows) return oom(b);
    rows[0] = NULL;
    mn_physop *one = mn_op_values(b->a, 0, NULL, 1, rows, b->err);
    mn_physop *op = one ? mn_op_unnest(b->a, one, ex, n, r->u.unnest.with_ordinality, false, b->err) : NULL;
    if (!op) return -1;
    f->kind = F_PLANNED;
    f->op = op;
    *out = f;
    return 0;
}

/* `left JOIN UNNEST(...)`: CROSS, comma and INNER (ON filters the result) joins; LEFT only
 * with ON TRUE. The right side may refer to the left's columns. */
static int bind_join_unnest(binder *b, scope *s, const mn_ast_relation *r, fnode **out) {
    mn_join_type jt = r->u.join.type;
    const mn_ast_expr *on = r->u.join.on;
    if (r->u.join.nusing > 0 || r->u.join.natural)
        return ERRP(b, r->pos, MN_ERR_NOT_SUPPORTED, "UNNEST cannot be joined with USING");
    bool outer = jt == MN_JOIN_LEFT;
    if (jt == MN_JOIN_RIGHT || jt == MN_JOIN_FULL || (outer && !(on && on->kind == MN_AST_LITERAL &&
                                                                  on->u.literal.kind == MN_LIT_BOOLEAN && on->u.literal.b)))
        return ERRP(b, r->pos, MN_ERR_NOT_SUPPORTED,
                    "UNNEST is only supported with CROSS JOIN, a comma, INNER JOIN, or LEFT JOIN ... ON TRUE");
    scope ls, rs;
    memset(&ls, 0, sizeof ls);
    memset(&rs, 0, sizeof rs);
    fnode *lf, *f;
    if (bind_from(b, &ls, r->u.join.left, &lf) || bind_unnest(b, &rs, r->u.join.right, lf, &ls, &f)) return -1;
    f->outer = outer;
    scope js;
    memset(&js, 0, sizeof js);
    if (scope_add_all(b, &js, &ls) || scope_add_all(b, &js, &rs)) return -1;
    if (on && !outer) {
        if (bind_bool(b, &js, NULL, on, "JOIN ON", &f->on)) return -1;
        f->on = fold_constants(b, f->on);
    } else if (!on && jt != MN_JOIN_CROSS && jt != MN_JOIN_IMPLICIT) {
        return ERRP(b, r->pos, MN_ERR_SYNTAX, "JOIN requires an ON or USING clause");
    }
    if (scope_add_all(b, s, &js)) return -1;
    *out = f;
    return 0;
}

int bind_from(binder *b, scope *s, const mn_ast_relation *r, fnode **out) {
    switch (r->kind) {
    case MN_REL_UNNEST: return bind_unnest(b, s, r, NULL, NULL, out);
    case MN_REL_TABLE: {
        const mn_cte *cte = find_cte(b, &r->u.table);
        if (cte) {
            /* a CTE is planned again at each reference; hide it (and later ones) while doing so */
            cte_entry *saved = b->ctes;
            cte_entry *c = b->ctes;
            while (c && c->cte != cte) c = c->next;
            b->ctes = c ? c->next : NULL;
            mn_planned_query pq;
            int rc = plan_subquery(b, cte->query, &pq);
            b->ctes = saved;
            if (rc) return -1;
            if (cte->ncolumns) {
                if (cte->ncolumns != pq.ncols)
                    return ERRP(b, cte->name.pos, MN_ERR_SEMANTIC, "WITH column alias list has %d entries but query has %d columns",
                                cte->ncolumns, pq.ncols);
                const char **names = mn_arena_alloc(b->a, sizeof(char *) * (size_t)pq.ncols);
                if (!names) return oom(b);
                for (int k = 0; k < pq.ncols; k++) names[k] = ident_lower(b->a, &cte->columns[k]);
                pq.names = names;
            }
            return add_planned(b, s, r, &pq, rel_alias(b, r, ident_lower(b->a, &cte->name)), out);
        }
        mn_table_def *t = NULL;
        if (load_table(b, &r->u.table, &t)) return -1;
        if (t->is_view) {
            const char *sql = t->view_sql ? t->view_sql : "";
            mn_ast_stmt *vs = mn_parse_statement(b->a, sql, strlen(sql), b->err);
            if (!vs || vs->kind != MN_STMT_QUERY) {
                if (vs) mn_error_set(b->err, MN_ERR_SEMANTIC, "not a query");
                char msg[MN_ERROR_MESSAGE_MAX];
                snprintf(msg, sizeof msg, "%s", b->err->message);
                return ERRP(b, r->pos, b->err->code, "View '%s.%s' is invalid: %s", t->database, t->name, msg);
            }
            cte_entry *saved = b->ctes;
            b->ctes = NULL; /* a view sees no CTEs of the query using it */
            mn_planned_query pq;
            int rc = plan_subquery(b, vs->u.query, &pq);
            b->ctes = saved;
            if (rc) return -1;
            return add_planned(b, s, r, &pq, rel_alias(b, r, t->name), out);
        }
        fnode *f = mn_arena_calloc(b->a, sizeof *f);
        if (!f) return oom(b);
        f->kind = F_BASE;
        f->table = t;
        f->ncols = t->ncols;
        f->first_id = b->next_id;
        f->pos = r->pos;
        const char *alias = rel_alias(b, r, t->name);
        if (r->ncolumn_aliases && r->ncolumn_aliases != t->ncols)
            return ERRP(b, r->pos, MN_ERR_SEMANTIC, "Column alias list has %d entries but '%s' has %d columns",
                        r->ncolumn_aliases, alias, t->ncols);
        for (int k = 0; k < t->ncols; k++) {
            int id = new_id(b, t->cols[k].type);
            if (id < 0) return oom(b);
            const char *name = r->ncolumn_aliases ? ident_lower(b->a, &r->column_aliases[k]) : t->cols[k].name;
            if (scope_add(b, s, alias, r->alias ? NULL : t->database, name, t->cols[k].type, id)) return -1;
        }
        *out = f;
        return 0;
    }
    case MN_REL_SUBQUERY: {
        mn_planned_query pq;
        if (plan_subquery(b, r->u.subquery, &pq)) return -1;
        return add_planned(b, s, r, &pq, rel_alias(b, r, NULL), out);
    }
    case MN_REL_VALUES: {
        /* VALUES as a relation: plan it as a query body */
        mn_ast_query q;
        mn_query_body body;
        memset(&q, 0, sizeof q);
        memset(&body, 0, sizeof body);
        body.kind = MN_QBODY_VALUES;
        body.pos = r->pos;
        body.u.values = r->u.values;
        q.body = &body;
        q.pos = r->pos;
        mn_planned_query pq;
        if (plan_subquery(b, &q, &pq)) return -1;
        return add_planned(b, s, r, &pq, rel_alias(b, r, NULL), out);
    }
    case MN_REL_JOIN: {
        if (r->u.join.right->kind == MN_REL_UNNEST) return bind_join_unnest(b, s, r, out);
        fnode *f = mn_arena_calloc(b->a, sizeof *f);
        if (!f) return oom(b);
        f->kind = F_JOIN;
        f->jt = r->u.join.type;
        f->pos = r->pos;
        scope ls, rs;
        memset(&ls, 0, sizeof ls);
        memset(&rs, 0, sizeof rs);
        if (bind_from(b, &ls, r->u.join.left, &f->l) || bind_from(b, &rs, r->u.join.right, &f->r)) return -1;
        scope js;
        memset(&js, 0, sizeof js);
        if (scope_add_all(b, &js, &ls) || scope_add_all(b, &js, &rs)) return -1;
        if (r->u.join.on) {
            if (bind_bool(b, &js, NULL, r->u.join.on, "JOIN ON", &f->on)) return -1;
            f->on = fold_constants(b, f->on);
        } else if (r->u.join.nusing > 0 || r->u.join.natural) {
            /* USING (a, b): equalities; the scope keeps both columns, qualified access works */
            int nu = r->u.join.nusing;
            mn_expr **eqs = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nu + 1));
            if (!eqs) return oom(b);
            if (r->u.join.natural)
                return ERRP(b, r->pos, MN_ERR_NOT_SUPPORTED, "NATURAL JOIN is not supported");
            for (int u = 0; u < nu; u++) {
                const char *cn = r->u.join.using_cols[u].name;
                int li = -1, ri = -1;
                for (int i = 0; i < ls.n; i++)
                    if (strcasecmp(ls.cols[i].name, cn) == 0) li = i;
                for (int i = 0; i < rs.n; i++)
                    if (strcasecmp(rs.cols[i].name, cn) == 0) ri = i;
                if (li < 0 || ri < 0)
                    return ERRP(b, r->u.join.using_cols[u].pos, MN_ERR_COLUMN_NOT_FOUND,
                                "Column '%s' is missing from %s side of join", cn, li < 0 ? "left" : "right");
                mn_expr *args[2];
                args[0] = mn_expr_column(b->a, ls.cols[li].id, ls.cols[li].type);
                args[1] = mn_expr_column(b->a, rs.cols[ri].id, rs.cols[ri].type);
                if (!args[0] || !args[1]) return oom(b);
                if (mn_func_bind_scalar(b->a, "=", args, 2, r->u.join.using_cols[u].pos, &eqs[u], b->err)) return -1;
            }
            if (nu == 1) f->on = eqs[0];
            else {
                f->on = mn_expr_new(b->a, MN_EXPR_AND, mn_type_make(MN_T_BOOLEAN), nu);
                if (!f->on) return oom(b);
                memcpy(f->on->args, eqs, sizeof(mn_expr *) * (size_t)nu);
            }
        } else if (f->jt != MN_JOIN_CROSS && f->jt != MN_JOIN_IMPLICIT) {
            return ERRP(b, r->pos, MN_ERR_SYNTAX, "JOIN requires an ON or USING clause");
        }
        if (scope_add_all(b, s, &js)) return -1;
        *out = f;
        return 0;
    }
    case MN_REL_FUNCTION: return bind_table_function(b, s, r, out);
    default: return ERRP(b, r->pos, MN_ERR_NOT_SUPPORTED, "This kind of relation is not supported yet");
    }
}

/* ---------- aggregation rewrite ---------- */

/* The aggregate's output layout: group keys, [set index when grouping sets], aggregates. */
typedef struct agg_layout {
    mn_expr **keys; /* bound over ids */
    int nkeys;
    int agg_base;   /* position of the first aggregate */
    int nsets;      /* 0: plain GROUP BY */
    const uint64_t *sets;
} agg_layout;

static mn_expr *grouping_value(binder *b, const mn_expr *e, const agg_layout *L, int *key_of_arg) {
    /* bit (nargs-1-i) is set when argument i is not grouped in the current set */
    if (L->nsets == 0) {
        mn_value v;
        memset(&v, 0, sizeof v);
        v.type = mn_type_make(MN_T_BIGINT);
        return mn_expr_const(b->a, &v);
    }
    mn_expr *x = mn_expr_new(b->a, MN_EXPR_CASE, mn_type_make(MN_T_BIGINT), 2 * L->nsets + 1);
    if (!x) return NULL;
    mn_expr *sid = mn_expr_column(b->a, L->nkeys, mn_type_make(MN_T_BIGINT));
    if (!sid) return NULL;
    for (int s = 0; s <= L->nsets; s++) {
        int64_t v = 0;
        if (s < L->nsets)
            for (int i = 0; i < e->nargs; i++)
                if (!((L->sets[s] >> key_of_arg[i]) & 1)) v |= INT64_C(1) << (e->nargs - 1 - i);
        mn_value cv;
        memset(&cv, 0, sizeof cv);
        cv.type = mn_type_make(MN_T_BIGINT);
        cv.u.i = v;
        mn_expr *c = mn_expr_const(b->a, &cv);
        if (!c) return NULL;
        if (s == L->nsets) {
            x->args[2 * s] = c; /* ELSE (never reached) */
            break;
        }
        cv.u.i = s;
        mn_expr *sv = mn_expr_const(b->a, &cv);
        mn_expr *args[2] = {sid, sv}, *eq;
        if (!sv || mn_func_bind_scalar(b->a, "=", args, 2, e->pos, &eq, b->err)) return NULL;
        x->args[2 * s] = eq;
        x->args[2 * s + 1] = c;
    }
    return x;
}

/* Rewrites a bound expression (over ids) into one over the aggregate's output layout:
 * group keys -> key positions, aggregate placeholders -> their positions, grouping() ->
 * a function of the set index. A column that is neither is an error. */
static int rewrite_post_agg(binder *b, const mn_expr *e, const agg_layout *L, mn_expr **out) {
    for (int k = 0; k < L->nkeys; k++) {
        if (mn_expr_equal(e, L->keys[k])) {
            *out = mn_expr_column(b->a, k, e->type);
            if (!*out) return oom(b);
            (*out)->pos = e->pos;
            return 0;
        }
    }
    if (e->kind == MN_EXPR_CALL && !e->impl && e->name && strcmp(e->name, AGG_REF_NAME) == 0) {
        *out = mn_expr_column(b->a, L->agg_base + e->column, e->type);
        if (!*out) return oom(b);
        return 0;
    }
    if (e->kind == MN_EXPR_CALL && !e->impl && e->name && strcmp(e->name, GROUPING_NAME) == 0) {
        int *ka = mn_arena_alloc(b->a, sizeof(int) * (size_t)(e->nargs + 1));
        if (!ka) return oom(b);
        for (int i = 0; i < e->nargs; i++) {
            ka[i] = -1;
            for (int k = 0; k < L->nkeys && ka[i] < 0; k++)
                if (mn_expr_equal(e->args[i], L->keys[k])) ka[i] = k;
            if (ka[i] < 0)
                return ERRP(b, e->pos, MN_ERR_SEMANTIC,
                            "The arguments to GROUPING() must be expressions referenced by the GROUP BY at the associated query level");
        }
        *out = grouping_value(b, e, L, ka);
        return *out ? 0 : (b->err->code ? -1 : oom(b));
    }
    if (e->kind == MN_EXPR_COLUMN) {
        return ERRP(b, e->pos, MN_ERR_SEMANTIC, "'%s' must be an aggregate expression or appear in GROUP BY clause",
                    "column");
    }
    mn_expr *c = mn_arena_alloc(b->a, sizeof *c);
    if (!c) return oom(b);
    *c = *e;
    if (e->nargs > 0) {
        c->args = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)e->nargs);
        if (!c->args) return oom(b);
        for (int i = 0; i < e->nargs; i++)
            if (rewrite_post_agg(b, e->args[i], L, &c->args[i])) return -1;
    }
    *out = c;
    return 0;
}

static bool has_agg_ref(const mn_expr *e) {
    if (e->kind == MN_EXPR_CALL && !e->impl && e->name && strcmp(e->name, AGG_REF_NAME) == 0) return true;
    for (int i = 0; i < e->nargs; i++)
        if (has_agg_ref(e->args[i])) return true;
    return false;
}

/* Text of an expression as written, for error messages about GROUP BY. */
static void name_for_error(const mn_ast_expr *e, char *buf, size_t cap) {
    const char *n = expr_default_name(e);
    snprintf(buf, cap, "%s", n ? n : "expression");
}

/* Join conditions use columns too. */
static void mark_from_used(const fnode *f, unsigned char *used, int n) {
    if (f && f->kind == F_UNNEST) {
        for (int k = 0; k < f->nunnest; k++) mark_used(f->unnest[k], used, n);
        mark_used(f->on, used, n);
        mark_from_used(f->l, used, n);
        return;
    }
    if (!f || f->kind != F_JOIN) return;
    mark_used(f->on, used, n);
    mark_from_used(f->l, used, n);
    mark_from_used(f->r, used, n);
}

typedef struct agg_map_ud {
    const agg_layout *L;
} agg_map_ud;

static int map_post_agg(binder *b, const mn_expr *e, void *ud, mn_expr **out) {
    return rewrite_post_agg(b, e, ((agg_map_ud *)ud)->L, out);
}

static int map_remap(binder *b, const mn_expr *e, void *ud, mn_expr **out) { return remap_expr(b, e, ud, out); }

/* ---------- SELECT ---------- */

typedef struct order_spec {
    const mn_sort_list *order_by;
    const mn_ast_expr *limit, *offset;
    bool with_ties;
} order_spec;

static int eval_count(binder *b, const mn_ast_expr *e, const char *what, int64_t *out) {
    mn_expr *x;
    scope empty;
    memset(&empty, 0, sizeof empty);
    if (bind_expr(b, &empty, NULL, e, &x)) return -1;
    x = fold_constants(b, x);
    if (x->kind != MN_EXPR_CONST || !mn_type_is_integer(x->type) || x->value.is_null)
        return ERRP(b, e->pos, MN_ERR_SEMANTIC, "%s must be a non-negative integer constant", what);
    if (x->value.u.i < 0) return ERRP(b, e->pos, MN_ERR_SEMANTIC, "%s must be a non-negative integer", what);
    *out = x->value.u.i;
    return 0;
}

static int plan_select(binder *b, const mn_select *sel, const order_spec *os, mn_planned_query *out) {
    scope s;
    memset(&s, 0, sizeof s);
    fnode *from = NULL;
    if (sel->from && bind_from(b, &s, sel->from, &from)) return -1;

    /* subqueries in WHERE, the select list, HAVING and ORDER BY are collected here */
    subq_list sq;
    memset(&sq, 0, sizeof sq);
    sq.scope = &s;
    subq_list *saved_sq = b->subqs;
    b->subqs = &sq;

    mn_expr *where = NULL;
    if (sel->where) {
        if (bind_bool(b, &s, NULL, sel->where, "WHERE", &where)) return -1;
        where = fold_constants(b, where);
    }

    win_list wl;
    memset(&wl, 0, sizeof wl);
    wl.sel = sel;

    /* select list, with * expanded */
    int cap = sel->nitems + s.n + 4, nitems = 0;
    mn_expr **items = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)cap);
    const char **names = mn_arena_alloc(b->a, sizeof(char *) * (size_t)cap);
    const mn_ast_expr **item_ast = mn_arena_calloc(b->a, sizeof(mn_ast_expr *) * (size_t)cap);
    if (!items || !names || !item_ast) return oom(b);
    agg_list aggs;
    memset(&aggs, 0, sizeof aggs);
    for (int i = 0; i < sel->nitems; i++) {
        const mn_select_item *it = &sel->items[i];
        if (it->expr->kind == MN_AST_STAR) {
            const mn_qname *q = it->expr->u.star.qualifier;
            int added = 0;
            for (int c = 0; c < s.n; c++) {
                if (q) {
                    const char *qual = q->parts[q->n - 1].name;
                    if (!s.cols[c].qual || strcasecmp(s.cols[c].qual, qual) != 0) continue;
                }
                if (nitems == cap) return mn_error_set(b->err, MN_ERR_INTERNAL, "select list overflow");
                items[nitems] = mn_expr_column(b->a, s.cols[c].id, s.cols[c].type);
                if (!items[nitems]) return oom(b);
                names[nitems] = s.cols[c].name[0] ? s.cols[c].name : NULL; /* "": anonymous */
                nitems++;
                added++;
            }
            if (q && added == 0)
                return ERRP(b, it->expr->pos, MN_ERR_TABLE_NOT_FOUND, "Table '%s' not found in FROM clause",
                            q->parts[q->n - 1].name);
            if (!q && !sel->from) return ERRP(b, it->expr->pos, MN_ERR_SEMANTIC, "SELECT * not allowed in queries without FROM clause");
            continue;
        }
        if (nitems == cap) return mn_error_set(b->err, MN_ERR_INTERNAL, "select list overflow");
        b->wins = &wl;
        int brc = bind_expr(b, &s, &aggs, it->expr, &items[nitems]);
        b->wins = NULL;
        if (brc) return -1;
        items[nitems] = fold_constants(b, items[nitems]);
        item_ast[nitems] = it->expr;
        if (it->alias) names[nitems] = ident_lower(b->a, it->alias);
        else {
            const char *dn = expr_default_name(it->expr);
            names[nitems] = dn ? mn_arena_strdup(b->a, dn) : NULL;
            if (names[nitems]) {
                char *p = (char *)names[nitems];
                for (; *p; p++)
                    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
            }
        }
        nitems++;
    }
    for (int i = 0; i < nitems; i++)
        if (!names[i]) names[i] = mn_arena_sprintf(b->a, "_col%d", i);

    /* GROUP BY: the distinct key expressions, and the grouping sets as masks over them */
    int nkeys = 0, kcap = 64;
    mn_expr **keys = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)kcap);
    int nsets = 1, scap = 16;
    uint64_t *sets = mn_arena_calloc(b->a, sizeof(uint64_t) * (size_t)scap);
    bool has_sets = false;
    if (!keys || !sets) return oom(b);
    bool grouped = sel->ngroup > 0;
    for (int g = 0; g < sel->ngroup; g++) {
        const mn_group_element *ge = &sel->group_by[g];
        /* the element's own sets, as masks */
        int nel = 0;
        uint64_t *el = NULL;
        const mn_expr_list *lists = ge->kind == MN_GROUP_SETS ? ge->sets : &ge->exprs;
        int nlists = ge->kind == MN_GROUP_SETS ? ge->nsets : 1;
        int *idx = mn_arena_alloc(b->a, sizeof(int) * 64);
        if (!idx) return oom(b);
        uint64_t *lmask = mn_arena_calloc(b->a, sizeof(uint64_t) * (size_t)(nlists + 1));
        int nidx = 0;
        if (!lmask) return oom(b);
        for (int li = 0; li < nlists; li++) {
            for (int k = 0; k < lists[li].n; k++) {
                const mn_ast_expr *ke = lists[li].items[k];
                mn_expr *x;
                if (ke->kind == MN_AST_LITERAL && ke->u.literal.kind == MN_LIT_INTEGER) {
                    int64_t ord = ke->u.literal.i;
                    if (ord < 1 || ord > nitems)
                        return ERRP(b, ke->pos, MN_ERR_SEMANTIC, "GROUP BY position %lld is not in select list", (long long)ord);
                    x = items[ord - 1];
                    if (has_agg_ref(x))
                        return ERRP(b, ke->pos, MN_ERR_SEMANTIC, "GROUP BY position %lld is an aggregate", (long long)ord);
                } else {
                    if (bind_expr(b, &s, NULL, ke, &x)) {
                        if (strstr(b->err->message, "is not allowed here"))
                            ERRP(b, ke->pos, MN_ERR_SEMANTIC, "GROUP BY clause cannot contain aggregations or window functions");
                        return -1;
                    }
                    x = fold_constants(b, x);
                }
                int ki = -1;
                for (int q = 0; q < nkeys && ki < 0; q++)
                    if (mn_expr_equal(keys[q], x)) ki = q;
                if (ki < 0) {
                    if (nkeys == kcap) return ERRP(b, ke->pos, MN_ERR_NOT_SUPPORTED, "Too many GROUP BY expressions");
                    ki = nkeys;
                    keys[nkeys++] = x;
                }
                lmask[li] |= UINT64_C(1) << ki;
                if (nidx < 64) idx[nidx++] = ki;
            }
        }
        if (ge->kind == MN_GROUP_PLAIN) {
            nel = 1;
            el = lmask;
        } else {
            has_sets = true;
            int n = ge->kind == MN_GROUP_SETS ? nlists : ge->kind == MN_GROUP_ROLLUP ? nidx + 1 : 1 << (nidx > 12 ? 12 : nidx);
            if (ge->kind == MN_GROUP_CUBE && nidx > 12)
                return ERRP(b, sel->pos, MN_ERR_NOT_SUPPORTED, "CUBE of more than 12 expressions");
            el = mn_arena_calloc(b->a, sizeof(uint64_t) * (size_t)(n + 1));
            if (!el) return oom(b);
            if (ge->kind == MN_GROUP_SETS) memcpy(el, lmask, sizeof(uint64_t) * (size_t)nlists);
            else if (ge->kind == MN_GROUP_ROLLUP)
                for (int r = 0; r <= nidx; r++)
                    for (int q = 0; q < nidx - r; q++) el[r] |= UINT64_C(1) << idx[q];
            else
                for (int m = 0; m < n; m++)
                    for (int q = 0; q < nidx; q++)
                        if ((m >> q) & 1) el[m] |= UINT64_C(1) << idx[q];
            nel = n;
        }
        /* cross product with the sets so far */
        int nn = nsets * nel;
        if (nn > 4096) return ERRP(b, sel->pos, MN_ERR_NOT_SUPPORTED, "Too many grouping sets (%d)", nn);
        uint64_t *ns = mn_arena_calloc(b->a, sizeof(uint64_t) * (size_t)nn);
        if (!ns) return oom(b);
        for (int a = 0; a < nsets; a++)
            for (int e2 = 0; e2 < nel; e2++) ns[a * nel + e2] = sets[a] | el[e2];
        sets = ns;
        nsets = nn;
    }

    mn_expr *having = NULL;
    if (sel->having) {
        if (bind_bool(b, &s, &aggs, sel->having, "HAVING", &having)) return -1;
        having = fold_constants(b, having);
        grouped = true;
    }

    /* ORDER BY: ordinal, select alias, or expression (hidden column when not selected) */
    int norder = os && os->order_by ? os->order_by->n : 0;
    int *order_col = mn_arena_alloc(b->a, sizeof(int) * (size_t)(norder + 1));
    mn_expr **hidden = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(norder + 1));
    if (!order_col || !hidden) return oom(b);
    int nhidden = 0;
    for (int o = 0; o < norder; o++) {
        const mn_ast_expr *oe = os->order_by->items[o].expr;
        order_col[o] = -1;
        if (oe->kind == MN_AST_LITERAL && oe->u.literal.kind == MN_LIT_INTEGER) {
            int64_t ord = oe->u.literal.i;
            if (ord < 1 || ord > nitems)
                return ERRP(b, oe->pos, MN_ERR_SEMANTIC, "ORDER BY position %lld is not in select list", (long long)ord);
            order_col[o] = (int)ord - 1;
            continue;
        }
        if (oe->kind == MN_AST_COLUMN && oe->u.column.n == 1) {
            int match = -1;
            for (int i = 0; i < sel->nitems && i < nitems; i++) {
                if (!item_ast[i] || strcasecmp(names[i], oe->u.column.parts[0].name) != 0) continue;
                if (!sel->items[i].alias && item_ast[i]->kind != MN_AST_COLUMN) continue;
                if (match >= 0 && !mn_expr_equal(items[match], items[i]))
                    return ERRP(b, oe->pos, MN_ERR_AMBIGUOUS, "'%s' in ORDER BY is ambiguous", names[i]);
                match = i;
            }
            if (match >= 0) {
                order_col[o] = match;
                continue;
            }
        }
        mn_expr *x;
        b->wins = &wl;
        int brc = bind_expr(b, &s, &aggs, oe, &x);
        b->wins = NULL;
        if (brc) return -1;
        x = fold_constants(b, x);
        for (int i = 0; i < nitems && order_col[o] < 0; i++)
            if (mn_expr_equal(items[i], x)) order_col[o] = i;
        if (order_col[o] < 0) {
            if (sel->distinct)
                return ERRP(b, oe->pos, MN_ERR_SEMANTIC, "For SELECT DISTINCT, ORDER BY expressions must appear in select list");
            order_col[o] = nitems + nhidden;
            hidden[nhidden++] = x;
        }
    }
    for (int o = 0; o < norder; o++) {
        const mn_expr *ox = order_col[o] < nitems ? items[order_col[o]] : hidden[order_col[o] - nitems];
        if (ox->type.id == MN_T_JSON) /* json is comparable, not orderable */
            return ERRP(b, os->order_by->items[o].expr->pos, MN_ERR_TYPE_MISMATCH,
                        "Type json is not orderable, and therefore cannot be used in ORDER BY");
    }
    if (aggs.n > 0) grouped = true;
    b->subqs = saved_sq;

    /* which columns the query uses */
    unsigned char *used = calloc((size_t)b->next_id + 1, 1);
    if (!used) return oom(b);
    mark_used(where, used, b->next_id);
    for (int i = 0; i < nitems; i++) mark_used(items[i], used, b->next_id);
    for (int k = 0; k < nkeys; k++) mark_used(keys[k], used, b->next_id);
    for (int i = 0; i < aggs.n; i++) {
        for (int k = 0; k < aggs.calls[i]->nargs; k++) mark_used(aggs.calls[i]->args[k], used, b->next_id);
        mark_used(aggs.calls[i]->filter, used, b->next_id);
    }
    mark_used(having, used, b->next_id);
    for (int i = 0; i < nhidden; i++) mark_used(hidden[i], used, b->next_id);
    mark_from_used(from, used, b->next_id);
    mark_win_used(&wl, used, b->next_id);
    for (int i = 0; i < sq.n; i++) {
        mark_used(sq.recs[i].operand, used, b->next_id);
        mark_subq_used(sq.recs[i].bound, used, b->next_id);
    }

    pnode cur;
    memset(&cur, 0, sizeof cur);
    int rc = 0;
    mn_expr **late = NULL;
    int nlate = 0;
    if (from) {
        mn_expr **conj = NULL;
        int nconj = 0, ccap = 0;
        if (where && split_conjuncts(b, where, &conj, &nconj, &ccap)) rc = -1;
        /* conjuncts with correlated subqueries wait until those are attached */
        if (rc == 0 && sq.n > 0) {
            late = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nconj + 1));
            if (!late) rc = oom(b);
            int k = 0;
            for (int i = 0; rc == 0 && i < nconj; i++) {
                if (has_subq_ref(conj[i])) late[nlate++] = conj[i];
                else conj[k++] = conj[i];
            }
            nconj = k;
        }
        if (rc == 0) rc = plan_from(b, from, conj, nconj, used, &cur);
        if (rc == 0 && sq.n > 0) {
            int k = 0;
            for (int i = 0; rc == 0 && i < nlate; i++) {
                bool done = false;
                rc = try_semi_join(b, &sq, late[i], &cur, &done);
                if (!done) late[k++] = late[i];
            }
            nlate = k;
            if (rc == 0) rc = apply_subqueries(b, &sq, &cur);
            if (rc == 0 && nlate > 0) {
                mn_expr **loc = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)nlate);
                if (!loc) rc = oom(b);
                for (int i = 0; rc == 0 && i < nlate; i++) {
                    mn_expr *x = replace_subq_refs(b, late[i], &sq);
                    if (!x) rc = oom(b);
                    else rc = remap_expr(b, x, &cur, &loc[i]);
                }
                if (rc == 0) {
                    mn_expr *pred = loc[0];
                    if (nlate > 1) {
                        pred = mn_expr_new(b->a, MN_EXPR_AND, mn_type_make(MN_T_BOOLEAN), nlate);
                        if (!pred) rc = oom(b);
                        else memcpy(pred->args, loc, sizeof(mn_expr *) * (size_t)nlate);
                    }
                    if (rc == 0) {
                        mn_physop *f = mn_op_filter(b->a, cur.op, pred, b->err);
                        if (!f) rc = -1;
                        else cur.op = f;
                    }
                }
            }
            for (int i = 0; rc == 0 && i < nitems; i++)
                if (!(items[i] = replace_subq_refs(b, items[i], &sq))) rc = oom(b);
            for (int i = 0; rc == 0 && i < nhidden; i++)
                if (!(hidden[i] = replace_subq_refs(b, hidden[i], &sq))) rc = oom(b);
            if (rc == 0 && having && !(having = replace_subq_refs(b, having, &sq))) rc = oom(b);
            for (int i = 0; rc == 0 && i < nkeys; i++)
                if (!(keys[i] = replace_subq_refs(b, keys[i], &sq))) rc = oom(b);
        }
    } else {
        if (sq.n > 0) rc = mn_error_set(b->err, MN_ERR_NOT_SUPPORTED, "Correlated subqueries need a FROM clause");
        /* SELECT without FROM: one row, no columns */
        mn_expr ***rows = rc ? NULL : mn_arena_alloc(b->a, sizeof(mn_expr **));
        if (!rows) rc = rc ? rc : oom(b);
        else {
            rows[0] = NULL;
            cur.op = mn_op_values(b->a, 0, NULL, 1, rows, b->err);
            if (!cur.op) rc = -1;
            cur.ncols = 0;
            cur.ids = NULL;
            cur.rows = 1;
        }
        if (rc == 0 && where) {
            mn_physop *f = mn_op_filter(b->a, cur.op, where, b->err);
            if (!f) rc = -1;
            else cur.op = f;
        }
    }
    free(used);
    if (rc) return -1;

    /* post-FROM expressions, as local expressions over the current operator */
    mn_expr **proj = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nitems + nhidden + 1));
    if (!proj) return oom(b);
    mn_physop *op = cur.op;
    agg_layout L;
    memset(&L, 0, sizeof L);
    if (grouped) {
        mn_expr **lkeys = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nkeys + 2));
        if (!lkeys) return oom(b);
        for (int k = 0; k < nkeys; k++)
            if (remap_expr(b, keys[k], &cur, &lkeys[k])) return -1;
        for (int i = 0; i < aggs.n; i++) {
            mn_agg_call *c = aggs.calls[i];
            for (int k = 0; k < c->nargs; k++)
                if (remap_expr(b, c->args[k], &cur, &c->args[k])) return -1;
            if (c->filter && remap_expr(b, c->filter, &cur, &c->filter)) return -1;
        }
        int nagg_keys = nkeys;
        if (has_sets) {
            /* every row once per grouping set; group on the (nulled) keys and the set index */
            op = mn_op_group_id(b->a, op, lkeys, nkeys, sets, nsets, b->err);
            if (!op) return -1;
            lkeys = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nkeys + 2));
            if (!lkeys) return oom(b);
            for (int k = 0; k <= nkeys; k++) {
                lkeys[k] = mn_expr_column(b->a, cur.ncols + k, op->types[cur.ncols + k]);
                if (!lkeys[k]) return oom(b);
            }
            nagg_keys = nkeys + 1;
        }
        op = mn_op_hash_agg(b->a, op, lkeys, nagg_keys, aggs.calls, aggs.n, b->err);
        if (!op) return -1;
        op->estimated_rows = nkeys == 0 ? 1 : cur.rows / 10 + 1;
        L = (agg_layout){keys, nkeys, nagg_keys, has_sets ? nsets : 0, sets};
        for (int i = 0; i < nitems; i++) {
            if (rewrite_post_agg(b, items[i], &L, &proj[i])) {
                if (item_ast[i] && strstr(b->err->message, "'column' must be")) {
                    char nb[128];
                    name_for_error(item_ast[i], nb, sizeof nb);
                    ERRP(b, item_ast[i]->pos, MN_ERR_SEMANTIC,
                         "'%s' must be an aggregate expression or appear in GROUP BY clause", nb);
                }
                return -1;
            }
        }
        for (int i = 0; i < nhidden; i++)
            if (rewrite_post_agg(b, hidden[i], &L, &proj[nitems + i])) {
                if (strstr(b->err->message, "'column' must be"))
                ERRP(b, hidden[i]->pos, MN_ERR_SEMANTIC,
                     "ORDER BY expression must be an aggregate expression or appear in GROUP BY clause");
                return -1;
            }
        if (having) {
            mn_expr *h;
            if (rewrite_post_agg(b, having, &L, &h)) {
                if (strstr(b->err->message, "'column' must be"))
                ERRP(b, sel->having->pos, MN_ERR_SEMANTIC,
                     "HAVING clause must only reference aggregates or GROUP BY columns");
                return -1;
            }
            op = mn_op_filter(b->a, op, h, b->err);
            if (!op) return -1;
        }
    } else {
        for (int i = 0; i < nitems; i++)
            if (remap_expr(b, items[i], &cur, &proj[i])) return -1;
        for (int i = 0; i < nhidden; i++)
            if (remap_expr(b, hidden[i], &cur, &proj[nitems + i])) return -1;
    }
    int nproj = nitems + nhidden;
    if (wl.n > 0) {
        int base = op->ncols;
        if (grouped) {
            agg_map_ud ud = {&L};
            if (plan_windows(b, &wl, &op, map_post_agg, &ud)) return -1;
        } else {
            if (plan_windows(b, &wl, &op, map_remap, &cur)) return -1;
        }
        for (int i = 0; i < nproj; i++)
            if (!(proj[i] = replace_win_refs(b, proj[i], base))) return oom(b);
    }
    double est = op->estimated_rows;
    op = mn_op_project(b->a, op, proj, nproj, b->err);
    if (!op) return -1;
    op->estimated_rows = est;
    if (sel->distinct) {
        mn_expr **dk = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(nitems + 1));
        if (!dk) return oom(b);
        for (int i = 0; i < nitems; i++) {
            dk[i] = mn_expr_column(b->a, i, proj[i]->type);
            if (!dk[i]) return oom(b);
        }
        op = mn_op_hash_agg(b->a, op, dk, nitems, NULL, 0, b->err);
        if (!op) return -1;
    }

    int64_t limit = -1, offset = 0;
    if (os && os->limit && eval_count(b, os->limit, "LIMIT", &limit)) return -1;
    if (os && os->offset && eval_count(b, os->offset, "OFFSET", &offset)) return -1;
    if (norder > 0) {
        mn_sort_key *sk = mn_arena_alloc(b->a, sizeof(mn_sort_key) * (size_t)norder);
        if (!sk) return oom(b);
        for (int o = 0; o < norder; o++) {
            const mn_sort_item *si = &os->order_by->items[o];
            int col = order_col[o];
            sk[o].expr = mn_expr_column(b->a, col, op->types[col]);
            if (!sk[o].expr) return oom(b);
            sk[o].descending = si->descending;
            /* Trino: NULLS LAST by default, whatever the direction */
            sk[o].nulls_first = si->nulls == 1;
        }
        if (os->with_ties && limit >= 0) {
            op = mn_op_sort(b->a, op, sk, norder, -1, offset, b->err);
            if (op) op = mn_op_limit_ties(b->a, op, limit, order_col, norder, b->err);
        } else {
            op = mn_op_sort(b->a, op, sk, norder, limit, offset, b->err);
        }
        if (!op) return -1;
    } else if (limit >= 0 || offset > 0) {
        op = mn_op_limit(b->a, op, limit, offset, b->err);
        if (!op) return -1;
    }
    if (nhidden > 0) {
        mn_expr **fin = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)nitems);
        if (!fin) return oom(b);
        for (int i = 0; i < nitems; i++) {
            fin[i] = mn_expr_column(b->a, i, op->types[i]);
            if (!fin[i]) return oom(b);
        }
        bool single = op->single_threaded_source;
        op = mn_op_project(b->a, op, fin, nitems, b->err);
        if (!op) return -1;
        (void)single;
    }
    out->root = op;
    out->ncols = nitems;
    out->names = names;
    out->types = mn_arena_alloc(b->a, sizeof(mn_type) * (size_t)(nitems + 1));
    if (!out->types) return oom(b);
    for (int i = 0; i < nitems; i++) out->types[i] = proj[i]->type;
    op->names = names;
    return 0;
}

/* ---------- VALUES ---------- */

static int plan_values(binder *b, const mn_expr_list *rows_ast, mn_pos pos, mn_planned_query *out) {
    int nrows = rows_ast->n;
    if (nrows == 0) return ERRP(b, pos, MN_ERR_SYNTAX, "VALUES needs at least one row");
    const mn_ast_expr *first = rows_ast->items[0];
    int ncols = first->kind == MN_AST_ROW ? first->u.list.n : 1;
    mn_expr ***rows = mn_arena_alloc(b->a, sizeof(mn_expr **) * (size_t)nrows);
    if (!rows) return oom(b);
    scope empty;
    memset(&empty, 0, sizeof empty);
    for (int r = 0; r < nrows; r++) {
        const mn_ast_expr *re = rows_ast->items[r];
        int n = re->kind == MN_AST_ROW ? re->u.list.n : 1;
        if (n != ncols) return ERRP(b, re->pos, MN_ERR_SEMANTIC, "Values rows have mismatched sizes: %d vs %d", ncols, n);
        rows[r] = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)ncols);
        if (!rows[r]) return oom(b);
        for (int c = 0; c < ncols; c++) {
            const mn_ast_expr *ce = re->kind == MN_AST_ROW ? re->u.list.items[c] : re;
            if (bind_expr(b, &empty, NULL, ce, &rows[r][c])) return -1;
            rows[r][c] = fold_constants(b, rows[r][c]);
        }
    }
    mn_type *types = mn_arena_alloc(b->a, sizeof(mn_type) * (size_t)ncols);
    const char **names = mn_arena_alloc(b->a, sizeof(char *) * (size_t)ncols);
    if (!types || !names) return oom(b);
    for (int c = 0; c < ncols; c++) {
        mn_type t = rows[0][c]->type;
        for (int r = 1; r < nrows; r++) {
            mn_type u;
            if (!mn_type_common_super(t, rows[r][c]->type, &u)) {
                char t1[64], t2[64];
                return ERRP(b, rows_ast->items[r]->pos, MN_ERR_TYPE_MISMATCH,
                            "Values rows have mismatched types: %s vs %s", mn_type_name(t, t1, sizeof t1),
                            mn_type_name(rows[r][c]->type, t2, sizeof t2));
            }
            t = u;
        }
        if (t.id == MN_T_UNKNOWN) t = mn_type_make(MN_T_UNKNOWN);
        types[c] = t;
        names[c] = mn_arena_sprintf(b->a, "_col%d", c);
        for (int r = 0; r < nrows; r++) {
            if (mn_func_coerce(b->a, rows[r][c], t, &rows[r][c], b->err)) return -1;
            rows[r][c] = fold_constants(b, rows[r][c]);
        }
    }
    mn_physop *op = mn_op_values(b->a, ncols, types, nrows, rows, b->err);
    if (!op) return -1;
    out->root = op;
    out->ncols = ncols;
    out->names = names;
    out->types = op->types;
    return 0;
}

/* ---------- query bodies and set operations ---------- */

static int plan_body(binder *b, const mn_query_body *body, const order_spec *os, mn_planned_query *out);

static int coerce_output(binder *b, mn_planned_query *pq, const mn_type *types) {
    bool same = true;
    for (int i = 0; i < pq->ncols; i++) same = same && mn_type_equal(pq->types[i], types[i]);
    if (same) return 0;
    mn_expr **ex = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)pq->ncols);
    if (!ex) return oom(b);
    for (int i = 0; i < pq->ncols; i++) {
        mn_expr *c = mn_expr_column(b->a, i, pq->types[i]);
        if (!c || mn_func_coerce(b->a, c, types[i], &ex[i], b->err)) return c ? -1 : oom(b);
    }
    mn_physop *op = mn_op_project(b->a, pq->root, ex, pq->ncols, b->err);
    if (!op) return -1;
    pq->root = op;
    pq->types = op->types;
    return 0;
}

static mn_expr *int_const(binder *b, int64_t v, mn_type_id t) {
    mn_value x;
    memset(&x, 0, sizeof x);
    x.type = mn_type_make(t);
    x.u.i = v;
    return mn_expr_const(b->a, &x);
}

/* INTERSECT / EXCEPT: both inputs tagged (1 left, 2 right), grouped on every column (NULLs
 * group together, as set operations require), counted per side; DISTINCT keeps the groups
 * present on the right sides, ALL replicates min(l, r) (INTERSECT) or l - r (EXCEPT) copies.
 * Result in *l. */
static int plan_intersect_except(binder *b, const mn_query_body *body, mn_planned_query *l, mn_planned_query *r,
                                 const mn_type *types) {
    int n = l->ncols;
    mn_planned_query *side[2] = {l, r};
    mn_physop **kids = mn_arena_alloc(b->a, sizeof(mn_physop *) * 2);
    if (!kids) return oom(b);
    for (int k = 0; k < 2; k++) {
        mn_expr **ex = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(n + 1));
        if (!ex) return oom(b);
        for (int i = 0; i < n; i++)
            if (!(ex[i] = mn_expr_column(b->a, i, types[i]))) return oom(b);
        if (!(ex[n] = int_const(b, k + 1, MN_T_INTEGER))) return oom(b);
        kids[k] = mn_op_project(b->a, side[k]->root, ex, n + 1, b->err);
        if (!kids[k]) return -1;
    }
    mn_physop *u = mn_op_union_all(b->a, kids, 2, b->err);
    if (!u) return -1;
    mn_expr **keys = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(n + 1));
    mn_agg_call **aggs = mn_arena_alloc(b->a, sizeof(mn_agg_call *) * 2);
    if (!keys || !aggs) return oom(b);
    for (int i = 0; i < n; i++)
        if (!(keys[i] = mn_expr_column(b->a, i, types[i]))) return oom(b);
    for (int k = 0; k < 2; k++) {
        mn_expr *args[2] = {mn_expr_column(b->a, n, mn_type_make(MN_T_INTEGER)), int_const(b, k + 1, MN_T_INTEGER)};
        mn_expr *eq;
        if (!args[0] || !args[1]) return oom(b);
        if (mn_func_bind_scalar(b->a, "=", args, 2, body->pos, &eq, b->err)) return -1;
        if (mn_func_bind_aggregate(b->a, "count_if", &eq, 1, false, false, body->pos, &aggs[k], b->err)) return -1;
    }
    mn_physop *agg = mn_op_hash_agg(b->a, u, keys, n, aggs, 2, b->err);
    if (!agg) return -1;
    mn_expr *cl = mn_expr_column(b->a, n, mn_type_make(MN_T_BIGINT));
    mn_expr *cr = mn_expr_column(b->a, n + 1, mn_type_make(MN_T_BIGINT));
    mn_expr *zero = int_const(b, 0, MN_T_BIGINT);
    if (!cl || !cr || !zero) return oom(b);
    bool intersect = body->u.set.op == MN_SET_INTERSECT;
    mn_physop *op;
    if (!body->u.set.all) {
        mn_expr *a1[2] = {cl, zero}, *a2[2] = {cr, zero}, *c1, *c2;
        if (mn_func_bind_scalar(b->a, ">", a1, 2, body->pos, &c1, b->err) ||
            mn_func_bind_scalar(b->a, intersect ? ">" : "=", a2, 2, body->pos, &c2, b->err))
            return -1;
        mn_expr *both = mn_expr_new(b->a, MN_EXPR_AND, mn_type_make(MN_T_BOOLEAN), 2);
        if (!both) return oom(b);
        both->args[0] = c1;
        both->args[1] = c2;
        op = mn_op_filter(b->a, agg, both, b->err);
        if (!op) return -1;
        mn_expr **fin = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)n);
        if (!fin) return oom(b);
        for (int i = 0; i < n; i++)
            if (!(fin[i] = mn_expr_column(b->a, i, types[i]))) return oom(b);
        op = mn_op_project(b->a, op, fin, n, b->err);
    } else {
        /* copies: INTERSECT ALL min(l, r); EXCEPT ALL max(l - r, 0) */
        mn_expr *cnt;
        if (intersect) {
            mn_expr *a[2] = {cl, cr}, *lt;
            if (mn_func_bind_scalar(b->a, "<", a, 2, body->pos, &lt, b->err)) return -1;
            cnt = mn_expr_new(b->a, MN_EXPR_CASE, mn_type_make(MN_T_BIGINT), 3);
            if (!cnt) return oom(b);
            cnt->args[0] = lt;
            cnt->args[1] = cl;
            cnt->args[2] = cr;
        } else {
            mn_expr *a[2] = {cl, cr};
            if (mn_func_bind_scalar(b->a, "-", a, 2, body->pos, &cnt, b->err)) return -1;
        }
        mn_expr **fin = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(n + 1));
        if (!fin) return oom(b);
        for (int i = 0; i < n; i++)
            if (!(fin[i] = mn_expr_column(b->a, i, types[i]))) return oom(b);
        fin[n] = cnt;
        op = mn_op_project(b->a, agg, fin, n + 1, b->err);
        if (op) op = mn_op_replicate(b->a, op, b->err);
    }
    if (!op) return -1;
    op->names = l->names;
    l->root = op;
    l->types = op->types;
    return 0;
}

static int plan_set(binder *b, const mn_query_body *body, mn_planned_query *out) {
    mn_planned_query l, r;
    if (plan_body(b, body->u.set.left, NULL, &l) || plan_body(b, body->u.set.right, NULL, &r)) return -1;
    if (l.ncols != r.ncols)
        return ERRP(b, body->pos, MN_ERR_SEMANTIC, "%s query has different number of fields: %d, %d",
                    body->u.set.op == MN_SET_UNION ? "UNION" : body->u.set.op == MN_SET_INTERSECT ? "INTERSECT" : "EXCEPT",
                    l.ncols, r.ncols);
    mn_type *types = mn_arena_alloc(b->a, sizeof(mn_type) * (size_t)(l.ncols + 1));
    if (!types) return oom(b);
    for (int i = 0; i < l.ncols; i++) {
        if (!mn_type_common_super(l.types[i], r.types[i], &types[i])) {
            char t1[64], t2[64];
            return ERRP(b, body->pos, MN_ERR_TYPE_MISMATCH, "column %d in UNION query has incompatible types: %s, %s",
                        i + 1, mn_type_name(l.types[i], t1, sizeof t1), mn_type_name(r.types[i], t2, sizeof t2));
        }
    }
    if (coerce_output(b, &l, types) || coerce_output(b, &r, types)) return -1;
    if (body->u.set.op != MN_SET_UNION) {
        if (plan_intersect_except(b, body, &l, &r, types)) return -1;
        *out = l;
        return 0;
    }
    mn_physop **kids = mn_arena_alloc(b->a, sizeof(mn_physop *) * 2);
    if (!kids) return oom(b);
    kids[0] = l.root;
    kids[1] = r.root;
    mn_physop *op = mn_op_union_all(b->a, kids, 2, b->err);
    if (!op) return -1;
    if (!body->u.set.all) {
        mn_expr **dk = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(l.ncols + 1));
        if (!dk) return oom(b);
        for (int i = 0; i < l.ncols; i++) {
            dk[i] = mn_expr_column(b->a, i, types[i]);
            if (!dk[i]) return oom(b);
        }
        op = mn_op_hash_agg(b->a, op, dk, l.ncols, NULL, 0, b->err);
        if (!op) return -1;
    }
    out->root = op;
    out->ncols = l.ncols;
    out->names = l.names;
    out->types = types;
    op->names = l.names;
    return 0;
}

/* ORDER BY / LIMIT over a finished relation (set operations, VALUES, nested queries). */
static int apply_order_limit(binder *b, mn_planned_query *pq, const order_spec *os) {
    if (!os) return 0;
    int64_t limit = -1, offset = 0;
    if (os->limit && eval_count(b, os->limit, "LIMIT", &limit)) return -1;
    if (os->offset && eval_count(b, os->offset, "OFFSET", &offset)) return -1;
    int norder = os->order_by ? os->order_by->n : 0;
    mn_physop *op = pq->root;
    if (norder > 0) {
        scope s;
        memset(&s, 0, sizeof s);
        pnode p;
        p.op = op;
        p.ncols = pq->ncols;
        p.ids = mn_arena_alloc(b->a, sizeof(int) * (size_t)(pq->ncols + 1));
        if (!p.ids) return oom(b);
        for (int i = 0; i < pq->ncols; i++) {
            int id = new_id(b, pq->types[i]);
            if (id < 0) return oom(b);
            p.ids[i] = id;
            if (scope_add(b, &s, NULL, NULL, pq->names[i], pq->types[i], id)) return -1;
        }
        mn_sort_key *sk = mn_arena_alloc(b->a, sizeof(mn_sort_key) * (size_t)norder);
        if (!sk) return oom(b);
        for (int o = 0; o < norder; o++) {
            const mn_sort_item *si = &os->order_by->items[o];
            const mn_ast_expr *oe = si->expr;
            mn_expr *x;
            if (oe->kind == MN_AST_LITERAL && oe->u.literal.kind == MN_LIT_INTEGER) {
                int64_t ord = oe->u.literal.i;
                if (ord < 1 || ord > pq->ncols)
                    return ERRP(b, oe->pos, MN_ERR_SEMANTIC, "ORDER BY position %lld is not in select list", (long long)ord);
                x = mn_expr_column(b->a, (int)ord - 1, pq->types[ord - 1]);
                if (!x) return oom(b);
            } else {
                mn_expr *bx;
                if (bind_expr(b, &s, NULL, oe, &bx) || remap_expr(b, bx, &p, &x)) return -1;
            }
            sk[o].expr = x;
            sk[o].descending = si->descending;
            sk[o].nulls_first = si->nulls == 1;
        }
        if (os->with_ties && limit >= 0) {
            /* ties are judged on the sort keys: add them as columns, drop them after */
            mn_expr **ex = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)(pq->ncols + norder));
            int *kc = mn_arena_alloc(b->a, sizeof(int) * (size_t)norder);
            mn_sort_key *sk2 = mn_arena_alloc(b->a, sizeof(mn_sort_key) * (size_t)norder);
            if (!ex || !kc || !sk2) return oom(b);
            for (int i = 0; i < pq->ncols; i++)
                if (!(ex[i] = mn_expr_column(b->a, i, pq->types[i]))) return oom(b);
            for (int o = 0; o < norder; o++) {
                ex[pq->ncols + o] = sk[o].expr;
                kc[o] = pq->ncols + o;
                sk2[o] = sk[o];
                if (!(sk2[o].expr = mn_expr_column(b->a, kc[o], sk[o].expr->type))) return oom(b);
            }
            op = mn_op_project(b->a, op, ex, pq->ncols + norder, b->err);
            if (op) op = mn_op_sort(b->a, op, sk2, norder, -1, offset, b->err);
            if (op) op = mn_op_limit_ties(b->a, op, limit, kc, norder, b->err);
            mn_expr **fin = mn_arena_alloc(b->a, sizeof(mn_expr *) * (size_t)pq->ncols);
            if (!fin) return oom(b);
            for (int i = 0; i < pq->ncols; i++)
                if (!(fin[i] = mn_expr_column(b->a, i, pq->types[i]))) return oom(b);
            if (op) op = mn_op_project(b->a, op, fin, pq->ncols, b->err);
        } else {
            op = mn_op_sort(b->a, op, sk, norder, limit, offset, b->err);
        }
    } else if (limit >= 0 || offset > 0) {
        op = mn_op_limit(b->a, op, limit, offset, b->err);
    } else {
        return 0;
    }
    if (!op) return -1;
    op->names = pq->names;
    pq->root = op;
    return 0;
}

static int plan_body(binder *b, const mn_query_body *body, const order_spec *os, mn_planned_query *out) {
    switch (body->kind) {
    case MN_QBODY_SELECT: return plan_select(b, body->u.select, os, out);
    case MN_QBODY_SET:
        if (plan_set(b, body, out)) return -1;
        return apply_order_limit(b, out, os);
    case MN_QBODY_VALUES:
        if (plan_values(b, &body->u.values, body->pos, out)) return -1;
        return apply_order_limit(b, out, os);
    case MN_QBODY_QUERY:
        if (plan_subquery(b, body->u.query, out)) return -1;
        return apply_order_limit(b, out, os);
    case MN_QBODY_TABLE: {
        mn_select sel;
        mn_select_item item;
        mn_ast_expr star;
        mn_ast_relation rel;
        memset(&sel, 0, sizeof sel);
        memset(&item, 0, sizeof item);
        memset(&star, 0, sizeof star);
        memset(&rel, 0, sizeof rel);
        star.kind = MN_AST_STAR;
        star.pos = body->pos;
        item.expr = &star;
        rel.kind = MN_REL_TABLE;
        rel.pos = body->pos;
        rel.u.table = body->u.table;
        sel.pos = body->pos;
        sel.nitems = 1;
        sel.items = &item;
        sel.from = &rel;
        return plan_select(b, &sel, os, out);
    }
    }
    return mn_error_set(b->err, MN_ERR_INTERNAL, "unknown query body");
}

int plan_query_body(binder *b, const mn_ast_query *q, mn_planned_query *out) {
    cte_entry *saved = b->ctes;
    for (int i = 0; i < q->nctes; i++) {
        for (int k = 0; k < i; k++)
            if (strcasecmp(q->ctes[k].name.name, q->ctes[i].name.name) == 0)
                return ERRP(b, q->ctes[i].name.pos, MN_ERR_SEMANTIC, "WITH query name '%s' specified more than once",
                            q->ctes[i].name.name);
        cte_entry *e = mn_arena_alloc(b->a, sizeof *e);
        if (!e) return oom(b);
        e->cte = &q->ctes[i];
        e->next = b->ctes;
        b->ctes = e;
    }
    if (q->recursive) {
        b->ctes = saved;
        return ERRP(b, q->pos, MN_ERR_NOT_SUPPORTED, "WITH RECURSIVE is not supported yet");
    }
    if (q->with_ties && q->order_by.n == 0) {
        b->ctes = saved;
        return ERRP(b, q->pos, MN_ERR_SEMANTIC, "FETCH FIRST WITH TIES clause requires ORDER BY");
    }
    order_spec os = {&q->order_by, q->limit, q->offset, q->with_ties};
    int rc = plan_body(b, q->body, &os, out);
    b->ctes = saved;
    return rc;
}

int mn_plan_query(mn_plan_ctx *ctx, const mn_ast_query *q, mn_planned_query *out) {
    binder b;
    memset(&b, 0, sizeof b);
    b.ctx = ctx;
    b.a = ctx->arena;
    b.err = ctx->err;
    int rc = plan_query_body(&b, q, out);
    free(b.id_types);
    return rc;
}

int mn_plan_const_expr(mn_plan_ctx *ctx, const mn_ast_expr *e, mn_expr **out) {
    binder b;
    memset(&b, 0, sizeof b);
    b.ctx = ctx;
    b.a = ctx->arena;
    b.err = ctx->err;
    scope s;
    memset(&s, 0, sizeof s);
    int rc = bind_expr(&b, &s, NULL, e, out);
    if (rc == 0) *out = fold_constants(&b, *out);
    free(b.id_types);
    return rc;
}

void mn_plan_ctx_cleanup(mn_plan_ctx *ctx) {
    for (int i = 0; i < ctx->nops; i++)
        if (ctx->ops[i]->vt->free_config) ctx->ops[i]->vt->free_config(ctx->ops[i]);
    free(ctx->ops);
    ctx->ops = NULL;
    ctx->nops = 0;
    for (int i = 0; i < ctx->ntables; i++) mn_table_def_free(ctx->tables[i]);
    free(ctx->tables);
    ctx->tables = NULL;
    ctx->ntables = 0;
}
