/* json_cast.c — CAST between JSON and the nested types, as Trino does:
 *   ARRAY → JSON array; MAP → JSON object with the keys' text sorted (Java String order);
 *   ROW → JSON object of field name → value in field order (anonymous fields are named "").
 *   JSON → ARRAY(T) from a JSON array; MAP(K,V) from a JSON object (keys converted from
 *   their text); ROW from a JSON array (by position, same length) or a JSON object (fields
 *   matched by name, case-insensitively; missing ones NULL). JSON null gives NULL anywhere.
 * Scalars inside go through the scalar JSON casts of json_fns.c, so they convert (and fail)
 * exactly as CAST(JSON AS bigint) etc. Errors: INVALID_CAST_ARGUMENT "Cannot cast to
 * array(integer). Expected a json array, but got {" followed by the JSON text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "format/json_text.h"
#include "function/nested_fn.h"
#include "types/scalar_text.h"

#define MAX_SHOWN 10000 /* Trino truncates JSON text in messages after 10,000 bytes */

/* ---------- which types take part ---------- */

static bool scalar_to_json(mn_type t) {
    switch (t.id) {
    case MN_T_UNKNOWN:
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_JSON:
    case MN_T_BOOLEAN:
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT:
    case MN_T_REAL:
    case MN_T_DOUBLE:
    case MN_T_DECIMAL:
    case MN_T_DATE:
    case MN_T_TIMESTAMP: return true;
    default: return false;
    }
}

/* Map keys (either direction) and scalars read from JSON. */
static bool key_type(mn_type t) {
    switch (t.id) {
    case MN_T_VARCHAR:
    case MN_T_BOOLEAN:
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT:
    case MN_T_REAL:
    case MN_T_DOUBLE:
    case MN_T_DECIMAL: return true;
    default: return false;
    }
}

static bool castable(mn_type t, bool to_json) {
    if (!mn_type_is_nested(t)) return to_json ? scalar_to_json(t) : (key_type(t) || t.id == MN_T_JSON);
    if (t.id == MN_T_MAP && !key_type(mn_type_map_key(t)) && !(to_json && mn_type_map_key(t).id == MN_T_CHAR))
        return false;
    for (int i = 0; i < t.ext->n; i++)
        if (!castable(t.ext->types[i], to_json)) return false;
    return true;
}

/* ---------- to JSON ---------- */

typedef struct {
    const char *s;
    uint32_t n;
    int idx;
} keytext;

static int cmp_keys(const void *a, const void *b) {
    const keytext *x = a, *y = b;
    return mn_json_compare_keys(x->s, x->n, y->s, y->n);
}

static int write_value(mn_strbuf *sb, mn_type t, const void *slot, mn_arena *scratch);

static int write_block_value(mn_strbuf *sb, const mn_nested_block *b, int i, mn_arena *scratch) {
    if (mn_block_is_null(b, i)) return mn_strbuf_puts(sb, "null");
    mn_fn_slotbuf v;
    mn_block_get(b, i, &v);
    return write_value(sb, mn_block_type(b, i), &v, scratch);
}

static int write_map(mn_strbuf *sb, mn_type t, mn_str v, mn_arena *scratch) {
    mn_nested_block keys, vals;
    if (mn_map_view(t, v, &keys, &vals)) return -1;
    mn_type kt = mn_type_map_key(t);
    keytext *kx = mn_arena_alloc(scratch, sizeof *kx * (size_t)(keys.n + 1));
    if (!kx) return -1;
    for (int i = 0; i < keys.n; i++) {
        mn_fn_slotbuf k;
        mn_block_get(&keys, i, &k);
        kx[i].idx = i;
        if (mn_type_is_varlen(kt)) {
            kx[i].s = k.s.ptr;
            kx[i].n = k.s.len;
        } else {
            char buf[96];
            size_t n = mn_format_value(kt, &k, buf);
            char *p = mn_arena_alloc(scratch, n + 1);
            if (!p) return -1;
            memcpy(p, buf, n);
            kx[i].s = p;
            kx[i].n = (uint32_t)n;
        }
    }
    qsort(kx, (size_t)keys.n, sizeof *kx, cmp_keys);
    if (mn_strbuf_putc(sb, '{')) return -1;
    for (int i = 0; i < keys.n; i++) {
        if ((i && mn_strbuf_putc(sb, ',')) || mn_json_write_string(sb, kx[i].s, kx[i].n) || mn_strbuf_putc(sb, ':') ||
            write_block_value(sb, &vals, kx[i].idx, scratch))
            return -1;
    }
    return mn_strbuf_putc(sb, '}');
}

static int write_value(mn_strbuf *sb, mn_type t, const void *slot, mn_arena *scratch) {
    if (t.id == MN_T_UNKNOWN) return mn_strbuf_puts(sb, "null");
    if (!mn_type_is_nested(t)) return mn_fn_json_write_scalar(sb, t, slot);
    mn_str v = *(const mn_str *)slot;
    mn_nested_block b;
    if (t.id == MN_T_MAP) return write_map(sb, t, v, scratch);
    if (t.id == MN_T_ARRAY) {
        if (mn_array_view(t, v, &b) || mn_strbuf_putc(sb, '[')) return -1;
        for (int i = 0; i < b.n; i++)
            if ((i && mn_strbuf_putc(sb, ',')) || write_block_value(sb, &b, i, scratch)) return -1;
        return mn_strbuf_putc(sb, ']');
    }
    if (mn_row_view(t, v, &b) || mn_strbuf_putc(sb, '{')) return -1;
    for (int i = 0; i < b.n; i++) {
        const char *name = t.ext->names && t.ext->names[i] ? t.ext->names[i] : "";
        if ((i && mn_strbuf_putc(sb, ',')) || mn_json_write_string(sb, name, strlen(name)) ||
            mn_strbuf_putc(sb, ':') || write_block_value(sb, &b, i, scratch))
            return -1;
    }
    return mn_strbuf_putc(sb, '}');
}

static int cast_nested_to_json(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_type st = ctx->expr->args[0]->type;
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    mn_arena scratch;
    mn_arena_init(&scratch, 0);
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        mn_strbuf_clear(&sb);
        mn_arena_rewind(&scratch);
        if (write_value(&sb, st, mn_fn_slot(args[0], i), &scratch) || sb.oom) {
            rc = sb.oom ? mn_fn_oom(ctx)
                        : mn_error_set(ctx->err, MN_ERR_CORRUPT, "malformed nested value");
            break;
        }
        if ((rc = mn_fn_put_blob(ctx, out, i, &sb))) break;
    }
    mn_strbuf_free(&sb);
    mn_arena_destroy(&scratch);
    return rc;
}

/* ---------- from JSON ---------- */

typedef struct {
    mn_fn_ctx *ctx;
    mn_json_lexer *lx, *klx; /* the document, and map keys */
    mn_strbuf tmp;           /* scratch text */
    mn_vector scalar;        /* one-row vector the scalar casts write into */
    mn_arena arena;          /* nested values and strings of the current row */
    mn_str json;             /* the whole text (messages) */
    mn_type target;
    int fail;                /* 1: error already set by a scalar cast */
} jread;

/* Error for the whole cast: "Cannot cast to T. detail\njson". */
static int cast_error(jread *r, const char *detail) {
    mn_strbuf tn;
    mn_strbuf_init(&tn);
    mn_type_name_nested(r->target, &tn);
    size_t shown = r->json.len > MAX_SHOWN ? MAX_SHOWN : r->json.len;
    mn_error_set(r->ctx->err, MN_ERR_INVALID_CAST, "Cannot cast to %s. %s\n%.*s", tn.data ? tn.data : "?", detail,
                 (int)shown, r->json.ptr);
    mn_strbuf_free(&tn);
    return -1;
}

static const char *token_text(const mn_json_lexer *lx) {
    switch (lx->tok) {
    case MN_JT_START_OBJECT: return "{";
    case MN_JT_END_OBJECT: return "}";
    case MN_JT_START_ARRAY: return "[";
    case MN_JT_END_ARRAY: return "]";
    case MN_JT_TRUE: return "true";
    case MN_JT_FALSE: return "false";
    case MN_JT_NULL: return "null";
    case MN_JT_EOF: return "end of input";
    default: return "a scalar value";
    }
}

static int expected(jread *r, const char *what) {
    char buf[96];
    snprintf(buf, sizeof buf, "Expected a json %s, but got %s", what, token_text(r->lx));
    return cast_error(r, buf);
}

/* Keeps bytes for the current row's lifetime. */
static int keep(jread *r, const char *p, size_t n, mn_str *out) {
    char *d = mn_arena_alloc(&r->arena, n ? n : 1);
    if (!d) return mn_fn_oom(r->ctx);
    if (n) memcpy(d, p, n);
    out->ptr = d;
    out->len = (uint32_t)n;
    return 0;
}

/* Converts the current token of lx (a scalar) to t into *slot. 1 for JSON null. */
static int read_scalar(jread *r, mn_json_lexer *lx, mn_type t, mn_fn_slotbuf *slot) {
    if (lx->tok == MN_JT_START_ARRAY || lx->tok == MN_JT_START_OBJECT || lx->tok == MN_JT_ERROR ||
        lx->tok == MN_JT_EOF) {
        char buf[96];
        snprintf(buf, sizeof buf, "Expected a json scalar value, but got %s", token_text(lx));
        return cast_error(r, buf);
    }
    r->scalar.type = t;
    int c = mn_fn_json_token_to(r->ctx, lx, &r->tmp, r->json, t, &r->scalar, 0);
    if (c < 0) {
        /* rewrite the scalar cast's message into the nested one */
        char detail[sizeof r->ctx->err->message];
        memcpy(detail, r->ctx->err->message, sizeof detail);
        return cast_error(r, detail);
    }
    if (c == 1) return 1;
    memcpy(slot, r->scalar.data, mn_type_size(t));
    if (mn_type_is_varlen(t)) return keep(r, slot->s.ptr, slot->s.len, &slot->s);
    return 0;
}

static int read_value(jread *r, mn_type t, mn_fn_slotbuf *slot);

/* A growable list of element slots with NULL flags. */
typedef struct {
    mn_fn_slotbuf *v;
    const void **ptr;
    int n, cap;
} slots;

static int slots_add(jread *r, slots *s, mn_fn_slotbuf **out) {
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 8;
        mn_fn_slotbuf *nv = mn_arena_alloc(&r->arena, sizeof *nv * (size_t)cap);
        const void **np = mn_arena_alloc(&r->arena, sizeof *np * (size_t)cap);
        if (!nv || !np) return mn_fn_oom(r->ctx);
        if (s->n) {
            memcpy(nv, s->v, sizeof *nv * (size_t)s->n);
            memcpy(np, s->ptr, sizeof *np * (size_t)s->n);
        }
        s->v = nv;
        s->ptr = np;
        s->cap = cap;
    }
    *out = &s->v[s->n++];
    return 0;
}

/* Reads the value at the current token into *slot, marking a NULL in s (ptr NULL). */
static int read_into(jread *r, mn_type t, slots *s) {
    mn_fn_slotbuf *v;
    if (slots_add(r, s, &v)) return -1;
    int c = read_value(r, t, v);
    if (c < 0) return -1;
    s->ptr[s->n - 1] = c == 1 ? NULL : (const void *)v;
    return 0;
}

/* Encoded nested bytes in sb become *slot (kept in the row arena). */
static int finish(jread *r, mn_strbuf *sb, int rc, mn_fn_slotbuf *slot) {
    if (rc == 0 && sb->oom) rc = mn_fn_oom(r->ctx);
    if (rc == 0) rc = keep(r, sb->data ? sb->data : "", sb->len, &slot->s);
    mn_strbuf_free(sb);
    return rc;
}

static int read_array(jread *r, mn_type t, mn_fn_slotbuf *slot) {
    if (r->lx->tok != MN_JT_START_ARRAY) return expected(r, "array");
    slots s = {0};
    while (mn_json_next(r->lx) != MN_JT_END_ARRAY)
        if (read_into(r, mn_type_elem(t), &s)) return -1;
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    return finish(r, &sb, mn_nested_encode_array(&sb, mn_type_elem(t), s.n, s.ptr, r->ctx->err), slot);
}

static int read_map(jread *r, mn_type t, mn_fn_slotbuf *slot) {
    if (r->lx->tok != MN_JT_START_OBJECT) return expected(r, "object");
    mn_type kt = mn_type_map_key(t);
    slots ks = {0}, vs = {0};
    while (mn_json_next(r->lx) == MN_JT_FIELD_NAME) {
        mn_strbuf_clear(&r->tmp);
        if (mn_json_token_string(r->lx, &r->tmp, NULL) || r->tmp.oom) return mn_fn_oom(r->ctx);
        mn_fn_slotbuf *k;
        if (slots_add(r, &ks, &k)) return -1;
        ks.ptr[ks.n - 1] = k;
        if (kt.id == MN_T_VARCHAR) {
            if (keep(r, r->tmp.data ? r->tmp.data : "", r->tmp.len, &k->s)) return -1;
            if (kt.length >= 0 && mn_utf8_count(k->s.ptr, k->s.len) > kt.length) return cast_error(r, "Map key too long");
        } else {
            /* the key converts as a JSON string does ("12" → 12, "true" → true) */
            mn_strbuf q;
            mn_strbuf_init(&q);
            mn_str text = {"", 0};
            int c = mn_json_write_string(&q, r->tmp.data ? r->tmp.data : "", r->tmp.len) || q.oom
                        ? mn_fn_oom(r->ctx)
                        : keep(r, q.data, q.len, &text);
            mn_strbuf_free(&q);
            if (c) return -1;
            mn_json_lexer_init(r->klx, text.ptr, text.len);
            mn_json_next(r->klx);
            if (read_scalar(r, r->klx, kt, k)) return -1;
        }
        mn_json_next(r->lx);
        if (read_into(r, mn_type_map_value(t), &vs)) return -1;
    }
    if (r->lx->tok != MN_JT_END_OBJECT) return expected(r, "object");
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = mn_nested_encode_map(&sb, t, ks.n, ks.ptr, vs.ptr, r->ctx->err);
    if (rc) {
        char detail[sizeof r->ctx->err->message];
        memcpy(detail, r->ctx->err->message, sizeof detail);
        mn_strbuf_free(&sb);
        return cast_error(r, detail);
    }
    return finish(r, &sb, 0, slot);
}

static int read_row(jread *r, mn_type t, mn_fn_slotbuf *slot) {
    int n = t.ext->n;
    mn_fn_slotbuf *v = mn_arena_alloc(&r->arena, sizeof *v * (size_t)n);
    const void **ptr = mn_arena_calloc(&r->arena, sizeof *ptr * (size_t)n);
    if (!v || !ptr) return mn_fn_oom(r->ctx);
    if (r->lx->tok == MN_JT_START_ARRAY) {
        int k = 0;
        while (mn_json_next(r->lx) != MN_JT_END_ARRAY) {
            if (k >= n) return cast_error(r, "Expected a json array with as many elements as the row has fields");
            int c = read_value(r, t.ext->types[k], &v[k]);
            if (c < 0) return -1;
            ptr[k] = c == 1 ? NULL : &v[k];
            k++;
        }
        if (k != n) return cast_error(r, "Expected a json array with as many elements as the row has fields");
    } else if (r->lx->tok == MN_JT_START_OBJECT) {
        while (mn_json_next(r->lx) == MN_JT_FIELD_NAME) {
            mn_strbuf_clear(&r->tmp);
            if (mn_json_token_string(r->lx, &r->tmp, NULL) || mn_strbuf_putc(&r->tmp, '\0'))
                return mn_fn_oom(r->ctx);
            int k = -1;
            for (int i = 0; i < n && k < 0; i++)
                if (t.ext->names && t.ext->names[i] && strcasecmp(t.ext->names[i], r->tmp.data) == 0) k = i;
            mn_json_next(r->lx);
            if (k < 0) {
                if (mn_json_skip_children(r->lx)) return expected(r, "value");
                continue;
            }
            int c = read_value(r, t.ext->types[k], &v[k]);
            if (c < 0) return -1;
            ptr[k] = c == 1 ? NULL : &v[k];
        }
        if (r->lx->tok != MN_JT_END_OBJECT) return expected(r, "object");
    } else {
        return expected(r, "array or object");
    }
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    return finish(r, &sb, mn_nested_encode_row(&sb, t, ptr, r->ctx->err), slot);
}

/* Reads the value at the current token as t; returns 0, 1 for JSON null, -1 error. The
 * lexer ends on the value's last token. */
static int read_value(jread *r, mn_type t, mn_fn_slotbuf *slot) {
    if (r->lx->tok == MN_JT_NULL) return 1;
    if (r->lx->tok == MN_JT_ERROR) return cast_error(r, "Malformed JSON");
    switch (t.id) {
    case MN_T_ARRAY: return read_array(r, t, slot);
    case MN_T_MAP: return read_map(r, t, slot);
    case MN_T_ROW: return read_row(r, t, slot);
    case MN_T_JSON: {
        mn_json_node *node;
        mn_strbuf_clear(&r->tmp);
        int c = mn_json_read_tree(r->lx, &r->arena, &node);
        if (c == -2) return mn_fn_oom(r->ctx);
        if (c) return cast_error(r, "Malformed JSON");
        if (mn_json_write_tree(&r->tmp, node, MN_JSON_ORDER_SORTED, &r->arena) || r->tmp.oom) return mn_fn_oom(r->ctx);
        return keep(r, r->tmp.data, r->tmp.len, &slot->s);
    }
    default: return read_scalar(r, r->lx, t, slot);
    }
}

static int cast_json_to_nested(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    jread r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.target = ctx->expr->type;
    mn_strbuf_init(&r.tmp);
    mn_arena_init(&r.arena, 0);
    mn_vector_init(&r.scalar, mn_type_make(MN_T_DECIMAL)); /* 16-byte slots fit every scalar */
    r.lx = malloc(sizeof *r.lx);
    r.klx = malloc(sizeof *r.klx);
    int rc = r.lx && r.klx ? 0 : mn_fn_oom(ctx);
    MN_FN_EACH_ROW(i) {
        if (rc) break;
        mn_arena_rewind(&r.arena);
        r.scalar.type = mn_type_make(MN_T_DECIMAL);
        if ((rc = mn_vector_prepare(&r.scalar, ctx->err))) break;
        r.json = MN_SLOT(args[0], mn_str, i);
        mn_json_lexer_init(r.lx, r.json.ptr, r.json.len);
        mn_json_next(r.lx);
        mn_fn_slotbuf v;
        int c = read_value(&r, r.target, &v);
        if (c < 0) {
            rc = -1;
            break;
        }
        if (mn_json_next(r.lx) != MN_JT_EOF) {
            rc = cast_error(&r, "Unexpected trailing token");
            break;
        }
        if (c == 1) {
            mn_vector_set_null(out, i);
            if (!out->nulls) rc = mn_fn_oom(ctx);
            continue;
        }
        mn_str s = mn_vector_add_string(out, v.s.ptr, v.s.len);
        if (!s.ptr) rc = mn_fn_oom(ctx);
        else ((mn_str *)out->data)[i] = s;
    }
    r.scalar.type = mn_type_make(MN_T_DECIMAL);
    mn_vector_destroy(&r.scalar);
    mn_arena_destroy(&r.arena);
    mn_strbuf_free(&r.tmp);
    free(r.lx);
    free(r.klx);
    return rc;
}

mn_scalar_impl mn_fn_json_nested_cast_impl(mn_type from, mn_type to) {
    if (to.id == MN_T_JSON) return castable(from, true) ? cast_nested_to_json : NULL;
    if (from.id == MN_T_JSON) return castable(to, false) ? cast_json_to_nested : NULL;
    return NULL;
}
