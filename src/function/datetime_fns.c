/* datetime_fns.c — date/time functions over DATE (days) and TIMESTAMP (microseconds, no
 * zone): field extraction (the targets of EXTRACT), date_trunc, date_add, date_diff (Joda's
 * field differences, as Trino), last_day_of_month, unix time conversions, the current
 * date/time of the statement, and date(x). Units are parsed once at bind time when
 * constant. TIMESTAMP WITH TIME ZONE arguments work on their local wall time (fields,
 * truncation, calendar units of date_add/date_diff, which are therefore DST-correct) and on
 * the instant for units up to an hour, as Joda's zoned chronology does for Trino; TIME
 * arguments are timestamps on 1970-01-01 whose results wrap around the day. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/error.h"
#include "exec/physical.h"
#include "function/fn_internal.h"
#include "types/datetime.h"
#include "types/timezone.h"

#define PROLOGUE(n) MN_FN_PROLOGUE(n)
#define EACH_ROW(i) MN_FN_EACH_ROW(i)
#define DAY MN_MICROS_PER_DAY
#define HOUR (INT64_C(3600) * MN_MICROS_PER_SECOND)
#define MINUTE (INT64_C(60) * MN_MICROS_PER_SECOND)

/* ---------- timestamp with time zone and time arguments ---------- */

/* Row i of a TIMESTAMP, TIME or TIMESTAMP WITH TIME ZONE vector as local microseconds. */
static inline int64_t local_at(const mn_vector *v, int i) {
    if (v->type.id != MN_T_TIMESTAMP_TZ) return MN_SLOT(v, int64_t, i);
    mn_i128 x = MN_SLOT(v, mn_i128, i);
    return mn_tz_utc_to_local(mn_tstz_zone(x), mn_tstz_micros(x));
}

/* Stores a result computed on local time (or, for is_instant, on the instant) back into
 * row i of out, a vector of the argument's type: TIME wraps around the day, a timestamp
 * with time zone keeps the zone of `zone_from` row i. */
static inline void put_local(mn_vector *out, int i, const mn_vector *zone_from, int64_t v, bool is_instant) {
    if (out->type.id == MN_T_TIME) {
        ((int64_t *)out->data)[i] = mn_floor_mod(v, DAY);
    } else if (out->type.id == MN_T_TIMESTAMP_TZ) {
        int zone = mn_tstz_zone(MN_SLOT(zone_from, mn_i128, i));
        ((mn_i128 *)out->data)[i] = mn_tstz_pack(is_instant ? v : mn_tz_local_to_utc(zone, v), zone);
    } else {
        ((int64_t *)out->data)[i] = v;
    }
}

/* ---------- field extraction ---------- */

static int extract_date(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_datetime_field f = (mn_datetime_field)(intptr_t)ctx->bind_data;
    int64_t *r = out->data;
    if (f == MN_DT_YEAR || f == MN_DT_MONTH || f == MN_DT_DAY) {
        EACH_ROW(i) {
            int64_t y;
            int m, d;
            mn_civil_from_days(MN_SLOT(args[0], int32_t, i), &y, &m, &d);
            r[i] = f == MN_DT_YEAR ? y : f == MN_DT_MONTH ? m : d;
        }
        return 0;
    }
    EACH_ROW(i) r[i] = mn_date_extract(MN_SLOT(args[0], int32_t, i), f);
    return 0;
}

static int extract_ts(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_datetime_field f = (mn_datetime_field)(intptr_t)ctx->bind_data;
    int64_t *r = out->data;
    EACH_ROW(i) r[i] = mn_timestamp_extract(local_at(args[0], i), f);
    return 0;
}

/* interval fields: day/hour/minute/second/millisecond of day-to-second, year/month of
 * year-to-month (Trino: the component, not the total) */
static int extract_interval(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_datetime_field f = (mn_datetime_field)(intptr_t)ctx->bind_data;
    int64_t *r = out->data;
    bool ym = args[0]->type.id == MN_T_INTERVAL_YM;
    EACH_ROW(i) {
        if (ym) {
            int32_t m = MN_SLOT(args[0], int32_t, i);
            r[i] = f == MN_DT_YEAR ? m / 12 : m % 12;
            continue;
        }
        int64_t v = MN_SLOT(args[0], int64_t, i);
        switch (f) {
        case MN_DT_DAY: r[i] = v / DAY; break;
        case MN_DT_HOUR: r[i] = v % DAY / HOUR; break;
        case MN_DT_MINUTE: r[i] = v % HOUR / MINUTE; break;
        case MN_DT_SECOND: r[i] = v % MINUTE / MN_MICROS_PER_SECOND; break;
        default: r[i] = v % MN_MICROS_PER_SECOND / 1000; break;
        }
    }
    return 0;
}

static const struct {
    const char *name;
    mn_datetime_field f;
} field_names[] = {
    {"year", MN_DT_YEAR},          {"quarter", MN_DT_QUARTER},         {"month", MN_DT_MONTH},
    {"week", MN_DT_WEEK},          {"week_of_year", MN_DT_WEEK},       {"day", MN_DT_DAY},
    {"day_of_month", MN_DT_DAY},   {"day_of_week", MN_DT_DAY_OF_WEEK}, {"dow", MN_DT_DAY_OF_WEEK},
    {"day_of_year", MN_DT_DAY_OF_YEAR}, {"doy", MN_DT_DAY_OF_YEAR},    {"year_of_week", MN_DT_YEAR_OF_WEEK},
    {"yow", MN_DT_YEAR_OF_WEEK},   {"hour", MN_DT_HOUR},               {"minute", MN_DT_MINUTE},
    {"second", MN_DT_SECOND},      {"millisecond", MN_DT_MILLISECOND},
};

static int bind_extract(mn_fn_binding *b, mn_error *err) {
    for (size_t k = 0; k < sizeof field_names / sizeof field_names[0]; k++) {
        if (strcasecmp(field_names[k].name, b->entry->name) == 0) {
            b->bind_data = (void *)(intptr_t)field_names[k].f;
            return 0;
        }
    }
    return mn_error_set(err, MN_ERR_INTERNAL, "unknown field function %s", b->entry->name);
}

/* ---------- units ---------- */

enum { U_MILLISECOND, U_SECOND, U_MINUTE, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_QUARTER, U_YEAR };
static const char *const unit_names[] = {"millisecond", "second", "minute", "hour", "day",
                                         "week",        "month",  "quarter", "year"};

/* Unit of s for a DATE (is_date) or TIMESTAMP argument; -1 with Trino's error. */
static int parse_unit(mn_str s, bool is_date, mn_error *err) {
    for (int u = 0; u <= U_YEAR; u++) {
        size_t n = strlen(unit_names[u]);
        if (s.len == n && strncasecmp(s.ptr, unit_names[u], n) == 0) {
            if (is_date && u < U_DAY) break;
            return u;
        }
    }
    mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "'%.*s' is not a valid %s field", (int)(s.len > 100 ? 100 : s.len),
                 s.ptr, is_date ? "DATE" : "Timestamp");
    return -1;
}

/* bind_data = unit + 1 when the unit argument is a constant string. */
static int bind_unit(mn_fn_binding *b, mn_error *err) {
    const mn_expr *u = b->args[0];
    if (u->kind != MN_EXPR_CONST || u->value.is_null || u->value.type.id == MN_T_UNKNOWN) return 0;
    bool is_date = b->args[b->nargs - 1]->type.id == MN_T_DATE;
    int unit = parse_unit(u->value.u.s, is_date, err);
    if (unit < 0) return -1;
    b->bind_data = (void *)(intptr_t)(unit + 1);
    return 0;
}

static int unit_at(mn_fn_ctx *ctx, mn_vector *v, int row, bool is_date) {
    if (ctx->bind_data) return (int)(intptr_t)ctx->bind_data - 1;
    return parse_unit(MN_SLOT(v, mn_str, row), is_date, ctx->err);
}

/* ---------- date_trunc ---------- */

static int64_t trunc_days(int64_t days, int unit) {
    int64_t y;
    int m, d;
    switch (unit) {
    case U_WEEK: return days - mn_floor_mod(days + 3, 7); /* back to Monday */
    case U_MONTH:
    case U_QUARTER:
    case U_YEAR:
        mn_civil_from_days((int32_t)days, &y, &m, &d);
        if (unit == U_QUARTER) m = (m - 1) / 3 * 3 + 1;
        if (unit == U_YEAR) m = 1;
        return mn_days_from_civil(y, m, 1);
    default: return days;
    }
}

static int trunc_date(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    int32_t *r = out->data;
    EACH_ROW(i) {
        int unit = unit_at(ctx, args[0], i, true);
        if (unit < 0) return -1;
        r[i] = (int32_t)trunc_days(MN_SLOT(args[1], int32_t, i), unit);
    }
    return 0;
}

static int trunc_ts(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    static const int64_t unit_micros[] = {1000, INT64_C(1000000), MINUTE, HOUR, DAY};
    EACH_ROW(i) {
        int unit = unit_at(ctx, args[0], i, false);
        if (unit < 0) return -1;
        int64_t v = local_at(args[1], i), t;
        bool bad = unit <= U_DAY ? mn_fn_floor_to(v, unit_micros[unit], &t) != 0
                                 : __builtin_mul_overflow(trunc_days(mn_floor_div(v, DAY), unit), DAY, &t);
        if (bad) return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "timestamp out of range");
        put_local(out, i, args[1], t, false);
    }
    return 0;
}

/* ---------- date_add ---------- */

static int add_error(mn_fn_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "date_add result out of range"); }

static int add_date(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(3);
    int32_t *r = out->data;
    EACH_ROW(i) {
        int unit = unit_at(ctx, args[0], i, true);
        if (unit < 0) return -1;
        int64_t n = MN_SLOT(args[1], int64_t, i), d = MN_SLOT(args[2], int32_t, i), v;
        if (unit == U_DAY || unit == U_WEEK) {
            if (__builtin_mul_overflow(n, unit == U_WEEK ? 7 : 1, &n) || __builtin_add_overflow(d, n, &v) ||
                v < INT32_MIN || v > INT32_MAX)
                return add_error(ctx);
            r[i] = (int32_t)v;
        } else {
            int64_t months;
            if (__builtin_mul_overflow(n, unit == U_YEAR ? 12 : unit == U_QUARTER ? 3 : 1, &months) ||
                mn_date_add_months_checked((int32_t)d, months, &r[i]))
                return add_error(ctx);
        }
    }
    return 0;
}

static int add_ts(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(3);
    static const int64_t unit_micros[] = {1000, INT64_C(1000000), MINUTE, HOUR, DAY, 7 * DAY};
    bool tz = args[2]->type.id == MN_T_TIMESTAMP_TZ;
    EACH_ROW(i) {
        int unit = unit_at(ctx, args[0], i, false);
        if (unit < 0) return -1;
        bool instant = tz && unit <= U_HOUR; /* Joda: time units are durations on the instant */
        int64_t n = MN_SLOT(args[1], int64_t, i), delta, r;
        int64_t t = instant ? mn_tstz_micros(MN_SLOT(args[2], mn_i128, i)) : local_at(args[2], i);
        if (unit <= U_WEEK) {
            if (__builtin_mul_overflow(n, unit_micros[unit], &delta) || __builtin_add_overflow(t, delta, &r))
                return add_error(ctx);
        } else {
            int64_t months;
            if (__builtin_mul_overflow(n, unit == U_YEAR ? 12 : unit == U_QUARTER ? 3 : 1, &months) ||
                mn_timestamp_add_months_checked(t, months, &r))
                return add_error(ctx);
        }
        put_local(out, i, args[2], r, instant);
    }
    return 0;
}

/* ---------- date_diff (Joda semantics: whole units from a to b) ---------- */

static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static void split(int64_t micros, int64_t *y, int *m, int *d, int64_t *tod) {
    int64_t days = mn_floor_div(micros, DAY);
    *tod = mn_fn_mod(micros, DAY);
    mn_civil_from_days((int32_t)days, y, m, d);
}

/* months from s (subtrahend) to m (minuend), m >= s */
static int64_t month_diff_pos(int64_t mi, int64_t si) {
    int64_t my, sy, mt, st;
    int mm, md, sm, sd;
    split(mi, &my, &mm, &md, &mt);
    split(si, &sy, &sm, &sd, &st);
    int64_t diff = (my - sy) * 12 + mm - sm;
    if (md == mn_days_in_month(my, mm) && sd > md) sd = md;
    int64_t mrem = (md - 1) * DAY + mt, srem = (sd - 1) * DAY + st;
    if (mrem < srem) diff--;
    return diff;
}

static int64_t month_diff(int64_t a, int64_t b) { return b >= a ? month_diff_pos(b, a) : -month_diff_pos(a, b); }

static int64_t year_diff_pos(int64_t mi, int64_t si) {
    int64_t my, sy, t;
    int m, d;
    split(mi, &my, &m, &d, &t);
    int64_t mrem = (int64_t)((mn_i128)mi - (mn_i128)mn_days_from_civil(my, 1, 1) * DAY);
    split(si, &sy, &m, &d, &t);
    int64_t srem = (int64_t)((mn_i128)si - (mn_i128)mn_days_from_civil(sy, 1, 1) * DAY);
    const int64_t feb29 = 59 * DAY;
    if (srem >= feb29) {
        if (is_leap(sy)) {
            if (!is_leap(my)) srem -= DAY;
        } else if (mrem >= feb29 && is_leap(my)) {
            mrem -= DAY;
        }
    }
    int64_t diff = my - sy;
    if (mrem < srem) diff--;
    return diff;
}

static int64_t year_diff(int64_t a, int64_t b) { return b >= a ? year_diff_pos(b, a) : -year_diff_pos(a, b); }

static int64_t diff_micros(int unit, int64_t a, int64_t b) {
    static const int64_t unit_micros[] = {1000, INT64_C(1000000), MINUTE, HOUR, DAY, 7 * DAY};
    switch (unit) {
    case U_MONTH: return month_diff(a, b);
    case U_QUARTER: return month_diff(a, b) / 3;
    case U_YEAR: return year_diff(a, b);
    default: {
        mn_i128 d = (mn_i128)b - a;
        return (int64_t)(d / unit_micros[unit]);
    }
    }
}

static int diff_date(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(3);
    int64_t *r = out->data;
    EACH_ROW(i) {
        int unit = unit_at(ctx, args[0], i, true);
        if (unit < 0) return -1;
        int64_t a = MN_SLOT(args[1], int32_t, i), b = MN_SLOT(args[2], int32_t, i), am, bm;
        if (unit == U_DAY || unit == U_WEEK) {
            r[i] = unit == U_DAY ? b - a : (b - a) / 7;
            continue;
        }
        if (__builtin_mul_overflow(a, DAY, &am) || __builtin_mul_overflow(b, DAY, &bm))
            return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "date out of range");
        r[i] = diff_micros(unit, am, bm);
    }
    return 0;
}

static int diff_ts(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(3);
    int64_t *r = out->data;
    EACH_ROW(i) {
        int unit = unit_at(ctx, args[0], i, false);
        if (unit < 0) return -1;
        if (args[1]->type.id == MN_T_TIMESTAMP_TZ && unit <= U_HOUR) /* durations on the instant */
            r[i] = diff_micros(unit, mn_tstz_micros(MN_SLOT(args[1], mn_i128, i)),
                               mn_tstz_micros(MN_SLOT(args[2], mn_i128, i)));
        else
            r[i] = diff_micros(unit, local_at(args[1], i), local_at(args[2], i));
    }
    return 0;
}

/* ---------- misc ---------- */

static int last_day(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    bool ts = args[0]->type.id != MN_T_DATE;
    int32_t *r = out->data;
    EACH_ROW(i) {
        int64_t days = ts ? mn_floor_div(local_at(args[0], i), DAY) : MN_SLOT(args[0], int32_t, i);
        int64_t y;
        int m, d;
        mn_civil_from_days((int32_t)days, &y, &m, &d);
        r[i] = mn_days_from_civil(y, m, mn_days_in_month(y, m));
    }
    return 0;
}

static int64_t now_micros(mn_fn_ctx *ctx) {
    if (ctx->query) return ctx->query->start_micros;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * MN_MICROS_PER_SECOND + ts.tv_nsec / 1000;
}

static int fn_current_date(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    if (mn_vector_prepare_const(out, ctx->err)) return -1;
    ((int32_t *)out->data)[0] =
        ctx->query ? ctx->query->start_date : (int32_t)mn_floor_div(now_micros(ctx), DAY);
    return 0;
}

/* The statement's start time truncated to the result's precision: a timestamp with time
 * zone in the session zone (UTC), or its local timestamp / time of day. */
static int fn_now(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    static const int64_t unit[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    int p = out->type.precision <= 6 ? out->type.precision : 6;
    if (mn_vector_prepare_const(out, ctx->err)) return -1;
    int64_t v = mn_floor_div(now_micros(ctx), unit[p]) * unit[p];
    if (out->type.id == MN_T_TIMESTAMP_TZ) ((mn_i128 *)out->data)[0] = mn_tstz_pack(v, MN_TZ_UTC);
    else ((int64_t *)out->data)[0] = out->type.id == MN_T_TIME ? mn_floor_mod(v, DAY) : v;
    return 0;
}

/* current_timestamp(p): p must be a constant 0..6 (the parser passes the literal). */
static int bind_now_precision(mn_fn_binding *b, mn_error *err) {
    const mn_expr *a = b->args[0];
    int64_t p = a->kind == MN_EXPR_CONST && !a->value.is_null ? a->value.u.i : -1;
    if (p < 0 || p > 6)
        return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "CURRENT_TIMESTAMP precision must be in range [0, 6]: %lld",
                            (long long)p);
    const char *n = b->entry->name;
    b->ret = mn_type_make(strcmp(n, "localtimestamp") == 0 ? MN_T_TIMESTAMP
                          : strcmp(n, "current_timestamp") == 0 ? MN_T_TIMESTAMP_TZ : MN_T_TIME);
    b->ret.precision = (uint8_t)p;
    return 0;
}

static int fn_from_unixtime(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int64_t *r = out->data;
    EACH_ROW(i) {
        double s = MN_SLOT(args[0], double, i);
        double ms = floor(s * 1000.0 + 0.5); /* Java Math.round of the milliseconds */
        if (!(ms >= -9.2e15 && ms <= 9.2e15))
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Value out of range for from_unixtime");
        r[i] = (int64_t)ms * 1000;
    }
    return 0;
}

static int fn_to_unixtime(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    double *r = out->data;
    bool tz = args[0]->type.id == MN_T_TIMESTAMP_TZ;
    for (int i = 0; i < count; i++)
        r[i] = (double)(tz ? mn_tstz_micros(MN_SLOT(args[0], mn_i128, i)) : MN_SLOT(args[0], int64_t, i)) / 1e6;
    return 0;
}

/* date(x) is CAST(x AS date) */
static int bind_date(mn_fn_binding *b, mn_error *err) {
    b->impl = mn_fn_cast_impl(b->args[0]->type, mn_type_make(MN_T_DATE));
    return 0;
}

static int identity(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_type t = out->type;
    mn_vector_reference(out, args[0]);
    out->type = t;
    return 0;
}

static int bind_date_identity(mn_fn_binding *b, mn_error *err) {
    b->impl = identity;
    return 0;
}

/* ---------- table ---------- */

#define FIELD_DT2(NAME, DESC)                                                     \
    {NAME, "date", "bigint", extract_date, bind_extract, DESC, 0, NULL},          \
    {NAME, "timestamp", "bigint", extract_ts, bind_extract, DESC, 0, NULL}
#define FIELD_TZ(NAME, DESC) {NAME, "timestamp with time zone", "bigint", extract_ts, bind_extract, DESC, 0, NULL}
#define FIELD_DT(NAME, DESC)                                                      \
    FIELD_DT2(NAME, DESC), FIELD_TZ(NAME, DESC)
#define FIELD_TS(NAME, DESC)                                                      \
    {NAME, "timestamp", "bigint", extract_ts, bind_extract, DESC, 0, NULL}, FIELD_TZ(NAME, DESC), \
    {NAME, "time", "bigint", extract_ts, bind_extract, DESC, 0, NULL}
#define FIELD_DS(NAME, DESC) {NAME, "interval day to second", "bigint", extract_interval, bind_extract, DESC, 0, NULL}
#define FIELD_YM(NAME, DESC) {NAME, "interval year to month", "bigint", extract_interval, bind_extract, DESC, 0, NULL}

const mn_fn_entry mn_fn_datetime_table[] = {
    FIELD_DT("year", "Year"),
    FIELD_YM("year", "Years of the interval"),
    FIELD_DT("quarter", "Quarter of the year (1-4)"),
    FIELD_DT("month", "Month of the year (1-12)"),
    FIELD_YM("month", "Months of the interval (0-11)"),
    FIELD_DT("week", "ISO week of the year (1-53)"),
    FIELD_DT("week_of_year", "Alias of week"),
    FIELD_DT("day", "Day of the month"),
    FIELD_DS("day", "Days of the interval"),
    FIELD_DT("day_of_month", "Alias of day"),
    FIELD_DT("day_of_week", "ISO day of the week (1 = Monday .. 7 = Sunday)"),
    FIELD_DT("dow", "Alias of day_of_week"),
    FIELD_DT("day_of_year", "Day of the year (1-366)"),
    FIELD_DT("doy", "Alias of day_of_year"),
    FIELD_DT("year_of_week", "Year of the ISO week"),
    FIELD_DT("yow", "Alias of year_of_week"),
    FIELD_TS("hour", "Hour of the day (0-23)"),
    FIELD_DS("hour", "Hours of the interval (0-23)"),
    FIELD_TS("minute", "Minute of the hour"),
    FIELD_DS("minute", "Minutes of the interval"),
    FIELD_TS("second", "Second of the minute"),
    FIELD_DS("second", "Seconds of the interval"),
    FIELD_TS("millisecond", "Millisecond of the second"),
    FIELD_DS("millisecond", "Milliseconds of the interval"),

    {"date_trunc", "varchar,date", "date", trunc_date, bind_unit, "Truncates to day, week, month, quarter or year", 0,
     NULL},
    {"date_trunc", "varchar,timestamp", "$1", trunc_ts, bind_unit,
     "Truncates to millisecond, second, minute, hour, day, week, month, quarter or year", 0, NULL},
    {"date_trunc", "varchar,timestamp with time zone", "$1", trunc_ts, bind_unit,
     "Truncates in the value's zone (local wall time)", 0, NULL},
    {"date_trunc", "varchar,time", "$1", trunc_ts, bind_unit, "Truncates a time of day", 0, NULL},
    {"date_add", "varchar,bigint,timestamp with time zone", "$2", add_ts, bind_unit,
     "Adds units: up to hours to the instant, days and longer to the local date (DST-correct)", 0, NULL},
    {"date_add", "varchar,bigint,time", "$2", add_ts, bind_unit, "Adds units to a time of day (wrapping around)", 0,
     NULL},
    {"date_diff", "varchar,timestamp with time zone,timestamp with time zone", "bigint", diff_ts, bind_unit,
     "Whole units between two instants (days and longer on local dates)", 0, NULL},
    {"date_diff", "varchar,time,time", "bigint", diff_ts, bind_unit, "Whole units between two times of day", 0, NULL},
    {"last_day_of_month", "timestamp with time zone", "date", last_day, NULL, "Last day of the month", 0, NULL},
    {"date_add", "varchar,bigint,date", "date", add_date, bind_unit, "Adds a number of units to a date", 0, NULL},
    {"date_add", "varchar,bigint,timestamp", "$2", add_ts, bind_unit, "Adds a number of units to a timestamp", 0,
     NULL},
    {"date_diff", "varchar,date,date", "bigint", diff_date, bind_unit, "Whole units from the first to the second date",
     0, NULL},
    {"date_diff", "varchar,timestamp,timestamp", "bigint", diff_ts, bind_unit,
     "Whole units from the first to the second timestamp", 0, NULL},
    {"last_day_of_month", "date", "date", last_day, NULL, "Last day of the month", 0, NULL},
    {"last_day_of_month", "timestamp", "date", last_day, NULL, "Last day of the month", 0, NULL},
    {"current_date", "", "date", fn_current_date, NULL, "Date at the start of the statement", MN_FN_VOLATILE, NULL},
    {"current_timestamp", "", "timestamp(3) with time zone", fn_now, NULL,
     "Time at the start of the statement, in the session zone (UTC)", MN_FN_VOLATILE, NULL},
    {"current_timestamp", "integer", "=timestamp(p) with time zone", fn_now, bind_now_precision,
     "Time at the start of the statement with p fraction digits", MN_FN_VOLATILE, NULL},
    {"now", "", "timestamp(3) with time zone", fn_now, NULL, "Alias of current_timestamp", MN_FN_VOLATILE, NULL},
    {"localtimestamp", "", "timestamp(3)", fn_now, NULL, "Local time (UTC) at the start of the statement",
     MN_FN_VOLATILE, NULL},
    {"localtimestamp", "integer", "=timestamp(p)", fn_now, bind_now_precision, "localtimestamp with p fraction digits",
     MN_FN_VOLATILE, NULL},
    {"localtime", "", "time(3)", fn_now, NULL, "Time of day (UTC) at the start of the statement", MN_FN_VOLATILE,
     NULL},
    {"localtime", "integer", "=time(p)", fn_now, bind_now_precision, "localtime with p fraction digits",
     MN_FN_VOLATILE, NULL},
    {"current_time", "", "time(3)", fn_now, NULL,
     "Time of day at the start of the statement in the session zone (UTC; a time, not a time with time zone)",
     MN_FN_VOLATILE, NULL},
    {"current_time", "integer", "=time(p)", fn_now, bind_now_precision, "current_time with p fraction digits",
     MN_FN_VOLATILE, NULL},
    {"from_unixtime", "double", "timestamp(3)", fn_from_unixtime, NULL, "Timestamp of a unix time in seconds", 0,
     NULL},
    {"to_unixtime", "timestamp", "double", fn_to_unixtime, NULL, "Unix time in seconds", 0, NULL},
    {"to_unixtime", "timestamp with time zone", "double", fn_to_unixtime, NULL, "Unix time of the instant in seconds",
     0, NULL},
    {"date", "date", "date", identity, bind_date_identity, "CAST(x AS date)", 0, NULL},
    {"date", "varchar", "date", NULL, bind_date, "CAST(x AS date)", 0, NULL},
    {"date", "timestamp", "date", NULL, bind_date, "CAST(x AS date)", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
