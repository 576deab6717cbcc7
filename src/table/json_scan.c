/* json_scan.c — the scan source of JSON data: read_json('path or glob') and Hive tables with
 * ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' or
 * 'org.apache.hive.hcatalog.data.JsonSerDe' (Athena's JSON tables). Every file is one morsel
 * (format/json_reader.c splits it into records). Keys are matched to columns, and to ROW
 * fields, ASCII case-insensitively; a key a record lacks is NULL, keys no column names are
 * skipped, and a repeated key keeps its last value. Values become the column type as Hive's
 * JSON SerDe reads them: numbers, strings and booleans through the text parsers (a value that
 * does not parse as the type is NULL, as in text tables); an object or array read as VARCHAR
 * is its compact JSON text; JSON columns take any value; arrays fill ARRAY columns, objects
 * ROW columns (fields by name) and MAP columns (keys parsed as the key type, last duplicate
 * wins). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "format/json_reader.h"
#include "io/fs.h"
#include "table/table.h"
#include "types/nested.h"
#include "types/scalar_text.h"

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
    mn_strbuf sb;
} jscan_local;

/* One 16-byte value slot (the largest vector slot: DECIMAL, VARCHAR). */
typedef union jslot {
    mn_i128 x;
    mn_str s;
    int64_t i;
    double d;
    uint8_t b[16];
} jslot;

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

/* ------------------------------------------------------------------ values */

/* Copies sb's bytes into the scratch arena as *out. */
static int keep(jscan_local *l, const char *p, size_t n, mn_str *out, mn_error *err) {
    if (n > UINT32_MAX) return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "JSON value too large");
    char *d = mn_arena_alloc(&l->scratch, n ? n : 1);
    if (!d) return oom(err);
    if (n) memcpy(d, p, n);
    out->ptr = d;
    out->len = (uint32_t)n;
    return 0;
}

/* The text of the current scalar token (strings decoded) as *out (valid during the record). */
static int token_text(jscan_local *l, mn_str *out, mn_error *err) {
    const mn_json_lexer *lx = &l->rec.lx;
    if (lx->tok == MN_JT_TRUE || lx->tok == MN_JT_FALSE) {
        out->ptr = lx->tok == MN_JT_TRUE ? "true" : "false";
        out->len = lx->tok == MN_JT_TRUE ? 4 : 5;
        return 0;
    }
    if (lx->tok == MN_JT_STRING && lx->escaped) {
        mn_strbuf_clear(&l->sb);
        if (mn_json_token_string(lx, &l->sb, NULL) || l->sb.oom) return oom(err);
        return keep(l, l->sb.data, l->sb.len, out, err);
    }
    out->ptr = lx->s + lx->tstart;
    out->len = (uint32_t)(lx->tend - lx->tstart);
    return 0;
}

static int convert(jscan_local *l, mn_type t, jslot *slot, mn_error *err);

static int bad(jscan_local *l, mn_error *err) {
    return mn_json_records_fail(&l->rec, l->rec.lx.tok == MN_JT_EOF ? "unexpected end of input" : "invalid JSON text", err);
}

/* Growable arrays of element slots for an ARRAY or MAP being read. */
typedef struct slots {
    jslot *v, *k;
    bool *null;
    int n, cap;
} slots;

static int slots_push(slots *s, mn_error *err) {
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 16;
        jslot *v = realloc(s->v, sizeof *v * (size_t)cap);
        if (v) s->v = v;
        jslot *k = realloc(s->k, sizeof *k * (size_t)cap);
        if (k) s->k = k;
        bool *nl = realloc(s->null, sizeof *nl * (size_t)cap);
        if (nl) s->null = nl;
        if (!v || !k || !nl) return oom(err);
        s->cap = cap;
    }
    s->n++;
    return 0;
}

static void slots_free(slots *s) {
    free(s->v);
    free(s->k);
    free(s->null);
}

/* Encoding in sb moved to the scratch arena as slot->s. */
static int keep_sb(jscan_local *l, mn_strbuf *sb, jslot *slot, mn_error *err) {
    if (sb->oom) return oom(err);
    return keep(l, sb->data ? sb->data : "", sb->len, &slot->s, err);
}

static int convert_array(jscan_local *l, mn_type t, jslot *slot, mn_error *err) {
    slots s = {0};
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    const void **ptrs = NULL;
    int rc = -1;
    mn_type et = mn_type_elem(t);
    for (;;) {
        mn_json_tok tok = mn_json_next(&l->rec.lx);
        if (tok == MN_JT_END_ARRAY) break;
        if (tok == MN_JT_ERROR || tok == MN_JT_EOF) {
            bad(l, err);
            goto done;
        }
        if (slots_push(&s, err)) goto done;
        int r = convert(l, et, &s.v[s.n - 1], err);
        if (r < 0) goto done;
        s.null[s.n - 1] = r == 0;
    }
    ptrs = malloc(sizeof *ptrs * (size_t)(s.n ? s.n : 1));
    if (!ptrs) {
        oom(err);
        goto done;
    }
    for (int i = 0; i < s.n; i++) ptrs[i] = s.null[i] ? NULL : &s.v[i];
    if (mn_nested_encode_array(&sb, et, s.n, ptrs, err) || keep_sb(l, &sb, slot, err)) goto done;
    rc = 1;
done:
    free(ptrs);
    slots_free(&s);
    mn_strbuf_free(&sb);
    return rc;
}

/* The current FIELD_NAME token's decoded name. */
static int field_name(jscan_local *l, mn_str *out, mn_error *err) {
    l->rec.lx.tok = MN_JT_STRING; /* token_text decodes strings; restored below */
    int rc = token_text(l, out, err);
    l->rec.lx.tok = MN_JT_FIELD_NAME;
    return rc;
}

static bool name_eq(const char *a, size_t an, const char *b) {
    return b && strlen(b) == an && strncasecmp(a, b, an) == 0;
}

static int convert_row(jscan_local *l, mn_type t, jslot *slot, mn_error *err) {
    int n = t.ext->n;
    jslot *v = calloc((size_t)n, sizeof *v);
    const void **ptrs = calloc((size_t)n, sizeof *ptrs);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = -1;
    if (!v || !ptrs) {
        oom(err);
        goto done;
    }
    for (;;) {
        mn_json_tok tok = mn_json_next(&l->rec.lx);
        if (tok == MN_JT_END_OBJECT) break;
        if (tok != MN_JT_FIELD_NAME) {
            bad(l, err);
            goto done;
        }
        mn_str name;
        if (field_name(l, &name, err)) goto done;
        int f = 0;
        while (f < n && !name_eq(name.ptr, name.len, t.ext->names ? t.ext->names[f] : NULL)) f++;
        tok = mn_json_next(&l->rec.lx);
        if (tok == MN_JT_ERROR || tok == MN_JT_EOF) {
            bad(l, err);
            goto done;
        }
        if (f == n) {
            if (mn_json_skip_children(&l->rec.lx)) {
                bad(l, err);
                goto done;
            }
            continue;
        }
        int r = convert(l, t.ext->types[f], &v[f], err);
        if (r < 0) goto done;
        ptrs[f] = r ? &v[f] : NULL;
    }
    if (mn_nested_encode_row(&sb, t, ptrs, err) || keep_sb(l, &sb, slot, err)) goto done;
    rc = 1;
done:
    free(v);
    free(ptrs);
    mn_strbuf_free(&sb);
    return rc;
}

static int convert_map(jscan_local *l, mn_type t, jslot *slot, mn_error *err) {
    slots s = {0};
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    const void **kp = NULL, **vp = NULL;
    int rc = -1;
    mn_type kt = mn_type_map_key(t), vt = mn_type_map_value(t);
    for (;;) {
        mn_json_tok tok = mn_json_next(&l->rec.lx);
        if (tok == MN_JT_END_OBJECT) break;
        if (tok != MN_JT_FIELD_NAME) {
            bad(l, err);
            goto done;
        }
        mn_str name;
        jslot key;
        if (field_name(l, &name, err)) goto done;
        bool ok = true;
        if (mn_type_is_string(kt)) key.s = name;
        else if (mn_type_is_nested(kt) || mn_type_is_varlen(kt)) ok = false;
        else ok = mn_parse_scalar_slot(kt, name.ptr, name.len, &key) == 0;
        tok = mn_json_next(&l->rec.lx);
        if (tok == MN_JT_ERROR || tok == MN_JT_EOF) {
            bad(l, err);
            goto done;
        }
        if (!ok) { /* a key that is not a value of the key type: the entry is left out */
            if (mn_json_skip_children(&l->rec.lx)) {
                bad(l, err);
                goto done;
            }
            continue;
        }
        int at = 0; /* a repeated key: the last value wins */
        while (at < s.n && mn_nested_slot_compare(kt, &s.k[at], &key) != 0) at++;
        if (at == s.n && slots_push(&s, err)) goto done;
        s.k[at] = key;
        int r = convert(l, vt, &s.v[at], err);
        if (r < 0) goto done;
        s.null[at] = r == 0;
    }
    kp = malloc(sizeof *kp * (size_t)(s.n ? s.n : 1));
    vp = malloc(sizeof *vp * (size_t)(s.n ? s.n : 1));
    if (!kp || !vp) {
        oom(err);
        goto done;
    }
    for (int i = 0; i < s.n; i++) {
        kp[i] = &s.k[i];
        vp[i] = s.null[i] ? NULL : &s.v[i];
    }
    if (mn_nested_encode_map(&sb, t, s.n, kp, vp, err) || keep_sb(l, &sb, slot, err)) goto done;
    rc = 1;
done:
    free(kp);
    free(vp);
    slots_free(&s);
    mn_strbuf_free(&sb);
    return rc;
}

/* Reads the value at the current token as type t into slot (varlen values point into the
 * record's scratch memory or the file). Returns 1 value, 0 NULL, -1 error; the lexer ends
 * on the value's last token. */
static int convert(jscan_local *l, mn_type t, jslot *slot, mn_error *err) {
    mn_json_lexer *lx = &l->rec.lx;
    mn_json_tok tok = lx->tok;
    if (tok == MN_JT_NULL) return 0;
    if (tok == MN_JT_START_ARRAY && t.id == MN_T_ARRAY) return convert_array(l, t, slot, err);
    if (tok == MN_JT_START_OBJECT && t.id == MN_T_ROW) return convert_row(l, t, slot, err);
    if (tok == MN_JT_START_OBJECT && t.id == MN_T_MAP) return convert_map(l, t, slot, err);
    if (t.id == MN_T_JSON) { /* any value, canonical text */
        mn_arena tree;
        mn_arena_init(&tree, 0);
        mn_json_node *node = NULL;
        int r = mn_json_read_tree(lx, &tree, &node);
        mn_strbuf_clear(&l->sb);
        if (r == 0 && mn_json_write_tree(&l->sb, node, MN_JSON_ORDER_SORTED, &tree)) r = -2;
        mn_arena_destroy(&tree);
        if (r == -1) return bad(l, err);
        if (r < 0 || l->sb.oom) return oom(err);
        return keep(l, l->sb.data, l->sb.len, &slot->s, err) ? -1 : 1;
    }
    if (tok == MN_JT_START_ARRAY || tok == MN_JT_START_OBJECT) {
        if (!mn_type_is_string(t)) { /* a container where a scalar belongs: NULL */
            if (mn_json_skip_children(lx)) return bad(l, err);
            return 0;
        }
        mn_strbuf_clear(&l->sb);
        int r = mn_json_copy_value(lx, &l->sb);
        if (r == -1) return bad(l, err);
        if (r < 0 || l->sb.oom) return oom(err);
        return keep(l, l->sb.data, l->sb.len, &slot->s, err) ? -1 : 1;
    }
    if (mn_type_is_nested(t)) return 0; /* a scalar where an array or object belongs */
    mn_str text;
    if (token_text(l, &text, err)) return -1;
    if (mn_type_is_string(t)) {
        text.len = (uint32_t)mn_text_truncate_chars(t, text.ptr, text.len); /* varchar(n): n characters */
        slot->s = text;
        return 1;
    }
    if (t.id == MN_T_VARBINARY) {
        slot->s = text;
        return 1;
    }
    if (t.id == MN_T_BOOLEAN && (tok == MN_JT_INT || tok == MN_JT_FLOAT)) return 0; /* only true/false and strings */
    return mn_parse_scalar_slot(t, text.ptr, text.len, slot) == 0 ? 1 : 0;
}

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
    mn_strbuf_init(&l->sb);
    return l;
}

static void jscan_local_free(mn_physop *op, void *lp) {
    jscan_local *l = lp;
    if (l->open) mn_json_records_close(&l->rec);
    mn_arena_destroy(&l->scratch);
    mn_strbuf_free(&l->sb);
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
        if (field_name(l, &name, err)) return -1;
        int j = 0;
        while (j < c->nproj && !name_eq(name.ptr, name.len, c->names[j])) j++;
        tok = mn_json_next(&l->rec.lx);
        if (tok == MN_JT_ERROR || tok == MN_JT_EOF) return bad(l, err);
        if (j == c->nproj) {
            if (mn_json_skip_children(&l->rec.lx)) return bad(l, err);
            continue;
        }
        jslot v;
        mn_vector *o = &out->cols[j];
        int got = convert(l, c->types[j], &v, err);
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
