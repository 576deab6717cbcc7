/* psort.h — the sort of stored rows shared by ORDER BY (sort.c) and window functions
 * (window.c): a stable merge sort of row pointers by sort keys over one rowstore, on
 * several threads when there are many rows. */
#ifndef MN_EXEC_PSORT_H
#define MN_EXEC_PSORT_H

#include <stdint.h>

#include "exec/rowstore.h"
#include "minerva.h"

/* Writes rows[0..n), row pointers of rs, ordered by keys[0..nkeys) (mn_rowstore_cmp_rows
 * order; equal rows keep their input order) to out[0..n); out may be rows. Uses up to
 * `threads` threads when n is large. Returns -1 (out of memory, out untouched) or 0. */
int mn_psort_rows(const mn_rowstore *rs, const mn_rs_sort_key *keys, int nkeys, uint8_t *const *rows, uint8_t **out,
                  int64_t n, int threads, mn_error *err);

#endif
