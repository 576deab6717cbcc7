/* text_reader.c — reads a split of a delimited text file (LazySimpleSerDe or OpenCSVSerde)
 * into rows of raw field text. The file is read in large blocks into one buffer; records are
 * found with memchr and fields are resolved in place (unescaping only shrinks), so returned
 * text points into the buffer and nothing is allocated per field. */
#include "format/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/fs.h"

#define READ_BLOCK ((size_t)2 << 20)   /* normal read size */
#define TAIL_BLOCK ((size_t)64 << 10)  /* first read past the split end (finishing one row) */
#define MAX_LINE ((size_t)256 << 20)   /* largest record we accept */

enum { FOUND = 0, NEED_MORE = 1 };

struct mn_text_reader {
    int fd;
    char *path;
    mn_text_format fmt;
    char *null_fmt; /* copy of fmt.null_format (LazySimple only), or NULL */
    size_t null_len;
    int nproj;
    int *proj;     /* copy; entries outside [0, nspan) give NULL */
    int nspan;     /* fields to resolve per row: 1 + largest wanted column */
    mn_str *spans; /* nspan entries, the current row's fields */
    char *buf;     /* buf[0..len) holds file bytes [buf_pos, buf_pos + len) */
    size_t cap, len, off; /* off: start of the next record in buf */
    int64_t buf_pos;
    int64_t start, end; /* the split, end clamped to the file size */
    int eof;            /* nothing left to read after buf_pos + len */
    int synced;         /* the partial first line of a split has been skipped */
    int done;
    int header_left;
    int64_t bytes_read;
    int64_t line_no;    /* 1-based line of the record at off, -1 when unknown */
    int64_t batch_line, batch_off;
};

void mn_text_format_default(mn_text_format *f, mn_text_kind kind) {
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->line_delim = '\n';
    if (kind == MN_TEXT_OPEN_CSV) {
        f->field_delim = ',';
        f->escape_char = '\\';
        f->quote_char = '"';
        f->null_format = NULL;
    } else {
        f->field_delim = '\001';
        f->escape_char = 0;
        f->quote_char = 0;
        f->null_format = "\\N";
    }
}

int mn_text_splittable(const mn_text_format *f) {
    return f->kind == MN_TEXT_LAZY_SIMPLE && f->skip_header_lines <= 1;
}

/* ---- buffer ---- */

static int too_long(mn_text_reader *r, mn_error *err) {
    if (r->line_no > 0)
        return mn_error_set(err, MN_ERR_CORRUPT, "line too long in %s at line %lld", r->path, (long long)r->line_no);
    return mn_error_set(err, MN_ERR_CORRUPT, "line too long in %s at offset %lld", r->path,
                        (long long)(r->buf_pos + (int64_t)r->off));
}

/* Drops buf[0..off), makes room (growing when one record fills the buffer) and reads more.
 * Invalidates every pointer into buf. */
static int fill(mn_text_reader *r, mn_error *err) {
    if (r->off > 0) {
        memmove(r->buf, r->buf + r->off, r->len - r->off);
        r->buf_pos += (int64_t)r->off;
        r->len -= r->off;
        r->off = 0;
    }
    if (r->eof) return 0;
    if (r->len == r->cap) {
        if (r->cap >= MAX_LINE) return too_long(r, err);
        size_t ncap = r->cap * 2;
        if (ncap > MAX_LINE) ncap = MAX_LINE;
        char *nb = realloc(r->buf, ncap);
        if (!nb) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory reading %s", r->path);
        r->buf = nb;
        r->cap = ncap;
    }
    size_t want = r->cap - r->len;
    int64_t at = r->buf_pos + (int64_t)r->len;
    if (at >= r->end) {
        /* only finishing the last row: read modestly, growing with the pending bytes */
        size_t lim = r->len > TAIL_BLOCK ? r->len : TAIL_BLOCK;
        if (want > lim) want = lim;
    }
    size_t got = 0;
    if (mn_fs_read_range(r->fd, r->buf + r->len, want, at, &got, err) != 0) return -1;
    r->bytes_read += (int64_t)got;
    r->len += got;
    if (got < want) r->eof = 1;
    return 0;
}

/* 1 when the byte at buf index i is preceded by an odd run of escape chars within [lo, i). */
static int escaped_in(const char *buf, size_t lo, size_t i, char esc) {
    size_t k = 0;
    while (i > lo && buf[i - 1] == esc) {
        i--;
        k++;
    }
    return (int)(k & 1);
}

/* Like escaped_in for the byte at file offset pos, looking back before the buffer with pread
 * when the run of escapes reaches buf[0]. Used only when finding a split's first row. */
static int escaped_at_file(mn_text_reader *r, size_t i, mn_error *err, int *out) {
    char esc = r->fmt.escape_char;
    size_t k = 0;
    while (i > 0 && r->buf[i - 1] == esc) {
        i--;
        k++;
    }
    if (i == 0) {
        int64_t pos = r->buf_pos;
        char tmp[4096];
        for (;;) {
            if (pos <= 0) break;
            size_t n = pos < (int64_t)sizeof tmp ? (size_t)pos : sizeof tmp;
            size_t got;
            if (mn_fs_read_range(r->fd, tmp, n, pos - (int64_t)n, &got, err) != 0) return -1;
            if (got != n) break; /* file shrank: treat as not escaped further */
            size_t j = n;
            while (j > 0 && tmp[j - 1] == esc) {
                j--;
                k++;
            }
            if (j > 0) break;
            pos -= (int64_t)n;
        }
    }
    *out = (int)(k & 1);
    return 0;
}

/* ---- finding records ---- */

/* LazySimple: the record starting at `from` ends at the first line delimiter not escaped.
 * Sets *re (index of the delimiter, or len at end of file), *next and *lines (physical lines). */
static int find_lazy(mn_text_reader *r, size_t from, size_t *re, size_t *next, int64_t *lines) {
    char ld = r->fmt.line_delim, esc = r->fmt.escape_char;
    size_t p = from;
    int64_t n = 1;
    for (;;) {
        const char *q = memchr(r->buf + p, ld, r->len - p);
        if (!q) {
            if (!r->eof) return NEED_MORE;
            *re = *next = r->len;
            *lines = n;
            return FOUND;
        }
        size_t i = (size_t)(q - r->buf);
        if (esc && i > from && r->buf[i - 1] == esc && escaped_in(r->buf, from, i, esc)) {
            p = i + 1;
            n++;
            continue;
        }
        *re = i;
        *next = i + 1;
        *lines = n;
        return FOUND;
    }
}

/* OpenCSV: a record ends at a line delimiter outside quotes. */
static int find_csv(mn_text_reader *r, size_t from, size_t *re, size_t *next, int64_t *lines) {
    char ld = r->fmt.line_delim, esc = r->fmt.escape_char, quote = r->fmt.quote_char, sep = r->fmt.field_delim;
    const char *buf = r->buf;
    size_t len = r->len;
    /* fast path: the line holds neither quote nor escape characters */
    const char *q = memchr(buf + from, ld, len - from);
    size_t le = q ? (size_t)(q - buf) : len;
    if (!q && !r->eof) return NEED_MORE;
    if ((!quote || !memchr(buf + from, quote, le - from)) && (!esc || !memchr(buf + from, esc, le - from))) {
        *re = le;
        *next = q ? le + 1 : le;
        *lines = 1;
        return FOUND;
    }
    int inq = 0, fstart = 1;
    int64_t n = 1;
    for (size_t p = from; p < len; p++) {
        char c = buf[p];
        if (inq) {
            if (c == quote) {
                if (p + 1 >= len && !r->eof) return NEED_MORE;
                if (p + 1 < len && buf[p + 1] == quote) {
                    p++;
                    continue;
                }
                inq = 0;
            } else if (c == esc && esc) {
                if (p + 1 >= len) {
                    if (!r->eof) return NEED_MORE;
                    continue;
                }
                p++;
                if (buf[p] == ld) n++;
            } else if (c == ld) {
                n++;
            }
            continue;
        }
        if (c == ld) {
            *re = p;
            *next = p + 1;
            *lines = n;
            return FOUND;
        }
        if (fstart && c == quote && quote) {
            inq = 1;
            fstart = 0;
            continue;
        }
        fstart = 0;
        if (c == sep) {
            fstart = 1;
        } else if (c == esc && esc && esc != quote) {
            if (p + 1 >= len) {
                if (!r->eof) return NEED_MORE;
                continue;
            }
            if (buf[p + 1] != ld) p++; /* escape before a line end is dropped; the line ends */
        }
    }
    if (!r->eof) return NEED_MORE;
    *re = *next = len;
    *lines = n;
    return FOUND;
}

/* ---- resolving fields ---- */

static void set_field(mn_text_reader *r, int f, char *s, size_t n, int raw_null_check) {
    if (raw_null_check && r->null_fmt && n == r->null_len && memcmp(s, r->null_fmt, n) == 0) {
        r->spans[f].ptr = NULL;
        r->spans[f].len = 0;
        return;
    }
    r->spans[f].ptr = s;
    r->spans[f].len = (uint32_t)n;
}

/* Splits buf[ls, re) into spans[0..nspan); fields not present are NULL. */
static void parse_lazy(mn_text_reader *r, size_t ls, size_t re) {
    char *buf = r->buf;
    char delim = r->fmt.field_delim, esc = r->fmt.escape_char;
    int f = 0;
    if (re > ls && buf[re - 1] == '\r' && !(esc && escaped_in(buf, ls, re - 1, esc))) re--;
    if (!esc || !memchr(buf + ls, esc, re - ls)) {
        size_t p = ls;
        while (f < r->nspan) {
            const char *q = memchr(buf + p, delim, re - p);
            size_t fe = q ? (size_t)(q - buf) : re;
            set_field(r, f++, buf + p, fe - p, 1);
            if (!q) break;
            p = fe + 1;
        }
    } else {
        size_t p = ls;
        while (f < r->nspan) {
            size_t fs = p;
            while (p < re) {
                char c = buf[p];
                if (c == esc && p + 1 < re) {
                    p += 2;
                    continue;
                }
                if (c == delim) break;
                p++;
            }
            if (r->null_fmt && p - fs == r->null_len && memcmp(buf + fs, r->null_fmt, r->null_len) == 0) {
                set_field(r, f++, buf + fs, p - fs, 1);
            } else {
                size_t w = fs;
                for (size_t i = fs; i < p; i++) {
                    if (buf[i] == esc && i + 1 < p) i++;
                    buf[w++] = buf[i];
                }
                set_field(r, f++, buf + fs, w - fs, 0);
            }
            if (p >= re) break;
            p++; /* the delimiter */
        }
    }
    for (; f < r->nspan; f++) {
        r->spans[f].ptr = NULL;
        r->spans[f].len = 0;
    }
}

static void parse_csv(mn_text_reader *r, size_t ls, size_t re) {
    char *buf = r->buf;
    char esc = r->fmt.escape_char, quote = r->fmt.quote_char, sep = r->fmt.field_delim;
    size_t rp = ls, wp = ls;
    int f = 0;
    while (f < r->nspan) {
        size_t fw = wp;
        if (quote && rp < re && buf[rp] == quote) {
            rp++;
            while (rp < re) {
                char c = buf[rp];
                if (c == quote) {
                    if (rp + 1 < re && buf[rp + 1] == quote) {
                        buf[wp++] = quote;
                        rp += 2;
                        continue;
                    }
                    rp++;
                    break;
                }
                if (esc && c == esc) {
                    if (rp + 1 < re) buf[wp++] = buf[rp + 1];
                    rp += 2;
                    continue;
                }
                buf[wp++] = c;
                rp++;
            }
            if (rp > re) rp = re;
        }
        while (rp < re) {
            char c = buf[rp];
            if (c == sep) break;
            if (c == '\r' && rp + 1 == re) {
                rp++;
                break;
            }
            if (esc && c == esc && esc != quote) {
                if (rp + 1 < re) buf[wp++] = buf[rp + 1];
                rp += 2;
                continue;
            }
            buf[wp++] = c;
            rp++;
        }
        if (rp > re) rp = re;
        r->spans[f].ptr = buf + fw;
        r->spans[f].len = (uint32_t)(wp - fw);
        f++;
        if (rp < re && buf[rp] == sep) {
            rp++;
            continue;
        }
        break;
    }
    for (; f < r->nspan; f++) {
        r->spans[f].ptr = NULL;
        r->spans[f].len = 0;
    }
}

/* ---- split start ---- */

/* Positions off just after the first unescaped line delimiter at or after start-1. */
static int sync_split(mn_text_reader *r, mn_error *err) {
    int lazy_esc = r->fmt.kind == MN_TEXT_LAZY_SIMPLE && r->fmt.escape_char;
    for (;;) {
        const char *q = memchr(r->buf + r->off, r->fmt.line_delim, r->len - r->off);
        if (q) {
            size_t i = (size_t)(q - r->buf);
            r->off = i + 1;
            int maybe_escaped = 0;
            if (lazy_esc) maybe_escaped = i > 0 ? r->buf[i - 1] == r->fmt.escape_char : r->buf_pos > 0;
            if (maybe_escaped) {
                int esc;
                if (escaped_at_file(r, i, err, &esc) != 0) return -1;
                if (esc) continue;
            }
            r->synced = 1;
            return 0;
        }
        r->off = r->len;
        if (r->eof) {
            r->synced = 1;
            r->done = 1;
            return 0;
        }
        if (fill(r, err) != 0) return -1;
    }
}

/* ---- public API ---- */

mn_text_reader *mn_text_reader_open(const char *path, int64_t start, int64_t end, const mn_text_format *fmt,
                                    int ncols_file, const int *proj, int nproj, mn_error *err) {
    if (nproj < 0 || (nproj > 0 && !proj)) {
        mn_error_set(err, MN_ERR_INTERNAL, "Bad projection for %s", path);
        return NULL;
    }
    mn_text_reader *r = calloc(1, sizeof *r);
    if (!r) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory opening %s", path);
        return NULL;
    }
    r->fd = -1;
    r->fmt = *fmt;
    r->fmt.null_format = NULL;
    if (!r->fmt.line_delim) r->fmt.line_delim = '\n';
    r->path = strdup(path);
    if (!r->path) goto oom;
    if (fmt->kind == MN_TEXT_LAZY_SIMPLE && fmt->null_format) {
        r->null_fmt = strdup(fmt->null_format);
        if (!r->null_fmt) goto oom;
        r->null_len = strlen(r->null_fmt);
    }
    r->nproj = nproj;
    r->proj = malloc(sizeof(int) * (size_t)(nproj > 0 ? nproj : 1));
    if (!r->proj) goto oom;
    for (int j = 0; j < nproj; j++) {
        int c = proj[j];
        if (c < 0 || c >= ncols_file) c = -1;
        r->proj[j] = c;
        if (c + 1 > r->nspan) r->nspan = c + 1;
    }
    r->spans = calloc((size_t)(r->nspan > 0 ? r->nspan : 1), sizeof(mn_str));
    if (!r->spans) goto oom;

    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0) {
        if (errno == ENOENT)
            mn_error_set(err, MN_ERR_IO, "File '%s' does not exist", path);
        else
            mn_error_set(err, MN_ERR_IO, "Cannot open '%s': %s", path, strerror(errno));
        goto fail;
    }
    struct stat st;
    if (fstat(r->fd, &st) != 0) {
        mn_error_set(err, MN_ERR_IO, "Cannot stat '%s': %s", path, strerror(errno));
        goto fail;
    }
    int64_t size = (int64_t)st.st_size;
    if (start < 0) start = 0;
    if (end > size) end = size;
    r->start = start;
    r->end = end;
    r->buf_pos = start > 0 ? start - 1 : 0;
    int64_t span = end - r->buf_pos + (int64_t)TAIL_BLOCK;
    r->cap = span < (int64_t)READ_BLOCK ? (size_t)(span < 4096 ? 4096 : span) : READ_BLOCK;
    r->buf = malloc(r->cap);
    if (!r->buf) goto oom;
    if (start >= end) {
        r->done = 1;
        r->synced = 1;
    }
    r->synced = r->synced || start == 0;
    r->line_no = start == 0 ? 1 : -1;
    r->header_left = start == 0 && fmt->skip_header_lines > 0 ? fmt->skip_header_lines : 0;
    r->batch_line = -1;
    r->batch_off = -1;
    return r;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory opening %s", path);
fail:
    mn_text_reader_close(r);
    return NULL;
}

int mn_text_reader_next(mn_text_reader *r, int max_rows, mn_str *fields, int *nrows, mn_error *err) {
    *nrows = 0;
    if (max_rows <= 0) return mn_error_set(err, MN_ERR_INTERNAL, "mn_text_reader_next: max_rows must be positive");
    if (r->done) return 0;
    if (!r->synced && sync_split(r, err) != 0) return -1;
    int lazy = r->fmt.kind == MN_TEXT_LAZY_SIMPLE;
    int rows = 0;
    while (rows < max_rows && !r->done) {
        if (r->buf_pos + (int64_t)r->off >= r->end) {
            r->done = 1;
            break;
        }
        if (r->off >= r->len) {
            if (r->eof) {
                r->done = 1;
                break;
            }
            if (rows > 0) break;
            if (fill(r, err) != 0) return -1;
            continue;
        }
        size_t re, next;
        int64_t lines;
        int rc = lazy ? find_lazy(r, r->off, &re, &next, &lines) : find_csv(r, r->off, &re, &next, &lines);
        if (rc == NEED_MORE) {
            if (rows > 0) break; /* returned rows point into buf: no compaction now */
            if (fill(r, err) != 0) return -1;
            continue;
        }
        if (r->header_left > 0) {
            r->header_left--;
        } else {
            if (rows == 0) {
                r->batch_line = r->line_no;
                r->batch_off = r->buf_pos + (int64_t)r->off;
            }
            if (lazy)
                parse_lazy(r, r->off, re);
            else
                parse_csv(r, r->off, re);
            mn_str *row = r->nproj > 0 ? fields + (size_t)rows * (size_t)r->nproj : NULL;
            for (int j = 0; j < r->nproj; j++) {
                int c = r->proj[j];
                if (c < 0) {
                    row[j].ptr = NULL;
                    row[j].len = 0;
                } else {
                    row[j] = r->spans[c];
                }
            }
            rows++;
        }
        if (r->line_no > 0) r->line_no += lines;
        r->off = next;
    }
    *nrows = rows;
    return 0;
}

int64_t mn_text_reader_bytes_read(const mn_text_reader *r) { return r->bytes_read; }

int64_t mn_text_reader_line(const mn_text_reader *r) { return r->batch_line; }

int64_t mn_text_reader_offset(const mn_text_reader *r) { return r->batch_off; }

void mn_text_reader_close(mn_text_reader *r) {
    if (!r) return;
    if (r->fd >= 0) close(r->fd);
    free(r->path);
    free(r->null_fmt);
    free(r->proj);
    free(r->spans);
    free(r->buf);
    free(r);
}
