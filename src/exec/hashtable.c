/* hashtable.c — allocation and growth of the open-addressing table (lookups are inline
 * in hashtable.h). Load factor stays at most 1/2 so probe sequences stay short. */
#include "exec/hashtable.h"

#include <stdlib.h>

#include "common/error.h"

#define MIN_CAPACITY 16

static int alloc_entries(mn_hashtable *ht, uint64_t cap, mn_error *err) {
    if (cap > (UINT64_C(1) << 58)) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "hash table too large");
    mn_ht_entry *e = calloc((size_t)cap, sizeof *e);
    if (!e) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory allocating a hash table");
    ht->entries = e;
    ht->mask = cap - 1;
    ht->grow_at = (int64_t)(cap / 2);
    return 0;
}

static uint64_t capacity_for(int64_t n) {
    uint64_t cap = MIN_CAPACITY;
    while ((int64_t)(cap / 2) < n && cap < (UINT64_C(1) << 59)) cap <<= 1;
    return cap;
}

int mn_ht_init(mn_hashtable *ht, int64_t expected, mn_error *err) {
    ht->entries = NULL;
    ht->mask = 0;
    ht->count = 0;
    ht->grow_at = 0;
    return alloc_entries(ht, capacity_for(expected < 0 ? 0 : expected), err);
}

void mn_ht_destroy(mn_hashtable *ht) {
    free(ht->entries);
    ht->entries = NULL;
    ht->mask = 0;
    ht->count = 0;
    ht->grow_at = 0;
}

int mn_ht_reserve(mn_hashtable *ht, int64_t n, mn_error *err) {
    if (n < 0) n = 0;
    int64_t want = ht->count + n;
    if (ht->entries && want <= ht->grow_at) return 0;
    uint64_t cap = capacity_for(want);
    mn_ht_entry *old = ht->entries;
    uint64_t oldcap = mn_ht_capacity(ht);
    if (old && cap <= oldcap) return 0;
    if (alloc_entries(ht, cap, err)) {
        ht->entries = old; /* unchanged on failure */
        return -1;
    }
    for (uint64_t i = 0; i < oldcap; i++) {
        if (!old[i].value) continue;
        uint64_t j = old[i].hash & ht->mask;
        while (ht->entries[j].value) j = (j + 1) & ht->mask;
        ht->entries[j] = old[i];
    }
    free(old);
    return 0;
}

int mn_ht_insert(mn_hashtable *ht, uint64_t h, void *value, mn_error *err) {
    if (mn_ht_prepare_insert(ht, err)) return -1;
    uint64_t i = h & ht->mask;
    while (ht->entries[i].value) i = (i + 1) & ht->mask;
    mn_ht_fill(ht, &ht->entries[i], h, value);
    return 0;
}
