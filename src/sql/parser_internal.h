/* parser_internal.h — shared state and helpers of the recursive-descent parser, split
 * over parser.c (core, statements), parser_expr.c, parser_query.c and parser_ddl.c.
 * Errors are sticky: the first one recorded wins, every parse function returns NULL
 * (or false) once p->failed is set, and callers just propagate. */
#ifndef MN_SQL_PARSER_INTERNAL_H
#define MN_SQL_PARSER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/error.h"
#include "sql/ast.h"
#include "sql/lexer.h"

/* Nesting the parser recurses on (parentheses, subqueries, NOT/sign chains, types). */
#define MN_PARSE_MAX_DEPTH 1000
/* Bound on the height of the tree handed to later (recursive) phases: nesting plus the
 * length of left-deep chains (a + b + c ..., a AND b AND ..., joins, UNIONs). */
#define MN_PARSE_MAX_HEIGHT 3000
/* Stack the parser may use below its entry point, whatever the depth count says
 * (sanitizer builds use several times more stack per level than optimized ones). */
#define MN_PARSE_STACK_BUDGET ((size_t)1 << 20)
#define MN_PARSE_MAX_EXPECTED 48

typedef struct mn_parser {
    mn_arena *arena;
    const char *src;
    size_t len;
    mn_lexer lx;
    mn_token *toks; /* tokens lexed so far (malloc'd, freed when the parse ends) */
    size_t ntoks, cap;
    size_t pos; /* index of the next unconsumed token */
    /* token indexes where a "(query)" attempt already failed: backtracking never tries
     * them twice, which keeps nested (subquery-or-expression) parentheses from costing
     * exponential time (malloc'd bitmap, freed with the tokens) */
    unsigned char *qfail;
    size_t qfail_cap; /* bytes */
    /* mn_p_starts_query's last answer, valid for token indexes [sq_from, sq_to] (a run of
     * '(' and the token after it), so nested parentheses do not rescan the run */
    size_t sq_from, sq_to;
    bool sq_valid, sq_result;
    mn_error *err;
    bool failed;
    bool fatal;     /* error that backtracking must not hide (depth, out of memory) */
    size_t err_tok; /* token index the error points at */
    uintptr_t stack_base; /* frame address at the entry point */
    int depth;
    int height; /* depth plus the left-deep chain steps of enclosing operators */
    int nparams;
    /* what was tried at token index exp_tok, for "Expecting: ..." */
    size_t exp_tok;
    int nexp;
    const char *exp[MN_PARSE_MAX_EXPECTED];
} mn_parser;

/* ---- tokens ---- */
/* The token k ahead of the current one (the final EOF/ERROR token repeats past the end).
 * The pointer is only good until the next peek further ahead: the buffer may move. */
const mn_token *mn_p_peek(mn_parser *p, size_t k);
const mn_token *mn_p_cur(mn_parser *p);
mn_pos mn_p_pos(mn_parser *p); /* position of the current token */
void mn_p_advance(mn_parser *p);
/* Switches the lexer's string rules (Hive or Trino) from the current token on; tokens
 * already lexed beyond the current position are discarded and lexed again. */
void mn_p_set_hive(mn_parser *p, bool hive);

/* Tests for a token kind / keyword at the current position, recording it as expected
 * there (for error messages). The `accept` forms consume it when present. */
bool mn_p_is(mn_parser *p, mn_token_kind kind);
bool mn_p_is_kw(mn_parser *p, mn_keyword kw);
bool mn_p_accept(mn_parser *p, mn_token_kind kind);
bool mn_p_accept_kw(mn_parser *p, mn_keyword kw);
/* Requires the token (consumes it) or records "mismatched input"; returns success. */
bool mn_p_expect(mn_parser *p, mn_token_kind kind);
bool mn_p_expect_kw(mn_parser *p, mn_keyword kw);
/* Raw lookahead without recording expectations. */
bool mn_p_peek_is(mn_parser *p, size_t k, mn_token_kind kind);
bool mn_p_peek_kw(mn_parser *p, size_t k, mn_keyword kw);
/* Token k ahead is the unquoted word w (any case) — for words that are not keywords. */
bool mn_p_peek_word(mn_parser *p, size_t k, const char *w);
/* Consumes the unquoted word w if it is next (noting it as expected otherwise). */
bool mn_p_accept_word(mn_parser *p, const char *w);
void mn_p_note(mn_parser *p, const char *what); /* e.g. "<identifier>" */

/* ---- errors ---- */
/* "mismatched input 'x'. Expecting: ..." at the current token (lexer errors pass through). */
void mn_p_error_mismatch(mn_parser *p);
void mn_p_error_at(mn_parser *p, mn_pos pos, const char *fmt, ...) MN_PRINTF(3, 4);
void mn_p_oom(mn_parser *p);
/* Depth guard for every recursive step: false (and error) when nesting, tree height or
 * stack use exceeds its limit. */
bool mn_p_enter(mn_parser *p);
void mn_p_leave(mn_parser *p);
/* One more step of a left-deep chain; false (and error) when the tree gets too tall.
 * Loops save p->height before and restore it after. */
bool mn_p_chain_step(mn_parser *p);

/* Backtracking: save the position; restore rewinds to it and clears a non-fatal error
 * (the caller keeps a copy of p->err when it wants to report the furthest failure). */
typedef struct mn_p_mark {
    size_t pos;
    int nparams, depth, height;
} mn_p_mark;
mn_p_mark mn_p_save(mn_parser *p);
void mn_p_restore(mn_parser *p, mn_p_mark m);

/* ---- allocation ---- */
void *mn_p_alloc(mn_parser *p, size_t n); /* zeroed; NULL + error when out of memory */
char *mn_p_strndup(mn_parser *p, const char *s, size_t n);
/* Grows an arena array of elem-sized items to hold n + 1 (doubling). */
bool mn_p_grow(mn_parser *p, void **items, int *cap, int n, size_t elem);
bool mn_p_push_expr(mn_parser *p, mn_expr_list *l, int *cap, mn_ast_expr *e);

/* ---- names ---- */
/* An identifier token: an unquoted non-reserved word or a quoted identifier (and, in Hive
 * mode, a double-quoted string). */
bool mn_p_is_ident(mn_parser *p);
bool mn_p_peek_is_ident(mn_parser *p, size_t k);
bool mn_p_ident(mn_parser *p, mn_ident *out);
/* Any word, reserved or not, or a quoted identifier (Hive column names, struct fields). */
bool mn_p_any_word(mn_parser *p, mn_ident *out);
bool mn_p_qname(mn_parser *p, mn_qname *out);
/* Hive DDL reads `db.t` (one quoted name holding one dot) as database db, table t. */
bool mn_p_hive_split_name(mn_parser *p, mn_qname *q);
/* A string literal's text (or NULL + error). */
const char *mn_p_string(mn_parser *p, uint32_t *len);
/* Type as text, normalized: lower case words, no spaces around parameters. */
const char *mn_p_type(mn_parser *p);
/* Source text of tokens [from, to) (to exclusive) */
const char *mn_p_source(mn_parser *p, size_t from_tok, size_t to_tok);

/* ---- subquery-or-expression backtracking ---- */
typedef struct mn_p_saved_error {
    mn_error *err; /* arena copy of the first alternative's error, or NULL */
    size_t tok;
} mn_p_saved_error;
/* Called just after a '(' whose contents start like a query (mn_p_starts_query). Returns
 * the query when the contents are one followed by ')' (not consumed) and sets *is_query.
 * When the contents begin with more parentheses and do not parse as a query, rewinds,
 * sets *is_query false and keeps the failure in *saved; the caller then parses the other
 * alternative and, if that fails too, calls mn_p_prefer_furthest. */
mn_ast_query *mn_p_try_subquery(mn_parser *p, bool *is_query, mn_p_saved_error *saved);
void mn_p_prefer_furthest(mn_parser *p, const mn_p_saved_error *saved);
bool mn_p_qfail_get(mn_parser *p, size_t tok);
void mn_p_qfail_set(mn_parser *p, size_t tok);

/* ---- grammar entry points across files ---- */
mn_ast_expr *mn_p_expr(mn_parser *p);       /* booleanExpression */
mn_ast_expr *mn_p_value_expr(mn_parser *p); /* valueExpression (no predicates) */
mn_ast_expr *mn_p_primary(mn_parser *p);
/* name '(' args ')' with FILTER/OVER/...; the current token is the '(' */
mn_ast_expr *mn_p_function_call(mn_parser *p, const mn_qname *name);
mn_ast_query *mn_p_query(mn_parser *p);
/* Whether the tokens from k on start a query: SELECT, WITH, VALUES, TABLE, or '(' ... one */
bool mn_p_starts_query(mn_parser *p, size_t k);
bool mn_p_sort_list(mn_parser *p, mn_sort_list *out);
bool mn_p_window_spec(mn_parser *p, mn_window_spec *out);
mn_ast_stmt *mn_p_create_table(mn_parser *p, mn_pos pos, bool external);
mn_ast_stmt *mn_p_create_schema(mn_parser *p, mn_pos pos);
bool mn_p_properties_with(mn_parser *p, mn_property_list *out); /* ( k = expr, ... ) */

#endif
