#!/usr/bin/env bash
# writer_duckdb.sh BUILD_DIR — checks Parquet files written by Minerva (through the pqwrite
# tool) with DuckDB as the reference reader:
#  1. a generated table covering every type (extremes, NULLs, empty strings, NaN, infinities)
#     written with every codec, several row groups and pages, and once with a tiny dictionary
#     limit (dictionary -> PLAIN fallback): DuckDB must read exactly the values it reads from
#     the source text, and every row group's footer statistics must match the data;
#  2. TPC-H lineitem SF0.1 (.tbl -> Parquet): count, sums, min/max, count(DISTINCT l_comment)
#     and a fingerprint of every column must equal DuckDB's answers on the .tbl file;
#  3. the same lineitem copied by CREATE TABLE AS through the engine;
#  4. nested columns (ARRAY, MAP, ROW, nested in each other) written by CTAS and INSERT: DuckDB
#     must print exactly the expected values of a small table (NULL and empty arrays and maps,
#     NULL elements and fields, arrays of rows), and over 80,000 generated rows (several pages,
#     a dictionary overflowing inside a row) figures computed by DuckDB from the file must
#     equal those Minerva computes from the generating query;
#  5. nested columns written by pqwrite from JSON text with small pages and row groups and a
#     dictionary overflow: DuckDB must read the values it makes of the same JSON text.
# Prints both sides of every comparison that fails; ends with "N passed, M failed".
# Needs node and @duckdb/node-api in bench/node_modules (installed on demand with npm).
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_ARG=${1:-build}
case "$BUILD_ARG" in
/*) BUILD=$BUILD_ARG ;;
*) BUILD=$ROOT/$BUILD_ARG ;;
esac
PQWRITE=$BUILD/tools/pqwrite
CHECK="node $ROOT/test/tools/parquet_check.mjs"
TESTDATA=${MINERVA_TESTDATA:-$ROOT/../shared/testdata}
[ -d "$TESTDATA" ] || TESTDATA=/work/shared/testdata
LINEITEM=$TESTDATA/tpch-sf0.1/tbl/lineitem.tbl

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); }
fail() {
    FAILED=$((FAILED + 1))
    echo "FAIL: $*"
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
    exit $?
}

if [ ! -x "$PQWRITE" ]; then
    fail "$PQWRITE not built (make $BUILD_ARG/tools/pqwrite)"
    finish
fi
if ! command -v node >/dev/null; then
    fail "node is not installed"
    finish
fi
if [ ! -d "$ROOT/bench/node_modules/@duckdb/node-api" ] && [ ! -d "$ROOT/test/diff/node_modules/@duckdb/node-api" ]; then
    (cd "$ROOT/bench" && npm install --no-audit --no-fund >/dev/null 2>&1)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/minerva-pqw.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# compare NAME FILE_A FILE_B: identical fingerprints, else both printed
compare() {
    if [ -s "$2" ] && cmp -s "$2" "$3"; then
        pass
    else
        fail "$1: DuckDB reads different values"
        diff "$2" "$3" | head -40
    fi
}

# ---------------------------------------------------------------- 1. every type
# Deterministic rows; "\N" is NULL. Floating point values are exact binary fractions.
awk -v n=5000 'BEGIN {
    for (r = 0; r < n; r++) {
        line = ""
        for (c = 0; c < 15; c++) {
            if ((r + c) % 7 == 3) { f = "\\N" }
            else if (c == 0) { f = (r % 3 == 0) ? "true" : "false" }
            else if (c == 1) { f = (r * 37) % 256 - 128 }
            else if (c == 2) { f = (r * 7919) % 65536 - 32768 }
            else if (c == 3) { f = (r % 50 == 1) ? "-2147483648" : (r % 50 == 2) ? "2147483647" : (r * 2654435761) % 4294967296 - 2147483648 }
            else if (c == 4) {
                if (r % 50 == 1) f = "-9223372036854775808"
                else if (r % 50 == 2) f = "9223372036854775807"
                else f = sprintf("%s%d%012d", (r % 2) ? "-" : "", (r * 12345) % 9223372, (r * 7777777) % 1000000000000)
            }
            else if (c == 5) { f = sprintf("%.3f", ((r * 11) % 2000 - 1000) / 8) }
            else if (c == 6) {
                if (r % 100 == 5) f = "NaN"
                else if (r % 100 == 6) f = "-Infinity"
                else if (r % 100 == 8) f = "Infinity"
                else f = sprintf("%.4f", ((r * 13) % 20000 - 10000) / 16)
            }
            else if (c == 7) { f = (r % 50 == 1) ? "-9999999.99" : sprintf("%s%d.%02d", (r % 3) ? "" : "-", (r * 31) % 10000000, r % 100) }
            else if (c == 8) { f = (r % 50 == 2) ? "99999999999999.9999" : sprintf("%s%d%06d.%04d", (r % 5) ? "" : "-", (r * 97) % 100000000, (r * 7) % 1000000, r % 10000) }
            else if (c == 9) {
                if (r % 50 == 1) f = "-9999999999999999999999999999.9999999999"
                else f = sprintf("%s%d%012d%012d.%010d", (r % 4) ? "" : "-", r % 10000, (r * 999331) % 1000000000000, (r * 7) % 1000000000000, (r * 3) % 10000000000)
            }
            else if (c == 10) {
                if (r % 13 == 0) f = ""
                else if (r % 101 == 7) { f = ""; for (k = 0; k < 30; k++) f = f "long-text" }
                else if (r % 17 == 5) f = sprintf("h\303\251llo-%d", r % 50)
                else f = sprintf("str-%d", (r * 7) % 1000)
            }
            else if (c == 11) { f = sprintf("%05d", (r * 7) % 100000) }
            else if (c == 12) { f = sprintf("%04d-%02d-%02d", 1900 + r % 200, 1 + r % 12, 1 + r % 28) }
            else if (c == 13) { f = sprintf("%04d-%02d-%02d %02d:%02d:%02d.%06d", 1950 + r % 100, 1 + r % 12, 1 + r % 28, r % 24, r % 60, (r * 7) % 60, (r * 7919) % 1000000) }
            else if (c == 14) { f = (r % 4 == 0) ? "AIR" : (r % 4 == 1) ? "MAIL" : (r % 4 == 2) ? "SHIP" : "RAIL" }
            line = (c == 0) ? f : line "|" f
        }
        print line
    }
}' >"$WORK/types.txt"

TYPES_MN=(b:boolean t:tinyint s:smallint i:integer l:bigint r:real d:double d9:'decimal(9,2)' d18:'decimal(18,4)'
    d38:'decimal(38,10)' v:varchar ch:'char(5)' dt:date ts:'timestamp(6)' low:varchar)
TYPES_DUCK=(b:BOOLEAN t:TINYINT s:SMALLINT i:INTEGER l:BIGINT r:FLOAT d:DOUBLE d9:'DECIMAL(9,2)' d18:'DECIMAL(18,4)'
    d38:'DECIMAL(38,10)' v:VARCHAR ch:VARCHAR dt:DATE ts:TIMESTAMP low:VARCHAR)

if $CHECK csv "$WORK/types.txt" '|' "${TYPES_DUCK[@]}" >"$WORK/types.want" 2>"$WORK/err"; then
    pass
else
    fail "DuckDB cannot read the generated text"
    cat "$WORK/err"
    finish
fi

for codec in none snappy gzip zstd lz4 fallback; do
    opts=(-c "$codec" -d '|' -r 1500 -p 400)
    [ "$codec" = fallback ] && opts=(-c snappy -d '|' -r 3000 -p 300 -E 40)
    out=$WORK/types_$codec.parquet
    if ! "$PQWRITE" "${opts[@]}" "$out" "${TYPES_MN[@]}" <"$WORK/types.txt" 2>"$WORK/err"; then
        fail "pqwrite ($codec): $(cat "$WORK/err")"
        continue
    fi
    pass
    if $CHECK parquet "$out" >"$WORK/types_$codec.got" 2>"$WORK/err"; then
        compare "types ($codec)" "$WORK/types.want" "$WORK/types_$codec.got"
    else
        fail "DuckDB cannot read the $codec file: $(cat "$WORK/err")"
    fi
    $CHECK stats "$out" >"$WORK/stats" 2>&1
    if grep -q '^stats: [0-9]* checked, 0 mismatched' "$WORK/stats"; then
        pass
    else
        fail "statistics ($codec)"
        cat "$WORK/stats"
    fi
done

# ---------------------------------------------------------------- 2. TPC-H lineitem
if [ ! -f "$LINEITEM" ]; then
    fail "missing $LINEITEM"
    finish
fi
LI_MN=(l_orderkey:bigint l_partkey:bigint l_suppkey:bigint l_linenumber:integer l_quantity:'decimal(15,2)'
    l_extendedprice:'decimal(15,2)' l_discount:'decimal(15,2)' l_tax:'decimal(15,2)' l_returnflag:varchar
    l_linestatus:varchar l_shipdate:date l_commitdate:date l_receiptdate:date l_shipinstruct:varchar
    l_shipmode:varchar l_comment:varchar)
LI_DUCK=(l_orderkey:BIGINT l_partkey:BIGINT l_suppkey:BIGINT l_linenumber:INTEGER l_quantity:'DECIMAL(15,2)'
    l_extendedprice:'DECIMAL(15,2)' l_discount:'DECIMAL(15,2)' l_tax:'DECIMAL(15,2)' l_returnflag:VARCHAR
    l_linestatus:VARCHAR l_shipdate:DATE l_commitdate:DATE l_receiptdate:DATE l_shipinstruct:VARCHAR
    l_shipmode:VARCHAR l_comment:VARCHAR _end:VARCHAR)
LI=$WORK/lineitem.parquet
if "$PQWRITE" -c snappy -d '|' "$LI" "${LI_MN[@]}" <"$LINEITEM" 2>"$WORK/err"; then
    pass
    echo "lineitem SF0.1 -> Parquet (snappy): $(cat "$WORK/err"), file $(stat -c %s "$LI") bytes"
else
    fail "pqwrite lineitem: $(cat "$WORK/err")"
    finish
fi

$CHECK csv "$LINEITEM" '|' "${LI_DUCK[@]}" >"$WORK/li.want" 2>"$WORK/err" || fail "DuckDB on lineitem.tbl: $(cat "$WORK/err")"
$CHECK parquet "$LI" >"$WORK/li.got" 2>"$WORK/err" || fail "DuckDB on lineitem.parquet: $(cat "$WORK/err")"
compare "lineitem (all columns)" "$WORK/li.want" "$WORK/li.got"

# the figures the TPC-H data is known for, read from DuckDB's output on the Parquet file
field() { sed -n "s/^$1 [^:]*: .*$2=\([^ ]*\).*/\1/p" "$WORK/li.got"; }
expect() { # NAME GOT WANT
    if [ "$2" = "$3" ]; then
        pass
    else
        fail "lineitem $1: parquet gives '$2', want '$3'"
    fi
}
expect "count(*)" "$(sed -n 's/^rows //p' "$WORK/li.got")" 600572
expect "sum(l_quantity)" "$(field l_quantity sum)" 15334802.00
want_price=$(sed -n 's/^l_extendedprice [^:]*: .*sum=\([^ ]*\).*/\1/p' "$WORK/li.want")
expect "sum(l_extendedprice)" "$(field l_extendedprice sum)" "$want_price"
for k in min max; do
    expect "$k(l_shipdate)" "$(field l_shipdate $k)" "$(sed -n "s/^l_shipdate [^:]*: .*$k=\([^ ]*\).*/\1/p" "$WORK/li.want")"
done
expect "count(DISTINCT l_comment)" "$(field l_comment distinct)" \
    "$(sed -n 's/^l_comment [^:]*: .*distinct=\([^ ]*\).*/\1/p' "$WORK/li.want")"
echo "lineitem: rows $(sed -n 's/^rows //p' "$WORK/li.got"), sum(l_quantity) $(field l_quantity sum)," \
    "sum(l_extendedprice) $(field l_extendedprice sum), l_shipdate $(field l_shipdate min)..$(field l_shipdate max)," \
    "distinct l_comment $(field l_comment distinct)"
$CHECK stats "$LI" >"$WORK/stats" 2>&1
if grep -q '^stats: [0-9]* checked, 0 mismatched' "$WORK/stats"; then
    pass
else
    fail "lineitem statistics"
    head -20 "$WORK/stats"
fi


# ---------------------------------------------------------------- 3. CTAS through the engine
# lineitem as an external text table, copied by CREATE TABLE AS into Parquet; DuckDB must
# read from Minerva's file exactly what it reads from the .tbl file.
MINERVA=$BUILD/minerva
if [ -x "$MINERVA" ]; then
    mkdir -p "$WORK/tbl"
    ln -s "$LINEITEM" "$WORK/tbl/lineitem.tbl"
    if "$MINERVA" --home "$WORK/home" --bail -c "
        CREATE EXTERNAL TABLE lineitem (l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT, l_linenumber INT,
          l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), l_tax DECIMAL(15,2),
          l_returnflag STRING, l_linestatus STRING, l_shipdate DATE, l_commitdate DATE, l_receiptdate DATE,
          l_shipinstruct STRING, l_shipmode STRING, l_comment STRING)
          ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 'file://$WORK/tbl';
        CREATE TABLE li_ctas WITH (format = 'PARQUET', write_compression = 'SNAPPY',
          external_location = 'file://$WORK/ctas') AS SELECT * FROM lineitem" >"$WORK/ctas.out" 2>&1; then
        pass
    else
        fail "CTAS lineitem: $(head -5 "$WORK/ctas.out")"
    fi
    CTAS_FILE=$(ls "$WORK"/ctas/*.parquet 2>/dev/null | head -1)
    if [ -n "$CTAS_FILE" ]; then
        $CHECK parquet "$CTAS_FILE" >"$WORK/li.ctas" 2>"$WORK/err" || fail "DuckDB on the CTAS file: $(cat "$WORK/err")"
        compare "lineitem through CTAS (all columns)" "$WORK/li.want" "$WORK/li.ctas"
    else
        fail "CTAS wrote no Parquet file"
    fi
else
    fail "$MINERVA not built"
fi

# ---------------------------------------------------------------- 4. nested columns
# mn_sql NAME SQL: runs SQL in the nested-test home; result rows (no header lines) in $WORK/NAME.out
mn_sql() {
    if "$MINERVA" --home "$WORK/nhome" --bail --format tsv -c "$2" >"$WORK/$1.raw" 2>&1; then
        pass
    else
        fail "$1: $(head -5 "$WORK/$1.raw")"
    fi
    grep -v '^_col0' "$WORK/$1.raw" >"$WORK/$1.out"
}
if [ -x "$MINERVA" ]; then
    mn_sql nested_small "
        CREATE TABLE small WITH (format = 'PARQUET', external_location = 'file://$WORK/small') AS
        SELECT * FROM (VALUES
          (1, ARRAY[1, 2, NULL], MAP(ARRAY['a', 'b'], ARRAY[1, NULL]), CAST(ROW(1, 'x') AS ROW(a int, b varchar)),
              ARRAY[CAST(ROW(1, 'x') AS ROW(a int, b varchar)), NULL], ARRAY[ARRAY[1, 2], ARRAY[], NULL, ARRAY[NULL]]),
          (2, ARRAY[], MAP(), NULL, ARRAY[], ARRAY[]),
          (3, NULL, NULL, CAST(ROW(NULL, NULL) AS ROW(a int, b varchar)), NULL, NULL),
          (4, ARRAY[NULL], MAP(ARRAY['z'], ARRAY[3]), CAST(ROW(5, NULL) AS ROW(a int, b varchar)),
              ARRAY[NULL, CAST(ROW(NULL, 'q') AS ROW(a int, b varchar))], ARRAY[NULL])
        ) v(id, a, m, r, ar, aa);
        INSERT INTO small SELECT 5, ARRAY[7], MAP(ARRAY['k'], ARRAY[NULL]), CAST(ROW(6, 'y') AS ROW(a int, b varchar)),
          ARRAY[CAST(ROW(8, 'z') AS ROW(a int, b varchar))], ARRAY[ARRAY[9]];
        CREATE TABLE deep WITH (format = 'PARQUET', external_location = 'file://$WORK/deep') AS
        SELECT MAP(ARRAY['p', 'q'], ARRAY[CAST(ROW(ARRAY[MAP(ARRAY[1], ARRAY[ARRAY['s', NULL]])], 2.5)
                                             AS ROW(l array(map(integer, array(varchar))), d double)), NULL]) AS x,
               ARRAY[ARRAY[ARRAY[CAST(1 AS tinyint)], ARRAY[]], NULL] AS y,
               CAST(ROW(DATE '2024-02-29', TIMESTAMP '2024-01-02 03:04:05.123456', 12.34, true)
                    AS ROW(d date, t timestamp(6), n decimal(20, 2), b boolean)) AS z"
    cat >"$WORK/small.want" <<'EOF'
1	[1, 2, NULL]	{a=1, b=NULL}	{'a': 1, 'b': x}	[{'a': 1, 'b': x}, NULL]	[[1, 2], [], NULL, [NULL]]
2	[]	{}	NULL	[]	[]
3	NULL	NULL	{'a': NULL, 'b': NULL}	NULL	NULL
4	[NULL]	{z=3}	{'a': 5, 'b': NULL}	[NULL, {'a': NULL, 'b': q}]	[NULL]
5	[7]	{k=NULL}	{'a': 6, 'b': y}	[{'a': 8, 'b': z}]	[[9]]
EOF
    $CHECK query "$WORK/small/*.parquet" "SELECT * FROM t ORDER BY id" >"$WORK/small.got" 2>&1
    compare "nested values (small table)" "$WORK/small.want" "$WORK/small.got"
    cat >"$WORK/deep.want" <<'EOF'
{p={'l': [{1=[s, NULL]}], 'd': 2.5}, q=NULL}	[[[1], []], NULL]	{'d': 2024-02-29, 't': '2024-01-02 03:04:05.123456', 'n': 12.34, 'b': true}
MAP(VARCHAR, STRUCT(l MAP(INTEGER, VARCHAR[])[], d DOUBLE))	TINYINT[][][]	STRUCT(d DATE, t TIMESTAMP, n DECIMAL(20,2), b BOOLEAN)
EOF
    $CHECK query "$WORK/deep/*.parquet" "SELECT * FROM t" "SELECT typeof(x), typeof(y), typeof(z) FROM t" >"$WORK/deep.got" 2>&1
    compare "nested values (deep types)" "$WORK/deep.want" "$WORK/deep.got"

    GEN="SELECT id,
           CASE WHEN id % 7 = 0 THEN NULL ELSE slice(ARRAY[id, NULL, id * 2, id * 3, id * 5], 1, id % 6) END AS s,
           ARRAY['k' || CAST(id % 3 AS varchar), 'v' || CAST(id AS varchar)] AS w,
           CASE WHEN id % 9 = 0 THEN NULL ELSE MAP(ARRAY['a', 'b'], ARRAY[id, CASE WHEN id % 4 = 0 THEN NULL ELSE id + 1 END]) END AS m,
           slice(ARRAY[CAST(ROW(id, CAST(id AS varchar)) AS ROW(a bigint, b varchar)), NULL,
                       CAST(ROW(NULL, 'n') AS ROW(a bigint, b varchar))], 1, id % 4) AS ar,
           CASE WHEN id % 5 = 0 THEN ARRAY[ARRAY[id], ARRAY[], NULL] ELSE ARRAY[ARRAY[id, id + 1]] END AS aa
         FROM (SELECT a * 400 + b AS id FROM UNNEST(sequence(0, 199)) x(a) CROSS JOIN UNNEST(sequence(1, 400)) y(b))"
    # the same figures, Minerva's spelling over the generating query and DuckDB's over the file
    MN_FIG=(
        "SELECT count(*), sum(id), count(s), sum(cardinality(s)), count(m), count(ar), sum(cardinality(ar)), sum(cardinality(aa)) FROM gen"
        "SELECT count(*), count(e), sum(e), sum(e * id), sum(e * o) FROM gen CROSS JOIN UNNEST(s) WITH ORDINALITY AS u(e, o)"
        "SELECT count(*), count(DISTINCT e), sum(length(e)), sum(o * length(e)) FROM gen CROSS JOIN UNNEST(w) WITH ORDINALITY AS u(e, o)"
        "SELECT count(*), count(v), sum(v), sum(length(k) * id), sum(v * id) FROM gen CROSS JOIN UNNEST(m) AS u(k, v)"
        "SELECT count(*), count(a), sum(a), count(b), sum(length(b) * id) FROM gen CROSS JOIN UNNEST(ar) AS u(a, b)"
        "SELECT count(*), count(e), sum(e), sum(e * id) FROM gen CROSS JOIN UNNEST(flatten(aa)) AS u(e)")
    DUCK_FIG=(
        "SELECT count(*), sum(id), count(s), sum(len(s)), count(m), count(ar), sum(len(ar)), sum(len(aa)) FROM t"
        "SELECT count(*), count(e), sum(e), sum(e * id), sum(e * o) FROM (SELECT id, unnest(s) AS e, generate_subscripts(s, 1) AS o FROM t)"
        "SELECT count(*), count(DISTINCT e), sum(length(e)), sum(o * length(e)) FROM (SELECT unnest(w) AS e, generate_subscripts(w, 1) AS o FROM t)"
        "SELECT count(*), count(v), sum(v), sum(length(k) * id), sum(v * id) FROM (SELECT id, unnest(map_keys(m)) AS k, unnest(map_values(m)) AS v FROM t)"
        "SELECT count(*), count(e.a), sum(e.a), count(e.b), sum(length(e.b) * id) FROM (SELECT id, unnest(ar) AS e FROM t)"
        "SELECT count(*), count(e), sum(e), sum(e * id) FROM (SELECT id, unnest(flatten(aa)) AS e FROM t)")
    q="CREATE VIEW gen AS $GEN; CREATE TABLE gen_pq WITH (format = 'PARQUET', external_location = 'file://$WORK/gen') AS SELECT * FROM gen"
    for f in "${MN_FIG[@]}"; do q="$q; $f"; done
    mn_sql nested_gen "$q"
    $CHECK query "$WORK/gen/*.parquet" "${DUCK_FIG[@]}" >"$WORK/gen.got" 2>&1
    [ -n "${KEEP_NESTED_OUT:-}" ] && cat "$WORK/nested_gen.out"
    compare "nested values (80,000 generated rows)" "$WORK/nested_gen.out" "$WORK/gen.got"
fi

# ---------------------------------------------------------------- 5. nested columns, small pages
# pqwrite with JSON text for nested columns: several row groups and pages per leaf and a
# dictionary overflowing mid-chunk; DuckDB must read what it makes of the same JSON text.
awk -v n=5000 'BEGIN {
    for (r = 0; r < n; r++) {
        if (r % 11 == 0) a = "\\N"
        else { a = "["; for (k = 0; k < r % 5; k++) a = a (k ? "," : "") ((r + k) % 7 == 3 ? "null" : r * 10 + k); a = a "]" }
        if (r % 13 == 0) m = "null"
        else if (r % 4 == 0) m = "{}"
        else m = sprintf("{\"k%d\":[%d,null],\"z\":[]}", r % 3, r)
        if (r % 9 == 0) w = "null"
        else w = sprintf("{\"s\":\"str%d\",\"l\":[{\"p\":%d,\"q\":null},null,{\"p\":null,\"q\":\"q%d\"}]}", r % 100, r, r % 17)
        # each row group: repeated values first (the dictionary pays), then distinct ones that
        # overflow it inside a row (the second element)
        aa = sprintf("[[\"w%d\",\"v%d\"],[],null%s]", r % 5, r % 1200 < 600 ? r % 10 : r, r % 3 ? ",[null]" : "")
        print r "|" a "|" m "|" w "|" aa
    }
}' >"$WORK/nested.txt"
NESTED_MN=(id:integer 'a:array(bigint)' 'm:map(varchar,array(integer))'
    'w:row(s varchar, l array(row(p integer, q varchar)))' 'aa:array(array(varchar))')
NESTED_WANT="SELECT id, a::JSON::BIGINT[] AS a, m::JSON::MAP(VARCHAR, INTEGER[]) AS m,
    w::JSON::STRUCT(s VARCHAR, l STRUCT(p INTEGER, q VARCHAR)[]) AS w, aa::JSON::VARCHAR[][] AS aa
  FROM read_csv('$WORK/nested.txt', delim = '|', header = false, quote = '', escape = '', nullstr = '\\N',
    columns = {'id': 'INTEGER', 'a': 'VARCHAR', 'm': 'VARCHAR', 'w': 'VARCHAR', 'aa': 'VARCHAR'}) ORDER BY id"
for codec in snappy zstd; do
    out=$WORK/nested_$codec.parquet
    if "$PQWRITE" -c "$codec" -d '|' -r 1200 -p 100 -E 300 "$out" "${NESTED_MN[@]}" <"$WORK/nested.txt" 2>"$WORK/err"; then
        pass
    else
        fail "pqwrite nested ($codec): $(cat "$WORK/err")"
        continue
    fi
    $CHECK query "$out" "$NESTED_WANT" >"$WORK/nested.want" 2>&1
    $CHECK query "$out" "SELECT * FROM t ORDER BY id" >"$WORK/nested_$codec.got" 2>&1
    [ "$(wc -l <"$WORK/nested.want")" -eq 5000 ] || fail "nested: DuckDB read $(wc -l <"$WORK/nested.want") rows of the text"
    compare "nested values, small pages and row groups ($codec)" "$WORK/nested.want" "$WORK/nested_$codec.got"
done

finish
