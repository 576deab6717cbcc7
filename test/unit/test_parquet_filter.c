/* test_parquet_filter.c — what the Parquet reader uses to skip data: xxHash64 and the
 * split-block bloom filter (against parquet-testing's bloom_filter.xxhash.bin), predicates
 * on min/max ranges, the page filter over a ColumnIndex, dictionary filtering, and the
 * reader's row skipping and sparse page loading (values must equal a plain full read).
 * Test data: $MINERVA_TESTDATA or ../shared/testdata. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "format/parquet.h"
#include "format/parquet_internal.h"

static const char *data_path(const char *rel) {
    static char buf[1024];
    const char *d = getenv("MINERVA_TESTDATA");
    snprintf(buf, sizeof buf, "%s/parquet-testing/data/%s", d && *d ? d : "../shared/testdata", rel);
    return buf;
}

static void test_xxhash(void) {
    CHECK(mn_parquet_xxhash64("", 0) == UINT64_C(0xEF46DB3751D8E999));
    CHECK(mn_parquet_xxhash64("a", 1) == UINT64_C(0xD24EC4F1A98C6E5B));
    CHECK(mn_parquet_xxhash64("abc", 3) == UINT64_C(0x44BC2CF5AD770999));
    const char *s = "Nobody inspects the spammish repetition"; /* 39 bytes: the 32-byte stripe path */
    CHECK(mn_parquet_xxhash64(s, strlen(s)) == UINT64_C(0xFBCEA83C8A378BF1));
}

static void test_bloom_file(void) {
    FILE *fp = fopen(data_path("bloom_filter.xxhash.bin"), "rb");
    CHECK(fp != NULL);
    if (!fp) return;
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    int32_t nbytes = 0;
    size_t hlen = 0;
    const char *msg = NULL;
    CHECK(pq_read_bloom_header(buf, n, &nbytes, &hlen, &msg) == 0);
    CHECK(nbytes > 0 && hlen + (size_t)nbytes <= n);
    if (nbytes <= 0 || hlen + (size_t)nbytes > n) return;
    const char *in[] = {"hello", "parquet", "bloom", "filter"};
    for (int i = 0; i < 4; i++)
        CHECK(mn_parquet_bloom_check(buf + hlen, (size_t)nbytes, mn_parquet_xxhash64(in[i], strlen(in[i]))));
    int false_pos = 0;
    for (int i = 0; i < 1000; i++) {
        char w[32];
        snprintf(w, sizeof w, "absent-%d", i);
        false_pos += mn_parquet_bloom_check(buf + hlen, (size_t)nbytes, mn_parquet_xxhash64(w, strlen(w)));
    }
    CHECK(false_pos < 50); /* a filter for 4 values says "maybe" to few others */
    /* a truncated or garbled header is an error, never a crash */
    CHECK(pq_read_bloom_header(buf, hlen / 2, &nbytes, &hlen, &msg) < 0);
    /* an unknown algorithm (member 2 of the union) is reported as unusable */
    static const uint8_t other[] = {0x15, 0x40, 0x1c, 0x2c, 0x00, 0x00, 0x1c, 0x1c, 0x00, 0x00, 0x1c, 0x1c, 0x00, 0x00, 0x00};
    CHECK(pq_read_bloom_header(other, sizeof other, &nbytes, &hlen, &msg) == 1);
}

static mn_value int_value(int64_t v) {
    mn_value x;
    memset(&x, 0, sizeof x);
    x.type = mn_type_make(MN_T_INTEGER);
    x.u.i = v;
    return x;
}

static void test_preds(void) {
    mn_value lo = int_value(10), hi = int_value(20), v5 = int_value(5), v15 = int_value(15), v25 = int_value(25);
    mn_value in[2] = {v5, v25};
    mn_parquet_pred eq = {MN_PQ_PRED_EQ, 1, &v15}, lt = {MN_PQ_PRED_LT, 1, &lo}, le = {MN_PQ_PRED_LE, 1, &lo},
                    gt = {MN_PQ_PRED_GT, 1, &hi}, ge = {MN_PQ_PRED_GE, 1, &hi}, inp = {MN_PQ_PRED_IN, 2, in};
    CHECK(mn_parquet_pred_range(&eq, &lo, &hi));
    CHECK(!mn_parquet_pred_range(&lt, &lo, &hi)); /* x < 10 over [10, 20] */
    CHECK(mn_parquet_pred_range(&le, &lo, &hi));
    CHECK(!mn_parquet_pred_range(&gt, &lo, &hi));
    CHECK(mn_parquet_pred_range(&ge, &lo, &hi));
    CHECK(!mn_parquet_pred_range(&inp, &lo, &hi));
    CHECK(mn_parquet_pred_range(&inp, &v5, &hi));
    CHECK(mn_parquet_pred_test(&inp, &v25) && !mn_parquet_pred_test(&inp, &v15));
    mn_value null = int_value(0);
    null.is_null = true;
    CHECK(!mn_parquet_pred_test(&eq, &null));
}

/* Every value of column col read fully, as int64 (NULL -> INT64_MIN). */
static int64_t *read_all(const mn_parquet_file *f, int col, int64_t *n) {
    int64_t rows = mn_parquet_row_group_at(f, 0)->num_rows, got_total = 0;
    int64_t *out = calloc((size_t)rows, sizeof *out);
    mn_error err;
    memset(&err, 0, sizeof err);
    mn_parquet_reader *r = mn_parquet_reader_open(f, 0, col, &err);
    mn_vector v;
    mn_vector_init(&v, mn_parquet_column_at(f, col)->type);
    int got;
    while (r && mn_vector_prepare(&v, &err) == 0 && mn_parquet_reader_read(r, &v, MN_VECTOR_SIZE, &got, &err) == 0 &&
           got > 0) {
        for (int i = 0; i < got; i++) {
            mn_value x;
            mn_vector_get_value(&v, i, &x);
            out[got_total + i] = x.is_null ? INT64_MIN : x.u.i;
        }
        got_total += got;
    }
    mn_vector_destroy(&v);
    mn_parquet_reader_close(r);
    *n = got_total;
    return out;
}

/* Reads rows [from, to) of column col after skipping, with only the pages holding them
 * loaded, and compares them with the full read. */
static void check_sparse(const mn_parquet_file *f, int col, const int64_t *all, int64_t from, int64_t to) {
    mn_arena a;
    mn_arena_init(&a, 0);
    mn_error err;
    memset(&err, 0, sizeof err);
    mn_parquet_page_location *locs = NULL;
    int nlocs = 0;
    CHECK(mn_parquet_read_offset_index(f, 0, col, &a, &locs, &nlocs, &err) == 0);
    int64_t rows = mn_parquet_row_group_at(f, 0)->num_rows;
    bool *need = mn_arena_alloc(&a, sizeof *need * (size_t)(nlocs ? nlocs : 1));
    int nneed = 0;
    for (int k = 0; k < nlocs; k++) {
        int64_t s = locs[k].first_row_index, e = k + 1 < nlocs ? locs[k + 1].first_row_index : rows;
        need[k] = s < to && e > from;
        nneed += need[k];
    }
    mn_parquet_reader *r = mn_parquet_reader_open_pages(f, 0, col, locs, nlocs, need, &err);
    CHECK(r != NULL);
    if (!r) {
        mn_arena_destroy(&a);
        return;
    }
    int64_t bytes_before = mn_parquet_reader_bytes_read(r);
    CHECK(mn_parquet_reader_skip(r, from, &err) == 0);
    mn_vector v;
    mn_vector_init(&v, mn_parquet_column_at(f, col)->type);
    int64_t row = from;
    bool same = true;
    while (row < to) {
        int want = to - row < 100 ? (int)(to - row) : 100, got = 0;
        if (mn_vector_prepare(&v, &err) || mn_parquet_reader_read(r, &v, want, &got, &err) || got != want) {
            same = false;
            break;
        }
        for (int i = 0; i < got; i++) {
            mn_value x;
            mn_vector_get_value(&v, i, &x);
            if ((x.is_null ? INT64_MIN : x.u.i) != all[row + i]) same = false;
        }
        row += got;
    }
    CHECK(same);
    int64_t pr, ps;
    mn_parquet_reader_pages(r, &pr, &ps);
    CHECK(pr == nneed);             /* only the pages holding the rows were decoded */
    CHECK(pr + ps == nlocs);
    CHECK(mn_parquet_reader_bytes_read(r) == bytes_before); /* and nothing read on demand */
    /* a skip into a page that was not loaded reads it on demand */
    int64_t left = mn_parquet_reader_rows_left(r);
    if (left > 0) {
        int got = 0;
        CHECK(mn_parquet_reader_skip(r, left - 1, &err) == 0);
        CHECK(mn_vector_prepare(&v, &err) == 0 && mn_parquet_reader_read(r, &v, 10, &got, &err) == 0 && got == 1);
        mn_value x;
        mn_vector_get_value(&v, 0, &x);
        CHECK((x.is_null ? INT64_MIN : x.u.i) == all[rows - 1]);
    }
    mn_vector_destroy(&v);
    mn_parquet_reader_close(r);
    mn_arena_destroy(&a);
}

static void test_tiny_pages(void) {
    mn_error err;
    memset(&err, 0, sizeof err);
    mn_parquet_file *f = mn_parquet_open(data_path("alltypes_tiny_pages.parquet"), &err);
    CHECK(f != NULL);
    if (!f) return;
    /* id (0, plain pages), int_col (4, dictionary pages), bigint_col (5) */
    int cols[] = {0, 4, 5};
    for (int c = 0; c < 3; c++) {
        int64_t n;
        int64_t *all = read_all(f, cols[c], &n);
        CHECK(n == 7300);
        check_sparse(f, cols[c], all, 0, 5);
        check_sparse(f, cols[c], all, 1000, 1100);
        check_sparse(f, cols[c], all, 3333, 3334);
        check_sparse(f, cols[c], all, 7000, 7300);
        free(all);
    }
    /* page filter on id: exactly the pages whose [min, max] holds 500 */
    mn_arena a;
    mn_arena_init(&a, 0);
    mn_value v500 = int_value(500);
    mn_parquet_pred eq = {MN_PQ_PRED_EQ, 1, &v500};
    bool *keep = NULL;
    int npages = 0;
    int64_t bytes = 0;
    CHECK(mn_parquet_page_filter(f, 0, 0, &eq, 1, &a, &keep, &npages, &bytes, &err) == 0);
    CHECK(npages == 325 && bytes > 0);
    mn_parquet_column_index ci;
    CHECK(mn_parquet_read_column_index(f, 0, 0, &a, &ci, &err) == 0);
    int kept = 0;
    bool exact = true;
    for (int i = 0; i < npages; i++) {
        mn_value lo, hi;
        mn_parquet_stat_value(mn_parquet_column_at(f, 0), ci.min_values[i], ci.min_lens[i], &lo);
        mn_parquet_stat_value(mn_parquet_column_at(f, 0), ci.max_values[i], ci.max_lens[i], &hi);
        if (keep[i] != (lo.u.i <= 500 && hi.u.i >= 500)) exact = false;
        kept += keep[i];
    }
    CHECK(exact && kept > 0 && kept < npages);
    /* dictionaries: int_col holds 0..9 only; string_col (9) '0'..'9' */
    const mn_parquet_chunk *ch = &mn_parquet_row_group_at(f, 0)->chunks[4];
    CHECK(mn_parquet_chunk_all_dict(ch));
    CHECK(!mn_parquet_chunk_all_dict(&mn_parquet_row_group_at(f, 0)->chunks[0]));
    mn_value v5 = int_value(5), v42 = int_value(42), v7 = int_value(7);
    mn_value in[2] = {v42, v7};
    mn_parquet_pred p5 = {MN_PQ_PRED_EQ, 1, &v5}, p42 = {MN_PQ_PRED_EQ, 1, &v42}, pin = {MN_PQ_PRED_IN, 2, in},
                    pgt = {MN_PQ_PRED_GT, 1, &v42};
    mn_parquet_reader *r = mn_parquet_reader_open(f, 0, 4, &err);
    CHECK(r && mn_parquet_reader_dict_select(r, &p5, 1, &err) == 1);
    CHECK(r && mn_parquet_reader_dict_select(r, &p42, 1, &err) == 0);
    CHECK(r && mn_parquet_reader_dict_select(r, &pin, 1, &err) == 1);
    CHECK(r && mn_parquet_reader_dict_select(r, &pgt, 1, &err) == 0);
    mn_parquet_pred both[2] = {p5, p42}; /* = 5 AND = 42: no entry satisfies both */
    CHECK(r && mn_parquet_reader_dict_select(r, both, 2, &err) == 0);
    /* the dictionary loaded this way serves the reading that follows */
    int64_t n;
    int64_t *all = read_all(f, 4, &n);
    mn_vector v;
    mn_vector_init(&v, mn_parquet_column_at(f, 4)->type);
    int got = 0;
    CHECK(r && mn_vector_prepare(&v, &err) == 0 && mn_parquet_reader_read(r, &v, 50, &got, &err) == 0 && got == 50);
    bool same = true;
    for (int i = 0; i < got; i++) {
        mn_value x;
        mn_vector_get_value(&v, i, &x);
        if (x.u.i != all[i]) same = false;
    }
    CHECK(same);
    free(all);
    mn_vector_destroy(&v);
    mn_parquet_reader_close(r);
    mn_arena_destroy(&a);
    mn_parquet_close(f);
}

/* Copies of a page-indexed file with bytes of its page indexes changed must give errors or
 * values when read through the pushdown paths, never a crash (sanitizers watch). */
static void test_hostile_index(void) {
    FILE *fp = fopen(data_path("alltypes_tiny_pages_plain.parquet"), "rb");
    CHECK(fp != NULL);
    if (!fp) return;
    static uint8_t buf[1 << 20], mut[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    mn_error err;
    memset(&err, 0, sizeof err);
    mn_parquet_file *f0 = mn_parquet_open_memory(buf, n, "orig", &err);
    CHECK(f0 != NULL);
    if (!f0) return;
    int64_t lo = INT64_MAX, hi = 0; /* the byte range holding the indexes */
    for (int c = 0; c < mn_parquet_num_columns(f0); c++) {
        const mn_parquet_chunk *ch = &mn_parquet_row_group_at(f0, 0)->chunks[c];
        if (ch->column_index_offset >= 0 && ch->column_index_offset < lo) lo = ch->column_index_offset;
        if (ch->offset_index_offset >= 0 && ch->offset_index_offset + ch->offset_index_length > hi)
            hi = ch->offset_index_offset + ch->offset_index_length;
    }
    mn_parquet_close(f0);
    CHECK(lo < hi);
    if (lo >= hi) return;
    char path[] = "/tmp/minerva-pqfilter-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    close(fd);
    uint64_t seed = 12345;
    int readable = 0;
    for (int round = 0; round < 150; round++) {
        memcpy(mut, buf, n);
        for (int k = 0; k < 4; k++) {
            seed = seed * UINT64_C(6364136223846793005) + 1442695040888963407u;
            mut[lo + (int64_t)((seed >> 33) % (uint64_t)(hi - lo))] ^= (uint8_t)(1u << ((seed >> 20) & 7));
        }
        FILE *w = fopen(path, "wb");
        if (!w) break;
        fwrite(mut, 1, n, w);
        fclose(w);
        mn_parquet_file *f = mn_parquet_open(path, &err);
        if (!f) continue;
        mn_arena a;
        mn_arena_init(&a, 0);
        mn_value v = int_value(2000);
        mn_parquet_pred p = {MN_PQ_PRED_LE, 1, &v};
        bool *keep;
        int npages = 0;
        int64_t bytes = 0;
        mn_parquet_page_location *locs = NULL;
        int nlocs = 0;
        if (mn_parquet_page_filter(f, 0, 0, &p, 1, &a, &keep, &npages, &bytes, &err) == 0 &&
            mn_parquet_read_offset_index(f, 0, 0, &a, &locs, &nlocs, &err) == 0 && nlocs == npages) {
            mn_parquet_reader *r = mn_parquet_reader_open_pages(f, 0, 0, locs, nlocs, keep, &err);
            mn_vector vec;
            mn_vector_init(&vec, mn_parquet_column_at(f, 0)->type);
            int got;
            while (r && mn_parquet_reader_rows_left(r) > 0 && mn_vector_prepare(&vec, &err) == 0) {
                int64_t left = mn_parquet_reader_rows_left(r);
                if (mn_parquet_reader_skip(r, left < 333 ? left : 333, &err) ||
                    mn_parquet_reader_read(r, &vec, 100, &got, &err))
                    break;
            }
            readable += r != NULL;
            mn_vector_destroy(&vec);
            mn_parquet_reader_close(r);
        }
        mn_arena_destroy(&a);
        mn_parquet_close(f);
    }
    remove(path);
    CHECK(readable > 0);
}

int main(void) {
    test_xxhash();
    test_bloom_file();
    test_preds();
    test_tiny_pages();
    test_hostile_index();
    CHECK_DONE();
}
