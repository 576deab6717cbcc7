/* text_scan.c — the scan source of delimited-text tables (Hive LazySimpleSerDe and
 * OpenCSVSerde, as Athena reads them). Files are listed when the plan is made; splittable
 * files are cut into byte ranges (morsels) that workers claim with an atomic cursor. Field
 * text becomes typed values as Hive does: a field that does not parse as its column type,
 * or an empty non-string field, is NULL. */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "format/text.h"
#include "io/fs.h"
#include "table/table.h"
#include "types/scalar_text.h"

#define SPLIT_BYTES (int64_t)(8 * 1024 * 1024)

typedef struct split {
    int file;
    int64_t start, end;
} split;

typedef struct scan_cfg {
    mn_text_format fmt;
    char *null_format;
    mn_file_list files;
    int ncols_file;
    int nproj;
    int *proj;
    mn_type *types; /* per output column */
    char *table_name;
    int nsplits;
    split *splits;
} scan_cfg;

typedef struct scan_global {
    atomic_int next;
} scan_global;

typedef struct scan_local {
    mn_query_ctx *q;
    mn_text_reader *reader;
    int split;
    mn_str *fields;
} scan_local;

static void *scan_global_new(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    scan_global *g = calloc(1, sizeof *g);
    if (!g) mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return g;
}

static void scan_global_free(mn_physop *op, void *g) { free(g); }

static void *scan_local_new(mn_physop *op, void *g, mn_query_ctx *q, mn_error *err) {
    scan_cfg *c = op->config;
    scan_local *l = calloc(1, sizeof *l);
    if (!l) goto oom;
    l->q = q;
    l->split = -1;
    l->fields = malloc(sizeof(mn_str) * MN_VECTOR_SIZE * (size_t)(c->nproj ? c->nproj : 1));
    if (!l->fields) goto oom;
    return l;
oom:
    if (l) free(l);
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return NULL;
}

static void scan_local_free(mn_physop *op, void *lp) {
    scan_local *l = lp;
    if (l->reader) mn_text_reader_close(l->reader);
    free(l->fields);
    free(l);
}

static void trim_ws(const char **p, size_t *n) {
    while (*n && (**p == ' ' || **p == '\t')) (*p)++, (*n)--;
    while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t')) (*n)--;
}

/* Converts one column of field text into out. */
static int convert(mn_type t, const mn_str *fields, int stride, int nrows, mn_vector *out, mn_error *err) {
    uint8_t *nulls = NULL;
#define SETNULL(r)                                                                             \
    do {                                                                                       \
        if (!nulls && !(nulls = mn_vector_nulls_mut(out)))                                     \
            return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");                   \
        nulls[r] = 1;                                                                          \
    } while (0)
    for (int r = 0; r < nrows; r++) {
        const mn_str *f = &fields[(size_t)r * (size_t)stride];
        if (!f->ptr) {
            SETNULL(r);
            continue;
        }
        const char *p = f->ptr;
        size_t n = f->len;
        if (t.id == MN_T_VARBINARY) {
            /* Hive keeps BINARY base64-encoded in text files; text that is not valid
             * base64 is taken as the raw bytes (Hive's LazyBinary does the same) */
            unsigned char *d = mn_arena_alloc(&out->heap, n / 4 * 3 + 4);
            if (!d) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            size_t dn;
            char mb[96];
            const char *msg;
            mn_str s;
            if (mn_base64_decode(p, n, false, d, &dn, mb, &msg) == 0) {
                s.ptr = (const char *)d;
                s.len = (uint32_t)dn;
            } else {
                s = mn_vector_add_string(out, p, n);
                if (!s.ptr) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            }
            ((mn_str *)out->data)[r] = s;
            continue;
        }
        if (mn_type_is_varlen(t)) {
            n = mn_text_truncate_chars(t, p, n); /* Hive truncates varchar(n) to n characters */
            mn_str s = mn_vector_add_string(out, p, n);
            if (!s.ptr) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            ((mn_str *)out->data)[r] = s;
            continue;
        }
        trim_ws(&p, &n);
        if (n == 0) {
            SETNULL(r);
            continue;
        }
        int ok = mn_parse_scalar_slot(t, p, n, (char *)out->data + mn_type_size(t) * (size_t)r) == 0;
        if (!ok) SETNULL(r);
    }
#undef SETNULL
    return 0;
}

static int scan_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    scan_cfg *c = op->config;
    scan_global *g = gp;
    scan_local *l = lp;
    for (;;) {
        if (!l->reader) {
            int s = atomic_fetch_add(&g->next, 1);
            if (s >= c->nsplits) return 0;
            l->split = s;
            split *sp = &c->splits[s];
            l->reader = mn_text_reader_open(c->files.files[sp->file].path, sp->start, sp->end, &c->fmt,
                                            c->ncols_file, c->proj, c->nproj, err);
            if (!l->reader) return -1;
        }
        int nrows = 0;
        if (mn_text_reader_next(l->reader, MN_VECTOR_SIZE, l->fields, &nrows, err)) return -1;
        if (nrows == 0) {
            atomic_fetch_add(&l->q->bytes_read, mn_text_reader_bytes_read(l->reader));
            mn_text_reader_close(l->reader);
            l->reader = NULL;
            continue;
        }
        for (int j = 0; j < c->nproj; j++)
            if (convert(c->types[j], l->fields + j, c->nproj, nrows, &out->cols[j], err)) return -1;
        out->count = nrows;
        atomic_fetch_add(&l->q->rows_read, nrows);
        return 0;
    }
}

static void scan_explain(const mn_physop *op, mn_strbuf *out) {
    scan_cfg *c = op->config;
    mn_strbuf_printf(out, "%s, %d files, %d splits, columns:", c->table_name, c->files.n, c->nsplits);
    for (int j = 0; j < c->nproj; j++) mn_strbuf_printf(out, " %d", c->proj[j]);
}

static void scan_free_config(mn_physop *op) {
    scan_cfg *c = op->config;
    mn_file_list_free(&c->files);
    free(c->splits);
    c->splits = NULL;
}

static const mn_op_vtable scan_vt = {
    .name = "TableScan",
    .source_global = scan_global_new,
    .source_local = scan_local_new,
    .source_next = scan_next,
    .source_free_local = scan_local_free,
    .source_free_global = scan_global_free,
    .explain = scan_explain,
    .free_config = scan_free_config,
};

static const char *prop(const mn_kv *kv, int n, const char *key) {
    for (int i = 0; i < n; i++)
        if (strcasecmp(kv[i].key, key) == 0) return kv[i].value;
    return NULL;
}

int mn_table_text_format(const mn_table_def *t, mn_text_format *fmt) {
    bool csv = t->serde && strstr(t->serde, "OpenCSVSerde");
    mn_text_format_default(fmt, csv ? MN_TEXT_OPEN_CSV : MN_TEXT_LAZY_SIMPLE);
    const char *v;
    if (csv) {
        if ((v = prop(t->serde_props, t->nserde_props, "separatorChar")) && v[0]) fmt->field_delim = v[0];
        if ((v = prop(t->serde_props, t->nserde_props, "quoteChar")) && v[0]) fmt->quote_char = v[0];
        if ((v = prop(t->serde_props, t->nserde_props, "escapeChar")) && v[0]) fmt->escape_char = v[0];
    } else {
        if ((v = prop(t->serde_props, t->nserde_props, "field.delim")) && v[0]) fmt->field_delim = v[0];
        else if ((v = prop(t->serde_props, t->nserde_props, "serialization.format")) && v[0] && v[1] == 0 &&
                 !(v[0] >= '0' && v[0] <= '9'))
            fmt->field_delim = v[0];
        if ((v = prop(t->serde_props, t->nserde_props, "escape.delim")) && v[0]) fmt->escape_char = v[0];
        if ((v = prop(t->serde_props, t->nserde_props, "line.delim")) && v[0]) fmt->line_delim = v[0];
        if ((v = prop(t->serde_props, t->nserde_props, "serialization.null.format"))) fmt->null_format = v;
    }
    if ((v = prop(t->tbl_props, t->ntbl_props, "skip.header.line.count"))) fmt->skip_header_lines = atoi(v);
    return 0;
}

mn_physop *mn_op_text_scan(mn_arena *a, const mn_table_def *t, const int *proj, int nproj, mn_error *err) {
    mn_type *types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(nproj ? nproj : 1));
    scan_cfg *c = mn_arena_calloc(a, sizeof *c);
    if (!types || !c) goto oom;
    for (int j = 0; j < nproj; j++) types[j] = t->cols[proj[j]].type;
    mn_physop *op = mn_physop_new(a, &scan_vt, nproj, types);
    if (!op) goto oom;
    c->types = op->types;
    c->nproj = nproj;
    c->proj = mn_arena_alloc(a, sizeof(int) * (size_t)(nproj ? nproj : 1));
    if (!c->proj) goto oom;
    memcpy(c->proj, proj, sizeof(int) * (size_t)nproj);
    c->ncols_file = t->ncols;
    c->table_name = mn_arena_sprintf(a, "%s.%s", t->database, t->name);
    mn_table_text_format(t, &c->fmt);
    if (c->fmt.null_format) {
        c->null_format = mn_arena_strdup(a, c->fmt.null_format);
        c->fmt.null_format = c->null_format;
    }
    if (!t->location || !*t->location) {
        mn_error_set(err, MN_ERR_IO, "Table '%s' has no location", c->table_name);
        return NULL;
    }
    if (mn_fs_list(t->location, &c->files, err)) return NULL;
    /* cut splits */
    int cap = 16, n = 0;
    split *sp = malloc(sizeof *sp * (size_t)cap);
    if (!sp) goto oom;
    bool splittable = mn_text_splittable(&c->fmt);
    int64_t total = 0;
    for (int f = 0; f < c->files.n; f++) {
        int64_t size = c->files.files[f].size;
        total += size;
        int64_t step = splittable ? SPLIT_BYTES : INT64_MAX;
        int64_t s = 0;
        do {
            if (n == cap) {
                cap *= 2;
                split *ns = realloc(sp, sizeof *sp * (size_t)cap);
                if (!ns) {
                    free(sp);
                    goto oom;
                }
                sp = ns;
            }
            int64_t e = (step == INT64_MAX || size - s <= step + step / 4) ? INT64_MAX : s + step;
            sp[n].file = f;
            sp[n].start = s;
            sp[n].end = e;
            n++;
            s = e;
        } while (s != INT64_MAX && s < size);
    }
    c->splits = sp;
    c->nsplits = n;
    op->config = c;
    op->estimated_rows = (double)total / 100.0;
    return op;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return NULL;
}
