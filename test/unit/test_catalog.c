/* test_catalog.c — the SQLite metastore: databases, tables, views, properties, errors,
 * persistence across close/open, cascade, statistics, SHOW TABLES patterns, and concurrent
 * use from threads and from two connections on one file. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "check.h"
#include "io/fs.h"

static char root[256];
static char dbfile[512];

static mn_table_def *make_orders(const char *db, const char *name) {
    mn_table_def *t = calloc(1, sizeof *t);
    t->database = strdup(db);
    t->name = strdup(name);
    t->external = 1;
    t->ncols = 3;
    t->cols = calloc(3, sizeof *t->cols);
    t->cols[0].name = strdup("o_orderkey");
    t->cols[0].type_text = strdup("bigint");
    t->cols[1].name = strdup("o_totalprice");
    t->cols[1].type_text = strdup("decimal(15,2)");
    t->cols[1].comment = strdup("price; with 'quotes'");
    t->cols[2].name = strdup("o_tags");
    t->cols[2].type_text = strdup("array<string>");
    t->npartcols = 1;
    t->partcols = calloc(1, sizeof *t->partcols);
    t->partcols[0].name = strdup("dt");
    t->partcols[0].type_text = strdup("string");
    t->location = strdup("file:///data/orders");
    t->stored_as = strdup("TEXTFILE");
    t->serde = strdup("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
    t->input_format = strdup("org.apache.hadoop.mapred.TextInputFormat");
    t->output_format = strdup("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
    t->comment = strdup("the orders");
    t->nserde_props = 2;
    t->serde_props = calloc(2, sizeof *t->serde_props);
    t->serde_props[0].key = strdup("field.delim");
    t->serde_props[0].value = strdup("|");
    t->serde_props[1].key = strdup("serialization.format");
    t->serde_props[1].value = strdup("|");
    t->ntbl_props = 1;
    t->tbl_props = calloc(1, sizeof *t->tbl_props);
    t->tbl_props[0].key = strdup("skip.header.line.count");
    t->tbl_props[0].value = strdup("1");
    return t;
}

static mn_table_def *make_simple(const char *db, const char *name) {
    mn_table_def *t = calloc(1, sizeof *t);
    t->database = strdup(db);
    t->name = strdup(name);
    t->ncols = 1;
    t->cols = calloc(1, sizeof *t->cols);
    t->cols[0].name = strdup("x");
    t->cols[0].type_text = strdup("int");
    return t;
}

static void check_orders(const mn_table_def *t) {
    CHECK_STR(t->database, "sales");
    CHECK_STR(t->name, "orders");
    CHECK(t->external == 1 && t->is_view == 0 && t->view_sql == NULL);
    CHECK(t->ncols == 3);
    if (t->ncols == 3) {
        CHECK_STR(t->cols[0].name, "o_orderkey");
        CHECK(t->cols[0].type.id == MN_T_BIGINT);
        CHECK_STR(t->cols[1].type_text, "decimal(15,2)");
        CHECK(t->cols[1].type.id == MN_T_DECIMAL && t->cols[1].type.precision == 15 && t->cols[1].type.scale == 2);
        CHECK_STR(t->cols[1].comment, "price; with 'quotes'");
        CHECK(t->cols[0].comment == NULL);
        CHECK(t->cols[2].type.id == MN_T_ARRAY); /* declared; not readable yet */
        CHECK_STR(t->cols[2].type_text, "array<string>");
    }
    CHECK(t->npartcols == 1);
    if (t->npartcols == 1) {
        CHECK_STR(t->partcols[0].name, "dt");
        CHECK(t->partcols[0].type.id == MN_T_VARCHAR);
    }
    CHECK_STR(t->location, "file:///data/orders");
    CHECK_STR(t->stored_as, "TEXTFILE");
    CHECK_STR(t->serde, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
    CHECK_STR(t->input_format, "org.apache.hadoop.mapred.TextInputFormat");
    CHECK_STR(t->comment, "the orders");
    CHECK(t->nserde_props == 2);
    if (t->nserde_props == 2) {
        CHECK_STR(t->serde_props[0].key, "field.delim");
        CHECK_STR(t->serde_props[1].key, "serialization.format");
    }
    CHECK(t->ntbl_props == 1);
    CHECK_STR(mn_table_def_tbl_prop(t, "SKIP.header.line.count"), "1");
    CHECK_STR(mn_table_def_serde_prop(t, "field.delim"), "|");
    CHECK(mn_table_def_tbl_prop(t, "nope") == NULL);
    CHECK(t->created_at > 1600000000);
}

static void test_basic(void) {
    mn_error err;
    mn_catalog *c = mn_catalog_open(dbfile, &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "%s\n", err.message);
        return;
    }
    char **names;
    int n;
    CHECK(mn_catalog_list_databases(c, &names, &n, &err) == 0);
    CHECK(n == 1 && strcmp(names[0], "default") == 0);
    mn_catalog_free_names(names, n);

    /* databases */
    CHECK(mn_catalog_create_database(c, "Sales", "sales data", "file:///w/sales.db", 0, &err) == 0);
    CHECK(mn_catalog_create_database(c, "sales", NULL, NULL, 0, &err) == -1);
    CHECK(err.code == MN_ERR_ALREADY_EXISTS);
    CHECK_STR(err.message, "Schema 'sales' already exists");
    CHECK(mn_catalog_create_database(c, "SALES", NULL, NULL, 1, &err) == 1);
    CHECK(mn_catalog_create_database(c, "archive", NULL, NULL, 0, &err) == 0);
    CHECK(mn_catalog_database_exists(c, "SaLeS", &err) == 1);
    CHECK(mn_catalog_database_exists(c, "nope", &err) == 0);
    char *comment, *loc;
    CHECK(mn_catalog_get_database(c, "sales", &comment, &loc, &err) == 0);
    CHECK_STR(comment, "sales data");
    CHECK_STR(loc, "file:///w/sales.db");
    free(comment);
    free(loc);
    CHECK(mn_catalog_get_database(c, "archive", &comment, NULL, &err) == 0);
    CHECK(comment == NULL);
    CHECK(mn_catalog_get_database(c, "zzz", &comment, &loc, &err) == -1);
    CHECK(err.code == MN_ERR_SCHEMA_NOT_FOUND);
    CHECK(mn_catalog_list_databases(c, &names, &n, &err) == 0);
    CHECK(n == 3);
    if (n == 3) {
        CHECK_STR(names[0], "archive");
        CHECK_STR(names[1], "default");
        CHECK_STR(names[2], "sales");
    }
    mn_catalog_free_names(names, n);

    /* tables */
    mn_table_def *t = make_orders("SALES", "Orders");
    CHECK(mn_catalog_create_table(c, t, 0, &err) == 0);
    CHECK(mn_catalog_create_table(c, t, 0, &err) == -1);
    CHECK(err.code == MN_ERR_ALREADY_EXISTS);
    CHECK_STR(err.message, "Table 'sales.orders' already exists");
    CHECK(mn_catalog_create_table(c, t, 1, &err) == 1);
    free(t->database);
    t->database = strdup("nosuch");
    CHECK(mn_catalog_create_table(c, t, 1, &err) == -1);
    CHECK(err.code == MN_ERR_SCHEMA_NOT_FOUND);
    CHECK_STR(err.message, "Schema 'nosuch' does not exist");
    mn_table_def_free(t);

    mn_table_def *g = NULL;
    CHECK(mn_catalog_get_table(c, "Sales", "ORDERS", &g, &err) == 0);
    if (g) {
        check_orders(g);
        mn_table_def *cl = mn_table_def_clone(g);
        CHECK(cl != NULL);
        if (cl) check_orders(cl);
        mn_table_def_free(cl);
        mn_table_def_free(g);
    }
    CHECK(mn_catalog_table_exists(c, "sales", "orders", &err) == 1);
    CHECK(mn_catalog_table_exists(c, "sales", "nope", &err) == 0);
    CHECK(mn_catalog_get_table(c, "sales", "nope", &g, &err) == -1);
    CHECK(g == NULL);
    CHECK(err.code == MN_ERR_TABLE_NOT_FOUND);
    CHECK_STR(err.message, "Table 'sales.nope' does not exist");
    CHECK(mn_catalog_get_table(c, "nodb", "t", &g, &err) == -1);
    CHECK(err.code == MN_ERR_SCHEMA_NOT_FOUND);

    /* a name full of SQL is just a name */
    t = make_simple("sales", "x'; DROP TABLE mn_tables; --");
    CHECK(mn_catalog_create_table(c, t, 0, &err) == 0);
    mn_table_def_free(t);
    t = make_simple("sales", "B_items");
    CHECK(mn_catalog_create_table(c, t, 0, &err) == 0);
    mn_table_def_free(t);
    t = make_simple("sales", "a_items");
    CHECK(mn_catalog_create_table(c, t, 0, &err) == 0);
    mn_table_def_free(t);

    /* a view, then replaced */
    t = calloc(1, sizeof *t);
    t->database = strdup("sales");
    t->name = strdup("v_big");
    t->is_view = 1;
    t->view_sql = strdup("SELECT * FROM orders WHERE o_totalprice > 100");
    t->created_at = 1700000000;
    CHECK(mn_catalog_create_table(c, t, 0, &err) == 0);
    free(t->view_sql);
    t->view_sql = strdup("SELECT 1");
    t->created_at = 0;
    CHECK(mn_catalog_replace_table(c, t, &err) == 0);
    mn_table_def_free(t);
    CHECK(mn_catalog_get_table(c, "sales", "v_big", &g, &err) == 0);
    if (g) {
        CHECK(g->is_view == 1);
        CHECK_STR(g->view_sql, "SELECT 1");
        CHECK(g->created_at == 1700000000);
        CHECK(g->ncols == 0 && g->cols == NULL && g->location == NULL);
        mn_table_def_free(g);
    }
    t = make_simple("sales", "fresh_by_replace");
    CHECK(mn_catalog_replace_table(c, t, &err) == 0);
    mn_table_def_free(t);

    CHECK(mn_catalog_list_tables(c, "SALES", &names, &n, &err) == 0);
    CHECK(n == 6);
    if (n == 6) {
        CHECK_STR(names[0], "a_items");
        CHECK_STR(names[1], "b_items");
        CHECK_STR(names[2], "fresh_by_replace");
        CHECK_STR(names[3], "orders");
        CHECK_STR(names[4], "v_big");
        CHECK_STR(names[5], "x'; drop table mn_tables; --");
    }
    mn_catalog_free_names(names, n);
    CHECK(mn_catalog_list_tables(c, "nodb", &names, &n, &err) == -1);
    CHECK(err.code == MN_ERR_SCHEMA_NOT_FOUND);
    CHECK(mn_catalog_list_tables(c, "archive", &names, &n, &err) == 0);
    CHECK(n == 0);
    mn_catalog_free_names(names, n);

    /* statistics */
    int64_t rows;
    CHECK(mn_catalog_get_table_stats(c, "sales", "orders", &rows, &err) == 0);
    CHECK(rows == -1);
    CHECK(mn_catalog_set_table_stats(c, "sales", "Orders", 150000, &err) == 0);
    CHECK(mn_catalog_get_table_stats(c, "sales", "orders", &rows, &err) == 0);
    CHECK(rows == 150000);
    CHECK(mn_catalog_set_table_stats(c, "sales", "nope", 1, &err) == -1);
    CHECK(err.code == MN_ERR_TABLE_NOT_FOUND);

    /* drop table */
    CHECK(mn_catalog_drop_table(c, "sales", "A_ITEMS", 0, &err) == 0);
    CHECK(mn_catalog_drop_table(c, "sales", "a_items", 1, &err) == 1);
    CHECK(mn_catalog_drop_table(c, "sales", "a_items", 0, &err) == -1);
    CHECK(err.code == MN_ERR_TABLE_NOT_FOUND);
    CHECK_STR(err.message, "Table 'sales.a_items' does not exist");
    CHECK(mn_catalog_drop_table(c, "nodb", "a_items", 0, &err) == -1);
    CHECK(err.code == MN_ERR_SCHEMA_NOT_FOUND);
    CHECK(mn_catalog_drop_table(c, "nodb", "a_items", 1, &err) == 1);

    /* drop database */
    CHECK(mn_catalog_drop_database(c, "sales", 0, 0, &err) == -1);
    CHECK(err.code == MN_ERR_SEMANTIC);
    CHECK_STR(err.message, "Schema 'sales' is not empty");
    CHECK(mn_catalog_drop_database(c, "nosuch", 0, 0, &err) == -1);
    CHECK(err.code == MN_ERR_SCHEMA_NOT_FOUND);
    CHECK_STR(err.message, "Schema 'nosuch' does not exist");
    CHECK(mn_catalog_drop_database(c, "nosuch", 1, 0, &err) == 1);
    CHECK(mn_catalog_drop_database(c, "default", 0, 1, &err) == -1);
    CHECK(mn_catalog_drop_database(c, "ARCHIVE", 0, 0, &err) == 0);
    CHECK(mn_catalog_database_exists(c, "archive", &err) == 0);
    mn_catalog_close(c);

    /* persistence */
    c = mn_catalog_open(dbfile, &err);
    CHECK(c != NULL);
    if (!c) return;
    CHECK(mn_catalog_get_table(c, "sales", "orders", &g, &err) == 0);
    if (g) {
        check_orders(g);
        mn_table_def_free(g);
    }
    CHECK(mn_catalog_get_table_stats(c, "sales", "orders", &rows, &err) == 0 && rows == 150000);
    CHECK(mn_catalog_database_exists(c, "archive", &err) == 0);

    /* cascade, then the same names are free again with no leftovers */
    CHECK(mn_catalog_drop_database(c, "sales", 0, 1, &err) == 0);
    CHECK(mn_catalog_database_exists(c, "sales", &err) == 0);
    CHECK(mn_catalog_create_database(c, "sales", NULL, NULL, 0, &err) == 0);
    CHECK(mn_catalog_list_tables(c, "sales", &names, &n, &err) == 0 && n == 0);
    mn_catalog_free_names(names, n);
    t = make_simple("sales", "orders");
    CHECK(mn_catalog_create_table(c, t, 0, &err) == 0);
    mn_table_def_free(t);
    CHECK(mn_catalog_get_table(c, "sales", "orders", &g, &err) == 0);
    if (g) {
        CHECK(g->ncols == 1 && g->npartcols == 0 && g->nserde_props == 0 && g->ntbl_props == 0);
        CHECK(g->cols && g->cols[0].type.id == MN_T_INTEGER);
        mn_table_def_free(g);
    }
    mn_catalog_close(c);

    /* a file that is not a database */
    char bad[600];
    snprintf(bad, sizeof bad, "%s/notadb", root);
    FILE *f = fopen(bad, "wb");
    fputs("this is not a sqlite database, certainly not one with a valid header at all", f);
    fclose(f);
    c = mn_catalog_open(bad, &err);
    CHECK(c == NULL);
    CHECK(err.code == MN_ERR_CATALOG);
    snprintf(bad, sizeof bad, "%s/nodir/catalog.db", root);
    c = mn_catalog_open(bad, &err);
    CHECK(c == NULL);
}

static void test_like(void) {
    CHECK(mn_catalog_like_match("*fl*", "flights_2016"));
    CHECK(mn_catalog_like_match("*flights*", "view_2016_flights_dfw"));
    CHECK(mn_catalog_like_match("*logs", "alb_logs"));
    CHECK(!mn_catalog_like_match("*logs", "alb_logs_x"));
    CHECK(mn_catalog_like_match(".*logs", "elb_logs"));
    CHECK(mn_catalog_like_match("alb*|elb*", "elb_logs"));
    CHECK(!mn_catalog_like_match("alb*|elb*", "cloudfront_logs"));
    CHECK(mn_catalog_like_match("ORD%", "orders"));
    CHECK(mn_catalog_like_match("o_ders", "orders"));
    CHECK(!mn_catalog_like_match("o_ders", "oders"));
    CHECK(mn_catalog_like_match("orders", "ORDERS"));
    CHECK(!mn_catalog_like_match("orders", "orders2"));
    CHECK(mn_catalog_like_match("*", ""));
    CHECK(mn_catalog_like_match("", ""));
    CHECK(!mn_catalog_like_match("", "a"));
    CHECK(mn_catalog_like_match(NULL, "a"));
    CHECK(mn_catalog_like_match("a*b*c", "axxbyyc"));
    CHECK(!mn_catalog_like_match("a*b*c", "axxbyy"));
    CHECK(mn_catalog_like_match("**a", "ba"));
    CHECK(mn_catalog_like_match("x|", ""));
}

typedef struct worker {
    mn_catalog *c;
    int id;
    int fails;
} worker;

static void *work(void *arg) {
    worker *w = arg;
    mn_error err;
    for (int i = 0; i < 40; i++) {
        char name[64];
        snprintf(name, sizeof name, "t_%d_%d", w->id, i);
        mn_table_def *t = make_simple("conc", name);
        if (mn_catalog_create_table(w->c, t, 0, &err) != 0) {
            w->fails++;
            fprintf(stderr, "create %s: %s\n", name, err.message);
        }
        mn_table_def_free(t);
        mn_table_def *g;
        if (mn_catalog_get_table(w->c, "conc", name, &g, &err) != 0) {
            w->fails++;
            fprintf(stderr, "get %s: %s\n", name, err.message);
        }
        mn_table_def_free(g);
        if (i % 4 == 0 && mn_catalog_drop_table(w->c, "conc", name, 0, &err) != 0) w->fails++;
    }
    return NULL;
}

static void test_concurrency(void) {
    mn_error err;
    mn_catalog *c1 = mn_catalog_open(dbfile, &err);
    mn_catalog *c2 = mn_catalog_open(dbfile, &err); /* like a second process */
    CHECK(c1 && c2);
    if (!c1 || !c2) return;
    CHECK(mn_catalog_create_database(c1, "conc", NULL, NULL, 0, &err) == 0);
    enum { NT = 8 };
    pthread_t th[NT];
    worker ws[NT];
    for (int i = 0; i < NT; i++) {
        ws[i].c = i % 2 ? c2 : c1;
        ws[i].id = i;
        ws[i].fails = 0;
        pthread_create(&th[i], NULL, work, &ws[i]);
    }
    int fails = 0;
    for (int i = 0; i < NT; i++) {
        pthread_join(th[i], NULL);
        fails += ws[i].fails;
    }
    CHECK(fails == 0);
    char **names;
    int n;
    CHECK(mn_catalog_list_tables(c2, "conc", &names, &n, &err) == 0);
    CHECK(n == NT * 30);
    mn_catalog_free_names(names, n);
    mn_catalog_close(c1);
    mn_catalog_close(c2);
}

/* A version-1 catalog (before NOT NULL columns and indexes) opens and is upgraded in place;
 * NOT NULL flags and indexes then persist, and indexes go with their table. */
static void test_upgrade_and_indexes(void) {
    char path[600];
    snprintf(path, sizeof path, "%s/v1.db", root);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "CREATE TABLE mn_databases(name TEXT PRIMARY KEY, comment TEXT, location TEXT,"
                       " created_at INTEGER NOT NULL);"
                       "CREATE TABLE mn_tables(db TEXT NOT NULL REFERENCES mn_databases(name) ON DELETE CASCADE,"
                       " name TEXT NOT NULL, external INTEGER NOT NULL, is_view INTEGER NOT NULL, view_sql TEXT,"
                       " location TEXT, stored_as TEXT, serde TEXT, input_format TEXT, output_format TEXT,"
                       " comment TEXT, created_at INTEGER NOT NULL, row_count INTEGER, PRIMARY KEY(db, name));"
                       "CREATE TABLE mn_columns(db TEXT NOT NULL, tbl TEXT NOT NULL, part INTEGER NOT NULL,"
                       " pos INTEGER NOT NULL, name TEXT NOT NULL, type_text TEXT NOT NULL, comment TEXT,"
                       " PRIMARY KEY(db, tbl, part, pos),"
                       " FOREIGN KEY(db, tbl) REFERENCES mn_tables(db, name) ON DELETE CASCADE);"
                       "INSERT INTO mn_databases VALUES('default', NULL, NULL, 1);"
                       "INSERT INTO mn_tables VALUES('default', 'old', 0, 0, NULL, 'file:///x', 'PARQUET', NULL,"
                       " NULL, NULL, NULL, 1, 5);"
                       "INSERT INTO mn_columns VALUES('default', 'old', 0, 0, 'a', 'bigint', NULL);"
                       "PRAGMA user_version = 1;",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    mn_error err;
    mn_catalog *c = mn_catalog_open(path, &err);
    CHECK(c != NULL);
    if (!c) return;
    mn_table_def *t = NULL;
    CHECK(mn_catalog_get_table(c, "default", "old", &t, &err) == 0);
    if (t) CHECK(t->ncols == 1 && t->cols[0].not_null == 0);
    mn_table_def_free(t);

    mn_column_def cols[2] = {{.name = "k", .type_text = "integer", .not_null = 1}, {.name = "v", .type_text = "varchar"}};
    mn_table_def nt = {.database = "default", .name = "Fresh", .ncols = 2, .cols = cols, .location = "file:///y"};
    CHECK(mn_catalog_create_table(c, &nt, 0, &err) == 0);
    CHECK(mn_catalog_create_index(c, "default", "I1", "fresh", "k", 0, &err) == 0);
    CHECK(mn_catalog_create_index(c, "default", "i1", "fresh", "v", 1, &err) == 1);
    CHECK(mn_catalog_create_index(c, "default", "i1", "fresh", "v", 0, &err) == -1 && err.code == MN_ERR_ALREADY_EXISTS);
    CHECK(mn_catalog_create_index(c, "default", "i2", "nope", "v", 0, &err) == -1 &&
          err.code == MN_ERR_TABLE_NOT_FOUND);
    CHECK(mn_catalog_update_table(c, "default", "fresh", "file:///y/.v2", 7, &err) == 0);
    mn_column_stats st[2] = {{.name = "k", .ndv = 5, .null_fraction = 0, .data_size = -1, .low = "1", .high = "9"},
                             {.name = "v", .ndv = -1, .null_fraction = 0.5, .data_size = 12}};
    CHECK(mn_catalog_set_column_stats(c, "default", "fresh", 10, st, 2, &err) == 0);
    CHECK(mn_catalog_set_column_stats(c, "default", "nope", 10, st, 2, &err) == -1 && err.code == MN_ERR_TABLE_NOT_FOUND);
    mn_catalog_close(c);

    c = mn_catalog_open(path, &err);
    CHECK(c != NULL);
    if (!c) return;
    t = NULL;
    CHECK(mn_catalog_get_table(c, "default", "fresh", &t, &err) == 0);
    if (t) {
        CHECK(t->ncols == 2 && t->cols[0].not_null == 1 && t->cols[1].not_null == 0);
        CHECK_STR(t->location, "file:///y/.v2");
    }
    mn_table_def_free(t);
    int64_t rows = 0;
    CHECK(mn_catalog_get_table_stats(c, "default", "fresh", &rows, &err) == 0 && rows == 10);
    mn_column_stats *got = NULL;
    int ngot = 0;
    CHECK(mn_catalog_get_column_stats(c, "default", "fresh", &got, &ngot, &err) == 0 && ngot == 2);
    if (ngot == 2) {
        CHECK_STR(got[0].name, "k");
        CHECK(got[0].ndv == 5 && got[0].null_fraction == 0 && got[0].data_size == -1);
        CHECK_STR(got[0].low, "1");
        CHECK_STR(got[0].high, "9");
        CHECK(got[1].ndv == -1 && got[1].null_fraction == 0.5 && got[1].data_size == 12);
        CHECK(got[1].low == NULL && got[1].high == NULL);
    }
    mn_catalog_free_column_stats(got, ngot);
    CHECK(mn_catalog_drop_index(c, "default", "i1", 0, &err) == 0);
    CHECK(mn_catalog_drop_index(c, "default", "i1", 0, &err) == -1);
    CHECK(mn_catalog_drop_index(c, "default", "i1", 1, &err) == 1);
    CHECK(mn_catalog_create_index(c, "default", "i3", "fresh", "k", 0, &err) == 0);
    CHECK(mn_catalog_drop_table(c, "default", "fresh", 0, &err) == 0);
    CHECK(mn_catalog_drop_index(c, "default", "i3", 0, &err) == -1); /* gone with its table */
    mn_catalog_close(c);
}

int main(void) {
    snprintf(root, sizeof root, "/tmp/mn_cat_XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(dbfile, sizeof dbfile, "%s/catalog.db", root);
    test_basic();
    test_like();
    test_concurrency();
    test_upgrade_and_indexes();
    mn_error err;
    mn_fs_remove_tree(root, &err);
    CHECK_DONE();
}
