/* script.c — runs `;`-separated statements from a string, a file or a pipe, and
 * prints each result or error. Error positions are made relative to the whole
 * input: a statement starting at line K, column C shifts the library's
 * statement-relative line:column accordingly. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* Advances pos over text[0..n): lines on '\n', columns in characters (UTF-8
 * continuation bytes do not count). */
static void advance(mn_cli_pos *pos, const char *text, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            pos->line++;
            pos->column = 1;
        } else if ((c & 0xC0) != 0x80) {
            pos->column++;
        }
    }
}

static void print_error(const mn_error *err) {
    char buf[MN_ERROR_MESSAGE_MAX + 64];
    mn_error_format(err, buf, sizeof buf);
    fflush(stdout);
    fprintf(stderr, "Query failed: %s: %s\n", mn_error_code_name(err->code), buf);
    fflush(stderr);
}

int mn_cli_run_statement(mn_cli *cli, const char *sql, size_t len, mn_cli_pos pos) {
    mn_result *res = NULL;
    mn_error err;
    memset(&err, 0, sizeof err);
    if (mn_execute(cli->session, sql, len, &res, &err) != 0) {
        if (err.line > 0) {
            if (err.line == 1) err.column += pos.column - 1;
            err.line += pos.line - 1;
        }
        if (err.code == MN_OK) err.code = MN_ERR_INTERNAL;
        print_error(&err);
        if (res) mn_result_free(res);
        cli->failed++;
        if (cli->bail) cli->stopped = 1;
        return -1;
    }
    if (!res) return 0;
    if (mn_cli_output_result(stdout, res, cli->format) != 0) {
        fflush(stdout);
        fprintf(stderr, "Error: could not write the result\n");
        cli->failed++;
        if (cli->bail) cli->stopped = 1;
    }
    if (cli->interactive) mn_cli_output_summary(stdout, res);
    if (cli->interactive) fflush(stdout);
    mn_result_free(res);
    return 0;
}

size_t mn_cli_run_text(mn_cli *cli, const char *text, size_t len, mn_cli_pos *pos, int final) {
    size_t off = 0;
    while (off < len && !cli->stopped) {
        int complete = 0, blank = 0;
        size_t n = mn_statement_end(text + off, len - off, &complete, &blank);
        if (n == 0 || n > len - off) n = len - off; /* defensive: always make progress */
        if (!complete && !final) {
            if (!blank) break; /* an unfinished statement: wait for more input */
            /* only blanks/comments are pending; keep them unless we are done */
            break;
        }
        if (!blank) {
            size_t skip = 0;
            while (skip < n && is_space(text[off + skip])) skip++;
            mn_cli_pos start = *pos;
            advance(&start, text + off, skip);
            mn_cli_run_statement(cli, text + off + skip, n - skip, start);
        }
        advance(pos, text + off, n);
        off += n;
    }
    return off;
}

void mn_cli_run_stream(mn_cli *cli, FILE *in) {
    char *buf = NULL, *line = NULL;
    size_t len = 0, cap = 0, lcap = 0;
    mn_cli_pos pos = {1, 1};
    ssize_t got;
    while (!cli->stopped && (got = getline(&line, &lcap, in)) >= 0) {
        if (len + (size_t)got + 1 > cap) {
            size_t ncap = cap ? cap : 4096;
            while (ncap < len + (size_t)got + 1) ncap *= 2;
            char *p = realloc(buf, ncap);
            if (!p) {
                fprintf(stderr, "Error: out of memory reading input\n");
                cli->failed++;
                break;
            }
            buf = p;
            cap = ncap;
        }
        memcpy(buf + len, line, (size_t)got);
        len += (size_t)got;
        /* a statement can only end on a line holding ';' (saves rescanning long statements) */
        if (!memchr(line, ';', (size_t)got)) continue;
        size_t used = mn_cli_run_text(cli, buf, len, &pos, 0);
        if (used > 0) {
            memmove(buf, buf + used, len - used);
            len -= used;
        }
    }
    if (!cli->stopped && len > 0) mn_cli_run_text(cli, buf, len, &pos, 1);
    fflush(stdout);
    free(line);
    free(buf);
}
