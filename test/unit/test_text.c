/* test_text.c — the delimited-text reader and writer: LazySimpleSerDe and OpenCSVSerde rules,
 * NULLs, escapes, quotes, CRLF, headers, splits (every row exactly once), long lines,
 * TPC-H nation.tbl, and writer round trips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

#include "check.h"
#include "common/strbuf.h"
#include "format/text.h"
#include "io/fs.h"

static char root[256];

static char *tpath(const char *name) {
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", root, name);
    return p;
}

static void put_bytes(const char *name, const char *data, size_t n) {
    FILE *f = fopen(tpath(name), "wb");
    if (!f) {
        perror(name);
        return;
    }
    if (n) fwrite(data, 1, n, f);
    fclose(f);
}

static void put(const char *name, const char *data) { put_bytes(name, data, strlen(data)); }

/* Renders rows as text: fields joined by '|', NULL as <N>, rows ended by ";\n"; newline
 * and CR inside values are shown as \n and \r. */
static void render_row(mn_strbuf *sb, const mn_str *f, int nproj) {
    for (int j = 0; j < nproj; j++) {
        if (j) mn_strbuf_putc(sb, '|');
        if (!f[j].ptr) {
            mn_strbuf_puts(sb, "<N>");
            continue;
        }
        for (uint32_t k = 0; k < f[j].len; k++) {
            char c = f[j].ptr[k];
            if (c == '\n')
                mn_strbuf_puts(sb, "\\n");
            else if (c == '\r')
                mn_strbuf_puts(sb, "\\r");
            else
                mn_strbuf_putc(sb, c);
        }
    }
    mn_strbuf_puts(sb, ";\n");
}

/* Reads a split, rendering all rows into sb. Returns the row count, or -1 on error. */
static int64_t read_split(const char *path, const mn_text_format *fmt, int ncols, const int *proj, int nproj,
                          int64_t start, int64_t end, int batch, mn_strbuf *sb, mn_error *err) {
    mn_text_reader *r = mn_text_reader_open(path, start, end, fmt, ncols, proj, nproj, err);
    if (!r) return -1;
    mn_str *fields = malloc(sizeof(mn_str) * (size_t)batch * (size_t)(nproj ? nproj : 1));
    int64_t total = 0;
    for (;;) {
        int n;
        if (mn_text_reader_next(r, batch, fields, &n, err) != 0) {
            total = -1;
            break;
        }
        if (n == 0) break;
        for (int i = 0; i < n; i++) render_row(sb, fields + (size_t)i * (size_t)nproj, nproj);
        total += n;
    }
    free(fields);
    mn_text_reader_close(r);
    return total;
}

static const int P4[] = {0, 1, 2, 3};

static char *read_all(const char *name, const mn_text_format *fmt, int ncols, int64_t *nrows) {
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    mn_error err;
    int64_t n = read_split(tpath(name), fmt, ncols, P4, ncols, 0, INT64_MAX, 3, &sb, &err);
    if (n < 0) fprintf(stderr, "read error: %s\n", err.message);
    if (nrows) *nrows = n;
    mn_strbuf_putc(&sb, '\0');
    return mn_strbuf_detach(&sb, NULL);
}

static void test_lazy_simple(void) {
    mn_text_format f;
    mn_text_format_default(&f, MN_TEXT_LAZY_SIMPLE);
    int64_t n;
    char *s;

    put("ls1", "a\001b\001c\n\001\001\n");
    s = read_all("ls1", &f, 3, &n);
    CHECK(n == 2);
    CHECK_STR(s, "a|b|c;\n||;\n");
    free(s);

    f.field_delim = '|';
    put("ls2", "1|x|\\N\r\n2|y\n\n3|z|w|extra\n4|last");
    s = read_all("ls2", &f, 3, &n);
    CHECK(n == 5);
    CHECK_STR(s, "1|x|<N>;\n2|y|<N>;\n|<N>|<N>;\n3|z|w;\n4|last|<N>;\n");
    free(s);

    /* a lone CR is data unless it ends the line; \N only when the whole field is \N */
    put("ls3", "a\rb|\\Nx|\r\n");
    s = read_all("ls3", &f, 3, &n);
    CHECK_STR(s, "a\\rb|\\Nx|;\n");
    free(s);

    /* no null format: \N is text */
    f.null_format = NULL;
    s = read_all("ls2", &f, 3, &n);
    CHECK_STR(s, "1|x|\\N;\n2|y|<N>;\n|<N>|<N>;\n3|z|w;\n4|last|<N>;\n");
    free(s);
    f.null_format = "";
    put("ls4", "|a|\n");
    s = read_all("ls4", &f, 3, &n);
    CHECK_STR(s, "<N>|a|<N>;\n");
    free(s);

    /* ESCAPED BY '\\': escaped delimiter, escaped escape, escaped newline, escaped CR */
    mn_text_format_default(&f, MN_TEXT_LAZY_SIMPLE);
    f.field_delim = '|';
    f.escape_char = '\\';
    put("ls5", "a\\|b|c\\\\d|e\\\nf\n\\N|\\\\N|x\\\r\r\nlast\\");
    s = read_all("ls5", &f, 3, &n);
    CHECK(n == 3);
    CHECK_STR(s, "a|b|c\\d|e\\nf;\n<N>|\\N|x\\r;\n"
                 "last\\|<N>|<N>;\n");
    free(s);

    /* the same escaped data through the fast path-free projection: columns 2 and 0 */
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    mn_error err;
    int proj[] = {2, 0, 2, 7};
    n = read_split(tpath("ls5"), &f, 3, proj, 4, 0, INT64_MAX, 100, &sb, &err);
    CHECK(n == 3);
    CHECK_STR(sb.data, "e\\nf|a|b|e\\nf|<N>;\nx\\r|<N>|x\\r|<N>;\n<N>|last\\|<N>|<N>;\n");
    mn_strbuf_free(&sb);

    /* header skipping and empty files */
    mn_text_format_default(&f, MN_TEXT_LAZY_SIMPLE);
    f.field_delim = ',';
    f.skip_header_lines = 2;
    put("hdr", "h1,h2\nh3,h4\n1,2\n3,4\n");
    s = read_all("hdr", &f, 2, &n);
    CHECK(n == 2);
    CHECK_STR(s, "1|2;\n3|4;\n");
    free(s);
    put("hdronly", "h1,h2");
    s = read_all("hdronly", &f, 2, &n);
    CHECK(n == 0);
    free(s);
    f.skip_header_lines = 0;
    put_bytes("empty", "", 0);
    s = read_all("empty", &f, 2, &n);
    CHECK(n == 0);
    CHECK_STR(s, "");
    free(s);
    put("nl", "\n");
    s = read_all("nl", &f, 2, &n);
    CHECK(n == 1);
    CHECK_STR(s, "|<N>;\n");
    free(s);

    /* nproj == 0 counts rows */
    mn_strbuf_init(&sb);
    n = read_split(tpath("hdr"), &f, 2, NULL, 0, 0, INT64_MAX, 2, &sb, &err);
    CHECK(n == 4);
    mn_strbuf_free(&sb);

    /* counting rows without a field array */
    mn_text_reader *cr = mn_text_reader_open(tpath("hdr"), 0, INT64_MAX, &f, 2, NULL, 0, &err);
    int cnt = 0, got0;
    while (mn_text_reader_next(cr, 100, NULL, &got0, &err) == 0 && got0 > 0) cnt += got0;
    CHECK(cnt == 4);
    CHECK(mn_text_reader_next(cr, 0, NULL, &got0, &err) == -1);
    mn_text_reader_close(cr);

    /* line numbers of batches */
    put("lines", "a\nb\nc\nd\n");
    mn_text_reader *r = mn_text_reader_open(tpath("lines"), 0, INT64_MAX, &f, 1, P4, 1, &err);
    mn_str fl[4];
    int got;
    CHECK(mn_text_reader_next(r, 1, fl, &got, &err) == 0 && got == 1);
    CHECK(mn_text_reader_line(r) == 1);
    CHECK(mn_text_reader_next(r, 2, fl, &got, &err) == 0 && got == 2);
    CHECK(mn_text_reader_line(r) == 2);
    CHECK(mn_text_reader_offset(r) == 2);
    CHECK(mn_text_reader_next(r, 2, fl, &got, &err) == 0 && got == 1);
    CHECK(mn_text_reader_line(r) == 4);
    CHECK(mn_text_reader_next(r, 2, fl, &got, &err) == 0 && got == 0);
    CHECK(mn_text_reader_bytes_read(r) == 8);
    mn_text_reader_close(r);

    /* missing file */
    r = mn_text_reader_open(tpath("nope"), 0, INT64_MAX, &f, 1, P4, 1, &err);
    CHECK(r == NULL);
    CHECK(err.code == MN_ERR_IO && strstr(err.message, "nope") != NULL);
}

static void test_open_csv(void) {
    mn_text_format f;
    mn_text_format_default(&f, MN_TEXT_OPEN_CSV);
    int64_t n;
    char *s;
    put("c1", "a,\"b,c\",\"d\"\"e\",\"f\\\"g\"\n"
              "\"multi\nline\",x,\"y\"z\n"
              "p,q\"r,s\n"
              "\"\",,\n"
              "1,2\r\n"
              "a\\,b,\"c\\\\d\",\"\\n\",\"e\r\nf\"\r\n"
              "\n"
              "\"last\",\"open");
    s = read_all("c1", &f, 4, &n);
    CHECK(n == 8);
    CHECK_STR(s, "a|b,c|d\"e|f\"g;\n"
                 "multi\\nline|x|yz|<N>;\n"
                 "p|q\"r|s|<N>;\n"
                 "|||<N>;\n"
                 "1|2|<N>|<N>;\n"
                 "a,b|c\\d|n|e\\r\\nf;\n"
                 "|<N>|<N>|<N>;\n"
                 "last|open|<N>|<N>;\n");
    free(s);

    /* line numbers count the lines inside quoted values */
    mn_error err;
    mn_text_reader *r = mn_text_reader_open(tpath("c1"), 0, INT64_MAX, &f, 4, P4, 4, &err);
    mn_str fl[8];
    int got;
    CHECK(mn_text_reader_next(r, 2, fl, &got, &err) == 0 && got == 2);
    CHECK(mn_text_reader_next(r, 1, fl, &got, &err) == 0 && got == 1);
    CHECK(mn_text_reader_line(r) == 4);
    mn_text_reader_close(r);

    /* escape char equal to the quote char, custom separator, header */
    f.escape_char = '"';
    f.field_delim = ';';
    f.skip_header_lines = 1;
    put("c2", "\"h\";\"h2\"\n\"a\"\"b\";c\"d\n");
    s = read_all("c2", &f, 2, &n);
    CHECK_STR(s, "a\"b|c\"d;\n");
    free(s);

    /* no escape char: backslashes are data */
    mn_text_format_default(&f, MN_TEXT_OPEN_CSV);
    f.escape_char = 0;
    put("c3", "\"a\\\",b\\\n");
    s = read_all("c3", &f, 2, &n);
    CHECK_STR(s, "a\\|b\\;\n");
    free(s);

    /* a quoted value spanning a read-buffer refill */
    size_t big = 5u << 20;
    char *data = malloc(big + 64);
    size_t k = 0;
    data[k++] = '"';
    for (size_t i = 0; i < big; i++) data[k++] = (i % 1000 == 999) ? '\n' : (i % 977 == 0 ? ',' : 'x');
    memcpy(data + k, "\",2\nz,3\n", 8);
    k += 8;
    put_bytes("c4", data, k);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int proj[] = {1};
    n = read_split(tpath("c4"), &f, 2, proj, 1, 0, INT64_MAX, 1, &sb, &err);
    CHECK(n == 2);
    CHECK_STR(sb.data, "2;\n3;\n");
    mn_strbuf_free(&sb);
    /* and the big value itself */
    r = mn_text_reader_open(tpath("c4"), 0, INT64_MAX, &f, 2, P4, 1, &err);
    CHECK(mn_text_reader_next(r, 5, fl, &got, &err) == 0 && got >= 1);
    CHECK(fl[0].len == big && memcmp(fl[0].ptr, data + 1, big) == 0);
    mn_text_reader_close(r);
    free(data);
}

/* A generated file where row i is "i|<payload>", payloads with escapes near line ends. */
static size_t gen_file(const char *name, int rows, int escaped, char ***expect) {
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    *expect = malloc(sizeof(char *) * (size_t)rows);
    unsigned seed = 12345;
    for (int i = 0; i < rows; i++) {
        mn_strbuf ex;
        mn_strbuf_init(&ex);
        mn_strbuf_printf(&sb, "%d|", i);
        mn_strbuf_printf(&ex, "%d|", i);
        seed = seed * 1103515245u + 12345u;
        int len = (int)((seed >> 16) % 60);
        for (int j = 0; j < len; j++) {
            char c = (char)('a' + (j + i) % 26);
            mn_strbuf_putc(&sb, c);
            mn_strbuf_putc(&ex, c);
        }
        if (escaped) {
            switch ((seed >> 8) % 5) {
            case 0: /* escaped newline inside the value */
                mn_strbuf_puts(&sb, "\\\nq");
                mn_strbuf_puts(&ex, "\\nq");
                break;
            case 1: /* value ending with an escaped backslash right before the newline */
                mn_strbuf_puts(&sb, "\\\\");
                mn_strbuf_puts(&ex, "\\");
                break;
            case 2: /* three backslashes + newline: escaped backslash, then escaped newline */
                mn_strbuf_puts(&sb, "\\\\\\\nr");
                mn_strbuf_puts(&ex, "\\\\nr");
                break;
            default:
                break;
            }
        }
        if (i % 7 == 3) mn_strbuf_puts(&sb, "\r"); /* CRLF now and then */
        mn_strbuf_putc(&sb, '\n');
        mn_strbuf_puts(&ex, ";\n");
        (*expect)[i] = mn_strbuf_detach(&ex, NULL);
    }
    put_bytes(name, sb.data, sb.len);
    size_t n = sb.len;
    mn_strbuf_free(&sb);
    return n;
}

static void check_splits(const char *name, int rows, size_t size, char **expect, const mn_text_format *f, int nsplit,
                         int batch) {
    mn_strbuf all, want;
    mn_strbuf_init(&all);
    mn_strbuf_init(&want);
    for (int i = 0; i < rows; i++) mn_strbuf_puts(&want, expect[i]);
    mn_error err;
    int64_t total = 0;
    int ok = 1;
    for (int k = 0; k < nsplit; k++) {
        int64_t s = (int64_t)((size_t)k * size / (size_t)nsplit), e = (int64_t)((size_t)(k + 1) * size / (size_t)nsplit);
        int64_t n = read_split(tpath(name), f, 2, P4, 2, s, e, batch, &all, &err);
        if (n < 0) {
            ok = 0;
            fprintf(stderr, "split error: %s\n", err.message);
        }
        total += n;
    }
    CHECK(ok);
    CHECK(total == rows);
    CHECK(all.len == want.len && memcmp(all.data, want.data, all.len) == 0);
    if (total != rows) fprintf(stderr, "  %s: %d splits: %lld rows, want %d\n", name, nsplit, (long long)total, rows);
    mn_strbuf_free(&all);
    mn_strbuf_free(&want);
}

static void test_splits(void) {
    mn_text_format f;
    mn_text_format_default(&f, MN_TEXT_LAZY_SIMPLE);
    f.field_delim = '|';
    for (int escaped = 0; escaped <= 1; escaped++) {
        char **expect;
        int rows = 30000; /* about 1 MB */
        size_t size = gen_file("split", rows, escaped, &expect);
        CHECK(size > 900000);
        f.escape_char = escaped ? '\\' : 0;
        int counts[] = {1, 2, 3, 7};
        for (int i = 0; i < 4; i++) check_splits("split", rows, size, expect, &f, counts[i], 2048);
        check_splits("split", rows, size, expect, &f, 3, 5);
        for (int i = 0; i < rows; i++) free(expect[i]);
        free(expect);

        /* a ~6 MB file crosses read-buffer boundaries */
        rows = 180000;
        size = gen_file("split2", rows, escaped, &expect);
        check_splits("split2", rows, size, expect, &f, 1, 1000);
        check_splits("split2", rows, size, expect, &f, 2, 2048);
        for (int i = 0; i < rows; i++) free(expect[i]);
        free(expect);

        /* a small file cut at every byte: one-byte splits */
        rows = 40;
        size = gen_file("split3", rows, escaped, &expect);
        check_splits("split3", rows, size, expect, &f, (int)size, 3);
        check_splits("split3", rows, size, expect, &f, (int)size / 3, 1);
        for (int i = 0; i < rows; i++) free(expect[i]);
        free(expect);
    }
    /* a long run of escapes straddling the split start */
    f.escape_char = '\\';
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    mn_strbuf_puts(&sb, "0|");
    for (int i = 0; i < 9001; i++) mn_strbuf_putc(&sb, '\\');
    mn_strbuf_puts(&sb, "\nstill0\n1|x\n");
    put_bytes("escrun", sb.data, sb.len);
    char *exp0 = malloc(4600 + 32);
    size_t k = 0;
    k += (size_t)sprintf(exp0, "0|");
    for (int i = 0; i < 4500; i++) exp0[k++] = '\\';
    k += (size_t)sprintf(exp0 + k, "\\nstill0;\n");
    char *ex[] = {exp0, "1|x;\n"};
    check_splits("escrun", 2, sb.len, ex, &f, 2, 10);
    check_splits("escrun", 2, sb.len, ex, &f, 9, 10);
    free(exp0);
    mn_strbuf_free(&sb);
}

static void test_long_line(void) {
    mn_text_format f;
    mn_text_format_default(&f, MN_TEXT_LAZY_SIMPLE);
    f.field_delim = ',';
    size_t big = 9u << 20;
    char *data = malloc(big + 16);
    memset(data, 'y', big);
    memcpy(data + big, ",1\na,2\n", 7);
    put_bytes("long", data, big + 7);
    mn_error err;
    mn_text_reader *r = mn_text_reader_open(tpath("long"), 0, INT64_MAX, &f, 2, P4, 2, &err);
    mn_str fl[8];
    int got;
    CHECK(mn_text_reader_next(r, 4, fl, &got, &err) == 0);
    CHECK(got >= 1);
    CHECK(fl[0].len == big && fl[1].len == 1 && fl[1].ptr[0] == '1');
    int total = got;
    while (got > 0 && mn_text_reader_next(r, 4, fl, &got, &err) == 0) total += got;
    CHECK(total == 2);
    mn_text_reader_close(r);
    /* read as two splits */
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int proj[] = {1};
    int64_t n = read_split(tpath("long"), &f, 2, proj, 1, 0, 100, 4, &sb, &err);
    n += read_split(tpath("long"), &f, 2, proj, 1, 100, INT64_MAX, 4, &sb, &err);
    CHECK(n == 2);
    CHECK_STR(sb.data, "1;\n2;\n");
    mn_strbuf_free(&sb);
    free(data);
}

static void test_nation(void) {
    const char *path = "/work/shared/testdata/tpch-sf0.1/tbl/nation.tbl";
    if (access(path, R_OK) != 0) {
        printf("skipping nation.tbl (not found)\n");
        return;
    }
    mn_text_format f;
    mn_text_format_default(&f, MN_TEXT_LAZY_SIMPLE);
    f.field_delim = '|';
    mn_error err;
    mn_text_reader *r = mn_text_reader_open(path, 0, INT64_MAX, &f, 4, P4, 4, &err);
    CHECK(r != NULL);
    if (!r) return;
    mn_str fl[4 * 100];
    int got, total = 0;
    CHECK(mn_text_reader_next(r, 100, fl, &got, &err) == 0);
    CHECK(got == 25);
    total += got;
    if (got == 25) {
        CHECK(fl[0].len == 1 && fl[0].ptr[0] == '0');
        CHECK(fl[1].len == 7 && memcmp(fl[1].ptr, "ALGERIA", 7) == 0);
        CHECK(fl[3].len == 51 && memcmp(fl[3].ptr, " haggle.", 8) == 0);
        CHECK(fl[24 * 4 + 1].len == 13 && memcmp(fl[24 * 4 + 1].ptr, "UNITED STATES", 13) == 0);
    }
    CHECK(mn_text_reader_next(r, 100, fl, &got, &err) == 0 && got == 0);
    CHECK(total == 25);
    mn_text_reader_close(r);
    /* declaring a fifth column gives the empty text after the trailing '|' */
    int proj[] = {4};
    r = mn_text_reader_open(path, 0, INT64_MAX, &f, 5, proj, 1, &err);
    CHECK(mn_text_reader_next(r, 100, fl, &got, &err) == 0 && got == 25);
    CHECK(fl[0].ptr != NULL && fl[0].len == 0);
    mn_text_reader_close(r);
}

static void roundtrip(const mn_text_format *f, const char *name, int csv) {
    static const char *vals[] = {"plain", "with\001delim", "back\\slash", "new\nline", "cr\r", "",
                                 NULL, "\\N", "trailing\\", "com,ma", "quo\"te", "\"\"", "\r\n", "|"};
    int nv = (int)(sizeof vals / sizeof vals[0]);
    mn_error err;
    mn_text_writer *w = mn_text_writer_open(tpath(name), f, &err);
    CHECK(w != NULL);
    if (!w) return;
    int rows = 0;
    for (int i = 0; i < nv; i++) {
        for (int j = 0; j < 3; j++) {
            const char *v = vals[(i + j) % nv];
            CHECK(mn_text_writer_field(w, v ? v : "", v ? strlen(v) : 0, v == NULL, &err) == 0);
        }
        CHECK(mn_text_writer_end_row(w, &err) == 0);
        rows++;
    }
    CHECK(mn_text_writer_bytes(w) > 0);
    CHECK(mn_text_writer_finish(w, &err) == 0);
    mn_text_reader *r = mn_text_reader_open(tpath(name), 0, INT64_MAX, f, 3, P4, 3, &err);
    CHECK(r != NULL);
    if (!r) return;
    mn_str fl[3 * 64];
    int got, total = 0, bad = 0;
    while (mn_text_reader_next(r, 4, fl, &got, &err) == 0 && got > 0) {
        for (int k = 0; k < got; k++, total++) {
            for (int j = 0; j < 3; j++) {
                const char *v = vals[(total + j) % nv];
                mn_str s = fl[k * 3 + j];
                if (!v) {
                    if (csv ? !(s.ptr && s.len == 0) : s.ptr != NULL) bad++;
                } else if (!s.ptr || s.len != strlen(v) || memcmp(s.ptr, v, s.len) != 0) {
                    bad++;
                    fprintf(stderr, "  %s row %d col %d: got '%.*s' want '%s'\n", name, total, j, (int)s.len,
                            s.ptr ? s.ptr : "", v);
                }
            }
        }
    }
    mn_text_reader_close(r);
    CHECK(total == rows);
    CHECK(bad == 0);
}

static int count_temp_files(void) {
    DIR *d = opendir(root);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp-")) n++;
    closedir(d);
    return n;
}

static void test_writer(void) {
    mn_text_format f;
    mn_text_format_default(&f, MN_TEXT_LAZY_SIMPLE);
    f.escape_char = '\\'; /* the managed-table format */
    roundtrip(&f, "w_lazy", 0);
    f.field_delim = '|';
    roundtrip(&f, "w_lazy_pipe", 0);
    mn_text_format_default(&f, MN_TEXT_OPEN_CSV);
    roundtrip(&f, "w_csv", 1);
    f.escape_char = 0;
    roundtrip(&f, "w_csv_noesc", 1);

    /* exact bytes */
    mn_text_format_default(&f, MN_TEXT_OPEN_CSV);
    mn_error err;
    mn_text_writer *w = mn_text_writer_open(tpath("w_exact"), &f, &err);
    mn_text_writer_field(w, "a\"b", 3, 0, &err);
    mn_text_writer_field(w, NULL, 0, 1, &err);
    mn_text_writer_field(w, "c\\", 2, 0, &err);
    mn_text_writer_field(w, NULL, 0, 0, &err);
    mn_text_writer_end_row(w, &err);
    CHECK(mn_text_writer_finish(w, &err) == 0);
    char *data;
    size_t len;
    CHECK(mn_fs_read_file(tpath("w_exact"), &data, &len, 0, &err) == 0);
    CHECK_STR(data, "\"a\"\"b\",,\"c\\\\\",\"\"\n");
    free(data);
    mn_text_format_default(&f, MN_TEXT_LAZY_SIMPLE);
    f.escape_char = '\\';
    w = mn_text_writer_open(tpath("w_exact"), &f, &err); /* replaces the file */
    mn_text_writer_field(w, "a\001b", 3, 0, &err);
    mn_text_writer_field(w, NULL, 0, 1, &err);
    mn_text_writer_field(w, "", 0, 0, &err);
    mn_text_writer_end_row(w, &err);
    CHECK(mn_text_writer_finish(w, &err) == 0);
    CHECK(mn_fs_read_file(tpath("w_exact"), &data, &len, 0, &err) == 0);
    CHECK_STR(data, "a\\\001b\001\\N\001\n");
    free(data);

    /* abort leaves nothing; neither does finish */
    w = mn_text_writer_open(tpath("w_abort"), &f, &err);
    mn_text_writer_field(w, "x", 1, 0, &err);
    CHECK(count_temp_files() == 1);
    mn_text_writer_abort(w);
    CHECK(!mn_fs_exists(tpath("w_abort")));
    CHECK(count_temp_files() == 0);
    mn_text_writer_abort(NULL);

    /* a large file through the buffer */
    w = mn_text_writer_open(tpath("w_big"), &f, &err);
    char val[3000];
    memset(val, 'v', sizeof val);
    for (int i = 0; i < 2000; i++) {
        mn_text_writer_field(w, val, (size_t)(i % 3000), 0, &err);
        mn_text_writer_field(w, val, 5, 0, &err);
        mn_text_writer_end_row(w, &err);
    }
    CHECK(mn_text_writer_finish(w, &err) == 0);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int proj[] = {1};
    CHECK(read_split(tpath("w_big"), &f, 2, proj, 1, 0, INT64_MAX, 128, &sb, &err) == 2000);
    mn_strbuf_free(&sb);

    /* cannot create in a missing directory */
    w = mn_text_writer_open(tpath("nodir/x"), &f, &err);
    CHECK(w == NULL && err.code == MN_ERR_IO);
}

int main(void) {
    snprintf(root, sizeof root, "/tmp/mn_text_XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    test_lazy_simple();
    test_open_csv();
    test_splits();
    test_long_line();
    test_nation();
    test_writer();
    mn_error err;
    mn_fs_remove_tree(root, &err);
    CHECK_DONE();
}
