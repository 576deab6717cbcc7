/* executor.h — runs a physical plan: cuts it into pipelines at sinks, runs each pipeline
 * on `q->threads` workers once the pipelines it depends on are done, and delivers the
 * root's chunks to a callback (serialized; in order when the root emits in order). */
#ifndef MN_EXEC_EXECUTOR_H
#define MN_EXEC_EXECUTOR_H

#include "exec/physical.h"

/* Receives every output chunk of the plan's root. Calls are serialized. Return -1 (with
 * err) to fail the query, or 1 to stop early without error (enough rows). */
typedef int (*mn_chunk_cb)(void *ud, mn_chunk *chunk, mn_error *err);

int mn_execute_plan(mn_physop *root, mn_query_ctx *q, mn_chunk_cb cb, void *ud, mn_error *err);

/* Renders the plan tree as text (EXPLAIN); with analyze, rows and time per operator. */
struct mn_strbuf;
void mn_explain_plan(const mn_physop *root, bool analyze, struct mn_strbuf *out);

/* Operator roles, for the pipeline builder and EXPLAIN. */
bool mn_physop_is_union(const mn_physop *op);

#endif
