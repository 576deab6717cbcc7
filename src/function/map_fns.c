/* map_fns.c — MAP functions with Trino's semantics: the map(keys, values) constructor,
 * map_from_entries, map_entries, map_keys, map_values, cardinality and map_concat.
 * Maps are stored sorted by key (types/nested.h), so keys come out in key order. */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "function/nested_fn.h"

static int malformed(mn_fn_ctx *ctx) { return mn_error_set(ctx->err, MN_ERR_INTERNAL, "malformed map value"); }

/* Gets every slot of a block into vals and their addresses (NULL for NULL values). */
static int load(mn_fn_ctx *ctx, const mn_nested_block *b, mn_fn_slotbuf **vals, const void ***ptrs, int *cap) {
    if (b->n > *cap) {
        int c = b->n;
        mn_fn_slotbuf *v = realloc(*vals, sizeof **vals * (size_t)c);
        if (!v) return mn_fn_oom(ctx);
        *vals = v;
        const void **p = realloc(*ptrs, sizeof **ptrs * (size_t)c);
        if (!p) return mn_fn_oom(ctx);
        *ptrs = p;
        *cap = c;
    }
    for (int i = 0; i < b->n; i++) {
        mn_block_get(b, i, &(*vals)[i]);
        (*ptrs)[i] = mn_block_is_null(b, i) ? NULL : &(*vals)[i];
    }
    return 0;
}

typedef struct kv {
    mn_fn_slotbuf *kvals, *vvals;
    const void **kptrs, **vptrs;
    int kcap, vcap;
} kv;

static void kv_free(kv *k) {
    free(k->kvals);
    free(k->vvals);
    free(k->kptrs);
    free(k->vptrs);
}

static int put_map(mn_fn_ctx *ctx, mn_vector *out, int row, int n, const void **keys, const void **vals) {
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = mn_nested_encode_map(&sb, out->type, n, keys, vals, ctx->err);
    if (rc == 0) rc = mn_fn_put_blob(ctx, out, row, &sb);
    mn_strbuf_free(&sb);
    return rc;
}

/* ---------- map(), map(keys, values) ---------- */

static int map_empty(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    if (mn_vector_prepare_const(out, ctx->err)) return -1;
    return put_map(ctx, out, 0, 0, NULL, NULL);
}

static int map_ctor(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    kv k = {0};
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        mn_nested_block kb, vb;
        if (mn_array_view(args[0]->type, mn_fn_blob(args[0], i), &kb) ||
            mn_array_view(args[1]->type, mn_fn_blob(args[1], i), &vb)) {
            rc = malformed(ctx);
            break;
        }
        if (kb.n != vb.n) {
            rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Key and value arrays must be the same length");
            break;
        }
        if ((rc = load(ctx, &kb, &k.kvals, &k.kptrs, &k.kcap)) || (rc = load(ctx, &vb, &k.vvals, &k.vptrs, &k.vcap)))
            break;
        if ((rc = put_map(ctx, out, i, kb.n, k.kptrs, k.vptrs))) break;
    }
    kv_free(&k);
    return rc;
}

/* Keys must be comparable: every type here is (maps included, by value). */
static int bind_map_ctor(mn_fn_binding *b, mn_error *err) { return 0; }

/* ---------- map_from_entries, map_entries ---------- */

static int map_from_entries_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_type at = args[0]->type, rt = mn_type_elem(at);
    kv k = {0};
    mn_fn_slotbuf *rows = NULL;
    const void **rptrs = NULL;
    int rcap = 0, rc = 0;
    MN_FN_EACH_ROW(i) {
        mn_nested_block b;
        if (mn_array_view(at, mn_fn_blob(args[0], i), &b)) {
            rc = malformed(ctx);
            break;
        }
        if ((rc = load(ctx, &b, &rows, &rptrs, &rcap))) break;
        if (b.n > k.kcap) {
            mn_fn_slotbuf *kv_ = realloc(k.kvals, sizeof *kv_ * (size_t)b.n);
            if (kv_) k.kvals = kv_;
            mn_fn_slotbuf *vv = realloc(k.vvals, sizeof *vv * (size_t)b.n);
            if (vv) k.vvals = vv;
            const void **kp = realloc(k.kptrs, sizeof *kp * (size_t)b.n);
            if (kp) k.kptrs = kp;
            const void **vp = realloc(k.vptrs, sizeof *vp * (size_t)b.n);
            if (vp) k.vptrs = vp;
            if (!kv_ || !vv || !kp || !vp) {
                rc = mn_fn_oom(ctx);
                break;
            }
            k.kcap = k.vcap = b.n;
        }
        for (int e = 0; e < b.n && rc == 0; e++) {
            if (!rptrs[e]) {
                rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "map entry cannot be null");
                break;
            }
            mn_nested_block f;
            if (mn_row_view(rt, rows[e].s, &f)) {
                rc = malformed(ctx);
                break;
            }
            mn_block_get(&f, 0, &k.kvals[e]);
            mn_block_get(&f, 1, &k.vvals[e]);
            k.kptrs[e] = mn_block_is_null(&f, 0) ? NULL : &k.kvals[e];
            k.vptrs[e] = mn_block_is_null(&f, 1) ? NULL : &k.vvals[e];
        }
        if (rc) break;
        if ((rc = put_map(ctx, out, i, b.n, k.kptrs, k.vptrs))) break;
    }
    kv_free(&k);
    free(rows);
    free(rptrs);
    return rc;
}

static int bind_map_from_entries(mn_fn_binding *b, mn_error *err) {
    mn_type et = mn_type_elem(b->args[0]->type);
    if (et.id == MN_T_UNKNOWN) { /* ARRAY[] or ARRAY[NULL]: map(unknown, unknown) */
        if (mn_type_make_map(et, et, &b->ret)) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return 0;
    }
    if (et.id != MN_T_ROW || et.ext->n != 2) {
        char tn[256];
        return mn_error_set_pos(err, MN_ERR_TYPE_MISMATCH, b->pos.line, b->pos.column,
                                "Unexpected parameters (%s) for function map_from_entries. Expected: "
                                "map_from_entries(array(row(K,V)))",
                                mn_type_name(b->args[0]->type, tn, sizeof tn));
    }
    if (mn_type_make_map(et.ext->types[0], et.ext->types[1], &b->ret))
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Map type is too deeply nested");
    return 0;
}

static int map_entries_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_type mt = args[0]->type, rt = mn_type_elem(out->type);
    kv k = {0};
    mn_strbuf rows, sb;
    mn_strbuf_init(&rows);
    mn_strbuf_init(&sb);
    mn_str *rs = NULL;
    const void **rp = NULL;
    int rcap = 0, rc = 0;
    MN_FN_EACH_ROW(i) {
        mn_nested_block kb, vb;
        if (mn_map_view(mt, mn_fn_blob(args[0], i), &kb, &vb)) {
            rc = malformed(ctx);
            break;
        }
        if ((rc = load(ctx, &kb, &k.kvals, &k.kptrs, &k.kcap)) || (rc = load(ctx, &vb, &k.vvals, &k.vptrs, &k.vcap)))
            break;
        if (kb.n > rcap) {
            mn_str *n1 = realloc(rs, sizeof *rs * (size_t)kb.n);
            if (n1) rs = n1;
            const void **n2 = realloc(rp, sizeof *rp * (size_t)kb.n);
            if (n2) rp = n2;
            if (!n1 || !n2) {
                rc = mn_fn_oom(ctx);
                break;
            }
            rcap = kb.n;
        }
        /* each entry row encoded one after the other in `rows`, then addressed */
        mn_strbuf_clear(&rows);
        size_t *ends = malloc(sizeof(size_t) * (size_t)(kb.n + 1));
        if (!ends) {
            rc = mn_fn_oom(ctx);
            break;
        }
        for (int e = 0; e < kb.n && rc == 0; e++) {
            const void *f[2] = {k.kptrs[e], k.vptrs[e]};
            rc = mn_nested_encode_row(&rows, rt, f, ctx->err);
            ends[e] = rows.len;
        }
        if (rc == 0 && rows.oom) rc = mn_fn_oom(ctx);
        for (int e = 0; e < kb.n && rc == 0; e++) {
            size_t start = e ? ends[e - 1] : 0;
            rs[e].ptr = rows.data + start;
            rs[e].len = (uint32_t)(ends[e] - start);
            rp[e] = &rs[e];
        }
        free(ends);
        if (rc) break;
        mn_strbuf_clear(&sb);
        if ((rc = mn_nested_encode_array(&sb, rt, kb.n, rp, ctx->err)) || (rc = mn_fn_put_blob(ctx, out, i, &sb))) break;
    }
    kv_free(&k);
    mn_strbuf_free(&rows);
    mn_strbuf_free(&sb);
    free(rs);
    free(rp);
    return rc;
}

static int bind_map_entries(mn_fn_binding *b, mn_error *err) {
    mn_type mt = b->args[0]->type, rt;
    if (mn_type_make_row(2, mt.ext->types, NULL, &rt) || mn_type_make_array(rt, &b->ret))
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Map type is too deeply nested");
    return 0;
}

/* ---------- map_keys, map_values, cardinality ---------- */

static int map_part(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, bool values) {
    MN_FN_PROLOGUE(1);
    mn_type mt = args[0]->type;
    kv k = {0};
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        mn_nested_block kb, vb;
        if (mn_map_view(mt, mn_fn_blob(args[0], i), &kb, &vb)) {
            rc = malformed(ctx);
            break;
        }
        const mn_nested_block *b = values ? &vb : &kb;
        if ((rc = load(ctx, b, &k.kvals, &k.kptrs, &k.kcap))) break;
        mn_strbuf sb;
        mn_strbuf_init(&sb);
        rc = mn_nested_encode_array(&sb, mn_type_elem(out->type), b->n, k.kptrs, ctx->err);
        if (rc == 0) rc = mn_fn_put_blob(ctx, out, i, &sb);
        mn_strbuf_free(&sb);
        if (rc) break;
    }
    kv_free(&k);
    return rc;
}
static int map_keys_fn(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return map_part(c, a, k, o, false); }
static int map_values_fn(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return map_part(c, a, k, o, true); }

static int cardinality_map(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    int64_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_nested_block kb, vb;
        if (mn_map_view(args[0]->type, mn_fn_blob(args[0], i), &kb, &vb)) return malformed(ctx);
        r[i] = kb.n;
    }
    return 0;
}

/* ---------- map_concat: later maps win on duplicate keys ---------- */

static int map_concat_fn(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(nargs);
    mn_type kt = mn_type_map_key(out->type);
    kv k = {0};
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        int n = 0;
        for (int a = 0; a < nargs && rc == 0; a++) {
            mn_nested_block kb, vb;
            if (mn_map_view(args[a]->type, mn_fn_blob(args[a], i), &kb, &vb)) {
                rc = malformed(ctx);
                break;
            }
            int need = n + kb.n;
            if (need > k.kcap) {
                int c = need * 2;
                mn_fn_slotbuf *kv_ = realloc(k.kvals, sizeof *kv_ * (size_t)c);
                if (kv_) k.kvals = kv_;
                mn_fn_slotbuf *vv = realloc(k.vvals, sizeof *vv * (size_t)c);
                if (vv) k.vvals = vv;
                const void **kp = realloc(k.kptrs, sizeof *kp * (size_t)c);
                if (kp) k.kptrs = kp;
                const void **vp = realloc(k.vptrs, sizeof *vp * (size_t)c);
                if (vp) k.vptrs = vp;
                if (!kv_ || !vv || !kp || !vp) {
                    rc = mn_fn_oom(ctx);
                    break;
                }
                k.kcap = k.vcap = c;
            }
            for (int e = 0; e < kb.n; e++) {
                mn_fn_slotbuf key;
                mn_block_get(&kb, e, &key);
                int at = -1;
                for (int q = 0; q < n && at < 0; q++)
                    if (mn_nested_slot_compare(kt, &k.kvals[q], &key) == 0) at = q;
                if (at < 0) at = n++;
                k.kvals[at] = key;
                mn_block_get(&vb, e, &k.vvals[at]);
                k.vptrs[at] = mn_block_is_null(&vb, e) ? NULL : (const void *)1;
            }
        }
        if (rc) break;
        for (int e = 0; e < n; e++) {
            k.kptrs[e] = &k.kvals[e];
            if (k.vptrs[e]) k.vptrs[e] = &k.vvals[e];
        }
        if ((rc = put_map(ctx, out, i, n, k.kptrs, k.vptrs))) break;
    }
    kv_free(&k);
    return rc;
}

/* ---------- table ---------- */

const mn_fn_entry mn_fn_map_table[] = {
    {"map", "", "map(unknown,unknown)", map_empty, NULL, "An empty map", 0, NULL},
    {"map", "array(K),array(V)", "map(K,V)", map_ctor, bind_map_ctor,
     "Map from an array of keys and an array of values", 0, NULL},
    {"map_from_entries", "array(T)", "=map(K,V)", map_from_entries_fn, bind_map_from_entries,
     "Map from an array of (key, value) rows", 0, NULL},
    {"map_entries", "map(K,V)", "=array(row(K,V))", map_entries_fn, bind_map_entries,
     "The entries as an array of (key, value) rows", 0, NULL},
    {"map_keys", "map(K,V)", "array(K)", map_keys_fn, NULL, "The keys (in key order)", 0, NULL},
    {"map_values", "map(K,V)", "array(V)", map_values_fn, NULL, "The values (in key order)", 0, NULL},
    {"cardinality", "map(K,V)", "bigint", cardinality_map, NULL, "Number of entries", 0, NULL},
    {"map_concat", "map(K,V)...", "map(K,V)", map_concat_fn, NULL,
     "Union of the maps; for duplicate keys the last map wins", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
