/* ddl.c — catalog statements: CREATE/DROP DATABASE|SCHEMA, USE, CREATE [EXTERNAL] TABLE,
 * DROP TABLE, CREATE/DROP VIEW, and the SHOW/DESCRIBE family. Hive DDL is mapped onto the
 * catalog the way the Hive metastore records it (ROW FORMAT DELIMITED becomes
 * LazySimpleSerDe with field.delim etc. as SerDe properties). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "engine/engine_internal.h"
#include "function/function.h"
#include "io/fs.h"

#define LAZY_SERDE "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
#define TEXT_INPUT "org.apache.hadoop.mapred.TextInputFormat"
#define TEXT_OUTPUT "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

static void lower(char *s) {
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z') *s = (char)(*s - 'A' + 'a');
}

/* db and table names of a qualified name (catalog.db.t, db.t or t). */
static void split_name(stmt_ctx *c, const mn_qname *qn, char *db, char *name) {
    snprintf(db, 256, "%s", qn->n >= 2 ? qn->parts[qn->n - 2].name : c->s->current_db);
    snprintf(name, 256, "%s", qn->parts[qn->n - 1].name);
    lower(db);
    lower(name);
}

char *managed_location(mn_db *db, const char *dbname, const char *table) {
    size_t n = strlen(db->warehouse) + strlen(dbname) + strlen(table) + 32;
    char *p = malloc(n);
    if (p) snprintf(p, n, "file://%s/%s/%s", db->warehouse, dbname, table);
    return p;
}

static int set_pos(stmt_ctx *c, mn_pos p) {
    if (c->err->line == 0) {
        c->err->line = p.line;
        c->err->column = p.column;
    }
    return -1;
}

/* A managed table's data: its location, and its home when UPDATE/DELETE moved the
 * location to a version directory inside it (modify.c). */
static int drop_table_data(stmt_ctx *c, const mn_table_def *t) {
    if (t->external || t->is_view || !t->location) return 0;
    char *home = managed_location(c->s->db, t->database, t->name);
    if (!home) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    size_t hn = strlen(home);
    const char *loc = strncmp(t->location, home, hn) == 0 && t->location[hn] == '/' ? home : t->location;
    char *dir = mn_fs_local_path(loc, c->err);
    int rc = dir ? mn_fs_remove_tree(dir, c->err) : -1;
    free(dir);
    free(home);
    return rc;
}

static int add_kv(stmt_ctx *c, mn_kv **kv, int *n, const char *k, const char *v) {
    mn_kv *nk = mn_arena_alloc(c->arena, sizeof(mn_kv) * (size_t)(*n + 1));
    if (!nk) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    if (*n) memcpy(nk, *kv, sizeof(mn_kv) * (size_t)*n);
    nk[*n].key = (char *)k;
    nk[*n].value = (char *)v;
    *kv = nk;
    (*n)++;
    return 0;
}

static int create_table(stmt_ctx *c, const mn_ast_stmt *st) {
    const mn_create_table *ct = &st->u.create_table;
    char db[256], name[256];
    split_name(c, &ct->name, db, name);
    mn_table_def t;
    memset(&t, 0, sizeof t);
    t.database = db;
    t.name = name;
    t.external = ct->external;
    t.comment = (char *)ct->comment;
    t.ncols = ct->ncolumns;
    t.cols = mn_arena_calloc(c->arena, sizeof(mn_column_def) * (size_t)(ct->ncolumns + 1));
    if (!t.cols) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    for (int i = 0; i < ct->ncolumns; i++) {
        const mn_column_spec *cs = &ct->columns[i];
        char *cn = mn_arena_strdup(c->arena, cs->name.name);
        if (!cn) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        lower(cn);
        for (int k = 0; k < i; k++)
            if (strcmp(t.cols[k].name, cn) == 0)
                return mn_error_set_pos(c->err, MN_ERR_ALREADY_EXISTS, cs->name.pos.line, cs->name.pos.column,
                                        "Column name '%s' specified more than once", cn);
        t.cols[i].name = cn;
        t.cols[i].type_text = (char *)cs->type_text;
        t.cols[i].comment = (char *)cs->comment;
        t.cols[i].not_null = cs->not_null;
        if (mn_type_parse(cs->type_text, strlen(cs->type_text), &t.cols[i].type) != 0)
            return mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, cs->type_pos.line, cs->type_pos.column,
                                    "Unknown type '%s' for column '%s'", cs->type_text, cn);
    }
    if (ct->npartition_columns > 0)
        return mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, st->pos.line, st->pos.column,
                                "PARTITIONED BY is not supported yet");
    /* storage */
    const char *stored = ct->stored_as;
    const char *with_format = NULL, *with_location = NULL;
    for (int i = 0; i < ct->with_properties.n; i++) {
        const mn_property *p = &ct->with_properties.items[i];
        if (strcasecmp(p->key, "format") == 0) with_format = p->value;
        else if (strcasecmp(p->key, "external_location") == 0 || strcasecmp(p->key, "location") == 0)
            with_location = p->value;
    }
    if (!stored && with_format) stored = with_format;
    /* managed tables without a stated format are Parquet (as Athena's CTAS default) */
    if (!stored && !ct->external && !ct->row_format_delimited && !ct->serde && !ct->location && !with_location &&
        !ct->input_format)
        stored = "PARQUET";
    if (ct->input_format && strstr(ct->input_format, "TextInputFormat")) stored = "TEXTFILE";
    else if (ct->input_format && strstr(ct->input_format, "Parquet")) stored = "PARQUET";
    if (ct->serde && strstr(ct->serde, "Parquet")) stored = "PARQUET";
    if (!stored) stored = "TEXTFILE";
    char *stored_up = mn_arena_strdup(c->arena, stored);
    if (!stored_up) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    for (char *p = stored_up; *p; p++)
        if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    t.stored_as = stored_up;
    t.input_format = (char *)(ct->input_format ? ct->input_format : strcmp(stored_up, "TEXTFILE") == 0 ? TEXT_INPUT : NULL);
    t.output_format = (char *)(ct->output_format ? ct->output_format : strcmp(stored_up, "TEXTFILE") == 0 ? TEXT_OUTPUT : NULL);
    if (strcmp(stored_up, "PARQUET") == 0 && !ct->serde) {
        t.serde = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
        if (!t.input_format) t.input_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
        if (!t.output_format) t.output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    }
    if (ct->serde) {
        t.serde = (char *)ct->serde;
        for (int i = 0; i < ct->serde_properties.n; i++)
            if (add_kv(c, &t.serde_props, &t.nserde_props, ct->serde_properties.items[i].key,
                       ct->serde_properties.items[i].value))
                return -1;
    } else if (strcmp(stored_up, "TEXTFILE") == 0) {
        t.serde = LAZY_SERDE;
        const char *fd = ct->fields_terminated_by;
        if (!ct->row_format_delimited && ct->external == 0 && !ct->location && !with_location) {
            /* managed text table: a format that reads back every value exactly */
            if (add_kv(c, &t.serde_props, &t.nserde_props, "field.delim", "\001") ||
                add_kv(c, &t.serde_props, &t.nserde_props, "escape.delim", "\\") ||
                add_kv(c, &t.serde_props, &t.nserde_props, "serialization.null.format", "\\N"))
                return -1;
        } else {
            if (fd && add_kv(c, &t.serde_props, &t.nserde_props, "field.delim", fd)) return -1;
            if (fd && add_kv(c, &t.serde_props, &t.nserde_props, "serialization.format", fd)) return -1;
            if (ct->escaped_by && add_kv(c, &t.serde_props, &t.nserde_props, "escape.delim", ct->escaped_by)) return -1;
            if (ct->lines_terminated_by && add_kv(c, &t.serde_props, &t.nserde_props, "line.delim", ct->lines_terminated_by))
                return -1;
            if (ct->collection_items_terminated_by &&
                add_kv(c, &t.serde_props, &t.nserde_props, "collection.delim", ct->collection_items_terminated_by))
                return -1;
            if (ct->map_keys_terminated_by &&
                add_kv(c, &t.serde_props, &t.nserde_props, "mapkey.delim", ct->map_keys_terminated_by))
                return -1;
            if (ct->null_defined_as &&
                add_kv(c, &t.serde_props, &t.nserde_props, "serialization.null.format", ct->null_defined_as))
                return -1;
        }
    }
    for (int i = 0; i < ct->tblproperties.n; i++)
        if (add_kv(c, &t.tbl_props, &t.ntbl_props, ct->tblproperties.items[i].key, ct->tblproperties.items[i].value))
            return -1;
    char *loc = NULL;
    const char *given = ct->location ? ct->location : with_location;
    if (given) {
        if (!mn_fs_is_local(given))
            return mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, st->pos.line, st->pos.column,
                                    "Location '%s' is not supported yet (only file:// and local paths)", given);
        loc = strdup(given);
        if (with_location && !ct->location) t.external = 1;
    } else {
        if (ct->external)
            return mn_error_set_pos(c->err, MN_ERR_SEMANTIC, st->pos.line, st->pos.column,
                                    "External table '%s.%s' requires a LOCATION", db, name);
        loc = managed_location(c->s->db, db, name);
    }
    if (!loc) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    t.location = loc;
    int rc = mn_catalog_create_table(c->s->db->catalog, &t, ct->if_not_exists, c->err);
    if (rc == 0 && !t.external) {
        /* a managed table exists with no rows from the start: give it its (empty) folder,
         * and a row count that INSERTs keep current */
        char *dir = mn_fs_local_path(loc, c->err);
        if (!dir || mn_fs_mkdirs(dir, c->err)) rc = -1;
        free(dir);
        mn_error ignore;
        if (rc == 0) mn_catalog_set_table_stats(c->s->db->catalog, db, name, 0, &ignore);
    }
    free(loc);
    if (rc < 0) return set_pos(c, ct->name.pos);
    return 0;
}

static int create_view(stmt_ctx *c, const mn_ast_stmt *st) {
    char db[256], name[256];
    split_name(c, &st->u.view.name, db, name);
    mn_table_def t;
    memset(&t, 0, sizeof t);
    t.database = db;
    t.name = name;
    t.is_view = 1;
    t.view_sql = (char *)st->u.view.query_text;
    int rc;
    if (st->u.view.or_replace && mn_catalog_table_exists(c->s->db->catalog, db, name, c->err) == 1)
        rc = mn_catalog_replace_table(c->s->db->catalog, &t, c->err);
    else rc = mn_catalog_create_table(c->s->db->catalog, &t, 0, c->err);
    return rc < 0 ? set_pos(c, st->u.view.name.pos) : 0;
}

int exec_ddl(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out) {
    mn_catalog *cat = c->s->db->catalog;
    switch (st->kind) {
    case MN_STMT_CREATE_SCHEMA: {
        char name[256];
        snprintf(name, sizeof name, "%s", st->u.schema.name.parts[st->u.schema.name.n - 1].name);
        lower(name);
        if (mn_catalog_create_database(cat, name, st->u.schema.comment, st->u.schema.location,
                                       st->u.schema.if_not_exists, c->err) < 0)
            return set_pos(c, st->u.schema.name.pos);
        return 0;
    }
    case MN_STMT_DROP_SCHEMA: {
        char name[256];
        snprintf(name, sizeof name, "%s", st->u.schema.name.parts[st->u.schema.name.n - 1].name);
        lower(name);
        if (st->u.schema.cascade) {
            char **names = NULL;
            int n = 0;
            int ex = mn_catalog_database_exists(cat, name, c->err);
            if (ex < 0) return -1;
            if (ex == 1) {
                if (mn_catalog_list_tables(cat, name, &names, &n, c->err)) return -1;
                for (int i = 0; i < n; i++) {
                    mn_table_def *t;
                    if (mn_catalog_get_table(cat, name, names[i], &t, c->err) == 0) {
                        drop_table_data(c, t);
                        mn_table_def_free(t);
                    }
                }
                mn_catalog_free_names(names, n);
            }
        }
        if (mn_catalog_drop_database(cat, name, st->u.schema.if_exists, st->u.schema.cascade, c->err) < 0)
            return set_pos(c, st->u.schema.name.pos);
        if (strcmp(c->s->current_db, name) == 0) strcpy(c->s->current_db, "default");
        return 0;
    }
    case MN_STMT_USE: {
        char name[256];
        snprintf(name, sizeof name, "%s", st->u.use.name.parts[st->u.use.name.n - 1].name);
        lower(name);
        int ex = mn_catalog_database_exists(cat, name, c->err);
        if (ex < 0) return -1;
        if (ex == 0)
            return mn_error_set_pos(c->err, MN_ERR_SCHEMA_NOT_FOUND, st->u.use.name.pos.line,
                                    st->u.use.name.pos.column, "Schema does not exist: %s", name);
        snprintf(c->s->current_db, sizeof c->s->current_db, "%s", name);
        return 0;
    }
    case MN_STMT_CREATE_TABLE: return create_table(c, st);
    case MN_STMT_CREATE_VIEW: return create_view(c, st);
    case MN_STMT_DROP_TABLE:
    case MN_STMT_DROP_VIEW: {
        char db[256], name[256];
        split_name(c, &st->u.drop.name, db, name);
        mn_table_def *t = NULL;
        if (mn_catalog_get_table(cat, db, name, &t, c->err)) {
            if (st->u.drop.if_exists && (c->err->code == MN_ERR_TABLE_NOT_FOUND || c->err->code == MN_ERR_SCHEMA_NOT_FOUND)) {
                mn_error_clear(c->err);
                return 0;
            }
            return set_pos(c, st->u.drop.name.pos);
        }
        int is_view = t->is_view;
        if ((st->kind == MN_STMT_DROP_VIEW) != (is_view != 0)) {
            mn_table_def_free(t);
            return mn_error_set_pos(c->err, MN_ERR_SEMANTIC, st->u.drop.name.pos.line, st->u.drop.name.pos.column,
                                    is_view ? "'%s.%s' is a view, not a table" : "'%s.%s' is a table, not a view",
                                    db, name);
        }
        int rc = mn_catalog_drop_table(cat, db, name, st->u.drop.if_exists, c->err) < 0 ? -1 : 0;
        if (rc == 0) rc = drop_table_data(c, t);
        mn_table_def_free(t);
        return rc;
    }
    case MN_STMT_CREATE_INDEX: {
        char db[256], name[256], tdb[256], tname[256];
        split_name(c, &st->u.index.name, db, name);
        split_name(c, &st->u.index.table, tdb, tname);
        if (strcmp(db, tdb) != 0)
            return mn_error_set_pos(c->err, MN_ERR_SEMANTIC, st->u.index.name.pos.line, st->u.index.name.pos.column,
                                    "Index '%s.%s' must be in the schema of its table '%s.%s'", db, name, tdb, tname);
        if (mn_catalog_create_index(cat, db, name, tname, st->u.index.columns_text, st->u.index.if_not_exists,
                                    c->err) < 0)
            return set_pos(c, c->err->code == MN_ERR_TABLE_NOT_FOUND ? st->u.index.table.pos : st->u.index.name.pos);
        return 0;
    }
    case MN_STMT_DROP_INDEX: {
        char db[256], name[256];
        split_name(c, &st->u.index.name, db, name);
        if (mn_catalog_drop_index(cat, db, name, st->u.index.if_exists, c->err) < 0)
            return set_pos(c, st->u.index.name.pos);
        return 0;
    }
    default:
        return mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, st->pos.line, st->pos.column,
                                "This statement is not supported yet");
    }
    (void)out;
}

/* ---------- SHOW ---------- */

static mn_result *varchar_result(stmt_ctx *c, int n, const char *const *names) {
    mn_result *r = result_new();
    if (!r) {
        mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    mn_type t[8];
    for (int i = 0; i < n; i++) t[i] = mn_type_varchar(-1);
    if (result_set_columns(r, n, names, t, c->err)) {
        mn_result_free(r);
        return NULL;
    }
    return r;
}

static bool like_ok(const char *pattern, const char *name) {
    return !pattern || mn_catalog_like_match(pattern, name);
}

static void sql_quote(mn_strbuf *sb, const char *s) {
    mn_strbuf_putc(sb, '\'');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '\'') mn_strbuf_puts(sb, "''");
        else if (ch < 32 || ch == 127) mn_strbuf_printf(sb, "\\%03o", ch);
        else mn_strbuf_putc(sb, (char)ch);
    }
    mn_strbuf_putc(sb, '\'');
}

static void show_create(const mn_table_def *t, mn_strbuf *sb) {
    if (t->is_view) {
        mn_strbuf_printf(sb, "CREATE VIEW %s.%s AS\n%s", t->database, t->name, t->view_sql ? t->view_sql : "");
        return;
    }
    mn_strbuf_printf(sb, "CREATE %sTABLE `%s`.`%s`(\n", t->external ? "EXTERNAL " : "", t->database, t->name);
    for (int i = 0; i < t->ncols; i++) {
        mn_strbuf_printf(sb, "  `%s` %s", t->cols[i].name, t->cols[i].type_text);
        if (t->cols[i].not_null) mn_strbuf_puts(sb, " NOT NULL");
        if (t->cols[i].comment) {
            mn_strbuf_puts(sb, " COMMENT ");
            sql_quote(sb, t->cols[i].comment);
        }
        mn_strbuf_puts(sb, i + 1 < t->ncols ? ",\n" : ")\n");
    }
    if (t->comment) {
        mn_strbuf_puts(sb, "COMMENT ");
        sql_quote(sb, t->comment);
        mn_strbuf_putc(sb, '\n');
    }
    if (t->serde) {
        mn_strbuf_puts(sb, "ROW FORMAT SERDE\n  ");
        sql_quote(sb, t->serde);
        mn_strbuf_putc(sb, '\n');
        if (t->nserde_props) {
            mn_strbuf_puts(sb, "WITH SERDEPROPERTIES (\n");
            for (int i = 0; i < t->nserde_props; i++) {
                mn_strbuf_puts(sb, "  ");
                sql_quote(sb, t->serde_props[i].key);
                mn_strbuf_putc(sb, '=');
                sql_quote(sb, t->serde_props[i].value);
                mn_strbuf_puts(sb, i + 1 < t->nserde_props ? ",\n" : ")\n");
            }
        }
    }
    if (t->input_format) {
        mn_strbuf_puts(sb, "STORED AS INPUTFORMAT\n  ");
        sql_quote(sb, t->input_format);
        mn_strbuf_puts(sb, "\nOUTPUTFORMAT\n  ");
        sql_quote(sb, t->output_format ? t->output_format : "");
        mn_strbuf_putc(sb, '\n');
    } else if (t->stored_as) {
        mn_strbuf_printf(sb, "STORED AS %s\n", t->stored_as);
    }
    if (t->location) {
        mn_strbuf_puts(sb, "LOCATION\n  ");
        sql_quote(sb, t->location);
        mn_strbuf_putc(sb, '\n');
    }
    if (t->ntbl_props) {
        mn_strbuf_puts(sb, "TBLPROPERTIES (\n");
        for (int i = 0; i < t->ntbl_props; i++) {
            mn_strbuf_puts(sb, "  ");
            sql_quote(sb, t->tbl_props[i].key);
            mn_strbuf_putc(sb, '=');
            sql_quote(sb, t->tbl_props[i].value);
            mn_strbuf_puts(sb, i + 1 < t->ntbl_props ? ",\n" : ")\n");
        }
    }
    if (sb->len && sb->data[sb->len - 1] == '\n') sb->data[--sb->len] = '\0';
}

typedef struct fn_show {
    stmt_ctx *c;
    mn_result *r;
    const char *like;
    int failed;
} fn_show;

static void fn_row(void *ud, const char *name, const char *signature, const char *kind, const char *desc) {
    fn_show *f = ud;
    if (f->failed || !like_ok(f->like, name)) return;
    const char *cells[4] = {name, signature, kind, desc ? desc : ""};
    if (result_append_row(f->r, cells, f->c->err)) f->failed = 1;
}

int exec_show(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out) {
    mn_catalog *cat = c->s->db->catalog;
    const char *like = st->u.show.like;
    mn_result *r = NULL;
    switch (st->kind) {
    case MN_STMT_SHOW_SCHEMAS: {
        const char *cols[] = {"Schema"};
        r = varchar_result(c, 1, cols);
        if (!r) return -1;
        char **names;
        int n;
        if (mn_catalog_list_databases(cat, &names, &n, c->err)) goto fail;
        int rc = 0;
        for (int i = 0; i < n && rc == 0; i++)
            if (like_ok(like, names[i])) rc = result_append_row(r, (const char *const *)&names[i], c->err);
        mn_catalog_free_names(names, n);
        if (rc) goto fail;
        break;
    }
    case MN_STMT_SHOW_TABLES: {
        char db[256];
        if (st->u.show.name) {
            snprintf(db, sizeof db, "%s", st->u.show.name->parts[st->u.show.name->n - 1].name);
            lower(db);
        } else {
            snprintf(db, sizeof db, "%s", c->s->current_db);
        }
        const char *cols[] = {"Table"};
        r = varchar_result(c, 1, cols);
        if (!r) return -1;
        char **names;
        int n;
        if (mn_catalog_list_tables(cat, db, &names, &n, c->err)) {
            if (st->u.show.name) set_pos(c, st->u.show.name->pos);
            goto fail;
        }
        int rc = 0;
        for (int i = 0; i < n && rc == 0; i++)
            if (like_ok(like, names[i])) rc = result_append_row(r, (const char *const *)&names[i], c->err);
        mn_catalog_free_names(names, n);
        if (rc) goto fail;
        break;
    }
    case MN_STMT_SHOW_COLUMNS:
    case MN_STMT_SHOW_CREATE_TABLE: {
        char db[256], name[256];
        split_name(c, st->u.show.name, db, name);
        mn_table_def *t;
        if (mn_catalog_get_table(cat, db, name, &t, c->err)) return set_pos(c, st->u.show.name->pos);
        if (st->kind == MN_STMT_SHOW_COLUMNS) {
            const char *cols[] = {"Column", "Type", "Extra", "Comment"};
            r = varchar_result(c, 4, cols);
            for (int i = 0; r && i < t->ncols; i++) {
                const char *cells[4] = {t->cols[i].name, t->cols[i].type_text, "",
                                        t->cols[i].comment ? t->cols[i].comment : ""};
                if (result_append_row(r, cells, c->err)) {
                    mn_result_free(r);
                    r = NULL;
                }
            }
        } else {
            const char *cols[] = {"Create Table"};
            r = varchar_result(c, 1, cols);
            mn_strbuf sb;
            mn_strbuf_init(&sb);
            show_create(t, &sb);
            const char *cell = sb.data ? sb.data : "";
            if (r && result_append_row(r, &cell, c->err)) {
                mn_result_free(r);
                r = NULL;
            }
            mn_strbuf_free(&sb);
        }
        mn_table_def_free(t);
        if (!r) return -1;
        break;
    }
    case MN_STMT_SHOW_FUNCTIONS: {
        const char *cols[] = {"Function", "Signature", "Function Type", "Description"};
        r = varchar_result(c, 4, cols);
        if (!r) return -1;
        fn_show f = {c, r, like, 0};
        mn_func_list(fn_row, &f);
        if (f.failed) goto fail;
        break;
    }
    default: return mn_error_set(c->err, MN_ERR_INTERNAL, "not a SHOW statement");
    }
    *out = r;
    return 0;
fail:
    mn_result_free(r);
    return -1;
}
