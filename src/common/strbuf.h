/* strbuf.h — a growable byte buffer for building text (messages, output, SQL). */
#ifndef MN_COMMON_STRBUF_H
#define MN_COMMON_STRBUF_H

#include <stddef.h>

typedef struct mn_strbuf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    int oom;    /* sticky: set when an append failed for lack of memory */
} mn_strbuf;

void mn_strbuf_init(mn_strbuf *b);
void mn_strbuf_free(mn_strbuf *b);
void mn_strbuf_clear(mn_strbuf *b);
int mn_strbuf_append(mn_strbuf *b, const char *s, size_t n);
int mn_strbuf_puts(mn_strbuf *b, const char *s);
int mn_strbuf_putc(mn_strbuf *b, char c);
int mn_strbuf_printf(mn_strbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Takes ownership of the buffer (caller frees); b is left empty. */
char *mn_strbuf_detach(mn_strbuf *b, size_t *len);

#endif
