/* rowsink.c — creation, combining and release of the rowstore state of materializing
 * sinks (see rowsink.h). */
#include "exec/rowsink.h"

#include <stdlib.h>

#include "common/error.h"

void *mn_rowsink_new(size_t size, int ncols, const mn_type *types, size_t extra, mn_error *err) {
    mn_rowsink *s = calloc(1, size);
    if (!s) {
        mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    if (mn_rowstore_init(&s->rows, ncols, types, extra, err)) {
        free(s);
        return NULL;
    }
    pthread_mutex_init(&s->mu, NULL);
    return s;
}

void mn_rowsink_free(void *g) {
    mn_rowsink *s = g;
    mn_rowstore_destroy(&s->rows);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

int64_t mn_rowsink_mem_usage(const mn_physop *op, void *g) { return mn_rowstore_bytes(&((mn_rowsink *)g)->rows); }

int mn_rowsink_combine(mn_physop *op, void *g, void *lp, mn_error *err) {
    mn_rowsink *s = g;
    mn_rowsink_local *l = lp;
    pthread_mutex_lock(&s->mu);
    int rc = mn_rowstore_absorb(&s->rows, &l->rows, err);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

void *mn_rowsink_local_new(size_t size, int ncols, const mn_type *types, size_t extra, mn_expr *const *exprs,
                           int nx, mn_query_ctx *q, mn_error *err) {
    mn_rowsink_local *l = calloc(1, size);
    if (!l) goto oom;
    if (mn_rowstore_init(&l->rows, ncols, types, extra, err)) {
        free(l);
        return NULL;
    }
    l->x = calloc((size_t)(nx > 0 ? nx : 1), sizeof *l->x);
    l->xv = calloc((size_t)(nx > 0 ? nx : 1), sizeof *l->xv);
    l->cols = calloc((size_t)(ncols > 0 ? ncols : 1), sizeof *l->cols);
    if (!l->x || !l->xv || !l->cols) goto oom;
    l->nx = nx;
    for (int i = 0; i < nx; i++)
        if (exprs[i] && !(l->x[i] = mn_expr_exec_new(&exprs[i], 1, q, err))) goto fail;
    return l;
oom:
    mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
fail:
    if (l) mn_rowsink_local_free(l);
    return NULL;
}

void mn_rowsink_local_free(void *lp) {
    mn_rowsink_local *l = lp;
    mn_rowstore_destroy(&l->rows);
    for (int i = 0; i < l->nx; i++) mn_expr_exec_free(l->x[i]);
    free(l->x);
    free(l->xv);
    free(l->cols);
    free(l);
}
