/* csvdiff.c — compares a CSV query result with an expected CSV answer (TPC-H).
 * Both files have a header line (names compared case-insensitively); rows are
 * compared in order. Fields that both parse as integers must be equal; other
 * numbers may differ by 0.01 absolute or 1% relative (the TPC-H answer rules);
 * everything else (dates, strings) must match exactly.
 * Usage: csvdiff ACTUAL EXPECTED. Exit 0 equal, 1 different, 2 usage/IO error. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_REPORTED 10

typedef struct field {
    char *s;
    size_t n;
} field;

typedef struct row {
    field *f;
    size_t n;
} row;

typedef struct table {
    char *text;
    row *rows; /* rows[0] is the header */
    size_t nrows;
} table;

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "csvdiff: out of memory\n");
        exit(2);
    }
    return q;
}

/* Parses RFC 4180 text in place: quoted fields may hold separators, doubled
 * quotes and line breaks. Field texts point into t->text (unquoted in place). */
static void parse_csv(table *t, size_t len) {
    char *s = t->text;
    size_t i = 0, rcap = 0;
    while (i < len) {
        row r = {NULL, 0};
        size_t fcap = 0;
        for (;;) {
            field f;
            if (i < len && s[i] == '"') {
                size_t out = i;
                i++;
                f.s = s + out;
                for (;;) {
                    if (i >= len) break;
                    if (s[i] == '"') {
                        if (i + 1 < len && s[i + 1] == '"') {
                            s[out++] = '"';
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    s[out++] = s[i++];
                }
                f.n = (size_t)(s + out - f.s);
                while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r') i++; /* junk after quote */
            } else {
                f.s = s + i;
                while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r') i++;
                f.n = (size_t)(s + i - f.s);
            }
            if (r.n == fcap) {
                fcap = fcap ? fcap * 2 : 8;
                r.f = xrealloc(r.f, fcap * sizeof *r.f);
            }
            r.f[r.n++] = f;
            if (i < len && s[i] == ',') {
                i++;
                continue;
            }
            if (i < len && s[i] == '\r') i++;
            if (i < len && s[i] == '\n') i++;
            break;
        }
        if (t->nrows == rcap) {
            rcap = rcap ? rcap * 2 : 64;
            t->rows = xrealloc(t->rows, rcap * sizeof *t->rows);
        }
        t->rows[t->nrows++] = r;
    }
}

static int load(const char *path, table *t) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "csvdiff: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    t->text = xrealloc(NULL, cap);
    for (;;) {
        if (len == cap) t->text = xrealloc(t->text, cap *= 2);
        size_t k = fread(t->text + len, 1, cap - len, f);
        len += k;
        if (k == 0) break;
    }
    fclose(f);
    t->rows = NULL;
    t->nrows = 0;
    parse_csv(t, len);
    return 0;
}

static void table_free(table *t) {
    for (size_t i = 0; i < t->nrows; i++) free(t->rows[i].f);
    free(t->rows);
    free(t->text);
}

/* Parses a whole field as a number; *is_int when it is [+-]digits. */
static int parse_number(const field *f, double *out, int *is_int) {
    char buf[128];
    if (f->n == 0 || f->n >= sizeof buf) return 0;
    memcpy(buf, f->s, f->n);
    buf[f->n] = '\0';
    if (isspace((unsigned char)buf[0])) return 0;
    char *end;
    errno = 0;
    double d = strtod(buf, &end);
    if (*end != '\0' || end == buf) return 0;
    if (isnan(d) || isinf(d)) return 0; /* compared as text */
    const char *p = buf + (buf[0] == '-' || buf[0] == '+');
    *is_int = *p && strspn(p, "0123456789") == strlen(p);
    *out = d;
    return 1;
}

static int fields_equal(const field *a, const field *b) {
    double x, y;
    int xi, yi;
    if (parse_number(a, &x, &xi) && parse_number(b, &y, &yi)) {
        if (xi && yi) {
            /* exact: compare digits, ignoring a '+' sign and leading zeros */
            const char *p = a->s, *q = b->s;
            size_t n = a->n, m = b->n;
            int neg_p = *p == '-', neg_q = *q == '-';
            if (*p == '-' || *p == '+') p++, n--;
            if (*q == '-' || *q == '+') q++, m--;
            while (n > 1 && *p == '0') p++, n--;
            while (m > 1 && *q == '0') q++, m--;
            if (n == 1 && *p == '0') neg_p = 0;
            if (m == 1 && *q == '0') neg_q = 0;
            return neg_p == neg_q && n == m && memcmp(p, q, n) == 0;
        }
        double d = fabs(x - y);
        return d <= 0.01 || d <= 0.01 * fabs(y);
    }
    return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

static int reported;

static void report(const field *got, const field *want, size_t rowno, const field *col) {
    reported++;
    if (reported > MAX_REPORTED) return;
    printf("row %zu, column %.*s: got '%.*s', expected '%.*s'\n", rowno, (int)col->n, col->s, (int)got->n,
           got->s, (int)want->n, want->s);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "Usage: csvdiff ACTUAL.csv EXPECTED.csv\n");
        return 2;
    }
    table got, want;
    memset(&got, 0, sizeof got);
    memset(&want, 0, sizeof want);
    if (load(argv[1], &got) != 0 || load(argv[2], &want) != 0) {
        table_free(&got);
        table_free(&want);
        return 2;
    }
    int differ = 0;
    if (got.nrows == 0 || want.nrows == 0) {
        printf("%s has no header line\n", got.nrows == 0 ? argv[1] : argv[2]);
        differ = 1;
    } else {
        row *gh = &got.rows[0], *wh = &want.rows[0];
        if (gh->n != wh->n) {
            printf("column count differs: got %zu, expected %zu\n", gh->n, wh->n);
            differ = 1;
        } else {
            for (size_t c = 0; c < gh->n; c++) {
                /* an unnamed expression column is _colN in Trino; the answers (written by another
                 * engine) name it after the expression, e.g. sum(l_quantity) */
                bool unnamed = gh->f[c].n > 4 && strncmp(gh->f[c].s, "_col", 4) == 0 &&
                               memchr(wh->f[c].s, '(', wh->f[c].n) != NULL;
                if (!unnamed &&
                    (gh->f[c].n != wh->f[c].n || strncasecmp(gh->f[c].s, wh->f[c].s, gh->f[c].n) != 0)) {
                    printf("column %zu name differs: got '%.*s', expected '%.*s'\n", c + 1, (int)gh->f[c].n,
                           gh->f[c].s, (int)wh->f[c].n, wh->f[c].s);
                    differ = 1;
                }
            }
        }
        if (got.nrows != want.nrows) {
            printf("row count differs: got %zu, expected %zu\n", got.nrows - 1, want.nrows - 1);
            differ = 1;
        }
        size_t n = got.nrows < want.nrows ? got.nrows : want.nrows;
        for (size_t r = 1; r < n; r++) {
            row *a = &got.rows[r], *b = &want.rows[r];
            if (a->n != b->n) {
                reported++;
                if (reported <= MAX_REPORTED)
                    printf("row %zu: got %zu fields, expected %zu\n", r, a->n, b->n);
                differ = 1;
                continue;
            }
            for (size_t c = 0; c < a->n; c++) {
                if (!fields_equal(&a->f[c], &b->f[c])) {
                    const field *h = c < wh->n ? &wh->f[c] : &b->f[c];
                    report(&a->f[c], &b->f[c], r, h);
                    differ = 1;
                }
            }
        }
        if (reported > MAX_REPORTED) printf("... %d differences in all\n", reported);
    }
    table_free(&got);
    table_free(&want);
    return differ ? 1 : 0;
}
