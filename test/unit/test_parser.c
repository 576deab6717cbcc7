/* test_parser.c — the SQL lexer and parser: token positions, statement splitting, AST
 * shapes (via the S-expression dump), error positions and messages, every TPC-H query,
 * the sqllogictest statements, the Athena DDL samples, and robustness against prefixes,
 * random mutations and deep nesting. Run from the repo root (test data is read from
 * $MINERVA_TESTDATA or ../shared/testdata). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sql/ast.h"
#include "sql/ast_dump.h"
#include "sql/lexer.h"

static mn_arena A;
static mn_error E;
static char fmt_buf[2048];

static const char *testdata(void) {
    const char *d = getenv("MINERVA_TESTDATA");
    return d && *d ? d : "../shared/testdata";
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n == cap && !(buf = realloc(buf, cap *= 2))) break;
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0) break;
        n += r;
    }
    fclose(f);
    if (buf) *len = n;
    return buf;
}

/* Parses one statement; returns its dump or "ERROR line:col: message". */
static const char *stmt(const char *sql) {
    mn_arena_reset(&A);
    memset(&E, 0, sizeof E);
    mn_ast_stmt *s = mn_parse_statement(&A, sql, strlen(sql), &E);
    if (!s) return mn_error_format(&E, fmt_buf, sizeof fmt_buf);
    return mn_ast_dump_stmt(&A, s);
}

static const char *expr(const char *sql) {
    mn_arena_reset(&A);
    memset(&E, 0, sizeof E);
    mn_ast_expr *e = mn_parse_expression(&A, sql, strlen(sql), &E);
    if (!e) return mn_error_format(&E, fmt_buf, sizeof fmt_buf);
    return mn_ast_dump_expr(&A, e);
}

static mn_ast_stmt *parse(const char *sql) {
    mn_arena_reset(&A);
    memset(&E, 0, sizeof E);
    return mn_parse_statement(&A, sql, strlen(sql), &E);
}

/* The statement fails with a syntax error at line:col whose message starts with `msg`. */
static void check_error(const char *sql, int line, int col, const char *msg) {
    mn_ast_stmt *s = parse(sql);
    CHECK(s == NULL);
    CHECK(E.code == MN_ERR_SYNTAX);
    if (E.line != line || E.column != col || strncmp(E.message, msg, strlen(msg)) != 0) {
        check_failed++;
        fprintf(stderr, "error for [%s]: got %d:%d %s, want %d:%d %s...\n", sql, E.line, E.column, E.message, line,
                col, msg);
    } else {
        check_passed++;
    }
}

/* ---------- lexer ---------- */

static void test_keywords(void) {
    for (int k = 2; k < MN_KW__COUNT; k++) CHECK(strcmp(mn_keyword_name(k - 1), mn_keyword_name(k)) < 0);
    CHECK(mn_keyword_lookup("select", 6) == MN_KW_SELECT);
    CHECK(mn_keyword_lookup("SeLeCt", 6) == MN_KW_SELECT);
    CHECK(mn_keyword_lookup("current_timestamp", 17) == MN_KW_CURRENT_TIMESTAMP);
    CHECK(mn_keyword_lookup("selectx", 7) == MN_KW_NONE);
    CHECK(mn_keyword_lookup("", 0) == MN_KW_NONE);
    CHECK(mn_keyword_reserved(MN_KW_FROM));
    CHECK(!mn_keyword_reserved(MN_KW_DATE));
    CHECK(!mn_keyword_reserved(MN_KW_LIMIT));
}

static void test_lexer_positions(void) {
    const char *sql = "SELECT 'é', x\n  /* c\n */ \"Q\"\"q\" -- tail\n\t1.5e3 <> .5";
    mn_lexer lx;
    mn_arena_reset(&A);
    mn_lexer_init(&lx, &A, sql, strlen(sql));
    struct {
        mn_token_kind kind;
        int line, col;
        const char *text;
    } want[] = {
        {MN_TK_WORD, 1, 1, "SELECT"}, {MN_TK_STRING, 1, 8, "é"},  {MN_TK_COMMA, 1, 11, ""},
        {MN_TK_WORD, 1, 13, "x"},     {MN_TK_QIDENT, 3, 5, "Q\"q"}, {MN_TK_DOUBLE, 4, 2, "1.5e3"},
        {MN_TK_NE, 4, 8, ""},         {MN_TK_DECIMAL, 4, 11, ".5"}, {MN_TK_EOF, 4, 13, ""},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        mn_token t;
        mn_lexer_next(&lx, &t);
        CHECK(t.kind == want[i].kind);
        CHECK(t.line == want[i].line);
        CHECK(t.column == want[i].col);
        CHECK_STR(t.text, want[i].text);
    }
}

static void test_lexer_misc(void) {
    mn_lexer lx;
    mn_token t;
    const char *s1 = "'it''s' `b``q` X'0A' U&'\\0041\\+01F600' 007 12. -> ? : ||";
    mn_arena_reset(&A);
    mn_lexer_init(&lx, &A, s1, strlen(s1));
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_STRING);
    CHECK_STR(t.text, "it's");
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_QIDENT);
    CHECK_STR(t.text, "b`q");
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_BINARY);
    CHECK_STR(t.text, "0A");
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_STRING);
    CHECK_STR(t.text, "A\xF0\x9F\x98\x80");
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_INTEGER);
    CHECK_STR(t.text, "007");
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_DECIMAL);
    CHECK_STR(t.text, "12.");
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_ARROW);
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_QUESTION);
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_COLON);
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_CONCAT);
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_EOF);

    /* Hive mode: backslash escapes, double-quoted strings */
    const char *s2 = "'\\t' '\\001' '\\u0001' '\\\\' \"a\\\"b\" '\\'' '\\%' '\\s'";
    const char *want[] = {"\t", "\x01", "\x01", "\\", "a\"b", "'", "\\%", "s"};
    mn_lexer_init(&lx, &A, s2, strlen(s2));
    lx.hive = true;
    for (int i = 0; i < 8; i++) {
        mn_lexer_next(&lx, &t);
        CHECK(t.kind == MN_TK_STRING);
        CHECK_STR(t.text, want[i]);
    }
    uint32_t len;
    char *u = mn_hive_unescape(&A, "\\0x\\n", 5, &len);
    CHECK(u && len == 3 && u[0] == '\0' && u[1] == 'x' && u[2] == '\n');

    /* errors stay put */
    const char *s3 = "a 'open";
    mn_lexer_init(&lx, &A, s3, strlen(s3));
    mn_lexer_next(&lx, &t);
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_ERROR && t.column == 3);
    mn_lexer_next(&lx, &t);
    CHECK(t.kind == MN_TK_ERROR && t.column == 3);
}

static void test_statement_end(void) {
    int complete, blank;
    const char *s = "select 1; select 2";
    CHECK(mn_statement_end(s, strlen(s), &complete, &blank) == 9);
    CHECK(complete == 1 && blank == 0);
    s = "select ';' ; x";
    CHECK(mn_statement_end(s, strlen(s), &complete, &blank) == 12);
    s = "select 'it''s;' ; x";
    CHECK(mn_statement_end(s, strlen(s), &complete, &blank) == 17);
    s = "select \"a;b\", `c;d` from t;";
    CHECK(mn_statement_end(s, strlen(s), &complete, &blank) == strlen(s) && complete == 1);
    s = "-- a;b\nselect 1";
    CHECK(mn_statement_end(s, strlen(s), &complete, &blank) == strlen(s));
    CHECK(complete == 0 && blank == 0);
    s = "/* ; */ ;";
    CHECK(mn_statement_end(s, strlen(s), &complete, &blank) == 9);
    CHECK(complete == 1 && blank == 1);
    s = "  \n -- only a comment\n";
    CHECK(mn_statement_end(s, strlen(s), &complete, &blank) == strlen(s));
    CHECK(complete == 0 && blank == 1);
    CHECK(mn_statement_end("", 0, &complete, &blank) == 0);
    CHECK(complete == 0 && blank == 1);
    s = "select 'abc;";
    CHECK(mn_statement_end(s, strlen(s), &complete, &blank) == strlen(s) && complete == 0);
    s = "select 1 /* unterminated ;";
    CHECK(mn_statement_end(s, strlen(s), &complete, &blank) == strlen(s) && complete == 0);
    s = ";";
    CHECK(mn_statement_end(s, 1, &complete, &blank) == 1 && complete == 1 && blank == 1);
    CHECK(mn_statement_end(NULL, 5, NULL, NULL) == 0);
}

/* ---------- expressions ---------- */

static void test_precedence(void) {
    CHECK_STR(expr("1 + 2 * 3"), "(+ 1 (* 2 3))");
    CHECK_STR(expr("(1 + 2) * 3"), "(* (+ 1 2) 3)");
    CHECK_STR(expr("1 - 2 - 3"), "(- (- 1 2) 3)");
    CHECK_STR(expr("a or b and c"), "(OR a (AND b c))");
    CHECK_STR(expr("a and b or c"), "(OR (AND a b) c)");
    CHECK_STR(expr("not a = b"), "(NOT (= a b))");
    CHECK_STR(expr("not a and b"), "(AND (NOT a) b)");
    CHECK_STR(expr("a || b + c"), "(|| a (+ b c))");
    CHECK_STR(expr("a || b || c"), "(|| (|| a b) c)");
    CHECK_STR(expr("-a * b"), "(* (- a) b)");
    CHECK_STR(expr("- - 1"), "(- (- 1))");
    CHECK_STR(expr("a % b / c"), "(/ (% a b) c)");
    CHECK_STR(expr("a = 1 and b <> 2 or c != 3"), "(OR (AND (= a 1) (<> b 2)) (<> c 3))");
    CHECK_STR(expr("x between 1 and 2 and y"), "(AND (BETWEEN x 1 2) y)");
    CHECK_STR(expr("x not between a + 1 and b * 2"), "(NOT-BETWEEN x (+ a 1) (* b 2))");
    CHECK_STR(expr("a < b is null"), "line 1:7: mismatched input 'is'. Expecting: '%', '*', '+', '-', '.', '/', "
                                     "'AND', 'AT', 'OR', '[', '||', <EOF>");
    CHECK_STR(expr("a.b[1].c"), "(DEREF (SUBSCRIPT a.b 1) c)");
    CHECK_STR(expr("-x at time zone 'UTC'"), "(- (CALL at_timezone x 'UTC'))");
}

static void test_expressions(void) {
    CHECK_STR(expr("x in (1, 2) and y not in (select 1) and z like 'a%' escape '!' and w not like 'b'"),
              "(AND (AND (AND (IN x (LIST 1 2)) (NOT-IN y (SELECT 1))) (LIKE z 'a%' (ESCAPE '!'))) (NOT-LIKE w 'b'))");
    CHECK_STR(expr("a is null or b is not null or c is distinct from d or e is not distinct from f"),
              "(OR (OR (OR (IS-NULL a) (IS-NOT-NULL b)) (IS-DISTINCT c d)) (IS-NOT-DISTINCT e f))");
    CHECK_STR(expr("a = any (select 1) and b >= all (select 2) and c < some (select 3)"),
              "(AND (AND (= ANY a (SELECT 1)) (>= ALL b (SELECT 2))) (< ANY c (SELECT 3)))");
    CHECK_STR(expr("exists (select 1) and not exists (select 2)"), "(AND (EXISTS (SELECT 1)) (NOT-EXISTS (SELECT 2)))");
    CHECK_STR(expr("case when a then 1 when b then 2 else 3 end"), "(CASE (WHEN a 1) (WHEN b 2) (ELSE 3))");
    CHECK_STR(expr("case x when 1 then 'a' end"), "(CASE x (WHEN 1 'a'))");
    CHECK_STR(expr("cast(a as decimal(15, 2))"), "(CAST a decimal(15,2))");
    CHECK_STR(expr("try_cast(a AS VARCHAR(25))"), "(TRY_CAST a varchar(25))");
    CHECK_STR(expr("cast(a as array(integer))"), "(CAST a array(integer))");
    CHECK_STR(expr("cast(a as array<string>)"), "(CAST a array<string>)");
    CHECK_STR(expr("cast(a as map<string, int>)"), "(CAST a map<string,int>)");
    CHECK_STR(expr("cast(a as struct<a:int, B:string>)"), "(CAST a struct<a:int,b:string>)");
    CHECK_STR(expr("cast(a as row(a integer, \"B\" varchar))"), "(CAST a row(a integer,\"B\" varchar))");
    CHECK_STR(expr("cast(a as timestamp(6))"), "(CAST a timestamp(6))");
    CHECK_STR(expr("cast(a as timestamp with time zone)"), "(CAST a timestamp with time zone)");
    CHECK_STR(expr("cast(a as time(3) without time zone)"), "(CAST a time(3))");
    CHECK_STR(expr("cast(a as interval day to second)"), "(CAST a interval day to second)");
    CHECK_STR(expr("cast(a as double precision)"), "(CAST a double)");
    CHECK_STR(expr("cast(a as map(varchar, array(row(x double precision))))"),
              "(CAST a map(varchar,array(row(x double))))");
    CHECK_STR(expr("extract(year from d) + extract(day_of_week from d)"),
              "(+ (EXTRACT YEAR d) (EXTRACT DAY_OF_WEEK d))");
    CHECK_STR(expr("date '2020-01-01' + interval '3' month - interval -'1' day"),
              "(- (+ DATE'2020-01-01' (INTERVAL '3' MONTH)) (INTERVAL -'1' DAY))");
    CHECK_STR(expr("interval '1-2' year to month"), "(INTERVAL '1-2' YEAR TO MONTH)");
    CHECK_STR(expr("timestamp '2020-01-01 10:00' < time '10:00'"),
              "(< TIMESTAMP'2020-01-01 10:00' TIME'10:00')");
    CHECK_STR(expr("decimal '1.5' + real '2' + double precision '3' + x'0aff'"),
              "(+ (+ (+ DECIMAL'1.5' REAL'2') DOUBLE'3') X'0aff')");
    CHECK_STR(expr("null is null and true and not false"), "(AND (AND (IS-NULL NULL) TRUE) (NOT FALSE))");
    CHECK_STR(expr("'it''s' || 'x'"), "(|| 'it''s' 'x')");
    CHECK_STR(expr("count(*) + count(distinct a) + count(all b)"),
              "(+ (+ (CALL count *) (CALL count DISTINCT a)) (CALL count b))");
    CHECK_STR(expr("array_agg(x order by y desc nulls last) filter (where x > 0)"),
              "(CALL array_agg x (ORDER (y DESC NULLS LAST)) (FILTER (> x 0)))");
    CHECK_STR(expr("sum(x) over (partition by a, b order by c rows between 1 preceding and unbounded following)"),
              "(CALL sum x (WINDOW (PARTITION a b) (ORDER c) (ROWS 1 PRECEDING UNBOUNDED FOLLOWING)))");
    CHECK_STR(expr("rank() over w"), "(CALL rank (WINDOW w))");
    CHECK_STR(expr("lag(x) ignore nulls over (w order by y range current row)"),
              "(CALL lag x IGNORE-NULLS (WINDOW w (ORDER y) (RANGE CURRENT ROW CURRENT ROW)))");
    CHECK_STR(expr("listagg(s, ',') within group (order by s)"), "(CALL listagg s ',' (ORDER s))");
    CHECK_STR(expr("row(1, 'a') = (1, 'a')"), "(= (ROW 1 'a') (ROW 1 'a'))");
    CHECK_STR(expr("array[1, 2][1] + cardinality(array[])"), "(+ (SUBSCRIPT (ARRAY 1 2) 1) (CALL cardinality (ARRAY)))");
    CHECK_STR(expr("(select 1) + 1"), "(+ (SUBQUERY (SELECT 1)) 1)");
    CHECK_STR(expr("((select 1) + 1)"), "(+ (SUBQUERY (SELECT 1)) 1)");
    CHECK_STR(expr("((select 1) union (select 2))"), "(SUBQUERY (UNION (SELECT 1) (SELECT 2)))");
    CHECK_STR(expr("transform(a, x -> x + 1)"), "(CALL transform a (LAMBDA (x) (+ x 1)))");
    CHECK_STR(expr("reduce(a, 0, (s, x) -> s + x, s -> s)"),
              "(CALL reduce a 0 (LAMBDA (s x) (+ s x)) (LAMBDA (s) s))");
    CHECK_STR(expr("? + ? * ?"), "(+ ?0 (* ?1 ?2))");
    CHECK_STR(expr("current_date + current_timestamp(3) + localtimestamp + current_user"),
              "(+ (+ (+ (CALL current_date) (CALL current_timestamp 3)) (CALL localtimestamp)) (CALL current_user))");
    CHECK(strncmp(expr("substring(s from 2 for 3) || substring(s, 1) || substr(s from 1)"),
                  "line 1:58: mismatched input 'from'. Expecting: ", 46) == 0);
    CHECK_STR(expr("substring(s from 2 for 3) || substring(s, 1)"),
              "(|| (CALL substr s 2 3) (CALL substring s 1))");
    CHECK_STR(expr("position('a' in s) + strpos(s, 'a')"), "(+ (CALL strpos s 'a') (CALL strpos s 'a'))");
    CHECK_STR(expr("trim(s) || trim(leading from s) || trim(trailing 'x' from s) || trim(both 'y' from s) || "
                   "trim('z' from s) || trim(s, 'q')"),
              "(|| (|| (|| (|| (|| (CALL trim s) (CALL ltrim s)) (CALL rtrim s 'x')) (CALL trim s 'y')) (CALL trim s "
              "'z')) (CALL trim s 'q'))");
    CHECK_STR(expr("grouping(a, b)"), "(CALL grouping a b)");
    CHECK_STR(expr("t.\"Col\" + `x`.y + sys.f(1)"), "(+ (+ t.\"Col\" \"x\".y) (CALL sys.f 1))");
    CHECK_STR(expr("9223372036854775807 + 9223372036854775808"), "(+ 9223372036854775807 9223372036854775808)");
    /* non-reserved keywords stay usable as names */
    CHECK_STR(expr("date + year + month + day + comment + location + format + data + position + first + last + "
                   "row + rows + time + timestamp + zone + filter + over + limit + interval + array + if"),
              "(+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ (+ date year) month) day) comment) location) "
              "format) data) position) first) last) row) rows) time) timestamp) zone) filter) over) limit) interval) "
              "array) if)");
    CHECK_STR(expr("date(x) + if(a, 1, 2)"), "(+ (CALL date x) (CALL if a 1 2))");

    mn_arena_reset(&A);
    mn_ast_expr *e = mn_parse_expression(&A, "9223372036854775807", 19, &E);
    CHECK(e && e->kind == MN_AST_LITERAL && e->u.literal.fits_int64 && e->u.literal.i == INT64_MAX);
    e = mn_parse_expression(&A, "99999999999999999999", 20, &E);
    CHECK(e && e->u.literal.kind == MN_LIT_INTEGER && !e->u.literal.fits_int64);
    e = mn_parse_expression(&A, "'a\0b'", 5, &E);
    CHECK(e && e->u.literal.kind == MN_LIT_STRING && e->u.literal.len == 3);
    e = mn_parse_expression(&A, "  a +\n  b", 9, &E);
    CHECK(e && e->pos.line == 1 && e->pos.column == 5); /* binary nodes sit at their operator */
    CHECK(e && e->u.binary.left->pos.line == 1 && e->u.binary.left->pos.column == 3);
    CHECK(e && e->u.binary.right->pos.line == 2 && e->u.binary.right->pos.column == 3);
    e = mn_parse_expression(&A, "interval '2' hour to second", 27, &E);
    CHECK(e && e->u.interval.from == 3 && e->u.interval.to == 5 && e->u.interval.sign == 1);
}

/* ---------- queries and statements ---------- */

static void test_queries(void) {
    CHECK_STR(stmt("select * from t"), "(SELECT * (FROM (TABLE t)))");
    CHECK_STR(stmt("SELECT DISTINCT a AS x, b y, t.*, db.t.c FROM db.t AS t(a, b);"),
              "(SELECT DISTINCT (AS a x) (AS b y) t.* db.t.c (FROM (TABLE db.t AS t (a b))))");
    CHECK_STR(stmt("select l_shipdate as year, date from t limit 5"),
              "(QUERY (SELECT (AS l_shipdate year) date (FROM (TABLE t))) (LIMIT 5))");
    CHECK_STR(stmt("select a from t1, t2 x, (select 1) s"),
              "(SELECT a (FROM (JOIN IMPLICIT (JOIN IMPLICIT (TABLE t1) (TABLE t2 AS x)) (SUBQUERY (SELECT 1) AS s))))");
    CHECK_STR(stmt("select a from t1 join t2 using (k) left outer join t3 on t3.x = t1.x right join t4 on true "
                   "full join t5 on false cross join t6 natural join t7 natural left join t8 inner join t9 on 1 = 1"),
              "(SELECT a (FROM (JOIN INNER (NATURAL-JOIN LEFT (NATURAL-JOIN INNER (JOIN CROSS (JOIN FULL (JOIN RIGHT "
              "(JOIN LEFT (JOIN INNER (TABLE t1) (TABLE t2) (USING k)) (TABLE t3) (ON (= t3.x t1.x))) (TABLE t4) (ON "
              "TRUE)) (TABLE t5) (ON FALSE)) (TABLE t6)) (TABLE t7)) (TABLE t8)) (TABLE t9) (ON (= 1 1)))))");
    CHECK_STR(stmt("select a from t1 join t2 join t3 on t2.x = t3.x on t1.y = t2.y"),
              "(SELECT a (FROM (JOIN INNER (TABLE t1) (JOIN INNER (TABLE t2) (TABLE t3) (ON (= t2.x t3.x))) (ON (= "
              "t1.y t2.y)))))");
    CHECK_STR(stmt("select * from (values (1, 'a'), (2, 'b')) as v(id, name), unnest(array[1,2], m) with "
                   "ordinality as u(x, o)"),
              "(SELECT * (FROM (JOIN IMPLICIT (VALUES (ROW 1 'a') (ROW 2 'b') AS v (id name)) (UNNEST (ARRAY 1 2) m "
              "WITH-ORDINALITY AS u (x o)))))");
    CHECK_STR(stmt("select * from t cross join unnest(a) as x(v), lateral (select 1) l"),
              "(SELECT * (FROM (JOIN IMPLICIT (JOIN CROSS (TABLE t) (UNNEST a AS x (v))) (LATERAL (SELECT 1) AS l))))");
    CHECK_STR(stmt("select * from read_parquet('x.parquet') r, table(sequence(1, 2))"),
              "(SELECT * (FROM (JOIN IMPLICIT (TABLE-FUNCTION (CALL read_parquet 'x.parquet') AS r) (TABLE-FUNCTION "
              "(CALL sequence 1 2)))))");
    CHECK_STR(stmt("select * from ((a join b on a.x = b.x)) j, ((select 1) union (select 2)) u"),
              "(SELECT * (FROM (JOIN IMPLICIT (JOIN INNER (TABLE a) (TABLE b) (ON (= a.x b.x)) AS j) (SUBQUERY (UNION "
              "(SELECT 1) (SELECT 2)) AS u))))");
    CHECK_STR(stmt("select a, count(*) from t where a > 1 group by a having count(*) > 2 order by 2 desc, a "
                   "nulls first offset 1 row limit 10"),
              "(QUERY (SELECT a (CALL count *) (FROM (TABLE t)) (WHERE (> a 1)) (GROUP a) (HAVING (> (CALL count *) "
              "2))) (ORDER (2 DESC) (a NULLS FIRST)) (OFFSET 1) (LIMIT 10))");
    CHECK_STR(stmt("select a from t group by rollup (a, b), cube (c), grouping sets ((a), (b, c), ()), (), (d, e)"),
              "(SELECT a (FROM (TABLE t)) (GROUP (ROLLUP a b) (CUBE c) (SETS ( a) ( b c) ()) () ( d e)))");
    CHECK_STR(stmt("select a from t group by distinct a, 1"), "(SELECT a (FROM (TABLE t)) (GROUP DISTINCT a 1))");
    CHECK_STR(stmt("select rank() over w from t window w as (partition by a), v as (w order by b)"),
              "(SELECT (CALL rank (WINDOW w)) (FROM (TABLE t)) (NAMED w (WINDOW (PARTITION a))) (NAMED v (WINDOW w "
              "(ORDER b))))");
    CHECK_STR(stmt("with recursive r(n) as (select 1 union all select n + 1 from r where n < 10), s as (select 2) "
                   "select * from r"),
              "(QUERY (WITH-RECURSIVE (r(n) (UNION-ALL (SELECT 1) (SELECT (+ n 1) (FROM (TABLE r)) (WHERE (< n "
              "10))))) (s (SELECT 2))) (SELECT * (FROM (TABLE r))))");
    CHECK_STR(stmt("select 1 union select 2 intersect select 3 except all select 4 union distinct select 5"),
              "(UNION (EXCEPT-ALL (UNION (SELECT 1) (INTERSECT (SELECT 2) (SELECT 3))) (SELECT 4)) (SELECT 5))");
    CHECK_STR(stmt("(select 1 order by 1 limit 1) union all (select 2) order by 1 offset 1 rows fetch first 3 rows "
                   "only"),
              "(QUERY (UNION-ALL (QUERY (SELECT 1) (ORDER 1) (LIMIT 1)) (SELECT 2)) (ORDER 1) (OFFSET 1) (LIMIT 3))");
    CHECK_STR(stmt("select * from t fetch next row with ties"), "(QUERY (SELECT * (FROM (TABLE t))) (LIMIT-WITH-TIES 1))");
    CHECK_STR(stmt("select * from t limit all"), "(SELECT * (FROM (TABLE t)))");
    CHECK_STR(stmt("select * from t limit 10 offset 5"), "(QUERY (SELECT * (FROM (TABLE t))) (OFFSET 5) (LIMIT 10))");
    CHECK_STR(stmt("select * from t limit ?"), "(QUERY (SELECT * (FROM (TABLE t))) (LIMIT ?0))");
    CHECK_STR(stmt("table db.t"), "(TABLE db.t)");
    CHECK_STR(stmt("values 1, 2"), "(VALUES 1 2)");
    CHECK_STR(stmt("values (1, 'a'), (2, 'b')"), "(VALUES (ROW 1 'a') (ROW 2 'b'))");
    CHECK_STR(stmt("((select 1))"), "(SELECT 1)");
    CHECK_STR(stmt("select 1 -- comment\n ; "), "(SELECT 1)");
    CHECK_STR(stmt("/* lead */ select 1 /* trail */"), "(SELECT 1)");
    CHECK_STR(stmt("select x from t where x in ((select 1)) and y in ((select 1), 2)"),
              "(SELECT x (FROM (TABLE t)) (WHERE (AND (IN x (SELECT 1)) (IN y (LIST (SUBQUERY (SELECT 1)) 2)))))");
}

static void test_statements(void) {
    CHECK_STR(stmt("explain select 1"), "(EXPLAIN (SELECT 1))");
    CHECK_STR(stmt("explain analyze select 1"), "(EXPLAIN-ANALYZE (SELECT 1))");
    CHECK_STR(stmt("explain (type distributed, format text) select 1"), "(EXPLAIN (SELECT 1))");
    CHECK_STR(stmt("explain (select 1)"), "(EXPLAIN (SELECT 1))");
    CHECK_STR(stmt("use cat.sch"), "(USE cat.sch)");
    CHECK_STR(stmt("insert into t values (1, 2), (3, 4)"), "(INSERT t (VALUES (ROW 1 2) (ROW 3 4)))");
    CHECK_STR(stmt("insert into db.t (a, b) select 1, 2"), "(INSERT db.t(a b) (SELECT 1 2))");
    CHECK_STR(stmt("insert into t (select 1)"), "(INSERT t (SELECT 1))");
    CHECK_STR(stmt("insert into table t with x as (select 1) select * from x"),
              "(INSERT t (QUERY (WITH (x (SELECT 1))) (SELECT * (FROM (TABLE x)))))");
    CHECK_STR(stmt("show databases"), "(SHOW-SCHEMAS)");
    CHECK_STR(stmt("SHOW SCHEMAS LIKE 'a%'"), "(SHOW-SCHEMAS (LIKE a%))");
    CHECK_STR(stmt("show tables"), "(SHOW-TABLES)");
    CHECK_STR(stmt("show tables in db like 'x%'"), "(SHOW-TABLES db (LIKE x%))");
    CHECK_STR(stmt("show tables from db"), "(SHOW-TABLES db)");
    CHECK_STR(stmt("show tables 'x*'"), "(SHOW-TABLES (LIKE x*))");
    CHECK_STR(stmt("show columns from db.t"), "(SHOW-COLUMNS db.t)");
    CHECK_STR(stmt("show columns in t in db"), "(SHOW-COLUMNS db.t)");
    CHECK_STR(stmt("describe db.t"), "(SHOW-COLUMNS db.t)");
    CHECK_STR(stmt("DESC t"), "(SHOW-COLUMNS t)");
    CHECK_STR(stmt("describe formatted t"), "(SHOW-COLUMNS t)");
    CHECK_STR(stmt("describe formatted"), "(SHOW-COLUMNS formatted)");
    CHECK_STR(stmt("show create table db.t"), "(SHOW-CREATE-TABLE db.t)");
    CHECK_STR(stmt("show functions like 'a%'"), "(SHOW-FUNCTIONS (LIKE a%))");
    CHECK_STR(stmt("drop table if exists db.t"), "(DROP-TABLE db.t IF-EXISTS)");
    CHECK_STR(stmt("drop table `db.t`"), "(DROP-TABLE \"db\".\"t\")");
    CHECK_STR(stmt("drop view v"), "(DROP-VIEW v)");
    CHECK_STR(stmt("delete from db.t where a = 1"), "(DELETE db.t (WHERE (= a 1)))");
    CHECK_STR(stmt("DELETE FROM t"), "(DELETE t)");
    CHECK_STR(stmt("update t set a = a + 1, b = 'x' where c"), "(UPDATE t (SET a (+ a 1)) (SET b 'x') (WHERE c))");
    CHECK_STR(stmt("create unique index if not exists i on db.t (a desc, b)"),
              "(CREATE-INDEX i ON db.t (a desc, b) IF-NOT-EXISTS)");
    CHECK_STR(stmt("drop index if exists i"), "(DROP-INDEX i IF-EXISTS)");
    CHECK_STR(stmt("analyze db.t"), "(ANALYZE db.t)");
    CHECK_STR(stmt("SHOW STATS FOR t"), "(SHOW-STATS t)");
    CHECK_STR(stmt("create table t (a int primary key, b text unique null, c int not null, "
                   "constraint k primary key (a, c), unique (b))"),
              "(CREATE-TABLE t (COLUMNS (a int NOT-NULL KEY) (b text KEY) (c int NOT-NULL)))");
    CHECK_STR(stmt("drop database if exists d cascade"), "(DROP-SCHEMA d IF-EXISTS CASCADE)");
    CHECK_STR(stmt("drop schema s restrict"), "(DROP-SCHEMA s)");
    CHECK_STR(stmt("create database if not exists d comment 'c' location 's3://x/' with dbproperties ('a'='b')"),
              "(CREATE-SCHEMA d IF-NOT-EXISTS (COMMENT c) (LOCATION s3://x/) (PROPERTIES (a b)))");
    CHECK_STR(stmt("create schema s with (location = 's3://y/', x = 1 + 1)"),
              "(CREATE-SCHEMA s (PROPERTIES (location s3://y/) (x 1 + 1)))");
    CHECK_STR(stmt("create table t with (format = 'PARQUET', partitioned_by = ARRAY['ds']) as select * from u with "
                   "no data"),
              "(CREATE-TABLE-AS t (WITH (format PARQUET) (partitioned_by ARRAY['ds'])) (SELECT * (FROM (TABLE u))) "
              "WITH-NO-DATA)");
    CHECK_STR(stmt("create table if not exists t (a, b) as select 1, 2 with data"),
              "(CREATE-TABLE-AS t IF-NOT-EXISTS (COLUMNS (a) (b)) (SELECT 1 2))");
    CHECK_STR(stmt("create table t (a bigint not null comment 'key', b varchar with (x = 1)) comment 'tab' with "
                   "(format='ORC')"),
              "(CREATE-TABLE t (COLUMNS (a bigint NOT-NULL (COMMENT key)) (b varchar)) (COMMENT tab) (WITH (format "
              "ORC)))");
    CHECK_STR(stmt("create table t (a int) partitioned by (b string, bucket(16, a)) stored as parquet location "
                   "'s3://b/' tblproperties ('k'='v', \"k2\" = \"v2\")"),
              "(CREATE-TABLE t (COLUMNS (a int)) (PARTITIONED (b string) (bucket(16, a))) (STORED-AS PARQUET) "
              "(LOCATION s3://b/) (TBLPROPERTIES (k v) (k2 v2)))");
    CHECK_STR(stmt("create view v as select 1"), "(CREATE-VIEW v (SELECT 1))");
    CHECK_STR(stmt("create or replace view db.v comment 'c' security invoker as (select 1)"),
              "(CREATE-OR-REPLACE-VIEW db.v (SELECT 1))");

    mn_ast_stmt *s = parse("create view v as select a -- c\n from t ;");
    CHECK(s && s->kind == MN_STMT_CREATE_VIEW);
    if (s) CHECK_STR(s->u.view.query_text, "select a -- c\n from t");

    /* Hive DDL: delimiters unescaped as Hive does; Trino strings in the CTAS query stay as written */
    s = parse("create external table t (a int, m map<string,int>) row format delimited fields terminated by "
              "'\\001' escaped by '\\\\' collection items terminated by '\\002' map keys terminated by '\\u0003' "
              "lines terminated by '\\n' null defined as '\\\\N' stored as textfile location 'file:///x'");
    CHECK(s && s->kind == MN_STMT_CREATE_TABLE);
    if (s) {
        const mn_create_table *ct = &s->u.create_table;
        CHECK(ct->external && ct->row_format_delimited);
        CHECK_STR(ct->fields_terminated_by, "\x01");
        CHECK_STR(ct->escaped_by, "\\");
        CHECK_STR(ct->collection_items_terminated_by, "\x02");
        CHECK_STR(ct->map_keys_terminated_by, "\x03");
        CHECK_STR(ct->lines_terminated_by, "\n");
        CHECK_STR(ct->null_defined_as, "\\N");
        CHECK_STR(ct->stored_as, "TEXTFILE");
        CHECK_STR(ct->location, "file:///x");
        CHECK_STR(ct->columns[1].type_text, "map<string,int>");
        CHECK(ct->columns[1].type_pos.line == 1 && ct->columns[1].type_pos.column == 35);
    }
    s = parse("create table t (a int) row format delimited fields terminated by '\\t'");
    CHECK(s && !s->u.create_table.external);
    if (s) CHECK_STR(s->u.create_table.fields_terminated_by, "\t");
    s = parse("create table t as select 'a\\b' x, 'it''s' y");
    CHECK(s && s->kind == MN_STMT_CREATE_TABLE_AS);
    if (s) {
        const mn_select *sel = s->u.create_table.query->body->u.select;
        CHECK_STR(sel->items[0].expr->u.literal.text, "a\\b");
        CHECK_STR(sel->items[1].expr->u.literal.text, "it's");
    }
    s = parse("create table t with (location = 'C:\\') as select 'C:\\' x");
    CHECK(s && s->kind == MN_STMT_CREATE_TABLE_AS);
    if (s) {
        CHECK_STR(s->u.create_table.with_properties.items[0].value, "C:\\");
        CHECK_STR(s->u.create_table.query->body->u.select->items[0].expr->u.literal.text, "C:\\");
    }
    s = parse("create table t (a varchar comment 'it''s') partitioned by (category) location 's3://x/'");
    CHECK(s && s->u.create_table.npartition_columns == 1);
    if (s) {
        CHECK_STR(s->u.create_table.columns[0].comment, "it's");
        CHECK(s->u.create_table.partition_columns[0].type_text == NULL);
    }
    s = parse("create table `db.tbl` (a int) row format serde 'x.Y' with serdeproperties ('input.regex'='\\\\[(.*)\\\\]')");
    CHECK(s && s->u.create_table.name.n == 2);
    if (s) {
        CHECK_STR(s->u.create_table.name.parts[0].name, "db");
        CHECK_STR(s->u.create_table.name.parts[1].name, "tbl");
        CHECK_STR(s->u.create_table.serde, "x.Y");
        CHECK(s->u.create_table.serde_properties.n == 1);
        CHECK_STR(s->u.create_table.serde_properties.items[0].value, "\\[(.*)\\]");
    }
    s = parse("select 1");
    CHECK(s && s->pos.line == 1 && s->pos.column == 1 && E.code == MN_OK);
}

/* ---------- errors ---------- */

static void test_errors(void) {
    check_error("SELECT * FORM t", 1, 10,
                "mismatched input 'FORM'. Expecting: ',', 'EXCEPT', 'FETCH', 'FROM', 'GROUP', 'HAVING', 'INTERSECT', "
                "'LIMIT', 'OFFSET', 'ORDER', 'UNION', 'WHERE', 'WINDOW', <EOF>");
    check_error("SELECT a,\n  b\nFRM t", 3, 5, "mismatched input 't'");
    check_error("UPDATE t a = 1", 1, 10, "mismatched input 'a'. Expecting: 'SET'");
    check_error("CREATE UNIQUE TABLE t (a int)", 1, 15, "mismatched input 'TABLE'. Expecting: 'INDEX'");
    check_error("CREATE TABLE t (a int PRIMARY b)", 1, 31, "mismatched input 'b'. Expecting: 'KEY'");
    check_error("SELECT a\nFROM t\nWHERE a = = 1", 3, 11, "mismatched input '='");
    check_error("SELECT * FROM", 1, 14, "mismatched input '<EOF>'. Expecting: ");
    check_error("", 1, 1, "mismatched input '<EOF>'. Expecting: '(', 'ANALYZE', 'CREATE', 'DELETE'");
    check_error("   \n  ", 2, 3, "mismatched input '<EOF>'");
    check_error("SELECT 'abc", 1, 8, "Unterminated string literal");
    check_error("SELECT a,\n 'abc\n", 2, 2, "Unterminated string literal");
    check_error("SELECT \"abc", 1, 8, "Unterminated quoted identifier");
    check_error("SELECT \"\" FROM t", 1, 8, "Zero-length delimited identifier not allowed");
    check_error("SELECT a FROM t /* x", 1, 17, "Unterminated comment");
    check_error("SELECT 123abc", 1, 8, "identifiers must not start with a digit");
    check_error("SELECT 1; SELECT 2", 1, 11, "mismatched input 'SELECT'. Expecting: <EOF>");
    check_error("select 1 2", 1, 10, "mismatched input '2'");
    check_error("select a from t where a = b = c", 1, 29, "mismatched input '='");
    check_error("select é", 1, 8, "token recognition error at: 'é'");
    check_error("select a ! b", 1, 10, "token recognition error at: '!'");
    check_error("select x'abc'", 1, 8, "Binary literal must contain an even number of digits");
    check_error("select x'zz'", 1, 8, "Binary literal can only contain hexadecimal digits");
    check_error("select cast(a as) from t", 1, 17, "mismatched input ')'. Expecting: <type>");
    check_error("select from t", 1, 8, "mismatched input 'from'");
    check_error("select select", 1, 8, "mismatched input 'select'");
    check_error("select a from t join u", 1, 23, "mismatched input '<EOF>'");
    check_error("drop tabel t", 1, 6, "mismatched input 'tabel'. Expecting: 'DATABASE', 'INDEX', 'SCHEMA', 'TABLE', 'VIEW'");
    check_error("create table t (a int, b)", 1, 24, "Column 'b' needs a type");
    check_error("create table t", 1, 15, "mismatched input '<EOF>'");
    check_error("create table t (a int) location 'x' location 'y'", 1, 37, "Duplicate clause in CREATE TABLE");
    check_error("create table t (a int) partitioned by (a int, b int, c int, d int, e int) partitioned by (f int)", 1,
                75, "Duplicate clause in CREATE TABLE"); /* fuzzer find: used to overrun an array */
    check_error("select interval '1' week", 1, 21, "mismatched input 'week'");
    check_error("select 1 from t limit x", 1, 23, "mismatched input 'x'");
    check_error("select case end", 1, 13, "mismatched input 'end'");
    check_error("select (1, 2", 1, 13, "mismatched input '<EOF>'");
    check_error("select ((select 1) + ", 1, 22, "mismatched input '<EOF>'");
    check_error("select ((select 1) x)", 1, 20, "mismatched input 'x'");
    check_error("select \x01", 1, 8, "token recognition error at: character 0x01");
    check_error("select 'a\xff'", 1, 8, "Invalid UTF-8 in string literal");
    check_error("select \xff", 1, 8, "Invalid UTF-8 byte 0xFF");
    /* a NUL byte in the middle of the text is just a bad character */
    mn_arena_reset(&A);
    mn_ast_stmt *s = mn_parse_statement(&A, "select 1\0 2", 11, &E);
    CHECK(s == NULL && E.code == MN_ERR_SYNTAX && E.line == 1 && E.column == 9);
    s = mn_parse_statement(&A, NULL, 0, &E);
    CHECK(s == NULL && E.code == MN_ERR_SYNTAX);
    CHECK(mn_parse_statement(&A, "select", 6, NULL) == NULL); /* no error object: still safe */
}

/* ---------- test data ---------- */

static void test_tpch(void) {
    char path[1024];
    int parsed = 0;
    for (int q = 1; q <= 22; q++) {
        snprintf(path, sizeof path, "%s/tpch-sf0.1/queries/q%02d.sql", testdata(), q);
        size_t len;
        char *sql = read_file(path, &len);
        if (!sql) {
            fprintf(stderr, "cannot read %s\n", path);
            CHECK(sql != NULL);
            continue;
        }
        mn_arena_reset(&A);
        mn_ast_stmt *s = mn_parse_statement(&A, sql, len, &E);
        if (!s) fprintf(stderr, "q%02d: %s\n", q, mn_error_format(&E, fmt_buf, sizeof fmt_buf));
        CHECK(s != NULL && s->kind == MN_STMT_QUERY);
        if (s) {
            parsed++;
            CHECK(mn_ast_dump_stmt(&A, s) != NULL);
        }
        /* every prefix must parse or fail cleanly, never crash */
        for (size_t n = 0; n < len; n++) {
            mn_arena_reset(&A);
            s = mn_parse_statement(&A, sql, n, &E);
            if (!s && (E.code != MN_ERR_SYNTAX || E.line < 1 || E.column < 1)) {
                CHECK(!"prefix error without a position");
                break;
            }
        }
        free(sql);
    }
    CHECK(parsed == 22);
}

static bool ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Splits a file with mn_statement_end and parses each non-blank statement; returns the
 * number parsed, counting failures in *failed. */
static int parse_script(const char *sql, size_t len, const char *name, int *failed) {
    int ok = 0;
    size_t off = 0;
    while (off < len) {
        int complete, blank;
        size_t end = off + mn_statement_end(sql + off, len - off, &complete, &blank);
        if (!blank) {
            mn_arena_reset(&A);
            mn_ast_stmt *s = mn_parse_statement(&A, sql + off, end - off, &E);
            if (s) {
                ok++;
                CHECK(mn_ast_dump_stmt(&A, s) != NULL);
            } else {
                (*failed)++;
                fprintf(stderr, "%s: %s\n", name, mn_error_format(&E, fmt_buf, sizeof fmt_buf));
            }
        }
        off = end;
    }
    return ok;
}

static void test_ddl_samples(void) {
    char dir[1024], path[1400];
    snprintf(dir, sizeof dir, "%s/logs/ddl", testdata());
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d) return;
    int ok = 0, failed = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!ends_with(de->d_name, ".sql")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        char *sql = read_file(path, &len);
        CHECK(sql != NULL);
        if (!sql) continue;
        ok += parse_script(sql, len, de->d_name, &failed);
        free(sql);
    }
    closedir(d);
    CHECK(failed == 0);
    CHECK(ok >= 9);

    /* a close look at one of them */
    snprintf(path, sizeof path, "%s/logs/ddl/cloudfront_logs.sql", testdata());
    size_t len;
    char *sql = read_file(path, &len);
    if (sql) {
        mn_arena_reset(&A);
        mn_ast_stmt *s = mn_parse_statement(&A, sql, len, &E);
        CHECK(s && s->kind == MN_STMT_CREATE_TABLE);
        if (s) {
            const mn_create_table *ct = &s->u.create_table;
            CHECK(ct->external && ct->if_not_exists && ct->name.n == 2 && ct->ncolumns == 33);
            CHECK_STR(ct->columns[0].name.name, "date");
            CHECK(ct->columns[0].name.quoted);
            CHECK_STR(ct->columns[0].type_text, "date");
            CHECK_STR(ct->fields_terminated_by, "\t");
            CHECK_STR(ct->location, "s3://CloudFront_bucket_name/");
            CHECK(ct->tblproperties.n == 1);
            CHECK_STR(ct->tblproperties.items[0].key, "skip.header.line.count");
            CHECK_STR(ct->tblproperties.items[0].value, "2");
        }
        free(sql);
    }
    snprintf(path, sizeof path, "%s/logs/ddl/cloudtrail_table.sql", testdata());
    sql = read_file(path, &len);
    if (sql) {
        int complete, blank;
        size_t end = mn_statement_end(sql, len, &complete, &blank);
        mn_arena_reset(&A);
        mn_ast_stmt *s = mn_parse_statement(&A, sql, end, &E);
        CHECK(s && s->kind == MN_STMT_CREATE_TABLE);
        if (s) {
            const mn_create_table *ct = &s->u.create_table;
            CHECK_STR(ct->columns[1].type_text,
                      "struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,"
                      "accesskeyid:string,username:string,sessioncontext:struct<attributes:struct<mfaauthenticated:"
                      "string,creationdate:string>,sessionissuer:struct<type:string,principalid:string,arn:string,"
                      "accountid:string,username:string>,ec2roledelivery:string,webidfederationdata:map<string,"
                      "string>>>");
            CHECK(ct->npartition_columns == 4);
            CHECK_STR(ct->serde, "org.apache.hive.hcatalog.data.JsonSerDe");
            CHECK_STR(ct->input_format, "com.amazon.emr.cloudtrail.CloudTrailInputFormat");
            CHECK_STR(ct->output_format, "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
        }
        free(sql);
    }
}

/* Every statement of the sqllogictest select files. */
static void test_sqllogictest(void) {
    static const char *files[] = {"select1.test", "select2.test", "select3.test"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/sqllogictest/%s", testdata(), files[f]);
        size_t len;
        char *text = read_file(path, &len);
        CHECK(text != NULL);
        if (!text) continue;
        int ok = 0, failed = 0;
        char *p = text, *end = text + len;
        while (p < end) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            char *line_end = nl ? nl : end;
            bool record = (line_end - p >= 9 && strncmp(p, "statement", 9) == 0) ||
                          (line_end - p >= 5 && strncmp(p, "query", 5) == 0);
            p = nl ? nl + 1 : end;
            if (!record) continue;
            char *start = p; /* SQL runs to a blank line or "----" */
            while (p < end && *p != '\n' && strncmp(p, "----", 4) != 0) {
                char *e2 = memchr(p, '\n', (size_t)(end - p));
                p = e2 ? e2 + 1 : end;
            }
            mn_arena_reset(&A);
            mn_ast_stmt *s = mn_parse_statement(&A, start, (size_t)(p - start), &E);
            if (s)
                ok++;
            else {
                failed++;
                if (failed < 5) fprintf(stderr, "%s: %s\n", files[f], mn_error_format(&E, fmt_buf, sizeof fmt_buf));
            }
        }
        CHECK(failed == 0);
        CHECK(ok > 1000);
        free(text);
    }
}

/* ---------- robustness ---------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void check_clean(const char *sql, size_t len, bool expr_mode) {
    mn_arena_reset(&A);
    memset(&E, 0, sizeof E);
    void *r = expr_mode ? (void *)mn_parse_expression(&A, sql, len, &E) : (void *)mn_parse_statement(&A, sql, len, &E);
    if (r) {
        const char *d = expr_mode ? mn_ast_dump_expr(&A, r) : mn_ast_dump_stmt(&A, r);
        if (!d) CHECK(!"dump failed");
        return;
    }
    int lines = 1;
    for (size_t i = 0; i < len; i++) lines += sql[i] == '\n';
    if (E.code != MN_ERR_SYNTAX || E.line < 1 || E.line > lines || E.column < 1 || !E.message[0]) {
        check_failed++;
        fprintf(stderr, "unclean failure (%d %d:%d '%s') for: %.*s\n", E.code, E.line, E.column, E.message,
                (int)(len > 200 ? 200 : len), sql);
    }
}

static void test_mutations(void) {
    static const char *seeds[] = {
        "select a, count(*) from t join u on t.x = u.y where a in (1, 2) and b like 'x%' group by a having "
        "count(*) > 1 order by 2 desc limit 10",
        "with r as (select * from (values (1, 'a')) v(x, y)) select case when x > 1 then 'a' else 'b' end, "
        "cast(y as varchar(10)), transform(array[1], z -> z + 1) from r union all select 1, 2, 3",
        "create external table t (a int, s struct<x:int>) partitioned by (d string) row format delimited "
        "fields terminated by '\\t' location 's3://b/' tblproperties ('a'='b')",
        "create table t with (format = 'PARQUET') as select sum(x) over (partition by y order by z rows between "
        "1 preceding and current row) from t",
        "select ((select 1) + (1)), x[1].y, interval '1' day, date '2020-01-01', ? from t, unnest(a) with "
        "ordinality",
    };
    static const char alphabet[] = "()[],.;'\"`-+*/|<>=!?:\n \t\\0aZ_&\x01\xc3\xa9\xff";
    char buf[512];
    int iterations = 0;
    for (int it = 0; it < 6000; it++) {
        const char *seed = seeds[rng() % (sizeof seeds / sizeof seeds[0])];
        size_t len = strlen(seed);
        memcpy(buf, seed, len);
        int nmut = 1 + (int)(rng() % 4);
        for (int m = 0; m < nmut; m++) {
            size_t at = len ? rng() % len : 0;
            switch (rng() % 4) {
            case 0: /* replace */
                if (len) buf[at] = alphabet[rng() % (sizeof alphabet - 1)];
                break;
            case 1: /* delete */
                if (len) {
                    memmove(buf + at, buf + at + 1, len - at - 1);
                    len--;
                }
                break;
            case 2: /* insert */
                if (len + 1 < sizeof buf) {
                    memmove(buf + at + 1, buf + at, len - at);
                    buf[at] = alphabet[rng() % (sizeof alphabet - 1)];
                    len++;
                }
                break;
            default: /* duplicate a chunk */
            {
                size_t n = 1 + rng() % 16;
                if (at + n <= len && len + n < sizeof buf) {
                    memmove(buf + at + n, buf + at, len - at);
                    len += n;
                }
            }
            }
        }
        check_clean(buf, len, it % 7 == 0);
        int complete, blank;
        size_t e = mn_statement_end(buf, len, &complete, &blank);
        CHECK(e <= len);
        iterations++;
    }
    CHECK(iterations == 6000);
}

static void test_deep_nesting(void) {
    static char buf[300000];
    size_t n;
    /* moderate nesting parses */
    n = (size_t)sprintf(buf, "select ");
    for (int i = 0; i < 100; i++) buf[n++] = '(';
    buf[n++] = '1';
    for (int i = 0; i < 100; i++) buf[n++] = ')';
    CHECK(mn_parse_statement(&A, buf, n, &E) != NULL);
    /* very deep nesting fails cleanly */
    const char *opens[] = {"(", "- ", "not ", "(select ", "f(", "array[", "array(", "case when ", "x in ("};
    for (size_t k = 0; k < sizeof opens / sizeof opens[0]; k++) {
        n = (size_t)sprintf(buf, strcmp(opens[k], "array(") == 0 ? "select cast(x as " : "select ");
        size_t ol = strlen(opens[k]);
        for (int i = 0; i < 20000 && n + ol + 8 < sizeof buf; i++) {
            memcpy(buf + n, opens[k], ol);
            n += ol;
        }
        mn_arena_reset(&A);
        mn_ast_stmt *s = mn_parse_statement(&A, buf, n, &E);
        CHECK(s == NULL && E.code == MN_ERR_SYNTAX);
        if (strstr(E.message, "too deeply nested") == NULL) fprintf(stderr, "deep %s: %s\n", opens[k], E.message);
        CHECK(strstr(E.message, "too deeply nested") != NULL);
    }
    /* long left-deep chains are bounded too (later phases recurse over the tree) */
    n = (size_t)sprintf(buf, "select 1");
    for (int i = 0; i < 1000; i++) n += (size_t)sprintf(buf + n, " + %d", i);
    mn_arena_reset(&A);
    CHECK(mn_parse_statement(&A, buf, n, &E) != NULL);
    for (int i = 0; i < 20000; i++) n += (size_t)sprintf(buf + n, " or x");
    mn_arena_reset(&A);
    CHECK(mn_parse_statement(&A, buf, n, &E) == NULL && strstr(E.message, "too deeply nested"));
    /* a long flat list is fine */
    n = (size_t)sprintf(buf, "select * from t where x in (0");
    for (int i = 1; i < 20000; i++) n += (size_t)sprintf(buf + n, ", %d", i);
    buf[n++] = ')';
    mn_arena_reset(&A);
    CHECK(mn_parse_statement(&A, buf, n, &E) != NULL);
    /* nested subquery-or-expression parentheses stay fast (no exponential backtracking:
     * 2^30 steps would not finish) */
    char *s = malloc(1 << 16), *t = malloc(1 << 16);
    strcpy(s, "1");
    for (int i = 0; i < 30; i++) {
        snprintf(t, 1 << 16, "((select %s) + 1)", s);
        strcpy(s, t);
    }
    n = (size_t)snprintf(buf, sizeof buf, "select %s", s);
    mn_arena_reset(&A);
    CHECK(mn_parse_statement(&A, buf, n, &E) != NULL);
    free(s);
    free(t);
}

int main(void) {
    mn_arena_init(&A, 0);
    test_keywords();
    test_lexer_positions();
    test_lexer_misc();
    test_statement_end();
    test_precedence();
    test_expressions();
    test_queries();
    test_statements();
    test_errors();
    test_tpch();
    test_ddl_samples();
    test_sqllogictest();
    test_mutations();
    test_deep_nesting();
    mn_arena_destroy(&A);
    CHECK_DONE();
}
