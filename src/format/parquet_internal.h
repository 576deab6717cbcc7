/* parquet_internal.h — what the Parquet reader's files share: the Thrift compact protocol
 * cursor and the decoded metadata structures (parquet_thrift.c), codecs and CRC
 * (parquet_codec.c), value/level decoders (parquet_decode.c), and the file object itself
 * (parquet_file.c) used by the column reader (parquet_column.c). */
#ifndef MN_FORMAT_PARQUET_INTERNAL_H
#define MN_FORMAT_PARQUET_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/arena.h"
#include "format/parquet.h"

/* Decompressed pages larger than this are refused. */
#define PQ_MAX_PAGE_SIZE ((size_t)1 << 30)
/* Nesting limit for Thrift structs/containers and schema trees. */
#define PQ_MAX_DEPTH 64

/* ---------------------------------------------------------------- Thrift compact protocol */

/* A read cursor over [p, end). On malformed input functions return -1 and set msg (a static
 * string saying what is wrong); they never read outside the range. */
typedef struct pq_tc {
    const uint8_t *p, *end;
    int depth;
    const char *msg;
} pq_tc;

/* Raw SchemaElement. */
typedef struct pq_schema_el {
    const uint8_t *name;
    uint32_t name_len;
    bool has_name;
    int32_t type;         /* -1 when absent (a group) */
    int32_t type_length;  /* -1 */
    int32_t repetition;   /* -1 */
    int32_t num_children; /* -1 */
    int32_t converted;    /* -1 */
    int32_t scale, precision; /* -1 */
    int32_t field_id;     /* -1 */
    mn_parquet_logical logical;
} pq_schema_el;

/* Raw ColumnChunk + ColumnMetaData. */
typedef struct pq_col_meta {
    bool has_meta, encrypted, has_file_path;
    unsigned present; /* bit i: required ColumnMetaData field i present */
    int32_t type;
    const uint8_t **path;
    uint32_t *path_lens;
    int npath;
    mn_parquet_chunk c; /* offsets are raw here; parquet_file.c validates them */
} pq_col_meta;

typedef struct pq_row_group {
    pq_col_meta *cols;
    int ncols;
    bool has_columns, has_num_rows;
    int64_t num_rows, total_byte_size;
} pq_row_group;

typedef struct pq_file_meta {
    bool has_schema, has_num_rows, has_row_groups, encrypted;
    pq_schema_el *schema;
    int nschema;
    int64_t num_rows;
    pq_row_group *rgs;
    int nrgs;
    const uint8_t *created_by;
    uint32_t created_by_len;
} pq_file_meta;

enum { PQ_PAGE_DATA = 0, PQ_PAGE_INDEX = 1, PQ_PAGE_DICTIONARY = 2, PQ_PAGE_DATA_V2 = 3 };

typedef struct pq_page_header {
    int32_t type;
    int32_t uncompressed_size, compressed_size;
    bool has_crc;
    uint32_t crc;
    bool has_data, has_dict, has_v2;
    /* data page v1 / v2 */
    int32_t num_values, encoding, def_encoding, rep_encoding;
    int32_t num_nulls, num_rows, def_len, rep_len;
    bool is_compressed;
    /* dictionary page */
    int32_t dict_num_values, dict_encoding;
} pq_page_header;

/* Decodes FileMetaData from [p, p+n); arrays and strings are allocated in `a` or point into
 * the input (which must outlive them). Returns -1 with *msg on malformed input, -2 when out
 * of memory. */
int pq_read_file_meta(const uint8_t *p, size_t n, mn_arena *a, pq_file_meta *out, const char **msg);
/* Decodes a PageHeader at p (at most n bytes); *hdr_len receives its encoded size. */
int pq_read_page_header(const uint8_t *p, size_t n, pq_page_header *out, size_t *hdr_len, const char **msg);
int pq_read_offset_index(const uint8_t *p, size_t n, mn_arena *a, mn_parquet_page_location **locs, int *nlocs,
                         const char **msg);
int pq_read_column_index(const uint8_t *p, size_t n, mn_arena *a, mn_parquet_column_index *out, const char **msg);
/* Decodes a BloomFilterHeader: *num_bytes is the bitset size (a positive multiple of 32),
 * *hdr_len the header's encoded size. Returns 1 (with *msg) for algorithms, hashes or
 * compressions other than split-block / xxHash / uncompressed, -1 when malformed. */
int pq_read_bloom_header(const uint8_t *p, size_t n, int32_t *num_bytes, size_t *hdr_len, const char **msg);

/* ---------------------------------------------------------------- codecs */

/* Decompresses src[0..n) into dst[0..dst_len), which must come out exactly dst_len bytes.
 * Returns 0, or -1 with *msg. LZ4 tries the Hadoop framing first, then raw LZ4 blocks. */
int pq_decompress(int codec, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_len, const char **msg);
/* Upper bound of the output of a codec for n input bytes (SIZE_MAX when the codec allows
 * arbitrary ratios), used to refuse page sizes the data cannot justify. */
size_t pq_max_decompressed(int codec, size_t n);
uint32_t pq_crc32(const uint8_t *p, size_t n);

/* ---------------------------------------------------------------- decoders */

static inline uint32_t pq_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t pq_le64(const uint8_t *p) { return (uint64_t)pq_le32(p) | (uint64_t)pq_le32(p + 4) << 32; }

/* RLE / bit-packed hybrid decoder (Encodings.md "RLE"), bit widths 0..32. */
typedef struct pq_rle {
    const uint8_t *p, *end; /* encoded runs not yet started */
    int bw;
    uint32_t left;          /* values left in the current run */
    bool packed;
    uint32_t value;         /* RLE run value */
    const uint8_t *bp, *bp_end; /* bit-packed run bytes */
    uint64_t bp_bit;        /* bit offset of the next packed value */
} pq_rle;

void pq_rle_init(pq_rle *r, const uint8_t *p, size_t n, int bw);
/* Decodes exactly n values; -1 when the runs end first or are malformed. */
int pq_rle_get32(pq_rle *r, uint32_t *out, int n);
int pq_rle_get8(pq_rle *r, uint8_t *out, int n);
/* Dictionary indices: like pq_rle_get32, and -2 when an index is >= limit. */
int pq_rle_get_dict(pq_rle *r, uint32_t *out, int n, uint32_t limit);
/* When the current run (started if needed) repeats `value` at least n more times, consumes
 * n values and returns 1; else consumes nothing of the run and returns 0 (-1 on malformed data). */
int pq_rle_skip_run(pq_rle *r, uint32_t value, int n);

/* Unpacks n values of bw bits (LSB first) starting at bit `bit` of in[0..len). The caller
 * guarantees (bit + n*bw) <= 8*len. */
void pq_unpack32(const uint8_t *in, size_t len, uint64_t bit, int bw, uint32_t *out, int n);

/* DELTA_BINARY_PACKED: decodes all values of a stream of INT32 (width 4) or INT64 (width 8)
 * into out (room for max_values). *count receives the number of values, *used the bytes the
 * stream occupied. Arithmetic wraps as the spec says. */
int pq_delta_decode(const uint8_t *p, size_t n, int width, void *out, int64_t max_values, int64_t *count,
                    size_t *used, const char **msg);
/* Number of values a DELTA_BINARY_PACKED stream holds (header only). */
int pq_delta_count(const uint8_t *p, size_t n, int64_t *count, const char **msg);

/* ---------------------------------------------------------------- value conversion */

/* How a physical value becomes a slot of the column's Minerva type. */
enum {
    PQ_CONV_BOOL,      /* BOOLEAN -> uint8 */
    PQ_CONV_COPY4,     /* INT32 -> INTEGER/DATE, FLOAT -> REAL */
    PQ_CONV_COPY8,     /* INT64 -> BIGINT/TIMESTAMP(6), DOUBLE */
    PQ_CONV_I8,        /* INT32 -> TINYINT */
    PQ_CONV_I16,       /* INT32 -> SMALLINT */
    PQ_CONV_U8,        /* INT32 (UINT_8) -> SMALLINT */
    PQ_CONV_U16,       /* INT32 (UINT_16) -> INTEGER */
    PQ_CONV_U32,       /* INT32 (UINT_32) -> BIGINT */
    PQ_CONV_I32_DEC,   /* INT32 -> DECIMAL */
    PQ_CONV_I64_DEC,   /* INT64 -> DECIMAL */
    PQ_CONV_U64_DEC,   /* INT64 (UINT_64) -> DECIMAL(20,0) */
    PQ_CONV_MILLIS,    /* INT64 millis -> TIMESTAMP micros */
    PQ_CONV_NANOS,     /* INT64 nanos -> TIMESTAMP micros (floor) */
    PQ_CONV_INT96,     /* INT96 -> TIMESTAMP micros */
    PQ_CONV_STR,       /* BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY -> VARCHAR (bytes as they are) */
    PQ_CONV_BYTES_DEC, /* BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY big-endian -> DECIMAL */
    PQ_CONV_UUID,      /* FIXED_LEN_BYTE_ARRAY(16) -> VARCHAR 8-4-4-4-12 */
    PQ_CONV_F16,       /* FIXED_LEN_BYTE_ARRAY(2) FLOAT16 -> REAL */
    PQ_CONV_NONE,      /* unreadable */
};

/* The conversion of a readable column (set by parquet_file.c from the schema). */
int pq_conv_of(const mn_parquet_column *c);

/* Julian day of 1970-01-01 (INT96 timestamps store a Julian day and nanoseconds of day). */
#define PQ_JULIAN_EPOCH 2440588

/* Arithmetic on file values wraps (through uint64) instead of overflowing. */
static inline int64_t pq_int96_micros(const uint8_t *p) {
    uint64_t nanos = pq_le64(p);
    int64_t day = (int64_t)(int32_t)pq_le32(p + 8) - PQ_JULIAN_EPOCH;
    int64_t ns = (int64_t)nanos;
    int64_t us = ns / 1000 - (ns % 1000 < 0);
    return (int64_t)((uint64_t)day * UINT64_C(86400000000) + (uint64_t)us);
}
static inline int64_t pq_nanos_micros(int64_t ns) { return ns / 1000 - (ns % 1000 < 0); }
static inline int64_t pq_millis_micros(int64_t ms) { return (int64_t)((uint64_t)ms * 1000u); }

/* Big-endian two's complement of n bytes as a 128-bit integer; -1 when it does not fit. */
static inline int pq_be_decimal(const uint8_t *p, uint32_t n, mn_i128 *out) {
    if (n == 0) {
        *out = 0;
        return 0;
    }
    uint8_t sign = (p[0] & 0x80) ? 0xff : 0x00;
    while (n > 16) { /* extra leading bytes must be sign extension */
        if (p[0] != sign) return -1;
        p++, n--;
    }
    if (n == 16 && ((p[0] ^ sign) & 0x80)) return -1;
    mn_u128 v = sign ? ~(mn_u128)0 : 0;
    for (uint32_t i = 0; i < n; i++) v = (v << 8) | p[i];
    *out = (mn_i128)v;
    return 0;
}

/* IEEE half precision to float. */
static inline float pq_half_float(const uint8_t *p) {
    uint16_t h = (uint16_t)(p[0] | p[1] << 8);
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff, bits;
    if (exp == 0) {
        if (man == 0) {
            bits = sign;
        } else { /* subnormal: normalize */
            int e = -1;
            do {
                e++;
                man <<= 1;
            } while (!(man & 0x400));
            bits = sign | (uint32_t)(127 - 15 - e) << 23 | (man & 0x3ff) << 13;
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | man << 13;
    } else {
        bits = sign | (exp + 127 - 15) << 23 | man << 13;
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

/* ---------------------------------------------------------------- nested fields */

/* How a nested field's values are assembled from its leaves' levels (parquet_nested.c). */
enum { PQN_LEAF, PQN_ROW, PQN_LIST, PQN_MAP, PQN_NULL /* a projected field the file lacks */ };

typedef struct pq_node {
    int kind;       /* PQN_* */
    mn_type type;
    bool nullable;  /* NULL when the definition level is below def */
    int def;        /* definition level at which the value is present */
    int elem_def;   /* LIST/MAP: level at which an element (entry) exists */
    int rep;        /* LIST/MAP: repetition level of the elements */
    int leaf;       /* LEAF: column index */
    bool conv;      /* LEAF: the value is widened from the column's type to `type` */
    int first_leaf, nleaves; /* leaves of the subtree (column indexes) */
    int nkids;      /* ROW: fields; LIST: 1 (element); MAP: 2 (key, value) */
    struct pq_node **kids;
} pq_node;

/* Builds the assembly trees and Minerva types of the nested top-level fields (f->cols and
 * f->fields already built from m's schema); unreadable ones get field.unsupported. */
int pq_build_nested(mn_parquet_file *f, const pq_file_meta *m, mn_error *err);

/* Reads up to max (<= MN_VECTOR_SIZE) level entries of a column chunk, across pages:
 * repetition and definition levels into rep[]/def[] (0 when the column has none) and the
 * non-NULL values (definition level == max_def) densely into out's slots. *entries == 0 at
 * the end of the chunk. Strings may point into page buffers until the next call. */
int pq_reader_read_levels(mn_parquet_reader *r, mn_vector *out, int max, uint8_t *rep, uint8_t *def, int *entries,
                          int *values, mn_error *err);

/* ---------------------------------------------------------------- the file */

struct mn_parquet_file {
    mn_arena arena;           /* everything below */
    char *path;               /* name used in messages; the path for file-backed files */
    const uint8_t *mem;       /* bytes of a memory-backed file, else NULL */
    int fd;                   /* open only while mn_parquet_open reads the footer, else -1 */
    int64_t size;
    uint8_t *footer;          /* metadata bytes (statistics point into them) */
    int64_t num_rows;
    const char *created_by;
    int ncols;
    mn_parquet_column *cols;
    int nfields;
    mn_parquet_field *fields;
    pq_node **nodes;          /* per field: the assembly tree of a nested field, else NULL */
    int nrgs;
    mn_parquet_row_group *rgs;
};

/* Reads [off, off+n) of the file into buf (file-backed: opens the path each time).
 * Fails with MN_ERR_CORRUPT when the file is shorter. */
int pq_file_read(const mn_parquet_file *f, int64_t off, size_t n, uint8_t *buf, mn_error *err);
/* "Invalid Parquet file '<path>': <what>" as MN_ERR_CORRUPT. Returns -1. */
int pq_corrupt(const mn_parquet_file *f, mn_error *err, const char *fmt, ...) MN_PRINTF(3, 4);

#endif
