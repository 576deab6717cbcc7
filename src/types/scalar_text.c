/* scalar_text.c — text <-> scalar conversions with Trino's CAST(varchar AS T) rules
 * (Java's Long.parseLong / Double.parseDouble on the trimmed text) and Trino's value
 * rendering, including Java's Double.toString / Float.toString shortest-digit layout. */
#include "types/scalar_text.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "types/datetime.h"
#include "types/decimal.h"

/* Java's String.trim(): drops every char <= U+0020 at both ends. */
static void trim(const char **s, size_t *n) {
    while (*n > 0 && (unsigned char)(*s)[0] <= ' ') (*s)++, (*n)--;
    while (*n > 0 && (unsigned char)(*s)[*n - 1] <= ' ') (*n)--;
}

int mn_parse_int64(const char *s, size_t n, int64_t *out) {
    size_t i = 0;
    bool neg = false, overflow = false;
    uint64_t mag = 0;
    if (!s) return -1;
    trim(&s, &n);
    if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (i == n) return -1;
    const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        unsigned dgt = (unsigned)(s[i] - '0');
        if (mag > (limit - dgt) / 10) overflow = true; /* keep scanning: junk still wins */
        else mag = mag * 10 + dgt;
    }
    if (overflow) return -2;
    *out = neg ? (int64_t)((uint64_t)0 - mag) : (int64_t)mag;
    return 0;
}

int mn_parse_integer_type(const char *s, size_t n, mn_type_id id, int64_t *out) {
    int64_t v;
    int rc = mn_parse_int64(s, n, &v);
    if (rc != 0) return rc;
    int64_t lo = INT64_MIN, hi = INT64_MAX;
    switch (id) {
    case MN_T_TINYINT: lo = INT8_MIN, hi = INT8_MAX; break;
    case MN_T_SMALLINT: lo = INT16_MIN, hi = INT16_MAX; break;
    case MN_T_INTEGER: lo = INT32_MIN, hi = INT32_MAX; break;
    case MN_T_BIGINT: break;
    default: return -1;
    }
    if (v < lo || v > hi) return -2;
    *out = v;
    return 0;
}

/* Validates Java's floating literal grammar (FloatingDecimal.readJavaFormatString minus
 * hexadecimal): [+-](NaN|Infinity|digits[.digits]|.digits)[(e|E)[+-]digits][fFdD].
 * Returns the length of the numeric part (without suffix) or 0 when invalid; sets
 * *special to 1 for NaN, 2 for Infinity. */
static size_t java_float_syntax(const char *s, size_t n, int *special, bool *neg) {
    size_t i = 0, digits = 0;
    *special = 0;
    *neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) *neg = s[i++] == '-';
    if (n - i == 3 && memcmp(s + i, "NaN", 3) == 0) {
        *special = 1;
        return n;
    }
    if (n - i == 8 && memcmp(s + i, "Infinity", 8) == 0) {
        *special = 2;
        return n;
    }
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
    }
    if (digits == 0) return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t ed = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, ed++;
        if (ed == 0) return 0;
    }
    size_t end = i;
    if (i < n && (s[i] == 'f' || s[i] == 'F' || s[i] == 'd' || s[i] == 'D')) i++;
    return i == n ? end : 0;
}

/* Parses with strtod/strtof on a NUL-terminated copy; Java semantics for overflow
 * (±Infinity) and underflow (0 or subnormal), so ERANGE is not an error. */
static int parse_floating(const char *s, size_t n, bool as_float, double *out) {
    int special;
    bool neg;
    char small[128], *copy = small;
    if (!s) return -1;
    trim(&s, &n);
    size_t len = java_float_syntax(s, n, &special, &neg);
    if (len == 0) return -1;
    if (special == 1) {
        *out = NAN;
        return 0;
    }
    if (special == 2) {
        *out = neg ? -INFINITY : INFINITY;
        return 0;
    }
    if (len >= sizeof small) {
        copy = malloc(len + 1);
        if (!copy) return -1;
    }
    memcpy(copy, s, len);
    copy[len] = '\0';
    *out = as_float ? (double)strtof(copy, NULL) : strtod(copy, NULL);
    if (copy != small) free(copy);
    return 0;
}

int mn_parse_double(const char *s, size_t n, double *out) { return parse_floating(s, n, false, out); }

int mn_parse_real(const char *s, size_t n, float *out) {
    double d;
    int rc = parse_floating(s, n, true, &d);
    if (rc == 0) *out = (float)d; /* exact: d already holds a float value */
    return rc;
}

static bool equals_ci(const char *s, const char *lower, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != lower[i]) return false;
    }
    return true;
}

/* Trino's castToBoolean: exactly 't','f','1','0','true','false' in any case, and -- unlike
 * the numeric casts -- without trimming white space. */
int mn_parse_boolean(const char *s, size_t n, uint8_t *out) {
    if (!s) return -1;
    if ((n == 1 && (equals_ci(s, "t", 1) || s[0] == '1')) || (n == 4 && equals_ci(s, "true", 4))) {
        *out = 1;
        return 0;
    }
    if ((n == 1 && (equals_ci(s, "f", 1) || s[0] == '0')) || (n == 5 && equals_ci(s, "false", 5))) {
        *out = 0;
        return 0;
    }
    return -1;
}

/* ---- Java Double.toString / Float.toString ------------------------------------------------ */

static bool round_trips(const char *text, double d, bool is_float) {
    if (is_float) return strtof(text, NULL) == (float)d;
    return strtod(text, NULL) == d;
}

/* Splits "%.Ne" output "d.ddde[+-]xx" into digits and exponent. */
static void split_sci(const char *text, char *digits, int *nd, int *exp10) {
    int k = 0;
    const char *p = text;
    for (; *p && *p != 'e'; p++) {
        if (*p >= '0' && *p <= '9') digits[k++] = *p;
    }
    *nd = k;
    *exp10 = *p == 'e' ? atoi(p + 1) : 0;
}

/* Shortest digits that read back as d (|d| finite, non-zero), as JDK 19+ chooses them:
 * the shortest length L >= 2 at which some L-digit decimal rounds to d, and the one
 * closest to d. Correct rounding at length L (printf) gives the closest candidate; at a
 * power of two, whose lower neighbour is nearer, the next decimal up may be the only
 * one inside the rounding interval, so it is tried as well. Trailing zeros are dropped;
 * the value is 0.d1d2... x 10^(exp10+1), i.e. d1.d2... x 10^exp10. */
int mn_shortest_digits(double d, bool is_float, char *digits, int *exp10) {
    char text[64];
    int nd = 0;
    int maxp = is_float ? 9 : 17;
    int e2;
    bool pow2 = is_float ? frexpf((float)fabs(d), &e2) == 0.5f : frexp(fabs(d), &e2) == 0.5;
    d = fabs(d);
    for (int p = 2; p <= maxp; p++) {
        snprintf(text, sizeof text, "%.*e", p - 1, d);
        if (round_trips(text, d, is_float)) break;
        if (pow2) {
            char up[64], dg[24];
            int n2, x2;
            split_sci(text, dg, &n2, &x2);
            int i = n2 - 1;
            while (i >= 0 && dg[i] == '9') dg[i--] = '0';
            if (i >= 0) {
                dg[i]++;
                snprintf(up, sizeof up, "%c.%.*se%d", dg[0], n2 - 1, dg + 1, x2);
            } else {
                snprintf(up, sizeof up, "1.%.*se%d", n2 - 1, dg + 1, x2 + 1);
            }
            if (round_trips(up, d, is_float)) {
                snprintf(text, sizeof text, "%s", up);
                break;
            }
        }
    }
    split_sci(text, digits, &nd, exp10);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = '\0';
    return nd;
}

static size_t java_layout(double d, bool is_float, char *buf) {
    size_t len = 0;
    if (isnan(d)) return (size_t)sprintf(buf, "NaN");
    if (isinf(d)) return (size_t)sprintf(buf, d < 0 ? "-Infinity" : "Infinity");
    if (signbit(d)) buf[len++] = '-';
    if (d == 0) {
        memcpy(buf + len, "0.0", 4);
        return len + 3;
    }
    char digits[24];
    int e;
    int nd = mn_shortest_digits(d, is_float, digits, &e);
    if (e >= -3 && e < 7) {
        if (e >= 0) {
            for (int i = 0; i <= e; i++) buf[len++] = i < nd ? digits[i] : '0';
            buf[len++] = '.';
            if (nd > e + 1) {
                for (int i = e + 1; i < nd; i++) buf[len++] = digits[i];
            } else {
                buf[len++] = '0';
            }
        } else {
            buf[len++] = '0';
            buf[len++] = '.';
            for (int i = 0; i < -e - 1; i++) buf[len++] = '0';
            for (int i = 0; i < nd; i++) buf[len++] = digits[i];
        }
        buf[len] = '\0';
        return len;
    }
    buf[len++] = digits[0];
    buf[len++] = '.';
    if (nd > 1) {
        for (int i = 1; i < nd; i++) buf[len++] = digits[i];
    } else {
        buf[len++] = '0';
    }
    len += (size_t)sprintf(buf + len, "E%d", e);
    return len;
}

size_t mn_format_double(double d, char *buf) { return java_layout(d, false, buf); }

size_t mn_format_real(float f, char *buf) { return java_layout((double)f, true, buf); }

/* ---- generic value rendering --------------------------------------------------------------- */

size_t mn_format_value(mn_type t, const void *slot, char *buf) {
    buf[0] = '\0';
    if (!slot) return 0;
    switch ((mn_type_id)t.id) {
    case MN_T_BOOLEAN: {
        uint8_t v;
        memcpy(&v, slot, sizeof v);
        return (size_t)sprintf(buf, "%s", v ? "true" : "false");
    }
    case MN_T_TINYINT: {
        int8_t v;
        memcpy(&v, slot, sizeof v);
        return (size_t)sprintf(buf, "%d", (int)v);
    }
    case MN_T_SMALLINT: {
        int16_t v;
        memcpy(&v, slot, sizeof v);
        return (size_t)sprintf(buf, "%d", (int)v);
    }
    case MN_T_INTEGER: {
        int32_t v;
        memcpy(&v, slot, sizeof v);
        return (size_t)sprintf(buf, "%ld", (long)v);
    }
    case MN_T_BIGINT: {
        int64_t v;
        memcpy(&v, slot, sizeof v);
        return (size_t)sprintf(buf, "%lld", (long long)v);
    }
    case MN_T_REAL: {
        float v;
        memcpy(&v, slot, sizeof v);
        return mn_format_real(v, buf);
    }
    case MN_T_DOUBLE: {
        double v;
        memcpy(&v, slot, sizeof v);
        return mn_format_double(v, buf);
    }
    case MN_T_DECIMAL: {
        mn_i128 v;
        memcpy(&v, slot, sizeof v);
        return mn_decimal_format(v, t.scale, buf);
    }
    case MN_T_DATE: {
        int32_t v;
        memcpy(&v, slot, sizeof v);
        return mn_date_format(v, buf);
    }
    case MN_T_TIMESTAMP: {
        int64_t v;
        memcpy(&v, slot, sizeof v);
        return mn_timestamp_format(v, t.precision, buf);
    }
    case MN_T_TIME: {
        int64_t v;
        memcpy(&v, slot, sizeof v);
        return mn_time_format(v, t.precision, buf);
    }
    case MN_T_TIMESTAMP_TZ: {
        mn_i128 v;
        memcpy(&v, slot, sizeof v);
        return mn_tstz_format(v, t.precision, buf);
    }
    case MN_T_INTERVAL_DS: {
        int64_t v;
        memcpy(&v, slot, sizeof v);
        return mn_interval_ds_format(v, buf);
    }
    case MN_T_INTERVAL_YM: {
        int32_t v;
        memcpy(&v, slot, sizeof v);
        return mn_interval_ym_format(v, buf);
    }
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_VARBINARY:
    case MN_T_JSON:
    case MN_T_ARRAY: /* varlen: the caller renders those */
    case MN_T_MAP:
    case MN_T_ROW:
    case MN_T_UNKNOWN:
    case MN_T__COUNT: break;
    }
    return 0;
}

int mn_format_varbinary_hex(const void *p, size_t n, struct mn_strbuf *out) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *b = p;
    char buf[96];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k + 3 > sizeof buf) {
            if (mn_strbuf_append(out, buf, k)) return -1;
            k = 0;
        }
        if (i) buf[k++] = ' ';
        buf[k++] = hex[b[i] >> 4];
        buf[k++] = hex[b[i] & 15];
    }
    return k ? mn_strbuf_append(out, buf, k) : 0;
}

/* ---- base64 ---- */

size_t mn_base64_encoded_len(size_t n) { return (n + 2) / 3 * 4; }

size_t mn_base64_encode(const void *p, size_t n, bool url, char *out) {
    const char *al = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                         : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *b = p;
    size_t o = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)b[i] << 16 | (uint32_t)b[i + 1] << 8 | b[i + 2];
        out[o++] = al[v >> 18];
        out[o++] = al[(v >> 12) & 63];
        out[o++] = al[(v >> 6) & 63];
        out[o++] = al[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)b[i] << 16;
        out[o++] = al[v >> 18];
        out[o++] = al[(v >> 12) & 63];
        out[o++] = '=';
        out[o++] = '=';
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)b[i] << 16 | (uint32_t)b[i + 1] << 8;
        out[o++] = al[v >> 18];
        out[o++] = al[(v >> 12) & 63];
        out[o++] = al[(v >> 6) & 63];
        out[o++] = '=';
    }
    return o;
}

static int b64_value(unsigned char c, bool url) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == (url ? '-' : '+')) return 62;
    if (c == (url ? '_' : '/')) return 63;
    if (c == '=') return -2;
    return -1;
}

int mn_base64_decode(const char *s, size_t n, bool url, unsigned char *out, size_t *outlen, char *msgbuf,
                     const char **msg) {
    const unsigned char *src = (const unsigned char *)s;
    size_t sp = 0, dp = 0;
    uint32_t bits = 0;
    int shiftto = 18;
    *outlen = 0;
    if (n == 0) return 0;
    if (n < 2) {
        *msg = "Input byte[] should at least have 2 bytes for base64 bytes";
        return -1;
    }
    while (sp < n) {
        int b = b64_value(src[sp++], url);
        if (b < 0) {
            if (b == -2) {
                /* '=' ends the data: it must complete a unit of 2 or 3 characters */
                if ((shiftto == 6 && (sp == n || src[sp++] != '=')) || shiftto == 18) {
                    *msg = "Input byte array has wrong 4-byte ending unit";
                    return -1;
                }
                break;
            }
            /* Java prints the (signed) byte in hexadecimal */
            snprintf(msgbuf, 96, "Illegal base64 character %s%x", (signed char)src[sp - 1] < 0 ? "-" : "",
                     (unsigned)abs((int)(signed char)src[sp - 1]));
            *msg = msgbuf;
            return -1;
        }
        bits |= (uint32_t)b << shiftto;
        shiftto -= 6;
        if (shiftto < 0) {
            out[dp++] = (unsigned char)(bits >> 16);
            out[dp++] = (unsigned char)(bits >> 8);
            out[dp++] = (unsigned char)bits;
            shiftto = 18;
            bits = 0;
        }
    }
    if (shiftto == 6) {
        out[dp++] = (unsigned char)(bits >> 16);
    } else if (shiftto == 0) {
        out[dp++] = (unsigned char)(bits >> 16);
        out[dp++] = (unsigned char)(bits >> 8);
    } else if (shiftto == 12) {
        *msg = "Last unit does not have enough valid bits";
        return -1;
    }
    if (sp < n) {
        snprintf(msgbuf, 96, "Input byte array has incorrect ending byte at %zu", sp);
        *msg = msgbuf;
        return -1;
    }
    *outlen = dp;
    return 0;
}

int mn_parse_scalar_slot(mn_type t, const char *p, size_t n, void *slot) {
    switch (t.id) {
    case MN_T_BOOLEAN: return mn_parse_boolean(p, n, (uint8_t *)slot) == 0 ? 0 : -1;
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT: {
        int64_t v;
        if (mn_parse_integer_type(p, n, (mn_type_id)t.id, &v) != 0) return -1;
        if (t.id == MN_T_TINYINT) *(int8_t *)slot = (int8_t)v;
        else if (t.id == MN_T_SMALLINT) *(int16_t *)slot = (int16_t)v;
        else if (t.id == MN_T_INTEGER) *(int32_t *)slot = (int32_t)v;
        else *(int64_t *)slot = v;
        return 0;
    }
    case MN_T_REAL:
    case MN_T_DOUBLE: {
        double d;
        if (mn_parse_double(p, n, &d) != 0) return -1;
        if (t.id == MN_T_REAL) *(float *)slot = (float)d;
        else *(double *)slot = d;
        return 0;
    }
    case MN_T_DECIMAL: {
        mn_i128 v;
        if (mn_decimal_parse(p, n, t.precision, t.scale, &v) != MN_DEC_OK) return -1;
        memcpy(slot, &v, sizeof v);
        return 0;
    }
    case MN_T_DATE: return mn_date_parse(p, n, (int32_t *)slot) == 0 ? 0 : -1;
    case MN_T_TIMESTAMP: return mn_timestamp_parse(p, n, (int64_t *)slot, NULL) == 0 ? 0 : -1;
    case MN_T_TIME: return mn_time_parse(p, n, (int64_t *)slot, NULL) == 0 ? 0 : -1;
    case MN_T_TIMESTAMP_TZ: { /* a value without a zone is UTC (the session zone) */
        mn_i128 v;
        int rc = mn_tstz_parse(p, n, &v, NULL, NULL, NULL);
        if (rc < 0) return -1;
        if (rc == 1) v = mn_tstz_pack((int64_t)v, 0);
        memcpy(slot, &v, sizeof v);
        return 0;
    }
    default: return -1;
    }
}

size_t mn_text_truncate_chars(mn_type t, const char *s, size_t n) {
    if (t.length < 0 || n <= (size_t)t.length) return n;
    size_t chars = 0, k = 0;
    for (; k < n; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80 && chars++ == (size_t)t.length) break;
    return k;
}
