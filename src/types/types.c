/* types.c — logical type descriptors: sizes, Trino names, parsing of SQL/Hive type
 * spellings and Trino's implicit-coercion lattice (TypeCoercion.compatibility).
 * Pure functions over the small mn_type value; no allocation. */
#include "types/types.h"

#include <ctype.h>

#include "common/strbuf.h"
#include "types/nested.h"
#include <stdio.h>
#include <string.h>

#define MAX_CHAR_LENGTH 65536
#define MAX_VARCHAR_LENGTH 2147483646

size_t mn_type_size(mn_type t) {
    switch ((mn_type_id)t.id) {
    case MN_T_BOOLEAN: return sizeof(uint8_t);
    case MN_T_TINYINT: return sizeof(int8_t);
    case MN_T_SMALLINT: return sizeof(int16_t);
    case MN_T_INTEGER: return sizeof(int32_t);
    case MN_T_BIGINT: return sizeof(int64_t);
    case MN_T_REAL: return sizeof(float);
    case MN_T_DOUBLE: return sizeof(double);
    case MN_T_DECIMAL: return sizeof(mn_i128);
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_VARBINARY:
    case MN_T_JSON:
    case MN_T_ARRAY:
    case MN_T_MAP:
    case MN_T_ROW: return sizeof(mn_str);
    case MN_T_DATE: return sizeof(int32_t);
    case MN_T_TIMESTAMP:
    case MN_T_TIME: return sizeof(int64_t);
    case MN_T_TIMESTAMP_TZ: return sizeof(mn_i128);
    case MN_T_INTERVAL_DS: return sizeof(int64_t);
    case MN_T_INTERVAL_YM: return sizeof(int32_t);
    case MN_T_UNKNOWN:
    case MN_T__COUNT: break;
    }
    return sizeof(uint8_t);
}

bool mn_type_equal(mn_type a, mn_type b) {
    if (a.id != b.id) return false;
    switch ((mn_type_id)a.id) {
    case MN_T_DECIMAL: return a.precision == b.precision && a.scale == b.scale;
    case MN_T_VARCHAR:
    case MN_T_CHAR: return a.length == b.length;
    case MN_T_TIMESTAMP:
    case MN_T_TIMESTAMP_TZ:
    case MN_T_TIME: return a.precision == b.precision;
    case MN_T_ARRAY:
    case MN_T_MAP:
    case MN_T_ROW: return a.ext == b.ext; /* interned */
    default: return true;
    }
}

bool mn_type_is_integer(mn_type t) { return t.id >= MN_T_TINYINT && t.id <= MN_T_BIGINT; }
bool mn_type_is_numeric(mn_type t) { return t.id >= MN_T_TINYINT && t.id <= MN_T_DECIMAL; }
bool mn_type_is_string(mn_type t) { return t.id == MN_T_VARCHAR || t.id == MN_T_CHAR; }
bool mn_type_is_varlen(mn_type t) {
    return t.id == MN_T_VARCHAR || t.id == MN_T_CHAR || t.id == MN_T_VARBINARY || t.id == MN_T_JSON ||
           mn_type_is_nested(t);
}
bool mn_type_is_temporal(mn_type t) {
    return t.id == MN_T_DATE || t.id == MN_T_TIMESTAMP || t.id == MN_T_TIMESTAMP_TZ || t.id == MN_T_TIME;
}
bool mn_type_is_nested(mn_type t) { return t.id == MN_T_ARRAY || t.id == MN_T_MAP || t.id == MN_T_ROW; }

const char *mn_type_name(mn_type t, char *buf, size_t cap) {
    const char *s = NULL;
    if (!buf || cap == 0) return "";
    switch ((mn_type_id)t.id) {
    case MN_T_UNKNOWN: s = "unknown"; break;
    case MN_T_BOOLEAN: s = "boolean"; break;
    case MN_T_TINYINT: s = "tinyint"; break;
    case MN_T_SMALLINT: s = "smallint"; break;
    case MN_T_INTEGER: s = "integer"; break;
    case MN_T_BIGINT: s = "bigint"; break;
    case MN_T_REAL: s = "real"; break;
    case MN_T_DOUBLE: s = "double"; break;
    case MN_T_DATE: s = "date"; break;
    case MN_T_INTERVAL_DS: s = "interval day to second"; break;
    case MN_T_INTERVAL_YM: s = "interval year to month"; break;
    case MN_T_VARBINARY: s = "varbinary"; break;
    case MN_T_JSON: s = "json"; break;
    case MN_T_DECIMAL: snprintf(buf, cap, "decimal(%d,%d)", t.precision, t.scale); return buf;
    case MN_T_VARCHAR:
        if (t.length < 0) s = "varchar";
        else {
            snprintf(buf, cap, "varchar(%ld)", (long)t.length);
            return buf;
        }
        break;
    case MN_T_CHAR: snprintf(buf, cap, "char(%ld)", (long)t.length); return buf;
    case MN_T_TIMESTAMP: snprintf(buf, cap, "timestamp(%d)", t.precision); return buf;
    case MN_T_TIMESTAMP_TZ: snprintf(buf, cap, "timestamp(%d) with time zone", t.precision); return buf;
    case MN_T_TIME: snprintf(buf, cap, "time(%d)", t.precision); return buf;
    case MN_T_ARRAY:
    case MN_T_MAP:
    case MN_T_ROW: {
        if (!t.ext) break;
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        mn_type_name_nested(t, &sb);
        snprintf(buf, cap, "%s", sb.data && !sb.oom ? sb.data : "?");
        mn_strbuf_free(&sb);
        return buf;
    }
    case MN_T__COUNT: s = "unknown"; break;
    }
    snprintf(buf, cap, "%s", s ? s : "unknown");
    return buf;
}

/* ---- parsing ---------------------------------------------------------------------- */

typedef struct {
    const char *s;
    size_t n, i;
} cursor;

static void skip_ws(cursor *c) {
    while (c->i < c->n && isspace((unsigned char)c->s[c->i])) c->i++;
}

/* Consumes a case-insensitive word (letters/digits/_); true when it equals `w`. */
static bool take_word(cursor *c, const char *w) {
    skip_ws(c);
    size_t j = c->i, k = 0;
    while (j < c->n && (isalnum((unsigned char)c->s[j]) || c->s[j] == '_')) {
        if (w[k] == '\0' || tolower((unsigned char)c->s[j]) != w[k]) return false;
        j++, k++;
    }
    if (w[k] != '\0' || j == c->i) return false;
    c->i = j;
    return true;
}

static bool take_char(cursor *c, char ch) {
    skip_ws(c);
    if (c->i < c->n && c->s[c->i] == ch) {
        c->i++;
        return true;
    }
    return false;
}

/* Unsigned decimal number, at most 10 digits. */
static bool take_number(cursor *c, long long *out) {
    skip_ws(c);
    size_t j = c->i;
    long long v = 0;
    while (j < c->n && isdigit((unsigned char)c->s[j])) {
        if (j - c->i >= 10) return false;
        v = v * 10 + (c->s[j] - '0');
        j++;
    }
    if (j == c->i) return false;
    c->i = j;
    *out = v;
    return true;
}

/* Optional "(n)" or "(p, s)"; returns the count of numbers read (0..max), -1 on error. */
static int take_params(cursor *c, long long *a, long long *b, int max) {
    if (!take_char(c, '(')) return 0;
    if (!take_number(c, a)) return -1;
    int k = 1;
    if (max >= 2 && take_char(c, ',')) {
        if (!take_number(c, b)) return -1;
        k = 2;
    }
    if (!take_char(c, ')')) return -1;
    return k;
}

static bool at_end(cursor *c) {
    skip_ws(c);
    return c->i == c->n;
}

int mn_type_parse(const char *s, size_t n, mn_type *out) {
    cursor c = {s, s ? n : 0, 0};
    mn_type t;
    long long a = 0, b = 0;
    int k;
    if (!s || !out) return -1;
    k = mn_type_parse_nested(s, n, out);
    if (k != 0) return k > 0 ? 0 : -1;

    if (take_word(&c, "boolean") || take_word(&c, "bool")) t = mn_type_make(MN_T_BOOLEAN);
    else if (take_word(&c, "tinyint")) t = mn_type_make(MN_T_TINYINT);
    else if (take_word(&c, "smallint")) t = mn_type_make(MN_T_SMALLINT);
    else if (take_word(&c, "integer") || take_word(&c, "int")) t = mn_type_make(MN_T_INTEGER);
    else if (take_word(&c, "bigint")) t = mn_type_make(MN_T_BIGINT);
    else if (take_word(&c, "real") || take_word(&c, "float")) t = mn_type_make(MN_T_REAL);
    else if (take_word(&c, "double")) {
        (void)take_word(&c, "precision");
        t = mn_type_make(MN_T_DOUBLE);
    } else if (take_word(&c, "decimal") || take_word(&c, "numeric") || take_word(&c, "dec")) {
        k = take_params(&c, &a, &b, 2);
        if (k < 0) return -1;
        if (k == 0) a = 10, b = 0; /* Hive's default; Trino's bare DECIMAL would be (38,0) */
        if (k == 1) b = 0;
        if (a < 1 || a > MN_MAX_DECIMAL_PRECISION || b < 0 || b > a) return -1;
        t = mn_type_decimal((int)a, (int)b);
    } else if (take_word(&c, "string") || take_word(&c, "text")) { /* text: PostgreSQL's name */
        t = mn_type_varchar(-1);
    } else if (take_word(&c, "varchar")) {
        k = take_params(&c, &a, &b, 1);
        if (k < 0 || (k == 1 && a > MAX_VARCHAR_LENGTH)) return -1;
        t = mn_type_varchar(k == 1 ? (int32_t)a : -1);
    } else if (take_word(&c, "character") || take_word(&c, "char")) {
        if (take_word(&c, "varying")) {
            k = take_params(&c, &a, &b, 1);
            if (k < 0 || (k == 1 && a > MAX_VARCHAR_LENGTH)) return -1;
            t = mn_type_varchar(k == 1 ? (int32_t)a : -1);
        } else {
            k = take_params(&c, &a, &b, 1);
            if (k < 0) return -1;
            if (k == 0) a = 1;
            if (a < 1 || a > MAX_CHAR_LENGTH) return -1;
            t = mn_type_make(MN_T_CHAR);
            t.length = (int32_t)a;
        }
    } else if (take_word(&c, "date")) {
        t = mn_type_make(MN_T_DATE);
    } else if (take_word(&c, "timestamp")) {
        k = take_params(&c, &a, &b, 1);
        if (k < 0) return -1;
        t = mn_type_make(MN_T_TIMESTAMP);
        if (k == 1) {
            if (a > 6) return -1; /* values are stored as microseconds: no timestamp(7..12) */
            t.precision = (uint8_t)a;
        }
        if (take_word(&c, "without")) {
            if (!take_word(&c, "time") || !take_word(&c, "zone")) return -1;
        } else if (take_word(&c, "with")) {
            if (!take_word(&c, "time") || !take_word(&c, "zone")) return -1;
            t.id = MN_T_TIMESTAMP_TZ;
        }
    } else if (take_word(&c, "time")) {
        k = take_params(&c, &a, &b, 1);
        if (k < 0 || (k == 1 && a > 6)) return -1;
        t = mn_type_make(MN_T_TIME);
        if (k == 1) t.precision = (uint8_t)a;
        if (take_word(&c, "without")) {
            if (!take_word(&c, "time") || !take_word(&c, "zone")) return -1;
        }
    } else if (take_word(&c, "interval")) {
        if (take_word(&c, "day")) {
            if (!take_word(&c, "to") || !take_word(&c, "second")) return -1;
            t = mn_type_make(MN_T_INTERVAL_DS);
        } else if (take_word(&c, "year")) {
            if (!take_word(&c, "to") || !take_word(&c, "month")) return -1;
            t = mn_type_make(MN_T_INTERVAL_YM);
        } else {
            return -1;
        }
    } else if (take_word(&c, "varbinary") || take_word(&c, "binary")) {
        t = mn_type_make(MN_T_VARBINARY);
    } else if (take_word(&c, "json")) {
        t = mn_type_make(MN_T_JSON);
    } else if (take_word(&c, "unknown")) {
        t = mn_type_make(MN_T_UNKNOWN);
    } else {
        return -1;
    }
    if (!at_end(&c)) return -1;
    *out = t;
    return 0;
}

/* ---- coercion ----------------------------------------------------------------------- */

mn_type mn_type_integer_as_decimal(mn_type t) {
    switch ((mn_type_id)t.id) {
    case MN_T_TINYINT: return mn_type_decimal(3, 0);
    case MN_T_SMALLINT: return mn_type_decimal(5, 0);
    case MN_T_INTEGER: return mn_type_decimal(10, 0);
    case MN_T_BIGINT: return mn_type_decimal(19, 0);
    default: return t;
    }
}

static int imax(int a, int b) { return a > b ? a : b; }

/* Super type of two types with the same id (Trino: decimal/varchar/char/timestamp merge
 * their parameters; everything else is only compatible with itself). */
static mn_type same_base_super(mn_type a, mn_type b) {
    mn_type r = a;
    switch ((mn_type_id)a.id) {
    case MN_T_DECIMAL: {
        int s = imax(a.scale, b.scale);
        int p = imax(a.precision - a.scale, b.precision - b.scale) + s;
        if (p > MN_MAX_DECIMAL_PRECISION) p = MN_MAX_DECIMAL_PRECISION;
        return mn_type_decimal(p, s);
    }
    case MN_T_VARCHAR:
        if (a.length < 0 || b.length < 0) return mn_type_varchar(-1);
        return mn_type_varchar(a.length > b.length ? a.length : b.length);
    case MN_T_CHAR: r.length = a.length > b.length ? a.length : b.length; return r;
    case MN_T_TIMESTAMP:
    case MN_T_TIMESTAMP_TZ:
    case MN_T_TIME: r.precision = (uint8_t)imax(a.precision, b.precision); return r;
    default: return r;
    }
}

/* Trino's coerceTypeBase: `from` re-expressed in the base `to_id`, when one exists. */
static bool coerce_base(mn_type from, mn_type_id to_id, mn_type *out) {
    if (from.id == to_id) {
        *out = from;
        return true;
    }
    switch ((mn_type_id)from.id) {
    case MN_T_UNKNOWN:
        if (to_id == MN_T_VARCHAR) *out = mn_type_varchar(0);
        else if (to_id == MN_T_CHAR) {
            *out = mn_type_make(MN_T_CHAR);
            out->length = 0;
        } else if (to_id == MN_T_DECIMAL) *out = mn_type_decimal(1, 0);
        else *out = mn_type_make(to_id);
        return true;
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT:
        if (to_id == MN_T_DECIMAL) {
            *out = mn_type_integer_as_decimal(from);
            return true;
        }
        if ((to_id >= MN_T_TINYINT && to_id <= MN_T_BIGINT && to_id > from.id) || to_id == MN_T_REAL ||
            to_id == MN_T_DOUBLE) {
            *out = mn_type_make(to_id);
            return true;
        }
        return false;
    case MN_T_DECIMAL:
        if (to_id == MN_T_REAL || to_id == MN_T_DOUBLE) {
            *out = mn_type_make(to_id);
            return true;
        }
        return false;
    case MN_T_REAL:
        if (to_id == MN_T_DOUBLE) {
            *out = mn_type_make(MN_T_DOUBLE);
            return true;
        }
        return false;
    case MN_T_DATE: /* date -> timestamp(0) / timestamp(0) with time zone */
        if (to_id == MN_T_TIMESTAMP || to_id == MN_T_TIMESTAMP_TZ) {
            *out = mn_type_make(to_id);
            out->precision = 0;
            return true;
        }
        return false;
    case MN_T_TIMESTAMP: /* timestamp(p) -> timestamp(p) with time zone (session zone) */
        if (to_id == MN_T_TIMESTAMP_TZ) {
            *out = from;
            out->id = MN_T_TIMESTAMP_TZ;
            return true;
        }
        return false;
    case MN_T_CHAR: /* current Trino: char(n) -> varchar(n); varchar never becomes char */
        if (to_id == MN_T_VARCHAR) {
            *out = mn_type_varchar(from.length);
            return true;
        }
        return false;
    default: return false;
    }
}

/* Trino's TypeCompatibility: *super gets the common super type, *coercible whether
 * `from` converts implicitly to exactly `to`. Returns false when incompatible. */
static bool compatibility(mn_type from, mn_type to, mn_type *super, bool *coercible) {
    mn_type c;
    if (mn_type_equal(from, to) || from.id == MN_T_UNKNOWN) {
        *super = to;
        *coercible = true;
        return true;
    }
    if (to.id == MN_T_UNKNOWN) {
        *super = from;
        *coercible = false;
        return true;
    }
    if (mn_type_is_nested(from) || mn_type_is_nested(to)) {
        if (!mn_nested_common_super(from, to, super)) return false;
        *coercible = mn_nested_can_coerce(from, to);
        return true;
    }
    if (from.id == to.id) {
        switch ((mn_type_id)from.id) {
        case MN_T_DECIMAL:
        case MN_T_VARCHAR:
        case MN_T_CHAR:
        case MN_T_TIMESTAMP:
        case MN_T_TIMESTAMP_TZ:
        case MN_T_TIME:
            *super = same_base_super(from, to);
            *coercible = mn_type_equal(*super, to);
            return true;
        default: return false;
        }
    }
    if (coerce_base(from, (mn_type_id)to.id, &c)) return compatibility(c, to, super, coercible);
    if (coerce_base(to, (mn_type_id)from.id, &c)) {
        bool ignored;
        if (!compatibility(from, c, super, &ignored)) return false;
        *coercible = false;
        return true;
    }
    return false;
}

bool mn_type_common_super(mn_type a, mn_type b, mn_type *out) {
    mn_type s;
    bool coercible;
    if (!compatibility(a, b, &s, &coercible)) return false;
    if (out) *out = s;
    return true;
}

bool mn_type_can_coerce(mn_type from, mn_type to) {
    mn_type s;
    bool coercible = false;
    if (!compatibility(from, to, &s, &coercible)) return false;
    return coercible;
}
