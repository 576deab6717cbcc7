/* parquet_decode.c — the integer decoders of Encodings.md: bit unpacking, the RLE /
 * bit-packed hybrid (levels, booleans, dictionary indices) and DELTA_BINARY_PACKED.
 * Inputs are bounded buffers from the file: a run or block that claims more bytes than are
 * left is cut to what is there (values beyond it are then missing and the caller reports the
 * page as corrupt); nothing is read past the end. */
#include <string.h>

#include "format/parquet_internal.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint64_t load64(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}
#else
static inline uint64_t load64(const uint8_t *p) { return pq_le64(p); }
#endif

/* Bits [bit, bit+w) of in[0..len) as an integer, w <= 64; bytes past len read as 0. */
static uint64_t get_bits_slow(const uint8_t *in, size_t len, uint64_t bit, int w) {
    uint64_t v = 0;
    for (int k = 0; k < w;) {
        uint64_t b = bit + (uint64_t)k;
        size_t byte = (size_t)(b >> 3);
        int sh = (int)(b & 7);
        int take = 8 - sh < w - k ? 8 - sh : w - k;
        uint64_t bits = byte < len ? (uint64_t)(in[byte] >> sh) & ((1u << take) - 1) : 0;
        v |= bits << k;
        k += take;
    }
    return v;
}

/* Instantiated per bit width so that shifts, masks and offsets are constants: single values
 * until the bit offset is byte aligned, then groups of 8 values (BW bytes each), then the
 * rest one by one. */
#define UNPACK_LOOP(BW)                                                                 \
    do {                                                                                \
        const uint32_t m_ = (BW) == 32 ? 0xffffffffu : (1u << (BW)) - 1;                \
        for (; i < nfast && (bit & 7); i++, bit += (BW))                                \
            out[i] = (uint32_t)(load64(in + (bit >> 3)) >> (bit & 7)) & m_;             \
        for (; i + 8 <= nfast; i += 8, bit += 8 * (BW)) {                               \
            const uint8_t *g_ = in + (bit >> 3);                                        \
            out[i + 0] = (uint32_t)(load64(g_ + (0 * (BW)) / 8) >> ((0 * (BW)) % 8)) & m_; \
            out[i + 1] = (uint32_t)(load64(g_ + (1 * (BW)) / 8) >> ((1 * (BW)) % 8)) & m_; \
            out[i + 2] = (uint32_t)(load64(g_ + (2 * (BW)) / 8) >> ((2 * (BW)) % 8)) & m_; \
            out[i + 3] = (uint32_t)(load64(g_ + (3 * (BW)) / 8) >> ((3 * (BW)) % 8)) & m_; \
            out[i + 4] = (uint32_t)(load64(g_ + (4 * (BW)) / 8) >> ((4 * (BW)) % 8)) & m_; \
            out[i + 5] = (uint32_t)(load64(g_ + (5 * (BW)) / 8) >> ((5 * (BW)) % 8)) & m_; \
            out[i + 6] = (uint32_t)(load64(g_ + (6 * (BW)) / 8) >> ((6 * (BW)) % 8)) & m_; \
            out[i + 7] = (uint32_t)(load64(g_ + (7 * (BW)) / 8) >> ((7 * (BW)) % 8)) & m_; \
        }                                                                               \
        for (; i < nfast; i++, bit += (BW))                                             \
            out[i] = (uint32_t)(load64(in + (bit >> 3)) >> (bit & 7)) & m_;             \
    } while (0)

void pq_unpack32(const uint8_t *in, size_t len, uint64_t bit, int bw, uint32_t *out, int n) {
    if (bw == 0) {
        memset(out, 0, sizeof *out * (size_t)n);
        return;
    }
    /* values whose 8-byte window lies inside the buffer take the fast paths (a group of 8
     * loads each value's window exactly as the one-by-one path does) */
    int nfast = 0;
    if (len >= 8) {
        uint64_t last_ok = (uint64_t)(len - 8) * 8; /* largest bit offset with a full window */
        if (bit <= last_ok) {
            uint64_t k = (last_ok - bit) / (uint64_t)bw + 1;
            nfast = k < (uint64_t)n ? (int)k : n;
        }
    }
    int i = 0;
    switch (bw) {
    case 1: UNPACK_LOOP(1); break;
    case 2: UNPACK_LOOP(2); break;
    case 3: UNPACK_LOOP(3); break;
    case 4: UNPACK_LOOP(4); break;
    case 5: UNPACK_LOOP(5); break;
    case 6: UNPACK_LOOP(6); break;
    case 7: UNPACK_LOOP(7); break;
    case 8: UNPACK_LOOP(8); break;
    case 9: UNPACK_LOOP(9); break;
    case 10: UNPACK_LOOP(10); break;
    case 11: UNPACK_LOOP(11); break;
    case 12: UNPACK_LOOP(12); break;
    case 13: UNPACK_LOOP(13); break;
    case 14: UNPACK_LOOP(14); break;
    case 15: UNPACK_LOOP(15); break;
    case 16: UNPACK_LOOP(16); break;
    case 17: UNPACK_LOOP(17); break;
    case 18: UNPACK_LOOP(18); break;
    case 19: UNPACK_LOOP(19); break;
    case 20: UNPACK_LOOP(20); break;
    case 21: UNPACK_LOOP(21); break;
    case 22: UNPACK_LOOP(22); break;
    case 23: UNPACK_LOOP(23); break;
    case 24: UNPACK_LOOP(24); break;
    default: {
        const uint32_t m = bw == 32 ? 0xffffffffu : (1u << bw) - 1;
        for (; i < nfast; i++, bit += (uint64_t)bw) out[i] = (uint32_t)(load64(in + (bit >> 3)) >> (bit & 7)) & m;
        break;
    }
    }
    for (; i < n; i++, bit += (uint64_t)bw) out[i] = (uint32_t)get_bits_slow(in, len, bit, bw);
}

static uint64_t get_bits64(const uint8_t *in, size_t len, uint64_t bit, int w) {
    size_t byte = (size_t)(bit >> 3);
    int sh = (int)(bit & 7);
    if (w == 0) return 0;
    if (w <= 56 && byte + 8 <= len) {
        uint64_t v = load64(in + byte) >> sh;
        return v & ((UINT64_C(1) << w) - 1);
    }
    return get_bits_slow(in, len, bit, w);
}

/* ------------------------------------------------------------------ RLE hybrid */

void pq_rle_init(pq_rle *r, const uint8_t *p, size_t n, int bw) {
    memset(r, 0, sizeof *r);
    r->p = p;
    r->end = p + n;
    r->bw = bw;
}

static int rle_varint(pq_rle *r, uint64_t *v) {
    uint64_t x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) return -1;
        uint8_t b = *r->p++;
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

/* Starts the next run; -1 when the data ends or is malformed. */
static int rle_next_run(pq_rle *r) {
    uint64_t h;
    if (rle_varint(r, &h)) return -1;
    size_t avail = (size_t)(r->end - r->p);
    if (h & 1) {
        uint64_t groups = h >> 1;
        uint64_t values;
        size_t bytes;
        if (r->bw == 0) {
            bytes = 0;
            values = groups > UINT32_MAX / 8 ? UINT32_MAX : groups * 8;
        } else if (groups > avail || groups * (uint64_t)r->bw > avail) {
            /* a cut-off last run: take the whole values that are there */
            bytes = avail;
            values = (uint64_t)avail * 8 / (uint64_t)r->bw;
            if (values > groups * 8) values = groups * 8;
        } else {
            bytes = (size_t)(groups * (uint64_t)r->bw);
            values = groups * 8;
        }
        r->packed = true;
        r->bp = r->p;
        r->bp_end = r->p + bytes;
        r->bp_bit = 0;
        r->left = values > UINT32_MAX ? UINT32_MAX : (uint32_t)values;
        r->p += bytes;
    } else {
        uint64_t count = h >> 1;
        size_t vbytes = (size_t)(r->bw + 7) / 8;
        if (vbytes > avail) return -1;
        uint32_t v = 0;
        for (size_t k = 0; k < vbytes; k++) v |= (uint32_t)r->p[k] << (8 * k);
        if (r->bw < 32) v &= (1u << r->bw) - 1;
        r->p += vbytes;
        r->packed = false;
        r->value = v;
        r->left = count > UINT32_MAX ? UINT32_MAX : (uint32_t)count;
    }
    return 0;
}

int pq_rle_get32(pq_rle *r, uint32_t *out, int n) {
    while (n > 0) {
        if (r->left == 0) {
            if (rle_next_run(r)) return -1;
            continue; /* a run of 0 values consumed at least one byte: the loop is bounded */
        }
        int k = r->left < (uint32_t)n ? (int)r->left : n;
        if (r->packed) {
            pq_unpack32(r->bp, (size_t)(r->bp_end - r->bp), r->bp_bit, r->bw, out, k);
            r->bp_bit += (uint64_t)k * (uint64_t)r->bw;
        } else {
            uint32_t v = r->value;
            for (int i = 0; i < k; i++) out[i] = v;
        }
        out += k;
        n -= k;
        r->left -= (uint32_t)k;
    }
    return 0;
}

int pq_rle_get8(pq_rle *r, uint8_t *out, int n) {
    uint32_t tmp[256];
    while (n > 0) {
        if (r->left == 0) {
            if (rle_next_run(r)) return -1;
            continue;
        }
        int k = r->left < (uint32_t)n ? (int)r->left : n;
        if (r->packed) {
            if (k > 256) k = 256;
            pq_unpack32(r->bp, (size_t)(r->bp_end - r->bp), r->bp_bit, r->bw, tmp, k);
            r->bp_bit += (uint64_t)k * (uint64_t)r->bw;
            for (int i = 0; i < k; i++) out[i] = (uint8_t)tmp[i];
        } else {
            memset(out, (int)(uint8_t)r->value, (size_t)k);
        }
        out += k;
        n -= k;
        r->left -= (uint32_t)k;
    }
    return 0;
}

/* 1 when some v[i] >= limit. Blocks of 8 let the compiler vectorize without an epilogue. */
static int any_at_least(const uint32_t *v, int n, uint32_t limit) {
    uint32_t bad = 0;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        uint32_t b = 0;
        for (int j = 0; j < 8; j++) b |= v[i + j] >= limit;
        bad |= b;
    }
    for (; i < n; i++) bad |= v[i] >= limit;
    return bad != 0;
}

int pq_rle_get_dict(pq_rle *r, uint32_t *out, int n, uint32_t limit) {
    /* packed values are below 2^bw: only check them when that exceeds the limit */
    bool check = r->bw >= 32 || ((uint64_t)1 << r->bw) > limit;
    while (n > 0) {
        if (r->left == 0) {
            if (rle_next_run(r)) return -1;
            continue;
        }
        int k = r->left < (uint32_t)n ? (int)r->left : n;
        if (r->packed) {
            pq_unpack32(r->bp, (size_t)(r->bp_end - r->bp), r->bp_bit, r->bw, out, k);
            r->bp_bit += (uint64_t)k * (uint64_t)r->bw;
            if (check && any_at_least(out, k, limit)) return -2;
        } else {
            uint32_t v = r->value;
            if (v >= limit) return -2;
            for (int i = 0; i < k; i++) out[i] = v;
        }
        out += k;
        n -= k;
        r->left -= (uint32_t)k;
    }
    return 0;
}

int pq_rle_skip_run(pq_rle *r, uint32_t value, int n) {
    if (r->left == 0 && r->p < r->end && rle_next_run(r)) return -1;
    if (r->packed || r->value != value || r->left < (uint32_t)n) return 0;
    r->left -= (uint32_t)n;
    return 1;
}

/* ------------------------------------------------------------------ DELTA_BINARY_PACKED */

typedef struct delta_hdr {
    uint64_t block_size, miniblocks, count;
    int64_t first;
    uint64_t per_mini;
} delta_hdr;

static int delta_header(pq_rle *c, delta_hdr *h, const char **msg) {
    uint64_t zz;
    if (rle_varint(c, &h->block_size) || rle_varint(c, &h->miniblocks) || rle_varint(c, &h->count) ||
        rle_varint(c, &zz)) {
        *msg = "truncated DELTA_BINARY_PACKED header";
        return -1;
    }
    h->first = (int64_t)(zz >> 1) ^ -(int64_t)(zz & 1);
    if (h->block_size == 0 || h->block_size % 128 || h->block_size > (1u << 20) || h->miniblocks == 0 ||
        h->block_size % h->miniblocks || (h->block_size / h->miniblocks) % 32) {
        *msg = "invalid DELTA_BINARY_PACKED block layout";
        return -1;
    }
    h->per_mini = h->block_size / h->miniblocks;
    return 0;
}

int pq_delta_count(const uint8_t *p, size_t n, int64_t *count, const char **msg) {
    pq_rle c;
    delta_hdr h;
    pq_rle_init(&c, p, n, 0);
    if (delta_header(&c, &h, msg)) return -1;
    if (h.count > INT32_MAX) {
        *msg = "DELTA_BINARY_PACKED value count out of range";
        return -1;
    }
    *count = (int64_t)h.count;
    return 0;
}

int pq_delta_decode(const uint8_t *p, size_t n, int width, void *out, int64_t max_values, int64_t *count,
                    size_t *used, const char **msg) {
    pq_rle c;
    delta_hdr h;
    pq_rle_init(&c, p, n, 0);
    if (delta_header(&c, &h, msg)) return -1;
    if (h.count > (uint64_t)max_values) {
        *msg = "DELTA_BINARY_PACKED stream holds more values than the page";
        return -1;
    }
    int32_t *o32 = out;
    int64_t *o64 = out;
    uint64_t cur = (uint64_t)h.first;
    uint64_t done = 0;
    if (h.count > 0) {
        if (width == 4) o32[0] = (int32_t)(uint32_t)cur;
        else o64[0] = (int64_t)cur;
        done = 1;
    }
    while (done < h.count) {
        uint64_t zz;
        if (rle_varint(&c, &zz)) goto truncated;
        uint64_t min_delta = (uint64_t)((int64_t)(zz >> 1) ^ -(int64_t)(zz & 1));
        if ((uint64_t)(c.end - c.p) < h.miniblocks) goto truncated;
        const uint8_t *widths = c.p;
        c.p += h.miniblocks;
        for (uint64_t m = 0; m < h.miniblocks && done < h.count; m++) {
            int w = widths[m];
            if (w > 64) {
                *msg = "DELTA_BINARY_PACKED bit width over 64";
                return -1;
            }
            uint64_t take = h.count - done < h.per_mini ? h.count - done : h.per_mini;
            size_t full = (size_t)(h.per_mini * (uint64_t)w / 8);
            size_t need = (size_t)((take * (uint64_t)w + 7) / 8);
            size_t avail = (size_t)(c.end - c.p);
            if (need > avail) goto truncated;
            for (uint64_t k = 0; k < take; k++) {
                cur += min_delta + get_bits64(c.p, avail, k * (uint64_t)w, w);
                if (width == 4) o32[done + k] = (int32_t)(uint32_t)cur;
                else o64[done + k] = (int64_t)cur;
            }
            done += take;
            c.p += full < avail ? full : avail;
        }
    }
    *count = (int64_t)h.count;
    *used = (size_t)(c.p - p);
    return 0;
truncated:
    *msg = "truncated DELTA_BINARY_PACKED data";
    return -1;
}
