#!/usr/bin/env bash
# pushdown.sh BUILD_DIR — predicates pushed down into Parquet scans (=, <, <=, >, >=, BETWEEN,
# IN) skip data and never change answers:
#  - every query is compared with the same query written so that nothing is pushed down
#    (`col + 0`, `col || ''`): the results must be identical;
#  - EXPLAIN ANALYZE must show the skipping expected: row groups pruned by statistics and
#    bloom filters, row groups skipped by dictionaries, pages skipped by the page index, rows
#    skipped by late materialization, and fewer input bytes than without pushdown.
# Data: TPC-H lineitem SF0.1 written by Minerva (pqwrite: 100,000-row row groups, 5,000-row
# pages, with page index and dictionaries) and parquet-testing files with page indexes,
# NULL pages and bloom filters. Ends with "N passed, M failed".
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_ARG=${1:-build}
case "$BUILD_ARG" in
/*) BUILD=$BUILD_ARG ;;
*) BUILD=$ROOT/$BUILD_ARG ;;
esac
BIN=$BUILD/minerva
PQWRITE=$BUILD/tools/pqwrite
TESTDATA=${MINERVA_TESTDATA:-$ROOT/../shared/testdata}
[ -d "$TESTDATA" ] || TESTDATA=/work/shared/testdata
PT=$TESTDATA/parquet-testing/data

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

[ -x "$BIN" ] && [ -x "$PQWRITE" ] || {
    fail "$BIN or $PQWRITE not built"
    finish
}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/minerva-pushdown.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/li"
if ! "$PQWRITE" -c snappy -d '|' -r 100000 -p 5000 "$WORK/li/li.parquet" l_orderkey:bigint l_partkey:bigint \
    l_suppkey:bigint l_linenumber:integer l_quantity:'decimal(15,2)' l_extendedprice:'decimal(15,2)' \
    l_discount:'decimal(15,2)' l_tax:'decimal(15,2)' l_returnflag:varchar l_linestatus:varchar l_shipdate:date \
    l_commitdate:date l_receiptdate:date l_shipinstruct:varchar l_shipmode:varchar l_comment:varchar \
    <"$TESTDATA/tpch-sf0.1/tbl/lineitem.tbl" 2>"$WORK/err"; then
    fail "pqwrite lineitem: $(cat "$WORK/err")"
    finish
fi
HOME_DIR=$WORK/home
"$BIN" --home "$HOME_DIR" --bail -c "CREATE EXTERNAL TABLE li (l_orderkey BIGINT, l_partkey BIGINT,
  l_suppkey BIGINT, l_linenumber INT, l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2),
  l_discount DECIMAL(15,2), l_tax DECIMAL(15,2), l_returnflag STRING, l_linestatus STRING, l_shipdate DATE,
  l_commitdate DATE, l_receiptdate DATE, l_shipinstruct STRING, l_shipmode STRING, l_comment STRING)
  STORED AS PARQUET LOCATION 'file://$WORK/li'" || {
    fail "cannot define the table"
    finish
}

run() { "$BIN" --home "$HOME_DIR" --format csv -c "$1" 2>&1; }

# check NAME PUSHED_SQL UNPUSHED_SQL [EXPECTATION...]: same answers; each expectation is
# "label>=N" or "label=N", label a counter of the pushed query's EXPLAIN ANALYZE ("pruned by
# statistics", "by bloom filters", "by page index", "by dictionaries", "pages read",
# "skipped", "late materialization", "input bytes"); "fewer bytes" compares input bytes.
check() {
    local name=$1 pushed=$2 unpushed=$3
    shift 3
    local a b
    a=$(run "$pushed")
    b=$(run "$unpushed")
    if [ "$a" = "$b" ] && ! echo "$a" | grep -q 'Query failed'; then
        pass
    else
        fail "$name: answers differ"
        echo "  pushed:   $a" | head -5
        echo "  unpushed: $b" | head -5
    fi
    local plan uplan
    plan=$(run "EXPLAIN ANALYZE $pushed")
    counter() { echo "$1" | grep -o "$2: [0-9]*" | head -1 | grep -o '[0-9]*$'; }
    for want in "$@"; do
        if [ "$want" = "fewer bytes" ]; then
            uplan=$(run "EXPLAIN ANALYZE $unpushed")
            local pb ub
            pb=$(counter "$plan" "input bytes")
            ub=$(counter "$uplan" "input bytes")
            if [ -n "$pb" ] && [ -n "$ub" ] && [ "$pb" -lt "$ub" ]; then pass; else fail "$name: input bytes $pb, not fewer than $ub"; fi
            continue
        fi
        local label=${want%%[>=]*} op n got
        op=$(echo "$want" | grep -o '>=\|=' | head -1)
        n=${want##*=}
        got=$(counter "$plan" "$label")
        if [ -z "$got" ]; then
            fail "$name: no counter '$label' in: $plan"
        elif { [ "$op" = ">=" ] && [ "$got" -ge "$n" ]; } || { [ "$op" = "=" ] && [ "$got" -eq "$n" ]; }; then
            pass
        else
            fail "$name: '$label' is $got, want $op $n"
            echo "$plan" | grep ParquetScan
        fi
    done
}

AGG="count(*), sum(l_extendedprice), min(l_comment), max(l_partkey), max(l_shipdate)"
check "orderkey =" "SELECT $AGG FROM li WHERE l_orderkey = 300000" "SELECT $AGG FROM li WHERE l_orderkey + 0 = 300000" \
    "pruned by statistics=6" "skipped>=90" "fewer bytes"
check "orderkey BETWEEN" "SELECT $AGG FROM li WHERE l_orderkey BETWEEN 100000 AND 130000" \
    "SELECT $AGG FROM li WHERE l_orderkey + 0 BETWEEN 100000 AND 130000" "pruned by statistics>=5" "skipped>=20" "fewer bytes"
check "orderkey IN" "SELECT $AGG FROM li WHERE l_orderkey IN (1, 600000, 12345678)" \
    "SELECT $AGG FROM li WHERE l_orderkey + 0 IN (1, 600000, 12345678)" "pruned by statistics=5" "skipped>=90"
check "orderkey >" "SELECT $AGG FROM li WHERE l_orderkey > 599000" "SELECT $AGG FROM li WHERE l_orderkey + 0 > 599000" \
    "pruned by statistics=5"
check "orderkey < and <=" "SELECT $AGG FROM li WHERE l_orderkey < 2000 AND 1500 <= l_orderkey" \
    "SELECT $AGG FROM li WHERE l_orderkey + 0 < 2000 AND 1500 <= l_orderkey + 0" "pruned by statistics=6" \
    "late materialization>=1"
check "shipmode dictionary" "SELECT $AGG FROM li WHERE l_shipmode = 'NOPE'" \
    "SELECT $AGG FROM li WHERE l_shipmode || '' = 'NOPE'" "by dictionaries=7" "pages read=0"
check "shipmode IN dictionary" "SELECT $AGG FROM li WHERE l_shipmode IN ('RAIL', 'TRUCK')" \
    "SELECT $AGG FROM li WHERE l_shipmode || '' IN ('RAIL', 'TRUCK')" "by dictionaries=0"
check "shipdate late materialization" "SELECT $AGG FROM li WHERE l_shipdate >= DATE '1998-11-25'" \
    "SELECT $AGG FROM li WHERE l_shipdate + INTERVAL '0' DAY >= DATE '1998-11-25'" "late materialization>=100000"
check "two columns" "SELECT $AGG FROM li WHERE l_orderkey <= 200000 AND l_shipmode = 'AIR' AND l_quantity >= 49" \
    "SELECT $AGG FROM li WHERE l_orderkey + 0 <= 200000 AND l_shipmode || '' = 'AIR' AND l_quantity + 0 >= 49"
check "comment =" "SELECT $AGG FROM li WHERE l_comment = 'carefully final requests. blithely regular'" \
    "SELECT $AGG FROM li WHERE l_comment || '' = 'carefully final requests. blithely regular'"
check "grouped" "SELECT l_returnflag, count(*), sum(l_quantity) FROM li WHERE l_orderkey >= 450000 GROUP BY 1 ORDER BY 1" \
    "SELECT l_returnflag, count(*), sum(l_quantity) FROM li WHERE l_orderkey + 0 >= 450000 GROUP BY 1 ORDER BY 1"

check "NOT IN (not pushed)" "SELECT $AGG FROM li WHERE l_orderkey NOT IN (1, 2, 3) AND l_orderkey < 100" \
    "SELECT $AGG FROM li WHERE l_orderkey + 0 NOT IN (1, 2, 3) AND l_orderkey + 0 < 100"
check "IN with NULL" "SELECT $AGG FROM li WHERE l_orderkey IN (7, NULL)" "SELECT $AGG FROM li WHERE l_orderkey + 0 IN (7, NULL)"

# a table whose declared types differ from the file's (converted columns are not judged)
mkdir -p "$WORK/tiny"
ln -s "$PT/alltypes_tiny_pages.parquet" "$WORK/tiny/t.parquet"
"$BIN" --home "$HOME_DIR" -c "CREATE EXTERNAL TABLE tiny (id BIGINT, int_col BIGINT, string_col VARCHAR(1), bigint_col BIGINT)
  STORED AS PARQUET LOCATION 'file://$WORK/tiny'" || fail "cannot define tiny"
check "converted columns" "SELECT count(*), sum(bigint_col) FROM tiny WHERE id BETWEEN 1000 AND 1100 AND int_col = 5" \
    "SELECT count(*), sum(bigint_col) FROM tiny WHERE id + 0 BETWEEN 1000 AND 1100 AND int_col + 0 = 5"
check "bounded varchar" "SELECT count(*) FROM tiny WHERE string_col = '5'" "SELECT count(*) FROM tiny WHERE string_col || '' = '5'"

# parquet-testing: tiny pages with a page index (plain and dictionary pages)
for f in alltypes_tiny_pages alltypes_tiny_pages_plain; do
    T="read_parquet('$PT/$f.parquet')"
    A="count(*), sum(id), min(string_col), max(timestamp_col), sum(bigint_col)"
    check "$f id BETWEEN" "SELECT $A FROM $T WHERE id BETWEEN 1000 AND 1100" \
        "SELECT $A FROM $T WHERE id + 0 BETWEEN 1000 AND 1100" "skipped>=100" "fewer bytes"
    check "$f int_col =" "SELECT $A FROM $T WHERE int_col = 5" "SELECT $A FROM $T WHERE int_col + 0 = 5"
    check "$f int_col none" "SELECT $A FROM $T WHERE int_col = 50" "SELECT $A FROM $T WHERE int_col + 0 = 50"
    check "$f string_col IN" "SELECT $A FROM $T WHERE string_col IN ('3', '7')" \
        "SELECT $A FROM $T WHERE string_col || '' IN ('3', '7')"
    check "$f timestamp <" "SELECT $A FROM $T WHERE timestamp_col < TIMESTAMP '2009-02-01 00:00:00'" \
        "SELECT $A FROM $T WHERE timestamp_col + INTERVAL '0' SECOND < TIMESTAMP '2009-02-01 00:00:00'"
    check "$f tinyint IN" "SELECT $A FROM $T WHERE tinyint_col IN (1, 2) AND id < 3000" \
        "SELECT $A FROM $T WHERE tinyint_col + 0 IN (1, 2) AND id + 0 < 3000"
done
# int_col holds 0..9 on every page: only its dictionary shows that no value is in (3, 4)
check "tiny pages dictionary skip" "SELECT count(*) FROM read_parquet('$PT/alltypes_tiny_pages.parquet') WHERE int_col > 3 AND int_col < 4" \
    "SELECT count(*) FROM read_parquet('$PT/alltypes_tiny_pages.parquet') WHERE int_col + 0 > 3 AND int_col + 0 < 4" \
    "pruned by statistics=0" "by dictionaries=1"

# NULL-only pages
T="read_parquet('$PT/int32_with_null_pages.parquet')"
check "null pages >" "SELECT count(*), sum(int32_field) FROM $T WHERE int32_field > 0" \
    "SELECT count(*), sum(int32_field) FROM $T WHERE int32_field + 0 > 0" "skipped>=1"
check "null pages =" "SELECT count(*) FROM $T WHERE int32_field = -654807448" \
    "SELECT count(*) FROM $T WHERE int32_field + 0 = -654807448"

# bloom filters (written by parquet-mr)
for f in data_index_bloom_encoding_stats data_index_bloom_encoding_with_length; do
    T="read_parquet('$PT/$f.parquet')"
    check "$f bloom miss" "SELECT count(*) FROM $T WHERE string = 'hello'" \
        "SELECT count(*) FROM $T WHERE string || '' = 'hello'" "by bloom filters=1"
    check "$f bloom hit" "SELECT count(*) FROM $T WHERE string IN ('Hello', 'zzz')" \
        "SELECT count(*) FROM $T WHERE string || '' IN ('Hello', 'zzz')" "by bloom filters=0"
done

finish
