/* json_reader.h — the records of a JSON data file: newline-delimited JSON (one object after
 * another, usually one per line) or one top-level array of objects, told apart by the first
 * character that is not white space ('[' = array). A UTF-8 byte order mark is skipped.
 * The whole file is read into memory (at most 1 GiB). Bytes are untrusted: malformed JSON
 * and records that are not objects fail with MN_ERR_CORRUPT naming the file and the line. */
#ifndef MN_FORMAT_JSON_READER_H
#define MN_FORMAT_JSON_READER_H

#include <stdbool.h>

#include "common/error.h"
#include "format/json_text.h"

typedef struct mn_json_records {
    char *path; /* malloc'd */
    char *data; /* the file (malloc'd) */
    size_t len;
    bool array;        /* the records are the elements of a top-level array */
    bool done;
    bool in_record;    /* next() returned 1: errors point at rec_start */
    size_t rec_start;  /* lexer offset of the current record's '{' */
    mn_json_lexer lx;  /* over data; on a record's START_OBJECT after next() returned 1 */
} mn_json_records;

/* Reads the file at path. Returns 0, or -1 with err (I/O, out of memory). */
int mn_json_records_open(mn_json_records *r, const char *path, mn_error *err);
/* Advances to the next record: 1 with the lexer on its START_OBJECT token (the caller reads
 * the object through r->lx and must leave the lexer on its END_OBJECT), 0 at the end of the
 * file, -1 with err when the file is malformed there. */
int mn_json_records_next(mn_json_records *r, mn_error *err);
/* Fills err with MN_ERR_CORRUPT "Malformed JSON in '<path>' at line N: <what>", N being the
 * line where the current record starts (where the lexer is, between records); returns -1. */
int mn_json_records_fail(const mn_json_records *r, const char *what, mn_error *err);
/* The 1-based line of the current record's start (of the lexer's position between records). */
long mn_json_records_line(const mn_json_records *r);
void mn_json_records_close(mn_json_records *r);

#endif
