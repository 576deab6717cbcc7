/* text.h — delimited text files as Athena reads and writes them: Hive's LazySimpleSerDe
 * (TEXTFILE, ROW FORMAT DELIMITED) and OpenCSVSerde. The reader turns a byte range of a file
 * (a Hadoop-style split) into rows of raw field text; converting text to column types is the
 * caller's business (note Hive turns an unparsable or empty non-string field into NULL).
 *
 * Behaviour shared by both kinds:
 *  - Rows end at '\n' (line_delim); a '\r' right before it is dropped. A last line without a
 *    line delimiter is still a row; an empty file gives no rows.
 *  - A blank line is a row whose first field is the empty string and whose other fields are
 *    NULL (Hive behaviour).
 *  - Fewer fields than columns: the missing ones are NULL. Extra fields are ignored.
 *  - skip_header_lines rows are skipped at the start of the file (only by the split that
 *    starts at offset 0). A header row is found with the same rules as a data row (so a quoted
 *    CSV header may span lines).
 *  - Lines may be any length up to 256 MiB; longer -> MN_ERR_CORRUPT "line too long in <file>
 *    at line N".
 * LazySimpleSerDe: fields split on field_delim. A field whose raw bytes equal null_format
 *  (default "\N") is NULL (compared before escapes are resolved). With escape_char set
 *  (ESCAPED BY), escape+c is the literal c, for any c, including field_delim, the escape itself,
 *  '\r' and '\n' (an escaped line delimiter does not end the row); an escape as the very last
 *  byte of a row is kept as is.
 * OpenCSVSerde (opencsv semantics, simplified): a field that starts with quote_char is quoted;
 *  inside it separators and line breaks are data, "" is one quote and escape+c is the literal
 *  c; after the closing quote, further bytes up to the separator are appended. In an unquoted
 *  field a quote char is an ordinary character and escape+c is c. An empty field is the empty
 *  string, never NULL (only missing fields are NULL). A quoted field left open at end of
 *  file ends there. OpenCSV files must not be split: a split with start > 0 uses the plain
 *  line rule and cannot tell a quoted line break from a row end, so callers pass
 *  start = 0, end = file size (mn_text_splittable() says which formats may be split). */
#ifndef MN_FORMAT_TEXT_H
#define MN_FORMAT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "types/types.h"

typedef enum { MN_TEXT_LAZY_SIMPLE, MN_TEXT_OPEN_CSV } mn_text_kind;

typedef struct mn_text_format {
    mn_text_kind kind;
    char field_delim;  /* LazySimpleSerDe default '\001'; OpenCSVSerde separatorChar default ',' */
    char escape_char;  /* 0 = none. LazySimple: ESCAPED BY. OpenCSV: escapeChar, default '\\' */
    char quote_char;   /* OpenCSV quoteChar, default '"'; unused for LazySimple */
    char line_delim;   /* '\n' */
    int skip_header_lines;   /* TBLPROPERTIES skip.header.line.count, per file */
    const char *null_format; /* LazySimple: "\\N" by default (serialization.null.format); NULL = none.
                                Not owned: the reader copies it, the writer copies it. */
} mn_text_format;

/* LazySimple: '\001', no escape, '\n', null "\N". OpenCSV: ',', '\\', '"', '\n', no null format. */
void mn_text_format_default(mn_text_format *f, mn_text_kind kind);

/* 1 when files of this format may be read in several splits (LazySimple), 0 for OpenCSV. */
int mn_text_splittable(const mn_text_format *f);

typedef struct mn_text_reader mn_text_reader;

/* Opens the byte range [start, end) of a file as a split. A split with start > 0 begins after
 * the first (unescaped) line delimiter at or after offset start-1; it returns every row that
 * starts before `end`, finishing the last one past end if needed. Thus splits that tile a file
 * return every row exactly once. end is clamped to the file size; pass INT64_MAX for "to end".
 * ncols_file = number of table columns; proj[0..nproj) = the table column index wanted for
 * each output slot (values < 0 or >= ncols_file give NULL; duplicates are allowed; nproj may
 * be 0 to just count rows). proj is copied. Returns NULL with err filled on failure. */
mn_text_reader *mn_text_reader_open(const char *path, int64_t start, int64_t end, const mn_text_format *fmt,
                                    int ncols_file, const int *proj, int nproj, mn_error *err);

/* Reads up to max_rows rows (possibly fewer even before the end). fields[row * nproj + j]
 * receives the text of table column proj[j]: ptr == NULL means SQL NULL (fields may be NULL
 * when nproj == 0). Text points into
 * reader-owned memory valid until the next call or close. Returns 0 with *nrows (0 only at the
 * end of the split), or -1 on I/O error / overlong line (naming the file). */
int mn_text_reader_next(mn_text_reader *r, int max_rows, mn_str *fields, int *nrows, mn_error *err);

/* Bytes read from the file so far (including read-ahead past the split end). */
int64_t mn_text_reader_bytes_read(const mn_text_reader *r);

/* 1-based line number in the file of the first row returned by the last next() call, or -1
 * when unknown (splits that do not start at 0 do not count the lines before them). */
int64_t mn_text_reader_line(const mn_text_reader *r);

/* File offset of the first row returned by the last next() call (-1 before any row). */
int64_t mn_text_reader_offset(const mn_text_reader *r);

void mn_text_reader_close(mn_text_reader *r);

typedef struct mn_text_writer mn_text_writer;

/* Writes a new file atomically: data goes to "<path>.tmp-<pid>-<n>" (same directory, which
 * must exist) and is renamed to path by finish. An existing file at path is replaced. */
mn_text_writer *mn_text_writer_open(const char *path, const mn_text_format *fmt, mn_error *err);

/* Appends one field to the current row.
 * LazySimple: is_null writes null_format (nothing when it is NULL). With escape_char set,
 *   field_delim, the escape char, '\r' and '\n' inside values are preceded by escape_char;
 *   without it they are written raw (and will not read back). Managed tables use
 *   field_delim '\001', escape '\\', null "\N": every value then reads back exactly.
 * OpenCSV: values are always quoted (as opencsv's CSVWriter does); a quote char inside is
 *   doubled, an escape char inside is escaped; is_null writes an empty unquoted field (reads
 *   back as the empty string — CSV has no NULL). */
int mn_text_writer_field(mn_text_writer *w, const char *s, size_t n, int is_null, mn_error *err);

/* Ends the current row (writes line_delim). */
int mn_text_writer_end_row(mn_text_writer *w, mn_error *err);

/* Bytes written so far (buffered ones included). */
int64_t mn_text_writer_bytes(const mn_text_writer *w);

/* Flushes, fsyncs, closes and renames the temp file to path; frees w in every case (on
 * failure the temp file is removed). */
int mn_text_writer_finish(mn_text_writer *w, mn_error *err);

/* Removes the temp file and frees w. NULL is fine. */
void mn_text_writer_abort(mn_text_writer *w);

#endif
