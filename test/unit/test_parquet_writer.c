/* test_parquet_writer.c — the Parquet writer, checked by reading its files back with the
 * Parquet reader: every type (extremes, NULLs, empty and long strings, NaN), every codec,
 * several pages and row groups, dictionary use / abandonment / fallback, constant vectors,
 * statistics (truncation of long strings), the page index, an empty file, and errors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "format/parquet.h"
#include "format/parquet_thrift_write.h"
#include "format/parquet_writer.h"
#include "io/fs.h"

enum { C_B, C_T, C_S, C_I, C_L, C_R, C_D, C_D9, C_D18, C_D38, C_D20, C_V, C_C, C_DT, C_TS, C_LOW, NCOLS };

static const char *const names[NCOLS] = {"b",   "t",   "s",   "i", "l",  "r",  "d",  "d9",
                                         "d18", "d38", "d20", "v", "ch", "dt", "ts", "low"};

static mn_type col_types[NCOLS];

static void init_types(void) {
    col_types[C_B] = mn_type_make(MN_T_BOOLEAN);
    col_types[C_T] = mn_type_make(MN_T_TINYINT);
    col_types[C_S] = mn_type_make(MN_T_SMALLINT);
    col_types[C_I] = mn_type_make(MN_T_INTEGER);
    col_types[C_L] = mn_type_make(MN_T_BIGINT);
    col_types[C_R] = mn_type_make(MN_T_REAL);
    col_types[C_D] = mn_type_make(MN_T_DOUBLE);
    col_types[C_D9] = mn_type_decimal(9, 2);
    col_types[C_D18] = mn_type_decimal(18, 4);
    col_types[C_D38] = mn_type_decimal(38, 10);
    col_types[C_D20] = mn_type_decimal(20, 0);
    col_types[C_V] = mn_type_varchar(-1);
    col_types[C_C] = mn_type_make(MN_T_CHAR);
    col_types[C_C].length = 5;
    col_types[C_DT] = mn_type_make(MN_T_DATE);
    col_types[C_TS] = mn_type_make(MN_T_TIMESTAMP);
    col_types[C_TS].precision = 6;
    col_types[C_LOW] = mn_type_varchar(-1);
}

static uint64_t mix(uint64_t x) {
    x ^= x >> 31;
    x *= UINT64_C(0x9e3779b97f4a7c15);
    x ^= x >> 29;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    return x ^ (x >> 32);
}

static mn_i128 pow10i(int n) {
    mn_i128 v = 1;
    while (n-- > 0) v *= 10;
    return v;
}

static char strbuf_[4096];

/* The value of column c in row r (deterministic). Strings point into a static buffer. */
static void gen(int c, int64_t r, mn_value *v) {
    memset(v, 0, sizeof *v);
    v->type = col_types[c];
    uint64_t h = mix((uint64_t)r * 131 + (uint64_t)c);
    if (c != C_LOW && (r + c) % 7 == 3) {
        v->is_null = true;
        return;
    }
    int64_t k = (int64_t)(h % 2001) - 1000;
    switch (c) {
    case C_B: v->u.i = (int64_t)(h & 1); break;
    case C_T: v->u.i = r % 50 == 1 ? -128 : r % 50 == 2 ? 127 : (int8_t)h; break;
    case C_S: v->u.i = r % 50 == 1 ? -32768 : r % 50 == 2 ? 32767 : (int16_t)h; break;
    case C_I: v->u.i = r % 50 == 1 ? INT32_MIN : r % 50 == 2 ? INT32_MAX : (int32_t)h; break;
    case C_L: v->u.i = r % 50 == 1 ? INT64_MIN : r % 50 == 2 ? INT64_MAX : (int64_t)h; break;
    case C_R: v->u.f = r % 100 == 5 ? NAN : r % 100 == 6 ? -0.0f : (float)k / 8; break;
    case C_D: v->u.d = r % 100 == 5 ? NAN : r % 100 == 6 ? -INFINITY : r % 100 == 7 ? 0.0 : (double)k * 1.25e-3; break;
    case C_D9: v->u.dec = r % 50 == 1 ? -(pow10i(9) - 1) : r % 50 == 2 ? pow10i(9) - 1 : (mn_i128)k * 977; break;
    case C_D18: v->u.dec = r % 50 == 1 ? -(pow10i(18) - 1) : r % 50 == 2 ? pow10i(18) - 1 : (mn_i128)(int64_t)h / 100; break;
    case C_D38:
        v->u.dec = r % 50 == 1 ? -(pow10i(38) - 1) : r % 50 == 2 ? pow10i(38) - 1 : (mn_i128)(int64_t)h * (mn_i128)k;
        break;
    case C_D20: v->u.dec = r % 50 == 1 ? -(pow10i(20) - 1) : (mn_i128)(int64_t)h * 3; break;
    case C_V:
    case C_C: {
        int len;
        if (r % 31 == 0) {
            len = 0; /* empty string */
        } else if (c == C_V && r % 997 == 10) {
            len = 1500; /* longer than the statistics limits */
            memset(strbuf_, 'a' + (int)(h % 26), (size_t)len);
        } else if (c == C_V && r % 97 == 11) {
            len = snprintf(strbuf_, sizeof strbuf_, "\xc3\xa9t\xc3\xa9-%llu", (unsigned long long)(h % 1000));
        } else {
            len = snprintf(strbuf_, sizeof strbuf_, c == C_C ? "%05llu" : "value-%llu",
                           (unsigned long long)(c == C_C ? h % 100000 : h % 100003));
        }
        v->u.s.ptr = strbuf_;
        v->u.s.len = (uint32_t)len;
        break;
    }
    case C_DT: v->u.i = r % 50 == 1 ? -719162 : (int64_t)(h % 40000) - 10000; break;
    case C_TS: v->u.i = r % 50 == 1 ? INT64_C(-62135596800000000) : (int64_t)(h % INT64_C(4000000000000000)); break;
    case C_LOW: {
        static const char *const low[] = {"AIR", "MAIL", "SHIP", "TRUCK", "RAIL", "FOB", "REG AIR"};
        v->u.s.ptr = low[h % 7];
        v->u.s.len = (uint32_t)strlen(low[h % 7]);
        break;
    }
    }
}

static bool value_equal(const mn_value *a, const mn_value *b) {
    if (a->is_null || b->is_null) return a->is_null == b->is_null;
    switch (a->type.id) {
    case MN_T_REAL: return memcmp(&a->u.f, &b->u.f, sizeof(float)) == 0 || (isnan(a->u.f) && isnan(b->u.f));
    case MN_T_DOUBLE: return memcmp(&a->u.d, &b->u.d, sizeof(double)) == 0 || (isnan(a->u.d) && isnan(b->u.d));
    case MN_T_DECIMAL: return a->u.dec == b->u.dec;
    case MN_T_VARCHAR:
    case MN_T_CHAR: return a->u.s.len == b->u.s.len && (a->u.s.len == 0 || memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len) == 0);
    default: return a->u.i == b->u.i;
    }
}

static char tmpdir[256];

static const char *path_of(const char *name) {
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

/* Writes rows [0, nrows) of the generated table, `per` rows per chunk. */
static int write_table(const char *path, int codec, const mn_parquet_writer_options *opt, int64_t nrows, int per) {
    mn_error err;
    mn_parquet_writer *w = mn_parquet_writer_open(path, NCOLS, names, col_types, codec, &err);
    if (!w) {
        fprintf(stderr, "open: %s\n", err.message);
        return -1;
    }
    if (opt && mn_parquet_writer_set_options(w, opt, &err)) return -1;
    mn_chunk ch;
    if (mn_chunk_init(&ch, NCOLS, col_types, &err)) return -1;
    int64_t r = 0;
    int rc = 0;
    while (r < nrows && rc == 0) {
        mn_chunk_reset(&ch, &err);
        int n = nrows - r < per ? (int)(nrows - r) : per;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < NCOLS; c++) {
                mn_value v;
                gen(c, r + i, &v);
                if (mn_vector_set_value(&ch.cols[c], i, &v, &err)) rc = -1;
            }
        }
        ch.count = n;
        if (rc == 0 && mn_parquet_writer_write(w, &ch, &err)) {
            fprintf(stderr, "write: %s\n", err.message);
            rc = -1;
        }
        r += n;
    }
    mn_chunk_destroy(&ch);
    if (rc) {
        mn_parquet_writer_abort(w);
        return -1;
    }
    int64_t rows = -1;
    if (mn_parquet_writer_finish(w, &rows, &err)) {
        fprintf(stderr, "finish: %s\n", err.message);
        return -1;
    }
    return rows == nrows ? 0 : -1;
}

/* Reads every column of the file back and compares with gen(). Returns mismatches. */
static int64_t verify_table(const char *path, int64_t nrows) {
    mn_error err;
    mn_parquet_file *f = mn_parquet_open(path, &err);
    if (!f) {
        fprintf(stderr, "reopen %s: %s\n", path, err.message);
        return 1;
    }
    int64_t bad = 0;
    if (mn_parquet_num_rows(f) != nrows || mn_parquet_num_columns(f) != NCOLS) bad++;
    for (int c = 0; c < NCOLS && c < mn_parquet_num_columns(f); c++) {
        const mn_parquet_column *pc = mn_parquet_column_at(f, c);
        if (strcmp(pc->name, names[c]) != 0 || pc->unsupported) {
            bad++;
            continue;
        }
        mn_type want = col_types[c];
        bool type_ok = pc->type.id == want.id || (want.id == MN_T_CHAR && pc->type.id == MN_T_VARCHAR);
        if (want.id == MN_T_DECIMAL) type_ok = type_ok && pc->type.precision == want.precision && pc->type.scale == want.scale;
        if (!type_ok) {
            fprintf(stderr, "%s: column %s read back as another type\n", path, names[c]);
            bad++;
        }
        mn_vector v;
        mn_vector_init(&v, pc->type);
        int64_t row = 0;
        for (int g = 0; g < mn_parquet_num_row_groups(f); g++) {
            mn_parquet_reader *r = mn_parquet_reader_open(f, g, c, &err);
            if (!r) {
                fprintf(stderr, "reader %s rg %d col %s: %s\n", path, g, names[c], err.message);
                bad++;
                break;
            }
            for (;;) {
                int got = 0;
                if (mn_vector_prepare(&v, &err) || mn_parquet_reader_read(r, &v, MN_VECTOR_SIZE, &got, &err)) {
                    fprintf(stderr, "read %s col %s: %s\n", path, names[c], err.message);
                    bad++;
                    break;
                }
                if (got == 0) break;
                for (int i = 0; i < got; i++, row++) {
                    mn_value a, b;
                    mn_vector_get_value(&v, i, &a);
                    gen(c, row, &b);
                    a.type = b.type;
                    if (!value_equal(&a, &b)) {
                        if (bad < 5) fprintf(stderr, "%s: column %s row %lld differs\n", path, names[c], (long long)row);
                        bad++;
                    }
                }
            }
            mn_parquet_reader_close(r);
        }
        if (row != nrows) bad++;
        mn_vector_destroy(&v);
    }
    mn_parquet_close(f);
    return bad;
}

static void test_codecs(void) {
    static const int codecs[] = {MN_PQ_UNCOMPRESSED, MN_PQ_SNAPPY, MN_PQ_GZIP, MN_PQ_ZSTD, MN_PQ_LZ4_RAW, MN_PQ_LZ4};
    mn_parquet_writer_options opt = {0};
    opt.row_group_rows = 2000;
    opt.page_rows = 700;
    for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "codec%d.parquet", codecs[i]);
        const char *p = path_of(name);
        CHECK(write_table(p, codecs[i], &opt, 5000, 1000) == 0);
        CHECK(verify_table(p, 5000) == 0);
        mn_error err;
        mn_parquet_file *f = mn_parquet_open(p, &err);
        CHECK(f != NULL);
        if (!f) continue;
        CHECK(mn_parquet_num_row_groups(f) == 3);
        CHECK_STR(mn_parquet_created_by(f), "minerva version 0.1.0");
        int want = codecs[i] == MN_PQ_LZ4 ? MN_PQ_LZ4_RAW : codecs[i];
        CHECK(mn_parquet_row_group_at(f, 0)->chunks[C_L].codec == want);
        CHECK(mn_parquet_row_group_at(f, 2)->num_rows == 1000);
        mn_parquet_close(f);
    }
}

/* Default options, one row group, chunks of odd sizes. */
static void test_defaults(void) {
    const char *p = path_of("default.parquet");
    CHECK(write_table(p, MN_PQ_SNAPPY, NULL, 45000, 2047) == 0);
    CHECK(verify_table(p, 45000) == 0);
    mn_error err;
    mn_parquet_file *f = mn_parquet_open(p, &err);
    CHECK(f != NULL);
    if (!f) return;
    CHECK(mn_parquet_num_row_groups(f) == 1);
    const mn_parquet_row_group *rg = mn_parquet_row_group_at(f, 0);
    /* 7 distinct values: dictionary; random 64-bit integers: the dictionary is abandoned */
    CHECK(rg->chunks[C_LOW].dictionary_page_offset >= 0);
    CHECK(rg->chunks[C_L].dictionary_page_offset < 0);
    CHECK(rg->chunks[C_B].dictionary_page_offset < 0);
    /* statistics */
    const mn_parquet_chunk *ck = &rg->chunks[C_I];
    CHECK(ck->has_stats && ck->stats.has_null_count && !ck->stats.legacy_min_max);
    int64_t nulls = 0;
    for (int64_t r = 0; r < 45000; r++) nulls += (r + C_I) % 7 == 3;
    CHECK(ck->stats.null_count == nulls);
    mn_value v;
    const mn_parquet_column *pc = mn_parquet_column_at(f, C_I);
    CHECK(mn_parquet_stat_value(pc, ck->stats.min, ck->stats.min_len, &v) == 0 && v.u.i == INT32_MIN);
    CHECK(mn_parquet_stat_value(pc, ck->stats.max, ck->stats.max_len, &v) == 0 && v.u.i == INT32_MAX);
    pc = mn_parquet_column_at(f, C_D38);
    ck = &rg->chunks[C_D38];
    CHECK(mn_parquet_stat_value(pc, ck->stats.min, ck->stats.min_len, &v) == 0 && v.u.dec == -(pow10i(38) - 1));
    CHECK(mn_parquet_stat_value(pc, ck->stats.max, ck->stats.max_len, &v) == 0 && v.u.dec == pow10i(38) - 1);
    pc = mn_parquet_column_at(f, C_D);
    ck = &rg->chunks[C_D];
    CHECK(mn_parquet_stat_value(pc, ck->stats.min, ck->stats.min_len, &v) == 0 && v.u.d == -INFINITY);
    double dmax = -INFINITY;
    for (int64_t r = 0; r < 45000; r++) {
        mn_value g;
        gen(C_D, r, &g);
        if (!g.is_null && !isnan(g.u.d) && g.u.d > dmax) dmax = g.u.d;
    }
    CHECK(mn_parquet_stat_value(pc, ck->stats.max, ck->stats.max_len, &v) == 0 && v.u.d == dmax);
    /* long strings: the max is truncated to a valid upper bound, the min is exact */
    ck = &rg->chunks[C_V];
    CHECK(ck->stats.min_len == 0); /* the empty string */
    CHECK(ck->stats.max && ck->stats.max_len <= 1024);
    /* page index: 45000 rows in pages of 20000 */
    mn_arena a;
    mn_arena_init(&a, 0);
    mn_parquet_page_location *locs = NULL;
    int nlocs = 0;
    CHECK(mn_parquet_read_offset_index(f, 0, C_I, &a, &locs, &nlocs, &err) == 0);
    CHECK(nlocs == 3);
    if (nlocs == 3) {
        CHECK(locs[0].first_row_index == 0 && locs[1].first_row_index == 20000 && locs[2].first_row_index == 40000);
        CHECK(locs[0].offset == rg->chunks[C_I].data_page_offset);
        CHECK(locs[1].offset == locs[0].offset + locs[0].compressed_page_size);
    }
    mn_parquet_column_index ci;
    CHECK(mn_parquet_read_column_index(f, 0, C_I, &a, &ci, &err) == 0);
    CHECK(ci.npages == 3 && ci.null_counts != NULL);
    /* every page holds INT32_MIN and INT32_MAX: ordered both ways, reported ascending */
    CHECK(ci.boundary_order == 1);
    /* REAL has NaN and -0.0 but no all-NaN page: a column index exists */
    CHECK(mn_parquet_read_column_index(f, 0, C_R, &a, &ci, &err) == 0);
    mn_arena_destroy(&a);
    mn_parquet_close(f);
}

/* A dictionary that overflows mid-chunk: the first pages stay dictionary-encoded. */
static void test_fallback(void) {
    mn_type types[2] = {mn_type_varchar(-1), mn_type_make(MN_T_BIGINT)};
    const char *const nm[2] = {"s", "k"};
    const char *p = path_of("fallback.parquet");
    mn_error err;
    mn_parquet_writer *w = mn_parquet_writer_open(p, 2, nm, types, MN_PQ_ZSTD, &err);
    CHECK(w != NULL);
    if (!w) return;
    mn_parquet_writer_options opt = {0};
    opt.page_rows = 1000;
    opt.dict_entries = 300;
    opt.row_group_rows = 3000;
    CHECK(mn_parquet_writer_set_options(w, &opt, &err) == 0);
    mn_chunk ch;
    mn_chunk_init(&ch, 2, types, &err);
    const int n = 10000;
    char buf[64];
    for (int r = 0; r < n;) {
        mn_chunk_reset(&ch, &err);
        int k = 0;
        for (; k < 1500 && r < n; k++, r++) {
            /* few distinct values at first, then many: the dictionary overflows */
            int len = snprintf(buf, sizeof buf, "s%d", r < 1500 ? r % 10 : r);
            mn_value v = {.type = types[0]};
            v.u.s.ptr = buf;
            v.u.s.len = (uint32_t)len;
            mn_vector_set_value(&ch.cols[0], k, &v, &err);
            ((int64_t *)ch.cols[1].data)[k] = r / 10; /* sorted, repeated: dictionary kept */
        }
        ch.count = k;
        CHECK(mn_parquet_writer_write(w, &ch, &err) == 0);
    }
    mn_chunk_destroy(&ch);
    int64_t rows = 0;
    CHECK(mn_parquet_writer_finish(w, &rows, &err) == 0 && rows == n);
    mn_parquet_file *f = mn_parquet_open(p, &err);
    CHECK(f != NULL);
    if (!f) return;
    CHECK(mn_parquet_num_row_groups(f) == 4);
    CHECK(mn_parquet_row_group_at(f, 0)->chunks[0].dictionary_page_offset >= 0);
    mn_vector v;
    mn_vector_init(&v, mn_type_varchar(-1));
    mn_vector kv;
    mn_vector_init(&kv, types[1]);
    int64_t row = 0, bad = 0;
    for (int g = 0; g < mn_parquet_num_row_groups(f); g++) {
        mn_parquet_reader *r = mn_parquet_reader_open(f, g, 0, &err);
        mn_parquet_reader *rk = mn_parquet_reader_open(f, g, 1, &err);
        CHECK(r && rk);
        if (!r || !rk) break;
        for (;;) {
            int got = 0, got2 = 0;
            mn_vector_prepare(&v, &err);
            mn_vector_prepare(&kv, &err);
            if (mn_parquet_reader_read(r, &v, 777, &got, &err) || mn_parquet_reader_read(rk, &kv, 777, &got2, &err)) {
                fprintf(stderr, "fallback read: %s\n", err.message);
                bad++;
                break;
            }
            if (got == 0 || got != got2) break;
            for (int i = 0; i < got; i++, row++) {
                int len = snprintf(buf, sizeof buf, "s%lld", (long long)(row < 1500 ? row % 10 : row));
                mn_str s = ((mn_str *)v.data)[i];
                if (s.len != (uint32_t)len || memcmp(s.ptr, buf, (size_t)len) != 0) bad++;
                if (((int64_t *)kv.data)[i] != row / 10) bad++;
            }
        }
        mn_parquet_reader_close(r);
        mn_parquet_reader_close(rk);
    }
    CHECK(row == n && bad == 0);
    mn_arena a;
    mn_arena_init(&a, 0);
    mn_parquet_column_index ci;
    CHECK(mn_parquet_read_column_index(f, 0, 1, &a, &ci, &err) == 0 && ci.boundary_order == 1);
    mn_arena_destroy(&a);
    mn_vector_destroy(&v);
    mn_vector_destroy(&kv);
    mn_parquet_close(f);
}

/* Constant vectors, an all-NULL column (null pages in the column index), empty files. */
static void test_constants_and_empty(void) {
    mn_type types[3] = {mn_type_make(MN_T_INTEGER), mn_type_varchar(-1), mn_type_make(MN_T_DOUBLE)};
    const char *const nm[3] = {"c", "s", "n"};
    const char *p = path_of("const.parquet");
    mn_error err;
    mn_parquet_writer *w = mn_parquet_writer_open(p, 3, nm, types, MN_PQ_GZIP, &err);
    CHECK(w != NULL);
    if (!w) return;
    mn_chunk ch;
    mn_chunk_init(&ch, 3, types, &err);
    for (int k = 0; k < 20; k++) {
        mn_value a = {.type = types[0]}, s = {.type = types[1]}, z;
        a.u.i = 42;
        s.u.s.ptr = "constant";
        s.u.s.len = 8;
        mn_value_null(&z, types[2]);
        mn_vector_set_constant(&ch.cols[0], &a, &err);
        mn_vector_set_constant(&ch.cols[1], &s, &err);
        mn_vector_set_constant(&ch.cols[2], &z, &err);
        ch.count = MN_VECTOR_SIZE;
        CHECK(mn_parquet_writer_write(w, &ch, &err) == 0);
    }
    mn_chunk_destroy(&ch);
    CHECK(mn_parquet_writer_finish(w, NULL, &err) == 0);
    mn_parquet_file *f = mn_parquet_open(p, &err);
    CHECK(f != NULL);
    if (f) {
        CHECK(mn_parquet_num_rows(f) == 20 * MN_VECTOR_SIZE);
        const mn_parquet_chunk *ck = &mn_parquet_row_group_at(f, 0)->chunks[2];
        CHECK(ck->stats.null_count == 20 * MN_VECTOR_SIZE && ck->stats.min == NULL);
        mn_arena a;
        mn_arena_init(&a, 0);
        mn_parquet_column_index ci;
        CHECK(mn_parquet_read_column_index(f, 0, 2, &a, &ci, &err) == 0 && ci.npages == 3 && ci.null_pages[0]);
        mn_vector v;
        mn_vector_init(&v, types[1]);
        mn_parquet_reader *r = mn_parquet_reader_open(f, 0, 1, &err);
        int got = 0;
        mn_vector_prepare(&v, &err);
        CHECK(r && mn_parquet_reader_read(r, &v, 100, &got, &err) == 0 && got == 100);
        CHECK(got == 100 && ((mn_str *)v.data)[99].len == 8 && memcmp(((mn_str *)v.data)[99].ptr, "constant", 8) == 0);
        mn_parquet_reader_close(r);
        mn_vector_destroy(&v);
        mn_arena_destroy(&a);
        mn_parquet_close(f);
    }
    /* no rows at all */
    p = path_of("empty.parquet");
    w = mn_parquet_writer_open(p, 3, nm, types, MN_PQ_SNAPPY, &err);
    int64_t rows = -1;
    CHECK(w && mn_parquet_writer_finish(w, &rows, &err) == 0 && rows == 0);
    f = mn_parquet_open(p, &err);
    CHECK(f && mn_parquet_num_rows(f) == 0 && mn_parquet_num_row_groups(f) == 0 && mn_parquet_num_columns(f) == 3);
    if (f) mn_parquet_close(f);
}

/* Long strings: statistics hold truncated bounds (exact min prefix, incremented max). */
static void test_truncation(void) {
    mn_type t = mn_type_varchar(-1);
    const char *const nm[1] = {"s"};
    const char *p = path_of("trunc.parquet");
    mn_error err;
    mn_parquet_writer *w = mn_parquet_writer_open(p, 1, nm, &t, MN_PQ_SNAPPY, &err);
    CHECK(w != NULL);
    if (!w) return;
    static char big[3000], low[3000];
    memset(big, 'z', sizeof big);
    memset(low, 'a', sizeof low);
    big[2000] = (char)0xc3, big[2001] = (char)0xa9; /* a two-byte character across the cut */
    mn_chunk ch;
    mn_chunk_init(&ch, 1, &t, &err);
    mn_chunk_reset(&ch, &err);
    mn_value v = {.type = t};
    v.u.s.ptr = big;
    v.u.s.len = sizeof big;
    mn_vector_set_value(&ch.cols[0], 0, &v, &err);
    v.u.s.ptr = low;
    mn_vector_set_value(&ch.cols[0], 1, &v, &err);
    ch.count = 2;
    CHECK(mn_parquet_writer_write(w, &ch, &err) == 0);
    mn_chunk_destroy(&ch);
    CHECK(mn_parquet_writer_finish(w, NULL, &err) == 0);
    mn_parquet_file *f = mn_parquet_open(p, &err);
    CHECK(f != NULL);
    if (!f) return;
    const mn_parquet_chunk *ck = &mn_parquet_row_group_at(f, 0)->chunks[0];
    CHECK(ck->stats.min_len == 1024 && memcmp(ck->stats.min, low, 1024) == 0);
    CHECK(ck->stats.max_len == 1024 && memcmp(ck->stats.max, big, 1023) == 0 && ck->stats.max[1023] == 'z' + 1);
    mn_arena a;
    mn_arena_init(&a, 0);
    mn_parquet_column_index ci;
    CHECK(mn_parquet_read_column_index(f, 0, 0, &a, &ci, &err) == 0 && ci.npages == 1);
    if (ci.npages == 1) {
        CHECK(ci.min_lens[0] == 64 && ci.max_lens[0] == 64 && ci.max_values[0][63] == 'z' + 1);
    }
    mn_arena_destroy(&a);
    mn_parquet_close(f);
}

static void test_errors(void) {
    mn_error err;
    mn_type t[2] = {mn_type_make(MN_T_INTEGER), mn_type_make(MN_T_INTERVAL_DS)};
    const char *const nm[2] = {"a", "iv"};
    CHECK(mn_parquet_writer_open(path_of("bad.parquet"), 2, nm, t, MN_PQ_SNAPPY, &err) == NULL);
    CHECK(err.code == MN_ERR_NOT_SUPPORTED && strstr(err.message, "iv") != NULL);
    CHECK(mn_parquet_writer_open(path_of("bad.parquet"), 1, nm, t, MN_PQ_BROTLI, &err) == NULL);
    CHECK(err.code == MN_ERR_NOT_SUPPORTED);
    CHECK(mn_parquet_writer_open("/nonexistent-dir/x.parquet", 1, nm, t, MN_PQ_SNAPPY, &err) == NULL);
    CHECK(err.code == MN_ERR_IO);
    int codec = -1;
    CHECK(mn_parquet_codec_from_name("zstd", &codec) == 0 && codec == MN_PQ_ZSTD);
    CHECK(mn_parquet_codec_from_name("lz4", &codec) == 0 && codec == MN_PQ_LZ4_RAW);
    CHECK(mn_parquet_codec_from_name("brotli", &codec) == -1);

    /* a decimal that does not fit its precision's physical type; abort removes the temp file */
    mn_type d = mn_type_decimal(9, 0);
    const char *p = path_of("overflow.parquet");
    mn_parquet_writer *w = mn_parquet_writer_open(p, 1, nm, &d, MN_PQ_SNAPPY, &err);
    CHECK(w != NULL);
    if (!w) return;
    mn_chunk ch;
    mn_chunk_init(&ch, 1, &d, &err);
    mn_chunk_reset(&ch, &err);
    ((mn_i128 *)ch.cols[0].data)[0] = (mn_i128)INT64_MAX * 4;
    ch.count = 1;
    CHECK(mn_parquet_writer_write(w, &ch, &err) == -1 && err.code == MN_ERR_NUMERIC_OVERFLOW);
    /* a chunk of another shape */
    mn_chunk other;
    mn_type ot[2] = {d, d};
    mn_chunk_init(&other, 2, ot, &err);
    mn_chunk_reset(&other, &err);
    CHECK(mn_parquet_writer_write(w, &other, &err) == -1);
    mn_chunk_destroy(&other);
    mn_parquet_writer_abort(w);
    mn_chunk_destroy(&ch);
    CHECK(!mn_fs_exists(p));
    mn_file_list l;
    CHECK(mn_fs_list(tmpdir, &l, &err) == 0);
    for (int i = 0; i < l.n; i++) CHECK(strstr(l.files[i].path, ".tmp-") == NULL);
    mn_file_list_free(&l);

    /* finish replaces an existing file */
    p = path_of("replace.parquet");
    CHECK(mn_fs_write_file(p, "junk", 4, &err) == 0);
    w = mn_parquet_writer_open(p, 1, nm, t, MN_PQ_UNCOMPRESSED, &err);
    CHECK(w && mn_parquet_writer_finish(w, NULL, &err) == 0);
    mn_parquet_file *f = mn_parquet_open(p, &err);
    CHECK(f != NULL);
    if (f) mn_parquet_close(f);
}

/* The compact protocol encoder: short and long field headers, lists, bools, nesting. */
static void test_thrift(void) {
    pq_tw w;
    pq_tw_init(&w);
    pq_tw_begin(&w);
    pq_tw_field_i32(&w, 1, 1);     /* short header: delta 1, type 5 */
    pq_tw_field_i64(&w, 20, -300); /* delta 19: long header, zigzag id */
    pq_tw_field_bool(&w, 5, true); /* id goes down: long header, type TRUE */
    pq_tw_field_struct(&w, 6);
    pq_tw_field_binary(&w, 1, "ab", 2);
    pq_tw_end(&w);
    pq_tw_field_list(&w, 7, PQ_TT_TRUE, 2);
    pq_tw_elem_bool(&w, true);
    pq_tw_elem_bool(&w, false);
    pq_tw_field_list(&w, 8, PQ_TT_I32, 15); /* 15 elements: long list header */
    for (int i = 0; i < 15; i++) pq_tw_elem_i32(&w, i - 7);
    pq_tw_end(&w);
    static const uint8_t want[] = {0x15, 0x02, 0x06, 0x28, 0xd7, 0x04, 0x01, 0x0a, 0x1c, 0x18, 0x02, 'a', 'b', 0x00,
                                   0x19, 0x21, 0x01, 0x02, 0x19, 0xf5, 0x0f, 13, 11, 9, 7, 5, 3, 1, 0, 2, 4, 6, 8,
                                   10, 12, 14, 0x00};
    CHECK(!w.oom && w.depth == 0);
    CHECK(w.len == sizeof want && memcmp(w.buf, want, sizeof want) == 0);
    pq_tw_free(&w);
}

int main(void) {
    init_types();
    snprintf(tmpdir, sizeof tmpdir, "%s/mn_pqw_%d", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    mn_error err;
    mn_fs_remove_tree(tmpdir, &err);
    if (mn_fs_mkdirs(tmpdir, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    test_thrift();
    test_codecs();
    test_defaults();
    test_fallback();
    test_constants_and_empty();
    test_truncation();
    test_errors();
    mn_fs_remove_tree(tmpdir, &err);
    CHECK_DONE();
}
