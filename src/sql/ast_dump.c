/* ast_dump.c — S-expression rendering of the syntax tree (see ast_dump.h). Recursion
 * follows the tree, whose depth the parser already bounds. */
#include "sql/ast_dump.h"

#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"

static void expr(mn_strbuf *b, const mn_ast_expr *e);
static void query(mn_strbuf *b, const mn_ast_query *q);
static void relation(mn_strbuf *b, const mn_ast_relation *r);

static void ident(mn_strbuf *b, const mn_ident *id) {
    if (!id->quoted) {
        mn_strbuf_puts(b, id->name);
        return;
    }
    mn_strbuf_putc(b, '"');
    for (const char *c = id->name; *c; c++) {
        if (*c == '"') mn_strbuf_putc(b, '"');
        mn_strbuf_putc(b, *c);
    }
    mn_strbuf_putc(b, '"');
}

static void qname(mn_strbuf *b, const mn_qname *q) {
    for (int i = 0; i < q->n; i++) {
        if (i) mn_strbuf_putc(b, '.');
        ident(b, &q->parts[i]);
    }
}

static void list(mn_strbuf *b, const mn_expr_list *l) {
    for (int i = 0; i < l->n; i++) {
        mn_strbuf_putc(b, ' ');
        expr(b, l->items[i]);
    }
}

static void quoted(mn_strbuf *b, const char *s, size_t n) {
    mn_strbuf_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'') mn_strbuf_putc(b, '\'');
        mn_strbuf_putc(b, s[i]);
    }
    mn_strbuf_putc(b, '\'');
}

static const char *op_name(mn_ast_op op) {
    static const char *const names[] = {"+", "-", "*", "/", "%", "||", "=", "<>", "<",
                                        "<=", ">", ">=", "AND", "OR", "-", "+"};
    return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

static void sort_list(mn_strbuf *b, const char *head, const mn_sort_list *s) {
    if (s->n == 0) return;
    mn_strbuf_printf(b, " (%s", head);
    for (int i = 0; i < s->n; i++) {
        mn_strbuf_putc(b, ' ');
        if (s->items[i].descending || s->items[i].nulls) mn_strbuf_putc(b, '(');
        expr(b, s->items[i].expr);
        if (s->items[i].descending) mn_strbuf_puts(b, " DESC");
        if (s->items[i].nulls) mn_strbuf_puts(b, s->items[i].nulls == 1 ? " NULLS FIRST" : " NULLS LAST");
        if (s->items[i].descending || s->items[i].nulls) mn_strbuf_putc(b, ')');
    }
    mn_strbuf_putc(b, ')');
}

static void bound(mn_strbuf *b, const mn_frame_bound *f) {
    switch (f->kind) {
    case MN_BOUND_UNBOUNDED_PRECEDING: mn_strbuf_puts(b, "UNBOUNDED PRECEDING"); break;
    case MN_BOUND_UNBOUNDED_FOLLOWING: mn_strbuf_puts(b, "UNBOUNDED FOLLOWING"); break;
    case MN_BOUND_CURRENT_ROW: mn_strbuf_puts(b, "CURRENT ROW"); break;
    case MN_BOUND_PRECEDING:
    case MN_BOUND_FOLLOWING:
        expr(b, f->offset);
        mn_strbuf_puts(b, f->kind == MN_BOUND_PRECEDING ? " PRECEDING" : " FOLLOWING");
        break;
    }
}

static void window(mn_strbuf *b, const mn_window_spec *w) {
    mn_strbuf_puts(b, "(WINDOW");
    if (w->existing_name) mn_strbuf_printf(b, " %s", w->existing_name);
    if (w->partition_by.n) {
        mn_strbuf_puts(b, " (PARTITION");
        list(b, &w->partition_by);
        mn_strbuf_putc(b, ')');
    }
    sort_list(b, "ORDER", &w->order_by);
    if (w->has_frame) {
        static const char *const units[] = {"ROWS", "RANGE", "GROUPS"};
        mn_strbuf_printf(b, " (%s ", units[w->frame_unit]);
        bound(b, &w->start);
        mn_strbuf_puts(b, " ");
        bound(b, &w->end);
        mn_strbuf_putc(b, ')');
    }
    mn_strbuf_putc(b, ')');
}

static void literal(mn_strbuf *b, const mn_ast_expr *e) {
    switch (e->u.literal.kind) {
    case MN_LIT_NULL: mn_strbuf_puts(b, "NULL"); break;
    case MN_LIT_BOOLEAN: mn_strbuf_puts(b, e->u.literal.b ? "TRUE" : "FALSE"); break;
    case MN_LIT_INTEGER:
    case MN_LIT_DECIMAL:
    case MN_LIT_DOUBLE: mn_strbuf_puts(b, e->u.literal.text); break;
    case MN_LIT_STRING: quoted(b, e->u.literal.text, e->u.literal.len); break;
    case MN_LIT_TYPED:
        mn_strbuf_puts(b, e->u.literal.type_name);
        quoted(b, e->u.literal.text, e->u.literal.len);
        break;
    }
}

static void expr(mn_strbuf *b, const mn_ast_expr *e) {
    if (!e) {
        mn_strbuf_puts(b, "<null>");
        return;
    }
    static const char *const ifields[] = {"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"};
    switch (e->kind) {
    case MN_AST_LITERAL: literal(b, e); break;
    case MN_AST_COLUMN: qname(b, &e->u.column); break;
    case MN_AST_STAR:
        if (e->u.star.qualifier) {
            qname(b, e->u.star.qualifier);
            mn_strbuf_putc(b, '.');
        }
        mn_strbuf_putc(b, '*');
        break;
    case MN_AST_UNARY:
        mn_strbuf_printf(b, "(%s ", op_name(e->u.unary.op));
        expr(b, e->u.unary.operand);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_BINARY:
    case MN_AST_IS_DISTINCT:
    case MN_AST_SUBSCRIPT:
        if (e->kind == MN_AST_BINARY)
            mn_strbuf_printf(b, "(%s ", op_name(e->u.binary.op));
        else if (e->kind == MN_AST_SUBSCRIPT)
            mn_strbuf_puts(b, "(SUBSCRIPT ");
        else
            mn_strbuf_puts(b, e->u.binary.negated ? "(IS-NOT-DISTINCT " : "(IS-DISTINCT ");
        expr(b, e->u.binary.left);
        mn_strbuf_putc(b, ' ');
        expr(b, e->u.binary.right);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_NOT:
        mn_strbuf_puts(b, "(NOT ");
        expr(b, e->u.unary.operand);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_IS_NULL:
        mn_strbuf_puts(b, e->u.is_null.negated ? "(IS-NOT-NULL " : "(IS-NULL ");
        expr(b, e->u.is_null.operand);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_BETWEEN:
        mn_strbuf_puts(b, e->u.between.negated ? "(NOT-BETWEEN " : "(BETWEEN ");
        expr(b, e->u.between.operand);
        mn_strbuf_putc(b, ' ');
        expr(b, e->u.between.low);
        mn_strbuf_putc(b, ' ');
        expr(b, e->u.between.high);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_IN_LIST:
        mn_strbuf_puts(b, e->u.in_list.negated ? "(NOT-IN " : "(IN ");
        expr(b, e->u.in_list.operand);
        mn_strbuf_puts(b, " (LIST");
        list(b, &e->u.in_list.list);
        mn_strbuf_puts(b, "))");
        break;
    case MN_AST_IN_SUBQUERY:
        mn_strbuf_puts(b, e->u.in_subquery.negated ? "(NOT-IN " : "(IN ");
        expr(b, e->u.in_subquery.operand);
        mn_strbuf_putc(b, ' ');
        query(b, e->u.in_subquery.query);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_EXISTS:
    case MN_AST_SUBQUERY:
        mn_strbuf_puts(b, e->kind == MN_AST_SUBQUERY      ? "(SUBQUERY "
                          : e->u.subquery.negated ? "(NOT-EXISTS "
                                                  : "(EXISTS ");
        query(b, e->u.subquery.query);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_QUANTIFIED:
        mn_strbuf_printf(b, "(%s %s ", op_name(e->u.quantified.op),
                         e->u.quantified.quantifier == MN_QUANT_ALL ? "ALL" : "ANY");
        expr(b, e->u.quantified.operand);
        mn_strbuf_putc(b, ' ');
        query(b, e->u.quantified.query);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_LIKE:
        mn_strbuf_puts(b, e->u.like.negated ? "(NOT-LIKE " : "(LIKE ");
        expr(b, e->u.like.operand);
        mn_strbuf_putc(b, ' ');
        expr(b, e->u.like.pattern);
        if (e->u.like.escape) {
            mn_strbuf_puts(b, " (ESCAPE ");
            expr(b, e->u.like.escape);
            mn_strbuf_putc(b, ')');
        }
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_CASE:
        mn_strbuf_puts(b, "(CASE");
        if (e->u.case_.operand) {
            mn_strbuf_putc(b, ' ');
            expr(b, e->u.case_.operand);
        }
        for (int i = 0; i < e->u.case_.whens.n; i++) {
            mn_strbuf_puts(b, " (WHEN ");
            expr(b, e->u.case_.whens.items[i]);
            mn_strbuf_putc(b, ' ');
            expr(b, i < e->u.case_.thens.n ? e->u.case_.thens.items[i] : NULL);
            mn_strbuf_putc(b, ')');
        }
        if (e->u.case_.else_) {
            mn_strbuf_puts(b, " (ELSE ");
            expr(b, e->u.case_.else_);
            mn_strbuf_putc(b, ')');
        }
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_CAST:
        mn_strbuf_puts(b, e->u.cast.is_try ? "(TRY_CAST " : "(CAST ");
        expr(b, e->u.cast.operand);
        mn_strbuf_printf(b, " %s)", e->u.cast.type_text);
        break;
    case MN_AST_FUNCTION:
        mn_strbuf_puts(b, "(CALL ");
        qname(b, &e->u.function.name);
        if (e->u.function.distinct) mn_strbuf_puts(b, " DISTINCT");
        if (e->u.function.star) mn_strbuf_puts(b, " *");
        list(b, &e->u.function.args);
        sort_list(b, "ORDER", &e->u.function.order_by);
        if (e->u.function.filter) {
            mn_strbuf_puts(b, " (FILTER ");
            expr(b, e->u.function.filter);
            mn_strbuf_putc(b, ')');
        }
        if (e->u.function.ignore_nulls) mn_strbuf_puts(b, " IGNORE-NULLS");
        if (e->u.function.window) {
            mn_strbuf_putc(b, ' ');
            window(b, e->u.function.window);
        }
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_EXTRACT:
        mn_strbuf_printf(b, "(EXTRACT %s ", e->u.extract.field);
        expr(b, e->u.extract.operand);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_INTERVAL:
        mn_strbuf_printf(b, "(INTERVAL %s", e->u.interval.sign < 0 ? "-" : "");
        quoted(b, e->u.interval.text, strlen(e->u.interval.text));
        if ((unsigned)e->u.interval.from < 6) mn_strbuf_printf(b, " %s", ifields[e->u.interval.from]);
        if (e->u.interval.to != e->u.interval.from && (unsigned)e->u.interval.to < 6)
            mn_strbuf_printf(b, " TO %s", ifields[e->u.interval.to]);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_ROW:
    case MN_AST_ARRAY:
        mn_strbuf_puts(b, e->kind == MN_AST_ROW ? "(ROW" : "(ARRAY");
        list(b, &e->u.list);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_DEREFERENCE:
        mn_strbuf_puts(b, "(DEREF ");
        expr(b, e->u.deref.operand);
        mn_strbuf_putc(b, ' ');
        ident(b, &e->u.deref.field);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_LAMBDA:
        mn_strbuf_puts(b, "(LAMBDA (");
        for (int i = 0; i < e->u.lambda.nparams; i++) {
            if (i) mn_strbuf_putc(b, ' ');
            ident(b, &e->u.lambda.params[i]);
        }
        mn_strbuf_puts(b, ") ");
        expr(b, e->u.lambda.body);
        mn_strbuf_putc(b, ')');
        break;
    case MN_AST_PARAMETER: mn_strbuf_printf(b, "?%d", e->u.parameter.index); break;
    }
}

static void aliases(mn_strbuf *b, const mn_ast_relation *r) {
    if (!r->alias) return;
    mn_strbuf_puts(b, " AS ");
    ident(b, r->alias);
    if (r->ncolumn_aliases) {
        mn_strbuf_puts(b, " (");
        for (int i = 0; i < r->ncolumn_aliases; i++) {
            if (i) mn_strbuf_putc(b, ' ');
            ident(b, &r->column_aliases[i]);
        }
        mn_strbuf_putc(b, ')');
    }
}

static void relation(mn_strbuf *b, const mn_ast_relation *r) {
    static const char *const joins[] = {"INNER", "LEFT", "RIGHT", "FULL", "CROSS", "IMPLICIT"};
    switch (r->kind) {
    case MN_REL_TABLE:
        mn_strbuf_puts(b, "(TABLE ");
        qname(b, &r->u.table);
        break;
    case MN_REL_SUBQUERY:
    case MN_REL_LATERAL:
        mn_strbuf_puts(b, r->kind == MN_REL_LATERAL ? "(LATERAL " : "(SUBQUERY ");
        query(b, r->u.subquery);
        break;
    case MN_REL_JOIN:
        mn_strbuf_printf(b, "(%sJOIN %s ", r->u.join.natural ? "NATURAL-" : "", joins[r->u.join.type]);
        relation(b, r->u.join.left);
        mn_strbuf_putc(b, ' ');
        relation(b, r->u.join.right);
        if (r->u.join.on) {
            mn_strbuf_puts(b, " (ON ");
            expr(b, r->u.join.on);
            mn_strbuf_putc(b, ')');
        }
        if (r->u.join.nusing) {
            mn_strbuf_puts(b, " (USING");
            for (int i = 0; i < r->u.join.nusing; i++) {
                mn_strbuf_putc(b, ' ');
                ident(b, &r->u.join.using_cols[i]);
            }
            mn_strbuf_putc(b, ')');
        }
        break;
    case MN_REL_VALUES:
        mn_strbuf_puts(b, "(VALUES");
        list(b, &r->u.values);
        break;
    case MN_REL_UNNEST:
        mn_strbuf_puts(b, "(UNNEST");
        list(b, &r->u.unnest.args);
        if (r->u.unnest.with_ordinality) mn_strbuf_puts(b, " WITH-ORDINALITY");
        break;
    case MN_REL_FUNCTION:
        mn_strbuf_puts(b, "(TABLE-FUNCTION ");
        expr(b, r->u.function);
        break;
    }
    aliases(b, r);
    mn_strbuf_putc(b, ')');
}

static void select_(mn_strbuf *b, const mn_select *s) {
    mn_strbuf_puts(b, s->distinct ? "(SELECT DISTINCT" : "(SELECT");
    for (int i = 0; i < s->nitems; i++) {
        mn_strbuf_putc(b, ' ');
        if (s->items[i].alias) mn_strbuf_puts(b, "(AS ");
        expr(b, s->items[i].expr);
        if (s->items[i].alias) {
            mn_strbuf_putc(b, ' ');
            ident(b, s->items[i].alias);
            mn_strbuf_putc(b, ')');
        }
    }
    if (s->from) {
        mn_strbuf_puts(b, " (FROM ");
        relation(b, s->from);
        mn_strbuf_putc(b, ')');
    }
    if (s->where) {
        mn_strbuf_puts(b, " (WHERE ");
        expr(b, s->where);
        mn_strbuf_putc(b, ')');
    }
    if (s->ngroup) {
        mn_strbuf_puts(b, s->group_distinct ? " (GROUP DISTINCT" : " (GROUP");
        for (int i = 0; i < s->ngroup; i++) {
            const mn_group_element *g = &s->group_by[i];
            static const char *const kinds[] = {"", "ROLLUP", "CUBE", "SETS"};
            if (g->kind == MN_GROUP_PLAIN && g->exprs.n == 1) {
                list(b, &g->exprs);
                continue;
            }
            mn_strbuf_printf(b, " (%s", kinds[g->kind]);
            if (g->kind == MN_GROUP_SETS) {
                for (int j = 0; j < g->nsets; j++) {
                    mn_strbuf_puts(b, " (");
                    list(b, &g->sets[j]);
                    mn_strbuf_putc(b, ')');
                }
            } else {
                list(b, &g->exprs);
            }
            mn_strbuf_putc(b, ')');
        }
        mn_strbuf_putc(b, ')');
    }
    if (s->having) {
        mn_strbuf_puts(b, " (HAVING ");
        expr(b, s->having);
        mn_strbuf_putc(b, ')');
    }
    for (int i = 0; i < s->nwindows; i++) {
        mn_strbuf_printf(b, " (NAMED %s ", s->windows[i].name);
        window(b, &s->windows[i].spec);
        mn_strbuf_putc(b, ')');
    }
    mn_strbuf_putc(b, ')');
}

static void body(mn_strbuf *b, const mn_query_body *qb) {
    static const char *const ops[] = {"UNION", "INTERSECT", "EXCEPT"};
    switch (qb->kind) {
    case MN_QBODY_SELECT: select_(b, qb->u.select); break;
    case MN_QBODY_SET:
        mn_strbuf_printf(b, "(%s%s ", ops[qb->u.set.op], qb->u.set.all ? "-ALL" : "");
        body(b, qb->u.set.left);
        mn_strbuf_putc(b, ' ');
        body(b, qb->u.set.right);
        mn_strbuf_putc(b, ')');
        break;
    case MN_QBODY_VALUES:
        mn_strbuf_puts(b, "(VALUES");
        list(b, &qb->u.values);
        mn_strbuf_putc(b, ')');
        break;
    case MN_QBODY_TABLE:
        mn_strbuf_puts(b, "(TABLE ");
        qname(b, &qb->u.table);
        mn_strbuf_putc(b, ')');
        break;
    case MN_QBODY_QUERY: query(b, qb->u.query); break;
    }
}

static void query(mn_strbuf *b, const mn_ast_query *q) {
    if (!q) {
        mn_strbuf_puts(b, "<null>");
        return;
    }
    bool wrap = q->nctes || q->order_by.n || q->offset || q->limit;
    if (wrap) mn_strbuf_puts(b, "(QUERY ");
    if (q->nctes) {
        mn_strbuf_puts(b, q->recursive ? "(WITH-RECURSIVE" : "(WITH");
        for (int i = 0; i < q->nctes; i++) {
            mn_strbuf_puts(b, " (");
            ident(b, &q->ctes[i].name);
            for (int j = 0; j < q->ctes[i].ncolumns; j++) {
                mn_strbuf_putc(b, j ? ' ' : '(');
                ident(b, &q->ctes[i].columns[j]);
                if (j == q->ctes[i].ncolumns - 1) mn_strbuf_putc(b, ')');
            }
            mn_strbuf_putc(b, ' ');
            query(b, q->ctes[i].query);
            mn_strbuf_putc(b, ')');
        }
        mn_strbuf_puts(b, ") ");
    }
    body(b, q->body);
    sort_list(b, "ORDER", &q->order_by);
    if (q->offset) {
        mn_strbuf_puts(b, " (OFFSET ");
        expr(b, q->offset);
        mn_strbuf_putc(b, ')');
    }
    if (q->limit) {
        mn_strbuf_puts(b, q->with_ties ? " (LIMIT-WITH-TIES " : " (LIMIT ");
        expr(b, q->limit);
        mn_strbuf_putc(b, ')');
    }
    if (wrap) mn_strbuf_putc(b, ')');
}

static void properties(mn_strbuf *b, const char *head, const mn_property_list *l) {
    if (!l->n) return;
    mn_strbuf_printf(b, " (%s", head);
    for (int i = 0; i < l->n; i++) mn_strbuf_printf(b, " (%s %s)", l->items[i].key, l->items[i].value);
    mn_strbuf_putc(b, ')');
}

static void columns(mn_strbuf *b, const char *head, const mn_column_spec *c, int n) {
    if (!n) return;
    mn_strbuf_printf(b, " (%s", head);
    for (int i = 0; i < n; i++) {
        mn_strbuf_puts(b, " (");
        ident(b, &c[i].name);
        if (c[i].type_text) mn_strbuf_printf(b, " %s", c[i].type_text);
        if (c[i].not_null) mn_strbuf_puts(b, " NOT-NULL");
        if (c[i].key) mn_strbuf_puts(b, " KEY");
        if (c[i].comment) mn_strbuf_printf(b, " (COMMENT %s)", c[i].comment);
        mn_strbuf_putc(b, ')');
    }
    mn_strbuf_putc(b, ')');
}

static void opt(mn_strbuf *b, const char *head, const char *v) {
    if (v) mn_strbuf_printf(b, " (%s %s)", head, v);
}

static void stmt(mn_strbuf *b, const mn_ast_stmt *s) {
    switch (s->kind) {
    case MN_STMT_QUERY: query(b, s->u.query); return;
    case MN_STMT_EXPLAIN:
        mn_strbuf_puts(b, s->u.explain.analyze ? "(EXPLAIN-ANALYZE " : "(EXPLAIN ");
        stmt(b, s->u.explain.stmt);
        break;
    case MN_STMT_CREATE_SCHEMA:
    case MN_STMT_DROP_SCHEMA:
        mn_strbuf_puts(b, s->kind == MN_STMT_CREATE_SCHEMA ? "(CREATE-SCHEMA " : "(DROP-SCHEMA ");
        qname(b, &s->u.schema.name);
        if (s->u.schema.if_not_exists) mn_strbuf_puts(b, " IF-NOT-EXISTS");
        if (s->u.schema.if_exists) mn_strbuf_puts(b, " IF-EXISTS");
        if (s->u.schema.cascade) mn_strbuf_puts(b, " CASCADE");
        opt(b, "COMMENT", s->u.schema.comment);
        opt(b, "LOCATION", s->u.schema.location);
        properties(b, "PROPERTIES", &s->u.schema.properties);
        break;
    case MN_STMT_USE:
        mn_strbuf_puts(b, "(USE ");
        qname(b, &s->u.use.name);
        break;
    case MN_STMT_CREATE_TABLE:
    case MN_STMT_CREATE_TABLE_AS: {
        const mn_create_table *ct = &s->u.create_table;
        mn_strbuf_puts(b, s->kind == MN_STMT_CREATE_TABLE ? "(CREATE-TABLE " : "(CREATE-TABLE-AS ");
        qname(b, &ct->name);
        if (ct->external) mn_strbuf_puts(b, " EXTERNAL");
        if (ct->if_not_exists) mn_strbuf_puts(b, " IF-NOT-EXISTS");
        columns(b, "COLUMNS", ct->columns, ct->ncolumns);
        opt(b, "COMMENT", ct->comment);
        columns(b, "PARTITIONED", ct->partition_columns, ct->npartition_columns);
        if (ct->row_format_delimited) mn_strbuf_puts(b, " DELIMITED");
        opt(b, "SERDE", ct->serde);
        properties(b, "SERDEPROPERTIES", &ct->serde_properties);
        opt(b, "STORED-AS", ct->stored_as);
        opt(b, "INPUTFORMAT", ct->input_format);
        opt(b, "OUTPUTFORMAT", ct->output_format);
        opt(b, "LOCATION", ct->location);
        properties(b, "TBLPROPERTIES", &ct->tblproperties);
        properties(b, "WITH", &ct->with_properties);
        if (ct->query) {
            mn_strbuf_putc(b, ' ');
            query(b, ct->query);
        }
        if (ct->with_no_data) mn_strbuf_puts(b, " WITH-NO-DATA");
        break;
    }
    case MN_STMT_DROP_TABLE:
    case MN_STMT_DROP_VIEW:
        mn_strbuf_puts(b, s->kind == MN_STMT_DROP_TABLE ? "(DROP-TABLE " : "(DROP-VIEW ");
        qname(b, &s->u.drop.name);
        if (s->u.drop.if_exists) mn_strbuf_puts(b, " IF-EXISTS");
        break;
    case MN_STMT_INSERT:
        mn_strbuf_puts(b, "(INSERT ");
        qname(b, &s->u.insert.table);
        for (int i = 0; i < s->u.insert.ncolumns; i++) {
            mn_strbuf_putc(b, i ? ' ' : '(');
            ident(b, &s->u.insert.columns[i]);
            if (i == s->u.insert.ncolumns - 1) mn_strbuf_putc(b, ')');
        }
        mn_strbuf_putc(b, ' ');
        query(b, s->u.insert.query);
        break;
    case MN_STMT_SHOW_SCHEMAS:
    case MN_STMT_SHOW_TABLES:
    case MN_STMT_SHOW_COLUMNS:
    case MN_STMT_SHOW_CREATE_TABLE:
    case MN_STMT_SHOW_FUNCTIONS: {
        static const char *const heads[] = {"SHOW-SCHEMAS", "SHOW-TABLES", "SHOW-COLUMNS", "SHOW-CREATE-TABLE",
                                            "SHOW-FUNCTIONS"};
        mn_strbuf_printf(b, "(%s", heads[s->kind - MN_STMT_SHOW_SCHEMAS]);
        if (s->u.show.name) {
            mn_strbuf_putc(b, ' ');
            qname(b, s->u.show.name);
        }
        opt(b, "LIKE", s->u.show.like);
        break;
    }
    case MN_STMT_CREATE_VIEW:
        mn_strbuf_puts(b, s->u.view.or_replace ? "(CREATE-OR-REPLACE-VIEW " : "(CREATE-VIEW ");
        qname(b, &s->u.view.name);
        mn_strbuf_putc(b, ' ');
        query(b, s->u.view.query);
        break;
    case MN_STMT_DELETE:
    case MN_STMT_UPDATE:
        mn_strbuf_puts(b, s->kind == MN_STMT_DELETE ? "(DELETE " : "(UPDATE ");
        qname(b, &s->u.modify.table);
        for (int i = 0; i < s->u.modify.nset; i++) {
            mn_strbuf_puts(b, " (SET ");
            ident(b, &s->u.modify.set_columns[i]);
            mn_strbuf_putc(b, ' ');
            expr(b, s->u.modify.set_values[i]);
            mn_strbuf_putc(b, ')');
        }
        if (s->u.modify.where) {
            mn_strbuf_puts(b, " (WHERE ");
            expr(b, s->u.modify.where);
            mn_strbuf_putc(b, ')');
        }
        break;
    case MN_STMT_ANALYZE:
    case MN_STMT_SHOW_STATS:
        mn_strbuf_puts(b, s->kind == MN_STMT_ANALYZE ? "(ANALYZE " : "(SHOW-STATS ");
        qname(b, s->u.show.name);
        break;
    case MN_STMT_CREATE_INDEX:
    case MN_STMT_DROP_INDEX:
        mn_strbuf_puts(b, s->kind == MN_STMT_CREATE_INDEX ? "(CREATE-INDEX " : "(DROP-INDEX ");
        qname(b, &s->u.index.name);
        if (s->kind == MN_STMT_CREATE_INDEX) {
            mn_strbuf_puts(b, " ON ");
            qname(b, &s->u.index.table);
            mn_strbuf_printf(b, " (%s)", s->u.index.columns_text);
        }
        if (s->u.index.if_not_exists) mn_strbuf_puts(b, " IF-NOT-EXISTS");
        if (s->u.index.if_exists) mn_strbuf_puts(b, " IF-EXISTS");
        break;
    }
    mn_strbuf_putc(b, ')');
}

static char *finish(mn_arena *arena, mn_strbuf *b) {
    char *r = NULL;
    if (!b->oom && b->data) r = mn_arena_strndup(arena, b->data, b->len);
    mn_strbuf_free(b);
    return r;
}

char *mn_ast_dump_expr(mn_arena *arena, const mn_ast_expr *e) {
    mn_strbuf b;
    mn_strbuf_init(&b);
    expr(&b, e);
    return finish(arena, &b);
}

char *mn_ast_dump_query(mn_arena *arena, const mn_ast_query *q) {
    mn_strbuf b;
    mn_strbuf_init(&b);
    query(&b, q);
    return finish(arena, &b);
}

char *mn_ast_dump_stmt(mn_arena *arena, const mn_ast_stmt *s) {
    mn_strbuf b;
    mn_strbuf_init(&b);
    if (s) stmt(&b, s);
    else mn_strbuf_puts(&b, "<null>");
    return finish(arena, &b);
}
