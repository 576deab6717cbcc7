/* test_decimal.c — DECIMAL parsing, formatting, rescaling, arithmetic (HALF_UP, overflow
 * at 38 digits, 256-bit fallbacks) and conversions. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "types/decimal.h"

static char fmtbuf[8][64];
static int fmtslot;

static const char *fmt(mn_i128 v, int scale) {
    char *b = fmtbuf[fmtslot++ % 8];
    mn_decimal_format(v, scale, b);
    return b;
}

static mn_i128 dec(const char *s, int p, int sc) {
    mn_i128 v = 0;
    if (mn_decimal_parse(s, strlen(s), p, sc, &v) != MN_DEC_OK) {
        fprintf(stderr, "bad test literal %s\n", s);
    }
    return v;
}

static const char *typestr(mn_type t) {
    char *b = fmtbuf[fmtslot++ % 8];
    return mn_type_name(t, b, 64);
}

/* a OP b at types (p1,s1),(p2,s2) using Trino's result type; returns text or error tag */
static const char *arith(char op, const char *a, int p1, int s1, const char *b, int p2, int s2) {
    mn_type ta = mn_type_decimal(p1, s1), tb = mn_type_decimal(p2, s2), rt;
    mn_i128 x = dec(a, p1, s1), y = dec(b, p2, s2), r = 0;
    int rc;
    switch (op) {
    case '+': rt = mn_decimal_add_type(ta, tb); rc = mn_decimal_add(x, ta, y, tb, rt, &r); break;
    case '-': rt = mn_decimal_add_type(ta, tb); rc = mn_decimal_sub(x, ta, y, tb, rt, &r); break;
    case '*': rt = mn_decimal_mul_type(ta, tb); rc = mn_decimal_mul(x, ta, y, tb, rt, &r); break;
    case '/': rt = mn_decimal_div_type(ta, tb); rc = mn_decimal_div(x, ta, y, tb, rt, &r); break;
    default: rt = mn_decimal_mod_type(ta, tb); rc = mn_decimal_mod(x, ta, y, tb, rt, &r); break;
    }
    if (rc == MN_DEC_OVERFLOW) return "OVERFLOW";
    if (rc == MN_DEC_DIV_ZERO) return "DIV0";
    if (rc != MN_DEC_OK) return "ERR";
    return fmt(r, rt.scale);
}

#define D38 "99999999999999999999999999999999999999"

int main(void) {
    mn_i128 v;
    mn_type t;

    /* powers of ten and fits */
    CHECK(mn_pow10_i128[0] == 1);
    CHECK(mn_pow10_i128[38] / mn_pow10_i128[19] == mn_pow10_i128[19]);
    CHECK(mn_decimal_fits(99, 2));
    CHECK(!mn_decimal_fits(100, 2));
    CHECK(!mn_decimal_fits(-100, 2));
    CHECK(mn_decimal_fits(-99, 2));

    /* formatting */
    CHECK_STR(fmt(-1250, 2), "-12.50");
    CHECK_STR(fmt(5, 2), "0.05");
    CHECK_STR(fmt(-5, 2), "-0.05");
    CHECK_STR(fmt(0, 0), "0");
    CHECK_STR(fmt(0, 3), "0.000");
    CHECK_STR(fmt(123, 0), "123");
    CHECK_STR(fmt(dec(D38, 38, 0), 0), D38);
    CHECK_STR(fmt(-dec(D38, 38, 0), 38), "-0." D38);

    /* parsing */
    CHECK(mn_decimal_parse("  12  ", 6, 5, 0, &v) == MN_DEC_OK && v == 12);
    CHECK(mn_decimal_parse("1.005", 5, 10, 2, &v) == MN_DEC_OK && v == 101);
    CHECK(mn_decimal_parse("-1.005", 6, 10, 2, &v) == MN_DEC_OK && v == -101);
    CHECK(mn_decimal_parse("-0.5", 4, 10, 0, &v) == MN_DEC_OK && v == -1);
    CHECK(mn_decimal_parse("0.4999", 6, 10, 0, &v) == MN_DEC_OK && v == 0);
    CHECK(mn_decimal_parse("1e3", 3, 10, 2, &v) == MN_DEC_OK && v == 100000);
    CHECK(mn_decimal_parse("1.5E-1", 6, 10, 2, &v) == MN_DEC_OK && v == 15);
    CHECK(mn_decimal_parse("+.5", 3, 10, 1, &v) == MN_DEC_OK && v == 5);
    CHECK(mn_decimal_parse("7.", 2, 10, 1, &v) == MN_DEC_OK && v == 70);
    CHECK(mn_decimal_parse("123", 3, 2, 0, &v) == MN_DEC_OVERFLOW);
    CHECK(mn_decimal_parse("9.995", 5, 3, 2, &v) == MN_DEC_OVERFLOW); /* rounds to 10.00 */
    CHECK(mn_decimal_parse("", 0, 3, 0, &v) == MN_DEC_INVALID);
    CHECK(mn_decimal_parse(".", 1, 3, 0, &v) == MN_DEC_INVALID);
    CHECK(mn_decimal_parse("1e", 2, 3, 0, &v) == MN_DEC_INVALID);
    CHECK(mn_decimal_parse("1 2", 3, 3, 0, &v) == MN_DEC_INVALID);
    CHECK(mn_decimal_parse("abc", 3, 3, 0, &v) == MN_DEC_INVALID);
    CHECK(mn_decimal_parse("1e99999999999", 13, 38, 0, &v) == MN_DEC_OVERFLOW);
    CHECK(mn_decimal_parse("1e-99999999999", 14, 38, 0, &v) == MN_DEC_OK && v == 0);
    CHECK(mn_decimal_parse(D38, 38, 38, 0, &v) == MN_DEC_OK);
    CHECK(mn_decimal_parse("1" D38, 39, 38, 0, &v) == MN_DEC_OVERFLOW);
    CHECK(mn_decimal_parse("00000000000000000000000000000000000000000001", 44, 38, 0, &v) == MN_DEC_OK &&
          v == 1);

    /* literal typing (Trino Decimals.parse) */
    CHECK(mn_decimal_parse_literal("1.5", 3, &v, &t) == MN_DEC_OK && v == 15);
    CHECK_STR(typestr(t), "decimal(2,1)");
    CHECK(mn_decimal_parse_literal(".06", 3, &v, &t) == MN_DEC_OK && v == 6);
    CHECK_STR(typestr(t), "decimal(2,2)");
    CHECK(mn_decimal_parse_literal("0.01", 4, &v, &t) == MN_DEC_OK && v == 1);
    CHECK_STR(typestr(t), "decimal(2,2)");
    CHECK(mn_decimal_parse_literal("100.00", 6, &v, &t) == MN_DEC_OK && v == 10000);
    CHECK_STR(typestr(t), "decimal(5,2)");
    CHECK(mn_decimal_parse_literal("12.50", 5, &v, &t) == MN_DEC_OK && v == 1250);
    CHECK_STR(typestr(t), "decimal(4,2)");
    CHECK(mn_decimal_parse_literal("0", 1, &v, &t) == MN_DEC_OK && v == 0);
    CHECK_STR(typestr(t), "decimal(1,0)");
    CHECK(mn_decimal_parse_literal("0.0", 3, &v, &t) == MN_DEC_OK);
    CHECK_STR(typestr(t), "decimal(1,1)");
    CHECK(mn_decimal_parse_literal("-007.5", 6, &v, &t) == MN_DEC_OK && v == -75);
    CHECK_STR(typestr(t), "decimal(2,1)");
    CHECK(mn_decimal_parse_literal("1e5", 3, &v, &t) == MN_DEC_INVALID);
    CHECK(mn_decimal_parse_literal("1" D38, 39, &v, &t) == MN_DEC_OVERFLOW);
    CHECK(mn_decimal_parse_literal("0." D38, 40, &v, &t) == MN_DEC_OK);
    CHECK_STR(typestr(t), "decimal(38,38)");

    /* rescale */
    CHECK(mn_decimal_rescale(125, 2, 1, 5, &v) == MN_DEC_OK && v == 13);
    CHECK(mn_decimal_rescale(-125, 2, 1, 5, &v) == MN_DEC_OK && v == -13);
    CHECK(mn_decimal_rescale(-124, 2, 1, 5, &v) == MN_DEC_OK && v == -12);
    CHECK(mn_decimal_rescale(5, 0, 3, 4, &v) == MN_DEC_OK && v == 5000);
    CHECK(mn_decimal_rescale(50, 0, 3, 4, &v) == MN_DEC_OVERFLOW);
    CHECK(mn_decimal_rescale(dec(D38, 38, 0), 0, 1, 38, &v) == MN_DEC_OVERFLOW);
    CHECK(mn_decimal_rescale(dec(D38, 38, 0), 0, 38, 38, &v) == MN_DEC_OVERFLOW);
    CHECK(mn_decimal_rescale(dec("0." D38, 38, 38), 38, 0, 1, &v) == MN_DEC_OK && v == 1);
    CHECK(mn_decimal_rescale(dec("0.5", 38, 38), 38, 0, 1, &v) == MN_DEC_OK && v == 1);
    CHECK(mn_decimal_rescale(dec("-0.49999999999999999999999999999999999999", 38, 38), 38, 0, 1, &v) ==
              MN_DEC_OK &&
          v == 0);

    /* result types */
    CHECK_STR(typestr(mn_decimal_add_type(mn_type_decimal(15, 2), mn_type_decimal(10, 4))), "decimal(18,4)");
    CHECK_STR(typestr(mn_decimal_add_type(mn_type_decimal(38, 0), mn_type_decimal(38, 0))), "decimal(38,0)");
    CHECK_STR(typestr(mn_decimal_mul_type(mn_type_decimal(15, 2), mn_type_decimal(10, 4))), "decimal(25,6)");
    CHECK_STR(typestr(mn_decimal_div_type(mn_type_decimal(15, 2), mn_type_decimal(10, 4))), "decimal(21,4)");
    CHECK_STR(typestr(mn_decimal_mod_type(mn_type_decimal(15, 2), mn_type_decimal(10, 4))), "decimal(10,4)");
    CHECK(mn_decimal_type_valid(mn_decimal_mul_type(mn_type_decimal(10, 5), mn_type_decimal(10, 5))));
    CHECK(!mn_decimal_type_valid(mn_decimal_mul_type(mn_type_decimal(30, 20), mn_type_decimal(30, 20))));

    /* add / sub */
    CHECK_STR(arith('+', "1.25", 3, 2, "2.5", 2, 1), "3.75");
    CHECK_STR(arith('-', "1.25", 3, 2, "2.5", 2, 1), "-1.25");
    CHECK_STR(arith('+', D38, 38, 0, "1", 1, 0), "OVERFLOW");
    CHECK_STR(arith('-', "-" D38, 38, 0, "1", 1, 0), "OVERFLOW");
    CHECK_STR(arith('-', D38, 38, 0, D38, 38, 0), "0");
    /* needs > 128 bits for the upscaled operand, result still fits */
    CHECK_STR(arith('+', "17500000000000000000000000000000000000", 38, 0,
                    "-9900000000000000000000000000000000000.0", 38, 1),
              "7600000000000000000000000000000000000.0");
    CHECK_STR(arith('+', D38, 38, 0, "0.1", 38, 1), "OVERFLOW");

    /* mul */
    CHECK_STR(arith('*', "1.5", 2, 1, "-2.25", 3, 2), "-3.375");
    CHECK_STR(arith('*', "9999999999999999999", 19, 0, "9999999999999999999", 19, 0),
              "99999999999999999980000000000000000001");
    CHECK_STR(arith('*', "99999999999999999999", 20, 0, "9999999999999999999", 19, 0), "OVERFLOW");
    CHECK_STR(arith('*', D38, 38, 0, D38, 38, 0), "OVERFLOW");
    CHECK_STR(arith('*', "-" D38, 38, 0, D38, 38, 0), "OVERFLOW");
    CHECK_STR(arith('*', "0", 38, 0, D38, 38, 0), "0");

    /* div (HALF_UP, scale = max(s1,s2)) */
    CHECK_STR(arith('/', "1", 1, 0, "3", 1, 0), "0");
    CHECK_STR(arith('/', "2", 1, 0, "3", 1, 0), "1");
    CHECK_STR(arith('/', "-2", 1, 0, "3", 1, 0), "-1");
    CHECK_STR(arith('/', "1", 1, 0, "2", 1, 0), "1");
    CHECK_STR(arith('/', "-1", 1, 0, "2", 1, 0), "-1");
    CHECK_STR(arith('/', "1.00", 3, 2, "3", 1, 0), "0.33");
    CHECK_STR(arith('/', "2.00", 3, 2, "3", 1, 0), "0.67");
    CHECK_STR(arith('/', "-2.00", 3, 2, "3", 1, 0), "-0.67");
    CHECK_STR(arith('/', "10", 2, 0, "0.3", 1, 1), "33.3");
    CHECK_STR(arith('/', "1", 1, 0, "0", 1, 0), "DIV0");
    CHECK_STR(arith('/', "5", 1, 0, "0.00000000000000000000000000000000000001", 38, 38), "OVERFLOW");
    /* dividend * 10^k exceeds 128 bits but the quotient fits */
    CHECK_STR(arith('/', "12345678901234567890123456789.012345678", 38, 9, "7.123456789", 10, 9),
              "1733102237708340212706168040.322809864");
    CHECK_STR(arith('/', D38, 38, 0, "0.5", 1, 1), "OVERFLOW");
    CHECK_STR(arith('/', D38, 38, 0, "0.1", 1, 1), "OVERFLOW");
    CHECK_STR(arith('/', "0.00000000000000000000000000000000000001", 38, 38, D38, 38, 0),
              "0.00000000000000000000000000000000000000");

    /* mod */
    CHECK_STR(arith('%', "10", 2, 0, "3", 1, 0), "1");
    CHECK_STR(arith('%', "-10", 2, 0, "3", 1, 0), "-1");
    CHECK_STR(arith('%', "10", 2, 0, "-3", 1, 0), "1");
    CHECK_STR(arith('%', "5.5", 2, 1, "2", 1, 0), "1.5");
    CHECK_STR(arith('%', D38, 38, 0, "0.7", 38, 37), "0.3000000000000000000000000000000000000");
    CHECK_STR(arith('%', "1", 1, 0, "0", 1, 0), "DIV0");

    /* conversions */
    CHECK(mn_decimal_to_double(1250, 2) == 12.5);
    CHECK(mn_decimal_to_double(-1, 1) == -0.1);
    CHECK(mn_decimal_to_double(dec("0.1234567890123456789012345", 38, 25), 25) == 0.1234567890123456789012345);
    CHECK(mn_decimal_to_double(dec(D38, 38, 0), 0) == 1e38);
    CHECK(mn_decimal_from_double(0.145, 3, 2, &v) == MN_DEC_OK && v == 15); /* via "0.145" */
    CHECK(mn_decimal_from_double(-2.5, 3, 0, &v) == MN_DEC_OK && v == -3);
    CHECK(mn_decimal_from_double(1e10, 5, 0, &v) == MN_DEC_OVERFLOW);
    CHECK(mn_decimal_from_double(1e-10, 5, 2, &v) == MN_DEC_OK && v == 0);
    CHECK(mn_decimal_from_double(NAN, 5, 2, &v) != MN_DEC_OK);
    CHECK(mn_decimal_from_double(INFINITY, 5, 2, &v) != MN_DEC_OK);
    int64_t i64;
    CHECK(mn_decimal_to_int64(25, 1, &i64) == MN_DEC_OK && i64 == 3);
    CHECK(mn_decimal_to_int64(-25, 1, &i64) == MN_DEC_OK && i64 == -3);
    CHECK(mn_decimal_to_int64(-24, 1, &i64) == MN_DEC_OK && i64 == -2);
    CHECK(mn_decimal_to_int64(dec("9223372036854775807", 19, 0), 0, &i64) == MN_DEC_OK && i64 == INT64_MAX);
    CHECK(mn_decimal_to_int64(dec("9223372036854775808", 19, 0), 0, &i64) == MN_DEC_OVERFLOW);
    CHECK(mn_decimal_to_int64(dec("-9223372036854775808", 19, 0), 0, &i64) == MN_DEC_OK && i64 == INT64_MIN);

    CHECK_DONE();
}
