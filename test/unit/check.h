/* check.h — the tiny assertion kit for C unit tests. Each test program prints one line
 * per failed check and a closing "N passed, M failed"; exit status 1 on any failure. */
#ifndef MN_TEST_CHECK_H
#define MN_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond) {                                                              \
            check_passed++;                                                      \
        } else {                                                                 \
            check_failed++;                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)

#define CHECK_STR(got, want)                                                          \
    do {                                                                              \
        const char *g_ = (got), *w_ = (want);                                         \
        if (g_ && w_ && strcmp(g_, w_) == 0) {                                        \
            check_passed++;                                                           \
        } else {                                                                      \
            check_failed++;                                                           \
            fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,   \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                          \
        }                                                                             \
    } while (0)

#define CHECK_DONE()                                                      \
    do {                                                                  \
        printf("%d passed, %d failed\n", check_passed, check_failed);     \
        return check_failed ? 1 : 0;                                      \
    } while (0)

#endif
