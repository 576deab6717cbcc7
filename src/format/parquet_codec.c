/* parquet_codec.c — page decompression for the Parquet codecs (Compression.md): SNAPPY,
 * GZIP (zlib, concatenated members allowed), ZSTD, BROTLI, LZ4_RAW, and the deprecated LZ4
 * (the Hadoop framing of big-endian length-prefixed blocks, else one raw LZ4 block); and the
 * page CRC-32 (zlib's). Every decompressor writes into a buffer of the size the page header
 * promised and the result must fill it exactly. */
#include <brotli/decode.h>
#include <lz4.h>
#include <snappy-c.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "format/parquet_internal.h"

static int be32(const uint8_t *p) {
    return (int)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3]);
}

static int gzip(const uint8_t *src, size_t n, uint8_t *dst, size_t dst_len, const char **msg) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK) { /* +32: zlib or gzip header, detected */
        *msg = "cannot initialize zlib";
        return -1;
    }
    z.next_in = (Bytef *)(uintptr_t)src;
    z.next_out = dst;
    size_t in_left = n, out_left = dst_len;
    int ok = 0;
    for (;;) {
        /* zlib counts in uInt: feed at most 1 GiB at a time */
        uInt ain = (uInt)(in_left < (1u << 30) ? in_left : (1u << 30));
        uInt aout = (uInt)(out_left < (1u << 30) ? out_left : (1u << 30));
        z.avail_in = ain;
        z.avail_out = aout;
        int zr = inflate(&z, Z_NO_FLUSH);
        in_left -= ain - z.avail_in;
        out_left -= aout - z.avail_out;
        if (zr == Z_STREAM_END) {
            if (out_left == 0) { /* complete; trailing bytes are tolerated */
                ok = 1;
                break;
            }
            if (in_left == 0 || inflateReset(&z) != Z_OK) break; /* another member may follow */
            continue;
        }
        if (zr != Z_OK || (ain == z.avail_in && aout == z.avail_out)) break;
    }
    inflateEnd(&z);
    if (!ok) {
        *msg = "GZIP data is corrupt or does not match the page size";
        return -1;
    }
    return 0;
}

/* Hadoop's LZ4 codec: repeated [BE32 decompressed size][BE32 compressed size][LZ4 block]
 * (an outer block may hold several inner compressed blocks). */
static int lz4_hadoop(const uint8_t *src, size_t n, uint8_t *dst, size_t dst_len) {
    size_t ip = 0, op = 0;
    while (ip < n) {
        if (n - ip < 8) return -1;
        int outer = be32(src + ip);
        ip += 4;
        if (outer < 0 || (size_t)outer > dst_len - op) return -1;
        size_t outer_end = op + (size_t)outer;
        while (op < outer_end) {
            if (n - ip < 4) return -1;
            int clen = be32(src + ip);
            ip += 4;
            if (clen <= 0 || (size_t)clen > n - ip) return -1;
            int got = LZ4_decompress_safe((const char *)src + ip, (char *)dst + op, clen, (int)(outer_end - op));
            if (got <= 0) return -1;
            ip += (size_t)clen;
            op += (size_t)got;
        }
    }
    return op == dst_len ? 0 : -1;
}

int pq_decompress(int codec, const uint8_t *src, size_t n, uint8_t *dst, size_t dst_len, const char **msg) {
    if (dst_len == 0) return 0; /* nothing to produce, whatever the input holds */
    switch (codec) {
    case MN_PQ_UNCOMPRESSED:
        if (n != dst_len) {
            *msg = "uncompressed page size differs from its stored size";
            return -1;
        }
        memcpy(dst, src, n);
        return 0;
    case MN_PQ_SNAPPY: {
        size_t len;
        if (snappy_uncompressed_length((const char *)src, n, &len) != SNAPPY_OK || len != dst_len) {
            *msg = "Snappy data does not match the page size";
            return -1;
        }
        len = dst_len;
        if (snappy_uncompress((const char *)src, n, (char *)dst, &len) != SNAPPY_OK || len != dst_len) {
            *msg = "Snappy data is corrupt";
            return -1;
        }
        return 0;
    }
    case MN_PQ_GZIP: return gzip(src, n, dst, dst_len, msg);
    case MN_PQ_ZSTD: {
        /* a page may hold several frames; ZSTD_decompress handles concatenated frames */
        size_t r = ZSTD_decompress(dst, dst_len, src, n);
        if (ZSTD_isError(r) || r != dst_len) {
            *msg = "ZSTD data is corrupt or does not match the page size";
            return -1;
        }
        return 0;
    }
    case MN_PQ_BROTLI: {
        size_t len = dst_len;
        if (BrotliDecoderDecompress(n, src, &len, dst) != BROTLI_DECODER_RESULT_SUCCESS || len != dst_len) {
            *msg = "Brotli data is corrupt or does not match the page size";
            return -1;
        }
        return 0;
    }
    case MN_PQ_LZ4:
    case MN_PQ_LZ4_RAW: {
        /* the deprecated LZ4 codec: Hadoop framing, else raw blocks as some writers used */
        if (codec == MN_PQ_LZ4 && lz4_hadoop(src, n, dst, dst_len) == 0) return 0;
        if (n > INT32_MAX || dst_len > INT32_MAX) {
            *msg = "LZ4 page too large";
            return -1;
        }
        int got = LZ4_decompress_safe((const char *)src, (char *)dst, (int)n, (int)dst_len);
        if (got < 0 || (size_t)got != dst_len) {
            *msg = "LZ4 data is corrupt or does not match the page size";
            return -1;
        }
        return 0;
    }
    case MN_PQ_LZO: *msg = "the LZO codec is not supported"; return -1;
    default: *msg = "unknown compression codec"; return -1;
    }
}

size_t pq_max_decompressed(int codec, size_t n) {
    switch (codec) {
    case MN_PQ_UNCOMPRESSED: return n;
    case MN_PQ_SNAPPY: return n * 22 + 64;   /* a 3-byte copy tag yields at most 64 bytes */
    case MN_PQ_LZ4:
    case MN_PQ_LZ4_RAW: return n * 256 + 64; /* each 0xFF length byte adds 255 */
    case MN_PQ_GZIP: return n * 1040 + 1024; /* deflate's maximum ratio is about 1032:1 */
    default: return SIZE_MAX;
    }
}

uint32_t pq_crc32(const uint8_t *p, size_t n) {
    uLong crc = crc32(0L, Z_NULL, 0);
    while (n) {
        uInt k = (uInt)(n < (1u << 30) ? n : (1u << 30));
        crc = crc32(crc, p, k);
        p += k;
        n -= k;
    }
    return (uint32_t)crc;
}
