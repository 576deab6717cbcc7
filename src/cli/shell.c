/* shell.c — the interactive shell on a terminal: libedit line editing, prompts
 * `minerva> ` and `      -> `, multi-line statements ended by ';', history in
 * ~/.minerva_history, and `quit` / `exit` / `\q` / Ctrl-D to leave. */
#include "cli/cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <editline/readline.h>

#define PROMPT "minerva> "
#define PROMPT_MORE "      -> "

static int is_blank_text(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i])) return 0;
    return 1;
}

/* Recognizes a shell command typed on an empty buffer: returns 1 for quit,
 * 2 for help, 0 for anything else (which is SQL). */
static int shell_command(const char *line) {
    char word[16];
    size_t n = 0;
    while (isspace((unsigned char)*line)) line++;
    while (*line && !isspace((unsigned char)*line) && *line != ';' && n + 1 < sizeof word)
        word[n++] = (char)tolower((unsigned char)*line++);
    word[n] = '\0';
    while (isspace((unsigned char)*line) || *line == ';') line++;
    if (*line) return 0;
    if (!strcmp(word, "quit") || !strcmp(word, "exit") || !strcmp(word, "\\q")) return 1;
    if (!strcmp(word, "help") || !strcmp(word, "\\h") || !strcmp(word, "\\?")) return 2;
    return 0;
}

static void print_help(void) {
    fputs("Enter SQL statements ending with ';' (they may span several lines).\n"
          "  quit, exit, \\q, Ctrl-D   leave the shell\n"
          "  help, \\h                 this text\n"
          "Examples:\n"
          "  SHOW DATABASES;\n"
          "  SHOW TABLES IN sample;\n"
          "  SELECT * FROM sample.cities LIMIT 5;\n",
          stdout);
}

static char *history_path(void) {
    const char *home = getenv("HOME");
    if (!home || !*home) return NULL;
    size_t n = strlen(home) + sizeof "/.minerva_history";
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/.minerva_history", home);
    return p;
}

/* Adds a statement to the history as one line (newlines folded to spaces). */
static void remember(const char *sql, size_t n, const char *hist) {
    while (n > 0 && isspace((unsigned char)sql[n - 1])) n--;
    while (n > 0 && isspace((unsigned char)*sql)) {
        sql++;
        n--;
    }
    if (n == 0) return;
    char *h = malloc(n + 1);
    if (!h) return;
    for (size_t i = 0; i < n; i++) h[i] = (sql[i] == '\n' || sql[i] == '\r') ? ' ' : sql[i];
    h[n] = '\0';
    add_history(h);
    free(h);
    if (hist) write_history(hist); /* failures are ignored: history is a convenience */
}

void mn_cli_shell(mn_cli *cli, const char *home) {
    char *hist = history_path();
    using_history();
    stifle_history(2000);
    if (hist) read_history(hist);
    printf("Minerva %s shell — home: %s\n"
           "Statements end with ';'. Type 'help' for help, 'quit' to leave.\n",
           MN_CLI_VERSION, home ? home : "(default)");
    fflush(stdout);

    char *buf = NULL;
    size_t len = 0, cap = 0;
    mn_cli_pos pos = {1, 1};
    for (;;) {
        char *line = readline(len == 0 ? PROMPT : PROMPT_MORE);
        if (!line) { /* Ctrl-D */
            putchar('\n');
            break;
        }
        if (len == 0 || is_blank_text(buf, len)) {
            int cmd = shell_command(line);
            if (cmd == 1) {
                free(line);
                break;
            }
            if (cmd == 2) {
                print_help();
                free(line);
                len = 0;
                continue;
            }
        }
        size_t n = strlen(line);
        if (len + n + 2 > cap) {
            size_t ncap = cap ? cap : 1024;
            while (ncap < len + n + 2) ncap *= 2;
            char *p = realloc(buf, ncap);
            if (!p) {
                fprintf(stderr, "Error: out of memory\n");
                free(line);
                break;
            }
            buf = p;
            cap = ncap;
        }
        memcpy(buf + len, line, n);
        len += n;
        buf[len++] = '\n';
        free(line);

        /* run every complete statement; keep the unfinished rest for the next line */
        size_t used = 0;
        while (used < len) {
            int complete = 0, blank = 0;
            size_t end = mn_statement_end(buf + used, len - used, &complete, &blank);
            if (!complete || end == 0 || end > len - used) break;
            if (!blank) remember(buf + used, end, hist);
            size_t step = mn_cli_run_text(cli, buf + used, end, &pos, 1);
            used += end;
            (void)step;
        }
        if (used > 0) {
            memmove(buf, buf + used, len - used);
            len -= used;
        }
        int complete = 0, blank = 1;
        if (len > 0) mn_statement_end(buf, len, &complete, &blank);
        if (blank) { /* only white space or comments are pending */
            len = 0;
            pos.line = 1;
            pos.column = 1;
        }
        cli->stopped = 0; /* --bail does not end an interactive session */
    }
    if (hist) write_history(hist);
    free(hist);
    free(buf);
}
