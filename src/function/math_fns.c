/* math_fns.c — numeric functions (abs, round, ceil, floor, truncate, sign, power, roots,
 * logarithms, trigonometry, constants, random, width_bucket, from_base/to_base,
 * cosine_similarity, normal/beta CDFs and their inverses, Wilson intervals) with Trino's
 * result types: integer inputs keep their type, decimals follow Trino's precision rules,
 * rounding is HALF_UP (away from zero) for both decimals and doubles. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/error.h"
#include "function/fn_internal.h"
#include "types/decimal.h"
#include "types/nested.h"
#include "types/scalar_text.h"

#define PROLOGUE(n) MN_FN_PROLOGUE(n)
#define EACH_ROW(i) MN_FN_EACH_ROW(i)
#define D(k, i) MN_SLOT(args[k], double, i)
#define F(k, i) MN_SLOT(args[k], float, i)
#define DEC(k, i) MN_SLOT(args[k], mn_i128, i)

static int dec_overflow(mn_fn_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "Decimal overflow"); }

/* ---------- abs / sign ---------- */

static int abs_int(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int64_t lo, hi;
    mn_fn_int_range(out->type.id, &lo, &hi);
    char buf[48];
    EACH_ROW(i) {
        int64_t v = mn_fn_get_int(args[0], i);
        if (v == lo)
            return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "Value %lld is out of range for abs(%s)",
                                (long long)v, mn_fn_type_name(out->type, buf));
        mn_fn_put_int(out, i, v < 0 ? -v : v);
    }
    return 0;
}

static int abs_double(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    double *r = out->data;
    for (int i = 0; i < count; i++) r[i] = fabs(D(0, i));
    return 0;
}

static int abs_real(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    float *r = out->data;
    for (int i = 0; i < count; i++) r[i] = fabsf(F(0, i));
    return 0;
}

static int abs_dec(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_i128 *r = out->data;
    for (int i = 0; i < count; i++) {
        mn_i128 v = DEC(0, i);
        r[i] = v < 0 ? -v : v;
    }
    return 0;
}

static int sign_int(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    for (int i = 0; i < count; i++) {
        int64_t v = mn_fn_get_int(args[0], i);
        mn_fn_put_int(out, i, (v > 0) - (v < 0));
    }
    return 0;
}

static int sign_double(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    double *r = out->data;
    for (int i = 0; i < count; i++) {
        double v = D(0, i);
        r[i] = isnan(v) ? v : (double)((v > 0) - (v < 0));
    }
    return 0;
}

static int sign_real(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    float *r = out->data;
    for (int i = 0; i < count; i++) {
        float v = F(0, i);
        r[i] = isnan(v) ? v : (float)((v > 0) - (v < 0));
    }
    return 0;
}

static int sign_dec(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_i128 *r = out->data;
    for (int i = 0; i < count; i++) {
        mn_i128 v = DEC(0, i);
        r[i] = (v > 0) - (v < 0);
    }
    return 0;
}

/* ---------- rounding helpers ---------- */

/* v / 10^k rounded per mode: 0 HALF_UP (away from zero), 1 ceiling, -1 floor, 2 truncate.
 * k may exceed 38 (the quotient is then 0 or +-1). */
static mn_i128 dec_div_pow10(mn_i128 v, int k, int mode) {
    if (k <= 0) return v;
    if (k > MN_MAX_DECIMAL_PRECISION) {
        if (mode == 1) return v > 0;
        if (mode == -1) return -(mn_i128)(v < 0);
        return 0;
    }
    mn_i128 f = mn_pow10_i128[k], q = v / f, rem = v % f;
    switch (mode) {
    case 0:
        if (rem >= f - rem && rem > 0) q++;
        else if (rem < 0 && -rem >= f + rem) q--;
        break;
    case 1:
        if (rem > 0) q++;
        break;
    case -1:
        if (rem < 0) q--;
        break;
    default: break;
    }
    return q;
}

static double round_double(double x, int64_t d) {
    if (isnan(x) || isinf(x)) return x;
    if (d > 400) return x;
    double factor = pow(10.0, (double)d);
    if (factor == 0) return x < 0 ? -0.0 : 0.0;
    double y = fabs(x) * factor;
    if (y >= 4503599627370496.0 || isinf(factor)) return x; /* >= 2^52: already integral at this scale */
    double r = round(y) / factor;
    return x < 0 ? -r : r;
}

/* ---------- round ---------- */

static int round_int(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(nargs);
    int64_t lo, hi;
    mn_fn_int_range(out->type.id, &lo, &hi);
    EACH_ROW(i) {
        int64_t v = mn_fn_get_int(args[0], i);
        int64_t d = nargs > 1 ? mn_fn_get_int(args[1], i) : 0;
        if (d < 0) {
            int k = d < -40 ? 40 : (int)-d;
            mn_i128 r = dec_div_pow10(v, k, 0);
            if (k <= MN_MAX_DECIMAL_PRECISION) r *= mn_pow10_i128[k];
            else r = 0;
            if (r < lo || r > hi)
                return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "Value %lld rounded is out of range", (long long)v);
            v = (int64_t)r;
        }
        mn_fn_put_int(out, i, v);
    }
    return 0;
}

static int round_double_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(nargs);
    double *r = out->data;
    EACH_ROW(i) r[i] = round_double(D(0, i), nargs > 1 ? mn_fn_get_int(args[1], i) : 0);
    return 0;
}

static int round_real_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(nargs);
    float *r = out->data;
    EACH_ROW(i) r[i] = (float)round_double(F(0, i), nargs > 1 ? mn_fn_get_int(args[1], i) : 0);
    return 0;
}

/* round(decimal(p,s)) -> decimal(rp, 0) */
static int round_dec(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int s = args[0]->type.scale;
    mn_i128 *r = out->data;
    for (int i = 0; i < count; i++) r[i] = dec_div_pow10(DEC(0, i), s, 0);
    return 0;
}

/* round(decimal(p,s), d) -> decimal(rp, s): rounded to d fraction digits, scale kept */
static int round_dec2(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    int s = args[0]->type.scale, p = args[0]->type.precision;
    mn_i128 *r = out->data;
    EACH_ROW(i) {
        mn_i128 v = DEC(0, i);
        int64_t d = mn_fn_get_int(args[1], i);
        if (d < -100) d = -100; /* any d this small rounds everything to 0 */
        if (d > 100) d = 100;
        if (p - s + d < 0) { /* rounding two or more digits above the leading one gives 0 */
            r[i] = 0;
            continue;
        }
        if (d < s) {
            int64_t k = (int64_t)s - d;
            mn_i128 q = dec_div_pow10(v, (int)(k > 60 ? 60 : k), 0);
            if (k > MN_MAX_DECIMAL_PRECISION) v = 0;
            else if (__builtin_mul_overflow(q, mn_pow10_i128[k], &v)) return dec_overflow(ctx);
        }
        if (!mn_decimal_fits(v, out->type.precision)) return dec_overflow(ctx);
        r[i] = v;
    }
    return 0;
}

static int bind_round_dec(mn_fn_binding *b, mn_error *err) {
    mn_type t = b->args[0]->type;
    int s1 = t.scale < 1 ? t.scale : 1;
    int p = t.precision - t.scale + s1;
    if (p < 1) p = 1;
    b->ret = mn_type_decimal(p > 38 ? 38 : p, 0);
    return 0;
}

static int bind_round_dec2(mn_fn_binding *b, mn_error *err) {
    mn_type t = b->args[0]->type;
    int p = t.precision + 1;
    b->ret = mn_type_decimal(p > 38 ? 38 : p, t.scale);
    return 0;
}

/* ---------- ceil / floor / truncate ---------- */

static int identity_int(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_type t = out->type;
    mn_vector_reference(out, args[0]);
    out->type = t;
    return 0;
}

#define DEF_DBL_UNARY(NAME, EXPR)                                                                 \
    static int NAME(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {     \
        PROLOGUE(1);                                                                              \
        double *r = out->data;                                                                    \
        for (int i = 0; i < count; i++) {                                                         \
            double x = D(0, i);                                                                   \
            r[i] = (EXPR);                                                                        \
        }                                                                                         \
        return 0;                                                                                 \
    }
#define DEF_REAL_UNARY(NAME, EXPR)                                                                \
    static int NAME(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {     \
        PROLOGUE(1);                                                                              \
        float *r = out->data;                                                                     \
        for (int i = 0; i < count; i++) {                                                         \
            float x = F(0, i);                                                                    \
            r[i] = (EXPR);                                                                        \
        }                                                                                         \
        return 0;                                                                                 \
    }

DEF_DBL_UNARY(ceil_double, ceil(x))
DEF_DBL_UNARY(floor_double, floor(x))
DEF_DBL_UNARY(trunc_double, trunc(x))
DEF_REAL_UNARY(ceil_real, ceilf(x))
DEF_REAL_UNARY(floor_real, floorf(x))
DEF_REAL_UNARY(trunc_real, truncf(x))
DEF_DBL_UNARY(fn_sqrt, sqrt(x))
/* glibc's cbrt is off by an ulp even on exact cubes (cbrt(27) = 3.0000000000000004); the
 * extended-precision root rounded to double matches Java's (Trino's) results. */
DEF_DBL_UNARY(fn_cbrt, (double)cbrtl((long double)x))
DEF_DBL_UNARY(fn_exp, exp(x))
DEF_DBL_UNARY(fn_ln, log(x))
DEF_DBL_UNARY(fn_log2, log2(x))
DEF_DBL_UNARY(fn_log10, log10(x))
DEF_DBL_UNARY(fn_sin, sin(x))
DEF_DBL_UNARY(fn_cos, cos(x))
DEF_DBL_UNARY(fn_tan, tan(x))
DEF_DBL_UNARY(fn_asin, asin(x))
DEF_DBL_UNARY(fn_acos, acos(x))
DEF_DBL_UNARY(fn_atan, atan(x))
DEF_DBL_UNARY(fn_sinh, sinh(x))
DEF_DBL_UNARY(fn_cosh, cosh(x))
DEF_DBL_UNARY(fn_tanh, tanh(x))
DEF_DBL_UNARY(fn_degrees, x * (180.0 / M_PI))
DEF_DBL_UNARY(fn_radians, x * (M_PI / 180.0))

static int dec_unary_mode(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int mode) {
    PROLOGUE(1);
    int s = args[0]->type.scale;
    mn_i128 *r = out->data;
    for (int i = 0; i < count; i++) r[i] = dec_div_pow10(DEC(0, i), s, mode);
    return 0;
}
static int ceil_dec(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return dec_unary_mode(c, a, k, o, 1); }
static int floor_dec(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return dec_unary_mode(c, a, k, o, -1); }
static int trunc_dec(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return dec_unary_mode(c, a, k, o, 2); }

/* truncate(decimal(p,s), d) -> decimal(p,s) */
static int trunc_dec2(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    int s = args[0]->type.scale, p = args[0]->type.precision;
    mn_i128 *r = out->data;
    EACH_ROW(i) {
        mn_i128 v = DEC(0, i);
        int64_t d = mn_fn_get_int(args[1], i);
        if (d < -100) d = -100;
        if (d > 100) d = 100;
        if (p - s + d <= 0) v = 0;
        else if (d < s) {
            int64_t k = (int64_t)s - d;
            if (k > MN_MAX_DECIMAL_PRECISION) v = 0;
            else v = dec_div_pow10(v, (int)k, 2) * mn_pow10_i128[k];
        }
        r[i] = v;
    }
    return 0;
}

static int bind_ceil_dec(mn_fn_binding *b, mn_error *err) { return bind_round_dec(b, err); }

static int bind_trunc_dec(mn_fn_binding *b, mn_error *err) {
    mn_type t = b->args[0]->type;
    int p = t.precision - t.scale;
    b->ret = mn_type_decimal(p < 1 ? 1 : p, 0);
    return 0;
}

/* ---------- binary double functions ---------- */

static int fn_power(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    MN_FN_BIN_LOOP(double, double, double, r_[i] = pow(x, y));
    return 0;
}

static int fn_atan2(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    MN_FN_BIN_LOOP(double, double, double, r_[i] = atan2(x, y));
    return 0;
}

static int fn_log(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    MN_FN_BIN_LOOP(double, double, double, r_[i] = log(y) / log(x));
    return 0;
}

/* ---------- predicates and constants ---------- */

static int fn_is_nan(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    uint8_t *r = out->data;
    for (int i = 0; i < count; i++) r[i] = isnan(D(0, i)) != 0;
    return 0;
}
static int fn_is_finite(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    uint8_t *r = out->data;
    for (int i = 0; i < count; i++) r[i] = isfinite(D(0, i)) != 0;
    return 0;
}
static int fn_is_infinite(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    uint8_t *r = out->data;
    for (int i = 0; i < count; i++) r[i] = isinf(D(0, i)) != 0;
    return 0;
}

static int const_double(mn_fn_ctx *ctx, mn_vector *out, double v) {
    if (mn_vector_prepare_const(out, ctx->err)) return -1;
    ((double *)out->data)[0] = v;
    return 0;
}
static int fn_pi(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return const_double(c, o, M_PI); }
static int fn_e(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return const_double(c, o, M_E); }
static int fn_nan(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return const_double(c, o, NAN); }
static int fn_infinity(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return const_double(c, o, INFINITY); }

/* ---------- random ---------- */

static _Thread_local uint64_t rng_state[2];

static uint64_t rng_next(void) {
    if (rng_state[0] == 0 && rng_state[1] == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)(uintptr_t)&rng_state;
        rng_state[0] = mn_hash_u64(seed) | 1;
        rng_state[1] = mn_hash_u64(seed + 0x9e3779b97f4a7c15u);
    }
    uint64_t s1 = rng_state[0];
    const uint64_t s0 = rng_state[1];
    rng_state[0] = s0;
    s1 ^= s1 << 23;
    rng_state[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    return rng_state[1] + s0;
}

static int fn_random(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    double *r = out->data;
    for (int i = 0; i < count; i++) r[i] = (double)(rng_next() >> 11) * 0x1.0p-53;
    return 0;
}

static int fn_random_n(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    const uint8_t *nulls;
    int rc = mn_fn_prologue_flat(ctx, args, 1, count, out, &nulls);
    if (rc) return rc < 0 ? -1 : 0;
    EACH_ROW(i) {
        int64_t n = mn_fn_get_int(args[0], i);
        if (n <= 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "bound must be positive");
        mn_fn_put_int(out, i, (int64_t)(rng_next() % (uint64_t)n));
    }
    return 0;
}

/* ---------- truncate(x, n) ---------- */

/* Trino: BigDecimal.valueOf(x).setScale(n, DOWN) — truncation of the shortest decimal
 * digits that print x (Java's Double.toString), not of its binary value. */
static double trunc_digits(double x, int64_t n, bool is_float) {
    if (isnan(x) || isinf(x) || x == 0) return x;
    if (n == 0) return trunc(x);
    char dig[32];
    int e10;
    int nd = mn_shortest_digits(x, is_float, dig, &e10);
    int64_t keep = (int64_t)e10 + 1 + n; /* digits before the cut */
    if (keep <= 0) return 0.0;
    if (keep >= nd) return x;
    char buf[64];
    snprintf(buf, sizeof buf, "%s%.*se%d", x < 0 ? "-" : "", (int)keep, dig, e10 + 1 - (int)keep);
    return strtod(buf, NULL);
}

static int trunc_double2(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    double *r = out->data;
    EACH_ROW(i) r[i] = trunc_digits(D(0, i), mn_fn_get_int(args[1], i), false);
    return 0;
}

static int trunc_real2(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    float *r = out->data;
    EACH_ROW(i) r[i] = (float)trunc_digits(F(0, i), mn_fn_get_int(args[1], i), true);
    return 0;
}

/* ---------- width_bucket ---------- */

static int fn_width_bucket(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(4);
    int64_t *r = out->data;
    EACH_ROW(i) {
        double x = D(0, i), b1 = D(1, i), b2 = D(2, i);
        int64_t n = MN_SLOT(args[3], int64_t, i);
        if (n <= 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "bucketCount must be greater than 0");
        if (isnan(x)) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "operand must not be NaN");
        if (!isfinite(b1)) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "first bound must be finite");
        if (!isfinite(b2)) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "second bound must be finite");
        if (b1 == b2) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "bounds cannot equal each other");
        int64_t k;
        if (b1 < b2) { /* ascending: [b1, b2) */
            if (x < b1) k = 0;
            else if (x >= b2) k = n == INT64_MAX ? -1 : n + 1;
            else k = (int64_t)((double)n * (x - b1) / (b2 - b1)) + 1;
        } else { /* descending: (b2, b1] */
            if (x > b1) k = 0;
            else if (x <= b2) k = n == INT64_MAX ? -1 : n + 1;
            else k = (int64_t)((double)n * (b1 - x) / (b1 - b2)) + 1;
        }
        if (k < 0) {
            char buf[32];
            mn_format_double(x, buf);
            return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "Bucket for value %s is out of range", buf);
        }
        r[i] = k;
    }
    return 0;
}

/* width_bucket(x, bins): number of bins <= x (bins ascending, finite, not NULL). */
static int fn_width_bucket_bins(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    int64_t *r = out->data;
    EACH_ROW(i) {
        double x = D(0, i);
        mn_nested_block b;
        if (mn_array_view(args[1]->type, MN_SLOT(args[1], mn_str, i), &b))
            return mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed array value");
        double prev = -INFINITY;
        int64_t k = 0;
        for (int e = 0; e < b.n; e++) {
            if (mn_block_is_null(&b, e))
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Bin values cannot be NULL");
            double v;
            mn_block_get(&b, e, &v);
            if (!isfinite(v)) {
                char buf[32];
                mn_format_double(v, buf);
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Bin value must be finite, got %s", buf);
            }
            if (v < prev)
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Bin values are not sorted in ascending order");
            prev = v;
            if (x >= v) k = e + 1;
        }
        r[i] = k;
    }
    return 0;
}

/* ---------- from_base / to_base ---------- */

static int check_radix(mn_fn_ctx *ctx, int64_t radix) {
    if (radix < 2 || radix > 36)
        return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Radix must be between %d and %d", 2, 36);
    return 0;
}

static int fn_from_base(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    int64_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        int64_t radix = MN_SLOT(args[1], int64_t, i);
        if (check_radix(ctx, radix)) return -1;
        /* Long.parseLong: optional sign, at least one digit, no overflow */
        size_t k = 0;
        bool neg = false;
        if (s.len && (s.ptr[0] == '-' || s.ptr[0] == '+')) neg = s.ptr[0] == '-', k = 1;
        bool ok = k < s.len;
        uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
        for (; ok && k < s.len; k++) {
            int c = (unsigned char)s.ptr[k], d;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
            else d = 99;
            if (d >= radix || v > (limit - (uint64_t)d) / (uint64_t)radix) ok = false;
            else v = v * (uint64_t)radix + (uint64_t)d;
        }
        if (!ok)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Not a valid base-%lld number: %.*s",
                                (long long)radix, (int)(s.len > 200 ? 200 : s.len), s.ptr);
        r[i] = neg ? (int64_t)(0 - v) : (int64_t)v;
    }
    return 0;
}

static int fn_to_base(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    mn_str *r = out->data;
    EACH_ROW(i) {
        int64_t x = MN_SLOT(args[0], int64_t, i), radix = MN_SLOT(args[1], int64_t, i);
        if (check_radix(ctx, radix)) return -1;
        char tmp[72];
        int n = 0;
        uint64_t u = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
        do {
            tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[u % (uint64_t)radix];
            u /= (uint64_t)radix;
        } while (u);
        if (x < 0) tmp[n++] = '-';
        char *p = mn_fn_str_alloc(ctx, out, (size_t)n);
        if (!p) return -1;
        for (int k = 0; k < n; k++) p[k] = tmp[n - 1 - k];
        r[i] = (mn_str){p, (uint32_t)n};
    }
    return 0;
}

/* ---------- cosine_similarity(map(varchar, double), map(varchar, double)) ---------- */

/* Sum of squares of the map's values; false when one is NULL. */
static bool map_norm2(const mn_nested_block *v, double *out) {
    double s = 0;
    for (int e = 0; e < v->n; e++) {
        if (mn_block_is_null(v, e)) return false;
        double d;
        mn_block_get(v, e, &d);
        s += d * d;
    }
    *out = s;
    return true;
}

static int fn_cosine_similarity(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    double *r = out->data;
    mn_type kt = mn_type_map_key(args[0]->type);
    EACH_ROW(i) {
        mn_nested_block k1, v1, k2, v2;
        if (mn_map_view(args[0]->type, MN_SLOT(args[0], mn_str, i), &k1, &v1) ||
            mn_map_view(args[1]->type, MN_SLOT(args[1], mn_str, i), &k2, &v2))
            return mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed map value");
        double n1, n2;
        if (!map_norm2(&v1, &n1) || !map_norm2(&v2, &n2)) {
            uint8_t *nm = mn_vector_nulls_mut(out);
            if (!nm) return mn_fn_oom(ctx);
            nm[i] = 1;
            continue;
        }
        /* keys are stored sorted: merge */
        double dot = 0;
        int a = 0, b = 0;
        while (a < k1.n && b < k2.n) {
            mn_str ka, kb;
            mn_block_get(&k1, a, &ka);
            mn_block_get(&k2, b, &kb);
            int c = mn_nested_slot_compare(kt, &ka, &kb);
            if (c < 0) a++;
            else if (c > 0) b++;
            else {
                double x, y;
                mn_block_get(&v1, a++, &x);
                mn_block_get(&v2, b++, &y);
                dot += x * y;
            }
        }
        r[i] = dot / (sqrt(n1) * sqrt(n2));
    }
    return 0;
}

/* ---------- distributions ---------- */

static int bad_arg(mn_fn_ctx *ctx, const char *msg) { return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "%s", msg); }

static int fn_normal_cdf(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(3);
    double *r = out->data;
    EACH_ROW(i) {
        double mean = D(0, i), sd = D(1, i), v = D(2, i);
        if (!(sd > 0)) return bad_arg(ctx, "standardDeviation must be > 0");
        r[i] = 0.5 * erfc(-(v - mean) / (sd * M_SQRT2));
    }
    return 0;
}

/* Quantile of the standard normal: Acklam's rational approximation refined by two Newton
 * steps on erfc (full double precision). */
static double norm_quantile(double p) {
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    double x;
    if (p < 0.02425) {
        double q = sqrt(-2 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p > 1 - 0.02425) {
        double q = sqrt(-2 * log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
        double q = p - 0.5, t = q * q;
        x = (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * q /
            (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }
    for (int k = 0; k < 2; k++) {
        double e = 0.5 * erfc(-x / M_SQRT2) - p;
        double u = e * sqrt(2 * M_PI) * exp(x * x / 2);
        x = x - u / (1 + x * u / 2);
    }
    return x;
}

static int fn_inverse_normal_cdf(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(3);
    double *r = out->data;
    EACH_ROW(i) {
        double mean = D(0, i), sd = D(1, i), p = D(2, i);
        if (!(p > 0 && p < 1)) return bad_arg(ctx, "p must be 0 > p > 1");
        if (!(sd > 0)) return bad_arg(ctx, "sd must be > 0");
        r[i] = mean + sd * norm_quantile(p);
    }
    return 0;
}

/* Continued fraction of the regularized incomplete beta function (modified Lentz). */
static double beta_cf(double a, double b, double x) {
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap;
    if (fabs(d) < tiny) d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 10000; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < 1e-16) break;
    }
    return h;
}

static double beta_reg(double a, double b, double x) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    if (x < (a + 1) / (a + b + 2)) return exp(lbt) * beta_cf(a, b, x) / a;
    return 1 - exp(lbt) * beta_cf(b, a, 1 - x) / b;
}

static int fn_beta_cdf(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(3);
    double *r = out->data;
    EACH_ROW(i) {
        double a = D(0, i), b = D(1, i), v = D(2, i);
        if (!(v >= 0 && v <= 1)) return bad_arg(ctx, "value must be 0 >= v >= 1");
        if (!(a > 0 && b > 0)) return bad_arg(ctx, "a, b must be > 0");
        r[i] = beta_reg(a, b, v);
    }
    return 0;
}

static int fn_inverse_beta_cdf(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(3);
    double *r = out->data;
    EACH_ROW(i) {
        double a = D(0, i), b = D(1, i), p = D(2, i);
        if (!(p >= 0 && p <= 1)) return bad_arg(ctx, "p must be 0 >= p >= 1");
        if (!(a > 0 && b > 0)) return bad_arg(ctx, "a, b must be > 0");
        /* the CDF is monotone on [0, 1]: bisect to full precision */
        double lo = 0, hi = 1;
        for (int k = 0; k < 200 && hi - lo > 0; k++) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) break;
            if (beta_reg(a, b, mid) < p) lo = mid;
            else hi = mid;
        }
        r[i] = p <= 0 ? 0 : p >= 1 ? 1 : lo + (hi - lo) / 2;
    }
    return 0;
}

/* ---------- wilson_interval_lower / upper ---------- */

static int wilson(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, double sign) {
    PROLOGUE(3);
    double *r = out->data;
    EACH_ROW(i) {
        int64_t s = MN_SLOT(args[0], int64_t, i), n = MN_SLOT(args[1], int64_t, i);
        double z = D(2, i);
        if (s < 0) return bad_arg(ctx, "number of successes must not be negative");
        if (n <= 0) return bad_arg(ctx, "number of trials must be positive");
        if (s > n) return bad_arg(ctx, "number of successes must not be larger than number of trials");
        if (z < 0) return bad_arg(ctx, "z-score must not be negative");
        double dn = (double)n, p = (double)s / dn, z2 = z * z;
        double centre = p + z2 / (2 * dn);
        double spread = z * sqrt(p * (1 - p) / dn + z2 / (4 * dn * dn));
        r[i] = (centre + sign * spread) / (1 + z2 / dn);
    }
    return 0;
}
static int fn_wilson_lower(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return wilson(c, a, k, o, -1); }
static int fn_wilson_upper(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return wilson(c, a, k, o, 1); }

/* ---------- table ---------- */

#define INTS_SAME(NAME, FN, DESC)                                    \
    {NAME, "tinyint", "tinyint", FN, NULL, DESC, 0, NULL},           \
    {NAME, "smallint", "smallint", FN, NULL, DESC, 0, NULL},         \
    {NAME, "integer", "integer", FN, NULL, DESC, 0, NULL},           \
    {NAME, "bigint", "bigint", FN, NULL, DESC, 0, NULL}

#define INTS_SAME2(NAME, FN, DESC)                                          \
    {NAME, "tinyint,bigint", "tinyint", FN, NULL, DESC, 0, NULL},           \
    {NAME, "smallint,bigint", "smallint", FN, NULL, DESC, 0, NULL},         \
    {NAME, "integer,bigint", "integer", FN, NULL, DESC, 0, NULL},           \
    {NAME, "bigint,bigint", "bigint", FN, NULL, DESC, 0, NULL}

#define DBL1(NAME, FN, DESC) {NAME, "double", "double", FN, NULL, DESC, 0, NULL}

const mn_fn_entry mn_fn_math_table[] = {
    INTS_SAME("abs", abs_int, "Absolute value"),
    {"abs", "real", "real", abs_real, NULL, "Absolute value", 0, NULL},
    {"abs", "double", "double", abs_double, NULL, "Absolute value", 0, NULL},
    {"abs", "decimal", "$0", abs_dec, NULL, "Absolute value", 0, NULL},

    INTS_SAME("sign", sign_int, "Signum (-1, 0, 1)"),
    {"sign", "real", "real", sign_real, NULL, "Signum (-1, 0, 1)", 0, NULL},
    {"sign", "double", "double", sign_double, NULL, "Signum (-1, 0, 1)", 0, NULL},
    {"sign", "decimal", "decimal(1,0)", sign_dec, NULL, "Signum (-1, 0, 1)", 0, NULL},

    INTS_SAME("round", round_int, "Rounds half away from zero"),
    INTS_SAME2("round", round_int, "Rounds to d decimal places (d may be negative)"),
    {"round", "real", "real", round_real_fn, NULL, "Rounds half away from zero", 0, NULL},
    {"round", "double", "double", round_double_fn, NULL, "Rounds half away from zero", 0, NULL},
    {"round", "real,bigint", "real", round_real_fn, NULL, "Rounds to d decimal places", 0, NULL},
    {"round", "double,bigint", "double", round_double_fn, NULL, "Rounds to d decimal places", 0, NULL},
    {"round", "decimal", "=decimal(p-s+min(s,1),0)", round_dec, bind_round_dec, "Rounds half away from zero", 0, NULL},
    {"round", "decimal,bigint", "=decimal(p+1,s)", round_dec2, bind_round_dec2, "Rounds to d decimal places", 0, NULL},

    INTS_SAME("ceil", identity_int, "Smallest integral value not below x"),
    {"ceil", "real", "real", ceil_real, NULL, "Smallest integral value not below x", 0, NULL},
    {"ceil", "double", "double", ceil_double, NULL, "Smallest integral value not below x", 0, NULL},
    {"ceil", "decimal", "=decimal(p-s+min(s,1),0)", ceil_dec, bind_ceil_dec, "Smallest integral value not below x", 0, NULL},
    INTS_SAME("ceiling", identity_int, "Alias of ceil"),
    {"ceiling", "real", "real", ceil_real, NULL, "Alias of ceil", 0, NULL},
    {"ceiling", "double", "double", ceil_double, NULL, "Alias of ceil", 0, NULL},
    {"ceiling", "decimal", "=decimal(p-s+min(s,1),0)", ceil_dec, bind_ceil_dec, "Alias of ceil", 0, NULL},
    INTS_SAME("floor", identity_int, "Largest integral value not above x"),
    {"floor", "real", "real", floor_real, NULL, "Largest integral value not above x", 0, NULL},
    {"floor", "double", "double", floor_double, NULL, "Largest integral value not above x", 0, NULL},
    {"floor", "decimal", "=decimal(p-s+min(s,1),0)", floor_dec, bind_ceil_dec, "Largest integral value not above x", 0, NULL},
    {"truncate", "real", "real", trunc_real, NULL, "Drops the fraction", 0, NULL},
    {"truncate", "double", "double", trunc_double, NULL, "Drops the fraction", 0, NULL},
    {"truncate", "decimal", "=decimal(p-s,0)", trunc_dec, bind_trunc_dec, "Drops the fraction", 0, NULL},
    {"truncate", "decimal,bigint", "$0", trunc_dec2, NULL, "Truncates to d decimal places", 0, NULL},
    {"truncate", "real,integer", "real", trunc_real2, NULL, "Truncates to n decimal places (n may be negative)", 0, NULL},
    {"truncate", "double,integer", "double", trunc_double2, NULL, "Truncates to n decimal places (n may be negative)", 0, NULL},

    {"power", "double,double", "double", fn_power, NULL, "x raised to the power of p", 0, NULL},
    {"pow", "double,double", "double", fn_power, NULL, "Alias of power", 0, NULL},
    DBL1("sqrt", fn_sqrt, "Square root"),
    DBL1("cbrt", fn_cbrt, "Cube root"),
    DBL1("exp", fn_exp, "Euler's number raised to x"),
    DBL1("ln", fn_ln, "Natural logarithm"),
    DBL1("log2", fn_log2, "Base-2 logarithm"),
    DBL1("log10", fn_log10, "Base-10 logarithm"),
    {"log", "double,double", "double", fn_log, NULL, "log(b, x): base-b logarithm of x", 0, NULL},
    DBL1("sin", fn_sin, "Sine"),
    DBL1("cos", fn_cos, "Cosine"),
    DBL1("tan", fn_tan, "Tangent"),
    DBL1("asin", fn_asin, "Arc sine"),
    DBL1("acos", fn_acos, "Arc cosine"),
    DBL1("atan", fn_atan, "Arc tangent"),
    {"atan2", "double,double", "double", fn_atan2, NULL, "Arc tangent of y / x", 0, NULL},
    DBL1("sinh", fn_sinh, "Hyperbolic sine"),
    DBL1("cosh", fn_cosh, "Hyperbolic cosine"),
    DBL1("tanh", fn_tanh, "Hyperbolic tangent"),
    DBL1("degrees", fn_degrees, "Radians to degrees"),
    DBL1("radians", fn_radians, "Degrees to radians"),
    {"is_nan", "double", "boolean", fn_is_nan, NULL, "Whether x is not-a-number", 0, NULL},
    {"is_finite", "double", "boolean", fn_is_finite, NULL, "Whether x is finite", 0, NULL},
    {"is_infinite", "double", "boolean", fn_is_infinite, NULL, "Whether x is infinite", 0, NULL},
    {"pi", "", "double", fn_pi, NULL, "The constant pi", 0, NULL},
    {"e", "", "double", fn_e, NULL, "Euler's number", 0, NULL},
    {"nan", "", "double", fn_nan, NULL, "Not-a-number", 0, NULL},
    {"infinity", "", "double", fn_infinity, NULL, "Positive infinity", 0, NULL},
    {"random", "", "double", fn_random, NULL, "Pseudo-random value in [0, 1)", MN_FN_VOLATILE, NULL},
    {"rand", "", "double", fn_random, NULL, "Alias of random", MN_FN_VOLATILE, NULL},
    {"random", "tinyint", "tinyint", fn_random_n, NULL, "Pseudo-random value in [0, n)", MN_FN_VOLATILE, NULL},
    {"random", "smallint", "smallint", fn_random_n, NULL, "Pseudo-random value in [0, n)", MN_FN_VOLATILE, NULL},
    {"random", "integer", "integer", fn_random_n, NULL, "Pseudo-random value in [0, n)", MN_FN_VOLATILE, NULL},
    {"random", "bigint", "bigint", fn_random_n, NULL, "Pseudo-random value in [0, n)", MN_FN_VOLATILE, NULL},
    {"rand", "bigint", "bigint", fn_random_n, NULL, "Alias of random", MN_FN_VOLATILE, NULL},
    {"width_bucket", "double,double,double,bigint", "bigint", fn_width_bucket, NULL,
     "Bucket of x among n equal-width buckets between bound1 and bound2 (0 and n+1 outside)", 0, NULL},
    {"width_bucket", "double,array(double)", "bigint", fn_width_bucket_bins, NULL,
     "Number of bins (ascending lower bounds) that are <= x", 0, NULL},
    {"from_base", "varchar,bigint", "bigint", fn_from_base, NULL, "Value of string as a base-radix number", 0, NULL},
    {"to_base", "bigint,bigint", "varchar(64)", fn_to_base, NULL, "Base-radix text of x", 0, NULL},
    {"cosine_similarity", "map(varchar,double),map(varchar,double)", "double", fn_cosine_similarity, NULL,
     "Cosine similarity of two sparse vectors", 0, NULL},
    {"normal_cdf", "double,double,double", "double", fn_normal_cdf, NULL,
     "normal_cdf(mean, sd, v): P(N < v) of a normal distribution", 0, NULL},
    {"inverse_normal_cdf", "double,double,double", "double", fn_inverse_normal_cdf, NULL,
     "inverse_normal_cdf(mean, sd, p): the value n with P(N < n) = p", 0, NULL},
    {"beta_cdf", "double,double,double", "double", fn_beta_cdf, NULL,
     "beta_cdf(a, b, v): P(N < v) of a Beta(a, b) distribution", 0, NULL},
    {"inverse_beta_cdf", "double,double,double", "double", fn_inverse_beta_cdf, NULL,
     "inverse_beta_cdf(a, b, p): the value n with P(N < n) = p under Beta(a, b)", 0, NULL},
    {"wilson_interval_lower", "bigint,bigint,double", "double", fn_wilson_lower, NULL,
     "Lower bound of the Wilson score interval of a Bernoulli trial", 0, NULL},
    {"wilson_interval_upper", "bigint,bigint,double", "double", fn_wilson_upper, NULL,
     "Upper bound of the Wilson score interval of a Bernoulli trial", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
