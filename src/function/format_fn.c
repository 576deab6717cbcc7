/* format_fn.c — format(format, args...) as Trino: java.util.Formatter (Locale.ENGLISH)
 * applied to the arguments converted as Trino converts them (integers -> Long, real ->
 * Float, double -> Double, decimal -> BigDecimal, varchar/char/json -> String, date ->
 * LocalDate, timestamp -> LocalDateTime, boolean -> Boolean, NULL -> null). Supported
 * conversions: %s %S %b %B %c %d %o %x %X %e %E %f %g %G %% %n with argument indexes
 * (%2$s, %<s), the flags - # + space 0 , ( and width/precision. Floating conversions
 * round HALF_UP on the shortest decimal digits of the value, as Java does. Only a NULL
 * format gives NULL; errors read "Invalid format string: <format> (<Java exception>)". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "function/fn_internal.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/scalar_text.h"

/* One argument as the Java object class Trino passes. */
enum { J_NULL, J_BOOL, J_LONG, J_FLOAT, J_DOUBLE, J_DECIMAL, J_STRING };

typedef struct jarg {
    int kind;
    bool b;
    int64_t l;
    double d;           /* J_FLOAT (widened) and J_DOUBLE */
    char num[64];       /* J_DECIMAL: plain text */
    mn_str s;           /* J_STRING */
    char text[80];      /* J_STRING from dates, timestamps, intervals */
} jarg;

static const char *jclass(int kind) {
    switch (kind) {
    case J_BOOL: return "java.lang.Boolean";
    case J_LONG: return "java.lang.Long";
    case J_FLOAT: return "java.lang.Float";
    case J_DOUBLE: return "java.lang.Double";
    case J_DECIMAL: return "java.math.BigDecimal";
    case J_STRING: return "java.lang.String";
    default: return "null";
    }
}

/* LocalDateTime.toString: seconds only when not zero, fraction in groups of 3 digits. */
static void local_date_time(int64_t micros, char *out) {
    int64_t days = micros >= 0 ? micros / 86400000000LL : -((-micros + 86399999999LL) / 86400000000LL);
    int64_t rem = micros - days * 86400000000LL;
    char d[40];
    mn_date_format((int32_t)days, d);
    int h = (int)(rem / 3600000000LL), m = (int)(rem / 60000000LL % 60), s = (int)(rem / 1000000 % 60);
    int us = (int)(rem % 1000000);
    if (s == 0 && us == 0) snprintf(out, 80, "%sT%02d:%02d", d, h, m);
    else if (us == 0) snprintf(out, 80, "%sT%02d:%02d:%02d", d, h, m, s);
    else if (us % 1000 == 0) snprintf(out, 80, "%sT%02d:%02d:%02d.%03d", d, h, m, s, us / 1000);
    else snprintf(out, 80, "%sT%02d:%02d:%02d.%06d", d, h, m, s, us);
}

static void load_arg(const mn_vector *v, int row, jarg *a) {
    memset(a, 0, sizeof *a);
    if (v->type.id == MN_T_UNKNOWN || mn_vector_is_null(v, row)) return;
    const void *slot = (const char *)v->data + mn_type_size(v->type) * ((uint32_t)row & v->mask);
    switch (v->type.id) {
    case MN_T_BOOLEAN: a->kind = J_BOOL, a->b = *(const uint8_t *)slot; break;
    case MN_T_TINYINT:
    case MN_T_SMALLINT:
    case MN_T_INTEGER:
    case MN_T_BIGINT: a->kind = J_LONG, a->l = mn_fn_get_int(v, row); break;
    case MN_T_REAL: {
        float f;
        memcpy(&f, slot, 4);
        a->kind = J_FLOAT, a->d = f;
        break;
    }
    case MN_T_DOUBLE: memcpy(&a->d, slot, 8), a->kind = J_DOUBLE; break;
    case MN_T_DECIMAL: {
        mn_i128 x;
        memcpy(&x, slot, sizeof x);
        mn_decimal_format(x, v->type.scale, a->num);
        a->kind = J_DECIMAL;
        break;
    }
    case MN_T_VARCHAR:
    case MN_T_CHAR:
    case MN_T_UUID:
    case MN_T_JSON: a->kind = J_STRING, a->s = *(const mn_str *)slot; break;
    case MN_T_TIMESTAMP: {
        int64_t us;
        memcpy(&us, slot, 8);
        local_date_time(us, a->text);
        a->kind = J_STRING, a->s = (mn_str){a->text, (uint32_t)strlen(a->text)};
        break;
    }
    default: /* date, intervals: their text */
        a->kind = J_STRING;
        a->s = (mn_str){a->text, (uint32_t)mn_format_value(v->type, slot, a->text)};
        break;
    }
}

/* ---------- one conversion ---------- */

typedef struct spec {
    bool left, alt, plus, space, zero, group, paren;
    int width, prec; /* -1: none */
    char conv;
} spec;

/* Pads body (already signed) to the width; zero padding goes after the sign prefix of
 * length signlen. */
static void emit_padded(mn_strbuf *out, const spec *sp, const char *body, size_t n, size_t signlen, bool zero_ok) {
    size_t w = sp->width > 0 ? (size_t)sp->width : 0;
    if (n >= w) {
        mn_strbuf_append(out, body, n);
        return;
    }
    size_t pad = w - n;
    if (sp->zero && zero_ok) {
        mn_strbuf_append(out, body, signlen);
        for (size_t k = 0; k < pad; k++) mn_strbuf_putc(out, '0');
        mn_strbuf_append(out, body + signlen, n - signlen);
    } else if (sp->left) {
        mn_strbuf_append(out, body, n);
        for (size_t k = 0; k < pad; k++) mn_strbuf_putc(out, ' ');
    } else {
        for (size_t k = 0; k < pad; k++) mn_strbuf_putc(out, ' ');
        mn_strbuf_append(out, body, n);
    }
}

/* Inserts ',' every 3 digits in the integer digits of s (digits then optional '.'...). */
static void group_digits(const char *s, mn_strbuf *out) {
    size_t intlen = strcspn(s, ".");
    for (size_t k = 0; k < intlen; k++) {
        if (k && (intlen - k) % 3 == 0) mn_strbuf_putc(out, ',');
        mn_strbuf_putc(out, s[k]);
    }
    mn_strbuf_puts(out, s + intlen);
}

/* Sign handling and padding shared by the numeric conversions: mag is the magnitude text. */
static void emit_number(mn_strbuf *out, const spec *sp, bool neg, const char *mag, bool finite) {
    mn_strbuf b;
    mn_strbuf_init(&b);
    size_t signlen = 0;
    if (neg && sp->paren) mn_strbuf_putc(&b, '('), signlen = 1;
    else if (neg) mn_strbuf_putc(&b, '-'), signlen = 1;
    else if (sp->plus) mn_strbuf_putc(&b, '+'), signlen = 1;
    else if (sp->space) mn_strbuf_putc(&b, ' '), signlen = 1;
    if (sp->group && finite) group_digits(mag, &b);
    else mn_strbuf_puts(&b, mag);
    if (neg && sp->paren) mn_strbuf_putc(&b, ')');
    emit_padded(out, sp, b.data ? b.data : "", b.len, signlen, finite);
    mn_strbuf_free(&b);
}

/* Decimal digits D (value 0.D x 10^pt) rounded HALF_UP to `prec` places after the point,
 * written in plain notation into out (>= 400 + prec bytes). */
static void fixed_from_digits(const char *D, int pt, int prec, char *out) {
    int n = (int)strlen(D);
    /* digits kept: those with position < pt + prec */
    int keep = pt + prec;
    char buf[800];
    int bn = 0;
    if (keep < 0) {
        bn = 0; /* everything rounds to zero (the first digit is below the half) */
    } else {
        for (int k = 0; k < keep; k++) buf[bn++] = k < n ? D[k] : '0';
        if (keep < n && D[keep] >= '5') { /* round up */
            int k = bn - 1;
            while (k >= 0 && buf[k] == '9') buf[k--] = '0';
            if (k >= 0) buf[k]++;
            else {
                memmove(buf + 1, buf, (size_t)bn);
                buf[0] = '1';
                bn++;
                pt++;
            }
        }
    }
    /* buf holds the digits from position 0 (value 0.buf x 10^pt) up to pt + prec */
    int o = 0;
    if (pt <= 0) out[o++] = '0';
    else
        for (int k = 0; k < pt; k++) out[o++] = k < bn ? buf[k] : '0';
    if (prec > 0) {
        out[o++] = '.';
        for (int k = 0; k < prec; k++) {
            int pos = pt + k;
            out[o++] = (pos >= 0 && pos < bn) ? buf[pos] : '0';
        }
    }
    out[o] = 0;
}

/* Digits and point position of a finite double (0 gives "0", pt 1). */
static void double_digits(double d, char *D, int *pt) {
    if (d == 0) {
        strcpy(D, "0");
        *pt = 1;
        return;
    }
    int e10;
    mn_shortest_digits(d, false, D, &e10);
    *pt = e10 + 1;
}

/* Digits of a plain decimal text ("-12.3400") without sign and leading zeros. */
static void decimal_digits(const char *num, char *D, int *pt) {
    const char *p = num[0] == '-' ? num + 1 : num;
    int n = 0, intdigits = 0;
    bool seen_point = false, lead = true;
    for (; *p; p++) {
        if (*p == '.') {
            seen_point = true;
            continue;
        }
        if (lead && *p == '0') {
            if (seen_point) intdigits--;
            continue;
        }
        lead = false;
        D[n++] = *p;
        if (!seen_point) intdigits++;
    }
    D[n] = 0;
    if (n == 0) strcpy(D, "0"), intdigits = 1;
    *pt = intdigits;
}

/* %e: d.ddd e+XX from digits (HALF_UP). */
static void sci_from_digits(const char *D, int pt, int prec, bool upper, char *out) {
    char m[400];
    int e = pt - 1;
    if (strcmp(D, "0") == 0) e = 0;
    /* mantissa = D x 10^(1-n) ... treat as 0.D x 10^1 */
    fixed_from_digits(D, 1, prec, m);
    if (m[0] == '1' && m[1] == '0') { /* rounding carried into a new digit: 10.00 -> 1.000 */
        fixed_from_digits("1", 1, prec, m);
        e++;
    }
    sprintf(out, "%s%c%c%02d", m, upper ? 'E' : 'e', e < 0 ? '-' : '+', e < 0 ? -e : e);
}

static int conv_error(mn_fn_ctx *ctx, mn_str fmt, const char *what) {
    return mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "Invalid format string: %.*s (%s)",
                        (int)(fmt.len > 500 ? 500 : fmt.len), fmt.ptr, what);
}

static int mismatch(mn_fn_ctx *ctx, mn_str fmt, char conv, int kind) {
    char msg[96];
    snprintf(msg, sizeof msg, "IllegalFormatConversion: %c != %s", conv, jclass(kind));
    return conv_error(ctx, fmt, msg);
}

static void upcase(char *s) {
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z') *s -= 32;
}

static int format_one(mn_fn_ctx *ctx, mn_str fmt, const spec *sp, const jarg *a, mn_strbuf *out) {
    char conv = sp->conv, lc = conv | 0x20;
    char buf[1024];
    if (a->kind == J_NULL && lc != 'b') { /* "null" for every conversion but %b */
        spec s2 = *sp;
        s2.zero = false;
        strcpy(buf, "null");
        if (sp->prec >= 0 && sp->prec < 4) buf[sp->prec] = 0;
        if (conv >= 'A' && conv <= 'Z') upcase(buf);
        emit_padded(out, &s2, buf, strlen(buf), 0, false);
        return 0;
    }
    switch (lc) {
    case 's':
    case 'b': {
        const char *p = buf;
        size_t n;
        if (lc == 'b') strcpy(buf, a->kind == J_NULL ? "false" : a->kind == J_BOOL ? (a->b ? "true" : "false") : "true");
        else if (a->kind == J_STRING) p = a->s.ptr;
        else if (a->kind == J_BOOL) strcpy(buf, a->b ? "true" : "false");
        else if (a->kind == J_LONG) snprintf(buf, sizeof buf, "%lld", (long long)a->l);
        else if (a->kind == J_FLOAT) mn_format_real((float)a->d, buf);
        else if (a->kind == J_DOUBLE) mn_format_double(a->d, buf);
        else strcpy(buf, a->num);
        n = p == buf ? strlen(buf) : a->s.len;
        if (sp->prec >= 0) { /* precision counts characters (code points) */
            size_t k = 0;
            for (int c = 0; c < sp->prec && k < n; c++) k = mn_utf8_next(p, n, k);
            n = k;
        }
        /* width counts characters: widen it by the extra bytes of multi-byte ones */
        spec s2 = *sp;
        int64_t chars = mn_utf8_count(p, n);
        mn_strbuf tmp;
        mn_strbuf_init(&tmp);
        mn_strbuf_append(&tmp, p, n);
        if (conv == 'S' || conv == 'B') {
            for (size_t k = 0; k < tmp.len; k++)
                if (tmp.data[k] >= 'a' && tmp.data[k] <= 'z') tmp.data[k] -= 32;
        }
        if (s2.width > 0 && chars < (int64_t)n) s2.width += (int)((int64_t)n - chars); /* bytes vs chars */
        emit_padded(out, &s2, tmp.data ? tmp.data : "", tmp.len, 0, false);
        mn_strbuf_free(&tmp);
        return 0;
    }
    case 'c':
        return mismatch(ctx, fmt, conv, a->kind); /* Trino passes no Character/Integer */
    case 'd':
        if (a->kind != J_LONG) return mismatch(ctx, fmt, conv, a->kind);
        snprintf(buf, sizeof buf, "%llu", a->l < 0 ? 0 - (unsigned long long)a->l : (unsigned long long)a->l);
        emit_number(out, sp, a->l < 0, buf, true);
        return 0;
    case 'o':
    case 'x': {
        if (a->kind != J_LONG) return mismatch(ctx, fmt, conv, a->kind);
        char body[80];
        snprintf(body, sizeof body, lc == 'o' ? "%s%llo" : "%s%llx", sp->alt ? (lc == 'o' ? "0" : "0x") : "",
                 (unsigned long long)a->l);
        if (conv == 'X') upcase(body);
        emit_padded(out, sp, body, strlen(body), sp->alt ? (lc == 'o' ? 1 : 2) : 0, true);
        return 0;
    }
    case 'e':
    case 'f':
    case 'g': {
        if (a->kind != J_FLOAT && a->kind != J_DOUBLE && a->kind != J_DECIMAL) return mismatch(ctx, fmt, conv, a->kind);
        bool neg;
        char D[400];
        int pt;
        if (a->kind == J_DECIMAL) {
            neg = a->num[0] == '-';
            decimal_digits(a->num, D, &pt);
        } else {
            double d = a->d;
            if (d != d || d == 1.0 / 0.0 || d == -1.0 / 0.0) {
                strcpy(buf, d != d ? "NaN" : "Infinity");
                if (conv >= 'A' && conv <= 'Z') upcase(buf);
                emit_number(out, sp, d < 0, buf, false);
                return 0;
            }
            neg = d < 0 || (d == 0 && 1.0 / d < 0);
            double_digits(d < 0 ? -d : d, D, &pt);
        }
        int prec = sp->prec < 0 ? 6 : sp->prec > 340 ? 340 : sp->prec;
        if (lc == 'f') fixed_from_digits(D, pt, prec, buf);
        else if (lc == 'e') sci_from_digits(D, pt, prec, conv == 'E', buf);
        else { /* %g: scientific unless 10^-4 <= rounded value < 10^prec */
            if (prec == 0) prec = 1;
            char r[400];
            sci_from_digits(D, pt, prec - 1, false, r);
            int e = atoi(strchr(r, 'e') + 1);
            bool zero = strcmp(D, "0") == 0;
            if (zero || (e >= -4 && e < prec)) fixed_from_digits(D, pt, zero ? prec - 1 : prec - 1 - e, buf);
            else sci_from_digits(D, pt, prec - 1, conv == 'G', buf);
        }
        emit_number(out, sp, neg, buf, true);
        return 0;
    }
    default: break;
    }
    return 0;
}

/* ---------- the format string ---------- */

static int run_format(mn_fn_ctx *ctx, mn_str fmt, const jarg *a, int na, mn_strbuf *out) {
    int next = 0, last = -1;
    size_t i = 0;
    while (i < fmt.len) {
        const char *pc = memchr(fmt.ptr + i, '%', fmt.len - i);
        size_t stop = pc ? (size_t)(pc - fmt.ptr) : fmt.len;
        mn_strbuf_append(out, fmt.ptr + i, stop - i);
        if (!pc) break;
        size_t start = stop;
        i = stop + 1;
        spec sp = {.width = -1, .prec = -1};
        int index = 0; /* 1-based explicit index; -1: relative (<) */
        /* argument index: digits followed by '$' */
        size_t j = i;
        while (j < fmt.len && fmt.ptr[j] >= '0' && fmt.ptr[j] <= '9') j++;
        if (j < fmt.len && fmt.ptr[j] == '$' && j > i) {
            index = atoi(fmt.ptr + i); /* bounded: the digits end at '$' */
            if (j - i > 9) index = 1000000000;
            i = j + 1;
        }
        for (; i < fmt.len; i++) {
            char c = fmt.ptr[i];
            if (c == '-') sp.left = true;
            else if (c == '#') sp.alt = true;
            else if (c == '+') sp.plus = true;
            else if (c == ' ') sp.space = true;
            else if (c == '0') sp.zero = true;
            else if (c == ',') sp.group = true;
            else if (c == '(') sp.paren = true;
            else if (c == '<') index = -1;
            else break;
        }
        if (i < fmt.len && fmt.ptr[i] >= '1' && fmt.ptr[i] <= '9') {
            long w = 0;
            while (i < fmt.len && fmt.ptr[i] >= '0' && fmt.ptr[i] <= '9') {
                if (w < 100000) w = w * 10 + (fmt.ptr[i] - '0');
                i++;
            }
            sp.width = (int)w;
        }
        if (i < fmt.len && fmt.ptr[i] == '.') {
            long p = 0;
            i++;
            size_t d0 = i;
            while (i < fmt.len && fmt.ptr[i] >= '0' && fmt.ptr[i] <= '9') {
                if (p < 100000) p = p * 10 + (fmt.ptr[i] - '0');
                i++;
            }
            if (i == d0) return conv_error(ctx, fmt, "IllegalFormatPrecision");
            sp.prec = (int)p;
        }
        if (i >= fmt.len) {
            char msg[64];
            snprintf(msg, sizeof msg, "UnknownFormatConversion: Conversion = '%%'");
            return conv_error(ctx, fmt, msg);
        }
        sp.conv = fmt.ptr[i++];
        char spec_text[64];
        snprintf(spec_text, sizeof spec_text, "%.*s", (int)(i - start > 40 ? 40 : i - start), fmt.ptr + start);
        if ((sp.left || sp.zero) && sp.width < 0 && sp.conv != 'n') {
            char msg[160];
            snprintf(msg, sizeof msg, "MissingFormatWidth: %s", spec_text);
            return conv_error(ctx, fmt, msg);
        }
        if (sp.conv == '%') {
            spec s2 = sp;
            emit_padded(out, &s2, "%", 1, 0, false);
            continue;
        }
        if (sp.conv == 'n') {
            mn_strbuf_putc(out, '\n');
            continue;
        }
        if (!strchr("sSbBcCdoxXeEfgG", sp.conv)) {
            char msg[96];
            if (strchr("hHaAtT", sp.conv))
                return mn_error_set(ctx->err, MN_ERR_NOT_SUPPORTED, "format conversion %%%c is not supported", sp.conv);
            snprintf(msg, sizeof msg, "UnknownFormatConversion: Conversion = '%c'", sp.conv);
            return conv_error(ctx, fmt, msg);
        }
        int k;
        if (index == -1) k = last;
        else if (index > 0) k = index - 1;
        else k = next++;
        if (k < 0 || k >= na) {
            char msg[160];
            snprintf(msg, sizeof msg, "MissingFormatArgument: Format specifier '%s'", spec_text);
            return conv_error(ctx, fmt, msg);
        }
        last = k;
        if (format_one(ctx, fmt, &sp, &a[k], out)) return -1;
    }
    return out->oom ? mn_fn_oom(ctx) : 0;
}

static int fn_format(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    /* NULL only for a NULL format: NULL arguments print as "null". One value per row
     * unless every argument is constant. */
    const uint8_t *nulls;
    bool all_const = true;
    for (int k = 0; k < nargs; k++)
        if (args[k]->mask) all_const = false;
    int rc = all_const ? mn_fn_prologue(ctx, args, 1, &count, out, &nulls)
                       : mn_fn_prologue_flat(ctx, args, 1, count, out, &nulls);
    if (rc) return rc < 0 ? -1 : 0;
    int na = nargs - 1;
    jarg *a = malloc(sizeof *a * (size_t)(na ? na : 1));
    if (!a) return mn_fn_oom(ctx);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    mn_str *r = out->data;
    rc = 0;
    MN_FN_EACH_ROW(i) {
        for (int k = 0; k < na; k++) load_arg(args[k + 1], i, &a[k]);
        mn_strbuf_clear(&sb);
        if ((rc = run_format(ctx, MN_SLOT(args[0], mn_str, i), a, na, &sb))) break;
        char *p = mn_fn_str_alloc(ctx, out, sb.len);
        if (!p) {
            rc = -1;
            break;
        }
        if (sb.len) memcpy(p, sb.data, sb.len);
        r[i] = (mn_str){p, (uint32_t)sb.len};
    }
    mn_strbuf_free(&sb);
    free(a);
    return rc;
}

/* Trino rejects arguments without a text form (varbinary, arrays, maps, rows). */
static int bind_format(mn_fn_binding *b, mn_error *err) {
    for (int k = 1; k < b->nargs; k++) {
        mn_type t = b->args[k]->type;
        if (t.id == MN_T_VARBINARY || mn_type_is_nested(t)) {
            char tn[256];
            return mn_error_set_pos(err, MN_ERR_NOT_SUPPORTED, b->pos.line, b->pos.column,
                                    "Type not supported for formatting: %s", mn_type_name(t, tn, sizeof tn));
        }
    }
    return 0;
}

const mn_fn_entry mn_fn_format_table[] = {
    {"format", "varchar,any...", "varchar", fn_format, bind_format,
     "Formats the arguments with a Java format string (%s, %d, %.2f, %x, %,d, ...)", 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
