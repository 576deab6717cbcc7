/* parquet_writer_stats.c — min/max statistics of the Parquet writer: the running min/max of
 * pages and column chunks in each physical type's comparison domain, their encoding into
 * Statistics (byte arrays truncated to valid bounds), and the column index boundary order. */
#include <string.h>

#include "format/parquet_writer_internal.h"

void pqw_mm_clear(minmax *m) {
    m->has = false;
    m->nulls = m->nans = 0;
    m->smin.len = m->smax.len = 0;
}

void pqw_mm_free(minmax *m) {
    buf_free(&m->smin);
    buf_free(&m->smax);
}

static int bytes_cmp(const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
    size_t n = an < bn ? an : bn;
    int c = n ? memcmp(a, b, n) : 0;
    if (c) return c;
    return an < bn ? -1 : an > bn;
}

/* ---------------------------------------------------------------- statistics encoding */

/* Bytes of UTF-8 at most `limit` long, not cutting a multi-byte character. */
static size_t utf8_prefix(const uint8_t *s, size_t n, size_t limit) {
    if (n <= limit) return n;
    size_t cut = limit;
    for (int k = 0; k < 3 && cut > 0 && (s[cut] & 0xc0) == 0x80; k++) cut--;
    return cut;
}

/* A valid upper bound of s no longer than limit: a prefix whose last ASCII byte (< 0x7f) is
 * incremented. Returns its length (written to out), or 0 when there is none. */
static size_t trunc_max(const uint8_t *s, size_t n, size_t limit, uint8_t *out) {
    size_t cut = utf8_prefix(s, n, limit);
    while (cut > 0) {
        uint8_t c = s[cut - 1];
        if (c < 0x7f) {
            memcpy(out, s, cut);
            out[cut - 1] = (uint8_t)(c + 1);
            return cut;
        }
        /* drop the last character: its final byte, then back to its lead byte */
        cut--;
        for (int k = 0; k < 3 && cut > 0 && (s[cut] & 0xc0) == 0x80; k++) cut--;
    }
    return 0;
}

/* Encodes min (is_min) or max of m as PLAIN statistics bytes into out (room for
 * max(limit, 16) bytes). Returns the length, or -1 when no valid bound fits in limit. */
static int stat_bytes(const pqw_col *c, const minmax *m, bool is_min, size_t limit, uint8_t *out, bool *exact) {
    *exact = true;
    switch (c->physical) {
    case MN_PQ_BOOLEAN: out[0] = (uint8_t)(is_min ? m->imin : m->imax); return 1;
    case MN_PQ_INT32: {
        int32_t v = (int32_t)(is_min ? m->imin : m->imax);
        memcpy(out, &v, 4);
        return 4;
    }
    case MN_PQ_INT64: {
        int64_t v = is_min ? m->imin : m->imax;
        memcpy(out, &v, 8);
        return 8;
    }
    case MN_PQ_FLOAT:
    case MN_PQ_DOUBLE: {
        /* a zero bound is written as -0.0 (min) / +0.0 (max): parquet.thrift ColumnOrder */
        double d = is_min ? m->dmin : m->dmax;
        if (d == 0) d = is_min ? -0.0 : 0.0;
        if (c->physical == MN_PQ_FLOAT) {
            float f = (float)d;
            memcpy(out, &f, 4);
            return 4;
        }
        memcpy(out, &d, 8);
        return 8;
    }
    case MN_PQ_FIXED_LEN_BYTE_ARRAY: {
        mn_u128 u = (mn_u128)(is_min ? m->xmin : m->xmax);
        for (int k = c->width - 1; k >= 0; k--, u >>= 8) out[k] = (uint8_t)u;
        return c->width;
    }
    default: {
        const buf *s = is_min ? &m->smin : &m->smax;
        if (s->len <= limit) {
            if (s->len) memcpy(out, s->p, s->len);
            return (int)s->len;
        }
        *exact = false;
        if (is_min) {
            size_t k = utf8_prefix(s->p, s->len, limit);
            memcpy(out, s->p, k);
            return (int)k;
        }
        size_t k = trunc_max(s->p, s->len, limit, out);
        return k ? (int)k : -1;
    }
    }
}

/* Fills st from m; min/max bytes go to minb/maxb (room for max(limit, 16)). */
void pqw_make_stats(const pqw_col *c, const minmax *m, size_t limit, uint8_t *minb, uint8_t *maxb, pq_w_stats *st) {
    memset(st, 0, sizeof *st);
    st->null_count = m->nulls;
    st->has_nan_count = c->physical == MN_PQ_FLOAT || c->physical == MN_PQ_DOUBLE;
    st->nan_count = m->nans;
    if (!m->has) return;
    int a = stat_bytes(c, m, true, limit, minb, &st->min_exact);
    int b = stat_bytes(c, m, false, limit, maxb, &st->max_exact);
    if (a < 0 || b < 0) return;
    st->has_minmax = true;
    st->min = minb;
    st->max = maxb;
    st->min_len = (uint32_t)a;
    st->max_len = (uint32_t)b;
}

/* Folds page statistics into the column chunk's. */
int pqw_mm_merge(const pqw_col *c, minmax *into, const minmax *m) {
    into->nulls += m->nulls;
    into->nans += m->nans;
    if (!m->has) return 0;
    bool first = !into->has;
    into->has = true;
    switch (c->physical) {
    case MN_PQ_BOOLEAN:
    case MN_PQ_INT32:
    case MN_PQ_INT64:
        if (first || m->imin < into->imin) into->imin = m->imin;
        if (first || m->imax > into->imax) into->imax = m->imax;
        break;
    case MN_PQ_FLOAT:
    case MN_PQ_DOUBLE:
        if (first || m->dmin < into->dmin) into->dmin = m->dmin;
        if (first || m->dmax > into->dmax) into->dmax = m->dmax;
        break;
    case MN_PQ_FIXED_LEN_BYTE_ARRAY:
        if (first || m->xmin < into->xmin) into->xmin = m->xmin;
        if (first || m->xmax > into->xmax) into->xmax = m->xmax;
        break;
    default:
        if (first || bytes_cmp(m->smin.p, m->smin.len, into->smin.p, into->smin.len) < 0)
            if (buf_set(&into->smin, m->smin.p, m->smin.len)) return -1;
        if (first || bytes_cmp(m->smax.p, m->smax.len, into->smax.p, into->smax.len) > 0)
            if (buf_set(&into->smax, m->smax.p, m->smax.len)) return -1;
        break;
    }
    return 0;
}

static mn_i128 be_to_i128(const uint8_t *p, int n) {
    mn_u128 u = (p[0] & 0x80) ? ~(mn_u128)0 : 0;
    for (int k = 0; k < n; k++) u = (u << 8) | p[k];
    return (mn_i128)u;
}

/* Updates the page statistics with rows [k, k+n) of the converted slice. */
int pqw_stats_update(mn_parquet_writer *w, pqw_col *c, int k, int n) {
    minmax *m = &c->page_mm;
    const uint8_t *nul = w->cnull;
    switch (c->physical) {
    case MN_PQ_BOOLEAN:
    case MN_PQ_INT32:
    case MN_PQ_INT64: {
        int64_t lo = m->imin, hi = m->imax;
        bool has = m->has;
        for (int i = k; i < k + n; i++) {
            if (nul[i]) {
                m->nulls++;
                continue;
            }
            int64_t v;
            if (c->physical == MN_PQ_BOOLEAN) {
                v = w->conv[i];
            } else if (c->physical == MN_PQ_INT32) {
                int32_t x;
                memcpy(&x, w->conv + 4 * (size_t)i, 4);
                v = x;
            } else {
                memcpy(&v, w->conv + 8 * (size_t)i, 8);
            }
            if (!has) {
                lo = hi = v;
                has = true;
            } else if (v < lo) {
                lo = v;
            } else if (v > hi) {
                hi = v;
            }
        }
        m->has = has, m->imin = lo, m->imax = hi;
        break;
    }
    case MN_PQ_FLOAT:
    case MN_PQ_DOUBLE: {
        for (int i = k; i < k + n; i++) {
            if (nul[i]) {
                m->nulls++;
                continue;
            }
            double v;
            if (c->physical == MN_PQ_FLOAT) {
                float f;
                memcpy(&f, w->conv + 4 * (size_t)i, 4);
                v = f;
            } else {
                memcpy(&v, w->conv + 8 * (size_t)i, 8);
            }
            if (v != v) {
                m->nans++;
                continue;
            }
            if (!m->has) {
                m->dmin = m->dmax = v;
                m->has = true;
            } else if (v < m->dmin) {
                m->dmin = v;
            } else if (v > m->dmax) {
                m->dmax = v;
            }
        }
        break;
    }
    case MN_PQ_FIXED_LEN_BYTE_ARRAY:
        for (int i = k; i < k + n; i++) {
            if (nul[i]) {
                m->nulls++;
                continue;
            }
            if (c->type.id == MN_T_UUID) continue; /* unsigned byte order: no signed min/max */
            mn_i128 v = be_to_i128(w->conv + (size_t)c->width * (size_t)i, c->width);
            if (!m->has) {
                m->xmin = m->xmax = v;
                m->has = true;
            } else if (v < m->xmin) {
                m->xmin = v;
            } else if (v > m->xmax) {
                m->xmax = v;
            }
        }
        break;
    default:
        for (int i = k; i < k + n; i++) {
            if (nul[i]) {
                m->nulls++;
                continue;
            }
            const mn_str *s = &w->cstr[i];
            const uint8_t *sp = (const uint8_t *)s->ptr;
            if (!m->has) {
                if (buf_set(&m->smin, sp, s->len) || buf_set(&m->smax, sp, s->len)) return -1;
                m->has = true;
            } else if (bytes_cmp(sp, s->len, m->smin.p, m->smin.len) < 0) {
                if (buf_set(&m->smin, sp, s->len)) return -1;
            } else if (bytes_cmp(sp, s->len, m->smax.p, m->smax.len) > 0) {
                if (buf_set(&m->smax, sp, s->len)) return -1;
            }
        }
        break;
    }
    return 0;
}

static int stat_cmp(int physical, const uint8_t *a, uint32_t an, const uint8_t *b, uint32_t bn) {
    switch (physical) {
    case MN_PQ_BOOLEAN: return (a[0] > b[0]) - (a[0] < b[0]);
    case MN_PQ_INT32: {
        int32_t x = (int32_t)get_le32(a), y = (int32_t)get_le32(b);
        return (x > y) - (x < y);
    }
    case MN_PQ_INT64: {
        int64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        return (x > y) - (x < y);
    }
    case MN_PQ_FLOAT: {
        float x, y;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        return (x > y) - (x < y);
    }
    case MN_PQ_DOUBLE: {
        double x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        return (x > y) - (x < y);
    }
    case MN_PQ_FIXED_LEN_BYTE_ARRAY: {
        mn_i128 x = be_to_i128(a, (int)an), y = be_to_i128(b, (int)bn);
        return (x > y) - (x < y);
    }
    default: return bytes_cmp(a, an, b, bn);
    }
}

/* BoundaryOrder of the non-null pages: 1 ascending, 2 descending, 0 neither. */
int pqw_boundary_order(const pqw_col *c) {
    bool asc = true, desc = true;
    const pq_w_page_entry *prev = NULL;
    for (int i = 0; i < c->npages; i++) {
        const pq_w_page_entry *e = &c->pages[i];
        if (e->null_page) continue;
        if (prev) {
            int a = stat_cmp(c->physical, prev->min, prev->min_len, e->min, e->min_len);
            int b = stat_cmp(c->physical, prev->max, prev->max_len, e->max, e->max_len);
            if (a > 0 || b > 0) asc = false;
            if (a < 0 || b < 0) desc = false;
        }
        prev = e;
    }
    return asc ? 1 : desc ? 2 : 0;
}
