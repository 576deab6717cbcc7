/* utf8.c — see utf8.h. */
#include "common/utf8.h"

int mn_utf8_seq(const unsigned char *s, size_t n, size_t i) {
    unsigned c = s[i];
    if (c < 0x80) return 1;
    int len;
    unsigned lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else return -1;
    for (int k = 1; k < len; k++) {
        if (i + (size_t)k >= n) return -k;
        unsigned d = s[i + (size_t)k];
        if (d < lo || d > hi) return -k;
        lo = 0x80, hi = 0xBF;
    }
    return len;
}
