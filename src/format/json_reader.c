/* json_reader.c — splits a JSON data file into records (see json_reader.h); the values
 * inside a record are read by the caller through the tokenizer of json_text.c. */
#include "format/json_reader.h"

#include <stdlib.h>
#include <string.h>

#include "io/fs.h"

int mn_json_records_open(mn_json_records *r, const char *path, mn_error *err) {
    memset(r, 0, sizeof *r);
    r->path = strdup(path);
    if (!r->path) return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory");
    if (mn_fs_read_file(path, &r->data, &r->len, 0, err)) {
        mn_json_records_close(r);
        return -1;
    }
    size_t start = 0;
    if (r->len >= 3 && memcmp(r->data, "\xEF\xBB\xBF", 3) == 0) start = 3;
    size_t i = start;
    while (i < r->len && (r->data[i] == ' ' || r->data[i] == '\t' || r->data[i] == '\n' || r->data[i] == '\r')) i++;
    r->array = i < r->len && r->data[i] == '[';
    mn_json_lexer_init(&r->lx, r->data + start, r->len - start);
    if (r->array && mn_json_next(&r->lx) != MN_JT_START_ARRAY) return mn_json_records_fail(r, "expected '['", err);
    return 0;
}

long mn_json_records_line(const mn_json_records *r) {
    long line = 1;
    size_t base = (size_t)(r->lx.s - r->data), end = base + (r->in_record ? r->rec_start : r->lx.i);
    if (end > r->len) end = r->len;
    for (size_t k = 0; k < end; k++) line += r->data[k] == '\n';
    return line;
}

int mn_json_records_fail(const mn_json_records *r, const char *what, mn_error *err) {
    return mn_error_set(err, MN_ERR_CORRUPT, "Malformed JSON in '%s' at line %ld: %s", r->path, mn_json_records_line(r),
                        what);
}

int mn_json_records_next(mn_json_records *r, mn_error *err) {
    r->in_record = false;
    if (r->done) return 0;
    mn_json_tok t = mn_json_next(&r->lx);
    if (r->array && t == MN_JT_END_ARRAY) {
        t = mn_json_next(&r->lx);
        if (t != MN_JT_EOF) return mn_json_records_fail(r, "text after the top-level array", err);
        r->done = true;
        return 0;
    }
    if (t == MN_JT_EOF) {
        if (r->array) return mn_json_records_fail(r, "unterminated top-level array", err);
        r->done = true;
        return 0;
    }
    if (t == MN_JT_ERROR) return mn_json_records_fail(r, "invalid JSON text", err);
    if (t != MN_JT_START_OBJECT) return mn_json_records_fail(r, "a record must be a JSON object", err);
    r->rec_start = r->lx.i - 1;
    r->in_record = true;
    return 1;
}

void mn_json_records_close(mn_json_records *r) {
    free(r->path);
    free(r->data);
    memset(r, 0, sizeof *r);
}
