/* dml.c — statements that run a query: SELECT, EXPLAIN [ANALYZE], INSERT INTO and
 * CREATE TABLE AS. Writes are atomic per statement: rows go to a temporary file that is
 * renamed into the table's location only when the whole query succeeded (and, for CTAS,
 * the table is registered only after its data is in place). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "engine/engine_internal.h"
#include "exec/executor.h"
#include "exec/operators.h"
#include "format/parquet.h"
#include "format/parquet_writer.h"
#include "format/text.h"
#include "function/function.h"
#include "io/fs.h"
#include "plan/planner.h"
#include "table/table.h"
#include "types/scalar_text.h"

void dml_plan_ctx_init(stmt_ctx *c, mn_plan_ctx *p) {
    memset(p, 0, sizeof *p);
    p->arena = c->arena;
    p->catalog = c->s->db->catalog;
    p->current_db = c->s->current_db;
    p->q = &c->q;
    p->err = c->err;
}

void dml_split_name(stmt_ctx *c, const mn_qname *qn, char *db, char *name) {
    snprintf(db, 256, "%s", qn->n >= 2 ? qn->parts[qn->n - 2].name : c->s->current_db);
    snprintf(name, 256, "%s", qn->parts[qn->n - 1].name);
    for (char *p = db; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    for (char *p = name; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
}

int dml_get_table(stmt_ctx *c, const mn_qname *qn, char *db, char *name, mn_table_def **t) {
    dml_split_name(c, qn, db, name);
    if (mn_catalog_get_table(c->s->db->catalog, db, name, t, c->err) == 0) return 0;
    c->err->line = qn->pos.line;
    c->err->column = qn->pos.column;
    return -1;
}

static int collect_cb(void *ud, mn_chunk *chunk, mn_error *err) { return result_append_chunk(ud, chunk, err); }

int exec_query(stmt_ctx *c, const mn_ast_query *q, mn_result **out) {
    mn_plan_ctx p;
    dml_plan_ctx_init(c, &p);
    mn_planned_query pq;
    int rc = -1;
    mn_result *r = NULL;
    if (mn_plan_query(&p, q, &pq)) goto done;
    r = result_new();
    if (!r) {
        mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    if (result_set_columns(r, pq.ncols, pq.names, pq.types, c->err)) goto done;
    if (mn_execute_plan(pq.root, &c->q, collect_cb, r, c->err)) goto done;
    *out = r;
    r = NULL;
    rc = 0;
done:
    mn_result_free(r);
    mn_plan_ctx_cleanup(&p);
    return rc;
}

static int discard_cb(void *ud, mn_chunk *chunk, mn_error *err) {
    *(int64_t *)ud += chunk->count;
    return 0;
}

int exec_explain(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out) {
    const mn_ast_stmt *inner = st->u.explain.stmt;
    if (inner->kind != MN_STMT_QUERY)
        return mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, inner->pos.line, inner->pos.column,
                                "EXPLAIN supports queries only");
    mn_plan_ctx p;
    dml_plan_ctx_init(c, &p);
    mn_planned_query pq;
    int rc = -1;
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    if (mn_plan_query(&p, inner->u.query, &pq)) goto done;
    int64_t rows = 0;
    if (st->u.explain.analyze && mn_execute_plan(pq.root, &c->q, discard_cb, &rows, c->err)) goto done;
    mn_explain_plan(pq.root, st->u.explain.analyze, &sb);
    if (st->u.explain.analyze)
        mn_strbuf_printf(&sb, "Output rows: %lld, input bytes: %lld\n", (long long)rows,
                         (long long)atomic_load(&c->q.bytes_read));
    if (sb.oom) {
        mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    mn_result *r = result_text_column("Query Plan", c->err);
    if (!r) goto done;
    const char *cell = sb.data ? sb.data : "";
    if (result_append_row(r, &cell, c->err)) {
        mn_result_free(r);
        goto done;
    }
    *out = r;
    rc = 0;
done:
    mn_strbuf_free(&sb);
    mn_plan_ctx_cleanup(&p);
    return rc;
}

/* ---------- writing rows into a text table ---------- */

/* Trino: a NOT NULL column rejects the whole statement when any row has NULL there. */
static int check_not_null(const mn_table_def *t, const mn_chunk *chunk, mn_error *err) {
    for (int k = 0; k < t->ncols && k < chunk->ncols; k++) {
        if (!t->cols[k].not_null) continue;
        const mn_vector *v = &chunk->cols[k];
        for (int i = 0; i < chunk->count; i++)
            if (mn_vector_is_null(v, i) || v->type.id == MN_T_UNKNOWN)
                return mn_error_set(err, MN_ERR_CONSTRAINT, "NULL value not allowed for NOT NULL column: %s",
                                    t->cols[k].name);
    }
    return 0;
}

typedef struct write_state {
    mn_text_writer *w;
    const mn_table_def *t;
    int64_t rows;
} write_state;

static int write_cb(void *ud, mn_chunk *chunk, mn_error *err) {
    write_state *ws = ud;
    char buf[128];
    if (check_not_null(ws->t, chunk, err)) return -1;
    for (int i = 0; i < chunk->count; i++) {
        for (int col = 0; col < chunk->ncols; col++) {
            const mn_vector *v = &chunk->cols[col];
            if (mn_vector_is_null(v, i) || v->type.id == MN_T_UNKNOWN) {
                if (mn_text_writer_field(ws->w, NULL, 0, 1, err)) return -1;
                continue;
            }
            size_t sz = mn_type_size(v->type);
            const void *slot = (const char *)v->data + sz * ((uint32_t)i & v->mask);
            if (v->type.id == MN_T_VARBINARY) {
                /* Hive's text SerDes keep BINARY as base64 */
                const mn_str *s = slot;
                char *b64 = malloc(mn_base64_encoded_len(s->len) + 1);
                if (!b64) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
                size_t bn = mn_base64_encode(s->ptr, s->len, false, b64);
                int wrc = mn_text_writer_field(ws->w, b64, bn, 0, err);
                free(b64);
                if (wrc) return -1;
            } else if (mn_type_is_varlen(v->type)) {
                const mn_str *s = slot;
                if (mn_text_writer_field(ws->w, s->ptr, s->len, 0, err)) return -1;
            } else {
                size_t n = mn_format_value(v->type, slot, buf);
                if (mn_text_writer_field(ws->w, buf, n, 0, err)) return -1;
            }
        }
        if (mn_text_writer_end_row(ws->w, err)) return -1;
    }
    ws->rows += chunk->count;
    return 0;
}

int dml_coerce_to_table(stmt_ctx *c, mn_planned_query *pq, const mn_table_def *t, const int *target, mn_pos pos) {
    mn_expr **ex = mn_arena_alloc(c->arena, sizeof(mn_expr *) * (size_t)(t->ncols + 1));
    if (!ex) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    for (int k = 0; k < t->ncols; k++) {
        int src = target ? target[k] : k;
        mn_type tt = t->cols[k].type;
        if (src < 0) {
            mn_value v;
            mn_value_null(&v, tt);
            ex[k] = mn_expr_const(c->arena, &v);
            if (!ex[k]) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            continue;
        }
        mn_type st = pq->types[src];
        mn_expr *col = mn_expr_column(c->arena, src, st);
        if (!col) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        if (mn_type_equal(st, tt)) {
            ex[k] = col;
            continue;
        }
        bool ok = mn_type_can_coerce(st, tt) || st.id == MN_T_UNKNOWN ||
                  (mn_type_is_string(st) && mn_type_is_string(tt)) ||
                  (mn_type_is_numeric(st) && mn_type_is_numeric(tt)) ||
                  (mn_type_is_temporal(st) && mn_type_is_temporal(tt));
        if (!ok) {
            char t1[64], t2[64];
            return mn_error_set_pos(c->err, MN_ERR_TYPE_MISMATCH, pos.line, pos.column,
                                    "Insert query has mismatched column types: Table: [%s], Query: [%s] (column '%s')",
                                    mn_type_name(tt, t1, sizeof t1), mn_type_name(st, t2, sizeof t2), t->cols[k].name);
        }
        if (mn_func_bind_cast(c->arena, col, tt, false, pos, &ex[k], c->err)) return -1;
    }
    mn_physop *op = mn_op_project(c->arena, pq->root, ex, t->ncols, c->err);
    if (!op) return -1;
    pq->root = op;
    pq->ncols = t->ncols;
    pq->types = op->types;
    return 0;
}

static char *new_data_file(const char *dir, const char *ext) {
    static atomic_int counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    size_t n = strlen(dir) + 96;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%lld_%06ld_%d_%d.%s", dir, (long long)ts.tv_sec, ts.tv_nsec / 1000, (int)getpid(),
                 atomic_fetch_add(&counter, 1), ext);
    return p;
}

typedef struct pq_state {
    mn_parquet_writer *w;
    const mn_table_def *t;
    int64_t rows;
} pq_state;

static int pq_write_cb(void *ud, mn_chunk *chunk, mn_error *err) {
    pq_state *ps = ud;
    if (check_not_null(ps->t, chunk, err)) return -1;
    if (mn_parquet_writer_write(ps->w, chunk, err)) return -1;
    ps->rows += chunk->count;
    return 0;
}

/* The Parquet codec of a table: TBLPROPERTIES write_compression / parquet.compression,
 * else SNAPPY (Athena's CTAS default is GZIP; SNAPPY writes several times faster). */
static int table_codec(const mn_table_def *t, int *codec, mn_error *err) {
    const char *name = mn_table_def_tbl_prop(t, "write_compression");
    if (!name) name = mn_table_def_tbl_prop(t, "parquet.compression");
    if (!name) name = mn_table_def_tbl_prop(t, "parquet_compression");
    if (!name) {
        *codec = MN_PQ_SNAPPY;
        return 0;
    }
    if (mn_parquet_codec_from_name(name, codec))
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Unsupported Parquet compression '%s'", name);
    return 0;
}

int dml_write_rows(stmt_ctx *c, const mn_table_def *t, mn_planned_query *pq, int64_t *rows) {
    bool parquet = t->stored_as && strcasecmp(t->stored_as, "PARQUET") == 0;
    for (int k = 0; k < t->ncols && !parquet; k++) { /* Parquet files store nested values; text files not yet */
        if (!mn_type_is_nested(t->cols[k].type)) continue;
        char tn[256];
        return mn_error_set(c->err, MN_ERR_NOT_SUPPORTED, "Column '%s' has type %s, which cannot be written to tables yet",
                            t->cols[k].name, mn_type_name(t->cols[k].type, tn, sizeof tn));
    }
    if (mn_table_is_json(t))
        return mn_error_set(c->err, MN_ERR_NOT_SUPPORTED, "Writing JSON tables is not supported yet");
    if (!parquet && t->stored_as && strcasecmp(t->stored_as, "TEXTFILE") != 0)
        return mn_error_set(c->err, MN_ERR_NOT_SUPPORTED, "Writing tables stored as %s is not supported yet",
                            t->stored_as);
    char *dir = mn_fs_local_path(t->location, c->err);
    if (!dir) return -1;
    int rc = -1;
    char *file = NULL;
    if (mn_fs_mkdirs(dir, c->err)) goto done;
    file = new_data_file(dir, parquet ? "parquet" : "txt");
    if (!file) {
        mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    if (parquet) {
        int codec;
        if (table_codec(t, &codec, c->err)) goto done;
        const char **names = mn_arena_alloc(c->arena, sizeof(char *) * (size_t)(t->ncols + 1));
        mn_type *types = mn_arena_alloc(c->arena, sizeof(mn_type) * (size_t)(t->ncols + 1));
        if (!names || !types) {
            mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            goto done;
        }
        for (int i = 0; i < t->ncols; i++) {
            names[i] = t->cols[i].name;
            types[i] = t->cols[i].type;
        }
        pq_state ps = {NULL, t, 0};
        ps.w = mn_parquet_writer_open(file, t->ncols, names, types, codec, c->err);
        if (!ps.w) goto done;
        if (mn_execute_plan(pq->root, &c->q, pq_write_cb, &ps, c->err)) {
            mn_parquet_writer_abort(ps.w);
            goto done;
        }
        if (ps.rows == 0) mn_parquet_writer_abort(ps.w);
        else if (mn_parquet_writer_finish(ps.w, NULL, c->err)) goto done;
        *rows = ps.rows;
    } else {
        mn_text_format fmt;
        mn_table_text_format(t, &fmt);
        write_state ws = {NULL, t, 0};
        ws.w = mn_text_writer_open(file, &fmt, c->err);
        if (!ws.w) goto done;
        if (mn_execute_plan(pq->root, &c->q, write_cb, &ws, c->err)) {
            mn_text_writer_abort(ws.w);
            goto done;
        }
        if (ws.rows == 0) {
            mn_text_writer_abort(ws.w); /* nothing to add: leave no empty file behind */
        } else if (mn_text_writer_finish(ws.w, c->err)) {
            goto done;
        }
        *rows = ws.rows;
    }
    rc = 0;
done:
    free(file);
    free(dir);
    return rc;
}

mn_result *dml_update_result(int64_t rows, mn_error *err) {
    mn_result *r = result_new();
    if (!r) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    r->update_count = rows;
    return r;
}

int exec_insert(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out) {
    const mn_qname *qn = &st->u.insert.table;
    char db[256], name[256];
    mn_table_def *t = NULL;
    if (dml_get_table(c, qn, db, name, &t)) return -1;
    int rc = -1;
    mn_plan_ctx p;
    dml_plan_ctx_init(c, &p);
    if (t->is_view) {
        mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, qn->pos.line, qn->pos.column, "Inserting into views is not supported");
        goto done;
    }
    mn_planned_query pq;
    if (mn_plan_query(&p, st->u.insert.query, &pq)) goto done;
    int *target = mn_arena_alloc(c->arena, sizeof(int) * (size_t)(t->ncols + 1));
    if (!target) {
        mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    if (st->u.insert.ncolumns > 0) {
        for (int k = 0; k < t->ncols; k++) target[k] = -1;
        if (st->u.insert.ncolumns != pq.ncols) {
            mn_error_set_pos(c->err, MN_ERR_SEMANTIC, st->pos.line, st->pos.column,
                             "Insert query has %d columns but %d target columns were given", pq.ncols,
                             st->u.insert.ncolumns);
            goto done;
        }
        for (int i = 0; i < st->u.insert.ncolumns; i++) {
            const mn_ident *id = &st->u.insert.columns[i];
            int k;
            for (k = 0; k < t->ncols; k++)
                if (strcasecmp(t->cols[k].name, id->name) == 0) break;
            if (k == t->ncols) {
                mn_error_set_pos(c->err, MN_ERR_COLUMN_NOT_FOUND, id->pos.line, id->pos.column,
                                 "Insert column name does not exist in target table: %s", id->name);
                goto done;
            }
            target[k] = i;
        }
    } else {
        if (pq.ncols != t->ncols) {
            mn_error_set_pos(c->err, MN_ERR_SEMANTIC, st->pos.line, st->pos.column,
                             "Insert query has %d columns, table '%s.%s' has %d", pq.ncols, db, name, t->ncols);
            goto done;
        }
        for (int k = 0; k < t->ncols; k++) target[k] = k;
    }
    if (dml_coerce_to_table(c, &pq, t, target, st->pos)) goto done;
    int64_t rows = 0, before = -1;
    mn_error ignore;
    if (mn_catalog_get_table_stats(c->s->db->catalog, db, name, &before, &ignore)) before = -1;
    if (dml_write_rows(c, t, &pq, &rows)) goto done;
    /* keep the row count current for the planner's estimates (only when it was known: a
     * table filled by other means has no count to add to) */
    if (before >= 0) mn_catalog_set_table_stats(c->s->db->catalog, db, name, before + rows, &ignore);
    *out = dml_update_result(rows, c->err);
    rc = *out ? 0 : -1;
done:
    mn_plan_ctx_cleanup(&p);
    mn_table_def_free(t);
    return rc;
}

int exec_ctas(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out) {
    const mn_create_table *ct = &st->u.create_table;
    const mn_qname *qn = &ct->name;
    char db[256], name[256];
    dml_split_name(c, qn, db, name);
    int ex = mn_catalog_table_exists(c->s->db->catalog, db, name, c->err);
    if (ex < 0) return -1;
    if (ex == 1) {
        if (ct->if_not_exists) {
            *out = dml_update_result(0, c->err);
            return *out ? 0 : -1;
        }
        return mn_error_set_pos(c->err, MN_ERR_ALREADY_EXISTS, qn->pos.line, qn->pos.column,
                                "Table '%s.%s' already exists", db, name);
    }
    int dbx = mn_catalog_database_exists(c->s->db->catalog, db, c->err);
    if (dbx < 0) return -1;
    if (dbx == 0)
        return mn_error_set_pos(c->err, MN_ERR_SCHEMA_NOT_FOUND, qn->pos.line, qn->pos.column,
                                "Schema '%s' does not exist", db);
    const char *format = NULL, *ext_loc = NULL, *compression = NULL;
    for (int i = 0; i < ct->with_properties.n; i++) {
        const mn_property *pr = &ct->with_properties.items[i];
        if (strcasecmp(pr->key, "format") == 0) format = pr->value;
        else if (strcasecmp(pr->key, "external_location") == 0) ext_loc = pr->value;
        else if (strcasecmp(pr->key, "write_compression") == 0 || strcasecmp(pr->key, "parquet_compression") == 0)
            compression = pr->value;
    }
    /* Athena's CTAS default is Parquet */
    bool parquet = !format || strcasecmp(format, "PARQUET") == 0;
    if (!parquet && strcasecmp(format, "TEXTFILE") != 0)
        return mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, st->pos.line, st->pos.column,
                                "CREATE TABLE AS with format '%s' is not supported yet", format);
    int codec_check;
    if (compression && parquet && mn_parquet_codec_from_name(compression, &codec_check))
        return mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, st->pos.line, st->pos.column,
                                "Unsupported write_compression '%s'", compression);
    mn_plan_ctx p;
    dml_plan_ctx_init(c, &p);
    int rc = -1;
    mn_table_def t;
    memset(&t, 0, sizeof t);
    char *loc = NULL;
    mn_planned_query pq;
    if (mn_plan_query(&p, ct->query, &pq)) goto done;
    t.database = db;
    t.name = name;
    t.external = ext_loc != NULL;
    t.ncols = pq.ncols;
    t.cols = mn_arena_calloc(c->arena, sizeof(mn_column_def) * (size_t)(pq.ncols + 1));
    if (!t.cols) goto oom;
    for (int i = 0; i < pq.ncols; i++) {
        char tn[64];
        mn_type ty = pq.types[i];
        if (ty.id == MN_T_UNKNOWN) {
            mn_error_set_pos(c->err, MN_ERR_SEMANTIC, st->pos.line, st->pos.column,
                             "Column '%s' has unknown type (a bare NULL): cast it", pq.names[i]);
            goto done;
        }
        t.cols[i].name = (char *)pq.names[i];
        t.cols[i].type = ty;
        t.cols[i].type_text = mn_arena_strdup(c->arena, mn_type_name(ty, tn, sizeof tn));
        for (int k = 0; k < i; k++)
            if (strcasecmp(t.cols[k].name, t.cols[i].name) == 0) {
                mn_error_set_pos(c->err, MN_ERR_SEMANTIC, st->pos.line, st->pos.column,
                                 "Column name '%s' specified more than once", t.cols[i].name);
                goto done;
            }
    }
    loc = ext_loc ? strdup(ext_loc) : managed_location(c->s->db, db, name);
    if (!loc) goto oom;
    t.location = loc;
    mn_kv props[3] = {{"field.delim", "\001"}, {"escape.delim", "\\"}, {"serialization.null.format", "\\N"}};
    mn_kv tprops[1] = {{"write_compression", (char *)compression}};
    if (parquet) {
        t.stored_as = "PARQUET";
        t.serde = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
        t.input_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
        t.output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
        if (compression) {
            t.tbl_props = tprops;
            t.ntbl_props = 1;
        }
    } else {
        t.stored_as = "TEXTFILE";
        t.serde = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
        t.serde_props = props;
        t.nserde_props = 3;
    }
    int64_t rows = 0;
    if (!ct->with_no_data) {
        /* write the data first; the table appears only when it is complete */
        if (dml_write_rows(c, &t, &pq, &rows)) goto done;
    } else {
        char *dir = mn_fs_local_path(loc, c->err);
        int mrc = dir ? mn_fs_mkdirs(dir, c->err) : -1;
        free(dir);
        if (mrc) goto done;
    }
    if (mn_catalog_create_table(c->s->db->catalog, &t, 0, c->err) == 0) {
        mn_error ignore;
        mn_catalog_set_table_stats(c->s->db->catalog, db, name, rows, &ignore);
    } else {
        if (!ext_loc) {
            char *dir = mn_fs_local_path(loc, NULL);
            if (dir) mn_fs_remove_tree(dir, NULL);
            free(dir);
        }
        goto done;
    }
    *out = dml_update_result(rows, c->err);
    rc = *out ? 0 : -1;
    goto done;
oom:
    mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
done:
    free(loc);
    mn_plan_ctx_cleanup(&p);
    return rc;
}
