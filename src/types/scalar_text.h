/* scalar_text.h — text <-> scalar conversions shared by CAST, literal parsing, the text
 * file readers and result rendering. Parsing follows Trino's CAST(varchar AS T) rules
 * (surrounding white space is trimmed; anything else invalid fails with -1; -2 = out of
 * range). Formatting follows how Trino renders values to clients. */
#ifndef MN_TYPES_SCALAR_TEXT_H
#define MN_TYPES_SCALAR_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "types/types.h"

int mn_parse_int64(const char *s, size_t n, int64_t *out);       /* decimal digits, optional sign */
/* parses then range-checks for tinyint/smallint/integer/bigint (type id given) */
int mn_parse_integer_type(const char *s, size_t n, mn_type_id id, int64_t *out);
/* Java Double.parseDouble grammar: [+-]digits[.digits][e[+-]digits][fFdD], ".5", "1.",
 * "NaN", "Infinity" (exact case); out-of-range values give +-Infinity / 0 as in Java.
 * Hexadecimal floats are not accepted. */
int mn_parse_double(const char *s, size_t n, double *out);
int mn_parse_real(const char *s, size_t n, float *out);           /* same, Float.parseFloat */
/* 't','f','1','0','true','false' in any case; NOT trimmed (Trino's castToBoolean). */
int mn_parse_boolean(const char *s, size_t n, uint8_t *out);
/* Text of a field in a data file as a value of a fixed-width type t (BOOLEAN, TINYINT..BIGINT,
 * REAL, DOUBLE, DECIMAL, DATE, TIMESTAMP, TIME, TIMESTAMP WITH TIME ZONE — a value without a
 * zone is UTC), written to slot in its vector slot layout. Used by
 * the text and JSON readers, where a value that does not parse reads as NULL (Hive).
 * Returns 0, or -1 when s does not parse as t (or t is another type). */
int mn_parse_scalar_slot(mn_type t, const char *s, size_t n, void *slot);
/* The byte length of s[0..n) cut to the first t.length characters (UTF-8 sequences kept
 * whole) when t is a bounded VARCHAR/CHAR (t.length >= 0), else n. */
size_t mn_text_truncate_chars(mn_type t, const char *s, size_t n);

/* Java Double.toString layout (what Trino prints): shortest round-trip digits; plain
 * notation for 1e-3 <= |d| < 1e7 ("25.537587116854997", "1.0", "0.001"), otherwise
 * computerized scientific "1.0E10", "1.234E-5"; "NaN", "Infinity", "-Infinity".
 * buf >= 32. Returns length. */
size_t mn_format_double(double d, char *buf);
size_t mn_format_real(float f, char *buf); /* same rules, float's shortest digits */
/* The digits Java would print for finite non-zero d (sign ignored; is_float: as a float):
 * fills digits (NUL-terminated, >= 24 bytes, no trailing zeros) and *exp10 so that
 * |d| ~ d1.d2d3... x 10^exp10. Returns the digit count. */
int mn_shortest_digits(double d, bool is_float, char *digits, int *exp10);

/* Generic rendering of one value slot (pointer to its physical storage) as Trino prints
 * it. Strings are appended as-is. Returns length written into buf; for strings the
 * caller reads the mn_str directly instead (this returns 0 for them). buf >= 128 (a
 * timestamp with time zone carries its zone name). */
size_t mn_format_value(mn_type t, const void *slot, char *buf);

/* Appends bytes as the Trino CLI shows a varbinary: lower-case hex pairs separated by
 * single spaces ("61 62 63"; nothing for no bytes). Returns 0, -1 when out of memory. */
struct mn_strbuf;
int mn_format_varbinary_hex(const void *p, size_t n, struct mn_strbuf *out);

/* Base64 (RFC 4648, '=' padding; url: the URL-safe alphabet "-_") of n bytes into out,
 * which holds at least mn_base64_encoded_len(n) bytes. Returns the length written. */
size_t mn_base64_encoded_len(size_t n);
size_t mn_base64_encode(const void *p, size_t n, bool url, char *out);
/* Decodes base64 text with java.util.Base64.Decoder's rules (padding optional but checked
 * when present, no white space, no trailing data). out holds at least 3 * (n / 4) + 3
 * bytes. Returns 0 and *outlen, or -1 with *msg set to Java's message
 * ("Illegal base64 character 2a", "Last unit does not have enough valid bits", ...;
 * msgbuf >= 96 bytes backs it). */
int mn_base64_decode(const char *s, size_t n, bool url, unsigned char *out, size_t *outlen, char *msgbuf,
                     const char **msg);

#endif
