/* plan_internal.h — shared structures of the binder and the planner.
 *
 * Binding resolves names against a scope of columns, each with a query-unique id; bound
 * expressions refer to columns by id (MN_EXPR_COLUMN.column = id) until the physical plan
 * is known, then they are remapped to the positions of an operator's output layout. */
#ifndef MN_PLAN_INTERNAL_H
#define MN_PLAN_INTERNAL_H

#include "exec/operators.h"
#include "function/function.h"
#include "plan/planner.h"

/* Placeholder for an aggregate call inside a bound select/having/order expression:
 * kind MN_EXPR_CALL with impl == NULL and name == AGG_REF_NAME; column = index into the
 * collected aggregates. Rewritten before execution. */
#define AGG_REF_NAME "$agg"
/* grouping(a, b, …) inside a grouped query: a placeholder with the bound arguments. */
#define GROUPING_NAME "$grouping"

typedef struct scope_col {
    const char *qual; /* relation alias or table name (lower case), NULL when none */
    const char *db;   /* database of a base table, NULL otherwise */
    const char *name; /* lower-case column name */
    mn_type type;
    int id;
} scope_col;

typedef struct scope {
    int n, cap;
    scope_col *cols;
} scope;

/* Placeholder for a subquery inside a bound expression: kind MN_EXPR_CALL, impl NULL,
 * name SUBQ_REF_NAME, column = index into the select block's subquery list. */
#define SUBQ_REF_NAME "$subq"

typedef enum { SQ_SCALAR, SQ_EXISTS, SQ_IN, SQ_QUANTIFIED } subq_kind;

typedef struct subq_rec {
    subq_kind kind;
    const mn_ast_expr *ast;   /* the subquery expression */
    const mn_ast_query *query;
    mn_expr *operand;         /* IN / quantified: bound operand over the outer scope */
    mn_ast_op op;             /* quantified comparison */
    bool all;                 /* quantified ALL */
    mn_type type;             /* result type */
    int result_id;            /* id of the column holding the result, once applied */
    bool applied;             /* attached to the plan (or turned into a semi/anti join) */
    void *bound;              /* the bound subquery (subquery.c) */
} subq_rec;

typedef struct subq_list {
    int n, cap;
    subq_rec *recs;
    scope *scope;             /* the block's FROM scope (outer scope of the subqueries) */
} subq_list;

typedef struct agg_list {
    int n, cap;
    mn_agg_call **calls;
    const mn_ast_expr **asts; /* for de-duplication by structure */
} agg_list;

/* A FROM-clause node before physical planning. */
typedef enum { F_BASE, F_PLANNED, F_JOIN, F_UNNEST } fnode_kind;

typedef struct fnode fnode;
struct fnode {
    fnode_kind kind;
    int first_id, ncols;        /* BASE/PLANNED: ids first_id.. first_id+ncols-1 */
    mn_table_def *table;        /* BASE */
    mn_physop *op;              /* PLANNED: output column k has id first_id + k */
    mn_join_type jt;            /* JOIN */
    fnode *l, *r;
    mn_expr *on;                /* JOIN: bound ON condition over ids (NULL: none); UNNEST: a
                                   filter over l's and the unnested ids (INNER JOIN UNNEST ON) */
    mn_pos pos;
    /* UNNEST over l (lateral: the values may use l's ids); its own columns are ids
     * first_id.. first_id+ncols-1 (elements, then the ordinality) */
    int nunnest;
    mn_expr **unnest;           /* bound over l's ids */
    bool ordinality;
    bool outer;                 /* LEFT JOIN UNNEST ... ON TRUE */
};

/* Placeholder for a window function call: kind MN_EXPR_CALL, impl NULL, name WIN_REF_NAME,
 * column = index into the block's window list. */
#define WIN_REF_NAME "$win"

typedef struct win_rec {
    mn_window_kind kind;
    mn_type type;
    mn_pos pos;
    int nargs;
    mn_expr **args;
    mn_agg_call *agg;
    bool ignore_nulls;
    int npartition;
    mn_expr **partition;
    int norder;
    mn_sort_key *order;
    bool has_frame;
    mn_frame_unit frame_unit;
    mn_frame_bound_kind start_kind, end_kind;
    mn_expr *start_offset, *end_offset;
} win_rec;

typedef struct win_list {
    int n, cap;
    win_rec *recs;
    const mn_select *sel; /* for named windows (WINDOW w AS …) */
} win_list;

typedef struct cte_entry {
    const mn_cte *cte;
    struct cte_entry *next;
} cte_entry;

/* Column statistics of one binder id (estimate.c); flags say which parts are known. */
typedef struct id_stat {
    bool has_ndv, has_nulls, has_range;
    double ndv, null_fraction;
    double low, high; /* on the scale of estimate.c's numbers (days, microseconds, values) */
    double rows;      /* the table's row count when the statistics were attached */
} id_stat;

typedef struct binder {
    mn_plan_ctx *ctx;
    mn_arena *a;
    mn_error *err;
    int next_id;                /* id counter (shared across a query's blocks) */
    cte_entry *ctes;
    mn_type *id_types;          /* type of every id */
    int id_cap;
    scope *outer;               /* enclosing block's scope while binding a correlated subquery */
    bool allow_outer;           /* outer references are allowed (apply mode) */
    bool corr_abort;            /* an outer reference was met while planning a subquery standalone */
    subq_list *subqs;           /* where subqueries in expressions are collected (NULL: none allowed) */
    win_list *wins;             /* where window calls are collected (NULL: not allowed here) */
    id_stat *id_stats;          /* statistics by id (arena; stats_cap entries, zero = unknown) */
    int stats_cap;
    struct lambda_scope *lambdas; /* parameters of the lambdas being bound (innermost first) */
} binder;

/* ---- estimate.c ---- */
/* Attaches the catalog's column statistics of t to ids first_id + k (column k). */
void est_load_table_stats(binder *b, const mn_table_def *t, int first_id, double rows);
/* Fraction of rows a conjunct over ids keeps (0.3 when nothing is known). */
double est_selectivity(const binder *b, const mn_expr *c);
/* Distinct values of a join key over an input of `rows` rows; -1 when unknown. */
double est_key_ndv(const binder *b, const mn_expr *e, double rows);

/* ---- binder_expr.c ---- */
int scope_add(binder *b, scope *s, const char *qual, const char *db, const char *name, mn_type type, int id);
/* The function name of a binary operator ("+", "<=", ...; "?" for others). */
const char *ast_op_name(mn_ast_op op);
/* Appends every column of src to dst. */
int scope_add_all(binder *b, scope *dst, const scope *src);
/* Room for one more element in an arena array `arr` of *cap elements of elem bytes holding
 * n: arr itself when n < *cap, else a new arena array holding its n elements with twice
 * the room (`first` when empty; *cap updated). NULL with b->err set when out of memory. */
void *grow_array(binder *b, void *arr, int n, int *cap, size_t elem, int first);
/* Binds e against scope s. aggs != NULL allows aggregate calls (collected there). */
int bind_expr(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, mn_expr **out);
int bind_bool(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, const char *clause, mn_expr **out);
int bind_agg_order(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, mn_agg_call *c);
int new_id(binder *b, mn_type t);
/* Folds constant subexpressions (errors leave the node unfolded). */
mn_expr *fold_constants(binder *b, mn_expr *e);
const char *ident_lower(mn_arena *a, const mn_ident *id);
/* Name of a select item without alias as Trino gives it (column name or NULL). */
const char *expr_default_name(const mn_ast_expr *e);

/* ---- lambda_bind.c ---- */
/* Binds a call of a higher-order function (transform, filter, reduce, …) whose lambda
 * arguments are bound once the other arguments fix their parameter types. */
int bind_higher_order(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, const char *name, mn_expr **out);
/* A name whose first part is a parameter of an enclosing lambda (bound over scope s):
 * 0 with *out (the parameter, then field accesses for the other parts), 1 when it is not
 * one, -1 on error. */
int resolve_lambda_param(binder *b, scope *s, const mn_qname *qn, mn_pos pos, mn_expr **out);

/* ---- window_bind.c ---- */
int bind_window_call(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, const char *name, mn_expr **out);
bool has_win_ref(const mn_expr *e);
void mark_win_used(const win_list *wl, unsigned char *used, int n);
mn_expr *replace_win_refs(binder *b, mn_expr *e, int base);
/* Maps a bound expression onto the window operator's input layout. */
typedef int (*map_fn)(binder *b, const mn_expr *e, void *ud, mn_expr **out);
int plan_windows(binder *b, win_list *wl, mn_physop **op, map_fn map, void *map_ud);

/* ---- planner.c ---- */
int plan_query_body(binder *b, const mn_ast_query *q, mn_planned_query *out);

/* ---- join_plan.c ---- */
typedef struct pnode {
    mn_physop *op;
    int ncols;
    int *ids;      /* op output column k holds id ids[k] */
    double rows;
} pnode;

/* Copy of e with column ids replaced by positions in layout p; -1 when an id is missing. */
int remap_expr(binder *b, const mn_expr *e, const pnode *p, mn_expr **out);
/* Marks ids referenced by e in used[] (size b->next_id). */
void mark_used(const mn_expr *e, unsigned char *used, int nused);
/* Plans the FROM tree with the WHERE conjuncts; only ids marked in used[] are kept. */
int plan_from(binder *b, fnode *f, mn_expr **conj, int nconj, const unsigned char *used, pnode *out);
/* Splits an AND tree into conjuncts (appended to *list). */
int split_conjuncts(binder *b, mn_expr *e, mn_expr ***list, int *n, int *cap);

/* ---- subquery.c ---- */
/* Binds a subquery expression: uncorrelated ones are run now and become constants;
 * correlated ones become placeholders collected in b->subqs. */
int bind_subquery_expr(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, mn_expr **out);
/* Attaches the collected correlated subqueries to the plan `cur` (adding a result column
 * per subquery) and rewrites placeholders in the given expressions into column refs. */
int apply_subqueries(binder *b, subq_list *sl, pnode *cur);
/* Top-level WHERE conjuncts that are (NOT) EXISTS / IN placeholders become semi/anti joins. */
int try_semi_join(binder *b, subq_list *sl, mn_expr *conj, pnode *cur, bool *done);
mn_expr *replace_subq_refs(binder *b, mn_expr *e, subq_list *sl);
bool has_subq_ref(const mn_expr *e);
void mark_subq_used(void *bound, unsigned char *used, int n);
int plan_subquery_standalone(binder *b, const mn_ast_query *q, mn_planned_query *pq, bool *correlated);
int bind_from(binder *b, scope *s, const mn_ast_relation *r, fnode **out);


#endif
