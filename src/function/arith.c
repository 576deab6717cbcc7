/* arith.c — arithmetic operators + - * / % and negation over integers (checked, Trino's
 * overflow messages), REAL/DOUBLE (IEEE, never an error), DECIMAL (decimal.h result types)
 * and the date/time/interval combinations Trino defines. Integer loops are specialised for
 * flat/constant operands; overflow is detected in bulk and located afterwards, so rows that
 * are NULL never raise. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "function/fn_internal.h"
#include "types/datetime.h"
#include "types/decimal.h"

#define PROLOGUE(n) MN_FN_PROLOGUE(n)
#define EACH_ROW(i) MN_FN_EACH_ROW(i)
#define BIN_LOOP MN_FN_BIN_LOOP

/* ---------- integers ---------- */

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD };
static const char *const op_word[] = {"addition", "subtraction", "multiplication", "division", "modulus"};
static const char *const op_sym[] = {"+", "-", "*", "/", "%"};

static const char *int_name(int id) {
    switch (id) {
    case MN_T_TINYINT: return "tinyint";
    case MN_T_SMALLINT: return "smallint";
    case MN_T_INTEGER: return "integer";
    default: return "bigint";
    }
}

/* Slow path after a loop flagged a problem: finds the first non-NULL row that really
 * overflows (or divides by zero) and reports it; 0 when every flagged row was NULL. */
static int int_binop_error(mn_fn_ctx *ctx, mn_vector **args, int count, const uint8_t *nulls, int op) {
    int id = ctx->expr->type.id;
    int64_t lo, hi;
    mn_fn_int_range(id, &lo, &hi);
    EACH_ROW(i) {
        int64_t x = mn_fn_get_int(args[0], i), y = mn_fn_get_int(args[1], i);
        mn_i128 r = 0;
        if ((op == OP_DIV || op == OP_MOD) && y == 0)
            return mn_error_set(ctx->err, MN_ERR_DIVISION_BY_ZERO, "Division by zero");
        switch (op) {
        case OP_ADD: r = (mn_i128)x + y; break;
        case OP_SUB: r = (mn_i128)x - y; break;
        case OP_MUL: r = (mn_i128)x * y; break;
        case OP_DIV: r = (mn_i128)x / y; break;
        default: r = 0; break;
        }
        if (r < lo || r > hi)
            return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "%s %s overflow: %lld %s %lld", int_name(id),
                                op_word[op], (long long)x, op_sym[op], (long long)y);
    }
    return 0;
}

#define DEF_INT_OPS(SFX, T, MINV)                                                                        \
    static int add_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {        \
        PROLOGUE(2);                                                                                     \
        int bad = 0;                                                                                     \
        BIN_LOOP(T, T, T, bad |= __builtin_add_overflow(x, y, &r_[i]));                                  \
        return bad ? int_binop_error(ctx, args, count, nulls, OP_ADD) : 0;                               \
    }                                                                                                    \
    static int sub_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {        \
        PROLOGUE(2);                                                                                     \
        int bad = 0;                                                                                     \
        BIN_LOOP(T, T, T, bad |= __builtin_sub_overflow(x, y, &r_[i]));                                  \
        return bad ? int_binop_error(ctx, args, count, nulls, OP_SUB) : 0;                               \
    }                                                                                                    \
    static int mul_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {        \
        PROLOGUE(2);                                                                                     \
        int bad = 0;                                                                                     \
        BIN_LOOP(T, T, T, bad |= __builtin_mul_overflow(x, y, &r_[i]));                                  \
        return bad ? int_binop_error(ctx, args, count, nulls, OP_MUL) : 0;                               \
    }                                                                                                    \
    static int div_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {        \
        PROLOGUE(2);                                                                                     \
        int bad = 0;                                                                                     \
        BIN_LOOP(T, T, T, {                                                                              \
            int ok_ = y != 0 && !(y == -1 && x == MINV);                                                 \
            bad |= !ok_;                                                                                 \
            r_[i] = ok_ ? (T)(x / y) : 0;                                                                \
        });                                                                                              \
        return bad ? int_binop_error(ctx, args, count, nulls, OP_DIV) : 0;                               \
    }                                                                                                    \
    static int mod_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {        \
        PROLOGUE(2);                                                                                     \
        int bad = 0;                                                                                     \
        BIN_LOOP(T, T, T, {                                                                              \
            bad |= y == 0;                                                                               \
            r_[i] = (y == 0 || y == -1) ? 0 : (T)(x % y);                                                \
        });                                                                                              \
        return bad ? int_binop_error(ctx, args, count, nulls, OP_MOD) : 0;                               \
    }                                                                                                    \
    static int neg_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {        \
        PROLOGUE(1);                                                                                     \
        const T *a = args[0]->data;                                                                      \
        T *r = out->data;                                                                                \
        int bad = 0;                                                                                     \
        for (int i = 0; i < count; i++) bad |= __builtin_sub_overflow((T)0, a[i], &r[i]);                \
        if (bad) EACH_ROW(i) if (a[i] == MINV)                                                           \
            return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "%s negation overflow: %lld",         \
                                int_name(ctx->expr->type.id), (long long)a[i]);                          \
        return 0;                                                                                        \
    }

DEF_INT_OPS(i8, int8_t, INT8_MIN)
DEF_INT_OPS(i16, int16_t, INT16_MIN)
DEF_INT_OPS(i32, int32_t, INT32_MIN)
DEF_INT_OPS(i64, int64_t, INT64_MIN)

/* ---------- REAL / DOUBLE ---------- */

#define DEF_FLOAT_OPS(SFX, T, FMOD)                                                               \
    static int add_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) { \
        PROLOGUE(2);                                                                              \
        BIN_LOOP(T, T, T, r_[i] = x + y);                                                         \
        return 0;                                                                                 \
    }                                                                                             \
    static int sub_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) { \
        PROLOGUE(2);                                                                              \
        BIN_LOOP(T, T, T, r_[i] = x - y);                                                         \
        return 0;                                                                                 \
    }                                                                                             \
    static int mul_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) { \
        PROLOGUE(2);                                                                              \
        BIN_LOOP(T, T, T, r_[i] = x * y);                                                         \
        return 0;                                                                                 \
    }                                                                                             \
    static int div_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) { \
        PROLOGUE(2);                                                                              \
        BIN_LOOP(T, T, T, r_[i] = x / y);                                                         \
        return 0;                                                                                 \
    }                                                                                             \
    static int mod_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) { \
        PROLOGUE(2);                                                                              \
        BIN_LOOP(T, T, T, r_[i] = FMOD(x, y));                                                    \
        return 0;                                                                                 \
    }                                                                                             \
    static int neg_##SFX(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) { \
        PROLOGUE(1);                                                                              \
        const T *a = args[0]->data;                                                               \
        T *r = out->data;                                                                         \
        for (int i = 0; i < count; i++) r[i] = -a[i];                                             \
        return 0;                                                                                 \
    }

DEF_FLOAT_OPS(f32, float, fmodf)
DEF_FLOAT_OPS(f64, double, fmod)

/* ---------- DECIMAL ---------- */

static int dec_error(mn_fn_ctx *ctx, int rc) {
    if (rc == MN_DEC_DIV_ZERO) return mn_error_set(ctx->err, MN_ERR_DIVISION_BY_ZERO, "Division by zero");
    return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "Decimal overflow");
}

typedef int (*dec_fn)(mn_i128, mn_type, mn_i128, mn_type, mn_type, mn_i128 *);

static int dec_binop(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, dec_fn f) {
    PROLOGUE(2);
    mn_type ta = args[0]->type, tb = args[1]->type, rt = out->type;
    mn_i128 *r = out->data;
    EACH_ROW(i) {
        int rc = f(MN_SLOT(args[0], mn_i128, i), ta, MN_SLOT(args[1], mn_i128, i), tb, rt, &r[i]);
        if (rc != MN_DEC_OK) return dec_error(ctx, rc);
    }
    return 0;
}

/* Re-checks every non-NULL row with the exact routine after a fast loop flagged a problem
 * (possibly only in NULL rows, whose slots hold garbage). */
static int dec_recheck(mn_fn_ctx *ctx, mn_vector **args, int count, const uint8_t *nulls, mn_type rt, dec_fn f) {
    EACH_ROW(i) {
        mn_i128 v;
        int rc = f(MN_SLOT(args[0], mn_i128, i), args[0]->type, MN_SLOT(args[1], mn_i128, i), args[1]->type, rt, &v);
        if (rc != MN_DEC_OK) return dec_error(ctx, rc);
    }
    return 0;
}

/* Add/subtract: when both operands, brought to the result scale, stay below 10^38 (true for
 * values within their declared precision), the sum is computed with wrapping 128-bit
 * arithmetic (no UB on garbage in NULL rows): a true sum beyond 2^127 wraps to a value
 * outside +-10^38, so the range check still catches every overflow. */
static int addsub_dec(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, bool sub) {
    mn_type ta = args[0]->type, tb = args[1]->type, rt = out->type;
    int s = rt.scale;
    if (s < ta.scale || s < tb.scale || ta.precision + s - ta.scale > MN_MAX_DECIMAL_PRECISION ||
        tb.precision + s - tb.scale > MN_MAX_DECIMAL_PRECISION)
        return dec_binop(ctx, args, count, out, sub ? mn_decimal_sub : mn_decimal_add);
    PROLOGUE(2);
    mn_u128 fa = (mn_u128)mn_pow10_i128[s - ta.scale], fb = (mn_u128)mn_pow10_i128[s - tb.scale];
    mn_i128 lim = mn_pow10_i128[rt.precision];
    int bad = 0;
    if (sub) {
        BIN_LOOP(mn_i128, mn_i128, mn_i128, {
            mn_i128 v = (mn_i128)((mn_u128)x * fa - (mn_u128)y * fb);
            r_[i] = v;
            bad |= (v >= lim) | (v <= -lim);
        });
    } else {
        BIN_LOOP(mn_i128, mn_i128, mn_i128, {
            mn_i128 v = (mn_i128)((mn_u128)x * fa + (mn_u128)y * fb);
            r_[i] = v;
            bad |= (v >= lim) | (v <= -lim);
        });
    }
    return bad ? dec_recheck(ctx, args, count, nulls, rt, sub ? mn_decimal_sub : mn_decimal_add) : 0;
}
static int add_dec(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    return addsub_dec(ctx, args, count, out, false);
}
static int sub_dec(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    return addsub_dec(ctx, args, count, out, true);
}

/* Multiply: with p1 + p2 <= 38 the exact product of in-range operands fits the result
 * precision, so one wrapping multiply per row suffices (the range check guards bad data). */
static int mul_dec(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_type ta = args[0]->type, tb = args[1]->type, rt = out->type;
    if (ta.precision + tb.precision > MN_MAX_DECIMAL_PRECISION || rt.scale != ta.scale + tb.scale)
        return dec_binop(ctx, args, count, out, mn_decimal_mul);
    PROLOGUE(2);
    mn_i128 lim = mn_pow10_i128[rt.precision];
    int bad = 0;
    BIN_LOOP(mn_i128, mn_i128, mn_i128, {
        mn_i128 v = (mn_i128)((mn_u128)x * (mn_u128)y);
        r_[i] = v;
        bad |= (v >= lim) | (v <= -lim);
    });
    return bad ? dec_recheck(ctx, args, count, nulls, rt, mn_decimal_mul) : 0;
}
static int div_dec(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    return dec_binop(ctx, args, count, out, mn_decimal_div);
}
static int mod_dec(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    return dec_binop(ctx, args, count, out, mn_decimal_mod);
}
static int neg_dec(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    const mn_i128 *a = args[0]->data;
    mn_i128 *r = out->data;
    for (int i = 0; i < count; i++) r[i] = -a[i]; /* |a| < 10^38: never overflows */
    return 0;
}

static int check_dec_type(mn_fn_binding *b, mn_type t, mn_error *err) {
    if (t.scale > MN_MAX_DECIMAL_PRECISION || t.scale > t.precision)
        return mn_error_set_pos(err, MN_ERR_NUMERIC_OVERFLOW, b->pos.line, b->pos.column,
                                "DECIMAL scale must be in range [0, precision] (result scale %d)", t.scale);
    b->ret = t;
    return 0;
}
static int bind_dec_add(mn_fn_binding *b, mn_error *err) {
    return check_dec_type(b, mn_decimal_add_type(b->args[0]->type, b->args[1]->type), err);
}
static int bind_dec_mul(mn_fn_binding *b, mn_error *err) {
    return check_dec_type(b, mn_decimal_mul_type(b->args[0]->type, b->args[1]->type), err);
}
static int bind_dec_div(mn_fn_binding *b, mn_error *err) {
    return check_dec_type(b, mn_decimal_div_type(b->args[0]->type, b->args[1]->type), err);
}
static int bind_dec_mod(mn_fn_binding *b, mn_error *err) {
    return check_dec_type(b, mn_decimal_mod_type(b->args[0]->type, b->args[1]->type), err);
}

/* ---------- dates, timestamps, intervals ---------- */

static int range_error(mn_fn_ctx *ctx, const char *what) {
    return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "%s out of range", what);
}

/* date +/- interval day to second (whole days only) */
static int date_ds(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int date_arg, int sign) {
    PROLOGUE(2);
    const mn_vector *d = args[date_arg], *iv = args[1 - date_arg];
    int32_t *r = out->data;
    EACH_ROW(i) {
        int64_t m = MN_SLOT(iv, int64_t, i);
        if (mn_fn_mod(m, MN_MICROS_PER_DAY) != 0)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                sign > 0 ? "Cannot add hour, minutes or seconds to a date"
                                         : "Cannot subtract hour, minutes or seconds from a date");
        int64_t v = (int64_t)MN_SLOT(d, int32_t, i) + sign * (m / MN_MICROS_PER_DAY);
        if (v < INT32_MIN || v > INT32_MAX) return range_error(ctx, "date");
        r[i] = (int32_t)v;
    }
    return 0;
}
static int date_plus_ds(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return date_ds(c, a, k, o, 0, 1); }
static int ds_plus_date(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return date_ds(c, a, k, o, 1, 1); }
static int date_minus_ds(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return date_ds(c, a, k, o, 0, -1); }

static int date_ym(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int date_arg, int sign) {
    PROLOGUE(2);
    const mn_vector *d = args[date_arg], *iv = args[1 - date_arg];
    int32_t *r = out->data;
    EACH_ROW(i) {
        if (mn_date_add_months_checked(MN_SLOT(d, int32_t, i), (int64_t)sign * MN_SLOT(iv, int32_t, i), &r[i]))
            return range_error(ctx, "date");
    }
    return 0;
}
static int date_plus_ym(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return date_ym(c, a, k, o, 0, 1); }
static int ym_plus_date(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return date_ym(c, a, k, o, 1, 1); }
static int date_minus_ym(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return date_ym(c, a, k, o, 0, -1); }

static int ts_ds(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int ts_arg, int sign) {
    PROLOGUE(2);
    const mn_vector *t = args[ts_arg], *iv = args[1 - ts_arg];
    int64_t *r = out->data;
    EACH_ROW(i) {
        int64_t x = MN_SLOT(t, int64_t, i), y = MN_SLOT(iv, int64_t, i);
        if (sign > 0 ? __builtin_add_overflow(x, y, &r[i]) : __builtin_sub_overflow(x, y, &r[i]))
            return range_error(ctx, "timestamp");
    }
    return 0;
}
static int ts_plus_ds(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return ts_ds(c, a, k, o, 0, 1); }
static int ds_plus_ts(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return ts_ds(c, a, k, o, 1, 1); }
static int ts_minus_ds(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return ts_ds(c, a, k, o, 0, -1); }

static int ts_ym(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int ts_arg, int sign) {
    PROLOGUE(2);
    const mn_vector *t = args[ts_arg], *iv = args[1 - ts_arg];
    int64_t *r = out->data;
    EACH_ROW(i) {
        if (mn_timestamp_add_months_checked(MN_SLOT(t, int64_t, i), (int64_t)sign * MN_SLOT(iv, int32_t, i), &r[i]))
            return range_error(ctx, "timestamp");
    }
    return 0;
}
static int ts_plus_ym(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return ts_ym(c, a, k, o, 0, 1); }
static int ym_plus_ts(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return ts_ym(c, a, k, o, 1, 1); }
static int ts_minus_ym(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return ts_ym(c, a, k, o, 0, -1); }

/* timestamp - timestamp and interval +/- interval (same-width checked integer arithmetic) */
static int i64_checked(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int op, const char *what) {
    PROLOGUE(2);
    int64_t *r = out->data;
    EACH_ROW(i) {
        int64_t x = MN_SLOT(args[0], int64_t, i), y = MN_SLOT(args[1], int64_t, i);
        if (op == OP_ADD ? __builtin_add_overflow(x, y, &r[i]) : __builtin_sub_overflow(x, y, &r[i]))
            return range_error(ctx, what);
    }
    return 0;
}
static int ts_minus_ts(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return i64_checked(c, a, k, o, OP_SUB, "interval");
}
static int ds_plus_ds(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return i64_checked(c, a, k, o, OP_ADD, "interval");
}
static int ds_minus_ds(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) {
    return i64_checked(c, a, k, o, OP_SUB, "interval");
}

static int i32_checked(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int op) {
    PROLOGUE(2);
    int32_t *r = out->data;
    EACH_ROW(i) {
        int32_t x = MN_SLOT(args[0], int32_t, i), y = MN_SLOT(args[1], int32_t, i);
        if (op == OP_ADD ? __builtin_add_overflow(x, y, &r[i]) : __builtin_sub_overflow(x, y, &r[i]))
            return range_error(ctx, "interval");
    }
    return 0;
}
static int ym_plus_ym(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return i32_checked(c, a, k, o, OP_ADD); }
static int ym_minus_ym(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return i32_checked(c, a, k, o, OP_SUB); }

/* interval * number, number * interval, interval / number */
static int interval_scale(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int iv_arg, bool divide) {
    PROLOGUE(2);
    const mn_vector *iv = args[iv_arg], *num = args[1 - iv_arg];
    bool ym = iv->type.id == MN_T_INTERVAL_YM;
    bool dbl = num->type.id == MN_T_DOUBLE;
    EACH_ROW(i) {
        double x = ym ? (double)MN_SLOT(iv, int32_t, i) : (double)MN_SLOT(iv, int64_t, i);
        double f = dbl ? MN_SLOT(num, double, i) : (double)MN_SLOT(num, int64_t, i);
        if (divide && f == 0) return mn_error_set(ctx->err, MN_ERR_DIVISION_BY_ZERO, "Division by zero");
        double v = divide ? x / f : x * f;
        if (!dbl && !divide) {
            /* exact integer product when it fits */
            int64_t p, xi = ym ? MN_SLOT(iv, int32_t, i) : MN_SLOT(iv, int64_t, i);
            if (__builtin_mul_overflow(xi, MN_SLOT(num, int64_t, i), &p)) return range_error(ctx, "interval");
            v = (double)p;
            if (!ym) {
                ((int64_t *)out->data)[i] = p;
                continue;
            }
        }
        if (isnan(v)) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Invalid interval value: NaN");
        if (ym) {
            if (!(v >= INT32_MIN && v <= INT32_MAX)) return range_error(ctx, "interval");
            ((int32_t *)out->data)[i] = (int32_t)v;
        } else {
            if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) return range_error(ctx, "interval");
            ((int64_t *)out->data)[i] = (int64_t)v;
        }
    }
    return 0;
}
static int iv_times_num(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return interval_scale(c, a, k, o, 0, false); }
static int num_times_iv(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return interval_scale(c, a, k, o, 1, false); }
static int iv_div_num(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return interval_scale(c, a, k, o, 0, true); }

static int neg_ds(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int64_t *r = out->data;
    EACH_ROW(i) if (__builtin_sub_overflow((int64_t)0, MN_SLOT(args[0], int64_t, i), &r[i])) return range_error(ctx, "interval");
    return 0;
}
static int neg_ym(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int32_t *r = out->data;
    EACH_ROW(i) if (__builtin_sub_overflow((int32_t)0, MN_SLOT(args[0], int32_t, i), &r[i])) return range_error(ctx, "interval");
    return 0;
}

/* ---------- table ---------- */

#define OPR MN_FN_OPERATOR
#define NUM_OPS(OP, SFX, DESC, DECBIND)                                               \
    {OP, "tinyint,tinyint", "tinyint", SFX##_i8, NULL, DESC, OPR, NULL},              \
    {OP, "smallint,smallint", "smallint", SFX##_i16, NULL, DESC, OPR, NULL},          \
    {OP, "integer,integer", "integer", SFX##_i32, NULL, DESC, OPR, NULL},             \
    {OP, "bigint,bigint", "bigint", SFX##_i64, NULL, DESC, OPR, NULL},                \
    {OP, "real,real", "real", SFX##_f32, NULL, DESC, OPR, NULL},                      \
    {OP, "double,double", "double", SFX##_f64, NULL, DESC, OPR, NULL},                \
    {OP, "decimal,decimal", "=decimal(p3,s3)", SFX##_dec, DECBIND, DESC, OPR, NULL}

#define DS "interval day to second"
#define YM "interval year to month"

const mn_fn_entry mn_fn_arith_table[] = {
    NUM_OPS("+", add, "Addition", bind_dec_add),
    {"+", "date," DS, "date", date_plus_ds, NULL, "Date plus a whole number of days", OPR, NULL},
    {"+", DS ",date", "date", ds_plus_date, NULL, "Date plus a whole number of days", OPR, NULL},
    {"+", "date," YM, "date", date_plus_ym, NULL, "Date plus months (day clamped to the month end)", OPR, NULL},
    {"+", YM ",date", "date", ym_plus_date, NULL, "Date plus months (day clamped to the month end)", OPR, NULL},
    {"+", "timestamp," DS, "$0", ts_plus_ds, NULL, "Timestamp plus an interval", OPR, NULL},
    {"+", DS ",timestamp", "$1", ds_plus_ts, NULL, "Timestamp plus an interval", OPR, NULL},
    {"+", "timestamp," YM, "$0", ts_plus_ym, NULL, "Timestamp plus months", OPR, NULL},
    {"+", YM ",timestamp", "$1", ym_plus_ts, NULL, "Timestamp plus months", OPR, NULL},
    {"+", DS "," DS, DS, ds_plus_ds, NULL, "Interval addition", OPR, NULL},
    {"+", YM "," YM, YM, ym_plus_ym, NULL, "Interval addition", OPR, NULL},

    NUM_OPS("-", sub, "Subtraction", bind_dec_add),
    {"-", "date," DS, "date", date_minus_ds, NULL, "Date minus a whole number of days", OPR, NULL},
    {"-", "date," YM, "date", date_minus_ym, NULL, "Date minus months", OPR, NULL},
    {"-", "timestamp," DS, "$0", ts_minus_ds, NULL, "Timestamp minus an interval", OPR, NULL},
    {"-", "timestamp," YM, "$0", ts_minus_ym, NULL, "Timestamp minus months", OPR, NULL},
    {"-", "timestamp,timestamp", DS, ts_minus_ts, NULL, "Time between two timestamps", OPR, NULL},
    {"-", DS "," DS, DS, ds_minus_ds, NULL, "Interval subtraction", OPR, NULL},
    {"-", YM "," YM, YM, ym_minus_ym, NULL, "Interval subtraction", OPR, NULL},

    NUM_OPS("*", mul, "Multiplication", bind_dec_mul),
    {"*", DS ",bigint", DS, iv_times_num, NULL, "Interval times a number", OPR, NULL},
    {"*", "bigint," DS, DS, num_times_iv, NULL, "Interval times a number", OPR, NULL},
    {"*", DS ",double", DS, iv_times_num, NULL, "Interval times a number", OPR, NULL},
    {"*", "double," DS, DS, num_times_iv, NULL, "Interval times a number", OPR, NULL},
    {"*", YM ",bigint", YM, iv_times_num, NULL, "Interval times a number", OPR, NULL},
    {"*", "bigint," YM, YM, num_times_iv, NULL, "Interval times a number", OPR, NULL},
    {"*", YM ",double", YM, iv_times_num, NULL, "Interval times a number", OPR, NULL},
    {"*", "double," YM, YM, num_times_iv, NULL, "Interval times a number", OPR, NULL},

    NUM_OPS("/", div, "Division (integer division truncates)", bind_dec_div),
    {"/", DS ",bigint", DS, iv_div_num, NULL, "Interval divided by a number", OPR, NULL},
    {"/", DS ",double", DS, iv_div_num, NULL, "Interval divided by a number", OPR, NULL},
    {"/", YM ",bigint", YM, iv_div_num, NULL, "Interval divided by a number", OPR, NULL},
    {"/", YM ",double", YM, iv_div_num, NULL, "Interval divided by a number", OPR, NULL},

    NUM_OPS("%", mod, "Remainder (sign of the dividend)", bind_dec_mod),

    {"mod", "tinyint,tinyint", "tinyint", mod_i8, NULL, "Remainder of n divided by m", 0, NULL},
    {"mod", "smallint,smallint", "smallint", mod_i16, NULL, "Remainder of n divided by m", 0, NULL},
    {"mod", "integer,integer", "integer", mod_i32, NULL, "Remainder of n divided by m", 0, NULL},
    {"mod", "bigint,bigint", "bigint", mod_i64, NULL, "Remainder of n divided by m", 0, NULL},
    {"mod", "real,real", "real", mod_f32, NULL, "Remainder of n divided by m", 0, NULL},
    {"mod", "double,double", "double", mod_f64, NULL, "Remainder of n divided by m", 0, NULL},
    {"mod", "decimal,decimal", "=decimal(p3,s3)", mod_dec, bind_dec_mod, "Remainder of n divided by m", 0, NULL},

    {"negate", "tinyint", "tinyint", neg_i8, NULL, "Negation", OPR, NULL},
    {"negate", "smallint", "smallint", neg_i16, NULL, "Negation", OPR, NULL},
    {"negate", "integer", "integer", neg_i32, NULL, "Negation", OPR, NULL},
    {"negate", "bigint", "bigint", neg_i64, NULL, "Negation", OPR, NULL},
    {"negate", "real", "real", neg_f32, NULL, "Negation", OPR, NULL},
    {"negate", "double", "double", neg_f64, NULL, "Negation", OPR, NULL},
    {"negate", "decimal", "$0", neg_dec, NULL, "Negation", OPR, NULL},
    {"negate", DS, DS, neg_ds, NULL, "Negation", OPR, NULL},
    {"negate", YM, YM, neg_ym, NULL, "Negation", OPR, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
