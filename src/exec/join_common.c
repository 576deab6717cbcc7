/* join_common.c — candidate pairs, their filtering and output, and the per-chunk phases
 * shared by the hash join and the nested-loop join (see join_common.h). */
#include <string.h>

#include "common/error.h"
#include "exec/join_common.h"

int mn_join_pairs_init(mn_join_pairs *p, const mn_rowstore *rs, int pn, int bn, mn_join_kind kind,
                       mn_expr *const *cond, const mn_type *joined_types, mn_query_ctx *q, mn_error *err) {
    p->rs = rs;
    p->pn = pn;
    p->bn = bn;
    p->emit_pairs = kind != MN_JOINK_SEMI && kind != MN_JOINK_ANTI;
    p->by_match = kind == MN_JOINK_LEFT || kind == MN_JOINK_FULL || kind == MN_JOINK_ANTI || kind == MN_JOINK_SEMI;
    p->want = kind == MN_JOINK_SEMI ? 1 : 0;
    if (!*cond) return 0;
    if (!(p->cond_x = mn_expr_exec_new(cond, 1, q, err))) return -1;
    if (mn_chunk_init(&p->cand, pn + bn, joined_types, err)) return -1;
    p->cand_ready = true;
    return 0;
}

void mn_join_pairs_destroy(mn_join_pairs *p) {
    mn_expr_exec_free(p->cond_x);
    p->cond_x = NULL;
    if (p->cand_ready) mn_chunk_destroy(&p->cand);
    p->cand_ready = false;
}

/* The np pairs into dst (pn + bn vectors): probe columns gathered from in, build columns
 * from the build rows. */
static int gather_pairs(mn_join_pairs *p, mn_chunk *in, int np, mn_vector *dst, mn_error *err) {
    for (int col = 0; col < p->pn; col++)
        if (mn_vector_gather(&dst[col], &in->cols[col], p->probe, np, false, err)) return -1;
    return mn_rowstore_gather_cols(p->rs, p->build, np, p->bn, dst + p->pn, err);
}

int mn_join_pairs_run(mn_join_pairs *p, mn_chunk *in, int np, mn_chunk *out, const uint16_t **pass, int *npass,
                      mn_error *err) {
    *pass = NULL;
    *npass = np;
    if (np == 0) return 0;
    if (p->cond_x) {
        mn_chunk *cd = &p->cand;
        if (mn_chunk_reset(cd, err) || gather_pairs(p, in, np, cd->cols, err)) return -1;
        cd->count = np;
        if (mn_expr_exec_select(p->cond_x, 0, cd, p->sel, npass, err)) return -1;
        *pass = p->sel;
    }
    for (int k = 0; k < *npass; k++) p->matched[p->probe[*pass ? (*pass)[k] : k]] = 1;
    if (!p->emit_pairs || *npass == 0) return 0;
    if (p->cond_x) {
        for (int col = 0; col < p->pn + p->bn; col++)
            if (mn_vector_gather(&out->cols[col], &p->cand.cols[col], *pass, *npass, false, err)) return -1;
    } else if (gather_pairs(p, in, np, out->cols, err)) {
        return -1;
    }
    out->count = *npass;
    return 0;
}

/* Phase 2: the rows of `in` whose matched flag is p->want, build columns NULL-padded when
 * the output carries them. */
static int emit_probe_rows(mn_join_pairs *p, mn_chunk *in, mn_chunk *out, mn_error *err) {
    int n = in->count, m = 0;
    for (int i = 0; i < n; i++)
        if (p->matched[i] == p->want) p->sel[m++] = (uint16_t)i;
    if (m == 0) return 0;
    for (int col = 0; col < p->pn; col++) {
        if (m == n) mn_vector_reference(&out->cols[col], &in->cols[col]);
        else if (mn_vector_gather(&out->cols[col], &in->cols[col], p->sel, m, false, err)) return -1;
    }
    if (p->emit_pairs)
        for (int col = 0; col < p->bn; col++)
            if (mn_join_null_column(&out->cols[p->pn + col], err)) return -1;
    out->count = m;
    return 0;
}

int mn_join_step(mn_join_pairs *p, mn_join_batch_fn batch, mn_physop *op, void *lstate, mn_chunk *in,
                 mn_chunk *out, mn_op_status *status, mn_error *err) {
    if (p->phase == 1) {
        bool more;
        do { /* batches whose pairs all fail the condition produce nothing: go on */
            if (batch(op, lstate, in, out, &more, err)) {
                p->active = false;
                return -1;
            }
        } while (more && out->count == 0);
        if (more || (p->by_match && out->count > 0)) {
            if (!more) p->phase = 2;
            *status = MN_OP_HAVE_MORE;
            return 0;
        }
        if (!p->by_match) {
            p->active = false;
            return 0;
        }
        p->phase = 2;
    }
    p->active = false;
    return emit_probe_rows(p, in, out, err);
}

int mn_join_null_column(mn_vector *v, mn_error *err) {
    if (mn_vector_prepare_const(v, err)) return -1;
    memset(v->data, 0, mn_type_size(v->type));
    uint8_t *nm = mn_vector_nulls_mut(v);
    if (!nm) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    nm[0] = 1;
    return 0;
}
