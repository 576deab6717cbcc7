/* datetime.c — proleptic Gregorian calendar math (days <-> civil, valid for the whole
 * int32 day range), Trino-compatible parsing/formatting of DATE, TIMESTAMP and
 * INTERVAL values, month arithmetic and field extraction. All integer math is done in
 * int64 with explicit range checks, so hostile input cannot overflow. */
#include "types/datetime.h"
#include "types/timezone.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MICROS_PER_MILLI INT64_C(1000)
#define MICROS_PER_MINUTE (INT64_C(60) * MN_MICROS_PER_SECOND)
#define MICROS_PER_HOUR (INT64_C(60) * MICROS_PER_MINUTE)

/* Howard Hinnant's days_from_civil, in int64 (no overflow for any |y| < 2^40). */
static int64_t days_from_civil64(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days64(int64_t z, int64_t *y, int *m, int *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int32_t mn_days_from_civil(int64_t y, int m, int d) {
    int64_t v = days_from_civil64(y, m, d);
    if (v > INT32_MAX) return INT32_MAX;
    if (v < INT32_MIN) return INT32_MIN;
    return (int32_t)v;
}

void mn_civil_from_days(int32_t days, int64_t *y, int *m, int *d) { civil_from_days64(days, y, m, d); }

static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int mn_days_in_month(int64_t y, int m) {
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* ---- parsing helpers ---------------------------------------------------------------- */

static bool is_space(char c) { return (unsigned char)c <= ' '; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static void trim(const char **s, size_t *n) {
    while (*n > 0 && is_space((*s)[0])) (*s)++, (*n)--;
    while (*n > 0 && is_space((*s)[*n - 1])) (*n)--;
}

/* Reads min..max digits at *i; returns false when fewer than min. */
static bool read_digits(const char *s, size_t n, size_t *i, int min, int max, int64_t *out) {
    int64_t v = 0;
    int k = 0;
    while (*i < n && k < max && is_digit(s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++, k++;
    }
    if (k < min) return false;
    *out = v;
    return true;
}

/* "[+-]Y{1,7}-M{1,2}-D{1,2}" at *i; validates the calendar and the int32 day range. */
static bool scan_date(const char *s, size_t n, size_t *i, int64_t *days) {
    bool neg = false;
    int64_t y, m, d;
    if (*i < n && (s[*i] == '+' || s[*i] == '-')) neg = s[(*i)++] == '-';
    if (!read_digits(s, n, i, 1, 7, &y)) return false;
    if (*i >= n || s[*i] != '-') return false;
    (*i)++;
    if (!read_digits(s, n, i, 1, 2, &m)) return false;
    if (*i >= n || s[*i] != '-') return false;
    (*i)++;
    if (!read_digits(s, n, i, 1, 2, &d)) return false;
    if (neg) y = -y;
    if (m < 1 || m > 12 || d < 1 || d > mn_days_in_month(y, (int)m)) return false;
    int64_t v = days_from_civil64(y, (int)m, (int)d);
    if (v < INT32_MIN || v > INT32_MAX) return false;
    *days = v;
    return true;
}

int mn_date_parse(const char *s, size_t n, int32_t *days) {
    size_t i = 0;
    int64_t v;
    if (!s) return -1;
    trim(&s, &n);
    if (!scan_date(s, n, &i, &v) || i != n) return -1;
    *days = (int32_t)v;
    return 0;
}

/* java.time's year rendering: at least 4 digits, '-' when negative, '+' above 9999. */
static size_t format_year(int64_t y, char *buf) {
    if (y > 9999) return (size_t)sprintf(buf, "+%lld", (long long)y);
    if (y < 0) return (size_t)sprintf(buf, "-%04lld", -(long long)y);
    return (size_t)sprintf(buf, "%04lld", (long long)y);
}

size_t mn_date_format(int32_t days, char *buf) {
    int64_t y;
    int m, d;
    mn_civil_from_days(days, &y, &m, &d);
    size_t len = format_year(y, buf);
    len += (size_t)sprintf(buf + len, "-%02d-%02d", m, d);
    return len;
}

/* "H{1,2}:M{1,2}[:S{1,2}[.f{1,12}]]" at *i: microseconds of the day (fraction digits beyond
 * microseconds rounded HALF_UP, which may carry into the next day) and the digit count. */
static bool scan_time(const char *s, size_t n, size_t *i, int64_t *tod, int *fdigits) {
    int64_t h = 0, mi = 0, sec = 0, frac = 0;
    *fdigits = 0;
    if (!read_digits(s, n, i, 1, 2, &h)) return false;
    if (*i >= n || s[*i] != ':') return false;
    (*i)++;
    if (!read_digits(s, n, i, 1, 2, &mi)) return false;
    if (*i < n && s[*i] == ':') {
        (*i)++;
        if (!read_digits(s, n, i, 1, 2, &sec)) return false;
        if (*i < n && s[*i] == '.') {
            (*i)++;
            while (*i < n && is_digit(s[*i])) {
                if (*fdigits == 12) return false;
                frac = frac * 10 + (s[*i] - '0');
                (*fdigits)++, (*i)++;
            }
            if (*fdigits == 0) return false;
        }
    }
    if (h > 23 || mi > 59 || sec > 59) return false;
    int64_t fmicros = 0;
    if (*fdigits <= 6) {
        fmicros = frac;
        for (int k = *fdigits; k < 6; k++) fmicros *= 10;
    } else {
        int64_t div = 1;
        for (int k = 6; k < *fdigits; k++) div *= 10;
        fmicros = (frac + div / 2) / div; /* may reach 1000000: carries into the next second */
    }
    *tod = h * MICROS_PER_HOUR + mi * MICROS_PER_MINUTE + sec * MN_MICROS_PER_SECOND + fmicros;
    return true;
}

/* Trino's pattern, plus 'T' as separator: date [ (' '|'T') time ]; stops after the time
 * (the caller checks what follows). */
static bool scan_timestamp(const char *s, size_t n, size_t *i, int64_t *micros, int *fdigits) {
    int64_t days, tod = 0, v;
    *fdigits = 0;
    if (!scan_date(s, n, i, &days)) return false;
    if (*i + 1 < n && (s[*i] == ' ' || s[*i] == 'T') && is_digit(s[*i + 1])) {
        (*i)++;
        if (!scan_time(s, n, i, &tod, fdigits)) return false;
    }
    if (__builtin_mul_overflow(days, MN_MICROS_PER_DAY, &v) || __builtin_add_overflow(v, tod, &v)) return false;
    *micros = v;
    return true;
}

int mn_timestamp_parse(const char *s, size_t n, int64_t *micros, int *precision_out) {
    size_t i = 0;
    int fdigits;
    int64_t v;
    if (!s) return -1;
    trim(&s, &n);
    if (!scan_timestamp(s, n, &i, &v, &fdigits) || i != n) return -1;
    *micros = v;
    if (precision_out) *precision_out = fdigits > 6 ? 6 : fdigits;
    return 0;
}

int mn_time_parse(const char *s, size_t n, int64_t *micros, int *precision_out) {
    size_t i = 0;
    int fdigits;
    int64_t tod;
    if (!s) return -1;
    trim(&s, &n);
    if (!scan_time(s, n, &i, &tod, &fdigits) || i != n) return -1;
    *micros = tod % MN_MICROS_PER_DAY;
    if (precision_out) *precision_out = fdigits > 6 ? 6 : fdigits;
    return 0;
}

size_t mn_time_format(int64_t micros, int precision, char *buf) {
    int64_t tod = mn_floor_mod(micros, MN_MICROS_PER_DAY), secs = tod / MN_MICROS_PER_SECOND;
    size_t len = (size_t)sprintf(buf, "%02d:%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    if (precision > 0) {
        char digits[16];
        sprintf(digits, "%06lld", (long long)(tod % MN_MICROS_PER_SECOND));
        if (precision > 6) precision = 6;
        buf[len++] = '.';
        memcpy(buf + len, digits, (size_t)precision);
        len += (size_t)precision;
        buf[len] = '\0';
    }
    return len;
}

int mn_tstz_parse(const char *s, size_t n, __int128 *out, int *precision_out, size_t *zone_start,
                  size_t *zone_len) {
    size_t i = 0;
    int fdigits, key;
    int64_t local;
    const char *s0 = s;
    if (!s) return -1;
    trim(&s, &n);
    if (!scan_timestamp(s, n, &i, &local, &fdigits)) return -1;
    if (precision_out) *precision_out = fdigits > 6 ? 6 : fdigits;
    while (i < n && is_space(s[i])) i++;
    if (i == n) {
        *out = local;
        return 1;
    }
    if (zone_start) *zone_start = (size_t)(s - s0) + i;
    if (zone_len) *zone_len = n - i;
    if (mn_tz_lookup(s + i, n - i, &key) != 0) return -2;
    *out = mn_tstz_pack(mn_tz_local_to_utc(key, local), key);
    return 0;
}

size_t mn_tstz_format(__int128 v, int precision, char *buf) {
    int key = mn_tstz_zone(v);
    size_t len = mn_timestamp_format(mn_tz_utc_to_local(key, mn_tstz_micros(v)), precision, buf);
    buf[len++] = ' ';
    return len + mn_tz_name(key, buf + len);
}

size_t mn_timestamp_format(int64_t micros, int precision, char *buf) {
    int64_t days = mn_floor_div(micros, MN_MICROS_PER_DAY);
    int64_t tod = mn_floor_mod(micros, MN_MICROS_PER_DAY);
    int64_t y;
    int m, d;
    civil_from_days64(days, &y, &m, &d);
    size_t len = format_year(y, buf);
    int64_t secs = tod / MN_MICROS_PER_SECOND;
    len += (size_t)sprintf(buf + len, "-%02d-%02d %02d:%02d:%02d", m, d, (int)(secs / 3600),
                           (int)(secs / 60 % 60), (int)(secs % 60));
    if (precision > 0) {
        if (precision > 12) precision = 12;
        int64_t f = tod % MN_MICROS_PER_SECOND;
        char digits[16];
        sprintf(digits, "%06lld000000", (long long)f);
        buf[len++] = '.';
        memcpy(buf + len, digits, (size_t)precision);
        len += (size_t)precision;
        buf[len] = '\0';
    }
    return len;
}

/* ---- month arithmetic -------------------------------------------------------------- */

int mn_date_add_months_checked(int32_t days, int64_t months, int32_t *out) {
    int64_t y;
    int m, d;
    mn_civil_from_days(days, &y, &m, &d);
    if (months > INT64_C(1) << 40 || months < -(INT64_C(1) << 40)) return -1;
    int64_t total = y * 12 + (m - 1) + months;
    int64_t ny = mn_floor_div(total, 12);
    int nm = (int)mn_floor_mod(total, 12) + 1;
    int dim = mn_days_in_month(ny, nm);
    int64_t v = days_from_civil64(ny, nm, d > dim ? dim : d);
    if (v < INT32_MIN || v > INT32_MAX) return -1;
    *out = (int32_t)v;
    return 0;
}

int32_t mn_date_add_months(int32_t days, int32_t months) {
    int32_t r;
    if (mn_date_add_months_checked(days, months, &r) == 0) return r;
    return months < 0 ? INT32_MIN : INT32_MAX;
}

int mn_timestamp_add_months_checked(int64_t micros, int64_t months, int64_t *out) {
    int64_t days = mn_floor_div(micros, MN_MICROS_PER_DAY);
    int64_t tod = mn_floor_mod(micros, MN_MICROS_PER_DAY);
    int32_t nd;
    int64_t v;
    if (mn_date_add_months_checked((int32_t)days, months, &nd) != 0) return -1;
    if (__builtin_mul_overflow((int64_t)nd, MN_MICROS_PER_DAY, &v) || __builtin_add_overflow(v, tod, &v)) return -1;
    *out = v;
    return 0;
}

int64_t mn_timestamp_add_months(int64_t micros, int32_t months) {
    int64_t r;
    if (mn_timestamp_add_months_checked(micros, months, &r) == 0) return r;
    return months < 0 ? INT64_MIN : INT64_MAX;
}

/* ---- intervals ---------------------------------------------------------------------------- */

/* Trino (DateTimeUtils.parsePeriod): an optional leading '-' negates the whole value;
 * the fields from..to are separated as "Y-M" and "D H:M:S[.fff]"; trailing fields may
 * be omitted ('1' is a valid DAY TO SECOND); fields are not range-checked ('1 25' is
 * 1 day 25 hours); seconds keep milliseconds (further digits are truncated). */
int mn_interval_parse(const char *s, size_t n, mn_interval_field from, mn_interval_field to,
                      int64_t *value, int *is_ym) {
    static const int64_t unit_ms[] = {0, 0, 86400000, 3600000, 60000, 1000};
    static const char sep_after[] = {'-', 0, ' ', ':', ':', 0};
    size_t i = 0;
    bool neg = false;
    if (!s || from > to || to > MN_IFIELD_SECOND) return -1;
    bool ym = from <= MN_IFIELD_MONTH;
    if (ym != (to <= MN_IFIELD_MONTH)) return -1;
    if (i < n && s[i] == '-') neg = true, i++;
    int64_t total = 0; /* months, or milliseconds */
    for (int f = (int)from; f <= (int)to; f++) {
        int64_t v, ms = 0;
        if (!read_digits(s, n, &i, 1, 10, &v)) return -1;
        if (f == MN_IFIELD_SECOND && i < n && s[i] == '.') {
            int k = 0;
            i++;
            while (i < n && is_digit(s[i])) {
                if (k < 3) ms = ms * 10 + (s[i] - '0');
                k++, i++;
            }
            if (k == 0 || k > 9) return -1;
            for (; k < 3; k++) ms *= 10;
        }
        int64_t unit = ym ? (f == MN_IFIELD_YEAR ? 12 : 1) : unit_ms[f];
        if (__builtin_mul_overflow(v, unit, &v) || __builtin_add_overflow(v, ms, &v) ||
            __builtin_add_overflow(total, v, &total))
            return -1;
        if (i == n) break; /* remaining fields omitted */
        if (f == (int)to || s[i] != sep_after[f]) return -1;
        i++;
    }
    if (i != n) return -1;
    if (neg) total = -total;
    if (ym) {
        if (total > INT32_MAX || total < INT32_MIN) return -1;
    } else if (__builtin_mul_overflow(total, MICROS_PER_MILLI, &total)) {
        return -1;
    }
    *value = total;
    if (is_ym) *is_ym = ym ? 1 : 0;
    return 0;
}

/* Trino keeps milliseconds: sub-millisecond digits are truncated for display. */
size_t mn_interval_ds_format(int64_t micros, char *buf) {
    uint64_t mag = micros < 0 ? (uint64_t)0 - (uint64_t)micros : (uint64_t)micros;
    uint64_t ms = mag / 1000;
    return (size_t)sprintf(buf, "%s%llu %02u:%02u:%02u.%03u", micros < 0 ? "-" : "",
                           (unsigned long long)(ms / 86400000), (unsigned)(ms / 3600000 % 24),
                           (unsigned)(ms / 60000 % 60), (unsigned)(ms / 1000 % 60), (unsigned)(ms % 1000));
}

size_t mn_interval_ym_format(int32_t months, char *buf) {
    int64_t mag = months < 0 ? -(int64_t)months : months;
    return (size_t)sprintf(buf, "%s%lld-%lld", months < 0 ? "-" : "", (long long)(mag / 12), (long long)(mag % 12));
}

/* ---- field extraction ------------------------------------------------------------------- */

int64_t mn_date_extract(int32_t days, mn_datetime_field f) {
    int64_t y;
    int m, d;
    mn_civil_from_days(days, &y, &m, &d);
    switch (f) {
    case MN_DT_YEAR: return y;
    case MN_DT_QUARTER: return (m - 1) / 3 + 1;
    case MN_DT_MONTH: return m;
    case MN_DT_DAY: return d;
    case MN_DT_DAY_OF_WEEK: return mn_floor_mod((int64_t)days + 3, 7) + 1; /* 1970-01-01: Thursday */
    case MN_DT_DAY_OF_YEAR: return (int64_t)days - days_from_civil64(y, 1, 1) + 1;
    case MN_DT_WEEK:
    case MN_DT_YEAR_OF_WEEK: {
        /* ISO: the week (Monday-based) belongs to the year holding its Thursday */
        int64_t dow = mn_floor_mod((int64_t)days + 3, 7) + 1;
        int64_t thursday = (int64_t)days - dow + 4;
        int64_t ty;
        int tm, td;
        civil_from_days64(thursday, &ty, &tm, &td);
        if (f == MN_DT_YEAR_OF_WEEK) return ty;
        return (thursday - days_from_civil64(ty, 1, 1)) / 7 + 1;
    }
    case MN_DT_HOUR:
    case MN_DT_MINUTE:
    case MN_DT_SECOND:
    case MN_DT_MILLISECOND: return 0;
    }
    return 0;
}

int64_t mn_timestamp_extract(int64_t micros, mn_datetime_field f) {
    int64_t days = mn_floor_div(micros, MN_MICROS_PER_DAY);
    int64_t tod = mn_floor_mod(micros, MN_MICROS_PER_DAY);
    switch (f) {
    case MN_DT_HOUR: return tod / MICROS_PER_HOUR;
    case MN_DT_MINUTE: return tod / MICROS_PER_MINUTE % 60;
    case MN_DT_SECOND: return tod / MN_MICROS_PER_SECOND % 60;
    case MN_DT_MILLISECOND: return tod / MICROS_PER_MILLI % 1000;
    default: return mn_date_extract((int32_t)days, f);
    }
}
