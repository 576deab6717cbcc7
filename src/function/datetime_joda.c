/* datetime_joda.c — format_datetime and parse_datetime with Joda-Time patterns, as Trino
 * implements them: letters G C Y x w e E y D M d a K h H k m s S Z z (counts choose
 * padding, 'yy' two-digit years, MMM/MMMM and E/EEEE names, Z -0500, ZZ -05:00, ZZZ/z
 * the zone id), 'quoted' literals with '' for a quote; every other non-letter is
 * literal and any other letter is rejected. Values are formatted in their own zone's
 * local time; parsed values take the zone written in the text, else the session zone
 * (UTC). English names only (Trino's default locale). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "function/fn_internal.h"
#include "types/datetime.h"
#include "types/timezone.h"

#define DAY MN_MICROS_PER_DAY
#define MAX_TOKENS 64

static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};
static const char *const day_names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

/* A pattern token: a letter repeated `count` times, or literal text (letter 0). */
typedef struct {
    char letter;
    int count;
    const char *lit;
    size_t litlen;
} token;

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static token *new_token(token *t, int *nt, mn_error *err) {
    if (*nt == MAX_TOKENS) {
        mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Pattern too long");
        return NULL;
    }
    token *k = &t[(*nt)++];
    memset(k, 0, sizeof *k);
    return k;
}

/* Splits the pattern into letter runs and literal pieces ('' is a quote, in or out of
 * quoted text). */
static int tokenize(mn_str f, token *t, int *nt, mn_error *err) {
    size_t i = 0;
    bool quoted = false;
    *nt = 0;
    while (i < f.len) {
        char c = f.ptr[i];
        token *k;
        if (c == '\'') {
            if (i + 1 < f.len && f.ptr[i + 1] == '\'') {
                if (!(k = new_token(t, nt, err))) return -1;
                k->lit = "'", k->litlen = 1;
                i += 2;
            } else {
                quoted = !quoted;
                i++;
            }
            continue;
        }
        if (!(k = new_token(t, nt, err))) return -1;
        size_t j = i;
        if (quoted) {
            while (j < f.len && f.ptr[j] != '\'') j++;
            k->lit = f.ptr + i, k->litlen = j - i;
        } else if (is_alpha(c)) {
            if (!strchr("GCYxweEyDMdaKhHkmsSZz", c))
                return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Illegal pattern component: %c", c);
            while (j < f.len && f.ptr[j] == c) j++;
            k->letter = c, k->count = (int)(j - i > 64 ? 64 : j - i);
        } else {
            while (j < f.len && !is_alpha(f.ptr[j]) && f.ptr[j] != '\'') j++;
            k->lit = f.ptr + i, k->litlen = j - i;
        }
        i = j;
    }
    if (quoted)
        return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Unterminated quote in pattern: %.*s",
                            (int)(f.len > 100 ? 100 : f.len), f.ptr);
    return 0;
}

/* ---------- formatting ---------- */

static void put_num(mn_strbuf *b, int64_t v, int width) {
    if (width > 19) width = 19;
    mn_strbuf_printf(b, v < 0 ? "-%0*lld" : "%0*lld", width, (long long)(v < 0 ? -v : v));
}

static void put_offset(mn_strbuf *b, int32_t off, bool colon) {
    int a = off < 0 ? -off : off;
    mn_strbuf_printf(b, colon ? "%c%02d:%02d" : "%c%02d%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

static void format_one(mn_strbuf *b, const token *k, int64_t local, int zone, int32_t off) {
    int64_t days = mn_floor_div(local, DAY), tod = mn_floor_mod(local, DAY), y;
    int m, d;
    mn_civil_from_days((int32_t)days, &y, &m, &d);
    int64_t h = tod / (3600 * MN_MICROS_PER_SECOND), mi = tod / (60 * MN_MICROS_PER_SECOND) % 60;
    int64_t s = tod / MN_MICROS_PER_SECOND % 60, us = tod % MN_MICROS_PER_SECOND;
    int dow = (int)mn_floor_mod(days + 3, 7); /* 0 = Monday */
    int n = k->count;
    char zbuf[MN_TZ_NAME_MAX + 1];
    switch (k->letter) {
    case 'G': mn_strbuf_puts(b, y > 0 ? "AD" : "BC"); break;
    case 'C': put_num(b, (y > 0 ? y : 1 - y) / 100, n); break;
    case 'Y': /* year of era */
    case 'y':
    case 'x': {
        int64_t v = k->letter == 'x' ? mn_timestamp_extract(local, MN_DT_YEAR_OF_WEEK) : y;
        if (k->letter == 'Y' && v <= 0) v = 1 - v;
        if (n == 2) put_num(b, mn_floor_mod(v, 100), 2);
        else put_num(b, v, n);
        break;
    }
    case 'w': put_num(b, mn_timestamp_extract(local, MN_DT_WEEK), n); break;
    case 'e': put_num(b, dow + 1, n); break;
    case 'E':
        if (n >= 4) mn_strbuf_puts(b, day_names[dow]);
        else mn_strbuf_append(b, day_names[dow], 3);
        break;
    case 'D': put_num(b, mn_timestamp_extract(local, MN_DT_DAY_OF_YEAR), n); break;
    case 'M':
        if (n >= 4) mn_strbuf_puts(b, months[m - 1]);
        else if (n == 3) mn_strbuf_append(b, months[m - 1], 3);
        else put_num(b, m, n);
        break;
    case 'd': put_num(b, d, n); break;
    case 'a': mn_strbuf_puts(b, h < 12 ? "AM" : "PM"); break;
    case 'K': put_num(b, h % 12, n); break;
    case 'h': put_num(b, h % 12 == 0 ? 12 : h % 12, n); break;
    case 'H': put_num(b, h, n); break;
    case 'k': put_num(b, h == 0 ? 24 : h, n); break;
    case 'm': put_num(b, mi, n); break;
    case 's': put_num(b, s, n); break;
    case 'S': { /* fraction of second, truncated to n digits */
        char digits[8];
        snprintf(digits, sizeof digits, "%06lld", (long long)us);
        for (int i = 0; i < n; i++) mn_strbuf_putc(b, i < 6 ? digits[i] : '0');
        break;
    }
    case 'Z':
        if (n >= 3) {
            mn_strbuf_append(b, zbuf, mn_tz_name(zone, zbuf));
        } else if (off == 0 && n == 2) {
            mn_strbuf_puts(b, "Z");
        } else {
            put_offset(b, off, n == 2);
        }
        break;
    case 'z': mn_strbuf_append(b, zbuf, mn_tz_name(zone, zbuf)); break;
    default: break;
    }
}

static int fn_format_datetime(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    mn_str *r = out->data;
    token toks[MAX_TOKENS];
    mn_strbuf b;
    mn_strbuf_init(&b);
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        int nt;
        if ((rc = tokenize(MN_SLOT(args[1], mn_str, i), toks, &nt, ctx->err)) != 0) break;
        mn_i128 x = MN_SLOT(args[0], mn_i128, i);
        int zone = mn_tstz_zone(x);
        int32_t off = mn_tz_offset_at(zone, mn_floor_div(mn_tstz_micros(x), MN_MICROS_PER_SECOND));
        int64_t local = mn_tstz_micros(x) + (int64_t)off * MN_MICROS_PER_SECOND;
        b.len = 0;
        for (int k = 0; k < nt; k++) {
            if (!toks[k].letter) mn_strbuf_append(&b, toks[k].lit, toks[k].litlen);
            else format_one(&b, &toks[k], local, zone, off);
        }
        if (b.oom) {
            rc = mn_fn_oom(ctx);
            break;
        }
        char *p = mn_fn_str_alloc(ctx, out, b.len);
        if (!p) {
            rc = -1;
            break;
        }
        if (b.len) memcpy(p, b.data, b.len);
        r[i] = (mn_str){p, (uint32_t)b.len};
    }
    mn_strbuf_free(&b);
    return rc;
}

/* ---------- parsing ---------- */

typedef struct {
    mn_str s;
    size_t i;
    mn_error *err;
} cursor;

static int malformed(cursor *c) {
    int n = (int)(c->s.len > 200 ? 200 : c->s.len);
    if (c->i >= c->s.len)
        return mn_error_set(c->err, MN_ERR_INVALID_ARGUMENT, "Invalid format: \"%.*s\" is too short", n, c->s.ptr);
    return mn_error_set(c->err, MN_ERR_INVALID_ARGUMENT, "Invalid format: \"%.*s\" is malformed at \"%.*s\"", n,
                        c->s.ptr, (int)(c->s.len - c->i > 100 ? 100 : c->s.len - c->i), c->s.ptr + c->i);
}

static bool is_numeric_letter(const token *k) {
    return k->letter && !strchr("GEaZz", k->letter) && !(k->letter == 'M' && k->count >= 3);
}

/* Digits of a numeric field: exactly `count` when the next token is numeric too (Joda's
 * adjacent fields), else up to 9 (with a sign for years). */
static int read_number(cursor *c, const token *k, bool adjacent, int64_t *out) {
    size_t st = c->i;
    bool neg = false;
    if ((k->letter == 'y' || k->letter == 'Y' || k->letter == 'x') && c->i < c->s.len &&
        (c->s.ptr[c->i] == '-' || c->s.ptr[c->i] == '+'))
        neg = c->s.ptr[c->i++] == '-';
    int max = adjacent ? k->count : 9, got = 0;
    int64_t v = 0;
    while (c->i < c->s.len && got < max && c->s.ptr[c->i] >= '0' && c->s.ptr[c->i] <= '9')
        v = v * 10 + (c->s.ptr[c->i++] - '0'), got++;
    if (got == 0) {
        c->i = st;
        return malformed(c);
    }
    if (k->letter == 'S') { /* fraction: scale to microseconds */
        while (got < 6) v *= 10, got++;
        while (got > 6) v /= 10, got--;
    }
    *out = neg ? -v : v;
    return 0;
}

static int read_name(cursor *c, const char *const *names, int n, bool *matched) {
    for (int full = 1; full >= 0; full--) {
        for (int k = 0; k < n; k++) {
            size_t len = full ? strlen(names[k]) : 3;
            if (c->s.len - c->i >= len && strncasecmp(c->s.ptr + c->i, names[k], len) == 0) {
                c->i += len;
                *matched = true;
                return k;
            }
        }
    }
    *matched = false;
    return 0;
}

typedef struct {
    int64_t year, month, day, hour, minute, second, micros, doy;
    int pm, halfday_hour; /* pm: -1 unset; halfday_hour: 1 when h/K was used */
    int zone;
    bool has_zone, two_digit_year;
} fields;

static int read_zone(cursor *c, const token *k, fields *f) {
    size_t st = c->i;
    if (c->i < c->s.len && c->s.ptr[c->i] == 'Z' && k->letter == 'Z' && k->count < 3) {
        c->i++;
        f->zone = MN_TZ_UTC;
        f->has_zone = true;
        return 0;
    }
    while (c->i < c->s.len && (is_alpha(c->s.ptr[c->i]) || strchr("/_+-:0123456789", c->s.ptr[c->i]))) c->i++;
    if (c->i == st || mn_tz_lookup(c->s.ptr + st, c->i - st, &f->zone)) {
        c->i = st;
        return malformed(c);
    }
    f->has_zone = true;
    return 0;
}

static int range(cursor *c, int64_t v, const char *field, int lo, int hi) {
    if (v >= lo && v <= hi) return 0;
    return mn_error_set(c->err, MN_ERR_INVALID_ARGUMENT, "Cannot parse \"%.*s\": Value %lld for %s must be in the range [%d,%d]",
                        (int)(c->s.len > 200 ? 200 : c->s.len), c->s.ptr, (long long)v, field, lo, hi);
}

static int parse_one(cursor *c, const token *toks, int nt, int k, fields *f) {
    const token *t = &toks[k];
    bool matched;
    int64_t v = 0;
    if (!t->letter) {
        for (size_t j = 0; j < t->litlen; j++) {
            if (c->i >= c->s.len || c->s.ptr[c->i] != t->lit[j]) return malformed(c);
            c->i++;
        }
        return 0;
    }
    switch (t->letter) {
    case 'a':
        if (c->s.len - c->i >= 2 && strncasecmp(c->s.ptr + c->i, "AM", 2) == 0) f->pm = 0;
        else if (c->s.len - c->i >= 2 && strncasecmp(c->s.ptr + c->i, "PM", 2) == 0) f->pm = 1;
        else return malformed(c);
        c->i += 2;
        return 0;
    case 'E':
        (void)read_name(c, day_names, 7, &matched);
        return matched ? 0 : malformed(c);
    case 'G':
        if (c->s.len - c->i >= 2 && (strncasecmp(c->s.ptr + c->i, "AD", 2) == 0)) {
            c->i += 2;
            return 0;
        }
        return malformed(c);
    case 'Z':
    case 'z': return read_zone(c, t, f);
    case 'M':
        if (t->count >= 3) {
            int m = read_name(c, months, 12, &matched);
            if (!matched) return malformed(c);
            f->month = m + 1;
            return 0;
        }
        break;
    default: break;
    }
    bool adjacent = k + 1 < nt && is_numeric_letter(&toks[k + 1]);
    if (read_number(c, t, adjacent, &v)) return -1;
    switch (t->letter) {
    case 'y':
    case 'Y':
    case 'x':
        f->year = v;
        f->two_digit_year = t->count == 2;
        return 0;
    case 'M': f->month = v; return range(c, v, "monthOfYear", 1, 12);
    case 'd': f->day = v; return range(c, v, "dayOfMonth", 1, 31);
    case 'D': f->doy = v; return range(c, v, "dayOfYear", 1, 366);
    case 'H': f->hour = v; return range(c, v, "hourOfDay", 0, 23);
    case 'k': f->hour = v % 24; return range(c, v, "clockhourOfDay", 1, 24);
    case 'K': f->hour = v, f->halfday_hour = 1; return range(c, v, "hourOfHalfday", 0, 11);
    case 'h': f->hour = v % 12, f->halfday_hour = 1; return range(c, v, "clockhourOfHalfday", 1, 12);
    case 'm': f->minute = v; return range(c, v, "minuteOfHour", 0, 59);
    case 's': f->second = v; return range(c, v, "secondOfMinute", 0, 59);
    case 'S': f->micros = v; return 0;
    default: return 0; /* C, w, e: accepted and ignored */
    }
}

static int parse_datetime(mn_str s, mn_str fmt, mn_i128 *out, mn_error *err) {
    token toks[MAX_TOKENS];
    int nt;
    if (tokenize(fmt, toks, &nt, err)) return -1;
    cursor c = {s, 0, err};
    fields f = {1970, 1, 1, 0, 0, 0, 0, 0, -1, 0, MN_TZ_UTC, false, false};
    for (int k = 0; k < nt; k++)
        if (parse_one(&c, toks, nt, k, &f)) return -1;
    if (c.i != s.len) return malformed(&c);
    if (f.two_digit_year) f.year += f.year < 70 ? 2000 : 1900; /* Joda's pivot around 2000 */
    if (f.pm >= 0) f.hour = f.hour % 12 + (f.pm ? 12 : 0);
    if (f.year < -292275 || f.year > 292278) return range(&c, f.year, "year", -292275, 292278);
    int64_t days;
    if (f.doy) {
        days = (int64_t)mn_days_from_civil(f.year, 1, 1) + f.doy - 1;
    } else {
        if (f.day > mn_days_in_month(f.year, (int)f.month))
            return range(&c, f.day, "dayOfMonth", 1, mn_days_in_month(f.year, (int)f.month));
        days = mn_days_from_civil(f.year, (int)f.month, (int)f.day);
    }
    int64_t local = days * DAY + ((f.hour * 60 + f.minute) * 60 + f.second) * MN_MICROS_PER_SECOND + f.micros;
    *out = mn_tstz_pack(mn_tz_local_to_utc(f.zone, local), f.zone);
    return 0;
}

static int fn_parse_datetime(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    mn_i128 *r = out->data;
    MN_FN_EACH_ROW(i) {
        if (parse_datetime(MN_SLOT(args[0], mn_str, i), MN_SLOT(args[1], mn_str, i), &r[i], ctx->err)) return -1;
    }
    return 0;
}

const mn_fn_entry mn_fn_datetime_joda_table[] = {
    {"format_datetime", "timestamp with time zone,varchar", "varchar", fn_format_datetime, NULL,
     "Formats with a Joda-Time pattern (yyyy-MM-dd HH:mm:ss.SSS ZZ ...)", 0, NULL},
    {"parse_datetime", "varchar,varchar", "timestamp(3) with time zone", fn_parse_datetime, NULL,
     "Parses with a Joda-Time pattern (zone from the text, else UTC)", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
