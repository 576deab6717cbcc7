/* estimate.c — cardinality estimates from the column statistics ANALYZE keeps in the
 * catalog (distinct values, NULL fraction, low/high values). A base table's statistics are
 * attached to the binder ids of its columns when its scan is planned; filters and join
 * keys over those ids then get a selectivity from them instead of a fixed guess. Without
 * statistics every estimate falls back to the old constants, so plans stay as they were. */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "plan/plan_internal.h"
#include "types/datetime.h"
#include "types/decimal.h"

#define DEFAULT_SELECTIVITY 0.3

/* A number on one scale for values of type t (days for dates, microseconds for
 * timestamps), from the text ANALYZE stored or a constant; false when t has no such scale. */
static bool text_number(mn_type t, const char *s, double *out) {
    if (!s) return false;
    char *end = NULL;
    switch (t.id) {
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT:
    case MN_T_REAL:
    case MN_T_DOUBLE:
    case MN_T_DECIMAL:
        *out = strtod(s, &end);
        return end && end != s;
    case MN_T_DATE: {
        int32_t d;
        if (mn_date_parse(s, strlen(s), &d) != 0) return false;
        *out = d;
        return true;
    }
    case MN_T_TIMESTAMP: {
        int64_t us;
        int prec;
        if (mn_timestamp_parse(s, strlen(s), &us, &prec) != 0) return false;
        *out = (double)us;
        return true;
    }
    default: return false;
    }
}

static bool value_number(const mn_value *v, double *out) {
    if (v->is_null) return false;
    switch (v->type.id) {
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT:
    case MN_T_DATE:
    case MN_T_TIMESTAMP: *out = (double)v->u.i; return true;
    case MN_T_REAL: *out = v->u.f; return true;
    case MN_T_DOUBLE: *out = v->u.d; return true;
    case MN_T_DECIMAL: {
        double x = (double)v->u.dec;
        for (int s = 0; s < v->type.scale; s++) x /= 10;
        *out = x;
        return true;
    }
    default: return false;
    }
}

static id_stat *stat_slot(binder *b, int id) {
    if (id < 0) return NULL;
    if (id >= b->stats_cap) {
        int ncap = b->next_id + 16;
        if (ncap <= id) ncap = id + 16;
        id_stat *n = mn_arena_calloc(b->a, sizeof *n * (size_t)ncap);
        if (!n) return NULL;
        if (b->stats_cap) memcpy(n, b->id_stats, sizeof *n * (size_t)b->stats_cap);
        b->id_stats = n;
        b->stats_cap = ncap;
    }
    return &b->id_stats[id];
}

void est_load_table_stats(binder *b, const mn_table_def *t, int first_id, double rows) {
    mn_column_stats *cs = NULL;
    int n = 0;
    mn_error ignore;
    if (!t->database || !*t->database || mn_catalog_get_column_stats(b->ctx->catalog, t->database, t->name, &cs, &n,
                                                                     &ignore) != 0)
        return;
    for (int i = 0; i < n; i++) {
        int k;
        for (k = 0; k < t->ncols; k++)
            if (strcmp(t->cols[k].name, cs[i].name) == 0) break;
        if (k == t->ncols) continue; /* the table changed since ANALYZE */
        id_stat *s = stat_slot(b, first_id + k);
        if (!s) break;
        memset(s, 0, sizeof *s);
        if (cs[i].ndv >= 0) {
            s->has_ndv = true;
            s->ndv = cs[i].ndv < 1 ? 1 : cs[i].ndv;
        }
        if (cs[i].null_fraction >= 0) {
            s->has_nulls = true;
            s->null_fraction = cs[i].null_fraction;
        }
        s->has_range = text_number(t->cols[k].type, cs[i].low, &s->low) &&
                       text_number(t->cols[k].type, cs[i].high, &s->high) && s->low <= s->high;
        s->rows = rows;
    }
    mn_catalog_free_column_stats(cs, n);
}

/* The id of a column reference, looking through casts; -1 when e is something else. */
static int column_id(const mn_expr *e) {
    while (e->kind == MN_EXPR_CALL && e->name && strcmp(e->name, "CAST") == 0 && e->nargs == 1) e = e->args[0];
    return e->kind == MN_EXPR_COLUMN ? e->column : -1;
}

static const id_stat *stat_of(const binder *b, const mn_expr *e) {
    int id = column_id(e);
    if (id < 0 || id >= b->stats_cap) return NULL;
    const id_stat *s = &b->id_stats[id];
    return s->has_ndv || s->has_nulls || s->has_range ? s : NULL;
}

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

double est_selectivity(const binder *b, const mn_expr *c) {
    if (c->kind == MN_EXPR_IS_NULL) {
        const id_stat *s = stat_of(b, c->args[0]);
        if (s && s->has_nulls) return clamp(c->negated ? 1 - s->null_fraction : s->null_fraction, 0.0001, 1);
        return DEFAULT_SELECTIVITY;
    }
    if (c->kind == MN_EXPR_IN && !c->negated) {
        const id_stat *s = stat_of(b, c->args[0]);
        if (s && s->has_ndv) return clamp((c->nargs - 1) / s->ndv, 0.0001, 1);
        return DEFAULT_SELECTIVITY;
    }
    if (c->kind != MN_EXPR_CALL || !c->name || c->nargs != 2) return DEFAULT_SELECTIVITY;
    const mn_expr *col = c->args[0], *k = c->args[1];
    bool flipped = false;
    if (col->kind == MN_EXPR_CONST) {
        col = c->args[1];
        k = c->args[0];
        flipped = true;
    }
    const id_stat *s = stat_of(b, col);
    if (!s || k->kind != MN_EXPR_CONST) return DEFAULT_SELECTIVITY;
    double nonnull = s->has_nulls ? 1 - s->null_fraction : 1;
    const char *op = c->name;
    if (strcmp(op, "=") == 0) return s->has_ndv ? clamp(nonnull / s->ndv, 0.0001, 1) : DEFAULT_SELECTIVITY;
    if (strcmp(op, "<>") == 0) return s->has_ndv ? clamp(nonnull * (1 - 1 / s->ndv), 0.0001, 1) : DEFAULT_SELECTIVITY;
    double v;
    if (!s->has_range || !value_number(&k->value, &v)) return DEFAULT_SELECTIVITY;
    bool less = op[0] == '<', greater = op[0] == '>';
    if (!less && !greater) return DEFAULT_SELECTIVITY;
    if (flipped) { /* const < col is col > const */
        bool t = less;
        less = greater;
        greater = t;
    }
    double span = s->high - s->low, below;
    if (span <= 0) below = v < s->low ? 0 : v > s->high ? 1 : 0.5;
    else below = clamp((v - s->low) / span, 0, 1);
    return clamp(nonnull * (less ? below : 1 - below), 0.0001, 1);
}

double est_key_ndv(const binder *b, const mn_expr *e, double rows) {
    const id_stat *s = stat_of(b, e);
    if (!s || !s->has_ndv) return -1;
    double ndv = s->ndv;
    /* after filters the input holds fewer rows, hence at most that many values */
    return ndv > rows && rows >= 1 ? rows : ndv;
}
