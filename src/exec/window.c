/* window.c — window functions with Trino semantics: ranking (row_number, rank, dense_rank,
 * percent_rank, cume_dist, ntile), navigation (lag, lead, first_value, last_value,
 * nth_value, with IGNORE NULLS) and aggregates over ROWS / RANGE / GROUPS frames.
 * Sink: every worker stores its input rows, one placeholder column per call (the result,
 * written later) and the evaluated partition, order, argument and frame expressions in a
 * private rowstore; combine absorbs the stores. Finalize sorts row pointers once per
 * distinct (PARTITION BY, ORDER BY) spec, walks the partitions and writes each call's
 * result into its stored column; nothing is evaluated again. Source: one worker emits the
 * rows (input columns, then the results) in the order of the last call's spec.
 * Aggregates: frames whose start is fixed and end only grows (the default frame, whole
 * partitions, UNBOUNDED PRECEDING .. x) accumulate incrementally, frames whose end is fixed
 * and start only grows (x .. UNBOUNDED FOLLOWING) accumulate backwards, and other frames
 * are recomputed per row (O(rows * frame)); a row whose frame equals the previous row's
 * reuses its result. Aggregate finalize functions must be repeatable (not destroy the
 * state), which every function in aggregates.c / agg_distinct.c is. */
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/operators.h"
#include "exec/psort.h"
#include "exec/rowsink.h"

#define OFFSET_MSG "Window frame offset value must not be negative or null"

/* ---------- plan data ---------- */

/* A distinct (PARTITION BY, ORDER BY) pair: rows are sorted once for all its calls. */
typedef struct win_spec {
    int npart, norder;
    int *part_cols;       /* stored columns of the partition keys */
    mn_rs_sort_key *keys; /* npart partition keys (ascending), then the norder order keys */
} win_spec;

/* One frame bound over stored columns. */
typedef struct win_bound {
    mn_frame_bound_kind kind;
    int off_col; /* PRECEDING/FOLLOWING: the offset (ROWS/GROUPS: BIGINT), else -1 */
    int val_col; /* RANGE with an offset: the order key +/- the offset, else -1 */
    int key_col; /* RANGE with an offset: the order key cast to val_col's type */
} win_bound;

typedef struct win_ccfg {
    const mn_window_call *call;
    mn_window_kind kind;
    int spec;
    int res_col;       /* stored column receiving the result (== output column) */
    int nargs;
    int arg_cols[3];   /* value/offset/default, nth offset, ntile buckets */
    int *agg_cols;     /* aggregate arguments */
    int filter_col;    /* aggregate FILTER, -1 when none */
    mn_frame_unit unit;
    win_bound lo, hi;  /* the effective frame (the default filled in) */
    bool range_desc;   /* RANGE with offsets: the order key is descending */
} win_ccfg;

typedef struct win_cfg {
    int nin, ncalls, nspecs;
    win_ccfg *calls;
    win_spec *specs;
    int nexprs, capexprs; /* computed columns, stored after the result columns */
    mn_expr **exprs;
    int nstore;
    mn_type *store_types;
    int out_spec;         /* the spec whose order the rows are emitted in (-1: storage order) */
} win_cfg;

/* ---------- run-time states ---------- */

typedef struct win_global {
    mn_rowsink sink;    /* first: see rowsink.h */
    mn_arena heap;      /* strings of aggregate results */
    uint8_t **out;      /* every row, in emission order */
    int64_t n;
    atomic_int_fast64_t cursor;
    bool finalized;
    mn_query_ctx *q;
} win_global;

typedef struct win_local {
    mn_rowsink_local sink; /* first; x[i] evaluates computed expression i */
    mn_vector *nullv;      /* per call: a constant NULL of the result type */
    int nnullv;            /* how many of nullv are initialized */
} win_local;

_Static_assert(offsetof(win_global, sink) == 0 && offsetof(win_local, sink) == 0, "rowsink first");

/* Finalize scratch, grown to the largest partition (no allocation per row). Indices are
 * relative to the partition being computed. */
typedef struct win_work {
    const win_cfg *c;
    win_global *g;
    mn_rowstore *rs;
    mn_error *err;
    int64_t cap;
    int64_t *gid;   /* peer group of each row */
    int64_t *gs;    /* start of each peer group; gs[G] = n */
    int64_t G;
    int64_t *lo, *hi; /* frame of each row, inclusive; empty when lo > hi */
    int64_t *cnt;   /* IGNORE NULLS: non-NULL values in rows [0, r) (n + 1 entries) */
    int64_t *nnpos; /* IGNORE NULLS: rows holding a non-NULL value, ascending */
    int64_t nnn;    /* their number */
} win_work;

/* ---------- small helpers ---------- */

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

static inline bool is_null(const mn_rowstore *rs, const uint8_t *row, int col) {
    return mn_rowstore_is_null(rs, row, col);
}

static inline void put_null(const mn_rowstore *rs, uint8_t *row, int col) { row[rs->null_off + (uint32_t)col] = 1; }

static inline void put_i64(const mn_rowstore *rs, uint8_t *row, int col, int64_t v) {
    memcpy(row + rs->offs[col], &v, sizeof v);
    row[rs->null_off + (uint32_t)col] = 0;
}

static inline void put_f64(const mn_rowstore *rs, uint8_t *row, int col, double v) {
    memcpy(row + rs->offs[col], &v, sizeof v);
    row[rs->null_off + (uint32_t)col] = 0;
}

/* dst's column dcol = src's column scol (same physical layout; strings stay where they are:
 * both rows live in the same store). */
static inline void copy_val(const mn_rowstore *rs, uint8_t *dst, int dcol, const uint8_t *src, int scol) {
    if (is_null(rs, src, scol)) {
        put_null(rs, dst, dcol);
        return;
    }
    memcpy(dst + rs->offs[dcol], src + rs->offs[scol], rs->sizes[dcol]);
    dst[rs->null_off + (uint32_t)dcol] = 0;
}

/* A BIGINT column; false when NULL. */
static inline bool get_i64(const mn_rowstore *rs, const uint8_t *row, int col, int64_t *v) {
    if (is_null(rs, row, col)) return false;
    memcpy(v, row + rs->offs[col], sizeof *v);
    return true;
}

static int grow(int64_t **p, int64_t n) {
    int64_t *q = realloc(*p, sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
    if (!q) return -1;
    *p = q;
    return 0;
}

static int work_reserve(win_work *w, int64_t n) {
    if (n + 1 <= w->cap) return 0;
    int64_t cap = w->cap ? w->cap : 64;
    while (cap < n + 1) cap *= 2;
    if (grow(&w->gid, cap) || grow(&w->gs, cap) || grow(&w->lo, cap) || grow(&w->hi, cap) || grow(&w->cnt, cap) ||
        grow(&w->nnpos, cap))
        return mn_error_set(w->err, MN_ERR_OUT_OF_MEMORY, "out of memory computing window functions");
    w->cap = cap;
    return 0;
}

static void work_free(win_work *w) {
    free(w->gid);
    free(w->gs);
    free(w->lo);
    free(w->hi);
    free(w->cnt);
    free(w->nnpos);
}

/* ---------- frames ---------- */

/* Peer groups of the partition P[0..n) (all rows are peers without ORDER BY). */
static void compute_peers(win_work *w, const win_spec *sp, uint8_t **P, int64_t n) {
    int64_t g = 0;
    w->gs[0] = 0;
    for (int64_t r = 0; r < n; r++) {
        if (r > 0 && sp->norder > 0 &&
            mn_rowstore_cmp_rows(w->rs, P[r - 1], P[r], sp->keys + sp->npart, sp->norder) != 0)
            w->gs[++g] = r;
        w->gid[r] = g;
    }
    w->G = n > 0 ? g + 1 : 0;
    w->gs[w->G] = n;
}

static int get_offset(win_work *w, const uint8_t *row, int col, int64_t *k) {
    if (!get_i64(w->rs, row, col, k) || *k < 0) return mn_error_set(w->err, MN_ERR_INVALID_ARGUMENT, OFFSET_MSG);
    return 0;
}

/* Whether a stored offset of any numeric/interval type is negative. */
#define NEGATIVE_AS(T)                                                                                                 \
    do {                                                                                                               \
        T v;                                                                                                           \
        memcpy(&v, p, sizeof v);                                                                                       \
        return v < 0;                                                                                                  \
    } while (0)
static bool slot_negative(const mn_rowstore *rs, const uint8_t *row, int col) {
    const uint8_t *p = row + rs->offs[col];
    switch (rs->kinds[col]) {
    case MN_RS_I8: NEGATIVE_AS(int8_t);
    case MN_RS_I16: NEGATIVE_AS(int16_t);
    case MN_RS_I32: NEGATIVE_AS(int32_t);
    case MN_RS_I64: NEGATIVE_AS(int64_t);
    case MN_RS_I128: NEGATIVE_AS(mn_i128);
    case MN_RS_F32: NEGATIVE_AS(float);
    case MN_RS_F64: NEGATIVE_AS(double);
    default: return false;
    }
}

/* RANGE with an offset: the first (start) or last (end) row of the non-NULL section
 * [nlo, nhi] whose key is on the far side of the current row's bound value. */
static int64_t range_seek(win_work *w, const win_ccfg *cc, const win_bound *b, uint8_t **P, int64_t r, int64_t nlo,
                          int64_t nhi, bool start) {
    const mn_rowstore *rs = w->rs;
    mn_type t = w->c->store_types[b->val_col];
    const void *bound = P[r] + rs->offs[b->val_col];
    int dir = cc->range_desc ? -1 : 1;
    /* c(j) = dir * cmp(key_j, bound) is non-decreasing in j over the non-NULL section */
    int64_t a = nlo, z = nhi + 1;
    if (start) { /* first j with c(j) >= 0 */
        while (a < z) {
            int64_t m = a + (z - a) / 2;
            if (dir * mn_rowstore_cmp_slot(t, P[m] + rs->offs[b->key_col], bound) < 0) a = m + 1;
            else z = m;
        }
        return a;
    }
    while (a < z) { /* first j with c(j) > 0; the answer is the row before */
        int64_t m = a + (z - a) / 2;
        if (dir * mn_rowstore_cmp_slot(t, P[m] + rs->offs[b->key_col], bound) <= 0) a = m + 1;
        else z = m;
    }
    return a - 1;
}

/* One bound of row r; start selects which side. */
static int frame_bound(win_work *w, const win_ccfg *cc, const win_bound *b, uint8_t **P, int64_t n, int64_t r,
                       int64_t nlo, int64_t nhi, bool start, int64_t *out) {
    int64_t gi = w->gid[r], k = 0;
    switch (b->kind) {
    case MN_BOUND_UNBOUNDED_PRECEDING: *out = start ? 0 : -1; return 0;
    case MN_BOUND_UNBOUNDED_FOLLOWING: *out = start ? n : n - 1; return 0;
    case MN_BOUND_CURRENT_ROW:
        if (cc->unit == MN_FRAME_ROWS) *out = r;
        else *out = start ? w->gs[gi] : w->gs[gi + 1] - 1;
        return 0;
    case MN_BOUND_PRECEDING:
    case MN_BOUND_FOLLOWING: break;
    }
    bool prec = b->kind == MN_BOUND_PRECEDING;
    if (cc->unit == MN_FRAME_RANGE) {
        if (is_null(w->rs, P[r], b->off_col) || slot_negative(w->rs, P[r], b->off_col))
            return mn_error_set(w->err, MN_ERR_INVALID_ARGUMENT, OFFSET_MSG);
        if (is_null(w->rs, P[r], b->val_col)) { /* NULL key: the bound acts as CURRENT ROW */
            *out = start ? w->gs[gi] : w->gs[gi + 1] - 1;
            return 0;
        }
        *out = range_seek(w, cc, b, P, r, nlo, nhi, start);
        return 0;
    }
    if (get_offset(w, P[r], b->off_col, &k)) return -1;
    if (cc->unit == MN_FRAME_ROWS) {
        if (prec) *out = k > r ? (start ? 0 : -1) : r - k;
        else *out = k > n - 1 - r ? (start ? n : n - 1) : r + k;
        return 0;
    }
    /* GROUPS */
    if (prec) {
        if (k > gi) *out = start ? 0 : -1;
        else *out = start ? w->gs[gi - k] : w->gs[gi - k + 1] - 1;
    } else {
        if (k >= w->G - gi) *out = start ? n : n - 1;
        else *out = start ? w->gs[gi + k] : w->gs[gi + k + 1] - 1;
    }
    return 0;
}

/* Frames of every row of the partition into w->lo / w->hi (clamped to [0, n-1] on the
 * inside; empty when lo > hi). */
static int compute_frames(win_work *w, const win_ccfg *cc, const win_spec *sp, uint8_t **P, int64_t n) {
    int64_t nlo = 0, nhi = n - 1;
    bool range_off = cc->unit == MN_FRAME_RANGE && (cc->lo.val_col >= 0 || cc->hi.val_col >= 0);
    if (range_off) { /* the non-NULL section of the (single) order key */
        int kc = sp->keys[sp->npart].col;
        while (nlo < n && is_null(w->rs, P[nlo], kc)) nlo++;
        while (nhi >= nlo && is_null(w->rs, P[nhi], kc)) nhi--;
    }
    for (int64_t r = 0; r < n; r++) {
        int64_t lo, hi;
        if (frame_bound(w, cc, &cc->lo, P, n, r, nlo, nhi, true, &lo) ||
            frame_bound(w, cc, &cc->hi, P, n, r, nlo, nhi, false, &hi))
            return -1;
        if (lo < 0) lo = 0;
        if (hi > n - 1) hi = n - 1;
        w->lo[r] = lo;
        w->hi[r] = hi;
    }
    return 0;
}

/* IGNORE NULLS helpers over the value column: w->cnt and w->nnpos. */
static void compute_nonnull(win_work *w, uint8_t **P, int64_t n, int col) {
    int64_t m = 0;
    for (int64_t r = 0; r < n; r++) {
        w->cnt[r] = m;
        if (!is_null(w->rs, P[r], col)) w->nnpos[m++] = r;
    }
    w->cnt[n] = m;
    w->nnn = m;
}

/* ---------- aggregates over frames ---------- */

/* Aggregate states live in `states`: one for the running modes, up to BLOCK_ROWS (one per
 * output row of a block) when frames are recomputed. Rows to fold are queued with their
 * state and fed to fn->update MN_VECTOR_SIZE at a time. */
#define BLOCK_ROWS 512

typedef struct agg_run {
    win_work *w;
    const win_ccfg *cc;
    const mn_agg_call *agg;
    size_t ssz;         /* state size rounded up to 16 */
    uint8_t *states;    /* BLOCK_ROWS states */
    int nlive;          /* states[0..nlive) initialized and not yet destroyed */
    mn_arena arena;     /* what states allocate; rewound when they are destroyed */
    mn_agg_ctx actx;
    int nargs;
    mn_vector *vecs;    /* argument vectors (nargs) */
    mn_vector **argv;
    int nvec;           /* initialized vectors */
    uint8_t **qrows;    /* queued rows (MN_VECTOR_SIZE) */
    void **qstates;     /* and their states */
    int nq;
    mn_vector outv;     /* finalize target */
    bool outv_ready;
    int outk;
} agg_run;

static inline void *run_state(agg_run *ar, int i) { return ar->states + ar->ssz * (size_t)i; }

/* Initializes states [0, n). */
static void run_states_init(agg_run *ar, int n) {
    for (int i = 0; i < n; i++) {
        memset(run_state(ar, i), 0, ar->agg->fn->state_size);
        ar->agg->fn->init(ar->agg, run_state(ar, i));
        ar->nlive = i + 1;
    }
}

static void run_states_done(agg_run *ar) {
    if (ar->agg->fn->destroy)
        for (int i = 0; i < ar->nlive; i++) ar->agg->fn->destroy(ar->agg, run_state(ar, i));
    ar->nlive = 0;
    mn_arena_rewind(&ar->arena);
}

static void run_free(agg_run *ar) {
    if (ar->states) run_states_done(ar);
    mn_arena_destroy(&ar->arena);
    for (int k = 0; k < ar->nvec; k++) mn_vector_destroy(&ar->vecs[k]);
    if (ar->outv_ready) mn_vector_destroy(&ar->outv);
    free(ar->vecs);
    free(ar->argv);
    free(ar->qrows);
    free(ar->qstates);
    free(ar->states);
}

static int run_init(agg_run *ar, win_work *w, const win_ccfg *cc) {
    memset(ar, 0, sizeof *ar);
    ar->w = w;
    ar->cc = cc;
    ar->agg = cc->call->agg;
    mn_arena_init(&ar->arena, 0);
    ar->actx.arena = &ar->arena;
    ar->actx.err = w->err;
    ar->actx.query = w->g->q;
    ar->nargs = ar->agg->nargs;
    size_t ssz = ar->agg->fn->state_size;
    ar->ssz = ssz ? (ssz + 15) / 16 * 16 : 16;
    ar->states = aligned_alloc(16, ar->ssz * BLOCK_ROWS);
    ar->vecs = calloc((size_t)(ar->nargs ? ar->nargs : 1), sizeof *ar->vecs);
    ar->argv = calloc((size_t)(ar->nargs ? ar->nargs : 1), sizeof *ar->argv);
    ar->qrows = malloc(sizeof(uint8_t *) * MN_VECTOR_SIZE);
    ar->qstates = malloc(sizeof(void *) * MN_VECTOR_SIZE);
    if (!ar->states || !ar->vecs || !ar->argv || !ar->qrows || !ar->qstates) return oom(w->err);
    for (int k = 0; k < ar->nargs; k++) {
        mn_vector_init(&ar->vecs[k], w->c->store_types[cc->agg_cols[k]]);
        ar->argv[k] = &ar->vecs[k];
        ar->nvec++;
    }
    mn_vector_init(&ar->outv, ar->agg->type);
    ar->outv_ready = true;
    if (mn_vector_prepare(&ar->outv, w->err)) return -1;
    return 0;
}

/* Feeds the queued rows to their states. */
static int run_flush(agg_run *ar) {
    int n = ar->nq;
    if (n == 0) return 0;
    ar->nq = 0;
    for (int k = 0; k < ar->nargs; k++) {
        if (mn_vector_prepare(&ar->vecs[k], ar->w->err)) return -1;
        if (mn_rowstore_gather(ar->w->rs, ar->qrows, n, ar->cc->agg_cols[k], &ar->vecs[k], 0, ar->w->err)) return -1;
    }
    return ar->agg->fn->update(ar->agg, &ar->actx, ar->argv, n, ar->qstates);
}

/* Queues rows P[from..to] (inclusive) for state st, skipping rows the FILTER rejects. */
static int run_add(agg_run *ar, uint8_t **P, int64_t from, int64_t to, void *st) {
    const mn_rowstore *rs = ar->w->rs;
    int fcol = ar->cc->filter_col;
    for (int64_t i = from; i <= to; i++) {
        if (fcol >= 0 && (is_null(rs, P[i], fcol) || !P[i][rs->offs[fcol]])) continue;
        ar->qrows[ar->nq] = P[i];
        ar->qstates[ar->nq++] = st;
        if (ar->nq == MN_VECTOR_SIZE && run_flush(ar)) return -1;
    }
    return 0;
}

/* Writes state st's current result into row's result column (queued rows flushed first). */
static int run_emit(agg_run *ar, void *st, uint8_t *row) {
    win_work *w = ar->w;
    const mn_rowstore *rs = w->rs;
    int col = ar->cc->res_col;
    if (run_flush(ar)) return -1;
    if (ar->outk == MN_VECTOR_SIZE) {
        if (mn_vector_prepare(&ar->outv, w->err)) return -1;
        ar->outk = 0;
    }
    int k = ar->outk++;
    if (ar->agg->fn->finalize(ar->agg, &ar->actx, st, &ar->outv, k)) return -1;
    if (mn_vector_is_null(&ar->outv, k)) {
        put_null(rs, row, col);
        return 0;
    }
    size_t sz = rs->sizes[col];
    const uint8_t *src = (const uint8_t *)ar->outv.data + sz * (size_t)k;
    if (rs->kinds[col] == MN_RS_STR) {
        mn_str s;
        memcpy(&s, src, sizeof s);
        char *p = mn_arena_alloc(&w->g->heap, s.len ? s.len : 1);
        if (!p) return oom(w->err);
        if (s.len) memcpy(p, s.ptr, s.len);
        s.ptr = p;
        memcpy(row + rs->offs[col], &s, sizeof s);
    } else {
        memcpy(row + rs->offs[col], src, sz);
    }
    row[rs->null_off + (uint32_t)col] = 0;
    return 0;
}

static inline bool same_frame(const win_work *w, int64_t a, int64_t b) {
    bool ea = w->lo[a] > w->hi[a], eb = w->lo[b] > w->hi[b];
    if (ea || eb) return ea && eb;
    return w->lo[a] == w->lo[b] && w->hi[a] == w->hi[b];
}

static int agg_partition(agg_run *ar, uint8_t **P, int64_t n) {
    win_work *w = ar->w;
    const mn_rowstore *rs = w->rs;
    int col = ar->cc->res_col;
    if (n == 0) return 0;
    bool fixed_lo = true, fixed_hi = true, grow_hi = true, grow_lo = true;
    for (int64_t r = 1; r < n; r++) {
        if (w->lo[r] != w->lo[0]) fixed_lo = false;
        if (w->hi[r] != w->hi[0]) fixed_hi = false;
        if (w->hi[r] < w->hi[r - 1]) grow_hi = false;
        if (w->lo[r] < w->lo[r - 1]) grow_lo = false;
    }
    void *st = run_state(ar, 0);
    if (fixed_lo && grow_hi) { /* running forwards */
        int64_t added = w->lo[0] - 1;
        run_states_init(ar, 1);
        for (int64_t r = 0; r < n; r++) {
            if (r > 0 && same_frame(w, r, r - 1)) {
                copy_val(rs, P[r], col, P[r - 1], col);
                continue;
            }
            if (w->hi[r] > added) {
                if (run_add(ar, P, added + 1, w->hi[r], st)) return -1;
                added = w->hi[r];
            }
            if (run_emit(ar, st, P[r])) return -1;
        }
        run_states_done(ar);
        return 0;
    }
    if (fixed_hi && grow_lo) { /* running backwards */
        int64_t added = w->hi[0] + 1;
        run_states_init(ar, 1);
        for (int64_t r = n - 1; r >= 0; r--) {
            if (r < n - 1 && same_frame(w, r, r + 1)) {
                copy_val(rs, P[r], col, P[r + 1], col);
                continue;
            }
            if (w->lo[r] < added) {
                if (run_add(ar, P, w->lo[r], added - 1, st)) return -1;
                added = w->lo[r];
            }
            if (run_emit(ar, st, P[r])) return -1;
        }
        run_states_done(ar);
        return 0;
    }
    /* general frames: recomputed, a block of rows (one state each) at a time */
    for (int64_t b = 0; b < n; b += BLOCK_ROWS) {
        int64_t e = n - b < BLOCK_ROWS ? n : b + BLOCK_ROWS;
        run_states_init(ar, (int)(e - b));
        for (int64_t r = b; r < e; r++) {
            if ((r > 0 && same_frame(w, r, r - 1)) || w->lo[r] > w->hi[r]) continue;
            if (run_add(ar, P, w->lo[r], w->hi[r], run_state(ar, (int)(r - b)))) return -1;
        }
        for (int64_t r = b; r < e; r++) {
            if (r > 0 && same_frame(w, r, r - 1)) copy_val(rs, P[r], col, P[r - 1], col);
            else if (run_emit(ar, run_state(ar, (int)(r - b)), P[r])) return -1;
        }
        run_states_done(ar);
    }
    return 0;
}

/* ---------- the other functions ---------- */

static int64_t ntile_bucket(int64_t buckets, int64_t r, int64_t n) {
    if (n < buckets) return r;
    int64_t rem = n % buckets, per = n / buckets;
    if (r < (per + 1) * rem) return r / (per + 1);
    return (r - rem) / per;
}

/* lag/lead: the row the value comes from, or -1 (use the default). */
static int64_t nav_source(const win_work *w, bool lag, bool ignore_nulls, int64_t r, int64_t n, int64_t k) {
    if (k == 0) return r;
    if (ignore_nulls) {
        if (lag) return k <= w->cnt[r] ? w->nnpos[w->cnt[r] - k] : -1;
        int64_t after = w->nnn - w->cnt[r + 1]; /* non-NULL values after row r */
        return k <= after ? w->nnpos[w->cnt[r + 1] + k - 1] : -1;
    }
    if (lag) return k <= r ? r - k : -1;
    return k <= n - 1 - r ? r + k : -1;
}

static int value_partition(win_work *w, const win_ccfg *cc, uint8_t **P, int64_t n) {
    const mn_rowstore *rs = w->rs;
    int col = cc->res_col, vcol = cc->arg_cols[0];
    bool ign = cc->call->ignore_nulls;
    if (ign) compute_nonnull(w, P, n, vcol);
    for (int64_t r = 0; r < n; r++) {
        uint8_t *row = P[r];
        int64_t src = -1;
        switch (cc->kind) {
        case MN_WIN_LAG:
        case MN_WIN_LEAD: {
            int64_t k = 1;
            if (cc->nargs >= 2 && !get_i64(rs, row, cc->arg_cols[1], &k)) break;
            if (k < 0) return mn_error_set(w->err, MN_ERR_INVALID_ARGUMENT, "Offset must be at least 0");
            src = nav_source(w, cc->kind == MN_WIN_LAG, ign, r, n, k);
            if (src < 0 && cc->nargs >= 3) {
                copy_val(rs, row, col, row, cc->arg_cols[2]);
                continue;
            }
            break;
        }
        case MN_WIN_FIRST_VALUE:
        case MN_WIN_LAST_VALUE: {
            int64_t lo = w->lo[r], hi = w->hi[r];
            if (lo > hi) break;
            bool first = cc->kind == MN_WIN_FIRST_VALUE;
            if (!ign) {
                src = first ? lo : hi;
            } else if (first) {
                int64_t i = w->cnt[lo];
                if (i < w->nnn && w->nnpos[i] <= hi) src = w->nnpos[i];
            } else {
                int64_t i = w->cnt[hi + 1] - 1;
                if (i >= 0 && w->nnpos[i] >= lo) src = w->nnpos[i];
            }
            break;
        }
        case MN_WIN_NTH_VALUE: {
            int64_t lo = w->lo[r], hi = w->hi[r], k;
            if (lo > hi || !get_i64(rs, row, cc->arg_cols[1], &k)) break;
            if (k < 1) return mn_error_set(w->err, MN_ERR_INVALID_ARGUMENT, "Offset must be at least 1");
            if (!ign) {
                if (k - 1 <= hi - lo) src = lo + k - 1;
            } else {
                int64_t base = w->cnt[lo];
                if (k - 1 < w->nnn - base && w->nnpos[base + k - 1] <= hi) src = w->nnpos[base + k - 1];
            }
            break;
        }
        default: break;
        }
        if (src < 0) put_null(rs, row, col);
        else copy_val(rs, row, col, P[src], vcol);
    }
    return 0;
}

static int rank_partition(win_work *w, const win_ccfg *cc, uint8_t **P, int64_t n) {
    const mn_rowstore *rs = w->rs;
    int col = cc->res_col;
    for (int64_t r = 0; r < n; r++) {
        uint8_t *row = P[r];
        int64_t g = w->gid[r];
        switch (cc->kind) {
        case MN_WIN_ROW_NUMBER: put_i64(rs, row, col, r + 1); break;
        case MN_WIN_RANK: put_i64(rs, row, col, w->gs[g] + 1); break;
        case MN_WIN_DENSE_RANK: put_i64(rs, row, col, g + 1); break;
        case MN_WIN_PERCENT_RANK: put_f64(rs, row, col, n == 1 ? 0.0 : (double)w->gs[g] / (double)(n - 1)); break;
        case MN_WIN_CUME_DIST: put_f64(rs, row, col, (double)w->gs[g + 1] / (double)n); break;
        case MN_WIN_NTILE: {
            int64_t b;
            if (!get_i64(rs, row, cc->arg_cols[0], &b)) {
                put_null(rs, row, col);
                break;
            }
            if (b <= 0) return mn_error_set(w->err, MN_ERR_INVALID_ARGUMENT, "Buckets must be greater than 0");
            put_i64(rs, row, col, ntile_bucket(b, r, n) + 1);
            break;
        }
        default: break;
        }
    }
    return 0;
}

static bool uses_frame(mn_window_kind k) {
    return k == MN_WIN_FIRST_VALUE || k == MN_WIN_LAST_VALUE || k == MN_WIN_NTH_VALUE || k == MN_WIN_AGGREGATE;
}

/* Computes every call of spec s over the rows P[0..n) sorted by the spec. */
static int compute_spec(win_work *w, int s, uint8_t **P, int64_t n) {
    const win_cfg *c = w->c;
    const win_spec *sp = &c->specs[s];
    agg_run *runs = calloc((size_t)c->ncalls, sizeof *runs);
    if (!runs) return oom(w->err);
    int rc = 0;
    bool *ready = calloc((size_t)c->ncalls, sizeof *ready);
    if (!ready) rc = oom(w->err);
    for (int i = 0; rc == 0 && i < c->ncalls; i++) {
        if (c->calls[i].spec != s || c->calls[i].kind != MN_WIN_AGGREGATE) continue;
        ready[i] = true;
        rc = run_init(&runs[i], w, &c->calls[i]);
    }
    int64_t ps = 0;
    while (rc == 0 && ps < n) {
        int64_t pe = ps + 1;
        if (sp->npart == 0) pe = n;
        while (pe < n && mn_rowstore_cmp_rows(w->rs, P[pe - 1], P[pe], sp->keys, sp->npart) == 0) pe++;
        int64_t m = pe - ps;
        uint8_t **Q = P + ps;
        if ((rc = work_reserve(w, m))) break;
        compute_peers(w, sp, Q, m);
        for (int i = 0; rc == 0 && i < c->ncalls; i++) {
            const win_ccfg *cc = &c->calls[i];
            if (cc->spec != s) continue;
            if (uses_frame(cc->kind) && (rc = compute_frames(w, cc, sp, Q, m))) break;
            switch (cc->kind) {
            case MN_WIN_AGGREGATE: rc = agg_partition(&runs[i], Q, m); break;
            case MN_WIN_LAG:
            case MN_WIN_LEAD:
            case MN_WIN_FIRST_VALUE:
            case MN_WIN_LAST_VALUE:
            case MN_WIN_NTH_VALUE: rc = value_partition(w, cc, Q, m); break;
            default: rc = rank_partition(w, cc, Q, m); break;
            }
        }
        ps = pe;
    }
    for (int i = 0; i < c->ncalls; i++)
        if (ready && ready[i]) run_free(&runs[i]);
    free(ready);
    free(runs);
    return rc;
}

/* ---------- sink ---------- */

static void *win_sink_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    win_cfg *c = op->config;
    win_global *g = mn_rowsink_new(sizeof *g, c->nstore, c->store_types, 0, err);
    if (!g) return NULL;
    mn_arena_init(&g->heap, 0);
    atomic_init(&g->cursor, 0);
    g->q = q;
    return g;
}

static void win_sink_free_global(mn_physop *op, void *gp) {
    win_global *g = gp;
    mn_arena_destroy(&g->heap);
    free(g->out);
    mn_rowsink_free(g);
}

static void win_sink_free_local(mn_physop *op, void *lp) {
    win_local *l = lp;
    for (int i = 0; i < l->nnullv; i++) mn_vector_destroy(&l->nullv[i]);
    free(l->nullv);
    mn_rowsink_local_free(l);
}

static void *win_sink_local(mn_physop *op, void *gp, mn_query_ctx *q, mn_error *err) {
    win_cfg *c = op->config;
    win_local *l = mn_rowsink_local_new(sizeof *l, c->nstore, c->store_types, 0, c->exprs, c->nexprs, q, err);
    if (!l) return NULL;
    l->nullv = calloc((size_t)(c->ncalls ? c->ncalls : 1), sizeof *l->nullv);
    if (!l->nullv) {
        oom(err);
        goto fail;
    }
    for (int k = 0; k < c->ncalls; k++) {
        mn_vector *v = &l->nullv[k];
        mn_vector_init(v, c->store_types[c->nin + k]);
        l->nnullv++;
        if (mn_vector_prepare_const(v, err)) goto fail;
        memset(v->data, 0, mn_type_size(v->type));
        mn_vector_set_null(v, 0);
        if (!v->nulls) {
            oom(err);
            goto fail;
        }
        l->sink.cols[c->nin + k] = v;
    }
    return l;
fail:
    win_sink_free_local(op, l);
    return NULL;
}

static int win_sink(mn_physop *op, void *gp, void *lp, mn_chunk *in, mn_op_status *status, mn_error *err) {
    win_cfg *c = op->config;
    win_local *l = lp;
    *status = MN_OP_NEED_INPUT;
    if (in->count <= 0) return 0;
    mn_rowsink_local *ls = &l->sink;
    for (int i = 0; i < c->nin; i++) ls->cols[i] = &in->cols[i];
    for (int i = 0; i < c->nexprs; i++)
        if (mn_expr_exec_eval(ls->x[i], 0, in, &ls->cols[c->nin + c->ncalls + i], err)) return -1;
    return mn_rowstore_append(&ls->rows, ls->cols, NULL, in->count, NULL, err);
}

static int win_sink_finalize(mn_physop *op, void *gp, mn_error *err) {
    win_cfg *c = op->config;
    win_global *g = gp;
    int64_t n = g->sink.rows.count;
    size_t bytes = sizeof(uint8_t *) * (size_t)(n ? n : 1);
    uint8_t **base = malloc(bytes), **perm = malloc(bytes);
    win_work w = {.c = c, .g = g, .rs = &g->sink.rows, .err = err};
    int threads = g->q && g->q->threads > 0 ? g->q->threads : 1;
    int rc = 0;
    if (!base || !perm) {
        rc = mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory computing window functions over %lld rows",
                          (long long)n);
        goto out;
    }
    mn_rowstore_collect(&g->sink.rows, base);
    /* the emission spec last, so its order is what perm holds at the end */
    for (int k = 0; rc == 0 && k < c->nspecs; k++) {
        int s = k == c->nspecs - 1 ? c->out_spec : (k >= c->out_spec ? k + 1 : k);
        const win_spec *sp = &c->specs[s];
        rc = mn_psort_rows(&g->sink.rows, sp->keys, sp->npart + sp->norder, base, perm, n, threads, err);
        if (rc == 0) rc = compute_spec(&w, s, perm, n);
    }
    if (rc == 0) {
        free(g->out);
        g->out = c->nspecs > 0 ? perm : base;
        if (c->nspecs > 0) perm = NULL;
        else base = NULL;
        g->n = n;
        atomic_store(&g->cursor, 0);
        g->finalized = true;
    }
out:
    work_free(&w);
    free(base);
    free(perm);
    return rc;
}

/* ---------- source ---------- */

static void *win_source_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    return mn_physop_sink_state(op, q, err); /* empty when the input pipeline never ran */
}

static int win_source_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    win_cfg *c = op->config;
    win_global *g = gp;
    out->count = 0;
    if (!g->finalized) return mn_error_set(err, MN_ERR_INTERNAL, "window emitted before it was finalized");
    return mn_rowstore_emit_next(&g->sink.rows, g->out, g->n, &g->cursor, c->nin + c->ncalls, out, err);
}

/* ---------- EXPLAIN ---------- */

static const char *kind_name(mn_window_kind k) {
    static const char *const names[] = {"row_number", "rank",        "dense_rank", "percent_rank",
                                        "cume_dist",  "ntile",       "lag",        "lead",
                                        "first_value", "last_value", "nth_value",  "aggregate"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static const char *bound_text(mn_frame_bound_kind k) {
    switch (k) {
    case MN_BOUND_UNBOUNDED_PRECEDING: return "UNBOUNDED PRECEDING";
    case MN_BOUND_PRECEDING: return "PRECEDING";
    case MN_BOUND_CURRENT_ROW: return "CURRENT ROW";
    case MN_BOUND_FOLLOWING: return "FOLLOWING";
    case MN_BOUND_UNBOUNDED_FOLLOWING: return "UNBOUNDED FOLLOWING";
    }
    return "?";
}

static void explain_bound(mn_frame_bound_kind k, const mn_expr *off, mn_strbuf *out) {
    if ((k == MN_BOUND_PRECEDING || k == MN_BOUND_FOLLOWING) && off) {
        mn_expr_render(off, out);
        mn_strbuf_puts(out, " ");
    }
    mn_strbuf_puts(out, bound_text(k));
}

static void win_explain(const mn_physop *op, mn_strbuf *out) {
    const win_cfg *c = op->config;
    for (int i = 0; i < c->ncalls; i++) {
        const mn_window_call *w = c->calls[i].call;
        if (i) mn_strbuf_puts(out, ", ");
        if (w->kind == MN_WIN_AGGREGATE && w->agg) {
            mn_strbuf_puts(out, w->agg->name ? w->agg->name : "aggregate");
            mn_strbuf_puts(out, "(");
            if (w->agg->distinct) mn_strbuf_puts(out, "DISTINCT ");
            for (int a = 0; a < w->agg->nargs; a++) {
                if (a) mn_strbuf_puts(out, ", ");
                mn_expr_render(w->agg->args[a], out);
            }
        } else {
            mn_strbuf_puts(out, kind_name(w->kind));
            mn_strbuf_puts(out, "(");
            for (int a = 0; a < w->nargs; a++) {
                if (a) mn_strbuf_puts(out, ", ");
                mn_expr_render(w->args[a], out);
            }
        }
        mn_strbuf_puts(out, w->ignore_nulls ? ") IGNORE NULLS OVER (" : ") OVER (");
        bool sp = false;
        if (w->npartition > 0) {
            mn_strbuf_puts(out, "PARTITION BY ");
            for (int k = 0; k < w->npartition; k++) {
                if (k) mn_strbuf_puts(out, ", ");
                mn_expr_render(w->partition[k], out);
            }
            sp = true;
        }
        if (w->norder > 0) {
            mn_strbuf_puts(out, sp ? " ORDER BY " : "ORDER BY ");
            for (int k = 0; k < w->norder; k++) {
                if (k) mn_strbuf_puts(out, ", ");
                mn_expr_render(w->order[k].expr, out);
                mn_strbuf_puts(out, w->order[k].descending ? " DESC" : " ASC");
                mn_strbuf_puts(out, w->order[k].nulls_first ? " NULLS FIRST" : " NULLS LAST");
            }
            sp = true;
        }
        if (w->has_frame) {
            static const char *const units[] = {"ROWS", "RANGE", "GROUPS"};
            mn_strbuf_printf(out, "%s%s BETWEEN ", sp ? " " : "", (unsigned)w->frame_unit < 3 ? units[w->frame_unit] : "?");
            explain_bound(w->start_kind, w->start_offset, out);
            mn_strbuf_puts(out, " AND ");
            explain_bound(w->end_kind, w->end_offset, out);
        }
        mn_strbuf_puts(out, ")");
    }
}

static const mn_op_vtable window_vt = {
    .name = "Window",
    .mem_usage = mn_rowsink_mem_usage,
    .source_global = win_source_global,
    .source_next = win_source_next,
    .sink_global = win_sink_global,
    .sink_local = win_sink_local,
    .sink = win_sink,
    .sink_combine = mn_rowsink_combine,
    .sink_finalize = win_sink_finalize,
    .sink_free_local = win_sink_free_local,
    .sink_free_global = win_sink_free_global,
    .explain = win_explain,
};

/* ---------- plan ---------- */

typedef struct builder {
    mn_arena *a;
    win_cfg *c;
    const mn_physop *child;
    mn_error *err;
} builder;

/* The stored column holding e: an input column, or a computed one (shared when equal). */
static int add_expr(builder *b, mn_expr *e, int *col) {
    win_cfg *c = b->c;
    if (!e) return mn_error_set(b->err, MN_ERR_INTERNAL, "window: missing expression");
    if (e->kind == MN_EXPR_COLUMN && e->column >= 0 && e->column < c->nin &&
        mn_type_equal(e->type, b->child->types[e->column])) {
        *col = e->column;
        return 0;
    }
    for (int i = 0; i < c->nexprs; i++)
        if (mn_type_equal(c->exprs[i]->type, e->type) && mn_expr_equal(c->exprs[i], e)) {
            *col = c->nin + c->ncalls + i;
            return 0;
        }
    if (c->nexprs == c->capexprs) {
        int nc = c->capexprs ? c->capexprs * 2 : 16;
        mn_expr **ne = mn_arena_alloc(b->a, sizeof *ne * (size_t)nc);
        if (!ne) return oom(b->err);
        if (c->nexprs) memcpy(ne, c->exprs, sizeof *ne * (size_t)c->nexprs);
        c->exprs = ne;
        c->capexprs = nc;
    }
    c->exprs[c->nexprs] = e;
    *col = c->nin + c->ncalls + c->nexprs++;
    return 0;
}

static int add_coerced(builder *b, mn_expr *e, mn_type t, int *col) {
    if (!e) return mn_error_set(b->err, MN_ERR_INTERNAL, "window: missing argument");
    mn_expr *x = e;
    if (!mn_type_equal(e->type, t) && mn_func_coerce(b->a, e, t, &x, b->err)) return -1;
    return add_expr(b, x, col);
}

static bool rangeable(mn_type t) {
    return mn_type_is_numeric(t) || t.id == MN_T_DATE || t.id == MN_T_TIMESTAMP || t.id == MN_T_INTERVAL_DS ||
           t.id == MN_T_INTERVAL_YM;
}

static int setup_bound(builder *b, win_ccfg *cc, const mn_window_call *w, win_bound *bd, mn_frame_bound_kind kind,
                       mn_expr *off) {
    bd->kind = kind;
    bd->off_col = bd->val_col = bd->key_col = -1;
    if (kind != MN_BOUND_PRECEDING && kind != MN_BOUND_FOLLOWING) return 0;
    if (!off) return mn_error_set(b->err, MN_ERR_INTERNAL, "window frame bound without an offset");
    if (cc->unit != MN_FRAME_RANGE) return add_coerced(b, off, mn_type_make(MN_T_BIGINT), &bd->off_col);
    if (w->norder != 1)
        return mn_error_set(b->err, MN_ERR_SEMANTIC,
                            "Window frame of type RANGE PRECEDING or FOLLOWING requires single sort item in ORDER BY "
                            "(actual: %d)",
                            w->norder);
    mn_expr *key = w->order[0].expr;
    char tn[64];
    if (!rangeable(key->type))
        return mn_error_set(b->err, MN_ERR_TYPE_MISMATCH,
                            "Window frame of type RANGE PRECEDING or FOLLOWING requires that sort item type be numeric, "
                            "datetime or interval (actual: %s)",
                            mn_type_name(key->type, tn, sizeof tn));
    cc->range_desc = w->order[0].descending;
    bool minus = (kind == MN_BOUND_PRECEDING) != cc->range_desc;
    mn_expr *args[2] = {key, off}, *val = NULL, *kc = NULL;
    if (mn_func_bind_scalar(b->a, minus ? "-" : "+", args, 2, off->pos, &val, b->err)) return -1;
    if (mn_func_coerce(b->a, key, val->type, &kc, b->err)) return -1;
    if (add_expr(b, off, &bd->off_col) || add_expr(b, val, &bd->val_col) || add_expr(b, kc, &bd->key_col)) return -1;
    return 0;
}

static bool same_spec(const win_spec *s, const int *pcols, int np, const mn_rs_sort_key *okeys, int no) {
    if (s->npart != np || s->norder != no) return false;
    for (int k = 0; k < np; k++)
        if (s->part_cols[k] != pcols[k]) return false;
    for (int k = 0; k < no; k++) {
        const mn_rs_sort_key *x = &s->keys[np + k], *y = &okeys[k];
        if (x->col != y->col || x->descending != y->descending || x->nulls_first != y->nulls_first) return false;
    }
    return true;
}

static int setup_spec(builder *b, win_ccfg *cc, const mn_window_call *w) {
    win_cfg *c = b->c;
    int np = w->npartition > 0 ? w->npartition : 0, no = w->norder > 0 ? w->norder : 0;
    int *pcols = mn_arena_alloc(b->a, sizeof(int) * (size_t)(np + 1));
    mn_rs_sort_key *keys = mn_arena_alloc(b->a, sizeof *keys * (size_t)(np + no + 1));
    if (!pcols || !keys) return oom(b->err);
    for (int k = 0; k < np; k++) {
        if (add_expr(b, w->partition[k], &pcols[k])) return -1;
        keys[k] = (mn_rs_sort_key){pcols[k], false, false};
    }
    for (int k = 0; k < no; k++) {
        int col;
        if (add_expr(b, w->order[k].expr, &col)) return -1;
        keys[np + k] = (mn_rs_sort_key){col, w->order[k].descending, w->order[k].nulls_first};
    }
    for (int s = 0; s < c->nspecs; s++)
        if (same_spec(&c->specs[s], pcols, np, keys + np, no)) {
            cc->spec = s;
            return 0;
        }
    win_spec *sp = &c->specs[c->nspecs];
    sp->npart = np;
    sp->norder = no;
    sp->part_cols = pcols;
    sp->keys = keys;
    cc->spec = c->nspecs++;
    return 0;
}

static int check_frame(builder *b, const mn_window_call *w) {
    mn_frame_bound_kind s = w->start_kind, e = w->end_kind;
    if (s == MN_BOUND_UNBOUNDED_FOLLOWING)
        return mn_error_set(b->err, MN_ERR_SEMANTIC, "Window frame start cannot be UNBOUNDED FOLLOWING");
    if (e == MN_BOUND_UNBOUNDED_PRECEDING)
        return mn_error_set(b->err, MN_ERR_SEMANTIC, "Window frame end cannot be UNBOUNDED PRECEDING");
    if (s == MN_BOUND_CURRENT_ROW && e == MN_BOUND_PRECEDING)
        return mn_error_set(b->err, MN_ERR_SEMANTIC, "Window frame starting from CURRENT ROW cannot end with PRECEDING");
    if (s == MN_BOUND_FOLLOWING && e == MN_BOUND_PRECEDING)
        return mn_error_set(b->err, MN_ERR_SEMANTIC, "Window frame starting from FOLLOWING cannot end with PRECEDING");
    if (s == MN_BOUND_FOLLOWING && e == MN_BOUND_CURRENT_ROW)
        return mn_error_set(b->err, MN_ERR_SEMANTIC, "Window frame starting from FOLLOWING cannot end with CURRENT ROW");
    if (w->frame_unit == MN_FRAME_GROUPS && w->norder == 0 &&
        (s == MN_BOUND_PRECEDING || s == MN_BOUND_FOLLOWING || e == MN_BOUND_PRECEDING || e == MN_BOUND_FOLLOWING))
        return mn_error_set(b->err, MN_ERR_SEMANTIC,
                            "Window frame of type GROUPS PRECEDING or FOLLOWING requires ORDER BY");
    return 0;
}

static int setup_call(builder *b, win_ccfg *cc, mn_window_call *w) {
    mn_type big = mn_type_make(MN_T_BIGINT);
    cc->call = w;
    cc->kind = w->kind;
    cc->filter_col = -1;
    cc->arg_cols[0] = cc->arg_cols[1] = cc->arg_cols[2] = -1;
    if (w->nargs < 0 || (w->nargs > 0 && !w->args) || w->npartition < 0 || w->norder < 0 ||
        (w->npartition > 0 && !w->partition) || (w->norder > 0 && !w->order))
        return mn_error_set(b->err, MN_ERR_INTERNAL, "bad window call");
    int minargs = 0, maxargs = 0;
    switch (w->kind) {
    case MN_WIN_ROW_NUMBER:
    case MN_WIN_RANK:
    case MN_WIN_DENSE_RANK:
    case MN_WIN_PERCENT_RANK:
    case MN_WIN_CUME_DIST: break;
    case MN_WIN_NTILE: minargs = maxargs = 1; break;
    case MN_WIN_LAG:
    case MN_WIN_LEAD: minargs = 1, maxargs = 3; break;
    case MN_WIN_FIRST_VALUE:
    case MN_WIN_LAST_VALUE: minargs = maxargs = 1; break;
    case MN_WIN_NTH_VALUE: minargs = maxargs = 2; break;
    case MN_WIN_AGGREGATE:
        if (!w->agg || !w->agg->fn) return mn_error_set(b->err, MN_ERR_INTERNAL, "window aggregate without a function");
        break;
    default: return mn_error_set(b->err, MN_ERR_INTERNAL, "unknown window function kind %d", (int)w->kind);
    }
    if (w->kind != MN_WIN_AGGREGATE && (w->nargs < minargs || w->nargs > maxargs))
        return mn_error_set(b->err, MN_ERR_INTERNAL, "%s: wrong number of arguments (%d)", kind_name(w->kind),
                            w->nargs);
    cc->nargs = w->nargs;
    mn_type want = w->type;
    switch (w->kind) {
    case MN_WIN_ROW_NUMBER:
    case MN_WIN_RANK:
    case MN_WIN_DENSE_RANK:
    case MN_WIN_NTILE:
        if (w->type.id != MN_T_BIGINT) return mn_error_set(b->err, MN_ERR_INTERNAL, "%s must return bigint", kind_name(w->kind));
        if (w->kind == MN_WIN_NTILE && add_coerced(b, w->args[0], big, &cc->arg_cols[0])) return -1;
        break;
    case MN_WIN_PERCENT_RANK:
    case MN_WIN_CUME_DIST:
        if (w->type.id != MN_T_DOUBLE) return mn_error_set(b->err, MN_ERR_INTERNAL, "%s must return double", kind_name(w->kind));
        break;
    case MN_WIN_LAG:
    case MN_WIN_LEAD:
        if (add_coerced(b, w->args[0], want, &cc->arg_cols[0])) return -1;
        if (w->nargs >= 2 && add_coerced(b, w->args[1], big, &cc->arg_cols[1])) return -1;
        if (w->nargs >= 3 && add_coerced(b, w->args[2], want, &cc->arg_cols[2])) return -1;
        break;
    case MN_WIN_FIRST_VALUE:
    case MN_WIN_LAST_VALUE:
        if (add_coerced(b, w->args[0], want, &cc->arg_cols[0])) return -1;
        break;
    case MN_WIN_NTH_VALUE:
        if (add_coerced(b, w->args[0], want, &cc->arg_cols[0]) || add_coerced(b, w->args[1], big, &cc->arg_cols[1]))
            return -1;
        break;
    case MN_WIN_AGGREGATE: {
        const mn_agg_call *agg = w->agg;
        if (mn_type_size(agg->type) != mn_type_size(w->type) ||
            mn_type_is_varlen(agg->type) != mn_type_is_varlen(w->type))
            return mn_error_set(b->err, MN_ERR_INTERNAL, "window aggregate %s: result type mismatch",
                                agg->name ? agg->name : "?");
        if (agg->nargs < 0 || (agg->nargs > 0 && !agg->args))
            return mn_error_set(b->err, MN_ERR_INTERNAL, "bad window aggregate arguments");
        cc->agg_cols = mn_arena_alloc(b->a, sizeof(int) * (size_t)(agg->nargs + 1));
        if (!cc->agg_cols) return oom(b->err);
        for (int k = 0; k < agg->nargs; k++)
            if (add_expr(b, agg->args[k], &cc->agg_cols[k])) return -1;
        if (agg->filter && add_coerced(b, agg->filter, mn_type_make(MN_T_BOOLEAN), &cc->filter_col)) return -1;
        break;
    }
    default: break;
    }
    if (setup_spec(b, cc, w)) return -1;
    /* the frame (only frame-aware functions read it) */
    if (!w->has_frame) {
        cc->unit = MN_FRAME_RANGE;
        cc->lo = (win_bound){MN_BOUND_UNBOUNDED_PRECEDING, -1, -1, -1};
        cc->hi = (win_bound){w->norder > 0 ? MN_BOUND_CURRENT_ROW : MN_BOUND_UNBOUNDED_FOLLOWING, -1, -1, -1};
        return 0;
    }
    if (w->frame_unit != MN_FRAME_ROWS && w->frame_unit != MN_FRAME_RANGE && w->frame_unit != MN_FRAME_GROUPS)
        return mn_error_set(b->err, MN_ERR_INTERNAL, "bad window frame unit");
    if (check_frame(b, w)) return -1;
    cc->unit = w->frame_unit;
    if (!uses_frame(w->kind)) { /* the frame is ignored, but Trino still validates it */
        cc->lo = (win_bound){w->start_kind, -1, -1, -1};
        cc->hi = (win_bound){w->end_kind, -1, -1, -1};
        if (w->frame_unit == MN_FRAME_RANGE && w->norder != 1 &&
            (w->start_kind == MN_BOUND_PRECEDING || w->start_kind == MN_BOUND_FOLLOWING ||
             w->end_kind == MN_BOUND_PRECEDING || w->end_kind == MN_BOUND_FOLLOWING))
            return mn_error_set(b->err, MN_ERR_SEMANTIC,
                                "Window frame of type RANGE PRECEDING or FOLLOWING requires single sort item in ORDER "
                                "BY (actual: %d)",
                                w->norder);
        return 0;
    }
    if (setup_bound(b, cc, w, &cc->lo, w->start_kind, w->start_offset) ||
        setup_bound(b, cc, w, &cc->hi, w->end_kind, w->end_offset))
        return -1;
    return 0;
}

mn_physop *mn_op_window(mn_arena *a, mn_physop *child, mn_window_call **calls, int ncalls, mn_error *err) {
    if (!child || ncalls < 0 || (ncalls > 0 && !calls)) {
        mn_error_set(err, MN_ERR_INTERNAL, "bad window operator arguments");
        return NULL;
    }
    win_cfg *c = mn_arena_calloc(a, sizeof *c);
    if (!c) goto oom;
    c->nin = child->ncols;
    c->ncalls = ncalls;
    c->calls = mn_arena_calloc(a, sizeof *c->calls * (size_t)(ncalls + 1));
    c->specs = mn_arena_calloc(a, sizeof *c->specs * (size_t)(ncalls + 1));
    if (!c->calls || !c->specs) goto oom;
    builder b = {a, c, child, err};
    for (int i = 0; i < ncalls; i++) {
        if (!calls[i]) {
            mn_error_set(err, MN_ERR_INTERNAL, "bad window call");
            return NULL;
        }
        c->calls[i].res_col = c->nin + i;
        if (setup_call(&b, &c->calls[i], calls[i])) return NULL;
    }
    c->out_spec = ncalls > 0 ? c->calls[ncalls - 1].spec : -1;
    c->nstore = c->nin + ncalls + c->nexprs;
    c->store_types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(c->nstore + 1));
    mn_type *out_types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(c->nin + ncalls + 1));
    if (!c->store_types || !out_types) goto oom;
    for (int i = 0; i < c->nin; i++) c->store_types[i] = child->types[i];
    for (int i = 0; i < ncalls; i++) c->store_types[c->nin + i] = calls[i]->type;
    for (int i = 0; i < c->nexprs; i++) c->store_types[c->nin + ncalls + i] = c->exprs[i]->type;
    memcpy(out_types, c->store_types, sizeof(mn_type) * (size_t)(c->nin + ncalls));
    mn_physop *op = mn_physop_new(a, &window_vt, c->nin + ncalls, out_types);
    if (!op) goto oom;
    if (child->names) {
        const char **names = mn_arena_calloc(a, sizeof *names * (size_t)(c->nin + ncalls + 1));
        if (!names) goto oom;
        for (int i = 0; i < c->nin; i++) names[i] = child->names[i];
        for (int i = 0; i < ncalls; i++)
            names[c->nin + i] = calls[i]->kind == MN_WIN_AGGREGATE && calls[i]->agg->name ? calls[i]->agg->name
                                                                                          : kind_name(calls[i]->kind);
        op->names = names;
    }
    op->nchildren = 1;
    op->children[0] = child;
    op->config = c;
    op->single_threaded_source = true;
    op->estimated_rows = child->estimated_rows;
    return op;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return NULL;
}
