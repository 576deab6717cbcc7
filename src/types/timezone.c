/* timezone.c — zone keys, a TZif (RFC 8536) parser with the POSIX TZ footer rule, and the
 * process-wide registry of IANA zones read from /usr/share/zoneinfo. TZif bytes are
 * treated as hostile: every count, index and offset is checked before use. Loaded zones
 * are published into a fixed array with release stores, so readers of a key they were
 * given never lock; loading (rare) takes a mutex. */
#include "types/timezone.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "types/datetime.h"

#define ZONEINFO_DIR "/usr/share/zoneinfo"
#define MAX_TZIF_BYTES (1u << 20)
#define MAX_TRANSITIONS 100000u
#define MAX_OFFSET_MINUTES 840
#define MAX_ABS_UTOFF 93599 /* RFC 8536: -89999 .. 93599 seconds */

/* ---------- the POSIX TZ string of the footer ("EST5EDT,M3.2.0,M11.1.0") ---------- */

typedef struct {
    char kind; /* 'J' (1..365, no Feb 29), 'D' (0..365), 'M' (month.week.weekday) */
    int a, b, c;
    int32_t secs; /* local time of day of the transition, may be negative or > 24h */
} rule_date;

typedef struct {
    bool present, has_dst;
    int32_t std_off, dst_off; /* seconds east of UTC */
    rule_date start, end;
} posix_tz;

struct mn_tz_rules {
    uint32_t ntrans, ntypes;
    int64_t *times; /* ascending UTC seconds */
    uint8_t *idx;   /* type of each transition */
    int32_t offs[256];
    posix_tz footer;
};

typedef struct {
    const char *s, *e;
} scan;

static bool sc_num(scan *c, int maxv, int *out) {
    int v = 0, k = 0;
    while (c->s < c->e && isdigit((unsigned char)*c->s) && k < 4) v = v * 10 + (*c->s++ - '0'), k++;
    if (k == 0 || v > maxv) return false;
    *out = v;
    return true;
}

/* [+-]hh[:mm[:ss]] with hours <= maxh; returns seconds */
static bool sc_hms(scan *c, int maxh, int32_t *out) {
    int sign = 1, h, m = 0, s = 0;
    if (c->s < c->e && (*c->s == '+' || *c->s == '-')) sign = *c->s++ == '-' ? -1 : 1;
    if (!sc_num(c, maxh, &h)) return false;
    if (c->s < c->e && *c->s == ':') {
        c->s++;
        if (!sc_num(c, 59, &m)) return false;
        if (c->s < c->e && *c->s == ':') {
            c->s++;
            if (!sc_num(c, 59, &s)) return false;
        }
    }
    *out = sign * (h * 3600 + m * 60 + s);
    return true;
}

static bool sc_name(scan *c) {
    const char *b = c->s;
    if (c->s < c->e && *c->s == '<') {
        while (c->s < c->e && *c->s != '>') c->s++;
        if (c->s >= c->e) return false;
        c->s++;
        return c->s - b >= 5;
    }
    while (c->s < c->e && isalpha((unsigned char)*c->s)) c->s++;
    return c->s - b >= 3;
}

static bool sc_rule(scan *c, rule_date *r) {
    if (c->s >= c->e) return false;
    if (*c->s == 'J') {
        c->s++;
        r->kind = 'J';
        if (!sc_num(c, 365, &r->a) || r->a < 1) return false;
    } else if (*c->s == 'M') {
        c->s++;
        r->kind = 'M';
        if (!sc_num(c, 12, &r->a) || r->a < 1) return false;
        if (c->s >= c->e || *c->s++ != '.' || !sc_num(c, 5, &r->b) || r->b < 1) return false;
        if (c->s >= c->e || *c->s++ != '.' || !sc_num(c, 6, &r->c)) return false;
    } else {
        r->kind = 'D';
        if (!sc_num(c, 365, &r->a)) return false;
    }
    r->secs = 7200;
    if (c->s < c->e && *c->s == '/') {
        c->s++;
        if (!sc_hms(c, 167, &r->secs)) return false;
    }
    return true;
}

static bool parse_posix(const char *s, size_t n, posix_tz *out) {
    scan c = {s, s + n};
    memset(out, 0, sizeof *out);
    int32_t off;
    if (n == 0) return true; /* empty footer: no rule */
    if (!sc_name(&c) || !sc_hms(&c, 24, &off)) return false;
    out->std_off = -off; /* POSIX offsets count west of UTC */
    if (c.s < c.e) {
        if (!sc_name(&c)) return false;
        out->dst_off = out->std_off + 3600;
        if (c.s < c.e && *c.s != ',') {
            if (!sc_hms(&c, 24, &off)) return false;
            out->dst_off = -off;
        }
        if (c.s >= c.e || *c.s++ != ',' || !sc_rule(&c, &out->start)) return false;
        if (c.s >= c.e || *c.s++ != ',' || !sc_rule(&c, &out->end)) return false;
        out->has_dst = true;
    }
    if (c.s != c.e) return false;
    out->present = true;
    return true;
}

static bool leap_year(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* Local seconds since the epoch at which rule r fires in year y. */
static int64_t rule_local_secs(const rule_date *r, int64_t y) {
    int64_t day;
    if (r->kind == 'J') {
        day = mn_days_from_civil(y, 1, 1) + r->a - 1 + (leap_year(y) && r->a >= 60 ? 1 : 0);
    } else if (r->kind == 'D') {
        day = mn_days_from_civil(y, 1, 1) + r->a;
    } else {
        int64_t first = mn_days_from_civil(y, r->a, 1);
        int dow = (int)mn_floor_mod(first + 4, 7); /* 1970-01-01 was a Thursday (4) */
        int d = 1 + (r->c - dow + 7) % 7 + (r->b - 1) * 7;
        int dim = mn_days_in_month(y, r->a);
        while (d > dim) d -= 7;
        day = first + d - 1;
    }
    return day * 86400 + r->secs;
}

static int32_t posix_offset_at(const posix_tz *p, int64_t t) {
    if (!p->has_dst) return p->std_off;
    int64_t y;
    int m, d;
    int64_t days = mn_floor_div(t + p->std_off, 86400);
    if (days > INT32_MAX - 400) days = INT32_MAX - 400;
    if (days < INT32_MIN + 400) days = INT32_MIN + 400;
    mn_civil_from_days((int32_t)days, &y, &m, &d);
    int64_t start = rule_local_secs(&p->start, y) - p->std_off;
    int64_t end = rule_local_secs(&p->end, y) - p->dst_off;
    bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? p->dst_off : p->std_off;
}

/* ---------- TZif ---------- */

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static int64_t be64(const unsigned char *p) { return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4)); }

typedef struct {
    uint32_t isut, isstd, leap, time, type, chr;
} tzif_counts;

/* Header at p (n bytes left); the size of the data block that follows, or 0 when bad. */
static uint64_t tzif_header(const unsigned char *p, size_t n, int tsize, tzif_counts *k, int *version) {
    if (n < 44 || memcmp(p, "TZif", 4) != 0) return 0;
    *version = p[4] == 0 ? 1 : p[4] - '0';
    if (*version < 1 || *version > 9) return 0;
    k->isut = be32(p + 20), k->isstd = be32(p + 24), k->leap = be32(p + 28);
    k->time = be32(p + 32), k->type = be32(p + 36), k->chr = be32(p + 40);
    if (k->type < 1 || k->type > 256 || k->chr < 1 || k->time > MAX_TRANSITIONS || k->leap > MAX_TRANSITIONS)
        return 0;
    if ((k->isut != 0 && k->isut != k->type) || (k->isstd != 0 && k->isstd != k->type)) return 0;
    return (uint64_t)k->time * (uint64_t)(tsize + 1) + (uint64_t)k->type * 6 + k->chr +
           (uint64_t)k->leap * (uint64_t)(tsize + 4) + k->isstd + k->isut;
}

void mn_tz_rules_free(struct mn_tz_rules *r) {
    if (!r) return;
    free(r->times);
    free(r->idx);
    free(r);
}

struct mn_tz_rules *mn_tz_rules_parse(const unsigned char *p, size_t n) {
    tzif_counts k;
    int version;
    if (!p) return NULL;
    uint64_t len = tzif_header(p, n, 4, &k, &version);
    if (len == 0 || len > n - 44) return NULL;
    int tsize = 4;
    const unsigned char *d = p + 44;
    const unsigned char *end = p + n;
    if (version >= 2) { /* skip the 32-bit block: the 64-bit one follows */
        const unsigned char *h2 = d + len;
        len = tzif_header(h2, (size_t)(end - h2), 8, &k, &version);
        if (len == 0 || len > (uint64_t)(end - h2 - 44)) return NULL;
        d = h2 + 44;
        tsize = 8;
    }
    struct mn_tz_rules *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->ntrans = k.time;
    r->ntypes = k.type;
    r->times = malloc((k.time ? k.time : 1) * sizeof *r->times);
    r->idx = malloc(k.time ? k.time : 1);
    if (!r->times || !r->idx) goto bad;
    for (uint32_t i = 0; i < k.time; i++) {
        r->times[i] = tsize == 8 ? be64(d + (size_t)i * 8) : (int64_t)(int32_t)be32(d + (size_t)i * 4);
        if (i > 0 && r->times[i] <= r->times[i - 1]) goto bad;
    }
    const unsigned char *ix = d + (size_t)k.time * (size_t)tsize;
    for (uint32_t i = 0; i < k.time; i++) {
        if (ix[i] >= k.type) goto bad;
        r->idx[i] = ix[i];
    }
    const unsigned char *ty = ix + k.time;
    for (uint32_t i = 0; i < k.type; i++) {
        int32_t off = (int32_t)be32(ty + (size_t)i * 6);
        if (off < -89999 || off > MAX_ABS_UTOFF || ty[i * 6 + 4] > 1 || ty[i * 6 + 5] >= k.chr) goto bad;
        r->offs[i] = off;
    }
    if (version >= 2) { /* footer: "\n" POSIX-TZ "\n" */
        const unsigned char *f = d + len;
        if (f >= end || *f != '\n') goto bad;
        const unsigned char *nl = memchr(f + 1, '\n', (size_t)(end - f - 1));
        if (!nl || !parse_posix((const char *)f + 1, (size_t)(nl - f - 1), &r->footer)) goto bad;
    }
    return r;
bad:
    mn_tz_rules_free(r);
    return NULL;
}

int32_t mn_tz_rules_offset_at(const struct mn_tz_rules *r, int64_t t) {
    if (r->ntrans == 0 || t >= r->times[r->ntrans - 1]) {
        if (r->footer.present) return posix_offset_at(&r->footer, t);
        return r->ntrans == 0 ? r->offs[0] : r->offs[r->idx[r->ntrans - 1]];
    }
    if (t < r->times[0]) return r->offs[0];
    uint32_t lo = 0, hi = r->ntrans - 1; /* times[lo] <= t < times[hi] */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (r->times[mid] <= t) lo = mid;
        else hi = mid;
    }
    return r->offs[r->idx[lo]];
}

/* ---------- registry ---------- */

typedef struct {
    char name[MN_TZ_NAME_MAX + 1];
    struct mn_tz_rules *rules;
} named_zone;

static named_zone *_Atomic zones[MN_TZ_MAX_NAMED];
static int nzones;
static pthread_mutex_t zones_mu = PTHREAD_MUTEX_INITIALIZER;

static const named_zone *zone_of(int key) {
    if (key < MN_TZ_NAMED_BASE || key >= MN_TZ_NAMED_BASE + MN_TZ_MAX_NAMED) return NULL;
    return atomic_load_explicit(&zones[key - MN_TZ_NAMED_BASE], memory_order_acquire);
}

int mn_tz_key_for_offset(int minutes, int *key) {
    if (minutes < -MAX_OFFSET_MINUTES || minutes > MAX_OFFSET_MINUTES) return -1;
    *key = minutes == 0 ? MN_TZ_UTC : minutes + MAX_OFFSET_MINUTES + 1;
    return 0;
}

static bool ieq(const char *s, size_t n, const char *w) { return strlen(w) == n && strncasecmp(s, w, n) == 0; }

static bool utc_alias(const char *s, size_t n) {
    static const char *const names[] = {"UTC", "Z", "UT", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0",
                                        "Greenwich", "Universal", "Zulu"};
    if (n > 4 && strncasecmp(s, "Etc/", 4) == 0) s += 4, n -= 4;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (ieq(s, n, names[i])) return true;
    return false;
}

/* "+05:30", "-8", "+0530", optionally after UTC/GMT/UT; 1 parsed, 0 not an offset, -1 bad */
static int parse_offset(const char *s, size_t n, int *minutes) {
    size_t i = 0;
    if (n >= 3 && (strncasecmp(s, "UTC", 3) == 0 || strncasecmp(s, "GMT", 3) == 0)) i = 3;
    else if (n >= 2 && strncasecmp(s, "UT", 2) == 0) i = 2;
    if (i >= n || (s[i] != '+' && s[i] != '-')) return 0;
    int sign = s[i++] == '-' ? -1 : 1;
    size_t d0 = i;
    while (i < n && isdigit((unsigned char)s[i])) i++;
    size_t nd = i - d0;
    int h, m = 0;
    if (nd == 1 || nd == 2) {
        h = nd == 1 ? s[d0] - '0' : (s[d0] - '0') * 10 + s[d0 + 1] - '0';
        if (i < n) {
            if (s[i] != ':' || n - i != 3 || !isdigit((unsigned char)s[i + 1]) || !isdigit((unsigned char)s[i + 2]))
                return -1;
            m = (s[i + 1] - '0') * 10 + s[i + 2] - '0';
        }
    } else if (nd == 4 && i == n) {
        h = (s[d0] - '0') * 10 + s[d0 + 1] - '0';
        m = (s[d0 + 2] - '0') * 10 + s[d0 + 3] - '0';
    } else {
        return -1;
    }
    if (m > 59 || h * 60 + m > MAX_OFFSET_MINUTES) return -1;
    *minutes = sign * (h * 60 + m);
    return 1;
}

/* Zone names are paths under the zoneinfo folder: letters, digits, '/', '_', '+', '-'; no
 * empty or dot-leading component; not the helper files or the posix/right trees. */
static bool valid_zone_name(const char *s, size_t n) {
    if (n == 0 || n > MN_TZ_NAME_MAX || s[0] == '/' || s[n - 1] == '/') return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(isalnum((unsigned char)c) || c == '/' || c == '_' || c == '+' || c == '-')) return false;
        if (c == '/' && s[i + 1] == '/') return false;
    }
    if (ieq(s, n, "localtime") || ieq(s, n, "posixrules") || ieq(s, n, "Factory")) return false;
    if ((n >= 6 && strncasecmp(s, "posix/", 6) == 0) || (n >= 6 && strncasecmp(s, "right/", 6) == 0)) return false;
    return true;
}

/* Finds name (case-insensitively, component by component) under the zoneinfo folder;
 * writes the path found to path (cap bytes) and the canonical name to canon. */
static bool find_zone_file(const char *name, size_t n, char *path, size_t cap, char *canon) {
    int w = snprintf(path, cap, "%s/%.*s", ZONEINFO_DIR, (int)n, name);
    if (w < 0 || (size_t)w >= cap) return false;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        memcpy(canon, name, n);
        canon[n] = 0;
        return true;
    }
    size_t plen = strlen(ZONEINFO_DIR), cl = 0;
    memcpy(path, ZONEINFO_DIR, plen + 1);
    const char *p = name, *e = name + n;
    while (p < e) {
        const char *slash = memchr(p, '/', (size_t)(e - p));
        size_t len = slash ? (size_t)(slash - p) : (size_t)(e - p);
        DIR *dir = opendir(path);
        if (!dir) return false;
        struct dirent *de;
        bool found = false;
        while ((de = readdir(dir)) != NULL) {
            if (strlen(de->d_name) == len && strncasecmp(de->d_name, p, len) == 0) {
                found = plen + 1 + len < cap;
                if (found) {
                    path[plen] = '/';
                    memcpy(path + plen + 1, de->d_name, len);
                    path[plen + 1 + len] = 0;
                    plen += 1 + len;
                    if (cl) canon[cl++] = '/';
                    memcpy(canon + cl, de->d_name, len);
                    cl += len;
                    canon[cl] = 0;
                }
                break;
            }
        }
        closedir(dir);
        if (!found) return false;
        p += len + (slash ? 1 : 0);
    }
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static struct mn_tz_rules *load_file(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    struct mn_tz_rules *r = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size <= MAX_TZIF_BYTES) {
        size_t n = (size_t)st.st_size, got = 0;
        unsigned char *buf = malloc(n);
        while (buf && got < n) {
            ssize_t k = read(fd, buf + got, n - got);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) break;
            got += (size_t)k;
        }
        if (buf && got == n) r = mn_tz_rules_parse(buf, n);
        free(buf);
    }
    close(fd);
    return r;
}

int mn_tz_lookup(const char *name, size_t n, int *key) {
    int minutes;
    if (!name) return -1;
    while (n > 0 && isspace((unsigned char)name[0])) name++, n--;
    while (n > 0 && isspace((unsigned char)name[n - 1])) n--;
    if (utc_alias(name, n)) {
        *key = MN_TZ_UTC;
        return 0;
    }
    int k = parse_offset(name, n, &minutes);
    if (k != 0) return k < 0 ? -1 : mn_tz_key_for_offset(minutes, key);
    if (!valid_zone_name(name, n)) return -1;
    pthread_mutex_lock(&zones_mu);
    for (int i = 0; i < nzones; i++) {
        if (ieq(name, n, zones[i]->name)) {
            *key = MN_TZ_NAMED_BASE + i;
            pthread_mutex_unlock(&zones_mu);
            return 0;
        }
    }
    int rc = -1;
    char path[sizeof ZONEINFO_DIR + MN_TZ_NAME_MAX + 2], canon[MN_TZ_NAME_MAX + 1];
    if (nzones < MN_TZ_MAX_NAMED && find_zone_file(name, n, path, sizeof path, canon)) {
        int dup = -1; /* a different spelling of a zone already loaded */
        for (int i = 0; i < nzones && dup < 0; i++)
            if (strcmp(canon, zones[i]->name) == 0) dup = i;
        struct mn_tz_rules *r = dup >= 0 ? NULL : load_file(path);
        named_zone *z = r ? calloc(1, sizeof *z) : NULL;
        if (dup >= 0) {
            *key = MN_TZ_NAMED_BASE + dup;
            rc = 0;
        } else if (z) {
            memcpy(z->name, canon, strlen(canon) + 1);
            z->rules = r;
            atomic_store_explicit(&zones[nzones], z, memory_order_release);
            *key = MN_TZ_NAMED_BASE + nzones++;
            rc = 0;
        } else {
            mn_tz_rules_free(r);
        }
    }
    pthread_mutex_unlock(&zones_mu);
    return rc;
}

size_t mn_tz_name(int key, char *buf) {
    if (key > 0 && key <= 2 * MAX_OFFSET_MINUTES + 1) {
        int m = key - MAX_OFFSET_MINUTES - 1, a = m < 0 ? -m : m;
        return (size_t)sprintf(buf, "%c%02d:%02d", m < 0 ? '-' : '+', a / 60, a % 60);
    }
    const named_zone *z = zone_of(key);
    const char *s = z ? z->name : "UTC";
    size_t n = strlen(s);
    memcpy(buf, s, n + 1);
    return n;
}

int32_t mn_tz_offset_at(int key, int64_t utc_seconds) {
    if (key > 0 && key <= 2 * MAX_OFFSET_MINUTES + 1) return (key - MAX_OFFSET_MINUTES - 1) * 60;
    const named_zone *z = zone_of(key);
    return z ? mn_tz_rules_offset_at(z->rules, utc_seconds) : 0;
}

int64_t mn_tz_utc_to_local(int key, int64_t utc_micros) {
    if (key == MN_TZ_UTC) return utc_micros;
    int64_t off = mn_tz_offset_at(key, mn_floor_div(utc_micros, MN_MICROS_PER_SECOND)), r;
    if (__builtin_add_overflow(utc_micros, off * MN_MICROS_PER_SECOND, &r)) return off > 0 ? INT64_MAX : INT64_MIN;
    return r;
}

int64_t mn_tz_local_to_utc(int key, int64_t local_micros) {
    if (key == MN_TZ_UTC) return local_micros;
    int64_t l = mn_floor_div(local_micros, MN_MICROS_PER_SECOND);
    int32_t before = mn_tz_offset_at(key, l - 86400), after = mn_tz_offset_at(key, l + 86400);
    int64_t u1 = l - before, u2 = l - after;
    bool ok1 = mn_tz_offset_at(key, u1) == before, ok2 = mn_tz_offset_at(key, u2) == after;
    int64_t off;
    if (ok1 && ok2) off = u1 < u2 ? before : after; /* overlap: the earlier instant */
    else if (ok2) off = after;
    else off = before; /* in a gap: shifted forward by the gap (or the only valid offset) */
    int64_t r;
    if (__builtin_sub_overflow(local_micros, off * MN_MICROS_PER_SECOND, &r)) return off > 0 ? INT64_MIN : INT64_MAX;
    return r;
}
