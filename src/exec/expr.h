/* expr.h — bound expressions (what the binder produces from the AST) and their vectorized
 * evaluation over chunks. Bound means: every node has its result type and every function
 * call its concrete implementation for the argument types, so nothing dispatches on type
 * per row. Nodes live in the query arena; evaluation state (scratch vectors) is per thread. */
#ifndef MN_EXEC_EXPR_H
#define MN_EXEC_EXPR_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "minerva.h"
#include "sql/ast.h"
#include "types/vector.h"

typedef struct mn_expr mn_expr;
typedef struct mn_query_ctx mn_query_ctx;

/* What a scalar implementation gets besides its arguments. */
typedef struct mn_fn_ctx {
    mn_error *err;        /* fill with mn_error_set*; return -1 */
    const mn_expr *expr;  /* the call: result type, position, bind_data */
    void *bind_data;      /* == expr->bind_data */
    mn_query_ctx *query;  /* query-wide facts (start time, session); may be NULL in unit tests */
} mn_fn_ctx;

/* Computes out[0..count) from args (each FLAT or CONSTANT with `count` logical rows).
 * `out` is prepared (flat, no nulls, empty heap) with the call's result type; the impl may
 * instead make it CONSTANT (mn_vector_prepare_const) when every argument is constant.
 * Rows where an argument is NULL must not raise errors (their slots hold garbage).
 * Returns 0, or -1 with ctx->err filled (e.g. DIVISION_BY_ZERO). */
typedef int (*mn_scalar_impl)(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out);

typedef enum {
    MN_EXPR_COLUMN,     /* column: index into the input chunk */
    MN_EXPR_CONST,      /* value */
    MN_EXPR_CALL,       /* impl(args) */
    MN_EXPR_AND,        /* args[0..n): three-valued AND, short-circuit per row */
    MN_EXPR_OR,         /* args[0..n): three-valued OR */
    MN_EXPR_NOT,        /* args[0] */
    MN_EXPR_IS_NULL,    /* args[0]; negated = IS NOT NULL */
    MN_EXPR_CASE,       /* args: when0, then0, when1, then1, ..., [else]; nargs odd = has else */
    MN_EXPR_COALESCE,   /* args[0..n) */
    MN_EXPR_IN,         /* args[0] IN (args[1..n)); negated = NOT IN; three-valued */
    MN_EXPR_TRY,        /* args[0]; an error in a row gives NULL for that row (TRY, TRY_CAST) */
} mn_expr_kind;

struct mn_expr {
    mn_expr_kind kind;
    mn_type type;
    mn_pos pos;           /* where it was written (for runtime error messages) */
    int column;           /* COLUMN */
    mn_value value;       /* CONST */
    const char *name;     /* CALL: function name as shown in EXPLAIN and errors */
    mn_scalar_impl impl;  /* CALL */
    void *bind_data;      /* CALL: per-call data made at bind time (compiled pattern, cast info) */
    bool negated;         /* IS_NULL, IN */
    bool volatile_;       /* CALL: not deterministic (random, now): never constant-folded */
    int nargs;
    mn_expr **args;
    /* CALL of a higher-order function: its lambda bodies, each over its own layout (the
     * lambda's parameters, then its captured values, which are arguments of the call).
     * Compared by mn_expr_equal and rendered, never remapped; immutable once bound. */
    int nbodies;
    mn_expr **bodies;
};

/* Constructors (arena-allocated; NULL on out of memory). */
mn_expr *mn_expr_column(mn_arena *a, int column, mn_type type);
mn_expr *mn_expr_const(mn_arena *a, const mn_value *v); /* strings copied into the arena */
mn_expr *mn_expr_new(mn_arena *a, mn_expr_kind kind, mn_type type, int nargs);
mn_expr *mn_expr_copy(mn_arena *a, const mn_expr *e);  /* deep copy */
bool mn_expr_is_const(const mn_expr *e);
/* Structural equality (same columns, same functions, same constants). */
bool mn_expr_equal(const mn_expr *a, const mn_expr *b);
/* Text for EXPLAIN, e.g. "(#3 + 1)". */
struct mn_strbuf;
void mn_expr_render(const mn_expr *e, struct mn_strbuf *out);

/* Per-thread evaluator for a fixed list of expressions over chunks of one layout. */
typedef struct mn_expr_exec mn_expr_exec;
mn_expr_exec *mn_expr_exec_new(mn_expr *const *exprs, int n, mn_query_ctx *q, mn_error *err);
void mn_expr_exec_free(mn_expr_exec *x);
/* Evaluates expression i over in[0..in->count); *result points to a vector owned by the
 * evaluator (or referencing an input column), valid until the next call on x. */
int mn_expr_exec_eval(mn_expr_exec *x, int i, mn_chunk *in, mn_vector **result, mn_error *err);
/* Evaluates predicate i and writes the rows where it is TRUE into sel (ascending);
 * *nsel receives their number. */
int mn_expr_exec_select(mn_expr_exec *x, int i, mn_chunk *in, uint16_t *sel, int *nsel, mn_error *err);

/* Evaluates a constant expression (no columns) to a value allocated in arena. */
int mn_expr_eval_const(const mn_expr *e, mn_arena *arena, mn_query_ctx *q, mn_value *out, mn_error *err);

#endif
