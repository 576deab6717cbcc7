/* agg_stats.c — statistical aggregates over doubles: corr, covar_samp/covar_pop,
 * regr_slope/regr_intercept (two-variable co-moments, updated one pair at a time and
 * merged with the pairwise formulas of Chan et al.), and skewness/kurtosis (central
 * moments up to the fourth, merged with Pébay's formulas). Rows where either argument is
 * NULL are skipped; results that are undefined (too few rows, zero variance) are NULL. */
#include <math.h>
#include <string.h>

#include "common/error.h"
#include "function/fn_internal.h"

#define UPDATE_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states
#define COMBINE_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, void *dst_, const void *src_
#define FINAL_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, void *state_, mn_vector *out, int row

static void zero_init(const mn_agg_call *call, void *state) { memset(state, 0, call->fn->state_size); }

static int put(mn_agg_ctx *ctx, mn_vector *out, int row, double v, bool defined) {
    if (!defined || !isfinite(v)) {
        mn_vector_set_null(out, row);
        return out->nulls ? 0 : mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    }
    ((double *)out->data)[row] = v;
    return 0;
}

/* ---------- two variables: y is args[0], x is args[1] (Trino's argument order) ---------- */

typedef struct {
    double n, mx, my, m2x, m2y, cxy; /* count, means, sums of squared deviations, co-moment */
} co_state;

static int co_update(UPDATE_ARGS) {
    for (int i = 0; i < count; i++) {
        co_state *s = states[i];
        if (!s || mn_vector_is_null(args[0], i) || mn_vector_is_null(args[1], i)) continue;
        double y = MN_SLOT(args[0], double, i), x = MN_SLOT(args[1], double, i);
        s->n += 1;
        double dx = x - s->mx;
        s->mx += dx / s->n;
        double dy = y - s->my;
        s->my += dy / s->n;
        s->m2x += dx * (x - s->mx);
        s->m2y += dy * (y - s->my);
        s->cxy += dx * (y - s->my);
    }
    return 0;
}

static int co_combine(COMBINE_ARGS) {
    co_state *d = dst_;
    const co_state *s = src_;
    if (s->n == 0) return 0;
    if (d->n == 0) {
        *d = *s;
        return 0;
    }
    double n = d->n + s->n, dx = s->mx - d->mx, dy = s->my - d->my, f = d->n * s->n / n;
    d->m2x += s->m2x + dx * dx * f;
    d->m2y += s->m2y + dy * dy * f;
    d->cxy += s->cxy + dx * dy * f;
    d->mx += dx * s->n / n;
    d->my += dy * s->n / n;
    d->n = n;
    return 0;
}

static int covar_samp_fin(FINAL_ARGS) {
    const co_state *s = state_;
    return put(ctx, out, row, s->n > 1 ? s->cxy / (s->n - 1) : 0, s->n > 1);
}
static int covar_pop_fin(FINAL_ARGS) {
    const co_state *s = state_;
    return put(ctx, out, row, s->n > 0 ? s->cxy / s->n : 0, s->n > 0);
}
static int corr_fin(FINAL_ARGS) {
    const co_state *s = state_;
    bool ok = s->n > 1 && s->m2x > 0 && s->m2y > 0;
    return put(ctx, out, row, ok ? s->cxy / sqrt(s->m2x * s->m2y) : 0, ok);
}
static int slope_fin(FINAL_ARGS) {
    const co_state *s = state_;
    bool ok = s->n > 0 && s->m2x > 0;
    return put(ctx, out, row, ok ? s->cxy / s->m2x : 0, ok);
}
static int intercept_fin(FINAL_ARGS) {
    const co_state *s = state_;
    bool ok = s->n > 0 && s->m2x > 0;
    return put(ctx, out, row, ok ? s->my - s->cxy / s->m2x * s->mx : 0, ok);
}

#define COFN(NAME, FIN) {NAME, sizeof(co_state), zero_init, co_update, co_combine, FIN, NULL}
static const mn_agg_fn covar_samp_fn = COFN("covar_samp", covar_samp_fin);
static const mn_agg_fn covar_pop_fn = COFN("covar_pop", covar_pop_fin);
static const mn_agg_fn corr_fn = COFN("corr", corr_fin);
static const mn_agg_fn slope_fn = COFN("regr_slope", slope_fin);
static const mn_agg_fn intercept_fn = COFN("regr_intercept", intercept_fin);

/* ---------- higher moments of one variable ---------- */

typedef struct {
    double n, mean, m2, m3, m4; /* count, mean, sums of the 2nd..4th powers of deviations */
} mom_state;

/* Merges b into a (a single value is a state with n = 1 and no deviations). */
static void mom_merge(mom_state *a, const mom_state *b) {
    if (b->n == 0) return;
    if (a->n == 0) {
        *a = *b;
        return;
    }
    double na = a->n, nb = b->n, n = na + nb, d = b->mean - a->mean, d2 = d * d;
    double m2 = a->m2 + b->m2 + d2 * na * nb / n;
    double m3 = a->m3 + b->m3 + d * d2 * na * nb * (na - nb) / (n * n) + 3 * d * (na * b->m2 - nb * a->m2) / n;
    double m4 = a->m4 + b->m4 + d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (n * n * n) +
                6 * d2 * (na * na * b->m2 + nb * nb * a->m2) / (n * n) + 4 * d * (na * b->m3 - nb * a->m3) / n;
    a->mean += d * nb / n;
    a->n = n;
    a->m2 = m2;
    a->m3 = m3;
    a->m4 = m4;
}

static int mom_update(UPDATE_ARGS) {
    for (int i = 0; i < count; i++) {
        if (!states[i] || mn_vector_is_null(args[0], i)) continue;
        mom_state one = {1, MN_SLOT(args[0], double, i), 0, 0, 0};
        mom_merge(states[i], &one);
    }
    return 0;
}

static int mom_combine(COMBINE_ARGS) {
    mom_merge(dst_, src_);
    return 0;
}

/* Fisher's moment coefficient of skewness (population): sqrt(n)·m3 / m2^1.5 */
static int skew_fin(FINAL_ARGS) {
    const mom_state *s = state_;
    bool ok = s->n >= 3 && s->m2 > 0;
    return put(ctx, out, row, ok ? sqrt(s->n) * s->m3 / pow(s->m2, 1.5) : 0, ok);
}

/* Excess kurtosis with the sample correction (as Trino, Excel and SAS compute it). */
static int kurt_fin(FINAL_ARGS) {
    const mom_state *s = state_;
    bool ok = s->n >= 4 && s->m2 > 0;
    double v = 0;
    if (ok) {
        double n = s->n, var = s->m2 / (n - 1);
        v = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * s->m4 / (var * var) -
            3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3));
    }
    return put(ctx, out, row, v, ok);
}

static const mn_agg_fn skew_fn = {"skewness", sizeof(mom_state), zero_init, mom_update, mom_combine, skew_fin, NULL};
static const mn_agg_fn kurt_fn = {"kurtosis", sizeof(mom_state), zero_init, mom_update, mom_combine, kurt_fin, NULL};

#define AGG(NAME, PARAMS, RET, FN, DESC) {NAME, PARAMS, RET, NULL, NULL, DESC, 0, FN}

const mn_fn_entry mn_fn_stat_agg_table[] = {
    AGG("corr", "double,double", "double", &corr_fn, "Pearson correlation coefficient of y and x"),
    AGG("covar_samp", "double,double", "double", &covar_samp_fn, "Sample covariance of y and x"),
    AGG("covar_pop", "double,double", "double", &covar_pop_fn, "Population covariance of y and x"),
    AGG("regr_slope", "double,double", "double", &slope_fn, "Slope of the least-squares line of y on x"),
    AGG("regr_intercept", "double,double", "double", &intercept_fn, "Intercept of the least-squares line of y on x"),
    AGG("skewness", "double", "double", &skew_fn, "Fisher's moment coefficient of skewness"),
    AGG("kurtosis", "double", "double", &kurt_fn, "Excess kurtosis (sample-corrected)"),
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
