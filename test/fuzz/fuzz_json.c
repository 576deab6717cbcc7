/* fuzz_json.c — libFuzzer target for the JSON data reader: any bytes as a JSON data file
 * must give an error or rows — never a crash, hang, leak or internal error. Each input is
 * written to a file and read twice through the public API: by read_json (schema inference,
 * then the scan over the inferred, possibly nested, types) and by a JSON SerDe table that
 * declares scalar, decimal, timestamp, JSON, ROW, MAP and nested ARRAY columns. Build as
 * test/fuzz/run.sh does (the whole library, clang -fsanitize=fuzzer,address,undefined); seed
 * with test/data/json. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/fs.h"
#include "minerva.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mn_db *db;
static mn_session *session;
static char dir[64], file[96];

static void run(const char *sql) {
    mn_error err;
    mn_result *r = NULL;
    if (mn_execute(session, sql, strlen(sql), &r, &err) == 0) {
        for (int64_t i = 0; i < mn_result_row_count(r); i++)
            for (int c = 0; c < mn_result_column_count(r); c++) {
                size_t len;
                (void)mn_result_value(r, i, c, &len);
            }
        mn_result_free(r);
    } else if (err.code == MN_ERR_INTERNAL) {
        fprintf(stderr, "internal error: %s\n", err.message);
        abort();
    }
}

static void cleanup(void) {
    mn_error err;
    mn_session_close(session);
    mn_db_close(db);
    mn_fs_remove_tree(dir, &err);
}

static int setup(void) {
    snprintf(dir, sizeof dir, "/tmp/minerva-fuzz-json-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    atexit(cleanup);
    char home[96], data[96], sql[512];
    snprintf(home, sizeof home, "%s/home", dir);
    snprintf(data, sizeof data, "%s/data", dir);
    if (mkdir(data, 0700) != 0) return -1;
    snprintf(file, sizeof file, "%s/in.json", data);
    mn_config cfg = {home, 1};
    mn_error err;
    db = mn_db_open(&cfg, &err);
    if (!db || !(session = mn_session_open(db, &err))) return -1;
    snprintf(sql, sizeof sql,
             "CREATE EXTERNAL TABLE f (a bigint, b varchar(5), c row(x int, y array(double)), d map(varchar, int), "
             "e json, g array(array(varchar)), h decimal(10,2), i timestamp, k boolean, m map(int, row(z date))) "
             "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION '%s'",
             data);
    run(sql);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!db && setup() != 0) abort();
    FILE *f = fopen(file, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM read_json('%s')", file);
    run(sql);
    run("SELECT * FROM f");
    return 0;
}
