/* types.h — Minerva's logical types (Trino semantics) and their physical layout.
 * Physical storage per type id (one C type per value slot in a vector):
 *   BOOLEAN uint8_t (0/1)   TINYINT int8_t   SMALLINT int16_t   INTEGER int32_t
 *   BIGINT int64_t          REAL float       DOUBLE double
 *   DECIMAL(p,s) mn_i128, the unscaled value (always 128-bit, whatever p)
 *   VARCHAR, CHAR(n) mn_str {ptr,len} pointing into a heap the vector keeps alive
 *   VARBINARY mn_str (raw bytes); JSON mn_str (the value's JSON text, compact)
 *   DATE int32_t days since 1970-01-01
 *   TIMESTAMP(p) int64_t microseconds since 1970-01-01 00:00:00 (no time zone)
 *   INTERVAL DAY TO SECOND int64_t microseconds; INTERVAL YEAR TO MONTH int32_t months
 *   TIME(p) int64_t microseconds since midnight (0 .. 86399999999)
 *   TIMESTAMP(p) WITH TIME ZONE mn_i128 = UTC microseconds * 65536 + zone key
 *     (types/timezone.h; mn_tstz_* in types/datetime.h): the integer order is the instant's
 *     order, and equality, hashing and grouping compare the instant only (v >> 16)
 *   ARRAY(T), MAP(K,V), ROW(...) mn_str: the value's canonical binary encoding (types/nested.h);
 *     the element/field types live in an interned mn_type_ext (mn_type.ext)
 *   UNKNOWN: the type of a bare NULL literal; stored as uint8_t, always NULL. */
#ifndef MN_TYPES_TYPES_H
#define MN_TYPES_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef __int128 mn_i128;
typedef unsigned __int128 mn_u128;

typedef enum {
    MN_T_UNKNOWN = 0,
    MN_T_BOOLEAN,
    MN_T_TINYINT,
    MN_T_SMALLINT,
    MN_T_INTEGER,
    MN_T_BIGINT,
    MN_T_REAL,
    MN_T_DOUBLE,
    MN_T_DECIMAL,
    MN_T_VARCHAR,
    MN_T_CHAR,
    MN_T_DATE,
    MN_T_TIMESTAMP,
    MN_T_INTERVAL_DS,
    MN_T_INTERVAL_YM,
    MN_T_VARBINARY,
    MN_T_JSON,
    MN_T_ARRAY,
    MN_T_MAP,
    MN_T_ROW,
    MN_T_TIME,
    MN_T_TIMESTAMP_TZ,
    MN_T__COUNT
} mn_type_id;

struct mn_type_ext;

typedef struct mn_type {
    uint8_t id;        /* mn_type_id */
    uint8_t precision; /* DECIMAL: 1..38; TIMESTAMP [WITH TIME ZONE], TIME: fraction digits 0..6 (default 3) */
    uint8_t scale;     /* DECIMAL: 0..precision */
    int32_t length;    /* VARCHAR(n), CHAR(n): n; unbounded VARCHAR: -1 */
    /* ARRAY/MAP/ROW: element, key/value or field types (interned by types/nested.c, so
     * equal nested types share one pointer; never freed); NULL for every other type. */
    const struct mn_type_ext *ext;
} mn_type;

/* A string value: bytes (UTF-8, not NUL-terminated) owned elsewhere. */
typedef struct mn_str {
    const char *ptr;
    uint32_t len;
} mn_str;

#define MN_MAX_DECIMAL_PRECISION 38

static inline mn_type mn_type_make(mn_type_id id) {
    mn_type t = {(uint8_t)id, 0, 0, -1, NULL};
    if (id == MN_T_TIMESTAMP || id == MN_T_TIMESTAMP_TZ || id == MN_T_TIME) t.precision = 3;
    return t;
}
static inline mn_type mn_type_decimal(int p, int s) {
    mn_type t = {MN_T_DECIMAL, (uint8_t)p, (uint8_t)s, -1, NULL};
    return t;
}
static inline mn_type mn_type_varchar(int32_t len) {
    mn_type t = {MN_T_VARCHAR, 0, 0, len, NULL};
    return t;
}

/* Bytes of one value slot. */
size_t mn_type_size(mn_type t);
bool mn_type_equal(mn_type a, mn_type b);
bool mn_type_is_integer(mn_type t);   /* TINYINT..BIGINT */
bool mn_type_is_numeric(mn_type t);   /* integers, REAL, DOUBLE, DECIMAL */
bool mn_type_is_string(mn_type t);    /* VARCHAR, CHAR: logical character strings */
/* Stored as mn_str slots with bytes in a heap (VARCHAR, CHAR, VARBINARY, JSON, ARRAY, MAP,
 * ROW): every physical decision (copying, hashing, row layout) uses this, never
 * mn_type_is_string. */
bool mn_type_is_varlen(mn_type t);
bool mn_type_is_temporal(mn_type t);  /* DATE, TIMESTAMP, TIMESTAMP WITH TIME ZONE, TIME */
bool mn_type_is_nested(mn_type t);    /* ARRAY, MAP, ROW */
/* Trino's name: "bigint", "decimal(15,2)", "varchar", "varchar(25)", "char(3)",
 * "timestamp(3)", "timestamp(3) with time zone", "time(3)", "interval day to second", "varbinary",
 * "json". Returns buf (cap >= 40). */
const char *mn_type_name(mn_type t, char *buf, size_t cap);
/* Parses a type name as written in SQL/DDL ("int", "STRING", "decimal(15, 2)", "timestamp(6)").
 * Returns 0 and fills *out, or -1 when unknown. Hive names are accepted: STRING -> varchar,
 * INT -> integer, FLOAT -> real, BINARY -> varbinary. Bare DECIMAL is Hive's decimal(10,0) (Trino would say
 * (38,0)); bare CHAR is char(1); bare TIMESTAMP/TIME is timestamp(3)/time(3); precisions 7..12
 * are rejected (values are stored as microseconds); "time with time zone" is not supported. */
int mn_type_parse(const char *s, size_t n, mn_type *out);

/* Common super type for implicit coercion (Trino rules: integer widening, integer+decimal
 * -> decimal, decimal+double -> double, varchar(n)+varchar(m) -> varchar(max), unknown+X -> X,
 * date+timestamp(p) -> timestamp(p), char(n)+varchar(m) -> varchar(max(n,m)) as current
 * Trino does (char coerces to varchar, never the reverse)). Returns false when there is none. */
bool mn_type_common_super(mn_type a, mn_type b, mn_type *out);
/* Whether a value of `from` may be implicitly coerced to `to`. */
bool mn_type_can_coerce(mn_type from, mn_type to);
/* DECIMAL type that holds every value of an integer type (tinyint->decimal(3,0), ...). */
mn_type mn_type_integer_as_decimal(mn_type t);

#endif
