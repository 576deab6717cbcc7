/* catalog.h — the metastore: databases (schemas), tables and views with their columns,
 * storage description and properties, kept in SQLite (<home>/catalog.db, WAL mode).
 * One mn_catalog may be shared by threads (a mutex guards the connection); several processes
 * may open the same file (writes take an IMMEDIATE transaction; busy waits up to 10 s).
 * Database and table names are case-insensitive: they are stored and looked up lower-case
 * (ASCII). Column names, property keys and values are stored exactly as given. */
#ifndef MN_CATALOG_CATALOG_H
#define MN_CATALOG_CATALOG_H

#include <stdint.h>

#include "common/error.h"
#include "types/types.h"

typedef struct mn_kv {
    char *key;
    char *value;
} mn_kv;

typedef struct mn_column_def {
    char *name;
    char *type_text; /* as written in DDL, e.g. "decimal(15,2)", "string" */
    mn_type type;    /* mn_type_parse(type_text) when read back; MN_T_UNKNOWN if that fails
                        (e.g. array<...>): the engine reports it when the column is used */
    char *comment;   /* may be NULL */
    int not_null;    /* NOT NULL (or PRIMARY KEY): writes reject NULLs in this column */
} mn_column_def;

/* Every char * may be NULL unless noted; all memory is owned by the def (malloc'd) and freed
 * by mn_table_def_free. */
typedef struct mn_table_def {
    char *database, *name; /* required; stored lower-case */
    int external;          /* 1 EXTERNAL, 0 managed */
    int is_view;           /* views: view_sql holds the query text */
    char *view_sql;
    int ncols;
    mn_column_def *cols;
    int npartcols;
    mn_column_def *partcols;
    char *location;        /* URI */
    char *stored_as;       /* "TEXTFILE", "PARQUET", ... */
    char *serde;           /* serde class name */
    char *input_format, *output_format;
    char *comment;
    int nserde_props;
    mn_kv *serde_props;    /* in the order given */
    int ntbl_props;
    mn_kv *tbl_props;      /* in the order given */
    int64_t created_at;    /* unix seconds; 0 on create means "now" */
} mn_table_def;

typedef struct mn_catalog mn_catalog;

/* Opens (creating if needed) the catalog file; sets WAL mode, creates the schema when new
 * and makes sure the 'default' database exists. NULL with err (MN_ERR_CATALOG) on failure. */
mn_catalog *mn_catalog_open(const char *db_path, mn_error *err);
void mn_catalog_close(mn_catalog *c);

/* Returns 0 when created, 1 when it existed and if_not_exists was given.
 * Exists otherwise -> MN_ERR_ALREADY_EXISTS "Schema 'x' already exists". */
int mn_catalog_create_database(mn_catalog *c, const char *name, const char *comment, const char *location,
                               int if_not_exists, mn_error *err);
/* Returns 0 when dropped, 1 when missing and if_exists. Missing -> MN_ERR_SCHEMA_NOT_FOUND
 * "Schema 'x' does not exist"; holding tables without cascade -> MN_ERR_SEMANTIC
 * "Schema 'x' is not empty"; 'default' -> MN_ERR_SEMANTIC "Cannot drop the default schema".
 * cascade removes the catalog entries of the tables only: the caller deletes managed data
 * first (list the tables, get each, mn_fs_remove_tree its location when !external). */
int mn_catalog_drop_database(mn_catalog *c, const char *name, int if_exists, int cascade, mn_error *err);
/* 1 exists, 0 not, -1 on error. */
int mn_catalog_database_exists(mn_catalog *c, const char *name, mn_error *err);
/* Comment and location of a database (either out pointer may be NULL; values may come back
 * NULL; caller frees). Missing -> MN_ERR_SCHEMA_NOT_FOUND. */
int mn_catalog_get_database(mn_catalog *c, const char *name, char **comment, char **location, mn_error *err);
/* Sorted names; free with mn_catalog_free_names. */
int mn_catalog_list_databases(mn_catalog *c, char ***names, int *n, mn_error *err);

/* Returns 0 when created, 1 when it existed and if_not_exists. Missing database ->
 * MN_ERR_SCHEMA_NOT_FOUND "Schema 'x' does not exist"; existing table or view ->
 * MN_ERR_ALREADY_EXISTS "Table 'db.t' already exists". Column types are not checked here. */
int mn_catalog_create_table(mn_catalog *c, const mn_table_def *t, int if_not_exists, mn_error *err);
/* Creates the table or replaces an existing one with the same database/name in one
 * transaction (CREATE OR REPLACE VIEW, ALTER TABLE ... that rewrite the definition). The
 * original created_at is kept when replacing; statistics are dropped. */
int mn_catalog_replace_table(mn_catalog *c, const mn_table_def *t, mn_error *err);
/* *out receives a new def (free with mn_table_def_free). Missing table ->
 * MN_ERR_TABLE_NOT_FOUND "Table 'db.t' does not exist"; missing database ->
 * MN_ERR_SCHEMA_NOT_FOUND "Schema 'db' does not exist". Returns -1 and *out = NULL then. */
int mn_catalog_get_table(mn_catalog *c, const char *db, const char *name, mn_table_def **out, mn_error *err);
/* 1 exists, 0 not (also when the database is missing), -1 on error. */
int mn_catalog_table_exists(mn_catalog *c, const char *db, const char *name, mn_error *err);
/* Returns 0 when dropped, 1 when missing and if_exists. Missing -> MN_ERR_TABLE_NOT_FOUND
 * (or MN_ERR_SCHEMA_NOT_FOUND when the database is missing). Catalog entry only: managed data
 * is the caller's to remove. Drops views too (the caller checks is_view for DROP TABLE vs
 * DROP VIEW). */
int mn_catalog_drop_table(mn_catalog *c, const char *db, const char *name, int if_exists, mn_error *err);
/* Sorted names of the tables and views of db. Missing db -> MN_ERR_SCHEMA_NOT_FOUND. */
int mn_catalog_list_tables(mn_catalog *c, const char *db, char ***names, int *n, mn_error *err);
void mn_catalog_free_names(char **names, int n);

/* Deep copy; NULL when out of memory. */
mn_table_def *mn_table_def_clone(const mn_table_def *t);
/* Frees every member and t itself. NULL is fine. */
void mn_table_def_free(mn_table_def *t);
/* Value of a property (NULL when absent); keys compare case-insensitively. */
const char *mn_table_def_tbl_prop(const mn_table_def *t, const char *key);
const char *mn_table_def_serde_prop(const mn_table_def *t, const char *key);

/* Optional statistics for the optimizer. Missing table -> MN_ERR_TABLE_NOT_FOUND.
 * get: *row_count = -1 when unknown. */
/* Sets a table's row count (-1: unknown) and, when location is not NULL, its location
 * (UPDATE/DELETE switch a managed table to a rewritten copy of its data this way). */
int mn_catalog_update_table(mn_catalog *c, const char *db, const char *name, const char *location, int64_t row_count,
                            mn_error *err);
int mn_catalog_set_table_stats(mn_catalog *c, const char *db, const char *name, int64_t row_count, mn_error *err);
int mn_catalog_get_table_stats(mn_catalog *c, const char *db, const char *name, int64_t *row_count, mn_error *err);

/* SHOW TABLES / SHOW DATABASES patterns, matched case-insensitively against the whole name:
 * '|' separates alternatives; '*', '%' and ".*" match any run of characters; '_' and a lone
 * '.' match one character; everything else is literal. A NULL pattern matches everything.
 * Returns 1 on match, 0 otherwise. */
/* Column statistics gathered by ANALYZE (-1 or NULL: unknown). */
typedef struct mn_column_stats {
    char *name;
    double ndv;           /* distinct non-NULL values */
    double null_fraction; /* NULL rows / rows */
    double data_size;     /* bytes of variable-length values */
    char *low, *high;     /* min/max as text (orderable scalar types only) */
} mn_column_stats;

/* Replaces a table's column statistics (in column order) and sets its row count, in one
 * transaction. */
int mn_catalog_set_column_stats(mn_catalog *c, const char *db, const char *name, int64_t row_count,
                                const mn_column_stats *stats, int n, mn_error *err);
/* The statistics last set (n = 0 when never analyzed); free with mn_catalog_free_column_stats. */
int mn_catalog_get_column_stats(mn_catalog *c, const char *db, const char *name, mn_column_stats **out, int *n,
                                mn_error *err);
void mn_catalog_free_column_stats(mn_column_stats *s, int n);

/* Indexes (CREATE INDEX, kept for scripts written for other engines; they do not change
 * storage or plans). Dropped with their table. create: 0 made, 1 existed (if_not_exists),
 * -1 error (TABLE_NOT_FOUND, ALREADY_EXISTS). drop: 0 dropped, 1 absent (if_exists), -1
 * error. */
int mn_catalog_create_index(mn_catalog *c, const char *db, const char *name, const char *table, const char *columns,
                            int if_not_exists, mn_error *err);
int mn_catalog_drop_index(mn_catalog *c, const char *db, const char *name, int if_exists, mn_error *err);

int mn_catalog_like_match(const char *pattern, const char *name);

#endif
