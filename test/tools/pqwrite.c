/* pqwrite.c — test tool: reads delimited text from stdin and writes it as a Parquet file with
 * the Minerva writer (src/format/parquet_writer.h).
 * Usage: pqwrite [-c none|snappy|gzip|zstd|lz4] [-d DELIM] [-r ROWS_PER_ROW_GROUP]
 *                [-p ROWS_PER_PAGE] [-D DICT_BYTES (<0: no dictionary)] [-E DICT_ENTRIES]
 *                [-l COMPRESSION_LEVEL]
 *                OUT.parquet NAME:TYPE...
 * One line per row, fields split on DELIM (default ','); extra fields are ignored (so the
 * trailing '|' of TPC-H .tbl files is fine), missing ones are NULL. A field "\N" is NULL; an
 * empty field is NULL except for strings (the empty string). Backslash escapes: \\ \n \t \r
 * and \DELIM. Types as in SQL (bigint, decimal(15,2), varchar, date, timestamp(6), ...);
 * nested types (array(bigint), map(varchar, row(a int)), ...) take JSON text (JSON null is
 * NULL; format/json_value.h says how values convert).
 * Prints "rows=N bytes=B write_seconds=S total_seconds=T" to stderr (write_seconds counts
 * the writer only, not parsing). Exit status 0 on success, 1 on errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format/json_value.h"
#include "format/parquet.h"
#include "format/parquet_writer.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/scalar_text.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(void) {
    fprintf(stderr, "usage: pqwrite [-c codec] [-d delim] [-r rg_rows] [-p page_rows] [-D dict_bytes] [-E dict_entries] [-l level] "
                    "OUT.parquet NAME:TYPE...\n");
    return 1;
}

/* Splits line[0..n) in place into fields (escapes resolved). Returns the field count. */
static int split(char *line, size_t n, char delim, char **f, size_t *fl, bool *isnull, int maxf) {
    int nf = 0;
    size_t i = 0;
    while (nf < maxf) {
        isnull[nf] = i + 1 < n && line[i] == '\\' && line[i + 1] == 'N' && (i + 2 == n || line[i + 2] == delim);
        char *start = line + i, *o = start;
        while (i < n && line[i] != delim) {
            if (line[i] == '\\' && i + 1 < n) {
                char c = line[i + 1];
                *o++ = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
                i += 2;
            } else {
                *o++ = line[i++];
            }
        }
        f[nf] = start;
        fl[nf] = (size_t)(o - start);
        nf++;
        if (i >= n) break;
        i++; /* the delimiter */
    }
    return nf;
}

/* A nested value from its JSON text. */
static int set_nested(mn_vector *v, int row, const char *s, size_t n) {
    static mn_arena scratch;
    static bool init;
    if (!init) mn_arena_init(&scratch, 0), init = true;
    mn_arena_rewind(&scratch);
    mn_json_lexer lx;
    mn_json_lexer_init(&lx, s, n);
    mn_json_next(&lx);
    mn_json_conv c;
    mn_json_conv_init(&c, &lx, &scratch, NULL);
    mn_json_slot slot;
    mn_error err;
    int r = mn_json_convert(&c, v->type, &slot, &err);
    mn_json_conv_free(&c);
    if (r < 0 || mn_json_next(&lx) != MN_JT_EOF) return -1;
    if (r == 0) {
        mn_vector_set_null(v, row);
        return 0;
    }
    mn_str str = mn_vector_add_string(v, slot.s.ptr, slot.s.len);
    if (!str.ptr) return -1;
    ((mn_str *)v->data)[row] = str;
    return 0;
}

static int set_field(mn_vector *v, int row, const char *s, size_t n, bool isnull) {
    mn_type t = v->type;
    if (isnull || (n == 0 && !mn_type_is_string(t))) {
        mn_vector_set_null(v, row);
        return 0;
    }
    if (mn_type_is_nested(t)) return set_nested(v, row, s, n);
    int64_t i64;
    switch ((mn_type_id)t.id) {
    case MN_T_BOOLEAN: return mn_parse_boolean(s, n, (uint8_t *)v->data + row);
    case MN_T_TINYINT:
        if (mn_parse_integer_type(s, n, MN_T_TINYINT, &i64)) return -1;
        ((int8_t *)v->data)[row] = (int8_t)i64;
        return 0;
    case MN_T_SMALLINT:
        if (mn_parse_integer_type(s, n, MN_T_SMALLINT, &i64)) return -1;
        ((int16_t *)v->data)[row] = (int16_t)i64;
        return 0;
    case MN_T_INTEGER:
        if (mn_parse_integer_type(s, n, MN_T_INTEGER, &i64)) return -1;
        ((int32_t *)v->data)[row] = (int32_t)i64;
        return 0;
    case MN_T_BIGINT: return mn_parse_integer_type(s, n, MN_T_BIGINT, (int64_t *)v->data + row);
    case MN_T_REAL: return mn_parse_real(s, n, (float *)v->data + row);
    case MN_T_DOUBLE: return mn_parse_double(s, n, (double *)v->data + row);
    case MN_T_DECIMAL: return mn_decimal_parse(s, n, t.precision, t.scale, (mn_i128 *)v->data + row) ? -1 : 0;
    case MN_T_DATE: return mn_date_parse(s, n, (int32_t *)v->data + row);
    case MN_T_TIMESTAMP: {
        int prec;
        return mn_timestamp_parse(s, n, (int64_t *)v->data + row, &prec);
    }
    case MN_T_VARCHAR:
    case MN_T_CHAR: {
        mn_str str = mn_vector_add_string(v, s, n);
        if (!str.ptr && n) return -1;
        ((mn_str *)v->data)[row] = str;
        return 0;
    }
    default: return -1;
    }
}

int main(int argc, char **argv) {
    int codec = MN_PQ_SNAPPY;
    char delim = ',';
    mn_parquet_writer_options opt;
    memset(&opt, 0, sizeof opt);
    int a = 1;
    for (; a < argc && argv[a][0] == '-' && argv[a][1]; a++) {
        const char *o = argv[a];
        if (a + 1 >= argc) return usage();
        const char *val = argv[++a];
        if (strcmp(o, "-c") == 0) {
            if (mn_parquet_codec_from_name(val, &codec) != 0) {
                fprintf(stderr, "pqwrite: unknown codec '%s'\n", val);
                return 1;
            }
        } else if (strcmp(o, "-d") == 0) {
            delim = val[0];
        } else if (strcmp(o, "-r") == 0) {
            opt.row_group_rows = atoll(val);
        } else if (strcmp(o, "-p") == 0) {
            opt.page_rows = atoi(val);
        } else if (strcmp(o, "-D") == 0) {
            opt.dict_bytes = atoi(val);
        } else if (strcmp(o, "-E") == 0) {
            opt.dict_entries = atoi(val);
        } else if (strcmp(o, "-l") == 0) {
            opt.level = atoi(val);
        } else {
            return usage();
        }
    }
    if (argc - a < 2) return usage();
    const char *out = argv[a++];
    int ncols = argc - a;
    char **names = calloc((size_t)ncols, sizeof *names);
    mn_type *types = calloc((size_t)ncols, sizeof *types);
    char **f = calloc((size_t)ncols, sizeof *f);
    size_t *fl = calloc((size_t)ncols, sizeof *fl);
    bool *isnull = calloc((size_t)ncols, sizeof *isnull);
    if (!names || !types || !f || !fl || !isnull) return 1;
    for (int j = 0; j < ncols; j++) {
        char *spec = argv[a + j], *colon = strchr(spec, ':');
        if (!colon || mn_type_parse(colon + 1, strlen(colon + 1), &types[j]) != 0) {
            fprintf(stderr, "pqwrite: bad column spec '%s'\n", spec);
            return 1;
        }
        *colon = 0;
        names[j] = spec;
    }
    double t0 = now(), tw = 0;
    mn_error err;
    memset(&err, 0, sizeof err);
    mn_parquet_writer *w = mn_parquet_writer_open(out, ncols, (const char *const *)names, types, codec, &err);
    if (!w || mn_parquet_writer_set_options(w, &opt, &err) != 0) {
        fprintf(stderr, "pqwrite: %s\n", err.message);
        return 1;
    }
    mn_chunk ch;
    if (mn_chunk_init(&ch, ncols, types, &err) != 0 || mn_chunk_reset(&ch, &err) != 0) {
        fprintf(stderr, "pqwrite: %s\n", err.message);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int64_t lineno = 0;
    int rc = 0;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        size_t n = (size_t)len;
        if (n && line[n - 1] == '\n') n--;
        if (n && line[n - 1] == '\r') n--;
        int nf = split(line, n, delim, f, fl, isnull, ncols);
        int row = ch.count;
        for (int j = 0; j < ncols; j++) {
            if (set_field(&ch.cols[j], row, j < nf ? f[j] : NULL, j < nf ? fl[j] : 0, j >= nf || isnull[j]) != 0) {
                fprintf(stderr, "pqwrite: line %lld: bad value for column %s: '%.*s'\n", (long long)lineno, names[j],
                        (int)fl[j], f[j]);
                rc = 1;
                goto done;
            }
        }
        if (++ch.count == MN_VECTOR_SIZE) {
            double t = now();
            if (mn_parquet_writer_write(w, &ch, &err) != 0) {
                fprintf(stderr, "pqwrite: %s\n", err.message);
                rc = 1;
                goto done;
            }
            tw += now() - t;
            if (mn_chunk_reset(&ch, &err) != 0) {
                rc = 1;
                goto done;
            }
        }
    }
    double t = now();
    if (ch.count > 0 && mn_parquet_writer_write(w, &ch, &err) != 0) {
        fprintf(stderr, "pqwrite: %s\n", err.message);
        rc = 1;
        goto done;
    }
    int64_t bytes = mn_parquet_writer_bytes(w), rows = 0;
    mn_parquet_writer *fin = w;
    w = NULL;
    if (mn_parquet_writer_finish(fin, &rows, &err) != 0) {
        fprintf(stderr, "pqwrite: %s\n", err.message);
        rc = 1;
        goto done;
    }
    tw += now() - t;
    fprintf(stderr, "rows=%lld bytes=%lld write_seconds=%.3f total_seconds=%.3f\n", (long long)rows, (long long)bytes,
            tw, now() - t0);
done:
    if (w) mn_parquet_writer_abort(w);
    mn_chunk_destroy(&ch);
    free(line);
    free(names);
    free(types);
    free(f);
    free(fl);
    free(isnull);
    return rc;
}
