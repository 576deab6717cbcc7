/* test_hashtable.c — the open-addressing hash table: many inserts with growth, forced
 * hash collisions resolved by the equality callback, duplicate inserts, iteration. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "exec/hashtable.h"
#include "types/vector.h"

static bool eq_int(void *ctx, const void *value) { return *(const int64_t *)ctx == *(const int64_t *)value; }

static int64_t *find(mn_hashtable *ht, uint64_t h, int64_t key) {
    mn_ht_entry *e = mn_ht_find(ht, h, eq_int, &key);
    return e ? e->value : NULL;
}

/* find-or-insert as the aggregate does it; returns the stored value */
static int64_t *upsert(mn_hashtable *ht, uint64_t h, int64_t *key, mn_error *err, int *created) {
    if (mn_ht_prepare_insert(ht, err)) return NULL;
    mn_ht_entry *e = mn_ht_find_slot(ht, h, eq_int, key);
    *created = 0;
    if (!e->value) {
        mn_ht_fill(ht, e, h, key);
        *created = 1;
    }
    return e->value;
}

int main(void) {
    mn_error err;
    mn_hashtable ht;
    enum { N = 200000 };
    int64_t *keys = malloc(sizeof(int64_t) * N);
    for (int64_t i = 0; i < N; i++) keys[i] = i * 7 + 3;

    /* many inserts from a tiny table: forces repeated growth */
    CHECK(mn_ht_init(&ht, 0, &err) == 0);
    CHECK(mn_ht_capacity(&ht) >= 16);
    int created_all = 1;
    for (int64_t i = 0; i < N; i++) {
        int created;
        int64_t *v = upsert(&ht, mn_hash_u64((uint64_t)keys[i]), &keys[i], &err, &created);
        if (!v || !created || v != &keys[i]) created_all = 0;
    }
    CHECK(created_all);
    CHECK(ht.count == N);
    CHECK(mn_ht_capacity(&ht) >= 2 * (uint64_t)N);
    int found_all = 1;
    for (int64_t i = 0; i < N; i++) {
        int64_t k = keys[i];
        if (find(&ht, mn_hash_u64((uint64_t)k), k) != &keys[i]) found_all = 0;
    }
    CHECK(found_all);
    /* absent keys */
    int absent_ok = 1;
    for (int64_t k = 0; k < 1000; k++) {
        int64_t key = k * 7 + 4;
        if (find(&ht, mn_hash_u64((uint64_t)key), key)) absent_ok = 0;
    }
    CHECK(absent_ok);
    /* re-inserting finds the existing entry */
    int64_t again = keys[12345];
    int created = 1;
    CHECK(upsert(&ht, mn_hash_u64((uint64_t)again), &again, &err, &created) == &keys[12345]);
    CHECK(created == 0);
    CHECK(ht.count == N);
    /* iteration visits every entry once */
    int64_t seen = 0;
    for (uint64_t i = 0; i < mn_ht_capacity(&ht); i++)
        if (ht.entries[i].value) seen++;
    CHECK(seen == N);
    mn_ht_destroy(&ht);

    /* forced collisions: only 5 distinct hashes, equality decides */
    CHECK(mn_ht_init(&ht, 4, &err) == 0);
    for (int64_t i = 0; i < 3000; i++) {
        int c;
        upsert(&ht, (uint64_t)(keys[i] % 5), &keys[i], &err, &c);
    }
    CHECK(ht.count == 3000);
    int coll_ok = 1;
    for (int64_t i = 0; i < 3000; i++)
        if (find(&ht, (uint64_t)(keys[i] % 5), keys[i]) != &keys[i]) coll_ok = 0;
    CHECK(coll_ok);
    int64_t missing = 5;
    CHECK(find(&ht, 0, missing) == NULL);
    mn_ht_destroy(&ht);

    /* same hash bits in the low part, different high bits */
    CHECK(mn_ht_init(&ht, 0, &err) == 0);
    for (int64_t i = 0; i < 100; i++) {
        int c;
        upsert(&ht, ((uint64_t)i << 40) | 1, &keys[i], &err, &c);
    }
    int hi_ok = 1;
    for (int64_t i = 0; i < 100; i++)
        if (find(&ht, ((uint64_t)i << 40) | 1, keys[i]) != &keys[i]) hi_ok = 0;
    CHECK(hi_ok);
    mn_ht_destroy(&ht);

    /* duplicates with mn_ht_insert: both entries present */
    CHECK(mn_ht_init(&ht, 100, &err) == 0);
    uint64_t cap0 = mn_ht_capacity(&ht);
    CHECK(cap0 >= 200);
    for (int i = 0; i < 50; i++) CHECK(mn_ht_insert(&ht, 42, &keys[i % 2], &err) == 0);
    CHECK(ht.count == 50);
    CHECK(mn_ht_capacity(&ht) == cap0); /* pre-sized: no growth */
    int64_t dup = 0;
    for (uint64_t i = 0; i < mn_ht_capacity(&ht); i++)
        if (ht.entries[i].value && ht.entries[i].hash == 42) dup++;
    CHECK(dup == 50);
    /* reserve keeps entries */
    CHECK(mn_ht_reserve(&ht, 100000, &err) == 0);
    CHECK(ht.count == 50);
    CHECK(ht.grow_at >= 100050);
    CHECK(find(&ht, 42, keys[1]) == &keys[1]);
    mn_ht_destroy(&ht);
    mn_ht_destroy(&ht); /* destroying twice is harmless */

    free(keys);
    CHECK_DONE();
}
