/* json_infer.c — the columns of read_json('path or glob' [, 'name type, ...']): the given
 * definitions, or schema inference: reads up to SAMPLE_RECORDS
 * records (from the files in path order) and types every key of the top-level objects, in
 * first-seen order, keys that differ only in case being one column. A key's values decide
 * its type (names are lower-cased): true/false BOOLEAN, integers BIGINT (DOUBLE once a fraction, exponent or an
 * integer beyond BIGINT appears), strings DATE or TIMESTAMP when every one parses as such,
 * else VARCHAR; objects ROW (fields merged the same way), arrays ARRAY of their elements'
 * common type. Values of different kinds (a number and a string, an object and an array)
 * make VARCHAR (an object or array reads as its JSON text), and so do keys only ever NULL,
 * empty objects and nesting deeper than MN_NESTED_MAX_DEPTH. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "format/json_reader.h"
#include "io/fs.h"
#include "table/table.h"
#include "types/datetime.h"
#include "types/nested.h"
#include "types/scalar_text.h"

#define SAMPLE_RECORDS 10000
#define MAX_COLUMNS 10000

enum { S_NULL, S_BOOL, S_INT, S_DOUBLE, S_STRING, S_OBJECT, S_ARRAY, S_TEXT };

typedef struct shape {
    int kind;
    bool not_date, not_ts; /* S_STRING: a value that does not parse as DATE / TIMESTAMP */
    int nf, cap;           /* S_OBJECT */
    char **names;
    struct shape **fields;
    struct shape *elem; /* S_ARRAY */
} shape;

typedef struct infer {
    mn_arena *a; /* shapes and names (the statement's arena) */
    mn_json_records *rec;
    mn_strbuf sb;
    mn_error *err;
} infer;

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

static int bad(infer *x) { return mn_json_records_fail(x->rec, "invalid JSON text", x->err); }

static shape *new_shape(infer *x) {
    shape *s = mn_arena_calloc(x->a, sizeof *s);
    if (!s) oom(x->err);
    return s;
}

/* The shape of field `name` of object shape s, added when new; NULL when out of memory or
 * when s already has max fields (*full set). */
static shape *field(infer *x, shape *s, const char *name, size_t n, int max, bool *full) {
    for (int i = 0; i < s->nf; i++)
        if (strlen(s->names[i]) == n && strncasecmp(s->names[i], name, n) == 0) return s->fields[i];
    if (s->nf == max) {
        *full = true;
        return NULL;
    }
    if (s->nf == s->cap) {
        int cap = s->cap ? s->cap * 2 : 8;
        char **nn = mn_arena_alloc(x->a, sizeof *nn * (size_t)cap);
        shape **nf = mn_arena_alloc(x->a, sizeof *nf * (size_t)cap);
        if (!nn || !nf) {
            oom(x->err);
            return NULL;
        }
        if (s->nf) {
            memcpy(nn, s->names, sizeof *nn * (size_t)s->nf);
            memcpy(nf, s->fields, sizeof *nf * (size_t)s->nf);
        }
        s->names = nn;
        s->fields = nf;
        s->cap = cap;
    }
    char *copy = mn_arena_alloc(x->a, n + 1);
    shape *f = new_shape(x);
    if (!copy || !f) {
        oom(x->err);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) /* names as Trino shows Hive's: lower case */
        copy[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] - 'A' + 'a') : name[i];
    copy[n] = 0;
    s->names[s->nf] = copy;
    s->fields[s->nf++] = f;
    return f;
}

static int observe(infer *x, shape *s, int depth);

/* The members of the object at the current START_OBJECT token into shape s. */
static int observe_members(infer *x, shape *s, int depth, int max) {
    mn_json_lexer *lx = &x->rec->lx;
    for (;;) {
        mn_json_tok tok = mn_json_next(lx);
        if (tok == MN_JT_END_OBJECT) return 0;
        if (tok != MN_JT_FIELD_NAME) return bad(x);
        mn_strbuf_clear(&x->sb);
        lx->tok = MN_JT_STRING;
        int r = mn_json_token_string(lx, &x->sb, NULL);
        lx->tok = MN_JT_FIELD_NAME;
        if (r || x->sb.oom) return oom(x->err);
        bool full = false;
        shape *f = field(x, s, x->sb.data ? x->sb.data : "", x->sb.len, max, &full);
        if (!f && !full) return -1;
        if (mn_json_next(lx) == MN_JT_ERROR) return bad(x);
        if (full) { /* too many keys: a nested object becomes text; extra columns are left out */
            if (mn_json_skip_children(lx)) return bad(x);
            if (depth == 0) continue;
            s->kind = S_TEXT;
            int target = lx->depth - 1; /* skip the rest of this object */
            for (;;) {
                tok = mn_json_next(lx);
                if (tok == MN_JT_ERROR || tok == MN_JT_EOF) return bad(x);
                if (tok == MN_JT_END_OBJECT && lx->depth == target) return 0;
            }
        }
        if (observe(x, f, depth + 1)) return -1;
    }
}

/* Folds the value at the current token into shape s; the lexer ends on its last token. */
static int observe(infer *x, shape *s, int depth) {
    mn_json_lexer *lx = &x->rec->lx;
    int kind;
    switch (lx->tok) {
    case MN_JT_NULL: return 0;
    case MN_JT_TRUE:
    case MN_JT_FALSE: kind = S_BOOL; break;
    case MN_JT_INT: {
        int64_t v;
        kind = mn_parse_int64(lx->s + lx->tstart, lx->tend - lx->tstart, &v) == 0 ? S_INT : S_DOUBLE;
        break;
    }
    case MN_JT_FLOAT: kind = S_DOUBLE; break;
    case MN_JT_STRING: kind = S_STRING; break;
    case MN_JT_START_OBJECT: kind = S_OBJECT; break;
    case MN_JT_START_ARRAY: kind = S_ARRAY; break;
    default: return bad(x);
    }
    if ((kind == S_OBJECT || kind == S_ARRAY) && depth >= MN_NESTED_MAX_DEPTH - 1) kind = S_TEXT;
    if (s->kind == S_NULL) s->kind = kind;
    else if ((s->kind == S_INT && kind == S_DOUBLE) || (s->kind == S_DOUBLE && kind == S_INT)) s->kind = S_DOUBLE;
    else if (s->kind != kind) s->kind = S_TEXT;
    switch (s->kind) {
    case S_STRING: {
        mn_strbuf_clear(&x->sb);
        if (mn_json_token_string(lx, &x->sb, NULL) || x->sb.oom) return oom(x->err);
        const char *p = x->sb.data ? x->sb.data : "";
        int32_t d;
        int64_t us;
        if (!s->not_date && mn_date_parse(p, x->sb.len, &d) != 0) s->not_date = true;
        if (!s->not_ts && mn_timestamp_parse(p, x->sb.len, &us, NULL) != 0) s->not_ts = true;
        return 0;
    }
    case S_OBJECT: return observe_members(x, s, depth, MN_NESTED_MAX_FIELDS);
    case S_ARRAY:
        if (!s->elem && !(s->elem = new_shape(x))) return -1;
        for (;;) {
            mn_json_tok tok = mn_json_next(lx);
            if (tok == MN_JT_END_ARRAY) return 0;
            if (tok == MN_JT_ERROR || tok == MN_JT_EOF) return bad(x);
            if (observe(x, s->elem, depth + 1)) return -1;
        }
    default: return mn_json_skip_children(lx) ? bad(x) : 0;
    }
}

/* The type a shape describes; VARCHAR when it cannot be a nested type. */
static mn_type shape_type(infer *x, const shape *s) {
    mn_type t = mn_type_varchar(-1);
    switch (s->kind) {
    case S_BOOL: return mn_type_make(MN_T_BOOLEAN);
    case S_INT: return mn_type_make(MN_T_BIGINT);
    case S_DOUBLE: return mn_type_make(MN_T_DOUBLE);
    case S_STRING:
        if (!s->not_date) return mn_type_make(MN_T_DATE);
        if (!s->not_ts) {
            mn_type ts = mn_type_make(MN_T_TIMESTAMP);
            ts.precision = 6; /* keep microseconds */
            return ts;
        }
        return t;
    case S_ARRAY: {
        mn_type e = s->elem ? shape_type(x, s->elem) : t, a;
        return mn_type_make_array(e, &a) == 0 ? a : t;
    }
    case S_OBJECT: {
        if (s->nf == 0) return t;
        mn_type *ft = malloc(sizeof *ft * (size_t)s->nf), r;
        if (!ft) return t;
        for (int i = 0; i < s->nf; i++) ft[i] = shape_type(x, s->fields[i]);
        if (mn_type_make_row(s->nf, ft, (const char *const *)s->names, &r) == 0) t = r;
        free(ft);
        return t;
    }
    default: return t;
    }
}

/* Parses read_json's column definitions "name type, name type, ..." (types as in DDL; a name
 * may be double-quoted). */
static int parse_columns(mn_arena *a, const char *spec, int *ncols, char ***names, mn_type **types, mn_error *err) {
    int cap = 1;
    for (const char *p = spec; *p; p++) cap += *p == ',';
    *names = mn_arena_alloc(a, sizeof **names * (size_t)cap);
    *types = mn_arena_alloc(a, sizeof **types * (size_t)cap);
    if (!*names || !*types) return oom(err);
    int n = 0;
    const char *p = spec;
    while (*p) {
        const char *end = p;
        int depth = 0;
        for (; *end && !(*end == ',' && depth == 0); end++) {
            if (*end == '(' || *end == '<') depth++;
            else if ((*end == ')' || *end == '>') && depth > 0) depth--;
        }
        const char *q = p;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\n')) q++;
        const char *name = q, *name_end;
        if (q < end && *q == '"') {
            name = ++q;
            while (q < end && *q != '"') q++;
            name_end = q;
            if (q < end) q++;
        } else {
            while (q < end && *q != ' ' && *q != '\t' && *q != '\n') q++;
            name_end = q;
        }
        const char *type = q, *type_end = end;
        while (type < type_end && (*type == ' ' || *type == '\t' || *type == '\n')) type++;
        while (type_end > type && (type_end[-1] == ' ' || type_end[-1] == '\t' || type_end[-1] == '\n')) type_end--;
        if (name_end == name || type == type_end)
            return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Invalid column definition '%.*s' for read_json",
                                (int)(end - p), p);
        mn_type t;
        if (mn_type_parse(type, (size_t)(type_end - type), &t) != 0)
            return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Unknown type '%.*s' of column '%.*s' for read_json",
                                (int)(type_end - type), type, (int)(name_end - name), name);
        size_t nl = (size_t)(name_end - name);
        for (int k = 0; k < n; k++)
            if (strlen((*names)[k]) == nl && strncasecmp((*names)[k], name, nl) == 0)
                return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Duplicate column '%.*s' for read_json", (int)nl, name);
        if (n == cap) return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Too many columns for read_json");
        char *nm = mn_arena_alloc(a, nl + 1);
        if (!nm) return oom(err);
        memcpy(nm, name, nl);
        nm[nl] = 0;
        (*names)[n] = nm;
        (*types)[n++] = t;
        p = *end ? end + 1 : end;
    }
    if (n == 0) return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "read_json needs at least one column definition");
    *ncols = n;
    return 0;
}

int mn_json_infer(mn_arena *a, const char *location, const char *columns, mn_table_def **out, mn_error *err) {
    mn_file_list files;
    if (mn_fs_list_glob(location, &files, err)) return -1;
    mn_json_records rec;
    memset(&rec, 0, sizeof rec);
    infer x = {a, &rec, {0}, err};
    mn_strbuf_init(&x.sb);
    int rc = -1, records = 0, ncols = 0;
    char **names = NULL;
    mn_type *types = NULL;
    shape *root = new_shape(&x);
    if (!root) goto done;
    root->kind = S_OBJECT;
    if (columns) {
        if (parse_columns(a, columns, &ncols, &names, &types, err)) goto done;
        goto have_columns;
    }
    for (int f = 0; f < files.n && records < SAMPLE_RECORDS; f++) {
        if (mn_json_records_open(&rec, files.files[f].path, err)) goto done;
        while (records < SAMPLE_RECORDS) {
            int r = mn_json_records_next(&rec, err);
            if (r < 0) goto done;
            if (r == 0) break;
            if (observe_members(&x, root, 0, MAX_COLUMNS)) goto done;
            records++;
        }
        mn_json_records_close(&rec);
    }
    if (root->nf == 0) {
        mn_error_set(err, MN_ERR_CORRUPT, "Cannot infer columns: no JSON object with keys in '%s'", location);
        goto done;
    }
    ncols = root->nf;
    names = root->names;
    types = mn_arena_alloc(a, sizeof *types * (size_t)ncols);
    if (!types) goto nomem;
    for (int c = 0; c < ncols; c++) types[c] = shape_type(&x, root->fields[c]);
have_columns:;
    mn_table_def *t = mn_arena_calloc(a, sizeof *t);
    if (!t) goto nomem;
    t->database = "";
    t->name = mn_arena_sprintf(a, "read_json('%s')", location);
    t->location = mn_arena_strdup(a, location);
    t->stored_as = "TEXTFILE";
    t->serde = "org.openx.data.jsonserde.JsonSerDe";
    t->external = 1;
    t->ncols = ncols;
    t->cols = mn_arena_calloc(a, sizeof(mn_column_def) * (size_t)ncols);
    if (!t->name || !t->location || !t->cols) goto nomem;
    for (int c = 0; c < ncols; c++) {
        mn_type ty = types[c];
        char tn[256];
        mn_strbuf name;
        mn_strbuf_init(&name);
        if (mn_type_is_nested(ty)) mn_type_name_nested(ty, &name);
        else mn_strbuf_puts(&name, mn_type_name(ty, tn, sizeof tn));
        t->cols[c].type = ty;
        t->cols[c].type_text = name.oom ? NULL : mn_arena_strdup(a, name.data);
        mn_strbuf_free(&name);
        t->cols[c].name = names[c];
        if (!t->cols[c].type_text) goto nomem;
    }
    *out = t;
    rc = 0;
    goto done;
nomem:
    oom(err);
done:
    mn_json_records_close(&rec);
    mn_strbuf_free(&x.sb);
    mn_file_list_free(&files);
    return rc;
}
