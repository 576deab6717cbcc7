/* arena.h — region allocator: many small allocations freed in one go (AST, plans,
 * per-query objects, string heaps of vectors). Not thread-safe: one owner at a time.
 * Allocation failure is reported by returning NULL; callers turn it into an error. */
#ifndef MN_COMMON_ARENA_H
#define MN_COMMON_ARENA_H

#include <stddef.h>

typedef struct mn_arena_block mn_arena_block;

typedef struct mn_arena {
    mn_arena_block *head;  /* current block; older blocks chained behind it */
    size_t block_size;     /* default size of new blocks */
    size_t total;          /* bytes held in blocks, for memory accounting */
} mn_arena;

void mn_arena_init(mn_arena *a, size_t block_size); /* 0: default 64 KiB */
void *mn_arena_alloc(mn_arena *a, size_t n);        /* 16-byte aligned; NULL when out of memory */
void *mn_arena_calloc(mn_arena *a, size_t n);
char *mn_arena_strndup(mn_arena *a, const char *s, size_t n); /* NUL-terminated copy */
char *mn_arena_strdup(mn_arena *a, const char *s);
char *mn_arena_sprintf(mn_arena *a, const char *fmt, ...);
void mn_arena_reset(mn_arena *a);   /* frees all blocks; the arena stays usable */
/* Forgets every allocation but keeps one block for reuse (cheap per-chunk reset). */
void mn_arena_rewind(mn_arena *a);
void mn_arena_destroy(mn_arena *a); /* same as reset */

#endif
