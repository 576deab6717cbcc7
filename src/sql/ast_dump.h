/* ast_dump.h — renders syntax trees as compact S-expressions, e.g. "(+ 1 (* 2 3))",
 * for tests and debugging. The format is for people; nothing parses it back. */
#ifndef MN_SQL_AST_DUMP_H
#define MN_SQL_AST_DUMP_H

#include "common/arena.h"
#include "sql/ast.h"

/* Each returns an arena-owned NUL-terminated string, or NULL when out of memory. */
char *mn_ast_dump_expr(mn_arena *arena, const mn_ast_expr *e);
char *mn_ast_dump_query(mn_arena *arena, const mn_ast_query *q);
char *mn_ast_dump_stmt(mn_arena *arena, const mn_ast_stmt *s);

#endif
