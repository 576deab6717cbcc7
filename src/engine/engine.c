/* engine.c — the public API: opening a home (catalog + warehouse), sessions, and running
 * one statement: parse, dispatch to the handler for its kind, time it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/error.h"
#include "engine/engine_internal.h"
#include "io/fs.h"

static char *join_path(const char *a, const char *b) {
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", a, b);
    return p;
}

mn_db *mn_db_open(const mn_config *cfg, mn_error *err) {
    mn_error_clear(err);
    const char *home = cfg && cfg->home ? cfg->home : getenv("MINERVA_HOME");
    if (!home || !*home) home = "./minerva-data";
    mn_db *db = calloc(1, sizeof *db);
    if (!db) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    char *abs = realpath(home, NULL);
    if (!abs) {
        if (mn_fs_mkdirs(home, err)) {
            free(db);
            return NULL;
        }
        abs = realpath(home, NULL);
    }
    if (!abs) {
        mn_error_set(err, MN_ERR_IO, "Cannot open home directory '%s'", home);
        free(db);
        return NULL;
    }
    db->home = abs;
    db->warehouse = join_path(abs, "warehouse");
    char *catpath = join_path(abs, "catalog.db");
    if (!db->warehouse || !catpath) {
        free(catpath);
        mn_db_close(db);
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    if (mn_fs_mkdirs(db->warehouse, err)) {
        free(catpath);
        mn_db_close(db);
        return NULL;
    }
    db->catalog = mn_catalog_open(catpath, err);
    free(catpath);
    if (!db->catalog) {
        mn_db_close(db);
        return NULL;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    db->threads = cfg && cfg->threads > 0 ? cfg->threads : (ncpu > 0 ? (int)ncpu : 1);
    if (db->threads > 256) db->threads = 256;
    return db;
}

void mn_db_close(mn_db *db) {
    if (!db) return;
    if (db->catalog) mn_catalog_close(db->catalog);
    free(db->home);
    free(db->warehouse);
    free(db);
}

const char *mn_db_home(const mn_db *db) { return db->home; }
int mn_db_threads(const mn_db *db) { return db->threads; }

mn_session *mn_session_open(mn_db *db, mn_error *err) {
    mn_session *s = calloc(1, sizeof *s);
    if (!s) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    s->db = db;
    strcpy(s->current_db, "default");
    return s;
}

void mn_session_close(mn_session *s) { free(s); }

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int mn_execute(mn_session *s, const char *sql, size_t len, mn_result **out, mn_error *err) {
    *out = NULL;
    mn_error_clear(err);
    double t0 = now_seconds();
    mn_arena arena;
    mn_arena_init(&arena, 0);
    stmt_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.arena = &arena;
    c.err = err;
    c.q.arena = &arena;
    c.q.threads = s->db->threads;
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    c.q.start_micros = (int64_t)rt.tv_sec * 1000000 + rt.tv_nsec / 1000;
    c.q.start_date = (int32_t)(rt.tv_sec / 86400);
    c.q.session = s;
    c.q.db = s->db;
    atomic_init(&c.q.bytes_read, 0);
    atomic_init(&c.q.rows_read, 0);
    atomic_init(&c.q.cancelled, 0);

    int rc = -1;
    mn_ast_stmt *st = mn_parse_statement(&arena, sql, len, err);
    if (!st) goto done;
    switch (st->kind) {
    case MN_STMT_QUERY: rc = exec_query(&c, st->u.query, out); break;
    case MN_STMT_EXPLAIN: rc = exec_explain(&c, st, out); break;
    case MN_STMT_INSERT: rc = exec_insert(&c, st, out); break;
    case MN_STMT_CREATE_TABLE_AS: rc = exec_ctas(&c, st, out); break;
    case MN_STMT_DELETE:
    case MN_STMT_UPDATE: rc = exec_modify(&c, st, out); break;
    case MN_STMT_ANALYZE:
    case MN_STMT_SHOW_STATS: rc = exec_stats(&c, st, out); break;
    case MN_STMT_SHOW_SCHEMAS:
    case MN_STMT_SHOW_TABLES:
    case MN_STMT_SHOW_COLUMNS:
    case MN_STMT_SHOW_CREATE_TABLE:
    case MN_STMT_SHOW_FUNCTIONS: rc = exec_show(&c, st, out); break;
    default: rc = exec_ddl(&c, st, out); break;
    }
done:
    if (rc == 0 && !*out) {
        *out = result_new();
        if (!*out) rc = mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    }
    if (rc == 0) {
        (*out)->elapsed = now_seconds() - t0;
        (*out)->bytes_read = atomic_load(&c.q.bytes_read);
    } else {
        if (*out) mn_result_free(*out);
        *out = NULL;
        if (err->code == MN_OK) mn_error_set(err, MN_ERR_INTERNAL, "statement failed");
    }
    mn_arena_destroy(&arena);
    return rc;
}
