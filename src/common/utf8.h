/* utf8.h — validation of UTF-8 sequences the way Java's decoder sees them (used where
 * Trino replaces malformed input: JSON text, URL decoding). */
#ifndef MN_COMMON_UTF8_H
#define MN_COMMON_UTF8_H

#include <stddef.h>

/* Length (1..4) of the valid UTF-8 sequence starting at s[i] (i < n), or -k when it is
 * malformed: k bytes (the maximal invalid subpart, at least one) are to be replaced by one
 * U+FFFD. Overlong forms, surrogates and code points past U+10FFFF are malformed. */
int mn_utf8_seq(const unsigned char *s, size_t n, size_t i);

#endif
