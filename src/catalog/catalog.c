/* catalog.c — the metastore in SQLite: schema creation, databases, tables/views with their
 * columns and properties in normalized tables (foreign keys cascade deletes). Every public
 * call holds the catalog mutex; writes run in BEGIN IMMEDIATE transactions and all values are
 * bound as parameters. */
#include "catalog/catalog.h"

#include <ctype.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define CATALOG_VERSION 2
#define BUSY_TIMEOUT_MS 10000

struct mn_catalog {
    sqlite3 *db;
    pthread_mutex_t mu;
    char *path;
};

static const char *const schema_sql =
    "CREATE TABLE IF NOT EXISTS mn_databases("
    "  name TEXT PRIMARY KEY, comment TEXT, location TEXT, created_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS mn_tables("
    "  db TEXT NOT NULL REFERENCES mn_databases(name) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, external INTEGER NOT NULL, is_view INTEGER NOT NULL, view_sql TEXT,"
    "  location TEXT, stored_as TEXT, serde TEXT, input_format TEXT, output_format TEXT,"
    "  comment TEXT, created_at INTEGER NOT NULL, row_count INTEGER,"
    "  PRIMARY KEY(db, name));"
    "CREATE TABLE IF NOT EXISTS mn_columns("
    "  db TEXT NOT NULL, tbl TEXT NOT NULL, part INTEGER NOT NULL, pos INTEGER NOT NULL,"
    "  name TEXT NOT NULL, type_text TEXT NOT NULL, comment TEXT, not_null INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(db, tbl, part, pos),"
    "  FOREIGN KEY(db, tbl) REFERENCES mn_tables(db, name) ON DELETE CASCADE);"
    "CREATE TABLE IF NOT EXISTS mn_table_props("
    "  db TEXT NOT NULL, tbl TEXT NOT NULL, kind INTEGER NOT NULL, pos INTEGER NOT NULL,"
    "  key TEXT NOT NULL, value TEXT,"
    "  PRIMARY KEY(db, tbl, kind, pos),"
    "  FOREIGN KEY(db, tbl) REFERENCES mn_tables(db, name) ON DELETE CASCADE);"
    "CREATE TABLE IF NOT EXISTS mn_column_stats("
    "  db TEXT NOT NULL, tbl TEXT NOT NULL, pos INTEGER NOT NULL, name TEXT NOT NULL,"
    "  ndv REAL, null_fraction REAL, data_size REAL, low TEXT, high TEXT,"
    "  PRIMARY KEY(db, tbl, pos),"
    "  FOREIGN KEY(db, tbl) REFERENCES mn_tables(db, name) ON DELETE CASCADE);"
    "CREATE TABLE IF NOT EXISTS mn_indexes("
    "  db TEXT NOT NULL, name TEXT NOT NULL, tbl TEXT NOT NULL, columns TEXT NOT NULL,"
    "  PRIMARY KEY(db, name),"
    "  FOREIGN KEY(db, tbl) REFERENCES mn_tables(db, name) ON DELETE CASCADE);";

/* Version 1 catalogs lack mn_columns.not_null (mn_indexes is created by schema_sql). */
static const char *const upgrade_v1_sql = "ALTER TABLE mn_columns ADD COLUMN not_null INTEGER NOT NULL DEFAULT 0;";

enum { PROP_SERDE = 0, PROP_TABLE = 1 };

/* ---- small helpers ---- */

static int sql_error(mn_catalog *c, mn_error *err, const char *what) {
    return mn_error_set(err, MN_ERR_CATALOG, "Catalog error (%s): %s", what, sqlite3_errmsg(c->db));
}

static int exec(mn_catalog *c, const char *sql, mn_error *err) {
    char *msg = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        mn_error_set(err, MN_ERR_CATALOG, "Catalog error: %s", msg ? msg : sqlite3_errmsg(c->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int begin_write(mn_catalog *c, mn_error *err) { return exec(c, "BEGIN IMMEDIATE", err); }
static int begin_read(mn_catalog *c, mn_error *err) { return exec(c, "BEGIN", err); }
static int commit(mn_catalog *c, mn_error *err) {
    if (exec(c, "COMMIT", err) != 0) {
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}
static void rollback(mn_catalog *c) {
    if (!sqlite3_get_autocommit(c->db)) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

static sqlite3_stmt *prepare(mn_catalog *c, const char *sql, mn_error *err) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sql_error(c, err, "prepare");
        return NULL;
    }
    return st;
}

static int bind_text(sqlite3_stmt *st, int i, const char *s) {
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

/* ASCII lower-case copy; NULL when out of memory or s is NULL. */
static char *lower_dup(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (!d) return NULL;
    for (size_t i = 0; i <= n; i++) d[i] = (char)tolower((unsigned char)s[i]);
    return d;
}

static char *col_dup(sqlite3_stmt *st, int i, int *oom) {
    const unsigned char *s = sqlite3_column_text(st, i);
    if (!s) return NULL;
    char *d = strdup((const char *)s);
    if (!d) *oom = 1;
    return d;
}

static void lock(mn_catalog *c) { pthread_mutex_lock(&c->mu); }
static void unlock(mn_catalog *c) { pthread_mutex_unlock(&c->mu); }

/* 1 exists, 0 not, -1 error. Caller holds the lock. */
static int db_exists(mn_catalog *c, const char *name, mn_error *err) {
    sqlite3_stmt *st = prepare(c, "SELECT 1 FROM mn_databases WHERE name = ?", err);
    if (!st) return -1;
    bind_text(st, 1, name);
    int rc = sqlite3_step(st);
    int res = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : sql_error(c, err, "lookup schema");
    sqlite3_finalize(st);
    return res;
}

static int tbl_exists(mn_catalog *c, const char *db, const char *name, mn_error *err) {
    sqlite3_stmt *st = prepare(c, "SELECT 1 FROM mn_tables WHERE db = ? AND name = ?", err);
    if (!st) return -1;
    bind_text(st, 1, db);
    bind_text(st, 2, name);
    int rc = sqlite3_step(st);
    int res = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : sql_error(c, err, "lookup table");
    sqlite3_finalize(st);
    return res;
}

static int step_done(mn_catalog *c, sqlite3_stmt *st, const char *what, mn_error *err) {
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sql_error(c, err, what);
    return 0;
}

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory in the catalog"); }

/* ---- open / close ---- */

mn_catalog *mn_catalog_open(const char *db_path, mn_error *err) {
    mn_catalog *c = calloc(1, sizeof *c);
    if (!c) {
        oom(err);
        return NULL;
    }
    if (pthread_mutex_init(&c->mu, NULL) != 0) {
        free(c);
        mn_error_set(err, MN_ERR_INTERNAL, "Cannot create the catalog mutex");
        return NULL;
    }
    c->path = strdup(db_path);
    if (!c->path) {
        oom(err);
        goto fail;
    }
    int rc = sqlite3_open_v2(db_path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        mn_error_set(err, MN_ERR_CATALOG, "Cannot open catalog '%s': %s", db_path,
                     c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(c->db, 1);
    if (exec(c, "PRAGMA foreign_keys = ON", err) != 0) goto fail;
    if (exec(c, "PRAGMA journal_mode = WAL", err) != 0) goto fail;
    if (exec(c, "PRAGMA synchronous = NORMAL", err) != 0) goto fail;
    if (begin_write(c, err) != 0) goto fail;
    {
        sqlite3_stmt *st = prepare(c, "PRAGMA user_version", err);
        if (!st) goto fail_tx;
        int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_finalize(st);
        if (version > CATALOG_VERSION) {
            mn_error_set(err, MN_ERR_CATALOG, "Catalog '%s' was written by a newer Minerva (version %d)", db_path,
                         version);
            goto fail_tx;
        }
        if (version == 1 && exec(c, upgrade_v1_sql, err) != 0) goto fail_tx;
        if (exec(c, schema_sql, err) != 0) goto fail_tx;
        if (version < CATALOG_VERSION && exec(c, "PRAGMA user_version = 2", err) != 0) goto fail_tx;
        st = prepare(c, "INSERT OR IGNORE INTO mn_databases(name, comment, location, created_at) "
                        "VALUES('default', 'Default Hive database', NULL, ?)",
                     err);
        if (!st) goto fail_tx;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
        if (step_done(c, st, "create default schema", err) != 0) goto fail_tx;
    }
    if (commit(c, err) != 0) goto fail;
    return c;
fail_tx:
    rollback(c);
fail:
    mn_catalog_close(c);
    return NULL;
}

void mn_catalog_close(mn_catalog *c) {
    if (!c) return;
    if (c->db) sqlite3_close_v2(c->db);
    pthread_mutex_destroy(&c->mu);
    free(c->path);
    free(c);
}

/* ---- databases ---- */

int mn_catalog_create_database(mn_catalog *c, const char *name, const char *comment, const char *location,
                               int if_not_exists, mn_error *err) {
    if (!name || !*name) return mn_error_set(err, MN_ERR_SEMANTIC, "Schema name is empty");
    char *lname = lower_dup(name);
    if (!lname) return oom(err);
    int res = -1;
    lock(c);
    if (begin_write(c, err) != 0) goto out;
    int ex = db_exists(c, lname, err);
    if (ex < 0) goto out_tx;
    if (ex) {
        if (!if_not_exists) {
            mn_error_set(err, MN_ERR_ALREADY_EXISTS, "Schema '%s' already exists", lname);
            goto out_tx;
        }
        res = commit(c, err) == 0 ? 1 : -1;
        goto out;
    }
    sqlite3_stmt *st = prepare(c, "INSERT INTO mn_databases(name, comment, location, created_at) VALUES(?,?,?,?)", err);
    if (!st) goto out_tx;
    bind_text(st, 1, lname);
    bind_text(st, 2, comment);
    bind_text(st, 3, location);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
    if (step_done(c, st, "create schema", err) != 0) goto out_tx;
    res = commit(c, err);
    goto out;
out_tx:
    rollback(c);
out:
    unlock(c);
    free(lname);
    return res;
}

int mn_catalog_drop_database(mn_catalog *c, const char *name, int if_exists, int cascade, mn_error *err) {
    if (!name) return mn_error_set(err, MN_ERR_SEMANTIC, "Schema name is empty");
    char *lname = lower_dup(name);
    if (!lname) return oom(err);
    int res = -1;
    lock(c);
    if (begin_write(c, err) != 0) goto out;
    int ex = db_exists(c, lname, err);
    if (ex < 0) goto out_tx;
    if (!ex) {
        if (!if_exists) {
            mn_error_set(err, MN_ERR_SCHEMA_NOT_FOUND, "Schema '%s' does not exist", lname);
            goto out_tx;
        }
        res = commit(c, err) == 0 ? 1 : -1;
        goto out;
    }
    if (strcmp(lname, "default") == 0) {
        mn_error_set(err, MN_ERR_SEMANTIC, "Cannot drop the default schema");
        goto out_tx;
    }
    sqlite3_stmt *st = prepare(c, "SELECT count(*) FROM mn_tables WHERE db = ?", err);
    if (!st) goto out_tx;
    bind_text(st, 1, lname);
    int64_t ntab = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (ntab < 0) {
        sql_error(c, err, "count tables");
        goto out_tx;
    }
    if (ntab > 0 && !cascade) {
        mn_error_set(err, MN_ERR_SEMANTIC, "Schema '%s' is not empty", lname);
        goto out_tx;
    }
    st = prepare(c, "DELETE FROM mn_databases WHERE name = ?", err);
    if (!st) goto out_tx;
    bind_text(st, 1, lname);
    if (step_done(c, st, "drop schema", err) != 0) goto out_tx;
    res = commit(c, err);
    goto out;
out_tx:
    rollback(c);
out:
    unlock(c);
    free(lname);
    return res;
}

int mn_catalog_database_exists(mn_catalog *c, const char *name, mn_error *err) {
    if (!name) return 0;
    char *lname = lower_dup(name);
    if (!lname) return oom(err);
    lock(c);
    int res = db_exists(c, lname, err);
    unlock(c);
    free(lname);
    return res;
}

int mn_catalog_get_database(mn_catalog *c, const char *name, char **comment, char **location, mn_error *err) {
    if (comment) *comment = NULL;
    if (location) *location = NULL;
    if (!name) return mn_error_set(err, MN_ERR_SEMANTIC, "Schema name is empty");
    char *lname = lower_dup(name);
    if (!lname) return oom(err);
    int res = -1;
    lock(c);
    sqlite3_stmt *st = prepare(c, "SELECT comment, location FROM mn_databases WHERE name = ?", err);
    if (st) {
        bind_text(st, 1, lname);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            int nomem = 0;
            char *cm = col_dup(st, 0, &nomem), *lc = col_dup(st, 1, &nomem);
            if (nomem) {
                free(cm);
                free(lc);
                oom(err);
            } else {
                if (comment) *comment = cm; else free(cm);
                if (location) *location = lc; else free(lc);
                res = 0;
            }
        } else if (rc == SQLITE_DONE) {
            mn_error_set(err, MN_ERR_SCHEMA_NOT_FOUND, "Schema '%s' does not exist", lname);
        } else {
            sql_error(c, err, "get schema");
        }
        sqlite3_finalize(st);
    }
    unlock(c);
    free(lname);
    return res;
}

/* Runs a one-column query (optionally with one text parameter) into a name array. */
static int query_names(mn_catalog *c, const char *sql, const char *param, char ***names, int *n, mn_error *err) {
    *names = NULL;
    *n = 0;
    sqlite3_stmt *st = prepare(c, sql, err);
    if (!st) return -1;
    if (param) bind_text(st, 1, param);
    char **v = NULL;
    int cnt = 0, cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            int ncap = cap ? cap * 2 : 16;
            char **nv = realloc(v, sizeof(char *) * (size_t)ncap);
            if (!nv) goto nomem;
            v = nv;
            cap = ncap;
        }
        const unsigned char *s = sqlite3_column_text(st, 0);
        v[cnt] = strdup(s ? (const char *)s : "");
        if (!v[cnt]) goto nomem;
        cnt++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        mn_catalog_free_names(v, cnt);
        return sql_error(c, err, "list");
    }
    *names = v;
    *n = cnt;
    return 0;
nomem:
    sqlite3_finalize(st);
    mn_catalog_free_names(v, cnt);
    return oom(err);
}

int mn_catalog_list_databases(mn_catalog *c, char ***names, int *n, mn_error *err) {
    lock(c);
    int res = query_names(c, "SELECT name FROM mn_databases ORDER BY name", NULL, names, n, err);
    unlock(c);
    return res;
}

void mn_catalog_free_names(char **names, int n) {
    if (!names) return;
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
}

/* ---- tables ---- */

/* Inserts the table row, columns and properties. Caller holds the lock and a write
 * transaction; db and name are the lower-case keys. */
static int insert_table(mn_catalog *c, const mn_table_def *t, const char *db, const char *name, int64_t created_at,
                        mn_error *err) {
    sqlite3_stmt *st = prepare(c,
                               "INSERT INTO mn_tables(db, name, external, is_view, view_sql, location, stored_as, serde,"
                               " input_format, output_format, comment, created_at, row_count)"
                               " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,NULL)",
                               err);
    if (!st) return -1;
    bind_text(st, 1, db);
    bind_text(st, 2, name);
    sqlite3_bind_int(st, 3, t->external ? 1 : 0);
    sqlite3_bind_int(st, 4, t->is_view ? 1 : 0);
    bind_text(st, 5, t->view_sql);
    bind_text(st, 6, t->location);
    bind_text(st, 7, t->stored_as);
    bind_text(st, 8, t->serde);
    bind_text(st, 9, t->input_format);
    bind_text(st, 10, t->output_format);
    bind_text(st, 11, t->comment);
    sqlite3_bind_int64(st, 12, (sqlite3_int64)created_at);
    if (step_done(c, st, "create table", err) != 0) return -1;

    for (int part = 0; part <= 1; part++) {
        int n = part ? t->npartcols : t->ncols;
        const mn_column_def *cols = part ? t->partcols : t->cols;
        for (int i = 0; i < n; i++) {
            if (!cols[i].name || !cols[i].type_text)
                return mn_error_set(err, MN_ERR_INTERNAL, "Column %d of table '%s.%s' has no name or type", i + 1, db,
                                    name);
            st = prepare(c,
                         "INSERT INTO mn_columns(db, tbl, part, pos, name, type_text, comment, not_null)"
                         " VALUES(?,?,?,?,?,?,?,?)",
                         err);
            if (!st) return -1;
            bind_text(st, 1, db);
            bind_text(st, 2, name);
            sqlite3_bind_int(st, 3, part);
            sqlite3_bind_int(st, 4, i);
            bind_text(st, 5, cols[i].name);
            bind_text(st, 6, cols[i].type_text);
            bind_text(st, 7, cols[i].comment);
            sqlite3_bind_int(st, 8, cols[i].not_null ? 1 : 0);
            if (step_done(c, st, "create column", err) != 0) return -1;
        }
    }
    for (int kind = PROP_SERDE; kind <= PROP_TABLE; kind++) {
        int n = kind == PROP_SERDE ? t->nserde_props : t->ntbl_props;
        const mn_kv *kv = kind == PROP_SERDE ? t->serde_props : t->tbl_props;
        for (int i = 0; i < n; i++) {
            if (!kv[i].key) continue;
            st = prepare(c, "INSERT INTO mn_table_props(db, tbl, kind, pos, key, value) VALUES(?,?,?,?,?,?)", err);
            if (!st) return -1;
            bind_text(st, 1, db);
            bind_text(st, 2, name);
            sqlite3_bind_int(st, 3, kind);
            sqlite3_bind_int(st, 4, i);
            bind_text(st, 5, kv[i].key);
            bind_text(st, 6, kv[i].value);
            if (step_done(c, st, "create property", err) != 0) return -1;
        }
    }
    return 0;
}

static int delete_table(mn_catalog *c, const char *db, const char *name, mn_error *err) {
    sqlite3_stmt *st = prepare(c, "DELETE FROM mn_tables WHERE db = ? AND name = ?", err);
    if (!st) return -1;
    bind_text(st, 1, db);
    bind_text(st, 2, name);
    return step_done(c, st, "drop table", err);
}

/* Shared by create and replace: replace = 1 deletes an existing definition first. */
static int create_or_replace(mn_catalog *c, const mn_table_def *t, int if_not_exists, int replace, mn_error *err) {
    if (!t || !t->database || !t->name || !*t->name)
        return mn_error_set(err, MN_ERR_INTERNAL, "Table definition without database or name");
    if (t->ncols < 0 || t->npartcols < 0 || t->nserde_props < 0 || t->ntbl_props < 0 || (t->ncols && !t->cols) ||
        (t->npartcols && !t->partcols) || (t->nserde_props && !t->serde_props) || (t->ntbl_props && !t->tbl_props))
        return mn_error_set(err, MN_ERR_INTERNAL, "Malformed table definition for '%s'", t->name);
    char *db = lower_dup(t->database), *name = lower_dup(t->name);
    int res = -1;
    if (!db || !name) {
        oom(err);
        free(db);
        free(name);
        return -1;
    }
    lock(c);
    if (begin_write(c, err) != 0) goto out;
    int ex = db_exists(c, db, err);
    if (ex < 0) goto out_tx;
    if (!ex) {
        mn_error_set(err, MN_ERR_SCHEMA_NOT_FOUND, "Schema '%s' does not exist", db);
        goto out_tx;
    }
    int64_t created = t->created_at > 0 ? t->created_at : (int64_t)time(NULL);
    sqlite3_stmt *st = prepare(c, "SELECT created_at FROM mn_tables WHERE db = ? AND name = ?", err);
    if (!st) goto out_tx;
    bind_text(st, 1, db);
    bind_text(st, 2, name);
    int rc = sqlite3_step(st);
    int64_t old_created = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sql_error(c, err, "lookup table");
        goto out_tx;
    }
    if (rc == SQLITE_ROW) {
        if (!replace) {
            if (!if_not_exists) {
                mn_error_set(err, MN_ERR_ALREADY_EXISTS, "Table '%s.%s' already exists", db, name);
                goto out_tx;
            }
            res = commit(c, err) == 0 ? 1 : -1;
            goto out;
        }
        if (delete_table(c, db, name, err) != 0) goto out_tx;
        created = old_created;
    }
    if (insert_table(c, t, db, name, created, err) != 0) goto out_tx;
    res = commit(c, err);
    goto out;
out_tx:
    rollback(c);
out:
    unlock(c);
    free(db);
    free(name);
    return res;
}

int mn_catalog_create_table(mn_catalog *c, const mn_table_def *t, int if_not_exists, mn_error *err) {
    return create_or_replace(c, t, if_not_exists, 0, err);
}

int mn_catalog_replace_table(mn_catalog *c, const mn_table_def *t, mn_error *err) {
    return create_or_replace(c, t, 0, 1, err);
}

static int load_columns(mn_catalog *c, mn_table_def *t, mn_error *err) {
    sqlite3_stmt *st = prepare(c,
                               "SELECT part, name, type_text, comment, not_null FROM mn_columns WHERE db = ? AND tbl = ?"
                               " ORDER BY part, pos",
                               err);
    if (!st) return -1;
    bind_text(st, 1, t->database);
    bind_text(st, 2, t->name);
    int caps[2] = {0, 0}, rc, nomem = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int part = sqlite3_column_int(st, 0) ? 1 : 0;
        int *n = part ? &t->npartcols : &t->ncols;
        mn_column_def **arr = part ? &t->partcols : &t->cols;
        if (*n == caps[part]) {
            int ncap = caps[part] ? caps[part] * 2 : 8;
            mn_column_def *na = realloc(*arr, sizeof **arr * (size_t)ncap);
            if (!na) {
                nomem = 1;
                break;
            }
            *arr = na;
            caps[part] = ncap;
        }
        mn_column_def *col = &(*arr)[*n];
        memset(col, 0, sizeof *col);
        (*n)++;
        col->name = col_dup(st, 1, &nomem);
        col->type_text = col_dup(st, 2, &nomem);
        col->comment = col_dup(st, 3, &nomem);
        col->not_null = sqlite3_column_int(st, 4) != 0;
        if (nomem) break;
        if (!col->name || !col->type_text) {
            sqlite3_finalize(st);
            return mn_error_set(err, MN_ERR_CATALOG, "Catalog entry of '%s.%s' has a column without name or type",
                                t->database, t->name);
        }
        if (mn_type_parse(col->type_text, strlen(col->type_text), &col->type) != 0)
            col->type = mn_type_make(MN_T_UNKNOWN);
    }
    sqlite3_finalize(st);
    if (nomem) return oom(err);
    if (rc != SQLITE_DONE) return sql_error(c, err, "read columns");
    return 0;
}

static int load_props(mn_catalog *c, mn_table_def *t, mn_error *err) {
    sqlite3_stmt *st = prepare(c,
                               "SELECT kind, key, value FROM mn_table_props WHERE db = ? AND tbl = ? ORDER BY kind, pos",
                               err);
    if (!st) return -1;
    bind_text(st, 1, t->database);
    bind_text(st, 2, t->name);
    int caps[2] = {0, 0}, rc, nomem = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int kind = sqlite3_column_int(st, 0) == PROP_SERDE ? PROP_SERDE : PROP_TABLE;
        int *n = kind == PROP_SERDE ? &t->nserde_props : &t->ntbl_props;
        mn_kv **arr = kind == PROP_SERDE ? &t->serde_props : &t->tbl_props;
        if (*n == caps[kind]) {
            int ncap = caps[kind] ? caps[kind] * 2 : 8;
            mn_kv *na = realloc(*arr, sizeof **arr * (size_t)ncap);
            if (!na) {
                nomem = 1;
                break;
            }
            *arr = na;
            caps[kind] = ncap;
        }
        mn_kv *kv = &(*arr)[*n];
        memset(kv, 0, sizeof *kv);
        (*n)++;
        kv->key = col_dup(st, 1, &nomem);
        kv->value = col_dup(st, 2, &nomem);
        if (nomem) break;
    }
    sqlite3_finalize(st);
    if (nomem) return oom(err);
    if (rc != SQLITE_DONE) return sql_error(c, err, "read properties");
    return 0;
}

/* Reads a table; caller holds the lock (and a read transaction). Returns 1 when found,
 * 0 when missing (nothing set in err), -1 on error. */
static int load_table(mn_catalog *c, const char *db, const char *name, mn_table_def **out, int64_t *row_count,
                      mn_error *err) {
    *out = NULL;
    sqlite3_stmt *st = prepare(c,
                               "SELECT external, is_view, view_sql, location, stored_as, serde, input_format,"
                               " output_format, comment, created_at, row_count FROM mn_tables WHERE db = ? AND name = ?",
                               err);
    if (!st) return -1;
    bind_text(st, 1, db);
    bind_text(st, 2, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(st);
        return 0;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sql_error(c, err, "read table");
    }
    mn_table_def *t = calloc(1, sizeof *t);
    if (!t) {
        sqlite3_finalize(st);
        return oom(err);
    }
    int nomem = 0;
    t->database = strdup(db);
    t->name = strdup(name);
    if (!t->database || !t->name) nomem = 1;
    t->external = sqlite3_column_int(st, 0);
    t->is_view = sqlite3_column_int(st, 1);
    t->view_sql = col_dup(st, 2, &nomem);
    t->location = col_dup(st, 3, &nomem);
    t->stored_as = col_dup(st, 4, &nomem);
    t->serde = col_dup(st, 5, &nomem);
    t->input_format = col_dup(st, 6, &nomem);
    t->output_format = col_dup(st, 7, &nomem);
    t->comment = col_dup(st, 8, &nomem);
    t->created_at = sqlite3_column_int64(st, 9);
    if (row_count) *row_count = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 10);
    sqlite3_finalize(st);
    if (nomem) {
        mn_table_def_free(t);
        return oom(err);
    }
    if (load_columns(c, t, err) != 0 || load_props(c, t, err) != 0) {
        mn_table_def_free(t);
        return -1;
    }
    *out = t;
    return 1;
}

int mn_catalog_get_table(mn_catalog *c, const char *db, const char *name, mn_table_def **out, mn_error *err) {
    *out = NULL;
    if (!db || !name) return mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table name is missing");
    char *ldb = lower_dup(db), *lname = lower_dup(name);
    int res = -1;
    if (!ldb || !lname) {
        oom(err);
        goto done;
    }
    lock(c);
    if (begin_read(c, err) == 0) {
        int found = load_table(c, ldb, lname, out, NULL, err);
        if (found == 1) {
            res = 0;
        } else if (found == 0) {
            int ex = db_exists(c, ldb, err);
            if (ex == 0)
                mn_error_set(err, MN_ERR_SCHEMA_NOT_FOUND, "Schema '%s' does not exist", ldb);
            else if (ex == 1)
                mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table '%s.%s' does not exist", ldb, lname);
        }
        rollback(c); /* read-only: ending the transaction either way */
    }
    unlock(c);
done:
    free(ldb);
    free(lname);
    return res;
}

int mn_catalog_table_exists(mn_catalog *c, const char *db, const char *name, mn_error *err) {
    if (!db || !name) return 0;
    char *ldb = lower_dup(db), *lname = lower_dup(name);
    int res = -1;
    if (!ldb || !lname) {
        oom(err);
    } else {
        lock(c);
        res = tbl_exists(c, ldb, lname, err);
        unlock(c);
    }
    free(ldb);
    free(lname);
    return res;
}

int mn_catalog_drop_table(mn_catalog *c, const char *db, const char *name, int if_exists, mn_error *err) {
    if (!db || !name) return mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table name is missing");
    char *ldb = lower_dup(db), *lname = lower_dup(name);
    int res = -1;
    if (!ldb || !lname) {
        oom(err);
        goto done;
    }
    lock(c);
    if (begin_write(c, err) != 0) goto out;
    int ex = tbl_exists(c, ldb, lname, err);
    if (ex < 0) goto out_tx;
    if (!ex) {
        if (if_exists) {
            res = commit(c, err) == 0 ? 1 : -1;
            goto out;
        }
        int dex = db_exists(c, ldb, err);
        if (dex == 0)
            mn_error_set(err, MN_ERR_SCHEMA_NOT_FOUND, "Schema '%s' does not exist", ldb);
        else if (dex == 1)
            mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table '%s.%s' does not exist", ldb, lname);
        goto out_tx;
    }
    if (delete_table(c, ldb, lname, err) != 0) goto out_tx;
    res = commit(c, err);
    goto out;
out_tx:
    rollback(c);
out:
    unlock(c);
done:
    free(ldb);
    free(lname);
    return res;
}

int mn_catalog_list_tables(mn_catalog *c, const char *db, char ***names, int *n, mn_error *err) {
    *names = NULL;
    *n = 0;
    if (!db) return mn_error_set(err, MN_ERR_SCHEMA_NOT_FOUND, "Schema name is missing");
    char *ldb = lower_dup(db);
    if (!ldb) return oom(err);
    int res = -1;
    lock(c);
    if (begin_read(c, err) == 0) {
        int ex = db_exists(c, ldb, err);
        if (ex == 0)
            mn_error_set(err, MN_ERR_SCHEMA_NOT_FOUND, "Schema '%s' does not exist", ldb);
        else if (ex == 1)
            res = query_names(c, "SELECT name FROM mn_tables WHERE db = ? ORDER BY name", ldb, names, n, err);
        rollback(c);
    }
    unlock(c);
    free(ldb);
    return res;
}

int mn_catalog_update_table(mn_catalog *c, const char *db, const char *name, const char *location, int64_t row_count,
                            mn_error *err) {
    if (!db || !name) return mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table name is missing");
    char *ldb = lower_dup(db), *lname = lower_dup(name);
    int res = -1;
    if (!ldb || !lname) {
        oom(err);
        goto done;
    }
    lock(c);
    sqlite3_stmt *st =
        prepare(c, "UPDATE mn_tables SET row_count = ?, location = coalesce(?, location) WHERE db = ? AND name = ?", err);
    if (st) {
        if (row_count < 0)
            sqlite3_bind_null(st, 1);
        else
            sqlite3_bind_int64(st, 1, (sqlite3_int64)row_count);
        bind_text(st, 2, location);
        bind_text(st, 3, ldb);
        bind_text(st, 4, lname);
        if (step_done(c, st, "update table", err) == 0) {
            if (sqlite3_changes(c->db) == 0)
                mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table '%s.%s' does not exist", ldb, lname);
            else
                res = 0;
        }
    }
    unlock(c);
done:
    free(ldb);
    free(lname);
    return res;
}

int mn_catalog_set_table_stats(mn_catalog *c, const char *db, const char *name, int64_t row_count, mn_error *err) {
    return mn_catalog_update_table(c, db, name, NULL, row_count, err);
}

/* ---- indexes ---- */

int mn_catalog_create_index(mn_catalog *c, const char *db, const char *name, const char *table, const char *columns,
                            int if_not_exists, mn_error *err) {
    if (!db || !name || !table || !columns) return mn_error_set(err, MN_ERR_INTERNAL, "Index definition is incomplete");
    char *ldb = lower_dup(db), *lname = lower_dup(name), *ltbl = lower_dup(table);
    int res = -1;
    if (!ldb || !lname || !ltbl) {
        oom(err);
        goto done;
    }
    lock(c);
    if (begin_write(c, err) != 0) goto out;
    int ex = tbl_exists(c, ldb, ltbl, err);
    if (ex < 0) goto out_tx;
    if (!ex) {
        mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table '%s.%s' does not exist", ldb, ltbl);
        goto out_tx;
    }
    sqlite3_stmt *st = prepare(c, "SELECT 1 FROM mn_indexes WHERE db = ? AND name = ?", err);
    if (!st) goto out_tx;
    bind_text(st, 1, ldb);
    bind_text(st, 2, lname);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) {
        if (if_not_exists) {
            res = commit(c, err) == 0 ? 1 : -1;
            goto out;
        }
        mn_error_set(err, MN_ERR_ALREADY_EXISTS, "Index '%s.%s' already exists", ldb, lname);
        goto out_tx;
    }
    if (rc != SQLITE_DONE) {
        sql_error(c, err, "lookup index");
        goto out_tx;
    }
    st = prepare(c, "INSERT INTO mn_indexes(db, name, tbl, columns) VALUES(?,?,?,?)", err);
    if (!st) goto out_tx;
    bind_text(st, 1, ldb);
    bind_text(st, 2, lname);
    bind_text(st, 3, ltbl);
    bind_text(st, 4, columns);
    if (step_done(c, st, "create index", err) != 0) goto out_tx;
    res = commit(c, err);
    goto out;
out_tx:
    rollback(c);
out:
    unlock(c);
done:
    free(ldb);
    free(lname);
    free(ltbl);
    return res;
}

int mn_catalog_drop_index(mn_catalog *c, const char *db, const char *name, int if_exists, mn_error *err) {
    if (!db || !name) return mn_error_set(err, MN_ERR_INTERNAL, "Index name is missing");
    char *ldb = lower_dup(db), *lname = lower_dup(name);
    int res = -1;
    if (!ldb || !lname) {
        oom(err);
        goto done;
    }
    lock(c);
    sqlite3_stmt *st = prepare(c, "DELETE FROM mn_indexes WHERE db = ? AND name = ?", err);
    if (st) {
        bind_text(st, 1, ldb);
        bind_text(st, 2, lname);
        if (step_done(c, st, "drop index", err) == 0) {
            if (sqlite3_changes(c->db) > 0)
                res = 0;
            else if (if_exists)
                res = 1;
            else
                mn_error_set(err, MN_ERR_SEMANTIC, "Index '%s.%s' does not exist", ldb, lname);
        }
    }
    unlock(c);
done:
    free(ldb);
    free(lname);
    return res;
}

int mn_catalog_get_table_stats(mn_catalog *c, const char *db, const char *name, int64_t *row_count, mn_error *err) {
    *row_count = -1;
    if (!db || !name) return mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table name is missing");
    char *ldb = lower_dup(db), *lname = lower_dup(name);
    int res = -1;
    if (!ldb || !lname) {
        oom(err);
        goto done;
    }
    lock(c);
    sqlite3_stmt *st = prepare(c, "SELECT row_count FROM mn_tables WHERE db = ? AND name = ?", err);
    if (st) {
        bind_text(st, 1, ldb);
        bind_text(st, 2, lname);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            if (sqlite3_column_type(st, 0) != SQLITE_NULL) *row_count = sqlite3_column_int64(st, 0);
            res = 0;
        } else if (rc == SQLITE_DONE) {
            mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table '%s.%s' does not exist", ldb, lname);
        } else {
            sql_error(c, err, "get statistics");
        }
        sqlite3_finalize(st);
    }
    unlock(c);
done:
    free(ldb);
    free(lname);
    return res;
}

/* ---- column statistics ---- */

static void bind_stat(sqlite3_stmt *st, int i, double v) {
    if (v < 0)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

static double col_stat(sqlite3_stmt *st, int i) {
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_double(st, i);
}

int mn_catalog_set_column_stats(mn_catalog *c, const char *db, const char *name, int64_t row_count,
                                const mn_column_stats *stats, int n, mn_error *err) {
    if (!db || !name || n < 0 || (n && !stats)) return mn_error_set(err, MN_ERR_INTERNAL, "Bad column statistics");
    char *ldb = lower_dup(db), *lname = lower_dup(name);
    int res = -1;
    if (!ldb || !lname) {
        oom(err);
        goto done;
    }
    lock(c);
    if (begin_write(c, err) != 0) goto out;
    int ex = tbl_exists(c, ldb, lname, err);
    if (ex < 0) goto out_tx;
    if (!ex) {
        mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table '%s.%s' does not exist", ldb, lname);
        goto out_tx;
    }
    sqlite3_stmt *st = prepare(c, "DELETE FROM mn_column_stats WHERE db = ? AND tbl = ?", err);
    if (!st) goto out_tx;
    bind_text(st, 1, ldb);
    bind_text(st, 2, lname);
    if (step_done(c, st, "clear statistics", err) != 0) goto out_tx;
    for (int i = 0; i < n; i++) {
        st = prepare(c,
                     "INSERT INTO mn_column_stats(db, tbl, pos, name, ndv, null_fraction, data_size, low, high)"
                     " VALUES(?,?,?,?,?,?,?,?,?)",
                     err);
        if (!st) goto out_tx;
        bind_text(st, 1, ldb);
        bind_text(st, 2, lname);
        sqlite3_bind_int(st, 3, i);
        bind_text(st, 4, stats[i].name ? stats[i].name : "");
        bind_stat(st, 5, stats[i].ndv);
        bind_stat(st, 6, stats[i].null_fraction);
        bind_stat(st, 7, stats[i].data_size);
        bind_text(st, 8, stats[i].low);
        bind_text(st, 9, stats[i].high);
        if (step_done(c, st, "set column statistics", err) != 0) goto out_tx;
    }
    st = prepare(c, "UPDATE mn_tables SET row_count = ? WHERE db = ? AND name = ?", err);
    if (!st) goto out_tx;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)row_count);
    bind_text(st, 2, ldb);
    bind_text(st, 3, lname);
    if (step_done(c, st, "set statistics", err) != 0) goto out_tx;
    res = commit(c, err);
    goto out;
out_tx:
    rollback(c);
out:
    unlock(c);
done:
    free(ldb);
    free(lname);
    return res;
}

int mn_catalog_get_column_stats(mn_catalog *c, const char *db, const char *name, mn_column_stats **out, int *n,
                                mn_error *err) {
    *out = NULL;
    *n = 0;
    if (!db || !name) return mn_error_set(err, MN_ERR_TABLE_NOT_FOUND, "Table name is missing");
    char *ldb = lower_dup(db), *lname = lower_dup(name);
    int res = -1, cap = 0, nomem = 0;
    mn_column_stats *arr = NULL;
    if (!ldb || !lname) {
        oom(err);
        goto done;
    }
    lock(c);
    sqlite3_stmt *st = prepare(c,
                               "SELECT name, ndv, null_fraction, data_size, low, high FROM mn_column_stats"
                               " WHERE db = ? AND tbl = ? ORDER BY pos",
                               err);
    if (st) {
        bind_text(st, 1, ldb);
        bind_text(st, 2, lname);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (*n == cap) {
                int ncap = cap ? cap * 2 : 8;
                mn_column_stats *na = realloc(arr, sizeof *arr * (size_t)ncap);
                if (!na) {
                    nomem = 1;
                    break;
                }
                arr = na;
                cap = ncap;
            }
            mn_column_stats *cs = &arr[(*n)++];
            memset(cs, 0, sizeof *cs);
            cs->name = col_dup(st, 0, &nomem);
            cs->ndv = col_stat(st, 1);
            cs->null_fraction = col_stat(st, 2);
            cs->data_size = col_stat(st, 3);
            cs->low = col_dup(st, 4, &nomem);
            cs->high = col_dup(st, 5, &nomem);
            if (nomem || !cs->name) {
                nomem = 1;
                break;
            }
        }
        sqlite3_finalize(st);
        if (nomem) oom(err);
        else if (rc != SQLITE_DONE) sql_error(c, err, "get column statistics");
        else res = 0;
    }
    unlock(c);
done:
    if (res == 0) {
        *out = arr;
    } else {
        mn_catalog_free_column_stats(arr, *n);
        *n = 0;
    }
    free(ldb);
    free(lname);
    return res;
}

void mn_catalog_free_column_stats(mn_column_stats *s, int n) {
    if (!s) return;
    for (int i = 0; i < n; i++) {
        free(s[i].name);
        free(s[i].low);
        free(s[i].high);
    }
    free(s);
}

/* ---- table definitions in memory ---- */

static void free_cols(mn_column_def *cols, int n) {
    if (!cols) return;
    for (int i = 0; i < n; i++) {
        free(cols[i].name);
        free(cols[i].type_text);
        free(cols[i].comment);
    }
    free(cols);
}

static void free_kvs(mn_kv *kv, int n) {
    if (!kv) return;
    for (int i = 0; i < n; i++) {
        free(kv[i].key);
        free(kv[i].value);
    }
    free(kv);
}

void mn_table_def_free(mn_table_def *t) {
    if (!t) return;
    free(t->database);
    free(t->name);
    free(t->view_sql);
    free_cols(t->cols, t->ncols);
    free_cols(t->partcols, t->npartcols);
    free(t->location);
    free(t->stored_as);
    free(t->serde);
    free(t->input_format);
    free(t->output_format);
    free(t->comment);
    free_kvs(t->serde_props, t->nserde_props);
    free_kvs(t->tbl_props, t->ntbl_props);
    free(t);
}

/* strdup that tolerates NULL; sets *nomem on failure. */
static char *dup_opt(const char *s, int *nomem) {
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) *nomem = 1;
    return d;
}

static mn_column_def *clone_cols(const mn_column_def *src, int n, int *nomem) {
    if (n <= 0 || !src) return NULL;
    mn_column_def *d = calloc((size_t)n, sizeof *d);
    if (!d) {
        *nomem = 1;
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        d[i].name = dup_opt(src[i].name, nomem);
        d[i].type_text = dup_opt(src[i].type_text, nomem);
        d[i].comment = dup_opt(src[i].comment, nomem);
        d[i].type = src[i].type;
    }
    return d;
}

static mn_kv *clone_kvs(const mn_kv *src, int n, int *nomem) {
    if (n <= 0 || !src) return NULL;
    mn_kv *d = calloc((size_t)n, sizeof *d);
    if (!d) {
        *nomem = 1;
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        d[i].key = dup_opt(src[i].key, nomem);
        d[i].value = dup_opt(src[i].value, nomem);
    }
    return d;
}

mn_table_def *mn_table_def_clone(const mn_table_def *t) {
    if (!t) return NULL;
    mn_table_def *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    int nomem = 0;
    d->database = dup_opt(t->database, &nomem);
    d->name = dup_opt(t->name, &nomem);
    d->external = t->external;
    d->is_view = t->is_view;
    d->view_sql = dup_opt(t->view_sql, &nomem);
    d->cols = clone_cols(t->cols, t->ncols, &nomem);
    d->ncols = d->cols ? t->ncols : 0;
    d->partcols = clone_cols(t->partcols, t->npartcols, &nomem);
    d->npartcols = d->partcols ? t->npartcols : 0;
    d->location = dup_opt(t->location, &nomem);
    d->stored_as = dup_opt(t->stored_as, &nomem);
    d->serde = dup_opt(t->serde, &nomem);
    d->input_format = dup_opt(t->input_format, &nomem);
    d->output_format = dup_opt(t->output_format, &nomem);
    d->comment = dup_opt(t->comment, &nomem);
    d->serde_props = clone_kvs(t->serde_props, t->nserde_props, &nomem);
    d->nserde_props = d->serde_props ? t->nserde_props : 0;
    d->tbl_props = clone_kvs(t->tbl_props, t->ntbl_props, &nomem);
    d->ntbl_props = d->tbl_props ? t->ntbl_props : 0;
    d->created_at = t->created_at;
    if (nomem) {
        mn_table_def_free(d);
        return NULL;
    }
    return d;
}

static const char *find_prop(const mn_kv *kv, int n, const char *key) {
    if (!key) return NULL;
    for (int i = 0; i < n; i++)
        if (kv[i].key && strcasecmp(kv[i].key, key) == 0) return kv[i].value;
    return NULL;
}

const char *mn_table_def_tbl_prop(const mn_table_def *t, const char *key) {
    return find_prop(t->tbl_props, t->ntbl_props, key);
}

const char *mn_table_def_serde_prop(const mn_table_def *t, const char *key) {
    return find_prop(t->serde_props, t->nserde_props, key);
}

/* ---- SHOW TABLES patterns ---- */

static int lc(int ch) { return tolower((unsigned char)ch); }

/* Matches name against pattern p[0..pn) (one alternative), with backtracking over the last
 * "any run" wildcard (the classic linear-time glob algorithm). */
static int glob_match(const char *p, size_t pn, const char *s) {
    size_t pi = 0, si = 0, sn = strlen(s);
    size_t star_p = (size_t)-1, star_s = 0;
    while (si < sn) {
        if (pi < pn) {
            char pc = p[pi];
            if (pc == '*' || pc == '%') {
                star_p = ++pi;
                star_s = si;
                continue;
            }
            if (pc == '.' && pi + 1 < pn && p[pi + 1] == '*') {
                pi += 2;
                star_p = pi;
                star_s = si;
                continue;
            }
            if (pc == '_' || pc == '.' || lc(pc) == lc(s[si])) {
                pi++;
                si++;
                continue;
            }
        }
        if (star_p != (size_t)-1) {
            pi = star_p;
            si = ++star_s;
            continue;
        }
        return 0;
    }
    while (pi < pn) {
        if (p[pi] == '*' || p[pi] == '%')
            pi++;
        else if (p[pi] == '.' && pi + 1 < pn && p[pi + 1] == '*')
            pi += 2;
        else
            break;
    }
    return pi == pn;
}

int mn_catalog_like_match(const char *pattern, const char *name) {
    if (!pattern) return 1;
    if (!name) return 0;
    const char *p = pattern;
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (glob_match(p, n, name)) return 1;
        if (!bar) return 0;
        p = bar + 1;
    }
}
