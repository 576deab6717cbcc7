/* physical.h — physical operators and the push-based pipeline contract.
 *
 * A physical plan is a tree of mn_physop. The executor cuts it into pipelines at sinks:
 * a pipeline is one source, a chain of streaming operators and one sink. Each pipeline is
 * run by up to `threads` workers; each worker has its own local states and pushes chunks
 * from the source through the operators into the sink, then combines its local sink state
 * into the global one; after all workers finish, the sink is finalized. A pipeline starts
 * only when the pipelines it depends on (e.g. a hash-join build) have finished.
 *
 * Roles of an operator (its vtable says which it has):
 *  - source: produces chunks (table scan; or an aggregate/sort emitting its finished state)
 *  - streaming: chunk -> chunk (filter, projection, hash-join probe, limit)
 *  - sink: consumes chunks (aggregate, sort, hash-join build, result collector)
 * Hash join: children[0] is the probe side (the join streams in the probe pipeline),
 * children[1] the build side (the join is the sink of the build pipeline).
 * Aggregate/sort/top-N: sink of the pipeline over children[0], source of the next one.
 * Union all: each child feeds the rest of the parent pipeline (same sink). */
#ifndef MN_EXEC_PHYSICAL_H
#define MN_EXEC_PHYSICAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "exec/expr.h"
#include "minerva.h"
#include "types/vector.h"

typedef struct mn_physop mn_physop;

/* Query-wide context shared by all workers. */
struct mn_query_ctx {
    mn_arena *arena;               /* plan memory (read-only while running) */
    int threads;                   /* worker count */
    int64_t start_micros;          /* statement start, UTC (current_timestamp) */
    int32_t start_date;            /* current_date */
    atomic_int_fast64_t bytes_read;
    atomic_int_fast64_t rows_read;
    atomic_int cancelled;          /* set on error or when a LIMIT is satisfied globally */
    void *session;                 /* mn_session (opaque here) */
    void *db;                      /* mn_db (opaque here) */
};

typedef enum {
    MN_OP_NEED_INPUT = 0, /* done with this input chunk (out may hold rows) */
    MN_OP_HAVE_MORE = 1,  /* out holds rows; call again with the same input */
    MN_OP_FINISHED = 2,   /* no more input wanted (LIMIT reached); out may hold rows */
} mn_op_status;

typedef struct mn_op_vtable {
    const char *name; /* for EXPLAIN */

    /* source role */
    void *(*source_global)(mn_physop *op, mn_query_ctx *q, mn_error *err);
    void *(*source_local)(mn_physop *op, void *gstate, mn_query_ctx *q, mn_error *err);
    /* Fills out (already reset) with the next chunk; out->count == 0 means this worker is done. */
    int (*source_next)(mn_physop *op, void *gstate, void *lstate, mn_chunk *out, mn_error *err);
    void (*source_free_local)(mn_physop *op, void *lstate);
    void (*source_free_global)(mn_physop *op, void *gstate);

    /* streaming role */
    void *(*op_local)(mn_physop *op, mn_query_ctx *q, mn_error *err);
    /* in: the input chunk; out: reset by the caller before each call. Sets *status. */
    int (*op_execute)(mn_physop *op, void *lstate, mn_chunk *in, mn_chunk *out, mn_op_status *status,
                      mn_error *err);
    void (*op_free_local)(mn_physop *op, void *lstate);

    /* sink role */
    void *(*sink_global)(mn_physop *op, mn_query_ctx *q, mn_error *err);
    void *(*sink_local)(mn_physop *op, void *gstate, mn_query_ctx *q, mn_error *err);
    /* May return MN_OP_FINISHED in *status when it wants no more input (e.g. result limit). */
    int (*sink)(mn_physop *op, void *gstate, void *lstate, mn_chunk *in, mn_op_status *status, mn_error *err);
    /* Merges a worker's local state into the global one. Called once per worker, serialized
     * by the executor (never concurrently for one operator). Frees nothing: free_local follows. */
    int (*sink_combine)(mn_physop *op, void *gstate, void *lstate, mn_error *err);
    /* After every worker combined: build hash tables, sort, etc. */
    int (*sink_finalize)(mn_physop *op, void *gstate, mn_error *err);
    void (*sink_free_local)(mn_physop *op, void *lstate);
    void (*sink_free_global)(mn_physop *op, void *gstate);

    /* EXPLAIN details, appended after the name (may be NULL). */
    void (*explain)(const mn_physop *op, struct mn_strbuf *out);
    /* EXPLAIN ANALYZE: run-time details appended after the row counts (may be NULL). */
    void (*explain_analyze)(const mn_physop *op, struct mn_strbuf *out);
    /* Frees op->config contents not in the arena (may be NULL). */
    void (*free_config)(mn_physop *op);
    /* Bytes the finalized global sink state holds (rows, hash tables, aggregate states);
     * sampled for EXPLAIN ANALYZE once the sink is finalized (may be NULL). */
    int64_t (*mem_usage)(const mn_physop *op, void *gstate);
} mn_op_vtable;

struct mn_physop {
    const mn_op_vtable *vt;
    int nchildren;
    mn_physop *children[2];   /* more children (union all) via extra_children */
    int nextra;
    mn_physop **extra_children;
    int ncols;                /* output layout */
    mn_type *types;
    const char **names;       /* output column names (for results/EXPLAIN); may be NULL */
    void *config;             /* operator-specific plan data (arena) */
    bool single_threaded_source; /* emit from one worker only (ordered output) */
    double estimated_rows;

    /* set by the executor while running */
    void *sink_gstate;        /* global sink state (hash-join probe and agg/sort sources read it) */
    void *source_gstate;
    atomic_int_fast64_t rows_out;  /* EXPLAIN ANALYZE */
    atomic_int_fast64_t micros;    /* time in this operator's own calls, summed over workers */
    atomic_int_fast64_t mem_bytes; /* vt->mem_usage after the sink finalized */
};

/* Allocates an operator in the arena with ncols output columns (types copied). */
mn_physop *mn_physop_new(mn_arena *a, const mn_op_vtable *vt, int ncols, const mn_type *types);
/* The global sink state op's source or probe side reads; when op's input pipeline never
 * ran (no state yet), a new empty one made by sink_global and sink_finalize. NULL with err
 * filled on failure. */
void *mn_physop_sink_state(mn_physop *op, mn_query_ctx *q, mn_error *err);

#endif
