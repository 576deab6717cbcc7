/* sketch_aggs.c — approximate aggregates in bounded memory:
 *   approx_distinct(x [, max_standard_error]) — HyperLogLog over XXH64 hashes of the values'
 *     canonical bytes, with 2^p registers where 2^p = (1.04 / e)^2 rounded up to a power of
 *     two (e = 0.023 by default: 2048 registers, ~2.3% standard error). While a group has
 *     seen few distinct hashes it keeps them exactly (sparse mode), so small counts are exact.
 *   approx_percentile(x [, w], p | array of p) — a merging t-digest (compression 100, k1
 *     scale function): sorted centroids plus a buffer of recent points, merged when the buffer
 *     fills. Quantiles interpolate between centroid centres; while every centroid is a single
 *     point the answer is the nearest-rank input value, so small inputs give exact answers.
 * States are pointers to malloc'd sketches (freed by destroy); merging is deterministic
 * given the order of combines. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "function/nested_fn.h"
#include "types/scalar_text.h"

#define UPDATE_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states
#define COMBINE_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, void *dst_, const void *src_
#define FINAL_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, void *state_, mn_vector *out, int row

static int oom(mn_agg_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

static void ptr_init(const mn_agg_call *call, void *state) { *(void **)state = NULL; }

static int set_null(mn_agg_ctx *ctx, mn_vector *out, int row) {
    mn_vector_set_null(out, row);
    if (!out->nulls) return oom(ctx);
    return 0;
}

/* ---------- HyperLogLog ---------- */

typedef struct {
    int p;              /* registers = 1 << p */
    uint8_t *regs;      /* NULL while sparse */
    uint64_t *set;      /* sparse: open-addressing set of hashes (0 = empty slot) */
    uint32_t n, cap;    /* distinct hashes in set, slots */
} hll;

/* Sparse sets hold up to this many hashes before turning into registers. */
static uint32_t sparse_limit(int p) { return (1u << p) / 4 < 64 ? 64 : (1u << p) / 4; }

static void hll_free(hll *h) {
    if (!h) return;
    free(h->regs);
    free(h->set);
    free(h);
}

static void dense_add(hll *h, uint64_t x) {
    uint32_t idx = (uint32_t)(x >> (64 - h->p));
    uint64_t w = x << h->p;
    uint8_t rank = w ? (uint8_t)(__builtin_clzll(w) + 1) : (uint8_t)(64 - h->p + 1);
    if (rank > h->regs[idx]) h->regs[idx] = rank;
}

static int to_dense(hll *h) {
    h->regs = calloc((size_t)1 << h->p, 1);
    if (!h->regs) return -1;
    for (uint32_t i = 0; i < h->cap; i++)
        if (h->set[i]) dense_add(h, h->set[i]);
    free(h->set);
    h->set = NULL;
    h->n = h->cap = 0;
    return 0;
}

static int sparse_insert(hll *h, uint64_t x) {
    if ((h->n + 1) * 2 > h->cap) {
        uint32_t ncap = h->cap ? h->cap * 2 : 16;
        uint64_t *ns = calloc(ncap, sizeof *ns);
        if (!ns) return -1;
        for (uint32_t i = 0; i < h->cap; i++) {
            if (!h->set[i]) continue;
            uint32_t j = (uint32_t)mn_hash_u64(h->set[i]) & (ncap - 1);
            while (ns[j]) j = (j + 1) & (ncap - 1);
            ns[j] = h->set[i];
        }
        free(h->set);
        h->set = ns;
        h->cap = ncap;
    }
    uint32_t j = (uint32_t)mn_hash_u64(x) & (h->cap - 1);
    while (h->set[j]) {
        if (h->set[j] == x) return 0;
        j = (j + 1) & (h->cap - 1);
    }
    h->set[j] = x;
    h->n++;
    return 0;
}

static int hll_add(hll *h, uint64_t x) {
    if (x == 0) x = 1; /* 0 marks empty sparse slots */
    if (h->regs) {
        dense_add(h, x);
        return 0;
    }
    if (sparse_insert(h, x)) return -1;
    return h->n > sparse_limit(h->p) ? to_dense(h) : 0;
}

static int64_t hll_estimate(const hll *h) {
    if (!h) return 0;
    if (!h->regs) return h->n;
    double m = (double)(1u << h->p), sum = 0;
    int zeros = 0;
    for (uint32_t i = 0; i < (1u << h->p); i++) {
        sum += ldexp(1.0, -h->regs[i]);
        zeros += h->regs[i] == 0;
    }
    double alpha = h->p == 4 ? 0.673 : h->p == 5 ? 0.697 : h->p == 6 ? 0.709 : 0.7213 / (1 + 1.079 / m);
    double e = alpha * m * m / sum;
    if (e <= 2.5 * m && zeros > 0) e = m * log(m / zeros); /* linear counting for small ranges */
    return (int64_t)llround(e);
}

/* bind data: the register count exponent */
typedef struct {
    int p;
} hll_bind;

static hll *hll_get(mn_agg_ctx *ctx, void *state, const mn_agg_call *call) {
    hll **hp = state;
    if (!*hp) {
        *hp = calloc(1, sizeof **hp);
        if (!*hp) return NULL;
        (*hp)->p = ((const hll_bind *)call->bind_data)->p;
    }
    return *hp;
}

static int hll_update(UPDATE_ARGS) {
    mn_fn_rowbuf b = {NULL, 0, 0};
    int rc = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        if (!states[i] || mn_vector_is_null(args[0], i) || args[0]->type.id == MN_T_UNKNOWN) continue;
        hll *h = hll_get(ctx, states[i], call);
        b.len = 0;
        if (!h || mn_fn_row_encode(&b, args, 1, i) || hll_add(h, mn_fn_xxh64(b.p, b.len))) rc = oom(ctx);
    }
    free(b.p);
    return rc;
}

static int hll_combine(COMBINE_ARGS) {
    const hll *s = *(hll *const *)src_;
    if (!s) return 0;
    hll *d = hll_get(ctx, dst_, call);
    if (!d) return oom(ctx);
    if (s->regs) {
        if (!d->regs && to_dense(d)) return oom(ctx);
        for (uint32_t i = 0; i < (1u << d->p); i++)
            if (s->regs[i] > d->regs[i]) d->regs[i] = s->regs[i];
        return 0;
    }
    for (uint32_t i = 0; i < s->cap; i++)
        if (s->set[i] && hll_add(d, s->set[i])) return oom(ctx);
    return 0;
}

static int hll_finalize(FINAL_ARGS) {
    ((int64_t *)out->data)[row] = hll_estimate(*(hll **)state_);
    return 0;
}

static void hll_destroy(const mn_agg_call *call, void *state) {
    hll_free(*(hll **)state);
    *(hll **)state = NULL;
}

/* A constant DOUBLE argument (max_standard_error, percentages). */
static int const_double(mn_fn_binding *b, int k, const char *what, double *out, mn_error *err) {
    const mn_expr *a = b->args[k];
    mn_value v;
    if (!mn_expr_is_const(a))
        return mn_error_set_pos(err, MN_ERR_NOT_SUPPORTED, a->pos.line, a->pos.column, "%s must be a constant", what);
    if (mn_expr_eval_const(a, b->arena, NULL, &v, err)) return -1;
    if (v.is_null)
        return mn_error_set_pos(err, MN_ERR_INVALID_ARGUMENT, a->pos.line, a->pos.column, "%s cannot be NULL", what);
    *out = v.u.d;
    return 0;
}

static int bind_approx_distinct(mn_fn_binding *b, mn_error *err) {
    hll_bind *hb = mn_arena_calloc(b->arena, sizeof *hb);
    if (!hb) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    double e = 0.023;
    if (b->nargs == 2) {
        if (const_double(b, 1, "Max standard error", &e, err)) return -1;
        if (!(e >= 0.0040625 && e <= 0.26)) {
            char buf[40];
            mn_format_double(e, buf);
            return mn_error_set_pos(err, MN_ERR_INVALID_ARGUMENT, b->pos.line, b->pos.column,
                                    "Max standard error must be in [0.0040625, 0.26]: %s", buf);
        }
    }
    double buckets = (1.04 / e) * (1.04 / e);
    int p = (int)ceil(log2(buckets) - 1e-9);
    hb->p = p < 4 ? 4 : p > 16 ? 16 : p;
    b->bind_data = hb;
    return 0;
}

/* ---------- t-digest ---------- */

#define TD_COMPRESSION 100.0
#define TD_BUFFER 500

typedef struct {
    double mean, w;
} centroid;

typedef struct {
    centroid *c;     /* merged centroids, sorted by mean */
    int nc;
    centroid *buf;   /* unmerged points (grown up to TD_BUFFER, so small groups stay small) */
    int nb, bcap;
    double total, min, max;
    bool has_p;      /* percentages seen (from the first row) */
    int np;
    double *p;
} tdigest;

static void td_free(tdigest *t) {
    if (!t) return;
    free(t->buf);
    free(t->c);
    free(t->p);
    free(t);
}

static int cmp_centroid(const void *a, const void *b) {
    double x = ((const centroid *)a)->mean, y = ((const centroid *)b)->mean;
    return x < y ? -1 : x > y ? 1 : 0;
}

/* k1 scale: centroids near the tails hold fewer points. */
static double td_k(double q) { return TD_COMPRESSION / (2 * M_PI) * asin(2 * q - 1); }
static double td_q(double k) { return (sin(k * 2 * M_PI / TD_COMPRESSION) + 1) / 2; }

static int td_flush(tdigest *t) {
    if (t->nb == 0) return 0;
    int n = t->nc + t->nb;
    centroid *all = malloc(sizeof *all * (size_t)n);
    if (!all) return -1;
    if (t->nc) memcpy(all, t->c, sizeof *all * (size_t)t->nc);
    memcpy(all + t->nc, t->buf, sizeof *all * (size_t)t->nb);
    qsort(all, (size_t)n, sizeof *all, cmp_centroid);
    double total = 0;
    for (int i = 0; i < n; i++) total += all[i].w;
    int m = 0;
    double so_far = 0, limit = total * td_q(td_k(0) + 1);
    for (int i = 1; i < n; i++) {
        centroid *cur = &all[m];
        if (so_far + cur->w + all[i].w <= limit) {
            double w = cur->w + all[i].w;
            cur->mean += (all[i].mean - cur->mean) * all[i].w / w;
            cur->w = w;
        } else {
            so_far += cur->w;
            limit = total * td_q(td_k(so_far / total) + 1);
            all[++m] = all[i];
        }
    }
    free(t->c);
    t->c = all;
    t->nc = m + 1;
    t->nb = 0;
    return 0;
}

static int td_add(tdigest *t, double x, double w) {
    if (t->total == 0 || x < t->min) t->min = x;
    if (t->total == 0 || x > t->max) t->max = x;
    t->total += w;
    if (t->nb == t->bcap) {
        int cap = t->bcap ? t->bcap * 2 : 8;
        if (cap > TD_BUFFER) cap = TD_BUFFER;
        centroid *nb = realloc(t->buf, sizeof *nb * (size_t)cap);
        if (!nb) return -1;
        t->buf = nb;
        t->bcap = cap;
    }
    t->buf[t->nb].mean = x;
    t->buf[t->nb].w = w;
    return ++t->nb == TD_BUFFER ? td_flush(t) : 0;
}

/* Value at quantile q in [0, 1] (after td_flush). */
static double td_quantile(const tdigest *t, double q) {
    bool points = true;
    for (int i = 0; i < t->nc && points; i++) points = t->c[i].w == 1;
    double target = q * t->total;
    if (points) { /* nearest rank: the first value whose cumulative count reaches q * N */
        double cum = 0;
        for (int i = 0; i < t->nc; i++) {
            cum += t->c[i].w;
            if (cum >= target) return t->c[i].mean;
        }
        return t->max;
    }
    if (q <= 0) return t->min;
    if (q >= 1) return t->max;
    double cum = 0, prev_center = 0, prev_mean = t->min;
    for (int i = 0; i < t->nc; i++) {
        double center = cum + t->c[i].w / 2;
        if (target < center) {
            double span = center - prev_center;
            double f = span > 0 ? (target - prev_center) / span : 0;
            return prev_mean + f * (t->c[i].mean - prev_mean);
        }
        prev_center = center;
        prev_mean = t->c[i].mean;
        cum += t->c[i].w;
    }
    double span = t->total - prev_center;
    double f = span > 0 ? (target - prev_center) / span : 1;
    return prev_mean + f * (t->max - prev_mean);
}

static double as_double(const mn_vector *v, int i) {
    switch (v->type.id) {
    case MN_T_REAL: return MN_SLOT(v, float, i);
    case MN_T_DOUBLE: return MN_SLOT(v, double, i);
    default: return (double)mn_fn_get_int(v, i);
    }
}

static int bad_percentile(mn_agg_ctx *ctx) {
    return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Percentile must be between 0 and 1");
}

/* Reads the percentage(s) of row i into t (first row of the group only). */
static int td_percentages(mn_agg_ctx *ctx, tdigest *t, const mn_vector *pv, int i) {
    if (mn_vector_is_null(pv, i)) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Percentile cannot be NULL");
    if (pv->type.id != MN_T_ARRAY) {
        double p = MN_SLOT(pv, double, i);
        if (!(p >= 0 && p <= 1)) return bad_percentile(ctx);
        if (!(t->p = malloc(sizeof(double)))) return oom(ctx);
        t->p[0] = p;
        t->np = 1;
        t->has_p = true;
        return 0;
    }
    mn_nested_block blk;
    if (mn_array_view(pv->type, MN_SLOT(pv, mn_str, i), &blk))
        return mn_error_set(ctx->err, MN_ERR_CORRUPT, "malformed array value");
    if (!(t->p = malloc(sizeof(double) * (size_t)(blk.n + 1)))) return oom(ctx);
    for (int k = 0; k < blk.n; k++) {
        if (mn_block_is_null(&blk, k))
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Percentile cannot be NULL");
        double p;
        mn_block_get(&blk, k, &p);
        if (!(p >= 0 && p <= 1)) return bad_percentile(ctx);
        t->p[k] = p;
    }
    t->np = blk.n;
    t->has_p = true;
    return 0;
}

static int td_update(UPDATE_ARGS) {
    bool weighted = call->nargs == 3;
    const mn_vector *pv = args[call->nargs - 1];
    for (int i = 0; i < count; i++) {
        if (!states[i] || mn_vector_is_null(args[0], i) || (weighted && mn_vector_is_null(args[1], i))) continue;
        tdigest **tp = states[i];
        if (!*tp && !(*tp = calloc(1, sizeof **tp))) return oom(ctx);
        tdigest *t = *tp;
        if (!t->has_p && td_percentages(ctx, t, pv, i)) return -1;
        double w = 1;
        if (weighted) {
            w = MN_SLOT(args[1], double, i);
            if (!(w > 0) || isinf(w))
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Percentile weight must be > 0");
        }
        double x = as_double(args[0], i);
        if (isnan(x)) continue;
        if (td_add(t, x, w)) return oom(ctx);
    }
    return 0;
}

static int td_combine(COMBINE_ARGS) {
    tdigest *s = *(tdigest *const *)src_;
    if (!s || s->total == 0) return 0;
    tdigest **dp = dst_;
    if (!*dp && !(*dp = calloc(1, sizeof **dp))) return oom(ctx);
    tdigest *d = *dp;
    if (!d->has_p && s->has_p) {
        if (!(d->p = malloc(sizeof(double) * (size_t)(s->np + 1)))) return oom(ctx);
        memcpy(d->p, s->p, sizeof(double) * (size_t)s->np);
        d->np = s->np;
        d->has_p = true;
    }
    if (td_flush(s)) return oom(ctx);
    double dmin = d->total ? d->min : s->min, dmax = d->total ? d->max : s->max;
    for (int i = 0; i < s->nc; i++)
        if (td_add(d, s->c[i].mean, s->c[i].w)) return oom(ctx);
    d->min = s->min < dmin ? s->min : dmin;
    d->max = s->max > dmax ? s->max : dmax;
    return 0;
}

/* Writes x as the element type t into slot. */
static void put_as(mn_type t, double x, void *slot) {
    switch (t.id) {
    case MN_T_REAL: *(float *)slot = (float)x; break;
    case MN_T_DOUBLE: *(double *)slot = x; break;
    default: *(int64_t *)slot = (int64_t)llround(x); break;
    }
}

static int td_finalize(FINAL_ARGS) {
    tdigest *t = *(tdigest **)state_;
    if (!t || t->total == 0) return set_null(ctx, out, row);
    if (td_flush(t)) return oom(ctx);
    if (call->type.id != MN_T_ARRAY) {
        put_as(call->type, td_quantile(t, t->p[0]), (char *)out->data + mn_type_size(call->type) * (size_t)row);
        return 0;
    }
    mn_type et = mn_type_elem(call->type);
    mn_fn_slotbuf *vals = malloc(sizeof *vals * (size_t)(t->np + 1));
    const void **ptrs = malloc(sizeof(void *) * (size_t)(t->np + 1));
    int rc = -1;
    if (vals && ptrs) {
        for (int k = 0; k < t->np; k++) {
            put_as(et, td_quantile(t, t->p[k]), &vals[k]);
            ptrs[k] = &vals[k];
        }
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        rc = mn_nested_encode_array(&sb, et, t->np, ptrs, ctx->err);
        if (rc == 0 && sb.oom) rc = oom(ctx);
        if (rc == 0) {
            mn_str s = mn_vector_add_string(out, sb.data ? sb.data : "", sb.len);
            if (!s.ptr) rc = oom(ctx);
            else ((mn_str *)out->data)[row] = s;
        }
        mn_strbuf_free(&sb);
    } else {
        oom(ctx);
    }
    free(vals);
    free(ptrs);
    return rc;
}

static void td_destroy(const mn_agg_call *call, void *state) {
    td_free(*(tdigest **)state);
    *(tdigest **)state = NULL;
}

/* ---------- table ---------- */

static const mn_agg_fn approx_distinct_fn = {"approx_distinct", sizeof(void *), ptr_init, hll_update, hll_combine,
                                             hll_finalize, hll_destroy};
static const mn_agg_fn approx_percentile_fn = {"approx_percentile", sizeof(void *), ptr_init, td_update, td_combine,
                                               td_finalize, td_destroy};

#define AD(PARAMS, DESC) {"approx_distinct", PARAMS, "bigint", NULL, bind_approx_distinct, DESC, 0, &approx_distinct_fn}
#define AP(PARAMS, RET, DESC) {"approx_percentile", PARAMS, RET, NULL, NULL, DESC, 0, &approx_percentile_fn}

const mn_fn_entry mn_fn_sketch_agg_table[] = {
    AD("any", "Approximate number of distinct values (HyperLogLog, 2.3% standard error)"),
    AD("any,double", "Approximate number of distinct values with the given maximum standard error"),
    AP("bigint,double", "bigint", "Approximate percentile (t-digest)"),
    AP("real,double", "real", "Approximate percentile (t-digest)"),
    AP("double,double", "double", "Approximate percentile (t-digest)"),
    AP("bigint,double,double", "bigint", "Approximate weighted percentile"),
    AP("real,double,double", "real", "Approximate weighted percentile"),
    AP("double,double,double", "double", "Approximate weighted percentile"),
    AP("bigint,array(double)", "array(bigint)", "Approximate percentiles"),
    AP("real,array(double)", "array(real)", "Approximate percentiles"),
    AP("double,array(double)", "array(double)", "Approximate percentiles"),
    AP("bigint,double,array(double)", "array(bigint)", "Approximate weighted percentiles"),
    AP("real,double,array(double)", "array(real)", "Approximate weighted percentiles"),
    AP("double,double,array(double)", "array(double)", "Approximate weighted percentiles"),
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
