/* decimal.c — DECIMAL(p,s) arithmetic on 128-bit unscaled values (Trino semantics:
 * HALF_UP rounding, errors instead of wrapped results). Common cases run on native
 * __int128; anything whose intermediate may exceed 128 bits falls back to a small
 * 256-bit unsigned helper (four 64-bit limbs) working on magnitudes. */
#include "types/decimal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types/scalar_text.h"

#define P19 ((mn_i128)10000000000000000000ULL)

const mn_i128 mn_pow10_i128[39] = {
    1,
    10,
    100,
    1000,
    10000,
    100000,
    1000000,
    10000000,
    100000000,
    1000000000,
    10000000000LL,
    100000000000LL,
    1000000000000LL,
    10000000000000LL,
    100000000000000LL,
    1000000000000000LL,
    10000000000000000LL,
    100000000000000000LL,
    1000000000000000000LL,
    P19,
    P19 * 10,
    P19 * 100,
    P19 * 1000,
    P19 * 10000,
    P19 * 100000,
    P19 * 1000000,
    P19 * 10000000,
    P19 * 100000000,
    P19 * 1000000000,
    P19 * 10000000000LL,
    P19 * 100000000000LL,
    P19 * 1000000000000LL,
    P19 * 10000000000000LL,
    P19 * 100000000000000LL,
    P19 * 1000000000000000LL,
    P19 * 10000000000000000LL,
    P19 * 100000000000000000LL,
    P19 * 1000000000000000000LL,
    P19 * P19,
};

/* ---- 256-bit unsigned helper ------------------------------------------------------- */

typedef struct {
    uint64_t w[4]; /* little-endian limbs */
} u256;

static u256 u256_from(mn_u128 v) {
    u256 r = {{(uint64_t)v, (uint64_t)(v >> 64), 0, 0}};
    return r;
}

static bool u256_is_zero(const u256 *a) { return (a->w[0] | a->w[1] | a->w[2] | a->w[3]) == 0; }

static mn_u128 u256_low(const u256 *a) { return ((mn_u128)a->w[1] << 64) | a->w[0]; }

static int u256_cmp(const u256 *a, const u256 *b) {
    for (int i = 3; i >= 0; i--) {
        if (a->w[i] != b->w[i]) return a->w[i] < b->w[i] ? -1 : 1;
    }
    return 0;
}

/* r = a + b; returns true on carry out of 256 bits. */
static bool u256_add(const u256 *a, const u256 *b, u256 *r) {
    mn_u128 carry = 0;
    for (int i = 0; i < 4; i++) {
        mn_u128 s = (mn_u128)a->w[i] + b->w[i] + carry;
        r->w[i] = (uint64_t)s;
        carry = s >> 64;
    }
    return carry != 0;
}

/* r = a - b, requires a >= b. */
static void u256_sub(const u256 *a, const u256 *b, u256 *r) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t x = a->w[i], y = b->w[i];
        uint64_t d = x - y - borrow;
        borrow = (x < y || (x == y && borrow)) ? 1 : 0;
        r->w[i] = d;
    }
}

/* r = a * m; returns true when the product does not fit 256 bits. */
static bool u256_mul(const u256 *a, mn_u128 m, u256 *r) {
    uint64_t mw[2] = {(uint64_t)m, (uint64_t)(m >> 64)};
    uint64_t out[6] = {0};
    for (int j = 0; j < 2; j++) {
        mn_u128 carry = 0;
        for (int i = 0; i < 4; i++) {
            mn_u128 t = (mn_u128)a->w[i] * mw[j] + out[i + j] + carry;
            out[i + j] = (uint64_t)t;
            carry = t >> 64;
        }
        out[4 + j] = (uint64_t)carry;
    }
    memcpy(r->w, out, sizeof r->w);
    return (out[4] | out[5]) != 0;
}

/* a *= 10^k for any k >= 0; returns true on overflow of 256 bits. */
static bool u256_mul_pow10(u256 *a, int k) {
    while (k > 0) {
        int step = k > 38 ? 38 : k;
        if (u256_is_zero(a)) return false;
        if (u256_mul(a, (mn_u128)mn_pow10_i128[step], a)) return true;
        k -= step;
    }
    return false;
}

static int u256_bits(const u256 *a) {
    for (int i = 3; i >= 0; i--) {
        if (a->w[i]) return i * 64 + 64 - __builtin_clzll(a->w[i]);
    }
    return 0;
}

/* q = n / d, r = n % d; d must be non-zero. Plain shift-subtract: only used on the
 * rare paths where native 128-bit arithmetic cannot hold the intermediates. */
static void u256_divmod(const u256 *n, const u256 *d, u256 *q, u256 *r) {
    u256 quo = {{0, 0, 0, 0}}, rem = {{0, 0, 0, 0}};
    for (int bit = u256_bits(n) - 1; bit >= 0; bit--) {
        /* rem = rem << 1 | bit(n) */
        for (int i = 3; i > 0; i--) rem.w[i] = (rem.w[i] << 1) | (rem.w[i - 1] >> 63);
        rem.w[0] = (rem.w[0] << 1) | ((n->w[bit / 64] >> (bit % 64)) & 1);
        if (u256_cmp(&rem, d) >= 0) {
            u256_sub(&rem, d, &rem);
            quo.w[bit / 64] |= (uint64_t)1 << (bit % 64);
        }
    }
    *q = quo;
    *r = rem;
}

/* Divides by 10^k rounding HALF_UP (on the magnitude, i.e. ties away from zero). */
static void u256_div_pow10_round(u256 *a, int k) {
    while (k > 0) {
        int step = k > 38 ? 38 : k;
        u256 d = u256_from((mn_u128)mn_pow10_i128[step]), q, r, twice;
        u256_divmod(a, &d, &q, &r);
        bool carry = u256_add(&r, &r, &twice);
        /* Earlier steps drop the least significant digits: truncating them cannot change
         * the HALF_UP decision, which the last (most significant) step makes. */
        if (step == k && (carry || u256_cmp(&twice, &d) >= 0)) {
            u256 one = u256_from(1);
            u256_add(&q, &one, &q);
        }
        *a = q;
        k -= step;
    }
}

static mn_u128 mag128(mn_i128 v) { return v < 0 ? (mn_u128)0 - (mn_u128)v : (mn_u128)v; }

/* Converts a signed magnitude at scale `from` into the result at (`precision`, `to`). */
static int finish(bool neg, u256 mag, int from, int to, int precision, mn_i128 *out) {
    if (to > from) {
        if (u256_mul_pow10(&mag, to - from)) return MN_DEC_OVERFLOW;
    } else if (to < from) {
        u256_div_pow10_round(&mag, from - to);
    }
    if (precision < 1 || precision > MN_MAX_DECIMAL_PRECISION) precision = MN_MAX_DECIMAL_PRECISION;
    u256 limit = u256_from((mn_u128)mn_pow10_i128[precision]);
    if (u256_cmp(&mag, &limit) >= 0) return MN_DEC_OVERFLOW;
    mn_u128 m = u256_low(&mag);
    *out = neg ? -(mn_i128)m : (mn_i128)m;
    return MN_DEC_OK;
}

static int check_fits(mn_i128 v, int precision, mn_i128 *out) {
    if (!mn_decimal_fits(v, precision)) return MN_DEC_OVERFLOW;
    *out = v;
    return MN_DEC_OK;
}

bool mn_decimal_fits(mn_i128 v, int precision) {
    if (precision > MN_MAX_DECIMAL_PRECISION) return true;
    if (precision < 0) return false;
    mn_i128 p = mn_pow10_i128[precision];
    return v > -p && v < p;
}

/* ---- text ---------------------------------------------------------------------------- */

typedef struct {
    bool neg;
    const char *ip; /* integer digits */
    size_t in;
    const char *fp; /* fraction digits */
    size_t fn;
    bool has_exp;
    long exp;
} numtext;

static bool is_space(char c) { return (unsigned char)c <= ' '; }

/* "[ws][+-]digits[.digits][(e|E)[+-]digits][ws]" with at least one mantissa digit. */
static bool scan_number(const char *s, size_t n, numtext *t) {
    size_t i = 0;
    memset(t, 0, sizeof *t);
    if (!s) return false;
    while (n > 0 && is_space(s[n - 1])) n--;
    while (i < n && is_space(s[i])) i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) t->neg = s[i++] == '-';
    t->ip = s + i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, t->in++;
    t->fp = s + i;
    if (i < n && s[i] == '.') {
        i++;
        t->fp = s + i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, t->fn++;
    }
    if (t->in + t->fn == 0) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        bool eneg = false;
        size_t digits = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (t->exp < 100000000L) t->exp = t->exp * 10 + (s[i] - '0');
            i++, digits++;
        }
        if (digits == 0) return false;
        if (eneg) t->exp = -t->exp;
        t->has_exp = true;
    }
    return i == n;
}

static char digit_at(const numtext *t, size_t i) { return i < t->in ? t->ip[i] : t->fp[i - t->in]; }

/* Unscaled value of t at `scale`, rounded HALF_UP, checked against `precision`. */
static int numtext_value(const numtext *t, int precision, int scale, mn_i128 *out) {
    size_t total = t->in + t->fn;
    long shift = t->exp - (long)t->fn + scale; /* value = digits * 10^shift */
    long keep = (long)total + (shift < 0 ? shift : 0);
    mn_u128 mag = 0;
    const mn_u128 limit = (mn_u128)mn_pow10_i128[MN_MAX_DECIMAL_PRECISION];
    for (long i = 0; i < keep; i++) {
        mag = mag * 10 + (mn_u128)(digit_at(t, (size_t)i) - '0');
        if (mag >= limit) return MN_DEC_OVERFLOW;
    }
    if (shift < 0 && keep >= 0 && keep < (long)total && digit_at(t, (size_t)keep) >= '5') mag++;
    if (shift > 0 && mag != 0) {
        if (shift > MN_MAX_DECIMAL_PRECISION) return MN_DEC_OVERFLOW;
        if (mag > limit / (mn_u128)mn_pow10_i128[shift]) return MN_DEC_OVERFLOW;
        mag *= (mn_u128)mn_pow10_i128[shift];
    }
    if (mag >= limit) return MN_DEC_OVERFLOW;
    mn_i128 v = t->neg ? -(mn_i128)mag : (mn_i128)mag;
    return check_fits(v, precision, out);
}

int mn_decimal_parse(const char *s, size_t n, int precision, int scale, mn_i128 *out) {
    numtext t;
    if (!scan_number(s, n, &t)) return MN_DEC_INVALID;
    if (scale < 0 || scale > MN_MAX_DECIMAL_PRECISION) return MN_DEC_INVALID;
    return numtext_value(&t, precision, scale, out);
}

/* Trino (Decimals.parse): scale = fraction digits; precision = integer digits without
 * leading zeros + scale, at least 1. So "0.01" -> decimal(2,2), "100.00" -> decimal(5,2),
 * "0" -> decimal(1,0). Exponents are not decimal literals (they are DOUBLE). */
int mn_decimal_parse_literal(const char *s, size_t n, mn_i128 *value, mn_type *type) {
    numtext t;
    if (!scan_number(s, n, &t) || t.has_exp) return MN_DEC_INVALID;
    size_t lead = 0;
    while (lead < t.in && t.ip[lead] == '0') lead++;
    size_t p = (t.in - lead) + t.fn;
    if (p == 0) p = 1;
    if (p > MN_MAX_DECIMAL_PRECISION || t.fn > MN_MAX_DECIMAL_PRECISION) return MN_DEC_OVERFLOW;
    mn_i128 v;
    int rc = numtext_value(&t, (int)p, (int)t.fn, &v);
    if (rc != MN_DEC_OK) return rc;
    if (value) *value = v;
    if (type) *type = mn_type_decimal((int)p, (int)t.fn);
    return MN_DEC_OK;
}

size_t mn_decimal_format(mn_i128 v, int scale, char *buf) {
    char digits[48];
    int nd = 0;
    mn_u128 m = mag128(v);
    if (scale < 0) scale = 0;
    if (scale > MN_MAX_DECIMAL_PRECISION) scale = MN_MAX_DECIMAL_PRECISION;
    do {
        digits[nd++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m != 0);
    while (nd < scale + 1) digits[nd++] = '0';
    size_t len = 0;
    if (v < 0) buf[len++] = '-';
    for (int i = nd - 1; i >= 0; i--) {
        buf[len++] = digits[i];
        if (i == scale && scale > 0) buf[len++] = '.';
    }
    buf[len] = '\0';
    return len;
}

int mn_decimal_rescale(mn_i128 v, int from_scale, int to_scale, int to_precision, mn_i128 *out) {
    if (from_scale == to_scale) return check_fits(v, to_precision, out);
    if (to_scale > from_scale && to_scale - from_scale <= MN_MAX_DECIMAL_PRECISION) {
        mn_i128 r;
        if (__builtin_mul_overflow(v, mn_pow10_i128[to_scale - from_scale], &r)) return MN_DEC_OVERFLOW;
        return check_fits(r, to_precision, out);
    }
    return finish(v < 0, u256_from(mag128(v)), from_scale, to_scale, to_precision, out);
}

/* ---- result types ------------------------------------------------------------------------ */

static int imax(int a, int b) { return a > b ? a : b; }
static int imin(int a, int b) { return a < b ? a : b; }

mn_type mn_decimal_add_type(mn_type a, mn_type b) {
    int s = imax(a.scale, b.scale);
    int p = imin(MN_MAX_DECIMAL_PRECISION, imax(a.precision - a.scale, b.precision - b.scale) + s + 1);
    return mn_type_decimal(p, s);
}

/* Scale s1+s2 may exceed 38 (then scale > precision): Trino rejects such a product;
 * callers must check with mn_decimal_type_valid. */
mn_type mn_decimal_mul_type(mn_type a, mn_type b) {
    return mn_type_decimal(imin(MN_MAX_DECIMAL_PRECISION, a.precision + b.precision), a.scale + b.scale);
}

mn_type mn_decimal_div_type(mn_type a, mn_type b) {
    int s = imax(a.scale, b.scale);
    int p = imin(MN_MAX_DECIMAL_PRECISION, a.precision + b.scale + imax(0, b.scale - a.scale));
    return mn_type_decimal(p, s);
}

mn_type mn_decimal_mod_type(mn_type a, mn_type b) {
    int s = imax(a.scale, b.scale);
    int p = imin(MN_MAX_DECIMAL_PRECISION, imin(a.precision - a.scale, b.precision - b.scale) + s);
    if (p < 1) p = 1;
    return mn_type_decimal(p, s);
}

bool mn_decimal_type_valid(mn_type t) {
    return t.id == MN_T_DECIMAL && t.precision >= 1 && t.precision <= MN_MAX_DECIMAL_PRECISION &&
           t.scale <= t.precision;
}

/* ---- arithmetic ------------------------------------------------------------------------- */

/* Signed magnitude of v * 10^k as 256 bits (k <= 76 never overflows for |v| < 2^127). */
static bool scaled_mag(mn_i128 v, int k, u256 *out) {
    *out = u256_from(mag128(v));
    return !u256_mul_pow10(out, k);
}

static int add_general(mn_i128 a, int sa, mn_i128 b, int sb, bool negate_b, mn_type rt, mn_i128 *out) {
    int s = imax(sa, sb);
    u256 ma, mb, sum;
    bool na = a < 0, nb = (b < 0) != negate_b;
    if (b == 0) nb = false;
    if (!scaled_mag(a, s - sa, &ma) || !scaled_mag(b, s - sb, &mb)) return MN_DEC_OVERFLOW;
    bool neg;
    if (na == nb) {
        if (u256_add(&ma, &mb, &sum)) return MN_DEC_OVERFLOW;
        neg = na;
    } else if (u256_cmp(&ma, &mb) >= 0) {
        u256_sub(&ma, &mb, &sum);
        neg = na;
    } else {
        u256_sub(&mb, &ma, &sum);
        neg = nb;
    }
    if (u256_is_zero(&sum)) neg = false;
    return finish(neg, sum, s, rt.scale, rt.precision, out);
}

static int add_impl(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, bool negate_b, mn_type rt, mn_i128 *out) {
    int s = imax(ta.scale, tb.scale);
    if (rt.scale == s && s - ta.scale <= MN_MAX_DECIMAL_PRECISION && s - tb.scale <= MN_MAX_DECIMAL_PRECISION) {
        mn_i128 a2, b2, r;
        if (!__builtin_mul_overflow(a, mn_pow10_i128[s - ta.scale], &a2) &&
            !__builtin_mul_overflow(b, mn_pow10_i128[s - tb.scale], &b2)) {
            bool ovf = negate_b ? __builtin_sub_overflow(a2, b2, &r) : __builtin_add_overflow(a2, b2, &r);
            if (!ovf) return check_fits(r, rt.precision, out);
        }
    }
    return add_general(a, ta.scale, b, tb.scale, negate_b, rt, out);
}

int mn_decimal_add(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, mn_type rt, mn_i128 *out) {
    return add_impl(a, ta, b, tb, false, rt, out);
}

int mn_decimal_sub(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, mn_type rt, mn_i128 *out) {
    return add_impl(a, ta, b, tb, true, rt, out);
}

static void mul_mag(mn_u128 a, mn_u128 b, u256 *r) {
    u256 ua = u256_from(a);
    (void)u256_mul(&ua, b, r); /* a 128x128 product always fits 256 bits */
}

int mn_decimal_mul(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, mn_type rt, mn_i128 *out) {
    int s = ta.scale + tb.scale;
    mn_i128 r;
    if (rt.scale == s) {
        if (__builtin_mul_overflow(a, b, &r)) return MN_DEC_OVERFLOW; /* |a*b| >= 2^127 > 10^38 */
        return check_fits(r, rt.precision, out);
    }
    u256 m;
    mul_mag(mag128(a), mag128(b), &m);
    bool neg = (a < 0) != (b < 0) && !u256_is_zero(&m);
    return finish(neg, m, s, rt.scale, rt.precision, out);
}

int mn_decimal_div(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, mn_type rt, mn_i128 *out) {
    if (b == 0) return MN_DEC_DIV_ZERO;
    int k = rt.scale - ta.scale + tb.scale; /* quotient = a * 10^k / b */
    bool neg = (a < 0) != (b < 0);
    mn_u128 mb = mag128(b);
    if (k >= 0 && k <= MN_MAX_DECIMAL_PRECISION) {
        mn_i128 num;
        if (!__builtin_mul_overflow(a, mn_pow10_i128[k], &num)) {
            mn_u128 mn = mag128(num);
            mn_u128 q = mn / mb, rem = mn % mb;
            if (rem >= mb - rem) q++; /* 2*rem >= |b|, without overflowing */
            if (q >= (mn_u128)mn_pow10_i128[MN_MAX_DECIMAL_PRECISION]) return MN_DEC_OVERFLOW;
            mn_i128 v = neg ? -(mn_i128)q : (mn_i128)q;
            return check_fits(v, rt.precision, out);
        }
    }
    u256 num = u256_from(mag128(a)), den = u256_from(mb), q, rem, half;
    if (k > 0 && u256_mul_pow10(&num, k)) return MN_DEC_OVERFLOW; /* quotient >= 2^256/2^127 */
    if (k < 0 && u256_mul_pow10(&den, -k)) {
        *out = 0; /* divisor exceeds 2^256 > 2 * |dividend|: rounds to zero */
        return check_fits(0, rt.precision, out);
    }
    u256_divmod(&num, &den, &q, &rem);
    u256_sub(&den, &rem, &half);
    if (u256_cmp(&rem, &half) >= 0) {
        u256 one = u256_from(1);
        if (u256_add(&q, &one, &q)) return MN_DEC_OVERFLOW;
    }
    if (u256_is_zero(&q)) neg = false;
    return finish(neg, q, rt.scale, rt.scale, rt.precision, out);
}

int mn_decimal_mod(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, mn_type rt, mn_i128 *out) {
    if (b == 0) return MN_DEC_DIV_ZERO;
    int s = imax(ta.scale, tb.scale);
    if (ta.scale == tb.scale && rt.scale == s) {
        mn_i128 r = (b == -1) ? 0 : a % b; /* sign follows the dividend, as Java */
        return check_fits(r, rt.precision, out);
    }
    u256 ma, mb, q, r;
    if (!scaled_mag(a, s - ta.scale, &ma) || !scaled_mag(b, s - tb.scale, &mb)) return MN_DEC_OVERFLOW;
    u256_divmod(&ma, &mb, &q, &r);
    bool neg = a < 0 && !u256_is_zero(&r);
    return finish(neg, r, s, rt.scale, rt.precision, out);
}

/* ---- conversions ------------------------------------------------------------------------ */

double mn_decimal_to_double(mn_i128 v, int scale) {
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    mn_u128 m = mag128(v);
    if (scale >= 0 && scale <= 22 && m <= ((mn_u128)1 << 53)) {
        /* both operands exact in double: a single, correctly rounded division */
        return (double)v / p10[scale];
    }
    char buf[64];
    size_t len = mn_decimal_format(v, scale, buf);
    buf[len] = '\0';
    return strtod(buf, NULL);
}

/* Trino: BigDecimal.valueOf(d) -- i.e. the digits of Double.toString -- then HALF_UP. */
int mn_decimal_from_double(double d, int precision, int scale, mn_i128 *out) {
    if (isnan(d) || isinf(d)) return MN_DEC_INVALID;
    char buf[40];
    size_t len = mn_format_double(d, buf);
    return mn_decimal_parse(buf, len, precision, scale, out);
}

int mn_decimal_to_int64(mn_i128 v, int scale, int64_t *out) {
    mn_i128 r;
    int rc = mn_decimal_rescale(v, scale, 0, MN_MAX_DECIMAL_PRECISION, &r);
    if (rc != MN_DEC_OK) return rc;
    if (r < INT64_MIN || r > INT64_MAX) return MN_DEC_OVERFLOW;
    *out = (int64_t)r;
    return MN_DEC_OK;
}
