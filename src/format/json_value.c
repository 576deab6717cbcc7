/* json_value.c — JSON values as values of Minerva types (see json_value.h). */
#include "format/json_value.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "types/nested.h"
#include "types/scalar_text.h"

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

void mn_json_conv_init(mn_json_conv *c, mn_json_lexer *lx, mn_arena *scratch, const mn_json_records *rec) {
    c->lx = lx;
    c->scratch = scratch;
    c->rec = rec;
    mn_strbuf_init(&c->sb);
}

void mn_json_conv_free(mn_json_conv *c) { mn_strbuf_free(&c->sb); }

/* Copies sb's bytes into the scratch arena as *out. */
static int keep(mn_json_conv *l, const char *p, size_t n, mn_str *out, mn_error *err) {
    if (n > UINT32_MAX) return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "JSON value too large");
    char *d = mn_arena_alloc(l->scratch, n ? n : 1);
    if (!d) return oom(err);
    if (n) memcpy(d, p, n);
    out->ptr = d;
    out->len = (uint32_t)n;
    return 0;
}

/* The text of the current scalar token (strings decoded) as *out (valid during the record). */
static int token_text(mn_json_conv *l, mn_str *out, mn_error *err) {
    const mn_json_lexer *lx = l->lx;
    if (lx->tok == MN_JT_TRUE || lx->tok == MN_JT_FALSE) {
        out->ptr = lx->tok == MN_JT_TRUE ? "true" : "false";
        out->len = lx->tok == MN_JT_TRUE ? 4 : 5;
        return 0;
    }
    if (lx->tok == MN_JT_STRING && lx->escaped) {
        mn_strbuf_clear(&l->sb);
        if (mn_json_token_string(lx, &l->sb, NULL) || l->sb.oom) return oom(err);
        return keep(l, l->sb.data, l->sb.len, out, err);
    }
    out->ptr = lx->s + lx->tstart;
    out->len = (uint32_t)(lx->tend - lx->tstart);
    return 0;
}

static int bad(mn_json_conv *l, mn_error *err) {
    const char *what = l->lx->tok == MN_JT_EOF ? "unexpected end of input" : "invalid JSON text";
    if (l->rec) return mn_json_records_fail(l->rec, what, err);
    return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Malformed JSON: %s", what);
}

/* Growable arrays of element slots for an ARRAY or MAP being read. */
typedef struct slots {
    mn_json_slot *v, *k;
    bool *null;
    int n, cap;
} slots;

static int slots_push(slots *s, mn_error *err) {
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 16;
        mn_json_slot *v = realloc(s->v, sizeof *v * (size_t)cap);
        if (v) s->v = v;
        mn_json_slot *k = realloc(s->k, sizeof *k * (size_t)cap);
        if (k) s->k = k;
        bool *nl = realloc(s->null, sizeof *nl * (size_t)cap);
        if (nl) s->null = nl;
        if (!v || !k || !nl) return oom(err);
        s->cap = cap;
    }
    s->n++;
    return 0;
}

static void slots_free(slots *s) {
    free(s->v);
    free(s->k);
    free(s->null);
}

/* Encoding in sb moved to the scratch arena as slot->s. */
static int keep_sb(mn_json_conv *l, mn_strbuf *sb, mn_json_slot *slot, mn_error *err) {
    if (sb->oom) return oom(err);
    return keep(l, sb->data ? sb->data : "", sb->len, &slot->s, err);
}

static int convert_array(mn_json_conv *l, mn_type t, mn_json_slot *slot, mn_error *err) {
    slots s = {0};
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    const void **ptrs = NULL;
    int rc = -1;
    mn_type et = mn_type_elem(t);
    for (;;) {
        mn_json_tok tok = mn_json_next(l->lx);
        if (tok == MN_JT_END_ARRAY) break;
        if (tok == MN_JT_ERROR || tok == MN_JT_EOF) {
            bad(l, err);
            goto done;
        }
        if (slots_push(&s, err)) goto done;
        int r = mn_json_convert(l, et, &s.v[s.n - 1], err);
        if (r < 0) goto done;
        s.null[s.n - 1] = r == 0;
    }
    ptrs = malloc(sizeof *ptrs * (size_t)(s.n ? s.n : 1));
    if (!ptrs) {
        oom(err);
        goto done;
    }
    for (int i = 0; i < s.n; i++) ptrs[i] = s.null[i] ? NULL : &s.v[i];
    if (mn_nested_encode_array(&sb, et, s.n, ptrs, err) || keep_sb(l, &sb, slot, err)) goto done;
    rc = 1;
done:
    free(ptrs);
    slots_free(&s);
    mn_strbuf_free(&sb);
    return rc;
}

/* The current FIELD_NAME token's decoded name. */
int mn_json_field_name(mn_json_conv *l, mn_str *out, mn_error *err) {
    l->lx->tok = MN_JT_STRING; /* token_text decodes strings; restored below */
    int rc = token_text(l, out, err);
    l->lx->tok = MN_JT_FIELD_NAME;
    return rc;
}

bool mn_json_name_eq(const char *a, size_t an, const char *b) {
    return b && strlen(b) == an && strncasecmp(a, b, an) == 0;
}

static int convert_row(mn_json_conv *l, mn_type t, mn_json_slot *slot, mn_error *err) {
    int n = t.ext->n;
    mn_json_slot *v = calloc((size_t)n, sizeof *v);
    const void **ptrs = calloc((size_t)n, sizeof *ptrs);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = -1;
    if (!v || !ptrs) {
        oom(err);
        goto done;
    }
    for (;;) {
        mn_json_tok tok = mn_json_next(l->lx);
        if (tok == MN_JT_END_OBJECT) break;
        if (tok != MN_JT_FIELD_NAME) {
            bad(l, err);
            goto done;
        }
        mn_str name;
        if (mn_json_field_name(l, &name, err)) goto done;
        int f = 0;
        while (f < n && !mn_json_name_eq(name.ptr, name.len, t.ext->names ? t.ext->names[f] : NULL)) f++;
        tok = mn_json_next(l->lx);
        if (tok == MN_JT_ERROR || tok == MN_JT_EOF) {
            bad(l, err);
            goto done;
        }
        if (f == n) {
            if (mn_json_skip_children(l->lx)) {
                bad(l, err);
                goto done;
            }
            continue;
        }
        int r = mn_json_convert(l, t.ext->types[f], &v[f], err);
        if (r < 0) goto done;
        ptrs[f] = r ? &v[f] : NULL;
    }
    if (mn_nested_encode_row(&sb, t, ptrs, err) || keep_sb(l, &sb, slot, err)) goto done;
    rc = 1;
done:
    free(v);
    free(ptrs);
    mn_strbuf_free(&sb);
    return rc;
}

static int convert_map(mn_json_conv *l, mn_type t, mn_json_slot *slot, mn_error *err) {
    slots s = {0};
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    const void **kp = NULL, **vp = NULL;
    int rc = -1;
    mn_type kt = mn_type_map_key(t), vt = mn_type_map_value(t);
    for (;;) {
        mn_json_tok tok = mn_json_next(l->lx);
        if (tok == MN_JT_END_OBJECT) break;
        if (tok != MN_JT_FIELD_NAME) {
            bad(l, err);
            goto done;
        }
        mn_str name;
        mn_json_slot key;
        if (mn_json_field_name(l, &name, err)) goto done;
        bool ok = true;
        if (mn_type_is_string(kt)) key.s = name;
        else if (mn_type_is_nested(kt) || mn_type_is_varlen(kt)) ok = false;
        else ok = mn_parse_scalar_slot(kt, name.ptr, name.len, &key) == 0;
        tok = mn_json_next(l->lx);
        if (tok == MN_JT_ERROR || tok == MN_JT_EOF) {
            bad(l, err);
            goto done;
        }
        if (!ok) { /* a key that is not a value of the key type: the entry is left out */
            if (mn_json_skip_children(l->lx)) {
                bad(l, err);
                goto done;
            }
            continue;
        }
        int at = 0; /* a repeated key: the last value wins */
        while (at < s.n && mn_nested_slot_compare(kt, &s.k[at], &key) != 0) at++;
        if (at == s.n && slots_push(&s, err)) goto done;
        s.k[at] = key;
        int r = mn_json_convert(l, vt, &s.v[at], err);
        if (r < 0) goto done;
        s.null[at] = r == 0;
    }
    kp = malloc(sizeof *kp * (size_t)(s.n ? s.n : 1));
    vp = malloc(sizeof *vp * (size_t)(s.n ? s.n : 1));
    if (!kp || !vp) {
        oom(err);
        goto done;
    }
    for (int i = 0; i < s.n; i++) {
        kp[i] = &s.k[i];
        vp[i] = s.null[i] ? NULL : &s.v[i];
    }
    if (mn_nested_encode_map(&sb, t, s.n, kp, vp, err) || keep_sb(l, &sb, slot, err)) goto done;
    rc = 1;
done:
    free(kp);
    free(vp);
    slots_free(&s);
    mn_strbuf_free(&sb);
    return rc;
}

/* Reads the value at the current token as type t into slot (varlen values point into the
 * record's scratch memory or the file). Returns 1 value, 0 NULL, -1 error; the lexer ends
 * on the value's last token. */
int mn_json_convert(mn_json_conv *l, mn_type t, mn_json_slot *slot, mn_error *err) {
    mn_json_lexer *lx = l->lx;
    mn_json_tok tok = lx->tok;
    if (tok == MN_JT_NULL) return 0;
    if (tok == MN_JT_START_ARRAY && t.id == MN_T_ARRAY) return convert_array(l, t, slot, err);
    if (tok == MN_JT_START_OBJECT && t.id == MN_T_ROW) return convert_row(l, t, slot, err);
    if (tok == MN_JT_START_OBJECT && t.id == MN_T_MAP) return convert_map(l, t, slot, err);
    if (t.id == MN_T_JSON) { /* any value, canonical text */
        mn_arena tree;
        mn_arena_init(&tree, 0);
        mn_json_node *node = NULL;
        int r = mn_json_read_tree(lx, &tree, &node);
        mn_strbuf_clear(&l->sb);
        if (r == 0 && mn_json_write_tree(&l->sb, node, MN_JSON_ORDER_SORTED, &tree)) r = -2;
        mn_arena_destroy(&tree);
        if (r == -1) return bad(l, err);
        if (r < 0 || l->sb.oom) return oom(err);
        return keep(l, l->sb.data, l->sb.len, &slot->s, err) ? -1 : 1;
    }
    if (tok == MN_JT_START_ARRAY || tok == MN_JT_START_OBJECT) {
        if (!mn_type_is_string(t)) { /* a container where a scalar belongs: NULL */
            if (mn_json_skip_children(lx)) return bad(l, err);
            return 0;
        }
        mn_strbuf_clear(&l->sb);
        int r = mn_json_copy_value(lx, &l->sb);
        if (r == -1) return bad(l, err);
        if (r < 0 || l->sb.oom) return oom(err);
        return keep(l, l->sb.data, l->sb.len, &slot->s, err) ? -1 : 1;
    }
    if (mn_type_is_nested(t)) return 0; /* a scalar where an array or object belongs */
    mn_str text;
    if (token_text(l, &text, err)) return -1;
    if (mn_type_is_string(t)) {
        text.len = (uint32_t)mn_text_truncate_chars(t, text.ptr, text.len); /* varchar(n): n characters */
        slot->s = text;
        return 1;
    }
    if (t.id == MN_T_VARBINARY) {
        slot->s = text;
        return 1;
    }
    if (t.id == MN_T_BOOLEAN && (tok == MN_JT_INT || tok == MN_JT_FLOAT)) return 0; /* only true/false and strings */
    return mn_parse_scalar_slot(t, text.ptr, text.len, slot) == 0 ? 1 : 0;
}
