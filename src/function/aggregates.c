/* aggregates.c — the aggregate functions: count, count_if, sum, avg, min, max, arbitrary,
 * bool_and/bool_or, max_by/min_by, variance/stddev, geometric_mean, bitwise_and_agg/
 * bitwise_or_agg and checksum (approx_* are in sketch_aggs.c).
 * States are fixed-size structs; strings a state keeps are copied into ctx->arena (and again on combine, whose arena may differ). Rows whose state pointer is
 * NULL are skipped (lets the caller filter rows without compacting). NULL inputs are
 * skipped by everything but count(*); sum/avg/min/max over no rows give NULL. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "function/fn_internal.h"
#include "types/decimal.h"

#define UPDATE_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, mn_vector **args, int count, void **states
#define COMBINE_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, void *dst_, const void *src_
#define FINAL_ARGS const mn_agg_call *call, mn_agg_ctx *ctx, void *state_, mn_vector *out, int row
#define ARG_NULL(k, i) mn_vector_is_null(args[k], i)

static void zero_init(const mn_agg_call *call, void *state) { memset(state, 0, call->fn->state_size); }

static int set_null(mn_agg_ctx *ctx, mn_vector *out, int row) {
    mn_vector_set_null(out, row);
    if (!out->nulls) return mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return 0;
}

/* ---------- count ---------- */

static int count_star_update(UPDATE_ARGS) {
    for (int i = 0; i < count; i++)
        if (states[i]) ++*(int64_t *)states[i];
    return 0;
}

static int count_update(UPDATE_ARGS) {
    const mn_vector *a = args[0];
    if (!a->nulls) return count_star_update(call, ctx, args, count, states);
    for (int i = 0; i < count; i++)
        if (states[i] && !a->nulls[(uint32_t)i & a->mask]) ++*(int64_t *)states[i];
    return 0;
}

static int count_if_update(UPDATE_ARGS) {
    for (int i = 0; i < count; i++)
        if (states[i] && !ARG_NULL(0, i) && MN_SLOT(args[0], uint8_t, i)) ++*(int64_t *)states[i];
    return 0;
}

static int count_combine(COMBINE_ARGS) {
    *(int64_t *)dst_ += *(const int64_t *)src_;
    return 0;
}

static int count_finalize(FINAL_ARGS) {
    ((int64_t *)out->data)[row] = *(int64_t *)state_;
    return 0;
}

static const mn_agg_fn count_star_fn = {"count", 8, zero_init, count_star_update, count_combine, count_finalize, NULL};
static const mn_agg_fn count_fn = {"count", 8, zero_init, count_update, count_combine, count_finalize, NULL};
static const mn_agg_fn count_if_fn = {"count_if", 8, zero_init, count_if_update, count_combine, count_finalize, NULL};

/* ---------- sum / avg over integers ---------- */

typedef struct {
    int64_t sum;
    int64_t n;
} sum_i64;

static int sum_overflow(mn_agg_ctx *ctx, int64_t a, int64_t b) {
    return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "bigint addition overflow: %lld + %lld", (long long)a,
                        (long long)b);
}

#define DEF_SUM_INT(SFX, T)                                                           \
    static int sum_update_##SFX(UPDATE_ARGS) {                                        \
        const mn_vector *a = args[0];                                                 \
        for (int i = 0; i < count; i++) {                                             \
            sum_i64 *s = states[i];                                                   \
            if (!s || ARG_NULL(0, i)) continue;                                       \
            int64_t x = MN_SLOT(a, T, i), old = s->sum;                               \
            if (__builtin_add_overflow(old, x, &s->sum)) return sum_overflow(ctx, old, x); \
            s->n++;                                                                   \
        }                                                                             \
        return 0;                                                                     \
    }
DEF_SUM_INT(i8, int8_t)
DEF_SUM_INT(i16, int16_t)
DEF_SUM_INT(i32, int32_t)
DEF_SUM_INT(i64, int64_t)

static int sum_i64_combine(COMBINE_ARGS) {
    sum_i64 *d = dst_;
    const sum_i64 *s = src_;
    int64_t old = d->sum;
    if (__builtin_add_overflow(old, s->sum, &d->sum)) return sum_overflow(ctx, old, s->sum);
    d->n += s->n;
    return 0;
}

static int sum_i64_finalize(FINAL_ARGS) {
    sum_i64 *s = state_;
    if (!s->n) return set_null(ctx, out, row);
    ((int64_t *)out->data)[row] = s->sum;
    return 0;
}

/* avg over integers: exact 128-bit sum, divided once */
typedef struct {
    mn_i128 sum;
    int64_t n;
} sum_i128;

#define DEF_AVG_INT(SFX, T)                                         \
    static int avg_update_##SFX(UPDATE_ARGS) {                      \
        const mn_vector *a = args[0];                               \
        for (int i = 0; i < count; i++) {                           \
            sum_i128 *s = states[i];                                \
            if (!s || ARG_NULL(0, i)) continue;                     \
            s->sum += MN_SLOT(a, T, i);                             \
            s->n++;                                                 \
        }                                                           \
        return 0;                                                   \
    }
DEF_AVG_INT(i8, int8_t)
DEF_AVG_INT(i16, int16_t)
DEF_AVG_INT(i32, int32_t)
DEF_AVG_INT(i64, int64_t)

static int i128_combine(COMBINE_ARGS) {
    sum_i128 *d = dst_;
    const sum_i128 *s = src_;
    if (__builtin_add_overflow(d->sum, s->sum, &d->sum))
        return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "Decimal overflow");
    d->n += s->n;
    return 0;
}

static int avg_int_finalize(FINAL_ARGS) {
    sum_i128 *s = state_;
    if (!s->n) return set_null(ctx, out, row);
    ((double *)out->data)[row] = (double)s->sum / (double)s->n;
    return 0;
}

/* ---------- sum / avg over decimals ---------- */

static int dec_sum_update(UPDATE_ARGS) {
    const mn_vector *a = args[0];
    for (int i = 0; i < count; i++) {
        sum_i128 *s = states[i];
        if (!s || ARG_NULL(0, i)) continue;
        if (__builtin_add_overflow(s->sum, MN_SLOT(a, mn_i128, i), &s->sum))
            return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "Decimal overflow");
        s->n++;
    }
    return 0;
}

static int dec_sum_finalize(FINAL_ARGS) {
    sum_i128 *s = state_;
    if (!s->n) return set_null(ctx, out, row);
    if (!mn_decimal_fits(s->sum, out->type.precision))
        return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "Decimal overflow");
    ((mn_i128 *)out->data)[row] = s->sum;
    return 0;
}

static int dec_avg_finalize(FINAL_ARGS) {
    sum_i128 *s = state_;
    if (!s->n) return set_null(ctx, out, row);
    mn_i128 q = s->sum / s->n, rem = s->sum % s->n;
    mn_i128 arem = rem < 0 ? -rem : rem;
    if (arem >= s->n - arem) q += s->sum < 0 ? -1 : 1; /* HALF_UP */
    ((mn_i128 *)out->data)[row] = q;
    return 0;
}

/* ---------- sum / avg over REAL / DOUBLE ---------- */

typedef struct {
    double sum;
    int64_t n;
} sum_f64;

static int f64_sum_update(UPDATE_ARGS) {
    const mn_vector *a = args[0];
    bool real = a->type.id == MN_T_REAL;
    for (int i = 0; i < count; i++) {
        sum_f64 *s = states[i];
        if (!s || ARG_NULL(0, i)) continue;
        s->sum += real ? (double)MN_SLOT(a, float, i) : MN_SLOT(a, double, i);
        s->n++;
    }
    return 0;
}

static int f64_combine(COMBINE_ARGS) {
    sum_f64 *d = dst_;
    const sum_f64 *s = src_;
    d->sum += s->sum;
    d->n += s->n;
    return 0;
}

static int f64_finalize(FINAL_ARGS, bool avg) {
    sum_f64 *s = state_;
    if (!s->n) return set_null(ctx, out, row);
    double v = avg ? s->sum / (double)s->n : s->sum;
    if (out->type.id == MN_T_REAL) ((float *)out->data)[row] = (float)v;
    else ((double *)out->data)[row] = v;
    return 0;
}
static int f64_sum_finalize(FINAL_ARGS) { return f64_finalize(call, ctx, state_, out, row, false); }
static int f64_avg_finalize(FINAL_ARGS) { return f64_finalize(call, ctx, state_, out, row, true); }

#define SUMFN(NAME, ST, UPD, COMB, FIN) {NAME, sizeof(ST), zero_init, UPD, COMB, FIN, NULL}
static const mn_agg_fn sum_i8_fn = SUMFN("sum", sum_i64, sum_update_i8, sum_i64_combine, sum_i64_finalize);
static const mn_agg_fn sum_i16_fn = SUMFN("sum", sum_i64, sum_update_i16, sum_i64_combine, sum_i64_finalize);
static const mn_agg_fn sum_i32_fn = SUMFN("sum", sum_i64, sum_update_i32, sum_i64_combine, sum_i64_finalize);
static const mn_agg_fn sum_i64_fn = SUMFN("sum", sum_i64, sum_update_i64, sum_i64_combine, sum_i64_finalize);
static const mn_agg_fn sum_dec_fn = SUMFN("sum", sum_i128, dec_sum_update, i128_combine, dec_sum_finalize);
static const mn_agg_fn sum_f64_fn = SUMFN("sum", sum_f64, f64_sum_update, f64_combine, f64_sum_finalize);
static const mn_agg_fn avg_i8_fn = SUMFN("avg", sum_i128, avg_update_i8, i128_combine, avg_int_finalize);
static const mn_agg_fn avg_i16_fn = SUMFN("avg", sum_i128, avg_update_i16, i128_combine, avg_int_finalize);
static const mn_agg_fn avg_i32_fn = SUMFN("avg", sum_i128, avg_update_i32, i128_combine, avg_int_finalize);
static const mn_agg_fn avg_i64_fn = SUMFN("avg", sum_i128, avg_update_i64, i128_combine, avg_int_finalize);
static const mn_agg_fn avg_dec_fn = SUMFN("avg", sum_i128, dec_sum_update, i128_combine, dec_avg_finalize);
static const mn_agg_fn avg_f64_fn = SUMFN("avg", sum_f64, f64_sum_update, f64_combine, f64_avg_finalize);

static int bind_sum_dec(mn_fn_binding *b, mn_error *err) {
    b->ret = mn_type_decimal(MN_MAX_DECIMAL_PRECISION, b->args[0]->type.scale);
    return 0;
}

/* ---------- min / max over fixed-width types ---------- */

/* Trino's min ignores NaN by ordering it last (COMPARISON_UNORDERED_LAST), its max by
 * ordering it first (COMPARISON_UNORDERED_FIRST): NaN wins only when every value is NaN. */
#define LESS_NUM(a, b) ((a) < (b))
#define LESS_FLT(a, b) (!isnan(a) && (isnan(b) || (a) < (b)))       /* NaN sorts last */
#define LESS_FLT_NF(a, b) (!isnan(b) && (isnan(a) || (a) < (b)))    /* NaN sorts first */

#define DEF_MINMAX(SFX, T, LESS, LESS_MAX)                                                    \
    typedef struct {                                                                          \
        T v;                                                                                  \
        uint8_t has;                                                                          \
    } mm_##SFX;                                                                               \
    static int min_update_##SFX(UPDATE_ARGS) {                                                \
        const mn_vector *a = args[0];                                                         \
        for (int i = 0; i < count; i++) {                                                     \
            mm_##SFX *s = states[i];                                                          \
            if (!s || ARG_NULL(0, i)) continue;                                               \
            T x = MN_SLOT(a, T, i);                                                           \
            if (!s->has || LESS(x, s->v)) s->v = x, s->has = 1;                               \
        }                                                                                     \
        return 0;                                                                             \
    }                                                                                         \
    static int max_update_##SFX(UPDATE_ARGS) {                                                \
        const mn_vector *a = args[0];                                                         \
        for (int i = 0; i < count; i++) {                                                     \
            mm_##SFX *s = states[i];                                                          \
            if (!s || ARG_NULL(0, i)) continue;                                               \
            T x = MN_SLOT(a, T, i);                                                           \
            if (!s->has || LESS_MAX(s->v, x)) s->v = x, s->has = 1;                           \
        }                                                                                     \
        return 0;                                                                             \
    }                                                                                         \
    static int min_combine_##SFX(COMBINE_ARGS) {                                              \
        mm_##SFX *d = dst_;                                                                   \
        const mm_##SFX *s = src_;                                                             \
        if (s->has && (!d->has || LESS(s->v, d->v))) *d = *s;                                 \
        return 0;                                                                             \
    }                                                                                         \
    static int max_combine_##SFX(COMBINE_ARGS) {                                              \
        mm_##SFX *d = dst_;                                                                   \
        const mm_##SFX *s = src_;                                                             \
        if (s->has && (!d->has || LESS_MAX(d->v, s->v))) *d = *s;                             \
        return 0;                                                                             \
    }                                                                                         \
    static int mm_finalize_##SFX(FINAL_ARGS) {                                                \
        mm_##SFX *s = state_;                                                                 \
        if (!s->has) return set_null(ctx, out, row);                                          \
        ((T *)out->data)[row] = s->v;                                                         \
        return 0;                                                                             \
    }                                                                                         \
    static const mn_agg_fn min_##SFX##_fn = {"min", sizeof(mm_##SFX), zero_init, min_update_##SFX,   \
                                             min_combine_##SFX, mm_finalize_##SFX, NULL};     \
    static const mn_agg_fn max_##SFX##_fn = {"max", sizeof(mm_##SFX), zero_init, max_update_##SFX,   \
                                             max_combine_##SFX, mm_finalize_##SFX, NULL};

DEF_MINMAX(u8, uint8_t, LESS_NUM, LESS_NUM)
DEF_MINMAX(i8, int8_t, LESS_NUM, LESS_NUM)
DEF_MINMAX(i16, int16_t, LESS_NUM, LESS_NUM)
DEF_MINMAX(i32, int32_t, LESS_NUM, LESS_NUM)
DEF_MINMAX(i64, int64_t, LESS_NUM, LESS_NUM)
DEF_MINMAX(f32, float, LESS_FLT, LESS_FLT_NF)
DEF_MINMAX(f64, double, LESS_FLT, LESS_FLT_NF)
DEF_MINMAX(i128, mn_i128, LESS_NUM, LESS_NUM)

/* ---------- values of any type (strings copied into the arena) ---------- */

typedef struct {
    union {
        mn_i128 i128;
        mn_str s;
        unsigned char raw[16];
    } u;
    uint32_t cap;   /* bytes owned at u.s.ptr (strings) */
    uint8_t has;
    uint8_t is_null;
} vslot;

/* h = the value in src (a physical slot of type t); strings are copied into the arena,
 * reusing h's buffer when it is large enough. */
static int vslot_set(mn_agg_ctx *ctx, vslot *h, mn_type t, const void *src) {
    h->has = 1;
    h->is_null = 0;
    if (!mn_type_is_varlen(t)) {
        memcpy(h->u.raw, src, mn_type_size(t));
        return 0;
    }
    mn_str s = *(const mn_str *)src;
    char *p = (char *)h->u.s.ptr;
    if (!p || h->cap < s.len) {
        uint32_t cap = s.len < 16 ? 16 : s.len;
        p = mn_arena_alloc(ctx->arena, cap);
        if (!p) return mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        h->cap = cap;
    }
    if (s.len) memcpy(p, s.ptr, s.len);
    h->u.s.ptr = p;
    h->u.s.len = s.len;
    return 0;
}

/* copy for combine: dst's buffer belongs to another arena generation, so always copy */
static int vslot_copy(mn_agg_ctx *ctx, vslot *d, mn_type t, const vslot *s) {
    if (!s->has) return 0;
    if (s->is_null) {
        d->has = 1;
        d->is_null = 1;
        return 0;
    }
    if (mn_type_is_varlen(t)) {
        d->u.s.ptr = NULL;
        d->cap = 0;
    }
    return vslot_set(ctx, d, t, s->u.raw);
}

static int vslot_write(mn_agg_ctx *ctx, const vslot *h, mn_type t, mn_vector *out, int row) {
    if (!h->has || h->is_null) return set_null(ctx, out, row);
    size_t sz = mn_type_size(t);
    char *dst = (char *)out->data + sz * (size_t)row;
    if (mn_type_is_varlen(t)) {
        mn_str s = mn_vector_add_string(out, h->u.s.ptr, h->u.s.len);
        if (!s.ptr) return mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        memcpy(dst, &s, sizeof s);
    } else {
        memcpy(dst, h->u.raw, sz);
    }
    return 0;
}

static const void *slot_at(const mn_vector *v, int i) {
    return (const char *)v->data + mn_type_size(v->type) * ((uint32_t)i & v->mask);
}

static int vmm_update(UPDATE_ARGS, int sign) {
    const mn_vector *a = args[0];
    mn_type t = a->type;
    size_t sz = mn_type_size(t);
    for (int i = 0; i < count; i++) {
        vslot *s = states[i];
        if (!s || ARG_NULL(0, i)) continue;
        const void *p = (const char *)a->data + sz * ((uint32_t)i & a->mask);
        if (!s->has || sign * mn_slot_compare(t, p, s->u.raw) > 0)
            if (vslot_set(ctx, s, t, p)) return -1;
    }
    return 0;
}
static int vmin_update(UPDATE_ARGS) { return vmm_update(call, ctx, args, count, states, -1); }
static int vmax_update(UPDATE_ARGS) { return vmm_update(call, ctx, args, count, states, 1); }

static int vmm_combine(COMBINE_ARGS, int sign) {
    vslot *d = dst_;
    const vslot *s = src_;
    mn_type t = call->arg_types[0];
    if (s->has && (!d->has || sign * mn_slot_compare(t, s->u.raw, d->u.raw) > 0)) return vslot_copy(ctx, d, t, s);
    return 0;
}
static int vmin_combine(COMBINE_ARGS) { return vmm_combine(call, ctx, dst_, src_, -1); }
static int vmax_combine(COMBINE_ARGS) { return vmm_combine(call, ctx, dst_, src_, 1); }

static int vslot_finalize(FINAL_ARGS) { return vslot_write(ctx, state_, call->type, out, row); }

static const mn_agg_fn min_v_fn = {"min", sizeof(vslot), zero_init, vmin_update, vmin_combine, vslot_finalize, NULL};
static const mn_agg_fn max_v_fn = {"max", sizeof(vslot), zero_init, vmax_update, vmax_combine, vslot_finalize, NULL};

/* arbitrary / any_value: the first non-NULL value seen */
static int arb_update(UPDATE_ARGS) {
    const mn_vector *a = args[0];
    for (int i = 0; i < count; i++) {
        vslot *s = states[i];
        if (!s || s->has || ARG_NULL(0, i)) continue;
        if (vslot_set(ctx, s, a->type, slot_at(a, i))) return -1;
    }
    return 0;
}
static int arb_combine(COMBINE_ARGS) {
    vslot *d = dst_;
    if (d->has) return 0;
    return vslot_copy(ctx, d, call->arg_types[0], src_);
}
static const mn_agg_fn arbitrary_fn = {"arbitrary", sizeof(vslot), zero_init, arb_update, arb_combine,
                                       vslot_finalize, NULL};

static int bind_minmax(mn_fn_binding *b, mn_error *err) {
    bool is_min = b->entry->name[1] == 'i';
    mn_type t = b->args[0]->type;
    if (t.id == MN_T_JSON) /* json is comparable, not orderable */
        return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, b->pos.line, b->pos.column,
                                "Unexpected parameters (json) for function %s. Expected: %s(T) T:orderable",
                                b->entry->name, b->entry->name);
    switch (t.id) {
    case MN_T_BOOLEAN: b->agg = is_min ? &min_u8_fn : &max_u8_fn; break;
    case MN_T_TINYINT: b->agg = is_min ? &min_i8_fn : &max_i8_fn; break;
    case MN_T_SMALLINT: b->agg = is_min ? &min_i16_fn : &max_i16_fn; break;
    case MN_T_INTEGER:
    case MN_T_DATE:
    case MN_T_INTERVAL_YM: b->agg = is_min ? &min_i32_fn : &max_i32_fn; break;
    case MN_T_BIGINT:
    case MN_T_TIMESTAMP:
    case MN_T_INTERVAL_DS: b->agg = is_min ? &min_i64_fn : &max_i64_fn; break;
    case MN_T_REAL: b->agg = is_min ? &min_f32_fn : &max_f32_fn; break;
    case MN_T_DOUBLE: b->agg = is_min ? &min_f64_fn : &max_f64_fn; break;
    case MN_T_DECIMAL: b->agg = is_min ? &min_i128_fn : &max_i128_fn; break;
    default: b->agg = is_min ? &min_v_fn : &max_v_fn; break;
    }
    return 0;
}

/* ---------- max_by / min_by ---------- */

/* Key order for max_by (sign > 0) and min_by (sign < 0), times sign: like max and min, NaN
 * keys lose to every other key. */
static int by_key_order(mn_type t, const void *a, const void *b, int sign) {
    if (sign > 0 && (t.id == MN_T_DOUBLE || t.id == MN_T_REAL)) {
        bool na = t.id == MN_T_DOUBLE ? isnan(*(const double *)a) : isnan(*(const float *)a);
        bool nb = t.id == MN_T_DOUBLE ? isnan(*(const double *)b) : isnan(*(const float *)b);
        if (na || nb) return na == nb ? 0 : na ? -1 : 1;
    }
    return sign * mn_slot_compare(t, a, b);
}

typedef struct {
    vslot x, y;
} by_state;

static int by_update(UPDATE_ARGS, int sign) {
    const mn_vector *x = args[0], *y = args[1];
    for (int i = 0; i < count; i++) {
        by_state *s = states[i];
        if (!s || ARG_NULL(1, i)) continue;
        const void *py = slot_at(y, i);
        if (s->y.has && by_key_order(y->type, py, s->y.u.raw, sign) <= 0) continue;
        if (vslot_set(ctx, &s->y, y->type, py)) return -1;
        if (ARG_NULL(0, i)) {
            s->x.has = 1;
            s->x.is_null = 1;
        } else if (vslot_set(ctx, &s->x, x->type, slot_at(x, i))) {
            return -1;
        }
    }
    return 0;
}
static int max_by_update(UPDATE_ARGS) { return by_update(call, ctx, args, count, states, 1); }
static int min_by_update(UPDATE_ARGS) { return by_update(call, ctx, args, count, states, -1); }

static int by_combine(COMBINE_ARGS, int sign) {
    by_state *d = dst_;
    const by_state *s = src_;
    if (!s->y.has) return 0;
    if (d->y.has && by_key_order(call->arg_types[1], s->y.u.raw, d->y.u.raw, sign) <= 0) return 0;
    if (vslot_copy(ctx, &d->y, call->arg_types[1], &s->y)) return -1;
    return vslot_copy(ctx, &d->x, call->arg_types[0], &s->x);
}
static int max_by_combine(COMBINE_ARGS) { return by_combine(call, ctx, dst_, src_, 1); }
static int min_by_combine(COMBINE_ARGS) { return by_combine(call, ctx, dst_, src_, -1); }

static int by_finalize(FINAL_ARGS) {
    by_state *s = state_;
    return vslot_write(ctx, &s->x, call->type, out, row);
}

static const mn_agg_fn max_by_fn = {"max_by", sizeof(by_state), zero_init, max_by_update, max_by_combine,
                                    by_finalize, NULL};
static const mn_agg_fn min_by_fn = {"min_by", sizeof(by_state), zero_init, min_by_update, min_by_combine,
                                    by_finalize, NULL};

/* ---------- bool_and / bool_or ---------- */

typedef struct {
    uint8_t v, has;
} bool_state;

static int bool_update(UPDATE_ARGS, bool is_and) {
    for (int i = 0; i < count; i++) {
        bool_state *s = states[i];
        if (!s || ARG_NULL(0, i)) continue;
        uint8_t x = MN_SLOT(args[0], uint8_t, i) != 0;
        s->v = s->has ? (is_and ? (s->v & x) : (s->v | x)) : x;
        s->has = 1;
    }
    return 0;
}
static int and_update(UPDATE_ARGS) { return bool_update(call, ctx, args, count, states, true); }
static int or_update(UPDATE_ARGS) { return bool_update(call, ctx, args, count, states, false); }
static int bool_combine(COMBINE_ARGS, bool is_and) {
    bool_state *d = dst_;
    const bool_state *s = src_;
    if (!s->has) return 0;
    d->v = d->has ? (is_and ? (d->v & s->v) : (d->v | s->v)) : s->v;
    d->has = 1;
    return 0;
}
static int and_combine(COMBINE_ARGS) { return bool_combine(call, ctx, dst_, src_, true); }
static int or_combine(COMBINE_ARGS) { return bool_combine(call, ctx, dst_, src_, false); }
static int bool_finalize(FINAL_ARGS) {
    bool_state *s = state_;
    if (!s->has) return set_null(ctx, out, row);
    ((uint8_t *)out->data)[row] = s->v;
    return 0;
}
static const mn_agg_fn bool_and_fn = {"bool_and", sizeof(bool_state), zero_init, and_update, and_combine,
                                      bool_finalize, NULL};
static const mn_agg_fn bool_or_fn = {"bool_or", sizeof(bool_state), zero_init, or_update, or_combine,
                                     bool_finalize, NULL};

/* ---------- variance / stddev (Welford; Chan et al. to combine) ---------- */

typedef struct {
    double n, mean, m2;
} var_state;

static int var_update(UPDATE_ARGS) {
    for (int i = 0; i < count; i++) {
        var_state *s = states[i];
        if (!s || ARG_NULL(0, i)) continue;
        double x = MN_SLOT(args[0], double, i);
        s->n += 1;
        double d = x - s->mean;
        s->mean += d / s->n;
        s->m2 += d * (x - s->mean);
    }
    return 0;
}

static int var_combine(COMBINE_ARGS) {
    var_state *d = dst_;
    const var_state *s = src_;
    if (s->n == 0) return 0;
    if (d->n == 0) {
        *d = *s;
        return 0;
    }
    double n = d->n + s->n, delta = s->mean - d->mean;
    d->m2 += s->m2 + delta * delta * d->n * s->n / n;
    d->mean += delta * s->n / n;
    d->n = n;
    return 0;
}

static int var_finalize_kind(FINAL_ARGS, bool sample, bool root) {
    var_state *s = state_;
    if (s->n == 0 || (sample && s->n < 2)) return set_null(ctx, out, row);
    double v = s->m2 / (sample ? s->n - 1 : s->n);
    ((double *)out->data)[row] = root ? sqrt(v) : v;
    return 0;
}
static int var_samp_fin(FINAL_ARGS) { return var_finalize_kind(call, ctx, state_, out, row, true, false); }
static int var_pop_fin(FINAL_ARGS) { return var_finalize_kind(call, ctx, state_, out, row, false, false); }
static int std_samp_fin(FINAL_ARGS) { return var_finalize_kind(call, ctx, state_, out, row, true, true); }
static int std_pop_fin(FINAL_ARGS) { return var_finalize_kind(call, ctx, state_, out, row, false, true); }

#define VARFN(NAME, FIN) {NAME, sizeof(var_state), zero_init, var_update, var_combine, FIN, NULL}
static const mn_agg_fn var_samp_fn = VARFN("var_samp", var_samp_fin);
static const mn_agg_fn var_pop_fn = VARFN("var_pop", var_pop_fin);
static const mn_agg_fn std_samp_fn = VARFN("stddev_samp", std_samp_fin);
static const mn_agg_fn std_pop_fn = VARFN("stddev_pop", std_pop_fin);

/* ---------- geometric_mean, bitwise_and_agg / bitwise_or_agg, checksum ---------- */

static int geo_update(UPDATE_ARGS) {
    for (int i = 0; i < count; i++) {
        sum_f64 *s = states[i];
        if (!s || ARG_NULL(0, i)) continue;
        double x = args[0]->type.id == MN_T_REAL ? (double)MN_SLOT(args[0], float, i) : MN_SLOT(args[0], double, i);
        s->sum += log(x);
        s->n++;
    }
    return 0;
}

static int geo_finalize(FINAL_ARGS) {
    sum_f64 *s = state_;
    if (!s->n) return set_null(ctx, out, row);
    double v = exp(s->sum / (double)s->n);
    if (out->type.id == MN_T_REAL) ((float *)out->data)[row] = (float)v;
    else ((double *)out->data)[row] = v;
    return 0;
}

typedef struct {
    int64_t v;
    uint8_t has;
} bits_state;

static int bits_update(UPDATE_ARGS, bool is_and) {
    for (int i = 0; i < count; i++) {
        bits_state *s = states[i];
        if (!s || ARG_NULL(0, i)) continue;
        int64_t x = MN_SLOT(args[0], int64_t, i);
        s->v = !s->has ? x : is_and ? (s->v & x) : (s->v | x);
        s->has = 1;
    }
    return 0;
}
static int bit_and_update(UPDATE_ARGS) { return bits_update(call, ctx, args, count, states, true); }
static int bit_or_update(UPDATE_ARGS) { return bits_update(call, ctx, args, count, states, false); }

static int bits_combine(COMBINE_ARGS, bool is_and) {
    bits_state *d = dst_;
    const bits_state *s = src_;
    if (!s->has) return 0;
    d->v = !d->has ? s->v : is_and ? (d->v & s->v) : (d->v | s->v);
    d->has = 1;
    return 0;
}
static int bit_and_combine(COMBINE_ARGS) { return bits_combine(call, ctx, dst_, src_, true); }
static int bit_or_combine(COMBINE_ARGS) { return bits_combine(call, ctx, dst_, src_, false); }

static int bits_finalize(FINAL_ARGS) {
    bits_state *s = state_;
    if (!s->has) return set_null(ctx, out, row);
    ((int64_t *)out->data)[row] = s->v;
    return 0;
}

/* checksum: an order-insensitive sum of XXH64 hashes of the values' canonical bytes times
 * a prime (NULLs add the prime), as 8 little-endian bytes; NULL for no rows. The hash is
 * Minerva's own, so the bytes differ from Trino's, but equal inputs give equal checksums. */
#define CHECKSUM_PRIME UINT64_C(0x9E3779B185EBCA87)

typedef struct {
    uint64_t sum;
    uint8_t has;
} checksum_state;

static int checksum_update(UPDATE_ARGS) {
    mn_fn_rowbuf b = {NULL, 0, 0};
    int rc = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        checksum_state *s = states[i];
        if (!s) continue;
        s->has = 1;
        if (ARG_NULL(0, i) || args[0]->type.id == MN_T_UNKNOWN) {
            s->sum += CHECKSUM_PRIME;
            continue;
        }
        b.len = 0;
        if (mn_fn_row_encode(&b, args, 1, i)) rc = mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        else s->sum += mn_fn_xxh64(b.p, b.len) * CHECKSUM_PRIME;
    }
    free(b.p);
    return rc;
}

static int checksum_combine(COMBINE_ARGS) {
    checksum_state *d = dst_;
    const checksum_state *s = src_;
    d->sum += s->sum;
    d->has |= s->has;
    return 0;
}

static int checksum_finalize(FINAL_ARGS) {
    checksum_state *s = state_;
    if (!s->has) return set_null(ctx, out, row);
    unsigned char b[8];
    for (int k = 0; k < 8; k++) b[k] = (unsigned char)(s->sum >> (8 * k));
    mn_str r = mn_vector_add_string(out, (const char *)b, 8);
    if (!r.ptr) return mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    ((mn_str *)out->data)[row] = r;
    return 0;
}

static const mn_agg_fn geo_fn = {"geometric_mean", sizeof(sum_f64), zero_init, geo_update, f64_combine, geo_finalize,
                                 NULL};
static const mn_agg_fn bit_and_fn = {"bitwise_and_agg", sizeof(bits_state), zero_init, bit_and_update, bit_and_combine,
                                     bits_finalize, NULL};
static const mn_agg_fn bit_or_fn = {"bitwise_or_agg", sizeof(bits_state), zero_init, bit_or_update, bit_or_combine,
                                    bits_finalize, NULL};
static const mn_agg_fn checksum_fn = {"checksum", sizeof(checksum_state), zero_init, checksum_update,
                                      checksum_combine, checksum_finalize, NULL};

/* ---------- sum / avg over intervals ---------- */

static int ym_sum_finalize(FINAL_ARGS) {
    sum_i64 *s = state_;
    if (!s->n) return set_null(ctx, out, row);
    if (s->sum < INT32_MIN || s->sum > INT32_MAX)
        return mn_error_set(ctx->err, MN_ERR_NUMERIC_OVERFLOW, "interval year to month overflow");
    ((int32_t *)out->data)[row] = (int32_t)s->sum;
    return 0;
}

/* The mean rounded half away from zero to the interval's unit: months, or milliseconds (the
 * precision of Trino's day-to-second intervals; values are kept in microseconds). */
static int interval_avg_finalize(FINAL_ARGS) {
    sum_i128 *s = state_;
    if (!s->n) return set_null(ctx, out, row);
    mn_i128 unit = out->type.id == MN_T_INTERVAL_YM ? 1 : 1000, d = (mn_i128)s->n * unit;
    mn_i128 q = s->sum / d, rem = s->sum % d;
    mn_i128 arem = rem < 0 ? -rem : rem;
    if (arem >= d - arem) q += s->sum < 0 ? -1 : 1;
    q *= unit;
    if (out->type.id == MN_T_INTERVAL_YM) ((int32_t *)out->data)[row] = (int32_t)q;
    else ((int64_t *)out->data)[row] = (int64_t)q;
    return 0;
}

static const mn_agg_fn sum_ym_fn = SUMFN("sum", sum_i64, sum_update_i32, sum_i64_combine, ym_sum_finalize);
static const mn_agg_fn avg_ym_fn = SUMFN("avg", sum_i128, avg_update_i32, i128_combine, interval_avg_finalize);
static const mn_agg_fn avg_ds_fn = SUMFN("avg", sum_i128, avg_update_i64, i128_combine, interval_avg_finalize);

/* ---------- table ---------- */

#define AGG(NAME, PARAMS, RET, FN, BIND, DESC) {NAME, PARAMS, RET, NULL, BIND, DESC, 0, FN}

const mn_fn_entry mn_fn_agg_table[] = {
    AGG("count", "", "bigint", &count_star_fn, NULL, "Number of rows"),
    AGG("count", "any", "bigint", &count_fn, NULL, "Number of non-NULL values"),
    AGG("count_if", "boolean", "bigint", &count_if_fn, NULL, "Number of TRUE values"),
    AGG("sum", "tinyint", "bigint", &sum_i8_fn, NULL, "Sum"),
    AGG("sum", "smallint", "bigint", &sum_i16_fn, NULL, "Sum"),
    AGG("sum", "integer", "bigint", &sum_i32_fn, NULL, "Sum"),
    AGG("sum", "bigint", "bigint", &sum_i64_fn, NULL, "Sum"),
    AGG("sum", "real", "real", &sum_f64_fn, NULL, "Sum"),
    AGG("sum", "double", "double", &sum_f64_fn, NULL, "Sum"),
    AGG("sum", "decimal", "=decimal(38,s)", &sum_dec_fn, bind_sum_dec, "Sum (decimal(38, s))"),
    AGG("sum", "interval day to second", "interval day to second", &sum_i64_fn, NULL, "Sum"),
    AGG("sum", "interval year to month", "interval year to month", &sum_ym_fn, NULL, "Sum"),
    AGG("avg", "tinyint", "double", &avg_i8_fn, NULL, "Arithmetic mean"),
    AGG("avg", "smallint", "double", &avg_i16_fn, NULL, "Arithmetic mean"),
    AGG("avg", "integer", "double", &avg_i32_fn, NULL, "Arithmetic mean"),
    AGG("avg", "bigint", "double", &avg_i64_fn, NULL, "Arithmetic mean"),
    AGG("avg", "real", "real", &avg_f64_fn, NULL, "Arithmetic mean"),
    AGG("avg", "double", "double", &avg_f64_fn, NULL, "Arithmetic mean"),
    AGG("avg", "decimal", "$0", &avg_dec_fn, NULL, "Arithmetic mean (same decimal type, HALF_UP)"),
    AGG("avg", "interval day to second", "interval day to second", &avg_ds_fn, NULL, "Arithmetic mean"),
    AGG("avg", "interval year to month", "interval year to month", &avg_ym_fn, NULL, "Arithmetic mean"),
    AGG("geometric_mean", "double", "double", &geo_fn, NULL, "Geometric mean"),
    AGG("geometric_mean", "real", "real", &geo_fn, NULL, "Geometric mean"),
    AGG("bitwise_and_agg", "bigint", "bigint", &bit_and_fn, NULL, "Bitwise AND of the values (two's complement)"),
    AGG("bitwise_or_agg", "bigint", "bigint", &bit_or_fn, NULL, "Bitwise OR of the values (two's complement)"),
    AGG("checksum", "any", "varbinary", &checksum_fn, NULL, "Order-insensitive checksum of the values (8 bytes)"),
    AGG("min", "T", "T", NULL, bind_minmax, "Smallest value"),
    AGG("max", "T", "T", NULL, bind_minmax, "Largest value"),
    AGG("arbitrary", "T", "T", &arbitrary_fn, NULL, "Some non-NULL value of the group"),
    AGG("any_value", "T", "T", &arbitrary_fn, NULL, "Some non-NULL value of the group"),
    AGG("max_by", "any,any", "$0", &max_by_fn, NULL, "Value of x where y is largest"),
    AGG("min_by", "any,any", "$0", &min_by_fn, NULL, "Value of x where y is smallest"),
    AGG("bool_and", "boolean", "boolean", &bool_and_fn, NULL, "TRUE when every value is TRUE"),
    AGG("every", "boolean", "boolean", &bool_and_fn, NULL, "Alias of bool_and"),
    AGG("bool_or", "boolean", "boolean", &bool_or_fn, NULL, "TRUE when any value is TRUE"),
    AGG("variance", "double", "double", &var_samp_fn, NULL, "Sample variance"),
    AGG("var_samp", "double", "double", &var_samp_fn, NULL, "Sample variance"),
    AGG("var_pop", "double", "double", &var_pop_fn, NULL, "Population variance"),
    AGG("stddev", "double", "double", &std_samp_fn, NULL, "Sample standard deviation"),
    AGG("stddev_samp", "double", "double", &std_samp_fn, NULL, "Sample standard deviation"),
    AGG("stddev_pop", "double", "double", &std_pop_fn, NULL, "Population standard deviation"),
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
