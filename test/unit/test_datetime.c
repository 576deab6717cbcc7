/* test_datetime.c — calendar conversions, DATE/TIMESTAMP/INTERVAL parse and format,
 * month arithmetic and field extraction (ISO weeks, pre-1970 values). */
#include <string.h>

#include "check.h"
#include "types/datetime.h"

static char buf[8][64];
static int slot;

static const char *date_s(int32_t d) {
    char *b = buf[slot++ % 8];
    mn_date_format(d, b);
    return b;
}

static const char *ts_s(int64_t us, int p) {
    char *b = buf[slot++ % 8];
    mn_timestamp_format(us, p, b);
    return b;
}

static int32_t date_of(const char *s) {
    int32_t d = 0;
    if (mn_date_parse(s, strlen(s), &d) != 0) fprintf(stderr, "bad date %s\n", s);
    return d;
}

static int date_ok(const char *s) {
    int32_t d;
    return mn_date_parse(s, strlen(s), &d) == 0;
}

static int64_t ts_of(const char *s, int *prec) {
    int64_t v = 0;
    if (mn_timestamp_parse(s, strlen(s), &v, prec) != 0) fprintf(stderr, "bad ts %s\n", s);
    return v;
}

static int ts_ok(const char *s) {
    int64_t v;
    return mn_timestamp_parse(s, strlen(s), &v, NULL) == 0;
}

/* parses an interval and renders it back, or "ERR" */
static const char *iv(const char *s, mn_interval_field from, mn_interval_field to) {
    int64_t v;
    int ym = -1;
    char *b = buf[slot++ % 8];
    if (mn_interval_parse(s, strlen(s), from, to, &v, &ym) != 0) return "ERR";
    if (ym) mn_interval_ym_format((int32_t)v, b);
    else mn_interval_ds_format(v, b);
    return b;
}

int main(void) {
    int64_t y;
    int m, d, p;

    /* calendar */
    CHECK(mn_days_from_civil(1970, 1, 1) == 0);
    CHECK(mn_days_from_civil(1969, 12, 31) == -1);
    CHECK(mn_days_from_civil(2000, 3, 1) == 11017);
    CHECK(mn_days_in_month(1900, 2) == 28);
    CHECK(mn_days_in_month(2000, 2) == 29);
    CHECK(mn_days_in_month(2021, 2) == 28);
    CHECK(mn_days_in_month(2024, 2) == 29);
    CHECK(mn_days_in_month(2024, 13) == 0);
    mn_civil_from_days(INT32_MAX, &y, &m, &d);
    CHECK(mn_days_from_civil(y, m, d) == INT32_MAX);
    mn_civil_from_days(INT32_MIN, &y, &m, &d);
    CHECK(mn_days_from_civil(y, m, d) == INT32_MIN);
    int ok = 1;
    for (int32_t x = -800000; x < 3000000; x += 7) {
        mn_civil_from_days(x, &y, &m, &d);
        if (mn_days_from_civil(y, m, d) != x || d < 1 || d > mn_days_in_month(y, m)) ok = 0;
    }
    CHECK(ok);

    /* date parse / format */
    CHECK(date_of("1970-01-01") == 0);
    CHECK(date_of("1969-12-31") == -1);
    CHECK(date_of("  2021-1-5  ") == mn_days_from_civil(2021, 1, 5));
    CHECK(date_ok("2000-02-29"));
    CHECK(!date_ok("1900-02-29"));
    CHECK(!date_ok("2021-02-30"));
    CHECK(!date_ok("2021-13-01"));
    CHECK(!date_ok("2021-00-01"));
    CHECK(!date_ok("2021-01-00"));
    CHECK(!date_ok("2021-01-01x"));
    CHECK(!date_ok("2021/01/01"));
    CHECK(!date_ok("2021-01-001"));
    CHECK(!date_ok(""));
    CHECK(!date_ok("-"));
    CHECK(!date_ok("99999999-01-01"));
    CHECK_STR(date_s(0), "1970-01-01");
    CHECK_STR(date_s(-1), "1969-12-31");
    CHECK_STR(date_s(date_of("9999-12-31")), "9999-12-31");
    CHECK_STR(date_s(date_of("10000-01-01")), "+10000-01-01");
    CHECK_STR(date_s(date_of("-1-01-01")), "-0001-01-01");
    CHECK_STR(date_s(date_of("0000-03-01")), "0000-03-01");
    CHECK_STR(date_s(date_of("0099-03-01")), "0099-03-01");
    CHECK_STR(date_s(mn_days_from_civil(1, 1, 1)), "0001-01-01");

    /* timestamp parse / format */
    CHECK(ts_of("1970-01-01 00:00:00", &p) == 0 && p == 0);
    CHECK(ts_of("1970-01-01", &p) == 0 && p == 0);
    CHECK(ts_of("1969-12-31 23:59:59.999", &p) == -1000 && p == 3);
    CHECK(ts_of("1970-01-01T00:00:01.5", &p) == 1500000 && p == 1);
    CHECK(ts_of("1970-01-01 1:2", &p) == 3720000000LL && p == 0);
    CHECK(ts_of("1970-01-01 00:00:00.1234567", &p) == 123457 && p == 6);
    CHECK(ts_of("1970-01-01 00:00:00.9999995", &p) == 1000000);
    CHECK(ts_of("1970-01-01 00:00:00.123456789012", &p) == 123457);
    CHECK(!ts_ok("1970-01-01 00:00:00.1234567890123"));
    CHECK(!ts_ok("1970-01-01 24:00:00"));
    CHECK(!ts_ok("1970-01-01 23:60:00"));
    CHECK(!ts_ok("1970-01-01 23:59:60"));
    CHECK(!ts_ok("1970-01-01 23"));
    CHECK(!ts_ok("1970-01-01 23:59:59."));
    CHECK(!ts_ok("1970-01-01 23:59:59 UTC"));
    CHECK(!ts_ok("1970-01-01X23:59:59"));
    CHECK(!ts_ok("5000000-01-01 00:00:00")); /* beyond int64 microseconds */
    CHECK_STR(ts_s(0, 3), "1970-01-01 00:00:00.000");
    CHECK_STR(ts_s(-1, 6), "1969-12-31 23:59:59.999999");
    CHECK_STR(ts_s(-1000, 3), "1969-12-31 23:59:59.999");
    CHECK_STR(ts_s(ts_of("2021-06-15 12:34:56.789", NULL), 3), "2021-06-15 12:34:56.789");
    CHECK_STR(ts_s(ts_of("2021-06-15 12:34:56", NULL), 0), "2021-06-15 12:34:56");
    CHECK_STR(ts_s(ts_of("2021-06-15 12:34:56.5", NULL), 6), "2021-06-15 12:34:56.500000");
    CHECK_STR(ts_s(ts_of("1900-01-01 00:00:00", NULL), 1), "1900-01-01 00:00:00.0");
    CHECK_STR(ts_s(INT64_MIN, 6), "-290308-12-21 19:59:05.224192");
    CHECK_STR(ts_s(INT64_MAX, 6), "+294247-01-10 04:00:54.775807");

    /* month arithmetic */
    CHECK_STR(date_s(mn_date_add_months(date_of("2021-01-31"), 1)), "2021-02-28");
    CHECK_STR(date_s(mn_date_add_months(date_of("2020-01-31"), 1)), "2020-02-29");
    CHECK_STR(date_s(mn_date_add_months(date_of("2020-03-31"), -1)), "2020-02-29");
    CHECK_STR(date_s(mn_date_add_months(date_of("2020-12-15"), 1)), "2021-01-15");
    CHECK_STR(date_s(mn_date_add_months(date_of("1970-01-15"), -13)), "1968-12-15");
    CHECK_STR(date_s(mn_date_add_months(date_of("2020-02-29"), 12)), "2021-02-28");
    CHECK_STR(ts_s(mn_timestamp_add_months(ts_of("1969-12-31 23:00:00", NULL), 2), 0), "1970-02-28 23:00:00");
    int32_t dd;
    CHECK(mn_date_add_months_checked(INT32_MAX - 10, 12, &dd) == -1);
    CHECK(mn_date_add_months_checked(0, INT64_MAX, &dd) == -1);
    int64_t tt;
    CHECK(mn_timestamp_add_months_checked(INT64_MAX - 10, 1, &tt) == -1);

    /* intervals */
    CHECK_STR(iv("3", MN_IFIELD_DAY, MN_IFIELD_DAY), "3 00:00:00.000");
    CHECK_STR(iv("-3", MN_IFIELD_DAY, MN_IFIELD_DAY), "-3 00:00:00.000");
    CHECK_STR(iv("1 02:03:04.5", MN_IFIELD_DAY, MN_IFIELD_SECOND), "1 02:03:04.500");
    CHECK_STR(iv("-1 02:03:04.5", MN_IFIELD_DAY, MN_IFIELD_SECOND), "-1 02:03:04.500");
    CHECK_STR(iv("1 2", MN_IFIELD_DAY, MN_IFIELD_HOUR), "1 02:00:00.000");
    CHECK_STR(iv("1 2:03", MN_IFIELD_DAY, MN_IFIELD_MINUTE), "1 02:03:00.000");
    CHECK_STR(iv("1", MN_IFIELD_DAY, MN_IFIELD_SECOND), "1 00:00:00.000");
    CHECK_STR(iv("1 25", MN_IFIELD_DAY, MN_IFIELD_HOUR), "2 01:00:00.000");
    CHECK_STR(iv("36", MN_IFIELD_HOUR, MN_IFIELD_HOUR), "1 12:00:00.000");
    CHECK_STR(iv("1:30", MN_IFIELD_HOUR, MN_IFIELD_MINUTE), "0 01:30:00.000");
    CHECK_STR(iv("1:30:15.25", MN_IFIELD_HOUR, MN_IFIELD_SECOND), "0 01:30:15.250");
    CHECK_STR(iv("90", MN_IFIELD_MINUTE, MN_IFIELD_MINUTE), "0 01:30:00.000");
    CHECK_STR(iv("2:30", MN_IFIELD_MINUTE, MN_IFIELD_SECOND), "0 00:02:30.000");
    CHECK_STR(iv("1.5", MN_IFIELD_SECOND, MN_IFIELD_SECOND), "0 00:00:01.500");
    CHECK_STR(iv("0.0019", MN_IFIELD_SECOND, MN_IFIELD_SECOND), "0 00:00:00.001");
    CHECK_STR(iv("1-2", MN_IFIELD_YEAR, MN_IFIELD_MONTH), "1-2");
    CHECK_STR(iv("-1-2", MN_IFIELD_YEAR, MN_IFIELD_MONTH), "-1-2");
    CHECK_STR(iv("2", MN_IFIELD_YEAR, MN_IFIELD_YEAR), "2-0");
    CHECK_STR(iv("14", MN_IFIELD_MONTH, MN_IFIELD_MONTH), "1-2");
    CHECK_STR(iv("-3", MN_IFIELD_MONTH, MN_IFIELD_MONTH), "-0-3");
    CHECK_STR(iv("1.5", MN_IFIELD_DAY, MN_IFIELD_DAY), "ERR");
    CHECK_STR(iv("", MN_IFIELD_DAY, MN_IFIELD_DAY), "ERR");
    CHECK_STR(iv("-", MN_IFIELD_DAY, MN_IFIELD_DAY), "ERR");
    CHECK_STR(iv("1 -2", MN_IFIELD_DAY, MN_IFIELD_HOUR), "ERR");
    CHECK_STR(iv("1 2", MN_IFIELD_DAY, MN_IFIELD_DAY), "ERR");
    CHECK_STR(iv("1-2", MN_IFIELD_YEAR, MN_IFIELD_YEAR), "ERR");
    CHECK_STR(iv("1 ", MN_IFIELD_DAY, MN_IFIELD_HOUR), "ERR");
    CHECK_STR(iv("1", MN_IFIELD_MONTH, MN_IFIELD_DAY), "ERR");
    CHECK_STR(iv("1", MN_IFIELD_HOUR, MN_IFIELD_DAY), "ERR");
    CHECK_STR(iv("9999999999", MN_IFIELD_YEAR, MN_IFIELD_YEAR), "ERR");
    CHECK_STR(iv("9999999999", MN_IFIELD_DAY, MN_IFIELD_DAY), "ERR");
    CHECK_STR(iv("99999999", MN_IFIELD_DAY, MN_IFIELD_DAY), "99999999 00:00:00.000");
    char b[64];
    mn_interval_ds_format(INT64_MIN, b);
    CHECK_STR(b, "-106751991 04:00:54.775");
    mn_interval_ym_format(INT32_MIN, b);
    CHECK_STR(b, "-178956970-8");
    mn_interval_ds_format(-1500, b);
    CHECK_STR(b, "-0 00:00:00.001");

    /* extraction */
    int32_t d1 = date_of("2021-01-01");
    CHECK(mn_date_extract(d1, MN_DT_WEEK) == 53);
    CHECK(mn_date_extract(d1, MN_DT_YEAR_OF_WEEK) == 2020);
    CHECK(mn_date_extract(d1, MN_DT_DAY_OF_WEEK) == 5); /* Friday */
    CHECK(mn_date_extract(d1, MN_DT_YEAR) == 2021);
    CHECK(mn_date_extract(date_of("2021-01-04"), MN_DT_WEEK) == 1);
    CHECK(mn_date_extract(date_of("2021-01-04"), MN_DT_DAY_OF_WEEK) == 1);
    CHECK(mn_date_extract(date_of("2021-01-03"), MN_DT_DAY_OF_WEEK) == 7);
    CHECK(mn_date_extract(date_of("2019-12-30"), MN_DT_WEEK) == 1);
    CHECK(mn_date_extract(date_of("2019-12-30"), MN_DT_YEAR_OF_WEEK) == 2020);
    CHECK(mn_date_extract(date_of("2020-12-31"), MN_DT_WEEK) == 53);
    CHECK(mn_date_extract(date_of("1969-12-31"), MN_DT_DAY_OF_WEEK) == 3);
    CHECK(mn_date_extract(date_of("1969-12-31"), MN_DT_DAY_OF_YEAR) == 365);
    CHECK(mn_date_extract(date_of("2000-12-31"), MN_DT_DAY_OF_YEAR) == 366);
    CHECK(mn_date_extract(date_of("2000-08-15"), MN_DT_QUARTER) == 3);
    CHECK(mn_date_extract(date_of("2000-08-15"), MN_DT_MONTH) == 8);
    CHECK(mn_date_extract(date_of("2000-08-15"), MN_DT_DAY) == 15);
    CHECK(mn_date_extract(date_of("2000-08-15"), MN_DT_HOUR) == 0);
    int64_t t1 = ts_of("1969-12-31 23:58:07.123456", NULL);
    CHECK(mn_timestamp_extract(t1, MN_DT_YEAR) == 1969);
    CHECK(mn_timestamp_extract(t1, MN_DT_DAY) == 31);
    CHECK(mn_timestamp_extract(t1, MN_DT_HOUR) == 23);
    CHECK(mn_timestamp_extract(t1, MN_DT_MINUTE) == 58);
    CHECK(mn_timestamp_extract(t1, MN_DT_SECOND) == 7);
    CHECK(mn_timestamp_extract(t1, MN_DT_MILLISECOND) == 123);
    CHECK(mn_timestamp_extract(t1, MN_DT_DAY_OF_WEEK) == 3);

    /* floor helpers */
    CHECK(mn_floor_div(-1, MN_MICROS_PER_DAY) == -1);
    CHECK(mn_floor_mod(-1, 7) == 6);
    CHECK(mn_floor_div(7, 7) == 1);

    CHECK_DONE();
}
