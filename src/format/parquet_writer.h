/* parquet_writer.h — writing Apache Parquet files from Minerva chunks: OPTIONAL columns
 * (nested ones as groups, below), data pages v1 (dictionary encoded while the dictionary stays small, PLAIN
 * otherwise), statistics per page and per column chunk, the page index (ColumnIndex and
 * OffsetIndex) and a version-1 footer. Spec: apache/parquet-format (parquet.thrift).
 *
 * Type mapping (physical / annotation):
 *   BOOLEAN -> BOOLEAN;  TINYINT, SMALLINT, INTEGER -> INT32 INT(8|16|32, signed);
 *   BIGINT -> INT64;  REAL -> FLOAT;  DOUBLE -> DOUBLE;
 *   DECIMAL(p,s) -> INT32 (p <= 9), INT64 (p <= 18), else FIXED_LEN_BYTE_ARRAY of the fewest
 *     bytes holding p digits; DECIMAL(p,s) logical + converted type;
 *   VARCHAR, CHAR -> BYTE_ARRAY STRING (bytes as stored);  DATE -> INT32 DATE;
 *   TIMESTAMP(p) -> INT64 TIMESTAMP(MICROS, isAdjustedToUTC=false) (+ TIMESTAMP_MICROS).
 *   ARRAY(E) -> group (LIST) { repeated group list { E element } };
 *   MAP(K,V) -> group (MAP) { repeated group key_value { required K key; V value } };
 *   ROW(f...) -> group { f... } (anonymous fields named field0, field1, ...); nested to any
 *     depth, every level OPTIONAL except map keys.
 *   Intervals and UNKNOWN are refused at open (MN_ERR_NOT_SUPPORTED).
 *
 * Files are written to "<path>.tmp-<pid>-<n>" beside the target and renamed by finish, so a
 * reader never sees a partial file. One writer belongs to one thread at a time. */
#ifndef MN_FORMAT_PARQUET_WRITER_H
#define MN_FORMAT_PARQUET_WRITER_H

#include <stdint.h>

#include "common/error.h"
#include "types/types.h"
#include "types/vector.h"

typedef struct mn_parquet_writer mn_parquet_writer;

/* Tuning knobs; a zero field means the default. */
typedef struct mn_parquet_writer_options {
    int64_t row_group_rows;  /* rows per row group; default 1,048,576 */
    int64_t row_group_bytes; /* uncompressed bytes per row group; default 128 MiB */
    int32_t page_rows;       /* rows per data page; default 20,000 */
    int32_t page_bytes;      /* uncompressed value bytes per data page; default 1 MiB */
    int32_t dict_bytes;      /* dictionary size (PLAIN bytes) before falling back to PLAIN;
                                default 1 MiB; negative: never dictionary-encode */
    int32_t dict_entries;    /* dictionary entries before falling back; default 65,536 */
    int32_t level;           /* compression level (GZIP 1..9, ZSTD 1..22); default: codec's */
} mn_parquet_writer_options;

/* Creates the temp file and writes the leading magic. `codec` is a Parquet
 * CompressionCodec (MN_PQ_UNCOMPRESSED, MN_PQ_SNAPPY, MN_PQ_GZIP, MN_PQ_ZSTD, MN_PQ_LZ4_RAW
 * from format/parquet.h); MN_PQ_LZ4 is written as LZ4_RAW; BROTLI and LZO are NOT_SUPPORTED.
 * names and types are copied. Returns NULL with err on failure. */
mn_parquet_writer *mn_parquet_writer_open(const char *path, int ncols, const char *const *names, const mn_type *types,
                                          int codec, mn_error *err);

/* Changes the tuning knobs; only before the first write. */
int mn_parquet_writer_set_options(mn_parquet_writer *w, const mn_parquet_writer_options *opt, mn_error *err);

/* Appends the rows of c (its columns must have the writer's types, in order; vectors may be
 * flat or constant). Rows are encoded into pages at once (the chunk may be reused after the
 * call); a row group is written out when it reaches the row or byte limit. After a failure
 * the writer is unusable: call abort. */
int mn_parquet_writer_write(mn_parquet_writer *w, const mn_chunk *c, mn_error *err);

/* Rows accepted so far, and bytes so far (written plus buffered, an estimate of file size). */
int64_t mn_parquet_writer_rows(const mn_parquet_writer *w);
int64_t mn_parquet_writer_bytes(const mn_parquet_writer *w);

/* Writes the last row group, the page index and the footer, fsyncs, closes and renames the
 * temp file to path (replacing any file there). *rows (may be NULL) receives the row count.
 * Frees w in every case; on failure the temp file is removed. */
int mn_parquet_writer_finish(mn_parquet_writer *w, int64_t *rows, mn_error *err);

/* Removes the temp file and frees w. NULL is fine. */
void mn_parquet_writer_abort(mn_parquet_writer *w);

/* Parses a codec name as Athena's write_compression / parquet_compression spell it
 * (case-insensitive): NONE or UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4 or LZ4_RAW. Returns 0 and
 * sets *codec, or -1 when the name is unknown or not writable. */
int mn_parquet_codec_from_name(const char *name, int *codec);

#endif
