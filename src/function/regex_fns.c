/* regex_fns.c — Trino's regular expression functions (regexp_like, regexp_extract,
 * regexp_replace, regexp_count, regexp_position) on PCRE2 (libpcre2-8). Patterns are
 * compiled as UTF-8 with Unicode classes (Trino uses Joni with Java syntax; the common
 * syntax agrees); subjects may hold invalid UTF-8. The loops over matches follow Trino:
 * after an empty match the search resumes one character later; replacements understand
 * $n, ${name} and backslash escapes exactly as Trino's appendReplacement does.
 * A constant pattern is compiled once at bind time into memory of the statement arena
 * (PCRE2 is given an allocator over it, so nothing needs freeing); other patterns are
 * compiled per row with the last one cached for the duration of one call. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "function/fn_internal.h"
#include "function/nested_fn.h"
#include "types/nested.h"
#include "function/lambda_fn.h"

#define STR(k, i) MN_SLOT(args[k], mn_str, i)

typedef struct rx_pat {
    pcre2_code *code;
    uint32_t ngroups; /* capture groups (group 0, the whole match, not counted) */
} rx_pat;

/* ---------- compiling ---------- */

static void *arena_malloc(PCRE2_SIZE n, void *data) { return mn_arena_alloc(data, n ? n : 1); }
static void arena_free(void *p, void *data) { (void)p, (void)data; }

/* Compiles p[0..n); gctx NULL means malloc. Fills *out or sets err. */
static int rx_compile(const char *p, size_t n, pcre2_general_context *gctx, rx_pat *out, mn_error *err) {
    pcre2_compile_context *cctx = pcre2_compile_context_create(gctx);
    if (!cctx) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    int ec;
    PCRE2_SIZE eo;
    out->code = pcre2_compile((PCRE2_SPTR)(n ? p : ""), n, PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &ec,
                              &eo, cctx);
    pcre2_compile_context_free(cctx);
    if (!out->code) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(ec, msg, sizeof msg) < 0) snprintf((char *)msg, sizeof msg, "error %d", ec);
        return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Invalid regular expression: %s (at offset %zu of '%.*s')",
                            (const char *)msg, (size_t)eo, (int)(n > 200 ? 200 : n), p);
    }
    if (pcre2_pattern_info(out->code, PCRE2_INFO_CAPTURECOUNT, &out->ngroups) != 0) out->ngroups = 0;
    return 0;
}

static int bind_pattern(mn_fn_binding *b, mn_error *err) {
    const mn_expr *p = b->args[1];
    if (p->kind != MN_EXPR_CONST) return 0;
    if (p->value.is_null || p->value.type.id == MN_T_UNKNOWN) {
        b->impl = mn_fn_impl_null;
        return 0;
    }
    pcre2_general_context *g = pcre2_general_context_create(arena_malloc, arena_free, b->arena);
    rx_pat *rp = mn_arena_calloc(b->arena, sizeof *rp);
    if (!g || !rp) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    if (rx_compile(p->value.u.s.ptr, p->value.u.s.len, g, rp, err)) return -1;
    b->bind_data = rp;
    return 0;
}

/* ---------- matching state of one call ---------- */

typedef struct rx_run {
    const rx_pat *fixed; /* bind-time pattern, or NULL */
    rx_pat dyn;          /* last per-row pattern (malloc) */
    mn_str last;
    bool have;
    pcre2_match_data *md;
    uint32_t md_pairs;
    pcre2_match_context *mctx;
    mn_error *err;
} rx_run;

static int rx_run_init(rx_run *r, mn_fn_ctx *ctx) {
    memset(r, 0, sizeof *r);
    r->fixed = ctx->bind_data;
    r->err = ctx->err;
    r->mctx = pcre2_match_context_create(NULL);
    if (!r->mctx) return mn_fn_oom(ctx);
    return 0;
}

static void rx_run_free(rx_run *r) {
    if (r->dyn.code) pcre2_code_free(r->dyn.code);
    if (r->md) pcre2_match_data_free(r->md);
    if (r->mctx) pcre2_match_context_free(r->mctx);
}

/* The pattern for row text p (compiled when it differs from the last one), with match
 * data large enough for its groups. NULL with err set on failure. */
static const rx_pat *rx_get(rx_run *r, mn_str p) {
    const rx_pat *pat = r->fixed;
    if (!pat) {
        bool same = r->have && p.len == r->last.len && (p.len == 0 || memcmp(p.ptr, r->last.ptr, p.len) == 0);
        if (!same) {
            if (r->dyn.code) pcre2_code_free(r->dyn.code);
            r->dyn.code = NULL;
            r->have = false;
            if (rx_compile(p.ptr, p.len, NULL, &r->dyn, r->err)) return NULL;
            r->last = p;
            r->have = true;
        }
        pat = &r->dyn;
    }
    if (!r->md || r->md_pairs < pat->ngroups + 1) {
        if (r->md) pcre2_match_data_free(r->md);
        r->md = pcre2_match_data_create(pat->ngroups + 1, NULL);
        r->md_pairs = pat->ngroups + 1;
        if (!r->md) {
            mn_error_set(r->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            return NULL;
        }
    }
    return pat;
}

/* Searches s from byte offset `from`. Returns 1 (ovector in r->md), 0 no match, -1 error. */
static int rx_search(rx_run *r, const rx_pat *pat, mn_str s, size_t from) {
    if (from > s.len) return 0;
    int rc = pcre2_match(pat->code, (PCRE2_SPTR)(s.len ? s.ptr : ""), s.len, from, 0, r->md, r->mctx);
    if (rc >= 0) return 1;
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
        return mn_error_set(r->err, MN_ERR_INVALID_ARGUMENT,
                            "Regular expression matching exceeded its backtracking limit");
    if (rc == PCRE2_ERROR_NOMEMORY) return mn_error_set(r->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message(rc, msg, sizeof msg) < 0) snprintf((char *)msg, sizeof msg, "error %d", rc);
    return mn_error_set(r->err, MN_ERR_INVALID_ARGUMENT, "Regular expression matching failed: %s", (const char *)msg);
}

/* Length of the character at s[i]: a valid UTF-8 sequence, else one byte. */
static size_t char_len(mn_str s, size_t i) {
    size_t next;
    (void)mn_utf8_decode(s.ptr, s.len, i, &next);
    size_t k = next - i;
    unsigned char c = (unsigned char)s.ptr[i];
    size_t want = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return k == want ? k : 1;
}

/* Where the next search starts after a match [b, e) (Trino's getNextStart). */
static size_t next_start(mn_str s, size_t b, size_t e) {
    if (e != b) return e;
    if (b < s.len) return e + char_len(s, b);
    return e + 1;
}

static int set_null(mn_fn_ctx *ctx, mn_vector *out, int row) {
    mn_vector_set_null(out, row);
    return out->nulls ? 0 : mn_fn_oom(ctx);
}

static int check_group(mn_fn_ctx *ctx, const rx_pat *p, int64_t g) {
    if (g < 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Group cannot be negative");
    if (g > (int64_t)p->ngroups)
        return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Pattern has %u groups. Cannot access group %lld",
                            p->ngroups, (long long)g);
    return 0;
}

/* ---------- regexp_like / regexp_count ---------- */

static int fn_regexp_like(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    rx_run r;
    int rc = rx_run_init(&r, ctx);
    uint8_t *res = out->data;
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        const rx_pat *p = rx_get(&r, STR(1, i));
        if (!p) {
            rc = -1;
            break;
        }
        int m = rx_search(&r, p, STR(0, i), 0);
        if (m < 0) rc = -1;
        else res[i] = (uint8_t)m;
    }
    rx_run_free(&r);
    return rc;
}

static int fn_regexp_count(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    rx_run r;
    int rc = rx_run_init(&r, ctx);
    int64_t *res = out->data;
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        const rx_pat *p = rx_get(&r, STR(1, i));
        if (!p) {
            rc = -1;
            break;
        }
        mn_str s = STR(0, i);
        int64_t n = 0;
        size_t from = 0;
        for (;;) {
            int m = rx_search(&r, p, s, from);
            if (m <= 0) {
                if (m < 0) rc = -1;
                break;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r.md);
            from = next_start(s, ov[0], ov[1]);
            n++;
        }
        res[i] = n;
    }
    rx_run_free(&r);
    return rc;
}

/* ---------- regexp_extract ---------- */

static int fn_regexp_extract(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    rx_run r;
    int rc = rx_run_init(&r, ctx);
    mn_str *res = out->data;
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        const rx_pat *p = rx_get(&r, STR(1, i));
        if (!p) {
            rc = -1;
            break;
        }
        int64_t g = nargs > 2 ? MN_SLOT(args[2], int64_t, i) : 0;
        if ((rc = check_group(ctx, p, g))) break;
        mn_str s = STR(0, i);
        int m = rx_search(&r, p, s, 0);
        if (m < 0) {
            rc = -1;
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r.md);
        if (m == 0 || ov[2 * g] == PCRE2_UNSET) {
            rc = set_null(ctx, out, i);
            continue;
        }
        /* a slice of the argument: same lifetime rule as a reference */
        res[i].ptr = s.ptr + ov[2 * g];
        res[i].len = (uint32_t)(ov[2 * g + 1] - ov[2 * g]);
    }
    rx_run_free(&r);
    return rc;
}

/* ---------- regexp_extract_all / regexp_split (arrays of varchar) ---------- */

typedef struct strlist {
    mn_str *v;
    const void **p;
    int n, cap;
} strlist;

static int strlist_add(mn_fn_ctx *ctx, strlist *l, mn_str s) {
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        mn_str *v = realloc(l->v, sizeof *v * (size_t)cap);
        if (!v) return mn_fn_oom(ctx);
        l->v = v;
        const void **p = realloc(l->p, sizeof *p * (size_t)cap);
        if (!p) return mn_fn_oom(ctx);
        l->p = p;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return 0;
}

/* Encodes the list as array(varchar) into out row i (element pointers set now: v may move). */
static int strlist_put(mn_fn_ctx *ctx, strlist *l, mn_vector *out, int row) {
    for (int k = 0; k < l->n; k++) l->p[k] = l->v[k].ptr ? (const void *)&l->v[k] : NULL;
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = mn_nested_encode_array(&sb, mn_type_elem(out->type), l->n, l->p, ctx->err);
    if (rc == 0) rc = mn_fn_put_blob(ctx, out, row, &sb);
    mn_strbuf_free(&sb);
    return rc;
}

/* Walks the matches of p in s (searching on after each match as Trino does) and collects
 * either group g of every match (NULL where the group took no part) or, with split, the
 * pieces between the matches including the last one. */
static int collect_matches(mn_fn_ctx *ctx, rx_run *r, const rx_pat *p, mn_str s, int64_t g, bool split, strlist *l) {
    l->n = 0;
    size_t from = 0, piece = 0;
    for (;;) {
        int m = rx_search(r, p, s, from);
        if (m < 0) return -1;
        if (m == 0) break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        mn_str e = {NULL, 0};
        if (split) {
            e.ptr = s.len ? s.ptr + piece : "";
            e.len = (uint32_t)(ov[0] - piece);
            piece = ov[1];
        } else if (ov[2 * g] != PCRE2_UNSET) {
            e.ptr = s.len ? s.ptr + ov[2 * g] : "";
            e.len = (uint32_t)(ov[2 * g + 1] - ov[2 * g]);
        }
        if (strlist_add(ctx, l, e)) return -1;
        from = next_start(s, ov[0], ov[1]);
        if (from > s.len) break;
    }
    if (split) {
        mn_str last = {s.len ? s.ptr + piece : "", (uint32_t)(s.len - piece)};
        if (strlist_add(ctx, l, last)) return -1;
    }
    return 0;
}

/* regexp_extract_all(s, pattern[, group]) and regexp_split(s, pattern). */
static int extract_or_split(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out, bool split) {
    MN_FN_PROLOGUE(nargs);
    rx_run r;
    int rc = rx_run_init(&r, ctx);
    strlist l = {0};
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        const rx_pat *p = rx_get(&r, STR(1, i));
        if (!p) {
            rc = -1;
            break;
        }
        int64_t g = nargs > 2 ? MN_SLOT(args[2], int64_t, i) : 0;
        if (!split && (rc = check_group(ctx, p, g))) break;
        if ((rc = collect_matches(ctx, &r, p, STR(0, i), g, split, &l))) break;
        rc = strlist_put(ctx, &l, out, i);
    }
    free(l.v);
    free(l.p);
    rx_run_free(&r);
    return rc;
}

static int fn_regexp_extract_all(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    return extract_or_split(ctx, args, nargs, count, out, false);
}

static int fn_regexp_split(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    return extract_or_split(ctx, args, nargs, count, out, true);
}

/* ---------- regexp_position ---------- */

static int fn_regexp_position(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    rx_run r;
    int rc = rx_run_init(&r, ctx);
    int32_t *res = out->data;
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        int64_t start = nargs > 2 ? MN_SLOT(args[2], int32_t, i) : 1;
        int64_t occ = nargs > 3 ? MN_SLOT(args[3], int32_t, i) : 1;
        if (start < 1) {
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "start position cannot be smaller than 1");
            break;
        }
        if (occ < 1) {
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "occurrence cannot be smaller than 1");
            break;
        }
        const rx_pat *p = rx_get(&r, STR(1, i));
        if (!p) {
            rc = -1;
            break;
        }
        mn_str s = STR(0, i);
        res[i] = -1;
        if (start > mn_utf8_count(s.ptr, s.len)) continue;
        size_t from = mn_utf8_offset(s.ptr, s.len, start - 1);
        int64_t seen = 0;
        for (;;) {
            int m = rx_search(&r, p, s, from);
            if (m <= 0) {
                if (m < 0) rc = -1;
                break;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r.md);
            if (++seen == occ) {
                res[i] = (int32_t)(mn_utf8_count(s.ptr, ov[0]) + 1);
                break;
            }
            from = next_start(s, ov[0], ov[1]);
        }
    }
    rx_run_free(&r);
    return rc;
}

/* ---------- regexp_replace ---------- */

static int illegal_replacement(mn_fn_ctx *ctx, mn_str rep) {
    return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Illegal replacement sequence: %.*s",
                        (int)(rep.len > 200 ? 200 : rep.len), rep.ptr);
}

/* Appends the replacement for the current match (ovector ov over s) to sb. */
static int append_replacement(mn_fn_ctx *ctx, mn_strbuf *sb, mn_str s, const rx_pat *p, const PCRE2_SIZE *ov,
                              mn_str rep) {
    size_t i = 0;
    uint32_t nregs = p->ngroups + 1;
    while (i < rep.len) {
        char c = rep.ptr[i];
        if (c == '$') {
            i++;
            if (i == rep.len) return illegal_replacement(ctx, rep);
            c = rep.ptr[i];
            uint32_t g;
            if (c == '{') {
                i++;
                size_t st = i;
                while (i < rep.len && rep.ptr[i] != '}') i++;
                size_t nl = i - st;
                char name[256];
                int num = -1;
                if (nl < sizeof name) {
                    memcpy(name, rep.ptr + st, nl);
                    name[nl] = '\0';
                    num = pcre2_substring_number_from_name(p->code, (PCRE2_SPTR)name);
                }
                if (num < 0)
                    return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                        "Illegal replacement sequence: unknown group { %.*s }", (int)(nl > 200 ? 200 : nl),
                                        rep.ptr + st);
                g = (uint32_t)num;
                i++;
            } else {
                if (c < '0' || c > '9') return illegal_replacement(ctx, rep);
                g = (uint32_t)(c - '0');
                if (nregs <= g)
                    return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                        "Illegal replacement sequence: unknown group %u", g);
                i++;
                /* the longest number that is still a group */
                while (i < rep.len && rep.ptr[i] >= '0' && rep.ptr[i] <= '9') {
                    uint32_t ng = g * 10 + (uint32_t)(rep.ptr[i] - '0');
                    if (nregs <= ng) break;
                    g = ng;
                    i++;
                }
            }
            if (ov[2 * g] != PCRE2_UNSET && mn_strbuf_append(sb, s.ptr + ov[2 * g], ov[2 * g + 1] - ov[2 * g]))
                return mn_fn_oom(ctx);
            continue;
        }
        if (c == '\\') {
            i++;
            if (i == rep.len) return illegal_replacement(ctx, rep);
            c = rep.ptr[i];
        }
        if (mn_strbuf_putc(sb, c)) return mn_fn_oom(ctx);
        i++;
    }
    return 0;
}

static int fn_regexp_replace(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    rx_run r;
    int rc = rx_run_init(&r, ctx);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    mn_str *res = out->data;
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        const rx_pat *p = rx_get(&r, STR(1, i));
        if (!p) {
            rc = -1;
            break;
        }
        mn_str s = STR(0, i), rep = nargs > 2 ? STR(2, i) : (mn_str){"", 0};
        mn_strbuf_clear(&sb);
        size_t last_end = 0, from = 0;
        for (;;) {
            int m = rx_search(&r, p, s, from);
            if (m <= 0) {
                if (m < 0) rc = -1;
                break;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r.md);
            from = next_start(s, ov[0], ov[1]);
            if (ov[0] > last_end && mn_strbuf_append(&sb, s.ptr + last_end, ov[0] - last_end)) {
                rc = mn_fn_oom(ctx);
                break;
            }
            last_end = ov[1];
            if ((rc = append_replacement(ctx, &sb, s, p, ov, rep))) break;
        }
        if (rc) break;
        if (s.len > last_end && mn_strbuf_append(&sb, s.ptr + last_end, s.len - last_end)) {
            rc = mn_fn_oom(ctx);
            break;
        }
        if (sb.oom) {
            rc = mn_fn_oom(ctx);
            break;
        }
        char *d = mn_fn_str_alloc(ctx, out, sb.len);
        if (!d) {
            rc = -1;
            break;
        }
        if (sb.len) memcpy(d, sb.data, sb.len);
        res[i].ptr = d;
        res[i].len = (uint32_t)sb.len;
    }
    mn_strbuf_free(&sb);
    rx_run_free(&r);
    return rc;
}

/* regexp_replace(string, pattern, x -> …): every match of every row is found first, with
 * its capturing groups as an array(varchar) (NULL for a group that did not participate);
 * the lambda then runs over all matches of the chunk in batches, and the rows are rebuilt.
 * A NULL replacement makes the whole result NULL, as in Trino. */
typedef struct rx_match {
    int row;
    size_t b, e;       /* the match in the row's string */
    size_t groups;     /* offset of its groups' encoding in the groups buffer */
    uint32_t glen;
    bool null_rep;
    mn_str rep;        /* the replacement (in the replacement arena) */
} rx_match;

static int collect_lambda_matches(mn_fn_ctx *ctx, mn_vector **args, int count, const uint8_t *nulls, rx_match **ms,
                                  int *nm, mn_strbuf *groups) {
    rx_run r;
    int rc = rx_run_init(&r, ctx), cap = 0;
    r.fixed = NULL;
    mn_type avc;
    if (rc == 0 && mn_type_make_array(mn_type_varchar(-1), &avc)) rc = mn_fn_oom(ctx);
    const void **slots = NULL;
    mn_str *gv = NULL;
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        const rx_pat *p = rx_get(&r, STR(1, i));
        if (!p) {
            rc = -1;
            break;
        }
        const void **ns = realloc(slots, sizeof *slots * (p->ngroups + 1));
        if (ns) slots = ns;
        mn_str *ng = realloc(gv, sizeof *gv * (p->ngroups + 1));
        if (ng) gv = ng;
        if (!ns || !ng) {
            rc = mn_fn_oom(ctx);
            break;
        }
        mn_str s = STR(0, i);
        size_t from = 0;
        for (;;) {
            int m = rx_search(&r, p, s, from);
            if (m <= 0) {
                if (m < 0) rc = -1;
                break;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r.md);
            from = next_start(s, ov[0], ov[1]);
            if (*nm == cap) {
                cap = cap ? cap * 2 : 64;
                rx_match *n2 = realloc(*ms, sizeof **ms * (size_t)cap);
                if (!n2) {
                    rc = mn_fn_oom(ctx);
                    break;
                }
                *ms = n2;
            }
            rx_match *x = &(*ms)[(*nm)++];
            memset(x, 0, sizeof *x);
            x->row = i;
            x->b = ov[0];
            x->e = ov[1];
            x->groups = groups->len;
            for (uint32_t g = 1; g <= p->ngroups; g++) {
                gv[g].ptr = s.ptr + ov[2 * g];
                gv[g].len = (uint32_t)(ov[2 * g + 1] - ov[2 * g]);
                slots[g - 1] = ov[2 * g] == PCRE2_UNSET ? NULL : &gv[g];
            }
            if (mn_nested_encode_array(groups, mn_type_varchar(-1), (int)p->ngroups, slots, ctx->err)) {
                rc = -1;
                break;
            }
            x->glen = (uint32_t)(groups->len - x->groups);
        }
    }
    free(slots);
    free(gv);
    rx_run_free(&r);
    if (rc == 0 && groups->oom) rc = mn_fn_oom(ctx);
    return rc;
}

/* Evaluates the lambda over every match, in batches across rows; replacements are copied
 * into heap. */
static int replace_all(mn_fn_ctx *ctx, mn_vector **args, rx_match *ms, int nm, const mn_strbuf *groups,
                       mn_arena *heap) {
    const mn_lam_call *lc = ctx->bind_data;
    mn_lam_run r;
    int rc = mn_lam_open(&r, ctx, lc->lam[0], args + lc->cap_off[0]);
    for (int at = 0; rc == 0 && at < nm; at += MN_VECTOR_SIZE) {
        int n = nm - at < MN_VECTOR_SIZE ? nm - at : MN_VECTOR_SIZE;
        if ((rc = mn_lam_reset(&r))) break;
        for (int k = 0; k < n; k++) {
            mn_str g = {groups->data + ms[at + k].groups, ms[at + k].glen};
            mn_lam_put(&r, 0, k, &g);
            r.rowof[k] = (uint16_t)ms[at + k].row;
        }
        mn_vector *res;
        if ((rc = mn_lam_eval(&r, n, &res))) break;
        for (int k = 0; k < n; k++) {
            rx_match *x = &ms[at + k];
            if (mn_vector_is_null(res, k)) {
                x->null_rep = true;
                continue;
            }
            mn_str v = MN_SLOT(res, mn_str, k);
            char *d = mn_arena_alloc(heap, v.len ? v.len : 1);
            if (!d) {
                rc = mn_fn_oom(ctx);
                break;
            }
            if (v.len) memcpy(d, v.ptr, v.len);
            x->rep = (mn_str){d, v.len};
        }
    }
    mn_lam_close(&r);
    return rc;
}

int mn_fn_regexp_replace_lambda(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    const uint8_t *nulls;
    bool captures_const = true; /* the result is CONSTANT only when the captures are too */
    for (int i = 2; i < nargs; i++) captures_const &= args[i]->mask == 0;
    int prc = captures_const ? mn_fn_prologue(ctx, args, 2, &count, out, &nulls)
                             : mn_fn_prologue_flat(ctx, args, 2, count, out, &nulls);
    if (prc) return prc < 0 ? -1 : 0;
    rx_match *ms = NULL;
    int nm = 0;
    mn_strbuf groups;
    mn_strbuf_init(&groups);
    mn_arena heap;
    mn_arena_init(&heap, 0);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = collect_lambda_matches(ctx, args, count, nulls, &ms, &nm, &groups);
    if (rc == 0) rc = replace_all(ctx, args, ms, nm, &groups, &heap);
    /* rebuild every row from its matches (they are in row order) */
    int k = 0;
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        mn_str s = STR(0, i);
        mn_strbuf_clear(&sb);
        size_t last = 0;
        bool is_null = false;
        for (; k < nm && ms[k].row == i; k++) {
            if (ms[k].null_rep) is_null = true;
            if (is_null) continue;
            mn_strbuf_append(&sb, s.ptr + last, ms[k].b - last);
            mn_strbuf_append(&sb, ms[k].rep.ptr, ms[k].rep.len);
            last = ms[k].e;
        }
        if (is_null) {
            rc = set_null(ctx, out, i);
            continue;
        }
        mn_strbuf_append(&sb, s.ptr + last, s.len - last);
        if (sb.oom) {
            rc = mn_fn_oom(ctx);
            break;
        }
        char *d = mn_fn_str_alloc(ctx, out, sb.len);
        if (!d) {
            rc = -1;
            break;
        }
        if (sb.len) memcpy(d, sb.data, sb.len);
        ((mn_str *)out->data)[i] = (mn_str){d, (uint32_t)sb.len};
    }
    free(ms);
    mn_strbuf_free(&groups);
    mn_strbuf_free(&sb);
    mn_arena_destroy(&heap);
    return rc;
}

/* ---------- table ---------- */

const mn_fn_entry mn_fn_regex_table[] = {
    {"regexp_like", "varchar,varchar", "boolean", fn_regexp_like, bind_pattern,
     "Whether the pattern matches anywhere in the string", 0, NULL},
    {"regexp_extract", "varchar,varchar", "$0", fn_regexp_extract, bind_pattern,
     "First substring matching the pattern; NULL when none", 0, NULL},
    {"regexp_extract", "varchar,varchar,bigint", "$0", fn_regexp_extract, bind_pattern,
     "Capture group of the first match; NULL when none", 0, NULL},
    {"regexp_replace", "varchar,varchar", "varchar", fn_regexp_replace, bind_pattern,
     "Removes every substring matching the pattern", 0, NULL},
    {"regexp_replace", "varchar,varchar,varchar", "varchar", fn_regexp_replace, bind_pattern,
     "Replaces every match; the replacement may use $n, ${name} and \\ escapes", 0, NULL},
    {"regexp_extract_all", "varchar,varchar", "array(varchar)", fn_regexp_extract_all, bind_pattern,
     "Every substring matching the pattern", 0, NULL},
    {"regexp_extract_all", "varchar,varchar,bigint", "array(varchar)", fn_regexp_extract_all, bind_pattern,
     "The capture group of every match", 0, NULL},
    {"regexp_split", "varchar,varchar", "array(varchar)", fn_regexp_split, bind_pattern,
     "The pieces of the string between matches of the pattern", 0, NULL},
    {"regexp_count", "varchar,varchar", "bigint", fn_regexp_count, bind_pattern,
     "Number of non-overlapping matches", 0, NULL},
    {"regexp_position", "varchar,varchar", "integer", fn_regexp_position, bind_pattern,
     "1-based character position of the first match, -1 when none", 0, NULL},
    {"regexp_position", "varchar,varchar,integer", "integer", fn_regexp_position, bind_pattern,
     "Position of the first match at or after a 1-based start", 0, NULL},
    {"regexp_position", "varchar,varchar,integer,integer", "integer", fn_regexp_position, bind_pattern,
     "Position of the n-th match at or after a 1-based start", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
