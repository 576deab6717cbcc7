/* binary_fns.c — VARBINARY functions with Trino semantics: UTF-8 conversion (to_utf8,
 * from_utf8 with airlift's replacement of invalid sequences), hex / base64 / base64url
 * coding (java.util.Base64 rules and messages), digests (md5, sha1, sha256, sha512 and
 * hmac_* from OpenSSL's libcrypto, crc32 from zlib, xxhash64 written here from the
 * XXH64 specification), big-endian and IEEE 754 encodings, and the byte-wise length,
 * concat / ||, substr, reverse, lpad and rpad. Results are new bytes in the output heap
 * or slices of an argument (same lifetime rule as a vector reference). */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "common/error.h"
#include "function/fn_internal.h"
#include "types/scalar_text.h"

#define PROLOGUE(n) MN_FN_PROLOGUE(n)
#define EACH_ROW(i) MN_FN_EACH_ROW(i)
#define STR(k, i) MN_SLOT(args[k], mn_str, i)
#define I64(k, i) MN_SLOT(args[k], int64_t, i)

static inline mn_str mkstr(const char *p, size_t n) {
    mn_str s = {p, (uint32_t)n};
    return s;
}

/* Identity on the bytes: to_utf8, and casts between string-like types of equal storage. */
static int fn_same_bytes(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_type t = out->type;
    mn_vector_reference(out, args[0]);
    out->type = t;
    return 0;
}

/* ---------- from_utf8 ---------- */

/* airlift's SliceUtf8.tryGetCodePointAt: the code point at s[i] (>= 0), or minus the
 * number of bytes that form one invalid sequence. */
static int64_t try_code_point(const unsigned char *s, size_t n, size_t i) {
    unsigned c = s[i];
    int len;
    if (c < 0x80) return c;
    if (c < 0xC0) return -1;
    if (c < 0xE0) len = 2;
    else if (c < 0xF0) len = 3;
    else if (c < 0xF8) len = 4;
    else if (c < 0xFC) len = 5;
    else if (c < 0xFE) len = 6;
    else return -1;
    uint32_t cp = c & (0x7F >> len);
    for (int k = 1; k < len; k++) {
        if (i + (size_t)k >= n || (s[i + (size_t)k] & 0xC0) != 0x80) return -(k == 1 ? 1 : k);
        cp = cp << 6 | (s[i + (size_t)k] & 0x3F);
        if (k == 1 && len == 2) return cp < 0x80 ? -2 : (int64_t)cp;
        if (k == 2 && len == 3) return (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0x800 ? -3 : (int64_t)cp;
        if (k == 3 && len == 4) return cp >= 0x10000 && cp < 0x110000 ? (int64_t)cp : -4;
    }
    return -(int64_t)len; /* 5- and 6-byte forms are never valid */
}

static int fix_utf8(mn_fn_ctx *ctx, mn_vector *out, int row, mn_str s, int64_t repl) {
    const unsigned char *u = (const unsigned char *)s.ptr;
    size_t i = 0, bad = 0;
    while (i < s.len) {
        int64_t cp = try_code_point(u, s.len, i);
        if (cp < 0) {
            bad++;
            i += (size_t)-cp;
        } else {
            i += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        }
    }
    mn_str *r = out->data;
    if (bad == 0) {
        r[row] = s;
        return 0;
    }
    char rb[4];
    size_t rl = repl >= 0 ? mn_utf8_encode((uint32_t)repl, rb) : 0;
    char *p = mn_fn_str_alloc(ctx, out, s.len + bad * rl);
    if (!p) return -1;
    size_t o = 0;
    i = 0;
    while (i < s.len) {
        int64_t cp = try_code_point(u, s.len, i);
        if (cp < 0) {
            memcpy(p + o, rb, rl);
            o += rl;
            i += (size_t)-cp;
        } else {
            size_t k = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            memcpy(p + o, s.ptr + i, k);
            o += k;
            i += k;
        }
    }
    r[row] = mkstr(p, o);
    return 0;
}

static int fn_from_utf8(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(nargs);
    EACH_ROW(i) {
        int64_t repl = 0xFFFD;
        if (nargs > 1 && args[1]->type.id == MN_T_BIGINT) {
            repl = I64(1, i);
            if (repl < 0 || repl > 0x10FFFF || (repl >= 0xD800 && repl <= 0xDFFF))
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Invalid replacement character");
        } else if (nargs > 1) {
            mn_str rs = STR(1, i);
            int64_t nc = mn_utf8_count(rs.ptr, rs.len);
            if (nc > 1)
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                    "Replacement character string must empty or a single character");
            if (nc == 0) repl = -1;
            else {
                int64_t cp = try_code_point((const unsigned char *)rs.ptr, rs.len, 0);
                if (cp < 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Invalid replacement character");
                repl = cp;
            }
        }
        if (fix_utf8(ctx, out, i, STR(0, i), repl)) return -1;
    }
    return 0;
}

/* ---------- hex / base64 ---------- */

static int fn_to_hex(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    static const char hex[] = "0123456789ABCDEF";
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        char *p = mn_fn_str_alloc(ctx, out, (size_t)s.len * 2);
        if (!p) return -1;
        for (uint32_t k = 0; k < s.len; k++) {
            unsigned char b = (unsigned char)s.ptr[k];
            p[2 * k] = hex[b >> 4];
            p[2 * k + 1] = hex[b & 15];
        }
        r[i] = mkstr(p, (size_t)s.len * 2);
    }
    return 0;
}

static int hexdigit(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int fn_from_hex(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        if (s.len % 2)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "invalid input length %u", (unsigned)s.len);
        char *p = mn_fn_str_alloc(ctx, out, s.len / 2);
        if (!p) return -1;
        for (uint32_t k = 0; k < s.len; k += 2) {
            int hi = hexdigit((unsigned char)s.ptr[k]), lo = hexdigit((unsigned char)s.ptr[k + 1]);
            if (hi < 0 || lo < 0) {
                unsigned char bad = (unsigned char)s.ptr[hi < 0 ? k : k + 1];
                /* java.util.HexFormat's message; the byte shows as a Latin-1 character */
                char shown[4];
                size_t sl = mn_utf8_encode(bad, shown);
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "not a hexadecimal digit: \"%.*s\" = %d",
                                    (int)sl, shown, (int)(signed char)bad);
            }
            p[k / 2] = (char)(hi << 4 | lo);
        }
        r[i] = mkstr(p, s.len / 2);
    }
    return 0;
}

static int base64_enc(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, bool url) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        char *p = mn_fn_str_alloc(ctx, out, mn_base64_encoded_len(s.len));
        if (!p) return -1;
        r[i] = mkstr(p, mn_base64_encode(s.ptr, s.len, url, p));
    }
    return 0;
}
static int fn_to_base64(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return base64_enc(c, a, k, o, false); }
static int fn_to_base64url(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return base64_enc(c, a, k, o, true); }

static int base64_dec(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, bool url) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        unsigned char *p = (unsigned char *)mn_fn_str_alloc(ctx, out, (size_t)s.len / 4 * 3 + 3);
        if (!p) return -1;
        size_t n;
        char mb[96];
        const char *msg;
        if (mn_base64_decode(s.ptr, s.len, url, p, &n, mb, &msg))
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "%s", msg);
        r[i] = mkstr((const char *)p, n);
    }
    return 0;
}
static int fn_from_base64(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return base64_dec(c, a, k, o, false); }
static int fn_from_base64url(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return base64_dec(c, a, k, o, true); }

/* ---------- digests ---------- */

enum { H_MD5, H_SHA1, H_SHA256, H_SHA512 };

static const EVP_MD *evp_of(int h) {
    switch (h) {
    case H_MD5: return EVP_md5();
    case H_SHA1: return EVP_sha1();
    case H_SHA256: return EVP_sha256();
    default: return EVP_sha512();
    }
}

static int digest(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out, int h) {
    PROLOGUE(nargs);
    mn_str *r = out->data;
    const EVP_MD *md = evp_of(h);
    size_t dl = (size_t)EVP_MD_get_size(md);
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        unsigned char *p = (unsigned char *)mn_fn_str_alloc(ctx, out, dl);
        if (!p) return -1;
        unsigned int got = 0;
        int ok;
        if (nargs == 1) {
            ok = EVP_Digest(s.len ? s.ptr : "", s.len, p, &got, md, NULL);
        } else {
            mn_str key = STR(1, i);
            ok = HMAC(md, key.len ? key.ptr : "", (int)key.len, (const unsigned char *)(s.len ? s.ptr : ""), s.len, p,
                      &got) != NULL;
        }
        if (!ok || got != dl) return mn_error_set(ctx->err, MN_ERR_INTERNAL, "digest computation failed");
        r[i] = mkstr((const char *)p, dl);
    }
    return 0;
}
static int fn_md5(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return digest(c, a, n, k, o, H_MD5); }
static int fn_sha1(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return digest(c, a, n, k, o, H_SHA1); }
static int fn_sha256(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return digest(c, a, n, k, o, H_SHA256); }
static int fn_sha512(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return digest(c, a, n, k, o, H_SHA512); }

static int fn_crc32(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int64_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        r[i] = (int64_t)crc32_z(0L, (const Bytef *)(s.len ? s.ptr : ""), s.len);
    }
    return 0;
}

/* XXH64 with seed 0, from the xxHash specification (little-endian lanes). */
#define XP1 UINT64_C(0x9E3779B185EBCA87)
#define XP2 UINT64_C(0xC2B2AE3D27D4EB4F)
#define XP3 UINT64_C(0x165667B19E3779F9)
#define XP4 UINT64_C(0x85EBCA77C2B2AE63)
#define XP5 UINT64_C(0x27D4EB2F165667C5)

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t rd64(const unsigned char *p) {
    uint64_t v = 0;
    for (int k = 7; k >= 0; k--) v = v << 8 | p[k];
    return v;
}
static inline uint32_t rd32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t xround(uint64_t acc, uint64_t lane) {
    acc += lane * XP2;
    acc = rotl64(acc, 31);
    return acc * XP1;
}
static inline uint64_t xmerge(uint64_t acc, uint64_t v) {
    acc ^= xround(0, v);
    return acc * XP1 + XP4;
}

static uint64_t xxh64(const unsigned char *p, size_t n) {
    const unsigned char *end = p + n;
    uint64_t h;
    if (n >= 32) {
        uint64_t v1 = XP1 + XP2, v2 = XP2, v3 = 0, v4 = (uint64_t)0 - XP1;
        while ((size_t)(end - p) >= 32) {
            v1 = xround(v1, rd64(p));
            v2 = xround(v2, rd64(p + 8));
            v3 = xround(v3, rd64(p + 16));
            v4 = xround(v4, rd64(p + 24));
            p += 32;
        }
        h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
        h = xmerge(h, v1);
        h = xmerge(h, v2);
        h = xmerge(h, v3);
        h = xmerge(h, v4);
    } else {
        h = XP5;
    }
    h += (uint64_t)n;
    while ((size_t)(end - p) >= 8) {
        h ^= xround(0, rd64(p));
        h = rotl64(h, 27) * XP1 + XP4;
        p += 8;
    }
    if ((size_t)(end - p) >= 4) {
        h ^= (uint64_t)rd32(p) * XP1;
        h = rotl64(h, 23) * XP2 + XP3;
        p += 4;
    }
    while (p < end) {
        h ^= (uint64_t)(*p) * XP5;
        h = rotl64(h, 11) * XP1;
        p++;
    }
    h ^= h >> 33;
    h *= XP2;
    h ^= h >> 29;
    h *= XP3;
    h ^= h >> 32;
    return h;
}

static void put_be64(unsigned char *p, uint64_t v) {
    for (int k = 7; k >= 0; k--) {
        p[k] = (unsigned char)v;
        v >>= 8;
    }
}

uint64_t mn_fn_xxh64(const void *p, size_t n) { return xxh64(p, n); }

static int fn_xxhash64(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        unsigned char *p = (unsigned char *)mn_fn_str_alloc(ctx, out, 8);
        if (!p) return -1;
        put_be64(p, xxh64((const unsigned char *)s.ptr, s.len));
        r[i] = mkstr((const char *)p, 8);
    }
    return 0;
}

/* ---------- fixed-width encodings ---------- */

static int fn_to_big_endian_64(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        unsigned char *p = (unsigned char *)mn_fn_str_alloc(ctx, out, 8);
        if (!p) return -1;
        put_be64(p, (uint64_t)I64(0, i));
        r[i] = mkstr((const char *)p, 8);
    }
    return 0;
}

static int fn_to_big_endian_32(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        unsigned char *p = (unsigned char *)mn_fn_str_alloc(ctx, out, 4);
        if (!p) return -1;
        uint32_t v = (uint32_t)MN_SLOT(args[0], int32_t, i);
        for (int k = 3; k >= 0; k--, v >>= 8) p[k] = (unsigned char)v;
        r[i] = mkstr((const char *)p, 4);
    }
    return 0;
}

static uint64_t get_be(const char *s, int n) {
    uint64_t v = 0;
    for (int k = 0; k < n; k++) v = v << 8 | (unsigned char)s[k];
    return v;
}

static int fn_from_big_endian_64(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int64_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        if (s.len != 8)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "expected 8-byte input, but got instead: %u",
                                (unsigned)s.len);
        r[i] = (int64_t)get_be(s.ptr, 8);
    }
    return 0;
}

static int fn_from_big_endian_32(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int32_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        if (s.len != 4)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "expected 4-byte input, but got instead: %u",
                                (unsigned)s.len);
        r[i] = (int32_t)(uint32_t)get_be(s.ptr, 4);
    }
    return 0;
}

static int fn_to_ieee754_64(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        double d = MN_SLOT(args[0], double, i);
        uint64_t v;
        memcpy(&v, &d, 8);
        unsigned char *p = (unsigned char *)mn_fn_str_alloc(ctx, out, 8);
        if (!p) return -1;
        put_be64(p, v);
        r[i] = mkstr((const char *)p, 8);
    }
    return 0;
}

static int fn_to_ieee754_32(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        float f = MN_SLOT(args[0], float, i);
        uint32_t v;
        memcpy(&v, &f, 4);
        unsigned char *p = (unsigned char *)mn_fn_str_alloc(ctx, out, 4);
        if (!p) return -1;
        for (int k = 3; k >= 0; k--, v >>= 8) p[k] = (unsigned char)v;
        r[i] = mkstr((const char *)p, 4);
    }
    return 0;
}

static int fn_from_ieee754_64(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    double *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        if (s.len != 8)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                "Input floating-point value must be exactly 8 bytes long");
        uint64_t v = get_be(s.ptr, 8);
        memcpy(&r[i], &v, 8);
    }
    return 0;
}

static int fn_from_ieee754_32(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    float *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        if (s.len != 4)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                "Input floating-point value must be exactly 4 bytes long");
        uint32_t v = (uint32_t)get_be(s.ptr, 4);
        memcpy(&r[i], &v, 4);
    }
    return 0;
}

/* ---------- byte strings ---------- */

static int fn_length_bin(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int64_t *r = out->data;
    for (int i = 0; i < count; i++) r[i] = mn_fn_null_at(nulls, i) ? 0 : (int64_t)STR(0, i).len;
    return 0;
}

static int fn_concat_bin(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
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

static int bind_concat_bin(mn_fn_binding *b, mn_error *err) {
    if (b->nargs < 2)
        return mn_error_set_pos(err, MN_ERR_INVALID_ARGUMENT, b->pos.line, b->pos.column,
                                "There must be two or more concatenation arguments");
    return 0;
}

/* Trino's substr on bytes: 1-based start, negative counts from the end. */
static mn_str substr_bytes(mn_str s, int64_t start, int64_t length) {
    mn_str empty = {s.ptr, 0};
    if (start == 0 || length <= 0 || s.len == 0) return empty;
    int64_t from;
    if (start > 0) {
        from = start - 1;
        if (from >= (int64_t)s.len) return empty;
    } else {
        from = start + (int64_t)s.len;
        if (from < 0) return empty;
    }
    int64_t to = length > (int64_t)s.len - from ? (int64_t)s.len : from + length;
    return mkstr(s.ptr + from, (size_t)(to - from));
}

static int fn_substr_bin(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(nargs);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        int64_t start = I64(1, i);
        /* two arguments: the rest, i.e. length len - start + 1 (Trino) */
        int64_t len = nargs > 2 ? I64(2, i) : (start > INT64_MIN + (int64_t)s.len ? (int64_t)s.len - start + 1 : 0);
        r[i] = substr_bytes(s, start, len);
    }
    return 0;
}

static int fn_reverse_bin(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i);
        char *p = mn_fn_str_alloc(ctx, out, s.len);
        if (!p) return -1;
        for (uint32_t k = 0; k < s.len; k++) p[k] = s.ptr[s.len - 1 - k];
        r[i] = mkstr(p, s.len);
    }
    return 0;
}

static int pad_bin(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, bool left) {
    PROLOGUE(3);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = STR(0, i), pad = STR(2, i);
        int64_t size = I64(1, i);
        if (size < 0 || size > INT32_MAX)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Target length must be in the range [0..%d]",
                                INT32_MAX);
        if (pad.len == 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Padding bytes must not be empty");
        if ((int64_t)s.len >= size) {
            r[i] = mkstr(s.ptr, (size_t)size);
            continue;
        }
        char *p = mn_fn_str_alloc(ctx, out, (size_t)size);
        if (!p) return -1;
        size_t fill = (size_t)size - s.len;
        char *f = left ? p : p + s.len;
        for (size_t k = 0; k < fill; k++) f[k] = pad.ptr[k % pad.len];
        if (s.len) memcpy(left ? p + fill : p, s.ptr, s.len);
        r[i] = mkstr(p, (size_t)size);
    }
    return 0;
}
static int fn_lpad_bin(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return pad_bin(c, a, k, o, true); }
static int fn_rpad_bin(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return pad_bin(c, a, k, o, false); }

/* CAST(varchar / char AS varbinary): the same bytes (char values are stored padded). */
mn_scalar_impl mn_fn_varbinary_cast_impl(mn_type from, mn_type to) {
    if (to.id == MN_T_VARBINARY && (from.id == MN_T_VARCHAR || from.id == MN_T_CHAR)) return fn_same_bytes;
    return NULL;
}

/* ---------- table ---------- */

#define VB "varbinary"
const mn_fn_entry mn_fn_binary_table[] = {
    {"to_utf8", "varchar", VB, fn_same_bytes, NULL, "UTF-8 bytes of a string", 0, NULL},
    {"from_utf8", VB, "varchar", fn_from_utf8, NULL, "Decodes UTF-8; invalid sequences become U+FFFD", 0, NULL},
    {"from_utf8", VB ",varchar", "varchar", fn_from_utf8, NULL,
     "Decodes UTF-8; invalid sequences become the given character (or are dropped when '')", 0, NULL},
    {"from_utf8", VB ",bigint", "varchar", fn_from_utf8, NULL,
     "Decodes UTF-8; invalid sequences become the given code point", 0, NULL},
    {"length", VB, "bigint", fn_length_bin, NULL, "Length in bytes", 0, NULL},
    {"concat", VB "...", VB, fn_concat_bin, bind_concat_bin, "Concatenation of byte strings", 0, NULL},
    {"||", VB "," VB, VB, fn_concat_bin, NULL, "Concatenation of byte strings", MN_FN_OPERATOR, NULL},
    {"substr", VB ",bigint", VB, fn_substr_bin, NULL, "Bytes from a 1-based start to the end", 0, NULL},
    {"substr", VB ",bigint,bigint", VB, fn_substr_bin, NULL, "Bytes of a length from a 1-based start", 0, NULL},
    {"substring", VB ",bigint", VB, fn_substr_bin, NULL, "Alias of substr", 0, NULL},
    {"substring", VB ",bigint,bigint", VB, fn_substr_bin, NULL, "Alias of substr", 0, NULL},
    {"reverse", VB, VB, fn_reverse_bin, NULL, "Bytes in reverse order", 0, NULL},
    {"lpad", VB ",bigint," VB, VB, fn_lpad_bin, NULL, "Left-pads (or truncates) to a length in bytes", 0, NULL},
    {"rpad", VB ",bigint," VB, VB, fn_rpad_bin, NULL, "Right-pads (or truncates) to a length in bytes", 0, NULL},
    {"to_hex", VB, "varchar", fn_to_hex, NULL, "Upper-case hexadecimal text of the bytes", 0, NULL},
    {"from_hex", "varchar", VB, fn_from_hex, NULL, "Bytes of hexadecimal text", 0, NULL},
    {"from_hex", VB, VB, fn_from_hex, NULL, "Bytes of hexadecimal text given as bytes", 0, NULL},
    {"to_base64", VB, "varchar", fn_to_base64, NULL, "Base64 text of the bytes", 0, NULL},
    {"from_base64", "varchar", VB, fn_from_base64, NULL, "Bytes of base64 text", 0, NULL},
    {"from_base64", VB, VB, fn_from_base64, NULL, "Bytes of base64 text given as bytes", 0, NULL},
    {"to_base64url", VB, "varchar", fn_to_base64url, NULL, "Base64 text with the URL-safe alphabet", 0, NULL},
    {"from_base64url", "varchar", VB, fn_from_base64url, NULL, "Bytes of URL-safe base64 text", 0, NULL},
    {"from_base64url", VB, VB, fn_from_base64url, NULL, "Bytes of URL-safe base64 text given as bytes", 0, NULL},
    {"md5", VB, VB, fn_md5, NULL, "MD5 digest", 0, NULL},
    {"sha1", VB, VB, fn_sha1, NULL, "SHA-1 digest", 0, NULL},
    {"sha256", VB, VB, fn_sha256, NULL, "SHA-256 digest", 0, NULL},
    {"sha512", VB, VB, fn_sha512, NULL, "SHA-512 digest", 0, NULL},
    {"hmac_md5", VB "," VB, VB, fn_md5, NULL, "HMAC-MD5 of the bytes with a key", 0, NULL},
    {"hmac_sha1", VB "," VB, VB, fn_sha1, NULL, "HMAC-SHA1 of the bytes with a key", 0, NULL},
    {"hmac_sha256", VB "," VB, VB, fn_sha256, NULL, "HMAC-SHA256 of the bytes with a key", 0, NULL},
    {"hmac_sha512", VB "," VB, VB, fn_sha512, NULL, "HMAC-SHA512 of the bytes with a key", 0, NULL},
    {"crc32", VB, "bigint", fn_crc32, NULL, "CRC-32 checksum", 0, NULL},
    {"xxhash64", VB, VB, fn_xxhash64, NULL, "XXH64 hash (seed 0) as 8 big-endian bytes", 0, NULL},
    {"to_big_endian_64", "bigint", VB, fn_to_big_endian_64, NULL, "8 bytes, big-endian two's complement", 0, NULL},
    {"from_big_endian_64", VB, "bigint", fn_from_big_endian_64, NULL, "bigint of 8 big-endian bytes", 0, NULL},
    {"to_big_endian_32", "integer", VB, fn_to_big_endian_32, NULL, "4 bytes, big-endian two's complement", 0, NULL},
    {"from_big_endian_32", VB, "integer", fn_from_big_endian_32, NULL, "integer of 4 big-endian bytes", 0, NULL},
    {"to_ieee754_64", "double", VB, fn_to_ieee754_64, NULL, "IEEE 754 binary64, big-endian", 0, NULL},
    {"from_ieee754_64", VB, "double", fn_from_ieee754_64, NULL, "double of 8 big-endian IEEE 754 bytes", 0, NULL},
    {"to_ieee754_32", "real", VB, fn_to_ieee754_32, NULL, "IEEE 754 binary32, big-endian", 0, NULL},
    {"from_ieee754_32", VB, "real", fn_from_ieee754_32, NULL, "real of 4 big-endian IEEE 754 bytes", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
