/* lexer.c — turns SQL text into tokens (Trino's lexical rules, plus Hive's string
 * escapes when the parser asks for them), keyword lookup, and mn_statement_end(), the
 * statement splitter the shell uses. Positions count characters, not bytes. */
#include "sql/lexer.h"

#include <string.h>

#include "minerva.h"

static const struct {
    const char *name;
    bool reserved;
} keywords[] = {
    {"", false},
#define MN_X_KW(name, reserved) {#name, reserved},
    MN_KEYWORDS(MN_X_KW)
#undef MN_X_KW
};

mn_keyword mn_keyword_lookup(const char *s, size_t n) {
    char up[32];
    if (n == 0 || n >= sizeof up) return MN_KW_NONE;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        up[i] = c;
    }
    up[n] = '\0';
    int lo = 1, hi = (int)MN_KW__COUNT - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(up, keywords[mid].name);
        if (c == 0) return (mn_keyword)mid;
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return MN_KW_NONE;
}

const char *mn_keyword_name(mn_keyword kw) {
    if ((int)kw <= 0 || kw >= MN_KW__COUNT) return "";
    return keywords[kw].name;
}

bool mn_keyword_reserved(mn_keyword kw) {
    if ((int)kw <= 0 || kw >= MN_KW__COUNT) return false;
    return keywords[kw].reserved;
}

/* ---------- character helpers ---------- */

static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static bool is_hex(unsigned char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static int hex_val(unsigned char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return len;
}

static size_t utf8_put(char *out, uint32_t cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---------- Hive unescaping ---------- */

/* quote: the enclosing quote character whose doubling ('' inside '...') stands for one
 * quote, or 0. Output is never longer than the input (\uXXXX gives at most 3 bytes). */
static char *hive_unescape(mn_arena *arena, const char *s, size_t n, char quote, uint32_t *out_len) {
    char *out = mn_arena_alloc(arena, n + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (quote && c == (unsigned char)quote && k + 1 < n && s[k + 1] == quote) {
            out[o++] = quote;
            k++;
            continue;
        }
        if (c != '\\' || k + 2 > n) {
            out[o++] = (char)c;
            continue;
        }
        if (k + 6 <= n && s[k + 1] == 'u' && is_hex((unsigned char)s[k + 2]) && is_hex((unsigned char)s[k + 3]) &&
            is_hex((unsigned char)s[k + 4]) && is_hex((unsigned char)s[k + 5])) {
            uint32_t cp = 0;
            for (int j = 2; j < 6; j++) cp = (cp << 4) | (uint32_t)hex_val((unsigned char)s[k + j]);
            o += utf8_put(out + o, cp);
            k += 5;
            continue;
        }
        if (k + 4 <= n && s[k + 1] >= '0' && s[k + 1] <= '1' && s[k + 2] >= '0' && s[k + 2] <= '7' &&
            s[k + 3] >= '0' && s[k + 3] <= '7') {
            out[o++] = (char)((s[k + 1] - '0') * 64 + (s[k + 2] - '0') * 8 + (s[k + 3] - '0'));
            k += 3;
            continue;
        }
        char e = s[k + 1];
        switch (e) {
        case '0': out[o++] = '\0'; break;
        case 'b': out[o++] = '\b'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'Z': out[o++] = 0x1A; break;
        case '%':
        case '_':
            out[o++] = '\\';
            out[o++] = e;
            break;
        default: out[o++] = e; break; /* \' \" \\ and unknown escapes drop the backslash */
        }
        k++;
    }
    out[o] = '\0';
    *out_len = (uint32_t)o;
    return out;
}

char *mn_hive_unescape(mn_arena *arena, const char *s, size_t n, uint32_t *out_len) {
    return hive_unescape(arena, s, n, 0, out_len);
}

/* ---------- the lexer ---------- */

void mn_lexer_init(mn_lexer *lx, mn_arena *arena, const char *src, size_t len) {
    memset(lx, 0, sizeof *lx);
    lx->arena = arena;
    lx->src = src ? src : "";
    lx->len = src ? len : 0;
    lx->line = 1;
    lx->column = 1;
}

void mn_lexer_seek(mn_lexer *lx, size_t off, int line, int column) {
    lx->off = off <= lx->len ? off : lx->len;
    lx->line = line;
    lx->column = column;
    lx->failed = false;
}

static unsigned char at(const mn_lexer *lx, size_t i) { return i < lx->len ? (unsigned char)lx->src[i] : 0; }

/* Moves past n bytes, keeping line:column (columns count characters, not bytes). */
static void advance(mn_lexer *lx, size_t n) {
    for (size_t i = 0; i < n && lx->off < lx->len; i++) {
        unsigned char c = (unsigned char)lx->src[lx->off++];
        if (c == '\n') {
            lx->line++;
            lx->column = 1;
        } else if ((c & 0xC0) != 0x80) {
            lx->column++;
        }
    }
}

static void begin(mn_lexer *lx, mn_token *tok, mn_token_kind kind) {
    memset(tok, 0, sizeof *tok);
    tok->kind = kind;
    tok->start = lx->off;
    tok->line = lx->line;
    tok->column = lx->column;
}

static void finish(mn_lexer *lx, mn_token *tok) {
    tok->end = lx->off;
    tok->end_line = lx->line;
    tok->end_column = lx->column;
}

/* Produces an error token at tok's start; the lexer stays on it. text NULL = out of memory. */
static void fail(mn_lexer *lx, mn_token *tok, const char *msg) {
    tok->kind = MN_TK_ERROR;
    tok->text = msg;
    tok->len = msg ? (uint32_t)strlen(msg) : 0;
    tok->end = tok->start;
    tok->end_line = tok->line;
    tok->end_column = tok->column;
    lx->failed = true;
    lx->error = *tok;
}

static bool set_text(mn_lexer *lx, mn_token *tok, const char *s, size_t n) {
    char *t = mn_arena_strndup(lx->arena, s, n);
    if (!t) {
        fail(lx, tok, NULL);
        return false;
    }
    tok->text = t;
    tok->len = (uint32_t)n;
    return true;
}

/* Skips white space and comments. Returns false (with *tok an error) on an unterminated
 * block comment. */
static bool skip_space(mn_lexer *lx, mn_token *tok) {
    for (;;) {
        unsigned char c = at(lx, lx->off);
        if (lx->off >= lx->len) return true;
        if (is_space(c)) {
            advance(lx, 1);
        } else if (c == '-' && at(lx, lx->off + 1) == '-') {
            while (lx->off < lx->len && lx->src[lx->off] != '\n') advance(lx, 1);
        } else if (c == '/' && at(lx, lx->off + 1) == '*') {
            begin(lx, tok, MN_TK_ERROR);
            size_t i = lx->off + 2;
            while (i + 1 < lx->len && !(lx->src[i] == '*' && lx->src[i + 1] == '/')) i++;
            if (i + 1 >= lx->len) {
                fail(lx, tok, "Unterminated comment");
                return false;
            }
            advance(lx, i + 2 - lx->off);
        } else {
            return true;
        }
    }
}

/* Scans a quoted run starting at lx->off (the opening quote q). Doubled quotes stand for
 * one; with `backslash`, a backslash escapes the next byte. On success returns the
 * offset of the closing quote and whether any escape occurred; -1 when unterminated or
 * when the contents are not valid UTF-8 (*bad_utf8 set). */
static long scan_quoted(const mn_lexer *lx, size_t from, char q, bool backslash, bool *escaped, bool *bad_utf8) {
    size_t i = from + 1;
    *escaped = false;
    *bad_utf8 = false;
    while (i < lx->len) {
        unsigned char c = (unsigned char)lx->src[i];
        if (c == (unsigned char)q) {
            if (i + 1 < lx->len && lx->src[i + 1] == q) {
                *escaped = true;
                i += 2;
                continue;
            }
            return (long)i;
        }
        if (backslash && c == '\\' && i + 1 < lx->len) {
            *escaped = true;
            i++;
        }
        if (lx->src[i] & 0x80) {
            size_t l = utf8_len((const unsigned char *)lx->src + i, lx->len - i);
            if (l == 0) {
                *bad_utf8 = true;
                return -1;
            }
            i += l;
        } else {
            i++;
        }
    }
    return -1;
}

/* Copies s[0..n) collapsing doubled q into one. */
static bool undouble(mn_lexer *lx, mn_token *tok, const char *s, size_t n, char q) {
    char *out = mn_arena_alloc(lx->arena, n + 1);
    if (!out) {
        fail(lx, tok, NULL);
        return false;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        out[o++] = s[i];
        if (s[i] == q && i + 1 < n && s[i + 1] == q) i++;
    }
    out[o] = '\0';
    tok->text = out;
    tok->len = (uint32_t)o;
    return true;
}

static void lex_string(mn_lexer *lx, mn_token *tok, char q) {
    bool escaped, bad;
    bool hive = lx->hive;
    long close = scan_quoted(lx, lx->off, q, hive, &escaped, &bad);
    if (close < 0) {
        fail(lx, tok, bad ? "Invalid UTF-8 in string literal" : "Unterminated string literal");
        return;
    }
    const char *body = lx->src + lx->off + 1;
    size_t n = (size_t)close - lx->off - 1;
    tok->dq = q == '"';
    if (hive) {
        uint32_t len;
        char *t = hive_unescape(lx->arena, body, n, q, &len);
        if (!t) {
            fail(lx, tok, NULL);
            return;
        }
        tok->text = t;
        tok->len = len;
    } else if (escaped) {
        if (!undouble(lx, tok, body, n, q)) return;
    } else if (!set_text(lx, tok, body, n)) {
        return;
    }
    advance(lx, (size_t)close + 1 - lx->off);
    finish(lx, tok);
}

static void lex_quoted_ident(mn_lexer *lx, mn_token *tok, char q) {
    bool escaped, bad;
    long close = scan_quoted(lx, lx->off, q, false, &escaped, &bad);
    if (close < 0) {
        fail(lx, tok, bad ? "Invalid UTF-8 in quoted identifier" : "Unterminated quoted identifier");
        return;
    }
    size_t n = (size_t)close - lx->off - 1;
    if (n == 0) {
        fail(lx, tok, "Zero-length delimited identifier not allowed");
        return;
    }
    if (!undouble(lx, tok, lx->src + lx->off + 1, n, q)) return;
    if (memchr(tok->text, '\0', tok->len)) {
        fail(lx, tok, "Identifiers must not contain NUL characters");
        return;
    }
    advance(lx, (size_t)close + 1 - lx->off);
    finish(lx, tok);
}

/* U&'...' [UESCAPE 'c']: \XXXX and \+XXXXXX escapes (the escape character may be changed
 * with UESCAPE; a doubled escape character stands for itself). */
static void lex_unicode_string(mn_lexer *lx, mn_token *tok) {
    size_t qpos = lx->off + 2;
    bool escaped, bad;
    long close = scan_quoted(lx, qpos, '\'', false, &escaped, &bad);
    if (close < 0) {
        fail(lx, tok, bad ? "Invalid UTF-8 in string literal" : "Unterminated string literal");
        return;
    }
    size_t end = (size_t)close + 1;
    char esc = '\\';
    /* optional UESCAPE 'c' after white space */
    size_t j = end;
    while (j < lx->len && is_space((unsigned char)lx->src[j])) j++;
    if (j + 7 <= lx->len && mn_keyword_lookup(lx->src + j, 7) == MN_KW_UESCAPE &&
        (j + 7 == lx->len || !is_alpha((unsigned char)lx->src[j + 7]))) {
        size_t k = j + 7;
        while (k < lx->len && is_space((unsigned char)lx->src[k])) k++;
        if (k + 3 <= lx->len && lx->src[k] == '\'' && lx->src[k + 2] == '\'' && lx->src[k + 1] != '\'' &&
            !is_hex((unsigned char)lx->src[k + 1]) && lx->src[k + 1] != '+' && lx->src[k + 1] != '"' &&
            (unsigned char)lx->src[k + 1] > ' ' && (unsigned char)lx->src[k + 1] < 0x7F) {
            esc = lx->src[k + 1];
            end = k + 3;
        } else {
            fail(lx, tok, "Invalid Unicode escape character");
            return;
        }
    }
    const char *body = lx->src + qpos + 1;
    size_t n = (size_t)close - qpos - 1;
    char *out = mn_arena_alloc(lx->arena, n + 1);
    if (!out) {
        fail(lx, tok, NULL);
        return;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = body[i];
        if (c == '\'' && i + 1 < n && body[i + 1] == '\'') {
            out[o++] = '\'';
            i++;
        } else if (c == esc) {
            if (i + 1 < n && body[i + 1] == esc) {
                out[o++] = esc;
                i++;
                continue;
            }
            int digits = 4;
            size_t p = i + 1;
            if (p < n && body[p] == '+') {
                digits = 6;
                p++;
            }
            uint32_t cp = 0;
            int d = 0;
            while (d < digits && p + (size_t)d < n && is_hex((unsigned char)body[p + (size_t)d])) {
                cp = (cp << 4) | (uint32_t)hex_val((unsigned char)body[p + (size_t)d]);
                d++;
            }
            if (d != digits || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                fail(lx, tok, "Invalid Unicode escape sequence");
                return;
            }
            o += utf8_put(out + o, cp);
            i = p + (size_t)d - 1;
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    tok->kind = MN_TK_STRING;
    tok->text = out;
    tok->len = (uint32_t)o;
    advance(lx, end - lx->off);
    finish(lx, tok);
}

static void lex_number(mn_lexer *lx, mn_token *tok) {
    size_t i = lx->off;
    bool dot = false, exp = false;
    while (i < lx->len && is_digit(at(lx, i))) i++;
    if (at(lx, i) == '.' && i < lx->len) {
        dot = true;
        i++;
        while (i < lx->len && is_digit(at(lx, i))) i++;
    }
    if (i < lx->len && (at(lx, i) == 'e' || at(lx, i) == 'E')) {
        size_t j = i + 1;
        if (j < lx->len && (at(lx, j) == '+' || at(lx, j) == '-')) j++;
        if (j < lx->len && is_digit(at(lx, j))) {
            exp = true;
            i = j;
            while (i < lx->len && is_digit(at(lx, i))) i++;
        }
    }
    if (i < lx->len && (is_alpha(at(lx, i)) || is_digit(at(lx, i)))) {
        fail(lx, tok, "identifiers must not start with a digit; surround the identifier with double quotes");
        return;
    }
    tok->kind = exp ? MN_TK_DOUBLE : dot ? MN_TK_DECIMAL : MN_TK_INTEGER;
    if (!set_text(lx, tok, lx->src + lx->off, i - lx->off)) return;
    advance(lx, i - lx->off);
    finish(lx, tok);
}

void mn_lexer_next(mn_lexer *lx, mn_token *tok) {
    if (lx->failed) {
        *tok = lx->error;
        return;
    }
    if (!skip_space(lx, tok)) return;
    begin(lx, tok, MN_TK_EOF);
    if (lx->off >= lx->len) {
        tok->text = "";
        finish(lx, tok);
        return;
    }
    unsigned char c = at(lx, lx->off), c1 = at(lx, lx->off + 1);
    bool has1 = lx->off + 1 < lx->len;

    if ((c == 'x' || c == 'X') && has1 && c1 == '\'') {
        bool escaped, bad;
        long close = scan_quoted(lx, lx->off + 1, '\'', false, &escaped, &bad);
        if (close < 0) {
            fail(lx, tok, bad ? "Invalid UTF-8 in string literal" : "Unterminated string literal");
            return;
        }
        tok->kind = MN_TK_BINARY;
        if (!set_text(lx, tok, lx->src + lx->off + 2, (size_t)close - lx->off - 2)) return;
        advance(lx, (size_t)close + 1 - lx->off);
        finish(lx, tok);
        return;
    }
    if ((c == 'u' || c == 'U') && has1 && c1 == '&' && at(lx, lx->off + 2) == '\'' && lx->off + 2 < lx->len) {
        lex_unicode_string(lx, tok);
        return;
    }
    if (is_alpha(c)) {
        size_t i = lx->off + 1;
        while (i < lx->len && (is_alpha(at(lx, i)) || is_digit(at(lx, i)))) i++;
        tok->kind = MN_TK_WORD;
        tok->kw = mn_keyword_lookup(lx->src + lx->off, i - lx->off);
        if (!set_text(lx, tok, lx->src + lx->off, i - lx->off)) return;
        advance(lx, i - lx->off);
        finish(lx, tok);
        return;
    }
    if (is_digit(c) || (c == '.' && has1 && is_digit(c1))) {
        lex_number(lx, tok);
        return;
    }
    if (c == '\'') {
        tok->kind = MN_TK_STRING;
        lex_string(lx, tok, '\'');
        return;
    }
    if (c == '"') {
        if (lx->hive) {
            tok->kind = MN_TK_STRING;
            lex_string(lx, tok, '"');
        } else {
            tok->kind = MN_TK_QIDENT;
            lex_quoted_ident(lx, tok, '"');
        }
        return;
    }
    if (c == '`') {
        tok->kind = MN_TK_QIDENT;
        lex_quoted_ident(lx, tok, '`');
        return;
    }

    mn_token_kind k;
    size_t n = 1;
    switch (c) {
    case '+': k = MN_TK_PLUS; break;
    case '-':
        if (c1 == '>' && has1) {
            k = MN_TK_ARROW;
            n = 2;
        } else {
            k = MN_TK_MINUS;
        }
        break;
    case '*': k = MN_TK_STAR; break;
    case '/': k = MN_TK_SLASH; break;
    case '%': k = MN_TK_PERCENT; break;
    case '(': k = MN_TK_LPAREN; break;
    case ')': k = MN_TK_RPAREN; break;
    case ',': k = MN_TK_COMMA; break;
    case '.': k = MN_TK_DOT; break;
    case ';': k = MN_TK_SEMI; break;
    case '[': k = MN_TK_LBRACKET; break;
    case ']': k = MN_TK_RBRACKET; break;
    case '?': k = MN_TK_QUESTION; break;
    case ':': k = MN_TK_COLON; break;
    case '=': k = MN_TK_EQ; break;
    case '<':
        if (has1 && c1 == '=') {
            k = MN_TK_LE;
            n = 2;
        } else if (has1 && c1 == '>') {
            k = MN_TK_NE;
            n = 2;
        } else {
            k = MN_TK_LT;
        }
        break;
    case '>':
        if (has1 && c1 == '=') {
            k = MN_TK_GE;
            n = 2;
        } else {
            k = MN_TK_GT;
        }
        break;
    case '!':
        if (has1 && c1 == '=') {
            k = MN_TK_NE;
            n = 2;
            break;
        }
        fail(lx, tok, "token recognition error at: '!'");
        return;
    case '|':
        if (has1 && c1 == '|') {
            k = MN_TK_CONCAT;
            n = 2;
            break;
        }
        fail(lx, tok, "token recognition error at: '|'");
        return;
    default: {
        /* quote the offending character when it is printable, else give its code */
        size_t l = c >= 0x80 ? utf8_len((const unsigned char *)lx->src + lx->off, lx->len - lx->off) : 0;
        const char *msg;
        if (l > 0)
            msg = mn_arena_sprintf(lx->arena, "token recognition error at: '%.*s'", (int)l, lx->src + lx->off);
        else if (c >= 0x80)
            msg = mn_arena_sprintf(lx->arena, "Invalid UTF-8 byte 0x%02X", c);
        else if (c < 0x20 || c == 0x7F)
            msg = mn_arena_sprintf(lx->arena, "token recognition error at: character 0x%02X", c);
        else
            msg = mn_arena_sprintf(lx->arena, "token recognition error at: '%c'", c);
        fail(lx, tok, msg);
        return;
    }
    }
    tok->kind = k;
    tok->text = "";
    advance(lx, n);
    finish(lx, tok);
}

/* ---------- statement splitting (public API) ---------- */

size_t mn_statement_end(const char *sql, size_t len, int *complete, int *blank) {
    int is_blank = 1;
    size_t i = 0;
    if (!sql) len = 0;
    while (i < len) {
        char c = sql[i];
        if (c == ';') {
            if (complete) *complete = 1;
            if (blank) *blank = is_blank;
            return i + 1;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            i++;
        } else if (c == '-' && i + 1 < len && sql[i + 1] == '-') {
            while (i < len && sql[i] != '\n') i++;
        } else if (c == '/' && i + 1 < len && sql[i + 1] == '*') {
            size_t j = i + 2;
            while (j + 1 < len && !(sql[j] == '*' && sql[j + 1] == '/')) j++;
            i = j + 1 < len ? j + 2 : len;
        } else if (c == '\'' || c == '"' || c == '`') {
            is_blank = 0;
            size_t j = i + 1;
            /* a doubled quote re-enters the quoted run on the next iteration */
            while (j < len && sql[j] != c) j++;
            i = j < len ? j + 1 : len;
        } else {
            is_blank = 0;
            i++;
        }
    }
    if (complete) *complete = 0;
    if (blank) *blank = is_blank;
    return len;
}
