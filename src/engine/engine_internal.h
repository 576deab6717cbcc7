/* engine_internal.h — the objects behind the public handles and the statement handlers. */
#ifndef MN_ENGINE_INTERNAL_H
#define MN_ENGINE_INTERNAL_H

#include "catalog/catalog.h"
#include "common/arena.h"
#include "exec/physical.h"
#include "minerva.h"
#include "plan/planner.h"
#include "sql/ast.h"

struct mn_db {
    char *home;
    char *warehouse; /* <home>/warehouse */
    int threads;
    mn_catalog *catalog;
};

struct mn_session {
    mn_db *db;
    char current_db[256];
};

struct mn_result {
    int has_rows;
    int ncols;
    char **names;
    char **types;
    char *kinds;
    int64_t nrows, cap;
    const char **cells; /* nrows * ncols; NULL = SQL NULL */
    uint32_t *lens;
    mn_arena arena;     /* names, types and cell text */
    int64_t bytes_read;
    double elapsed;
    int64_t update_count;
};

/* Statement context handed to handlers. */
typedef struct stmt_ctx {
    mn_session *s;
    mn_arena *arena;
    mn_error *err;
    mn_query_ctx q;
} stmt_ctx;

/* result.c */
mn_result *result_new(void);
int result_set_columns(mn_result *r, int ncols, const char *const *names, const mn_type *types, mn_error *err);
/* Appends the rows of a chunk, rendering values as text. */
int result_append_chunk(mn_result *r, const mn_chunk *c, mn_error *err);
/* Appends one row of text cells (NULL = SQL NULL). */
int result_append_row(mn_result *r, const char *const *cells, mn_error *err);
/* A one-column varchar result. */
mn_result *result_text_column(const char *name, mn_error *err);

/* ddl.c */
int exec_ddl(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out);
int exec_show(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out);
/* Default location of a managed table. Caller frees. */
char *managed_location(mn_db *db, const char *dbname, const char *table);

/* dml.c */
int exec_query(stmt_ctx *c, const mn_ast_query *q, mn_result **out);
int exec_explain(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out);
int exec_insert(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out);
int exec_ctas(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out);
/* shared with modify.c */
void dml_plan_ctx_init(stmt_ctx *c, mn_plan_ctx *p);
/* db and name (256 bytes each) of a table name, lower-case, the session's schema by default */
void dml_split_name(stmt_ctx *c, const mn_qname *qn, char *db, char *name);
/* dml_split_name, then the catalog definition (*t, free with mn_table_def_free); errors
 * point at the name. */
int dml_get_table(stmt_ctx *c, const mn_qname *qn, char *db, char *name, mn_table_def **t);
/* Coerces a planned query's columns to a table's column types; target[k] is the query
 * column feeding table column k (-1: NULL), NULL for column k itself. */
int dml_coerce_to_table(stmt_ctx *c, mn_planned_query *pq, const mn_table_def *t, const int *target, mn_pos pos);
/* Runs the query and writes its rows as one new file under t->location (a temp file
 * renamed into place when complete; none at all when there are no rows). NOT NULL
 * columns are checked. */
int dml_write_rows(stmt_ctx *c, const mn_table_def *t, mn_planned_query *pq, int64_t *rows);
mn_result *dml_update_result(int64_t rows, mn_error *err);
/* modify.c: DELETE and UPDATE */
int exec_modify(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out);
/* stats.c: ANALYZE and SHOW STATS FOR */
int exec_stats(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out);

#endif
