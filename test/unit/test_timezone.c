/* test_timezone.c — the TZif parser (valid files, the POSIX footer rule, truncated and
 * garbage input), zone name lookup (IANA names, aliases, offsets, hostile names) and the
 * local <-> UTC conversions across DST transitions. Reads the system tz database
 * (Debian's tzdata). */
#include <pthread.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "types/datetime.h"
#include "types/timezone.h"

static unsigned char *read_all(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    unsigned char *buf = malloc(1 << 20);
    *n = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

static int64_t secs(const char *ts) { /* "YYYY-MM-DD HH:MM:SS" as UTC seconds */
    int64_t us = 0;
    if (mn_timestamp_parse(ts, strlen(ts), &us, NULL) != 0) fprintf(stderr, "bad ts %s\n", ts);
    return us / MN_MICROS_PER_SECOND;
}

static int key_of(const char *name) {
    int k = -1;
    return mn_tz_lookup(name, strlen(name), &k) == 0 ? k : -1;
}

static const char *name_of(int key) {
    static char buf[MN_TZ_NAME_MAX + 1];
    mn_tz_name(key, buf);
    return buf;
}

/* local wall time "..." in zone -> UTC rendered */
static const char *to_utc(const char *zone, const char *local) {
    static char buf[64];
    int64_t us = 0;
    mn_timestamp_parse(local, strlen(local), &us, NULL);
    mn_timestamp_format(mn_tz_local_to_utc(key_of(zone), us), 0, buf);
    return buf;
}

/* A minimal TZif v2 file: no transitions, one type, footer `footer`. */
static size_t make_tzif(unsigned char *b, int32_t utoff, const char *footer) {
    size_t n = 0;
    for (int block = 0; block < 2; block++) {
        memcpy(b + n, "TZif2", 5);
        memset(b + n + 5, 0, 15);
        uint32_t counts[6] = {0, 0, 0, 0, 1, 4}; /* isut isstd leap time type char */
        for (int i = 0; i < 6; i++) {
            b[n + 20 + i * 4] = (unsigned char)(counts[i] >> 24);
            b[n + 21 + i * 4] = (unsigned char)(counts[i] >> 16);
            b[n + 22 + i * 4] = (unsigned char)(counts[i] >> 8);
            b[n + 23 + i * 4] = (unsigned char)counts[i];
        }
        n += 44;
        uint32_t u = (uint32_t)utoff;
        b[n++] = (unsigned char)(u >> 24), b[n++] = (unsigned char)(u >> 16), b[n++] = (unsigned char)(u >> 8);
        b[n++] = (unsigned char)u;
        b[n++] = 0, b[n++] = 0; /* isdst, abbreviation index */
        memcpy(b + n, "XYZ", 4);
        n += 4;
    }
    b[n++] = '\n';
    size_t fl = strlen(footer);
    memcpy(b + n, footer, fl);
    n += fl;
    b[n++] = '\n';
    return n;
}

/* Threads racing to load the same zones must agree on their keys. */
static const char *const race_zones[] = {"Europe/Paris", "asia/tokyo", "Africa/Cairo", "Pacific/Auckland",
                                         "America/Sao_Paulo", "ASIA/TOKYO"};
static void *race(void *arg) {
    int *keys = arg;
    for (int round = 0; round < 50; round++)
        for (int i = 0; i < 6; i++) {
            int k = key_of(race_zones[i]);
            if (round == 0) keys[i] = k;
            else if (keys[i] != k) keys[i] = -2;
        }
    return NULL;
}

int main(void) {
    /* ---- a real file: America/New_York ---- */
    size_t n = 0;
    unsigned char *ny = read_all("/usr/share/zoneinfo/America/New_York", &n);
    CHECK(ny != NULL && n > 100);
    struct mn_tz_rules *r = ny ? mn_tz_rules_parse(ny, n) : NULL;
    CHECK(r != NULL);
    if (r) {
        CHECK(mn_tz_rules_offset_at(r, secs("2021-01-15 12:00:00")) == -5 * 3600);
        CHECK(mn_tz_rules_offset_at(r, secs("2021-07-15 12:00:00")) == -4 * 3600);
        CHECK(mn_tz_rules_offset_at(r, secs("2021-03-14 06:59:59")) == -5 * 3600); /* 01:59:59 EST */
        CHECK(mn_tz_rules_offset_at(r, secs("2021-03-14 07:00:00")) == -4 * 3600); /* 03:00 EDT */
        CHECK(mn_tz_rules_offset_at(r, secs("2021-11-07 05:59:59")) == -4 * 3600);
        CHECK(mn_tz_rules_offset_at(r, secs("2021-11-07 06:00:00")) == -5 * 3600);
        /* far future: the footer rule (EST5EDT,M3.2.0,M11.1.0) */
        CHECK(mn_tz_rules_offset_at(r, secs("2400-07-01 00:00:00")) == -4 * 3600);
        CHECK(mn_tz_rules_offset_at(r, secs("2400-12-01 00:00:00")) == -5 * 3600);
        /* before standard time: local mean time -4:56:02 */
        CHECK(mn_tz_rules_offset_at(r, secs("1800-01-01 00:00:00")) == -17762);
        mn_tz_rules_free(r);
    }
    /* every truncation of a real file is rejected or parsed without reading past the end
     * (ASan checks the latter); garbage bytes the same */
    if (ny) {
        int accepted = 0;
        for (size_t k = 0; k < n; k++) {
            unsigned char *copy = malloc(k ? k : 1);
            memcpy(copy, ny, k);
            struct mn_tz_rules *t = mn_tz_rules_parse(copy, k);
            if (t) accepted++;
            mn_tz_rules_free(t);
            free(copy);
        }
        CHECK(accepted == 0); /* the footer ends the file: every shorter prefix is incomplete */
        unsigned char *bad = malloc(n);
        memcpy(bad, ny, n);
        srand(7);
        for (int round = 0; round < 2000; round++) {
            memcpy(bad, ny, n);
            for (int f = 0; f < 4; f++) bad[(size_t)rand() % n] = (unsigned char)rand();
            struct mn_tz_rules *t = mn_tz_rules_parse(bad, n);
            if (t) (void)mn_tz_rules_offset_at(t, secs("2021-03-14 07:00:00"));
            mn_tz_rules_free(t);
        }
        free(bad);
    }
    free(ny);
    CHECK(mn_tz_rules_parse((const unsigned char *)"TZif", 4) == NULL);
    CHECK(mn_tz_rules_parse((const unsigned char *)"garbage garbage garbage garbage garbage garbage", 47) == NULL);
    CHECK(mn_tz_rules_parse(NULL, 0) == NULL);

    /* ---- hand-made files: footer rules ---- */
    unsigned char buf[256];
    size_t len = make_tzif(buf, 3600, "CET-1CEST,M3.5.0,M10.5.0/3");
    r = mn_tz_rules_parse(buf, len);
    CHECK(r != NULL);
    if (r) {
        CHECK(mn_tz_rules_offset_at(r, secs("2021-03-28 00:59:59")) == 3600);
        CHECK(mn_tz_rules_offset_at(r, secs("2021-03-28 01:00:00")) == 7200);
        CHECK(mn_tz_rules_offset_at(r, secs("2021-10-31 00:59:59")) == 7200);
        CHECK(mn_tz_rules_offset_at(r, secs("2021-10-31 01:00:00")) == 3600);
        mn_tz_rules_free(r);
    }
    len = make_tzif(buf, 36000, "AEST-10AEDT,M10.1.0,M4.1.0/3"); /* southern hemisphere */
    r = mn_tz_rules_parse(buf, len);
    CHECK(r != NULL);
    if (r) {
        CHECK(mn_tz_rules_offset_at(r, secs("2021-01-15 00:00:00")) == 39600);
        CHECK(mn_tz_rules_offset_at(r, secs("2021-07-15 00:00:00")) == 36000);
        mn_tz_rules_free(r);
    }
    len = make_tzif(buf, 19800, "<+0530>-5:30");
    r = mn_tz_rules_parse(buf, len);
    CHECK(r != NULL && mn_tz_rules_offset_at(r, 0) == 19800);
    mn_tz_rules_free(r);
    len = make_tzif(buf, 0, "EST5EDT,M13.1.0,M11.1.0"); /* month 13 */
    CHECK(mn_tz_rules_parse(buf, len) == NULL);
    len = make_tzif(buf, 0, "EST5EDT,M3.2.0"); /* one rule */
    CHECK(mn_tz_rules_parse(buf, len) == NULL);
    len = make_tzif(buf, 0, "E5");
    CHECK(mn_tz_rules_parse(buf, len) == NULL);
    len = make_tzif(buf, 100000, "UTC0"); /* offset out of range */
    CHECK(mn_tz_rules_parse(buf, len) == NULL);
    len = make_tzif(buf, 0, "UTC0");
    buf[len - 1] = 'x'; /* footer without its closing newline */
    CHECK(mn_tz_rules_parse(buf, len) == NULL);

    /* ---- names ---- */
    CHECK(key_of("UTC") == MN_TZ_UTC);
    CHECK(key_of("Etc/UTC") == MN_TZ_UTC);
    CHECK(key_of("z") == MN_TZ_UTC);
    CHECK(key_of("+00:00") == MN_TZ_UTC);
    CHECK(key_of("GMT") == MN_TZ_UTC);
    CHECK_STR(name_of(key_of("+05:30")), "+05:30");
    CHECK_STR(name_of(key_of("-08")), "-08:00");
    CHECK_STR(name_of(key_of("+0545")), "+05:45");
    CHECK_STR(name_of(key_of("UTC+2")), "+02:00");
    CHECK(key_of("+14:01") < 0);
    CHECK(key_of("+5:3") < 0);
    CHECK(key_of("+05:60") < 0);
    int nyk = key_of("America/New_York");
    CHECK(nyk >= MN_TZ_NAMED_BASE);
    CHECK(key_of("america/new_york") == nyk); /* case-insensitive, one key */
    CHECK_STR(name_of(key_of("AMERICA/NEW_YORK")), "America/New_York");
    CHECK(key_of("Europe/Berlin") >= MN_TZ_NAMED_BASE && key_of("Europe/Berlin") != nyk);
    CHECK(key_of("Foo/Bar") < 0);
    CHECK(key_of("../../etc/passwd") < 0);
    CHECK(key_of("/etc/passwd") < 0);
    CHECK(key_of("America//New_York") < 0);
    CHECK(key_of("zone.tab") < 0);
    CHECK(key_of("iso3166.tab") < 0);
    CHECK(key_of("localtime") < 0);
    CHECK(key_of("right/UTC") < 0);
    CHECK(key_of("America") < 0); /* a folder */
    CHECK(key_of("") < 0);
    CHECK(key_of("America/New_York_with_a_name_far_too_long_to_be_any_zone_in_the_database_at_all") < 0);

    pthread_t th[4];
    int keys[4][6];
    for (int t = 0; t < 4; t++) pthread_create(&th[t], NULL, race, keys[t]);
    for (int t = 0; t < 4; t++) pthread_join(th[t], NULL);
    bool same = keys[0][1] == keys[0][5] && keys[0][0] >= MN_TZ_NAMED_BASE;
    for (int t = 0; t < 4; t++)
        for (int i = 0; i < 6; i++) same = same && keys[t][i] == keys[0][i];
    CHECK(same);

    /* ---- local <-> UTC ---- */
    CHECK_STR(to_utc("America/New_York", "2021-01-15 12:00:00"), "2021-01-15 17:00:00");
    CHECK_STR(to_utc("America/New_York", "2021-03-14 02:30:00"), "2021-03-14 07:30:00"); /* gap: 03:30 EDT */
    CHECK_STR(to_utc("America/New_York", "2021-11-07 01:30:00"), "2021-11-07 05:30:00"); /* overlap: EDT */
    CHECK_STR(to_utc("Asia/Kolkata", "2021-01-01 05:30:00"), "2021-01-01 00:00:00");
    CHECK_STR(to_utc("+05:30", "2021-01-01 05:30:00"), "2021-01-01 00:00:00");
    CHECK_STR(to_utc("Australia/Lord_Howe", "2021-01-01 11:00:00"), "2021-01-01 00:00:00"); /* +11, 30-min DST */
    int64_t u = 0;
    mn_timestamp_parse("2021-11-07 06:30:00", 19, &u, NULL);
    char out[64];
    mn_timestamp_format(mn_tz_utc_to_local(nyk, u), 0, out);
    CHECK_STR(out, "2021-11-07 01:30:00"); /* EST, the second 01:30 */
    CHECK_DONE();
}
