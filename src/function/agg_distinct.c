/* agg_distinct.c — the DISTINCT wrapper for aggregates (count(DISTINCT x), sum(DISTINCT x),
 * array_agg(DISTINCT x)): each group state holds a hash set of the argument tuples seen
 * (encoded by mn_fn_row_encode; NULL is a value too, as in Trino, and the inner function
 * decides whether it counts); combine merges sets; finalize feeds the set, in batches of
 * vectors, to the inner aggregate and finalizes that. Sets are malloc'd per group and freed
 * by destroy (the caller must call it for every state). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "function/fn_internal.h"

typedef struct {
    uint64_t hash;
    size_t off; /* into data */
    uint32_t len;
} dentry;

typedef struct dset {
    dentry *slots; /* open addressing; len == UINT32_MAX marks empty */
    size_t cap, count;
    char *data;
    size_t data_len, data_cap;
} dset;

typedef struct {
    dset *set;
} dstate;

/* wrapper: this call's own copy of distinct_fn. Callers treat equal fn pointers as the
 * same aggregate function (the binder shares identical calls), so one static wrapper for
 * every inner function would make count(DISTINCT x) and sum(DISTINCT x) look alike. */
typedef struct {
    mn_agg_call inner;
    mn_agg_fn wrapper;
} dbind;

static void dset_free(dset *s) {
    if (!s) return;
    free(s->slots);
    free(s->data);
    free(s);
}

static int dset_grow(dset *s) {
    size_t ncap = s->cap ? s->cap * 2 : 16;
    dentry *n = malloc(ncap * sizeof *n);
    if (!n) return -1;
    for (size_t i = 0; i < ncap; i++) n[i].len = UINT32_MAX;
    for (size_t i = 0; i < s->cap; i++) {
        if (s->slots[i].len == UINT32_MAX) continue;
        size_t j = s->slots[i].hash & (ncap - 1);
        while (n[j].len != UINT32_MAX) j = (j + 1) & (ncap - 1);
        n[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = n;
    s->cap = ncap;
    return 0;
}

/* Inserts key[0..len) unless present. Returns 0, or -1 when out of memory. */
static int dset_insert(dset *s, const char *key, uint32_t len, uint64_t h) {
    if ((s->count + 1) * 4 > s->cap * 3 && dset_grow(s)) return -1;
    size_t j = h & (s->cap - 1);
    while (s->slots[j].len != UINT32_MAX) {
        const dentry *e = &s->slots[j];
        if (e->hash == h && e->len == len && (len == 0 || memcmp(s->data + e->off, key, len) == 0)) return 0;
        j = (j + 1) & (s->cap - 1);
    }
    if (s->data_len + len > s->data_cap) {
        size_t ncap = s->data_cap ? s->data_cap * 2 : 256;
        while (ncap < s->data_len + len) ncap *= 2;
        char *nd = realloc(s->data, ncap);
        if (!nd) return -1;
        s->data = nd;
        s->data_cap = ncap;
    }
    if (len) memcpy(s->data + s->data_len, key, len);
    s->slots[j].hash = h;
    s->slots[j].off = s->data_len;
    s->slots[j].len = len;
    s->data_len += len;
    s->count++;
    return 0;
}

/* ---------- the wrapper's callbacks ---------- */

static void d_init(const mn_agg_call *call, void *state) { ((dstate *)state)->set = NULL; }

static int oom(mn_agg_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

static int d_update(const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states) {
    mn_fn_rowbuf b = {NULL, 0, 0};
    int rc = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        dstate *s = states[i];
        if (!s) continue;
        if (!s->set && !(s->set = calloc(1, sizeof *s->set))) {
            rc = oom(ctx);
            break;
        }
        b.len = 0;
        if (mn_fn_row_encode(&b, args, call->nargs, i) || b.len > UINT32_MAX - 1 ||
            dset_insert(s->set, b.p, (uint32_t)b.len, mn_hash_bytes(b.p, b.len, 0)))
            rc = oom(ctx);
    }
    free(b.p);
    return rc;
}

static int d_combine(const mn_agg_call *call, mn_agg_ctx *ctx, void *dst_, const void *src_) {
    dstate *d = dst_;
    const dstate *s = src_;
    if (!s->set || !s->set->count) return 0;
    if (!d->set && !(d->set = calloc(1, sizeof *d->set))) return oom(ctx);
    for (size_t i = 0; i < s->set->cap; i++) {
        const dentry *e = &s->set->slots[i];
        if (e->len == UINT32_MAX) continue;
        if (dset_insert(d->set, s->set->data + e->off, e->len, e->hash)) return oom(ctx);
    }
    return 0;
}

static int d_finalize(const mn_agg_call *call, mn_agg_ctx *ctx, void *state_, mn_vector *out, int row) {
    const dbind *db = call->bind_data;
    const mn_agg_call *in = &db->inner;
    const mn_agg_fn *fn = in->fn;
    dstate *s = state_;
    _Alignas(16) unsigned char local[256];
    void *ist = fn->state_size <= sizeof local ? (void *)local : mn_arena_alloc(ctx->arena, fn->state_size);
    if (!ist) return oom(ctx);
    fn->init(in, ist);
    int rc = 0;
    size_t n = s->set ? s->set->count : 0;
    if (n > 0) {
        int batch = n < MN_VECTOR_SIZE ? (int)n : MN_VECTOR_SIZE;
        mn_vector vecs[16];
        mn_vector *vp = call->nargs <= 16 ? vecs : calloc((size_t)call->nargs, sizeof *vp);
        mn_vector **argv = calloc((size_t)call->nargs + 1, sizeof *argv);
        void **states = malloc(sizeof(void *) * (size_t)batch);
        if (vp) memset(vp, 0, sizeof *vp * (size_t)call->nargs);
        if (!vp || !argv || !states) rc = oom(ctx);
        for (int k = 0; rc == 0 && k < call->nargs; k++) {
            vp[k].type = call->arg_types[k];
            vp[k].mask = ~0u;
            vp[k].data = malloc(mn_type_size(vp[k].type) * (size_t)batch);
            vp[k].nulls = malloc((size_t)batch);
            argv[k] = &vp[k];
            if (!vp[k].data || !vp[k].nulls) rc = oom(ctx);
        }
        for (int i = 0; rc == 0 && i < batch; i++) states[i] = ist;
        int filled = 0;
        for (size_t j = 0; rc == 0 && j < s->set->cap; j++) {
            const dentry *e = &s->set->slots[j];
            if (e->len == UINT32_MAX) continue;
            mn_fn_row_decode(s->set->data + e->off, vp, call->nargs, filled++);
            if (filled == batch) {
                rc = fn->update(in, ctx, argv, filled, states);
                filled = 0;
            }
        }
        if (rc == 0 && filled > 0) rc = fn->update(in, ctx, argv, filled, states);
        for (int k = 0; vp && k < call->nargs; k++) {
            free(vp[k].data);
            free(vp[k].nulls);
        }
        if (vp != vecs) free(vp);
        free(argv);
        free(states);
    }
    if (rc == 0) rc = fn->finalize(in, ctx, ist, out, row);
    if (fn->destroy) fn->destroy(in, ist);
    return rc;
}

static void d_destroy(const mn_agg_call *call, void *state) {
    dstate *s = state;
    dset_free(s->set);
    s->set = NULL;
}

static const mn_agg_fn distinct_fn = {"distinct", sizeof(dstate), d_init, d_update, d_combine, d_finalize, d_destroy};

const mn_agg_call *mn_fn_agg_distinct_inner(const mn_agg_call *call) {
    return &((const dbind *)call->bind_data)->inner;
}

int mn_fn_agg_make_distinct(mn_arena *arena, mn_agg_call *call, mn_error *err) {
    dbind *db = mn_arena_calloc(arena, sizeof *db);
    if (!db) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    db->inner = *call;
    db->inner.distinct = false;
    db->wrapper = distinct_fn;
    call->fn = &db->wrapper;
    call->bind_data = db;
    call->distinct = true;
    return 0;
}
