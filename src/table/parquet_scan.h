/* parquet_scan.h — the scan source over Parquet files (a table location, one file, or a
 * glob pattern) and schema inference for read_parquet('path'). */
#ifndef MN_TABLE_PARQUET_SCAN_H
#define MN_TABLE_PARQUET_SCAN_H

#include "exec/physical.h"
#include "format/parquet.h"
#include "types/types.h"
#include "types/vector.h"

/* A scan producing columns col_names[0..ncols) typed col_types[..] from the Parquet files at
 * location_or_glob: a directory (every file below it, as mn_fs_list lists them), a single file,
 * or a pattern with * ? [..] in its last path component (glob(3)); file:// URIs are accepted.
 * Every footer is read now: unreadable or invalid files fail here. Columns are matched to the
 * top-level fields of each file by name, ASCII case-insensitively; a column a file lacks reads
 * as NULL. A file type that cannot be converted to the requested type fails with
 * MN_ERR_TYPE_MISMATCH naming column and file (widening integers, integer -> decimal/real/double,
 * decimal -> wider decimal/double, real -> double, date -> timestamp, timestamp precisions,
 * varchar -> varchar(n)/char(n) by truncation, and integer narrowing with a range check are
 * allowed); nested or unsupported columns fail with MN_ERR_NOT_SUPPORTED. Morsels are
 * (file, row group) pairs claimed by workers; only the requested columns are read.
 * Returns NULL with err on failure. The operator owns the open files (freed by free_config). */
mn_physop *mn_op_parquet_scan(mn_arena *a, const char *location_or_glob, int ncols, const char *const *col_names,
                              const mn_type *col_types, mn_error *err);

/* The columns of the first file (in path order) at location_or_glob: its top-level fields,
 * with nested or unreadable ones typed UNKNOWN. On success *names is one malloc'd block (the
 * pointer array followed by the strings: free(*names) frees all) and *types is malloc'd (free
 * it); *ncols is the count. Fails with MN_ERR_IO when nothing matches. */
int mn_parquet_infer_schema(const char *location_or_glob, int *ncols, char ***names, mn_type **types, mn_error *err);


/* Drops the (file, row group) morsels of a Parquet scan where no row can satisfy
 * `column col <op> v`, judging by the column chunk statistics (exact types only: integers,
 * decimals, dates, timestamps; a column a file lacks is NULL there, so nothing matches).
 * The predicate is still evaluated on the rows read: this only skips work. Returns the
 * number of row groups dropped; 0 for other operators. */
int mn_parquet_scan_prune(mn_physop *op, int col, int pred_op, const mn_value *v);

/* Pushes `column col <pred_op> vals[0]` or `column col IN (vals[0..nvals))` (MN_PQ_PRED_IN)
 * down into a Parquet scan: row groups are dropped now by statistics and bloom filters (as
 * mn_parquet_scan_prune), and while the scan runs pages are skipped by the page index, row
 * groups by dictionaries, and the other columns of a batch are decoded only when a row of
 * it can satisfy every pushed predicate. Values must be non-NULL, typed as the column, and
 * live as long as the plan. Only integer, decimal, date, timestamp and unbounded varchar
 * columns are accepted; anything else is ignored. Returns the row groups dropped now. */
int mn_parquet_scan_push(mn_physop *op, int col, int pred_op, int nvals, const mn_value *vals);

#endif
