/* datetime_format.c — date_format(timestamp, format) and date_parse(string, format) with
 * MySQL-style specifiers as Trino implements them (through Joda): %Y %y %m %c %d %e %H %k
 * %h %I %l %i %S %s %f %p %T %r %j %a %W %b %M %v %x %%; %D %U %u %V %w %X are rejected.
 * Printing pads numbers to their width; parsing accepts 1..width digits per field
 * (years up to 9), like Joda does for non-adjacent fields. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "function/fn_internal.h"
#include "types/datetime.h"
#include "types/timezone.h"

static const char *const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};
static const char *const day_names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

static int unsupported(mn_error *err, char c) {
    return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "%%%c not supported in date format string", c);
}

/* ---------- formatting ---------- */

typedef struct {
    char *p;
    size_t len, cap;
} obuf;

static void put(obuf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n && b->len < b->cap; i++) b->p[b->len++] = s[i];
}
static void putf(obuf *b, const char *fmt, long long v) {
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, fmt, v);
    if (n > 0) put(b, tmp, (size_t)n);
}

/* Formats micros per fmt into b (capacity-bounded). Returns -1 with err for bad specifiers. */
static int format_ts(int64_t micros, mn_str fmt, obuf *b, mn_error *err) {
    int64_t days = mn_floor_div(micros, MN_MICROS_PER_DAY), tod = mn_fn_mod(micros, MN_MICROS_PER_DAY);
    int64_t y;
    int m, d;
    mn_civil_from_days((int32_t)days, &y, &m, &d);
    int hour = (int)(tod / (3600 * MN_MICROS_PER_SECOND)), min = (int)(tod / (60 * MN_MICROS_PER_SECOND) % 60);
    int sec = (int)(tod / MN_MICROS_PER_SECOND % 60), millis = (int)(tod / 1000 % 1000);
    int dow = (int)mn_floor_mod(days + 3, 7); /* 0 = Monday */
    int h12 = hour % 12 == 0 ? 12 : hour % 12;
    for (uint32_t i = 0; i < fmt.len; i++) {
        char c = fmt.ptr[i];
        if (c != '%') {
            put(b, &c, 1);
            continue;
        }
        if (i + 1 == fmt.len) break; /* a trailing lone '%' prints nothing (Joda builder) */
        c = fmt.ptr[++i];
        switch (c) {
        case 'a': put(b, day_names[dow], 3); break;
        case 'W': put(b, day_names[dow], strlen(day_names[dow])); break;
        case 'b': put(b, month_names[m - 1], 3); break;
        case 'M': put(b, month_names[m - 1], strlen(month_names[m - 1])); break;
        case 'c': putf(b, "%lld", m); break;
        case 'm': putf(b, "%02lld", m); break;
        case 'd': putf(b, "%02lld", d); break;
        case 'e': putf(b, "%lld", d); break;
        case 'f': putf(b, "%06lld", (long long)millis * 1000); break;
        case 'H': putf(b, "%02lld", hour); break;
        case 'k': putf(b, "%lld", hour); break;
        case 'h':
        case 'I': putf(b, "%02lld", h12); break;
        case 'l': putf(b, "%lld", h12); break;
        case 'i': putf(b, "%02lld", min); break;
        case 'j': putf(b, "%03lld", mn_date_extract((int32_t)days, MN_DT_DAY_OF_YEAR)); break;
        case 'p': put(b, hour < 12 ? "AM" : "PM", 2); break;
        case 'r':
            putf(b, "%02lld", h12);
            putf(b, ":%02lld", min);
            putf(b, ":%02lld", sec);
            put(b, hour < 12 ? " AM" : " PM", 3);
            break;
        case 'S':
        case 's': putf(b, "%02lld", sec); break;
        case 'T':
            putf(b, "%02lld", hour);
            putf(b, ":%02lld", min);
            putf(b, ":%02lld", sec);
            break;
        case 'v': putf(b, "%02lld", mn_date_extract((int32_t)days, MN_DT_WEEK)); break;
        case 'x': putf(b, "%04lld", mn_date_extract((int32_t)days, MN_DT_YEAR_OF_WEEK)); break;
        case 'Y': putf(b, y < 0 ? "%05lld" : "%04lld", y); break;
        case 'y': putf(b, "%02lld", (long long)mn_floor_mod(y, 100)); break;
        case 'U':
        case 'u':
        case 'V':
        case 'w':
        case 'X':
        case 'D': return unsupported(err, c);
        default: put(b, &c, 1); break; /* %% and %x for unlisted x */
        }
    }
    return 0;
}

static int fn_date_format(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    mn_str *r = out->data;
    MN_FN_EACH_ROW(i) {
        int64_t v;
        if (args[0]->type.id == MN_T_TIMESTAMP_TZ) { /* the local wall time */
            mn_i128 x = MN_SLOT(args[0], mn_i128, i);
            v = mn_tz_utc_to_local(mn_tstz_zone(x), mn_tstz_micros(x));
        } else {
            v = MN_SLOT(args[0], int64_t, i);
        }
        mn_str f = MN_SLOT(args[1], mn_str, i);
        size_t cap = (size_t)f.len * 10 + 16; /* the widest expansion is %W/%M: at most 9 bytes per 2 */
        char *p = mn_fn_str_alloc(ctx, out, cap);
        if (!p) return -1;
        obuf b = {p, 0, cap};
        if (format_ts(v, f, &b, ctx->err)) return -1;
        r[i].ptr = p;
        r[i].len = (uint32_t)b.len;
    }
    return 0;
}

/* ---------- parsing ---------- */

typedef struct {
    const char *s;
    size_t n, i;
} cur;

static bool read_num(cur *c, int max_digits, int64_t *out) {
    size_t st = c->i;
    int64_t v = 0;
    bool neg = false;
    if (max_digits >= 9 && c->i < c->n && (c->s[c->i] == '-' || c->s[c->i] == '+')) neg = c->s[c->i++] == '-';
    size_t digits_from = c->i;
    while (c->i < c->n && c->i - digits_from < (size_t)max_digits && c->s[c->i] >= '0' && c->s[c->i] <= '9')
        v = v * 10 + (c->s[c->i++] - '0');
    if (c->i == digits_from) {
        c->i = st;
        return false;
    }
    *out = neg ? -v : v;
    return true;
}

/* Matches one of names (full, or 3-letter abbreviations when abbr), case-insensitively. */
static int read_name(cur *c, const char *const *names, int count, bool abbr) {
    for (int k = 0; k < count; k++) {
        size_t len = abbr ? 3 : strlen(names[k]);
        if (c->n - c->i >= len && strncasecmp(c->s + c->i, names[k], len) == 0) {
            c->i += len;
            return k;
        }
    }
    return -1;
}

typedef struct {
    int64_t year, month, day, hour, minute, second, micros, doy;
    int pm; /* -1 none, 0 AM, 1 PM */
    bool h12, has_doy;
    int64_t weekyear, week; /* %x, %v (ISO week-based year and week) */
    bool has_week;
} fields;

static int parse_error(mn_error *err, mn_str s, size_t at) {
    int n = (int)(s.len > 200 ? 200 : s.len);
    if (at >= s.len)
        return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Invalid format: \"%.*s\" is too short", n, s.ptr);
    if (at == 0) return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Invalid format: \"%.*s\"", n, s.ptr);
    return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Invalid format: \"%.*s\" is malformed at \"%.*s\"", n, s.ptr,
                        (int)(s.len - at > 100 ? 100 : s.len - at), s.ptr + at);
}

static int range_error(mn_error *err, mn_str s, int64_t v, const char *field, int lo, int hi) {
    return mn_error_set(err, MN_ERR_INVALID_ARGUMENT,
                        "Cannot parse \"%.*s\": Value %lld for %s must be in the range [%d,%d]",
                        (int)(s.len > 200 ? 200 : s.len), s.ptr, (long long)v, field, lo, hi);
}

static int parse_ts(mn_str s, mn_str fmt, int64_t *out, mn_error *err) {
    fields f = {1970, 1, 1, 0, 0, 0, 0, 0, -1, false, false, 1970, 1, false};
    cur c = {s.ptr, s.len, 0};
    for (uint32_t i = 0; i < fmt.len; i++) {
        char ch = fmt.ptr[i];
        if (ch != '%') {
            if (c.i >= c.n || c.s[c.i] != ch) return parse_error(err, s, c.i);
            c.i++;
            continue;
        }
        if (i + 1 == fmt.len) break; /* a trailing lone '%' matches nothing */
        ch = fmt.ptr[++i];
        int64_t v = 0;
        bool ok = true;
        switch (ch) {
        case 'Y': ok = read_num(&c, 9, &f.year); break;
        case 'y':
            ok = read_num(&c, 2, &v);
            f.year = v + (v < 70 ? 2000 : 1900); /* Joda's two-digit pivot around 2020: 1970..2069 */
            break;
        case 'm':
        case 'c': ok = read_num(&c, 2, &f.month); break;
        case 'd':
        case 'e': ok = read_num(&c, 2, &f.day); break;
        case 'H':
        case 'k': ok = read_num(&c, 2, &f.hour); break;
        case 'h':
        case 'I':
        case 'l':
            ok = read_num(&c, 2, &f.hour);
            f.h12 = true;
            break;
        case 'i': ok = read_num(&c, 2, &f.minute); break;
        case 'S':
        case 's': ok = read_num(&c, 2, &f.second); break;
        case 'f': {
            size_t st = c.i;
            ok = read_num(&c, 9, &v);
            if (ok) {
                size_t nd = c.i - st;
                while (nd < 6) v *= 10, nd++;
                while (nd > 6) v /= 10, nd--;
                f.micros = v;
            }
            break;
        }
        case 'j':
            ok = read_num(&c, 3, &f.doy);
            f.has_doy = true;
            break;
        case 'p': {
            static const char *const ampm[] = {"AM", "PM"};
            int k = read_name(&c, ampm, 2, false);
            ok = k >= 0;
            f.pm = k;
            break;
        }
        case 'M':
        case 'b': {
            int k = read_name(&c, month_names, 12, ch == 'b');
            ok = k >= 0;
            f.month = k + 1;
            break;
        }
        case 'W':
        case 'a': ok = read_name(&c, day_names, 7, ch == 'a') >= 0; break; /* checked by Joda only loosely */
        case 'T':
            ok = read_num(&c, 2, &f.hour) && c.i < c.n && c.s[c.i++] == ':' && read_num(&c, 2, &f.minute) &&
                 c.i < c.n && c.s[c.i++] == ':' && read_num(&c, 2, &f.second);
            break;
        case 'r': {
            static const char *const ampm[] = {"AM", "PM"};
            ok = read_num(&c, 2, &f.hour) && c.i < c.n && c.s[c.i++] == ':' && read_num(&c, 2, &f.minute) &&
                 c.i < c.n && c.s[c.i++] == ':' && read_num(&c, 2, &f.second) && c.i < c.n && c.s[c.i++] == ' ';
            if (ok) {
                f.pm = read_name(&c, ampm, 2, false);
                ok = f.pm >= 0;
            }
            f.h12 = true;
            break;
        }
        case 'x': /* Joda's xxxx: the week-based year */
            ok = read_num(&c, 4, &f.weekyear);
            f.has_week = true;
            break;
        case 'v': /* Joda's ww: the ISO week */
            ok = read_num(&c, 2, &f.week);
            f.has_week = true;
            break;
        case 'D':
        case 'U':
        case 'u':
        case 'V':
        case 'w':
        case 'X': return unsupported(err, ch);
        default:
            if (c.i >= c.n || c.s[c.i] != ch) ok = false;
            else c.i++;
            break;
        }
        if (!ok) return parse_error(err, s, c.i);
    }
    if (c.i != c.n) return parse_error(err, s, c.i);
    if (f.h12) {
        if (f.hour < 1 || f.hour > 12) return range_error(err, s, f.hour, "clockhourOfHalfday", 1, 12);
        f.hour %= 12;
        if (f.pm == 1) f.hour += 12;
    } else if (f.pm == 1 && f.hour < 12) {
        f.hour += 12;
    }
    if (f.month < 1 || f.month > 12) return range_error(err, s, f.month, "monthOfYear", 1, 12);
    if (f.hour > 23) return range_error(err, s, f.hour, "hourOfDay", 0, 23);
    if (f.minute > 59) return range_error(err, s, f.minute, "minuteOfHour", 0, 59);
    if (f.second > 59) return range_error(err, s, f.second, "secondOfMinute", 0, 59);
    if (f.year < -292275054 || f.year > 292278993) return range_error(err, s, f.year, "year", -292275054, 292278993);
    int64_t days;
    if (f.has_week) {
        /* Joda sets the week-based year, then the week, on 1970-01-01 (a Thursday): the
         * Thursday of that ISO week */
        if (f.week < 1 || f.week > 53) return range_error(err, s, f.week, "weekOfWeekyear", 1, 53);
        int64_t jan4 = mn_days_from_civil(f.weekyear, 1, 4);
        days = jan4 - mn_floor_mod(jan4 + 3, 7) + (f.week - 1) * 7 + 3;
    } else if (f.has_doy) {
        int max = mn_days_in_month(f.year, 2) == 29 ? 366 : 365;
        if (f.doy < 1 || f.doy > max) return range_error(err, s, f.doy, "dayOfYear", 1, max);
        days = (int64_t)mn_days_from_civil(f.year, 1, 1) + f.doy - 1;
    } else {
        int dim = mn_days_in_month(f.year, (int)f.month);
        if (f.day < 1 || f.day > dim) return range_error(err, s, f.day, "dayOfMonth", 1, dim);
        days = mn_days_from_civil(f.year, (int)f.month, (int)f.day);
    }
    int64_t tod = ((f.hour * 60 + f.minute) * 60 + f.second) * MN_MICROS_PER_SECOND + f.micros;
    if (__builtin_mul_overflow(days, MN_MICROS_PER_DAY, out) || __builtin_add_overflow(*out, tod, out))
        return range_error(err, s, f.year, "year", -292275054, 292278993);
    if (mn_fn_floor_to(*out, 1000, out)) /* timestamp(3) */
        return range_error(err, s, f.year, "year", -292275054, 292278993);
    return 0;
}

static int fn_date_parse(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    int64_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        if (parse_ts(MN_SLOT(args[0], mn_str, i), MN_SLOT(args[1], mn_str, i), &r[i], ctx->err)) return -1;
    }
    return 0;
}

/* to_iso8601: "2020-01-02" for dates, "2020-01-02T03:04:05.678" for timestamps */
static int fn_to_iso8601(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    bool is_date = args[0]->type.id == MN_T_DATE;
    int prec = args[0]->type.precision;
    mn_str *r = out->data;
    MN_FN_EACH_ROW(i) {
        char buf[48];
        size_t n = is_date ? mn_date_format(MN_SLOT(args[0], int32_t, i), buf)
                           : mn_timestamp_format(MN_SLOT(args[0], int64_t, i), prec, buf);
        if (!is_date) {
            char *sp = memchr(buf, ' ', n);
            if (sp) *sp = 'T';
        }
        char *p = mn_fn_str_alloc(ctx, out, n);
        if (!p) return -1;
        memcpy(p, buf, n);
        r[i].ptr = p;
        r[i].len = (uint32_t)n;
    }
    return 0;
}

const mn_fn_entry mn_fn_datetime_format_table[] = {
    {"date_format", "timestamp,varchar", "varchar", fn_date_format, NULL, "Formats with MySQL-style specifiers", 0,
     NULL},
    {"date_format", "timestamp with time zone,varchar", "varchar", fn_date_format, NULL,
     "Formats the local time with MySQL-style specifiers", 0, NULL},
    {"date_parse", "varchar,varchar", "timestamp(3)", fn_date_parse, NULL, "Parses with MySQL-style specifiers", 0,
     NULL},
    {"to_iso8601", "date", "varchar", fn_to_iso8601, NULL, "ISO 8601 text of a date", 0, NULL},
    {"to_iso8601", "timestamp", "varchar", fn_to_iso8601, NULL, "ISO 8601 text of a timestamp", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
