/* json_text.h — JSON text for the JSON type, the json_* functions and JSON data files: a pull tokenizer that
 * accepts what Trino's JSON library (Jackson) accepts, a small tree for canonical output,
 * and the writers (escaping, number layout). Input is untrusted: every token is
 * bounds-checked, nesting is limited to MN_JSON_MAX_DEPTH and no input byte can crash it.
 * Nothing here allocates except through the caller's arena / string buffer. */
#ifndef MN_FORMAT_JSON_TEXT_H
#define MN_FORMAT_JSON_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/strbuf.h"

#define MN_JSON_MAX_DEPTH 1000

typedef enum {
    MN_JT_EOF = 0, /* no more tokens (only at the top level) */
    MN_JT_START_OBJECT,
    MN_JT_END_OBJECT,
    MN_JT_START_ARRAY,
    MN_JT_END_ARRAY,
    MN_JT_FIELD_NAME,
    MN_JT_STRING,
    MN_JT_INT,   /* number without fraction or exponent */
    MN_JT_FLOAT, /* number with fraction and/or exponent */
    MN_JT_TRUE,
    MN_JT_FALSE,
    MN_JT_NULL,
    MN_JT_ERROR, /* malformed input (sticky) */
} mn_json_tok;

/* Tokenizer state over s[0..n). Values at the top level may follow one another (as
 * Jackson's nextToken allows); callers decide whether trailing tokens are an error. */
typedef struct mn_json_lexer {
    const char *s;
    size_t n, i;
    int depth;                              /* open containers */
    uint8_t kind[MN_JSON_MAX_DEPTH + 1];    /* 'a' or 'o' per open container (1-based) */
    uint8_t state;                          /* what the current level expects next */
    mn_json_tok tok;                        /* current token */
    size_t tstart, tend;                    /* its text: strings without the quotes */
    bool escaped;                           /* string token holds escapes or non-ASCII */
} mn_json_lexer;

void mn_json_lexer_init(mn_json_lexer *lx, const char *s, size_t n);
/* Advances to the next token and returns it (MN_JT_ERROR stays once reached). */
mn_json_tok mn_json_next(mn_json_lexer *lx);
/* On a START token: advances to its matching END token. Otherwise does nothing.
 * Returns 0, or -1 when the input is malformed or ends first. */
int mn_json_skip_children(mn_json_lexer *lx);
/* Decoded value of the current STRING / FIELD_NAME token appended to out (escapes
 * resolved, invalid UTF-8 replaced by U+FFFD). *lone_surrogate (may be NULL) is set when a
 * \u escape left an unpaired surrogate (written as '?', as Java's encoder does).
 * Returns 0, -1 when out of memory. */
int mn_json_token_string(const mn_json_lexer *lx, mn_strbuf *out, bool *lone_surrogate);
/* Whether the current string token decodes to exactly s[0..n). */
bool mn_json_token_equals(const mn_json_lexer *lx, const char *s, size_t n);

/* ---------- writers (append to out; return 0, -1 when out of memory) ---------- */

/* s[0..n) as a JSON string literal the way Jackson writes it: '"', '\\' and control
 * characters escaped (\b \t \n \f \r, others \u00XX), everything else as UTF-8, invalid
 * UTF-8 replaced by U+FFFD. */
int mn_json_write_string(mn_strbuf *out, const char *s, size_t n);
/* A number token as Jackson re-writes it after parsing: integers as they are ("-0" is
 * 0), other numbers through double (Java's Double.toString layout, non-finite values
 * as the strings "Infinity"/"-Infinity"). */
int mn_json_write_number(mn_strbuf *out, const char *text, size_t n, bool is_int);
/* A double / float the way Jackson writes it (NaN and infinities quoted). */
int mn_json_write_double(mn_strbuf *out, double d);
int mn_json_write_real(mn_strbuf *out, float f);
/* The current token and, for a START token, its whole subtree, compactly (Jackson's
 * copyCurrentStructure). On return the lexer is on the token ending the value.
 * Returns 0, -1 malformed input, -2 out of memory. */
int mn_json_copy_value(mn_json_lexer *lx, mn_strbuf *out);

/* ---------- tree ---------- */

typedef struct mn_json_node mn_json_node;
struct mn_json_node {
    uint8_t kind;        /* MN_JT_STRING, INT, FLOAT, TRUE, FALSE, NULL, START_ARRAY, START_OBJECT */
    uint32_t n;          /* elements (array) or members (object) */
    const char *text;    /* number text / decoded string bytes (arena) */
    uint32_t len;
    mn_json_node **kids; /* array: elements; object: key, value, key, value, ... */
};

enum {
    MN_JSON_ORDER_SORTED = 0, /* object keys sorted (Java String order), last duplicate wins */
    MN_JSON_ORDER_INPUT = 1,  /* input order; a duplicate key keeps its first position and
                                 takes the last value (Jackson's tree) */
};

/* Reads the value at the current token (the lexer is on its first token) into a tree in
 * arena; on return the lexer is on the value's last token. Returns 0, -1 malformed
 * input (including unpaired surrogates), -2 out of memory. */
int mn_json_read_tree(mn_json_lexer *lx, mn_arena *arena, mn_json_node **out);
/* Writes a tree compactly. Returns 0, -1 out of memory. */
int mn_json_write_tree(mn_strbuf *out, const mn_json_node *node, int order, mn_arena *scratch);

/* json_parse: the whole text must be one JSON value (white space around it allowed;
 * further top-level values after white space are ignored, as Jackson does); writes its
 * canonical form (sorted keys, compact, numbers re-written). Returns 0, -1 invalid,
 * -2 out of memory. scratch is rewound by the caller. */
int mn_json_canonicalize(const char *s, size_t n, mn_arena *scratch, mn_strbuf *out);

/* Java's String.compareTo on two UTF-8 strings (UTF-16 code unit order). */
int mn_json_compare_keys(const char *a, size_t an, const char *b, size_t bn);

#endif
