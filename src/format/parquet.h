/* parquet.h — reading Apache Parquet files: the footer (schema, row groups, statistics,
 * page indexes), the values of one flat column chunk and the values of one nested field
 * (assembled from its leaf columns), decoded batch by batch into Minerva vectors. Spec: apache/parquet-format (parquet.thrift, Encodings.md, Compression.md).
 *
 * Every byte of a file is treated as hostile: malformed input gives MN_ERR_CORRUPT naming
 * the file and what is wrong ("Invalid Parquet file '<path>': ..."), never a crash, a hang or
 * an allocation larger than the data justifies (decompressed pages are capped at 1 GiB).
 *
 * Threads: an mn_parquet_file is read-only once opened, so any number of threads may open
 * readers on it at once; one mn_parquet_reader belongs to one thread at a time. */
#ifndef MN_FORMAT_PARQUET_H
#define MN_FORMAT_PARQUET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "types/types.h"
#include "types/vector.h"

/* Physical types (parquet.thrift Type). */
enum {
    MN_PQ_BOOLEAN = 0,
    MN_PQ_INT32 = 1,
    MN_PQ_INT64 = 2,
    MN_PQ_INT96 = 3,
    MN_PQ_FLOAT = 4,
    MN_PQ_DOUBLE = 5,
    MN_PQ_BYTE_ARRAY = 6,
    MN_PQ_FIXED_LEN_BYTE_ARRAY = 7,
};

/* Compression codecs (CompressionCodec). */
enum {
    MN_PQ_UNCOMPRESSED = 0,
    MN_PQ_SNAPPY = 1,
    MN_PQ_GZIP = 2,
    MN_PQ_LZO = 3,
    MN_PQ_BROTLI = 4,
    MN_PQ_LZ4 = 5,
    MN_PQ_ZSTD = 6,
    MN_PQ_LZ4_RAW = 7,
};

/* Repetition (FieldRepetitionType). */
enum { MN_PQ_REQUIRED = 0, MN_PQ_OPTIONAL = 1, MN_PQ_REPEATED = 2 };

/* Logical type kinds: the field ids of the LogicalType union (0 = none). */
enum {
    MN_PQ_LT_NONE = 0,
    MN_PQ_LT_STRING = 1,
    MN_PQ_LT_MAP = 2,
    MN_PQ_LT_LIST = 3,
    MN_PQ_LT_ENUM = 4,
    MN_PQ_LT_DECIMAL = 5,
    MN_PQ_LT_DATE = 6,
    MN_PQ_LT_TIME = 7,
    MN_PQ_LT_TIMESTAMP = 8,
    MN_PQ_LT_INTEGER = 10,
    MN_PQ_LT_NULL = 11,
    MN_PQ_LT_JSON = 12,
    MN_PQ_LT_BSON = 13,
    MN_PQ_LT_UUID = 14,
    MN_PQ_LT_FLOAT16 = 15,
    MN_PQ_LT_VARIANT = 16,
    MN_PQ_LT_GEOMETRY = 17,
    MN_PQ_LT_GEOGRAPHY = 18,
    MN_PQ_LT_VECTOR = 19,
    MN_PQ_LT_OTHER = 100, /* a union member this reader does not know */
};

/* Converted types (ConvertedType); -1 = none. */
enum {
    MN_PQ_CT_UTF8 = 0, MN_PQ_CT_MAP = 1, MN_PQ_CT_MAP_KEY_VALUE = 2, MN_PQ_CT_LIST = 3, MN_PQ_CT_ENUM = 4,
    MN_PQ_CT_DECIMAL = 5, MN_PQ_CT_DATE = 6, MN_PQ_CT_TIME_MILLIS = 7, MN_PQ_CT_TIME_MICROS = 8,
    MN_PQ_CT_TIMESTAMP_MILLIS = 9, MN_PQ_CT_TIMESTAMP_MICROS = 10, MN_PQ_CT_UINT_8 = 11, MN_PQ_CT_UINT_16 = 12,
    MN_PQ_CT_UINT_32 = 13, MN_PQ_CT_UINT_64 = 14, MN_PQ_CT_INT_8 = 15, MN_PQ_CT_INT_16 = 16, MN_PQ_CT_INT_32 = 17,
    MN_PQ_CT_INT_64 = 18, MN_PQ_CT_JSON = 19, MN_PQ_CT_BSON = 20, MN_PQ_CT_INTERVAL = 21,
};

/* Time units of TIME / TIMESTAMP logical types. */
enum { MN_PQ_MILLIS = 1, MN_PQ_MICROS = 2, MN_PQ_NANOS = 3 };

typedef struct mn_parquet_logical {
    int kind;             /* MN_PQ_LT_* */
    int unit;             /* TIME/TIMESTAMP: MN_PQ_MILLIS/MICROS/NANOS */
    bool adjusted_to_utc; /* TIME/TIMESTAMP */
    int bit_width;        /* INTEGER: 8, 16, 32, 64 */
    bool is_signed;       /* INTEGER */
    int precision, scale; /* DECIMAL */
} mn_parquet_logical;

/* One leaf (primitive) column of the schema, in file order. */
typedef struct mn_parquet_column {
    const char *path;       /* dotted path from the root: "a", "s.b", "l.list.element" */
    const char *name;       /* last component of path */
    int field;              /* index of the top-level field holding this leaf */
    int physical;           /* MN_PQ_BOOLEAN.. */
    int type_length;        /* FIXED_LEN_BYTE_ARRAY width in bytes; -1 otherwise */
    int converted_type;     /* MN_PQ_CT_* or -1 */
    int precision, scale;   /* DECIMAL (logical type first, else the SchemaElement); -1 when none */
    mn_parquet_logical logical;
    int repetition;         /* of the leaf itself */
    int max_def, max_rep;   /* maximum definition / repetition levels */
    int field_id;           /* SchemaElement.field_id, -1 when absent */
    mn_type type;           /* the Minerva type the values are read as; UNKNOWN when unreadable */
    /* NULL when the reader can decode this column; else why not, e.g.
     * "column 'a.t' has type TIME(MILLIS), which is not supported yet". */
    const char *unsupported;
    bool nested;            /* part of a nested field: read through mn_parquet_nested_reader */
} mn_parquet_column;

/* One top-level field: a flat column or a nested group (LIST, MAP, STRUCT, ...). */
typedef struct mn_parquet_field {
    const char *name;
    /* the Minerva type: a flat field's column type, ARRAY/MAP/ROW for nested fields (LIST,
     * MAP, groups and unannotated repeated fields as LogicalTypes.md says); UNKNOWN when
     * unreadable */
    mn_type type;
    const char *nested;      /* NULL for a flat field, else "LIST", "MAP", "STRUCT" or "REPEATED" */
    int first_leaf, nleaves; /* its leaf columns: [first_leaf, first_leaf + nleaves) */
    const char *unsupported; /* nested fields: NULL when readable, else why not */
} mn_parquet_field;

/* Statistics of a column chunk. Values are PLAIN encoded without the length prefix of byte
 * arrays and point into the file's metadata (valid while the file is open). */
typedef struct mn_parquet_stats {
    bool has_null_count;
    int64_t null_count;
    bool has_distinct_count;
    int64_t distinct_count;
    const uint8_t *min, *max; /* NULL when absent */
    uint32_t min_len, max_len;
    bool legacy_min_max; /* from the deprecated min/max fields: signed order, unreliable for
                            strings and unsigned types */
} mn_parquet_stats;

typedef struct mn_parquet_chunk {
    int codec;                      /* MN_PQ_UNCOMPRESSED.. */
    int64_t num_values;
    int64_t data_page_offset;
    int64_t dictionary_page_offset; /* -1 when absent */
    int64_t total_compressed_size, total_uncompressed_size;
    int64_t start;                  /* first page byte (dictionary or data page); validated */
    bool has_stats;
    mn_parquet_stats stats;
    int64_t offset_index_offset, column_index_offset; /* -1 when absent */
    int32_t offset_index_length, column_index_length;
    uint32_t encodings;             /* bit e: encoding e listed in ColumnMetaData.encodings */
    bool has_encoding_stats;        /* ColumnMetaData.encoding_stats present */
    bool plain_data_pages;          /* encoding_stats lists data pages not dictionary encoded */
    int64_t bloom_filter_offset;    /* -1 when absent */
    int32_t bloom_filter_length;    /* header + bitset; -1 when absent (older writers) */
} mn_parquet_chunk;

typedef struct mn_parquet_row_group {
    int64_t num_rows;
    int64_t first_row;       /* rows in the row groups before this one */
    int64_t total_byte_size;
    mn_parquet_chunk *chunks; /* one per leaf column, in column order */
} mn_parquet_row_group;

typedef struct mn_parquet_file mn_parquet_file;

/* Opens a file: reads and validates the footer ("PAR1", metadata length, FileMetaData).
 * The descriptor is closed again before returning; readers reopen the file by path.
 * NULL with err on failure (MN_ERR_IO when it cannot be read, MN_ERR_CORRUPT when it is not
 * valid Parquet, MN_ERR_NOT_SUPPORTED for encrypted files). */
mn_parquet_file *mn_parquet_open(const char *path, mn_error *err);
/* Same over bytes in memory (not copied: data must outlive the file). `name` is used in
 * messages (NULL: "<memory>"). */
mn_parquet_file *mn_parquet_open_memory(const void *data, size_t size, const char *name, mn_error *err);
void mn_parquet_close(mn_parquet_file *f);

const char *mn_parquet_path(const mn_parquet_file *f);
int64_t mn_parquet_file_size(const mn_parquet_file *f);
int64_t mn_parquet_num_rows(const mn_parquet_file *f);
const char *mn_parquet_created_by(const mn_parquet_file *f); /* NULL when absent */
int mn_parquet_num_columns(const mn_parquet_file *f);
const mn_parquet_column *mn_parquet_column_at(const mn_parquet_file *f, int i);
int mn_parquet_num_fields(const mn_parquet_file *f);
const mn_parquet_field *mn_parquet_field_at(const mn_parquet_file *f, int i);
/* Index of the top-level field named `name` (ASCII case-insensitive), or -1. */
int mn_parquet_find_field(const mn_parquet_file *f, const char *name);
int mn_parquet_num_row_groups(const mn_parquet_file *f);
const mn_parquet_row_group *mn_parquet_row_group_at(const mn_parquet_file *f, int i);

/* Decodes one statistics value (min or max) of column c into *out, typed as c->type.
 * Strings point into the file metadata. Returns -1 when the value cannot be decoded (wrong
 * size, unreadable column type). Callers pruning with statistics must also respect
 * legacy_min_max. */
int mn_parquet_stat_value(const mn_parquet_column *c, const uint8_t *bytes, uint32_t len, mn_value *out);

/* Page index (optional in files). Locations of the data pages of one column chunk. */
typedef struct mn_parquet_page_location {
    int64_t offset;
    int32_t compressed_page_size; /* including the page header */
    int64_t first_row_index;
} mn_parquet_page_location;

typedef struct mn_parquet_column_index {
    int npages;
    bool *null_pages;
    const uint8_t **min_values, **max_values; /* PLAIN, as in statistics; NULL for null pages */
    uint32_t *min_lens, *max_lens;
    int boundary_order;   /* 0 unordered, 1 ascending, 2 descending */
    int64_t *null_counts; /* NULL when absent */
} mn_parquet_column_index;

/* Reads the OffsetIndex / ColumnIndex of a column chunk. Returns 0 and fills the output
 * (allocated in `arena`, which the caller owns; byte values also live there); 1 when the
 * chunk has no such index; -1 with err on failure. */
int mn_parquet_read_offset_index(const mn_parquet_file *f, int rg, int col, mn_arena *arena,
                                 mn_parquet_page_location **locs, int *nlocs, mn_error *err);
int mn_parquet_read_column_index(const mn_parquet_file *f, int rg, int col, mn_arena *arena,
                                 mn_parquet_column_index *out, mn_error *err);

/* ---------------------------------------------------------------- pushed-down predicates
 * (parquet_filter.c). `column op value` or `column IN (values)`; values are non-NULL and typed
 * as the column is read (mn_parquet_column.type). Judgements from metadata are conservative:
 * "no match" only when no value can satisfy the predicate. */
enum { MN_PQ_PRED_EQ, MN_PQ_PRED_LT, MN_PQ_PRED_LE, MN_PQ_PRED_GT, MN_PQ_PRED_GE, MN_PQ_PRED_IN };

typedef struct mn_parquet_pred {
    int op;               /* MN_PQ_PRED_* */
    int nvals;            /* 1, or the length of the IN list */
    const mn_value *vals;
} mn_parquet_pred;

/* Types whose predicates can be judged: integers, decimals, dates, timestamps, unbounded
 * varchar. */
bool mn_parquet_pred_type(mn_type t);
/* Whether predicates on column c may be judged by the reader: integers, decimals, dates,
 * timestamps (not INT96) and plain VARCHAR; floating point (NaN, -0.0) and others not. */
bool mn_parquet_pred_type_ok(const mn_parquet_column *c);
/* Does the non-NULL value v satisfy p? (NULL: false.) */
bool mn_parquet_pred_test(const mn_parquet_pred *p, const mn_value *v);
/* May a value in [min, max] satisfy p? */
bool mn_parquet_pred_range(const mn_parquet_pred *p, const mn_value *min, const mn_value *max);
/* Clears alive[i] for the rows i < n of v (typed as the column) that fail p (NULLs fail);
 * returns how many stay alive. */
int mn_parquet_pred_select(const mn_parquet_pred *p, const mn_vector *v, int n, uint8_t *alive);
/* The values of p as vector slots of type t (the column's type) into out[0..p->nvals), and
 * the test of one non-NULL slot against them: for evaluating p on many rows. */
void mn_parquet_pred_slots(const mn_parquet_pred *p, mn_type t, mn_i128 *out);
bool mn_parquet_pred_slot(const mn_parquet_pred *p, mn_type t, const void *slot, const mn_i128 *vals);
/* Judges the pages of a column chunk by its ColumnIndex: *keep (npages entries, in `a`) says
 * which pages may hold a row satisfying every one of preds (null-only pages never do). Adds
 * the index bytes read to *bytes. Returns 0, 1 when the chunk has no column index, -1. */
int mn_parquet_page_filter(const mn_parquet_file *f, int rg, int col, const mn_parquet_pred *preds, int npreds,
                           mn_arena *a, bool **keep, int *npages, int64_t *bytes, mn_error *err);
/* True when metadata proves every data page of the chunk dictionary encoded (encoding_stats,
 * else the encodings list), so the dictionary holds every value of the chunk. */
bool mn_parquet_chunk_all_dict(const mn_parquet_chunk *ch);
/* Checks an EQ / IN predicate against the chunk's bloom filter: 0 when none of its values
 * is in the chunk, 1 when some may be (or there is no usable filter), -1 on a corrupt
 * filter. Adds the bytes read to *bytes. */
int mn_parquet_bloom_filter(const mn_parquet_file *f, int rg, int col, const mn_parquet_pred *p, int64_t *bytes,
                            mn_error *err);
/* xxHash64 with seed 0, and the split-block membership test of a hash in a bitset. */
uint64_t mn_parquet_xxhash64(const void *data, size_t n);
bool mn_parquet_bloom_check(const uint8_t *bitset, size_t nbytes, uint64_t hash);

/* A reader of one column chunk (row group rg, leaf column col). Only flat columns
 * (mn_parquet_column.nested false) can be read with mn_parquet_reader_read; leaves of nested
 * fields fail there with MN_ERR_NOT_SUPPORTED (mn_parquet_nested_reader reads them). */
typedef struct mn_parquet_reader mn_parquet_reader;

/* Opens a reader positioned at the first row of the chunk. The chunk's bytes are read now. */
mn_parquet_reader *mn_parquet_reader_open(const mn_parquet_file *f, int rg, int col, mn_error *err);
/* Points an existing reader at another chunk (of any file and column), keeping its buffers. */
int mn_parquet_reader_reset(mn_parquet_reader *r, const mn_parquet_file *f, int rg, int col, mn_error *err);
/* Like reset, but with the chunk's offset index (locs[0..nlocs), which must outlive the
 * chunk's reading) reads only what precedes the first data page (the dictionary) and the
 * pages k with need[k]; other pages are read on demand should they be needed after all.
 * An offset index that does not describe the chunk exactly is ignored (the whole chunk is
 * read). locs == NULL: same as reset. */
int mn_parquet_reader_reset_pages(mn_parquet_reader *r, const mn_parquet_file *f, int rg, int col,
                                  const mn_parquet_page_location *locs, int nlocs, const bool *need, mn_error *err);
mn_parquet_reader *mn_parquet_reader_open_pages(const mn_parquet_file *f, int rg, int col,
                                                const mn_parquet_page_location *locs, int nlocs, const bool *need,
                                                mn_error *err);
/* Skips the next n rows (n <= rows left). Done lazily at the next read: whole pages within
 * the skipped rows are jumped over without being decompressed, others are decoded only as
 * far as needed to find the next value. */
int mn_parquet_reader_skip(mn_parquet_reader *r, int64_t n, mn_error *err);
/* Data pages decoded and jumped over by this reader since it was opened. */
void mn_parquet_reader_pages(const mn_parquet_reader *r, int64_t *read, int64_t *skipped);
/* Loads the chunk's dictionary page (before any read) and evaluates preds (all on this
 * column) on every entry: 0 when no entry satisfies them all, 1 when one does or the chunk
 * has no dictionary, -1 on error. Only when mn_parquet_chunk_all_dict holds does 0 prove that
 * no row of the chunk matches. */
int mn_parquet_reader_dict_select(mn_parquet_reader *r, const mn_parquet_pred *preds, int npreds, mn_error *err);
/* Reads the next min(max_rows, rows left) rows (max_rows <= MN_VECTOR_SIZE) into rows
 * [0, *got) of out, a prepared flat vector of the column's type (mn_parquet_column.type).
 * NULLs are set through mn_vector_nulls_mut. *got == 0 at the end of the chunk. Strings may
 * point into the reader's buffers: they stay valid until the next read, reset or close of
 * this reader. A chunk holding fewer values than its row group's row count is corrupt. */
int mn_parquet_reader_read(mn_parquet_reader *r, mn_vector *out, int max_rows, int *got, mn_error *err);
/* Rows left in the current chunk. */
int64_t mn_parquet_reader_rows_left(const mn_parquet_reader *r);
/* Bytes read from storage by this reader since it was opened (all chunks). */
int64_t mn_parquet_reader_bytes_read(const mn_parquet_reader *r);
void mn_parquet_reader_close(mn_parquet_reader *r);

/* A reader of one nested top-level field (mn_parquet_field.nested != NULL) of one row group:
 * reads the repetition/definition levels and values of all its leaf columns and assembles
 * them into ARRAY/MAP/ROW values (types/nested.h encoding) of type mn_parquet_field.type.
 * Leaves disagreeing with each other (row counts, levels) are reported as corrupt. */
typedef struct mn_parquet_nested_reader mn_parquet_nested_reader;

/* Whether nested field `field` can be read as type `want` (its own type, or a projection:
 * ROW fields matched by name case-insensitively, missing ones NULL, extra ones not read;
 * integers widened, REAL to DOUBLE, VARCHAR/VARBINARY/JSON interchangeable). 0, or -1 with
 * MN_ERR_TYPE_MISMATCH / MN_ERR_NOT_SUPPORTED. */
int mn_parquet_nested_check(const mn_parquet_file *f, int field, mn_type want, mn_error *err);
/* A reader of the field in row group rg, producing values of type `want` (checked as above). */
mn_parquet_nested_reader *mn_parquet_nested_open(const mn_parquet_file *f, int rg, int field, mn_type want,
                                                 mn_error *err);
int mn_parquet_nested_reset(mn_parquet_nested_reader *r, const mn_parquet_file *f, int rg, int field, mn_type want,
                            mn_error *err);
/* Like mn_parquet_reader_read: the next min(max_rows, rows left) rows into a prepared vector
 * of type `want`; values are copied into out's heap. *got == 0 at the end. */
int mn_parquet_nested_read(mn_parquet_nested_reader *r, mn_vector *out, int max_rows, int *got, mn_error *err);
/* Skips the next n rows (they are assembled and dropped). */
int mn_parquet_nested_skip(mn_parquet_nested_reader *r, int64_t n, mn_error *err);
int64_t mn_parquet_nested_bytes_read(const mn_parquet_nested_reader *r);
void mn_parquet_nested_close(mn_parquet_nested_reader *r);

#endif
