/* strbuf.c — growable text buffer with a sticky out-of-memory flag. */
#include "common/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mn_strbuf_init(mn_strbuf *b) { memset(b, 0, sizeof *b); }
void mn_strbuf_free(mn_strbuf *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}
void mn_strbuf_clear(mn_strbuf *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

static int reserve(mn_strbuf *b, size_t extra) {
    if (b->oom) return -1;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int mn_strbuf_append(mn_strbuf *b, const char *s, size_t n) {
    if (reserve(b, n)) return -1;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}
int mn_strbuf_puts(mn_strbuf *b, const char *s) { return mn_strbuf_append(b, s, strlen(s)); }
int mn_strbuf_putc(mn_strbuf *b, char c) { return mn_strbuf_append(b, &c, 1); }

int mn_strbuf_printf(mn_strbuf *b, const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n)) {
        va_end(ap2);
        return -1;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return 0;
}

char *mn_strbuf_detach(mn_strbuf *b, size_t *len) {
    if (reserve(b, 0)) return NULL;
    char *p = b->data;
    if (len) *len = b->len;
    memset(b, 0, sizeof *b);
    return p;
}
