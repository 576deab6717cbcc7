/* test_operators.c — the heavy operators (hash aggregate, hash join, nested-loop join,
 * sort/top-N) driven over generated data, checked against brute-force answers. Aggregate
 * functions and scalar functions are defined here (the registry's are not needed), so the
 * test exercises only the operator contracts. Joins are driven by hand (several sink
 * locals, HAVE_MORE loops, emit_unmatched); aggregate and sort also run through the
 * executor with several threads. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "exec/executor.h"
#include "exec/operators.h"

static mn_arena A;
static mn_query_ctx Q;
static mn_type T_BIG, T_STR, T_BOOL;

/* ---------- generated sources ---------- */

typedef void (*fill_fn)(mn_chunk *out, int64_t base, int n);

typedef struct gen_cfg {
    int64_t nrows;
    int chunk;
    fill_fn fill;
} gen_cfg;

typedef struct gen_state {
    atomic_int_fast64_t next;
} gen_state;

static void *gen_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    gen_state *s = calloc(1, sizeof *s);
    atomic_init(&s->next, 0);
    return s;
}

static int gen_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    gen_cfg *c = op->config;
    gen_state *s = gp;
    int64_t base = atomic_fetch_add(&s->next, c->chunk);
    out->count = 0;
    if (base >= c->nrows) return 0;
    int n = (int)(c->nrows - base < c->chunk ? c->nrows - base : c->chunk);
    c->fill(out, base, n);
    out->count = n;
    return 0;
}

static void gen_free(mn_physop *op, void *gp) { free(gp); }

static const mn_op_vtable gen_vt = {
    .name = "Gen", .source_global = gen_global, .source_next = gen_next, .source_free_global = gen_free};

static mn_physop *gen_op(int ncols, const mn_type *types, int64_t nrows, int chunk, fill_fn fill) {
    mn_physop *op = mn_physop_new(&A, &gen_vt, ncols, types);
    gen_cfg *c = mn_arena_calloc(&A, sizeof *c);
    c->nrows = nrows;
    c->chunk = chunk;
    c->fill = fill;
    op->config = c;
    return op;
}

static void set_big(mn_vector *v, int r, int64_t x, bool null) {
    if (null) mn_vector_set_null(v, r);
    else ((int64_t *)v->data)[r] = x;
}

static void set_str(mn_vector *v, int r, const char *s) {
    ((mn_str *)v->data)[r] = mn_vector_add_string(v, s, strlen(s));
}

/* ---------- collected results ---------- */

typedef struct result {
    int ncols;
    int64_t n, cap;
    int64_t *iv;
    uint8_t *null;
    char **sv;
} result;

static void result_add_chunk(result *r, const mn_chunk *ch) {
    if (r->ncols == 0) r->ncols = ch->ncols;
    for (int i = 0; i < ch->count; i++) {
        if (r->n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 256;
            r->iv = realloc(r->iv, sizeof(int64_t) * (size_t)(r->cap * r->ncols));
            r->null = realloc(r->null, (size_t)(r->cap * r->ncols));
            r->sv = realloc(r->sv, sizeof(char *) * (size_t)(r->cap * r->ncols));
        }
        for (int c = 0; c < r->ncols; c++) {
            const mn_vector *v = &ch->cols[c];
            int64_t k = r->n * r->ncols + c;
            uint32_t ri = (uint32_t)i & v->mask;
            r->null[k] = mn_vector_is_null(v, i);
            r->sv[k] = NULL;
            r->iv[k] = 0;
            if (r->null[k]) continue;
            if (v->type.id == MN_T_VARCHAR) {
                mn_str s = ((mn_str *)v->data)[ri];
                r->sv[k] = strndup(s.ptr ? s.ptr : "", s.len);
            } else if (v->type.id == MN_T_BOOLEAN) {
                r->iv[k] = ((uint8_t *)v->data)[ri];
            } else {
                r->iv[k] = ((int64_t *)v->data)[ri];
            }
        }
        r->n++;
    }
}

static void result_free(result *r) {
    for (int64_t k = 0; k < r->n * r->ncols; k++) free(r->sv[k]);
    free(r->iv);
    free(r->null);
    free(r->sv);
    memset(r, 0, sizeof *r);
}

#define RV(r, row, c) ((r)->iv[(row) * (r)->ncols + (c)])
#define RN(r, row, c) ((r)->null[(row) * (r)->ncols + (c)])
#define RS(r, row, c) ((r)->sv[(row) * (r)->ncols + (c)])

static int collect_cb(void *ud, mn_chunk *chunk, mn_error *err) {
    result_add_chunk(ud, chunk);
    return 0;
}

static int run_plan(mn_physop *root, int threads, result *r, mn_error *err) {
    memset(r, 0, sizeof *r);
    Q.threads = threads;
    atomic_store(&Q.cancelled, 0);
    return mn_execute_plan(root, &Q, collect_cb, r, err);
}

/* ---------- test aggregate functions ---------- */

typedef struct sum_state {
    int64_t sum;
    int64_t has;
} sum_state;

static void sum_init(const mn_agg_call *call, void *st) { memset(st, 0, sizeof(sum_state)); }
static int sum_update(const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states) {
    const mn_vector *v = args[0];
    for (int i = 0; i < count; i++) {
        if (mn_vector_is_null(v, i)) continue;
        sum_state *s = states[i];
        s->sum += ((int64_t *)v->data)[(uint32_t)i & v->mask];
        s->has = 1;
    }
    return 0;
}
static int sum_combine(const mn_agg_call *call, mn_agg_ctx *ctx, void *dst, const void *src) {
    sum_state *d = dst;
    const sum_state *s = src;
    d->sum += s->sum;
    d->has |= s->has;
    return 0;
}
static int sum_finalize(const mn_agg_call *call, mn_agg_ctx *ctx, void *st, mn_vector *out, int row) {
    sum_state *s = st;
    set_big(out, row, s->sum, !s->has);
    return 0;
}
static const mn_agg_fn SUM = {"sum", sizeof(sum_state), sum_init, sum_update, sum_combine, sum_finalize, NULL};

static void cnt_init(const mn_agg_call *call, void *st) { *(int64_t *)st = 0; }
static int cnt_update(const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states) {
    for (int i = 0; i < count; i++) (*(int64_t *)states[i])++;
    return 0;
}
static int cnt_combine(const mn_agg_call *call, mn_agg_ctx *ctx, void *dst, const void *src) {
    *(int64_t *)dst += *(const int64_t *)src;
    return 0;
}
static int cnt_finalize(const mn_agg_call *call, mn_agg_ctx *ctx, void *st, mn_vector *out, int row) {
    set_big(out, row, *(int64_t *)st, false);
    return 0;
}
static const mn_agg_fn COUNT = {"count", sizeof(int64_t), cnt_init, cnt_update, cnt_combine, cnt_finalize, NULL};

/* Counts non-NULL values into a malloc'ed buffer: exercises destroy (leaks show in ASan). */
typedef struct heap_state {
    int64_t *values;
    int64_t n, cap;
} heap_state;
static atomic_int heap_live;
static void heap_init(const mn_agg_call *call, void *st) { memset(st, 0, sizeof(heap_state)); }
static int heap_push(heap_state *s, int64_t x, mn_error *err) {
    if (s->n == s->cap) {
        if (!s->values) atomic_fetch_add(&heap_live, 1);
        s->cap = s->cap ? s->cap * 2 : 4;
        int64_t *nv = realloc(s->values, sizeof(int64_t) * (size_t)s->cap);
        if (!nv) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "oom");
        s->values = nv;
    }
    s->values[s->n++] = x;
    return 0;
}
static int heap_update(const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states) {
    const mn_vector *v = args[0];
    for (int i = 0; i < count; i++)
        if (!mn_vector_is_null(v, i) && heap_push(states[i], ((int64_t *)v->data)[(uint32_t)i & v->mask], ctx->err))
            return -1;
    return 0;
}
static int heap_combine(const mn_agg_call *call, mn_agg_ctx *ctx, void *dst, const void *src) {
    const heap_state *s = src;
    for (int64_t i = 0; i < s->n; i++)
        if (heap_push(dst, s->values[i], ctx->err)) return -1;
    return 0;
}
static int heap_finalize(const mn_agg_call *call, mn_agg_ctx *ctx, void *st, mn_vector *out, int row) {
    heap_state *s = st;
    int64_t sum = 0;
    for (int64_t i = 0; i < s->n; i++) sum += s->values[i];
    set_big(out, row, sum * 1000 + s->n, false);
    return 0;
}
static void heap_destroy(const mn_agg_call *call, void *st) {
    heap_state *s = st;
    if (s->values) atomic_fetch_sub(&heap_live, 1);
    free(s->values);
    s->values = NULL;
}
static const mn_agg_fn HEAP = {"heapsum", sizeof(heap_state), heap_init, heap_update, heap_combine, heap_finalize,
                               heap_destroy};

static mn_agg_call *agg_call(const mn_agg_fn *fn, mn_expr *arg, mn_expr *filter) {
    mn_agg_call *c = mn_arena_calloc(&A, sizeof *c);
    c->fn = fn;
    c->name = fn->name;
    c->type = T_BIG;
    c->nargs = arg ? 1 : 0;
    if (arg) {
        c->args = mn_arena_alloc(&A, sizeof(mn_expr *));
        c->args[0] = arg;
        c->arg_types = mn_arena_alloc(&A, sizeof(mn_type));
        c->arg_types[0] = arg->type;
    }
    c->filter = filter;
    return c;
}

/* ---------- test scalar functions ---------- */

static int64_t big_at(const mn_vector *v, int i) { return ((int64_t *)v->data)[(uint32_t)i & v->mask]; }

/* (a % m) <> (b % m) with m from bind_data */
static int impl_mod_ne(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    int64_t m = *(int64_t *)ctx->bind_data;
    for (int i = 0; i < count; i++) {
        if (mn_vector_is_null(args[0], i) || mn_vector_is_null(args[1], i)) {
            mn_vector_set_null(out, i);
            continue;
        }
        ((uint8_t *)out->data)[i] = big_at(args[0], i) % m != big_at(args[1], i) % m;
    }
    return 0;
}

/* a < b */
static int impl_lt(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    for (int i = 0; i < count; i++) {
        if (mn_vector_is_null(args[0], i) || mn_vector_is_null(args[1], i)) {
            mn_vector_set_null(out, i);
            continue;
        }
        ((uint8_t *)out->data)[i] = big_at(args[0], i) < big_at(args[1], i);
    }
    return 0;
}

/* -a (NULL stays NULL) */
static int impl_neg(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    for (int i = 0; i < count; i++) {
        if (mn_vector_is_null(args[0], i)) mn_vector_set_null(out, i);
        else ((int64_t *)out->data)[i] = -big_at(args[0], i);
    }
    return 0;
}

/* a % m, failing with DIVISION_BY_ZERO when a row has a == 0 and bind_data says so */
static int impl_mod(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    int64_t m = *(int64_t *)ctx->bind_data;
    for (int i = 0; i < count; i++) {
        if (mn_vector_is_null(args[0], i)) {
            mn_vector_set_null(out, i);
            continue;
        }
        if (m == 0) return mn_error_set(ctx->err, MN_ERR_DIVISION_BY_ZERO, "Division by zero");
        ((int64_t *)out->data)[i] = big_at(args[0], i) % m;
    }
    return 0;
}

static mn_expr *col(int c, mn_type t) { return mn_expr_column(&A, c, t); }

static mn_expr *call2(const char *name, mn_scalar_impl impl, mn_type t, mn_expr *a, mn_expr *b, int64_t bd) {
    mn_expr *e = mn_expr_new(&A, MN_EXPR_CALL, t, b ? 2 : 1);
    e->name = name;
    e->impl = impl;
    e->args[0] = a;
    if (b) e->args[1] = b;
    int64_t *p = mn_arena_alloc(&A, sizeof *p);
    *p = bd;
    e->bind_data = p;
    return e;
}

/* ---------- hash aggregate ---------- */

#define AGG_N 100000
#define AGG_G 1000

/* k = i % G (NULL every 97th), v = i (NULL every 13th), s = "g<i % 50>" */
static void fill_agg(mn_chunk *out, int64_t base, int n) {
    for (int r = 0; r < n; r++) {
        int64_t i = base + r;
        set_big(&out->cols[0], r, i % AGG_G, i % 97 == 0);
        set_big(&out->cols[1], r, i, i % 13 == 0);
        char buf[32];
        snprintf(buf, sizeof buf, "g%d", (int)(i % 50));
        set_str(&out->cols[2], r, buf);
    }
}

static void test_agg_groups(int threads, int64_t nrows, int64_t ngroups_mod) {
    mn_error err;
    mn_type in_types[3] = {T_BIG, T_BIG, T_STR};
    mn_physop *src = gen_op(3, in_types, nrows, 1000, fill_agg);
    mn_expr *keys[1] = {col(0, T_BIG)};
    /* sum(v), count(*), heapsum(v), sum(v) FILTER (WHERE v % 3 <> k % 3) */
    mn_expr *odd = call2("mod_ne", impl_mod_ne, T_BOOL, col(1, T_BIG), mn_expr_column(&A, 0, T_BIG), 3);
    (void)ngroups_mod;
    mn_agg_call *aggs[4] = {agg_call(&SUM, col(1, T_BIG), NULL), agg_call(&COUNT, NULL, NULL),
                            agg_call(&HEAP, col(1, T_BIG), NULL), agg_call(&SUM, col(1, T_BIG), odd)};
    mn_physop *agg = mn_op_hash_agg(&A, src, keys, 1, aggs, 4, &err);
    CHECK(agg != NULL);
    result r;
    int rc = run_plan(agg, threads, &r, &err);
    CHECK(rc == 0);
    if (rc) fprintf(stderr, "error: %s\n", err.message);
    CHECK(r.ncols == 5);
    /* expected per group (index AGG_G = NULL key) */
    int64_t *esum = calloc(AGG_G + 1, sizeof(int64_t)), *ecnt = calloc(AGG_G + 1, sizeof(int64_t));
    int64_t *ehas = calloc(AGG_G + 1, sizeof(int64_t)), *enn = calloc(AGG_G + 1, sizeof(int64_t));
    int64_t *efs = calloc(AGG_G + 1, sizeof(int64_t)), *efh = calloc(AGG_G + 1, sizeof(int64_t));
    for (int64_t i = 0; i < nrows; i++) {
        int g = i % 97 == 0 ? AGG_G : (int)(i % AGG_G);
        ecnt[g]++;
        if (i % 13 != 0) {
            esum[g] += i;
            ehas[g] = 1;
            enn[g]++;
            if (g != AGG_G && i % 3 != (i % AGG_G) % 3) {
                efs[g] += i;
                efh[g] = 1;
            }
        }
    }
    int64_t expect_groups = 0;
    for (int g = 0; g <= AGG_G; g++) expect_groups += ecnt[g] > 0;
    CHECK(r.n == expect_groups);
    int ok = 1, seen_null = 0;
    for (int64_t row = 0; row < r.n; row++) {
        int g = RN(&r, row, 0) ? AGG_G : (int)RV(&r, row, 0);
        if (g == AGG_G) seen_null++;
        if (g < 0 || g > AGG_G) {
            ok = 0;
            continue;
        }
        if (RV(&r, row, 2) != ecnt[g]) ok = 0;
        if (RN(&r, row, 1) != !ehas[g] || (ehas[g] && RV(&r, row, 1) != esum[g])) ok = 0;
        if (RV(&r, row, 3) != esum[g] * 1000 + enn[g]) ok = 0;
        if (g != AGG_G && (RN(&r, row, 4) != !efh[g] || (efh[g] && RV(&r, row, 4) != efs[g]))) ok = 0;
    }
    CHECK(ok);
    CHECK(seen_null == (ecnt[AGG_G] > 0));
    CHECK(atomic_load(&heap_live) == 0);
    free(esum);
    free(ecnt);
    free(ehas);
    free(enn);
    free(efs);
    free(efh);
    result_free(&r);
}

/* Many groups (above the parallel-merge threshold) with string + bigint keys. */
#define MANY_N 60000
static void fill_many(mn_chunk *out, int64_t base, int n) {
    for (int r = 0; r < n; r++) {
        int64_t i = base + r;
        int64_t g = (i * 7) % 20000; /* 20000 groups, each seen 3 times */
        char buf[40];
        snprintf(buf, sizeof buf, "key-%lld-%s", (long long)(g / 3), g % 3 ? "x" : "a-longer-suffix");
        set_str(&out->cols[0], r, buf);
        set_big(&out->cols[1], r, g % 3, false);
        set_big(&out->cols[2], r, i, false);
    }
}

static void test_agg_many_groups(int threads) {
    mn_error err;
    mn_type in_types[3] = {T_STR, T_BIG, T_BIG};
    mn_physop *src = gen_op(3, in_types, MANY_N, 777, fill_many);
    mn_expr *keys[2] = {col(0, T_STR), col(1, T_BIG)};
    mn_agg_call *aggs[2] = {agg_call(&COUNT, NULL, NULL), agg_call(&HEAP, col(2, T_BIG), NULL)};
    mn_physop *agg = mn_op_hash_agg(&A, src, keys, 2, aggs, 2, &err);
    result r;
    CHECK(run_plan(agg, threads, &r, &err) == 0);
    CHECK(r.n == 20000);
    int ok = 1;
    int64_t total = 0;
    for (int64_t row = 0; row < r.n; row++) {
        if (RV(&r, row, 2) != 3) ok = 0;
        total += RV(&r, row, 2);
        const char *s = RS(&r, row, 0);
        long long g3;
        if (!s || sscanf(s, "key-%lld-", &g3) != 1) ok = 0;
        int64_t sub = RV(&r, row, 1);
        bool longer = strstr(s ? s : "", "a-longer-suffix") != NULL;
        if (longer != (sub == 0)) ok = 0;
        if (RV(&r, row, 3) % 1000 != 3) ok = 0;
    }
    CHECK(ok);
    CHECK(total == MANY_N);
    CHECK(atomic_load(&heap_live) == 0);
    result_free(&r);
}

static void fill_none(mn_chunk *out, int64_t base, int n) {}

static void test_agg_global(int threads) {
    mn_error err;
    mn_type in_types[3] = {T_BIG, T_BIG, T_STR};
    /* empty input: one row, count 0, sum NULL */
    mn_physop *src = gen_op(3, in_types, 0, 1000, fill_none);
    mn_agg_call *aggs[3] = {agg_call(&COUNT, NULL, NULL), agg_call(&SUM, col(1, T_BIG), NULL),
                            agg_call(&HEAP, col(1, T_BIG), NULL)};
    mn_physop *agg = mn_op_hash_agg(&A, src, NULL, 0, aggs, 3, &err);
    result r;
    CHECK(run_plan(agg, threads, &r, &err) == 0);
    CHECK(r.n == 1);
    if (r.n == 1) {
        CHECK(RV(&r, 0, 0) == 0);
        CHECK(RN(&r, 0, 1));
        CHECK(RV(&r, 0, 2) == 0);
    }
    result_free(&r);
    /* non-empty */
    src = gen_op(3, in_types, AGG_N, 1000, fill_agg);
    agg = mn_op_hash_agg(&A, src, NULL, 0, aggs, 3, &err);
    CHECK(run_plan(agg, threads, &r, &err) == 0);
    CHECK(r.n == 1);
    int64_t sum = 0, nn = 0;
    for (int64_t i = 0; i < AGG_N; i++)
        if (i % 13) {
            sum += i;
            nn++;
        }
    if (r.n == 1) {
        CHECK(RV(&r, 0, 0) == AGG_N);
        CHECK(!RN(&r, 0, 1) && RV(&r, 0, 1) == sum);
        CHECK(RV(&r, 0, 2) == sum * 1000 + nn);
    }
    CHECK(atomic_load(&heap_live) == 0);
    result_free(&r);
}

static void test_agg_distinct(int threads) {
    mn_error err;
    mn_type in_types[3] = {T_BIG, T_BIG, T_STR};
    mn_physop *src = gen_op(3, in_types, AGG_N, 1000, fill_agg);
    mn_expr *keys[1] = {col(2, T_STR)};
    mn_physop *agg = mn_op_hash_agg(&A, src, keys, 1, NULL, 0, &err);
    result r;
    CHECK(run_plan(agg, threads, &r, &err) == 0);
    CHECK(r.n == 50);
    CHECK(r.ncols == 1);
    int seen[50] = {0}, ok = 1;
    for (int64_t row = 0; row < r.n; row++) {
        int g;
        if (!RS(&r, row, 0) || sscanf(RS(&r, row, 0), "g%d", &g) != 1 || g < 0 || g >= 50 || seen[g]++) ok = 0;
    }
    CHECK(ok);
    result_free(&r);
}

/* Failing key expression: the error surfaces and nothing leaks. */
static void test_agg_error(void) {
    mn_error err;
    mn_type in_types[3] = {T_BIG, T_BIG, T_STR};
    mn_physop *src = gen_op(3, in_types, 50000, 1000, fill_agg);
    mn_expr *keys[1] = {call2("mod", impl_mod, T_BIG, col(1, T_BIG), NULL, 0)};
    mn_agg_call *aggs[1] = {agg_call(&HEAP, col(1, T_BIG), NULL)};
    mn_physop *agg = mn_op_hash_agg(&A, src, keys, 1, aggs, 1, &err);
    result r;
    mn_error_clear(&err);
    CHECK(run_plan(agg, 3, &r, &err) == -1);
    CHECK(err.code == MN_ERR_DIVISION_BY_ZERO);
    CHECK(atomic_load(&heap_live) == 0);
    result_free(&r);
    /* the aggregate's own EXPLAIN text */
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    agg->vt->explain(agg, &sb);
    CHECK(sb.data && strstr(sb.data, "heapsum") != NULL);
    mn_strbuf_free(&sb);
}

/* ---------- hash join (driven by hand) ---------- */

#define NPROBE 7000
#define NBUILD 3000
#define PKMOD 1500
#define BKMOD 1000

/* probe: pk = i % PKMOD (NULL every 101st), pv = i, ps = "s<i % 7>" */
static void fill_probe(mn_chunk *out, int64_t base, int n) {
    for (int r = 0; r < n; r++) {
        int64_t i = base + r;
        set_big(&out->cols[0], r, i % PKMOD, i % 101 == 0);
        set_big(&out->cols[1], r, i, false);
        char buf[16];
        snprintf(buf, sizeof buf, "s%d", (int)(i % 7));
        set_str(&out->cols[2], r, buf);
    }
}
/* build: bk = j % BKMOD (NULL every 77th), bv = j, bs = "s<j % 5>" */
static void fill_build(mn_chunk *out, int64_t base, int n) {
    for (int r = 0; r < n; r++) {
        int64_t j = base + r;
        set_big(&out->cols[0], r, j % BKMOD, j % 77 == 0);
        set_big(&out->cols[1], r, j, false);
        char buf[16];
        snprintf(buf, sizeof buf, "s%d", (int)(j % 5));
        set_str(&out->cols[2], r, buf);
    }
}

static bool probe_null(int64_t i) { return i % 101 == 0; }
static bool build_null(int64_t j) { return j % 77 == 0; }

/* pair predicate of the test joins: keys equal; with strkey also ps = bs; with residual
 * also pv % 3 <> bv % 3 */
static bool pair_matches(int64_t i, int64_t j, bool strkey, bool residual) {
    if (probe_null(i) || build_null(j)) return false;
    if (i % PKMOD != j % BKMOD) return false;
    if (strkey && i % 7 != j % 5) return false;
    if (residual && i % 3 == j % 3) return false;
    return true;
}

static uint64_t pair_sig(int64_t pv, int64_t bv) { return mn_hash_u64((uint64_t)(pv * 100003 + bv + 7)); }

typedef struct join_expect {
    int64_t rows;
    uint64_t sig;
} join_expect;

static join_expect expected_join(mn_join_kind kind, bool strkey, bool residual) {
    join_expect e = {0, 0};
    uint8_t *bmatched = calloc(NBUILD, 1);
    for (int64_t i = 0; i < NPROBE; i++) {
        int64_t m = 0;
        for (int64_t j = 0; j < NBUILD; j++) {
            if (!pair_matches(i, j, strkey, residual)) continue;
            m++;
            bmatched[j] = 1;
            if (kind != MN_JOINK_SEMI && kind != MN_JOINK_ANTI) {
                e.rows++;
                e.sig += pair_sig(i, j);
            }
        }
        if ((kind == MN_JOINK_LEFT || kind == MN_JOINK_FULL) && m == 0) {
            e.rows++;
            e.sig += pair_sig(i, -1);
        }
        if ((kind == MN_JOINK_SEMI && m > 0) || (kind == MN_JOINK_ANTI && m == 0)) {
            e.rows++;
            e.sig += pair_sig(i, -1);
        }
    }
    if (kind == MN_JOINK_RIGHT || kind == MN_JOINK_FULL)
        for (int64_t j = 0; j < NBUILD; j++)
            if (!bmatched[j]) {
                e.rows++;
                e.sig += pair_sig(-1, j);
            }
    free(bmatched);
    return e;
}

/* Signature of result rows: pv is column 1, bv column 4 (when present). */
static join_expect result_sig(const result *r, bool has_build) {
    join_expect e = {r->n, 0};
    for (int64_t row = 0; row < r->n; row++) {
        int64_t pv = RN(r, row, 1) ? -1 : RV(r, row, 1);
        int64_t bv = has_build ? (RN(r, row, 4) ? -1 : RV(r, row, 4)) : -1;
        e.sig += pair_sig(pv, bv);
    }
    return e;
}

static void feed(mn_physop *op, void *g, void **locals, int nloc, fill_fn fill, int64_t nrows, int chunk,
                 const mn_type *types, int ncols, mn_error *err) {
    mn_chunk ch;
    mn_chunk_init(&ch, ncols, types, err);
    int w = 0;
    for (int64_t base = 0; base < nrows; base += chunk) {
        int n = (int)(nrows - base < chunk ? nrows - base : chunk);
        mn_chunk_reset(&ch, err);
        fill(&ch, base, n);
        ch.count = n;
        mn_op_status st = MN_OP_NEED_INPUT;
        CHECK(op->vt->sink(op, g, locals[w], &ch, &st, err) == 0);
        w = (w + 1) % nloc;
    }
    mn_chunk_destroy(&ch);
}

/* Builds with two sink locals, probes chunk by chunk (honouring HAVE_MORE), then emits
 * unmatched build rows; returns the collected output. */
static void drive_join(mn_physop *op, fill_fn probe_fill, fill_fn build_fill, int64_t np, int64_t nb, result *r) {
    mn_error err;
    memset(r, 0, sizeof *r);
    mn_physop *pchild = op->children[0], *bchild = op->children[1];
    void *g = op->vt->sink_global(op, &Q, &err);
    CHECK(g != NULL);
    op->sink_gstate = g;
    void *loc[2] = {op->vt->sink_local(op, g, &Q, &err), op->vt->sink_local(op, g, &Q, &err)};
    feed(op, g, loc, 2, build_fill, nb, 700, bchild->types, bchild->ncols, &err);
    for (int i = 0; i < 2; i++) {
        CHECK(op->vt->sink_combine(op, g, loc[i], &err) == 0);
        op->vt->sink_free_local(op, loc[i]);
    }
    CHECK(op->vt->sink_finalize(op, g, &err) == 0);
    void *pl = op->vt->op_local(op, &Q, &err);
    CHECK(pl != NULL);
    mn_chunk in, out;
    mn_chunk_init(&in, pchild->ncols, pchild->types, &err);
    mn_chunk_init(&out, op->ncols, op->types, &err);
    int max_out = 0, calls = 0;
    for (int64_t base = 0; base < np; base += 1900) {
        int n = (int)(np - base < 1900 ? np - base : 1900);
        mn_chunk_reset(&in, &err);
        probe_fill(&in, base, n);
        in.count = n;
        for (;;) {
            mn_chunk_reset(&out, &err);
            mn_op_status st = MN_OP_NEED_INPUT;
            int rc = op->vt->op_execute(op, pl, &in, &out, &st, &err);
            CHECK(rc == 0);
            if (rc) break;
            calls++;
            if (out.count > max_out) max_out = out.count;
            result_add_chunk(r, &out);
            if (st != MN_OP_HAVE_MORE) break;
        }
    }
    CHECK(max_out <= MN_VECTOR_SIZE);
    int64_t cursor = 0;
    for (;;) {
        mn_chunk_reset(&out, &err);
        CHECK(mn_hash_join_emit_unmatched(op, &out, &cursor, &err) == 0);
        if (out.count == 0) break;
        result_add_chunk(r, &out);
    }
    if (r->ncols == 0) r->ncols = op->ncols;
    op->vt->op_free_local(op, pl);
    op->vt->sink_free_global(op, g);
    op->sink_gstate = NULL;
    mn_chunk_destroy(&in);
    mn_chunk_destroy(&out);
}

static void test_hash_join(mn_join_kind kind, bool strkey, bool residual) {
    mn_error err;
    mn_type types[3] = {T_BIG, T_BIG, T_STR};
    mn_physop *probe = gen_op(3, types, NPROBE, 1900, fill_probe);
    mn_physop *build = gen_op(3, types, NBUILD, 700, fill_build);
    mn_expr *pk[2] = {col(0, T_BIG), col(2, T_STR)};
    /* build key 0 computed (bk % 1000000 == bk) to exercise stored computed keys */
    mn_expr *bk[2] = {call2("mod", impl_mod, T_BIG, col(0, T_BIG), NULL, 1000000), col(2, T_STR)};
    /* residual over the joined layout: pv (1) vs bv (4) */
    mn_expr *res = residual ? call2("mod_ne", impl_mod_ne, T_BOOL, col(1, T_BIG), col(4, T_BIG), 3) : NULL;
    mn_physop *op = mn_op_hash_join(&A, probe, build, kind, pk, bk, strkey ? 2 : 1, res, &err);
    CHECK(op != NULL);
    if (!op) return;
    bool has_build = kind != MN_JOINK_SEMI && kind != MN_JOINK_ANTI;
    CHECK(op->ncols == (has_build ? 6 : 3));
    result r;
    drive_join(op, fill_probe, fill_build, NPROBE, NBUILD, &r);
    join_expect want = expected_join(kind, strkey, residual);
    join_expect got = result_sig(&r, has_build);
    if (got.rows != want.rows || got.sig != want.sig)
        fprintf(stderr, "hash join kind %d strkey %d residual %d: rows %lld want %lld\n", (int)kind, strkey, residual,
                (long long)got.rows, (long long)want.rows);
    CHECK(got.rows == want.rows);
    CHECK(got.sig == want.sig);
    /* build strings come through intact */
    int ok = 1;
    if (has_build)
        for (int64_t row = 0; row < r.n; row++) {
            if (RN(&r, row, 4)) continue;
            char buf[16];
            snprintf(buf, sizeof buf, "s%d", (int)(RV(&r, row, 4) % 5));
            if (!RS(&r, row, 5) || strcmp(RS(&r, row, 5), buf) != 0) ok = 0;
        }
    CHECK(ok);
    result_free(&r);
}

/* Duplicate-heavy build: one probe chunk yields far more than MN_VECTOR_SIZE rows. */
static void fill_dup_build(mn_chunk *out, int64_t base, int n) {
    for (int r = 0; r < n; r++) {
        set_big(&out->cols[0], r, (base + r) % 2, false);
        set_big(&out->cols[1], r, base + r, false);
        set_str(&out->cols[2], r, "b");
    }
}
static void fill_dup_probe(mn_chunk *out, int64_t base, int n) {
    for (int r = 0; r < n; r++) {
        set_big(&out->cols[0], r, (base + r) % 3, false);
        set_big(&out->cols[1], r, base + r, false);
        set_str(&out->cols[2], r, "p");
    }
}

static void test_join_expansion(void) {
    mn_error err;
    mn_type types[3] = {T_BIG, T_BIG, T_STR};
    mn_physop *probe = gen_op(3, types, 0, 1, fill_dup_probe);
    mn_physop *build = gen_op(3, types, 0, 1, fill_dup_build);
    mn_expr *pk[1] = {col(0, T_BIG)}, *bk[1] = {col(0, T_BIG)};
    mn_physop *op = mn_op_hash_join(&A, probe, build, MN_JOINK_LEFT, pk, bk, 1, NULL, &err);
    result r;
    drive_join(op, fill_dup_probe, fill_dup_build, 3000, 1000, &r);
    /* probe keys 0,1 (2000 rows) each match 500 build rows; key 2 (1000 rows) unmatched */
    CHECK(r.n == 2000 * 500 + 1000);
    int64_t unmatched = 0;
    for (int64_t row = 0; row < r.n; row++) unmatched += RN(&r, row, 3) && RN(&r, row, 4) && RN(&r, row, 5);
    CHECK(unmatched == 1000);
    result_free(&r);

    /* empty build side: INNER yields nothing, ANTI everything */
    op = mn_op_hash_join(&A, probe, build, MN_JOINK_INNER, pk, bk, 1, NULL, &err);
    drive_join(op, fill_dup_probe, fill_dup_build, 3000, 0, &r);
    CHECK(r.n == 0);
    result_free(&r);
    op = mn_op_hash_join(&A, probe, build, MN_JOINK_ANTI, pk, bk, 1, NULL, &err);
    drive_join(op, fill_dup_probe, fill_dup_build, 3000, 0, &r);
    CHECK(r.n == 3000);
    result_free(&r);
    op = mn_op_hash_join(&A, probe, build, MN_JOINK_FULL, pk, bk, 1, NULL, &err);
    drive_join(op, fill_dup_probe, fill_dup_build, 0, 1000, &r);
    CHECK(r.n == 1000); /* no probe rows: every build row unmatched */
    result_free(&r);

    mn_strbuf sb;
    mn_strbuf_init(&sb);
    op->vt->explain(op, &sb);
    CHECK(sb.data && strstr(sb.data, "FULL") != NULL);
    mn_strbuf_free(&sb);
}

/* Through the executor with several threads: join + aggregate on top. */
static void test_join_executor(int threads) {
    mn_error err;
    mn_type types[3] = {T_BIG, T_BIG, T_STR};
    mn_physop *probe = gen_op(3, types, NPROBE, 1900, fill_probe);
    mn_physop *build = gen_op(3, types, NBUILD, 700, fill_build);
    mn_expr *pk[1] = {col(0, T_BIG)}, *bk[1] = {col(0, T_BIG)};
    mn_physop *join = mn_op_hash_join(&A, probe, build, MN_JOINK_INNER, pk, bk, 1, NULL, &err);
    mn_agg_call *aggs[2] = {agg_call(&COUNT, NULL, NULL), agg_call(&SUM, col(4, T_BIG), NULL)};
    mn_physop *agg = mn_op_hash_agg(&A, join, NULL, 0, aggs, 2, &err);
    result r;
    CHECK(run_plan(agg, threads, &r, &err) == 0);
    int64_t cnt = 0, sum = 0;
    for (int64_t i = 0; i < NPROBE; i++)
        for (int64_t j = 0; j < NBUILD; j++)
            if (pair_matches(i, j, false, false)) {
                cnt++;
                sum += j;
            }
    CHECK(r.n == 1);
    if (r.n == 1) {
        CHECK(RV(&r, 0, 0) == cnt);
        CHECK(RV(&r, 0, 1) == sum);
    }
    result_free(&r);
}

/* ---------- nested-loop join ---------- */

static void test_nl_join(mn_join_kind kind, bool with_cond, int64_t nleft, int64_t nright) {
    mn_error err;
    mn_type types[3] = {T_BIG, T_BIG, T_STR};
    mn_physop *left = gen_op(3, types, 0, 1, fill_probe);
    mn_physop *right = gen_op(3, types, 0, 1, fill_build);
    /* cond: pk < bk (NULL keys never satisfy it) */
    mn_expr *cond = with_cond ? call2("lt", impl_lt, T_BOOL, col(0, T_BIG), col(3, T_BIG), 0) : NULL;
    mn_physop *op = mn_op_nested_loop_join(&A, left, right, kind, cond, &err);
    CHECK(op != NULL);
    if (!op) return;
    result r;
    drive_join(op, fill_probe, fill_build, nleft, nright, &r);
    join_expect want = {0, 0};
    for (int64_t i = 0; i < nleft; i++) {
        int64_t m = 0;
        for (int64_t j = 0; j < nright; j++) {
            bool ok = !with_cond || (!probe_null(i) && !build_null(j) && i % PKMOD < j % BKMOD);
            if (!ok) continue;
            m++;
            if (kind == MN_JOINK_INNER || kind == MN_JOINK_LEFT) {
                want.rows++;
                want.sig += pair_sig(i, j);
            }
        }
        if ((kind == MN_JOINK_LEFT && m == 0) || (kind == MN_JOINK_ANTI && m == 0) ||
            (kind == MN_JOINK_SEMI && m > 0)) {
            want.rows++;
            want.sig += pair_sig(i, -1);
        }
    }
    join_expect got = result_sig(&r, kind == MN_JOINK_INNER || kind == MN_JOINK_LEFT);
    CHECK(got.rows == want.rows);
    CHECK(got.sig == want.sig);
    result_free(&r);
}

/* ---------- sort / top-N ---------- */

#define SORT_N 30000

/* a = (i * 7919) % 1000 (NULL every 31st), s = "v<i % 17>", c = i */
static void fill_sort(mn_chunk *out, int64_t base, int n) {
    for (int r = 0; r < n; r++) {
        int64_t i = base + r;
        set_big(&out->cols[0], r, (i * 7919) % 1000, i % 31 == 0);
        char buf[16];
        snprintf(buf, sizeof buf, "v%02d", (int)(i % 17));
        set_str(&out->cols[1], r, buf);
        set_big(&out->cols[2], r, i, false);
    }
}

/* reference order: a DESC NULLS FIRST, s ASC, c DESC */
static int ref_cmp(const void *pa, const void *pb) {
    int64_t i = *(const int64_t *)pa, j = *(const int64_t *)pb;
    bool ni = i % 31 == 0, nj = j % 31 == 0;
    if (ni != nj) return ni ? -1 : 1;
    if (!ni) {
        int64_t a = (i * 7919) % 1000, b = (j * 7919) % 1000;
        if (a != b) return a > b ? -1 : 1;
    }
    if (i % 17 != j % 17) return i % 17 < j % 17 ? -1 : 1;
    return i > j ? -1 : i < j ? 1 : 0;
}

static void test_sort(int threads, int64_t limit, int64_t offset, int64_t nrows) {
    mn_error err;
    mn_type types[3] = {T_BIG, T_STR, T_BIG};
    mn_physop *src = gen_op(3, types, nrows, 1000, fill_sort);
    mn_sort_key keys[3] = {{col(0, T_BIG), true, true},
                           {col(1, T_STR), false, false},
                           {call2("neg", impl_neg, T_BIG, col(2, T_BIG), NULL, 0), false, false}};
    mn_physop *op = mn_op_sort(&A, src, keys, 3, limit, offset, &err);
    CHECK(op != NULL && op->single_threaded_source);
    result r;
    CHECK(run_plan(op, threads, &r, &err) == 0);
    int64_t *ref = malloc(sizeof(int64_t) * (size_t)(nrows ? nrows : 1));
    for (int64_t i = 0; i < nrows; i++) ref[i] = i;
    qsort(ref, (size_t)nrows, sizeof(int64_t), ref_cmp);
    int64_t lo = offset < nrows ? offset : nrows;
    int64_t hi = limit < 0 ? nrows : (lo + limit < nrows ? lo + limit : nrows);
    CHECK(r.n == hi - lo);
    int ok = 1;
    for (int64_t k = 0; k < r.n && k < hi - lo; k++) {
        int64_t i = ref[lo + k];
        if (RV(&r, k, 2) != i) ok = 0;
        char buf[16];
        snprintf(buf, sizeof buf, "v%02d", (int)(i % 17));
        if (!RS(&r, k, 1) || strcmp(RS(&r, k, 1), buf) != 0) ok = 0;
        if (RN(&r, k, 0) != (i % 31 == 0)) ok = 0;
    }
    CHECK(ok);
    free(ref);
    result_free(&r);
}

/* Large sort to take the parallel merge path (run only by hand: make it quick here). */
static void fill_big_sort(mn_chunk *out, int64_t base, int n) {
    for (int r = 0; r < n; r++) {
        int64_t i = base + r;
        set_big(&out->cols[0], r, (int64_t)(mn_hash_u64((uint64_t)i) % 1000000007), false);
    }
}

static void test_sort_parallel(void) {
    mn_error err;
    mn_type types[1] = {T_BIG};
    mn_physop *src = gen_op(1, types, 250000, 2048, fill_big_sort);
    mn_sort_key keys[1] = {{col(0, T_BIG), false, false}};
    mn_physop *op = mn_op_sort(&A, src, keys, 1, -1, 0, &err);
    result r;
    CHECK(run_plan(op, 4, &r, &err) == 0);
    CHECK(r.n == 250000);
    int ok = 1;
    for (int64_t k = 1; k < r.n; k++)
        if (RV(&r, k - 1, 0) > RV(&r, k, 0)) ok = 0;
    CHECK(ok);
    result_free(&r);
}

int main(void) {
    mn_arena_init(&A, 0);
    memset(&Q, 0, sizeof Q);
    Q.arena = &A;
    T_BIG = mn_type_make(MN_T_BIGINT);
    T_STR = mn_type_varchar(-1);
    T_BOOL = mn_type_make(MN_T_BOOLEAN);

    test_agg_groups(1, AGG_N, 0);
    test_agg_groups(4, AGG_N, 0);
    test_agg_groups(3, 500, 0);
    test_agg_many_groups(1);
    test_agg_many_groups(4);
    test_agg_global(1);
    test_agg_global(4);
    test_agg_distinct(2);
    test_agg_error();

    for (int k = MN_JOINK_INNER; k <= MN_JOINK_ANTI; k++) {
        test_hash_join((mn_join_kind)k, false, false);
        test_hash_join((mn_join_kind)k, true, false);
        test_hash_join((mn_join_kind)k, false, true);
        test_hash_join((mn_join_kind)k, true, true);
    }
    test_join_expansion();
    test_join_executor(1);
    test_join_executor(4);

    test_nl_join(MN_JOINK_INNER, true, 500, 300);
    test_nl_join(MN_JOINK_LEFT, true, 500, 300);
    test_nl_join(MN_JOINK_SEMI, true, 500, 300);
    test_nl_join(MN_JOINK_ANTI, true, 500, 300);
    test_nl_join(MN_JOINK_INNER, false, 300, 20);
    test_nl_join(MN_JOINK_LEFT, true, 100, 0);
    mn_error err;
    CHECK(mn_op_nested_loop_join(&A, gen_op(1, &T_BIG, 0, 1, fill_none), gen_op(1, &T_BIG, 0, 1, fill_none),
                                 MN_JOINK_FULL, NULL, &err) == NULL);

    test_sort(1, -1, 0, SORT_N);
    test_sort(4, -1, 0, SORT_N);
    test_sort(4, -1, 100, SORT_N);
    test_sort(4, 10, 0, SORT_N);
    test_sort(3, 100, 50, SORT_N);
    test_sort(2, 5000, 7, SORT_N);
    test_sort(2, 0, 0, SORT_N);
    test_sort(2, 10, 0, 0);
    test_sort(2, -1, 0, 0);
    test_sort(1, 10, SORT_N + 5, SORT_N);
    test_sort_parallel();

    mn_arena_destroy(&A);
    CHECK_DONE();
}
