/* uuid_fns.c — the UUID type's functions: uuid() (a random version-4 UUID, volatile) and
 * the casts varchar/char <-> uuid and varbinary <-> uuid, with Trino's errors. A UUID
 * value is stored as its canonical text (36 lowercase characters, types/types.h). */
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "common/error.h"
#include "function/fn_internal.h"

#define UUID_LEN 36

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Writes the canonical text of 16 bytes into out (36 bytes). */
static void uuid_text(const unsigned char *b, char *out) {
    static const char hex[] = "0123456789abcdef";
    int o = 0;
    for (int k = 0; k < 16; k++) {
        if (k == 4 || k == 6 || k == 8 || k == 10) out[o++] = '-';
        out[o++] = hex[b[k] >> 4];
        out[o++] = hex[b[k] & 15];
    }
}

/* ---------- uuid() ---------- */

static _Thread_local uint64_t fallback_state;

static void random_bytes(unsigned char *b, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(b + got, n - got, GRND_NONBLOCK);
        if (r <= 0) break;
        got += (size_t)r;
    }
    for (; got < n; got++) { /* no entropy source: a seeded xorshift keeps values distinct */
        if (!fallback_state) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            fallback_state = mn_hash_u64((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20)) | 1;
        }
        fallback_state ^= fallback_state << 13;
        fallback_state ^= fallback_state >> 7;
        fallback_state ^= fallback_state << 17;
        b[got] = (unsigned char)(fallback_state >> 32);
    }
}

static int fn_uuid(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_str *r = out->data;
    for (int i = 0; i < count; i++) {
        unsigned char b[16];
        random_bytes(b, sizeof b);
        b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
        b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* IETF variant */
        char *p = mn_fn_str_alloc(ctx, out, UUID_LEN);
        if (!p) return -1;
        uuid_text(b, p);
        r[i] = (mn_str){p, UUID_LEN};
    }
    return 0;
}

/* ---------- casts ---------- */

/* Parses the 8-4-4-4-12 form (any case) into 16 bytes; false when s is not one. */
static bool parse_canonical(mn_str s, unsigned char *b) {
    if (s.len != UUID_LEN) return false;
    int k = 0;
    for (int i = 0; i < UUID_LEN;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s.ptr[i++] != '-') return false;
            continue;
        }
        int hi = hexval((unsigned char)s.ptr[i]), lo = hexval((unsigned char)s.ptr[i + 1]);
        if (hi < 0 || lo < 0) return false;
        b[k++] = (unsigned char)(hi << 4 | lo);
        i += 2;
    }
    return true;
}

/* java.util.UUID.fromString accepts five dash-separated hex groups of up to 8-4-4-4-12
 * digits; Trino then requires the canonical length. */
static bool java_accepts(mn_str s) {
    static const int maxlen[5] = {8, 4, 4, 4, 12};
    int group = 0, len = 0;
    for (uint32_t i = 0; i < s.len; i++) {
        if (s.ptr[i] == '-') {
            if (len == 0 || ++group > 4) return false;
            len = 0;
        } else if (hexval((unsigned char)s.ptr[i]) < 0 || ++len > maxlen[group]) {
            return false;
        }
    }
    return group == 4 && len > 0;
}

static int cast_string_uuid(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_str *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        unsigned char b[16];
        if (!parse_canonical(s, b)) {
            if (java_accepts(s))
                return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Invalid UUID string length: %u", s.len);
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast value to UUID: %.*s",
                                (int)(s.len > 200 ? 200 : s.len), s.ptr);
        }
        char *p = mn_fn_str_alloc(ctx, out, UUID_LEN);
        if (!p) return -1;
        uuid_text(b, p);
        r[i] = (mn_str){p, UUID_LEN};
    }
    return 0;
}

/* uuid -> varchar: the stored text itself */
static int cast_uuid_string(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_type t = out->type;
    mn_vector_reference(out, args[0]);
    out->type = t;
    return 0;
}

static int cast_uuid_varbinary(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_str *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        unsigned char b[16];
        if (!parse_canonical(s, b)) return mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed uuid value");
        char *p = mn_fn_str_alloc(ctx, out, 16);
        if (!p) return -1;
        memcpy(p, b, 16);
        r[i] = (mn_str){p, 16};
    }
    return 0;
}

static int cast_varbinary_uuid(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_str *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        if (s.len != 16) return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Invalid UUID binary length: %u", s.len);
        char *p = mn_fn_str_alloc(ctx, out, UUID_LEN);
        if (!p) return -1;
        uuid_text((const unsigned char *)s.ptr, p);
        r[i] = (mn_str){p, UUID_LEN};
    }
    return 0;
}

mn_scalar_impl mn_fn_uuid_cast_impl(mn_type from, mn_type to) {
    if (from.id == MN_T_UUID && to.id == MN_T_UUID) return cast_uuid_string;
    if (to.id == MN_T_UUID) {
        if (mn_type_is_string(from)) return cast_string_uuid;
        if (from.id == MN_T_VARBINARY) return cast_varbinary_uuid;
        return NULL;
    }
    if (from.id == MN_T_UUID) {
        if (to.id == MN_T_VARCHAR) return cast_uuid_string;
        if (to.id == MN_T_VARBINARY) return cast_uuid_varbinary;
    }
    return NULL;
}

const mn_fn_entry mn_fn_uuid_table[] = {
    {"uuid", "", "uuid", fn_uuid, NULL, "A random (version 4) UUID", MN_FN_VOLATILE, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
