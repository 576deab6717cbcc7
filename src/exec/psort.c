/* psort.c — stable merge sort of rowstore row pointers (see psort.h). Rows are sorted as
 * entries carrying order-preserving 64-bit images of the first two sort keys, so most
 * comparisons never touch the rows: equal images settle a comparison only when both are
 * exact (equal exact images imply equal keys), else the rows are compared. Large inputs
 * are cut into one segment per thread, sorted in parallel, then merged pairwise in
 * parallel rounds (merging neighbours keeps the sort stable). */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "exec/psort.h"

#define PARALLEL_SORT_ROWS 100000
#define MAX_SORT_THREADS 64
#define SIGN64 (UINT64_C(1) << 63)

/* row: the row pointer with bit 0 set when k0 is exact and bit 1 when k1 is (rowstore rows
 * are 16-byte aligned, see rowstore.h); the tag keeps an entry at 24 bytes, which
 * measurably speeds up the merges. */
typedef struct sort_ent {
    uint64_t k0, k1;
    uintptr_t row;
} sort_ent;

#define ROW(e) ((const uint8_t *)((e)->row & ~(uintptr_t)3))

typedef struct sorter {
    const mn_rowstore *rs;
    const mn_rs_sort_key *keys;
    int nkeys;
} sorter;

/* Image of key k of row: NULL is 0 or UINT64_MAX (by NULLS FIRST/LAST), every value lies
 * strictly between; *exact tells whether the image identifies the value. Values of an
 * opaque key (nested types, which have an order of their own) all get one inexact image. */
static uint64_t key_image(const mn_rowstore *rs, const mn_rs_sort_key *k, bool opaque, const uint8_t *row,
                          bool *exact) {
    *exact = true;
    if (rs->kinds[k->col] == MN_RS_NULL || mn_rowstore_is_null(rs, row, k->col)) return k->nulls_first ? 0 : UINT64_MAX;
    if (opaque) {
        *exact = false;
        return k->descending ? ~UINT64_C(1) : 1;
    }
    const uint8_t *p = row + rs->offs[k->col];
    uint64_t x;
    switch (rs->kinds[k->col]) {
    case MN_RS_I8: x = (uint64_t)(int64_t) * (const int8_t *)p ^ SIGN64; break;
    case MN_RS_I16: {
        int16_t v;
        memcpy(&v, p, 2);
        x = (uint64_t)(int64_t)v ^ SIGN64;
        break;
    }
    case MN_RS_I32: {
        int32_t v;
        memcpy(&v, p, 4);
        x = (uint64_t)(int64_t)v ^ SIGN64;
        break;
    }
    case MN_RS_I64: {
        int64_t v;
        memcpy(&v, p, 8);
        x = (uint64_t)v ^ SIGN64;
        if (x == 0 || x == UINT64_MAX) *exact = false;
        break;
    }
    case MN_RS_F32:
    case MN_RS_F64: {
        double d;
        if (rs->kinds[k->col] == MN_RS_F32) {
            float f;
            memcpy(&f, p, 4);
            d = f;
        } else {
            memcpy(&d, p, 8);
        }
        if (d != d) {
            x = UINT64_MAX - 1; /* NaN after every number, all NaNs equal */
        } else {
            if (d == 0) d = 0; /* -0 is 0 */
            memcpy(&x, &d, 8);
            x = (x & SIGN64) ? ~x : x | SIGN64;
        }
        break;
    }
    case MN_RS_TSTZ: { /* the instant: exact */
        mn_i128 v;
        memcpy(&v, p, 16);
        x = (uint64_t)(int64_t)(v >> 16) ^ SIGN64;
        if (x == 0 || x == UINT64_MAX) *exact = false;
        break;
    }
    case MN_RS_I128: { /* clamped to the BIGINT range: exact inside it */
        mn_i128 v;
        memcpy(&v, p, 16);
        x = (uint64_t)(v < INT64_MIN ? INT64_MIN : v > INT64_MAX ? INT64_MAX : (int64_t)v) ^ SIGN64;
        if (x == 0 || x == UINT64_MAX) *exact = false;
        break;
    }
    case MN_RS_STR: {
        /* the first 8 bytes, zero-padded: equal images of two strings of up to 8 bytes
         * that do not end in a zero byte mean equal strings */
        mn_str v;
        memcpy(&v, p, sizeof v);
        x = 0;
        for (uint32_t i = 0; i < 8; i++) x = (x << 8) | (i < v.len ? (uint8_t)v.ptr[i] : 0);
        if (v.len > 8 || v.len == 0 || v.ptr[v.len - 1] == 0 || x == UINT64_MAX) *exact = false;
        break;
    }
    default: x = (uint64_t)*p + 1; break;
    }
    return k->descending ? ~x : x;
}

static inline int ecmp(const sorter *s, const sort_ent *a, const sort_ent *b) {
    if (a->k0 != b->k0) return a->k0 < b->k0 ? -1 : 1;
    if (!(a->row & b->row & 1)) return mn_rowstore_cmp_rows(s->rs, ROW(a), ROW(b), s->keys, s->nkeys);
    if (s->nkeys <= 1) return 0;
    if (a->k1 != b->k1) return a->k1 < b->k1 ? -1 : 1;
    if (!(a->row & b->row & 2)) return mn_rowstore_cmp_rows(s->rs, ROW(a), ROW(b), s->keys + 1, s->nkeys - 1);
    if (s->nkeys <= 2) return 0;
    return mn_rowstore_cmp_rows(s->rs, ROW(a), ROW(b), s->keys + 2, s->nkeys - 2);
}

/* a[0..na) and b[0..nb), each sorted, into out; ties take a's entry first. */
static void merge(const sorter *s, const sort_ent *a, int64_t na, const sort_ent *b, int64_t nb, sort_ent *out) {
    int64_t i = 0, j = 0, k = 0;
    while (i < na && j < nb) out[k++] = ecmp(s, &b[j], &a[i]) < 0 ? b[j++] : a[i++];
    while (i < na) out[k++] = a[i++];
    while (j < nb) out[k++] = b[j++];
}

/* Sorts src[0..n): the result goes to dst[0..n) when to_dst, else back to src; the other
 * array is scratch. The levels of the recursion alternate between the two arrays, so no
 * merge result is copied back. */
static void msort(const sorter *s, sort_ent *src, sort_ent *dst, int64_t n, bool to_dst) {
    if (n <= 16) {
        sort_ent *a = to_dst ? dst : src;
        for (int64_t i = 0; i < n; i++) {
            sort_ent x = src[i];
            int64_t j = i;
            while (j > 0 && ecmp(s, &x, &a[j - 1]) < 0) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return;
    }
    int64_t h = n / 2;
    msort(s, src, dst, h, !to_dst);
    msort(s, src + h, dst + h, n - h, !to_dst);
    sort_ent *from = to_dst ? src : dst, *into = to_dst ? dst : src;
    if (ecmp(s, &from[h - 1], &from[h]) <= 0) memcpy(into, from, sizeof(sort_ent) * (size_t)n);
    else merge(s, from, h, from + h, n - h, into);
}

typedef struct sort_job {
    const sorter *s;
    sort_ent *a, *b, *out; /* msort: a in place with scratch out; merge: a and b into out */
    int64_t na, nb;
    bool is_merge;
} sort_job;

static void *run_job(void *p) {
    sort_job *j = p;
    if (j->is_merge) merge(j->s, j->a, j->na, j->b, j->nb, j->out);
    else msort(j->s, j->a, j->out, j->na, false);
    return NULL;
}

/* Runs jobs[0..n): jobs 1.. on threads of their own (inline when a thread cannot be
 * started), job 0 on the caller's. */
static void run_jobs(sort_job *jobs, int n) {
    pthread_t tid[MAX_SORT_THREADS];
    bool started[MAX_SORT_THREADS];
    for (int i = 1; i < n; i++) {
        started[i] = pthread_create(&tid[i], NULL, run_job, &jobs[i]) == 0;
        if (!started[i]) run_job(&jobs[i]);
    }
    if (n > 0) run_job(&jobs[0]);
    for (int i = 1; i < n; i++)
        if (started[i]) pthread_join(tid[i], NULL);
}

int mn_psort_rows(const mn_rowstore *rs, const mn_rs_sort_key *keys, int nkeys, uint8_t *const *rows, uint8_t **out,
                  int64_t n, int threads, mn_error *err) {
    if (nkeys == 0 || n <= 1) {
        if (n > 0 && out != rows) memmove(out, rows, sizeof(uint8_t *) * (size_t)n);
        return 0;
    }
    sort_ent *a = malloc(sizeof(sort_ent) * (size_t)n * 2);
    if (!a) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory sorting %lld rows", (long long)n);
    sort_ent *tmp = a + n;
    sorter s = {rs, keys, nkeys};
    bool opaque0 = mn_type_is_nested(rs->types[keys[0].col]);
    bool opaque1 = nkeys > 1 && mn_type_is_nested(rs->types[keys[1].col]);
    for (int64_t i = 0; i < n; i++) {
        bool e0, e1 = true;
        a[i].k0 = key_image(rs, &keys[0], opaque0, rows[i], &e0);
        a[i].k1 = nkeys > 1 ? key_image(rs, &keys[1], opaque1, rows[i], &e1) : 0;
        a[i].row = (uintptr_t)rows[i] | (e0 ? 1u : 0u) | (e1 ? 2u : 0u);
    }
    if (threads > MAX_SORT_THREADS) threads = MAX_SORT_THREADS;
    sort_ent *res = a;
    if (threads <= 1 || n < PARALLEL_SORT_ROWS) {
        msort(&s, a, tmp, n, false);
    } else {
        int64_t bounds[MAX_SORT_THREADS + 1];
        int nseg = threads;
        for (int i = 0; i <= nseg; i++) bounds[i] = n * i / nseg;
        sort_job jobs[MAX_SORT_THREADS];
        for (int i = 0; i < nseg; i++)
            jobs[i] = (sort_job){&s, a + bounds[i], NULL, tmp + bounds[i], bounds[i + 1] - bounds[i], 0, false};
        run_jobs(jobs, nseg);
        sort_ent *src = a, *dst = tmp;
        while (nseg > 1) {
            int nj = 0, nn = 0;
            for (int i = 0; i < nseg; i += 2) {
                int64_t lo = bounds[i], mid = bounds[i + 1], hi = i + 1 < nseg ? bounds[i + 2] : mid;
                jobs[nj++] = (sort_job){&s, src + lo, src + mid, dst + lo, mid - lo, hi - mid, true};
                bounds[nn++] = lo;
            }
            bounds[nn] = n;
            run_jobs(jobs, nj);
            nseg = nn;
            sort_ent *t = src;
            src = dst;
            dst = t;
        }
        res = src;
    }
    for (int64_t i = 0; i < n; i++) out[i] = (uint8_t *)(res[i].row & ~(uintptr_t)3);
    free(a);
    return 0;
}
