/* hashtable.h — open-addressing (linear probing) hash table from a 64-bit hash to a
 * non-NULL pointer, used by hash aggregation (hash -> group row) and hash join (hash ->
 * chain of build rows). Keys are not stored: the caller's equality callback compares its
 * key with the value; the full hash is kept per entry so that callback runs only when all
 * 64 bits agree. Lookups are static inline so that a constant callback is inlined.
 * Not thread-safe for writes; concurrent read-only lookups are fine. */
#ifndef MN_EXEC_HASHTABLE_H
#define MN_EXEC_HASHTABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "minerva.h"

typedef struct mn_ht_entry {
    uint64_t hash;
    void *value; /* NULL = empty slot */
} mn_ht_entry;

typedef struct mn_hashtable {
    mn_ht_entry *entries; /* mask + 1 entries (a power of two) */
    uint64_t mask;
    int64_t count;   /* occupied entries */
    int64_t grow_at; /* count at which mn_ht_prepare_insert doubles the table */
} mn_hashtable;

/* Returns true when the caller's key equals the key of `value`. */
typedef bool (*mn_ht_eq_fn)(void *ctx, const void *value);

/* Bytes of the entry array. */
static inline int64_t mn_ht_bytes(const mn_hashtable *ht) {
    return ht->entries ? (int64_t)(ht->mask + 1) * (int64_t)sizeof(mn_ht_entry) : 0;
}

/* Sizes the table for `expected` entries (0: a small default). */
int mn_ht_init(mn_hashtable *ht, int64_t expected, mn_error *err);
void mn_ht_destroy(mn_hashtable *ht);
/* Doubles the table until it holds `n` more entries under the load limit (re-placing
 * entries by their stored hash; no callback involved). */
int mn_ht_reserve(mn_hashtable *ht, int64_t n, mn_error *err);

/* Must be called before an mn_ht_find_slot whose empty result may be filled: makes room
 * for one more entry. */
static inline int mn_ht_prepare_insert(mn_hashtable *ht, mn_error *err) {
    if (ht->count < ht->grow_at) return 0;
    return mn_ht_reserve(ht, 1, err);
}

/* The entry holding hash h whose value eq() accepts, or NULL. */
static inline mn_ht_entry *mn_ht_find(const mn_hashtable *ht, uint64_t h, mn_ht_eq_fn eq, void *ctx) {
    uint64_t i = h & ht->mask;
    for (;;) {
        mn_ht_entry *e = &ht->entries[i];
        if (!e->value) return NULL;
        if (e->hash == h && eq(ctx, e->value)) return e;
        i = (i + 1) & ht->mask;
    }
}

/* The matching entry, or else the empty entry where the key belongs (value == NULL). An
 * empty result must be filled with mn_ht_fill before any other change to the table, and
 * mn_ht_prepare_insert must have been called first. */
static inline mn_ht_entry *mn_ht_find_slot(const mn_hashtable *ht, uint64_t h, mn_ht_eq_fn eq, void *ctx) {
    uint64_t i = h & ht->mask;
    for (;;) {
        mn_ht_entry *e = &ht->entries[i];
        if (!e->value || (e->hash == h && eq(ctx, e->value))) return e;
        i = (i + 1) & ht->mask;
    }
}

static inline void mn_ht_fill(mn_hashtable *ht, mn_ht_entry *e, uint64_t h, void *value) {
    e->hash = h;
    e->value = value;
    ht->count++;
}

/* Inserts without looking for an equal key (duplicates allowed); value must be non-NULL. */
int mn_ht_insert(mn_hashtable *ht, uint64_t h, void *value, mn_error *err);

/* Iteration: entries[0..mn_ht_capacity) with a non-NULL value. */
static inline uint64_t mn_ht_capacity(const mn_hashtable *ht) { return ht->entries ? ht->mask + 1 : 0; }

#endif
