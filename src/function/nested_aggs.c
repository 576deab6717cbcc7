/* nested_aggs.c — aggregates over lists of values: array_agg(x) (every input value, NULLs
 * included, in input order within a worker), map_agg(k, v) (NULL keys skipped, the first
 * value of a duplicate key wins), histogram(x) (count per distinct non-NULL value) and
 * listagg(x, sep) (non-NULL values joined, at most 1 MiB: error or truncation as asked),
 * set_agg/set_union (distinct values), multimap_agg, and the n-value forms min/max(x, n),
 * min_by/max_by(x, y, n) (bounded lists, cut back to n entries as they grow).
 * A state is a growable list of value slots (malloc'd, freed by destroy); strings are
 * copied into ctx->arena on update and again on combine. No input gives NULL. */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "function/nested_fn.h"

#define UPDATE_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states
#define COMBINE_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, void *dst_, const void *src_
#define FINAL_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, void *state_, mn_vector *out, int row

/* A list of n slots of one type (size sz) with null flags. */
typedef struct slist {
    char *slots;
    uint8_t *nulls;
    int64_t n, cap;
} slist;

/* array_agg: one list; map_agg: keys then values (same n); histogram: keys. */
typedef struct nstate {
    slist a, b;
    uint8_t has_null; /* set_agg / set_union: a NULL element was seen */
    uint8_t seen;     /* set_union: a non-NULL array was seen */
    int64_t limit;    /* min/max/min_by/max_by with n: n (0 until the first row) */
} nstate;

static int oom(mn_agg_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

static void zero_init(const mn_agg_call *call, void *state) { memset(state, 0, sizeof(nstate)); }

static void nstate_destroy(const mn_agg_call *call, void *state) {
    nstate *s = state;
    free(s->a.slots);
    free(s->a.nulls);
    free(s->b.slots);
    free(s->b.nulls);
    memset(s, 0, sizeof *s);
}

static int slist_reserve(mn_agg_ctx *ctx, slist *l, size_t sz, int64_t n) {
    if (n <= l->cap) return 0;
    if (n > ((int64_t)1 << 31)) return mn_error_set(ctx->err, MN_ERR_NOT_SUPPORTED, "Too many values for one group");
    int64_t cap = l->cap ? l->cap * 2 : 8;
    while (cap < n) cap *= 2;
    char *ns = realloc(l->slots, sz * (size_t)cap);
    if (!ns) return oom(ctx);
    l->slots = ns;
    uint8_t *nn = realloc(l->nulls, (size_t)cap);
    if (!nn) return oom(ctx);
    l->nulls = nn;
    l->cap = cap;
    return 0;
}

/* Appends a slot (NULL: a NULL value); strings are copied into ctx->arena. */
static int slist_push(mn_agg_ctx *ctx, slist *l, mn_type t, const void *slot) {
    size_t sz = mn_type_size(t);
    if (slist_reserve(ctx, l, sz, l->n + 1)) return -1;
    char *dst = l->slots + sz * (size_t)l->n;
    l->nulls[l->n] = slot == NULL;
    if (!slot) memset(dst, 0, sz);
    else {
        memcpy(dst, slot, sz);
        if (mn_type_is_varlen(t)) {
            mn_str s;
            memcpy(&s, dst, sizeof s);
            char *p = mn_arena_alloc(ctx->arena, s.len ? s.len : 1);
            if (!p) return oom(ctx);
            if (s.len) memcpy(p, s.ptr, s.len);
            s.ptr = p;
            memcpy(dst, &s, sizeof s);
        }
    }
    l->n++;
    return 0;
}

static int slist_append(mn_agg_ctx *ctx, slist *d, const slist *s, mn_type t) {
    size_t sz = mn_type_size(t);
    if (slist_reserve(ctx, d, sz, d->n + s->n)) return -1;
    for (int64_t i = 0; i < s->n; i++)
        if (slist_push(ctx, d, t, s->nulls[i] ? NULL : s->slots + sz * (size_t)i)) return -1;
    return 0;
}

static const void *slist_at(const slist *l, mn_type t, int64_t i) {
    return l->nulls[i] ? NULL : l->slots + mn_type_size(t) * (size_t)i;
}

static const void *arg_slot(const mn_vector *v, int i) {
    return mn_vector_is_null(v, i) || v->type.id == MN_T_UNKNOWN ? NULL : mn_fn_slot(v, i);
}

static int set_null(mn_agg_ctx *ctx, mn_vector *out, int row) {
    mn_vector_set_null(out, row);
    if (!out->nulls) return oom(ctx);
    return 0;
}

static int put_blob(mn_agg_ctx *ctx, mn_vector *out, int row, const mn_strbuf *sb) {
    if (sb->oom) return oom(ctx);
    mn_str s = mn_vector_add_string(out, sb->data ? sb->data : "", sb->len);
    if (!s.ptr) return oom(ctx);
    ((mn_str *)out->data)[row] = s;
    return 0;
}

/* Indices 0..n) sorted by the (non-NULL) slots of l; ties keep input order. */
typedef struct sctx {
    const slist *l;
    mn_type t;
} sctx;

static int slot_cmp(const void *ctx, int64_t x, int64_t y) {
    const sctx *c = ctx;
    return mn_nested_slot_compare(c->t, slist_at(c->l, c->t, x), slist_at(c->l, c->t, y));
}

/* ---------- array_agg ---------- */

static int array_agg_update(UPDATE_ARGS) {
    mn_type t = call->arg_types[0];
    for (int i = 0; i < count; i++) {
        if (!states[i]) continue;
        if (slist_push(ctx, &((nstate *)states[i])->a, t, arg_slot(args[0], i))) return -1;
    }
    return 0;
}

static int array_agg_combine(COMBINE_ARGS) {
    return slist_append(ctx, &((nstate *)dst_)->a, &((const nstate *)src_)->a, call->arg_types[0]);
}

static int array_agg_finalize(FINAL_ARGS) {
    nstate *s = state_;
    mn_type t = call->arg_types[0];
    if (s->a.n == 0) return set_null(ctx, out, row);
    const void **ptrs = malloc(sizeof(void *) * (size_t)s->a.n);
    if (!ptrs) return oom(ctx);
    for (int64_t i = 0; i < s->a.n; i++) ptrs[i] = slist_at(&s->a, t, i);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = mn_nested_encode_array(&sb, t, (int)s->a.n, ptrs, ctx->err);
    if (rc == 0) rc = put_blob(ctx, out, row, &sb);
    mn_strbuf_free(&sb);
    free(ptrs);
    return rc;
}

/* ---------- map_agg ---------- */

static int map_agg_update(UPDATE_ARGS) {
    mn_type kt = call->arg_types[0], vt = call->arg_types[1];
    for (int i = 0; i < count; i++) {
        if (!states[i]) continue;
        const void *k = arg_slot(args[0], i);
        if (!k) continue;
        nstate *s = states[i];
        if (slist_push(ctx, &s->a, kt, k) || slist_push(ctx, &s->b, vt, arg_slot(args[1], i))) return -1;
    }
    return 0;
}

static int map_agg_combine(COMBINE_ARGS) {
    nstate *d = dst_;
    const nstate *s = src_;
    if (slist_append(ctx, &d->a, &s->a, call->arg_types[0])) return -1;
    return slist_append(ctx, &d->b, &s->b, call->arg_types[1]);
}

/* Sorted, de-duplicated entries: keeps the first of equal keys. Fills idx (n entries,
 * returns the count kept). */
static int64_t dedup(const slist *keys, mn_type kt, int64_t *idx, int64_t *tmp) {
    int64_t n = keys->n, m = 0;
    for (int64_t i = 0; i < n; i++) idx[i] = i;
    sctx c = {keys, kt};
    mn_fn_index_sort(idx, tmp, n, slot_cmp, &c);
    for (int64_t i = 0; i < n; i++) {
        if (m > 0 && mn_nested_slot_compare(kt, slist_at(keys, kt, idx[m - 1]), slist_at(keys, kt, idx[i])) == 0)
            continue;
        idx[m++] = idx[i];
    }
    return m;
}

static int map_agg_finalize(FINAL_ARGS) {
    nstate *s = state_;
    mn_type kt = call->arg_types[0], vt = call->arg_types[1];
    if (s->a.n == 0) return set_null(ctx, out, row);
    int64_t n = s->a.n;
    int64_t *idx = malloc(sizeof(int64_t) * (size_t)(2 * n));
    const void **kp = malloc(sizeof(void *) * (size_t)n), **vp = malloc(sizeof(void *) * (size_t)n);
    int rc = -1;
    if (!idx || !kp || !vp) {
        oom(ctx);
        goto done;
    }
    int64_t m = dedup(&s->a, kt, idx, idx + n);
    for (int64_t i = 0; i < m; i++) {
        kp[i] = slist_at(&s->a, kt, idx[i]);
        vp[i] = slist_at(&s->b, vt, idx[i]);
    }
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    rc = mn_nested_encode_map(&sb, call->type, (int)m, kp, vp, ctx->err);
    if (rc == 0) rc = put_blob(ctx, out, row, &sb);
    mn_strbuf_free(&sb);
done:
    free(idx);
    free(kp);
    free(vp);
    return rc;
}

static int bind_map_agg(mn_fn_binding *b, mn_error *err) {
    if (mn_type_make_map(b->args[0]->type, b->args[1]->type, &b->ret))
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Map type is too deeply nested");
    return 0;
}

/* ---------- histogram ---------- */

static int histogram_update(UPDATE_ARGS) {
    mn_type t = call->arg_types[0];
    for (int i = 0; i < count; i++) {
        if (!states[i]) continue;
        const void *k = arg_slot(args[0], i);
        if (k && slist_push(ctx, &((nstate *)states[i])->a, t, k)) return -1;
    }
    return 0;
}

static int histogram_finalize(FINAL_ARGS) {
    nstate *s = state_;
    mn_type kt = call->arg_types[0];
    if (s->a.n == 0) return set_null(ctx, out, row);
    int64_t n = s->a.n;
    int64_t *idx = malloc(sizeof(int64_t) * (size_t)(2 * n)), *cnt = malloc(sizeof(int64_t) * (size_t)n);
    const void **kp = malloc(sizeof(void *) * (size_t)n), **vp = malloc(sizeof(void *) * (size_t)n);
    int rc = -1;
    if (!idx || !cnt || !kp || !vp) {
        oom(ctx);
        goto done;
    }
    for (int64_t i = 0; i < n; i++) idx[i] = i;
    sctx c = {&s->a, kt};
    mn_fn_index_sort(idx, idx + n, n, slot_cmp, &c);
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++) {
        const void *k = slist_at(&s->a, kt, idx[i]);
        if (m > 0 && mn_nested_slot_compare(kt, kp[m - 1], k) == 0) {
            cnt[m - 1]++;
            continue;
        }
        kp[m] = k;
        cnt[m] = 1;
        m++;
    }
    for (int64_t i = 0; i < m; i++) vp[i] = &cnt[i];
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    rc = mn_nested_encode_map(&sb, call->type, (int)m, kp, vp, ctx->err);
    if (rc == 0) rc = put_blob(ctx, out, row, &sb);
    mn_strbuf_free(&sb);
done:
    free(idx);
    free(cnt);
    free(kp);
    free(vp);
    return rc;
}

static int bind_histogram(mn_fn_binding *b, mn_error *err) {
    if (mn_type_make_map(b->args[0]->type, mn_type_make(MN_T_BIGINT), &b->ret))
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Map type is too deeply nested");
    return 0;
}

/* ---------- listagg ---------- */

/* Trino's bound on listagg's result, in bytes. */
#define LISTAGG_MAX_OUTPUT 1048576

typedef struct {
    mn_str sep, filler;
    bool overflow_error, with_count;
} listagg_bind;

static int listagg_update(UPDATE_ARGS) {
    for (int i = 0; i < count; i++) {
        const void *v = states[i] ? arg_slot(args[0], i) : NULL;
        if (v && slist_push(ctx, &((nstate *)states[i])->a, call->arg_types[0], v)) return -1;
    }
    return 0;
}

static int listagg_finalize(FINAL_ARGS) {
    const nstate *s = state_;
    const listagg_bind *lb = call->bind_data;
    if (s->a.n == 0) return set_null(ctx, out, row);
    const mn_str *v = (const mn_str *)s->a.slots;
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int64_t kept = 0;
    size_t len = 0;
    for (; kept < s->a.n; kept++) {
        size_t add = (kept ? lb->sep.len : 0) + v[kept].len;
        if (len + add > LISTAGG_MAX_OUTPUT) break;
        len += add;
    }
    if (kept < s->a.n && lb->overflow_error) {
        mn_strbuf_free(&sb);
        return mn_error_set(ctx->err, MN_ERR_FUNCTION_MEMORY,
                            "Concatenated string has the length in bytes larger than the maximum output length %d",
                            LISTAGG_MAX_OUTPUT);
    }
    for (int64_t i = 0; i < kept; i++) {
        if (i) mn_strbuf_append(&sb, lb->sep.ptr, lb->sep.len);
        mn_strbuf_append(&sb, v[i].ptr, v[i].len);
    }
    if (kept < s->a.n) {
        if (kept) mn_strbuf_append(&sb, lb->sep.ptr, lb->sep.len);
        mn_strbuf_append(&sb, lb->filler.ptr, lb->filler.len);
        if (lb->with_count) mn_strbuf_printf(&sb, "(%lld)", (long long)(s->a.n - kept));
    }
    int rc = put_blob(ctx, out, row, &sb);
    mn_strbuf_free(&sb);
    return rc;
}

/* The separator and overflow arguments must be constants (Trino's grammar takes literals). */
static int bind_listagg(mn_fn_binding *b, mn_error *err) {
    listagg_bind *lb = mn_arena_calloc(b->arena, sizeof *lb);
    if (!lb) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    lb->filler = (mn_str){"...", 3};
    lb->overflow_error = true;
    for (int k = 1; k < b->nargs; k++) {
        const mn_expr *a = b->args[k];
        mn_value v;
        v.is_null = true;
        if (mn_expr_is_const(a) && mn_expr_eval_const(a, b->arena, NULL, &v, err)) return -1;
        if (v.is_null)
            return mn_error_set_pos(err, MN_ERR_SEMANTIC, a->pos.line, a->pos.column,
                                    "listagg %s must be a non-NULL constant", k == 1 ? "separator" : "overflow clause");
        if (k == 1) lb->sep = v.u.s;
        else if (k == 2) lb->overflow_error = v.u.i != 0;
        else if (k == 3) lb->filler = v.u.s;
        else lb->with_count = v.u.i != 0;
    }
    if (lb->filler.len > 65536)
        return mn_error_set_pos(err, MN_ERR_INVALID_ARGUMENT, b->pos.line, b->pos.column,
                                "Overflow filler length %u exceeds maximum length 65536", (unsigned)lb->filler.len);
    b->bind_data = lb;
    return 0;
}

/* ---------- set_agg / set_union ---------- */

static int set_agg_update(UPDATE_ARGS) {
    mn_type t = call->arg_types[0];
    for (int i = 0; i < count; i++) {
        nstate *s = states[i];
        if (!s) continue;
        const void *v = arg_slot(args[0], i);
        if (!v) s->has_null = 1;
        else if (slist_push(ctx, &s->a, t, v)) return -1;
    }
    return 0;
}

static int set_union_update(UPDATE_ARGS) {
    mn_type t = call->arg_types[0], et = mn_type_elem(t);
    for (int i = 0; i < count; i++) {
        nstate *s = states[i];
        const void *v = s ? arg_slot(args[0], i) : NULL;
        if (!v) continue;
        mn_nested_block b;
        if (mn_array_view(t, *(const mn_str *)v, &b))
            return mn_error_set(ctx->err, MN_ERR_CORRUPT, "malformed array value");
        s->seen = 1;
        for (int k = 0; k < b.n; k++) {
            mn_fn_slotbuf e;
            if (mn_block_is_null(&b, k)) {
                s->has_null = 1;
                continue;
            }
            mn_block_get(&b, k, &e);
            if (slist_push(ctx, &s->a, et, &e)) return -1;
        }
    }
    return 0;
}

static int set_combine(COMBINE_ARGS) {
    nstate *d = dst_;
    const nstate *s = src_;
    d->has_null |= s->has_null;
    d->seen |= s->seen;
    return slist_append(ctx, &d->a, &s->a, mn_type_elem(call->type));
}

/* The distinct values in value order, then NULL when one was seen. */
static int set_finalize(FINAL_ARGS) {
    nstate *s = state_;
    mn_type et = mn_type_elem(call->type);
    if (s->a.n == 0 && !s->has_null && !s->seen) return set_null(ctx, out, row);
    int64_t n = s->a.n;
    int64_t *idx = malloc(sizeof(int64_t) * (size_t)(2 * n + 1));
    const void **ptrs = malloc(sizeof(void *) * (size_t)(n + 1));
    int rc = -1;
    if (!idx || !ptrs) {
        oom(ctx);
    } else {
        int64_t m = dedup(&s->a, et, idx, idx + n);
        for (int64_t i = 0; i < m; i++) ptrs[i] = slist_at(&s->a, et, idx[i]);
        if (s->has_null) ptrs[m++] = NULL;
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        rc = mn_nested_encode_array(&sb, et, (int)m, ptrs, ctx->err);
        if (rc == 0) rc = put_blob(ctx, out, row, &sb);
        mn_strbuf_free(&sb);
    }
    free(idx);
    free(ptrs);
    return rc;
}

/* ---------- multimap_agg ---------- */

static int multimap_finalize(FINAL_ARGS) {
    nstate *s = state_;
    mn_type kt = call->arg_types[0], vt = call->arg_types[1];
    if (s->a.n == 0) return set_null(ctx, out, row);
    int64_t n = s->a.n;
    int64_t *idx = malloc(sizeof(int64_t) * (size_t)(2 * n)), *ends = malloc(sizeof(int64_t) * (size_t)(n + 1));
    const void **kp = malloc(sizeof(void *) * (size_t)n), **vp = malloc(sizeof(void *) * (size_t)n);
    mn_str *arrays = malloc(sizeof(mn_str) * (size_t)n);
    const void **ap = malloc(sizeof(void *) * (size_t)n);
    mn_strbuf blobs, sb;
    mn_strbuf_init(&blobs);
    mn_strbuf_init(&sb);
    int rc = -1;
    if (!idx || !ends || !kp || !vp || !arrays || !ap) {
        oom(ctx);
        goto done;
    }
    for (int64_t i = 0; i < n; i++) idx[i] = i;
    sctx c = {&s->a, kt};
    mn_fn_index_sort(idx, idx + n, n, slot_cmp, &c);
    /* runs of equal keys: one array of their values (input order) each */
    int64_t m = 0;
    ends[0] = 0;
    for (int64_t i = 0; i < n;) {
        int64_t j = i;
        int64_t cnt = 0;
        while (j < n && slot_cmp(&c, idx[i], idx[j]) == 0) vp[cnt++] = slist_at(&s->b, vt, idx[j++]);
        kp[m] = slist_at(&s->a, kt, idx[i]);
        if (mn_nested_encode_array(&blobs, vt, (int)cnt, vp, ctx->err)) goto done;
        ends[++m] = (int64_t)blobs.len;
        i = j;
    }
    if (blobs.oom) {
        oom(ctx);
        goto done;
    }
    for (int64_t i = 0; i < m; i++) {
        arrays[i].ptr = blobs.data + ends[i];
        arrays[i].len = (uint32_t)(ends[i + 1] - ends[i]);
        ap[i] = &arrays[i];
    }
    rc = mn_nested_encode_map(&sb, call->type, (int)m, kp, ap, ctx->err);
    if (rc == 0) rc = put_blob(ctx, out, row, &sb);
done:
    mn_strbuf_free(&blobs);
    mn_strbuf_free(&sb);
    free(idx);
    free(ends);
    free(kp);
    free(vp);
    free(arrays);
    free(ap);
    return rc;
}

static int bind_multimap_agg(mn_fn_binding *b, mn_error *err) {
    mn_type at;
    if (mn_type_make_array(b->args[1]->type, &at) || mn_type_make_map(b->args[0]->type, at, &b->ret))
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Map type is too deeply nested");
    return 0;
}

/* ---------- min/max(x, n), min_by/max_by(x, y, n) ---------- */

/* The first `limit` entries by key (a), ascending for min/min_by, descending for max/max_by;
 * b holds the x values of min_by/max_by. Lists are cut back to `limit` entries whenever they
 * reach twice that, so memory stays bounded. */
#define TOPN_MAX 10000

typedef struct {
    sctx c;
    int sign;
} tctx;

static int topn_cmp(const void *ctx, int64_t x, int64_t y) {
    const tctx *t = ctx;
    return t->sign * slot_cmp(&t->c, x, y);
}

static bool topn_is_by(const mn_agg_call *call) { return call->nargs == 3; }
static int topn_sign(const mn_agg_call *call) { return call->fn->name[1] == 'a' ? -1 : 1; } /* max* */

/* Sorts the entries; returns the sorted indices (n of them, malloc'd) or NULL. */
static int64_t *topn_sorted(const mn_agg_call *call, const nstate *s) {
    int64_t n = s->a.n;
    int64_t *idx = malloc(sizeof(int64_t) * (size_t)(2 * n + 1));
    if (!idx) return NULL;
    for (int64_t i = 0; i < n; i++) idx[i] = i;
    tctx t = {{&s->a, call->arg_types[topn_is_by(call) ? 1 : 0]}, topn_sign(call)};
    mn_fn_index_sort(idx, idx + n, n, topn_cmp, &t);
    return idx;
}

static int topn_compact(const mn_agg_call *call, mn_agg_ctx *ctx, nstate *s) {
    bool by = topn_is_by(call);
    mn_type kt = call->arg_types[by ? 1 : 0], xt = call->arg_types[0];
    int64_t *idx = topn_sorted(call, s);
    if (!idx) return oom(ctx);
    nstate k;
    memset(&k, 0, sizeof k);
    int rc = 0;
    for (int64_t i = 0; i < s->limit && i < s->a.n && rc == 0; i++) {
        rc = slist_push(ctx, &k.a, kt, slist_at(&s->a, kt, idx[i]));
        if (rc == 0 && by) rc = slist_push(ctx, &k.b, xt, slist_at(&s->b, xt, idx[i]));
    }
    free(idx);
    if (rc) {
        nstate_destroy(call, &k);
        return -1;
    }
    int64_t limit = s->limit;
    nstate_destroy(call, s);
    s->a = k.a;
    s->b = k.b;
    s->limit = limit;
    return 0;
}

static int topn_add(const mn_agg_call *call, mn_agg_ctx *ctx, nstate *s, const void *key, const void *x) {
    bool by = topn_is_by(call);
    if (slist_push(ctx, &s->a, call->arg_types[by ? 1 : 0], key)) return -1;
    if (by && slist_push(ctx, &s->b, call->arg_types[0], x)) return -1;
    return s->a.n >= 2 * s->limit ? topn_compact(call, ctx, s) : 0;
}

static int topn_update(UPDATE_ARGS) {
    bool by = topn_is_by(call);
    const mn_vector *nv = args[call->nargs - 1];
    for (int i = 0; i < count; i++) {
        nstate *s = states[i];
        if (!s) continue;
        const void *key = arg_slot(args[by ? 1 : 0], i);
        if (!key) continue;
        if (!s->limit) {
            const char *which = by ? "third" : "second";
            if (mn_vector_is_null(nv, i) || MN_SLOT(nv, int64_t, i) <= 0)
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "%s argument of %s must be a positive integer",
                                    which, call->fn->name);
            if (MN_SLOT(nv, int64_t, i) > TOPN_MAX)
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                    "%s argument of %s must be less than or equal to %d", which, call->fn->name,
                                    TOPN_MAX);
            s->limit = MN_SLOT(nv, int64_t, i);
        }
        if (topn_add(call, ctx, s, key, by ? arg_slot(args[0], i) : NULL)) return -1;
    }
    return 0;
}

static int topn_combine(COMBINE_ARGS) {
    nstate *d = dst_;
    const nstate *s = src_;
    bool by = topn_is_by(call);
    mn_type kt = call->arg_types[by ? 1 : 0], xt = call->arg_types[0];
    if (!d->limit) d->limit = s->limit;
    for (int64_t i = 0; i < s->a.n; i++)
        if (topn_add(call, ctx, d, slist_at(&s->a, kt, i), by ? slist_at(&s->b, xt, i) : NULL)) return -1;
    return 0;
}

static int topn_finalize(FINAL_ARGS) {
    nstate *s = state_;
    bool by = topn_is_by(call);
    if (s->a.n == 0) return set_null(ctx, out, row);
    const slist *l = by ? &s->b : &s->a;
    mn_type et = call->arg_types[0];
    int64_t *idx = topn_sorted(call, s);
    int64_t m = s->a.n < s->limit ? s->a.n : s->limit;
    const void **ptrs = malloc(sizeof(void *) * (size_t)(m + 1));
    int rc = -1;
    if (!idx || !ptrs) {
        oom(ctx);
    } else {
        for (int64_t i = 0; i < m; i++) ptrs[i] = slist_at(l, et, idx[i]);
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        rc = mn_nested_encode_array(&sb, et, (int)m, ptrs, ctx->err);
        if (rc == 0) rc = put_blob(ctx, out, row, &sb);
        mn_strbuf_free(&sb);
    }
    free(idx);
    free(ptrs);
    return rc;
}

static int bind_array_of_first(mn_fn_binding *b, mn_error *err) {
    if (mn_type_make_array(b->args[0]->type, &b->ret))
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Array type is too deeply nested");
    return 0;
}

static const mn_agg_fn array_agg_fn = {"array_agg", sizeof(nstate), zero_init, array_agg_update, array_agg_combine,
                                       array_agg_finalize, nstate_destroy};
static const mn_agg_fn map_agg_fn = {"map_agg", sizeof(nstate), zero_init, map_agg_update, map_agg_combine,
                                     map_agg_finalize, nstate_destroy};
static const mn_agg_fn histogram_fn = {"histogram", sizeof(nstate), zero_init, histogram_update, array_agg_combine,
                                       histogram_finalize, nstate_destroy};

static const mn_agg_fn listagg_fn = {"listagg", sizeof(nstate), zero_init, listagg_update, array_agg_combine,
                                     listagg_finalize, nstate_destroy};

static const mn_agg_fn set_agg_fn = {"set_agg", sizeof(nstate), zero_init, set_agg_update, set_combine, set_finalize,
                                     nstate_destroy};
static const mn_agg_fn set_union_fn = {"set_union", sizeof(nstate), zero_init, set_union_update, set_combine,
                                       set_finalize, nstate_destroy};
static const mn_agg_fn multimap_agg_fn = {"multimap_agg", sizeof(nstate), zero_init, map_agg_update, map_agg_combine,
                                          multimap_finalize, nstate_destroy};
/* one struct per name: the binder shares calls with equal fn pointers and arguments */
#define TOPN_FN(NAME) {NAME, sizeof(nstate), zero_init, topn_update, topn_combine, topn_finalize, nstate_destroy}
static const mn_agg_fn min_n_fn = TOPN_FN("min"), max_n_fn = TOPN_FN("max");
static const mn_agg_fn min_by_n_fn = TOPN_FN("min_by"), max_by_n_fn = TOPN_FN("max_by");

const mn_fn_entry mn_fn_nested_agg_table[] = {
    {"array_agg", "T", "array(T)", NULL, NULL, "Every input value (NULLs included) as an array", 0, &array_agg_fn},
    {"map_agg", "K,V", "map(K,V)", NULL, bind_map_agg, "Map of the key/value pairs (NULL keys skipped; first value wins)",
     0, &map_agg_fn},
    {"histogram", "T", "map(T,bigint)", NULL, bind_histogram, "Count of each distinct non-NULL value", 0,
     &histogram_fn},
    {"listagg", "varchar", "varchar", NULL, bind_listagg, "Non-NULL values concatenated (in WITHIN GROUP order)", 0,
     &listagg_fn},
    {"listagg", "varchar,varchar", "varchar", NULL, bind_listagg, "Non-NULL values joined by a constant separator", 0,
     &listagg_fn},
    {"listagg", "varchar,varchar,boolean,varchar,boolean", "varchar", NULL, bind_listagg,
     "listagg(x, sep ON OVERFLOW ERROR | TRUNCATE filler WITH|WITHOUT COUNT): at most 1048576 bytes", 0, &listagg_fn},
    {"set_agg", "T", "array(T)", NULL, NULL, "The distinct input values (one NULL when any) as an array", 0,
     &set_agg_fn},
    {"set_union", "array(T)", "array(T)", NULL, NULL, "The distinct elements of all the input arrays", 0,
     &set_union_fn},
    {"multimap_agg", "K,V", "map(K,array(V))", NULL, bind_multimap_agg,
     "Map from each key to the array of its values (NULL keys skipped)", 0, &multimap_agg_fn},
    {"min", "T,bigint", "array(T)", NULL, NULL, "The n smallest non-NULL values, ascending", 0, &min_n_fn},
    {"max", "T,bigint", "array(T)", NULL, NULL, "The n largest non-NULL values, descending", 0, &max_n_fn},
    {"min_by", "any,any,bigint", "=array(x)", NULL, bind_array_of_first,
     "Values of x at the n smallest y, by ascending y", 0, &min_by_n_fn},
    {"max_by", "any,any,bigint", "=array(x)", NULL, bind_array_of_first,
     "Values of x at the n largest y, by descending y", 0, &max_by_n_fn},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
