/* modify.c — DELETE and UPDATE on managed tables, by copy-on-write: the statement is
 * rewritten into a query over the table (DELETE keeps the rows the condition does not hold
 * for; UPDATE replaces the SET columns where it holds), the result is written as a new
 * version directory hidden inside the table's home (<home>/.v<stamp>), and the catalog's
 * location is switched to it in one transaction before the old files are removed. Readers
 * thus see either the old or the new rows, never a mix; a crash before the switch leaves
 * only an unreferenced hidden directory. One writer per table at a time is assumed. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/error.h"
#include "engine/engine_internal.h"
#include "exec/executor.h"
#include "io/fs.h"
#include "plan/planner.h"

static mn_ast_expr *node(stmt_ctx *c, mn_ast_expr_kind kind, mn_pos pos) {
    mn_ast_expr *e = mn_arena_calloc(c->arena, sizeof *e);
    if (e) {
        e->kind = kind;
        e->pos = pos;
    }
    return e;
}

static mn_ast_expr *call(stmt_ctx *c, const char *fn, mn_pos pos, int nargs, mn_ast_expr **args) {
    mn_ast_expr *e = node(c, MN_AST_FUNCTION, pos);
    mn_ident *id = mn_arena_calloc(c->arena, sizeof *id);
    mn_ast_expr **items = mn_arena_calloc(c->arena, sizeof(mn_ast_expr *) * (size_t)(nargs + 1));
    if (!e || !id || !items) return NULL;
    id->name = fn;
    id->pos = pos;
    e->u.function.name.n = 1;
    e->u.function.name.parts = id;
    e->u.function.name.pos = pos;
    e->u.function.star = nargs == 0;
    for (int i = 0; i < nargs; i++) items[i] = args[i];
    e->u.function.args.n = nargs;
    e->u.function.args.items = items;
    return e;
}

/* coalesce(cond, FALSE): the rows a WHERE clause selects (NULL does not select) */
static mn_ast_expr *holds(stmt_ctx *c, mn_ast_expr *cond) {
    mn_ast_expr *f = node(c, MN_AST_LITERAL, cond->pos);
    if (!f) return NULL;
    f->u.literal.kind = MN_LIT_BOOLEAN;
    f->u.literal.b = false;
    mn_ast_expr *args[2] = {cond, f};
    return call(c, "coalesce", cond->pos, 2, args);
}

static mn_ast_expr *column_ref(stmt_ctx *c, const char *name, mn_pos pos) {
    mn_ast_expr *e = node(c, MN_AST_COLUMN, pos);
    mn_ident *id = mn_arena_calloc(c->arena, sizeof *id);
    if (!e || !id) return NULL;
    id->name = name;
    id->quoted = true; /* catalog names are already folded */
    id->pos = pos;
    e->u.column.n = 1;
    e->u.column.parts = id;
    e->u.column.pos = pos;
    return e;
}

/* SELECT items FROM table [WHERE where] */
static mn_ast_query *select_from(stmt_ctx *c, const mn_ast_stmt *st, int nitems, mn_select_item *items,
                                 mn_ast_expr *where) {
    mn_ast_relation *rel = mn_arena_calloc(c->arena, sizeof *rel);
    mn_select *sel = mn_arena_calloc(c->arena, sizeof *sel);
    mn_query_body *body = mn_arena_calloc(c->arena, sizeof *body);
    mn_ast_query *q = mn_arena_calloc(c->arena, sizeof *q);
    if (!rel || !sel || !body || !q) return NULL;
    rel->kind = MN_REL_TABLE;
    rel->pos = st->u.modify.table.pos;
    rel->u.table = st->u.modify.table;
    sel->pos = st->pos;
    sel->nitems = nitems;
    sel->items = items;
    sel->from = rel;
    sel->where = where;
    body->kind = MN_QBODY_SELECT;
    body->pos = st->pos;
    body->u.select = sel;
    q->pos = st->pos;
    q->body = body;
    return q;
}

static int count_cb(void *ud, mn_chunk *chunk, mn_error *err) {
    if (chunk->count > 0) *(int64_t *)ud = ((const int64_t *)chunk->cols[0].data)[0];
    return 0;
}

/* Rows the WHERE clause selects (all rows without one). */
static int count_matching(stmt_ctx *c, const mn_ast_stmt *st, int64_t *n) {
    mn_select_item *item = mn_arena_calloc(c->arena, sizeof *item);
    if (!item) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    item->expr = call(c, "count", st->pos, 0, NULL);
    mn_ast_query *q = item->expr ? select_from(c, st, 1, item, st->u.modify.where) : NULL;
    if (!q) return mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    mn_plan_ctx p;
    dml_plan_ctx_init(c, &p);
    mn_planned_query pq;
    *n = 0;
    int rc = mn_plan_query(&p, q, &pq) || mn_execute_plan(pq.root, &c->q, count_cb, n, c->err) ? -1 : 0;
    mn_plan_ctx_cleanup(&p);
    return rc;
}

/* The query whose rows are the table's contents after the statement. */
static mn_ast_query *rewrite(stmt_ctx *c, const mn_ast_stmt *st, const mn_table_def *t) {
    mn_ast_expr *where = st->u.modify.where;
    if (st->kind == MN_STMT_DELETE) {
        mn_select_item *star = mn_arena_calloc(c->arena, sizeof *star);
        mn_ast_expr *keep = node(c, MN_AST_NOT, st->pos);
        mn_ast_expr *cond = holds(c, where);
        if (!star || !keep || !cond) return NULL;
        star->expr = node(c, MN_AST_STAR, st->pos);
        if (!star->expr) return NULL;
        keep->u.unary.operand = cond;
        return select_from(c, st, 1, star, keep);
    }
    mn_select_item *items = mn_arena_calloc(c->arena, sizeof *items * (size_t)t->ncols);
    if (!items) return NULL;
    for (int k = 0; k < t->ncols; k++) {
        mn_ast_expr *col = column_ref(c, t->cols[k].name, st->pos);
        if (!col) return NULL;
        items[k].expr = col;
        for (int i = 0; i < st->u.modify.nset; i++) {
            if (strcasecmp(st->u.modify.set_columns[i].name, t->cols[k].name) != 0) continue;
            /* CAST(value AS column type), so that the CASE below has one result type */
            mn_ast_expr *v = node(c, MN_AST_CAST, st->u.modify.set_values[i]->pos);
            char tn[256];
            if (!v) return NULL;
            v->u.cast.operand = st->u.modify.set_values[i];
            v->u.cast.type_text = mn_arena_strdup(c->arena, mn_type_name(t->cols[k].type, tn, sizeof tn));
            if (!v->u.cast.type_text) return NULL;
            if (!where) {
                items[k].expr = v;
                break;
            }
            mn_ast_expr *cs = node(c, MN_AST_CASE, st->pos);
            mn_ast_expr **w = mn_arena_calloc(c->arena, sizeof(mn_ast_expr *) * 2);
            mn_ast_expr *cond = holds(c, where);
            if (!cs || !w || !cond) return NULL;
            w[0] = cond;
            w[1] = v;
            cs->u.case_.whens.n = cs->u.case_.thens.n = 1;
            cs->u.case_.whens.items = &w[0];
            cs->u.case_.thens.items = &w[1];
            cs->u.case_.else_ = col;
            items[k].expr = cs;
            break;
        }
    }
    return select_from(c, st, t->ncols, items, NULL);
}

/* <base>/.v<seconds>_<micros>_<pid>_<n>: hidden from listings of <base> */
static char *version_location(const char *base) {
    static atomic_int counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    size_t n = strlen(base) + 96;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/.v%lld_%06ld_%d_%d", base, (long long)ts.tv_sec, ts.tv_nsec / 1000, (int)getpid(),
                 atomic_fetch_add(&counter, 1));
    return p;
}

/* Removes the data of a table version no longer referenced: the visible files directly
 * under the table's home (the first version), or a whole hidden version directory. */
static void remove_old_version(const char *old_loc, const char *base) {
    mn_error ignore;
    char *dir = mn_fs_local_path(old_loc, &ignore);
    if (!dir) return;
    if (strcmp(old_loc, base) != 0) {
        mn_fs_remove_tree(dir, &ignore);
    } else {
        mn_file_list files = {0, NULL};
        if (mn_fs_list(dir, &files, &ignore) == 0)
            for (int i = 0; i < files.n; i++) unlink(files.files[i].path);
        mn_file_list_free(&files);
    }
    free(dir);
}

int exec_modify(stmt_ctx *c, const mn_ast_stmt *st, mn_result **out) {
    const mn_qname *qn = &st->u.modify.table;
    const char *verb = st->kind == MN_STMT_DELETE ? "delete from" : "update";
    char db[256], name[256];
    mn_table_def *t = NULL;
    if (dml_get_table(c, qn, db, name, &t)) return -1;
    int rc = -1;
    char *base = NULL, *loc = NULL;
    mn_plan_ctx p;
    dml_plan_ctx_init(c, &p);
    if (t->is_view) {
        mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, qn->pos.line, qn->pos.column, "Cannot %s view '%s.%s'", verb,
                         db, name);
        goto done;
    }
    if (t->external || !t->location) {
        mn_error_set_pos(c->err, MN_ERR_NOT_SUPPORTED, qn->pos.line, qn->pos.column,
                         "Cannot %s external table '%s.%s': only managed tables can be modified", verb, db, name);
        goto done;
    }
    for (int i = 0; i < st->u.modify.nset; i++) {
        const mn_ident *id = &st->u.modify.set_columns[i];
        int k;
        for (k = 0; k < t->ncols; k++)
            if (strcasecmp(t->cols[k].name, id->name) == 0) break;
        if (k == t->ncols) {
            mn_error_set_pos(c->err, MN_ERR_COLUMN_NOT_FOUND, id->pos.line, id->pos.column,
                             "Column '%s' does not exist in table '%s.%s'", id->name, db, name);
            goto done;
        }
        for (int j = 0; j < i; j++)
            if (strcasecmp(st->u.modify.set_columns[j].name, id->name) == 0) {
                mn_error_set_pos(c->err, MN_ERR_SEMANTIC, id->pos.line, id->pos.column,
                                 "Update column name '%s' is specified more than once", id->name);
                goto done;
            }
    }
    int64_t matched = 0, rows = 0;
    if (count_matching(c, st, &matched)) goto done;
    if (matched > 0) {
        base = managed_location(c->s->db, db, name);
        loc = base ? version_location(base) : NULL;
        if (!loc) {
            mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
            goto done;
        }
        mn_table_def nt = *t;
        nt.location = loc;
        if (st->kind == MN_STMT_DELETE && !st->u.modify.where) {
            char *dir = mn_fs_local_path(loc, c->err);
            int mrc = dir ? mn_fs_mkdirs(dir, c->err) : -1;
            free(dir);
            if (mrc) goto done;
        } else {
            mn_ast_query *q = rewrite(c, st, t);
            if (!q) {
                mn_error_set(c->err, MN_ERR_OUT_OF_MEMORY, "out of memory");
                goto done;
            }
            mn_planned_query pq;
            if (mn_plan_query(&p, q, &pq) || dml_coerce_to_table(c, &pq, t, NULL, st->pos) ||
                dml_write_rows(c, &nt, &pq, &rows)) {
                char *dir = mn_fs_local_path(loc, NULL);
                if (dir) mn_fs_remove_tree(dir, NULL);
                free(dir);
                goto done;
            }
        }
        if (mn_catalog_update_table(c->s->db->catalog, db, name, loc, rows, c->err)) {
            char *dir = mn_fs_local_path(loc, NULL);
            if (dir) mn_fs_remove_tree(dir, NULL);
            free(dir);
            goto done;
        }
        remove_old_version(t->location, base);
    }
    *out = dml_update_result(matched, c->err);
    rc = *out ? 0 : -1;
done:
    mn_plan_ctx_cleanup(&p);
    free(base);
    free(loc);
    mn_table_def_free(t);
    return rc;
}
