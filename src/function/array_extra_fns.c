/* array_extra_fns.c — more ARRAY functions with Trino's semantics and limits:
 * arrays_overlap, repeat, combinations, ngrams, zip, trim_array, shuffle and
 * array_histogram. Each decodes its arguments' canonical encodings into element slots
 * (decoded_array) and encodes the result; element equality is the total order of
 * mn_nested_slot_compare (NaN equal to itself), as DISTINCT uses. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/error.h"
#include "function/nested_fn.h"

/* The elements of one array value: slots and their addresses (NULL for NULL elements). */
typedef struct decoded_array {
    mn_fn_slotbuf *vals;
    const void **ptrs;
    int n;
} decoded_array;

static void da_free(decoded_array *a) {
    free(a->vals);
    free(a->ptrs);
    a->vals = NULL;
    a->ptrs = NULL;
}

static int da_decode(mn_fn_ctx *ctx, mn_type at, mn_str blob, decoded_array *a) {
    mn_nested_block b;
    a->vals = NULL;
    a->ptrs = NULL;
    a->n = 0;
    if (mn_array_view(at, blob, &b)) return mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed array value");
    int cap = b.n ? b.n : 1;
    a->vals = calloc((size_t)cap, sizeof *a->vals);
    a->ptrs = malloc(sizeof *a->ptrs * (size_t)cap);
    if (!a->vals || !a->ptrs) {
        da_free(a);
        return mn_fn_oom(ctx);
    }
    for (int i = 0; i < b.n; i++) {
        mn_block_get(&b, i, &a->vals[i]);
        a->ptrs[i] = mn_block_is_null(&b, i) ? NULL : &a->vals[i];
    }
    a->n = b.n;
    return 0;
}

/* Encodes slots[0..n) as an ARRAY(elem) into out row `row`. */
static int put_array(mn_fn_ctx *ctx, mn_vector *out, int row, mn_type elem, const void *const *slots, int n) {
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = mn_nested_encode_array(&sb, elem, n, slots, ctx->err);
    if (rc == 0) rc = mn_fn_put_blob(ctx, out, row, &sb);
    mn_strbuf_free(&sb);
    return rc;
}

/* Builds an ARRAY(ARRAY(elem)) from inner arrays appended one by one (their encodings are
 * kept in one buffer; offsets become slots at the end). */
typedef struct nested_out {
    mn_strbuf buf;
    size_t *off, *len;
    int n, cap;
} nested_out;

static int no_add(mn_fn_ctx *ctx, nested_out *o, mn_type elem, const void *const *slots, int n) {
    if (o->n == o->cap) {
        int cap = o->cap ? o->cap * 2 : 16;
        size_t *a = realloc(o->off, sizeof *a * (size_t)cap);
        if (!a) return mn_fn_oom(ctx);
        o->off = a;
        size_t *l = realloc(o->len, sizeof *l * (size_t)cap);
        if (!l) return mn_fn_oom(ctx);
        o->len = l;
        o->cap = cap;
    }
    size_t at = o->buf.len;
    if (mn_nested_encode_array(&o->buf, elem, n, slots, ctx->err)) return -1;
    o->off[o->n] = at;
    o->len[o->n++] = o->buf.len - at;
    return 0;
}

static int no_finish(mn_fn_ctx *ctx, nested_out *o, mn_vector *out, int row) {
    if (o->buf.oom) return mn_fn_oom(ctx);
    int n = o->n;
    mn_str *s = malloc(sizeof *s * (size_t)(n ? n : 1));
    const void **p = malloc(sizeof *p * (size_t)(n ? n : 1));
    int rc = 0;
    if (!s || !p) rc = mn_fn_oom(ctx);
    for (int k = 0; k < n && !rc; k++) {
        s[k] = (mn_str){o->buf.data + o->off[k], (uint32_t)o->len[k]};
        p[k] = &s[k];
    }
    if (!rc) rc = put_array(ctx, out, row, mn_type_elem(out->type), p, n);
    free(s);
    free(p);
    return rc;
}

static void no_free(nested_out *o) {
    mn_strbuf_free(&o->buf);
    free(o->off);
    free(o->len);
}

/* ---------- arrays_overlap ---------- */

static int fn_arrays_overlap(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    uint8_t *r = out->data;
    mn_type et = mn_type_elem(args[0]->type);
    MN_FN_EACH_ROW(i) {
        decoded_array a, b;
        if (da_decode(ctx, args[0]->type, MN_SLOT(args[0], mn_str, i), &a)) return -1;
        if (da_decode(ctx, args[1]->type, MN_SLOT(args[1], mn_str, i), &b)) {
            da_free(&a);
            return -1;
        }
        bool hit = false, has_null = false;
        for (int x = 0; x < a.n && !hit; x++) {
            if (!a.ptrs[x]) {
                has_null = true;
                continue;
            }
            for (int y = 0; y < b.n && !hit; y++) {
                if (!b.ptrs[y]) has_null = true;
                else if (mn_nested_slot_compare(et, a.ptrs[x], b.ptrs[y]) == 0) hit = true;
            }
        }
        for (int y = 0; y < b.n; y++) has_null = has_null || !b.ptrs[y];
        da_free(&a);
        da_free(&b);
        if (hit) r[i] = 1;
        else if (has_null && a.n && b.n) {
            uint8_t *nm = mn_vector_nulls_mut(out);
            if (!nm) return mn_fn_oom(ctx);
            nm[i] = 1;
        } else r[i] = 0;
    }
    return 0;
}

/* ---------- repeat(element, count) ---------- */

#define MAX_REPEAT 10000

static int fn_repeat(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    /* a NULL element is repeated; only a NULL count gives NULL */
    const uint8_t *nulls;
    int rc = mn_fn_prologue_flat(ctx, args + 1, 1, count, out, &nulls);
    if (rc) return rc < 0 ? -1 : 0;
    const void **p = malloc(sizeof *p * MAX_REPEAT);
    if (!p) return mn_fn_oom(ctx);
    MN_FN_EACH_ROW(i) {
        int64_t n = MN_SLOT(args[1], int64_t, i);
        if (n > MAX_REPEAT) {
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                              "count argument of repeat function must be less than or equal to %d", MAX_REPEAT);
            break;
        }
        if (n < 0) {
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT,
                              "count argument of repeat function must be greater than or equal to 0");
            break;
        }
        const void *slot = mn_vector_is_null(args[0], i) ? NULL : mn_fn_slot(args[0], i);
        for (int64_t k = 0; k < n; k++) p[k] = slot;
        if ((rc = put_array(ctx, out, i, args[0]->type, p, (int)n))) break;
    }
    free(p);
    return rc;
}

/* ---------- combinations(array, n) ---------- */

#define MAX_COMBINATION 5
#define MAX_RESULT_ELEMENTS 100000

static int fn_combinations(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    mn_type et = mn_type_elem(args[0]->type);
    MN_FN_EACH_ROW(i) {
        int64_t k = mn_fn_get_int(args[1], i);
        if (k < 0)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "combination size must not be negative: %lld",
                                (long long)k);
        if (k > MAX_COMBINATION)
            return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "combination size must not exceed %d: %lld",
                                MAX_COMBINATION, (long long)k);
        decoded_array a;
        if (da_decode(ctx, args[0]->type, MN_SLOT(args[0], mn_str, i), &a)) return -1;
        nested_out o = {0};
        mn_strbuf_init(&o.buf);
        int rc = 0;
        if (k <= a.n) {
            /* C(n, k) * k elements; with n <= 100000 and k <= 5 it fits 128 bits */
            mn_i128 total = 1;
            if (k > 0 && a.n > MAX_RESULT_ELEMENTS) total = MAX_RESULT_ELEMENTS + 1;
            else
                for (int64_t j = 0; j < k; j++) total = total * (a.n - j) / (j + 1);
            if (total * k > MAX_RESULT_ELEMENTS)
                rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "combinations exceed max size");
            int ids[MAX_COMBINATION];
            const void *sel[MAX_COMBINATION];
            for (int j = 0; j < k; j++) ids[j] = j;
            /* Trino's order: the last index moves slowest ([a,b], [a,c], [b,c], [a,d], ...) */
            while (!rc) {
                for (int j = 0; j < k; j++) sel[j] = a.ptrs[ids[j]];
                if ((rc = no_add(ctx, &o, et, sel, (int)k))) break;
                int j = 0;
                while (j < k && ids[j] + 1 == (j + 1 < k ? ids[j + 1] : a.n)) j++;
                if (j >= k) break;
                ids[j]++;
                for (int m = 0; m < j; m++) ids[m] = m;
            }
        }
        if (!rc) rc = no_finish(ctx, &o, out, i);
        no_free(&o);
        da_free(&a);
        if (rc) return rc;
    }
    return 0;
}

/* ---------- ngrams(array, n) ---------- */

static int fn_ngrams(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    mn_type et = mn_type_elem(args[0]->type);
    MN_FN_EACH_ROW(i) {
        int64_t n = mn_fn_get_int(args[1], i);
        if (n <= 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "N must be positive");
        decoded_array a;
        if (da_decode(ctx, args[0]->type, MN_SLOT(args[0], mn_str, i), &a)) return -1;
        nested_out o = {0};
        mn_strbuf_init(&o.buf);
        int rc = 0;
        if (n >= a.n) rc = no_add(ctx, &o, et, a.ptrs, a.n); /* the whole array, also when empty */
        else
            for (int s = 0; s + n <= a.n && !rc; s++) rc = no_add(ctx, &o, et, a.ptrs + s, (int)n);
        if (!rc) rc = no_finish(ctx, &o, out, i);
        no_free(&o);
        da_free(&a);
        if (rc) return rc;
    }
    return 0;
}

/* ---------- zip(array1, array2, ...) ---------- */

#define MAX_ZIP 5

static int bind_zip(mn_fn_binding *b, mn_error *err) {
    mn_type fields[MAX_ZIP];
    bool ok = b->nargs >= 2 && b->nargs <= MAX_ZIP;
    for (int k = 0; ok && k < b->nargs; k++) {
        if (b->args[k]->type.id == MN_T_UNKNOWN) { /* a NULL literal: an array(unknown) */
            mn_type au;
            if (mn_type_make_array(b->args[k]->type, &au))
                return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            if (mn_func_coerce(b->arena, b->args[k], au, &b->args[k], err)) return -1;
        }
        if (b->args[k]->type.id != MN_T_ARRAY) ok = false;
        else fields[k] = mn_type_elem(b->args[k]->type);
    }
    if (!ok) {
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        for (int k = 0; k < b->nargs; k++) {
            char tn[256];
            mn_strbuf_printf(&sb, "%s%s", k ? ", " : "", mn_type_name(b->args[k]->type, tn, sizeof tn));
        }
        int rc = mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, b->pos.line, b->pos.column,
                                  "Unexpected parameters (%s) for function zip. Expected: zip(array(T1), array(T2), "
                                  "...) with 2 to %d arrays",
                                  sb.data ? sb.data : "", MAX_ZIP);
        mn_strbuf_free(&sb);
        return rc;
    }
    mn_type row, arr;
    if (mn_type_make_row(b->nargs, fields, NULL, &row) || mn_type_make_array(row, &arr))
        return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    b->ret = arr;
    return 0;
}

static int fn_zip(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    mn_type row = mn_type_elem(out->type);
    MN_FN_EACH_ROW(i) {
        decoded_array a[MAX_ZIP];
        int rc = 0, got = 0, len = 0;
        for (; got < nargs && !rc; got++) {
            rc = da_decode(ctx, args[got]->type, MN_SLOT(args[got], mn_str, i), &a[got]);
            if (!rc && a[got].n > len) len = a[got].n;
        }
        if (rc) got--;
        nested_out o = {0};
        mn_strbuf_init(&o.buf);
        for (int e = 0; e < len && !rc; e++) {
            const void *f[MAX_ZIP];
            for (int k = 0; k < nargs; k++) f[k] = e < a[k].n ? a[k].ptrs[e] : NULL;
            size_t at = o.buf.len;
            if (mn_nested_encode_row(&o.buf, row, f, ctx->err)) rc = -1;
            else if (o.n == o.cap) {
                int cap = o.cap ? o.cap * 2 : 16;
                size_t *x = realloc(o.off, sizeof *x * (size_t)cap), *y = x ? realloc(o.len, sizeof *y * (size_t)cap) : NULL;
                if (x) o.off = x;
                if (y) o.len = y;
                if (!x || !y) rc = mn_fn_oom(ctx);
                else o.cap = cap;
            }
            if (!rc) {
                o.off[o.n] = at;
                o.len[o.n++] = o.buf.len - at;
            }
        }
        if (!rc) rc = no_finish(ctx, &o, out, i);
        no_free(&o);
        for (int k = 0; k < got; k++) da_free(&a[k]);
        if (rc) return rc;
    }
    return 0;
}

/* ---------- trim_array(array, n) ---------- */

static int fn_trim_array(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    mn_type et = mn_type_elem(args[0]->type);
    MN_FN_EACH_ROW(i) {
        int64_t n = MN_SLOT(args[1], int64_t, i);
        if (n < 0) return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "size must not be negative: %lld", (long long)n);
        decoded_array a;
        if (da_decode(ctx, args[0]->type, MN_SLOT(args[0], mn_str, i), &a)) return -1;
        int rc = 0;
        if (n > a.n)
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "size must not exceed array cardinality %d: %lld", a.n,
                              (long long)n);
        else rc = put_array(ctx, out, i, et, a.ptrs, a.n - (int)n);
        da_free(&a);
        if (rc) return rc;
    }
    return 0;
}

/* ---------- shuffle(array) ---------- */

static _Thread_local uint64_t shuffle_state;

static uint64_t shuffle_next(void) {
    if (shuffle_state == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        shuffle_state = mn_hash_u64((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)(uintptr_t)&ts) | 1;
    }
    /* xorshift64* */
    shuffle_state ^= shuffle_state >> 12;
    shuffle_state ^= shuffle_state << 25;
    shuffle_state ^= shuffle_state >> 27;
    return shuffle_state * 0x2545F4914F6CDD1Du;
}

static int fn_shuffle(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    const uint8_t *nulls;
    int rc = mn_fn_prologue_flat(ctx, args, 1, count, out, &nulls);
    if (rc) return rc < 0 ? -1 : 0;
    mn_type et = mn_type_elem(args[0]->type);
    MN_FN_EACH_ROW(i) {
        decoded_array a;
        if (da_decode(ctx, args[0]->type, MN_SLOT(args[0], mn_str, i), &a)) return -1;
        for (int k = a.n - 1; k > 0; k--) { /* Fisher-Yates */
            int j = (int)(shuffle_next() % (uint64_t)(k + 1));
            const void *t = a.ptrs[k];
            a.ptrs[k] = a.ptrs[j];
            a.ptrs[j] = t;
        }
        rc = put_array(ctx, out, i, et, a.ptrs, a.n);
        da_free(&a);
        if (rc) return rc;
    }
    return 0;
}

/* ---------- array_histogram(array) ---------- */

static int cmp_slots(const void *a, const void *b, void *type) {
    return mn_nested_slot_compare(*(const mn_type *)type, *(const void *const *)a, *(const void *const *)b);
}

static int fn_array_histogram(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_type et = mn_type_elem(args[0]->type);
    MN_FN_EACH_ROW(i) {
        decoded_array a;
        if (da_decode(ctx, args[0]->type, MN_SLOT(args[0], mn_str, i), &a)) return -1;
        int n = a.n ? a.n : 1;
        const void **keys = malloc(sizeof *keys * (size_t)n), **vals = malloc(sizeof *vals * (size_t)n);
        int64_t *cnt = malloc(sizeof *cnt * (size_t)n);
        int rc = (!keys || !vals || !cnt) ? mn_fn_oom(ctx) : 0, nk = 0, nn = 0;
        /* sort the non-NULL elements, then count runs of equal ones */
        for (int e = 0; e < a.n && !rc; e++)
            if (a.ptrs[e]) keys[nn++] = a.ptrs[e];
        if (!rc && nn > 1) qsort_r(keys, (size_t)nn, sizeof *keys, cmp_slots, &et);
        for (int e = 0; e < nn && !rc; e++) {
            if (nk && mn_nested_slot_compare(et, keys[nk - 1], keys[e]) == 0) {
                cnt[nk - 1]++;
                continue;
            }
            keys[nk] = keys[e];
            cnt[nk++] = 1;
        }
        for (int k = 0; k < nk; k++) vals[k] = &cnt[k];
        if (!rc) {
            mn_strbuf sb;
            mn_strbuf_init(&sb);
            rc = mn_nested_encode_map(&sb, out->type, nk, keys, vals, ctx->err);
            if (rc == 0) rc = mn_fn_put_blob(ctx, out, i, &sb);
            mn_strbuf_free(&sb);
        }
        free(keys);
        free(vals);
        free(cnt);
        da_free(&a);
        if (rc) return rc;
    }
    return 0;
}

const mn_fn_entry mn_fn_array_extra_table[] = {
    {"arrays_overlap", "array(T),array(T)", "boolean", fn_arrays_overlap, NULL,
     "Whether the arrays share a non-NULL element (NULL when not, but either holds a NULL)", 0, NULL},
    {"repeat", "T,bigint", "array(T)", fn_repeat, NULL, "An array of count copies of element", 0, NULL},
    {"combinations", "array(T),integer", "array(array(T))", fn_combinations, NULL,
     "The n-element subsets of the array (n <= 5)", 0, NULL},
    {"ngrams", "array(T),integer", "array(array(T))", fn_ngrams, NULL, "The n-grams (runs of n adjacent elements)", 0,
     NULL},
    {"zip", "any,any", "=array(row(T1,T2))", fn_zip, bind_zip, "Merges arrays element-wise into an array of rows", 0,
     NULL},
    {"zip", "any,any,any", "=array(row(T1,T2,T3))", fn_zip, bind_zip,
     "Merges arrays element-wise into an array of rows", 0, NULL},
    {"zip", "any,any,any,any", "=array(row(T1,T2,T3,T4))", fn_zip, bind_zip,
     "Merges arrays element-wise into an array of rows", 0, NULL},
    {"zip", "any,any,any,any,any", "=array(row(T1,T2,T3,T4,T5))", fn_zip, bind_zip,
     "Merges arrays element-wise into an array of rows", 0, NULL},
    {"trim_array", "array(T),bigint", "array(T)", fn_trim_array, NULL, "Removes n elements from the end", 0, NULL},
    {"shuffle", "array(T)", "array(T)", fn_shuffle, NULL, "A random permutation of the array", MN_FN_VOLATILE, NULL},
    {"array_histogram", "array(T)", "map(T,bigint)", fn_array_histogram, NULL,
     "Map from each distinct non-NULL element to its number of occurrences", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
