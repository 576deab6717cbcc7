/* parquet_writer_internal.h — the Parquet writer's state, shared by parquet_writer.c
 * (encoding, pages, row groups, footer) and parquet_writer_stats.c (min/max statistics). */
#ifndef MN_FORMAT_PARQUET_WRITER_INTERNAL_H
#define MN_FORMAT_PARQUET_WRITER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "common/arena.h"
#include "format/parquet.h"
#include "format/parquet_thrift_write.h"
#include "format/parquet_writer.h"

/* Byte-array min/max longer than this are truncated (to valid bounds) in column chunk
 * statistics, and longer than INDEX_STAT_LIMIT in page statistics and the column index. */
#define STAT_LIMIT 1024
#define INDEX_STAT_LIMIT 64

/* ---------------------------------------------------------------- byte buffers */

typedef struct buf {
    uint8_t *p;
    size_t len, cap;
} buf;

static inline int buf_reserve(buf *b, size_t n) {
    if (b->cap - b->len >= n) return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < n) {
        if (cap > SIZE_MAX / 2) return -1;
        cap *= 2;
    }
    uint8_t *p = realloc(b->p, cap);
    if (!p) return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

static inline int buf_put(buf *b, const void *p, size_t n) {
    if (buf_reserve(b, n)) return -1;
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
    return 0;
}

static inline int buf_set(buf *b, const void *p, size_t n) {
    b->len = 0;
    return buf_put(b, p, n);
}

static inline void buf_free(buf *b) {
    free(b->p);
    memset(b, 0, sizeof *b);
}

static inline void put_le32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline uint32_t get_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}


/* ---------------------------------------------------------------- statistics */

/* Running min/max of one page or column chunk in the "comparison domain" of the physical
 * type: int64 for BOOLEAN/INT32/INT64, double for FLOAT/DOUBLE (NaN excluded), mn_i128 for
 * FIXED_LEN_BYTE_ARRAY decimals, bytes for BYTE_ARRAY. */
typedef struct minmax {
    bool has; /* a non-null, non-NaN value was seen */
    int64_t imin, imax;
    double dmin, dmax;
    mn_i128 xmin, xmax;
    buf smin, smax;
    int64_t nulls, nans;
} minmax;

/* ---------------------------------------------------------------- column state */

typedef struct ht_slot {
    uint32_t hash;
    uint32_t idx1; /* dictionary index + 1; 0 = empty */
} ht_slot;

/* One leaf column of the file (a top-level scalar column, or a scalar inside an ARRAY, MAP
 * or ROW column). Values arrive as "entries": a definition level, a repetition level (0 =
 * the entry starts a row) and, when the definition level is max_def, a value. */
typedef struct pqw_col {
    char *name;      /* the top-level column's name (for messages) */
    mn_type type;    /* the leaf's scalar type */
    const char **path; /* path_in_schema (w->meta) */
    int path_len;
    int max_def, max_rep;
    int physical;
    int width; /* PLAIN bytes of a fixed-width value (BOOLEAN: 1 byte per value while buffered) */
    /* the current page: page_vals entries making page_rows rows; pages end at row starts */
    buf defs, reps;  /* one level per entry (reps only when max_rep > 0) */
    uint32_t *idx;   /* dictionary indices of the present values */
    size_t idx_cap;
    int page_rows, page_vals, page_nulls, nidx;
    buf vals;        /* PLAIN values (BOOLEAN: one byte per value, packed at flush) */
    size_t page_plain; /* PLAIN size of the page's present values */
    minmax page_mm;
    /* the column chunk's dictionary; dict_on = the current page is dictionary encoded */
    bool dict_on, dict_used, fallback;
    uint32_t ndict;
    buf dict;        /* entries, PLAIN encoded: the dictionary page's body */
    uint32_t *dict_offs; /* BYTE_ARRAY: offset of each entry in dict */
    size_t dict_offs_cap;
    ht_slot *ht;
    uint32_t ht_cap; /* power of two, or 0 */
    /* the column chunk */
    buf chunk;       /* encoded data pages (headers + compressed bodies) */
    int64_t chunk_rows, chunk_values, chunk_uncompressed;
    int32_t dict_pages_n, plain_pages_n;
    minmax chunk_mm;
    bool ci_ok;      /* a ColumnIndex can be written (no page whose values are all NaN) */
    pq_w_page_entry *pages;
    int npages, pages_cap;
    mn_arena page_arena; /* min/max bytes of the page entries */
} pqw_col;

/* The schema tree of a top-level column: how its values are shredded into leaf entries. */
typedef struct pqw_node {
    mn_type type;
    bool optional;      /* REQUIRED only for map keys */
    int rep;            /* ARRAY/MAP: repetition level of the repeated group */
    int leaf0, nleaves; /* the leaves below (indices into w->cols) */
    int nkids;          /* ARRAY 1 (element), MAP 2 (key, value), ROW its fields */
    struct pqw_node *kids;
} pqw_node;

struct mn_parquet_writer {
    int fd;
    char *path, *tmp;
    int codec;
    mn_parquet_writer_options opt;
    bool started, failed;
    int ncols;            /* top-level columns */
    pqw_node *tops;       /* ncols schema trees (w->meta) */
    int nleaves;
    pqw_col *cols;        /* nleaves */
    pq_w_schema_col *schema; /* nschema elements, depth-first */
    int nschema, schema_cap, leaves_cap;
    int64_t rows, rg_rows;
    /* output: out[0..out_len) is buffered at file offset pos - out_len */
    uint8_t *out;
    size_t out_len;
    int64_t pos;
    /* the footer's row groups; chunk arrays and statistics bytes live in meta */
    pq_w_row_group *rgs;
    int nrgs, rgs_cap;
    mn_arena meta;
    buf ci, oi; /* serialized ColumnIndex / OffsetIndex structs, written by finish */
    /* scratch: the entries of one leaf for the rows being added (ecap entries) */
    buf body, comp;
    pq_tw tw;
    uint32_t *lv;
    size_t lv_cap;
    uint8_t *cnull, *cdef, *crep, *conv; /* conv: 16 bytes per entry */
    mn_str *cstr;
    size_t ecap;
    int nent;
    z_stream z;
    bool z_init;
    ZSTD_CCtx *zc;
};

/* ---------------------------------------------------------------- parquet_writer_stats.c */

void pqw_mm_clear(minmax *m);
void pqw_mm_free(minmax *m);
/* Page or chunk statistics of m for the footer/page index; byte arrays cut to `limit`
 * bytes into minb/maxb (limit + 1 bytes each). */
void pqw_make_stats(const pqw_col *c, const minmax *m, size_t limit, uint8_t *minb, uint8_t *maxb, pq_w_stats *st);
/* Folds m into `into`; -1 when out of memory. */
int pqw_mm_merge(const pqw_col *c, minmax *into, const minmax *m);
/* Adds the n converted entries of leaf c (w->conv, w->cstr, w->cnull) to its page min/max. */
int pqw_stats_update(mn_parquet_writer *w, pqw_col *c, int k, int n);
/* The column index boundary order of c's pages: 0 unordered, 1 ascending, 2 descending. */
int pqw_boundary_order(const pqw_col *c);

#endif
