/* hash_agg.c — hash aggregation (GROUP BY, DISTINCT, global aggregates). Sink: every worker
 * groups its input into a private table (group rows with keys, hash and aggregate states in
 * one rowstore row; a hash table from hash to row; group lists split by the top hash bits).
 * Combine hands the whole table to the global state (no copying). Source: workers claim
 * units of hash partitions; a unit merges the groups of all tables (fn->combine into the
 * first occurrence) and emits keys then aggregate results.
 * States never move: every state is destroyed once, with the table whose rows hold it. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/hashtable.h"
#include "exec/operators.h"
#include "exec/rowstore.h"

#define NPART 64         /* group lists per table, by hash >> PART_SHIFT */
#define PART_SHIFT 58
#define PARALLEL_GROUPS 8192 /* below this many groups the source merges in one unit */
#define HASH_OFF 0       /* in a group row's extra bytes: the 64-bit key hash */
#define STATES_OFF 16    /* then the aggregate states, each 16-byte aligned */

typedef struct agg_cfg {
    int nkeys, naggs;
    mn_expr **keys;
    mn_agg_call **aggs;
    int *keycols;        /* 0..nkeys-1: stored key columns */
    mn_type *key_types;
    uint32_t *state_off; /* agg j's state, from the start of the extra bytes */
    uint32_t extra_size;
    int max_args;
} agg_cfg;

typedef struct ptrvec {
    uint8_t **v;
    int64_t n, cap;
} ptrvec;

static int ptrvec_push(ptrvec *p, uint8_t *x, mn_error *err) {
    if (p->n == p->cap) {
        int64_t nc = p->cap ? p->cap * 2 : 16;
        uint8_t **nv = realloc(p->v, (size_t)nc * sizeof *nv);
        if (!nv) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        p->v = nv;
        p->cap = nc;
    }
    p->v[p->n++] = x;
    return 0;
}

/* One worker's groups; owned by the global state after combine. */
typedef struct agg_table {
    mn_rowstore rows;
    mn_hashtable ht;
    mn_arena arena;      /* what states allocate (mn_agg_ctx.arena) */
    ptrvec parts[NPART]; /* group rows by partition */
    uint8_t *single;     /* nkeys == 0: the only group, once created */
} agg_table;

typedef struct agg_global {
    pthread_mutex_t mu;
    agg_table **tables;
    int ntables, cap;
    mn_query_ctx *q;
    /* source phase */
    int nunits;               /* 1, or NPART (one partition each) */
    atomic_int next_unit;
    mn_arena unit_arena[NPART]; /* allocations of combine/finalize while handling unit u */
    uint8_t *empty_states;    /* nkeys == 0 over no rows: the states of the one output row */
} agg_global;

typedef struct agg_local {
    agg_table *t; /* NULL once combined */
    mn_query_ctx *q;
    mn_expr_exec **key_x;
    mn_expr_exec **arg_x;    /* per agg j: arg_x[j * max_args + a] */
    mn_expr_exec **filter_x; /* per agg, NULL without FILTER */
    mn_vector **keyv;
    mn_vector **argv;
    mn_chunk fchunk;         /* input rows passing a FILTER */
    bool fchunk_ready;
    uint64_t hashes[MN_VECTOR_SIZE];
    uint8_t *groups[MN_VECTOR_SIZE];
    void *states[MN_VECTOR_SIZE];
    uint16_t sel[MN_VECTOR_SIZE];
} agg_local;

typedef struct agg_src {
    int unit;
    ptrvec groups; /* the merged groups of the current unit */
    int64_t pos;
    bool done_empty;
} agg_src;

/* ---------- tables ---------- */

/* extra: a group row's extra bytes (hash, then states at state_off). */
static void destroy_states(const agg_cfg *c, uint8_t *extra) {
    for (int j = 0; j < c->naggs; j++) {
        const mn_agg_call *call = c->aggs[j];
        if (call->fn->destroy) call->fn->destroy(call, extra + c->state_off[j]);
    }
}

static bool has_destroy(const agg_cfg *c) {
    for (int j = 0; j < c->naggs; j++)
        if (c->aggs[j]->fn->destroy) return true;
    return false;
}

/* Runs fn->destroy on every state of the table (once: the caller then frees it). */
static void table_destroy_states(const agg_cfg *c, agg_table *t) {
    if (!t || !has_destroy(c)) return;
    for (int b = 0; b < t->rows.nblocks; b++) {
        mn_rs_block *bl = &t->rows.blocks[b];
        for (uint32_t i = 0; i < bl->count; i++)
            destroy_states(c, mn_rowstore_extra(&t->rows, bl->data + (size_t)i * t->rows.width));
    }
}

/* Frees the table's memory; its states must have been destroyed already. */
static void table_release(agg_table *t) {
    if (!t) return;
    mn_rowstore_destroy(&t->rows);
    mn_ht_destroy(&t->ht);
    mn_arena_destroy(&t->arena);
    for (int p = 0; p < NPART; p++) free(t->parts[p].v);
    free(t);
}

static void table_free(const agg_cfg *c, agg_table *t) {
    table_destroy_states(c, t);
    table_release(t);
}

static agg_table *table_new(const agg_cfg *c, mn_error *err) {
    agg_table *t = calloc(1, sizeof *t);
    if (!t) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    mn_arena_init(&t->arena, 0);
    if (mn_rowstore_init(&t->rows, c->nkeys, c->key_types, c->extra_size, err) ||
        mn_ht_init(&t->ht, c->nkeys ? 64 : 0, err)) {
        table_free(c, t);
        return NULL;
    }
    return t;
}

static void init_states(const agg_cfg *c, uint8_t *extra) {
    for (int j = 0; j < c->naggs; j++) {
        const mn_agg_call *call = c->aggs[j];
        memset(extra + c->state_off[j], 0, call->fn->state_size);
        call->fn->init(call, extra + c->state_off[j]);
    }
}

/* Creates the group for row `row` of the key vectors. */
static uint8_t *new_group(const agg_cfg *c, agg_table *t, mn_vector **keyv, int row, uint64_t h, mn_error *err) {
    uint16_t sel = (uint16_t)row;
    uint8_t *g;
    if (mn_rowstore_append(&t->rows, keyv, &sel, 1, &g, err)) return NULL;
    uint8_t *extra = mn_rowstore_extra(&t->rows, g);
    memcpy(extra + HASH_OFF, &h, sizeof h);
    init_states(c, extra);
    if (ptrvec_push(&t->parts[h >> PART_SHIFT], g, err)) return NULL;
    return g;
}

static inline uint64_t group_hash(const mn_rowstore *rs, uint8_t *g) {
    uint64_t h;
    memcpy(&h, mn_rowstore_extra(rs, g) + HASH_OFF, sizeof h);
    return h;
}

/* ---------- sink ---------- */

static void *agg_sink_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    agg_global *g = calloc(1, sizeof *g);
    if (!g) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&g->mu, NULL);
    g->q = q;
    g->nunits = 1;
    atomic_init(&g->next_unit, 0);
    for (int p = 0; p < NPART; p++) mn_arena_init(&g->unit_arena[p], 0);
    return g;
}

static void agg_sink_free_global(mn_physop *op, void *gp) {
    agg_cfg *c = op->config;
    agg_global *g = gp;
    /* merged states may point into other tables' or units' arenas: destroy all first */
    for (int i = 0; i < g->ntables; i++) table_destroy_states(c, g->tables[i]);
    if (g->empty_states) destroy_states(c, g->empty_states);
    for (int i = 0; i < g->ntables; i++) table_release(g->tables[i]);
    free(g->tables);
    for (int p = 0; p < NPART; p++) mn_arena_destroy(&g->unit_arena[p]);
    pthread_mutex_destroy(&g->mu);
    free(g);
}

static void agg_sink_free_local(mn_physop *op, void *lp) {
    agg_cfg *c = op->config;
    agg_local *l = lp;
    table_free(c, l->t);
    if (l->key_x)
        for (int k = 0; k < c->nkeys; k++) mn_expr_exec_free(l->key_x[k]);
    if (l->arg_x)
        for (int i = 0; i < c->naggs * c->max_args; i++) mn_expr_exec_free(l->arg_x[i]);
    if (l->filter_x)
        for (int j = 0; j < c->naggs; j++) mn_expr_exec_free(l->filter_x[j]);
    free(l->key_x);
    free(l->arg_x);
    free(l->filter_x);
    free(l->keyv);
    free(l->argv);
    if (l->fchunk_ready) mn_chunk_destroy(&l->fchunk);
    free(l);
}

static void *agg_sink_local(mn_physop *op, void *gp, mn_query_ctx *q, mn_error *err) {
    agg_cfg *c = op->config;
    agg_local *l = calloc(1, sizeof *l);
    if (!l) goto oom;
    l->q = q;
    size_t nk = (size_t)(c->nkeys ? c->nkeys : 1), na = (size_t)(c->naggs ? c->naggs : 1);
    size_t nargx = (size_t)c->naggs * (size_t)c->max_args;
    l->key_x = calloc(nk, sizeof *l->key_x);
    l->arg_x = calloc(nargx ? nargx : 1, sizeof *l->arg_x);
    l->filter_x = calloc(na, sizeof *l->filter_x);
    l->keyv = calloc(nk, sizeof *l->keyv);
    l->argv = calloc((size_t)(c->max_args ? c->max_args : 1), sizeof *l->argv);
    if (!l->key_x || !l->arg_x || !l->filter_x || !l->keyv || !l->argv) goto oom;
    for (int k = 0; k < c->nkeys; k++)
        if (!(l->key_x[k] = mn_expr_exec_new(&c->keys[k], 1, q, err))) goto fail;
    for (int j = 0; j < c->naggs; j++) {
        mn_agg_call *call = c->aggs[j];
        for (int a = 0; a < call->nargs; a++)
            if (!(l->arg_x[j * c->max_args + a] = mn_expr_exec_new(&call->args[a], 1, q, err))) goto fail;
        if (call->filter && !(l->filter_x[j] = mn_expr_exec_new(&call->filter, 1, q, err))) goto fail;
    }
    if (!(l->t = table_new(c, err))) goto fail;
    return l;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
fail:
    if (l) agg_sink_free_local(op, l);
    return NULL;
}

/* Finds or creates the group of every input row into l->groups. */
static int assign_groups(const agg_cfg *c, agg_local *l, mn_chunk *in, mn_error *err) {
    agg_table *t = l->t;
    int n = in->count;
    if (c->nkeys == 0) {
        if (!t->single && !(t->single = new_group(c, t, NULL, 0, 0, err))) return -1;
        for (int i = 0; i < n; i++) l->groups[i] = t->single;
        return 0;
    }
    for (int k = 0; k < c->nkeys; k++)
        if (mn_expr_exec_eval(l->key_x[k], 0, in, &l->keyv[k], err)) return -1;
    for (int k = 0; k < c->nkeys; k++) mn_rowstore_hash_vector(l->keyv[k], n, l->hashes, k == 0);
    mn_rs_vec_key pc = {&t->rows, c->keycols, l->keyv, c->nkeys, 0};
    uint8_t *last = NULL;
    uint64_t last_h = 0;
    for (int i = 0; i < n; i++) {
        uint64_t h = l->hashes[i];
        pc.row = i;
        /* runs of one key (sorted or clustered input) skip the table */
        if (last && h == last_h && mn_rs_vec_key_eq(&pc, last)) {
            l->groups[i] = last;
            continue;
        }
        if (mn_ht_prepare_insert(&t->ht, err)) return -1;
        mn_ht_entry *e = mn_ht_find_slot(&t->ht, h, mn_rs_vec_key_eq, &pc);
        if (!e->value) {
            uint8_t *g = new_group(c, t, l->keyv, i, h, err);
            if (!g) return -1;
            mn_ht_fill(&t->ht, e, h, g);
        }
        last = e->value;
        last_h = h;
        l->groups[i] = last;
    }
    return 0;
}

static int agg_sink(mn_physop *op, void *gp, void *lp, mn_chunk *in, mn_op_status *status, mn_error *err) {
    agg_cfg *c = op->config;
    agg_local *l = lp;
    *status = MN_OP_NEED_INPUT;
    int n = in->count;
    if (n <= 0) return 0;
    if (!l->t) return mn_error_set(err, MN_ERR_INTERNAL, "aggregate sink used after combine");
    if (assign_groups(c, l, in, err)) return -1;
    mn_agg_ctx actx = {&l->t->arena, err, l->q};
    uint32_t base = l->t->rows.extra_off;
    for (int j = 0; j < c->naggs; j++) {
        mn_agg_call *call = c->aggs[j];
        mn_chunk *src = in;
        int cnt = n;
        uint32_t off = base + c->state_off[j];
        if (l->filter_x[j]) {
            int nsel = 0;
            if (mn_expr_exec_select(l->filter_x[j], 0, in, l->sel, &nsel, err)) return -1;
            if (nsel == 0) continue;
            if (nsel < n) {
                if (!l->fchunk_ready) {
                    mn_type *types = malloc(sizeof(mn_type) * (size_t)(in->ncols ? in->ncols : 1));
                    if (!types) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
                    for (int i = 0; i < in->ncols; i++) types[i] = in->cols[i].type;
                    int rc = mn_chunk_init(&l->fchunk, in->ncols, types, err);
                    free(types);
                    if (rc) return -1;
                    l->fchunk_ready = true;
                }
                if (mn_chunk_reset(&l->fchunk, err)) return -1;
                for (int col = 0; col < in->ncols; col++)
                    if (mn_vector_gather(&l->fchunk.cols[col], &in->cols[col], l->sel, nsel, false, err)) return -1;
                l->fchunk.count = nsel;
                src = &l->fchunk;
                cnt = nsel;
                for (int i = 0; i < nsel; i++) l->states[i] = l->groups[l->sel[i]] + off;
            } else {
                for (int i = 0; i < n; i++) l->states[i] = l->groups[i] + off;
            }
        } else {
            for (int i = 0; i < n; i++) l->states[i] = l->groups[i] + off;
        }
        for (int a = 0; a < call->nargs; a++)
            if (mn_expr_exec_eval(l->arg_x[j * c->max_args + a], 0, src, &l->argv[a], err)) return -1;
        if (call->fn->update(call, &actx, l->argv, cnt, l->states)) return -1;
    }
    return 0;
}

static int agg_sink_combine(mn_physop *op, void *gp, void *lp, mn_error *err) {
    agg_global *g = gp;
    agg_local *l = lp;
    if (!l->t) return 0;
    pthread_mutex_lock(&g->mu);
    int rc = 0;
    if (g->ntables == g->cap) {
        int nc = g->cap ? g->cap * 2 : 8;
        agg_table **nt = realloc(g->tables, (size_t)nc * sizeof *nt);
        if (!nt) rc = mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        else {
            g->tables = nt;
            g->cap = nc;
        }
    }
    if (rc == 0) {
        g->tables[g->ntables++] = l->t;
        l->t = NULL;
    }
    pthread_mutex_unlock(&g->mu);
    return rc;
}

static int agg_sink_finalize(mn_physop *op, void *gp, mn_error *err) {
    agg_global *g = gp;
    int64_t total = 0;
    for (int i = 0; i < g->ntables; i++) total += g->tables[i]->rows.count;
    g->nunits = total >= PARALLEL_GROUPS ? NPART : 1;
    atomic_store(&g->next_unit, 0);
    return 0;
}

/* ---------- source ---------- */

/* Collects the groups of unit u into s->groups, combining equal groups of different tables
 * into the first one met. */
static int merge_unit(const agg_cfg *c, agg_global *g, agg_src *s, int u, mn_error *err) {
    int p0 = g->nunits == 1 ? 0 : u, p1 = g->nunits == 1 ? NPART : u + 1;
    s->groups.n = 0;
    s->pos = 0;
    if (g->ntables == 0) return 0;
    if (g->ntables == 1) {
        for (int p = p0; p < p1; p++) {
            ptrvec *pv = &g->tables[0]->parts[p];
            for (int64_t i = 0; i < pv->n; i++)
                if (ptrvec_push(&s->groups, pv->v[i], err)) return -1;
        }
        return 0;
    }
    int64_t total = 0;
    for (int t = 0; t < g->ntables; t++)
        for (int p = p0; p < p1; p++) total += g->tables[t]->parts[p].n;
    const mn_rowstore *rs = &g->tables[0]->rows;
    mn_hashtable ht;
    if (mn_ht_init(&ht, total / 2, err)) return -1;
    mn_agg_ctx actx = {&g->unit_arena[u], err, g->q};
    mn_rs_row_key mc = {rs, c->keycols, c->nkeys, NULL};
    int rc = 0;
    for (int t = 0; t < g->ntables && rc == 0; t++) {
        for (int p = p0; p < p1 && rc == 0; p++) {
            ptrvec *pv = &g->tables[t]->parts[p];
            for (int64_t i = 0; i < pv->n; i++) {
                uint8_t *row = pv->v[i];
                uint64_t h = group_hash(rs, row);
                mc.row = row;
                if ((rc = mn_ht_prepare_insert(&ht, err))) break;
                mn_ht_entry *e = mn_ht_find_slot(&ht, h, mn_rs_row_key_eq, &mc);
                if (!e->value) {
                    mn_ht_fill(&ht, e, h, row);
                    if ((rc = ptrvec_push(&s->groups, row, err))) break;
                    continue;
                }
                uint8_t *dst = mn_rowstore_extra(rs, e->value), *src = mn_rowstore_extra(rs, row);
                for (int j = 0; j < c->naggs && rc == 0; j++) {
                    const mn_agg_call *call = c->aggs[j];
                    rc = call->fn->combine(call, &actx, dst + c->state_off[j], src + c->state_off[j]);
                }
                if (rc) break;
            }
        }
    }
    mn_ht_destroy(&ht);
    return rc;
}

static void *agg_source_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    if (!op->sink_gstate) { /* the input pipeline never ran: aggregate over no rows */
        op->sink_gstate = agg_sink_global(op, q, err);
        if (!op->sink_gstate) return NULL;
    }
    return op->sink_gstate;
}

static void *agg_source_local(mn_physop *op, void *gp, mn_query_ctx *q, mn_error *err) {
    agg_src *s = calloc(1, sizeof *s);
    if (!s) mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    else s->unit = -1;
    return s;
}

static void agg_source_free_local(mn_physop *op, void *lp) {
    agg_src *s = lp;
    free(s->groups.v);
    free(s);
}

static int finalize_row(const agg_cfg *c, mn_agg_ctx *actx, uint8_t *extra, mn_chunk *out, int row) {
    for (int j = 0; j < c->naggs; j++) {
        const mn_agg_call *call = c->aggs[j];
        if (call->fn->finalize(call, actx, extra + c->state_off[j], &out->cols[c->nkeys + j], row)) return -1;
    }
    return 0;
}

static int agg_source_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    agg_cfg *c = op->config;
    agg_global *g = gp;
    agg_src *s = lp;
    out->count = 0;
    while (s->unit < 0 || s->pos >= s->groups.n) {
        int u = atomic_fetch_add(&g->next_unit, 1);
        if (u >= g->nunits) return 0;
        s->unit = u;
        if (merge_unit(c, g, s, u, err)) return -1;
        if (u == 0 && c->nkeys == 0 && s->groups.n == 0) {
            /* a global aggregate over no rows still yields one row */
            uint8_t *st = mn_arena_alloc(&g->unit_arena[0], c->extra_size);
            if (!st) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            init_states(c, st);
            g->empty_states = st;
            mn_agg_ctx actx = {&g->unit_arena[0], err, g->q};
            if (finalize_row(c, &actx, st, out, 0)) return -1;
            out->count = 1;
            return 0;
        }
    }
    int64_t n = s->groups.n - s->pos;
    if (n > MN_VECTOR_SIZE) n = MN_VECTOR_SIZE;
    uint8_t **rows = s->groups.v + s->pos;
    const mn_rowstore *rs = &g->tables[0]->rows;
    for (int k = 0; k < c->nkeys; k++)
        if (mn_rowstore_gather(rs, rows, (int)n, k, &out->cols[k], 0, err)) return -1;
    mn_agg_ctx actx = {&g->unit_arena[s->unit], err, g->q};
    for (int64_t i = 0; i < n; i++)
        if (finalize_row(c, &actx, mn_rowstore_extra(rs, rows[i]), out, (int)i)) return -1;
    s->pos += n;
    out->count = (int)n;
    return 0;
}

/* ---------- plan ---------- */

static void agg_explain(const mn_physop *op, mn_strbuf *out) {
    agg_cfg *c = op->config;
    mn_strbuf_puts(out, "keys: ");
    for (int k = 0; k < c->nkeys; k++) {
        if (k) mn_strbuf_puts(out, ", ");
        mn_expr_render(c->keys[k], out);
    }
    if (c->naggs == 0) return;
    mn_strbuf_puts(out, "; aggregates: ");
    for (int j = 0; j < c->naggs; j++) {
        mn_agg_call *call = c->aggs[j];
        if (j) mn_strbuf_puts(out, ", ");
        mn_strbuf_printf(out, "%s(%s", call->name ? call->name : call->fn->name, call->distinct ? "DISTINCT " : "");
        if (call->nargs == 0) mn_strbuf_putc(out, '*');
        for (int a = 0; a < call->nargs; a++) {
            if (a) mn_strbuf_puts(out, ", ");
            mn_expr_render(call->args[a], out);
        }
        mn_strbuf_putc(out, ')');
        if (call->filter) {
            mn_strbuf_puts(out, " FILTER (WHERE ");
            mn_expr_render(call->filter, out);
            mn_strbuf_putc(out, ')');
        }
    }
}

static int64_t agg_mem_usage(const mn_physop *op, void *gp) {
    agg_global *g = gp;
    int64_t n = 0;
    for (int i = 0; i < g->ntables; i++) {
        const agg_table *t = g->tables[i];
        n += mn_rowstore_bytes(&t->rows) + mn_ht_bytes(&t->ht) + (int64_t)t->arena.total;
        for (int p = 0; p < NPART; p++) n += t->parts[p].cap * (int64_t)sizeof(uint8_t *);
    }
    for (int u = 0; u < NPART; u++) n += (int64_t)g->unit_arena[u].total;
    return n;
}

static const mn_op_vtable agg_vt = {
    .name = "HashAggregate",
    .mem_usage = agg_mem_usage,
    .source_global = agg_source_global,
    .source_local = agg_source_local,
    .source_next = agg_source_next,
    .source_free_local = agg_source_free_local,
    .sink_global = agg_sink_global,
    .sink_local = agg_sink_local,
    .sink = agg_sink,
    .sink_combine = agg_sink_combine,
    .sink_finalize = agg_sink_finalize,
    .sink_free_local = agg_sink_free_local,
    .sink_free_global = agg_sink_free_global,
    .explain = agg_explain,
};

mn_physop *mn_op_hash_agg(mn_arena *a, mn_physop *child, mn_expr **keys, int nkeys, mn_agg_call **aggs, int naggs,
                          mn_error *err) {
    if (nkeys < 0 || naggs < 0) {
        mn_error_set(err, MN_ERR_INTERNAL, "bad aggregate");
        return NULL;
    }
    int ncols = nkeys + naggs;
    agg_cfg *c = mn_arena_calloc(a, sizeof *c);
    mn_type *types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(ncols ? ncols : 1));
    if (!c || !types) goto oom;
    c->nkeys = nkeys;
    c->naggs = naggs;
    c->keys = keys;
    c->aggs = aggs;
    c->keycols = mn_arena_alloc(a, sizeof(int) * (size_t)(nkeys ? nkeys : 1));
    c->key_types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)(nkeys ? nkeys : 1));
    c->state_off = mn_arena_alloc(a, sizeof(uint32_t) * (size_t)(naggs ? naggs : 1));
    if (!c->keycols || !c->key_types || !c->state_off) goto oom;
    for (int k = 0; k < nkeys; k++) {
        c->keycols[k] = k;
        c->key_types[k] = keys[k]->type;
        types[k] = keys[k]->type;
    }
    size_t off = STATES_OFF;
    for (int j = 0; j < naggs; j++) {
        const mn_agg_call *call = aggs[j];
        if (!call || !call->fn || !call->fn->init || !call->fn->update || !call->fn->combine || !call->fn->finalize) {
            mn_error_set(err, MN_ERR_INTERNAL, "aggregate %d has no implementation", j);
            return NULL;
        }
        c->state_off[j] = (uint32_t)off;
        off += (call->fn->state_size + 15) & ~(size_t)15;
        if (call->nargs > c->max_args) c->max_args = call->nargs;
        types[nkeys + j] = call->type;
    }
    if (off > (1u << 20)) {
        mn_error_set(err, MN_ERR_NOT_SUPPORTED, "too many aggregates");
        return NULL;
    }
    c->extra_size = (uint32_t)off;
    mn_physop *op = mn_physop_new(a, &agg_vt, ncols, types);
    if (!op) goto oom;
    op->nchildren = 1;
    op->children[0] = child;
    op->config = c;
    return op;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    return NULL;
}
