/* table.h — scan sources for catalog tables. exec/ reads table data only through the
 * physical operators made here. */
#ifndef MN_TABLE_TABLE_H
#define MN_TABLE_TABLE_H

#include "catalog/catalog.h"
#include "exec/physical.h"
#include "format/text.h"

/* A scan of a delimited-text table (TEXTFILE / OpenCSVSerde) producing the table columns
 * proj[0..nproj) in that order. Lists the table's files now: a missing location fails here. */
mn_physop *mn_op_text_scan(mn_arena *a, const mn_table_def *t, const int *proj, int nproj, mn_error *err);

/* The text format (delimiters, quoting, header lines, null format) a table's SerDe and
 * properties describe. fmt->null_format points into t. */
int mn_table_text_format(const mn_table_def *t, mn_text_format *fmt);

/* Infers a table definition for read_csv('path'): delimiter, header and column types from
 * a sample of the first file. The definition and its strings live in arena a. */
int mn_csv_infer(mn_arena *a, const char *location, mn_table_def **out, mn_error *err);

/* Whether a table's SerDe reads JSON (org.openx.data.jsonserde.JsonSerDe,
 * org.apache.hive.hcatalog.data.JsonSerDe). */
bool mn_table_is_json(const mn_table_def *t);

/* A scan of JSON data files (newline-delimited objects or a top-level array of objects)
 * producing the table columns proj[0..nproj) in that order; the location may be a glob.
 * Columns may have any type, nested ones included. Lists the files now. */
mn_physop *mn_op_json_scan(mn_arena *a, const mn_table_def *t, const int *proj, int nproj, mn_error *err);

/* The table definition of read_json('path or glob' [, 'name type, ...']): the columns given
 * (types as in DDL, nested ones included; MN_ERR_INVALID_ARGUMENT when malformed), else
 * inferred from a sample of the records (keys -> columns, values -> types; see json_infer.c).
 * Lives in arena a. */
int mn_json_infer(mn_arena *a, const char *location, const char *columns, mn_table_def **out, mn_error *err);

#endif
