/* parquet_internal.h — what the Parquet reader's files share: the Thrift compact protocol
 * cursor and the decoded metadata structures (parquet_thrift.c), codecs and CRC
 * (parquet_codec.c), value/level decoders (parquet_decode.c), and the file object itself
 * (parquet_file.c) used by the column reader (parquet_column.c). */
#ifndef MN_FORMAT_PARQUET_INTERNAL_H
#define MN_FORMAT_PARQUET_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* ---------------------------------------------------------------- the file */

struct mn_parquet_file {
    mn_arena arena;           /* everything below */
    char *path;               /* name used in messages; the path for file-backed files */
    const uint8_t *mem;       /* bytes of a memory-backed file, else NULL */
    int64_t size;
    uint8_t *footer;          /* metadata bytes (statistics point into them) */
    int64_t num_rows;
    const char *created_by;
    int ncols;
    mn_parquet_column *cols;
    int nfields;
    mn_parquet_field *fields;
    int nrgs;
    mn_parquet_row_group *rgs;
};

/* Reads [off, off+n) of the file into buf (file-backed: opens the path each time).
 * Fails with MN_ERR_CORRUPT when the file is shorter. */
int pq_file_read(const mn_parquet_file *f, int64_t off, size_t n, uint8_t *buf, mn_error *err);
/* "Invalid Parquet file '<path>': <what>" as MN_ERR_CORRUPT. Returns -1. */
int pq_corrupt(const mn_parquet_file *f, mn_error *err, const char *fmt, ...) MN_PRINTF(3, 4);

#endif
