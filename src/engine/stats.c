/* stats.c — ANALYZE t (gathers row count and per-column distinct values, NULL fraction,
 * data size and low/high values with one aggregate query over the table, and stores them
 * in the catalog for the planner's estimates: plan/estimate.c) and SHOW STATS FOR t
 * (Trino's layout: one row per column and a summary row with the row count). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "engine/engine_internal.h"
#include "types/scalar_text.h"

static bool has_range(mn_type t) {
    return mn_type_is_numeric(t) || mn_type_is_string(t) || mn_type_is_temporal(t) || t.id == MN_T_BOOLEAN;
}

static void quoted(mn_strbuf *sb, const char *name) {
    mn_strbuf_putc(sb, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"') mn_strbuf_putc(sb, '"');
        mn_strbuf_putc(sb, *p);
    }
    mn_strbuf_putc(sb, '"');
}

/* SELECT count(*), then per column: count(c), approx_distinct(c), sum(length(c)) for
 * strings, min(c), max(c) for orderable scalars — NULL literals where a part does not apply. */
static int stats_query(const mn_table_def *t, mn_strbuf *sb) {
    mn_strbuf_puts(sb, "SELECT count(*)");
    for (int k = 0; k < t->ncols; k++) {
        mn_type ty = t->cols[k].type;
        bool scalar = ty.id != MN_T_UNKNOWN && !mn_type_is_nested(ty);
#define COL_EXPR(fmt)                                                                                              \
    do {                                                                                                           \
        mn_strbuf_puts(sb, ", " fmt "(");                                                                          \
        quoted(sb, t->cols[k].name);                                                                               \
        mn_strbuf_putc(sb, ')');                                                                                   \
    } while (0)
        if (ty.id == MN_T_UNKNOWN) mn_strbuf_puts(sb, ", NULL");
        else COL_EXPR("count");
        if (scalar) COL_EXPR("approx_distinct");
        else mn_strbuf_puts(sb, ", NULL");
        if (mn_type_is_string(ty)) {
            mn_strbuf_puts(sb, ", sum(length(");
            quoted(sb, t->cols[k].name);
            mn_strbuf_puts(sb, "))");
        } else {
            mn_strbuf_puts(sb, ", NULL");
        }
        if (scalar && has_range(ty)) {
            COL_EXPR("min");
            COL_EXPR("max");
        } else {
            mn_strbuf_puts(sb, ", NULL, NULL");
        }
#undef COL_EXPR
    }
    mn_strbuf_puts(sb, " FROM ");
    quoted(sb, t->database);
    mn_strbuf_putc(sb, '.');
    quoted(sb, t->name);
    return sb->oom ? -1 : 0;
}

#define PARTS 5 /* query columns per table column */

static int analyze(stmt_ctx *c, const mn_ast_stmt *st, const mn_table_def *t, const char *db, const char *name) {
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    mn_result *r = NULL;
    mn_column_stats *cs = NULL;
    int rc = -1;
    if (stats_query(t, &sb)) {
        mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    mn_ast_stmt *q = mn_parse_statement(c->arena, sb.data, sb.len, c->err);
    if (!q || q->kind != MN_STMT_QUERY || exec_query(c, q->u.query, &r)) goto done;
    if (r->nrows != 1 || r->ncols != 1 + PARTS * t->ncols) {
        mn_error_set(c->err, MN_ERR_INTERNAL, "ANALYZE: unexpected statistics result");
        goto done;
    }
    const char **cell = r->cells;
    double rows = cell[0] ? strtod(cell[0], NULL) : 0;
    cs = calloc((size_t)t->ncols + 1, sizeof *cs);
    if (!cs) {
        mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    for (int k = 0; k < t->ncols; k++) {
        const char **p = cell + 1 + PARTS * k;
        cs[k].name = t->cols[k].name;
        cs[k].null_fraction = p[0] && rows > 0 ? (rows - strtod(p[0], NULL)) / rows : p[0] ? 0 : -1;
        cs[k].ndv = p[1] ? strtod(p[1], NULL) : -1;
        cs[k].data_size = p[2] ? strtod(p[2], NULL) : mn_type_is_string(t->cols[k].type) ? 0 : -1;
        cs[k].low = (char *)p[3];
        cs[k].high = (char *)p[4];
    }
    if (mn_catalog_set_column_stats(c->s->db->catalog, db, name, (int64_t)rows, cs, t->ncols, c->err)) {
        c->err->line = st->u.show.name->pos.line;
        c->err->column = st->u.show.name->pos.column;
        goto done;
    }
    rc = 0;
done:
    free(cs); /* its strings belong to t and r */
    mn_result_free(r);
    mn_strbuf_free(&sb);
    return rc;
}

static int number_cell(stmt_ctx *c, double v, const char **cell) {
    if (v < 0) {
        *cell = NULL;
        return 0;
    }
    char buf[64];
    mn_format_double(v, buf);
    *cell = mn_arena_strdup(c->arena, buf);
    return *cell ? 0 : mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
}

static int show_stats(stmt_ctx *c, const mn_table_def *t, const char *db, const char *name, mn_result **out) {
    mn_column_stats *cs = NULL;
    int n = 0;
    int64_t rows = -1;
    if (mn_catalog_get_column_stats(c->s->db->catalog, db, name, &cs, &n, c->err) ||
        mn_catalog_get_table_stats(c->s->db->catalog, db, name, &rows, c->err))
        return -1;
    static const char *const names[7] = {"column_name",   "data_size", "distinct_values_count", "nulls_fraction",
                                         "row_count",     "low_value", "high_value"};
    mn_type types[7];
    for (int i = 0; i < 7; i++) types[i] = mn_type_make(i >= 1 && i <= 4 ? MN_T_DOUBLE : MN_T_VARCHAR);
    types[0] = types[5] = types[6] = mn_type_varchar(-1);
    mn_result *r = result_new();
    int rc = -1;
    if (!r) {
        mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    if (result_set_columns(r, 7, names, types, c->err)) goto done;
    for (int k = 0; k < t->ncols; k++) {
        const mn_column_stats *s = NULL;
        for (int i = 0; i < n && !s; i++)
            if (strcmp(cs[i].name, t->cols[k].name) == 0) s = &cs[i];
        const char *cells[7] = {t->cols[k].name, NULL, NULL, NULL, NULL, NULL, NULL};
        if (s && (number_cell(c, s->data_size, &cells[1]) || number_cell(c, s->ndv, &cells[2]) ||
                  number_cell(c, s->null_fraction, &cells[3])))
            goto done;
        if (s) {
            cells[5] = s->low;
            cells[6] = s->high;
        }
        if (result_append_row(r, cells, c->err)) goto done;
    }
    const char *summary[7] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    if (number_cell(c, (double)rows, &summary[4]) || result_append_row(r, summary, c->err)) goto done;
    *out = r;
    r = NULL;
    rc = 0;
done:
    mn_result_free(r);
    mn_catalog_free_column_stats(cs, n);
    return rc;
}

int exec_stats(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out) {
    const mn_qname *qn = st->u.show.name;
    char db[256], name[256];
    mn_table_def *t = NULL;
    if (dml_get_table(c, qn, db, name, &t)) return -1;
    int rc;
    if (t->is_view)
        rc = mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, qn->pos.line, qn->pos.column,
                              "'%s.%s' is a view: statistics are kept for tables only", db, name);
    else if (st->kind == MN_STMT_ANALYZE)
        rc = analyze(c, st, t, db, name);
    else
        rc = show_stats(c, t, db, name, out);
    mn_table_def_free(t);
    return rc;
}
