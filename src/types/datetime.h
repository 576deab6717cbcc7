/* datetime.h — DATE, TIMESTAMP and INTERVAL values: proleptic Gregorian calendar
 * conversions, parsing and formatting as Trino does, and calendar arithmetic.
 * DATE = int32 days since 1970-01-01; TIMESTAMP = int64 microseconds since the epoch
 * (no zone); INTERVAL DAY TO SECOND = int64 microseconds; YEAR TO MONTH = int32 months. */
#ifndef MN_TYPES_DATETIME_H
#define MN_TYPES_DATETIME_H

#include <stddef.h>
#include <stdint.h>

#define MN_MICROS_PER_SECOND INT64_C(1000000)
#define MN_MICROS_PER_DAY INT64_C(86400000000)

int32_t mn_days_from_civil(int64_t y, int m, int d);
void mn_civil_from_days(int32_t days, int64_t *y, int *m, int *d);
int mn_days_in_month(int64_t y, int m);

/* "YYYY-MM-DD" (1-4+ digit year, optional sign, surrounding spaces allowed as Trino).
 * Returns 0, or -1 when not a valid date. */
int mn_date_parse(const char *s, size_t n, int32_t *days);
/* "YYYY-MM-DD"; buf >= 16. Returns length. */
size_t mn_date_format(int32_t days, char *buf);

/* "YYYY-MM-DD[( |T)HH:MM[:SS[.f{1,12}]]]". *precision_out (optional) gets the number of
 * fraction digits written (0 when none), capped at 6: digits beyond microseconds are
 * rounded HALF_UP (Trino would type such a literal timestamp(7..12)). Returns 0 or -1. */
int mn_timestamp_parse(const char *s, size_t n, int64_t *micros, int *precision_out);
/* "YYYY-MM-DD HH:MM:SS" plus "." and `precision` fraction digits when precision > 0
 * (Trino: timestamp(3) prints .123). buf >= 40. Returns length. */
size_t mn_timestamp_format(int64_t micros, int precision, char *buf);

/* Adds months with the day clamped to the last day of the target month (Trino). */
int32_t mn_date_add_months(int32_t days, int32_t months);
int64_t mn_timestamp_add_months(int64_t micros, int32_t months);
/* Same, returning -1 when the result leaves the DATE (int32 days) / TIMESTAMP (int64
 * micros) range instead of saturating as the two above do. */
int mn_date_add_months_checked(int32_t days, int64_t months, int32_t *out);
int mn_timestamp_add_months_checked(int64_t micros, int64_t months, int64_t *out);

/* Interval literal fields, as in INTERVAL '3' DAY, INTERVAL '1-2' YEAR TO MONTH,
 * INTERVAL '1 10:30:00' DAY TO SECOND. */
typedef enum {
    MN_IFIELD_YEAR,
    MN_IFIELD_MONTH,
    MN_IFIELD_DAY,
    MN_IFIELD_HOUR,
    MN_IFIELD_MINUTE,
    MN_IFIELD_SECOND
} mn_interval_field;
/* Parses the literal text for fields from..to (to == from for a single field). The
 * text may carry a leading sign. Year/month fields give months (*is_ym = 1), the others
 * microseconds (*is_ym = 0). Returns 0, or -1 when malformed or out of range. */
int mn_interval_parse(const char *s, size_t n, mn_interval_field from, mn_interval_field to,
                      int64_t *value, int *is_ym);
/* Trino's rendering: day-to-second "3 00:00:00.000", "-1 02:03:04.500"; year-to-month "1-2",
 * "-0-3". Trino keeps day-to-second intervals in milliseconds: parsing truncates extra
 * second digits to milliseconds and formatting shows milliseconds only. buf >= 32. */
size_t mn_interval_ds_format(int64_t micros, char *buf);
size_t mn_interval_ym_format(int32_t months, char *buf);

/* Field extraction (Trino: day_of_week 1=Monday..7=Sunday, ISO week, quarter 1..4). */
typedef enum {
    MN_DT_YEAR,
    MN_DT_QUARTER,
    MN_DT_MONTH,
    MN_DT_WEEK,
    MN_DT_DAY,
    MN_DT_DAY_OF_WEEK,
    MN_DT_DAY_OF_YEAR,
    MN_DT_YEAR_OF_WEEK,
    MN_DT_HOUR,
    MN_DT_MINUTE,
    MN_DT_SECOND,
    MN_DT_MILLISECOND
} mn_datetime_field;
int64_t mn_date_extract(int32_t days, mn_datetime_field f);          /* time fields give 0 */
int64_t mn_timestamp_extract(int64_t micros, mn_datetime_field f);

/* TIME: int64 microseconds of the day. "HH:MM[:SS[.f{1,12}]]" (fraction rounded to
 * microseconds HALF_UP; *precision_out gets the digit count capped at 6). Returns 0 or -1. */
int mn_time_parse(const char *s, size_t n, int64_t *micros, int *precision_out);
/* "HH:MM:SS" plus "." and `precision` fraction digits. buf >= 24. Returns length. */
size_t mn_time_format(int64_t micros, int precision, char *buf);

/* TIMESTAMP WITH TIME ZONE: UTC microseconds * 65536 + zone key (types/timezone.h). */
static inline __int128 mn_tstz_pack(int64_t utc_micros, int zone) { return (__int128)utc_micros * 65536 + zone; }
static inline int64_t mn_tstz_micros(__int128 v) { return (int64_t)(v >> 16); }
static inline int mn_tstz_zone(__int128 v) { return (int)(v & 0xFFFF); }
/* "YYYY-MM-DD[( |T)HH:MM[:SS[.f]]][ ]zone" where zone is an IANA name, an offset (+05:30)
 * or Z. Returns 0; 1 when the text holds no zone (*micros is then the local timestamp);
 * -1 malformed; -2 the zone is unknown (zone_start/zone_len locate it in s). */
int mn_tstz_parse(const char *s, size_t n, __int128 *out, int *precision_out, size_t *zone_start,
                  size_t *zone_len);
/* "YYYY-MM-DD HH:MM:SS[.fff] Zone" in the value's own zone. buf >= 112. Returns length. */
size_t mn_tstz_format(__int128 v, int precision, char *buf);

/* floor division helpers that are correct for negative values */
static inline int64_t mn_floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}
static inline int64_t mn_floor_mod(int64_t a, int64_t b) {
    int64_t r = a % b; /* no intermediate product: safe near INT64_MIN */
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
}

#endif
