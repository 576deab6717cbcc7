/* lexer.h — SQL tokens for the Trino grammar (plus the Hive DDL string rules). The
 * lexer is pulled one token at a time so the parser can switch string rules mid-way
 * (Hive DDL strings take backslash escapes) and re-lex from any token boundary. */
#ifndef MN_SQL_LEXER_H
#define MN_SQL_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"

typedef enum {
    MN_TK_EOF,
    MN_TK_ERROR,   /* bad input; text holds the message, the lexer stays here */
    MN_TK_WORD,    /* unquoted identifier or keyword (kw says which) */
    MN_TK_QIDENT,  /* "quoted" or `backquoted` identifier; text is the unescaped name */
    MN_TK_STRING,  /* '...' (and "..." in Hive mode); text/len hold the unescaped bytes */
    MN_TK_BINARY,  /* X'...'; text holds what is between the quotes */
    MN_TK_INTEGER, /* text as written */
    MN_TK_DECIMAL, /* 1.5  .06  1. */
    MN_TK_DOUBLE,  /* 1e3  1.5E-2 */
    MN_TK_PLUS,
    MN_TK_MINUS,
    MN_TK_STAR,
    MN_TK_SLASH,
    MN_TK_PERCENT,
    MN_TK_CONCAT, /* || */
    MN_TK_EQ,
    MN_TK_NE, /* <> and != */
    MN_TK_LT,
    MN_TK_LE,
    MN_TK_GT,
    MN_TK_GE,
    MN_TK_LPAREN,
    MN_TK_RPAREN,
    MN_TK_COMMA,
    MN_TK_DOT,
    MN_TK_SEMI,
    MN_TK_LBRACKET,
    MN_TK_RBRACKET,
    MN_TK_ARROW, /* -> */
    MN_TK_QUESTION,
    MN_TK_COLON, /* only meaningful inside Hive types: struct<a:int> */
} mn_token_kind;

/* Keywords: X(NAME, reserved). Sorted by name (C locale) — the lookup is a binary search.
 * Reserved words (roughly Trino's list) cannot be used as identifiers unless quoted. */
#define MN_KEYWORDS(X) \
    X(ALL, 0) \
    X(ALTER, 1) \
    X(ANALYZE, 0) \
    X(AND, 1) \
    X(ANY, 0) \
    X(ARRAY, 0) \
    X(AS, 1) \
    X(ASC, 0) \
    X(AT, 0) \
    X(BETWEEN, 1) \
    X(BOTH, 0) \
    X(BY, 1) \
    X(CASCADE, 0) \
    X(CASE, 1) \
    X(CAST, 1) \
    X(COLLECTION, 0) \
    X(COLUMNS, 0) \
    X(COMMENT, 0) \
    X(CONSTRAINT, 1) \
    X(CREATE, 1) \
    X(CROSS, 1) \
    X(CUBE, 1) \
    X(CURRENT, 0) \
    X(CURRENT_CATALOG, 1) \
    X(CURRENT_DATE, 1) \
    X(CURRENT_PATH, 1) \
    X(CURRENT_ROLE, 1) \
    X(CURRENT_SCHEMA, 1) \
    X(CURRENT_TIME, 1) \
    X(CURRENT_TIMESTAMP, 1) \
    X(CURRENT_USER, 1) \
    X(DATA, 0) \
    X(DATABASE, 0) \
    X(DATABASES, 0) \
    X(DATE, 0) \
    X(DAY, 0) \
    X(DBPROPERTIES, 0) \
    X(DEALLOCATE, 1) \
    X(DEFINED, 0) \
    X(DEFINER, 0) \
    X(DELETE, 1) \
    X(DELIMITED, 0) \
    X(DESC, 0) \
    X(DESCRIBE, 1) \
    X(DISTINCT, 1) \
    X(DOUBLE, 0) \
    X(DROP, 1) \
    X(ELSE, 1) \
    X(END, 1) \
    X(ESCAPE, 1) \
    X(ESCAPED, 0) \
    X(EXCEPT, 1) \
    X(EXECUTE, 1) \
    X(EXISTS, 1) \
    X(EXPLAIN, 0) \
    X(EXTENDED, 0) \
    X(EXTERNAL, 0) \
    X(EXTRACT, 1) \
    X(FALSE, 1) \
    X(FETCH, 0) \
    X(FIELDS, 0) \
    X(FILTER, 0) \
    X(FIRST, 0) \
    X(FOLLOWING, 0) \
    X(FOR, 1) \
    X(FORMAT, 0) \
    X(FORMATTED, 0) \
    X(FROM, 1) \
    X(FULL, 1) \
    X(FUNCTIONS, 0) \
    X(GROUP, 1) \
    X(GROUPING, 1) \
    X(GROUPS, 0) \
    X(HAVING, 1) \
    X(HOUR, 0) \
    X(IF, 0) \
    X(IGNORE, 0) \
    X(IN, 1) \
    X(INNER, 1) \
    X(INPUTFORMAT, 0) \
    X(INSERT, 1) \
    X(INTERSECT, 1) \
    X(INTERVAL, 0) \
    X(INTO, 1) \
    X(INVOKER, 0) \
    X(IS, 1) \
    X(ITEMS, 0) \
    X(JOIN, 1) \
    X(KEYS, 0) \
    X(LAST, 0) \
    X(LATERAL, 0) \
    X(LEADING, 0) \
    X(LEFT, 1) \
    X(LIKE, 1) \
    X(LIMIT, 0) \
    X(LINES, 0) \
    X(LOCALTIME, 1) \
    X(LOCALTIMESTAMP, 1) \
    X(LOCATION, 0) \
    X(MAP, 0) \
    X(MINUTE, 0) \
    X(MONTH, 0) \
    X(NATURAL, 1) \
    X(NEXT, 0) \
    X(NO, 0) \
    X(NOT, 1) \
    X(NULL, 1) \
    X(NULLS, 0) \
    X(OFFSET, 0) \
    X(ON, 1) \
    X(ONLY, 0) \
    X(OR, 1) \
    X(ORDER, 1) \
    X(ORDINALITY, 0) \
    X(OUTER, 1) \
    X(OUTPUTFORMAT, 0) \
    X(OVER, 0) \
    X(OVERWRITE, 0) \
    X(PARTITION, 0) \
    X(PARTITIONED, 0) \
    X(POSITION, 0) \
    X(PRECEDING, 0) \
    X(PRECISION, 0) \
    X(PREPARE, 1) \
    X(PURGE, 0) \
    X(RANGE, 0) \
    X(RECURSIVE, 1) \
    X(REPLACE, 0) \
    X(RESPECT, 0) \
    X(RESTRICT, 0) \
    X(RIGHT, 1) \
    X(ROLLUP, 1) \
    X(ROW, 0) \
    X(ROWS, 0) \
    X(SCHEMA, 0) \
    X(SCHEMAS, 0) \
    X(SECOND, 0) \
    X(SECURITY, 0) \
    X(SELECT, 1) \
    X(SERDE, 0) \
    X(SERDEPROPERTIES, 0) \
    X(SETS, 0) \
    X(SHOW, 0) \
    X(SOME, 0) \
    X(STORED, 0) \
    X(STRUCT, 0) \
    X(SUBSTRING, 0) \
    X(TABLE, 1) \
    X(TABLES, 0) \
    X(TABLESAMPLE, 0) \
    X(TBLPROPERTIES, 0) \
    X(TERMINATED, 0) \
    X(THEN, 1) \
    X(TIES, 0) \
    X(TIME, 0) \
    X(TIMESTAMP, 0) \
    X(TO, 0) \
    X(TRAILING, 0) \
    X(TRIM, 1) \
    X(TRUE, 1) \
    X(TRY_CAST, 0) \
    X(UESCAPE, 1) \
    X(UNBOUNDED, 0) \
    X(UNION, 1) \
    X(UNNEST, 1) \
    X(USE, 0) \
    X(USING, 1) \
    X(VALUES, 1) \
    X(VIEW, 0) \
    X(WHEN, 1) \
    X(WHERE, 1) \
    X(WINDOW, 0) \
    X(WITH, 1) \
    X(WITHIN, 0) \
    X(WITHOUT, 0) \
    X(YEAR, 0) \
    X(ZONE, 0)

typedef enum {
    MN_KW_NONE = 0,
#define MN_X_KW(name, reserved) MN_KW_##name,
    MN_KEYWORDS(MN_X_KW)
#undef MN_X_KW
    MN_KW__COUNT
} mn_keyword;

typedef struct mn_token {
    mn_token_kind kind;
    mn_keyword kw;      /* MN_TK_WORD only; MN_KW_NONE for plain identifiers */
    bool dq;            /* MN_TK_STRING written with double quotes (Hive mode) */
    size_t start, end;  /* byte span [start, end) in the source, quotes included */
    int line, column;   /* 1-based position of the first character */
    /* lexer state just past the token, so lexing can restart from here */
    int end_line, end_column;
    const char *text;   /* NUL-terminated, arena-owned (see the kinds above) */
    uint32_t len;       /* byte length of text (strings may hold NUL bytes) */
} mn_token;

typedef struct mn_lexer {
    mn_arena *arena;
    const char *src;
    size_t len;
    size_t off;
    int line, column;
    bool hive; /* Hive string rules: '...' and "..." are strings with backslash escapes */
    bool failed;       /* an MN_TK_ERROR was produced; next() repeats it until a seek */
    mn_token error;
} mn_lexer;

void mn_lexer_init(mn_lexer *lx, mn_arena *arena, const char *src, size_t len);
/* Moves the lexer to a byte offset whose line:column is known (a token boundary). */
void mn_lexer_seek(mn_lexer *lx, size_t off, int line, int column);
/* Produces the next token (skipping white space and comments). Never fails hard:
 * malformed input yields MN_TK_ERROR (text = message) and the lexer stays on it;
 * running out of memory also yields MN_TK_ERROR. */
void mn_lexer_next(mn_lexer *lx, mn_token *tok);

mn_keyword mn_keyword_lookup(const char *s, size_t n);
const char *mn_keyword_name(mn_keyword kw); /* "SELECT"; "" for MN_KW_NONE */
bool mn_keyword_reserved(mn_keyword kw);

/* Hive's unescaping of a string literal's contents (BaseSemanticAnalyzer.unescapeSQLString):
 * \n \t \r \b \0 \Z \' \" \\, \ooo octal (first digit 0-1), \uXXXX, \% and \_ kept
 * with their backslash, any other \c becomes c. Returns an arena copy (NULL when out of
 * memory) and its length in *out_len. */
char *mn_hive_unescape(mn_arena *arena, const char *s, size_t n, uint32_t *out_len);

#endif
