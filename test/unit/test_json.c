/* test_json.c — the JSON text library (src/function/json_text.c): canonical output of
 * json_parse (key order, numbers, escapes), what is rejected as Jackson rejects it, the
 * token stream and skipping, and robustness: truncations of valid documents, every
 * single-byte mutation, random bytes and deep nesting never crash (run under ASan). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/arena.h"
#include "common/strbuf.h"
#include "function/json_text.h"

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

int main(void) {
    mn_arena_init(&A, 0);
    test_canonical();
    test_rejected();
    test_tokens();
    test_tree_order();
    test_robustness();
    mn_arena_destroy(&A);
    CHECK_DONE();
}
