/* bitwise_fns.c — Trino's bitwise functions: bitwise_and/or/xor/not and bit_count on
 * two's-complement bigints, and the shifts bitwise_left_shift, bitwise_right_shift
 * (logical) and bitwise_right_shift_arithmetic, which keep the width of their integer
 * argument (tinyint .. bigint). Shifts by the width or more give 0 (or -1 for an
 * arithmetic shift of a negative value); a negative shift is taken modulo 64 as Java does
 * in Trino's implementation. NULL in gives NULL out. */
#include <stdint.h>

#include "common/error.h"
#include "function/fn_internal.h"

#define I64(k, i) MN_SLOT(args[k], int64_t, i)

static int fn_bitwise_not(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    int64_t *r = out->data;
    for (int i = 0; i < count; i++) r[i] = ~I64(0, i);
    return 0;
}

static int fn_bitwise_and(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    MN_FN_BIN_LOOP(int64_t, int64_t, int64_t, r_[i] = x & y);
    return 0;
}

static int fn_bitwise_or(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    MN_FN_BIN_LOOP(int64_t, int64_t, int64_t, r_[i] = x | y);
    return 0;
}

static int fn_bitwise_xor(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    MN_FN_BIN_LOOP(int64_t, int64_t, int64_t, r_[i] = x ^ y);
    return 0;
}

/* bit_count(x, bits): set bits of x seen as a bits-bit signed integer; x must fit. */
static int fn_bit_count(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    int64_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        int64_t x = I64(0, i), bits = I64(1, i);
        if (bits < 2 || bits > 64)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                "Bits specified in bit_count must be between 2 and 64, got %lld", (long long)bits);
        if (bits < 64) {
            int64_t lo = -((int64_t)1 << (bits - 1)), hi = ((int64_t)1 << (bits - 1)) - 1;
            if (x < lo || x > hi)
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                    "Number must be representable with the bits specified. %lld cannot be "
                                    "represented with %lld bits",
                                    (long long)x, (long long)bits);
        }
        uint64_t u = (uint64_t)x;
        if (bits < 64) u &= ((uint64_t)1 << bits) - 1;
        r[i] = __builtin_popcountll(u);
    }
    return 0;
}

/* ---------- shifts (result keeps the argument's width) ---------- */

enum { SH_LEFT, SH_RIGHT, SH_ARITH };

static int64_t shift_one(int64_t v, int64_t shift, int width, int kind) {
    /* Java masks the shift count of a long to 6 bits; Trino's narrower variants first
     * compare it with their width, so do the same here. */
    uint64_t s = (uint64_t)shift & 63;
    if (shift < 0) shift = (int64_t)s;
    uint64_t mask = width == 64 ? ~(uint64_t)0 : (((uint64_t)1 << width) - 1);
    if (shift >= width) return kind == SH_ARITH && v < 0 ? -1 : 0;
    if (kind == SH_LEFT) {
        uint64_t u = ((uint64_t)v << s) & mask;
        /* sign-extend from width bits */
        if (width < 64 && (u >> (width - 1)) & 1) u |= ~mask;
        return (int64_t)u;
    }
    if (kind == SH_RIGHT) {
        uint64_t u = ((uint64_t)v & mask) >> s;
        if (width < 64 && (u >> (width - 1)) & 1) u |= ~mask;
        return (int64_t)u;
    }
    return v >> s; /* arithmetic: v is already sign-extended */
}

static int shift_impl(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int kind) {
    MN_FN_PROLOGUE(2);
    int width;
    switch (out->type.id) {
    case MN_T_TINYINT: width = 8; break;
    case MN_T_SMALLINT: width = 16; break;
    case MN_T_INTEGER: width = 32; break;
    default: width = 64; break;
    }
    MN_FN_EACH_ROW(i) {
        mn_fn_put_int(out, i, shift_one(mn_fn_get_int(args[0], i), I64(1, i), width, kind));
    }
    return 0;
}

static int fn_shl(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return shift_impl(c, a, k, o, SH_LEFT); }
static int fn_shr(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return shift_impl(c, a, k, o, SH_RIGHT); }
static int fn_sha(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return shift_impl(c, a, k, o, SH_ARITH); }

#define SHIFTS(NAME, FN, DESC)                                        \
    {NAME, "tinyint,bigint", "tinyint", FN, NULL, DESC, 0, NULL},     \
    {NAME, "smallint,bigint", "smallint", FN, NULL, DESC, 0, NULL},   \
    {NAME, "integer,bigint", "integer", FN, NULL, DESC, 0, NULL},     \
    {NAME, "bigint,bigint", "bigint", FN, NULL, DESC, 0, NULL}

const mn_fn_entry mn_fn_bitwise_table[] = {
    {"bitwise_and", "bigint,bigint", "bigint", fn_bitwise_and, NULL, "Bitwise AND (two's complement)", 0, NULL},
    {"bitwise_or", "bigint,bigint", "bigint", fn_bitwise_or, NULL, "Bitwise OR (two's complement)", 0, NULL},
    {"bitwise_xor", "bigint,bigint", "bigint", fn_bitwise_xor, NULL, "Bitwise XOR (two's complement)", 0, NULL},
    {"bitwise_not", "bigint", "bigint", fn_bitwise_not, NULL, "Bitwise NOT (-x - 1)", 0, NULL},
    {"bit_count", "bigint,bigint", "bigint", fn_bit_count, NULL,
     "Number of set bits of x as a bits-bit signed integer", 0, NULL},
    SHIFTS("bitwise_left_shift", fn_shl, "value shifted left by shift bits"),
    SHIFTS("bitwise_right_shift", fn_shr, "value shifted right by shift bits, filling with zeros"),
    SHIFTS("bitwise_right_shift_arithmetic", fn_sha, "value shifted right by shift bits, keeping the sign"),
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
