/* function.h — the built-in function registry: binding a name and argument expressions
 * to a concrete implementation (Trino overload resolution with implicit coercions), casts,
 * and the aggregate-function interface used by the aggregate operators.
 * The registry is static tables, read-only after start-up. */
#ifndef MN_FUNCTION_FUNCTION_H
#define MN_FUNCTION_FUNCTION_H

#include <stdbool.h>

#include "common/arena.h"
#include "exec/expr.h"
#include "minerva.h"

/* ---------- scalar functions and operators ---------- */

/* Binds a call. Operators use these names: "+", "-", "*", "/", "%", "=", "<>", "<", "<=",
 * ">", ">=", "||", "negate", "like" (2 args, or 3 with ESCAPE), "is_distinct_from".
 * Arguments are bound expressions (their types decide the overload); implicit coercions
 * are inserted as cast calls around them. On success *out is a MN_EXPR_CALL (or a folded
 * constant is NOT produced here — folding is the optimizer's job).
 * Errors: MN_ERR_FUNCTION_NOT_FOUND "Function 'foo' not registered" for unknown names;
 * MN_ERR_TYPE_MISMATCH "Unexpected parameters (varchar, integer) for function substr.
 * Expected: substr(varchar, bigint), ..." when no overload fits; all at `pos`. */
int mn_func_bind_scalar(mn_arena *arena, const char *name, mn_expr **args, int nargs, mn_pos pos,
                        mn_expr **out, mn_error *err);

/* Binds CAST(arg AS target) / TRY_CAST. Errors for impossible casts: MN_ERR_TYPE_MISMATCH
 * "Cannot cast integer to date". A cast to the same type returns arg itself. */
int mn_func_bind_cast(mn_arena *arena, mn_expr *arg, mn_type target, bool is_try, mn_pos pos,
                      mn_expr **out, mn_error *err);

/* Implicit coercion helper: wraps e in a cast to `target` when its type differs. */
int mn_func_coerce(mn_arena *arena, mn_expr *e, mn_type target, mn_expr **out, mn_error *err);

/* Nested values. ARRAY[e...] (elements coerced to their common super type; n may be 0):
 * "All ARRAY elements must be the same type: integer, varchar(1)". ROW(f...) (anonymous
 * fields). base[index]: arrays (1-based, errors as Trino), maps (by key) and rows (a
 * constant 1-based index). Row field access by name (name != NULL) or 1-based index. */
int mn_func_bind_array(mn_arena *arena, mn_expr **elems, int n, mn_pos pos, mn_expr **out, mn_error *err);
int mn_func_bind_row(mn_arena *arena, mn_expr **fields, int n, mn_pos pos, mn_expr **out, mn_error *err);
int mn_func_bind_subscript(mn_arena *arena, mn_expr *base, mn_expr *index, mn_pos pos, mn_expr **out,
                           mn_error *err);
int mn_func_bind_field(mn_arena *arena, mn_expr *row, const char *name, int index, mn_pos pos, mn_expr **out,
                       mn_error *err);

bool mn_func_exists(const char *name);       /* scalar or aggregate */

/* ---------- higher-order functions (lambda_fns.c) ---------- */

#define MN_LAMBDA_MAX_PARAMS 3

/* A bound lambda. Its body reads a chunk whose columns [0, nparams) are the parameters and
 * [nparams, nparams + ncaptures) the captured values: captures[k] is an expression over
 * the enclosing query (a column or a placeholder) that the call evaluates per row and
 * replicates for every element. */
typedef struct mn_lambda {
    int nparams;
    mn_type params[MN_LAMBDA_MAX_PARAMS];
    mn_expr *body;
    int ncaptures;
    mn_expr **captures;
} mn_lambda;

/* How the function layer asks the binder for lambda argument k, bound with the given
 * parameter types (the binder checks that argument k is a lambda of nparams parameters). */
typedef int (*mn_lambda_bind_fn)(void *ud, int k, const mn_type *params, int nparams, mn_lambda **out,
                                 mn_error *err);

/* Whether name is a higher-order function (transform, filter, reduce, ...); for
 * regexp_replace only its lambda form is. */
bool mn_func_is_higher_order(const char *name);
/* Binds a higher-order call: args[k] is the bound argument k, NULL where the call has a
 * lambda (bound on demand through bind, once the other arguments fix its parameter types).
 * The result is a CALL whose arguments are the value arguments followed by every lambda's
 * captures, with the lambda bodies in bodies. Errors as mn_func_bind_scalar, plus
 * "Expected a lambda that takes N argument(s) but got M" (from the binder). */
int mn_func_bind_higher_order(mn_arena *arena, const char *name, mn_expr **args, int nargs, mn_lambda_bind_fn bind,
                              void *ud, mn_pos pos, mn_expr **out, mn_error *err);
bool mn_func_is_aggregate(const char *name);

/* ---------- aggregate functions ---------- */

typedef struct mn_agg_call mn_agg_call;

/* Where a state may allocate: an arena living as long as the states (thread-local during
 * build, the global one after combine). */
typedef struct mn_agg_ctx {
    mn_arena *arena;
    mn_error *err;
    mn_query_ctx *query;
} mn_agg_ctx;

typedef struct mn_agg_fn {
    const char *name;
    size_t state_size; /* fixed bytes per group state (16-byte aligned by the caller) */
    void (*init)(const mn_agg_call *call, void *state);
    /* Folds rows 0..count) into states[i] (one state pointer per row; several rows may share
     * a state). args are the evaluated argument vectors (nargs of the call; count(*) has 0). */
    int (*update)(const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states);
    /* dst += src (merging thread-local partial states). */
    int (*combine)(const mn_agg_call *call, mn_agg_ctx *ctx, void *dst, const void *src);
    /* Writes the result into out row `row` (out is prepared, of the call's result type). */
    int (*finalize)(const mn_agg_call *call, mn_agg_ctx *ctx, void *state, mn_vector *out, int row);
    /* Frees what the state holds outside the arena; NULL when nothing. */
    void (*destroy)(const mn_agg_call *call, void *state);
} mn_agg_fn;

struct mn_agg_call {
    const mn_agg_fn *fn;
    const char *name;
    mn_type type;        /* result type */
    int nargs;
    mn_expr **args;      /* argument expressions over the aggregate's input */
    mn_type *arg_types;  /* types after coercion */
    bool distinct;       /* already handled by fn when set (the binder wraps it) */
    mn_expr *filter;     /* FILTER (WHERE …), NULL when none */
    void *bind_data;
    mn_pos pos;
};

/* Binds an aggregate call: count(*) is name "count" with nargs 0 and star = true.
 * With distinct, the returned call's fn de-duplicates its input per group. */
int mn_func_bind_aggregate(mn_arena *arena, const char *name, mn_expr **args, int nargs, bool distinct,
                           bool star, mn_pos pos, mn_agg_call **out, mn_error *err);

/* Adds ORDER BY keys to a bound aggregate call (array_agg(x ORDER BY y DESC), listagg …
 * WITHIN GROUP): the call then buffers its input per group and feeds it sorted (and, when
 * DISTINCT, without repeated argument tuples) to the function. keys are bound expressions
 * over the aggregate's input; they become extra trailing call->args. Errors: a DISTINCT
 * call with a key that is not one of its arguments (Trino's rule). */
int mn_func_agg_order_by(mn_arena *arena, mn_agg_call *call, mn_expr **keys, int nkeys, const bool *desc,
                         const bool *nulls_first, mn_pos pos, mn_error *err);

/* For docs/functions.md and SHOW FUNCTIONS: calls cb for every signature. */
typedef void (*mn_func_list_cb)(void *ud, const char *name, const char *signature, const char *kind,
                                const char *description);
void mn_func_list(mn_func_list_cb cb, void *ud);

#endif
