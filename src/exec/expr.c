/* expr.c — bound expression constructors, structural helpers and the vectorized evaluator.
 * Evaluation is column-at-a-time over dense chunks. Conditional forms (AND, OR, CASE,
 * COALESCE, TRY) evaluate an operand only on the rows that still need it, by gathering the
 * referenced columns of those rows into a sub-chunk and scattering the results back, so a
 * branch never raises an error for a row it would not have been evaluated on in Trino. */
#include "exec/expr.h"

#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/physical.h"
#include "types/scalar_text.h"

/* ---------- constructors ---------- */

mn_expr *mn_expr_new(mn_arena *a, mn_expr_kind kind, mn_type type, int nargs) {
    mn_expr *e = mn_arena_calloc(a, sizeof *e);
    if (!e) return NULL;
    e->kind = kind;
    e->type = type;
    e->nargs = nargs;
    if (nargs > 0) {
        e->args = mn_arena_calloc(a, sizeof(mn_expr *) * (size_t)nargs);
        if (!e->args) return NULL;
    }
    return e;
}

mn_expr *mn_expr_column(mn_arena *a, int column, mn_type type) {
    mn_expr *e = mn_expr_new(a, MN_EXPR_COLUMN, type, 0);
    if (e) e->column = column;
    return e;
}

mn_expr *mn_expr_const(mn_arena *a, const mn_value *v) {
    mn_expr *e = mn_expr_new(a, MN_EXPR_CONST, v->type, 0);
    if (!e) return NULL;
    e->value = *v;
    if (!v->is_null && mn_type_is_varlen(v->type)) {
        char *p = mn_arena_alloc(a, v->u.s.len ? v->u.s.len : 1);
        if (!p) return NULL;
        if (v->u.s.len) memcpy(p, v->u.s.ptr, v->u.s.len);
        e->value.u.s.ptr = p;
    }
    return e;
}

mn_expr *mn_expr_copy(mn_arena *a, const mn_expr *e) {
    mn_expr *c = mn_arena_alloc(a, sizeof *c);
    if (!c) return NULL;
    *c = *e;
    if (e->nargs > 0) {
        c->args = mn_arena_alloc(a, sizeof(mn_expr *) * (size_t)e->nargs);
        if (!c->args) return NULL;
        for (int i = 0; i < e->nargs; i++) {
            c->args[i] = mn_expr_copy(a, e->args[i]);
            if (!c->args[i]) return NULL;
        }
    }
    return c;
}

bool mn_expr_is_const(const mn_expr *e) {
    if (e->kind == MN_EXPR_COLUMN) return false;
    if (e->kind == MN_EXPR_CALL && (e->volatile_ || !e->impl)) return false;
    for (int i = 0; i < e->nargs; i++)
        if (!mn_expr_is_const(e->args[i])) return false;
    return true;
}

bool mn_expr_equal(const mn_expr *a, const mn_expr *b) {
    if (a->kind != b->kind || !mn_type_equal(a->type, b->type) || a->nargs != b->nargs) return false;
    switch (a->kind) {
    case MN_EXPR_COLUMN: return a->column == b->column;
    case MN_EXPR_CONST:
        if (a->value.is_null || b->value.is_null) return a->value.is_null == b->value.is_null;
        return mn_value_compare(&a->value, &b->value) == 0;
    case MN_EXPR_CALL:
        /* bind_data is made from the (compared) arguments and the result type, so it is not
         * compared itself: two binds of `x LIKE 'A%'` allocate two equal patterns */
        if (a->impl != b->impl || a->volatile_) return false;
        if (a->impl == NULL && (a->column != b->column || (a->name != b->name && (!a->name || !b->name || strcmp(a->name, b->name) != 0))))
            return false; /* placeholders: $agg/$subq/$win/$grouping with their index */
        break;
    default: break;
    }
    if (a->negated != b->negated || a->nbodies != b->nbodies) return false;
    for (int i = 0; i < a->nbodies; i++)
        if (!mn_expr_equal(a->bodies[i], b->bodies[i])) return false;
    for (int i = 0; i < a->nargs; i++)
        if (!mn_expr_equal(a->args[i], b->args[i])) return false;
    return true;
}

void mn_expr_render(const mn_expr *e, mn_strbuf *out) {
    switch (e->kind) {
    case MN_EXPR_COLUMN: mn_strbuf_printf(out, "#%d", e->column); return;
    case MN_EXPR_CONST:
        if (e->type.id == MN_T_VARBINARY && !e->value.is_null) {
            mn_strbuf_puts(out, "X'");
            mn_format_varbinary_hex(e->value.u.s.ptr, e->value.u.s.len, out);
            mn_strbuf_putc(out, '\'');
        } else if (mn_type_is_varlen(e->type) && !mn_type_is_nested(e->type) && !e->value.is_null) {
            if (e->type.id == MN_T_JSON) mn_strbuf_puts(out, "JSON ");
            mn_strbuf_putc(out, '\'');
            mn_strbuf_append(out, e->value.u.s.ptr, e->value.u.s.len);
            mn_strbuf_putc(out, '\'');
        } else {
            mn_value_render(&e->value, out);
        }
        return;
    case MN_EXPR_CALL: {
        const char *n = e->name ? e->name : "?";
        bool infix = e->nargs == 2 && !((n[0] >= 'a' && n[0] <= 'z') || n[0] == '$');
        if (infix) {
            mn_strbuf_putc(out, '(');
            mn_expr_render(e->args[0], out);
            mn_strbuf_printf(out, " %s ", n);
            mn_expr_render(e->args[1], out);
            mn_strbuf_putc(out, ')');
            return;
        }
        mn_strbuf_puts(out, n);
        break;
    }
    case MN_EXPR_AND: mn_strbuf_puts(out, "and"); break;
    case MN_EXPR_OR: mn_strbuf_puts(out, "or"); break;
    case MN_EXPR_NOT: mn_strbuf_puts(out, "not"); break;
    case MN_EXPR_IS_NULL: mn_strbuf_puts(out, e->negated ? "is_not_null" : "is_null"); break;
    case MN_EXPR_CASE: mn_strbuf_puts(out, "case"); break;
    case MN_EXPR_COALESCE: mn_strbuf_puts(out, "coalesce"); break;
    case MN_EXPR_IN: mn_strbuf_puts(out, e->negated ? "not_in" : "in"); break;
    case MN_EXPR_TRY: mn_strbuf_puts(out, "try"); break;
    }
    mn_strbuf_putc(out, '(');
    for (int i = 0; i < e->nargs; i++) {
        if (i) mn_strbuf_puts(out, ", ");
        mn_expr_render(e->args[i], out);
    }
    for (int i = 0; i < e->nbodies; i++) { /* lambda bodies: #k are its parameters, then captures */
        mn_strbuf_puts(out, e->nargs || i ? ", " : "");
        mn_strbuf_puts(out, "lambda(");
        mn_expr_render(e->bodies[i], out);
        mn_strbuf_putc(out, ')');
    }
    mn_strbuf_putc(out, ')');
}

/* ---------- evaluator ---------- */

typedef struct node_state node_state;
struct node_state {
    const mn_expr *e;
    mn_vector result;     /* this node's output (unused for COLUMN) */
    bool const_ready;     /* CONST: result holds the value */
    int ncols_ref;        /* columns referenced below this node */
    int *cols_ref;
    node_state **args;
    mn_chunk sub;         /* conditional forms: gathered subset of the input */
    bool sub_ready;
    uint16_t *sel;        /* scratch selection (MN_VECTOR_SIZE) */
    uint16_t *sel2;
    mn_vector **argv;     /* scratch argument pointers for CALL */
    struct in_set *in;    /* IN with a long constant list: a hash set of the values */
};

/* The constant values of an IN list, probed by hash instead of compared one by one. */
typedef struct in_set {
    mn_type t;
    size_t sz;      /* slot size */
    int n;          /* values (non-NULL) */
    bool has_null;  /* the list holds a NULL */
    uint32_t mask;  /* table size - 1 */
    int32_t *table; /* index into slots, -1 empty */
    char *slots;
} in_set;

static void value_to_slot(const mn_value *v, void *slot) {
    switch (v->type.id) {
    case MN_T_BOOLEAN: *(uint8_t *)slot = (uint8_t)(v->u.i != 0); break;
    case MN_T_TINYINT: *(int8_t *)slot = (int8_t)v->u.i; break;
    case MN_T_SMALLINT: *(int16_t *)slot = (int16_t)v->u.i; break;
    case MN_T_INTEGER:
    case MN_T_DATE:
    case MN_T_INTERVAL_YM: *(int32_t *)slot = (int32_t)v->u.i; break;
    case MN_T_REAL: *(float *)slot = v->u.f; break;
    case MN_T_DOUBLE: *(double *)slot = v->u.d; break;
    case MN_T_DECIMAL:
    case MN_T_TIMESTAMP_TZ: memcpy(slot, &v->u.dec, sizeof v->u.dec); break;
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_VARBINARY:
    case MN_T_JSON:
    case MN_T_ARRAY:
    case MN_T_MAP:
    case MN_T_ROW: memcpy(slot, &v->u.s, sizeof v->u.s); break;
    default: *(int64_t *)slot = v->u.i; break;
    }
}

static void in_set_free(in_set *h) {
    if (!h) return;
    free(h->table);
    free(h->slots);
    free(h);
}

/* Builds the set when every list item is a constant of the operand's type and the list is
 * long enough for hashing to pay. Returns NULL (no set) otherwise or on out of memory. */
static in_set *in_set_build(const mn_expr *e) {
    int n = e->nargs - 1;
    if (n < 8) return NULL;
    mn_type t = e->args[0]->type;
    if (t.id == MN_T_UNKNOWN || t.id == MN_T_REAL || t.id == MN_T_DOUBLE) return NULL; /* NaN/-0 rules: keep the plain path */
    for (int k = 1; k < e->nargs; k++)
        if (e->args[k]->kind != MN_EXPR_CONST || !mn_type_equal(e->args[k]->type, t)) return NULL;
    in_set *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->t = t;
    h->sz = mn_type_size(t);
    uint32_t cap = 16;
    while (cap < (uint32_t)n * 2) cap *= 2;
    h->mask = cap - 1;
    h->table = malloc(sizeof(int32_t) * cap);
    h->slots = malloc(h->sz * (size_t)n + 1);
    if (!h->table || !h->slots) {
        in_set_free(h);
        return NULL;
    }
    memset(h->table, 0xff, sizeof(int32_t) * cap);
    for (int k = 1; k < e->nargs; k++) {
        const mn_value *v = &e->args[k]->value;
        if (v->is_null) {
            h->has_null = true;
            continue;
        }
        char *slot = h->slots + h->sz * (size_t)h->n;
        value_to_slot(v, slot);
        uint32_t i = (uint32_t)mn_slot_hash(t, slot) & h->mask;
        bool dup = false;
        while (h->table[i] >= 0 && !dup) {
            dup = mn_slot_compare(t, slot, h->slots + h->sz * (size_t)h->table[i]) == 0;
            i = (i + 1) & h->mask;
        }
        if (dup) continue;
        h->table[i] = h->n++;
    }
    return h;
}

static bool in_set_contains(const in_set *h, const void *slot) {
    uint32_t i = (uint32_t)mn_slot_hash(h->t, slot) & h->mask;
    while (h->table[i] >= 0) {
        if (mn_slot_compare(h->t, slot, h->slots + h->sz * (size_t)h->table[i]) == 0) return true;
        i = (i + 1) & h->mask;
    }
    return false;
}

struct mn_expr_exec {
    int n;
    node_state **roots;
    mn_query_ctx *q;
    int input_ncols;
};

static void collect_cols(const mn_expr *e, int *cols, int *n, int cap) {
    if (e->kind == MN_EXPR_COLUMN) {
        for (int i = 0; i < *n; i++)
            if (cols[i] == e->column) return;
        if (*n < cap) cols[(*n)++] = e->column;
        return;
    }
    for (int i = 0; i < e->nargs; i++) collect_cols(e->args[i], cols, n, cap);
}

static int count_cols(const mn_expr *e) {
    if (e->kind == MN_EXPR_COLUMN) return 1;
    int n = 0;
    for (int i = 0; i < e->nargs; i++) n += count_cols(e->args[i]);
    return n;
}

static void state_free(node_state *s) {
    if (!s) return;
    for (int i = 0; i < s->e->nargs; i++)
        if (s->args) state_free(s->args[i]);
    free(s->args);
    free(s->argv);
    free(s->cols_ref);
    free(s->sel);
    free(s->sel2);
    in_set_free(s->in);
    mn_vector_destroy(&s->result);
    if (s->sub.cols) mn_chunk_destroy(&s->sub);
    free(s);
}

static node_state *state_new(const mn_expr *e, mn_error *err) {
    node_state *s = calloc(1, sizeof *s);
    if (!s) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    s->e = e;
    mn_vector_init(&s->result, e->type);
    if (e->nargs > 0) {
        s->args = calloc((size_t)e->nargs, sizeof *s->args);
        s->argv = calloc((size_t)e->nargs, sizeof *s->argv);
        if (!s->args || !s->argv) goto oom;
        for (int i = 0; i < e->nargs; i++) {
            s->args[i] = state_new(e->args[i], err);
            if (!s->args[i]) goto fail;
        }
    }
    int cap = count_cols(e);
    if (cap > 0) {
        s->cols_ref = malloc(sizeof(int) * (size_t)cap);
        if (!s->cols_ref) goto oom;
        collect_cols(e, s->cols_ref, &s->ncols_ref, cap);
    }
    if (e->kind == MN_EXPR_IN) s->in = in_set_build(e);
    if (e->kind == MN_EXPR_AND || e->kind == MN_EXPR_OR || e->kind == MN_EXPR_CASE ||
        e->kind == MN_EXPR_COALESCE || e->kind == MN_EXPR_TRY) {
        s->sel = malloc(sizeof(uint16_t) * MN_VECTOR_SIZE);
        s->sel2 = malloc(sizeof(uint16_t) * MN_VECTOR_SIZE);
        if (!s->sel || !s->sel2) goto oom;
    }
    return s;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
fail:
    state_free(s);
    return NULL;
}

mn_expr_exec *mn_expr_exec_new(mn_expr *const *exprs, int n, mn_query_ctx *q, mn_error *err) {
    mn_expr_exec *x = calloc(1, sizeof *x);
    if (!x) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    x->n = n;
    x->q = q;
    x->roots = calloc((size_t)(n ? n : 1), sizeof *x->roots);
    if (!x->roots) {
        free(x);
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        x->roots[i] = state_new(exprs[i], err);
        if (!x->roots[i]) {
            mn_expr_exec_free(x);
            return NULL;
        }
    }
    return x;
}

void mn_expr_exec_free(mn_expr_exec *x) {
    if (!x) return;
    for (int i = 0; i < x->n; i++) state_free(x->roots[i]);
    free(x->roots);
    free(x);
}

static int eval(mn_expr_exec *x, node_state *s, mn_chunk *in, mn_vector **res, mn_error *err);

/* Evaluates s over the rows sel[0..nsel) of `in`; the result has nsel rows. */
static int eval_subset(mn_expr_exec *x, node_state *owner, node_state *s, mn_chunk *in, const uint16_t *sel, int nsel,
                       mn_vector **res, mn_error *err) {
    if (nsel == in->count) return eval(x, s, in, res, err); /* all rows: sel is the identity */
    if (!owner->sub_ready) {
        mn_type *types = malloc(sizeof(mn_type) * (size_t)(in->ncols ? in->ncols : 1));
        if (!types) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        for (int i = 0; i < in->ncols; i++) types[i] = in->cols[i].type;
        int rc = mn_chunk_init(&owner->sub, in->ncols, types, err);
        free(types);
        if (rc) return -1;
        owner->sub_ready = true;
    }
    for (int i = 0; i < s->ncols_ref; i++) {
        int c = s->cols_ref[i];
        mn_vector *dst = &owner->sub.cols[c];
        dst->type = in->cols[c].type;
        if (mn_vector_prepare(dst, err)) return -1;
        if (mn_vector_gather(dst, &in->cols[c], sel, nsel, false, err)) return -1;
    }
    owner->sub.count = nsel;
    return eval(x, s, &owner->sub, res, err);
}

/* result[target] = v[row]; strings copied into result's heap. */
static int scatter_rows(mn_vector *result, const mn_vector *v, int row, int target, mn_error *err) {
    if (mn_vector_is_null(v, row)) {
        uint8_t *rn = mn_vector_nulls_mut(result);
        if (!rn) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        rn[target] = 1;
        return 0;
    }
    if (result->nulls) result->nulls[target] = 0;
    size_t sz = mn_type_size(result->type);
    const char *src = (const char *)v->data + sz * ((uint32_t)row & v->mask);
    char *dst = (char *)result->data + sz * (size_t)target;
    if (mn_type_is_varlen(result->type)) {
        const mn_str *ss = (const mn_str *)src;
        mn_str d = mn_vector_add_string(result, ss->ptr, ss->len);
        if (!d.ptr) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        memcpy(dst, &d, sizeof d);
    } else {
        memcpy(dst, src, sz);
    }
    return 0;
}

/* result[sel[i]] = v[i] for i < n. */
static int scatter(mn_vector *result, const mn_vector *v, const uint16_t *sel, int n, mn_error *err) {
    for (int i = 0; i < n; i++)
        if (scatter_rows(result, v, i, sel[i], err)) return -1;
    return 0;
}

static int set_nulls_rows(mn_vector *result, const uint16_t *sel, int n, mn_error *err) {
    if (n == 0) return 0;
    uint8_t *rn = mn_vector_nulls_mut(result);
    if (!rn) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    for (int i = 0; i < n; i++) rn[sel[i]] = 1;
    return 0;
}

/* Boolean helpers: value of row i of a boolean vector: 1 true, 0 false, -1 null. */
static inline int bool_at(const mn_vector *v, int i) {
    uint32_t r = (uint32_t)i & v->mask;
    if (v->nulls && v->nulls[r]) return -1;
    return ((const uint8_t *)v->data)[r] ? 1 : 0;
}

static int eval_and_or(mn_expr_exec *x, node_state *s, mn_chunk *in, mn_vector **res, mn_error *err) {
    bool is_and = s->e->kind == MN_EXPR_AND;
    int n = in->count;
    mn_vector *out = &s->result;
    if (mn_vector_prepare(out, err)) return -1;
    uint8_t *od = out->data;
    /* state per row: 1 decided (false for AND / true for OR), else pending; nulls tracked */
    mn_vector *v;
    if (eval(x, s->args[0], in, &v, err)) return -1;
    int npend = 0;
    bool any_null = false;
    uint8_t *on = NULL;
    for (int i = 0; i < n; i++) {
        int b = bool_at(v, i);
        if (b == -1) {
            if (!on) on = mn_vector_nulls_mut(out);
            if (!on) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            on[i] = 1;
            any_null = true;
            od[i] = is_and ? 1 : 0;
            s->sel[npend++] = (uint16_t)i;
        } else if (b == (is_and ? 0 : 1)) {
            od[i] = (uint8_t)b;
        } else {
            od[i] = (uint8_t)b;
            s->sel[npend++] = (uint16_t)i;
        }
    }
    (void)any_null;
    for (int a = 1; a < s->e->nargs && npend > 0; a++) {
        if (eval_subset(x, s, s->args[a], in, s->sel, npend, &v, err)) return -1;
        int np2 = 0;
        for (int k = 0; k < npend; k++) {
            int r = s->sel[k];
            int b = bool_at(v, k);
            if (b == (is_and ? 0 : 1)) {
                od[r] = (uint8_t)b;
                if (on) on[r] = 0;
            } else {
                if (b == -1) {
                    if (!on) on = mn_vector_nulls_mut(out);
                    if (!on) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
                    on[r] = 1;
                }
                s->sel2[np2++] = (uint16_t)r;
            }
        }
        memcpy(s->sel, s->sel2, sizeof(uint16_t) * (size_t)np2);
        npend = np2;
    }
    *res = out;
    return 0;
}

static int eval_case(mn_expr_exec *x, node_state *s, mn_chunk *in, mn_vector **res, mn_error *err) {
    const mn_expr *e = s->e;
    int n = in->count;
    mn_vector *out = &s->result;
    if (mn_vector_prepare(out, err)) return -1;
    int npend = n;
    for (int i = 0; i < n; i++) s->sel[i] = (uint16_t)i;
    int nwhen = e->nargs / 2;
    uint16_t *tsel = malloc(sizeof(uint16_t) * MN_VECTOR_SIZE);
    if (!tsel) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    int rc = -1;
    for (int w = 0; w < nwhen && npend > 0; w++) {
        mn_vector *c;
        if (eval_subset(x, s, s->args[2 * w], in, s->sel, npend, &c, err)) goto done;
        int nt = 0, np2 = 0;
        for (int k = 0; k < npend; k++) {
            if (bool_at(c, k) == 1) tsel[nt++] = s->sel[k];
            else s->sel2[np2++] = s->sel[k];
        }
        if (nt > 0) {
            mn_vector *t;
            if (eval_subset(x, s, s->args[2 * w + 1], in, tsel, nt, &t, err)) goto done;
            if (scatter(out, t, tsel, nt, err)) goto done;
        }
        memcpy(s->sel, s->sel2, sizeof(uint16_t) * (size_t)np2);
        npend = np2;
    }
    if (npend > 0) {
        if (e->nargs % 2 == 1) {
            mn_vector *t;
            /* copy sel: eval_subset may reuse s->sub but not s->sel */
            memcpy(tsel, s->sel, sizeof(uint16_t) * (size_t)npend);
            if (eval_subset(x, s, s->args[e->nargs - 1], in, tsel, npend, &t, err)) goto done;
            if (scatter(out, t, tsel, npend, err)) goto done;
        } else if (set_nulls_rows(out, s->sel, npend, err)) {
            goto done;
        }
    }
    *res = out;
    rc = 0;
done:
    free(tsel);
    return rc;
}

static int eval_coalesce(mn_expr_exec *x, node_state *s, mn_chunk *in, mn_vector **res, mn_error *err) {
    const mn_expr *e = s->e;
    int n = in->count;
    mn_vector *out = &s->result;
    if (mn_vector_prepare(out, err)) return -1;
    int npend = n;
    for (int i = 0; i < n; i++) s->sel[i] = (uint16_t)i;
    for (int a = 0; a < e->nargs && npend > 0; a++) {
        mn_vector *v;
        if (eval_subset(x, s, s->args[a], in, s->sel, npend, &v, err)) return -1;
        /* scatter the non-null rows, keep the null ones pending */
        int np2 = 0;
        for (int k = 0; k < npend; k++) {
            if (mn_vector_is_null(v, k)) s->sel2[np2++] = s->sel[k];
            else if (scatter_rows(out, v, k, s->sel[k], err)) return -1;
        }
        memcpy(s->sel, s->sel2, sizeof(uint16_t) * (size_t)np2);
        npend = np2;
    }
    if (set_nulls_rows(out, s->sel, npend, err)) return -1;
    *res = out;
    return 0;
}

static int eval_in(mn_expr_exec *x, node_state *s, mn_chunk *in, mn_vector **res, mn_error *err) {
    const mn_expr *e = s->e;
    int n = in->count;
    if (s->in) {
        mn_vector *op;
        if (eval(x, s->args[0], in, &op, err)) return -1;
        mn_vector *out = &s->result;
        if (mn_vector_prepare(out, err)) return -1;
        uint8_t *od = out->data;
        const in_set *h = s->in;
        for (int i = 0; i < n; i++) {
            if (mn_vector_is_null(op, i)) {
                mn_vector_set_null(out, i);
                continue;
            }
            const void *a = (const char *)op->data + h->sz * ((uint32_t)i & op->mask);
            if (in_set_contains(h, a)) od[i] = e->negated ? 0 : 1;
            else if (h->has_null) mn_vector_set_null(out, i);
            else od[i] = e->negated ? 1 : 0;
        }
        *res = out;
        return 0;
    }
    for (int a = 0; a < e->nargs; a++)
        if (eval(x, s->args[a], in, &s->argv[a], err)) return -1;
    mn_vector *out = &s->result;
    if (mn_vector_prepare(out, err)) return -1;
    uint8_t *od = out->data;
    mn_type t = e->args[0]->type;
    size_t sz = mn_type_size(t);
    mn_vector *op = s->argv[0];
    for (int i = 0; i < n; i++) {
        if (mn_vector_is_null(op, i)) {
            mn_vector_set_null(out, i);
            continue;
        }
        const void *a = (const char *)op->data + sz * ((uint32_t)i & op->mask);
        int found = 0;
        bool saw_null = false;
        for (int k = 1; k < e->nargs; k++) {
            mn_vector *lv = s->argv[k];
            if (mn_vector_is_null(lv, i)) {
                saw_null = true;
                continue;
            }
            const void *b = (const char *)lv->data + sz * ((uint32_t)i & lv->mask);
            if (mn_slot_compare(t, a, b) == 0) {
                found = 1;
                break;
            }
        }
        if (found) od[i] = e->negated ? 0 : 1;
        else if (saw_null) mn_vector_set_null(out, i);
        else od[i] = e->negated ? 1 : 0;
    }
    *res = out;
    return 0;
}

static int eval_try(mn_expr_exec *x, node_state *s, mn_chunk *in, mn_vector **res, mn_error *err) {
    mn_vector *v;
    mn_error e2;
    mn_error_clear(&e2);
    if (eval(x, s->args[0], in, &v, &e2) == 0) {
        *res = v;
        return 0;
    }
    if (e2.code == MN_ERR_OUT_OF_MEMORY || e2.code == MN_ERR_INTERNAL) {
        *err = e2;
        return -1;
    }
    /* some row failed: evaluate row by row, errors give NULL */
    mn_vector *out = &s->result;
    if (mn_vector_prepare(out, err)) return -1;
    for (int i = 0; i < in->count; i++) {
        uint16_t one = (uint16_t)i;
        mn_error_clear(&e2);
        if (in->count == 1) {
            if (eval(x, s->args[0], in, &v, &e2)) {
                mn_vector_set_null(out, 0);
                continue;
            }
        } else if (eval_subset(x, s, s->args[0], in, &one, 1, &v, &e2)) {
            if (e2.code == MN_ERR_OUT_OF_MEMORY) {
                *err = e2;
                return -1;
            }
            mn_vector_set_null(out, i);
            continue;
        }
        if (scatter(out, v, &one, 1, err)) return -1;
    }
    *res = out;
    return 0;
}

static int eval(mn_expr_exec *x, node_state *s, mn_chunk *in, mn_vector **res, mn_error *err) {
    const mn_expr *e = s->e;
    switch (e->kind) {
    case MN_EXPR_COLUMN:
        if (e->column < 0 || e->column >= in->ncols)
            return mn_error_set(err, MN_ERR_INTERNAL, "column #%d out of range", e->column);
        *res = &in->cols[e->column];
        return 0;
    case MN_EXPR_CONST:
        if (!s->const_ready) {
            if (mn_vector_set_constant(&s->result, &e->value, err)) return -1;
            s->const_ready = true;
        }
        *res = &s->result;
        return 0;
    case MN_EXPR_CALL: {
        for (int a = 0; a < e->nargs; a++)
            if (eval(x, s->args[a], in, &s->argv[a], err)) return -1;
        mn_vector *out = &s->result;
        if (mn_vector_prepare(out, err)) return -1;
        mn_fn_ctx ctx = {err, e, e->bind_data, x->q};
        if (e->impl(&ctx, s->argv, e->nargs, in->count, out)) {
            if (err->line == 0 && e->pos.line > 0) {
                err->line = e->pos.line;
                err->column = e->pos.column;
            }
            return -1;
        }
        *res = out;
        return 0;
    }
    case MN_EXPR_AND:
    case MN_EXPR_OR: return eval_and_or(x, s, in, res, err);
    case MN_EXPR_NOT:
    case MN_EXPR_IS_NULL: {
        mn_vector *v;
        if (eval(x, s->args[0], in, &v, err)) return -1;
        mn_vector *out = &s->result;
        if (mn_vector_prepare(out, err)) return -1;
        uint8_t *od = out->data;
        int n = in->count;
        if (e->kind == MN_EXPR_NOT) {
            for (int i = 0; i < n; i++) {
                int b = bool_at(v, i);
                if (b < 0) mn_vector_set_null(out, i);
                else od[i] = (uint8_t)!b;
            }
        } else {
            for (int i = 0; i < n; i++) od[i] = (uint8_t)(mn_vector_is_null(v, i) != e->negated);
        }
        *res = out;
        return 0;
    }
    case MN_EXPR_CASE: return eval_case(x, s, in, res, err);
    case MN_EXPR_COALESCE: return eval_coalesce(x, s, in, res, err);
    case MN_EXPR_IN: return eval_in(x, s, in, res, err);
    case MN_EXPR_TRY: return eval_try(x, s, in, res, err);
    }
    return mn_error_set(err, MN_ERR_INTERNAL, "unknown expression kind %d", (int)e->kind);
}

int mn_expr_exec_eval(mn_expr_exec *x, int i, mn_chunk *in, mn_vector **result, mn_error *err) {
    return eval(x, x->roots[i], in, result, err);
}

int mn_expr_exec_select(mn_expr_exec *x, int i, mn_chunk *in, uint16_t *sel, int *nsel, mn_error *err) {
    mn_vector *v;
    if (eval(x, x->roots[i], in, &v, err)) return -1;
    int k = 0, n = in->count;
    const uint8_t *d = v->data;
    if (v->mask == 0) {
        if (bool_at(v, 0) == 1)
            for (int r = 0; r < n; r++) sel[k++] = (uint16_t)r;
    } else if (!v->nulls) {
        for (int r = 0; r < n; r++) {
            sel[k] = (uint16_t)r;
            k += d[r] != 0;
        }
    } else {
        for (int r = 0; r < n; r++) {
            sel[k] = (uint16_t)r;
            k += (d[r] != 0) & !v->nulls[r];
        }
    }
    *nsel = k;
    return 0;
}

int mn_expr_eval_const(const mn_expr *e, mn_arena *arena, mn_query_ctx *q, mn_value *out, mn_error *err) {
    mn_expr *root = (mn_expr *)e;
    mn_expr_exec *x = mn_expr_exec_new(&root, 1, q, err);
    if (!x) return -1;
    mn_chunk in;
    memset(&in, 0, sizeof in);
    in.count = 1;
    mn_vector *v;
    int rc = mn_expr_exec_eval(x, 0, &in, &v, err);
    if (rc == 0) {
        mn_vector_get_value(v, 0, out);
        out->type = e->type;
        if (!out->is_null && mn_type_is_varlen(e->type)) {
            char *p = mn_arena_alloc(arena, out->u.s.len ? out->u.s.len : 1);
            if (!p) rc = mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            else {
                if (out->u.s.len) memcpy(p, out->u.s.ptr, out->u.s.len);
                out->u.s.ptr = p;
            }
        }
    }
    mn_expr_exec_free(x);
    return rc;
}
