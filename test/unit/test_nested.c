/* test_nested.c — nested types: interning, parsing and naming, coercion, the canonical
 * encoding (round trips, -0.0/NaN normalization, sorted map keys, errors), ordering,
 * SQL equality and rendering. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "types/nested.h"
#include "types/vector.h"

static const char *name_of(mn_type t) {
    static char buf[512];
    return mn_type_name(t, buf, sizeof buf);
}

static mn_type parse(const char *s) {
    mn_type t;
    if (mn_type_parse(s, strlen(s), &t) != 0) return mn_type_make(MN_T__COUNT);
    return t;
}

static const char *render(mn_type t, const mn_strbuf *enc) {
    static mn_strbuf out;
    mn_strbuf_free(&out);
    mn_strbuf_init(&out);
    mn_str v = {enc->data ? enc->data : "", (uint32_t)enc->len};
    mn_nested_render(t, v, &out);
    return out.data ? out.data : "";
}

static mn_str as_str(const mn_strbuf *b) {
    mn_str s = {b->data ? b->data : "", (uint32_t)b->len};
    return s;
}

static void test_types(void) {
    mn_type i = mn_type_make(MN_T_INTEGER), v = mn_type_varchar(-1), a1, a2, m, r, r2;
    CHECK(mn_type_make_array(i, &a1) == 0);
    CHECK(mn_type_make_array(i, &a2) == 0);
    CHECK(a1.ext == a2.ext); /* interned */
    CHECK(mn_type_equal(a1, a2));
    CHECK(mn_type_make_map(v, a1, &m) == 0);
    const char *names[2] = {"a", NULL};
    mn_type ft[2] = {i, v};
    CHECK(mn_type_make_row(2, ft, names, &r) == 0);
    CHECK(mn_type_make_row(2, ft, NULL, &r2) == 0);
    CHECK(!mn_type_equal(r, r2));
    CHECK_STR(name_of(a1), "array(integer)");
    CHECK_STR(name_of(m), "map(varchar, array(integer))");
    CHECK_STR(name_of(r), "row(a integer, varchar)");
    CHECK_STR(name_of(r2), "row(integer, varchar)");
    CHECK(mn_type_size(a1) == sizeof(mn_str));
    CHECK(mn_type_is_varlen(m));
    CHECK(mn_type_has_map(m) && !mn_type_has_map(a1));

    /* parsing: Trino and Hive spellings, nesting, quoted names */
    CHECK(mn_type_equal(parse("array(integer)"), a1));
    CHECK(mn_type_equal(parse("ARRAY<INT>"), a1));
    CHECK(mn_type_equal(parse("map(varchar, array(int))"), m));
    CHECK(mn_type_equal(parse("map<string,array<int>>"), m));
    CHECK_STR(name_of(parse("row(a integer, b varchar(3))")), "row(a integer, b varchar(3))");
    CHECK_STR(name_of(parse("struct<a:int,b:string>")), "row(a integer, b varchar)");
    CHECK_STR(name_of(parse("row(x double precision, double)")), "row(x double, double)");
    CHECK_STR(name_of(parse("row(\"Mixed Case\" bigint)")), "row(\"Mixed Case\" bigint)");
    CHECK_STR(name_of(parse("array(row(a int, b array(map(varchar, decimal(10,2)))))")),
              "array(row(a integer, b array(map(varchar, decimal(10,2)))))");
    CHECK(parse("array(int").id == MN_T__COUNT);
    CHECK(parse("array()").id == MN_T__COUNT);
    CHECK(parse("map(int)").id == MN_T__COUNT);
    CHECK(parse("row(a)").id == MN_T__COUNT);
    CHECK(parse("array(nosuchtype)").id == MN_T__COUNT);
    CHECK(parse("array(int) x").id == MN_T__COUNT);
    char deep[400];
    strcpy(deep, "");
    for (int k = 0; k < 40; k++) strcat(deep, "array(");
    strcat(deep, "int");
    for (int k = 0; k < 40; k++) strcat(deep, ")");
    CHECK(parse(deep).id == MN_T__COUNT); /* deeper than MN_NESTED_MAX_DEPTH */

    /* coercion */
    mn_type ab, s;
    CHECK(mn_type_make_array(mn_type_make(MN_T_BIGINT), &ab) == 0);
    CHECK(mn_type_can_coerce(a1, ab));
    CHECK(!mn_type_can_coerce(ab, a1));
    CHECK(mn_type_common_super(a1, ab, &s) && mn_type_equal(s, ab));
    mn_type au;
    CHECK(mn_type_make_array(mn_type_make(MN_T_UNKNOWN), &au) == 0);
    CHECK(mn_type_common_super(au, a1, &s) && mn_type_equal(s, a1));
    CHECK(!mn_type_common_super(a1, m, &s));
    CHECK(!mn_type_common_super(a1, i, &s));
    CHECK(mn_type_common_super(mn_type_make(MN_T_UNKNOWN), m, &s) && mn_type_equal(s, m));
}

static void test_array_encoding(void) {
    mn_type i = mn_type_make(MN_T_INTEGER), at = i;
    mn_error err;
    mn_error_clear(&err);
    CHECK(mn_type_make_array(i, &at) == 0);
    int32_t x[3] = {1, 2, 3};
    const void *slots[3] = {&x[0], NULL, &x[2]};
    mn_strbuf b;
    mn_strbuf_init(&b);
    CHECK(mn_nested_encode_array(&b, i, 3, slots, &err) == 0);
    CHECK_STR(render(at, &b), "[1, NULL, 3]");
    mn_nested_block v;
    CHECK(mn_array_view(at, as_str(&b), &v) == 0);
    CHECK(v.n == 3 && !mn_block_is_null(&v, 0) && mn_block_is_null(&v, 1));
    int32_t got = 0;
    mn_block_get(&v, 2, &got);
    CHECK(got == 3);

    /* empty */
    mn_strbuf e;
    mn_strbuf_init(&e);
    CHECK(mn_nested_encode_array(&e, i, 0, NULL, &err) == 0);
    CHECK_STR(render(at, &e), "[]");

    /* strings and nesting */
    mn_type vs = mn_type_varchar(-1), av = vs, aav = vs;
    CHECK(mn_type_make_array(vs, &av) == 0);
    CHECK(mn_type_make_array(av, &aav) == 0);
    mn_str s1 = {"ab", 2}, s2 = {"", 0};
    const void *ss[3] = {&s1, &s2, NULL};
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    CHECK(mn_nested_encode_array(&sb, vs, 3, ss, &err) == 0);
    CHECK_STR(render(av, &sb), "[ab, , NULL]");
    mn_str inner = as_str(&sb);
    const void *outer[2] = {&inner, &inner};
    mn_strbuf ob;
    mn_strbuf_init(&ob);
    CHECK(mn_nested_encode_array(&ob, av, 2, outer, &err) == 0);
    CHECK_STR(render(aav, &ob), "[[ab, , NULL], [ab, , NULL]]");
    mn_nested_block ov;
    CHECK(mn_array_view(aav, as_str(&ob), &ov) == 0);
    mn_str back;
    mn_block_get(&ov, 1, &back);
    CHECK(back.len == sb.len && memcmp(back.ptr, sb.data, sb.len) == 0);

    /* canonical floats: -0.0 and NaN */
    mn_type d = mn_type_make(MN_T_DOUBLE), ad = d;
    CHECK(mn_type_make_array(d, &ad) == 0);
    double z1 = 0.0, z2 = -0.0, n1 = NAN, n2 = -NAN;
    const void *pa[2] = {&z1, &n1}, *pb[2] = {&z2, &n2};
    mn_strbuf fa, fb;
    mn_strbuf_init(&fa);
    mn_strbuf_init(&fb);
    CHECK(mn_nested_encode_array(&fa, d, 2, pa, &err) == 0);
    CHECK(mn_nested_encode_array(&fb, d, 2, pb, &err) == 0);
    CHECK(fa.len == fb.len && memcmp(fa.data, fb.data, fa.len) == 0);
    CHECK_STR(render(ad, &fb), "[0.0, NaN]");

    /* ordering and equality */
    int32_t y[2] = {1, 4};
    const void *ys[2] = {&y[0], &y[1]}, *yn[2] = {&y[0], NULL};
    mn_strbuf b1, b2;
    mn_strbuf_init(&b1);
    mn_strbuf_init(&b2);
    CHECK(mn_nested_encode_array(&b1, i, 2, ys, &err) == 0);
    CHECK(mn_nested_encode_array(&b2, i, 2, yn, &err) == 0);
    mn_str a = as_str(&b), c = as_str(&b1), n = as_str(&b2), em = as_str(&e);
    CHECK(mn_nested_slot_compare(at, &a, &c) > 0);  /* [1,NULL,3] > [1,4]: NULL elements sort last */
    CHECK(mn_nested_slot_compare(at, &c, &n) < 0);  /* [1,4] < [1,NULL] (NULL last) */
    CHECK(mn_nested_slot_compare(at, &em, &c) < 0); /* [] first */
    CHECK(mn_nested_slot_compare(at, &c, &c) == 0);
    CHECK(mn_nested_equal(at, c, c) == 1);
    CHECK(mn_nested_equal(at, c, n) == -1);         /* 4 vs NULL: indeterminate */
    CHECK(mn_nested_equal(at, n, n) == -1);
    CHECK(mn_nested_equal(at, a, c) == 0);          /* different lengths */
    CHECK(mn_nested_equal(ad, as_str(&fa), as_str(&fb)) == 0); /* NaN = NaN is false */

    mn_strbuf_free(&b);
    mn_strbuf_free(&e);
    mn_strbuf_free(&sb);
    mn_strbuf_free(&ob);
    mn_strbuf_free(&fa);
    mn_strbuf_free(&fb);
    mn_strbuf_free(&b1);
    mn_strbuf_free(&b2);
}

static void test_map_row(void) {
    mn_type v = mn_type_varchar(-1), i = mn_type_make(MN_T_BIGINT), mt;
    mn_error err;
    mn_error_clear(&err);
    CHECK(mn_type_make_map(v, i, &mt) == 0);
    mn_str k1 = {"b", 1}, k2 = {"a", 1}, k3 = {"c", 1};
    int64_t v1 = 1, v2 = 2;
    const void *ks[3] = {&k1, &k2, &k3}, *vs[3] = {&v1, &v2, NULL};
    mn_strbuf m1, m2;
    mn_strbuf_init(&m1);
    mn_strbuf_init(&m2);
    CHECK(mn_nested_encode_map(&m1, mt, 3, ks, vs, &err) == 0);
    CHECK_STR(render(mt, &m1), "{a=2, b=1, c=NULL}");
    /* same entries in another order: same bytes */
    const void *ks2[3] = {&k3, &k1, &k2}, *vs2[3] = {NULL, &v1, &v2};
    CHECK(mn_nested_encode_map(&m2, mt, 3, ks2, vs2, &err) == 0);
    CHECK(m1.len == m2.len && memcmp(m1.data, m2.data, m1.len) == 0);
    mn_nested_block kb, vb;
    CHECK(mn_map_view(mt, as_str(&m1), &kb, &vb) == 0);
    CHECK(kb.n == 3 && vb.n == 3 && mn_block_is_null(&vb, 2));
    /* errors */
    const void *dup[2] = {&k1, &k1}, *nul[2] = {&k1, NULL};
    mn_strbuf x;
    mn_strbuf_init(&x);
    CHECK(mn_nested_encode_map(&x, mt, 2, dup, vs, &err) != 0);
    CHECK_STR(err.message, "Duplicate map keys (b) are not allowed");
    mn_error_clear(&err);
    CHECK(mn_nested_encode_map(&x, mt, 2, nul, vs, &err) != 0);
    CHECK_STR(err.message, "map key cannot be null");

    /* rows */
    mn_type ft[3] = {i, v, mt}, rt, rt_anon;
    const char *names[3] = {"x", "y", "z"};
    CHECK(mn_type_make_row(3, ft, names, &rt) == 0);
    CHECK(mn_type_make_row(3, ft, NULL, &rt_anon) == 0);
    mn_str ms = as_str(&m1);
    const void *fs[3] = {&v1, NULL, &ms};
    mn_strbuf r;
    mn_strbuf_init(&r);
    CHECK(mn_nested_encode_row(&r, rt, fs, &err) == 0);
    CHECK_STR(render(rt, &r), "{x=1, y=NULL, z={a=2, b=1, c=NULL}}");
    CHECK_STR(render(rt_anon, &r), "{1, NULL, {a=2, b=1, c=NULL}}");
    mn_nested_block rb;
    CHECK(mn_row_view(rt, as_str(&r), &rb) == 0);
    mn_str z;
    mn_block_get(&rb, 2, &z);
    CHECK(z.len == m1.len && memcmp(z.ptr, m1.data, z.len) == 0);

    /* malformed input never crashes */
    mn_str bad = {"\x05\x00\x00", 3};
    mn_nested_block bv;
    mn_type at;
    CHECK(mn_type_make_array(i, &at) == 0);
    CHECK(mn_array_view(at, bad, &bv) != 0);
    CHECK(mn_map_view(mt, bad, &kb, &vb) != 0);
    mn_strbuf out;
    mn_strbuf_init(&out);
    mn_nested_render(mt, bad, &out);
    CHECK_STR(out.data, "<malformed>");

    mn_strbuf_free(&m1);
    mn_strbuf_free(&m2);
    mn_strbuf_free(&x);
    mn_strbuf_free(&r);
    mn_strbuf_free(&out);
}

int main(void) {
    test_types();
    test_array_encoding();
    test_map_row();
    CHECK_DONE();
}
