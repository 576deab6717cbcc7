/* math_fns.c — numeric functions (abs, round, ceil, floor, truncate, sign, power, roots,
 * logarithms, trigonometry, constants, random) with Trino's result types: integer inputs
 * keep their type, decimals follow Trino's precision rules, rounding is HALF_UP (away from
 * zero) for both decimals and doubles. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/error.h"
#include "function/fn_internal.h"
#include "types/decimal.h"

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
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
