/* planner.h — turns a parsed query into a physical plan: name resolution and type checking
 * (binding), predicate pushdown, join ordering, projection pruning, aggregation, sorting. */
#ifndef MN_PLAN_PLANNER_H
#define MN_PLAN_PLANNER_H

#include "catalog/catalog.h"
#include "exec/physical.h"
#include "sql/ast.h"

typedef struct mn_plan_ctx {
    mn_arena *arena;          /* plan memory (the query's) */
    mn_catalog *catalog;
    const char *current_db;   /* USE'd database */
    mn_query_ctx *q;
    mn_error *err;
    int depth;                /* nesting of subqueries (guards recursion) */
    /* tables whose definitions were loaded for this plan (freed with the plan) */
    int ntables;
    mn_table_def **tables;
    int nops;                 /* scans made (their configs need freeing) */
    mn_physop **ops;
} mn_plan_ctx;

typedef struct mn_planned_query {
    mn_physop *root;
    int ncols;
    const char **names;
    mn_type *types;
} mn_planned_query;

int mn_plan_query(mn_plan_ctx *ctx, const mn_ast_query *q, mn_planned_query *out);

/* Binds a standalone constant expression (INSERT … VALUES rows, literals in DDL). */
int mn_plan_const_expr(mn_plan_ctx *ctx, const mn_ast_expr *e, mn_expr **out);

/* Frees what the planning loaded outside the arena (table definitions, scan file lists). */
void mn_plan_ctx_cleanup(mn_plan_ctx *ctx);

#endif
