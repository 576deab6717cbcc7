/* operators.h — constructors of the physical operators. Each returns an arena-allocated
 * mn_physop (NULL with err filled on failure). Expressions given to an operator are bound
 * against that operator's input layout (column i = input column i). */
#ifndef MN_EXEC_OPERATORS_H
#define MN_EXEC_OPERATORS_H

#include "exec/physical.h"
#include "function/function.h"

/* ---- streaming ---- */
/* Keeps rows where pred is TRUE. Output layout = input layout. */
mn_physop *mn_op_filter(mn_arena *a, mn_physop *child, mn_expr *pred, mn_error *err);
/* Output column i = exprs[i]. */
mn_physop *mn_op_project(mn_arena *a, mn_physop *child, mn_expr **exprs, int n, mn_error *err);
/* Skips `offset` rows then passes `limit` rows (limit < 0: no limit). */
mn_physop *mn_op_limit(mn_arena *a, mn_physop *child, int64_t limit, int64_t offset, mn_error *err);

/* Emits each row as many times as its last column (a BIGINT count) says, without that column. */
mn_physop *mn_op_replicate(mn_arena *a, mn_physop *child, mn_error *err);
/* Appends a BIGINT column numbering rows uniquely (not densely) across workers. */
mn_physop *mn_op_row_id(mn_arena *a, mn_physop *child, mn_error *err);

/* GROUPING SETS: each row once per set (bit k of sets[s]: key k in set s); output = input
 * columns, the keys (NULL outside the set), then the set index (BIGINT). */
mn_physop *mn_op_group_id(mn_arena *a, mn_physop *child, mn_expr **keys, int nkeys, const uint64_t *sets, int nsets,
                          mn_error *err);

/* FETCH FIRST n ROWS WITH TIES after an ordered source: n rows, then the rows whose key
 * columns equal those of the n-th. */
mn_physop *mn_op_limit_ties(mn_arena *a, mn_physop *child, int64_t limit, const int *keys, int nkeys, mn_error *err);

/* UNNEST: each input row once per element of the longest of the nested values exprs[k]
 * (over the input layout), shorter ones padded with NULLs; a NULL value counts as empty.
 * Output = the input columns, then per expression its element columns (ARRAY(T): one;
 * ARRAY(ROW(...)): one per field; MAP(K,V): key and value), then the 1-based ordinality
 * (BIGINT) when with_ordinality. left_outer: a row whose values are all empty still gives
 * one row, with NULL elements (LEFT JOIN UNNEST ... ON TRUE). */
mn_physop *mn_op_unnest(mn_arena *a, mn_physop *child, mn_expr **exprs, int n, bool with_ordinality, bool left_outer,
                        mn_error *err);
/* Element columns UNNEST makes of a value of type t (0: t cannot be unnested). */
int mn_unnest_width(mn_type t);

/* ---- sources ---- */
/* Rows given as constant expressions: rows[r][c]. */
mn_physop *mn_op_values(mn_arena *a, int ncols, const mn_type *types, int nrows, mn_expr ***rows, mn_error *err);
/* Union all of n children with one layout (each child feeds the parent's pipeline). */
mn_physop *mn_op_union_all(mn_arena *a, mn_physop **children, int n, mn_error *err);

/* ---- sinks that become sources ---- */
/* Hash aggregation: groups by keys; output = keys (in order) then one column per aggregate.
 * nkeys == 0: a single global group (one output row even over empty input). */
mn_physop *mn_op_hash_agg(mn_arena *a, mn_physop *child, mn_expr **keys, int nkeys, mn_agg_call **aggs, int naggs,
                          mn_error *err);

typedef struct mn_sort_key {
    mn_expr *expr;
    bool descending;
    bool nulls_first;
} mn_sort_key;
/* Full sort (limit < 0), or top-N when limit >= 0 (keeps offset+limit rows, then skips
 * offset). Output layout = input layout; emitted in order from one worker. */
mn_physop *mn_op_sort(mn_arena *a, mn_physop *child, const mn_sort_key *keys, int nkeys, int64_t limit,
                      int64_t offset, mn_error *err);

typedef enum {
    MN_JOINK_INNER,
    MN_JOINK_LEFT,  /* probe rows without match padded with NULLs */
    MN_JOINK_RIGHT, /* build rows without match padded with NULLs (emitted after the probe) */
    MN_JOINK_FULL,
    MN_JOINK_SEMI,  /* probe rows with a match, probe columns only */
    MN_JOINK_ANTI,  /* probe rows without a match, probe columns only */
} mn_join_kind;

/* Equi hash join. probe_keys are over the probe input, build_keys over the build input
 * (pairwise same types). NULL keys never match. residual (may be NULL) is a predicate over
 * the joined layout (probe columns, then build columns) that a pair must also satisfy.
 * Output = probe columns then build columns (SEMI/ANTI: probe columns only). */
mn_physop *mn_op_hash_join(mn_arena *a, mn_physop *probe, mn_physop *build, mn_join_kind kind, mn_expr **probe_keys,
                           mn_expr **build_keys, int nkeys, mn_expr *residual, mn_error *err);
/* Nested-loop join for conditions without equalities (cross join when cond is NULL).
 * Output = left columns then right columns; kinds INNER and LEFT (others later). */
mn_physop *mn_op_nested_loop_join(mn_arena *a, mn_physop *left, mn_physop *right, mn_join_kind kind, mn_expr *cond,
                                  mn_error *err);

/* RIGHT/FULL hash join: after the probe pipeline has finished (every probe row joined,
 * matched build rows marked), emits the build rows that matched nothing, padded with NULL
 * probe columns, in the join's output layout. out must be reset (mn_chunk_reset) before
 * each call; *cursor starts at 0 and is advanced by the call; out->count == 0 means done.
 * Call it from one worker. For other kinds it emits nothing. Strings in out reference the
 * join's build state (valid until its sink state is freed). */
int mn_hash_join_emit_unmatched(mn_physop *op, mn_chunk *out, int64_t *cursor, mn_error *err);

/* ---- window functions ---- */
typedef enum { MN_WIN_ROW_NUMBER, MN_WIN_RANK, MN_WIN_DENSE_RANK, MN_WIN_PERCENT_RANK, MN_WIN_CUME_DIST, MN_WIN_NTILE,
               MN_WIN_LAG, MN_WIN_LEAD, MN_WIN_FIRST_VALUE, MN_WIN_LAST_VALUE, MN_WIN_NTH_VALUE, MN_WIN_AGGREGATE } mn_window_kind;
typedef struct mn_window_call {
    mn_window_kind kind;
    mn_type type;                /* result type */
    int nargs; mn_expr **args;   /* over the operator's input layout: value (lag/lead/first/last/nth), offset, default; ntile(n) */
    mn_agg_call *agg;            /* MN_WIN_AGGREGATE: aggregate whose args are over the input layout */
    bool ignore_nulls;           /* lag/lead/first_value/last_value/nth_value IGNORE NULLS */
    int npartition; mn_expr **partition;
    int norder; mn_sort_key *order;
    bool has_frame;              /* false: default frame (RANGE UNBOUNDED PRECEDING..CURRENT ROW with ORDER BY, whole partition without) */
    mn_frame_unit frame_unit;    /* from sql/ast.h: ROWS, RANGE, GROUPS */
    mn_frame_bound_kind start_kind, end_kind;
    mn_expr *start_offset, *end_offset; /* constant expressions (or NULL) for PRECEDING/FOLLOWING */
} mn_window_call;
/* Window functions. Output = the input columns, then one column per call. Rows come out
 * grouped by partition (order otherwise unspecified). */
mn_physop *mn_op_window(mn_arena *a, mn_physop *child, mn_window_call **calls, int ncalls, mn_error *err);

#endif
