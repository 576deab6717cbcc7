/* arena.c — bump allocation in chained blocks; oversized requests get their own block. */
#include "common/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mn_arena_block {
    mn_arena_block *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

void mn_arena_init(mn_arena *a, size_t block_size) {
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->total = 0;
}

void *mn_arena_alloc(mn_arena *a, size_t n) {
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n) return NULL;
    mn_arena_block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t size = need > a->block_size ? need : a->block_size;
        b = malloc(sizeof(mn_arena_block) + size);
        if (!b) return NULL;
        b->size = size;
        b->used = 0;
        a->total += size;
        if (a->head && need > a->block_size) {
            /* keep the current block as head so its free space stays usable */
            b->next = a->head->next;
            a->head->next = b;
            b->used = need;
            return b->data;
        }
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += need;
    return p;
}

void *mn_arena_calloc(mn_arena *a, size_t n) {
    void *p = mn_arena_alloc(a, n);
    if (p) memset(p, 0, n);
    return p;
}

char *mn_arena_strndup(mn_arena *a, const char *s, size_t n) {
    char *p = mn_arena_alloc(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *mn_arena_strdup(mn_arena *a, const char *s) { return mn_arena_strndup(a, s, strlen(s)); }

char *mn_arena_sprintf(mn_arena *a, const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return NULL;
    }
    char *p = mn_arena_alloc(a, (size_t)n + 1);
    if (p) vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void mn_arena_reset(mn_arena *a) {
    mn_arena_block *b = a->head;
    while (b) {
        mn_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
    a->total = 0;
}

void mn_arena_rewind(mn_arena *a) {
    mn_arena_block *b = a->head;
    if (!b) return;
    mn_arena_block *rest = b->next;
    while (rest) {
        mn_arena_block *n = rest->next;
        a->total -= rest->size;
        free(rest);
        rest = n;
    }
    b->next = NULL;
    b->used = 0;
}

void mn_arena_destroy(mn_arena *a) { mn_arena_reset(a); }
