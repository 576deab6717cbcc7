/* nested_core.c — the core operations on ARRAY/MAP/ROW values: the ARRAY[...] and ROW(...)
 * constructors, subscripts (a[i], m[k], r[1]), field access (r.x), casts between nested
 * types (element-, entry- or field-wise, through bound cast expressions evaluated over the
 * elements) and the comparison operators. Also the element-evaluation helper the other
 * nested function files use. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "function/nested_fn.h"

#define ERRP(err, p, code, ...) mn_error_set_pos(err, code, (p).line, (p).column, __VA_ARGS__)

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

int mn_fn_put_blob(mn_fn_ctx *ctx, mn_vector *out, int row, const mn_strbuf *sb) {
    if (sb->oom) return mn_fn_oom(ctx);
    char *p = mn_fn_str_alloc(ctx, out, sb->len);
    if (!p) return -1;
    if (sb->len) memcpy(p, sb->data, sb->len);
    mn_str s = {p, (uint32_t)sb->len};
    ((mn_str *)out->data)[row] = s;
    return 0;
}

/* Whether every argument is CONSTANT (then out becomes CONSTANT and one row is computed). */
static int const_prologue(mn_fn_ctx *ctx, mn_vector **args, int nargs, int *count, mn_vector *out) {
    bool all = nargs > 0;
    for (int i = 0; i < nargs; i++)
        if (args[i]->mask) all = false;
    if (all) {
        if (mn_vector_prepare_const(out, ctx->err)) return -1;
        *count = 1;
    }
    return 0;
}

static int set_null(mn_fn_ctx *ctx, mn_vector *out, int row) {
    uint8_t *n = mn_vector_nulls_mut(out);
    if (!n) return mn_fn_oom(ctx);
    n[row] = 1;
    return 0;
}

/* ---------- element evaluation ---------- */

typedef struct big_acc {
    char **slots; /* per expression: n slots */
    uint8_t **nulls;
    size_t cap;
    mn_arena heap;
} big_acc;

static int eval_batch(mn_expr_exec *x, mn_chunk *c, int nexpr, mn_vector **res, mn_error *err) {
    for (int k = 0; k < nexpr; k++)
        if (mn_expr_exec_eval(x, k, c, &res[k], err)) return -1;
    return 0;
}

/* Writes elements [from, from+n) of the views into chunk rows [at, at+n). */
static int fill_elements(mn_chunk *c, const mn_nested_block *views, int nviews, int from, int n, int at,
                         mn_error *err) {
    for (int v = 0; v < nviews; v++) {
        mn_vector *col = &c->cols[v];
        size_t sz = mn_type_size(col->type);
        for (int e = 0; e < n; e++) {
            char *slot = (char *)col->data + sz * (size_t)(at + e);
            if (mn_block_is_null(&views[v], from + e)) {
                uint8_t *nn = mn_vector_nulls_mut(col);
                if (!nn) return oom(err);
                nn[at + e] = 1;
                memset(slot, 0, sz);
            } else {
                mn_block_get(&views[v], from + e, slot);
            }
        }
    }
    return 0;
}

static int view_of(mn_type t, mn_str blob, mn_nested_block *views) {
    if (t.id == MN_T_ARRAY) return mn_array_view(t, blob, &views[0]);
    return mn_map_view(t, blob, &views[0], &views[1]);
}

int mn_fn_eval_elements(mn_fn_ctx *ctx, const mn_vector *in, int count, const uint8_t *skip, mn_expr *const *exprs,
                        int nexpr, mn_fn_elem_emit emit, void *ud) {
    mn_error *err = ctx->err;
    mn_type t = in->type;
    int nin = t.id == MN_T_MAP ? 2 : 1;
    mn_type tin[2] = {t.ext->types[0], nin == 2 ? t.ext->types[1] : t.ext->types[0]};
    mn_chunk c;
    memset(&c, 0, sizeof c);
    mn_expr_exec *x = NULL;
    const void **ptrs = NULL;
    int *rows = NULL, *starts = NULL;
    mn_vector *res[8];
    big_acc acc;
    memset(&acc, 0, sizeof acc);
    mn_arena_init(&acc.heap, 0);
    int rc = -1;
    if (nexpr < 1 || nexpr > 8) {
        mn_error_set(err, MN_ERR_INTERNAL, "bad element expression count");
        goto done;
    }
    if (mn_chunk_init(&c, nin, tin, err)) goto done;
    x = mn_expr_exec_new(exprs, nexpr, ctx->query, err);
    ptrs = malloc(sizeof(void *) * (size_t)nexpr * MN_VECTOR_SIZE);
    rows = malloc(sizeof(int) * (MN_VECTOR_SIZE + 1));
    starts = malloc(sizeof(int) * (MN_VECTOR_SIZE + 1));
    if (!x || !ptrs || !rows || !starts) {
        if (x) oom(err);
        else if (!err->code) oom(err);
        goto done;
    }
    int i = 0;
    while (i < count) {
        /* gather a batch of rows whose elements fit one chunk */
        if (mn_chunk_reset(&c, err)) goto done;
        int nrows = 0, fill = 0, big = -1;
        for (; i < count; i++) {
            if (mn_vector_is_null(in, i) || (skip && skip[i])) continue;
            mn_nested_block views[2];
            if (view_of(t, mn_fn_blob(in, i), views)) {
                mn_error_set(err, MN_ERR_INTERNAL, "malformed nested value");
                goto done;
            }
            int n = views[0].n;
            if (n > MN_VECTOR_SIZE) {
                if (nrows == 0) big = i++;
                break;
            }
            if (fill + n > MN_VECTOR_SIZE) break;
            if (fill_elements(&c, views, nin, 0, n, fill, err)) goto done;
            rows[nrows] = i;
            starts[nrows] = fill;
            nrows++;
            fill += n;
        }
        if (big >= 0) {
            /* one row with more elements than a chunk: evaluate in pieces, keep copies */
            mn_nested_block views[2];
            if (view_of(t, mn_fn_blob(in, big), views)) goto done;
            int n = views[0].n;
            if (!acc.slots) {
                acc.slots = calloc((size_t)nexpr, sizeof(char *));
                acc.nulls = calloc((size_t)nexpr, sizeof(uint8_t *));
                if (!acc.slots || !acc.nulls) {
                    oom(err);
                    goto done;
                }
            }
            if ((size_t)n > acc.cap) {
                for (int k = 0; k < nexpr; k++) {
                    size_t sz = mn_type_size(exprs[k]->type);
                    char *ns = realloc(acc.slots[k], sz * (size_t)n);
                    if (!ns) {
                        oom(err);
                        goto done;
                    }
                    acc.slots[k] = ns;
                    uint8_t *nn = realloc(acc.nulls[k], (size_t)n);
                    if (!nn) {
                        oom(err);
                        goto done;
                    }
                    acc.nulls[k] = nn;
                }
                acc.cap = (size_t)n;
            }
            mn_arena_reset(&acc.heap);
            for (int from = 0; from < n; from += MN_VECTOR_SIZE) {
                int m = n - from < MN_VECTOR_SIZE ? n - from : MN_VECTOR_SIZE;
                if (mn_chunk_reset(&c, err) || fill_elements(&c, views, nin, from, m, 0, err)) goto done;
                c.count = m;
                if (eval_batch(x, &c, nexpr, res, err)) goto done;
                for (int k = 0; k < nexpr; k++) {
                    size_t sz = mn_type_size(exprs[k]->type);
                    bool vl = mn_type_is_varlen(exprs[k]->type);
                    for (int e = 0; e < m; e++) {
                        char *dst = acc.slots[k] + sz * (size_t)(from + e);
                        acc.nulls[k][from + e] = mn_vector_is_null(res[k], e);
                        memcpy(dst, mn_fn_slot(res[k], e), sz);
                        if (vl && !acc.nulls[k][from + e]) {
                            mn_str s;
                            memcpy(&s, dst, sizeof s);
                            char *p = mn_arena_alloc(&acc.heap, s.len ? s.len : 1);
                            if (!p) {
                                oom(err);
                                goto done;
                            }
                            if (s.len) memcpy(p, s.ptr, s.len);
                            s.ptr = p;
                            memcpy(dst, &s, sizeof s);
                        }
                    }
                }
            }
            const void **bp = malloc(sizeof(void *) * (size_t)nexpr * (size_t)n);
            const void **cols[8];
            if (!bp) {
                oom(err);
                goto done;
            }
            for (int k = 0; k < nexpr; k++) {
                size_t sz = mn_type_size(exprs[k]->type);
                cols[k] = bp + (size_t)k * (size_t)n;
                for (int e = 0; e < n; e++) cols[k][e] = acc.nulls[k][e] ? NULL : acc.slots[k] + sz * (size_t)e;
            }
            int erc = emit(ud, big, n, (const void *const *const *)cols, err);
            free(bp);
            if (erc) goto done;
            continue;
        }
        if (nrows == 0) continue;
        c.count = fill;
        if (fill > 0 && eval_batch(x, &c, nexpr, res, err)) goto done;
        starts[nrows] = fill;
        for (int r = 0; r < nrows; r++) {
            int n = starts[r + 1] - starts[r];
            const void **cols[8];
            for (int k = 0; k < nexpr; k++) {
                cols[k] = ptrs + (size_t)k * MN_VECTOR_SIZE;
                for (int e = 0; e < n; e++) {
                    int at = starts[r] + e;
                    cols[k][e] = mn_vector_is_null(res[k], at) ? NULL : mn_fn_slot(res[k], at);
                }
            }
            if (emit(ud, rows[r], n, (const void *const *const *)cols, err)) goto done;
        }
    }
    rc = 0;
done:
    if (acc.slots)
        for (int k = 0; k < nexpr; k++) free(acc.slots[k]);
    if (acc.nulls)
        for (int k = 0; k < nexpr; k++) free(acc.nulls[k]);
    free(acc.slots);
    free(acc.nulls);
    mn_arena_destroy(&acc.heap);
    mn_expr_exec_free(x);
    if (c.cols) mn_chunk_destroy(&c);
    free(ptrs);
    free(rows);
    free(starts);
    return rc;
}

/* ---------- ARRAY[...] ---------- */

static int array_ctor(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    if (const_prologue(ctx, args, nargs, &count, out)) return -1;
    mn_type et = mn_type_elem(out->type);
    const void **slots = malloc(sizeof(void *) * (size_t)(nargs ? nargs : 1));
    if (!slots) return mn_fn_oom(ctx);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        for (int k = 0; k < nargs; k++) slots[k] = mn_vector_is_null(args[k], i) ? NULL : mn_fn_slot(args[k], i);
        mn_strbuf_clear(&sb);
        rc = mn_nested_encode_array(&sb, et, nargs, slots, ctx->err);
        if (rc == 0) rc = mn_fn_put_blob(ctx, out, i, &sb);
    }
    mn_strbuf_free(&sb);
    free(slots);
    return rc;
}

int mn_func_bind_array(mn_arena *arena, mn_expr **elems, int n, mn_pos pos, mn_expr **out, mn_error *err) {
    mn_type t = mn_type_make(MN_T_UNKNOWN);
    for (int i = 0; i < n; i++) {
        mn_type s;
        if (i == 0) s = elems[0]->type;
        else if (!mn_type_common_super(t, elems[i]->type, &s)) {
            char b1[256], b2[256];
            return ERRP(err, pos, MN_ERR_TYPE_MISMATCH, "All ARRAY elements must be the same type: %s, %s",
                        mn_type_name(t, b1, sizeof b1), mn_type_name(elems[i]->type, b2, sizeof b2));
        }
        t = s;
    }
    mn_type at;
    if (mn_type_make_array(t, &at)) return ERRP(err, pos, MN_ERR_NOT_SUPPORTED, "Array type is too deeply nested");
    mn_expr *e = mn_expr_new(arena, MN_EXPR_CALL, at, n);
    if (!e) return oom(err);
    for (int i = 0; i < n; i++)
        if (mn_func_coerce(arena, elems[i], t, &e->args[i], err)) return -1;
    e->name = "array_constructor";
    e->impl = array_ctor;
    e->pos = pos;
    *out = e;
    return 0;
}

/* ---------- ROW(...) ---------- */

static int row_ctor(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    if (const_prologue(ctx, args, nargs, &count, out)) return -1;
    const void **slots = malloc(sizeof(void *) * (size_t)(nargs ? nargs : 1));
    if (!slots) return mn_fn_oom(ctx);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        for (int k = 0; k < nargs; k++) slots[k] = mn_vector_is_null(args[k], i) ? NULL : mn_fn_slot(args[k], i);
        mn_strbuf_clear(&sb);
        rc = mn_nested_encode_row(&sb, out->type, slots, ctx->err);
        if (rc == 0) rc = mn_fn_put_blob(ctx, out, i, &sb);
    }
    mn_strbuf_free(&sb);
    free(slots);
    return rc;
}

int mn_func_bind_row(mn_arena *arena, mn_expr **fields, int n, mn_pos pos, mn_expr **out, mn_error *err) {
    if (n < 1 || n > MN_NESTED_MAX_FIELDS)
        return ERRP(err, pos, MN_ERR_NOT_SUPPORTED, "A row must have 1 to %d fields", MN_NESTED_MAX_FIELDS);
    mn_type *ts = mn_arena_alloc(arena, sizeof(mn_type) * (size_t)n);
    if (!ts) return oom(err);
    for (int i = 0; i < n; i++) ts[i] = fields[i]->type;
    mn_type rt;
    if (mn_type_make_row(n, ts, NULL, &rt)) return ERRP(err, pos, MN_ERR_NOT_SUPPORTED, "Row type is too deeply nested");
    mn_expr *e = mn_expr_new(arena, MN_EXPR_CALL, rt, n);
    if (!e) return oom(err);
    memcpy(e->args, fields, sizeof(mn_expr *) * (size_t)n);
    e->name = "row_constructor";
    e->impl = row_ctor;
    e->pos = pos;
    *out = e;
    return 0;
}

/* ---------- subscripts and field access ---------- */

/* ROW field `bind_data` (an int index) */
static int row_field(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    int f = *(const int *)ctx->bind_data;
    mn_type ft = out->type;
    size_t sz = mn_type_size(ft);
    bool vl = mn_type_is_varlen(ft);
    MN_FN_EACH_ROW(i) {
        mn_nested_block b;
        if (mn_row_view(args[0]->type, mn_fn_blob(args[0], i), &b) || f >= b.n)
            return mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed row value");
        if (mn_block_is_null(&b, f) || ft.id == MN_T_UNKNOWN) {
            if (set_null(ctx, out, i)) return -1;
            continue;
        }
        char *dst = (char *)out->data + sz * (size_t)i;
        mn_block_get(&b, f, dst);
        if (vl) {
            mn_str s;
            memcpy(&s, dst, sizeof s);
            s = mn_vector_add_string(out, s.ptr, s.len);
            if (!s.ptr) return mn_fn_oom(ctx);
            memcpy(dst, &s, sizeof s);
        }
    }
    return 0;
}

int mn_func_bind_field(mn_arena *arena, mn_expr *row, const char *name, int index, mn_pos pos, mn_expr **out,
                       mn_error *err) {
    mn_type t = row->type;
    char tn[256];
    if (t.id != MN_T_ROW) {
        if (name)
            return ERRP(err, pos, MN_ERR_TYPE_MISMATCH, "Expression %s is not of type ROW",
                        mn_type_name(t, tn, sizeof tn));
        return ERRP(err, pos, MN_ERR_TYPE_MISMATCH, "Cannot use %s for subscript", mn_type_name(t, tn, sizeof tn));
    }
    int f = -1;
    if (name) {
        for (int i = 0; i < t.ext->n; i++) {
            const char *fn = t.ext->names ? t.ext->names[i] : NULL;
            if (fn && strcasecmp(fn, name) == 0) {
                if (f >= 0) return ERRP(err, pos, MN_ERR_AMBIGUOUS, "Ambiguous row field reference: %s", name);
                f = i;
            }
        }
        if (f < 0) return ERRP(err, pos, MN_ERR_COLUMN_NOT_FOUND, "Column '%s' cannot be resolved", name);
    } else {
        if (index < 1 || index > t.ext->n)
            return ERRP(err, pos, MN_ERR_SEMANTIC, "Invalid subscript index: %d. ROW indices start at 1 and cannot exceed the number of fields (%d)",
                        index, t.ext->n);
        f = index - 1;
    }
    int *bd = mn_arena_alloc(arena, sizeof(int));
    mn_expr *e = mn_expr_new(arena, MN_EXPR_CALL, t.ext->types[f], 1);
    if (!bd || !e) return oom(err);
    *bd = f;
    e->args[0] = row;
    e->name = "$field";
    e->impl = row_field;
    e->bind_data = bd;
    e->pos = pos;
    *out = e;
    return 0;
}

/* Copies a slot (strings into out's heap) into out row i. */
static int put_slot(mn_fn_ctx *ctx, mn_vector *out, int i, const void *slot) {
    size_t sz = mn_type_size(out->type);
    char *dst = (char *)out->data + sz * (size_t)i;
    memcpy(dst, slot, sz);
    if (mn_type_is_varlen(out->type)) {
        mn_str s;
        memcpy(&s, dst, sizeof s);
        s = mn_vector_add_string(out, s.ptr, s.len);
        if (!s.ptr) return mn_fn_oom(ctx);
        memcpy(dst, &s, sizeof s);
    }
    return 0;
}

/* a[i]: errors (subscript) or NULL (element_at, which also counts negative indices from
 * the end). bind_data != NULL marks element_at. */
static int array_at(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out, bool lenient) {
    MN_FN_PROLOGUE(2);
    MN_FN_EACH_ROW(i) {
        mn_nested_block b;
        if (mn_array_view(args[0]->type, mn_fn_blob(args[0], i), &b))
            return mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed array value");
        int64_t k = mn_fn_get_int(args[1], i);
        if (lenient) {
            if (k == 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "SQL array indices start at 1");
            if (k < 0) k = b.n + k + 1;
            if (k < 1 || k > b.n) {
                if (set_null(ctx, out, i)) return -1;
                continue;
            }
        } else {
            if (k == 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "SQL array indices start at 1");
            if (k < 0)
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Array subscript is negative: %lld", (long long)k);
            if (k > b.n)
                return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                                    "Array subscript must be less than or equal to array length: %lld > %d",
                                    (long long)k, b.n);
        }
        int e = (int)(k - 1);
        if (mn_block_is_null(&b, e) || out->type.id == MN_T_UNKNOWN) {
            if (set_null(ctx, out, i)) return -1;
            continue;
        }
        mn_fn_slotbuf sb;
        mn_block_get(&b, e, &sb);
        if (put_slot(ctx, out, i, &sb)) return -1;
    }
    return 0;
}
static int array_subscript(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return array_at(c, a, n, k, o, false); }
static int array_element_at(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return array_at(c, a, n, k, o, true); }

/* Index of key slot `key` among the sorted keys, or -1. */
static int map_find(const mn_nested_block *keys, mn_type kt, const void *key) {
    int lo = 0, hi = keys->n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        mn_fn_slotbuf s;
        mn_block_get(keys, mid, &s);
        int c = mn_nested_slot_compare(kt, &s, key);
        if (c == 0) return mid;
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

static int map_at(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out, bool lenient) {
    MN_FN_PROLOGUE(2);
    mn_type mt = args[0]->type, kt = mn_type_map_key(mt);
    MN_FN_EACH_ROW(i) {
        mn_nested_block ks, vs;
        if (mn_map_view(mt, mn_fn_blob(args[0], i), &ks, &vs))
            return mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed map value");
        const void *key = mn_fn_slot(args[1], i);
        int e = map_find(&ks, kt, key);
        if (e < 0) {
            if (lenient) {
                if (set_null(ctx, out, i)) return -1;
                continue;
            }
            mn_strbuf r;
            mn_strbuf_init(&r);
            mn_nested_render_slot(kt, key, &r);
            mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Key not present in map: %s", r.data && !r.oom ? r.data : "?");
            mn_strbuf_free(&r);
            return -1;
        }
        if (mn_block_is_null(&vs, e) || out->type.id == MN_T_UNKNOWN) {
            if (set_null(ctx, out, i)) return -1;
            continue;
        }
        mn_fn_slotbuf sb;
        mn_block_get(&vs, e, &sb);
        if (put_slot(ctx, out, i, &sb)) return -1;
    }
    return 0;
}
static int map_subscript(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return map_at(c, a, n, k, o, false); }
static int map_element_at(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return map_at(c, a, n, k, o, true); }

int mn_func_bind_subscript(mn_arena *arena, mn_expr *base, mn_expr *index, mn_pos pos, mn_expr **out, mn_error *err) {
    if (base->type.id == MN_T_ROW) {
        if (index->kind != MN_EXPR_CONST || index->value.is_null || !mn_type_is_integer(index->type))
            return ERRP(err, pos, MN_ERR_SEMANTIC, "Subscript expression on ROW requires a constant index");
        int64_t k = index->value.u.i;
        return mn_func_bind_field(arena, base, NULL, k < INT32_MIN ? 0 : k > INT32_MAX ? 0 : (int)k, pos, out, err);
    }
    mn_expr *args[2] = {base, index};
    return mn_func_bind_scalar(arena, "$subscript", args, 2, pos, out, err);
}

/* ---------- casts ---------- */

typedef struct cast_bind {
    mn_expr **exprs; /* ARRAY: [elem cast over column 0]; MAP: [key, value]; ROW: one per field over column f */
    int n;
} cast_bind;

static bool phys_same(mn_type a, mn_type b) {
    if (mn_type_equal(a, b)) return true;
    if (a.id != b.id) return false;
    switch (a.id) {
    case MN_T_VARCHAR: return b.length < 0 || (a.length >= 0 && a.length <= b.length);
    case MN_T_DECIMAL: return a.scale == b.scale && a.precision <= b.precision;
    case MN_T_TIMESTAMP: return a.precision <= b.precision;
    case MN_T_ARRAY:
    case MN_T_MAP:
    case MN_T_ROW:
        if (!a.ext || !b.ext || a.ext->n != b.ext->n) return false;
        for (int i = 0; i < a.ext->n; i++)
            if (!phys_same(a.ext->types[i], b.ext->types[i])) return false;
        return true;
    default: return false;
    }
}

bool mn_fn_nested_castable(mn_type from, mn_type to) {
    if (from.id != to.id || !from.ext || !to.ext || from.ext->n != to.ext->n) return false;
    for (int i = 0; i < from.ext->n; i++) {
        mn_type f = from.ext->types[i], t = to.ext->types[i];
        if (mn_type_equal(f, t)) continue;
        if (mn_type_is_nested(f) || mn_type_is_nested(t)) {
            if (f.id == MN_T_UNKNOWN) continue;
            if (!mn_fn_nested_castable(f, t)) return false;
        } else if (!mn_fn_cast_impl(f, t)) {
            return false;
        }
    }
    return true;
}

static int cast_reference_nested(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_vector_reference(out, args[0]);
    out->type = ctx->expr->type;
    return 0;
}

typedef struct emit_ud {
    mn_fn_ctx *ctx;
    mn_vector *out;
    mn_strbuf sb;
} emit_ud;

static int emit_array(void *p, int row, int n, const void *const *const *cols, mn_error *err) {
    emit_ud *u = p;
    mn_strbuf_clear(&u->sb);
    if (mn_nested_encode_array(&u->sb, mn_type_elem(u->out->type), n, cols[0], err)) return -1;
    return mn_fn_put_blob(u->ctx, u->out, row, &u->sb);
}

static int emit_map(void *p, int row, int n, const void *const *const *cols, mn_error *err) {
    emit_ud *u = p;
    mn_strbuf_clear(&u->sb);
    if (mn_nested_encode_map(&u->sb, u->out->type, n, cols[0], cols[1], err)) return -1;
    return mn_fn_put_blob(u->ctx, u->out, row, &u->sb);
}

static int cast_nested(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    const cast_bind *cb = ctx->bind_data;
    mn_type ft = args[0]->type;
    if (ft.id != MN_T_ROW) {
        emit_ud u = {ctx, out, {0}};
        mn_strbuf_init(&u.sb);
        int rc = mn_fn_eval_elements(ctx, args[0], count, NULL, cb->exprs, cb->n,
                                     ft.id == MN_T_ARRAY ? emit_array : emit_map, &u);
        mn_strbuf_free(&u.sb);
        return rc;
    }
    /* ROW: a chunk with one column per field; field casts evaluated over it */
    int nf = ft.ext->n;
    mn_chunk c;
    if (mn_chunk_init(&c, nf, ft.ext->types, ctx->err)) return -1;
    mn_expr_exec *x = NULL;
    mn_vector **res = calloc((size_t)nf, sizeof *res);
    const void **slots = calloc((size_t)nf, sizeof *slots);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = -1;
    if (!res || !slots || mn_chunk_reset(&c, ctx->err)) {
        if (!ctx->err->code) mn_fn_oom(ctx);
        goto done;
    }
    for (int i = 0; i < count; i++) {
        mn_nested_block b;
        bool rnull = mn_fn_null_at(nulls, i);
        if (!rnull && mn_row_view(ft, mn_fn_blob(args[0], i), &b)) {
            mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed row value");
            goto done;
        }
        for (int f = 0; f < nf; f++) {
            mn_vector *col = &c.cols[f];
            size_t sz = mn_type_size(col->type);
            char *slot = (char *)col->data + sz * (size_t)i;
            if (rnull || mn_block_is_null(&b, f)) {
                uint8_t *nn = mn_vector_nulls_mut(col);
                if (!nn) {
                    mn_fn_oom(ctx);
                    goto done;
                }
                nn[i] = 1;
                memset(slot, 0, sz);
            } else {
                mn_block_get(&b, f, slot);
            }
        }
    }
    c.count = count;
    x = mn_expr_exec_new(cb->exprs, cb->n, ctx->query, ctx->err);
    if (!x) goto done;
    for (int f = 0; f < nf; f++)
        if (mn_expr_exec_eval(x, f, &c, &res[f], ctx->err)) goto done;
    for (int i = 0; i < count; i++) {
        if (mn_fn_null_at(nulls, i)) continue;
        for (int f = 0; f < nf; f++) slots[f] = mn_vector_is_null(res[f], i) ? NULL : mn_fn_slot(res[f], i);
        mn_strbuf_clear(&sb);
        if (mn_nested_encode_row(&sb, out->type, slots, ctx->err) || mn_fn_put_blob(ctx, out, i, &sb)) goto done;
    }
    rc = 0;
done:
    mn_strbuf_free(&sb);
    mn_expr_exec_free(x);
    mn_chunk_destroy(&c);
    free(res);
    free(slots);
    return rc;
}

int mn_fn_nested_make_cast(mn_arena *arena, mn_expr *arg, mn_type target, mn_pos pos, mn_expr **out, mn_error *err) {
    mn_type from = arg->type;
    if (!mn_fn_nested_castable(from, target)) {
        char b1[256], b2[256];
        return ERRP(err, pos, MN_ERR_TYPE_MISMATCH, "Cannot cast %s to %s", mn_type_name(from, b1, sizeof b1),
                    mn_type_name(target, b2, sizeof b2));
    }
    mn_expr *e = mn_expr_new(arena, MN_EXPR_CALL, target, 1);
    if (!e) return oom(err);
    e->args[0] = arg;
    e->name = "CAST";
    e->pos = pos;
    if (phys_same(from, target)) {
        e->impl = cast_reference_nested;
        *out = e;
        return 0;
    }
    cast_bind *cb = mn_arena_calloc(arena, sizeof *cb);
    if (!cb) return oom(err);
    cb->n = from.ext->n;
    cb->exprs = mn_arena_calloc(arena, sizeof(mn_expr *) * (size_t)cb->n);
    if (!cb->exprs) return oom(err);
    for (int i = 0; i < cb->n; i++) {
        /* ARRAY and MAP read their parts from columns 0 (and 1); ROW fields from column i */
        mn_expr *col = mn_expr_column(arena, i, from.ext->types[i]);
        if (!col) return oom(err);
        col->pos = pos;
        if (mn_type_equal(from.ext->types[i], target.ext->types[i])) cb->exprs[i] = col;
        else if (mn_fn_make_cast(arena, col, target.ext->types[i], pos, &cb->exprs[i], err)) return -1;
    }
    e->impl = cast_nested;
    e->bind_data = cb;
    *out = e;
    return 0;
}

/* ---------- comparisons ---------- */

static int cmp_nested(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int op) {
    MN_FN_PROLOGUE(2);
    mn_type t = args[0]->type;
    uint8_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_str a = mn_fn_blob(args[0], i), b = mn_fn_blob(args[1], i);
        if (op <= 1) {
            int eq = mn_nested_equal(t, a, b);
            if (eq < 0) {
                if (set_null(ctx, out, i)) return -1;
                continue;
            }
            r[i] = (uint8_t)(op == 0 ? eq : !eq);
            continue;
        }
        int c = mn_nested_slot_compare(t, &a, &b);
        r[i] = (uint8_t)(op == 2 ? c < 0 : op == 3 ? c <= 0 : op == 4 ? c > 0 : c >= 0);
    }
    return 0;
}
static int eq_nested(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return cmp_nested(c, a, k, o, 0); }
static int ne_nested(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return cmp_nested(c, a, k, o, 1); }
static int lt_nested(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return cmp_nested(c, a, k, o, 2); }
static int le_nested(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return cmp_nested(c, a, k, o, 3); }
static int gt_nested(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return cmp_nested(c, a, k, o, 4); }
static int ge_nested(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return cmp_nested(c, a, k, o, 5); }

mn_scalar_impl mn_fn_nested_cmp_impl(int op) {
    static const mn_scalar_impl impls[6] = {eq_nested, ne_nested, lt_nested, le_nested, gt_nested, ge_nested};
    return op >= 0 && op < 6 ? impls[op] : NULL;
}

/* ---------- table: subscripts (hidden; the binder calls them) ---------- */

const mn_fn_entry mn_fn_nested_core_table[] = {
    {"$subscript", "array(T),bigint", "T", array_subscript, NULL, "a[i]", MN_FN_HIDDEN, NULL},
    {"$subscript", "map(K,V),K", "V", map_subscript, NULL, "m[k]", MN_FN_HIDDEN, NULL},
    {"element_at", "array(T),bigint", "T", array_element_at, NULL,
     "Element at the 1-based index (negative: from the end); NULL when out of range", 0, NULL},
    {"element_at", "map(K,V),K", "V", map_element_at, NULL, "Value for the key; NULL when the key is absent", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
