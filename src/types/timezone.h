/* timezone.h — time zones for TIMESTAMP WITH TIME ZONE: zone keys, the IANA rules read from
 * the system tz database (TZif files under /usr/share/zoneinfo, Debian's tzdata), and the
 * conversions between UTC instants and local wall time.
 *
 * A zone key is a small integer that names a zone for the life of the process:
 *   0                     UTC (also every UTC alias: Z, GMT, Etc/UTC, UT, Zulu, +00:00, ...)
 *   1 .. 1681             a fixed offset of (key - 841) minutes, -14:00 .. +14:00
 *   MN_TZ_NAMED_BASE + i  the i-th IANA zone loaded by this process
 * Named zones are loaded on first use and never unloaded; the registry is thread-safe
 * (lookups of known keys take no lock). Nothing here uses TZ/setenv/localtime. */
#ifndef MN_TYPES_TIMEZONE_H
#define MN_TYPES_TIMEZONE_H

#include <stddef.h>
#include <stdint.h>

#define MN_TZ_UTC 0
#define MN_TZ_NAMED_BASE 2048
#define MN_TZ_MAX_NAMED 4096
#define MN_TZ_NAME_MAX 64 /* longest zone name accepted (bytes) */

/* The key of a zone written as Trino accepts it: an IANA name (case-insensitive, shown in
 * its canonical spelling), a UTC alias, or an offset "+05:30", "-08", "+0530", "UTC+2".
 * Returns 0, or -1 when the zone is unknown or its file is unusable. */
int mn_tz_lookup(const char *name, size_t n, int *key);
/* Key of a fixed offset in minutes (offset 0 is UTC); -1 when |minutes| > 14:00. */
int mn_tz_key_for_offset(int minutes, int *key);
/* The zone's display name: "UTC", "+05:30", "America/New_York". buf >= MN_TZ_NAME_MAX + 1.
 * Returns the length. */
size_t mn_tz_name(int key, char *buf);
/* Offset from UTC in seconds in effect at the UTC instant `utc_seconds`. */
int32_t mn_tz_offset_at(int key, int64_t utc_seconds);
/* The UTC instant (microseconds) of local wall time `local_micros` in the zone: in an
 * overlap (clocks set back) the earlier instant, in a gap (clocks set forward) the time
 * shifted forward by the gap, as java.time/Joda do. */
int64_t mn_tz_local_to_utc(int key, int64_t local_micros);
/* Local wall time (microseconds) of a UTC instant. Both conversions saturate at the int64
 * range (values that close to it are unusable anyway). */
int64_t mn_tz_utc_to_local(int key, int64_t utc_micros);

/* Parses TZif bytes (RFC 8536, versions 1-4; the 64-bit section and footer TZ string are
 * used when present) into an opaque rule set. Returns NULL when the bytes are not a valid
 * TZif file (every count and offset is checked) or memory runs out. For tests and the
 * loader; free with mn_tz_rules_free. */
struct mn_tz_rules;
struct mn_tz_rules *mn_tz_rules_parse(const unsigned char *p, size_t n);
void mn_tz_rules_free(struct mn_tz_rules *r);
int32_t mn_tz_rules_offset_at(const struct mn_tz_rules *r, int64_t utc_seconds);

#endif
