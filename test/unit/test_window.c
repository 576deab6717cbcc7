/* test_window.c — the window operator (mn_op_window) driven through mn_execute_plan: every
 * function kind over a small VALUES table with hand-checked Trino answers, ROWS / RANGE /
 * GROUPS frames, NULL order keys, IGNORE NULLS, error cases, empty input, and a generated
 * multi-threaded input checked against brute-force answers. Aggregates come from the
 * function registry. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "exec/executor.h"
#include "exec/operators.h"

static mn_arena A;
static mn_query_ctx Q;
static mn_type T_INT, T_BIG, T_DBL, T_STR;
static const mn_pos NOPOS = {0, 0};

/* ---------- the table w(id integer, g varchar, x integer, y double) ---------- */

#define NW 9
typedef struct trow {
    int id;
    const char *g; /* NULL = SQL NULL */
    int x;
    bool xnull;
    double y;
    bool ynull;
} trow;

static const trow W[NW] = {
    {1, "a", 1, false, 1.0, false},  {2, "a", 2, false, 2.0, false}, {3, "a", 2, false, 0, true},
    {4, "a", 3, false, 4.0, false},  {5, "a", 0, true, 5.0, false},  {6, "b", 10, false, 0, true},
    {7, "b", 20, false, 7.0, false}, {8, "b", 20, false, 8.0, false}, {9, NULL, 5, false, 9.0, false},
};

static mn_expr *cval(mn_type t, bool null, int64_t i, double d, const char *s) {
    mn_value v;
    memset(&v, 0, sizeof v);
    v.type = t;
    v.is_null = null;
    if (!null) {
        if (t.id == MN_T_DOUBLE) v.u.d = d;
        else if (t.id == MN_T_VARCHAR) v.u.s = (mn_str){s ? s : "", s ? (uint32_t)strlen(s) : 0};
        else v.u.i = i;
    }
    return mn_expr_const(&A, &v);
}
static mn_expr *cbig(int64_t i) { return cval(T_BIG, false, i, 0, NULL); }
static mn_expr *cbignull(void) { return cval(T_BIG, true, 0, 0, NULL); }
static mn_expr *cint(int64_t i) { return cval(T_INT, false, i, 0, NULL); }

static mn_physop *table_w(int nrows) {
    mn_type types[4] = {T_INT, T_STR, T_INT, T_DBL};
    mn_expr ***rows = mn_arena_alloc(&A, sizeof *rows * NW);
    for (int r = 0; r < nrows; r++) {
        rows[r] = mn_arena_alloc(&A, sizeof(mn_expr *) * 4);
        rows[r][0] = cval(T_INT, false, W[r].id, 0, NULL);
        rows[r][1] = cval(T_STR, W[r].g == NULL, 0, 0, W[r].g);
        rows[r][2] = cval(T_INT, W[r].xnull, W[r].x, 0, NULL);
        rows[r][3] = cval(T_DBL, W[r].ynull, 0, W[r].y, NULL);
    }
    mn_error err;
    mn_physop *op = mn_op_values(&A, 4, types, nrows, rows, &err);
    return op;
}

static mn_expr *col(int c) {
    static const int ids[4] = {MN_T_INTEGER, MN_T_VARCHAR, MN_T_INTEGER, MN_T_DOUBLE};
    mn_type t = ids[c] == MN_T_VARCHAR ? T_STR : mn_type_make((mn_type_id)ids[c]);
    return mn_expr_column(&A, c, t);
}
#define ID col(0)
#define G col(1)
#define X col(2)
#define Y col(3)

/* ---------- window calls ---------- */

static mn_window_call *wc(mn_window_kind k, mn_type t) {
    mn_window_call *c = mn_arena_calloc(&A, sizeof *c);
    c->kind = k;
    c->type = t;
    return c;
}

static mn_window_call *args(mn_window_call *c, int n, mn_expr *a0, mn_expr *a1, mn_expr *a2) {
    c->nargs = n;
    c->args = mn_arena_alloc(&A, sizeof(mn_expr *) * 3);
    c->args[0] = a0;
    c->args[1] = a1;
    c->args[2] = a2;
    return c;
}

static mn_window_call *part(mn_window_call *c, mn_expr *e) {
    c->npartition = 1;
    c->partition = mn_arena_alloc(&A, sizeof(mn_expr *));
    c->partition[0] = e;
    return c;
}

static mn_window_call *order(mn_window_call *c, mn_expr *e, bool desc, bool nulls_first) {
    mn_sort_key *k = mn_arena_alloc(&A, sizeof *k * (size_t)(c->norder + 1));
    if (c->norder) memcpy(k, c->order, sizeof *k * (size_t)c->norder);
    k[c->norder] = (mn_sort_key){e, desc, nulls_first};
    c->order = k;
    c->norder++;
    return c;
}

static mn_window_call *frame(mn_window_call *c, mn_frame_unit u, mn_frame_bound_kind s, mn_expr *so,
                             mn_frame_bound_kind e, mn_expr *eo) {
    c->has_frame = true;
    c->frame_unit = u;
    c->start_kind = s;
    c->start_offset = so;
    c->end_kind = e;
    c->end_offset = eo;
    return c;
}

static mn_window_call *aggc(const char *name, mn_expr *arg) {
    mn_error err;
    mn_agg_call *agg = NULL;
    mn_expr *av[1] = {arg};
    if (mn_func_bind_aggregate(&A, name, av, arg ? 1 : 0, false, arg == NULL, NOPOS, &agg, &err)) {
        fprintf(stderr, "bind %s: %s\n", name, err.message);
        return NULL;
    }
    mn_window_call *c = wc(MN_WIN_AGGREGATE, agg->type);
    c->agg = agg;
    return c;
}

/* ---------- running and collecting ---------- */

#define MAXID 20000
#define MAXC 16

typedef struct res {
    int ncols;
    int64_t nrows;
    char *cell[MAXID + 1][MAXC]; /* by id (column 0), rendered */
    int64_t order[MAXID + 1];    /* ids in output order */
    bool dup;
} res;

static res R;

static void res_clear(void) {
    for (int i = 0; i <= MAXID; i++)
        for (int c = 0; c < MAXC; c++) {
            free(R.cell[i][c]);
            R.cell[i][c] = NULL;
        }
    R.ncols = 0;
    R.nrows = 0;
    R.dup = false;
}

static int collect(void *ud, mn_chunk *ch, mn_error *err) {
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    R.ncols = ch->ncols;
    for (int i = 0; i < ch->count; i++) {
        mn_value v;
        mn_vector_get_value(&ch->cols[0], i, &v);
        int64_t id = v.is_null ? 0 : v.u.i;
        if (id < 0 || id > MAXID) id = 0;
        if (R.cell[id][0]) R.dup = true;
        R.order[R.nrows++] = id;
        for (int c = 0; c < ch->ncols && c < MAXC; c++) {
            mn_vector_get_value(&ch->cols[c], i, &v);
            mn_strbuf_clear(&sb);
            if (v.is_null) mn_strbuf_puts(&sb, "NULL");
            else mn_value_render(&v, &sb);
            free(R.cell[id][c]);
            R.cell[id][c] = strdup(sb.data ? sb.data : "");
        }
    }
    mn_strbuf_free(&sb);
    return 0;
}

/* Runs the window over table w (first nrows rows); returns 0 or -1 with err. */
static int run_on(mn_physop *src, mn_window_call **calls, int n, int threads, mn_error *err) {
    res_clear();
    mn_physop *op = mn_op_window(&A, src, calls, n, err);
    if (!op) return -1;
    Q.threads = threads;
    atomic_store(&Q.cancelled, 0);
    return mn_execute_plan(op, &Q, collect, NULL, err);
}

static int run_w(mn_window_call **calls, int n, mn_error *err) { return run_on(table_w(NW), calls, n, 1, err); }

static const char *cell(int id, int c) { return R.cell[id][c] ? R.cell[id][c] : "(missing)"; }

/* Checks output column c (4 + call index) for ids 1..9 against want, space separated. */
static void expect_col(int c, const char *want, int line) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", want);
    char *save = NULL, *tok = strtok_r(buf, " ", &save);
    for (int id = 1; id <= NW; id++) {
        if (!tok) {
            fprintf(stderr, "line %d: too few expected values\n", line);
            check_failed++;
            return;
        }
        if (strcmp(cell(id, c), tok) != 0) {
            fprintf(stderr, "line %d: id %d col %d: got %s, want %s\n", line, id, c, cell(id, c), tok);
            check_failed++;
        } else {
            check_passed++;
        }
        tok = strtok_r(NULL, " ", &save);
    }
}
#define EXPECT(c, want) expect_col(4 + (c), want, __LINE__)

/* ---------- tests over w ---------- */

static void test_ranking(void) {
    mn_error err;
    mn_window_call *c[7];
    c[0] = order(part(wc(MN_WIN_ROW_NUMBER, T_BIG), G), X, false, false);
    order(c[0], ID, false, false);
    c[1] = order(part(wc(MN_WIN_RANK, T_BIG), G), X, false, false);
    c[2] = order(part(wc(MN_WIN_DENSE_RANK, T_BIG), G), X, false, false);
    c[3] = order(part(wc(MN_WIN_PERCENT_RANK, T_DBL), G), X, false, false);
    c[4] = order(part(wc(MN_WIN_CUME_DIST, T_DBL), G), X, false, false);
    c[5] = order(part(args(wc(MN_WIN_NTILE, T_BIG), 1, cbig(2), NULL, NULL), G), X, false, false);
    order(c[5], ID, false, false);
    c[6] = order(wc(MN_WIN_RANK, T_BIG), X, true, false); /* whole table, x DESC NULLS LAST */
    CHECK(run_w(c, 7, &err) == 0);
    CHECK(R.nrows == NW && !R.dup && R.ncols == 11);
    EXPECT(0, "1 2 3 4 5 1 2 3 1");
    EXPECT(1, "1 2 2 4 5 1 2 2 1");
    EXPECT(2, "1 2 2 3 4 1 2 2 1");
    EXPECT(3, "0.0 0.25 0.25 0.75 1.0 0.0 0.5 0.5 0.0");
    EXPECT(4, "0.2 0.6 0.6 0.8 1.0 0.3333333333333333 1.0 1.0 1.0");
    EXPECT(5, "1 1 1 2 2 1 1 2 1");
    /* x DESC: 20 20 10 5 3 2 2 1 NULL */
    EXPECT(6, "8 6 6 5 9 3 1 1 4");
    /* input columns pass through */
    CHECK_STR(cell(9, 1), "NULL");
    CHECK_STR(cell(3, 3), "NULL");
    CHECK_STR(cell(7, 1), "b");
}

static void test_nulls_first_and_ntile(void) {
    mn_error err;
    mn_window_call *c[3];
    c[0] = order(part(wc(MN_WIN_RANK, T_BIG), G), X, false, true);    /* NULLS FIRST */
    c[1] = order(part(wc(MN_WIN_ROW_NUMBER, T_BIG), G), X, true, true); /* DESC NULLS FIRST */
    order(c[1], ID, false, false);
    c[2] = order(args(wc(MN_WIN_NTILE, T_BIG), 1, cbig(4), NULL, NULL), ID, false, false); /* 9 rows, 4 buckets */
    CHECK(run_w(c, 3, &err) == 0);
    EXPECT(0, "2 3 3 5 1 1 2 2 1");
    EXPECT(1, "5 3 4 2 1 3 1 2 1");
    EXPECT(2, "1 1 1 2 2 3 3 4 4");
    /* ntile(NULL) is NULL; ntile(20) over 9 rows numbers them */
    mn_window_call *d[2];
    d[0] = order(args(wc(MN_WIN_NTILE, T_BIG), 1, cbignull(), NULL, NULL), ID, false, false);
    d[1] = order(args(wc(MN_WIN_NTILE, T_BIG), 1, cbig(20), NULL, NULL), ID, false, false);
    CHECK(run_w(d, 2, &err) == 0);
    EXPECT(0, "NULL NULL NULL NULL NULL NULL NULL NULL NULL");
    EXPECT(1, "1 2 3 4 5 6 7 8 9");
}

static void test_lag_lead(void) {
    mn_error err;
    mn_window_call *c[8];
    for (int i = 0; i < 8; i++) c[i] = NULL;
    c[0] = args(wc(MN_WIN_LAG, T_INT), 1, X, NULL, NULL);
    c[1] = args(wc(MN_WIN_LEAD, T_INT), 1, X, NULL, NULL);
    c[2] = args(wc(MN_WIN_LAG, T_INT), 3, X, cbig(2), cint(-1));
    c[3] = args(wc(MN_WIN_LEAD, T_INT), 2, X, cbig(0), NULL);
    c[4] = args(wc(MN_WIN_LAG, T_INT), 2, X, cbignull(), NULL);
    c[5] = args(wc(MN_WIN_LEAD, T_INT), 3, X, cbig(1), ID); /* default from the current row */
    c[6] = args(wc(MN_WIN_LAG, T_DBL), 1, Y, NULL, NULL);
    c[6]->ignore_nulls = true;
    c[7] = args(wc(MN_WIN_LEAD, T_DBL), 1, Y, NULL, NULL);
    c[7]->ignore_nulls = true;
    for (int i = 0; i < 8; i++) order(part(c[i], G), ID, false, false);
    CHECK(run_w(c, 8, &err) == 0);
    /* partition a by id: x = 1 2 2 3 NULL; b: 10 20 20; NULL: 5 */
    EXPECT(0, "NULL 1 2 2 3 NULL 10 20 NULL");
    EXPECT(1, "2 2 3 NULL NULL 20 20 NULL NULL");
    EXPECT(2, "-1 -1 1 2 2 -1 -1 10 -1");
    EXPECT(3, "1 2 2 3 NULL 10 20 20 5");
    EXPECT(4, "NULL NULL NULL NULL NULL NULL NULL NULL NULL");
    EXPECT(5, "2 2 3 NULL 5 20 20 8 9");
    /* y by id: a = 1 2 NULL 4 5; b = NULL 7 8; NULL part: 9 */
    EXPECT(6, "NULL 1.0 2.0 2.0 4.0 NULL NULL 7.0 NULL");
    EXPECT(7, "2.0 4.0 4.0 5.0 NULL 7.0 8.0 NULL NULL");
    /* lag(y, 2) IGNORE NULLS and lead(y, 0) IGNORE NULLS (offset 0: the current value) */
    mn_window_call *d[2];
    d[0] = order(part(args(wc(MN_WIN_LAG, T_DBL), 2, Y, cbig(2), NULL), G), ID, false, false);
    d[0]->ignore_nulls = true;
    d[1] = order(part(args(wc(MN_WIN_LEAD, T_DBL), 2, Y, cbig(0), NULL), G), ID, false, false);
    d[1]->ignore_nulls = true;
    CHECK(run_w(d, 2, &err) == 0);
    EXPECT(0, "NULL NULL 1.0 1.0 2.0 NULL NULL NULL NULL");
    EXPECT(1, "1.0 2.0 NULL 4.0 5.0 NULL 7.0 8.0 9.0");
}

static void test_values(void) {
    mn_error err;
    mn_window_call *c[9];
    c[0] = args(wc(MN_WIN_FIRST_VALUE, T_DBL), 1, Y, NULL, NULL);
    c[1] = args(wc(MN_WIN_FIRST_VALUE, T_DBL), 1, Y, NULL, NULL);
    c[1]->ignore_nulls = true;
    c[2] = args(wc(MN_WIN_LAST_VALUE, T_DBL), 1, Y, NULL, NULL);
    c[3] = args(wc(MN_WIN_LAST_VALUE, T_DBL), 1, Y, NULL, NULL);
    c[3]->ignore_nulls = true;
    c[4] = frame(args(wc(MN_WIN_LAST_VALUE, T_DBL), 1, Y, NULL, NULL), MN_FRAME_ROWS, MN_BOUND_UNBOUNDED_PRECEDING,
                 NULL, MN_BOUND_UNBOUNDED_FOLLOWING, NULL);
    c[5] = args(wc(MN_WIN_NTH_VALUE, T_DBL), 2, Y, cbig(2), NULL);
    c[6] = args(wc(MN_WIN_NTH_VALUE, T_DBL), 2, Y, cbig(3), NULL);
    c[7] = args(wc(MN_WIN_NTH_VALUE, T_DBL), 2, Y, cbig(3), NULL);
    c[7]->ignore_nulls = true;
    c[8] = frame(args(wc(MN_WIN_FIRST_VALUE, T_DBL), 1, Y, NULL, NULL), MN_FRAME_ROWS, MN_BOUND_FOLLOWING, cbig(1),
                 MN_BOUND_FOLLOWING, cbig(2));
    for (int i = 0; i < 9; i++) order(part(c[i], G), ID, false, false);
    CHECK(run_w(c, 9, &err) == 0);
    EXPECT(0, "1.0 1.0 1.0 1.0 1.0 NULL NULL NULL 9.0");
    EXPECT(1, "1.0 1.0 1.0 1.0 1.0 NULL 7.0 7.0 9.0");
    EXPECT(2, "1.0 2.0 NULL 4.0 5.0 NULL 7.0 8.0 9.0");
    EXPECT(3, "1.0 2.0 2.0 4.0 5.0 NULL 7.0 8.0 9.0");
    EXPECT(4, "5.0 5.0 5.0 5.0 5.0 8.0 8.0 8.0 9.0");
    EXPECT(5, "NULL 2.0 2.0 2.0 2.0 NULL 7.0 7.0 NULL");
    EXPECT(6, "NULL NULL NULL NULL NULL NULL NULL 8.0 NULL");
    EXPECT(7, "NULL NULL NULL 4.0 4.0 NULL NULL NULL NULL");
    EXPECT(8, "2.0 NULL 4.0 5.0 NULL 7.0 8.0 NULL NULL");
    /* string values and first_value without ORDER BY (whole partition) */
    mn_window_call *d[2];
    d[0] = order(args(wc(MN_WIN_LAG, T_STR), 1, G, NULL, NULL), ID, false, false);
    d[1] = part(args(wc(MN_WIN_FIRST_VALUE, T_STR), 1, G, NULL, NULL), G);
    CHECK(run_w(d, 2, &err) == 0);
    EXPECT(0, "NULL a a a a a b b b");
    EXPECT(1, "a a a a a b b b NULL");
}

static void test_aggregates_default(void) {
    mn_error err;
    mn_window_call *c[7];
    c[0] = order(part(aggc("sum", X), G), X, false, false);
    c[1] = order(part(aggc("count", X), G), X, false, false);
    c[2] = order(part(aggc("count", NULL), G), X, false, false);
    c[3] = part(aggc("sum", X), G); /* no ORDER BY: whole partition */
    c[4] = order(part(aggc("max", G), G), ID, true, false);
    c[5] = order(part(aggc("avg", Y), G), ID, false, false);
    c[6] = order(part(aggc("min", Y), G), X, false, false);
    CHECK(run_w(c, 7, &err) == 0);
    EXPECT(0, "1 5 5 8 8 10 50 50 5");
    EXPECT(1, "1 3 3 4 4 1 3 3 1");
    EXPECT(2, "1 3 3 4 5 1 3 3 1");
    EXPECT(3, "8 8 8 8 8 50 50 50 5");
    EXPECT(4, "a a a a a b b b NULL");
    EXPECT(5, "1.0 1.5 1.5 2.3333333333333335 3.0 NULL 7.0 7.5 9.0");
    EXPECT(6, "1.0 1.0 1.0 1.0 1.0 NULL 7.0 7.0 9.0");
}

static void test_frames(void) {
    mn_error err;
    mn_window_call *c[10];
    /* ROWS 1 PRECEDING AND 1 FOLLOWING, ORDER BY x, id */
    c[0] = frame(aggc("sum", X), MN_FRAME_ROWS, MN_BOUND_PRECEDING, cbig(1), MN_BOUND_FOLLOWING, cbig(1));
    /* RANGE 1 PRECEDING AND 1 FOLLOWING over x (the NULL row frames its NULL peers) */
    c[1] = frame(aggc("sum", X), MN_FRAME_RANGE, MN_BOUND_PRECEDING, cint(1), MN_BOUND_FOLLOWING, cint(1));
    c[2] = frame(aggc("count", NULL), MN_FRAME_RANGE, MN_BOUND_PRECEDING, cint(1), MN_BOUND_FOLLOWING, cint(1));
    /* GROUPS 1 PRECEDING AND CURRENT ROW */
    c[3] = frame(aggc("sum", X), MN_FRAME_GROUPS, MN_BOUND_PRECEDING, cbig(1), MN_BOUND_CURRENT_ROW, NULL);
    /* ROWS CURRENT ROW AND UNBOUNDED FOLLOWING */
    c[4] = frame(aggc("sum", X), MN_FRAME_ROWS, MN_BOUND_CURRENT_ROW, NULL, MN_BOUND_UNBOUNDED_FOLLOWING, NULL);
    c[5] = frame(aggc("count", X), MN_FRAME_ROWS, MN_BOUND_CURRENT_ROW, NULL, MN_BOUND_UNBOUNDED_FOLLOWING, NULL);
    /* ROWS UNBOUNDED PRECEDING AND 1 PRECEDING (empty for the first row) */
    c[6] = frame(aggc("count", NULL), MN_FRAME_ROWS, MN_BOUND_UNBOUNDED_PRECEDING, NULL, MN_BOUND_PRECEDING, cbig(1));
    c[7] = frame(aggc("sum", X), MN_FRAME_ROWS, MN_BOUND_UNBOUNDED_PRECEDING, NULL, MN_BOUND_PRECEDING, cbig(1));
    /* RANGE CURRENT ROW AND UNBOUNDED FOLLOWING (peers included) */
    c[8] = frame(aggc("sum", X), MN_FRAME_RANGE, MN_BOUND_CURRENT_ROW, NULL, MN_BOUND_UNBOUNDED_FOLLOWING, NULL);
    /* GROUPS 1 FOLLOWING AND UNBOUNDED FOLLOWING */
    c[9] = frame(aggc("count", NULL), MN_FRAME_GROUPS, MN_BOUND_FOLLOWING, cbig(1), MN_BOUND_UNBOUNDED_FOLLOWING,
                 NULL);
    for (int i = 0; i < 10; i++) {
        order(part(c[i], G), X, false, false);
        if (c[i]->frame_unit == MN_FRAME_ROWS) order(c[i], ID, false, false);
    }
    CHECK(run_w(c, 10, &err) == 0);
    /* a by x, id: id1 x1, id2 x2, id3 x2, id4 x3, id5 NULL; b: 10 20 20; NULL part: 5 */
    EXPECT(0, "3 5 7 5 3 30 50 40 5");
    EXPECT(1, "5 8 8 7 NULL 10 40 40 5");
    EXPECT(2, "3 4 4 3 1 1 2 2 1");
    EXPECT(3, "1 5 5 7 3 10 50 50 5");
    EXPECT(4, "8 7 5 3 NULL 50 40 20 5");
    EXPECT(5, "4 3 2 1 0 3 2 1 1");
    EXPECT(6, "0 1 2 3 4 0 1 2 0");
    EXPECT(7, "NULL 1 3 5 8 NULL 10 30 NULL");
    EXPECT(8, "8 7 7 3 NULL 50 40 40 5");
    EXPECT(9, "4 2 2 1 0 2 0 0 0");
}

static void test_range_desc_and_nulls_first(void) {
    mn_error err;
    mn_window_call *c[4];
    /* x DESC: RANGE 1 PRECEDING AND CURRENT ROW = keys in [x, x + 1] */
    c[0] = order(part(frame(aggc("sum", X), MN_FRAME_RANGE, MN_BOUND_PRECEDING, cint(1), MN_BOUND_CURRENT_ROW, NULL),
                      G),
                 X, true, false);
    /* NULLS FIRST, RANGE UNBOUNDED PRECEDING AND 1 PRECEDING: leading NULLs are in every frame */
    c[1] = order(part(frame(aggc("count", NULL), MN_FRAME_RANGE, MN_BOUND_UNBOUNDED_PRECEDING, NULL,
                            MN_BOUND_PRECEDING, cint(1)),
                      G),
                 X, false, true);
    /* RANGE 1 FOLLOWING AND UNBOUNDED FOLLOWING with NULLS LAST: trailing NULLs are in frames */
    c[2] = order(part(frame(aggc("count", NULL), MN_FRAME_RANGE, MN_BOUND_FOLLOWING, cint(1),
                            MN_BOUND_UNBOUNDED_FOLLOWING, NULL),
                      G),
                 X, false, false);
    /* double key, integer offset: y in [y - 2, y] */
    c[3] = order(frame(aggc("count", NULL), MN_FRAME_RANGE, MN_BOUND_PRECEDING, cint(2), MN_BOUND_CURRENT_ROW, NULL), Y,
                 false, false);
    CHECK(run_w(c, 4, &err) == 0);
    EXPECT(0, "5 7 7 3 NULL 10 40 40 5");
    /* a with NULLS FIRST: NULL(id5), 1, 2, 2, 3: id5 frame = NULL peers (as CURRENT ROW end) */
    EXPECT(1, "1 2 2 4 1 0 1 1 0");
    /* a: id1 (1): keys >= 2 -> id2 id3 id4 + NULL = 4; id2/3 (2): >= 3 -> id4 + NULL = 2;
     * id4 (3): >= 4 -> none, starts at the NULL = 1; id5 (NULL): its peers = 1 */
    EXPECT(2, "4 2 2 1 1 2 0 0 0");
    /* y sorted: 1 2 4 5 7 8 9 NULL NULL: [y-2, y]; the NULL rows frame their 2 peers */
    EXPECT(3, "1 2 2 2 2 2 2 2 3");
}

static void test_errors(void) {
    mn_error err;
    mn_window_call *c[1];
    c[0] = order(args(wc(MN_WIN_LAG, T_INT), 2, X, cbig(-1), NULL), ID, false, false);
    CHECK(run_w(c, 1, &err) != 0);
    CHECK(strstr(err.message, "Offset must be at least 0") != NULL);
    c[0] = order(args(wc(MN_WIN_NTH_VALUE, T_DBL), 2, Y, cbig(0), NULL), ID, false, false);
    CHECK(run_w(c, 1, &err) != 0);
    CHECK(strstr(err.message, "Offset must be at least 1") != NULL);
    c[0] = order(args(wc(MN_WIN_NTILE, T_BIG), 1, cbig(0), NULL, NULL), ID, false, false);
    CHECK(run_w(c, 1, &err) != 0);
    CHECK(strstr(err.message, "Buckets must be greater than 0") != NULL);
    c[0] = order(frame(aggc("sum", X), MN_FRAME_ROWS, MN_BOUND_PRECEDING, cbig(-1), MN_BOUND_CURRENT_ROW, NULL), ID,
                 false, false);
    CHECK(run_w(c, 1, &err) != 0);
    CHECK(strstr(err.message, "must not be negative or null") != NULL);
    c[0] = order(frame(aggc("sum", X), MN_FRAME_ROWS, MN_BOUND_PRECEDING, cbignull(), MN_BOUND_CURRENT_ROW, NULL), ID,
                 false, false);
    CHECK(run_w(c, 1, &err) != 0);
    CHECK(strstr(err.message, "must not be negative or null") != NULL);
    c[0] = order(frame(aggc("sum", X), MN_FRAME_RANGE, MN_BOUND_PRECEDING, cint(-2), MN_BOUND_CURRENT_ROW, NULL), X,
                 false, false);
    CHECK(run_w(c, 1, &err) != 0);
    CHECK(strstr(err.message, "must not be negative or null") != NULL);
    /* construction errors */
    c[0] = order(order(frame(aggc("sum", X), MN_FRAME_RANGE, MN_BOUND_PRECEDING, cint(1), MN_BOUND_CURRENT_ROW, NULL),
                       X, false, false),
                 ID, false, false);
    CHECK(mn_op_window(&A, table_w(NW), c, 1, &err) == NULL);
    CHECK(strstr(err.message, "requires single sort item") != NULL);
    c[0] = order(frame(aggc("sum", X), MN_FRAME_RANGE, MN_BOUND_PRECEDING, cint(1), MN_BOUND_CURRENT_ROW, NULL), G,
                 false, false);
    CHECK(mn_op_window(&A, table_w(NW), c, 1, &err) == NULL);
    c[0] = order(frame(aggc("sum", X), MN_FRAME_ROWS, MN_BOUND_CURRENT_ROW, NULL, MN_BOUND_PRECEDING, cbig(1)), ID,
                 false, false);
    CHECK(mn_op_window(&A, table_w(NW), c, 1, &err) == NULL);
    c[0] = args(wc(MN_WIN_LAG, T_INT), 0, NULL, NULL, NULL);
    CHECK(mn_op_window(&A, table_w(NW), c, 1, &err) == NULL);
    /* the query still works after errors (nothing leaked or left behind) */
    c[0] = order(wc(MN_WIN_ROW_NUMBER, T_BIG), ID, false, false);
    CHECK(run_w(c, 1, &err) == 0);
    EXPECT(0, "1 2 3 4 5 6 7 8 9");
}

static void test_empty_and_no_calls(void) {
    mn_error err;
    mn_window_call *c[2];
    c[0] = order(part(wc(MN_WIN_RANK, T_BIG), G), X, false, false);
    c[1] = order(part(aggc("sum", X), G), X, false, false);
    CHECK(run_on(table_w(0), c, 2, 1, &err) == 0);
    CHECK(R.nrows == 0);
    CHECK(run_on(table_w(NW), c, 0, 1, &err) == 0);
    CHECK(R.nrows == NW && R.ncols == 4);
    /* no PARTITION BY / ORDER BY: one partition of peers */
    mn_window_call *d[3];
    d[0] = wc(MN_WIN_RANK, T_BIG);
    d[1] = aggc("count", NULL);
    d[2] = wc(MN_WIN_CUME_DIST, T_DBL);
    CHECK(run_w(d, 3, &err) == 0);
    EXPECT(0, "1 1 1 1 1 1 1 1 1");
    EXPECT(1, "9 9 9 9 9 9 9 9 9");
    EXPECT(2, "1.0 1.0 1.0 1.0 1.0 1.0 1.0 1.0 1.0");
}

/* DISTINCT aggregates (states with destroy), FILTER, an error with live states, dates. */
static void test_distinct_filter_errors(void) {
    mn_error err;
    mn_window_call *c[4];
    mn_agg_call *agg = NULL;
    mn_expr *av[1] = {X};
    CHECK(mn_func_bind_aggregate(&A, "count", av, 1, true, false, NOPOS, &agg, &err) == 0);
    c[0] = order(part(wc(MN_WIN_AGGREGATE, agg->type), G), ID, false, false);
    c[0]->agg = agg;
    c[1] = frame(wc(MN_WIN_AGGREGATE, agg->type), MN_FRAME_ROWS, MN_BOUND_PRECEDING, cbig(1), MN_BOUND_FOLLOWING,
                 cbig(1));
    c[1]->agg = agg;
    order(part(c[1], G), ID, false, false);
    /* sum(x) FILTER (WHERE x > 1) */
    c[2] = order(part(aggc("sum", X), G), ID, false, false);
    mn_expr *cmp[2] = {X, cint(1)}, *pred = NULL;
    CHECK(mn_func_bind_scalar(&A, ">", cmp, 2, NOPOS, &pred, &err) == 0);
    c[2]->agg->filter = pred;
    c[3] = frame(aggc("count", NULL), MN_FRAME_ROWS, MN_BOUND_CURRENT_ROW, NULL, MN_BOUND_FOLLOWING, cbig(1));
    c[3]->agg->filter = pred;
    order(part(c[3], G), ID, false, false);
    CHECK(run_w(c, 4, &err) == 0);
    /* a by id: x = 1 2 2 3 NULL */
    EXPECT(0, "1 2 2 3 3 1 2 2 1");
    EXPECT(1, "2 2 2 2 1 2 2 1 1");
    EXPECT(2, "NULL 2 4 7 7 10 30 50 5");
    EXPECT(3, "1 2 2 1 0 2 2 1 1");

    /* bigint overflow in a running sum while a DISTINCT state is live: error, no leak */
    mn_window_call *d[2];
    d[0] = c[1];
    mn_expr *bigv = cbig(INT64_C(4611686018427387904));
    d[1] = order(aggc("sum", bigv), ID, false, false);
    CHECK(run_w(d, 2, &err) != 0);
    CHECK(err.code == MN_ERR_NUMERIC_OVERFLOW);

    /* RANGE over a date key with an interval offset: dates = 2024-01-01 + x days */
    mn_expr *dargs[2] = {cval(mn_type_make(MN_T_DATE), false, 19723, 0, NULL), X}, *dt = NULL, *iv = NULL;
    mn_value ivv;
    memset(&ivv, 0, sizeof ivv);
    ivv.type = mn_type_make(MN_T_INTERVAL_DS);
    ivv.u.i = INT64_C(86400000000); /* 1 day */
    iv = mn_expr_const(&A, &ivv);
    mn_expr *days = NULL;
    CHECK(mn_func_bind_scalar(&A, "*", (mn_expr *[]){iv, X}, 2, NOPOS, &days, &err) == 0 ||
          (days = NULL, true));
    if (days) {
        dargs[1] = days;
        CHECK(mn_func_bind_scalar(&A, "+", dargs, 2, NOPOS, &dt, &err) == 0);
    }
    if (dt) {
        mn_window_call *e[1];
        e[0] = order(part(frame(aggc("count", NULL), MN_FRAME_RANGE, MN_BOUND_PRECEDING, iv, MN_BOUND_CURRENT_ROW,
                                NULL),
                          G),
                     dt, false, false);
        CHECK(run_w(e, 1, &err) == 0);
        /* same as RANGE 1 PRECEDING .. CURRENT ROW over x */
        EXPECT(0, "1 3 3 3 1 1 2 2 1");
    }
}

static void test_explain(void) {
    mn_error err;
    mn_window_call *c[2];
    c[0] = order(part(frame(aggc("sum", X), MN_FRAME_ROWS, MN_BOUND_PRECEDING, cbig(1), MN_BOUND_CURRENT_ROW, NULL), G),
                 X, true, false);
    c[1] = order(args(wc(MN_WIN_LAG, T_DBL), 1, Y, NULL, NULL), ID, false, false);
    c[1]->ignore_nulls = true;
    mn_physop *op = mn_op_window(&A, table_w(NW), c, 2, &err);
    CHECK(op != NULL);
    if (!op) return;
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    mn_explain_plan(op, false, &sb);
    const char *t = sb.data ? sb.data : "";
    CHECK(strstr(t, "Window") != NULL);
    CHECK(strstr(t, "sum(#2) OVER (PARTITION BY #1 ORDER BY #2 DESC NULLS LAST ROWS BETWEEN 1 PRECEDING AND CURRENT "
                    "ROW)") != NULL);
    CHECK(strstr(t, "lag(#3) IGNORE NULLS OVER (ORDER BY #0 ASC NULLS LAST)") != NULL);
    if (check_failed) fprintf(stderr, "%s\n", t);
    mn_strbuf_free(&sb);
}

/* Output rows come grouped by partition (the last call's spec, here PARTITION BY g). */
static void test_grouped_output(void) {
    mn_error err;
    mn_window_call *c[2];
    c[0] = order(wc(MN_WIN_ROW_NUMBER, T_BIG), Y, false, false);
    c[1] = order(part(wc(MN_WIN_ROW_NUMBER, T_BIG), G), ID, false, false);
    CHECK(run_w(c, 2, &err) == 0);
    int changes = 0;
    for (int64_t i = 1; i < R.nrows; i++)
        if (strcmp(cell((int)R.order[i], 1), cell((int)R.order[i - 1], 1)) != 0) changes++;
    CHECK(changes == 2);
    EXPECT(0, "1 2 8 3 4 9 5 6 7");
}

/* ---------- generated input vs brute force ---------- */

#define GN 9000

typedef struct gen_state {
    atomic_int_fast64_t next;
} gen_state;

static int64_t gen_g(int64_t i) { return i % 7; }
static bool gen_xnull(int64_t i) { return i % 13 == 0; }
static int64_t gen_x(int64_t i) { return (i * 37) % 101; }

static void *gen_global(mn_physop *op, mn_query_ctx *q, mn_error *err) {
    gen_state *s = calloc(1, sizeof *s);
    atomic_init(&s->next, 0);
    return s;
}

static int gen_next(mn_physop *op, void *gp, void *lp, mn_chunk *out, mn_error *err) {
    gen_state *s = gp;
    int64_t base = atomic_fetch_add(&s->next, 700);
    out->count = 0;
    if (base >= GN) return 0;
    int n = (int)(GN - base < 700 ? GN - base : 700);
    for (int r = 0; r < n; r++) {
        int64_t i = base + r;
        ((int32_t *)out->cols[0].data)[r] = (int32_t)(i + 1);
        char buf[8];
        snprintf(buf, sizeof buf, "g%d", (int)gen_g(i));
        ((mn_str *)out->cols[1].data)[r] = mn_vector_add_string(&out->cols[1], buf, strlen(buf));
        if (gen_xnull(i)) mn_vector_set_null(&out->cols[2], r);
        else ((int32_t *)out->cols[2].data)[r] = (int32_t)gen_x(i);
        ((double *)out->cols[3].data)[r] = 0;
    }
    out->count = n;
    return 0;
}

static void gen_free(mn_physop *op, void *gp) { free(gp); }

static const mn_op_vtable gen_vt = {
    .name = "Gen", .source_global = gen_global, .source_next = gen_next, .source_free_global = gen_free};

static mn_physop *gen_op(void) {
    mn_type types[4] = {T_INT, T_STR, T_INT, T_DBL};
    return mn_physop_new(&A, &gen_vt, 4, types);
}

/* rows of partition g sorted by (x NULLS LAST, id) */
static int64_t sorted_ids[7][GN];
static int nsorted[7];
static int64_t key_of(int64_t id) { return gen_xnull(id - 1) ? INT64_MAX : gen_x(id - 1); }
static int cmp_ids(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    int64_t kx = key_of(x), ky = key_of(y);
    if (kx != ky) return kx < ky ? -1 : 1;
    return x < y ? -1 : x > y;
}

static void test_generated(int threads) {
    mn_error err;
    mn_window_call *c[5];
    c[0] = order(part(wc(MN_WIN_RANK, T_BIG), G), X, false, false);
    c[1] = frame(aggc("sum", X), MN_FRAME_ROWS, MN_BOUND_PRECEDING, cbig(3), MN_BOUND_FOLLOWING, cbig(2));
    order(order(part(c[1], G), X, false, false), ID, false, false);
    c[2] = order(part(frame(aggc("count", X), MN_FRAME_RANGE, MN_BOUND_PRECEDING, cint(5), MN_BOUND_FOLLOWING, cint(3)),
                      G),
                 X, false, false);
    c[3] = order(order(part(args(wc(MN_WIN_LAG, T_INT), 2, X, cbig(3), NULL), G), X, false, false), ID, false, false);
    c[4] = order(part(aggc("sum", X), G), X, false, false);
    CHECK(run_on(gen_op(), c, 5, threads, &err) == 0);
    CHECK(R.nrows == GN && !R.dup);
    memset(nsorted, 0, sizeof nsorted);
    for (int64_t id = 1; id <= GN; id++) {
        int g = (int)gen_g(id - 1);
        sorted_ids[g][nsorted[g]++] = id;
    }
    int bad = 0;
    char want[64];
    for (int g = 0; g < 7; g++) {
        int n = nsorted[g];
        int64_t *ids = sorted_ids[g];
        qsort(ids, (size_t)n, sizeof *ids, cmp_ids);
        for (int r = 0; r < n && bad < 10; r++) {
            int64_t id = ids[r], k = key_of(id);
            /* rank */
            int rank = r;
            while (rank > 0 && key_of(ids[rank - 1]) == k) rank--;
            snprintf(want, sizeof want, "%d", rank + 1);
            if (strcmp(cell((int)id, 4), want)) bad++, fprintf(stderr, "rank id %lld: %s vs %s\n", (long long)id, cell((int)id, 4), want);
            /* ROWS 3 PRECEDING .. 2 FOLLOWING */
            int64_t s = 0;
            bool any = false;
            for (int j = r - 3; j <= r + 2; j++)
                if (j >= 0 && j < n && key_of(ids[j]) != INT64_MAX) s += key_of(ids[j]), any = true;
            if (any) snprintf(want, sizeof want, "%lld", (long long)s);
            else snprintf(want, sizeof want, "NULL");
            if (strcmp(cell((int)id, 5), want)) bad++, fprintf(stderr, "rows id %lld: %s vs %s\n", (long long)id, cell((int)id, 5), want);
            /* RANGE 5 PRECEDING .. 3 FOLLOWING, count(x) */
            int64_t cnt = 0;
            for (int j = 0; j < n; j++) {
                int64_t kj = key_of(ids[j]);
                if (k == INT64_MAX) cnt += 0; /* NULL peers: count(x) of NULLs is 0 */
                else if (kj != INT64_MAX && kj >= k - 5 && kj <= k + 3) cnt++;
            }
            snprintf(want, sizeof want, "%lld", (long long)cnt);
            if (strcmp(cell((int)id, 6), want)) bad++, fprintf(stderr, "range id %lld: %s vs %s\n", (long long)id, cell((int)id, 6), want);
            /* lag(x, 3) */
            if (r >= 3 && key_of(ids[r - 3]) != INT64_MAX) snprintf(want, sizeof want, "%lld", (long long)key_of(ids[r - 3]));
            else snprintf(want, sizeof want, "NULL");
            if (strcmp(cell((int)id, 7), want)) bad++, fprintf(stderr, "lag id %lld: %s vs %s\n", (long long)id, cell((int)id, 7), want);
            /* running sum with peers */
            s = 0;
            any = false;
            for (int j = 0; j < n; j++) {
                int64_t kj = key_of(ids[j]);
                if (kj <= k && kj != INT64_MAX) s += kj, any = true;
            }
            if (any) snprintf(want, sizeof want, "%lld", (long long)s);
            else snprintf(want, sizeof want, "NULL");
            if (strcmp(cell((int)id, 8), want)) bad++, fprintf(stderr, "running id %lld: %s vs %s\n", (long long)id, cell((int)id, 8), want);
        }
    }
    CHECK(bad == 0);
}

int main(void) {
    mn_arena_init(&A, 0);
    memset(&Q, 0, sizeof Q);
    Q.arena = &A;
    T_INT = mn_type_make(MN_T_INTEGER);
    T_BIG = mn_type_make(MN_T_BIGINT);
    T_DBL = mn_type_make(MN_T_DOUBLE);
    T_STR = mn_type_varchar(-1);

    test_ranking();
    test_nulls_first_and_ntile();
    test_lag_lead();
    test_values();
    test_aggregates_default();
    test_frames();
    test_range_desc_and_nulls_first();
    test_errors();
    test_empty_and_no_calls();
    test_distinct_filter_errors();
    test_explain();
    test_grouped_output();
    test_generated(1);
    test_generated(4);

    res_clear();
    mn_arena_destroy(&A);
    CHECK_DONE();
}
