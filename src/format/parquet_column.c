/* parquet_column.c — reading one leaf column chunk into vectors: pages (dictionary, data v1
 * and v2; index pages skipped), CRC checks, decompression into reused buffers, definition
 * levels -> NULLs, and the value encodings PLAIN, PLAIN_DICTIONARY/RLE_DICTIONARY, RLE
 * (booleans), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
 * BYTE_STREAM_SPLIT. Values are decoded densely into the output slots and spread out over
 * the NULL rows afterwards; dictionaries are converted to slots once per chunk, so a
 * dictionary-encoded page costs an index unpack and a gather. Leaves of nested fields are
 * read as level entries instead (pq_reader_read_levels: repetition and definition levels
 * plus the dense non-NULL values), which parquet_nested.c assembles.
 *
 * Buffer lifetimes: string slots may point into the chunk bytes, the dictionary page or a
 * decompressed data page. Page buffers come from a small pool; a buffer whose strings may
 * be in the batch being built is "pinned" until the next read call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/parquet_internal.h"

enum { BUF_FREE = 0, BUF_PAGE = 1, BUF_PINNED = 2 };

typedef struct pq_buf {
    uint8_t *p;
    size_t cap;
    int state;
} pq_buf;

enum { SRC_PLAIN_FIXED, SRC_PLAIN_BYTES, SRC_PLAIN_BOOL, SRC_RLE_BOOL, SRC_DICT, SRC_STRS };
enum { DEF_NONE, DEF_RLE, DEF_ARRAY };

/* Pinned buffers of one batch may not exceed this (a hostile file could otherwise make
 * every row of a batch a separate huge page). */
#define PQ_MAX_PINNED ((size_t)2 << 30)

struct mn_parquet_reader {
    const mn_parquet_file *f;
    const mn_parquet_column *col;
    const mn_parquet_chunk *ch;
    int conv;
    size_t slot;        /* bytes per output slot */
    int width;          /* bytes per PLAIN value of fixed-width physical types */
    bool escape;        /* output slots may point into page buffers */
    int64_t rows_total; /* rows of the row group */
    int64_t rows_left;  /* rows of the chunk not returned yet */
    int64_t bytes_read;

    const uint8_t *chunk; /* the chunk's bytes: chunk_buf, or the memory of the file */
    size_t chunk_len, pos;
    uint8_t *chunk_buf;
    size_t chunk_cap;
    bool seen_data;

    /* dictionary: entries already converted to output slots */
    bool has_dict;
    uint8_t *dict;
    size_t dict_cap;
    int64_t dict_n;
    uint8_t *dict_page;
    size_t dict_page_cap;
    mn_arena dict_heap; /* formatted UUIDs of dictionary entries */

    /* current data page */
    int64_t page_left; /* rows (= values incl. NULLs) left */
    int def_mode;
    pq_rle def;
    const uint8_t *def_arr;
    int rep_mode; /* repetition levels of nested leaves, as the definition levels */
    pq_rle rep;
    const uint8_t *rep_arr;
    int src;
    const uint8_t *vp, *vend;
    uint64_t bool_bit;
    pq_rle vals;
    const mn_str *mstr;
    int64_t mstr_n, mstr_pos;

    pq_buf *bufs;
    int nbufs;
    size_t pinned;

    /* sparse reading (mn_parquet_reader_reset_pages): the offset index and which of its
     * pages are in chunk_buf; NULL locs = the whole chunk is there */
    const mn_parquet_page_location *locs;
    int nlocs, next_loc;
    bool *loaded;
    int loaded_cap;
    int64_t skip;         /* rows to skip before the next value read */
    int64_t pages_read, pages_skipped;
    int64_t chunk_pages; /* data pages of the current chunk read or jumped over */

    uint8_t levels[MN_VECTOR_SIZE];
    uint32_t idx[MN_VECTOR_SIZE];
    mn_str strs[MN_VECTOR_SIZE];
};

static int bad(mn_parquet_reader *r, mn_error *err, const char *what) {
    return pq_corrupt(r->f, err, "column '%s': %s", r->col->path, what);
}

static int oom(mn_error *err) { return mn_error_set(err, MN_ERR_OUT_OF_MEMORY, "out of memory reading Parquet"); }

/* ------------------------------------------------------------------ buffers */

/* A buffer of at least n bytes for the current page (its old contents are dropped). */
static uint8_t *acquire(mn_parquet_reader *r, size_t n) {
    int pick = -1;
    for (int i = 0; i < r->nbufs; i++) {
        if (r->bufs[i].state != BUF_FREE) continue;
        if (r->bufs[i].cap >= n) {
            pick = i;
            break;
        }
        if (pick < 0) pick = i;
    }
    if (pick < 0) {
        pq_buf *nb = realloc(r->bufs, sizeof *nb * (size_t)(r->nbufs + 1));
        if (!nb) return NULL;
        r->bufs = nb;
        pick = r->nbufs++;
        r->bufs[pick] = (pq_buf){NULL, 0, BUF_FREE};
    }
    pq_buf *b = &r->bufs[pick];
    if (b->cap < n || !b->p) {
        size_t cap = n < 4096 ? 4096 : n;
        free(b->p);
        b->p = malloc(cap + 8);
        b->cap = b->p ? cap : 0;
        if (!b->p) return NULL;
    }
    b->state = BUF_PAGE;
    return b->p;
}

/* The current page is done: its buffers are free, or pinned when slots may point there. */
static int retire_page(mn_parquet_reader *r, mn_error *err) {
    for (int i = 0; i < r->nbufs; i++) {
        if (r->bufs[i].state != BUF_PAGE) continue;
        if (r->escape) {
            r->bufs[i].state = BUF_PINNED;
            r->pinned += r->bufs[i].cap;
        } else {
            r->bufs[i].state = BUF_FREE;
        }
    }
    if (r->pinned > PQ_MAX_PINNED) return bad(r, err, "pages of one batch exceed 2 GiB");
    return 0;
}

/* Drops the buffers of a page that contributed no values. */
static void drop_page(mn_parquet_reader *r) {
    for (int i = 0; i < r->nbufs; i++)
        if (r->bufs[i].state == BUF_PAGE) r->bufs[i].state = BUF_FREE;
}

static void unpin(mn_parquet_reader *r) {
    for (int i = 0; i < r->nbufs; i++)
        if (r->bufs[i].state == BUF_PINNED) r->bufs[i].state = BUF_FREE;
    r->pinned = 0;
}

/* ------------------------------------------------------------------ conversions */

static const char hexd[] = "0123456789abcdef";

static int put_uuid(mn_arena *heap, const uint8_t *p, mn_str *out) {
    char *s = mn_arena_alloc(heap, 36);
    if (!s) return -1;
    int k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s[k++] = '-';
        s[k++] = hexd[p[i] >> 4];
        s[k++] = hexd[p[i] & 15];
    }
    out->ptr = s;
    out->len = 36;
    return 0;
}

/* n PLAIN values of `width` bytes at src -> slots. Returns -1 with err. */
static int convert_fixed(mn_parquet_reader *r, const uint8_t *src, int n, void *dst, mn_arena *heap, mn_error *err) {
    int w = r->width;
    switch (r->conv) {
    case PQ_CONV_COPY4: memcpy(dst, src, (size_t)n * 4); break;
    case PQ_CONV_COPY8: memcpy(dst, src, (size_t)n * 8); break;
    case PQ_CONV_I8:
        for (int i = 0; i < n; i++) ((int8_t *)dst)[i] = (int8_t)pq_le32(src + 4 * i);
        break;
    case PQ_CONV_I16:
        for (int i = 0; i < n; i++) ((int16_t *)dst)[i] = (int16_t)pq_le32(src + 4 * i);
        break;
    case PQ_CONV_U8:
        for (int i = 0; i < n; i++) ((int16_t *)dst)[i] = (int16_t)(uint8_t)pq_le32(src + 4 * i);
        break;
    case PQ_CONV_U16:
        for (int i = 0; i < n; i++) ((int32_t *)dst)[i] = (int32_t)(uint16_t)pq_le32(src + 4 * i);
        break;
    case PQ_CONV_U32:
        for (int i = 0; i < n; i++) ((int64_t *)dst)[i] = (int64_t)pq_le32(src + 4 * i);
        break;
    case PQ_CONV_I32_DEC:
        for (int i = 0; i < n; i++) ((mn_i128 *)dst)[i] = (int32_t)pq_le32(src + 4 * i);
        break;
    case PQ_CONV_I64_DEC:
        for (int i = 0; i < n; i++) ((mn_i128 *)dst)[i] = (int64_t)pq_le64(src + 8 * i);
        break;
    case PQ_CONV_U64_DEC:
        for (int i = 0; i < n; i++) ((mn_i128 *)dst)[i] = (mn_i128)pq_le64(src + 8 * i);
        break;
    case PQ_CONV_MILLIS:
        for (int i = 0; i < n; i++) ((int64_t *)dst)[i] = pq_millis_micros((int64_t)pq_le64(src + 8 * i));
        break;
    case PQ_CONV_NANOS:
        for (int i = 0; i < n; i++) ((int64_t *)dst)[i] = pq_nanos_micros((int64_t)pq_le64(src + 8 * i));
        break;
    case PQ_CONV_INT96:
        for (int i = 0; i < n; i++) ((int64_t *)dst)[i] = pq_int96_micros(src + 12 * i);
        break;
    case PQ_CONV_STR:
        for (int i = 0; i < n; i++) ((mn_str *)dst)[i] = (mn_str){(const char *)src + (size_t)i * (size_t)w, (uint32_t)w};
        break;
    case PQ_CONV_BYTES_DEC:
        for (int i = 0; i < n; i++)
            if (pq_be_decimal(src + (size_t)i * (size_t)w, (uint32_t)w, &((mn_i128 *)dst)[i]))
                return bad(r, err, "decimal value does not fit 128 bits");
        break;
    case PQ_CONV_UUID:
        for (int i = 0; i < n; i++)
            if (put_uuid(heap, src + 16 * i, &((mn_str *)dst)[i])) return oom(err);
        break;
    case PQ_CONV_F16:
        for (int i = 0; i < n; i++) ((float *)dst)[i] = pq_half_float(src + 2 * i);
        break;
    default: return bad(r, err, "values of this type cannot be decoded");
    }
    return 0;
}

/* n byte-array values -> slots. */
static int convert_strs(mn_parquet_reader *r, const mn_str *s, int n, void *dst, mn_arena *heap, mn_error *err) {
    if (r->col->physical == MN_PQ_FIXED_LEN_BYTE_ARRAY)
        for (int i = 0; i < n; i++)
            if (s[i].len != (uint32_t)r->width) return bad(r, err, "fixed-length value of the wrong length");
    switch (r->conv) {
    case PQ_CONV_STR: memcpy(dst, s, sizeof *s * (size_t)n); break;
    case PQ_CONV_BYTES_DEC:
        for (int i = 0; i < n; i++)
            if (pq_be_decimal((const uint8_t *)s[i].ptr, s[i].len, &((mn_i128 *)dst)[i]))
                return bad(r, err, "decimal value does not fit 128 bits");
        break;
    case PQ_CONV_UUID:
        for (int i = 0; i < n; i++)
            if (put_uuid(heap, (const uint8_t *)s[i].ptr, &((mn_str *)dst)[i])) return oom(err);
        break;
    case PQ_CONV_F16:
        for (int i = 0; i < n; i++) ((float *)dst)[i] = pq_half_float((const uint8_t *)s[i].ptr);
        break;
    default: return bad(r, err, "byte arrays cannot be decoded as this type");
    }
    return 0;
}

/* Parses n PLAIN byte arrays from [*p, end). */
static int plain_strs(mn_parquet_reader *r, const uint8_t **pp, const uint8_t *end, mn_str *out, int64_t n,
                      mn_error *err) {
    const uint8_t *p = *pp;
    for (int64_t i = 0; i < n; i++) {
        if (end - p < 4) return bad(r, err, "byte array value runs past the page");
        uint32_t len = pq_le32(p);
        p += 4;
        if (len > (size_t)(end - p)) return bad(r, err, "byte array value runs past the page");
        out[i].ptr = (const char *)p;
        out[i].len = len;
        p += len;
    }
    *pp = p;
    return 0;
}

/* ------------------------------------------------------------------ dictionary */

static int load_dict(mn_parquet_reader *r, const pq_page_header *h, const uint8_t *p, size_t n, mn_error *err) {
    if (!h->has_dict) return bad(r, err, "dictionary page without a dictionary header");
    if (r->has_dict || r->seen_data) return bad(r, err, "more than one dictionary page, or one after data pages");
    if (h->dict_encoding != 0 && h->dict_encoding != 2) return bad(r, err, "dictionary page is not PLAIN encoded");
    int64_t cnt = h->dict_num_values;
    if (cnt < 0) return bad(r, err, "negative dictionary size");
    int phys = r->col->physical;
    uint64_t min_bytes = phys == MN_PQ_BYTE_ARRAY ? (uint64_t)cnt * 4
                         : phys == MN_PQ_BOOLEAN  ? ((uint64_t)cnt + 7) / 8
                                                  : (uint64_t)cnt * (uint64_t)r->width;
    if (min_bytes > n) return bad(r, err, "dictionary holds fewer values than its header says");
    size_t need = (size_t)cnt * r->slot;
    if (need > 2 * PQ_MAX_PAGE_SIZE) return bad(r, err, "dictionary larger than 2 GiB");
    if (need > r->dict_cap) {
        uint8_t *d = realloc(r->dict, need ? need : 16);
        if (!d) return oom(err);
        r->dict = d;
        r->dict_cap = need;
    }
    mn_arena_rewind(&r->dict_heap);
    if (phys == MN_PQ_BYTE_ARRAY) {
        const uint8_t *q = p;
        for (int64_t done = 0; done < cnt;) {
            int k = cnt - done > MN_VECTOR_SIZE ? MN_VECTOR_SIZE : (int)(cnt - done);
            if (plain_strs(r, &q, p + n, r->strs, k, err)) return -1;
            if (convert_strs(r, r->strs, k, r->dict + (size_t)done * r->slot, &r->dict_heap, err)) return -1;
            done += k;
        }
    } else if (phys == MN_PQ_BOOLEAN) {
        for (int64_t i = 0; i < cnt; i++) r->dict[i] = (p[i >> 3] >> (i & 7)) & 1;
    } else {
        for (int64_t done = 0; done < cnt;) {
            int k = cnt - done > MN_VECTOR_SIZE ? MN_VECTOR_SIZE : (int)(cnt - done);
            if (convert_fixed(r, p + (size_t)done * (size_t)r->width, k, r->dict + (size_t)done * r->slot,
                              &r->dict_heap, err))
                return -1;
            done += k;
        }
    }
    r->dict_n = cnt;
    r->has_dict = true;
    return 0;
}

/* ------------------------------------------------------------------ pages */

static int bit_width(int v) {
    int w = 0;
    while (v) w++, v >>= 1;
    return w;
}

/* Decompresses n bytes at src into a fresh page buffer of `len` bytes. */
static int inflate_into(mn_parquet_reader *r, const uint8_t *src, size_t n, size_t len, uint8_t **out, mn_error *err) {
    if (len > PQ_MAX_PAGE_SIZE) return bad(r, err, "page larger than 1 GiB");
    if (len > pq_max_decompressed(r->ch->codec, n)) return bad(r, err, "page size is impossible for its compressed size");
    uint8_t *buf = acquire(r, len);
    if (!buf) return oom(err);
    const char *msg = NULL;
    if (pq_decompress(r->ch->codec, src, n, buf, len, &msg)) return bad(r, err, msg);
    *out = buf;
    return 0;
}

/* Decodes a DELTA_BINARY_PACKED stream of at most nvals values into a page buffer (*out),
 * refusing streams whose values would take more than PQ_MAX_PAGE_SIZE bytes (zero-width
 * miniblocks let a few bytes claim millions of values). */
static int delta_stream(mn_parquet_reader *r, const uint8_t *p, size_t n, int width, int64_t nvals, uint8_t **out,
                        int64_t *cnt, size_t *used, mn_error *err) {
    const char *msg = NULL;
    int64_t c;
    if (pq_delta_count(p, n, &c, &msg)) return bad(r, err, msg);
    if (c > nvals) return bad(r, err, "DELTA_BINARY_PACKED stream holds more values than the page");
    if ((uint64_t)c * 16 > PQ_MAX_PAGE_SIZE) return bad(r, err, "DELTA_BINARY_PACKED page holds too many values");
    *out = acquire(r, (size_t)c * (size_t)width);
    if (!*out) return oom(err);
    if (pq_delta_decode(p, n, width, *out, c, cnt, used, &msg)) return bad(r, err, msg);
    return 0;
}

/* Sets up the value decoder of a data page whose values are [p, p+n). */
static int setup_values(mn_parquet_reader *r, int enc, const uint8_t *p, size_t n, int64_t nvals, mn_error *err) {
    int phys = r->col->physical;
    const uint8_t *end = p + n;
    r->vp = p;
    r->vend = end;
    switch (enc) {
    case 0: /* PLAIN */
        r->src = phys == MN_PQ_BOOLEAN ? SRC_PLAIN_BOOL : phys == MN_PQ_BYTE_ARRAY ? SRC_PLAIN_BYTES : SRC_PLAIN_FIXED;
        r->bool_bit = 0;
        return 0;
    case 2: /* PLAIN_DICTIONARY */
    case 8: /* RLE_DICTIONARY */
        if (!r->has_dict) return bad(r, err, "dictionary-encoded page without a dictionary");
        r->src = SRC_DICT;
        if (n == 0) { /* no non-null values: reading any fails as the runs are empty */
            pq_rle_init(&r->vals, p, 0, 0);
            return 0;
        }
        if (p[0] > 32) return bad(r, err, "dictionary index bit width over 32");
        pq_rle_init(&r->vals, p + 1, n - 1, p[0]);
        return 0;
    case 3: /* RLE: booleans, with a 4-byte length */
        if (phys != MN_PQ_BOOLEAN) return bad(r, err, "RLE encoding used for non-boolean values");
        if (n < 4 || pq_le32(p) > n - 4) return bad(r, err, "RLE boolean data runs past the page");
        pq_rle_init(&r->vals, p + 4, pq_le32(p), 1);
        r->src = SRC_RLE_BOOL;
        return 0;
    case 5: { /* DELTA_BINARY_PACKED */
        if (phys != MN_PQ_INT32 && phys != MN_PQ_INT64) return bad(r, err, "DELTA_BINARY_PACKED used for non-integers");
        int64_t cnt;
        size_t used = 0;
        uint8_t *buf;
        if (delta_stream(r, p, n, r->width, nvals, &buf, &cnt, &used, err)) return -1;
        r->src = SRC_PLAIN_FIXED;
        r->vp = buf;
        r->vend = buf + (size_t)cnt * (size_t)r->width;
        return 0;
    }
    case 6:   /* DELTA_LENGTH_BYTE_ARRAY */
    case 7: { /* DELTA_BYTE_ARRAY */
        if (phys != MN_PQ_BYTE_ARRAY && !(enc == 7 && phys == MN_PQ_FIXED_LEN_BYTE_ARRAY))
            return bad(r, err, "delta byte-array encoding used for other values");
        int64_t cnt = 0, cnt2;
        size_t used = 0, used2 = 0;
        uint8_t *pb = NULL, *lb;
        if (enc == 7 && delta_stream(r, p, n, 4, nvals, &pb, &cnt, &used, err)) return -1;
        if (delta_stream(r, p + used, n - used, 4, nvals, &lb, &cnt2, &used2, err)) return -1;
        const int32_t *prefix = (const int32_t *)pb, *lens = (const int32_t *)lb;
        if (enc == 7 && cnt2 != cnt) return bad(r, err, "DELTA_BYTE_ARRAY prefix and suffix counts differ");
        mn_str *strs = (mn_str *)acquire(r, (size_t)cnt2 * sizeof(mn_str));
        if (!strs) return oom(err);
        const uint8_t *data = p + used + used2;
        size_t avail = (size_t)(end - data), off = 0;
        uint64_t total = 0;
        for (int64_t i = 0; i < cnt2; i++) {
            if (lens[i] < 0 || (size_t)lens[i] > avail - off) return bad(r, err, "byte array lengths run past the page");
            strs[i] = (mn_str){(const char *)data + off, (uint32_t)lens[i]};
            off += (size_t)lens[i];
        }
        if (enc == 7) {
            /* rebuild each value from the previous one's prefix and its suffix */
            uint64_t prev_len = 0;
            for (int64_t i = 0; i < cnt2; i++) {
                if (prefix[i] < 0 || (uint64_t)prefix[i] > prev_len) return bad(r, err, "DELTA_BYTE_ARRAY prefix too long");
                prev_len = (uint64_t)prefix[i] + strs[i].len;
                total += prev_len;
                if (total > PQ_MAX_PAGE_SIZE) return bad(r, err, "DELTA_BYTE_ARRAY values exceed 1 GiB");
            }
            uint8_t *out = acquire(r, (size_t)total);
            if (!out) return oom(err);
            size_t o = 0;
            const uint8_t *prev = NULL;
            for (int64_t i = 0; i < cnt2; i++) {
                size_t pl = (size_t)prefix[i];
                if (pl) memcpy(out + o, prev, pl);
                memcpy(out + o + pl, strs[i].ptr, strs[i].len);
                strs[i] = (mn_str){(const char *)out + o, (uint32_t)(pl + strs[i].len)};
                prev = out + o;
                o += strs[i].len;
            }
        }
        r->src = SRC_STRS;
        r->mstr = strs;
        r->mstr_n = cnt2;
        r->mstr_pos = 0;
        return 0;
    }
    case 9: { /* BYTE_STREAM_SPLIT */
        if (phys != MN_PQ_FLOAT && phys != MN_PQ_DOUBLE && phys != MN_PQ_INT32 && phys != MN_PQ_INT64 &&
            phys != MN_PQ_FIXED_LEN_BYTE_ARRAY)
            return bad(r, err, "BYTE_STREAM_SPLIT used for unsupported values");
        size_t w = (size_t)r->width;
        if (n % w) return bad(r, err, "BYTE_STREAM_SPLIT data is not a whole number of values");
        size_t cnt = n / w;
        if (cnt > (uint64_t)nvals) return bad(r, err, "BYTE_STREAM_SPLIT page holds more values than its header says");
        uint8_t *buf = acquire(r, n);
        if (!buf) return oom(err);
        for (size_t k = 0; k < w; k++) {
            const uint8_t *s = p + k * cnt;
            for (size_t i = 0; i < cnt; i++) buf[i * w + k] = s[i];
        }
        r->src = SRC_PLAIN_FIXED;
        r->vp = buf;
        r->vend = buf + n;
        return 0;
    }
    default: return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet file '%s', column '%s': encoding %d is not supported",
                                 r->f->path, r->col->path, enc);
    }
}

/* Sets up definition (repetition when `rep`) levels from [p, p+n) (v1: with their encoding;
 * v2: RLE, no prefix). *used receives the bytes they take (v1). */
static int setup_levels(mn_parquet_reader *r, bool rep, int enc, bool v2, const uint8_t *p, size_t n, int64_t nvals,
                        size_t *used, mn_error *err) {
    int bw = bit_width(rep ? r->col->max_rep : r->col->max_def);
    pq_rle *rle = rep ? &r->rep : &r->def;
    int *mode = rep ? &r->rep_mode : &r->def_mode;
    if (v2) {
        pq_rle_init(rle, p, n, bw);
        *mode = DEF_RLE;
        *used = n;
        return 0;
    }
    if (enc == 3) {
        if (n < 4 || pq_le32(p) > n - 4) return bad(r, err, "levels run past the page");
        size_t len = pq_le32(p);
        pq_rle_init(rle, p + 4, len, bw);
        *mode = DEF_RLE;
        *used = 4 + len;
        return 0;
    }
    if (enc == 4) { /* BIT_PACKED (deprecated): most significant bit first, no length */
        uint64_t bytes = ((uint64_t)nvals * (uint64_t)bw + 7) / 8;
        if (bytes > n) return bad(r, err, "levels run past the page");
        uint8_t *lv = acquire(r, (size_t)nvals);
        if (!lv) return oom(err);
        for (int64_t i = 0; i < nvals; i++) {
            uint32_t v = 0;
            for (int b = 0; b < bw; b++) {
                uint64_t bit = (uint64_t)i * (uint64_t)bw + (uint64_t)b;
                v = v << 1 | ((p[bit >> 3] >> (7 - (bit & 7))) & 1);
            }
            lv[i] = (uint8_t)v;
        }
        *(rep ? &r->rep_arr : &r->def_arr) = lv;
        *mode = DEF_ARRAY;
        *used = (size_t)bytes;
        return 0;
    }
    return bad(r, err, "unknown level encoding");
}

/* Reads and loads a dictionary page whose compressed bytes are data[0..csize). */
static int dict_page(mn_parquet_reader *r, const pq_page_header *h, const uint8_t *data, size_t csize, size_t usize,
                     mn_error *err) {
    const char *msg = NULL;
    if (h->has_crc && pq_crc32(data, csize) != h->crc) return bad(r, err, "page checksum mismatch");
    const uint8_t *dp = data;
    if (r->ch->codec != MN_PQ_UNCOMPRESSED) {
        if (usize > PQ_MAX_PAGE_SIZE) return bad(r, err, "page larger than 1 GiB");
        if (usize > pq_max_decompressed(r->ch->codec, csize))
            return bad(r, err, "page size is impossible for its compressed size");
        if (usize > r->dict_page_cap) {
            free(r->dict_page);
            r->dict_page = malloc(usize + 8);
            r->dict_page_cap = r->dict_page ? usize : 0;
            if (!r->dict_page) return oom(err);
        }
        if (pq_decompress(r->ch->codec, data, csize, r->dict_page, usize, &msg)) return bad(r, err, msg);
        dp = r->dict_page;
    } else {
        usize = csize;
    }
    return load_dict(r, h, dp, usize, err);
}

/* Rows of page k of the offset index. */
static int64_t loc_rows(const mn_parquet_reader *r, int k) {
    int64_t end = k + 1 < r->nlocs ? r->locs[k + 1].first_row_index : r->rows_total;
    return end - r->locs[k].first_row_index;
}

/* With an offset index: when r->pos is at the start of a page, either jumps over it (all its
 * rows are to be skipped) or makes sure its bytes are loaded. Returns 1 when it jumped. */
static int sparse_page(mn_parquet_reader *r, int64_t skip_left, mn_error *err) {
    int64_t at = r->ch->start + (int64_t)r->pos;
    while (r->next_loc < r->nlocs && r->locs[r->next_loc].offset < at) r->next_loc++;
    if (r->next_loc >= r->nlocs || r->locs[r->next_loc].offset != at) return 0;
    int k = r->next_loc;
    if (loc_rows(r, k) <= skip_left) {
        r->pos = k + 1 < r->nlocs ? (size_t)(r->locs[k + 1].offset - r->ch->start) : r->chunk_len;
        r->next_loc++;
        r->seen_data = true;
        r->pages_skipped++;
        r->chunk_pages++;
        return 1;
    }
    if (!r->loaded[k]) { /* not expected by the caller after all: read it now */
        size_t len = (size_t)r->locs[k].compressed_page_size;
        if (pq_file_read(r->f, at, len, r->chunk_buf + r->pos, err)) return -1;
        r->bytes_read += (int64_t)len;
        r->loaded[k] = true;
    }
    return 0;
}

/* Advances to the next data page holding values, jumping over whole pages while they hold
 * no more than skip_max - *skipped rows (adding their rows to *skipped). Returns 1, 0 at
 * the end of the chunk, or -1. */
static int next_page(mn_parquet_reader *r, int64_t skip_max, int64_t *skipped, mn_error *err) {
    if (retire_page(r, err)) return -1;
    for (;;) {
        if (r->pos >= r->chunk_len) return 0;
        if (r->locs) {
            int sr = sparse_page(r, skip_max - *skipped, err);
            if (sr < 0) return -1;
            if (sr) {
                *skipped += loc_rows(r, r->next_loc - 1);
                continue;
            }
        }
        pq_page_header h;
        size_t hlen;
        const char *msg = NULL;
        if (pq_read_page_header(r->chunk + r->pos, r->chunk_len - r->pos, &h, &hlen, &msg)) return bad(r, err, msg);
        if ((size_t)h.compressed_size > r->chunk_len - r->pos - hlen) return bad(r, err, "page runs past the column chunk");
        const uint8_t *data = r->chunk + r->pos + hlen;
        size_t csize = (size_t)h.compressed_size, usize = (size_t)h.uncompressed_size;
        r->pos += hlen + csize;
        if (h.type == PQ_PAGE_DICTIONARY) {
            if (dict_page(r, &h, data, csize, usize, err)) return -1;
            continue;
        }
        if (h.type != PQ_PAGE_DATA && h.type != PQ_PAGE_DATA_V2) continue; /* index pages, unknown pages */
        bool v2 = h.type == PQ_PAGE_DATA_V2;
        if (v2 ? !h.has_v2 : !h.has_data) return bad(r, err, "data page without its header");
        if (h.num_values < 0) return bad(r, err, "negative value count in a page");
        r->seen_data = true;
        /* a flat column's page holds one value (or NULL) per row */
        int64_t prow = v2 ? h.num_rows : h.num_values;
        if (prow >= 0 && prow <= skip_max - *skipped) {
            *skipped += prow;
            r->pages_skipped++;
            r->chunk_pages++;
            continue;
        }
        if (h.has_crc && pq_crc32(data, csize) != h.crc) return bad(r, err, "page checksum mismatch");
        r->pages_read++;
        r->chunk_pages++;
        const uint8_t *vals;
        size_t vlen;
        if (!v2) {
            uint8_t *buf;
            if (r->ch->codec == MN_PQ_UNCOMPRESSED) {
                vals = data;
                vlen = csize;
            } else {
                if (inflate_into(r, data, csize, usize, &buf, err)) return -1;
                vals = buf;
                vlen = usize;
            }
            if (h.num_values == 0) {
                drop_page(r);
                continue;
            }
            r->def_mode = r->rep_mode = DEF_NONE;
            if (r->col->max_rep > 0) {
                size_t used = 0;
                if (setup_levels(r, true, h.rep_encoding, false, vals, vlen, h.num_values, &used, err)) return -1;
                vals += used;
                vlen -= used;
            }
            if (r->col->max_def > 0) {
                size_t used = 0;
                if (setup_levels(r, false, h.def_encoding, false, vals, vlen, h.num_values, &used, err)) return -1;
                vals += used;
                vlen -= used;
            }
        } else {
            if (h.def_len < 0 || h.rep_len < 0 || (size_t)h.def_len + (size_t)h.rep_len > csize)
                return bad(r, err, "level sizes of a v2 page exceed the page");
            size_t lv = (size_t)h.def_len + (size_t)h.rep_len;
            if (h.num_values == 0) continue;
            r->def_mode = r->rep_mode = DEF_NONE;
            size_t used = 0;
            if (r->col->max_rep > 0 && setup_levels(r, true, 3, true, data, (size_t)h.rep_len, h.num_values, &used, err))
                return -1;
            if (r->col->max_def > 0 &&
                setup_levels(r, false, 3, true, data + h.rep_len, (size_t)h.def_len, h.num_values, &used, err))
                return -1;
            if (h.is_compressed && r->ch->codec != MN_PQ_UNCOMPRESSED) {
                uint8_t *buf;
                if (usize < lv) return bad(r, err, "v2 page is smaller than its levels");
                if (inflate_into(r, data + lv, csize - lv, usize - lv, &buf, err)) return -1;
                vals = buf;
                vlen = usize - lv;
            } else {
                vals = data + lv;
                vlen = csize - lv;
            }
        }
        int enc = h.encoding;
        if (setup_values(r, enc, vals, vlen, h.num_values, err)) return -1;
        r->page_left = h.num_values;
        return 1;
    }
}

/* ------------------------------------------------------------------ values */

#define GATHER(T)                                                          \
    do {                                                                   \
        const T *d_ = (const T *)r->dict;                                  \
        T *o_ = (T *)dst;                                                  \
        for (int i = 0; i < n; i++) o_[i] = d_[idx[i]];                    \
    } while (0)

/* Decodes n non-null values into dst (slots). */
static int decode_values(mn_parquet_reader *r, uint8_t *dst, int n, mn_vector *out, mn_error *err) {
    if (n == 0) return 0;
    switch (r->src) {
    case SRC_PLAIN_FIXED: {
        size_t need = (size_t)n * (size_t)r->width;
        if (need > (size_t)(r->vend - r->vp)) return bad(r, err, "page holds fewer values than its header says");
        if (convert_fixed(r, r->vp, n, dst, &out->heap, err)) return -1;
        r->vp += need;
        return 0;
    }
    case SRC_PLAIN_BYTES:
        if (r->conv == PQ_CONV_STR) return plain_strs(r, &r->vp, r->vend, (mn_str *)dst, n, err);
        if (plain_strs(r, &r->vp, r->vend, r->strs, n, err)) return -1;
        return convert_strs(r, r->strs, n, dst, &out->heap, err);
    case SRC_PLAIN_BOOL: {
        uint64_t avail = (uint64_t)(r->vend - r->vp) * 8;
        if (r->bool_bit > avail || (uint64_t)n > avail - r->bool_bit)
            return bad(r, err, "page holds fewer values than its header says");
        for (int i = 0; i < n; i++, r->bool_bit++) dst[i] = (r->vp[r->bool_bit >> 3] >> (r->bool_bit & 7)) & 1;
        return 0;
    }
    case SRC_RLE_BOOL:
        if (pq_rle_get8(&r->vals, dst, n)) return bad(r, err, "RLE boolean data ends early");
        return 0;
    case SRC_DICT: {
        uint32_t *idx = r->idx;
        uint32_t limit = r->dict_n > UINT32_MAX ? UINT32_MAX : (uint32_t)r->dict_n;
        int rc = pq_rle_get_dict(&r->vals, idx, n, limit);
        if (rc == -2) return bad(r, err, "dictionary index out of range");
        if (rc) return bad(r, err, "dictionary indices end early");
        switch (r->slot) {
        case 1: GATHER(uint8_t); break;
        case 2: GATHER(uint16_t); break;
        case 4: GATHER(uint32_t); break;
        case 8: GATHER(uint64_t); break;
        case 16:
            if (r->conv == PQ_CONV_STR || r->conv == PQ_CONV_UUID) GATHER(mn_str);
            else GATHER(mn_i128);
            break;
        default: return bad(r, err, "unexpected slot size");
        }
        return 0;
    }
    case SRC_STRS:
        if ((int64_t)n > r->mstr_n - r->mstr_pos) return bad(r, err, "page holds fewer values than its header says");
        if (convert_strs(r, r->mstr + r->mstr_pos, n, dst, &out->heap, err)) return -1;
        r->mstr_pos += n;
        return 0;
    default: return bad(r, err, "no value decoder");
    }
}

/* Moves the nn dense values at the start of slots[base..] to the rows whose level is max
 * (levels lv[0..n)), marking the others NULL and zeroing their slots. */
#define SPREAD(T)                                                        \
    do {                                                                 \
        T *s_ = (T *)base;                                               \
        int j_ = nn - 1;                                                 \
        for (int i = n - 1; i >= 0; i--) {                               \
            if (lv[i] == maxd) {                                         \
                s_[i] = s_[j_--];                                        \
            } else {                                                     \
                memset(&s_[i], 0, sizeof(T));                            \
                nulls[i] = 1;                                            \
            }                                                            \
        }                                                                \
    } while (0)

static void spread(mn_parquet_reader *r, uint8_t *base, const uint8_t *lv, int n, int nn, uint8_t *nulls) {
    uint8_t maxd = (uint8_t)r->col->max_def;
    switch (r->slot) {
    case 1: SPREAD(uint8_t); break;
    case 2: SPREAD(uint16_t); break;
    case 4: SPREAD(uint32_t); break;
    case 8: SPREAD(uint64_t); break;
    default:
        if (r->conv == PQ_CONV_STR || r->conv == PQ_CONV_UUID) SPREAD(mn_str);
        else SPREAD(mn_i128);
        break;
    }
}

/* Consumes n non-null values of the current page without converting them. */
static int skip_values(mn_parquet_reader *r, int n, mn_error *err) {
    if (n == 0) return 0;
    switch (r->src) {
    case SRC_PLAIN_FIXED: {
        size_t need = (size_t)n * (size_t)r->width;
        if (need > (size_t)(r->vend - r->vp)) return bad(r, err, "page holds fewer values than its header says");
        r->vp += need;
        return 0;
    }
    case SRC_PLAIN_BYTES: return plain_strs(r, &r->vp, r->vend, r->strs, n, err);
    case SRC_PLAIN_BOOL: {
        uint64_t avail = (uint64_t)(r->vend - r->vp) * 8;
        if (r->bool_bit > avail || (uint64_t)n > avail - r->bool_bit)
            return bad(r, err, "page holds fewer values than its header says");
        r->bool_bit += (uint64_t)n;
        return 0;
    }
    case SRC_RLE_BOOL:
        if (pq_rle_get8(&r->vals, (uint8_t *)r->idx, n)) return bad(r, err, "RLE boolean data ends early");
        return 0;
    case SRC_DICT: {
        uint32_t limit = r->dict_n > UINT32_MAX ? UINT32_MAX : (uint32_t)r->dict_n;
        int rc = pq_rle_get_dict(&r->vals, r->idx, n, limit);
        if (rc == -2) return bad(r, err, "dictionary index out of range");
        if (rc) return bad(r, err, "dictionary indices end early");
        return 0;
    }
    case SRC_STRS:
        if ((int64_t)n > r->mstr_n - r->mstr_pos) return bad(r, err, "page holds fewer values than its header says");
        r->mstr_pos += n;
        return 0;
    default: return bad(r, err, "no value decoder");
    }
}

/* Consumes n (<= MN_VECTOR_SIZE, <= page_left) rows of the current page. */
static int skip_rows_in_page(mn_parquet_reader *r, int n, mn_error *err) {
    int nn = n, all = 0;
    if (r->def_mode == DEF_RLE && (all = pq_rle_skip_run(&r->def, (uint32_t)r->col->max_def, n)) < 0)
        return bad(r, err, "malformed definition levels");
    if (r->def_mode != DEF_NONE && !all) {
        const uint8_t *lv;
        if (r->def_mode == DEF_RLE) {
            if (pq_rle_get8(&r->def, r->levels, n)) return bad(r, err, "definition levels end early");
            lv = r->levels;
        } else {
            lv = r->def_arr;
            r->def_arr += n;
        }
        uint8_t maxd = (uint8_t)r->col->max_def;
        nn = 0;
        for (int i = 0; i < n; i++) nn += lv[i] == maxd;
    }
    if (skip_values(r, nn, err)) return -1;
    r->page_left -= n;
    return 0;
}

/* Performs the pending skip: whole pages are jumped over without being decompressed. */
static int apply_skip(mn_parquet_reader *r, mn_error *err) {
    while (r->skip > 0) {
        if (r->page_left > 0) {
            int n = r->skip < MN_VECTOR_SIZE ? (int)r->skip : MN_VECTOR_SIZE;
            if ((int64_t)n > r->page_left) n = (int)r->page_left;
            if (skip_rows_in_page(r, n, err)) return -1;
            r->skip -= n;
            continue;
        }
        int64_t skipped = 0;
        int rc = next_page(r, r->skip, &skipped, err);
        if (rc < 0) return -1;
        r->skip -= skipped;
        if (rc == 0 && r->skip > 0) return bad(r, err, "column chunk ends before its row group");
    }
    return 0;
}

int mn_parquet_reader_skip(mn_parquet_reader *r, int64_t n, mn_error *err) {
    if (!r->f || n <= 0) return 0;
    if (n > r->rows_left) return mn_error_set(err, MN_ERR_INTERNAL, "Parquet reader skips past its chunk");
    r->skip += n;
    r->rows_left -= n;
    return 0;
}

/* Pages of the offset index never reached (the reading stopped before them). */
static int64_t pages_unreached(const mn_parquet_reader *r) {
    return r->locs && r->nlocs > r->chunk_pages ? r->nlocs - r->chunk_pages : 0;
}

void mn_parquet_reader_pages(const mn_parquet_reader *r, int64_t *read, int64_t *skipped) {
    *read = r->pages_read;
    *skipped = r->pages_skipped + pages_unreached(r);
}

int mn_parquet_reader_dict_select(mn_parquet_reader *r, const mn_parquet_pred *preds, int npreds, mn_error *err) {
    if (!r->f) return 1;
    if (!r->has_dict && !r->seen_data && r->pos == 0 && r->chunk_len > 0 &&
        !(r->locs && r->nlocs > 0 && r->locs[0].offset == r->ch->start)) {
        pq_page_header h;
        size_t hlen;
        const char *msg = NULL;
        if (pq_read_page_header(r->chunk, r->chunk_len, &h, &hlen, &msg)) return bad(r, err, msg);
        if (h.type == PQ_PAGE_DICTIONARY) {
            if ((size_t)h.compressed_size > r->chunk_len - hlen) return bad(r, err, "page runs past the column chunk");
            if (dict_page(r, &h, r->chunk + hlen, (size_t)h.compressed_size, (size_t)h.uncompressed_size, err))
                return -1;
            r->pos = hlen + (size_t)h.compressed_size;
        }
    }
    if (!r->has_dict || r->dict_n <= 0 || r->dict_n > INT32_MAX) return 1;
    uint8_t *alive = malloc((size_t)r->dict_n);
    if (!alive) return oom(err);
    memset(alive, 1, (size_t)r->dict_n);
    mn_vector v;
    memset(&v, 0, sizeof v);
    v.type = r->col->type;
    v.mask = ~0u;
    v.data = r->dict;
    int left = (int)r->dict_n;
    for (int i = 0; i < npreds && left > 0; i++) left = mn_parquet_pred_select(&preds[i], &v, (int)r->dict_n, alive);
    free(alive);
    return left > 0;
}

int mn_parquet_reader_read(mn_parquet_reader *r, mn_vector *out, int max_rows, int *got, mn_error *err) {
    *got = 0;
    if (max_rows > MN_VECTOR_SIZE) max_rows = MN_VECTOR_SIZE;
    if (!r->f) return 0;
    if (mn_type_size(out->type) != r->slot || !out->data)
        return mn_error_set(err, MN_ERR_INTERNAL, "Parquet column '%s' read into a vector of another type", r->col->path);
    if (r->col->nested)
        return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet file '%s': column '%s' is part of a nested field",
                            r->f->path, r->col->path);
    unpin(r);
    if (r->skip > 0 && apply_skip(r, err)) return -1;
    out->nulls = NULL; /* mn_vector_nulls_mut then hands out a zeroed array */
    int target = r->rows_left < max_rows ? (int)r->rows_left : max_rows;
    uint8_t *slots = out->data;
    uint8_t *nulls = NULL;
    int rows = 0;
    while (rows < target) {
        if (r->page_left == 0) {
            int64_t none = 0;
            int rc = next_page(r, 0, &none, err);
            if (rc < 0) return -1;
            if (rc == 0) {
                char what[128];
                snprintf(what, sizeof what, "column chunk ends after %lld of %lld rows",
                         (long long)(r->rows_total - r->rows_left + rows), (long long)r->rows_total);
                return bad(r, err, what);
            }
        }
        int n = target - rows;
        if ((int64_t)n > r->page_left) n = (int)r->page_left;
        int nn = n;
        const uint8_t *lv = NULL;
        int all = 0;
        if (r->def_mode == DEF_RLE && (all = pq_rle_skip_run(&r->def, (uint32_t)r->col->max_def, n)) < 0)
            return bad(r, err, "malformed definition levels");
        if (r->def_mode != DEF_NONE && !all) {
            if (r->def_mode == DEF_RLE) {
                if (pq_rle_get8(&r->def, r->levels, n)) return bad(r, err, "definition levels end early");
                lv = r->levels;
            } else {
                lv = r->def_arr;
                r->def_arr += n;
            }
            uint8_t maxd = (uint8_t)r->col->max_def;
            int cnt = 0, over = 0;
            for (int i = 0; i < n; i++) {
                cnt += lv[i] == maxd;
                over |= lv[i] > maxd;
            }
            if (over) return bad(r, err, "definition level above the maximum");
            nn = cnt;
        }
        uint8_t *base = slots + (size_t)rows * r->slot;
        if (decode_values(r, base, nn, out, err)) return -1;
        if (nn < n) {
            if (!nulls && !(nulls = mn_vector_nulls_mut(out))) return oom(err);
            spread(r, base, lv, n, nn, nulls + rows);
        }
        rows += n;
        r->page_left -= n;
    }
    r->rows_left -= rows;
    *got = rows;
    return 0;
}

/* Reads n levels of one kind (mode/rle/arr) into out, checking them against max. */
static int read_levels(mn_parquet_reader *r, int mode, pq_rle *rle, const uint8_t **arr, int max, uint8_t *out, int n,
                       mn_error *err) {
    if (mode == DEF_NONE) {
        memset(out, 0, (size_t)n);
        return 0;
    }
    if (mode == DEF_RLE) {
        if (pq_rle_get8(rle, out, n)) return bad(r, err, "levels end early");
    } else {
        memcpy(out, *arr, (size_t)n);
        *arr += n;
    }
    uint8_t over = 0;
    for (int i = 0; i < n; i++) over |= out[i] > max;
    return over ? bad(r, err, "level above the maximum") : 0;
}

int pq_reader_read_levels(mn_parquet_reader *r, mn_vector *out, int max, uint8_t *rep, uint8_t *def, int *entries,
                          int *values, mn_error *err) {
    *entries = *values = 0;
    if (!r->f) return 0;
    if (max > MN_VECTOR_SIZE) max = MN_VECTOR_SIZE;
    if (mn_type_size(out->type) != r->slot || !out->data)
        return mn_error_set(err, MN_ERR_INTERNAL, "Parquet column '%s' read into a vector of another type", r->col->path);
    unpin(r);
    int ne = 0, nv = 0;
    uint8_t maxd = (uint8_t)r->col->max_def;
    while (ne < max) {
        if (r->page_left == 0) {
            int64_t none = 0;
            int rc = next_page(r, 0, &none, err);
            if (rc < 0) return -1;
            if (rc == 0) break;
        }
        int n = max - ne;
        if ((int64_t)n > r->page_left) n = (int)r->page_left;
        if (read_levels(r, r->rep_mode, &r->rep, &r->rep_arr, r->col->max_rep, rep + ne, n, err) ||
            read_levels(r, r->def_mode, &r->def, &r->def_arr, maxd, def + ne, n, err))
            return -1;
        int cnt = 0;
        for (int i = 0; i < n; i++) cnt += def[ne + i] == maxd;
        if (decode_values(r, (uint8_t *)out->data + (size_t)nv * r->slot, cnt, out, err)) return -1;
        ne += n;
        nv += cnt;
        r->page_left -= n;
    }
    *entries = ne;
    *values = nv;
    return 0;
}

/* ------------------------------------------------------------------ open / reset */

static int phys_width(const mn_parquet_column *c) {
    switch (c->physical) {
    case MN_PQ_INT32:
    case MN_PQ_FLOAT: return 4;
    case MN_PQ_INT64:
    case MN_PQ_DOUBLE: return 8;
    case MN_PQ_INT96: return 12;
    case MN_PQ_FIXED_LEN_BYTE_ARRAY: return c->type_length;
    default: return 0;
    }
}

/* Reads [off, off+n) of the chunk (chunk-relative) into chunk_buf. */
static int load_range(mn_parquet_reader *r, const mn_parquet_file *f, size_t off, size_t n, mn_error *err) {
    if (n == 0) return 0;
    if (pq_file_read(f, r->ch->start + (int64_t)off, n, r->chunk_buf + off, err)) return -1;
    r->bytes_read += (int64_t)n;
    return 0;
}

/* Checks that an offset index describes adjacent pages inside the chunk, in order, from row 0
 * (so every byte after the dictionary region belongs to a listed page). */
static bool locs_valid(const mn_parquet_chunk *ch, int64_t rows, const mn_parquet_page_location *locs, int n) {
    if (n <= 0 || locs[0].first_row_index != 0) return false;
    for (int k = 0; k < n; k++) {
        const mn_parquet_page_location *l = &locs[k];
        if (l->offset < ch->start || l->compressed_page_size <= 0 ||
            l->offset + l->compressed_page_size > ch->start + ch->total_compressed_size)
            return false;
        if (k > 0 && (l->offset != locs[k - 1].offset + locs[k - 1].compressed_page_size ||
                      l->first_row_index <= locs[k - 1].first_row_index))
            return false;
        if (l->first_row_index >= rows) return false;
    }
    return true;
}

int mn_parquet_reader_reset(mn_parquet_reader *r, const mn_parquet_file *f, int rg, int col, mn_error *err) {
    return mn_parquet_reader_reset_pages(r, f, rg, col, NULL, 0, NULL, err);
}

int mn_parquet_reader_reset_pages(mn_parquet_reader *r, const mn_parquet_file *f, int rg, int col,
                                  const mn_parquet_page_location *locs, int nlocs, const bool *need, mn_error *err) {
    r->pages_skipped += pages_unreached(r);
    r->chunk_pages = 0;
    r->f = NULL;
    r->rows_left = 0;
    r->skip = 0;
    r->locs = NULL;
    r->nlocs = r->next_loc = 0;
    if (rg < 0 || rg >= f->nrgs || col < 0 || col >= f->ncols)
        return mn_error_set(err, MN_ERR_INVALID_ARGUMENT, "no column chunk %d of row group %d in '%s'", col, rg, f->path);
    const mn_parquet_column *c = &f->cols[col];
    if (c->unsupported) return mn_error_set(err, MN_ERR_NOT_SUPPORTED, "Parquet file '%s': %s", f->path, c->unsupported);
    r->col = c;
    r->ch = &f->rgs[rg].chunks[col];
    r->conv = pq_conv_of(c);
    r->slot = mn_type_size(c->type);
    r->width = phys_width(c);
    r->escape = r->conv == PQ_CONV_STR;
    r->has_dict = false;
    r->dict_n = 0;
    r->seen_data = false;
    r->page_left = 0;
    r->def_mode = r->rep_mode = DEF_NONE;
    r->pos = 0;
    for (int i = 0; i < r->nbufs; i++) r->bufs[i].state = BUF_FREE;
    r->pinned = 0;
    size_t len = (size_t)r->ch->total_compressed_size;
    if (f->mem) {
        r->chunk = f->mem + r->ch->start;
    } else {
        if (len > r->chunk_cap) {
            free(r->chunk_buf);
            r->chunk_buf = malloc(len);
            r->chunk_cap = r->chunk_buf ? len : 0;
            if (!r->chunk_buf) return oom(err);
        }
        r->f = f; /* for messages */
        r->chunk = r->chunk_buf;
        int64_t rows = f->rgs[rg].num_rows;
        if (locs && need && locs_valid(r->ch, rows, locs, nlocs)) {
            if (nlocs > r->loaded_cap) {
                bool *nl = realloc(r->loaded, sizeof *nl * (size_t)nlocs);
                if (!nl) return oom(err);
                r->loaded = nl;
                r->loaded_cap = nlocs;
            }
            /* what precedes the first data page (dictionary), then runs of needed pages */
            int rc = load_range(r, f, 0, (size_t)(locs[0].offset - r->ch->start), err);
            for (int k = 0; k < nlocs && rc == 0;) {
                r->loaded[k] = need[k];
                if (!need[k]) {
                    k++;
                    continue;
                }
                int e = k;
                while (e + 1 < nlocs && need[e + 1] &&
                       locs[e + 1].offset == locs[e].offset + locs[e].compressed_page_size) {
                    r->loaded[++e] = true;
                }
                int64_t from = locs[k].offset, to = locs[e].offset + locs[e].compressed_page_size;
                rc = load_range(r, f, (size_t)(from - r->ch->start), (size_t)(to - from), err);
                k = e + 1;
            }
            if (rc) {
                r->f = NULL;
                return -1;
            }
            r->locs = locs;
            r->nlocs = nlocs;
            /* bytes after the last page (index pages) are never looked at */
            len = (size_t)(locs[nlocs - 1].offset + locs[nlocs - 1].compressed_page_size - r->ch->start);
        } else if (load_range(r, f, 0, len, err)) {
            r->f = NULL;
            return -1;
        }
    }
    if (f->mem) r->bytes_read += (int64_t)len;
    r->chunk_len = len;
    r->rows_total = r->rows_left = f->rgs[rg].num_rows;
    r->f = f;
    return 0;
}

mn_parquet_reader *mn_parquet_reader_open(const mn_parquet_file *f, int rg, int col, mn_error *err) {
    return mn_parquet_reader_open_pages(f, rg, col, NULL, 0, NULL, err);
}

mn_parquet_reader *mn_parquet_reader_open_pages(const mn_parquet_file *f, int rg, int col,
                                                const mn_parquet_page_location *locs, int nlocs, const bool *need,
                                                mn_error *err) {
    mn_parquet_reader *r = calloc(1, sizeof *r);
    if (!r) {
        oom(err);
        return NULL;
    }
    mn_arena_init(&r->dict_heap, 4096);
    if (mn_parquet_reader_reset_pages(r, f, rg, col, locs, nlocs, need, err)) {
        mn_parquet_reader_close(r);
        return NULL;
    }
    return r;
}

int64_t mn_parquet_reader_rows_left(const mn_parquet_reader *r) { return r->f ? r->rows_left : 0; }
int64_t mn_parquet_reader_bytes_read(const mn_parquet_reader *r) { return r->bytes_read; }

void mn_parquet_reader_close(mn_parquet_reader *r) {
    if (!r) return;
    for (int i = 0; i < r->nbufs; i++) free(r->bufs[i].p);
    free(r->bufs);
    free(r->chunk_buf);
    free(r->loaded);
    free(r->dict);
    free(r->dict_page);
    mn_arena_destroy(&r->dict_heap);
    free(r);
}
