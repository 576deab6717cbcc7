/* datetime_tz.c — TIME and TIMESTAMP WITH TIME ZONE: their casts (Trino rules: a timestamp
 * or date becomes an instant in the session zone, which is UTC as on Athena; a timestamp
 * with time zone becomes a timestamp/date/time of its local wall time), AT TIME ZONE
 * (at_timezone), with_timezone, from_unixtime with a zone, timezone_hour/minute,
 * current_timezone and the ISO 8601 conversions. Zone names given as constants are
 * resolved at bind time, so their errors carry the call's line:column. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "function/fn_internal.h"
#include "types/datetime.h"
#include "types/timezone.h"

#define PROLOGUE(n) MN_FN_PROLOGUE(n)
#define EACH_ROW(i) MN_FN_EACH_ROW(i)
#define DAY MN_MICROS_PER_DAY
#define SESSION_ZONE MN_TZ_UTC

static int range_error(mn_fn_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "timestamp out of range"); }

static int zone_error(mn_error *err, mn_pos pos, mn_str s) {
    if (pos.line == 0)
        return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Time zone not supported: %.*s",
                            (int)(s.len > 100 ? 100 : s.len), s.ptr);
    return mn_error_set_pos(err, MN_ERR_INVALID_ARGUMENT, pos.line, pos.column, "Time zone not supported: %.*s",
                            (int)(s.len > 100 ? 100 : s.len), s.ptr);
}

static mn_i128 tstz_at(const mn_vector *v, int i) { return MN_SLOT(v, mn_i128, i); }
static int64_t local_of(mn_i128 x) { return mn_tz_utc_to_local(mn_tstz_zone(x), mn_tstz_micros(x)); }

/* ---------- casts ---------- */

static int cast_string_time(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int p = out->type.precision;
    int64_t *r = out->data, v;
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        if (mn_time_parse(s.ptr, s.len, &v, NULL) || mn_fn_round_micros(v, p, &v))
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Value cannot be cast to time: %.*s",
                                (int)(s.len > 200 ? 200 : s.len), s.ptr);
        r[i] = mn_floor_mod(v, DAY);
    }
    return 0;
}

static int cast_string_tstz(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int p = out->type.precision;
    mn_i128 *r = out->data, v;
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        size_t zs = 0, zl = 0;
        int rc = mn_tstz_parse(s.ptr, s.len, &v, NULL, &zs, &zl);
        if (rc == -2) {
            mn_str z = {s.ptr + zs, (uint32_t)zl};
            return zone_error(ctx->err, (mn_pos){0, 0}, z);
        }
        int64_t t;
        if (rc < 0 || mn_fn_round_micros(rc == 1 ? (int64_t)v : mn_tstz_micros(v), p, &t))
            return mn_error_set(ctx->err, MN_ERR_INVALID_CAST, "Value cannot be cast to timestamp: %.*s",
                                (int)(s.len > 200 ? 200 : s.len), s.ptr);
        /* no zone in the text: the local time in the session zone */
        r[i] = rc == 1 ? mn_tstz_pack(mn_tz_local_to_utc(SESSION_ZONE, t), SESSION_ZONE)
                       : mn_tstz_pack(t, mn_tstz_zone(v));
    }
    return 0;
}

/* time(p) -> time(q), timestamp -> time, timestamp with time zone -> time (local) */
static int cast_to_time(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int p = out->type.precision;
    bool tz = args[0]->type.id == MN_T_TIMESTAMP_TZ;
    int64_t *r = out->data, v;
    EACH_ROW(i) {
        v = tz ? local_of(tstz_at(args[0], i)) : MN_SLOT(args[0], int64_t, i);
        if (mn_fn_round_micros(v, p, &v)) return range_error(ctx);
        r[i] = mn_floor_mod(v, DAY);
    }
    return 0;
}

/* date, timestamp(p) -> timestamp(q) with time zone: local time in the session zone */
static int cast_to_tstz(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int p = out->type.precision;
    mn_type ft = args[0]->type;
    mn_i128 *r = out->data;
    EACH_ROW(i) {
        int64_t v;
        if (ft.id == MN_T_DATE) {
            if (__builtin_mul_overflow((int64_t)MN_SLOT(args[0], int32_t, i), DAY, &v)) return range_error(ctx);
        } else if (ft.id == MN_T_TIMESTAMP_TZ) {
            mn_i128 x = tstz_at(args[0], i);
            if (mn_fn_round_micros(mn_tstz_micros(x), p, &v)) return range_error(ctx);
            r[i] = mn_tstz_pack(v, mn_tstz_zone(x));
            continue;
        } else if (mn_fn_round_micros(MN_SLOT(args[0], int64_t, i), p, &v)) {
            return range_error(ctx);
        }
        r[i] = mn_tstz_pack(mn_tz_local_to_utc(SESSION_ZONE, v), SESSION_ZONE);
    }
    return 0;
}

/* timestamp with time zone -> timestamp(p) / date: the local wall time */
static int cast_tstz_local(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    bool date = out->type.id == MN_T_DATE;
    int p = out->type.precision;
    EACH_ROW(i) {
        int64_t v = local_of(tstz_at(args[0], i));
        if (date) {
            ((int32_t *)out->data)[i] = (int32_t)mn_floor_div(v, DAY);
        } else if (mn_fn_round_micros(v, p, &((int64_t *)out->data)[i])) {
            return range_error(ctx);
        }
    }
    return 0;
}

mn_scalar_impl mn_fn_tz_cast_impl(mn_type from, mn_type to) {
    if (to.id == MN_T_TIME) {
        if (mn_type_is_string(from)) return cast_string_time;
        if (from.id == MN_T_TIME || from.id == MN_T_TIMESTAMP || from.id == MN_T_TIMESTAMP_TZ) return cast_to_time;
        return NULL;
    }
    if (to.id == MN_T_TIMESTAMP_TZ) {
        if (mn_type_is_string(from)) return cast_string_tstz;
        if (from.id == MN_T_DATE || from.id == MN_T_TIMESTAMP || from.id == MN_T_TIMESTAMP_TZ) return cast_to_tstz;
        return NULL;
    }
    if (from.id == MN_T_TIMESTAMP_TZ && (to.id == MN_T_TIMESTAMP || to.id == MN_T_DATE)) return cast_tstz_local;
    return NULL;
}

/* ---------- zone arguments ---------- */

/* bind_data = zone key + 1 when the zone argument (the last one) is a constant string. */
static int bind_zone(mn_fn_binding *b, mn_error *err) {
    const mn_expr *z = b->args[b->nargs - 1];
    if (z->kind != MN_EXPR_CONST || z->value.is_null || !mn_type_is_string(z->value.type)) return 0;
    int key;
    if (mn_tz_lookup(z->value.u.s.ptr, z->value.u.s.len, &key)) return zone_error(err, b->pos, z->value.u.s);
    b->bind_data = (void *)(intptr_t)(key + 1);
    return 0;
}

static int zone_at(mn_fn_ctx *ctx, const mn_vector *v, int i, int *key) {
    if (ctx->bind_data) {
        *key = (int)(intptr_t)ctx->bind_data - 1;
        return 0;
    }
    mn_str s = MN_SLOT(v, mn_str, i);
    if (mn_tz_lookup(s.ptr, s.len, key)) return zone_error(ctx->err, (mn_pos){0, 0}, s);
    return 0;
}

/* An interval day to second as a fixed-offset zone (whole minutes, within +-14:00). */
static int interval_zone(mn_fn_ctx *ctx, int64_t micros, int *key) {
    int64_t minute = 60 * MN_MICROS_PER_SECOND;
    if (micros % minute != 0 || mn_tz_key_for_offset((int)(micros / minute), key))
        return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Invalid time zone offset interval: %lld minutes",
                            (long long)(micros / minute));
    return 0;
}

/* at_timezone(tstz, zone): the same instant shown in another zone (AT TIME ZONE) */
static int fn_at_timezone(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    bool iv = args[1]->type.id == MN_T_INTERVAL_DS;
    mn_i128 *r = out->data;
    EACH_ROW(i) {
        int key;
        if (iv ? interval_zone(ctx, MN_SLOT(args[1], int64_t, i), &key) : zone_at(ctx, args[1], i, &key)) return -1;
        r[i] = mn_tstz_pack(mn_tstz_micros(tstz_at(args[0], i)), key);
    }
    return 0;
}

/* with_timezone(timestamp, zone): the local time read in the zone */
static int fn_with_timezone(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    mn_i128 *r = out->data;
    EACH_ROW(i) {
        int key;
        if (zone_at(ctx, args[1], i, &key)) return -1;
        r[i] = mn_tstz_pack(mn_tz_local_to_utc(key, MN_SLOT(args[0], int64_t, i)), key);
    }
    return 0;
}

static int bind_with_timezone(mn_fn_binding *b, mn_error *err) {
    b->ret = b->args[0]->type;
    b->ret.id = MN_T_TIMESTAMP_TZ;
    return bind_zone(b, err);
}

/* seconds (double) -> UTC microseconds, rounded to milliseconds as Trino */
static int unix_micros(mn_fn_ctx *ctx, double s, int64_t *out) {
    double ms = floor(s * 1000.0 + 0.5);
    if (!(ms >= -9.2e15 && ms <= 9.2e15))
        return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Value out of range for from_unixtime");
    *out = (int64_t)ms * 1000;
    return 0;
}

static int fn_from_unixtime_zone(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(nargs);
    mn_i128 *r = out->data;
    EACH_ROW(i) {
        int key;
        int64_t us = 0;
        if (unix_micros(ctx, MN_SLOT(args[0], double, i), &us)) return -1;
        if (nargs == 2) {
            if (zone_at(ctx, args[1], i, &key)) return -1;
        } else {
            int64_t h = MN_SLOT(args[1], int64_t, i), m = MN_SLOT(args[2], int64_t, i);
            if (h < -14 || h > 14 || m < -59 || m > 59 || mn_tz_key_for_offset((int)(h * 60 + m), &key))
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Invalid offset minutes %lld",
                                    (long long)(h * 60 + m));
        }
        r[i] = mn_tstz_pack(us, key);
    }
    return 0;
}

/* timezone_hour / timezone_minute: the offset in effect at the instant */
static int fn_timezone_field(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    bool hour = ctx->bind_data != NULL;
    int64_t *r = out->data;
    EACH_ROW(i) {
        mn_i128 x = tstz_at(args[0], i);
        int32_t off = mn_tz_offset_at(mn_tstz_zone(x), mn_floor_div(mn_tstz_micros(x), MN_MICROS_PER_SECOND));
        r[i] = hour ? off / 3600 : off / 60 % 60;
    }
    return 0;
}

static int bind_timezone_hour(mn_fn_binding *b, mn_error *err) {
    b->bind_data = (void *)1;
    return 0;
}

static int fn_current_timezone(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    if (mn_vector_prepare_const(out, ctx->err)) return -1;
    char buf[MN_TZ_NAME_MAX + 1];
    size_t n = mn_tz_name(SESSION_ZONE, buf);
    char *p = mn_fn_str_alloc(ctx, out, n);
    if (!p) return -1;
    memcpy(p, buf, n);
    ((mn_str *)out->data)[0] = (mn_str){p, (uint32_t)n};
    return 0;
}

/* ---------- ISO 8601 ---------- */

/* Joda's ISO parser: yyyy[-MM[-dd]][Thh[:mm[:ss[.fff]]]][Z|+hh[:mm]]; -1 when malformed.
 * *has_zone tells whether an offset was written (else the session zone applies). */
static int iso_parse(const char *s, size_t n, bool date_only, int64_t *local, int *zone, bool *has_zone) {
    size_t i = 0;
    int64_t v[7] = {0, 1, 1, 0, 0, 0, 0};
    static const char seps[] = {0, '-', '-', 'T', ':', ':', '.'};
    int k = 0;
    *has_zone = false;
    for (k = 0; k < 7; k++) {
        if (k > 0) {
            if (i >= n || s[i] != seps[k]) break;
            if (date_only && k >= 3) return -1;
            i++;
        }
        int want = k == 0 ? 4 : k == 6 ? 9 : 2, got = 0;
        int64_t x = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && got < want) x = x * 10 + (s[i++] - '0'), got++;
        if (k == 6) {
            if (got == 0) return -1;
            for (int d = got; d < 6; d++) x *= 10;
            for (int d = 6; d < got; d++) x /= 10;
        } else if (got != want) {
            return -1;
        }
        v[k] = x;
    }
    if (k < 7 && k == 3 && i < n && s[i] == 'T') return -1;
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > mn_days_in_month(v[0], (int)v[1]) || v[3] > 24 || v[4] > 59 ||
        v[5] > 59 || (v[3] == 24 && (v[4] || v[5] || v[6])))
        return -1;
    *local = (int64_t)mn_days_from_civil(v[0], (int)v[1], (int)v[2]) * DAY + v[3] * 3600 * MN_MICROS_PER_SECOND +
             v[4] * 60 * MN_MICROS_PER_SECOND + v[5] * MN_MICROS_PER_SECOND + v[6];
    if (i == n) return 0;
    if (date_only || k < 4) return -1;
    if (s[i] == 'Z' && i + 1 == n) {
        *zone = MN_TZ_UTC;
        *has_zone = true;
        return 0;
    }
    if (s[i] != '+' && s[i] != '-') return -1;
    if (mn_tz_lookup(s + i, n - i, zone)) return -1;
    *has_zone = true;
    return 0;
}

static int iso_error(mn_fn_ctx *ctx, mn_str s) {
    return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Invalid format: \"%.*s\"", (int)(s.len > 200 ? 200 : s.len),
                        s.ptr);
}

static int fn_from_iso8601_timestamp(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_i128 *r = out->data;
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        int64_t local = 0, t = 0;
        int zone = SESSION_ZONE;
        bool has_zone;
        if (iso_parse(s.ptr, s.len, false, &local, &zone, &has_zone) ||
            mn_fn_round_micros(local, out->type.precision, &t))
            return iso_error(ctx, s);
        r[i] = mn_tstz_pack(mn_tz_local_to_utc(zone, t), zone);
    }
    return 0;
}

static int fn_from_iso8601_date(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int32_t *r = out->data;
    EACH_ROW(i) {
        mn_str s = MN_SLOT(args[0], mn_str, i);
        int64_t local;
        int zone;
        bool has_zone;
        if (iso_parse(s.ptr, s.len, true, &local, &zone, &has_zone)) return iso_error(ctx, s);
        r[i] = (int32_t)mn_floor_div(local, DAY);
    }
    return 0;
}

/* to_iso8601(timestamp with time zone): 2020-01-01T10:00:00.000-05:00 (Z for UTC) */
static int fn_to_iso8601_tz(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    mn_str *r = out->data;
    EACH_ROW(i) {
        mn_i128 x = tstz_at(args[0], i);
        char buf[128];
        size_t n = mn_timestamp_format(local_of(x), args[0]->type.precision, buf);
        char *sp = memchr(buf, ' ', n);
        if (sp) *sp = 'T';
        int32_t off = mn_tz_offset_at(mn_tstz_zone(x), mn_floor_div(mn_tstz_micros(x), MN_MICROS_PER_SECOND));
        if (off == 0 && mn_tstz_zone(x) == MN_TZ_UTC) {
            buf[n++] = 'Z';
        } else {
            int a = off < 0 ? -off : off;
            n += (size_t)sprintf(buf + n, "%c%02d:%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
        }
        char *p = mn_fn_str_alloc(ctx, out, n);
        if (!p) return -1;
        memcpy(p, buf, n);
        r[i] = (mn_str){p, (uint32_t)n};
    }
    return 0;
}

/* ---------- arithmetic ---------- */

/* A time or timestamp with time zone (argument v) plus sign * an interval (the other
 * argument): day-to-second intervals move the instant (a time wraps around the day),
 * year-to-month intervals move the local date (day clamped to the month's end). */
static int temporal_plus(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int v, int sign) {
    PROLOGUE(2);
    const mn_vector *a = args[v], *iv = args[1 - v];
    bool ym = iv->type.id == MN_T_INTERVAL_YM, time = a->type.id == MN_T_TIME;
    EACH_ROW(i) {
        int64_t r;
        if (time) {
            int64_t d = MN_SLOT(iv, int64_t, i) % DAY;
            ((int64_t *)out->data)[i] = mn_floor_mod(MN_SLOT(a, int64_t, i) + sign * d, DAY);
            continue;
        }
        mn_i128 x = tstz_at(a, i);
        int zone = mn_tstz_zone(x);
        if (ym) {
            if (mn_timestamp_add_months_checked(local_of(x), (int64_t)sign * MN_SLOT(iv, int32_t, i), &r))
                return range_error(ctx);
            r = mn_tz_local_to_utc(zone, r);
        } else {
            int64_t d = MN_SLOT(iv, int64_t, i), t = mn_tstz_micros(x);
            if (sign < 0 ? __builtin_sub_overflow(t, d, &r) : __builtin_add_overflow(t, d, &r)) return range_error(ctx);
        }
        ((mn_i128 *)out->data)[i] = mn_tstz_pack(r, zone);
    }
    return 0;
}
static int t_plus_iv(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return temporal_plus(c, a, k, o, 0, 1); }
static int iv_plus_t(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return temporal_plus(c, a, k, o, 1, 1); }
static int t_minus_iv(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return temporal_plus(c, a, k, o, 0, -1); }

/* tstz - tstz and time - time: the interval between them */
static int temporal_minus(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(2);
    bool time = args[0]->type.id == MN_T_TIME;
    int64_t *r = out->data;
    EACH_ROW(i) {
        int64_t x = time ? MN_SLOT(args[0], int64_t, i) : mn_tstz_micros(tstz_at(args[0], i));
        int64_t y = time ? MN_SLOT(args[1], int64_t, i) : mn_tstz_micros(tstz_at(args[1], i));
        if (__builtin_sub_overflow(x, y, &r[i])) return range_error(ctx);
    }
    return 0;
}

/* to_milliseconds(interval day to second): whole milliseconds (truncated toward zero) */
static int fn_to_milliseconds(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    PROLOGUE(1);
    int64_t *r = out->data;
    EACH_ROW(i) r[i] = MN_SLOT(args[0], int64_t, i) / 1000;
    return 0;
}

/* date(timestamp with time zone) and friends are casts */
static int bind_cast_date(mn_fn_binding *b, mn_error *err) {
    b->impl = cast_tstz_local;
    return 0;
}

#define OPR MN_FN_OPERATOR
#define TZ "timestamp with time zone"
#define DS "interval day to second"
#define YM "interval year to month"

const mn_fn_entry mn_fn_datetime_tz_table[] = {
    {"+", TZ "," DS, "$0", t_plus_iv, NULL, "Instant plus an interval", OPR, NULL},
    {"+", DS "," TZ, "$1", iv_plus_t, NULL, "Instant plus an interval", OPR, NULL},
    {"+", TZ "," YM, "$0", t_plus_iv, NULL, "Local date plus months", OPR, NULL},
    {"+", YM "," TZ, "$1", iv_plus_t, NULL, "Local date plus months", OPR, NULL},
    {"+", "time," DS, "$0", t_plus_iv, NULL, "Time of day plus an interval (wraps around)", OPR, NULL},
    {"+", DS ",time", "$1", iv_plus_t, NULL, "Time of day plus an interval (wraps around)", OPR, NULL},
    {"-", TZ "," DS, "$0", t_minus_iv, NULL, "Instant minus an interval", OPR, NULL},
    {"-", TZ "," YM, "$0", t_minus_iv, NULL, "Local date minus months", OPR, NULL},
    {"-", "time," DS, "$0", t_minus_iv, NULL, "Time of day minus an interval (wraps around)", OPR, NULL},
    {"-", TZ "," TZ, DS, temporal_minus, NULL, "Time between two instants", OPR, NULL},
    {"-", "time,time", DS, temporal_minus, NULL, "Time between two times of day", OPR, NULL},
    {"at_timezone", "timestamp with time zone,varchar", "$0", fn_at_timezone, bind_zone,
     "The same instant in another zone (x AT TIME ZONE zone)", 0, NULL},
    {"at_timezone", "timestamp with time zone,interval day to second", "$0", fn_at_timezone, NULL,
     "The same instant at a fixed offset (x AT TIME ZONE INTERVAL ...)", 0, NULL},
    {"with_timezone", "timestamp,varchar", "=timestamp(p) with time zone", fn_with_timezone, bind_with_timezone,
     "The local timestamp read in a zone", 0, NULL},
    {"from_unixtime", "double,varchar", "timestamp(3) with time zone", fn_from_unixtime_zone, bind_zone,
     "Instant of a unix time in seconds, shown in a zone", 0, NULL},
    {"from_unixtime", "double,bigint,bigint", "timestamp(3) with time zone", fn_from_unixtime_zone, NULL,
     "Instant of a unix time in seconds, at an offset of hours and minutes", 0, NULL},
    {"timezone_hour", "timestamp with time zone", "bigint", fn_timezone_field, bind_timezone_hour,
     "Hours of the zone's offset at the instant", 0, NULL},
    {"timezone_minute", "timestamp with time zone", "bigint", fn_timezone_field, NULL,
     "Minutes of the zone's offset at the instant", 0, NULL},
    {"current_timezone", "", "varchar", fn_current_timezone, NULL, "The session time zone (UTC)", 0, NULL},
    {"from_iso8601_timestamp", "varchar", "timestamp(3) with time zone", fn_from_iso8601_timestamp, NULL,
     "Parses an ISO 8601 timestamp (session zone when it has no offset)", 0, NULL},
    {"from_iso8601_timestamp_nanos", "varchar", "timestamp(6) with time zone", fn_from_iso8601_timestamp, NULL,
     "from_iso8601_timestamp keeping microseconds (Minerva stores no nanoseconds)", 0, NULL},
    {"from_iso8601_date", "varchar", "date", fn_from_iso8601_date, NULL, "Parses an ISO 8601 date", 0, NULL},
    {"to_iso8601", "timestamp with time zone", "varchar", fn_to_iso8601_tz, NULL,
     "ISO 8601 text of a timestamp with time zone", 0, NULL},
    {"to_milliseconds", DS, "bigint", fn_to_milliseconds, NULL, "Length of the interval in milliseconds", 0, NULL},
    {"date", "timestamp with time zone", "date", NULL, bind_cast_date, "CAST(x AS date): the local date", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
