/* like.c — SQL LIKE with % and _ (one code point) and an optional ESCAPE character, with
 * Trino's errors. A constant pattern is compiled once at bind time into bind_data and
 * classified for fast paths (exact, prefix, suffix, contains, match-all); other patterns
 * are compiled per row (the last one is cached). The general matcher is the greedy
 * wildcard algorithm with backtracking to the last %, O(len(value) * len(pattern)). */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "function/fn_internal.h"

enum { OP_ONE = 256, OP_ANY = 257 };
enum { LP_EXACT, LP_PREFIX, LP_SUFFIX, LP_CONTAINS, LP_ALL, LP_GENERAL };

typedef struct like_pat {
    int kind;
    const char *lit; /* fast kinds: the literal part (points into ops-derived bytes) */
    size_t lit_len;
    int16_t *ops;    /* 0..255 literal byte, OP_ONE, OP_ANY (runs of % collapsed) */
    size_t nops;
    char *bytes;     /* literal bytes for the fast kinds */
} like_pat;

/* Compiles pattern p[0..n) with escape code point esc (-1 = none) into lp, using ops/bytes
 * buffers of at least n entries supplied by the caller. */
static int compile(const char *p, size_t n, int64_t esc, like_pat *lp, int16_t *ops, char *bytes, mn_error *err) {
    size_t m = 0, i = 0;
    while (i < n) {
        size_t next;
        uint32_t cp = mn_utf8_decode(p, n, i, &next);
        if (esc >= 0 && cp == (uint32_t)esc) {
            if (next >= n) goto bad_escape;
            size_t after;
            uint32_t c2 = mn_utf8_decode(p, n, next, &after);
            if (c2 != '%' && c2 != '_' && c2 != (uint32_t)esc) goto bad_escape;
            for (size_t k = next; k < after; k++) ops[m++] = (unsigned char)p[k];
            i = after;
            continue;
        }
        if (cp == '%') {
            if (m == 0 || ops[m - 1] != OP_ANY) ops[m++] = OP_ANY;
        } else if (cp == '_') {
            ops[m++] = OP_ONE;
        } else {
            for (size_t k = i; k < next; k++) ops[m++] = (unsigned char)p[k];
        }
        i = next;
    }
    lp->ops = ops;
    lp->nops = m;
    lp->bytes = bytes;
    /* classify */
    size_t nany = 0, none = 0;
    for (size_t k = 0; k < m; k++) {
        nany += ops[k] == OP_ANY;
        none += ops[k] == OP_ONE;
    }
    lp->kind = LP_GENERAL;
    if (none == 0) {
        bool lead = m > 0 && ops[0] == OP_ANY, trail = m > 0 && ops[m - 1] == OP_ANY;
        size_t from = lead ? 1 : 0, to = trail && m > from ? m - 1 : m;
        if (nany == 0) lp->kind = LP_EXACT;
        else if (m == 1) lp->kind = LP_ALL;
        else if (nany == 1 && trail) lp->kind = LP_PREFIX;
        else if (nany == 1 && lead) lp->kind = LP_SUFFIX;
        else if (nany == 2 && lead && trail) lp->kind = LP_CONTAINS;
        if (lp->kind != LP_GENERAL) {
            size_t l = 0;
            for (size_t k = from; k < to; k++)
                if (ops[k] != OP_ANY) bytes[l++] = (char)ops[k];
            lp->lit = bytes;
            lp->lit_len = l;
        }
    }
    return 0;
bad_escape:
    return mn_error_set(err, MN_ERR_INVALID_ARGUMENT,
                        "Escape character must be followed by '%%', '_' or the escape character itself");
}

/* The escape code point of e[0..n), or -1 with err when it is not a single character. */
static int64_t escape_char(const char *e, size_t n, mn_error *err) {
    size_t next;
    if (n == 0 || mn_utf8_count(e, n) != 1) {
        mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Escape string must be a single character");
        return -1;
    }
    return mn_utf8_decode(e, n, 0, &next);
}

static bool match_general(const int16_t *op, size_t m, const char *s, size_t n) {
    size_t p = 0, i = 0, star_p = SIZE_MAX, star_i = 0;
    while (i < n) {
        if (p < m) {
            int16_t o = op[p];
            if (o == OP_ANY) {
                star_p = p++;
                star_i = i;
                continue;
            }
            if (o == OP_ONE) {
                i = mn_utf8_next(s, n, i);
                p++;
                continue;
            }
            if (o == (unsigned char)s[i]) {
                i++;
                p++;
                continue;
            }
        }
        if (star_p == SIZE_MAX) return false;
        p = star_p + 1;
        star_i = mn_utf8_next(s, n, star_i);
        i = star_i;
    }
    while (p < m && op[p] == OP_ANY) p++;
    return p == m;
}

/* Substring search tuned for short needles in short values: candidates must match the
 * needle's first and last bytes before a full compare (glibc memmem's setup dominates on
 * values of a few dozen bytes). */
static bool contains(const char *h, size_t hn, const char *nd, size_t nn) {
    if (nn == 0) return true;
    if (hn < nn) return false;
    const char first = nd[0], last = nd[nn - 1];
    size_t end = hn - nn;
    for (size_t p = 0; p <= end; p++) {
        if (h[p] == first && h[p + nn - 1] == last && (nn <= 2 || memcmp(h + p + 1, nd + 1, nn - 2) == 0))
            return true;
    }
    return false;
}

static bool like_match(const like_pat *lp, const char *s, size_t n) {
    switch (lp->kind) {
    case LP_EXACT: return n == lp->lit_len && (n == 0 || memcmp(s, lp->lit, n) == 0);
    case LP_PREFIX: return n >= lp->lit_len && (lp->lit_len == 0 || memcmp(s, lp->lit, lp->lit_len) == 0);
    case LP_SUFFIX:
        return n >= lp->lit_len && (lp->lit_len == 0 || memcmp(s + n - lp->lit_len, lp->lit, lp->lit_len) == 0);
    case LP_CONTAINS: return contains(s, n, lp->lit, lp->lit_len);
    case LP_ALL: return true;
    default: return match_general(lp->ops, lp->nops, s, n);
    }
}

/* ---------- implementations ---------- */

static int like_const(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    const like_pat *lp = ctx->bind_data;
    const mn_vector *v = args[0];
    uint8_t *r = out->data;
    if (lp->kind == LP_ALL) {
        memset(r, 1, (size_t)count);
        return 0;
    }
    MN_FN_EACH_ROW(i) {
        mn_str s = MN_SLOT(v, mn_str, i);
        r[i] = like_match(lp, s.ptr, s.len);
    }
    return 0;
}

static int like_dynamic(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    uint8_t *r = out->data;
    int16_t *ops = NULL;
    char *bytes = NULL;
    size_t cap = 0;
    mn_str last = {NULL, 0}, last_esc = {NULL, 0};
    bool have = false;
    like_pat lp;
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i), p = MN_SLOT(args[1], mn_str, i);
        mn_str e = nargs > 2 ? MN_SLOT(args[2], mn_str, i) : (mn_str){NULL, 0};
        bool same = have && p.len == last.len && (p.len == 0 || memcmp(p.ptr, last.ptr, p.len) == 0) &&
                    e.len == last_esc.len && (e.len == 0 || memcmp(e.ptr, last_esc.ptr, e.len) == 0);
        if (!same) {
            int64_t esc = -1;
            if (nargs > 2 && (esc = escape_char(e.ptr, e.len, ctx->err)) < 0) {
                rc = -1;
                break;
            }
            if (p.len + 1 > cap) {
                free(ops);
                free(bytes);
                cap = p.len + 1;
                ops = malloc(cap * sizeof *ops);
                bytes = malloc(cap);
                if (!ops || !bytes) {
                    rc = mn_fn_oom(ctx);
                    break;
                }
            }
            if (compile(p.ptr, p.len, esc, &lp, ops, bytes, ctx->err)) {
                rc = -1;
                break;
            }
            last = p;
            last_esc = e;
            have = true;
        }
        r[i] = like_match(&lp, s.ptr, s.len);
    }
    free(ops);
    free(bytes);
    return rc;
}

static bool const_string(const mn_expr *e, mn_str *s, bool *is_null) {
    if (e->kind != MN_EXPR_CONST) return false;
    *is_null = e->value.is_null || e->value.type.id == MN_T_UNKNOWN;
    if (!*is_null) *s = e->value.u.s;
    return true;
}

static int bind_like(mn_fn_binding *b, mn_error *err) {
    mn_str p = {NULL, 0}, e = {NULL, 0};
    bool pnull = false, enull = false;
    b->impl = like_dynamic;
    if (!const_string(b->args[1], &p, &pnull)) return 0;
    if (b->nargs > 2 && !const_string(b->args[2], &e, &enull)) return 0;
    if (pnull || enull) {
        b->impl = mn_fn_impl_null;
        return 0;
    }
    int64_t esc = -1;
    if (b->nargs > 2 && (esc = escape_char(e.ptr, e.len, err)) < 0) return -1;
    like_pat *lp = mn_arena_calloc(b->arena, sizeof *lp);
    int16_t *ops = mn_arena_alloc(b->arena, (p.len + 1) * sizeof *ops);
    char *bytes = mn_arena_alloc(b->arena, p.len + 1);
    if (!lp || !ops || !bytes) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    if (compile(p.ptr, p.len, esc, lp, ops, bytes, err)) return -1;
    b->bind_data = lp;
    b->impl = like_const;
    return 0;
}

const mn_fn_entry mn_fn_like_table[] = {
    {"like", "varchar,varchar", "boolean", like_dynamic, bind_like, "Pattern match: % any run, _ one character",
     MN_FN_OPERATOR, NULL},
    {"like", "varchar,varchar,varchar", "boolean", like_dynamic, bind_like,
     "Pattern match with an escape character", MN_FN_OPERATOR, NULL},
    /* char(n) values are stored space-padded: matched as such, as Trino does */
    {"like", "char,varchar", "boolean", like_dynamic, bind_like, "Pattern match of the space-padded value",
     MN_FN_OPERATOR, NULL},
    {"like", "char,varchar,varchar", "boolean", like_dynamic, bind_like, "Pattern match of the space-padded value",
     MN_FN_OPERATOR, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
