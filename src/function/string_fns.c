/* string_fns.c — varchar functions with Trino semantics: positions and lengths count code
 * points, NULL in gives NULL out (except concat_ws). Case mapping covers ASCII, Latin-1,
 * Latin Extended-A, basic Greek and Cyrillic (no full Unicode tables: libutf8proc is not
 * available). Results that are slices of an argument point into the argument's storage
 * (same lifetime rule as mn_vector_reference); new strings go to the output's heap. */
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "function/fn_internal.h"
#include "types/nested.h"

#define PROLOGUE(n) MN_FN_PROLOGUE(n)
#define EACH_ROW(i) MN_FN_EACH_ROW(i)
#define STR(k, i) MN_SLOT(args[k], mn_str, i)
#define I64(k, i) MN_SLOT(args[k], int64_t, i)

static inline mn_str mkstr(const char *p, size_t n) {
    mn_str s = {p, (uint32_t)n};
    return s;
}

/* ---------- length ---------- */

static int length_varchar(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int64_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        r[i] = mn_utf8_count(s.ptr, s.len);
    }
    return 0;
}

static int length_char(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int64_t *r = out->data;
    int64_t n = args[0]->type.length;
    for (int i = 0; i < count; i++) r[i] = n;
    return 0;
}

/* ---------- case mapping ---------- */

static uint32_t upper_cp(uint32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if (c == 0xB5) return 0x39C;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
    if (c == 0xFF) return 0x178;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x131) return 'I';
        if (c == 0x17F) return 'S';
        if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
            return (c & 1) ? c - 1 : c;
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c : c - 1;
        return c;
    }
    if ((c >= 0x3B1 && c <= 0x3C1) || (c >= 0x3C3 && c <= 0x3CB)) return c - 0x20;
    if (c == 0x3C2) return 0x3A3;
    if (c == 0x3AC) return 0x386;
    if (c >= 0x3AD && c <= 0x3AF) return c - 0x25;
    if (c == 0x3CC) return 0x38C;
    if (c == 0x3CD || c == 0x3CE) return c - 0x3F;
    if (c >= 0x430 && c <= 0x44F) return c - 0x20;
    if (c >= 0x450 && c <= 0x45F) return c - 0x50;
    return c;
}

static uint32_t lower_cp(uint32_t c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
    if (c == 0x178) return 0xFF;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130) return 'i';
        if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
            return (c & 1) ? c : c + 1;
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : c;
        return c;
    }
    if ((c >= 0x391 && c <= 0x3A1) || (c >= 0x3A3 && c <= 0x3AB)) return c + 0x20;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 0x25;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 0x3F;
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    return c;
}

static int map_case(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, bool up) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        char *p = mn_fn_str_alloc(ctx, out, (size_t)s.len * 2); /* mapped forms grow at most 2x */
        if (!p) return -1;
        size_t o = 0, k = 0;
        while (k < s.len) {
            unsigned char c = (unsigned char)s.ptr[k];
            if (c < 0x80) {
                p[o++] = (char)(up ? (c >= 'a' && c <= 'z' ? c - 32 : c) : (c >= 'A' && c <= 'Z' ? c + 32 : c));
                k++;
                continue;
            }
            size_t next;
            uint32_t cp = mn_utf8_decode(s.ptr, s.len, k, &next);
            uint32_t m = next - k == 1 ? cp : up ? upper_cp(cp) : lower_cp(cp); /* invalid byte: as is */
            if (m == cp) {
                memcpy(p + o, s.ptr + k, next - k);
                o += next - k;
            } else {
                o += mn_utf8_encode(m, p + o);
            }
            k = next;
        }
        r[i] = mkstr(p, o);
    }
    return 0;
}
static int fn_upper(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return map_case(c, a, k, o, true); }
static int fn_lower(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return map_case(c, a, k, o, false); }

/* ---------- substr ---------- */

/* Trino's substr: 1-based code points; start 0 gives ''; negative start counts from the end. */
static mn_str substr_of(mn_str s, int64_t start, int64_t length) {
    mn_str empty = {s.ptr, 0};
    if (start == 0 || length <= 0 || s.len == 0) return empty;
    if (start < 0) {
        int64_t n = mn_utf8_count(s.ptr, s.len);
        start += n + 1;
        if (start <= 0) return empty;
    }
    size_t from = mn_utf8_offset(s.ptr, s.len, start - 1);
    if (from == SIZE_MAX || from >= s.len) return empty;
    size_t to = s.len;
    if (length < (int64_t)s.len) {
        to = mn_utf8_offset(s.ptr + from, s.len - from, length);
        to = to == SIZE_MAX ? s.len : from + to;
    }
    return mkstr(s.ptr + from, to - from);
}

static int fn_substr2(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    mn_str *r = out->data;
    EACH_ROW(i) r[i] = substr_of(STR(0, i), I64(1, i), INT64_MAX);
    return 0;
}

static int fn_substr3(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(3);
    mn_str *r = out->data;
    EACH_ROW(i) r[i] = substr_of(STR(0, i), I64(1, i), I64(2, i));
    return 0;
}

/* ---------- concat ---------- */

static int fn_concat(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(nargs);
    mn_str *r = out->data;
    EACH_ROW(i) {
        size_t n = 0;
        for (int k = 0; k < nargs; k++) n += STR(k, i).len;
        char *p = mn_fn_str_alloc(ctx, out, n);
        if (!p) return -1;
        size_t o = 0;
        for (int k = 0; k < nargs; k++) {
            mn_str s = STR(k, i);
            if (s.len) memcpy(p + o, s.ptr, s.len);
            o += s.len;
        }
        r[i] = mkstr(p, n);
    }
    return 0;
}

/* Trino rejects concat with a single argument (the || operator always has two). */
static int bind_concat(mn_fn_binding *b, mn_error *err) {
    if (b->nargs < 2)
        return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "There must be two or more concatenation arguments");
    return 0;
}

/* concat_ws(sep, s...): NULL only when sep is NULL; NULL values are skipped. */
static int fn_concat_ws(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    bool all_const = true;
    for (int k = 0; k < nargs; k++)
        if (args[k]->mask) all_const = false;
    if (all_const) {
        if (mn_vector_prepare_const(out, ctx->err)) return -1;
        count = 1;
    }
    mn_str *r = out->data;
    for (int i = 0; i < count; i++) {
        if (mn_vector_is_null(args[0], i)) {
            mn_vector_set_null(out, i);
            if (!out->nulls) return mn_fn_oom(ctx);
            continue;
        }
        mn_str sep = STR(0, i);
        size_t n = 0;
        int parts = 0;
        for (int k = 1; k < nargs; k++) {
            if (mn_vector_is_null(args[k], i)) continue;
            n += STR(k, i).len + (parts++ ? sep.len : 0);
        }
        char *p = mn_fn_str_alloc(ctx, out, n);
        if (!p) return -1;
        size_t o = 0;
        parts = 0;
        for (int k = 1; k < nargs; k++) {
            if (mn_vector_is_null(args[k], i)) continue;
            if (parts++ && sep.len) {
                memcpy(p + o, sep.ptr, sep.len);
                o += sep.len;
            }
            mn_str s = STR(k, i);
            if (s.len) memcpy(p + o, s.ptr, s.len);
            o += s.len;
        }
        r[i] = mkstr(p, n);
    }
    return 0;
}

/* ---------- trim ---------- */

static bool is_ws(uint32_t c) {
    if (c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x1F)) return true;
    if (c < 0x1680) return false;
    return c == 0x1680 || (c >= 0x2000 && c <= 0x2006) || (c >= 0x2008 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x205F || c == 0x3000;
}

static bool in_set(uint32_t c, mn_str set) {
    size_t k = 0;
    while (k < set.len) {
        size_t next;
        if (mn_utf8_decode(set.ptr, set.len, k, &next) == c) return true;
        k = next;
    }
    return false;
}

/* Start of the last character ending at `end`. */
static size_t prev_char(const char *s, size_t end) {
    size_t i = end - 1;
    while (i > 0 && mn_utf8_is_cont((unsigned char)s[i])) i--;
    return i;
}

static mn_str trim_of(mn_str s, bool left, bool right, const mn_str *set) {
    size_t from = 0, to = s.len;
    if (left) {
        while (from < to) {
            size_t next;
            uint32_t c = mn_utf8_decode(s.ptr, to, from, &next);
            if (!(set ? in_set(c, *set) : is_ws(c))) break;
            from = next;
        }
    }
    if (right) {
        while (to > from) {
            size_t st = prev_char(s.ptr, to), next;
            if (st < from) break;
            uint32_t c = mn_utf8_decode(s.ptr, to, st, &next);
            if (!(set ? in_set(c, *set) : is_ws(c))) break;
            to = st;
        }
    }
    return mkstr(s.ptr + from, to - from);
}

static int trim_impl(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out, bool l, bool r_) {
    PROLOGUE(nargs);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str set = nargs > 1 ? STR(1, i) : mkstr(NULL, 0);
        r[i] = trim_of(STR(0, i), l, r_, nargs > 1 ? &set : NULL);
    }
    return 0;
}
static int fn_trim(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return trim_impl(c, a, n, k, o, true, true); }
static int fn_ltrim(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return trim_impl(c, a, n, k, o, true, false); }
static int fn_rtrim(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return trim_impl(c, a, n, k, o, false, true); }

/* char(n) trims work, as Trino's do, on the value without its padding and never leave
 * trailing spaces: trim(CAST('xa' AS char(4)), 'x') is 'a', not 'a  '. */
static mn_str strip_spaces(mn_str s) {
    while (s.len && s.ptr[s.len - 1] == ' ') s.len--;
    return s;
}

static int trim_char_impl(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out, bool l, bool r_) {
    PROLOGUE(nargs);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str set = nargs > 1 ? STR(1, i) : mkstr(NULL, 0);
        r[i] = strip_spaces(trim_of(strip_spaces(STR(0, i)), l, r_, nargs > 1 ? &set : NULL));
    }
    return 0;
}
static int fn_trim_char(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return trim_char_impl(c, a, n, k, o, true, true);
}
static int fn_ltrim_char(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return trim_char_impl(c, a, n, k, o, true, false);
}
static int fn_rtrim_char(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return trim_char_impl(c, a, n, k, o, false, true);
}

/* trim(char(n)...) -> varchar(n) */
static int bind_char_to_varchar(mn_fn_binding *b, mn_error *err) {
    b->ret = mn_type_varchar(b->args[0]->type.length);
    return 0;
}

/* ---------- replace / reverse ---------- */

static int fn_replace(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(nargs);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i), f = STR(1, i), w = nargs > 2 ? STR(2, i) : mkstr("", 0);
        if (f.len == 0) {
            /* Trino: the replacement goes before every character and at the end */
            int64_t chars = mn_utf8_count(s.ptr, s.len);
            size_t n = s.len + (size_t)(chars + 1) * w.len;
            char *p = mn_fn_str_alloc(ctx, out, n);
            if (!p) return -1;
            size_t o = 0, k = 0;
            while (k < s.len) {
                size_t next = mn_utf8_next(s.ptr, s.len, k);
                if (w.len) memcpy(p + o, w.ptr, w.len);
                o += w.len;
                memcpy(p + o, s.ptr + k, next - k);
                o += next - k;
                k = next;
            }
            if (w.len) memcpy(p + o, w.ptr, w.len);
            o += w.len;
            r[i] = mkstr(p, o);
            continue;
        }
        size_t hits = 0;
        for (const char *q = s.ptr, *end = s.ptr + s.len; (size_t)(end - q) >= f.len;) {
            const char *h = memmem(q, (size_t)(end - q), f.ptr, f.len);
            if (!h) break;
            hits++;
            q = h + f.len;
        }
        if (hits == 0) {
            r[i] = s;
            continue;
        }
        size_t n = s.len - hits * f.len + hits * w.len;
        char *p = mn_fn_str_alloc(ctx, out, n);
        if (!p) return -1;
        size_t o = 0;
        const char *q = s.ptr, *end = s.ptr + s.len;
        for (size_t h = 0; h < hits; h++) {
            const char *at = memmem(q, (size_t)(end - q), f.ptr, f.len);
            memcpy(p + o, q, (size_t)(at - q));
            o += (size_t)(at - q);
            if (w.len) memcpy(p + o, w.ptr, w.len);
            o += w.len;
            q = at + f.len;
        }
        memcpy(p + o, q, (size_t)(end - q));
        o += (size_t)(end - q);
        r[i] = mkstr(p, o);
    }
    return 0;
}

static int fn_reverse(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        char *p = mn_fn_str_alloc(ctx, out, s.len);
        if (!p) return -1;
        size_t k = 0;
        while (k < s.len) {
            size_t next = mn_utf8_next(s.ptr, s.len, k);
            memcpy(p + (s.len - next), s.ptr + k, next - k);
            k = next;
        }
        r[i] = mkstr(p, s.len);
    }
    return 0;
}

/* ---------- searching ---------- */

/* 1-based code point position of the instance-th occurrence of f in s (negative instance
 * counts from the end), 0 when there is none. */
static int64_t str_position(mn_str s, mn_str f, int64_t instance) {
    if (f.len == 0) return 1;
    if (instance > 0) {
        const char *q = s.ptr, *end = s.ptr + s.len;
        while ((size_t)(end - q) >= f.len) {
            const char *h = memmem(q, (size_t)(end - q), f.ptr, f.len);
            if (!h) return 0;
            if (--instance == 0) return mn_utf8_count(s.ptr, (size_t)(h - s.ptr)) + 1;
            q = h + 1;
        }
        return 0;
    }
    for (size_t at = s.len >= f.len ? s.len - f.len + 1 : 0; at-- > 0;) {
        if (memcmp(s.ptr + at, f.ptr, f.len) == 0 && ++instance == 0) return mn_utf8_count(s.ptr, at) + 1;
    }
    return 0;
}

static int fn_strpos(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(nargs);
    int64_t *r = out->data;
    EACH_ROW(i) {
        int64_t inst = nargs > 2 ? I64(2, i) : 1;
        if (inst == 0)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "'instance' must be a positive or negative number.");
        r[i] = str_position(STR(0, i), STR(1, i), inst);
    }
    return 0;
}

static int fn_starts_with(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    uint8_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i), p = STR(1, i);
        r[i] = s.len >= p.len && (p.len == 0 || memcmp(s.ptr, p.ptr, p.len) == 0);
    }
    return 0;
}

static int fn_split_part(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(3);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i), d = STR(1, i);
        int64_t idx = I64(2, i);
        if (idx <= 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Index must be greater than zero");
        if (d.len == 0) {
            /* Trino: every character is a field */
            size_t at = mn_utf8_offset(s.ptr, s.len, idx - 1);
            if (at == SIZE_MAX || at >= s.len) {
                mn_vector_set_null(out, i);
                if (!out->nulls) return mn_fn_oom(ctx);
                continue;
            }
            r[i] = mkstr(s.ptr + at, mn_utf8_next(s.ptr, s.len, at) - at);
            continue;
        }
        const char *q = s.ptr, *end = s.ptr + s.len;
        bool found = true;
        for (int64_t k = 1; k < idx; k++) {
            const char *h = (size_t)(end - q) >= d.len ? memmem(q, (size_t)(end - q), d.ptr, d.len) : NULL;
            if (!h) {
                found = false;
                break;
            }
            q = h + d.len;
        }
        if (!found) {
            mn_vector_set_null(out, i);
            if (!out->nulls) return mn_fn_oom(ctx);
            continue;
        }
        const char *h = (size_t)(end - q) >= d.len ? memmem(q, (size_t)(end - q), d.ptr, d.len) : NULL;
        r[i] = mkstr(q, (size_t)((h ? h : end) - q));
    }
    return 0;
}

/* ---------- padding ---------- */

static int pad_impl(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, bool left) {
    PROLOGUE(3);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i), pad = STR(2, i);
        int64_t size = I64(1, i);
        if (size < 0 || size > INT32_MAX)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Target length must be in the range [0..%d]",
                                INT32_MAX);
        if (pad.len == 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Padding string must not be empty");
        int64_t have = mn_utf8_count(s.ptr, s.len);
        if (have >= size) {
            r[i] = mkstr(s.ptr, mn_utf8_offset(s.ptr, s.len, size));
            continue;
        }
        int64_t need = size - have, pad_chars = mn_utf8_count(pad.ptr, pad.len);
        if (pad_chars <= 0) pad_chars = 1;
        int64_t full = need / pad_chars, rest = need % pad_chars;
        size_t rest_bytes = mn_utf8_offset(pad.ptr, pad.len, rest);
        if (rest_bytes == SIZE_MAX) rest_bytes = pad.len;
        if ((uint64_t)full > MN_FN_MAX_STRING / pad.len)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "String result is too long");
        size_t fill = (size_t)full * pad.len + rest_bytes;
        char *p = mn_fn_str_alloc(ctx, out, fill + s.len);
        if (!p) return -1;
        char *f = left ? p : p + s.len;
        for (int64_t k = 0; k < full; k++) memcpy(f + (size_t)k * pad.len, pad.ptr, pad.len);
        memcpy(f + (size_t)full * pad.len, pad.ptr, rest_bytes);
        if (s.len) memcpy(left ? p + fill : p, s.ptr, s.len);
        r[i] = mkstr(p, fill + s.len);
    }
    return 0;
}
static int fn_lpad(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return pad_impl(c, a, k, o, true); }
static int fn_rpad(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return pad_impl(c, a, k, o, false); }

/* ---------- code points ---------- */

static int fn_chr(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        int64_t c = I64(0, i);
        if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Not a valid Unicode code point: %lld", (long long)c);
        char *p = mn_fn_str_alloc(ctx, out, 4);
        if (!p) return -1;
        r[i] = mkstr(p, mn_utf8_encode((uint32_t)c, p));
    }
    return 0;
}

static int fn_codepoint(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int32_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        size_t next;
        if (mn_utf8_count(s.ptr, s.len) != 1)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Input string must be a single character string");
        r[i] = (int32_t)mn_utf8_decode(s.ptr, s.len, 0, &next);
    }
    return 0;
}

/* ---------- typeof ---------- */

static int fn_typeof(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    const char *name = ctx->bind_data;
    if (mn_vector_prepare_const(out, ctx->err)) return -1;
    ((mn_str *)out->data)[0] = mkstr(name, strlen(name));
    return 0;
}

static int bind_typeof(mn_fn_binding *b, mn_error *err) {
    char buf[48];
    mn_type t = b->args[0]->type;
    if (mn_type_is_nested(t)) { /* names of any length (a fixed buffer cut them short) */
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        mn_type_name_nested(t, &sb);
        b->bind_data = sb.oom || !sb.data ? NULL : mn_arena_strdup(b->arena, sb.data);
        mn_strbuf_free(&sb);
    } else {
        b->bind_data = mn_arena_strdup(b->arena, mn_fn_type_name(t, buf));
    }
    if (!b->bind_data) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return 0;
}

/* ---------- table ---------- */

const mn_fn_entry mn_fn_string_table[] = {
    {"length", "varchar", "bigint", length_varchar, NULL, "Length in characters", 0, NULL},
    {"length", "char", "bigint", length_char, NULL, "Declared length of a char(n)", 0, NULL},
    {"lower", "varchar", "$0", fn_lower, NULL, "Lower case", 0, NULL},
    {"lower", "char", "$0", fn_lower, NULL, "Lower case", 0, NULL},
    {"upper", "varchar", "$0", fn_upper, NULL, "Upper case", 0, NULL},
    {"upper", "char", "$0", fn_upper, NULL, "Upper case", 0, NULL},
    {"substr", "varchar,bigint", "$0", fn_substr2, NULL, "Rest of the string from a 1-based start", 0, NULL},
    {"substr", "varchar,bigint,bigint", "$0", fn_substr3, NULL, "Substring of a length from a 1-based start", 0,
     NULL},
    {"substring", "varchar,bigint", "$0", fn_substr2, NULL, "Alias of substr", 0, NULL},
    {"substring", "varchar,bigint,bigint", "$0", fn_substr3, NULL, "Alias of substr", 0, NULL},
    /* char(n) values are stored padded, so the varchar code gives Trino's padded semantics */
    {"substr", "char,bigint", "varchar", fn_substr2, NULL, "Substring of the space-padded value", 0, NULL},
    {"substr", "char,bigint,bigint", "varchar", fn_substr3, NULL, "Substring of the space-padded value", 0, NULL},
    {"substring", "char,bigint", "varchar", fn_substr2, NULL, "Alias of substr", 0, NULL},
    {"substring", "char,bigint,bigint", "varchar", fn_substr3, NULL, "Alias of substr", 0, NULL},
    {"concat", "varchar...", "varchar", fn_concat, bind_concat, "Concatenation (NULL if any argument is NULL)", 0,
     NULL},
    {"||", "varchar,varchar", "varchar", fn_concat, NULL, "Concatenation", MN_FN_OPERATOR, NULL},
    {"concat_ws", "varchar,varchar...", "varchar", fn_concat_ws, NULL,
     "Joins the non-NULL strings with a separator", 0, NULL},
    {"trim", "varchar", "$0", fn_trim, NULL, "Removes leading and trailing white space", 0, NULL},
    {"trim", "varchar,varchar", "$0", fn_trim, NULL, "Removes leading and trailing characters of a set", 0, NULL},
    {"ltrim", "varchar", "$0", fn_ltrim, NULL, "Removes leading white space", 0, NULL},
    {"ltrim", "varchar,varchar", "$0", fn_ltrim, NULL, "Removes leading characters of a set", 0, NULL},
    {"rtrim", "varchar", "$0", fn_rtrim, NULL, "Removes trailing white space", 0, NULL},
    {"rtrim", "varchar,varchar", "$0", fn_rtrim, NULL, "Removes trailing characters of a set", 0, NULL},
    {"trim", "char", "=varchar(n)", fn_trim_char, bind_char_to_varchar, "Trims the value without its padding", 0, NULL},
    {"trim", "char,varchar", "=varchar(n)", fn_trim_char, bind_char_to_varchar,
     "Trims characters of a set from the value without its padding", 0, NULL},
    {"ltrim", "char", "=varchar(n)", fn_ltrim_char, bind_char_to_varchar, "Left-trims the value without its padding", 0,
     NULL},
    {"ltrim", "char,varchar", "=varchar(n)", fn_ltrim_char, bind_char_to_varchar,
     "Left-trims characters of a set from the value without its padding", 0, NULL},
    {"rtrim", "char", "=varchar(n)", fn_rtrim_char, bind_char_to_varchar, "Right-trims the value without its padding",
     0, NULL},
    {"rtrim", "char,varchar", "=varchar(n)", fn_rtrim_char, bind_char_to_varchar,
     "Right-trims characters of a set from the value without its padding", 0, NULL},
    {"replace", "varchar,varchar", "varchar", fn_replace, NULL, "Removes every occurrence of a search string", 0,
     NULL},
    {"replace", "varchar,varchar,varchar", "varchar", fn_replace, NULL, "Replaces every occurrence of a string", 0,
     NULL},
    {"reverse", "varchar", "$0", fn_reverse, NULL, "Characters in reverse order", 0, NULL},
    {"reverse", "char", "$0", fn_reverse, NULL, "Characters of the space-padded value in reverse order", 0, NULL},
    {"strpos", "varchar,varchar", "bigint", fn_strpos, NULL, "1-based position of a substring, 0 if absent", 0,
     NULL},
    {"strpos", "varchar,varchar,bigint", "bigint", fn_strpos, NULL,
     "Position of the n-th occurrence (negative n counts from the end)", 0, NULL},
    {"starts_with", "varchar,varchar", "boolean", fn_starts_with, NULL, "Whether the string starts with a prefix", 0,
     NULL},
    {"split_part", "varchar,varchar,bigint", "varchar", fn_split_part, NULL,
     "Field number n (1-based) of a delimited string, NULL past the end", 0, NULL},
    {"lpad", "varchar,bigint,varchar", "varchar", fn_lpad, NULL, "Left-pads (or truncates) to a length", 0, NULL},
    {"lpad", "char,bigint,varchar", "varchar", fn_lpad, NULL, "Left-pads the space-padded value", 0, NULL},
    {"rpad", "varchar,bigint,varchar", "varchar", fn_rpad, NULL, "Right-pads (or truncates) to a length", 0, NULL},
    {"chr", "bigint", "varchar(1)", fn_chr, NULL, "The character of a code point", 0, NULL},
    {"codepoint", "varchar", "integer", fn_codepoint, NULL, "Code point of a single character", 0, NULL},
    {"typeof", "any", "varchar", fn_typeof, bind_typeof, "Name of the argument's type", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
