/* cli.h — the pieces of the `minerva` command-line front end: output formats
 * (output.c), running statements from text (script.c) and the interactive shell
 * (shell.c). The CLI uses only the public API in minerva.h. */
#ifndef MN_CLI_H
#define MN_CLI_H

#include <stdio.h>

#include "minerva.h"

#define MN_CLI_VERSION "0.1.0"

typedef enum {
    MN_CLI_FORMAT_TABLE,
    MN_CLI_FORMAT_CSV,
    MN_CLI_FORMAT_TSV,
    MN_CLI_FORMAT_JSON,
    MN_CLI_FORMAT_MARKDOWN
} mn_cli_format;

/* Parses a format name ("table", "csv", ...). Returns 0, or -1 when unknown. */
int mn_cli_format_parse(const char *name, mn_cli_format *out);

/* Writes a result set in the given format to out. Results without a result set
 * (mn_result_has_rows == 0) print nothing. Returns 0, or -1 on a write error. */
int mn_cli_output_result(FILE *out, const mn_result *r, mn_cli_format fmt);

/* One "(3 rows, 0.012 s, 1.2 MB read)" line summarizing a result (shell only). */
void mn_cli_output_summary(FILE *out, const mn_result *r);

/* A position in the whole input: 1-based line and column (in characters). */
typedef struct mn_cli_pos {
    int line;
    int column;
} mn_cli_pos;

/* State shared by every way of feeding statements to a session. */
typedef struct mn_cli {
    mn_session *session;
    mn_cli_format format;
    int bail;        /* stop at the first failed statement */
    int interactive; /* print summaries, update counts, OK lines */
    int failed;      /* number of statements that failed so far */
    int stopped;     /* set once --bail saw a failure: run nothing more */
} mn_cli;

/* Runs the statements of text[0..len) in order. pos is the input position of
 * text[0] and is advanced past everything consumed. When final is 0 a trailing
 * statement without ';' is left unconsumed (more input may follow); when final is
 * 1 it is run too. Returns the number of bytes consumed. */
size_t mn_cli_run_text(mn_cli *cli, const char *text, size_t len, mn_cli_pos *pos, int final);

/* Runs one statement whose first character sits at input position pos; prints
 * its result or its error. Returns 0 on success, -1 when the statement failed. */
int mn_cli_run_statement(mn_cli *cli, const char *sql, size_t len, mn_cli_pos pos);

/* Reads statements from stdin (not a terminal) until end of input. */
void mn_cli_run_stream(mn_cli *cli, FILE *in);

/* The interactive shell on a terminal (libedit). Returns when the user leaves. */
void mn_cli_shell(mn_cli *cli, const char *home);

#endif
