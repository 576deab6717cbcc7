/* cast.c — CAST between scalar types with Trino's rules and messages: integer narrowing
 * checks, HALF_UP rounding to integers and decimals, text parsing and rendering, char
 * padding, date/timestamp conversions. The implementation is chosen at bind time per
 * (source, target) pair; each reads both types from the call node.
 * String results may point into the argument's string storage (same lifetime rule as
 * mn_vector_reference); everything else is written into the output. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "function/fn_internal.h"
#include "function/nested_fn.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/scalar_text.h"

#define SRC_T(ctx) ((ctx)->expr->args[0]->type)
#define DST_T(ctx) ((ctx)->expr->type)
#define EACH_ROW(i) for (int i = 0; i < count; i++) if (!mn_fn_null_at(nulls, i))

#define PROLOGUE()                                                   \
    const uint8_t *nulls;                                            \
    do {                                                             \
        int rc_ = mn_fn_prologue(ctx, args, 1, &count, out, &nulls); \
        if (rc_) return rc_ < 0 ? -1 : 0;                            \
    } while (0)

static const char *lower_int_name(int id) {
    switch (id) {
    case MN_T_TINYINT: return "tinyint";
    case MN_T_SMALLINT: return "smallint";
    case MN_T_INTEGER: return "integer";
    default: return "bigint";
    }
}

/* ---------- identity-like ---------- */

/* Same physical values (varchar widening, decimal precision widening, timestamp precision
 * widening): out references the argument. */
static int cast_reference(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_type t = out->type;
    mn_vector_reference(out, args[0]);
    out->type = t;
    return 0;
}

/* ---------- integers and booleans ---------- */

static int cast_int_int(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    mn_vector *a = args[0];
    int to = DST_T(ctx).id;
    if (to == MN_T_BOOLEAN) {
        uint8_t *r = out->data;
        for (int i = 0; i < count; i++) r[i] = mn_fn_get_int(a, i) != 0;
        return 0;
    }
    int64_t lo, hi;
    mn_fn_int_range(to, &lo, &hi);
    /* widening to bigint: the common coercion, kept tight */
    if (to == MN_T_BIGINT && a->mask) {
        int64_t *r = out->data;
        switch (a->type.id) {
        case MN_T_INTEGER: {
            const int32_t *s = a->data;
            for (int i = 0; i < count; i++) r[i] = s[i];
            return 0;
        }
        case MN_T_SMALLINT: {
            const int16_t *s = a->data;
            for (int i = 0; i < count; i++) r[i] = s[i];
            return 0;
        }
        default: break;
        }
    }
    for (int i = 0; i < count; i++) {
        int64_t v = mn_fn_get_int(a, i);
        if ((v < lo || v > hi) && !mn_fn_null_at(nulls, i))
            return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "Out of range for %s: %lld", lower_int_name(to),
                                (long long)v);
        mn_fn_put_int(out, i, v);
    }
    return 0;
}

static int cast_int_double(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    double *r = out->data;
    if (args[0]->type.id == MN_T_BIGINT && args[0]->mask) {
        const int64_t *s = args[0]->data;
        for (int i = 0; i < count; i++) r[i] = (double)s[i];
        return 0;
    }
    for (int i = 0; i < count; i++) r[i] = (double)mn_fn_get_int(args[0], i);
    return 0;
}

static int cast_int_real(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    float *r = out->data;
    for (int i = 0; i < count; i++) r[i] = (float)mn_fn_get_int(args[0], i);
    return 0;
}

static int cast_int_decimal(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    mn_type dt = DST_T(ctx);
    mn_i128 *r = out->data;
    char b1[48];
    if (dt.scale <= 18) {
        /* |v| < 2^63 < 10^19: v * 10^scale never overflows 128 bits; only the range matters */
        mn_i128 f = mn_pow10_i128[dt.scale], lim = mn_pow10_i128[dt.precision];
        bool ok = true;
        for (int i = 0; i < count; i++) {
            r[i] = (mn_i128)mn_fn_get_int(args[0], i) * f;
            ok &= r[i] < lim && r[i] > -lim;
        }
        if (ok) return 0;
    }
    EACH_ROW(i) {
        int64_t v = mn_fn_get_int(args[0], i);
        if (mn_decimal_rescale((mn_i128)v, 0, dt.scale, dt.precision, &r[i]) != MN_DEC_OK) {
            const mn_type st = SRC_T(ctx);
            if (st.id == MN_T_BOOLEAN)
                return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast BOOLEAN '%s' to DECIMAL(%d, %d)",
                                    v ? "true" : "false", dt.precision, dt.scale);
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast %s '%lld' to DECIMAL(%d, %d)",
                                mn_fn_type_name_upper(st, b1), (long long)v, dt.precision, dt.scale);
        }
    }
    return 0;
}

/* ---------- floating point ---------- */

static double float_at(const mn_vector *v, int i) {
    if (v->type.id == MN_T_REAL) return (double)MN_SLOT(v, float, i);
    return MN_SLOT(v, double, i);
}

static size_t format_float_src(mn_type st, double d, char *buf) {
    return st.id == MN_T_REAL ? mn_format_real((float)d, buf) : mn_format_double(d, buf);
}

static int cast_float_int(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    mn_type st = SRC_T(ctx);
    int to = DST_T(ctx).id;
    const char *sname = st.id == MN_T_REAL ? "real" : "double";
    if (to == MN_T_BOOLEAN) {
        uint8_t *r = out->data;
        for (int i = 0; i < count; i++) r[i] = float_at(args[0], i) != 0;
        return 0;
    }
    int64_t lo, hi;
    mn_fn_int_range(to, &lo, &hi);
    char buf[48];
    EACH_ROW(i) {
        double d = float_at(args[0], i);
        if (isnan(d)) {
            if (to == MN_T_BIGINT) return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Unable to cast NaN to bigint");
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast %s NaN to %s", sname, lower_int_name(to));
        }
        double rd = round(d); /* half away from zero, as Trino */
        if (!(rd >= -9223372036854775808.0 && rd < 9223372036854775808.0) || (int64_t)rd < lo || (int64_t)rd > hi) {
            format_float_src(st, d, buf);
            if (to == MN_T_BIGINT)
                return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Unable to cast %s to bigint", buf);
            return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "Out of range for %s: %s", lower_int_name(to), buf);
        }
        mn_fn_put_int(out, i, (int64_t)rd);
    }
    return 0;
}

static int cast_float_float(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    if (DST_T(ctx).id == MN_T_DOUBLE) {
        double *r = out->data;
        for (int i = 0; i < count; i++) r[i] = float_at(args[0], i);
    } else {
        float *r = out->data;
        for (int i = 0; i < count; i++) r[i] = (float)float_at(args[0], i);
    }
    return 0;
}

static int cast_float_decimal(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    mn_type st = SRC_T(ctx), dt = DST_T(ctx);
    mn_i128 *r = out->data;
    char buf[48];
    EACH_ROW(i) {
        double d = float_at(args[0], i);
        if (mn_decimal_from_double(d, dt.precision, dt.scale, &r[i]) != MN_DEC_OK) {
            format_float_src(st, d, buf);
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast %s '%s' to DECIMAL(%d, %d)",
                                st.id == MN_T_REAL ? "REAL" : "DOUBLE", buf, dt.precision, dt.scale);
        }
    }
    return 0;
}

/* ---------- decimal ---------- */

static int cast_decimal_int(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    mn_type st = SRC_T(ctx), dt = DST_T(ctx);
    if (dt.id == MN_T_BOOLEAN) {
        uint8_t *r = out->data;
        for (int i = 0; i < count; i++) r[i] = MN_SLOT(args[0], mn_i128, i) != 0;
        return 0;
    }
    int64_t lo, hi;
    mn_fn_int_range(dt.id, &lo, &hi);
    char buf[64], tn[48];
    EACH_ROW(i) {
        mn_i128 v = MN_SLOT(args[0], mn_i128, i);
        int64_t x;
        if (mn_decimal_to_int64(v, st.scale, &x) != MN_DEC_OK || x < lo || x > hi) {
            mn_decimal_format(v, st.scale, buf);
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast '%s' to %s", buf,
                                mn_fn_type_name_upper(dt, tn));
        }
        mn_fn_put_int(out, i, x);
    }
    return 0;
}

static int cast_decimal_decimal(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    mn_type st = SRC_T(ctx), dt = DST_T(ctx);
    mn_i128 *r = out->data;
    char buf[64];
    EACH_ROW(i) {
        mn_i128 v = MN_SLOT(args[0], mn_i128, i);
        if (mn_decimal_rescale(v, st.scale, dt.scale, dt.precision, &r[i]) != MN_DEC_OK) {
            mn_decimal_format(v, st.scale, buf);
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Cannot cast DECIMAL(%d, %d) '%s' to DECIMAL(%d, %d)",
                                st.precision, st.scale, buf, dt.precision, dt.scale);
        }
    }
    return 0;
}

static int cast_decimal_float(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    int scale = SRC_T(ctx).scale;
    if (DST_T(ctx).id == MN_T_DOUBLE) {
        double *r = out->data;
        for (int i = 0; i < count; i++) r[i] = mn_decimal_to_double(MN_SLOT(args[0], mn_i128, i), scale);
    } else {
        float *r = out->data;
        for (int i = 0; i < count; i++) r[i] = (float)mn_decimal_to_double(MN_SLOT(args[0], mn_i128, i), scale);
    }
    return 0;
}

/* ---------- to text ---------- */

/* Fits s[0..n) into a string target: varchar(len) truncates to len characters, char(len)
 * truncates and pads with spaces, unbounded varchar keeps it. Writes the result in *r,
 * pointing into s when no new bytes are needed. */
static int fit_string(mn_fn_ctx *ctx, mn_vector *out, mn_type dt, const char *s, size_t n, mn_str *r) {
    if (dt.length >= 0) {
        size_t cut = mn_utf8_offset(s, n, dt.length);
        if (cut != SIZE_MAX && cut < n) n = cut;
    }
    if (dt.id == MN_T_CHAR) {
        int64_t have = mn_utf8_count(s, n);
        if (have < dt.length) {
            size_t pad = (size_t)(dt.length - have);
            char *p = mn_fn_str_alloc(ctx, out, n + pad);
            if (!p) return -1;
            if (n) memcpy(p, s, n);
            memset(p + n, ' ', pad);
            r->ptr = p;
            r->len = (uint32_t)(n + pad);
            return 0;
        }
    }
    r->ptr = s;
    r->len = (uint32_t)n;
    return 0;
}

static int cast_to_string(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    mn_type st = SRC_T(ctx), dt = DST_T(ctx);
    size_t sz = mn_type_size(st);
    mn_str *r = out->data;
    char buf[128];
    EACH_ROW(i) {
        const char *slot = (const char *)args[0]->data + sz * ((uint32_t)i & args[0]->mask);
        size_t n = mn_format_value(st, slot, buf);
        if (dt.length >= 0 && (int64_t)n > dt.length) {
            buf[n] = '\0';
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Value %s cannot be represented as %s(%ld)", buf,
                                dt.id == MN_T_CHAR ? "char" : "varchar", (long)dt.length);
        }
        char *p = mn_fn_str_alloc(ctx, out, n);
        if (!p) return -1;
        memcpy(p, buf, n);
        if (fit_string(ctx, out, dt, p, n, &r[i])) return -1;
    }
    return 0;
}

static int cast_string_string(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    mn_type st = SRC_T(ctx), dt = DST_T(ctx);
    /* char(x) -> varchar(y) keeps the padding, as Trino does: the value is the
     * space-padded text cut to min(x, y) characters, so fit it like a char target */
    mn_type fit = dt;
    if (st.id == MN_T_CHAR && dt.id == MN_T_VARCHAR) {
        fit = st;
        if (dt.length >= 0 && dt.length < st.length) fit.length = dt.length;
    }
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        if (fit_string(ctx, out, fit, s.ptr, s.len, &r[i])) return -1;
    }
    return 0;
}

/* ---------- from text ---------- */

static int bad_text(mn_fn_ctx *ctx, mn_str s, const char *fmt_prefix, const char *fmt_suffix) {
    return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "%s'%.*s'%s", fmt_prefix, (int)(s.len > 200 ? 200 : s.len),
                        s.ptr, fmt_suffix);
}

static int cast_string_bool(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    uint8_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        if (mn_parse_boolean(s.ptr, s.len, &r[i])) return bad_text(ctx, s, "Cannot cast ", " to BOOLEAN");
    }
    return 0;
}

static int cast_string_int(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    int to = DST_T(ctx).id;
    static const char *const names[] = {[MN_T_TINYINT] = " to TINYINT", [MN_T_SMALLINT] = " to SMALLINT",
                                        [MN_T_INTEGER] = " to INT", [MN_T_BIGINT] = " to BIGINT"};
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        int64_t v;
        if (mn_parse_integer_type(s.ptr, s.len, (mn_type_id)to, &v)) return bad_text(ctx, s, "Cannot cast ", names[to]);
        mn_fn_put_int(out, i, v);
    }
    return 0;
}

static int cast_string_float(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    bool dbl = DST_T(ctx).id == MN_T_DOUBLE;
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        if (dbl) {
            if (mn_parse_double(s.ptr, s.len, &((double *)out->data)[i]))
                return bad_text(ctx, s, "Cannot cast ", " to DOUBLE");
        } else {
            if (mn_parse_real(s.ptr, s.len, &((float *)out->data)[i])) return bad_text(ctx, s, "Cannot cast ", " to REAL");
        }
    }
    return 0;
}

static int cast_string_decimal(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    mn_type dt = DST_T(ctx);
    mn_i128 *r = out->data;
    char suffix[96];
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        int rc = mn_decimal_parse(s.ptr, s.len, dt.precision, dt.scale, &r[i]);
        if (rc != MN_DEC_OK) {
            snprintf(suffix, sizeof suffix, " to DECIMAL(%d, %d). Value %s", dt.precision, dt.scale,
                     rc == MN_DEC_OVERFLOW ? "too large." : "is not a number.");
            return bad_text(ctx, s, "Cannot cast VARCHAR ", suffix);
        }
    }
    return 0;
}

static int cast_string_date(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    int32_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        if (mn_date_parse(s.ptr, s.len, &r[i]))
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Value cannot be cast to date: %.*s",
                                (int)(s.len > 200 ? 200 : s.len), s.ptr);
    }
    return 0;
}

int mn_fn_round_micros(int64_t v, int precision, int64_t *out) {
    static const int64_t f[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    if (precision >= 6 || precision < 0) {
        *out = v;
        return 0;
    }
    int64_t u = f[precision], t;
    if (__builtin_add_overflow(v, u / 2, &t)) return -1;
    return mn_fn_floor_to(t, u, out);
}

static int cast_string_timestamp(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    int p = DST_T(ctx).precision;
    int64_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        int64_t v;
        if (mn_timestamp_parse(s.ptr, s.len, &v, NULL) || mn_fn_round_micros(v, p, &r[i]))
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Value cannot be cast to timestamp: %.*s",
                                (int)(s.len > 200 ? 200 : s.len), s.ptr);
    }
    return 0;
}

/* ---------- dates and timestamps ---------- */

static int cast_date_timestamp(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    int64_t *r = out->data;
    EACH_ROW(i) {
        if (__builtin_mul_overflow((int64_t)MN_SLOT(args[0], int32_t, i), MN_MICROS_PER_DAY, &r[i]))
            return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "date out of range for timestamp");
    }
    return 0;
}

static int cast_timestamp_date(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    int32_t *r = out->data;
    for (int i = 0; i < count; i++) r[i] = (int32_t)mn_floor_div(MN_SLOT(args[0], int64_t, i), MN_MICROS_PER_DAY);
    return 0;
}

static int cast_timestamp_timestamp(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE();
    int p = DST_T(ctx).precision;
    int64_t *r = out->data;
    EACH_ROW(i) {
        if (mn_fn_round_micros(MN_SLOT(args[0], int64_t, i), p, &r[i]))
            return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "timestamp out of range");
    }
    return 0;
}

/* ---------- selection ---------- */

static bool is_intlike(mn_type t) { return mn_type_is_integer(t) || t.id == MN_T_BOOLEAN; }
static bool is_float(mn_type t) { return t.id == MN_T_REAL || t.id == MN_T_DOUBLE; }

static int cast_nested_marker(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    return mn_error_set(ctx->err, MN_ERR_INTERNAL, "nested cast without its bind data");
}

mn_scalar_impl mn_fn_cast_impl(mn_type from, mn_type to) {
    if (from.id == MN_T_UNKNOWN) return mn_fn_impl_null;
    if (to.id == MN_T_UNKNOWN) return NULL;
    if (from.id == MN_T_JSON || to.id == MN_T_JSON) return mn_fn_json_cast_impl(from, to);
    /* nested types: built by mn_fn_nested_make_cast (the impl needs per-call data) */
    if (mn_type_is_nested(from) || mn_type_is_nested(to))
        return mn_fn_nested_castable(from, to) ? cast_nested_marker : NULL;
    if (from.id == MN_T_VARBINARY || to.id == MN_T_VARBINARY) {
        if (from.id == to.id) return cast_reference;
        return mn_fn_varbinary_cast_impl(from, to); /* varchar/char -> varbinary only */
    }
    if (mn_type_is_string(to)) {
        if (mn_type_is_string(from)) {
            bool widening = from.id == to.id && (to.length < 0 || (from.length >= 0 && from.length <= to.length));
            if (widening && to.id == MN_T_VARCHAR) return cast_reference;
            return cast_string_string;
        }
        return cast_to_string;
    }
    if (from.id == MN_T_TIME || to.id == MN_T_TIME || from.id == MN_T_TIMESTAMP_TZ || to.id == MN_T_TIMESTAMP_TZ)
        return mn_fn_tz_cast_impl(from, to);
    if (mn_type_is_string(from)) {
        switch (to.id) {
        case MN_T_BOOLEAN: return cast_string_bool;
        case MN_T_TINYINT:
        case MN_T_SMALLINT:
        case MN_T_INTEGER:
        case MN_T_BIGINT: return cast_string_int;
        case MN_T_REAL:
        case MN_T_DOUBLE: return cast_string_float;
        case MN_T_DECIMAL: return cast_string_decimal;
        case MN_T_DATE: return cast_string_date;
        case MN_T_TIMESTAMP: return cast_string_timestamp;
        default: return NULL;
        }
    }
    if (is_intlike(from)) {
        if (is_intlike(to)) return cast_int_int;
        if (to.id == MN_T_DOUBLE) return cast_int_double;
        if (to.id == MN_T_REAL) return cast_int_real;
        if (to.id == MN_T_DECIMAL) return cast_int_decimal;
        return NULL;
    }
    if (is_float(from)) {
        if (is_intlike(to)) return cast_float_int;
        if (is_float(to)) return cast_float_float;
        if (to.id == MN_T_DECIMAL) return cast_float_decimal;
        return NULL;
    }
    if (from.id == MN_T_DECIMAL) {
        if (is_intlike(to)) return cast_decimal_int;
        if (is_float(to)) return cast_decimal_float;
        if (to.id == MN_T_DECIMAL) {
            if (from.scale == to.scale && from.precision <= to.precision) return cast_reference;
            return cast_decimal_decimal;
        }
        return NULL;
    }
    if (from.id == MN_T_DATE) {
        if (to.id == MN_T_TIMESTAMP) return cast_date_timestamp;
        return NULL;
    }
    if (from.id == MN_T_TIMESTAMP) {
        if (to.id == MN_T_DATE) return cast_timestamp_date;
        if (to.id == MN_T_TIMESTAMP) return from.precision <= to.precision ? cast_reference : cast_timestamp_timestamp;
        return NULL;
    }
    if (from.id == to.id && (from.id == MN_T_INTERVAL_DS || from.id == MN_T_INTERVAL_YM)) return cast_reference;
    return NULL;
}

int mn_fn_make_cast(mn_arena *arena, mn_expr *arg, mn_type target, mn_pos pos, mn_expr **out, mn_error *err) {
    if (mn_type_is_nested(arg->type) && mn_type_is_nested(target))
        return mn_fn_nested_make_cast(arena, arg, target, pos, out, err);
    mn_scalar_impl impl = mn_fn_cast_impl(arg->type, target);
    if (!impl) {
        char b1[48], b2[48];
        return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, pos.line, pos.column, "Cannot cast %s to %s",
                                mn_fn_type_name(arg->type, b1), mn_fn_type_name(target, b2));
    }
    mn_expr *e = mn_expr_new(arena, MN_EXPR_CALL, target, 1);
    if (!e) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    e->args[0] = arg;
    e->name = "CAST";
    e->impl = impl;
    e->pos = pos;
    *out = e;
    return 0;
}

int mn_func_bind_cast(mn_arena *arena, mn_expr *arg, mn_type target, bool is_try, mn_pos pos, mn_expr **out,
                      mn_error *err) {
    if (mn_type_equal(arg->type, target)) {
        *out = arg;
        return 0;
    }
    mn_expr *c;
    if (mn_fn_make_cast(arena, arg, target, pos, &c, err)) return -1;
    if (is_try) {
        mn_expr *t = mn_expr_new(arena, MN_EXPR_TRY, target, 1);
        if (!t) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        t->args[0] = c;
        t->pos = pos;
        c = t;
    }
    *out = c;
    return 0;
}
