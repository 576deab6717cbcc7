/* join_common.h — the probe side hash join (hash_join.c) and nested-loop join (nl_join.c)
 * share. Per input chunk a join first expands (probe row, build row) pairs in batches of at
 * most MN_VECTOR_SIZE, filters them with the join condition and emits the passing pairs
 * (phase 1), then emits probe rows by match state (phase 2: unmatched rows for LEFT, FULL
 * and ANTI, NULL-padded for LEFT and FULL; matched rows for SEMI). The joined layout is
 * the probe columns, then the build columns (stored columns 0..bn of the build store). */
#ifndef MN_EXEC_JOIN_COMMON_H
#define MN_EXEC_JOIN_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/expr.h"
#include "exec/operators.h"
#include "exec/rowstore.h"
#include "minerva.h"
#include "types/vector.h"

/* Per-worker probe state. For each input chunk the operator clears matched (or fills it,
 * going straight to phase 2), sets phase and active, then calls mn_join_step until active
 * is false. Its batch function fills probe/build and calls mn_join_pairs_run. */
typedef struct mn_join_pairs {
    const mn_rowstore *rs;           /* the build rows */
    int pn, bn;                      /* probe / build columns */
    bool emit_pairs;                 /* INNER/LEFT/RIGHT/FULL: passing pairs are output */
    bool by_match;                   /* LEFT/FULL/ANTI/SEMI: phase 2 runs */
    uint8_t want;                    /* phase 2 emits rows whose matched flag is want */
    mn_expr_exec *cond_x;            /* the condition over the joined layout, NULL: none */
    mn_chunk cand;                   /* the batch in the joined layout (with a condition) */
    bool cand_ready;
    bool active;                     /* in the middle of an input chunk */
    int phase;                       /* 1: pairs, 2: probe rows by match state */
    uint16_t probe[MN_VECTOR_SIZE];  /* pair i: row probe[i] of the input chunk ... */
    uint8_t *build[MN_VECTOR_SIZE];  /* ... and build row build[i] */
    uint8_t matched[MN_VECTOR_SIZE]; /* per input row: some pair of it passed */
    uint16_t sel[MN_VECTOR_SIZE];
} mn_join_pairs;

/* p must be zeroed. cond (may point to NULL) is bound against the joined layout, whose
 * pn + bn types are joined_types. On failure p must still be destroyed. */
int mn_join_pairs_init(mn_join_pairs *p, const mn_rowstore *rs, int pn, int bn, mn_join_kind kind,
                       mn_expr *const *cond, const mn_type *joined_types, mn_query_ctx *q, mn_error *err);
void mn_join_pairs_destroy(mn_join_pairs *p);

/* Filters the batch's np pairs of the input chunk `in` by the condition and marks the
 * input rows of passing pairs in matched; *pass gets the passing pairs' indexes (NULL when
 * all np pass) and *npass their number. With emit_pairs the passing pairs go to out
 * (joined layout, out->count set; out is left alone when none passes). */
int mn_join_pairs_run(mn_join_pairs *p, mn_chunk *in, int np, mn_chunk *out, const uint16_t **pass, int *npass,
                      mn_error *err);

/* An operator's phase-1 batch: expands the next pairs of the current chunk and runs them
 * (mn_join_pairs_run); *more tells whether pairs remain. */
typedef int (*mn_join_batch_fn)(mn_physop *op, void *lstate, mn_chunk *in, mn_chunk *out, bool *more,
                                mn_error *err);

/* One op_execute call on the current chunk (p->active): phase-1 batches until one yields
 * rows or the pairs run out, then phase 2; sets *status (MN_OP_HAVE_MORE while the chunk
 * has more to give) and clears p->active when the chunk is done or on error. */
int mn_join_step(mn_join_pairs *p, mn_join_batch_fn batch, mn_physop *op, void *lstate, mn_chunk *in,
                 mn_chunk *out, mn_op_status *status, mn_error *err);

/* Makes v (initialized with its type) a constant NULL. */
int mn_join_null_column(mn_vector *v, mn_error *err);

#endif
