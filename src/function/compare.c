/* compare.c — comparison operators (= <> < <= > >=), IS DISTINCT FROM, greatest/least and
 * nullif over every scalar type. Both operands have one type T (the registry coerced them);
 * the implementation is picked per T's physical layout at bind time. Strings compare by
 * bytes (= code point order for UTF-8); CHAR(n) values compare as if padded with spaces;
 * REAL/DOUBLE follow IEEE (NaN is unequal to everything, but not distinct from NaN);
 * greatest/least skip NaN unless every argument is NaN, as current Trino does. */
#include <math.h>
#include <string.h>

#include "common/error.h"
#include "function/fn_internal.h"
#include "function/nested_fn.h"

#define PROLOGUE(n) MN_FN_PROLOGUE(n)
#define EACH_ROW(i) MN_FN_EACH_ROW(i)

enum { K_U8, K_I8, K_I16, K_I32, K_I64, K_F32, K_F64, K_I128, K_STR, K_CHAR, K_UNKNOWN, K_TSTZ, K__N };

static int kind_of(mn_type t) {
    switch (t.id) {
    case MN_T_BOOLEAN: return K_U8;
    case MN_T_TINYINT: return K_I8;
    case MN_T_SMALLINT: return K_I16;
    case MN_T_INTEGER:
    case MN_T_DATE:
    case MN_T_INTERVAL_YM: return K_I32;
    case MN_T_BIGINT:
    case MN_T_TIMESTAMP:
    case MN_T_TIME:
    case MN_T_INTERVAL_DS: return K_I64;
    case MN_T_TIMESTAMP_TZ: return K_TSTZ; /* by instant: same instant in two zones is equal */
    case MN_T_REAL: return K_F32;
    case MN_T_DOUBLE: return K_F64;
    case MN_T_DECIMAL: return K_I128;
    case MN_T_VARCHAR:
    case MN_T_VARBINARY: /* bytes, unsigned */
    case MN_T_JSON: return K_STR;
    case MN_T_CHAR: return K_CHAR;
    case MN_T_ARRAY: /* canonical bytes: distinctness is byte inequality; = and < are bound apart */
    case MN_T_MAP:
    case MN_T_ROW: return K_STR;
    default: return K_UNKNOWN;
    }
}

/* ---------- string ordering ---------- */

static inline int str_cmp(mn_str a, mn_str b) {
    uint32_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
    if (c) return c;
    return a.len < b.len ? -1 : a.len > b.len;
}

/* CHAR semantics: the shorter value is compared as if padded with spaces. */
static inline int char_cmp(mn_str a, mn_str b) {
    uint32_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
    if (c) return c;
    const mn_str *l = a.len > b.len ? &a : &b;
    int sign = a.len > b.len ? 1 : -1;
    for (uint32_t i = n; i < l->len; i++) {
        unsigned char ch = (unsigned char)l->ptr[i];
        if (ch != ' ') return ch > ' ' ? sign : -sign;
    }
    return 0;
}

static inline bool str_eq(mn_str a, mn_str b) { return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0); }

/* ---------- comparison operators ---------- */

/* KEY maps a slot to what is compared: the value, or a timestamp with time zone's instant */
#define KEY_ID(v) (v)
#define KEY_INSTANT(v) ((v) >> 16)
#define DEF_CMP_NUM(K, T, KEY)                                                                        \
    static int eq_##K(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {     \
        PROLOGUE(2);                                                                               \
        MN_FN_BIN_LOOP(T, T, uint8_t, r_[i] = KEY(x) == KEY(y));                                  \
        return 0;                                                                                  \
    }                                                                                              \
    static int ne_##K(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {     \
        PROLOGUE(2);                                                                               \
        MN_FN_BIN_LOOP(T, T, uint8_t, r_[i] = KEY(x) != KEY(y));                                  \
        return 0;                                                                                  \
    }                                                                                              \
    static int lt_##K(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {     \
        PROLOGUE(2);                                                                               \
        MN_FN_BIN_LOOP(T, T, uint8_t, r_[i] = KEY(x) < KEY(y));                                   \
        return 0;                                                                                  \
    }                                                                                              \
    static int le_##K(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {     \
        PROLOGUE(2);                                                                               \
        MN_FN_BIN_LOOP(T, T, uint8_t, r_[i] = KEY(x) <= KEY(y));                                  \
        return 0;                                                                                  \
    }                                                                                              \
    static int gt_##K(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {     \
        PROLOGUE(2);                                                                               \
        MN_FN_BIN_LOOP(T, T, uint8_t, r_[i] = KEY(x) > KEY(y));                                   \
        return 0;                                                                                  \
    }                                                                                              \
    static int ge_##K(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {     \
        PROLOGUE(2);                                                                               \
        MN_FN_BIN_LOOP(T, T, uint8_t, r_[i] = KEY(x) >= KEY(y));                                  \
        return 0;                                                                                  \
    }

DEF_CMP_NUM(u8, uint8_t, KEY_ID)
DEF_CMP_NUM(i8, int8_t, KEY_ID)
DEF_CMP_NUM(i16, int16_t, KEY_ID)
DEF_CMP_NUM(i32, int32_t, KEY_ID)
DEF_CMP_NUM(i64, int64_t, KEY_ID)
DEF_CMP_NUM(f32, float, KEY_ID)
DEF_CMP_NUM(f64, double, KEY_ID)
DEF_CMP_NUM(i128, mn_i128, KEY_ID)
DEF_CMP_NUM(tstz, mn_i128, KEY_INSTANT)

/* Strings: NULL rows hold no valid pointers, so they are skipped. */
#define DEF_CMP_STR(K, EXPR)                                                                       \
    static int K(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {          \
        PROLOGUE(2);                                                                               \
        uint8_t *r = out->data;                                                                    \
        const mn_vector *va = args[0], *vb = args[1];                                              \
        EACH_ROW(i) {                                                                              \
            mn_str x = MN_SLOT(va, mn_str, i), y = MN_SLOT(vb, mn_str, i);                         \
            r[i] = (uint8_t)(EXPR);                                                                \
        }                                                                                          \
        return 0;                                                                                  \
    }

DEF_CMP_STR(eq_str, str_eq(x, y))
DEF_CMP_STR(ne_str, !str_eq(x, y))
DEF_CMP_STR(lt_str, str_cmp(x, y) < 0)
DEF_CMP_STR(le_str, str_cmp(x, y) <= 0)
DEF_CMP_STR(gt_str, str_cmp(x, y) > 0)
DEF_CMP_STR(ge_str, str_cmp(x, y) >= 0)
DEF_CMP_STR(eq_char, char_cmp(x, y) == 0)
DEF_CMP_STR(ne_char, char_cmp(x, y) != 0)
DEF_CMP_STR(lt_char, char_cmp(x, y) < 0)
DEF_CMP_STR(le_char, char_cmp(x, y) <= 0)
DEF_CMP_STR(gt_char, char_cmp(x, y) > 0)
DEF_CMP_STR(ge_char, char_cmp(x, y) >= 0)

#define CMP_ROW(OP) \
    {OP##_u8, OP##_i8, OP##_i16, OP##_i32, OP##_i64, OP##_f32, OP##_f64, OP##_i128, OP##_str, OP##_char, mn_fn_impl_null, OP##_tstz}

enum { C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE };
static const mn_scalar_impl cmp_impls[6][K__N] = {CMP_ROW(eq), CMP_ROW(ne), CMP_ROW(lt),
                                                  CMP_ROW(le), CMP_ROW(gt), CMP_ROW(ge)};

static int bind_cmp(mn_fn_binding *b, int op, mn_error *err) {
    if (op >= C_LT && b->args[0]->type.id == MN_T_JSON) /* json is comparable, not orderable */
        return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, b->pos.line, b->pos.column,
                                "Cannot apply operator: json %s json", b->entry->name);
    mn_type t = b->args[0]->type;
    if (mn_type_is_nested(t)) {
        /* Trino: maps are comparable but not orderable */
        if (op >= C_LT && mn_type_has_map(t)) {
            char b1[256];
            mn_type_name(t, b1, sizeof b1);
            return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, b->pos.line, b->pos.column,
                                    "Cannot apply operator: %s %s %s", b1, b->entry->name, b1);
        }
        b->impl = mn_fn_nested_cmp_impl(op);
        return 0;
    }
    b->impl = cmp_impls[op][kind_of(b->args[0]->type)];
    return 0;
}
static int bind_eq(mn_fn_binding *b, mn_error *err) { return bind_cmp(b, C_EQ, err); }
static int bind_ne(mn_fn_binding *b, mn_error *err) { return bind_cmp(b, C_NE, err); }
static int bind_lt(mn_fn_binding *b, mn_error *err) { return bind_cmp(b, C_LT, err); }
static int bind_le(mn_fn_binding *b, mn_error *err) { return bind_cmp(b, C_LE, err); }
static int bind_gt(mn_fn_binding *b, mn_error *err) { return bind_cmp(b, C_GT, err); }
static int bind_ge(mn_fn_binding *b, mn_error *err) { return bind_cmp(b, C_GE, err); }

/* ---------- IS DISTINCT FROM (never NULL) ---------- */

/* Whether two non-NULL slots of type t hold different values (NaN is not distinct from NaN). */
static bool slot_distinct(int kind, const void *a, const void *b) {
    switch (kind) {
    case K_U8:
    case K_I8: return *(const uint8_t *)a != *(const uint8_t *)b;
    case K_I16: return *(const int16_t *)a != *(const int16_t *)b;
    case K_I32: return *(const int32_t *)a != *(const int32_t *)b;
    case K_I64: return *(const int64_t *)a != *(const int64_t *)b;
    case K_F32: {
        float x = *(const float *)a, y = *(const float *)b;
        return isnan(x) ? !isnan(y) : x != y;
    }
    case K_F64: {
        double x = *(const double *)a, y = *(const double *)b;
        return isnan(x) ? !isnan(y) : x != y;
    }
    case K_I128: {
        mn_i128 x, y;
        memcpy(&x, a, sizeof x);
        memcpy(&y, b, sizeof y);
        return x != y;
    }
    case K_TSTZ: {
        mn_i128 x, y;
        memcpy(&x, a, sizeof x);
        memcpy(&y, b, sizeof y);
        return (x >> 16) != (y >> 16);
    }
    case K_STR: return !str_eq(*(const mn_str *)a, *(const mn_str *)b);
    case K_CHAR: return char_cmp(*(const mn_str *)a, *(const mn_str *)b) != 0;
    default: return false;
    }
}

static int distinct_from(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_vector *a = args[0], *b = args[1];
    if (a->mask == 0 && b->mask == 0) {
        if (mn_vector_prepare_const(out, ctx->err)) return -1;
        count = 1;
    }
    mn_type t = a->type;
    int kind = kind_of(t);
    size_t sz = mn_type_size(t);
    uint8_t *r = out->data;
    for (int i = 0; i < count; i++) {
        bool na = mn_vector_is_null(a, i), nb = mn_vector_is_null(b, i);
        if (na || nb || kind == K_UNKNOWN) {
            r[i] = (uint8_t)(na != nb);
            continue;
        }
        const char *pa = (const char *)a->data + sz * ((uint32_t)i & a->mask);
        const char *pb = (const char *)b->data + sz * ((uint32_t)i & b->mask);
        r[i] = slot_distinct(kind, pa, pb);
    }
    return 0;
}

/* ---------- greatest / least ---------- */

static int slot_order(int kind, mn_type t, const void *a, const void *b) {
    if (kind == K_CHAR) return char_cmp(*(const mn_str *)a, *(const mn_str *)b);
    return mn_slot_compare(t, a, b);
}

static int greatest_least(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out, int sign) {
    PROLOGUE(nargs);
    mn_type t = out->type;
    int kind = kind_of(t);
    size_t sz = mn_type_size(t);
    EACH_ROW(i) {
        const char *best = NULL;
        bool best_nan = false;
        for (int k = 0; k < nargs; k++) {
            const char *p = (const char *)args[k]->data + sz * ((uint32_t)i & args[k]->mask);
            /* as current Trino (MinMaxCompare): NaN loses to every other value */
            bool nan = (kind == K_F64 && isnan(*(const double *)p)) || (kind == K_F32 && isnan(*(const float *)p));
            if (nan) {
                if (!best) best = p, best_nan = true;
                continue;
            }
            if (!best || best_nan || sign * slot_order(kind, t, p, best) > 0) best = p, best_nan = false;
        }
        memcpy((char *)out->data + sz * (size_t)i, best, sz);
    }
    return 0;
}
static int greatest(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return greatest_least(c, a, n, k, o, 1); }
static int least(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return greatest_least(c, a, n, k, o, -1); }

static int bind_greatest(mn_fn_binding *b, mn_error *err) {
    if (b->ret.id == MN_T_JSON) /* json is comparable, not orderable */
        return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, b->pos.line, b->pos.column,
                                "Unexpected parameters (json) for function %s. Expected: %s(E) E:orderable",
                                b->entry->name, b->entry->name);
    if (b->ret.id == MN_T_UNKNOWN) b->impl = mn_fn_impl_null;
    return 0;
}

/* ---------- nullif(a, b): a, or NULL when a = b ---------- */

/* args: [a, b] when both have one type, else [a, a', b'] with a', b' in the common type. */
static int nullif_impl(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    mn_vector *a = args[0], *x = args[nargs - 2], *y = args[nargs - 1];
    bool all_const = true;
    for (int k = 0; k < nargs; k++)
        if (args[k]->mask) all_const = false;
    if (all_const) {
        if (mn_vector_prepare_const(out, ctx->err)) return -1;
        count = 1;
    }
    mn_type ct = x->type;
    int kind = kind_of(ct);
    size_t sz = mn_type_size(ct), asz = mn_type_size(a->type);
    for (int i = 0; i < count; i++) {
        bool null_out = mn_vector_is_null(a, i);
        if (!null_out && kind != K_UNKNOWN && !mn_vector_is_null(x, i) && !mn_vector_is_null(y, i)) {
            const char *px = (const char *)x->data + sz * ((uint32_t)i & x->mask);
            const char *py = (const char *)y->data + sz * ((uint32_t)i & y->mask);
            bool eq = !slot_distinct(kind, px, py);
            if ((kind == K_F32 && isnan(*(const float *)px)) || (kind == K_F64 && isnan(*(const double *)px)))
                eq = false; /* = is false for NaN */
            null_out = eq;
        }
        if (null_out) {
            mn_vector_set_null(out, i);
            if (!out->nulls) return mn_fn_oom(ctx);
            continue;
        }
        memcpy((char *)out->data + asz * (size_t)i, (const char *)a->data + asz * ((uint32_t)i & a->mask), asz);
    }
    return 0;
}

static int bind_nullif(mn_fn_binding *b, mn_error *err) {
    mn_type ta = b->args[0]->type, tb = b->args[1]->type, s;
    b->ret = ta;
    if (mn_type_equal(ta, tb)) return 0;
    char b1[48], b2[48];
    if (!mn_type_common_super(ta, tb, &s))
        return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, b->pos.line, b->pos.column,
                                "Types are not comparable with NULLIF: %s vs %s", mn_fn_type_name(ta, b1),
                                mn_fn_type_name(tb, b2));
    mn_expr **na = mn_arena_alloc(b->arena, 3 * sizeof *na);
    if (!na) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    na[0] = b->args[0];
    if (mn_func_coerce(b->arena, b->args[0], s, &na[1], err) || mn_func_coerce(b->arena, b->args[1], s, &na[2], err))
        return -1;
    b->args = na;
    b->nargs = 3;
    return 0;
}

/* ---------- table ---------- */

#define OPR MN_FN_OPERATOR
const mn_fn_entry mn_fn_compare_table[] = {
    {"=", "T,T", "boolean", NULL, bind_eq, "Equality", OPR, NULL},
    {"<>", "T,T", "boolean", NULL, bind_ne, "Inequality", OPR, NULL},
    {"<", "T,T", "boolean", NULL, bind_lt, "Less than", OPR, NULL},
    {"<=", "T,T", "boolean", NULL, bind_le, "Less than or equal", OPR, NULL},
    {">", "T,T", "boolean", NULL, bind_gt, "Greater than", OPR, NULL},
    {">=", "T,T", "boolean", NULL, bind_ge, "Greater than or equal", OPR, NULL},
    {"is_distinct_from", "T,T", "boolean", distinct_from, NULL, "NULL-safe inequality (never NULL)", OPR, NULL},
    {"greatest", "T...", "T", greatest, bind_greatest, "Largest of the arguments (NULL if any is NULL)", 0, NULL},
    {"least", "T...", "T", least, bind_greatest, "Smallest of the arguments (NULL if any is NULL)", 0, NULL},
    {"nullif", "any,any", "$0", nullif_impl, bind_nullif, "NULL when both arguments are equal, else the first", 0,
     NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
