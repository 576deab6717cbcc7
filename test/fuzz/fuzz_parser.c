/* fuzz_parser.c — libFuzzer target for the SQL lexer and parser: every input must parse
 * or fail with a positioned syntax error, never crash, hang or leak. Build it with clang
 * -fsanitize=fuzzer,address,undefined -Iinclude -Isrc together with the .c files of
 * src/common and src/sql, and run it on a corpus directory seeded with the TPC-H queries
 * and the DDL samples. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sql/ast.h"
#include "sql/ast_dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *sql = (const char *)data;
    mn_arena arena;
    mn_error err;
    mn_arena_init(&arena, 0);

    mn_ast_stmt *s = mn_parse_statement(&arena, sql, size, &err);
    if (s) {
        if (!mn_ast_dump_stmt(&arena, s)) abort();
    } else if (err.code == MN_ERR_SYNTAX && (err.line < 1 || err.column < 1)) {
        abort(); /* syntax errors always carry a position */
    }
    mn_arena_reset(&arena);

    mn_ast_expr *e = mn_parse_expression(&arena, sql, size, &err);
    if (e && !mn_ast_dump_expr(&arena, e)) abort();

    int complete, blank;
    if (mn_statement_end(sql, size, &complete, &blank) > size) abort();

    mn_arena_destroy(&arena);
    return 0;
}
