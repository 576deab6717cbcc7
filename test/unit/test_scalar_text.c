/* test_scalar_text.c — CAST(varchar AS T) parsing rules, Java-style double/real
 * rendering, type names/parsing/coercion and generic value formatting. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "types/datetime.h"
#include "types/scalar_text.h"
#include "types/types.h"

static char buf[8][80];
static int slot;

static const char *fd(double d) {
    char *b = buf[slot++ % 8];
    mn_format_double(d, b);
    return b;
}

static const char *ff(float f) {
    char *b = buf[slot++ % 8];
    mn_format_real(f, b);
    return b;
}

static int pint(const char *s, mn_type_id id, int64_t *out) { return mn_parse_integer_type(s, strlen(s), id, out); }

static int pdbl(const char *s, double *out) { return mn_parse_double(s, strlen(s), out); }

static int pbool(const char *s, uint8_t *out) { return mn_parse_boolean(s, strlen(s), out); }

static const char *tname(mn_type t) {
    char *b = buf[slot++ % 8];
    return mn_type_name(t, b, 80);
}

static const char *parse_name(const char *s) {
    mn_type t;
    if (mn_type_parse(s, strlen(s), &t) != 0) return "ERR";
    return tname(t);
}

static const char *super(mn_type a, mn_type b) {
    mn_type t;
    if (!mn_type_common_super(a, b, &t)) return "NONE";
    return tname(t);
}

static const char *fv(mn_type t, const void *slotp) {
    char *b = buf[slot++ % 8];
    mn_format_value(t, slotp, b);
    return b;
}

static mn_type T(mn_type_id id) { return mn_type_make(id); }

/* mn_parse_scalar_slot: field text into vector slots of each fixed-width type. */
static void test_parse_slot(void) {
    union {
        int8_t i8;
        int16_t i16;
        int32_t i32;
        int64_t i64;
        float f;
        double d;
        uint8_t b;
        mn_i128 x;
    } s;
#define P(t, text) mn_parse_scalar_slot(t, text, strlen(text), &s)
    CHECK(P(mn_type_make(MN_T_BOOLEAN), "true") == 0 && s.b == 1);
    CHECK(P(mn_type_make(MN_T_BOOLEAN), "nope") == -1);
    CHECK(P(mn_type_make(MN_T_TINYINT), "-128") == 0 && s.i8 == -128);
    CHECK(P(mn_type_make(MN_T_TINYINT), "128") == -1);
    CHECK(P(mn_type_make(MN_T_SMALLINT), " 300 ") == 0 && s.i16 == 300);
    CHECK(P(mn_type_make(MN_T_INTEGER), "2147483647") == 0 && s.i32 == 2147483647);
    CHECK(P(mn_type_make(MN_T_BIGINT), "1.5") == -1);
    CHECK(P(mn_type_make(MN_T_REAL), "1.5") == 0 && s.f == 1.5f);
    CHECK(P(mn_type_make(MN_T_DOUBLE), "-1e3") == 0 && s.d == -1000.0);
    mn_type dec = mn_type_make(MN_T_DECIMAL);
    dec.precision = 5;
    dec.scale = 2;
    CHECK(P(dec, "12.345") == 0 && s.x == 1235); /* rounded half up */
    CHECK(P(dec, "1234.5") == -1);              /* too many digits */
    CHECK(P(mn_type_make(MN_T_DATE), "1970-01-02") == 0 && s.i32 == 1);
    CHECK(P(mn_type_make(MN_T_TIMESTAMP), "1970-01-01 00:00:01.5") == 0 && s.i64 == 1500000);
    CHECK(P(mn_type_make(MN_T_TIMESTAMP), "yesterday") == -1);
    CHECK(P(mn_type_varchar(-1), "x") == -1); /* not a fixed-width type */
#undef P
    CHECK(mn_text_truncate_chars(mn_type_varchar(2), "h\xc3\xa9llo", 6) == 3); /* "hé": whole sequences */
    CHECK(mn_text_truncate_chars(mn_type_varchar(-1), "hello", 5) == 5);
    CHECK(mn_text_truncate_chars(mn_type_varchar(9), "hello", 5) == 5);
    CHECK(mn_text_truncate_chars(mn_type_varchar(0), "hello", 5) == 0);
}

int main(void) {
    test_parse_slot();
    int64_t v;
    double d;
    uint8_t bo;
    float f;

    /* integers */
    CHECK(pint("  12  ", MN_T_BIGINT, &v) == 0 && v == 12);
    CHECK(pint("+7", MN_T_INTEGER, &v) == 0 && v == 7);
    CHECK(pint("-0", MN_T_INTEGER, &v) == 0 && v == 0);
    CHECK(pint("\t-42\n", MN_T_SMALLINT, &v) == 0 && v == -42);
    CHECK(pint("1.5", MN_T_BIGINT, &v) == -1);
    CHECK(pint("1e3", MN_T_BIGINT, &v) == -1);
    CHECK(pint("", MN_T_BIGINT, &v) == -1);
    CHECK(pint("-", MN_T_BIGINT, &v) == -1);
    CHECK(pint("1 2", MN_T_BIGINT, &v) == -1);
    CHECK(pint("0x10", MN_T_BIGINT, &v) == -1);
    CHECK(pint("9223372036854775807", MN_T_BIGINT, &v) == 0 && v == INT64_MAX);
    CHECK(pint("-9223372036854775808", MN_T_BIGINT, &v) == 0 && v == INT64_MIN);
    CHECK(pint("9223372036854775808", MN_T_BIGINT, &v) == -2);
    CHECK(pint("-9223372036854775809", MN_T_BIGINT, &v) == -2);
    CHECK(pint("99999999999999999999999x", MN_T_BIGINT, &v) == -1);
    CHECK(pint("127", MN_T_TINYINT, &v) == 0 && v == 127);
    CHECK(pint("128", MN_T_TINYINT, &v) == -2);
    CHECK(pint("-128", MN_T_TINYINT, &v) == 0 && v == -128);
    CHECK(pint("32768", MN_T_SMALLINT, &v) == -2);
    CHECK(pint("2147483647", MN_T_INTEGER, &v) == 0 && v == 2147483647);
    CHECK(pint("2147483648", MN_T_INTEGER, &v) == -2);
    CHECK(pint("1", MN_T_DOUBLE, &v) == -1);

    /* doubles */
    CHECK(pdbl(" 1.5 ", &d) == 0 && d == 1.5);
    CHECK(pdbl("1e3", &d) == 0 && d == 1000.0);
    CHECK(pdbl("-.5", &d) == 0 && d == -0.5);
    CHECK(pdbl("5.", &d) == 0 && d == 5.0);
    CHECK(pdbl("1.5d", &d) == 0 && d == 1.5);
    CHECK(pdbl("2F", &d) == 0 && d == 2.0);
    CHECK(pdbl("NaN", &d) == 0 && isnan(d));
    CHECK(pdbl("Infinity", &d) == 0 && isinf(d) && d > 0);
    CHECK(pdbl("+Infinity", &d) == 0 && isinf(d) && d > 0);
    CHECK(pdbl("-Infinity", &d) == 0 && isinf(d) && d < 0);
    CHECK(pdbl("1e400", &d) == 0 && isinf(d));
    CHECK(pdbl("1e-400", &d) == 0 && d == 0);
    CHECK(pdbl("inf", &d) == -1);
    CHECK(pdbl("nan", &d) == -1);
    CHECK(pdbl("infinity", &d) == -1);
    CHECK(pdbl("0x1p3", &d) == -1);
    CHECK(pdbl("1e", &d) == -1);
    CHECK(pdbl(".", &d) == -1);
    CHECK(pdbl("", &d) == -1);
    CHECK(pdbl("1.5x", &d) == -1);
    CHECK(pdbl("1,5", &d) == -1);
    CHECK(mn_parse_real("0.1", 3, &f) == 0 && f == 0.1f);
    CHECK(mn_parse_real("3.4028236e38", 12, &f) == 0 && isinf(f));

    /* booleans (Trino: t/f/1/0/true/false, any case, no trimming) */
    CHECK(pbool("true", &bo) == 0 && bo == 1);
    CHECK(pbool("TRUE", &bo) == 0 && bo == 1);
    CHECK(pbool("False", &bo) == 0 && bo == 0);
    CHECK(pbool("t", &bo) == 0 && bo == 1);
    CHECK(pbool("F", &bo) == 0 && bo == 0);
    CHECK(pbool("1", &bo) == 0 && bo == 1);
    CHECK(pbool("0", &bo) == 0 && bo == 0);
    CHECK(pbool("yes", &bo) == -1);
    CHECK(pbool(" true", &bo) == -1);
    CHECK(pbool("2", &bo) == -1);
    CHECK(pbool("", &bo) == -1);

    /* Java Double.toString */
    CHECK_STR(fd(0.1), "0.1");
    CHECK_STR(fd(1e7), "1.0E7");
    CHECK_STR(fd(1e-4), "1.0E-4");
    CHECK_STR(fd(123456789.0), "1.23456789E8");
    CHECK_STR(fd(100.0), "100.0");
    CHECK_STR(fd(1.0), "1.0");
    CHECK_STR(fd(0.0), "0.0");
    CHECK_STR(fd(-0.0), "-0.0");
    CHECK_STR(fd(0.001), "0.001");
    CHECK_STR(fd(9999999.0), "9999999.0");
    CHECK_STR(fd(25.537587116854997), "25.537587116854997");
    CHECK_STR(fd(1.2345e-5), "1.2345E-5");
    CHECK_STR(fd(-1.5), "-1.5");
    CHECK_STR(fd(0.1 + 0.2), "0.30000000000000004");
    CHECK_STR(fd(1e10), "1.0E10");
    CHECK_STR(fd(1e21), "1.0E21");
    CHECK_STR(fd(1e23), "1.0E23");
    CHECK_STR(fd(2e-3), "0.002");
    CHECK_STR(fd(4.9e-324), "4.9E-324");
    CHECK_STR(fd(1.7976931348623157e308), "1.7976931348623157E308");
    CHECK_STR(fd(2.2250738585072014E-308), "2.2250738585072014E-308");
    CHECK_STR(fd(NAN), "NaN");
    CHECK_STR(fd(INFINITY), "Infinity");
    CHECK_STR(fd(-INFINITY), "-Infinity");
    CHECK_STR(fd(12345.678), "12345.678");
    CHECK_STR(fd(-123456.0), "-123456.0");
    CHECK_STR(fd(0.5), "0.5");
    CHECK_STR(fd(5e-324 * 3), "1.5E-323");
    /* Java floats */
    CHECK_STR(ff(0.1f), "0.1");
    CHECK_STR(ff(1.0f), "1.0");
    CHECK_STR(ff(1e10f), "1.0E10");
    CHECK_STR(ff(3.4028235e38f), "3.4028235E38");
    CHECK_STR(ff(1.4e-45f), "1.4E-45");
    CHECK_STR(ff(-0.0f), "-0.0");
    CHECK_STR(ff(16777216.0f), "1.6777216E7");
    CHECK_STR(ff(0.3f), "0.3");
    CHECK_STR(ff(1.1f), "1.1");
    CHECK_STR(ff(123456.79f), "123456.79");

    /* type names and parsing */
    CHECK_STR(tname(T(MN_T_BIGINT)), "bigint");
    CHECK_STR(tname(mn_type_decimal(15, 2)), "decimal(15,2)");
    CHECK_STR(tname(mn_type_varchar(-1)), "varchar");
    CHECK_STR(tname(mn_type_varchar(25)), "varchar(25)");
    CHECK_STR(tname(T(MN_T_TIMESTAMP)), "timestamp(3)");
    CHECK_STR(tname(T(MN_T_INTERVAL_DS)), "interval day to second");
    CHECK_STR(tname(T(MN_T_INTERVAL_YM)), "interval year to month");
    CHECK_STR(tname(T(MN_T_UNKNOWN)), "unknown");
    CHECK_STR(parse_name("int"), "integer");
    CHECK_STR(parse_name("INTEGER"), "integer");
    CHECK_STR(parse_name("STRING"), "varchar");
    CHECK_STR(parse_name("float"), "real");
    CHECK_STR(parse_name("Double Precision"), "double");
    CHECK_STR(parse_name(" decimal( 15 , 2 ) "), "decimal(15,2)");
    CHECK_STR(parse_name("decimal"), "decimal(10,0)");
    CHECK_STR(parse_name("numeric(7)"), "decimal(7,0)");
    CHECK_STR(parse_name("decimal(39,0)"), "ERR");
    CHECK_STR(parse_name("decimal(5,6)"), "ERR");
    CHECK_STR(parse_name("decimal(0)"), "ERR");
    CHECK_STR(parse_name("decimal(5,)"), "ERR");
    CHECK_STR(parse_name("varchar(10)"), "varchar(10)");
    CHECK_STR(parse_name("char"), "char(1)");
    CHECK_STR(parse_name("char(3)"), "char(3)");
    CHECK_STR(parse_name("char(0)"), "ERR");
    CHECK_STR(parse_name("timestamp"), "timestamp(3)");
    CHECK_STR(parse_name("timestamp(6)"), "timestamp(6)");
    CHECK_STR(parse_name("timestamp(0)"), "timestamp(0)");
    CHECK_STR(parse_name("timestamp(9)"), "ERR");
    CHECK_STR(parse_name("timestamp with time zone"), "timestamp(3) with time zone");
    CHECK_STR(parse_name("timestamp(6) WITH TIME ZONE"), "timestamp(6) with time zone");
    CHECK_STR(parse_name("timestamp(0) without time zone"), "timestamp(0)");
    CHECK_STR(parse_name("timestamp with zone"), "ERR");
    CHECK_STR(parse_name("time"), "time(3)");
    CHECK_STR(parse_name("time(6)"), "time(6)");
    CHECK_STR(parse_name("time(7)"), "ERR");
    CHECK_STR(parse_name("time with time zone"), "ERR");
    CHECK_STR(parse_name("interval day to second"), "interval day to second");
    CHECK_STR(parse_name("INTERVAL YEAR TO MONTH"), "interval year to month");
    CHECK_STR(parse_name("date"), "date");
    CHECK_STR(parse_name("bigint"), "bigint");
    CHECK_STR(parse_name("tinyint"), "tinyint");
    CHECK_STR(parse_name("smallint"), "smallint");
    CHECK_STR(parse_name("boolean"), "boolean");
    CHECK_STR(parse_name("intx"), "ERR");
    CHECK_STR(parse_name("array<int>"), "array(integer)");
    CHECK_STR(parse_name(""), "ERR");

    /* coercion lattice */
    CHECK_STR(super(T(MN_T_TINYINT), T(MN_T_BIGINT)), "bigint");
    CHECK_STR(super(T(MN_T_INTEGER), T(MN_T_SMALLINT)), "integer");
    CHECK_STR(super(T(MN_T_BIGINT), mn_type_decimal(15, 2)), "decimal(21,2)");
    CHECK_STR(super(T(MN_T_INTEGER), mn_type_decimal(5, 2)), "decimal(12,2)");
    CHECK_STR(super(mn_type_decimal(38, 0), mn_type_decimal(38, 10)), "decimal(38,10)");
    CHECK_STR(super(mn_type_decimal(15, 2), T(MN_T_DOUBLE)), "double");
    CHECK_STR(super(mn_type_decimal(15, 2), T(MN_T_REAL)), "real");
    CHECK_STR(super(T(MN_T_BIGINT), T(MN_T_REAL)), "real");
    CHECK_STR(super(T(MN_T_REAL), T(MN_T_DOUBLE)), "double");
    CHECK_STR(super(mn_type_varchar(3), mn_type_varchar(10)), "varchar(10)");
    CHECK_STR(super(mn_type_varchar(3), mn_type_varchar(-1)), "varchar");
    mn_type ch5 = T(MN_T_CHAR);
    ch5.length = 5;
    CHECK_STR(super(ch5, mn_type_varchar(3)), "varchar(5)");
    CHECK_STR(super(ch5, mn_type_varchar(-1)), "varchar");
    CHECK_STR(super(T(MN_T_UNKNOWN), T(MN_T_DATE)), "date");
    CHECK_STR(super(T(MN_T_DATE), T(MN_T_UNKNOWN)), "date");
    CHECK_STR(super(T(MN_T_DATE), T(MN_T_TIMESTAMP)), "timestamp(3)");
    mn_type ts6 = T(MN_T_TIMESTAMP);
    ts6.precision = 6;
    CHECK_STR(super(ts6, T(MN_T_TIMESTAMP)), "timestamp(6)");
    CHECK_STR(super(T(MN_T_VARCHAR), T(MN_T_BIGINT)), "NONE");
    CHECK_STR(super(T(MN_T_BOOLEAN), T(MN_T_INTEGER)), "NONE");
    CHECK_STR(super(T(MN_T_DATE), T(MN_T_INTERVAL_DS)), "NONE");
    CHECK_STR(super(T(MN_T_INTERVAL_YM), T(MN_T_INTERVAL_DS)), "NONE");
    CHECK(mn_type_can_coerce(T(MN_T_INTEGER), T(MN_T_BIGINT)));
    CHECK(!mn_type_can_coerce(T(MN_T_BIGINT), T(MN_T_INTEGER)));
    CHECK(mn_type_can_coerce(T(MN_T_BIGINT), T(MN_T_DOUBLE)));
    CHECK(mn_type_can_coerce(T(MN_T_BIGINT), mn_type_decimal(19, 0)));
    CHECK(mn_type_can_coerce(T(MN_T_BIGINT), mn_type_decimal(20, 1)));
    CHECK(!mn_type_can_coerce(T(MN_T_BIGINT), mn_type_decimal(18, 0)));
    CHECK(!mn_type_can_coerce(T(MN_T_DOUBLE), mn_type_decimal(18, 0)));
    CHECK(mn_type_can_coerce(mn_type_decimal(10, 2), mn_type_decimal(12, 3)));
    CHECK(!mn_type_can_coerce(mn_type_decimal(10, 2), mn_type_decimal(12, 1)));
    CHECK(mn_type_can_coerce(mn_type_varchar(3), mn_type_varchar(5)));
    CHECK(mn_type_can_coerce(mn_type_varchar(3), mn_type_varchar(-1)));
    CHECK(!mn_type_can_coerce(mn_type_varchar(5), mn_type_varchar(3)));
    CHECK(mn_type_can_coerce(ch5, mn_type_varchar(5)));
    CHECK(!mn_type_can_coerce(mn_type_varchar(5), ch5));
    CHECK(mn_type_can_coerce(T(MN_T_DATE), T(MN_T_TIMESTAMP)));
    CHECK(!mn_type_can_coerce(T(MN_T_TIMESTAMP), T(MN_T_DATE)));
    CHECK(!mn_type_can_coerce(ts6, T(MN_T_TIMESTAMP)));
    CHECK(mn_type_can_coerce(T(MN_T_UNKNOWN), T(MN_T_BOOLEAN)));
    CHECK(!mn_type_can_coerce(T(MN_T_BOOLEAN), T(MN_T_UNKNOWN)));
    CHECK_STR(tname(mn_type_integer_as_decimal(T(MN_T_TINYINT))), "decimal(3,0)");
    CHECK_STR(tname(mn_type_integer_as_decimal(T(MN_T_SMALLINT))), "decimal(5,0)");
    CHECK_STR(tname(mn_type_integer_as_decimal(T(MN_T_INTEGER))), "decimal(10,0)");
    CHECK_STR(tname(mn_type_integer_as_decimal(T(MN_T_BIGINT))), "decimal(19,0)");
    CHECK(mn_type_size(mn_type_decimal(5, 2)) == 16);
    CHECK(mn_type_size(T(MN_T_DATE)) == 4);
    CHECK(mn_type_size(T(MN_T_VARCHAR)) == sizeof(mn_str));
    CHECK(mn_type_equal(mn_type_decimal(5, 2), mn_type_decimal(5, 2)));
    CHECK(!mn_type_equal(mn_type_decimal(5, 2), mn_type_decimal(5, 1)));
    CHECK(!mn_type_equal(ts6, T(MN_T_TIMESTAMP)));
    CHECK(mn_type_is_numeric(mn_type_decimal(5, 2)) && !mn_type_is_numeric(T(MN_T_DATE)));
    CHECK(mn_type_is_integer(T(MN_T_TINYINT)) && !mn_type_is_integer(T(MN_T_REAL)));
    CHECK(mn_type_is_string(ch5) && mn_type_is_temporal(ts6));

    /* generic rendering */
    uint8_t b1 = 1;
    int8_t i8 = -5;
    int16_t i16 = 300;
    int32_t i32 = -70000;
    int64_t i64 = INT64_MIN;
    float r = 2.5f;
    double dd = 1e7;
    mn_i128 dec = -1250;
    int32_t day = -1;
    int64_t ts = 1500000;
    int64_t ids = 86400000000LL * 3;
    int32_t iym = -3;
    CHECK_STR(fv(T(MN_T_BOOLEAN), &b1), "true");
    CHECK_STR(fv(T(MN_T_TINYINT), &i8), "-5");
    CHECK_STR(fv(T(MN_T_SMALLINT), &i16), "300");
    CHECK_STR(fv(T(MN_T_INTEGER), &i32), "-70000");
    CHECK_STR(fv(T(MN_T_BIGINT), &i64), "-9223372036854775808");
    CHECK_STR(fv(T(MN_T_REAL), &r), "2.5");
    CHECK_STR(fv(T(MN_T_DOUBLE), &dd), "1.0E7");
    CHECK_STR(fv(mn_type_decimal(5, 2), &dec), "-12.50");
    CHECK_STR(fv(T(MN_T_DATE), &day), "1969-12-31");
    CHECK_STR(fv(T(MN_T_TIMESTAMP), &ts), "1970-01-01 00:00:01.500");
    CHECK_STR(fv(ts6, &ts), "1970-01-01 00:00:01.500000");
    CHECK_STR(fv(T(MN_T_INTERVAL_DS), &ids), "3 00:00:00.000");
    CHECK_STR(fv(T(MN_T_INTERVAL_YM), &iym), "-0-3");
    char sb[80];
    CHECK(mn_format_value(T(MN_T_VARCHAR), &dec, sb) == 0);
    CHECK(mn_format_value(T(MN_T_UNKNOWN), &b1, sb) == 0);

    CHECK_DONE();
}
