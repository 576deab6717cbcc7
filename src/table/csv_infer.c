/* csv_infer.c — schema inference for read_csv('path'): sniffs the delimiter from the first
 * line (the candidate , \t | ; that splits it most, outside quotes), reads up to 1000 rows
 * of the first file with the OpenCSV rules, decides whether the first row is a header, and
 * types each column as the narrowest of BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP that every
 * sampled non-empty value parses as, else VARCHAR. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "format/text.h"
#include "io/fs.h"
#include "table/table.h"
#include "types/datetime.h"
#include "types/scalar_text.h"

#define SAMPLE_ROWS 1000
#define MAX_COLS 1024

enum { K_BOOL = 1, K_INT = 2, K_DOUBLE = 4, K_DATE = 8, K_TS = 16, K_ALL = 31 };

static int kinds_of(const char *p, size_t n) {
    int k = 0;
    uint8_t b;
    int64_t i;
    double d;
    int32_t day;
    int64_t us;
    if (mn_parse_boolean(p, n, &b) == 0 && !(n == 1 && (p[0] == '0' || p[0] == '1'))) k |= K_BOOL;
    if (mn_parse_int64(p, n, &i) == 0) k |= K_INT;
    if (mn_parse_double(p, n, &d) == 0) k |= K_DOUBLE;
    if (mn_date_parse(p, n, &day) == 0) k |= K_DATE;
    if (mn_timestamp_parse(p, n, &us, NULL) == 0) k |= K_TS;
    return k;
}

static char sniff_delimiter(const char *path, mn_error *err) {
    char buf[65536];
    FILE *f = fopen(path, "rb");
    if (!f) {
        mn_error_set(err, MN_ERR_IO, "Cannot read '%s'", path);
        return 0;
    }
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    const char cand[] = {',', '\t', '|', ';'};
    int best = 0, bestc = -1;
    for (size_t c = 0; c < sizeof cand; c++) {
        int cnt = 0;
        bool q = false;
        for (size_t i = 0; i < n && buf[i] != '\n'; i++) {
            if (buf[i] == '"') q = !q;
            else if (!q && buf[i] == cand[c]) cnt++;
        }
        if (cnt > bestc) {
            bestc = cnt;
            best = (int)c;
        }
    }
    return cand[best];
}

int mn_csv_infer(mn_arena *a, const char *location, mn_table_def **out, mn_error *err) {
    mn_file_list files;
    if (mn_fs_list(location, &files, err)) return -1;
    if (files.n == 0) {
        mn_file_list_free(&files);
        return mn_error_set(err, MN_ERR_IO, "No files found at '%s'", location);
    }
    int rc = -1;
    int proj[MAX_COLS];
    for (int i = 0; i < MAX_COLS; i++) proj[i] = i;
    mn_str *fields = malloc(sizeof(mn_str) * MAX_COLS * 64);
    mn_text_reader *r = NULL;
    char **first = calloc(MAX_COLS, sizeof(char *));
    int *kinds = malloc(sizeof(int) * MAX_COLS);
    if (!fields || !first || !kinds) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    for (int i = 0; i < MAX_COLS; i++) kinds[i] = K_ALL;
    char delim = sniff_delimiter(files.files[0].path, err);
    if (!delim) goto done;
    mn_text_format fmt;
    mn_text_format_default(&fmt, MN_TEXT_OPEN_CSV);
    fmt.field_delim = delim;
    r = mn_text_reader_open(files.files[0].path, 0, INT64_MAX, &fmt, MAX_COLS, proj, MAX_COLS, err);
    if (!r) goto done;
    int ncols = 0, rows = 0;
    bool header_candidate = true;
    int data_kinds_any = 0;
    while (rows < SAMPLE_ROWS) {
        int got = 0;
        if (mn_text_reader_next(r, 64, fields, &got, err)) goto done;
        if (got == 0) break;
        for (int row = 0; row < got && rows < SAMPLE_ROWS; row++, rows++) {
            mn_str *f = fields + (size_t)row * MAX_COLS;
            if (rows == 0) {
                while (ncols < MAX_COLS && f[ncols].ptr) ncols++;
                for (int c = 0; c < ncols; c++) {
                    first[c] = strndup(f[c].ptr, f[c].len);
                    if (!first[c]) {
                        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
                        goto done;
                    }
                    if (f[c].len == 0 || kinds_of(f[c].ptr, f[c].len) != 0) header_candidate = false;
                    for (int k = 0; k < c; k++)
                        if (strcmp(first[k], first[c]) == 0) header_candidate = false;
                }
                continue;
            }
            for (int c = 0; c < ncols; c++) {
                if (!f[c].ptr || f[c].len == 0) continue;
                int k = kinds_of(f[c].ptr, f[c].len);
                kinds[c] &= k;
                data_kinds_any |= k;
            }
        }
    }
    if (ncols == 0) {
        mn_error_set(err, MN_ERR_CORRUPT, "Cannot infer columns: '%s' is empty", files.files[0].path);
        goto done;
    }
    /* a first row of distinct non-numeric names over data with typed values is a header; with
     * nothing typed in the data, distinct names are still taken as a header */
    bool header = header_candidate && (rows > 1);
    (void)data_kinds_any;
    if (!header) /* the first row is data: fold its kinds in */
        for (int c = 0; c < ncols; c++)
            if (first[c][0]) kinds[c] &= kinds_of(first[c], strlen(first[c]));
    mn_table_def *t = mn_arena_calloc(a, sizeof *t);
    if (!t) goto oom;
    t->database = "";
    t->name = mn_arena_sprintf(a, "read_csv('%s')", location);
    t->location = mn_arena_strdup(a, location);
    t->stored_as = "TEXTFILE";
    t->serde = "org.apache.hadoop.hive.serde2.OpenCSVSerde";
    t->external = 1;
    t->nserde_props = 1;
    t->serde_props = mn_arena_calloc(a, sizeof(mn_kv) * 2);
    if (!t->serde_props || !t->name || !t->location) goto oom;
    t->serde_props[0].key = "separatorChar";
    t->serde_props[0].value = mn_arena_strndup(a, &delim, 1);
    if (header) {
        t->ntbl_props = 1;
        t->tbl_props = mn_arena_calloc(a, sizeof(mn_kv));
        if (!t->tbl_props) goto oom;
        t->tbl_props[0].key = "skip.header.line.count";
        t->tbl_props[0].value = "1";
    }
    t->ncols = ncols;
    t->cols = mn_arena_calloc(a, sizeof(mn_column_def) * (size_t)ncols);
    if (!t->cols) goto oom;
    for (int c = 0; c < ncols; c++) {
        mn_type ty;
        int k = kinds[c];
        if (rows <= (header ? 1 : 0)) k = 0;
        if (k == K_ALL || k == 0) ty = mn_type_varchar(-1);
        else if (k & K_BOOL) ty = mn_type_make(MN_T_BOOLEAN);
        else if (k & K_INT) ty = mn_type_make(MN_T_BIGINT);
        else if (k & K_DOUBLE) ty = mn_type_make(MN_T_DOUBLE);
        else if (k & K_DATE) ty = mn_type_make(MN_T_DATE);
        else if (k & K_TS) ty = mn_type_make(MN_T_TIMESTAMP);
        else ty = mn_type_varchar(-1);
        char tn[64];
        t->cols[c].type = ty;
        t->cols[c].type_text = mn_arena_strdup(a, mn_type_name(ty, tn, sizeof tn));
        t->cols[c].name = header ? mn_arena_strdup(a, first[c]) : mn_arena_sprintf(a, "column%d", c);
        if (!t->cols[c].type_text || !t->cols[c].name) goto oom;
    }
    *out = t;
    rc = 0;
    goto done;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
done:
    if (r) mn_text_reader_close(r);
    if (first)
        for (int i = 0; i < MAX_COLS; i++) free(first[i]);
    free(first);
    free(kinds);
    free(fields);
    mn_file_list_free(&files);
    return rc;
}
