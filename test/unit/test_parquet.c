/* test_parquet.c — the Parquet reader and scan operator against the parquet-testing corpus
 * (every readable file, known values, delta-encoding expectations, codecs, checksums), the
 * files of bad_data/, truncated and mutated copies of good files (errors, never crashes), the
 * TPC-H lineitem file (row count and SUM(l_quantity) as the .tbl data gives them), and
 * regression inputs found by fuzzing. Test data: $MINERVA_TESTDATA or ../shared/testdata. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/strbuf.h"
#include "format/parquet.h"
#include "format/parquet_internal.h"
#include "io/fs.h"
#include "table/parquet_scan.h"
#include "types/nested.h"

static void mutate_all(const uint8_t *data, size_t len);

static const char *testdata(void) {
    const char *d = getenv("MINERVA_TESTDATA");
    return d && *d ? d : "../shared/testdata";
}

static char *data_path(const char *rel) {
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/parquet-testing/%s", testdata(), rel);
    return buf[k];
}

static bool ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The values of one column over all row groups rendered as text (NULL for SQL NULL).
 * Returns the row count, or -1 with err. */
typedef struct colvals {
    int64_t n;
    char **v;
    int64_t nulls;
} colvals;

static void colvals_free(colvals *c) {
    for (int64_t i = 0; c->v && i < c->n; i++) free(c->v[i]);
    free(c->v);
    memset(c, 0, sizeof *c);
}

static int read_column(const mn_parquet_file *f, int col, colvals *out, bool render, mn_error *err) {
    memset(out, 0, sizeof *out);
    const mn_parquet_column *c = mn_parquet_column_at(f, col);
    mn_vector v;
    mn_vector_init(&v, c->type);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int64_t cap = 0;
    int rc = 0;
    mn_parquet_reader *r = NULL;
    for (int g = 0; g < mn_parquet_num_row_groups(f) && rc == 0; g++) {
        if (!r) r = mn_parquet_reader_open(f, g, col, err);
        else if (mn_parquet_reader_reset(r, f, g, col, err)) rc = -1;
        if (!r) rc = -1;
        while (rc == 0) {
            int got = 0;
            if (mn_vector_prepare(&v, err) || mn_parquet_reader_read(r, &v, MN_VECTOR_SIZE, &got, err)) {
                rc = -1;
                break;
            }
            if (got == 0) break;
            for (int i = 0; i < got; i++) {
                bool isnull = mn_vector_is_null(&v, i);
                out->nulls += isnull;
                if (!render) continue;
                if (out->n == cap) {
                    cap = cap ? cap * 2 : 256;
                    out->v = realloc(out->v, sizeof *out->v * (size_t)cap);
                }
                char *s = NULL;
                if (!isnull) {
                    mn_value val;
                    mn_vector_get_value(&v, i, &val);
                    mn_strbuf_clear(&sb);
                    mn_value_render(&val, &sb);
                    s = strdup(sb.data ? sb.data : "");
                }
                out->v[out->n++] = s;
            }
            if (!render) out->n += got;
        }
    }
    mn_parquet_reader_close(r);
    mn_strbuf_free(&sb);
    mn_vector_destroy(&v);
    if (rc) colvals_free(out);
    return rc;
}

/* The same for nested top-level field `field`, through mn_parquet_nested_reader. */
static int read_field(const mn_parquet_file *f, int field, colvals *out, bool render, mn_error *err) {
    memset(out, 0, sizeof *out);
    const mn_parquet_field *F = mn_parquet_field_at(f, field);
    mn_vector v;
    mn_vector_init(&v, F->type);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int64_t cap = 0;
    int rc = 0;
    mn_parquet_nested_reader *r = NULL;
    for (int g = 0; g < mn_parquet_num_row_groups(f) && rc == 0; g++) {
        if (!r) r = mn_parquet_nested_open(f, g, field, F->type, err);
        else if (mn_parquet_nested_reset(r, f, g, field, F->type, err)) rc = -1;
        if (!r) rc = -1;
        while (rc == 0) {
            int got = 0;
            /* odd batch sizes: rows of one list straddle batches differently */
            if (mn_vector_prepare(&v, err) || mn_parquet_nested_read(r, &v, 777, &got, err)) {
                rc = -1;
                break;
            }
            if (got == 0) break;
            for (int i = 0; i < got; i++) {
                bool isnull = mn_vector_is_null(&v, i);
                out->nulls += isnull;
                if (!render) continue;
                if (out->n == cap) {
                    cap = cap ? cap * 2 : 256;
                    out->v = realloc(out->v, sizeof *out->v * (size_t)cap);
                }
                char *s = NULL;
                if (!isnull) {
                    mn_value val;
                    mn_vector_get_value(&v, i, &val);
                    mn_strbuf_clear(&sb);
                    mn_value_render(&val, &sb);
                    s = strdup(sb.data ? sb.data : "");
                }
                out->v[out->n++] = s;
            }
            if (!render) out->n += got;
        }
    }
    mn_parquet_nested_close(r);
    mn_strbuf_free(&sb);
    mn_vector_destroy(&v);
    if (rc) colvals_free(out);
    return rc;
}

/* Checks that nested field `name` of file `rel` renders as want[0..n) ("NULL" for NULL) and
 * has type `type`. */
static void expect_nested(const char *rel, const char *name, const char *type, const char *const *want, int n) {
    mn_error err;
    mn_parquet_file *f = mn_parquet_open(data_path(rel), &err);
    CHECK(f != NULL);
    if (!f) return;
    int fi = mn_parquet_find_field(f, name);
    CHECK(fi >= 0);
    colvals cv;
    if (fi >= 0) {
        char tn[512];
        CHECK_STR(mn_type_name(mn_parquet_field_at(f, fi)->type, tn, sizeof tn), type);
        if (read_field(f, fi, &cv, true, &err) == 0) {
            CHECK(cv.n == n);
            for (int i = 0; i < n && i < cv.n; i++) CHECK_STR(cv.v[i] ? cv.v[i] : "NULL", want[i]);
            colvals_free(&cv);
        } else {
            CHECK(0);
            fprintf(stderr, "%s %s: %s\n", rel, name, err.message);
        }
    }
    mn_parquet_close(f);
}

static int col_index(const mn_parquet_file *f, const char *path) {
    for (int i = 0; i < mn_parquet_num_columns(f); i++)
        if (strcmp(mn_parquet_column_at(f, i)->path, path) == 0) return i;
    return -1;
}

/* Checks that column `path` of file `rel` renders as want[0..n) ("NULL" for NULL). */
static void expect_values(const char *rel, const char *path, const char *const *want, int n) {
    mn_error err;
    mn_parquet_file *f = mn_parquet_open(data_path(rel), &err);
    CHECK(f != NULL);
    if (!f) {
        fprintf(stderr, "%s: %s\n", rel, err.message);
        return;
    }
    int c = col_index(f, path);
    CHECK(c >= 0);
    colvals cv;
    if (c >= 0 && read_column(f, c, &cv, true, &err) == 0) {
        CHECK(cv.n >= n);
        for (int i = 0; i < n && i < cv.n; i++) CHECK_STR(cv.v[i] ? cv.v[i] : "NULL", want[i]);
        colvals_free(&cv);
    } else if (c >= 0) {
        CHECK(0);
        fprintf(stderr, "%s %s: %s\n", rel, path, err.message);
    }
    mn_parquet_close(f);
}

/* ------------------------------------------------------------------ the whole corpus */

/* Files of data/ whose reading must fail (and why). */
static const char *expected_read_error(const char *name) {
    if (strstr(name, "corrupt-checksum")) return "checksum";
    if (strstr(name, "dict-malformed")) return "column";
    if (strstr(name, "large_string_map")) return "larger than 1 GiB"; /* pages over the cap */
    return NULL;
}

static void test_corpus(void) {
    mn_file_list fl;
    mn_error err;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/parquet-testing/data", testdata());
    CHECK(mn_fs_list(dir, &fl, &err) == 0);
    int files = 0, nested = 0, columns = 0;
    for (int i = 0; i < fl.n; i++) {
        const char *path = fl.files[i].path;
        if (!ends_with(path, ".parquet")) continue; /* *.parquet.encrypted are not read */
        files++;
        mn_parquet_file *f = mn_parquet_open(path, &err);
        CHECK(f != NULL);
        if (!f) {
            fprintf(stderr, "%s: %s\n", path, err.message);
            continue;
        }
        const char *want_err = expected_read_error(path);
        bool failed = false;
        int64_t rows = 0;
        for (int g = 0; g < mn_parquet_num_row_groups(f); g++) rows += mn_parquet_row_group_at(f, g)->num_rows;
        CHECK(rows == mn_parquet_num_rows(f));
        for (int c = 0; c < mn_parquet_num_columns(f); c++) {
            const mn_parquet_column *col = mn_parquet_column_at(f, c);
            if (col->nested) {
                /* leaves of nested fields are read by the nested reader, not the flat one */
                mn_parquet_reader *r = mn_parquet_num_row_groups(f) ? mn_parquet_reader_open(f, 0, c, &err) : NULL;
                if (r) {
                    mn_vector v;
                    mn_vector_init(&v, col->type);
                    int got;
                    CHECK(mn_vector_prepare(&v, &err) == 0 && mn_parquet_reader_read(r, &v, 10, &got, &err) == -1 &&
                          err.code == MN_ERR_NOT_SUPPORTED);
                    mn_vector_destroy(&v);
                }
                mn_parquet_reader_close(r);
                continue;
            }
            columns++;
            colvals cv;
            if (read_column(f, c, &cv, true, &err)) {
                failed = true;
                CHECK(err.code == MN_ERR_CORRUPT);
                if (!want_err) fprintf(stderr, "%s column %s: %s\n", path, col->path, err.message);
                else CHECK(strstr(err.message, want_err) != NULL);
                continue;
            }
            CHECK(cv.n == rows);
            /* NULLs read agree with the statistics where writers recorded them */
            int64_t stat_nulls = 0;
            bool have = true;
            for (int g = 0; g < mn_parquet_num_row_groups(f); g++) {
                const mn_parquet_chunk *ch = &mn_parquet_row_group_at(f, g)->chunks[c];
                if (!ch->has_stats || !ch->stats.has_null_count) have = false;
                else stat_nulls += ch->stats.null_count;
            }
            if (have && cv.nulls != stat_nulls) {
                CHECK(cv.nulls == stat_nulls);
                fprintf(stderr, "%s column %s: %lld nulls, statistics say %lld\n", path, col->path, (long long)cv.nulls,
                        (long long)stat_nulls);
            }
            colvals_free(&cv);
        }
        for (int fi = 0; fi < mn_parquet_num_fields(f); fi++) {
            const mn_parquet_field *F = mn_parquet_field_at(f, fi);
            if (!F->nested) continue;
            if (F->unsupported) { /* a MAP without values (map_no_value.parquet) */
                CHECK(strstr(path, "map_no_value") != NULL);
                continue;
            }
            nested++;
            colvals cv;
            if (read_field(f, fi, &cv, false, &err)) {
                failed = true;
                CHECK(err.code == MN_ERR_CORRUPT);
                if (!want_err) fprintf(stderr, "%s field %s: %s\n", path, F->name, err.message);
                else CHECK(strstr(err.message, want_err) != NULL);
                continue;
            }
            CHECK(cv.n == rows);
            colvals_free(&cv);
        }
        CHECK(failed == (want_err != NULL));
        mn_parquet_close(f);
    }
    mn_file_list_free(&fl);
    if (files < 70 || columns < 250) fprintf(stderr, "only %d files, %d columns in %s\n", files, columns, dir);
    CHECK(files >= 70);
    CHECK(columns >= 250);
    CHECK(nested >= 30); /* nested fields read */
}

/* ------------------------------------------------------------------ nested fields */

static void test_nested_values(void) {
    /* 3-level lists nested three deep, NULL inner lists */
    static const char *lists[] = {"[[[a, b], [c]], [NULL, [d]]]", "[[[a, b], [c, d]], [NULL, [e]]]",
                                  "[[[a, b], [c, d], [e]], [NULL, [f]]]"};
    expect_nested("data/nested_lists.snappy.parquet", "a", "array(array(array(varchar)))", lists, 3);
    /* maps of maps: NULL values, empty maps */
    static const char *maps[] = {"{a={1=true, 2=false}}", "{b={1=true}}", "{c=NULL}", "{d={}}", "{e={1=true}}",
                                 "{f={3=true, 4=false, 5=true}}"};
    expect_nested("data/nested_maps.snappy.parquet", "a", "map(varchar, map(integer, boolean))", maps, 6);
    /* a repeated group without LIST annotation inside an optional group: array of rows */
    static const char *phones[] = {"NULL", "NULL", "{phone=[]}", "{phone=[{number=5555555555, kind=NULL}]}",
                                   "{phone=[{number=1111111111, kind=home}]}",
                                   ("{phone=[{number=1111111111, kind=home}, {number=2222222222, kind=NULL}, "
                                    "{number=3333333333, kind=mobile}]}")};
    expect_nested("data/repeated_no_annotation.parquet", "phoneNumbers",
                  "row(phone array(row(number bigint, kind varchar)))", phones, 6);
    /* legacy 2-level list whose repeated group has one field named "array" */
    static const char *old[] = {"[[1, 2], [3, 4]]"};
    expect_nested("data/old_list_structure.parquet", "a", "array(array(integer))", old, 1);
    /* a repeated primitive at the top level: never NULL, empty when no values */
    static const char *rep[] = {"[0, 1, 2, 3]", "[]", "[4]", "[5, 6, 7, 8]"};
    expect_nested("data/repeated_primitive_no_list.parquet", "Int32_list", "array(integer)", rep, 4);
    /* NULL lists, NULL elements, empty lists and maps at several depths */
    static const char *aa[] = {"[[1, 2], [3, 4]]", "[[NULL, 1, 2, NULL], [3, NULL, 4], [], NULL]", "[NULL]", "[]",
                               "NULL", "NULL", "[NULL, [5, 6]]"};
    expect_nested("data/nullable.impala.parquet", "int_array_array", "array(array(integer))", aa, 7);
    static const char *ma[] = {"[{k1=1}]", "[{k1=1, k3=NULL}, NULL, {}]", "[NULL, NULL]", "[]", "NULL", "NULL", "NULL"};
    expect_nested("data/nullable.impala.parquet", "int_map_array", "array(map(varchar, integer))", ma, 7);
    /* a MAP whose key_value group is not named key_value (incorrect_map_schema.parquet) */
    static const char *im[] = {"{name=report, parent=another}"};
    expect_nested("data/incorrect_map_schema.parquet", "my_map", "map(varchar, varchar)", im, 1);

    /* a MAP without values cannot be read; the message says why */
    mn_error err;
    mn_parquet_file *f = mn_parquet_open(data_path("data/map_no_value.parquet"), &err);
    CHECK(f != NULL);
    if (f) {
        int fi = mn_parquet_find_field(f, "my_map_no_v");
        CHECK(fi >= 0 && mn_parquet_field_at(f, fi)->unsupported &&
              strstr(mn_parquet_field_at(f, fi)->unsupported, "key and a value"));
        CHECK(mn_parquet_nested_open(f, 0, fi, mn_parquet_field_at(f, fi)->type, &err) == NULL && err.code == MN_ERR_NOT_SUPPORTED);
        /* the file's value column has only NULLs (definition level 1 of 2) */
        static const char *mv[] = {"{1=NULL, 2=NULL, 3=NULL}", "{4=NULL, 5=NULL, 6=NULL}", "{7=NULL, 8=NULL, 9=NULL}"};
        mn_parquet_close(f);
        expect_nested("data/map_no_value.parquet", "my_map", "map(integer, integer)", mv, 3);
    }
}

/* ------------------------------------------------------------------ known values */

static void test_known_values(void) {
    static const char *ids[] = {"4", "5", "6", "7", "2", "3", "0", "1"};
    expect_values("data/alltypes_plain.parquet", "id", ids, 8);
    static const char *bools[] = {"true", "false", "true", "false", "true", "false", "true", "false"};
    expect_values("data/alltypes_plain.parquet", "bool_col", bools, 8);
    /* unannotated BYTE_ARRAY is varbinary (as in Trino): "03/01/09" as hex bytes */
    static const char *dates[] = {"30 33 2f 30 31 2f 30 39", "30 33 2f 30 31 2f 30 39", "30 34 2f 30 31 2f 30 39",
                                  "30 34 2f 30 31 2f 30 39", "30 32 2f 30 31 2f 30 39"};
    expect_values("data/alltypes_plain.parquet", "date_string_col", dates, 5);
    static const char *ts[] = {"2009-03-01 00:00:00.000000", "2009-03-01 00:01:00.000000"};
    expect_values("data/alltypes_plain.parquet", "timestamp_col", ts, 2);
    static const char *dbl[] = {"0.0", "10.1", "0.0", "10.1"};
    expect_values("data/alltypes_plain.parquet", "double_col", dbl, 4);
    expect_values("data/alltypes_plain.snappy.parquet", "id", (const char *[]){"6", "7"}, 2);
    expect_values("data/alltypes_dictionary.parquet", "id", (const char *[]){"0", "1"}, 2);
    expect_values("data/alltypes_tiny_pages.parquet", "id", (const char *[]){"122", "123"}, 2);

    /* data page v2, snappy, RLE_DICTIONARY, DELTA_BINARY_PACKED, NULLs */
    expect_values("data/datapage_v2.snappy.parquet", "a", (const char *[]){"abc", "abc", "abc", "NULL", "abc"}, 5);
    expect_values("data/datapage_v2.snappy.parquet", "b", (const char *[]){"1", "2", "3", "4", "5"}, 5);
    expect_values("data/datapage_v2.snappy.parquet", "c", (const char *[]){"2.0", "3.0", "4.0", "5.0", "2.0"}, 5);
    expect_values("data/datapage_v2.snappy.parquet", "d", (const char *[]){"true", "true", "true", "false", "true"}, 5);
    expect_values("data/datapage_v2_empty_datapage.snappy.parquet", "value", (const char *[]){"NULL"}, 1);
    expect_values("data/rle_boolean_encoding.parquet", "datatype_boolean", (const char *[]){"true", "false", "NULL", "true"},
                  4);

    /* decimals stored as INT32, INT64, FIXED_LEN_BYTE_ARRAY and BYTE_ARRAY */
    const char *dec[24];
    char decbuf[24][16];
    for (int i = 0; i < 24; i++) {
        snprintf(decbuf[i], sizeof decbuf[i], "%d.00", i + 1);
        dec[i] = decbuf[i];
    }
    expect_values("data/int32_decimal.parquet", "value", dec, 24);
    expect_values("data/int64_decimal.parquet", "value", dec, 24);
    expect_values("data/fixed_length_decimal.parquet", "value", dec, 24);
    expect_values("data/fixed_length_decimal_legacy.parquet", "value", dec, 24);
    expect_values("data/byte_array_decimal.parquet", "value", dec, 24);

    /* INT96 timestamps (Julian day + nanoseconds), including one beyond the nanosecond range */
    static const char *i96[] = {"2024-01-01 20:34:56.123456", "2024-01-01 01:00:00.000000", "9999-12-31 03:00:00.000000",
                                "2024-12-30 23:00:00.000000", "NULL"};
    expect_values("data/int96_from_spark.parquet", "a", i96, 5);
    {
        mn_error err;
        mn_parquet_file *f = mn_parquet_open(data_path("data/int96_from_spark.parquet"), &err);
        CHECK(f && mn_parquet_column_at(f, 0)->type.id == MN_T_TIMESTAMP);
        mn_parquet_reader *r = f ? mn_parquet_reader_open(f, 0, 0, &err) : NULL;
        mn_vector v;
        mn_vector_init(&v, mn_type_make(MN_T_TIMESTAMP));
        int got = 0;
        CHECK(r && mn_vector_prepare(&v, &err) == 0 && mn_parquet_reader_read(r, &v, 10, &got, &err) == 0 && got == 6);
        if (got == 6) {
            const int64_t *us = v.data;
            CHECK(us[0] == INT64_C(1704141296123456));
            CHECK(us[2] == INT64_C(253402225200000000));
            CHECK(us[5] == INT64_C(9089380393200000000));
            CHECK(mn_vector_is_null(&v, 4));
        }
        mn_vector_destroy(&v);
        mn_parquet_reader_close(r);
        mn_parquet_close(f);
    }

    /* BYTE_STREAM_SPLIT (zstd) */
    expect_values("data/byte_stream_split.zstd.parquet", "f32", (const char *[]){"1.7640524", "0.4001572"}, 2);
    expect_values("data/byte_stream_split.zstd.parquet", "f64", (const char *[]){"-1.3065268517353166", "1.658130679618188"},
                  2);
    /* FLOAT16 as REAL */
    expect_values("data/float16_nonzeros_and_nans.parquet", "x",
                  (const char *[]){"NULL", "1.0", "-2.0", "NaN", "0.0", "-1.0", "-0.0", "2.0"}, 8);

    /* codecs: LZ4 with Hadoop framing, raw LZ4 under the LZ4 codec, LZ4_RAW, GZIP members */
    static const char *c0[] = {"1593604800", "1593604800", "1593604801", "1593604801"};
    static const char *c1[] = {"61 62 63", "64 65 66", "61 62 63", "64 65 66"}; /* unannotated: varbinary */
    static const char *v11[] = {"42.0", "7.7", "42.125", "7.7"};
    const char *lz4files[] = {"data/hadoop_lz4_compressed.parquet", "data/non_hadoop_lz4_compressed.parquet",
                              "data/lz4_raw_compressed.parquet"};
    for (int i = 0; i < 3; i++) {
        expect_values(lz4files[i], "c0", c0, 4);
        expect_values(lz4files[i], "c1", c1, 4);
        expect_values(lz4files[i], "v11", v11, 4);
    }
    expect_values("data/concatenated_gzip_members.parquet", "long_col", (const char *[]){"1", "2", "3"}, 3);
    {
        mn_error err;
        mn_parquet_file *f = mn_parquet_open(data_path("data/concatenated_gzip_members.parquet"), &err);
        colvals cv;
        CHECK(f && read_column(f, 0, &cv, true, &err) == 0 && cv.n == 513);
        if (f && cv.n == 513) CHECK_STR(cv.v[512], "513");
        if (f) colvals_free(&cv);
        mn_parquet_close(f);
    }
    /* the Polars file of ARROW-GH-43605 uses bit width 0 for a one-entry dictionary: valid */
    {
        mn_error err;
        mn_parquet_file *f = mn_parquet_open(data_path("bad_data/ARROW-GH-43605.parquet"), &err);
        colvals cv;
        CHECK(f && read_column(f, 0, &cv, true, &err) == 0 && cv.n == 21186);
        bool zero = true;
        for (int64_t i = 0; f && i < cv.n; i++) zero &= cv.v[i] && strcmp(cv.v[i], "0") == 0;
        CHECK(zero);
        if (f) colvals_free(&cv);
        mn_parquet_close(f);
    }
}

/* ------------------------------------------------------------------ expected CSVs */

/* Splits one CSV line (double quotes allowed) into fields; returns the count. */
static int csv_fields(char *line, char **fields, int max) {
    int n = 0;
    char *p = line, *o;
    while (n < max) {
        fields[n++] = o = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"') {
                    *o++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else if (!*p) {
                    break;
                } else {
                    *o++ = *p++;
                }
            }
        } else {
            while (*p && *p != ',') *o++ = *p++;
        }
        bool more = *p == ',';
        *o = 0;
        if (!more) break;
        p++;
    }
    return n;
}

static void test_expected_csv(const char *base) {
    char pq[512], csv[512];
    snprintf(pq, sizeof pq, "data/%s.parquet", base);
    snprintf(csv, sizeof csv, "%s/parquet-testing/data/%s_expect.csv", testdata(), base);
    mn_error err;
    mn_parquet_file *f = mn_parquet_open(data_path(pq), &err);
    char *text = NULL;
    size_t len;
    CHECK(f != NULL);
    CHECK(mn_fs_read_file(csv, &text, &len, 0, &err) == 0);
    if (!f || !text) {
        mn_parquet_close(f);
        free(text);
        return;
    }
    int nc = mn_parquet_num_columns(f);
    colvals *cols = calloc((size_t)nc, sizeof *cols);
    for (int c = 0; c < nc; c++) CHECK(read_column(f, c, &cols[c], true, &err) == 0);
    char *save = NULL, *line = strtok_r(text, "\n", &save);
    char *fields[128];
    int64_t row = -1, mismatches = 0;
    for (; line; line = strtok_r(NULL, "\n", &save), row++) {
        int nf = csv_fields(line, fields, 128);
        if (row < 0) {
            CHECK(nf == nc);
            continue;
        }
        for (int c = 0; c < nc && c < nf; c++) {
            const char *got = row < cols[c].n ? cols[c].v[row] : "<missing>";
            const char *want = fields[c][0] ? fields[c] : NULL; /* empty = NULL in these files */
            if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
                if (mismatches++ < 3)
                    fprintf(stderr, "%s row %lld column %d: got %s want %s\n", base, (long long)row, c, got ? got : "NULL",
                            want ? want : "NULL");
            }
        }
    }
    CHECK(mismatches == 0);
    CHECK(row == mn_parquet_num_rows(f));
    for (int c = 0; c < nc; c++) colvals_free(&cols[c]);
    free(cols);
    free(text);
    mn_parquet_close(f);
}

/* byte_stream_split_extended: each *_byte_stream_split column equals its *_plain twin */
static void test_bss_extended(void) {
    mn_error err;
    mn_parquet_file *f = mn_parquet_open(data_path("data/byte_stream_split_extended.gzip.parquet"), &err);
    CHECK(f != NULL);
    if (!f) return;
    int pairs = 0;
    for (int c = 0; c + 1 < mn_parquet_num_columns(f); c += 2) {
        const char *a = mn_parquet_column_at(f, c)->path, *b = mn_parquet_column_at(f, c + 1)->path;
        CHECK(ends_with(a, "_plain") && ends_with(b, "_byte_stream_split"));
        colvals x, y;
        CHECK(read_column(f, c, &x, true, &err) == 0);
        CHECK(read_column(f, c + 1, &y, true, &err) == 0);
        CHECK(x.n == 200 && y.n == 200);
        for (int64_t i = 0; i < x.n && i < y.n; i++)
            CHECK((x.v[i] == NULL && y.v[i] == NULL) || (x.v[i] && y.v[i] && strcmp(x.v[i], y.v[i]) == 0));
        colvals_free(&x);
        colvals_free(&y);
        pairs++;
    }
    CHECK(pairs == 7);
    mn_parquet_close(f);
}

/* ------------------------------------------------------------------ codecs and internals */

static void test_brotli_pages(void) {
    /* the only Brotli file has a MAP column of strings too large to assemble: decompress its pages */
    mn_error err;
    mn_parquet_file *f = mn_parquet_open(data_path("data/large_string_map.brotli.parquet"), &err);
    CHECK(f != NULL);
    if (!f) return;
    int pages = 0;
    for (int c = 0; c < mn_parquet_num_columns(f); c++) {
        const mn_parquet_chunk *ch = &mn_parquet_row_group_at(f, 0)->chunks[c];
        CHECK(ch->codec == MN_PQ_BROTLI);
        uint8_t *buf = malloc((size_t)ch->total_compressed_size);
        CHECK(pq_file_read(f, ch->start, (size_t)ch->total_compressed_size, buf, &err) == 0);
        size_t pos = 0;
        while (pos < (size_t)ch->total_compressed_size) {
            pq_page_header h;
            size_t hl;
            const char *msg;
            if (pq_read_page_header(buf + pos, (size_t)ch->total_compressed_size - pos, &h, &hl, &msg)) {
                CHECK(0);
                break;
            }
            size_t off = pos + hl, lv = h.has_v2 ? (size_t)h.def_len + (size_t)h.rep_len : 0;
            uint8_t *out = malloc((size_t)h.uncompressed_size + 1);
            CHECK(pq_decompress(MN_PQ_BROTLI, buf + off + lv, (size_t)h.compressed_size - lv, out,
                                (size_t)h.uncompressed_size - lv, &msg) == 0);
            free(out);
            pages++;
            pos = off + (size_t)h.compressed_size;
        }
        free(buf);
    }
    CHECK(pages >= 2);
    mn_parquet_close(f);

    /* corrupt compressed data fails cleanly for every codec */
    uint8_t junk[64], out[256];
    for (int i = 0; i < 64; i++) junk[i] = (uint8_t)(i * 37 + 11);
    for (int codec = 0; codec <= MN_PQ_LZ4_RAW; codec++) {
        const char *msg = NULL;
        CHECK(pq_decompress(codec, junk, sizeof junk, out, sizeof out, &msg) == -1 && msg);
    }
    CHECK(pq_crc32((const uint8_t *)"123456789", 9) == 0xCBF43926u);
}

static void test_unpack(void) {
    /* bit unpacking against a slow reference, every width, odd offsets and buffer ends */
    uint8_t buf[300];
    for (int i = 0; i < 300; i++) buf[i] = (uint8_t)(i * 151 + 7);
    uint32_t out[600];
    for (int bw = 1; bw <= 32; bw++) {
        for (int start = 0; start < 13; start++) {
            int n = (int)((300 * 8 - start) / bw);
            if (n > 600) n = 600;
            pq_unpack32(buf, sizeof buf, (uint64_t)start, bw, out, n);
            bool ok = true;
            for (int i = 0; i < n; i++) {
                uint64_t v = 0;
                for (int b = 0; b < bw; b++) {
                    uint64_t bit = (uint64_t)start + (uint64_t)i * (uint64_t)bw + (uint64_t)b;
                    v |= (uint64_t)((buf[bit >> 3] >> (bit & 7)) & 1) << b;
                }
                ok &= out[i] == (uint32_t)v;
            }
            CHECK(ok);
        }
    }
    /* RLE hybrid: run of 5 x 3, then bit-packed 8 values 0..7 (width 3) */
    uint8_t rle[] = {5 << 1, 3, (1 << 1) | 1, 0x88, 0xC6, 0xFA};
    pq_rle r;
    pq_rle_init(&r, rle, sizeof rle, 3);
    uint32_t v[13];
    CHECK(pq_rle_get32(&r, v, 13) == 0);
    CHECK(v[0] == 3 && v[4] == 3 && v[5] == 0 && v[6] == 1 && v[12] == 7);
    CHECK(pq_rle_get32(&r, v, 1) == -1);
    pq_rle_init(&r, rle, sizeof rle, 3);
    CHECK(pq_rle_get_dict(&r, v, 13, 7) == -2);
}

static void test_page_index(void) {
    mn_error err;
    mn_parquet_file *f = mn_parquet_open(data_path("data/alltypes_tiny_pages.parquet"), &err);
    CHECK(f != NULL);
    if (!f) return;
    mn_arena a;
    mn_arena_init(&a, 0);
    mn_parquet_page_location *locs = NULL;
    int n = 0;
    CHECK(mn_parquet_read_offset_index(f, 0, 0, &a, &locs, &n, &err) == 0);
    CHECK(n > 10);
    bool ordered = n > 0 && locs[0].first_row_index == 0;
    for (int i = 1; i < n; i++) ordered &= locs[i].first_row_index > locs[i - 1].first_row_index && locs[i].offset > locs[i - 1].offset;
    CHECK(ordered);
    mn_parquet_column_index ci;
    CHECK(mn_parquet_read_column_index(f, 0, 0, &a, &ci, &err) == 0);
    CHECK(ci.npages == n);
    /* the id column's pages hold increasing ranges of ids */
    const mn_parquet_column *c = mn_parquet_column_at(f, 0);
    mn_value lo, hi;
    CHECK(ci.npages > 0 && !ci.null_pages[0] && mn_parquet_stat_value(c, ci.min_values[0], ci.min_lens[0], &lo) == 0 &&
          mn_parquet_stat_value(c, ci.max_values[0], ci.max_lens[0], &hi) == 0 && lo.u.i <= hi.u.i);
    mn_arena_destroy(&a);
    mn_parquet_close(f);
    /* a file without a page index */
    f = mn_parquet_open(data_path("data/alltypes_plain.parquet"), &err);
    mn_arena_init(&a, 0);
    CHECK(f && mn_parquet_read_offset_index(f, 0, 0, &a, &locs, &n, &err) == 1);
    mn_arena_destroy(&a);
    mn_parquet_close(f);
}

/* ------------------------------------------------------------------ a hand-made file */

/* A tiny Thrift compact writer, enough to build files with types no corpus file has. */
typedef struct tw {
    uint8_t b[8192];
    size_t n;
    int last[16];
    int depth;
} tw;

static void w_byte(tw *w, uint8_t x) { w->b[w->n++] = x; }
static void w_bytes(tw *w, const void *p, size_t k) {
    memcpy(w->b + w->n, p, k);
    w->n += k;
}
static void w_varint(tw *w, uint64_t v) {
    while (v >= 0x80) {
        w_byte(w, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    w_byte(w, (uint8_t)v);
}
static void w_zz(tw *w, int64_t v) { w_varint(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63)); }
static void w_field(tw *w, int id, int type) {
    int d = id - w->last[w->depth];
    if (d > 0 && d <= 15) {
        w_byte(w, (uint8_t)(d << 4 | type));
    } else {
        w_byte(w, (uint8_t)type);
        w_zz(w, id);
    }
    w->last[w->depth] = id;
}
static void w_i32(tw *w, int id, int32_t v) {
    w_field(w, id, 5);
    w_zz(w, v);
}
static void w_i64(tw *w, int id, int64_t v) {
    w_field(w, id, 6);
    w_zz(w, v);
}
static void w_str(tw *w, int id, const char *s) {
    w_field(w, id, 8);
    w_varint(w, strlen(s));
    w_bytes(w, s, strlen(s));
}
static void w_begin(tw *w, int id) { /* struct field (id > 0) or list element (id == 0) */
    if (id) w_field(w, id, 12);
    w->last[++w->depth] = 0;
}
static void w_end(tw *w) {
    w_byte(w, 0);
    w->depth--;
}
static void w_list(tw *w, int id, int etype, int n) {
    w_field(w, id, 9);
    if (n < 15) {
        w_byte(w, (uint8_t)(n << 4 | etype));
    } else {
        w_byte(w, (uint8_t)(0xf0 | etype));
        w_varint(w, (uint64_t)n);
    }
}

typedef struct tcol {
    const char *name;
    int type, type_length, repetition, converted; /* converted -1: none */
    int logical;                                  /* 0 none, else a LogicalType member id */
    int unit, bit_width, is_signed;               /* logical parameters */
    int def_encoding;                             /* 3 RLE, 4 BIT_PACKED */
    const uint8_t *levels;                        /* encoded definition levels (optional columns) */
    size_t nlevels;
    const void *values; /* PLAIN values */
    size_t nvalues;
    int group;          /* > 0: a group element with that many children (no data) */
    int child;          /* 1: a child of the group before it, not of the root */
    int count;          /* level entries of the page (0: rows); levels then hold repetition
                           levels (RLE, length-prefixed) before the definition levels */
} tcol;

/* Writes a one-row-group file of `rows` rows, one uncompressed v1 data page per column. */
static size_t make_file(uint8_t *out, const tcol *cols, int ncols, int rows) {
    size_t n = 0;
    memcpy(out, "PAR1", 4);
    n = 4;
    int64_t offs[64], sizes[64];
    int nleaves = 0, ntop = 0;
    for (int c = 0; c < ncols; c++) {
        nleaves += !cols[c].group;
        ntop += !cols[c].child;
        if (cols[c].group) continue;
        tw h = {0};
        size_t body = cols[c].nlevels + cols[c].nvalues;
        w_i32(&h, 1, 0);
        w_i32(&h, 2, (int32_t)body);
        w_i32(&h, 3, (int32_t)body);
        w_begin(&h, 5);
        w_i32(&h, 1, cols[c].count ? cols[c].count : rows);
        w_i32(&h, 2, 0);
        w_i32(&h, 3, cols[c].def_encoding ? cols[c].def_encoding : 3);
        w_i32(&h, 4, 3);
        w_end(&h);
        w_byte(&h, 0);
        offs[c] = (int64_t)n;
        memcpy(out + n, h.b, h.n);
        n += h.n;
        if (cols[c].nlevels) memcpy(out + n, cols[c].levels, cols[c].nlevels);
        n += cols[c].nlevels;
        memcpy(out + n, cols[c].values, cols[c].nvalues);
        n += cols[c].nvalues;
        sizes[c] = (int64_t)n - offs[c];
    }
    tw m = {0};
    w_i32(&m, 1, 1);
    w_list(&m, 2, 12, ncols + 1);
    w_begin(&m, 0);
    w_str(&m, 4, "schema");
    w_i32(&m, 5, ntop);
    w_end(&m);
    for (int c = 0; c < ncols; c++) {
        const tcol *t = &cols[c];
        w_begin(&m, 0);
        if (!t->group) w_i32(&m, 1, t->type);
        if (t->type_length) w_i32(&m, 2, t->type_length);
        w_i32(&m, 3, t->repetition);
        w_str(&m, 4, t->name);
        if (t->group) w_i32(&m, 5, t->group);
        if (t->converted >= 0) w_i32(&m, 6, t->converted);
        if (t->logical) {
            w_begin(&m, 10);
            w_begin(&m, t->logical);
            if (t->logical == MN_PQ_LT_TIMESTAMP || t->logical == MN_PQ_LT_TIME) {
                w_field(&m, 1, 2); /* isAdjustedToUTC = false */
                w_begin(&m, 2);
                w_begin(&m, t->unit);
                w_end(&m);
                w_end(&m);
            } else if (t->logical == MN_PQ_LT_INTEGER) {
                w_field(&m, 1, 3);
                w_byte(&m, (uint8_t)t->bit_width);
                w_field(&m, 2, t->is_signed ? 1 : 2);
            }
            w_end(&m);
            w_end(&m);
        }
        w_end(&m);
    }
    w_i64(&m, 3, rows);
    w_list(&m, 4, 12, 1);
    w_begin(&m, 0);
    w_list(&m, 1, 12, nleaves);
    for (int c = 0; c < ncols; c++) {
        if (cols[c].group) continue;
        w_begin(&m, 0);
        w_i64(&m, 2, 0);
        w_begin(&m, 3);
        w_i32(&m, 1, cols[c].type);
        w_list(&m, 2, 5, 1);
        w_zz(&m, 0);
        w_list(&m, 3, 8, 1);
        w_varint(&m, strlen(cols[c].name));
        w_bytes(&m, cols[c].name, strlen(cols[c].name));
        w_i32(&m, 4, 0);
        w_i64(&m, 5, cols[c].count ? cols[c].count : rows);
        w_i64(&m, 6, sizes[c]);
        w_i64(&m, 7, sizes[c]);
        w_i64(&m, 9, offs[c]);
        w_end(&m);
        w_end(&m);
    }
    w_i64(&m, 2, 0);
    w_i64(&m, 3, rows);
    w_end(&m);
    w_byte(&m, 0);
    memcpy(out + n, m.b, m.n);
    n += m.n;
    uint32_t len = (uint32_t)m.n;
    for (int i = 0; i < 4; i++) out[n++] = (uint8_t)(len >> (8 * i));
    memcpy(out + n, "PAR1", 4);
    return n + 4;
}

static void test_handmade_types(void) {
    int32_t i8v[] = {-5, 7, 100};
    int32_t u8v[] = {200, 255}; /* optional: rows 200, NULL, 255 */
    static const uint8_t bitpacked[] = {0xA0}; /* levels 1,0,1, most significant bit first */
    int32_t u16v[] = {65535, 1, 2};
    int32_t u32v[] = {-1, 0, 7};
    int64_t u64v[] = {-1, 0, 42};
    int64_t msv[] = {1000, -1, 0};
    int64_t nsv[] = {-1, 1999, INT64_C(1700000000123456789)};
    uint8_t uuids[48];
    for (int i = 0; i < 48; i++) uuids[i] = (uint8_t)(i * 17);
    int32_t timev[] = {1, 2, 3};
    uint8_t boolv[] = {0x05}; /* true, false, true */
    tcol cols[] = {
        {"i8", MN_PQ_INT32, 0, 0, -1, MN_PQ_LT_INTEGER, 0, 8, 1, 0, NULL, 0, i8v, sizeof i8v, 0, 0, 0},
        {"u8", MN_PQ_INT32, 0, 1, MN_PQ_CT_UINT_8, 0, 0, 0, 0, 4, bitpacked, 1, u8v, sizeof u8v, 0, 0, 0},
        {"u16", MN_PQ_INT32, 0, 0, MN_PQ_CT_UINT_16, 0, 0, 0, 0, 0, NULL, 0, u16v, sizeof u16v, 0, 0, 0},
        {"u32", MN_PQ_INT32, 0, 0, -1, MN_PQ_LT_INTEGER, 0, 32, 0, 0, NULL, 0, u32v, sizeof u32v, 0, 0, 0},
        {"u64", MN_PQ_INT64, 0, 0, MN_PQ_CT_UINT_64, 0, 0, 0, 0, 0, NULL, 0, u64v, sizeof u64v, 0, 0, 0},
        {"ms", MN_PQ_INT64, 0, 0, -1, MN_PQ_LT_TIMESTAMP, MN_PQ_MILLIS, 0, 0, 0, NULL, 0, msv, sizeof msv, 0, 0, 0},
        {"ns", MN_PQ_INT64, 0, 0, -1, MN_PQ_LT_TIMESTAMP, MN_PQ_NANOS, 0, 0, 0, NULL, 0, nsv, sizeof nsv, 0, 0, 0},
        {"id", MN_PQ_FIXED_LEN_BYTE_ARRAY, 16, 0, -1, MN_PQ_LT_UUID, 0, 0, 0, 0, NULL, 0, uuids, sizeof uuids, 0, 0, 0},
        {"t", MN_PQ_INT32, 0, 0, -1, MN_PQ_LT_TIME, MN_PQ_MILLIS, 0, 0, 0, NULL, 0, timev, sizeof timev, 0, 0, 0},
        {"b", MN_PQ_BOOLEAN, 0, 0, -1, 0, 0, 0, 0, 0, NULL, 0, boolv, sizeof boolv, 0, 0, 0},
    };
    static uint8_t file[16384];
    size_t len = make_file(file, cols, 10, 3);
    mn_error err;
    mn_parquet_file *f = mn_parquet_open_memory(file, len, "handmade", &err);
    CHECK(f != NULL);
    if (!f) {
        fprintf(stderr, "handmade: %s\n", err.message);
        return;
    }
    static const char *want[][3] = {
        {"-5", "7", "100"},
        {"200", "NULL", "255"},
        {"65535", "1", "2"},
        {"4294967295", "0", "7"},
        {"18446744073709551615", "0", "42"},
        {"1970-01-01 00:00:01.000", "1969-12-31 23:59:59.999", "1970-01-01 00:00:00.000"},
        {"1969-12-31 23:59:59.999999", "1970-01-01 00:00:00.000001", "2023-11-14 22:13:20.123456"},
        {"00112233-4455-6677-8899-aabbccddeeff", "00112233-4455-6677-8899-aabbccddeeff", ""},
        {"", "", ""},
        {"true", "false", "true"},
    };
    static const mn_type_id types[] = {MN_T_TINYINT, MN_T_SMALLINT, MN_T_INTEGER, MN_T_BIGINT, MN_T_DECIMAL,
                                       MN_T_TIMESTAMP, MN_T_TIMESTAMP, MN_T_UUID, MN_T_UNKNOWN, MN_T_BOOLEAN};
    for (int c = 0; c < 10; c++) {
        const mn_parquet_column *col = mn_parquet_column_at(f, c);
        CHECK(col->type.id == types[c]);
        if (c == 8) {
            CHECK(col->unsupported && strstr(col->unsupported, "TIME(MILLIS)"));
            continue;
        }
        colvals cv;
        if (read_column(f, c, &cv, true, &err)) {
            CHECK(0);
            fprintf(stderr, "handmade column %s: %s\n", col->name, err.message);
            continue;
        }
        CHECK(cv.n == 3);
        for (int i = 0; i < 3 && i < cv.n; i++) {
            if (c == 7 && i > 0) break; /* uuids[] of row 1 and 2 differ; row 0 is checked */
            CHECK_STR(cv.v[i] ? cv.v[i] : "NULL", want[c][i]);
        }
        colvals_free(&cv);
    }
    mn_parquet_close(f);
    mutate_all(file, len);
    if (getenv("PARQUET_WRITE_HANDMADE")) { /* seed for the fuzzer's corpus */
        FILE *out = fopen(getenv("PARQUET_WRITE_HANDMADE"), "wb");
        if (out) {
            fwrite(file, 1, len, out);
            fclose(out);
        }
    }
}

/* Reads nested field `name` of a hand-made file: 0 with the values rendered into want-order
 * text joined by " | ", or -1 with err. */
static int handmade_field(const uint8_t *file, size_t len, const char *name, char *out, size_t cap, mn_error *err) {
    out[0] = 0;
    mn_parquet_file *f = mn_parquet_open_memory(file, len, "handmade.parquet", err);
    if (!f) return -1;
    int fi = mn_parquet_find_field(f, name);
    colvals cv;
    int rc = fi < 0 ? -1 : read_field(f, fi, &cv, true, err);
    if (rc == 0) {
        for (int64_t i = 0; i < cv.n; i++) {
            size_t k = strlen(out);
            snprintf(out + k, cap - k, "%s%s", i ? " | " : "", cv.v[i] ? cv.v[i] : "NULL");
        }
        colvals_free(&cv);
    }
    mn_parquet_close(f);
    return rc;
}

static void test_handmade_nested(void) {
    static uint8_t file[16384];
    char got[512];
    mn_error err;
    /* optional group l (LIST) { repeated group list { optional int32 element } }:
     * rows [1, 2], NULL, [], [NULL] as 5 level entries and 2 values */
    static const uint8_t lv[] = {2, 0, 0, 0, 0x03, 0x02,        /* rep 0,1,0,0,0 (bit-packed) */
                                 3, 0, 0, 0, 0x03, 0x4f, 0x02}; /* def 3,3,0,1,2 */
    int32_t vals[] = {1, 2};
    tcol list[] = {
        {"l", 0, 0, 1, MN_PQ_CT_LIST, 0, 0, 0, 0, 0, NULL, 0, NULL, 0, 1, 0, 0},
        {"list", 0, 0, 2, -1, 0, 0, 0, 0, 0, NULL, 0, NULL, 0, 1, 1, 0},
        {"element", MN_PQ_INT32, 0, 1, -1, 0, 0, 0, 0, 0, lv, sizeof lv, vals, sizeof vals, 0, 1, 5},
    };
    size_t len = make_file(file, list, 3, 4);
    CHECK(handmade_field(file, len, "l", got, sizeof got, &err) == 0);
    CHECK_STR(got, "[1, 2] | NULL | [] | [NULL]");
    /* a definition level above the maximum: the element made required (maximum 2, still two
     * bits a level), an RLE run of 5 levels of 3 */
    static const uint8_t bad_def[] = {2, 0, 0, 0, 0x03, 0x02, 2, 0, 0, 0, 0x0a, 0x03};
    list[2].repetition = 0;
    list[2].levels = bad_def;
    list[2].nlevels = sizeof bad_def;
    len = make_file(file, list, 3, 4);
    CHECK(handmade_field(file, len, "l", got, sizeof got, &err) == -1 && err.code == MN_ERR_CORRUPT);
    CHECK(strstr(err.message, "handmade.parquet") && strstr(err.message, "level above the maximum"));
    /* a row that starts at repetition level 1 */
    static const uint8_t bad_rep[] = {2, 0, 0, 0, 0x03, 0x03, 3, 0, 0, 0, 0x03, 0x4f, 0x02};
    list[2].repetition = 1;
    list[2].levels = bad_rep;
    list[2].nlevels = sizeof bad_rep;
    len = make_file(file, list, 3, 4);
    CHECK(handmade_field(file, len, "l", got, sizeof got, &err) == -1 && err.code == MN_ERR_CORRUPT);
    CHECK(strstr(err.message, "repetition level"));
    /* levels for fewer rows than the row group has */
    list[2].levels = lv;
    list[2].nlevels = sizeof lv;
    len = make_file(file, list, 3, 5);
    CHECK(handmade_field(file, len, "l", got, sizeof got, &err) == -1 && err.code == MN_ERR_CORRUPT);
    CHECK(strstr(err.message, "ends after 4 of 5 rows"));
    len = make_file(file, list, 3, 3);
    CHECK(handmade_field(file, len, "l", got, sizeof got, &err) == -1 && err.code == MN_ERR_CORRUPT);
    CHECK(strstr(err.message, "more rows than its row group"));

    /* required group s { required int32 a; required int32 b; } whose leaves disagree on the
     * row count */
    int32_t a[] = {1, 2, 3}, b[] = {4, 5, 6, 7};
    tcol row[] = {
        {"s", 0, 0, 0, -1, 0, 0, 0, 0, 0, NULL, 0, NULL, 0, 2, 0, 0},
        {"a", MN_PQ_INT32, 0, 0, -1, 0, 0, 0, 0, 0, NULL, 0, a, sizeof a, 0, 1, 0},
        {"b", MN_PQ_INT32, 0, 0, -1, 0, 0, 0, 0, 0, NULL, 0, b, 3 * sizeof(int32_t), 0, 1, 0},
    };
    len = make_file(file, row, 3, 3);
    CHECK(handmade_field(file, len, "s", got, sizeof got, &err) == 0);
    CHECK_STR(got, "{a=1, b=4} | {a=2, b=5} | {a=3, b=6}");
    row[2].nvalues = 2 * sizeof(int32_t);
    row[2].count = 2;
    len = make_file(file, row, 3, 3);
    CHECK(handmade_field(file, len, "s", got, sizeof got, &err) == -1 && err.code == MN_ERR_CORRUPT);
    CHECK(strstr(err.message, "'s.b'") && strstr(err.message, "ends after 2 of 3 rows"));
    row[2].nvalues = sizeof b;
    row[2].count = 4;
    len = make_file(file, row, 3, 3);
    CHECK(handmade_field(file, len, "s", got, sizeof got, &err) == -1 && err.code == MN_ERR_CORRUPT);
    CHECK(strstr(err.message, "'s.b'") && strstr(err.message, "more rows than its row group"));

    /* 40 nested groups: deeper than Minerva's types go; the field is unreadable, with a reason */
    tcol deep[41];
    memset(deep, 0, sizeof deep);
    for (int i = 0; i < 40; i++) {
        deep[i] = (tcol){"g", 0, 0, 0, -1, 0, 0, 0, 0, 0, NULL, 0, NULL, 0, 1, i > 0, 0};
    }
    int32_t one = 1;
    deep[40] = (tcol){"x", MN_PQ_INT32, 0, 0, -1, 0, 0, 0, 0, 0, NULL, 0, &one, sizeof one, 0, 1, 0};
    len = make_file(file, deep, 41, 1);
    mn_parquet_file *f = mn_parquet_open_memory(file, len, "deep.parquet", &err);
    CHECK(f != NULL);
    if (f) {
        const mn_parquet_field *F = mn_parquet_field_at(f, 0);
        CHECK(F && F->type.id == MN_T_UNKNOWN && F->unsupported && strstr(F->unsupported, "too deeply"));
        CHECK(mn_parquet_nested_open(f, 0, 0, F->type, &err) == NULL && err.code == MN_ERR_NOT_SUPPORTED);
        mn_parquet_close(f);
    }
}

/* ------------------------------------------------------------------ hostile input */

static bool read_all(mn_parquet_file *f) {
    bool ok = true;
    mn_error err;
    for (int c = 0; c < mn_parquet_num_columns(f); c++) {
        if (mn_parquet_column_at(f, c)->unsupported || mn_parquet_column_at(f, c)->nested) continue;
        colvals cv;
        if (read_column(f, c, &cv, false, &err)) ok = false;
        else colvals_free(&cv);
    }
    for (int i = 0; i < mn_parquet_num_fields(f); i++) {
        const mn_parquet_field *F = mn_parquet_field_at(f, i);
        if (!F->nested || F->unsupported) continue;
        colvals cv;
        /* rendering touches every byte of every value */
        if (read_field(f, i, &cv, true, &err)) ok = false;
        else colvals_free(&cv);
    }
    return ok;
}

static void test_bad_data(void) {
    static const char *files[] = {"ARROW-GH-41317.parquet", "ARROW-GH-41321.parquet", "ARROW-GH-45185.parquet",
                                  "ARROW-GH-47662.parquet", "ARROW-RS-GH-6229-DICTHEADER.parquet",
                                  "ARROW-RS-GH-6229-LEVELS.parquet", "PARQUET-1481.parquet"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "bad_data/%s", files[i]);
        mn_error err;
        mn_parquet_file *f = mn_parquet_open(data_path(rel), &err);
        bool error = f == NULL;
        if (f) {
            error = !read_all(f);
            mn_parquet_close(f);
        } else {
            CHECK(err.code == MN_ERR_CORRUPT);
            CHECK(strstr(err.message, "Invalid Parquet file '") != NULL);
        }
        if (!error) fprintf(stderr, "bad_data/%s read without error\n", files[i]);
        CHECK(error);
    }
}

/* Every byte changed, one at a time: errors or values, never a crash or hang. */
static void mutate_all(const uint8_t *data, size_t len) {
    uint8_t *copy = malloc(len);
    mn_error err;
    for (size_t pos = 0; pos < len; pos++) {
        static const uint8_t deltas[] = {1, 0x80, 0xff};
        for (int d = 0; d < 3; d++) {
            memcpy(copy, data, len);
            copy[pos] = (uint8_t)(copy[pos] + deltas[d]);
            mn_parquet_file *f = mn_parquet_open_memory(copy, len, "mutated", &err);
            if (f) {
                read_all(f);
                mn_parquet_close(f);
            }
        }
    }
    free(copy);
}

static void test_truncated_and_mutated(void) {
    const char *names[] = {"data/alltypes_plain.parquet", "data/datapage_v2.snappy.parquet",
                           "data/delta_encoding_optional_column.parquet", "data/rle_boolean_encoding.parquet",
                           "data/byte_stream_split.zstd.parquet", "data/lz4_raw_compressed.parquet",
                           "data/nullable.impala.parquet", "data/nested_maps.snappy.parquet",
                           "data/old_list_structure.parquet", "data/repeated_no_annotation.parquet"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        char *data;
        size_t len;
        mn_error err;
        CHECK(mn_fs_read_file(data_path(names[k]), &data, &len, 0, &err) == 0);
        if (!data) continue;
        uint8_t *copy = malloc(len);
        /* every prefix is an invalid file */
        int opened = 0;
        for (size_t n = 0; n < len; n++) {
            memcpy(copy, data, n);
            mn_parquet_file *f = mn_parquet_open_memory(copy, n, "truncated", &err);
            if (f) {
                opened++;
                read_all(f);
                mn_parquet_close(f);
            } else {
                CHECK(err.code == MN_ERR_CORRUPT);
            }
        }
        CHECK(opened == 0);
        /* the data cut short under an intact footer: chunks lie outside the file */
        mn_parquet_file *whole = mn_parquet_open_memory(data, len, "whole", &err);
        CHECK(whole && read_all(whole));
        mn_parquet_close(whole);
        uint32_t flen = pq_le32((const uint8_t *)data + len - 8);
        size_t tail = (size_t)flen + 8;
        for (size_t cut = 1; cut + tail < len && cut < 64; cut++) {
            memcpy(copy, data, 4);
            memcpy(copy + 4, data + 4 + cut, len - 4 - cut);
            mn_parquet_file *f = mn_parquet_open_memory(copy, len - cut, "cut", &err);
            if (f) {
                CHECK(!read_all(f));
                mn_parquet_close(f);
            }
        }
        if (len <= 6000) mutate_all((const uint8_t *)data, len);
        free(copy);
        free(data);
    }
}

/* Footer edge cases; crashers found by fuzz_parquet belong here too (none so far: about 7M
 * runs over ~17 minutes, seeded with the small corpus files and the hand-made file above).
 * Each must give an error. */
static void test_fuzz_regressions(void) {
    static const struct {
        const char *hex;
    } cases[] = {
        {"504152310000000050415231"},                             /* empty footer */
        {"50415231" "1c" "00" "0200000050415231"},                /* footer runs past its end */
        {"50415231" "19fc" "ffffffff0f" "00" "0700000050415231"}, /* list count larger than the footer */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *h = cases[i].hex;
        size_t n = strlen(h) / 2;
        uint8_t *b = malloc(n ? n : 1);
        for (size_t k = 0; k < n; k++) sscanf(h + 2 * k, "%2hhx", &b[k]);
        mn_error err;
        mn_parquet_file *f = mn_parquet_open_memory(b, n, "regression", &err);
        bool error = f == NULL || !read_all(f);
        CHECK(error);
        mn_parquet_close(f);
        free(b);
    }
}

/* ------------------------------------------------------------------ TPC-H and the scan */

static char *tpch(const char *file) {
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/tpch-sf0.1/parquet/%s", testdata(), file);
    return buf;
}

static void test_lineitem(void) {
    mn_error err;
    mn_parquet_file *f = mn_parquet_open(tpch("lineitem.parquet"), &err);
    CHECK(f != NULL);
    if (!f) return;
    CHECK(mn_parquet_num_rows(f) == 600572);
    CHECK(mn_parquet_num_columns(f) == 16);
    int q = mn_parquet_find_field(f, "L_QUANTITY");
    CHECK(q == 4);
    const mn_parquet_column *qc = mn_parquet_column_at(f, q);
    CHECK(qc->type.id == MN_T_DECIMAL && qc->type.precision == 15 && qc->type.scale == 2);
    mn_vector v;
    mn_vector_init(&v, qc->type);
    mn_i128 sum = 0;
    int64_t rows = 0;
    for (int g = 0; g < mn_parquet_num_row_groups(f); g++) {
        mn_parquet_reader *r = mn_parquet_reader_open(f, g, q, &err);
        CHECK(r != NULL);
        int got;
        while (r && mn_vector_prepare(&v, &err) == 0 && mn_parquet_reader_read(r, &v, MN_VECTOR_SIZE, &got, &err) == 0 &&
               got > 0) {
            for (int i = 0; i < got; i++) sum += ((mn_i128 *)v.data)[i];
            rows += got;
        }
        mn_parquet_reader_close(r);
    }
    CHECK(rows == 600572);
    CHECK(sum == (mn_i128)1533480200); /* 15334802.00: column 5 of lineitem.tbl summed */
    /* statistics decode */
    const mn_parquet_chunk *ch = &mn_parquet_row_group_at(f, 0)->chunks[q];
    mn_value lo, hi;
    CHECK(ch->has_stats && mn_parquet_stat_value(qc, ch->stats.min, ch->stats.min_len, &lo) == 0 &&
          mn_parquet_stat_value(qc, ch->stats.max, ch->stats.max_len, &hi) == 0);
    CHECK(lo.u.dec == 100 && hi.u.dec == 5000);
    mn_vector_destroy(&v);

    /* the same through a memory-backed file */
    char *data;
    size_t len;
    if (mn_fs_read_file(tpch("lineitem.parquet"), &data, &len, 0, &err) == 0) {
        mn_parquet_file *m = mn_parquet_open_memory(data, len, "lineitem", &err);
        CHECK(m && read_all(m));
        mn_parquet_close(m);
        free(data);
    }
    mn_parquet_close(f);
}

/* Runs a scan operator on one thread; returns rows, sums column `sumcol` (decimal or integer)
 * and counts NULLs of column `nullcol`. -1 with err on failure. */
static int64_t run_scan(mn_physop *op, int sumcol, mn_i128 *sum, int nullcol, int64_t *nulls, int64_t *bytes,
                        mn_error *err) {
    mn_arena qa;
    mn_arena_init(&qa, 0);
    mn_query_ctx q;
    memset(&q, 0, sizeof q);
    q.arena = &qa;
    q.threads = 1;
    int64_t rows = -1;
    void *g = op->vt->source_global(op, &q, err);
    void *l = g ? op->vt->source_local(op, g, &q, err) : NULL;
    mn_chunk c;
    if (l && mn_chunk_init(&c, op->ncols, op->types, err) == 0) {
        rows = 0;
        *sum = 0;
        *nulls = 0;
        for (;;) {
            if (mn_chunk_reset(&c, err) || op->vt->source_next(op, g, l, &c, err)) {
                rows = -1;
                break;
            }
            if (c.count == 0) break;
            for (int i = 0; i < c.count; i++) {
                if (sumcol >= 0 && !mn_vector_is_null(&c.cols[sumcol], i)) {
                    mn_value v;
                    mn_vector_get_value(&c.cols[sumcol], i, &v);
                    *sum += c.cols[sumcol].type.id == MN_T_DECIMAL ? v.u.dec : (mn_i128)v.u.i;
                }
                if (nullcol >= 0) *nulls += mn_vector_is_null(&c.cols[nullcol], i);
            }
            rows += c.count;
        }
        mn_chunk_destroy(&c);
    }
    if (l) op->vt->source_free_local(op, l);
    if (g) op->vt->source_free_global(op, g);
    *bytes = (int64_t)atomic_load(&q.bytes_read);
    mn_arena_destroy(&qa);
    return rows;
}

typedef struct scan_worker {
    mn_physop *op;
    void *g;
    mn_query_ctx *q;
    mn_i128 sum;
    int64_t rows;
    int rc;
} scan_worker;

static void *scan_thread(void *arg) {
    scan_worker *w = arg;
    mn_error err;
    void *l = w->op->vt->source_local(w->op, w->g, w->q, &err);
    mn_chunk c;
    w->rc = -1;
    if (!l || mn_chunk_init(&c, w->op->ncols, w->op->types, &err)) return NULL;
    for (;;) {
        if (mn_chunk_reset(&c, &err) || w->op->vt->source_next(w->op, w->g, l, &c, &err)) break;
        if (c.count == 0) {
            w->rc = 0;
            break;
        }
        for (int i = 0; i < c.count; i++) w->sum += ((mn_i128 *)c.cols[0].data)[i];
        w->rows += c.count;
    }
    mn_chunk_destroy(&c);
    w->op->vt->source_free_local(w->op, l);
    return NULL;
}

/* Two workers share one scan: every morsel is read exactly once. */
static void test_scan_threads(void) {
    mn_arena a;
    mn_arena_init(&a, 0);
    mn_error err;
    const char *names[] = {"l_quantity", "l_comment"};
    mn_type types[] = {mn_type_decimal(15, 2), mn_type_varchar(-1)};
    mn_physop *op = mn_op_parquet_scan(&a, tpch("lineitem.parquet"), 2, names, types, &err);
    CHECK(op != NULL);
    if (op) {
        mn_query_ctx q;
        memset(&q, 0, sizeof q);
        q.arena = &a;
        q.threads = 2;
        void *g = op->vt->source_global(op, &q, &err);
        scan_worker w[2] = {{op, g, &q, 0, 0, 0}, {op, g, &q, 0, 0, 0}};
        pthread_t t[2];
        for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, scan_thread, &w[i]);
        for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
        CHECK(w[0].rc == 0 && w[1].rc == 0);
        CHECK(w[0].rows + w[1].rows == 600572);
        CHECK(w[0].sum + w[1].sum == (mn_i128)1533480200);
        CHECK((int64_t)atomic_load(&q.rows_read) == 600572);
        op->vt->source_free_global(op, g);
        op->vt->free_config(op);
    }
    mn_arena_destroy(&a);
}

static void test_scan(void) {
    mn_arena a;
    mn_arena_init(&a, 0);
    mn_error err;
    char glob[1024];
    snprintf(glob, sizeof glob, "%s/tpch-sf0.1/parquet/line*.parquet", testdata());
    const char *names[] = {"L_QUANTITY", "l_orderkey", "no_such_column", "l_linenumber", "l_shipdate", "l_discount"};
    mn_type types[] = {mn_type_decimal(15, 2), mn_type_make(MN_T_BIGINT), mn_type_make(MN_T_INTEGER),
                       mn_type_make(MN_T_INTEGER) /* narrowed from BIGINT */, mn_type_make(MN_T_TIMESTAMP),
                       mn_type_make(MN_T_DOUBLE)};
    mn_physop *op = mn_op_parquet_scan(&a, glob, 6, names, types, &err);
    CHECK(op != NULL);
    if (op) {
        mn_i128 sum;
        int64_t nulls, bytes;
        CHECK(op->estimated_rows == 600572);
        int64_t rows = run_scan(op, 0, &sum, 2, &nulls, &bytes, &err);
        CHECK(rows == 600572);
        CHECK(sum == (mn_i128)1533480200);
        CHECK(nulls == 600572); /* the missing column reads as NULL */
        CHECK(bytes > 1000000);
        rows = run_scan(op, 3, &sum, -1, &nulls, &bytes, &err);
        CHECK(rows == 600572 && sum == 1802446); /* sum of l_linenumber */
        op->vt->free_config(op);
    }
    /* directory location, zero columns (count(*)) */
    snprintf(glob, sizeof glob, "%s/tpch-sf0.1/parquet/nation.parquet", testdata());
    op = mn_op_parquet_scan(&a, glob, 0, NULL, NULL, &err);
    CHECK(op != NULL);
    if (op) {
        mn_i128 sum;
        int64_t nulls, bytes;
        CHECK(run_scan(op, -1, &sum, -1, &nulls, &bytes, &err) == 25);
        op->vt->free_config(op);
    }
    /* type mismatch, a nested column read as another type, missing location */
    snprintf(glob, sizeof glob, "%s/tpch-sf0.1/parquet/lineitem.parquet", testdata());
    const char *cn[] = {"l_comment"};
    mn_type bt = mn_type_make(MN_T_BIGINT);
    CHECK(mn_op_parquet_scan(&a, glob, 1, cn, &bt, &err) == NULL && err.code == MN_ERR_TYPE_MISMATCH);
    CHECK(strstr(err.message, "l_comment") && strstr(err.message, "lineitem.parquet"));
    const char *nn[] = {"a"};
    mn_type vt = mn_type_varchar(-1);
    CHECK(mn_op_parquet_scan(&a, data_path("data/nested_lists.snappy.parquet"), 1, nn, &vt, &err) == NULL &&
          err.code == MN_ERR_TYPE_MISMATCH);
    CHECK(strstr(err.message, "array(array(array(varchar)))") != NULL);
    /* a nested field of its own type: assembled by the scan */
    mn_type at;
    CHECK(mn_type_parse_nested("array(array(array(varchar)))", 28, &at) == 1);
    mn_physop *nop = mn_op_parquet_scan(&a, data_path("data/nested_lists.snappy.parquet"), 1, nn, &at, &err);
    CHECK(nop != NULL);
    if (nop) {
        mn_i128 sum;
        int64_t nulls, bytes;
        CHECK(run_scan(nop, -1, &sum, 0, &nulls, &bytes, &err) == 3 && nulls == 0);
        nop->vt->free_config(nop);
    }
    CHECK(mn_op_parquet_scan(&a, data_path("data/*.nothing"), 1, nn, &vt, &err) == NULL && err.code == MN_ERR_IO);
    CHECK(mn_op_parquet_scan(&a, data_path("no/such/dir"), 1, nn, &vt, &err) == NULL && err.code == MN_ERR_IO);

    /* schema inference */
    int n;
    char **cols;
    mn_type *ty;
    CHECK(mn_parquet_infer_schema(glob, &n, &cols, &ty, &err) == 0);
    if (n == 16) {
        CHECK_STR(cols[0], "l_orderkey");
        CHECK(ty[0].id == MN_T_BIGINT);
        CHECK_STR(cols[15], "l_comment");
        CHECK(ty[15].id == MN_T_VARCHAR);
        CHECK(ty[10].id == MN_T_DATE);
    }
    CHECK(n == 16);
    free(cols);
    free(ty);
    CHECK(mn_parquet_infer_schema(data_path("data/nested_lists.snappy.parquet"), &n, &cols, &ty, &err) == 0);
    CHECK(n == 2 && ty[0].id == MN_T_ARRAY && ty[1].id == MN_T_INTEGER);
    free(cols);
    free(ty);
    mn_arena_destroy(&a);
}

int main(void) {
    test_unpack();
    test_corpus();
    test_known_values();
    test_nested_values();
    test_expected_csv("delta_binary_packed");
    test_expected_csv("delta_byte_array");
    test_expected_csv("delta_encoding_optional_column");
    test_expected_csv("delta_encoding_required_column");
    test_bss_extended();
    test_brotli_pages();
    test_page_index();
    test_handmade_types();
    test_handmade_nested();
    test_bad_data();
    test_truncated_and_mutated();
    test_fuzz_regressions();
    test_lineitem();
    test_scan();
    test_scan_threads();
    CHECK_DONE();
}
