/* decimal.h — DECIMAL(p,s) arithmetic on 128-bit unscaled integers, with Trino's
 * result-type rules and rounding (HALF_UP). All functions are pure; results that do
 * not fit the target precision return MN_DEC_OVERFLOW instead of wrapping. */
#ifndef MN_TYPES_DECIMAL_H
#define MN_TYPES_DECIMAL_H

#include "types/types.h"

enum { MN_DEC_OK = 0, MN_DEC_INVALID = -1, MN_DEC_OVERFLOW = -2, MN_DEC_DIV_ZERO = -3 };

/* 10^i for i in 0..38 */
extern const mn_i128 mn_pow10_i128[39];

/* true when |v| < 10^precision */
bool mn_decimal_fits(mn_i128 v, int precision);

/* Parses "[+-]digits[.digits]" (also "1e3"-style exponents, leading/trailing spaces) into
 * an unscaled value of the given scale, rounding extra fraction digits HALF_UP. */
int mn_decimal_parse(const char *s, size_t n, int precision, int scale, mn_i128 *out);
/* Infers the type of a literal like "12.50" -> decimal(4,2), ".06" -> decimal(2,2),
 * "0.01" -> decimal(3,2) as Trino does (precision = digits, at least scale+1... see impl).
 * Returns MN_DEC_OK and fills value/type, or an error when over 38 digits. */
int mn_decimal_parse_literal(const char *s, size_t n, mn_i128 *value, mn_type *type);
/* Writes the value as text: "-12.50", "0.05" (always a leading digit). buf >= 48 bytes.
 * Returns the length written. */
size_t mn_decimal_format(mn_i128 v, int scale, char *buf);

/* Changes scale (rounding HALF_UP when it shrinks) and checks the target precision. */
int mn_decimal_rescale(mn_i128 v, int from_scale, int to_scale, int to_precision, mn_i128 *out);

/* Result types (Trino):
 *  add/sub: s = max(s1,s2), p = min(38, max(p1-s1, p2-s2) + s + 1)
 *  mul:     s = s1+s2 (must be <= 38: check mn_decimal_type_valid), p = min(38, p1+p2)
 *  div:     s = max(s1,s2), p = min(38, p1 + s2 + max(0, s2-s1))
 *  mod:     s = max(s1,s2), p = min(38, min(p1-s1, p2-s2) + s) */
mn_type mn_decimal_add_type(mn_type a, mn_type b);
mn_type mn_decimal_mul_type(mn_type a, mn_type b);
mn_type mn_decimal_div_type(mn_type a, mn_type b);
mn_type mn_decimal_mod_type(mn_type a, mn_type b);
/* false when a computed result type is not a legal DECIMAL (e.g. a product whose scale
 * s1+s2 exceeds 38: Trino rejects that multiplication at analysis time). */
bool mn_decimal_type_valid(mn_type t);

/* Arithmetic: operands with their types, result written at the result type `rt`
 * (as returned by the functions above). Division rounds HALF_UP. */
int mn_decimal_add(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, mn_type rt, mn_i128 *out);
int mn_decimal_sub(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, mn_type rt, mn_i128 *out);
int mn_decimal_mul(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, mn_type rt, mn_i128 *out);
int mn_decimal_div(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, mn_type rt, mn_i128 *out);
int mn_decimal_mod(mn_i128 a, mn_type ta, mn_i128 b, mn_type tb, mn_type rt, mn_i128 *out);

/* Conversions. to_double is exact to double rounding; from_double rounds HALF_UP
 * and fails on NaN/Inf/overflow. to_int64 rounds HALF_UP and fails when out of range. */
double mn_decimal_to_double(mn_i128 v, int scale);
int mn_decimal_from_double(double d, int precision, int scale, mn_i128 *out);
int mn_decimal_to_int64(mn_i128 v, int scale, int64_t *out);

#endif
