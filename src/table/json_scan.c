/* json_scan.c — the scan source of JSON data: read_json('path or glob') and Hive tables with
 * ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' or
 * 'org.apache.hive.hcatalog.data.JsonSerDe' (Athena's JSON tables). Every file is one morsel
 * (format/json_reader.c splits it into records). Keys are matched to columns ASCII
 * case-insensitively; a key a record lacks is NULL, keys no column names are skipped, and a
 * repeated key keeps its last value. Values become the column types as
 * format/json_value.c converts them (Hive's JSON SerDe rules). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "format/json_reader.h"
#include "format/json_value.h"
#include "io/fs.h"
#include "table/table.h"

typedef struct jscan_cfg {
    mn_file_list files;
    int nproj;
    mn_type *types;     /* per output column */
    const char **names; /* per output column */
    char *table_name;
} jscan_cfg;

typedef struct jscan_global {
    atomic_int next;
} jscan_global;

typedef struct jscan_local {
    mn_query_ctx *q;
    mn_json_records rec;
    bool open;
    mn_arena scratch; /* decoded strings and encoded nested values of the current record */
    mn_json_conv conv; /* over rec's lexer */
} jscan_local;

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

static int bad(jscan_local *l, mn_error *err) { return mn_json_records_fail(&l->rec, "invalid JSON text", err); }

/* ------------------------------------------------------------------ scan */

static void *jscan_global_new(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    jscan_global *g = calloc(1, sizeof *g);
    if (!g) oom(err);
    return g;
}

static void jscan_global_free(mn_physop *op, void *g) { free(g); }

static void *jscan_local_new(mn_physop *op, void *g, mn_query_ctx *q, mn_error *err) {
    jscan_local *l = calloc(1, sizeof *l);
    if (!l) {
        oom(err);
        return NULL;
    }
    l->q = q;
    mn_arena_init(&l->scratch, 0);
    mn_json_conv_init(&l->conv, &l->rec.lx, &l->scratch, &l->rec);
    return l;
}

static void jscan_local_free(mn_physop *op, void *lp) {
    jscan_local *l = lp;
    if (l->open) mn_json_records_close(&l->rec);
    mn_arena_destroy(&l->scratch);
    mn_json_conv_free(&l->conv);
    free(l);
}

/* Reads the current record (the lexer on its START_OBJECT) into row r of out. */
static int read_record(const jscan_cfg *c, jscan_local *l, mn_chunk *out, int r, mn_error *err) {
    for (int j = 0; j < c->nproj; j++) mn_vector_set_null(&out->cols[j], r);
    mn_arena_rewind(&l->scratch);
    for (;;) {
        mn_json_tok tok = mn_json_next(&l->rec.lx);
        if (tok == MN_JT_END_OBJECT) return 0;
        if (tok != MN_JT_FIELD_NAME) return bad(l, err);
        mn_str name;
        if (mn_json_field_name(&l->conv, &name, err)) return -1;
        int j = 0;
        while (j < c->nproj && !mn_json_name_eq(name.ptr, name.len, c->names[j])) j++;
        tok = mn_json_next(&l->rec.lx);
        if (tok == MN_JT_ERROR || tok == MN_JT_EOF) return bad(l, err);
        if (j == c->nproj) {
            if (mn_json_skip_children(&l->rec.lx)) return bad(l, err);
            continue;
        }
        mn_json_slot v;
        mn_vector *o = &out->cols[j];
        int got = mn_json_convert(&l->conv, c->types[j], &v, err);
        if (got < 0) return -1;
        if (got == 0) {
            mn_vector_set_null(o, r);
            continue;
        }
        if (mn_type_is_varlen(c->types[j])) {
            v.s = mn_vector_add_string(o, v.s.ptr, v.s.len);
            if (!v.s.ptr) return oom(err);
        }
        memcpy((char *)o->data + mn_type_size(c->types[j]) * (size_t)r, &v, mn_type_size(c->types[j]));
        o->nulls[r] = 0;
    }
}

static int jscan_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    jscan_cfg *c = op->config;
    jscan_global *g = gp;
    jscan_local *l = lp;
    for (int j = 0; j < c->nproj; j++)
        if (!mn_vector_nulls_mut(&out->cols[j])) return oom(err);
    int n = 0;
    while (n < MN_VECTOR_SIZE) {
        if (!l->open) {
            int f = atomic_fetch_add(&g->next, 1);
            if (f >= c->files.n) break;
            if (mn_json_records_open(&l->rec, c->files.files[f].path, err)) return -1;
            l->open = true;
            atomic_fetch_add(&l->q->bytes_read, (int64_t)l->rec.len);
        }
        int r = mn_json_records_next(&l->rec, err);
        if (r < 0) return -1;
        if (r == 0) {
            mn_json_records_close(&l->rec);
            l->open = false;
            continue;
        }
        if (read_record(c, l, out, n, err)) return -1;
        n++;
    }
    out->count = n;
    atomic_fetch_add(&l->q->rows_read, n);
    return 0;
}

static void jscan_explain(const mn_physop *op, mn_strbuf *out) {
    jscan_cfg *c = op->config;
    mn_strbuf_printf(out, "%s, %d files (JSON), columns:", c->table_name, c->files.n);
    for (int j = 0; j < c->nproj; j++) mn_strbuf_printf(out, " %s", c->names[j]);
}

static void jscan_free_config(mn_physop *op) {
    jscan_cfg *c = op->config;
    mn_file_list_free(&c->files);
}

static const mn_op_vtable jscan_vt = {
    .name = "TableScan",
    .source_global = jscan_global_new,
    .source_local = jscan_local_new,
    .source_next = jscan_next,
    .source_free_local = jscan_local_free,
    .source_free_global = jscan_global_free,
    .explain = jscan_explain,
    .free_config = jscan_free_config,
};

bool mn_table_is_json(const mn_table_def *t) { return t->serde && strstr(t->serde, "JsonSerDe") != NULL; }

mn_physop *mn_op_json_scan(mn_arena *a, const mn_table_def *t, const int *proj, int nproj, mn_error *err) {
    mn_type *types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(nproj ? nproj : 1));
    jscan_cfg *c = mn_arena_calloc(a, sizeof *c);
    const char **names = mn_arena_alloc(a, sizeof(char *) * (size_t)(nproj ? nproj : 1));
    if (!types || !c || !names) goto nomem;
    for (int j = 0; j < nproj; j++) {
        types[j] = t->cols[proj[j]].type;
        names[j] = t->cols[proj[j]].name;
    }
    mn_physop *op = mn_physop_new(a, &jscan_vt, nproj, types);
    if (!op) goto nomem;
    c->types = op->types;
    c->names = names;
    c->nproj = nproj;
    c->table_name = mn_arena_sprintf(a, "%s.%s", t->database, t->name);
    if (!c->table_name) goto nomem;
    if (!t->location || !*t->location) {
        mn_error_set(err, MN_ERR_IO, "Table '%s' has no location", c->table_name);
        return NULL;
    }
    if (mn_fs_list_glob(t->location, &c->files, err)) return NULL;
    int64_t total = 0;
    for (int f = 0; f < c->files.n; f++) total += c->files.files[f].size;
    op->config = c;
    op->estimated_rows = (double)total / 100.0;
    return op;
nomem:
    oom(err);
    return NULL;
}
