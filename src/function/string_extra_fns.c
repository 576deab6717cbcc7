/* string_extra_fns.c — more varchar functions with Trino semantics: split (to an array),
 * split_to_map, split_to_multimap, levenshtein_distance, hamming_distance, translate,
 * luhn_check and normalize (Unicode normalization through libutf8proc). Distances and
 * translate work on code points. NULL in gives NULL out; the errors are Trino's. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "function/nested_fn.h"

#define STR(k, i) MN_SLOT(args[k], mn_str, i)

static int bad_arg(mn_fn_ctx *ctx, const char *msg) { return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "%s", msg); }

/* First occurrence of needle (non-empty) in h[from, hn), or -1. */
static int64_t find(const char *h, size_t hn, size_t from, mn_str needle) {
    if (from > hn || needle.len > hn - from) return -1;
    const char *p = memmem(h + from, hn - from, needle.ptr, needle.len);
    return p ? (int64_t)(p - h) : -1;
}

/* ---------- split(string, delimiter[, limit]) ---------- */

static int fn_split(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    mn_str *parts = NULL;
    const void **ptrs = NULL;
    int cap = 0, rc = 0;
    mn_type elem = mn_type_elem(out->type);
    MN_FN_EACH_ROW(i) {
        mn_str s = STR(0, i), d = STR(1, i);
        int64_t limit = INT64_MAX;
        if (nargs > 2) {
            limit = MN_SLOT(args[2], int64_t, i);
            if (limit <= 0) { rc = bad_arg(ctx, "Limit must be positive"); break; }
            if (limit > INT32_MAX) { rc = bad_arg(ctx, "Limit is too large"); break; }
        }
        if (d.len == 0) { rc = bad_arg(ctx, "The delimiter may not be the empty string"); break; }
        int n = 0;
        size_t at = 0;
        for (;;) {
            if (n + 1 >= cap) {
                int nc = cap ? cap * 2 : 16;
                mn_str *np = realloc(parts, sizeof *np * (size_t)nc);
                if (!np) { rc = mn_fn_oom(ctx); break; }
                parts = np;
                const void **pp = realloc(ptrs, sizeof *pp * (size_t)nc);
                if (!pp) { rc = mn_fn_oom(ctx); break; }
                ptrs = pp;
                cap = nc;
            }
            int64_t hit = n + 1 < limit ? find(s.ptr, s.len, at, d) : -1;
            if (hit < 0) {
                parts[n++] = (mn_str){s.ptr + at, (uint32_t)(s.len - at)};
                break;
            }
            parts[n++] = (mn_str){s.ptr + at, (uint32_t)((size_t)hit - at)};
            at = (size_t)hit + d.len;
        }
        if (rc) break;
        for (int k = 0; k < n; k++) ptrs[k] = &parts[k];
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        rc = mn_nested_encode_array(&sb, elem, n, ptrs, ctx->err);
        if (rc == 0) rc = mn_fn_put_blob(ctx, out, i, &sb);
        mn_strbuf_free(&sb);
        if (rc) break;
    }
    free(parts);
    free(ptrs);
    return rc;
}

/* Trino: split(varchar(x), ...) -> array(varchar(x)). */
static int bind_split(mn_fn_binding *b, mn_error *err) {
    if (mn_type_make_array(b->args[0]->type, &b->ret)) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return 0;
}

/* ---------- split_to_map / split_to_multimap ---------- */

typedef struct kv {
    mn_str key, value;
    int pos; /* entry number in the string */
} kv;

/* Splits s into entries and key/value pairs (Trino's rules: a trailing entry delimiter is
 * allowed, every entry needs exactly one key-value delimiter). *out is malloc'ed. */
static int split_entries(mn_fn_ctx *ctx, mn_str s, mn_str ed, mn_str kd, kv **out, int *n) {
    if (ed.len == 0) return bad_arg(ctx, "entryDelimiter is empty");
    if (kd.len == 0) return bad_arg(ctx, "keyValueDelimiter is empty");
    if (ed.len == kd.len && memcmp(ed.ptr, kd.ptr, ed.len) == 0)
        return bad_arg(ctx, "entryDelimiter and keyValueDelimiter must not be the same");
    kv *v = NULL;
    int cnt = 0, cap = 0;
    size_t at = 0;
    while (at < s.len) {
        int64_t end = find(s.ptr, s.len, at, ed);
        size_t e = end < 0 ? s.len : (size_t)end;
        int64_t k = find(s.ptr, e, at, kd);
        if (k < 0 || find(s.ptr, e, (size_t)k + kd.len, kd) >= 0) {
            free(v);
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                "Key-value delimiter must appear exactly once in each entry. Bad input: '%.*s'",
                                (int)(e - at > 1000 ? 1000 : e - at), s.ptr + at);
        }
        if (cnt == cap) {
            cap = cap ? cap * 2 : 8;
            kv *nv = realloc(v, sizeof *nv * (size_t)cap);
            if (!nv) {
                free(v);
                return mn_fn_oom(ctx);
            }
            v = nv;
        }
        v[cnt].key = (mn_str){s.ptr + at, (uint32_t)((size_t)k - at)};
        v[cnt].value = (mn_str){s.ptr + k + kd.len, (uint32_t)(e - (size_t)k - kd.len)};
        cnt++;
        at = end < 0 ? s.len : e + ed.len;
    }
    *out = v;
    *n = cnt;
    return 0;
}

/* Orders entries by key bytes, then by position (so each key's values stay in order). */
static int cmp_entry(const void *pa, const void *pb) {
    const kv *a = pa, *b = pb;
    uint32_t n = a->key.len < b->key.len ? a->key.len : b->key.len;
    int c = n ? memcmp(a->key.ptr, b->key.ptr, n) : 0;
    if (c) return c;
    if (a->key.len != b->key.len) return a->key.len < b->key.len ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static bool same_key(const kv *a, const kv *b) {
    return a->key.len == b->key.len && (a->key.len == 0 || memcmp(a->key.ptr, b->key.ptr, a->key.len) == 0);
}

static int split_map_impl(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, bool multi) {
    MN_FN_PROLOGUE(3);
    mn_type vt = mn_type_map_value(out->type);
    MN_FN_EACH_ROW(i) {
        kv *e = NULL;
        int n = 0;
        if (split_entries(ctx, STR(0, i), STR(1, i), STR(2, i), &e, &n)) return -1;
        for (int a = 0; a < n; a++) e[a].pos = a;
        if (n > 1) qsort(e, (size_t)n, sizeof *e, cmp_entry);
        int m = n ? n : 1, rc = 0, nk = 0;
        const void **kp = malloc(sizeof *kp * (size_t)m), **vp = malloc(sizeof *vp * (size_t)m);
        const void **vals = multi ? malloc(sizeof *vals * (size_t)m) : NULL;
        mn_str *arrays = multi ? malloc(sizeof *arrays * (size_t)m) : NULL;
        size_t *offs = multi ? malloc(sizeof *offs * (size_t)m) : NULL;
        mn_strbuf all;
        mn_strbuf_init(&all);
        if (!kp || !vp || (multi && (!vals || !arrays || !offs))) rc = mn_fn_oom(ctx);
        int dup = -1; /* split_to_map: the duplicate whose second occurrence comes first */
        for (int a = 0; a < n && !rc;) {
            int b = a + 1;
            while (b < n && same_key(&e[a], &e[b])) b++;
            if (!multi) {
                if (b - a > 1 && (dup < 0 || e[a + 1].pos < e[dup + 1].pos)) dup = a;
                kp[nk] = &e[a].key;
                vp[nk++] = &e[a].value;
            } else {
                for (int k = a; k < b; k++) vals[k - a] = &e[k].value;
                offs[nk] = all.len;
                rc = mn_nested_encode_array(&all, mn_type_elem(vt), b - a, vals, ctx->err);
                kp[nk++] = &e[a].key;
            }
            a = b;
        }
        if (!rc && dup >= 0)
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Duplicate keys (%.*s) are not allowed",
                              (int)(e[dup].key.len > 1000 ? 1000 : e[dup].key.len), e[dup].key.ptr);
        if (!rc && multi) {
            if (all.oom) rc = mn_fn_oom(ctx);
            for (int k = 0; k < nk && !rc; k++) { /* the buffer no longer moves: offsets to slices */
                size_t end = k + 1 < nk ? offs[k + 1] : all.len;
                arrays[k] = (mn_str){all.data + offs[k], (uint32_t)(end - offs[k])};
                vp[k] = &arrays[k];
            }
        }
        if (!rc) {
            mn_strbuf sb;
            mn_strbuf_init(&sb);
            rc = mn_nested_encode_map(&sb, out->type, nk, kp, vp, ctx->err);
            if (rc == 0) rc = mn_fn_put_blob(ctx, out, i, &sb);
            mn_strbuf_free(&sb);
        }
        mn_strbuf_free(&all);
        free(kp);
        free(vp);
        free(vals);
        free(arrays);
        free(offs);
        free(e);
        if (rc) return rc;
    }
    return 0;
}
static int fn_split_to_map(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return split_map_impl(c, a, k, o, false); }
static int fn_split_to_multimap(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return split_map_impl(c, a, k, o, true);
}

/* ---------- code point helpers ---------- */

/* Decodes s into a malloc'ed array of code points (invalid bytes count one each). */
static uint32_t *code_points(mn_str s, size_t *n) {
    uint32_t *cp = malloc(sizeof *cp * (s.len ? s.len : 1));
    if (!cp) return NULL;
    size_t k = 0, i = 0;
    while (i < s.len) {
        size_t next;
        cp[k++] = mn_utf8_decode(s.ptr, s.len, i, &next);
        i = next;
    }
    *n = k;
    return cp;
}

/* ---------- levenshtein_distance / hamming_distance ---------- */

static int fn_levenshtein(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    int64_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        size_t ln, rn;
        uint32_t *l = code_points(STR(0, i), &ln), *rt = code_points(STR(1, i), &rn);
        if (!l || !rt) {
            free(l);
            free(rt);
            return mn_fn_oom(ctx);
        }
        if (ln < rn) { /* the shorter one on the right */
            uint32_t *t = l;
            l = rt, rt = t;
            size_t tn = ln;
            ln = rn, rn = tn;
        }
        if (rn == 0) r[i] = (int64_t)ln;
        else if ((uint64_t)ln * (rn - 1) > 1000000) {
            free(l);
            free(rt);
            return bad_arg(ctx, "The combined inputs for Levenshtein distance are too large");
        } else {
            size_t *d = malloc(sizeof *d * rn);
            if (!d) {
                free(l);
                free(rt);
                return mn_fn_oom(ctx);
            }
            for (size_t k = 0; k < rn; k++) d[k] = k + 1;
            for (size_t a = 0; a < ln; a++) {
                size_t diag = a, left = a + 1; /* d[-1] of the previous row is a, of this row a+1 */
                for (size_t b = 0; b < rn; b++) {
                    size_t up = d[b];
                    size_t best = diag + (l[a] != rt[b]);
                    if (up + 1 < best) best = up + 1;
                    if (left + 1 < best) best = left + 1;
                    d[b] = best;
                    diag = up;
                    left = best;
                }
            }
            r[i] = (int64_t)d[rn - 1];
            free(d);
        }
        free(l);
        free(rt);
    }
    return 0;
}

static int fn_hamming(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    int64_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_str a = STR(0, i), b = STR(1, i);
        size_t x = 0, y = 0;
        int64_t dist = 0;
        while (x < a.len && y < b.len) {
            size_t nx, ny;
            if (mn_utf8_decode(a.ptr, a.len, x, &nx) != mn_utf8_decode(b.ptr, b.len, y, &ny)) dist++;
            x = nx, y = ny;
        }
        if (x < a.len || y < b.len)
            return bad_arg(ctx, "The input strings to hamming_distance function must have the same length");
        r[i] = dist;
    }
    return 0;
}

/* ---------- translate ---------- */

static int fn_translate(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(3);
    mn_str *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_str s = STR(0, i);
        size_t fn, tn;
        uint32_t *from = code_points(STR(1, i), &fn), *to = code_points(STR(2, i), &tn);
        char *p = (from && to) ? mn_fn_str_alloc(ctx, out, (size_t)s.len * 4) : NULL;
        if (!p) {
            free(from);
            free(to);
            return from && to ? -1 : mn_fn_oom(ctx);
        }
        size_t o = 0, k = 0;
        while (k < s.len) {
            size_t next;
            uint32_t c = mn_utf8_decode(s.ptr, s.len, k, &next);
            size_t at = 0;
            while (at < fn && from[at] != c) at++; /* the first occurrence in `from` wins */
            if (at == fn) {
                memcpy(p + o, s.ptr + k, next - k);
                o += next - k;
            } else if (at < tn) {
                o += mn_utf8_encode(to[at], p + o);
            }
            k = next;
        }
        r[i] = (mn_str){p, (uint32_t)o};
        free(from);
        free(to);
    }
    return 0;
}

/* ---------- luhn_check ---------- */

static int fn_luhn_check(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    uint8_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_str s = STR(0, i);
        int sum = 0;
        bool second = false;
        for (size_t k = s.len; k-- > 0;) {
            unsigned char c = (unsigned char)s.ptr[k];
            if (c < '0' || c > '9') return bad_arg(ctx, "Input contains non-digit character");
            int d = (c - '0') * (second ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
            second = !second;
        }
        r[i] = s.len > 0 && sum % 10 == 0;
    }
    return 0;
}

/* ---------- normalize ---------- */

static int normalize_impl(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    mn_str *r = out->data;
    MN_FN_EACH_ROW(i) {
        int opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
        if (nargs > 1) {
            mn_str f = STR(1, i);
            if (f.len == 3 && memcmp(f.ptr, "NFC", 3) == 0) opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
            else if (f.len == 3 && memcmp(f.ptr, "NFD", 3) == 0) opts = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE;
            else if (f.len == 4 && memcmp(f.ptr, "NFKC", 4) == 0)
                opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
            else if (f.len == 4 && memcmp(f.ptr, "NFKD", 4) == 0)
                opts = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT;
            else return bad_arg(ctx, "Normalization form must be one of [NFD, NFC, NFKD, NFKC]");
        }
        mn_str s = STR(0, i);
        utf8proc_uint8_t *res = NULL;
        utf8proc_ssize_t n = s.len ? utf8proc_map((const utf8proc_uint8_t *)s.ptr, (utf8proc_ssize_t)s.len, &res,
                                                  (utf8proc_option_t)opts)
                                   : 0;
        if (n < 0) {
            /* invalid UTF-8: Trino's Java normalizer works on the decoded (replaced) text;
             * keep the bytes unchanged rather than fail */
            r[i] = s;
            continue;
        }
        char *p = mn_fn_str_alloc(ctx, out, (size_t)n);
        if (!p) {
            free(res);
            return -1;
        }
        if (n) memcpy(p, res, (size_t)n);
        free(res);
        r[i] = (mn_str){p, (uint32_t)n};
    }
    return 0;
}

const mn_fn_entry mn_fn_string_extra_table[] = {
    {"split", "varchar,varchar", "=array(varchar(x))", fn_split, bind_split, "Splits string on delimiter", 0, NULL},
    {"split", "varchar,varchar,bigint", "=array(varchar(x))", fn_split, bind_split,
     "Splits string on delimiter into at most limit parts (the last holds the rest)", 0, NULL},
    {"split_to_map", "varchar,varchar,varchar", "map(varchar,varchar)", fn_split_to_map, NULL,
     "Splits string into entries and those into key and value", 0, NULL},
    {"split_to_multimap", "varchar,varchar,varchar", "map(varchar,array(varchar))", fn_split_to_multimap, NULL,
     "Splits string into entries and key/value; the values of each key in an array", 0, NULL},
    {"levenshtein_distance", "varchar,varchar", "bigint", fn_levenshtein, NULL,
     "Minimum number of single-character edits turning one string into the other", 0, NULL},
    {"hamming_distance", "varchar,varchar", "bigint", fn_hamming, NULL,
     "Number of positions at which two equally long strings differ", 0, NULL},
    {"translate", "varchar,varchar,varchar", "varchar", fn_translate, NULL,
     "Replaces each character of from by the one at the same position of to (deletes it past to's end)", 0, NULL},
    {"luhn_check", "varchar", "boolean", fn_luhn_check, NULL, "Whether a string of digits passes the Luhn check", 0,
     NULL},
    {"normalize", "varchar", "varchar", normalize_impl, NULL, "Unicode NFC normalization", 0, NULL},
    {"normalize", "varchar,varchar", "varchar", normalize_impl, NULL,
     "Unicode normalization (NFD, NFC, NFKD or NFKC)", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
