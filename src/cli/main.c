/* main.c — `minerva`: parses the command line, opens the home and a session, then
 * runs -c SQL, -f FILE, statements piped on stdin, or the interactive shell.
 * Exit status: 0 all statements succeeded, 1 some statement failed (not in the
 * interactive shell), 2 usage error or the home (or the -f file) could not be opened. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out) {
    fputs("Usage: minerva [OPTIONS] [-c SQL | -f FILE]\n"
          "\n"
          "Runs SQL against a Minerva home. With neither -c nor -f, opens an interactive\n"
          "shell when stdin is a terminal, else reads statements from stdin.\n"
          "\n"
          "Options:\n"
          "  --home DIR        the data home (default: $MINERVA_HOME, else ./minerva-data)\n"
          "  --threads N       worker threads (default: one per core)\n"
          "  --format FMT      output format: table (default), csv, tsv, json, markdown\n"
          "  --bail            stop at the first failed statement\n"
          "  -c, --command SQL run the ';'-separated statements in SQL\n"
          "  -f, --file FILE   run the statements in FILE ('-' for stdin)\n"
          "  -h, --help        show this help\n"
          "  -v, --version     show the version\n"
          "\n"
          "Errors are printed on stderr as\n"
          "  Query failed: ERROR_CODE: line L:C: message\n"
          "with L:C relative to the whole input. Exit status: 0 success, 1 a statement\n"
          "failed, 2 usage error or the home could not be opened.\n",
          out);
}

/* Reads a whole file (or stdin for "-") into a malloc'd buffer. */
static char *read_file(const char *path, size_t *out_len) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len == cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f)) {
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    int saved = errno;
    if (f != stdin) fclose(f);
    errno = saved;
    *out_len = len;
    return buf;
}

int main(int argc, char **argv) {
    enum { OPT_HOME = 256, OPT_THREADS, OPT_FORMAT, OPT_BAIL };
    static const struct option longopts[] = {
        {"home", required_argument, NULL, OPT_HOME},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"bail", no_argument, NULL, OPT_BAIL},
        {"command", required_argument, NULL, 'c'},
        {"file", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    const char *home = NULL, *command = NULL, *file = NULL;
    int threads = 0, bail = 0;
    mn_cli_format format = MN_CLI_FORMAT_TABLE;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":c:f:hv", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_HOME: home = optarg; break;
        case OPT_THREADS: {
            char *end;
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || v < 0 || v > 4096) {
                fprintf(stderr, "minerva: --threads wants a number from 0 to 4096, not '%s'\n", optarg);
                return 2;
            }
            threads = (int)v;
            break;
        }
        case OPT_FORMAT:
            if (mn_cli_format_parse(optarg, &format) != 0) {
                fprintf(stderr, "minerva: unknown format '%s' (table, csv, tsv, json, markdown)\n", optarg);
                return 2;
            }
            break;
        case OPT_BAIL: bail = 1; break;
        case 'c': command = optarg; break;
        case 'f': file = optarg; break;
        case 'h': usage(stdout); return 0;
        case 'v': printf("minerva %s\n", MN_CLI_VERSION); return 0;
        case ':':
            fprintf(stderr, "minerva: option '%s' needs a value\n", argv[optind - 1]);
            return 2;
        default:
            fprintf(stderr, "minerva: unknown option '%s'\n", argv[optind - 1]);
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "minerva: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (command && file) {
        fprintf(stderr, "minerva: use either -c or -f, not both\n");
        return 2;
    }

    char *script = NULL;
    size_t script_len = 0;
    if (file) {
        script = read_file(file, &script_len);
        if (!script) {
            fprintf(stderr, "minerva: cannot read '%s': %s\n", file, strerror(errno));
            return 2;
        }
    }

    int interactive = !command && !file && isatty(STDIN_FILENO);
    static char outbuf[1 << 16];
    if (!interactive && !isatty(STDOUT_FILENO)) setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

    mn_error err;
    memset(&err, 0, sizeof err);
    mn_config cfg = {home, threads};
    mn_db *db = mn_db_open(&cfg, &err);
    if (!db) {
        char buf[MN_ERROR_MESSAGE_MAX + 64];
        fprintf(stderr, "minerva: cannot open home: %s\n", mn_error_format(&err, buf, sizeof buf));
        free(script);
        return 2;
    }
    mn_session *session = mn_session_open(db, &err);
    if (!session) {
        char buf[MN_ERROR_MESSAGE_MAX + 64];
        fprintf(stderr, "minerva: cannot open a session: %s\n", mn_error_format(&err, buf, sizeof buf));
        mn_db_close(db);
        free(script);
        return 2;
    }

    mn_cli cli = {session, format, bail, interactive, 0, 0};
    if (command) {
        mn_cli_pos pos = {1, 1};
        mn_cli_run_text(&cli, command, strlen(command), &pos, 1);
    } else if (file) {
        mn_cli_pos pos = {1, 1};
        mn_cli_run_text(&cli, script, script_len, &pos, 1);
    } else if (interactive) {
        mn_cli_shell(&cli, mn_db_home(db));
    } else {
        mn_cli_run_stream(&cli, stdin);
    }
    if (fflush(stdout) != 0 && !cli.failed) cli.failed = 1;

    mn_session_close(session);
    mn_db_close(db);
    free(script);
    /* an interactive session ends by the user's choice: failures were already shown */
    return cli.failed && !interactive ? 1 : 0;
}
