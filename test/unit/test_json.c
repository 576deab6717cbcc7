/* test_json.c — the JSON text library (src/format/json_text.c): canonical output of
 * json_parse (key order, numbers, escapes), what is rejected as Jackson rejects it, the
 * token stream and skipping, and robustness: truncations of valid documents, every
 * single-byte mutation, random bytes and deep nesting never crash (run under ASan). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/arena.h"
#include "common/strbuf.h"
#include "format/json_reader.h"
#include "format/json_text.h"

static mn_arena A;

/* json_parse of s: its canonical text, or "ERROR". */
static const char *canon(const char *s, size_t n) {
    static char buf[8192];
    mn_strbuf b;
    mn_strbuf_init(&b);
    mn_arena_rewind(&A);
    int rc = mn_json_canonicalize(s, n, &A, &b);
    if (rc == -1) snprintf(buf, sizeof buf, "ERROR");
    else if (rc) snprintf(buf, sizeof buf, "OOM");
    else snprintf(buf, sizeof buf, "%.*s", (int)b.len, b.data ? b.data : "");
    mn_strbuf_free(&b);
    return buf;
}
#define CANON(s) canon(s, strlen(s))

static void test_canonical(void) {
    CHECK_STR(CANON("{\"b\":1, \"a\":[1, 2.50, \"x\"], \"c\":null}"), "{\"a\":[1,2.5,\"x\"],\"b\":1,\"c\":null}");
    CHECK_STR(CANON("  [ ]  "), "[]");
    CHECK_STR(CANON("{}"), "{}");
    CHECK_STR(CANON("123"), "123");
    CHECK_STR(CANON("-0"), "0");
    CHECK_STR(CANON("-0.0"), "-0.0");
    CHECK_STR(CANON("1e2"), "100.0");
    CHECK_STR(CANON("1E-7"), "1.0E-7");
    CHECK_STR(CANON("12345678901234567890123"), "12345678901234567890123");
    CHECK_STR(CANON("1e400"), "\"Infinity\"");
    CHECK_STR(CANON("true"), "true");
    CHECK_STR(CANON("\"a\\u00e9\\n\\/\\\"\""), "\"aé\\n/\\\"\"");
    CHECK_STR(CANON("\"\\u0001\\u001f\""), "\"\\u0001\\u001F\"");
    CHECK_STR(CANON("\"\\ud83d\\ude00\""), "\"\xF0\x9F\x98\x80\"");
    CHECK_STR(CANON("{\"a\":1,\"a\":2}"), "{\"a\":2}");                  /* last duplicate wins */
    CHECK_STR(CANON("{\"\xEF\xBD\x81\":1,\"\xF0\x9F\x98\x80\":2}"), /* UTF-16 order: U+1F600 < U+FF41 */
              "{\"\xF0\x9F\x98\x80\":2,\"\xEF\xBD\x81\":1}");
    CHECK_STR(CANON("\"\xff\""), "\"\xEF\xBF\xBD\"");                     /* invalid UTF-8 replaced */
    CHECK_STR(CANON("1 2"), "1");                                          /* Jackson ignores a 2nd value */
    CHECK_STR(CANON("[1] x"), "ERROR");
    CHECK_STR(CANON("[1]]"), "ERROR");
}

static void test_rejected(void) {
    static const char *const bad[] = {
        "", " ", "[", "]", "{", "}", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{'a':1}",
        "01", "1.", ".5", "+1", "-", "1e", "1e+", "--1", "NaN", "Infinity", "tru", "truex", "nul", "[1 2]",
        "\"abc", "\"\\x\"", "\"\\u12\"", "\"a\nb\"", "[1]x", "1x", "/* c */ 1", "{\"a\":1,}", "\"\\ud800\"",
        "\x01", "[\"a\" \"b\"]",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        const char *got = CANON(bad[k]);
        if (strcmp(got, "ERROR") != 0) fprintf(stderr, "accepted: %s -> %s\n", bad[k], got);
        CHECK(strcmp(got, "ERROR") == 0);
    }
}

static void test_tokens(void) {
    mn_json_lexer lx;
    const char *s = "{\"a\":[1,{\"b\":2}],\"c\":\"x\\\"y\"} ";
    mn_json_lexer_init(&lx, s, strlen(s));
    CHECK(mn_json_next(&lx) == MN_JT_START_OBJECT);
    CHECK(mn_json_next(&lx) == MN_JT_FIELD_NAME);
    CHECK(mn_json_token_equals(&lx, "a", 1));
    CHECK(mn_json_next(&lx) == MN_JT_START_ARRAY);
    CHECK(mn_json_skip_children(&lx) == 0);
    CHECK(lx.tok == MN_JT_END_ARRAY);
    CHECK(mn_json_next(&lx) == MN_JT_FIELD_NAME);
    CHECK(mn_json_next(&lx) == MN_JT_STRING);
    CHECK(mn_json_token_equals(&lx, "x\"y", 3));
    CHECK(mn_json_next(&lx) == MN_JT_END_OBJECT);
    CHECK(mn_json_next(&lx) == MN_JT_EOF);
    CHECK(mn_json_next(&lx) == MN_JT_EOF);

    /* copy of a subtree keeps input order and duplicates, re-writes numbers */
    s = "[{\"z\":1.50,\"a\":-0,\"z\":[]}, 7]";
    mn_json_lexer_init(&lx, s, strlen(s));
    mn_json_next(&lx);
    mn_json_next(&lx);
    mn_strbuf b;
    mn_strbuf_init(&b);
    CHECK(mn_json_copy_value(&lx, &b) == 0);
    CHECK_STR(b.data, "{\"z\":1.5,\"a\":0,\"z\":[]}");
    CHECK(mn_json_next(&lx) == MN_JT_INT);
    mn_strbuf_free(&b);

    /* skipping an unterminated container fails */
    s = "[[1,2";
    mn_json_lexer_init(&lx, s, strlen(s));
    mn_json_next(&lx);
    CHECK(mn_json_skip_children(&lx) == -1);

    /* Java's String order */
    CHECK(mn_json_compare_keys("a", 1, "b", 1) < 0);
    CHECK(mn_json_compare_keys("ab", 2, "a", 1) > 0);
    CHECK(mn_json_compare_keys("", 0, "", 0) == 0);
}

static void test_tree_order(void) {
    const char *s = "{\"b\":1,\"a\":2,\"b\":3}";
    mn_json_lexer lx;
    mn_json_lexer_init(&lx, s, strlen(s));
    mn_json_next(&lx);
    mn_json_node *t;
    mn_arena_rewind(&A);
    CHECK(mn_json_read_tree(&lx, &A, &t) == 0);
    mn_strbuf b;
    mn_strbuf_init(&b);
    CHECK(mn_json_write_tree(&b, t, MN_JSON_ORDER_INPUT, &A) == 0);
    CHECK_STR(b.data, "{\"b\":3,\"a\":2}");
    mn_strbuf_clear(&b);
    CHECK(mn_json_write_tree(&b, t, MN_JSON_ORDER_SORTED, &A) == 0);
    CHECK_STR(b.data, "{\"a\":2,\"b\":3}");
    mn_strbuf_free(&b);
}

/* Runs every entry point over s[0..n): nothing may crash or leak. */
static void exercise(const char *s, size_t n) {
    (void)canon(s, n);
    mn_json_lexer *lx = malloc(sizeof *lx);
    if (!lx) return;
    mn_json_lexer_init(lx, s, n);
    mn_strbuf b;
    mn_strbuf_init(&b);
    for (int k = 0; k < 100000; k++) {
        mn_json_tok t = mn_json_next(lx);
        if (t == MN_JT_EOF || t == MN_JT_ERROR) break;
        if (t == MN_JT_STRING || t == MN_JT_FIELD_NAME) {
            mn_strbuf_clear(&b);
            (void)mn_json_token_string(lx, &b, NULL);
        }
        if ((k & 3) == 1) (void)mn_json_skip_children(lx);
    }
    mn_json_lexer_init(lx, s, n);
    if (mn_json_next(lx) != MN_JT_ERROR) {
        mn_strbuf_clear(&b);
        (void)mn_json_copy_value(lx, &b);
    }
    mn_strbuf_free(&b);
    free(lx);
}

static void test_robustness(void) {
    static const char *const docs[] = {
        "{\"a\":[1,2.5e3,{\"b\":\"x\\u00e9\\ud83d\\ude00\"},null,true,false],\"c\":{\"d\":[[]]}}",
        "[\"\\\\\\\"\\/\\b\\f\\n\\r\\t\", -0.0e-0, 123456789012345678901234567890]",
    };
    int runs = 0;
    for (size_t d = 0; d < 2; d++) {
        const char *doc = docs[d];
        size_t n = strlen(doc);
        char *copy = malloc(n + 1);
        for (size_t cut = 0; cut <= n; cut++) { /* every prefix, in a buffer of exactly that size */
            char *p = malloc(cut ? cut : 1);
            memcpy(p, doc, cut);
            exercise(p, cut);
            free(p);
            runs++;
        }
        static const char repl[] = {'\0', '"', '\\', '[', ']', '{', '}', ',', ':', '\xff', '\x80', 'u', '0', '-'};
        for (size_t at = 0; at < n; at++) {
            for (size_t r = 0; r < sizeof repl; r++) {
                memcpy(copy, doc, n);
                copy[at] = repl[r];
                exercise(copy, n);
                runs++;
            }
        }
        free(copy);
    }
    /* random bytes over a JSON-ish alphabet */
    static const char alpha[] = "{}[]\",:\\u0123456789abcdefnrtl.eE+- \t\n\xc3\xa9\xff";
    unsigned seed = 12345;
    char buf[64];
    for (int k = 0; k < 20000; k++) {
        size_t n = (size_t)(k % 64);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = alpha[(seed >> 16) % (sizeof alpha - 1)];
        }
        char *p = malloc(n ? n : 1);
        memcpy(p, buf, n);
        exercise(p, n);
        free(p);
        runs++;
    }
    CHECK(runs > 20000);

    /* nesting: up to the limit is fine, beyond is an error (not a stack overflow) */
    size_t deep = 200000;
    char *d = malloc(2 * deep + 1);
    for (size_t i = 0; i < deep; i++) d[i] = '[', d[2 * deep - 1 - i] = ']';
    CHECK(strcmp(canon(d, 2 * deep), "ERROR") == 0);
    exercise(d, 2 * deep);
    size_t ok = MN_JSON_MAX_DEPTH;
    memmove(d, d + deep - ok, ok);
    for (size_t i = 0; i < ok; i++) d[ok + i] = ']';
    CHECK(strcmp(canon(d, 2 * ok), "ERROR") != 0);
    free(d);
}

/* Records of a JSON data file (format/json_reader.c): the number of records read before the
 * end (>= 0) or before an error (-1 - records), and the error message. */
static int records(const char *text, size_t n, char *msg, size_t cap) {
    char path[] = "/tmp/mn_json_rec_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return -1000;
    FILE *f = fdopen(fd, "wb");
    fwrite(text, 1, n, f);
    fclose(f);
    mn_json_records r;
    mn_error err;
    int got = 0, rc;
    msg[0] = 0;
    if (mn_json_records_open(&r, path, &err) == 0) {
        while ((rc = mn_json_records_next(&r, &err)) == 1) {
            if (mn_json_skip_children(&r.lx)) {
                mn_json_records_fail(&r, "bad", &err);
                rc = -1;
                break;
            }
            got++;
        }
        mn_json_records_close(&r);
    } else {
        rc = -1;
    }
    if (rc < 0) snprintf(msg, cap, "%s", err.message);
    unlink(path);
    return rc < 0 ? -1 - got : got;
}

static void test_records(void) {
    char m[512];
#define REC(s) records(s, sizeof(s) - 1, m, sizeof m)
    CHECK(REC("{\"a\":1}\n{\"a\":2}\n") == 2);
    CHECK(REC("\n\n{\"a\":1}{\"b\":[1,{}]}\r\n\n") == 2);     /* blank lines, CRLF, same line */
    CHECK(REC("\xEF\xBB\xBF{\"a\":1}") == 1);                    /* byte order mark */
    CHECK(REC(" [ {\"a\":1}, {\"a\":2} , {} ] \n") == 3);          /* one top-level array */
    CHECK(REC("[]") == 0 && REC("") == 0 && REC("  \n ") == 0);
    CHECK(REC("{\"a\":1}\n{\"a\":\n2,}\n{}") == -2 && strstr(m, "at line 2:")); /* where the record starts */
    CHECK(REC("{\"a\":1}\n\n[1]") == -2 && strstr(m, "at line 3: a record must be a JSON object"));
    CHECK(REC("[{\"a\":1}, 2]") == -2 && strstr(m, "a record must be a JSON object"));
    CHECK(REC("[{\"a\":1}] x") == -2);
    CHECK(REC("[{\"a\":1}") == -2);
    CHECK(REC("{\"a\":1} x") == -2 && strstr(m, "at line 1: invalid JSON text"));
    CHECK(REC("nul") == -1 && strstr(m, "Malformed JSON in '/tmp/mn_json_rec_"));
#undef REC
}

int main(void) {
    mn_arena_init(&A, 0);
    test_records();
    test_canonical();
    test_rejected();
    test_tokens();
    test_tree_order();
    test_robustness();
    mn_arena_destroy(&A);
    CHECK_DONE();
}
