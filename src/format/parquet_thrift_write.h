/* parquet_thrift_write.h — the Thrift compact protocol ENCODER used by the Parquet writer:
 * low-level field/list/struct primitives over a growable buffer, and encoders of the
 * parquet.thrift structures a writer emits (PageHeader, ColumnIndex, OffsetIndex and the
 * FileMetaData footer) from the plain descriptions below. Internal to src/format. */
#ifndef MN_FORMAT_PARQUET_THRIFT_WRITE_H
#define MN_FORMAT_PARQUET_THRIFT_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Compact protocol type codes as they appear in field headers and list headers. */
enum {
    PQ_TT_TRUE = 1, /* also the element type of list<bool> */
    PQ_TT_FALSE = 2,
    PQ_TT_BYTE = 3,
    PQ_TT_I16 = 4,
    PQ_TT_I32 = 5,
    PQ_TT_I64 = 6,
    PQ_TT_DOUBLE = 7,
    PQ_TT_BINARY = 8,
    PQ_TT_LIST = 9,
    PQ_TT_STRUCT = 12,
};

#define PQ_TW_MAX_DEPTH 32

/* A growable output buffer plus the stack of "last field id" of the open structs.
 * Allocation failure is sticky (oom) and checked once at the end by the caller; every
 * primitive is a no-op afterwards. */
typedef struct pq_tw {
    uint8_t *buf;
    size_t len, cap;
    int16_t last[PQ_TW_MAX_DEPTH];
    int depth; /* open structs; 0 = at top level */
    bool oom;
} pq_tw;

void pq_tw_init(pq_tw *w);
void pq_tw_free(pq_tw *w);
/* Forgets the contents (keeps the buffer). */
void pq_tw_reset(pq_tw *w);

/* Top-level struct: begin pushes a fresh field-id context, end writes STOP and pops. */
void pq_tw_begin(pq_tw *w);
void pq_tw_end(pq_tw *w);

/* Fields of the innermost open struct (ids must increase within a struct for the short form
 * to be used; any order is still encoded correctly). */
void pq_tw_field_bool(pq_tw *w, int16_t id, bool v);
void pq_tw_field_byte(pq_tw *w, int16_t id, int8_t v);
void pq_tw_field_i16(pq_tw *w, int16_t id, int16_t v);
void pq_tw_field_i32(pq_tw *w, int16_t id, int32_t v);
void pq_tw_field_i64(pq_tw *w, int16_t id, int64_t v);
void pq_tw_field_binary(pq_tw *w, int16_t id, const void *p, size_t n);
/* A struct field: writes the header and opens the nested struct (close with pq_tw_end). */
void pq_tw_field_struct(pq_tw *w, int16_t id);
/* A list field of n elements of element type `elem` (PQ_TT_*); the elements follow. */
void pq_tw_field_list(pq_tw *w, int16_t id, int elem, int64_t n);

/* List elements. A struct element is opened with pq_tw_begin and closed with pq_tw_end. */
void pq_tw_elem_bool(pq_tw *w, bool v);
void pq_tw_elem_i32(pq_tw *w, int32_t v);
void pq_tw_elem_i64(pq_tw *w, int64_t v);
void pq_tw_elem_binary(pq_tw *w, const void *p, size_t n);

/* ------------------------------------------------------------ parquet.thrift structures */

/* Statistics: min/max are PLAIN encoded (no length prefix for byte arrays). */
typedef struct pq_w_stats {
    bool has_minmax;
    const uint8_t *min, *max;
    uint32_t min_len, max_len;
    bool min_exact, max_exact;
    int64_t null_count;
    bool has_nan_count; /* FLOAT / DOUBLE columns */
    int64_t nan_count;
} pq_w_stats;

/* PageHeader of a data page v1 (type 0) or a dictionary page (type 2). */
typedef struct pq_w_page_header {
    int type;
    int32_t uncompressed_size, compressed_size;
    uint32_t crc;
    int32_t num_values;
    int32_t encoding;         /* values (data page) or dictionary entries (PLAIN) */
    const pq_w_stats *stats;  /* data pages; NULL = none */
} pq_w_page_header;

void pq_tw_page_header(pq_tw *w, const pq_w_page_header *h);

/* One SchemaElement: a leaf column (num_children 0) or a group (num_children > 0, no
 * physical type). Elements are listed depth-first, as the footer stores them. */
typedef struct pq_w_schema_col {
    const char *name;
    int repetition;          /* MN_PQ_REQUIRED / OPTIONAL / REPEATED */
    int num_children;        /* groups: > 0 */
    int physical;            /* MN_PQ_BOOLEAN.. (leaves) */
    int32_t type_length;     /* FIXED_LEN_BYTE_ARRAY width; -1 otherwise */
    int converted;           /* MN_PQ_CT_*, -1 = none */
    int32_t scale, precision;/* DECIMAL; -1 otherwise */
    int logical;             /* MN_PQ_LT_* (STRING, DECIMAL, DATE, TIMESTAMP, INTEGER, JSON, LIST,
                                MAP) or NONE */
    int int_bits;            /* INTEGER */
    bool int_signed;
    int ts_unit;             /* TIMESTAMP: MN_PQ_MILLIS / MICROS / NANOS */
    bool ts_utc;
} pq_w_schema_col;

/* ColumnChunk + ColumnMetaData of one column in one row group. */
typedef struct pq_w_chunk {
    int physical;
    const char *const *path; /* path_in_schema: the names from below the root to the leaf */
    int path_len;
    int codec;
    uint32_t encodings; /* bit e set: Encoding e is used */
    int64_t num_values;
    int64_t total_uncompressed, total_compressed; /* pages including headers */
    int64_t data_page_offset;
    int64_t dictionary_page_offset; /* -1 = no dictionary page */
    bool has_stats;
    pq_w_stats stats;
    int32_t dict_pages, dict_data_pages, plain_data_pages; /* for encoding_stats */
    int64_t offset_index_offset, column_index_offset;     /* -1 = absent */
    int32_t offset_index_length, column_index_length;
} pq_w_chunk;

typedef struct pq_w_row_group {
    pq_w_chunk *chunks; /* ncols */
    int64_t num_rows;
    int64_t total_byte_size;       /* uncompressed */
    int64_t total_compressed_size;
    int64_t file_offset;           /* first page of the row group */
} pq_w_row_group;

/* FileMetaData version 1 with a root group named "schema" with `ntop` children, followed by
 * the nelems elements (depth-first); row groups hold one chunk per leaf (nleaves), one
 * TYPE_ORDER column order per leaf, and no key/value metadata. */
void pq_tw_file_meta(pq_tw *w, const pq_w_schema_col *elems, int nelems, int ntop, int nleaves, int64_t num_rows,
                     const pq_w_row_group *rgs, int nrgs, const char *created_by);

/* One data page of a column chunk as the page index describes it. */
typedef struct pq_w_page_entry {
    int64_t offset;          /* file offset of the page header */
    int32_t size;            /* header + compressed data */
    int64_t first_row;       /* within the row group */
    bool null_page;          /* only NULLs: min/max are empty */
    const uint8_t *min, *max;
    uint32_t min_len, max_len;
    int64_t null_count, nan_count;
} pq_w_page_entry;

/* ColumnIndex (boundary_order 0/1/2; nan_counts written when with_nans). */
void pq_tw_column_index(pq_tw *w, const pq_w_page_entry *p, int n, int boundary_order, bool with_nans);
void pq_tw_offset_index(pq_tw *w, const pq_w_page_entry *p, int n);

#endif
