/* parquet_nested.c — nested Parquet fields: the mapping of LIST, MAP and plain groups (and
 * unannotated repeated fields) onto ARRAY, MAP and ROW types, and the reader that assembles
 * values from the repetition/definition levels of a field's leaf columns.
 *
 * Schema rules (parquet-format LogicalTypes.md, backward-compatibility rules included):
 *   - a LIST group holds one repeated field R; the element is R itself when R is a primitive,
 *     a group of several fields, or a one-field group named "array" or "<list>_tuple" (legacy
 *     2-level lists), else R's only field (3-level lists);
 *   - a MAP (or, legacy, MAP_KEY_VALUE) group holds one repeated group of (key, value);
 *   - a repeated field outside LIST/MAP is a non-NULL list of non-NULL elements (a repeated
 *     primitive an array of it, a repeated group an array of rows);
 *   - any other group is a ROW of its fields.
 *
 * Assembly (one top-level row at a time): each node decides from the next entry of its first
 * leaf whether it is NULL (definition level below the node's), an empty list/map, or present;
 * a list's elements continue while that leaf's next repetition level equals the list's. A
 * NULL or empty node takes exactly one entry from every leaf below it. Leaves are buffered a
 * few pages at a time (strings copied into the leaf's heap), so memory follows the batch, not
 * the row group. Disagreeing leaves (a leaf not at a row start when a row begins, levels that
 * contradict the first leaf, leaves with more or fewer rows) are reported as corrupt.
 *
 * Reading as another type (a table's declared column type): the field's tree is projected
 * onto it — ROW fields matched by name (ASCII case-insensitively; anonymous ones by
 * position; fields the file lacks read as NULL, fields the type lacks are not read at all), element/key/value types recursively,
 * scalars widened (integers, REAL to DOUBLE) or reinterpreted (VARCHAR/VARBINARY/JSON bytes). */
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "format/parquet_internal.h"
#include "types/nested.h"

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory reading Parquet"); }

/* ------------------------------------------------------------------ schema */

/* The raw schema tree of one field (children of element idx). */
typedef struct snode {
    const pq_schema_el *e;
    const char *name;
    int rep_type; /* MN_PQ_REQUIRED.. */
    int def, rep; /* cumulative levels at this element */
    int leaf;     /* column index of a primitive, else -1 */
    int first_leaf, nleaves;
    int nkids;
    struct snode *kids;
} snode;

typedef struct sctx {
    mn_parquet_file *f;
    const pq_file_meta *m;
    int next, leaf;
    const char *why; /* why the field cannot be read */
    mn_error *err;
} sctx;

static int walk(sctx *c, snode *s, int idx, int def, int rep) {
    const pq_schema_el *e = &c->m->schema[idx];
    s->e = e;
    s->name = mn_arena_strndup(&c->f->arena, (const char *)e->name, e->name_len);
    if (!s->name) return oom(c->err);
    s->rep_type = e->repetition < 0 ? MN_PQ_REQUIRED : e->repetition;
    s->def = def + (s->rep_type != MN_PQ_REQUIRED);
    s->rep = rep + (s->rep_type == MN_PQ_REPEATED);
    s->first_leaf = c->leaf;
    s->leaf = -1;
    if (e->num_children > 0 || e->type < 0) {
        s->nkids = e->num_children < 0 ? 0 : e->num_children; /* validated by parquet_file.c */
        s->kids = mn_arena_calloc(&c->f->arena, sizeof *s->kids * (size_t)(s->nkids ? s->nkids : 1));
        if (!s->kids) return oom(c->err);
        for (int k = 0; k < s->nkids; k++)
            if (walk(c, &s->kids[k], c->next++, s->def, s->rep)) return -1;
    } else {
        s->leaf = c->leaf++;
    }
    s->nleaves = c->leaf - s->first_leaf;
    return 0;
}

static bool is_list(const pq_schema_el *e) { return e->logical.kind == MN_PQ_LT_LIST || e->converted == MN_PQ_CT_LIST; }
static bool is_map(const pq_schema_el *e) {
    return e->logical.kind == MN_PQ_LT_MAP || e->converted == MN_PQ_CT_MAP || e->converted == MN_PQ_CT_MAP_KEY_VALUE;
}

static pq_node *new_node(sctx *c, int kind, const snode *s, int nkids) {
    pq_node *n = mn_arena_calloc(&c->f->arena, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->first_leaf = s->first_leaf;
    n->nleaves = s->nleaves;
    n->leaf = s->leaf;
    n->nkids = nkids;
    if (nkids && !(n->kids = mn_arena_calloc(&c->f->arena, sizeof *n->kids * (size_t)nkids))) return NULL;
    return n;
}

static int unsupported(sctx *c, const char *fmt, const char *a, const char *b) {
    if (!c->why) c->why = mn_arena_sprintf(&c->f->arena, fmt, a, b);
    return c->why ? -1 : oom(c->err);
}

/* The node of schema element s. as_elem: s's own repetition was taken as a list's repeated
 * level, so s is a present, non-NULL element. -1 with c->why (unreadable) or err. */
static int conv(sctx *c, const snode *s, bool as_elem, pq_node **out) {
    pq_node *n;
    if (s->rep_type == MN_PQ_REPEATED && !as_elem) { /* unannotated repeated field */
        if (!(n = new_node(c, PQN_LIST, s, 1))) return oom(c->err);
        n->def = s->def - 1;
        n->elem_def = s->def;
        n->rep = s->rep;
        if (conv(c, s, true, &n->kids[0])) return -1;
        if (mn_type_make_array(n->kids[0]->type, &n->type)) return unsupported(c, "field '%s' nests too deeply%s", s->name, "");
        *out = n;
        return 0;
    }
    bool nullable = s->rep_type == MN_PQ_OPTIONAL && !as_elem;
    if (s->leaf >= 0) {
        const mn_parquet_column *col = &c->f->cols[s->leaf];
        if (col->unsupported) return unsupported(c, "%s%s", col->unsupported, "");
        if (!(n = new_node(c, PQN_LEAF, s, 0))) return oom(c->err);
        n->type = col->type;
    } else if (is_list(s->e)) {
        if (s->nkids != 1 || s->kids[0].rep_type != MN_PQ_REPEATED)
            return unsupported(c, "LIST '%s' does not hold exactly one repeated field%s", s->name, "");
        const snode *r = &s->kids[0];
        if (!(n = new_node(c, PQN_LIST, s, 1))) return oom(c->err);
        n->elem_def = r->def;
        n->rep = r->rep;
        bool two_level = r->leaf >= 0 || r->nkids > 1;
        if (r->nkids == 1) {
            size_t ln = strlen(s->name);
            two_level = strcmp(r->name, "array") == 0 ||
                        (strncmp(r->name, s->name, ln) == 0 && strcmp(r->name + ln, "_tuple") == 0);
        } else if (r->leaf < 0 && r->nkids == 0) {
            return unsupported(c, "LIST '%s' has an empty element group%s", s->name, "");
        }
        if (conv(c, two_level ? r : &r->kids[0], two_level, &n->kids[0])) return -1;
        if (mn_type_make_array(n->kids[0]->type, &n->type)) return unsupported(c, "field '%s' nests too deeply%s", s->name, "");
    } else if (is_map(s->e)) {
        if (s->nkids != 1 || s->kids[0].rep_type != MN_PQ_REPEATED || s->kids[0].leaf >= 0)
            return unsupported(c, "MAP '%s' does not hold exactly one repeated group%s", s->name, "");
        const snode *kv = &s->kids[0];
        if (kv->nkids != 2) return unsupported(c, "MAP '%s' does not have exactly a key and a value%s", s->name, "");
        if (!(n = new_node(c, PQN_MAP, s, 2))) return oom(c->err);
        n->elem_def = kv->def;
        n->rep = kv->rep;
        if (conv(c, &kv->kids[0], false, &n->kids[0]) || conv(c, &kv->kids[1], false, &n->kids[1])) return -1;
        if (mn_type_make_map(n->kids[0]->type, n->kids[1]->type, &n->type))
            return unsupported(c, "field '%s' nests too deeply%s", s->name, "");
    } else {
        if (s->e->logical.kind == MN_PQ_LT_VARIANT) return unsupported(c, "'%s' has type VARIANT, which is not supported yet%s", s->name, "");
        if (s->nkids == 0) return unsupported(c, "group '%s' has no fields%s", s->name, "");
        if (s->nkids > MN_NESTED_MAX_FIELDS) return unsupported(c, "group '%s' has too many fields%s", s->name, "");
        if (!(n = new_node(c, PQN_ROW, s, s->nkids))) return oom(c->err);
        /* in the arena, not on the stack: groups nest up to PQ_MAX_DEPTH deep */
        mn_type *types = mn_arena_alloc(&c->f->arena, sizeof *types * (size_t)s->nkids);
        const char **names = mn_arena_alloc(&c->f->arena, sizeof *names * (size_t)s->nkids);
        if (!types || !names) return oom(c->err);
        for (int k = 0; k < s->nkids; k++) {
            if (conv(c, &s->kids[k], false, &n->kids[k])) return -1;
            types[k] = n->kids[k]->type;
            names[k] = s->kids[k].name;
        }
        if (mn_type_make_row(s->nkids, types, names, &n->type))
            return unsupported(c, "field '%s' nests too deeply%s", s->name, "");
    }
    n->nullable = nullable;
    n->def = s->def; /* its own optional or (as an element) repeated level counted */
    *out = n;
    return 0;
}

int pq_build_nested(mn_parquet_file *f, const pq_file_meta *m, mn_error *err) {
    f->nodes = mn_arena_calloc(&f->arena, sizeof *f->nodes * (size_t)(f->nfields ? f->nfields : 1));
    if (!f->nodes) return oom(err);
    sctx c = {f, m, 1, 0, NULL, err};
    for (int i = 0; i < f->nfields; i++) {
        mn_parquet_field *F = &f->fields[i];
        snode s;
        memset(&s, 0, sizeof s);
        if (walk(&c, &s, c.next++, 0, 0)) return -1;
        if (!F->nested) continue;
        c.why = NULL;
        pq_node *n = NULL;
        if (conv(&c, &s, false, &n)) {
            if (!c.why) return -1;
            F->unsupported = c.why;
            F->type = mn_type_make(MN_T_UNKNOWN);
            continue;
        }
        f->nodes[i] = n;
        F->type = n->type;
    }
    return 0;
}

/* ------------------------------------------------------------------ reader */

/* Entries buffered for one leaf may not exceed this (one row of a hostile file could
 * otherwise claim billions of repeated values in a few bytes of RLE). */
#define PQN_MAX_BUFFERED ((int64_t)1 << 25)
/* Consumed entries of a leaf are dropped between rows once there are this many. */
#define PQN_COMPACT_AT ((int64_t)1 << 16)

typedef struct leaf {
    const mn_parquet_column *col;
    bool active;         /* read by the projected tree */
    mn_parquet_reader *rd;
    mn_vector vec;       /* values of one pq_reader_read_levels call */
    bool vec_init;
    size_t slot;
    bool varlen;
    uint8_t *rep, *def;  /* buffered entries [0, n), next one at pos */
    int64_t n, cap, pos;
    uint8_t *vals;       /* buffered non-NULL values [0, nv), next one at vpos */
    int64_t nv, vcap, vpos;
    bool eof;
    mn_arena heap[2];    /* strings of buffered values: heap[cur] */
    int cur;
} leaf;

/* One assembled value: a slot (scalars; strings in a leaf heap) or bytes in a scratch buffer. */
typedef struct rec {
    union {
        uint8_t raw[16];
        mn_str s;
        mn_i128 align;
    } v;
    bool null, inbuf;
    uint32_t off, len;
} rec;

/* Per nesting depth: the values of the node being built one level up. */
typedef struct scratch {
    mn_strbuf buf;
    rec *recs;
    int nrecs, cap;
    const void **ptrs;
    int pcap;
} scratch;

struct mn_parquet_nested_reader {
    const mn_parquet_file *f;
    const mn_parquet_field *F;
    mn_type want;
    const pq_node *root;  /* the field's tree, or its projection onto `want` (in parena) */
    mn_arena parena;
    int nleaves;
    leaf *leaves;      /* leaves[i]: column F->first_leaf + i */
    int nscratch;
    scratch *sc;
    int64_t rows_total, rows_left;
    int64_t bytes_read;
    uint8_t trep[MN_VECTOR_SIZE], tdef[MN_VECTOR_SIZE];
    mn_error *err;
};

static int nbad(mn_parquet_nested_reader *r, const leaf *l, const char *what) {
    return pq_corrupt(r->f, r->err, "column '%s': %s", l ? l->col->path : r->F->name, what);
}

static int node_depth(const pq_node *n) {
    int d = 0;
    for (int k = 0; k < n->nkids; k++) {
        int x = node_depth(n->kids[k]);
        if (x > d) d = x;
    }
    return d + 1;
}

static void leaf_free(leaf *l) {
    mn_parquet_reader_close(l->rd);
    if (l->vec_init) mn_vector_destroy(&l->vec);
    free(l->rep);
    free(l->def);
    free(l->vals);
    mn_arena_destroy(&l->heap[0]);
    mn_arena_destroy(&l->heap[1]);
}

void mn_parquet_nested_close(mn_parquet_nested_reader *r) {
    if (!r) return;
    for (int i = 0; i < r->nleaves; i++) leaf_free(&r->leaves[i]);
    free(r->leaves);
    for (int i = 0; i < r->nscratch; i++) {
        mn_strbuf_free(&r->sc[i].buf);
        free(r->sc[i].recs);
        free(r->sc[i].ptrs);
    }
    free(r->sc);
    mn_arena_destroy(&r->parena);
    free(r);
}

int64_t mn_parquet_nested_bytes_read(const mn_parquet_nested_reader *r) {
    int64_t b = r->bytes_read;
    for (int i = 0; i < r->nleaves; i++)
        if (r->leaves[i].rd) b += mn_parquet_reader_bytes_read(r->leaves[i].rd);
    return b;
}

/* ---- projection onto a requested type ---- */

static bool is_int(int id) { return id >= MN_T_TINYINT && id <= MN_T_BIGINT; }
/* (a declared varchar(n) inside a nested type takes the values as they are: no truncation) */
static bool is_bytes(mn_type t) { return t.id == MN_T_VARCHAR || t.id == MN_T_VARBINARY || t.id == MN_T_JSON; }

/* How a leaf of type `from` reads as `to`: 0 the same slots, 1 widened, -1 not at all. */
static int scalar_conv(mn_type from, mn_type to) {
    if (mn_type_equal(from, to) || (is_bytes(from) && is_bytes(to)) || (from.id == MN_T_TIMESTAMP && to.id == MN_T_TIMESTAMP))
        return 0;
    if (is_int(from.id) && is_int(to.id) && to.id >= from.id) return 1;
    if ((is_int(from.id) || from.id == MN_T_REAL) && to.id == MN_T_DOUBLE) return 1;
    return -1;
}

static void widen(mn_type from, mn_type to, rec *x) {
    int64_t i = 0;
    double d = 0;
    switch (from.id) {
    case MN_T_TINYINT: { int8_t v; memcpy(&v, x->v.raw, 1); i = v; break; }
    case MN_T_SMALLINT: { int16_t v; memcpy(&v, x->v.raw, 2); i = v; break; }
    case MN_T_INTEGER: { int32_t v; memcpy(&v, x->v.raw, 4); i = v; break; }
    case MN_T_BIGINT: memcpy(&i, x->v.raw, 8); break;
    case MN_T_REAL: { float v; memcpy(&v, x->v.raw, 4); d = v; break; }
    default: break;
    }
    if (from.id != MN_T_REAL) d = (double)i;
    memset(x->v.raw, 0, sizeof x->v.raw);
    switch (to.id) {
    case MN_T_SMALLINT: { int16_t v = (int16_t)i; memcpy(x->v.raw, &v, 2); break; }
    case MN_T_INTEGER: { int32_t v = (int32_t)i; memcpy(x->v.raw, &v, 4); break; }
    case MN_T_BIGINT: memcpy(x->v.raw, &i, 8); break;
    case MN_T_DOUBLE: memcpy(x->v.raw, &d, 8); break;
    default: break;
    }
}

typedef struct pctx {
    const mn_parquet_file *f;
    const mn_parquet_field *F;
    mn_arena *a;
    bool *active; /* per leaf of F */
    mn_type want; /* the whole field's, for messages */
    mn_error *err;
} pctx;

static int mismatch(pctx *c) {
    char a[512], b[512];
    return mn_error_set(c->err, MN_ERR_TYPE_MISMATCH, "Column '%s' of Parquet file '%s' has type %s, which cannot be read as %s",
                        c->F->name, c->f->path, mn_type_name(c->F->type, a, sizeof a), mn_type_name(c->want, b, sizeof b));
}

static int project(pctx *c, const pq_node *n, mn_type want, const pq_node **out) {
    if (mn_type_equal(n->type, want)) {
        for (int i = 0; i < n->nleaves; i++) c->active[n->first_leaf - c->F->first_leaf + i] = true;
        *out = n;
        return 0;
    }
    pq_node *p = mn_arena_alloc(c->a, sizeof *p);
    if (!p) return oom(c->err);
    *p = *n;
    p->type = want;
    int nk = n->kind == PQN_ROW && want.id == MN_T_ROW ? want.ext->n : n->nkids;
    if (nk && !(p->kids = mn_arena_calloc(c->a, sizeof *p->kids * (size_t)nk))) return oom(c->err);
    p->nkids = nk;
    switch (n->kind) {
    case PQN_LEAF: {
        int cv = scalar_conv(n->type, want);
        if (cv < 0) return mismatch(c);
        p->conv = cv == 1;
        c->active[n->leaf - c->F->first_leaf] = true;
        break;
    }
    case PQN_LIST:
        if (want.id != MN_T_ARRAY) return mismatch(c);
        if (project(c, n->kids[0], mn_type_elem(want), (const pq_node **)&p->kids[0])) return -1;
        break;
    case PQN_MAP:
        if (want.id != MN_T_MAP) return mismatch(c);
        if (project(c, n->kids[0], mn_type_map_key(want), (const pq_node **)&p->kids[0]) ||
            project(c, n->kids[1], mn_type_map_value(want), (const pq_node **)&p->kids[1]))
            return -1;
        break;
    case PQN_ROW: {
        if (want.id != MN_T_ROW) return mismatch(c);
        bool used[MN_NESTED_MAX_FIELDS] = {false};
        int matched = 0;
        for (int k = 0; k < nk; k++) {
            const char *name = want.ext->names ? want.ext->names[k] : NULL;
            int j = !name && k < n->nkids && !used[k] ? k : -1; /* anonymous fields: by position */
            for (int x = 0; name && x < n->nkids && j < 0; x++)
                if (!used[x] && n->type.ext->names && n->type.ext->names[x] && strcasecmp(n->type.ext->names[x], name) == 0)
                    j = x;
            if (j < 0) { /* the file lacks the field: NULL */
                pq_node *z = mn_arena_calloc(c->a, sizeof *z);
                if (!z) return oom(c->err);
                z->kind = PQN_NULL;
                z->type = want.ext->types[k];
                p->kids[k] = z;
                continue;
            }
            used[j] = true;
            matched++;
            if (project(c, n->kids[j], want.ext->types[k], (const pq_node **)&p->kids[k])) return -1;
        }
        if (!matched) return mismatch(c); /* nothing would say whether the row is NULL */
        break;
    }
    default: return mismatch(c);
    }
    /* the leaves read below this node: from its first to its last active one */
    int lo = -1, hi = -1;
    for (int k = 0; k < p->nkids; k++) {
        const pq_node *q = p->kids[k];
        if (q->kind == PQN_NULL) continue;
        if (lo < 0 || q->first_leaf < lo) lo = q->first_leaf;
        if (q->first_leaf + q->nleaves > hi) hi = q->first_leaf + q->nleaves;
    }
    if (n->kind != PQN_LEAF) {
        p->first_leaf = lo;
        p->nleaves = hi - lo;
    }
    *out = p;
    return 0;
}

/* The field's tree for type `want` (marking the leaves it reads in active[]). */
static int field_tree(const mn_parquet_file *f, int field, mn_type want, mn_arena *a, bool *active, const pq_node **out,
                      mn_error *err) {
    const mn_parquet_field *F = mn_parquet_field_at(f, field);
    if (!F) return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "no field %d in '%s'", field, f->path);
    if (F->unsupported) return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet file '%s': %s", f->path, F->unsupported);
    if (!f->nodes[field]) return mn_error_set(err, MN_ERR_INTERNAL, "Parquet field '%s' is not nested", F->name);
    pctx c = {f, F, a, active, want, err};
    for (int i = 0; i < F->nleaves; i++) active[i] = false;
    return project(&c, f->nodes[field], want, out);
}

int mn_parquet_nested_check(const mn_parquet_file *f, int field, mn_type want, mn_error *err) {
    const mn_parquet_field *F = mn_parquet_field_at(f, field);
    if (!F) return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "no field %d in '%s'", field, f->path);
    mn_arena a;
    mn_arena_init(&a, 0);
    bool *active = mn_arena_alloc(&a, sizeof *active * (size_t)(F->nleaves ? F->nleaves : 1));
    const pq_node *root;
    int rc = active ? field_tree(f, field, want, &a, active, &root, err) : oom(err);
    mn_arena_destroy(&a);
    return rc;
}

int mn_parquet_nested_reset(mn_parquet_nested_reader *r, const mn_parquet_file *f, int rg, int field, mn_type want,
                            mn_error *err) {
    r->rows_left = 0;
    const mn_parquet_field *F = mn_parquet_field_at(f, field);
    if (!F || rg < 0 || rg >= f->nrgs)
        return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "no field %d of row group %d in '%s'", field, rg, f->path);
    bool same = r->F == F && r->f == f && r->root && mn_type_equal(r->want, want);
    if (r->F != F || r->f != f) { /* another field or file: new leaves and scratch */
        r->root = NULL;
        for (int i = 0; i < r->nleaves; i++) {
            mn_parquet_reader *rd = r->leaves[i].rd;
            r->bytes_read += rd ? mn_parquet_reader_bytes_read(rd) : 0;
            leaf_free(&r->leaves[i]);
        }
        free(r->leaves);
        r->nleaves = 0;
        r->F = NULL;
        r->leaves = calloc((size_t)(F->nleaves ? F->nleaves : 1), sizeof *r->leaves);
        if (!r->leaves) return oom(err);
        r->nleaves = F->nleaves;
        for (int i = 0; i < r->nleaves; i++) {
            mn_arena_init(&r->leaves[i].heap[0], 0);
            mn_arena_init(&r->leaves[i].heap[1], 0);
        }
    }
    r->f = f;
    r->F = F;
    if (!same) {
        r->root = NULL;
        mn_arena_rewind(&r->parena);
        bool *active = mn_arena_alloc(&r->parena, sizeof *active * (size_t)(F->nleaves ? F->nleaves : 1));
        const pq_node *root;
        if (!active) return oom(err);
        if (field_tree(f, field, want, &r->parena, active, &root, err)) return -1;
        for (int i = 0; i < r->nleaves; i++) r->leaves[i].active = active[i];
        int depth = node_depth(root) + 1;
        if (depth > r->nscratch) {
            scratch *ns = realloc(r->sc, sizeof *ns * (size_t)depth);
            if (!ns) return oom(err);
            r->sc = ns;
            for (int i = r->nscratch; i < depth; i++) {
                memset(&ns[i], 0, sizeof ns[i]);
                mn_strbuf_init(&ns[i].buf);
            }
            r->nscratch = depth;
        }
        r->root = root;
        r->want = want;
    }
    for (int i = 0; i < r->nleaves; i++) {
        leaf *l = &r->leaves[i];
        l->col = &f->cols[F->first_leaf + i];
        l->n = l->pos = l->nv = l->vpos = 0;
        l->eof = !l->active;
        mn_arena_rewind(&l->heap[0]);
        mn_arena_rewind(&l->heap[1]);
        if (!l->active) continue;
        if (l->rd ? mn_parquet_reader_reset(l->rd, f, rg, F->first_leaf + i, err)
                  : !(l->rd = mn_parquet_reader_open(f, rg, F->first_leaf + i, err)))
            return -1;
        if (!l->vec_init || !mn_type_equal(l->vec.type, l->col->type)) {
            if (l->vec_init) mn_vector_destroy(&l->vec);
            mn_vector_init(&l->vec, l->col->type);
            l->vec_init = true;
        }
        l->slot = mn_type_size(l->col->type);
        l->varlen = mn_type_is_varlen(l->col->type);
    }
    r->rows_total = r->rows_left = f->rgs[rg].num_rows;
    return 0;
}

mn_parquet_nested_reader *mn_parquet_nested_open(const mn_parquet_file *f, int rg, int field, mn_type want,
                                                 mn_error *err) {
    mn_parquet_nested_reader *r = calloc(1, sizeof *r);
    if (!r) {
        oom(err);
        return NULL;
    }
    mn_arena_init(&r->parena, 0);
    if (mn_parquet_nested_reset(r, f, rg, field, want, err)) {
        mn_parquet_nested_close(r);
        return NULL;
    }
    return r;
}

static int grow(void **p, int64_t *cap, int64_t need, size_t width) {
    if (need <= *cap) return 0;
    int64_t c = *cap ? *cap : 1024;
    while (c < need) c *= 2;
    void *np = realloc(*p, (size_t)c * width + 16);
    if (!np) return -1;
    *p = np;
    *cap = c;
    return 0;
}

/* Reads more entries of leaf l (up to one vector's worth). */
static int refill(mn_parquet_nested_reader *r, leaf *l) {
    mn_error *err = r->err;
    if (mn_vector_prepare(&l->vec, err)) return -1;
    int ne, nv;
    if (pq_reader_read_levels(l->rd, &l->vec, MN_VECTOR_SIZE, r->trep, r->tdef, &ne, &nv, err)) return -1;
    if (ne == 0) {
        l->eof = true;
        return 0;
    }
    if (l->n + ne > PQN_MAX_BUFFERED) return nbad(r, l, "a row holds too many values (more than 33554432)");
    int64_t cap = l->cap;
    if (grow((void **)&l->rep, &cap, l->n + ne, 1)) return oom(err);
    cap = l->cap;
    if (grow((void **)&l->def, &cap, l->n + ne, 1)) return oom(err);
    l->cap = cap;
    if (grow((void **)&l->vals, &l->vcap, l->nv + nv, l->slot)) return oom(err);
    memcpy(l->rep + l->n, r->trep, (size_t)ne);
    memcpy(l->def + l->n, r->tdef, (size_t)ne);
    if (nv == 0) {
        l->n += ne;
        return 0;
    }
    uint8_t *dst = l->vals + (size_t)l->nv * l->slot;
    memcpy(dst, l->vec.data, (size_t)nv * l->slot);
    if (l->varlen) {
        mn_str *s = (mn_str *)dst;
        for (int i = 0; i < nv; i++) {
            if (!s[i].len) continue;
            char *p = mn_arena_alloc(&l->heap[l->cur], s[i].len);
            if (!p) return oom(err);
            memcpy(p, s[i].ptr, s[i].len);
            s[i].ptr = p;
        }
    }
    l->n += ne;
    l->nv += nv;
    return 0;
}

/* Whether entry i of l is buffered (reading more when needed): 1, 0 past the end, -1. */
static int have(mn_parquet_nested_reader *r, leaf *l, int64_t i) {
    while (i >= l->n) {
        if (l->eof) return 0;
        if (refill(r, l)) return -1;
    }
    return 1;
}

/* Drops the consumed entries of every leaf (between batches). */
static int compact(mn_parquet_nested_reader *r) {
    for (int i = 0; i < r->nleaves; i++) {
        leaf *l = &r->leaves[i];
        int64_t ke = l->n - l->pos, kv = l->nv - l->vpos;
        if (ke) {
            memmove(l->rep, l->rep + l->pos, (size_t)ke);
            memmove(l->def, l->def + l->pos, (size_t)ke);
        }
        if (kv) memmove(l->vals, l->vals + (size_t)l->vpos * l->slot, (size_t)kv * l->slot);
        l->n = ke;
        l->nv = kv;
        l->pos = l->vpos = 0;
        if (!l->varlen) continue;
        mn_arena *to = &l->heap[1 - l->cur];
        mn_arena_rewind(to);
        mn_str *s = (mn_str *)l->vals;
        for (int64_t k = 0; k < kv; k++) {
            if (!s[k].len) continue;
            char *p = mn_arena_alloc(to, s[k].len);
            if (!p) return oom(r->err);
            memcpy(p, s[k].ptr, s[k].len);
            s[k].ptr = p;
        }
        mn_arena_rewind(&l->heap[l->cur]);
        l->cur = 1 - l->cur;
    }
    return 0;
}

/* A NULL or empty node: one entry of every leaf below it, whose level must be below `below`. */
static int skip_one(mn_parquet_nested_reader *r, const pq_node *n, int below) {
    const leaf *first = &r->leaves[n->first_leaf - r->F->first_leaf];
    uint8_t rl = first->rep[first->pos];
    for (int i = 0; i < n->nleaves; i++) {
        leaf *l = &r->leaves[n->first_leaf - r->F->first_leaf + i];
        if (!l->active) continue;
        int h = have(r, l, l->pos);
        if (h < 0) return -1;
        if (!h) return nbad(r, l, "leaf column ends before the others");
        if (l->def[l->pos] >= below || l->rep[l->pos] != rl) return nbad(r, l, "leaf columns disagree on their levels");
        l->pos++;
    }
    return 0;
}

static rec *push(mn_parquet_nested_reader *r, scratch *s) {
    if (s->nrecs == s->cap) {
        int c = s->cap ? s->cap * 2 : 16;
        rec *nr = realloc(s->recs, sizeof *nr * (size_t)c);
        if (!nr) return NULL;
        s->recs = nr;
        s->cap = c;
    }
    rec *x = &s->recs[s->nrecs++];
    memset(x, 0, sizeof *x);
    return x;
}

/* Slot pointers of the recs of s (bytes of nested ones now final). */
static const void **finish(scratch *s) {
    if (s->nrecs > s->pcap || !s->ptrs) {
        int c = s->nrecs > 16 ? s->nrecs : 16;
        const void **np = realloc(s->ptrs, sizeof *np * (size_t)c);
        if (!np) return NULL;
        s->ptrs = np;
        s->pcap = c;
    }
    for (int i = 0; i < s->nrecs; i++) {
        rec *x = &s->recs[i];
        if (x->inbuf) x->v.s = (mn_str){s->buf.data + x->off, x->len};
        s->ptrs[i] = x->null ? NULL : &x->v;
    }
    return s->ptrs;
}

static int assemble(mn_parquet_nested_reader *r, const pq_node *n, int depth, rec *out);

/* Elements of a list/map whose first entry is present: each one assembles its kids. */
static int elements(mn_parquet_nested_reader *r, const pq_node *n, int depth, leaf *first) {
    scratch *s = &r->sc[depth + 1];
    /* lists of scalars (the common case): elements straight from the leaf's buffers */
    const pq_node *e = n->kind == PQN_LIST && n->kids[0]->kind == PQN_LEAF ? n->kids[0] : NULL;
    int min_def = e ? e->def - (e->nullable ? 1 : 0) : 0;
    for (;;) {
        if (e) {
            rec *x = push(r, s);
            if (!x) return oom(r->err);
            uint8_t d = first->def[first->pos];
            if (d < min_def) return nbad(r, first, "definition level contradicts the other leaf columns");
            if (d < e->def) {
                x->null = true;
            } else {
                if (d != first->col->max_def) return nbad(r, first, "required value missing");
                if (first->vpos >= first->nv) return nbad(r, first, "fewer values than definition levels");
                memcpy(x->v.raw, first->vals + (size_t)first->vpos * first->slot, first->slot);
                if (e->conv) widen(first->col->type, e->type, x);
                first->vpos++;
            }
            first->pos++;
        }
        for (int k = 0; !e && k < n->nkids; k++) {
            if (!push(r, s)) return oom(r->err);
            int idx = s->nrecs - 1;
            rec tmp;
            if (assemble(r, n->kids[k], depth + 1, &tmp)) return -1;
            s->recs[idx] = tmp;
        }
        int h = have(r, first, first->pos);
        if (h < 0) return -1;
        if (!h) return 0;
        uint8_t rl = first->rep[first->pos];
        if (rl < n->rep) return 0;
        if (rl > n->rep) return nbad(r, first, "repetition level deeper than the schema allows");
    }
}

/* Assembles the next value of node n (depth: nesting of that value) into out; nested values'
 * bytes go to r->sc[depth].buf. */
static int assemble(mn_parquet_nested_reader *r, const pq_node *n, int depth, rec *out) {
    memset(out, 0, sizeof *out);
    if (n->kind == PQN_NULL) { /* a field the file lacks */
        out->null = true;
        return 0;
    }
    leaf *first = &r->leaves[n->first_leaf - r->F->first_leaf];
    int h = have(r, first, first->pos);
    if (h < 0) return -1;
    if (!h) return nbad(r, first, "column ends in the middle of a row");
    uint8_t d = first->def[first->pos];
    if (n->nullable && d < n->def) {
        out->null = true;
        return skip_one(r, n, n->def);
    }
    if (d < n->def - (n->nullable ? 1 : 0) && n->kind == PQN_LEAF)
        return nbad(r, first, "definition level contradicts the other leaf columns");
    if (n->kind == PQN_LEAF) {
        if (d != first->col->max_def) return nbad(r, first, "required value missing");
        if (first->vpos >= first->nv) return nbad(r, first, "fewer values than definition levels");
        memcpy(out->v.raw, first->vals + (size_t)first->vpos * first->slot, first->slot);
        if (n->conv) widen(first->col->type, n->type, out);
        first->vpos++;
        first->pos++;
        return 0;
    }
    scratch *s = &r->sc[depth + 1];
    s->nrecs = 0;
    mn_strbuf_clear(&s->buf);
    if (n->kind == PQN_ROW) {
        for (int k = 0; k < n->nkids; k++) {
            if (!push(r, s)) return oom(r->err);
            rec tmp;
            if (assemble(r, n->kids[k], depth + 1, &tmp)) return -1;
            s->recs[k] = tmp;
        }
    } else if (d < n->elem_def) { /* empty list / map */
        if (skip_one(r, n, n->elem_def)) return -1;
    } else if (elements(r, n, depth, first)) {
        return -1;
    }
    if (s->buf.oom) return oom(r->err);
    const void **ptrs = finish(s);
    if (!ptrs) return oom(r->err);
    scratch *o = &r->sc[depth];
    size_t off = o->buf.len;
    int rc;
    if (n->kind == PQN_ROW) rc = mn_nested_encode_row(&o->buf, n->type, ptrs, r->err);
    else if (n->kind == PQN_LIST) rc = mn_nested_encode_array(&o->buf, n->kids[0]->type, s->nrecs, ptrs, r->err);
    else {
        /* recs alternate key, value: split them */
        int m = s->nrecs / 2;
        const void **kv = malloc(sizeof *kv * (size_t)(m ? 2 * m : 1));
        if (!kv) return oom(r->err);
        for (int i = 0; i < m; i++) {
            kv[i] = ptrs[2 * i];
            kv[m + i] = ptrs[2 * i + 1];
        }
        rc = mn_nested_encode_map(&o->buf, n->type, m, kv, kv + m, r->err);
        free(kv);
    }
    if (rc) {
        if (r->err->code == MN_ERR_OUT_OF_MEMORY) return -1;
        char msg[sizeof r->err->message];
        snprintf(msg, sizeof msg, "%s", r->err->message);
        return mn_error_set(r->err, MN_ERR_INVALID_ARGUMENT, "Parquet file '%s', column '%s': %s", r->f->path,
                            r->F->name, msg);
    }
    if (o->buf.oom) return oom(r->err);
    out->inbuf = true;
    out->off = (uint32_t)off;
    out->len = (uint32_t)(o->buf.len - off);
    if (o->buf.len > MN_NESTED_MAX_BYTES) return nbad(r, NULL, "value larger than 1 GiB");
    return 0;
}

int mn_parquet_nested_read(mn_parquet_nested_reader *r, mn_vector *out, int max_rows, int *got, mn_error *err) {
    *got = 0;
    if (!r->f || r->rows_left == 0) return 0;
    if (max_rows > MN_VECTOR_SIZE) max_rows = MN_VECTOR_SIZE;
    if (!mn_type_equal(out->type, r->want) || !out->data)
        return mn_error_set(err, MN_ERR_INTERNAL, "Parquet field '%s' read into a vector of another type", r->F->name);
    r->err = err;
    if (compact(r)) return -1;
    out->nulls = NULL;
    int target = r->rows_left < max_rows ? (int)r->rows_left : max_rows;
    mn_str *slots = out->data;
    for (int row = 0; row < target; row++) {
        /* rows already assembled are in out: drop their entries when they pile up (long lists) */
        bool big = false;
        for (int i = 0; i < r->nleaves; i++) big |= r->leaves[i].pos > PQN_COMPACT_AT;
        if (big && compact(r)) return -1;
        for (int i = 0; i < r->nleaves; i++) {
            leaf *l = &r->leaves[i];
            if (!l->active) continue;
            int h = have(r, l, l->pos);
            if (h < 0) return -1;
            if (!h) {
                char what[128];
                snprintf(what, sizeof what, "column chunk ends after %lld of %lld rows",
                         (long long)(r->rows_total - r->rows_left + row), (long long)r->rows_total);
                return nbad(r, l, what);
            }
            if (l->rep[l->pos] != 0) return nbad(r, l, "a row starts at a repetition level other than 0");
        }
        mn_strbuf_clear(&r->sc[0].buf);
        rec v;
        if (assemble(r, r->root, 0, &v)) return -1;
        if (v.null) {
            uint8_t *nulls = mn_vector_nulls_mut(out);
            if (!nulls) return oom(err);
            nulls[row] = 1;
            slots[row] = (mn_str){NULL, 0};
            continue;
        }
        if (r->sc[0].buf.oom) return oom(err);
        slots[row] = mn_vector_add_string(out, r->sc[0].buf.data + v.off, v.len);
        if (!slots[row].ptr && v.len) return oom(err);
    }
    r->rows_left -= target;
    if (r->rows_left == 0)
        for (int i = 0; i < r->nleaves; i++) {
            leaf *l = &r->leaves[i];
            if (!l->active) continue;
            int h = have(r, l, l->pos);
            if (h < 0) return -1;
            if (h) return nbad(r, l, "leaf column holds more rows than its row group");
        }
    *got = target;
    return 0;
}

int mn_parquet_nested_skip(mn_parquet_nested_reader *r, int64_t n, mn_error *err) {
    if (!r->f || n <= 0) return 0;
    r->err = err;
    mn_vector v; /* assembled and dropped: row boundaries are only known from the levels */
    mn_vector_init(&v, r->want);
    int rc = 0;
    while (n > 0 && rc == 0) {
        int got = 0;
        rc = mn_vector_prepare(&v, err) || mn_parquet_nested_read(r, &v, n < MN_VECTOR_SIZE ? (int)n : MN_VECTOR_SIZE, &got, err)
                 ? -1
                 : 0;
        if (rc == 0 && got == 0) rc = nbad(r, NULL, "fewer rows than the row group says");
        n -= got;
    }
    mn_vector_destroy(&v);
    return rc;
}
