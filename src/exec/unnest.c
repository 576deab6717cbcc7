/* unnest.c — the UNNEST operator (streaming): each input row is repeated once per element
 * of its nested values, with the elements as extra columns. Several values are zipped
 * (the longest decides the row count; shorter ones are padded with NULLs; a NULL value
 * counts as empty). ARRAY(T) gives one column, ARRAY(ROW(...)) one per field, MAP(K,V)
 * two (key, value); WITH ORDINALITY appends the 1-based element number. One input chunk
 * may expand past a chunk: the operator then returns MN_OP_HAVE_MORE and resumes. */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/operators.h"
#include "types/nested.h"

typedef struct unnest_cfg {
    int nexprs;
    mn_expr **exprs;   /* over the input layout */
    int *first_col;    /* output column of each expression's first element column */
    bool ordinality;
    bool outer;        /* LEFT JOIN UNNEST: rows with only empty values give one NULL row */
    int nin;           /* input columns (passed through first) */
} unnest_cfg;

typedef struct unnest_local {
    mn_expr_exec *x;
    mn_vector **vals;  /* evaluated expressions for the current input chunk */
    bool active;       /* in the middle of an input chunk */
    int row;           /* next input row */
    int elem;          /* next element of that row */
    uint16_t sel[MN_VECTOR_SIZE];
} unnest_local;

int mn_unnest_width(mn_type t) {
    if (t.id == MN_T_MAP) return 2;
    if (t.id == MN_T_ARRAY) {
        mn_type e = mn_type_elem(t);
        return e.id == MN_T_ROW ? e.ext->n : 1;
    }
    return 0;
}

static void *unnest_local_new(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    unnest_cfg *c = op->config;
    unnest_local *l = calloc(1, sizeof *l);
    if (!l) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    l->vals = calloc((size_t)c->nexprs, sizeof *l->vals);
    l->x = l->vals ? mn_expr_exec_new(c->exprs, c->nexprs, q, err) : NULL;
    if (!l->x) {
        if (!l->vals) mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        free(l->vals);
        free(l);
        return NULL;
    }
    return l;
}

static void unnest_local_free(mn_physop *op, void *lp) {
    unnest_local *l = lp;
    if (!l) return;
    mn_expr_exec_free(l->x);
    free(l->vals);
    free(l);
}

/* Views of expression k's value in row r; returns its element count (0 for NULL). */
static int value_views(const mn_vector *v, int r, mn_nested_block *a, mn_nested_block *b, mn_error *err) {
    if (mn_vector_is_null(v, r) || v->type.id == MN_T_UNKNOWN) return 0;
    mn_str s = ((const mn_str *)v->data)[(uint32_t)r & v->mask];
    int rc = v->type.id == MN_T_MAP ? mn_map_view(v->type, s, a, b) : mn_array_view(v->type, s, a);
    if (rc) {
        mn_error_set(err, MN_ERR_INTERNAL, "malformed nested value in UNNEST");
        return -1;
    }
    return a->n;
}

static int set_null(mn_vector *col, int row, mn_error *err) {
    uint8_t *n = mn_vector_nulls_mut(col);
    if (!n) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    n[row] = 1;
    memset((char *)col->data + mn_type_size(col->type) * (size_t)row, 0, mn_type_size(col->type));
    return 0;
}

static int put_elem(mn_vector *col, int row, const mn_nested_block *b, int e, mn_error *err) {
    if (!b || e >= b->n || mn_block_is_null(b, e) || col->type.id == MN_T_UNKNOWN) return set_null(col, row, err);
    mn_block_get(b, e, (char *)col->data + mn_type_size(col->type) * (size_t)row);
    return 0;
}

/* Writes the element columns of expression k for output row `row`: element e of the
 * value (views a/b; NULLs when e is past its end or the value is NULL). */
static int write_elems(const unnest_cfg *c, int k, const mn_vector *v, mn_chunk *out, int row,
                       const mn_nested_block *a, const mn_nested_block *b, int n, int e, mn_error *err) {
    int col = c->first_col[k];
    mn_type t = v->type;
    bool have = e < n;
    if (t.id == MN_T_MAP) {
        if (put_elem(&out->cols[col], row, have ? a : NULL, e, err)) return -1;
        return put_elem(&out->cols[col + 1], row, have ? b : NULL, e, err);
    }
    mn_type et = mn_type_elem(t);
    if (et.id != MN_T_ROW) return put_elem(&out->cols[col], row, have ? a : NULL, e, err);
    /* ARRAY(ROW(...)): the fields as columns */
    int nf = et.ext->n;
    mn_nested_block rb;
    bool row_ok = have && !mn_block_is_null(a, e);
    if (row_ok) {
        mn_str rs;
        mn_block_get(a, e, &rs);
        if (mn_row_view(et, rs, &rb)) return mn_error_set(err, MN_ERR_INTERNAL, "malformed row in UNNEST");
    }
    for (int f = 0; f < nf; f++)
        if (put_elem(&out->cols[col + f], row, row_ok ? &rb : NULL, f, err)) return -1;
    return 0;
}

static int unnest_exec(mn_physop *op, void *lp, mn_chunk *in, mn_chunk *out, mn_op_status *st, mn_error *err) {
    unnest_cfg *c = op->config;
    unnest_local *l = lp;
    if (!l->active) {
        for (int k = 0; k < c->nexprs; k++)
            if (mn_expr_exec_eval(l->x, k, in, &l->vals[k], err)) return -1;
        l->active = true;
        l->row = 0;
        l->elem = 0;
    }
    mn_nested_block va[16], vb[16];
    mn_nested_block *a = c->nexprs <= 16 ? va : malloc(sizeof *a * (size_t)c->nexprs);
    mn_nested_block *b = c->nexprs <= 16 ? vb : malloc(sizeof *b * (size_t)c->nexprs);
    int *cnt = malloc(sizeof(int) * (size_t)c->nexprs);
    int rc = -1, n = 0;
    if (!a || !b || !cnt) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    mn_vector *ord = c->ordinality ? &out->cols[op->ncols - 1] : NULL;
    while (l->row < in->count && n < MN_VECTOR_SIZE) {
        int maxn = 0;
        for (int k = 0; k < c->nexprs; k++) {
            cnt[k] = value_views(l->vals[k], l->row, &a[k], &b[k], err);
            if (cnt[k] < 0) goto done;
            if (cnt[k] > maxn) maxn = cnt[k];
        }
        if (maxn == 0) {
            if (c->outer) { /* one row of NULL elements */
                for (int k = 0; k < c->nexprs; k++)
                    if (write_elems(c, k, l->vals[k], out, n, &a[k], &b[k], 0, 0, err)) goto done;
                if (ord && set_null(ord, n, err)) goto done;
                l->sel[n++] = (uint16_t)l->row;
            }
            l->row++;
            l->elem = 0;
            continue;
        }
        while (l->elem < maxn && n < MN_VECTOR_SIZE) {
            for (int k = 0; k < c->nexprs; k++)
                if (write_elems(c, k, l->vals[k], out, n, &a[k], &b[k], cnt[k], l->elem, err)) goto done;
            if (ord) ((int64_t *)ord->data)[n] = l->elem + 1;
            l->sel[n++] = (uint16_t)l->row;
            l->elem++;
        }
        if (l->elem >= maxn) {
            l->row++;
            l->elem = 0;
        }
    }
    for (int i = 0; i < c->nin; i++)
        if (mn_vector_gather(&out->cols[i], &in->cols[i], l->sel, n, false, err)) goto done;
    out->count = n;
    if (l->row < in->count) {
        *st = MN_OP_HAVE_MORE;
    } else {
        *st = MN_OP_NEED_INPUT;
        l->active = false;
    }
    rc = 0;
done:
    if (a != va) free(a);
    if (b != vb) free(b);
    free(cnt);
    if (rc) l->active = false;
    return rc;
}

static void unnest_explain(const mn_physop *op, mn_strbuf *out) {
    unnest_cfg *c = op->config;
    for (int k = 0; k < c->nexprs; k++) {
        if (k) mn_strbuf_puts(out, ", ");
        mn_expr_render(c->exprs[k], out);
    }
    if (c->ordinality) mn_strbuf_puts(out, " WITH ORDINALITY");
    if (c->outer) mn_strbuf_puts(out, " (left)");
}

static const mn_op_vtable unnest_vt = {
    .name = "Unnest",
    .op_local = unnest_local_new,
    .op_execute = unnest_exec,
    .op_free_local = unnest_local_free,
    .explain = unnest_explain,
};

mn_physop *mn_op_unnest(mn_arena *a, mn_physop *child, mn_expr **exprs, int n, bool with_ordinality, bool left_outer,
                        mn_error *err) {
    int ncols = child->ncols;
    for (int k = 0; k < n; k++) {
        int w = mn_unnest_width(exprs[k]->type);
        if (w <= 0) {
            char tn[256];
            mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, exprs[k]->pos.line, exprs[k]->pos.column,
                             "Cannot unnest type: %s", mn_type_name(exprs[k]->type, tn, sizeof tn));
            return NULL;
        }
        ncols += w;
    }
    if (with_ordinality) ncols++;
    unnest_cfg *c = mn_arena_calloc(a, sizeof *c);
    mn_type *types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(ncols + 1));
    if (!c || !types || !(c->first_col = mn_arena_alloc(a, sizeof(int) * (size_t)(n + 1)))) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    if (child->ncols) memcpy(types, child->types, sizeof(mn_type) * (size_t)child->ncols);
    int col = child->ncols;
    for (int k = 0; k < n; k++) {
        mn_type t = exprs[k]->type;
        c->first_col[k] = col;
        if (t.id == MN_T_MAP) {
            types[col++] = mn_type_map_key(t);
            types[col++] = mn_type_map_value(t);
        } else if (mn_type_elem(t).id == MN_T_ROW) {
            mn_type rt = mn_type_elem(t);
            for (int f = 0; f < rt.ext->n; f++) types[col++] = rt.ext->types[f];
        } else {
            types[col++] = mn_type_elem(t);
        }
    }
    if (with_ordinality) types[col++] = mn_type_make(MN_T_BIGINT);
    c->nexprs = n;
    c->exprs = exprs;
    c->ordinality = with_ordinality;
    c->outer = left_outer;
    c->nin = child->ncols;
    mn_physop *op = mn_physop_new(a, &unnest_vt, ncols, types);
    if (!op) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    op->nchildren = 1;
    op->children[0] = child;
    op->config = c;
    op->estimated_rows = child->estimated_rows > 0 ? child->estimated_rows * 4 : 1000;
    return op;
}
