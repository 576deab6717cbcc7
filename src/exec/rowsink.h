/* rowsink.h — the state that sinks materializing their input in a rowstore (sort, window,
 * hash-join and nested-loop-join builds) start with. Per worker: a private store, the
 * evaluators of computed columns and the vectors of the chunk being appended; globally:
 * the combined store and the lock that serializes combining. An operator's own state
 * struct embeds mn_rowsink / mn_rowsink_local as its FIRST member, so that the allocation
 * helpers below can create and free the whole struct. */
#ifndef MN_EXEC_ROWSINK_H
#define MN_EXEC_ROWSINK_H

#include <pthread.h>
#include <stddef.h>

#include "exec/expr.h"
#include "exec/physical.h"
#include "exec/rowstore.h"
#include "minerva.h"

typedef struct mn_rowsink {
    pthread_mutex_t mu;
    mn_rowstore rows;
} mn_rowsink;

typedef struct mn_rowsink_local {
    mn_rowstore rows;
    int nx;
    mn_expr_exec **x;  /* nx evaluators, NULL where no expression was given */
    mn_vector **xv;    /* nx vector slots, e.g. for what x[i] evaluated to */
    mn_vector **cols;  /* one per stored column: the chunk being appended */
} mn_rowsink_local;

/* A zeroed struct of `size` bytes starting with an mn_rowsink whose store has the given
 * layout. NULL with err filled on failure. */
void *mn_rowsink_new(size_t size, int ncols, const mn_type *types, size_t extra, mn_error *err);
/* Destroys the mn_rowsink at the start of g and frees g (the operator's own members must
 * be released first). */
void mn_rowsink_free(void *g);
/* sink_combine of such operators (g, l: their global and local states): moves the rows of
 * the worker's store into the global one, under the lock. */
int mn_rowsink_combine(mn_physop *op, void *g, void *l, mn_error *err);
/* mem_usage of such operators: the bytes of the combined store. */
int64_t mn_rowsink_mem_usage(const mn_physop *op, void *g);

/* A zeroed struct of `size` bytes starting with an mn_rowsink_local: a store of the given
 * layout, ncols column slots, and for i < nx an evaluator of exprs[i] (none when NULL) and
 * a vector slot. NULL with err filled on failure. */
void *mn_rowsink_local_new(size_t size, int ncols, const mn_type *types, size_t extra, mn_expr *const *exprs,
                           int nx, mn_query_ctx *q, mn_error *err);
/* Destroys the mn_rowsink_local at the start of l (also a partly built one) and frees l. */
void mn_rowsink_local_free(void *l);

#endif
