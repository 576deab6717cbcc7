/* error.h — filling mn_error (defined in the public header) from inside the library.
 * Convention: fallible functions return 0 on success, -1 on failure with err filled. */
#ifndef MN_COMMON_ERROR_H
#define MN_COMMON_ERROR_H

#include "minerva.h"

#if defined(__GNUC__)
#define MN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define MN_PRINTF(a, b)
#endif

/* Sets code and message (no SQL position). Returns -1 so callers can `return mn_error_set(...)`. */
int mn_error_set(mn_error *err, mn_error_code code, const char *fmt, ...) MN_PRINTF(3, 4);
/* Same, with a 1-based SQL line:column. */
int mn_error_set_pos(mn_error *err, mn_error_code code, int line, int column, const char *fmt, ...)
    MN_PRINTF(5, 6);
void mn_error_clear(mn_error *err);

#endif
