/* executor.c — the pipeline builder and the worker loop (push model, see physical.h).
 * Pipelines are listed children-first, so running the list in order satisfies every
 * dependency (a hash-join build or an aggregate finishes before its consumer starts).
 * Within a pipeline, workers pull chunks from the shared source state in morsels and
 * push them through the streaming operators into their local sink state. */
#include "exec/executor.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "exec/operators.h"

#define MAX_OPS 64

typedef struct pipeline {
    mn_physop *source;
    int nops;
    mn_physop *ops[MAX_OPS]; /* source side first */
    mn_physop *sink;         /* NULL: the result callback */
    bool dead;               /* replaced by its union clones */
} pipeline;

typedef struct plan_run {
    pipeline **list;
    int n, cap;
    int failed_build;
    mn_error *err;
} plan_run;

mn_physop *mn_physop_new(mn_arena *a, const mn_op_vtable *vt, int ncols, const mn_type *types) {
    mn_physop *op = mn_arena_calloc(a, sizeof *op);
    if (!op) return NULL;
    op->vt = vt;
    op->ncols = ncols;
    if (ncols > 0) {
        op->types = mn_arena_alloc(a, sizeof(mn_type) * (size_t)ncols);
        if (!op->types) return NULL;
        memcpy(op->types, types, sizeof(mn_type) * (size_t)ncols);
    }
    op->estimated_rows = -1;
    return op;
}

void *mn_physop_sink_state(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    if (!op->sink_gstate) {
        void *g = op->vt->sink_global(op, q, err);
        if (!g) return NULL;
        op->sink_gstate = g;
        if (op->vt->sink_finalize(op, g, err)) return NULL;
    }
    return op->sink_gstate;
}

static int register_pipeline(plan_run *r, pipeline *p) {
    if (r->n == r->cap) {
        int cap = r->cap ? r->cap * 2 : 8;
        pipeline **l = realloc(r->list, sizeof *l * (size_t)cap);
        if (!l) return mn_error_set(r->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        r->list = l;
        r->cap = cap;
    }
    r->list[r->n++] = p;
    return 0;
}

static pipeline *new_pipeline(plan_run *r, mn_physop *sink) {
    pipeline *p = calloc(1, sizeof *p);
    if (!p) {
        mn_error_set(r->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    p->sink = sink;
    return p;
}

static int prepend_op(plan_run *r, pipeline *p, mn_physop *op) {
    if (p->nops >= MAX_OPS) return mn_error_set(r->err, MN_ERR_NOT_SUPPORTED, "plan too deep");
    memmove(p->ops + 1, p->ops, sizeof(mn_physop *) * (size_t)p->nops);
    p->ops[0] = op;
    p->nops++;
    return 0;
}

static int build(plan_run *r, mn_physop *op, pipeline *p) {
    const mn_op_vtable *vt = op->vt;
    if (mn_physop_is_union(op)) {
        p->dead = true;
        int n = op->nextra;
        for (int i = 0; i < n; i++) {
            pipeline *c = new_pipeline(r, p->sink);
            if (!c) return -1;
            memcpy(c, p, sizeof *c);
            c->dead = false;
            if (build(r, op->extra_children[i], c) || (c->dead ? (free(c), 0) : register_pipeline(r, c))) {
                return -1;
            }
        }
        return 0;
    }
    if (vt->op_execute && vt->sink) { /* join: streams in p, its build side sinks into it */
        if (prepend_op(r, p, op)) return -1;
        pipeline *b = new_pipeline(r, op);
        if (!b) return -1;
        if (build(r, op->children[1], b)) {
            free(b);
            return -1;
        }
        if (b->dead) free(b);
        else if (register_pipeline(r, b)) return -1;
        return build(r, op->children[0], p);
    }
    if (vt->op_execute) {
        if (prepend_op(r, p, op)) return -1;
        return build(r, op->children[0], p);
    }
    if (vt->sink && vt->source_next) { /* aggregate / sort */
        p->source = op;
        pipeline *c = new_pipeline(r, op);
        if (!c) return -1;
        if (build(r, op->children[0], c)) {
            free(c);
            return -1;
        }
        if (c->dead) free(c);
        else if (register_pipeline(r, c)) return -1;
        return 0;
    }
    if (vt->source_next) {
        p->source = op;
        return 0;
    }
    return mn_error_set(r->err, MN_ERR_INTERNAL, "operator %s has no role", vt->name);
}

/* ---------- running one pipeline ---------- */

typedef struct prun {
    pipeline *p;
    mn_query_ctx *q;
    void *src_g;
    void *sink_g;
    mn_chunk_cb cb;
    void *ud;
    pthread_mutex_t mu; /* serializes combine, callback and error reporting */
    atomic_int done;
    int failed;
    mn_error err;
} prun;

static void fail(prun *r, const mn_error *e) {
    pthread_mutex_lock(&r->mu);
    if (!r->failed) {
        r->failed = 1;
        r->err = *e;
    }
    pthread_mutex_unlock(&r->mu);
    atomic_store(&r->done, 1);
    atomic_store(&r->q->cancelled, 1);
}

typedef struct worker {
    prun *r;
    void *src_l;
    void *op_l[MAX_OPS];
    void *sink_l;
    mn_chunk src_out;
    mn_chunk outs[MAX_OPS];
} worker;

static int64_t now_micros(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Pushes chunk `in` into op i (i == nops: the sink). Returns 0, 1 when the pipeline must
 * stop (limit reached), -1 on error. */
static int push(worker *w, int i, mn_chunk *in, mn_error *err) {
    prun *r = w->r;
    pipeline *p = r->p;
    if (in->count == 0) return 0;
    if (i == p->nops) {
        if (!p->sink) {
            pthread_mutex_lock(&r->mu);
            int rc = r->cb(r->ud, in, err);
            pthread_mutex_unlock(&r->mu);
            return rc;
        }
        mn_op_status st = MN_OP_NEED_INPUT;
        int64_t t0 = now_micros();
        int src = p->sink->vt->sink(p->sink, r->sink_g, w->sink_l, in, &st, err);
        atomic_fetch_add(&p->sink->micros, now_micros() - t0);
        if (src) return -1;
        return st == MN_OP_FINISHED ? 1 : 0;
    }
    mn_physop *op = p->ops[i];
    for (;;) {
        if (mn_chunk_reset(&w->outs[i], err)) return -1;
        mn_op_status st = MN_OP_NEED_INPUT;
        int64_t t0 = now_micros();
        int xrc = op->vt->op_execute(op, w->op_l[i], in, &w->outs[i], &st, err);
        atomic_fetch_add(&op->micros, now_micros() - t0);
        if (xrc) return -1;
        atomic_fetch_add(&op->rows_out, w->outs[i].count);
        int rc = push(w, i + 1, &w->outs[i], err);
        if (rc) return rc;
        if (st == MN_OP_FINISHED) return 1;
        if (st == MN_OP_NEED_INPUT) return 0;
        if (atomic_load(&r->done)) return 1;
    }
}

static void *worker_main(void *arg) {
    worker *w = arg;
    prun *r = w->r;
    pipeline *p = r->p;
    mn_error err;
    mn_error_clear(&err);
    for (;;) {
        if (atomic_load(&r->done) || atomic_load(&r->q->cancelled)) break;
        if (mn_chunk_reset(&w->src_out, &err)) goto failed;
        int64_t t0 = now_micros();
        if (p->source->vt->source_next(p->source, r->src_g, w->src_l, &w->src_out, &err)) goto failed;
        atomic_fetch_add(&p->source->micros, now_micros() - t0);
        if (w->src_out.count == 0) break;
        atomic_fetch_add(&p->source->rows_out, w->src_out.count);
        int rc = push(w, 0, &w->src_out, &err);
        if (rc < 0) goto failed;
        if (rc > 0) {
            atomic_store(&r->done, 1);
            break;
        }
    }
    if (p->sink && !atomic_load(&r->q->cancelled)) {
        pthread_mutex_lock(&r->mu);
        int64_t t0 = now_micros();
        int rc = p->sink->vt->sink_combine ? p->sink->vt->sink_combine(p->sink, r->sink_g, w->sink_l, &err) : 0;
        atomic_fetch_add(&p->sink->micros, now_micros() - t0);
        pthread_mutex_unlock(&r->mu);
        if (rc) goto failed;
    }
    return NULL;
failed:
    fail(r, &err);
    return NULL;
}

static void worker_free(worker *w) {
    prun *r = w->r;
    pipeline *p = r->p;
    if (w->src_l && p->source->vt->source_free_local) p->source->vt->source_free_local(p->source, w->src_l);
    for (int i = 0; i < p->nops; i++) {
        if (w->op_l[i] && p->ops[i]->vt->op_free_local) p->ops[i]->vt->op_free_local(p->ops[i], w->op_l[i]);
        mn_chunk_destroy(&w->outs[i]);
    }
    if (w->sink_l && p->sink && p->sink->vt->sink_free_local) p->sink->vt->sink_free_local(p->sink, w->sink_l);
    mn_chunk_destroy(&w->src_out);
}

static int worker_init(worker *w, prun *r, mn_error *err) {
    pipeline *p = r->p;
    memset(w, 0, sizeof *w);
    w->r = r;
    mn_query_ctx *q = r->q;
    if (p->source->vt->source_local) {
        w->src_l = p->source->vt->source_local(p->source, r->src_g, q, err);
        if (!w->src_l) return -1;
    }
    if (mn_chunk_init(&w->src_out, p->source->ncols, p->source->types, err)) return -1;
    for (int i = 0; i < p->nops; i++) {
        mn_physop *op = p->ops[i];
        if (op->vt->op_local) {
            w->op_l[i] = op->vt->op_local(op, q, err);
            if (!w->op_l[i]) return -1;
        }
        if (mn_chunk_init(&w->outs[i], op->ncols, op->types, err)) return -1;
    }
    if (p->sink && p->sink->vt->sink_local) {
        w->sink_l = p->sink->vt->sink_local(p->sink, r->sink_g, q, err);
        if (!w->sink_l) return -1;
    }
    return 0;
}

/* finalize: this is the last pipeline feeding p->sink (UNION ALL children share a sink). */
/* RIGHT/FULL hash joins in the pipeline: once every probe row went through, the build rows
 * that matched nothing are pushed through the rest of the pipeline by one extra worker. */
static int emit_unmatched(prun *r, mn_error *err) {
    pipeline *p = r->p;
    for (int i = 0; i < p->nops; i++) {
        if (strcmp(p->ops[i]->vt->name, "HashJoin") != 0) continue;
        worker w;
        if (worker_init(&w, r, err)) {
            worker_free(&w);
            return -1;
        }
        int64_t cursor = 0;
        int rc = 0;
        for (;;) {
            if ((rc = mn_chunk_reset(&w.outs[i], err)) != 0) break;
            if ((rc = mn_hash_join_emit_unmatched(p->ops[i], &w.outs[i], &cursor, err)) != 0) break;
            if (w.outs[i].count == 0) break;
            atomic_fetch_add(&p->ops[i]->rows_out, w.outs[i].count);
            int prc = push(&w, i + 1, &w.outs[i], err);
            if (prc < 0) {
                rc = -1;
                break;
            }
            if (prc > 0) break;
        }
        if (rc == 0 && p->sink && p->sink->vt->sink_combine) rc = p->sink->vt->sink_combine(p->sink, r->sink_g, w.sink_l, err);
        worker_free(&w);
        if (rc) return -1;
    }
    return 0;
}

static int run_pipeline(pipeline *p, mn_query_ctx *q, mn_chunk_cb cb, void *ud, bool finalize, mn_error *err) {
    prun r;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.q = q;
    r.cb = cb;
    r.ud = ud;
    pthread_mutex_init(&r.mu, NULL);
    atomic_init(&r.done, 0);
    int rc = -1;
    if (p->sink && p->sink->vt->sink_global && !p->sink->sink_gstate) {
        p->sink->sink_gstate = p->sink->vt->sink_global(p->sink, q, err);
        if (!p->sink->sink_gstate) goto out;
    }
    r.sink_g = p->sink ? p->sink->sink_gstate : NULL;
    if (p->source->vt->source_global) {
        p->source->source_gstate = p->source->vt->source_global(p->source, q, err);
        if (!p->source->source_gstate) goto out;
    }
    r.src_g = p->source->source_gstate;
    int nthreads = q->threads > 0 ? q->threads : 1;
    if (p->source->single_threaded_source) nthreads = 1;
    worker *ws = calloc((size_t)nthreads, sizeof *ws);
    pthread_t *tids = calloc((size_t)nthreads, sizeof *tids);
    if (!ws || !tids) {
        free(ws);
        free(tids);
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    int started = 0, init_failed = 0;
    for (int i = 0; i < nthreads; i++) {
        if (worker_init(&ws[i], &r, err)) {
            worker_free(&ws[i]);
            init_failed = 1;
            break;
        }
        started++;
    }
    int spawned = 0;
    if (!init_failed) {
        if (started == 1) {
            worker_main(&ws[0]);
        } else {
            for (int i = 0; i < started; i++) {
                if (pthread_create(&tids[i], NULL, worker_main, &ws[i]) != 0) {
                    worker_main(&ws[i]); /* no thread: run it here */
                    tids[i] = 0;
                } else {
                    spawned |= 0;
                }
            }
            for (int i = 0; i < started; i++)
                if (tids[i]) pthread_join(tids[i], NULL);
        }
    }
    (void)spawned;
    for (int i = 0; i < started; i++) worker_free(&ws[i]);
    if (!init_failed && !r.failed && emit_unmatched(&r, err)) {
        free(ws);
        free(tids);
        goto out;
    }
    free(ws);
    free(tids);
    if (init_failed) goto out;
    if (r.failed) {
        *err = r.err;
        goto out;
    }
    if (atomic_load(&q->cancelled) && !r.failed) {
        /* another pipeline failed earlier: nothing to report here */
    }
    if (finalize && p->sink && p->sink->vt->sink_finalize) {
        int64_t t0 = now_micros();
        int frc = p->sink->vt->sink_finalize(p->sink, p->sink->sink_gstate, err);
        atomic_fetch_add(&p->sink->micros, now_micros() - t0);
        if (frc) goto out;
        if (p->sink->vt->mem_usage)
            atomic_store(&p->sink->mem_bytes, p->sink->vt->mem_usage(p->sink, p->sink->sink_gstate));
    }
    rc = 0;
out:
    pthread_mutex_destroy(&r.mu);
    return rc;
}

static void free_states(mn_physop *op) {
    if (!op) return;
    for (int i = 0; i < op->nchildren; i++) free_states(op->children[i]);
    for (int i = 0; i < op->nextra; i++) free_states(op->extra_children[i]);
    if (op->source_gstate && op->vt->source_free_global) op->vt->source_free_global(op, op->source_gstate);
    op->source_gstate = NULL;
    if (op->sink_gstate && op->vt->sink_free_global) op->vt->sink_free_global(op, op->sink_gstate);
    op->sink_gstate = NULL;
}

int mn_execute_plan(mn_physop *root, mn_query_ctx *q, mn_chunk_cb cb, void *ud, mn_error *err) {
    plan_run pr;
    memset(&pr, 0, sizeof pr);
    pr.err = err;
    int rc = -1;
    pipeline *top = new_pipeline(&pr, NULL);
    if (!top) return -1;
    if (build(&pr, root, top)) {
        free(top);
        goto out;
    }
    if (top->dead) free(top);
    else if (register_pipeline(&pr, top)) {
        free(top);
        goto out;
    }
    for (int i = 0; i < pr.n; i++) {
        bool last = true;
        for (int k = i + 1; k < pr.n && last; k++)
            if (pr.list[k]->sink == pr.list[i]->sink && pr.list[i]->sink) last = false;
        if (run_pipeline(pr.list[i], q, cb, ud, last, err)) goto out;
        if (atomic_load(&q->cancelled) && i + 1 < pr.n) {
            /* a limit in a pipeline that feeds others only ends that pipeline */
            atomic_store(&q->cancelled, 0);
        }
    }
    rc = 0;
out:
    for (int i = 0; i < pr.n; i++) free(pr.list[i]);
    free(pr.list);
    free_states(root);
    return rc;
}

static void explain_rec(const mn_physop *op, int depth, bool analyze, mn_strbuf *out) {
    for (int i = 0; i < depth; i++) mn_strbuf_puts(out, "    ");
    mn_strbuf_puts(out, "- ");
    mn_strbuf_puts(out, op->vt->name);
    if (op->vt->explain) {
        mn_strbuf_puts(out, "[");
        op->vt->explain(op, out);
        mn_strbuf_puts(out, "]");
    }
    if (op->estimated_rows >= 0) mn_strbuf_printf(out, " (est. %.0f rows)", op->estimated_rows);
    if (analyze) {
        mn_strbuf_printf(out, " {rows: %lld, time: %.3f ms", (long long)atomic_load(&op->rows_out),
                         (double)atomic_load(&op->micros) / 1000.0);
        int64_t mem = atomic_load(&op->mem_bytes);
        if (op->vt->mem_usage) {
            if (mem >= 1 << 20) mn_strbuf_printf(out, ", memory: %.1f MiB", (double)mem / (1 << 20));
            else if (mem >= 1 << 10) mn_strbuf_printf(out, ", memory: %.1f KiB", (double)mem / (1 << 10));
            else mn_strbuf_printf(out, ", memory: %lld B", (long long)mem);
        }
        mn_strbuf_putc(out, '}');
        if (op->vt->explain_analyze) op->vt->explain_analyze(op, out);
    }
    mn_strbuf_putc(out, '\n');
    for (int i = 0; i < op->nchildren; i++) explain_rec(op->children[i], depth + 1, analyze, out);
    for (int i = 0; i < op->nextra; i++) explain_rec(op->extra_children[i], depth + 1, analyze, out);
}

void mn_explain_plan(const mn_physop *root, bool analyze, mn_strbuf *out) { explain_rec(root, 0, analyze, out); }
