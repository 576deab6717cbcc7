/* diffrun.c — the Minerva side of the differential test (test/diff/): reads SQL
 * statements from stdin, one per line, runs each in one session of one open home
 * and prints every result in a line-oriented canonical form that test/diff/diff.mjs
 * parses. Usage: diffrun --home DIR [--threads N]
 *
 * Output per input line (blank lines are skipped but still numbered):
 *   #Q <line number, 0-based>
 *   OK <columns> <rows> <seconds>      then  T <type>\t<type>...  and one  R <v>\t<v>...
 *                                      per row (NULL as \N; \ tab LF CR escaped as \\ \t \n \r)
 *   ERR <CODE>\t<message>
 *   #END
 * stdout is flushed after every statement so a crash loses nothing already done. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minerva.h"

static void put_escaped(const char *v, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = v[i];
        switch (c) {
        case '\\': fputs("\\\\", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        default: putchar(c); break;
        }
    }
}

static void put_result(const mn_result *r)
{
    if (!mn_result_has_rows(r)) {
        printf("OK 0 0 %.4f\n", mn_result_elapsed_seconds(r));
        return;
    }
    int ncol = mn_result_column_count(r);
    int64_t nrow = mn_result_row_count(r);
    printf("OK %d %lld %.4f\nT ", ncol, (long long)nrow, mn_result_elapsed_seconds(r));
    for (int c = 0; c < ncol; c++) {
        const char *t = mn_result_column_type(r, c);
        printf("%s%s", c ? "\t" : "", t ? t : "?");
    }
    putchar('\n');
    for (int64_t i = 0; i < nrow; i++) {
        fputs("R ", stdout);
        for (int c = 0; c < ncol; c++) {
            size_t len = 0;
            const char *v = mn_result_value(r, i, c, &len);
            if (c)
                putchar('\t');
            if (v)
                put_escaped(v, len);
            else
                fputs("\\N", stdout);
        }
        putchar('\n');
    }
}

int main(int argc, char **argv)
{
    mn_config cfg = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--home") == 0 && i + 1 < argc)
            cfg.home = argv[++i];
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            cfg.threads = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: diffrun --home DIR [--threads N] < statements (one per line)\n");
            return 2;
        }
    }
    mn_error err = {0};
    mn_db *db = mn_db_open(&cfg, &err);
    if (!db) {
        fprintf(stderr, "diffrun: cannot open home: %s\n", err.message);
        return 2;
    }
    mn_session *s = mn_session_open(db, &err);
    if (!s) {
        fprintf(stderr, "diffrun: cannot open session: %s\n", err.message);
        mn_db_close(db);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        long idx = lineno++;
        size_t k = 0;
        while (k < (size_t)n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == (size_t)n)
            continue;
        printf("#Q %ld\n", idx);
        mn_result *r = NULL;
        mn_error e = {0};
        if (mn_execute(s, line, (size_t)n, &r, &e) == 0) {
            put_result(r);
            mn_result_free(r);
        } else {
            char buf[MN_ERROR_MESSAGE_MAX + 64];
            mn_error_format(&e, buf, sizeof buf);
            printf("ERR %s\t", mn_error_code_name(e.code));
            put_escaped(buf, strlen(buf));
            putchar('\n');
        }
        fputs("#END\n", stdout);
        fflush(stdout);
    }
    free(line);
    mn_session_close(s);
    mn_db_close(db);
    return 0;
}
