/* parser.c — the parser's core (token buffer, expectations, errors, names) and the
 * statement level: queries, EXPLAIN, USE, DROP, INSERT, SHOW, DESCRIBE, views. Table and
 * schema DDL live in parser_ddl.c, queries in parser_query.c, expressions in parser_expr.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "sql/parser_internal.h"

static const mn_token eof_token = {.kind = MN_TK_EOF, .text = ""};

/* ---------- token buffer ---------- */

/* Lexes until index idx exists or the input ended; returns the index of the token to use
 * (the final EOF/ERROR token stands for everything past it). */
static size_t fill(mn_parser *p, size_t idx) {
    while (p->ntoks <= idx) {
        if (p->ntoks > 0) {
            mn_token_kind k = p->toks[p->ntoks - 1].kind;
            if (k == MN_TK_EOF || k == MN_TK_ERROR) return p->ntoks - 1;
        }
        if (p->ntoks == p->cap) {
            size_t ncap = p->cap ? p->cap * 2 : 64;
            mn_token *t = realloc(p->toks, ncap * sizeof *t);
            if (!t) {
                mn_p_oom(p);
                return (size_t)-1;
            }
            p->toks = t;
            p->cap = ncap;
        }
        mn_lexer_next(&p->lx, &p->toks[p->ntoks]);
        p->ntoks++;
    }
    return idx;
}

const mn_token *mn_p_peek(mn_parser *p, size_t k) {
    size_t i = fill(p, p->pos + k);
    if (i == (size_t)-1) return &eof_token;
    return &p->toks[i];
}

const mn_token *mn_p_cur(mn_parser *p) { return mn_p_peek(p, 0); }

mn_pos mn_p_pos(mn_parser *p) {
    const mn_token *t = mn_p_cur(p);
    mn_pos pos = {t->line, t->column};
    return pos;
}

void mn_p_advance(mn_parser *p) {
    const mn_token *t = mn_p_cur(p);
    if (t->kind != MN_TK_EOF && t->kind != MN_TK_ERROR) p->pos++;
}

bool mn_p_qfail_get(mn_parser *p, size_t tok) {
    return tok / 8 < p->qfail_cap && (p->qfail[tok / 8] >> (tok % 8)) & 1;
}

void mn_p_qfail_set(mn_parser *p, size_t tok) {
    if (tok / 8 >= p->qfail_cap) {
        size_t ncap = p->qfail_cap ? p->qfail_cap : 64;
        while (ncap <= tok / 8) ncap *= 2;
        unsigned char *b = realloc(p->qfail, ncap);
        if (!b) return; /* only a speed-up: without it we just try again */
        memset(b + p->qfail_cap, 0, ncap - p->qfail_cap);
        p->qfail = b;
        p->qfail_cap = ncap;
    }
    p->qfail[tok / 8] |= (unsigned char)(1u << (tok % 8));
}

void mn_p_set_hive(mn_parser *p, bool hive) {
    if (p->lx.hive == hive) return;
    if (p->ntoks > p->pos) {
        for (size_t t = p->pos; t < p->ntoks && t / 8 < p->qfail_cap; t++)
            p->qfail[t / 8] &= (unsigned char)~(1u << (t % 8));
        p->ntoks = p->pos;
        p->sq_valid = false;
        if (p->pos == 0)
            mn_lexer_seek(&p->lx, 0, 1, 1);
        else {
            const mn_token *t = &p->toks[p->pos - 1];
            mn_lexer_seek(&p->lx, t->end, t->end_line, t->end_column);
        }
    }
    p->lx.hive = hive;
}

/* ---------- expectations ---------- */

static const char *kind_name(mn_token_kind k) {
    switch (k) {
    case MN_TK_EOF: return "<EOF>";
    case MN_TK_ERROR: return "<error>";
    case MN_TK_WORD:
    case MN_TK_QIDENT: return "<identifier>";
    case MN_TK_STRING: return "<string>";
    case MN_TK_BINARY: return "<binary literal>";
    case MN_TK_INTEGER: return "<integer>";
    case MN_TK_DECIMAL:
    case MN_TK_DOUBLE: return "<number>";
    case MN_TK_PLUS: return "+";
    case MN_TK_MINUS: return "-";
    case MN_TK_STAR: return "*";
    case MN_TK_SLASH: return "/";
    case MN_TK_PERCENT: return "%";
    case MN_TK_CONCAT: return "||";
    case MN_TK_EQ: return "=";
    case MN_TK_NE: return "<>";
    case MN_TK_LT: return "<";
    case MN_TK_LE: return "<=";
    case MN_TK_GT: return ">";
    case MN_TK_GE: return ">=";
    case MN_TK_LPAREN: return "(";
    case MN_TK_RPAREN: return ")";
    case MN_TK_COMMA: return ",";
    case MN_TK_DOT: return ".";
    case MN_TK_SEMI: return ";";
    case MN_TK_LBRACKET: return "[";
    case MN_TK_RBRACKET: return "]";
    case MN_TK_ARROW: return "->";
    case MN_TK_QUESTION: return "?";
    case MN_TK_COLON: return ":";
    }
    return "?";
}

void mn_p_note(mn_parser *p, const char *what) {
    if (p->failed) return;
    if (p->pos > p->exp_tok || p->nexp == 0) {
        p->exp_tok = p->pos;
        p->nexp = 0;
    } else if (p->pos < p->exp_tok) {
        return;
    }
    for (int i = 0; i < p->nexp; i++)
        if (strcmp(p->exp[i], what) == 0) return;
    if (p->nexp < MN_PARSE_MAX_EXPECTED) p->exp[p->nexp++] = what;
}

bool mn_p_is(mn_parser *p, mn_token_kind kind) {
    mn_p_note(p, kind_name(kind));
    return mn_p_cur(p)->kind == kind;
}

bool mn_p_is_kw(mn_parser *p, mn_keyword kw) {
    mn_p_note(p, mn_keyword_name(kw));
    const mn_token *t = mn_p_cur(p);
    return t->kind == MN_TK_WORD && t->kw == kw;
}

bool mn_p_accept(mn_parser *p, mn_token_kind kind) {
    if (!mn_p_is(p, kind)) return false;
    mn_p_advance(p);
    return true;
}

bool mn_p_accept_kw(mn_parser *p, mn_keyword kw) {
    if (!mn_p_is_kw(p, kw)) return false;
    mn_p_advance(p);
    return true;
}

bool mn_p_expect(mn_parser *p, mn_token_kind kind) {
    if (p->failed) return false;
    if (mn_p_accept(p, kind)) return true;
    mn_p_error_mismatch(p);
    return false;
}

bool mn_p_expect_kw(mn_parser *p, mn_keyword kw) {
    if (p->failed) return false;
    if (mn_p_accept_kw(p, kw)) return true;
    mn_p_error_mismatch(p);
    return false;
}

bool mn_p_peek_is(mn_parser *p, size_t k, mn_token_kind kind) { return mn_p_peek(p, k)->kind == kind; }

bool mn_p_peek_word(mn_parser *p, size_t k, const char *w) {
    const mn_token *t = mn_p_peek(p, k);
    return t->kind == MN_TK_WORD && strcasecmp(t->text, w) == 0;
}

bool mn_p_accept_word(mn_parser *p, const char *w) {
    if (mn_p_peek_word(p, 0, w)) {
        mn_p_advance(p);
        return true;
    }
    mn_p_note(p, w);
    return false;
}

bool mn_p_peek_kw(mn_parser *p, size_t k, mn_keyword kw) {
    const mn_token *t = mn_p_peek(p, k);
    return t->kind == MN_TK_WORD && t->kw == kw;
}

/* ---------- errors ---------- */

static void set_error(mn_parser *p, mn_error_code code, int line, int column, const char *msg) {
    if (p->failed) return;
    p->failed = true;
    p->err_tok = p->pos;
    mn_error_set_pos(p->err, code, line, column, "%s", msg);
}

void mn_p_oom(mn_parser *p) {
    if (p->failed && p->fatal) return;
    p->failed = false;
    set_error(p, MN_ERR_OUT_OF_MEMORY, 0, 0, "Out of memory while parsing the statement");
    p->fatal = true;
}

static int cmp_expected(const void *a, const void *b) {
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    bool xa = x[0] == '<' && x[1] != '\0' && x[1] != '=' && x[1] != '>';
    bool ya = y[0] == '<' && y[1] != '\0' && y[1] != '=' && y[1] != '>';
    if (xa != ya) return xa ? 1 : -1;
    return strcmp(x, y);
}

/* A lexer error token carries its own message; report it instead of "mismatched". */
static bool lexer_error(mn_parser *p, const mn_token *t) {
    if (t->kind != MN_TK_ERROR) return false;
    if (!t->text) {
        mn_p_oom(p);
        return true;
    }
    set_error(p, MN_ERR_SYNTAX, t->line, t->column, t->text);
    return true;
}

void mn_p_error_mismatch(mn_parser *p) {
    if (p->failed) return;
    const mn_token *t = mn_p_cur(p);
    if (lexer_error(p, t)) return;
    char msg[MN_ERROR_MESSAGE_MAX];
    int n;
    if (t->kind == MN_TK_EOF) {
        n = snprintf(msg, sizeof msg, "mismatched input '<EOF>'");
    } else {
        size_t len = t->end - t->start, shown = len;
        if (shown > 60) { /* cut on a character boundary */
            shown = 60;
            while (shown > 0 && ((unsigned char)p->src[t->start + shown] & 0xC0) == 0x80) shown--;
        }
        n = snprintf(msg, sizeof msg, "mismatched input '%.*s%s'", (int)shown, p->src + t->start,
                     shown < len ? "..." : "");
    }
    if (p->nexp > 0 && p->exp_tok == p->pos && n > 0 && (size_t)n < sizeof msg) {
        const char *sorted[MN_PARSE_MAX_EXPECTED];
        int k = p->nexp;
        memcpy(sorted, p->exp, (size_t)k * sizeof sorted[0]);
        qsort(sorted, (size_t)k, sizeof sorted[0], cmp_expected);
        size_t o = (size_t)n;
        o += (size_t)snprintf(msg + o, sizeof msg - o, ". Expecting: ");
        for (int i = 0; i < k && o < sizeof msg; i++) {
            const char *s = sorted[i];
            bool angle = s[0] == '<' && s[1] != '\0' && s[1] != '=' && s[1] != '>';
            o += (size_t)snprintf(msg + o, sizeof msg - o, angle ? "%s%s" : "%s'%s'", i ? ", " : "", s);
        }
    }
    set_error(p, MN_ERR_SYNTAX, t->line, t->column, msg);
}

void mn_p_error_at(mn_parser *p, mn_pos pos, const char *fmt, ...) {
    if (p->failed) return;
    char msg[MN_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    set_error(p, MN_ERR_SYNTAX, pos.line, pos.column, msg);
}

static bool too_deep(mn_parser *p) {
    mn_pos pos = mn_p_pos(p);
    set_error(p, MN_ERR_SYNTAX, pos.line, pos.column, "Statement is too deeply nested");
    p->fatal = true;
    return false;
}

/* The current frame's address. __builtin_frame_address gives the real stack even when a
 * sanitizer moves locals to a heap "fake stack". */
static uintptr_t stack_here(void) {
#if defined(__GNUC__)
    return (uintptr_t)__builtin_frame_address(0);
#else
    volatile char c = 0;
    return (uintptr_t)&c;
#endif
}

bool mn_p_enter(mn_parser *p) {
    if (p->failed) return false;
    if (p->depth >= MN_PARSE_MAX_DEPTH || p->height >= MN_PARSE_MAX_HEIGHT) return too_deep(p);
    uintptr_t here = stack_here();
    size_t used = here < p->stack_base ? p->stack_base - here : here - p->stack_base;
    if (used > MN_PARSE_STACK_BUDGET) return too_deep(p);
    p->depth++;
    p->height++;
    return true;
}

void mn_p_leave(mn_parser *p) {
    p->depth--;
    p->height--;
}

bool mn_p_chain_step(mn_parser *p) {
    if (p->failed) return false;
    if (p->height >= MN_PARSE_MAX_HEIGHT) return too_deep(p);
    p->height++;
    return true;
}

mn_p_mark mn_p_save(mn_parser *p) {
    mn_p_mark m = {p->pos, p->nparams, p->depth, p->height};
    return m;
}

void mn_p_restore(mn_parser *p, mn_p_mark m) {
    if (p->fatal) return;
    p->failed = false;
    p->pos = m.pos;
    p->nparams = m.nparams;
    p->depth = m.depth;
    p->height = m.height;
}

/* ---------- allocation ---------- */

void *mn_p_alloc(mn_parser *p, size_t n) {
    void *v = mn_arena_calloc(p->arena, n ? n : 1);
    if (!v) mn_p_oom(p);
    return v;
}

char *mn_p_strndup(mn_parser *p, const char *s, size_t n) {
    char *v = mn_arena_strndup(p->arena, s, n);
    if (!v) mn_p_oom(p);
    return v;
}

bool mn_p_grow(mn_parser *p, void **items, int *cap, int n, size_t elem) {
    if (n < *cap) return true;
    if (n >= (1 << 28)) {
        mn_p_error_at(p, mn_p_pos(p), "Too many list elements");
        return false;
    }
    int ncap = *cap > 0 ? *cap : 4;
    while (ncap <= n) ncap *= 2; /* n < 2^28, so no overflow */
    void *v = mn_arena_alloc(p->arena, (size_t)ncap * elem);
    if (!v) {
        mn_p_oom(p);
        return false;
    }
    if (n) memcpy(v, *items, (size_t)n * elem);
    *items = v;
    *cap = ncap;
    return true;
}

bool mn_p_push_expr(mn_parser *p, mn_expr_list *l, int *cap, mn_ast_expr *e) {
    if (!e) return false;
    if (!mn_p_grow(p, (void **)&l->items, cap, l->n, sizeof *l->items)) return false;
    l->items[l->n++] = e;
    return true;
}

/* ---------- names ---------- */

static bool tok_is_ident(const mn_token *t) {
    return (t->kind == MN_TK_WORD && !mn_keyword_reserved(t->kw)) || t->kind == MN_TK_QIDENT ||
           (t->kind == MN_TK_STRING && t->dq);
}

bool mn_p_is_ident(mn_parser *p) {
    mn_p_note(p, "<identifier>");
    return tok_is_ident(mn_p_cur(p));
}

bool mn_p_peek_is_ident(mn_parser *p, size_t k) { return tok_is_ident(mn_p_peek(p, k)); }

static void take_ident(mn_parser *p, mn_ident *out) {
    const mn_token *t = mn_p_cur(p);
    out->name = t->text;
    out->quoted = t->kind != MN_TK_WORD;
    out->pos.line = t->line;
    out->pos.column = t->column;
    mn_p_advance(p);
}

bool mn_p_ident(mn_parser *p, mn_ident *out) {
    if (p->failed) return false;
    if (!mn_p_is_ident(p)) {
        mn_p_error_mismatch(p);
        return false;
    }
    const mn_token *t = mn_p_cur(p);
    if (t->kind == MN_TK_STRING && memchr(t->text, '\0', t->len)) {
        mn_p_error_at(p, mn_p_pos(p), "Identifiers must not contain NUL characters");
        return false;
    }
    take_ident(p, out);
    return true;
}

bool mn_p_any_word(mn_parser *p, mn_ident *out) {
    if (p->failed) return false;
    if (mn_p_cur(p)->kind == MN_TK_WORD) {
        take_ident(p, out);
        return true;
    }
    return mn_p_ident(p, out);
}

bool mn_p_qname(mn_parser *p, mn_qname *out) {
    if (p->failed) return false;
    mn_ident first;
    memset(out, 0, sizeof *out);
    if (!mn_p_ident(p, &first)) return false;
    int cap = 0;
    out->pos = first.pos;
    if (!mn_p_grow(p, (void **)&out->parts, &cap, 0, sizeof(mn_ident))) return false;
    out->parts[out->n++] = first;
    while (mn_p_peek_is(p, 0, MN_TK_DOT) && mn_p_peek_is_ident(p, 1)) {
        mn_p_advance(p);
        if (!mn_p_grow(p, (void **)&out->parts, &cap, out->n, sizeof(mn_ident))) return false;
        if (!mn_p_ident(p, &out->parts[out->n])) return false;
        out->n++;
    }
    return true;
}

bool mn_p_hive_split_name(mn_parser *p, mn_qname *q) {
    if (q->n != 1 || !q->parts[0].quoted) return true;
    const char *name = q->parts[0].name, *dot = strchr(name, '.');
    if (!dot || dot == name || dot[1] == '\0' || strchr(dot + 1, '.')) return true;
    mn_ident *parts = mn_p_alloc(p, 2 * sizeof *parts);
    if (!parts) return false;
    parts[0] = parts[1] = q->parts[0];
    if (!(parts[0].name = mn_p_strndup(p, name, (size_t)(dot - name)))) return false;
    parts[1].name = dot + 1;
    q->parts = parts;
    q->n = 2;
    return true;
}

const char *mn_p_string(mn_parser *p, uint32_t *len) {
    if (p->failed) return NULL;
    if (!mn_p_is(p, MN_TK_STRING)) {
        mn_p_error_mismatch(p);
        return NULL;
    }
    const mn_token *t = mn_p_cur(p);
    if (len) *len = t->len;
    const char *s = t->text;
    mn_p_advance(p);
    return s;
}

const char *mn_p_source(mn_parser *p, size_t from_tok, size_t to_tok) {
    if (to_tok <= from_tok || to_tok > p->ntoks) return mn_p_strndup(p, "", 0);
    size_t a = p->toks[from_tok].start, b = p->toks[to_tok - 1].end;
    return mn_p_strndup(p, p->src + a, b - a);
}

/* ---------- statements ---------- */

static mn_ast_stmt *new_stmt(mn_parser *p, mn_stmt_kind kind, mn_pos pos) {
    mn_ast_stmt *s = mn_p_alloc(p, sizeof *s);
    if (s) {
        s->kind = kind;
        s->pos = pos;
    }
    return s;
}

static mn_ast_stmt *statement(mn_parser *p);

static mn_qname *heap_qname(mn_parser *p) {
    mn_qname *q = mn_p_alloc(p, sizeof *q);
    if (!q || !mn_p_qname(p, q)) return NULL;
    return q;
}

static bool if_exists(mn_parser *p) {
    if (!mn_p_is_kw(p, MN_KW_IF)) return false;
    mn_p_advance(p);
    return mn_p_expect_kw(p, MN_KW_EXISTS);
}

static mn_ast_stmt *explain(mn_parser *p, mn_pos pos) {
    mn_ast_stmt *s = new_stmt(p, MN_STMT_EXPLAIN, pos);
    if (!s) return NULL;
    if (mn_p_accept_kw(p, MN_KW_ANALYZE)) s->u.explain.analyze = true;
    /* EXPLAIN (TYPE x, FORMAT y): options are accepted and ignored */
    if (mn_p_peek_is(p, 0, MN_TK_LPAREN) && mn_p_peek(p, 1)->kind == MN_TK_WORD &&
        mn_p_peek(p, 2)->kind == MN_TK_WORD && !mn_p_starts_query(p, 1)) {
        mn_p_advance(p);
        do {
            mn_ident a, b;
            if (!mn_p_any_word(p, &a) || !mn_p_any_word(p, &b)) return NULL;
        } while (mn_p_accept(p, MN_TK_COMMA));
        if (!mn_p_expect(p, MN_TK_RPAREN)) return NULL;
    }
    if (!mn_p_enter(p)) return NULL;
    s->u.explain.stmt = statement(p);
    mn_p_leave(p);
    return s->u.explain.stmt ? s : NULL;
}

static mn_ast_stmt *create_view(mn_parser *p, mn_pos pos, bool or_replace) {
    mn_ast_stmt *s = new_stmt(p, MN_STMT_CREATE_VIEW, pos);
    if (!s || !mn_p_qname(p, &s->u.view.name)) return NULL;
    s->u.view.or_replace = or_replace;
    if (mn_p_accept_kw(p, MN_KW_COMMENT) && !mn_p_string(p, NULL)) return NULL;
    if (mn_p_accept_kw(p, MN_KW_SECURITY)) {
        if (!mn_p_accept_kw(p, MN_KW_DEFINER) && !mn_p_expect_kw(p, MN_KW_INVOKER)) return NULL;
    }
    if (!mn_p_expect_kw(p, MN_KW_AS)) return NULL;
    size_t from = p->pos;
    s->u.view.query = mn_p_query(p);
    if (!s->u.view.query) return NULL;
    s->u.view.query_text = mn_p_source(p, from, p->pos);
    return s->u.view.query_text ? s : NULL;
}

/* CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (col [ASC|DESC], …): kept in the
 * catalog for scripts written for other engines; it does not change how data is stored. */
static mn_ast_stmt *create_index(mn_parser *p, mn_pos pos) {
    mn_ast_stmt *s = new_stmt(p, MN_STMT_CREATE_INDEX, pos);
    if (!s) return NULL;
    if (mn_p_accept_kw(p, MN_KW_IF)) {
        if (!mn_p_expect_kw(p, MN_KW_NOT) || !mn_p_expect_kw(p, MN_KW_EXISTS)) return NULL;
        s->u.index.if_not_exists = true;
    }
    if (!mn_p_qname(p, &s->u.index.name) || !mn_p_expect_kw(p, MN_KW_ON) || !mn_p_qname(p, &s->u.index.table))
        return NULL;
    if (!mn_p_expect(p, MN_TK_LPAREN)) return NULL;
    size_t from = p->pos;
    do {
        mn_ident col;
        if (!mn_p_ident(p, &col)) return NULL;
        if (!mn_p_accept_kw(p, MN_KW_ASC)) mn_p_accept_kw(p, MN_KW_DESC);
    } while (mn_p_accept(p, MN_TK_COMMA));
    s->u.index.columns_text = mn_p_source(p, from, p->pos);
    if (!s->u.index.columns_text || !mn_p_expect(p, MN_TK_RPAREN)) return NULL;
    return s;
}

static mn_ast_stmt *create(mn_parser *p, mn_pos pos) {
    if (mn_p_accept_kw(p, MN_KW_OR)) {
        if (!mn_p_expect_kw(p, MN_KW_REPLACE) || !mn_p_expect_kw(p, MN_KW_VIEW)) return NULL;
        return create_view(p, pos, true);
    }
    if (mn_p_accept_kw(p, MN_KW_VIEW)) return create_view(p, pos, false);
    if (mn_p_accept_kw(p, MN_KW_EXTERNAL)) {
        if (!mn_p_expect_kw(p, MN_KW_TABLE)) return NULL;
        return mn_p_create_table(p, pos, true);
    }
    if (mn_p_accept_kw(p, MN_KW_TABLE)) return mn_p_create_table(p, pos, false);
    if (mn_p_accept_kw(p, MN_KW_SCHEMA) || mn_p_accept_kw(p, MN_KW_DATABASE)) return mn_p_create_schema(p, pos);
    if (mn_p_accept_word(p, "UNIQUE")) {
        if (!mn_p_peek_word(p, 0, "INDEX")) {
            mn_p_note(p, "INDEX");
            mn_p_error_mismatch(p);
            return NULL;
        }
    }
    if (mn_p_accept_word(p, "INDEX")) return create_index(p, pos);
    mn_p_error_mismatch(p);
    return NULL;
}

static mn_ast_stmt *drop(mn_parser *p, mn_pos pos) {
    mn_ast_stmt *s;
    if (mn_p_accept_kw(p, MN_KW_TABLE) || mn_p_accept_kw(p, MN_KW_VIEW)) {
        bool table = p->toks[p->pos - 1].kw == MN_KW_TABLE;
        s = new_stmt(p, table ? MN_STMT_DROP_TABLE : MN_STMT_DROP_VIEW, pos);
        if (!s) return NULL;
        s->u.drop.if_exists = if_exists(p);
        if (!mn_p_qname(p, &s->u.drop.name)) return NULL;
        if (table && !mn_p_hive_split_name(p, &s->u.drop.name)) return NULL;
        if (table) mn_p_accept_kw(p, MN_KW_PURGE);
        return s;
    }
    if (mn_p_accept_kw(p, MN_KW_SCHEMA) || mn_p_accept_kw(p, MN_KW_DATABASE)) {
        s = new_stmt(p, MN_STMT_DROP_SCHEMA, pos);
        if (!s) return NULL;
        s->u.schema.if_exists = if_exists(p);
        if (!mn_p_qname(p, &s->u.schema.name)) return NULL;
        if (mn_p_accept_kw(p, MN_KW_CASCADE))
            s->u.schema.cascade = true;
        else
            mn_p_accept_kw(p, MN_KW_RESTRICT);
        return s;
    }
    if (mn_p_accept_word(p, "INDEX")) {
        s = new_stmt(p, MN_STMT_DROP_INDEX, pos);
        if (!s) return NULL;
        s->u.index.if_exists = if_exists(p);
        if (!mn_p_qname(p, &s->u.index.name)) return NULL;
        return s;
    }
    mn_p_error_mismatch(p);
    return NULL;
}

static mn_ast_stmt *insert(mn_parser *p, mn_pos pos) {
    mn_ast_stmt *s = new_stmt(p, MN_STMT_INSERT, pos);
    if (!s || !mn_p_expect_kw(p, MN_KW_INTO)) return NULL;
    mn_p_accept_kw(p, MN_KW_TABLE); /* Hive: INSERT INTO TABLE t */
    if (!mn_p_qname(p, &s->u.insert.table)) return NULL;
    /* (a, b) is a column list unless it starts the query: INSERT INTO t (SELECT ...) */
    if (mn_p_peek_is(p, 0, MN_TK_LPAREN) && !mn_p_starts_query(p, 1)) {
        mn_p_advance(p);
        int cap = 0;
        do {
            if (!mn_p_grow(p, (void **)&s->u.insert.columns, &cap, s->u.insert.ncolumns, sizeof(mn_ident)))
                return NULL;
            if (!mn_p_ident(p, &s->u.insert.columns[s->u.insert.ncolumns])) return NULL;
            s->u.insert.ncolumns++;
        } while (mn_p_accept(p, MN_TK_COMMA));
        if (!mn_p_expect(p, MN_TK_RPAREN)) return NULL;
    }
    s->u.insert.query = mn_p_query(p);
    return s->u.insert.query ? s : NULL;
}

/* DELETE FROM table [WHERE condition] */
static mn_ast_stmt *delete_stmt(mn_parser *p, mn_pos pos) {
    mn_ast_stmt *s = new_stmt(p, MN_STMT_DELETE, pos);
    if (!s || !mn_p_expect_kw(p, MN_KW_FROM) || !mn_p_qname(p, &s->u.modify.table)) return NULL;
    if (mn_p_accept_kw(p, MN_KW_WHERE) && !(s->u.modify.where = mn_p_expr(p))) return NULL;
    return s;
}

/* UPDATE table SET column = expression [, …] [WHERE condition] */
static mn_ast_stmt *update_stmt(mn_parser *p, mn_pos pos) {
    mn_ast_stmt *s = new_stmt(p, MN_STMT_UPDATE, pos);
    if (!s || !mn_p_qname(p, &s->u.modify.table)) return NULL;
    if (!mn_p_accept_word(p, "SET")) {
        mn_p_error_mismatch(p);
        return NULL;
    }
    int cap_c = 0, cap_v = 0;
    do {
        int n = s->u.modify.nset;
        if (!mn_p_grow(p, (void **)&s->u.modify.set_columns, &cap_c, n, sizeof(mn_ident)) ||
            !mn_p_grow(p, (void **)&s->u.modify.set_values, &cap_v, n, sizeof(mn_ast_expr *)))
            return NULL;
        if (!mn_p_ident(p, &s->u.modify.set_columns[n]) || !mn_p_expect(p, MN_TK_EQ)) return NULL;
        if (!(s->u.modify.set_values[n] = mn_p_expr(p))) return NULL;
        s->u.modify.nset = n + 1;
    } while (mn_p_accept(p, MN_TK_COMMA));
    if (mn_p_accept_kw(p, MN_KW_WHERE) && !(s->u.modify.where = mn_p_expr(p))) return NULL;
    return s;
}

static bool like_pattern(mn_parser *p, mn_ast_stmt *s) {
    if (mn_p_accept_kw(p, MN_KW_LIKE)) {
        s->u.show.like = mn_p_string(p, NULL);
        if (!s->u.show.like) return false;
        if (mn_p_accept_kw(p, MN_KW_ESCAPE) && !mn_p_string(p, NULL)) return false;
    }
    return true;
}

static mn_ast_stmt *show(mn_parser *p, mn_pos pos) {
    mn_ast_stmt *s;
    if (mn_p_accept_kw(p, MN_KW_SCHEMAS) || mn_p_accept_kw(p, MN_KW_DATABASES)) {
        s = new_stmt(p, MN_STMT_SHOW_SCHEMAS, pos);
        if (!s) return NULL;
        if ((mn_p_accept_kw(p, MN_KW_FROM) || mn_p_accept_kw(p, MN_KW_IN)) && !(s->u.show.name = heap_qname(p)))
            return NULL;
        return like_pattern(p, s) ? s : NULL;
    }
    if (mn_p_accept_kw(p, MN_KW_TABLES)) {
        s = new_stmt(p, MN_STMT_SHOW_TABLES, pos);
        if (!s) return NULL;
        if ((mn_p_accept_kw(p, MN_KW_FROM) || mn_p_accept_kw(p, MN_KW_IN)) && !(s->u.show.name = heap_qname(p)))
            return NULL;
        if (mn_p_is(p, MN_TK_STRING)) { /* Athena: SHOW TABLES 'pattern' */
            s->u.show.like = mn_p_string(p, NULL);
            return s->u.show.like ? s : NULL;
        }
        return like_pattern(p, s) ? s : NULL;
    }
    if (mn_p_accept_kw(p, MN_KW_COLUMNS)) {
        s = new_stmt(p, MN_STMT_SHOW_COLUMNS, pos);
        if (!s) return NULL;
        if (!mn_p_accept_kw(p, MN_KW_FROM) && !mn_p_expect_kw(p, MN_KW_IN)) return NULL;
        if (!(s->u.show.name = heap_qname(p))) return NULL;
        /* Hive: SHOW COLUMNS IN t IN db */
        if (mn_p_accept_kw(p, MN_KW_FROM) || mn_p_accept_kw(p, MN_KW_IN)) {
            mn_qname db;
            if (!mn_p_qname(p, &db)) return NULL;
            mn_qname *full = mn_p_alloc(p, sizeof *full);
            if (!full) return NULL;
            full->n = db.n + s->u.show.name->n;
            full->parts = mn_p_alloc(p, (size_t)full->n * sizeof(mn_ident));
            if (!full->parts) return NULL;
            memcpy(full->parts, db.parts, (size_t)db.n * sizeof(mn_ident));
            memcpy(full->parts + db.n, s->u.show.name->parts, (size_t)s->u.show.name->n * sizeof(mn_ident));
            full->pos = s->u.show.name->pos;
            s->u.show.name = full;
        }
        return like_pattern(p, s) ? s : NULL;
    }
    if (mn_p_accept_kw(p, MN_KW_CREATE)) {
        if (!mn_p_expect_kw(p, MN_KW_TABLE)) return NULL;
        s = new_stmt(p, MN_STMT_SHOW_CREATE_TABLE, pos);
        if (!s || !(s->u.show.name = heap_qname(p))) return NULL;
        return s;
    }
    if (mn_p_accept_word(p, "STATS")) {
        s = new_stmt(p, MN_STMT_SHOW_STATS, pos);
        if (!s || !mn_p_expect_kw(p, MN_KW_FOR) || !(s->u.show.name = heap_qname(p))) return NULL;
        return s;
    }
    if (mn_p_accept_kw(p, MN_KW_FUNCTIONS)) {
        s = new_stmt(p, MN_STMT_SHOW_FUNCTIONS, pos);
        if (!s) return NULL;
        return like_pattern(p, s) ? s : NULL;
    }
    mn_p_error_mismatch(p);
    return NULL;
}

static mn_ast_stmt *describe(mn_parser *p, mn_pos pos) {
    mn_ast_stmt *s = new_stmt(p, MN_STMT_SHOW_COLUMNS, pos);
    if (!s) return NULL;
    /* Hive: DESCRIBE FORMATTED|EXTENDED t (the word is a table name when nothing follows) */
    if ((mn_p_peek_kw(p, 0, MN_KW_FORMATTED) || mn_p_peek_kw(p, 0, MN_KW_EXTENDED)) && mn_p_peek_is_ident(p, 1))
        mn_p_advance(p);
    if (!(s->u.show.name = heap_qname(p))) return NULL;
    return s;
}

static mn_ast_stmt *statement(mn_parser *p) {
    mn_pos pos = mn_p_pos(p);
    if (mn_p_starts_query(p, 0)) {
        mn_ast_stmt *s = new_stmt(p, MN_STMT_QUERY, pos);
        if (!s) return NULL;
        s->u.query = mn_p_query(p);
        return s->u.query ? s : NULL;
    }
    mn_p_note(p, "SELECT");
    mn_p_note(p, "WITH");
    mn_p_note(p, "VALUES");
    mn_p_note(p, "TABLE");
    mn_p_note(p, "(");
    if (mn_p_accept_kw(p, MN_KW_EXPLAIN)) return explain(p, pos);
    if (mn_p_accept_kw(p, MN_KW_ANALYZE)) {
        mn_ast_stmt *s = new_stmt(p, MN_STMT_ANALYZE, pos);
        if (!s || !(s->u.show.name = heap_qname(p))) return NULL;
        return s;
    }
    if (mn_p_accept_kw(p, MN_KW_CREATE)) return create(p, pos);
    if (mn_p_accept_kw(p, MN_KW_DROP)) return drop(p, pos);
    if (mn_p_accept_kw(p, MN_KW_INSERT)) return insert(p, pos);
    if (mn_p_accept_kw(p, MN_KW_DELETE)) return delete_stmt(p, pos);
    if (mn_p_accept_word(p, "UPDATE")) return update_stmt(p, pos);
    if (mn_p_accept_kw(p, MN_KW_SHOW)) return show(p, pos);
    if (mn_p_accept_kw(p, MN_KW_DESCRIBE) || mn_p_accept_kw(p, MN_KW_DESC)) return describe(p, pos);
    if (mn_p_accept_kw(p, MN_KW_USE)) {
        mn_ast_stmt *s = new_stmt(p, MN_STMT_USE, pos);
        if (!s || !mn_p_qname(p, &s->u.use.name)) return NULL;
        return s;
    }
    mn_p_error_mismatch(p);
    return NULL;
}

/* ---------- entry points ---------- */

static void parser_init(mn_parser *p, mn_arena *arena, const char *sql, size_t len, mn_error *err) {
    memset(p, 0, sizeof *p);
    p->arena = arena;
    p->src = sql ? sql : "";
    p->len = sql ? len : 0;
    p->err = err;
    p->stack_base = stack_here();
    mn_lexer_init(&p->lx, arena, p->src, p->len);
}

/* Requires the end of input, after an optional ';' for statements. */
static bool at_end(mn_parser *p, bool allow_semicolon) {
    if (p->failed) return false;
    if (allow_semicolon && mn_p_peek_is(p, 0, MN_TK_SEMI)) mn_p_advance(p);
    mn_p_note(p, "<EOF>");
    if (mn_p_cur(p)->kind == MN_TK_EOF) return true;
    mn_p_error_mismatch(p);
    return false;
}

mn_ast_stmt *mn_parse_statement(mn_arena *arena, const char *sql, size_t len, mn_error *err) {
    mn_error dummy;
    mn_parser p;
    parser_init(&p, arena, sql, len, err ? err : &dummy);
    mn_ast_stmt *s = statement(&p);
    if (s && !at_end(&p, true)) s = NULL;
    if (p.failed)
        s = NULL;
    else
        mn_error_clear(p.err); /* an abandoned alternative may have left a message */
    free(p.toks);
    free(p.qfail);
    return s;
}

mn_ast_expr *mn_parse_expression(mn_arena *arena, const char *sql, size_t len, mn_error *err) {
    mn_error dummy;
    mn_parser p;
    parser_init(&p, arena, sql, len, err ? err : &dummy);
    mn_ast_expr *e = mn_p_expr(&p);
    if (e && !at_end(&p, false)) e = NULL;
    if (p.failed)
        e = NULL;
    else
        mn_error_clear(p.err);
    free(p.toks);
    free(p.qfail);
    return e;
}
