/* test_rowstore.c — row-major storage: appending from flat/constant vectors with selections
 * and NULLs, string copies outliving their source, gathering back, absorbing stores,
 * copying rows, key hashing (vector vs stored row), equality and ordering. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "exec/rowstore.h"

enum { C_BOOL, C_INT, C_BIG, C_DBL, C_DEC, C_STR, C_DATE, NC };

static mn_type col_types[NC];

static void setup_types(void) {
    col_types[C_BOOL] = mn_type_make(MN_T_BOOLEAN);
    col_types[C_INT] = mn_type_make(MN_T_INTEGER);
    col_types[C_BIG] = mn_type_make(MN_T_BIGINT);
    col_types[C_DBL] = mn_type_make(MN_T_DOUBLE);
    col_types[C_DEC] = mn_type_decimal(15, 2);
    col_types[C_STR] = mn_type_varchar(-1);
    col_types[C_DATE] = mn_type_make(MN_T_DATE);
}

/* Row i of the synthetic data set: NULLs on every 7th row in the string column and every
 * 11th in the bigint column. */
static void make_string(int64_t i, char *buf, size_t cap) {
    if (i % 3 == 0) snprintf(buf, cap, "s%lld", (long long)i);
    else if (i % 3 == 1) snprintf(buf, cap, "a-much-longer-string-value-%lld-xxxxxxxxxxxxxxxx", (long long)i);
    else buf[0] = '\0';
}

static void fill_chunk(mn_chunk *ch, int64_t base, int n, mn_error *err) {
    mn_chunk_reset(ch, err);
    for (int r = 0; r < n; r++) {
        int64_t i = base + r;
        ((uint8_t *)ch->cols[C_BOOL].data)[r] = (uint8_t)(i & 1);
        ((int32_t *)ch->cols[C_INT].data)[r] = (int32_t)(i * 3);
        if (i % 11 == 0) mn_vector_set_null(&ch->cols[C_BIG], r);
        else ((int64_t *)ch->cols[C_BIG].data)[r] = i * 1000003;
        ((double *)ch->cols[C_DBL].data)[r] = (double)i / 4.0;
        ((mn_i128 *)ch->cols[C_DEC].data)[r] = (mn_i128)i * (mn_i128)1000000000000 * 1000;
        if (i % 7 == 0) {
            mn_vector_set_null(&ch->cols[C_STR], r);
        } else {
            char buf[100];
            make_string(i, buf, sizeof buf);
            ((mn_str *)ch->cols[C_STR].data)[r] = mn_vector_add_string(&ch->cols[C_STR], buf, strlen(buf));
        }
        ((int32_t *)ch->cols[C_DATE].data)[r] = (int32_t)(i % 20000);
    }
    ch->count = n;
}

static int check_row(const mn_chunk *out, int r, int64_t i) {
    int ok = 1;
    ok &= ((uint8_t *)out->cols[C_BOOL].data)[r] == (uint8_t)(i & 1);
    ok &= ((int32_t *)out->cols[C_INT].data)[r] == (int32_t)(i * 3);
    if (i % 11 == 0) ok &= mn_vector_is_null(&out->cols[C_BIG], r);
    else ok &= !mn_vector_is_null(&out->cols[C_BIG], r) && ((int64_t *)out->cols[C_BIG].data)[r] == i * 1000003;
    ok &= ((double *)out->cols[C_DBL].data)[r] == (double)i / 4.0;
    ok &= ((mn_i128 *)out->cols[C_DEC].data)[r] == (mn_i128)i * (mn_i128)1000000000000 * 1000;
    if (i % 7 == 0) {
        ok &= mn_vector_is_null(&out->cols[C_STR], r);
    } else {
        char buf[100];
        make_string(i, buf, sizeof buf);
        mn_str s = ((mn_str *)out->cols[C_STR].data)[r];
        ok &= !mn_vector_is_null(&out->cols[C_STR], r) && s.len == strlen(buf) && memcmp(s.ptr, buf, s.len) == 0;
    }
    ok &= ((int32_t *)out->cols[C_DATE].data)[r] == (int32_t)(i % 20000);
    return ok;
}

static int64_t row_id(const mn_rowstore *rs, const uint8_t *row) {
    int32_t v;
    memcpy(&v, mn_rowstore_slot(rs, row, C_INT), 4);
    return v / 3;
}

static int gather_and_check(const mn_rowstore *rs, uint8_t **rows, int64_t n, mn_chunk *out, mn_error *err) {
    int ok = 1;
    for (int64_t b = 0; b < n; b += MN_VECTOR_SIZE) {
        int m = (int)(n - b < MN_VECTOR_SIZE ? n - b : MN_VECTOR_SIZE);
        mn_chunk_reset(out, err);
        for (int c = 0; c < NC; c++)
            if (mn_rowstore_gather(rs, rows + b, m, c, &out->cols[c], 0, err)) ok = 0;
        for (int r = 0; r < m; r++)
            if (!check_row(out, r, row_id(rs, rows[b + r]))) ok = 0;
    }
    return ok;
}

static void test_append_gather(void) {
    mn_error err;
    mn_rowstore rs;
    CHECK(mn_rowstore_init(&rs, NC, col_types, 24, &err) == 0);
    CHECK(rs.width % 16 == 0);
    CHECK(rs.extra_off % 16 == 0);
    mn_chunk in, out;
    CHECK(mn_chunk_init(&in, NC, col_types, &err) == 0);
    CHECK(mn_chunk_init(&out, NC, col_types, &err) == 0);
    enum { TOTAL = 20000 };
    uint8_t **rows = malloc(sizeof(uint8_t *) * TOTAL);
    int64_t n = 0;
    int extra_zero = 1;
    for (int64_t base = 0; base < TOTAL; base += 1500) {
        int m = (int)(TOTAL - base < 1500 ? TOTAL - base : 1500);
        fill_chunk(&in, base, m, &err);
        mn_vector *cols[NC];
        for (int c = 0; c < NC; c++) cols[c] = &in.cols[c];
        CHECK(mn_rowstore_append(&rs, cols, NULL, m, rows + n, &err) == 0);
        for (int r = 0; r < m; r++) {
            uint8_t *x = mn_rowstore_extra(&rs, rows[n + r]);
            for (int k = 0; k < 24; k++)
                if (x[k]) extra_zero = 0;
            memset(x, 0xab, 24); /* the owner may scribble here */
        }
        n += m;
    }
    CHECK(extra_zero);
    CHECK(rs.count == TOTAL);
    /* the source chunk is overwritten: stored strings must not refer to it */
    fill_chunk(&in, 999999, 2048, &err);
    CHECK(gather_and_check(&rs, rows, n, &out, &err));
    /* storage order via collect */
    uint8_t **all = malloc(sizeof(uint8_t *) * TOTAL);
    mn_rowstore_collect(&rs, all);
    int same = 1;
    for (int64_t i = 0; i < TOTAL; i++)
        if (all[i] != rows[i]) same = 0;
    CHECK(same);

    /* selection + constant vectors */
    mn_rowstore rs2;
    CHECK(mn_rowstore_init(&rs2, NC, col_types, 24, &err) == 0);
    fill_chunk(&in, 0, 100, &err);
    mn_vector konst;
    mn_vector_init(&konst, col_types[C_STR]);
    mn_vector_prepare_const(&konst, &err);
    ((mn_str *)konst.data)[0] = mn_vector_add_string(&konst, "constant!", 9);
    mn_vector *cols[NC];
    for (int c = 0; c < NC; c++) cols[c] = &in.cols[c];
    cols[C_STR] = &konst;
    uint16_t sel[3] = {5, 50, 99};
    uint8_t *r3[3];
    CHECK(mn_rowstore_append(&rs2, cols, sel, 3, r3, &err) == 0);
    mn_vector_destroy(&konst);
    cols[C_STR] = &in.cols[C_STR];
    CHECK(row_id(&rs2, r3[1]) == 50);
    mn_chunk_reset(&out, &err);
    CHECK(mn_rowstore_gather(&rs2, r3, 3, C_STR, &out.cols[C_STR], 0, &err) == 0);
    CHECK(mn_rowstore_gather(&rs2, r3, 3, C_BIG, &out.cols[C_BIG], 0, &err) == 0);
    mn_str s = ((mn_str *)out.cols[C_STR].data)[2];
    CHECK(s.len == 9 && memcmp(s.ptr, "constant!", 9) == 0);
    CHECK(!mn_vector_is_null(&out.cols[C_STR], 0));
    CHECK(mn_vector_is_null(&out.cols[C_BIG], 0) == false);
    CHECK(((int64_t *)out.cols[C_BIG].data)[1] == 50 * 1000003);
    /* gather at an offset keeps earlier rows */
    CHECK(mn_rowstore_gather(&rs2, r3, 3, C_BIG, &out.cols[C_BIG], 3, &err) == 0);
    CHECK(((int64_t *)out.cols[C_BIG].data)[4] == 50 * 1000003);
    CHECK(((int64_t *)out.cols[C_BIG].data)[1] == 50 * 1000003);

    /* absorb needs one layout */
    mn_rowstore other;
    CHECK(mn_rowstore_init(&other, NC, col_types, 0, &err) == 0);
    CHECK(mn_rowstore_append(&other, cols, sel, 1, NULL, &err) == 0);
    CHECK(mn_rowstore_absorb(&rs, &other, &err) == -1);
    mn_rowstore_destroy(&other);
    /* absorb: rows of rs2 move into rs; pointers stay valid */
    CHECK(mn_rowstore_absorb(&rs, &rs2, &err) == 0);
    CHECK(rs.count == TOTAL + 3);
    CHECK(rs2.count == 0);
    CHECK(row_id(&rs, r3[2]) == 99);
    /* the emptied store still accepts rows, and absorbing again works */
    uint8_t *r1;
    CHECK(mn_rowstore_append(&rs2, cols, sel, 1, &r1, &err) == 0);
    CHECK(mn_rowstore_absorb(&rs, &rs2, &err) == 0);
    CHECK(rs.count == TOTAL + 4);
    mn_rowstore_destroy(&rs2);
    uint8_t **all2 = malloc(sizeof(uint8_t *) * (size_t)rs.count);
    mn_rowstore_collect(&rs, all2);
    int found = 0;
    for (int64_t i = 0; i < rs.count; i++)
        if (all2[i] == r3[0] || all2[i] == r1) found++;
    CHECK(found == 2);
    /* appending after absorb keeps everything */
    fill_chunk(&in, TOTAL, 10, &err);
    for (int c = 0; c < NC; c++) cols[c] = &in.cols[c];
    CHECK(mn_rowstore_append(&rs, cols, NULL, 10, NULL, &err) == 0);
    CHECK(rs.count == TOTAL + 14);

    /* copy_rows: deep copies into another store */
    mn_rowstore rs3;
    CHECK(mn_rowstore_init(&rs3, NC, col_types, 24, &err) == 0);
    uint8_t **copies = malloc(sizeof(uint8_t *) * 1000);
    CHECK(mn_rowstore_copy_rows(&rs3, rows + 500, 1000, copies, &err) == 0);
    CHECK(mn_rowstore_extra(&rs3, copies[0])[3] == 0xab); /* extra bytes copied too */
    mn_rowstore_destroy(&rs); /* originals gone: copies must stand alone */
    CHECK(gather_and_check(&rs3, copies, 1000, &out, &err));
    CHECK(row_id(&rs3, copies[999]) == 1499);
    mn_rowstore_destroy(&rs3);
    mn_rowstore_destroy(&rs3);

    free(copies);
    free(all2);
    free(all);
    free(rows);
    mn_chunk_destroy(&in);
    mn_chunk_destroy(&out);
}

static void test_hash_eq_cmp(void) {
    mn_error err;
    mn_type t[3] = {mn_type_varchar(-1), mn_type_make(MN_T_DOUBLE), mn_type_make(MN_T_BIGINT)};
    mn_chunk in;
    CHECK(mn_chunk_init(&in, 3, t, &err) == 0);
    mn_chunk_reset(&in, &err);
    const char *strs[8] = {"x", "y", "x", "", "longer string for hashing purposes", "x", "y", "x"};
    double dbl[8] = {1.5, 0.0, -0.0, NAN, 2.0, 1.5, 2.0, 0.0};
    for (int r = 0; r < 8; r++) {
        ((mn_str *)in.cols[0].data)[r] = mn_vector_add_string(&in.cols[0], strs[r], strlen(strs[r]));
        ((double *)in.cols[1].data)[r] = dbl[r];
        ((int64_t *)in.cols[2].data)[r] = r % 5;
    }
    mn_vector_set_null(&in.cols[2], 6);
    mn_vector_set_null(&in.cols[2], 7);
    in.count = 8;
    mn_rowstore rs;
    CHECK(mn_rowstore_init(&rs, 3, t, 8, &err) == 0);
    mn_vector *cols[3] = {&in.cols[0], &in.cols[1], &in.cols[2]};
    uint8_t *rows[8];
    CHECK(mn_rowstore_append(&rs, cols, NULL, 8, rows, &err) == 0);

    uint64_t hv[8];
    for (int k = 0; k < 3; k++) mn_rowstore_hash_vector(cols[k], 8, hv, k == 0);
    int keys[3] = {0, 1, 2};
    int consistent = 1;
    for (int r = 0; r < 8; r++)
        if (mn_rowstore_hash_row(&rs, rows[r], keys, 3) != hv[r]) consistent = 0;
    CHECK(consistent);

    /* -0 equals 0 (rows 1 and 2 differ in the string though) */
    int dkey[1] = {1};
    CHECK(mn_rowstore_eq_rows(&rs, rows[1], rows[2], dkey, 1));
    CHECK(mn_rowstore_hash_row(&rs, rows[1], dkey, 1) == mn_rowstore_hash_row(&rs, rows[2], dkey, 1));
    CHECK(!mn_rowstore_eq_rows(&rs, rows[0], rows[1], dkey, 1));
    /* rows 0 and 5 are equal on all keys */
    CHECK(mn_rowstore_eq_rows(&rs, rows[0], rows[5], keys, 3));
    CHECK(hv[0] == hv[5]);
    CHECK(mn_rowstore_eq_vec(&rs, rows[0], keys, cols, 3, 5));
    CHECK(!mn_rowstore_eq_vec(&rs, rows[0], keys, cols, 3, 2));
    /* NULL equals NULL for grouping: rows 6 and 7 have NULL bigints */
    int bkey[1] = {2};
    CHECK(mn_rowstore_eq_rows(&rs, rows[6], rows[7], bkey, 1));
    CHECK(!mn_rowstore_eq_rows(&rs, rows[6], rows[0], bkey, 1));
    CHECK(mn_rowstore_eq_vec(&rs, rows[7], bkey, &cols[2], 1, 6));
    CHECK(hv[6] != hv[0]);
    /* NaN equals NaN */
    CHECK(mn_rowstore_eq_vec(&rs, rows[3], dkey, &cols[1], 1, 3));
    /* constant vector hashing equals flat hashing */
    mn_vector kv;
    mn_vector_init(&kv, t[0]);
    mn_vector_prepare_const(&kv, &err);
    ((mn_str *)kv.data)[0] = mn_vector_add_string(&kv, "x", 1);
    uint64_t hk[4];
    mn_rowstore_hash_vector(&kv, 4, hk, true);
    int skey[1] = {0};
    CHECK(hk[3] == mn_rowstore_hash_row(&rs, rows[0], skey, 1));
    mn_vector *kvp = &kv;
    CHECK(mn_rowstore_eq_vec(&rs, rows[7], skey, &kvp, 1, 3));
    mn_vector_destroy(&kv);

    /* ordering */
    mn_rs_sort_key asc = {0, false, false};
    CHECK(mn_rowstore_cmp_rows(&rs, rows[0], rows[1], &asc, 1) < 0); /* "x" < "y" */
    CHECK(mn_rowstore_cmp_rows(&rs, rows[3], rows[0], &asc, 1) < 0); /* "" first */
    CHECK(mn_rowstore_cmp_rows(&rs, rows[0], rows[5], &asc, 1) == 0);
    mn_rs_sort_key desc = {0, true, false};
    CHECK(mn_rowstore_cmp_rows(&rs, rows[0], rows[1], &desc, 1) > 0);
    mn_rs_sort_key d_asc = {1, false, false};
    CHECK(mn_rowstore_cmp_rows(&rs, rows[3], rows[4], &d_asc, 1) > 0); /* NaN after 2.0 */
    CHECK(mn_rowstore_cmp_rows(&rs, rows[1], rows[2], &d_asc, 1) == 0);
    mn_rs_sort_key b_last = {2, false, false}, b_first = {2, false, true}, b_desc_last = {2, true, false};
    CHECK(mn_rowstore_cmp_rows(&rs, rows[6], rows[0], &b_last, 1) > 0);
    CHECK(mn_rowstore_cmp_rows(&rs, rows[6], rows[0], &b_first, 1) < 0);
    CHECK(mn_rowstore_cmp_rows(&rs, rows[6], rows[0], &b_desc_last, 1) > 0);
    CHECK(mn_rowstore_cmp_rows(&rs, rows[6], rows[7], &b_last, 1) == 0);
    CHECK(mn_rowstore_cmp_rows(&rs, rows[1], rows[0], &b_desc_last, 1) < 0); /* 1 before 0 desc */
    mn_rs_sort_key two[2] = {{2, false, true}, {0, true, false}};
    CHECK(mn_rowstore_cmp_rows(&rs, rows[0], rows[2], two, 2) < 0); /* 0 before 2 */
    CHECK(mn_rowstore_cmp_rows(&rs, rows[0], rows[5], two, 2) == 0);
    /* vector vs row compare mirrors row vs row */
    mn_vector *kvv[2] = {cols[2], cols[0]};
    int mirror = 1;
    for (int a = 0; a < 8; a++)
        for (int b = 0; b < 8; b++) {
            int x = mn_rowstore_cmp_rows(&rs, rows[a], rows[b], two, 2);
            int y = mn_rowstore_cmp_vec_row(&rs, kvv, a, rows[b], two, 2);
            if ((x < 0) != (y < 0) || (x > 0) != (y > 0)) mirror = 0;
        }
    CHECK(mirror);
    mn_rowstore_destroy(&rs);
    mn_chunk_destroy(&in);
}

/* Many distinct string keys: hashes spread (few collisions among 50k). */
static void test_hash_spread(void) {
    mn_error err;
    mn_type t = mn_type_varchar(-1);
    mn_vector v;
    mn_vector_init(&v, t);
    uint64_t *all = malloc(sizeof(uint64_t) * 50 * 1024);
    int total = 0;
    for (int b = 0; b < 25; b++) {
        mn_vector_prepare(&v, &err);
        for (int r = 0; r < 2048; r++) {
            char buf[32];
            int n = snprintf(buf, sizeof buf, "key%d", b * 2048 + r);
            ((mn_str *)v.data)[r] = mn_vector_add_string(&v, buf, (size_t)n);
        }
        mn_rowstore_hash_vector(&v, 2048, all + total, true);
        total += 2048;
    }
    /* count duplicates in the low 20 bits' worth of buckets is noisy; check full 64-bit uniqueness */
    int dups = 0;
    for (int i = 1; i < total; i++)
        if (all[i] == all[i - 1]) dups++;
    CHECK(dups == 0);
    int64_t ones = 0;
    for (int i = 0; i < total; i++) ones += __builtin_popcountll(all[i]);
    double avg = (double)ones / total;
    CHECK(avg > 30.0 && avg < 34.0);
    free(all);
    mn_vector_destroy(&v);
}

static void test_empty_layouts(void) {
    mn_error err;
    mn_rowstore rs;
    /* zero columns, only extra bytes (global aggregate states) */
    CHECK(mn_rowstore_init(&rs, 0, NULL, 40, &err) == 0);
    uint8_t *r;
    CHECK(mn_rowstore_append(&rs, NULL, NULL, 1, &r, &err) == 0);
    CHECK(((uintptr_t)mn_rowstore_extra(&rs, r) & 15) == 0);
    CHECK(rs.count == 1);
    CHECK(mn_rowstore_hash_row(&rs, r, NULL, 0) == 0);
    CHECK(mn_rowstore_eq_rows(&rs, r, r, NULL, 0));
    mn_rowstore_destroy(&rs);
    /* UNKNOWN (bare NULL) columns are always NULL */
    mn_type u = mn_type_make(MN_T_UNKNOWN);
    CHECK(mn_rowstore_init(&rs, 1, &u, 0, &err) == 0);
    mn_vector v;
    mn_vector_init(&v, u);
    mn_vector_prepare(&v, &err);
    mn_vector *vp = &v;
    CHECK(mn_rowstore_append(&rs, &vp, NULL, 5, NULL, &err) == 0);
    uint8_t *rows[5];
    mn_rowstore_collect(&rs, rows);
    CHECK(mn_rowstore_is_null(&rs, rows[4], 0));
    mn_vector_prepare(&v, &err);
    CHECK(mn_rowstore_gather(&rs, rows, 5, 0, &v, 0, &err) == 0);
    CHECK(mn_vector_is_null(&v, 3));
    mn_vector_destroy(&v);
    mn_rowstore_destroy(&rs);
}

int main(void) {
    setup_types();
    test_append_gather();
    test_hash_eq_cmp();
    test_hash_spread();
    test_empty_layouts();
    CHECK_DONE();
}
