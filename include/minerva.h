/* minerva.h — the public C API of libminerva: open a home, run SQL, read results.
 * The CLI (and later the HTTP service) use only this header, so it is the product
 * boundary. Every call that can fail returns a status and fills an mn_error. */
#ifndef MINERVA_H
#define MINERVA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The error catalogue: one table gives the enum, the stable name (as Trino/Athena
 * spell it) and the category. X(ENUM, "NAME") */
#define MN_ERROR_CODES(X)                                   \
    X(MN_OK, "OK")                                          \
    X(MN_ERR_SYNTAX, "SYNTAX_ERROR")                        \
    X(MN_ERR_SEMANTIC, "SEMANTIC_ERROR")                    \
    X(MN_ERR_TABLE_NOT_FOUND, "TABLE_NOT_FOUND")            \
    X(MN_ERR_COLUMN_NOT_FOUND, "COLUMN_NOT_FOUND")          \
    X(MN_ERR_SCHEMA_NOT_FOUND, "SCHEMA_NOT_FOUND")          \
    X(MN_ERR_ALREADY_EXISTS, "ALREADY_EXISTS")              \
    X(MN_ERR_AMBIGUOUS, "AMBIGUOUS_NAME")                   \
    X(MN_ERR_TYPE_MISMATCH, "TYPE_MISMATCH")                \
    X(MN_ERR_FUNCTION_NOT_FOUND, "FUNCTION_NOT_FOUND")      \
    X(MN_ERR_NOT_SUPPORTED, "NOT_SUPPORTED")                \
    X(MN_ERR_INVALID_CAST, "INVALID_CAST_ARGUMENT")         \
    X(MN_ERR_DIVISION_BY_ZERO, "DIVISION_BY_ZERO")          \
    X(MN_ERR_NUMERIC_OVERFLOW, "NUMERIC_VALUE_OUT_OF_RANGE") \
    X(MN_ERR_INVALID_ARGUMENT, "INVALID_FUNCTION_ARGUMENT") \
    X(MN_ERR_IO, "IO_ERROR")                                \
    X(MN_ERR_CORRUPT, "CORRUPT_DATA")                       \
    X(MN_ERR_CATALOG, "CATALOG_ERROR")                      \
    X(MN_ERR_CONSTRAINT, "CONSTRAINT_VIOLATION")            \
    X(MN_ERR_OUT_OF_MEMORY, "EXCEEDED_MEMORY_LIMIT")        \
    X(MN_ERR_FUNCTION_MEMORY, "EXCEEDED_FUNCTION_MEMORY_LIMIT") \
    X(MN_ERR_INTERNAL, "GENERIC_INTERNAL_ERROR")

typedef enum {
#define MN_X_ENUM(e, name) e,
    MN_ERROR_CODES(MN_X_ENUM)
#undef MN_X_ENUM
    MN_ERR__COUNT
} mn_error_code;

#define MN_ERROR_MESSAGE_MAX 1024

/* One error: a code, a message and, for SQL, a 1-based line:column (0 when none). */
typedef struct mn_error {
    mn_error_code code;
    int line;
    int column;
    char message[MN_ERROR_MESSAGE_MAX];
} mn_error;

/* Stable name of a code, e.g. "SYNTAX_ERROR". */
const char *mn_error_code_name(mn_error_code code);

/* Formats the error as a user sees it: "line 1:8: Column 'x' cannot be resolved"
 * (no position prefix when line is 0). Returns buf. */
const char *mn_error_format(const mn_error *err, char *buf, size_t cap);

typedef struct mn_db mn_db;           /* one open home: catalog + warehouse + worker pool */
typedef struct mn_session mn_session; /* one client: current database, settings */
typedef struct mn_result mn_result;   /* a finished statement's result */

typedef struct mn_config {
    const char *home; /* NULL: env MINERVA_HOME, else ./minerva-data */
    int threads;      /* 0: one per core */
} mn_config;

mn_db *mn_db_open(const mn_config *cfg, mn_error *err);
void mn_db_close(mn_db *db);
const char *mn_db_home(const mn_db *db);
int mn_db_threads(const mn_db *db);

mn_session *mn_session_open(mn_db *db, mn_error *err);
void mn_session_close(mn_session *s);

/* Finds the end of the first statement in sql[0..len): the offset just past its
 * terminating ';' (or len when there is none). Quotes and comments are respected.
 * *complete is 1 when a ';' ended it. *blank is 1 when the statement holds
 * nothing but white space and comments. */
size_t mn_statement_end(const char *sql, size_t len, int *complete, int *blank);

/* Runs one statement (a trailing ';' is allowed). On success returns 0 and sets
 * *out (never NULL on success; free with mn_result_free). On failure returns -1,
 * fills err (SQL positions relative to sql) and sets *out to NULL. */
int mn_execute(mn_session *s, const char *sql, size_t len, mn_result **out, mn_error *err);

/* Results are materialized and rendered as text the way Trino renders values. */
int mn_result_has_rows(const mn_result *r); /* 0 for DDL/statements without a result set */
int mn_result_column_count(const mn_result *r);
const char *mn_result_column_name(const mn_result *r, int col);
const char *mn_result_column_type(const mn_result *r, int col); /* e.g. "decimal(15,2)" */
int64_t mn_result_row_count(const mn_result *r);
/* The value as text, or NULL for SQL NULL. *len (optional) receives its length. */
const char *mn_result_value(const mn_result *r, int64_t row, int col, size_t *len);
/* Type category of a column for output formatting: 'n' numeric, 'b' boolean, 's' other. */
char mn_result_column_kind(const mn_result *r, int col);
int64_t mn_result_bytes_read(const mn_result *r);
double mn_result_elapsed_seconds(const mn_result *r);
/* Rows changed by INSERT/CTAS (-1 when not applicable). */
int64_t mn_result_update_count(const mn_result *r);
void mn_result_free(mn_result *r);

#ifdef __cplusplus
}
#endif
#endif
