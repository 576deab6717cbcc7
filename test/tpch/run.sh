#!/usr/bin/env bash
# test/tpch/run.sh BUILD_DIR — TPC-H SF0.1 checks: defines the 8 tables as Hive
# external tables over the shared .tbl files (symlinked into a temp folder per
# table), runs each query with `minerva --format csv` and compares the output with
# the expected answer using csvdiff. One query = one check.
# TPCH_QUERIES="01 03 ..." or "all" chooses the queries; TPCH_ANALYZE=1 runs ANALYZE
# on every table before the queries; MINERVA_TESTDATA
# overrides the shared test data folder (default: <repo>/../shared/testdata).
# Ends with "N passed, M failed"; exit status 1 if any query failed.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/../.." && pwd))
BUILD_ARG=${1:-build/asan}
case "$BUILD_ARG" in
/*) BUILD=$BUILD_ARG ;;
*) BUILD=$ROOT/$BUILD_ARG ;;
esac
MINERVA=$BUILD/minerva
CSVDIFF=$BUILD/tools/csvdiff
DATA=${MINERVA_TESTDATA:-$ROOT/../shared/testdata}/tpch-sf0.1
QUERY_TIMEOUT=${TPCH_TIMEOUT:-600}

QUERIES=${TPCH_QUERIES:-all}
if [ "$QUERIES" = all ]; then
    QUERIES=$(seq -w 1 22 | tr '\n' ' ')
fi
nq=$(echo $QUERIES | wc -w)

finish() {
    echo "$1 passed, $2 failed"
    [ "$2" -eq 0 ]
    exit $?
}

for f in "$MINERVA" "$CSVDIFF"; do
    if [ ! -x "$f" ]; then
        echo "tpch: $f is not built"
        finish 0 "$nq"
    fi
done
if [ ! -d "$DATA/tbl" ]; then
    echo "tpch: test data not found at $DATA"
    finish 0 "$nq"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/minerva-tpch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/data" "$WORK/out"
TABLES="nation region part supplier partsupp customer orders lineitem"
# TPCH_FORMAT=parquet reads the Parquet copies (written by DuckDB) instead of the .tbl files
FORMAT=${TPCH_FORMAT:-text}
for t in $TABLES; do
    mkdir -p "$WORK/data/$t"
    if [ "$FORMAT" = parquet ]; then
        ln -s "$DATA/parquet/$t.parquet" "$WORK/data/$t/$t.parquet"
    else
        ln -s "$DATA/tbl/$t.tbl" "$WORK/data/$t/$t.tbl"
    fi
done

# Hive DDL: keys BIGINT (nation/region keys INT), money and quantities
# DECIMAL(15,2), dates DATE, other integers INT, the rest STRING.
loc() { echo "LOCATION 'file://$WORK/data/$1'"; }
FMT="ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' STORED AS TEXTFILE"
[ "$FORMAT" = parquet ] && FMT="STORED AS PARQUET"
cat >"$WORK/ddl.sql" <<EOF
CREATE EXTERNAL TABLE nation (n_nationkey INT, n_name STRING, n_regionkey INT, n_comment STRING)
$FMT $(loc nation);
CREATE EXTERNAL TABLE region (r_regionkey INT, r_name STRING, r_comment STRING)
$FMT $(loc region);
CREATE EXTERNAL TABLE part (p_partkey BIGINT, p_name STRING, p_mfgr STRING, p_brand STRING,
  p_type STRING, p_size INT, p_container STRING, p_retailprice DECIMAL(15,2), p_comment STRING)
$FMT $(loc part);
CREATE EXTERNAL TABLE supplier (s_suppkey BIGINT, s_name STRING, s_address STRING, s_nationkey INT,
  s_phone STRING, s_acctbal DECIMAL(15,2), s_comment STRING)
$FMT $(loc supplier);
CREATE EXTERNAL TABLE partsupp (ps_partkey BIGINT, ps_suppkey BIGINT, ps_availqty INT,
  ps_supplycost DECIMAL(15,2), ps_comment STRING)
$FMT $(loc partsupp);
CREATE EXTERNAL TABLE customer (c_custkey BIGINT, c_name STRING, c_address STRING, c_nationkey INT,
  c_phone STRING, c_acctbal DECIMAL(15,2), c_mktsegment STRING, c_comment STRING)
$FMT $(loc customer);
CREATE EXTERNAL TABLE orders (o_orderkey BIGINT, o_custkey BIGINT, o_orderstatus STRING,
  o_totalprice DECIMAL(15,2), o_orderdate DATE, o_orderpriority STRING, o_clerk STRING,
  o_shippriority INT, o_comment STRING)
$FMT $(loc orders);
CREATE EXTERNAL TABLE lineitem (l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT,
  l_linenumber INT, l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2),
  l_discount DECIMAL(15,2), l_tax DECIMAL(15,2), l_returnflag STRING, l_linestatus STRING,
  l_shipdate DATE, l_commitdate DATE, l_receiptdate DATE, l_shipinstruct STRING,
  l_shipmode STRING, l_comment STRING)
$FMT $(loc lineitem);
EOF
# TPCH_ANALYZE=1 gathers column statistics first, so the planner's estimates use them
if [ "${TPCH_ANALYZE:-0}" = 1 ]; then
    for t in $TABLES; do echo "ANALYZE $t;" >>"$WORK/ddl.sql"; done
fi

HOME_DIR=$WORK/home
sanitizer_report() { grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$1"; }

if ! timeout "$QUERY_TIMEOUT" "$MINERVA" --home "$HOME_DIR" --bail -f "$WORK/ddl.sql" \
    >"$WORK/ddl.out" 2>"$WORK/ddl.err" </dev/null || sanitizer_report "$WORK/ddl.err"; then
    echo "tpch: creating the tables failed:"
    head -n 40 "$WORK/ddl.err"
    finish 0 "$nq"
fi

passed=0
failed=0
for q in $QUERIES; do
    q=$(printf '%02d' "$((10#$q))")
    sql=$DATA/queries/q$q.sql
    ans=$DATA/answers/q$q.csv
    out=$WORK/out/q$q.csv
    err=$WORK/out/q$q.err
    if [ ! -f "$sql" ] || [ ! -f "$ans" ]; then
        echo "q$q: FAILED: no such query or answer"
        failed=$((failed + 1))
        continue
    fi
    start=$(date +%s.%N)
    timeout "$QUERY_TIMEOUT" "$MINERVA" --home "$HOME_DIR" --format csv -f "$sql" >"$out" 2>"$err" </dev/null
    rc=$?
    secs=$(echo "$start $(date +%s.%N)" | awk '{printf "%.2f", $2 - $1}')
    if [ "$rc" -ne 0 ] || sanitizer_report "$err"; then
        if [ "$rc" -eq 124 ]; then
            echo "q$q: FAILED: timed out after ${QUERY_TIMEOUT}s"
        else
            echo "q$q: FAILED: exit status $rc (${secs} s)"
        fi
        head -n 30 "$err"
        failed=$((failed + 1))
    elif "$CSVDIFF" "$out" "$ans" >"$WORK/out/q$q.diff" 2>&1; then
        echo "q$q: ok (${secs} s)"
        passed=$((passed + 1))
    else
        echo "q$q: FAILED: wrong result (${secs} s)"
        head -n 15 "$WORK/out/q$q.diff"
        failed=$((failed + 1))
    fi
done
finish "$passed" "$failed"
