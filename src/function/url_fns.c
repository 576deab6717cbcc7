/* url_fns.c — Trino's URL functions: url_extract_{protocol,host,port,path,query,fragment,
 * parameter}, url_encode and url_decode. Trino parses with java.net.URI, so this is a
 * parser for the same grammar (RFC 2396 with Java's deviations: IPv6 literals, empty
 * authority, non-ASCII "other" characters), returning NULL where java.net.URI would
 * throw. Missing components are '' (Trino maps Java's null to an empty string); path,
 * query and fragment are percent-decoded as URI.getPath() and friends do. */
#include <stdio.h>
#include <string.h>

#include "common/utf8.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "function/fn_internal.h"

#define STR(k, i) MN_SLOT(args[k], mn_str, i)

/* ---------- character classes (ASCII) ---------- */

enum {
    C_ALPHA = 1 << 0,
    C_DIGIT = 1 << 1,
    C_MARK = 1 << 2,     /* -_.!~*'() */
    C_RESERVED = 1 << 3, /* ;/?:@&=+$,[] */
    C_PCHAR_X = 1 << 4,  /* :@&=+$, */
    C_PATH_X = 1 << 5,   /* ; / */
    C_USER_X = 1 << 6,   /* ;:&=+$, */
    C_REG_X = 1 << 7,    /* $,;:@&=+ */
    C_SERVER_X = 1 << 8, /* .:@[] and - */
    C_ESCAPED = 1 << 9,  /* %XX and visible non-ASCII allowed */
};

#define M_ALNUM (C_ALPHA | C_DIGIT)
#define M_UNRESERVED (M_ALNUM | C_MARK)
#define M_URIC (C_RESERVED | M_UNRESERVED | C_ESCAPED)
#define M_PATH (M_UNRESERVED | C_ESCAPED | C_PCHAR_X | C_PATH_X)
#define M_USERINFO (M_UNRESERVED | C_ESCAPED | C_USER_X)
#define M_REG (M_UNRESERVED | C_ESCAPED | C_REG_X)
#define M_SERVER (M_UNRESERVED | C_USER_X | C_SERVER_X) /* userinfo without escapes, plus host chars */

static int cls(unsigned char c) {
    int m = 0;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) m |= C_ALPHA;
    if (c >= '0' && c <= '9') m |= C_DIGIT;
    if (c && strchr("-_.!~*'()", c)) m |= C_MARK;
    if (c && strchr(";/?:@&=+$,[]", c)) m |= C_RESERVED;
    if (c && strchr(":@&=+$,", c)) m |= C_PCHAR_X;
    if (c && strchr(";/", c)) m |= C_PATH_X;
    if (c && strchr(";:&=+$,", c)) m |= C_USER_X;
    if (c && strchr("$,;:@&=+", c)) m |= C_REG_X;
    if (c && strchr(".:@[]-", c)) m |= C_SERVER_X;
    return m;
}

static bool is_hex(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

typedef struct uri_parse {
    const char *s;
    size_t n;
    bool failed;
    /* components: start/end offsets, -1 start = absent */
    long scheme_b, scheme_e, host_b, host_e, path_b, path_e, query_b, query_e, frag_b, frag_e;
    long port;
} uri_parse;

/* A visible non-ASCII character (Java: c > 128, not a space char, not an ISO control)
 * starting at i: returns its byte length, 0 when not such a character. */
static size_t other_char(const uri_parse *u, size_t i) {
    size_t next;
    uint32_t cp = mn_utf8_decode(u->s, u->n, i, &next);
    unsigned char b = (unsigned char)u->s[i];
    if (b < 0x80) return 0;
    if (next - i == 1 && b >= 0x80) cp = 0xFFFD; /* invalid byte: Java sees U+FFFD */
    if (cp <= 128 || (cp >= 0x7F && cp <= 0x9F)) return 0;
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return 0;
    return next - i;
}

/* Java's scan(start, end, lowMask, highMask): first index not in the class; escapes are
 * consumed when C_ESCAPED is in the mask (a malformed escape fails the parse). */
static size_t scan_cls(uri_parse *u, size_t p, size_t e, int mask) {
    while (p < e) {
        unsigned char c = (unsigned char)u->s[p];
        if (c < 0x80 && (cls(c) & mask)) {
            p++;
            continue;
        }
        if (mask & C_ESCAPED) {
            if (c == '%') {
                if (p + 3 <= e && is_hex((unsigned char)u->s[p + 1]) && is_hex((unsigned char)u->s[p + 2])) {
                    p += 3;
                    continue;
                }
                u->failed = true;
                return p;
            }
            size_t k = other_char(u, p);
            if (k) {
                p += k;
                continue;
            }
        }
        break;
    }
    return p;
}

/* First index in [p, e) holding a char of `stop`, or e. */
static size_t scan_to(const uri_parse *u, size_t p, size_t e, const char *stop) {
    while (p < e && !strchr(stop, u->s[p])) p++;
    return p;
}

static bool at(const uri_parse *u, size_t p, size_t e, char c) { return p < e && u->s[p] == c; }

static bool check_chars(uri_parse *u, size_t p, size_t e, int mask) {
    if (scan_cls(u, p, e, mask) < e || u->failed) {
        u->failed = true;
        return false;
    }
    return true;
}

/* One IPv4 byte: 1-3 digits, value <= 255; returns the end or p on failure. */
static size_t scan_byte(const uri_parse *u, size_t p, size_t e) {
    size_t q = p;
    int v = 0;
    while (q < e && q - p < 3 && u->s[q] >= '0' && u->s[q] <= '9') v = v * 10 + (u->s[q++] - '0');
    if (q == p || v > 255) return p;
    if (q < e && u->s[q] >= '0' && u->s[q] <= '9') return p; /* more than three digits */
    return q;
}

/* Java's parseIPv4Address: end of a dotted quad at p, or 0 when there is none. */
static size_t parse_ipv4(const uri_parse *u, size_t p, size_t n) {
    size_t m = p;
    while (m < n && ((u->s[m] >= '0' && u->s[m] <= '9') || u->s[m] == '.')) m++;
    if (m <= p) return 0;
    size_t q = p;
    for (int k = 0; k < 4; k++) {
        size_t r = scan_byte(u, q, m);
        if (r <= q) return 0;
        q = r;
        if (k < 3) {
            if (!at(u, q, m, '.')) return 0;
            q++;
        }
    }
    if (q < m) return 0;
    if (q < n && u->s[q] != ':') return 0;
    return q;
}

/* Java's parseHostname; returns the end, or 0 after marking failure. */
static size_t parse_hostname(uri_parse *u, size_t start, size_t n) {
    size_t p = start;
    long l = -1;
    do {
        size_t q = p;
        while (q < n && (cls((unsigned char)u->s[q]) & M_ALNUM)) q++;
        if (q <= p) break;
        l = (long)p;
        p = q;
        while (q < n && ((cls((unsigned char)u->s[q]) & M_ALNUM) || u->s[q] == '-')) q++;
        if (q > p) {
            if (u->s[q - 1] == '-') return 0;
            p = q;
        }
        if (!at(u, p, n, '.')) break;
        p++;
    } while (p < n);
    if (p < n && !at(u, p, n, ':')) return 0;
    if (l < 0) return 0;
    if ((size_t)l > start && !(cls((unsigned char)u->s[l]) & C_ALPHA)) return 0;
    return p;
}

/* Java's parseServer over [p, n): true when the authority is server-based. */
static bool parse_server(uri_parse *u, size_t p, size_t n) {
    size_t q = p;
    while (q < n && !strchr("/?#@", u->s[q])) q++;
    if (at(u, q, n, '@')) {
        uri_parse t = *u;
        if (!check_chars(&t, p, q, M_USERINFO)) return false;
        p = q + 1;
    }
    size_t hb = p, he;
    if (at(u, p, n, '[')) {
        p++;
        q = p;
        while (q < n && !strchr("/?#]", u->s[q])) q++;
        if (!(q > p && at(u, q, n, ']'))) return false;
        for (size_t k = p; k < q; k++) { /* IPv6 literal (validated loosely) */
            unsigned char c = (unsigned char)u->s[k];
            if (!is_hex(c) && c != ':' && c != '.' && c != '%' && !(cls(c) & M_ALNUM) && c != '_') return false;
        }
        he = q + 1;
        p = q + 1;
    } else {
        q = parse_ipv4(u, p, n);
        if (q <= p) q = parse_hostname(u, p, n);
        if (q <= p) return false;
        he = q;
        p = q;
    }
    long port = -1;
    if (at(u, p, n, ':')) {
        p++;
        q = p;
        while (q < n && u->s[q] >= '0' && u->s[q] <= '9') q++;
        if (q > p) {
            long long v = 0;
            for (size_t k = p; k < q; k++) {
                v = v * 10 + (u->s[k] - '0');
                if (v > 2147483647LL) return false; /* Integer.parseInt overflow */
            }
            port = (long)v;
            p = q;
        }
    }
    if (p < n) return false;
    u->host_b = (long)hb;
    u->host_e = (long)he;
    u->port = port;
    return true;
}

static void parse_authority(uri_parse *u, size_t p, size_t n) {
    bool has_bracket = false;
    for (size_t k = p; k < n; k++)
        if (u->s[k] == ']') has_bracket = true;
    bool server_chars = true, reg_chars;
    for (size_t k = p; k < n; k++) {
        unsigned char c = (unsigned char)u->s[k];
        if (!(c < 0x80 && ((cls(c) & M_SERVER) || (has_bracket && c == '%')))) {
            server_chars = false;
            break;
        }
    }
    uri_parse t = *u;
    reg_chars = scan_cls(&t, p, n, M_REG) == n && !t.failed;
    if (server_chars && parse_server(u, p, n)) return;
    if (!reg_chars) u->failed = true; /* registry-based otherwise: no host, no port */
}

static size_t parse_hierarchical(uri_parse *u, size_t p, size_t n) {
    if (at(u, p, n, '/') && at(u, p + 1, n, '/')) {
        p += 2;
        size_t q = scan_to(u, p, n, "/?#");
        if (q > p) parse_authority(u, p, q);
        else if (q >= n) u->failed = true; /* "//" with nothing after it */
        if (u->failed) return p;
        p = q;
    }
    size_t q = scan_to(u, p, n, "?#");
    if (!check_chars(u, p, q, M_PATH)) return p;
    u->path_b = (long)p;
    u->path_e = (long)q;
    p = q;
    if (at(u, p, n, '?')) {
        p++;
        q = scan_to(u, p, n, "#");
        if (!check_chars(u, p, q, M_URIC)) return p;
        u->query_b = (long)p;
        u->query_e = (long)q;
        p = q;
    }
    return p;
}

/* Parses s[0..n) like new java.net.URI(s); false when that would throw. */
static bool uri_parse_text(uri_parse *u, const char *s, size_t n) {
    memset(u, 0, sizeof *u);
    u->s = s;
    u->n = n;
    u->scheme_b = u->host_b = u->path_b = u->query_b = u->frag_b = -1;
    u->port = -1;
    size_t p = 0;
    while (p < n && !strchr("/?#:", s[p])) p++;
    if (at(u, p, n, ':')) {
        if (p == 0 || !(cls((unsigned char)s[0]) & C_ALPHA)) return false;
        for (size_t k = 1; k < p; k++) {
            unsigned char c = (unsigned char)s[k];
            if (!((cls(c) & M_ALNUM) || c == '+' || c == '-' || c == '.')) return false;
        }
        u->scheme_b = 0;
        u->scheme_e = (long)p;
        p++;
        if (at(u, p, n, '/')) {
            p = parse_hierarchical(u, p, n);
        } else {
            size_t q = scan_to(u, p, n, "#");
            if (q <= p) return false; /* empty opaque part */
            if (!check_chars(u, p, q, M_URIC)) return false;
            p = q;
        }
    } else {
        p = parse_hierarchical(u, 0, n);
    }
    if (u->failed) return false;
    if (at(u, p, n, '#')) {
        if (!check_chars(u, p + 1, n, M_URIC)) return false;
        u->frag_b = (long)p + 1;
        u->frag_e = (long)n;
        p = n;
    }
    return p >= n && !u->failed;
}

/* ---------- decoding ---------- */

/* Appends bytes b[0..n) decoded as UTF-8 with replacement. */
static int put_utf8_fixed(mn_strbuf *sb, const unsigned char *b, size_t n) {
    size_t i = 0;
    while (i < n) {
        int k = mn_utf8_seq(b, n, i);
        if (k > 0) {
            if (mn_strbuf_append(sb, (const char *)b + i, (size_t)k)) return -1;
            i += (size_t)k;
        } else {
            if (mn_strbuf_append(sb, "\xEF\xBF\xBD", 3)) return -1;
            i += (size_t)-k;
        }
    }
    return 0;
}

static int hexv(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* URI.decode: runs of %XX become bytes decoded as UTF-8 (the parser validated them). */
static int uri_decode(mn_strbuf *sb, const char *s, size_t n) {
    unsigned char buf[256];
    size_t i = 0;
    while (i < n) {
        if (s[i] != '%') {
            size_t st = i;
            while (i < n && s[i] != '%') i++;
            if (put_utf8_fixed(sb, (const unsigned char *)s + st, i - st)) return -1;
            continue;
        }
        mn_strbuf run;
        mn_strbuf_init(&run);
        size_t k = 0;
        while (i + 3 <= n && s[i] == '%') {
            buf[k++] = (unsigned char)(hexv(s[i + 1]) << 4 | hexv(s[i + 2]));
            i += 3;
            if (k == sizeof buf) {
                if (mn_strbuf_append(&run, (const char *)buf, k)) break;
                k = 0;
            }
        }
        if (k) mn_strbuf_append(&run, (const char *)buf, k);
        int rc = run.oom ? -1 : put_utf8_fixed(sb, (const unsigned char *)(run.data ? run.data : ""), run.len);
        mn_strbuf_free(&run);
        if (rc) return -1;
        if (i < n && s[i] == '%') i = n; /* a cut escape: impossible in validated text */
    }
    return 0;
}

/* java.net.URLDecoder.decode(s, UTF-8): '+' is a space, %XX runs are UTF-8 bytes.
 * Returns 0, -1 with a message in msg (Java's IllegalArgumentException text). */
static int form_decode(mn_strbuf *sb, const char *s, size_t n, char *msg, size_t msgcap) {
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '+') {
            if (mn_strbuf_putc(sb, ' ')) return -2;
            i++;
            continue;
        }
        if (c != '%') {
            size_t st = i;
            while (i < n && s[i] != '%' && s[i] != '+') i++;
            if (put_utf8_fixed(sb, (const unsigned char *)s + st, i - st)) return -2;
            continue;
        }
        mn_strbuf run;
        mn_strbuf_init(&run);
        int rc = 0;
        while (i + 2 < n && s[i] == '%') {
            /* Integer.parseInt(s, i + 1, i + 3, 16): an optional sign then hex digits */
            char a = s[i + 1], b = s[i + 2];
            int ha = hexv(a), hb = hexv(b), v = 0, bad = -1;
            if (a == '+' || a == '-') {
                if (hb < 0) bad = 1;
                else v = a == '-' ? -hb : hb;
            } else if (ha < 0) {
                bad = 0;
            } else if (hb < 0) {
                bad = 1;
            } else {
                v = ha << 4 | hb;
            }
            if (bad >= 0) {
                snprintf(msg, msgcap,
                         "URLDecoder: Illegal hex characters in escape (%%) pattern - Error at index %d in: \"%c%c\"",
                         bad, a, b);
                rc = -1;
                break;
            }
            if (v < 0) {
                snprintf(msg, msgcap, "URLDecoder: Illegal hex characters in escape (%%) pattern - negative value");
                rc = -1;
                break;
            }
            char byte = (char)v;
            if (mn_strbuf_append(&run, &byte, 1)) {
                rc = -2;
                break;
            }
            i += 3;
        }
        if (!rc && i < n && s[i] == '%') {
            snprintf(msg, msgcap, "URLDecoder: Incomplete trailing escape (%%) pattern");
            rc = -1;
        }
        if (!rc) rc = put_utf8_fixed(sb, (const unsigned char *)(run.data ? run.data : ""), run.len) ? -2 : 0;
        mn_strbuf_free(&run);
        if (rc) return rc;
    }
    return 0;
}

/* ---------- functions ---------- */

enum { U_PROTOCOL, U_HOST, U_PATH, U_QUERY, U_FRAGMENT };

static int put_sb(mn_fn_ctx *ctx, mn_vector *out, int row, const mn_strbuf *sb) {
    if (sb->oom) return mn_fn_oom(ctx);
    char *d = mn_fn_str_alloc(ctx, out, sb->len);
    if (!d) return -1;
    if (sb->len) memcpy(d, sb->data, sb->len);
    ((mn_str *)out->data)[row].ptr = d;
    ((mn_str *)out->data)[row].len = (uint32_t)sb->len;
    return 0;
}

static int set_null(mn_fn_ctx *ctx, mn_vector *out, int row) {
    mn_vector_set_null(out, row);
    return out->nulls ? 0 : mn_fn_oom(ctx);
}

static int url_part(mn_fn_ctx *ctx, mn_vector **args, int count, mn_vector *out, int part) {
    MN_FN_PROLOGUE(1);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        mn_str s = STR(0, i);
        uri_parse u;
        if (!uri_parse_text(&u, s.ptr, s.len)) {
            if ((rc = set_null(ctx, out, i))) break;
            continue;
        }
        long b = -1, e = -1;
        bool decode = true;
        switch (part) {
        case U_PROTOCOL: b = u.scheme_b, e = u.scheme_e, decode = false; break;
        case U_HOST: b = u.host_b, e = u.host_e, decode = false; break;
        case U_PATH: b = u.path_b, e = u.path_e; break;
        case U_QUERY: b = u.query_b, e = u.query_e; break;
        default: b = u.frag_b, e = u.frag_e; break;
        }
        mn_strbuf_clear(&sb);
        if (b >= 0) {
            if (decode) rc = uri_decode(&sb, s.ptr + b, (size_t)(e - b));
            else rc = mn_strbuf_append(&sb, s.ptr + b, (size_t)(e - b));
            if (rc) {
                rc = mn_fn_oom(ctx);
                break;
            }
        }
        if ((rc = put_sb(ctx, out, i, &sb))) break;
    }
    mn_strbuf_free(&sb);
    return rc;
}

static int fn_url_protocol(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return url_part(c, a, k, o, U_PROTOCOL); }
static int fn_url_host(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return url_part(c, a, k, o, U_HOST); }
static int fn_url_path(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return url_part(c, a, k, o, U_PATH); }
static int fn_url_query(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return url_part(c, a, k, o, U_QUERY); }
static int fn_url_fragment(mn_fn_ctx *c, mn_vector **a, int n, int k, mn_vector *o) { return url_part(c, a, k, o, U_FRAGMENT); }

static int fn_url_port(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    int64_t *r = out->data;
    MN_FN_EACH_ROW(i) {
        mn_str s = STR(0, i);
        uri_parse u;
        if (!uri_parse_text(&u, s.ptr, s.len) || u.port < 0) {
            if (set_null(ctx, out, i)) return -1;
            continue;
        }
        r[i] = u.port;
    }
    return 0;
}

static int fn_url_parameter(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(2);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        mn_str s = STR(0, i), name = STR(1, i);
        uri_parse u;
        if (!uri_parse_text(&u, s.ptr, s.len) || u.query_b < 0) {
            if ((rc = set_null(ctx, out, i))) break;
            continue;
        }
        const char *q = s.ptr + u.query_b, *qe = s.ptr + u.query_e;
        bool found = false;
        while (q <= qe) {
            const char *amp = memchr(q, '&', (size_t)(qe - q));
            const char *end = amp ? amp : qe;
            const char *eq = memchr(q, '=', (size_t)(end - q));
            const char *kend = eq ? eq : end;
            if ((size_t)(kend - q) == name.len && (name.len == 0 || memcmp(q, name.ptr, name.len) == 0)) {
                found = true;
                mn_strbuf_clear(&sb);
                if (eq) {
                    char msg[160];
                    int d = form_decode(&sb, eq + 1, (size_t)(end - eq - 1), msg, sizeof msg);
                    if (d == -1) rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "%s", msg);
                    else if (d) rc = mn_fn_oom(ctx);
                }
                if (!rc) rc = put_sb(ctx, out, i, &sb);
                break;
            }
            if (!amp) break;
            q = amp + 1;
        }
        if (rc) break;
        if (!found && (rc = set_null(ctx, out, i))) break;
    }
    mn_strbuf_free(&sb);
    return rc;
}

/* Guava's urlFormParameterEscaper: [A-Za-z0-9] and "-_.*" stay, ' ' becomes '+', all
 * other characters are percent-encoded UTF-8 (invalid input bytes as U+FFFD). */
static int fn_url_encode(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    static const char hex[] = "0123456789ABCDEF";
    MN_FN_PROLOGUE(1);
    mn_strbuf sb, fixed;
    mn_strbuf_init(&sb);
    mn_strbuf_init(&fixed);
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        mn_str s = STR(0, i);
        mn_strbuf_clear(&sb);
        mn_strbuf_clear(&fixed);
        if (put_utf8_fixed(&fixed, (const unsigned char *)s.ptr, s.len)) {
            rc = mn_fn_oom(ctx);
            break;
        }
        for (size_t k = 0; k < fixed.len; k++) {
            unsigned char c = (unsigned char)fixed.data[k];
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                c == '.' || c == '*')
                mn_strbuf_putc(&sb, (char)c);
            else if (c == ' ') mn_strbuf_putc(&sb, '+');
            else {
                char e[3] = {'%', hex[c >> 4], hex[c & 15]};
                mn_strbuf_append(&sb, e, 3);
            }
        }
        if ((rc = put_sb(ctx, out, i, &sb))) break;
    }
    mn_strbuf_free(&sb);
    mn_strbuf_free(&fixed);
    return rc;
}

static int fn_url_decode(mn_fn_ctx *ctx, mn_vector **args, int nargs, int count, mn_vector *out) {
    MN_FN_PROLOGUE(1);
    mn_strbuf sb;
    mn_strbuf_init(&sb);
    int rc = 0;
    MN_FN_EACH_ROW(i) {
        mn_str s = STR(0, i);
        char msg[160];
        mn_strbuf_clear(&sb);
        int d = form_decode(&sb, s.ptr, s.len, msg, sizeof msg);
        if (d == -1) rc = mn_error_set(ctx->err, MN_ERR_INVALID_ARGUMENT, "%s", msg);
        else if (d) rc = mn_fn_oom(ctx);
        else rc = put_sb(ctx, out, i, &sb);
        if (rc) break;
    }
    mn_strbuf_free(&sb);
    return rc;
}

const mn_fn_entry mn_fn_url_table[] = {
    {"url_extract_protocol", "varchar", "$0", fn_url_protocol, NULL, "Scheme of a URL ('' when none)", 0, NULL},
    {"url_extract_host", "varchar", "$0", fn_url_host, NULL, "Host of a URL ('' when none)", 0, NULL},
    {"url_extract_port", "varchar", "bigint", fn_url_port, NULL, "Port of a URL; NULL when none", 0, NULL},
    {"url_extract_path", "varchar", "$0", fn_url_path, NULL, "Decoded path of a URL", 0, NULL},
    {"url_extract_query", "varchar", "$0", fn_url_query, NULL, "Decoded query string of a URL", 0, NULL},
    {"url_extract_fragment", "varchar", "$0", fn_url_fragment, NULL, "Decoded fragment of a URL", 0, NULL},
    {"url_extract_parameter", "varchar,varchar", "$0", fn_url_parameter, NULL,
     "Decoded value of the first query parameter with the name; NULL when absent", 0, NULL},
    {"url_encode", "varchar", "varchar", fn_url_encode, NULL, "Escapes a string for a URL query (form encoding)", 0,
     NULL},
    {"url_decode", "varchar", "$0", fn_url_decode, NULL, "Unescapes a URL-encoded string ('+' is a space)", 0,
     NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
