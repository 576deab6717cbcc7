/* json_fns.c — the JSON type's functions and casts with Trino semantics: json_parse,
 * json_format, json_extract / json_extract_scalar / json_size over Trino's JSONPath subset
 * ($, .key, ["key"], [n]), json_array_length / _contains / _get, is_json_scalar, and
 * CAST to and from JSON (scalars here, ARRAY/MAP/ROW in json_cast.c). Like Trino, extraction reads the text as a token stream and stops
 * once the addressed value is read, so malformed text after it goes unnoticed, and
 * malformed text before it gives NULL. JSON values are stored as compact text: json_parse
 * and JSON literals sort object keys, so equal documents compare equal byte for byte. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "function/fn_internal.h"
#include "format/json_text.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/scalar_text.h"

#define STR(k, i) MN_SLOT(args[k], mn_str, i)
#define MAX_SHOWN 10000 /* Trino truncates JSON text in messages after 10,000 bytes */

static int set_null(mn_fn_ctx *ctx, mn_vector *out, int row) {
    mn_vector_set_null(out, row);
    return out->nulls ? 0 : mn_fn_oom(ctx);
}

/* Copies b into out's heap as row `row`. */
static int put_buf(mn_fn_ctx *ctx, mn_vector *out, int row, const char *p, size_t n) {
    char *d = mn_fn_str_alloc(ctx, out, n);
    if (!d) return -1;
    if (n) memcpy(d, p, n);
    ((mn_str *)out->data)[row].ptr = d;
    ((mn_str *)out->data)[row].len = (uint32_t)n;
    return 0;
}

/* Per-call working memory: a lexer (large) and a text buffer. */
typedef struct work {
    mn_json_lexer *lx;
    mn_strbuf sb;
    mn_arena scratch;
} work;

static int work_init(mn_fn_ctx *ctx, work *w) {
    mn_strbuf_init(&w->sb);
    mn_arena_init(&w->scratch, 0);
    w->lx = malloc(sizeof *w->lx);
    return w->lx ? 0 : mn_fn_oom(ctx);
}

static void work_free(work *w) {
    free(w->lx);
    mn_strbuf_free(&w->sb);
    mn_arena_destroy(&w->scratch);
}

/* ---------- JSON paths ---------- */

typedef struct path_seg {
    const char *key; /* member name (decoded) */
    uint32_t len;
    int32_t index;   /* array index: Java's Integer.parseInt of the name, -1 when none */
} path_seg;

typedef struct json_path {
    int n;
    path_seg *segs;
} json_path;

static bool unquoted_char(unsigned char c, bool allow_colon) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
           (allow_colon && c == ':');
}

/* Java's Integer.parseInt, or -1 (also what Trino uses when the name is no number). */
static int32_t parse_index(const char *s, size_t n) {
    size_t i = 0;
    bool neg = false;
    if (n > 0 && (s[0] == '+' || s[0] == '-')) neg = s[i++] == '-';
    if (i == n) return -1;
    int64_t v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
        if (v > (int64_t)INT32_MAX + 1) return -1;
    }
    if (neg) v = -v;
    if (v > INT32_MAX || v < INT32_MIN) return -1;
    return (int32_t)v;
}

static int bad_path(mn_error *err, const char *s, size_t n) {
    return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Invalid JSON path: '%.*s'", (int)(n > 500 ? 500 : n), s);
}

/* Trino's JsonPathTokenizer: "$" then ".name" (letters, digits, '_', ':'), "[name]"
 * (letters, digits, '_') or ["quoted"] (with \" and \\ escapes). */
static int path_compile(const char *s, size_t n, mn_arena *a, json_path *out, mn_error *err) {
    size_t i = 0, cap = 0;
    out->n = 0;
    out->segs = NULL;
    if (n == 0 || s[0] != '$') return bad_path(err, s, n);
    i = 1;
    while (i < n) {
        const char *key;
        size_t klen;
        if (s[i] == '.') {
            size_t st = ++i;
            while (i < n && unquoted_char((unsigned char)s[i], true)) i++;
            if (i == st) return bad_path(err, s, n);
            key = s + st;
            klen = i - st;
        } else if (s[i] == '[') {
            i++;
            if (i < n && s[i] == '"') {
                i++;
                char *buf = mn_arena_alloc(a, n - i + 1);
                if (!buf) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
                size_t k = 0;
                bool esc = false;
                while (i < n && (esc || s[i] != '"')) {
                    if (esc) {
                        if (s[i] != '"' && s[i] != '\\') return bad_path(err, s, n);
                        buf[k++] = s[i];
                        esc = false;
                    } else if (s[i] == '\\') {
                        esc = true;
                    } else {
                        buf[k++] = s[i];
                    }
                    i++;
                }
                if (esc || i >= n) return bad_path(err, s, n);
                i++; /* closing quote */
                key = buf;
                klen = k;
            } else {
                size_t st = i;
                while (i < n && unquoted_char((unsigned char)s[i], false)) i++;
                if (i == st) return bad_path(err, s, n);
                key = s + st;
                klen = i - st;
            }
            if (i >= n || s[i] != ']') return bad_path(err, s, n);
            i++;
        } else {
            return bad_path(err, s, n);
        }
        if ((size_t)out->n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            path_seg *ns = mn_arena_alloc(a, nc * sizeof *ns);
            if (!ns) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            if (out->n) memcpy(ns, out->segs, (size_t)out->n * sizeof *ns);
            out->segs = ns;
            cap = nc;
        }
        path_seg *sg = &out->segs[out->n++];
        sg->key = key;
        sg->len = (uint32_t)klen;
        sg->index = parse_index(key, klen);
    }
    return 0;
}

/* The path argument: compiled at bind time when constant (bind_data), else per row with
 * the last one cached. */
typedef struct path_src {
    const json_path *fixed;
    json_path cur;
    mn_str last;
    bool have;
    mn_arena arena;
} path_src;

static void path_src_init(path_src *ps, mn_fn_ctx *ctx) {
    memset(ps, 0, sizeof *ps);
    ps->fixed = ctx->bind_data;
    mn_arena_init(&ps->arena, 4096);
}

static const json_path *path_get(path_src *ps, mn_str p, mn_error *err) {
    if (ps->fixed) return ps->fixed;
    if (ps->have && p.len == ps->last.len && (p.len == 0 || memcmp(p.ptr, ps->last.ptr, p.len) == 0)) return &ps->cur;
    mn_arena_rewind(&ps->arena);
    ps->have = false;
    if (path_compile(p.ptr, p.len, &ps->arena, &ps->cur, err)) return NULL;
    ps->last = p;
    ps->have = true;
    return &ps->cur;
}

static int bind_path(mn_fn_binding *b, mn_error *err) {
    const mn_expr *p = b->args[1];
    if (p->kind != MN_EXPR_CONST) return 0;
    if (p->value.is_null || p->value.type.id == MN_T_UNKNOWN) {
        b->impl = mn_fn_impl_null;
        return 0;
    }
    json_path *jp = mn_arena_calloc(b->arena, sizeof *jp);
    if (!jp) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    if (path_compile(p->value.u.s.ptr, p->value.u.s.len, b->arena, jp, err)) return -1;
    b->bind_data = jp;
    return 0;
}

/* Moves the lexer onto the first token of the value the path addresses. Returns false when
 * there is none or the text is malformed on the way (Trino: NULL). */
static bool json_seek(mn_json_lexer *lx, const json_path *p) {
    mn_json_tok t = mn_json_next(lx);
    if (t == MN_JT_EOF || t == MN_JT_ERROR) return false;
    for (int s = 0; s < p->n; s++) {
        const path_seg *sg = &p->segs[s];
        if (lx->tok == MN_JT_START_OBJECT) {
            for (;;) {
                t = mn_json_next(lx);
                if (t != MN_JT_FIELD_NAME) return false; /* '}' (not found) or malformed */
                bool hit = mn_json_token_equals(lx, sg->key, sg->len);
                t = mn_json_next(lx);
                if (t == MN_JT_ERROR) return false;
                if (hit) break;
                if (mn_json_skip_children(lx)) return false;
            }
        } else if (lx->tok == MN_JT_START_ARRAY) {
            int32_t k = 0;
            for (;;) {
                t = mn_json_next(lx);
                if (t == MN_JT_ERROR || t == MN_JT_EOF || t == MN_JT_END_ARRAY) return false;
                if (k == sg->index) break;
                k++;
                if (mn_json_skip_children(lx)) return false;
            }
        } else {
            return false;
        }
    }
    return true;
}

enum { EX_JSON, EX_SCALAR, EX_SIZE };

static int extract_impl(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int mode) {
    MN_FN_PROLOGUE(2);
    work w;
    path_src ps;
    path_src_init(&ps, ctx);
    int rc = work_init(ctx, &w);
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        const json_path *p = path_get(&ps, STR(1, i), ctx->err);
        if (!p) {
            rc = -1;
            break;
        }
        mn_str j = STR(0, i);
        mn_json_lexer_init(w.lx, j.ptr, j.len);
        if (!json_seek(w.lx, p)) {
            rc = set_null(ctx, out, i);
            continue;
        }
        mn_json_tok t = w.lx->tok;
        if (mode == EX_SIZE) {
            int64_t size = 0;
            if (t == MN_JT_START_ARRAY || t == MN_JT_START_OBJECT) {
                int target = w.lx->depth - 1;
                bool ok = false;
                for (;;) {
                    mn_json_tok k = mn_json_next(w.lx);
                    if (k == MN_JT_ERROR || k == MN_JT_EOF) break;
                    if ((k == MN_JT_END_ARRAY || k == MN_JT_END_OBJECT) && w.lx->depth == target) {
                        ok = true;
                        break;
                    }
                    if (t == MN_JT_START_ARRAY) {
                        size++;
                        if (mn_json_skip_children(w.lx)) break;
                    } else if (k == MN_JT_FIELD_NAME) {
                        size++;
                    } else if (mn_json_skip_children(w.lx)) {
                        break;
                    }
                }
                if (!ok) {
                    rc = set_null(ctx, out, i);
                    continue;
                }
            }
            ((int64_t *)out->data)[i] = size;
        } else if (mode == EX_SCALAR) {
            if (t == MN_JT_START_ARRAY || t == MN_JT_START_OBJECT || t == MN_JT_NULL) {
                rc = set_null(ctx, out, i);
                continue;
            }
            mn_strbuf_clear(&w.sb);
            if (t == MN_JT_STRING) {
                if (mn_json_token_string(w.lx, &w.sb, NULL)) rc = mn_fn_oom(ctx);
            } else if (mn_strbuf_append(&w.sb, w.lx->s + w.lx->tstart, w.lx->tend - w.lx->tstart)) {
                rc = mn_fn_oom(ctx);
            }
            if (!rc) rc = put_buf(ctx, out, i, w.sb.data, w.sb.len);
        } else {
            mn_strbuf_clear(&w.sb);
            int c = mn_json_copy_value(w.lx, &w.sb);
            if (c == -2) rc = mn_fn_oom(ctx);
            else if (c == -1) rc = set_null(ctx, out, i);
            else rc = put_buf(ctx, out, i, w.sb.data, w.sb.len);
        }
    }
    work_free(&w);
    mn_arena_destroy(&ps.arena);
    return rc;
}

static int fn_json_extract(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return extract_impl(c, a, k, o, EX_JSON);
}
static int fn_json_extract_scalar(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return extract_impl(c, a, k, o, EX_SCALAR);
}
static int fn_json_size(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return extract_impl(c, a, k, o, EX_SIZE);
}

/* ---------- json_parse / json_format / is_json_scalar ---------- */

static int fn_json_parse(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    work w;
    int rc = work_init(ctx, &w);
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        mn_str s = STR(0, i);
        mn_strbuf_clear(&w.sb);
        mn_arena_rewind(&w.scratch);
        int c = mn_json_canonicalize(s.ptr, s.len, &w.scratch, &w.sb);
        if (c == -2) rc = mn_fn_oom(ctx);
        else if (c)
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Cannot convert value to JSON: '%.*s'",
                              (int)(s.len > MAX_SHOWN ? MAX_SHOWN : s.len), s.ptr);
        else rc = put_buf(ctx, out, i, w.sb.data, w.sb.len);
    }
    work_free(&w);
    return rc;
}

static int fn_json_format(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_type t = out->type;
    mn_vector_reference(out, args[0]);
    out->type = t;
    return 0;
}

static int invalid_value(mn_fn_ctx *ctx, mn_str s) {
    return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Invalid JSON value: %.*s%s",
                        (int)(s.len > MAX_SHOWN ? MAX_SHOWN : s.len), s.ptr, s.len > MAX_SHOWN ? "...(truncated)" : "");
}

static int fn_is_json_scalar(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    work w;
    int rc = work_init(ctx, &w);
    uint8_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        mn_str s = STR(0, i);
        mn_json_lexer_init(w.lx, s.ptr, s.len);
        mn_json_tok t = mn_json_next(w.lx);
        if (t == MN_JT_EOF || t == MN_JT_ERROR || mn_json_skip_children(w.lx) || mn_json_next(w.lx) != MN_JT_EOF) {
            rc = invalid_value(ctx, s);
            break;
        }
        r[i] = t != MN_JT_START_ARRAY && t != MN_JT_START_OBJECT;
    }
    work_free(&w);
    return rc;
}

/* ---------- arrays ---------- */

static int fn_json_array_length(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    work w;
    int rc = work_init(ctx, &w);
    int64_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        mn_str s = STR(0, i);
        mn_json_lexer_init(w.lx, s.ptr, s.len);
        bool ok = false;
        int64_t len = 0;
        if (mn_json_next(w.lx) == MN_JT_START_ARRAY) {
            for (;;) {
                mn_json_tok t = mn_json_next(w.lx);
                if (t == MN_JT_END_ARRAY) {
                    ok = true;
                    break;
                }
                if (t == MN_JT_ERROR || t == MN_JT_EOF || mn_json_skip_children(w.lx)) break;
                len++;
            }
        }
        if (ok) r[i] = len;
        else rc = set_null(ctx, out, i);
    }
    work_free(&w);
    return rc;
}

enum { AC_BOOL, AC_BIGINT, AC_DOUBLE, AC_VARCHAR };

static int array_contains(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int kind) {
    MN_FN_PROLOGUE(2);
    work w;
    int rc = work_init(ctx, &w);
    uint8_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        mn_str s = STR(0, i);
        if (kind == AC_DOUBLE && !isfinite(MN_SLOT(args[1], double, i))) {
            r[i] = 0;
            continue;
        }
        mn_json_lexer_init(w.lx, s.ptr, s.len);
        int res = -1; /* -1 NULL, 0 false, 1 true */
        if (mn_json_next(w.lx) == MN_JT_START_ARRAY) {
            for (;;) {
                mn_json_tok t = mn_json_next(w.lx);
                if (t == MN_JT_END_ARRAY) {
                    res = 0;
                    break;
                }
                if (t == MN_JT_ERROR || t == MN_JT_EOF || mn_json_skip_children(w.lx)) break;
                const char *tx = w.lx->s + w.lx->tstart;
                size_t tn = w.lx->tend - w.lx->tstart;
                bool hit = false;
                switch (kind) {
                case AC_BOOL: {
                    bool v = MN_SLOT(args[1], uint8_t, i) != 0;
                    hit = (t == MN_JT_TRUE && v) || (t == MN_JT_FALSE && !v);
                    break;
                }
                case AC_BIGINT: {
                    int64_t x;
                    hit = t == MN_JT_INT && mn_parse_int64(tx, tn, &x) == 0 && x == MN_SLOT(args[1], int64_t, i);
                    break;
                }
                case AC_DOUBLE: {
                    double x;
                    hit = t == MN_JT_FLOAT && mn_parse_double(tx, tn, &x) == 0 && isfinite(x) &&
                          x == MN_SLOT(args[1], double, i);
                    break;
                }
                default: {
                    mn_str v = STR(1, i);
                    hit = t == MN_JT_STRING && mn_json_token_equals(w.lx, v.ptr, v.len);
                    break;
                }
                }
                if (hit) {
                    res = 1;
                    break;
                }
            }
        }
        if (res < 0) rc = set_null(ctx, out, i);
        else r[i] = (uint8_t)res;
    }
    work_free(&w);
    return rc;
}
static int fn_contains_bool(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return array_contains(c, a, k, o, AC_BOOL);
}
static int fn_contains_bigint(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return array_contains(c, a, k, o, AC_BIGINT);
}
static int fn_contains_double(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return array_contains(c, a, k, o, AC_DOUBLE);
}
static int fn_contains_varchar(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return array_contains(c, a, k, o, AC_VARCHAR);
}

/* Element k (0-based) of the array; -1 NULL, -2 out of memory, 0 written to w->sb. */
static int array_element(work *w, mn_str s, int64_t k) {
    mn_json_lexer_init(w->lx, s.ptr, s.len);
    if (mn_json_next(w->lx) != MN_JT_START_ARRAY) return -1;
    for (int64_t at = 0;; at++) {
        mn_json_tok t = mn_json_next(w->lx);
        if (t == MN_JT_ERROR || t == MN_JT_EOF || t == MN_JT_END_ARRAY) return -1;
        if (at < k) {
            if (mn_json_skip_children(w->lx)) return -1;
            continue;
        }
        mn_strbuf_clear(&w->sb);
        if (t == MN_JT_START_ARRAY || t == MN_JT_START_OBJECT) {
            /* Trino returns Jackson's tree text: input order, duplicate keys merged */
            mn_json_node *tree;
            mn_arena_rewind(&w->scratch);
            int rc = mn_json_read_tree(w->lx, &w->scratch, &tree);
            if (rc) return rc;
            return mn_json_write_tree(&w->sb, tree, MN_JSON_ORDER_INPUT, &w->scratch) ? -2 : 0;
        }
        if (t == MN_JT_NULL) return -1;
        /* scalars: their text value, unquoted (Trino's getValueAsString) */
        if (t == MN_JT_STRING) return mn_json_token_string(w->lx, &w->sb, NULL) ? -2 : 0;
        return mn_strbuf_append(&w->sb, w->lx->s + w->lx->tstart, w->lx->tend - w->lx->tstart) ? -2 : 0;
    }
}

static int fn_json_array_get(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    work w;
    int rc = work_init(ctx, &w);
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        mn_str s = STR(0, i);
        int64_t idx = MN_SLOT(args[1], int64_t, i);
        int c = -1;
        if (idx >= 0) {
            c = array_element(&w, s, idx);
        } else if (idx != INT64_MIN) {
            /* negative: counted from the end, so the whole array must be read first */
            mn_json_lexer_init(w.lx, s.ptr, s.len);
            int64_t len = -1;
            if (mn_json_next(w.lx) == MN_JT_START_ARRAY) {
                for (int64_t n = 0;; n++) {
                    mn_json_tok t = mn_json_next(w.lx);
                    if (t == MN_JT_END_ARRAY) {
                        len = n;
                        break;
                    }
                    if (t == MN_JT_ERROR || t == MN_JT_EOF || mn_json_skip_children(w.lx)) break;
                }
            }
            if (len >= -idx) c = array_element(&w, s, len + idx);
        }
        if (c == -2) rc = mn_fn_oom(ctx);
        else if (c == -1) rc = set_null(ctx, out, i);
        else rc = put_buf(ctx, out, i, w.sb.data, w.sb.len);
    }
    work_free(&w);
    return rc;
}

/* ---------- casts to JSON ---------- */

/* BigDecimal.toString: plain unless the adjusted exponent is below -6. */
static int write_decimal(mn_strbuf *sb, mn_i128 v, int scale) {
    char buf[64];
    size_t n = mn_decimal_format(v, scale, buf);
    char digits[48];
    mn_u128 m = v < 0 ? (mn_u128)0 - (mn_u128)v : (mn_u128)v;
    int nd = 0;
    do {
        digits[nd++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m);
    int adjusted = nd - 1 - scale;
    if (scale <= 0 || adjusted >= -6) return mn_strbuf_append(sb, buf, n);
    if (v < 0 && mn_strbuf_putc(sb, '-')) return -1;
    if (mn_strbuf_putc(sb, digits[nd - 1])) return -1;
    if (nd > 1) {
        if (mn_strbuf_putc(sb, '.')) return -1;
        for (int k = nd - 2; k >= 0; k--)
            if (mn_strbuf_putc(sb, digits[k])) return -1;
    }
    return mn_strbuf_printf(sb, "E%d", adjusted);
}

int mn_fn_json_write_scalar(mn_strbuf *sb, mn_type st, const void *slot) {
    char buf[96];
    switch (st.id) {
    case MN_T_VARCHAR:
    case MN_T_CHAR: {
        const mn_str *s = slot;
        return mn_json_write_string(sb, s->ptr, s->len);
    }
    case MN_T_JSON: {
        const mn_str *s = slot;
        return mn_strbuf_append(sb, s->ptr, s->len);
    }
    case MN_T_BOOLEAN: return mn_strbuf_puts(sb, *(const uint8_t *)slot ? "true" : "false");
    case MN_T_DOUBLE: return mn_json_write_double(sb, *(const double *)slot);
    case MN_T_REAL: return mn_json_write_real(sb, *(const float *)slot);
    case MN_T_DECIMAL: {
        mn_i128 v;
        memcpy(&v, slot, sizeof v);
        return write_decimal(sb, v, st.scale);
    }
    case MN_T_DATE:
    case MN_T_TIMESTAMP: {
        size_t n = mn_format_value(st, slot, buf);
        return mn_json_write_string(sb, buf, n);
    }
    default: { /* integers */
        size_t n = mn_format_value(st, slot, buf);
        return mn_strbuf_append(sb, buf, n);
    }
    }
}

static int cast_to_json(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_type st = ctx->expr->args[0]->type;
    size_t sz = mn_type_size(st);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        const char *slot = (const char *)args[0]->data + sz * ((uint32_t)i & args[0]->mask);
        mn_strbuf_clear(&sb);
        rc = mn_fn_json_write_scalar(&sb, st, slot);
        if (rc || sb.oom) {
            rc = mn_fn_oom(ctx);
            break;
        }
        if ((rc = put_buf(ctx, out, i, sb.data, sb.len))) break;
    }
    mn_strbuf_free(&sb);
    return rc;
}

/* ---------- casts from JSON ---------- */

static int cast_fail(mn_fn_ctx *ctx, mn_str json, mn_type to) {
    char tn[48];
    if (to.id == MN_T_DECIMAL) snprintf(tn, sizeof tn, "DECIMAL(%d,%d)", to.precision, to.scale);
    else mn_type_name(to, tn, sizeof tn);
    return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast '%.*s' to %s",
                        (int)(json.len > 500 ? 500 : json.len), json.ptr, tn);
}

/* The text of a string token in a form cast.c's messages use ("Cannot cast 'x' to INT"). */
static int string_fail(mn_fn_ctx *ctx, const mn_strbuf *v, const char *suffix) {
    return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast '%.*s'%s", (int)(v->len > 200 ? 200 : v->len),
                        v->data ? v->data : "", suffix);
}

static const char *upper_suffix(int id) {
    switch (id) {
    case MN_T_TINYINT: return " to TINYINT";
    case MN_T_SMALLINT: return " to SMALLINT";
    case MN_T_INTEGER: return " to INT";
    case MN_T_BIGINT: return " to BIGINT";
    case MN_T_REAL: return " to REAL";
    case MN_T_DOUBLE: return " to DOUBLE";
    default: return " to BOOLEAN";
    }
}

/* Converts the current scalar token to `to` into out row i. Returns 0, 1 for NULL, -1 error. */
static int token_to(mn_fn_ctx *ctx, work *w, mn_str json, mn_type to, mn_vector *out, int i) {
    mn_json_lexer *lx = w->lx;
    mn_json_tok t = lx->tok;
    const char *tx = lx->s + lx->tstart;
    size_t tn = lx->tend - lx->tstart;
    mn_strbuf *sb = &w->sb;
    mn_strbuf_clear(sb);
    if (t == MN_JT_NULL) return 1;
    if (t != MN_JT_STRING && t != MN_JT_INT && t != MN_JT_FLOAT && t != MN_JT_TRUE && t != MN_JT_FALSE)
        return cast_fail(ctx, json, to);
    if (t == MN_JT_STRING && mn_json_token_string(lx, sb, NULL)) return mn_fn_oom(ctx);
    const char *sv = sb->data ? sb->data : "";
    double d = 0;
    if (t == MN_JT_INT || t == MN_JT_FLOAT) (void)mn_parse_double(tx, tn, &d);
    switch (to.id) {
    case MN_T_VARCHAR: {
        char buf[40];
        const char *p = sv;
        size_t n = sb->len;
        if (t == MN_JT_INT) p = tx, n = tn;
        else if (t == MN_JT_FLOAT) p = buf, n = mn_format_double(d, buf);
        else if (t == MN_JT_TRUE) p = "true", n = 4;
        else if (t == MN_JT_FALSE) p = "false", n = 5;
        if (to.length >= 0 && mn_utf8_count(p, n) > to.length) return cast_fail(ctx, json, to);
        return put_buf(ctx, out, i, p, n);
    }
    case MN_T_BOOLEAN: {
        uint8_t b;
        if (t == MN_JT_STRING) {
            if (mn_parse_boolean(sv, sb->len, &b)) return string_fail(ctx, sb, upper_suffix(to.id));
        } else if (t == MN_JT_INT) {
            int64_t x;
            if (mn_parse_int64(tx, tn, &x)) return cast_fail(ctx, json, to);
            b = x != 0;
        } else if (t == MN_JT_FLOAT) {
            b = d != 0;
        } else {
            b = t == MN_JT_TRUE;
        }
        ((uint8_t *)out->data)[i] = b;
        return 0;
    }
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT: {
        int64_t x, lo, hi;
        mn_fn_int_range(to.id, &lo, &hi);
        if (t == MN_JT_STRING) {
            if (mn_parse_integer_type(sv, sb->len, (mn_type_id)to.id, &x))
                return string_fail(ctx, sb, upper_suffix(to.id));
        } else if (t == MN_JT_INT) {
            if (mn_parse_int64(tx, tn, &x) || x < lo || x > hi) return cast_fail(ctx, json, to);
        } else if (t == MN_JT_FLOAT) {
            double rd = round(d);
            if (!(rd >= -9223372036854775808.0 && rd < 9223372036854775808.0) || (int64_t)rd < lo || (int64_t)rd > hi)
                return cast_fail(ctx, json, to);
            x = (int64_t)rd;
        } else {
            x = t == MN_JT_TRUE;
        }
        mn_fn_put_int(out, i, x);
        return 0;
    }
    case MN_T_DOUBLE:
    case MN_T_REAL: {
        if (t == MN_JT_STRING) {
            bool bad = to.id == MN_T_DOUBLE ? mn_parse_double(sv, sb->len, &d) != 0 : false;
            if (to.id == MN_T_REAL) {
                float f;
                if (mn_parse_real(sv, sb->len, &f)) return string_fail(ctx, sb, upper_suffix(to.id));
                ((float *)out->data)[i] = f;
                return 0;
            }
            if (bad) return string_fail(ctx, sb, upper_suffix(to.id));
        } else if (t == MN_JT_TRUE || t == MN_JT_FALSE) {
            d = t == MN_JT_TRUE;
        }
        if (to.id == MN_T_DOUBLE) ((double *)out->data)[i] = d;
        else ((float *)out->data)[i] = (float)d;
        return 0;
    }
    case MN_T_DECIMAL: {
        mn_i128 v;
        int r;
        if (t == MN_JT_TRUE || t == MN_JT_FALSE) r = mn_decimal_rescale(t == MN_JT_TRUE, 0, to.scale, to.precision, &v);
        else if (t == MN_JT_STRING) r = mn_decimal_parse(sv, sb->len, to.precision, to.scale, &v);
        else r = mn_decimal_parse(tx, tn, to.precision, to.scale, &v);
        if (r == MN_DEC_OVERFLOW)
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast input json to DECIMAL(%d,%d)", to.precision,
                                to.scale);
        if (r != MN_DEC_OK) return cast_fail(ctx, json, to);
        ((mn_i128 *)out->data)[i] = v;
        return 0;
    }
    default: return cast_fail(ctx, json, to);
    }
}

static int cast_from_json(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_type to = ctx->expr->type;
    work w;
    int rc = work_init(ctx, &w);
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        mn_str s = STR(0, i);
        mn_json_lexer_init(w.lx, s.ptr, s.len);
        mn_json_next(w.lx);
        int c = token_to(ctx, &w, s, to, out, i);
        if (c < 0) {
            rc = -1;
            break;
        }
        if (mn_json_next(w.lx) != MN_JT_EOF) {
            char tn[48];
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast input json to %s",
                              mn_fn_type_name_upper(to, tn));
            break;
        }
        if (c == 1) rc = set_null(ctx, out, i);
    }
    work_free(&w);
    return rc;
}

int mn_fn_json_token_to(mn_fn_ctx *ctx, mn_json_lexer *lx, mn_strbuf *sb, mn_str json, mn_type to, mn_vector *out,
                        int i) {
    work w;
    w.lx = lx;
    w.sb = *sb;
    int rc = token_to(ctx, &w, json, to, out, i);
    *sb = w.sb;
    return rc;
}

static int cast_json_reference(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_type t = out->type;
    mn_vector_reference(out, args[0]);
    out->type = t;
    return 0;
}

mn_scalar_impl mn_fn_json_cast_impl(mn_type from, mn_type to) {
    if (from.id == MN_T_JSON && to.id == MN_T_JSON) return cast_json_reference;
    if (mn_type_is_nested(from) || mn_type_is_nested(to)) return mn_fn_json_nested_cast_impl(from, to);
    if (to.id == MN_T_JSON) {
        switch (from.id) {
        case MN_T_VARCHAR:
        case MN_T_BOOLEAN:
        case MN_T_TINYINT:
        case MN_T_SMALLINT:
        case MN_T_INTEGER:
        case MN_T_BIGINT:
        case MN_T_REAL:
        case MN_T_DOUBLE:
        case MN_T_DECIMAL:
        case MN_T_DATE:
        case MN_T_TIMESTAMP: return cast_to_json;
        default: return NULL;
        }
    }
    switch (to.id) {
    case MN_T_VARCHAR:
    case MN_T_BOOLEAN:
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT:
    case MN_T_REAL:
    case MN_T_DOUBLE:
    case MN_T_DECIMAL: return cast_from_json;
    default: return NULL;
    }
}

/* ---------- table ---------- */

#define JSON_BOTH(NAME, REST, RET, IMPL, BIND, DESC)                                 \
    {NAME, "json" REST, RET, IMPL, BIND, DESC, 0, NULL},                          \
    {                                                                             \
        NAME, "varchar" REST, RET, IMPL, BIND, DESC " (of JSON text)", 0, NULL \
    }

const mn_fn_entry mn_fn_json_table[] = {
    {"json_parse", "varchar", "json", fn_json_parse, NULL, "Parses JSON text into a JSON value (object keys sorted)", 0,
     NULL},
    {"json_format", "json", "varchar", fn_json_format, NULL, "The JSON text of a JSON value", 0, NULL},
    JSON_BOTH("json_extract", ",varchar", "json", fn_json_extract, bind_path,
              "The JSON value at a JSONPath ($, .key, [\"key\"], [n]); NULL when absent"),
    {"json_extract_scalar", "json,varchar", "varchar", fn_json_extract_scalar, bind_path,
     "The scalar at a JSONPath as varchar; NULL when absent or not a scalar", 0, NULL},
    {"json_extract_scalar", "varchar,varchar", "$0", fn_json_extract_scalar, bind_path,
     "The scalar at a JSONPath as varchar; NULL when absent or not a scalar (of JSON text)", 0, NULL},
    JSON_BOTH("json_size", ",varchar", "bigint", fn_json_size, bind_path,
              "Number of elements or members of the value at a JSONPath (0 for scalars)"),
    JSON_BOTH("json_array_length", "", "bigint", fn_json_array_length, NULL,
              "Number of elements of a JSON array; NULL when not an array"),
    JSON_BOTH("json_array_contains", ",boolean", "boolean", fn_contains_bool, NULL,
              "Whether a JSON array contains the boolean"),
    JSON_BOTH("json_array_contains", ",bigint", "boolean", fn_contains_bigint, NULL,
              "Whether a JSON array contains the integer"),
    JSON_BOTH("json_array_contains", ",double", "boolean", fn_contains_double, NULL,
              "Whether a JSON array contains the (non-integer) number"),
    JSON_BOTH("json_array_contains", ",varchar", "boolean", fn_contains_varchar, NULL,
              "Whether a JSON array contains the string"),
    JSON_BOTH("json_array_get", ",bigint", "json", fn_json_array_get, NULL,
              "Element at a 0-based index (negative: from the end); scalars as their text"),
    JSON_BOTH("is_json_scalar", "", "boolean", fn_is_json_scalar, NULL,
              "Whether the JSON value is a scalar (not an array or object)"),
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
