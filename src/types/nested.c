/* nested.c — ARRAY/MAP/ROW type descriptions (interned in a process-wide registry) and the
 * canonical binary encoding of nested values: writing, decoding views, ordering, SQL
 * equality and rendering as the Trino CLI prints. See nested.h for the byte layout. */
#include "types/nested.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "types/scalar_text.h"
#include "types/vector.h"

/* ---------- the type registry ---------- */

typedef struct reg_entry {
    uint64_t hash;
    mn_type_ext *ext;
} reg_entry;

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static reg_entry *reg_table; /* open addressing; never freed (reachable from here) */
static size_t reg_cap, reg_count;

bool mn_nested_is_varlen(mn_type t) { return mn_type_is_varlen(t); }

static uint64_t type_hash(mn_type t) {
    uint64_t h = mn_hash_u64(((uint64_t)t.id << 48) ^ ((uint64_t)t.precision << 40) ^ ((uint64_t)t.scale << 32) ^
                             (uint32_t)t.length);
    return mn_hash_combine(h, (uint64_t)(uintptr_t)t.ext);
}

static uint64_t ext_hash(uint8_t id, int n, const mn_type *types, const char *const *names) {
    uint64_t h = mn_hash_u64(((uint64_t)id << 32) ^ (uint32_t)n);
    for (int i = 0; i < n; i++) {
        h = mn_hash_combine(h, type_hash(types[i]));
        if (names) h = mn_hash_combine(h, names[i] ? mn_hash_bytes(names[i], strlen(names[i]), 1) : 7);
    }
    return h;
}

static bool ext_matches(const mn_type_ext *e, uint8_t id, int n, const mn_type *types, const char *const *names) {
    if (e->id != id || e->n != n || (e->names == NULL) != (names == NULL)) return false;
    for (int i = 0; i < n; i++) {
        if (!mn_type_equal(e->types[i], types[i])) return false;
        if (names) {
            const char *a = e->names[i], *b = names[i];
            if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0)) return false;
        }
    }
    return true;
}

static uint32_t slot_width(mn_type t) { return mn_nested_is_varlen(t) ? 4u : (uint32_t)mn_type_size(t); }

/* One allocation: the ext, its types, names, slot offsets and name bytes. */
static mn_type_ext *ext_new(uint8_t id, int n, const mn_type *types, const char *const *names) {
    size_t names_bytes = 0;
    if (names)
        for (int i = 0; i < n; i++) names_bytes += names[i] ? strlen(names[i]) + 1 : 0;
    size_t sz = sizeof(mn_type_ext) + sizeof(mn_type) * (size_t)n + sizeof(char *) * (size_t)n +
                sizeof(uint32_t) * (size_t)n + names_bytes + 16;
    char *mem = calloc(1, sz);
    if (!mem) return NULL;
    mn_type_ext *e = (mn_type_ext *)mem;
    char *p = mem + sizeof *e;
    mn_type *ts = (mn_type *)p;
    p += sizeof(mn_type) * (size_t)n;
    const char **ns = (const char **)p;
    p += sizeof(char *) * (size_t)n;
    uint32_t *offs = (uint32_t *)p;
    p += sizeof(uint32_t) * (size_t)n;
    uint32_t off = 0;
    for (int i = 0; i < n; i++) {
        ts[i] = types[i];
        offs[i] = off;
        off += slot_width(types[i]);
        if (names && names[i]) {
            size_t l = strlen(names[i]);
            memcpy(p, names[i], l + 1);
            ns[i] = p;
            p += l + 1;
        }
    }
    e->id = id;
    e->n = n;
    e->types = ts;
    e->names = names ? ns : NULL;
    e->slot_off = offs;
    e->slot_size = off;
    e->bitmap_size = (uint32_t)(n + 7) / 8;
    return e;
}

static const mn_type_ext *intern(uint8_t id, int n, const mn_type *types, const char *const *names) {
    uint64_t h = ext_hash(id, n, types, names);
    const mn_type_ext *found = NULL;
    pthread_mutex_lock(&reg_lock);
    if (reg_count * 2 >= reg_cap) {
        size_t nc = reg_cap ? reg_cap * 2 : 64;
        reg_entry *nt = calloc(nc, sizeof *nt);
        if (!nt) goto out;
        for (size_t i = 0; i < reg_cap; i++) {
            if (!reg_table[i].ext) continue;
            size_t j = reg_table[i].hash & (nc - 1);
            while (nt[j].ext) j = (j + 1) & (nc - 1);
            nt[j] = reg_table[i];
        }
        free(reg_table);
        reg_table = nt;
        reg_cap = nc;
    }
    size_t j = h & (reg_cap - 1);
    while (reg_table[j].ext) {
        if (reg_table[j].hash == h && ext_matches(reg_table[j].ext, id, n, types, names)) {
            found = reg_table[j].ext;
            goto out;
        }
        j = (j + 1) & (reg_cap - 1);
    }
    mn_type_ext *e = ext_new(id, n, types, names);
    if (e) {
        reg_table[j].hash = h;
        reg_table[j].ext = e;
        reg_count++;
        found = e;
    }
out:
    pthread_mutex_unlock(&reg_lock);
    return found;
}

int mn_type_depth(mn_type t) {
    if (!t.ext) return 0;
    int d = 0;
    for (int i = 0; i < t.ext->n; i++) {
        int x = mn_type_depth(t.ext->types[i]);
        if (x > d) d = x;
    }
    return d + 1;
}

static int make(uint8_t id, int n, const mn_type *types, const char *const *names, mn_type *out) {
    if (n < 1 || n > MN_NESTED_MAX_FIELDS) return -1;
    for (int i = 0; i < n; i++)
        if (mn_type_depth(types[i]) >= MN_NESTED_MAX_DEPTH) return -1;
    bool any_name = false;
    if (names)
        for (int i = 0; i < n; i++) any_name = any_name || names[i];
    const mn_type_ext *e = intern(id, n, types, any_name ? names : NULL);
    if (!e) return -1;
    *out = mn_type_make((mn_type_id)id);
    out->ext = e;
    return 0;
}

int mn_type_make_array(mn_type elem, mn_type *out) { return make(MN_T_ARRAY, 1, &elem, NULL, out); }

int mn_type_make_map(mn_type key, mn_type value, mn_type *out) {
    mn_type kv[2] = {key, value};
    return make(MN_T_MAP, 2, kv, NULL, out);
}

int mn_type_make_row(int n, const mn_type *types, const char *const *names, mn_type *out) {
    return make(MN_T_ROW, n, types, names, out);
}

bool mn_type_has_map(mn_type t) {
    if (t.id == MN_T_MAP) return true;
    if (!t.ext) return false;
    for (int i = 0; i < t.ext->n; i++)
        if (mn_type_has_map(t.ext->types[i])) return true;
    return false;
}

/* ---------- names ---------- */

static bool plain_name(const char *s) {
    if (!*s || isdigit((unsigned char)*s)) return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_')) return false;
    return true;
}

static void put_type(mn_type t, mn_strbuf *out) {
    if (t.ext) {
        mn_type_name_nested(t, out);
    } else {
        char buf[64];
        mn_strbuf_puts(out, mn_type_name(t, buf, sizeof buf));
    }
}

void mn_type_name_nested(mn_type t, mn_strbuf *out) {
    const mn_type_ext *e = t.ext;
    if (!e) {
        put_type(t, out);
        return;
    }
    mn_strbuf_puts(out, e->id == MN_T_ARRAY ? "array(" : e->id == MN_T_MAP ? "map(" : "row(");
    for (int i = 0; i < e->n; i++) {
        if (i) mn_strbuf_puts(out, ", ");
        if (e->names && e->names[i]) {
            const char *nm = e->names[i];
            if (plain_name(nm)) {
                mn_strbuf_puts(out, nm);
            } else {
                mn_strbuf_putc(out, '"');
                for (; *nm; nm++) {
                    if (*nm == '"') mn_strbuf_putc(out, '"');
                    mn_strbuf_putc(out, *nm);
                }
                mn_strbuf_putc(out, '"');
            }
            mn_strbuf_putc(out, ' ');
        }
        put_type(e->types[i], out);
    }
    mn_strbuf_putc(out, ')');
}

/* ---------- parsing ---------- */

static size_t skip_ws(const char *s, size_t n, size_t i) {
    while (i < n && isspace((unsigned char)s[i])) i++;
    return i;
}

/* Splits s[0..n) at top-level commas (outside (), <> and "..."): fills starts/lens (at
 * most max parts); returns the count, or -1 when unbalanced / too many. */
static int split_top(const char *s, size_t n, size_t *starts, size_t *lens, int max) {
    int depth = 0, k = 0;
    bool quoted = false;
    size_t from = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : ',';
        if (quoted) {
            if (c == '"') {
                if (i + 1 < n && s[i + 1] == '"') i++;
                else quoted = false;
            }
            if (i == n) return -1;
            continue;
        }
        if (c == '"') quoted = true;
        else if (c == '(' || c == '<') depth++;
        else if (c == ')' || c == '>') {
            if (--depth < 0) return -1;
        } else if (c == ',' && depth == 0) {
            if (k >= max) return -1;
            starts[k] = from;
            lens[k] = i - from;
            k++;
            from = i + 1;
        }
    }
    return depth == 0 ? k : -1;
}

/* A field name at the start of s: "quoted ""name""" or an identifier; its length in *used.
 * The name (unquoted; identifiers lower-cased) is written into buf (NUL-terminated). */
static bool take_name(const char *s, size_t n, size_t *used, char *buf, size_t cap) {
    size_t i = 0, o = 0;
    if (n && s[0] == '"') {
        for (i = 1; i < n; i++) {
            if (s[i] == '"') {
                if (i + 1 < n && s[i + 1] == '"') i++;
                else break;
            }
            if (o + 1 >= cap) return false;
            buf[o++] = s[i];
        }
        if (i >= n || o == 0) return false;
        buf[o] = '\0';
        *used = i + 1;
        return true;
    }
    while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_')) {
        if (o + 1 >= cap) return false;
        buf[o++] = (char)tolower((unsigned char)s[i]);
        i++;
    }
    if (o == 0) return false;
    buf[o] = '\0';
    *used = i;
    return true;
}

static bool word_is(const char *s, size_t n, const char *w) {
    size_t l = strlen(w);
    if (n != l) return false;
    for (size_t i = 0; i < l; i++)
        if (tolower((unsigned char)s[i]) != w[i]) return false;
    return true;
}

int mn_type_parse_nested(const char *s, size_t n, mn_type *out) {
    size_t i = skip_ws(s, n, 0), w = i;
    while (w < n && (isalnum((unsigned char)s[w]) || s[w] == '_')) w++;
    int kind;
    if (word_is(s + i, w - i, "array")) kind = MN_T_ARRAY;
    else if (word_is(s + i, w - i, "map")) kind = MN_T_MAP;
    else if (word_is(s + i, w - i, "row") || word_is(s + i, w - i, "struct")) kind = MN_T_ROW;
    else return 0;
    size_t o = skip_ws(s, n, w);
    if (o >= n || (s[o] != '(' && s[o] != '<')) return -1;
    char close = s[o] == '(' ? ')' : '>';
    bool angle = s[o] == '<';
    size_t end = n;
    while (end > o && isspace((unsigned char)s[end - 1])) end--;
    if (end <= o + 1 || s[end - 1] != close) return -1;
    /* nesting depth bound (the component parsers recurse) */
    int depth = 0, maxd = 0;
    for (size_t k = o; k < end; k++) {
        if (s[k] == '(' || s[k] == '<') maxd = ++depth > maxd ? depth : maxd;
        else if (s[k] == ')' || s[k] == '>') depth--;
    }
    if (maxd > 2 * MN_NESTED_MAX_DEPTH) return -1;
    const char *body = s + o + 1;
    size_t blen = end - 1 - (o + 1);
    size_t starts[MN_NESTED_MAX_FIELDS], lens[MN_NESTED_MAX_FIELDS];
    int k = split_top(body, blen, starts, lens, MN_NESTED_MAX_FIELDS);
    if (k <= 0) return -1;
    if (kind == MN_T_ARRAY) {
        mn_type e;
        if (k != 1 || mn_type_parse(body + starts[0], lens[0], &e) != 0) return -1;
        return mn_type_make_array(e, out) == 0 ? 1 : -1;
    }
    if (kind == MN_T_MAP) {
        mn_type kt, vt;
        if (k != 2 || mn_type_parse(body + starts[0], lens[0], &kt) != 0 ||
            mn_type_parse(body + starts[1], lens[1], &vt) != 0)
            return -1;
        return mn_type_make_map(kt, vt, out) == 0 ? 1 : -1;
    }
    mn_type *types = malloc(sizeof(mn_type) * (size_t)k);
    char **names = calloc((size_t)k, sizeof(char *));
    int rc = -1;
    if (!types || !names) goto done;
    for (int f = 0; f < k; f++) {
        const char *c = body + starts[f];
        size_t cl = lens[f], a = skip_ws(c, cl, 0);
        if (!angle && mn_type_parse(c, cl, &types[f]) == 0) continue; /* anonymous field */
        char nb[256];
        size_t used;
        if (!take_name(c + a, cl - a, &used, nb, sizeof nb)) goto done;
        size_t r = skip_ws(c, cl, a + used);
        if (angle) {
            if (r >= cl || c[r] != ':') goto done;
            r++;
        } else if (r == a + used) {
            goto done; /* row(a) : a name needs a type after white space */
        }
        if (mn_type_parse(c + r, cl - r, &types[f]) != 0) goto done;
        names[f] = strdup(nb);
        if (!names[f]) goto done;
    }
    rc = mn_type_make_row(k, types, (const char *const *)names, out) == 0 ? 1 : -1;
done:
    if (names)
        for (int f = 0; f < k; f++) free(names[f]);
    free(names);
    free(types);
    return rc;
}

/* ---------- coercion ---------- */

bool mn_nested_common_super(mn_type a, mn_type b, mn_type *out) {
    if (a.id != b.id || !a.ext || !b.ext || a.ext->n != b.ext->n) return false;
    if (a.ext == b.ext) {
        *out = a;
        return true;
    }
    int n = a.ext->n;
    mn_type ts[MN_NESTED_MAX_FIELDS];
    const char *ns[MN_NESTED_MAX_FIELDS];
    for (int i = 0; i < n; i++) {
        if (!mn_type_common_super(a.ext->types[i], b.ext->types[i], &ts[i])) return false;
        const char *x = a.ext->names ? a.ext->names[i] : NULL, *y = b.ext->names ? b.ext->names[i] : NULL;
        ns[i] = x && y && strcmp(x, y) == 0 ? x : x && !y ? x : !x && y ? y : NULL;
    }
    if (a.id == MN_T_ARRAY) return mn_type_make_array(ts[0], out) == 0;
    if (a.id == MN_T_MAP) return mn_type_make_map(ts[0], ts[1], out) == 0;
    return mn_type_make_row(n, ts, ns, out) == 0;
}

bool mn_nested_can_coerce(mn_type from, mn_type to) {
    if (from.id != to.id || !from.ext || !to.ext || from.ext->n != to.ext->n) return false;
    if (from.ext == to.ext) return true;
    for (int i = 0; i < from.ext->n; i++)
        if (!mn_type_can_coerce(from.ext->types[i], to.ext->types[i])) return false;
    return true;
}

/* ---------- encoding ---------- */

static void put_u32(char *p, uint32_t x) {
    unsigned char *u = (unsigned char *)p;
    u[0] = (unsigned char)x;
    u[1] = (unsigned char)(x >> 8);
    u[2] = (unsigned char)(x >> 16);
    u[3] = (unsigned char)(x >> 24);
}

static uint32_t get_u32(const char *p) {
    const unsigned char *u = (const unsigned char *)p;
    return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

static int too_large(mn_error *err) {
    return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Nested value is too large (more than %zu bytes)",
                        MN_NESTED_MAX_BYTES);
}

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory"); }

/* Appends a block of n values (types[homogeneous ? 0 : i], slots[i] or NULL). */
static int write_block(mn_strbuf *out, int n, const mn_type *types, bool homogeneous, const uint32_t *slot_off,
                       const void *const *slots, mn_error *err) {
    size_t bm = ((size_t)n + 7) / 8, slot_area = 0, data = 0;
    for (int i = 0; i < n; i++) {
        mn_type t = types[homogeneous ? 0 : i];
        slot_area += slot_width(t);
        if (slots[i] && mn_nested_is_varlen(t)) data += ((const mn_str *)slots[i])->len;
    }
    size_t total = bm + slot_area + data;
    if (total > MN_NESTED_MAX_BYTES || out->len + total > MN_NESTED_MAX_BYTES) return too_large(err);
    char *p = calloc(1, total ? total : 1);
    if (!p) return oom(err);
    char *sl = p + bm, *dp = sl + slot_area;
    uint32_t end = 0;
    size_t off = 0;
    for (int i = 0; i < n; i++) {
        mn_type t = types[homogeneous ? 0 : i];
        uint32_t w = slot_width(t);
        char *s = sl + (homogeneous || !slot_off ? off : slot_off[i]);
        off += w;
        const void *v = slots[i];
        if (!v || t.id == MN_T_UNKNOWN) {
            p[i >> 3] |= (char)(1 << (i & 7));
            if (mn_nested_is_varlen(t)) put_u32(s, end);
            continue;
        }
        if (mn_nested_is_varlen(t)) {
            const mn_str *str = v;
            if (str->len) memcpy(dp + end, str->ptr, str->len);
            end += str->len;
            put_u32(s, end);
        } else if (t.id == MN_T_REAL) {
            float f;
            memcpy(&f, v, 4);
            if (f != f) f = __builtin_nanf("");
            else if (f == 0) f = 0;
            memcpy(s, &f, 4);
        } else if (t.id == MN_T_DOUBLE) {
            double d;
            memcpy(&d, v, 8);
            if (d != d) d = __builtin_nan("");
            else if (d == 0) d = 0;
            memcpy(s, &d, 8);
        } else {
            memcpy(s, v, w);
        }
    }
    int rc = mn_strbuf_append(out, p, total) != 0 || out->oom ? oom(err) : 0;
    free(p);
    return rc;
}

int mn_nested_encode_array(mn_strbuf *out, mn_type elem, int n, const void *const *slots, mn_error *err) {
    char nb[4];
    if (n < 0) return mn_error_set(err, MN_ERR_INTERNAL, "negative array length");
    put_u32(nb, (uint32_t)n);
    if (mn_strbuf_append(out, nb, 4) != 0) return oom(err);
    return write_block(out, n, &elem, true, NULL, slots, err);
}

int mn_nested_encode_row(mn_strbuf *out, mn_type row, const void *const *slots, mn_error *err) {
    const mn_type_ext *e = row.ext;
    return write_block(out, e->n, e->types, false, e->slot_off, slots, err);
}

typedef struct sort_ctx {
    mn_type t;
    const void *const *keys;
} sort_ctx;

/* merge sort of indices by key (stable; qsort has no context argument in C11) */
static void sort_idx(const sort_ctx *c, int *a, int *tmp, int n) {
    if (n < 2) return;
    int h = n / 2;
    sort_idx(c, a, tmp, h);
    sort_idx(c, a + h, tmp, n - h);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) {
        if (mn_nested_slot_compare(c->t, c->keys[a[j]], c->keys[a[i]]) < 0) tmp[k++] = a[j++];
        else tmp[k++] = a[i++];
    }
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, sizeof(int) * (size_t)n);
}

int mn_nested_encode_map(mn_strbuf *out, mn_type map, int n, const void *const *keys, const void *const *values,
                         mn_error *err) {
    mn_type kt = mn_type_map_key(map), vt = mn_type_map_value(map);
    for (int i = 0; i < n; i++)
        if (!keys[i] || kt.id == MN_T_UNKNOWN) return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "map key cannot be null");
    int *idx = malloc(sizeof(int) * (size_t)(n ? 2 * n : 1));
    const void **sk = malloc(sizeof(void *) * (size_t)(n ? 2 * n : 1));
    mn_strbuf kb, vb;
    mn_strbuf_init(&kb);
    mn_strbuf_init(&vb);
    int rc = -1;
    if (!idx || !sk) {
        oom(err);
        goto done;
    }
    for (int i = 0; i < n; i++) idx[i] = i;
    sort_ctx c = {kt, keys};
    sort_idx(&c, idx, idx + n, n);
    for (int i = 1; i < n; i++) {
        if (mn_nested_slot_compare(kt, keys[idx[i - 1]], keys[idx[i]]) == 0) {
            mn_strbuf r;
            mn_strbuf_init(&r);
            mn_nested_render_slot(kt, keys[idx[i]], &r);
            mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "Duplicate map keys (%s) are not allowed",
                         r.data && !r.oom ? r.data : "?");
            mn_strbuf_free(&r);
            goto done;
        }
    }
    for (int i = 0; i < n; i++) {
        sk[i] = keys[idx[i]];
        sk[n + i] = values[idx[i]];
    }
    if (mn_nested_encode_array(&kb, kt, n, sk, err) || mn_nested_encode_array(&vb, vt, n, sk + n, err)) goto done;
    if (kb.oom || vb.oom) {
        oom(err);
        goto done;
    }
    mn_str parts[2] = {{kb.data ? kb.data : "", (uint32_t)kb.len}, {vb.data ? vb.data : "", (uint32_t)vb.len}};
    const void *ps[2] = {&parts[0], &parts[1]};
    /* the outer block holds two arrays: two variable-length slots */
    mn_type outer[2] = {mn_type_varchar(-1), mn_type_varchar(-1)};
    rc = write_block(out, 2, outer, false, NULL, ps, err);
done:
    mn_strbuf_free(&kb);
    mn_strbuf_free(&vb);
    free(idx);
    free(sk);
    return rc;
}

/* ---------- decoding ---------- */

static int view_block(int n, const mn_type *types, bool homogeneous, const uint32_t *slot_off, uint32_t slot_size,
                      const char *p, size_t len, mn_nested_block *out) {
    size_t bm = ((size_t)n + 7) / 8;
    size_t sa = homogeneous ? (size_t)slot_width(types[0]) * (size_t)n : slot_size;
    if (bm + sa > len) return -1;
    out->n = n;
    out->types = types;
    out->homogeneous = homogeneous;
    out->bitmap = (const uint8_t *)p;
    out->slots = p + bm;
    out->slot_off = slot_off;
    out->width = homogeneous ? slot_width(types[0]) : 0;
    out->data = p + bm + sa;
    out->data_len = (uint32_t)(len - bm - sa);
    return 0;
}

/* elem points into an interned ext (it outlives the view) */
static int array_view_elem(const mn_type *elem, mn_str v, mn_nested_block *out) {
    if (v.len < 4 || !v.ptr) return -1;
    uint32_t n = get_u32(v.ptr);
    if (n > v.len) return -1; /* every element takes at least one bit; cheap sanity bound */
    return view_block((int)n, elem, true, NULL, 0, v.ptr + 4, v.len - 4, out);
}

int mn_array_view(mn_type array_type, mn_str v, mn_nested_block *out) {
    if (array_type.id != MN_T_ARRAY || !array_type.ext) return -1;
    return array_view_elem(&array_type.ext->types[0], v, out);
}

int mn_row_view(mn_type row_type, mn_str v, mn_nested_block *out) {
    const mn_type_ext *e = row_type.ext;
    if (row_type.id != MN_T_ROW || !e || !v.ptr) return -1;
    return view_block(e->n, e->types, false, e->slot_off, e->slot_size, v.ptr, v.len, out);
}

int mn_map_view(mn_type map_type, mn_str v, mn_nested_block *keys, mn_nested_block *values) {
    const mn_type_ext *e = map_type.ext;
    static const uint32_t offs[2] = {0, 4};
    mn_nested_block outer;
    if (map_type.id != MN_T_MAP || !e || !v.ptr) return -1;
    if (view_block(2, e->types, false, offs, 8, v.ptr, v.len, &outer)) return -1;
    uint32_t k_end = get_u32(outer.slots), v_end = get_u32(outer.slots + 4);
    if (k_end > v_end || v_end > outer.data_len) return -1;
    mn_str ks = {outer.data, k_end}, vs = {outer.data + k_end, v_end - k_end};
    if (array_view_elem(&e->types[0], ks, keys) || array_view_elem(&e->types[1], vs, values)) return -1;
    return keys->n == values->n ? 0 : -1;
}

void mn_block_get(const mn_nested_block *b, int i, void *slot) {
    mn_type t = mn_block_type(b, i);
    size_t sz = mn_type_size(t);
    if (i < 0 || i >= b->n || mn_block_is_null(b, i)) {
        memset(slot, 0, sz);
        return;
    }
    uint32_t off = b->homogeneous ? b->width * (uint32_t)i : b->slot_off[i];
    const char *s = b->slots + off;
    if (!mn_nested_is_varlen(t)) {
        memcpy(slot, s, sz);
        return;
    }
    uint32_t end = get_u32(s), start = 0;
    if (b->homogeneous) {
        if (i > 0) start = get_u32(s - 4);
    } else {
        for (int j = i - 1; j >= 0; j--) {
            if (mn_nested_is_varlen(b->types[j])) {
                start = get_u32(b->slots + b->slot_off[j]);
                break;
            }
        }
    }
    mn_str r = {"", 0};
    if (start <= end && end <= b->data_len) {
        r.ptr = b->data + start;
        r.len = end - start;
    }
    memcpy(slot, &r, sizeof r);
}

/* ---------- comparison ---------- */

typedef union {
    mn_str s;
    mn_i128 dec;
    int64_t i;
    double d;
    char raw[32];
} slot_buf;

static int block_compare(const mn_nested_block *a, const mn_nested_block *b) {
    int n = a->n < b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) {
        bool na = mn_block_is_null(a, i), nb = mn_block_is_null(b, i);
        if (na || nb) {
            if (na != nb) return na ? 1 : -1;
            continue;
        }
        slot_buf x, y;
        mn_block_get(a, i, &x);
        mn_block_get(b, i, &y);
        int c = mn_nested_slot_compare(mn_block_type(a, i), &x, &y);
        if (c) return c;
    }
    return a->n < b->n ? -1 : a->n > b->n;
}

int mn_nested_slot_compare(mn_type t, const void *a, const void *b) {
    if (!mn_type_is_nested(t)) return mn_slot_compare(t, a, b);
    mn_str x = *(const mn_str *)a, y = *(const mn_str *)b;
    mn_nested_block ba, bb, va, vb;
    switch (t.id) {
    case MN_T_ARRAY:
        if (mn_array_view(t, x, &ba) || mn_array_view(t, y, &bb)) break;
        return block_compare(&ba, &bb);
    case MN_T_ROW:
        if (mn_row_view(t, x, &ba) || mn_row_view(t, y, &bb)) break;
        return block_compare(&ba, &bb);
    case MN_T_MAP: {
        if (mn_map_view(t, x, &ba, &va) || mn_map_view(t, y, &bb, &vb)) break;
        int c = block_compare(&ba, &bb);
        return c ? c : block_compare(&va, &vb);
    }
    default: break;
    }
    /* malformed: bytes */
    uint32_t n = x.len < y.len ? x.len : y.len;
    int c = n ? memcmp(x.ptr, y.ptr, n) : 0;
    return c ? c : x.len < y.len ? -1 : x.len > y.len;
}

/* 1 equal, 0 not, -1 indeterminate */
static int slot_equal(mn_type t, const void *a, const void *b) {
    if (mn_type_is_nested(t)) return mn_nested_equal(t, *(const mn_str *)a, *(const mn_str *)b);
    if (t.id == MN_T_REAL) {
        float x, y;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        return x == y;
    }
    if (t.id == MN_T_DOUBLE) {
        double x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        return x == y;
    }
    if (t.id == MN_T_CHAR) {
        /* CHAR compares as if padded with spaces */
        mn_str x = *(const mn_str *)a, y = *(const mn_str *)b;
        uint32_t n = x.len < y.len ? x.len : y.len;
        if (n && memcmp(x.ptr, y.ptr, n) != 0) return 0;
        const mn_str *l = x.len > y.len ? &x : &y;
        for (uint32_t i = n; i < l->len; i++)
            if (l->ptr[i] != ' ') return 0;
        return 1;
    }
    return mn_slot_compare(t, a, b) == 0;
}

static int block_equal(const mn_nested_block *a, const mn_nested_block *b) {
    if (a->n != b->n) return 0;
    bool unknown = false;
    for (int i = 0; i < a->n; i++) {
        if (mn_block_is_null(a, i) || mn_block_is_null(b, i)) {
            unknown = true;
            continue;
        }
        slot_buf x, y;
        mn_block_get(a, i, &x);
        mn_block_get(b, i, &y);
        int r = slot_equal(mn_block_type(a, i), &x, &y);
        if (r == 0) return 0;
        if (r < 0) unknown = true;
    }
    return unknown ? -1 : 1;
}

int mn_nested_equal(mn_type t, mn_str x, mn_str y) {
    mn_nested_block ba, bb, va, vb;
    switch (t.id) {
    case MN_T_ARRAY:
        if (mn_array_view(t, x, &ba) || mn_array_view(t, y, &bb)) break;
        return block_equal(&ba, &bb);
    case MN_T_ROW:
        if (mn_row_view(t, x, &ba) || mn_row_view(t, y, &bb)) break;
        return block_equal(&ba, &bb);
    case MN_T_MAP: {
        if (mn_map_view(t, x, &ba, &va) || mn_map_view(t, y, &bb, &vb)) break;
        /* canonical keys: equal key sets have equal key arrays */
        if (block_equal(&ba, &bb) != 1) return 0;
        return block_equal(&va, &vb);
    }
    default: break;
    }
    return x.len == y.len && (x.len == 0 || memcmp(x.ptr, y.ptr, x.len) == 0);
}

/* ---------- rendering ---------- */

int mn_nested_render_slot(mn_type t, const void *slot, mn_strbuf *out) {
    if (mn_type_is_nested(t)) return mn_nested_render(t, *(const mn_str *)slot, out);
    if (t.id == MN_T_UNKNOWN) return mn_strbuf_puts(out, "NULL");
    if (t.id == MN_T_VARBINARY) {
        const mn_str *s = slot;
        return mn_format_varbinary_hex(s->ptr, s->len, out);
    }
    if (mn_nested_is_varlen(t)) {
        const mn_str *s = slot;
        return mn_strbuf_append(out, s->ptr, s->len);
    }
    char buf[128];
    size_t n = mn_format_value(t, slot, buf);
    return mn_strbuf_append(out, buf, n);
}

static int render_block_item(const mn_nested_block *b, int i, mn_strbuf *out) {
    if (mn_block_is_null(b, i)) return mn_strbuf_puts(out, "NULL");
    slot_buf x;
    mn_block_get(b, i, &x);
    return mn_nested_render_slot(mn_block_type(b, i), &x, out);
}

int mn_nested_render(mn_type t, mn_str v, mn_strbuf *out) {
    mn_nested_block b, vals;
    switch (t.id) {
    case MN_T_ARRAY:
        if (mn_array_view(t, v, &b)) break;
        mn_strbuf_putc(out, '[');
        for (int i = 0; i < b.n; i++) {
            if (i) mn_strbuf_puts(out, ", ");
            render_block_item(&b, i, out);
        }
        return mn_strbuf_putc(out, ']');
    case MN_T_MAP:
        if (mn_map_view(t, v, &b, &vals)) break;
        mn_strbuf_putc(out, '{');
        for (int i = 0; i < b.n; i++) {
            if (i) mn_strbuf_puts(out, ", ");
            render_block_item(&b, i, out);
            mn_strbuf_putc(out, '=');
            render_block_item(&vals, i, out);
        }
        return mn_strbuf_putc(out, '}');
    case MN_T_ROW:
        if (mn_row_view(t, v, &b)) break;
        mn_strbuf_putc(out, '{');
        for (int i = 0; i < b.n; i++) {
            if (i) mn_strbuf_puts(out, ", ");
            if (t.ext->names && t.ext->names[i]) {
                mn_strbuf_puts(out, t.ext->names[i]);
                mn_strbuf_putc(out, '=');
            }
            render_block_item(&b, i, out);
        }
        return mn_strbuf_putc(out, '}');
    default: break;
    }
    return mn_strbuf_puts(out, "<malformed>");
}
