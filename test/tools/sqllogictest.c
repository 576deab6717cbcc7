/* sqllogictest.c — runs sqllogictest files (the SQLite format described in
 * about.wiki, plus a few DuckDB-style extras) against libminerva through the public
 * API. Each file gets a fresh temporary home unless --home is given. A record
 * (statement or query) is the unit counted as passed, failed or skipped.
 *
 * Extras beyond the original format: `statement error <text>` or `statement error` followed by `----`
 * and a substring expected in "CODE: line L:C: message"; query results may be
 * written one value per line or one row per line with tab-separated values;
 * `mode skip` / `mode unskip`; `require X` skips the rest of the file. */
#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "md5.h"
#include "minerva.h"

/* ---- small helpers ---- */

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "sqllogictest: out of memory\n");
        exit(2); /* a test tool, not the library: dying is the right answer here */
    }
    return q;
}

static char *xstrndup(const char *s, size_t n) {
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void sv_push(strvec *sv, char *s) {
    if (sv->n == sv->cap) {
        sv->cap = sv->cap ? sv->cap * 2 : 16;
        sv->v = xrealloc(sv->v, sv->cap * sizeof *sv->v);
    }
    sv->v[sv->n++] = s;
}

static void sv_clear(strvec *sv) {
    for (size_t i = 0; i < sv->n; i++) free(sv->v[i]);
    sv->n = 0;
}

static void sv_free(strvec *sv) {
    sv_clear(sv);
    free(sv->v);
    memset(sv, 0, sizeof *sv);
}

/* ---- options and counters ---- */

typedef struct options {
    strvec engines; /* database names this run answers to in skipif/onlyif */
    int verbose;
    int max_failures; /* 0: unlimited */
    const char *home;
    int threads;
} options;

typedef struct counts {
    long passed, failed, skipped;
} counts;

static long total_failed;

static int is_engine(const options *o, const char *name) {
    for (size_t i = 0; i < o->engines.n; i++)
        if (strcmp(o->engines.v[i], name) == 0) return 1;
    return 0;
}

/* ---- rendering values the sqllogictest way ---- */

/* %.3f the way SQLite's printf does it: at most 16 significant digits, then zeros
 * (the reference results were produced that way). */
static void format_real(char *buf, size_t cap, double d) {
    if (d != d || d - d != 0 || (d < 1e15 && d > -1e15)) {
        snprintf(buf, cap, "%.3f", d);
        return;
    }
    char e[40];
    snprintf(e, sizeof e, "%.15e", d); /* [-]D.DDDDDDDDDDDDDDDe+XX */
    const char *p = e;
    size_t o = 0;
    if (*p == '-') buf[o++] = *p++;
    char digits[17];
    size_t nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9' && nd < 16) digits[nd++] = *p;
    int exp10 = *p == 'e' ? atoi(p + 1) : 0;
    for (int i = 0; i <= exp10 && o + 6 < cap; i++) buf[o++] = (size_t)i < nd ? digits[i] : '0';
    snprintf(buf + o, cap - o, ".000");
}

/* Renders one value for a column of type t ('I', 'R', else text); kind is the
 * result column's kind ('b' boolean). Returns malloc'd text. */
static char *render_value(const char *v, size_t len, char t, char kind) {
    char buf[64];
    if (!v) return xstrndup("NULL", 4);
    if (t == 'I' || t == 'R') {
        char *s = xstrndup(v, len);
        double d;
        if (kind == 'b' && strcmp(s, "true") == 0) {
            d = 1;
        } else if (kind == 'b' && strcmp(s, "false") == 0) {
            d = 0;
        } else {
            if (t == 'I') {
                /* plain integers keep every digit (values wider than 64 bits included) */
                const char *p = s + (*s == '-' || *s == '+');
                size_t k = strspn(p, "0123456789");
                if (k > 0 && p[k] == '\0') {
                    long long ll;
                    char *end;
                    errno = 0;
                    ll = strtoll(s, &end, 10);
                    if (errno == 0) {
                        snprintf(buf, sizeof buf, "%lld", ll);
                        free(s);
                        return xstrndup(buf, strlen(buf));
                    }
                    return s;
                }
            }
            char *end;
            d = strtod(s, &end);
            if (end == s) d = 0; /* non-numeric text: 0, as SQLite's driver would give */
        }
        free(s);
        if (t == 'I') {
            if (d != d || d >= 9.2e18 || d <= -9.2e18)
                snprintf(buf, sizeof buf, "%.0f", d);
            else
                snprintf(buf, sizeof buf, "%lld", (long long)d); /* integer part */
        } else {
            format_real(buf, sizeof buf, d);
        }
        return xstrndup(buf, strlen(buf));
    }
    if (len == 0) return xstrndup("(empty)", 7);
    char *s = xstrndup(v, len);
    /* control characters become '@'; bytes >= 0x80 (UTF-8) pass through */
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7F) s[i] = '@';
    return s;
}

/* ---- sorting ---- */

static size_t sort_ncol;

static int cmp_value(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int cmp_row(const void *a, const void *b) {
    char *const *x = a, *const *y = b;
    for (size_t i = 0; i < sort_ncol; i++) {
        int c = strcmp(x[i], y[i]);
        if (c) return c;
    }
    return 0;
}

/* Sorts n values grouped in rows of ncol ("rowsort") or one by one ("valuesort"). */
static void sort_values(char **v, size_t n, size_t ncol, const char *mode) {
    if (n == 0) return;
    if (strcmp(mode, "valuesort") == 0) {
        qsort(v, n, sizeof *v, cmp_value);
    } else if (strcmp(mode, "rowsort") == 0 && ncol > 0 && n % ncol == 0) {
        /* rows are ncol consecutive pointers: sort blocks of them */
        sort_ncol = ncol;
        qsort(v, n / ncol, ncol * sizeof *v, cmp_row);
    }
}

static void hash_values(char **v, size_t n, char hex[33]) {
    md5_ctx c;
    md5_init(&c);
    for (size_t i = 0; i < n; i++) {
        md5_update(&c, v[i], strlen(v[i]));
        md5_update(&c, "\n", 1);
    }
    md5_hex(&c, hex);
}

/* ---- labels: "query I rowsort label-x" results must agree with each other ---- */

typedef struct label {
    char *name;
    char hash[33];
    struct label *next;
} label;

static void labels_free(label *l) {
    while (l) {
        label *n = l->next;
        free(l->name);
        free(l);
        l = n;
    }
}

/* ---- one file ---- */

typedef struct runner {
    const options *opt;
    const char *path;
    mn_session *session;
    counts c;
    int hash_threshold;
    int skip_mode;
    label *labels;
} runner;

static void print_lines(const char *title, char **v, size_t n) {
    fprintf(stdout, "  %s (%zu value%s):\n", title, n, n == 1 ? "" : "s");
    size_t shown = n > 60 ? 60 : n;
    for (size_t i = 0; i < shown; i++) fprintf(stdout, "    %s\n", v[i]);
    if (shown < n) fprintf(stdout, "    ... %zu more\n", n - shown);
}

static void report_failure(runner *r, int line, const char *sql, const char *why) {
    fprintf(stdout, "%s:%d: FAILED: %s\n", r->path, line, why);
    fprintf(stdout, "  SQL: %s\n", sql);
}

static void error_text(const mn_error *err, char *buf, size_t cap) {
    char msg[MN_ERROR_MESSAGE_MAX + 64];
    mn_error_format(err, msg, sizeof msg);
    snprintf(buf, cap, "%s: %s", mn_error_code_name(err->code), msg);
}

/* Runs sql; a `statement ok` record may hold several ';'-separated statements,
 * run in order until one fails. */
static int execute_all(runner *r, const char *sql, int split, mn_error *err) {
    size_t len = strlen(sql), off = 0;
    if (!split) {
        mn_result *res = NULL;
        int rc = mn_execute(r->session, sql, len, &res, err);
        if (res) mn_result_free(res);
        return rc;
    }
    while (off < len) {
        int complete = 0, blank = 0;
        size_t n = mn_statement_end(sql + off, len - off, &complete, &blank);
        if (n == 0 || n > len - off) n = len - off;
        if (!blank) {
            mn_result *res = NULL;
            int rc = mn_execute(r->session, sql + off, n, &res, err);
            if (res) mn_result_free(res);
            if (rc != 0) return rc;
        }
        off += n;
    }
    return 0;
}

static int run_statement(runner *r, int line, const char *sql, int expect_error, const char *expect_msg) {
    mn_error err;
    memset(&err, 0, sizeof err);
    int rc = execute_all(r, sql, !expect_error, &err);
    char text[MN_ERROR_MESSAGE_MAX + 128];
    if (rc != 0) error_text(&err, text, sizeof text);
    if (!expect_error && rc != 0) {
        report_failure(r, line, sql, "statement failed");
        fprintf(stdout, "  error: %s\n", text);
        return -1;
    }
    if (expect_error && rc == 0) {
        report_failure(r, line, sql, "statement succeeded but an error was expected");
        return -1;
    }
    if (expect_error && expect_msg && *expect_msg && !strstr(text, expect_msg)) {
        report_failure(r, line, sql, "wrong error message");
        fprintf(stdout, "  expected a message containing: %s\n  got: %s\n", expect_msg, text);
        return -1;
    }
    return 0;
}

/* Parses "N values hashing to HEX". */
static int parse_hash_line(const char *s, long *n, char hex[33]) {
    char h[40];
    long k;
    if (sscanf(s, "%ld values hashing to %39s", &k, h) != 2 || strlen(h) != 32) return 0;
    *n = k;
    memcpy(hex, h, 33);
    return 1;
}

static int run_query(runner *r, int line, const char *sql, const char *types, const char *sortmode,
                     const char *labelname, strvec *expected) {
    mn_result *res = NULL;
    mn_error err;
    memset(&err, 0, sizeof err);
    if (mn_execute(r->session, sql, strlen(sql), &res, &err) != 0) {
        char text[MN_ERROR_MESSAGE_MAX + 128];
        error_text(&err, text, sizeof text);
        report_failure(r, line, sql, "query failed");
        fprintf(stdout, "  error: %s\n", text);
        return -1;
    }
    size_t ncol = (size_t)(mn_result_has_rows(res) ? mn_result_column_count(res) : 0);
    int64_t nrows = mn_result_has_rows(res) ? mn_result_row_count(res) : 0;
    if (ncol != strlen(types)) {
        char why[128];
        snprintf(why, sizeof why, "expected %zu column%s, got %zu", strlen(types), strlen(types) == 1 ? "" : "s",
                 ncol);
        report_failure(r, line, sql, why);
        mn_result_free(res);
        return -1;
    }
    strvec got = {0};
    char *kinds = xrealloc(NULL, ncol + 1);
    for (size_t c = 0; c < ncol; c++) kinds[c] = mn_result_column_kind(res, (int)c);
    for (int64_t row = 0; row < nrows; row++) {
        for (size_t c = 0; c < ncol; c++) {
            size_t len = 0;
            const char *v = mn_result_value(res, row, (int)c, &len);
            sv_push(&got, render_value(v, len, types[c], kinds[c]));
        }
    }
    free(kinds);
    mn_result_free(res);
    sort_values(got.v, got.n, ncol, sortmode);
    char got_hash[33];
    hash_values(got.v, got.n, got_hash);

    int ok = 1;
    long want_n;
    char want_hash[33];
    if (expected->n == 1 && parse_hash_line(expected->v[0], &want_n, want_hash)) {
        if ((size_t)want_n != got.n || strcmp(want_hash, got_hash) != 0) {
            report_failure(r, line, sql, "result hash differs");
            fprintf(stdout, "  expected: %s\n  got: %zu values hashing to %s\n", expected->v[0], got.n, got_hash);
            print_lines("actual", got.v, got.n);
            ok = 0;
        }
    } else {
        /* expected values: one per line, or one row per line with tab-separated values */
        strvec want = {0};
        if (expected->n != got.n && ncol > 1) {
            for (size_t i = 0; i < expected->n; i++) {
                const char *p = expected->v[i];
                for (;;) {
                    const char *tab = strchr(p, '\t');
                    size_t k = tab ? (size_t)(tab - p) : strlen(p);
                    sv_push(&want, xstrndup(p, k));
                    if (!tab) break;
                    p = tab + 1;
                }
            }
        } else {
            for (size_t i = 0; i < expected->n; i++) sv_push(&want, xstrndup(expected->v[i], strlen(expected->v[i])));
        }
        sort_values(want.v, want.n, ncol, sortmode);
        int same = want.n == got.n;
        for (size_t i = 0; same && i < want.n; i++) same = strcmp(want.v[i], got.v[i]) == 0;
        if (!same) {
            report_failure(r, line, sql, "wrong result");
            size_t i = 0;
            while (i < want.n && i < got.n && strcmp(want.v[i], got.v[i]) == 0) i++;
            fprintf(stdout, "  first difference at value %zu\n", i + 1);
            print_lines("expected", want.v, want.n);
            print_lines("actual", got.v, got.n);
            ok = 0;
        }
        sv_free(&want);
    }
    if (ok && labelname) {
        label *l = r->labels;
        while (l && strcmp(l->name, labelname) != 0) l = l->next;
        if (!l) {
            l = xrealloc(NULL, sizeof *l);
            l->name = xstrndup(labelname, strlen(labelname));
            memcpy(l->hash, got_hash, 33);
            l->next = r->labels;
            r->labels = l;
        } else if (strcmp(l->hash, got_hash) != 0) {
            report_failure(r, line, sql, "result differs from an earlier query with the same label");
            fprintf(stdout, "  label %s: earlier hash %s, this query %s\n", labelname, l->hash, got_hash);
            ok = 0;
        }
    }
    sv_free(&got);
    return ok ? 0 : -1;
}

/* Splits a line into at most max whitespace-separated words (in place). */
static int split_words(char *s, char **w, int max) {
    int n = 0;
    while (*s && n < max) {
        while (*s == ' ' || *s == '\t') s++;
        if (!*s) break;
        w[n++] = s;
        while (*s && *s != ' ' && *s != '\t') s++;
        if (*s) *s++ = '\0';
    }
    return n;
}

static char *join_lines(char **lines, size_t from, size_t to) {
    size_t n = 0;
    for (size_t i = from; i < to; i++) n += strlen(lines[i]) + 1;
    char *s = xrealloc(NULL, n + 1), *p = s;
    for (size_t i = from; i < to; i++) {
        size_t k = strlen(lines[i]);
        memcpy(p, lines[i], k);
        p += k;
        if (i + 1 < to) *p++ = '\n';
    }
    *p = '\0';
    return s;
}

static int record_failed(runner *r) {
    r->c.failed++;
    total_failed++;
    return r->opt->max_failures > 0 && total_failed >= r->opt->max_failures;
}

/* Runs one record: lines[0..n) with comments already removed; lineno[i] is each
 * line's number in the file. Returns 1 to stop the file (halt, require,
 * failure limit), 0 to go on. */
static int run_record(runner *r, char **lines, int *lineno, size_t n) {
    const options *o = r->opt;
    size_t i = 0;
    int skip = 0, have_onlyif = 0, onlyif_match = 0;
    char *w[8];
    /* conditionals prefix the record */
    while (i < n) {
        char tmp[256];
        snprintf(tmp, sizeof tmp, "%s", lines[i]);
        int k = split_words(tmp, w, 3);
        if (k >= 2 && strcmp(w[0], "skipif") == 0) {
            if (is_engine(o, w[1])) skip = 1;
        } else if (k >= 2 && strcmp(w[0], "onlyif") == 0) {
            have_onlyif = 1;
            if (is_engine(o, w[1])) onlyif_match = 1;
        } else {
            break;
        }
        i++;
    }
    if (have_onlyif && !onlyif_match) skip = 1;
    if (i >= n) return 0;

    char *head = xstrndup(lines[i], strlen(lines[i]));
    int line = lineno[i];
    int k = split_words(head, w, 8);
    int stop = 0;
    if (k == 0) {
        free(head);
        return 0;
    }
    if (strcmp(w[0], "halt") == 0) {
        stop = !skip;
    } else if (strcmp(w[0], "hash-threshold") == 0) {
        if (!skip && k >= 2) r->hash_threshold = atoi(w[1]);
    } else if (strcmp(w[0], "mode") == 0) {
        if (k >= 2 && strcmp(w[1], "skip") == 0) r->skip_mode = 1;
        if (k >= 2 && strcmp(w[1], "unskip") == 0) r->skip_mode = 0;
    } else if (strcmp(w[0], "require") == 0) {
        if (!skip) {
            fprintf(stdout, "%s:%d: skipping the rest of the file: require %s\n", r->path, line, k >= 2 ? w[1] : "");
            stop = 1;
        }
    } else if (strcmp(w[0], "statement") == 0 || strcmp(w[0], "query") == 0) {
        int is_query = strcmp(w[0], "query") == 0;
        size_t sep = i + 1;
        while (sep < n && strcmp(lines[sep], "----") != 0) sep++;
        char *sql = join_lines(lines, i + 1, sep);
        if (skip || r->skip_mode) {
            r->c.skipped++;
        } else if (o->verbose) {
            fprintf(stdout, "%s:%d: %s\n", r->path, line, lines[i]);
        }
        if (skip || r->skip_mode) {
            /* nothing to run */
        } else if (!is_query) {
            int expect_error = k >= 2 && strcmp(w[1], "error") == 0;
            if (k < 2 || (!expect_error && strcmp(w[1], "ok") != 0)) {
                report_failure(r, line, sql, "unknown statement mode (want 'ok' or 'error')");
                stop = record_failed(r);
            } else {
                char *msg = sep < n ? join_lines(lines, sep + 1, n) : NULL;
                if (!msg && expect_error) {
                    /* `statement error <text>`: the text after "error" must appear in the message */
                    const char *after = strstr(lines[i], "error") + 5;
                    while (*after == ' ' || *after == '\t') after++;
                    if (*after) msg = strdup(after);
                }
                if (run_statement(r, line, sql, expect_error, msg) == 0)
                    r->c.passed++;
                else
                    stop = record_failed(r);
                free(msg);
            }
        } else {
            const char *types = k >= 2 ? w[1] : "";
            const char *sortmode = "nosort";
            const char *labelname = NULL;
            if (k >= 3) {
                if (strcmp(w[2], "nosort") == 0 || strcmp(w[2], "rowsort") == 0 || strcmp(w[2], "valuesort") == 0)
                    sortmode = w[2];
                else
                    labelname = w[2];
            }
            if (k >= 4 && !labelname) labelname = w[3];
            strvec expected = {0};
            for (size_t j = sep + 1; j < n; j++) sv_push(&expected, xstrndup(lines[j], strlen(lines[j])));
            if (!*types) {
                report_failure(r, line, sql, "query record without a type string");
                stop = record_failed(r);
            } else if (run_query(r, line, sql, types, sortmode, labelname, &expected) == 0) {
                r->c.passed++;
            } else {
                stop = record_failed(r);
            }
            sv_free(&expected);
        }
        free(sql);
    } else if (!skip) {
        char why[300];
        snprintf(why, sizeof why, "unknown record type '%s'", w[0]);
        report_failure(r, line, lines[i], why);
        stop = record_failed(r);
    }
    free(head);
    return stop;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        if (n == cap) buf = xrealloc(buf, cap *= 2);
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static int run_file(const options *o, const char *path, counts *total) {
    size_t len;
    char *text = read_all(path, &len);
    if (!text) {
        fprintf(stdout, "%s: cannot read: %s\n", path, strerror(errno));
        total->failed++;
        total_failed++;
        return -1;
    }
    char tmpl[4096];
    const char *home = o->home;
    if (!home) {
        const char *tmp = getenv("TMPDIR");
        snprintf(tmpl, sizeof tmpl, "%s/minerva-slt-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(tmpl)) {
            fprintf(stdout, "%s: cannot create a temporary home: %s\n", path, strerror(errno));
            free(text);
            total->failed++;
            total_failed++;
            return -1;
        }
        home = tmpl;
    }
    runner r;
    memset(&r, 0, sizeof r);
    r.opt = o;
    r.path = path;
    mn_error err;
    memset(&err, 0, sizeof err);
    mn_config cfg = {home, o->threads};
    mn_db *db = mn_db_open(&cfg, &err);
    mn_session *s = db ? mn_session_open(db, &err) : NULL;
    if (!s) {
        char msg[MN_ERROR_MESSAGE_MAX + 64];
        fprintf(stdout, "%s: cannot open a session: %s\n", path, mn_error_format(&err, msg, sizeof msg));
        r.c.failed++;
        total_failed++;
    } else {
        r.session = s;
        /* split into lines; records are runs of non-blank lines, '#' lines dropped */
        strvec lines = {0};
        int *lineno = NULL;
        size_t lcap = 0;
        size_t pos = 0;
        int ln = 0, stop = 0;
        while (!stop && pos <= len) {
            size_t e = pos;
            while (e < len && text[e] != '\n') e++;
            ln++;
            size_t k = e - pos;
            if (k > 0 && text[pos + k - 1] == '\r') k--;
            int at_end = e >= len;
            int blank = 1;
            for (size_t j = 0; j < k; j++)
                if (text[pos + j] != ' ' && text[pos + j] != '\t') blank = 0;
            if (!blank && text[pos] != '#') {
                if (lines.n == lcap) {
                    lcap = lcap ? lcap * 2 : 64;
                    lineno = xrealloc(lineno, lcap * sizeof *lineno);
                }
                lineno[lines.n] = ln;
                sv_push(&lines, xstrndup(text + pos, k));
            }
            if ((blank || at_end) && lines.n > 0) {
                stop = run_record(&r, lines.v, lineno, lines.n);
                sv_clear(&lines);
            }
            if (at_end) break;
            pos = e + 1;
        }
        sv_free(&lines);
        free(lineno);
        mn_session_close(s);
    }
    if (db) mn_db_close(db);
    labels_free(r.labels);
    if (!o->home) nftw(home, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(text);
    fprintf(stdout, "%s: %ld passed, %ld failed, %ld skipped\n", path, r.c.passed, r.c.failed, r.c.skipped);
    fflush(stdout);
    total->passed += r.c.passed;
    total->failed += r.c.failed;
    total->skipped += r.c.skipped;
    return r.c.failed ? -1 : 0;
}

static void usage(FILE *out) {
    fputs("Usage: sqllogictest [--engine-names a,b] [--verbose] [--stop-on-failure] [--max-failures N]\n"
          "                    [--home DIR] [--threads N] file...\n"
          "Runs sqllogictest files against libminerva. Records marked `skipif NAME` are skipped\n"
          "and `onlyif NAME` run when NAME is one of the engine names (default: minerva,postgresql).\n"
          "Each file runs in a fresh temporary home unless --home is given.\n",
          out);
}

int main(int argc, char **argv) {
    options o;
    memset(&o, 0, sizeof o);
    const char *engines = "minerva,postgresql";
    strvec files = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--engine-names") == 0 && i + 1 < argc) {
            engines = argv[++i];
        } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            o.verbose = 1;
        } else if (strcmp(a, "--stop-on-failure") == 0) {
            o.max_failures = 1;
        } else if (strcmp(a, "--max-failures") == 0 && i + 1 < argc) {
            o.max_failures = atoi(argv[++i]);
        } else if (strcmp(a, "--home") == 0 && i + 1 < argc) {
            o.home = argv[++i];
        } else if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
            o.threads = atoi(argv[++i]);
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "sqllogictest: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return 2;
        } else {
            sv_push(&files, xstrndup(a, strlen(a)));
        }
    }
    if (files.n == 0) {
        usage(stderr);
        return 2;
    }
    for (const char *p = engines; *p;) {
        size_t k = strcspn(p, ",");
        if (k > 0) sv_push(&o.engines, xstrndup(p, k));
        p += k;
        if (*p == ',') p++;
    }
    counts total = {0, 0, 0};
    for (size_t i = 0; i < files.n; i++) {
        run_file(&o, files.v[i], &total);
        if (o.max_failures > 0 && total_failed >= o.max_failures) {
            fprintf(stdout, "stopping after %ld failure%s\n", total_failed, total_failed == 1 ? "" : "s");
            break;
        }
    }
    if (total.skipped) fprintf(stdout, "%ld skipped\n", total.skipped);
    fprintf(stdout, "%ld passed, %ld failed\n", total.passed, total.failed);
    fflush(stdout); /* before LeakSanitizer's exit-time report, which skips stdio flushing */
    sv_free(&files);
    sv_free(&o.engines);
    return total.failed ? 1 : 0;
}
