/* window_bind.c — binds window function calls (f(...) OVER (PARTITION BY … ORDER BY …
 * frame)) and plans them as one window operator over the select block's rows: after the
 * FROM clause, or after the aggregation in a grouped query (so rank() OVER (ORDER BY
 * sum(x)) works). Calls are collected as placeholders while the select list and ORDER BY
 * are bound, then rewritten into columns of the window operator's output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "plan/plan_internal.h"

#define ERRP(b, p, code, ...) mn_error_set_pos((b)->err, code, (p).line, (p).column, __VA_ARGS__)

static int oom(binder *b) { return mn_error_set(b->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

static const struct {
    const char *name;
    mn_window_kind kind;
    int min_args, max_args;
} ranking[] = {
    {"row_number", MN_WIN_ROW_NUMBER, 0, 0}, {"rank", MN_WIN_RANK, 0, 0},
    {"dense_rank", MN_WIN_DENSE_RANK, 0, 0}, {"percent_rank", MN_WIN_PERCENT_RANK, 0, 0},
    {"cume_dist", MN_WIN_CUME_DIST, 0, 0},   {"ntile", MN_WIN_NTILE, 1, 1},
    {"lag", MN_WIN_LAG, 1, 3},               {"lead", MN_WIN_LEAD, 1, 3},
    {"first_value", MN_WIN_FIRST_VALUE, 1, 1}, {"last_value", MN_WIN_LAST_VALUE, 1, 1},
    {"nth_value", MN_WIN_NTH_VALUE, 2, 2},
};

static const mn_window_spec *resolve_spec(binder *b, const mn_window_spec *w, mn_pos pos, mn_window_spec *merged) {
    if (!w->existing_name) return w;
    const mn_select *sel = b->wins ? b->wins->sel : NULL;
    const mn_window_spec *base = NULL;
    for (int i = 0; sel && i < sel->nwindows; i++)
        if (strcasecmp(sel->windows[i].name, w->existing_name) == 0) base = &sel->windows[i].spec;
    if (!base) {
        ERRP(b, pos, MN_ERR_SEMANTIC, "Cannot resolve WINDOW name %s", w->existing_name);
        return NULL;
    }
    *merged = *base;
    if (w->partition_by.n) merged->partition_by = w->partition_by;
    if (w->order_by.n) merged->order_by = w->order_by;
    if (w->has_frame) {
        merged->has_frame = true;
        merged->frame_unit = w->frame_unit;
        merged->start = w->start;
        merged->end = w->end;
    }
    return merged;
}

int bind_window_call(binder *b, scope *s, agg_list *aggs, const mn_ast_expr *e, const char *name, mn_expr **out) {
    if (!b->wins) return ERRP(b, e->pos, MN_ERR_SEMANTIC, "Window function '%s' is not allowed here", name);
    mn_window_spec merged;
    const mn_window_spec *w = resolve_spec(b, e->u.function.window, e->pos, &merged);
    if (!w) return -1;
    win_rec r;
    memset(&r, 0, sizeof r);
    r.pos = e->pos;
    int n = e->u.function.args.n;
    r.ignore_nulls = e->u.function.ignore_nulls;
    int rk = -1;
    for (size_t i = 0; i < sizeof ranking / sizeof ranking[0]; i++)
        if (strcmp(ranking[i].name, name) == 0) rk = (int)i;
    r.args = mn_arena_calloc(b->a, sizeof(mn_expr *) * (size_t)(n + 1));
    if (!r.args) return oom(b);
    for (int i = 0; i < n; i++)
        if (bind_expr(b, s, aggs, e->u.function.args.items[i], &r.args[i])) return -1;
    r.nargs = n;
    if (rk >= 0) {
        if (n < ranking[rk].min_args || n > ranking[rk].max_args)
            return ERRP(b, e->pos, MN_ERR_TYPE_MISMATCH, "Unexpected number of arguments (%d) for window function %s", n,
                        name);
        r.kind = ranking[rk].kind;
        switch (r.kind) {
        case MN_WIN_PERCENT_RANK:
        case MN_WIN_CUME_DIST: r.type = mn_type_make(MN_T_DOUBLE); break;
        case MN_WIN_ROW_NUMBER:
        case MN_WIN_RANK:
        case MN_WIN_DENSE_RANK:
        case MN_WIN_NTILE: r.type = mn_type_make(MN_T_BIGINT); break;
        default: r.type = r.args[0]->type; break;
        }
        if (r.kind == MN_WIN_NTILE || (r.kind == MN_WIN_NTH_VALUE) || ((r.kind == MN_WIN_LAG || r.kind == MN_WIN_LEAD) && n >= 2)) {
            int k = r.kind == MN_WIN_NTILE ? 0 : 1;
            if (mn_func_coerce(b->a, r.args[k], mn_type_make(MN_T_BIGINT), &r.args[k], b->err)) return -1;
        }
        if ((r.kind == MN_WIN_LAG || r.kind == MN_WIN_LEAD) && n == 3) {
            mn_type t;
            if (!mn_type_common_super(r.args[0]->type, r.args[2]->type, &t)) {
                char t1[64], t2[64];
                return ERRP(b, e->pos, MN_ERR_TYPE_MISMATCH, "Default value of %s must have type %s, not %s", name,
                            mn_type_name(r.args[0]->type, t1, sizeof t1), mn_type_name(r.args[2]->type, t2, sizeof t2));
            }
            if (mn_func_coerce(b->a, r.args[0], t, &r.args[0], b->err) ||
                mn_func_coerce(b->a, r.args[2], t, &r.args[2], b->err))
                return -1;
            r.type = t;
        }
    } else if (mn_func_is_aggregate(name)) {
        r.kind = MN_WIN_AGGREGATE;
        if (mn_func_bind_aggregate(b->a, name, r.args, n, e->u.function.distinct, e->u.function.star, e->pos, &r.agg,
                                   b->err))
            return -1;
        if (bind_agg_order(b, s, aggs, e, r.agg)) return -1;
        if (e->u.function.filter && bind_bool(b, s, aggs, e->u.function.filter, "FILTER", &r.agg->filter)) return -1;
        r.type = r.agg->type;
        r.nargs = 0;
    } else {
        return ERRP(b, e->pos, MN_ERR_FUNCTION_NOT_FOUND, "Not a window function: %s", name);
    }
    /* PARTITION BY, ORDER BY, frame */
    r.npartition = w->partition_by.n;
    r.partition = mn_arena_calloc(b->a, sizeof(mn_expr *) * (size_t)(r.npartition + 1));
    r.norder = w->order_by.n;
    r.order = mn_arena_calloc(b->a, sizeof(mn_sort_key) * (size_t)(r.norder + 1));
    if (!r.partition || !r.order) return oom(b);
    for (int i = 0; i < r.npartition; i++)
        if (bind_expr(b, s, aggs, w->partition_by.items[i], &r.partition[i])) return -1;
    for (int i = 0; i < r.norder; i++) {
        if (bind_expr(b, s, aggs, w->order_by.items[i].expr, &r.order[i].expr)) return -1;
        r.order[i].descending = w->order_by.items[i].descending;
        r.order[i].nulls_first = w->order_by.items[i].nulls == 1;
    }
    if (w->has_frame) {
        r.has_frame = true;
        r.frame_unit = w->frame_unit;
        r.start_kind = w->start.kind;
        r.end_kind = w->end.kind;
        scope empty;
        memset(&empty, 0, sizeof empty);
        if (w->start.offset && bind_expr(b, &empty, NULL, w->start.offset, &r.start_offset)) return -1;
        if (w->end.offset && bind_expr(b, &empty, NULL, w->end.offset, &r.end_offset)) return -1;
        if (r.start_offset) r.start_offset = fold_constants(b, r.start_offset);
        if (r.end_offset) r.end_offset = fold_constants(b, r.end_offset);
        if (r.frame_unit == MN_FRAME_RANGE && (r.start_offset || r.end_offset) && r.norder != 1)
            return ERRP(b, e->pos, MN_ERR_SEMANTIC,
                        "Window frame of type RANGE PRECEDING or FOLLOWING requires single sort item in ORDER BY (actual: %d)",
                        r.norder);
    }
    win_list *wl = b->wins;
    void *grown = grow_array(b, wl->recs, wl->n, &wl->cap, sizeof *wl->recs, 4);
    if (!grown) return -1;
    wl->recs = grown;
    wl->recs[wl->n] = r;
    mn_expr *x = mn_expr_new(b->a, MN_EXPR_CALL, r.type, 0);
    if (!x) return oom(b);
    x->name = WIN_REF_NAME;
    x->column = wl->n;
    x->pos = e->pos;
    wl->n++;
    *out = x;
    return 0;
}

bool has_win_ref(const mn_expr *e) {
    if (!e) return false;
    if (e->kind == MN_EXPR_CALL && !e->impl && e->name && strcmp(e->name, WIN_REF_NAME) == 0) return true;
    for (int i = 0; i < e->nargs; i++)
        if (has_win_ref(e->args[i])) return true;
    return false;
}

void mark_win_used(const win_list *wl, unsigned char *used, int n) {
    for (int i = 0; wl && i < wl->n; i++) {
        const win_rec *r = &wl->recs[i];
        for (int k = 0; k < r->nargs; k++) mark_used(r->args[k], used, n);
        for (int k = 0; k < r->npartition; k++) mark_used(r->partition[k], used, n);
        for (int k = 0; k < r->norder; k++) mark_used(r->order[k].expr, used, n);
        if (r->agg) {
            for (int k = 0; k < r->agg->nargs; k++) mark_used(r->agg->args[k], used, n);
            mark_used(r->agg->filter, used, n);
        }
    }
}

/* Replaces window placeholders by columns base + index. */
mn_expr *replace_win_refs(binder *b, mn_expr *e, int base) {
    if (!e) return e;
    if (e->kind == MN_EXPR_CALL && !e->impl && e->name && strcmp(e->name, WIN_REF_NAME) == 0) {
        mn_expr *c = mn_expr_column(b->a, base + e->column, e->type);
        if (c) c->pos = e->pos;
        return c;
    }
    for (int i = 0; i < e->nargs; i++) {
        e->args[i] = replace_win_refs(b, e->args[i], base);
        if (!e->args[i]) return NULL;
    }
    return e;
}

int plan_windows(binder *b, win_list *wl, mn_physop **op, map_fn map, void *map_ud) {
    mn_window_call **calls = mn_arena_alloc(b->a, sizeof(mn_window_call *) * (size_t)wl->n);
    if (!calls) return oom(b);
    for (int i = 0; i < wl->n; i++) {
        win_rec *r = &wl->recs[i];
        mn_window_call *c = mn_arena_calloc(b->a, sizeof *c);
        if (!c) return oom(b);
        c->kind = r->kind;
        c->type = r->type;
        c->nargs = r->nargs;
        c->args = mn_arena_calloc(b->a, sizeof(mn_expr *) * (size_t)(r->nargs + 1));
        c->partition = mn_arena_calloc(b->a, sizeof(mn_expr *) * (size_t)(r->npartition + 1));
        c->order = mn_arena_calloc(b->a, sizeof(mn_sort_key) * (size_t)(r->norder + 1));
        if (!c->args || !c->partition || !c->order) return oom(b);
        for (int k = 0; k < r->nargs; k++)
            if (map(b, r->args[k], map_ud, &c->args[k])) return -1;
        c->npartition = r->npartition;
        for (int k = 0; k < r->npartition; k++)
            if (map(b, r->partition[k], map_ud, &c->partition[k])) return -1;
        c->norder = r->norder;
        for (int k = 0; k < r->norder; k++) {
            c->order[k] = r->order[k];
            if (map(b, r->order[k].expr, map_ud, &c->order[k].expr)) return -1;
        }
        if (r->agg) {
            c->agg = r->agg;
            for (int k = 0; k < r->agg->nargs; k++)
                if (map(b, r->agg->args[k], map_ud, &c->agg->args[k])) return -1;
            if (r->agg->filter && map(b, r->agg->filter, map_ud, &c->agg->filter)) return -1;
        }
        c->ignore_nulls = r->ignore_nulls;
        c->has_frame = r->has_frame;
        c->frame_unit = r->frame_unit;
        c->start_kind = r->start_kind;
        c->end_kind = r->end_kind;
        c->start_offset = r->start_offset;
        c->end_offset = r->end_offset;
        calls[i] = c;
    }
    mn_physop *w = mn_op_window(b->a, *op, calls, wl->n, b->err);
    if (!w) return -1;
    w->estimated_rows = (*op)->estimated_rows;
    *op = w;
    return 0;
}
