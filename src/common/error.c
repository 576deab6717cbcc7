/* error.c — the error catalogue's names and helpers to fill an mn_error. */
#include "common/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const code_names[] = {
#define MN_X_NAME(e, name) name,
    MN_ERROR_CODES(MN_X_NAME)
#undef MN_X_NAME
};

const char *mn_error_code_name(mn_error_code code) {
    if ((int)code < 0 || code >= MN_ERR__COUNT) return "UNKNOWN";
    return code_names[code];
}

static void vset(mn_error *err, mn_error_code code, int line, int column, const char *fmt, va_list ap) {
    if (!err) return;
    err->code = code;
    err->line = line;
    err->column = column;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
}

int mn_error_set(mn_error *err, mn_error_code code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vset(err, code, 0, 0, fmt, ap);
    va_end(ap);
    return -1;
}

int mn_error_set_pos(mn_error *err, mn_error_code code, int line, int column, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vset(err, code, line, column, fmt, ap);
    va_end(ap);
    return -1;
}

void mn_error_clear(mn_error *err) {
    if (!err) return;
    err->code = MN_OK;
    err->line = err->column = 0;
    err->message[0] = '\0';
}

const char *mn_error_format(const mn_error *err, char *buf, size_t cap) {
    if (!buf || cap == 0) return buf;
    if (err->line > 0)
        snprintf(buf, cap, "line %d:%d: %s", err->line, err->column, err->message);
    else
        snprintf(buf, cap, "%s", err->message);
    return buf;
}
