/* result.c — materialized statement results: column names and types, and every value
 * rendered as text the way Trino renders it. */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "engine/engine_internal.h"
#include "types/nested.h"
#include "types/scalar_text.h"
#include "types/vector.h"

mn_result *result_new(void) {
    mn_result *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    mn_arena_init(&r->arena, 256 * 1024);
    r->update_count = -1;
    return r;
}

int result_set_columns(mn_result *r, int ncols, const char *const *names, const mn_type *types, mn_error *err) {
    r->has_rows = 1;
    r->ncols = ncols;
    r->names = mn_arena_calloc(&r->arena, sizeof(char *) * (size_t)(ncols + 1));
    r->types = mn_arena_calloc(&r->arena, sizeof(char *) * (size_t)(ncols + 1));
    r->kinds = mn_arena_calloc(&r->arena, (size_t)(ncols + 1));
    if (!r->names || !r->types || !r->kinds) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    for (int i = 0; i < ncols; i++) {
        char tn[512];
        r->names[i] = mn_arena_strdup(&r->arena, names && names[i] ? names[i] : "");
        r->types[i] = mn_arena_strdup(&r->arena, mn_type_name(types[i], tn, sizeof tn));
        if (!r->names[i] || !r->types[i]) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        r->kinds[i] = mn_type_is_numeric(types[i]) ? 'n' : types[i].id == MN_T_BOOLEAN ? 'b' : 's';
    }
    return 0;
}

static int grow(mn_result *r, int64_t rows, mn_error *err) {
    if (r->nrows + rows <= r->cap) return 0;
    int64_t cap = r->cap ? r->cap : 64;
    while (cap < r->nrows + rows) cap *= 2;
    size_t cells = (size_t)cap * (size_t)(r->ncols ? r->ncols : 1);
    const char **c = realloc(r->cells, sizeof(char *) * cells);
    if (!c) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    r->cells = c;
    uint32_t *l = realloc(r->lens, sizeof(uint32_t) * cells);
    if (!l) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    r->lens = l;
    r->cap = cap;
    return 0;
}

int result_append_chunk(mn_result *r, const mn_chunk *c, mn_error *err) {
    if (grow(r, c->count, err)) return -1;
    int nc = r->ncols;
    for (int col = 0; col < nc; col++) {
        const mn_vector *v = &c->cols[col];
        size_t sz = mn_type_size(v->type);
        bool is_str = mn_type_is_varlen(v->type);
        bool is_bin = v->type.id == MN_T_VARBINARY;
        bool nested = mn_type_is_nested(v->type);
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        for (int i = 0; i < c->count; i++) {
            size_t cell = (size_t)(r->nrows + i) * (size_t)nc + (size_t)col;
            if (mn_vector_is_null(v, i) || v->type.id == MN_T_UNKNOWN) {
                r->cells[cell] = NULL;
                r->lens[cell] = 0;
                continue;
            }
            const void *slot = (const char *)v->data + sz * ((uint32_t)i & v->mask);
            const char *p;
            size_t n;
            char buf[128];
            if (is_bin) {
                const mn_str *s = slot;
                mn_strbuf hb;
                mn_strbuf_init(&hb);
                int hrc = mn_format_varbinary_hex(s->ptr, s->len, &hb);
                char *d = hrc || hb.oom ? NULL : mn_arena_strndup(&r->arena, hb.data ? hb.data : "", hb.len);
                mn_strbuf_free(&hb);
                if (!d) {
                    mn_strbuf_free(&sb);
                    return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
                }
                r->cells[cell] = d;
                r->lens[cell] = (uint32_t)strlen(d);
                continue;
            }
            if (nested) {
                mn_strbuf_clear(&sb);
                mn_nested_render(v->type, *(const mn_str *)slot, &sb);
                if (sb.oom) {
                    mn_strbuf_free(&sb);
                    return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
                }
                p = sb.data;
                n = sb.len;
            } else if (is_str) {
                const mn_str *s = slot;
                p = s->ptr;
                n = s->len;
            } else {
                n = mn_format_value(v->type, slot, buf);
                p = buf;
            }
            char *d = mn_arena_strndup(&r->arena, p ? p : "", n);
            if (!d) {
                mn_strbuf_free(&sb);
                return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            }
            r->cells[cell] = d;
            r->lens[cell] = (uint32_t)n;
        }
        mn_strbuf_free(&sb);
    }
    r->nrows += c->count;
    return 0;
}

int result_append_row(mn_result *r, const char *const *cells, mn_error *err) {
    if (grow(r, 1, err)) return -1;
    for (int col = 0; col < r->ncols; col++) {
        size_t cell = (size_t)r->nrows * (size_t)r->ncols + (size_t)col;
        if (!cells[col]) {
            r->cells[cell] = NULL;
            r->lens[cell] = 0;
            continue;
        }
        char *d = mn_arena_strdup(&r->arena, cells[col]);
        if (!d) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        r->cells[cell] = d;
        r->lens[cell] = (uint32_t)strlen(d);
    }
    r->nrows++;
    return 0;
}

mn_result *result_text_column(const char *name, mn_error *err) {
    mn_result *r = result_new();
    if (!r) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    mn_type t = mn_type_varchar(-1);
    if (result_set_columns(r, 1, &name, &t, err)) {
        mn_result_free(r);
        return NULL;
    }
    return r;
}

int mn_result_has_rows(const mn_result *r) { return r->has_rows; }
int mn_result_column_count(const mn_result *r) { return r->ncols; }
const char *mn_result_column_name(const mn_result *r, int col) {
    return col >= 0 && col < r->ncols ? r->names[col] : NULL;
}
const char *mn_result_column_type(const mn_result *r, int col) {
    return col >= 0 && col < r->ncols ? r->types[col] : NULL;
}
char mn_result_column_kind(const mn_result *r, int col) { return col >= 0 && col < r->ncols ? r->kinds[col] : 's'; }
int64_t mn_result_row_count(const mn_result *r) { return r->nrows; }
const char *mn_result_value(const mn_result *r, int64_t row, int col, size_t *len) {
    if (row < 0 || row >= r->nrows || col < 0 || col >= r->ncols) return NULL;
    size_t cell = (size_t)row * (size_t)r->ncols + (size_t)col;
    if (len) *len = r->lens[cell];
    return r->cells[cell];
}
int64_t mn_result_bytes_read(const mn_result *r) { return r->bytes_read; }
double mn_result_elapsed_seconds(const mn_result *r) { return r->elapsed; }
int64_t mn_result_update_count(const mn_result *r) { return r->update_count; }
void mn_result_free(mn_result *r) {
    if (!r) return;
    free(r->cells);
    free(r->lens);
    mn_arena_destroy(&r->arena);
    free(r);
}
