/* text_writer.c — writes delimited text (LazySimpleSerDe or OpenCSVSerde) to a new file,
 * atomically: rows go to a temp file beside the target, which finish() fsyncs and renames.
 * Output is buffered in 1 MiB blocks; values are escaped or quoted so the reader gets them back. */
#include "format/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/fs.h"

#define WRITE_BLOCK ((size_t)1 << 20)

struct mn_text_writer {
    int fd;
    char *path; /* final name */
    char *tmp;  /* temp file being written */
    mn_text_format fmt;
    char *null_fmt; /* copy of fmt.null_format, or NULL */
    char *buf;
    size_t len, cap;
    int64_t bytes;
    int nfield; /* fields written in the current row */
};

static int flush(mn_text_writer *w, mn_error *err) {
    if (w->len == 0) return 0;
    if (mn_fs_write_all(w->fd, w->buf, w->len, w->tmp, err) != 0) return -1;
    w->len = 0;
    return 0;
}

static int put(mn_text_writer *w, const char *s, size_t n, mn_error *err) {
    if (n == 0) return 0;
    w->bytes += (int64_t)n;
    if (w->len + n > w->cap) {
        if (flush(w, err) != 0) return -1;
        if (n > w->cap) return mn_fs_write_all(w->fd, s, n, w->tmp, err);
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    return 0;
}

static int putc1(mn_text_writer *w, char c, mn_error *err) {
    if (w->len == w->cap && flush(w, err) != 0) return -1;
    w->buf[w->len++] = c;
    w->bytes++;
    return 0;
}

mn_text_writer *mn_text_writer_open(const char *path, const mn_text_format *fmt, mn_error *err) {
    mn_text_writer *w = calloc(1, sizeof *w);
    if (!w) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory");
        return NULL;
    }
    w->fd = -1;
    w->fmt = *fmt;
    w->fmt.null_format = NULL;
    if (!w->fmt.line_delim) w->fmt.line_delim = '\n';
    w->path = strdup(path);
    w->tmp = mn_fs_temp_name(path);
    w->cap = WRITE_BLOCK;
    w->buf = malloc(w->cap);
    if (fmt->null_format) w->null_fmt = strdup(fmt->null_format);
    if (!w->path || !w->tmp || !w->buf || (fmt->null_format && !w->null_fmt)) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "Out of memory");
        free(w->tmp); /* not created: abort must not unlink it */
        w->tmp = NULL;
        mn_text_writer_abort(w);
        return NULL;
    }
    w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (w->fd < 0) {
        mn_error_set(err, MN_ERR_IO, "Cannot create '%s': %s", w->tmp, strerror(errno));
        free(w->tmp);
        w->tmp = NULL;
        mn_text_writer_abort(w);
        return NULL;
    }
    return w;
}

/* Writes s with escape_char before every byte that would otherwise be read as structure. */
static int put_escaped(mn_text_writer *w, const char *s, size_t n, mn_error *err) {
    char esc = w->fmt.escape_char, delim = w->fmt.field_delim, ld = w->fmt.line_delim;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == delim || c == esc || c == ld || c == '\n' || c == '\r') {
            if (put(w, s + run, i - run, err) != 0 || putc1(w, esc, err) != 0) return -1;
            run = i;
        }
    }
    return put(w, s + run, n - run, err);
}

static int put_quoted(mn_text_writer *w, const char *s, size_t n, mn_error *err) {
    char q = w->fmt.quote_char, esc = w->fmt.escape_char;
    if (putc1(w, q, err) != 0) return -1;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == q || (esc && c == esc)) {
            /* the special byte is written twice: "" for a quote, escape+escape for an escape */
            if (put(w, s + run, i - run, err) != 0 || putc1(w, c == q ? q : esc, err) != 0) return -1;
            run = i;
        }
    }
    if (put(w, s + run, n - run, err) != 0) return -1;
    return putc1(w, q, err);
}

int mn_text_writer_field(mn_text_writer *w, const char *s, size_t n, int is_null, mn_error *err) {
    if (!s) {
        s = "";
        n = 0;
    }
    if (w->nfield > 0 && putc1(w, w->fmt.field_delim, err) != 0) return -1;
    w->nfield++;
    if (w->fmt.kind == MN_TEXT_LAZY_SIMPLE) {
        if (is_null) return w->null_fmt ? put(w, w->null_fmt, strlen(w->null_fmt), err) : 0;
        if (w->fmt.escape_char) return put_escaped(w, s, n, err);
        return put(w, s, n, err);
    }
    if (is_null) return 0;
    if (w->fmt.quote_char) return put_quoted(w, s, n, err);
    if (w->fmt.escape_char) return put_escaped(w, s, n, err);
    return put(w, s, n, err);
}

int mn_text_writer_end_row(mn_text_writer *w, mn_error *err) {
    w->nfield = 0;
    return putc1(w, w->fmt.line_delim, err);
}

int64_t mn_text_writer_bytes(const mn_text_writer *w) { return w->bytes; }

int mn_text_writer_finish(mn_text_writer *w, mn_error *err) {
    int rc = flush(w, err);
    if (rc == 0 && fsync(w->fd) != 0) rc = mn_error_set(err, MN_ERR_IO, "Error syncing '%s': %s", w->tmp, strerror(errno));
    int fd = w->fd;
    w->fd = -1;
    if (close(fd) != 0 && rc == 0) rc = mn_error_set(err, MN_ERR_IO, "Error closing '%s': %s", w->tmp, strerror(errno));
    if (rc == 0) rc = mn_fs_sync_rename(w->tmp, w->path, err);
    if (rc != 0) {
        mn_text_writer_abort(w);
        return -1;
    }
    free(w->path);
    free(w->tmp);
    free(w->null_fmt);
    free(w->buf);
    free(w);
    return 0;
}

void mn_text_writer_abort(mn_text_writer *w) {
    if (!w) return;
    if (w->fd >= 0) close(w->fd);
    if (w->tmp) unlink(w->tmp);
    free(w->path);
    free(w->tmp);
    free(w->null_fmt);
    free(w->buf);
    free(w);
}
