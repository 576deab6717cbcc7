/* fn_util.c — helpers shared by the scalar implementations: NULL propagation and constant
 * outputs, output string space, integer slot access, type names for messages, and UTF-8
 * code point walking (Trino counts characters as code points). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "function/fn_internal.h"

int mn_fn_floor_to(int64_t a, int64_t b, int64_t *out) {
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0))) q--;
    return __builtin_mul_overflow(q, b, out) ? -1 : 0;
}

int mn_fn_oom(mn_fn_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

static int merge_nulls(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out,
                       const uint8_t **nulls) {
    bool any = false;
    for (int a = 0; a < nargs; a++)
        if (args[a]->nulls) any = true;
    *nulls = NULL;
    if (!any) return 0;
    uint8_t *on = mn_vector_nulls_mut(out);
    if (!on) return mn_fn_oom(ctx);
    bool all = false;
    for (int a = 0; a < nargs; a++) {
        const uint8_t *an = args[a]->nulls;
        if (!an) continue;
        if (args[a]->mask == 0) {
            if (an[0]) all = true;
        } else {
            for (int i = 0; i < count; i++) on[i] |= an[i];
        }
    }
    if (all) {
        memset(on, 1, (size_t)count);
        *nulls = on;
        return 1;
    }
    *nulls = on;
    return 0;
}

int mn_fn_prologue(mn_fn_ctx *ctx, mn_vector **args, int nargs, int *count, mn_vector *out,
                   const uint8_t **nulls) {
    *nulls = NULL;
    if (*count <= 0) return 1; /* no rows: nothing to compute (and nothing may fail) */
    bool all_const = nargs > 0;
    for (int a = 0; a < nargs; a++)
        if (args[a]->mask != 0) all_const = false;
    if (all_const) {
        if (mn_vector_prepare_const(out, ctx->err)) return -1;
        *count = 1;
    }
    return merge_nulls(ctx, args, nargs, *count, out, nulls);
}

int mn_fn_prologue_flat(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out,
                        const uint8_t **nulls) {
    return merge_nulls(ctx, args, nargs, count, out, nulls);
}

int mn_fn_all_null(mn_fn_ctx *ctx, int count, mn_vector *out) {
    uint8_t *on = mn_vector_nulls_mut(out);
    if (!on) return mn_fn_oom(ctx);
    memset(on, 1, (size_t)(count > 0 ? count : 1));
    return 0;
}

int mn_fn_impl_null(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    if (mn_vector_prepare_const(out, ctx->err)) return -1;
    return mn_fn_all_null(ctx, 1, out);
}

char *mn_fn_str_alloc(mn_fn_ctx *ctx, mn_vector *out, size_t n) {
    if (n > MN_FN_MAX_STRING) {
        mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "String result is too long (%zu bytes)", n);
        return NULL;
    }
    char *p = mn_arena_alloc(&out->heap, n ? n : 1);
    if (!p) mn_fn_oom(ctx);
    return p;
}

int64_t mn_fn_get_int(const mn_vector *v, int row) {
    uint32_t i = (uint32_t)row & v->mask;
    switch (mn_type_size(v->type)) {
    case 1:
        if (v->type.id == MN_T_BOOLEAN) return ((const uint8_t *)v->data)[i];
        return ((const int8_t *)v->data)[i];
    case 2: return ((const int16_t *)v->data)[i];
    case 4: return ((const int32_t *)v->data)[i];
    default: return ((const int64_t *)v->data)[i];
    }
}

void mn_fn_put_int(mn_vector *out, int row, int64_t x) {
    uint32_t i = (uint32_t)row & out->mask;
    switch (mn_type_size(out->type)) {
    case 1: ((int8_t *)out->data)[i] = (int8_t)x; break;
    case 2: ((int16_t *)out->data)[i] = (int16_t)x; break;
    case 4: ((int32_t *)out->data)[i] = (int32_t)x; break;
    default: ((int64_t *)out->data)[i] = x; break;
    }
}

void mn_fn_int_range(int type_id, int64_t *lo, int64_t *hi) {
    switch (type_id) {
    case MN_T_TINYINT: *lo = INT8_MIN, *hi = INT8_MAX; break;
    case MN_T_SMALLINT: *lo = INT16_MIN, *hi = INT16_MAX; break;
    case MN_T_INTEGER: *lo = INT32_MIN, *hi = INT32_MAX; break;
    default: *lo = INT64_MIN, *hi = INT64_MAX; break;
    }
}

const char *mn_fn_type_name(mn_type t, char *buf) { return mn_type_name(t, buf, 48); }

const char *mn_fn_type_name_upper(mn_type t, char *buf) {
    switch (t.id) {
    case MN_T_DECIMAL: snprintf(buf, 48, "DECIMAL(%d, %d)", t.precision, t.scale); return buf;
    case MN_T_INTEGER: snprintf(buf, 48, "INTEGER"); return buf;
    default: break;
    }
    mn_type_name(t, buf, 48);
    for (char *p = buf; *p; p++) *p = (char)toupper((unsigned char)*p);
    return buf;
}

/* ---------- UTF-8 ---------- */

int64_t mn_utf8_count(const char *s, size_t n) {
    int64_t c = 0;
    for (size_t i = 0; i < n; i++) c += !mn_utf8_is_cont((unsigned char)s[i]);
    return c;
}

size_t mn_utf8_offset(const char *s, size_t n, int64_t k) {
    size_t i = 0;
    if (k < 0) return SIZE_MAX;
    while (k > 0) {
        if (i >= n) return SIZE_MAX;
        i = mn_utf8_next(s, n, i);
        k--;
    }
    return i <= n ? i : SIZE_MAX;
}

uint32_t mn_utf8_decode(const char *s, size_t n, size_t i, size_t *next) {
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[i];
    size_t len = 1;
    uint32_t cp = c;
    if (c >= 0xC0 && c < 0xE0) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c < 0xF0) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c < 0xF8) len = 4, cp = c & 0x07;
    if (len > 1) {
        if (i + len > n) {
            *next = mn_utf8_next(s, n, i);
            return c;
        }
        for (size_t k = 1; k < len; k++) {
            if (!mn_utf8_is_cont(u[i + k])) {
                *next = i + 1;
                return c;
            }
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
    }
    *next = i + len;
    return cp;
}

size_t mn_utf8_encode(uint32_t cp, char *out) {
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | ((cp >> 18) & 0x07));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

void mn_fn_index_sort(int64_t *a, int64_t *tmp, int64_t n, int (*cmp)(const void *ctx, int64_t x, int64_t y),
                      const void *ctx) {
    if (n < 2) return;
    int64_t h = n / 2;
    mn_fn_index_sort(a, tmp, h, cmp, ctx);
    mn_fn_index_sort(a + h, tmp, n - h, cmp, ctx);
    int64_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = cmp(ctx, a[j], a[i]) < 0 ? a[j++] : a[i++];
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, sizeof(int64_t) * (size_t)n);
}
