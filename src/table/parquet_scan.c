/* parquet_scan.c — the scan source of Parquet data: lists the files (directory, file or glob),
 * reads every footer when the plan is made, maps the requested columns onto each file's
 * top-level fields (by name, case-insensitively; missing ones read as NULL; allowed type
 * conversions decided per file), and lets workers claim (file, row group) morsels with an
 * atomic cursor. Each worker keeps one column reader per requested column and re-targets it
 * at every morsel, so page buffers are reused. */
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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

typedef struct pscan_cfg {
    char *location;
    int ncols;
    mn_type *types;
    const char **names;
    int nfiles;
    pfile *files;
    int nmorsels;
    morsel *morsels;
} pscan_cfg;

typedef struct pscan_global {
    atomic_int next;
} pscan_global;

typedef struct pscan_local {
    mn_query_ctx *q;
    int morsel;        /* current morsel, -1 before the first */
    int64_t rows_left; /* of the current morsel */
    mn_parquet_reader **readers;
    mn_parquet_nested_reader **nreaders;
    mn_vector *tmp;    /* natural-type vectors for converted columns */
    bool *tmp_init;
} pscan_local;

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

/* ------------------------------------------------------------------ listing */

static bool has_glob(const char *s) {
    const char *slash = strrchr(s, '/');
    const char *last = slash ? slash + 1 : s;
    return strpbrk(last, "*?[") != NULL;
}

static int glob_errfn(const char *path, int e) { return 0; }

/* Lists the files at a location or pattern into *out (sorted by path). */
static int list_files(const char *loc, mn_file_list *out, mn_error *err) {
    memset(out, 0, sizeof *out);
    char *path = mn_fs_local_path(loc, err);
    if (!path) return -1;
    if (!has_glob(path)) {
        int rc = mn_fs_list(path, out, err);
        free(path);
        return rc;
    }
    glob_t g;
    int rc = glob(path, 0, glob_errfn, &g);
    if (rc == GLOB_NOMATCH || (rc == 0 && g.gl_pathc == 0)) {
        if (rc == 0) globfree(&g);
        free(path);
        return mn_error_set(err, MN_ERR_IO, "No files match '%s'", loc);
    }
    if (rc != 0) {
        free(path);
        return mn_error_set(err, rc == GLOB_NOSPACE ? MN_ERR_OUT_OF_MEMORY : MN_ERR_IO, "Cannot list files matching '%s'",
                            loc);
    }
    out->files = calloc(g.gl_pathc ? g.gl_pathc : 1, sizeof *out->files);
    if (!out->files) {
        globfree(&g);
        free(path);
        return oom(err);
    }
    for (size_t i = 0; i < g.gl_pathc; i++) {
        struct stat st;
        if (stat(g.gl_pathv[i], &st) != 0 || !S_ISREG(st.st_mode)) continue;
        char *p = strdup(g.gl_pathv[i]);
        if (!p) {
            globfree(&g);
            free(path);
            mn_file_list_free(out);
            return oom(err);
        }
        out->files[out->n].path = p;
        out->files[out->n].size = (int64_t)st.st_size;
        out->n++;
    }
    globfree(&g);
    free(path);
    if (out->n == 0) {
        mn_file_list_free(out);
        return mn_error_set(err, MN_ERR_IO, "No files match '%s'", loc);
    }
    return 0; /* glob(3) sorts its results */
}

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
    pscan_global *g = calloc(1, sizeof *g);
    if (!g) oom(err);
    return g;
}

static void pscan_global_free(mn_physop *op, void *g) { free(g); }

static void pscan_local_free(mn_physop *op, void *lp) {
    pscan_cfg *c = op->config;
    pscan_local *l = lp;
    if (!l) return;
    for (int j = 0; j < c->ncols; j++) {
        if (l->readers && l->readers[j]) mn_parquet_reader_close(l->readers[j]);
        if (l->nreaders && l->nreaders[j]) mn_parquet_nested_close(l->nreaders[j]);
        if (l->tmp_init && l->tmp_init[j]) mn_vector_destroy(&l->tmp[j]);
    }
    free(l->readers);
    free(l->nreaders);
    free(l->tmp);
    free(l->tmp_init);
    free(l);
}

static void *pscan_local_new(mn_physop *op, void *g, mn_query_ctx *q, mn_error *err) {
    pscan_cfg *c = op->config;
    pscan_local *l = calloc(1, sizeof *l);
    size_t n = (size_t)(c->ncols ? c->ncols : 1);
    if (l) {
        l->readers = calloc(n, sizeof *l->readers);
        l->nreaders = calloc(n, sizeof *l->nreaders);
        l->tmp = calloc(n, sizeof *l->tmp);
        l->tmp_init = calloc(n, sizeof *l->tmp_init);
    }
    if (!l || !l->readers || !l->nreaders || !l->tmp || !l->tmp_init) {
        pscan_local_free(op, l);
        oom(err);
        return NULL;
    }
    l->q = q;
    l->morsel = -1;
    return l;
}

/* Points the worker's readers at morsel m. */
static int start_morsel(pscan_cfg *c, pscan_local *l, int m, mn_error *err) {
    const pfile *pf = &c->files[c->morsels[m].file];
    int rg = c->morsels[m].rg;
    int64_t bytes = 0;
    for (int j = 0; j < c->ncols; j++) {
        int leaf = pf->leaf[j];
        if (leaf < 0) continue;
        if (pf->cv[j] == CV_NESTED) {
            int64_t before = l->nreaders[j] ? mn_parquet_nested_bytes_read(l->nreaders[j]) : 0;
            if (l->nreaders[j] ? mn_parquet_nested_reset(l->nreaders[j], pf->pf, rg, leaf, c->types[j], err)
                               : !(l->nreaders[j] = mn_parquet_nested_open(pf->pf, rg, leaf, c->types[j], err)))
                return -1;
            bytes += mn_parquet_nested_bytes_read(l->nreaders[j]) - before;
        } else if (!l->readers[j]) {
            l->readers[j] = mn_parquet_reader_open(pf->pf, rg, leaf, err);
            if (!l->readers[j]) return -1;
            bytes += mn_parquet_reader_bytes_read(l->readers[j]);
        } else {
            int64_t before = mn_parquet_reader_bytes_read(l->readers[j]);
            if (mn_parquet_reader_reset(l->readers[j], pf->pf, rg, leaf, err)) return -1;
            bytes += mn_parquet_reader_bytes_read(l->readers[j]) - before;
        }
    }
    atomic_fetch_add(&l->q->bytes_read, bytes);
    l->morsel = m;
    l->rows_left = mn_parquet_row_group_at(pf->pf, rg)->num_rows;
    return 0;
}

static int pscan_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    pscan_cfg *c = op->config;
    pscan_global *g = gp;
    pscan_local *l = lp;
    while (l->morsel < 0 || l->rows_left == 0) {
        int m = atomic_fetch_add(&g->next, 1);
        if (m >= c->nmorsels) {
            out->count = 0;
            return 0;
        }
        if (start_morsel(c, l, m, err)) return -1;
    }
    const pfile *pf = &c->files[c->morsels[l->morsel].file];
    int n = l->rows_left < MN_VECTOR_SIZE ? (int)l->rows_left : MN_VECTOR_SIZE;
    for (int j = 0; j < c->ncols; j++) {
        mn_vector *v = &out->cols[j];
        int cv = pf->cv[j], got = 0;
        if (cv == CV_NULL) {
            mn_value nv;
            mn_value_null(&nv, v->type);
            if (mn_vector_set_constant(v, &nv, err)) return -1;
            continue;
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
    }
    out->count = n;
    l->rows_left -= n;
    atomic_fetch_add(&l->q->rows_read, n);
    return 0;
}

static void pscan_explain(const mn_physop *op, mn_strbuf *out) {
    pscan_cfg *c = op->config;
    mn_strbuf_printf(out, "%s, %d files, %d row groups, columns:", c->location, c->nfiles, c->nmorsels);
    for (int j = 0; j < c->ncols; j++) mn_strbuf_printf(out, " %s", c->names[j]);
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
    c->files = NULL;
    c->morsels = NULL;
    c->nfiles = 0;
}

static const mn_op_vtable pscan_vt = {
    .name = "ParquetScan",
    .source_global = pscan_global_new,
    .source_local = pscan_local_new,
    .source_next = pscan_next,
    .source_free_local = pscan_local_free,
    .source_free_global = pscan_global_free,
    .explain = pscan_explain,
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
        if (fd->nested && fd->unsupported)
            return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet file '%s': %s", mn_parquet_path(f), fd->unsupported);
        const mn_parquet_column *col = fd->nested ? NULL : mn_parquet_column_at(f, fd->first_leaf);
        if (col && col->unsupported)
            return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet file '%s': %s", mn_parquet_path(f), col->unsupported);
        mn_type ft = col ? col->type : fd->type;
        if (!col) { /* nested: its own type or a projection (mn_parquet_nested_check) */
            if (mn_parquet_nested_check(f, fi, c->types[j], err)) return -1;
            pf->leaf[j] = fi;
            pf->cv[j] = CV_NESTED;
            continue;
        }
        int cv = pick_conv(ft, c->types[j]);
        if (cv < 0) {
            char a[256], b[256];
            return mn_error_set(err, MN_ERR_TYPE_MISMATCH, "Column '%s' of Parquet file '%s' has type %s, which cannot be read as %s",
                                c->names[j], mn_parquet_path(f), mn_type_name(ft, a, sizeof a),
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
    if (!op || !c || !names) {
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
    c->ncols = ncols;
    c->types = op->types;
    c->names = names;
    op->names = names;
    op->config = c; /* from here on free_config releases what is built */

    mn_file_list fl;
    if (list_files(location_or_glob, &fl, err)) return NULL;
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
    if (list_files(location_or_glob, &fl, err)) return -1;
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

/* ---------- row-group pruning with statistics ---------- */

/* Could a row group whose column has values in [min, max] hold a row where `col op v`? */
static bool may_match(int op, const mn_value *min, const mn_value *max, const mn_value *v) {
    int lo = mn_value_compare(v, min), hi = mn_value_compare(v, max);
    switch (op) {
    case MN_PQ_PRED_EQ: return lo >= 0 && hi <= 0;
    case MN_PQ_PRED_LT: return mn_value_compare(min, v) < 0;
    case MN_PQ_PRED_LE: return mn_value_compare(min, v) <= 0;
    case MN_PQ_PRED_GT: return mn_value_compare(max, v) > 0;
    case MN_PQ_PRED_GE: return mn_value_compare(max, v) >= 0;
    default: return true;
    }
}

int mn_parquet_scan_prune(mn_physop *op, int col, int pred_op, const mn_value *v) {
    if (!op || op->vt != &pscan_vt || v->is_null) return 0;
    pscan_cfg *c = op->config;
    if (col < 0 || col >= c->ncols) return 0;
    mn_type t = c->types[col];
    /* ordered, exactly recorded types only (string statistics may be truncated) */
    switch (t.id) {
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT:
    case MN_T_DECIMAL:
    case MN_T_DATE:
    case MN_T_TIMESTAMP: break;
    default: return 0;
    }
    if (!mn_type_equal(t, v->type)) return 0;
    int kept = 0, removed = 0;
    for (int m = 0; m < c->nmorsels; m++) {
        const pfile *pf = &c->files[c->morsels[m].file];
        bool keep = true;
        if (pf->cv[col] == CV_NULL) {
            keep = false; /* the column is NULL throughout: no comparison is true */
        } else if (pf->cv[col] == CV_DIRECT && pf->leaf[col] >= 0) {
            const mn_parquet_column *pc = mn_parquet_column_at(pf->pf, pf->leaf[col]);
            const mn_parquet_row_group *rg = mn_parquet_row_group_at(pf->pf, c->morsels[m].rg);
            const mn_parquet_chunk *ch = &rg->chunks[pf->leaf[col]];
            if (pc && mn_type_equal(pc->type, t) && ch->has_stats) {
                const mn_parquet_stats *st = &ch->stats;
                if (st->has_null_count && st->null_count >= rg->num_rows) {
                    keep = false;
                } else if (st->min && st->max && !st->legacy_min_max) {
                    mn_value lo, hi;
                    if (mn_parquet_stat_value(pc, st->min, st->min_len, &lo) == 0 &&
                        mn_parquet_stat_value(pc, st->max, st->max_len, &hi) == 0 && !lo.is_null && !hi.is_null) {
                        lo.type = hi.type = t;
                        keep = may_match(pred_op, &lo, &hi, v);
                    }
                }
            }
        }
        if (keep) c->morsels[kept++] = c->morsels[m];
        else removed++;
    }
    c->nmorsels = kept;
    if (removed) op->estimated_rows *= (double)kept / (double)(kept + removed);
    return removed;
}
