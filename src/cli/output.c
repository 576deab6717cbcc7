/* output.c — renders a finished result set as table, csv, tsv, json or markdown.
 * Values arrive as text from mn_result_value; this file only escapes, quotes and
 * aligns them. Output goes through a private 64 kB buffer flushed to the FILE, and
 * one scratch buffer is reused for escaped cells: no malloc or stdio call per value. */
#include "cli/cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct scratch {
    char *p;
    size_t len, cap;
    int oom;
} scratch;

static void sc_reset(scratch *s) { s->len = 0; }

static void sc_put(scratch *s, const char *b, size_t n) {
    if (s->oom) return;
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + n) cap *= 2;
        char *p = realloc(s->p, cap);
        if (!p) {
            s->oom = 1;
            return;
        }
        s->p = p;
        s->cap = cap;
    }
    memcpy(s->p + s->len, b, n);
    s->len += n;
}

static void sc_free(scratch *s) {
    free(s->p);
    memset(s, 0, sizeof *s);
}

int mn_cli_format_parse(const char *name, mn_cli_format *out) {
    static const struct {
        const char *name;
        mn_cli_format fmt;
    } names[] = {{"table", MN_CLI_FORMAT_TABLE}, {"aligned", MN_CLI_FORMAT_TABLE},
                 {"csv", MN_CLI_FORMAT_CSV},     {"tsv", MN_CLI_FORMAT_TSV},
                 {"json", MN_CLI_FORMAT_JSON},   {"markdown", MN_CLI_FORMAT_MARKDOWN}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].fmt;
            return 0;
        }
    }
    return -1;
}

/* ---- a plain output buffer (stdio's per-call locking costs too much per field) ---- */

typedef struct obuf {
    FILE *f;
    size_t len;
    int err;
    char p[1 << 16];
} obuf;

static void ob_flush(obuf *o) {
    if (o->len && fwrite(o->p, 1, o->len, o->f) != o->len) o->err = 1;
    o->len = 0;
}

static void ob_write(obuf *o, const void *s, size_t n) {
    if (o->len + n > sizeof o->p) {
        ob_flush(o);
        if (n > sizeof o->p) {
            if (fwrite(s, 1, n, o->f) != n) o->err = 1;
            return;
        }
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static inline void ob_putc(obuf *o, char c) {
    if (o->len == sizeof o->p) ob_flush(o);
    o->p[o->len++] = c;
}

static void ob_puts(obuf *o, const char *s) { ob_write(o, s, strlen(s)); }

/* ---- display width of UTF-8 text (for aligned columns) ---- */

/* Decodes one UTF-8 sequence at s[0..n); returns its length (>= 1) and the code
 * point in *cp, or length 1 and cp = -1 for an invalid byte. */
static size_t utf8_next(const unsigned char *s, size_t n, int32_t *cp) {
    unsigned char c = s[0];
    size_t need;
    int32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        v = c & 0x07;
    } else {
        *cp = -1;
        return 1;
    }
    if (need > n) {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    /* reject overlong forms, surrogates and values past U+10FFFF */
    if ((need == 3 && v < 0x800) || (need == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return need;
}

static int cp_width(int32_t cp) {
    if (cp < 0) return 1;
    if ((cp >= 0x300 && cp <= 0x36F) || cp == 0x200B || (cp >= 0xFE00 && cp <= 0xFE0F)) return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

static size_t display_width(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t w = 0, i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            w++;
            i++;
            continue;
        }
        int32_t cp;
        i += utf8_next(u + i, n - i, &cp);
        w += (size_t)cp_width(cp);
    }
    return w;
}

/* ---- cells for the aligned formats ---- */

/* Returns the text shown for one cell in table/markdown: control characters as
 * backslash escapes (markdown: '|' escaped and newlines as <br>). The returned
 * pointer is v itself when nothing needed escaping, else sc->p. */
static const char *render_cell(scratch *sc, const char *v, size_t n, int markdown, size_t *out_len) {
    size_t i = 0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c < 0x20 || c == 0x7F || (markdown && (c == '|' || c == '\\'))) break;
    }
    if (i == n) {
        *out_len = n;
        return v;
    }
    sc_reset(sc);
    sc_put(sc, v, i);
    for (; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        char esc[8];
        if (markdown && c == '|') {
            sc_put(sc, "\\|", 2);
        } else if (markdown && c == '\\') {
            sc_put(sc, "\\\\", 2);
        } else if (markdown && c == '\n') {
            sc_put(sc, "<br>", 4);
        } else if (c == '\n') {
            sc_put(sc, "\\n", 2);
        } else if (c == '\t') {
            sc_put(sc, "\\t", 2);
        } else if (c == '\r') {
            sc_put(sc, "\\r", 2);
        } else if (c < 0x20 || c == 0x7F) {
            snprintf(esc, sizeof esc, "\\x%02X", c);
            sc_put(sc, esc, 4);
        } else {
            sc_put(sc, (const char *)&v[i], 1);
        }
    }
    if (sc->oom) { /* keep going with the raw text rather than failing the output */
        *out_len = n;
        return v;
    }
    *out_len = sc->len;
    return sc->p;
}

static void put_spaces(obuf *out, size_t n) {
    static const char spaces[] = "                                                                ";
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        ob_write(out, spaces, k);
        n -= k;
    }
}

static void put_repeat(obuf *out, char c, size_t n) {
    for (size_t i = 0; i < n; i++) ob_putc(out, c);
}

/* Column widths (display cells) over header and every rendered value. */
static size_t *column_widths(const mn_result *r, int ncol, int64_t nrows, scratch *sc, int markdown) {
    size_t *w = calloc((size_t)ncol, sizeof *w);
    if (!w) return NULL;
    for (int c = 0; c < ncol; c++) {
        const char *name = mn_result_column_name(r, c);
        size_t n;
        const char *t = render_cell(sc, name ? name : "", name ? strlen(name) : 0, markdown, &n);
        w[c] = display_width(t, n);
        if (markdown && w[c] < 3) w[c] = 3; /* the "---" under the header */
        for (int64_t row = 0; row < nrows; row++) {
            size_t len = 0;
            const char *v = mn_result_value(r, row, c, &len);
            size_t vw;
            if (!v) {
                vw = 4; /* NULL */
            } else {
                t = render_cell(sc, v, len, markdown, &n);
                vw = display_width(t, n);
            }
            if (vw > w[c]) w[c] = vw;
        }
    }
    return w;
}

static void put_padded(obuf *out, const char *t, size_t n, size_t width, int align) {
    size_t dw = display_width(t, n);
    size_t pad = width > dw ? width - dw : 0;
    size_t left = align > 0 ? pad : align == 0 ? pad / 2 : 0;
    put_spaces(out, left);
    ob_write(out, t, n);
    put_spaces(out, pad - left);
}

static void table_rule(obuf *out, const size_t *w, int ncol) {
    ob_putc(out, '+');
    for (int c = 0; c < ncol; c++) {
        put_repeat(out, '-', w[c] + 2);
        ob_putc(out, '+');
    }
    ob_putc(out, '\n');
}

/* Boxed table: headers centered, numeric columns right-aligned, NULL shown as NULL.
 * markdown: a GitHub table (| a | b |, then |---|--:|). */
static int output_aligned(obuf *out, const mn_result *r, int markdown) {
    int ncol = mn_result_column_count(r);
    int64_t nrows = mn_result_row_count(r);
    scratch sc = {0};
    size_t *w = column_widths(r, ncol, nrows, &sc, markdown);
    if (!w) {
        sc_free(&sc);
        return -1;
    }
    if (!markdown) table_rule(out, w, ncol);
    ob_puts(out, "|");
    for (int c = 0; c < ncol; c++) {
        const char *name = mn_result_column_name(r, c);
        size_t n;
        const char *t = render_cell(&sc, name ? name : "", name ? strlen(name) : 0, markdown, &n);
        ob_putc(out, ' ');
        put_padded(out, t, n, w[c], markdown ? -1 : 0);
        ob_puts(out, " |");
    }
    ob_putc(out, '\n');
    if (markdown) {
        ob_putc(out, '|');
        for (int c = 0; c < ncol; c++) {
            int right = mn_result_column_kind(r, c) == 'n';
            put_repeat(out, '-', w[c] + 2 - (size_t)right);
            if (right) ob_putc(out, ':');
            ob_putc(out, '|');
        }
        ob_putc(out, '\n');
    } else {
        table_rule(out, w, ncol);
    }
    char *right = malloc((size_t)ncol + 1);
    if (!right) {
        free(w);
        sc_free(&sc);
        return -1;
    }
    for (int c = 0; c < ncol; c++) right[c] = mn_result_column_kind(r, c) == 'n';
    for (int64_t row = 0; row < nrows; row++) {
        ob_putc(out, '|');
        for (int c = 0; c < ncol; c++) {
            size_t len = 0, n;
            const char *v = mn_result_value(r, row, c, &len);
            const char *t = v ? render_cell(&sc, v, len, markdown, &n) : "NULL";
            if (!v) n = 4;
            ob_putc(out, ' ');
            put_padded(out, t, n, w[c], right[c] ? 1 : -1);
            ob_puts(out, " |");
        }
        ob_putc(out, '\n');
    }
    if (!markdown && nrows > 0) table_rule(out, w, ncol);
    free(right);
    free(w);
    sc_free(&sc);
    return 0;
}

/* ---- delimited formats ---- */

/* RFC 4180: quote a field only when it holds the separator, a quote, CR or LF;
 * the empty string is written "" so that it differs from NULL (nothing). */
static void put_csv_field(obuf *out, const char *v, size_t n) {
    if (n == 0) {
        ob_puts(out, "\"\"");
        return;
    }
    int quote = 0;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            quote = 1;
            break;
        }
    }
    if (!quote) {
        ob_write(out, v, n);
        return;
    }
    ob_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '"') ob_putc(out, '"');
        ob_putc(out, v[i]);
    }
    ob_putc(out, '"');
}

/* TSV: tab, newline, CR and backslash as backslash sequences; NULL is empty. */
static void put_tsv_field(obuf *out, const char *v, size_t n) {
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *esc = NULL;
        switch (v[i]) {
        case '\t': esc = "\\t"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\\': esc = "\\\\"; break;
        default: break;
        }
        if (esc) {
            ob_write(out, v + start, i - start);
            ob_write(out, esc, 2);
            start = i + 1;
        }
    }
    ob_write(out, v + start, n - start);
}

static int output_delimited(obuf *out, const mn_result *r, int csv) {
    int ncol = mn_result_column_count(r);
    int64_t nrows = mn_result_row_count(r);
    char sep = csv ? ',' : '\t';
    for (int c = 0; c < ncol; c++) {
        const char *name = mn_result_column_name(r, c);
        if (!name) name = "";
        if (c) ob_putc(out, sep);
        if (csv)
            put_csv_field(out, name, strlen(name));
        else
            put_tsv_field(out, name, strlen(name));
    }
    ob_putc(out, '\n');
    for (int64_t row = 0; row < nrows; row++) {
        for (int c = 0; c < ncol; c++) {
            size_t len = 0;
            const char *v = mn_result_value(r, row, c, &len);
            if (c) ob_putc(out, sep);
            if (!v) continue;
            if (csv)
                put_csv_field(out, v, len);
            else
                put_tsv_field(out, v, len);
        }
        ob_putc(out, '\n');
    }
    return 0;
}

/* ---- JSON lines ---- */

/* JSON number grammar (RFC 8259 section 6): -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
static int is_json_number(const char *s, size_t n) {
    size_t i = 0;
    if (i < n && s[i] == '-') i++;
    if (i >= n) return 0;
    if (s[i] == '0') {
        i++;
    } else if (s[i] >= '1' && s[i] <= '9') {
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    } else {
        return 0;
    }
    if (i < n && s[i] == '.') {
        i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == d) return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == d) return 0;
    }
    return i == n;
}

/* A JSON string: valid UTF-8 passes through, invalid bytes become U+FFFD,
 * control characters are escaped. */
static void put_json_string(obuf *out, const char *v, size_t n) {
    const unsigned char *u = (const unsigned char *)v;
    ob_putc(out, '"');
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ob_putc(out, (char)c);
            i++;
            continue;
        }
        if (c >= 0x80) {
            int32_t cp;
            size_t k = utf8_next(u + i, n - i, &cp);
            if (cp < 0)
                ob_puts(out, "\\ufffd");
            else
                ob_write(out, u + i, k);
            i += k;
            continue;
        }
        switch (c) {
        case '"': ob_puts(out, "\\\""); break;
        case '\\': ob_puts(out, "\\\\"); break;
        case '\n': ob_puts(out, "\\n"); break;
        case '\r': ob_puts(out, "\\r"); break;
        case '\t': ob_puts(out, "\\t"); break;
        case '\b': ob_puts(out, "\\b"); break;
        case '\f': ob_puts(out, "\\f"); break;
        default: {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", c);
            ob_write(out, esc, 6);
            break;
        }
        }
        i++;
    }
    ob_putc(out, '"');
}

static int output_json(obuf *out, const mn_result *r) {
    int ncol = mn_result_column_count(r);
    int64_t nrows = mn_result_row_count(r);
    for (int64_t row = 0; row < nrows; row++) {
        ob_putc(out, '{');
        for (int c = 0; c < ncol; c++) {
            const char *name = mn_result_column_name(r, c);
            size_t len = 0;
            const char *v = mn_result_value(r, row, c, &len);
            char kind = mn_result_column_kind(r, c);
            if (c) ob_putc(out, ',');
            put_json_string(out, name ? name : "", name ? strlen(name) : 0);
            ob_putc(out, ':');
            if (!v)
                ob_puts(out, "null");
            else if (kind == 'n' && is_json_number(v, len))
                ob_write(out, v, len); /* NaN, Infinity and odd spellings stay strings */
            else if (kind == 'b' && ((len == 4 && memcmp(v, "true", 4) == 0) ||
                                     (len == 5 && memcmp(v, "false", 5) == 0)))
                ob_write(out, v, len);
            else
                put_json_string(out, v, len);
        }
        ob_puts(out, "}\n");
    }
    return 0;
}

int mn_cli_output_result(FILE *out, const mn_result *r, mn_cli_format fmt) {
    if (!r || !mn_result_has_rows(r) || mn_result_column_count(r) <= 0) return 0;
    obuf *o = malloc(sizeof *o);
    if (!o) return -1;
    o->f = out;
    o->len = 0;
    o->err = 0;
    int rc;
    switch (fmt) {
    case MN_CLI_FORMAT_CSV: rc = output_delimited(o, r, 1); break;
    case MN_CLI_FORMAT_TSV: rc = output_delimited(o, r, 0); break;
    case MN_CLI_FORMAT_JSON: rc = output_json(o, r); break;
    case MN_CLI_FORMAT_MARKDOWN: rc = output_aligned(o, r, 1); break;
    case MN_CLI_FORMAT_TABLE:
    default: rc = output_aligned(o, r, 0); break;
    }
    ob_flush(o);
    if (o->err || ferror(out)) rc = -1;
    free(o);
    return rc;
}

static void format_bytes(char *buf, size_t cap, int64_t b) {
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
    double v = (double)b;
    int u = 0;
    while (v >= 1000.0 && u < 5) {
        v /= 1000.0;
        u++;
    }
    if (u == 0)
        snprintf(buf, cap, "%lld B", (long long)b);
    else
        snprintf(buf, cap, "%.1f %s", v, units[u]);
}

void mn_cli_output_summary(FILE *out, const mn_result *r) {
    char bytes[32];
    int64_t bread = mn_result_bytes_read(r);
    double secs = mn_result_elapsed_seconds(r);
    if (mn_result_has_rows(r)) {
        int64_t n = mn_result_row_count(r);
        fprintf(out, "(%lld row%s, %.3f s", (long long)n, n == 1 ? "" : "s", secs);
    } else if (mn_result_update_count(r) >= 0) {
        int64_t n = mn_result_update_count(r);
        fprintf(out, "(%lld row%s written, %.3f s", (long long)n, n == 1 ? "" : "s", secs);
    } else {
        fprintf(out, "OK (%.3f s", secs);
    }
    if (bread > 0) {
        format_bytes(bytes, sizeof bytes, bread);
        fprintf(out, ", %s read", bytes);
    }
    fputs(")\n", out);
}
