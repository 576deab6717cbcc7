/* parquet_scan.c — the scan source of Parquet data: lists the files (directory, file or glob),
 * reads every footer when the plan is made, maps the requested columns onto each file's
 * top-level fields (by name, case-insensitively; missing ones read as NULL; allowed type
 * conversions decided per file), and lets workers claim (file, row group) morsels with an
 * atomic cursor. Each worker keeps one column reader per requested column and re-targets it
 * at every morsel, so page buffers are reused. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "format/parquet.h"
#include "io/fs.h"
#include "table/parquet_scan.h"
#include "types/decimal.h"

/* How the values of one file column become the requested type. */
enum {
    CV_NULL,      /* the file lacks the column */
    CV_DIRECT,    /* same slots */
    CV_TRUNCATE,  /* varchar -> varchar(n) / char(n) */
    CV_INT,       /* integer -> integer (sign-extended; narrowing checked) */
    CV_INT_DEC,   /* integer -> decimal */
    CV_DEC_DEC,   /* decimal -> decimal with another precision/scale */
    CV_TO_DOUBLE, /* integer / real / decimal -> double */
    CV_TO_REAL,   /* integer -> real */
    CV_DATE_TS,   /* date -> timestamp */
    CV_NESTED,    /* a nested field (ARRAY/MAP/ROW) assembled from its leaves as the requested type */
};

typedef struct pfile {
    mn_parquet_file *pf;
    int *leaf; /* per requested column: leaf column index (CV_NESTED: field index), or -1 */
    int *cv;   /* per requested column: CV_* */
} pfile;

typedef struct morsel {
    int file, rg;
} morsel;

/* A predicate pushed down on requested column `col` (values live in the plan arena). */
typedef struct scan_pred {
    int col;
    mn_parquet_pred p;
    mn_i128 *slots; /* the values as slots of the column's type (malloc'd) */
    size_t size;    /* slot size */
} scan_pred;

/* What skipping did, for EXPLAIN (ANALYZE). */
typedef struct scan_stats {
    int rg_total, rg_stats, rg_bloom;            /* plan time: row groups, dropped by statistics / bloom filters */
    int64_t plan_bytes;                          /* bloom filters read while planning */
    atomic_int_fast64_t rg_page_index, rg_dict;  /* run time: row groups skipped whole */
    atomic_int_fast64_t pages_read, pages_skipped, rows_late_skipped;
} scan_stats;

typedef struct pscan_cfg {
    char *location;
    int ncols;
    mn_type *types;
    const char **names;
    int nfiles;
    pfile *files;
    int nmorsels;
    morsel *morsels;
    int npreds, cap_preds;
    scan_pred *preds; /* malloc'd */
    scan_stats *st;
} pscan_cfg;

typedef struct pscan_global {
    atomic_int next;
} pscan_global;

/* A run of rows [from, to) of the current row group to read. */
typedef struct row_range {
    int64_t from, to;
} row_range;

typedef struct pscan_local {
    mn_query_ctx *q;
    int morsel;        /* current morsel, -1 before the first */
    mn_parquet_reader **readers;
    int64_t *reported; /* bytes of each reader already added to the query's count */
    mn_parquet_nested_reader **nreaders; /* CV_NESTED columns */
    mn_vector *tmp;    /* natural-type vectors for converted columns */
    bool *tmp_init;
    mn_arena arena;    /* page indexes and ranges of the current morsel */
    row_range *ranges; /* rows of the current morsel that may match (in arena) */
    int nranges, range;
    int64_t row;       /* next row of the current morsel */
    bool *filter_col;  /* per column: has pushed predicates this morsel (read first) */
    int nfilter;
    int late_batches, late_skips; /* batches of this morsel tested / skipped by late materialization */
} pscan_local;

/* Late materialization stops testing batches in a morsel after this many found no batch
 * to skip (the predicates are then not selective at batch granularity). */
#define LATE_GIVE_UP 16

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

/* ------------------------------------------------------------------ listing */

/* ------------------------------------------------------------------ type conversion */

static int int_digits(int id) {
    return id == MN_T_TINYINT ? 3 : id == MN_T_SMALLINT ? 5 : id == MN_T_INTEGER ? 10 : 19;
}

static bool is_int(int id) { return id >= MN_T_TINYINT && id <= MN_T_BIGINT; }

/* Picks the conversion from the file type `from` to the requested `to`; -1 when none. */
static int pick_conv(mn_type from, mn_type to) {
    int f = from.id, t = to.id;
    if (f == t) {
        switch (f) {
        case MN_T_DECIMAL: return (from.precision == to.precision && from.scale == to.scale) ? CV_DIRECT
                                  : (to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale)
                                      ? CV_DEC_DEC
                                      : -1;
        case MN_T_VARCHAR: return to.length < 0 ? CV_DIRECT : CV_TRUNCATE;
        default: return CV_DIRECT; /* timestamps of any precision hold microseconds */
        }
    }
    if ((f == MN_T_VARCHAR || f == MN_T_VARBINARY) && t == MN_T_CHAR) return CV_TRUNCATE;
    /* byte arrays read as the declared varchar / varbinary / json column: the same bytes (Hive
     * tables commonly declare `string` over unannotated binary) */
    if (f == MN_T_VARBINARY && t == MN_T_VARCHAR) return to.length < 0 ? CV_DIRECT : CV_TRUNCATE;
    if ((f == MN_T_VARCHAR || f == MN_T_VARBINARY) && (t == MN_T_VARBINARY || t == MN_T_JSON)) return CV_DIRECT;
    /* UUID columns read as text: the same canonical characters */
    if (f == MN_T_UUID && t == MN_T_VARCHAR) return to.length < 0 || to.length >= 36 ? CV_DIRECT : CV_TRUNCATE;
    if (is_int(f) && is_int(t)) return CV_INT;
    if (is_int(f) && t == MN_T_DECIMAL) return to.precision - to.scale >= int_digits(f) ? CV_INT_DEC : -1;
    if ((is_int(f) || f == MN_T_REAL || f == MN_T_DECIMAL) && t == MN_T_DOUBLE) return CV_TO_DOUBLE;
    if (is_int(f) && t == MN_T_REAL) return CV_TO_REAL;
    if (f == MN_T_DATE && t == MN_T_TIMESTAMP) return CV_DATE_TS;
    return -1;
}

static int64_t get_int(const void *d, int id, int i) {
    switch (id) {
    case MN_T_TINYINT: return ((const int8_t *)d)[i];
    case MN_T_SMALLINT: return ((const int16_t *)d)[i];
    case MN_T_INTEGER: return ((const int32_t *)d)[i];
    default: return ((const int64_t *)d)[i];
    }
}

/* src (file type, n rows) -> dst (requested type, prepared). */
static int convert(const pscan_cfg *c, const pfile *pf, int j, const mn_vector *src, mn_vector *dst, int n,
                   mn_error *err) {
    mn_type ft = src->type, tt = dst->type;
    int cv = pf->cv[j];
    if (src->nulls) {
        uint8_t *dn = mn_vector_nulls_mut(dst);
        if (!dn) return oom(err);
        memcpy(dn, src->nulls, (size_t)n);
    }
    const uint8_t *nulls = src->nulls;
    switch (cv) {
    case CV_TRUNCATE: {
        const mn_str *s = src->data;
        mn_str *d = dst->data;
        for (int i = 0; i < n; i++) {
            d[i] = s[i];
            if (tt.length >= 0 && d[i].len > (uint32_t)tt.length) {
                /* keep tt.length code points */
                uint32_t k = 0, cps = 0;
                while (k < d[i].len && cps < (uint32_t)tt.length) {
                    k++;
                    while (k < d[i].len && ((uint8_t)d[i].ptr[k] & 0xc0) == 0x80) k++;
                    cps++;
                }
                d[i].len = k;
            }
        }
        return 0;
    }
    case CV_INT:
        for (int i = 0; i < n; i++) {
            int64_t v = (nulls && nulls[i]) ? 0 : get_int(src->data, ft.id, i);
            bool ok = true;
            switch (tt.id) {
            case MN_T_TINYINT:
                ok = v >= INT8_MIN && v <= INT8_MAX;
                ((int8_t *)dst->data)[i] = (int8_t)v;
                break;
            case MN_T_SMALLINT:
                ok = v >= INT16_MIN && v <= INT16_MAX;
                ((int16_t *)dst->data)[i] = (int16_t)v;
                break;
            case MN_T_INTEGER:
                ok = v >= INT32_MIN && v <= INT32_MAX;
                ((int32_t *)dst->data)[i] = (int32_t)v;
                break;
            default: ((int64_t *)dst->data)[i] = v; break;
            }
            if (!ok)
                return mn_error_set(err, MN_ERR_NUMERIC_OVERFLOW,
                                    "Value %lld of column '%s' in Parquet file '%s' is out of range for the column type",
                                    (long long)v, c->names[j], mn_parquet_path(pf->pf));
        }
        return 0;
    case CV_INT_DEC: {
        mn_i128 mul = mn_pow10_i128[tt.scale];
        for (int i = 0; i < n; i++) ((mn_i128 *)dst->data)[i] = (mn_i128)get_int(src->data, ft.id, i) * mul;
        return 0; /* the precision check at plan time guarantees the fit */
    }
    case CV_DEC_DEC: {
        mn_i128 mul = mn_pow10_i128[tt.scale - ft.scale];
        for (int i = 0; i < n; i++) ((mn_i128 *)dst->data)[i] = ((const mn_i128 *)src->data)[i] * mul;
        return 0;
    }
    case CV_TO_DOUBLE:
        for (int i = 0; i < n; i++) {
            double v;
            if (ft.id == MN_T_REAL) v = ((const float *)src->data)[i];
            else if (ft.id == MN_T_DECIMAL) v = mn_decimal_to_double(((const mn_i128 *)src->data)[i], ft.scale);
            else v = (double)get_int(src->data, ft.id, i);
            ((double *)dst->data)[i] = v;
        }
        return 0;
    case CV_TO_REAL:
        for (int i = 0; i < n; i++) ((float *)dst->data)[i] = (float)get_int(src->data, ft.id, i);
        return 0;
    case CV_DATE_TS:
        for (int i = 0; i < n; i++)
            ((int64_t *)dst->data)[i] = (int64_t)((const int32_t *)src->data)[i] * INT64_C(86400000000);
        return 0;
    default: return mn_error_set(err, MN_ERR_INTERNAL, "bad Parquet conversion");
    }
}

/* ------------------------------------------------------------------ operator */

static void *pscan_global_new(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    pscan_cfg *c = op->config;
    pscan_global *g = calloc(1, sizeof *g);
    if (!g) oom(err);
    else atomic_fetch_add(&q->bytes_read, c->st->plan_bytes);
    return g;
}

static void pscan_global_free(mn_physop *op, void *g) { free(g); }

/* Adds the bytes the readers read since the last report to the query's count. */
static void report_bytes(const pscan_cfg *c, pscan_local *l) {
    int64_t bytes = 0;
    for (int j = 0; j < c->ncols; j++) {
        if (!l->readers[j] && !l->nreaders[j]) continue;
        int64_t b = l->readers[j] ? mn_parquet_reader_bytes_read(l->readers[j]) : mn_parquet_nested_bytes_read(l->nreaders[j]);
        bytes += b - l->reported[j];
        l->reported[j] = b;
    }
    atomic_fetch_add(&l->q->bytes_read, bytes);
}

static void pscan_local_free(mn_physop *op, void *lp) {
    pscan_cfg *c = op->config;
    pscan_local *l = lp;
    if (!l) return;
    if (l->readers && l->reported && l->nreaders) report_bytes(c, l);
    for (int j = 0; j < c->ncols; j++) {
        if (l->readers && l->readers[j]) {
            int64_t rd, sk;
            mn_parquet_reader_pages(l->readers[j], &rd, &sk);
            atomic_fetch_add(&c->st->pages_read, rd);
            atomic_fetch_add(&c->st->pages_skipped, sk);
            mn_parquet_reader_close(l->readers[j]);
        }
        if (l->nreaders && l->nreaders[j]) mn_parquet_nested_close(l->nreaders[j]);
        if (l->tmp_init && l->tmp_init[j]) mn_vector_destroy(&l->tmp[j]);
    }
    mn_arena_destroy(&l->arena);
    free(l->readers);
    free(l->nreaders);
    free(l->reported);
    free(l->tmp);
    free(l->tmp_init);
    free(l->filter_col);
    free(l);
}

static void *pscan_local_new(mn_physop *op, void *g, mn_query_ctx *q, mn_error *err) {
    pscan_cfg *c = op->config;
    pscan_local *l = calloc(1, sizeof *l);
    size_t n = (size_t)(c->ncols ? c->ncols : 1);
    if (l) {
        mn_arena_init(&l->arena, 0);
        l->readers = calloc(n, sizeof *l->readers);
        l->reported = calloc(n, sizeof *l->reported);
        l->nreaders = calloc(n, sizeof *l->nreaders);
        l->tmp = calloc(n, sizeof *l->tmp);
        l->tmp_init = calloc(n, sizeof *l->tmp_init);
        l->filter_col = calloc(n, sizeof *l->filter_col);
    }
    if (!l || !l->readers || !l->reported || !l->nreaders || !l->tmp || !l->tmp_init || !l->filter_col) {
        pscan_local_free(op, l);
        oom(err);
        return NULL;
    }
    l->q = q;
    l->morsel = -1;
    return l;
}

/* Can the predicates on requested column j be judged in file pf? */
static bool judged(const pfile *pf, int j, mn_type t) {
    if (pf->cv[j] != CV_DIRECT || pf->leaf[j] < 0) return false;
    const mn_parquet_column *pc = mn_parquet_column_at(pf->pf, pf->leaf[j]);
    return mn_parquet_pred_type_ok(pc) && mn_type_equal(pc->type, t);
}

/* The predicates of column j copied to out (room for c->npreds); returns their count. */
static int preds_of(const pscan_cfg *c, int j, mn_parquet_pred *out) {
    int n = 0;
    for (int i = 0; i < c->npreds; i++)
        if (c->preds[i].col == j) out[n++] = c->preds[i].p;
    return n;
}

/* ranges := ranges ∩ the rows of the pages with keep[k] (pages from locs). */
static int intersect_pages(pscan_local *l, const mn_parquet_page_location *locs, int n, const bool *keep, int64_t rows,
                           mn_error *err) {
    row_range *out = mn_arena_alloc(&l->arena, sizeof *out * (size_t)(l->nranges + n + 1));
    if (!out) return oom(err);
    int no = 0, a = 0;
    for (int k = 0; k < n; k++) {
        if (!keep[k]) continue;
        int64_t from = locs[k].first_row_index, to = k + 1 < n ? locs[k + 1].first_row_index : rows;
        while (k + 1 < n && keep[k + 1]) to = ++k + 1 < n ? locs[k + 1].first_row_index : rows;
        while (a < l->nranges && l->ranges[a].to <= from) a++;
        for (int b = a; b < l->nranges && l->ranges[b].from < to; b++) {
            int64_t f = l->ranges[b].from > from ? l->ranges[b].from : from;
            int64_t t = l->ranges[b].to < to ? l->ranges[b].to : to;
            if (f < t) out[no++] = (row_range){f, t};
        }
    }
    l->ranges = out;
    l->nranges = no;
    return 0;
}

/* Opens or re-targets the reader of column j; with an offset index (locs) and a row
 * selection narrower than the row group, only the pages overlapping it are read. */
static int target_reader(pscan_local *l, const pfile *pf, int rg, int j, const mn_parquet_page_location *locs,
                         int nlocs, int64_t rows, mn_error *err) {
    bool *need = NULL;
    if (locs && nlocs > 0) {
        need = mn_arena_alloc(&l->arena, sizeof *need * (size_t)nlocs);
        if (!need) return oom(err);
        int a = 0;
        for (int k = 0; k < nlocs; k++) {
            int64_t from = locs[k].first_row_index, to = k + 1 < nlocs ? locs[k + 1].first_row_index : rows;
            while (a < l->nranges && l->ranges[a].to <= from) a++;
            need[k] = a < l->nranges && l->ranges[a].from < to;
        }
    }
    if (!l->readers[j]) {
        l->readers[j] = mn_parquet_reader_open_pages(pf->pf, rg, pf->leaf[j], locs, nlocs, need, err);
        return l->readers[j] ? 0 : -1;
    }
    return mn_parquet_reader_reset_pages(l->readers[j], pf->pf, rg, pf->leaf[j], locs, nlocs, need, err);
}

/* Points the worker's readers at morsel m. Returns 1 when the morsel turned out to hold no
 * row that can match the pushed predicates (nothing more is read), 0, or -1. */
static int start_morsel(pscan_cfg *c, pscan_local *l, int m, mn_error *err) {
    const pfile *pf = &c->files[c->morsels[m].file];
    int rg = c->morsels[m].rg;
    int64_t rows = mn_parquet_row_group_at(pf->pf, rg)->num_rows, idx_bytes = 0;
    report_bytes(c, l);
    mn_arena_rewind(&l->arena);
    l->morsel = m;
    l->row = 0;
    l->range = 0;
    l->nranges = 1;
    l->ranges = mn_arena_alloc(&l->arena, sizeof *l->ranges);
    mn_parquet_page_location **locs = mn_arena_calloc(&l->arena, sizeof *locs * (size_t)(c->ncols + 1));
    int *nlocs = mn_arena_calloc(&l->arena, sizeof *nlocs * (size_t)(c->ncols + 1));
    mn_parquet_pred *pp = mn_arena_alloc(&l->arena, sizeof *pp * (size_t)(c->npreds + 1));
    if (!l->ranges || !locs || !nlocs || !pp) return oom(err);
    l->ranges[0] = (row_range){0, rows};
    l->nfilter = 0;
    l->late_batches = l->late_skips = 0;
    /* 1. the page index of each filtered column narrows the rows */
    for (int j = 0; j < c->ncols; j++) {
        l->filter_col[j] = false;
        int np = preds_of(c, j, pp);
        if (np == 0 || !judged(pf, j, c->types[j])) continue;
        l->filter_col[j] = true;
        l->nfilter++;
        bool *keep;
        int npages;
        int rc = mn_parquet_page_filter(pf->pf, rg, pf->leaf[j], pp, np, &l->arena, &keep, &npages, &idx_bytes, err);
        if (rc < 0) return -1;
        if (rc > 0) continue;
        rc = mn_parquet_read_offset_index(pf->pf, rg, pf->leaf[j], &l->arena, &locs[j], &nlocs[j], err);
        if (rc < 0) return -1;
        if (rc > 0 || nlocs[j] != npages) {
            locs[j] = NULL;
            continue;
        }
        idx_bytes += mn_parquet_row_group_at(pf->pf, rg)->chunks[pf->leaf[j]].offset_index_length;
        if (intersect_pages(l, locs[j], nlocs[j], keep, rows, err)) return -1;
    }
    atomic_fetch_add(&l->q->bytes_read, idx_bytes);
    idx_bytes = 0;
    if (l->nranges == 0) {
        atomic_fetch_add(&c->st->rg_page_index, 1);
        return 1;
    }
    bool narrowed = l->nranges != 1 || l->ranges[0].from != 0 || l->ranges[0].to != rows;
    /* 2. filtered columns first: their dictionaries may rule the row group out */
    for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < c->ncols; j++) {
            if (pf->leaf[j] < 0 || l->filter_col[j] != (pass == 0)) continue;
            if (pf->cv[j] == CV_NESTED) { /* all pages; rows outside the ranges are skipped */
                if (l->nreaders[j] ? mn_parquet_nested_reset(l->nreaders[j], pf->pf, rg, pf->leaf[j], c->types[j], err)
                                   : !(l->nreaders[j] = mn_parquet_nested_open(pf->pf, rg, pf->leaf[j], c->types[j], err)))
                    return -1;
                continue;
            }
            if (narrowed && !locs[j]) {
                int rc = mn_parquet_read_offset_index(pf->pf, rg, pf->leaf[j], &l->arena, &locs[j], &nlocs[j], err);
                if (rc < 0) return -1;
                if (rc == 0)
                    idx_bytes += mn_parquet_row_group_at(pf->pf, rg)->chunks[pf->leaf[j]].offset_index_length;
                else locs[j] = NULL;
            }
            if (target_reader(l, pf, rg, j, narrowed ? locs[j] : NULL, nlocs[j], rows, err)) return -1;
            if (pass == 1) continue;
            const mn_parquet_chunk *ch = &mn_parquet_row_group_at(pf->pf, rg)->chunks[pf->leaf[j]];
            if (!mn_parquet_chunk_all_dict(ch)) continue;
            int np = preds_of(c, j, pp);
            int rc = mn_parquet_reader_dict_select(l->readers[j], pp, np, err);
            if (rc < 0) return -1;
            if (rc == 0) {
                atomic_fetch_add(&l->q->bytes_read, idx_bytes);
                atomic_fetch_add(&c->st->rg_dict, 1);
                return 1;
            }
        }
    }
    atomic_fetch_add(&l->q->bytes_read, idx_bytes);
    return 0;
}

/* Skips n rows of column j. */
static int skip_col(const pfile *pf, pscan_local *l, int j, int64_t n, mn_error *err) {
    if (pf->cv[j] == CV_NESTED) return mn_parquet_nested_skip(l->nreaders[j], n, err);
    return mn_parquet_reader_skip(l->readers[j], n, err);
}

/* Positions the readers at the next row to return; false when the morsel is done. */
static int next_rows(const pscan_cfg *c, const pfile *pf, pscan_local *l, int *n, mn_error *err) {
    while (l->range < l->nranges && l->row >= l->ranges[l->range].to) l->range++;
    if (l->range >= l->nranges) return 0;
    int64_t from = l->ranges[l->range].from;
    if (l->row < from) {
        for (int j = 0; j < c->ncols; j++)
            if (pf->leaf[j] >= 0 && skip_col(pf, l, j, from - l->row, err)) return -1;
        l->row = from;
    }
    int64_t left = l->ranges[l->range].to - l->row;
    *n = left < MN_VECTOR_SIZE ? (int)left : MN_VECTOR_SIZE;
    return 1;
}

/* Reads n rows of column j into v (converting when the file type differs). */
static int read_col(const pscan_cfg *c, const pfile *pf, pscan_local *l, int j, mn_vector *v, int n, mn_error *err) {
    int cv = pf->cv[j], got = 0;
    if (cv == CV_NULL) {
        mn_value nv;
        mn_value_null(&nv, v->type);
        return mn_vector_set_constant(v, &nv, err);
    }
    if (cv == CV_NESTED) {
        if (mn_parquet_nested_read(l->nreaders[j], v, n, &got, err)) return -1;
    } else if (cv == CV_DIRECT) {
        if (mn_parquet_reader_read(l->readers[j], v, n, &got, err)) return -1;
    } else {
        const mn_parquet_column *col = mn_parquet_column_at(pf->pf, pf->leaf[j]);
        if (!l->tmp_init[j]) {
            mn_vector_init(&l->tmp[j], col->type);
            l->tmp_init[j] = true;
        }
        mn_vector *t = &l->tmp[j];
        if (!mn_type_equal(t->type, col->type)) { /* another file typed the column differently */
            mn_vector_destroy(t);
            mn_vector_init(t, col->type);
        }
        if (mn_vector_prepare(t, err) || mn_parquet_reader_read(l->readers[j], t, n, &got, err) ||
            convert(c, pf, j, t, v, got, err))
            return -1;
    }
    if (got != n)
        return mn_error_set(err, MN_ERR_CORRUPT, "Invalid Parquet file '%s': column '%s' ends early",
                            mn_parquet_path(pf->pf), c->names[j]);
    return 0;
}

/* Can a row of the batch (filtered columns read into out) satisfy every pushed predicate
 * judged in this morsel? Row by row, stopping at the first that does. */
static bool batch_may_match(const pscan_cfg *c, const pscan_local *l, const mn_chunk *out, int n) {
    for (int i = 0; i < n; i++) {
        bool ok = true;
        for (int k = 0; k < c->npreds && ok; k++) {
            const scan_pred *sp = &c->preds[k];
            if (!l->filter_col[sp->col] || !sp->slots) continue;
            const mn_vector *v = &out->cols[sp->col];
            uint32_t r = (uint32_t)i & v->mask;
            ok = !(v->nulls && v->nulls[r]) &&
                 mn_parquet_pred_slot(&sp->p, v->type, (const char *)v->data + sp->size * r, sp->slots);
        }
        if (ok) return true;
    }
    return false;
}

static int pscan_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    pscan_cfg *c = op->config;
    pscan_global *g = gp;
    pscan_local *l = lp;
    for (;;) {
        int n = 0, rc = l->morsel < 0 ? 0 : next_rows(c, &c->files[c->morsels[l->morsel].file], l, &n, err);
        if (rc < 0) return -1;
        if (rc == 0) {
            int m = atomic_fetch_add(&g->next, 1);
            if (m >= c->nmorsels) {
                out->count = 0;
                return 0;
            }
            int sm = start_morsel(c, l, m, err);
            if (sm < 0) return -1;
            if (sm > 0) l->nranges = 0; /* nothing can match: next_rows ends the morsel */
            continue;
        }
        const pfile *pf = &c->files[c->morsels[l->morsel].file];
        /* late materialization: the filtered columns first; the others only when a row of
         * the batch can satisfy the pushed predicates */
        bool late = l->nfilter > 0 && (l->late_skips > 0 || l->late_batches < LATE_GIVE_UP);
        if (late) {
            for (int j = 0; j < c->ncols; j++)
                if (l->filter_col[j] && read_col(c, pf, l, j, &out->cols[j], n, err)) return -1;
            l->late_batches++;
            if (!batch_may_match(c, l, out, n)) {
                for (int j = 0; j < c->ncols; j++)
                    if (pf->leaf[j] >= 0 && !l->filter_col[j] && skip_col(pf, l, j, n, err))
                        return -1;
                l->row += n;
                l->late_skips++;
                atomic_fetch_add(&c->st->rows_late_skipped, n);
                continue;
            }
        }
        for (int j = 0; j < c->ncols; j++)
            if (!(late && l->filter_col[j]) && read_col(c, pf, l, j, &out->cols[j], n, err)) return -1;
        out->count = n;
        l->row += n;
        atomic_fetch_add(&l->q->rows_read, n);
        return 0;
    }
}

static const char *const pred_names[] = {"=", "<", "<=", ">", ">=", "IN"};

static void pscan_explain(const mn_physop *op, mn_strbuf *out) {
    pscan_cfg *c = op->config;
    mn_strbuf_printf(out, "%s, %d files, %d row groups, columns:", c->location, c->nfiles, c->nmorsels);
    for (int j = 0; j < c->ncols; j++) mn_strbuf_printf(out, " %s", c->names[j]);
    if (c->npreds == 0) return;
    mn_strbuf_puts(out, ", pushed down:");
    for (int i = 0; i < c->npreds; i++)
        mn_strbuf_printf(out, " %s %s%s", c->names[c->preds[i].col], pred_names[c->preds[i].p.op],
                         c->preds[i].p.op == MN_PQ_PRED_IN ? " (...)" : " ?");
    mn_strbuf_printf(out, ", row groups pruned by statistics: %d, by bloom filters: %d", c->st->rg_stats,
                     c->st->rg_bloom);
}

/* What skipping achieved while the scan ran (EXPLAIN ANALYZE). */
static void pscan_explain_analyze(const mn_physop *op, mn_strbuf *out) {
    pscan_cfg *c = op->config;
    scan_stats *st = c->st;
    mn_strbuf_printf(out,
                     " {parquet: row groups skipped by page index: %lld, by dictionaries: %lld; pages read: %lld, "
                     "skipped: %lld; rows skipped by late materialization: %lld}",
                     (long long)atomic_load(&st->rg_page_index), (long long)atomic_load(&st->rg_dict),
                     (long long)atomic_load(&st->pages_read), (long long)atomic_load(&st->pages_skipped),
                     (long long)atomic_load(&st->rows_late_skipped));
}

static void pscan_free_config(mn_physop *op) {
    pscan_cfg *c = op->config;
    if (!c) return;
    for (int i = 0; i < c->nfiles; i++) {
        mn_parquet_close(c->files[i].pf);
        free(c->files[i].leaf);
        free(c->files[i].cv);
    }
    free(c->files);
    free(c->morsels);
    for (int i = 0; i < c->npreds; i++) free(c->preds[i].slots);
    free(c->preds);
    c->files = NULL;
    c->morsels = NULL;
    c->preds = NULL;
    c->nfiles = 0;
    c->npreds = 0;
}

static const mn_op_vtable pscan_vt = {
    .name = "ParquetScan",
    .source_global = pscan_global_new,
    .source_local = pscan_local_new,
    .source_next = pscan_next,
    .source_free_local = pscan_local_free,
    .source_free_global = pscan_global_free,
    .explain = pscan_explain,
    .explain_analyze = pscan_explain_analyze,
    .free_config = pscan_free_config,
};

/* Maps the requested columns onto file f. */
static int map_columns(pscan_cfg *c, pfile *pf, mn_error *err) {
    mn_parquet_file *f = pf->pf;
    for (int j = 0; j < c->ncols; j++) {
        int fi = mn_parquet_find_field(f, c->names[j]);
        if (fi < 0) {
            pf->leaf[j] = -1;
            pf->cv[j] = CV_NULL;
            continue;
        }
        const mn_parquet_field *fd = mn_parquet_field_at(f, fi);
        if (fd->nested) { /* its own type or a projection (mn_parquet_nested_check) */
            if (mn_parquet_nested_check(f, fi, c->types[j], err)) return -1;
            pf->leaf[j] = fi;
            pf->cv[j] = CV_NESTED;
            continue;
        }
        const mn_parquet_column *col = mn_parquet_column_at(f, fd->first_leaf);
        if (col->unsupported)
            return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet file '%s': %s", mn_parquet_path(f), col->unsupported);
        int cv = pick_conv(col->type, c->types[j]);
        if (cv < 0) {
            char a[64], b[64];
            return mn_error_set(err, MN_ERR_TYPE_MISMATCH, "Column '%s' of Parquet file '%s' has type %s, which cannot be read as %s",
                                c->names[j], mn_parquet_path(f), mn_type_name(col->type, a, sizeof a),
                                mn_type_name(c->types[j], b, sizeof b));
        }
        pf->leaf[j] = fd->first_leaf;
        pf->cv[j] = cv;
    }
    return 0;
}

mn_physop *mn_op_parquet_scan(mn_arena *a, const char *location_or_glob, int ncols, const char *const *col_names,
                              const mn_type *col_types, mn_error *err) {
    mn_physop *op = mn_physop_new(a, &pscan_vt, ncols, col_types);
    pscan_cfg *c = mn_arena_calloc(a, sizeof *c);
    const char **names = mn_arena_alloc(a, sizeof *names * (size_t)(ncols ? ncols : 1));
    scan_stats *st = mn_arena_calloc(a, sizeof *st);
    if (!op || !c || !names || !st) {
        oom(err);
        return NULL;
    }
    c->location = mn_arena_strdup(a, location_or_glob);
    if (!c->location) {
        oom(err);
        return NULL;
    }
    for (int j = 0; j < ncols; j++) {
        names[j] = mn_arena_strdup(a, col_names[j]);
        if (!names[j]) {
            oom(err);
            return NULL;
        }
    }
    atomic_init(&st->rg_page_index, 0);
    atomic_init(&st->rg_dict, 0);
    atomic_init(&st->pages_read, 0);
    atomic_init(&st->pages_skipped, 0);
    atomic_init(&st->rows_late_skipped, 0);
    c->st = st;
    c->ncols = ncols;
    c->types = op->types;
    c->names = names;
    op->names = names;
    op->config = c; /* from here on free_config releases what is built */

    mn_file_list fl;
    if (mn_fs_list_glob(location_or_glob, &fl, err)) return NULL;
    c->files = calloc((size_t)(fl.n ? fl.n : 1), sizeof *c->files);
    if (!c->files) {
        mn_file_list_free(&fl);
        oom(err);
        return NULL;
    }
    int64_t rows = 0;
    int cap = 0;
    for (int i = 0; i < fl.n; i++) {
        pfile *pf = &c->files[c->nfiles];
        pf->pf = mn_parquet_open(fl.files[i].path, err);
        if (!pf->pf) goto fail;
        c->nfiles++;
        pf->leaf = malloc(sizeof *pf->leaf * (size_t)(ncols ? ncols : 1));
        pf->cv = malloc(sizeof *pf->cv * (size_t)(ncols ? ncols : 1));
        if (!pf->leaf || !pf->cv) {
            oom(err);
            goto fail;
        }
        if (map_columns(c, pf, err)) goto fail;
        int nrg = mn_parquet_num_row_groups(pf->pf);
        for (int g = 0; g < nrg; g++) {
            if (mn_parquet_row_group_at(pf->pf, g)->num_rows == 0) continue;
            if (c->nmorsels == cap) {
                cap = cap ? cap * 2 : 16;
                morsel *nm = realloc(c->morsels, sizeof *nm * (size_t)cap);
                if (!nm) {
                    oom(err);
                    goto fail;
                }
                c->morsels = nm;
            }
            c->morsels[c->nmorsels++] = (morsel){c->nfiles - 1, g};
        }
        rows += mn_parquet_num_rows(pf->pf);
    }
    mn_file_list_free(&fl);
    op->estimated_rows = (double)rows;
    st->rg_total = c->nmorsels;
    return op;
fail:
    mn_file_list_free(&fl);
    pscan_free_config(op);
    return NULL;
}

int mn_parquet_infer_schema(const char *location_or_glob, int *ncols, char ***names, mn_type **types, mn_error *err) {
    *ncols = 0;
    *names = NULL;
    *types = NULL;
    mn_file_list fl;
    if (mn_fs_list_glob(location_or_glob, &fl, err)) return -1;
    if (fl.n == 0) {
        mn_file_list_free(&fl);
        return mn_error_set(err, MN_ERR_IO, "No files found at '%s'", location_or_glob);
    }
    mn_parquet_file *f = mn_parquet_open(fl.files[0].path, err);
    mn_file_list_free(&fl);
    if (!f) return -1;
    int n = mn_parquet_num_fields(f);
    if (n < 0) n = 0; /* never negative; tells the compiler the sizes below are small */
    size_t bytes = sizeof(char *) * (size_t)(n ? n : 1);
    for (int i = 0; i < n; i++) bytes += strlen(mn_parquet_field_at(f, i)->name) + 1;
    char **nm = malloc(bytes);
    mn_type *ty = malloc(sizeof *ty * (size_t)(n ? n : 1));
    if (!nm || !ty) {
        free(nm);
        free(ty);
        mn_parquet_close(f);
        return oom(err);
    }
    char *s = (char *)(nm + (n ? n : 1));
    for (int i = 0; i < n; i++) {
        const mn_parquet_field *fd = mn_parquet_field_at(f, i);
        size_t len = strlen(fd->name) + 1;
        memcpy(s, fd->name, len);
        nm[i] = s;
        s += len;
        ty[i] = fd->type;
    }
    mn_parquet_close(f);
    *ncols = n;
    *names = nm;
    *types = ty;
    return 0;
}

/* ---------- predicates pushed down ---------- */

/* May row group rg of file pf hold a row where column col satisfies p? Judged by the chunk
 * statistics (*how = 1 when they exclude it) and bloom filters (*how = 2). */
static bool rg_may_match(const pscan_cfg *c, const pfile *pf, int rgi, int col, const mn_parquet_pred *p, int *how,
                         int64_t *bytes) {
    mn_type t = c->types[col];
    *how = 1;
    if (pf->cv[col] == CV_NULL) return false; /* the column is NULL throughout: no comparison is true */
    if (!judged(pf, col, t)) return true;
    const mn_parquet_column *pc = mn_parquet_column_at(pf->pf, pf->leaf[col]);
    const mn_parquet_row_group *rg = mn_parquet_row_group_at(pf->pf, rgi);
    const mn_parquet_chunk *ch = &rg->chunks[pf->leaf[col]];
    if (ch->has_stats) {
        const mn_parquet_stats *st = &ch->stats;
        if (st->has_null_count && st->null_count >= rg->num_rows) return false;
        if (st->min && st->max && !st->legacy_min_max) {
            mn_value lo, hi;
            if (mn_parquet_stat_value(pc, st->min, st->min_len, &lo) == 0 &&
                mn_parquet_stat_value(pc, st->max, st->max_len, &hi) == 0 && !lo.is_null && !hi.is_null) {
                lo.type = hi.type = t;
                if (!mn_parquet_pred_range(p, &lo, &hi)) return false;
            }
        }
    }
    *how = 2;
    mn_error e;
    memset(&e, 0, sizeof e);
    int rc = mn_parquet_bloom_filter(pf->pf, rgi, pf->leaf[col], p, bytes, &e);
    mn_error_clear(&e); /* an unreadable filter only means it cannot help */
    return rc != 0;
}

int mn_parquet_scan_push(mn_physop *op, int col, int pred_op, int nvals, const mn_value *vals) {
    if (!op || op->vt != &pscan_vt || nvals <= 0) return 0;
    pscan_cfg *c = op->config;
    if (col < 0 || col >= c->ncols || !mn_parquet_pred_type(c->types[col])) return 0;
    if (pred_op != MN_PQ_PRED_IN && nvals != 1) return 0;
    for (int i = 0; i < nvals; i++)
        if (vals[i].is_null || !mn_type_equal(vals[i].type, c->types[col])) return 0;
    if (c->npreds == c->cap_preds) {
        int cap = c->cap_preds ? 2 * c->cap_preds : 8;
        scan_pred *np = realloc(c->preds, sizeof *np * (size_t)cap);
        if (!np) return 0; /* pushing down only saves work */
        c->preds = np;
        c->cap_preds = cap;
    }
    mn_parquet_pred p = {pred_op == MN_PQ_PRED_IN && nvals == 1 ? MN_PQ_PRED_EQ : pred_op, nvals, vals};
    mn_i128 *slots = malloc(sizeof *slots * (size_t)nvals); /* NULL: late materialization ignores it */
    if (slots) mn_parquet_pred_slots(&p, c->types[col], slots);
    c->preds[c->npreds++] = (scan_pred){col, p, slots, mn_type_size(c->types[col])};
    int kept = 0, removed = 0;
    int64_t bytes = 0;
    for (int m = 0; m < c->nmorsels; m++) {
        int how;
        if (rg_may_match(c, &c->files[c->morsels[m].file], c->morsels[m].rg, col, &p, &how, &bytes)) {
            c->morsels[kept++] = c->morsels[m];
            continue;
        }
        removed++;
        if (how == 1) c->st->rg_stats++;
        else c->st->rg_bloom++;
    }
    c->nmorsels = kept;
    c->st->plan_bytes += bytes;
    if (removed) op->estimated_rows *= (double)kept / (double)(kept + removed);
    return removed;
}

int mn_parquet_scan_prune(mn_physop *op, int col, int pred_op, const mn_value *v) {
    return mn_parquet_scan_push(op, col, pred_op, 1, v);
}
