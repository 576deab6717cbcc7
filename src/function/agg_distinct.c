/* agg_distinct.c — the DISTINCT wrapper for aggregates (count(DISTINCT x), sum(DISTINCT x),
 * approx_distinct): each group state holds a hash set of the argument tuples seen (rows with
 * a NULL argument are skipped); combine merges sets; finalize feeds the set, in batches of
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

/* ---------- key encoding: per argument, the slot bytes; strings as u32 length + bytes ---------- */

typedef struct {
    char *p;
    size_t len, cap;
} kbuf;

static int kb_put(kbuf *b, const void *src, size_t n) {
    if (b->len + n > b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 64;
        while (ncap < b->len + n) ncap *= 2;
        char *np = realloc(b->p, ncap);
        if (!np) return -1;
        b->p = np;
        b->cap = ncap;
    }
    if (n) memcpy(b->p + b->len, src, n);
    b->len += n;
    return 0;
}

static int encode_row(kbuf *b, mn_vector **args, int nargs, int row) {
    b->len = 0;
    for (int k = 0; k < nargs; k++) {
        const mn_vector *v = args[k];
        size_t sz = mn_type_size(v->type);
        const char *slot = (const char *)v->data + sz * ((uint32_t)row & v->mask);
        switch (v->type.id) {
        case MN_T_VARCHAR:
        case MN_T_CHAR:
        case MN_T_VARBINARY:
        case MN_T_JSON:
        case MN_T_ARRAY:
        case MN_T_MAP:
        case MN_T_ROW: {
            mn_str s = *(const mn_str *)slot;
            if (kb_put(b, &s.len, sizeof s.len) || kb_put(b, s.ptr, s.len)) return -1;
            break;
        }
        case MN_T_DOUBLE: {
            double d = *(const double *)slot;
            if (d == 0) d = 0; /* -0.0 and 0.0 are one value */
            if (isnan(d)) d = NAN;
            if (kb_put(b, &d, sizeof d)) return -1;
            break;
        }
        case MN_T_TIMESTAMP_TZ: { /* the instant: one instant in two zones is one value */
            mn_i128 x;
            memcpy(&x, slot, sizeof x);
            int64_t us = (int64_t)(x >> 16);
            if (kb_put(b, &us, sizeof us)) return -1;
            break;
        }
        case MN_T_REAL: {
            float f = *(const float *)slot;
            if (f == 0) f = 0;
            if (isnan(f)) f = NAN;
            if (kb_put(b, &f, sizeof f)) return -1;
            break;
        }
        default:
            if (kb_put(b, slot, sz)) return -1;
            break;
        }
    }
    return 0;
}

/* ---------- the wrapper's callbacks ---------- */

static void d_init(const mn_agg_call *call, void *state) { ((dstate *)state)->set = NULL; }

static int oom(mn_agg_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

static int d_update(const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states) {
    kbuf b = {NULL, 0, 0};
    int rc = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        dstate *s = states[i];
        if (!s) continue;
        bool has_null = false;
        for (int k = 0; k < call->nargs; k++)
            if (mn_vector_is_null(args[k], i)) has_null = true;
        if (has_null) continue;
        if (!s->set && !(s->set = calloc(1, sizeof *s->set))) {
            rc = oom(ctx);
            break;
        }
        if (encode_row(&b, args, call->nargs, i) || b.len > UINT32_MAX - 1 ||
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

/* Decodes entry e into row `row` of the argument vectors. */
static void decode_row(const char *p, mn_vector *vecs, int nargs, int row) {
    for (int k = 0; k < nargs; k++) {
        mn_vector *v = &vecs[k];
        size_t sz = mn_type_size(v->type);
        char *slot = (char *)v->data + sz * (size_t)row;
        if (mn_type_is_varlen(v->type)) {
            mn_str s;
            memcpy(&s.len, p, sizeof s.len);
            s.ptr = p + sizeof s.len;
            memcpy(slot, &s, sizeof s);
            p += sizeof s.len + s.len;
        } else {
            memcpy(slot, p, sz);
            p += sz;
        }
    }
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
            argv[k] = &vp[k];
            if (!vp[k].data) rc = oom(ctx);
        }
        for (int i = 0; rc == 0 && i < batch; i++) states[i] = ist;
        int filled = 0;
        for (size_t j = 0; rc == 0 && j < s->set->cap; j++) {
            const dentry *e = &s->set->slots[j];
            if (e->len == UINT32_MAX) continue;
            decode_row(s->set->data + e->off, vp, call->nargs, filled++);
            if (filled == batch) {
                rc = fn->update(in, ctx, argv, filled, states);
                filled = 0;
            }
        }
        if (rc == 0 && filled > 0) rc = fn->update(in, ctx, argv, filled, states);
        for (int k = 0; vp && k < call->nargs; k++) free(vp[k].data);
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
