/* json_text.c — JSON tokenizer, tree and writers following Jackson's behaviour as Trino
 * uses it: strict JSON (no comments, no trailing commas, no leading zeros, no NaN), the
 * input decoded as UTF-8 with invalid bytes replaced by U+FFFD (Trino reads through a
 * java.io.Reader), Jackson's output escaping and Java's number layout.
 * Every read is bounds-checked against n; nesting deeper than MN_JSON_MAX_DEPTH is an
 * error, so the recursive tree functions are bounded too. */
#include "common/utf8.h"
#include "format/json_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "types/scalar_text.h"

enum {
    ST_ROOT,      /* top level: a value or the end */
    ST_ARR_FIRST, /* after '[': a value or ']' */
    ST_ARR_VALUE, /* after ',' in an array: a value */
    ST_ARR_AFTER, /* after an element: ',' or ']' */
    ST_OBJ_FIRST, /* after '{': a name or '}' */
    ST_OBJ_NAME,  /* after ',' in an object: a name */
    ST_OBJ_VALUE, /* after "name": a value */
    ST_OBJ_AFTER, /* after a member: ',' or '}' */
};

void mn_json_lexer_init(mn_json_lexer *lx, const char *s, size_t n) {
    lx->s = s ? s : "";
    lx->n = s ? n : 0;
    lx->i = 0;
    lx->depth = 0;
    lx->state = ST_ROOT;
    lx->tok = MN_JT_EOF;
    lx->tstart = lx->tend = 0;
    lx->escaped = false;
}

static mn_json_tok fail(mn_json_lexer *lx) {
    lx->tok = MN_JT_ERROR;
    return MN_JT_ERROR;
}

static void skip_ws(mn_json_lexer *lx) {
    while (lx->i < lx->n) {
        char c = lx->s[lx->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        lx->i++;
    }
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Scans a string whose opening quote is at lx->i; sets the token span (without quotes). */
static bool scan_string(mn_json_lexer *lx) {
    size_t i = lx->i + 1;
    bool esc = false;
    lx->tstart = i;
    while (i < lx->n) {
        unsigned char c = (unsigned char)lx->s[i];
        if (c == '"') {
            lx->tend = i;
            lx->i = i + 1;
            lx->escaped = esc;
            return true;
        }
        if (c < 0x20) return false; /* unescaped control character */
        if (c >= 0x80) esc = true;  /* may need U+FFFD replacement when decoded */
        if (c == '\\') {
            esc = true;
            if (i + 1 >= lx->n) return false;
            char e = lx->s[i + 1];
            if (e == 'u') {
                if (i + 6 > lx->n) return false;
                for (int k = 2; k < 6; k++)
                    if (hexval(lx->s[i + (size_t)k]) < 0) return false;
                i += 6;
                continue;
            }
            if (!strchr("\"\\/bfnrt", e) || e == '\0') return false;
            i += 2;
            continue;
        }
        i++;
    }
    return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Scans a number at lx->i; returns MN_JT_INT / MN_JT_FLOAT or MN_JT_ERROR. */
static mn_json_tok scan_number(mn_json_lexer *lx) {
    size_t i = lx->i, n = lx->n;
    const char *s = lx->s;
    bool is_float = false;
    lx->tstart = i;
    if (s[i] == '-') i++;
    if (i >= n || !is_digit(s[i])) return MN_JT_ERROR;
    if (s[i] == '0') {
        i++;
        if (i < n && is_digit(s[i])) return MN_JT_ERROR; /* leading zeroes */
    } else {
        while (i < n && is_digit(s[i])) i++;
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i])) return MN_JT_ERROR;
        while (i < n && is_digit(s[i])) i++;
        is_float = true;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || !is_digit(s[i])) return MN_JT_ERROR;
        while (i < n && is_digit(s[i])) i++;
        is_float = true;
    }
    lx->tend = i;
    lx->i = i;
    return is_float ? MN_JT_FLOAT : MN_JT_INT;
}

static bool ident_part(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit((char)c) || c == '_' || c == '$' ||
           c >= 0x80;
}

static mn_json_tok scan_literal(mn_json_lexer *lx) {
    static const struct {
        const char *w;
        mn_json_tok t;
    } lits[] = {{"true", MN_JT_TRUE}, {"false", MN_JT_FALSE}, {"null", MN_JT_NULL}};
    for (int k = 0; k < 3; k++) {
        size_t len = strlen(lits[k].w);
        if (lx->n - lx->i >= len && memcmp(lx->s + lx->i, lits[k].w, len) == 0) {
            size_t e = lx->i + len;
            if (e < lx->n && ident_part((unsigned char)lx->s[e])) return MN_JT_ERROR;
            lx->tstart = lx->i;
            lx->tend = e;
            lx->i = e;
            return lits[k].t;
        }
    }
    return MN_JT_ERROR;
}

/* The state the current level takes once a value has been completed in it. */
static void value_done(mn_json_lexer *lx) {
    if (lx->depth == 0) lx->state = ST_ROOT;
    else lx->state = lx->kind[lx->depth] == 'a' ? ST_ARR_AFTER : ST_OBJ_AFTER;
}

static mn_json_tok close_container(mn_json_lexer *lx, char kind) {
    if (lx->depth == 0 || lx->kind[lx->depth] != (uint8_t)kind) return fail(lx);
    lx->i++;
    lx->depth--;
    value_done(lx);
    lx->tok = kind == 'a' ? MN_JT_END_ARRAY : MN_JT_END_OBJECT;
    return lx->tok;
}

static mn_json_tok read_value(mn_json_lexer *lx) {
    if (lx->i >= lx->n) return fail(lx);
    char c = lx->s[lx->i];
    mn_json_tok t;
    switch (c) {
    case '{':
    case '[':
        if (lx->depth >= MN_JSON_MAX_DEPTH) return fail(lx);
        lx->depth++;
        lx->kind[lx->depth] = c == '[' ? 'a' : 'o';
        lx->state = c == '[' ? ST_ARR_FIRST : ST_OBJ_FIRST;
        lx->tstart = lx->i;
        lx->i++;
        lx->tend = lx->i;
        lx->tok = c == '[' ? MN_JT_START_ARRAY : MN_JT_START_OBJECT;
        return lx->tok;
    case '"':
        if (!scan_string(lx)) return fail(lx);
        t = MN_JT_STRING;
        break;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        t = scan_number(lx);
        if (t == MN_JT_ERROR) return fail(lx);
        /* Jackson: a number at the top level must be followed by white space */
        if (lx->depth == 0 && lx->i < lx->n) {
            char d = lx->s[lx->i];
            if (d != ' ' && d != '\t' && d != '\n' && d != '\r') return fail(lx);
        }
        break;
    default:
        t = scan_literal(lx);
        if (t == MN_JT_ERROR) return fail(lx);
        break;
    }
    value_done(lx);
    lx->tok = t;
    return t;
}

mn_json_tok mn_json_next(mn_json_lexer *lx) {
    if (lx->tok == MN_JT_ERROR) return MN_JT_ERROR;
    skip_ws(lx);
    if (lx->i >= lx->n) {
        if (lx->depth == 0 && lx->state == ST_ROOT) {
            lx->tok = MN_JT_EOF;
            return MN_JT_EOF;
        }
        return fail(lx);
    }
    char c = lx->s[lx->i];
    switch (lx->state) {
    case ST_ROOT:
    case ST_ARR_VALUE:
    case ST_OBJ_VALUE: return read_value(lx);
    case ST_ARR_FIRST:
        if (c == ']') return close_container(lx, 'a');
        return read_value(lx);
    case ST_ARR_AFTER:
        if (c == ']') return close_container(lx, 'a');
        if (c != ',') return fail(lx);
        lx->i++;
        skip_ws(lx);
        lx->state = ST_ARR_VALUE;
        return read_value(lx);
    case ST_OBJ_AFTER:
        if (c == '}') return close_container(lx, 'o');
        if (c != ',') return fail(lx);
        lx->i++;
        skip_ws(lx);
        if (lx->i >= lx->n) return fail(lx);
        c = lx->s[lx->i];
        break;
    case ST_OBJ_FIRST:
        if (c == '}') return close_container(lx, 'o');
        break;
    case ST_OBJ_NAME: break;
    default: return fail(lx);
    }
    /* a member name, then ':' */
    if (c != '"' || !scan_string(lx)) return fail(lx);
    skip_ws(lx);
    if (lx->i >= lx->n || lx->s[lx->i] != ':') return fail(lx);
    lx->i++;
    lx->state = ST_OBJ_VALUE;
    lx->tok = MN_JT_FIELD_NAME;
    return MN_JT_FIELD_NAME;
}

int mn_json_skip_children(mn_json_lexer *lx) {
    if (lx->tok != MN_JT_START_ARRAY && lx->tok != MN_JT_START_OBJECT) return lx->tok == MN_JT_ERROR ? -1 : 0;
    int target = lx->depth - 1;
    for (;;) {
        mn_json_tok t = mn_json_next(lx);
        if (t == MN_JT_ERROR || t == MN_JT_EOF) return -1;
        if ((t == MN_JT_END_ARRAY || t == MN_JT_END_OBJECT) && lx->depth == target) return 0;
    }
}

/* ---------- strings ---------- */

static int put_cp(mn_strbuf *out, uint32_t cp) {
    char b[4];
    size_t k;
    if (cp < 0x80) {
        b[0] = (char)cp;
        k = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        k = 4;
    }
    return mn_strbuf_append(out, b, k);
}

static uint32_t hex4(const char *p) {
    return (uint32_t)(hexval(p[0]) << 12 | hexval(p[1]) << 8 | hexval(p[2]) << 4 | hexval(p[3]));
}

int mn_json_token_string(const mn_json_lexer *lx, mn_strbuf *out, bool *lone_surrogate) {
    const unsigned char *s = (const unsigned char *)lx->s;
    size_t i = lx->tstart, e = lx->tend;
    if (lone_surrogate) *lone_surrogate = false;
    if (!lx->escaped) return mn_strbuf_append(out, lx->s + i, e - i);
    while (i < e) {
        size_t run = i;
        while (run < e && s[run] != '\\' && s[run] < 0x80) run++;
        if (run > i && mn_strbuf_append(out, lx->s + i, run - i)) return -1;
        i = run;
        if (i >= e) break;
        if (s[i] >= 0x80) {
            int k = mn_utf8_seq(s, e, i);
            if (k > 0) {
                if (mn_strbuf_append(out, lx->s + i, (size_t)k)) return -1;
                i += (size_t)k;
            } else {
                if (mn_strbuf_append(out, "\xEF\xBF\xBD", 3)) return -1;
                i += (size_t)-k;
            }
            continue;
        }
        /* escape (validated by the scanner) */
        char c = (char)s[i + 1];
        int rc = 0;
        switch (c) {
        case 'b': rc = mn_strbuf_putc(out, '\b'); break;
        case 'f': rc = mn_strbuf_putc(out, '\f'); break;
        case 'n': rc = mn_strbuf_putc(out, '\n'); break;
        case 'r': rc = mn_strbuf_putc(out, '\r'); break;
        case 't': rc = mn_strbuf_putc(out, '\t'); break;
        case 'u': {
            uint32_t u = hex4(lx->s + i + 2);
            i += 6;
            if (u >= 0xD800 && u <= 0xDBFF && i + 6 <= e && s[i] == '\\' && s[i + 1] == 'u') {
                uint32_t l = hex4(lx->s + i + 2);
                if (l >= 0xDC00 && l <= 0xDFFF) {
                    i += 6;
                    if (put_cp(out, 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00))) return -1;
                    continue;
                }
            }
            if (u >= 0xD800 && u <= 0xDFFF) {
                if (lone_surrogate) *lone_surrogate = true;
                if (mn_strbuf_putc(out, '?')) return -1;
                continue;
            }
            if (put_cp(out, u)) return -1;
            continue;
        }
        default: rc = mn_strbuf_putc(out, c); break; /* " \ / */
        }
        if (rc) return -1;
        i += 2;
    }
    return out->oom ? -1 : 0;
}

bool mn_json_token_equals(const mn_json_lexer *lx, const char *s, size_t n) {
    if (!lx->escaped) return lx->tend - lx->tstart == n && (n == 0 || memcmp(lx->s + lx->tstart, s, n) == 0);
    mn_strbuf b;
    mn_strbuf_init(&b);
    bool eq = mn_json_token_string(lx, &b, NULL) == 0 && b.len == n && (n == 0 || memcmp(b.data, s, n) == 0);
    mn_strbuf_free(&b);
    return eq;
}

/* ---------- writers ---------- */

int mn_json_write_string(mn_strbuf *out, const char *str, size_t n) {
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s = (const unsigned char *)str;
    if (mn_strbuf_putc(out, '"')) return -1;
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '"' && s[run] != '\\') run++;
        if (run > i && mn_strbuf_append(out, str + i, run - i)) return -1;
        i = run;
        if (i >= n) break;
        unsigned c = s[i];
        if (c >= 0x80) {
            int k = mn_utf8_seq(s, n, i);
            if (k > 0) {
                if (mn_strbuf_append(out, str + i, (size_t)k)) return -1;
                i += (size_t)k;
            } else {
                if (mn_strbuf_append(out, "\xEF\xBF\xBD", 3)) return -1;
                i += (size_t)-k;
            }
            continue;
        }
        char e[7] = {'\\', 0, 0, 0, 0, 0, 0};
        size_t el = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            e[1] = 'u';
            e[2] = '0';
            e[3] = '0';
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            el = 6;
            break;
        }
        if (mn_strbuf_append(out, e, el)) return -1;
        i++;
    }
    return mn_strbuf_putc(out, '"');
}

int mn_json_write_double(mn_strbuf *out, double d) {
    char buf[40];
    size_t k = mn_format_double(d, buf);
    if (isnan(d) || isinf(d)) return mn_json_write_string(out, buf, k);
    return mn_strbuf_append(out, buf, k);
}

int mn_json_write_real(mn_strbuf *out, float f) {
    char buf[40];
    size_t k = mn_format_real(f, buf);
    if (isnan(f) || isinf(f)) return mn_json_write_string(out, buf, k);
    return mn_strbuf_append(out, buf, k);
}

int mn_json_write_number(mn_strbuf *out, const char *text, size_t n, bool is_int) {
    if (is_int) {
        if (n == 2 && text[0] == '-' && text[1] == '0') return mn_strbuf_putc(out, '0');
        return mn_strbuf_append(out, text, n);
    }
    double d;
    if (mn_parse_double(text, n, &d)) d = 0; /* the scanner validated the grammar */
    return mn_json_write_double(out, d);
}

static int write_scalar_token(mn_json_lexer *lx, mn_strbuf *out) {
    switch (lx->tok) {
    case MN_JT_STRING: {
        if (!lx->escaped) return mn_json_write_string(out, lx->s + lx->tstart, lx->tend - lx->tstart);
        mn_strbuf tmp;
        mn_strbuf_init(&tmp);
        int rc = mn_json_token_string(lx, &tmp, NULL);
        if (!rc) rc = mn_json_write_string(out, tmp.data ? tmp.data : "", tmp.len);
        mn_strbuf_free(&tmp);
        return rc;
    }
    case MN_JT_INT:
    case MN_JT_FLOAT:
        return mn_json_write_number(out, lx->s + lx->tstart, lx->tend - lx->tstart, lx->tok == MN_JT_INT);
    case MN_JT_TRUE: return mn_strbuf_puts(out, "true");
    case MN_JT_FALSE: return mn_strbuf_puts(out, "false");
    default: return mn_strbuf_puts(out, "null");
    }
}

int mn_json_copy_value(mn_json_lexer *lx, mn_strbuf *out) {
    mn_json_tok t = lx->tok;
    if (t == MN_JT_ERROR || t == MN_JT_EOF || t == MN_JT_END_ARRAY || t == MN_JT_END_OBJECT ||
        t == MN_JT_FIELD_NAME)
        return -1;
    if (t != MN_JT_START_ARRAY && t != MN_JT_START_OBJECT) return write_scalar_token(lx, out) ? -2 : 0;
    int target = lx->depth - 1;
    mn_json_tok prev = t;
    if (mn_strbuf_putc(out, t == MN_JT_START_ARRAY ? '[' : '{')) return -2;
    for (;;) {
        t = mn_json_next(lx);
        if (t == MN_JT_ERROR || t == MN_JT_EOF) return -1;
        bool closing = t == MN_JT_END_ARRAY || t == MN_JT_END_OBJECT;
        if (!closing && prev != MN_JT_START_ARRAY && prev != MN_JT_START_OBJECT && prev != MN_JT_FIELD_NAME &&
            mn_strbuf_putc(out, ','))
            return -2;
        int rc = 0;
        switch (t) {
        case MN_JT_START_ARRAY: rc = mn_strbuf_putc(out, '['); break;
        case MN_JT_START_OBJECT: rc = mn_strbuf_putc(out, '{'); break;
        case MN_JT_END_ARRAY: rc = mn_strbuf_putc(out, ']'); break;
        case MN_JT_END_OBJECT: rc = mn_strbuf_putc(out, '}'); break;
        case MN_JT_FIELD_NAME: {
            lx->tok = MN_JT_STRING; /* written like a string value */
            rc = write_scalar_token(lx, out);
            lx->tok = MN_JT_FIELD_NAME;
            if (!rc) rc = mn_strbuf_putc(out, ':');
            break;
        }
        default: rc = write_scalar_token(lx, out); break;
        }
        if (rc) return -2;
        if (closing && lx->depth == target) return 0;
        prev = t;
    }
}

/* ---------- tree ---------- */

static int read_node(mn_json_lexer *lx, mn_arena *a, mn_json_node **out, mn_strbuf *tmp) {
    mn_json_node *nd = mn_arena_calloc(a, sizeof *nd);
    if (!nd) return -2;
    mn_json_tok t = lx->tok;
    switch (t) {
    case MN_JT_STRING: {
        bool lone;
        mn_strbuf_clear(tmp);
        if (mn_json_token_string(lx, tmp, &lone)) return -2;
        if (lone) return -1; /* Jackson cannot write an unpaired surrogate as UTF-8 */
        char *p = mn_arena_alloc(a, tmp->len ? tmp->len : 1);
        if (!p) return -2;
        if (tmp->len) memcpy(p, tmp->data, tmp->len);
        nd->text = p;
        nd->len = (uint32_t)tmp->len;
        break;
    }
    case MN_JT_INT:
    case MN_JT_FLOAT:
        nd->text = lx->s + lx->tstart;
        nd->len = (uint32_t)(lx->tend - lx->tstart);
        break;
    case MN_JT_TRUE:
    case MN_JT_FALSE:
    case MN_JT_NULL: break;
    case MN_JT_START_ARRAY:
    case MN_JT_START_OBJECT: {
        bool obj = t == MN_JT_START_OBJECT;
        size_t cap = 0, cnt = 0;
        mn_json_node **kids = NULL;
        for (;;) {
            mn_json_tok k = mn_json_next(lx);
            if (k == MN_JT_END_ARRAY || k == MN_JT_END_OBJECT) break;
            if (k == MN_JT_ERROR || k == MN_JT_EOF) return -1;
            if (cnt + 2 > cap) {
                size_t nc = cap ? cap * 2 : 8;
                mn_json_node **nk = mn_arena_alloc(a, nc * sizeof *nk);
                if (!nk) return -2;
                if (cnt) memcpy(nk, kids, cnt * sizeof *nk);
                kids = nk;
                cap = nc;
            }
            if (obj) {
                /* k is a FIELD_NAME: read it as a string node, then the value */
                lx->tok = MN_JT_STRING;
                int rc = read_node(lx, a, &kids[cnt++], tmp);
                if (rc) return rc;
                if (mn_json_next(lx) == MN_JT_ERROR) return -1;
            }
            int rc = read_node(lx, a, &kids[cnt++], tmp);
            if (rc) return rc;
        }
        nd->kids = kids;
        nd->n = (uint32_t)(obj ? cnt / 2 : cnt);
        break;
    }
    default: return -1;
    }
    nd->kind = (uint8_t)t;
    *out = nd;
    return 0;
}

int mn_json_read_tree(mn_json_lexer *lx, mn_arena *arena, mn_json_node **out) {
    mn_strbuf tmp;
    mn_strbuf_init(&tmp);
    int rc = read_node(lx, arena, out, &tmp);
    if (!rc && tmp.oom) rc = -2;
    mn_strbuf_free(&tmp);
    return rc;
}

/* Next UTF-16 code unit of a UTF-8 string; *pending carries a low surrogate. */
static int next_unit(const unsigned char *s, size_t n, size_t *i, uint32_t *pending) {
    if (*pending) {
        int u = (int)*pending;
        *pending = 0;
        return u;
    }
    if (*i >= n) return -1;
    int k = mn_utf8_seq(s, n, *i);
    if (k <= 0) {
        *i += k < 0 ? (size_t)-k : 1;
        return 0xFFFD;
    }
    uint32_t cp = s[*i];
    if (k == 2) cp = (cp & 0x1F) << 6 | (s[*i + 1] & 0x3F);
    else if (k == 3) cp = (cp & 0x0F) << 12 | (uint32_t)(s[*i + 1] & 0x3F) << 6 | (s[*i + 2] & 0x3F);
    else if (k == 4)
        cp = (cp & 0x07) << 18 | (uint32_t)(s[*i + 1] & 0x3F) << 12 | (uint32_t)(s[*i + 2] & 0x3F) << 6 |
             (s[*i + 3] & 0x3F);
    *i += (size_t)k;
    if (cp >= 0x10000) {
        cp -= 0x10000;
        *pending = 0xDC00 + (cp & 0x3FF);
        return (int)(0xD800 + (cp >> 10));
    }
    return (int)cp;
}

int mn_json_compare_keys(const char *a, size_t an, const char *b, size_t bn) {
    size_t i = 0, j = 0;
    uint32_t pa = 0, pb = 0;
    for (;;) {
        int x = next_unit((const unsigned char *)a, an, &i, &pa);
        int y = next_unit((const unsigned char *)b, bn, &j, &pb);
        if (x < 0 || y < 0) return x < 0 ? (y < 0 ? 0 : -1) : 1;
        if (x != y) return x < y ? -1 : 1;
    }
}

typedef struct {
    const mn_json_node *key;
    uint32_t pos;
} member_ref;

static int cmp_member_sorted(const void *pa, const void *pb) {
    const member_ref *a = pa, *b = pb;
    int c = mn_json_compare_keys(a->key->text, a->key->len, b->key->text, b->key->len);
    if (c) return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int cmp_member_bytes(const void *pa, const void *pb) {
    const member_ref *a = pa, *b = pb;
    uint32_t n = a->key->len < b->key->len ? a->key->len : b->key->len;
    int c = n ? memcmp(a->key->text, b->key->text, n) : 0;
    if (!c) c = a->key->len < b->key->len ? -1 : a->key->len > b->key->len;
    if (c) return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static bool same_key(const mn_json_node *a, const mn_json_node *b) {
    return a->len == b->len && (a->len == 0 || memcmp(a->text, b->text, a->len) == 0);
}

int mn_json_write_tree(mn_strbuf *out, const mn_json_node *nd, int order, mn_arena *scratch) {
    switch (nd->kind) {
    case MN_JT_STRING: return mn_json_write_string(out, nd->text, nd->len);
    case MN_JT_INT:
    case MN_JT_FLOAT: return mn_json_write_number(out, nd->text, nd->len, nd->kind == MN_JT_INT);
    case MN_JT_TRUE: return mn_strbuf_puts(out, "true");
    case MN_JT_FALSE: return mn_strbuf_puts(out, "false");
    case MN_JT_NULL: return mn_strbuf_puts(out, "null");
    case MN_JT_START_ARRAY:
        if (mn_strbuf_putc(out, '[')) return -1;
        for (uint32_t k = 0; k < nd->n; k++) {
            if (k && mn_strbuf_putc(out, ',')) return -1;
            if (mn_json_write_tree(out, nd->kids[k], order, scratch)) return -1;
        }
        return mn_strbuf_putc(out, ']');
    default: break;
    }
    /* object */
    uint32_t m = nd->n;
    if (mn_strbuf_putc(out, '{')) return -1;
    if (m == 0) return mn_strbuf_putc(out, '}');
    member_ref *refs = mn_arena_alloc(scratch, sizeof *refs * m);
    uint32_t *value_of = mn_arena_alloc(scratch, sizeof *value_of * m); /* member -> member giving its value */
    if (!refs || !value_of) return -1;
    for (uint32_t k = 0; k < m; k++) {
        refs[k].key = nd->kids[2 * k];
        refs[k].pos = k;
    }
    qsort(refs, m, sizeof *refs, order == MN_JSON_ORDER_SORTED ? cmp_member_sorted : cmp_member_bytes);
    bool first = true;
    if (order == MN_JSON_ORDER_SORTED) {
        for (uint32_t k = 0; k < m; k++) {
            if (k + 1 < m && same_key(refs[k].key, refs[k + 1].key)) continue; /* last one wins */
            if (!first && mn_strbuf_putc(out, ',')) return -1;
            first = false;
            const mn_json_node *key = refs[k].key;
            if (mn_json_write_string(out, key->text, key->len) || mn_strbuf_putc(out, ':') ||
                mn_json_write_tree(out, nd->kids[2 * refs[k].pos + 1], order, scratch))
                return -1;
        }
        return mn_strbuf_putc(out, '}');
    }
    /* input order: each group of equal keys shows once, at its first position, with the
     * value of its last member */
    for (uint32_t k = 0; k < m; k++) value_of[k] = UINT32_MAX;
    for (uint32_t k = 0; k < m;) {
        uint32_t e = k;
        while (e + 1 < m && same_key(refs[k].key, refs[e + 1].key)) e++;
        value_of[refs[k].pos] = refs[e].pos;
        k = e + 1;
    }
    for (uint32_t k = 0; k < m; k++) {
        if (value_of[k] == UINT32_MAX) continue;
        if (!first && mn_strbuf_putc(out, ',')) return -1;
        first = false;
        const mn_json_node *key = nd->kids[2 * k];
        if (mn_json_write_string(out, key->text, key->len) || mn_strbuf_putc(out, ':') ||
            mn_json_write_tree(out, nd->kids[2 * value_of[k] + 1], order, scratch))
            return -1;
    }
    return mn_strbuf_putc(out, '}');
}

int mn_json_canonicalize(const char *s, size_t n, mn_arena *scratch, mn_strbuf *out) {
    mn_json_lexer *lx = malloc(sizeof *lx);
    if (!lx) return -2;
    mn_json_lexer_init(lx, s, n);
    int rc;
    mn_json_node *root;
    if (mn_json_next(lx) == MN_JT_EOF || lx->tok == MN_JT_ERROR) rc = -1;
    else rc = mn_json_read_tree(lx, scratch, &root);
    /* Jackson reads one more token after the value: malformed text there fails, a
     * further value does not */
    if (!rc && mn_json_next(lx) == MN_JT_ERROR) rc = -1;
    if (!rc && mn_json_write_tree(out, root, MN_JSON_ORDER_SORTED, scratch)) rc = -2;
    if (!rc && out->oom) rc = -2;
    free(lx);
    return rc;
}
