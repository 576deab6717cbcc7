/* ast.h — the syntax tree the parser produces. Every node lives in the parse arena
 * (freed in one go with it) and carries the 1-based line:column where it starts, so
 * later phases can report errors at the right place. Names are kept as written, with a
 * flag saying whether they were quoted; the binder folds unquoted names to lower case. */
#ifndef MN_SQL_AST_H
#define MN_SQL_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "minerva.h"
#include "types/types.h"

typedef struct mn_pos {
    int line;
    int column;
} mn_pos;

typedef struct mn_ident {
    const char *name; /* NUL-terminated, as written without the quotes */
    bool quoted;
    mn_pos pos;
} mn_ident;

/* A dotted name: a, db.t, t.col, db.t.col */
typedef struct mn_qname {
    int n;
    mn_ident *parts;
    mn_pos pos;
} mn_qname;

typedef struct mn_ast_expr mn_ast_expr;
typedef struct mn_ast_query mn_ast_query;
typedef struct mn_ast_relation mn_ast_relation;

typedef struct mn_expr_list {
    int n;
    mn_ast_expr **items;
} mn_expr_list;

typedef enum {
    MN_AST_LITERAL,     /* literal */
    MN_AST_COLUMN,      /* column: qualified name */
    MN_AST_STAR,        /* star: `*` or `t.*` (in select lists and count(*)) */
    MN_AST_UNARY,       /* unary: op + operand */
    MN_AST_BINARY,      /* binary: op + left/right (arithmetic, comparison, AND, OR, ||) */
    MN_AST_NOT,         /* unary.operand */
    MN_AST_IS_NULL,     /* is_null: operand, negated (IS NOT NULL) */
    MN_AST_IS_DISTINCT, /* binary: left IS [NOT] DISTINCT FROM right; negated in `negated` */
    MN_AST_BETWEEN,     /* between: operand, low, high, negated */
    MN_AST_IN_LIST,     /* in_list: operand, list, negated */
    MN_AST_IN_SUBQUERY, /* in_subquery: operand, query, negated */
    MN_AST_EXISTS,      /* subquery: query, negated (NOT EXISTS) */
    MN_AST_SUBQUERY,    /* subquery: scalar subquery */
    MN_AST_QUANTIFIED,  /* quantified: operand op ANY|SOME|ALL (query) */
    MN_AST_LIKE,        /* like: operand, pattern, escape (nullable), negated */
    MN_AST_CASE,        /* case_: operand (NULL for searched CASE), whens, thens, else_ */
    MN_AST_CAST,        /* cast: operand, type, is_try (TRY_CAST) */
    MN_AST_FUNCTION,    /* function: name, args, distinct, star (count(*)), filter, order_by, window */
    MN_AST_EXTRACT,     /* extract: field (upper-case keyword like "YEAR"), operand */
    MN_AST_INTERVAL,    /* interval: literal text, sign, from/to fields */
    MN_AST_ROW,         /* list: ROW(a, b) or (a, b) */
    MN_AST_ARRAY,       /* list: ARRAY[a, b] */
    MN_AST_SUBSCRIPT,   /* binary: left[right] */
    MN_AST_DEREFERENCE, /* deref: operand.field (when not resolvable as a column name) */
    MN_AST_LAMBDA,      /* lambda: params -> body */
    MN_AST_PARAMETER,   /* parameter: ? (index) */
} mn_ast_expr_kind;

typedef enum {
    MN_LIT_NULL,
    MN_LIT_BOOLEAN,   /* b */
    MN_LIT_INTEGER,   /* text holds the digits; i holds the value when it fits int64 (fits_int64) */
    MN_LIT_DECIMAL,   /* text: "12.50", ".06" (no exponent) */
    MN_LIT_DOUBLE,    /* text: "1e3", "1.5E-2" */
    MN_LIT_STRING,    /* text: the string with '' unescaped; len holds its byte length */
    MN_LIT_TYPED,     /* DATE '…', TIMESTAMP '…', DECIMAL '…', TIME '…', X'…' etc: type_name + text */
} mn_literal_kind;

typedef enum {
    MN_OP_ADD,
    MN_OP_SUB,
    MN_OP_MUL,
    MN_OP_DIV,
    MN_OP_MOD,
    MN_OP_CONCAT, /* || */
    MN_OP_EQ,
    MN_OP_NE, /* <> and != */
    MN_OP_LT,
    MN_OP_LE,
    MN_OP_GT,
    MN_OP_GE,
    MN_OP_AND,
    MN_OP_OR,
    MN_OP_NEG,  /* unary - */
    MN_OP_PLUS, /* unary + */
} mn_ast_op;

typedef enum { MN_QUANT_ANY, MN_QUANT_ALL } mn_quantifier;

typedef enum { MN_FRAME_ROWS, MN_FRAME_RANGE, MN_FRAME_GROUPS } mn_frame_unit;
typedef enum {
    MN_BOUND_UNBOUNDED_PRECEDING,
    MN_BOUND_PRECEDING, /* offset */
    MN_BOUND_CURRENT_ROW,
    MN_BOUND_FOLLOWING, /* offset */
    MN_BOUND_UNBOUNDED_FOLLOWING
} mn_frame_bound_kind;

typedef struct mn_frame_bound {
    mn_frame_bound_kind kind;
    mn_ast_expr *offset;
} mn_frame_bound;

typedef struct mn_sort_item {
    mn_ast_expr *expr;
    bool descending;
    int nulls; /* 0 = default (Trino: NULLS LAST for both directions), 1 = FIRST, 2 = LAST */
} mn_sort_item;

typedef struct mn_sort_list {
    int n;
    mn_sort_item *items;
} mn_sort_list;

typedef struct mn_window_spec {
    const char *existing_name; /* OVER w / OVER (w ...) — NULL when none */
    mn_expr_list partition_by;
    mn_sort_list order_by;
    bool has_frame;
    mn_frame_unit frame_unit;
    mn_frame_bound start, end; /* end.kind = CURRENT_ROW when only a start was given */
} mn_window_spec;

struct mn_ast_expr {
    mn_ast_expr_kind kind;
    mn_pos pos;
    union {
        struct {
            mn_literal_kind kind;
            bool b;
            bool fits_int64;
            int64_t i;
            const char *text;
            uint32_t len;
            const char *type_name; /* MN_LIT_TYPED: "DATE", "TIMESTAMP", "DECIMAL", "TIME", "X", ... upper case */
        } literal;
        mn_qname column;
        struct {
            const mn_qname *qualifier; /* NULL for bare * */
        } star;
        struct {
            mn_ast_op op;
            mn_ast_expr *operand;
        } unary;
        struct {
            mn_ast_op op; /* for IS_DISTINCT/SUBSCRIPT unused */
            mn_ast_expr *left, *right;
            bool negated;
        } binary;
        struct {
            mn_ast_expr *operand;
            bool negated;
        } is_null;
        struct {
            mn_ast_expr *operand, *low, *high;
            bool negated;
        } between;
        struct {
            mn_ast_expr *operand;
            mn_expr_list list;
            bool negated;
        } in_list;
        struct {
            mn_ast_expr *operand;
            mn_ast_query *query;
            bool negated;
        } in_subquery;
        struct {
            mn_ast_query *query;
            bool negated;
        } subquery;
        struct {
            mn_ast_expr *operand;
            mn_ast_op op;
            mn_quantifier quantifier;
            mn_ast_query *query;
        } quantified;
        struct {
            mn_ast_expr *operand, *pattern, *escape;
            bool negated;
        } like;
        struct {
            mn_ast_expr *operand; /* simple CASE x WHEN …; NULL for searched CASE */
            mn_expr_list whens;
            mn_expr_list thens;
            mn_ast_expr *else_; /* may be NULL */
        } case_;
        struct {
            mn_ast_expr *operand;
            const char *type_text; /* type as written, e.g. "decimal(15,2)", "varchar", "array(integer)" */
            bool is_try;
        } cast;
        struct {
            mn_qname name;
            mn_expr_list args;
            bool distinct;
            bool star;              /* count(*) */
            mn_ast_expr *filter;    /* FILTER (WHERE …), may be NULL */
            mn_sort_list order_by;  /* array_agg(x ORDER BY y) */
            mn_window_spec *window; /* OVER (…), NULL when not a window call */
            bool ignore_nulls;
        } function;
        struct {
            const char *field; /* upper case: YEAR, QUARTER, MONTH, WEEK, DAY, DAY_OF_WEEK, DOW, DAY_OF_YEAR, DOY, HOUR, MINUTE, SECOND, ... */
            mn_ast_expr *operand;
        } extract;
        struct {
            const char *text; /* the quoted text, e.g. "3" or "1-2" */
            int sign;         /* +1 or -1 (INTERVAL -'3' DAY) */
            int from, to;     /* mn_interval_field values (datetime.h); to == from when single */
        } interval;
        mn_expr_list list;
        struct {
            mn_ast_expr *operand;
            mn_ident field;
        } deref;
        struct {
            int nparams;
            mn_ident *params;
            mn_ast_expr *body;
        } lambda;
        struct {
            int index;
        } parameter;
    } u;
};

/* ---------- relations (FROM clause) ---------- */

typedef enum {
    MN_REL_TABLE,    /* table: name */
    MN_REL_SUBQUERY, /* subquery: query */
    MN_REL_JOIN,     /* join */
    MN_REL_VALUES,   /* values: rows (each an MN_AST_ROW or a single expression) */
    MN_REL_UNNEST,   /* unnest: args, with_ordinality */
    MN_REL_FUNCTION, /* table function call: function (MN_AST_FUNCTION expr), e.g. read_parquet('…') */
    MN_REL_LATERAL,  /* subquery with LATERAL */
} mn_rel_kind;

typedef enum { MN_JOIN_INNER, MN_JOIN_LEFT, MN_JOIN_RIGHT, MN_JOIN_FULL, MN_JOIN_CROSS, MN_JOIN_IMPLICIT } mn_join_type;

struct mn_ast_relation {
    mn_rel_kind kind;
    mn_pos pos;
    const mn_ident *alias;        /* AS alias, NULL when none */
    int ncolumn_aliases;          /* AS t(a, b, c) */
    mn_ident *column_aliases;
    union {
        mn_qname table;
        mn_ast_query *subquery;
        struct {
            mn_join_type type;    /* MN_JOIN_IMPLICIT for comma joins */
            mn_ast_relation *left, *right;
            mn_ast_expr *on;      /* NULL for CROSS/IMPLICIT/USING/NATURAL */
            int nusing;
            mn_ident *using_cols;
            bool natural;
        } join;
        mn_expr_list values;
        struct {
            mn_expr_list args;
            bool with_ordinality;
        } unnest;
        mn_ast_expr *function;
    } u;
};

/* ---------- queries ---------- */

typedef struct mn_select_item {
    mn_ast_expr *expr; /* MN_AST_STAR for * and t.* */
    const mn_ident *alias;
} mn_select_item;

typedef enum { MN_GROUP_PLAIN, MN_GROUP_ROLLUP, MN_GROUP_CUBE, MN_GROUP_SETS } mn_group_kind;

/* One element of GROUP BY: a plain expression list (1 item), ROLLUP(...), CUBE(...), or
 * GROUPING SETS ((...), (...)) where `sets` holds one list per set. */
typedef struct mn_group_element {
    mn_group_kind kind;
    mn_expr_list exprs;  /* PLAIN, ROLLUP, CUBE */
    int nsets;           /* GROUPING SETS */
    mn_expr_list *sets;
} mn_group_element;

typedef struct mn_named_window {
    const char *name;
    mn_window_spec spec;
} mn_named_window;

typedef struct mn_select {
    mn_pos pos;
    bool distinct;
    int nitems;
    mn_select_item *items;
    mn_ast_relation *from; /* NULL: SELECT without FROM; comma lists become IMPLICIT joins */
    mn_ast_expr *where;
    bool group_distinct;   /* GROUP BY DISTINCT */
    int ngroup;
    mn_group_element *group_by;
    mn_ast_expr *having;
    int nwindows;
    mn_named_window *windows; /* WINDOW w AS (…) */
} mn_select;

typedef enum { MN_SET_UNION, MN_SET_INTERSECT, MN_SET_EXCEPT } mn_set_op;

typedef enum {
    MN_QBODY_SELECT,
    MN_QBODY_SET,    /* set: op, all, left, right */
    MN_QBODY_VALUES, /* values: rows */
    MN_QBODY_TABLE,  /* TABLE name */
    MN_QBODY_QUERY,  /* parenthesized query with its own ORDER BY/LIMIT */
} mn_qbody_kind;

typedef struct mn_query_body mn_query_body;
struct mn_query_body {
    mn_qbody_kind kind;
    mn_pos pos;
    union {
        mn_select *select;
        struct {
            mn_set_op op;
            bool all; /* UNION ALL; DISTINCT (default) otherwise */
            mn_query_body *left, *right;
        } set;
        mn_expr_list values;
        mn_qname table;
        mn_ast_query *query;
    } u;
};

typedef struct mn_cte {
    mn_ident name;
    int ncolumns;
    mn_ident *columns;
    mn_ast_query *query;
} mn_cte;

struct mn_ast_query {
    mn_pos pos;
    bool recursive;
    int nctes;
    mn_cte *ctes;
    mn_query_body *body;
    mn_sort_list order_by;
    mn_ast_expr *offset;   /* OFFSET n [ROW|ROWS], may be NULL */
    mn_ast_expr *limit;    /* LIMIT n | FETCH FIRST n ROWS ONLY; NULL when none (LIMIT ALL) */
    bool with_ties;        /* FETCH FIRST n ROWS WITH TIES */
};

/* ---------- statements ---------- */

typedef struct mn_property {
    const char *key;   /* as written (string literal or identifier) */
    const char *value; /* string form of the value */
    mn_ast_expr *expr; /* WITH (k = expr): the expression; NULL for string-only properties */
} mn_property;

typedef struct mn_property_list {
    int n;
    mn_property *items;
} mn_property_list;

typedef struct mn_column_spec {
    mn_ident name;
    const char *type_text; /* as written, e.g. "decimal(15,2)", "string", "array<string>" */
    mn_pos type_pos;
    const char *comment;   /* COMMENT 'x', may be NULL */
    bool not_null;
    bool key;              /* PRIMARY KEY or UNIQUE: accepted (SQL-engine scripts use them), not enforced */
} mn_column_spec;

typedef enum {
    MN_STMT_QUERY,
    MN_STMT_EXPLAIN,          /* explain: analyze, stmt */
    MN_STMT_CREATE_SCHEMA,    /* schema: name, if_not_exists, comment, location, properties */
    MN_STMT_DROP_SCHEMA,      /* schema: name, if_exists, cascade */
    MN_STMT_USE,              /* use: name (catalog.schema or schema) */
    MN_STMT_CREATE_TABLE,     /* create_table */
    MN_STMT_CREATE_TABLE_AS,  /* create_table with query */
    MN_STMT_DROP_TABLE,       /* drop: name, if_exists */
    MN_STMT_INSERT,           /* insert */
    MN_STMT_SHOW_SCHEMAS,     /* show: like */
    MN_STMT_SHOW_TABLES,      /* show: in (may be NULL), like */
    MN_STMT_SHOW_COLUMNS,     /* show: name (DESCRIBE t and SHOW COLUMNS FROM|IN t) */
    MN_STMT_SHOW_CREATE_TABLE,/* show: name */
    MN_STMT_SHOW_FUNCTIONS,   /* show: like */
    MN_STMT_CREATE_VIEW,      /* view: name, or_replace, query, query_text */
    MN_STMT_DROP_VIEW,        /* drop: name, if_exists */
    MN_STMT_DELETE,           /* modify: table, where */
    MN_STMT_UPDATE,           /* modify: table, set columns/values, where */
    MN_STMT_CREATE_INDEX,     /* index: name, table, columns_text, if_not_exists */
    MN_STMT_DROP_INDEX,       /* index: name, if_exists */
    MN_STMT_ANALYZE,          /* show: name (ANALYZE t) */
    MN_STMT_SHOW_STATS,       /* show: name (SHOW STATS FOR t) */
} mn_stmt_kind;

typedef struct mn_ast_stmt mn_ast_stmt;

typedef struct mn_create_table {
    mn_qname name;
    bool external;
    bool if_not_exists;
    int ncolumns;
    mn_column_spec *columns;
    int npartition_columns;            /* PARTITIONED BY (col type, ...) — Hive style */
    mn_column_spec *partition_columns;
    const char *comment;
    /* ROW FORMAT DELIMITED: each NULL when not given; one-character strings after unescaping
     * ('\t' written as '\t' in SQL becomes a TAB; '\001' or '\u0001' becomes byte 1) */
    bool row_format_delimited;
    const char *fields_terminated_by;
    const char *escaped_by;
    const char *collection_items_terminated_by;
    const char *map_keys_terminated_by;
    const char *lines_terminated_by;
    const char *null_defined_as;
    const char *serde;                 /* ROW FORMAT SERDE 'class' */
    mn_property_list serde_properties; /* WITH SERDEPROPERTIES ('k'='v', …) */
    const char *stored_as;             /* STORED AS TEXTFILE|PARQUET|…, upper case; NULL when not given */
    const char *input_format;          /* STORED AS INPUTFORMAT 'x' OUTPUTFORMAT 'y' */
    const char *output_format;
    const char *location;              /* LOCATION 'uri' */
    mn_property_list tblproperties;    /* TBLPROPERTIES ('k'='v') */
    mn_property_list with_properties;  /* WITH (format = 'PARQUET', …) — Trino style, used by CTAS */
    mn_ast_query *query;               /* CTAS: AS query */
    bool with_no_data;                 /* CTAS … WITH NO DATA */
} mn_create_table;

struct mn_ast_stmt {
    mn_stmt_kind kind;
    mn_pos pos;
    union {
        mn_ast_query *query;
        struct {
            bool analyze;
            mn_ast_stmt *stmt;
        } explain;
        struct {
            mn_qname name;
            bool if_not_exists, if_exists, cascade;
            const char *comment;
            const char *location;
            mn_property_list properties;
        } schema;
        struct {
            mn_qname name;
        } use;
        mn_create_table create_table;
        struct {
            mn_qname name;
            bool if_exists;
        } drop;
        struct {
            mn_qname table;
            mn_ast_expr *where; /* NULL: every row */
            int nset;           /* UPDATE: SET col = value, … */
            mn_ident *set_columns;
            mn_ast_expr **set_values;
        } modify;
        struct {
            mn_qname name;             /* the index name (db.name or name) */
            mn_qname table;            /* CREATE INDEX … ON table */
            const char *columns_text;  /* the column list as written, e.g. "a, b DESC" */
            bool if_not_exists, if_exists;
        } index;
        struct {
            mn_qname table;
            int ncolumns; /* INSERT INTO t (a, b) …; 0 when no list */
            mn_ident *columns;
            mn_ast_query *query; /* VALUES … arrives as a query whose body is MN_QBODY_VALUES */
        } insert;
        struct {
            const mn_qname *name; /* SHOW COLUMNS/CREATE TABLE target, SHOW TABLES IN db */
            const char *like;     /* LIKE 'pattern' or NULL */
        } show;
        struct {
            mn_qname name;
            bool or_replace;
            mn_ast_query *query;
            const char *query_text; /* the view's SQL text as written */
        } view;
    } u;
};

/* Parses exactly one statement from sql[0..len) (a trailing ';' and white space are
 * allowed; anything else after the statement is a syntax error). Nodes are allocated
 * in `arena`. On error returns NULL and fills err with code MN_ERR_SYNTAX and the
 * line:column of the offending token, with Trino-like messages such as
 * "mismatched input 'FORM'. Expecting: ..." or "extraneous input ..." */
mn_ast_stmt *mn_parse_statement(mn_arena *arena, const char *sql, size_t len, mn_error *err);

/* Parses a standalone expression (used by tests and by DEFAULT/partition projections). */
mn_ast_expr *mn_parse_expression(mn_arena *arena, const char *sql, size_t len, mn_error *err);

#endif
