/* lambda_fn.h — private helpers for evaluating lambda bodies (lambda_fns.c) shared with the
 * other function files that take a lambda (regexp_replace in regex_fns.c). A run holds one
 * chunk laid out as the body expects — the parameters, then the captured values — and the
 * body's evaluator; callers put parameter values for up to MN_VECTOR_SIZE chunk rows, say
 * which outer row each chunk row belongs to (rowof), and evaluate the body once per batch. */
#ifndef MN_FUNCTION_LAMBDA_FN_H
#define MN_FUNCTION_LAMBDA_FN_H

#include "function/nested_fn.h"

typedef struct mn_lam_run {
    mn_fn_ctx *ctx;
    const mn_lambda *lam;
    mn_vector **caps;                  /* the captured outer vectors (one row per outer row) */
    mn_expr_exec *x;
    mn_chunk c;
    bool oom;                          /* a put could not allocate (reported by mn_lam_eval) */
    size_t psz[MN_LAMBDA_MAX_PARAMS];  /* slot sizes of the parameters */
    uint16_t rowof[MN_VECTOR_SIZE];    /* outer row of every chunk row */
} mn_lam_run;

/* Opens a run of lam whose captures are the vectors caps[0..lam->ncaptures). A failed open
 * leaves r safe to close. */
int mn_lam_open(mn_lam_run *r, mn_fn_ctx *ctx, const mn_lambda *lam, mn_vector **caps);
void mn_lam_close(mn_lam_run *r);
/* Empties the chunk for the next batch. */
int mn_lam_reset(mn_lam_run *r);
/* Parameter k of chunk row `at` = the value at slot (NULL: NULL; strings are referenced). */
void mn_lam_put(mn_lam_run *r, int k, int at, const void *slot);
/* Parameter k of chunk row `at` = element i of b (NULL when b is NULL or i is past its end). */
void mn_lam_put_elem(mn_lam_run *r, int k, int at, const mn_nested_block *b, int i);
/* Evaluates the body over chunk rows [0, n) (captures gathered by rowof); *res is owned by
 * the run and valid until the next reset. */
int mn_lam_eval(mn_lam_run *r, int n, mn_vector **res);

/* The lambdas of a higher-order call (its bind_data): lambda k's captures are the call's
 * arguments [cap_off[k], cap_off[k] + lam[k]->ncaptures). */
typedef struct mn_lam_call {
    int nlam;
    const mn_lambda *lam[2];
    int cap_off[2];
} mn_lam_call;

/* Lists the higher-order functions' signatures (for mn_func_list). */
void mn_fn_lambda_list(mn_func_list_cb cb, void *ud);

/* ---- regex_fns.c ---- */
/* regexp_replace(string, pattern, function(array(varchar), varchar)): the impl (bind_data is
 * the call's mn_lam_call; patterns are compiled per chunk, once per distinct pattern run). */
int mn_fn_regexp_replace_lambda(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out);

#endif
