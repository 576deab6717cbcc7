/* test_psort.c — the shared row sort (exec/psort.h): its output must equal a stable sort by
 * mn_rowstore_cmp_rows for every key kind (integers at the edges of their range, doubles
 * with NaN and -0, decimals beyond the BIGINT range, strings sharing long prefixes or
 * ending in zero bytes, NULLs first and last, ascending and descending, one to three
 * keys), single- and multi-threaded, in place and into another array. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "exec/psort.h"

enum { C_BOOL, C_TINY, C_INT, C_BIG, C_DBL, C_DEC, C_STR, NC };

static uint64_t rng = UINT64_C(0x9e3779b97f4a7c15);
static uint64_t rnd(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Values from a small pool, so that ties are common and the tie-breaking keys matter. */
static void fill(mn_chunk *ch, int n, mn_error *err) {
    static const int64_t bigs[] = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, 42, INT64_MAX - 1, INT64_MAX};
    static const double dbls[] = {-1.5, -0.0, 0.0, 2.25, 1e300, -1e300};
    static const struct {
        const char *s;
        size_t len;
    } strs[] = {{"", 0},         {"a", 1},        {"a\0", 2},          {"a\0\0", 3},
                {"abc", 3},      {"abcdefg", 7},  {"abcdefg\0", 8},    {"abcdefgh", 8},
                {"abcdefghi", 9}, {"abcdefgh-long-tail-1", 20}, {"abcdefgh-long-tail-2", 20},
                {"zz", 2},       {"\xff\xfe", 2}, {"\xff\xff\xff\xff\xff\xff\xff\xff", 8},
                {"\xff\xff\xff\xff\xff\xff\xff\xff\x01", 9}, {"\0", 1}};
    mn_chunk_reset(ch, err);
    for (int r = 0; r < n; r++) {
        uint64_t x = rnd();
        ((uint8_t *)ch->cols[C_BOOL].data)[r] = (uint8_t)(x & 1);
        ((int8_t *)ch->cols[C_TINY].data)[r] = (int8_t)((x >> 1) % 5 == 0 ? -128 : (int)((x >> 4) % 7) - 3);
        ((int32_t *)ch->cols[C_INT].data)[r] = (int32_t)((x >> 8) % 9) - 4;
        ((int64_t *)ch->cols[C_BIG].data)[r] = bigs[(x >> 12) % 8];
        double d = (x >> 16) % 8 == 7 ? NAN : dbls[(x >> 16) % 6];
        ((double *)ch->cols[C_DBL].data)[r] = d;
        mn_i128 big = (mn_i128)1 << 70;
        mn_i128 decs[] = {-big, -big + 1, (mn_i128)INT64_MIN, -7, 0, 7, (mn_i128)INT64_MAX, big, big + 1};
        ((mn_i128 *)ch->cols[C_DEC].data)[r] = decs[(x >> 20) % 9];
        size_t si = (x >> 24) % (sizeof strs / sizeof strs[0]);
        ((mn_str *)ch->cols[C_STR].data)[r] = mn_vector_add_string(&ch->cols[C_STR], strs[si].s, strs[si].len);
        for (int c = 0; c < NC; c++)
            if ((x >> (32 + c)) % 8 == 0) mn_vector_set_null(&ch->cols[c], r); /* 1 in 8 NULL */
    }
    ch->count = n;
}

static const mn_rowstore *ref_rs;
static const mn_rs_sort_key *ref_keys;
static int ref_nkeys;
static uint8_t **ref_base;

/* stable reference order: the keys, then the position in the input */
static int ref_cmp(const void *pa, const void *pb) {
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    int r = mn_rowstore_cmp_rows(ref_rs, ref_base[a], ref_base[b], ref_keys, ref_nkeys);
    if (r) return r;
    return a < b ? -1 : a > b;
}

static bool sorted_like_reference(const mn_rowstore *rs, uint8_t **base, int64_t n, const mn_rs_sort_key *keys,
                                  int nkeys, int threads, bool in_place) {
    mn_error err = {0};
    int64_t *idx = malloc(sizeof *idx * (size_t)n);
    uint8_t **out = malloc(sizeof *out * (size_t)n);
    bool ok = idx && out;
    if (ok) {
        for (int64_t i = 0; i < n; i++) idx[i] = i;
        ref_rs = rs;
        ref_keys = keys;
        ref_nkeys = nkeys;
        ref_base = base;
        qsort(idx, (size_t)n, sizeof *idx, ref_cmp);
        if (in_place) memcpy(out, base, sizeof *out * (size_t)n);
        ok = mn_psort_rows(rs, keys, nkeys, in_place ? out : base, out, n, threads, &err) == 0;
        for (int64_t i = 0; ok && i < n; i++) ok = out[i] == base[idx[i]];
    }
    free(idx);
    free(out);
    return ok;
}

int main(void) {
    mn_error err = {0};
    mn_type types[NC] = {mn_type_make(MN_T_BOOLEAN), mn_type_make(MN_T_TINYINT), mn_type_make(MN_T_INTEGER),
                         mn_type_make(MN_T_BIGINT),  mn_type_make(MN_T_DOUBLE),  mn_type_decimal(38, 0),
                         mn_type_varchar(-1)};
    mn_rowstore rs;
    CHECK(mn_rowstore_init(&rs, NC, types, 0, &err) == 0);
    mn_chunk ch;
    CHECK(mn_chunk_init(&ch, NC, types, &err) == 0);
    mn_vector *cols[NC];
    for (int c = 0; c < NC; c++) cols[c] = &ch.cols[c];
    const int64_t n = 150000; /* above the size sorted on several threads */
    for (int64_t done = 0; done < n; done += MN_VECTOR_SIZE) {
        int m = n - done < MN_VECTOR_SIZE ? (int)(n - done) : MN_VECTOR_SIZE;
        fill(&ch, m, &err);
        CHECK(mn_rowstore_append(&rs, cols, NULL, m, NULL, &err) == 0);
    }
    uint8_t **base = malloc(sizeof *base * (size_t)n);
    mn_rowstore_collect(&rs, base);

    /* every column alone, in all four directions, on a prefix and on all rows */
    for (int c = 0; c < NC; c++)
        for (int dir = 0; dir < 4; dir++) {
            mn_rs_sort_key k = {c, (dir & 1) != 0, (dir & 2) != 0};
            CHECK(sorted_like_reference(&rs, base, 3000, &k, 1, 1, dir == 0));
            if ((c == C_DEC || c == C_STR || c == C_DBL) && dir == 1)
                CHECK(sorted_like_reference(&rs, base, n, &k, 1, 4, false));
        }
    /* several keys: ties of the first ones are settled by the later ones */
    mn_rs_sort_key k2[][3] = {
        {{C_BOOL, false, false}, {C_STR, true, false}, {C_BIG, false, true}},
        {{C_STR, false, true}, {C_DEC, true, true}, {C_INT, false, false}},
        {{C_DEC, false, false}, {C_DBL, false, true}, {C_TINY, true, false}},
        {{C_TINY, true, true}, {C_INT, false, false}, {C_STR, false, false}},
        {{C_DBL, true, false}, {C_BIG, true, true}, {C_BOOL, false, false}},
    };
    for (size_t i = 0; i < sizeof k2 / sizeof k2[0]; i++)
        for (int nk = 2; nk <= 3; nk++) {
            CHECK(sorted_like_reference(&rs, base, 5000, k2[i], nk, 1, false));
            if (nk == 3) CHECK(sorted_like_reference(&rs, base, n, k2[i], nk, 3, true));
        }
    /* no keys, one row, no rows: the input order */
    CHECK(sorted_like_reference(&rs, base, 100, k2[0], 0, 1, false));
    CHECK(sorted_like_reference(&rs, base, 1, k2[0], 2, 1, false));
    CHECK(mn_psort_rows(&rs, k2[0], 2, base, base, 0, 4, &err) == 0);

    free(base);
    mn_chunk_destroy(&ch);
    mn_rowstore_destroy(&rs);
    CHECK_DONE();
}
